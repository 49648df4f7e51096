//! The Tauri shell: opens the store, registers plugins and commands. Every
//! rule lives in `posventa-core`; commands here only delegate.

mod commands;
mod imports;

use std::path::PathBuf;

use posventa_core::{Store, settings};
use tauri::Manager;

/// Overrides the data folder (tests, demos, portable installs).
pub const DATA_DIR_ENV: &str = "POSVENTA_DATA_DIR";

/// What every command reaches through `tauri::State`.
pub struct AppState {
    pub store: Store,
    /// The operating system's locale, e.g. `es-ES`.
    pub locale: String,
    pub imports: imports::Imports,
}

fn data_dir(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => Ok(app.path().app_data_dir()?),
    }
}

pub fn run() {
    tauri::Builder::default()
        // First: a second launch focuses the running window instead of
        // opening the same store twice.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_log::Builder::new().level(log::LevelFilter::Info).build())
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let dir = data_dir(app)?;
            let store = Store::open_in_dir(&dir)?;
            let locale = sys_locale::get_locale().unwrap_or_else(|| "en-US".into());
            settings::ensure(&store, &locale)?;
            log::info!("store open at {}", store.path().display());
            app.manage(AppState { store, locale, imports: Default::default() });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::settings_get,
            commands::settings_update,
            commands::customers_list,
            commands::customer_page,
            commands::customer_create,
            commands::customer_update,
            commands::customer_duplicates,
            commands::orders_list,
            commands::order_get,
            commands::order_create,
            commands::search,
            commands::import_pick_file,
            commands::import_preview,
            commands::import_start,
            commands::import_cancel,
            commands::export_pick_path,
            commands::export_csv,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Posventa");
}
