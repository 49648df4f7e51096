//! Automations against a real store: what each rule queues, on which day,
//! never twice; the guard rails; the shop's calendar across DST changes.

use jiff::civil::date;
use jiff::tz::TimeZone;
use rusqlite::params;

use crate::automations::*;
use crate::customers::{self, CustomerInput};
use crate::orders::{self, OrderStatus};
use crate::settings::Language;
use crate::store::{Store, now_ms};
use crate::surveys::{LinkRequest, SurveyKind};
use crate::testkit::{TestStore, order_input};

const DAY: i64 = 86_400_000;

fn madrid() -> AutomationSettings {
    AutomationSettings {
        time_zone: "Europe/Madrid".into(),
        quiet_from: 21 * 60,
        quiet_to: 9 * 60,
        marketing_cap_days: 7,
        catch_up_days: 7,
    }
}

/// Noon in Madrid on the shop's day `offset` days from today: never quiet.
fn noon(offset: i64) -> i64 {
    let zone = TimeZone::get("Europe/Madrid").unwrap();
    let today = local_date(now_ms(), &zone);
    let day = today.checked_add(jiff::Span::new().days(offset)).unwrap();
    day.at(12, 0, 0, 0).to_zoned(zone).unwrap().timestamp().as_millisecond()
}

fn links(request: &LinkRequest<'_>) -> Vec<String> {
    request.kind.scores().map(|s| format!("https://encuestas.example/s/{}/{s}", request.reference)).collect()
}

fn run_at(store: &Store, now: i64) -> RunReport {
    run(store, now, &links).unwrap()
}

fn shop(t: &TestStore) {
    save_settings(&t.store, &madrid()).unwrap();
}

fn customer(store: &Store, name: &str, email: &str) -> i64 {
    customers::create(
        store,
        &CustomerInput {
            name: name.into(),
            email: Some(email.into()),
            language: Some(Language::Es),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn switch_on(store: &Store, key: RuleKey, delay_days: u32, at: i64) -> AutomationRule {
    let rule = rule_by_key(store, key).unwrap();
    let input = RuleInput {
        delay_days,
        condition: rule.condition.clone(),
        coupon_percent: rule.coupon_percent,
        coupon_days: rule.coupon_days,
        ..Default::default()
    };
    save_rule(store, rule.id, &input, at).unwrap();
    set_enabled(store, rule.id, true, at).unwrap()
}

/// The automatic messages in the outbox, as (rule, to, vars).
fn queued(store: &Store) -> Vec<(String, String, serde_json::Value)> {
    store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT x.vars, x.to_address FROM automation_sends s JOIN outbox x ON x.id = s.outbox_id ORDER BY s.id",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            Ok(rows
                .map(|r| {
                    let (vars, to) = r.unwrap();
                    let vars: serde_json::Value = serde_json::from_str(&vars).unwrap();
                    let rule = vars["rule"].as_str().unwrap_or("survey").to_owned();
                    (rule, to, vars)
                })
                .collect())
        })
        .unwrap()
}

fn rules_sent(store: &Store) -> Vec<String> {
    queued(store).into_iter().map(|(rule, _, _)| rule).collect()
}

/// Order steps are stamped with the real time they happen, so these runs
/// start now, with no quiet hours to wait for.
fn awake(store: &Store) {
    save_settings(store, &AutomationSettings { quiet_from: 0, quiet_to: 0, ..madrid() }).unwrap();
}

