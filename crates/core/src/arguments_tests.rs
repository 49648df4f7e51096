//! The audit behind "every command reachable from the UI validates its
//! arguments": each command registered in `src-tauri/lib.rs` is called here,
//! through the core function it delegates to, with hostile arguments
//! (oversized or control-character text, negative, zero and absurd numbers,
//! unknown ids, malformed emails, phones and dates). Each call must be
//! refused with the code the UI translates (naming the field), must not
//! panic, and must leave the store — every table, and every file in the data
//! folder — exactly as it was.
//!
//! A command added to the shell without a case here (or in the mail crate's
//! `tests/arguments.rs`), and without a line in [`EXEMPT`] saying why it
//! needs none, fails `every_ui_command_is_audited`.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, types::ValueRef};

use crate::complaints::{
    self, CategoryInput, Compensation, CompensationInput, ComplaintInput, ComplaintSettingsInput, ComplaintStatus,
    Severity,
};
use crate::customers::{self, ContactChannel, CustomerInput, CustomerSort};
use crate::error::{ErrorPayload, Result};
use crate::export::{self, ExportKind};
use crate::import::{self, DateOrder, DecimalMark, Delimiter, Encoding, Field, FieldMapping, ImportOptions, Layout};
use crate::loyalty::{self, EarnOn, LoyaltySettingsInput, TierInput};
use crate::newsletter::{self, ConsentMethod, ListInput, SubscriberInput};
use crate::orders::{self, OrderInput, OrderSort, OrderStatus};
use crate::returns::{
    self, FeeKind, Outcome, ReasonInput, ReturnFilter, ReturnInput, ReturnLineInput, ReturnPolicyInput, ReturnStatus,
};
use crate::segments::{self, Audience, Rule};
use crate::settings::{self, Settings};
use crate::store::{Store, now_ms, today};
use crate::surveys::{self, PhoneAnswer, SurveyInput, SurveyKind};
use crate::testkit::{TestStore, customer_input, line, order_input};
use crate::{campaigns, collector, dashboard, drafts, privacy, search};

const LIB_RS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../src-tauri/lib.rs");
/// The mail crate's half of the audit (relay settings, test sends, previews).
const MAIL_AUDIT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../mail/tests/arguments.rs");
/// What the user reads: the UI translates every code through these.
const SPANISH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/i18n/es.json");

/// An id no row has.
const UNKNOWN: i64 = 999_999;

/// Commands with nothing a person types, or that only read and cannot be
/// given anything hostile; each with why.
const EXEMPT: &[(&str, &str)] = &[
    ("settings_get", "no arguments"),
    ("import_pick_file", "no arguments: the system's file dialog"),
    ("import_cancel", "no arguments"),
    ("export_pick_path", "no store: the name only pre-fills the system's save dialog"),
    ("mail_settings_get", "no arguments"),
    ("mail_open_outbox", "no arguments"),
    ("lists_list", "no arguments"),
    ("tags_list", "no arguments"),
    ("campaigns_list", "no arguments"),
    ("collector_get", "no arguments"),
    ("collector_secret_new", "no arguments: a random secret into the credential store"),
    ("collector_secret_reveal", "no arguments"),
    ("collector_sync", "no arguments: what it applies comes signed from the collector (collector tests)"),
    ("backups_list", "no arguments"),
    ("backup_now", "no arguments"),
    ("backup_pick_file", "no arguments: the system's file dialog"),
    ("complaint_settings_get", "no arguments"),
    ("complaints_list", "read-only: a closed filter and paging"),
    ("complaint_counts", "no arguments"),
    ("return_policy_get", "no arguments"),
    ("loyalty_settings_get", "no arguments"),
    ("loyalty_backfill", "no arguments"),
    // Rows of a parent the page has already loaded through its own command
    // (which answers an unknown id with not_found): an unknown parent id
    // is an empty list, never an error page.
    ("customer_subscriptions", "read-only: rows of the customer page, after customer_page"),
    ("campaign_recipients", "read-only: rows of a campaign, after campaign_get"),
    ("customer_responses", "read-only: rows of the customer page, after customer_page"),
    ("follow_ups_list", "read-only: rows of the customer page (or every open case)"),
    ("complaints_of_customer", "read-only: rows of the customer page, after customer_page"),
    ("customer_coupons", "read-only: rows of the customer page, after customer_page"),
    ("automation_settings_get", "no arguments"),
    ("automation_rules", "no arguments"),
    ("carriers_get", "no arguments"),
    ("automation_timeline", "read-only: rows of the customer page, after customer_page"),
];

// ---------------------------------------------------------------- the harness

/// Everything that could have been written: each table's rows, in rowid
/// order, every value spelled out; and every file in the data folder apart
/// from the database's own.
fn fingerprint(store: &Store) -> BTreeMap<String, Vec<String>> {
    let conn = Connection::open_with_flags(store.path(), OpenFlags::SQLITE_OPEN_READ_ONLY).expect("a second reader");
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut print = BTreeMap::new();
    for (name, sql) in tables {
        // A virtual table's rows live in its shadow tables, printed themselves.
        if sql.starts_with("CREATE VIRTUAL TABLE") {
            continue;
        }
        let rowid = !sql.contains("WITHOUT ROWID");
        let order = if rowid { " ORDER BY rowid" } else { "" };
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"{order}")).unwrap();
        let width = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..width)
                    .map(|i| {
                        Ok(match r.get_ref(i)? {
                            ValueRef::Null => "NULL".to_owned(),
                            ValueRef::Integer(n) => n.to_string(),
                            ValueRef::Real(x) => format!("{x:?}"),
                            ValueRef::Text(t) => format!("{:?}", String::from_utf8_lossy(t)),
                            ValueRef::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
                        })
                    })
                    .collect::<rusqlite::Result<_>>()?;
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        if !rowid {
            rows.sort();
        }
        print.insert(format!("table {name}"), rows);
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    print.insert("user_version".into(), vec![version.to_string()]);
    let dir = store.path().parent().unwrap();
    let mut files = Vec::new();
    list_files(dir, dir, &mut files);
    print.insert("files".into(), files);
    print
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            list_files(root, &path, out);
            continue;
        }
        let name = path.strip_prefix(root).unwrap().display().to_string();
        if name.starts_with(crate::store::DB_FILE) {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        out.push(format!("{name} {} {:x}", bytes.len(), fold_hash(&bytes)));
    }
}

fn fold_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0).hash_one(bytes)
}

/// What a refusal must be: `"customer_not_found"` (a whole-command code)
/// or `"name: too_long"` (invalid input naming the field with its code;
/// `policy: rule` for a refusal by the return policy).
fn matches(spec: &str, payload: &ErrorPayload) -> bool {
    match spec.split_once(": ") {
        None => payload.code == spec,
        Some((field, code)) => {
            let top = if field == "policy" { "policy_refused" } else { "invalid_input" };
            payload.code == top && payload.fields.iter().any(|f| f.field == field && f.code == code)
        }
    }
}

struct Audit {
    t: TestStore,
    seed: Seed,
    covered: BTreeSet<&'static str>,
    /// (command, payload) of every refusal, for the translation check.
    refusals: Vec<(&'static str, ErrorPayload)>,
    failures: Vec<String>,
}

impl Audit {
    fn new() -> Self {
        let t = TestStore::new();
        let seed = Seed::plant(&t.store);
        Audit { t, seed, covered: BTreeSet::new(), refusals: Vec::new(), failures: Vec::new() }
    }

    fn store(&self) -> &Store {
        &self.t.store
    }

    /// `call` (what `command` does) must be refused as `spec` says, without
    /// a panic, leaving the store and the data folder untouched.
    fn refused<T: std::fmt::Debug>(
        &mut self,
        command: &'static str,
        spec: &str,
        call: impl FnOnce(&Store) -> Result<T>,
    ) {
        self.covered.insert(command);
        let before = fingerprint(&self.t.store);
        let outcome = catch_unwind(AssertUnwindSafe(|| call(&self.t.store)));
        let after = fingerprint(&self.t.store);
        let problem = match outcome {
            Err(_) => Some("panicked".to_owned()),
            Ok(Ok(value)) => Some(format!("accepted it: {:.200}", format!("{value:?}"))),
            Ok(Err(err)) => {
                let payload = err.payload();
                let wrong = !matches(spec, &payload);
                let silent = payload.message.trim().is_empty();
                self.refusals.push((command, payload.clone()));
                (wrong || silent).then(|| format!("refused it as {} {:?}", payload.code, payload.fields))
            }
        };
        if let Some(problem) = problem {
            self.failures.push(format!("{command}: expected {spec:?}, but it {problem}"));
        }
        if before != after {
            let changed: BTreeSet<&String> =
                before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).collect();
            self.failures.push(format!("{command} ({spec}): a refused call changed {changed:?}"));
        }
    }

    /// A read-only lookup where any answer is right (an exact match that
    /// finds nothing): it must still not panic, fail on the database or write.
    fn harmless<T>(&mut self, command: &'static str, call: impl FnOnce(&Store) -> Result<T>) {
        self.covered.insert(command);
        let before = fingerprint(&self.t.store);
        let outcome = catch_unwind(AssertUnwindSafe(|| call(&self.t.store)));
        match outcome {
            Err(_) => self.failures.push(format!("{command}: panicked")),
            Ok(Err(err)) if err.code() != "invalid_input" => {
                self.failures.push(format!("{command}: failed as {} ({err})", err.code()))
            }
            Ok(_) => {}
        }
        if before != fingerprint(&self.t.store) {
            self.failures.push(format!("{command}: a lookup wrote to the store"));
        }
    }
}

