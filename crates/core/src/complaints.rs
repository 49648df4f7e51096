//! Complaints, mostly taken on the phone while the customer is on the line.
//! A complaint moves open → in progress → waiting for the customer →
//! resolved → closed (and can be reopened). Its due date comes from the
//! severity's service level and pauses while the shop waits for the
//! customer. Everything done about it is an append-only timeline event;
//! compensation in points goes through the loyalty ledger in the same
//! transaction, so the timeline and the balance never disagree.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::coupons::{self, CouponSource};
use crate::customers::ContactChannel;
use crate::error::{Error, Problems, Result};
use crate::store::Store;
use crate::{loyalty, money, settings, text};

pub const DESCRIPTION_MAX: usize = 10_000;
const NOTE_MAX: usize = 5_000;
const LABEL_MAX: usize = 60;
const CATEGORIES_MAX: usize = 40;
const HOUR_MS: i64 = 3_600_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Normal,
    High,
    Urgent,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Normal => "normal",
            Severity::High => "high",
            Severity::Urgent => "urgent",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "low" => Severity::Low,
            "high" => Severity::High,
            "urgent" => Severity::Urgent,
            _ => Severity::Normal,
        }
    }
}

/// How the complaint reached the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ComplaintChannel")]
pub enum Channel {
    Phone,
    Email,
    InStore,
    Whatsapp,
    Instagram,
    Other,
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::InStore => "in_store",
            Channel::Whatsapp => "whatsapp",
            Channel::Instagram => "instagram",
            Channel::Other => "other",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "email" => Channel::Email,
            "in_store" => Channel::InStore,
            "whatsapp" => Channel::Whatsapp,
            "instagram" => Channel::Instagram,
            "other" => Channel::Other,
            _ => Channel::Phone,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStatus {
    Open,
    InProgress,
    Waiting,
    Resolved,
    Closed,
}

impl ComplaintStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintStatus::Open => "open",
            ComplaintStatus::InProgress => "in_progress",
            ComplaintStatus::Waiting => "waiting",
            ComplaintStatus::Resolved => "resolved",
            ComplaintStatus::Closed => "closed",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "in_progress" => ComplaintStatus::InProgress,
            "waiting" => ComplaintStatus::Waiting,
            "resolved" => ComplaintStatus::Resolved,
            "closed" => ComplaintStatus::Closed,
            _ => ComplaintStatus::Open,
        }
    }

    /// Where a complaint may go from here; resolved and closed ones reopen.
    pub fn next(self) -> &'static [ComplaintStatus] {
        use ComplaintStatus::*;
        match self {
            Open => &[InProgress, Waiting, Resolved],
            InProgress => &[Waiting, Resolved],
            Waiting => &[InProgress, Resolved],
            Resolved => &[Closed, Open],
            Closed => &[Open],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Category {
    #[ts(type = "number")]
    pub id: i64,
    /// A built-in category's key, translated by the UI unless renamed.
    pub key: Option<String>,
    /// The owner's name for it; empty for an untouched built-in one.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ComplaintSettings {
    pub sla_low_hours: u32,
    pub sla_normal_hours: u32,
    pub sla_high_hours: u32,
    pub sla_urgent_hours: u32,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct CategoryInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub label: String,
}

/// The settings form: categories in the order given; one left out is
/// archived (complaints that use it keep showing its name).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ComplaintSettingsInput {
    pub sla_low_hours: u32,
    pub sla_normal_hours: u32,
    pub sla_high_hours: u32,
    pub sla_urgent_hours: u32,
    pub categories: Vec<CategoryInput>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ComplaintInput {
    #[ts(type = "number")]
    pub customer_id: i64,
    #[ts(type = "number | null")]
    pub order_id: Option<i64>,
    #[ts(type = "number")]
    pub category_id: i64,
    pub severity: Severity,
    pub channel: Channel,
    pub reply_channel: ContactChannel,
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Opened,
    Note,
    Call,
    /// A reply sent to the customer by email (the text is the note).
    Email,
    Status,
    Compensation,
}

/// Who opened the complaint: the shop's staff, or an unhappy survey answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ComplaintSource")]
pub enum Source {
    Staff,
    Survey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Compensation {
    Points,
    StoreCredit,
    Refund,
    Replacement,
    Gesture,
}

impl Compensation {
    fn as_str(self) -> &'static str {
        match self {
            Compensation::Points => "points",
            Compensation::StoreCredit => "store_credit",
            Compensation::Refund => "refund",
            Compensation::Replacement => "replacement",
            Compensation::Gesture => "gesture",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "points" => Compensation::Points,
            "store_credit" => Compensation::StoreCredit,
            "refund" => Compensation::Refund,
            "replacement" => Compensation::Replacement,
            _ => Compensation::Gesture,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ComplaintEvent {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub at: i64,
    pub kind: EventKind,
    pub actor: String,
    pub note: String,
    pub status: Option<ComplaintStatus>,
    pub duration_s: Option<u32>,
    pub compensation: Option<Compensation>,
    #[ts(type = "number | null")]
    pub points: Option<i64>,
    #[ts(type = "number | null")]
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    /// Store credit: the code of the coupon it was given as, to read to
    /// the customer. Kept on the event's last line (`Cupón CODE`), so it
    /// needs no column and goes with the note when the customer is erased.
    pub coupon_code: Option<String>,
}

/// The prefix of a complaint's store-credit coupon.
pub const COUPON_PREFIX: &str = "DISCULPA";
/// How the coupon's code is written on the compensation event's note.
const COUPON_LINE: &str = "Cupón ";

/// Splits a compensation event's stored note into what the owner wrote and
/// the coupon code written under it by [`compensate`].
fn split_coupon(stored: String) -> (String, Option<String>) {
    let (before, last) = match stored.rsplit_once('\n') {
        Some((before, last)) => (before, last),
        None => ("", stored.as_str()),
    };
    match last.strip_prefix(COUPON_LINE) {
        Some(code) if code.starts_with(COUPON_PREFIX) && !code.contains(' ') => {
            (before.to_owned(), Some(code.to_owned()))
        }
        _ => (stored, None),
    }
}

/// One line of the complaints list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ComplaintSummary {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub customer_phone: Option<String>,
    #[ts(type = "number | null")]
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    pub category: Category,
    pub severity: Severity,
    pub channel: Channel,
    pub status: ComplaintStatus,
    /// The first line of what the customer said.
    pub headline: String,
    #[ts(type = "number | null")]
    pub due_at: Option<i64>,
    /// Past its due date and not paused, resolved or closed.
    pub overdue: bool,
    #[ts(type = "number")]
    pub created_at: i64,
    pub source: Source,
    /// For a complaint opened by a survey answer: the survey and the score.
    pub survey_kind: Option<crate::surveys::SurveyKind>,
    #[ts(type = "number | null")]
    pub survey_score: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Complaint {
    pub summary: ComplaintSummary,
    pub customer_email: Option<String>,
    pub reply_channel: ContactChannel,
    pub description: String,
    /// Where it may go from here.
    pub next: Vec<ComplaintStatus>,
    /// Newest first.
    pub events: Vec<ComplaintEvent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintFilter {
    /// Open, in progress or waiting: overdue first, then by due date.
    #[default]
    Active,
    Overdue,
    Resolved,
    Closed,
    All,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct CompensationInput {
    pub kind: Compensation,
    /// Points to credit (kind `points`).
    #[ts(type = "number | null")]
    pub points: Option<i64>,
    /// Money as typed ("10,50"), in the shop's currency (store credit, refund).
    pub amount: Option<String>,
    pub note: String,
}

// ---------------------------------------------------------------- settings

fn load_categories(conn: &Connection, archived: bool) -> Result<Vec<Category>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, key, label FROM complaint_categories WHERE archived = 0 OR ?1 ORDER BY position, id",
    )?;
    let rows = stmt.query_map([archived], |r| Ok(Category { id: r.get(0)?, key: r.get(1)?, label: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn load_settings(conn: &Connection) -> Result<ComplaintSettings> {
    let (low, normal, high, urgent) = conn.query_row(
        "SELECT sla_low_hours, sla_normal_hours, sla_high_hours, sla_urgent_hours FROM complaint_settings WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    Ok(ComplaintSettings {
        sla_low_hours: low,
        sla_normal_hours: normal,
        sla_high_hours: high,
        sla_urgent_hours: urgent,
        categories: load_categories(conn, false)?,
    })
}

pub fn get_settings(store: &Store) -> Result<ComplaintSettings> {
    store.read(load_settings)
}

pub fn save_settings(store: &Store, input: &ComplaintSettingsInput) -> Result<ComplaintSettings> {
    let mut problems = Problems::default();
    for (field, hours) in [
        ("sla_low_hours", input.sla_low_hours),
        ("sla_normal_hours", input.sla_normal_hours),
        ("sla_high_hours", input.sla_high_hours),
        ("sla_urgent_hours", input.sla_urgent_hours),
    ] {
        if !(1..=8760).contains(&hours) {
            problems.add(field, "hours_invalid");
        }
    }
    if input.categories.is_empty() {
        problems.add("categories", "required");
    }
    if input.categories.len() > CATEGORIES_MAX {
        problems.add("categories", "too_many");
    }
    let labels: Vec<String> = input
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let label = c.label.trim().to_owned();
            if label.chars().count() > LABEL_MAX {
                problems.add(format!("categories.{i}"), "too_long");
            } else if text::has_control_chars(&label) {
                problems.add(format!("categories.{i}"), "text_invalid");
            } else if label.is_empty() && c.id.is_none() {
                problems.add(format!("categories.{i}"), "required");
            }
            label
        })
        .collect();
    problems.into_result()?;
    store.write(|tx| {
        tx.execute(
            "UPDATE complaint_settings SET sla_low_hours = ?1, sla_normal_hours = ?2, sla_high_hours = ?3,
                    sla_urgent_hours = ?4 WHERE id = 1",
            params![input.sla_low_hours, input.sla_normal_hours, input.sla_high_hours, input.sla_urgent_hours],
        )?;
        tx.execute("UPDATE complaint_categories SET archived = 1", [])?;
        for (position, (category, label)) in input.categories.iter().zip(&labels).enumerate() {
            let position = position as i64 + 1;
            match category.id {
                Some(id) => {
                    // An empty label on a built-in brings back its translated name.
                    let changed = tx.execute(
                        "UPDATE complaint_categories SET label = ?2, position = ?3, archived = 0
                         WHERE id = ?1 AND (key IS NOT NULL OR ?2 <> '')",
                        params![id, label, position],
                    )?;
                    if changed == 0 {
                        return Err(Error::invalid(format!("categories.{}", position - 1), "required"));
                    }
                }
                None => {
                    tx.execute(
                        "INSERT INTO complaint_categories (label, position) VALUES (?1, ?2)",
                        params![label, position],
                    )?;
                }
            }
        }
        load_settings(tx)
    })
}

// ---------------------------------------------------------------- writing

fn sla_hours(conn: &Connection, severity: Severity) -> Result<i64> {
    let column = match severity {
        Severity::Low => "sla_low_hours",
        Severity::Normal => "sla_normal_hours",
        Severity::High => "sla_high_hours",
        Severity::Urgent => "sla_urgent_hours",
    };
    Ok(conn.query_row(&format!("SELECT {column} FROM complaint_settings WHERE id = 1"), [], |r| r.get(0))?)
}

fn check_input(conn: &Connection, input: &ComplaintInput) -> Result<String> {
    let mut problems = Problems::default();
    let exists = |sql: &str, id: i64| -> Result<bool> { Ok(conn.query_row(sql, [id], |r| r.get(0))?) };
    if !exists("SELECT EXISTS (SELECT 1 FROM customers WHERE id = ?1)", input.customer_id)? {
        problems.add("customer_id", "required");
    }
    if let Some(order) = input.order_id {
        let owner: Option<i64> =
            conn.query_row("SELECT customer_id FROM orders WHERE id = ?1", [order], |r| r.get(0)).optional()?;
        if owner != Some(input.customer_id) {
            problems.add("order_id", "order_not_customers");
        }
    }
    if !exists("SELECT EXISTS (SELECT 1 FROM complaint_categories WHERE id = ?1 AND archived = 0)", input.category_id)?
    {
        problems.add("category_id", "required");
    }
    let description = text::clean_multiline(&mut problems, "description", &input.description, DESCRIPTION_MAX);
    if description.is_empty() {
        problems.add("description", "required");
    }
    problems.into_result()?;
    Ok(description)
}

struct NewEvent<'a> {
    kind: EventKind,
    note: &'a str,
    status: Option<ComplaintStatus>,
    duration_s: Option<u32>,
    compensation: Option<Given<'a>>,
}

/// What a compensation event records.
struct Given<'a> {
    kind: Compensation,
    points: Option<i64>,
    amount_minor: Option<i64>,
    currency: Option<&'a str>,
}

impl<'a> NewEvent<'a> {
    fn new(kind: EventKind, note: &'a str) -> Self {
        NewEvent { kind, note, status: None, duration_s: None, compensation: None }
    }
}

fn record(tx: &Transaction<'_>, id: i64, event: NewEvent<'_>, actor: &str, now: i64) -> Result<()> {
    let kind = match event.kind {
        EventKind::Opened => "opened",
        EventKind::Note => "note",
        EventKind::Call => "call",
        EventKind::Email => "email",
        EventKind::Status => "status",
        EventKind::Compensation => "compensation",
    };
    let (compensation, points, amount, currency) = match event.compensation {
        Some(g) => (Some(g.kind.as_str()), g.points, g.amount_minor, g.currency),
        None => (None, None, None, None),
    };
    tx.prepare_cached(
        "INSERT INTO complaint_events
             (complaint_id, at, kind, actor, note, status, duration_s, compensation, points, amount_minor, currency)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        now,
        kind,
        actor,
        event.note,
        event.status.map(ComplaintStatus::as_str),
        event.duration_s,
        compensation,
        points,
        amount,
        currency
    ])?;
    tx.execute("UPDATE complaints SET updated_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

/// Saves a new complaint, with its due date from the severity's service level.
pub fn open(store: &Store, input: &ComplaintInput, actor: &str, now: i64) -> Result<Complaint> {
    store.write(|tx| {
        let description = check_input(tx, input)?;
        let due_at = now + sla_hours(tx, input.severity)? * HOUR_MS;
        tx.execute(
            "INSERT INTO complaints (customer_id, order_id, category_id, severity, channel, reply_channel,
                                     description, status, due_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', ?8, ?9, ?9)",
            params![
                input.customer_id,
                input.order_id,
                input.category_id,
                input.severity.as_str(),
                input.channel.as_str(),
                input.reply_channel.as_str(),
                description,
                due_at,
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        record(tx, id, NewEvent::new(EventKind::Opened, ""), actor, now)?;
        load(tx, id, now)
    })
}

fn status_of(tx: &Transaction<'_>, id: i64) -> Result<ComplaintStatus> {
    tx.query_row("SELECT status FROM complaints WHERE id = ?1", [id], |r| r.get::<_, String>(0))
        .optional()?
        .map(|s| ComplaintStatus::parse(&s))
        .ok_or(Error::NotFound { entity: "complaint", id })
}

fn check_note(note: &str, required: bool) -> Result<String> {
    let mut problems = Problems::default();
    let note = text::clean_multiline(&mut problems, "note", note, NOTE_MAX);
    if required && note.is_empty() {
        problems.add("note", "required");
    }
    problems.into_result()?;
    Ok(note)
}

/// Moves a complaint on. Resolving needs a note saying how. Waiting for the
/// customer pauses the due date: the time spent waiting is added to it when
/// the complaint moves on.
pub fn transition(store: &Store, id: i64, to: ComplaintStatus, note: &str, actor: &str, now: i64) -> Result<Complaint> {
    store.write(|tx| {
        let from = status_of(tx, id)?;
        if !from.next().contains(&to) {
            return Err(Error::invalid("status", "transition_invalid"));
        }
        let note = check_note(note, to == ComplaintStatus::Resolved)?;
        if from == ComplaintStatus::Waiting {
            tx.execute(
                "UPDATE complaints SET due_at = due_at + (?2 - waiting_since), waiting_since = NULL WHERE id = ?1",
                params![id, now],
            )?;
        }
        tx.execute(
            "UPDATE complaints SET status = ?2,
                    waiting_since = CASE WHEN ?2 = 'waiting' THEN ?3 ELSE waiting_since END,
                    resolved_at = CASE WHEN ?2 = 'resolved' THEN ?3 WHEN ?2 = 'open' THEN NULL ELSE resolved_at END
             WHERE id = ?1",
            params![id, to.as_str(), now],
        )?;
        record(tx, id, NewEvent { status: Some(to), ..NewEvent::new(EventKind::Status, &note) }, actor, now)?;
        // A survey's follow-up case is this complaint seen from the surveys page.
        let (state, closed_at) = match to {
            ComplaintStatus::Resolved | ComplaintStatus::Closed => ("closed", Some(now)),
            _ => ("open", None),
        };
        tx.execute(
            "UPDATE follow_ups SET status = ?2, closed_at = ?3, note = CASE WHEN ?4 = '' THEN note ELSE ?4 END
             WHERE response_id = (SELECT response_id FROM complaints WHERE id = ?1)",
            params![id, state, closed_at, note],
        )?;
        load(tx, id, now)
    })
}

/// Opens the complaint of an unhappy survey answer (once per answer), with
/// what the customer wrote, tagged as coming from the survey. No due date:
/// service levels apply to complaints the staff take.
pub(crate) fn open_for_survey(tx: &Transaction<'_>, response_id: i64, now: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO complaints (customer_id, order_id, category_id, severity, channel, reply_channel, description,
                                 status, source, response_id, created_at, updated_at)
         SELECT r.customer_id, r.order_id,
                coalesce((SELECT id FROM complaint_categories WHERE key = 'service' AND archived = 0),
                         (SELECT id FROM complaint_categories WHERE archived = 0 ORDER BY position LIMIT 1)),
                'normal', CASE r.channel WHEN 'phone' THEN 'phone' ELSE 'email' END, c.preferred_channel, r.comment,
                'open', 'survey', r.id, ?2, ?2
         FROM survey_responses r JOIN customers c ON c.id = r.customer_id WHERE r.id = ?1
         ON CONFLICT (response_id) DO NOTHING",
        params![response_id, now],
    )?;
    if tx.changes() == 1 {
        record(tx, tx.last_insert_rowid(), NewEvent::new(EventKind::Opened, ""), "", now)?;
    }
    Ok(())
}

/// Closing a survey's follow-up case from the surveys page closes its complaint.
pub(crate) fn close_for_survey(tx: &Transaction<'_>, response_id: i64, note: &str, now: i64) -> Result<()> {
    let open: Option<i64> = tx
        .query_row("SELECT id FROM complaints WHERE response_id = ?1 AND status <> 'closed'", [response_id], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(id) = open {
        tx.execute("UPDATE complaints SET status = 'closed', waiting_since = NULL WHERE id = ?1", [id])?;
        let event = NewEvent { status: Some(ComplaintStatus::Closed), ..NewEvent::new(EventKind::Status, note) };
        record(tx, id, event, "", now)?;
    }
    Ok(())
}

/// A reply to the customer by email, through the outbox (it goes out with
/// the shop's relay, in the customer's language), kept on the timeline.
pub fn reply_by_email(store: &Store, id: i64, text: &str, actor: &str, now: i64) -> Result<Complaint> {
    store.write(|tx| {
        status_of(tx, id)?;
        let mut problems = Problems::default();
        let reply = text::clean_multiline(&mut problems, "reply", text, NOTE_MAX);
        if reply.is_empty() {
            problems.add("reply", "required");
        }
        problems.into_result()?;
        let to: Option<(String, String, String, Option<String>)> = tx
            .query_row(
                "SELECT c.email, c.email_key, c.name, c.language FROM complaints k JOIN customers c ON c.id = k.customer_id
                 WHERE k.id = ?1 AND c.email IS NOT NULL",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((email, key, name, language)) = to else { return Err(Error::invalid("reply", "no_email")) };
        let mut vars = serde_json::json!({
            "notice": "complaint_reply",
            "complaint_number": id.to_string(),
            "reply": reply,
        });
        if let Some(language) = language {
            vars["language"] = language.into();
        }
        crate::newsletter::insert_outbox(tx, None, "notice", &email, &key, &name, &vars, "queued", "")?;
        record(tx, id, NewEvent::new(EventKind::Email, &reply), actor, now)?;
        load(tx, id, now)
    })
}

pub fn add_note(store: &Store, id: i64, note: &str, actor: &str, now: i64) -> Result<Complaint> {
    store.write(|tx| {
        status_of(tx, id)?;
        let note = check_note(note, true)?;
        record(tx, id, NewEvent::new(EventKind::Note, &note), actor, now)?;
        load(tx, id, now)
    })
}

/// A phone call with the customer, with how long it took.
pub fn log_call(store: &Store, id: i64, duration_s: u32, note: &str, actor: &str, now: i64) -> Result<Complaint> {
    store.write(|tx| {
        status_of(tx, id)?;
        if duration_s > 24 * 3600 {
            return Err(Error::invalid("duration", "duration_invalid"));
        }
        let note = check_note(note, false)?;
        record(tx, id, NewEvent { duration_s: Some(duration_s), ..NewEvent::new(EventKind::Call, &note) }, actor, now)?;
        load(tx, id, now)
    })
}

/// Records what the shop gave the customer. Points are credited through the
/// loyalty ledger in the same transaction; store credit becomes a
/// single-use coupon for the customer in the same transaction, its code on
/// the event ([`ComplaintEvent::coupon_code`]); money amounts are in the
/// shop's currency.
pub fn compensate(store: &Store, id: i64, input: &CompensationInput, actor: &str, now: i64) -> Result<Complaint> {
    store.write(|tx| {
        status_of(tx, id)?;
        let customer_id: i64 = tx.query_row("SELECT customer_id FROM complaints WHERE id = ?1", [id], |r| r.get(0))?;
        let currency = settings::load_or_default(tx)?.currency;
        let mut problems = Problems::default();
        let note = text::clean_multiline(&mut problems, "note", &input.note, NOTE_MAX);
        let mut points = None;
        let mut amount = None;
        match input.kind {
            Compensation::Points => match input.points {
                Some(p) if (1..=10_000_000).contains(&p) => points = Some(p),
                _ => problems.add("points", "points_invalid"),
            },
            Compensation::StoreCredit | Compensation::Refund => {
                match input.amount.as_deref().map(|a| money::parse_amount(a, &currency)) {
                    Some(Ok(minor)) if minor > 0 => amount = Some(minor),
                    Some(Ok(_)) => problems.add("amount", "amount_zero"),
                    Some(Err(code)) => problems.add("amount", code),
                    None => problems.add("amount", "required"),
                }
            }
            Compensation::Replacement | Compensation::Gesture => {
                if note.is_empty() {
                    problems.add("note", "required");
                }
            }
        }
        problems.into_result()?;
        if let Some(p) = points {
            let reason = if note.is_empty() { format!("#{id}") } else { format!("#{id}: {note}") };
            loyalty::adjust_in(tx, customer_id, p, &reason, now)?;
        }
        let mut stored = note.clone();
        if let (Compensation::StoreCredit, Some(minor)) = (input.kind, amount) {
            let coupon = coupons::issue_credit(
                tx,
                COUPON_PREFIX,
                minor,
                customer_id,
                &format!("Reclamación #{id}"),
                CouponSource::Complaint,
                now,
            )?;
            let line = format!("{COUPON_LINE}{}", coupon.code);
            stored = if note.is_empty() { line } else { format!("{note}\n{line}") };
        }
        let currency = amount.map(|_| currency.as_str());
        let event = NewEvent {
            compensation: Some(Given { kind: input.kind, points, amount_minor: amount, currency }),
            ..NewEvent::new(EventKind::Compensation, &stored)
        };
        record(tx, id, event, actor, now)?;
        load(tx, id, now)
    })
}

// ---------------------------------------------------------------- reading

const COLUMNS: &str = "k.id, k.customer_id, c.name, c.phone, k.order_id, o.number, k.category_id, g.key, g.label,
        k.severity, k.channel, k.status, k.description, k.due_at, k.created_at,
        coalesce(k.status IN ('open', 'in_progress') AND k.due_at < ?1, 0) AS overdue, k.source, sr.kind, sr.score";
const FROM: &str = "FROM complaints k
     JOIN customers c ON c.id = k.customer_id
     JOIN complaint_categories g ON g.id = k.category_id
     LEFT JOIN orders o ON o.id = k.order_id
     LEFT JOIN survey_responses sr ON sr.id = k.response_id";

fn summary_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ComplaintSummary> {
    let description: String = r.get(12)?;
    let headline: String = description.lines().next().unwrap_or_default().chars().take(140).collect();
    Ok(ComplaintSummary {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer_name: r.get(2)?,
        customer_phone: r.get(3)?,
        order_id: r.get(4)?,
        order_number: r.get(5)?,
        category: Category { id: r.get(6)?, key: r.get(7)?, label: r.get(8)? },
        severity: Severity::parse(&r.get::<_, String>(9)?),
        channel: Channel::parse(&r.get::<_, String>(10)?),
        status: ComplaintStatus::parse(&r.get::<_, String>(11)?),
        headline,
        due_at: r.get(13)?,
        created_at: r.get(14)?,
        overdue: r.get(15)?,
        source: if r.get::<_, String>(16)? == "survey" { Source::Survey } else { Source::Staff },
        survey_kind: r.get::<_, Option<String>>(17)?.and_then(|k| crate::surveys::SurveyKind::parse(&k)),
        survey_score: r.get(18)?,
    })
}

fn events(conn: &Connection, id: i64) -> Result<Vec<ComplaintEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, kind, actor, note, status, duration_s, compensation, points, amount_minor, currency
         FROM complaint_events WHERE complaint_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        let kind = match r.get::<_, String>(2)?.as_str() {
            "opened" => EventKind::Opened,
            "call" => EventKind::Call,
            "email" => EventKind::Email,
            "status" => EventKind::Status,
            "compensation" => EventKind::Compensation,
            _ => EventKind::Note,
        };
        let compensation = r.get::<_, Option<String>>(7)?.map(|s| Compensation::parse(&s));
        let (note, coupon_code) = match compensation {
            Some(Compensation::StoreCredit) => split_coupon(r.get(4)?),
            _ => (r.get(4)?, None),
        };
        Ok(ComplaintEvent {
            id: r.get(0)?,
            at: r.get(1)?,
            kind,
            actor: r.get(3)?,
            note,
            coupon_code,
            status: r.get::<_, Option<String>>(5)?.map(|s| ComplaintStatus::parse(&s)),
            duration_s: r.get(6)?,
            compensation,
            points: r.get(8)?,
            amount_minor: r.get(9)?,
            currency: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn load(conn: &Connection, id: i64, now: i64) -> Result<Complaint> {
    let sql = format!("SELECT {COLUMNS}, c.email, k.reply_channel {FROM} WHERE k.id = ?2");
    let row = conn
        .query_row(&sql, params![now, id], |r| {
            Ok((summary_from(r)?, r.get::<_, Option<String>>(19)?, r.get::<_, String>(20)?, r.get::<_, String>(12)?))
        })
        .optional()?;
    let (summary, customer_email, reply_channel, description) =
        row.ok_or(Error::NotFound { entity: "complaint", id })?;
    Ok(Complaint {
        next: summary.status.next().to_vec(),
        summary,
        customer_email,
        reply_channel: ContactChannel::parse(&reply_channel),
        description,
        events: events(conn, id)?,
    })
}

pub fn get(store: &Store, id: i64, now: i64) -> Result<Complaint> {
    store.read(|conn| load(conn, id, now))
}

pub fn list(
    store: &Store,
    filter: ComplaintFilter,
    now: i64,
    limit: u32,
    offset: u32,
) -> Result<Vec<ComplaintSummary>> {
    let condition = match filter {
        ComplaintFilter::Active => "k.status IN ('open', 'in_progress', 'waiting')",
        ComplaintFilter::Overdue => "k.status IN ('open', 'in_progress') AND k.due_at < ?1",
        ComplaintFilter::Resolved => "k.status = 'resolved'",
        ComplaintFilter::Closed => "k.status = 'closed'",
        ComplaintFilter::All => "1 = 1",
    };
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE {condition}
         ORDER BY overdue DESC, k.status IN ('resolved', 'closed'), k.due_at IS NULL, k.due_at, k.id DESC
         LIMIT ?2 OFFSET ?3"
    );
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![now, limit.min(500), offset], summary_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// A customer's complaints, newest first.
pub fn of_customer(store: &Store, customer_id: i64, now: i64) -> Result<Vec<ComplaintSummary>> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE k.customer_id = ?2 ORDER BY k.id DESC");
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![now, customer_id], summary_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ComplaintCounts {
    #[ts(type = "number")]
    pub active: i64,
    #[ts(type = "number")]
    pub overdue: i64,
}

/// For the sidebar badge and the list's tabs.
pub fn counts(store: &Store, now: i64) -> Result<ComplaintCounts> {
    store.read(|conn| {
        Ok(conn.query_row(
            "SELECT count(*), coalesce(sum(status IN ('open', 'in_progress') AND due_at < ?1), 0)
             FROM complaints WHERE status IN ('open', 'in_progress', 'waiting')",
            [now],
            |r| Ok(ComplaintCounts { active: r.get(0)?, overdue: r.get(1)? }),
        )?)
    })
}

#[cfg(test)]
#[path = "complaints_tests.rs"]
mod tests;
