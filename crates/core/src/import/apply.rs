//! The import itself: reads the file once, groups rows into orders, checks
//! every value, and writes new customers, orders and lines in one
//! transaction (or rolls it back for a dry run).

// foldhash: the import hashes millions of short keys; SipHash's DoS
// resistance buys nothing for a file the owner chose.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::Path;

use rusqlite::{Transaction, params};

use super::detect::{csv_reader, file_error};
use super::fields::{self, Field, FieldMap, Layout};
use super::{
    DateOrder, DecimalMark, ImportCounts, ImportOptions, ImportReport, MAX_PROBLEMS, RowProblem, SAMPLE_ROWS,
    SampleCell, SampleRow,
};
use crate::error::{Error, FieldError, Result};
use crate::orders::OrderStatus;
use crate::store::{Store, now_ms};
use crate::{money, phone, search_index, settings, text};

/// Reported while an import runs; the callback returns false to cancel.
#[derive(Debug, Clone, Copy, serde::Serialize, ts_rs::TS)]
pub struct Progress {
    pub rows: u32,
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
}

const PROGRESS_EVERY: u32 = 20_000;
/// New customers, orders and lines go ROWS_PER_INSERT to a statement (the
/// writer assigns their ids: its transaction is the store's only writer),
/// which halves the writing thread's work against a statement per row.
const ROWS_PER_INSERT: usize = 32;
const TEXT_MAX: usize = 500;

pub fn run(
    store: &Store,
    path: &Path,
    options: &ImportOptions,
    commit: bool,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<ImportReport> {
    let bytes_total = std::fs::metadata(path).map_err(|e| file_error(path, e))?.len();
    let mut reader = csv_reader(path, options)?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|_| Error::invalid("file", "file_unreadable"))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let columns = Columns::new(options, &headers)?;
    store.bulk_write_or_rollback(commit, |tx| {
        // A bigger page cache for this transaction keeps index pages in
        // memory instead of spilling them to the WAL; reset afterwards.
        tx.pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
        let set_aside = if worth_rebuilding_indexes(tx, bytes_total)? { drop_indexes(tx)? } else { Vec::new() };
        let result = import_rows(tx, &mut reader, options, columns, &headers, commit, bytes_total, progress);
        if result.is_ok() {
            for sql in &set_aside {
                tx.execute_batch(sql)?;
            }
        }
        tx.pragma_update(None, "cache_size", -2000)?;
        result
    })
}

/// Bytes per CSV line at the small end of real exports: estimates how many
/// rows a file brings without reading it.
const MIN_BYTES_PER_ROW: u64 = 128;

/// Inserting many rows into a B-tree index one by one costs far more than
/// building the index afterwards from sorted keys. When the file brings
/// at least a quarter as many rows as the store holds, the import sets the
/// customers' and orders' secondary indexes aside and rebuilds them at the
/// end (same transaction: a rollback restores them).
pub(super) fn worth_rebuilding_indexes(tx: &Transaction<'_>, bytes_total: u64) -> Result<bool> {
    // max(id) is a lookup at the end of the table, not a count.
    let held: i64 = tx.query_row(
        "SELECT (SELECT coalesce(max(id), 0) FROM customers) + (SELECT coalesce(max(id), 0) FROM orders)",
        [],
        |r| r.get(0),
    )?;
    Ok((bytes_total / MIN_BYTES_PER_ROW) * 4 >= held.max(0) as u64)
}

