//! The shell's side of email: starts the mail engine, forwards its progress
//! as events, and the commands of Settings → Email and the campaign editor
//! (preview, test send).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use posventa_core::campaigns::CampaignInput;
use posventa_core::settings;
use posventa_mail::compose::{self, Content, Rendered, SampleRecipient, Sender, Template, Vars};
use posventa_mail::settings::{self as mail_settings, KEYRING_SERVICE, MailSettings};
use posventa_mail::transport::{self, Connection, Relay, TestReport};
use posventa_mail::{CampaignProgress, Engine, EngineConfig, Observer, Result};
use serde::Serialize;
use tauri::{AppHandle, Emitter};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

use crate::AppState;
use crate::commands::Shop;

/// Where .eml files go while no relay is configured.
pub fn outbox_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("outbox")
}

/// Turns the engine's reports into events for the window.
struct Events(AppHandle);

impl Observer for Events {
    fn progress(&self, progress: &CampaignProgress) {
        let _ = self.0.emit("campaign-progress", progress);
    }

    fn campaign_changed(&self, _campaign_id: i64) {
        let _ = self.0.emit("store-changed", "campaigns");
    }

    fn message_done(&self) {
        let _ = self.0.emit("store-changed", "mail");
    }
}

pub fn start_engine(app: &AppHandle, store: Arc<posventa_core::Store>, outbox: PathBuf) -> Engine {
    Engine::start(store, EngineConfig::new(outbox, KEYRING_SERVICE), Arc::new(Events(app.clone())))
}

/// Settings → Email as the form needs it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "MailSettingsView")]
pub struct MailSettingsPage {
    pub settings: MailSettings,
    /// A password is stored in the system's credential store (never shown).
    pub has_password: bool,
    pub relay_configured: bool,
    /// The folder of .eml files written while no relay is configured.
    pub outbox_dir: String,
}

fn page(state: &AppState) -> Result<MailSettingsPage> {
    let view = mail_settings::view(&state.store, KEYRING_SERVICE)?;
    Ok(MailSettingsPage {
        settings: view.settings,
        has_password: view.has_password,
        relay_configured: view.relay_configured,
        outbox_dir: state.outbox_dir.display().to_string(),
    })
}

#[tauri::command]
pub async fn mail_settings_get(state: Shop<'_>) -> Result<MailSettingsPage> {
    page(&state)
}

/// `password`: null keeps the stored one, "" removes it.
#[tauri::command]
pub async fn mail_settings_save(
    app: AppHandle,
    state: Shop<'_>,
    settings: MailSettings,
    password: Option<String>,
) -> Result<MailSettingsPage> {
    mail_settings::save(&state.store, KEYRING_SERVICE, settings, password)?;
    let _ = app.emit("store-changed", "mail");
    // New relay or rate: paused-by-relay campaigns stay paused until the
    // owner resumes them, but queued messages are looked at again now.
    state.mail.wake();
    page(&state)
}

/// Settings → Email → "Send test message", through the saved settings.
#[tauri::command]
pub async fn mail_send_test(state: Shop<'_>, to: String) -> Result<TestReport> {
    let settings = mail_settings::load(&state.store)?;
    if !settings.relay_configured() {
        let built = compose::test_message(&settings, &to)?;
        return save_eml(&state, &built.bytes);
    }
    let password = mail_settings::password(KEYRING_SERVICE, &settings)?;
    transport::send_test(&settings, password, &to, &[]).await
}

/// Opens the outbox folder in the system's file manager.
#[tauri::command]
pub async fn mail_open_outbox(app: AppHandle, state: Shop<'_>) -> Result<()> {
    std::fs::create_dir_all(&state.outbox_dir)
        .map_err(|source| posventa_core::Error::DataDir { path: state.outbox_dir.display().to_string(), source })?;
    if let Err(err) = app.opener().open_path(state.outbox_dir.display().to_string(), None::<&str>) {
        log::warn!("could not open the outbox folder: {err}");
    }
    Ok(())
}

fn content(input: &CampaignInput) -> Content {
    Content { subject: input.subject.clone(), preheader: input.preheader.clone(), body_md: input.body_md.clone() }
}

/// Refuses a campaign whose placeholders cannot be rendered, before it is saved.
pub fn check_campaign(state: &AppState, input: &CampaignInput) -> Result<()> {
    Template::campaign(&content(input), language(state)?)?;
    Ok(())
}

fn language(state: &AppState) -> Result<settings::Language> {
    Ok(settings::get(&state.store)?.resolved_language(&state.locale))
}

