//! Checks JSON against the schemas of Meta's OpenAPI spec.
//!
//! A general JSON Schema validator rejects Meta's own examples: the spec puts
//! `additionalProperties: false` inside `allOf` branches, which strictly read forbids the
//! properties of the sibling branches. This checker reads `allOf` the way the spec means
//! it (one merged object) and `oneOf` as "matches one of the alternatives" (through the
//! discriminator when there is one). It covers the keywords the extracted schemas use:
//! `$ref`, `allOf`, `oneOf`, `anyOf`, `type`, `enum`, `required`, `properties`,
//! `additionalProperties`, `items`, `maxLength`, `minItems`, `maxItems`.
//!
//! One defect of the v23.0 spec is worked around: the schemas of a webhook's
//! `messages[]` items (`IncomingMessage`, `SystemMessage`) are built on the *send*
//! schemas (`TextMessage`, `BaseMessageProperties` require `to` and `recipient_type`), so
//! Meta's own webhook examples fail them. Inbound message objects are instead compared
//! with Meta's webhook examples by [`Spec::assert_same_shape_as_example`].

use serde_json::{Map, Value};

pub struct Spec {
    root: Value,
}

impl Spec {
    pub fn load() -> Self {
        let text = include_str!("../meta-openapi/schemas.json");
        Self {
            root: serde_json::from_str(text).expect("schemas.json parses"),
        }
    }

    /// Every way `value` breaks the schema `name`; empty when it conforms.
    pub fn violations(&self, name: &str, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        let schema = self.schema(name);
        self.check(schema, value, "$", &mut errors);
        errors
    }

    pub fn assert_conforms(&self, name: &str, value: &Value) {
        let errors = self.violations(name, value);
        assert!(
            errors.is_empty(),
            "{name} violations:\n  {}\nin {value:#}",
            errors.join("\n  ")
        );
    }

    fn schema(&self, name: &str) -> &Value {
        self.root
            .pointer(&format!("/components/schemas/{name}"))
            .unwrap_or_else(|| panic!("no schema {name}"))
    }

    /// Meta's webhook example `name` (from the `/whatsapp/webhooks` pseudo-path).
    pub fn webhook_example(&self, name: &str) -> &Value {
        self.root
            .pointer(&format!("/webhook_examples/{}", name.replace('/', "~1")))
            .unwrap_or_else(|| panic!("no webhook example {name}"))
    }

