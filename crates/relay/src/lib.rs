//! callcard-relay: PBX webhooks in, durable call events out to the right agents.
//!
//! Layout: `http` (webhooks, WebSocket, REST) → `ingest` (the single batching writer) →
//! `store` (durable state, behind a trait) → `hub` (fan-out, behind a trait). `call_model`
//! is the pure merge of provider events into one call; `cli` and `server` are the binary's
//! two faces.

pub mod auth;
pub mod call_model;
pub mod cli;
pub mod config;
pub mod http;
pub mod hub;
pub mod ingest;
pub mod pbx_api;
pub mod server;
pub mod store;
