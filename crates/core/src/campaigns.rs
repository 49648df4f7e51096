//! Campaigns: the content (subject, preheader, Markdown body with
//! placeholders), the audience, and the life cycle draft → scheduled →
//! sending ⇄ paused → sent | cancelled. Starting writes every recipient into
//! the outbox in one transaction; the mail engine (crates/mail) sends them.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Problems, Result};
use crate::newsletter::{first_name, insert_outbox};
use crate::segments::Audience;
use crate::store::{Store, now_ms};
use crate::text;

pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 200_000;
/// How far ahead a campaign may be scheduled: a year (and a day). Later is
/// a mistyped year, and the campaign would silently never go out.
pub const SCHEDULE_AHEAD_MAX_MS: i64 = 366 * 86_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    Draft,
    Scheduled,
    Sending,
    Paused,
    Sent,
    Cancelled,
}

impl CampaignStatus {
    fn parse(value: &str) -> Self {
        match value {
            "scheduled" => Self::Scheduled,
            "sending" => Self::Sending,
            "paused" => Self::Paused,
            "sent" => Self::Sent,
            "cancelled" => Self::Cancelled,
            _ => Self::Draft,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct CampaignInput {
    pub name: String,
    pub subject: String,
    pub preheader: String,
    pub body_md: String,
    pub audience: Audience,
}

/// Where each recipient stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct CampaignCounts {
    #[ts(type = "number")]
    pub total: i64,
    /// Queued or being sent right now.
    #[ts(type = "number")]
    pub remaining: i64,
    #[ts(type = "number")]
    pub sent: i64,
    #[ts(type = "number")]
    pub failed: i64,
    #[ts(type = "number")]
    pub skipped: i64,
    #[ts(type = "number")]
    pub cancelled: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Campaign {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub subject: String,
    pub preheader: String,
    pub body_md: String,
    pub audience: Audience,
    pub status: CampaignStatus,
    /// Why it is paused: `owner`, `auth_failed`, `tls_failed`, `relay_unreachable`.
    pub pause_reason: Option<String>,
    /// The server's own words when the relay paused it.
    pub pause_detail: String,
    #[ts(type = "number | null")]
    pub scheduled_at: Option<i64>,
    #[ts(type = "number | null")]
    pub started_at: Option<i64>,
    #[ts(type = "number | null")]
    pub finished_at: Option<i64>,
    #[ts(type = "number")]
    pub created_at: i64,
    pub counts: CampaignCounts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum RecipientState {
    Queued,
    Sending,
    Sent,
    Failed,
    Skipped,
    Cancelled,
}

impl RecipientState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
            Self::Cancelled => "cancelled",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "sending" => Self::Sending,
            "sent" => Self::Sent,
            "failed" => Self::Failed,
            "skipped" => Self::Skipped,
            "cancelled" => Self::Cancelled,
            _ => Self::Queued,
        }
    }
}

/// One recipient of a campaign and what happened to their message.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CampaignRecipient {
    #[ts(type = "number")]
    pub id: i64,
    pub email: String,
    pub name: String,
    pub state: RecipientState,
    #[ts(type = "number")]
    pub attempts: i64,
    #[ts(type = "number | null")]
    pub last_code: Option<i64>,
    /// The server's reply, or why it was skipped (`suppressed:bounced`…).
    pub last_reply: String,
    #[ts(type = "number")]
    pub updated_at: i64,
}

struct Clean {
    name: String,
    subject: String,
    preheader: String,
    body_md: String,
    audience: String,
}

fn clean(conn: &Connection, input: &CampaignInput) -> Result<Clean> {
    let mut problems = Problems::default();
    let mut line = |field: &str, value: &str, required: bool| {
        let value = value.trim();
        if required && value.is_empty() {
            problems.add(field, "required");
        } else if value.chars().count() > SUBJECT_MAX {
            problems.add(field, "too_long");
        } else if text::has_control_chars(value) {
            // Subjects and names go into headers: no CR/LF, ever.
            problems.add(field, "text_invalid");
        }
        value.to_owned()
    };
    let name = line("name", &input.name, true);
    let subject = line("subject", &input.subject, true);
    let preheader = line("preheader", &input.preheader, false);
    // Stored as typed; the check is the one every multi-line text gets.
    text::clean_multiline(&mut problems, "body_md", &input.body_md, BODY_MAX);
    if let Err(Error::Invalid(fields)) = input.audience.validate(conn) {
        for f in fields {
            problems.add(f.field, &f.code);
        }
    }
    problems.into_result()?;
    let audience = serde_json::to_string(&input.audience).expect("an audience always serialises");
    Ok(Clean { name, subject, preheader, body_md: input.body_md.clone(), audience })
}

