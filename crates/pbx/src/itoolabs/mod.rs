//! ITooLabs cloud PBX (MegaFon Virtual PBX, Gravitel and other resellers): the PBX → CRM
//! webhook (PROTOCOLS.md §2.2).

mod adapter;
mod webhook;

pub use adapter::ItoolabsWebhooks;
pub use webhook::{parse_webhook, INVALID_PARAMETERS, INVALID_TOKEN, SECRET_FIELDS};