#[test]
fn an_order_placed_shipped_and_delivered_gets_exactly_three_notifications() {
    let t = TestStore::new();
    awake(&t.store);
    let start = now_ms();
    for key in [RuleKey::OrderPlaced, RuleKey::OrderShipped, RuleKey::OrderDelivered] {
        switch_on(&t.store, key, 0, start - 60_000);
    }
    let ana = customer(&t.store, "Ana Núñez", "ana@example.es");
    let today = local_date(now_ms(), &TimeZone::get("Europe/Madrid").unwrap()).to_string();
    let order = orders::create(
        &t.store,
        &orders::OrderInput {
            placed_on: today.clone(),
            carrier: Some("seur".into()),
            tracking_code: Some("ES 123/45".into()),
            ..order_input(ana)
        },
    )
    .unwrap();
    assert_eq!(run_at(&t.store, start).queued, 1, "the thank-you");
    orders::set_status(&t.store, order.id, OrderStatus::Shipped, None).unwrap();
    assert_eq!(run_at(&t.store, start + 60_000).queued, 1, "shipped");
    assert_eq!(run_at(&t.store, start + 120_000).queued, 0, "nothing twice");
    orders::set_status(&t.store, order.id, OrderStatus::Delivered, Some(today)).unwrap();
    // Moved back and forth by a bulk change: still once per step.
    orders::set_status(&t.store, order.id, OrderStatus::Shipped, None).unwrap();
    orders::set_status(&t.store, order.id, OrderStatus::Delivered, None).unwrap();
    assert_eq!(run_at(&t.store, start + 180_000).queued, 1, "delivered");
    assert_eq!(run_at(&t.store, start + 240_000).queued, 0);

    let sent = queued(&t.store);
    assert_eq!(
        sent.iter().map(|(r, to, _)| (r.as_str(), to.as_str())).collect::<Vec<_>>(),
        [
            ("order_placed", "ana@example.es"),
            ("order_shipped", "ana@example.es"),
            ("order_delivered", "ana@example.es")
        ]
    );
    let shipped = &sent[1].2;
    assert_eq!(
        shipped["tracking_url"], "https://www.seur.com/livetracking/?segOnlineIdentificador=ES%20123%2F45",
        "the carrier's pattern with the code escaped for a URL"
    );
    assert_eq!(shipped["order_number"], order.number);
    assert_eq!(shipped["language"], "es");
}

#[test]
fn an_imported_history_announces_nothing_and_a_rule_switched_off_sends_nothing() {
    let t = TestStore::new();
    shop(&t);
    let ana = customer(&t.store, "Ana", "ana@example.es");
    // Old orders, as a first import brings them.
    orders::create(&t.store, &orders::OrderInput { placed_on: "2023-05-01".into(), ..order_input(ana) }).unwrap();
    let steps: i64 = t.store.read(|c| Ok(c.query_row("SELECT count(*) FROM order_steps", [], |r| r.get(0))?)).unwrap();
    assert_eq!(steps, 0, "history is not news");
    // A new order while the rule is off, then the rule switched on: only
    // what happens from then on counts.
    let today = local_date(now_ms(), &TimeZone::get("Europe/Madrid").unwrap()).to_string();
    orders::create(&t.store, &orders::OrderInput { placed_on: today.clone(), ..order_input(ana) }).unwrap();
    assert_eq!(run_at(&t.store, noon(0)).queued, 0, "every rule starts off");
    switch_on(&t.store, RuleKey::OrderPlaced, 0, now_ms() + 1000);
    assert_eq!(run_at(&t.store, noon(0)).queued, 0, "an order from before the switch is not announced");
}