/// The campaign editor's preview: the HTML part is served at `url` by the
/// `preview:` protocol, under its own strict policy, rather than put into the
/// app's page (whose policy would, rightly, refuse the email's inline styles).
#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewPage {
    pub subject: String,
    pub text: String,
    /// Where the sandboxed frame loads the HTML part from.
    pub url: String,
}

/// The last rendered preview, served by [`serve_preview`] under a fresh token.
#[derive(Default)]
pub struct Previews(Mutex<Option<(String, String)>>);

/// The campaign as a sample recipient will see it.
#[tauri::command]
pub async fn campaign_preview(state: Shop<'_>, input: CampaignInput) -> Result<PreviewPage> {
    let settings = mail_settings::load(&state.store)?;
    let shop = settings::get(&state.store)?;
    let Rendered { subject, html, text } = compose::preview(
        &content(&input),
        language(&state)?,
        &shop.shop_name,
        &Sender::from_settings(&settings),
        &sample(),
        None,
    )?;
    let token = posventa_core::newsletter::token();
    // Windows' webview reaches custom protocols as http://<scheme>.localhost.
    let url = if cfg!(windows) {
        format!("http://{PREVIEW_SCHEME}.localhost/{token}")
    } else {
        format!("{PREVIEW_SCHEME}://localhost/{token}")
    };
    *state.previews.0.lock().unwrap_or_else(PoisonError::into_inner) = Some((token, html));
    Ok(PreviewPage { subject, text, url })
}

pub const PREVIEW_SCHEME: &str = "preview";

/// Nothing but the email's own inline styles and pictures: no scripts, no
/// requests back to the app, no forms (the frame is also `sandbox=""`).
const PREVIEW_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; font-src https:; sandbox";

pub fn serve_preview(previews: &Previews, path: &str) -> tauri::http::Response<Vec<u8>> {
    let token = path.trim_start_matches('/');
    let html = match &*previews.0.lock().unwrap_or_else(PoisonError::into_inner) {
        Some((current, html)) if current == token => Some(html.clone()),
        _ => None,
    };
    let builder = tauri::http::Response::builder().header("Content-Security-Policy", PREVIEW_POLICY);
    match html {
        Some(html) => builder.header("Content-Type", "text/html; charset=utf-8").body(html.into_bytes()),
        None => builder.status(404).body(Vec::new()),
    }
    .expect("a static response is always valid")
}

fn sample() -> SampleRecipient {
    SampleRecipient { name: "Ana García".into(), email: "ana@example.com".into() }
}

/// Sends the campaign as it stands to one address, now, outside the outbox.
#[tauri::command]
pub async fn campaign_test_send(state: Shop<'_>, input: CampaignInput, to: String) -> Result<TestReport> {
    let settings = mail_settings::load(&state.store)?;
    let shop = settings::get(&state.store)?;
    let template = Template::campaign(&content(&input), language(&state)?)?;
    let sender = Sender::from_settings(&settings);
    let token = posventa_core::newsletter::token();
    let url = compose::unsubscribe_url(&sender.from_address, &token, None);
    let sample = sample();
    let rendered = template.render(&Vars::new(&serde_json::Value::Null, &sample.name, &to, &shop.shop_name, &url))?;
    let domain = sender.from_address.rsplit_once('@').map_or("posventa.invalid", |(_, d)| d).to_owned();
    let message_id = format!("<{token}@{domain}>");
    let envelope = compose::Envelope {
        to_address: to.trim(),
        to_name: "",
        message_id: &message_id,
        unsubscribe_token: &token,
        collector_url: None,
        date: SystemTime::now(),
    };
    let built = compose::build(&sender, &envelope, &rendered)?;
    if !settings.relay_configured() {
        return save_eml(&state, &built.bytes);
    }
    let password = mail_settings::password(KEYRING_SERVICE, &settings)?;
    let relay = match Relay::new(&settings, password, &[]) {
        Ok(relay) => relay,
        Err(failure) => return Ok(TestReport::from_failure(failure)),
    };
    let mut conn = match Connection::open(&relay).await {
        Ok(conn) => conn,
        Err(failure) => return Ok(TestReport::from_failure(failure)),
    };
    let outcome = conn.send(&built.from, &built.to, &built.bytes).await;
    conn.quit().await;
    Ok(TestReport::from_outcome(outcome))
}

/// No relay yet: the test message lands in the outbox folder.
fn save_eml(state: &AppState, bytes: &[u8]) -> Result<TestReport> {
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
    let path = posventa_mail::eml::write(&state.outbox_dir, now, 0, bytes)?;
    Ok(TestReport::saved(path.display().to_string()))
}
