//! Surveys end to end with real parts: the app's core sends a survey through
//! the mail engine to smtp-sink, the customer's clicks go to the real
//! response collector over HTTP like a browser, and the app syncs.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use posventa_collector::token::Keys;
use posventa_core::customers::{self, CustomerInput};
use posventa_core::orders::{self, OrderInput, OrderLineInput, OrderStatus};
use posventa_core::settings::{self, Language, Settings};
use posventa_core::surveys::{self, SurveyInput, SurveyKind};
use posventa_core::{Store, collector};
use posventa_mail::engine::NoObserver;
use posventa_mail::settings::{MailSettings, Security};
use posventa_mail::{Engine, EngineConfig};

use crate::mail_servers::Sink;

pub const SECRET: &str = "7f3c2a1b9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29180716253443526170ff";

/// The collector binary, built by `cargo test --workspace` next to this test.
fn collector_binary() -> PathBuf {
    let dir = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().to_owned();
    let binary = dir.join("posventa-collector");
    if !binary.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo).args(["build", "-q", "-p", "posventa-collector"]).status().unwrap();
        assert!(status.success(), "building the collector");
    }
    binary
}

/// The real collector on a free port, its data in `dir`.
pub struct Collector {
    child: Child,
    pub url: String,
}

impl Collector {
    pub fn start(dir: &Path, secret: &str, listen: &str) -> Collector {
        let mut child = Command::new(collector_binary())
            .env_clear()
            .env("POSVENTA_COLLECTOR_SECRET", secret)
            .env("POSVENTA_COLLECTOR_LISTEN", listen)
            .env("POSVENTA_COLLECTOR_DATA_DIR", dir)
            .env("POSVENTA_COLLECTOR_RATE_PER_MINUTE", "0")
            // Short scanner windows: the test cannot wait half an hour.
            .env("POSVENTA_COLLECTOR_BURST_WINDOW", "2")
            .env("POSVENTA_COLLECTOR_SETTLE_WINDOW", "3")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the collector binary");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url =
            line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("first line: {line:?}")).to_owned();
        Collector { child, url }
    }

    pub fn stop(mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn delivered_customer(store: &Store, name: &str, email: &str, language: Language, sku: &str) -> i64 {
    let c = customers::create(
        store,
        &CustomerInput { name: name.into(), email: Some(email.into()), language: Some(language), ..Default::default() },
    )
    .unwrap();
    let today = time::OffsetDateTime::now_utc().date().to_string();
    orders::create(
        store,
        &OrderInput {
            customer_id: c.id,
            number: None,
            status: OrderStatus::Delivered,
            placed_on: today.clone(),
            delivered_on: Some(today),
            carrier: None,
            tracking_code: None,
            currency: None,
            lines: vec![OrderLineInput {
                product: "Botas".into(),
                sku: Some(sku.into()),
                quantity: "1".into(),
                unit_price: "59,90".into(),
            }],
            coupon: None,
            tracking_url: None,
        },
    )
    .unwrap();
    c.id
}

/// Each message's recipient and plain-text part, decoded.
fn texts(sink: &Sink) -> Vec<(String, String)> {
    sink.messages()
        .iter()
        .map(|raw| {
            let message = mail_parser::MessageParser::default().parse(raw).expect("a parseable message");
            let to = message.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_owned();
            (to, message.body_text(0).expect("a text part").into_owned())
        })
        .collect()
}

/// The link of `score` in a survey's text part ("9: https://…").
fn score_link(text: &str, score: i64) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{score}: ")))
        .unwrap_or_else(|| panic!("no link for {score} in:\n{text}"))
        .trim()
        .to_owned()
}

