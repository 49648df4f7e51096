//! Commands for newsletter lists, subscribers, the suppression list,
//! audiences and campaigns. Like commands.rs: one-line delegations to the
//! core, a `store-changed` event after writes, and a nudge to the mail
//! engine when there is something new to send.

use std::path::PathBuf;

use posventa_core::Result;
use posventa_core::campaigns::{self, Campaign, CampaignInput, CampaignRecipient, RecipientState};
use posventa_core::newsletter::{
    self, List, ListInput, Subscriber, SubscriberAdded, SubscriberImportReport, SubscriberInput, Suppression,
    SuppressionReason,
};
use posventa_core::segments::{self, Audience, AudienceCount};
use posventa_mail::Result as MailResult;
use tauri::{AppHandle, Manager};

use crate::AppState;
use crate::commands::{Shop, changed};

#[tauri::command]
pub async fn lists_list(state: Shop<'_>) -> Result<Vec<List>> {
    newsletter::lists(&state.store)
}

#[tauri::command]
pub async fn list_create(app: AppHandle, state: Shop<'_>, input: ListInput) -> Result<List> {
    changed(&app, "lists", newsletter::create_list(&state.store, &input))
}

#[tauri::command]
pub async fn list_update(app: AppHandle, state: Shop<'_>, id: i64, input: ListInput) -> Result<List> {
    changed(&app, "lists", newsletter::update_list(&state.store, id, &input))
}

#[tauri::command]
pub async fn subscribers_list(
    state: Shop<'_>,
    list_id: i64,
    query: String,
    limit: u32,
    offset: u32,
) -> Result<Vec<Subscriber>> {
    newsletter::subscribers(&state.store, list_id, &query, limit, offset)
}

#[tauri::command]
pub async fn subscriber_add(
    app: AppHandle,
    state: Shop<'_>,
    list_id: i64,
    input: SubscriberInput,
) -> Result<SubscriberAdded> {
    let added = changed(&app, "lists", newsletter::add_subscriber(&state.store, list_id, &input))?;
    if added.confirmation_queued {
        state.mail.wake();
    }
    Ok(added)
}

/// The lists a customer is on, for their page.
#[tauri::command]
pub async fn customer_subscriptions(
    state: Shop<'_>,
    customer_id: i64,
) -> Result<Vec<newsletter::CustomerSubscription>> {
    newsletter::subscriptions_of(&state.store, customer_id)
}

#[tauri::command]
pub async fn subscriber_unsubscribe(app: AppHandle, state: Shop<'_>, id: i64) -> Result<Subscriber> {
    changed(&app, "lists", newsletter::unsubscribe(&state.store, id))
}

#[tauri::command]
pub async fn subscriber_confirm(app: AppHandle, state: Shop<'_>, id: i64) -> Result<Subscriber> {
    changed(&app, "lists", newsletter::confirm(&state.store, id))
}

/// A dry run (`commit` false) or the import, off the UI thread.
#[tauri::command]
pub async fn subscribers_import(
    app: AppHandle,
    list_id: i64,
    path: String,
    commit: bool,
) -> Result<SubscriberImportReport> {
    let work = app.clone();
    let result = tauri::async_runtime::spawn_blocking(move || {
        let state = work.state::<AppState>();
        newsletter::import_subscribers(&state.store, list_id, &PathBuf::from(path), commit)
    })
    .await
    .unwrap_or(Err(posventa_core::Error::Cancelled));
    if commit { changed(&app, "lists", result) } else { result }
}

#[tauri::command]
pub async fn suppressions_list(state: Shop<'_>, query: String, limit: u32, offset: u32) -> Result<Vec<Suppression>> {
    newsletter::suppressions(&state.store, &query, limit, offset)
}

#[tauri::command]
pub async fn suppression_add(app: AppHandle, state: Shop<'_>, email: String) -> Result<Suppression> {
    changed(&app, "lists", newsletter::suppress(&state.store, &email, SuppressionReason::Manual, ""))
}

