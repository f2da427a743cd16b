//! How the inbox behaves for everyone at this number: read receipts, typing, link
//! previews, how often it polls Meta, and how fast it may send.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct Preferences {
    /// Blue ticks for the customer when an agent opens their conversation.
    pub send_read_receipts: bool,
    /// "typing…" while an agent writes. WhatsApp only shows it with a read receipt.
    pub typing_indicator: bool,
    /// Ask WhatsApp to preview the first link of a text message.
    pub link_previews: bool,
    pub template_sync_minutes: u32,
    pub health_check_minutes: u32,
    /// How often recent sends without a delivery report are checked with Meta.
    pub status_audit_minutes: u32,
    /// The number's send rate: 80/s by default, up to 1,000 for upgraded numbers.
    pub send_rate_per_second: u32,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            send_read_receipts: true,
            typing_indicator: true,
            link_previews: true,
            template_sync_minutes: 15,
            health_check_minutes: 5,
            status_audit_minutes: 10,
            send_rate_per_second: 80,
        }
    }
}

impl Preferences {
    /// Keeps intervals and rates within what makes sense for Meta's API.
    pub fn normalized(mut self) -> Self {
        self.template_sync_minutes = self.template_sync_minutes.clamp(1, 24 * 60);
        self.health_check_minutes = self.health_check_minutes.clamp(1, 24 * 60);
        self.status_audit_minutes = self.status_audit_minutes.clamp(1, 24 * 60);
        self.send_rate_per_second = self.send_rate_per_second.clamp(1, 1000);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_take_their_defaults_and_limits_are_kept() {
        let p: Preferences = serde_json::from_str(r#"{"sendReadReceipts":false}"#).expect("json");
        assert!(!p.send_read_receipts);
        assert_eq!(p.send_rate_per_second, 80);
        let p = Preferences {
            send_rate_per_second: 5000,
            template_sync_minutes: 0,
            ..Preferences::default()
        }
        .normalized();
        assert_eq!(p.send_rate_per_second, 1000);
        assert_eq!(p.template_sync_minutes, 1);
    }
}
