//! Commands the UI can call. Each one delegates to the core in one line and
//! reports writes with a `store-changed` event so open lists refresh.
//! They are `async` so Tauri runs them off the main (UI) thread.

use posventa_core::Result;
use posventa_core::customers::{
    self, Customer, CustomerInput, CustomerPage, CustomerSort, CustomerSummary, PossibleDuplicate,
};
use posventa_core::export::{self, ExportKind};
use posventa_core::import::{self, ImportFinished, ImportOptions, ImportReport};
use posventa_core::orders::{self, Order, OrderInput, OrderSort, OrderStatus};
use posventa_core::search::{self, SearchResults};
use posventa_core::settings::{self, Settings, SettingsView};
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::{AppState, imports};

pub type Shop<'a> = State<'a, AppState>;

/// Tells every window that an area's data changed.
pub fn changed<T>(app: &AppHandle, area: &str, result: Result<T>) -> Result<T> {
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
pub async fn settings_update(app: AppHandle, state: Shop<'_>, settings: Settings) -> Result<SettingsView> {
    changed(
        &app,
        "settings",
        settings::update(&state.store, settings).and_then(|_| settings::view(&state.store, &state.locale)),
    )
}

#[tauri::command]
pub async fn customers_list(
    state: Shop<'_>,
    query: String,
    sort: Option<CustomerSort>,
    limit: u32,
    offset: u32,
) -> Result<Vec<CustomerSummary>> {
    customers::list_sorted(&state.store, &query, sort.unwrap_or_default(), limit, offset)
}

#[tauri::command]
pub async fn customer_page(state: Shop<'_>, id: i64) -> Result<CustomerPage> {
    customers::page(&state.store, id)
}

#[tauri::command]
pub async fn customer_create(app: AppHandle, state: Shop<'_>, input: CustomerInput) -> Result<Customer> {
    changed(&app, "customers", customers::create(&state.store, &input))
}

#[tauri::command]
pub async fn customer_update(app: AppHandle, state: Shop<'_>, id: i64, input: CustomerInput) -> Result<Customer> {
    changed(&app, "customers", customers::update(&state.store, id, &input))
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
    status: Option<OrderStatus>,
    sort: Option<OrderSort>,
    limit: u32,
    offset: u32,
) -> Result<Vec<Order>> {
    orders::list(&state.store, &query, status, sort.unwrap_or_default(), limit, offset)
}

#[tauri::command]
pub async fn order_get(state: Shop<'_>, id: i64) -> Result<Order> {
    orders::get(&state.store, id)
}

#[tauri::command]
pub async fn order_create(app: AppHandle, state: Shop<'_>, input: OrderInput) -> Result<Order> {
    // A redeemed coupon's use count moved too.
    let created = changed(&app, "orders", orders::create(&state.store, &input));
    if input.coupon.as_deref().is_some_and(|c| !c.trim().is_empty()) {
        changed(&app, "coupons", created)
    } else {
        created
    }
}

#[tauri::command]
pub async fn search(state: Shop<'_>, query: String) -> Result<SearchResults> {
    search::everything(&state.store, &query, 8)
}

/// Automated tests cannot click through the native dialog: they name the file here.
const PICK_FILE_ENV: &str = "POSVENTA_PICK_FILE";

#[tauri::command]
pub async fn import_pick_file(app: AppHandle) -> Option<String> {
    if let Ok(path) = std::env::var(PICK_FILE_ENV) {
        return Some(path);
    }
    app.dialog()
        .file()
        .add_filter("CSV", &["csv", "txt", "tsv"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

#[tauri::command]
pub async fn export_pick_path(app: AppHandle, name: String) -> Option<String> {
    app.dialog()
        .file()
        .add_filter("CSV", &["csv"])
        .set_file_name(name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

#[tauri::command]
pub async fn export_csv(state: Shop<'_>, kind: ExportKind, path: String, semicolon: bool) -> Result<u64> {
    export::to_csv(&state.store, kind, std::path::Path::new(&path), semicolon)
}

#[tauri::command]
pub async fn import_preview(app: AppHandle, path: String, options: Option<ImportOptions>) -> Result<ImportReport> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let _running = state.imports.begin()?;
        let mut progress = imports::reporter(&app, true, &state.imports);
        import::preview(&state.store, std::path::Path::new(&path), options, &mut progress)
    })
    .await
    .unwrap_or(Err(posventa_core::Error::Cancelled))
}

/// Starts the import in the background; progress and the end arrive as
/// `import-progress` and `import-finished` events.
#[tauri::command]
pub async fn import_start(app: AppHandle, path: String, options: ImportOptions) -> Result<()> {
    let running = app.state::<AppState>().imports.begin()?;
    std::thread::spawn(move || {
        let _running = running;
        let state = app.state::<AppState>();
        let mut progress = imports::reporter(&app, false, &state.imports);
        let result = import::run(&state.store, std::path::Path::new(&path), &options, true, &mut progress);
        if result.is_ok() {
            let _ = app.emit("store-changed", "customers");
            let _ = app.emit("store-changed", "orders");
        }
        let finished = match result {
            Ok(report) => ImportFinished { report: Some(report), error: None },
            Err(err) => ImportFinished { report: None, error: Some(err.payload()) },
        };
        let _ = app.emit("import-finished", finished);
    });
    Ok(())
}

#[tauri::command]
pub fn import_cancel(state: Shop<'_>) {
    state.imports.cancel();
}
