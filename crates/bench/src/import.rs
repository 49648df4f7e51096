//! Import and search measurements on the large demo data set.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use posventa_core::{Store, customers, import, search, settings};

use crate::{peak_rss_mb, percentile};

type Res = Result<(), Box<dyn std::error::Error>>;

pub(crate) fn fresh_store(dir: &Path) -> Result<Store, Box<dyn std::error::Error>> {
    let _ = std::fs::remove_dir_all(dir);
    let store = Store::open_in_dir(dir)?;
    settings::ensure(&store, "es-ES")?;
    Ok(store)
}

pub(crate) fn import_file(store: &Store, file: &Path) -> Result<import::ImportReport, Box<dyn std::error::Error>> {
    let options = import::detect(file)?;
    Ok(import::run(store, file, &options, true, &mut |_| true)?)
}

/// `import-once FILE STORE_DIR`: one timed import into a fresh store, in its
/// own process so its peak memory is its own.
pub fn once(args: &[String]) -> Res {
    let [file, dir] = args else { return Err("import-once FILE STORE_DIR".into()) };
    let store = fresh_store(Path::new(dir))?;
    let started = Instant::now();
    let report = import_file(&store, Path::new(file))?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "import_s={seconds:.3} rows={} orders={} lines={} customers={} problems={} peak_rss_mb={:.0}",
        report.counts.rows,
        report.counts.orders_new,
        report.counts.lines_new,
        report.counts.customers_new,
        report.problem_count,
        peak_rss_mb()
    );
    Ok(())
}

