//! A customer's data rights: everything the shop holds about them in one
//! file (JSON and CSV in a zip), and erasure — their personal data removed
//! or blanked everywhere (the customer record, free text on every timeline,
//! subscriptions, the outbox, survey links) while orders, points and scores
//! stay as anonymous rows so the shop's figures keep counting.

use std::io::Write;
use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::search_index;
use crate::store::Store;

/// Every table that holds something about one customer, and how to find
/// its rows: `?1` is the customer's id, `?2` their email key (or NULL).
const TABLES: &[(&str, &str)] = &[
    ("customers", "id = ?1"),
    ("customer_tags", "customer_id = ?1"),
    ("customer_tiers", "customer_id = ?1"),
    ("referrals", "customer_id = ?1 OR referrer_id = ?1"),
    ("orders", "customer_id = ?1"),
    ("order_lines", "order_id IN (SELECT id FROM orders WHERE customer_id = ?1)"),
    ("returns", "customer_id = ?1"),
    ("return_lines", "return_id IN (SELECT id FROM returns WHERE customer_id = ?1)"),
    ("return_events", "return_id IN (SELECT id FROM returns WHERE customer_id = ?1)"),
    ("points_ledger", "customer_id = ?1"),
    ("survey_recipients", "customer_id = ?1"),
    ("survey_responses", "customer_id = ?1"),
    ("follow_ups", "customer_id = ?1"),
    ("complaints", "customer_id = ?1"),
    ("complaint_events", "complaint_id IN (SELECT id FROM complaints WHERE customer_id = ?1)"),
    ("coupons", "customer_id = ?1 OR id IN (SELECT coupon_id FROM orders WHERE customer_id = ?1)"),
    ("order_steps", "order_id IN (SELECT id FROM orders WHERE customer_id = ?1)"),
    ("automation_sends", "customer_id = ?1"),
    ("subscribers", "customer_id = ?1 OR email_key = ?2"),
    ("suppressions", "email_key = ?2"),
    ("outbox", "email_key = ?2"),
    ("outbox_attempts", "outbox_id IN (SELECT id FROM outbox WHERE email_key = ?2)"),
];

/// Secrets that act on the customer's behalf (unsubscribe, confirm, answer
/// a survey) stay out of the export: whoever holds the file could use them.
/// A queued message's `vars` hold its links, tokens included.
fn is_secret(column: &str) -> bool {
    column.ends_with("token") || column == "ref" || column == "vars"
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustomerExport {
    pub path: String,
    /// Tables with at least one row, in the order written.
    pub tables: Vec<String>,
    #[ts(type = "number")]
    pub rows: i64,
}

fn email_key(conn: &Connection, id: i64) -> Result<Option<String>> {
    conn.query_row("SELECT email_key FROM customers WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { entity: "customer", id })
}

struct Table {
    name: &'static str,
    columns: Vec<String>,
    rows: Vec<Vec<serde_json::Value>>,
}

fn read_table(conn: &Connection, name: &'static str, filter: &str, id: i64, key: Option<&str>) -> Result<Table> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {name} WHERE {filter}"))?;
    let all: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let keep: Vec<usize> = (0..all.len()).filter(|&i| !is_secret(&all[i])).collect();
    let columns = keep.iter().map(|&i| all[i].clone()).collect();
    let mut rows = Vec::new();
    // Bind as many values as the filter names (`?1`, or both).
    let values: [&dyn rusqlite::ToSql; 2] = [&id, &key];
    let mut query = stmt.query(&values[..stmt.parameter_count()])?;
    while let Some(row) = query.next()? {
        let mut values = Vec::with_capacity(keep.len());
        for &i in &keep {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => serde_json::Value::Null,
                ValueRef::Integer(n) => n.into(),
                ValueRef::Real(x) => x.into(),
                ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                ValueRef::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect::<String>().into(),
            });
        }
        rows.push(values);
    }
    Ok(Table { name, columns, rows })
}

fn csv_of(table: &Table) -> Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| Error::File { path: format!("{}.csv", table.name), source: e.into() };
    out.write_record(&table.columns).map_err(io)?;
    for row in &table.rows {
        out.write_record(row.iter().map(|v| match v {
            serde_json::Value::Null => String::new(),
            // The JSON beside it keeps the text exactly; the CSV is for a spreadsheet.
            serde_json::Value::String(s) => crate::text::spreadsheet_safe(s).into_owned(),
            other => other.to_string(),
        }))
        .map_err(io)?;
    }
    out.into_inner().map_err(|e| Error::File { path: table.name.into(), source: e.into_error() })
}

