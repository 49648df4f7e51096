//! Backups and restores against real store files.

use std::path::Path;

use rusqlite::Connection;

use crate::backup::{self, BackupKind};
use crate::customers;
use crate::error::Error;
use crate::store::{LATEST_VERSION, Store};
use crate::testkit;

const DAY: i64 = 24 * 3_600_000;
const T0: i64 = 1_795_000_000_000;

fn names(store: &Store) -> Vec<String> {
    store
        .read(|c| {
            let mut stmt = c.prepare("SELECT name FROM customers ORDER BY id")?;
            Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
        })
        .unwrap()
}

fn checks_pass(path: &Path) {
    let conn = Connection::open(path).unwrap();
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0, "no dangling references");
}

#[test]
fn a_restored_backup_brings_back_exactly_what_was_backed_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    customers::create(&store, &testkit::customer_input("Ana")).unwrap();
    let taken = store.backup(BackupKind::Manual, T0).unwrap();
    checks_pass(Path::new(&taken.path));

    customers::create(&store, &testkit::customer_input("Bruno")).unwrap();
    assert_eq!(names(&store), ["Ana", "Bruno"]);
    let before = store.restore(Path::new(&taken.path), T0 + 1000).unwrap();
    assert_eq!(names(&store), ["Ana"], "the store holds what the backup held");
    // Search indexes travel with the data.
    assert_eq!(customers::list(&store, "ana", 10, 0).unwrap().len(), 1);
    checks_pass(store.path());

    assert_eq!(before.kind, BackupKind::BeforeRestore);
    let undo = Store::open(Path::new(&before.path)).unwrap();
    assert_eq!(names(&undo), ["Ana", "Bruno"], "what was replaced is kept, in case the owner chose the wrong file");

    // The store keeps working after the restore, and stays in WAL mode.
    customers::create(&store, &testkit::customer_input("Carla")).unwrap();
    let mode: String = store.read(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?)).unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    assert_eq!(names(&Store::open_in_dir(dir.path()).unwrap()), ["Ana", "Carla"]);
}

#[test]
fn a_file_that_is_not_a_sound_backup_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    customers::create(&store, &testkit::customer_input("Ana")).unwrap();
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, b"not a database at all").unwrap();
    let other = dir.path().join("other.sqlite3");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE notes (x)").unwrap();
    let truncated = dir.path().join("truncated.sqlite3");
    let good = store.backup(BackupKind::Manual, T0).unwrap();
    let bytes = std::fs::read(&good.path).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    for path in [junk, other, truncated, dir.path().join("missing.sqlite3")] {
        let err = store.restore(&path, T0 + 1).unwrap_err();
        assert!(matches!(err, Error::NotABackup { .. }), "{}: {err}", path.display());
        assert_eq!(err.code(), "not_a_backup");
    }
    assert_eq!(names(&store), ["Ana"]);
    let kinds: Vec<_> = backup::list(&backup::dir_for(store.path())).unwrap().into_iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BackupKind::Manual], "a refused restore takes no before-restore copy");
}

#[test]
fn upgrading_an_older_store_first_takes_a_backup_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(crate::store::DB_FILE);
    {
        let mut conn = Connection::open(&path).unwrap();
        crate::store::migrations_to(&mut conn, LATEST_VERSION - 1);
        conn.execute("INSERT INTO customers (name, preferred_channel, search_key, created_at, updated_at) VALUES ('Ana', 'email', 'ana', 0, 0)", [])
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(names(&store), ["Ana"]);
    let backups = backup::list(&backup::dir_for(&path)).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].kind, BackupKind::BeforeMigration);
    let copy = Connection::open(&backups[0].path).unwrap();
    let version: usize = copy.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, LATEST_VERSION - 1, "the copy is the store as it was before the upgrade");
    drop(store);
    Store::open(&path).unwrap();
    assert_eq!(backup::list(&backup::dir_for(&path)).unwrap().len(), 1, "an up-to-date store is opened without a copy");

    // Restoring that older copy brings it up to the current schema.
    let store = Store::open(&path).unwrap();
    store.restore(Path::new(&backups[0].path), T0).unwrap();
    let version: usize = store.read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?)).unwrap();
    assert_eq!(version, LATEST_VERSION);
    assert_eq!(names(&store), ["Ana"]);
}

#[test]
fn old_backups_are_rotated_per_kind_and_the_schedule_is_daily() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    let backups = backup::dir_for(store.path());
    assert!(backup::scheduled_due(&backups, T0).unwrap(), "no backup yet");
    store.backup(BackupKind::Manual, T0).unwrap();
    for day in 0..16 {
        store.backup(BackupKind::Scheduled, T0 + day * DAY).unwrap();
    }
    let list = backup::list(&backups).unwrap();
    let scheduled: Vec<i64> = list.iter().filter(|b| b.kind == BackupKind::Scheduled).map(|b| b.taken_at).collect();
    assert_eq!(scheduled.len(), 14, "two weeks of daily copies");
    assert_eq!(scheduled[0], T0 + 15 * DAY, "newest first");
    assert_eq!(*scheduled.last().unwrap(), T0 + 2 * DAY, "the oldest went first");
    assert!(list.iter().any(|b| b.kind == BackupKind::Manual), "other kinds are kept");
    assert!(!backup::scheduled_due(&backups, T0 + 15 * DAY + DAY - 1).unwrap());
    assert!(backup::scheduled_due(&backups, T0 + 16 * DAY).unwrap());
    // A leftover of a backup killed midway is neither listed nor in the way.
    std::fs::write(backups.join("posventa-20300101-000000-000-manual.sqlite3.tmp"), b"half").unwrap();
    assert_eq!(backup::list(&backups).unwrap().len(), list.len());
}