pub fn create(store: &Store, input: &CampaignInput) -> Result<Campaign> {
    store.write(|tx| {
        let c = clean(tx, input)?;
        let now = now_ms();
        tx.execute(
            "INSERT INTO campaigns (name, subject, preheader, body_md, audience, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?6)",
            params![c.name, c.subject, c.preheader, c.body_md, c.audience, now],
        )?;
        load(tx, tx.last_insert_rowid())
    })
}

/// Edits a draft (or a scheduled campaign, which stays scheduled).
pub fn update(store: &Store, id: i64, input: &CampaignInput) -> Result<Campaign> {
    store.write(|tx| {
        let current = load(tx, id)?;
        if !matches!(current.status, CampaignStatus::Draft | CampaignStatus::Scheduled) {
            return Err(Error::invalid("status", "campaign_not_editable"));
        }
        let c = clean(tx, input)?;
        tx.execute(
            "UPDATE campaigns SET name = ?2, subject = ?3, preheader = ?4, body_md = ?5, audience = ?6, updated_at = ?7
             WHERE id = ?1",
            params![id, c.name, c.subject, c.preheader, c.body_md, c.audience, now_ms()],
        )?;
        load(tx, id)
    })
}

/// Drafts can be thrown away; anything that was sent is kept as a record.
pub fn delete(store: &Store, id: i64) -> Result<()> {
    store.write(|tx| {
        if load(tx, id)?.status != CampaignStatus::Draft {
            return Err(Error::invalid("status", "campaign_not_editable"));
        }
        tx.execute("DELETE FROM campaigns WHERE id = ?1", [id])?;
        Ok(())
    })
}

pub fn get(store: &Store, id: i64) -> Result<Campaign> {
    store.read(|conn| load(conn, id))
}

