//! Coupons: unique codes (`VUELVE-7F3K9Q`) worth a percentage or a fixed
//! amount in the shop's currency, with an optional last valid day, use limit,
//! minimum order and customer they were issued to. Issued by hand, in bulk
//! for a campaign, or by another write (a rule, a complaint) through
//! [`issue`]; redeemed only inside the order's own write transaction
//! ([`redeem`]), where the use count moves under the store's write lock and
//! the schema's `CHECK (uses <= max_uses)` refuses anything beyond the limit.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Problems, Result};
use crate::store::Store;
use crate::{money, settings, text};

/// The prefix of a code when the owner leaves it empty.
pub const DEFAULT_PREFIX: &str = "CUPON";
/// Random characters after the prefix: 31⁶ ≈ 887 million codes per prefix,
/// so a made-up code is practically never a real one.
pub const RANDOM_LEN: usize = 6;
/// No 0/O, 1/I/L: codes are read aloud and typed from paper.
pub const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// The most coupons one bulk issue makes.
pub const BULK_MAX: u32 = 10_000;
/// The highest use limit a coupon can have (beyond it, leave it unlimited).
pub const MAX_USES_MAX: u32 = 1_000_000;
const NOTE_MAX: usize = 500;
/// The longest code the store holds (its CHECK).
const CODE_MAX: usize = 32;
/// Fresh random codes tried before giving up on a crowded prefix.
const CODE_TRIES: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CouponKind {
    /// `value` is a whole percentage, 1–100.
    Percent,
    /// `value` is an amount in minor units of the coupon's currency.
    Fixed,
}

impl CouponKind {
    fn as_str(self) -> &'static str {
        match self {
            CouponKind::Percent => "percent",
            CouponKind::Fixed => "fixed",
        }
    }

    fn parse(value: &str) -> Self {
        if value == "percent" { CouponKind::Percent } else { CouponKind::Fixed }
    }
}

/// How a coupon came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CouponSource {
    Manual,
    Rule,
    Bulk,
    Complaint,
    Points,
    Referral,
}

impl CouponSource {
    fn as_str(self) -> &'static str {
        match self {
            CouponSource::Manual => "manual",
            CouponSource::Rule => "rule",
            CouponSource::Bulk => "bulk",
            CouponSource::Complaint => "complaint",
            CouponSource::Points => "points",
            CouponSource::Referral => "referral",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "rule" => CouponSource::Rule,
            "bulk" => CouponSource::Bulk,
            "complaint" => CouponSource::Complaint,
            "points" => CouponSource::Points,
            "referral" => CouponSource::Referral,
            _ => CouponSource::Manual,
        }
    }
}

/// A coupon as the form sends it: amounts as typed ("5,50"), so the core
/// decides what is valid.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct CouponInput {
    /// 2–12 letters or digits; empty: [`DEFAULT_PREFIX`].
    pub prefix: String,
    pub kind: CouponKind,
    /// A whole percentage ("10") or an amount in the shop's currency ("5,50").
    pub value: String,
    /// Last valid day, `YYYY-MM-DD`; empty: never expires.
    pub expires_on: Option<String>,
    /// Empty: no limit.
    pub max_uses: Option<u32>,
    /// The smallest order (before the discount) it applies to; empty: any.
    pub min_order: Option<String>,
    /// Only this customer may use it.
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Coupon {
    #[ts(type = "number")]
    pub id: i64,
    pub code: String,
    pub kind: CouponKind,
    /// A percentage, or minor units of `currency`.
    #[ts(type = "number")]
    pub value: i64,
    pub currency: String,
    #[ts(type = "number")]
    pub min_order_minor: i64,
    /// Last valid day (the shop's calendar); None: never expires.
    pub expires_on: Option<String>,
    #[ts(type = "number | null")]
    pub max_uses: Option<i64>,
    #[ts(type = "number")]
    pub uses: i64,
    #[ts(type = "number | null")]
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub source: CouponSource,
    pub note: String,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// An order that redeemed a coupon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CouponOrder {
    #[ts(type = "number")]
    pub order_id: i64,
    pub number: String,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub placed_on: String,
    pub currency: String,
    #[ts(type = "number")]
    pub discount_minor: i64,
}

/// One coupon with the orders that used it, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CouponView {
    pub coupon: Coupon,
    pub orders: Vec<CouponOrder>,
}

/// What a valid coupon takes off an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub coupon_id: i64,
    pub code: String,
    pub discount_minor: i64,
}