/// Drops the secondary indexes of customers and orders and returns the SQL
/// that recreates them, as the schema itself states it (so a later
/// migration's indexes are handled without changes here). Unique
/// constraints stay: their automatic indexes have no SQL and are not touched.
fn drop_indexes(tx: &Transaction<'_>) -> Result<Vec<String>> {
    let indexes: Vec<(String, String)> = tx
        .prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND tbl_name IN ('customers', 'orders') AND sql IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &indexes {
        tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(indexes.into_iter().map(|(_, sql)| sql).collect())
}

/// 32 MiB (SQLite's default is 2): holds the unique index on order numbers
/// that every new order is checked against. Tables and rebuilt indexes are
/// written in key order and need no cache; 128 MiB was no faster on the
/// 1M-line file and cost ~90 MB more at peak.
const IMPORT_CACHE_KIB: i64 = -32_768;

#[allow(clippy::too_many_arguments)]
fn import_rows(
    tx: &Transaction<'_>,
    reader: &mut csv::Reader<Box<dyn std::io::Read + Send>>,
    options: &ImportOptions,
    columns: Columns,
    headers: &[String],
    commit: bool,
    bytes_total: u64,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<ImportReport> {
    let shop = settings::load_or_default(tx)?;
    let mut writer = Writer::new(tx, options)?;
    let mut parser = Parser::new(options, columns, headers, &shop);
    // Two stages on two threads: reading and checking rows here, writing to
    // SQLite on the caller's thread (the transaction cannot move).
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Batch>(8);
    let parsed = std::thread::scope(|scope| -> Result<Parser<'_>> {
        let reading = scope.spawn(move || parser.read(reader, bytes_total, &sender).map(|()| parser));
        // Taking the receiver by value drops it on any early return, which
        // stops the reader instead of leaving it blocked on a full channel.
        let written = (|receiver: std::sync::mpsc::Receiver<Batch>| -> Result<()> {
            for batch in receiver {
                for work in batch.work {
                    writer.apply(work)?;
                }
                if let Some(p) = batch.progress
                    && !progress(p)
                {
                    return Err(Error::Cancelled);
                }
            }
            Ok(())
        })(receiver);
        let parsed = reading.join().map_err(|_| Error::Cancelled)?;
        written?;
        parsed
    });
    let mut parser = parsed?;
    writer.flush(true)?;
    search_index::add_since(tx, writer.mark)?;
    let mut counts = writer.counts;
    counts.rows = parser.rows;
    counts.rows_skipped = parser.rows_skipped;
    progress(Progress { rows: parser.rows, bytes_done: bytes_total, bytes_total });
    Ok(ImportReport {
        options: options.clone(),
        headers: headers.to_vec(),
        sample: std::mem::take(&mut parser.sample),
        problem_count: parser.problem_count,
        problems: std::mem::take(&mut parser.problems),
        counts,
        committed: commit,
    })
}

/// What the reader hands the writer: checked work and, now and then, progress.
struct Batch {
    work: Vec<Work>,
    progress: Option<Progress>,
}

enum Work {
    /// Boxed: a head is ~300 bytes and moves through several queues.
    Order(Box<Head>, Vec<Line>),
    Customer(Person),
}

const BATCH_ROWS: usize = 512;

/// Field → column index, checked against the file's header.
struct Columns {
    of: FieldMap<usize>,
    /// The mapped fields, in field order.
    mapped: Vec<(Field, usize)>,
}

impl Columns {
    fn new(options: &ImportOptions, headers: &[String]) -> Result<Self> {
        let mut of = FieldMap::default();
        let mut problems = Vec::new();
        for m in &options.mapping {
            if let Some(c) = m.column {
                if (c as usize) < headers.len() {
                    of.insert(m.field, c as usize);
                } else {
                    problems.push(FieldError::new(format!("mapping.{}", field_name(m.field)), "column_unknown"));
                }
            }
        }
        for &field in options.layout.fields() {
            if field.required(options.layout) && !of.contains_key(&field) {
                problems.push(FieldError::new(format!("mapping.{}", field_name(field)), "column_required"));
            }
        }
        let has_name = of.contains_key(&Field::CustomerName) || of.contains_key(&Field::FirstName);
        if !has_name && !of.contains_key(&Field::Email) && !of.contains_key(&Field::Phone) {
            problems.push(FieldError::new("mapping.customer_name", "column_required"));
        }
        if options.layout != Layout::Customers
            && !of.contains_key(&Field::UnitPrice)
            && !of.contains_key(&Field::LineTotal)
        {
            problems.push(FieldError::new("mapping.unit_price", "column_required"));
        }
        let mapped = of.iter().map(|(f, c)| (f, *c)).collect();
        if problems.is_empty() { Ok(Columns { of, mapped }) } else { Err(Error::Invalid(problems)) }
    }
}

fn field_name(field: Field) -> String {
    serde_json::to_value(field).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A customer as a row describes it, checked and normalised.
#[derive(Clone, Default)]
struct Person {
    name: String,
    email: Option<String>,
    /// Lower case, for matching.
    email_key: Option<String>,
    phone: Option<String>,
    city: Option<String>,
    language: Option<&'static str>,
    notes: Option<String>,
}

struct Head {
    number: String,
    /// ISO dates, as stored.
    placed_on: String,
    status: OrderStatus,
    currency: String,
    delivered_on: Option<String>,
    carrier: Option<String>,
    tracking: Option<String>,
    person: Person,
}

struct Line {
    product: String,
    sku: Option<String>,
    quantity: i64,
    unit_price_minor: i64,
}

/// Rows of one order as they come (with their row numbers), waiting for
/// the next order number.
struct Pending {
    number: String,
    records: Vec<(u32, csv::StringRecord)>,
}

/// A mapped cell of a row, trimmed; None when empty.
fn cell<'r>(columns: &Columns, record: &'r csv::StringRecord, field: Field) -> Option<&'r str> {
    let column = *columns.of.get(&field)?;
    // A cell Posventa exported as `'=…` (see `text::spreadsheet_safe`) reads back as typed.
    record.get(column).map(str::trim).map(crate::text::from_spreadsheet_safe).filter(|v| !v.is_empty())
}

struct Known {
    id: i64,
    has_email: bool,
    has_phone: bool,
    has_city: bool,
}

#[derive(PartialEq)]
enum Seen {
    Created,
    Matched,
}

/// Reads rows, groups them into orders and checks every value: no database.
struct Parser<'a> {
    layout: Layout,
    decimal: char,
    date_order: DateOrder,
    columns: Columns,
    headers: &'a [String],
    country: String,
    shop_currency: String,
    pending: Option<Pending>,
    phones: HashMap<String, std::result::Result<String, &'static str>>,
    problems: Vec<RowProblem>,
    problem_count: u32,
    sample: Vec<SampleRow>,
    rows: u32,
    rows_skipped: u32,
    out: Vec<Work>,
    /// Row buffers (and an order's row list) reused once their order is
    /// checked: reading a million rows then allocates almost nothing.
    spare_records: Vec<csv::ByteRecord>,
    spare_rows: Vec<(u32, csv::StringRecord)>,
}

