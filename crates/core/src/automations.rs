//! Post-purchase automations: order notifications (placed, shipped with a
//! tracking link, delivered) and timed follow-ups ("N days after <event>, if
//! <condition>, send <message>"), under the shop's guard rails.
//!
//! Nothing is scheduled ahead: each run computes what is due from the store
//! (order steps, delivery days, survey answers, last orders, points about to
//! expire) at `now`, in the shop's time zone, so a run after a restart or a
//! week switched off finds the same work. `automation_sends` holds one row
//! per customer, rule and triggering event: nothing goes out twice. Days are
//! the shop's calendar days (DST changes are the time zone's business), a
//! late run catches up at most `catch_up_days`, quiet hours hold every rule,
//! and marketing rules send one message per customer per `marketing_cap_days`.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Problems, Result};
use crate::settings::Language;
use crate::store::Store;
use crate::surveys::{self, LinkBuilder, SurveyKind};
use crate::{coupons, newsletter, text};

const DAY_MS: i64 = 86_400_000;
/// How many people a preview lists by name (the count is always whole).
pub const PREVIEW_MAX: usize = 100;
pub const CONDITION_MAX: usize = 120;
pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleKey {
    OrderPlaced,
    OrderShipped,
    OrderDelivered,
    CareTips,
    Survey,
    ReviewRequest,
    WinBack,
    PointsExpiring,
}