#[test]
fn the_clock_moved_forward_sends_tips_and_the_survey_on_their_day_and_never_twice() {
    let t = TestStore::new();
    shop(&t);
    let zone = TimeZone::get("Europe/Madrid").unwrap();
    let ana = customer(&t.store, "Ana", "ana@example.es");
    let delivered = local_date(noon(0), &zone);
    let mut input = order_input(ana);
    input.status = OrderStatus::Delivered;
    input.placed_on = delivered.to_string();
    input.delivered_on = Some(delivered.to_string());
    input.lines = vec![crate::testkit::line("Botas de piel", "1", "59,90")];
    orders::create(&t.store, &input).unwrap();
    // Someone else's order has nothing the care guide is about.
    let luis = customer(&t.store, "Luis", "luis@example.es");
    let cap =
        orders::OrderInput { customer_id: luis, lines: vec![crate::testkit::line("Gorra", "1", "9")], ..input.clone() };
    orders::create(&t.store, &cap).unwrap();

    let tips = rule_by_key(&t.store, RuleKey::CareTips).unwrap();
    save_rule(
        &t.store,
        tips.id,
        &RuleInput { delay_days: 3, condition: "piel".into(), coupon_days: 30, ..Default::default() },
        noon(0),
    )
    .unwrap();
    set_enabled(&t.store, tips.id, true, noon(0)).unwrap();
    switch_on(&t.store, RuleKey::Survey, 5, noon(0));

    let mut by_day = Vec::new();
    for day in 0..=8 {
        let before = queued(&t.store).len();
        run_at(&t.store, noon(day));
        run_at(&t.store, noon(day) + 3_600_000); // an hour later: nothing new
        by_day.push((day, rules_sent(&t.store)[before..].to_vec()));
    }
    let on = |d: i64| by_day[d as usize].1.clone();
    assert_eq!(on(3), ["care_tips"], "tips three days after delivery");
    assert_eq!(on(5), ["survey", "survey"], "the survey on day five, to both");
    for day in [0, 1, 2, 4, 6, 7, 8] {
        assert!(on(day).is_empty(), "day {day}: {:?}", on(day));
    }
    let sent = queued(&t.store);
    assert_eq!(sent[0].1, "ana@example.es", "only the order with leather goods gets the care guide");
    assert_eq!(sent[0].2["product"], "Botas de piel");
    let recipients: i64 =
        t.store.read(|c| Ok(c.query_row("SELECT count(*) FROM survey_recipients", [], |r| r.get(0))?)).unwrap();
    assert_eq!(recipients, 2, "the survey went through the surveys area");
}

#[test]
fn a_restart_between_runs_sends_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    crate::settings::ensure(&store, "es-ES").unwrap();
    awake(&store);
    let start = now_ms();
    switch_on(&store, RuleKey::OrderPlaced, 0, start - 60_000);
    let ana = customer(&store, "Ana", "ana@example.es");
    let today = local_date(now_ms(), &TimeZone::get("Europe/Madrid").unwrap()).to_string();
    orders::create(&store, &orders::OrderInput { placed_on: today, ..order_input(ana) }).unwrap();
    assert_eq!(run_at(&store, start + 1000).queued, 1);
    drop(store);
    let store = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(run_at(&store, start + 2000).queued, 0, "the store remembers what went out");
    assert_eq!(run_at(&store, start + DAY).queued, 0);
}

#[test]
fn quiet_hours_hold_every_rule_until_morning() {
    let t = TestStore::new();
    shop(&t);
    switch_on(&t.store, RuleKey::OrderPlaced, 0, noon(-1));
    let ana = customer(&t.store, "Ana", "ana@example.es");
    let today = local_date(now_ms(), &TimeZone::get("Europe/Madrid").unwrap()).to_string();
    orders::create(&t.store, &orders::OrderInput { placed_on: today, ..order_input(ana) }).unwrap();
    let night = noon(0) + 10 * 3_600_000; // 22:00 in Madrid
    assert!(run_at(&t.store, night).quiet);
    assert!(queued(&t.store).is_empty(), "nothing at night");
    let morning = quiet_ends_at(night, &madrid());
    assert_eq!(morning, noon(1) - 3 * 3_600_000, "09:00 the next day");
    assert!(!run_at(&t.store, morning).quiet);
    assert_eq!(queued(&t.store).len(), 1, "sent when the quiet hours end");
}

