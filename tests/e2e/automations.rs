//! An automation switched on in the real window: the preview names who
//! would get it today, the message leaves through the shop's relay (a real
//! smtp-sink), and the customer's page shows it with the rule that sent it.

use std::time::{Duration, Instant};

use posventa_core::Store;
use posventa_core::automations::{self, AutomationSettings};
use posventa_core::customers::{self, CustomerInput};
use posventa_core::orders::{self, OrderInput, OrderLineInput, OrderStatus};
use posventa_core::settings::{self, Language, Settings};
use posventa_core::store::now_ms;
use posventa_mail::settings::{MailSettings, Security};

use crate::harness::App;
use crate::mail_servers::Sink;

/// Ana got her boots three days ago (the care guide's default delay); Luis
/// has no email, so no rule can reach him.
fn seeded_store(sink_port: u16) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    settings::update(&store, Settings { shop_name: "Zapatería Luna".into(), ..Settings::defaults_for_locale("es-ES") })
        .unwrap();
    let relay = MailSettings {
        host: "127.0.0.1".into(),
        port: sink_port,
        security: Security::None,
        from_name: "Zapatería Luna".into(),
        from_address: "hola@zapaterialuna.es".into(),
        per_second: 0.0,
        ..MailSettings::default()
    };
    posventa_mail::settings::save(&store, "posventa-e2e-unused", relay, None).unwrap();
    // No quiet hours: the test runs whenever CI does.
    let guard_rails = AutomationSettings {
        time_zone: "Europe/Madrid".into(),
        quiet_from: 0,
        quiet_to: 0,
        marketing_cap_days: 7,
        catch_up_days: 7,
    };
    automations::save_settings(&store, &guard_rails).unwrap();
    let zone = guard_rails.zone();
    let delivered = automations::local_date(now_ms() - 3 * 86_400_000, &zone).to_string();
    for (name, email) in [("Ana Núñez", Some("ana@example.es")), ("Luis Gil", None)] {
        let customer = customers::create(
            &store,
            &CustomerInput {
                name: name.into(),
                email: email.map(Into::into),
                language: Some(Language::Es),
                ..Default::default()
            },
        )
        .unwrap();
        orders::create(
            &store,
            &OrderInput {
                customer_id: customer.id,
                number: Some(format!("B-{}", customer.id)),
                status: OrderStatus::Delivered,
                placed_on: delivered.clone(),
                delivered_on: Some(delivered.clone()),
                carrier: None,
                tracking_code: None,
                tracking_url: None,
                currency: None,
                lines: vec![OrderLineInput {
                    product: "Botas de piel".into(),
                    sku: None,
                    quantity: "1".into(),
                    unit_price: "89,90".into(),
                }],
                coupon: None,
            },
        )
        .unwrap();
    }
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rule_switched_on_after_its_preview_reaches_the_customer_and_her_timeline() {
    let files = tempfile::tempdir().unwrap();
    let sink = Sink::start(&files.path().join("sink"), &[]);
    let app = App::launch_with("es_ES.UTF-8", seeded_store(sink.port), &[]).await;

    app.click("[data-testid=nav-automations]").await;
    app.el("[data-testid=automation-rule-care_tips]").await;
    app.click("[data-testid=automation-toggle-care_tips]").await;
    let count = app.text_when("[data-testid=automation-preview-count]", |t| !t.is_empty()).await;
    assert!(count.contains('1'), "one customer would get it today: {count:?}");
    let person = app.text_when("[data-testid=automation-preview-person]", |t| t.contains("Ana Núñez")).await;
    assert!(person.contains("ana@example.es"), "{person:?}");
    app.screenshot("automation-preview.png").await;
    let sends: i64 = app.db().query_row("SELECT count(*) FROM automation_sends", [], |r| r.get(0)).unwrap();
    assert_eq!(sends, 0, "a preview sends nothing");
    app.click("[data-testid=automation-preview-confirm]").await;

    // The scheduler wakes on the switch; the engine hands it to the relay.
    let deadline = Instant::now() + Duration::from_secs(60);
    while sink.messages().is_empty() {
        assert!(Instant::now() < deadline, "the care guide never reached the relay");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.recipients(), ["ana@example.es"], "Ana, once; Luis has no address");
    let raw = sink.messages().remove(0);
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(message.subject(), Some("Cómo sacar el máximo partido a Botas de piel"));

    // Her page says what was sent, by which rule, and that it left.
    app.type_into_css("[data-testid=global-search]", "Ana Nú").await;
    app.text_when("[data-testid=search-result]", |t| t.contains("Ana Núñez")).await;
    app.click("[data-testid=search-result]").await;
    let row = app.text_when("[data-testid=customer-automation-row]", |t| t.contains("Enviado")).await;
    assert!(row.contains("B-1"), "the order that triggered it: {row:?}");
    assert!(row.contains("Consejos de uso"), "and the rule that sent it: {row:?}");
    app.screenshot("customer-automations.png").await;
    let (rule, trigger): (String, String) = app
        .db()
        .query_row(
            "SELECT r.key, s.trigger FROM automation_sends s JOIN automation_rules r ON r.id = s.rule_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rule.as_str(), trigger.as_str()), ("care_tips", "order:1"));
    app.quit().await;
}
