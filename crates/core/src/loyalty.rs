//! Loyalty points: an append-only ledger. Credits are lots that become
//! spendable after a pending period and may expire; every debit records which
//! lots it consumed (soonest-expiring first), so a lot's remainder, the
//! balance, what is pending and what expires are all derived from entries.
//! No code path stores or updates a balance.
//!
//! Reversals (a refunded return, a cancelled order) take points back from the
//! order's own earning first, then from the rest of the balance (spendable
//! before pending, soonest-expiring first). What the balance cannot cover is
//! recorded on the entry as `shortfall`; the balance never goes negative.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Problems, Result};
use crate::store::{Store, now_ms};
use crate::{money, settings, text};

pub const DAY_MS: i64 = 86_400_000;
/// "Expiring soon" on the customer's page.
const SOON_MS: i64 = 30 * DAY_MS;
const NOTE_MAX: usize = 500;
const MAX_TIERS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum EarnOn {
    Paid,
    Delivered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Tier {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub threshold_minor: i64,
    #[ts(type = "number")]
    pub multiplier_percent: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LoyaltySettings {
    pub enabled: bool,
    #[ts(type = "number")]
    pub points_per_unit: i64,
    pub earn_on: EarnOn,
    /// None: the return window.
    #[ts(type = "number | null")]
    pub pending_days: Option<i64>,
    /// The pending period in force (the return window when not set).
    #[ts(type = "number")]
    pub effective_pending_days: i64,
    #[ts(type = "number")]
    pub redeem_points: i64,
    #[ts(type = "number")]
    pub redeem_value_minor: i64,
    #[ts(type = "number | null")]
    pub expiry_months: Option<i64>,
    #[ts(type = "number")]
    pub referrer_points: i64,
    #[ts(type = "number")]
    pub referred_points: i64,
    /// The welcome coupon given to a referred customer when linked (0: none).
    pub referral_coupon_percent: u8,
    /// How many days that coupon is valid from the day of linking.
    pub referral_coupon_days: u32,
    /// Lowest threshold first.
    pub tiers: Vec<Tier>,
    pub currency: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct TierInput {
    pub name: String,
    /// Money as typed ("300", "1.000,00").
    pub threshold: String,
    #[ts(type = "number")]
    pub multiplier_percent: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct LoyaltySettingsInput {
    pub enabled: bool,
    #[ts(type = "number")]
    pub points_per_unit: i64,
    pub earn_on: EarnOn,
    #[ts(type = "number | null")]
    pub pending_days: Option<i64>,
    #[ts(type = "number")]
    pub redeem_points: i64,
    /// Money as typed.
    pub redeem_value: String,
    #[ts(type = "number | null")]
    pub expiry_months: Option<i64>,
    #[ts(type = "number")]
    pub referrer_points: i64,
    #[ts(type = "number")]
    pub referred_points: i64,
    /// 0–90; 0: no welcome coupon.
    pub referral_coupon_percent: u8,
    /// 1–3650.
    pub referral_coupon_days: u32,
    pub tiers: Vec<TierInput>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Earn,
    Redeem,
    Adjust,
    Expire,
    Reverse,
    Referral,
}

impl EntryKind {
    fn as_str(self) -> &'static str {
        match self {
            EntryKind::Earn => "earn",
            EntryKind::Redeem => "redeem",
            EntryKind::Adjust => "adjust",
            EntryKind::Expire => "expire",
            EntryKind::Reverse => "reverse",
            EntryKind::Referral => "referral",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "earn" => EntryKind::Earn,
            "redeem" => EntryKind::Redeem,
            "expire" => EntryKind::Expire,
            "reverse" => EntryKind::Reverse,
            "referral" => EntryKind::Referral,
            _ => EntryKind::Adjust,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LedgerEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: EntryKind,
    #[ts(type = "number")]
    pub points: i64,
    #[ts(type = "number | null")]
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    #[ts(type = "number | null")]
    pub return_id: Option<i64>,
    pub note: String,
    #[ts(type = "number")]
    pub available_at: i64,
    #[ts(type = "number | null")]
    pub expires_at: Option<i64>,
    /// Points a reversal could not take back.
    #[ts(type = "number")]
    pub shortfall: i64,
    #[ts(type = "number")]
    pub created_at: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Balance {
    /// The sum of the ledger.
    #[ts(type = "number")]
    pub total: i64,
    /// Spendable now.
    #[ts(type = "number")]
    pub available: i64,
    /// Earned, not yet spendable (the return window).
    #[ts(type = "number")]
    pub pending: i64,
    /// Spendable points that expire within 30 days.
    #[ts(type = "number")]
    pub expiring_soon: i64,
    #[ts(type = "number | null")]
    pub next_expiry_at: Option<i64>,
    /// What `available` is worth, in minor units of the shop's currency.
    #[ts(type = "number")]
    pub available_value_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TierStatus {
    pub tier: Option<Tier>,
    pub next: Option<Tier>,
    /// Spend over the last 12 months, net of refunded returns.
    #[ts(type = "number")]
    pub spend_minor: i64,
    #[ts(type = "number | null")]
    pub to_next_minor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Referrer {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// The code of the welcome coupon the referred customer was given.
    pub welcome_coupon: Option<String>,
}

/// The loyalty section of a customer's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustomerLoyalty {
    pub enabled: bool,
    pub balance: Balance,
    pub tier: TierStatus,
    pub referral_code: String,
    pub referred_by: Option<Referrer>,
    #[ts(type = "number")]
    pub referrals: i64,
    /// Newest first.
    pub entries: Vec<LedgerEntry>,
    pub currency: String,
    #[ts(type = "number")]
    pub redeem_points: i64,
    #[ts(type = "number")]
    pub redeem_value_minor: i64,
}

// ---------------------------------------------------------------- settings

pub(crate) fn load_settings(conn: &Connection) -> Result<LoyaltySettings> {
    let shop = settings::load_or_default(conn)?;
    let window: i64 = conn.query_row("SELECT window_days FROM return_policy WHERE id = 1", [], |r| r.get(0))?;
    let mut s = conn.query_row(
        "SELECT enabled, points_per_unit, earn_on, pending_days, redeem_points, redeem_value_minor, expiry_months,
                referrer_points, referred_points, referral_coupon_percent, referral_coupon_days
         FROM loyalty_settings WHERE id = 1",
        [],
        |r| {
            let pending_days: Option<i64> = r.get(3)?;
            Ok(LoyaltySettings {
                enabled: r.get(0)?,
                points_per_unit: r.get(1)?,
                earn_on: if r.get::<_, String>(2)? == "paid" { EarnOn::Paid } else { EarnOn::Delivered },
                pending_days,
                effective_pending_days: pending_days.unwrap_or(window),
                redeem_points: r.get(4)?,
                redeem_value_minor: r.get(5)?,
                expiry_months: r.get(6)?,
                referrer_points: r.get(7)?,
                referred_points: r.get(8)?,
                referral_coupon_percent: r.get(9)?,
                referral_coupon_days: r.get(10)?,
                tiers: Vec::new(),
                currency: shop.currency,
            })
        },
    )?;
    s.tiers = tiers(conn)?;
    Ok(s)
}

fn tiers(conn: &Connection) -> Result<Vec<Tier>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, threshold_minor, multiplier_percent FROM loyalty_tiers ORDER BY threshold_minor",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Tier { id: r.get(0)?, name: r.get(1)?, threshold_minor: r.get(2)?, multiplier_percent: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_settings(store: &Store) -> Result<LoyaltySettings> {
    store.read(load_settings)
}

pub fn save_settings(store: &Store, input: &LoyaltySettingsInput) -> Result<LoyaltySettings> {
    store.write(|tx| {
        let currency = settings::load_or_default(tx)?.currency;
        let mut problems = Problems::default();
        if !(0..=10_000).contains(&input.points_per_unit) {
            problems.add("points_per_unit", "out_of_range");
        }
        if input.pending_days.is_some_and(|d| !(0..=3650).contains(&d)) {
            problems.add("pending_days", "out_of_range");
        }
        if !(1..=1_000_000).contains(&input.redeem_points) {
            problems.add("redeem_points", "out_of_range");
        }
        let redeem_value = match money::parse_amount(&input.redeem_value, &currency) {
            Ok(0) => {
                problems.add("redeem_value", "amount_zero");
                0
            }
            Ok(v) => v,
            Err(code) => {
                problems.add("redeem_value", code);
                0
            }
        };
        if input.expiry_months.is_some_and(|m| !(1..=120).contains(&m)) {
            problems.add("expiry_months", "out_of_range");
        }
        for (field, value) in [("referrer_points", input.referrer_points), ("referred_points", input.referred_points)] {
            if !(0..=1_000_000).contains(&value) {
                problems.add(field, "out_of_range");
            }
        }
        if input.referral_coupon_percent > 90 {
            problems.add("referral_coupon_percent", "out_of_range");
        }
        if !(1..=3650).contains(&input.referral_coupon_days) {
            problems.add("referral_coupon_days", "out_of_range");
        }
        if input.tiers.len() > MAX_TIERS {
            problems.add("tiers", "too_many");
        }
        let mut tiers = Vec::new();
        for (i, tier) in input.tiers.iter().enumerate() {
            let name = tier.name.trim().to_owned();
            if name.is_empty() {
                problems.add(format!("tiers.{i}.name"), "required");
            } else if name.chars().count() > 60 || text::has_control_chars(&name) {
                problems.add(format!("tiers.{i}.name"), "text_invalid");
            }
            let threshold = money::parse_amount(&tier.threshold, &currency).unwrap_or_else(|code| {
                problems.add(format!("tiers.{i}.threshold"), code);
                -1
            });
            if threshold >= 0 && tiers.iter().any(|(_, t, _)| *t == threshold) {
                problems.add(format!("tiers.{i}.threshold"), "threshold_duplicate");
            }
            if !(100..=1000).contains(&tier.multiplier_percent) {
                problems.add(format!("tiers.{i}.multiplier_percent"), "out_of_range");
            }
            tiers.push((name, threshold, tier.multiplier_percent));
        }
        problems.into_result()?;
        tx.execute(
            "UPDATE loyalty_settings SET enabled = ?1, points_per_unit = ?2, earn_on = ?3, pending_days = ?4,
                 redeem_points = ?5, redeem_value_minor = ?6, expiry_months = ?7, referrer_points = ?8,
                 referred_points = ?9, referral_coupon_percent = ?10, referral_coupon_days = ?11 WHERE id = 1",
            params![
                input.enabled,
                input.points_per_unit,
                if input.earn_on == EarnOn::Paid { "paid" } else { "delivered" },
                input.pending_days,
                input.redeem_points,
                redeem_value,
                input.expiry_months,
                input.referrer_points,
                input.referred_points,
                input.referral_coupon_percent,
                input.referral_coupon_days
            ],
        )?;
        // Tiers are configuration; which tier a customer is in is derived.
        tx.execute("DELETE FROM loyalty_tiers", [])?;
        for (name, threshold, multiplier) in tiers {
            tx.execute(
                "INSERT INTO loyalty_tiers (name, threshold_minor, multiplier_percent) VALUES (?1, ?2, ?3)",
                params![name, threshold, multiplier],
            )?;
        }
        load_settings(tx)
    })
}

// ---------------------------------------------------------------- lots

#[derive(Debug, Clone, Copy)]
struct Lot {
    id: i64,
    remaining: i64,
    available_at: i64,
    expires_at: Option<i64>,
}

/// A customer's credits with points left, soonest-expiring first.
fn lots(conn: &Connection, customer_id: i64) -> Result<Vec<Lot>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, remaining, available_at, expires_at FROM (
             SELECT l.id, l.points - coalesce((SELECT sum(a.points) FROM points_allocations a WHERE a.credit_id = l.id), 0)
                        AS remaining, l.available_at, l.expires_at
             FROM points_ledger l WHERE l.customer_id = ?1 AND l.points > 0)
         WHERE remaining > 0 ORDER BY expires_at IS NULL, expires_at, id",
    )?;
    let rows = stmt.query_map([customer_id], |r| {
        Ok(Lot { id: r.get(0)?, remaining: r.get(1)?, available_at: r.get(2)?, expires_at: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn spendable(lot: &Lot, now: i64) -> bool {
    lot.available_at <= now && lot.expires_at.is_none_or(|e| e > now)
}

/// Takes up to `wanted` points from `lots` in the given order; returns the
/// plan (lot id, points).
fn plan(lots: &[Lot], wanted: i64) -> Vec<(i64, i64)> {
    let mut left = wanted;
    let mut taken = Vec::new();
    for lot in lots {
        if left == 0 {
            break;
        }
        let take = lot.remaining.min(left);
        taken.push((lot.id, take));
        left -= take;
    }
    taken
}

struct Debit<'a> {
    customer_id: i64,
    kind: EntryKind,
    order_id: Option<i64>,
    return_id: Option<i64>,
    note: &'a str,
    key: Option<String>,
    shortfall: i64,
}

/// Writes a debit and the allocations behind it; the entry's points are
/// exactly what the allocations took. Returns None when the key was taken.
fn write_debit(tx: &Transaction<'_>, debit: Debit<'_>, allocations: &[(i64, i64)], now: i64) -> Result<Option<i64>> {
    let points: i64 = allocations.iter().map(|(_, p)| p).sum();
    if points == 0 && debit.shortfall == 0 {
        return Ok(None);
    }
    let inserted = tx.execute(
        "INSERT INTO points_ledger (customer_id, kind, points, order_id, return_id, note, available_at, shortfall, key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?7) ON CONFLICT (key) DO NOTHING",
        params![
            debit.customer_id,
            debit.kind.as_str(),
            -points,
            debit.order_id,
            debit.return_id,
            debit.note,
            now,
            debit.shortfall,
            debit.key
        ],
    )?;
    if inserted == 0 {
        return Ok(None);
    }
    let id = tx.last_insert_rowid();
    let mut insert =
        tx.prepare_cached("INSERT INTO points_allocations (debit_id, credit_id, points) VALUES (?1, ?2, ?3)")?;
    for (credit, take) in allocations {
        insert.execute(params![id, credit, take])?;
    }
    Ok(Some(id))
}

struct Credit<'a> {
    customer_id: i64,
    kind: EntryKind,
    points: i64,
    order_id: Option<i64>,
    note: &'a str,
    key: Option<String>,
    available_at: i64,
}

fn write_credit(tx: &Transaction<'_>, s: &LoyaltySettings, credit: Credit<'_>, now: i64) -> Result<Option<i64>> {
    if credit.points <= 0 {
        return Ok(None);
    }
    let expires_at = s.expiry_months.map(|months| add_months(now, months));
    let inserted = tx.execute(
        "INSERT INTO points_ledger (customer_id, kind, points, order_id, note, available_at, expires_at, key, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (key) DO NOTHING",
        params![
            credit.customer_id,
            credit.kind.as_str(),
            credit.points,
            credit.order_id,
            credit.note,
            credit.available_at,
            expires_at,
            credit.key,
            now
        ],
    )?;
    Ok((inserted > 0).then(|| tx.last_insert_rowid()))
}

/// `ms` plus whole calendar months (the 31st becomes the month's last day).
pub fn add_months(ms: i64, months: i64) -> i64 {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000) else { return ms };
    let total = i64::from(at.year()) * 12 + i64::from(at.month() as u8) - 1 + months;
    let (year, month) = (total.div_euclid(12) as i32, (total.rem_euclid(12) + 1) as u8);
    let Ok(month) = time::Month::try_from(month) else { return ms };
    let day = at.day().min(month.length(year));
    match time::Date::from_calendar_date(year, month, day) {
        Ok(date) => (at.replace_date(date).unix_timestamp_nanos() / 1_000_000) as i64,
        Err(_) => ms,
    }
}

// ---------------------------------------------------------------- reading

fn balance_of(conn: &Connection, s: &LoyaltySettings, customer_id: i64, now: i64) -> Result<Balance> {
    let total: i64 = conn.query_row(
        "SELECT coalesce(sum(points), 0) FROM points_ledger WHERE customer_id = ?1",
        [customer_id],
        |r| r.get(0),
    )?;
    let mut b = Balance { total, ..Balance::default() };
    for lot in lots(conn, customer_id)? {
        let expired = lot.expires_at.is_some_and(|e| e <= now);
        if expired {
            continue;
        }
        if lot.available_at > now {
            b.pending += lot.remaining;
        } else {
            b.available += lot.remaining;
            if let Some(at) = lot.expires_at.filter(|at| *at <= now + SOON_MS) {
                b.expiring_soon += lot.remaining;
                b.next_expiry_at = Some(b.next_expiry_at.map_or(at, |n: i64| n.min(at)));
            }
        }
    }
    b.available_value_minor = value_of(s, b.available);
    Ok(b)
}

/// What `points` are worth at the redemption rate, rounded down.
fn value_of(s: &LoyaltySettings, points: i64) -> i64 {
    (i128::from(points) * i128::from(s.redeem_value_minor) / i128::from(s.redeem_points)) as i64
}

pub fn balance(store: &Store, customer_id: i64, now: i64) -> Result<Balance> {
    store.read(|conn| {
        let s = load_settings(conn)?;
        balance_of(conn, &s, customer_id, now)
    })
}

/// 12 months before `today`, as the YYYY-MM-DD orders are stored with.
fn year_before(today: time::Date) -> String {
    let day = today.day().min(today.month().length(today.year() - 1));
    time::Date::from_calendar_date(today.year() - 1, today.month(), day).unwrap_or(today).to_string()
}

/// Spend over the last 12 months: orders not cancelled (what was paid:
/// lines less coupon discounts), less the value of returns settled by
/// refund or store credit.
fn spend_of(conn: &Connection, customer_id: i64, today: time::Date) -> Result<i64> {
    let since = year_before(today);
    Ok(conn.query_row(
        "SELECT coalesce((SELECT sum(l.quantity * l.unit_price_minor) FROM orders o JOIN order_lines l ON l.order_id = o.id
                          WHERE o.customer_id = ?1 AND o.status <> 'cancelled' AND o.placed_on >= ?2), 0)
              - coalesce((SELECT sum(o.discount_minor) FROM orders o
                          WHERE o.customer_id = ?1 AND o.status <> 'cancelled' AND o.placed_on >= ?2), 0)
              - coalesce((SELECT sum(r.gross_minor) FROM returns r JOIN orders o ON o.id = r.order_id
                          WHERE r.customer_id = ?1 AND r.settled_at IS NOT NULL AND r.outcome <> 'exchange'
                            AND o.placed_on >= ?2), 0)",
        params![customer_id, since],
        |r| r.get(0),
    )?)
}

fn tier_for(tiers: &[Tier], spend: i64) -> TierStatus {
    let current = tiers.iter().rev().find(|t| t.threshold_minor <= spend).cloned();
    let next = tiers.iter().find(|t| t.threshold_minor > spend).cloned();
    TierStatus {
        to_next_minor: next.as_ref().map(|n| n.threshold_minor - spend),
        tier: current,
        next,
        spend_minor: spend,
    }
}

pub(crate) fn tier_of(
    conn: &Connection,
    s: &LoyaltySettings,
    customer_id: i64,
    today: time::Date,
) -> Result<TierStatus> {
    Ok(tier_for(&s.tiers, spend_of(conn, customer_id, today)?))
}

fn entries(conn: &Connection, customer_id: i64, limit: u32) -> Result<Vec<LedgerEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.kind, l.points, l.order_id, o.number, l.return_id, l.note, l.available_at, l.expires_at,
                l.shortfall, l.created_at
         FROM points_ledger l LEFT JOIN orders o ON o.id = l.order_id
         WHERE l.customer_id = ?1 ORDER BY l.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![customer_id, limit], |r| {
        Ok(LedgerEntry {
            id: r.get(0)?,
            kind: EntryKind::parse(&r.get::<_, String>(1)?),
            points: r.get(2)?,
            order_id: r.get(3)?,
            order_number: r.get(4)?,
            return_id: r.get(5)?,
            note: r.get(6)?,
            available_at: r.get(7)?,
            expires_at: r.get(8)?,
            shortfall: r.get(9)?,
            created_at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn customer_loyalty(
    conn: &Connection,
    customer_id: i64,
    now: i64,
    today: time::Date,
) -> Result<CustomerLoyalty> {
    let s = load_settings(conn)?;
    let referred_by = conn
        .query_row(
            "SELECT c.id, c.name,
                    (SELECT code FROM coupons WHERE customer_id = r.customer_id AND source = 'referral' ORDER BY id LIMIT 1)
             FROM referrals r JOIN customers c ON c.id = r.referrer_id WHERE r.customer_id = ?1",
            [customer_id],
            |r| Ok(Referrer { id: r.get(0)?, name: r.get(1)?, welcome_coupon: r.get(2)? }),
        )
        .optional()?;
    let referrals: i64 =
        conn.query_row("SELECT count(*) FROM referrals WHERE referrer_id = ?1", [customer_id], |r| r.get(0))?;
    Ok(CustomerLoyalty {
        enabled: s.enabled,
        balance: balance_of(conn, &s, customer_id, now)?,
        tier: tier_of(conn, &s, customer_id, today)?,
        referral_code: referral_code(customer_id),
        referred_by,
        referrals,
        entries: entries(conn, customer_id, 200)?,
        currency: s.currency.clone(),
        redeem_points: s.redeem_points,
        redeem_value_minor: s.redeem_value_minor,
    })
}

pub fn customer(store: &Store, customer_id: i64, now: i64, today: time::Date) -> Result<CustomerLoyalty> {
    store.read(|conn| {
        crate::customers::load(conn, customer_id)?;
        customer_loyalty(conn, customer_id, now, today)
    })
}

// ---------------------------------------------------------------- earning

/// Whether an order in `status` has reached the moment points are earned.
fn reached(earn_on: EarnOn, status: &str) -> bool {
    match earn_on {
        EarnOn::Delivered => status == "delivered",
        EarnOn::Paid => matches!(status, "paid" | "shipped" | "delivered"),
    }
}

/// Earns the order's points if its status has reached the shop's earning
/// moment; at most once per order (the ledger's unique key). Also pays the
/// referral rewards when this is a referred customer's first such order.
pub(crate) fn on_order_status(tx: &Transaction<'_>, order_id: i64, now: i64, today: time::Date) -> Result<()> {
    let s = load_settings(tx)?;
    let (customer_id, status, currency, total, delivered_ms): (i64, String, String, i64, Option<i64>) = tx.query_row(
        "SELECT customer_id, status, currency,
                max((SELECT coalesce(sum(quantity * unit_price_minor), 0) FROM order_lines WHERE order_id = o.id)
                    - o.discount_minor, 0),
                unixepoch(delivered_on) * 1000
         FROM orders o WHERE id = ?1",
        [order_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    if status == "cancelled" {
        return reverse_order(tx, order_id, None, now);
    }
    if !s.enabled || !reached(s.earn_on, &status) {
        return Ok(());
    }
    let tier = tier_of(tx, &s, customer_id, today)?;
    let multiplier = tier.tier.map_or(100, |t| t.multiplier_percent);
    let digits = money::minor_digits(&currency).unwrap_or(2);
    let points = (i128::from(total) * i128::from(s.points_per_unit) * i128::from(multiplier)
        / (100 * 10i128.pow(digits))) as i64;
    // The pending period runs from the delivery, like the return window it
    // covers; a delivery recorded late does not hold the points back again.
    let pending = s.effective_pending_days * DAY_MS;
    let available_at = match (s.earn_on, delivered_ms) {
        (EarnOn::Delivered, Some(delivered)) => (delivered + pending).max(now).min(now + pending),
        _ => now + pending,
    };
    write_credit(
        tx,
        &s,
        Credit {
            customer_id,
            kind: EntryKind::Earn,
            points,
            order_id: Some(order_id),
            note: "",
            key: Some(format!("earn:{order_id}")),
            available_at,
        },
        now,
    )?;
    // A referred customer's first order pays both sides, once.
    let referrer: Option<i64> = tx
        .query_row("SELECT referrer_id FROM referrals WHERE customer_id = ?1", [customer_id], |r| r.get(0))
        .optional()?;
    if let Some(referrer) = referrer {
        for (who, points, side) in
            [(referrer, s.referrer_points, "referrer"), (customer_id, s.referred_points, "referred")]
        {
            write_credit(
                tx,
                &s,
                Credit {
                    customer_id: who,
                    kind: EntryKind::Referral,
                    points,
                    order_id: Some(order_id),
                    note: "",
                    key: Some(format!("referral:{customer_id}:{side}")),
                    available_at,
                },
                now,
            )?;
        }
    }
    Ok(())
}

/// Points the order earned, and how many have been reversed so far
/// (including what could not be covered).
fn earned_and_reversed(conn: &Connection, order_id: i64) -> Result<(Option<(i64, i64)>, i64)> {
    let earned = conn
        .query_row("SELECT id, points FROM points_ledger WHERE key = ?1", [format!("earn:{order_id}")], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let reversed: i64 = conn.query_row(
        "SELECT coalesce(sum(shortfall - points), 0) FROM points_ledger WHERE order_id = ?1 AND kind = 'reverse'",
        [order_id],
        |r| r.get(0),
    )?;
    Ok((earned, reversed))
}

/// Takes back points an order earned: all that is left for a cancelled
/// order (`return_id` None), or the share of the returned value for a
/// settled return (cumulative, so rounding never drifts).
pub(crate) fn reverse_order(tx: &Transaction<'_>, order_id: i64, return_id: Option<i64>, now: i64) -> Result<()> {
    let (Some((earn_id, earned)), reversed) = earned_and_reversed(tx, order_id)? else { return Ok(()) };
    let target = match return_id {
        None => earned,
        Some(_) => {
            let (total, returned): (i64, i64) = tx.query_row(
                "SELECT (SELECT coalesce(sum(quantity * unit_price_minor), 0) FROM order_lines WHERE order_id = ?1),
                        (SELECT coalesce(sum(rl.quantity * rl.unit_price_minor), 0) FROM returns r
                         JOIN return_lines rl ON rl.return_id = r.id
                         WHERE r.order_id = ?1 AND r.settled_at IS NOT NULL AND r.outcome <> 'exchange')",
                [order_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if total == 0 {
                0
            } else {
                (i128::from(earned) * i128::from(returned.min(total)) / i128::from(total)) as i64
            }
        }
    };
    let wanted = target - reversed;
    if wanted <= 0 {
        return Ok(());
    }
    let customer_id: i64 = tx.query_row("SELECT customer_id FROM orders WHERE id = ?1", [order_id], |r| r.get(0))?;
    let mut ordered = lots(tx, customer_id)?;
    // The order's own earning first, then spendable before pending.
    ordered.sort_by_key(|lot| {
        (lot.id != earn_id, lot.available_at > now, lot.expires_at.is_none(), lot.expires_at, lot.id)
    });
    let allocations = plan(&ordered, wanted);
    let covered: i64 = allocations.iter().map(|(_, p)| p).sum();
    let key = match return_id {
        Some(r) => format!("reverse:return:{r}"),
        None => format!("reverse:cancel:{order_id}"),
    };
    write_debit(
        tx,
        Debit {
            customer_id,
            kind: EntryKind::Reverse,
            order_id: Some(order_id),
            return_id,
            note: "",
            key: Some(key),
            shortfall: wanted - covered,
        },
        &allocations,
        now,
    )?;
    Ok(())
}

// ---------------------------------------------------------------- spending

fn check_note(problems: &mut Problems, note: &str, required: bool) -> String {
    if required && note.trim().is_empty() {
        problems.add("note", "required");
        return String::new();
    }
    text::clean_multiline(problems, "note", note, NOTE_MAX)
}

fn require_customer(conn: &Connection, customer_id: i64) -> Result<()> {
    let exists: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM customers WHERE id = ?1)", [customer_id], |r| r.get(0))?;
    if exists { Ok(()) } else { Err(Error::NotFound { entity: "customer", id: customer_id }) }
}

/// Spends `points` from what is available, soonest-expiring first.
fn spend(
    tx: &Transaction<'_>,
    customer_id: i64,
    kind: EntryKind,
    points: i64,
    order_id: Option<i64>,
    note: &str,
    now: i64,
) -> Result<i64> {
    let spendable_lots: Vec<Lot> = lots(tx, customer_id)?.into_iter().filter(|l| spendable(l, now)).collect();
    let available: i64 = spendable_lots.iter().map(|l| l.remaining).sum();
    if points > available {
        return Err(Error::invalid("points", "points_insufficient"));
    }
    let allocations = plan(&spendable_lots, points);
    let id = write_debit(
        tx,
        Debit { customer_id, kind, order_id, return_id: None, note, key: None, shortfall: 0 },
        &allocations,
        now,
    )?;
    Ok(id.unwrap_or(0))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Redemption {
    #[ts(type = "number")]
    pub entry_id: i64,
    #[ts(type = "number")]
    pub points: i64,
    /// The discount, in minor units of the shop's currency.
    #[ts(type = "number")]
    pub value_minor: i64,
    pub balance: Balance,
}

/// Redeems points as a discount (at the counter, optionally on an order).
/// Safe under concurrent redemptions: the check and the entry are one
/// IMMEDIATE transaction, so a second window waits and then sees the first.
pub fn redeem(
    store: &Store,
    customer_id: i64,
    points: i64,
    order_id: Option<i64>,
    note: &str,
    now: i64,
) -> Result<Redemption> {
    store.write(|tx| {
        require_customer(tx, customer_id)?;
        let s = load_settings(tx)?;
        let mut problems = Problems::default();
        if points <= 0 {
            problems.add("points", "points_not_positive");
        }
        let note = check_note(&mut problems, note, false);
        if let Some(order) = order_id {
            let owner: Option<i64> =
                tx.query_row("SELECT customer_id FROM orders WHERE id = ?1", [order], |r| r.get(0)).optional()?;
            if owner != Some(customer_id) {
                problems.add("order_id", "order_unknown");
            }
        }
        problems.into_result()?;
        expire_customer(tx, customer_id, now)?;
        let entry_id = spend(tx, customer_id, EntryKind::Redeem, points, order_id, &note, now)?;
        Ok(Redemption {
            entry_id,
            points,
            value_minor: value_of(&s, points),
            balance: balance_of(tx, &s, customer_id, now)?,
        })
    })
}

/// The prefix of a coupon bought with points.
pub const COUPON_PREFIX: &str = "PUNTOS";

/// Points traded in for a coupon: the ledger's redemption and the coupon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PointsCoupon {
    pub redemption: Redemption,
    pub coupon: crate::coupons::Coupon,
}

/// Redeems points as a single-use coupon of their value for the customer
/// (to spend on a later order, or to give away), with the checks of
/// [`redeem`]. The points must be a whole number of the settings' redeem
/// step (`redeem_points`), so the coupon is worth exactly what the shop
/// promises and no point is lost to rounding. The `redeem` entry and the
/// coupon are one IMMEDIATE transaction: both or neither.
pub fn redeem_as_coupon(store: &Store, customer_id: i64, points: i64, now: i64) -> Result<PointsCoupon> {
    store.write(|tx| {
        require_customer(tx, customer_id)?;
        let s = load_settings(tx)?;
        if points <= 0 {
            return Err(Error::invalid("points", "points_not_positive"));
        }
        if points % s.redeem_points != 0 {
            return Err(Error::invalid("points", "points_not_multiple"));
        }
        expire_customer(tx, customer_id, now)?;
        if points > balance_of(tx, &s, customer_id, now)?.available {
            return Err(Error::invalid("points", "points_insufficient"));
        }
        // Issued before the entry so the ledger's note can name its code;
        // anything refused after it rolls the coupon back with it.
        let value_minor = value_of(&s, points);
        let coupon = crate::coupons::issue_credit(
            tx,
            COUPON_PREFIX,
            value_minor,
            customer_id,
            &format!("{points} puntos"),
            crate::coupons::CouponSource::Points,
            now,
        )?;
        let note = format!("Cupón {}", coupon.code);
        let entry_id = spend(tx, customer_id, EntryKind::Redeem, points, None, &note, now)?;
        let redemption = Redemption { entry_id, points, value_minor, balance: balance_of(tx, &s, customer_id, now)? };
        Ok(PointsCoupon { redemption, coupon })
    })
}

/// A manual adjustment with a mandatory reason: positive adds a lot
/// spendable at once, negative takes from what is available.
pub fn adjust(store: &Store, customer_id: i64, points: i64, reason: &str, now: i64) -> Result<Balance> {
    store.write(|tx| adjust_in(tx, customer_id, points, reason, now))
}

/// [`adjust`] inside the caller's transaction (a complaint's compensation
/// is recorded together with its ledger entry).
pub(crate) fn adjust_in(
    tx: &Transaction<'_>,
    customer_id: i64,
    points: i64,
    reason: &str,
    now: i64,
) -> Result<Balance> {
    require_customer(tx, customer_id)?;
    let s = load_settings(tx)?;
    let mut problems = Problems::default();
    // `unsigned_abs`: `abs` of i64::MIN overflows.
    if points == 0 || points.unsigned_abs() > 10_000_000 {
        problems.add("points", "points_invalid");
    }
    let reason = check_note(&mut problems, reason, true);
    problems.into_result()?;
    expire_customer(tx, customer_id, now)?;
    if points > 0 {
        let credit = Credit {
            customer_id,
            kind: EntryKind::Adjust,
            points,
            order_id: None,
            note: &reason,
            key: None,
            available_at: now,
        };
        write_credit(tx, &s, credit, now)?;
    } else {
        spend(tx, customer_id, EntryKind::Adjust, -points, None, &reason, now)?;
    }
    balance_of(tx, &s, customer_id, now)
}

// ---------------------------------------------------------------- expiry

/// Records an `expire` entry for what is left of every lot past its expiry
/// (once per lot: the key names the lot).
fn expire_customer(tx: &Transaction<'_>, customer_id: i64, now: i64) -> Result<()> {
    let mut due = tx.prepare_cached(
        "SELECT id, remaining FROM (
             SELECT l.id,
                    l.points - coalesce((SELECT sum(a.points) FROM points_allocations a WHERE a.credit_id = l.id), 0) AS remaining
             FROM points_ledger l WHERE l.customer_id = ?2 AND l.points > 0 AND l.expires_at <= ?1)
         WHERE remaining > 0",
    )?;
    let rows: Vec<(i64, i64)> =
        due.query_map(params![now, customer_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (lot, remaining) in rows {
        let debit = Debit {
            customer_id,
            kind: EntryKind::Expire,
            order_id: None,
            return_id: None,
            note: "",
            key: Some(format!("expire:{lot}")),
            shortfall: 0,
        };
        write_debit(tx, debit, &[(lot, remaining)], now)?;
    }
    Ok(())
}

/// The run over every customer, set-based: one `expire` entry per lot that
/// lapsed since the last run and still holds points, then the allocation
/// that ties each entry to its lot. Lots that lapsed before the last run were
/// dealt with then, so a run reads only what is new.
fn expire_all(tx: &Transaction<'_>, now: i64) -> Result<(i64, i64)> {
    let (through, mark): (i64, i64) = tx.query_row(
        "SELECT expired_through, (SELECT coalesce(max(id), 0) FROM points_ledger) FROM loyalty_settings WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    tx.execute(
        "INSERT INTO points_ledger (customer_id, kind, points, note, available_at, key, created_at)
         SELECT customer_id, 'expire', -remaining, '', ?1, 'expire:' || id, ?1 FROM (
             SELECT l.id, l.customer_id,
                    l.points - coalesce((SELECT sum(a.points) FROM points_allocations a WHERE a.credit_id = l.id), 0) AS remaining
             FROM points_ledger l WHERE l.points > 0 AND l.expires_at > ?2 AND l.expires_at <= ?1)
         WHERE remaining > 0
         ON CONFLICT (key) DO NOTHING",
        params![now, through],
    )?;
    tx.execute(
        "INSERT INTO points_allocations (debit_id, credit_id, points)
         SELECT id, CAST(substr(key, 8) AS INTEGER), -points FROM points_ledger WHERE id > ?1 AND kind = 'expire'",
        [mark],
    )?;
    tx.execute("UPDATE loyalty_settings SET expired_through = max(expired_through, ?1) WHERE id = 1", [now])?;
    Ok(tx.query_row(
        "SELECT count(*), coalesce(-sum(points), 0) FROM points_ledger WHERE id > ?1 AND kind = 'expire'",
        [mark],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ExpiryRun {
    #[ts(type = "number")]
    pub entries: i64,
    #[ts(type = "number")]
    pub points: i64,
}

/// Expires what is due across all customers (run at start and hourly).
pub fn expire_due(store: &Store, now: i64) -> Result<ExpiryRun> {
    store.write(|tx| expire_all(tx, now).map(|(entries, points)| ExpiryRun { entries, points }))
}

// ---------------------------------------------------------------- tiers

/// Rebuilds the tier cache of every customer from orders and returns.
pub fn recompute_tiers(store: &Store, today: time::Date) -> Result<i64> {
    store.write(|tx| rebuild_tiers(tx, today, now_ms()))
}

fn rebuild_tiers(tx: &Transaction<'_>, today: time::Date, now: i64) -> Result<i64> {
    let since = year_before(today);
    {
        tx.execute("DELETE FROM customer_tiers", [])?;
        let changed = tx.execute(
            "INSERT INTO customer_tiers (customer_id, tier_id, spend_minor, computed_at)
             SELECT c.id,
                    (SELECT t.id FROM loyalty_tiers t
                     WHERE t.threshold_minor <= coalesce(s.spend, 0) - coalesce(d.off, 0) - coalesce(r.back, 0)
                     ORDER BY t.threshold_minor DESC LIMIT 1),
                    coalesce(s.spend, 0) - coalesce(d.off, 0) - coalesce(r.back, 0), ?2
             FROM customers c
             LEFT JOIN (SELECT o.customer_id, sum(l.quantity * l.unit_price_minor) AS spend
                        FROM orders o JOIN order_lines l ON l.order_id = o.id
                        WHERE o.status <> 'cancelled' AND o.placed_on >= ?1 GROUP BY o.customer_id) s
                    ON s.customer_id = c.id
             LEFT JOIN (SELECT customer_id, sum(discount_minor) AS off FROM orders
                        WHERE status <> 'cancelled' AND placed_on >= ?1 AND discount_minor > 0 GROUP BY customer_id) d
                    ON d.customer_id = c.id
             LEFT JOIN (SELECT r.customer_id, sum(r.gross_minor) AS back FROM returns r JOIN orders o ON o.id = r.order_id
                        WHERE r.settled_at IS NOT NULL AND r.outcome <> 'exchange' AND o.placed_on >= ?1
                        GROUP BY r.customer_id) r
                    ON r.customer_id = c.id",
            params![since, now],
        )?;
        Ok(changed as i64)
    }
}

/// Customers per tier in the last recompute (None: below every tier).
pub fn tier_counts(store: &Store) -> Result<Vec<(Option<String>, i64)>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT t.name, count(*) FROM customer_tiers ct LEFT JOIN loyalty_tiers t ON t.id = ct.tier_id
             GROUP BY ct.tier_id ORDER BY t.threshold_minor",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

// ---------------------------------------------------------------- referrals

const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// An odd multiplier is a bijection on u32: codes look random, are unique,
/// and decode without a lookup table.
const MIX: u32 = 0x9E37_79B1;
const UNMIX: u32 = inverse(MIX);

const fn inverse(a: u32) -> u32 {
    // Newton's iteration for the inverse of an odd number modulo 2^32.
    let mut x = a;
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u32.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}

/// A customer's referral code, e.g. `AMIGO-3F7K9QX`.
pub fn referral_code(customer_id: i64) -> String {
    let mut n = (customer_id as u32).wrapping_mul(MIX) ^ 0x5A5A_5A5A;
    let mut chars = [0u8; 7];
    for c in chars.iter_mut().rev() {
        *c = CODE_ALPHABET[(n % 32) as usize];
        n /= 32;
    }
    format!("AMIGO-{}", std::str::from_utf8(&chars).unwrap_or_default())
}

fn decode_referral(code: &str) -> Option<i64> {
    let code = code.trim().to_ascii_uppercase();
    let body = code.strip_prefix("AMIGO-").unwrap_or(&code);
    if body.len() != 7 {
        return None;
    }
    let mut n: u64 = 0;
    for b in body.bytes() {
        let b = match b {
            b'O' => b'0',
            b'I' | b'L' => b'1',
            other => other,
        };
        n = n * 32 + CODE_ALPHABET.iter().position(|c| *c == b)? as u64;
    }
    let mixed = u32::try_from(n).ok()? ^ 0x5A5A_5A5A;
    let id = i64::from(mixed.wrapping_mul(UNMIX));
    (referral_code(id) == format!("AMIGO-{body}")).then_some(id)
}

/// The prefix of the welcome coupon a referred customer is given.
pub const WELCOME_PREFIX: &str = "BIENVENIDA";

/// Records that `customer_id` was brought by the owner of `code`. Only a
/// customer with no order at the earning moment yet can be referred, and
/// only once. When the settings give a welcome coupon, it is issued for the
/// referred customer in the same write (single use, percent off, valid
/// until `today` plus the configured days), and its code is returned.
pub fn set_referrer(store: &Store, customer_id: i64, code: &str, now: i64, today: time::Date) -> Result<Referrer> {
    store.write(|tx| {
        require_customer(tx, customer_id)?;
        let s = load_settings(tx)?;
        let Some(referrer) = decode_referral(code).filter(|id| *id != customer_id) else {
            return Err(Error::invalid("referral_code", "referral_code_unknown"));
        };
        let name: Option<String> =
            tx.query_row("SELECT name FROM customers WHERE id = ?1", [referrer], |r| r.get(0)).optional()?;
        let Some(name) = name else { return Err(Error::invalid("referral_code", "referral_code_unknown")) };
        let statuses = match s.earn_on {
            EarnOn::Delivered => "('delivered')",
            EarnOn::Paid => "('paid', 'shipped', 'delivered')",
        };
        let has_orders: bool = tx.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM orders WHERE customer_id = ?1 AND status IN {statuses})"),
            [customer_id],
            |r| r.get(0),
        )?;
        if has_orders {
            return Err(Error::invalid("referral_code", "referral_not_new"));
        }
        let inserted = tx.execute(
            "INSERT INTO referrals (customer_id, referrer_id, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            params![customer_id, referrer, now],
        )?;
        if inserted == 0 {
            return Err(Error::invalid("referral_code", "referral_already_set"));
        }
        // After the insert: a second referrer is refused above, so one
        // welcome coupon per referred customer.
        let welcome_coupon = if s.referral_coupon_percent > 0 {
            let last_day = today
                .checked_add(time::Duration::days(i64::from(s.referral_coupon_days)))
                .ok_or_else(|| Error::invalid("referral_coupon_days", "out_of_range"))?;
            let input = crate::coupons::CouponInput {
                prefix: WELCOME_PREFIX.to_owned(),
                kind: crate::coupons::CouponKind::Percent,
                value: s.referral_coupon_percent.to_string(),
                expires_on: Some(last_day.to_string()),
                max_uses: Some(1),
                min_order: None,
                customer_id: Some(customer_id),
                // No names: erasing the referrer must not leave theirs here.
                note: "Bienvenida por recomendación".to_owned(),
            };
            Some(crate::coupons::issue(tx, &input, crate::coupons::CouponSource::Referral, now)?.code)
        } else {
            None
        };
        Ok(Referrer { id: referrer, name, welcome_coupon })
    })
}

/// Earns points for orders already at the earning moment that have none
/// (e.g. history imported before the programme was switched on), in one
/// statement: each order at its customer's current tier multiplier.
/// Referral rewards are not paid for history.
pub fn backfill(store: &Store, now: i64, today: time::Date) -> Result<i64> {
    store.write(|tx| {
        let s = load_settings(tx)?;
        if !s.enabled || s.points_per_unit == 0 {
            return Ok(0);
        }
        rebuild_tiers(tx, today, now)?;
        let statuses = match s.earn_on {
            EarnOn::Delivered => "('delivered')",
            EarnOn::Paid => "('paid', 'shipped', 'delivered')",
        };
        let unit: String = money::CURRENCIES
            .iter()
            .map(|(code, digits)| format!(" WHEN '{code}' THEN {}", 10i64.pow(*digits)))
            .collect();
        let expires_at = s.expiry_months.map(|months| add_months(now, months));
        // As when earning one order: pending from the delivery, never beyond now + the period.
        let available_at = match s.earn_on {
            EarnOn::Delivered => "min(?1, max(?3, coalesce(unixepoch(o.delivered_on) * 1000 + ?1 - ?3, ?1)))",
            EarnOn::Paid => "?1",
        };
        let inserted = tx.execute(
            &format!(
                "INSERT INTO points_ledger (customer_id, kind, points, order_id, note, available_at, expires_at, key, created_at)
                 SELECT customer_id, 'earn', points, id, '', available_at, ?2, 'earn:' || id, ?3 FROM (
                     SELECT o.id, o.customer_id,
                            {available_at} AS available_at,
                            max((SELECT sum(l.quantity * l.unit_price_minor) FROM order_lines l WHERE l.order_id = o.id)
                                - o.discount_minor, 0)
                              * ?4 * coalesce(t.multiplier_percent, 100) / (100 * CASE o.currency{unit} ELSE 100 END) AS points
                     FROM orders o
                     LEFT JOIN customer_tiers ct ON ct.customer_id = o.customer_id
                     LEFT JOIN loyalty_tiers t ON t.id = ct.tier_id
                     WHERE o.status IN {statuses})
                 WHERE points > 0
                 ON CONFLICT (key) DO NOTHING"
            ),
            params![now + s.effective_pending_days * DAY_MS, expires_at, now, s.points_per_unit],
        )?;
        Ok(inserted as i64)
    })
}

/// Balance and tier: what the counter needs to know about one customer.
pub fn standing(store: &Store, customer_id: i64, now: i64, today: time::Date) -> Result<(Balance, TierStatus)> {
    store.read(|conn| {
        let s = load_settings(conn)?;
        Ok((balance_of(conn, &s, customer_id, now)?, tier_of(conn, &s, customer_id, today)?))
    })
}

#[cfg(test)]
#[path = "loyalty_tests.rs"]
mod tests;