fn huge() -> String {
    "x".repeat(100_000)
}

/// Text no one-line field may hold: NUL, an escape sequence, a header injection.
const CONTROL: [&str; 3] = ["Ana\0", "Ana \u{1b}[31mroja", "Ana\r\nBcc: x@y.z"];
/// Multi-line text still may not hold NUL or escapes.
const MULTILINE_CONTROL: [&str; 2] = ["dijo\0algo", "dijo \u{1b}[2J algo"];
const BAD_EMAILS: [&str; 4] = ["ana@", "a b@c.d", "ana@example.es\r\nBcc: x@y.z", "<ana@example.es>"];
const BAD_AMOUNTS: [(&str, &str); 6] = [
    ("-1", "amount_negative"),
    ("NaN", "amount_malformed"),
    ("1e309", "amount_malformed"),
    ("99999999999999", "amount_too_large"),
    ("12,345,6", "amount_malformed"),
    ("", "amount_malformed"),
];
const BAD_DAYS: [&str; 5] = ["2026-02-30", "0000-01-01", "31/12/2025", "2025-13-01", ""];

/// One of everything, so that refusals are checked against real rows too.
struct Seed {
    customer: i64,
    /// No email, no phone.
    quiet: i64,
    order: i64,
    list: i64,
    subscriber: i64,
    campaign: i64,
    complaint: i64,
    category: i64,
    follow_up: i64,
    ret: i64,
    reason: i64,
}

impl Seed {
    fn plant(store: &Store) -> Self {
        let customer = customers::create(
            store,
            &CustomerInput {
                email: Some("ana@example.es".into()),
                phone: Some("612 34 56 78".into()),
                ..customer_input("Ana Núñez")
            },
        )
        .unwrap()
        .id;
        let quiet = customers::create(store, &customer_input("Luis Sin Contacto")).unwrap().id;
        let day = today().to_string();
        // Two units: one goes back in the seeded return, one can still be returned.
        let two =
            OrderInput { placed_on: day.clone(), lines: vec![line("Camiseta", "2", "19,90")], ..order_input(customer) };
        let order = orders::create(store, &two).unwrap().id;
        orders::set_status(store, order, OrderStatus::Delivered, Some(day)).unwrap();
        let list = newsletter::create_list(
            store,
            &ListInput { name: "Novedades".into(), double_opt_in: false, consent_text: "Sí, quiero".into() },
        )
        .unwrap()
        .id;
        let subscriber = newsletter::add_subscriber(
            store,
            list,
            &SubscriberInput {
                email: "ana@example.es".into(),
                name: "Ana".into(),
                consent_method: ConsentMethod::Form,
            },
        )
        .unwrap()
        .subscriber
        .id;
        let campaign = campaigns::create(store, &campaign_input(Some(list))).unwrap().id;
        let category = complaints::get_settings(store).unwrap().categories[0].id;
        let complaint = complaints::open(store, &complaint_input(customer, category), "eva", now_ms()).unwrap();
        let answer = PhoneAnswer {
            customer_id: customer,
            kind: SurveyKind::Nps,
            score: 2,
            comment: "Mal".into(),
            order_id: None,
        };
        surveys::record_phone_answer(store, &answer).unwrap();
        let follow_up = surveys::follow_ups(store, Some(customer)).unwrap()[0].id;
        let reason = returns::policy(store).unwrap().reasons[0].id;
        let ret = returns::open(store, &return_input(order, reason), "eva", now_ms(), today()).unwrap().id;
        Seed {
            customer,
            quiet,
            order,
            list,
            subscriber,
            campaign,
            complaint: complaint.summary.id,
            category,
            follow_up,
            ret,
            reason,
        }
    }
}

fn campaign_input(list: Option<i64>) -> campaigns::CampaignInput {
    campaigns::CampaignInput {
        name: "Rebajas".into(),
        subject: "Rebajas de invierno".into(),
        preheader: String::new(),
        body_md: "Hola {{ first_name }}".into(),
        audience: Audience { list_id: list, rules: Vec::new() },
    }
}

fn complaint_input(customer_id: i64, category_id: i64) -> ComplaintInput {
    ComplaintInput {
        customer_id,
        order_id: None,
        category_id,
        severity: Severity::Normal,
        channel: complaints::Channel::Phone,
        reply_channel: ContactChannel::Email,
        description: "La taza llegó rota.".into(),
    }
}

fn return_input(order_id: i64, reason_id: i64) -> ReturnInput {
    ReturnInput {
        order_id,
        lines: vec![ReturnLineInput { position: 0, quantity: 1 }],
        reason_id,
        outcome: Outcome::Refund,
        note: String::new(),
        override_reason: None,
    }
}

fn settings_input() -> Settings {
    Settings { shop_name: "Tienda".into(), ..Settings::defaults_for_locale("es-ES") }
}

fn policy_input(store: &Store) -> ReturnPolicyInput {
    let current = returns::policy(store).unwrap();
    ReturnPolicyInput {
        window_days: 30,
        fee_kind: FeeKind::None,
        fee_value: String::new(),
        offer_refund: true,
        offer_exchange: true,
        offer_credit: true,
        bonus_percent: 0,
        policy_text: "Treinta días.".into(),
        notify_customer: false,
        reasons: current
            .reasons
            .iter()
            .map(|r| ReasonInput { id: Some(r.id), label: r.label.clone(), waives_fee: r.waives_fee, active: true })
            .collect(),
    }
}

fn loyalty_input() -> LoyaltySettingsInput {
    LoyaltySettingsInput {
        enabled: true,
        points_per_unit: 1,
        earn_on: EarnOn::Delivered,
        pending_days: None,
        redeem_points: 100,
        redeem_value: "1".into(),
        expiry_months: None,
        referrer_points: 0,
        referred_points: 0,
        referral_coupon_percent: 0,
        referral_coupon_days: 60,
        tiers: Vec::new(),
    }
}

fn complaint_settings_input(store: &Store) -> ComplaintSettingsInput {
    let current = complaints::get_settings(store).unwrap();
    ComplaintSettingsInput {
        sla_low_hours: 72,
        sla_normal_hours: 48,
        sla_high_hours: 24,
        sla_urgent_hours: 4,
        categories: current
            .categories
            .iter()
            .map(|c| CategoryInput { id: Some(c.id), label: c.label.clone() })
            .collect(),
    }
}

fn survey_input() -> SurveyInput {
    SurveyInput {
        kind: SurveyKind::Nps,
        name: "NPS".into(),
        follow_up_es: String::new(),
        follow_up_en: String::new(),
        delivered_within_days: 14,
    }
}

fn no_links(_: &surveys::LinkRequest<'_>) -> Vec<String> {
    Vec::new()
}

fn import_options(mapping: Vec<FieldMapping>) -> ImportOptions {
    ImportOptions {
        layout: Layout::Customers,
        encoding: Encoding::Utf8,
        delimiter: Delimiter::Semicolon,
        decimal: DecimalMark::Comma,
        date_order: DateOrder::Dmy,
        mapping,
    }
}

// ---------------------------------------------------------------- the cases

fn settings_and_customers(a: &mut Audit) {
    let s = &a.seed;
    let customer = s.customer;

    // Settings.
    a.refused("settings_update", "shop_name: text_invalid", |st| {
        settings::update(st, Settings { shop_name: huge(), ..settings_input() })
    });
    for bad in CONTROL {
        a.refused("settings_update", "shop_name: text_invalid", |st| {
            settings::update(st, Settings { shop_name: bad.into(), ..settings_input() })
        });
    }
    a.refused("settings_update", "country: country_unknown", |st| {
        settings::update(st, Settings { country: huge(), ..settings_input() })
    });
    a.refused("settings_update", "currency: currency_unknown", |st| {
        settings::update(st, Settings { currency: "-1".into(), ..settings_input() })
    });

    // Customers: the form, for a new one and for an existing one.
    let forms: Vec<(&str, CustomerInput)> = {
        let mut f = vec![
            ("name: too_long", customer_input(&huge())),
            ("name: required", customer_input("   ")),
            ("notes: too_long", CustomerInput { notes: Some(huge()), ..customer_input("Ana") }),
            ("phone: phone_invalid", CustomerInput { phone: Some("12".into()), ..customer_input("Ana") }),
            ("phone: phone_malformed", CustomerInput { phone: Some("+34 abc".into()), ..customer_input("Ana") }),
            ("phone: phone_malformed", CustomerInput { phone: Some(huge()), ..customer_input("Ana") }),
            ("email: email_malformed", CustomerInput { email: Some(huge() + "@example.es"), ..customer_input("Ana") }),
            (
                "preferred_channel: channel_needs_phone",
                CustomerInput { preferred_channel: Some(ContactChannel::Whatsapp), ..customer_input("Ana") },
            ),
        ];
        f.extend(CONTROL.map(|bad| ("name: text_invalid", customer_input(bad))));
        f.extend(
            MULTILINE_CONTROL
                .map(|bad| ("notes: text_invalid", CustomerInput { notes: Some(bad.into()), ..customer_input("Ana") })),
        );
        f.extend(
            BAD_EMAILS.map(|bad| {
                ("email: email_malformed", CustomerInput { email: Some(bad.into()), ..customer_input("Ana") })
            }),
        );
        f
    };
    for (spec, input) in &forms {
        a.refused("customer_create", spec, |st| customers::create(st, input));
        a.refused("customer_update", spec, |st| customers::update(st, customer, input));
    }
    a.refused("customer_update", "customer_not_found", |st| customers::update(st, UNKNOWN, &customer_input("Ana")));
    a.refused("customer_page", "customer_not_found", |st| customers::page(st, UNKNOWN));
    a.refused("customer_set_tags", "customer_not_found", |st| segments::set_tags(st, UNKNOWN, &["VIP".into()]));
    a.refused("customer_set_tags", "tags.0: text_invalid", |st| segments::set_tags(st, customer, &[huge()]));
    a.refused("customer_set_tags", "tags.1: text_invalid", |st| {
        segments::set_tags(st, customer, &["VIP".into(), " ".into()])
    });
    for bad in CONTROL {
        a.refused("customer_set_tags", "tags.0: text_invalid", |st| segments::set_tags(st, customer, &[bad.into()]));
    }
    let many: Vec<String> = (0..100_000).map(|i| format!("t{i}")).collect();
    a.refused("customer_set_tags", "tags: too_many", |st| segments::set_tags(st, customer, &many));

    // Free-text searches read only, but a pasted novel must not become a
    // database error.
    a.refused("customers_list", "query: too_long", |st| customers::list_sorted(st, &huge(), CustomerSort::Name, 50, 0));
    let words = "ab ".repeat(40_000);
    a.refused("customers_list", "query: too_long", |st| customers::list_sorted(st, &words, CustomerSort::Name, 50, 0));
    a.refused("customers_suggest", "query: too_long", |st| customers::suggest(st, &huge(), 8, 200));
    a.refused("search", "query: too_long", |st| search::everything(st, &huge(), 8));
    let lookup = CustomerInput { email: Some(huge()), phone: Some(huge()), ..customer_input(&huge()) };
    a.harmless("customer_duplicates", |st| customers::find_duplicates(st, &lookup, Some(UNKNOWN)));
}

