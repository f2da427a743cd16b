//! Polls the number's identity and health (`GET /{phone_number_id}`): the first check
//! also tells the user whether the token and ids they entered work.

use std::sync::Arc;

use parley_core::health::{ConnectionStatus, NumberHealth};
use parley_whatsapp::ApiError;
use tokio::sync::watch;

use crate::events::Announcement;
use crate::{Shared, now};

pub(crate) const NUMBER_HEALTH: &str = "numberHealth";

pub(crate) async fn run(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    loop {
        check_and_announce(&shared).await;
        let minutes = shared.preferences.read().await.health_check_minutes;
        if !crate::pollers::pause(minutes, &mut shutdown).await {
            return;
        }
    }
}

/// Checks the number now, records the check and tells listeners when the state changed.
pub(crate) async fn check_and_announce(shared: &Shared) {
    let status = check(shared).await;
    let error = match &status {
        ConnectionStatus::Refused { message, .. } => Some(message.clone()),
        ConnectionStatus::Unreachable { details, .. } => Some(details.clone()),
        _ => None,
    };
    crate::pollers::record(shared, NUMBER_HEALTH, error).await;
    let changed = {
        let mut current = shared.connection.write().await;
        let changed = !same_state(&current, &status);
        *current = status.clone();
        changed
    };
    if changed {
        shared.announce(Announcement::Connection(status));
    }
}

async fn check(shared: &Shared) -> ConnectionStatus {
    let checked_at = now();
    match shared
        .client
        .phone_number_info(&shared.account.phone_number_id)
        .await
    {
        Ok(info) => ConnectionStatus::Connected {
            number: NumberHealth {
                display_phone_number: info.display_phone_number,
                verified_name: info.verified_name,
                quality_rating: info.quality_rating,
                status: info.status,
                messaging_limit_tier: info.messaging_limit_tier,
                checked_at,
            },
        },
        Err(ApiError::Graph { error, .. }) => ConnectionStatus::Refused {
            code: error.code,
            message: error.message.clone(),
            checked_at,
        },
        Err(e) => ConnectionStatus::Unreachable {
            details: e.to_string(),
            checked_at,
        },
    }
}

/// Equal apart from when it was checked: a repeat of the same state is not news.
fn same_state(a: &ConnectionStatus, b: &ConnectionStatus) -> bool {
    use ConnectionStatus::*;
    match (a, b) {
        (Connected { number: x }, Connected { number: y }) => {
            NumberHealth {
                checked_at: y.checked_at,
                ..x.clone()
            } == *y
        }
        (
            Refused {
                code: c1,
                message: m1,
                ..
            },
            Refused {
                code: c2,
                message: m2,
                ..
            },
        ) => c1 == c2 && m1 == m2,
        (Unreachable { details: d1, .. }, Unreachable { details: d2, .. }) => d1 == d2,
        (NotConfigured, NotConfigured) | (Checking, Checking) => true,
        _ => false,
    }
}
