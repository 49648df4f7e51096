//! Orders and their lines. Money is integer minor units in the order's
//! currency; totals are derived from the lines, never stored twice.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Problems, Result};
use crate::store::{Store, now_ms};
use crate::{money, settings, text};

pub const MAX_LINES: usize = 500;
const SHORT_TEXT_MAX: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum OrderStatus {
    Placed,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Placed => "placed",
            OrderStatus::Paid => "paid",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "placed" => OrderStatus::Placed,
            "paid" => OrderStatus::Paid,
            "shipped" => OrderStatus::Shipped,
            "delivered" => OrderStatus::Delivered,
            "cancelled" => OrderStatus::Cancelled,
            _ => return None,
        })
    }
}

/// A line as typed in the order form: quantity and price are text so the
/// core, not the UI, decides what is valid ("12,50", "-1").
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct OrderLineInput {
    pub product: String,
    pub sku: Option<String>,
    pub quantity: String,
    pub unit_price: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct OrderInput {
    #[ts(type = "number")]
    pub customer_id: i64,
    /// Empty: the next manual number (M00001…).
    pub number: Option<String>,
    pub status: OrderStatus,
    /// YYYY-MM-DD
    pub placed_on: String,
    pub delivered_on: Option<String>,
    pub carrier: Option<String>,
    pub tracking_code: Option<String>,
    /// The shop's own tracking link, for a carrier without a pattern in the
    /// carriers table; empty: built from the carrier's pattern.
    #[serde(default)]
    pub tracking_url: Option<String>,
    /// Empty: the shop's currency.
    pub currency: Option<String>,
    pub lines: Vec<OrderLineInput>,
    /// A coupon code to redeem on this order; empty: none.
    pub coupon: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OrderLine {
    pub product: String,
    pub sku: Option<String>,
    #[ts(type = "number")]
    pub quantity: i64,
    #[ts(type = "number")]
    pub unit_price_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Order {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub source: String,
    pub number: String,
    pub status: OrderStatus,
    pub currency: String,
    pub placed_on: String,
    pub delivered_on: Option<String>,
    pub carrier: Option<String>,
    pub tracking_code: Option<String>,
    /// The sum of the lines.
    #[ts(type = "number")]
    pub subtotal_minor: i64,
    /// What the coupon took off (0 without one).
    #[ts(type = "number")]
    pub discount_minor: i64,
    /// The coupon redeemed on this order.
    pub coupon_code: Option<String>,
    /// Where the customer follows the parcel: the shop's own link, or the
    /// carrier's pattern with the tracking code.
    pub tracking_url: Option<String>,
    /// What the customer pays: the lines less the discount.
    #[ts(type = "number")]
    pub total_minor: i64,
    pub lines: Vec<OrderLine>,
}

fn check_short(problems: &mut Problems, field: &str, value: &Option<String>) -> Option<String> {
    let value = text::optional(value);
    if let Some(v) = &value {
        if v.chars().count() > SHORT_TEXT_MAX {
            problems.add(field, "too_long");
        } else if text::has_control_chars(v) {
            problems.add(field, "text_invalid");
        }
    }
    value
}

struct CleanOrder {
    number: Option<String>,
    currency: String,
    placed_on: String,
    delivered_on: Option<String>,
    carrier: Option<String>,
    tracking_code: Option<String>,
    tracking_url: Option<String>,
    lines: Vec<OrderLine>,
    subtotal_minor: i64,
    coupon: Option<String>,
}

fn clean(input: &OrderInput, shop_currency: &str) -> Result<CleanOrder> {
    let mut problems = Problems::default();
    let number = check_short(&mut problems, "number", &input.number);
    let currency =
        text::optional(&input.currency).map(|c| c.to_ascii_uppercase()).unwrap_or_else(|| shop_currency.to_owned());
    if money::minor_digits(&currency).is_none() {
        problems.add("currency", "currency_unknown");
    }
    let placed = text::parse_day(&input.placed_on);
    if placed.is_none() {
        problems.add("placed_on", "date_invalid");
    }
    let delivered_on = text::optional(&input.delivered_on);
    if let Some(d) = &delivered_on {
        match (text::parse_day(d), placed) {
            (None, _) => problems.add("delivered_on", "date_invalid"),
            (Some(d), Some(p)) if d < p => problems.add("delivered_on", "delivered_before_placed"),
            _ => {}
        }
    }
    let carrier = check_short(&mut problems, "carrier", &input.carrier);
    let tracking_code = check_short(&mut problems, "tracking_code", &input.tracking_code);
    let tracking_url = text::optional(&input.tracking_url);
    if tracking_url.as_deref().is_some_and(|url| !crate::automations::valid_link(url)) {
        problems.add("tracking_url", "url_invalid");
    }
    if input.lines.is_empty() {
        problems.add("lines", "lines_empty");
    } else if input.lines.len() > MAX_LINES {
        problems.add("lines", "too_many");
    }
    let mut lines = Vec::with_capacity(input.lines.len());
    // The order's total so far: it stays within what an amount may be.
    let mut total: i64 = 0;
    for (i, line) in input.lines.iter().enumerate() {
        let field = |name: &str| format!("lines.{i}.{name}");
        let product = line.product.trim().to_owned();
        if product.is_empty() {
            problems.add(field("product"), "required");
        } else if product.chars().count() > SHORT_TEXT_MAX {
            problems.add(field("product"), "too_long");
        } else if text::has_control_chars(&product) {
            problems.add(field("product"), "text_invalid");
        }
        let sku = check_short(&mut problems, &field("sku"), &line.sku);
        let quantity = match line.quantity.trim().parse::<i64>() {
            Ok(q) if q > 0 && q <= 1_000_000 => q,
            Ok(q) if q <= 0 => {
                problems.add(field("quantity"), "quantity_not_positive");
                0
            }
            _ => {
                problems.add(field("quantity"), "quantity_malformed");
                0
            }
        };
        let unit_price_minor = money::parse_amount(&line.unit_price, &currency).unwrap_or_else(|code| {
            problems.add(field("unit_price"), code);
            0
        });
        match unit_price_minor.checked_mul(quantity).and_then(|l| l.checked_add(total)) {
            Some(sum) if sum <= money::MAX_MINOR => total = sum,
            _ => problems.add(field("unit_price"), "amount_too_large"),
        }
        lines.push(OrderLine { product, sku, quantity, unit_price_minor });
    }
    problems.into_result()?;
    Ok(CleanOrder {
        number,
        currency,
        placed_on: input.placed_on.trim().to_owned(),
        delivered_on,
        carrier,
        tracking_code,
        tracking_url,
        lines,
        subtotal_minor: total,
        coupon: text::optional(&input.coupon),
    })
}

pub fn create(store: &Store, input: &OrderInput) -> Result<Order> {
    store.write(|tx| {
        let shop = settings::load_or_default(tx)?;
        let exists: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM customers WHERE id = ?1)", [input.customer_id], |r| r.get(0))?;
        let cleaned = clean(input, &shop.currency);
        // Report the unknown customer together with any other field problem.
        let order = match (exists, cleaned) {
            (true, Ok(order)) => order,
            (false, Ok(_)) => return Err(Error::invalid("customer_id", "customer_unknown")),
            (exists, Err(Error::Invalid(mut fields))) => {
                if !exists {
                    fields.insert(0, crate::FieldError::new("customer_id", "customer_unknown"));
                }
                return Err(Error::Invalid(fields));
            }
            (_, Err(other)) => return Err(other),
        };
        let number = match order.number {
            Some(number) => {
                let taken: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM orders WHERE source = 'manual' AND number = ?1)",
                    [&number],
                    |r| r.get(0),
                )?;
                if taken {
                    return Err(Error::invalid("number", "number_taken"));
                }
                number
            }
            None => next_manual_number(tx)?,
        };
        // Counted in this same write: two windows redeeming a single-use
        // coupon at once are serialised by the write lock, and the second
        // is told it is used up. Expiry goes by the day of the sale.
        let applied = match &order.coupon {
            Some(code) => {
                let day = text::parse_day(&order.placed_on).unwrap_or_else(crate::store::today);
                Some(crate::coupons::redeem(tx, code, order.subtotal_minor, &order.currency, input.customer_id, day)?)
            }
            None => None,
        };
        tx.execute(
            "INSERT INTO orders (customer_id, source, number, status, currency, placed_on, delivered_on, carrier, tracking_code, created_at,
                                 coupon_id, discount_minor, tracking_url)
             VALUES (?1, 'manual', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                input.customer_id,
                number,
                input.status.as_str(),
                order.currency,
                order.placed_on,
                order.delivered_on,
                order.carrier,
                order.tracking_code,
                now_ms(),
                applied.as_ref().map(|a| a.coupon_id),
                applied.as_ref().map_or(0, |a| a.discount_minor),
                order.tracking_url
            ],
        )?;
        let id = tx.last_insert_rowid();
        crate::search_index::add_order(tx, id, &number)?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO order_lines (order_id, position, product, sku, quantity, unit_price_minor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (position, line) in order.lines.iter().enumerate() {
            insert.execute(params![id, position as i64, line.product, line.sku, line.quantity, line.unit_price_minor])?;
        }
        drop(insert);
        crate::loyalty::on_order_status(tx, id, now_ms(), crate::store::today())?;
        load(tx, id)
    })
}