impl RuleKey {
    pub const ALL: [RuleKey; 8] = [
        RuleKey::OrderPlaced,
        RuleKey::OrderShipped,
        RuleKey::OrderDelivered,
        RuleKey::CareTips,
        RuleKey::Survey,
        RuleKey::ReviewRequest,
        RuleKey::WinBack,
        RuleKey::PointsExpiring,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleKey::OrderPlaced => "order_placed",
            RuleKey::OrderShipped => "order_shipped",
            RuleKey::OrderDelivered => "order_delivered",
            RuleKey::CareTips => "care_tips",
            RuleKey::Survey => "survey",
            RuleKey::ReviewRequest => "review_request",
            RuleKey::WinBack => "win_back",
            RuleKey::PointsExpiring => "points_expiring",
        }
    }

    pub fn parse(key: &str) -> Option<RuleKey> {
        RuleKey::ALL.into_iter().find(|k| k.as_str() == key)
    }

    /// Marketing asks for consent and counts towards the per-customer cap;
    /// the rest tells the customer about their own order or account.
    pub fn marketing(self) -> bool {
        matches!(self, RuleKey::ReviewRequest | RuleKey::WinBack)
    }

    /// The order notifications: sent when the order reaches the step.
    fn order_step(self) -> Option<&'static str> {
        match self {
            RuleKey::OrderPlaced => Some("placed"),
            RuleKey::OrderShipped => Some("shipped"),
            RuleKey::OrderDelivered => Some("delivered"),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------- settings

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutomationSettings {
    /// An IANA name (`Europe/Madrid`); empty: the computer's.
    pub time_zone: String,
    /// Quiet hours, minutes after midnight; equal: no quiet hours.
    pub quiet_from: u16,
    pub quiet_to: u16,
    /// At most one marketing message per customer in this many days (0: no cap).
    pub marketing_cap_days: u16,
    /// How far back a late run still sends what it missed.
    pub catch_up_days: u16,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AutomationSettingsView {
    pub settings: AutomationSettings,
    /// The zone in effect (the computer's when none is set).
    pub zone_in_effect: String,
}

impl AutomationSettings {
    pub fn zone(&self) -> TimeZone {
        zone_named(&self.time_zone)
    }
}

fn zone_named(name: &str) -> TimeZone {
    if name.is_empty() { TimeZone::system() } else { TimeZone::get(name).unwrap_or(TimeZone::UTC) }
}

fn load_settings(conn: &Connection) -> Result<AutomationSettings> {
    Ok(conn.query_row(
        "SELECT time_zone, quiet_from, quiet_to, marketing_cap_days, catch_up_days FROM automation_settings WHERE id = 1",
        [],
        |r| {
            Ok(AutomationSettings {
                time_zone: r.get(0)?,
                quiet_from: r.get(1)?,
                quiet_to: r.get(2)?,
                marketing_cap_days: r.get(3)?,
                catch_up_days: r.get(4)?,
            })
        },
    )?)
}

fn view(settings: AutomationSettings) -> AutomationSettingsView {
    let zone_in_effect = settings.zone().iana_name().unwrap_or("UTC").to_owned();
    AutomationSettingsView { settings, zone_in_effect }
}

pub fn get_settings(store: &Store) -> Result<AutomationSettingsView> {
    store.read(load_settings).map(view)
}

pub fn save_settings(store: &Store, input: &AutomationSettings) -> Result<AutomationSettingsView> {
    let mut problems = Problems::default();
    let zone = input.time_zone.trim();
    if !zone.is_empty() && (zone.len() > 64 || TimeZone::get(zone).is_err()) {
        problems.add("time_zone", "time_zone_unknown");
    }
    for (field, minutes) in [("quiet_from", input.quiet_from), ("quiet_to", input.quiet_to)] {
        if minutes >= 24 * 60 {
            problems.add(field, "out_of_range");
        }
    }
    if input.marketing_cap_days > 365 {
        problems.add("marketing_cap_days", "out_of_range");
    }
    if !(1..=60).contains(&input.catch_up_days) {
        problems.add("catch_up_days", "out_of_range");
    }
    problems.into_result()?;
    store
        .write(|tx| {
            tx.execute(
            "UPDATE automation_settings SET time_zone = ?1, quiet_from = ?2, quiet_to = ?3, marketing_cap_days = ?4,
                 catch_up_days = ?5 WHERE id = 1",
            params![zone, input.quiet_from, input.quiet_to, input.marketing_cap_days, input.catch_up_days],
        )?;
            load_settings(tx)
        })
        .map(view)
}

// -------------------------------------------------------------------- time

/// The shop's calendar day at `now_ms`.
pub fn local_date(now_ms: i64, zone: &TimeZone) -> Date {
    instant(now_ms).to_zoned(zone.clone()).date()
}

fn instant(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// When the shop's `day` starts, in Unix ms (a day after a DST change is 23
/// or 25 hours long; the time zone knows).
pub fn day_start_ms(day: Date, zone: &TimeZone) -> i64 {
    day.to_zoned(zone.clone()).map(|z| z.timestamp().as_millisecond()).unwrap_or(0)
}

/// True during the shop's quiet hours.
pub fn in_quiet_hours(now_ms: i64, settings: &AutomationSettings) -> bool {
    let (from, to) = (settings.quiet_from, settings.quiet_to);
    if from == to {
        return false;
    }
    let time = instant(now_ms).to_zoned(settings.zone()).time();
    let minute = (time.hour() as u16) * 60 + time.minute() as u16;
    if from < to { (from..to).contains(&minute) } else { minute >= from || minute < to }
}

/// When the quiet hours that hold `now_ms` end; `now_ms` itself outside them.
pub fn quiet_ends_at(now_ms: i64, settings: &AutomationSettings) -> i64 {
    if !in_quiet_hours(now_ms, settings) {
        return now_ms;
    }
    let zone = settings.zone();
    let local = instant(now_ms).to_zoned(zone.clone());
    let end =
        Time::new((settings.quiet_to / 60) as i8, (settings.quiet_to % 60) as i8, 0, 0).unwrap_or(Time::midnight());
    let today = local.date();
    let day = if local.time() < end { today } else { today.tomorrow().unwrap_or(today) };
    // A wall time skipped by a DST jump resolves to the instant after the gap.
    day.to_datetime(end).to_zoned(zone).map(|z| z.timestamp().as_millisecond()).unwrap_or(now_ms + 60_000)
}

// ------------------------------------------------------------------- rules

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AutomationRule {
    #[ts(type = "number")]
    pub id: i64,
    pub key: RuleKey,
    pub enabled: bool,
    #[ts(type = "number | null")]
    pub enabled_at: Option<i64>,
    pub delay_days: u32,
    /// Care tips: only orders with a product or SKU containing this. Survey:
    /// the survey kind (`nps`, `csat`, `ces`).
    pub condition: String,
    /// Win-back: a coupon of this percent (0: none), valid this many days.
    pub coupon_percent: u8,
    pub coupon_days: u32,
    /// Empty: the built-in text in that language.
    pub subject_es: String,
    pub body_es: String,
    pub subject_en: String,
    pub body_en: String,
    pub marketing: bool,
    #[ts(type = "number")]
    pub sent: i64,
    /// The built-in texts, shown where the shop's are empty.
    pub defaults: RuleTexts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleTexts {
    pub subject_es: String,
    pub body_es: String,
    pub subject_en: String,
    pub body_en: String,
}

fn defaults(key: RuleKey, with_coupon: bool) -> RuleTexts {
    let (subject_es, body_es) = default_text(key, Language::Es, with_coupon);
    let (subject_en, body_en) = default_text(key, Language::En, with_coupon);
    RuleTexts {
        subject_es: subject_es.into(),
        body_es: body_es.into(),
        subject_en: subject_en.into(),
        body_en: body_en.into(),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RuleInput {
    pub delay_days: u32,
    pub condition: String,
    pub coupon_percent: u8,
    pub coupon_days: u32,
    pub subject_es: String,
    pub body_es: String,
    pub subject_en: String,
    pub body_en: String,
}

const RULE_SQL: &str = "SELECT r.id, r.key, r.enabled, r.enabled_at, r.delay_days, r.condition, r.coupon_percent,
        r.coupon_days, r.subject_es, r.body_es, r.subject_en, r.body_en,
        (SELECT count(*) FROM automation_sends s WHERE s.rule_id = r.id)
    FROM automation_rules r";

fn rule_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AutomationRule> {
    let key: String = r.get(1)?;
    let key = RuleKey::parse(&key).unwrap_or(RuleKey::OrderPlaced);
    Ok(AutomationRule {
        id: r.get(0)?,
        key,
        enabled: r.get(2)?,
        enabled_at: r.get(3)?,
        delay_days: r.get(4)?,
        condition: r.get(5)?,
        coupon_percent: r.get(6)?,
        coupon_days: r.get(7)?,
        subject_es: r.get(8)?,
        body_es: r.get(9)?,
        subject_en: r.get(10)?,
        body_en: r.get(11)?,
        marketing: key.marketing(),
        sent: r.get(12)?,
        defaults: defaults(key, r.get::<_, u8>(6)? > 0),
    })
}

pub fn rules(store: &Store) -> Result<Vec<AutomationRule>> {
    store.read(|c| {
        let mut stmt = c.prepare(&format!("{RULE_SQL} ORDER BY r.id"))?;
        Ok(stmt.query_map([], rule_row)?.collect::<rusqlite::Result<_>>()?)
    })
}

fn load_rule(conn: &Connection, id: i64) -> Result<AutomationRule> {
    conn.query_row(&format!("{RULE_SQL} WHERE r.id = ?1"), [id], rule_row)
        .optional()?
        .ok_or(Error::NotFound { entity: "automation rule", id })
}

pub fn rule_by_key(store: &Store, key: RuleKey) -> Result<AutomationRule> {
    store.read(|c| {
        let id: i64 = c.query_row("SELECT id FROM automation_rules WHERE key = ?1", [key.as_str()], |r| r.get(0))?;
        load_rule(c, id)
    })
}

fn check_rule(key: RuleKey, input: &RuleInput) -> Result<()> {
    let mut problems = Problems::default();
    if input.delay_days > 3650 || (key == RuleKey::WinBack && input.delay_days < 14) {
        problems.add("delay_days", "out_of_range");
    }
    let condition = input.condition.trim();
    if condition.chars().count() > CONDITION_MAX || text::has_control_chars(condition) {
        problems.add("condition", "text_invalid");
    }
    if key == RuleKey::Survey && SurveyKind::parse(condition).is_none() {
        problems.add("condition", "survey_kind");
    }
    if input.coupon_percent > 90 {
        problems.add("coupon_percent", "out_of_range");
    }
    if !(1..=3650).contains(&input.coupon_days) {
        problems.add("coupon_days", "out_of_range");
    }
    for (field, subject) in [("subject_es", &input.subject_es), ("subject_en", &input.subject_en)] {
        if subject.chars().count() > SUBJECT_MAX || text::has_control_chars(subject) {
            problems.add(field, "text_invalid");
        }
    }
    for (field, body) in [("body_es", &input.body_es), ("body_en", &input.body_en)] {
        if body.chars().count() > BODY_MAX {
            problems.add(field, "too_long");
        }
    }
    problems.into_result()
}

/// Saves a rule's timing, condition and texts (placeholders are checked by
/// the mail crate before this is called).
pub fn save_rule(store: &Store, id: i64, input: &RuleInput, now: i64) -> Result<AutomationRule> {
    let key = store.read(|c| load_rule(c, id))?.key;
    check_rule(key, input)?;
    store.write(|tx| {
        tx.execute(
            "UPDATE automation_rules SET delay_days = ?2, condition = ?3, coupon_percent = ?4, coupon_days = ?5,
                 subject_es = ?6, body_es = ?7, subject_en = ?8, body_en = ?9, updated_at = ?10 WHERE id = ?1",
            params![
                id,
                input.delay_days,
                input.condition.trim(),
                input.coupon_percent,
                input.coupon_days,
                input.subject_es.trim(),
                input.body_es.trim(),
                input.subject_en.trim(),
                input.body_en.trim(),
                now
            ],
        )?;
        load_rule(tx, id)
    })
}

/// Switches a rule on (only what happens from now on counts) or pauses it:
/// its messages still waiting in the outbox are cancelled at once.
pub fn set_enabled(store: &Store, id: i64, enabled: bool, now: i64) -> Result<AutomationRule> {
    store.write(|tx| {
        load_rule(tx, id)?;
        if enabled {
            tx.execute(
                "UPDATE automation_rules SET enabled = 1, enabled_at = ?2 WHERE id = ?1 AND enabled = 0",
                params![id, now],
            )?;
        } else {
            tx.execute("UPDATE automation_rules SET enabled = 0 WHERE id = ?1", [id])?;
            tx.execute(
                "UPDATE outbox SET state = 'cancelled', last_reply = 'rule paused', updated_at = ?2
                 WHERE state = 'queued' AND id IN (SELECT outbox_id FROM automation_sends WHERE rule_id = ?1)",
                params![id, now],
            )?;
        }
        load_rule(tx, id)
    })
}

// -------------------------------------------------------------- carriers

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Carrier {
    pub name: String,
    /// `{code}` becomes the tracking code.
    pub url_pattern: String,
}

pub const CARRIERS_MAX: usize = 100;

pub fn carriers(store: &Store) -> Result<Vec<Carrier>> {
    store.read(|c| {
        let mut stmt = c.prepare("SELECT name, url_pattern FROM carriers ORDER BY position, id")?;
        Ok(stmt
            .query_map([], |r| Ok(Carrier { name: r.get(0)?, url_pattern: r.get(1)? }))?
            .collect::<rusqlite::Result<_>>()?)
    })
}

/// Replaces the table of carriers with `list`, in its order.
pub fn save_carriers(store: &Store, list: &[Carrier]) -> Result<Vec<Carrier>> {
    let mut problems = Problems::default();
    if list.len() > CARRIERS_MAX {
        problems.add("carriers", "too_many");
    }
    let mut seen = std::collections::HashSet::new();
    for (i, carrier) in list.iter().enumerate() {
        let name = carrier.name.trim();
        if name.is_empty() {
            problems.add(format!("carriers.{i}.name"), "required");
        } else if name.chars().count() > 80 || text::has_control_chars(name) {
            problems.add(format!("carriers.{i}.name"), "text_invalid");
        } else if !seen.insert(text::fold(name)) {
            problems.add(format!("carriers.{i}.name"), "duplicate");
        }
        if !valid_pattern(carrier.url_pattern.trim()) {
            problems.add(format!("carriers.{i}.url_pattern"), "url_pattern");
        }
    }
    problems.into_result()?;
    store.write(|tx| {
        tx.execute("DELETE FROM carriers", [])?;
        for (i, carrier) in list.iter().enumerate() {
            tx.execute(
                "INSERT INTO carriers (name, url_pattern, position) VALUES (?1, ?2, ?3)",
                params![carrier.name.trim(), carrier.url_pattern.trim(), i as i64 + 1],
            )?;
        }
        Ok(())
    })?;
    carriers(store)
}

/// An http(s) link with `{code}` where the tracking code goes, and nothing
/// a mail client could take for markup or a header.
fn valid_pattern(pattern: &str) -> bool {
    valid_link(pattern) && pattern.contains("{code}")
}

/// An http(s) link the shop typed for an order of another carrier.
pub fn valid_link(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 500
        && !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\''))
}

/// The order's tracking link: the shop's own link, or the carrier's pattern
/// with the code (escaped for a URL).
pub fn tracking_url(
    conn: &Connection,
    carrier: Option<&str>,
    code: Option<&str>,
    own: Option<&str>,
) -> Result<Option<String>> {
    let pattern: Option<String> = match carrier.map(str::trim).filter(|c| !c.is_empty()) {
        Some(carrier) => conn
            .query_row("SELECT url_pattern FROM carriers WHERE name = ?1 COLLATE NOCASE", [carrier], |r| r.get(0))
            .optional()?,
        None => None,
    };
    Ok(link(own, pattern.as_deref(), code))
}

/// The link from what the order holds: its own link when it is a safe one,
/// else the pattern with the code.
pub fn link(own: Option<&str>, pattern: Option<&str>, code: Option<&str>) -> Option<String> {
    if let Some(own) = own.map(str::trim).filter(|u| valid_link(u)) {
        return Some(own.to_owned());
    }
    let code = code.map(str::trim).filter(|c| !c.is_empty())?;
    pattern.filter(|p| valid_pattern(p)).map(|p| p.replace("{code}", &url_escape(code)))
}

fn url_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ------------------------------------------------------------- what is due

/// One message a rule would send now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Due {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub name: String,
    pub email: String,
    /// The triggering event, unique per customer and rule.
    pub trigger: String,
    #[ts(type = "number | null")]
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    /// Held back today by the per-customer cap of marketing messages.
    pub capped: bool,
    #[serde(skip)]
    #[ts(skip)]
    email_key: String,
    #[serde(skip)]
    #[ts(skip)]
    language: Option<String>,
    #[serde(skip)]
    #[ts(skip)]
    vars: serde_json::Map<String, serde_json::Value>,
}

/// "Who would get this today", before switching a rule on.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Preview {
    pub rule: AutomationRule,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub capped: i64,
    /// The first `PREVIEW_MAX`.
    pub people: Vec<Due>,
    /// Quiet hours now: the first messages leave when they end.
    pub quiet_now: bool,
    #[ts(type = "number")]
    pub sends_from: i64,
}

struct Window {
    /// The first and last event days whose `delay` lands in the window.
    first: Date,
    last: Date,
}

struct Context<'a> {
    settings: &'a AutomationSettings,
    zone: TimeZone,
    now: i64,
    today: Date,
    spanish_shop: bool,
}

impl Context<'_> {
    /// Event days whose `delay_days` later falls on a day that counts: from
    /// the day the rule was switched on (or today, for a preview), back at
    /// most `catch_up_days`, up to today.
    fn window(&self, rule: &AutomationRule) -> Window {
        let delay = (rule.delay_days as i64).days();
        let catch_up =
            self.today.checked_sub(((self.settings.catch_up_days as i64) - 1).max(0).days()).unwrap_or(self.today);
        let since = rule.enabled_at.map(|at| local_date(at, &self.zone)).unwrap_or(self.today);
        let first_due = since.max(catch_up);
        Window {
            first: first_due.checked_sub(delay).unwrap_or(first_due),
            last: self.today.checked_sub(delay).unwrap_or(self.today),
        }
    }

    fn since_ms(&self, rule: &AutomationRule) -> i64 {
        let catch_up = self.now - self.settings.catch_up_days as i64 * DAY_MS;
        rule.enabled_at.unwrap_or(self.now).max(catch_up)
    }
}