fn orders(a: &mut Audit) {
    let (customer, order) = (a.seed.customer, a.seed.order);
    let with_line = |quantity: &str, price: &str| OrderInput {
        lines: vec![line("Botas", quantity, price)],
        ..order_input(customer)
    };
    a.refused("order_create", "customer_id: customer_unknown", |st| orders::create(st, &order_input(UNKNOWN)));
    for quantity in ["-1", "0"] {
        a.refused("order_create", "lines.0.quantity: quantity_not_positive", |st| {
            orders::create(st, &with_line(quantity, "10"))
        });
    }
    for quantity in ["1e309", "NaN", "99999999999999", "1,5", ""] {
        a.refused("order_create", "lines.0.quantity: quantity_malformed", |st| {
            orders::create(st, &with_line(quantity, "10"))
        });
    }
    for (price, code) in BAD_AMOUNTS {
        let spec = format!("lines.0.unit_price: {code}");
        a.refused("order_create", &spec, |st| orders::create(st, &with_line("1", price)));
    }
    // Two lines each within the limit, whose sum is not; a line whose quantity takes it over.
    let big = OrderInput {
        lines: vec![line("A", "1", "6000000000000"), line("B", "1", "6000000000000")],
        ..order_input(customer)
    };
    a.refused("order_create", "lines.1.unit_price: amount_too_large", |st| orders::create(st, &big));
    a.refused("order_create", "lines.0.unit_price: amount_too_large", |st| {
        orders::create(st, &with_line("1000000", "9000000000"))
    });
    let many = OrderInput { lines: vec![line("A", "1", "1"); orders::MAX_LINES + 1], ..order_input(customer) };
    a.refused("order_create", "lines: too_many", |st| orders::create(st, &many));
    a.refused("order_create", "lines: lines_empty", |st| {
        orders::create(st, &OrderInput { lines: Vec::new(), ..order_input(customer) })
    });
    a.refused("order_create", "lines.0.product: too_long", |st| {
        orders::create(st, &OrderInput { lines: vec![line(&huge(), "1", "1")], ..order_input(customer) })
    });
    a.refused("order_create", "lines.0.product: required", |st| {
        orders::create(st, &OrderInput { lines: vec![line(" ", "1", "1")], ..order_input(customer) })
    });
    for bad in CONTROL {
        a.refused("order_create", "lines.0.product: text_invalid", |st| {
            orders::create(st, &OrderInput { lines: vec![line(bad, "1", "1")], ..order_input(customer) })
        });
        a.refused("order_create", "tracking_code: text_invalid", |st| {
            orders::create(st, &OrderInput { tracking_code: Some(bad.into()), ..order_input(customer) })
        });
    }
    for (field, spec) in
        [("number", "number: too_long"), ("carrier", "carrier: too_long"), ("sku", "lines.0.sku: too_long")]
    {
        let mut input = order_input(customer);
        match field {
            "number" => input.number = Some(huge()),
            "carrier" => input.carrier = Some(huge()),
            _ => input.lines[0].sku = Some(huge()),
        }
        a.refused("order_create", spec, |st| orders::create(st, &input));
    }
    a.refused("order_create", "currency: currency_unknown", |st| {
        orders::create(st, &OrderInput { currency: Some(huge()), ..order_input(customer) })
    });
    for day in BAD_DAYS {
        a.refused("order_create", "placed_on: date_invalid", |st| {
            orders::create(st, &OrderInput { placed_on: day.into(), ..order_input(customer) })
        });
    }
    a.refused("order_create", "placed_on: date_invalid", |st| {
        orders::create(st, &OrderInput { placed_on: huge(), ..order_input(customer) })
    });
    for day in ["2026-02-30", "0000-01-01", "mañana"] {
        a.refused("order_create", "delivered_on: date_invalid", |st| {
            orders::create(st, &OrderInput { delivered_on: Some(day.into()), ..order_input(customer) })
        });
        a.refused("order_set_status", "delivered_on: date_invalid", |st| {
            orders::set_status(st, order, OrderStatus::Delivered, Some(day.into()))
        });
    }
    a.refused("order_set_status", "delivered_on: delivered_before_placed", |st| {
        orders::set_status(st, order, OrderStatus::Delivered, Some("2000-01-01".into()))
    });
    a.refused("order_set_status", "order_not_found", |st| orders::set_status(st, UNKNOWN, OrderStatus::Paid, None));
    a.refused("order_get", "order_not_found", |st| orders::get(st, UNKNOWN));
    a.refused("orders_list", "query: too_long", |st| orders::list(st, &huge(), None, OrderSort::Newest, 50, 0));
    let words = "ab ".repeat(40_000);
    a.refused("orders_list", "query: too_long", |st| orders::list(st, &words, None, OrderSort::Newest, 50, 0));
}

