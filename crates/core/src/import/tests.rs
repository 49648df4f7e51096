use std::io::Write;

use proptest::prelude::*;

use super::*;
use crate::testkit::TestStore;

fn file(content: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(content).unwrap();
    f
}

fn go_on(_: Progress) -> bool {
    true
}

fn import(t: &TestStore, f: &tempfile::NamedTempFile) -> ImportReport {
    let options = detect(f.path()).unwrap();
    run(&t.store, f.path(), &options, true, &mut go_on).unwrap()
}

fn count(t: &TestStore, table: &str) -> i64 {
    t.store.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)).unwrap()
}

/// Everything an import can change, as text, to compare before and after.
fn dump(t: &TestStore) -> String {
    t.store
        .read(|c| {
            let mut out = String::new();
            for sql in [
                "SELECT id, name, email, phone, city, search_key FROM customers ORDER BY id",
                "SELECT id, customer_id, source, number, status, currency, placed_on, delivered_on, carrier, tracking_code FROM orders ORDER BY id",
                "SELECT order_id, position, product, sku, quantity, unit_price_minor FROM order_lines ORDER BY order_id, position",
            ] {
                let mut stmt = c.prepare(sql)?;
                let n = stmt.column_count();
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    for i in 0..n {
                        out.push_str(&format!("{:?}|", row.get_ref(i)?));
                    }
                    out.push('\n');
                }
            }
            Ok(out)
        })
        .unwrap()
}

const GENERIC: &str = "order_number,order_date,status,customer_name,customer_email,customer_phone,city,product,sku,quantity,unit_price,currency,carrier,tracking_code,delivered_on
1001,2024-03-01,delivered,José Núñez,jose@example.es,612 34 56 78,Madrid,Botas de montaña,BOT-1,1,89.90,EUR,SEUR,S1,2024-03-04
1001,2024-03-01,delivered,José Núñez,jose@example.es,612 34 56 78,Madrid,Calcetines,CAL-2,3,5.00,EUR,SEUR,S1,2024-03-04
1002,2024-03-02,paid,Marta Ruiz,marta@example.es,,Sevilla,\"Camiseta \"\"Sol\"\", talla M\",CAM-3,2,19.95,EUR,,,
";

#[test]
fn a_generic_file_imports_orders_lines_and_customers() {
    let t = TestStore::new();
    let report = import(&t, &file(GENERIC.as_bytes()));
    assert_eq!(report.problem_count, 0, "{:?}", report.problems);
    assert_eq!((report.counts.orders_new, report.counts.lines_new, report.counts.customers_new), (2, 3, 2));
    let page = crate::customers::list(&t.store, "nunez", 10, 0).unwrap();
    assert_eq!(page[0].phone.as_deref(), Some("+34612345678"), "phones are normalised on import");
    let order = &crate::customers::page(&t.store, page[0].id).unwrap().orders[0];
    assert_eq!(order.total_minor, 8990 + 3 * 500);
    assert_eq!(order.delivered_on.as_deref(), Some("2024-03-04"));
    let marta = crate::customers::list(&t.store, "marta", 10, 0).unwrap();
    let lines = &crate::customers::page(&t.store, marta[0].id).unwrap().orders[0].lines;
    assert_eq!(lines[0].product, "Camiseta \"Sol\", talla M", "quoted fields keep their quotes and commas");
}

#[test]
fn reimporting_the_same_file_changes_nothing() {
    let t = TestStore::new();
    let f = file(GENERIC.as_bytes());
    import(&t, &f);
    let before = dump(&t);
    let again = import(&t, &f);
    assert_eq!(dump(&t), before, "a second import must not change the store");
    let dangling: i64 =
        t.store.read(|c| Ok(c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?)).unwrap();
    assert_eq!(dangling, 0, "imports run without per-row key checks, so they must link only real rows");
    let fk: i64 = t.store.read(|c| Ok(c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?)).unwrap();
    assert_eq!(fk, 1);
    assert_eq!(
        (
            again.counts.orders_new,
            again.counts.orders_present,
            again.counts.orders_updated,
            again.counts.customers_new,
            again.counts.customers_present
        ),
        (0, 2, 0, 0, 2),
        "the report says everything was already there"
    );
}

