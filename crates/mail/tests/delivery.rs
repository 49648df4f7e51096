//! The engine against real SMTP servers: what the SERVER received is what
//! counts (each recipient exactly once, headers parsed), not what the app
//! says it did.

mod support;

use std::time::{Duration, Instant};

use mail_parser::{MessageParser, MimeHeaders};
use support::*;

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn a_campaign_arrives_once_per_recipient_with_every_header() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("sink"), &[]);
    let store = store(dir.path());
    relay(&store, "127.0.0.1", sink.port, "none", "", 0.0, 2);
    let id = campaign(
        &store,
        "Hola {{ first_name }}\r\nBcc: victim@evil.example",
        "Hola **{{ name }}**, novedades de {{ shop_name }}.",
        &[
            ("ana@example.com", "Ana Pérez"),
            ("hostile@example.com", "<b>x</b>"),
            ("eve@example.com", "Eve\r\nBcc: victim@evil.example"),
        ],
    );
    let engine = start(&store, config(dir.path()));
    assert_eq!(wait_campaign(&store, id, WAIT), "sent", "the campaign ends once everyone got it");
    engine.shutdown();

    let mut got = sink.recipients();
    got.sort();
    assert_eq!(
        got,
        ["ana@example.com", "eve@example.com", "hostile@example.com"],
        "each recipient exactly once, nobody else"
    );
    let message_ids: Vec<String> = store
        .read(|c| {
            let mut s = c.prepare("SELECT message_id FROM outbox WHERE campaign_id = ?1")?;
            Ok(s.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    for raw in sink.messages() {
        let text = String::from_utf8_lossy(&raw);
        assert!(
            !text.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")),
            "no injected Bcc header may reach the server:\n{text}"
        );
        let m = MessageParser::default().parse(&raw).unwrap();
        let mid = format!("<{}>", m.message_id().expect("Message-ID"));
        assert!(message_ids.contains(&mid), "the Message-ID is the outbox row's, fixed when queued: {mid}");
        assert!(m.date().is_some(), "Date is set");
        let unsub = m.header_raw("List-Unsubscribe").expect("List-Unsubscribe");
        assert!(unsub.contains("<mailto:hola@tienda.example?subject=unsubscribe%20"), "mailto unsubscribe: {unsub}");
        assert_eq!(m.header_raw("List-Unsubscribe-Post").map(str::trim), Some("List-Unsubscribe=One-Click"));
        assert!(m.content_type().is_some_and(|ct| ct.c_type == "multipart" && ct.subtype() == Some("alternative")));
        let html = m.body_html(0).expect("an HTML part").to_string();
        let plain = m.body_text(0).expect("a text part").to_string();
        assert!(html.contains("Tienda Sol") && html.contains("mailto:hola@tienda.example"), "visible footer link");
        assert!(!m.subject().unwrap().contains('\n'), "the subject stays one line");
        if text.contains("X-Rcpt-Args: <hostile@example.com>") {
            assert!(html.contains("&lt;b&gt;x&lt;"), "a hostile name is escaped in HTML: {html}");
            assert!(!html.contains("<b>x</b>"), "customer text is never markup");
            assert!(plain.contains("<b>x</b>"), "the text part shows the name as typed");
        }
    }
    let sent = rows(&store, id).iter().filter(|r| r.1 == "sent").count();
    assert_eq!(sent, 3);
}

#[test]
fn a_temporary_rcpt_failure_is_retried_until_the_fault_is_gone() {
    for fault in ["RCPT", "DATA", "."] {
        let dir = tempfile::tempdir().unwrap();
        let sink = Sink::start(&dir.path().join("faulty"), &["-r", fault]);
        let port = sink.port;
        let store = store(dir.path());
        relay(&store, "127.0.0.1", port, "none", "", 0.0, 1);
        let id = campaign(&store, "Hola", "Texto", &[("ana@example.com", "Ana"), ("luis@example.com", "Luis")]);
        let engine = start(&store, config(dir.path()));
        assert!(
            wait_until(WAIT, || rows(&store, id).iter().all(|r| r.2 >= 2)),
            "4xx on {fault}: every message is attempted again"
        );
        assert!(rows(&store, id).iter().all(|r| r.1 != "failed" && r.1 != "sent"), "still waiting to retry");
        // The fault goes away: the same port now accepts.
        sink.stop();
        let good = Sink::start_on(&dir.path().join("good"), port, &[]);
        engine.wake();
        assert_eq!(wait_campaign(&store, id, WAIT), "sent", "4xx on {fault}: delivered once the fault is gone");
        engine.shutdown();
        let mut got = good.recipients();
        got.sort();
        assert_eq!(got, ["ana@example.com", "luis@example.com"], "4xx on {fault}: each exactly once");
    }
}

#[test]
fn a_temporary_failure_gives_up_after_the_limit_with_the_reply() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("sink"), &["-r", "DATA"]);
    let store = store(dir.path());
    relay(&store, "127.0.0.1", sink.port, "none", "", 0.0, 1);
    let id = campaign(&store, "Hola", "Texto", &[("ana@example.com", "Ana")]);
    let mut config = config(dir.path());
    config.backoff.max_attempts = 3;
    let engine = start(&store, config);
    assert_eq!(wait_campaign(&store, id, WAIT), "sent", "the campaign ends when nothing is left to try");
    engine.shutdown();
    let r = &rows(&store, id)[0];
    assert_eq!((r.1.as_str(), r.2), ("failed", 3), "failed after exactly the limit of attempts");
    assert!(r.3.starts_with("450"), "the server's own words are kept: {}", r.3);
    let attempts: i64 = store
        .read(
            |c| Ok(c.query_row("SELECT count(*) FROM outbox_attempts WHERE outcome = 'temporary'", [], |r| r.get(0))?),
        )
        .unwrap();
    assert_eq!(attempts, 3, "every attempt is recorded");
    assert!(sink.recipients().is_empty());
}

