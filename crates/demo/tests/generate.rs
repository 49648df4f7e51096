//! Generates a small data set into a temporary folder and checks what an
//! importer relies on: headers, line counts, matching order numbers across
//! layouts, the Spanish file's encoding and determinism.

use std::collections::HashSet;
use std::path::Path;

use posventa_demo::exports::{
    CUSTOMERS_FILE, CUSTOMERS_HEADER, GENERIC_FILE, GENERIC_HEADER, SHOPIFY_FILE, SHOPIFY_HEADER, SPANISH_EXCEL_FILE,
    SPANISH_HEADER, WOOCOMMERCE_FILE, WOOCOMMERCE_HEADER,
};
use posventa_demo::{Options, Summary, generate};

const LINES: u64 = 2_000;
const CUSTOMERS: usize = 300;
const BOM: &[u8] = b"\xef\xbb\xbf";

fn generate_into(dir: &Path, seed: u64) -> Summary {
    let options = Options { customers: CUSTOMERS, lines: LINES, out: dir.to_path_buf(), seed, ..Options::default() };
    generate(&options).expect("generation into a fresh temp dir succeeds")
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name} must exist: {e}"))
}

/// Decodes the Spanish Excel file the way an importer must: as Windows-1252.
fn spanish_text(dir: &Path) -> String {
    let bytes = read(dir, SPANISH_EXCEL_FILE);
    let (text, _, malformed) = encoding_rs::WINDOWS_1252.decode(&bytes);
    assert!(!malformed, "every byte must be valid Windows-1252");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the accents must not be UTF-8, or the file is not what Excel writes"
    );
    text.into_owned()
}

fn records(text: &str, delimiter: u8) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(text.as_bytes());
    let header = reader.headers().expect("a header row").iter().map(str::to_string).collect();
    let rows = reader.records().collect::<Result<Vec<_>, _>>().expect("every row parses");
    (header, rows)
}

fn utf8(dir: &Path, name: &str, with_bom: bool) -> String {
    let bytes = read(dir, name);
    assert_eq!(bytes.starts_with(BOM), with_bom, "{name}: BOM present exactly when the layout has one");
    let body = if with_bom { &bytes[BOM.len()..] } else { &bytes[..] };
    String::from_utf8(body.to_vec()).unwrap_or_else(|_| panic!("{name} must be UTF-8"))
}

#[test]
fn writes_five_files_with_exact_headers_and_line_counts() {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate_into(dir.path(), 42);
    assert_eq!(summary.lines, LINES, "the summary counts every line asked for");
    assert!(summary.orders > LINES / 6 && summary.orders < LINES, "orders hold 1–6 lines each");

    let files: [(&str, String, u8, &[&str]); 4] = [
        (GENERIC_FILE, utf8(dir.path(), GENERIC_FILE, false), b',', &GENERIC_HEADER),
        (SPANISH_EXCEL_FILE, spanish_text(dir.path()), b';', &SPANISH_HEADER),
        (SHOPIFY_FILE, utf8(dir.path(), SHOPIFY_FILE, false), b',', &SHOPIFY_HEADER),
        (WOOCOMMERCE_FILE, utf8(dir.path(), WOOCOMMERCE_FILE, true), b',', &WOOCOMMERCE_HEADER),
    ];
    for (name, text, delimiter, expected) in &files {
        let (header, rows) = records(text, *delimiter);
        assert_eq!(&header, expected, "{name}: importers match columns by this exact header");
        assert_eq!(rows.len() as u64, LINES, "{name}: one row per order line, exactly --lines of them");
    }
    assert_eq!(
        files[0].1.lines().next().unwrap(),
        "order_number,order_date,status,customer_name,customer_email,customer_phone,city,product,sku,quantity,unit_price,currency,carrier,tracking_code,delivered_on",
        "the generic header is spelled exactly as documented"
    );

    let (header, customers) = records(&utf8(dir.path(), CUSTOMERS_FILE, true), b',');
    assert_eq!(header, CUSTOMERS_HEADER, "customers.csv header");
    assert_eq!(customers.len(), CUSTOMERS, "one row per customer");
    assert!(customers.iter().any(|c| c[5].contains('\n')), "some notes span several lines");
}

