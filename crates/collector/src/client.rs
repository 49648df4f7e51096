//! The app's side of the pull API (feature `client`): pull the events after
//! a cursor, hand each page to the caller to apply (with the page's new
//! cursor, in one transaction on the caller's side), then acknowledge it.
//! A crash between applying and acknowledging repeats a page, which the
//! caller's idempotent apply turns into no change.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::token::Keys;

/// Events per request (the collector's maximum is 5,000).
pub const PAGE: u32 = 2_000;

#[derive(Debug)]
pub enum SyncError<E> {
    /// No answer, or not HTTP.
    Unreachable(String),
    /// 401: the collector has another secret.
    Unauthorized,
    /// Anything else unexpected from the collector.
    InvalidResponse(String),
    /// The caller's apply failed; nothing of that page was acknowledged.
    Apply(E),
}

#[derive(Deserialize)]
struct Page<T> {
    events: Vec<T>,
    next: i64,
}

#[derive(Serialize)]
struct Ack {
    up_to: i64,
}

/// Pulls and applies every pending event. `apply(events, next)` must store
/// the events and `next` as the new cursor atomically, and return the
/// cursor to continue from.
pub async fn sync<T, E>(
    client: &reqwest::Client,
    base_url: &str,
    keys: &Keys,
    mut cursor: i64,
    mut apply: impl FnMut(&[T], i64) -> Result<(), E>,
) -> Result<(), SyncError<E>>
where
    T: DeserializeOwned,
{
    let base = base_url.trim_end_matches('/');
    let bearer = format!("Bearer {}", keys.api_key());
    loop {
        let response = client
            .get(format!("{base}/api/events"))
            .query(&[("after", cursor.to_string()), ("limit", PAGE.to_string())])
            .header("Authorization", &bearer)
            .send()
            .await
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        if response.status() == reqwest::StatusCode::UNAUTHORIZED {
            return Err(SyncError::Unauthorized);
        }
        let page: Page<T> = response
            .error_for_status()
            .map_err(|e| SyncError::InvalidResponse(e.to_string()))?
            .json()
            .await
            .map_err(|e| SyncError::InvalidResponse(e.to_string()))?;
        if page.events.is_empty() {
            return Ok(());
        }
        apply(&page.events, page.next).map_err(SyncError::Apply)?;
        let acked = client
            .post(format!("{base}/api/ack"))
            .header("Authorization", &bearer)
            .json(&Ack { up_to: page.next })
            .send()
            .await
            .map_err(|e| SyncError::Unreachable(e.to_string()))?;
        if acked.status() == reqwest::StatusCode::UNAUTHORIZED {
            return Err(SyncError::Unauthorized);
        }
        acked.error_for_status().map_err(|e| SyncError::InvalidResponse(e.to_string()))?;
        cursor = page.next;
    }
}