fn newsletters(a: &mut Audit) {
    let (list, subscriber, campaign) = (a.seed.list, a.seed.subscriber, a.seed.campaign);
    let list_input =
        |name: &str, consent: &str| ListInput { name: name.into(), double_opt_in: true, consent_text: consent.into() };
    let mut forms = vec![
        ("name: too_long", list_input(&huge(), "Sí")),
        ("name: required", list_input(" ", "Sí")),
        ("name: name_taken", list_input("NOVEDADES", "Sí")),
        ("consent_text: too_long", list_input("Otra", &huge())),
    ];
    forms.extend(CONTROL.map(|bad| ("name: text_invalid", list_input(bad, "Sí"))));
    forms.extend(MULTILINE_CONTROL.map(|bad| ("consent_text: text_invalid", list_input("Otra", bad))));
    for (spec, input) in &forms {
        a.refused("list_create", spec, |st| newsletter::create_list(st, input));
        if *spec != "name: name_taken" {
            a.refused("list_update", spec, |st| newsletter::update_list(st, list, input));
        }
    }
    a.refused("list_update", "not_found", |st| newsletter::update_list(st, UNKNOWN, &list_input("Otra", "")));

    let person = |email: &str, name: &str| SubscriberInput {
        email: email.into(),
        name: name.into(),
        consent_method: ConsentMethod::InStore,
    };
    a.refused("subscriber_add", "not_found", |st| {
        newsletter::add_subscriber(st, UNKNOWN, &person("luis@example.es", "Luis"))
    });
    a.refused("subscriber_add", "email: required", |st| newsletter::add_subscriber(st, list, &person(" ", "Luis")));
    a.refused("subscriber_add", "email: already_subscribed", |st| {
        newsletter::add_subscriber(st, list, &person("ANA@example.es", "Ana"))
    });
    a.refused("subscriber_add", "email: email_malformed", |st| {
        newsletter::add_subscriber(st, list, &person(&huge(), "Luis"))
    });
    for bad in BAD_EMAILS {
        a.refused("subscriber_add", "email: email_malformed", |st| {
            newsletter::add_subscriber(st, list, &person(bad, "Luis"))
        });
        a.refused("suppression_add", "email: email_malformed", |st| {
            newsletter::suppress(st, bad, newsletter::SuppressionReason::Manual, "")
        });
        a.refused("suppression_remove", "email: email_malformed", |st| newsletter::unsuppress(st, bad));
    }
    a.refused("subscriber_add", "name: too_long", |st| {
        newsletter::add_subscriber(st, list, &person("luis@example.es", &huge()))
    });
    for bad in CONTROL {
        a.refused("subscriber_add", "name: text_invalid", |st| {
            newsletter::add_subscriber(st, list, &person("luis@example.es", bad))
        });
    }
    a.refused("subscriber_unsubscribe", "not_found", |st| newsletter::unsubscribe(st, UNKNOWN));
    a.refused("subscriber_confirm", "not_found", |st| newsletter::confirm(st, UNKNOWN));
    a.refused("subscriber_confirm", "status: not_pending", |st| newsletter::confirm(st, subscriber));
    a.refused("suppression_add", "email: required", |st| {
        newsletter::suppress(st, "", newsletter::SuppressionReason::Manual, "")
    });
    a.refused("suppression_add", "email: email_malformed", |st| {
        newsletter::suppress(st, &huge(), newsletter::SuppressionReason::Manual, "")
    });
    a.refused("suppression_remove", "email: required", |st| newsletter::unsuppress(st, " "));
    a.refused("suppression_remove", "email: email_malformed", |st| newsletter::unsuppress(st, &huge()));
    a.refused("suppressions_list", "query: too_long", |st| newsletter::suppressions(st, &huge(), 50, 0));
    a.refused("subscribers_list", "query: too_long", |st| newsletter::subscribers(st, list, &huge(), 50, 0));

    // Subscriber files: a missing file, a file without an email column, an unknown list.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("suscriptores.csv");
    std::fs::write(&file, "correo;nombre\nluis@example.es;Luis\n").unwrap();
    let nameless = dir.path().join("sin-correo.csv");
    std::fs::write(&nameless, "nombre\nLuis\n").unwrap();
    for commit in [false, true] {
        a.refused("subscribers_import", "file_unreadable", |st| {
            newsletter::import_subscribers(st, list, &dir.path().join("no-existe.csv"), commit)
        });
        a.refused("subscribers_import", "file: email_column_missing", |st| {
            newsletter::import_subscribers(st, list, &nameless, commit)
        });
        a.refused("subscribers_import", "not_found", |st| newsletter::import_subscribers(st, UNKNOWN, &file, commit));
    }

    // Audiences and campaigns.
    let audience = |list_id: Option<i64>, rules: Vec<Rule>| Audience { list_id, rules };
    let audiences = vec![
        ("audience.list_id: list_not_found", audience(Some(UNKNOWN), Vec::new())),
        ("audience.rules.0: days_invalid", audience(None, vec![Rule::LastPurchaseWithin { days: 0 }])),
        ("audience.rules.0: days_invalid", audience(None, vec![Rule::LastPurchaseWithin { days: u32::MAX }])),
        ("audience.rules.0: text_invalid", audience(None, vec![Rule::City { city: huge() }])),
        ("audience.rules.0: required", audience(None, vec![Rule::Tag { tag: " ".into() }])),
        (
            "audience.rules.1: text_invalid",
            audience(None, vec![Rule::Tag { tag: "VIP".into() }, Rule::BoughtProduct { text: CONTROL[1].into() }]),
        ),
    ];
    for (spec, audience) in &audiences {
        a.refused("audience_count", spec, |st| segments::count(st, audience));
        let input = campaigns::CampaignInput { audience: audience.clone(), ..campaign_input(Some(list)) };
        a.refused("campaign_create", spec, |st| campaigns::create(st, &input));
        a.refused("campaign_update", spec, |st| campaigns::update(st, campaign, &input));
    }
    let mut forms = vec![
        ("name: required", campaigns::CampaignInput { name: " ".into(), ..campaign_input(None) }),
        ("name: too_long", campaigns::CampaignInput { name: huge(), ..campaign_input(None) }),
        ("subject: required", campaigns::CampaignInput { subject: String::new(), ..campaign_input(None) }),
        ("subject: too_long", campaigns::CampaignInput { subject: huge(), ..campaign_input(None) }),
        ("preheader: too_long", campaigns::CampaignInput { preheader: huge(), ..campaign_input(None) }),
        (
            "body_md: too_long",
            campaigns::CampaignInput { body_md: "x".repeat(campaigns::BODY_MAX + 1), ..campaign_input(None) },
        ),
    ];
    forms.extend(CONTROL.map(|bad| {
        ("subject: text_invalid", campaigns::CampaignInput { subject: bad.into(), ..campaign_input(None) })
    }));
    forms.extend(MULTILINE_CONTROL.map(|bad| {
        ("body_md: text_invalid", campaigns::CampaignInput { body_md: bad.into(), ..campaign_input(None) })
    }));
    for (spec, input) in &forms {
        a.refused("campaign_create", spec, |st| campaigns::create(st, input));
        a.refused("campaign_update", spec, |st| campaigns::update(st, campaign, input));
    }
    a.refused("campaign_update", "not_found", |st| campaigns::update(st, UNKNOWN, &campaign_input(None)));
    a.refused("campaign_get", "not_found", |st| campaigns::get(st, UNKNOWN));
    a.refused("campaign_delete", "not_found", |st| campaigns::delete(st, UNKNOWN));
    a.refused("campaign_start", "not_found", |st| campaigns::start(st, UNKNOWN));
    a.refused("campaign_schedule", "not_found", |st| campaigns::schedule(st, UNKNOWN, now_ms() + 3_600_000));
    for at in [-1, 0, i64::MIN, now_ms() - 1, i64::MAX] {
        let spec = if at == i64::MAX { "scheduled_at: date_invalid" } else { "scheduled_at: date_in_past" };
        a.refused("campaign_schedule", spec, |st| campaigns::schedule(st, campaign, at));
    }
    a.refused("campaign_unschedule", "not_found", |st| campaigns::unschedule(st, UNKNOWN));
    a.refused("campaign_unschedule", "status: campaign_wrong_status", |st| campaigns::unschedule(st, campaign));
    a.refused("campaign_pause", "not_found", |st| campaigns::pause(st, UNKNOWN));
    a.refused("campaign_pause", "status: campaign_wrong_status", |st| campaigns::pause(st, campaign));
    a.refused("campaign_resume", "not_found", |st| campaigns::resume(st, UNKNOWN));
    a.refused("campaign_resume", "status: campaign_wrong_status", |st| campaigns::resume(st, campaign));
    a.refused("campaign_cancel", "not_found", |st| campaigns::cancel(st, UNKNOWN));
    a.refused("campaign_cancel", "status: campaign_not_running", |st| campaigns::cancel(st, campaign));
}

fn surveys_and_collector(a: &mut Audit) {
    let (customer, order, quiet, follow_up) = (a.seed.customer, a.seed.order, a.seed.quiet, a.seed.follow_up);
    for url in ["javascript:alert(1)", "http://encuestas.example.es", "https://", "https://a b", CONTROL[2]] {
        a.refused("collector_save", "collector_url: url_invalid", |st| collector::set_url(st, url));
    }
    a.refused("collector_save", "collector_url: url_invalid", |st| {
        collector::set_url(st, &format!("https://{}", huge()))
    });
    for days in [0, 366, u32::MAX] {
        a.refused("survey_audience", "delivered_within_days: days_invalid", |st| surveys::audience(st, days));
        let input = SurveyInput { delivered_within_days: days, ..survey_input() };
        a.refused("survey_send", "delivered_within_days: days_invalid", |st| surveys::send(st, &input, &no_links));
    }
    let mut forms = vec![
        ("name: required", SurveyInput { name: " ".into(), ..survey_input() }),
        ("name: text_invalid", SurveyInput { name: huge(), ..survey_input() }),
        ("follow_up_es: text_invalid", SurveyInput { follow_up_es: huge(), ..survey_input() }),
        ("follow_up_en: text_invalid", SurveyInput { follow_up_en: CONTROL[0].into(), ..survey_input() }),
    ];
    forms.extend(CONTROL.map(|bad| ("name: text_invalid", SurveyInput { name: bad.into(), ..survey_input() })));
    for (spec, input) in &forms {
        a.refused("survey_send", spec, |st| surveys::send(st, input, &no_links));
    }
    for (from, to) in [("2026-02-30", "2026-03-31"), ("0000-01-01", "2026-01-01"), ("ayer", "hoy")] {
        a.refused("survey_results", "from: date_invalid", |st| surveys::results(st, SurveyKind::Nps, from, to));
    }
    a.refused("survey_results", "to: date_invalid", |st| surveys::results(st, SurveyKind::Nps, "2026-01-01", &huge()));
    a.refused("survey_results", "to: period_invalid", |st| {
        surveys::results(st, SurveyKind::Csat, "2026-02-01", "2026-01-01")
    });
    a.refused("survey_comments", "query: too_long", |st| surveys::comments(st, SurveyKind::Nps, &huge(), false, 50));

    let answer = |score: i64, comment: &str| PhoneAnswer {
        customer_id: customer,
        kind: SurveyKind::Csat,
        score,
        comment: comment.into(),
        order_id: None,
    };
    for score in [-1, 0, 6, i64::MAX, i64::MIN] {
        a.refused("phone_answer_record", "score: score_out_of_range", |st| {
            surveys::record_phone_answer(st, &answer(score, ""))
        });
    }
    a.refused("phone_answer_record", "comment: too_long", |st| surveys::record_phone_answer(st, &answer(4, &huge())));
    for bad in MULTILINE_CONTROL {
        a.refused("phone_answer_record", "comment: text_invalid", |st| {
            surveys::record_phone_answer(st, &answer(4, bad))
        });
    }
    a.refused("phone_answer_record", "customer_not_found", |st| {
        surveys::record_phone_answer(st, &PhoneAnswer { customer_id: UNKNOWN, ..answer(4, "") })
    });
    for order_id in [UNKNOWN, order] {
        // An order of someone else is as unknown as a missing one.
        let customer_id = if order_id == order { quiet } else { customer };
        a.refused("phone_answer_record", "order_id: order_not_found", |st| {
            surveys::record_phone_answer(st, &PhoneAnswer { customer_id, order_id: Some(order_id), ..answer(4, "") })
        });
    }
    a.refused("follow_up_close", "not_found", |st| surveys::close_follow_up(st, UNKNOWN, "Llamada"));
    a.refused("follow_up_close", "note: too_long", |st| surveys::close_follow_up(st, follow_up, &huge()));
    for bad in MULTILINE_CONTROL {
        a.refused("follow_up_close", "note: text_invalid", |st| surveys::close_follow_up(st, follow_up, bad));
    }
}

