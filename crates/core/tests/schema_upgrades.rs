//! Every released schema version's store (tests/schema/vNN.sqlite3, written
//! by `examples/schema_fixtures.rs` when that version shipped) opens with
//! the current build: upgraded after a backup, sound, and with all its data.

use std::path::{Path, PathBuf};

use posventa_core::backup::{self, BackupKind};
use posventa_core::complaints::{self, ComplaintFilter, ComplaintStatus, Source};
use posventa_core::store::{DB_FILE, LATEST_VERSION};
use posventa_core::{Store, automations, coupons, customers, loyalty, newsletter, returns, settings, surveys};

fn fixtures() -> Vec<(usize, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema");
    let mut found: Vec<(usize, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let version = path.file_name()?.to_str()?.strip_prefix('v')?.strip_suffix(".sqlite3")?.parse().ok()?;
            Some((version, path))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_released_schema_version_has_a_fixture() {
    let versions: Vec<usize> = fixtures().into_iter().map(|(v, _)| v).collect();
    assert_eq!(
        versions,
        (1..=LATEST_VERSION).collect::<Vec<_>>(),
        "a shipped migration needs its fixture: run `cargo run -p posventa-core --example schema_fixtures` and commit it"
    );
}

fn open_copy(fixture: &Path) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture, dir.path().join(DB_FILE)).unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    (dir, store)
}

#[test]
fn every_released_store_opens_upgraded_with_all_its_data() {
    for (version, fixture) in fixtures() {
        let (dir, store) = open_copy(&fixture);
        let at = format!("store of schema v{version}");
        let schema: usize = store.read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?)).unwrap();
        assert_eq!(schema, LATEST_VERSION, "{at}: upgraded");
        store
            .read(|c| {
                let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
                assert_eq!(ok, "ok", "{at}");
                let broken: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
                assert_eq!(broken, 0, "{at}: no dangling references");
                Ok(())
            })
            .unwrap();
        let backups = backup::list(&backup::dir_for(store.path())).unwrap();
        if version < LATEST_VERSION {
            assert_eq!(backups.len(), 1, "{at}: a copy was taken before the upgrade");
            assert_eq!(backups[0].kind, BackupKind::BeforeMigration);
        } else {
            assert!(backups.is_empty(), "{at}: nothing to upgrade, no copy");
        }

        // Foundation: settings, customers, orders and their lines.
        assert_eq!(settings::get(&store).unwrap().shop_name, "Tienda Sol", "{at}");
        let jose = customers::get(&store, 1).unwrap();
        assert_eq!((jose.name.as_str(), jose.phone.as_deref()), ("José Núñez", Some("+34612345678")), "{at}");
        assert_eq!(jose.email.as_deref(), Some("Jose.Nunez@Example.com"), "{at}");
        assert_eq!(jose.notes, "Prefiere llamadas por la tarde", "{at}");
        let page = customers::page(&store, 1).unwrap();
        assert_eq!(page.orders.len(), 1, "{at}");
        let order = &page.orders[0];
        assert_eq!((order.number.as_str(), order.lines.len(), order.total_minor), ("1001", 2, 3490), "{at}");
        assert_eq!(order.lines[0].product, "Taza de cerámica", "{at}");
        // Search works on upgraded stores, whatever version built the index.
        for query in ["nunez", "612 34", "JOSE.NUNEZ"] {
            let found = customers::list(&store, query, 10, 0).unwrap();
            assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [1], "{at}: {query:?}");
        }
        assert_eq!(customers::list(&store, "ruiz", 10, 0).unwrap().len(), 1, "{at}");

        if version >= 3 {
            let lists = newsletter::lists(&store).unwrap();
            assert_eq!(lists[0].name, "Novedades", "{at}");
            let subscribers = newsletter::subscribers(&store, lists[0].id, "", 10, 0).unwrap();
            assert_eq!(subscribers[0].consent_text, "Quiero recibir novedades de Tienda Sol", "{at}");
            assert_eq!(newsletter::suppressions(&store, "baja", 10, 0).unwrap().len(), 1, "{at}");
        }
        if version >= 4 {
            let responses = surveys::responses_of(&store, 1).unwrap();
            assert_eq!((responses[0].score, responses[0].comment.as_str()), (2, "Tardó mucho en llegar"), "{at}");
            // The open follow-up case is a complaint tagged as from the survey.
            let cases = complaints::of_customer(&store, 1, 0).unwrap();
            assert_eq!(cases.len(), 1, "{at}");
            assert_eq!((cases[0].source, cases[0].survey_score), (Source::Survey, Some(2)), "{at}");
        }
        if version >= 6 {
            let filter =
                returns::ReturnFilter { status: None, reason_id: None, min_age_days: None, customer_id: Some(1) };
            let list = returns::list(&store, &filter, 0, 10, 0).unwrap();
            assert_eq!(list[0].amount_minor, 1250, "{at}");
            assert_eq!(returns::get(&store, list[0].id).unwrap().events.len(), 2, "{at}");
            assert_eq!(loyalty::balance(&store, 1, 1_800_000_000_000).unwrap().available, 34, "{at}");
        }
        if version >= 9 {
            let late = complaints::get(&store, 100, 1_800_000_000_000).unwrap();
            assert_eq!(late.summary.status, ComplaintStatus::InProgress, "{at}");
            assert!(late.summary.overdue, "{at}");
            assert_eq!(late.events.len(), 2, "{at}");
            let active = complaints::list(&store, ComplaintFilter::Active, 1_800_000_000_000, 10, 0).unwrap();
            assert_eq!(active[0].id, 100, "{at}: overdue first");
        }
        if version >= 11 {
            let ana = customers::page(&store, 2).unwrap();
            let order = ana.orders.iter().find(|o| o.number == "1003").unwrap();
            assert_eq!(
                (order.discount_minor, order.total_minor, order.coupon_code.as_deref()),
                (240, 2160, Some("VUELVE-7F3K9Q")),
                "{at}"
            );
            assert_eq!(order.tracking_url.as_deref(), Some("https://paco.example/t/P-9"), "{at}");
            let win_back = automations::rule_by_key(&store, automations::RuleKey::WinBack).unwrap();
            assert!(win_back.enabled && win_back.delay_days == 200, "{at}");
            assert_eq!(
                automations::timeline(&store, 2).unwrap()[0].coupon_code.as_deref(),
                Some("VUELVE-7F3K9Q"),
                "{at}"
            );
        }
        if version >= 12 {
            let s = loyalty::get_settings(&store).unwrap();
            assert_eq!((s.referral_coupon_percent, s.referral_coupon_days), (10, 30), "{at}");
            let welcome = coupons::of_customer(&store, 1).unwrap();
            assert_eq!(welcome.len(), 1, "{at}");
            assert_eq!(
                (welcome[0].code.as_str(), welcome[0].source, welcome[0].value, welcome[0].max_uses),
                ("BIENVENIDA-4HX7RT", coupons::CouponSource::Referral, 10, Some(1)),
                "{at}"
            );
        } else {
            let s = loyalty::get_settings(&store).unwrap();
            assert_eq!((s.referral_coupon_percent, s.referral_coupon_days), (0, 60), "{at}");
        }
        drop(store);
        drop(dir);
    }
}
