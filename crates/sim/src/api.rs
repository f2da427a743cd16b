//! The Cloud API endpoints Parley calls, answering as Meta does.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::faults::Fault;
use crate::graph_error::MetaError;
use crate::{SimError, SimState, customers, ids, template_api, templates, unix_now, validate};

type AppState = Arc<SimState>;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/{version}/{object_id}",
            get(object_info).post(template_api::post_object),
        )
        .route("/{version}/{object_id}/messages", post(answer_send))
        .route("/{version}/{object_id}/media", post(upload_media))
        .route(
            "/{version}/{object_id}/message_history",
            get(message_history),
        )
        .route(
            "/{version}/{object_id}/message_templates",
            get(message_templates)
                .post(template_api::create)
                .delete(template_api::delete),
        )
        .route(
            "/{version}/{object_id}/uploads",
            post(template_api::start_upload),
        )
        .route(
            "/{version}/{object_id}/subscribed_apps",
            post(subscribed_apps),
        )
        .route("/_media/{media_id}", get(download_media))
}

pub(crate) fn authorize(state: &SimState, headers: &HeaderMap) -> Result<(), MetaError> {
    let header = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(MetaError::missing_token)?;
    let token = header
        .strip_prefix("Bearer ")
        .ok_or_else(MetaError::invalid_token)?;
    if token != state.config.access_token.expose() {
        return Err(MetaError::invalid_token());
    }
    Ok(())
}

pub(crate) fn check_version(version: &str) -> Result<(), MetaError> {
    let ok = version
        .strip_prefix('v')
        .and_then(|v| v.split_once('.'))
        .is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        });
    if ok {
        Ok(())
    } else {
        Err(MetaError::invalid_parameter(format!(
            "Unknown API version {version:?}; use the form v26.0"
        )))
    }
}

/// A request to `/{version}/{object_id}...` on an object this account owns.
pub(crate) fn open(
    state: &SimState,
    version: &str,
    headers: &HeaderMap,
    object_id: &str,
    expected: &str,
) -> Result<(), MetaError> {
    check_version(version)?;
    authorize(state, headers)?;
    if object_id != expected {
        return Err(MetaError::unknown_object(object_id));
    }
    Ok(())
}

#[derive(Deserialize)]
struct FieldsQuery {
    fields: Option<String>,
}

/// `GET /{phone_number_id}` (identity and health) or `GET /{media_id}` (download URL).
async fn object_info(
    State(state): State<AppState>,
    Path((version, object_id)): Path<(String, String)>,
    Query(query): Query<FieldsQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>, MetaError> {
    check_version(&version)?;
    authorize(&state, &headers)?;
    if let Some(media) = state.media.get(&object_id) {
        let ticket = state.media.ticket(&object_id);
        return Ok(Json(json!({
            "messaging_product": "whatsapp",
            "id": object_id,
            "url": format!("{}/_media/{object_id}?ticket={ticket}", state.base_url),
            "mime_type": media.mime_type,
            "sha256": hex::encode(media.sha256),
            "file_size": media.bytes.len().to_string(),
        })));
    }
    if let Some(template) = state.templates.by_id(&object_id) {
        return Ok(Json(template.to_json()));
    }
    if object_id != state.config.phone_number_id {
        return Err(MetaError::unknown_object(&object_id));
    }
    let config = &state.config;
    let all = json!({
        "display_phone_number": config.display_phone_number,
        "verified_name": config.verified_name,
        "quality_rating": "GREEN",
        "name_status": "APPROVED",
        "status": "CONNECTED",
        "code_verification_status": "VERIFIED",
        "messaging_limit_tier": "TIER_1K",
        "throughput": {"level": "STANDARD"},
    });
    let requested = query
        .fields
        .unwrap_or_else(|| "display_phone_number,verified_name,quality_rating".to_owned());
    let mut out = json!({"id": config.phone_number_id});
    for field in requested
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        match all.get(field) {
            Some(value) => out[field] = value.clone(),
            None => {
                return Err(MetaError::invalid_parameter(format!(
                    "Tried accessing nonexisting field ({field}) on node type (WhatsAppBusinessPhoneNumber)"
                )));
            }
        }
    }
    Ok(Json(out))
}

