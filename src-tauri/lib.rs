//! The Tauri shell: opens the store, registers plugins and commands. Every
//! rule lives in `posventa-core`; commands here only delegate.

mod automations;
mod backups;
#[cfg(test)]
mod bindings;
mod commands;
mod complaints;
mod coupons;
mod imports;
mod mail;
mod newsletters;
mod returns;
/// Public for the end-to-end tests (links and sync against a real collector).
pub mod surveys;

use std::path::PathBuf;
use std::sync::Arc;

use posventa_core::{Store, settings};
use tauri::Manager;

/// Overrides the data folder (tests, demos, portable installs).
pub const DATA_DIR_ENV: &str = "POSVENTA_DATA_DIR";

/// Logged by the running app when a second launch hands over to it.
pub const SECOND_LAUNCH_LOG: &str = "a second launch focused the open window";

/// What every command reaches through `tauri::State`.
pub struct AppState {
    pub store: Arc<Store>,
    /// The operating system's locale, e.g. `es-ES`.
    pub locale: String,
    pub imports: imports::Imports,
    /// The background sender; `wake` it when there is something new to send.
    pub mail: posventa_mail::Engine,
    pub outbox_dir: PathBuf,
    pub previews: mail::Previews,
    /// For the response collector.
    pub http: reqwest::Client,
    /// Forms saved as they are typed (the new complaint).
    pub drafts: posventa_core::drafts::Drafts,
    /// Runs the automation rules; `wake` it after a change they care about.
    pub automations: posventa_core::automations::Scheduler,
}

fn data_dir(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => Ok(app.path().app_data_dir()?),
    }
}

/// Why the app cannot start, in the owner's language, with what to do.
fn start_failure(err: &posventa_core::Error, locale: &str, dir: &std::path::Path) -> String {
    let spanish = settings::Language::from_locale(locale) == settings::Language::Es;
    let dir = dir.display();
    match (err.code(), spanish) {
        ("disk_full", true) => "Posventa no puede abrirse: el disco está lleno. Libera espacio y vuelve a abrirla; tus datos están intactos.".into(),
        ("disk_full", false) => "Posventa cannot start: the disk is full. Free some space and open it again; your data is intact.".into(),
        ("read_only" | "data_dir", true) => format!("Posventa no puede abrirse: no puede escribir en su carpeta de datos ({dir}). Comprueba que el disco no es de solo lectura y que tienes permiso; tus datos están intactos."),
        ("read_only" | "data_dir", false) => format!("Posventa cannot start: it cannot write to its data folder ({dir}). Check that the disk is not read-only and that you have permission; your data is intact."),
        ("migration", true) => format!("Posventa no ha podido actualizar tus datos a esta versión. No se ha cambiado nada y hay una copia en {dir}/backups. Vuelve a la versión anterior o contacta con soporte."),
        ("migration", false) => format!("Posventa could not upgrade your data to this version. Nothing was changed and there is a copy in {dir}/backups. Go back to the previous version or contact support."),
        (_, true) => format!("Posventa no puede abrir sus datos ({dir}): {err}"),
        (_, false) => format!("Posventa cannot open its data ({dir}): {err}"),
    }
}

