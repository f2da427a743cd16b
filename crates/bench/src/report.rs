//! The harness's results: a table for people and the same figures as JSON for tools
//! (and for `docs/BENCHMARKS.md`). A figure may carry the target it is held to; whether it
//! meets it is printed, never asserted: timing belongs in reports, not in tests.

use std::fmt::Write as _;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Every figure of one run, with the machine it ran on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub machine: Machine,
    /// `smoke` (tiny sizes, for CI) or `full`.
    pub size: String,
    pub sections: Vec<Section>,
}

/// One part of the harness (ingest, inbox, ...).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    /// What was measured and how (sizes, concurrency), in one line.
    pub setup: String,
    pub figures: Vec<Figure>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    /// `ms`, `µs`, `/s`, `MiB`, `x`, `count`.
    pub unit: String,
    pub target: Option<Target>,
}

/// The bound a figure is held to, e.g. p95 <= 5 ms or rate >= 5,000/s.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    AtMost(f64),
    AtLeast(f64),
}

impl Target {
    pub fn met_by(self, value: f64) -> bool {
        match self {
            Self::AtMost(bound) => value <= bound,
            Self::AtLeast(bound) => value >= bound,
        }
    }
}

impl Section {
    pub fn new(title: impl Into<String>, setup: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            setup: setup.into(),
            figures: Vec::new(),
        }
    }

    pub fn figure(&mut self, name: impl Into<String>, value: f64, unit: &str) -> &mut Self {
        self.figures.push(Figure {
            name: name.into(),
            value,
            unit: unit.to_owned(),
            target: None,
        });
        self
    }

    pub fn checked(
        &mut self,
        name: impl Into<String>,
        value: f64,
        unit: &str,
        target: Target,
    ) -> &mut Self {
        self.figures.push(Figure {
            name: name.into(),
            value,
            unit: unit.to_owned(),
            target: Some(target),
        });
        self
    }

    /// p50 and p95 of `samples` in milliseconds, the p95 held to `p95_at_most_ms`.
    pub fn latencies(
        &mut self,
        name: &str,
        samples: &mut [Duration],
        p95_at_most_ms: Option<f64>,
    ) -> &mut Self {
        let p50 = percentile(samples, 50.0);
        let p95 = percentile(samples, 95.0);
        self.figure(format!("{name} p50"), ms(p50), "ms");
        match p95_at_most_ms {
            Some(bound) => {
                self.checked(format!("{name} p95"), ms(p95), "ms", Target::AtMost(bound))
            }
            None => self.figure(format!("{name} p95"), ms(p95), "ms"),
        }
    }
}

/// The `pct`th percentile (nearest rank) of `samples`; zero for no samples.
pub fn percentile(samples: &mut [Duration], pct: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort_unstable();
    let rank = ((pct / 100.0) * samples.len() as f64).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// What the figures were measured on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub os: String,
}

impl Machine {
    pub fn this() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .and_then(|l| l.split_once(':'))
            .map_or_else(
                || std::env::consts::ARCH.to_owned(),
                |(_, v)| v.trim().to_owned(),
            );
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_kib: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        let os = std::fs::read_to_string("/etc/os-release")
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
            .map_or_else(
                || std::env::consts::OS.to_owned(),
                |v| v.trim_matches('"').to_owned(),
            );
        Self {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            memory_gib: (memory_kib / 1_048_576.0 * 10.0).round() / 10.0,
            os,
        }
    }
}

impl Report {
    /// The table printed at the end of a run (Markdown, so it can go in BENCHMARKS.md).
    pub fn table(&self) -> String {
        let mut out = String::new();
        let m = &self.machine;
        let _ = writeln!(
            out,
            "Machine: {} ({} cores, {} GiB), {}. Size: {}.\n",
            m.cpu, m.cores, m.memory_gib, m.os, self.size
        );
        for section in &self.sections {
            let _ = writeln!(out, "### {}\n\n{}\n", section.title, section.setup);
            let _ = writeln!(out, "| Figure | Value | Target | |\n|---|---:|---|---|");
            for f in &section.figures {
                let (target, verdict) = match f.target {
                    Some(t) => (
                        target_text(t, &f.unit),
                        if t.met_by(f.value) { "met" } else { "MISSED" },
                    ),
                    None => (String::new(), ""),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} {} | {} | {} |",
                    f.name,
                    number(f.value),
                    f.unit,
                    target,
                    verdict
                );
            }
            out.push('\n');
        }
        out
    }
}

fn target_text(target: Target, unit: &str) -> String {
    match target {
        Target::AtMost(v) => format!("≤ {} {unit}", number(v)),
        Target::AtLeast(v) => format!("≥ {} {unit}", number(v)),
    }
}

/// Three significant figures at most, thousands separated, as people read them.
fn number(value: f64) -> String {
    if value.abs() >= 1_000.0 {
        let whole = value.round() as i64;
        let digits = whole.abs().to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if whole < 0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let mut samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&mut samples, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&mut samples, 95.0), Duration::from_millis(95));
        assert_eq!(percentile(&mut samples, 100.0), Duration::from_millis(100));
        assert_eq!(percentile(&mut [], 95.0), Duration::ZERO);
    }

    #[test]
    fn numbers_are_printed_as_people_read_them() {
        assert_eq!(number(12_345.6), "12,346");
        assert_eq!(number(-1_000.0), "-1,000");
        assert_eq!(number(123.4), "123");
        assert_eq!(number(12.34), "12.3");
        assert_eq!(number(0.0243), "0.02");
    }

    #[test]
    fn the_table_says_which_targets_were_missed() {
        let mut section = Section::new("Inbox", "tiny");
        section
            .checked("list p95", 7.0, "ms", Target::AtMost(5.0))
            .checked("rate", 6_000.0, "/s", Target::AtLeast(5_000.0));
        let report = Report {
            machine: Machine::this(),
            size: "smoke".to_owned(),
            sections: vec![section],
        };
        let table = report.table();
        assert!(
            table.contains("| list p95 | 7.00 ms | ≤ 5.00 ms | MISSED |"),
            "{table}"
        );
        assert!(
            table.contains("| rate | 6,000 /s | ≥ 5,000 /s | met |"),
            "{table}"
        );
    }
}
