//! Commands the UI can call. Each one delegates to the core in one line and
//! reports writes with a `store-changed` event so open lists refresh.
//! They are `async` so Tauri runs them off the main (UI) thread.

use posventa_core::Result;
use posventa_core::customers::{
    self, Customer, CustomerInput, CustomerPage, CustomerSummary, PossibleDuplicate,
};
use posventa_core::orders::{self, Order, OrderInput};
use posventa_core::settings::{self, Settings, SettingsView};
use tauri::{AppHandle, Emitter, State};

use crate::AppState;

type Shop<'a> = State<'a, AppState>;

/// Tells every window that an area's data changed.
fn changed<T>(app: &AppHandle, area: &str, result: Result<T>) -> Result<T> {
    if result.is_ok() {
        let _ = app.emit("store-changed", area);
    }
    result
}

#[tauri::command]
pub async fn settings_get(state: Shop<'_>) -> Result<SettingsView> {
    settings::view(&state.store, &state.locale)
}

#[tauri::command]
pub async fn settings_update(
    app: AppHandle,
    state: Shop<'_>,
    settings: Settings,
) -> Result<SettingsView> {
    changed(
        &app,
        "settings",
        settings::update(&state.store, settings)
            .and_then(|_| settings::view(&state.store, &state.locale)),
    )
}

#[tauri::command]
pub async fn customers_list(
    state: Shop<'_>,
    query: String,
    limit: u32,
    offset: u32,
) -> Result<Vec<CustomerSummary>> {
    customers::list(&state.store, &query, limit, offset)
}

#[tauri::command]
pub async fn customer_page(state: Shop<'_>, id: i64) -> Result<CustomerPage> {
    customers::page(&state.store, id)
}

#[tauri::command]
pub async fn customer_create(
    app: AppHandle,
    state: Shop<'_>,
    input: CustomerInput,
) -> Result<Customer> {
    changed(&app, "customers", customers::create(&state.store, &input))
}

#[tauri::command]
pub async fn customer_update(
    app: AppHandle,
    state: Shop<'_>,
    id: i64,
    input: CustomerInput,
) -> Result<Customer> {
    changed(
        &app,
        "customers",
        customers::update(&state.store, id, &input),
    )
}

#[tauri::command]
pub async fn customer_duplicates(
    state: Shop<'_>,
    input: CustomerInput,
    exclude: Option<i64>,
) -> Result<Vec<PossibleDuplicate>> {
    customers::find_duplicates(&state.store, &input, exclude)
}

#[tauri::command]
pub async fn orders_list(
    state: Shop<'_>,
    query: String,
    limit: u32,
    offset: u32,
) -> Result<Vec<Order>> {
    orders::list(&state.store, &query, limit, offset)
}

#[tauri::command]
pub async fn order_get(state: Shop<'_>, id: i64) -> Result<Order> {
    orders::get(&state.store, id)
}

#[tauri::command]
pub async fn order_create(app: AppHandle, state: Shop<'_>, input: OrderInput) -> Result<Order> {
    changed(&app, "orders", orders::create(&state.store, &input))
}