#[test]
fn a_permanent_rcpt_failure_bounces_and_later_campaigns_skip_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("sink"), &["-f", "RCPT"]);
    let store = store(dir.path());
    store
        .write(|tx| {
            tx.execute("INSERT INTO lists (name, created_at) VALUES ('Ofertas', 0)", [])?;
            tx.execute(
                "INSERT INTO subscribers (list_id, email, email_key, status, consent_at, consent_method, consent_text,
                     created_at, updated_at) VALUES (1, 'Gone@example.com', 'gone@example.com', 'subscribed', 0, 'form', '', 0, 0)",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    relay(&store, "127.0.0.1", sink.port, "none", "", 0.0, 1);
    let id = campaign(&store, "Hola", "Texto", &[("Gone@example.com", "Gone")]);
    let engine = start(&store, config(dir.path()));
    assert_eq!(wait_campaign(&store, id, WAIT), "sent");
    let r = &rows(&store, id)[0];
    assert_eq!((r.1.as_str(), r.2), ("failed", 1), "a 5xx is never retried");
    assert!(r.3.starts_with("500"), "the server's reply is recorded: {}", r.3);
    let (reason, detail, status): (String, String, String) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT s.reason, s.detail, b.status FROM suppressions s JOIN subscribers b ON b.email_key = s.email_key",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!((reason.as_str(), status.as_str()), ("bounced", "bounced"), "5xx on RCPT: the address is suppressed");
    assert!(detail.starts_with("500"), "with the server's words");

    let later = campaign(&store, "Otra", "Texto", &[("gone@example.com", "Gone"), ("ok@example.com", "Ok")]);
    engine.wake();
    assert_eq!(wait_campaign(&store, later, WAIT), "sent");
    engine.shutdown();
    let rows = rows(&store, later);
    assert_eq!((rows[0].1.as_str(), rows[0].3.as_str()), ("skipped", "suppressed:bounced"), "skipped with the reason");
    assert_eq!(rows[1].1, "failed", "the sink refuses every RCPT, so the other one fails too");
    assert!(sink.recipients().is_empty());
}

#[test]
fn a_connection_dropped_mid_data_loses_nothing() {
    for fault in [["-q", "DATA"], ["-Q", "."]] {
        let dir = tempfile::tempdir().unwrap();
        let sink = Sink::start(&dir.path().join("faulty"), &fault);
        let port = sink.port;
        let store = store(dir.path());
        relay(&store, "127.0.0.1", port, "none", "", 0.0, 1);
        let id = campaign(&store, "Hola", "Texto", &[("ana@example.com", "Ana"), ("luis@example.com", "Luis")]);
        let engine = start(&store, config(dir.path()));
        assert!(wait_until(WAIT, || rows(&store, id).iter().all(|r| r.2 >= 1)), "{fault:?}: attempted");
        sink.stop();
        let good = Sink::start_on(&dir.path().join("good"), port, &[]);
        engine.wake();
        assert_eq!(wait_campaign(&store, id, WAIT), "sent", "{fault:?}: delivered after reconnecting");
        engine.shutdown();
        let mut got = good.recipients();
        got.sort();
        assert_eq!(got, ["ana@example.com", "luis@example.com"], "{fault:?}: nobody lost, nobody twice");
        assert!(rows(&store, id).iter().all(|r| r.1 == "sent"));
    }
}

#[test]
fn a_slow_server_is_waited_for_and_a_silent_one_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("slow"), &["-w", "2"]);
    let store = store(dir.path());
    relay(&store, "127.0.0.1", sink.port, "none", "", 0.0, 1);
    let id = campaign(&store, "Hola", "Texto", &[("ana@example.com", "Ana")]);
    let engine = start(&store, config(dir.path()));
    assert_eq!(wait_campaign(&store, id, WAIT), "sent", "a 2 s DATA reply is within the timeout");
    engine.shutdown();
    assert_eq!(sink.recipients(), ["ana@example.com"]);
    assert_eq!(rows(&store, id)[0].2, 1, "no retry was needed");

    let id = campaign(&store, "Hola", "Texto", &[("luis@example.com", "Luis")]);
    let mut config = config(dir.path());
    config.io_timeout = Duration::from_millis(500);
    config.backoff.max_attempts = 2;
    let engine = start(&store, config);
    assert_eq!(wait_campaign(&store, id, WAIT), "sent");
    engine.shutdown();
    let r = &rows(&store, id)[0];
    assert_eq!(
        (r.1.as_str(), r.2),
        ("failed", 2),
        "a silent server counts as a temporary failure, retried to the limit"
    );
    assert!(r.3.contains("in time"), "the reason says it timed out: {}", r.3);
}

