//! Customer text is data, never markup: script tags, event-handler
//! attributes, `javascript:` URLs, SVG and iframe payloads typed into every
//! free-text field (and brought in by a CSV file) show literally on every
//! screen that displays them, and none of them runs.

use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

use crate::harness::App;

/// Each would set `window.__xss` (or its parent's) if it ever became markup.
/// No double quotes, so each also fits a CSV cell unquoted.
const SCRIPT: &str = "<script>window.__xss=1</script>";
pub const IMG: &str = "<img src=x onerror=window.__xss=2>";
const SVG: &str = "<svg onload=window.__xss=3><circle r=9></circle></svg>";
const LINK: &str = "<a href=javascript:window.__xss=4>clic</a>";
const URL: &str = "javascript:window.__xss=5";
const IFRAME: &str = "<iframe srcdoc=&lt;script&gt;parent.__xss=6&lt;/script&gt;></iframe>";

/// What the page has run or grown from the payloads, and its visible text.
#[derive(serde::Deserialize, Debug)]
struct Page {
    ran: Option<serde_json::Value>,
    injected: Vec<String>,
    text: String,
}

const INSPECT: &str = r#"
    const injected = [];
    for (const el of document.querySelectorAll('*')) {
        if (el.tagName === 'SCRIPT' && el.textContent.includes('__xss')) injected.push('script');
        if (['IFRAME', 'EMBED', 'OBJECT'].includes(el.tagName)) injected.push(el.tagName.toLowerCase());
        for (const a of el.attributes) {
            const runs = a.name.startsWith('on') || ['href', 'src', 'srcdoc', 'action', 'formaction', 'xlink:href'].includes(a.name);
            if (runs && a.value.includes('__xss')) injected.push(el.tagName.toLowerCase() + '[' + a.name + ']');
        }
    }
    return { ran: window.__xss ?? null, injected, text: document.body.innerText };
"#;

async fn inspect(app: &App) -> Page {
    let ret = app.driver.execute(INSPECT, vec![]).await.expect("the page answers");
    serde_json::from_value(ret.json().clone()).expect("inspection result")
}