#[tauri::command]
pub async fn suppression_remove(app: AppHandle, state: Shop<'_>, email: String) -> Result<()> {
    changed(&app, "lists", newsletter::unsuppress(&state.store, &email))
}

#[tauri::command]
pub async fn audience_count(state: Shop<'_>, audience: Audience) -> Result<AudienceCount> {
    segments::count(&state.store, &audience)
}

#[tauri::command]
pub async fn tags_list(state: Shop<'_>) -> Result<Vec<String>> {
    segments::tags(&state.store)
}

/// Replaces a customer's tags (used by segments).
#[tauri::command]
pub async fn customer_set_tags(app: AppHandle, state: Shop<'_>, id: i64, tags: Vec<String>) -> Result<Vec<String>> {
    changed(&app, "customers", segments::set_tags(&state.store, id, &tags))
}

#[tauri::command]
pub async fn campaigns_list(state: Shop<'_>) -> Result<Vec<Campaign>> {
    campaigns::list(&state.store)
}

#[tauri::command]
pub async fn campaign_get(state: Shop<'_>, id: i64) -> Result<Campaign> {
    campaigns::get(&state.store, id)
}

#[tauri::command]
pub async fn campaign_create(app: AppHandle, state: Shop<'_>, input: CampaignInput) -> MailResult<Campaign> {
    crate::mail::check_campaign(&state, &input)?;
    Ok(changed(&app, "campaigns", campaigns::create(&state.store, &input))?)
}

#[tauri::command]
pub async fn campaign_update(app: AppHandle, state: Shop<'_>, id: i64, input: CampaignInput) -> MailResult<Campaign> {
    crate::mail::check_campaign(&state, &input)?;
    Ok(changed(&app, "campaigns", campaigns::update(&state.store, id, &input))?)
}

#[tauri::command]
pub async fn campaign_delete(app: AppHandle, state: Shop<'_>, id: i64) -> Result<()> {
    changed(&app, "campaigns", campaigns::delete(&state.store, id))
}

/// Writing 10,000 recipients takes a moment: off the async workers.
#[tauri::command]
pub async fn campaign_start(app: AppHandle, id: i64) -> Result<Campaign> {
    let work = app.clone();
    let result = tauri::async_runtime::spawn_blocking(move || campaigns::start(&work.state::<AppState>().store, id))
        .await
        .unwrap_or(Err(posventa_core::Error::Cancelled));
    let campaign = changed(&app, "campaigns", result)?;
    app.state::<AppState>().mail.wake();
    Ok(campaign)
}

#[tauri::command]
pub async fn campaign_schedule(app: AppHandle, state: Shop<'_>, id: i64, at: i64) -> Result<Campaign> {
    let campaign = changed(&app, "campaigns", campaigns::schedule(&state.store, id, at))?;
    state.mail.wake();
    Ok(campaign)
}

#[tauri::command]
pub async fn campaign_unschedule(app: AppHandle, state: Shop<'_>, id: i64) -> Result<Campaign> {
    changed(&app, "campaigns", campaigns::unschedule(&state.store, id))
}

#[tauri::command]
pub async fn campaign_pause(app: AppHandle, state: Shop<'_>, id: i64) -> Result<Campaign> {
    changed(&app, "campaigns", campaigns::pause(&state.store, id))
}

#[tauri::command]
pub async fn campaign_resume(app: AppHandle, state: Shop<'_>, id: i64) -> Result<Campaign> {
    let campaign = changed(&app, "campaigns", campaigns::resume(&state.store, id))?;
    state.mail.wake();
    Ok(campaign)
}

#[tauri::command]
pub async fn campaign_cancel(app: AppHandle, state: Shop<'_>, id: i64) -> Result<Campaign> {
    changed(&app, "campaigns", campaigns::cancel(&state.store, id))
}

#[tauri::command]
pub async fn campaign_recipients(
    shop: Shop<'_>,
    id: i64,
    state: Option<RecipientState>,
    limit: u32,
    offset: u32,
) -> Result<Vec<CampaignRecipient>> {
    campaigns::recipients(&shop.store, id, state, limit, offset)
}