#[test]
fn the_rate_limit_is_honoured_at_sending_time() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("sink"), &[]);
    let store = store(dir.path());
    relay(&store, "127.0.0.1", sink.port, "none", "", 5.0, 2);
    let recipients: Vec<(String, String)> = (0..11).map(|i| (format!("r{i}@example.com"), format!("R {i}"))).collect();
    let refs: Vec<(&str, &str)> = recipients.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let id = campaign(&store, "Hola", "Texto", &refs);
    let started = Instant::now();
    let engine = start(&store, config(dir.path()));
    assert_eq!(wait_campaign(&store, id, WAIT), "sent");
    let elapsed = started.elapsed();
    engine.shutdown();
    assert_eq!(sink.recipients().len(), 11);
    assert!(
        elapsed >= Duration::from_millis(1900),
        "11 messages at 5/s take at least 2 s, even over 2 connections: {elapsed:?}"
    );
}

#[test]
fn without_a_relay_messages_become_eml_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let id =
        campaign(&store, "Hola {{ first_name }}", "Texto", &[("ana@example.com", "Ana"), ("luis@example.com", "Luis")]);
    let config = config(dir.path());
    let outbox_dir = config.outbox_dir.clone();
    let engine = start(&store, config);
    assert_eq!(wait_campaign(&store, id, WAIT), "sent");
    engine.shutdown();
    let mut files: Vec<_> = std::fs::read_dir(&outbox_dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 2, "one .eml per message, no temporary files left");
    for f in &files {
        assert_eq!(f.extension().unwrap(), "eml");
        let raw = std::fs::read(f).unwrap();
        let m = MessageParser::default().parse(&raw).unwrap();
        assert!(m.subject().unwrap().starts_with("Hola "), "a complete message the owner can open");
    }
    let saved: i64 = store
        .read(|c| Ok(c.query_row("SELECT count(*) FROM outbox_attempts WHERE outcome = 'saved'", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(saved, 2, "recorded as saved");
}

#[test]
fn messages_left_sending_by_a_crash_are_sent_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("sink"), &[]);
    let store = store(dir.path());
    relay(&store, "127.0.0.1", sink.port, "none", "", 0.0, 1);
    let id = campaign(&store, "Hola", "Texto", &[("ana@example.com", "Ana"), ("luis@example.com", "Luis")]);
    store
        .write(|tx| {
            tx.execute("UPDATE outbox SET state = 'sending'", [])?;
            Ok(())
        })
        .unwrap();
    let engine = start(&store, config(dir.path()));
    assert_eq!(wait_campaign(&store, id, WAIT), "sent", "rows a crash left in 'sending' go back to the queue");
    engine.shutdown();
    let mut got = sink.recipients();
    got.sort();
    assert_eq!(got, ["ana@example.com", "luis@example.com"]);
}