/// Moves an order to `status` (by hand or in bulk). Delivered orders get a
/// delivery date (today unless given); reaching the shop's earning moment
/// earns loyalty points once, and cancelling takes them back.
pub fn set_status(store: &Store, id: i64, status: OrderStatus, delivered_on: Option<String>) -> Result<Order> {
    let (now, today) = (now_ms(), crate::store::today());
    store.write(|tx| {
        let (placed_on, current_delivery): (String, Option<String>) = tx
            .query_row("SELECT placed_on, delivered_on FROM orders WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or(Error::NotFound { entity: "order", id })?;
        let mut delivery = text::optional(&delivered_on);
        if let Some(d) = &delivery {
            match (text::parse_day(d), text::parse_day(&placed_on)) {
                (None, _) => return Err(Error::invalid("delivered_on", "date_invalid")),
                (Some(d), Some(p)) if d < p => return Err(Error::invalid("delivered_on", "delivered_before_placed")),
                _ => {}
            }
        }
        if status == OrderStatus::Delivered && delivery.is_none() {
            delivery = Some(
                current_delivery.unwrap_or_else(|| today.max(text::parse_day(&placed_on).unwrap_or(today)).to_string()),
            );
        }
        tx.execute(
            "UPDATE orders SET status = ?2, delivered_on = coalesce(?3, delivered_on) WHERE id = ?1",
            params![id, status.as_str(), delivery],
        )?;
        crate::loyalty::on_order_status(tx, id, now, today)?;
        load(tx, id)
    })
}

/// Manual orders are numbered M00001, M00002… unless the owner types one.
fn next_manual_number(conn: &Connection) -> Result<String> {
    let mut n: i64 = conn.query_row("SELECT count(*) + 1 FROM orders WHERE source = 'manual'", [], |r| r.get(0))?;
    loop {
        let candidate = format!("M{n:05}");
        let taken: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM orders WHERE source = 'manual' AND number = ?1)",
            [&candidate],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok(candidate);
        }
        n += 1;
    }
}

