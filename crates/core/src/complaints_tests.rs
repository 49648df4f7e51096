use super::*;
use crate::customers::{self, CustomerInput};
use crate::orders;
use crate::testkit::{self, TestStore};

const T0: i64 = 1_790_000_000_000;
const H: i64 = HOUR_MS;

fn customer(store: &Store, name: &str) -> i64 {
    customers::create(store, &CustomerInput { phone: Some("612 34 56 78".into()), ..testkit::customer_input(name) })
        .unwrap()
        .id
}

fn category(store: &Store, key: &str) -> i64 {
    get_settings(store).unwrap().categories.into_iter().find(|c| c.key.as_deref() == Some(key)).unwrap().id
}

fn input(store: &Store, customer_id: i64, severity: Severity) -> ComplaintInput {
    ComplaintInput {
        customer_id,
        order_id: None,
        category_id: category(store, "damaged"),
        severity,
        channel: Channel::Phone,
        reply_channel: ContactChannel::Phone,
        description: "La taza llegó rota.\nLa caja venía abierta.".into(),
    }
}

fn count(store: &Store, table: &str) -> i64 {
    store.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)).unwrap()
}

#[test]
fn a_phone_complaint_is_saved_with_a_due_date_from_its_severity() {
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana Pérez");
    let mut order = testkit::order_input(ana);
    order.number = Some("1001".into());
    let order = orders::create(&t.store, &order).unwrap();
    let complaint =
        open(&t.store, &ComplaintInput { order_id: Some(order.id), ..input(&t.store, ana, Severity::High) }, "eva", T0)
            .unwrap();
    let s = &complaint.summary;
    assert_eq!(s.status, ComplaintStatus::Open);
    assert_eq!(s.due_at, Some(T0 + 24 * H), "high severity: 24 hours by default");
    assert_eq!(s.order_number.as_deref(), Some("1001"));
    assert_eq!(s.customer_phone.as_deref(), Some("+34612345678"));
    assert_eq!(s.headline, "La taza llegó rota.", "the list shows the first line");
    assert_eq!(complaint.description, "La taza llegó rota.\nLa caja venía abierta.");
    assert_eq!(complaint.events.len(), 1);
    assert_eq!((complaint.events[0].kind, complaint.events[0].actor.as_str()), (EventKind::Opened, "eva"));
    assert_eq!(complaint.next, vec![ComplaintStatus::InProgress, ComplaintStatus::Waiting, ComplaintStatus::Resolved]);

    let urgent = open(&t.store, &input(&t.store, ana, Severity::Urgent), "eva", T0).unwrap();
    assert_eq!(urgent.summary.due_at, Some(T0 + 4 * H));
    assert_eq!(of_customer(&t.store, ana, T0).unwrap().len(), 2, "both are on the customer's page");
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana");
    let luis = customer(&t.store, "Luis");
    let luis_order = orders::create(&t.store, &testkit::order_input(luis)).unwrap();
    let cases = [
        (ComplaintInput { description: "  ".into(), ..input(&t.store, ana, Severity::Low) }, "description"),
        (ComplaintInput { description: "a\u{0}b".into(), ..input(&t.store, ana, Severity::Low) }, "description"),
        (
            ComplaintInput { description: "x".repeat(DESCRIPTION_MAX + 1), ..input(&t.store, ana, Severity::Low) },
            "description",
        ),
        (input(&t.store, 999, Severity::Low), "customer_id"),
        (ComplaintInput { order_id: Some(luis_order.id), ..input(&t.store, ana, Severity::Low) }, "order_id"),
        (ComplaintInput { category_id: 999, ..input(&t.store, ana, Severity::Low) }, "category_id"),
    ];
    for (bad, field) in cases {
        let err = open(&t.store, &bad, "eva", T0).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.payload().fields.iter().any(|f| f.field == field), "{field}: {:?}", err.payload());
    }
    assert_eq!(count(&t.store, "complaints"), 0);
    assert_eq!(count(&t.store, "complaint_events"), 0);
}