/// Who a customer is for a rule: has an address, is not erased, never
/// bounced or complained; marketing also needs them not to have opted out.
fn reachable(marketing: bool) -> &'static str {
    if marketing {
        "c.email_key IS NOT NULL AND c.erased_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email_key = c.email_key)
         AND NOT EXISTS (SELECT 1 FROM subscribers b WHERE b.email_key = c.email_key
                         AND b.status IN ('unsubscribed', 'complained'))"
    } else {
        "c.email_key IS NOT NULL AND c.erased_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email_key = c.email_key
                         AND x.reason IN ('bounced', 'complained'))"
    }
}

fn due_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Due> {
    Ok(Due {
        customer_id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        email_key: r.get(3)?,
        language: r.get(4)?,
        trigger: r.get(5)?,
        order_id: r.get(6)?,
        order_number: r.get(7)?,
        capped: false,
        vars: Default::default(),
    })
}

const WHO: &str = "c.id, c.name, c.email, c.email_key, c.language";
const NOT_SENT: &str = "NOT EXISTS (SELECT 1 FROM automation_sends s WHERE s.rule_id = ?1 AND s.customer_id = c.id AND s.trigger = t.trigger)";

fn due_of(conn: &Connection, rule: &AutomationRule, cx: &Context<'_>) -> Result<Vec<Due>> {
    let reach = reachable(rule.marketing);
    let window = cx.window(rule);
    let (first, last) = (window.first.to_string(), window.last.to_string());
    let mut due: Vec<Due> = match rule.key {
        key if key.order_step().is_some() => {
            let sql = format!(
                "SELECT {WHO}, t.trigger, o.id, o.number FROM (
                     SELECT s.order_id, 'order:' || s.order_id AS trigger FROM order_steps s
                     WHERE s.step = ?2 AND s.at >= ?3) t
                 JOIN orders o ON o.id = t.order_id JOIN customers c ON c.id = o.customer_id
                 WHERE o.status <> 'cancelled' AND {reach} AND {NOT_SENT}
                 ORDER BY o.id"
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params![rule.id, key.order_step(), cx.since_ms(rule)], due_row)?;
            rows.collect::<rusqlite::Result<_>>()?
        }
        RuleKey::CareTips | RuleKey::Survey => {
            let survey_rule = if rule.key == RuleKey::Survey {
                // The surveys' own rule: nobody is asked twice in 180 days.
                format!(
                    "AND NOT EXISTS (SELECT 1 FROM survey_recipients v WHERE v.customer_id = c.id AND v.created_at >= {})",
                    cx.now - surveys::QUIET_DAYS * DAY_MS
                )
            } else {
                String::new()
            };
            let sql = format!(
                "SELECT {WHO}, t.trigger, t.id, t.number FROM (
                     SELECT o.id, o.number, o.customer_id, 'order:' || o.id AS trigger FROM orders o
                     WHERE o.status = 'delivered' AND o.delivered_on BETWEEN ?2 AND ?3
                       AND (?4 = '' OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id
                            AND (l.product LIKE '%' || ?4 || '%' OR l.sku LIKE '%' || ?4 || '%')))) t
                 JOIN customers c ON c.id = t.customer_id
                 WHERE {reach} AND {NOT_SENT} {survey_rule}
                 ORDER BY t.id"
            );
            let condition = if rule.key == RuleKey::CareTips { rule.condition.as_str() } else { "" };
            let mut stmt = conn.prepare(&sql)?;
            let rows: Vec<Due> =
                stmt.query_map(params![rule.id, first, last, condition], due_row)?.collect::<rusqlite::Result<_>>()?;
            if rule.key == RuleKey::Survey {
                // One survey per customer, about their latest delivery.
                let mut seen = std::collections::HashSet::new();
                let mut rows = rows;
                rows.reverse();
                rows.retain(|d| seen.insert(d.customer_id));
                rows.reverse();
                rows
            } else {
                rows
            }
        }
        RuleKey::ReviewRequest => {
            let from = day_start_ms(window.first, &cx.zone);
            let to = day_start_ms(window.last.tomorrow().unwrap_or(window.last), &cx.zone);
            let sql = format!(
                "SELECT {WHO}, t.trigger, o.id, o.number FROM (
                     SELECT r.id, r.customer_id, r.order_id, 'response:' || r.id AS trigger FROM survey_responses r
                     WHERE r.answered_at >= ?2 AND r.answered_at < ?3
                       AND ((r.kind = 'nps' AND r.score >= 9) OR (r.kind = 'csat' AND r.score >= 4)
                            OR (r.kind = 'ces' AND r.score >= 6))) t
                 JOIN customers c ON c.id = t.customer_id LEFT JOIN orders o ON o.id = t.order_id
                 WHERE {reach} AND {NOT_SENT}
                 ORDER BY t.id"
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params![rule.id, from, to], due_row)?;
            rows.collect::<rusqlite::Result<_>>()?
        }
        RuleKey::WinBack => {
            // SQLite's bare columns: `id` and `number` come from the row with the max day.
            let sql = format!(
                "SELECT {WHO}, t.trigger, t.id, t.number FROM (
                     SELECT customer_id, max(placed_on) AS last_on, id, number, 'last_order:' || id AS trigger
                     FROM orders WHERE status <> 'cancelled' GROUP BY customer_id) t
                 JOIN customers c ON c.id = t.customer_id
                 WHERE t.last_on BETWEEN ?2 AND ?3 AND {reach} AND {NOT_SENT}
                 ORDER BY t.id"
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params![rule.id, first, last], due_row)?;
            rows.collect::<rusqlite::Result<_>>()?
        }
        RuleKey::PointsExpiring => points_expiring(conn, rule, cx, reach)?,
        _ => Vec::new(),
    };
    if rule.marketing && cx.settings.marketing_cap_days > 0 {
        for d in &mut due {
            d.capped = capped(conn, cx, d.customer_id)?;
        }
    }
    Ok(due)
}

