//! `complaints STORE_DIR DATA_DIR`: what a shop owner waits for while a
//! customer is on the phone, on the large demo data set plus 20,000
//! complaints: the live customer lookup as a phone number is typed digit by
//! digit, the customer's whole page (every section the window loads), and
//! a full dashboard refresh over the last 12 months.

use std::path::Path;
use std::time::Instant;

use posventa_core::complaints::{self, Channel, ComplaintInput, ComplaintStatus, Severity};
use posventa_core::customers::{self, ContactChannel};
use posventa_core::returns::{self, ReturnFilter};
use posventa_core::store::{now_ms, today};
use posventa_core::{Store, dashboard, loyalty, newsletter, surveys};

use crate::import::{fresh_store, import_file};
use crate::percentile;

type Res = Result<(), Box<dyn std::error::Error>>;

const COMPLAINTS: usize = 20_000;

/// Customers' ids with their phones.
type Callers = Vec<(i64, Option<String>)>;

fn random_ids(store: &Store, n: usize) -> Result<Callers, Box<dyn std::error::Error>> {
    Ok(store.read(|c| {
        let mut stmt = c.prepare("SELECT id, phone FROM customers ORDER BY random() LIMIT ?1")?;
        let rows = stmt.query_map([n as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })?)
}

/// Complaints spread over the last year, one in three resolved after a
/// note and a call.
fn seed(store: &Store) -> Res {
    let categories = complaints::get_settings(store)?.categories;
    let now = now_ms();
    let mut rng = fastrand::Rng::with_seed(11);
    for (i, (customer_id, _)) in random_ids(store, COMPLAINTS)?.into_iter().enumerate() {
        let at = now - rng.i64(0..365 * 24 * 3_600_000);
        let input = ComplaintInput {
            customer_id,
            order_id: None,
            category_id: categories[i % categories.len()].id,
            severity: [Severity::Low, Severity::Normal, Severity::High, Severity::Urgent][i % 4],
            channel: Channel::Phone,
            reply_channel: ContactChannel::Phone,
            description: "El pedido llegó con la caja abierta y falta una pieza.".into(),
        };
        let id = complaints::open(store, &input, "bench", at)?.summary.id;
        if i % 3 == 0 {
            complaints::add_note(store, id, "Revisado con el almacén", "bench", at + 3_600_000)?;
            complaints::log_call(store, id, 120, "", "bench", at + 7_200_000)?;
            complaints::transition(
                store,
                id,
                ComplaintStatus::Resolved,
                "Reposición enviada",
                "bench",
                at + 86_400_000,
            )?;
        }
    }
    Ok(())
}

/// What the caller reads out, digit by digit, as the owner types it:
/// "6", "61", "612", "612 ", "612 3"… (national format, Spanish numbers).
fn keystrokes(phone: &str) -> Vec<String> {
    let national = phone.trim_start_matches("+34");
    let spaced: String = national
        .chars()
        .enumerate()
        .flat_map(|(i, c)| if i == 3 || i == 5 || i == 7 { vec![' ', c] } else { vec![c] })
        .collect();
    (1..=spaced.len()).map(|n| spaced[..n].to_owned()).filter(|s| !s.ends_with(' ')).collect()
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

pub fn bench(args: &[String]) -> Res {
    let [store_dir, data] = args else { return Err("complaints STORE_DIR DATA_DIR".into()) };
    let store_dir = Path::new(store_dir);
    let started = Instant::now();
    let store = fresh_store(store_dir)?;
    let report = import_file(&store, &Path::new(data).join("orders-generic.csv"))?;
    seed(&store)?;
    println!(
        "store: {} customers, {} orders, {} lines, {COMPLAINTS} complaints; built in {:.1}s",
        report.counts.customers_new,
        report.counts.orders_new,
        report.counts.lines_new,
        started.elapsed().as_secs_f64()
    );

    // The lookup, one call per keystroke, as the form does while typing.
    let callers = random_ids(&store, 300)?;
    let mut lookup_ms = Vec::new();
    let (mut found, mut with_phone) = (0, 0);
    for (id, phone) in &callers {
        let Some(phone) = phone else { continue };
        with_phone += 1;
        let mut last = Vec::new();
        for typed in keystrokes(phone) {
            let t = Instant::now();
            last = customers::suggest(&store, &typed, 8, 200)?;
            lookup_ms.push(ms(t));
        }
        found += usize::from(last.iter().any(|c| c.id == *id));
    }
    let lookups = lookup_ms.len();
    let lookup_p50 = percentile(&mut lookup_ms, 50.0);
    let lookup_p95 = percentile(&mut lookup_ms, 95.0);
    println!(
        "phone lookup while typing: {lookups} keystrokes for {with_phone} callers with a phone, p50 {lookup_p50:.2} ms, \
         p95 {lookup_p95:.2} ms; the caller was among the suggestions after the full number for {found} of them"
    );

    // The customer's whole page: every call the window makes to show it.
    let mut page_ms = Vec::new();
    let now = now_ms();
    for (id, _) in random_ids(&store, 2000)? {
        let t = Instant::now();
        std::hint::black_box(customers::page(&store, id)?);
        std::hint::black_box(loyalty::customer(&store, id, now, today())?);
        let filter = ReturnFilter { status: None, reason_id: None, min_age_days: None, customer_id: Some(id) };
        std::hint::black_box(returns::list(&store, &filter, now, 20, 0)?);
        std::hint::black_box(surveys::responses_of(&store, id)?);
        std::hint::black_box(surveys::follow_ups(&store, Some(id))?);
        std::hint::black_box(complaints::of_customer(&store, id, now)?);
        std::hint::black_box(newsletter::subscriptions_of(&store, id)?);
        page_ms.push(ms(t));
    }
    let page_p50 = percentile(&mut page_ms, 50.0);
    let page_p95 = percentile(&mut page_ms, 95.0);
    println!("customer page (all sections): {} loads, p50 {page_p50:.2} ms, p95 {page_p95:.2} ms", page_ms.len());

    // The dashboard's default view: the last 12 months by month.
    let to = today();
    let from = to - time::Duration::days(365);
    let mut refresh_ms = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let d = dashboard::overview(&store, &from.to_string(), &to.to_string(), now_ms())?;
        refresh_ms.push(ms(t));
        std::hint::black_box(d);
    }
    let refresh = percentile(&mut refresh_ms, 50.0);
    println!("dashboard, {from} to {to}: median of 5 full refreshes {refresh:.1} ms");
    println!(
        "phone_lookup_p95_ms={lookup_p95:.2} customer_page_p95_ms={page_p95:.2} dashboard_refresh_ms={refresh:.1}"
    );
    Ok(())
}
