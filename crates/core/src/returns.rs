//! Returns (RMA) under the shop's written policy. A request names an order's
//! lines and quantities and moves requested → approved | rejected → received
//! → refunded | exchanged | credited → closed; every step is an append-only
//! event with who, when and why. What the policy forbids is refused with the
//! rule's code unless the owner overrides it with a recorded reason. Taking
//! back more units than were sold is never possible: it would pay back money
//! that was never paid.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Problems, Result};
use crate::store::Store;
use crate::{loyalty, money, settings, text};

const NOTE_MAX: usize = 2000;
const REASONS_MAX: usize = 30;
/// The oldest "opened at least this many days ago" filter: a century.
const MIN_AGE_DAYS_MAX: i64 = 36_500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum FeeKind {
    None,
    Percent,
    Fixed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Refund,
    Exchange,
    Credit,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Refund => "refund",
            Outcome::Exchange => "exchange",
            Outcome::Credit => "credit",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "exchange" => Outcome::Exchange,
            "credit" => Outcome::Credit,
            _ => Outcome::Refund,
        }
    }

    /// The status that settles a return with this outcome.
    fn settles_as(self) -> ReturnStatus {
        match self {
            Outcome::Refund => ReturnStatus::Refunded,
            Outcome::Exchange => ReturnStatus::Exchanged,
            Outcome::Credit => ReturnStatus::Credited,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReturnStatus {
    Requested,
    Approved,
    Rejected,
    Received,
    Refunded,
    Exchanged,
    Credited,
    Closed,
}

impl ReturnStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnStatus::Requested => "requested",
            ReturnStatus::Approved => "approved",
            ReturnStatus::Rejected => "rejected",
            ReturnStatus::Received => "received",
            ReturnStatus::Refunded => "refunded",
            ReturnStatus::Exchanged => "exchanged",
            ReturnStatus::Credited => "credited",
            ReturnStatus::Closed => "closed",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "approved" => ReturnStatus::Approved,
            "rejected" => ReturnStatus::Rejected,
            "received" => ReturnStatus::Received,
            "refunded" => ReturnStatus::Refunded,
            "exchanged" => ReturnStatus::Exchanged,
            "credited" => ReturnStatus::Credited,
            "closed" => ReturnStatus::Closed,
            _ => ReturnStatus::Requested,
        }
    }

    /// The steps the workflow allows from here.
    pub fn next(self) -> &'static [ReturnStatus] {
        use ReturnStatus::*;
        match self {
            Requested => &[Approved, Rejected],
            Approved => &[Received, Rejected],
            Received => &[Refunded, Exchanged, Credited],
            Refunded | Exchanged | Credited | Rejected => &[Closed],
            Closed => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reason {
    #[ts(type = "number")]
    pub id: i64,
    /// Seeded reasons have a code the UI translates.
    pub code: Option<String>,
    /// The owner's own wording (overrides the code's translation).
    pub label: String,
    pub waives_fee: bool,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReturnPolicy {
    #[ts(type = "number")]
    pub window_days: i64,
    pub fee_kind: FeeKind,
    /// Percent, or minor units of the shop's currency.
    #[ts(type = "number")]
    pub fee_value: i64,
    pub offer_refund: bool,
    pub offer_exchange: bool,
    pub offer_credit: bool,
    #[ts(type = "number")]
    pub bonus_percent: i64,
    pub policy_text: String,
    pub notify_customer: bool,
    pub reasons: Vec<Reason>,
    pub currency: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReasonInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub label: String,
    pub waives_fee: bool,
    pub active: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReturnPolicyInput {
    #[ts(type = "number")]
    pub window_days: i64,
    pub fee_kind: FeeKind,
    /// A percent ("10") or an amount as typed ("2,50").
    pub fee_value: String,
    pub offer_refund: bool,
    pub offer_exchange: bool,
    pub offer_credit: bool,
    #[ts(type = "number")]
    pub bonus_percent: i64,
    pub policy_text: String,
    pub notify_customer: bool,
    pub reasons: Vec<ReasonInput>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReturnLineInput {
    #[ts(type = "number")]
    pub position: i64,
    #[ts(type = "number")]
    pub quantity: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReturnInput {
    #[ts(type = "number")]
    pub order_id: i64,
    pub lines: Vec<ReturnLineInput>,
    #[ts(type = "number")]
    pub reason_id: i64,
    pub outcome: Outcome,
    pub note: String,
    /// Required when the request breaks a policy rule.
    pub override_reason: Option<String>,
}

/// What opening the request would do: amounts and the rules it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Quote {
    pub currency: String,
    #[ts(type = "number")]
    pub gross_minor: i64,
    #[ts(type = "number")]
    pub fee_minor: i64,
    #[ts(type = "number")]
    pub bonus_minor: i64,
    #[ts(type = "number")]
    pub amount_minor: i64,
    /// Rule codes: `outside_window`, `order_cancelled`, `outcome_not_offered`.
    pub violations: Vec<String>,
    /// The last day of the return window (YYYY-MM-DD).
    pub deadline: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReturnableLine {
    #[ts(type = "number")]
    pub position: i64,
    pub product: String,
    pub sku: Option<String>,
    #[ts(type = "number")]
    pub unit_price_minor: i64,
    #[ts(type = "number")]
    pub bought: i64,
    /// Already in other (not rejected) returns.
    #[ts(type = "number")]
    pub returned: i64,
}

/// What the "new return" form needs for one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReturnForm {
    #[ts(type = "number")]
    pub order_id: i64,
    pub order_number: String,
    pub customer_name: String,
    pub currency: String,
    pub lines: Vec<ReturnableLine>,
    pub deadline: String,
    pub within_window: bool,
    pub cancelled: bool,
    pub policy: ReturnPolicy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReturnLine {
    #[ts(type = "number")]
    pub position: i64,
    pub product: String,
    #[ts(type = "number")]
    pub quantity: i64,
    #[ts(type = "number")]
    pub unit_price_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReturnEvent {
    #[ts(type = "number")]
    pub at: i64,
    pub status: ReturnStatus,
    pub actor: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReturnRequest {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub order_id: i64,
    pub order_number: String,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub status: ReturnStatus,
    pub reason: Reason,
    pub outcome: Outcome,
    pub note: String,
    pub currency: String,
    #[ts(type = "number")]
    pub gross_minor: i64,
    #[ts(type = "number")]
    pub fee_minor: i64,
    #[ts(type = "number")]
    pub bonus_minor: i64,
    #[ts(type = "number")]
    pub amount_minor: i64,
    pub overridden_rules: Vec<String>,
    pub override_reason: String,
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
    /// Empty in lists.
    pub lines: Vec<ReturnLine>,
    /// Newest first; empty in lists.
    pub events: Vec<ReturnEvent>,
    pub next: Vec<ReturnStatus>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct ReturnFilter {
    pub status: Option<ReturnStatus>,
    #[ts(type = "number | null")]
    pub reason_id: Option<i64>,
    /// Only requests opened at least this many days ago.
    #[ts(type = "number | null")]
    pub min_age_days: Option<i64>,
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
}

// ---------------------------------------------------------------- notices

/// Queues the customer's email for a step when the policy says so and the
/// customer has an address: through the outbox, in the same transaction as
/// the step, so a step is never without its message or the reverse. Only a
/// rejection carries the owner's note (the why); other notes stay internal.
/// Closing is internal and sends nothing.
fn notify(tx: &Transaction<'_>, id: i64, status: ReturnStatus, note: &str) -> Result<()> {
    let enabled: bool = tx.query_row("SELECT notify_customer FROM return_policy WHERE id = 1", [], |r| r.get(0))?;
    if !enabled || status == ReturnStatus::Closed {
        return Ok(());
    }
    let row = tx
        .query_row(
            "SELECT c.email, c.email_key, c.name, c.language, o.number, r.currency, r.amount_minor, r.outcome
             FROM returns r JOIN customers c ON c.id = r.customer_id JOIN orders o ON o.id = r.order_id
             WHERE r.id = ?1 AND c.email IS NOT NULL",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, String>(7)?,
                ))
            },
        )
        .optional()?;
    let Some((email, key, name, language, order_number, currency, amount, outcome)) = row else { return Ok(()) };
    let spanish = language.as_deref() != Some("en");
    let mut vars = serde_json::json!({
        "notice": format!("return_{}", status.as_str()),
        "return_number": id.to_string(),
        "order_number": order_number,
        "amount": money::format_plain(amount, &currency, spanish),
        "outcome": outcome,
        "note": if status == ReturnStatus::Rejected { note } else { "" },
    });
    if let Some(language) = language {
        vars["language"] = language.into();
    }
    crate::newsletter::insert_outbox(tx, None, "notice", &email, &key, &name, &vars, "queued", "")?;
    Ok(())
}

// ---------------------------------------------------------------- policy

fn reasons(conn: &Connection) -> Result<Vec<Reason>> {
    let mut stmt = conn.prepare_cached("SELECT id, code, label, waives_fee, active FROM return_reasons ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Reason { id: r.get(0)?, code: r.get(1)?, label: r.get(2)?, waives_fee: r.get(3)?, active: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn load_policy(conn: &Connection) -> Result<ReturnPolicy> {
    let currency = settings::load_or_default(conn)?.currency;
    let mut policy = conn.query_row(
        "SELECT window_days, fee_kind, fee_value, offer_refund, offer_exchange, offer_credit, bonus_percent,
                policy_text, notify_customer FROM return_policy WHERE id = 1",
        [],
        |r| {
            Ok(ReturnPolicy {
                window_days: r.get(0)?,
                fee_kind: match r.get::<_, String>(1)?.as_str() {
                    "percent" => FeeKind::Percent,
                    "fixed" => FeeKind::Fixed,
                    _ => FeeKind::None,
                },
                fee_value: r.get(2)?,
                offer_refund: r.get(3)?,
                offer_exchange: r.get(4)?,
                offer_credit: r.get(5)?,
                bonus_percent: r.get(6)?,
                policy_text: r.get(7)?,
                notify_customer: r.get(8)?,
                reasons: Vec::new(),
                currency: String::new(),
            })
        },
    )?;
    policy.reasons = reasons(conn)?;
    policy.currency = currency;
    Ok(policy)
}

pub fn policy(store: &Store) -> Result<ReturnPolicy> {
    store.read(load_policy)
}

pub fn save_policy(store: &Store, input: &ReturnPolicyInput) -> Result<ReturnPolicy> {
    store.write(|tx| {
        let currency = settings::load_or_default(tx)?.currency;
        let existing = reasons(tx)?;
        let mut problems = Problems::default();
        if !(0..=3650).contains(&input.window_days) {
            problems.add("window_days", "out_of_range");
        }
        let fee_value = match input.fee_kind {
            FeeKind::None => 0,
            FeeKind::Percent => match input.fee_value.trim().parse::<i64>() {
                Ok(p) if (0..=100).contains(&p) => p,
                _ => {
                    problems.add("fee_value", "percent_invalid");
                    0
                }
            },
            FeeKind::Fixed => money::parse_amount(&input.fee_value, &currency).unwrap_or_else(|code| {
                problems.add("fee_value", code);
                0
            }),
        };
        if !(input.offer_refund || input.offer_exchange || input.offer_credit) {
            problems.add("outcomes", "outcome_required");
        }
        if !(0..=100).contains(&input.bonus_percent) {
            problems.add("bonus_percent", "percent_invalid");
        }
        let policy_text = text::clean_multiline(&mut problems, "policy_text", &input.policy_text, 20_000);
        if input.reasons.len() > REASONS_MAX {
            problems.add("reasons", "too_many");
        }
        let mut cleaned = Vec::new();
        for (i, reason) in input.reasons.iter().enumerate() {
            let label = text::clean_multiline(&mut problems, &format!("reasons.{i}.label"), &reason.label, 80);
            let seeded = reason.id.and_then(|id| existing.iter().find(|r| r.id == id));
            if reason.id.is_some() && seeded.is_none() {
                problems.add(format!("reasons.{i}.id"), "reason_unknown");
            }
            if label.is_empty() && seeded.is_none_or(|r| r.code.is_none()) {
                problems.add(format!("reasons.{i}.label"), "required");
            }
            cleaned.push((reason.id, label, reason.waives_fee, reason.active));
        }
        if !cleaned.iter().any(|(_, _, _, active)| *active) {
            problems.add("reasons", "reason_required");
        }
        problems.into_result()?;
        tx.execute(
            "UPDATE return_policy SET window_days = ?1, fee_kind = ?2, fee_value = ?3, offer_refund = ?4,
                 offer_exchange = ?5, offer_credit = ?6, bonus_percent = ?7, policy_text = ?8, notify_customer = ?9
             WHERE id = 1",
            params![
                input.window_days,
                match input.fee_kind {
                    FeeKind::None => "none",
                    FeeKind::Percent => "percent",
                    FeeKind::Fixed => "fixed",
                },
                fee_value,
                input.offer_refund,
                input.offer_exchange,
                input.offer_credit,
                input.bonus_percent,
                policy_text,
                input.notify_customer
            ],
        )?;
        // Reasons are never deleted (returns point at them); left out means inactive.
        tx.execute("UPDATE return_reasons SET active = 0", [])?;
        for (id, label, waives_fee, active) in cleaned {
            match id {
                Some(id) => tx.execute(
                    "UPDATE return_reasons SET label = ?2, waives_fee = ?3, active = ?4 WHERE id = ?1",
                    params![id, label, waives_fee, active],
                )?,
                None => tx.execute(
                    "INSERT INTO return_reasons (label, waives_fee, active) VALUES (?1, ?2, ?3)",
                    params![label, waives_fee, active],
                )?,
            };
        }
        load_policy(tx)
    })
}

// ---------------------------------------------------------------- requests

struct OrderFacts {
    customer_id: i64,
    customer_name: String,
    number: String,
    currency: String,
    status: String,
    base_date: String,
}

fn order_facts(conn: &Connection, order_id: i64) -> Result<OrderFacts> {
    conn.query_row(
        "SELECT o.customer_id, c.name, o.number, o.currency, o.status, coalesce(o.delivered_on, o.placed_on)
         FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?1",
        [order_id],
        |r| {
            Ok(OrderFacts {
                customer_id: r.get(0)?,
                customer_name: r.get(1)?,
                number: r.get(2)?,
                currency: r.get(3)?,
                status: r.get(4)?,
                base_date: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound { entity: "order", id: order_id })
}

fn returnable_lines(conn: &Connection, order_id: i64) -> Result<Vec<ReturnableLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.position, l.product, l.sku, l.unit_price_minor, l.quantity,
                coalesce((SELECT sum(rl.quantity) FROM return_lines rl JOIN returns r ON r.id = rl.return_id
                          WHERE r.order_id = l.order_id AND rl.position = l.position AND r.status <> 'rejected'
                            AND NOT (r.status = 'closed' AND r.settled_at IS NULL)), 0)
         FROM order_lines l WHERE l.order_id = ?1 ORDER BY l.position",
    )?;
    let rows = stmt.query_map([order_id], |r| {
        Ok(ReturnableLine {
            position: r.get(0)?,
            product: r.get(1)?,
            sku: r.get(2)?,
            unit_price_minor: r.get(3)?,
            bought: r.get(4)?,
            returned: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn deadline(base: &str, window_days: i64) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(base, format).ok().and_then(|d| d.checked_add(time::Duration::days(window_days)))
}

pub fn form(store: &Store, order_id: i64, today: time::Date) -> Result<ReturnForm> {
    store.read(|conn| {
        let order = order_facts(conn, order_id)?;
        let policy = load_policy(conn)?;
        let last_day = deadline(&order.base_date, policy.window_days);
        Ok(ReturnForm {
            order_id,
            order_number: order.number,
            customer_name: order.customer_name,
            currency: order.currency,
            lines: returnable_lines(conn, order_id)?,
            deadline: last_day.map(|d| d.to_string()).unwrap_or_default(),
            within_window: last_day.is_some_and(|d| today <= d),
            cancelled: order.status == "cancelled",
            policy,
        })
    })
}

/// Fee and bonus for `gross` under the policy (the fee rounds half up; the
/// bonus rounds down, so neither ever favours a rounding error).
fn amounts(policy: &ReturnPolicy, reason: &Reason, outcome: Outcome, gross: i64) -> (i64, i64) {
    let fee = if reason.waives_fee {
        0
    } else {
        match policy.fee_kind {
            FeeKind::None => 0,
            FeeKind::Percent => ((i128::from(gross) * i128::from(policy.fee_value) + 50) / 100) as i64,
            FeeKind::Fixed => policy.fee_value.min(gross),
        }
    };
    let bonus = match outcome {
        Outcome::Refund => 0,
        Outcome::Exchange | Outcome::Credit => (i128::from(gross) * i128::from(policy.bonus_percent) / 100) as i64,
    };
    (fee, bonus)
}

fn offered(policy: &ReturnPolicy, outcome: Outcome) -> bool {
    match outcome {
        Outcome::Refund => policy.offer_refund,
        Outcome::Exchange => policy.offer_exchange,
        Outcome::Credit => policy.offer_credit,
    }
}

struct Checked {
    order: OrderFacts,
    reason: Reason,
    lines: Vec<(i64, i64, i64)>,
    quote: Quote,
    note: String,
}

fn check(conn: &Connection, input: &ReturnInput, today: time::Date) -> Result<Checked> {
    let order = order_facts(conn, input.order_id)?;
    let policy = load_policy(conn)?;
    let available = returnable_lines(conn, input.order_id)?;
    let mut problems = Problems::default();
    let reason = policy.reasons.iter().find(|r| r.id == input.reason_id && r.active).cloned();
    if reason.is_none() {
        problems.add("reason_id", "reason_unknown");
    }
    if input.lines.is_empty() {
        problems.add("lines", "lines_empty");
    }
    let mut lines = Vec::new();
    for (i, line) in input.lines.iter().enumerate() {
        let Some(sold) = available.iter().find(|l| l.position == line.position) else {
            problems.add(format!("lines.{i}.position"), "line_unknown");
            continue;
        };
        if lines.iter().any(|(p, _, _)| *p == line.position) {
            problems.add(format!("lines.{i}.position"), "line_repeated");
        } else if line.quantity <= 0 {
            problems.add(format!("lines.{i}.quantity"), "quantity_not_positive");
        } else if line.quantity > sold.bought - sold.returned {
            problems.add(format!("lines.{i}.quantity"), "quantity_exceeds_bought");
        }
        lines.push((line.position, line.quantity.max(0), sold.unit_price_minor));
    }
    let note = text::clean_multiline(&mut problems, "note", &input.note, NOTE_MAX);
    problems.into_result()?;
    let reason = reason.expect("checked above");
    let gross: i64 = lines.iter().map(|(_, q, price)| q * price).sum();
    let (fee, bonus) = amounts(&policy, &reason, input.outcome, gross);
    let last_day = deadline(&order.base_date, policy.window_days);
    let mut violations = Vec::new();
    if order.status == "cancelled" {
        violations.push("order_cancelled".to_owned());
    }
    if last_day.is_none_or(|d| today > d) {
        violations.push("outside_window".to_owned());
    }
    if !offered(&policy, input.outcome) {
        violations.push("outcome_not_offered".to_owned());
    }
    let quote = Quote {
        currency: order.currency.clone(),
        gross_minor: gross,
        fee_minor: fee,
        bonus_minor: bonus,
        amount_minor: gross - fee + bonus,
        violations,
        deadline: last_day.map(|d| d.to_string()).unwrap_or_default(),
    };
    Ok(Checked { order, reason, lines, quote, note })
}

/// Amounts and broken rules, shown before the owner confirms.
pub fn quote(store: &Store, input: &ReturnInput, today: time::Date) -> Result<Quote> {
    store.read(|conn| check(conn, input, today).map(|c| c.quote))
}

/// Opens a request. Refused with `policy_refused` (and the rule codes) when
/// it breaks the policy and no override reason was given.
pub fn open(store: &Store, input: &ReturnInput, actor: &str, now: i64, today: time::Date) -> Result<ReturnRequest> {
    store.write(|tx| {
        let checked = check(tx, input, today)?;
        let mut problems = Problems::default();
        let override_reason =
            text::clean_multiline(&mut problems, "override_reason", input.override_reason.as_deref().unwrap_or(""), 500);
        problems.into_result()?;
        let violations = &checked.quote.violations;
        if !violations.is_empty() && override_reason.is_empty() {
            return Err(Error::Policy(violations.clone()));
        }
        let q = &checked.quote;
        tx.execute(
            "INSERT INTO returns (order_id, customer_id, status, reason_id, outcome, note, currency, gross_minor, fee_minor,
                                  bonus_minor, amount_minor, overridden_rules, override_reason, created_at, updated_at)
             VALUES (?1, ?2, 'requested', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
            params![
                input.order_id,
                checked.order.customer_id,
                checked.reason.id,
                input.outcome.as_str(),
                checked.note,
                q.currency,
                q.gross_minor,
                q.fee_minor,
                q.bonus_minor,
                q.amount_minor,
                violations.join(","),
                if violations.is_empty() { "" } else { override_reason.as_str() },
                now
            ],
        )?;
        let id = tx.last_insert_rowid();
        let mut insert = tx.prepare_cached(
            "INSERT INTO return_lines (return_id, position, quantity, unit_price_minor) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (position, quantity, price) in &checked.lines {
            insert.execute(params![id, position, quantity, price])?;
        }
        let why = if violations.is_empty() { checked.note.clone() } else { override_reason };
        event(tx, id, ReturnStatus::Requested, actor, &why, now)?;
        notify(tx, id, ReturnStatus::Requested, "")?;
        load(tx, id)
    })
}

fn event(tx: &Transaction<'_>, id: i64, status: ReturnStatus, actor: &str, note: &str, now: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO return_events (return_id, at, status, actor, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, now, status.as_str(), actor, note],
    )?;
    Ok(())
}

/// Moves a request one step. Settling (refunded, exchanged, credited) fixes
/// the outcome and its amounts; a refund or store credit reverses the loyalty
/// points the returned lines earned. Rejecting needs a reason.
pub fn transition(
    store: &Store,
    id: i64,
    to: ReturnStatus,
    note: &str,
    actor: &str,
    now: i64,
) -> Result<ReturnRequest> {
    store.write(|tx| {
        let current = load(tx, id)?;
        let mut problems = Problems::default();
        let note = text::clean_multiline(&mut problems, "note", note, NOTE_MAX);
        if !current.status.next().contains(&to) {
            problems.add("status", "transition_not_allowed");
        }
        if to == ReturnStatus::Rejected && note.is_empty() {
            problems.add("note", "required");
        }
        problems.into_result()?;
        let settled = match to {
            ReturnStatus::Refunded => Some(Outcome::Refund),
            ReturnStatus::Exchanged => Some(Outcome::Exchange),
            ReturnStatus::Credited => Some(Outcome::Credit),
            _ => None,
        };
        match settled {
            Some(outcome) => {
                let policy = load_policy(tx)?;
                let (fee, bonus) = amounts(&policy, &current.reason, outcome, current.gross_minor);
                tx.execute(
                    "UPDATE returns SET status = ?2, outcome = ?3, fee_minor = ?4, bonus_minor = ?5, amount_minor = ?6,
                         settled_at = ?7, updated_at = ?7 WHERE id = ?1",
                    params![id, to.as_str(), outcome.as_str(), fee, bonus, current.gross_minor - fee + bonus, now],
                )?;
                debug_assert_eq!(outcome.settles_as(), to);
                if outcome != Outcome::Exchange {
                    loyalty::reverse_order(tx, current.order_id, Some(id), now)?;
                }
            }
            None => {
                tx.execute(
                    "UPDATE returns SET status = ?2, updated_at = ?3 WHERE id = ?1",
                    params![id, to.as_str(), now],
                )?;
            }
        }
        event(tx, id, to, actor, &note, now)?;
        notify(tx, id, to, &note)?;
        load(tx, id)
    })
}

const RETURN_COLUMNS: &str =
    "r.id, r.order_id, o.number, r.customer_id, c.name, r.status, r.reason_id, rr.code, rr.label,
     rr.waives_fee, rr.active, r.outcome, r.note, r.currency, r.gross_minor, r.fee_minor, r.bonus_minor, r.amount_minor,
     r.overridden_rules, r.override_reason, r.created_at, r.updated_at";
const RETURN_FROM: &str = "returns r JOIN orders o ON o.id = r.order_id JOIN customers c ON c.id = r.customer_id
     JOIN return_reasons rr ON rr.id = r.reason_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReturnRequest> {
    let status = ReturnStatus::parse(&r.get::<_, String>(5)?);
    let rules: String = r.get(18)?;
    Ok(ReturnRequest {
        id: r.get(0)?,
        order_id: r.get(1)?,
        order_number: r.get(2)?,
        customer_id: r.get(3)?,
        customer_name: r.get(4)?,
        status,
        reason: Reason { id: r.get(6)?, code: r.get(7)?, label: r.get(8)?, waives_fee: r.get(9)?, active: r.get(10)? },
        outcome: Outcome::parse(&r.get::<_, String>(11)?),
        note: r.get(12)?,
        currency: r.get(13)?,
        gross_minor: r.get(14)?,
        fee_minor: r.get(15)?,
        bonus_minor: r.get(16)?,
        amount_minor: r.get(17)?,
        overridden_rules: rules.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        override_reason: r.get(19)?,
        created_at: r.get(20)?,
        updated_at: r.get(21)?,
        lines: Vec::new(),
        events: Vec::new(),
        next: status.next().to_vec(),
    })
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<ReturnRequest> {
    let sql = format!("SELECT {RETURN_COLUMNS} FROM {RETURN_FROM} WHERE r.id = ?1");
    let mut request =
        conn.query_row(&sql, [id], from_row).optional()?.ok_or(Error::NotFound { entity: "return", id })?;
    let mut lines = conn.prepare_cached(
        "SELECT rl.position, l.product, rl.quantity, rl.unit_price_minor FROM return_lines rl
         JOIN returns r ON r.id = rl.return_id JOIN order_lines l ON l.order_id = r.order_id AND l.position = rl.position
         WHERE rl.return_id = ?1 ORDER BY rl.position",
    )?;
    request.lines = lines
        .query_map([id], |r| {
            Ok(ReturnLine { position: r.get(0)?, product: r.get(1)?, quantity: r.get(2)?, unit_price_minor: r.get(3)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut events =
        conn.prepare_cached("SELECT at, status, actor, note FROM return_events WHERE return_id = ?1 ORDER BY id DESC")?;
    request.events = events
        .query_map([id], |r| {
            Ok(ReturnEvent {
                at: r.get(0)?,
                status: ReturnStatus::parse(&r.get::<_, String>(1)?),
                actor: r.get(2)?,
                note: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(request)
}

pub fn get(store: &Store, id: i64) -> Result<ReturnRequest> {
    store.read(|conn| load(conn, id))
}

/// Newest first.
pub fn list(store: &Store, filter: &ReturnFilter, now: i64, limit: u32, offset: u32) -> Result<Vec<ReturnRequest>> {
    let sql = format!(
        "SELECT {RETURN_COLUMNS} FROM {RETURN_FROM}
         WHERE (?1 IS NULL OR r.status = ?1) AND (?2 IS NULL OR r.reason_id = ?2) AND (?3 IS NULL OR r.created_at <= ?3)
           AND (?4 IS NULL OR r.customer_id = ?4)
         ORDER BY r.created_at DESC, r.id DESC LIMIT ?5 OFFSET ?6"
    );
    if filter.min_age_days.is_some_and(|d| !(0..=MIN_AGE_DAYS_MAX).contains(&d)) {
        return Err(Error::invalid("min_age_days", "out_of_range"));
    }
    let before = filter.min_age_days.map(|d| now - d * loyalty::DAY_MS);
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                filter.status.map(ReturnStatus::as_str),
                filter.reason_id,
                before,
                filter.customer_id,
                i64::from(limit.min(500)),
                i64::from(offset)
            ],
            from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReasonCount {
    pub reason: Reason,
    #[ts(type = "number")]
    pub count: i64,
}

/// Returns rate and top reasons over orders placed since `since` (YYYY-MM-DD).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReturnStats {
    #[ts(type = "number")]
    pub orders: i64,
    /// Orders with at least one return that was not rejected.
    #[ts(type = "number")]
    pub orders_returned: i64,
    pub rate: f64,
    pub top_reasons: Vec<ReasonCount>,
}

/// The five most frequent reasons of returns (not rejected) of orders placed
/// between `from` and `to` (`YYYY-MM-DD`, inclusive).
pub(crate) fn top_reasons(conn: &Connection, from: &str, to: &str) -> Result<Vec<ReasonCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rr.id, rr.code, rr.label, rr.waives_fee, rr.active, count(*) AS n
         FROM returns r JOIN orders o ON o.id = r.order_id JOIN return_reasons rr ON rr.id = r.reason_id
         WHERE o.placed_on BETWEEN ?1 AND ?2 AND r.status <> 'rejected'
         GROUP BY rr.id ORDER BY n DESC, rr.id LIMIT 5",
    )?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok(ReasonCount {
            reason: Reason {
                id: r.get(0)?,
                code: r.get(1)?,
                label: r.get(2)?,
                waives_fee: r.get(3)?,
                active: r.get(4)?,
            },
            count: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn stats(store: &Store, since: &str) -> Result<ReturnStats> {
    let since = text::parse_day(since).ok_or_else(|| Error::invalid("since", "date_invalid"))?.to_string();
    store.read(|conn| {
        let (orders, returned): (i64, i64) = conn.query_row(
            "SELECT (SELECT count(*) FROM orders WHERE placed_on >= ?1 AND status <> 'cancelled'),
                    (SELECT count(DISTINCT r.order_id) FROM returns r JOIN orders o ON o.id = r.order_id
                     WHERE o.placed_on >= ?1 AND r.status <> 'rejected')",
            [&since],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let top_reasons = top_reasons(conn, &since, "9999-12-31")?;
        let rate = if orders == 0 { 0.0 } else { returned as f64 / orders as f64 };
        Ok(ReturnStats { orders, orders_returned: returned, rate, top_reasons })
    })
}

#[cfg(test)]
#[path = "returns_tests.rs"]
mod tests;
