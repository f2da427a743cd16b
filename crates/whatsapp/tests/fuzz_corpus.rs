//! The fuzz corpus as a plain test, so stable CI keeps what fuzzing taught us without
//! a fuzzer: `webhook::parse` returns (a delivery or an error) and never panics on
//! every file under `fuzz/corpus/*/`, and on a few thousand deterministic mutations of
//! them: byte flips, truncations, duplications, deletions, digits swapped for signs,
//! huge numbers or quotes; and, inside the JSON, values replaced by values of the wrong
//! type, keys removed, array elements repeated, values wrapped in arrays.
//!
//! The mutations come from a small seeded PRNG, so with the same corpus files a failure
//! names an input that the next run produces again (the report prints it too).

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use parley_whatsapp::webhook;
use serde_json::Value;

/// Fixed, so every run tries the same inputs and a failure reproduces.
const PRNG_SEED: u64 = 0x5eed_f00d_cafe_d00d;
/// Mutants in all, shared among the corpus files: a few thousand keeps the test to
/// seconds however much a local fuzzing run has grown the corpus.
const MUTANTS_IN_ALL: usize = 4_000;
/// Share (in percent) of the mutants of deliveries that must still parse as deliveries:
/// far fewer means the mutations no longer get past JSON syntax and prove little.
const MIN_PERCENT_STILL_DELIVERIES: usize = 20;

/// SplitMix64: tiny, good enough to spread mutations, and needs no dependency.
struct Prng(u64);

impl Prng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform enough in `0..bound`; `bound` must not be 0.
    fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Text that, dropped where a digit or quote was, makes numbers and strings awkward.
const REPLACEMENTS: &[&str] = &[
    "-",
    "+",
    "-0",
    "9",
    "99999999999999999999999999999",
    "-9223372036854775809",
    "18446744073709551616",
    "1e400",
    "-1e-400",
    ".5",
    "\"",
    "'",
    "\\",
    "\\u",
    "\\ud800",
    "\\uDFFF\\uD800",
    "",
    "null",
    "[",
    "{",
    "}",
    "]",
    ",",
    ":",
    "\u{0}",
];

/// Values of the wrong type (or of absurd size) to put where the parser expects others.
fn wrong_value(rng: &mut Prng) -> Value {
    match rng.below(10) {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => Value::from(i64::MIN),
        3 => Value::from(u64::MAX),
        4 => Value::from(-1.5e300),
        5 => Value::from(""),
        6 => Value::from("  -0012  "),
        7 => Value::Array(vec![Value::Null, Value::from(7)]),
        8 => serde_json::json!({"id": 1, "body": [], "timestamp": {"nested": true}}),
        _ => {
            // Nesting past serde_json's recursion limit (128) from inside a delivery.
            let mut deep = Value::from(1);
            for _ in 0..200 {
                deep = Value::Array(vec![deep]);
            }
            deep
        }
    }
}

/// The node of `value` numbered `n` in pre-order, if there are that many.
fn nth_node<'a>(value: &'a mut Value, n: &mut usize) -> Option<&'a mut Value> {
    if *n == 0 {
        return Some(value);
    }
    *n -= 1;
    match value {
        Value::Array(items) => items.iter_mut().find_map(|item| nth_node(item, n)),
        Value::Object(fields) => fields.values_mut().find_map(|field| nth_node(field, n)),
        _ => None,
    }
}