async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens the score link like a mail client, then confirms it on the
/// thank-you page like a browser (a form post).
async fn answer(client: &reqwest::Client, link: &str, score: i64, comment: &str) {
    let page = client.get(link).send().await.unwrap();
    assert_eq!(page.status(), 200, "the thank-you page");
    let action = link.rsplit_once('/').unwrap().0.to_owned();
    let confirmed = client
        .post(&action)
        .form(&[("score", score.to_string()), ("comment", comment.to_owned())])
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), 200, "the confirmation");
    let page = confirmed.text().await.unwrap();
    assert!(!comment.contains('<') || !page.contains(comment), "the collector's page shows markup as text:\n{page}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_survey_goes_out_is_answered_on_the_collector_and_synced_into_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::start(&dir.path().join("sink"), &[]);
    let collector = Collector::start(&dir.path().join("collector"), SECRET, "127.0.0.1:0");
    let keys = Keys::from_secret_hex(SECRET).unwrap();
    let store = Arc::new(Store::open_in_dir(&dir.path().join("app")).unwrap());
    settings::update(&store, Settings { shop_name: "Zapatería Luna".into(), ..Settings::defaults_for_locale("es-ES") })
        .unwrap();
    let relay = MailSettings {
        host: "127.0.0.1".into(),
        port: sink.port,
        security: Security::None,
        from_name: "Zapatería Luna".into(),
        from_address: "hola@zapaterialuna.es".into(),
        per_second: 0.0,
        ..MailSettings::default()
    };
    posventa_mail::settings::save(&store, "posventa-e2e-unused", relay, None).unwrap();
    collector::set_url(&store, &collector.url).unwrap();

    let promoter = delivered_customer(&store, "Ana Núñez", "ana@example.es", Language::Es, "BOT-1");
    let detractor = delivered_customer(&store, "John Smith", "john@example.com", Language::En, "BOT-2");
    let scanned = delivered_customer(&store, "Eva Gil", "eva@example.es", Language::Es, "BOT-1");

    let input = SurveyInput {
        kind: SurveyKind::Nps,
        name: "NPS".into(),
        follow_up_es: "¿Qué podemos mejorar?".into(),
        follow_up_en: "What could we do better?".into(),
        delivered_within_days: 14,
    };
    let url = collector.url.clone();
    surveys::send(&store, &input, &|request| {
        posventa_app::surveys::score_links(Some((url.as_str(), &keys)), "hola@zapaterialuna.es", request)
    })
    .unwrap();
    // The engine signs unsubscribe links with the secret from the credential
    // store (a real Secret Service under scripts/test), as in the app.
    let service = format!("posventa-e2e-{}", fastrand::u64(..));
    keyring::Entry::new(&service, posventa_mail::settings::COLLECTOR_SECRET_USER)
        .unwrap()
        .set_password(SECRET)
        .unwrap();
    let engine =
        Engine::start(store.clone(), EngineConfig::new(dir.path().join("outbox"), &service), Arc::new(NoObserver));
    wait_until("three survey emails", || sink.messages().len() == 3).await;
    engine.shutdown();
    let _ = keyring::Entry::new(&service, posventa_mail::settings::COLLECTOR_SECRET_USER).unwrap().delete_credential();

    let mails = texts(&sink);
    let text_of = |to: &str| mails.iter().find(|(t, _)| t == to).map(|(_, text)| text.clone()).unwrap();
    assert!(text_of("john@example.com").contains("How likely are you to recommend us"), "English for John");
    assert!(text_of("ana@example.es").contains("¿Qué probabilidad hay de que nos recomiendes"), "Spanish for Ana");

    let client = posventa_app::surveys::http_client();
    // Eva's mail client unsubscribes with one click (RFC 8058) from the
    // List-Unsubscribe header, which points at the collector.
    let eva_raw = sink
        .messages()
        .into_iter()
        .find(|m| String::from_utf8_lossy(m).contains("eva@example.es"))
        .map(|m| {
            mail_parser::MessageParser::default().parse(&m).unwrap().header_raw("List-Unsubscribe").unwrap().to_owned()
        })
        .unwrap();
    let one_click =
        eva_raw.split(['<', '>']).find(|part| part.starts_with(&collector.url)).expect("an https-style link");
    assert!(eva_raw.contains("mailto:hola@zapaterialuna.es"), "and a mailto: one: {eva_raw}");
    let unsubscribed = client
        .post(one_click)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(unsubscribed.status(), 200);
    answer(&client, &score_link(&text_of("ana@example.es"), 9), 10, "¡Muy rápido! <script>x</script>").await;
    answer(&client, &score_link(&text_of("john@example.com"), 3), 3, "Arrived late").await;
    // A mail scanner opens every button of Eva's message within a second.
    let eva = text_of("eva@example.es");
    for score in 0..=10 {
        assert_eq!(client.get(score_link(&eva, score)).send().await.unwrap().status(), 200);
    }
    // A forged link records nothing and gets a neutral page.
    let forged = score_link(&eva, 10).replace("/s/", "/s/x");
    assert_eq!(client.get(&forged).send().await.unwrap().status(), 404);
    // Past the scanner's settle window.
    tokio::time::sleep(Duration::from_secs(4)).await;

    let counts = posventa_app::surveys::sync(&store, &client, &keys).await.unwrap();
    assert_eq!(
        (counts.answers_new, counts.answers_changed),
        (2, 0),
        "two answers; the scanner's clicks count for nothing"
    );
    let ana = surveys::responses_of(&store, promoter).unwrap();
    assert_eq!((ana[0].score, ana[0].comment.as_str()), (10, "¡Muy rápido! <script>x</script>"), "the confirmed score");
    assert_eq!(surveys::responses_of(&store, detractor).unwrap()[0].score, 3);
    assert!(surveys::responses_of(&store, scanned).unwrap().is_empty());
    let cases = surveys::follow_ups(&store, None).unwrap();
    assert_eq!(cases.len(), 1, "the detractor opens a follow-up case");
    assert_eq!(cases[0].customer_id, detractor);
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let results = surveys::results(&store, SurveyKind::Nps, "2000-01-01", &today).unwrap();
    assert_eq!(results.overall.value, Some(0.0), "one promoter, one detractor: NPS 0");
    assert_eq!(results.asked, 3);

    // The app is offline while John changes his mind, and the collector is
    // restarted on the same data before the app syncs again.
    answer(&client, &score_link(&text_of("john@example.com"), 9), 9, "Support fixed it").await;
    let data = dir.path().join("collector");
    let listen = collector.url.trim_start_matches("http://").to_owned();
    collector.stop();
    let collector = Collector::start(&data, SECRET, &listen);
    let counts = posventa_app::surveys::sync(&store, &client, &keys).await.unwrap();
    assert_eq!((counts.answers_new, counts.answers_changed), (0, 1), "the change replaces John's answer");
    let again = posventa_app::surveys::sync(&store, &client, &keys).await.unwrap();
    assert_eq!(again.answers_new + again.answers_changed, 0, "nothing is counted twice");
    let results = surveys::results(&store, SurveyKind::Nps, "2000-01-01", &today).unwrap();
    assert_eq!((results.overall.answers, results.overall.value), (2, Some(100.0)));
    collector.stop();
}