    /// `actual` has the same keys, nested the same way with the same JSON types, as
    /// `example`.
    pub fn assert_same_shape_as_example(&self, example: &Value, actual: &Value) {
        let mut errors = Vec::new();
        same_shape(example, actual, "$", &mut errors);
        assert!(
            errors.is_empty(),
            "differs from Meta's example:\n  {}",
            errors.join("\n  ")
        );
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or_default();
                self.resolve(self.schema(name))
            }
            None => schema,
        }
    }

    /// An `allOf` read as one object: properties, required and the strictest
    /// `additionalProperties` of all branches.
    fn merged(&self, schema: &Value) -> Value {
        let schema = self.resolve(schema);
        let Some(branches) = schema.get("allOf").and_then(Value::as_array) else {
            return schema.clone();
        };
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut closed = false;
        for branch in branches {
            let branch = self.merged(branch);
            if let Some(p) = branch.get("properties").and_then(Value::as_object) {
                properties.extend(p.clone());
            }
            if let Some(r) = branch.get("required").and_then(Value::as_array) {
                required.extend(r.iter().cloned());
            }
            closed |= branch.get("additionalProperties") == Some(&Value::Bool(false));
        }
        let mut out = Map::new();
        out.insert("type".into(), "object".into());
        out.insert("properties".into(), Value::Object(properties));
        out.insert("required".into(), Value::Array(required));
        if closed {
            out.insert("additionalProperties".into(), Value::Bool(false));
        }
        Value::Object(out)
    }

    fn check(&self, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
        const INBOUND_MESSAGE_SCHEMAS: [&str; 2] = [
            "#/components/schemas/IncomingMessage",
            "#/components/schemas/SystemMessage",
        ];
        if schema
            .get("$ref")
            .and_then(Value::as_str)
            .is_some_and(|r| INBOUND_MESSAGE_SCHEMAS.contains(&r))
        {
            return; // See the module comment: checked against Meta's examples instead.
        }
        let schema = &self.merged(schema);

        if let Some(alternatives) = schema
            .get("oneOf")
            .or(schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            let chosen = schema
                .pointer("/discriminator/propertyName")
                .and_then(Value::as_str)
                .and_then(|prop| value.get(prop).and_then(Value::as_str))
                .and_then(|tag| schema.pointer(&format!("/discriminator/mapping/{tag}")))
                .and_then(Value::as_str);
            match chosen {
                Some(reference) => {
                    let target = serde_json::json!({ "$ref": reference });
                    self.check(&target, value, path, errors);
                }
                None => {
                    let fits = alternatives.iter().any(|alt| {
                        let mut e = Vec::new();
                        self.check(alt, value, path, &mut e);
                        e.is_empty()
                    });
                    if !fits {
                        errors.push(format!("{path}: matches none of the alternatives"));
                    }
                }
            }
        }

        if let Some(expected) = schema.get("type").and_then(Value::as_str) {
            let ok = match expected {
                "object" => value.is_object(),
                "array" => value.is_array(),
                "string" => value.is_string(),
                "integer" => value.is_i64() || value.is_u64(),
                "number" => value.is_number(),
                "boolean" => value.is_boolean(),
                "null" => value.is_null(),
                _ => true,
            };
            if !ok {
                errors.push(format!("{path}: expected {expected}, got {value}"));
                return;
            }
        }

        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.contains(value)
        {
            errors.push(format!("{path}: {value} is not one of {allowed:?}"));
        }
        if let (Some(max), Some(s)) = (
            schema.get("maxLength").and_then(Value::as_u64),
            value.as_str(),
        ) && s.chars().count() as u64 > max
        {
            errors.push(format!("{path}: longer than {max} characters"));
        }

        if let Some(object) = value.as_object() {
            let properties = schema.get("properties").and_then(Value::as_object);
            for name in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = name.as_str().unwrap_or_default();
                if !object.contains_key(name) {
                    errors.push(format!("{path}: missing required {name:?}"));
                }
            }
            for (key, child) in object {
                match properties.and_then(|p| p.get(key)) {
                    Some(child_schema) => {
                        self.check(child_schema, child, &format!("{path}.{key}"), errors)
                    }
                    None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        errors.push(format!("{path}: property {key:?} is not allowed"));
                    }
                    None => {}
                }
            }
        }

        if let Some(items) = value.as_array() {
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
                && (items.len() as u64) < min
            {
                errors.push(format!("{path}: fewer than {min} items"));
            }
            if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
                && items.len() as u64 > max
            {
                errors.push(format!("{path}: more than {max} items"));
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    self.check(item_schema, item, &format!("{path}[{i}]"), errors);
                }
            }
        }
    }
}

fn same_shape(example: &Value, actual: &Value, path: &str, errors: &mut Vec<String>) {
    let kind = |v: &Value| match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    match (example, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for key in e.keys().filter(|k| !a.contains_key(*k)) {
                errors.push(format!("{path}: missing {key:?}"));
            }
            for (key, value) in a {
                match e.get(key) {
                    Some(expected) => same_shape(expected, value, &format!("{path}.{key}"), errors),
                    None => errors.push(format!("{path}: unexpected {key:?}")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if let Some(first) = e.first() {
                for (i, item) in a.iter().enumerate() {
                    same_shape(first, item, &format!("{path}[{i}]"), errors);
                }
            }
        }
        (e, a) if kind(e) != kind(a) => {
            errors.push(format!("{path}: {} where Meta has {}", kind(a), kind(e)));
        }
        _ => {}
    }
}

#[test]
fn metas_own_webhook_examples_pass_the_checker() {
    let spec = Spec::load();
    let examples = spec.root["webhook_examples"]
        .as_object()
        .expect("examples")
        .clone();
    for (name, example) in examples.iter().filter(|(n, _)| !n.starts_with("Group")) {
        let errors = spec.violations("WebhookPayload", example);
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn the_checker_catches_what_it_should() {
    let spec = Spec::load();
    let good = serde_json::json!({
        "messaging_product": "whatsapp", "recipient_type": "individual",
        "to": "15550001111", "type": "text", "text": {"body": "hi"}
    });
    spec.assert_conforms("Message", &good);

    let mut extra = good.clone();
    extra["text"]["colour"] = "red".into();
    assert!(
        !spec.violations("Message", &extra).is_empty(),
        "unknown text field"
    );

    let mut missing = good.clone();
    missing.as_object_mut().map(|o| o.remove("to"));
    assert!(
        !spec.violations("Message", &missing).is_empty(),
        "missing recipient"
    );

    let wrong_type =
        serde_json::json!({"error": {"message": "x", "type": "OAuthException", "code": "100"}});
    assert!(
        !spec.violations("GraphAPIError", &wrong_type).is_empty(),
        "code must be an integer"
    );
}