/// Points that expire within `delay_days`: one reminder per customer and
/// expiry day, while the loyalty programme is on.
fn points_expiring(conn: &Connection, rule: &AutomationRule, cx: &Context<'_>, reach: &str) -> Result<Vec<Due>> {
    let on: bool = conn
        .query_row("SELECT enabled FROM loyalty_settings WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or(false);
    if !on {
        return Ok(Vec::new());
    }
    let until = cx.now + rule.delay_days as i64 * DAY_MS;
    let sql = format!(
        "WITH left_over AS (
             SELECT l.customer_id, l.expires_at,
                    l.points - coalesce((SELECT sum(a.points) FROM points_allocations a WHERE a.credit_id = l.id), 0) AS points
             FROM points_ledger l
             WHERE l.points > 0 AND l.expires_at > ?2 AND l.expires_at <= ?3),
         first AS (SELECT customer_id, min(expires_at) AS expires_at, sum(points) AS points
                   FROM left_over WHERE points > 0 GROUP BY customer_id)
         SELECT {WHO}, t.trigger, NULL, NULL, t.points, t.expires_at FROM (
             SELECT customer_id, points, expires_at, 'points:' || expires_at AS trigger FROM first) t
         JOIN customers c ON c.id = t.customer_id
         WHERE {reach} AND {NOT_SENT}
         ORDER BY c.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![rule.id, cx.now, until], |r| {
        let mut due = due_row(r)?;
        let points: i64 = r.get(8)?;
        let expires_at: i64 = r.get(9)?;
        due.vars.insert("points".into(), points.to_string().into());
        due.vars.insert("points_expire_on".into(), expires_at.into());
        Ok(due)
    })?;
    let mut due: Vec<Due> = rows.collect::<rusqlite::Result<_>>()?;
    for d in &mut due {
        let at = d.vars["points_expire_on"].as_i64().unwrap_or(0);
        d.vars.insert("points_expire_on".into(), local_date(at, &cx.zone).to_string().into());
    }
    Ok(due)
}