/// `POST /{phone_number_id}/messages`, answered after the configured latency: the
/// request is counted and processed on arrival, as Meta's are.
async fn answer_send(
    state: State<AppState>,
    path: Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, MetaError> {
    let latency = state.config.send_latency;
    let answer = send_message(state, path, headers, body).await;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    answer
}

/// `POST /{phone_number_id}/messages`: sends, and marks inbound messages read.
async fn send_message(
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
        &state.config.phone_number_id,
    )?;
    let request: Value = serde_json::from_slice(&body).map_err(|e| {
        MetaError::invalid_parameter(format!("The request body is not valid JSON: {e}"))
    })?;
    if request.get("status").and_then(Value::as_str) == Some("read") {
        if request.get("messaging_product").and_then(Value::as_str) != Some("whatsapp") {
            return Err(MetaError::invalid_parameter(
                "(#100) The parameter messaging_product is required.",
            ));
        }
        return match request.get("message_id").and_then(Value::as_str) {
            Some(wamid) => {
                state.customers.mark_read_by_business(wamid);
                Ok(Json(json!({"success": true})))
            }
            None => Err(MetaError::invalid_parameter(
                "(#100) The parameter message_id is required.",
            )),
        };
    }
    let accepted = validate::send_request(&request, &state.media)?;
    let is_template = request.get("type").and_then(Value::as_str) == Some("template");
    if is_template {
        templates::check_send(&state.templates, &state.media, &request)?;
    }
    let fault = state.faults.next();
    if let Some(Fault::Refuse { code }) = &fault {
        return Err(MetaError::for_code(*code));
    }
    if !state.throughput.admit(Instant::now()) {
        return Err(MetaError::throughput_reached());
    }
    state
        .customers
        .record_accepted_send(&accepted.wa_id, &request);
    let fault = fault.or_else(|| templates::marketing_refusal(&state, &accepted.wa_id, &request));
    let wamid = ids::wamid();
    // A template may be sent whatever the window: that is what templates are for.
    let window_open = is_template || state.customers.window_open(&accepted.wa_id, unix_now());
    customers::follow_accepted_message(
        state.clone(),
        wamid.clone(),
        accepted.wa_id.clone(),
        window_open,
        fault.clone(),
    );
    if let Some(Fault::AnswerLate { delay_ms }) = fault {
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
    }
    let to = request
        .get("to")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok(Json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": accepted.wa_id}],
        "messages": [{"id": wamid}]
    })))
}

/// `POST /{phone_number_id}/media` (multipart: `messaging_product`, `type`, `file`).
async fn upload_media(
    State(state): State<AppState>,
    Path((version, object_id)): Path<(String, String)>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Result<Json<Value>, MetaError> {
    open(
        &state,
        &version,
        &headers,
        &object_id,
        &state.config.phone_number_id,
    )?;
    let (mut product, mut declared, mut file) = (None, None, None);
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| MetaError::invalid_parameter(format!("Invalid multipart body: {e}")))?
    {
        match field.name().unwrap_or_default() {
            "messaging_product" => product = field.text().await.ok(),
            "type" => declared = field.text().await.ok(),
            "file" => {
                let mime = field.content_type().map(str::to_owned);
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| MetaError::invalid_parameter(format!("Invalid file: {e}")))?;
                file = Some((bytes, mime));
            }
            _ => {}
        }
    }
    if product.as_deref() != Some("whatsapp") {
        return Err(MetaError::invalid_parameter(
            "(#100) The parameter messaging_product is required.",
        ));
    }
    let Some((bytes, mime)) = file.filter(|(bytes, _)| !bytes.is_empty()) else {
        return Err(MetaError::invalid_parameter(
            "(#100) The parameter file is required.",
        ));
    };
    let mime = declared
        .or(mime)
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let id = state.media.put(bytes.to_vec(), &mime);
    Ok(Json(json!({"id": id})))
}

