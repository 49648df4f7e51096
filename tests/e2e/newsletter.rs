//! A newsletter from start to end in the real window: the relay in
//! Settings → Email, a list filled from a CSV file, a campaign sent to a real
//! SMTP server (Postfix's smtp-sink) with the progress bar reaching the end.

use crate::harness::App;
use crate::mail_servers::Sink;

const SUBSCRIBERS: usize = 30;
const HOSTILE_NAME: &str = "Rosa <img src=x onerror=alert(1)> <script>alert(2)</script> Gil";

#[tokio::test(flavor = "multi_thread")]
async fn a_list_imported_from_csv_receives_a_campaign_through_the_relay() {
    let files = tempfile::tempdir().unwrap();
    let sink = Sink::start(&files.path().join("sink"), &[]);
    let csv = files.path().join("suscriptores.csv");
    let mut rows = String::from("Nombre;Correo electrónico\n");
    for i in 0..SUBSCRIBERS {
        // One name is hostile: it must reach the email as text, never markup.
        let name = if i == 0 { HOSTILE_NAME.to_owned() } else { format!("Cliente Núñez {i}") };
        rows += &format!("{name};cliente{i}@example.es\n");
        if i == 1 {
            rows += "Sin arroba;no-es-un-correo\n";
        }
    }
    std::fs::write(&csv, rows).unwrap();
    let csv_path = csv.display().to_string();
    let app = App::launch_with("es_ES.UTF-8", tempfile::tempdir().unwrap(), &[("POSVENTA_PICK_FILE", &csv_path)]).await;

    // Settings → Email: the relay, no TLS on 127.0.0.1.
    app.click("[data-testid=nav-settings]").await;
    app.click("[data-testid=settings-tab-email]").await;
    app.type_into("host", "127.0.0.1").await;
    app.click("select[name=security] option[value=none]").await;
    app.type_into("port", &sink.port.to_string()).await;
    app.type_into("from_name", "Zapatería Luna").await;
    app.type_into("from_address", "hola@zapaterialuna.es").await;
    app.click("[data-testid=mail-save]").await;
    app.el("[data-testid=mail-saved]").await;

    // A list, and its subscribers from a Spanish Excel CSV with one bad row.
    app.click("[data-testid=nav-newsletters]").await;
    app.click("[data-testid=newsletters-tab-lists]").await;
    app.click("[data-testid=list-new]").await;
    app.type_into_css("[data-testid=list-name]", "Clientes de la tienda").await;
    app.click("[data-testid=list-save]").await;
    app.click("[data-testid=subscribers-import]").await;
    let problem = app.text_when("[data-testid=subscribers-import-problem]", |t| !t.is_empty()).await;
    assert!(problem.contains('4'), "the dry run names spreadsheet row 4 (header is row 1): {problem:?}");
    let stored: i64 = app.db().query_row("SELECT count(*) FROM subscribers", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 0, "nothing is written before the owner confirms");
    app.click("[data-testid=subscribers-import-confirm]").await;
    app.text_when("[data-testid=subscribers-import-result]", |t| t.contains(&SUBSCRIBERS.to_string())).await;

    // A campaign to that list, with the live recipient count.
    app.click("[data-testid=nav-newsletters]").await;
    app.click("[data-testid=newsletters-tab-campaigns]").await;
    app.click("[data-testid=campaign-new]").await;
    app.type_into_css("[data-testid=campaign-name]", "Rebajas de invierno").await;
    app.type_into_css("[data-testid=campaign-subject]", "Hola {{ first_name }}, rebajas en {{ shop_name }}").await;
    app.type_into_css("[data-testid=campaign-body]", "**Todo al 30 %** hasta el domingo, {{ name }}.").await;
    app.click("[data-testid=campaign-list] option:nth-child(2)").await;
    app.text_when("[data-testid=audience-count]", |t| t.contains(&SUBSCRIBERS.to_string())).await;

    // The preview: the HTML part in its sandboxed frame, styled, placeholders filled.
    app.click("[data-testid=campaign-preview-open]").await;
    let frame = app.el("[data-testid=preview-frame]").await;
    frame.clone().enter_frame().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let body = loop {
        let text = match app.driver.find(thirtyfour::By::Tag("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains("Todo al 30 %") || std::time::Instant::now() > deadline {
            break text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(body.contains("Todo al 30 %"), "the frame shows the rendered body: {body:?}");
    assert!(body.contains("Darse de baja"), "with a visible unsubscribe link: {body:?}");
    app.driver.enter_parent_frame().await.unwrap();
    app.el("[data-testid=preview-frame]").await.scroll_into_view().await.unwrap();
    app.screenshot("campaign-preview.png").await;
    app.click("[data-testid=campaign-send]").await;
    app.click("[data-testid=campaign-send-confirm]").await;

    // The progress bar reaches the end while the engine sends.
    let done = SUBSCRIBERS.to_string();
    app.text_when("[data-testid=campaign-counts]", |t| t.contains(&format!("Enviados: {done}"))).await;
    let progress = app.el("[data-testid=campaign-progress]").await;
    assert_eq!(progress.attr("aria-valuenow").await.unwrap().as_deref(), Some(done.as_str()));
    app.screenshot("campaign-sent.png").await;

    // What the server received: every subscriber exactly once, as bulk mail.
    let mut received = sink.recipients();
    received.sort();
    let mut expected: Vec<String> = (0..SUBSCRIBERS).map(|i| format!("cliente{i}@example.es")).collect();
    expected.sort();
    assert_eq!(received, expected, "each subscriber exactly once");
    let first = String::from_utf8_lossy(&sink.messages()[0]).into_owned();
    for header in [
        "Message-ID: <",
        "List-Unsubscribe: <mailto:hola@zapaterialuna.es",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    ] {
        assert!(first.contains(header), "every bulk message carries {header:?}:\n{first}");
    }
    // The HTML part escapes the hostile name; the text part keeps it as typed.
    let rosa = sink
        .messages()
        .into_iter()
        .find(|m| String::from_utf8_lossy(m).contains("cliente0@example.es"))
        .expect("Rosa's message");
    let parsed = mail_parser::MessageParser::default().parse(&rosa).unwrap();
    let html = parsed.body_html(0).expect("an HTML part").into_owned();
    assert!(!html.contains("<img") && !html.contains("<script>alert"), "a name became markup:\n{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the name shows as text:\n{html}");
    let text = parsed.body_text(0).expect("a text part").into_owned();
    assert!(text.contains(&format!("hasta el domingo, {HOSTILE_NAME}.")), "{text}");
    let states: i64 = app.db().query_row("SELECT count(*) FROM outbox WHERE state = 'sent'", [], |r| r.get(0)).unwrap();
    assert_eq!(states, SUBSCRIBERS as i64);
    app.quit().await;
}
