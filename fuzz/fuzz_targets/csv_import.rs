//! Any bytes as a CSV file: detecting its layout and the dry run the
//! preview makes never panic, and the dry run never writes to the store.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use posventa_core::{Store, import, settings};

struct Fixture {
    store: Store,
    dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_in_dir(&dir.path().join("store")).expect("store");
        settings::ensure(&store, "es-ES").expect("settings");
        Fixture { store, dir }
    })
}

fn rows(store: &Store) -> i64 {
    store
        .read(|c| {
            Ok(c.query_row("SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM orders)", [], |r| {
                r.get(0)
            })?)
        })
        .expect("count")
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let path = f.dir.path().join("input.csv");
    std::fs::write(&path, data).expect("write the input");
    // Errors are answers (a clear message for the owner); only a panic is a finding.
    if let Ok(options) = import::detect(&path) {
        let _ = import::preview(&f.store, &path, Some(options), &mut |_| true);
    }
    assert_eq!(rows(&f.store), 0, "a preview never writes");
});