// ---------------------------------------------------------------- issuing

struct CleanCoupon {
    prefix: String,
    kind: CouponKind,
    value: i64,
    currency: String,
    min_order_minor: i64,
    expires_on: Option<String>,
    max_uses: Option<i64>,
    customer_id: Option<i64>,
    note: String,
}

fn clean(conn: &Connection, input: &CouponInput, now: i64) -> Result<CleanCoupon> {
    let mut problems = Problems::default();
    let currency = settings::load_or_default(conn)?.currency;

    let prefix = input.prefix.trim().to_ascii_uppercase();
    let prefix = if prefix.is_empty() { DEFAULT_PREFIX.to_owned() } else { prefix };
    if !(2..=12).contains(&prefix.len()) || !prefix.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        problems.add("prefix", "prefix_invalid");
    }

    let typed = input.value.trim();
    let value = match input.kind {
        CouponKind::Percent => match typed.trim_end_matches('%').trim_end().parse::<i64>() {
            Ok(p) if (1..=100).contains(&p) => p,
            _ => {
                problems.add("value", "percent_invalid");
                0
            }
        },
        CouponKind::Fixed => match money::parse_amount(typed, &currency) {
            Ok(0) => {
                problems.add("value", "amount_zero");
                0
            }
            Ok(v) => v,
            Err(code) => {
                problems.add("value", code);
                0
            }
        },
    };

    let min_order_minor = match text::optional(&input.min_order) {
        None => 0,
        Some(typed) => money::parse_amount(&typed, &currency).unwrap_or_else(|code| {
            problems.add("min_order", code);
            0
        }),
    };

    let expires_on = text::optional(&input.expires_on);
    if let Some(day) = &expires_on {
        match text::parse_day(day) {
            None => problems.add("expires_on", "date_invalid"),
            // A day earlier than yesterday (UTC) is a typo in every time
            // zone; the shop's own "today" may be a day either side of UTC's.
            Some(day) if day < utc_day(now).previous_day().unwrap_or(day) => problems.add("expires_on", "date_in_past"),
            Some(_) => {}
        }
    }

    let max_uses = match input.max_uses {
        Some(n) if n == 0 || n > MAX_USES_MAX => {
            problems.add("max_uses", "out_of_range");
            None
        }
        other => other.map(i64::from),
    };

    if let Some(id) = input.customer_id {
        let exists: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM customers WHERE id = ?1)", [id], |r| r.get(0))?;
        if !exists {
            problems.add("customer_id", "customer_unknown");
        }
    }

    let note = text::clean_multiline(&mut problems, "note", &input.note, NOTE_MAX);
    problems.into_result()?;
    Ok(CleanCoupon {
        prefix,
        kind: input.kind,
        value,
        currency,
        min_order_minor,
        expires_on: expires_on.map(|d| d.trim().to_owned()),
        max_uses,
        customer_id: input.customer_id,
        note,
    })
}

fn utc_day(now: i64) -> time::Date {
    time::OffsetDateTime::from_unix_timestamp(now.div_euclid(1000))
        .map(|t| t.date())
        .unwrap_or_else(|_| crate::store::today())
}

/// `PREFIX-` and [`RANDOM_LEN`] characters of [`ALPHABET`], from the
/// operating system's random source (rejection sampling: no character is
/// likelier than another).
pub fn generate_code(prefix: &str) -> String {
    let mut code = String::with_capacity(prefix.len() + 1 + RANDOM_LEN);
    code.push_str(prefix);
    code.push('-');
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let mut bytes = [0u8; 32];
    let mut taken = 0;
    while taken < RANDOM_LEN {
        getrandom::fill(&mut bytes).expect("the operating system's random source");
        for b in bytes.iter().filter(|b| **b < limit) {
            if taken == RANDOM_LEN {
                break;
            }
            code.push(ALPHABET[usize::from(*b) % ALPHABET.len()] as char);
            taken += 1;
        }
    }
    code
}

/// Writes one coupon with a fresh code; a code already taken (any case) is
/// simply drawn again.
fn insert(tx: &Transaction<'_>, c: &CleanCoupon, source: CouponSource, now: i64) -> Result<i64> {
    insert_with(tx, c, source, now, || generate_code(&c.prefix))
}