impl<'a> Parser<'a> {
    fn new(options: &ImportOptions, columns: Columns, headers: &'a [String], shop: &settings::Settings) -> Self {
        Parser {
            layout: options.layout,
            decimal: if options.decimal == DecimalMark::Comma { ',' } else { '.' },
            date_order: options.date_order,
            columns,
            headers,
            country: shop.country.clone(),
            shop_currency: shop.currency.clone(),
            pending: None,
            phones: HashMap::new(),
            problems: Vec::new(),
            problem_count: 0,
            sample: Vec::new(),
            rows: 0,
            rows_skipped: 0,
            out: Vec::new(),
            spare_records: Vec::new(),
            spare_rows: Vec::new(),
        }
    }

    /// Reads the whole file, sending checked work in batches. Stops early
    /// (without error) when the writer hangs up.
    fn read(
        &mut self,
        reader: &mut csv::Reader<Box<dyn std::io::Read + Send>>,
        bytes_total: u64,
        sender: &std::sync::mpsc::SyncSender<Batch>,
    ) -> Result<()> {
        let mut index: u32 = 0;
        loop {
            let mut record = self.spare_records.pop().unwrap_or_default();
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => self.row(index + 2, record)?,
                Err(err) if matches!(err.kind(), csv::ErrorKind::Io(_)) => {
                    return Err(Error::invalid("file", "file_unreadable"));
                }
                Err(err) => {
                    let row = err.position().map(|p| p.record() as u32 + 1).unwrap_or(index + 2);
                    self.problem(row, None, "row_unreadable", "");
                    self.rows_skipped += 1;
                    self.spare_records.push(record);
                }
            }
            index += 1;
            let report = index.is_multiple_of(PROGRESS_EVERY);
            if self.out.len() >= BATCH_ROWS || report {
                let progress =
                    report.then(|| Progress { rows: index, bytes_done: reader.position().byte(), bytes_total });
                if sender.send(Batch { work: std::mem::take(&mut self.out), progress }).is_err() {
                    return Ok(());
                }
            }
        }
        self.flush()?;
        self.rows = index;
        let _ = sender.send(Batch { work: std::mem::take(&mut self.out), progress: None });
        Ok(())
    }

    fn problem(&mut self, row: u32, field: Option<Field>, code: &str, value: &str) {
        self.problem_count += 1;
        if self.problems.len() < MAX_PROBLEMS {
            let column =
                field.and_then(|f| self.columns.of.get(&f)).map(|&c| self.headers[c].clone()).unwrap_or_default();
            self.problems.push(RowProblem {
                row,
                column,
                field: field.unwrap_or(Field::OrderNumber),
                code: code.to_owned(),
                value: value.chars().take(100).collect(),
            });
        }
    }

    fn row(&mut self, row: u32, record: csv::ByteRecord) -> Result<()> {
        if record.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            self.spare_records.push(record);
            return Ok(()); // blank line
        }
        // One UTF-8 check for the whole row; the cells are then plain &str.
        let record = match csv::StringRecord::from_byte_record(record) {
            Ok(record) => record,
            Err(err) => {
                let bytes = err.into_byte_record();
                // Invalid UTF-8 only happens in a file read with the wrong encoding.
                if self
                    .columns
                    .mapped
                    .iter()
                    .any(|&(_, c)| bytes.get(c).is_some_and(|b| std::str::from_utf8(b).is_err()))
                {
                    self.problem(row, None, "encoding_wrong", "");
                    self.rows_skipped += 1;
                    self.spare_records.push(bytes);
                    return Ok(());
                }
                // The bad bytes are in columns the import ignores.
                bytes.iter().map(|b| std::str::from_utf8(b).unwrap_or("")).collect()
            }
        };
        if self.layout == Layout::Customers {
            let mut cells = FieldMap::default();
            for &(field, _) in &self.columns.mapped {
                if let Some(value) = cell(&self.columns, &record, field) {
                    cells.insert(field, (row, value));
                }
            }
            let sample = self.sample.len() < SAMPLE_ROWS;
            match self.person(&cells, row) {
                Some(person) => {
                    if sample {
                        self.sample.push(sample_of_person(row, &person));
                    }
                    self.out.push(Work::Customer(person));
                }
                None => self.rows_skipped += 1,
            }
            self.spare_records.push(record.into_byte_record());
            return Ok(());
        }
        let number = cell(&self.columns, &record, Field::OrderNumber).unwrap_or("");
        if self.pending.as_ref().is_none_or(|p| p.number != number || number.is_empty()) {
            let number = number.to_owned();
            self.flush()?;
            self.pending = Some(Pending { number, records: std::mem::take(&mut self.spare_rows) });
        }
        self.pending.as_mut().expect("pending order").records.push((row, record));
        Ok(())
    }

    /// Checks the pending order and writes it, or skips all its rows.
    fn flush(&mut self) -> Result<()> {
        let Some(mut pending) = self.pending.take() else { return Ok(()) };
        self.check_order(&pending);
        for (_, record) in pending.records.drain(..) {
            self.spare_records.push(record.into_byte_record());
        }
        self.spare_rows = pending.records;
        Ok(())
    }

    fn check_order(&mut self, pending: &Pending) {
        let before = self.problem_count;
        // Order-level values come from the first row that has them.
        let mut cells = FieldMap::default();
        for &(field, _) in &self.columns.mapped {
            if field.order_level()
                && let Some(found) =
                    pending.records.iter().find_map(|(row, r)| cell(&self.columns, r, field).map(|v| (*row, v)))
            {
                cells.insert(field, found);
            }
        }
        let first_row = pending.records.first().map_or(0, |r| r.0);
        let head = self.head(&pending.number, first_row, &cells);
        let currency_digits = head.as_ref().map(|h| money::minor_digits(&h.currency).unwrap_or(2)).unwrap_or(2);
        let lines: Vec<Option<Line>> =
            pending.records.iter().map(|(row, record)| self.line(*row, record, currency_digits)).collect();
        if self.problem_count > before {
            self.rows_skipped += pending.records.len() as u32;
            return;
        }
        let head = head.expect("checked head");
        let lines: Vec<Line> = lines.into_iter().map(|l| l.expect("checked line")).collect();
        if self.sample.len() < SAMPLE_ROWS {
            for ((row, _), line) in pending.records.iter().zip(&lines) {
                if self.sample.len() < SAMPLE_ROWS {
                    self.sample.push(sample_of_order(*row, &head, line));
                }
            }
        }
        self.out.push(Work::Order(Box::new(head), lines));
    }

    fn value<'c>(&mut self, cells: &FieldMap<(u32, &'c str)>, field: Field) -> Option<(u32, &'c str)> {
        cells.get(&field).copied()
    }

    fn short_text(&mut self, row: u32, field: Field, value: Option<&str>) -> Option<String> {
        // Line breaks inside a quoted one-line cell (a product name) become spaces.
        let joined;
        let value = match value? {
            v if v.contains(['\r', '\n']) => {
                joined = v.split(['\r', '\n']).map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
                joined.as_str()
            }
            v => v,
        };
        if value.chars().count() > TEXT_MAX || text::has_control_chars(value) {
            self.problem(
                row,
                Some(field),
                if text::has_control_chars(value) { "text_invalid" } else { "too_long" },
                value,
            );
            return None;
        }
        Some(value.to_owned())
    }

    fn person(&mut self, cells: &FieldMap<(u32, &str)>, row: u32) -> Option<Person> {
        let before = self.problem_count;
        let full = self.value(cells, Field::CustomerName).map(|(_, v)| v.to_owned());
        let first = self.value(cells, Field::FirstName).map(|(_, v)| v.to_owned());
        let last = self.value(cells, Field::LastName).map(|(_, v)| v.to_owned());
        let name = full.or_else(|| match (first, last) {
            (Some(f), Some(l)) => Some(format!("{f} {l}")),
            (f, l) => f.or(l),
        });
        let email = match self.value(cells, Field::Email) {
            Some((r, e)) => {
                if e.len() > 254 || e.parse::<email_address::EmailAddress>().map(|a| a.email() != e).unwrap_or(true) {
                    self.problem(r, Some(Field::Email), "email_malformed", e);
                    None
                } else {
                    Some(e.to_owned())
                }
            }
            None => None,
        };
        let phone = match self.value(cells, Field::Phone) {
            Some((r, p)) => {
                let normalised = match self.phones.get(p) {
                    Some(result) => result.clone(),
                    None => {
                        let result = phone::normalise(p, &self.country);
                        self.phones.insert(p.to_owned(), result.clone());
                        result
                    }
                };
                match normalised {
                    Ok(e164) => Some(e164),
                    Err(code) => {
                        self.problem(r, Some(Field::Phone), code, p);
                        None
                    }
                }
            }
            None => None,
        };
        let name = name.or_else(|| email.clone()).or_else(|| phone.clone());
        let name = match name {
            Some(n) => self.short_text(row, Field::CustomerName, Some(&n)),
            None => {
                self.problem(row, Some(Field::CustomerName), "customer_missing", "");
                None
            }
        };
        let city_cell = self.value(cells, Field::City);
        let city = self.short_text(city_cell.map_or(row, |c| c.0), Field::City, city_cell.map(|c| c.1));
        let language = match self.value(cells, Field::Language) {
            Some((_, l)) if l.to_ascii_lowercase().starts_with("es") => Some("es"),
            Some((_, l)) if l.to_ascii_lowercase().starts_with("en") => Some("en"),
            Some((r, l)) => {
                self.problem(r, Some(Field::Language), "language_unknown", l);
                None
            }
            None => None,
        };
        let notes = self.value(cells, Field::Notes).map(|(_, n)| n.to_owned());
        if notes.as_ref().is_some_and(|n| n.chars().count() > crate::customers::NOTES_MAX) {
            self.problem(row, Some(Field::Notes), "too_long", "");
        }
        if self.problem_count > before {
            return None;
        }
        let email_key = email.as_deref().map(str::to_lowercase);
        Some(Person { name: name?, email, email_key, phone, city, language, notes })
    }

    fn date(&mut self, cells: &FieldMap<(u32, &str)>, field: Field) -> Option<time::Date> {
        let (row, value) = self.value(cells, field)?;
        match fields::parse_date(value, self.date_order) {
            Ok(date) => Some(date),
            Err(code) => {
                let value = value.to_owned();
                self.problem(row, Some(field), code, &value);
                None
            }
        }
    }

    fn head(&mut self, number: &str, first_row: u32, cells: &FieldMap<(u32, &str)>) -> Option<Head> {
        let before = self.problem_count;
        if number.is_empty() {
            self.problem(first_row, Some(Field::OrderNumber), "required", "");
        } else if number.chars().count() > 100 || text::has_control_chars(number) {
            self.problem(first_row, Some(Field::OrderNumber), "text_invalid", number);
        }
        let placed_on = self.date(cells, Field::OrderDate);
        if !cells.contains_key(&Field::OrderDate) {
            self.problem(first_row, Some(Field::OrderDate), "required", "");
        }
        let delivered_on = self.date(cells, Field::DeliveredOn);
        let status = if self.layout == Layout::Shopify {
            let get = |f: Field| cells.get(&f).map_or("", |(_, v)| *v);
            fields::shopify_status(
                get(Field::FinancialStatus),
                get(Field::FulfillmentStatus),
                get(Field::CancelledAt),
                false,
            )
        } else {
            match self.value(cells, Field::Status) {
                Some((row, value)) => match fields::parse_status(value) {
                    Ok(status) => status,
                    Err(code) => {
                        let value = value.to_owned();
                        self.problem(row, Some(Field::Status), code, &value);
                        OrderStatus::Placed
                    }
                },
                None if delivered_on.is_some() => OrderStatus::Delivered,
                None => OrderStatus::Placed,
            }
        };
        // Shopify's "Fulfilled at" is the shipping date, not a delivery.
        let delivered_on = if self.layout == Layout::Shopify { None } else { delivered_on };
        if let (Some(p), Some(d)) = (placed_on, delivered_on)
            && d < p
        {
            let row = cells.get(&Field::DeliveredOn).map_or(first_row, |c| c.0);
            self.problem(row, Some(Field::DeliveredOn), "delivered_before_placed", "");
        }
        let currency = match self.value(cells, Field::Currency) {
            Some((row, c)) => {
                let code = c.to_ascii_uppercase();
                if money::minor_digits(&code).is_none() {
                    self.problem(row, Some(Field::Currency), "currency_unknown", c);
                }
                code
            }
            None => self.shop_currency.clone(),
        };
        let carrier_cell = self.value(cells, Field::Carrier);
        let carrier = self.short_text(first_row, Field::Carrier, carrier_cell.map(|c| c.1));
        let tracking_cell = self.value(cells, Field::TrackingCode);
        let tracking = self.short_text(first_row, Field::TrackingCode, tracking_cell.map(|c| c.1));
        let person = self.person(cells, first_row);
        if self.problem_count > before {
            return None;
        }
        Some(Head {
            number: number.to_owned(),
            placed_on: placed_on?.to_string(),
            status,
            currency,
            delivered_on: delivered_on.map(|d| d.to_string()),
            carrier,
            tracking,
            person: person?,
        })
    }

    fn line(&mut self, row: u32, record: &csv::StringRecord, digits: u32) -> Option<Line> {
        let before = self.problem_count;
        let get = |field| cell(&self.columns, record, field);
        let (product, sku, quantity, price, total) =
            (get(Field::Product), get(Field::Sku), get(Field::Quantity), get(Field::UnitPrice), get(Field::LineTotal));
        let product = match product {
            Some(p) => self.short_text(row, Field::Product, Some(p)),
            None => {
                self.problem(row, Some(Field::Product), "required", "");
                None
            }
        };
        let sku = self.short_text(row, Field::Sku, sku);
        let quantity = match quantity {
            None => {
                self.problem(row, Some(Field::Quantity), "required", "");
                0
            }
            Some(q) => match q.trim_end_matches(".0").trim_end_matches(",0").parse::<i64>() {
                Ok(q) if (1..=1_000_000).contains(&q) => q,
                Ok(q) if q <= 0 => {
                    self.problem(row, Some(Field::Quantity), "quantity_not_positive", &q.to_string());
                    0
                }
                _ => {
                    self.problem(row, Some(Field::Quantity), "quantity_malformed", q);
                    0
                }
            },
        };
        let unit_price_minor = match (price, total) {
            (Some(price), _) => {
                money::parse_with_mark(price, self.decimal, digits).map_err(|code| (Field::UnitPrice, code, price))
            }
            (None, Some(total)) => money::parse_with_mark(total, self.decimal, digits)
                .map(|t| if quantity > 0 { t / quantity } else { 0 })
                .map_err(|code| (Field::LineTotal, code, total)),
            (None, None) => Err((Field::UnitPrice, "required", "")),
        };
        let unit_price_minor = unit_price_minor.unwrap_or_else(|(field, code, value)| {
            self.problem(row, Some(field), code, value);
            0
        });
        if self.problem_count > before {
            return None;
        }
        Some(Line { product: product?, sku, quantity, unit_price_minor })
    }
}

