use proptest::prelude::*;

use super::*;
use crate::customers;
use crate::loyalty::{self, DAY_MS};
use crate::orders::{self, OrderStatus};
use crate::store::now_ms;
use crate::testkit::{TestStore, customer_input, line, order_input};

const ACTOR: &str = "tienda";

fn date(s: &str) -> time::Date {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).unwrap()
}

fn reason_id(store: &Store, code: &str) -> i64 {
    policy(store).unwrap().reasons.into_iter().find(|r| r.code.as_deref() == Some(code)).unwrap().id
}

/// A delivered order of two lines: 2 × 30 € and 1 × 45 €.
fn delivered_order(store: &Store, delivered_on: &str) -> (i64, i64) {
    let customer = customers::create(store, &customer_input("Lucía Pérez")).unwrap().id;
    let mut input = order_input(customer);
    input.placed_on = "2026-03-01".into();
    input.lines = vec![line("Camisa", "2", "30"), line("Pantalón", "1", "45")];
    let id = orders::create(store, &input).unwrap().id;
    orders::set_status(store, id, OrderStatus::Delivered, Some(delivered_on.into())).unwrap();
    (customer, id)
}

fn request(store: &Store, order_id: i64, lines: &[(i64, i64)], outcome: Outcome) -> ReturnInput {
    ReturnInput {
        order_id,
        lines: lines.iter().map(|&(position, quantity)| ReturnLineInput { position, quantity }).collect(),
        reason_id: reason_id(store, "wrong_size"),
        outcome,
        note: "No le queda bien".into(),
        override_reason: None,
    }
}

fn set_policy(store: &Store, fee_kind: FeeKind, fee_value: &str, bonus_percent: i64) {
    let current = policy(store).unwrap();
    save_policy(
        store,
        &ReturnPolicyInput {
            window_days: 30,
            fee_kind,
            fee_value: fee_value.into(),
            offer_refund: true,
            offer_exchange: true,
            offer_credit: true,
            bonus_percent,
            policy_text: "Tienes 30 días desde la entrega.".into(),
            notify_customer: false,
            reasons: current
                .reasons
                .iter()
                .map(|r| ReasonInput { id: Some(r.id), label: r.label.clone(), waives_fee: r.waives_fee, active: true })
                .collect(),
        },
    )
    .unwrap();
}

#[test]
fn outside_the_window_is_refused_naming_the_rule_and_an_override_is_recorded() {
    let t = TestStore::new();
    let (_, order) = delivered_order(&t.store, "2026-03-05");
    let input = request(&t.store, order, &[(0, 1)], Outcome::Refund);
    let late = date("2026-04-05"); // 31 days after delivery
    let err = open(&t.store, &input, ACTOR, now_ms(), late).unwrap_err();
    assert_eq!(err.code(), "policy_refused");
    assert_eq!(err.payload().fields[0].code, "outside_window", "the message names the rule");
    assert!(list(&t.store, &ReturnFilter::default(), now_ms(), 10, 0).unwrap().is_empty(), "nothing written");
    assert_eq!(quote(&t.store, &input, date("2026-04-04")).unwrap().violations, Vec::<String>::new(), "day 30 is in");

    let overridden = ReturnInput { override_reason: Some("Cliente habitual, viajaba".into()), ..input };
    let opened = open(&t.store, &overridden, ACTOR, now_ms(), late).unwrap();
    assert_eq!(opened.status, ReturnStatus::Requested);
    assert_eq!(opened.overridden_rules, ["outside_window"]);
    assert_eq!(opened.override_reason, "Cliente habitual, viajaba");
    assert_eq!(opened.events[0].note, "Cliente habitual, viajaba", "the timeline says why");
    assert_eq!(opened.events[0].actor, ACTOR);
}