#[test]
fn waiting_for_the_customer_pauses_the_due_date() {
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana");
    let id = open(&t.store, &input(&t.store, ana, Severity::Normal), "eva", T0).unwrap().summary.id;
    let due = T0 + 48 * H;
    transition(&t.store, id, ComplaintStatus::Waiting, "Le pedimos una foto", "eva", T0 + 10 * H).unwrap();
    let waiting = get(&t.store, id, due + H).unwrap();
    assert!(!waiting.summary.overdue, "a paused complaint is never overdue");
    let resumed = transition(&t.store, id, ComplaintStatus::InProgress, "", "eva", T0 + 30 * H).unwrap();
    assert_eq!(resumed.summary.due_at, Some(due + 20 * H), "the 20 hours spent waiting are added");
    assert!(!get(&t.store, id, due + 19 * H).unwrap().summary.overdue);
    assert!(get(&t.store, id, due + 21 * H).unwrap().summary.overdue);
    assert_eq!(counts(&t.store, due + 21 * H).unwrap(), ComplaintCounts { active: 1, overdue: 1 });
}

#[test]
fn the_status_flow_is_enforced_and_resolving_says_how() {
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana");
    let id = open(&t.store, &input(&t.store, ana, Severity::Normal), "eva", T0).unwrap().summary.id;
    let err = transition(&t.store, id, ComplaintStatus::Closed, "", "eva", T0 + 1).unwrap_err();
    assert_eq!(err.payload().fields[0].code, "transition_invalid", "an open complaint is resolved before it closes");
    let err = transition(&t.store, id, ComplaintStatus::Resolved, " ", "eva", T0 + 1).unwrap_err();
    assert_eq!((err.payload().fields[0].field.as_str(), err.payload().fields[0].code.as_str()), ("note", "required"));
    assert_eq!(get(&t.store, id, T0).unwrap().summary.status, ComplaintStatus::Open, "nothing moved");

    transition(&t.store, id, ComplaintStatus::Resolved, "Enviamos otra taza", "eva", T0 + 2).unwrap();
    transition(&t.store, id, ComplaintStatus::Closed, "", "eva", T0 + 3).unwrap();
    let reopened = transition(&t.store, id, ComplaintStatus::Open, "Volvió a llamar", "luis", T0 + 4).unwrap();
    assert_eq!(reopened.summary.status, ComplaintStatus::Open);
    let statuses: Vec<_> = reopened.events.iter().filter_map(|e| e.status).collect();
    assert_eq!(
        statuses,
        vec![ComplaintStatus::Open, ComplaintStatus::Closed, ComplaintStatus::Resolved],
        "the timeline is newest first"
    );
    assert_eq!(reopened.events[0].note, "Volvió a llamar");
    assert_eq!(reopened.events[0].actor, "luis");
}

#[test]
fn notes_and_calls_are_appended_and_the_timeline_cannot_be_rewritten() {
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana");
    let id = open(&t.store, &input(&t.store, ana, Severity::Normal), "eva", T0).unwrap().summary.id;
    add_note(&t.store, id, "Pedido revisado", "eva", T0 + 1).unwrap();
    let c = log_call(&t.store, id, 185, "Le llamé, acepta reposición", "eva", T0 + 2).unwrap();
    assert_eq!(c.events[0].kind, EventKind::Call);
    assert_eq!(c.events[0].duration_s, Some(185));
    assert_eq!(c.events[1].note, "Pedido revisado");
    assert!(add_note(&t.store, id, "", "eva", T0 + 3).is_err(), "an empty note is refused");
    assert!(log_call(&t.store, id, 25 * 3600, "", "eva", T0 + 3).is_err(), "a 25-hour call is a typo");
    assert!(matches!(add_note(&t.store, 999, "x", "eva", T0), Err(Error::NotFound { .. })));
    let tampered = t.store.write(|tx| Ok(tx.execute("UPDATE complaint_events SET note = 'x'", [])?));
    assert!(tampered.is_err(), "events are append-only");
    let deleted = t.store.write(|tx| Ok(tx.execute("DELETE FROM complaint_events", [])?));
    assert!(deleted.is_err(), "events are append-only");
    assert_eq!(get(&t.store, id, T0).unwrap().events.len(), 3);
}