/// An order already in the store: id, status, delivered, carrier, tracking.
type ExistingOrder = (i64, String, Option<String>, Option<String>, Option<String>);

/// What every row of a run shares: where it came from and when.
struct Stamp {
    source: &'static str,
    now: i64,
}

/// A row kind the writer inserts ROWS_PER_INSERT to a statement.
trait Insert {
    /// `INSERT INTO table (columns) VALUES `
    const SQL: &'static str;
    const COLUMNS: usize;
    /// Pushes this row's COLUMNS values, in the order of SQL's columns.
    fn bind<'r>(&'r self, stamp: &'r Stamp, values: &mut Vec<&'r dyn rusqlite::ToSql>);
}

/// Rows waiting for their multi-row INSERT.
struct Buffered<'a, T: Insert> {
    rows: Vec<T>,
    /// The statement for a full chunk, prepared once.
    full: rusqlite::Statement<'a>,
}

fn insert_sql<T: Insert>(rows: usize) -> String {
    let row = format!("({})", vec!["?"; T::COLUMNS].join(", "));
    format!("{}{}", T::SQL, vec![row; rows].join(", "))
}

impl<'a, T: Insert> Buffered<'a, T> {
    fn new(tx: &'a Transaction<'a>) -> Result<Self> {
        Ok(Buffered { rows: Vec::new(), full: tx.prepare(&insert_sql::<T>(ROWS_PER_INSERT))? })
    }