/// Newest first.
pub fn list(store: &Store) -> Result<Vec<Campaign>> {
    store.read(|conn| {
        let ids: Vec<i64> = conn
            .prepare("SELECT id FROM campaigns ORDER BY created_at DESC, id DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| load(conn, id)).collect()
    })
}

const COLUMNS: &str = "SELECT id, name, subject, preheader, body_md, audience, status, pause_reason, pause_detail,
    scheduled_at, started_at, finished_at, created_at FROM campaigns";

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Campaign> {
    let mut campaign = conn
        .query_row(&format!("{COLUMNS} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::NotFound { entity: "campaign", id })?;
    campaign.counts = counts(conn, id)?;
    Ok(campaign)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Campaign> {
    let audience: String = row.get(5)?;
    Ok(Campaign {
        id: row.get(0)?,
        name: row.get(1)?,
        subject: row.get(2)?,
        preheader: row.get(3)?,
        body_md: row.get(4)?,
        audience: serde_json::from_str(&audience).unwrap_or(Audience { list_id: None, rules: Vec::new() }),
        status: CampaignStatus::parse(&row.get::<_, String>(6)?),
        pause_reason: row.get(7)?,
        pause_detail: row.get(8)?,
        scheduled_at: row.get(9)?,
        started_at: row.get(10)?,
        finished_at: row.get(11)?,
        created_at: row.get(12)?,
        counts: CampaignCounts::default(),
    })
}

pub fn counts(conn: &Connection, id: i64) -> Result<CampaignCounts> {
    let mut c = CampaignCounts::default();
    let mut stmt = conn.prepare_cached(
        "SELECT state, count(*) FROM outbox WHERE campaign_id = ?1 AND kind = 'campaign' GROUP BY state",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (state, n) = row?;
        c.total += n;
        match RecipientState::parse(&state) {
            RecipientState::Queued | RecipientState::Sending => c.remaining += n,
            RecipientState::Sent => c.sent += n,
            RecipientState::Failed => c.failed += n,
            RecipientState::Skipped => c.skipped += n,
            RecipientState::Cancelled => c.cancelled += n,
        }
    }
    Ok(c)
}

/// Starts sending now: every recipient is written into the outbox in this
/// one transaction (suppressed ones as `skipped`, with the reason).
pub fn start(store: &Store, id: i64) -> Result<Campaign> {
    store.write(|tx| {
        let campaign = load(tx, id)?;
        if !matches!(campaign.status, CampaignStatus::Draft | CampaignStatus::Scheduled) {
            return Err(Error::invalid("status", "campaign_already_started"));
        }
        materialise(tx, &campaign)?;
        load(tx, id)
    })
}

fn materialise(tx: &Transaction<'_>, campaign: &Campaign) -> Result<()> {
    let recipients = campaign.audience.recipients(tx)?;
    if recipients.is_empty() {
        return Err(Error::invalid("audience", "audience_empty"));
    }
    let now = now_ms();
    let mut attempt = tx
        .prepare_cached("INSERT INTO outbox_attempts (outbox_id, at, outcome, reply) VALUES (?1, ?2, 'skipped', ?3)")?;
    for r in &recipients {
        let vars = serde_json::json!({ "name": r.name, "first_name": first_name(&r.name), "email": r.email });
        let (state, reply) = match &r.suppressed {
            Some(reason) => ("skipped", format!("suppressed:{reason}")),
            None => ("queued", String::new()),
        };
        let row =
            insert_outbox(tx, Some(campaign.id), "campaign", &r.email, &r.email_key, &r.name, &vars, state, &reply)?;
        if state == "skipped" {
            attempt.execute(params![row, now, reply])?;
        }
    }
    // Nothing to send (everyone suppressed): the campaign is done at once.
    let anyone = recipients.iter().any(|r| r.suppressed.is_none());
    tx.execute(
        "UPDATE campaigns SET status = ?2, started_at = ?3, finished_at = ?4, pause_reason = NULL, pause_detail = '',
             updated_at = ?3 WHERE id = ?1",
        params![campaign.id, if anyone { "sending" } else { "sent" }, now, (!anyone).then_some(now)],
    )?;
    Ok(())
}

/// Sends later, at `at` (unix ms); the engine starts it when due.
pub fn schedule(store: &Store, id: i64, at: i64) -> Result<Campaign> {
    store.write(|tx| {
        let campaign = load(tx, id)?;
        if !matches!(campaign.status, CampaignStatus::Draft | CampaignStatus::Scheduled) {
            return Err(Error::invalid("status", "campaign_already_started"));
        }
        if at <= now_ms() {
            return Err(Error::invalid("scheduled_at", "date_in_past"));
        }
        if at > now_ms().saturating_add(SCHEDULE_AHEAD_MAX_MS) {
            return Err(Error::invalid("scheduled_at", "date_invalid"));
        }
        tx.execute(
            "UPDATE campaigns SET status = 'scheduled', scheduled_at = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, at, now_ms()],
        )?;
        load(tx, id)
    })
}

/// Back to draft from scheduled.
pub fn unschedule(store: &Store, id: i64) -> Result<Campaign> {
    transition(store, id, &[CampaignStatus::Scheduled], "status = 'draft', scheduled_at = NULL")
}

/// Starts every scheduled campaign whose time has come. Called by the engine.
pub fn start_due(store: &Store, now: i64) -> Result<Vec<i64>> {
    let due: Vec<i64> = store.read(|conn| {
        Ok(conn
            .prepare(
                "SELECT id FROM campaigns WHERE status = 'scheduled' AND scheduled_at <= ?1 ORDER BY scheduled_at",
            )?
            .query_map([now], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    })?;
    let mut started = Vec::new();
    for id in due {
        match start(store, id) {
            Ok(_) => started.push(id),
            // Nobody left to mail (everyone unsubscribed meanwhile): it ends,
            // rather than being retried every second.
            Err(Error::Invalid(_)) => {
                store.write(|tx| {
                    tx.execute(
                        "UPDATE campaigns SET status = 'sent', finished_at = ?2, updated_at = ?2
                         WHERE id = ?1 AND status = 'scheduled'",
                        params![id, now_ms()],
                    )?;
                    Ok(())
                })?;
            }
            Err(e) => return Err(e),
        }
    }
    Ok(started)
}

pub fn pause(store: &Store, id: i64) -> Result<Campaign> {
    transition(store, id, &[CampaignStatus::Sending], "status = 'paused', pause_reason = 'owner', pause_detail = ''")
}

pub fn resume(store: &Store, id: i64) -> Result<Campaign> {
    transition(store, id, &[CampaignStatus::Paused], "status = 'sending', pause_reason = NULL, pause_detail = ''")
}

/// Stops for good: whoever has not been sent to yet is marked `cancelled`.
/// A message already handed to the server finishes normally.
pub fn cancel(store: &Store, id: i64) -> Result<Campaign> {
    store.write(|tx| {
        let campaign = load(tx, id)?;
        if !matches!(campaign.status, CampaignStatus::Scheduled | CampaignStatus::Sending | CampaignStatus::Paused) {
            return Err(Error::invalid("status", "campaign_not_running"));
        }
        let now = now_ms();
        tx.execute(
            "UPDATE outbox SET state = 'cancelled', updated_at = ?2 WHERE campaign_id = ?1 AND state = 'queued'",
            params![id, now],
        )?;
        tx.execute(
            "UPDATE campaigns SET status = 'cancelled', finished_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        load(tx, id)
    })
}

fn transition(store: &Store, id: i64, from: &[CampaignStatus], set: &str) -> Result<Campaign> {
    store.write(|tx| {
        let campaign = load(tx, id)?;
        if !from.contains(&campaign.status) {
            return Err(Error::invalid("status", "campaign_wrong_status"));
        }
        tx.execute(&format!("UPDATE campaigns SET {set}, updated_at = ?2 WHERE id = ?1"), params![id, now_ms()])?;
        load(tx, id)
    })
}

/// A page of recipients, optionally only those in `state`.
pub fn recipients(
    store: &Store,
    id: i64,
    state: Option<RecipientState>,
    limit: u32,
    offset: u32,
) -> Result<Vec<CampaignRecipient>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT id, to_address, to_name, state, attempts, last_code, last_reply, updated_at FROM outbox
             WHERE campaign_id = ?1 AND kind = 'campaign' AND (?2 IS NULL OR state = ?2)
             ORDER BY id LIMIT ?3 OFFSET ?4",
        )?;
        let rows = stmt.query_map(params![id, state.map(RecipientState::as_str), limit, offset], |r| {
            Ok(CampaignRecipient {
                id: r.get(0)?,
                email: r.get(1)?,
                name: r.get(2)?,
                state: RecipientState::parse(&r.get::<_, String>(3)?),
                attempts: r.get(4)?,
                last_code: r.get(5)?,
                last_reply: r.get(6)?,
                updated_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::newsletter::{self, ConsentMethod, ListInput, SubscriberInput, SuppressionReason};
    use crate::testkit::TestStore;

    fn list_with(store: &Store, emails: &[&str]) -> i64 {
        let list = newsletter::create_list(
            store,
            &ListInput { name: "Club".into(), double_opt_in: false, consent_text: "Sí".into() },
        )
        .unwrap();
        for email in emails {
            newsletter::add_subscriber(
                store,
                list.id,
                &SubscriberInput {
                    email: (*email).into(),
                    name: "Ana Núñez".into(),
                    consent_method: ConsentMethod::Form,
                },
            )
            .unwrap();
        }
        list.id
    }

    fn input(list_id: i64) -> CampaignInput {
        CampaignInput {
            name: "Rebajas".into(),
            subject: "Hola {{ first_name }}".into(),
            preheader: String::new(),
            body_md: "**Rebajas** en {{ shop_name }}".into(),
            audience: Audience { list_id: Some(list_id), rules: vec![] },
        }
    }

    #[test]
    fn starting_writes_every_recipient_once_and_skips_suppressed_with_the_reason() {
        let t = TestStore::new();
        let list = list_with(&t.store, &["a@example.com", "b@example.com", "c@example.com"]);
        newsletter::suppress(&t.store, "c@example.com", SuppressionReason::Bounced, "550 no such user").unwrap();
        let campaign = create(&t.store, &input(list)).unwrap();
        assert_eq!(campaign.status, CampaignStatus::Draft);
        let started = start(&t.store, campaign.id).unwrap();
        assert_eq!(started.status, CampaignStatus::Sending);
        assert_eq!(started.counts, CampaignCounts { total: 2, remaining: 2, ..Default::default() });
        // c's subscription was marked bounced with the suppression: the list
        // no longer selects it.
        let rows = recipients(&t.store, campaign.id, None, 10, 0).unwrap();
        let emails: Vec<_> = rows.iter().map(|r| r.email.as_str()).collect();
        assert_eq!(emails, ["a@example.com", "b@example.com"]);
        let again = start(&t.store, campaign.id).unwrap_err();
        assert_eq!(again.payload().fields[0].code, "campaign_already_started", "recipients are written once");
        let ids: i64 = t
            .store
            .read(|c| Ok(c.query_row("SELECT count(DISTINCT message_id) FROM outbox", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(ids, 2, "each message has its own Message-ID, fixed before sending");
    }

    #[test]
    fn a_segment_campaign_skips_suppressed_customers_and_says_why() {
        let t = TestStore::new();
        for (name, email) in [("Ana", "ana@example.com"), ("Eva", "eva@example.com")] {
            crate::customers::create(
                &t.store,
                &crate::customers::CustomerInput { email: Some(email.into()), ..crate::testkit::customer_input(name) },
            )
            .unwrap();
        }
        newsletter::suppress(&t.store, "eva@example.com", SuppressionReason::Unsubscribed, "").unwrap();
        let mut i = input(0);
        i.audience = Audience { list_id: None, rules: vec![] };
        let c = start(&t.store, create(&t.store, &i).unwrap().id).unwrap();
        assert_eq!((c.counts.remaining, c.counts.skipped), (1, 1));
        let skipped = recipients(&t.store, c.id, Some(RecipientState::Skipped), 10, 0).unwrap();
        assert_eq!(skipped[0].email, "eva@example.com");
        assert_eq!(skipped[0].last_reply, "suppressed:unsubscribed");
    }

    #[test]
    fn life_cycle_pause_resume_cancel_and_schedule() {
        let t = TestStore::new();
        let list = list_with(&t.store, &["a@example.com", "b@example.com"]);
        let c = create(&t.store, &input(list)).unwrap();
        let past = schedule(&t.store, c.id, 1).unwrap_err();
        assert_eq!(past.payload().fields[0].code, "date_in_past");
        let at = now_ms() + 60_000;
        assert_eq!(schedule(&t.store, c.id, at).unwrap().status, CampaignStatus::Scheduled);
        assert!(start_due(&t.store, now_ms()).unwrap().is_empty(), "not due yet");
        assert_eq!(start_due(&t.store, at).unwrap(), [c.id]);
        assert_eq!(pause(&t.store, c.id).unwrap().pause_reason.as_deref(), Some("owner"));
        assert_eq!(resume(&t.store, c.id).unwrap().status, CampaignStatus::Sending);
        let cancelled = cancel(&t.store, c.id).unwrap();
        assert_eq!(cancelled.status, CampaignStatus::Cancelled);
        assert_eq!(cancelled.counts.cancelled, 2);
        assert_eq!(cancelled.counts.remaining, 0);
        assert!(delete(&t.store, c.id).is_err(), "a sent or cancelled campaign is kept as a record");
    }

    #[test]
    fn header_breaking_subjects_and_bad_audiences_are_refused() {
        let t = TestStore::new();
        let mut bad = input(12345);
        bad.subject = "Hola\r\nBcc: todos@example.com".into();
        let err = create(&t.store, &bad).unwrap_err();
        let fields: Vec<_> = err.payload().fields.into_iter().map(|f| (f.field, f.code)).collect();
        assert!(fields.contains(&("subject".into(), "text_invalid".into())));
        assert!(fields.contains(&("audience.list_id".into(), "list_not_found".into())));
        let empty = list_with(&t.store, &[]);
        let c = create(&t.store, &input(empty)).unwrap();
        assert_eq!(start(&t.store, c.id).unwrap_err().payload().fields[0].code, "audience_empty");
        assert_eq!(get(&t.store, c.id).unwrap().status, CampaignStatus::Draft, "a refused start changes nothing");
    }
}
