//! Thin commands, one module per domain: each reads the open inbox and calls the engine
//! or the store.

pub mod activity;
pub mod inbox;
pub mod notifications;
pub mod settings;
pub mod tunnel;