#[test]
fn the_marketing_cap_lets_one_message_through_per_customer_and_week() {
    let t = TestStore::new();
    shop(&t);
    let zone = TimeZone::get("Europe/Madrid").unwrap();
    let ana = customer(&t.store, "Ana", "ana@example.es");
    let eva = customer(&t.store, "Eva", "eva@example.es");
    // Both bought 180 days ago; Ana also answered a survey as a promoter two days ago.
    let long_ago = local_date(noon(-180), &zone).to_string();
    for who in [ana, eva] {
        orders::create(&t.store, &orders::OrderInput { placed_on: long_ago.clone(), ..order_input(who) }).unwrap();
    }
    t.store
        .write(|tx| {
            tx.execute(
                "INSERT INTO survey_responses (customer_id, kind, score, comment, channel, answered_at, created_at)
                 VALUES (?1, 'nps', 10, '', 'email', ?2, ?2)",
                params![ana, noon(-2)],
            )?;
            Ok(())
        })
        .unwrap();
    switch_on(&t.store, RuleKey::ReviewRequest, 2, noon(-3));
    switch_on(&t.store, RuleKey::WinBack, 180, noon(-3));
    // Eva said no to marketing.
    crate::newsletter::suppress(&t.store, "eva@example.es", crate::newsletter::SuppressionReason::Manual, "").unwrap();

    let preview = preview(&t.store, rule_by_key(&t.store, RuleKey::WinBack).unwrap().id, noon(0)).unwrap();
    assert_eq!(preview.total, 1, "Eva is left out: {:?}", preview.people);
    let report = run_at(&t.store, noon(0));
    assert_eq!((report.queued, report.capped), (1, 1), "Ana gets one of her two marketing messages");
    assert_eq!(rules_sent(&t.store), ["review_request"]);
    assert_eq!(run_at(&t.store, noon(1)).queued, 0, "and no other for a week");
}

#[test]
fn pausing_a_rule_stops_it_at_once() {
    let t = TestStore::new();
    shop(&t);
    let rule = switch_on(&t.store, RuleKey::OrderPlaced, 0, noon(-1));
    let ana = customer(&t.store, "Ana", "ana@example.es");
    let today = local_date(now_ms(), &TimeZone::get("Europe/Madrid").unwrap()).to_string();
    orders::create(&t.store, &orders::OrderInput { placed_on: today.clone(), ..order_input(ana) }).unwrap();
    run_at(&t.store, noon(0));
    set_enabled(&t.store, rule.id, false, noon(0) + 1).unwrap();
    let state: String = t.store.read(|c| Ok(c.query_row("SELECT state FROM outbox", [], |r| r.get(0))?)).unwrap();
    assert_eq!(state, "cancelled", "what was waiting in the outbox does not leave");
    orders::create(&t.store, &orders::OrderInput { placed_on: today, ..order_input(ana) }).unwrap();
    assert_eq!(run_at(&t.store, noon(0) + 2).queued, 0);
    let timeline = timeline(&t.store, ana).unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!((timeline[0].rule, timeline[0].state.as_deref()), (RuleKey::OrderPlaced, Some("cancelled")));
}

#[test]
fn a_preview_writes_nothing() {
    let t = TestStore::new();
    shop(&t);
    let ana = customer(&t.store, "Ana", "ana@example.es");
    let zone = TimeZone::get("Europe/Madrid").unwrap();
    orders::create(
        &t.store,
        &orders::OrderInput { placed_on: local_date(noon(-200), &zone).to_string(), ..order_input(ana) },
    )
    .unwrap();
    let rule = rule_by_key(&t.store, RuleKey::WinBack).unwrap();
    save_rule(&t.store, rule.id, &RuleInput { delay_days: 200, coupon_days: 30, ..Default::default() }, noon(0))
        .unwrap();
    let shown = preview(&t.store, rule.id, noon(0)).unwrap();
    assert_eq!((shown.total, shown.people[0].name.as_str()), (1, "Ana"), "who would get it today");
    assert!(!shown.rule.enabled);
    assert_eq!(run_at(&t.store, noon(0)).queued, 0, "still off");
    assert!(queued(&t.store).is_empty());
}

