//! Endpoints that are not Meta's: they let a person or a test act as a customer when the
//! simulator runs on its own (`parley sim`). Loopback only, like the simulator itself.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::faults::Fault;
use crate::{SimState, customers, scenario, templates};

type AppState = Arc<SimState>;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/_sim/customers/{wa_id}/messages", post(customer_writes))
        .route("/_sim/customers/{wa_id}/received", get(customer_received))
        .route("/_sim/customers/{wa_id}/expire-window", post(expire_window))
        .route(
            "/_sim/customers/{wa_id}/marketing",
            post(customer_marketing),
        )
        .route("/_sim/faults", post(inject_fault))
        .route("/_sim/templates/{name}/status", post(template_status))
        .route("/_sim/templates/{name}/quality", post(template_quality))
        .route("/_sim/templates/{name}", delete(delete_template_in_console))
}

#[derive(Deserialize)]
struct CustomerMessage {
    /// A text message; or give `message` (any type's fields) or `media` instead.
    #[serde(default)]
    text: Option<String>,
    /// `{"type": "location", "location": {...}}` and so on, as in Meta's webhooks.
    #[serde(default)]
    message: Option<Value>,
    /// One of the demo files: `{"kind": "image", "file": "sneakers.jpg", "caption": "..."}`.
    #[serde(default)]
    media: Option<scenario::MediaItem>,
    #[serde(default)]
    name: Option<String>,
    /// Deliver the same webhook this many times (Meta delivers at least once).
    #[serde(default)]
    deliveries: Option<u32>,
}

async fn customer_writes(
    State(state): State<AppState>,
    Path(wa_id): Path<String>,
    Json(message): Json<CustomerMessage>,
) -> Result<Json<Value>, (StatusCode, String)> {
    if wa_id.is_empty() || !wa_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err((StatusCode::BAD_REQUEST, "wa_id must be digits".to_owned()));
    }
    let name = message.name.unwrap_or_else(|| format!("+{wa_id}"));
    let wamid = match (message.text, message.message, message.media) {
        (Some(text), None, None) => customers::say(&state, &wa_id, &name, &text, None),
        (None, Some(fields), None) => customers::send_inbound(&state, &wa_id, &name, &fields, None),
        (None, None, Some(media)) => {
            let media = scenario::demo_media(&media).map_err(|e| (StatusCode::BAD_REQUEST, e))?;
            customers::send_media(&state, &wa_id, &name, media)
        }
        _ => {
            return Err((
                StatusCode::BAD_REQUEST,
                "give exactly one of text, message or media".to_owned(),
            ));
        }
    };
    for _ in 1..message.deliveries.unwrap_or(1).min(10) {
        customers::redeliver(&state, &wamid);
    }
    Ok(Json(json!({"wamid": wamid})))
}

/// What the business sent this customer and the Cloud API accepted, oldest first, as
/// Meta's request bodies: lets a test check what a customer got without a webhook receiver.
async fn customer_received(
    State(state): State<AppState>,
    Path(wa_id): Path<String>,
) -> Json<Value> {
    Json(json!({"messages": state.customers.accepted_sends(&wa_id)}))
}

async fn expire_window(
    State(state): State<AppState>,
    Path(wa_id): Path<String>,
) -> Result<StatusCode, (StatusCode, String)> {
    state
        .customers
        .expire_window(&wa_id)
        .map(|()| StatusCode::NO_CONTENT)
        .map_err(|e| (StatusCode::NOT_FOUND, e.to_string()))
}

#[derive(Deserialize)]
struct FaultRequest {
    #[serde(flatten)]
    fault: Fault,
    #[serde(default = "once")]
    times: u32,
}

fn once() -> u32 {
    1
}

async fn inject_fault(
    State(state): State<AppState>,
    Json(request): Json<FaultRequest>,
) -> StatusCode {
    state
        .faults
        .inject(request.fault, request.times.min(10_000));
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct TemplateStatusRequest {
    status: parley_core::template::TemplateStatus,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// Meta changes a template's status on its own (pause, disable, reinstate...): the
/// status webhook follows.
async fn template_status(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Json(request): Json<TemplateStatusRequest>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let changed = templates::announce_status(
        &state,
        &name,
        request.language.as_deref(),
        request.status,
        request.reason.as_deref(),
    );
    if changed == 0 {
        let language = request.language.as_deref();
        if state.templates.count_named(&name, language) > 0 {
            // Meta pauses only a template it sends: not one already paused, disabled,
            // or still in review.
            return Err((
                StatusCode::CONFLICT,
                format!("{name} is not approved: only an approved template can be paused"),
            ));
        }
        return Err((StatusCode::NOT_FOUND, format!("no template named {name}")));
    }
    Ok(Json(json!({"changed": changed})))
}

#[derive(Deserialize)]
struct LanguageQuery {
    #[serde(default)]
    language: Option<String>,
}

/// Someone deletes a template in WhatsApp Manager: it leaves the template list, and no
/// webhook tells the business.
async fn delete_template_in_console(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<LanguageQuery>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let deleted = state
        .templates
        .delete_in_console(&name, query.language.as_deref());
    if deleted == 0 {
        return Err((StatusCode::NOT_FOUND, format!("no template named {name}")));
    }
    Ok(Json(json!({"deleted": deleted})))
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum MarketingPreference {
    Stop,
    Resume,
}

#[derive(Deserialize)]
struct MarketingRequest {
    value: MarketingPreference,
    /// Whether the `user_preferences` webhook tells the business (Meta's does; `false`
    /// plays one that was lost, or a choice made before the business listened).
    #[serde(default = "announced")]
    webhook: bool,
}

fn announced() -> bool {
    true
}

/// The customer stops or resumes marketing messages in WhatsApp.
async fn customer_marketing(
    State(state): State<AppState>,
    Path(wa_id): Path<String>,
    Json(request): Json<MarketingRequest>,
) -> Result<StatusCode, (StatusCode, String)> {
    if wa_id.is_empty() || !wa_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err((StatusCode::BAD_REQUEST, "wa_id must be digits".to_owned()));
    }
    let stopped = matches!(request.value, MarketingPreference::Stop);
    customers::set_marketing(&state, &wa_id, stopped, request.webhook);
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct TemplateQualityRequest {
    score: parley_core::template::TemplateQuality,
    #[serde(default)]
    language: Option<String>,
}

/// Meta rates a template's quality anew: the quality webhook follows.
async fn template_quality(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Json(request): Json<TemplateQualityRequest>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let changed =
        templates::announce_quality(&state, &name, request.language.as_deref(), request.score);
    if changed == 0 {
        return Err((StatusCode::NOT_FOUND, format!("no template named {name}")));
    }
    Ok(Json(json!({"changed": changed})))
}
