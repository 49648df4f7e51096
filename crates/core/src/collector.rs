//! The app's side of the response collector (docs/collector-protocol.md):
//! where it is, how far the app has read, and applying a batch of its events
//! (answers, unsubscribes) in one transaction with the new cursor, so a
//! crash between applying and acknowledging repeats nothing twice.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::newsletter::{SuppressionReason, suppress_in};
use crate::store::{Store, now_ms};
use crate::surveys::{self, Applied};

/// One event as the collector's pull API sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: i64,
    pub kind: String,
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(default)]
    pub survey: Option<String>,
    #[serde(default)]
    pub score: Option<i64>,
    #[serde(default)]
    pub comment: Option<String>,
    /// Unix seconds.
    pub at: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct SyncCounts {
    pub answers_new: u32,
    pub answers_changed: u32,
    pub unsubscribes: u32,
    /// Events for links this store does not know (or repeats).
    pub ignored: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CollectorState {
    /// Empty: no collector; survey buttons are `mailto:` replies.
    pub url: String,
    #[ts(type = "number")]
    pub cursor: i64,
    #[ts(type = "number | null")]
    pub last_sync_at: Option<i64>,
    pub last_error: String,
}

pub fn state(store: &Store) -> Result<CollectorState> {
    store.read(|conn| {
        Ok(conn.query_row("SELECT url, cursor, last_sync_at, last_error FROM collector WHERE id = 1", [], |r| {
            Ok(CollectorState { url: r.get(0)?, cursor: r.get(1)?, last_sync_at: r.get(2)?, last_error: r.get(3)? })
        })?)
    })
}

/// Sets the collector's base URL (https, or http on loopback for tests and
/// a collector on the same machine); empty turns it off.
pub fn set_url(store: &Store, url: &str) -> Result<CollectorState> {
    let url = url.trim().trim_end_matches('/');
    if !url.is_empty() && !valid_url(url) {
        return Err(Error::invalid("collector_url", "url_invalid"));
    }
    store.write(|tx| {
        tx.execute("UPDATE collector SET url = ?1, last_error = '' WHERE id = 1", [url])?;
        Ok(())
    })?;
    state(store)
}

fn valid_url(url: &str) -> bool {
    let rest = if let Some(rest) = url.strip_prefix("https://") {
        rest
    } else if let Some(rest) = url.strip_prefix("http://") {
        // Plain http only to this machine: links travel in emails.
        if !(rest.starts_with("127.0.0.1") || rest.starts_with("localhost") || rest.starts_with("[::1]")) {
            return false;
        }
        rest
    } else {
        return false;
    };
    !rest.is_empty()
        && rest.len() < 200
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || "-._~:/[]%".contains(c))
        && !rest.starts_with('/')
}

/// Applies `events` and moves the cursor to `next`, all or nothing.
pub fn apply_events(store: &Store, events: &[Event], next: i64) -> Result<SyncCounts> {
    store.write(|tx| {
        let cursor: i64 = tx.query_row("SELECT cursor FROM collector WHERE id = 1", [], |r| r.get(0))?;
        let mut counts = SyncCounts::default();
        for event in events {
            if event.id <= cursor {
                counts.ignored += 1;
                continue;
            }
            match event.kind.as_str() {
                "answer" => {
                    let applied = match event.score {
                        Some(score) => surveys::apply_answer(
                            tx,
                            &event.reference,
                            score,
                            event.comment.as_deref().unwrap_or(""),
                            event.at.saturating_mul(1000),
                        )?,
                        None => Applied::Unknown,
                    };
                    match applied {
                        Applied::New => counts.answers_new += 1,
                        Applied::Changed => counts.answers_changed += 1,
                        Applied::Unchanged | Applied::Unknown => counts.ignored += 1,
                    }
                }
                "unsubscribe" => {
                    let key: Option<String> = tx
                        .query_row(
                            "SELECT email_key FROM outbox WHERE unsubscribe_token = ?1",
                            [&event.reference],
                            |r| r.get(0),
                        )
                        .optional()?;
                    match key {
                        Some(key) => {
                            suppress_in(tx, &key, SuppressionReason::Unsubscribed, "link")?;
                            counts.unsubscribes += 1;
                        }
                        None => counts.ignored += 1,
                    }
                }
                _ => counts.ignored += 1,
            }
        }
        tx.execute(
            "UPDATE collector SET cursor = max(cursor, ?1), last_sync_at = ?2, last_error = '' WHERE id = 1",
            params![next, now_ms()],
        )?;
        Ok(counts)
    })
}

/// Keeps the last failure to show it in the app ("could not reach…").
pub fn record_error(store: &Store, error: &str) -> Result<()> {
    store.write(|tx| {
        tx.execute("UPDATE collector SET last_error = ?1 WHERE id = 1", [error.chars().take(500).collect::<String>()])?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::TestStore;

    #[test]
    fn urls_are_https_or_loopback_http() {
        let t = TestStore::new();
        assert_eq!(set_url(&t.store, "https://encuestas.mitienda.es/").unwrap().url, "https://encuestas.mitienda.es");
        assert_eq!(set_url(&t.store, "http://127.0.0.1:8088").unwrap().url, "http://127.0.0.1:8088");
        for bad in ["http://encuestas.mitienda.es", "ftp://x", "https://", "https://a b", "javascript:alert(1)"] {
            assert_eq!(set_url(&t.store, bad).unwrap_err().payload().fields[0].code, "url_invalid", "{bad}");
        }
        assert_eq!(set_url(&t.store, "").unwrap().url, "", "empty turns the collector off");
    }

    #[test]
    fn events_apply_once_and_move_the_cursor_together() {
        let t = TestStore::new();
        let unknown = Event {
            id: 3,
            kind: "answer".into(),
            reference: "0".repeat(32),
            survey: Some("nps".into()),
            score: Some(9),
            comment: None,
            at: 1,
        };
        let counts = apply_events(&t.store, std::slice::from_ref(&unknown), 3).unwrap();
        assert_eq!(counts.ignored, 1);
        assert_eq!(state(&t.store).unwrap().cursor, 3);
        let again = apply_events(&t.store, &[unknown], 3).unwrap();
        assert_eq!(again.ignored, 1, "an event at or below the cursor is a repeat");
        assert_eq!(state(&t.store).unwrap().cursor, 3, "the cursor never goes back");
    }
}
