//! SQL over the outbox: claiming due messages, recording each result in its
//! own transaction right after the server's reply, back-off for temporary
//! failures, bounces into the suppression list, and finishing campaigns.

use posventa_core::Store;
use rusqlite::{OptionalExtension, Transaction, params};

use crate::error::Result;

/// Attempts before a temporary failure becomes `failed`.
pub const MAX_ATTEMPTS: i64 = 8;

/// One message taken for sending (state `sending`).
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub campaign_id: Option<i64>,
    pub kind: String,
    pub to_address: String,
    pub to_name: String,
    pub email_key: String,
    pub message_id: String,
    pub unsubscribe_token: String,
    pub vars: String,
    pub attempts: i64,
    pub created_at: i64,
}

/// What a claim did: messages to send, and campaigns that had suppressed
/// recipients skipped (their progress changed).
#[derive(Debug, Default)]
pub struct Claim {
    pub messages: Vec<Claimed>,
    pub skipped_in: Vec<i64>,
}

/// How a message attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent {
        code: u16,
        reply: String,
    },
    /// Written as an .eml file (no relay).
    Saved {
        path: String,
    },
    Temporary {
        code: Option<u16>,
        reply: String,
    },
    /// `bounce`: the 5xx answered RCPT TO, so the address itself is bad.
    Permanent {
        code: Option<u16>,
        reply: String,
        bounce: bool,
    },
}

/// Retry policy for temporary failures: exponential back-off with jitter.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub max_attempts: i64,
    pub base_ms: i64,
    pub max_ms: i64,
}

impl Default for Backoff {
    fn default() -> Self {
        // 1 min, 2, 4 … capped at 2 h: eight attempts span about four hours.
        Backoff { max_attempts: MAX_ATTEMPTS, base_ms: 60_000, max_ms: 2 * 3_600_000 }
    }
}

impl Backoff {
    /// Delay before attempt `attempts + 1`, ±25 % jitter so a relay that was
    /// down is not hit by every message at the same instant.
    pub fn delay_ms(&self, attempts: i64) -> i64 {
        let exp = self.base_ms.saturating_mul(1i64 << (attempts - 1).clamp(0, 30)).min(self.max_ms);
        let jitter = exp / 4;
        exp - jitter + fastrand::i64(0..=2 * jitter)
    }
}

/// After a crash, messages left in `sending` were never confirmed: they go
/// back to `queued` (at most the one in flight per connection is sent twice).
pub fn recover_interrupted(store: &Store, now: i64) -> Result<usize> {
    Ok(store.write(|tx| {
        Ok(tx.execute("UPDATE outbox SET state = 'queued', updated_at = ?1 WHERE state = 'sending'", [now])?)
    })?)
}

