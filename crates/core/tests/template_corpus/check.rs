//! The corpus: templates written from Meta's rules, each with the linter's expected verdict
//! in `expected.json` (file → error rule ids; empty = Meta would approve it).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use parley_core::template::{TemplateDefinition, lint};

#[test]
fn every_corpus_template_gets_the_expected_verdict() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/template_corpus");
    let manifest = std::fs::read_to_string(root.join("expected.json")).expect("expected.json");
    let expected: BTreeMap<String, Vec<String>> =
        serde_json::from_str(&manifest).expect("expected.json parses");

    // Every JSON file in the corpus is listed, so a new file cannot go unchecked.
    let mut on_disk = BTreeSet::new();
    for folder in ["approved", "rejected"] {
        for entry in std::fs::read_dir(root.join(folder)).expect("corpus folder") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            on_disk.insert(format!("{folder}/{name}"));
        }
    }
    let listed: BTreeSet<String> = expected.keys().cloned().collect();
    assert_eq!(
        on_disk, listed,
        "expected.json lists exactly the corpus files"
    );
    assert!(
        expected.len() >= 40,
        "the corpus has {} templates",
        expected.len()
    );

    let mut failures = Vec::new();
    for (file, rules) in &expected {
        let text = std::fs::read_to_string(root.join(file)).expect("corpus file");
        let template: TemplateDefinition =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not a template: {e}"));
        let errors: BTreeSet<String> = lint(&template, None)
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.rule)
            .collect();
        let wanted: BTreeSet<String> = rules.iter().cloned().collect();
        assert_eq!(
            file.starts_with("approved/"),
            wanted.is_empty(),
            "{file}: approved files expect no errors, rejected files at least one"
        );
        if errors != wanted {
            failures.push(format!(
                "{file}: expected {wanted:?}, linter said {errors:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
