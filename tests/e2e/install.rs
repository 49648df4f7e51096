//! The app on a machine where it has never run: a fresh data folder, the
//! window up in the system's language, a store created at the current
//! schema. The installer check in scripts/test runs this against the
//! installed package's binary (`POSVENTA_E2E_BINARY=/usr/bin/posventa`).

use posventa_core::store::{DB_FILE, LATEST_VERSION};

use crate::harness::{App, app_binary};

#[tokio::test(flavor = "multi_thread")]
async fn a_fresh_store_opens_in_the_window() {
    eprintln!("starting {}", app_binary().display());
    let app = App::launch("es_ES.UTF-8").await;
    let nav = app.text_when("[data-testid=nav-customers]", |t| !t.is_empty()).await;
    assert_eq!(nav, "Clientes", "a Spanish system gets the Spanish window");
    app.el("[data-testid=nav-complaints]").await;
    app.screenshot_painted("fresh-store.png", 8_000).await;

    let db =
        rusqlite::Connection::open_with_flags(app.data_dir().join(DB_FILE), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("the store was created in the data folder");
    let version: usize = db.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, LATEST_VERSION);
    let (country, currency): (String, String) =
        db.query_row("SELECT country, currency FROM settings", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((country.as_str(), currency.as_str()), ("ES", "EUR"), "settings from the system locale");
    let customers: i64 = db.query_row("SELECT count(*) FROM customers", [], |r| r.get(0)).unwrap();
    assert_eq!(customers, 0);
}
