//! Surveys and the response collector on the shell's side: the shared secret
//! in the OS credential store, the signed score links, and syncing answers
//! from the collector (every few minutes and on "sync now").

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use posventa_collector::client::SyncError;
use posventa_collector::token::{Keys, Lang, Reference, Survey, Token};
use posventa_core::campaigns::Campaign;
use posventa_core::collector::{self, CollectorState, Event, SyncCounts};
use posventa_core::settings::Language;
use posventa_core::surveys::{
    self, FollowUp, LinkRequest, PhoneAnswer, Response, SurveyAudience, SurveyInput, SurveyKind, SurveyResults,
};
use posventa_core::{Error, Result, Store};
use posventa_mail::settings::{COLLECTOR_SECRET_USER, KEYRING_SERVICE};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use ts_rs::TS;

use crate::AppState;
use crate::commands::{Shop, changed};

/// Survey links stay valid this long.
const LINK_DAYS: u64 = 90;
/// How often answers are fetched while the app is open.
const SYNC_EVERY: Duration = Duration::from_secs(5 * 60);

fn keyring_error(err: keyring::Error) -> Error {
    log::warn!("collector secret: {err}");
    Error::invalid("collector_secret", "keyring_unavailable")
}

fn entry() -> Result<keyring::Entry> {
    keyring::Entry::new(KEYRING_SERVICE, COLLECTOR_SECRET_USER).map_err(keyring_error)
}

/// The shared secret as 64 hex characters, if one was made.
pub fn secret() -> Result<Option<String>> {
    match entry()?.get_password() {
        Ok(secret) => Ok(Some(secret)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(err) => Err(keyring_error(err)),
    }
}

pub fn keys() -> Result<Option<Keys>> {
    Ok(secret()?.and_then(|hex| Keys::from_secret_hex(&hex).ok()))
}

fn now_s() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn lang(language: Language) -> Lang {
    match language {
        Language::Es => Lang::Es,
        Language::En => Lang::En,
    }
}

fn survey(kind: SurveyKind) -> Survey {
    match kind {
        SurveyKind::Nps => Survey::Nps,
        SurveyKind::Csat => Survey::Csat,
        SurveyKind::Ces => Survey::Ces,
    }
}

/// One link per score: signed collector links, or without a collector
/// `mailto:` replies carrying the score and the reference (answers are then
/// typed in by hand).
pub fn score_links(collector: Option<(&str, &Keys)>, from_address: &str, request: &LinkRequest<'_>) -> Vec<String> {
    let scores = request.kind.scores();
    match (collector, Reference::parse(request.reference)) {
        (Some((url, keys)), Some(reference)) => {
            let token = keys.sign(&Token::Survey {
                survey: survey(request.kind),
                lang: lang(request.language),
                reference,
                expires: now_s() + LINK_DAYS * 86_400,
            });
            scores.map(|score| format!("{url}/s/{token}/{score}")).collect()
        }
        _ => scores
            .map(|score| {
                format!("mailto:{from_address}?subject={}%20{score}%20{}", request.kind.as_str(), request.reference)
            })
            .collect(),
    }
}

/// The collector as Settings shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CollectorView {
    pub state: CollectorState,
    /// A shared secret is stored in the system's credential store.
    pub has_secret: bool,
}

fn view(state: &AppState) -> Result<CollectorView> {
    Ok(CollectorView {
        state: collector::state(&state.store)?,
        has_secret: secret().inspect_err(|e| log::warn!("collector secret: {e}")).is_ok_and(|s| s.is_some()),
    })
}

#[tauri::command]
pub async fn collector_get(state: Shop<'_>) -> Result<CollectorView> {
    view(&state)
}

#[tauri::command]
pub async fn collector_save(app: AppHandle, state: Shop<'_>, url: String) -> Result<CollectorView> {
    changed(&app, "surveys", collector::set_url(&state.store, &url))?;
    state.mail.wake();
    view(&state)
}

/// A new shared secret: links already sent stop working, and the collector
/// must be given the new one.
#[tauri::command]
pub async fn collector_secret_new(state: Shop<'_>) -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| Error::invalid("collector_secret", "keyring_unavailable"))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    entry()?.set_password(&hex).map_err(keyring_error)?;
    state.mail.wake();
    Ok(hex)
}

#[tauri::command]
pub async fn collector_secret_reveal() -> Result<Option<String>> {
    secret()
}

/// Pulls, applies and acknowledges every pending event (see
/// `posventa_collector::client`); each page and its cursor are applied in
/// one transaction.
pub async fn sync(store: &Store, client: &reqwest::Client, keys: &Keys) -> Result<SyncCounts> {
    let state = collector::state(store)?;
    if state.url.is_empty() {
        return Err(Error::invalid("collector", "collector_not_configured"));
    }
    let mut total = SyncCounts::default();
    let result = posventa_collector::client::sync(client, &state.url, keys, state.cursor, |events: &[Event], next| {
        let counts = collector::apply_events(store, events, next)?;
        total.answers_new += counts.answers_new;
        total.answers_changed += counts.answers_changed;
        total.unsubscribes += counts.unsubscribes;
        total.ignored += counts.ignored;
        Ok::<_, Error>(())
    })
    .await;
    match result {
        Ok(()) => Ok(total),
        Err(SyncError::Apply(err)) => Err(err),
        Err(SyncError::Unauthorized) => Err(sync_error("collector_unauthorized", "401 from the collector")),
        Err(SyncError::Unreachable(e)) => Err(sync_error("collector_unreachable", e)),
        Err(SyncError::InvalidResponse(e)) => Err(sync_error("collector_invalid_response", e)),
    }
}