const ORDER_COLUMNS: &str = "o.id, o.customer_id, c.name, o.source, o.number, o.status, o.currency, o.placed_on, o.delivered_on,
     o.carrier, o.tracking_code, (SELECT coalesce(sum(quantity * unit_price_minor), 0) FROM order_lines l WHERE l.order_id = o.id),
     o.discount_minor, (SELECT code FROM coupons WHERE id = o.coupon_id),
     o.tracking_url, (SELECT url_pattern FROM carriers k WHERE k.name = o.carrier COLLATE NOCASE)";

fn order_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Order> {
    let status: String = row.get(5)?;
    Ok(Order {
        id: row.get(0)?,
        customer_id: row.get(1)?,
        customer_name: row.get(2)?,
        source: row.get(3)?,
        number: row.get(4)?,
        status: OrderStatus::parse(&status).unwrap_or(OrderStatus::Placed),
        currency: row.get(6)?,
        placed_on: row.get(7)?,
        delivered_on: row.get(8)?,
        carrier: row.get(9)?,
        tracking_code: row.get(10)?,
        subtotal_minor: row.get(11)?,
        discount_minor: row.get(12)?,
        coupon_code: row.get(13)?,
        tracking_url: crate::automations::link(
            row.get::<_, Option<String>>(14)?.as_deref(),
            row.get::<_, Option<String>>(15)?.as_deref(),
            row.get::<_, Option<String>>(10)?.as_deref(),
        ),
        total_minor: row.get::<_, i64>(11)? - row.get::<_, i64>(12)?,
        lines: Vec::new(),
    })
}