#[test]
fn a_paused_campaign_sends_nothing_until_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("sink"), &[]);
    let store = store(dir.path());
    relay(&store, "127.0.0.1", sink.port, "none", "", 0.0, 1);
    let id = campaign(&store, "Hola", "Texto", &[("ana@example.com", "Ana")]);
    store
        .write(|tx| {
            tx.execute("UPDATE campaigns SET status = 'paused', pause_reason = 'owner'", [])?;
            Ok(())
        })
        .unwrap();
    let engine = start(&store, config(dir.path()));
    std::thread::sleep(Duration::from_millis(500));
    assert!(sink.recipients().is_empty(), "a paused campaign is not sent");
    posventa_core::campaigns::resume(&store, id).unwrap();
    engine.wake();
    assert_eq!(wait_campaign(&store, id, WAIT), "sent");
    engine.shutdown();
    assert_eq!(sink.recipients(), ["ana@example.com"]);
}

#[test]
fn a_return_step_reaches_the_customer_as_a_notice_in_their_language() {
    use posventa_core::customers::{self, CustomerInput};
    use posventa_core::orders::{self, OrderInput, OrderLineInput, OrderStatus};
    use posventa_core::returns::{self, Outcome, ReturnInput, ReturnLineInput, ReturnPolicyInput, ReturnStatus};
    use posventa_core::settings::Language;

    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("sink"), &[]);
    let store = store(dir.path());
    relay(&store, "127.0.0.1", sink.port, "none", "", 0.0, 1);
    let policy = returns::policy(&store).unwrap();
    returns::save_policy(
        &store,
        &ReturnPolicyInput {
            window_days: 30,
            fee_kind: returns::FeeKind::None,
            fee_value: String::new(),
            offer_refund: true,
            offer_exchange: true,
            offer_credit: true,
            bonus_percent: 0,
            policy_text: String::new(),
            notify_customer: true,
            reasons: policy
                .reasons
                .iter()
                .map(|r| returns::ReasonInput {
                    id: Some(r.id),
                    label: r.label.clone(),
                    waives_fee: false,
                    active: true,
                })
                .collect(),
        },
    )
    .unwrap();
    let customer = customers::create(
        &store,
        &CustomerInput {
            name: "Emma Wilson".into(),
            email: Some("emma@example.com".into()),
            language: Some(Language::En),
            ..Default::default()
        },
    )
    .unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let order = orders::create(
        &store,
        &OrderInput {
            customer_id: customer.id,
            number: Some("A-77".into()),
            status: OrderStatus::Delivered,
            placed_on: today.to_string(),
            delivered_on: Some(today.to_string()),
            carrier: None,
            tracking_code: None,
            currency: None,
            lines: vec![OrderLineInput {
                product: "Scarf".into(),
                sku: None,
                quantity: "1".into(),
                unit_price: "20".into(),
            }],
            coupon: None,
            tracking_url: None,
        },
    )
    .unwrap();
    let input = ReturnInput {
        order_id: order.id,
        lines: vec![ReturnLineInput { position: 0, quantity: 1 }],
        reason_id: policy.reasons[0].id,
        outcome: Outcome::Refund,
        note: String::new(),
        override_reason: None,
    };
    let opened = returns::open(&store, &input, "shop", 1, today).unwrap();
    returns::transition(&store, opened.id, ReturnStatus::Rejected, "Worn <b>twice</b>", "shop", 2).unwrap();

    let engine = start(&store, config(dir.path()));
    assert!(wait_until(WAIT, || sink.recipients().len() == 2), "both notices arrive: {:?}", sink.recipients());
    engine.shutdown();
    let mut subjects = Vec::new();
    for raw in sink.messages() {
        let m = MessageParser::default().parse(&raw).unwrap();
        subjects.push(m.subject().unwrap_or_default().to_owned());
        if m.subject().is_some_and(|s| s.starts_with("About")) {
            let html = m.body_html(0).unwrap().to_string();
            assert!(html.contains("Worn &lt;b&gt;twice"), "the reason is told, as text: {html}");
            assert!(html.contains("A-77"));
        }
    }
    subjects.sort();
    assert_eq!(
        subjects,
        [format!("About your return no. {}", opened.id), format!("We have your return request no. {}", opened.id)],
        "in the customer's language"
    );
}