/// Changes one node of a JSON document, keeping it valid JSON so the parser gets past
/// syntax and meets a delivery of a shape it did not expect.
fn mutate_value(value: &mut Value, rng: &mut Prng) -> String {
    let mut n = rng.below(count_nodes(value));
    let chosen = n;
    let Some(node) = nth_node(value, &mut n) else {
        return "no node".to_owned();
    };
    match (rng.below(4), node) {
        (1, Value::Object(fields)) if !fields.is_empty() => {
            let key = fields.keys().nth(rng.below(fields.len())).cloned();
            let key = key.expect("an index below the length");
            fields.remove(&key);
            format!("remove key {key:?} of JSON node {chosen}")
        }
        (2, Value::Array(items)) if !items.is_empty() => {
            let copy = items[rng.below(items.len())].clone();
            items.push(copy);
            format!("repeat an element of JSON array {chosen}")
        }
        (3, node) => {
            *node = Value::Array(vec![node.take()]);
            format!("wrap JSON node {chosen} in an array")
        }
        (_, node) => {
            *node = wrong_value(rng);
            format!("replace JSON node {chosen} with a wrong-typed value")
        }
    }
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(fields) => fields.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// One mutation of `input`, and a short name for it in failure reports.
fn mutate(input: &[u8], rng: &mut Prng) -> (Vec<u8>, String) {
    let mut out = input.to_vec();
    if out.is_empty() {
        return (b"{".to_vec(), "empty -> {".to_owned());
    }
    let at = rng.below(out.len());
    // Half byte-level edits, which mostly test the JSON layer, half edits of the JSON
    // value, which reach the delivery's fields.
    let description = match rng.below(14) {
        0 => {
            let bit = rng.below(8);
            out[at] ^= 1 << bit;
            format!("flip bit {bit} of byte {at}")
        }
        1 => {
            out.truncate(at);
            format!("truncate to {at} bytes")
        }
        2 => {
            let end = (at + 1 + rng.below(64)).min(out.len());
            let slice = out[at..end].to_vec();
            out.splice(at..at, slice);
            format!("duplicate bytes {at}..{end}")
        }
        3 => {
            let end = (at + 1 + rng.below(16)).min(out.len());
            out.drain(at..end);
            format!("delete bytes {at}..{end}")
        }
        4 => replace_matching(&mut out, rng, |b| b.is_ascii_digit(), "digit"),
        5 => replace_matching(&mut out, rng, |b| b == b'"', "quote"),
        6 => replace_matching(&mut out, rng, |b| b"-+.eE".contains(&b), "sign"),
        _ => match serde_json::from_slice::<Value>(input) {
            Ok(mut value) => {
                let description = mutate_value(&mut value, rng);
                out = serde_json::to_vec(&value).expect("a Value serialises");
                description
            }
            Err(_) => {
                out.insert(at, b'{');
                format!("insert {{ at {at}")
            }
        },
    };
    (out, description)
}

/// Replaces one byte for which `matches` holds (or a random byte, if none does) with
/// one of the awkward `REPLACEMENTS`.
fn replace_matching(
    out: &mut Vec<u8>,
    rng: &mut Prng,
    matches: impl Fn(u8) -> bool,
    what: &str,
) -> String {
    let candidates: Vec<usize> = (0..out.len()).filter(|&i| matches(out[i])).collect();
    let at = if candidates.is_empty() {
        rng.below(out.len())
    } else {
        *rng.pick(&candidates)
    };
    let with = *rng.pick(REPLACEMENTS);
    out.splice(at..=at, with.bytes());
    format!("replace {what} at {at} with {with:?}")
}

fn corpus_files() -> Vec<PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut files = Vec::new();
    for target_dir in std::fs::read_dir(&corpus).expect("fuzz/corpus exists") {
        let target_dir = target_dir.expect("readable corpus").path();
        if !target_dir.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&target_dir).expect("readable corpus dir") {
            let file = file.expect("readable corpus entry").path();
            if file.is_file() {
                files.push(file);
            }
        }
    }
    // Directory order differs between file systems; the PRNG stream must not.
    files.sort();
    files
}

/// Whether `input` parses as a delivery; on a panic, the panic's message.
fn parse_catching_panic(input: &[u8]) -> Result<bool, String> {
    panic::catch_unwind(AssertUnwindSafe(|| webhook::parse(input).is_ok())).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

#[test]
fn parse_never_panics_on_the_corpus_or_its_mutations() {
    let files = corpus_files();
    assert!(
        files.len() >= 10,
        "expected the committed seeds under fuzz/corpus/, found {} files",
        files.len()
    );

    let mutants_per_file = (MUTANTS_IN_ALL / files.len()).max(2);
    let mut rng = Prng(PRNG_SEED);
    let mut panics = Vec::new();
    let mut tried = 0usize;
    let mut mutants_of_deliveries = 0usize;
    let mut still_deliveries = 0usize;
    let mut check = |input: &[u8], name: &str, how: &str| -> bool {
        tried += 1;
        parse_catching_panic(input).unwrap_or_else(|message| {
            panics.push(format!(
                "{name} ({how}): panicked with {message:?}\n  input: {:?}",
                String::from_utf8_lossy(input)
            ));
            false
        })
    };
    for file in &files {
        let seed = std::fs::read(file).expect("readable corpus file");
        let name = file
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(file)
            .display()
            .to_string();

        let seed_is_delivery = check(&seed, &name, "as committed");
        for _ in 0..mutants_per_file {
            // Stack up to three mutations: single edits rarely get far from the seed.
            let (mut mutant, mut steps) = mutate(&seed, &mut rng);
            for _ in 0..rng.below(3) {
                let (next, step) = mutate(&mutant, &mut rng);
                mutant = next;
                steps = format!("{steps}, then {step}");
            }
            let mutant_is_delivery = check(&mutant, &name, &steps);
            if seed_is_delivery {
                mutants_of_deliveries += 1;
                still_deliveries += usize::from(mutant_is_delivery);
            }
        }
    }

    eprintln!(
        "fuzz corpus: {} files, {tried} inputs, {still_deliveries} of {mutants_of_deliveries} \
         mutants of deliveries still deliveries, {} panics",
        files.len(),
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "webhook::parse panicked on {} of {tried} inputs:\n{}",
        panics.len(),
        panics.join("\n")
    );
    assert!(
        still_deliveries * 100 >= mutants_of_deliveries * MIN_PERCENT_STILL_DELIVERIES,
        "only {still_deliveries} of {mutants_of_deliveries} mutants of deliveries parsed; \
         the mutations no longer get past JSON syntax"
    );
}
