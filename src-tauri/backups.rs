//! Commands for local backups, and the daily schedule that takes them.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use posventa_core::backup::{self, BackupFile, BackupKind};
use posventa_core::store::now_ms;
use posventa_core::{Result, Store};
use tauri::{AppHandle, Emitter};
use tauri_plugin_dialog::DialogExt;

use crate::commands::Shop;

/// Tests set this to the file the "choose a backup" dialog returns.
pub const PICK_BACKUP_ENV: &str = "POSVENTA_TEST_PICK_BACKUP";
/// Tests set this to the path the "save as" dialog of an export returns.
pub const PICK_SAVE_ENV: &str = "POSVENTA_TEST_SAVE_PATH";

/// Every area, so each open page reloads after a restore.
const AREAS: [&str; 10] =
    ["settings", "customers", "orders", "lists", "campaigns", "mail", "surveys", "returns", "loyalty", "complaints"];

#[tauri::command]
pub async fn backups_list(state: Shop<'_>) -> Result<Vec<BackupFile>> {
    backup::list(&backup::dir_for(state.store.path()))
}

#[tauri::command]
pub async fn backup_now(state: Shop<'_>) -> Result<BackupFile> {
    state.store.backup(BackupKind::Manual, now_ms())
}

#[tauri::command]
pub async fn backup_pick_file(app: AppHandle, state: Shop<'_>) -> Result<Option<String>> {
    if let Ok(path) = std::env::var(PICK_BACKUP_ENV) {
        return Ok(Some(path));
    }
    Ok(app
        .dialog()
        .file()
        .set_directory(backup::dir_for(state.store.path()))
        .add_filter("SQLite", &["sqlite3", "sqlite", "db"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Returns the copy taken of what was there before.
#[tauri::command]
pub async fn backup_restore(app: AppHandle, state: Shop<'_>, path: String) -> Result<BackupFile> {
    let before = state.store.restore(Path::new(&path), now_ms())?;
    for area in AREAS {
        let _ = app.emit("store-changed", area);
    }
    state.mail.wake();
    Ok(before)
}

/// Takes the scheduled backup when the newest one is a day old; checked a
/// minute after start (not to slow it) and then every quarter of an hour, so
/// a machine that is only on during opening hours still gets its daily copy.
pub fn start_schedule(store: Arc<Store>) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(Duration::from_secs(60)).await;
        loop {
            let store = store.clone();
            let _ = tauri::async_runtime::spawn_blocking(move || {
                let dir = backup::dir_for(store.path());
                match backup::scheduled_due(&dir, now_ms()) {
                    Ok(true) => match store.backup(BackupKind::Scheduled, now_ms()) {
                        Ok(b) => log::info!("backup taken: {} ({} bytes)", b.file_name, b.bytes),
                        Err(e) => log::warn!("scheduled backup failed: {e}"),
                    },
                    Ok(false) => {}
                    Err(e) => log::warn!("backups folder unreadable: {e}"),
                }
            })
            .await;
            tokio::time::sleep(Duration::from_secs(15 * 60)).await;
        }
    });
}