fn context<'a>(conn: &Connection, settings: &'a AutomationSettings, now: i64) -> Result<Context<'a>> {
    let language: String = conn.query_row("SELECT language FROM settings WHERE id = 1", [], |r| r.get(0))?;
    let zone = settings.zone();
    Ok(Context { settings, today: local_date(now, &zone), zone, now, spanish_shop: language != "en" })
}

/// Who the rule would send to today, as if it were switched on now when it
/// is off. Nothing is written.
pub fn preview(store: &Store, id: i64, now: i64) -> Result<Preview> {
    store.read(|conn| {
        let settings = load_settings(conn)?;
        let mut rule = load_rule(conn, id)?;
        let shown = rule.clone();
        if !rule.enabled {
            rule.enabled_at = Some(now);
        }
        let cx = context(conn, &settings, now)?;
        let due = due_of(conn, &rule, &cx)?;
        let capped = due.iter().filter(|d| d.capped).count() as i64;
        Ok(Preview {
            rule: shown,
            total: due.len() as i64,
            capped,
            people: due.into_iter().take(PREVIEW_MAX).collect(),
            quiet_now: in_quiet_hours(now, &settings),
            sends_from: quiet_ends_at(now, &settings),
        })
    })
}

// --------------------------------------------------------------- sending

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct RunReport {
    pub queued: u32,
    pub capped: u32,
    /// Nothing was sent: quiet hours.
    pub quiet: bool,
}

