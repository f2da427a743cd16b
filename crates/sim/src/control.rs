//! Endpoints that are not Meta's: they let a person or a test act as a customer when the
//! simulator runs on its own (`parley sim`). Loopback only, like the simulator itself.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{SimState, customers};

type AppState = Arc<SimState>;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/_sim/customers/{wa_id}/messages", post(customer_writes))
        .route("/_sim/customers/{wa_id}/expire-window", post(expire_window))
}

#[derive(Deserialize)]
struct CustomerMessage {
    text: String,
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
    let wamid = customers::say(&state, &wa_id, &name, &message.text, None);
    for _ in 1..message.deliveries.unwrap_or(1).min(10) {
        customers::redeliver(&state, &wamid);
    }
    Ok(Json(json!({"wamid": wamid})))
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
