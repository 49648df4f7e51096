//! Newsletter lists, their subscribers with a consent record, and the one
//! global suppression list that every list and campaign obeys.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Problems, Result};
use crate::import::{self, RowProblem};
use crate::store::{Store, now_ms};
use crate::text;

pub const LIST_NAME_MAX: usize = 120;
pub const CONSENT_TEXT_MAX: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SubscriberStatus {
    /// Double opt-in: waiting for the confirmation.
    Pending,
    Subscribed,
    Unsubscribed,
    Bounced,
    Complained,
}

impl SubscriberStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Subscribed => "subscribed",
            Self::Unsubscribed => "unsubscribed",
            Self::Bounced => "bounced",
            Self::Complained => "complained",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "pending" => Self::Pending,
            "unsubscribed" => Self::Unsubscribed,
            "bounced" => Self::Bounced,
            "complained" => Self::Complained,
            _ => Self::Subscribed,
        }
    }
}

/// How the person agreed to receive the newsletter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    Form,
    InStore,
    Import,
}

impl ConsentMethod {
    fn as_str(self) -> &'static str {
        match self {
            Self::Form => "form",
            Self::InStore => "in_store",
            Self::Import => "import",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "form" => Self::Form,
            "import" => Self::Import,
            _ => Self::InStore,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionReason {
    Unsubscribed,
    Bounced,
    Complained,
    Manual,
}

impl SuppressionReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unsubscribed => "unsubscribed",
            Self::Bounced => "bounced",
            Self::Complained => "complained",
            Self::Manual => "manual",
        }
    }

    pub fn parse(value: &str) -> Self {
        match value {
            "unsubscribed" => Self::Unsubscribed,
            "bounced" => Self::Bounced,
            "complained" => Self::Complained,
            _ => Self::Manual,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ListInput {
    pub name: String,
    pub double_opt_in: bool,
    /// The consent text shown to subscribers ("Quiero recibir novedades…").
    pub consent_text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct List {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub double_opt_in: bool,
    pub consent_text: String,
    #[ts(type = "number")]
    pub subscribed: i64,
    #[ts(type = "number")]
    pub pending: i64,
    /// Unsubscribed, bounced or complained.
    #[ts(type = "number")]
    pub gone: i64,
    #[ts(type = "number")]
    pub created_at: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct SubscriberInput {
    pub email: String,
    pub name: String,
    pub consent_method: ConsentMethod,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Subscriber {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub list_id: i64,
    pub email: String,
    pub name: String,
    pub status: SubscriberStatus,
    /// Set when the address is on the suppression list: it is never mailed.
    pub suppressed: Option<SuppressionReason>,
    #[ts(type = "number")]
    pub consent_at: i64,
    pub consent_method: ConsentMethod,
    pub consent_text: String,
    #[ts(type = "number | null")]
    pub confirmed_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Suppression {
    pub email: String,
    pub reason: SuppressionReason,
    /// E.g. the server's reply to a bounced message.
    pub detail: String,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// What a subscriber import did (or, as a dry run, would do).
#[derive(Debug, Clone, Serialize, TS)]
pub struct SubscriberImportReport {
    pub rows: u32,
    pub added: u32,
    pub already_present: u32,
    /// Added, but on the suppression list: they will not be mailed.
    pub suppressed: u32,
    pub problems: Vec<RowProblem>,
    pub problem_count: u32,
    pub committed: bool,
}

/// A bare, header-safe email address, or the field's error code.
pub fn clean_email(value: &str) -> std::result::Result<(String, String), &'static str> {
    let email = value.trim();
    if email.is_empty() {
        return Err("required");
    }
    if email.len() > 254 || email.parse::<email_address::EmailAddress>().map(|e| e.email() != email).unwrap_or(true) {
        return Err("email_malformed");
    }
    Ok((email.to_owned(), email.to_lowercase()))
}

fn clean_short(problems: &mut Problems, field: &str, value: &str, max: usize, required: bool) -> String {
    let value = value.trim();
    if required && value.is_empty() {
        problems.add(field, "required");
    } else if value.chars().count() > max {
        problems.add(field, "too_long");
    } else if text::has_control_chars(value) {
        problems.add(field, "text_invalid");
    }
    value.to_owned()
}

/// A random, unguessable token (128 bits, hex).
pub fn token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn create_list(store: &Store, input: &ListInput) -> Result<List> {
    store.write(|tx| {
        let (name, consent) = clean_list(input)?;
        if name_taken(tx, &name, None)? {
            return Err(Error::invalid("name", "name_taken"));
        }
        tx.execute(
            "INSERT INTO lists (name, double_opt_in, consent_text, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, input.double_opt_in, consent, now_ms()],
        )?;
        load_list(tx, tx.last_insert_rowid())
    })
}

pub fn update_list(store: &Store, id: i64, input: &ListInput) -> Result<List> {
    store.write(|tx| {
        let (name, consent) = clean_list(input)?;
        if name_taken(tx, &name, Some(id))? {
            return Err(Error::invalid("name", "name_taken"));
        }
        let changed = tx.execute(
            "UPDATE lists SET name = ?2, double_opt_in = ?3, consent_text = ?4 WHERE id = ?1",
            params![id, name, input.double_opt_in, consent],
        )?;
        if changed == 0 {
            return Err(Error::NotFound { entity: "list", id });
        }
        load_list(tx, id)
    })
}

fn clean_list(input: &ListInput) -> Result<(String, String)> {
    let mut problems = Problems::default();
    let name = clean_short(&mut problems, "name", &input.name, LIST_NAME_MAX, true);
    let consent = text::clean_multiline(&mut problems, "consent_text", &input.consent_text, CONSENT_TEXT_MAX);
    problems.into_result()?;
    Ok((name, consent))
}

fn name_taken(conn: &Connection, name: &str, except: Option<i64>) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM lists WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2", params![name, except], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}

const LIST_COLUMNS: &str = "SELECT l.id, l.name, l.double_opt_in, l.consent_text, l.created_at,
        (SELECT count(*) FROM subscribers s WHERE s.list_id = l.id AND s.status = 'subscribed'),
        (SELECT count(*) FROM subscribers s WHERE s.list_id = l.id AND s.status = 'pending'),
        (SELECT count(*) FROM subscribers s WHERE s.list_id = l.id AND s.status NOT IN ('subscribed', 'pending'))
    FROM lists l";

fn list_from_row(row: &Row<'_>) -> rusqlite::Result<List> {
    Ok(List {
        id: row.get(0)?,
        name: row.get(1)?,
        double_opt_in: row.get(2)?,
        consent_text: row.get(3)?,
        created_at: row.get(4)?,
        subscribed: row.get(5)?,
        pending: row.get(6)?,
        gone: row.get(7)?,
    })
}

pub(crate) fn load_list(conn: &Connection, id: i64) -> Result<List> {
    conn.query_row(&format!("{LIST_COLUMNS} WHERE l.id = ?1"), [id], list_from_row)
        .optional()?
        .ok_or(Error::NotFound { entity: "list", id })
}

pub fn lists(store: &Store) -> Result<Vec<List>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(&format!("{LIST_COLUMNS} ORDER BY l.name COLLATE NOCASE"))?;
        Ok(stmt.query_map([], list_from_row)?.collect::<rusqlite::Result<_>>()?)
    })
}

/// What adding one subscriber did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SubscriberAdded {
    pub subscriber: Subscriber,
    /// True when a double opt-in confirmation message was queued.
    pub confirmation_queued: bool,
}

/// Adds one person by hand. With double opt-in the subscriber is `pending`
/// and a confirmation message is queued in the outbox.
pub fn add_subscriber(store: &Store, list_id: i64, input: &SubscriberInput) -> Result<SubscriberAdded> {
    store.write(|tx| {
        let list = load_list(tx, list_id)?;
        let mut problems = Problems::default();
        let email = match clean_email(&input.email) {
            Ok(email) => Some(email),
            Err(code) => {
                problems.add("email", code);
                None
            }
        };
        let name = clean_short(&mut problems, "name", &input.name, crate::customers::NAME_MAX, false);
        problems.into_result()?;
        let (email, key) = email.expect("checked above");
        if tx
            .query_row("SELECT 1 FROM subscribers WHERE list_id = ?1 AND email_key = ?2", params![list_id, key], |_| {
                Ok(())
            })
            .optional()?
            .is_some()
        {
            return Err(Error::invalid("email", "already_subscribed"));
        }
        let suppressed = suppression_of(tx, &key)?;
        let double = list.double_opt_in && input.consent_method != ConsentMethod::Import && suppressed.is_none();
        let status = if double { SubscriberStatus::Pending } else { SubscriberStatus::Subscribed };
        let confirm_token = double.then(token);
        let id =
            insert_subscriber(tx, &list, &email, &key, &name, status, input.consent_method, confirm_token.as_deref())?;
        if let Some(confirm) = &confirm_token {
            queue_confirmation(tx, &list, &email, &key, &name, confirm)?;
        }
        Ok(SubscriberAdded { subscriber: load_subscriber(tx, id)?, confirmation_queued: confirm_token.is_some() })
    })
}

#[allow(clippy::too_many_arguments)]
fn insert_subscriber(
    tx: &Transaction<'_>,
    list: &List,
    email: &str,
    key: &str,
    name: &str,
    status: SubscriberStatus,
    method: ConsentMethod,
    confirm_token: Option<&str>,
) -> Result<i64> {
    let now = now_ms();
    let customer: Option<i64> =
        tx.query_row("SELECT id FROM customers WHERE email_key = ?1 LIMIT 1", [key], |r| r.get(0)).optional()?;
    tx.execute(
        "INSERT INTO subscribers (list_id, email, email_key, name, customer_id, status, consent_at, consent_method,
             consent_text, confirm_token, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?7, ?7)",
        params![
            list.id,
            email,
            key,
            name,
            customer,
            status.as_str(),
            now,
            method.as_str(),
            list.consent_text,
            confirm_token
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Queues the double opt-in message; the mail engine renders kind
/// `confirmation` from these vars.
fn queue_confirmation(
    tx: &Transaction<'_>,
    list: &List,
    email: &str,
    key: &str,
    name: &str,
    confirm: &str,
) -> Result<()> {
    let vars = serde_json::json!({
        "name": name,
        "first_name": first_name(name),
        "email": email,
        "list_name": list.name,
        "consent_text": list.consent_text,
        "confirm_token": confirm,
    });
    insert_outbox(tx, None, "confirmation", email, key, name, &vars, "queued", "")?;
    Ok(())
}

/// The first word of a name, for "Hola {{ first_name }}".
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or("")
}

/// One outbox row; `message_id` and the unsubscribe token are fixed here so
/// that a resend after a crash is the same message.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_outbox(
    tx: &Transaction<'_>,
    campaign: Option<i64>,
    kind: &str,
    email: &str,
    key: &str,
    name: &str,
    vars: &serde_json::Value,
    state: &str,
    reply: &str,
) -> Result<i64> {
    let domain: String = tx
        .query_row("SELECT from_address FROM mail_settings WHERE id = 1", [], |r| r.get::<_, String>(0))
        .optional()?
        .and_then(|from| from.rsplit_once('@').map(|(_, d)| d.to_owned()))
        .unwrap_or_else(|| "posventa.invalid".into());
    let message_id = format!("<{}@{domain}>", token());
    let now = now_ms();
    tx.prepare_cached(
        "INSERT INTO outbox (campaign_id, kind, to_address, email_key, to_name, message_id, unsubscribe_token, vars,
             state, last_reply, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        campaign,
        kind,
        email,
        key,
        name,
        message_id,
        token(),
        vars.to_string(),
        state,
        reply,
        now
    ])?;
    Ok(tx.last_insert_rowid())
}

const SUBSCRIBER_COLUMNS: &str = "SELECT s.id, s.list_id, s.email, s.name, s.status, x.reason, s.consent_at,
        s.consent_method, s.consent_text, s.confirmed_at
    FROM subscribers s LEFT JOIN suppressions x ON x.email_key = s.email_key";

fn subscriber_from_row(row: &Row<'_>) -> rusqlite::Result<Subscriber> {
    Ok(Subscriber {
        id: row.get(0)?,
        list_id: row.get(1)?,
        email: row.get(2)?,
        name: row.get(3)?,
        status: SubscriberStatus::parse(&row.get::<_, String>(4)?),
        suppressed: row.get::<_, Option<String>>(5)?.map(|r| SuppressionReason::parse(&r)),
        consent_at: row.get(6)?,
        consent_method: ConsentMethod::parse(&row.get::<_, String>(7)?),
        consent_text: row.get(8)?,
        confirmed_at: row.get(9)?,
    })
}

fn load_subscriber(conn: &Connection, id: i64) -> Result<Subscriber> {
    conn.query_row(&format!("{SUBSCRIBER_COLUMNS} WHERE s.id = ?1"), [id], subscriber_from_row)
        .optional()?
        .ok_or(Error::NotFound { entity: "subscriber", id })
}

/// A page of a list's subscribers, optionally narrowed by a fragment of
/// email or name.
pub fn subscribers(store: &Store, list_id: i64, query: &str, limit: u32, offset: u32) -> Result<Vec<Subscriber>> {
    text::check_query(query)?;
    store.read(|conn| {
        let pattern = format!("%{}%", query.trim().replace(['%', '_'], ""));
        let mut stmt = conn.prepare(&format!(
            "{SUBSCRIBER_COLUMNS} WHERE s.list_id = ?1 AND (s.email_key LIKE ?2 OR s.name LIKE ?2)
             ORDER BY s.email_key LIMIT ?3 OFFSET ?4"
        ))?;
        Ok(stmt
            .query_map(params![list_id, pattern, limit, offset], subscriber_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    })
}

/// One of a customer's list memberships, with its consent record.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CustomerSubscription {
    pub list_name: String,
    pub subscriber: Subscriber,
}

/// The lists a customer is on: linked to them, or under their email.
pub fn subscriptions_of(store: &Store, customer_id: i64) -> Result<Vec<CustomerSubscription>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(&format!(
            "{SUBSCRIBER_COLUMNS}
             WHERE s.customer_id = ?1 OR s.email_key = (SELECT email_key FROM customers WHERE id = ?1)
             ORDER BY s.id"
        ))?;
        let subscribers =
            stmt.query_map([customer_id], subscriber_from_row)?.collect::<rusqlite::Result<Vec<Subscriber>>>()?;
        let mut names = conn.prepare_cached("SELECT name FROM lists WHERE id = ?1")?;
        subscribers
            .into_iter()
            .map(|subscriber| {
                let list_name = names.query_row([subscriber.list_id], |r| r.get(0))?;
                Ok(CustomerSubscription { list_name, subscriber })
            })
            .collect()
    })
}

