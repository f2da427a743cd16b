//! The WhatsApp Cloud API as Parley speaks it.
//!
//! - [`signature`]: `X-Hub-Signature-256`, checked over the exact bytes received.
//! - [`webhook`]: tolerant parsing of Meta's webhook deliveries.
//! - [`api`]: request and response bodies of the endpoints Parley calls.
//! - [`client`]: the HTTP client, with a configurable base URL and Graph API version.

pub mod api;
pub mod client;
pub mod signature;
pub mod webhook;

pub use client::{ApiError, CloudClient};
