//! The Cloud API endpoints Parley calls, answering as Meta does.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::graph_error::MetaError;
use crate::{SimError, SimState, customers, ids, unix_now};

type AppState = Arc<SimState>;

/// Longest text body Meta accepts.
const MAX_TEXT_CHARS: usize = 4096;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/{version}/{object_id}", get(object_info))
        .route("/{version}/{object_id}/messages", post(send_message))
        .route(
            "/{version}/{object_id}/subscribed_apps",
            post(subscribed_apps),
        )
}

fn authorize(state: &SimState, headers: &HeaderMap) -> Result<(), MetaError> {
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

fn check_version(version: &str) -> Result<(), MetaError> {
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

#[derive(Deserialize)]
struct FieldsQuery {
    fields: Option<String>,
}

/// `GET /{phone_number_id}`: the number's identity and health.
async fn object_info(
    State(state): State<AppState>,
    Path((version, object_id)): Path<(String, String)>,
    Query(query): Query<FieldsQuery>,
    headers: HeaderMap,
) -> Result<Json<Value>, MetaError> {
    check_version(&version)?;
    authorize(&state, &headers)?;
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

/// `POST /{phone_number_id}/messages`: sends, and marks inbound messages read.
async fn send_message(
    State(state): State<AppState>,
    Path((version, object_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Value>, MetaError> {
    check_version(&version)?;
    authorize(&state, &headers)?;
    if object_id != state.config.phone_number_id {
        return Err(MetaError::unknown_object(&object_id));
    }
    let request: Value = serde_json::from_slice(&body).map_err(|e| {
        MetaError::invalid_parameter(format!("The request body is not valid JSON: {e}"))
    })?;
    let field = |name: &str| request.get(name).and_then(Value::as_str);

    if field("messaging_product") != Some("whatsapp") {
        return Err(MetaError::invalid_parameter(
            "(#100) The parameter messaging_product is required.",
        ));
    }
    if field("status") == Some("read") {
        return match field("message_id") {
            Some(_) => Ok(Json(json!({"success": true}))),
            None => Err(MetaError::invalid_parameter(
                "(#100) The parameter message_id is required.",
            )),
        };
    }
    let Some(to) = field("to") else {
        return Err(MetaError::invalid_parameter(
            "(#100) The parameter to is required.",
        ));
    };
    let wa_id: String = to.chars().filter(char::is_ascii_digit).collect();
    if wa_id.len() < 6 || wa_id.len() > 15 {
        return Err(MetaError::invalid_parameter(format!(
            "Parameter value is not valid: {to:?} is not a phone number in international format"
        )));
    }
    let kind = field("type").unwrap_or("text");
    if kind != "text" {
        return Err(MetaError::invalid_parameter(format!(
            "The simulator does not send messages of type {kind:?} yet"
        )));
    }
    let Some(text) = request.pointer("/text/body").and_then(Value::as_str) else {
        return Err(MetaError::invalid_parameter(
            "(#100) The parameter text['body'] is required.",
        ));
    };
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(MetaError::invalid_parameter(format!(
            "(#100) Param text['body'] must be at most {MAX_TEXT_CHARS} characters long."
        )));
    }
    if !state.customers.take_send_slot(Instant::now()) {
        return Err(MetaError::throughput_reached());
    }

    let wamid = ids::wamid();
    let window_open = state.customers.window_open(&wa_id, unix_now());
    customers::follow_accepted_message(state.clone(), wamid.clone(), wa_id.clone(), window_open);
    Ok(Json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": to, "wa_id": wa_id}],
        "messages": [{"id": wamid}]
    })))
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
    check_version(&version)?;
    authorize(&state, &headers)?;
    if object_id != state.config.waba_id {
        return Err(MetaError::unknown_object(&object_id));
    }
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