#[test]
fn points_compensation_goes_through_the_ledger_in_the_same_write() {
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana");
    let id = open(&t.store, &input(&t.store, ana, Severity::Normal), "eva", T0).unwrap().summary.id;
    let before = loyalty::balance(&t.store, ana, T0).unwrap();
    let points =
        CompensationInput { kind: Compensation::Points, points: Some(200), amount: None, note: "Disculpas".into() };
    let c = compensate(&t.store, id, &points, "eva", T0 + 1).unwrap();
    let after = loyalty::balance(&t.store, ana, T0 + 2).unwrap();
    assert_eq!(after.available - before.available, 200);
    assert_eq!((c.events[0].compensation, c.events[0].points), (Some(Compensation::Points), Some(200)));

    let credit = CompensationInput {
        kind: Compensation::StoreCredit,
        points: None,
        amount: Some("10,50".into()),
        note: String::new(),
    };
    let c = compensate(&t.store, id, &credit, "eva", T0 + 2).unwrap();
    assert_eq!((c.events[0].amount_minor, c.events[0].currency.as_deref()), (Some(1050), Some("EUR")));

    let events = count(&t.store, "complaint_events");
    let ledger = count(&t.store, "points_ledger");
    for bad in [
        CompensationInput { kind: Compensation::Points, points: Some(0), amount: None, note: String::new() },
        CompensationInput {
            kind: Compensation::Refund,
            points: None,
            amount: Some("diez".into()),
            note: String::new(),
        },
        CompensationInput { kind: Compensation::Refund, points: None, amount: None, note: String::new() },
        CompensationInput { kind: Compensation::Gesture, points: None, amount: None, note: " ".into() },
    ] {
        assert!(compensate(&t.store, id, &bad, "eva", T0 + 3).is_err(), "{bad:?}");
    }
    assert_eq!(count(&t.store, "complaint_events"), events, "a refused compensation records nothing");
    assert_eq!(count(&t.store, "points_ledger"), ledger);
}

#[test]
fn overdue_complaints_come_first_and_filters_split_the_list() {
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana");
    let low = open(&t.store, &input(&t.store, ana, Severity::Low), "eva", T0).unwrap().summary.id;
    let urgent = open(&t.store, &input(&t.store, ana, Severity::Urgent), "eva", T0).unwrap().summary.id;
    let normal = open(&t.store, &input(&t.store, ana, Severity::Normal), "eva", T0).unwrap().summary.id;
    let done = open(&t.store, &input(&t.store, ana, Severity::Urgent), "eva", T0).unwrap().summary.id;
    transition(&t.store, done, ComplaintStatus::Resolved, "Hecho", "eva", T0 + 1).unwrap();
    let now = T0 + 5 * H; // only the urgent one (4 h) is late
    let ids = |f| list(&t.store, f, now, 50, 0).unwrap().into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(ids(ComplaintFilter::Active), vec![urgent, normal, low], "overdue first, then by due date");
    assert_eq!(ids(ComplaintFilter::Overdue), vec![urgent]);
    assert_eq!(ids(ComplaintFilter::Resolved), vec![done]);
    assert_eq!(ids(ComplaintFilter::All).len(), 4);
    assert!(list(&t.store, ComplaintFilter::Active, now, 50, 0).unwrap()[0].overdue);
}

