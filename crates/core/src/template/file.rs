//! Reading template JSON as people keep it: one template, an array of them, or the
//! `{"data": [...]}` page Meta's `GET /{waba_id}/message_templates` returns. Shared by the
//! command line linter and the desktop's import.

use serde_json::Value;

use super::{TemplateDefinition, TemplateStatus};

#[derive(Debug, thiserror::Error)]
pub enum TemplateFileError {
    #[error("not valid JSON: {0}")]
    Json(#[source] serde_json::Error),
    #[error("{which} is not a Meta template: {source}")]
    NotATemplate {
        which: String,
        source: serde_json::Error,
    },
    #[error("expected a template object, an array of templates or {{\"data\": [...]}}")]
    UnexpectedShape,
}

/// A template read from a file, with the status Meta listed it with, if any (an
/// APPROVED one is linted without errors).
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateFileEntry {
    pub template: TemplateDefinition,
    pub status: Option<TemplateStatus>,
}

/// Every template in `bytes`; the first one that is not a template fails the file.
pub fn parse_template_file(bytes: &[u8]) -> Result<Vec<TemplateFileEntry>, TemplateFileError> {
    let value: Value = serde_json::from_slice(bytes).map_err(TemplateFileError::Json)?;
    let (items, listed) = match value {
        Value::Array(items) => (items, true),
        Value::Object(mut object) => match object.remove("data") {
            Some(Value::Array(items)) if !object.contains_key("components") => (items, true),
            Some(data) => {
                object.insert("data".to_string(), data);
                (vec![Value::Object(object)], false)
            }
            None => (vec![Value::Object(object)], false),
        },
        _ => return Err(TemplateFileError::UnexpectedShape),
    };
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let status = item
                .get("status")
                .and_then(|s| serde_json::from_value::<TemplateStatus>(s.clone()).ok());
            let which = describe_item(&item, index, listed);
            serde_json::from_value::<TemplateDefinition>(item)
                .map(|template| TemplateFileEntry { template, status })
                .map_err(|source| TemplateFileError::NotATemplate { which, source })
        })
        .collect()
}

fn describe_item(item: &Value, index: usize, listed: bool) -> String {
    let name = item.get("name").and_then(Value::as_str);
    match (listed, name) {
        (true, Some(name)) => format!("template {} ({name})", index + 1),
        (true, None) => format!("template {}", index + 1),
        (false, Some(name)) => format!("template {name}"),
        (false, None) => "the file".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{TemplateFileError, parse_template_file};

    const ONE: &str = r#"{"name":"order_ready","language":"en_US","category":"UTILITY",
        "components":[{"type":"BODY","text":"Your order is ready."}]}"#;

    #[test]
    fn one_template_an_array_or_metas_listing_all_read() {
        assert_eq!(parse_template_file(ONE.as_bytes()).expect("one").len(), 1);
        let two = format!("[{ONE},{ONE}]");
        assert_eq!(parse_template_file(two.as_bytes()).expect("array").len(), 2);
        let listed = format!(r#"{{"data":[{ONE}],"paging":{{}}}}"#);
        let entries = parse_template_file(listed.as_bytes()).expect("listing");
        assert_eq!(entries[0].template.name, "order_ready");
        assert_eq!(entries[0].status, None);
    }

    #[test]
    fn what_is_not_a_template_is_named() {
        assert!(matches!(
            parse_template_file(b"not json"),
            Err(TemplateFileError::Json(_))
        ));
        assert!(matches!(
            parse_template_file(b"42"),
            Err(TemplateFileError::UnexpectedShape)
        ));
        let second_bad = format!(r#"[{ONE},{{"name":"broken"}}]"#);
        let error = parse_template_file(second_bad.as_bytes()).expect_err("second is bad");
        assert!(
            error
                .to_string()
                .starts_with("template 2 (broken) is not a Meta template")
        );
    }
}
