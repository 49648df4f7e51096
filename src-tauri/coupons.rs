//! Commands for coupons. Like commands.rs: one-line delegations to the core
//! and a `store-changed` event after writes. Redemption has no command of
//! its own: it happens inside `order_create`.

use posventa_core::Result;
use posventa_core::coupons::{self, Coupon, CouponInput, CouponView};
use posventa_core::store::now_ms;
use tauri::AppHandle;

use crate::commands::{Shop, changed};

#[tauri::command]
pub async fn coupons_list(state: Shop<'_>, query: String, limit: u32, offset: u32) -> Result<Vec<Coupon>> {
    coupons::list(&state.store, &query, limit, offset)
}

#[tauri::command]
pub async fn coupon_get(state: Shop<'_>, id: i64) -> Result<CouponView> {
    coupons::get(&state.store, id)
}

/// The coupons issued to one customer, for their page.
#[tauri::command]
pub async fn customer_coupons(state: Shop<'_>, customer_id: i64) -> Result<Vec<Coupon>> {
    coupons::of_customer(&state.store, customer_id)
}

#[tauri::command]
pub async fn coupon_create(app: AppHandle, state: Shop<'_>, input: CouponInput) -> Result<Coupon> {
    changed(&app, "coupons", coupons::create(&state.store, &input, now_ms()))
}

#[tauri::command]
pub async fn coupons_issue_bulk(
    app: AppHandle,
    state: Shop<'_>,
    input: CouponInput,
    count: u32,
) -> Result<Vec<Coupon>> {
    changed(&app, "coupons", coupons::issue_bulk(&state.store, &input, count, now_ms()))
}

/// `today`: the shop's calendar day as the window knows it (`YYYY-MM-DD`).
#[tauri::command]
pub async fn coupon_disable(app: AppHandle, state: Shop<'_>, id: i64, today: String) -> Result<Coupon> {
    changed(&app, "coupons", coupons::disable(&state.store, id, &today))
}

/// A batch of codes as a CSV file, at a path from `export_pick_path`.
#[tauri::command]
pub async fn coupons_save_csv(state: Shop<'_>, ids: Vec<i64>, path: String, semicolon: bool) -> Result<u64> {
    coupons::to_csv(&state.store, &ids, std::path::Path::new(&path), semicolon)
}
