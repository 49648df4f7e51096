//! Commands for complaints, the dashboard, a customer's data rights and
//! form drafts. Like commands.rs: one-line
//! delegations to the core and a `store-changed` event after writes.

use posventa_core::Result;
use posventa_core::complaints::{
    self, CompensationInput, Complaint, ComplaintCounts, ComplaintFilter, ComplaintInput, ComplaintSettings,
    ComplaintSettingsInput, ComplaintStatus, ComplaintSummary,
};
use posventa_core::customers::{self, CustomerSummary};
use posventa_core::dashboard::Dashboard;
use posventa_core::drafts::Draft;
use posventa_core::privacy::{self, CustomerExport};
use posventa_core::store::now_ms;
use tauri::{AppHandle, Emitter};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{Shop, changed};
use crate::returns::actor;

/// Live lookup while typing: bounded, so a fragment nearly everyone
/// matches still answers at once.
#[tauri::command]
pub async fn customers_suggest(state: Shop<'_>, query: String) -> Result<Vec<CustomerSummary>> {
    customers::suggest(&state.store, &query, 8, 200)
}

#[tauri::command]
pub async fn complaint_settings_get(state: Shop<'_>) -> Result<ComplaintSettings> {
    complaints::get_settings(&state.store)
}

#[tauri::command]
pub async fn complaint_settings_save(
    app: AppHandle,
    state: Shop<'_>,
    input: ComplaintSettingsInput,
) -> Result<ComplaintSettings> {
    changed(&app, "complaints", complaints::save_settings(&state.store, &input))
}

#[tauri::command]
pub async fn complaint_open(app: AppHandle, state: Shop<'_>, input: ComplaintInput) -> Result<Complaint> {
    changed(&app, "complaints", complaints::open(&state.store, &input, &actor(), now_ms()))
}

#[tauri::command]
pub async fn complaint_get(state: Shop<'_>, id: i64) -> Result<Complaint> {
    complaints::get(&state.store, id, now_ms())
}

#[tauri::command]
pub async fn complaints_list(
    state: Shop<'_>,
    filter: ComplaintFilter,
    limit: u32,
    offset: u32,
) -> Result<Vec<ComplaintSummary>> {
    complaints::list(&state.store, filter, now_ms(), limit, offset)
}

#[tauri::command]
pub async fn complaints_of_customer(state: Shop<'_>, customer_id: i64) -> Result<Vec<ComplaintSummary>> {
    complaints::of_customer(&state.store, customer_id, now_ms())
}

#[tauri::command]
pub async fn complaint_counts(state: Shop<'_>) -> Result<ComplaintCounts> {
    complaints::counts(&state.store, now_ms())
}

#[tauri::command]
pub async fn complaint_transition(
    app: AppHandle,
    state: Shop<'_>,
    id: i64,
    to: ComplaintStatus,
    note: String,
) -> Result<Complaint> {
    changed(&app, "complaints", complaints::transition(&state.store, id, to, &note, &actor(), now_ms()))
}

#[tauri::command]
pub async fn complaint_note(app: AppHandle, state: Shop<'_>, id: i64, note: String) -> Result<Complaint> {
    changed(&app, "complaints", complaints::add_note(&state.store, id, &note, &actor(), now_ms()))
}

#[tauri::command]
pub async fn complaint_call(
    app: AppHandle,
    state: Shop<'_>,
    id: i64,
    duration_s: u32,
    note: String,
) -> Result<Complaint> {
    changed(&app, "complaints", complaints::log_call(&state.store, id, duration_s, &note, &actor(), now_ms()))
}

#[tauri::command]
pub async fn complaint_compensate(
    app: AppHandle,
    state: Shop<'_>,
    id: i64,
    input: CompensationInput,
) -> Result<Complaint> {
    // Points land in the loyalty ledger too, and store credit is a coupon.
    let done = changed(&app, "complaints", complaints::compensate(&state.store, id, &input, &actor(), now_ms()));
    changed(&app, "coupons", changed(&app, "loyalty", done))
}

/// A reply by email: queued in the outbox and sent by the mail engine.
#[tauri::command]
pub async fn complaint_reply(app: AppHandle, state: Shop<'_>, id: i64, text: String) -> Result<Complaint> {
    let replied = changed(&app, "complaints", complaints::reply_by_email(&state.store, id, &text, &actor(), now_ms()));
    state.mail.wake();
    replied
}

/// The dashboard's figures for `from`..=`to` (local days, `YYYY-MM-DD`).
#[tauri::command]
pub async fn dashboard(state: Shop<'_>, from: String, to: String) -> Result<Dashboard> {
    posventa_core::dashboard::overview(&state.store, &from, &to, now_ms())
}

#[tauri::command]
pub async fn draft_save(state: Shop<'_>, name: String, body: String) -> Result<()> {
    state.drafts.save(&name, &body)
}

#[tauri::command]
pub async fn draft_load(state: Shop<'_>, name: String) -> Result<Option<Draft>> {
    state.drafts.load(&name)
}

#[tauri::command]
pub async fn draft_discard(state: Shop<'_>, name: String) -> Result<()> {
    state.drafts.discard(&name)
}

/// Everything about one customer in a zip the owner saves where they choose;
/// `None` when they cancel the dialog.
#[tauri::command]
pub async fn customer_export(app: AppHandle, state: Shop<'_>, id: i64) -> Result<Option<CustomerExport>> {
    let name = format!("cliente-{id}.zip");
    let picked = match std::env::var(crate::backups::PICK_SAVE_ENV) {
        Ok(path) => Some(std::path::PathBuf::from(path)),
        Err(_) => app
            .dialog()
            .file()
            .add_filter("ZIP", &["zip"])
            .set_file_name(name)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok()),
    };
    picked.map(|path| privacy::export_customer(&state.store, id, &path)).transpose()
}

/// Erases the customer's personal data, in the store and in the copies of
/// messages kept as files in the outbox folder.
#[tauri::command]
pub async fn customer_erase(app: AppHandle, state: Shop<'_>, id: i64) -> Result<()> {
    let email = privacy::erase_customer(&state.store, id, now_ms())?;
    if let Some(email) = email {
        remove_mail_files(&state.outbox_dir, &email);
    }
    for area in ["customers", "orders", "complaints", "surveys", "lists", "returns", "loyalty"] {
        let _ = app.emit("store-changed", area);
    }
    Ok(())
}

/// `.eml` files addressed to `email` (kept when no relay is set up).
fn remove_mail_files(dir: &std::path::Path, email: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let needle = email.to_lowercase();
    for entry in entries.flatten() {
        let path = entry.path();
        let is_mail = path.extension().is_some_and(|e| e == "eml");
        if is_mail
            && std::fs::read_to_string(&path).is_ok_and(|text| text.to_lowercase().contains(&needle))
            && let Err(e) = std::fs::remove_file(&path)
        {
            log::warn!("could not remove {}: {e}", path.display());
        }
    }
}
