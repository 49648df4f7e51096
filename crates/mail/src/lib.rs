//! Posventa's email delivery: the relay settings (password in the OS
//! credential store), message composition, the durable outbox, SMTP and the
//! background engine that drains the outbox. No Tauri here: the shell only
//! starts the engine and forwards its events.

pub mod compose;
pub mod eml;
pub mod engine;
pub mod error;
pub mod outbox;
mod rate;
pub mod settings;
mod smtp;
pub mod transport;

pub use engine::{CampaignProgress, Engine, EngineConfig, Observer};
pub use error::{Error, Result};
