//! Posventa's core: the local store and the shop's domain (settings,
//! customers, orders, newsletters). Nothing here depends on Tauri, so every rule is
//! testable without a window.

pub mod automations;
pub mod backup;
pub mod bindings;
pub mod campaigns;
pub mod collector;
pub mod complaints;
pub mod coupons;
pub mod customers;
pub mod dashboard;
pub mod drafts;
pub mod error;
pub mod export;
pub mod import;
pub mod loyalty;
pub mod money;
pub mod newsletter;
pub mod orders;
pub mod phone;
pub mod privacy;
pub mod returns;
pub mod search;
mod search_index;
pub mod segments;
pub mod settings;
pub mod store;
pub mod surveys;
mod text;

#[cfg(test)]
mod arguments_tests;
#[cfg(test)]
mod automations_tests;
#[cfg(test)]
mod testkit;

pub use error::{Error, ErrorPayload, FieldError, Result};
pub use store::Store;
