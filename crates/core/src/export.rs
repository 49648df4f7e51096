//! CSV export of customers and orders, in the generic import layout so an
//! exported file imports back cleanly. UTF-8 with BOM so Excel shows accents;
//! with `;` amounts use a decimal comma, as Spanish Excel expects.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::money;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportKind {
    Customers,
    Orders,
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
        match kind {
            ExportKind::Customers => {
                writer.write_record(["name", "email", "phone", "city", "language", "notes"]).map_err(csv_err)?;
                let mut stmt = conn.prepare("SELECT name, email, phone, city, language, notes FROM customers ORDER BY id")?;
                let mut q = stmt.query([])?;
                while let Some(r) = q.next()? {
                    let cells: Vec<String> =
                        (0..6).map(|i| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default)).collect::<rusqlite::Result<_>>()?;
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
                    let text = |i: usize| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
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
    use crate::testkit::{TestStore, customer_input, line, order_input};

    #[test]
    fn an_exported_orders_file_imports_back_into_an_empty_store() {
        let t = TestStore::new();
        let c = crate::customers::create(
            &t.store,
            &crate::customers::CustomerInput {
                phone: Some("612 34 56 78".into()),
                ..customer_input("José Núñez; \"Pepe\"")
            },
        )
        .unwrap();
        crate::orders::create(
            &t.store,
            &crate::orders::OrderInput { lines: vec![line("Botas, piel", "2", "1.234,50")], ..order_input(c.id) },
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
            assert_eq!(
                order.lines[0].unit_price_minor, 123_450,
                "amounts survive the round trip (semicolon: {semicolon})"
            );
            assert_eq!(found[0].name, "José Núñez; \"Pepe\"");
        }
    }
}
