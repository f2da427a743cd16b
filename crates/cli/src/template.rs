//! `parley template lint FILE.json...`: Meta's template JSON checked like source code, for
//! teams that keep their templates in git. Exit 0 when clean (warnings allowed), 1 when any
//! template has an error, 2 when a file cannot be read or is not template JSON.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use parley_core::template::{
    Diagnostic, TemplateDefinition, TemplateFileEntry, lint, parse_template_file,
};
use serde::Serialize;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: TemplateCommand,
}

#[derive(clap::Subcommand)]
enum TemplateCommand {
    /// Check template JSON files against Meta's rules and print every problem.
    ///
    /// A file holds one template (the body of POST /{waba_id}/message_templates), a JSON
    /// array of templates, or the {"data": [...]} list Meta's GET returns. Templates whose
    /// `status` is APPROVED only get warnings.
    Lint(LintArgs),
}

#[derive(clap::Args)]
struct LintArgs {
    /// Template JSON files.
    #[arg(required = true, value_name = "FILE.json")]
    files: Vec<PathBuf>,
    /// `text` prints compiler-style lines; `json` an array of {file, template, language, diagnostics}.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

const EXIT_ERRORS_FOUND: u8 = 1;
const EXIT_UNREADABLE: u8 = 2;

#[derive(Debug, thiserror::Error)]
enum TemplateFileError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: {source}")]
    Parse {
        file: String,
        source: parley_core::template::TemplateFileError,
    },
}

struct LintedTemplate {
    template: TemplateDefinition,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    file: String,
    template: &'a str,
    language: &'a str,
    diagnostics: &'a [Diagnostic],
}

pub fn run(args: Args) -> ExitCode {
    match args.command {
        TemplateCommand::Lint(args) => run_lint(&args),
    }
}

fn run_lint(args: &LintArgs) -> ExitCode {
    let mut unreadable = false;
    let mut any_error = false;
    let mut text = String::new();
    let mut reports: Vec<(String, Vec<LintedTemplate>)> = Vec::new();
    for path in &args.files {
        match read_templates(path) {
            Ok(templates) => {
                let linted: Vec<LintedTemplate> = templates
                    .into_iter()
                    .map(|TemplateFileEntry { template, status }| LintedTemplate {
                        diagnostics: lint(&template, status),
                        template,
                    })
                    .collect();
                any_error |= linted
                    .iter()
                    .any(|t| t.diagnostics.iter().any(Diagnostic::is_error));
                reports.push((path.display().to_string(), linted));
            }
            Err(error) => {
                unreadable = true;
                eprintln!("parley: {error}");
            }
        }
    }
    match args.format {
        OutputFormat::Text => {
            let (mut errors, mut warnings, mut templates) = (0, 0, 0);
            for (file, linted) in &reports {
                let several = linted.len() > 1;
                for entry in linted {
                    templates += 1;
                    for diagnostic in &entry.diagnostics {
                        if diagnostic.is_error() {
                            errors += 1;
                        } else {
                            warnings += 1;
                        }
                        write_diagnostic(&mut text, file, several, entry, diagnostic);
                    }
                }
            }
            let _ = writeln!(
                text,
                "{errors} {}, {warnings} {} in {templates} {}",
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings"),
                plural(templates, "template", "templates"),
            );
            print!("{text}");
        }
        OutputFormat::Json => {
            let json: Vec<JsonReport<'_>> = reports
                .iter()
                .flat_map(|(file, linted)| {
                    linted.iter().map(move |entry| JsonReport {
                        file: file.clone(),
                        template: &entry.template.name,
                        language: &entry.template.language,
                        diagnostics: &entry.diagnostics,
                    })
                })
                .collect();
            match serde_json::to_string_pretty(&json) {
                Ok(out) => println!("{out}"),
                Err(error) => {
                    eprintln!("parley: cannot write the report: {error}");
                    return ExitCode::from(EXIT_UNREADABLE);
                }
            }
        }
    }
    if unreadable {
        ExitCode::from(EXIT_UNREADABLE)
    } else if any_error {
        ExitCode::from(EXIT_ERRORS_FOUND)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

/// The templates of one file, each with its status at Meta when the file says so.
fn read_templates(path: &Path) -> Result<Vec<TemplateFileEntry>, TemplateFileError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| TemplateFileError::Read {
        file: file.clone(),
        source,
    })?;
    parse_template_file(&bytes).map_err(|source| TemplateFileError::Parse { file, source })
}

/// `file: body:1:24: error[body.ends_with_parameter]: message` and an indented fix line.
fn write_diagnostic(
    out: &mut String,
    file: &str,
    several: bool,
    entry: &LintedTemplate,
    diagnostic: &Diagnostic,
) {
    let _ = write!(out, "{file}: ");
    if several {
        let _ = write!(
            out,
            "{} ({}): ",
            entry.template.name, entry.template.language
        );
    }
    let location = &diagnostic.location;
    let component = serde_json::to_value(location.component)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let _ = write!(out, "{component}");
    if let Some(index) = location.button {
        let _ = write!(out, "[{index}]");
    }
    if let Some(field) = location
        .field
        .as_deref()
        .filter(|f| *f != "text" || location.button.is_some())
    {
        let _ = write!(out, ".{field}");
    }
    let position = diagnostic
        .span
        .zip(location.text_in(&entry.template))
        .map(|(span, text)| line_and_column(text, span.start));
    if let Some((line, column)) = position {
        let _ = write!(out, ":{line}:{column}");
    }
    let severity = if diagnostic.is_error() {
        "error"
    } else {
        "warning"
    };
    let _ = writeln!(
        out,
        ": {severity}[{}]: {}",
        diagnostic.rule, diagnostic.message
    );
    if let Some(fix) = &diagnostic.fix {
        let _ = writeln!(out, "    fix: {fix}");
    }
}

/// 1-based line and column (in characters) of a UTF-16 offset.
fn line_and_column(text: &str, utf16_offset: u32) -> (usize, usize) {
    let (mut line, mut column, mut units) = (1, 1, 0u32);
    for c in text.chars() {
        if units >= utf16_offset {
            break;
        }
        units += u32::try_from(c.len_utf16()).unwrap_or(2);
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::line_and_column;

    #[test]
    fn line_and_column_count_characters_across_lines() {
        assert_eq!(line_and_column("abc", 0), (1, 1));
        assert_eq!(line_and_column("abc", 2), (1, 3));
        assert_eq!(line_and_column("ab\ncd", 4), (2, 2));
        // The emoji is two UTF-16 units but one column.
        assert_eq!(line_and_column("😀x{{1}}", 3), (1, 3));
    }
}
