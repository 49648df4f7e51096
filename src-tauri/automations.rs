//! Commands for automations and carriers, and the scheduler: a thread that
//! runs the rules every minute (and soon after an order changes), sleeping
//! through the shop's quiet hours. What is due comes from the store, so a
//! restart or a week switched off loses and repeats nothing.

use std::sync::Arc;

use posventa_core::automations::{
    self, AutomationRule, AutomationSettings, AutomationSettingsView, Carrier, Preview, RuleInput, RunReport,
    Scheduler, Scope, Sent,
};
use posventa_core::settings::Language;
use posventa_core::store::now_ms;
use posventa_core::{Error, Result, Store, collector};
use posventa_mail::compose::{Template, automation_content};
use tauri::{AppHandle, Emitter, Listener, Manager};

use crate::AppState;
use crate::commands::{Shop, changed};

/// One run now: what is due goes to the outbox.
pub fn run_once(app: &AppHandle, store: &Store, scope: Scope) -> Result<RunReport> {
    // Survey links need the collector's secret (from the credential store):
    // read once, and only when a survey is actually due.
    let url = collector::state(store)?.url;
    let from = posventa_mail::settings::load(store).map(|s| s.from_address).unwrap_or_default();
    let keys = std::cell::OnceCell::new();
    let links = |request: &posventa_core::surveys::LinkRequest<'_>| {
        let keys = keys.get_or_init(|| if url.is_empty() { None } else { crate::surveys::keys().ok().flatten() });
        crate::surveys::score_links(keys.as_ref().map(|k| (url.as_str(), k)), &from, request)
    };
    let report = automations::run_scope(store, now_ms(), &links, scope)?;
    if report.queued > 0 {
        log::info!("automations queued {} messages ({} held by the cap)", report.queued, report.capped);
        let _ = app.emit("store-changed", "automations");
        if let Some(state) = app.try_state::<AppState>() {
            state.mail.wake();
        }
    }
    Ok(report)
}

/// Starts the scheduler's thread; an order written anywhere wakes it.
pub fn start(app: &AppHandle, store: Arc<Store>) -> Scheduler {
    let handle = app.clone();
    let runs = store.clone();
    let scheduler = Scheduler::spawn(store, move |scope| {
        if let Err(err) = run_once(&handle, &runs, scope) {
            log::warn!("automations: {err}");
        }
    });
    let waker = scheduler.clone();
    app.listen_any("store-changed", move |event| {
        let area = event.payload().trim_matches('"');
        if matches!(area, "orders" | "customers" | "surveys" | "loyalty") {
            waker.wake();
        }
    });
    scheduler
}

#[tauri::command]
pub async fn automation_settings_get(state: Shop<'_>) -> Result<AutomationSettingsView> {
    automations::get_settings(&state.store)
}

#[tauri::command]
pub async fn automation_settings_save(
    app: AppHandle,
    state: Shop<'_>,
    input: AutomationSettings,
) -> Result<AutomationSettingsView> {
    let saved = changed(&app, "automations", automations::save_settings(&state.store, &input))?;
    state.automations.wake();
    Ok(saved)
}

#[tauri::command]
pub async fn automation_rules(state: Shop<'_>) -> Result<Vec<AutomationRule>> {
    automations::rules(&state.store)
}

/// The shop's texts must render: an unknown placeholder is named on its field.
fn check_texts(rule: &AutomationRule, input: &RuleInput) -> Result<()> {
    let mut problems = posventa_core::error::Problems::default();
    for language in [Language::Es, Language::En] {
        let draft = AutomationRule {
            subject_es: input.subject_es.trim().into(),
            body_es: input.body_es.trim().into(),
            subject_en: input.subject_en.trim().into(),
            body_en: input.body_en.trim().into(),
            coupon_percent: input.coupon_percent,
            ..rule.clone()
        };
        if let Err(posventa_mail::Error::Template { field, .. }) =
            Template::automation(&automation_content(&draft, language), language)
        {
            let part = if field == "subject" { "subject" } else { "body" };
            problems.add(format!("{part}_{}", language.code()), "template_invalid");
        }
    }
    problems.into_result()
}

#[tauri::command]
pub async fn automation_rule_save(
    app: AppHandle,
    state: Shop<'_>,
    id: i64,
    input: RuleInput,
) -> Result<AutomationRule> {
    let rule = automations::rules(&state.store)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(Error::NotFound { entity: "automation rule", id })?;
    check_texts(&rule, &input)?;
    changed(&app, "automations", automations::save_rule(&state.store, id, &input, now_ms()))
}

/// Switching on counts from now; pausing stops the rule's waiting messages.
#[tauri::command]
pub async fn automation_rule_enable(app: AppHandle, state: Shop<'_>, id: i64, enabled: bool) -> Result<AutomationRule> {
    let rule = changed(&app, "automations", automations::set_enabled(&state.store, id, enabled, now_ms()))?;
    state.automations.wake();
    Ok(rule)
}

#[tauri::command]
pub async fn automation_preview(state: Shop<'_>, id: i64) -> Result<Preview> {
    automations::preview(&state.store, id, now_ms())
}

#[tauri::command]
pub async fn automation_timeline(state: Shop<'_>, customer_id: i64) -> Result<Vec<Sent>> {
    automations::timeline(&state.store, customer_id)
}

#[tauri::command]
pub async fn carriers_get(state: Shop<'_>) -> Result<Vec<Carrier>> {
    automations::carriers(&state.store)
}

#[tauri::command]
pub async fn carriers_save(app: AppHandle, state: Shop<'_>, carriers: Vec<Carrier>) -> Result<Vec<Carrier>> {
    changed(&app, "automations", automations::save_carriers(&state.store, &carriers))
}
