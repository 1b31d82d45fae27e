//! callcard-relay: PBX webhooks in, durable call events out to the right agents.
//!
//! Layout: `http` (webhooks through `providers`, the WebSocket, the REST API) → `ingest` (the
//! single batching writer) → `store` (durable state behind role traits; the rules themselves are
//! `callcard-domain`'s) → `fanout` (a broker into this node's hub of sessions). `missed` ends
//! silent calls; `admin` is what the console and the admin commands share; `cli` and `server`
//! are the binary's two faces.

pub mod admin;
pub mod auth;
pub mod cli;
pub mod config;
pub mod default_outcomes;
pub mod fanout;
pub mod http;
pub mod ingest;
pub mod metrics;
pub mod missed;
pub mod providers;
pub mod retention;
pub mod server;
pub mod store;