/// Realistic fragments: parts of names (without accents, lower case), of
/// emails, of phones as people type them, and of order numbers.
fn queries(store: &Store, n: usize) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let rows: Vec<(String, Option<String>, Option<String>)> = store.read(|c| {
        let mut stmt = c.prepare("SELECT name, email, phone FROM customers ORDER BY random() LIMIT ?1")?;
        let rows = stmt.query_map([n as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })?;
    let numbers: Vec<String> = store.read(|c| {
        let mut stmt = c.prepare("SELECT number FROM orders ORDER BY random() LIMIT ?1")?;
        let rows = stmt.query_map([n as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })?;
    let mut rng = fastrand::Rng::with_seed(7);
    let mut out = Vec::with_capacity(n);
    // What people type into a search box: the start of a name or surname,
    // of an email, part of a phone as they would say it, part of an order number.
    let prefix = |s: &str, rng: &mut fastrand::Rng| {
        let chars: Vec<char> = s.chars().collect();
        let len = rng.usize(3..=6).min(chars.len());
        chars[..len].iter().collect::<String>().to_lowercase()
    };
    for (i, (name, email, phone)) in rows.into_iter().enumerate() {
        let words: Vec<&str> = name.split_whitespace().collect();
        let q = match i % 5 {
            0 | 1 => prefix(words[rng.usize(0..words.len())], &mut rng),
            2 => match email {
                Some(e) => prefix(&e, &mut rng),
                None => prefix(&name, &mut rng),
            },
            3 => match phone {
                // "612 34", as typed from a Spanish number
                Some(p) => {
                    let national = p.trim_start_matches("+34");
                    let cut = 3.min(national.len());
                    format!("{} {}", &national[..cut], &national[cut..5.min(national.len())])
                }
                None => prefix(&name, &mut rng),
            },
            _ => {
                let number = &numbers[i % numbers.len().max(1)];
                let digits: String = number.chars().filter(char::is_ascii_digit).collect();
                let len = rng.usize(3..=5).min(digits.len());
                let start = rng.usize(0..=digits.len() - len);
                digits[start..start + len].to_owned()
            }
        };
        out.push(q);
    }
    Ok(out)
}

fn time_queries(store: &Store, queries: &[String]) -> Result<Vec<f64>, Box<dyn std::error::Error>> {
    let mut ms = Vec::with_capacity(queries.len());
    for q in queries {
        let started = Instant::now();
        let results = search::everything(store, q, 8)?;
        std::hint::black_box(results);
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(ms)
}

/// `import DATA_DIR WORK_DIR`: search and customer-page latencies on the store
/// built from DATA_DIR/orders-generic.csv, and search while another file imports.
pub fn bench(args: &[String]) -> Res {
    let [data, work] = args else { return Err("import DATA_DIR WORK_DIR".into()) };
    let data = PathBuf::from(data);
    let store_dir = Path::new(work).join("search-store");
    let store = Arc::new(fresh_store(&store_dir)?);
    let started = Instant::now();
    let report = import_file(&store, &data.join("orders-generic.csv"))?;
    println!(
        "store built in {:.1}s: {} customers, {} orders, {} lines",
        started.elapsed().as_secs_f64(),
        report.counts.customers_new,
        report.counts.orders_new,
        report.counts.lines_new
    );

    let qs = queries(&store, 3000)?;
    time_queries(&store, &qs[..200])?; // warm the page cache
    let mut search_ms = time_queries(&store, &qs)?;
    let mut slowest: Vec<(f64, &String)> = search_ms.iter().copied().zip(&qs).collect();
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!(
        "slowest queries: {:?}",
        slowest.iter().take(8).map(|(ms, q)| format!("{q:?} {ms:.1}ms")).collect::<Vec<_>>()
    );
    let p50 = percentile(&mut search_ms, 50.0);
    let p95 = percentile(&mut search_ms, 95.0);
    let p99 = percentile(&mut search_ms, 99.0);
    println!("search: {} queries, p50 {p50:.2} ms, p95 {p95:.2} ms, p99 {p99:.2} ms", qs.len());

    let ids: Vec<i64> = store.read(|c| {
        let mut stmt = c.prepare("SELECT id FROM customers ORDER BY random() LIMIT 2000")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })?;
    let mut page_ms = Vec::new();
    for id in &ids {
        let started = Instant::now();
        std::hint::black_box(customers::page(&store, *id)?);
        page_ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let page_p95 = percentile(&mut page_ms, 95.0);
    println!("customer page: {} loads, p95 {page_p95:.2} ms", ids.len());

    // Search while the Shopify export of the same shop imports into the same store.
    let done = Arc::new(AtomicBool::new(false));
    let importer = {
        let (store, done, file) = (store.clone(), done.clone(), data.join("orders-shopify.csv"));
        std::thread::spawn(move || {
            let started = Instant::now();
            let result = import_file(&store, &file).map(|r| r.counts.orders_new).map_err(|e| e.to_string());
            done.store(true, Ordering::SeqCst);
            (result, started.elapsed().as_secs_f64())
        })
    };
    let mut during_ms = Vec::new();
    let mut i = 0;
    while !done.load(Ordering::SeqCst) {
        let q = &qs[i % qs.len()];
        let started = Instant::now();
        std::hint::black_box(search::everything(&store, q, 8)?);
        during_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        i += 1;
    }
    let (imported, import_s) = importer.join().map_err(|_| "import thread panicked")?;
    let during_p95 = percentile(&mut during_ms, 95.0);
    println!(
        "search during a background import ({} orders in {import_s:.1}s): {} queries, p95 {during_p95:.2} ms",
        imported?,
        during_ms.len()
    );
    println!(
        "search_p95_ms={p95:.2} search_p99_ms={p99:.2} customer_page_p95_ms={page_p95:.2} search_during_import_p95_ms={during_p95:.2}"
    );
    Ok(())
}

/// `crash-import-child FILE STORE_DIR`: imports into an existing store and
/// prints "started" once the import is under way (the parent kills it).
pub fn crash_child(args: &[String]) -> Res {
    let [file, dir] = args else { return Err("crash-import-child FILE STORE_DIR".into()) };
    let store = Store::open_in_dir(Path::new(dir))?;
    let options = import::detect(Path::new(file))?;
    let mut said = false;
    import::run(&store, Path::new(file), &options, true, &mut |_| {
        if !said {
            println!("started");
            said = true;
        }
        true
    })?;
    println!("finished");
    Ok(())
}

/// `check-store STORE_DIR`: integrity, foreign keys and counts, one line.
pub fn check_store(args: &[String]) -> Res {
    let [dir] = args else { return Err("check-store STORE_DIR".into()) };
    let store = Store::open_in_dir(Path::new(dir))?;
    let line = store.read(|c| {
        let integrity: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let fk: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        let count = |t: &str| c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0));
        Ok(format!(
            "integrity={integrity} foreign_key_errors={fk} customers={} orders={} lines={}",
            count("customers")?,
            count("orders")?,
            count("order_lines")?
        ))
    })?;
    println!("{line}");
    Ok(())
}

/// `problems FILE`: the problems a dry run finds, by code, with examples.
pub fn problems(args: &[String]) -> Res {
    let [file] = args else { return Err("problems FILE".into()) };
    let dir = std::env::temp_dir().join(format!("posventa-problems-{}", std::process::id()));
    let store = fresh_store(&dir)?;
    let options = import::detect(Path::new(file))?;
    println!("{options:?}");
    let report = import::run(&store, Path::new(file), &options, false, &mut |_| true)?;
    let mut by_code: std::collections::BTreeMap<String, (usize, Vec<String>)> = Default::default();
    for p in &report.problems {
        let e = by_code.entry(format!("{}:{}", p.column, p.code)).or_default();
        e.0 += 1;
        if e.1.len() < 3 {
            e.1.push(format!("row {} {:?}", p.row, p.value));
        }
    }
    println!("{} problems; {:?}", report.problem_count, report.counts);
    for (code, (n, examples)) in by_code {
        println!("{code}: {n} e.g. {examples:?}");
    }
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}
