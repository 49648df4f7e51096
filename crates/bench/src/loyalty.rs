//! Loyalty measurements on the large demo data set: a store is prepared once
//! (import, points for every delivered order, some redemptions), then a fresh
//! process measures, so its peak memory is the measurement's own.

use std::path::Path;
use std::time::Instant;

use posventa_core::loyalty::{self, LoyaltySettingsInput, TierInput};
use posventa_core::store::{now_ms, today};
use posventa_core::{Store, customers, returns, settings};

use crate::{peak_rss_mb, percentile};

type Res = Result<(), Box<dyn std::error::Error>>;

/// `loyalty-prepare FILE STORE_DIR`
pub fn prepare(args: &[String]) -> Res {
    let [file, dir] = args else { return Err("loyalty-prepare FILE STORE_DIR".into()) };
    let _ = std::fs::remove_dir_all(dir);
    let store = Store::open_in_dir(Path::new(dir))?;
    settings::ensure(&store, "es-ES")?;
    let started = Instant::now();
    let options = posventa_core::import::detect(Path::new(file))?;
    posventa_core::import::run(&store, Path::new(file), &options, true, &mut |_| true)?;
    println!("imported in {:.1}s", started.elapsed().as_secs_f64());
    loyalty::save_settings(
        &store,
        &LoyaltySettingsInput {
            enabled: true,
            points_per_unit: 1,
            earn_on: loyalty::EarnOn::Delivered,
            pending_days: Some(0),
            redeem_points: 100,
            redeem_value: "1".into(),
            expiry_months: Some(12),
            referrer_points: 100,
            referred_points: 100,
            referral_coupon_percent: 0,
            referral_coupon_days: 60,
            tiers: vec![
                TierInput { name: "Bronce".into(), threshold: "0".into(), multiplier_percent: 100 },
                TierInput { name: "Plata".into(), threshold: "300".into(), multiplier_percent: 125 },
                TierInput { name: "Oro".into(), threshold: "1000".into(), multiplier_percent: 150 },
            ],
        },
    )?;
    let started = Instant::now();
    let earned = loyalty::backfill(&store, now_ms(), today())?;
    println!("points for {earned} delivered orders in {:.1}s", started.elapsed().as_secs_f64());
    // One customer in five spends part of their points at the counter.
    let ids: Vec<i64> = store.read(|c| {
        let mut stmt = c.prepare("SELECT DISTINCT customer_id FROM points_ledger WHERE customer_id % 5 = 0")?;
        Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?)
    })?;
    let started = Instant::now();
    let now = now_ms();
    for id in &ids {
        let available = loyalty::balance(&store, *id, now)?.available;
        if available >= 2 {
            loyalty::redeem(&store, *id, available / 2, None, "", now)?;
        }
    }
    println!("{} redemptions in {:.1}s", ids.len(), started.elapsed().as_secs_f64());
    Ok(())
}

/// `loyalty-measure STORE_DIR`
pub fn measure(args: &[String]) -> Res {
    let [dir] = args else { return Err("loyalty-measure STORE_DIR".into()) };
    let store = Store::open_in_dir(Path::new(dir))?;
    let (entries, customers_with_points): (i64, i64) = store.read(|c| {
        Ok(c.query_row("SELECT count(*), count(DISTINCT customer_id) FROM points_ledger", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
    })?;
    println!("ledger: {entries} entries for {customers_with_points} customers");
    let ids: Vec<i64> = store.read(|c| {
        let mut stmt = c.prepare("SELECT id FROM customers ORDER BY random() LIMIT 2000")?;
        Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?)
    })?;
    let (now, today) = (now_ms(), today());
    for id in ids.iter().take(200) {
        std::hint::black_box(loyalty::standing(&store, *id, now, today)?); // warm the page cache
    }
    let mut balance_ms = Vec::new();
    for id in &ids {
        let started = Instant::now();
        std::hint::black_box(loyalty::standing(&store, *id, now, today)?);
        balance_ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let balance_p95 = percentile(&mut balance_ms, 95.0);
    println!("balance + tier: {} customers, p95 {balance_p95:.2} ms", ids.len());
    // What the customer page loads: the person and orders, points, returns.
    let mut page_ms = Vec::new();
    let filter = |id| returns::ReturnFilter { customer_id: Some(id), ..Default::default() };
    for id in &ids {
        let started = Instant::now();
        std::hint::black_box(customers::page(&store, *id)?);
        std::hint::black_box(loyalty::customer(&store, *id, now, today)?);
        std::hint::black_box(returns::list(&store, &filter(*id), now, 50, 0)?);
        page_ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let page_p95 = percentile(&mut page_ms, 95.0);
    println!("customer page with points and returns: {} loads, p95 {page_p95:.2} ms", ids.len());
    let started = Instant::now();
    let tiered = loyalty::recompute_tiers(&store, today)?;
    let tiers_s = started.elapsed().as_secs_f64();
    println!("tiers recomputed for {tiered} customers in {tiers_s:.2}s: {:?}", loyalty::tier_counts(&store)?);
    // Thirteen months on, every lot has expired.
    let started = Instant::now();
    let run = loyalty::expire_due(&store, loyalty::add_months(now, 13))?;
    let expiry_s = started.elapsed().as_secs_f64();
    println!("expiry: {} lots, {} points in {expiry_s:.2}s", run.entries, run.points);
    let integrity: String = store.read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))?;
    println!("integrity_check: {integrity}");
    println!(
        "balance_p95_ms={balance_p95:.2} customer_page_p95_ms={page_p95:.2} tiers_recompute_s={tiers_s:.2} expiry_run_s={expiry_s:.2} peak_rss_mb={:.0}",
        peak_rss_mb()
    );
    Ok(())
}