fn complaints_area(a: &mut Audit) {
    let (customer, quiet, order, complaint, category) =
        (a.seed.customer, a.seed.quiet, a.seed.order, a.seed.complaint, a.seed.category);
    let settings = complaint_settings_input(a.store());
    let with = |change: &dyn Fn(&mut ComplaintSettingsInput)| {
        let mut s = settings.clone();
        change(&mut s);
        s
    };
    let forms = vec![
        ("sla_low_hours: hours_invalid", with(&|s| s.sla_low_hours = 0)),
        ("sla_urgent_hours: hours_invalid", with(&|s| s.sla_urgent_hours = u32::MAX)),
        ("categories: required", with(&|s| s.categories.clear())),
        (
            "categories: too_many",
            with(&|s| s.categories = (0..1000).map(|i| CategoryInput { id: None, label: format!("c{i}") }).collect()),
        ),
        ("categories.0: too_long", with(&|s| s.categories[0].label = huge())),
        ("categories.0: text_invalid", with(&|s| s.categories[0].label = CONTROL[2].into())),
        ("categories.1: required", with(&|s| s.categories[1] = CategoryInput { id: None, label: " ".into() })),
        ("categories.0: required", with(&|s| s.categories[0].id = Some(UNKNOWN))),
    ];
    for (spec, input) in &forms {
        a.refused("complaint_settings_save", spec, |st| complaints::save_settings(st, input));
    }

    let opened = |change: &dyn Fn(&mut ComplaintInput)| {
        let mut c = complaint_input(customer, category);
        change(&mut c);
        c
    };
    let mut forms = vec![
        ("customer_id: required", opened(&|c| c.customer_id = UNKNOWN)),
        ("order_id: order_not_customers", opened(&|c| c.order_id = Some(UNKNOWN))),
        (
            "order_id: order_not_customers",
            opened(&|c| {
                c.customer_id = quiet;
                c.order_id = Some(order)
            }),
        ),
        ("category_id: required", opened(&|c| c.category_id = UNKNOWN)),
        ("description: too_long", opened(&|c| c.description = huge())),
        ("description: required", opened(&|c| c.description = " \n ".into())),
    ];
    forms.extend(MULTILINE_CONTROL.map(|bad| ("description: text_invalid", opened(&|c| c.description = bad.into()))));
    for (spec, input) in &forms {
        a.refused("complaint_open", spec, |st| complaints::open(st, input, "eva", now_ms()));
    }
    a.refused("complaint_get", "not_found", |st| complaints::get(st, UNKNOWN, now_ms()));
    a.refused("complaint_transition", "not_found", |st| {
        complaints::transition(st, UNKNOWN, ComplaintStatus::InProgress, "", "eva", now_ms())
    });
    a.refused("complaint_transition", "status: transition_invalid", |st| {
        complaints::transition(st, complaint, ComplaintStatus::Closed, "", "eva", now_ms())
    });
    a.refused("complaint_transition", "note: required", |st| {
        complaints::transition(st, complaint, ComplaintStatus::Resolved, " ", "eva", now_ms())
    });
    a.refused("complaint_transition", "note: too_long", |st| {
        complaints::transition(st, complaint, ComplaintStatus::InProgress, &huge(), "eva", now_ms())
    });
    a.refused("complaint_note", "not_found", |st| complaints::add_note(st, UNKNOWN, "Llamé", "eva", now_ms()));
    a.refused("complaint_note", "note: required", |st| complaints::add_note(st, complaint, "", "eva", now_ms()));
    a.refused("complaint_note", "note: too_long", |st| complaints::add_note(st, complaint, &huge(), "eva", now_ms()));
    for bad in MULTILINE_CONTROL {
        a.refused("complaint_note", "note: text_invalid", |st| {
            complaints::add_note(st, complaint, bad, "eva", now_ms())
        });
        a.refused("complaint_call", "note: text_invalid", |st| {
            complaints::log_call(st, complaint, 60, bad, "eva", now_ms())
        });
        a.refused("complaint_reply", "reply: text_invalid", |st| {
            complaints::reply_by_email(st, complaint, bad, "eva", now_ms())
        });
    }
    a.refused("complaint_call", "not_found", |st| complaints::log_call(st, UNKNOWN, 60, "", "eva", now_ms()));
    a.refused("complaint_call", "duration: duration_invalid", |st| {
        complaints::log_call(st, complaint, u32::MAX, "", "eva", now_ms())
    });
    a.refused("complaint_call", "note: too_long", |st| {
        complaints::log_call(st, complaint, 60, &huge(), "eva", now_ms())
    });
    a.refused("complaint_reply", "not_found", |st| complaints::reply_by_email(st, UNKNOWN, "Hola", "eva", now_ms()));
    a.refused("complaint_reply", "reply: required", |st| {
        complaints::reply_by_email(st, complaint, " ", "eva", now_ms())
    });
    a.refused("complaint_reply", "reply: too_long", |st| {
        complaints::reply_by_email(st, complaint, &huge(), "eva", now_ms())
    });

    let give = |kind: Compensation, points: Option<i64>, amount: Option<&str>| CompensationInput {
        kind,
        points,
        amount: amount.map(Into::into),
        note: String::new(),
    };
    a.refused("complaint_compensate", "not_found", |st| {
        complaints::compensate(st, UNKNOWN, &give(Compensation::Points, Some(10), None), "eva", now_ms())
    });
    for points in [None, Some(-1), Some(0), Some(i64::MAX), Some(i64::MIN)] {
        a.refused("complaint_compensate", "points: points_invalid", |st| {
            complaints::compensate(st, complaint, &give(Compensation::Points, points, None), "eva", now_ms())
        });
    }
    for (amount, code) in BAD_AMOUNTS.into_iter().chain([("0", "amount_zero")]) {
        let spec = format!("amount: {code}");
        a.refused("complaint_compensate", &spec, |st| {
            complaints::compensate(st, complaint, &give(Compensation::Refund, None, Some(amount)), "eva", now_ms())
        });
    }
    a.refused("complaint_compensate", "amount: required", |st| {
        complaints::compensate(st, complaint, &give(Compensation::StoreCredit, None, None), "eva", now_ms())
    });
    a.refused("complaint_compensate", "note: required", |st| {
        complaints::compensate(st, complaint, &give(Compensation::Gesture, None, None), "eva", now_ms())
    });
    a.refused("complaint_compensate", "note: too_long", |st| {
        let input = CompensationInput { note: huge(), ..give(Compensation::Replacement, None, None) };
        complaints::compensate(st, complaint, &input, "eva", now_ms())
    });

    // The dashboard's period.
    for day in BAD_DAYS {
        a.refused("dashboard", "from: date_invalid", |st| dashboard::overview(st, day, "2026-01-31", now_ms()));
        a.refused("dashboard", "to: date_invalid", |st| dashboard::overview(st, "2026-01-01", day, now_ms()));
    }
    a.refused("dashboard", "from: period_invalid", |st| dashboard::overview(st, "1990-01-01", "2026-01-31", now_ms()));
    a.refused("dashboard", "to: period_invalid", |st| dashboard::overview(st, "2026-02-01", "2026-01-31", now_ms()));
    a.refused("dashboard", "to: date_invalid", |st| dashboard::overview(st, "2026-01-01", &huge(), now_ms()));
}