/// Why a sync could not run: a code the settings page says in words; the
/// details go to the log.
fn sync_error(code: &str, err: impl std::fmt::Display) -> Error {
    log::warn!("collector sync: {err}");
    Error::invalid("collector", code)
}

pub fn http_client() -> reqwest::Client {
    // reqwest is built without a default crypto provider: ring, like the mail engine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("Posventa/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("an HTTP client with default settings")
}

async fn sync_and_report(app: &AppHandle, store: &Store, client: &reqwest::Client) -> Result<SyncCounts> {
    let result = match keys() {
        Ok(Some(keys)) => sync(store, client, &keys).await,
        Ok(None) => Err(Error::invalid("collector", "secret_missing")),
        Err(err) => Err(err),
    };
    match &result {
        Ok(counts) if counts.answers_new + counts.answers_changed + counts.unsubscribes > 0 => {
            let _ = app.emit("store-changed", "surveys");
            let _ = app.emit("store-changed", "lists");
        }
        Ok(_) => {}
        Err(err) => {
            let _ = collector::record_error(
                store,
                err.payload().fields.first().map_or("collector_invalid_response", |f| &f.code),
            );
        }
    }
    result
}

#[tauri::command]
pub async fn collector_sync(app: AppHandle, state: Shop<'_>) -> Result<SyncCounts> {
    sync_and_report(&app, &state.store, &state.http).await
}

/// Fetches answers every few minutes while a collector is configured.
pub fn start_periodic_sync(app: AppHandle, store: Arc<Store>) {
    tauri::async_runtime::spawn(async move {
        let client = http_client();
        loop {
            tokio::time::sleep(SYNC_EVERY).await;
            let configured = collector::state(&store).is_ok_and(|s| !s.url.is_empty());
            if configured {
                let _ = sync_and_report(&app, &store, &client).await;
            }
        }
    });
}

#[tauri::command]
pub async fn survey_audience(state: Shop<'_>, delivered_within_days: u32) -> Result<SurveyAudience> {
    surveys::audience(&state.store, delivered_within_days)
}

/// Sends a survey now, as a campaign with signed links per score.
#[tauri::command]
pub async fn survey_send(app: AppHandle, input: SurveyInput) -> Result<Campaign> {
    let work = app.clone();
    let result = tauri::async_runtime::spawn_blocking(move || {
        let state = work.state::<AppState>();
        let url = collector::state(&state.store)?.url;
        let keys = if url.is_empty() { None } else { keys()? };
        let from = posventa_mail::settings::load(&state.store).map_err(|e| match e {
            posventa_mail::Error::Core(core) => core,
            other => Error::invalid("mail", other.code()),
        })?;
        let collector = keys.as_ref().map(|k| (url.as_str(), k));
        surveys::send(&state.store, &input, &|request| score_links(collector, &from.from_address, request))
    })
    .await
    .unwrap_or(Err(Error::Cancelled));
    let campaign = changed(&app, "campaigns", result)?;
    app.state::<AppState>().mail.wake();
    Ok(campaign)
}

#[tauri::command]
pub async fn survey_results(state: Shop<'_>, kind: SurveyKind, from: String, to: String) -> Result<SurveyResults> {
    surveys::results(&state.store, kind, &from, &to)
}

#[tauri::command]
pub async fn survey_comments(
    state: Shop<'_>,
    kind: SurveyKind,
    query: String,
    unhappy_only: bool,
    limit: u32,
) -> Result<Vec<Response>> {
    surveys::comments(&state.store, kind, &query, unhappy_only, limit)
}

#[tauri::command]
pub async fn customer_responses(state: Shop<'_>, customer_id: i64) -> Result<Vec<Response>> {
    surveys::responses_of(&state.store, customer_id)
}

#[tauri::command]
pub async fn phone_answer_record(app: AppHandle, state: Shop<'_>, answer: PhoneAnswer) -> Result<Response> {
    changed(&app, "surveys", surveys::record_phone_answer(&state.store, &answer))
}

#[tauri::command]
pub async fn follow_ups_list(state: Shop<'_>, customer_id: Option<i64>) -> Result<Vec<FollowUp>> {
    surveys::follow_ups(&state.store, customer_id)
}

#[tauri::command]
pub async fn follow_up_close(app: AppHandle, state: Shop<'_>, id: i64, note: String) -> Result<()> {
    changed(&app, "surveys", surveys::close_follow_up(&state.store, id, &note))
}
