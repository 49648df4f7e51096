//! The children of `scripts/crash backup` and `scripts/crash migration`,
//! killed with SIGKILL at random moments, and the checks run after each kill.

use std::path::Path;

use posventa_core::Store;
use posventa_core::backup::{self, BackupKind};
use posventa_core::store::{DB_FILE, LATEST_VERSION, migrate_to, now_ms};
use rusqlite::{Connection, OpenFlags};

type Res = Result<(), Box<dyn std::error::Error>>;

/// `crash-backup-child STORE_DIR`: takes backups one after another.
pub fn backup_child(args: &[String]) -> Res {
    let [dir] = args else { return Err("crash-backup-child STORE_DIR".into()) };
    let store = Store::open_in_dir(Path::new(dir))?;
    println!("started");
    loop {
        store.backup(BackupKind::Manual, now_ms())?;
    }
}

/// `crash-restore-child STORE_DIR BACKUP`: restores one backup over the store.
pub fn restore_child(args: &[String]) -> Res {
    let [dir, from] = args else { return Err("crash-restore-child STORE_DIR BACKUP".into()) };
    let store = Store::open_in_dir(Path::new(dir))?;
    println!("started");
    store.restore(Path::new(from), now_ms())?;
    println!("finished");
    Ok(())
}

/// What a store holds, checked without upgrading it: schema version,
/// integrity, foreign keys and row counts, one line.
pub fn describe(path: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    let version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let integrity: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let fk: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
    let count = |t: &str| c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0));
    // The search indexes must match their tables after any crash.
    let fts = ["customers_fts", "orders_fts"]
        .iter()
        .all(|t| c.execute(&format!("INSERT INTO {t} ({t}) VALUES ('integrity-check')"), []).is_ok());
    let fts = if fts { "ok" } else { "broken" };
    Ok(format!(
        "version={version} integrity={integrity} search={fts} foreign_key_errors={fk} customers={} orders={} lines={}",
        count("customers")?,
        count("orders")?,
        count("order_lines")?
    ))
}

/// `check-raw STORE_DIR`: [`describe`] of the store file.
pub fn check_raw(args: &[String]) -> Res {
    let [dir] = args else { return Err("check-raw STORE_DIR".into()) };
    println!("{}", describe(&Path::new(dir).join(DB_FILE))?);
    Ok(())
}

