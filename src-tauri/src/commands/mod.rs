//! Thin commands, one module per domain: each reads the open inbox and calls the engine
//! or the store.

pub mod activity;
pub mod auto_replies;
pub mod contacts;
pub mod desktop;
pub mod inbox;
pub mod labels;
pub mod notifications;
pub mod quick_replies;
pub mod search;
pub mod settings;
pub mod team;
pub mod templates;
pub mod tunnel;
