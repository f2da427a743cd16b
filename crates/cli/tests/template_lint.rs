//! `parley template lint` on the real binary: good, bad and malformed files, text and JSON
//! output, exit codes 0, 1 and 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

const PARLEY: &str = env!("CARGO_BIN_EXE_parley");

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write test file");
    path
}

fn lint(args: &[&Path], extra: &[&str]) -> Output {
    Command::new(PARLEY)
        .args(["template", "lint"])
        .args(extra)
        .args(args)
        .output()
        .expect("run parley")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn good_template() -> Value {
    json!({
        "name": "order_update", "language": "en_US", "category": "UTILITY",
        "components": [
            {"type": "BODY", "text": "Hi {{1}}, your order has shipped and will arrive tomorrow.",
             "example": {"body_text": [["Mark"]]}},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Thanks"}]}
        ]
    })
}

fn dangling_template() -> Value {
    json!({
        "name": "order_number", "language": "en_US", "category": "UTILITY",
        "components": [
            {"type": "BODY", "text": "Thank you for your order!\nYour order number is {{1}}.",
             "example": {"body_text": [["860198"]]}}
        ]
    })
}

#[test]
fn a_good_template_exits_0() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = write(dir.path(), "good.json", &good_template().to_string());
    let output = lint(&[&good], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("0 errors, 0 warnings in 1 template"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_dangling_parameter_exits_1_with_a_compiler_style_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = write(dir.path(), "bad.json", &dangling_template().to_string());
    let output = lint(&[&bad], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    // `{{1}}` starts at column 22 of the body's second line.
    let expected = format!(
        "{}: body:2:22: error[body.ends_with_parameter]: ",
        bad.display()
    );
    assert!(text.contains(&expected), "{text}");
    assert!(text.contains("    fix: add words after {{1}}"), "{text}");
    assert!(text.contains("1 error, 0 warnings in 1 template"), "{text}");
}

#[test]
fn warnings_alone_exit_0() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut template = good_template();
    template["components"][0]["text"] =
        json!("Hi {{1}}, your order     has shipped and will arrive tomorrow.");
    let file = write(dir.path(), "spaces.json", &template.to_string());
    let output = lint(&[&file], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("warning[body.whitespace]"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn json_output_lists_every_template_of_every_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = write(dir.path(), "good.json", &good_template().to_string());
    // The list Meta's GET returns: the APPROVED template keeps only warnings (rule 16).
    let mut approved = dangling_template();
    approved["status"] = json!("APPROVED");
    approved["name"] = json!("approved_order_number");
    let mut pending = dangling_template();
    pending["status"] = json!("PENDING");
    let list = json!({"data": [approved, pending], "paging": {"cursors": {}}});
    let listed = write(dir.path(), "list.json", &list.to_string());
    let output = lint(&[&good, &listed], &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON report");
    let entries = report.as_array().expect("array");
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0]["file"], json!(good.display().to_string()));
    assert_eq!(entries[0]["template"], "order_update");
    assert_eq!(entries[0]["diagnostics"], json!([]));
    assert_eq!(entries[1]["template"], "approved_order_number");
    assert_eq!(entries[1]["diagnostics"], json!([]));
    let diagnostic = &entries[2]["diagnostics"][0];
    assert_eq!(diagnostic["rule"], "body.ends_with_parameter");
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["metaSubcode"], 2_388_299);
    assert_eq!(diagnostic["span"], json!({"start": 47, "end": 52}));
}

#[test]
fn an_array_of_templates_is_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        dir.path(),
        "many.json",
        &json!([good_template(), good_template()]).to_string(),
    );
    let output = lint(&[&file], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("in 2 templates"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn malformed_files_exit_2_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = write(dir.path(), "broken.json", "{\"name\": \"x\", ");
    let output = lint(&[&broken], &[]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("{}: not valid JSON", broken.display())),
        "{message}"
    );

    let not_a_template = write(
        dir.path(),
        "other.json",
        "{\"name\": \"x\", \"language\": \"en_US\"}",
    );
    let output = lint(&[&not_a_template], &[]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("other.json: template x is not a Meta template"),
        "{message}"
    );
    assert!(message.contains("category"), "{message}");

    let missing = dir.path().join("missing.json");
    let output = lint(&[&missing], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing.json: cannot read"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unreadable_file_wins_over_lint_errors_but_the_others_are_still_linted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = write(dir.path(), "bad.json", &dangling_template().to_string());
    let broken = write(dir.path(), "broken.json", "not json");
    let output = lint(&[&bad, &broken], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains("error[body.ends_with_parameter]"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn the_corpus_rejected_files_fail_and_approved_files_pass() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/template_corpus");
    let files = |folder: &str| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(corpus.join(folder))
            .expect("corpus folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        files
    };
    let approved = files("approved");
    let approved_refs: Vec<&Path> = approved.iter().map(PathBuf::as_path).collect();
    let output = lint(&approved_refs, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    for rejected in files("rejected") {
        let output = lint(&[&rejected], &[]);
        assert_eq!(output.status.code(), Some(1), "{}", rejected.display());
    }
}