#[test]
fn service_levels_and_categories_are_the_shops_own() {
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana");
    let settings = get_settings(&t.store).unwrap();
    assert_eq!(settings.categories.len(), 7);
    let damaged = category(&t.store, "damaged");
    let base = input(&t.store, ana, Severity::Normal);
    let in_use = open(&t.store, &base, "eva", T0).unwrap().summary.id;

    // Rename one built-in, drop "damaged" (in use), add one of our own.
    let mut categories: Vec<CategoryInput> = settings
        .categories
        .iter()
        .filter(|c| c.id != damaged)
        .map(|c| CategoryInput {
            id: Some(c.id),
            label: if c.key.as_deref() == Some("billing") { "Facturas".into() } else { String::new() },
        })
        .collect();
    categories.push(CategoryInput { id: None, label: "Talla equivocada".into() });
    let input_settings = ComplaintSettingsInput {
        sla_low_hours: 72,
        sla_normal_hours: 24,
        sla_high_hours: 8,
        sla_urgent_hours: 2,
        categories,
    };
    let saved = save_settings(&t.store, &input_settings).unwrap();
    assert_eq!(saved.sla_normal_hours, 24);
    assert!(saved.categories.iter().all(|c| c.id != damaged), "the dropped category is no longer offered");
    assert_eq!(saved.categories.last().unwrap().label, "Talla equivocada");
    assert!(saved.categories.iter().any(|c| c.key.as_deref() == Some("billing") && c.label == "Facturas"));
    let kept = get(&t.store, in_use, T0).unwrap();
    assert_eq!(kept.summary.category.key.as_deref(), Some("damaged"), "old complaints keep their category");

    let next =
        open(&t.store, &ComplaintInput { category_id: saved.categories[0].id, ..base.clone() }, "eva", T0).unwrap();
    assert_eq!(next.summary.due_at, Some(T0 + 24 * H), "the new service level applies to new complaints");
    let err = open(&t.store, &base, "eva", T0);
    assert!(err.is_err(), "an archived category takes no new complaints");

    let bad = ComplaintSettingsInput { sla_urgent_hours: 0, categories: vec![], ..input_settings };
    let fields: Vec<String> =
        save_settings(&t.store, &bad).unwrap_err().payload().fields.into_iter().map(|f| f.field).collect();
    assert_eq!(fields, vec!["sla_urgent_hours", "categories"]);
    assert_eq!(get_settings(&t.store).unwrap().sla_urgent_hours, 2, "nothing half-saved");
}

#[test]
fn an_unhappy_survey_answer_arrives_as_a_complaint_tagged_as_such() {
    use crate::surveys::{self, PhoneAnswer, SurveyKind};
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana");
    let answer = |score: i64, comment: &str| PhoneAnswer {
        customer_id: ana,
        kind: SurveyKind::Nps,
        score,
        comment: comment.into(),
        order_id: None,
    };
    surveys::record_phone_answer(&t.store, &answer(9, "Todo bien")).unwrap();
    assert_eq!(count(&t.store, "complaints"), 0, "a promoter opens nothing");
    surveys::record_phone_answer(&t.store, &answer(2, "Tardó tres semanas")).unwrap();

    let all = list(&t.store, ComplaintFilter::Active, T0, 10, 0).unwrap();
    assert_eq!(all.len(), 1);
    let case = &all[0];
    assert_eq!(case.source, Source::Survey);
    assert_eq!((case.survey_kind, case.survey_score), (Some(SurveyKind::Nps), Some(2)));
    assert_eq!(case.headline, "Tardó tres semanas");
    assert_eq!(case.due_at, None, "service levels apply to complaints the staff take");
    assert_eq!(case.channel, Channel::Phone);

    // Resolving it closes the follow-up case on the surveys page, and back.
    transition(&t.store, case.id, ComplaintStatus::Resolved, "Le llamamos y se le regaló el envío", "eva", T0).unwrap();
    let follow_up = &surveys::follow_ups(&t.store, Some(ana)).unwrap()[0];
    assert!(!follow_up.open);
    assert_eq!(follow_up.note, "Le llamamos y se le regaló el envío");
    transition(&t.store, case.id, ComplaintStatus::Open, "", "eva", T0 + 1).unwrap();
    assert!(surveys::follow_ups(&t.store, Some(ana)).unwrap()[0].open, "reopened together");
    surveys::close_follow_up(&t.store, follow_up.id, "Resuelto desde encuestas").unwrap();
    let closed = get(&t.store, case.id, T0).unwrap();
    assert_eq!(closed.summary.status, ComplaintStatus::Closed);
    assert_eq!(closed.events[0].note, "Resuelto desde encuestas");
}

