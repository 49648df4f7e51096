//! End-to-end tests: the real app binary in a real window (WebKitGTK under
//! Xvfb), driven over WebDriver. Run by scripts/test under `xvfb-run`.

mod automations;
mod complaints;
mod dashboard;
mod harness;
mod hostile_text;
mod import;
mod install;
mod instances;
#[path = "../../crates/mail/tests/support/mod.rs"]
mod mail_servers;
mod newsletter;
mod returns;
mod surveys;

use harness::App;

#[tokio::test(flavor = "multi_thread")]
async fn a_shop_owner_records_a_customer_and_an_order() {
    let app = App::launch("es_ES.UTF-8").await;

    // Spanish system locale → Spanish UI, every area built.
    app.text_when("h1", |t| t == "Clientes").await;
    let coming = app.driver.find_all(thirtyfour::By::Css("[data-testid=coming-soon]")).await.unwrap();
    assert_eq!(coming.len(), 0, "no area is marked as coming any more");
    let shot = app.screenshot_painted("main-window.png", 10_000).await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000, "the screenshot shows a rendered window");

    // A malformed email is named on its field, in Spanish, and nothing is saved.
    app.click("[data-testid=customer-new]").await;
    app.type_into("name", "Lucía Pérez Núñez").await;
    app.type_into("email", "lucia@@example").await;
    app.type_into("phone", "612 34 56 78").await;
    app.click("[data-testid=customer-save]").await;
    let message = app.text_when("[data-testid=error-email]", |t| !t.is_empty()).await;
    assert!(
        message.to_lowercase().contains("correo") || message.to_lowercase().contains("email"),
        "Spanish message on the email field, got {message:?}"
    );
    let saved: i64 = app.db().query_row("SELECT count(*) FROM customers", [], |r| r.get(0)).unwrap();
    assert_eq!(saved, 0, "a refused customer must not be half-saved");

    // Fixed, saved: the phone typed the Spanish way is stored in E.164.
    app.type_into("email", "lucia@example.es").await;
    app.click("[data-testid=customer-save]").await;
    app.text_when("[data-testid=customer-name]", |t| t == "Lucía Pérez Núñez").await;
    app.text_when("[data-testid=customer-phone]", |t| t == "+34612345678").await;
    let phone: String = app.db().query_row("SELECT phone FROM customers", [], |r| r.get(0)).unwrap();
    assert_eq!(phone, "+34612345678", "the store keeps the normalised phone");

    // An order with a price typed with a decimal comma.
    app.click("[data-testid=order-new]").await;
    app.type_into("lines.0.product", "Botas de montaña").await;
    app.type_into("lines.0.sku", "BOT-42").await;
    app.type_into("lines.0.quantity", "2").await;
    app.type_into("lines.0.unit_price", "49,90").await;
    app.type_into("carrier", "SEUR").await;
    app.type_into("tracking_code", "ES123456789").await;
    app.click("[data-testid=order-save]").await;
    app.text_when("[data-testid=order-number]", |t| t == "M00001").await;
    let total = app.text_when("[data-testid=order-total]", |t| !t.is_empty()).await;
    assert!(total.contains("99,80"), "2 × 49,90 € shown in Spanish format, got {total:?}");
    let (unit, quantity): (i64, i64) = app
        .db()
        .query_row("SELECT unit_price_minor, quantity FROM order_lines", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((unit, quantity), (4990, 2), "money is stored as integer cents");
    app.screenshot("customer-page.png").await;

    // Found again from the customers list by a fragment of the phone.
    app.click("[data-testid=nav-customers]").await;
    app.type_into_css("[data-testid=customer-search]", "612 34").await;
    app.text_when("[data-testid=customer-row]", |t| t.contains("Lucía Pérez Núñez")).await;

    app.quit().await;
}
