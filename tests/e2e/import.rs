//! Importing a shop's CSV export in the real window.

use crate::harness::App;

const HEADER: &str = "Pedido;Fecha;Estado;Cliente;Email;Teléfono;Producto;Cantidad;Precio unidad\n";

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_row_is_named_then_the_fixed_file_imports_and_is_searchable() {
    let files = tempfile::tempdir().unwrap();
    let csv = files.path().join("pedidos.csv");
    let good = "A-1;03/02/2025;Entregado;Begoña Ibáñez;bego@example.es;699 11 22 33;Bolso piel;1;89,90\n";
    let bad = "A-2;31/02/2025;Pagado;Íñigo Sáez;inigo@example.es;612 00 11 22;Cartera;2;25,00\n";
    std::fs::write(&csv, format!("{HEADER}{good}{bad}")).unwrap();
    let csv_path = csv.display().to_string();
    let app = App::launch_with("es_ES.UTF-8", tempfile::tempdir().unwrap(), &[("POSVENTA_PICK_FILE", &csv_path)]).await;

    app.click("[data-testid=nav-import]").await;
    app.click("[data-testid=import-choose]").await;
    let problem = app.text_when("[data-testid=import-problem]", |t| !t.is_empty()).await;
    assert!(problem.contains('3'), "the preview names spreadsheet row 3 (header is row 1): {problem:?}");
    assert!(problem.contains("Fecha"), "and the column it is in: {problem:?}");
    let orders: i64 = app.db().query_row("SELECT count(*) FROM orders", [], |r| r.get(0)).unwrap();
    assert_eq!(orders, 0, "nothing is written before the owner confirms");
    app.screenshot("import-preview.png").await;

    // The owner fixes the date in the spreadsheet and chooses the file again.
    std::fs::write(&csv, format!("{HEADER}{good}{}", bad.replace("31/02/2025", "28/02/2025"))).unwrap();
    app.click("[data-testid=import-choose]").await;
    app.el("[data-testid=import-no-problems]").await;
    app.click("[data-testid=import-confirm]").await;
    let result = app.text_when("[data-testid=import-result]", |t| t.contains('2')).await;
    assert!(result.contains('2'), "two new orders reported: {result:?}");
    let (orders, lines, cents): (i64, i64, i64) = app
        .db()
        .query_row(
            "SELECT (SELECT count(*) FROM orders), count(*), sum(quantity * unit_price_minor) FROM order_lines",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((orders, lines, cents), (2, 2, 8990 + 2 * 2500), "both orders with decimal-comma prices");

    // Found from the one search box by a fragment of the phone.
    app.type_into_css("[data-testid=global-search]", "699 11").await;
    app.text_when("[data-testid=search-result]", |t| t.contains("Begoña Ibáñez")).await;
    app.click("[data-testid=search-result]").await;
    app.text_when("[data-testid=customer-phone]", |t| t == "+34699112233").await;
    app.quit().await;
}
