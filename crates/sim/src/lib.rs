//! callcard-sim: a cloud-PBX simulator. It plays real-shaped, correctly signed Zadarma,
//! ITooLabs, UIS and Ringostat webhooks into a relay, and answers those providers' APIs
//! (click-to-call, recordings, UIS's Data API reports, Ringostat's SIP status and contacts), so the whole product runs on one machine without a PBX
//! account.

pub mod api;
pub mod audio;
pub mod config;
pub mod load;
pub mod month;
pub mod plan;
pub mod player;
pub mod render;
pub mod scenario;
pub mod state;
pub mod stop;