/// Takes up to `limit` due messages of running campaigns (or without a
/// campaign) and marks them `sending`, in one transaction. Suppressed
/// addresses are skipped here, at the last moment, with the reason.
pub fn claim(store: &Store, now: i64, limit: usize) -> Result<Claim> {
    Ok(store.write(|tx| {
        let mut claim = Claim::default();
        let mut select = tx.prepare_cached(
            "SELECT o.id, o.campaign_id, o.kind, o.to_address, o.to_name, o.email_key, o.message_id,
                    o.unsubscribe_token, o.vars, o.attempts, o.created_at, s.reason
             FROM outbox o
             LEFT JOIN campaigns c ON c.id = o.campaign_id
             LEFT JOIN suppressions s ON s.email_key = o.email_key
             WHERE o.state = 'queued' AND o.retry_at <= ?1 AND (o.campaign_id IS NULL OR c.status = 'sending')
             ORDER BY o.retry_at, o.id LIMIT ?2",
        )?;
        let rows = select.query_map(params![now, limit as i64], |r| {
            Ok((
                Claimed {
                    id: r.get(0)?,
                    campaign_id: r.get(1)?,
                    kind: r.get(2)?,
                    to_address: r.get(3)?,
                    to_name: r.get(4)?,
                    email_key: r.get(5)?,
                    message_id: r.get(6)?,
                    unsubscribe_token: r.get(7)?,
                    vars: r.get(8)?,
                    attempts: r.get(9)?,
                    created_at: r.get(10)?,
                },
                r.get::<_, Option<String>>(11)?,
            ))
        })?;
        let mut mark = tx.prepare_cached("UPDATE outbox SET state = 'sending', updated_at = ?2 WHERE id = ?1")?;
        for row in rows {
            let (message, suppressed) = row?;
            match suppressed {
                Some(reason) => {
                    let reply = format!("suppressed:{reason}");
                    tx.execute(
                        "UPDATE outbox SET state = 'skipped', last_reply = ?2, updated_at = ?3 WHERE id = ?1",
                        params![message.id, reply, now],
                    )?;
                    attempt(tx, message.id, now, "skipped", None, &reply)?;
                    if let Some(c) = message.campaign_id
                        && !claim.skipped_in.contains(&c)
                    {
                        claim.skipped_in.push(c);
                    }
                }
                None => {
                    mark.execute(params![message.id, now])?;
                    claim.messages.push(message);
                }
            }
        }
        Ok(claim)
    })?)
}

/// Puts claimed but unsent messages back (pause, settings change, shutdown):
/// no attempt is recorded, nothing was sent.
pub fn release(store: &Store, ids: &[i64], now: i64) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    Ok(store.write(|tx| {
        let mut update = tx.prepare_cached(
            "UPDATE outbox SET state = 'queued', updated_at = ?2 WHERE id = ?1 AND state = 'sending'",
        )?;
        for id in ids {
            update.execute(params![id, now])?;
        }
        Ok(())
    })?)
}

fn attempt(
    tx: &Transaction<'_>,
    id: i64,
    at: i64,
    outcome: &str,
    code: Option<u16>,
    reply: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO outbox_attempts (outbox_id, at, outcome, code, reply) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, at, outcome, code, reply])?;
    Ok(())
}

/// The state a message ended in after [`record`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    Sent,
    Retry,
    Failed,
}

/// Records one attempt's result in its own transaction. Called right after
/// the server's reply: once this commits, a crash cannot resend it.
pub fn record(store: &Store, message: &Claimed, result: &Delivery, backoff: &Backoff, now: i64) -> Result<After> {
    Ok(store.write(|tx| {
        let id = message.id;
        Ok(match result {
            Delivery::Sent { code, reply } => {
                tx.prepare_cached(
                    "UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_code = ?2, last_reply = ?3,
                         updated_at = ?4 WHERE id = ?1",
                )?
                .execute(params![id, code, reply, now])?;
                attempt(tx, id, now, "sent", Some(*code), reply)?;
                After::Sent
            }
            Delivery::Saved { path } => {
                tx.execute(
                    "UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_code = NULL, last_reply = ?2,
                         updated_at = ?3 WHERE id = ?1",
                    params![id, path, now],
                )?;
                attempt(tx, id, now, "saved", None, path)?;
                After::Sent
            }
            Delivery::Temporary { code, reply } => {
                let attempts = message.attempts + 1;
                let (state, after) =
                    if attempts >= backoff.max_attempts { ("failed", After::Failed) } else { ("queued", After::Retry) };
                tx.execute(
                    "UPDATE outbox SET state = ?2, attempts = ?3, retry_at = ?4, last_code = ?5, last_reply = ?6,
                         updated_at = ?7 WHERE id = ?1",
                    params![id, state, attempts, now + backoff.delay_ms(attempts), code, reply, now],
                )?;
                attempt(tx, id, now, "temporary", *code, reply)?;
                after
            }
            Delivery::Permanent { code, reply, bounce } => {
                tx.execute(
                    "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_code = ?2, last_reply = ?3,
                         updated_at = ?4 WHERE id = ?1",
                    params![id, code, reply, now],
                )?;
                attempt(tx, id, now, "permanent", *code, reply)?;
                if *bounce {
                    suppress(tx, &message.email_key, "bounced", reply, now)?;
                }
                After::Failed
            }
        })
    })?)
}

