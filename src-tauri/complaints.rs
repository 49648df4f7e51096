//! Commands for complaints, the dashboard and form drafts. Like commands.rs: one-line
//! delegations to the core and a `store-changed` event after writes.

use posventa_core::Result;
use posventa_core::complaints::{
    self, CompensationInput, Complaint, ComplaintCounts, ComplaintFilter, ComplaintInput, ComplaintSettings,
    ComplaintSettingsInput, ComplaintStatus, ComplaintSummary,
};
use posventa_core::customers::{self, CustomerSummary};
use posventa_core::dashboard::Dashboard;
use posventa_core::drafts::Draft;
use posventa_core::store::now_ms;
use tauri::AppHandle;

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
    // Points land in the loyalty ledger too.
    let done = changed(&app, "complaints", complaints::compensate(&state.store, id, &input, &actor(), now_ms()));
    changed(&app, "loyalty", done)
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