/// Writes `customer.json` (every table: its rows as objects) and one CSV per
/// table into a zip at `path`, replacing it whole or not at all.
pub fn export_customer(store: &Store, id: i64, path: &Path) -> Result<CustomerExport> {
    let tables: Vec<Table> = store.read(|conn| {
        let key = email_key(conn, id)?;
        TABLES
            .iter()
            .map(|(name, filter)| read_table(conn, name, filter, id, key.as_deref()))
            .filter(|t| t.as_ref().map_or(true, |t| !t.rows.is_empty()))
            .collect()
    })?;
    let json: serde_json::Map<String, serde_json::Value> = tables
        .iter()
        .map(|t| {
            let rows = t
                .rows
                .iter()
                .map(|row| serde_json::Value::Object(t.columns.iter().cloned().zip(row.iter().cloned()).collect()))
                .collect();
            (t.name.to_owned(), serde_json::Value::Array(rows))
        })
        .collect();

    let io = |source: std::io::Error| Error::File { path: path.display().to_string(), source };
    let zip_err = |e: zip::result::ZipError| io(std::io::Error::other(e));
    let tmp = path.with_extension("zip.tmp");
    let file = std::fs::File::create(&tmp).map_err(io)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("customer.json", options).map_err(zip_err)?;
    let body = serde_json::to_vec_pretty(&json).map_err(|e| io(e.into()))?;
    zip.write_all(&body).map_err(io)?;
    for table in &tables {
        zip.start_file(format!("{}.csv", table.name), options).map_err(zip_err)?;
        zip.write_all(&csv_of(table)?).map_err(io)?;
    }
    zip.finish().map_err(zip_err)?.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(CustomerExport {
        path: path.display().to_string(),
        tables: tables.iter().map(|t| t.name.to_owned()).collect(),
        rows: tables.iter().map(|t| t.rows.len() as i64).sum(),
    })
}

/// Erases a customer's personal data in one write. What stays: the
/// customer's id (as "#id", marked erased), their orders and lines (what
/// was sold, without the tracking code), returns, points and survey scores
/// without any free text, and complaints without what was said. A
/// suppression of their address stays too, so they are never mailed again.
/// Returns the address that was erased, for mail files kept outside the
/// store.
pub fn erase_customer(store: &Store, id: i64, now: i64) -> Result<Option<String>> {
    store.write(|tx| {
        let key = email_key(tx, id)?;
        let (old_search, email): (String, Option<String>) =
            tx.query_row("SELECT search_key, email FROM customers WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        tx.execute(
            "UPDATE customers SET name = '#' || id, email = NULL, email_key = NULL, phone = NULL, language = NULL,
                    notes = '', search_key = '', preferred_channel = 'none', updated_at = ?2,
                    erased_at = coalesce(erased_at, ?2)
             WHERE id = ?1",
            params![id, now],
        )?;
        search_index::replace_customer(tx, id, &old_search, "")?;
        let by_customer = [
            "DELETE FROM customer_tags WHERE customer_id = ?1",
            "UPDATE orders SET tracking_code = NULL WHERE customer_id = ?1",
            "UPDATE returns SET note = '', override_reason = '' WHERE customer_id = ?1",
            "UPDATE return_events SET note = '' WHERE note <> ''
                 AND return_id IN (SELECT id FROM returns WHERE customer_id = ?1)",
            "UPDATE points_ledger SET note = '' WHERE customer_id = ?1 AND note <> ''",
            "UPDATE survey_responses SET comment = '' WHERE customer_id = ?1",
            // Old survey links stop pointing at anyone.
            "UPDATE survey_recipients SET ref = lower(hex(randomblob(16))) WHERE customer_id = ?1",
            "UPDATE follow_ups SET note = '' WHERE customer_id = ?1",
            "UPDATE complaints SET description = '' WHERE customer_id = ?1",
            "UPDATE complaint_events SET note = '' WHERE note <> ''
                 AND complaint_id IN (SELECT id FROM complaints WHERE customer_id = ?1)",
            "DELETE FROM subscribers WHERE customer_id = ?1",
            "UPDATE coupons SET note = '' WHERE customer_id = ?1 AND note <> ''",
        ];
        for sql in by_customer {
            tx.execute(sql, [id])?;
        }
        if let Some(key) = key.as_deref() {
            tx.execute("DELETE FROM subscribers WHERE email_key = ?1", [key])?;
            tx.execute(
                "UPDATE outbox_attempts SET reply = '' WHERE reply <> ''
                     AND outbox_id IN (SELECT id FROM outbox WHERE email_key = ?1)",
                [key],
            )?;
            // Messages not sent yet are never sent.
            tx.execute(
                "UPDATE outbox SET to_address = '', to_name = '', vars = '{}', last_reply = '', email_key = '',
                        state = CASE WHEN state IN ('queued', 'sending') THEN 'cancelled' ELSE state END
                 WHERE email_key = ?1",
                [key],
            )?;
        }
        Ok(email)
    })
}

#[cfg(test)]
#[path = "privacy_tests.rs"]
mod tests;
