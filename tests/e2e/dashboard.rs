//! The dashboard in the real window, on a shop with a year of orders,
//! returns, complaints, points and survey answers: the figures the core
//! counts, the charts drawn, and a screenshot for the eye
//! (tests/artifacts/dashboard.png, copied to docs/screenshots/).

use posventa_core::complaints::{self, Channel, ComplaintInput, ComplaintStatus, Severity};
use posventa_core::customers::{self, ContactChannel, CustomerInput};
use posventa_core::orders::{self, OrderInput, OrderLineInput, OrderStatus};
use posventa_core::returns::{self, Outcome, ReturnInput, ReturnLineInput};
use posventa_core::store::now_ms;
use posventa_core::surveys::{self, PhoneAnswer, SurveyKind};
use posventa_core::{Store, settings};
use thirtyfour::prelude::*;

use crate::harness::App;

const DAY: i64 = 86_400_000;

/// 12 customers, two orders each across the last ten months (every third
/// customer only one), delivered; a return, complaints and survey answers.
fn seeded_store() -> (tempfile::TempDir, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    settings::ensure(&store, "es-ES").unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let now = now_ms();
    let mut first_order = 0;
    for i in 0..12i64 {
        let c = customers::create(
            &store,
            &CustomerInput {
                name: format!("Cliente {i}"),
                phone: Some(format!("6000000{i:02}")),
                ..Default::default()
            },
        )
        .unwrap();
        for n in 0..(if i % 3 == 0 { 1 } else { 2 }) {
            let day = today - time::Duration::days(5 + 20 * i + 60 * n);
            let order = orders::create(
                &store,
                &OrderInput {
                    customer_id: c.id,
                    number: Some(format!("P-{i}-{n}")),
                    status: OrderStatus::Placed,
                    placed_on: day.to_string(),
                    delivered_on: None,
                    carrier: None,
                    tracking_code: None,
                    currency: None,
                    lines: vec![OrderLineInput {
                        product: "Taza".into(),
                        sku: None,
                        quantity: "2".into(),
                        unit_price: "15".into(),
                    }],
                    coupon: None,
                    tracking_url: None,
                },
            )
            .unwrap();
            orders::set_status(&store, order.id, OrderStatus::Delivered, Some(day.to_string())).unwrap();
            if first_order == 0 {
                first_order = order.id;
            }
        }
        let score = [9, 10, 3, 8][(i % 4) as usize];
        let answer =
            PhoneAnswer { customer_id: c.id, kind: SurveyKind::Nps, score, comment: String::new(), order_id: None };
        surveys::record_phone_answer(&store, &answer).unwrap();
        if i < 4 {
            let category = complaints::get_settings(&store).unwrap().categories[0].id;
            let input = ComplaintInput {
                customer_id: c.id,
                order_id: None,
                category_id: category,
                severity: if i == 0 { Severity::Urgent } else { Severity::Normal },
                channel: Channel::Phone,
                reply_channel: ContactChannel::Phone,
                description: "No ha llegado".into(),
            };
            let id = complaints::open(&store, &input, "eva", now - (i + 1) * DAY).unwrap().summary.id;
            if i >= 2 {
                complaints::transition(
                    &store,
                    id,
                    ComplaintStatus::Resolved,
                    "Reenviado",
                    "eva",
                    now - i * DAY + 6 * 3_600_000,
                )
                .unwrap();
            }
        }
    }
    let reason: i64 = store
        .read(|c| Ok(c.query_row("SELECT id FROM return_reasons WHERE code = 'defective'", [], |r| r.get(0))?))
        .unwrap();
    let input = ReturnInput {
        order_id: first_order,
        lines: vec![ReturnLineInput { position: 0, quantity: 1 }],
        reason_id: reason,
        outcome: Outcome::Refund,
        note: String::new(),
        override_reason: Some("Cliente habitual".into()),
    };
    returns::open(&store, &input, "eva", now, today).unwrap();
    (dir, first_order)
}

async fn figure(app: &App, name: &str) -> String {
    app.text_when(&format!("[data-testid=dashboard-figure-{name}] [data-testid=figure-value]"), |t| !t.is_empty()).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_shows_a_years_figures_and_charts() {
    let (dir, _) = seeded_store();
    let app = App::launch_with("es_ES.UTF-8", dir, &[]).await;
    app.click("[data-testid=nav-dashboard]").await;
    app.el("[data-testid=dashboard-page]").await;

    // 12 customers with an order in the period, 8 of them with two.
    assert_eq!(
        app.text_when("[data-testid=dashboard-figure-repeat_rate] [data-testid=figure-value]", |t| t.contains('%'))
            .await,
        "66,7 %"
    );
    assert_eq!(figure(&app, "orders_per_customer").await, "1,7", "20 orders for 12 customers");
    // Four complaints plus the three opened by the detractors' answers; two resolved.
    assert_eq!(figure(&app, "complaints_opened").await, "7");
    assert_eq!(figure(&app, "complaints_resolved").await, "2");
    // NPS: 6 promoters (9, 10, 9, 10, 9, 10), 3 detractors of 12 answers → 25.
    assert_eq!(figure(&app, "nps").await, "+25");

    // Every chart is drawn in the window.
    for chart in ["satisfaction", "orders", "returns", "complaints", "points"] {
        let drawn = app
            .driver
            .query(By::Css(format!(
                "[data-testid=dashboard-chart-{chart}] svg path, [data-testid=dashboard-chart-{chart}] svg rect"
            )))
            .wait(std::time::Duration::from_secs(15), std::time::Duration::from_millis(100))
            .first()
            .await;
        assert!(drawn.is_ok(), "the {chart} chart has marks");
    }
    let shot = app.screenshot_painted("dashboard.png", 40_000).await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 40_000, "the screenshot shows a drawn dashboard");

    // A figure opens the list behind it.
    app.click("[data-testid=dashboard-figure-complaints_resolved]").await;
    app.text_when("[data-testid=complaint-row]", |t| t.contains("Cliente")).await;
    let rows = app.driver.find_all(By::Css("[data-testid=complaint-row]")).await.unwrap();
    assert_eq!(rows.len(), 2, "the resolved complaints");
}