#[test]
fn carriers_are_editable_and_other_carriers_use_the_shops_own_link() {
    let t = TestStore::new();
    let mut list = carriers(&t.store).unwrap();
    assert!(list.iter().any(|c| c.name == "Correos") && list.iter().any(|c| c.name == "Chilexpress"));
    list.push(Carrier { name: "Mensajería Paco".into(), url_pattern: "https://paco.example/t?c={code}".into() });
    save_carriers(&t.store, &list).unwrap();
    let bad = [Carrier { name: "X".into(), url_pattern: "javascript:alert(1)//{code}".into() }];
    let err = save_carriers(&t.store, &bad).unwrap_err();
    assert_eq!(err.payload().fields[0].field, "carriers.0.url_pattern");
    assert_eq!(carriers(&t.store).unwrap().len(), list.len(), "a refused table changes nothing");
    t.store
        .read(|c| {
            let url = tracking_url(c, Some("MENSAJERÍA PACO"), Some("A1"), None)?;
            assert_eq!(url.as_deref(), None, "names match as typed, without case");
            let url = tracking_url(c, Some("mensajería paco"), Some("A1"), None)?;
            assert_eq!(url.as_deref(), Some("https://paco.example/t?c=A1"));
            let own = tracking_url(c, Some("Otro"), Some("A1"), Some("https://otro.example/x"))?;
            assert_eq!(own.as_deref(), Some("https://otro.example/x"));
            let hostile = tracking_url(c, Some("Otro"), Some("A1"), Some("javascript:alert(1)"))?;
            assert_eq!(hostile, None, "never a javascript: link");
            Ok(())
        })
        .unwrap();
}

// ----------------------------------------------------------- the calendar

