//! The ledger's invariants, checked against a small independent model under
//! random sequences of operations, on a real SQLite file.

use proptest::prelude::*;
use rusqlite::params;

use super::*;
use crate::customers;
use crate::orders::{self, OrderStatus};
use crate::testkit::{TestStore, customer_input, line, order_input};

const T0: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

fn date_of(ms: i64) -> time::Date {
    time::OffsetDateTime::from_unix_timestamp(ms / 1000).unwrap().date()
}

fn configure(store: &Store, pending_days: i64, expiry_months: Option<i64>, tiers: Vec<TierInput>) {
    save_settings(
        store,
        &LoyaltySettingsInput {
            enabled: true,
            points_per_unit: 1,
            earn_on: EarnOn::Delivered,
            pending_days: Some(pending_days),
            redeem_points: 100,
            redeem_value: "1".into(),
            expiry_months,
            referrer_points: 50,
            referred_points: 25,
            referral_coupon_percent: 0,
            referral_coupon_days: 60,
            tiers,
        },
    )
    .unwrap();
}

/// An order of `units` whole euros, placed on `placed_on`, still `placed`.
fn order(store: &Store, customer_id: i64, units: i64, placed_on: &str) -> i64 {
    let mut input = order_input(customer_id);
    input.placed_on = placed_on.into();
    input.lines = vec![line("Zapatillas", "1", &units.to_string())];
    orders::create(store, &input).unwrap().id
}

fn deliver_at(store: &Store, order_id: i64, now: i64) {
    store
        .write(|tx| {
            tx.execute("UPDATE orders SET status = 'delivered' WHERE id = ?1", [order_id])?;
            on_order_status(tx, order_id, now, date_of(now))
        })
        .unwrap();
}

fn cancel_at(store: &Store, order_id: i64, now: i64) {
    store
        .write(|tx| {
            tx.execute("UPDATE orders SET status = 'cancelled' WHERE id = ?1", [order_id])?;
            on_order_status(tx, order_id, now, date_of(now))
        })
        .unwrap();
}

/// (id, remaining) of every credit, by id.
fn db_lots(store: &Store, customer_id: i64) -> Vec<(i64, i64)> {
    store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT l.id, l.points - coalesce((SELECT sum(points) FROM points_allocations WHERE credit_id = l.id), 0)
                 FROM points_ledger l WHERE customer_id = ?1 AND points > 0 ORDER BY id",
            )?;
            Ok(stmt.query_map([customer_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?)
        })
        .unwrap()
}

fn ledger_sum(store: &Store, customer_id: i64) -> i64 {
    store
        .read(|c| {
            Ok(c.query_row(
                "SELECT coalesce(sum(points), 0) FROM points_ledger WHERE customer_id = ?1",
                [customer_id],
                |r| r.get(0),
            )?)
        })
        .unwrap()
}

#[derive(Debug, Clone)]
struct ModelLot {
    remaining: i64,
    available_at: i64,
    expires_at: Option<i64>,
    order: Option<usize>,
}

#[derive(Debug, Default)]
struct Model {
    lots: Vec<ModelLot>,
    /// Per order: points earned, points reversed or recorded as shortfall.
    earned: Vec<Option<(usize, i64, i64)>>,
}

impl Model {
    fn spendable(&self, now: i64) -> Vec<usize> {
        let mut ids: Vec<usize> = (0..self.lots.len())
            .filter(|&i| {
                let l = &self.lots[i];
                l.remaining > 0 && l.available_at <= now && l.expires_at.is_none_or(|e| e > now)
            })
            .collect();
        ids.sort_by_key(|&i| (self.lots[i].expires_at.is_none(), self.lots[i].expires_at, i));
        ids
    }

    fn available(&self, now: i64) -> i64 {
        self.spendable(now).iter().map(|&i| self.lots[i].remaining).sum()
    }

    fn pending(&self, now: i64) -> i64 {
        self.lots
            .iter()
            .filter(|l| l.available_at > now && l.expires_at.is_none_or(|e| e > now))
            .map(|l| l.remaining)
            .sum()
    }

