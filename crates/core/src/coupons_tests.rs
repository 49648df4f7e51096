//! Coupons against a real store: issuing, the discount, every refusal, and
//! two windows redeeming one single-use coupon at the same moment.

use std::sync::{Arc, Barrier};

use super::*;
use crate::customers;
use crate::loyalty::{self, EarnOn, LoyaltySettingsInput};
use crate::orders::{self, OrderInput, OrderStatus};
use crate::testkit::{TestStore, customer_input, line, order_input};

/// 2025-01-15T12:00:00Z: coupons in these tests are issued then.
const NOW: i64 = 1_736_942_400_000;

fn input(kind: CouponKind, value: &str) -> CouponInput {
    CouponInput {
        prefix: "VUELVE".into(),
        kind,
        value: value.into(),
        expires_on: None,
        max_uses: None,
        min_order: None,
        customer_id: None,
        note: String::new(),
    }
}

fn fields(err: &Error) -> Vec<String> {
    err.payload().fields.into_iter().map(|f| format!("{}:{}", f.field, f.code)).collect()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

/// An order of one line at `price` (as typed, euros) with `coupon`.
fn order_with(customer: i64, price: &str, coupon: &str) -> OrderInput {
    OrderInput { lines: vec![line("Botas", "1", price)], coupon: Some(coupon.into()), ..order_input(customer) }
}

fn refusal(result: Result<orders::Order>) -> Vec<String> {
    fields(&result.expect_err("the coupon must be refused"))
}

#[test]
fn a_refused_coupon_form_names_every_field_and_writes_nothing() {
    let t = TestStore::new();
    let bad = CouponInput {
        prefix: "a-b".into(),
        kind: CouponKind::Percent,
        value: "101".into(),
        expires_on: Some("2025-02-30".into()),
        max_uses: Some(0),
        min_order: Some("-1".into()),
        customer_id: Some(999),
        note: "nota\0".into(),
    };
    let err = create(&t.store, &bad, NOW).unwrap_err();
    assert_eq!(
        fields(&err),
        [
            "prefix:prefix_invalid",
            "value:percent_invalid",
            "min_order:amount_negative",
            "expires_on:date_invalid",
            "max_uses:out_of_range",
            "customer_id:customer_unknown",
            "note:text_invalid"
        ],
        "the form gets every problem at once"
    );
    for (change, expected) in [
        (CouponInput { prefix: "X".into(), ..input(CouponKind::Percent, "10") }, "prefix:prefix_invalid"),
        (CouponInput { prefix: "DEMASIADOLARGO".into(), ..input(CouponKind::Percent, "10") }, "prefix:prefix_invalid"),
        (CouponInput { prefix: "CUPÓN".into(), ..input(CouponKind::Percent, "10") }, "prefix:prefix_invalid"),
        (input(CouponKind::Percent, "0"), "value:percent_invalid"),
        (input(CouponKind::Percent, "12,5"), "value:percent_invalid"),
        (input(CouponKind::Fixed, "0"), "value:amount_zero"),
        (input(CouponKind::Fixed, "5,5555"), "value:amount_too_precise"),
        (input(CouponKind::Fixed, "cinco"), "value:amount_malformed"),
        (
            CouponInput { expires_on: Some("2025-01-10".into()), ..input(CouponKind::Fixed, "5") },
            "expires_on:date_in_past",
        ),
        (CouponInput { max_uses: Some(MAX_USES_MAX + 1), ..input(CouponKind::Fixed, "5") }, "max_uses:out_of_range"),
        (CouponInput { note: "x".repeat(NOTE_MAX + 1), ..input(CouponKind::Fixed, "5") }, "note:too_long"),
    ] {
        assert_eq!(fields(&create(&t.store, &change, NOW).unwrap_err()), [expected], "{change:?}");
    }
    let err =
        issue_bulk(&t.store, &CouponInput { prefix: "!".into(), ..input(CouponKind::Fixed, "5") }, 0, NOW).unwrap_err();
    assert_eq!(fields(&err), ["prefix:prefix_invalid", "count:out_of_range"]);
    let err = issue_bulk(&t.store, &input(CouponKind::Fixed, "5"), BULK_MAX + 1, NOW).unwrap_err();
    assert_eq!(fields(&err), ["count:out_of_range"]);
    assert_eq!(count(&t.store, "SELECT count(*) FROM coupons"), 0, "a refused form leaves nothing behind");

    // Percent as the owner may type it; yesterday (UTC) still allowed for time zones behind it.
    let ok = create(
        &t.store,
        &CouponInput {
            expires_on: Some("2025-01-14".into()),
            prefix: " vuelve ".into(),
            ..input(CouponKind::Percent, "15 %")
        },
        NOW,
    )
    .unwrap();
    assert_eq!((ok.value, ok.kind, ok.expires_on.as_deref()), (15, CouponKind::Percent, Some("2025-01-14")));
    assert!(ok.code.starts_with("VUELVE-"), "the prefix is trimmed and uppercased: {}", ok.code);
}

#[test]
fn codes_are_prefix_and_six_unambiguous_random_characters_never_repeated() {
    let t = TestStore::new();
    let plain = create(&t.store, &CouponInput { prefix: String::new(), ..input(CouponKind::Fixed, "5") }, NOW).unwrap();
    assert!(plain.code.starts_with("CUPON-"), "the default prefix: {}", plain.code);
    assert_eq!((plain.source, plain.currency.as_str(), plain.value), (CouponSource::Manual, "EUR", 500));

    let batch = issue_bulk(&t.store, &input(CouponKind::Percent, "10"), 3000, NOW).unwrap();
    assert_eq!(batch.len(), 3000);
    let mut seen = std::collections::BTreeSet::new();
    for coupon in &batch {
        let (prefix, random) = coupon.code.split_once('-').unwrap();
        assert_eq!(prefix, "VUELVE");
        assert_eq!(random.len(), RANDOM_LEN);
        assert!(
            random.bytes().all(|b| ALPHABET.contains(&b)),
            "no 0/O, 1/I/L or lowercase in a code read aloud: {}",
            coupon.code
        );
        assert!(seen.insert(coupon.code.to_lowercase()), "a code is never issued twice: {}", coupon.code);
        assert_eq!(coupon.source, CouponSource::Bulk);
    }
    // Every character of the alphabet turns up: nothing is left out or stuck.
    let used: std::collections::BTreeSet<u8> = batch.iter().flat_map(|c| c.code[7..].bytes()).collect();
    assert_eq!(used.len(), ALPHABET.len());
    assert_eq!(count(&t.store, "SELECT count(*) FROM coupons"), 3001);
}

#[test]
fn a_code_already_taken_in_any_case_is_drawn_again() {
    let t = TestStore::new();
    let first = create(&t.store, &input(CouponKind::Fixed, "5"), NOW).unwrap();
    let clean_input = t.store.read(|c| clean(c, &input(CouponKind::Fixed, "5"), NOW)).unwrap();
    let mut draws = vec![first.code.to_lowercase(), first.code.clone(), "VUELVE-NUEVO2".to_owned()].into_iter();
    let id =
        t.store.write(|tx| insert_with(tx, &clean_input, CouponSource::Manual, NOW, || draws.next().unwrap())).unwrap();
    assert_eq!(get(&t.store, id).unwrap().coupon.code, "VUELVE-NUEVO2", "two taken codes, then a free one");

    let err = t
        .store
        .write(|tx| insert_with(tx, &clean_input, CouponSource::Manual, NOW, || first.code.clone()))
        .unwrap_err();
    assert_eq!(fields(&err), ["prefix:prefix_exhausted"], "a prefix with no free code says so instead of looping");
}

#[test]
fn percentages_round_half_up_and_a_fixed_amount_never_exceeds_the_order() {
    let t = TestStore::new();
    let c = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
    for (value, price, discount) in [
        ("10", "19,99", 200), // 199.9 → 200
        ("15", "10,10", 152), // 151.5 → 152 (half up)
        ("15", "10,09", 151), // 151.35 → 151
        ("100", "19,99", 1999),
        ("1", "0,49", 0), // 0.49 → 0
        ("1", "0,50", 1), // 0.5 → 1
    ] {
        let coupon = create(&t.store, &input(CouponKind::Percent, value), NOW).unwrap();
        let order = orders::create(&t.store, &order_with(c, price, &coupon.code)).unwrap();
        assert_eq!(order.discount_minor, discount, "{value} % of {price}");
        assert_eq!(order.total_minor, order.subtotal_minor - discount, "the total is what the customer pays");
    }
    let five = create(&t.store, &input(CouponKind::Fixed, "5,00"), NOW).unwrap();
    let small = orders::create(&t.store, &order_with(c, "3", &five.code)).unwrap();
    assert_eq!((small.subtotal_minor, small.discount_minor, small.total_minor), (300, 300, 0), "never below zero");
    let five = create(&t.store, &input(CouponKind::Fixed, "5,50"), NOW).unwrap();
    let big = orders::create(&t.store, &order_with(c, "20", &five.code)).unwrap();
    assert_eq!((big.discount_minor, big.total_minor), (550, 1450));
}

#[test]
fn the_order_records_the_coupon_and_shows_code_discount_and_total() {
    let t = TestStore::new();
    let c = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
    let coupon = create(&t.store, &input(CouponKind::Percent, "10"), NOW).unwrap();
    // Typed in lowercase with spaces, as a customer dictates it.
    let typed = format!("  {}  ", coupon.code.to_lowercase());
    let order = orders::create(
        &t.store,
        &OrderInput {
            lines: vec![line("Botas", "2", "49,90"), line("Cordones", "1", "3,5")],
            ..order_with(c, "1", &typed)
        },
    )
    .unwrap();
    assert_eq!(order.coupon_code.as_deref(), Some(coupon.code.as_str()), "the order names the code as issued");
    assert_eq!((order.subtotal_minor, order.discount_minor, order.total_minor), (10_330, 1033, 9297));
    assert_eq!(orders::get(&t.store, order.id).unwrap(), order);
    let page = customers::page(&t.store, c).unwrap();
    assert_eq!(page.orders[0].coupon_code, order.coupon_code, "the customer page shows it too");
    assert_eq!(page.orders[0].total_minor, 9297);

    let view = get(&t.store, coupon.id).unwrap();
    assert_eq!(view.coupon.uses, 1);
    assert_eq!(
        view.orders.iter().map(|o| (o.order_id, o.discount_minor)).collect::<Vec<_>>(),
        [(order.id, 1033)],
        "the coupon lists the orders that used it"
    );
    let plain = orders::create(&t.store, &OrderInput { coupon: Some("   ".into()), ..order_input(c) }).unwrap();
    assert_eq!((plain.coupon_code, plain.discount_minor), (None, 0), "an empty field is no coupon");
    assert!(matches!(get(&t.store, 999), Err(Error::NotFound { entity: "coupon", .. })));
}

#[test]
fn expiry_goes_by_the_shops_calendar_day_of_the_sale() {
    let t = TestStore::new();
    let c = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
    let coupon =
        create(&t.store, &CouponInput { expires_on: Some("2025-03-31".into()), ..input(CouponKind::Fixed, "5") }, NOW)
            .unwrap();
    let late = OrderInput { placed_on: "2025-04-01".into(), ..order_with(c, "20", &coupon.code) };
    assert_eq!(refusal(orders::create(&t.store, &late)), ["coupon:coupon_expired"], "the day after the last valid day");
    let last_day = OrderInput { placed_on: "2025-03-31".into(), ..order_with(c, "20", &coupon.code) };
    let order = orders::create(&t.store, &last_day).unwrap();
    assert_eq!(order.discount_minor, 500, "the last valid day is valid all day");

    let unused = create(&t.store, &input(CouponKind::Fixed, "5"), NOW).unwrap();
    let disabled = disable(&t.store, unused.id, "2025-03-10").unwrap();
    assert_eq!(disabled.expires_on.as_deref(), Some("2025-03-09"), "disabling makes yesterday its last day");
    let today = OrderInput { placed_on: "2025-03-10".into(), ..order_with(c, "20", &unused.code) };
    assert_eq!(refusal(orders::create(&t.store, &today)), ["coupon:coupon_expired"]);
    let again = disable(&t.store, unused.id, "2025-06-01").unwrap();
    assert_eq!(again.expires_on.as_deref(), Some("2025-03-09"), "disabling never extends a coupon");
    assert_eq!(fields(&disable(&t.store, unused.id, "mañana").unwrap_err()), ["today:date_invalid"]);
    assert!(matches!(disable(&t.store, 999, "2025-03-10"), Err(Error::NotFound { .. })));
}

#[test]
fn minimum_owner_currency_and_unknown_codes_are_refused_by_name_and_use_nothing() {
    let t = TestStore::new();
    let ana = customers::create(&t.store, &customer_input("Ana")).unwrap().id;
    let luis = customers::create(&t.store, &customer_input("Luis")).unwrap().id;
    let minimum =
        create(&t.store, &CouponInput { min_order: Some("50".into()), ..input(CouponKind::Fixed, "5") }, NOW).unwrap();
    assert_eq!(minimum.min_order_minor, 5000);
    assert_eq!(refusal(orders::create(&t.store, &order_with(ana, "49,99", &minimum.code))), ["coupon:coupon_minimum"]);
    assert_eq!(orders::create(&t.store, &order_with(ana, "50", &minimum.code)).unwrap().discount_minor, 500);

    let hers =
        create(&t.store, &CouponInput { customer_id: Some(ana), ..input(CouponKind::Percent, "20") }, NOW).unwrap();
    assert_eq!(hers.customer_name.as_deref(), Some("Ana"));
    assert_eq!(
        refusal(orders::create(&t.store, &order_with(luis, "10", &hers.code))),
        ["coupon:coupon_other_customer"]
    );
    assert_eq!(of_customer(&t.store, ana).unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [hers.id]);
    assert!(of_customer(&t.store, luis).unwrap().is_empty());

    let euros = create(&t.store, &input(CouponKind::Fixed, "5"), NOW).unwrap();
    let in_dollars = |code: &str| OrderInput { currency: Some("USD".into()), ..order_with(ana, "10", code) };
    assert_eq!(refusal(orders::create(&t.store, &in_dollars(&euros.code))), ["coupon:coupon_currency"]);
    let percent = create(&t.store, &input(CouponKind::Percent, "10"), NOW).unwrap();
    assert_eq!(
        orders::create(&t.store, &in_dollars(&percent.code)).unwrap().discount_minor,
        100,
        "a percentage off needs no currency"
    );

    for code in ["VUELVE-ZZZZZZ", "x", &"A".repeat(100), "VUELVE-\r\nX"] {
        assert_eq!(
            refusal(orders::create(&t.store, &order_with(ana, "10", code))),
            ["coupon:coupon_unknown"],
            "{code:?}"
        );
    }
    // A coupon that is fine on an order refused for another reason stays unused.
    let single = create(&t.store, &CouponInput { max_uses: Some(1), ..input(CouponKind::Fixed, "5") }, NOW).unwrap();
    let broken = OrderInput { lines: vec![line("", "1", "10")], ..order_with(ana, "10", &single.code) };
    assert!(orders::create(&t.store, &broken).is_err());
    assert_eq!(get(&t.store, single.id).unwrap().coupon.uses, 0, "a refused order uses no coupon");
    assert_eq!(count(&t.store, &format!("SELECT uses FROM coupons WHERE id = {}", hers.id)), 0);
    assert_eq!(count(&t.store, &format!("SELECT uses FROM coupons WHERE id = {}", minimum.id)), 1);
}

#[test]
fn a_coupon_is_never_used_beyond_its_limit() {
    let t = TestStore::new();
    let c = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
    let three = create(&t.store, &CouponInput { max_uses: Some(3), ..input(CouponKind::Fixed, "5") }, NOW).unwrap();
    for _ in 0..3 {
        orders::create(&t.store, &order_with(c, "20", &three.code)).unwrap();
    }
    assert_eq!(refusal(orders::create(&t.store, &order_with(c, "20", &three.code))), ["coupon:coupon_used_up"]);
    assert_eq!(get(&t.store, three.id).unwrap().coupon.uses, 3);
    assert_eq!(count(&t.store, &format!("SELECT count(*) FROM orders WHERE coupon_id = {}", three.id)), 3);

    let unlimited = create(&t.store, &input(CouponKind::Fixed, "1"), NOW).unwrap();
    for _ in 0..5 {
        orders::create(&t.store, &order_with(c, "20", &unlimited.code)).unwrap();
    }
    assert_eq!(get(&t.store, unlimited.id).unwrap().coupon.uses, 5, "no limit: every use counts, none refused");

    // The schema itself refuses a use beyond the limit, whatever the code does.
    let forced = t.store.write(|tx| Ok(tx.execute("UPDATE coupons SET uses = 4 WHERE id = ?1", [three.id])?));
    assert!(forced.is_err(), "CHECK (uses <= max_uses)");
}

#[test]
fn issued_inside_another_write_it_commits_or_rolls_back_with_it() {
    let t = TestStore::new();
    let c = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
    let failed: Result<()> = t.store.write(|tx| {
        issue(tx, &CouponInput { customer_id: Some(c), ..input(CouponKind::Percent, "10") }, CouponSource::Rule, NOW)?;
        Err(Error::invalid("rule", "something_else_failed"))
    });
    assert!(failed.is_err());
    assert_eq!(count(&t.store, "SELECT count(*) FROM coupons"), 0, "the rule's failure takes its coupon with it");
    let coupon = t
        .store
        .write(|tx| {
            issue(
                tx,
                &CouponInput { customer_id: Some(c), ..input(CouponKind::Percent, "10") },
                CouponSource::Rule,
                NOW,
            )
        })
        .unwrap();
    assert_eq!((coupon.source, coupon.customer_id), (CouponSource::Rule, Some(c)));
}

#[test]
fn points_are_earned_on_what_was_paid() {
    let t = TestStore::new();
    loyalty::save_settings(
        &t.store,
        &LoyaltySettingsInput {
            enabled: true,
            points_per_unit: 1,
            earn_on: EarnOn::Delivered,
            pending_days: Some(0),
            redeem_points: 100,
            redeem_value: "1".into(),
            expiry_months: None,
            referrer_points: 0,
            referred_points: 0,
            referral_coupon_percent: 0,
            referral_coupon_days: 60,
            tiers: Vec::new(),
        },
    )
    .unwrap();
    let c = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
    let coupon = create(&t.store, &input(CouponKind::Percent, "25"), NOW).unwrap();
    let day = crate::store::today().to_string();
    let order = orders::create(
        &t.store,
        &OrderInput {
            status: OrderStatus::Delivered,
            placed_on: day.clone(),
            delivered_on: Some(day),
            ..order_with(c, "100", &coupon.code)
        },
    )
    .unwrap();
    assert_eq!(order.total_minor, 7500);
    let earned = count(&t.store, &format!("SELECT points FROM points_ledger WHERE key = 'earn:{}'", order.id));
    assert_eq!(earned, 75, "one point per euro paid: 100 € less the 25 % coupon");
    let spend = loyalty::customer(&t.store, c, crate::store::now_ms(), crate::store::today()).unwrap().tier.spend_minor;
    assert_eq!(spend, 7500, "tiers count what was paid too");
    loyalty::recompute_tiers(&t.store, crate::store::today()).unwrap();
    let cached = count(&t.store, &format!("SELECT spend_minor FROM customer_tiers WHERE customer_id = {c}"));
    assert_eq!(cached, 7500, "the daily recompute agrees with the live figure");
}

#[test]
fn a_bulk_batch_saves_as_a_csv() {
    let t = TestStore::new();
    let batch = issue_bulk(
        &t.store,
        &CouponInput {
            min_order: Some("30".into()),
            expires_on: Some("2025-12-31".into()),
            note: "=Campaña de verano".into(),
            ..input(CouponKind::Fixed, "5,5")
        },
        3,
        NOW,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cupones.csv");
    let ids: Vec<i64> = batch.iter().map(|c| c.id).chain([999]).collect();
    assert_eq!(to_csv(&t.store, &ids, &path, true).unwrap(), 3, "unknown ids are left out");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "code;kind;value;currency;min_order;expires_on;max_uses;customer_name;note");
    assert_eq!(lines[1], format!("{};fixed;5,50;EUR;30,00;2025-12-31;;;'=Campaña de verano", batch[0].code));
    assert_eq!(lines.len(), 4);
    assert!(!dir.path().join("cupones.csv.part").exists());
    let err = to_csv(&t.store, &ids, &dir.path().join("no-existe/cupones.csv"), true).unwrap_err();
    assert_eq!(err.code(), "file_unreadable");
    let too_many = vec![1; BULK_MAX as usize + 1];
    assert_eq!(fields(&to_csv(&t.store, &too_many, &path, true).unwrap_err()), ["ids:too_many"]);

    assert_eq!(list(&t.store, "", 10, 0).unwrap().len(), 3);
    assert_eq!(
        list(&t.store, &batch[1].code[7..], 10, 0).unwrap()[0].id,
        batch[1].id,
        "found by a fragment of the code"
    );
    assert_eq!(list(&t.store, "verano", 10, 0).unwrap().len(), 3, "and by its note");
    assert_eq!(list(&t.store, "%", 10, 0).unwrap().len(), 3, "a wildcard is no filter");
    assert!(list(&t.store, "otoño", 10, 0).unwrap().is_empty());
    assert_eq!(fields(&list(&t.store, &"x".repeat(1000), 10, 0).unwrap_err()), ["query:too_long"]);
}

/// Two windows (two connections to the same file, like two processes) enter
/// an order with the same single-use coupon at the same instant: exactly one
/// order gets it; the other is told it is used up and nothing of it is saved.
#[test]
fn two_windows_redeeming_a_single_use_coupon_at_once_one_wins_one_is_told_it_is_used_up() {
    const ROUNDS: usize = 20;
    let mut wins = [0usize; 2];
    for round in 0..ROUNDS {
        let t = TestStore::new();
        let dir = t.store.path().parent().unwrap().to_owned();
        let c = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
        let coupon =
            create(&t.store, &CouponInput { max_uses: Some(1), ..input(CouponKind::Fixed, "5") }, NOW).unwrap();
        let barrier = Arc::new(Barrier::new(2));
        let windows: Vec<_> = (0..2)
            .map(|_| {
                let (dir, barrier, code) = (dir.clone(), barrier.clone(), coupon.code.clone());
                std::thread::spawn(move || {
                    let window = Store::open_in_dir(&dir).expect("a second window opens the same store");
                    barrier.wait();
                    orders::create(&window, &order_with(c, "20", &code))
                })
            })
            .collect();
        let outcomes: Vec<Result<orders::Order>> = windows.into_iter().map(|w| w.join().unwrap()).collect();
        let won: Vec<usize> = (0..2).filter(|i| outcomes[*i].is_ok()).collect();
        assert_eq!(won.len(), 1, "round {round}: exactly one window redeems it: {outcomes:?}");
        wins[won[0]] += 1;
        let lost = outcomes.iter().find_map(|o| o.as_ref().err()).unwrap();
        assert_eq!(lost.code(), "invalid_input", "round {round}: a refusal the form shows, not a database error");
        assert_eq!(
            fields(lost),
            ["coupon:coupon_used_up"],
            "round {round}: the loser is told why, on the coupon field"
        );
        assert_eq!(get(&t.store, coupon.id).unwrap().coupon.uses, 1, "round {round}");
        assert_eq!(count(&t.store, "SELECT count(*) FROM orders"), 1, "round {round}: the refused order is not saved");
        assert_eq!(count(&t.store, &format!("SELECT count(*) FROM orders WHERE coupon_id = {}", coupon.id)), 1);
    }
    eprintln!("{ROUNDS} rounds: window A won {}, window B won {}; every loser got coupon_used_up", wins[0], wins[1]);
}