pub fn run() {
    // reqwest and the mail engine use rustls with the ring provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    tauri::Builder::default()
        // First: a second launch focuses the running window instead of
        // opening the same store twice.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            log::info!("{SECOND_LAUNCH_LOG}");
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_log::Builder::new().level(log::LevelFilter::Info).build())
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .register_uri_scheme_protocol(mail::PREVIEW_SCHEME, |ctx, request| {
            mail::serve_preview(&ctx.app_handle().state::<AppState>().previews, request.uri().path())
        })
        .setup(|app| {
            let dir = data_dir(app)?;
            let locale = sys_locale::get_locale().unwrap_or_else(|| "en-US".into());
            let store = match Store::open_in_dir(&dir) {
                Ok(store) => Arc::new(store),
                Err(err) => {
                    // The window cannot show it: the owner gets a native dialog.
                    log::error!("cannot open the store in {}: {err}", dir.display());
                    use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
                    app.dialog()
                        .message(start_failure(&err, &locale, &dir))
                        .title("Posventa")
                        .kind(MessageDialogKind::Error)
                        .blocking_show();
                    return Err(err.into());
                }
            };
            settings::ensure(&store, &locale)?;
            log::info!("store open at {}", store.path().display());
            let outbox_dir = mail::outbox_dir(&dir);
            let mail = mail::start_engine(app.handle(), store.clone(), outbox_dir.clone());
            surveys::start_periodic_sync(app.handle().clone(), store.clone());
            returns::start_housekeeping(store.clone());
            backups::start_schedule(store.clone());
            let scheduler = automations::start(app.handle(), store.clone());
            let http = surveys::http_client();
            app.manage(AppState {
                store,
                locale,
                imports: Default::default(),
                mail,
                outbox_dir,
                previews: Default::default(),
                http,
                drafts: posventa_core::drafts::Drafts::new(&dir),
                automations: scheduler,
            });
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
            mail::mail_settings_get,
            mail::mail_settings_save,
            mail::mail_send_test,
            mail::mail_open_outbox,
            mail::campaign_preview,
            mail::campaign_test_send,
            newsletters::lists_list,
            newsletters::list_create,
            newsletters::list_update,
            newsletters::subscribers_list,
            newsletters::subscriber_add,
            newsletters::subscriber_unsubscribe,
            newsletters::customer_subscriptions,
            newsletters::subscriber_confirm,
            newsletters::subscribers_import,
            newsletters::suppressions_list,
            newsletters::suppression_add,
            newsletters::suppression_remove,
            newsletters::audience_count,
            newsletters::tags_list,
            newsletters::customer_set_tags,
            newsletters::campaigns_list,
            newsletters::campaign_get,
            newsletters::campaign_create,
            newsletters::campaign_update,
            newsletters::campaign_delete,
            newsletters::campaign_start,
            newsletters::campaign_schedule,
            newsletters::campaign_unschedule,
            newsletters::campaign_pause,
            newsletters::campaign_resume,
            newsletters::campaign_cancel,
            newsletters::campaign_recipients,
            surveys::collector_get,
            surveys::collector_save,
            surveys::collector_secret_new,
            surveys::collector_secret_reveal,
            surveys::collector_sync,
            surveys::survey_audience,
            surveys::survey_send,
            surveys::survey_results,
            surveys::survey_comments,
            surveys::customer_responses,
            surveys::phone_answer_record,
            surveys::follow_ups_list,
            surveys::follow_up_close,
            backups::backups_list,
            backups::backup_now,
            backups::backup_pick_file,
            backups::backup_restore,
            complaints::customers_suggest,
            complaints::complaint_settings_get,
            complaints::complaint_settings_save,
            complaints::complaint_open,
            complaints::complaint_get,
            complaints::complaints_list,
            complaints::complaints_of_customer,
            complaints::complaint_counts,
            complaints::complaint_transition,
            complaints::complaint_note,
            complaints::complaint_call,
            complaints::complaint_compensate,
            complaints::complaint_reply,
            complaints::dashboard,
            complaints::customer_export,
            complaints::customer_erase,
            complaints::draft_save,
            complaints::draft_load,
            complaints::draft_discard,
            returns::order_set_status,
            returns::return_policy_get,
            returns::return_policy_save,
            returns::return_form,
            returns::return_quote,
            returns::return_open,
            returns::return_transition,
            returns::return_get,
            returns::returns_list,
            returns::return_stats,
            returns::loyalty_settings_get,
            returns::loyalty_settings_save,
            returns::customer_loyalty,
            returns::loyalty_redeem,
            returns::loyalty_redeem_coupon,
            returns::loyalty_adjust,
            returns::loyalty_set_referrer,
            returns::loyalty_backfill,
            coupons::coupons_list,
            coupons::coupon_get,
            coupons::customer_coupons,
            coupons::coupon_create,
            coupons::coupons_issue_bulk,
            coupons::coupon_disable,
            coupons::coupons_save_csv,
            automations::automation_settings_get,
            automations::automation_settings_save,
            automations::automation_rules,
            automations::automation_rule_save,
            automations::automation_rule_enable,
            automations::automation_preview,
            automations::automation_timeline,
            automations::carriers_get,
            automations::carriers_save,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Posventa");
}

#[cfg(test)]
mod tests {
    use super::start_failure;

    #[test]
    fn a_store_that_cannot_open_is_explained_in_the_owners_language() {
        let full = posventa_core::Error::Database(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        ));
        let dir = std::path::Path::new("/datos/posventa");
        assert!(start_failure(&full, "es-ES", dir).contains("el disco está lleno"));
        assert!(start_failure(&full, "en-GB", dir).contains("the disk is full"));
        let denied = posventa_core::Error::DataDir {
            path: dir.display().to_string(),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert!(start_failure(&denied, "es_MX.UTF-8", dir).contains("(/datos/posventa)"), "names the folder");
    }
}