#[test]
fn a_newer_export_moves_orders_on_and_adds_new_ones() {
    let t = TestStore::new();
    import(&t, &file(GENERIC.as_bytes()));
    let newer = GENERIC.replace("1002,2024-03-02,paid,", "1002,2024-03-02,shipped,")
        + "1003,2024-03-05,placed,Ana Gil,ANA@example.es,+34 699 11 22 33,Bilbao,Gorra,GOR-1,1,12.00,EUR,,,\n";
    let report = import(&t, &file(newer.as_bytes()));
    assert_eq!((report.counts.orders_new, report.counts.orders_present, report.counts.orders_updated), (1, 1, 1));
    let status: String = t
        .store
        .read(|c| Ok(c.query_row("SELECT status FROM orders WHERE number = '1002'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(status, "shipped");
    assert_eq!(count(&t, "order_lines"), 4, "lines of known orders are never added twice");
}

#[test]
fn the_dry_run_names_every_bad_row_and_writes_nothing() {
    let t = TestStore::new();
    let bad = GENERIC.to_owned()
        + "1004,31/02/2024,delivered,Luis,luis@example.es,,,Botas,B,1,10.00,EUR,,,\n"
        + "1005,2024-03-06,placed,Eva,eva@@example,,,Botas,B,-1,abc,EUR,,,\n";
    let f = file(bad.as_bytes());
    let options = detect(f.path()).unwrap();
    let report = preview(&t.store, f.path(), None, &mut go_on).unwrap();
    assert!(!report.committed);
    let found: Vec<(u32, &str, &str)> =
        report.problems.iter().map(|p| (p.row, p.column.as_str(), p.code.as_str())).collect();
    assert_eq!(
        found,
        [
            (5, "order_date", "date_invalid"),
            (6, "customer_email", "email_malformed"),
            (6, "quantity", "quantity_not_positive"),
            (6, "unit_price", "amount_malformed"),
        ],
        "rows are numbered as a spreadsheet shows them (header = row 1)"
    );
    assert_eq!(count(&t, "orders"), 0, "a dry run writes nothing");
    assert_eq!(report.counts.orders_new, 2, "the dry run counts what the import would do");
    let done = run(&t.store, f.path(), &options, true, &mut go_on).unwrap();
    assert_eq!(done.counts.rows_skipped, 2, "bad orders are skipped whole");
    assert_eq!(count(&t, "orders"), 2);
}

#[test]
fn spanish_excel_exports_are_read_as_written() {
    let t = TestStore::new();
    let text = "Pedido;Fecha;Estado;Cliente;Email;Teléfono;Producto;Cantidad;Precio unidad\r\n\
                A-7;05/01/2025;Entregado;Begoña Ibáñez;bego@example.es;699 11 22 33;\"Bolso piel;\r\nmarrón\";1;1.234,50\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let report = import(&t, &file(&bytes));
    assert_eq!(report.problem_count, 0, "{:?}", report.problems);
    let found = crate::customers::list(&t.store, "begona", 10, 0).unwrap();
    assert_eq!(found[0].name, "Begoña Ibáñez", "Windows-1252 accents survive");
    let order = &crate::customers::page(&t.store, found[0].id).unwrap().orders[0];
    assert_eq!(order.lines[0].unit_price_minor, 123_450, "decimal comma and thousands dot");
    assert_eq!(
        order.lines[0].product, "Bolso piel; marrón",
        "quoted separators are data; a line break in a name becomes a space"
    );
    assert_eq!(order.placed_on, "2025-01-05", "dd/mm/yyyy");
    assert_eq!(order.status, crate::orders::OrderStatus::Delivered);
}

#[test]
fn shopify_exports_carry_order_fields_on_the_first_row_only() {
    let t = TestStore::new();
    let text = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Billing City,Billing Phone,Cancelled at\n\
                #1001,ana@example.es,paid,2024-01-15 10:30:00 +0100,fulfilled,2024-01-16 09:00:00 +0100,EUR,59.80,2024-01-15 10:23:45 +0100,2,Zapatillas,24.90,ZAP-1,Ana Gil,Bilbao,+34 699 11 22 33,\n\
                #1001,,,,,,,,,1,Cordones,10.00,COR-1,,,,\n\
                #1002,luis@example.es,refunded,,,,EUR,10.00,2024-01-20 12:00:00 +0100,1,Gorra,10.00,GOR-1,Luis Mora,Madrid,,2024-01-21 08:00:00 +0100\n";
    let f = file(text.as_bytes());
    let options = detect(f.path()).unwrap();
    assert_eq!(options.layout, Layout::Shopify);
    let report = run(&t.store, f.path(), &options, true, &mut go_on).unwrap();
    assert_eq!(report.problem_count, 0, "{:?}", report.problems);
    assert_eq!((report.counts.orders_new, report.counts.lines_new), (2, 3));
    let orders = crate::orders::list(&t.store, "#1001", None, crate::orders::OrderSort::Newest, 10, 0).unwrap();
    assert_eq!(orders[0].status, crate::orders::OrderStatus::Shipped, "fulfilled → shipped");
    assert_eq!(orders[0].total_minor, 2 * 2490 + 1000, "continuation rows add lines to the same order");
    assert_eq!(orders[0].source, "shopify");
    let cancelled = crate::orders::list(&t.store, "#1002", None, crate::orders::OrderSort::Newest, 10, 0).unwrap();
    assert_eq!(cancelled[0].status, crate::orders::OrderStatus::Cancelled);
}

#[test]
fn woocommerce_exports_are_recognised() {
    let t = TestStore::new();
    let text = "\u{feff}order_id,order_number,order_date,status,order_total,order_currency,billing_first_name,billing_last_name,billing_email,billing_phone,billing_city,item_name,item_sku,item_quantity,item_total,item_price\n\
                55,2055,2024-05-01 18:00:00,completed,30.00,EUR,Lucía,Pérez,lucia@example.es,612345678,Valencia,Vela aromática,VEL-1,3,30.00,10.00\n";
    let f = file(text.as_bytes());
    let options = detect(f.path()).unwrap();
    assert_eq!(options.layout, Layout::Woocommerce);
    run(&t.store, f.path(), &options, true, &mut go_on).unwrap();
    let found = crate::customers::list(&t.store, "lucia perez", 10, 0).unwrap();
    assert_eq!(found.len(), 1, "first and last name are joined");
    let order = &crate::customers::page(&t.store, found[0].id).unwrap().orders[0];
    assert_eq!(
        (order.number.as_str(), order.status, order.total_minor),
        ("2055", crate::orders::OrderStatus::Delivered, 3000)
    );
}

#[test]
fn customers_files_match_by_email_then_phone_and_fill_gaps() {
    let t = TestStore::new();
    crate::customers::create(
        &t.store,
        &crate::customers::CustomerInput {
            email: Some("jose@example.es".into()),
            ..crate::testkit::customer_input("José")
        },
    )
    .unwrap();
    crate::customers::create(
        &t.store,
        &crate::customers::CustomerInput { phone: Some("699112233".into()), ..crate::testkit::customer_input("Ana") },
    )
    .unwrap();
    let text = "name,email,phone,city,language,notes\n\
                José Núñez,JOSE@example.es,612 34 56 78,Madrid,es,\"Cliente fiel,\nprefiere tallas grandes\"\n\
                Ana Gil,ana@example.es,+34 699 11 22 33,,en,\n\
                Nuevo,nuevo@example.es,,,,\n";
    let f = file(text.as_bytes());
    let options = detect(f.path()).unwrap();
    assert_eq!(options.layout, Layout::Customers);
    let report = run(&t.store, f.path(), &options, true, &mut go_on).unwrap();
    assert_eq!((report.counts.customers_new, report.counts.customers_updated), (1, 2), "{:?}", report.counts);
    assert_eq!(count(&t, "customers"), 3, "matched customers are not duplicated");
    let jose = crate::customers::list(&t.store, "612 34", 10, 0).unwrap();
    assert_eq!(
        jose[0].name, "José",
        "a matched customer keeps the name the owner typed; the missing phone is filled in"
    );
    let again = run(&t.store, f.path(), &options, true, &mut go_on).unwrap();
    assert_eq!((again.counts.customers_new, again.counts.customers_updated, again.counts.customers_present), (0, 0, 3));
}

#[test]
fn later_rows_build_on_earlier_ones_across_write_batches() {
    // More orders and customers than one multi-row INSERT takes; a customer
    // whose phone and city only come with a later order; an order whose
    // lines are split over the file.
    let t = TestStore::new();
    let mut text = String::from(
        "order_number,order_date,customer_name,customer_email,customer_phone,city,product,quantity,unit_price\n\
         A-1,2024-01-01,Lucía Pérez,lucia@example.es,,,Gorro,1,10.00\n",
    );
    for n in 2..=70 {
        text.push_str(&format!("A-{n},2024-01-02,Cliente {n},c{n}@example.es,,,Bufanda,2,5.50\n"));
    }
    text.push_str("A-71,2024-01-03,Lucía Pérez,LUCIA@example.es,612 34 56 78,Bilbao,Guantes,1,12.00\n");
    text.push_str("A-1,2024-01-01,Lucía Pérez,lucia@example.es,,,Bufanda,1,15.00\n");
    let report = import(&t, &file(text.as_bytes()));
    assert_eq!(report.problem_count, 0, "{:?}", report.problems);
    let c = &report.counts;
    assert_eq!((c.orders_new, c.lines_new, c.customers_new, c.customers_updated), (71, 72, 70, 0), "{c:?}");
    let found = crate::customers::list(&t.store, "612 34", 10, 0).unwrap();
    assert_eq!(found.len(), 1, "the phone a later row brought is searchable");
    let page = crate::customers::page(&t.store, found[0].id).unwrap();
    assert_eq!(page.customer.name, "Lucía Pérez");
    let city: Option<String> = t
        .store
        .read(|c| Ok(c.query_row("SELECT city FROM customers WHERE id = ?1", [found[0].id], |r| r.get(0))?))
        .unwrap();
    assert_eq!(city.as_deref(), Some("Bilbao"));
    let numbers: Vec<&str> = page.orders.iter().map(|o| o.number.as_str()).collect();
    assert_eq!(numbers, ["A-71", "A-1"]);
    let first = &page.orders[1];
    let products: Vec<&str> = first.lines.iter().map(|l| l.product.as_str()).collect();
    assert_eq!(products, ["Gorro", "Bufanda"], "lines further down the file join their order");
    assert_eq!(first.total_minor, 1000 + 1500);
    let again = import(&t, &file(text.as_bytes()));
    assert_eq!((again.counts.orders_new, again.counts.orders_present, again.counts.customers_new), (0, 71, 0));
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let t = TestStore::new();
    let mut text = GENERIC.lines().next().unwrap().to_owned() + "\n";
    for i in 0..50_000 {
        text += &format!("{i},2024-03-01,placed,Cliente {i},,,,Botas,B,1,10.00,EUR,,,\n");
    }
    let f = file(text.as_bytes());
    let options = detect(f.path()).unwrap();
    let err = run(&t.store, f.path(), &options, true, &mut |p: Progress| p.rows < 20_000).unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert_eq!(count(&t, "orders") + count(&t, "customers"), 0, "a cancelled import leaves no half-imported orders");
}

fn index_sql(t: &TestStore) -> Vec<String> {
    t.store
        .read(|c| {
            let mut stmt =
                c.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")?;
            Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
        })
        .unwrap()
}

#[test]
fn indexes_set_aside_for_a_big_import_are_back_after_it_a_dry_run_and_a_cancel() {
    let t = TestStore::new();
    let before = index_sql(&t);
    assert!(before.iter().any(|s| s.contains("orders_customer")), "the schema's indexes are there to begin with");
    let f = file(GENERIC.as_bytes());
    let options = detect(f.path()).unwrap();
    run(&t.store, f.path(), &options, false, &mut go_on).unwrap();
    assert_eq!(index_sql(&t), before, "a dry run restores them");
    import(&t, &f);
    assert_eq!(index_sql(&t), before, "an import rebuilds exactly the same indexes");
    let plan: String = t
        .store
        .read(|c| {
            Ok(c.query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM orders WHERE customer_id = 1 ORDER BY placed_on DESC",
                [],
                |r| r.get(3),
            )?)
        })
        .unwrap();
    assert!(plan.contains("orders_customer"), "the customer page still reads through the index: {plan}");
    let mut text = GENERIC.lines().next().unwrap().to_owned() + "\n";
    for i in 0..20_000 {
        text += &format!("{i},2024-03-01,placed,Cliente {i},,,,Botas,B,1,10.00,EUR,,,\n");
    }
    let big = file(text.as_bytes());
    let options = detect(big.path()).unwrap();
    run(&t.store, big.path(), &options, true, &mut |p: Progress| p.rows < 10_000).unwrap_err();
    assert_eq!(index_sql(&t), before, "a cancelled import leaves them as they were");
}

#[test]
fn a_small_file_into_a_big_store_keeps_the_indexes_in_place() {
    let t = TestStore::new();
    t.store
        .write(|tx| {
            tx.execute("INSERT INTO customers (id, name, preferred_channel, search_key, created_at, updated_at) VALUES (100000, 'x', 'email', 'x', 0, 0)", [])?;
            Ok(())
        })
        .unwrap();
    let held_big = t.store.write(|tx| super::apply::worth_rebuilding_indexes(tx, GENERIC.len() as u64)).unwrap();
    assert!(!held_big, "rebuilding 100k rows' indexes for a 3-line file would be slower than inserting");
    let big_file = t.store.write(|tx| super::apply::worth_rebuilding_indexes(tx, 200_000_000)).unwrap();
    assert!(big_file, "a million-line export into the same store rebuilds them");
}

#[test]
fn a_missing_required_column_is_named() {
    let t = TestStore::new();
    let f = file(b"order_number,product\n1,Botas\n");
    let mut options = detect(f.path()).unwrap();
    options.layout = Layout::Generic;
    let err = run(&t.store, f.path(), &options, false, &mut go_on).unwrap_err();
    let fields: Vec<String> = err.payload().fields.into_iter().map(|f| format!("{}:{}", f.field, f.code)).collect();
    assert!(fields.contains(&"mapping.order_date:column_required".to_owned()), "{fields:?}");
    assert!(fields.contains(&"mapping.quantity:column_required".to_owned()), "{fields:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_and_never_write(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let t = TestStore::new();
        let f = file(&bytes);
        if let Ok(options) = detect(f.path()) {
            let _ = run(&t.store, f.path(), &options, false, &mut go_on);
        }
        prop_assert_eq!(count(&t, "orders"), 0);
    }

    #[test]
    fn truncated_files_import_cleanly_or_report(cut in 0usize..GENERIC.len()) {
        let t = TestStore::new();
        let f = file(&GENERIC.as_bytes()[..cut]);
        if let Ok(options) = detect(f.path()) {
            let _ = run(&t.store, f.path(), &options, true, &mut go_on);
        }
        let ok: String = t.store.read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)).unwrap();
        prop_assert_eq!(ok, "ok");
    }

    #[test]
    fn reimporting_any_file_changes_nothing(
        rows in proptest::collection::vec((0u8..20, "[A-Za-zñáé ]{1,12}", 1u8..5, 0u32..100_000), 1..30)
    ) {
        let t = TestStore::new();
        let mut text = String::from("order_number,order_date,customer_name,customer_email,product,quantity,unit_price\n");
        for (order, name, qty, cents) in &rows {
            text += &format!("{order},2024-01-01,{name},c{order}@example.es,P,{qty},{}.{:02}\n", cents / 100, cents % 100);
        }
        let f = file(text.as_bytes());
        let options = detect(f.path()).unwrap();
        run(&t.store, f.path(), &options, true, &mut go_on).unwrap();
        let before = dump(&t);
        let again = run(&t.store, f.path(), &options, true, &mut go_on).unwrap();
        prop_assert_eq!(dump(&t), before);
        prop_assert_eq!(again.counts.orders_new + again.counts.lines_new + again.counts.customers_new + again.counts.orders_updated, 0);
    }
}
