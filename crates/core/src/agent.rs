//! The people who share one number, what each may do, and who (or which automation)
//! sent a message.

use serde::{Deserialize, Serialize};

use crate::AgentId;

/// What someone at the desk may do. Every role answers customers; the rest is gated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Owner,
    Manager,
    Agent,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Manager, Role::Agent];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Manager => "manager",
            Self::Agent => "agent",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// The account, tunnels, auto-replies, labels and quick replies.
    pub fn may_change_settings(self) -> bool {
        matches!(self, Self::Owner | Self::Manager)
    }

    /// Writing, submitting and deleting message templates.
    pub fn may_manage_templates(self) -> bool {
        matches!(self, Self::Owner | Self::Manager)
    }

    /// Adding, changing and removing the people at the desk. Only an owner may create or
    /// demote an owner (see [`may_assign_role`](Self::may_assign_role)).
    pub fn may_manage_agents(self) -> bool {
        matches!(self, Self::Owner | Self::Manager)
    }

    /// Whether someone with this role may give `role` to a profile (or edit a profile that
    /// has it): managers run their team but cannot make or unmake owners.
    pub fn may_assign_role(self, role: Role) -> bool {
        match self {
            Self::Owner => true,
            Self::Manager => role != Self::Owner,
            Self::Agent => false,
        }
    }
}

/// Someone who works this number, as the UI lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    pub id: AgentId,
    pub name: String,
    pub role: Role,
    /// Switching to this profile asks for its PIN or password.
    pub has_secret: bool,
}

/// The automations that write to customers on the business's behalf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum Automation {
    Away,
    Greeting,
    Keyword,
    /// The one confirmation after a customer opts out of marketing by keyword.
    OptOutConfirmation,
}

impl Automation {
    pub const ALL: [Automation; 4] = [
        Automation::Away,
        Automation::Greeting,
        Automation::Keyword,
        Automation::OptOutConfirmation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Away => "away",
            Self::Greeting => "greeting",
            Self::Keyword => "keyword",
            Self::OptOutConfirmation => "optOutConfirmation",
        }
    }

    pub fn parse(text: &str) -> Option<Automation> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// Who wrote an outbound message. Recorded on every one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "by", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum SentBy {
    Agent {
        id: AgentId,
        /// As the profile is named now (deleted profiles keep theirs); `None` only on a
        /// message not read back from the store yet.
        name: Option<String>,
    },
    Automation {
        automation: Automation,
    },
}

impl SentBy {
    pub fn agent(id: AgentId) -> SentBy {
        SentBy::Agent { id, name: None }
    }
}

/// The shortest PIN Parley accepts; a password may be anything longer.
pub const MIN_SECRET_CHARS: usize = 4;
/// Longer names do not fit the places an agent's name is shown.
pub const MAX_NAME_CHARS: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgentError {
    #[error("a profile needs a name")]
    EmptyName,
    #[error("names are at most {MAX_NAME_CHARS} characters")]
    NameTooLong,
    #[error("a PIN or password has at least {MIN_SECRET_CHARS} characters")]
    SecretTooShort,
}

/// The name as stored: trimmed, not empty, not too long.
pub fn agent_name(name: &str) -> Result<&str, AgentError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AgentError::EmptyName);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AgentError::NameTooLong);
    }
    Ok(name)
}

/// A PIN or password is kept exactly as typed (spaces count), but must not be trivial.
pub fn check_secret(secret: &str) -> Result<(), AgentError> {
    if secret.chars().count() < MIN_SECRET_CHARS {
        return Err(AgentError::SecretTooShort);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_gate_settings_templates_and_agents() {
        let table = [
            (Role::Owner, true, true, true),
            (Role::Manager, true, true, true),
            (Role::Agent, false, false, false),
        ];
        for (role, settings, templates, agents) in table {
            assert_eq!(role.may_change_settings(), settings, "{role:?}");
            assert_eq!(role.may_manage_templates(), templates, "{role:?}");
            assert_eq!(role.may_manage_agents(), agents, "{role:?}");
        }
    }

    #[test]
    fn only_owners_make_owners() {
        assert!(Role::Owner.may_assign_role(Role::Owner));
        assert!(!Role::Manager.may_assign_role(Role::Owner));
        assert!(Role::Manager.may_assign_role(Role::Agent));
        assert!(!Role::Agent.may_assign_role(Role::Agent));
    }

    #[test]
    fn names_and_secrets_are_checked() {
        assert_eq!(agent_name("  Avi  "), Ok("Avi"));
        assert_eq!(agent_name(" "), Err(AgentError::EmptyName));
        assert_eq!(
            agent_name(&"א".repeat(MAX_NAME_CHARS + 1)),
            Err(AgentError::NameTooLong)
        );
        assert_eq!(check_secret("123"), Err(AgentError::SecretTooShort));
        assert_eq!(check_secret("1234"), Ok(()));
    }

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for automation in Automation::ALL {
            assert_eq!(Automation::parse(automation.as_str()), Some(automation));
        }
    }
}