#[test]
fn spanish_excel_file_is_windows_1252_with_crlf_and_decimal_commas() {
    let dir = tempfile::tempdir().unwrap();
    generate_into(dir.path(), 42);
    let text = spanish_text(dir.path());
    assert!(text.starts_with("Pedido;Fecha;Estado;Cliente;Email;Teléfono;"), "Spanish header, é decoded from 0xE9");
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    let (_, rows) = records(&text, b';');
    let states: HashSet<&str> = rows.iter().map(|r| r.get(2).unwrap()).collect();
    assert!(
        states.is_subset(&HashSet::from(["pendiente", "pagado", "enviado", "entregado", "cancelado"])),
        "{states:?}"
    );
    for row in &rows {
        let date = &row[1];
        assert!(date.len() == 10 && &date[2..3] == "/" && &date[5..6] == "/", "dd/mm/yyyy, got {date}");
        assert!(row[10].contains(',') && !row[10].contains('.'), "decimal comma, got {}", &row[10]);
    }
    assert!(
        text.contains("\"Zapatos de fiesta; edición limitada") || text.contains("\"Calcetines de algodón; pack 5"),
        "a name with ';' must be quoted"
    );
}

#[test]
fn every_generic_order_number_is_a_shopify_name() {
    let dir = tempfile::tempdir().unwrap();
    generate_into(dir.path(), 42);
    let (_, generic) = records(&utf8(dir.path(), GENERIC_FILE, false), b',');
    let (_, shopify) = records(&utf8(dir.path(), SHOPIFY_FILE, false), b',');
    let names: HashSet<&str> = shopify.iter().map(|r| r.get(0).unwrap()).collect();
    for row in &generic {
        let wanted = format!("#{}", &row[0]);
        assert!(names.contains(wanted.as_str()), "order {} must appear in Shopify as {wanted}", &row[0]);
    }
    // The first row of an order carries the totals; the rest only line items.
    let mut seen = HashSet::new();
    for row in &shopify {
        let first = seen.insert(row[0].to_string());
        assert_eq!(!row[15].is_empty(), first, "Created at only on the first row of {}", &row[0]);
        assert!(!row[17].is_empty(), "every row has a line item");
    }
}

#[test]
fn totals_match_the_lines() {
    let dir = tempfile::tempdir().unwrap();
    generate_into(dir.path(), 7);
    let (_, woo) = records(&utf8(dir.path(), WOOCOMMERCE_FILE, true), b',');
    let cents = |s: &str| -> i64 { s.replace('.', "").parse().unwrap() };
    let mut by_order: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
    for row in &woo {
        let quantity: i64 = row[28].parse().unwrap();
        assert_eq!(cents(&row[30]), quantity * cents(&row[31]), "item_total = quantity × item_price");
        let order_total = cents(&row[7]) - cents(&row[4]) + cents(&row[6]);
        let entry = by_order.entry(row[1].to_string()).or_insert((order_total, 0));
        entry.1 += cents(&row[30]);
    }
    for (number, (expected, lines)) in by_order {
        assert_eq!(expected, lines, "order {number}: total − shipping + discount equals the sum of its items");
    }

    let (_, shopify) = records(&utf8(dir.path(), SHOPIFY_FILE, false), b',');
    let mut orders: Vec<(Vec<i64>, i64)> = Vec::new();
    for row in &shopify {
        let line = cents(&row[18]) * row[16].parse::<i64>().unwrap();
        if row[15].is_empty() {
            orders.last_mut().expect("a line row follows its order's first row").1 += line;
        } else {
            orders.push(([8, 9, 11, 13].map(|i| cents(&row[i])).to_vec(), line));
        }
    }
    for (amounts, lines) in orders {
        let [subtotal, shipping, total, discount] = amounts[..] else { unreachable!() };
        assert_eq!(subtotal + discount, lines, "Shopify Subtotal is the lines less the discount");
        assert_eq!(total, subtotal + shipping, "Shopify Total is Subtotal plus Shipping (VAT included)");
    }
}

#[test]
fn the_same_seed_gives_byte_identical_files() {
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate_into(a.path(), 42);
    generate_into(b.path(), 42);
    generate_into(c.path(), 43);
    for name in [GENERIC_FILE, SPANISH_EXCEL_FILE, SHOPIFY_FILE, WOOCOMMERCE_FILE, CUSTOMERS_FILE] {
        assert!(read(a.path(), name) == read(b.path(), name), "{name}: seed 42 twice must give the same bytes");
        assert!(read(a.path(), name) != read(c.path(), name), "{name}: another seed gives other data");
    }
}