#[test]
fn a_reply_by_email_goes_through_the_outbox_and_onto_the_timeline() {
    let t = TestStore::new();
    let ana = customers::create(
        &t.store,
        &CustomerInput { email: Some("ana@example.com".into()), ..testkit::customer_input("Ana Pérez") },
    )
    .unwrap()
    .id;
    let id = open(&t.store, &input(&t.store, ana, Severity::Normal), "eva", T0).unwrap().summary.id;
    let c = reply_by_email(&t.store, id, "Le enviamos otra taza hoy.\nPerdone las molestias.", "eva", T0 + 1).unwrap();
    assert_eq!(
        (c.events[0].kind, c.events[0].note.as_str()),
        (EventKind::Email, "Le enviamos otra taza hoy.\nPerdone las molestias.")
    );
    let (to, kind, state, vars): (String, String, String, String) = t
        .store
        .read(|c| {
            Ok(c.query_row("SELECT to_address, kind, state, vars FROM outbox", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?)
        })
        .unwrap();
    assert_eq!((to.as_str(), kind.as_str(), state.as_str()), ("ana@example.com", "notice", "queued"));
    let vars: serde_json::Value = serde_json::from_str(&vars).unwrap();
    assert_eq!(vars["notice"], "complaint_reply");
    assert_eq!(vars["complaint_number"], id.to_string());
    assert_eq!(vars["reply"], "Le enviamos otra taza hoy.\nPerdone las molestias.");

    let luis = customer(&t.store, "Luis");
    let no_email = open(&t.store, &input(&t.store, luis, Severity::Normal), "eva", T0).unwrap().summary.id;
    let err = reply_by_email(&t.store, no_email, "Hola", "eva", T0).unwrap_err();
    assert_eq!(err.payload().fields[0].code, "no_email");
    assert!(reply_by_email(&t.store, id, "  ", "eva", T0).is_err(), "an empty reply is refused");
    assert_eq!(count(&t.store, "outbox"), 1, "nothing else was queued");
}

#[test]
fn follow_up_cases_waiting_before_the_upgrade_become_complaints() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(crate::store::DB_FILE);
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        crate::store::migrations_to(&mut conn, 8);
        conn.execute_batch(
            "INSERT INTO customers (id, name, preferred_channel, search_key, created_at, updated_at)
                 VALUES (1, 'Ana', 'whatsapp', 'ana', 0, 0);
             INSERT INTO survey_responses (id, customer_id, kind, score, comment, channel, answered_at, created_at)
                 VALUES (1, 1, 'nps', 2, 'Muy lento', 'email', 10, 10), (2, 1, 'csat', 1, '', 'phone', 20, 20);
             INSERT INTO follow_ups (customer_id, response_id, reason, status, note, created_at, closed_at)
                 VALUES (1, 1, 'detractor', 'open', '', 11, NULL), (1, 2, 'low_csat', 'closed', 'Llamado', 21, 30);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let cases = of_customer(&store, 1, 0).unwrap();
    assert_eq!(cases.len(), 2);
    let (closed, open) = (&cases[0], &cases[1]);
    assert_eq!(
        (open.status, open.source, open.headline.as_str()),
        (ComplaintStatus::Open, Source::Survey, "Muy lento")
    );
    assert_eq!((open.channel, open.survey_score), (Channel::Email, Some(2)));
    assert_eq!(closed.status, ComplaintStatus::Closed);
    let detail = get(&store, closed.id, 0).unwrap();
    assert_eq!(detail.reply_channel, ContactChannel::Whatsapp);
    assert_eq!(detail.events[0].note, "Llamado");
    assert_eq!(detail.events.len(), 2, "opened, then closed");
}

#[test]
fn store_credit_becomes_one_single_use_coupon_for_the_customer_with_its_code_on_the_timeline() {
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana");
    let luis = customer(&t.store, "Luis");
    let id = open(&t.store, &input(&t.store, ana, Severity::Normal), "eva", T0).unwrap().summary.id;
    let credit = CompensationInput {
        kind: Compensation::StoreCredit,
        points: None,
        amount: Some("10,50".into()),
        note: "Perdón por la taza".into(),
    };
    let c = compensate(&t.store, id, &credit, "eva", T0 + 1).unwrap();
    let event = &c.events[0];
    let code = event.coupon_code.clone().expect("the owner reads the code from the compensation event");
    assert!(code.starts_with("DISCULPA-"), "{code}");
    assert_eq!(event.note, "Perdón por la taza", "the code is shown apart from what the owner wrote");
    assert_eq!(get(&t.store, id, T0 + 2).unwrap().events[0].coupon_code.as_deref(), Some(code.as_str()));

    let issued = coupons::of_customer(&t.store, ana).unwrap();
    assert_eq!(issued.len(), 1, "exactly one coupon per store-credit compensation");
    let coupon = &issued[0];
    assert_eq!(coupon.code, code);
    assert_eq!((coupon.kind, coupon.value, coupon.currency.as_str()), (coupons::CouponKind::Fixed, 1050, "EUR"));
    assert_eq!((coupon.customer_id, coupon.max_uses, coupon.expires_on.as_deref()), (Some(ana), Some(1), None));
    assert_eq!(coupon.source, CouponSource::Complaint);
    assert_eq!(coupon.note, format!("Reclamación #{id}"), "the coupon says which complaint it makes up for");

    // Another customer cannot use it; Ana can, once.
    let with_coupon = |customer_id: i64| orders::OrderInput {
        coupon: Some(code.to_lowercase()),
        lines: vec![testkit::line("Taza", "1", "30")],
        ..testkit::order_input(customer_id)
    };
    assert!(orders::create(&t.store, &with_coupon(luis)).is_err(), "the coupon was issued to Ana only");
    let order = orders::create(&t.store, &with_coupon(ana)).unwrap();
    assert_eq!((order.discount_minor, order.total_minor), (1050, 1950));
    let again = orders::create(&t.store, &with_coupon(ana)).expect_err("a single-use coupon is used once");
    assert_eq!(again.payload().fields[0].code, "coupon_used_up");

    // Other kinds issue nothing, and a refused store credit writes nothing.
    let refund = CompensationInput { kind: Compensation::Refund, ..credit.clone() };
    let c = compensate(&t.store, id, &refund, "eva", T0 + 3).unwrap();
    assert_eq!((c.events[0].coupon_code.as_deref(), c.events[0].note.as_str()), (None, "Perdón por la taza"));
    let (events, issued) = (count(&t.store, "complaint_events"), count(&t.store, "coupons"));
    for amount in [None, Some("0"), Some("diez"), Some("-5")] {
        let bad = CompensationInput { amount: amount.map(Into::into), ..credit.clone() };
        assert!(compensate(&t.store, id, &bad, "eva", T0 + 4).is_err(), "{amount:?}");
    }
    assert!(compensate(&t.store, UNKNOWN_COMPLAINT, &credit, "eva", T0 + 4).is_err());
    assert_eq!(count(&t.store, "complaint_events"), events, "a refused compensation records nothing");
    assert_eq!(count(&t.store, "coupons"), issued, "nor issues a coupon");

    // Erasing Ana blanks the timeline's text (the code with it) and the coupon's note.
    crate::privacy::erase_customer(&t.store, ana, T0 + 5).unwrap();
    let c = get(&t.store, id, T0 + 6).unwrap();
    assert!(c.events.iter().all(|e| e.note.is_empty() && e.coupon_code.is_none()));
    assert_eq!(count(&t.store, "coupons"), issued, "the coupon row stays for the shop's figures");
}

const UNKNOWN_COMPLAINT: i64 = 999_999;