    /// Writes every full chunk; the rest too when `all`.
    fn write(&mut self, tx: &Transaction<'_>, stamp: &Stamp, all: bool) -> Result<()> {
        while self.rows.len() >= ROWS_PER_INSERT || (all && !self.rows.is_empty()) {
            let chunk: Vec<T> = self.rows.drain(..self.rows.len().min(ROWS_PER_INSERT)).collect();
            let mut values = Vec::with_capacity(chunk.len() * T::COLUMNS);
            for row in &chunk {
                row.bind(stamp, &mut values);
            }
            if chunk.len() == ROWS_PER_INSERT {
                self.full.execute(values.as_slice())?;
            } else {
                tx.prepare(&insert_sql::<T>(chunk.len()))?.execute(values.as_slice())?;
            }
        }
        Ok(())
    }
}

/// A new customer waiting for its multi-row INSERT.
struct CustomerRow {
    id: i64,
    person: Person,
    channel: &'static str,
    search_key: String,
}

/// An order waiting for its multi-row INSERT.
struct OrderRow {
    id: i64,
    customer_id: i64,
    status: &'static str,
    head: Box<Head>,
}

/// A line waiting for its multi-row INSERT.
struct LineRow {
    order_id: i64,
    position: i64,
    line: Line,
}

impl Insert for CustomerRow {
    const SQL: &'static str = "INSERT INTO customers (id, name, email, email_key, phone, preferred_channel, language, notes, search_key, city, created_at, updated_at) VALUES ";
    const COLUMNS: usize = 12;
    fn bind<'r>(&'r self, stamp: &'r Stamp, values: &mut Vec<&'r dyn rusqlite::ToSql>) {
        let p = &self.person;
        values.extend([
            &self.id as &dyn rusqlite::ToSql,
            &p.name,
            &p.email,
            &p.email_key,
            &p.phone,
            &self.channel,
            &p.language,
            p.notes.as_ref().map_or(&"" as &dyn rusqlite::ToSql, |n| n as &dyn rusqlite::ToSql),
            &self.search_key,
            &p.city,
            &stamp.now,
            &stamp.now,
        ]);
    }
}