#[test]
fn more_units_than_bought_is_refused_counting_earlier_returns() {
    let t = TestStore::new();
    let (_, order) = delivered_order(&t.store, "2026-03-05");
    let today = date("2026-03-10");
    open(&t.store, &request(&t.store, order, &[(0, 1)], Outcome::Refund), ACTOR, now_ms(), today).unwrap();
    let err =
        open(&t.store, &request(&t.store, order, &[(0, 2)], Outcome::Refund), ACTOR, now_ms(), today).unwrap_err();
    assert_eq!(err.payload().fields, [crate::FieldError::new("lines.0.quantity", "quantity_exceeds_bought")]);
    let rejected =
        open(&t.store, &request(&t.store, order, &[(0, 1)], Outcome::Refund), ACTOR, now_ms(), today).unwrap();
    transition(&t.store, rejected.id, ReturnStatus::Rejected, "Prenda usada", ACTOR, now_ms()).unwrap();
    let form = form(&t.store, order, today).unwrap();
    assert_eq!(form.lines[0].returned, 1, "a rejected return gives the units back");
    let unknown = open(&t.store, &request(&t.store, order, &[(7, 1)], Outcome::Refund), ACTOR, now_ms(), today);
    assert_eq!(unknown.unwrap_err().payload().fields[0].code, "line_unknown");
}

#[test]
fn a_cancelled_order_is_refused_unless_overridden() {
    let t = TestStore::new();
    let (_, order) = delivered_order(&t.store, "2026-03-05");
    orders::set_status(&t.store, order, OrderStatus::Cancelled, None).unwrap();
    let input = request(&t.store, order, &[(1, 1)], Outcome::Refund);
    let err = open(&t.store, &input, ACTOR, now_ms(), date("2026-03-06")).unwrap_err();
    assert_eq!(err.payload().fields[0].code, "order_cancelled");
}

#[test]
fn the_refund_applies_the_fee_unless_the_reason_waives_it_and_the_bonus_for_credit() {
    let t = TestStore::new();
    set_policy(&t.store, FeeKind::Percent, "10", 5);
    let (_, order) = delivered_order(&t.store, "2026-03-05");
    let today = date("2026-03-06");
    let refund = quote(&t.store, &request(&t.store, order, &[(0, 2), (1, 1)], Outcome::Refund), today).unwrap();
    assert_eq!(
        (refund.gross_minor, refund.fee_minor, refund.bonus_minor, refund.amount_minor),
        (10_500, 1_050, 0, 9_450)
    );
    let credit = quote(&t.store, &request(&t.store, order, &[(1, 1)], Outcome::Credit), today).unwrap();
    assert_eq!((credit.fee_minor, credit.bonus_minor, credit.amount_minor), (450, 225, 4_275));
    let defective = ReturnInput {
        reason_id: reason_id(&t.store, "defective"),
        ..request(&t.store, order, &[(1, 1)], Outcome::Refund)
    };
    assert_eq!(quote(&t.store, &defective, today).unwrap().amount_minor, 4_500, "a defect is not the customer's fault");
    set_policy(&t.store, FeeKind::Fixed, "3,00", 0);
    let fixed = quote(&t.store, &request(&t.store, order, &[(0, 1)], Outcome::Refund), today).unwrap();
    assert_eq!(fixed.amount_minor, 2_700);
}

