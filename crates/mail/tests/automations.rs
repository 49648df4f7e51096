//! Automations through the real engine to a real SMTP server (Postfix's
//! smtp-sink): what the server received is what counts.

mod support;

use std::time::Duration;

use mail_parser::MessageParser;
use posventa_core::automations::{self, AutomationSettings, RuleInput, RuleKey};
use posventa_core::customers::{self, CustomerInput};
use posventa_core::orders::{self, OrderInput, OrderLineInput, OrderStatus};
use posventa_core::settings::Language;
use posventa_core::store::now_ms;
use support::*;

const WAIT: Duration = Duration::from_secs(30);

fn no_links(_: &posventa_core::surveys::LinkRequest<'_>) -> Vec<String> {
    Vec::new()
}

#[test]
fn an_order_placed_shipped_and_delivered_reaches_the_customer_three_times_with_its_tracking_link() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("sink"), &[]);
    let store = store(dir.path());
    relay(&store, "127.0.0.1", sink.port, "none", "", 0.0, 1);
    // No quiet hours: this runs whenever CI does.
    let settings = AutomationSettings {
        time_zone: "Europe/Madrid".into(),
        quiet_from: 0,
        quiet_to: 0,
        marketing_cap_days: 7,
        catch_up_days: 7,
    };
    automations::save_settings(&store, &settings).unwrap();
    let start = now_ms() - 1;
    for key in [RuleKey::OrderPlaced, RuleKey::OrderShipped, RuleKey::OrderDelivered] {
        let rule = automations::rule_by_key(&store, key).unwrap();
        automations::set_enabled(&store, rule.id, true, start).unwrap();
    }
    // The shop rewrote the shipped notice in English.
    let shipped = automations::rule_by_key(&store, RuleKey::OrderShipped).unwrap();
    let input = RuleInput {
        coupon_days: 30,
        subject_en: "{{ order_number }} left with {{ carrier }}".into(),
        body_en: "Hi {{ first_name }}, [follow it]({{ tracking_url }}).".into(),
        ..Default::default()
    };
    automations::save_rule(&store, shipped.id, &input, start).unwrap();
    let john = customers::create(
        &store,
        &CustomerInput {
            name: "John <b>Smith</b>".into(),
            email: Some("john@example.com".into()),
            language: Some(Language::En),
            ..Default::default()
        },
    )
    .unwrap();
    let today = automations::local_date(now_ms(), &settings.zone()).to_string();
    let order = orders::create(
        &store,
        &OrderInput {
            customer_id: john.id,
            number: Some("W-77".into()),
            status: OrderStatus::Placed,
            placed_on: today.clone(),
            delivered_on: None,
            carrier: Some("Correos".into()),
            tracking_code: Some("PQ12&x=1".into()),
            currency: None,
            lines: vec![OrderLineInput {
                product: "Boots".into(),
                sku: None,
                quantity: "1".into(),
                unit_price: "59,90".into(),
            }],
            coupon: None,
            tracking_url: None,
        },
    )
    .unwrap();

    let engine = start_engine(&store, dir.path());
    let run = || automations::run(&store, now_ms(), &no_links).unwrap().queued;
    let arrived = |n: usize| wait_until(WAIT, || sink.messages().len() == n);
    assert_eq!(run(), 1);
    engine.wake();
    assert!(arrived(1), "the thank-you arrives");
    orders::set_status(&store, order.id, OrderStatus::Shipped, None).unwrap();
    assert_eq!(run(), 1);
    engine.wake();
    assert!(arrived(2), "the shipped notice arrives");
    orders::set_status(&store, order.id, OrderStatus::Delivered, Some(today)).unwrap();
    assert_eq!(run(), 1);
    assert_eq!(run(), 0, "never twice");
    engine.wake();
    assert!(arrived(3), "the delivered notice arrives");
    std::thread::sleep(Duration::from_millis(500));
    engine.shutdown();

    let messages: Vec<_> = sink.messages();
    assert_eq!(messages.len(), 3, "exactly three notifications");
    let parsed: Vec<_> = messages.iter().map(|raw| MessageParser::default().parse(raw).unwrap()).collect();
    let mut subjects: Vec<&str> = parsed.iter().map(|m| m.subject().unwrap()).collect();
    subjects.sort();
    assert_eq!(
        subjects,
        ["Thank you for your order W-77", "W-77 left with Correos", "Your order W-77 has arrived"],
        "in John's language, the shop's own text for the shipped one"
    );
    let shipped = parsed.iter().find(|m| m.subject() == Some("W-77 left with Correos")).unwrap();
    // Attribute values may carry character references (`&#x2f;` for `/`), as HTML allows.
    let html = shipped.body_html(0).unwrap().replace("&#x2f;", "/");
    let link = "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number=PQ12%26x%3D1";
    assert!(html.contains(&format!("href=\"{link}\"")), "the tracking link, code escaped:\n{html}");
    assert!(html.contains("Hi John") && !html.contains("<b>Smith"), "the name is data:\n{html}");
    let text = shipped.body_text(0).unwrap().into_owned();
    assert!(text.contains(link), "{text}");
    assert!(sink.recipients().iter().all(|r| r == "john@example.com"));
}

fn start_engine(store: &std::sync::Arc<posventa_core::Store>, dir: &std::path::Path) -> posventa_mail::Engine {
    start(store, config(dir))
}
