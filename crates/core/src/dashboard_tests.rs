use super::*;
use crate::complaints::{self, Channel, ComplaintInput, ComplaintStatus, Severity};
use crate::customers::{self, ContactChannel};
use crate::orders::{self, OrderStatus};
use crate::returns::{self, Outcome, ReturnInput, ReturnLineInput};
use crate::surveys::PhoneAnswer;
use crate::testkit::{self, TestStore};
use crate::{loyalty, store};

const H: i64 = 3_600_000;

/// Noon UTC of a day: the same local day in any time zone within ±11 h.
fn noon(day: &str) -> i64 {
    let date = parse_day("day", day).unwrap();
    (date.with_hms(12, 0, 0).unwrap().assume_utc().unix_timestamp() * 1000) as i64
}

fn order(store: &Store, customer: i64, day: &str, status: OrderStatus) -> i64 {
    let mut input = testkit::order_input(customer);
    input.placed_on = day.into();
    input.status = status;
    if status == OrderStatus::Delivered {
        input.delivered_on = Some(day.into());
    }
    orders::create(store, &input).unwrap().id
}

fn complaint(store: &Store, customer: i64, severity: Severity, at: i64) -> i64 {
    let category = complaints::get_settings(store).unwrap().categories[0].id;
    let input = ComplaintInput {
        customer_id: customer,
        order_id: None,
        category_id: category,
        severity,
        channel: Channel::Phone,
        reply_channel: ContactChannel::Phone,
        description: "No llegó".into(),
    };
    complaints::open(store, &input, "eva", at).unwrap().summary.id
}

#[test]
fn a_years_figures_month_by_month() {
    let t = TestStore::new();
    let s = &t.store;
    let ana = customers::create(s, &testkit::customer_input("Ana")).unwrap().id;
    let bea = customers::create(s, &testkit::customer_input("Bea")).unwrap().id;
    let old = customers::create(s, &testkit::customer_input("Carlos")).unwrap().id;
    order(s, ana, "2026-01-10", OrderStatus::Placed);
    let returned = order(s, ana, "2026-03-05", OrderStatus::Delivered);
    order(s, bea, "2026-03-20", OrderStatus::Placed);
    order(s, bea, "2026-02-11", OrderStatus::Cancelled);
    order(s, old, "2025-12-30", OrderStatus::Placed);

    let reason: i64 = s
        .read(|c| Ok(c.query_row("SELECT id FROM return_reasons WHERE code = 'wrong_size'", [], |r| r.get(0))?))
        .unwrap();
    let input = ReturnInput {
        order_id: returned,
        lines: vec![ReturnLineInput { position: 0, quantity: 1 }],
        reason_id: reason,
        outcome: Outcome::Refund,
        note: String::new(),
        override_reason: Some("prueba".into()),
    };
    returns::open(s, &input, "eva", noon("2026-03-25"), parse_day("d", "2026-03-25").unwrap()).unwrap();

    let opened = noon("2026-03-10");
    let fast = complaint(s, ana, Severity::Normal, opened);
    let slow = complaint(s, bea, Severity::Normal, opened);
    complaint(s, bea, Severity::Urgent, opened);
    complaints::transition(s, fast, ComplaintStatus::Resolved, "Hecho", "eva", opened + 10 * H).unwrap();
    complaints::transition(s, slow, ComplaintStatus::Resolved, "Hecho", "eva", opened + 30 * H).unwrap();

    loyalty::adjust(s, ana, 100, "Bienvenida", noon("2026-04-15")).unwrap();
    for score in [10, 0] {
        let answer =
            PhoneAnswer { customer_id: ana, kind: SurveyKind::Nps, score, comment: String::new(), order_id: None };
        surveys::record_phone_answer(s, &answer).unwrap();
    }

    let today = store::today();
    let to = today.to_string();
    let from = format!("{}-01-01", today.year());
    let d = overview(s, &from, &to, noon("2026-03-12")).unwrap();
    assert_eq!(d.months.len(), usize::from(u8::from(today.month())), "one entry a month, empty months included");
    let month = |m: &str| d.months.iter().find(|f| f.month == format!("{}-{m}", today.year())).unwrap();
    if today.year() == 2026 {
        assert_eq!(
            (month("01").orders, month("02").orders, month("03").orders),
            (1, 0, 2),
            "cancelled orders do not count"
        );
        assert_eq!((d.orders, d.customers, d.repeat_customers), (3, 2, 1));
        assert_eq!(d.repeat_rate, Some(50.0));
        assert_eq!(d.orders_per_customer, Some(1.5));
        assert_eq!(d.orders_returned, 1);
        assert_eq!(month("03").returns, 1);
        assert_eq!(d.top_reasons[0].reason.code.as_deref(), Some("wrong_size"));
        assert!((d.returns_rate.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        // The detractor's answer today opened a fourth, from the survey.
        assert_eq!((d.complaints_opened, d.complaints_resolved), (4, 2));
        assert_eq!(month("03").complaints_opened, 3);
        assert_eq!(d.median_resolution_hours, Some(20.0), "median of 10 h and 30 h");
        assert_eq!(d.complaints_overdue, 1, "the urgent one, 4 h late at the time asked");
        // The delivered order earned its points when it was entered (today).
        let earned: i64 = s
            .read(|c| Ok(c.query_row("SELECT sum(points) FROM points_ledger WHERE kind = 'earn'", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(earned, 19, "one point per euro of 19,90");
        assert_eq!((month("04").points_issued, d.points_issued), (100, 100 + earned));
    }
    assert_eq!(d.nps.answers, 2);
    assert_eq!(d.nps.value, Some(0.0), "one promoter, one detractor");
    assert_eq!(d.months.last().unwrap().answers, 2, "answered this month");
    assert_eq!(d.csat, SurveyFigure { value: None, answers: 0 });
    assert_eq!(d.response_rate, None, "no survey emails sent");
}

#[test]
fn a_period_must_be_real_days_in_order() {
    let t = TestStore::new();
    let err = overview(&t.store, "2026-13-01", "2026-12-31", 0).unwrap_err();
    assert_eq!(err.payload().fields[0].field, "from");
    let err = overview(&t.store, "2026-12-01", "2026-01-31", 0).unwrap_err();
    assert_eq!(err.payload().fields[0].code, "period_invalid");
    let err = overview(&t.store, "1990-01-01", "2026-01-31", 0).unwrap_err();
    assert_eq!(err.payload().fields[0].code, "period_invalid", "at most ten years of bars");
    let empty = overview(&t.store, "2026-01-01", "2026-12-31", 0).unwrap();
    assert_eq!(empty.months.len(), 12);
    assert_eq!((empty.orders, empty.repeat_rate, empty.returns_rate), (0, None, None), "nothing to divide by");
}