impl Insert for OrderRow {
    const SQL: &'static str = "INSERT INTO orders (id, customer_id, source, number, status, currency, placed_on, delivered_on, carrier, tracking_code, created_at) VALUES ";
    const COLUMNS: usize = 11;
    fn bind<'r>(&'r self, stamp: &'r Stamp, values: &mut Vec<&'r dyn rusqlite::ToSql>) {
        let h = &self.head;
        values.extend([
            &self.id as &dyn rusqlite::ToSql,
            &self.customer_id,
            &stamp.source,
            &h.number,
            &self.status,
            &h.currency,
            &h.placed_on,
            &h.delivered_on,
            &h.carrier,
            &h.tracking,
            &stamp.now,
        ]);
    }
}

impl Insert for LineRow {
    const SQL: &'static str =
        "INSERT INTO order_lines (order_id, position, product, sku, quantity, unit_price_minor) VALUES ";
    const COLUMNS: usize = 6;
    fn bind<'r>(&'r self, _: &'r Stamp, values: &mut Vec<&'r dyn rusqlite::ToSql>) {
        let l = &self.line;
        values.extend([
            &self.order_id as &dyn rusqlite::ToSql,
            &self.position,
            &l.product,
            &l.sku,
            &l.quantity,
            &l.unit_price_minor,
        ]);
    }
}

/// Resolves customers and writes orders, lines and customers.
struct Writer<'a> {
    tx: &'a Transaction<'a>,
    new_customers: Buffered<'a, CustomerRow>,
    next_customer_id: i64,
    orders: Buffered<'a, OrderRow>,
    lines: Buffered<'a, LineRow>,
    next_order_id: i64,
    stamp: Stamp,
    by_email: HashMap<String, usize>,
    by_phone: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    customers: Vec<Known>,
    seen: HashMap<i64, Seen>,
    updated: HashSet<i64>,
    /// Orders already in the store that this run has counted.
    counted: HashSet<i64>,
    /// Orders of this source already in the store: number → (id, status, delivered, carrier, tracking).
    existing: HashMap<String, ExistingOrder>,
    /// Orders written by this run: number → (id, next line position).
    written: HashMap<String, (i64, i64)>,
    counts: ImportCounts,
    /// Highest customer and order ids before this run (see `search_index`).
    mark: (i64, i64),
}