/// Queues everything due at `now` through the outbox, rule by rule, in one
/// transaction: a crash leaves either all of this run or none of it.
pub fn run(store: &Store, now: i64, links: &LinkBuilder<'_>) -> Result<RunReport> {
    run_scope(store, now, links, Scope::All)
}

/// Which rules a run looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    /// Only the order notifications: cheap, so the scheduler looks every
    /// minute; the day-based rules change with the day or with a write.
    OrderSteps,
}

fn enabled_rules(conn: &Connection, scope: Scope) -> Result<Vec<AutomationRule>> {
    let mut stmt = conn.prepare(&format!("{RULE_SQL} WHERE r.enabled = 1 ORDER BY r.id"))?;
    let rules: Vec<AutomationRule> = stmt.query_map([], rule_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rules.into_iter().filter(|r| scope == Scope::All || r.key.order_step().is_some()).collect())
}

pub fn run_scope(store: &Store, now: i64, links: &LinkBuilder<'_>, scope: Scope) -> Result<RunReport> {
    // Look first without the write lock: most minutes nothing is due, and
    // the window's own writes should not wait behind a scan.
    let anything = store.read(|conn| {
        let settings = load_settings(conn)?;
        if in_quiet_hours(now, &settings) {
            return Ok(None);
        }
        let cx = context(conn, &settings, now)?;
        for rule in enabled_rules(conn, scope)? {
            if due_of(conn, &rule, &cx)?.iter().any(|d| !d.capped) {
                return Ok(Some(true));
            }
        }
        Ok(Some(false))
    })?;
    match anything {
        None => return Ok(RunReport { quiet: true, ..Default::default() }),
        Some(false) => return Ok(RunReport::default()),
        Some(true) => {}
    }
    store.write(|tx| {
        let settings = load_settings(tx)?;
        if in_quiet_hours(now, &settings) {
            return Ok(RunReport { quiet: true, ..Default::default() });
        }
        let cx = context(tx, &settings, now)?;
        let mut report = RunReport::default();
        // Transactional first: the cap never holds an order's news back.
        let (service, marketing): (Vec<AutomationRule>, Vec<AutomationRule>) =
            enabled_rules(tx, scope)?.into_iter().partition(|r| !r.marketing);
        for rule in service.iter().chain(&marketing) {
            let due = due_of(tx, rule, &cx)?;
            if rule.key == RuleKey::Survey {
                report.queued += send_survey(tx, rule, &cx, due, links)?;
                continue;
            }
            for mut d in due {
                if rule.marketing && cx.settings.marketing_cap_days > 0 && capped(tx, &cx, d.customer_id)? {
                    report.capped += 1;
                    continue;
                }
                queue(tx, rule, &cx, &mut d)?;
                report.queued += 1;
            }
        }
        Ok(report)
    })
}

/// The customer had a marketing message within the cap's days; inside a
/// run's transaction this also counts what the run queued so far.
fn capped(conn: &Connection, cx: &Context<'_>, customer_id: i64) -> Result<bool> {
    let since = cx.now - cx.settings.marketing_cap_days as i64 * DAY_MS;
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM automation_sends WHERE customer_id = ?1 AND marketing = 1 AND at > ?2)",
        )?
        .query_row(params![customer_id, since], |r| r.get(0))?)
}