#[test]
fn the_workflow_only_moves_forward_and_records_every_step() {
    let t = TestStore::new();
    let (_, order) = delivered_order(&t.store, "2026-03-05");
    let opened =
        open(&t.store, &request(&t.store, order, &[(0, 1)], Outcome::Refund), ACTOR, 1, date("2026-03-06")).unwrap();
    let skip = transition(&t.store, opened.id, ReturnStatus::Refunded, "", ACTOR, 2).unwrap_err();
    assert_eq!(skip.payload().fields[0].code, "transition_not_allowed");
    let reject = transition(&t.store, opened.id, ReturnStatus::Rejected, " ", ACTOR, 2).unwrap_err();
    assert_eq!(reject.payload().fields[0], crate::FieldError::new("note", "required"), "rejecting says why");
    for (step, at) in [
        (ReturnStatus::Approved, 2),
        (ReturnStatus::Received, 3),
        (ReturnStatus::Credited, 4),
        (ReturnStatus::Closed, 5),
    ] {
        transition(&t.store, opened.id, step, "", "Marta", at).unwrap();
    }
    let done = get(&t.store, opened.id).unwrap();
    assert_eq!(done.outcome, Outcome::Credit, "settling as credit fixes the outcome");
    let steps: Vec<(ReturnStatus, i64)> = done.events.iter().map(|e| (e.status, e.at)).collect();
    assert_eq!(
        steps,
        [
            (ReturnStatus::Closed, 5),
            (ReturnStatus::Credited, 4),
            (ReturnStatus::Received, 3),
            (ReturnStatus::Approved, 2),
            (ReturnStatus::Requested, 1)
        ],
        "newest first"
    );
    assert!(done.next.is_empty());
    let err = t.store.write(|tx| Ok(tx.execute("DELETE FROM return_events", [])?)).unwrap_err();
    assert!(err.to_string().contains("append-only"));
}

#[test]
fn a_refund_reverses_the_points_the_returned_lines_earned() {
    let t = TestStore::new();
    let (customer, order) = delivered_order(&t.store, "2026-03-05");
    let now = now_ms();
    assert_eq!(loyalty::balance(&t.store, customer, now).unwrap().total, 105, "105 € earned 105 points");
    let r =
        open(&t.store, &request(&t.store, order, &[(0, 1)], Outcome::Refund), ACTOR, now, date("2026-03-06")).unwrap();
    for step in [ReturnStatus::Approved, ReturnStatus::Received, ReturnStatus::Refunded] {
        transition(&t.store, r.id, step, "", ACTOR, now).unwrap();
    }
    assert_eq!(loyalty::balance(&t.store, customer, now).unwrap().total, 75, "the 30 € line's points are gone");
    let stats = stats(&t.store, "2026-01-01").unwrap();
    assert_eq!((stats.orders, stats.orders_returned), (1, 1));
    assert_eq!(stats.top_reasons[0].reason.code.as_deref(), Some("wrong_size"));
}

