//! The response collector: the small web service that survey links and the
//! https `List-Unsubscribe` header point at (docs/collector-protocol.md).
//!
//! - [`token`]: signing and verifying link tokens and the pull API's key.
//!   Always built; the desktop app depends on this crate with
//!   `default-features = false` and gets only this module.
//! - `client` (cargo feature `client`): the app's pull-apply-acknowledge loop.
//! - `server` (cargo feature `server`, on by default): the HTTP service,
//!   its SQLite store and its pages, run by the `posventa-collector` binary.

pub mod token;

#[cfg(feature = "client")]
pub mod client;

#[cfg(feature = "server")]
pub mod server;

pub use token::{Invalid, Keys, Lang, Reference, Survey, Token};