fn queue(tx: &Transaction<'_>, rule: &AutomationRule, cx: &Context<'_>, due: &mut Due) -> Result<()> {
    let mut vars = std::mem::take(&mut due.vars);
    vars.insert("notice".into(), "automation".into());
    vars.insert("rule".into(), rule.key.as_str().into());
    if let Some(language) = &due.language {
        vars.insert("language".into(), language.clone().into());
    }
    if let Some(order_id) = due.order_id {
        let (number, carrier, code, own, product): (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) = tx.query_row(
            "SELECT o.number, o.carrier, o.tracking_code, o.tracking_url,
                        (SELECT product FROM order_lines l WHERE l.order_id = o.id ORDER BY position LIMIT 1)
                 FROM orders o WHERE o.id = ?1",
            [order_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let url = tracking_url(tx, carrier.as_deref(), code.as_deref(), own.as_deref())?;
        vars.insert("order_number".into(), number.into());
        vars.insert("carrier".into(), carrier.unwrap_or_default().into());
        vars.insert("tracking_code".into(), code.unwrap_or_default().into());
        vars.insert("tracking_url".into(), url.unwrap_or_default().into());
        vars.insert("product".into(), product.unwrap_or_default().into());
    }
    let coupon = if rule.key == RuleKey::WinBack && rule.coupon_percent > 0 {
        // Single use, for this customer only, valid `coupon_days` days.
        let expires = cx.today.checked_add((rule.coupon_days as i64).days()).unwrap_or(cx.today);
        let input = coupons::CouponInput {
            prefix: "VUELVE".into(),
            kind: coupons::CouponKind::Percent,
            value: rule.coupon_percent.to_string(),
            expires_on: Some(expires.to_string()),
            max_uses: Some(1),
            min_order: None,
            customer_id: Some(due.customer_id),
            note: String::new(),
        };
        let coupon = coupons::issue(tx, &input, coupons::CouponSource::Rule, cx.now)?;
        vars.insert("coupon_code".into(), coupon.code.clone().into());
        vars.insert("coupon_value".into(), format!("{} %", rule.coupon_percent).into());
        vars.insert("coupon_expires".into(), expires.to_string().into());
        Some(coupon.id)
    } else {
        None
    };
    let vars = serde_json::Value::Object(vars);
    let outbox_id =
        newsletter::insert_outbox(tx, None, "notice", &due.email, &due.email_key, &due.name, &vars, "queued", "")?;
    record(tx, rule, due, Some(outbox_id), coupon, cx.now)
}

fn record(
    tx: &Transaction<'_>,
    rule: &AutomationRule,
    due: &Due,
    outbox_id: Option<i64>,
    coupon_id: Option<i64>,
    now: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO automation_sends (rule_id, customer_id, trigger, order_id, outbox_id, coupon_id, marketing, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        rule.id,
        due.customer_id,
        due.trigger,
        due.order_id,
        outbox_id,
        coupon_id,
        rule.marketing,
        now
    ])?;
    Ok(())
}

/// The survey rule sends through the surveys area (its signed links, its
/// results), as one automatic survey per day.
fn send_survey(
    tx: &Transaction<'_>,
    rule: &AutomationRule,
    cx: &Context<'_>,
    due: Vec<Due>,
    links: &LinkBuilder<'_>,
) -> Result<u32> {
    if due.is_empty() {
        return Ok(0);
    }
    let kind = SurveyKind::parse(&rule.condition).unwrap_or(SurveyKind::Nps);
    let people: Vec<surveys::SurveyCandidate> = due
        .iter()
        .map(|d| surveys::SurveyCandidate {
            customer_id: d.customer_id,
            name: d.name.clone(),
            email: Some(d.email.clone()),
            order_id: d.order_id.unwrap_or(0),
            order_number: d.order_number.clone().unwrap_or_default(),
            delivered_on: String::new(),
            language: d
                .language
                .as_deref()
                .map_or(if cx.spanish_shop { Language::Es } else { Language::En }, Language::from_locale),
            excluded: None,
        })
        .collect();
    let name = format!("{} {}", kind.as_str().to_uppercase(), cx.today);
    let outbox_ids = surveys::send_to(tx, kind, &name, rule.delay_days, &people, links, cx.now)?;
    for (d, outbox_id) in due.iter().zip(outbox_ids) {
        record(tx, rule, d, Some(outbox_id), None, cx.now)?;
    }
    Ok(due.len() as u32)
}

// ---------------------------------------------------------------- timeline

/// One automatic message on a customer's page: what, when, why, and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Sent {
    #[ts(type = "number")]
    pub id: i64,
    pub rule: RuleKey,
    #[ts(type = "number")]
    pub at: i64,
    pub trigger: String,
    pub order_number: Option<String>,
    pub coupon_code: Option<String>,
    /// The outbox's state: queued, sent, failed, skipped, cancelled.
    pub state: Option<String>,
}