/// `check-backups STORE_DIR`: how many backups are listed, how many of them
/// pass the integrity check, and leftovers of interrupted ones.
pub fn check_backups(args: &[String]) -> Res {
    let [dir] = args else { return Err("check-backups STORE_DIR".into()) };
    let backups_dir = backup::dir_for(&Path::new(dir).join(DB_FILE));
    let listed = backup::list(&backups_dir)?;
    let mut sound = 0;
    for b in &listed {
        let c = Connection::open_with_flags(&b.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        sound += usize::from(ok == "ok");
    }
    let leftovers = std::fs::read_dir(&backups_dir)?
        .filter(|e| e.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp")))
        .count();
    println!("backups={} sound={sound} leftovers={leftovers}", listed.len());
    Ok(())
}

/// `make-old-store SOURCE_DIR TARGET_DIR VERSION`: a store at schema
/// VERSION holding the customers, orders and lines of SOURCE_DIR's store,
/// as a shop that has not upgraded for a while would have.
pub fn make_old_store(args: &[String]) -> Res {
    let [source, target, version] = args else { return Err("make-old-store SOURCE_DIR TARGET_DIR VERSION".into()) };
    let version: usize = version.parse()?;
    if !(2..LATEST_VERSION).contains(&version) {
        return Err(format!("VERSION must be 2..{LATEST_VERSION}").into());
    }
    let _ = std::fs::remove_dir_all(target);
    std::fs::create_dir_all(target)?;
    let mut c = Connection::open(Path::new(target).join(DB_FILE))?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    migrate_to(&mut c, version)?;
    let source = Path::new(source).join(DB_FILE);
    c.execute("ATTACH DATABASE ?1 AS old", [source.to_string_lossy()])?;
    c.execute_batch(
        "BEGIN;
         INSERT INTO settings SELECT * FROM old.settings;
         INSERT INTO customers (id, name, email, email_key, phone, preferred_channel, language, notes, search_key,
                                created_at, updated_at, city)
             SELECT id, name, email, email_key, phone, preferred_channel, language, notes, search_key,
                    created_at, updated_at, city FROM old.customers;
         INSERT INTO orders (id, customer_id, source, number, status, currency, placed_on, delivered_on, carrier,
                             tracking_code, created_at)
             SELECT id, customer_id, source, number, status, currency, placed_on, delivered_on, carrier,
                    tracking_code, created_at FROM old.orders;
         INSERT INTO order_lines SELECT * FROM old.order_lines;
         INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');
         INSERT INTO orders_fts (orders_fts) VALUES ('rebuild');
         COMMIT;
         DETACH DATABASE old;
         PRAGMA wal_checkpoint(TRUNCATE);",
    )?;
    println!("{}", describe(&Path::new(target).join(DB_FILE))?);
    Ok(())
}

/// `crash-migrate-child STORE_DIR`: opens the store, which upgrades it.
pub fn migrate_child(args: &[String]) -> Res {
    let [dir] = args else { return Err("crash-migrate-child STORE_DIR".into()) };
    println!("started");
    Store::open_in_dir(Path::new(dir))?;
    println!("finished");
    Ok(())
}

/// `disk-full DIR`: on a small disk (the caller mounts one), writes until the
/// disk is full; the refused write must say so (`disk_full`), and the store
/// must reopen with exactly what was committed before, sound.
pub fn disk_full(args: &[String]) -> Res {
    use posventa_core::customers::{self, CustomerInput};
    let [dir] = args else { return Err("disk-full DIR".into()) };
    let dir = Path::new(dir);
    let store = Store::open_in_dir(dir)?;
    posventa_core::settings::ensure(&store, "es-ES")?;
    let notes = "Cliente de toda la vida. ".repeat(80);
    let mut committed = 0;
    let code = loop {
        let input =
            CustomerInput { name: format!("Cliente {committed}"), notes: Some(notes.clone()), ..Default::default() };
        match customers::create(&store, &input) {
            Ok(_) => committed += 1,
            Err(e) => break e.code(),
        }
        if committed > 100_000 {
            return Err("the disk never filled".into());
        }
    };
    drop(store);
    let reopened = Store::open_in_dir(dir)?;
    let (integrity, count): (String, i64) = reopened.read(|c| {
        Ok((
            c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?,
            c.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?,
        ))
    })?;
    println!("refused_with={code} committed={committed} after_reopen={count} integrity={integrity}");
    Ok(())
}

/// `read-only DIR`: a store on a folder that has become read-only must not
/// open as if nothing happened: the error says so (`read_only` or
/// `data_dir`), and the file is left as it was.
pub fn read_only(args: &[String]) -> Res {
    let [dir] = args else { return Err("read-only DIR".into()) };
    let path = Path::new(dir).join(DB_FILE);
    let before = std::fs::read(&path)?;
    let code = match Store::open_in_dir(Path::new(dir)) {
        Ok(store) => match posventa_core::customers::create(
            &store,
            &posventa_core::customers::CustomerInput { name: "Nueva".into(), ..Default::default() },
        ) {
            Ok(_) => "written",
            Err(e) => e.code(),
        },
        Err(e) => e.code(),
    };
    let unchanged = std::fs::read(&path)? == before;
    println!("refused_with={code} file_unchanged={unchanged}");
    Ok(())
}

/// `make-store DIR`: a store with one customer, closed cleanly.
pub fn make_store(args: &[String]) -> Res {
    let [dir] = args else { return Err("make-store DIR".into()) };
    let store = Store::open_in_dir(Path::new(dir))?;
    posventa_core::settings::ensure(&store, "es-ES")?;
    posventa_core::customers::create(
        &store,
        &posventa_core::customers::CustomerInput { name: "Ana".into(), ..Default::default() },
    )?;
    Ok(())
}
