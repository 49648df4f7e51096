//! A return from start to end in the real window: opened from an order
//! delivered 40 days ago, refused by the 30-day window, overridden with a
//! reason, refunded; the points the returned line earned are gone from the
//! customer's page.

use posventa_core::customers::{self, CustomerInput};
use posventa_core::orders::{self, OrderInput, OrderLineInput, OrderStatus};
use posventa_core::{Store, settings};

use crate::harness::App;

/// A customer with one order (2 × 30 € shirts, 1 × 45 € trousers) delivered
/// 40 days ago, which earned 105 points.
fn seeded_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    settings::ensure(&store, "es-ES").unwrap();
    let customer = customers::create(
        &store,
        &CustomerInput { name: "Lucía Pérez".into(), phone: Some("612 34 56 78".into()), ..Default::default() },
    )
    .unwrap();
    let delivered = time::OffsetDateTime::now_utc().date() - time::Duration::days(40);
    let placed = delivered - time::Duration::days(3);
    let line = |product: &str, quantity: &str, price: &str| OrderLineInput {
        product: product.into(),
        sku: None,
        quantity: quantity.into(),
        unit_price: price.into(),
    };
    let order = orders::create(
        &store,
        &OrderInput {
            customer_id: customer.id,
            number: Some("A-1001".into()),
            status: OrderStatus::Placed,
            placed_on: placed.to_string(),
            delivered_on: None,
            carrier: None,
            tracking_code: None,
            currency: None,
            lines: vec![line("Camisa de lino", "2", "30"), line("Pantalón chino", "1", "45")],
            coupon: None,
            tracking_url: None,
        },
    )
    .unwrap();
    orders::set_status(&store, order.id, OrderStatus::Delivered, Some(delivered.to_string())).unwrap();
    dir
}

fn points(app: &App) -> i64 {
    app.db().query_row("SELECT coalesce(sum(points), 0) FROM points_ledger", [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_late_return_is_refused_overridden_refunded_and_its_points_reversed() {
    let app = App::launch_with("es_ES.UTF-8", seeded_store(), &[]).await;
    assert_eq!(points(&app), 105, "the delivered order earned one point per euro");

    app.click("[data-testid=nav-customers]").await;
    app.click("[data-testid=customer-row] a").await;
    app.text_when("[data-testid=loyalty-total]", |t| t.contains("105")).await;
    app.click("[data-testid=order-return]").await;

    // One shirt back, 40 days after delivery: the window rule is named.
    app.type_into_css("[data-testid=return-qty-0]", "1").await;
    let amount = app.text_when("[data-testid=return-amount]", |t| t.contains("30,00")).await;
    assert!(amount.contains('€'), "the refund is shown in the order's currency: {amount:?}");
    let violation = app.text_when("[data-testid=return-violation]", |t| !t.is_empty()).await;
    assert!(violation.contains("30"), "the message names the 30-day window: {violation:?}");
    app.click("[data-testid=return-submit]").await;
    let opened: i64 = app.db().query_row("SELECT count(*) FROM returns", [], |r| r.get(0)).unwrap();
    assert_eq!(opened, 0, "without an override reason nothing is opened");

    app.type_into_css("[data-testid=return-override-reason]", "Clienta de siempre, estaba de viaje").await;
    app.click("[data-testid=return-submit]").await;
    let override_shown = app.text_when("[data-testid=return-override]", |t| !t.is_empty()).await;
    assert!(override_shown.contains("Clienta de siempre"), "the override is on the request: {override_shown:?}");
    let (rules, reason): (String, String) = app
        .db()
        .query_row("SELECT overridden_rules, override_reason FROM returns", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((rules.as_str(), reason.as_str()), ("outside_window", "Clienta de siempre, estaba de viaje"));

    for step in ["approved", "received", "refunded"] {
        app.click(&format!("[data-testid=return-next-{step}]")).await;
        let status: String = step.into();
        // Wait for the store to reach the step before pressing the next button.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let stored: String = app.db().query_row("SELECT status FROM returns", [], |r| r.get(0)).unwrap();
            if stored == status {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "the return never reached {status}, still {stored}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    app.text_when("[data-testid=return-status]", |t| t.to_lowercase().contains("reembols")).await;
    let events: i64 = app.db().query_row("SELECT count(*) FROM return_events", [], |r| r.get(0)).unwrap();
    assert_eq!(events, 4, "requested, approved, received, refunded are on the timeline");
    assert_eq!(points(&app), 75, "the refunded shirt's 30 points were taken back");

    // The customer's page shows the reversal.
    app.click("[data-testid=nav-customers]").await;
    app.click("[data-testid=customer-row] a").await;
    app.text_when("[data-testid=loyalty-total]", |t| t.contains("75")).await;
    let entries = app.driver.find_all(thirtyfour::By::Css("[data-testid=loyalty-entry]")).await.unwrap();
    let mut texts = Vec::new();
    for e in entries {
        texts.push(e.text().await.unwrap());
    }
    assert!(texts.iter().any(|t| t.contains("-30") || t.contains("−30")), "a -30 reversal in the ledger: {texts:?}");
    app.screenshot("customer-loyalty.png").await;
    app.quit().await;
}