fn returns_area(a: &mut Audit) {
    let (order, ret, reason) = (a.seed.order, a.seed.ret, a.seed.reason);
    let policy = policy_input(a.store());
    let with = |change: &dyn Fn(&mut ReturnPolicyInput)| {
        let mut p = policy.clone();
        change(&mut p);
        p
    };
    let mut forms = vec![
        ("window_days: out_of_range", with(&|p| p.window_days = -1)),
        ("window_days: out_of_range", with(&|p| p.window_days = i64::MAX)),
        ("bonus_percent: percent_invalid", with(&|p| p.bonus_percent = -1)),
        ("bonus_percent: percent_invalid", with(&|p| p.bonus_percent = 101)),
        (
            "outcomes: outcome_required",
            with(&|p| {
                p.offer_refund = false;
                p.offer_exchange = false;
                p.offer_credit = false
            }),
        ),
        ("policy_text: too_long", with(&|p| p.policy_text = huge())),
        (
            "reasons: too_many",
            with(&|p| {
                p.reasons = (0..1000)
                    .map(|i| ReasonInput { id: None, label: format!("r{i}"), waives_fee: false, active: true })
                    .collect()
            }),
        ),
        ("reasons: reason_required", with(&|p| p.reasons.iter_mut().for_each(|r| r.active = false))),
        ("reasons.0.id: reason_unknown", with(&|p| p.reasons[0].id = Some(UNKNOWN))),
        ("reasons.0.label: too_long", with(&|p| p.reasons[0].label = huge())),
        (
            "reasons.0.label: required",
            with(&|p| p.reasons[0] = ReasonInput { id: None, label: " ".into(), waives_fee: false, active: true }),
        ),
    ];
    forms.extend(MULTILINE_CONTROL.map(|bad| ("policy_text: text_invalid", with(&|p| p.policy_text = bad.into()))));
    for percent in ["-1", "NaN", "101", "1e309", ""] {
        forms.push((
            "fee_value: percent_invalid",
            with(&|p| {
                p.fee_kind = FeeKind::Percent;
                p.fee_value = percent.into()
            }),
        ));
    }
    for (spec, input) in &forms {
        a.refused("return_policy_save", spec, |st| returns::save_policy(st, input));
    }
    for (amount, code) in BAD_AMOUNTS {
        let input = with(&|p| {
            p.fee_kind = FeeKind::Fixed;
            p.fee_value = amount.into()
        });
        a.refused("return_policy_save", &format!("fee_value: {code}"), |st| returns::save_policy(st, &input));
    }

    a.refused("return_form", "order_not_found", |st| returns::form(st, UNKNOWN, today()));
    let request = |change: &dyn Fn(&mut ReturnInput)| {
        let mut r = return_input(order, reason);
        change(&mut r);
        r
    };
    let mut forms = vec![
        ("order_not_found", request(&|r| r.order_id = UNKNOWN)),
        ("reason_id: reason_unknown", request(&|r| r.reason_id = UNKNOWN)),
        ("lines: lines_empty", request(&|r| r.lines.clear())),
        ("lines.0.position: line_unknown", request(&|r| r.lines[0].position = UNKNOWN)),
        ("lines.0.position: line_unknown", request(&|r| r.lines[0].position = -1)),
        ("lines.1.position: line_repeated", request(&|r| r.lines.push(ReturnLineInput { position: 0, quantity: 1 }))),
        ("note: too_long", request(&|r| r.note = huge())),
    ];
    for quantity in [-1, 0, i64::MIN] {
        forms.push(("lines.0.quantity: quantity_not_positive", request(&|r| r.lines[0].quantity = quantity)));
    }
    // Two units sold, one of them already in the seeded return.
    for quantity in [2, i64::MAX] {
        forms.push(("lines.0.quantity: quantity_exceeds_bought", request(&|r| r.lines[0].quantity = quantity)));
    }
    forms.extend(MULTILINE_CONTROL.map(|bad| ("note: text_invalid", request(&|r| r.note = bad.into()))));
    for (spec, input) in &forms {
        a.refused("return_quote", spec, |st| returns::quote(st, input, today()));
        a.refused("return_open", spec, |st| returns::open(st, input, "eva", now_ms(), today()));
    }
    let overridden = request(&|r| r.override_reason = Some(huge()));
    a.refused("return_open", "override_reason: too_long", |st| {
        returns::open(st, &overridden, "eva", now_ms(), today())
    });
    a.refused("return_transition", "return_not_found", |st| {
        returns::transition(st, UNKNOWN, ReturnStatus::Approved, "", "eva", now_ms())
    });
    a.refused("return_transition", "status: transition_not_allowed", |st| {
        returns::transition(st, ret, ReturnStatus::Refunded, "", "eva", now_ms())
    });
    a.refused("return_transition", "note: required", |st| {
        returns::transition(st, ret, ReturnStatus::Rejected, "", "eva", now_ms())
    });
    a.refused("return_transition", "note: too_long", |st| {
        returns::transition(st, ret, ReturnStatus::Approved, &huge(), "eva", now_ms())
    });
    a.refused("return_get", "return_not_found", |st| returns::get(st, UNKNOWN));
    for days in [-1, i64::MAX, i64::MIN] {
        let filter = ReturnFilter { min_age_days: Some(days), ..Default::default() };
        a.refused("returns_list", "min_age_days: out_of_range", |st| returns::list(st, &filter, now_ms(), 50, 0));
    }
    for since in BAD_DAYS {
        a.refused("return_stats", "since: date_invalid", |st| returns::stats(st, since));
    }
}

fn loyalty_area(a: &mut Audit) {
    let (customer, quiet, order) = (a.seed.customer, a.seed.quiet, a.seed.order);
    let with = |change: &dyn Fn(&mut LoyaltySettingsInput)| {
        let mut l = loyalty_input();
        change(&mut l);
        l
    };
    let tier = |name: &str, threshold: &str, multiplier: i64| TierInput {
        name: name.into(),
        threshold: threshold.into(),
        multiplier_percent: multiplier,
    };
    let mut forms: Vec<(String, LoyaltySettingsInput)> = vec![
        ("points_per_unit: out_of_range".into(), with(&|l| l.points_per_unit = -1)),
        ("points_per_unit: out_of_range".into(), with(&|l| l.points_per_unit = i64::MAX)),
        ("pending_days: out_of_range".into(), with(&|l| l.pending_days = Some(-1))),
        ("redeem_points: out_of_range".into(), with(&|l| l.redeem_points = 0)),
        ("expiry_months: out_of_range".into(), with(&|l| l.expiry_months = Some(i64::MIN))),
        ("referrer_points: out_of_range".into(), with(&|l| l.referrer_points = -5)),
        ("referral_coupon_percent: out_of_range".into(), with(&|l| l.referral_coupon_percent = 91)),
        ("referral_coupon_percent: out_of_range".into(), with(&|l| l.referral_coupon_percent = u8::MAX)),
        ("referral_coupon_days: out_of_range".into(), with(&|l| l.referral_coupon_days = 0)),
        ("referral_coupon_days: out_of_range".into(), with(&|l| l.referral_coupon_days = 3651)),
        ("referral_coupon_days: out_of_range".into(), with(&|l| l.referral_coupon_days = u32::MAX)),
        ("redeem_value: amount_zero".into(), with(&|l| l.redeem_value = "0".into())),
        (
            "tiers: too_many".into(),
            with(&|l| l.tiers = (0..1000).map(|i| tier(&format!("t{i}"), &i.to_string(), 100)).collect()),
        ),
        ("tiers.0.name: required".into(), with(&|l| l.tiers = vec![tier(" ", "100", 100)])),
        ("tiers.0.name: text_invalid".into(), with(&|l| l.tiers = vec![tier(&huge(), "100", 100)])),
        ("tiers.0.name: text_invalid".into(), with(&|l| l.tiers = vec![tier(CONTROL[0], "100", 100)])),
        ("tiers.0.multiplier_percent: out_of_range".into(), with(&|l| l.tiers = vec![tier("Oro", "100", -1)])),
        (
            "tiers.1.threshold: threshold_duplicate".into(),
            with(&|l| l.tiers = vec![tier("Plata", "100", 100), tier("Oro", "100,00", 150)]),
        ),
    ];
    for (value, code) in BAD_AMOUNTS {
        forms.push((format!("redeem_value: {code}"), with(&|l| l.redeem_value = value.into())));
        forms.push((format!("tiers.0.threshold: {code}"), with(&|l| l.tiers = vec![tier("Oro", value, 150)])));
    }
    for (spec, input) in &forms {
        a.refused("loyalty_settings_save", spec, |st| loyalty::save_settings(st, input));
    }
    a.refused("customer_loyalty", "customer_not_found", |st| loyalty::customer(st, UNKNOWN, now_ms(), today()));
    a.refused("loyalty_redeem", "customer_not_found", |st| loyalty::redeem(st, UNKNOWN, 10, None, "", now_ms()));
    for points in [-1, 0, i64::MIN] {
        a.refused("loyalty_redeem", "points: points_not_positive", |st| {
            loyalty::redeem(st, customer, points, None, "", now_ms())
        });
    }
    a.refused("loyalty_redeem", "points: points_insufficient", |st| {
        loyalty::redeem(st, customer, i64::MAX, None, "", now_ms())
    });
    a.refused("loyalty_redeem", "order_id: order_unknown", |st| {
        loyalty::redeem(st, customer, 10, Some(UNKNOWN), "", now_ms())
    });
    a.refused("loyalty_redeem", "order_id: order_unknown", |st| {
        loyalty::redeem(st, quiet, 10, Some(order), "", now_ms())
    });
    a.refused("loyalty_redeem", "note: too_long", |st| loyalty::redeem(st, customer, 10, None, &huge(), now_ms()));
    a.refused("loyalty_redeem_coupon", "customer_not_found", |st| {
        loyalty::redeem_as_coupon(st, UNKNOWN, 100, now_ms())
    });
    for points in [-100, -1, 0, i64::MIN] {
        a.refused("loyalty_redeem_coupon", "points: points_not_positive", |st| {
            loyalty::redeem_as_coupon(st, customer, points, now_ms())
        });
    }
    // Not a whole number of the redeem step (100 points by default).
    for points in [1, 150, i64::MAX] {
        a.refused("loyalty_redeem_coupon", "points: points_not_multiple", |st| {
            loyalty::redeem_as_coupon(st, customer, points, now_ms())
        });
    }
    for points in [100_000_000, 100 * (i64::MAX / 100)] {
        a.refused("loyalty_redeem_coupon", "points: points_insufficient", |st| {
            loyalty::redeem_as_coupon(st, customer, points, now_ms())
        });
    }
    a.refused("loyalty_adjust", "customer_not_found", |st| loyalty::adjust(st, UNKNOWN, 10, "Regalo", now_ms()));
    for points in [0, 10_000_001, -10_000_001, i64::MAX, i64::MIN] {
        a.refused("loyalty_adjust", "points: points_invalid", |st| {
            loyalty::adjust(st, customer, points, "Regalo", now_ms())
        });
    }
    a.refused("loyalty_adjust", "points: points_insufficient", |st| {
        loyalty::adjust(st, customer, -10, "Error", now_ms())
    });
    a.refused("loyalty_adjust", "note: required", |st| loyalty::adjust(st, customer, 10, " ", now_ms()));
    a.refused("loyalty_adjust", "note: too_long", |st| loyalty::adjust(st, customer, 10, &huge(), now_ms()));
    for bad in MULTILINE_CONTROL {
        a.refused("loyalty_adjust", "note: text_invalid", |st| loyalty::adjust(st, customer, 10, bad, now_ms()));
    }
    a.refused("loyalty_set_referrer", "customer_not_found", |st| {
        loyalty::set_referrer(st, UNKNOWN, &loyalty::referral_code(customer), now_ms(), today())
    });
    for code in [
        String::new(),
        huge(),
        "AMIGO-0000".into(),
        CONTROL[2].into(),
        loyalty::referral_code(quiet),
        loyalty::referral_code(UNKNOWN),
    ] {
        a.refused("loyalty_set_referrer", "referral_code: referral_code_unknown", |st| {
            loyalty::set_referrer(st, quiet, &code, now_ms(), today())
        });
    }
    a.refused("loyalty_set_referrer", "referral_code: referral_not_new", |st| {
        loyalty::set_referrer(st, customer, &loyalty::referral_code(quiet), now_ms(), today())
    });
}

