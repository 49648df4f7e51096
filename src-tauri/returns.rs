//! Commands for returns (RMA), loyalty points and order status changes.
//! Like commands.rs: one-line delegations to the core and a `store-changed`
//! event after writes. Who did what is the operating system's user name.

use std::time::Duration;

use posventa_core::Result;
use posventa_core::loyalty::{
    self, Balance, CustomerLoyalty, LoyaltySettings, LoyaltySettingsInput, PointsCoupon, Redemption, Referrer,
};
use posventa_core::orders::{self, Order, OrderStatus};
use posventa_core::returns::{
    self, Quote, ReturnFilter, ReturnForm, ReturnInput, ReturnPolicy, ReturnPolicyInput, ReturnRequest, ReturnStats,
    ReturnStatus,
};
use posventa_core::store::{now_ms, today};
use posventa_core::{Store, loyalty::ExpiryRun};
use tauri::AppHandle;

use crate::commands::{Shop, changed};

/// The person at the keyboard, for the return's timeline.
pub fn actor() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default()
}

#[tauri::command]
pub async fn order_set_status(
    app: AppHandle,
    state: Shop<'_>,
    id: i64,
    status: OrderStatus,
    delivered_on: Option<String>,
) -> Result<Order> {
    changed(&app, "orders", orders::set_status(&state.store, id, status, delivered_on))
}

#[tauri::command]
pub async fn return_policy_get(state: Shop<'_>) -> Result<ReturnPolicy> {
    returns::policy(&state.store)
}

#[tauri::command]
pub async fn return_policy_save(app: AppHandle, state: Shop<'_>, input: ReturnPolicyInput) -> Result<ReturnPolicy> {
    changed(&app, "returns", returns::save_policy(&state.store, &input))
}

#[tauri::command]
pub async fn return_form(state: Shop<'_>, order_id: i64) -> Result<ReturnForm> {
    returns::form(&state.store, order_id, today())
}

#[tauri::command]
pub async fn return_quote(state: Shop<'_>, input: ReturnInput) -> Result<Quote> {
    returns::quote(&state.store, &input, today())
}

#[tauri::command]
pub async fn return_open(app: AppHandle, state: Shop<'_>, input: ReturnInput) -> Result<ReturnRequest> {
    let opened = changed(&app, "returns", returns::open(&state.store, &input, &actor(), now_ms(), today()));
    // The customer's notice, if the policy sends them, is in the outbox.
    state.mail.wake();
    opened
}

#[tauri::command]
pub async fn return_transition(
    app: AppHandle,
    state: Shop<'_>,
    id: i64,
    to: ReturnStatus,
    note: String,
) -> Result<ReturnRequest> {
    let moved = changed(&app, "returns", returns::transition(&state.store, id, to, &note, &actor(), now_ms()));
    state.mail.wake();
    moved
}

#[tauri::command]
pub async fn return_get(state: Shop<'_>, id: i64) -> Result<ReturnRequest> {
    returns::get(&state.store, id)
}

#[tauri::command]
pub async fn returns_list(
    state: Shop<'_>,
    filter: ReturnFilter,
    limit: u32,
    offset: u32,
) -> Result<Vec<ReturnRequest>> {
    returns::list(&state.store, &filter, now_ms(), limit, offset)
}

#[tauri::command]
pub async fn return_stats(state: Shop<'_>, since: String) -> Result<ReturnStats> {
    returns::stats(&state.store, &since)
}

#[tauri::command]
pub async fn loyalty_settings_get(state: Shop<'_>) -> Result<LoyaltySettings> {
    loyalty::get_settings(&state.store)
}

#[tauri::command]
pub async fn loyalty_settings_save(
    app: AppHandle,
    state: Shop<'_>,
    input: LoyaltySettingsInput,
) -> Result<LoyaltySettings> {
    changed(&app, "loyalty", loyalty::save_settings(&state.store, &input))
}

#[tauri::command]
pub async fn customer_loyalty(state: Shop<'_>, customer_id: i64) -> Result<CustomerLoyalty> {
    loyalty::customer(&state.store, customer_id, now_ms(), today())
}

#[tauri::command]
pub async fn loyalty_redeem(
    app: AppHandle,
    state: Shop<'_>,
    customer_id: i64,
    points: i64,
    order_id: Option<i64>,
    note: String,
) -> Result<Redemption> {
    changed(&app, "loyalty", loyalty::redeem(&state.store, customer_id, points, order_id, &note, now_ms()))
}

/// Points traded in for a single-use coupon of their value.
#[tauri::command]
pub async fn loyalty_redeem_coupon(
    app: AppHandle,
    state: Shop<'_>,
    customer_id: i64,
    points: i64,
) -> Result<PointsCoupon> {
    let done = changed(&app, "loyalty", loyalty::redeem_as_coupon(&state.store, customer_id, points, now_ms()));
    changed(&app, "coupons", done)
}

#[tauri::command]
pub async fn loyalty_adjust(
    app: AppHandle,
    state: Shop<'_>,
    customer_id: i64,
    points: i64,
    reason: String,
) -> Result<Balance> {
    changed(&app, "loyalty", loyalty::adjust(&state.store, customer_id, points, &reason, now_ms()))
}

#[tauri::command]
pub async fn loyalty_set_referrer(app: AppHandle, state: Shop<'_>, customer_id: i64, code: String) -> Result<Referrer> {
    changed(&app, "loyalty", loyalty::set_referrer(&state.store, customer_id, &code, now_ms(), today()))
}

#[tauri::command]
pub async fn loyalty_backfill(app: AppHandle, state: Shop<'_>) -> Result<i64> {
    changed(&app, "loyalty", loyalty::backfill(&state.store, now_ms(), today()))
}

/// Expires due points at start and every hour, and rebuilds the tier cache
/// once a day, off the UI thread.
pub fn start_housekeeping(store: std::sync::Arc<Store>) {
    tauri::async_runtime::spawn(async move {
        let mut hours = 0u32;
        loop {
            let store = store.clone();
            let tiers = hours.is_multiple_of(24);
            let _ = tauri::async_runtime::spawn_blocking(move || {
                match loyalty::expire_due(&store, now_ms()) {
                    Ok(ExpiryRun { entries, points }) if entries > 0 => {
                        log::info!("expired {points} points ({entries} lots)")
                    }
                    Ok(_) => {}
                    Err(e) => log::warn!("points expiry failed: {e}"),
                }
                if tiers && let Err(e) = loyalty::recompute_tiers(&store, today()) {
                    log::warn!("tier recompute failed: {e}");
                }
            })
            .await;
            hours = hours.wrapping_add(1);
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}
