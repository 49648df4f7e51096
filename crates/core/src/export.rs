//! CSV export of customers and orders, in the generic import layout so an
//! exported file imports back cleanly. UTF-8 with BOM so Excel shows accents;
//! with `;` amounts use a decimal comma, as Spanish Excel expects.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::Store;
use crate::{money, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Customers,
    Orders,
    Returns,
    Complaints,
    /// Every newsletter list's subscribers, with their consent record.
    Subscribers,
    SurveyResponses,
}

/// The simple lists: headers and the query whose columns match them, one
/// row per line. Dates stay as stored (ISO days, Unix milliseconds).
fn plain_list(kind: ExportKind) -> Option<(&'static [&'static str], &'static str)> {
    Some(match kind {
        ExportKind::Returns => (
            &[
                "return_number",
                "order_number",
                "customer_name",
                "status",
                "reason",
                "outcome",
                "amount",
                "currency",
                "note",
                "created_at",
            ],
            "SELECT r.id, o.number, c.name, r.status, coalesce(nullif(rr.label, ''), rr.code), r.outcome,
                    r.amount_minor, r.currency, r.note, r.created_at
             FROM returns r JOIN orders o ON o.id = r.order_id JOIN customers c ON c.id = r.customer_id
             JOIN return_reasons rr ON rr.id = r.reason_id ORDER BY r.id",
        ),
        ExportKind::Complaints => (
            &[
                "complaint_number",
                "customer_name",
                "customer_phone",
                "order_number",
                "category",
                "severity",
                "channel",
                "status",
                "source",
                "description",
                "due_at",
                "resolved_at",
                "created_at",
            ],
            "SELECT k.id, c.name, c.phone, o.number, coalesce(nullif(g.label, ''), g.key), k.severity, k.channel,
                    k.status, k.source, k.description, k.due_at, k.resolved_at, k.created_at
             FROM complaints k JOIN customers c ON c.id = k.customer_id
             JOIN complaint_categories g ON g.id = k.category_id LEFT JOIN orders o ON o.id = k.order_id
             ORDER BY k.id",
        ),
        ExportKind::Subscribers => (
            &["list", "email", "name", "status", "consent_method", "consent_at", "consent_text", "confirmed_at"],
            "SELECT l.name, s.email, s.name, s.status, s.consent_method, s.consent_at, s.consent_text, s.confirmed_at
             FROM subscribers s JOIN lists l ON l.id = s.list_id ORDER BY l.name, s.id",
        ),
        ExportKind::SurveyResponses => (
            &["customer_name", "order_number", "survey", "score", "comment", "channel", "answered_at"],
            "SELECT c.name, o.number, r.kind, r.score, r.comment, r.channel, r.answered_at
             FROM survey_responses r JOIN customers c ON c.id = r.customer_id LEFT JOIN orders o ON o.id = r.order_id
             ORDER BY r.id",
        ),
        ExportKind::Customers | ExportKind::Orders => return None,
    })
}

/// A cell as text: NULL is empty, numbers are plain, text never a formula.
fn cell(value: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) | ValueRef::Blob(t) => text::spreadsheet_safe(&String::from_utf8_lossy(t)).into_owned(),
    }
}