#[derive(Deserialize)]
struct TicketQuery {
    ticket: Option<String>,
}

/// The short-lived media URL: needs the token, like Meta's.
async fn download_media(
    State(state): State<AppState>,
    Path(media_id): Path<String>,
    Query(query): Query<TicketQuery>,
    headers: HeaderMap,
) -> Result<Response, MetaError> {
    authorize(&state, &headers)?;
    let media = query
        .ticket
        .and_then(|ticket| state.media.redeem(&media_id, &ticket))
        .ok_or_else(MetaError::media_not_found)?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, media.mime_type.clone())],
        media.bytes.to_vec(),
    )
        .into_response())
}

#[derive(Deserialize)]
struct HistoryQuery {
    message_id: Option<String>,
}

/// `GET /{phone_number_id}/message_history?message_id=...`.
async fn message_history(
    State(state): State<AppState>,
    Path((version, object_id)): Path<(String, String)>,
    Query(query): Query<HistoryQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>, MetaError> {
    open(
        &state,
        &version,
        &headers,
        &object_id,
        &state.config.phone_number_id,
    )?;
    let Some(wamid) = query.message_id else {
        return Ok(Json(json!({"data": []})));
    };
    let events = state.history.of(&wamid).unwrap_or_default();
    let data = if events.is_empty() {
        Vec::new()
    } else {
        vec![json!({
            "id": ids::media_id(),
            "message_id": wamid,
            "events": {"data": events.iter().map(|(status, at)| json!({
                "id": ids::media_id(),
                "delivery_status": status.to_ascii_uppercase(),
                "timestamp": at,
                "webhook_update_state": "DELIVERED",
            })).collect::<Vec<_>>()}
        })]
    };
    Ok(Json(json!({"data": data})))
}

#[derive(Deserialize)]
struct TemplateQuery {
    after: Option<String>,
    limit: Option<usize>,
}

/// `GET /{waba_id}/message_templates`.
async fn message_templates(
    State(state): State<AppState>,
    Path((version, object_id)): Path<(String, String)>,
    Query(query): Query<TemplateQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>, MetaError> {
    open(
        &state,
        &version,
        &headers,
        &object_id,
        &state.config.waba_id,
    )?;
    let all = state.templates.list_json();
    Ok(Json(templates::page(
        &all,
        query.after.as_deref(),
        query.limit.unwrap_or(25),
    )))
}

#[derive(Deserialize)]
struct SubscribeRequest {
    override_callback_uri: Option<String>,
    verify_token: Option<String>,
}

/// `POST /{waba_id}/subscribed_apps`: points webhooks at a new callback URL, once it
/// passes the verification handshake.
async fn subscribed_apps(
    State(state): State<AppState>,
    Path((version, object_id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(request): Json<SubscribeRequest>,
) -> Result<Json<Value>, MetaError> {
    open(
        &state,
        &version,
        &headers,
        &object_id,
        &state.config.waba_id,
    )?;
    if let Some(url) = request.override_callback_uri {
        let token = request.verify_token.unwrap_or_default();
        verify_and_subscribe(&state, &url, &token)
            .await
            .map_err(|e| MetaError::callback_not_verified(e.to_string()))?;
    }
    Ok(Json(json!({"success": true})))
}

/// Meta's handshake: GET the callback with a challenge, expect it echoed back.
pub(crate) async fn verify_and_subscribe(
    state: &SimState,
    url: &str,
    verify_token: &str,
) -> Result<(), SimError> {
    let challenge = ids::challenge();
    let response = state
        .http
        .get(url)
        .query(&[
            ("hub.mode", "subscribe"),
            ("hub.challenge", challenge.as_str()),
            ("hub.verify_token", verify_token),
        ])
        .timeout(Duration::from_secs(6))
        .send()
        .await
        .map_err(|e| SimError::Verification(e.without_url().to_string()))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if !status.is_success() || body.trim() != challenge {
        return Err(SimError::Verification(format!(
            "the callback answered {status} without echoing the challenge"
        )));
    }
    state.deliverer.set_target(url.to_owned()).await;
    Ok(())
}