fn at(iso: &str) -> i64 {
    iso.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

fn zone_settings(zone: &str) -> AutomationSettings {
    AutomationSettings { time_zone: zone.into(), ..madrid() }
}

#[test]
fn madrid_days_and_quiet_hours_follow_the_march_and_october_changes() {
    let madrid = TimeZone::get("Europe/Madrid").unwrap();
    let s = zone_settings("Europe/Madrid");
    // 29 March 2026, 02:00 → 03:00: the day has 23 hours.
    let day = day_start_ms(date(2026, 3, 30), &madrid) - day_start_ms(date(2026, 3, 29), &madrid);
    assert_eq!(day, 23 * 3_600_000);
    // 07:30 UTC is 09:30 in summer time: quiet hours are over (a fixed +1 would say 08:30).
    assert!(!in_quiet_hours(at("2026-03-29T07:30:00Z"), &s));
    assert!(in_quiet_hours(at("2026-03-28T07:30:00Z"), &s), "the day before, 08:30: still quiet");
    assert_eq!(local_date(at("2026-03-28T23:30:00Z"), &madrid), date(2026, 3, 29), "00:30 local");
    // The night of the change, quiet hours end at 09:00 summer time = 07:00 UTC.
    assert_eq!(quiet_ends_at(at("2026-03-28T22:00:00Z"), &s), at("2026-03-29T07:00:00Z"));
    // Quiet hours ending at 02:30, a time that does not exist that night.
    let gap = AutomationSettings { quiet_from: 60, quiet_to: 150, ..s.clone() };
    assert_eq!(quiet_ends_at(at("2026-03-29T00:30:00Z"), &gap), at("2026-03-29T01:30:00Z"), "03:30 summer time");

    // 25 October 2026, 03:00 → 02:00: the day has 25 hours.
    let day = day_start_ms(date(2026, 10, 26), &madrid) - day_start_ms(date(2026, 10, 25), &madrid);
    assert_eq!(day, 25 * 3_600_000);
    assert!(in_quiet_hours(at("2026-10-25T07:30:00Z"), &s), "08:30 winter time (a fixed +2 would say 09:30)");
    assert!(!in_quiet_hours(at("2026-10-24T07:30:00Z"), &s), "the day before, 09:30 summer time");
    assert_eq!(local_date(at("2026-10-24T22:30:00Z"), &madrid), date(2026, 10, 25), "00:30 summer time");
    assert_eq!(local_date(at("2026-10-25T22:30:00Z"), &madrid), date(2026, 10, 25), "23:30 winter time");
}

#[test]
fn mexico_city_keeps_one_offset_all_year() {
    let mexico = TimeZone::get("America/Mexico_City").unwrap();
    let s = zone_settings("America/Mexico_City");
    for (quiet, open) in [
        ("2026-04-05T14:59:00Z", "2026-04-05T15:00:00Z"), // first Sunday of April: no change since 2022
        ("2026-10-25T14:59:00Z", "2026-10-25T15:00:00Z"),
        ("2026-11-01T14:59:00Z", "2026-11-01T15:00:00Z"),
    ] {
        assert!(in_quiet_hours(at(quiet), &s), "{quiet}: 08:59 in Mexico City");
        assert!(!in_quiet_hours(at(open), &s), "{open}: 09:00");
    }
    for day in [date(2026, 4, 5), date(2026, 10, 25), date(2026, 11, 1)] {
        let length = day_start_ms(day.tomorrow().unwrap(), &mexico) - day_start_ms(day, &mexico);
        assert_eq!(length, DAY, "{day} has 24 hours");
    }
    assert_eq!(local_date(at("2026-11-01T05:59:00Z"), &mexico), date(2026, 10, 31));
}

#[test]
fn a_delivery_the_evening_of_the_change_is_followed_up_on_the_right_day() {
    let t = TestStore::new();
    shop(&t);
    let ana = customer(&t.store, "Ana", "ana@example.es");
    let mut input = order_input(ana);
    input.status = OrderStatus::Delivered;
    input.delivered_on = Some("2026-10-24".into());
    input.placed_on = "2026-10-20".into();
    orders::create(&t.store, &input).unwrap();
    let tips = rule_by_key(&t.store, RuleKey::CareTips).unwrap();
    save_rule(&t.store, tips.id, &RuleInput { delay_days: 2, coupon_days: 30, ..Default::default() }, 0).unwrap();
    set_enabled(&t.store, tips.id, true, at("2026-10-20T10:00:00Z")).unwrap();
    // 25 October has 25 hours; two days after the 24th is the 26th, from 09:00 winter time.
    assert_eq!(run_at(&t.store, at("2026-10-25T23:30:00Z")).queued, 0, "00:30 on the 26th: quiet");
    assert_eq!(run_at(&t.store, at("2026-10-26T07:59:00Z")).queued, 0, "08:59: quiet");
    assert_eq!(run_at(&t.store, at("2026-10-25T22:59:00Z")).queued, 0, "23:59 on the 25th");
    assert_eq!(run_at(&t.store, at("2026-10-26T08:00:00Z")).queued, 1, "09:00 on the 26th");
}

#[test]
fn points_about_to_expire_are_reminded_once_while_loyalty_is_on() {
    let t = TestStore::new();
    shop(&t);
    let ana = customer(&t.store, "Ana", "ana@example.es");
    let expires = noon(10);
    t.store
        .write(|tx| {
            tx.execute("UPDATE loyalty_settings SET enabled = 1 WHERE id = 1", [])?;
            tx.execute(
                "INSERT INTO points_ledger (customer_id, kind, points, available_at, expires_at, created_at)
                 VALUES (?1, 'adjust', 120, 0, ?2, 0)",
                params![ana, expires],
            )?;
            Ok(())
        })
        .unwrap();
    switch_on(&t.store, RuleKey::PointsExpiring, 14, noon(0) - 1);
    assert_eq!(run_at(&t.store, noon(0)).queued, 1);
    assert_eq!(run_at(&t.store, noon(1)).queued, 0, "once per expiry");
    let vars = &queued(&t.store)[0].2;
    assert_eq!(vars["points"], "120");
    assert_eq!(vars["points_expire_on"], local_date(expires, &TimeZone::get("Europe/Madrid").unwrap()).to_string());
    let _ = SurveyKind::Nps;
}

#[test]
fn settings_refuse_an_unknown_time_zone_and_hours_out_of_range() {
    let t = TestStore::new();
    let err = save_settings(
        &t.store,
        &AutomationSettings { time_zone: "Europe/Atlantis".into(), quiet_from: 2000, ..madrid() },
    )
    .unwrap_err();
    let fields: Vec<_> = err.payload().fields.into_iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(
        fields,
        [("time_zone".into(), "time_zone_unknown".into()), ("quiet_from".into(), "out_of_range".into())]
    );
    assert_eq!(get_settings(&t.store).unwrap().settings.quiet_from, 21 * 60, "nothing saved");
    let saved = save_settings(&t.store, &zone_settings("America/Mexico_City")).unwrap();
    assert_eq!(saved.zone_in_effect, "America/Mexico_City");
}

#[test]
fn a_win_back_hands_the_customer_a_single_use_coupon_of_their_own() {
    let t = TestStore::new();
    shop(&t);
    let zone = TimeZone::get("Europe/Madrid").unwrap();
    let ana = customer(&t.store, "Ana", "ana@example.es");
    orders::create(
        &t.store,
        &orders::OrderInput { placed_on: local_date(noon(-180), &zone).to_string(), ..order_input(ana) },
    )
    .unwrap();
    let rule = rule_by_key(&t.store, RuleKey::WinBack).unwrap();
    save_rule(
        &t.store,
        rule.id,
        &RuleInput { delay_days: 180, coupon_percent: 15, coupon_days: 30, ..Default::default() },
        0,
    )
    .unwrap();
    set_enabled(&t.store, rule.id, true, noon(-1)).unwrap();
    assert_eq!(run_at(&t.store, noon(0)).queued, 1);
    let vars = &queued(&t.store)[0].2;
    let code = vars["coupon_code"].as_str().unwrap();
    assert!(code.starts_with("VUELVE-"), "{code}");
    assert_eq!(vars["coupon_value"], "15 %");
    assert_eq!(vars["coupon_expires"], local_date(noon(30), &zone).to_string());
    let (uses, max_uses, owner, source): (i64, i64, i64, String) = t
        .store
        .read(|c| {
            Ok(c.query_row("SELECT uses, max_uses, customer_id, source FROM coupons WHERE code = ?1", [code], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?)
        })
        .unwrap();
    assert_eq!((uses, max_uses, owner, source.as_str()), (0, 1, ana, "rule"));
    assert_eq!(timeline(&t.store, ana).unwrap()[0].coupon_code.as_deref(), Some(code), "the timeline names it");
    assert!(rule_by_key(&t.store, RuleKey::WinBack).unwrap().defaults.body_es.contains("{{ coupon_code }}"));
}

#[test]
fn an_order_shows_its_tracking_link_from_the_carrier_or_its_own() {
    let t = TestStore::new();
    let ana = customer(&t.store, "Ana", "ana@example.es");
    let by_carrier = orders::create(
        &t.store,
        &orders::OrderInput { carrier: Some("correos".into()), tracking_code: Some("PQ 1".into()), ..order_input(ana) },
    )
    .unwrap();
    assert_eq!(
        by_carrier.tracking_url.as_deref(),
        Some("https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number=PQ%201")
    );
    let own = orders::create(
        &t.store,
        &orders::OrderInput {
            carrier: Some("Mensajería Paco".into()),
            tracking_code: Some("7".into()),
            tracking_url: Some("https://paco.example/envio/7".into()),
            ..order_input(ana)
        },
    )
    .unwrap();
    assert_eq!(own.tracking_url.as_deref(), Some("https://paco.example/envio/7"));
    let unknown = orders::create(
        &t.store,
        &orders::OrderInput { carrier: Some("Otro".into()), tracking_code: Some("7".into()), ..order_input(ana) },
    )
    .unwrap();
    assert_eq!(unknown.tracking_url, None, "no pattern, no link of its own: no link");
    let err = orders::create(
        &t.store,
        &orders::OrderInput { tracking_url: Some("javascript:alert(1)".into()), ..order_input(ana) },
    )
    .unwrap_err();
    assert_eq!(err.payload().fields[0].field, "tracking_url");
}