fn lines_of(conn: &Connection, order_id: i64) -> Result<Vec<OrderLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product, sku, quantity, unit_price_minor FROM order_lines WHERE order_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([order_id], |row| {
        Ok(OrderLine { product: row.get(0)?, sku: row.get(1)?, quantity: row.get(2)?, unit_price_minor: row.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Order> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?1");
    let mut order =
        conn.query_row(&sql, [id], order_from_row).optional()?.ok_or(Error::NotFound { entity: "order", id })?;
    order.lines = lines_of(conn, id)?;
    Ok(order)
}

pub fn get(store: &Store, id: i64) -> Result<Order> {
    store.read(|conn| load(conn, id))
}

/// Orders whose number contains `fragment` (three characters or more: the
/// trigram index needs them), newest first.
pub fn by_number(store: &Store, fragment: &str, limit: u32) -> Result<Vec<Order>> {
    text::check_query(fragment)?;
    let fragment = fragment.trim().replace(['%', '_'], "");
    if fragment.chars().count() < 3 {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders o JOIN customers c ON c.id = o.customer_id
         WHERE o.id IN (SELECT rowid FROM orders_fts WHERE number LIKE ?1) ORDER BY +o.placed_on DESC, +o.id DESC LIMIT ?2"
    );
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![format!("%{fragment}%"), i64::from(limit)], order_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// A customer's orders, newest first, with their lines.
pub(crate) fn for_customer(conn: &Connection, customer_id: i64) -> Result<Vec<Order>> {
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders o JOIN customers c ON c.id = o.customer_id
         WHERE o.customer_id = ?1 ORDER BY o.placed_on DESC, o.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut orders = stmt.query_map([customer_id], order_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for order in &mut orders {
        order.lines = lines_of(conn, order.id)?;
    }
    Ok(orders)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum OrderSort {
    #[default]
    Newest,
    Oldest,
}

/// The orders list (without lines), optionally narrowed by a fragment of the
/// order number or of the customer's name/email/phone, and by status.
pub fn list(
    store: &Store,
    query: &str,
    status: Option<OrderStatus>,
    sort: OrderSort,
    limit: u32,
    offset: u32,
) -> Result<Vec<Order>> {
    text::check_query(query)?;
    let patterns = crate::customers::search_patterns(query);
    let number = query.trim().replace(['%', '_'], "");
    let mut sql = format!("SELECT {ORDER_COLUMNS} FROM orders o JOIN customers c ON c.id = o.customer_id WHERE 1 = 1");
    let mut values: Vec<rusqlite::types::Value> = vec![i64::from(limit.min(500)).into(), i64::from(offset).into()];
    if let Some(status) = status {
        values.push(status.as_str().to_owned().into());
        sql.push_str(&format!(" AND o.status = ?{}", values.len()));
    }
    let filtered = !number.is_empty();
    if filtered {
        // Candidates first (the order number, or every word in the customer),
        // then sorted: scanning the date index for rare matches is far slower.
        values.push(format!("%{number}%").into());
        let mut candidates = format!("SELECT rowid FROM orders_fts WHERE number LIKE ?{}", values.len());
        if !patterns.is_empty() {
            let mut customer = Vec::new();
            for pattern in patterns {
                values.push(pattern.into());
                customer.push(format!("SELECT rowid FROM customers_fts WHERE search_key LIKE ?{}", values.len()));
            }
            candidates.push_str(&format!(
                " UNION SELECT id FROM orders WHERE customer_id IN ({})",
                customer.join(" INTERSECT ")
            ));
        }
        sql.push_str(&format!(" AND o.id IN ({candidates})"));
    }
    // `+` keeps a filtered query from walking the whole date index.
    sql.push_str(match (sort, filtered) {
        (OrderSort::Newest, false) => " ORDER BY o.placed_on DESC, o.id DESC LIMIT ?1 OFFSET ?2",
        (OrderSort::Oldest, false) => " ORDER BY o.placed_on ASC, o.id ASC LIMIT ?1 OFFSET ?2",
        (OrderSort::Newest, true) => " ORDER BY +o.placed_on DESC, +o.id DESC LIMIT ?1 OFFSET ?2",
        (OrderSort::Oldest, true) => " ORDER BY +o.placed_on ASC, +o.id ASC LIMIT ?1 OFFSET ?2",
    });
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), order_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customers;
    use crate::testkit::{TestStore, customer_input, line, order_input};

    #[test]
    fn an_order_stores_minor_units_and_derives_its_total() {
        let t = TestStore::new();
        let c = customers::create(&t.store, &customer_input("Lucía")).unwrap();
        let order = create(
            &t.store,
            &OrderInput { lines: vec![line("Botas", "2", "49,90"), line("Cordones", "1", "3.5")], ..order_input(c.id) },
        )
        .unwrap();
        assert_eq!(order.lines[0].unit_price_minor, 4990, "12,50-style prices become cents");
        assert_eq!(order.total_minor, 2 * 4990 + 350, "the total is the sum of the lines");
        assert_eq!(order.currency, "EUR", "an order without a currency takes the shop's");
        assert_eq!(order.number, "M00001");
        assert_eq!(get(&t.store, order.id).unwrap(), order);
    }

    #[test]
    fn the_customer_page_lists_orders_newest_first() {
        let t = TestStore::new();
        let c = customers::create(&t.store, &customer_input("Lucía")).unwrap();
        for day in ["2025-01-10", "2025-03-01", "2024-12-24"] {
            create(&t.store, &OrderInput { placed_on: day.into(), ..order_input(c.id) }).unwrap();
        }
        let page = customers::page(&t.store, c.id).unwrap();
        let days: Vec<_> = page.orders.iter().map(|o| o.placed_on.as_str()).collect();
        assert_eq!(days, ["2025-03-01", "2025-01-10", "2024-12-24"]);
        assert_eq!(page.orders[0].lines.len(), 1, "the page shows each order's lines");
    }

    #[test]
    fn bad_lines_are_named_by_position_and_nothing_is_saved() {
        let t = TestStore::new();
        let c = customers::create(&t.store, &customer_input("Lucía")).unwrap();
        let err = create(
            &t.store,
            &OrderInput {
                lines: vec![line("Botas", "1", "10"), line("", "-2", "abc")],
                delivered_on: Some("2020-01-01".into()),
                ..order_input(c.id)
            },
        )
        .unwrap_err();
        let fields: Vec<_> = err.payload().fields.into_iter().map(|f| format!("{}:{}", f.field, f.code)).collect();
        assert_eq!(
            fields,
            [
                "delivered_on:delivered_before_placed",
                "lines.1.product:required",
                "lines.1.quantity:quantity_not_positive",
                "lines.1.unit_price:amount_malformed"
            ]
        );
        let count: i64 =
            t.store.read(|c| Ok(c.query_row("SELECT count(*) FROM order_lines", [], |r| r.get(0))?)).unwrap();
        assert_eq!(count, 0, "a refused order leaves no lines behind");
    }

    #[test]
    fn unknown_customers_and_taken_numbers_are_refused() {
        let t = TestStore::new();
        let err = create(&t.store, &order_input(42)).unwrap_err();
        assert_eq!(err.payload().fields[0].code, "customer_unknown");
        let c = customers::create(&t.store, &customer_input("Lucía")).unwrap();
        create(&t.store, &OrderInput { number: Some("A-1".into()), ..order_input(c.id) }).unwrap();
        let err = create(&t.store, &OrderInput { number: Some("A-1".into()), ..order_input(c.id) }).unwrap_err();
        assert_eq!(err.payload().fields[0].code, "number_taken");
        let auto = create(&t.store, &order_input(c.id)).unwrap();
        assert_eq!(auto.number, "M00002", "automatic numbers skip over typed ones");
    }

    #[test]
    fn orders_are_found_by_number_or_customer() {
        let t = TestStore::new();
        let c = customers::create(&t.store, &customer_input("José Núñez")).unwrap();
        create(&t.store, &OrderInput { number: Some("WEB-1042".into()), ..order_input(c.id) }).unwrap();
        assert_eq!(list(&t.store, "1042", None, OrderSort::Newest, 10, 0).unwrap().len(), 1);
        assert_eq!(list(&t.store, "nunez", None, OrderSort::Newest, 10, 0).unwrap().len(), 1);
        assert_eq!(list(&t.store, "zzz", None, OrderSort::Newest, 10, 0).unwrap().len(), 0);
        assert_eq!(list(&t.store, "", Some(OrderStatus::Placed), OrderSort::Oldest, 10, 0).unwrap().len(), 1);
        assert_eq!(list(&t.store, "", Some(OrderStatus::Delivered), OrderSort::Newest, 10, 0).unwrap().len(), 0);
    }
}