fn insert_with(
    tx: &Transaction<'_>,
    c: &CleanCoupon,
    source: CouponSource,
    now: i64,
    mut draw: impl FnMut() -> String,
) -> Result<i64> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO coupons (code, kind, value, currency, min_order_minor, expires_on, max_uses, customer_id, source, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (code) DO NOTHING",
    )?;
    for _ in 0..CODE_TRIES {
        let code = draw();
        let inserted = stmt.execute(params![
            code,
            c.kind.as_str(),
            c.value,
            c.currency,
            c.min_order_minor,
            c.expires_on,
            c.max_uses,
            c.customer_id,
            source.as_str(),
            c.note,
            now
        ])?;
        if inserted == 1 {
            return Ok(tx.last_insert_rowid());
        }
    }
    Err(Error::invalid("prefix", "prefix_exhausted"))
}

/// Issues one coupon inside a write that is already open (a rule sending a
/// win-back email, a complaint's compensation): both commit or neither.
pub fn issue(tx: &Transaction<'_>, input: &CouponInput, source: CouponSource, now: i64) -> Result<Coupon> {
    let clean = clean(tx, input, now)?;
    let id = insert(tx, &clean, source, now)?;
    load(tx, id)
}

/// A fixed-value, single-use coupon for one customer, in the shop's
/// currency and with no expiry, issued inside a write that is already open:
/// money the shop already owes (a complaint's store credit, points traded
/// in) whose amount the caller has computed and checked, so nothing here is
/// typed by a person but the note.
pub(crate) fn issue_credit(
    tx: &Transaction<'_>,
    prefix: &str,
    value_minor: i64,
    customer_id: i64,
    note: &str,
    source: CouponSource,
    now: i64,
) -> Result<Coupon> {
    if value_minor <= 0 {
        return Err(Error::invalid("value", "amount_zero"));
    }
    let clean = CleanCoupon {
        prefix: prefix.to_owned(),
        kind: CouponKind::Fixed,
        value: value_minor,
        currency: settings::load_or_default(tx)?.currency,
        min_order_minor: 0,
        // Credit the customer was given for good, like a gift voucher
        // bought with money: expiring it would wrong them a second time.
        expires_on: None,
        max_uses: Some(1),
        customer_id: Some(customer_id),
        note: note.to_owned(),
    };
    let id = insert(tx, &clean, source, now)?;
    load(tx, id)
}

/// A coupon issued by hand.
pub fn create(store: &Store, input: &CouponInput, now: i64) -> Result<Coupon> {
    store.write(|tx| issue(tx, input, CouponSource::Manual, now))
}