/// Writes the export to `path` (through a temporary file, so a failure never
/// leaves half a file) and returns the number of data rows.
pub fn to_csv(store: &Store, kind: ExportKind, path: &Path, semicolon: bool) -> Result<u64> {
    let io = |e: std::io::Error| Error::File { path: path.display().to_string(), source: e };
    let tmp = path.with_extension("csv.part");
    let file = std::fs::File::create(&tmp).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    let mut writer = csv::WriterBuilder::new().delimiter(if semicolon { b';' } else { b',' }).from_writer(out);
    let csv_err = |e: csv::Error| Error::File { path: path.display().to_string(), source: e.into() };
    let rows = store.read(|conn| {
        let mut rows = 0u64;
        if let Some((headers, sql)) = plain_list(kind) {
            writer.write_record(headers).map_err(csv_err)?;
            let mut stmt = conn.prepare(sql)?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                let cells: Vec<String> = (0..headers.len()).map(|i| r.get_ref(i).map(cell)).collect::<rusqlite::Result<_>>()?;
                writer.write_record(&cells).map_err(csv_err)?;
                rows += 1;
            }
            return Ok(rows);
        }
        match kind {
            ExportKind::Customers => {
                writer.write_record(["name", "email", "phone", "city", "language", "notes"]).map_err(csv_err)?;
                let mut stmt = conn.prepare("SELECT name, email, phone, city, language, notes FROM customers ORDER BY id")?;
                let mut q = stmt.query([])?;
                while let Some(r) = q.next()? {
                    let cells: Vec<String> = (0..6).map(|i| r.get_ref(i).map(cell)).collect::<rusqlite::Result<_>>()?;
                    writer.write_record(&cells).map_err(csv_err)?;
                    rows += 1;
                }
            }
            ExportKind::Orders => {
                writer
                    .write_record([
                        "order_number", "order_date", "status", "customer_name", "customer_email", "customer_phone",
                        "city", "product", "sku", "quantity", "unit_price", "currency", "carrier", "tracking_code",
                        "delivered_on",
                    ])
                    .map_err(csv_err)?;
                let mut stmt = conn.prepare(
                    "SELECT o.number, o.placed_on, o.status, c.name, c.email, c.phone, c.city, l.product, l.sku, l.quantity,
                            l.unit_price_minor, o.currency, o.carrier, o.tracking_code, o.delivered_on
                     FROM orders o JOIN customers c ON c.id = o.customer_id JOIN order_lines l ON l.order_id = o.id
                     ORDER BY o.id, l.position",
                )?;
                let mut q = stmt.query([])?;
                while let Some(r) = q.next()? {
                    let text = |i: usize| r.get_ref(i).map(cell);
                    let currency: String = r.get(11)?;
                    let cells = [
                        text(0)?, text(1)?, text(2)?, text(3)?, text(4)?, text(5)?, text(6)?, text(7)?, text(8)?,
                        r.get::<_, i64>(9)?.to_string(), money::decimal(r.get(10)?, &currency, semicolon), currency,
                        text(12)?, text(13)?, text(14)?,
                    ];
                    writer.write_record(&cells).map_err(csv_err)?;
                    rows += 1;
                }
            }
            _ => unreachable!("the other lists are plain"),
        }
        Ok(rows)
    })?;
    let out = writer.into_inner().map_err(|e| io(e.into_error()))?;
    out.into_inner().map_err(|e| io(e.into_error()))?.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import;

    #[test]
    fn every_list_exports_with_its_rows_and_customer_text_kept_literally() {
        let t = TestStore::new();
        let c = crate::customers::create(&t.store, &customer_input("=HYPERLINK(\"http://x\";\"Ana\")")).unwrap();
        let category = crate::complaints::get_settings(&t.store).unwrap().categories[0].id;
        let input = crate::complaints::ComplaintInput {
            customer_id: c.id,
            order_id: None,
            category_id: category,
            severity: crate::complaints::Severity::High,
            channel: crate::complaints::Channel::Phone,
            reply_channel: crate::customers::ContactChannel::Phone,
            description: "Llegó roto;\nsegunda línea".into(),
        };
        crate::complaints::open(&t.store, &input, "eva", 1).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lista.csv");
        assert_eq!(to_csv(&t.store, ExportKind::Complaints, &path, true).unwrap(), 1);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut reader =
            csv::ReaderBuilder::new().delimiter(b';').from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader.headers().unwrap().clone();
        let row = reader.records().next().unwrap().unwrap();
        let at = |name: &str| row[headers.iter().position(|h| h == name).unwrap()].to_owned();
        assert_eq!(at("customer_name"), "'=HYPERLINK(\"http://x\";\"Ana\")", "a spreadsheet shows it as text");
        assert_eq!(at("description"), "Llegó roto;\nsegunda línea", "quoted, line break and separator kept");
        assert_eq!(
            (at("category"), at("severity"), at("status")),
            ("late_delivery".into(), "high".into(), "open".into())
        );
        for kind in [ExportKind::Returns, ExportKind::Subscribers, ExportKind::SurveyResponses] {
            assert_eq!(to_csv(&t.store, kind, &path, false).unwrap(), 0, "{kind:?}: headers only");
            assert!(std::fs::read_to_string(&path).unwrap().lines().count() == 1);
        }
    }
    use crate::testkit::{TestStore, customer_input, line, order_input};

    #[test]
    fn an_exported_orders_file_imports_back_into_an_empty_store() {
        let t = TestStore::new();
        let c = crate::customers::create(
            &t.store,
            &crate::customers::CustomerInput {
                phone: Some("612 34 56 78".into()),
                ..customer_input("@José Núñez; \"Pepe\"")
            },
        )
        .unwrap();
        crate::orders::create(
            &t.store,
            &crate::orders::OrderInput { lines: vec![line("=Botas, piel", "2", "1.234,50")], ..order_input(c.id) },
        )
        .unwrap();
        for semicolon in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("pedidos.csv");
            assert_eq!(to_csv(&t.store, ExportKind::Orders, &path, semicolon).unwrap(), 1);
            let bytes = std::fs::read(&path).unwrap();
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM makes Excel read UTF-8");
            let other = TestStore::new();
            let options = import::detect(&path).unwrap();
            let report = import::run(&other.store, &path, &options, true, &mut |_| true).unwrap();
            assert_eq!(report.problem_count, 0, "{:?}", report.problems);
            let found = crate::customers::list(&other.store, "nunez", 10, 0).unwrap();
            let order = &crate::customers::page(&other.store, found[0].id).unwrap().orders[0];
            assert!(String::from_utf8_lossy(&bytes).contains("'=Botas, piel"), "a formula leaves as text");
            assert_eq!(order.lines[0].product, "=Botas, piel", "and comes back as typed");
            assert_eq!(
                order.lines[0].unit_price_minor, 123_450,
                "amounts survive the round trip (semicolon: {semicolon})"
            );
            assert_eq!(found[0].name, "@José Núñez; \"Pepe\"", "marked as text on the way out, as typed on the way in");
            assert_eq!(found[0].phone.as_deref(), Some("+34612345678"), "a phone is not marked");
        }
    }
}