fn data_and_files(a: &mut Audit) {
    let customer = a.seed.customer;
    let dir = a.store().path().parent().unwrap().to_owned();
    let drafts = drafts::Drafts::new(&dir);
    for name in ["../posventa", "../../etc/passwd", "", "Queja", "a/b", "x.json", &"a".repeat(41)] {
        a.refused("draft_save", "name: text_invalid", |_| drafts.save(name, "{}"));
        a.refused("draft_load", "name: text_invalid", |_| drafts.load(name));
        a.refused("draft_discard", "name: text_invalid", |_| drafts.discard(name));
    }
    a.refused("draft_save", "body: too_long", |_| drafts.save("complaint", &"x".repeat(drafts::MAX_BYTES + 1)));

    let elsewhere = tempfile::tempdir().unwrap();
    let zip = elsewhere.path().join("cliente.zip");
    a.refused("customer_export", "customer_not_found", |st| privacy::export_customer(st, UNKNOWN, &zip));
    assert!(!zip.exists() && !zip.with_extension("zip.tmp").exists(), "no export of nobody");
    a.refused("customer_export", "file_unreadable", |st| {
        privacy::export_customer(st, customer, &elsewhere.path().join("no-existe/cliente.zip"))
    });
    a.refused("customer_erase", "customer_not_found", |st| privacy::erase_customer(st, UNKNOWN, now_ms()));

    let csv = elsewhere.path().join("no-existe/clientes.csv");
    a.refused("export_csv", "file_unreadable", |st| export::to_csv(st, ExportKind::Customers, &csv, true));

    // Imports: a missing file, a mapping to a column the file lacks.
    let file = elsewhere.path().join("clientes.csv");
    std::fs::write(&file, "nombre;correo\nLuis;luis@example.es\n").unwrap();
    let missing = elsewhere.path().join("no-existe.csv");
    let mapped = |column: u32| {
        import_options(vec![
            FieldMapping { field: Field::CustomerName, column: Some(0) },
            FieldMapping { field: Field::Email, column: Some(column) },
        ])
    };
    let mut quiet = |_| true;
    a.refused("import_preview", "file_unreadable", |st| import::preview(st, &missing, None, &mut quiet));
    a.refused("import_preview", "mapping.email: column_unknown", |st| {
        import::preview(st, &file, Some(mapped(u32::MAX)), &mut quiet)
    });
    a.refused("import_start", "file_unreadable", |st| import::run(st, &missing, &mapped(1), true, &mut quiet));
    a.refused("import_start", "mapping.email: column_unknown", |st| {
        import::run(st, &file, &mapped(99), true, &mut quiet)
    });

    // Restoring something that is not a backup.
    let text = elsewhere.path().join("copia.sqlite3");
    std::fs::write(&text, "no soy una copia").unwrap();
    for path in [text.clone(), missing.clone(), PathBuf::new(), elsewhere.path().to_owned()] {
        a.refused("backup_restore", "not_a_backup", |st| st.restore(&path, now_ms()));
    }
}

fn coupons_area(a: &mut Audit) {
    use crate::coupons::{self, CouponInput, CouponKind};
    let customer = a.seed.customer;
    let form = |change: &dyn Fn(&mut CouponInput)| {
        let mut c = CouponInput {
            prefix: "VUELVE".into(),
            kind: CouponKind::Fixed,
            value: "5".into(),
            expires_on: None,
            max_uses: Some(1),
            min_order: None,
            customer_id: None,
            note: String::new(),
        };
        change(&mut c);
        c
    };
    let mut forms: Vec<(String, CouponInput)> = vec![
        ("prefix: prefix_invalid".into(), form(&|c| c.prefix = huge())),
        ("prefix: prefix_invalid".into(), form(&|c| c.prefix = "X".into())),
        ("prefix: prefix_invalid".into(), form(&|c| c.prefix = "CUPÓN".into())),
        ("prefix: prefix_invalid".into(), form(&|c| c.prefix = "A%_'".into())),
        ("max_uses: out_of_range".into(), form(&|c| c.max_uses = Some(0))),
        ("max_uses: out_of_range".into(), form(&|c| c.max_uses = Some(u32::MAX))),
        ("customer_id: customer_unknown".into(), form(&|c| c.customer_id = Some(UNKNOWN))),
        ("customer_id: customer_unknown".into(), form(&|c| c.customer_id = Some(i64::MIN))),
        ("note: too_long".into(), form(&|c| c.note = huge())),
        ("expires_on: date_invalid".into(), form(&|c| c.expires_on = Some(huge()))),
        ("expires_on: date_in_past".into(), form(&|c| c.expires_on = Some("2000-01-01".into()))),
    ];
    forms.extend(CONTROL.map(|bad| ("prefix: prefix_invalid".to_owned(), form(&|c| c.prefix = bad.into()))));
    forms.extend(MULTILINE_CONTROL.map(|bad| ("note: text_invalid".to_owned(), form(&|c| c.note = bad.into()))));
    for day in BAD_DAYS.iter().filter(|d| !d.is_empty()) {
        forms.push(("expires_on: date_invalid".into(), form(&|c| c.expires_on = Some((*day).into()))));
    }
    for (value, code) in BAD_AMOUNTS {
        forms.push((format!("value: {code}"), form(&|c| c.value = value.into())));
        if !value.is_empty() {
            forms.push((format!("min_order: {code}"), form(&|c| c.min_order = Some(value.into()))));
        }
    }
    forms.push(("value: amount_zero".into(), form(&|c| c.value = "0".into())));
    for value in ["0", "101", "-5", "NaN", "1e3", "12,5", "", "99999999999999999999"] {
        forms.push((
            "value: percent_invalid".into(),
            form(&|c| {
                c.kind = CouponKind::Percent;
                c.value = value.into();
            }),
        ));
    }
    for (spec, input) in &forms {
        a.refused("coupon_create", spec, |st| coupons::create(st, input, now_ms()));
        a.refused("coupons_issue_bulk", spec, |st| coupons::issue_bulk(st, input, 2, now_ms()));
    }
    for count in [0, coupons::BULK_MAX + 1, u32::MAX] {
        a.refused("coupons_issue_bulk", "count: out_of_range", |st| {
            coupons::issue_bulk(st, &form(&|_| {}), count, now_ms())
        });
    }
    a.refused("coupon_get", "not_found", |st| coupons::get(st, UNKNOWN));
    a.refused("coupon_disable", "not_found", |st| coupons::disable(st, UNKNOWN, &today().to_string()));
    for day in BAD_DAYS {
        a.refused("coupon_disable", "today: date_invalid", |st| coupons::disable(st, UNKNOWN, day));
    }
    a.refused("coupon_disable", "today: date_invalid", |st| coupons::disable(st, UNKNOWN, &huge()));
    a.refused("coupons_list", "query: too_long", |st| coupons::list(st, &huge(), 50, 0));
    let elsewhere = tempfile::tempdir().unwrap();
    a.refused("coupons_save_csv", "file_unreadable", |st| {
        coupons::to_csv(st, &[1, UNKNOWN, -1], &elsewhere.path().join("no-existe/cupones.csv"), true)
    });
    let many = vec![UNKNOWN; coupons::BULK_MAX as usize + 1];
    a.refused("coupons_save_csv", "ids: too_many", |st| {
        coupons::to_csv(st, &many, &elsewhere.path().join("c.csv"), true)
    });
    // Redeeming happens inside order_create: a code no coupon has is refused on its field.
    for code in [huge(), "VUELVE-ZZZZZZ".into(), CONTROL[2].into(), "%".into()] {
        a.refused("order_create", "coupon: coupon_unknown", |st| {
            orders::create(st, &OrderInput { coupon: Some(code.clone()), ..order_input(customer) })
        });
    }
}

