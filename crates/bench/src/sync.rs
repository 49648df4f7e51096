//! `sync-once URL SECRET STORE_DIR ANSWERS`: the app's side of the
//! collector benchmark. Makes a store whose survey recipients match the
//! answers `collector-load` gave (same references), then times one sync of
//! everything pending — the app's own code: pull, apply each page with its
//! cursor in one transaction, acknowledge — in this process, so its peak
//! memory is the sync's.

use std::path::Path;
use std::time::Instant;

use posventa_collector::Keys;
use posventa_core::Store;
use posventa_core::collector::{self, Event};

type Res = Result<(), Box<dyn std::error::Error>>;

pub fn once(args: &[String]) -> Res {
    let [url, secret, dir, answers] = args else { return Err("usage: sync-once URL SECRET STORE_DIR ANSWERS".into()) };
    let answers: i64 = answers.parse()?;
    let keys = Keys::from_secret_hex(secret)?;
    let _ = std::fs::remove_dir_all(dir);
    let store = Store::open_in_dir(Path::new(dir))?;
    seed(&store, answers)?;
    collector::set_url(&store, url)?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let started = Instant::now();
    let mut applied = 0u64;
    let result =
        runtime.block_on(posventa_collector::client::sync(&client, url, &keys, 0, |events: &[Event], next| {
            let counts = collector::apply_events(&store, events, next)?;
            applied += u64::from(counts.answers_new + counts.answers_changed);
            Ok::<_, posventa_core::Error>(())
        }));
    let seconds = started.elapsed().as_secs_f64();
    result.map_err(|e| format!("sync failed: {e:?}"))?;
    let stored: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM survey_responses", [], |r| r.get(0))?))?;
    if stored != answers {
        return Err(format!("{answers} answers pending, {stored} stored after the sync").into());
    }
    println!(
        "events={answers} applied={applied} stored={stored} sync_s={seconds:.3} sync_peak_rss_mb={:.0}",
        crate::peak_rss_mb()
    );
    Ok(())
}

/// One survey and `n` recipients whose references are the ones
/// `collector-load` signs.
fn seed(store: &Store, n: i64) -> Res {
    store.write(|tx| {
        tx.execute("INSERT INTO surveys (kind, delivered_within_days, created_at) VALUES ('nps', 14, 0)", [])?;
        let mut customer = tx.prepare(
            "INSERT INTO customers (id, name, preferred_channel, search_key, created_at, updated_at)
             VALUES (?1, 'Cliente', 'email', 'cliente', 0, 0)",
        )?;
        let mut recipient = tx.prepare(
            "INSERT INTO survey_recipients (survey_id, customer_id, ref, language, created_at) VALUES (1, ?1, ?2, 'es', 0)",
        )?;
        for i in 0..n {
            customer.execute([i + 1])?;
            recipient.execute(rusqlite::params![i + 1, format!("{:032x}", 0x00c0_ffee_0000_0000_u64 + i as u64)])?;
        }
        Ok(())
    })?;
    Ok(())
}
