//! The local SQLite store: one file, one writer connection and a few reader
//! connections, so reads stay fast while a long write runs (WAL lets readers
//! see the last committed state without waiting).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use crate::backup::{self, BackupFile, BackupKind};
use crate::error::{Error, Result};

/// File name of the database inside the data folder.
pub const DB_FILE: &str = "posventa.sqlite3";
/// Readers kept open between uses; more are opened on demand under load.
const IDLE_READERS: usize = 4;

/// Every schema version, in order. A migration that has shipped is never
/// edited, only followed by a new one.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("../migrations/0001_foundation.sql")),
        M::up(include_str!("../migrations/0002_search_and_import.sql")),
        M::up(include_str!("../migrations/0003_email.sql")),
        M::up(include_str!("../migrations/0004_surveys.sql")),
        M::up(include_str!("../migrations/0005_outbox_speed.sql")),
        M::up(include_str!("../migrations/0006_returns_loyalty.sql")),
        M::up(include_str!("../migrations/0007_notices.sql")),
        M::up(include_str!("../migrations/0008_search_rowids_only.sql")),
        M::up(include_str!("../migrations/0009_complaints.sql")),
        M::up(include_str!("../migrations/0010_erasure.sql")),
        M::up(include_str!("../migrations/0011_automations.sql")),
        M::up(include_str!("../migrations/0012_referral_coupon.sql")),
    ])
}

/// The schema version this build brings every store to.
pub const LATEST_VERSION: usize = 12;

pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl Store {
    /// Opens (creating if needed) the store in `dir` and brings its schema up
    /// to date.
    pub fn open_in_dir(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|source| Error::DataDir { path: dir.display().to_string(), source })?;
        Self::open(&dir.join(DB_FILE))
    }

    pub fn open(path: &Path) -> Result<Self> {
        let mut writer = connect(path, OpenFlags::default())?;
        // WAL is a property of the file: set once by the writer.
        writer.pragma_update(None, "journal_mode", "WAL")?;
        // An upgrade starts from a copy of what the owner had: no backup,
        // no upgrade.
        let version: usize = writer.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > 0 && version < LATEST_VERSION {
            backup::take(&writer, &backup::dir_for(path), BackupKind::BeforeMigration, now_ms())?;
        }
        migrations().to_latest(&mut writer)?;
        Ok(Self { path: path.to_owned(), writer: Mutex::new(writer), readers: Mutex::new(Vec::new()) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` in an IMMEDIATE transaction: it either commits whole or
    /// leaves nothing behind.
    pub fn write<T>(&self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        transact(&mut lock(&self.writer), true, work)
    }

    /// For bulk imports: rolls back instead of committing when `commit` is
    /// false (a dry run sees exactly what the real run would do), and skips
    /// per-row foreign-key lookups, since an import only links rows it read
    /// or created in the same transaction. Every other write keeps them.
    pub fn bulk_write_or_rollback<T>(
        &self,
        commit: bool,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = lock(&self.writer);
        // Only takes effect outside a transaction, hence here and not inside.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        // The commit would otherwise also copy the whole import from the WAL
        // into the database file before returning (a third of a second per
        // 100 MB); a background checkpoint does that while the owner works.
        // The mail engine may have set its own value while it sends: restore it.
        let autocheckpoint: i64 = conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let result = transact(&mut conn, commit, work);
        conn.pragma_update(None, "wal_autocheckpoint", autocheckpoint)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if commit && result.is_ok() {
            self.checkpoint_in_background();
        }
        result
    }

    /// Copies committed pages from the WAL into the database file on a
    /// connection of its own. PASSIVE: never waits for, nor blocks, readers
    /// and writers; what it cannot copy now the next checkpoint will. A kill
    /// midway is safe (the WAL stays authoritative until it is reset).
    fn checkpoint_in_background(&self) {
        let path = self.path.clone();
        std::thread::spawn(move || {
            // Without CREATE: a store removed meanwhile stays removed.
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            if let Ok(conn) = connect(&path, flags) {
                let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            }
        });
    }

    /// A backup of the whole store, consistent even while writes go on.
    pub fn backup(&self, kind: BackupKind, now: i64) -> Result<BackupFile> {
        self.read(|conn| backup::take(conn, &backup::dir_for(&self.path), kind, now))
    }

    /// Replaces the store's content with a backup the owner chose, after
    /// checking the file and backing up what is there now. The copy is one
    /// write on the writer connection: a crash midway leaves the store as it
    /// was. An older backup is then brought up to the current schema.
    pub fn restore(&self, from: &Path, now: i64) -> Result<BackupFile> {
        let source = backup::open_checked(from, LATEST_VERSION)?;
        let before = self.backup(BackupKind::BeforeRestore, now)?;
        let mut writer = lock(&self.writer);
        rusqlite::backup::Backup::new(&source, &mut writer)?.step(-1)?;
        migrations().to_latest(&mut writer)?;
        Ok(before)
    }

    /// Runs `work` on a read-only connection.
    pub fn read<T>(&self, work: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = match lock(&self.readers).pop() {
            Some(conn) => conn,
            None => connect(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?,
        };
        let value = work(&conn);
        let mut idle = lock(&self.readers);
        if idle.len() < IDLE_READERS {
            idle.push(conn);
        }
        value
    }
}

fn transact<T>(conn: &mut Connection, commit: bool, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = work(&tx)?;
    if commit {
        tx.commit()?
    } else {
        tx.rollback()?
    }
    Ok(value)
}

fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Statement journals and sorts in memory, not in temporary files.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(conn)
}

/// A panic while holding a connection cannot leave SQLite half-written (the
/// transaction rolls back on drop), so a poisoned lock is safe to reuse.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Today's date (UTC: a local offset cannot be read safely from a
/// multi-threaded process; near midnight a window may differ by a day).
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Brings a bare connection to schema `version`: for tools that build
/// stores as an older release left them (schema fixtures, crash runs).
pub fn migrate_to(conn: &mut Connection, version: usize) -> Result<()> {
    Ok(migrations().to_version(conn, version)?)
}

#[cfg(test)]
pub(crate) fn migrations_to(conn: &mut Connection, version: usize) {
    migrate_to(conn, version).unwrap();
}

pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_version_is_the_last_migration() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_dir(dir.path()).unwrap();
        let version: usize = store.read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?)).unwrap();
        assert_eq!(version, LATEST_VERSION);
    }

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok(), "every migration must apply to an empty database");
    }

    #[test]
    fn rebuilding_the_outbox_keeps_every_message_and_attempt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        {
            let mut conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            migrations().to_version(&mut conn, 5).unwrap();
            conn.execute_batch(
                "INSERT INTO outbox (kind, to_address, email_key, message_id, unsubscribe_token, state, created_at, updated_at)
                 VALUES ('confirmation', 'a@example.es', 'a@example.es', '<1@x>', 't1', 'sent', 1, 2);
                 INSERT INTO outbox_attempts (outbox_id, at, outcome, code, reply) VALUES (1, 2, 'sent', 250, 'ok');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let (rows, attempt, fk): (i64, String, i64) = store
            .read(|c| {
                Ok((
                    c.query_row(
                        "SELECT count(*) FROM outbox WHERE message_id = '<1@x>' AND state = 'sent'",
                        [],
                        |r| r.get(0),
                    )?,
                    c.query_row("SELECT reply FROM outbox_attempts WHERE outbox_id = 1", [], |r| r.get(0))?,
                    c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?,
                ))
            })
            .unwrap();
        assert_eq!((rows, attempt.as_str(), fk), (1, "ok", 0));
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO outbox (kind, to_address, email_key, message_id, unsubscribe_token, state, created_at, updated_at)
                     VALUES ('notice', 'b@example.es', 'b@example.es', '<2@x>', 't2', 'queued', 3, 3)",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        let append_only = store.write(|tx| Ok(tx.execute("DELETE FROM outbox_attempts", [])?));
        assert!(append_only.unwrap_err().to_string().contains("append-only"), "the triggers came back");
        let orphan = store.write(|tx| {
            Ok(tx.execute("INSERT INTO outbox_attempts (outbox_id, at, outcome) VALUES (99, 1, 'sent')", [])?)
        });
        assert!(orphan.is_err(), "attempts still point at the outbox");
    }

    #[test]
    fn the_search_indexes_are_rebuilt_rowids_only_and_still_find_everything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        {
            let mut conn = Connection::open(&path).unwrap();
            migrations().to_version(&mut conn, 7).unwrap();
            conn.execute_batch(
                "INSERT INTO customers (name, email, email_key, phone, preferred_channel, search_key, created_at, updated_at)
                 VALUES ('José Núñez', 'jose@example.es', 'jose@example.es', '+34612345678', 'email',
                         'jose nunez jose@example.es 34612345678', 1, 1);
                 INSERT INTO customers_fts (rowid, search_key) SELECT id, search_key FROM customers;
                 INSERT INTO orders (customer_id, source, number, status, currency, placed_on, created_at)
                 VALUES (1, 'csv', 'PV-10042', 'placed', 'EUR', '2024-05-01', 1);
                 INSERT INTO orders_fts (rowid, number) SELECT id, number FROM orders;",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let detail: String = store
            .read(|c| Ok(c.query_row("SELECT sql FROM sqlite_schema WHERE name = 'orders_fts'", [], |r| r.get(0))?))
            .unwrap();
        assert!(detail.contains("detail = 'none'") && detail.contains("columnsize = 0"), "{detail}");
        assert_eq!(crate::customers::list(&store, "nunez", 10, 0).unwrap().len(), 1);
        assert_eq!(crate::customers::list(&store, "612 34", 10, 0).unwrap().len(), 1);
        assert_eq!(crate::orders::by_number(&store, "1004", 10).unwrap().len(), 1, "order numbers by fragment");
        store
            .write(|tx| {
                tx.execute("INSERT INTO customers_fts (customers_fts, rank) VALUES ('integrity-check', 1)", [])?;
                tx.execute("INSERT INTO orders_fts (orders_fts, rank) VALUES ('integrity-check', 1)", [])?;
                Ok(())
            })
            .expect("the rebuilt indexes agree with their tables");
    }

    #[test]
    fn opening_sets_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_dir(&dir.path().join("nested")).unwrap();
        let (mode, fk): (String, i64) = store
            .read(|c| {
                Ok((
                    c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                    c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
                ))
            })
            .unwrap();
        assert_eq!(mode, "wal", "readers must not block on the writer");
        assert_eq!(fk, 1, "orders must never point at a missing customer");
    }

    #[test]
    fn sqlite_is_built_without_per_call_mutexes() {
        // .cargo/config.toml sets LIBSQLITE3_FLAGS; a build without it is slower.
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_dir(dir.path()).unwrap();
        let options: Vec<String> = store
            .read(|c| {
                Ok(c.prepare("PRAGMA compile_options")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        assert!(options.iter().any(|o| o == "THREADSAFE=2"), "multi-thread mode expected: {options:?}");
        assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "no memory statistics expected: {options:?}");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_dir(dir.path()).unwrap();
        let result: Result<()> = store.write(|tx| {
            tx.execute("INSERT INTO settings VALUES (1, 'half', 'ES', 'EUR', 'auto')", [])?;
            Err(Error::invalid("x", "boom"))
        });
        assert!(result.is_err());
        let rows: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM settings", [], |r| r.get(0))?)).unwrap();
        assert_eq!(rows, 0, "an error inside a write must roll the whole transaction back");
    }

    #[test]
    fn a_bulk_write_is_checkpointed_in_the_background_and_restores_the_writers_setting() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_dir(dir.path()).unwrap();
        // As the mail engine does while it sends.
        store.write(|tx| Ok(tx.pragma_update(None, "wal_autocheckpoint", 10_000)?)).unwrap();
        store
            .bulk_write_or_rollback(true, |tx| {
                tx.execute_batch(
                    "CREATE TABLE big (v BLOB);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                     INSERT INTO big SELECT randomblob(4000) FROM n;",
                )?;
                Ok(())
            })
            .unwrap();
        let setting: i64 = store.write(|tx| Ok(tx.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?)).unwrap();
        assert_eq!(setting, 10_000);
        // The background connection copies the ~2000 pages into the file.
        let file = dir.path().join(DB_FILE);
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while std::fs::metadata(&file).unwrap().len() < 2000 * 4096 {
            assert!(std::time::Instant::now() < deadline, "the WAL was never checkpointed");
            std::thread::sleep(Duration::from_millis(20));
        }
        let rows: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM big", [], |r| r.get(0))?)).unwrap();
        assert_eq!(rows, 2000);
    }
}