/// The same path through the real window: the relay and the collector set
/// up in Settings (the secret made by the app, read off the screen and given
/// to the collector), the survey sent from the Surveys area, the customer's
/// click confirmed over HTTP, "Sync now", and the NPS on the results tab.
#[tokio::test(flavor = "multi_thread")]
async fn in_the_window_a_survey_is_sent_answered_synced_and_counted() {
    let files = tempfile::tempdir().unwrap();
    let sink = Sink::start(&files.path().join("sink"), &[]);
    let data = tempfile::tempdir().unwrap();
    {
        let store = Store::open_in_dir(data.path()).unwrap();
        settings::update(
            &store,
            Settings { shop_name: "Zapatería Luna".into(), ..Settings::defaults_for_locale("es-ES") },
        )
        .unwrap();
        delivered_customer(&store, "Lucía Pérez", "lucia@example.es", Language::Es, "BOT-9");
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let collector_url = format!("http://127.0.0.1:{port}");
    let app = crate::harness::App::launch_with("es_ES.UTF-8", data, &[]).await;

    app.click("[data-testid=nav-settings]").await;
    app.click("[data-testid=settings-tab-email]").await;
    app.type_into("host", "127.0.0.1").await;
    app.click("select[name=security] option[value=none]").await;
    app.type_into("port", &sink.port.to_string()).await;
    app.type_into("from_address", "hola@zapaterialuna.es").await;
    app.click("[data-testid=mail-save]").await;
    app.el("[data-testid=mail-saved]").await;
    app.type_into_css("[data-testid=collector-url]", &collector_url).await;
    app.click("[data-testid=collector-save]").await;
    app.el("[data-testid=collector-saved]").await;
    app.click("[data-testid=collector-secret-new]").await;
    // A secret left in this Secret Service by an earlier run: replacing it
    // asks first, as the owner would see.
    tokio::time::sleep(Duration::from_millis(500)).await;
    if let Ok(confirm) = app.driver.find(thirtyfour::By::Css("[data-testid=collector-secret-new-confirm]")).await {
        confirm.click().await.unwrap();
    }
    let secret = app.text_when("[data-testid=collector-secret]", |t| t.trim().len() == 64).await;
    let collector = Collector::start(&files.path().join("collector"), secret.trim(), &format!("127.0.0.1:{port}"));

    app.click("[data-testid=nav-surveys]").await;
    app.type_into_css("[data-testid=survey-name]", "NPS de prueba").await;
    app.text_when("[data-testid=survey-included]", |t| t.starts_with("1 ")).await;
    app.click("[data-testid=survey-send]").await;
    app.click("[data-testid=survey-send-confirm]").await;
    app.text_when("[data-testid=campaign-counts]", |t| t.contains("Enviados: 1")).await;

    let mails = texts(&sink);
    assert_eq!(mails.len(), 1);
    let link = score_link(&mails[0].1, 9);
    assert!(link.starts_with(&collector_url), "the buttons point at the collector: {link}");
    let client = posventa_app::surveys::http_client();
    // What the customer typed on the collector is shown as text in the window.
    let comment = format!("Muy amables {}", crate::hostile_text::IMG);
    answer(&client, &link, 9, &comment).await;

    app.click("[data-testid=nav-settings]").await;
    app.click("[data-testid=settings-tab-email]").await;
    app.click("[data-testid=collector-sync]").await;
    app.text_when("[data-testid=collector-sync-result]", |t| t.contains('1')).await;
    app.click("[data-testid=nav-surveys]").await;
    app.click("[data-testid=surveys-tab-results]").await;
    let value = app.text_when("[data-testid=survey-results-value]", |t| t.contains("100")).await;
    assert!(value.contains("100"), "one promoter: NPS +100 ({value:?})");
    crate::hostile_text::shows_literally(&app, "survey-comments", &[&comment]).await;
    app.screenshot("survey-results.png").await;
    let stored: i64 = app.db().query_row("SELECT score FROM survey_responses", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 9);
    let data = app.quit().await;
    collector.stop();

    // The secret lives only in the OS credential store: not in the store,
    // the outbox, backups or drafts, nor in the app's logs.
    let logs = crate::harness::log_dir();
    let secret = secret.trim().to_lowercase();
    for dir in [data.path(), logs.as_path()] {
        for file in files_under(dir) {
            let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap_or_default()).to_lowercase();
            assert!(!text.contains(&secret), "the collector secret was written to {}", file.display());
        }
    }
    assert!(!files_under(data.path()).is_empty(), "the data folder was searched");
    assert!(!files_under(&logs).is_empty(), "the logs were searched: {}", logs.display());
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries.flatten().flat_map(|e| if e.path().is_dir() { files_under(&e.path()) } else { vec![e.path()] }).collect()
}