fn suppress(tx: &Transaction<'_>, email_key: &str, reason: &str, detail: &str, now: i64) -> rusqlite::Result<()> {
    // The first reason stays (an unsubscribe is not turned into a bounce).
    tx.execute(
        "INSERT INTO suppressions (email_key, reason, detail, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (email_key) DO NOTHING",
        params![email_key, reason, detail, now],
    )?;
    let status = match reason {
        "bounced" => "bounced",
        "complained" => "complained",
        _ => "unsubscribed",
    };
    tx.execute(
        "UPDATE subscribers SET status = ?2, updated_at = ?3 WHERE email_key = ?1 AND status IN ('pending', 'subscribed')",
        params![email_key, status, now],
    )?;
    Ok(())
}

/// The seam for asynchronous bounce and complaint reports (read from a
/// mailbox later): suppresses the address with `reason` (`bounced` or
/// `complained`) and the report's text.
pub fn record_bounce(store: &Store, email: &str, reason: &str, detail: &str) -> Result<()> {
    if !matches!(reason, "bounced" | "complained") {
        return Err(posventa_core::Error::invalid("reason", "reason_invalid").into());
    }
    let key = email.trim().to_lowercase();
    let now = now_ms();
    Ok(store.write(|tx| Ok(suppress(tx, &key, reason, detail, now)?))?)
}

/// Sets every `sending` campaign with nothing left to send to `sent`.
pub fn finish_campaigns(store: &Store, now: i64) -> Result<Vec<i64>> {
    Ok(store.write(|tx| {
        let mut stmt = tx.prepare_cached(
            "UPDATE campaigns SET status = 'sent', finished_at = ?1, updated_at = ?1
             WHERE status = 'sending' AND NOT EXISTS (
                 SELECT 1 FROM outbox WHERE campaign_id = campaigns.id AND state IN ('queued', 'sending'))
             RETURNING id",
        )?;
        let ids = stmt.query_map([now], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(ids)
    })?)
}

/// An authentication or TLS failure stops every running campaign with the
/// server's words instead of burning through the list.
pub fn pause_sending(store: &Store, reason: &str, detail: &str, now: i64) -> Result<Vec<i64>> {
    Ok(store.write(|tx| {
        let mut stmt = tx.prepare_cached(
            "UPDATE campaigns SET status = 'paused', pause_reason = ?1, pause_detail = ?2, updated_at = ?3
             WHERE status = 'sending' RETURNING id",
        )?;
        let ids =
            stmt.query_map(params![reason, detail, now], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(ids)
    })?)
}

/// When the next queued message becomes due (for the engine's sleep).
pub fn next_due(store: &Store) -> Result<Option<i64>> {
    Ok(store.read(|c| {
        Ok(c.query_row(
            "SELECT min(o.retry_at) FROM outbox o LEFT JOIN campaigns c ON c.id = o.campaign_id
             WHERE o.state = 'queued' AND (o.campaign_id IS NULL OR c.status = 'sending')",
            [],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten())
    })?)
}

/// Counts by state for one campaign's progress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
    pub remaining: i64,
}

pub fn counts(store: &Store, campaign_id: i64) -> Result<Counts> {
    Ok(store.read(|c| {
        let mut counts = Counts::default();
        let mut stmt = c.prepare_cached("SELECT state, count(*) FROM outbox WHERE campaign_id = ?1 GROUP BY state")?;
        let rows = stmt.query_map([campaign_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (state, n) = row?;
            match state.as_str() {
                "sent" => counts.sent += n,
                "failed" => counts.failed += n,
                "skipped" | "cancelled" => counts.skipped += n,
                _ => counts.remaining += n,
            }
        }
        Ok(counts)
    })?)
}

/// Unix milliseconds, UTC.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}