/// `count` coupons alike but for their codes, for a campaign; all or none.
pub fn issue_bulk(store: &Store, input: &CouponInput, count: u32, now: i64) -> Result<Vec<Coupon>> {
    store.write(|tx| {
        let clean = clean(tx, input, now);
        let clean = match (clean, (1..=BULK_MAX).contains(&count)) {
            (Ok(clean), true) => clean,
            (Ok(_), false) => return Err(Error::invalid("count", "out_of_range")),
            (Err(Error::Invalid(mut fields)), in_range) => {
                if !in_range {
                    fields.push(crate::FieldError::new("count", "out_of_range"));
                }
                return Err(Error::Invalid(fields));
            }
            (Err(other), _) => return Err(other),
        };
        let mut ids = Vec::with_capacity(count as usize);
        for _ in 0..count {
            ids.push(insert(tx, &clean, CouponSource::Bulk, now)?);
        }
        let (first, last) = (ids[0], ids[ids.len() - 1]);
        let sql = format!("SELECT {COLUMNS} {FROM} WHERE k.id BETWEEN ?1 AND ?2 ORDER BY k.id");
        let mut stmt = tx.prepare(&sql)?;
        let rows = stmt.query_map([first, last], coupon_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Ends a coupon today: its last valid day becomes yesterday (`today` is
/// the shop's calendar day, as the window knows it). Orders that used it
/// keep it.
pub fn disable(store: &Store, id: i64, today: &str) -> Result<Coupon> {
    let Some(today) = text::parse_day(today) else { return Err(Error::invalid("today", "date_invalid")) };
    let yesterday = today.previous_day().unwrap_or(today).to_string();
    store.write(|tx| {
        load(tx, id)?;
        tx.execute(
            "UPDATE coupons SET expires_on = ?2 WHERE id = ?1 AND (expires_on IS NULL OR expires_on > ?2)",
            params![id, yesterday],
        )?;
        load(tx, id)
    })
}

// ---------------------------------------------------------------- reading

const COLUMNS: &str = "k.id, k.code, k.kind, k.value, k.currency, k.min_order_minor, k.expires_on, k.max_uses, k.uses,
     k.customer_id, c.name, k.source, k.note, k.created_at";
const FROM: &str = "FROM coupons k LEFT JOIN customers c ON c.id = k.customer_id";

fn coupon_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Coupon> {
    Ok(Coupon {
        id: r.get(0)?,
        code: r.get(1)?,
        kind: CouponKind::parse(&r.get::<_, String>(2)?),
        value: r.get(3)?,
        currency: r.get(4)?,
        min_order_minor: r.get(5)?,
        expires_on: r.get(6)?,
        max_uses: r.get(7)?,
        uses: r.get(8)?,
        customer_id: r.get(9)?,
        customer_name: r.get(10)?,
        source: CouponSource::parse(&r.get::<_, String>(11)?),
        note: r.get(12)?,
        created_at: r.get(13)?,
    })
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Coupon> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE k.id = ?1");
    conn.query_row(&sql, [id], coupon_from).optional()?.ok_or(Error::NotFound { entity: "coupon", id })
}

/// One coupon and the orders that redeemed it.
pub fn get(store: &Store, id: i64) -> Result<CouponView> {
    store.read(|conn| {
        let coupon = load(conn, id)?;
        let mut stmt = conn.prepare_cached(
            "SELECT o.id, o.number, o.customer_id, c.name, o.placed_on, o.currency, o.discount_minor
             FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.coupon_id = ?1 ORDER BY o.placed_on DESC, o.id DESC",
        )?;
        let orders = stmt
            .query_map([id], |r| {
                Ok(CouponOrder {
                    order_id: r.get(0)?,
                    number: r.get(1)?,
                    customer_id: r.get(2)?,
                    customer_name: r.get(3)?,
                    placed_on: r.get(4)?,
                    currency: r.get(5)?,
                    discount_minor: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(CouponView { coupon, orders })
    })
}

/// Coupons newest first, optionally those whose code, note or customer's
/// name contains `query`.
pub fn list(store: &Store, query: &str, limit: u32, offset: u32) -> Result<Vec<Coupon>> {
    text::check_query(query)?;
    let fragment = query.trim().replace(['\\', '%', '_'], "");
    let sql = format!(
        "SELECT {COLUMNS} {FROM}
         WHERE ?3 = '' OR k.code LIKE '%' || ?3 || '%' OR k.note LIKE '%' || ?3 || '%' OR c.name LIKE '%' || ?3 || '%'
         ORDER BY k.id DESC LIMIT ?1 OFFSET ?2"
    );
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![limit.min(500), offset, fragment], coupon_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// The coupons issued to one customer, newest first.
pub fn of_customer(store: &Store, customer_id: i64) -> Result<Vec<Coupon>> {
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE k.customer_id = ?1 ORDER BY k.id DESC");
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([customer_id], coupon_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

// ---------------------------------------------------------------- redeeming

fn refused(code: &str) -> Error {
    Error::invalid("coupon", code)
}

/// What `code` takes off an order of `subtotal_minor` in `currency` for
/// `customer_id` placed on `day` (the shop's calendar day of the sale), or
/// why it cannot be used, on the field `coupon`. Reads only: the use is
/// counted by [`redeem`].
pub fn check(
    conn: &Connection,
    code: &str,
    subtotal_minor: i64,
    currency: &str,
    customer_id: i64,
    day: time::Date,
) -> Result<Applied> {
    let code = code.trim();
    if code.is_empty() || code.chars().count() > CODE_MAX || text::has_control_chars(code) {
        return Err(refused("coupon_unknown"));
    }
    let sql = format!("SELECT {COLUMNS} {FROM} WHERE k.code = ?1");
    let coupon = conn.query_row(&sql, [code], coupon_from).optional()?.ok_or_else(|| refused("coupon_unknown"))?;
    if coupon.customer_id.is_some_and(|owner| owner != customer_id) {
        return Err(refused("coupon_other_customer"));
    }
    // A percentage off needs no currency, unless it has a minimum to meet.
    let needs_currency = coupon.kind == CouponKind::Fixed || coupon.min_order_minor > 0;
    if needs_currency && !coupon.currency.eq_ignore_ascii_case(currency) {
        return Err(refused("coupon_currency"));
    }
    if coupon.expires_on.as_deref().and_then(text::parse_day).is_some_and(|last| last < day) {
        return Err(refused("coupon_expired"));
    }
    if coupon.max_uses.is_some_and(|max| coupon.uses >= max) {
        return Err(refused("coupon_used_up"));
    }
    if subtotal_minor < coupon.min_order_minor {
        return Err(refused("coupon_minimum"));
    }
    let discount_minor = discount(&coupon, subtotal_minor);
    Ok(Applied { coupon_id: coupon.id, code: coupon.code, discount_minor })
}

/// Percentages round half up to the minor unit; a fixed amount never takes
/// more than the order is worth.
fn discount(coupon: &Coupon, subtotal_minor: i64) -> i64 {
    let subtotal = subtotal_minor.max(0);
    match coupon.kind {
        CouponKind::Percent => ((i128::from(subtotal) * i128::from(coupon.value) + 50) / 100) as i64,
        CouponKind::Fixed => coupon.value.min(subtotal),
    }
}

/// Checks `code` and counts one use, inside the order's write transaction.
/// The write lock serialises two windows redeeming at once; the guarded
/// UPDATE (and the schema's CHECK under it) refuses a use beyond the limit
/// even if a caller forgot to check first.
pub(crate) fn redeem(
    tx: &Transaction<'_>,
    code: &str,
    subtotal_minor: i64,
    currency: &str,
    customer_id: i64,
    day: time::Date,
) -> Result<Applied> {
    let applied = check(tx, code, subtotal_minor, currency, customer_id, day)?;
    let counted = tx.execute(
        "UPDATE coupons SET uses = uses + 1 WHERE id = ?1 AND (max_uses IS NULL OR uses < max_uses)",
        [applied.coupon_id],
    )?;
    if counted == 0 {
        return Err(refused("coupon_used_up"));
    }
    Ok(applied)
}

// ---------------------------------------------------------------- the batch as a file

/// Writes the coupons `ids` (a batch just issued) to a CSV file for a
/// mail-merge or a printer, through a temporary file; returns the rows
/// written. Unknown ids are left out.
pub fn to_csv(store: &Store, ids: &[i64], path: &Path, semicolon: bool) -> Result<u64> {
    if ids.len() > BULK_MAX as usize {
        return Err(Error::invalid("ids", "too_many"));
    }
    let coupons: BTreeMap<i64, Coupon> = store.read(|conn| {
        let sql = format!("SELECT {COLUMNS} {FROM} WHERE k.id = ?1");
        let mut stmt = conn.prepare(&sql)?;
        let mut found = BTreeMap::new();
        for id in ids {
            if let Some(coupon) = stmt.query_row([id], coupon_from).optional()? {
                found.insert(*id, coupon);
            }
        }
        Ok(found)
    })?;
    let io = |e: std::io::Error| Error::File { path: path.display().to_string(), source: e };
    let tmp = path.with_extension("csv.part");
    let file = std::fs::File::create(&tmp).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    let mut writer = csv::WriterBuilder::new().delimiter(if semicolon { b';' } else { b',' }).from_writer(out);
    let csv_err = |e: csv::Error| Error::File { path: path.display().to_string(), source: e.into() };
    writer
        .write_record([
            "code",
            "kind",
            "value",
            "currency",
            "min_order",
            "expires_on",
            "max_uses",
            "customer_name",
            "note",
        ])
        .map_err(csv_err)?;
    for coupon in coupons.values() {
        let value = match coupon.kind {
            CouponKind::Percent => coupon.value.to_string(),
            CouponKind::Fixed => money::decimal(coupon.value, &coupon.currency, semicolon),
        };
        let min_order = match coupon.min_order_minor {
            0 => String::new(),
            m => money::decimal(m, &coupon.currency, semicolon),
        };
        writer
            .write_record([
                coupon.code.clone(),
                coupon.kind.as_str().to_owned(),
                value,
                coupon.currency.clone(),
                min_order,
                coupon.expires_on.clone().unwrap_or_default(),
                coupon.max_uses.map(|m| m.to_string()).unwrap_or_default(),
                text::spreadsheet_safe(coupon.customer_name.as_deref().unwrap_or("")).into_owned(),
                text::spreadsheet_safe(&coupon.note).into_owned(),
            ])
            .map_err(csv_err)?;
    }
    let out = writer.into_inner().map_err(|e| io(e.into_error()))?;
    out.into_inner().map_err(|e| io(e.into_error()))?.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(coupons.len() as u64)
}

#[cfg(test)]
#[path = "coupons_tests.rs"]
mod tests;
