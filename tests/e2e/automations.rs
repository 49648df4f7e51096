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

use crate::harness::{App, wait_until_gone};
use crate::mail_servers::Sink;

/// Ana got her boots three days ago (the care guide's default delay); Luis
/// has no email, so no rule can reach him.
fn seeded_store(sink_port: u16) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path(), sink_port, 3, OrderStatus::Delivered);
    dir
}

fn seed(dir: &std::path::Path, sink_port: u16, days_ago: i64, status: OrderStatus) {
    let store = Store::open_in_dir(dir).unwrap();
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
    let delivered = automations::local_date(now_ms() - days_ago * 86_400_000, &zone).to_string();
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
                status,
                placed_on: delivered.clone(),
                delivered_on: (status == OrderStatus::Delivered).then(|| delivered.clone()),
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

async fn wait_for_messages(sink: &Sink, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while sink.messages().len() < n {
        assert!(Instant::now() < deadline, "only {} of {n} messages reached the relay", sink.messages().len());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The app killed (SIGKILL) right after the thank-you left and started
/// again: the restart finds that message already sent, and the next step
/// (shipped, moved in the window) goes out once.
#[tokio::test(flavor = "multi_thread")]
async fn the_app_killed_between_steps_sends_nothing_twice() {
    let files = tempfile::tempdir().unwrap();
    let sink = Sink::start(&files.path().join("sink"), &[]);
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open_in_dir(data.path()).unwrap();
        for key in [automations::RuleKey::OrderPlaced, automations::RuleKey::OrderShipped] {
            let rule = automations::rule_by_key(&store, key).unwrap();
            automations::set_enabled(&store, rule.id, true, now_ms() - 60_000).unwrap();
        }
    }
    // Orders placed today: both announced by the thank-you rule.
    seed(data.path(), sink.port, 0, OrderStatus::Placed);
    let app = App::launch_with("es_ES.UTF-8", data, &[]).await;
    wait_for_messages(&sink, 1).await;
    let data = app.kill().await;
    wait_until_gone(data.path()).await;
    assert_eq!(sink.recipients(), ["ana@example.es"], "the thank-you, to the one with an address");

    let app = App::launch_with("es_ES.UTF-8", data, &[]).await;
    app.type_into_css("[data-testid=global-search]", "Ana Nú").await;
    app.text_when("[data-testid=search-result]", |t| t.contains("Ana Núñez")).await;
    app.click("[data-testid=search-result]").await;
    app.click("[data-testid=order-status] option[value=shipped]").await;
    app.click("[data-testid=order-status-save]").await;
    app.el("[data-testid=order-status-saved]").await;
    wait_for_messages(&sink, 2).await;
    // Long enough for a repeated run (the scheduler looks every minute and on every write).
    tokio::time::sleep(Duration::from_secs(3)).await;
    let subjects: Vec<String> = sink
        .messages()
        .iter()
        .map(|raw| mail_parser::MessageParser::default().parse(raw).unwrap().subject().unwrap_or("").to_owned())
        .collect();
    let mut sorted = subjects.clone();
    sorted.sort();
    assert_eq!(sorted, ["Gracias por tu pedido B-1", "Tu pedido B-1 está en camino"], "each step once: {subjects:?}");
    let sends: i64 = app.db().query_row("SELECT count(*) FROM automation_sends", [], |r| r.get(0)).unwrap();
    assert_eq!(sends, 2);
    app.quit().await;
}