/// The owner marks someone unsubscribed (they asked in the shop, by phone…):
/// the address goes on the suppression list for every list.
pub fn unsubscribe(store: &Store, subscriber_id: i64) -> Result<Subscriber> {
    store.write(|tx| {
        let key: String = tx
            .query_row("SELECT email_key FROM subscribers WHERE id = ?1", [subscriber_id], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound { entity: "subscriber", id: subscriber_id })?;
        suppress_in(tx, &key, SuppressionReason::Unsubscribed, "")?;
        load_subscriber(tx, subscriber_id)
    })
}

/// Double opt-in confirmed by hand (e.g. the person replied to the message).
pub fn confirm(store: &Store, subscriber_id: i64) -> Result<Subscriber> {
    store.write(|tx| {
        let now = now_ms();
        let changed = tx.execute(
            "UPDATE subscribers SET status = 'subscribed', confirmed_at = ?2, updated_at = ?2
             WHERE id = ?1 AND status = 'pending'",
            params![subscriber_id, now],
        )?;
        if changed == 0 {
            load_subscriber(tx, subscriber_id)?;
            return Err(Error::invalid("status", "not_pending"));
        }
        load_subscriber(tx, subscriber_id)
    })
}

/// Confirms a double opt-in from the token in the confirmation link.
pub fn confirm_token(store: &Store, token: &str) -> Result<Option<Subscriber>> {
    store.write(|tx| {
        let id: Option<i64> = tx
            .query_row("SELECT id FROM subscribers WHERE confirm_token = ?1 AND status = 'pending'", [token], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(id) = id else { return Ok(None) };
        let now = now_ms();
        tx.execute(
            "UPDATE subscribers SET status = 'subscribed', confirmed_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        Ok(Some(load_subscriber(tx, id)?))
    })
}

fn suppression_of(conn: &Connection, key: &str) -> Result<Option<SuppressionReason>> {
    Ok(conn
        .query_row("SELECT reason FROM suppressions WHERE email_key = ?1", [key], |r| r.get::<_, String>(0))
        .optional()?
        .map(|r| SuppressionReason::parse(&r)))
}

/// Puts an address on the suppression list (keeping the first reason) and
/// marks its subscriptions. Used by the owner, unsubscribe links and bounces.
pub fn suppress_in(tx: &Transaction<'_>, key: &str, reason: SuppressionReason, detail: &str) -> Result<()> {
    let now = now_ms();
    tx.execute(
        "INSERT INTO suppressions (email_key, reason, detail, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (email_key) DO NOTHING",
        params![key, reason.as_str(), detail, now],
    )?;
    let status = match reason {
        SuppressionReason::Bounced => "bounced",
        SuppressionReason::Complained => "complained",
        SuppressionReason::Unsubscribed | SuppressionReason::Manual => "unsubscribed",
    };
    tx.execute(
        "UPDATE subscribers SET status = ?2, updated_at = ?3 WHERE email_key = ?1 AND status IN ('pending', 'subscribed')",
        params![key, status, now],
    )?;
    Ok(())
}

pub fn suppress(store: &Store, email: &str, reason: SuppressionReason, detail: &str) -> Result<Suppression> {
    let (_, key) = clean_email(email).map_err(|code| Error::invalid("email", code))?;
    if text::has_control_chars(detail) && reason == SuppressionReason::Manual {
        return Err(Error::invalid("detail", "text_invalid"));
    }
    store.write(|tx| {
        suppress_in(tx, &key, reason, detail)?;
        load_suppression(tx, &key)
    })
}

/// Takes an address off the suppression list (e.g. a bounce that was the
/// server's fault). Its subscriptions stay as they are.
pub fn unsuppress(store: &Store, email: &str) -> Result<()> {
    let (_, key) = clean_email(email).map_err(|code| Error::invalid("email", code))?;
    store.write(|tx| {
        tx.execute("DELETE FROM suppressions WHERE email_key = ?1", [key])?;
        Ok(())
    })
}

fn load_suppression(conn: &Connection, key: &str) -> Result<Suppression> {
    Ok(conn.query_row(
        "SELECT email_key, reason, detail, created_at FROM suppressions WHERE email_key = ?1",
        [key],
        suppression_from_row,
    )?)
}

fn suppression_from_row(row: &Row<'_>) -> rusqlite::Result<Suppression> {
    Ok(Suppression {
        email: row.get(0)?,
        reason: SuppressionReason::parse(&row.get::<_, String>(1)?),
        detail: row.get(2)?,
        created_at: row.get(3)?,
    })
}

pub fn suppressions(store: &Store, query: &str, limit: u32, offset: u32) -> Result<Vec<Suppression>> {
    text::check_query(query)?;
    store.read(|conn| {
        let pattern = format!("%{}%", query.trim().to_lowercase().replace(['%', '_'], ""));
        let mut stmt = conn.prepare(
            "SELECT email_key, reason, detail, created_at FROM suppressions WHERE email_key LIKE ?1
             ORDER BY created_at DESC LIMIT ?2 OFFSET ?3",
        )?;
        Ok(stmt.query_map(params![pattern, limit, offset], suppression_from_row)?.collect::<rusqlite::Result<_>>()?)
    })
}

/// Header names that hold the email and the name in subscriber files.
const EMAIL_HEADERS: &[&str] = &["email", "e-mail", "correo", "correo electronico", "mail", "email address"];
const NAME_HEADERS: &[&str] = &["name", "nombre", "nombre completo", "full name", "first name", "nombre y apellidos"];

/// Imports subscribers from a CSV file (same reading rules as orders: BOM,
/// `;`/`,`/tab, Windows-1252). Consent is recorded as `import` with the
/// list's consent text. One transaction: a dry run (`commit = false`) reports
/// exactly what the import would do.
pub fn import_subscribers(store: &Store, list_id: i64, path: &Path, commit: bool) -> Result<SubscriberImportReport> {
    let options = import::detect(path)?;
    let mut reader = import::csv_reader(path, &options)?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::invalid("file", csv_code(&e)))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&text::fold(h).as_str()));
    let email_col = find(EMAIL_HEADERS).ok_or_else(|| Error::invalid("file", "email_column_missing"))?;
    let name_col = find(NAME_HEADERS);
    store.bulk_write_or_rollback(commit, |tx| {
        let list = load_list(tx, list_id)?;
        let mut report = SubscriberImportReport {
            rows: 0,
            added: 0,
            already_present: 0,
            suppressed: 0,
            problems: Vec::new(),
            problem_count: 0,
            committed: commit,
        };
        let problem = |report: &mut SubscriberImportReport, row: u32, col: usize, code: &str, value: &str| {
            report.problem_count += 1;
            if report.problems.len() < import::MAX_PROBLEMS {
                report.problems.push(RowProblem {
                    row,
                    column: headers.get(col).cloned().unwrap_or_default(),
                    field: if col == email_col { import::Field::Email } else { import::Field::CustomerName },
                    code: code.to_owned(),
                    value: value.chars().take(200).collect(),
                });
            }
        };
        let mut present = tx.prepare("SELECT 1 FROM subscribers WHERE list_id = ?1 AND email_key = ?2")?;
        for (index, record) in reader.records().enumerate() {
            let row = index as u32 + 2;
            report.rows += 1;
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    problem(&mut report, row, email_col, csv_code(&e), "");
                    continue;
                }
            };
            let raw_email = record.get(email_col).unwrap_or("");
            let (email, key) = match clean_email(raw_email) {
                Ok(pair) => pair,
                Err(code) => {
                    problem(&mut report, row, email_col, code, raw_email);
                    continue;
                }
            };
            let name = name_col.and_then(|c| record.get(c)).unwrap_or("").trim();
            if name.chars().count() > crate::customers::NAME_MAX || text::has_control_chars(name) {
                problem(&mut report, row, name_col.unwrap_or(0), "text_invalid", name);
                continue;
            }
            if present.exists(params![list_id, key])? {
                report.already_present += 1;
                continue;
            }
            insert_subscriber(
                tx,
                &list,
                &email,
                &key,
                name,
                SubscriberStatus::Subscribed,
                ConsentMethod::Import,
                None,
            )?;
            report.added += 1;
            if suppression_of(tx, &key)?.is_some() {
                report.suppressed += 1;
            }
        }
        Ok(report)
    })
}