/// Waits until the window shows every text in `literally`, then checks that
/// nothing ran and no payload became an element.
pub async fn shows_literally(app: &App, screen: &str, literally: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(15);
    let page = loop {
        let page = inspect(app).await;
        let missing: Vec<_> = literally.iter().filter(|t| !page.text.contains(*t)).collect();
        if missing.is_empty() {
            break page;
        }
        if Instant::now() > deadline {
            app.screenshot(&format!("hostile-{screen}.png")).await;
            panic!("{screen}: never showed {missing:?} literally; the window showed:\n{}", page.text);
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    };
    // Give an injected image's onerror or an svg's onload time to fire.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = inspect(app).await;
    assert_eq!(after.ran, None, "{screen}: a payload ran");
    assert!(after.injected.is_empty(), "{screen}: payloads became markup: {:?}", after.injected);
    assert_eq!(page.ran, None);
}

/// The inspection itself sees a payload that did become markup (put there
/// on purpose, then removed), so a pass above means something. The
/// Content-Security-Policy (`script-src 'self'`) is the second wall: even
/// the injected element's inline handler does not run.
async fn inspection_catches_markup(app: &App) {
    let inject = "const probe = document.createElement('div'); probe.id = 'xss-probe'; \
                  probe.innerHTML = arguments[0]; document.body.appendChild(probe);";
    app.driver.execute(inject, vec![serde_json::json!(IMG)]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let page = inspect(app).await;
    assert_eq!(page.injected, ["img[onerror]"], "the probe is seen");
    assert_eq!(page.ran, None, "the policy kept its inline handler from running");
    app.driver.execute("document.getElementById('xss-probe').remove();", vec![]).await.unwrap();
    assert!(inspect(app).await.injected.is_empty());
}

fn hostile_csv(dir: &std::path::Path) -> String {
    let csv = dir.join("pedidos.csv");
    let header = "Pedido;Fecha;Estado;Cliente;Email;Teléfono;Producto;Cantidad;Precio unidad\n";
    let customer = format!("Íñigo {SVG} Sáez;inigo@example.es;612 00 11 22");
    let lines = format!(
        "C-1;03/02/2025;Entregado;{customer};{SCRIPT};1;19,90\nC-1;03/02/2025;Entregado;{customer};{LINK};2;5,00\n"
    );
    // A bad row: its cell is quoted back to the owner in the list of problems.
    let bad = format!("C-2;04/02/2025;Entregado;Rosa Gil;{IMG};612 00 33 44;Bolso;1;19,90\n");
    std::fs::write(&csv, format!("{header}{lines}{bad}")).unwrap();
    csv.display().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_text_in_every_field_shows_literally_and_never_runs() {
    let files = tempfile::tempdir().unwrap();
    let csv = hostile_csv(files.path());
    let app = App::launch_with("es_ES.UTF-8", tempfile::tempdir().unwrap(), &[("POSVENTA_PICK_FILE", &csv)]).await;
    app.text_when("h1", |t| t == "Clientes").await;
    shows_literally(&app, "start", &["Clientes"]).await;
    inspection_catches_markup(&app).await;

    // A customer typed by hand: name and notes.
    let name = format!("Eva {IMG} Ruiz");
    let notes = format!("{SCRIPT} {IFRAME} {URL}");
    app.click("[data-testid=customer-new]").await;
    app.type_into("name", &name).await;
    app.type_into("email", "eva@example.es").await;
    app.type_into("notes", &notes).await;
    app.click("[data-testid=customer-save]").await;
    app.text_when("[data-testid=customer-name]", |t| t == name).await;
    shows_literally(&app, "customer-page", &[&name, SCRIPT, IFRAME, URL]).await;

    // An order line, carrier and tracking code.
    app.click("[data-testid=order-new]").await;
    app.type_into("lines.0.product", SVG).await;
    app.type_into("lines.0.quantity", "1").await;
    app.type_into("lines.0.unit_price", "10").await;
    app.type_into("carrier", URL).await;
    app.type_into("tracking_code", "ES-1<b>2</b>").await;
    app.click("[data-testid=order-save]").await;
    app.el("[data-testid=order-number]").await;
    shows_literally(&app, "order", &[SVG, URL]).await;

    // A complaint taken on the phone, found by a fragment of the name, with
    // a note on its timeline.
    app.el("body").await.send_keys(Key::Control + "n").await.unwrap();
    app.el("#complaint-customer-query").await.send_keys("Ruiz").await.unwrap();
    app.text_when("[data-testid=complaint-customer-option]", |t| t.contains(&name)).await;
    shows_literally(&app, "customer-lookup", &[&name]).await;
    app.keys(Key::Down).await;
    app.keys(Key::Enter).await;
    let complaint = format!("{LINK} {SCRIPT}");
    app.type_into_css("#complaint-description", &complaint).await;
    app.el("#complaint-description").await.send_keys(Key::Control + Key::Enter).await.unwrap();
    app.text_when("#complaint-detail-description", |t| t == complaint).await;
    app.type_into_css("[data-testid=complaint-note-text]", IMG).await;
    app.click("[data-testid=complaint-note-add]").await;
    shows_literally(&app, "complaint", &[&name, &complaint, IMG]).await;

    // The lists and the one search box.
    app.click("[data-testid=nav-complaints]").await;
    shows_literally(&app, "complaints-list", &[&name, &complaint]).await;
    app.click("[data-testid=nav-customers]").await;
    shows_literally(&app, "customers-list", &[&name]).await;
    app.click("[data-testid=nav-orders]").await;
    shows_literally(&app, "orders-list", &[&name]).await;
    app.type_into_css("[data-testid=global-search]", "Ruiz").await;
    app.text_when("[data-testid=search-result]", |t| t.contains(&name)).await;
    shows_literally(&app, "search", &[&name]).await;
    app.click("[data-testid=nav-dashboard]").await;
    app.el("[data-testid=dashboard-page]").await;
    shows_literally(&app, "dashboard", &[]).await;

    // CSV cells: the preview's sample and problems, then what was imported.
    app.click("[data-testid=nav-import]").await;
    app.click("[data-testid=import-choose]").await;
    app.text_when("[data-testid=import-problem]", |t| t.contains(IMG)).await;
    shows_literally(&app, "import-preview", &[IMG]).await;
    app.click("[data-testid=import-confirm]").await;
    app.el("[data-testid=import-result]").await;
    app.type_into_css("[data-testid=global-search]", "Sáez").await;
    app.text_when("[data-testid=search-result]", |t| t.contains("Sáez")).await;
    app.click("[data-testid=search-result]").await;
    let imported = format!("Íñigo {SVG} Sáez");
    app.text_when("[data-testid=customer-name]", |t| t == imported).await;
    shows_literally(&app, "imported-customer", &[&imported, SCRIPT, LINK]).await;

    // And the store holds exactly what was typed.
    let db = app.db();
    let stored: (String, String) = db
        .query_row("SELECT name, notes FROM customers WHERE email = 'eva@example.es'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(stored, (name.clone(), notes.clone()));
    let products: Vec<String> = db
        .prepare("SELECT product FROM order_lines ORDER BY order_id, position")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(products, [SVG, SCRIPT, LINK]);
    app.quit().await;
}