fn automations_area(a: &mut Audit) {
    use crate::automations::{self, AutomationSettings, Carrier, RuleInput, RuleKey};
    let good = AutomationSettings {
        time_zone: "Europe/Madrid".into(),
        quiet_from: 21 * 60,
        quiet_to: 9 * 60,
        marketing_cap_days: 7,
        catch_up_days: 7,
    };
    let settings = |change: &dyn Fn(&mut AutomationSettings)| {
        let mut s = good.clone();
        change(&mut s);
        s
    };
    for (spec, input) in [
        ("time_zone: time_zone_unknown", settings(&|s| s.time_zone = huge())),
        ("time_zone: time_zone_unknown", settings(&|s| s.time_zone = "Europe/Atlantis".into())),
        ("time_zone: time_zone_unknown", settings(&|s| s.time_zone = CONTROL[2].into())),
        ("quiet_from: out_of_range", settings(&|s| s.quiet_from = 24 * 60)),
        ("quiet_to: out_of_range", settings(&|s| s.quiet_to = u16::MAX)),
        ("marketing_cap_days: out_of_range", settings(&|s| s.marketing_cap_days = 366)),
        ("catch_up_days: out_of_range", settings(&|s| s.catch_up_days = 0)),
        ("catch_up_days: out_of_range", settings(&|s| s.catch_up_days = 61)),
    ] {
        a.refused("automation_settings_save", spec, |st| automations::save_settings(st, &input));
    }

    let id_of = |st: &Store, key| automations::rule_by_key(st, key).unwrap().id;
    let (tips, survey, win_back) =
        (id_of(a.store(), RuleKey::CareTips), id_of(a.store(), RuleKey::Survey), id_of(a.store(), RuleKey::WinBack));
    let rule = |change: &dyn Fn(&mut RuleInput)| {
        let mut r = RuleInput { delay_days: 3, coupon_days: 30, ..Default::default() };
        change(&mut r);
        r
    };
    let mut cases = vec![
        (tips, "delay_days: out_of_range", rule(&|r| r.delay_days = 3651)),
        (tips, "delay_days: out_of_range", rule(&|r| r.delay_days = u32::MAX)),
        (win_back, "delay_days: out_of_range", rule(&|r| r.delay_days = 5)),
        (tips, "condition: text_invalid", rule(&|r| r.condition = huge())),
        (survey, "condition: survey_kind", rule(&|r| r.condition = "xyz".into())),
        (win_back, "coupon_percent: out_of_range", rule(&|r| r.coupon_percent = u8::MAX)),
        (win_back, "coupon_days: out_of_range", rule(&|r| r.coupon_days = 0)),
        (tips, "subject_es: text_invalid", rule(&|r| r.subject_es = huge())),
        (tips, "subject_en: text_invalid", rule(&|r| r.subject_en = CONTROL[2].into())),
        (tips, "body_es: too_long", rule(&|r| r.body_es = huge())),
        (tips, "body_en: too_long", rule(&|r| r.body_en = huge())),
    ];
    cases.extend(CONTROL.map(|bad| (tips, "condition: text_invalid", rule(&|r| r.condition = bad.into()))));
    for (id, spec, input) in &cases {
        a.refused("automation_rule_save", spec, |st| automations::save_rule(st, *id, input, now_ms()));
    }
    for id in [UNKNOWN, i64::MIN, 0] {
        a.refused("automation_rule_save", "not_found", |st| automations::save_rule(st, id, &rule(&|_| {}), now_ms()));
        a.refused("automation_rule_enable", "not_found", |st| automations::set_enabled(st, id, true, now_ms()));
        a.refused("automation_rule_enable", "not_found", |st| automations::set_enabled(st, id, false, now_ms()));
        a.refused("automation_preview", "not_found", |st| automations::preview(st, id, now_ms()));
    }

    let carrier = |name: &str, url: &str| Carrier { name: name.into(), url_pattern: url.into() };
    let seur = carrier("SEUR", "https://seur.example/t?c={code}");
    let mut tables: Vec<(&str, Vec<Carrier>)> = vec![
        ("carriers.0.name: required", vec![carrier("  ", "https://x.example/{code}")]),
        ("carriers.0.name: text_invalid", vec![carrier(&huge(), "https://x.example/{code}")]),
        ("carriers.1.name: duplicate", vec![seur.clone(), carrier("seur", "https://y.example/{code}")]),
        ("carriers.0.url_pattern: url_pattern", vec![carrier("A", "javascript:alert(1)//{code}")]),
        ("carriers.0.url_pattern: url_pattern", vec![carrier("A", "https://no-code.example/")]),
        ("carriers.0.url_pattern: url_pattern", vec![carrier("A", "https://x.example/\"><script>{code}")]),
        ("carriers.0.url_pattern: url_pattern", vec![carrier("A", &format!("https://x.example/{{code}}{}", huge()))]),
        ("carriers: too_many", vec![seur.clone(); automations::CARRIERS_MAX + 1]),
    ];
    tables.extend(CONTROL.map(|bad| ("carriers.0.name: text_invalid", vec![carrier(bad, "https://x.example/{code}")])));
    // An order's own tracking link is a web address, never a script.
    let customer = a.seed.customer;
    for url in ["javascript:alert(1)", "https://x.example/\"onmouseover=x", &huge(), CONTROL[2], "ftp://x.example/"] {
        a.refused("order_create", "tracking_url: url_invalid", |st| {
            orders::create(st, &OrderInput { tracking_url: Some(url.into()), ..order_input(customer) })
        });
    }
    for (spec, list) in &tables {
        a.refused("carriers_save", spec, |st| automations::save_carriers(st, list));
    }
}

fn run_all() -> Audit {
    let mut a = Audit::new();
    settings_and_customers(&mut a);
    orders(&mut a);
    newsletters(&mut a);
    surveys_and_collector(&mut a);
    complaints_area(&mut a);
    returns_area(&mut a);
    loyalty_area(&mut a);
    data_and_files(&mut a);
    coupons_area(&mut a);
    automations_area(&mut a);
    a
}

// ---------------------------------------------------------------- the checks

fn registered_commands() -> Vec<String> {
    let lib = std::fs::read_to_string(LIB_RS).expect("src-tauri/lib.rs");
    let start = lib.find("generate_handler![").expect("the shell registers its commands with generate_handler!");
    let body = &lib[start + "generate_handler![".len()..];
    let body = &body[..body.find(']').expect("generate_handler! is closed")];
    body.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| c.rsplit("::").next().unwrap().to_owned())
        .collect()
}

/// Commands whose hostile cases live in the mail crate's audit: they are
/// checked to be named in its `COVERED` table.
fn covered_by_mail_audit() -> BTreeSet<String> {
    let text = std::fs::read_to_string(MAIL_AUDIT).expect("crates/mail/tests/arguments.rs");
    let start = text.find("const COVERED").expect("the mail audit lists what it covers in COVERED");
    let table = &text[start..];
    let table = &table[..table.find("];").expect("COVERED is closed")];
    table.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

/// Where the UI finds the Spanish words for a refusal: the command's code
/// under `errors.code`, each field's code under `errors.field`, a message
/// written for that field (`errors.for_field.<field without indexes>`), or
/// for the import's column mapping `import.problem`.
fn untranslated(spanish: &serde_json::Value, payload: &ErrorPayload) -> Vec<String> {
    let mut missing = Vec::new();
    if spanish["errors"]["code"][&payload.code].as_str().is_none_or(str::is_empty) {
        missing.push(format!("errors.code.{}", payload.code));
    }
    for f in &payload.fields {
        let path: Vec<&str> = f.field.split('.').filter(|p| p.parse::<usize>().is_err()).collect();
        let mut for_field = &spanish["errors"]["for_field"];
        for part in &path {
            for_field = &for_field[*part];
        }
        let found = [&spanish["errors"]["field"][&f.code], &for_field[&f.code]]
            .into_iter()
            .chain(f.field.starts_with("mapping.").then(|| &spanish["import"]["problem"][&f.code]))
            .any(|v| v.as_str().is_some_and(|t| !t.is_empty()));
        if !found {
            missing.push(format!("{} {}", f.field, f.code));
        }
    }
    missing
}

#[test]
fn every_ui_command_refuses_hostile_arguments_and_writes_nothing() {
    let audit = run_all();
    assert!(
        audit.failures.is_empty(),
        "hostile arguments must be refused by name with nothing written:\n{}",
        audit.failures.join("\n")
    );
    // In the user's language: the core sends stable codes, the UI words them.
    let spanish: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SPANISH).expect("ui/src/i18n/es.json")).unwrap();
    let missing: BTreeSet<String> = audit
        .refusals
        .iter()
        .flat_map(|(command, payload)| {
            untranslated(&spanish, payload).into_iter().map(move |m| format!("{command}: {m}"))
        })
        .collect();
    assert!(missing.is_empty(), "every refusal must reach the owner in Spanish; no translation for:\n{missing:#?}");
}

#[test]
fn every_ui_command_is_audited() {
    let registered = registered_commands();
    assert!(registered.len() > 100, "the shell's command list was not found whole: {registered:?}");
    let audit = run_all();
    let mail = covered_by_mail_audit();
    let exempt: BTreeMap<&str, &str> = EXEMPT.iter().copied().collect();
    let unaudited: Vec<&String> = registered
        .iter()
        .filter(|c| !audit.covered.contains(c.as_str()) && !mail.contains(*c) && !exempt.contains_key(c.as_str()))
        .collect();
    assert!(
        unaudited.is_empty(),
        "every command the UI can call needs hostile-argument cases here (or in crates/mail/tests/arguments.rs), \
         or a line in EXEMPT saying why it takes nothing hostile: {unaudited:?}"
    );
    let stale: Vec<&str> = exempt
        .keys()
        .chain(audit.covered.iter())
        .copied()
        .chain(mail.iter().map(String::as_str))
        .filter(|c| !registered.iter().any(|r| r == c))
        .collect();
    assert!(stale.is_empty(), "audited commands the shell no longer registers: {stale:?}");
    let both: Vec<&&str> = exempt.keys().filter(|c| audit.covered.contains(**c) || mail.contains(**c)).collect();
    assert!(both.is_empty(), "exempt and audited at once: {both:?}");
    assert!(exempt.values().all(|why| !why.trim().is_empty()), "every exemption says why");
}
