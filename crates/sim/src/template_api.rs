//! The template endpoints: create (`POST /{waba_id}/message_templates`), edit
//! (`POST /{template_id}`), delete (`DELETE /{waba_id}/message_templates?name=`), and the
//! resumable upload (`POST /{app_id}/uploads`, then `POST /upload:{session}`) that gives
//! media headers their example handle.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use parley_core::template::{Component, Severity, TemplateCategory, TemplateDefinition, lint};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::{check_version, open};
use crate::graph_error::MetaError;
use crate::templates::Written;
use crate::{SimState, templates, unix_now};

type AppState = Arc<SimState>;

/// Meta's title for a creation subcode.
fn subcode_title(subcode: u32) -> &'static str {
    match subcode {
        2388040 => "Field length exceeded",
        2388047 => "Message template header format is incorrect",
        2388073 => "Message template footer format is incorrect",
        2388293 => "Too many variables for message length",
        2388299 => "Variables can't be at the start or end of the template",
        2388019 => "Message template limit reached",
        _ => "Invalid message template",
    }
}

/// Meta's synchronous refusals: the first lint error Meta answers at submit time.
fn refuse_like_meta(definition: &TemplateDefinition) -> Result<(), MetaError> {
    let refusal = lint(definition, None)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .find_map(|d| d.meta_subcode.map(|subcode| (subcode, d.message)));
    match refusal {
        Some((subcode, message)) => Err(MetaError::template_creation(
            i64::from(subcode),
            subcode_title(subcode),
            message,
        )),
        None => Ok(()),
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, MetaError> {
    serde_json::from_slice(body)
        .map_err(|e| MetaError::invalid_parameter(format!("Invalid template: {e}")))
}

/// `POST /{waba_id}/message_templates`.
pub(crate) async fn create(
    State(state): State<AppState>,
    Path((version, object_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, MetaError> {
    open(
        &state,
        &version,
        &headers,
        &object_id,
        &state.config.waba_id,
    )?;
    let definition: TemplateDefinition = parse(&body)?;
    refuse_like_meta(&definition)?;
    let template = state.templates.create(definition, unix_now())?;
    templates::review_later(state.clone(), template.clone());
    Ok(Json(json!({
        "id": template.id,
        "status": templates::status_name(template.status),
        "category": template.definition.category,
    })))
}

#[derive(Deserialize)]
struct EditRequest {
    #[serde(default)]
    category: Option<TemplateCategory>,
    #[serde(default)]
    components: Option<Vec<Component>>,
}

/// `POST /{template_id}`: edits category and/or components.
async fn edit(state: &AppState, template_id: &str, body: &[u8]) -> Result<Json<Value>, MetaError> {
    let current = state
        .templates
        .by_id(template_id)
        .ok_or_else(|| MetaError::unknown_object(template_id))?;
    let request: EditRequest = parse(body)?;
    let mut candidate = current.definition.clone();
    if let Some(category) = request.category {
        candidate.category = category;
    }
    if let Some(components) = request.components {
        candidate.components = components;
    }
    refuse_like_meta(&candidate)?;
    let edited = state.templates.edit(
        template_id,
        candidate.category,
        candidate.components,
        unix_now(),
    )?;
    templates::review_later(state.clone(), edited);
    Ok(Json(json!({"success": true})))
}

#[derive(Deserialize)]
pub(crate) struct DeleteQuery {
    name: Option<String>,
    hsm_id: Option<String>,
}

/// `DELETE /{waba_id}/message_templates?name=...[&hsm_id=...]`.
pub(crate) async fn delete(
    State(state): State<AppState>,
    Path((version, object_id)): Path<(String, String)>,
    Query(query): Query<DeleteQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>, MetaError> {
    open(
        &state,
        &version,
        &headers,
        &object_id,
        &state.config.waba_id,
    )?;
    let name = query
        .name
        .filter(|n| !n.is_empty())
        .ok_or_else(|| MetaError::invalid_parameter("(#100) The parameter name is required."))?;
    if state.templates.delete(&name, query.hsm_id.as_deref()) == 0 {
        return Err(MetaError::template_not_found(&name));
    }
    Ok(Json(json!({"success": true})))
}

#[derive(Deserialize)]
pub(crate) struct UploadQuery {
    file_name: Option<String>,
    file_length: Option<u64>,
    file_type: Option<String>,
}

/// Meta's accepted types for template examples.
const UPLOAD_TYPES: &[&str] = &[
    "image/jpeg",
    "image/jpg",
    "image/png",
    "video/mp4",
    "application/pdf",
];

/// `POST /{app_id}/uploads?file_name=&file_length=&file_type=`: opens an upload session.
pub(crate) async fn start_upload(
    State(state): State<AppState>,
    Path((version, _app_id)): Path<(String, String)>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>, MetaError> {
    check_version(&version)?;
    crate::api::authorize(&state, &headers)?;
    let file_type = query
        .file_type
        .filter(|t| UPLOAD_TYPES.contains(&t.as_str()))
        .ok_or_else(|| {
            MetaError::invalid_parameter(format!(
                "(#100) Param file_type must be one of {}",
                UPLOAD_TYPES.join(", ")
            ))
        })?;
    let length = query
        .file_length
        .filter(|l| *l > 0)
        .ok_or_else(|| MetaError::invalid_parameter("(#100) Param file_length is required."))?;
    let id = state
        .templates
        .uploads
        .open(query.file_name.unwrap_or_default(), length, file_type);
    Ok(Json(json!({"id": id})))
}

/// `POST /upload:{session}` with the bytes: answers the file handle.
async fn finish_upload(
    state: &AppState,
    session: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Json<Value>, MetaError> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|h| {
            h.strip_prefix("OAuth ")
                .or_else(|| h.strip_prefix("Bearer "))
        })
        .ok_or_else(MetaError::missing_token)?;
    if token != state.config.access_token.expose() {
        return Err(MetaError::invalid_token());
    }
    let offset = headers
        .get("file_offset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(0);
    let written = state
        .templates
        .uploads
        .write(session, offset, body)
        .map_err(MetaError::invalid_parameter)?;
    Ok(Json(match written {
        Written::Complete { handle } => json!({"h": handle}),
        Written::Partial { offset } => json!({"id": session, "file_offset": offset}),
    }))
}

/// `POST /{object_id}`: an upload session's bytes, or a template edit.
pub(crate) async fn post_object(
    State(state): State<AppState>,
    Path((version, object_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, MetaError> {
    check_version(&version)?;
    if object_id.starts_with("upload:") {
        return finish_upload(&state, &object_id, &headers, &body).await;
    }
    crate::api::authorize(&state, &headers)?;
    edit(&state, &object_id, &body).await
}
