//! Automations on the large demo data set: a store is prepared once (the
//! loyalty store: import, points; plus survey answers and every rule on),
//! then fresh processes measure one day's run and the scheduler at rest.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use posventa_core::Store;
use posventa_core::automations::{self, AutomationSettings, RuleInput, RuleKey, Scheduler};
use posventa_core::surveys::LinkRequest;
use rusqlite::params;

use crate::peak_rss_mb;

type Res = Result<(), Box<dyn std::error::Error>>;

const DAY: i64 = 86_400_000;

fn links(request: &LinkRequest<'_>) -> Vec<String> {
    request.kind.scores().map(|s| format!("https://encuestas.example/s/{}/{s}", request.reference)).collect()
}

/// The day the demo data is "today": noon (Madrid) the day after its last
/// order, so the rules find a shop's ordinary day of work.
fn evaluation_instant(store: &Store) -> Result<i64, Box<dyn std::error::Error>> {
    let last: String = store.read(|c| Ok(c.query_row("SELECT max(placed_on) FROM orders", [], |r| r.get(0))?))?;
    let zone = jiff::tz::TimeZone::get("Europe/Madrid")?;
    let day: jiff::civil::Date = last.parse()?;
    Ok(day.tomorrow()?.at(12, 0, 0, 0).to_zoned(zone)?.timestamp().as_millisecond())
}

/// `automations-prepare STORE_DIR` on a copy of the loyalty store: that
/// day's order steps, one customer in ten answered a survey in the five
/// days before, and every rule is on since a month ago, catching up one day
/// (one day's due work).
pub fn prepare(args: &[String]) -> Res {
    let [dir] = args else { return Err("automations-prepare STORE_DIR".into()) };
    let store = Store::open_in_dir(Path::new(dir))?;
    let now = evaluation_instant(&store)?;
    let steps = store.write(|tx| {
        let placed = tx.execute(
            "INSERT OR IGNORE INTO order_steps (order_id, step, at)
             SELECT id, 'placed', ?1 - 3600000 FROM orders WHERE placed_on = (SELECT max(placed_on) FROM orders)",
            [now],
        )?;
        let moved = tx.execute(
            "INSERT OR IGNORE INTO order_steps (order_id, step, at)
             SELECT id, status, ?1 - 1800000 FROM orders
             WHERE status IN ('shipped', 'delivered') AND placed_on >= date((SELECT max(placed_on) FROM orders), '-3 days')",
            [now],
        )?;
        Ok(placed + moved)
    })?;
    println!("{steps} order steps on the day");
    let answered = store.write(|tx| {
        Ok(tx.execute(
            "INSERT INTO survey_responses (customer_id, kind, score, comment, channel, answered_at, created_at)
             SELECT id, 'nps', abs(random()) % 11, '', 'email', ?1 - (abs(random()) % 5) * ?2, ?1
             FROM customers WHERE id % 10 = 0",
            params![now, DAY],
        )?)
    })?;
    println!("{answered} survey answers over the last five days");
    automations::save_settings(
        &store,
        &AutomationSettings {
            time_zone: "Europe/Madrid".into(),
            quiet_from: 0,
            quiet_to: 0,
            marketing_cap_days: 7,
            catch_up_days: 1,
        },
    )?;
    for rule in automations::rules(&store)? {
        let input = RuleInput {
            delay_days: rule.delay_days,
            condition: rule.condition.clone(),
            coupon_percent: if rule.key == RuleKey::WinBack { 10 } else { 0 },
            coupon_days: 30,
            ..Default::default()
        };
        automations::save_rule(&store, rule.id, &input, now)?;
        automations::set_enabled(&store, rule.id, true, now - 30 * DAY)?;
    }
    let steps: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM order_steps", [], |r| r.get(0))?))?;
    println!("every rule on; {steps} recent order steps");
    Ok(())
}

/// `automations-measure STORE_DIR`: one run over everything due today.
pub fn measure(args: &[String]) -> Res {
    let [dir] = args else { return Err("automations-measure STORE_DIR".into()) };
    let store = Store::open_in_dir(Path::new(dir))?;
    let now = evaluation_instant(&store)?;
    let started = Instant::now();
    let report = automations::run(&store, now, &links)?;
    let elapsed = started.elapsed().as_secs_f64();
    let by_rule: Vec<String> = store.read(|c| {
        let mut stmt = c.prepare(
            "SELECT r.key, count(*) FROM automation_sends s JOIN automation_rules r ON r.id = s.rule_id GROUP BY r.key",
        )?;
        Ok(stmt
            .query_map([], |r| Ok(format!("{}={}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    })?;
    println!(
        "queued={} capped={} ({}) rules_eval_s={elapsed:.3} rules_peak_rss_mb={:.0}",
        report.queued,
        report.capped,
        by_rule.join(" "),
        peak_rss_mb()
    );
    Ok(())
}

/// `automations-idle STORE_DIR SECONDS`: the scheduler's own thread after
/// its first run, left alone; CPU time of the process over wall time.
pub fn idle(args: &[String]) -> Res {
    let [dir, seconds] = args else { return Err("automations-idle STORE_DIR SECONDS".into()) };
    let seconds: u64 = seconds.parse()?;
    let store = Arc::new(Store::open_in_dir(Path::new(dir))?);
    let (done, first) = mpsc::channel();
    let runs = store.clone();
    let now = evaluation_instant(&store)?;
    let started = Instant::now();
    let _scheduler = Scheduler::spawn(store, move |scope| {
        let at = now + started.elapsed().as_millis() as i64;
        let report = automations::run_scope(&runs, at, &links, scope);
        let _ = done.send(report.map(|r| r.queued).unwrap_or(0));
    });
    let queued = first.recv()?;
    let (cpu0, wall0) = (cpu_seconds(), Instant::now());
    std::thread::sleep(Duration::from_secs(seconds));
    let ticks = first.try_iter().count();
    let cpu = cpu_seconds() - cpu0;
    let wall = wall0.elapsed().as_secs_f64();
    println!(
        "first run queued {queued}; then {ticks} periodic runs in {wall:.0}s; cpu {cpu:.3}s idle_cpu_pct={:.2}",
        100.0 * cpu / wall
    );
    Ok(())
}

/// User + system CPU time of this process, in seconds (Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after ')'.
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks: f64 = [11, 12].iter().filter_map(|i| fields.get(*i)?.parse::<f64>().ok()).sum();
    ticks / 100.0
}