impl<'a> Writer<'a> {
    fn new(tx: &'a Transaction<'a>, options: &ImportOptions) -> Result<Self> {
        let mark = search_index::watermark(tx)?;
        let mut writer = Writer {
            tx,
            new_customers: Buffered::new(tx)?,
            next_customer_id: mark.0 + 1,
            orders: Buffered::new(tx)?,
            lines: Buffered::new(tx)?,
            next_order_id: mark.1 + 1,
            stamp: Stamp { source: options.layout.source(), now: now_ms() },
            by_email: HashMap::new(),
            by_phone: HashMap::new(),
            by_name: HashMap::new(),
            customers: Vec::new(),
            seen: HashMap::new(),
            updated: HashSet::new(),
            counted: HashSet::new(),
            existing: HashMap::new(),
            written: HashMap::new(),
            counts: ImportCounts::default(),
            mark,
        };
        let mut stmt = tx.prepare("SELECT id, email_key, phone, city IS NOT NULL, name FROM customers")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (id, email, phone): (i64, Option<String>, Option<String>) = (row.get(0)?, row.get(1)?, row.get(2)?);
            let name: String = row.get(4)?;
            writer.remember(
                Known { id, has_email: email.is_some(), has_phone: phone.is_some(), has_city: row.get(3)? },
                email,
                phone,
                &name,
            );
        }
        if options.layout != Layout::Customers {
            let mut stmt = tx.prepare(
                "SELECT number, id, status, delivered_on, carrier, tracking_code FROM orders WHERE source = ?1",
            )?;
            let mut rows = stmt.query([writer.stamp.source])?;
            while let Some(row) = rows.next()? {
                writer.existing.insert(row.get(0)?, (row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?));
            }
        }
        Ok(writer)
    }

    fn apply(&mut self, work: Work) -> Result<()> {
        match work {
            Work::Order(head, lines) => self.write_order(head, lines),
            Work::Customer(person) => {
                let id = self.customer(&person)?;
                self.count_customer(id);
                Ok(())
            }
        }
    }

    fn remember(&mut self, known: Known, email: Option<String>, phone: Option<String>, name: &str) {
        let slot = self.customers.len();
        match (email, phone) {
            (None, None) => {
                self.by_name.entry(text::fold(name)).or_insert(slot);
            }
            (email, phone) => {
                if let Some(e) = email {
                    self.by_email.entry(e).or_insert(slot);
                }
                if let Some(p) = phone {
                    self.by_phone.entry(p).or_insert(slot);
                }
            }
        }
        self.customers.push(known);
    }

    /// Finds the customer by email, then phone (then, for customers with
    /// neither, by name), filling in what the store lacks; or creates them.
    fn customer(&mut self, person: &Person) -> Result<i64> {
        let email_key = person.email_key.as_deref();
        let slot = match (email_key, &person.phone) {
            (None, None) => self.by_name.get(&text::fold(&person.name)).copied(),
            (email, phone) => email
                .and_then(|e| self.by_email.get(e))
                .or_else(|| phone.as_ref().and_then(|p| self.by_phone.get(p)))
                .copied(),
        };
        if let Some(slot) = slot {
            let known = &self.customers[slot];
            let id = known.id;
            let fill_email = !known.has_email && email_key.is_some();
            let fill_phone = !known.has_phone && person.phone.is_some();
            let fill_city = !known.has_city && person.city.is_some();
            if fill_email || fill_phone || fill_city {
                self.fill_in(slot, person, email_key, fill_email, fill_phone, fill_city)?;
            }
            self.seen.entry(id).or_insert(Seen::Matched);
            return Ok(id);
        }
        let search_key = crate::customers::search_key(&person.name, email_key, person.phone.as_deref());
        let channel = if person.email.is_some() || person.phone.is_none() { "email" } else { "phone" };
        let id = self.next_customer_id;
        self.next_customer_id += 1;
        self.new_customers.rows.push(CustomerRow { id, person: person.clone(), channel, search_key });
        self.remember(
            Known {
                id,
                has_email: person.email.is_some(),
                has_phone: person.phone.is_some(),
                has_city: person.city.is_some(),
            },
            email_key.map(str::to_owned),
            person.phone.clone(),
            &person.name,
        );
        self.seen.insert(id, Seen::Created);
        self.counts.customers_new += 1;
        Ok(id)
    }

    fn fill_in(
        &mut self,
        slot: usize,
        person: &Person,
        email_key: Option<&str>,
        email: bool,
        phone: bool,
        city: bool,
    ) -> Result<()> {
        let id = self.customers[slot].id;
        // The customer may still wait in the buffer of new ones.
        self.flush_customers(true)?;
        let (name, old_email, old_phone, old_key): (String, Option<String>, Option<String>, String) =
            self.tx.query_row("SELECT name, email_key, phone, search_key FROM customers WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        let new_email = if email { email_key.map(str::to_owned) } else { old_email };
        let new_phone = if phone { person.phone.clone() } else { old_phone };
        let key = crate::customers::search_key(&name, new_email.as_deref(), new_phone.as_deref());
        self.tx.execute(
            "UPDATE customers SET email = CASE WHEN ?2 THEN ?3 ELSE email END, email_key = CASE WHEN ?2 THEN ?4 ELSE email_key END,
                 phone = CASE WHEN ?5 THEN ?6 ELSE phone END, city = CASE WHEN ?7 THEN ?8 ELSE city END,
                 search_key = ?9, updated_at = ?10 WHERE id = ?1",
            params![id, email, person.email, email_key, phone, person.phone, city, person.city, key, self.stamp.now],
        )?;
        // Customers added by this run are indexed in bulk at the end.
        if id <= self.mark.0 {
            search_index::replace_customer(self.tx, id, &old_key, &key)?;
        }
        let known = &mut self.customers[slot];
        known.has_email |= email;
        known.has_phone |= phone;
        known.has_city |= city;
        if email && let Some(e) = email_key {
            self.by_email.entry(e.to_owned()).or_insert(slot);
        }
        if phone && let Some(p) = &person.phone {
            self.by_phone.entry(p.clone()).or_insert(slot);
        }
        if self.seen.get(&id) != Some(&Seen::Created) && self.updated.insert(id) {
            self.counts.customers_updated += 1;
        }
        Ok(())
    }

    fn write_order(&mut self, head: Box<Head>, lines: Vec<Line>) -> Result<()> {
        let customer_id = self.customer(&head.person)?;
        let delivered_on = &head.delivered_on;
        if let Some((id, status, delivered, carrier, tracking)) = self.existing.get(&head.number) {
            // An order whose rows are split over the file counts once.
            let first_time = self.counted.insert(*id);
            // A newer export moves the order on; lines are never touched again.
            let changed = status != head.status.as_str()
                || (delivered_on.is_some() && delivered != delivered_on)
                || (head.carrier.is_some() && *carrier != head.carrier)
                || (head.tracking.is_some() && *tracking != head.tracking);
            if changed {
                self.tx.execute(
                    "UPDATE orders SET status = ?2, delivered_on = coalesce(?3, delivered_on), carrier = coalesce(?4, carrier),
                         tracking_code = coalesce(?5, tracking_code) WHERE id = ?1",
                    params![id, head.status.as_str(), delivered_on, head.carrier, head.tracking],
                )?;
                if first_time {
                    self.counts.orders_updated += 1;
                }
                let entry = (
                    *id,
                    head.status.as_str().to_owned(),
                    delivered_on.clone().or_else(|| delivered.clone()),
                    head.carrier.clone().or(carrier.clone()),
                    head.tracking.clone().or(tracking.clone()),
                );
                self.existing.insert(head.number.clone(), entry);
            } else if first_time {
                self.counts.orders_present += 1;
            }
            self.count_customer(customer_id);
            return Ok(());
        }
        let count = lines.len() as i64;
        let (order_id, position) = match self.written.get_mut(&head.number) {
            // The same order again further down the file: its lines join it.
            Some(entry) => {
                let at = *entry;
                entry.1 += count;
                at
            }
            None => {
                let id = self.next_order_id;
                self.next_order_id += 1;
                self.counts.orders_new += 1;
                self.written.insert(head.number.clone(), (id, count));
                let status = head.status.as_str();
                self.orders.rows.push(OrderRow { id, customer_id, status, head });
                (id, 0)
            }
        };
        self.lines.rows.extend(lines.into_iter().zip(position..).map(|(line, position)| LineRow {
            order_id,
            position,
            line,
        }));
        self.flush(false)?;
        self.counts.lines_new += count as u32;
        self.count_customer(customer_id);
        Ok(())
    }

    fn flush_customers(&mut self, all: bool) -> Result<()> {
        self.new_customers.write(self.tx, &self.stamp, all)
    }

    /// Writes buffered rows, ROWS_PER_INSERT to a statement; the rest too
    /// when `all` (at the end of the file).
    fn flush(&mut self, all: bool) -> Result<()> {
        // Customers, orders, lines: each refers to the one before.
        self.flush_customers(all)?;
        self.orders.write(self.tx, &self.stamp, all)?;
        self.lines.write(self.tx, &self.stamp, all)
    }

    /// Counts a customer once per import as present (unless created or updated).
    fn count_customer(&mut self, id: i64) {
        if self.seen.get(&id) == Some(&Seen::Matched) && !self.updated.contains(&id) {
            self.seen.insert(id, Seen::Created); // counted: never again
            self.counts.customers_present += 1;
        }
    }
}