    fn expire(&mut self, now: i64) {
        for lot in &mut self.lots {
            if lot.expires_at.is_some_and(|e| e <= now) {
                lot.remaining = 0;
            }
        }
    }

    fn take(&mut self, order: &[usize], mut wanted: i64) -> i64 {
        let mut taken = 0;
        for &i in order {
            let t = self.lots[i].remaining.min(wanted);
            self.lots[i].remaining -= t;
            wanted -= t;
            taken += t;
        }
        taken
    }

    /// Returns whether the model accepts the spend.
    /// A refused spend rolls back whole, including the expiry it ran first.
    fn spend(&mut self, points: i64, now: i64) -> bool {
        if points > self.available(now) {
            return false;
        }
        self.expire(now);
        let order = self.spendable(now);
        self.take(&order, points);
        true
    }

    fn reverse_all(&mut self, order: usize, now: i64) {
        let Some((own, earned, reversed)) = self.earned[order] else { return };
        let wanted = earned - reversed;
        if wanted <= 0 {
            return;
        }
        let mut ids: Vec<usize> = (0..self.lots.len()).filter(|&i| self.lots[i].remaining > 0).collect();
        ids.sort_by_key(|&i| {
            let l = &self.lots[i];
            (i != own, l.available_at > now, l.expires_at.is_none(), l.expires_at, i)
        });
        self.take(&ids, wanted);
        self.earned[order] = Some((own, earned, earned));
    }
}