#[test]
fn each_step_queues_the_customers_notice_when_the_policy_says_so() {
    let t = TestStore::new();
    let (customer, order) = delivered_order(&t.store, "2026-03-05");
    let today = date("2026-03-06");
    let queued = |store: &Store| -> Vec<(String, serde_json::Value)> {
        store
            .read(|c| {
                let mut stmt = c.prepare("SELECT to_address, vars FROM outbox WHERE kind = 'notice' ORDER BY id")?;
                let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
                Ok(rows
                    .map(|r| r.map(|(to, vars)| (to, serde_json::from_str(&vars).unwrap())))
                    .collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .unwrap()
    };
    let first = open(&t.store, &request(&t.store, order, &[(0, 1)], Outcome::Refund), ACTOR, 1, today).unwrap();
    assert!(queued(&t.store).is_empty(), "notices are off by default");
    customers::update(
        &t.store,
        customer,
        &customers::CustomerInput { email: Some("lucia@example.es".into()), ..customer_input("Lucía Pérez") },
    )
    .unwrap();
    transition(&t.store, first.id, ReturnStatus::Rejected, "Sin etiqueta", ACTOR, 2).unwrap();
    assert!(queued(&t.store).is_empty());

    let mut policy_input = policy(&t.store).unwrap();
    policy_input.notify_customer = true;
    save_policy(
        &t.store,
        &ReturnPolicyInput {
            window_days: policy_input.window_days,
            fee_kind: FeeKind::None,
            fee_value: String::new(),
            offer_refund: true,
            offer_exchange: true,
            offer_credit: true,
            bonus_percent: 0,
            policy_text: String::new(),
            notify_customer: true,
            reasons: policy_input
                .reasons
                .iter()
                .map(|r| ReasonInput {
                    id: Some(r.id),
                    label: r.label.clone(),
                    waives_fee: r.waives_fee,
                    active: r.active,
                })
                .collect(),
        },
    )
    .unwrap();
    let second = open(&t.store, &request(&t.store, order, &[(0, 1)], Outcome::Refund), ACTOR, 3, today).unwrap();
    transition(&t.store, second.id, ReturnStatus::Rejected, "Prenda usada", ACTOR, 4).unwrap();
    transition(&t.store, second.id, ReturnStatus::Closed, "nota interna", ACTOR, 5).unwrap();
    let third = open(&t.store, &request(&t.store, order, &[(1, 1)], Outcome::Refund), ACTOR, 6, today).unwrap();
    for step in [ReturnStatus::Approved, ReturnStatus::Received, ReturnStatus::Refunded] {
        transition(&t.store, third.id, step, "revisado por Marta", ACTOR, 7).unwrap();
    }
    let notices = queued(&t.store);
    let names: Vec<&str> = notices.iter().map(|(_, v)| v["notice"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "return_requested",
            "return_rejected",
            "return_requested",
            "return_approved",
            "return_received",
            "return_refunded"
        ],
        "one per step the customer cares about; closing is internal"
    );
    assert!(notices.iter().all(|(to, _)| to == "lucia@example.es"));
    assert_eq!(notices[1].1["note"], "Prenda usada", "a rejection says why");
    assert_eq!(notices[5].1["note"], "", "other notes stay internal");
    assert_eq!(notices[5].1["amount"], "45,00 EUR");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    /// Whatever was spent before, settled returns take back exactly the
    /// returned share of the order's points, as entries or recorded shortfall,
    /// and the balance never goes negative. Exchanges keep the points.
    #[test]
    fn returns_reverse_the_returned_share_and_never_overdraw(
        quantities in proptest::collection::vec((0i64..3, 0i64..2, 0usize..3), 1..4),
        spent in 0i64..106,
    ) {
        let t = TestStore::new();
        let (customer, order) = delivered_order(&t.store, "2026-03-05");
        let now = now_ms() + 40 * DAY_MS; // after the pending period
        if spent > 0 {
            loyalty::redeem(&t.store, customer, spent, None, "", now).unwrap();
        }
        let (mut left, mut returned_value) = ([2i64, 1], 0i64);
        for (shirts, trousers, outcome) in quantities {
            let lines: Vec<(i64, i64)> = [(0, shirts.min(left[0])), (1, trousers.min(left[1]))]
                .into_iter().filter(|(_, q)| *q > 0).collect();
            if lines.is_empty() {
                continue;
            }
            let outcome = [Outcome::Refund, Outcome::Credit, Outcome::Exchange][outcome];
            let r = open(&t.store, &request(&t.store, order, &lines, outcome), ACTOR, now, date("2026-03-06")).unwrap();
            for step in [ReturnStatus::Approved, ReturnStatus::Received, outcome.settles_as()] {
                transition(&t.store, r.id, step, "", ACTOR, now).unwrap();
            }
            for (position, q) in &lines {
                left[*position as usize] -= q;
                if outcome != Outcome::Exchange {
                    returned_value += q * [3000, 4500][*position as usize];
                }
            }
            let b = loyalty::balance(&t.store, customer, now).unwrap();
            prop_assert!(b.total >= 0 && b.available >= 0, "{:?}", b);
        }
        let (reversed, shortfall): (i64, i64) = t.store.read(|c| Ok(c.query_row(
            "SELECT coalesce(-sum(points), 0), coalesce(sum(shortfall), 0) FROM points_ledger WHERE kind = 'reverse'",
            [], |r| Ok((r.get(0)?, r.get(1)?)))?)).unwrap();
        prop_assert_eq!(reversed + shortfall, 105 * returned_value / 10_500, "the returned share of 105 points");
        prop_assert_eq!(loyalty::balance(&t.store, customer, now).unwrap().total, 105 - spent - reversed);
    }
}