fn sample_of_person(row: u32, p: &Person) -> SampleRow {
    let mut cells = vec![SampleCell { field: Field::CustomerName, value: p.name.clone() }];
    let mut push = |field, value: &Option<String>| {
        if let Some(v) = value {
            cells.push(SampleCell { field, value: v.clone() });
        }
    };
    push(Field::Email, &p.email);
    push(Field::Phone, &p.phone);
    push(Field::City, &p.city);
    SampleRow { row, cells }
}

fn sample_of_order(row: u32, head: &Head, line: &Line) -> SampleRow {
    let digits = money::minor_digits(&head.currency).unwrap_or(2);
    let price = if digits == 0 {
        line.unit_price_minor.to_string()
    } else {
        let unit = 10_i64.pow(digits);
        format!("{}.{:0width$}", line.unit_price_minor / unit, line.unit_price_minor % unit, width = digits as usize)
    };
    let mut sample = sample_of_person(row, &head.person);
    sample.cells.splice(
        0..0,
        [
            SampleCell { field: Field::OrderNumber, value: head.number.clone() },
            SampleCell { field: Field::OrderDate, value: head.placed_on.clone() },
            SampleCell { field: Field::Status, value: head.status.as_str().to_owned() },
        ],
    );
    sample.cells.extend([
        SampleCell { field: Field::Product, value: line.product.clone() },
        SampleCell { field: Field::Sku, value: line.sku.clone().unwrap_or_default() },
        SampleCell { field: Field::Quantity, value: line.quantity.to_string() },
        SampleCell { field: Field::UnitPrice, value: format!("{price} {}", head.currency) },
    ]);
    if let Some(d) = &head.delivered_on {
        sample.cells.push(SampleCell { field: Field::DeliveredOn, value: d.clone() });
    }
    sample
}
