//! Fan-out of committed events to connected clients: the [`Broker`] carries events between the
//! writer and every node's [`LocalHub`] (this node's sessions); gaps on arrival and the
//! position sync send sessions to the store for what the broker lost.

mod broker;
mod hub;
mod nats;
pub mod sync;

pub use broker::{Broker, BrokerError, InProcessBroker};
pub use hub::{Delivered, LocalHub, Subscription};
pub use nats::NatsBroker;