pub fn timeline(store: &Store, customer_id: i64) -> Result<Vec<Sent>> {
    store.read(|c| {
        let mut stmt = c.prepare(
            "SELECT s.id, r.key, s.at, s.trigger, o.number, k.code, x.state
             FROM automation_sends s JOIN automation_rules r ON r.id = s.rule_id
             LEFT JOIN orders o ON o.id = s.order_id LEFT JOIN coupons k ON k.id = s.coupon_id
             LEFT JOIN outbox x ON x.id = s.outbox_id
             WHERE s.customer_id = ?1 ORDER BY s.at DESC, s.id DESC",
        )?;
        let rows = stmt.query_map([customer_id], |r| {
            let key: String = r.get(1)?;
            Ok(Sent {
                id: r.get(0)?,
                rule: RuleKey::parse(&key).unwrap_or(RuleKey::OrderPlaced),
                at: r.get(2)?,
                trigger: r.get(3)?,
                order_number: r.get(4)?,
                coupon_code: r.get(5)?,
                state: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

// ------------------------------------------------------------- built-in texts

/// The built-in subject and body (Markdown with placeholders) of a rule in
/// a language: what a rule sends until the shop writes its own.
pub fn default_text(key: RuleKey, language: Language, with_coupon: bool) -> (&'static str, &'static str) {
    match (language, key) {
        (Language::Es, RuleKey::WinBack) if !with_coupon => (
            "Te echamos de menos",
            "Hace tiempo que no sabemos de ti. Tenemos novedades que creemos que te gustarán: pásate cuando quieras.",
        ),
        (Language::En, RuleKey::WinBack) if !with_coupon => (
            "We miss you",
            "It has been a while. We have new things we think you will like: drop by whenever you want.",
        ),
        (Language::Es, RuleKey::OrderPlaced) => (
            "Gracias por tu pedido {{ order_number }}",
            "¡Gracias por tu compra! Hemos recibido tu pedido **{{ order_number }}** y ya lo estamos preparando.\n\nTe avisaremos cuando salga hacia ti.",
        ),
        (Language::Es, RuleKey::OrderShipped) => (
            "Tu pedido {{ order_number }} está en camino",
            "Tu pedido **{{ order_number }}** ya ha salido con {{ carrier }}.\n\nPuedes seguirlo aquí: {{ tracking_url }}\n\nCódigo de seguimiento: {{ tracking_code }}",
        ),
        (Language::Es, RuleKey::OrderDelivered) => (
            "Tu pedido {{ order_number }} ha llegado",
            "Según el transportista, tu pedido **{{ order_number }}** ya está entregado. Si algo no está bien, responde a este mensaje y lo arreglamos.",
        ),
        (Language::Es, RuleKey::CareTips) => (
            "Cómo sacar el máximo partido a {{ product }}",
            "Esperamos que estés disfrutando de **{{ product }}**. Unos consejos para que te dure mucho tiempo:\n\n- Sigue las instrucciones de la etiqueta.\n- Guárdalo en un lugar seco.\n\n¿Tienes dudas? Responde a este mensaje.",
        ),
        (Language::Es, RuleKey::ReviewRequest) => (
            "¿Nos dejas una reseña?",
            "¡Gracias por tu valoración! Si te apetece, una reseña nos ayuda muchísimo a que otras personas nos conozcan.",
        ),
        (Language::Es, RuleKey::WinBack) => (
            "Te echamos de menos",
            "Hace tiempo que no sabemos de ti. Tenemos novedades que creemos que te gustarán.\n\nCon el código **{{ coupon_code }}** tienes {{ coupon_value }} de descuento hasta el {{ coupon_expires }}.",
        ),
        (Language::Es, RuleKey::PointsExpiring) => (
            "Tus {{ points }} puntos caducan pronto",
            "Tienes **{{ points }} puntos** que caducan el {{ points_expire_on }}. ¡Úsalos en tu próxima compra!",
        ),
        (Language::Es, RuleKey::Survey) => ("", ""),
        (Language::En, RuleKey::OrderPlaced) => (
            "Thank you for your order {{ order_number }}",
            "Thank you for shopping with us! We have your order **{{ order_number }}** and are getting it ready.\n\nWe will let you know when it is on its way.",
        ),
        (Language::En, RuleKey::OrderShipped) => (
            "Your order {{ order_number }} is on its way",
            "Your order **{{ order_number }}** has left with {{ carrier }}.\n\nTrack it here: {{ tracking_url }}\n\nTracking code: {{ tracking_code }}",
        ),
        (Language::En, RuleKey::OrderDelivered) => (
            "Your order {{ order_number }} has arrived",
            "The carrier says your order **{{ order_number }}** has been delivered. If anything is wrong, reply to this message and we will fix it.",
        ),
        (Language::En, RuleKey::CareTips) => (
            "Getting the most out of {{ product }}",
            "We hope you are enjoying **{{ product }}**. A few tips to make it last:\n\n- Follow the care label.\n- Keep it somewhere dry.\n\nQuestions? Just reply to this message.",
        ),
        (Language::En, RuleKey::ReviewRequest) => (
            "Would you leave us a review?",
            "Thank you for your rating! If you have a minute, a review helps other people find us.",
        ),
        (Language::En, RuleKey::WinBack) => (
            "We miss you",
            "It has been a while. We have new things we think you will like.\n\nWith the code **{{ coupon_code }}** you get {{ coupon_value }} off until {{ coupon_expires }}.",
        ),
        (Language::En, RuleKey::PointsExpiring) => (
            "Your {{ points }} points expire soon",
            "You have **{{ points }} points** expiring on {{ points_expire_on }}. Use them on your next purchase!",
        ),
        (Language::En, RuleKey::Survey) => ("", ""),
    }
}

/// The placeholders a rule's messages may use, beyond the campaign ones.
pub const PLACEHOLDERS: &[&str] = &[
    "order_number",
    "carrier",
    "tracking_code",
    "tracking_url",
    "product",
    "coupon_code",
    "coupon_value",
    "coupon_expires",
    "points",
    "points_expire_on",
];

// --------------------------------------------------------------- scheduler

/// The thread that runs the rules: every minute, or soon after `wake`,
/// and not at all through the quiet hours. It keeps no state of its own:
/// what is due comes from the store each time.
#[derive(Clone, Default)]
pub struct Scheduler(std::sync::Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>);

impl Scheduler {
    /// Starts the thread; `tick(scope)` runs the rules (and tells whoever
    /// cares): every rule on the first run, after a wake and when the
    /// shop's day changes; the order notifications every minute.
    pub fn spawn(store: std::sync::Arc<Store>, mut tick: impl FnMut(Scope) + Send + 'static) -> Scheduler {
        let scheduler = Scheduler::default();
        let sleeper = scheduler.clone();
        std::thread::Builder::new()
            .name("automations".into())
            .spawn(move || {
                let mut last_full: Option<Date> = None;
                let mut woken = true;
                loop {
                    let now = crate::store::now_ms();
                    let settings = get_settings(&store).map(|v| v.settings);
                    let today = settings.as_ref().ok().map(|s| local_date(now, &s.zone()));
                    let full = woken || today != last_full;
                    if full && settings.as_ref().is_ok_and(|s| !in_quiet_hours(now, s)) {
                        last_full = today;
                    }
                    tick(if full { Scope::All } else { Scope::OrderSteps });
                    // Until the next minute, or the end of the quiet hours.
                    let wait = settings.map(|s| quiet_ends_at(now, &s) - now).unwrap_or(0).clamp(60_000, 6 * 3_600_000);
                    woken = sleeper.sleep(std::time::Duration::from_millis(wait as u64));
                    // Let a burst of writes (an import, a bulk change) settle first.
                    std::thread::sleep(std::time::Duration::from_millis(500));
                }
            })
            .expect("the automations thread starts");
        scheduler
    }

    /// Runs the rules soon instead of at the next minute.
    pub fn wake(&self) {
        let (woken, signal) = &*self.0;
        *woken.lock().unwrap_or_else(|e| e.into_inner()) = true;
        signal.notify_one();
    }

    /// Sleeps `timeout` or until woken; true when woken.
    fn sleep(&self, timeout: std::time::Duration) -> bool {
        let (woken, signal) = &*self.0;
        let guard = woken.lock().unwrap_or_else(|e| e.into_inner());
        let (mut guard, _) =
            signal.wait_timeout_while(guard, timeout, |woken| !*woken).unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *guard)
    }
}