#[derive(Debug, Clone)]
enum Op {
    Order(i64),
    Deliver(usize),
    Cancel(usize),
    Advance(i64),
    Redeem(i64),
    Adjust(i64),
    Expire,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1i64..400).prop_map(Op::Order),
        (0usize..8).prop_map(Op::Deliver),
        (0usize..8).prop_map(Op::Cancel),
        (0i64..120).prop_map(Op::Advance),
        (1i64..600).prop_map(Op::Redeem),
        (-300i64..300).prop_filter("not zero", |p| *p != 0).prop_map(Op::Adjust),
        Just(Op::Expire),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// The balance is the ledger's sum and every lot's remainder matches an
    /// independent model: pending periods, soonest-expiring-first spending,
    /// expiry by recorded entries, reversal of cancelled orders, and a
    /// balance that never goes negative.
    #[test]
    fn the_ledger_matches_the_model(
        pending in 0i64..40,
        expiry in proptest::option::of(1i64..6),
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        let t = TestStore::new();
        configure(&t.store, pending, expiry, Vec::new());
        let customer = customers::create(&t.store, &customer_input("Lucía Pérez")).unwrap().id;
        let mut model = Model::default();
        let mut orders: Vec<(i64, i64, bool)> = Vec::new(); // id, units, delivered
        let mut now = T0;
        for op in ops {
            match op {
                Op::Order(units) => {
                    orders.push((order(&t.store, customer, units, "2025-12-01"), units, false));
                    model.earned.push(None);
                }
                Op::Deliver(i) if i < orders.len() && !orders[i].2 => {
                    let (id, units, _) = orders[i];
                    orders[i].2 = true;
                    deliver_at(&t.store, id, now);
                    if model.earned[i].is_none() {
                        model.lots.push(ModelLot {
                            remaining: units,
                            available_at: now + pending * DAY_MS,
                            expires_at: expiry.map(|m| add_months(now, m)),
                            order: Some(i),
                        });
                        model.earned[i] = Some((model.lots.len() - 1, units, 0));
                    }
                }
                Op::Cancel(i) if i < orders.len() => {
                    cancel_at(&t.store, orders[i].0, now);
                    model.reverse_all(i, now);
                }
                Op::Advance(days) => now += days * DAY_MS + 3_600_000,
                Op::Redeem(points) => {
                    let accepted = model.spend(points, now);
                    let result = redeem(&t.store, customer, points, None, "", now);
                    prop_assert_eq!(result.is_ok(), accepted, "redeeming {} at {}: {:?}", points, now, result);
                    if let Err(e) = result {
                        let code = e.payload().fields[0].code.clone();
                        prop_assert_eq!(code, "points_insufficient");
                    }
                }
                Op::Adjust(points) => {
                    let accepted = if points > 0 {
                        model.expire(now);
                        model.lots.push(ModelLot {
                            remaining: points,
                            available_at: now,
                            expires_at: expiry.map(|m| add_months(now, m)),
                            order: None,
                        });
                        true
                    } else {
                        model.spend(-points, now)
                    };
                    prop_assert_eq!(adjust(&t.store, customer, points, "Ajuste de prueba", now).is_ok(), accepted);
                }
                Op::Expire => {
                    expire_due(&t.store, now).unwrap();
                    model.expire(now);
                }
                _ => {}
            }
            let lots = db_lots(&t.store, customer);
            let expected: Vec<i64> = model.lots.iter().map(|l| l.remaining).collect();
            prop_assert_eq!(lots.iter().map(|(_, r)| *r).collect::<Vec<_>>(), expected, "lot remainders");
            let b = balance(&t.store, customer, now).unwrap();
            prop_assert_eq!(b.total, ledger_sum(&t.store, customer), "the balance is the ledger's sum");
            prop_assert_eq!(b.total, lots.iter().map(|(_, r)| r).sum::<i64>(), "and what the lots hold");
            prop_assert!(b.total >= 0 && b.available >= 0 && b.pending >= 0, "never negative: {:?}", b);
            prop_assert_eq!(b.available, model.available(now));
            prop_assert_eq!(b.pending, model.pending(now));
            prop_assert!(model.lots.iter().all(|l| l.order.is_none_or(|o| o < orders.len())));
        }
    }

    /// However often an order changes status (and however often history is
    /// backfilled), it earns at most once and a referral pays at most once.
    #[test]
    fn points_for_an_order_are_earned_at_most_once(
        steps in proptest::collection::vec(0usize..5, 1..12),
        backfills in 0usize..3,
    ) {
        let t = TestStore::new();
        configure(&t.store, 0, None, Vec::new());
        let referrer = customers::create(&t.store, &customer_input("Ana")).unwrap().id;
        let customer = customers::create(&t.store, &customer_input("Luis")).unwrap().id;
        set_referrer(&t.store, customer, &referral_code(referrer), T0, date_of(T0)).unwrap();
        let id = order(&t.store, customer, 120, "2025-12-01");
        let statuses = [OrderStatus::Placed, OrderStatus::Paid, OrderStatus::Shipped, OrderStatus::Delivered, OrderStatus::Cancelled];
        for step in steps {
            orders::set_status(&t.store, id, statuses[step], None).unwrap();
            for _ in 0..backfills {
                backfill(&t.store, now_ms(), crate::store::today()).unwrap();
            }
        }
        let (earns, referrals): (i64, i64) = t.store.read(|c| Ok(c.query_row(
            "SELECT count(*) FILTER (WHERE kind = 'earn'), count(*) FILTER (WHERE kind = 'referral') FROM points_ledger",
            [], |r| Ok((r.get(0)?, r.get(1)?)))?)).unwrap();
        prop_assert!(earns <= 1, "earned {} times", earns);
        prop_assert!(referrals == 0 || referrals == 2, "a referral pays both sides once: {}", referrals);
        prop_assert!(balance(&t.store, customer, now_ms()).unwrap().total >= 0);
    }

    /// A tier is a function of the last 12 months of orders, live and in the
    /// recomputed cache alike.
    #[test]
    fn tiers_follow_the_last_twelve_months_of_orders(
        orders_spec in proptest::collection::vec((1i64..800, 0i64..720, any::<bool>()), 0..10),
    ) {
        let t = TestStore::new();
        configure(&t.store, 0, None, vec![
            TierInput { name: "Bronce".into(), threshold: "0".into(), multiplier_percent: 100 },
            TierInput { name: "Plata".into(), threshold: "300".into(), multiplier_percent: 125 },
            TierInput { name: "Oro".into(), threshold: "1000".into(), multiplier_percent: 150 },
        ]);
        let customer = customers::create(&t.store, &customer_input("Marta")).unwrap().id;
        let today = time::macros::date!(2026 - 06 - 15);
        let mut spend = 0;
        for (units, days_ago, cancelled) in orders_spec {
            let placed = today - time::Duration::days(days_ago);
            let id = order(&t.store, customer, units, &placed.to_string());
            if cancelled {
                orders::set_status(&t.store, id, OrderStatus::Cancelled, None).unwrap();
            } else if placed >= time::macros::date!(2025 - 06 - 15) {
                spend += units * 100;
            }
        }
        let live = t.store.read(|c| tier_of(c, &load_settings(c)?, customer, today)).unwrap();
        let expected = if spend >= 100_000 { "Oro" } else if spend >= 30_000 { "Plata" } else { "Bronce" };
        prop_assert_eq!(live.spend_minor, spend);
        prop_assert_eq!(live.tier.as_ref().map(|t| t.name.as_str()), Some(expected));
        recompute_tiers(&t.store, today).unwrap();
        let cached: (Option<String>, i64) = t.store.read(|c| Ok(c.query_row(
            "SELECT t.name, ct.spend_minor FROM customer_tiers ct LEFT JOIN loyalty_tiers t ON t.id = ct.tier_id
             WHERE customer_id = ?1", [customer], |r| Ok((r.get(0)?, r.get(1)?)))?)).unwrap();
        prop_assert_eq!(cached, (Some(expected.to_owned()), spend), "the cache is the same function");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// Two windows (two connections to the same file) redeeming at once can
    /// never spend more than was available.
    #[test]
    fn concurrent_redemptions_never_overspend(
        amounts in proptest::collection::vec(1i64..400, 2..16),
        start in 100i64..1500,
    ) {
        let t = TestStore::new();
        configure(&t.store, 0, None, Vec::new());
        let customer = customers::create(&t.store, &customer_input("Pilar")).unwrap().id;
        adjust(&t.store, customer, start, "Saldo inicial", T0).unwrap();
        let second = std::sync::Arc::new(Store::open(t.store.path()).unwrap());
        let first = std::sync::Arc::new(Store::open(t.store.path()).unwrap());
        let (left, right) = amounts.split_at(amounts.len() / 2);
        let spend_all = |store: std::sync::Arc<Store>, amounts: Vec<i64>| {
            std::thread::spawn(move || {
                amounts.into_iter().filter(|p| redeem(&store, customer, *p, None, "", T0 + 1).is_ok()).sum::<i64>()
            })
        };
        let a = spend_all(first, left.to_vec());
        let b = spend_all(second, right.to_vec());
        let spent = a.join().unwrap() + b.join().unwrap();
        let after = balance(&t.store, customer, T0 + 1).unwrap();
        prop_assert!(spent <= start, "spent {} of {}", spent, start);
        prop_assert_eq!(after.available, start - spent);
        prop_assert_eq!(after.total, ledger_sum(&t.store, customer));
    }
}

#[test]
fn the_ledger_refuses_updates_and_deletes() {
    let t = TestStore::new();
    let customer = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
    adjust(&t.store, customer, 100, "Bienvenida", T0).unwrap();
    redeem(&t.store, customer, 40, None, "", T0).unwrap();
    for sql in [
        "UPDATE points_ledger SET points = 1000",
        "DELETE FROM points_ledger",
        "UPDATE points_allocations SET points = 1",
        "DELETE FROM points_allocations",
    ] {
        let err = t.store.write(|tx| Ok(tx.execute(sql, [])?)).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let duplicate = t.store.write(|tx| {
        tx.execute(
            "INSERT INTO points_ledger (customer_id, kind, points, available_at, key, created_at)
             VALUES (?1, 'earn', 5, 0, 'earn:1', 0), (?1, 'earn', 5, 0, 'earn:1', 0)",
            [customer],
        )?;
        Ok(())
    });
    assert!(duplicate.unwrap_err().to_string().contains("UNIQUE"), "the key is a database constraint");
    assert_eq!(balance(&t.store, customer, T0).unwrap().total, 60);
}

#[test]
fn earning_follows_the_tier_multiplier_and_the_pending_period() {
    let t = TestStore::new();
    configure(
        &t.store,
        14,
        Some(12),
        vec![TierInput { name: "Oro".into(), threshold: "100".into(), multiplier_percent: 150 }],
    );
    let customer = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
    let id = order(&t.store, customer, 200, &date_of(T0).to_string());
    deliver_at(&t.store, id, T0);
    let b = balance(&t.store, customer, T0).unwrap();
    assert_eq!((b.pending, b.available), (300, 0), "200 € × 1 point × 1.5 (Oro), pending for 14 days");
    let later = balance(&t.store, customer, T0 + 14 * DAY_MS).unwrap();
    assert_eq!((later.pending, later.available), (0, 300));
    assert_eq!(
        redeem(&t.store, customer, 250, Some(id), "", T0 + 15 * DAY_MS).unwrap().value_minor,
        250,
        "100 points = 1 €"
    );
    let expires = add_months(T0, 12);
    assert_eq!(expire_due(&t.store, expires).unwrap(), ExpiryRun { entries: 1, points: 50 });
    assert_eq!(expire_due(&t.store, expires + DAY_MS).unwrap(), ExpiryRun { entries: 0, points: 0 }, "once");
    assert_eq!(balance(&t.store, customer, expires).unwrap().total, 0);
}

#[test]
fn referral_codes_decode_to_their_customer_only() {
    let t = TestStore::new();
    let ana = customers::create(&t.store, &customer_input("Ana")).unwrap().id;
    let luis = customers::create(&t.store, &customer_input("Luis")).unwrap().id;
    for id in [1, 2, 77, 123_456, 4_000_000] {
        assert_eq!(decode_referral(&referral_code(id)), Some(id));
        assert_eq!(decode_referral(&referral_code(id).to_lowercase()), Some(id), "case does not matter");
    }
    assert_eq!(
        set_referrer(&t.store, luis, "AMIGO-0000000", T0, date_of(T0)).unwrap_err().payload().fields[0].code,
        "referral_code_unknown"
    );
    assert_eq!(
        set_referrer(&t.store, luis, &referral_code(luis), T0, date_of(T0)).unwrap_err().payload().fields[0].code,
        "referral_code_unknown",
        "nobody refers themself"
    );
    assert_eq!(set_referrer(&t.store, luis, &referral_code(ana), T0, date_of(T0)).unwrap().name, "Ana");
    assert_eq!(
        set_referrer(&t.store, luis, &referral_code(ana), T0, date_of(T0)).unwrap_err().payload().fields[0].code,
        "referral_already_set"
    );
    configure(&t.store, 0, None, Vec::new());
    let first = order(&t.store, luis, 30, "2025-12-01");
    orders::set_status(&t.store, first, OrderStatus::Delivered, None).unwrap();
    let second = order(&t.store, luis, 30, "2025-12-02");
    orders::set_status(&t.store, second, OrderStatus::Delivered, None).unwrap();
    assert_eq!(balance(&t.store, ana, now_ms()).unwrap().total, 50, "the referrer's reward, once");
    assert_eq!(balance(&t.store, luis, now_ms()).unwrap().total, 30 + 30 + 25, "two orders and the welcome reward");
}

#[test]
fn adjustments_need_a_reason_and_cannot_overdraw() {
    let t = TestStore::new();
    let customer = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
    assert_eq!(adjust(&t.store, customer, 10, "  ", T0).unwrap_err().payload().fields[0].field, "note");
    assert_eq!(
        adjust(&t.store, customer, -10, "Error", T0).unwrap_err().payload().fields[0].code,
        "points_insufficient"
    );
    assert_eq!(redeem(&t.store, 999, 10, None, "", T0).unwrap_err().code(), "customer_not_found");
    assert_eq!(ledger_sum(&t.store, customer), 0, "nothing was written");
}

#[test]
fn backfill_earns_like_a_delivery_and_a_late_delivery_is_not_held_back_again() {
    let t = TestStore::new();
    configure(
        &t.store,
        30,
        None,
        vec![TierInput { name: "Oro".into(), threshold: "100".into(), multiplier_percent: 150 }],
    );
    let customer = customers::create(&t.store, &customer_input("Lucía")).unwrap().id;
    let today = date_of(T0);
    let long_ago = (today - time::Duration::days(60)).to_string();
    let recent = (today - time::Duration::days(10)).to_string();
    let (old, new) = (order(&t.store, customer, 80, &long_ago), order(&t.store, customer, 41, &recent));
    t.store
        .write(|tx| {
            tx.execute(
                "UPDATE orders SET status = 'delivered', delivered_on = ?2 WHERE id = ?1",
                params![old, long_ago],
            )?;
            tx.execute(
                "UPDATE orders SET status = 'delivered', delivered_on = ?2 WHERE id = ?1",
                params![new, recent],
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(backfill(&t.store, T0, today).unwrap(), 2);
    assert_eq!(backfill(&t.store, T0, today).unwrap(), 0, "history earns once");
    let b = balance(&t.store, customer, T0).unwrap();
    // 121 € in the last year: Oro, × 1.5. The old order's return window is
    // over; the recent one's ends 20 days from now.
    assert_eq!((b.available, b.pending), (120, 61));
    assert_eq!(balance(&t.store, customer, T0 + 20 * DAY_MS).unwrap().available, 181);
}

#[test]
fn points_traded_for_a_coupon_move_the_balance_by_exactly_those_points_and_the_coupon_redeems_once() {
    let t = TestStore::new();
    configure(&t.store, 0, None, Vec::new());
    let ana = customers::create(&t.store, &customer_input("Ana")).unwrap().id;
    let luis = customers::create(&t.store, &customer_input("Luis")).unwrap().id;
    adjust(&t.store, ana, 1000, "Saldo inicial", T0).unwrap();
    let before = balance(&t.store, ana, T0).unwrap();

    let done = redeem_as_coupon(&t.store, ana, 500, T0 + 1).unwrap();
    let after = balance(&t.store, ana, T0 + 1).unwrap();
    assert_eq!(before.available - after.available, 500, "exactly the points traded in leave the balance");
    assert_eq!(done.redemption.balance, after);
    assert_eq!((done.redemption.points, done.redemption.value_minor), (500, 500), "100 points = 1 €");
    let coupon = &done.coupon;
    assert!(coupon.code.starts_with("PUNTOS-"), "{}", coupon.code);
    assert_eq!((coupon.kind, coupon.value, coupon.currency.as_str()), (crate::coupons::CouponKind::Fixed, 500, "EUR"));
    assert_eq!((coupon.customer_id, coupon.max_uses, coupon.uses), (Some(ana), Some(1), 0));
    assert_eq!(coupon.source, crate::coupons::CouponSource::Points);
    let entry = customer(&t.store, ana, T0 + 1, date_of(T0)).unwrap().entries.remove(0);
    assert_eq!((entry.kind, entry.points), (EntryKind::Redeem, -500), "the same ledger entry as a redemption");
    assert_eq!(entry.note, format!("Cupón {}", coupon.code), "the ledger says which coupon the points became");
    assert_eq!(ledger_sum(&t.store, ana), after.total);

    let with_coupon = |customer_id: i64| {
        let mut input = order_input(customer_id);
        input.lines = vec![line("Taza", "1", "20")];
        input.coupon = Some(coupon.code.clone());
        orders::create(&t.store, &input)
    };
    assert!(with_coupon(luis).is_err(), "the coupon is Ana's");
    let order = with_coupon(ana).unwrap();
    assert_eq!((order.discount_minor, order.total_minor), (500, 1500));
    let again = with_coupon(ana).expect_err("single use");
    assert_eq!(again.payload().fields[0].code, "coupon_used_up");

    // Refusals write nothing: neither a ledger entry nor a coupon.
    let count = |table: &str| -> i64 {
        t.store.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)).unwrap()
    };
    let (entries, coupons) = (count("points_ledger"), count("coupons"));
    for (points, code) in [
        (0, "points_not_positive"),
        (-100, "points_not_positive"),
        (150, "points_not_multiple"),
        (600, "points_insufficient"),
        (100 * 1_000_000_000_000, "points_insufficient"),
    ] {
        let refused = redeem_as_coupon(&t.store, ana, points, T0 + 2).expect_err("refused");
        assert_eq!(refused.payload().fields[0].code, code, "{points} points");
    }
    assert!(redeem_as_coupon(&t.store, 999_999, 100, T0 + 2).is_err(), "unknown customer");
    assert_eq!((count("points_ledger"), count("coupons")), (entries, coupons), "a refused trade writes nothing");
}

fn configure_welcome(store: &Store, percent: u8, days: u32) {
    save_settings(
        store,
        &LoyaltySettingsInput {
            enabled: true,
            points_per_unit: 1,
            earn_on: EarnOn::Delivered,
            pending_days: Some(0),
            redeem_points: 100,
            redeem_value: "1".into(),
            expiry_months: None,
            referrer_points: 50,
            referred_points: 25,
            referral_coupon_percent: percent,
            referral_coupon_days: days,
            tiers: Vec::new(),
        },
    )
    .unwrap();
}

#[test]
fn a_referred_customer_is_given_one_welcome_coupon_when_the_shop_offers_it() {
    let t = TestStore::new();
    configure_welcome(&t.store, 10, 30);
    let s = get_settings(&t.store).unwrap();
    assert_eq!((s.referral_coupon_percent, s.referral_coupon_days), (10, 30));
    let ana = customers::create(&t.store, &customer_input("Ana")).unwrap().id;
    let luis = customers::create(&t.store, &customer_input("Luis")).unwrap().id;

    let linked = set_referrer(&t.store, luis, &referral_code(ana), T0, date_of(T0)).unwrap();
    let code = linked.welcome_coupon.clone().expect("a welcome coupon");
    assert!(code.starts_with("BIENVENIDA-"), "{code}");
    let issued = crate::coupons::of_customer(&t.store, luis).unwrap();
    assert_eq!(issued.len(), 1);
    let coupon = &issued[0];
    assert_eq!(coupon.code, code);
    assert_eq!((coupon.kind, coupon.value), (crate::coupons::CouponKind::Percent, 10));
    assert_eq!((coupon.customer_id, coupon.max_uses, coupon.uses), (Some(luis), Some(1), 0));
    assert_eq!(coupon.source, crate::coupons::CouponSource::Referral);
    assert_eq!(coupon.expires_on.as_deref(), Some("2026-01-31"), "30 days from the day of linking");
    assert!(crate::coupons::of_customer(&t.store, ana).unwrap().is_empty(), "the referrer gets points, not this");
    let page = customer(&t.store, luis, T0, date_of(T0)).unwrap();
    assert_eq!(page.referred_by, Some(linked), "the customer's page keeps showing the code");

    // Only once: a second link is refused and issues nothing.
    let again = set_referrer(&t.store, luis, &referral_code(ana), T0, date_of(T0)).unwrap_err();
    assert_eq!(again.payload().fields[0].code, "referral_already_set");
    assert_eq!(crate::coupons::of_customer(&t.store, luis).unwrap().len(), 1);

    let with_coupon = |customer_id: i64| {
        let mut input = order_input(customer_id);
        input.placed_on = "2026-01-10".into();
        input.lines = vec![line("Taza", "1", "20")];
        input.coupon = Some(code.clone());
        orders::create(&t.store, &input)
    };
    assert!(with_coupon(ana).is_err(), "the coupon is Luis's");
    let order = with_coupon(luis).unwrap();
    assert_eq!((order.discount_minor, order.total_minor), (200, 1800), "10 % off");
    assert_eq!(with_coupon(luis).expect_err("single use").payload().fields[0].code, "coupon_used_up");
}

#[test]
fn no_welcome_coupon_when_the_shop_offers_none() {
    let t = TestStore::new();
    configure_welcome(&t.store, 0, 60);
    let ana = customers::create(&t.store, &customer_input("Ana")).unwrap().id;
    let luis = customers::create(&t.store, &customer_input("Luis")).unwrap().id;
    let linked = set_referrer(&t.store, luis, &referral_code(ana), T0, date_of(T0)).unwrap();
    assert_eq!(linked.welcome_coupon, None);
    assert!(crate::coupons::of_customer(&t.store, luis).unwrap().is_empty());
}