fn csv_code(error: &csv::Error) -> &'static str {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "encoding_invalid",
        _ => "csv_malformed",
    }
}

#[cfg(test)]
mod subscriptions_tests {
    use super::*;
    use crate::customers::{self, CustomerInput};
    use crate::testkit::{self, TestStore};

    #[test]
    fn a_customers_page_shows_the_lists_they_are_on_with_the_consent_record() {
        let t = TestStore::new();
        let ana = customers::create(
            &t.store,
            &CustomerInput { email: Some("Ana@Example.com".into()), ..testkit::customer_input("Ana") },
        )
        .unwrap()
        .id;
        let luis = customers::create(&t.store, &testkit::customer_input("Luis")).unwrap().id;
        let news = create_list(
            &t.store,
            &ListInput { name: "Novedades".into(), double_opt_in: false, consent_text: "Sí, quiero".into() },
        )
        .unwrap();
        let sales = create_list(
            &t.store,
            &ListInput { name: "Rebajas".into(), double_opt_in: false, consent_text: "Avisadme".into() },
        )
        .unwrap();
        for list in [news.id, sales.id] {
            let input = SubscriberInput {
                email: "ana@example.com".into(),
                name: "Ana".into(),
                consent_method: ConsentMethod::InStore,
            };
            add_subscriber(&t.store, list, &input).unwrap();
        }
        let input = SubscriberInput {
            email: "otro@example.com".into(),
            name: "Otro".into(),
            consent_method: ConsentMethod::Form,
        };
        add_subscriber(&t.store, news.id, &input).unwrap();

        let mine = subscriptions_of(&t.store, ana).unwrap();
        let lists: Vec<&str> = mine.iter().map(|s| s.list_name.as_str()).collect();
        assert_eq!(lists, ["Novedades", "Rebajas"], "found by her email whatever its case");
        assert_eq!(mine[0].subscriber.consent_method, ConsentMethod::InStore);
        assert_eq!(mine[1].subscriber.consent_text, "Avisadme");
        assert!(subscriptions_of(&t.store, luis).unwrap().is_empty(), "no email, no lists");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::TestStore;

    fn list(store: &Store, double: bool) -> List {
        create_list(
            store,
            &ListInput { name: "Novedades".into(), double_opt_in: double, consent_text: "Quiero novedades".into() },
        )
        .unwrap()
    }

    fn person(email: &str) -> SubscriberInput {
        SubscriberInput { email: email.into(), name: "Ana Núñez".into(), consent_method: ConsentMethod::InStore }
    }

    #[test]
    fn a_subscriber_keeps_the_consent_record() {
        let t = TestStore::new();
        let l = list(&t.store, false);
        let added = add_subscriber(&t.store, l.id, &person("Ana@Example.com")).unwrap();
        let s = added.subscriber;
        assert_eq!(s.status, SubscriberStatus::Subscribed);
        assert_eq!(s.consent_method, ConsentMethod::InStore);
        assert_eq!(s.consent_text, "Quiero novedades", "the text they agreed to is kept with them");
        assert!(s.consent_at > 0);
        assert!(!added.confirmation_queued);
        let again = add_subscriber(&t.store, l.id, &person("ana@example.com")).unwrap_err();
        assert_eq!(again.payload().fields[0].code, "already_subscribed", "addresses match case-insensitively");
    }

    #[test]
    fn double_opt_in_queues_a_confirmation_and_waits() {
        let t = TestStore::new();
        let l = list(&t.store, true);
        let added = add_subscriber(&t.store, l.id, &person("ana@example.com")).unwrap();
        assert_eq!(added.subscriber.status, SubscriberStatus::Pending);
        let (kind, to, vars): (String, String, String) = t
            .store
            .read(|c| {
                Ok(c.query_row("SELECT kind, to_address, vars FROM outbox", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?)
            })
            .unwrap();
        assert_eq!((kind.as_str(), to.as_str()), ("confirmation", "ana@example.com"));
        let vars: serde_json::Value = serde_json::from_str(&vars).unwrap();
        let token = vars["confirm_token"].as_str().unwrap().to_owned();
        assert_eq!(token.len(), 32);
        let confirmed = confirm_token(&t.store, &token).unwrap().unwrap();
        assert_eq!(confirmed.status, SubscriberStatus::Subscribed);
        assert!(confirmed.confirmed_at.is_some());
        assert!(confirm_token(&t.store, &token).unwrap().is_none(), "a token confirms once");
        assert!(confirm_token(&t.store, "forged").unwrap().is_none());
    }

    #[test]
    fn unsubscribing_suppresses_the_address_everywhere() {
        let t = TestStore::new();
        let a = list(&t.store, false);
        let b = create_list(
            &t.store,
            &ListInput { name: "Ofertas".into(), double_opt_in: false, consent_text: String::new() },
        )
        .unwrap();
        let sa = add_subscriber(&t.store, a.id, &person("ana@example.com")).unwrap().subscriber;
        let sb = add_subscriber(&t.store, b.id, &person("ANA@example.com")).unwrap().subscriber;
        let after = unsubscribe(&t.store, sa.id).unwrap();
        assert_eq!(after.status, SubscriberStatus::Unsubscribed);
        assert_eq!(after.suppressed, Some(SuppressionReason::Unsubscribed));
        let other = &subscribers(&t.store, b.id, "", 10, 0).unwrap()[0];
        assert_eq!(other.id, sb.id);
        assert_eq!(other.suppressed, Some(SuppressionReason::Unsubscribed), "one suppression list for every list");
        assert_eq!(suppressions(&t.store, "ana", 10, 0).unwrap().len(), 1);
    }

    #[test]
    fn hostile_or_broken_input_is_refused_with_the_field() {
        let t = TestStore::new();
        let l = list(&t.store, false);
        let bad = add_subscriber(
            &t.store,
            l.id,
            &SubscriberInput {
                email: "ana@example.com\r\nBcc: x@evil.test".into(),
                name: "A\nB".into(),
                consent_method: ConsentMethod::Form,
            },
        )
        .unwrap_err();
        let fields: Vec<_> = bad.payload().fields.iter().map(|f| (f.field.clone(), f.code.clone())).collect();
        assert!(fields.contains(&("email".into(), "email_malformed".into())));
        assert!(fields.contains(&("name".into(), "text_invalid".into())));
        let dup = create_list(
            &t.store,
            &ListInput { name: "novedades".into(), double_opt_in: false, consent_text: String::new() },
        )
        .unwrap_err();
        assert_eq!(dup.payload().fields[0].code, "name_taken");
    }

    #[test]
    fn csv_import_reports_rows_and_is_idempotent() {
        let t = TestStore::new();
        let l = list(&t.store, true);
        suppress(&t.store, "baja@example.com", SuppressionReason::Manual, "").unwrap();
        let mut file = tempfile::NamedTempFile::new().unwrap();
        // Windows-1252, `;`, a BOM-less Spanish Excel export.
        let body =
            "Nombre;Correo electrónico\r\nJosé Núñez;jose@example.com\r\nMal;no-es-correo\r\nBaja;baja@example.com\r\n";
        std::io::Write::write_all(&mut file, &encoding_rs::WINDOWS_1252.encode(body).0).unwrap();
        let dry = import_subscribers(&t.store, l.id, file.path(), false).unwrap();
        assert_eq!((dry.rows, dry.added, dry.problem_count, dry.suppressed), (3, 2, 1, 1));
        assert_eq!(dry.problems[0].row, 3, "row numbers as the spreadsheet shows them");
        assert_eq!(dry.problems[0].code, "email_malformed");
        assert_eq!(subscribers(&t.store, l.id, "", 10, 0).unwrap().len(), 0, "a dry run writes nothing");
        let real = import_subscribers(&t.store, l.id, file.path(), true).unwrap();
        assert_eq!(real.added, 2);
        let stored = subscribers(&t.store, l.id, "jose", 10, 0).unwrap();
        assert_eq!(stored[0].name, "José Núñez", "Windows-1252 accents survive");
        assert_eq!(stored[0].consent_method, ConsentMethod::Import);
        assert_eq!(stored[0].status, SubscriberStatus::Subscribed, "imported people agreed before; no confirmation");
        let again = import_subscribers(&t.store, l.id, file.path(), true).unwrap();
        assert_eq!((again.added, again.already_present), (0, 2));
    }
}
