//! A complaint taken on the phone, keyboard only: the customer found by a
//! fragment of their number typed the way they say it, an order linked, the
//! description typed and saved. And the same form killed mid-typing: the
//! draft is offered again after the restart.

use std::time::Duration;

use posventa_core::customers::{self, CustomerInput};
use posventa_core::orders::{self, OrderInput, OrderLineInput, OrderStatus};
use posventa_core::{Store, settings};
use thirtyfour::prelude::*;

use crate::harness::App;

/// José Núñez (612 34 56 78) with one order, and Marta, who must not match.
fn seeded_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    settings::ensure(&store, "es-ES").unwrap();
    let jose = customers::create(
        &store,
        &CustomerInput { name: "José Núñez".into(), phone: Some("612 34 56 78".into()), ..Default::default() },
    )
    .unwrap();
    customers::create(
        &store,
        &CustomerInput { name: "Marta Gil".into(), phone: Some("699 11 22 33".into()), ..Default::default() },
    )
    .unwrap();
    orders::create(
        &store,
        &OrderInput {
            customer_id: jose.id,
            number: Some("A-2001".into()),
            status: OrderStatus::Delivered,
            placed_on: "2026-11-02".into(),
            delivered_on: Some("2026-11-05".into()),
            carrier: None,
            tracking_code: None,
            currency: None,
            lines: vec![OrderLineInput {
                product: "Juego de tazas".into(),
                sku: None,
                quantity: "1".into(),
                unit_price: "24,90".into(),
            }],
            coupon: None,
            tracking_url: None,
        },
    )
    .unwrap();
    dir
}

/// Ctrl+N from wherever the app is, then the customer picked from what the
/// caller says of their number.
async fn start_complaint_for_jose(app: &App, fragment: &str) {
    app.el("[data-testid=nav-customers]").await;
    app.el("body").await.send_keys(Key::Control + "n").await.unwrap();
    let query = app.el("#complaint-customer-query").await;
    assert_eq!(
        app.focused().await.id().await.unwrap().as_deref(),
        Some("complaint-customer-query"),
        "the lookup has the focus"
    );
    query.send_keys(fragment).await.unwrap();
    app.text_when("[data-testid=complaint-customer-option]", |t| t.contains("José Núñez")).await;
    let options = app.driver.find_all(By::Css("[data-testid=complaint-customer-option]")).await.unwrap();
    assert_eq!(options.len(), 1, "only José's number holds {fragment:?}");
    app.keys(Key::Down).await;
    app.keys(Key::Enter).await;
}

fn complaints(app: &App) -> Vec<(i64, Option<String>, String, String)> {
    let db = app.db();
    let mut stmt = db
        .prepare(
            "SELECT k.customer_id, o.number, k.description, k.status FROM complaints k
             LEFT JOIN orders o ON o.id = k.order_id ORDER BY k.id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phone_complaint_is_taken_with_the_keyboard_only() {
    let app = App::launch_with("es_ES.UTF-8", seeded_store(), &[]).await;
    start_complaint_for_jose(&app, "0034 612 34").await;

    // The order: the customer's most recent one is offered first.
    app.tab_to("complaint-order").await;
    app.keys(Key::Down).await;
    let order = app.el("#complaint-order").await;
    let chosen = order.find(By::Css("option:checked")).await.unwrap().text().await.unwrap();
    assert!(chosen.contains("A-2001"), "the order was chosen from the keyboard: {chosen:?}");

    app.tab_to("complaint-description").await;
    app.keys("Una taza llegó rota.").await;
    app.keys(Key::Enter).await;
    app.keys("<b>No</b> quiere reembolso").await;
    app.keys(Key::Control + Key::Enter).await;

    app.text_when("[data-testid=complaint-status]", |t| t.contains("Abierta")).await;
    let description = app.text_when("#complaint-detail-description", |t| !t.is_empty()).await;
    assert_eq!(description, "Una taza llegó rota.\n<b>No</b> quiere reembolso", "customer text shows literally");
    let saved = complaints(&app);
    assert_eq!(saved.len(), 1);
    let (customer_id, order_number, text, status) = &saved[0];
    assert_eq!(*customer_id, 1, "José");
    assert_eq!(order_number.as_deref(), Some("A-2001"));
    assert_eq!(text, "Una taza llegó rota.\n<b>No</b> quiere reembolso");
    assert_eq!(status, "open");
    assert!(!app.data_dir().join("drafts/complaint.json").exists(), "a saved complaint leaves no draft");
    app.screenshot("complaint-detail.png").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_complaint_typed_when_the_app_is_killed_is_offered_again_after_restart() {
    let app = App::launch_with("es_ES.UTF-8", seeded_store(), &[]).await;
    start_complaint_for_jose(&app, "612 34").await;
    app.tab_to("complaint-description").await;
    let typed = "El repartidor dejó el paquete en la calle";
    app.keys(typed).await;
    // At most the last second of typing may be lost.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let dir = app.kill().await;
    assert!(complaints_in(dir.path()).is_empty(), "nothing was saved as a complaint yet");

    let app = App::launch_with("es_ES.UTF-8", dir, &[]).await;
    app.text_when("[data-testid=draft-banner]", |t| !t.is_empty()).await;
    app.click("[data-testid=draft-banner-open]").await;
    app.el("[data-testid=complaint-draft-restored]").await;
    let description = app.el("#complaint-description").await;
    assert_eq!(description.prop("value").await.unwrap().as_deref(), Some(typed), "the typed text came back");
    let customer = app.text_when("main", |t| t.contains("José Núñez")).await;
    assert!(customer.contains("José Núñez"), "and so did the customer");

    description.send_keys(Key::Control + Key::Enter).await.unwrap();
    app.text_when("[data-testid=complaint-status]", |t| t.contains("Abierta")).await;
    let saved = complaints(&app);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].2, typed);
    assert!(!app.data_dir().join("drafts/complaint.json").exists(), "the draft is gone once saved");
}

fn complaints_in(dir: &std::path::Path) -> Vec<i64> {
    let db =
        rusqlite::Connection::open_with_flags(dir.join("posventa.sqlite3"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut stmt = db.prepare("SELECT id FROM complaints").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}
