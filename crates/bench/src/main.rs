//! `posventa-bench import DATA_DIR` and `posventa-bench crash-import ...`:
//! the measuring side of scripts/bench and scripts/crash. Each prints what
//! it measured; the scripts add the reference runs and the summary line.

// The app's allocator (src-tauri/main.rs), so the figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod automations;
mod campaign;
mod collector;
mod complaints;
mod crash;
mod import;
mod loyalty;
mod startup;
mod sync;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("import") => import::bench(&args[1..]),
        Some("complaints") => complaints::bench(&args[1..]),
        Some("import-once") => import::once(&args[1..]),
        Some("crash-import-child") => import::crash_child(&args[1..]),
        Some("check-store") => import::check_store(&args[1..]),
        Some("check-raw") => crash::check_raw(&args[1..]),
        Some("check-backups") => crash::check_backups(&args[1..]),
        Some("crash-backup-child") => crash::backup_child(&args[1..]),
        Some("crash-restore-child") => crash::restore_child(&args[1..]),
        Some("make-old-store") => crash::make_old_store(&args[1..]),
        Some("crash-migrate-child") => crash::migrate_child(&args[1..]),
        Some("disk-full") => crash::disk_full(&args[1..]),
        Some("read-only") => crash::read_only(&args[1..]),
        Some("make-store") => crash::make_store(&args[1..]),
        Some("problems") => import::problems(&args[1..]),
        Some("campaign-prepare") => campaign::prepare(&args[1..]),
        Some("campaign-send") => campaign::send(&args[1..]),
        Some("campaign-count") => campaign::count(&args[1..]),
        Some("collector-load") => collector::load(&args[1..]),
        Some("sync-once") => sync::once(&args[1..]),
        Some("startup") => startup::measure(&args[1..]),
        Some("loyalty-prepare") => loyalty::prepare(&args[1..]),
        Some("loyalty-measure") => loyalty::measure(&args[1..]),
        Some("automations-prepare") => automations::prepare(&args[1..]),
        Some("automations-measure") => automations::measure(&args[1..]),
        Some("automations-idle") => automations::idle(&args[1..]),
        _ => Err("usage: posventa-bench import DATA_DIR | complaints STORE_DIR DATA_DIR | import-once FILE STORE_DIR | crash-import-child FILE STORE_DIR | check-store STORE_DIR | check-raw STORE_DIR | check-backups STORE_DIR | crash-backup-child STORE_DIR | crash-restore-child STORE_DIR BACKUP | make-old-store SOURCE_DIR TARGET_DIR VERSION | crash-migrate-child STORE_DIR | disk-full DIR | read-only DIR | make-store DIR | campaign-prepare STORE_DIR PORT RECIPIENTS CONNECTIONS PER_SECOND | campaign-send STORE_DIR | campaign-count STORE_DIR DUMP KILLS | collector-load URL SECRET ANSWERS CONNECTIONS DATA_DIR | sync-once URL SECRET STORE_DIR ANSWERS | startup BINARY SELECTOR RUNS | loyalty-prepare FILE STORE_DIR | loyalty-measure STORE_DIR | automations-prepare STORE_DIR | automations-measure STORE_DIR | automations-idle STORE_DIR SECONDS".into()),
    };
    if let Err(err) = result {
        eprintln!("{err}");
        std::process::exit(2);
    }
}

/// Peak resident memory of this process so far, in MiB (Linux).
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    if samples.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (samples.len() - 1) as f64).round() as usize;
    samples[rank.min(samples.len() - 1)]
}
