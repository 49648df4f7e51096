//! Satisfaction surveys: who gets one (and who does not, and why), sending
//! them as a campaign with one signed link per score, answers from the
//! response collector or typed in from a phone call, the figures (NPS, CSAT,
//! CES) and the follow-up case an unhappy answer opens.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::campaigns::{self, Campaign};
use crate::error::{Error, Problems, Result};
use crate::newsletter::{first_name, insert_outbox, token};
use crate::settings::Language;
use crate::store::{Store, now_ms};
use crate::text;

/// Nobody is asked again within this many days.
pub const QUIET_DAYS: i64 = 180;
pub const FOLLOW_UP_MAX: usize = 300;
pub const COMMENT_MAX: usize = 2_000;
/// Rows the audience preview lists (the counts cover everyone).
const PREVIEW_ROWS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SurveyKind {
    /// 0–10, "how likely are you to recommend us".
    Nps,
    /// 1–5, satisfaction.
    Csat,
    /// 1–7, "it was easy".
    Ces,
}

impl SurveyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Nps => "nps",
            Self::Csat => "csat",
            Self::Ces => "ces",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "nps" => Some(Self::Nps),
            "csat" => Some(Self::Csat),
            "ces" => Some(Self::Ces),
            _ => None,
        }
    }

    pub fn scores(self) -> std::ops::RangeInclusive<i64> {
        match self {
            Self::Nps => 0..=10,
            Self::Csat => 1..=5,
            Self::Ces => 1..=7,
        }
    }

    /// Answers that open a follow-up case: NPS detractors (0–6), CSAT 1–2,
    /// CES 1–3 (the customer found it hard).
    pub fn unhappy(self, score: i64) -> Option<&'static str> {
        match self {
            Self::Nps if score <= 6 => Some("detractor"),
            Self::Csat if score <= 2 => Some("low_csat"),
            Self::Ces if score <= 3 => Some("hard_effort"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Email,
    Phone,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct SurveyInput {
    pub kind: SurveyKind,
    /// Shown in the app's campaign list.
    pub name: String,
    /// Optional open question on the thank-you page, per language.
    pub follow_up_es: String,
    pub follow_up_en: String,
    /// Customers whose order was delivered within this many days.
    pub delivered_within_days: u32,
}

/// Why a customer with a recently delivered order does not get the survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    NoEmail,
    Suppressed,
    SurveyedRecently,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SurveyCandidate {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub name: String,
    pub email: Option<String>,
    #[ts(type = "number")]
    pub order_id: i64,
    pub order_number: String,
    pub delivered_on: String,
    pub language: Language,
    /// None: included.
    pub excluded: Option<Exclusion>,
}

/// Who is in, who is out and why, before sending.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SurveyAudience {
    pub included: u32,
    pub excluded: u32,
    /// The first people (included first), for the preview table.
    pub candidates: Vec<SurveyCandidate>,
}

/// What the link builder needs for one recipient.
pub struct LinkRequest<'a> {
    pub kind: SurveyKind,
    pub language: Language,
    /// The recipient's reference inside the signed links.
    pub reference: &'a str,
}

/// One URL per score, in score order; supplied by the shell, which holds the
/// collector's secret (or builds `mailto:` links without a collector).
pub type LinkBuilder<'a> = dyn Fn(&LinkRequest<'_>) -> Vec<String> + 'a;

fn validate(input: &SurveyInput) -> Result<()> {
    let mut problems = Problems::default();
    let name = input.name.trim();
    if name.is_empty() {
        problems.add("name", "required");
    } else if name.chars().count() > campaigns::SUBJECT_MAX || text::has_control_chars(name) {
        problems.add("name", "text_invalid");
    }
    for (field, value) in [("follow_up_es", &input.follow_up_es), ("follow_up_en", &input.follow_up_en)] {
        if value.chars().count() > FOLLOW_UP_MAX || text::has_control_chars(value) {
            problems.add(field, "text_invalid");
        }
    }
    if !(1..=365).contains(&input.delivered_within_days) {
        problems.add("delivered_within_days", "days_invalid");
    }
    problems.into_result()
}

/// Everyone whose order was delivered in the window, newest delivery per
/// customer, with the reason when they are left out.
fn candidates(conn: &Connection, days: u32) -> Result<Vec<SurveyCandidate>> {
    let quiet_since = now_ms() - QUIET_DAYS * 86_400_000;
    let mut stmt = conn.prepare(
        "WITH recent AS (
             SELECT o.customer_id, o.id AS order_id, o.number, o.delivered_on,
                    row_number() OVER (PARTITION BY o.customer_id ORDER BY o.delivered_on DESC, o.id DESC) AS n
             FROM orders o
             WHERE o.status = 'delivered' AND o.delivered_on >= date('now', ?1)
         )
         SELECT c.id, c.name, c.email, r.order_id, r.number, r.delivered_on, c.language,
                CASE
                    WHEN c.email_key IS NULL THEN 'no_email'
                    WHEN EXISTS (SELECT 1 FROM suppressions x WHERE x.email_key = c.email_key) THEN 'suppressed'
                    WHEN EXISTS (SELECT 1 FROM survey_recipients s WHERE s.customer_id = c.id AND s.created_at >= ?2)
                        THEN 'surveyed_recently'
                END
         FROM recent r JOIN customers c ON c.id = r.customer_id
         WHERE r.n = 1
         ORDER BY r.delivered_on DESC, c.id",
    )?;
    let rows = stmt.query_map(params![format!("-{days} days"), quiet_since], |r| {
        let language: Option<String> = r.get(6)?;
        let excluded: Option<String> = r.get(7)?;
        Ok(SurveyCandidate {
            customer_id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            order_id: r.get(3)?,
            order_number: r.get(4)?,
            delivered_on: r.get(5)?,
            language: language.map_or(Language::Es, |l| Language::from_locale(&l)),
            excluded: excluded.map(|e| match e.as_str() {
                "no_email" => Exclusion::NoEmail,
                "suppressed" => Exclusion::Suppressed,
                _ => Exclusion::SurveyedRecently,
            }),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn audience(store: &Store, delivered_within_days: u32) -> Result<SurveyAudience> {
    if !(1..=365).contains(&delivered_within_days) {
        return Err(Error::invalid("delivered_within_days", "days_invalid"));
    }
    store.read(|conn| {
        let mut all = candidates(conn, delivered_within_days)?;
        let included = all.iter().filter(|c| c.excluded.is_none()).count() as u32;
        let excluded = all.len() as u32 - included;
        all.sort_by_key(|c| c.excluded.is_some());
        all.truncate(PREVIEW_ROWS);
        Ok(SurveyAudience { included, excluded, candidates: all })
    })
}

/// Sends the survey now: the survey, its campaign and every recipient's
/// outbox row (with the links for each score) in one transaction.
pub fn send(store: &Store, input: &SurveyInput, links: &LinkBuilder<'_>) -> Result<Campaign> {
    validate(input)?;
    store.write(|tx| {
        let people: Vec<SurveyCandidate> =
            candidates(tx, input.delivered_within_days)?.into_iter().filter(|c| c.excluded.is_none()).collect();
        if people.is_empty() {
            return Err(Error::invalid("audience", "audience_empty"));
        }
        let (campaign_id, _) = start(tx, input, &people, links, now_ms())?;
        campaigns::load(tx, campaign_id)
    })
}

/// The automatic survey of a day (the automations' survey rule): the same
/// survey, campaign and signed links as one sent by hand, to `people`.
/// Returns each person's outbox message, in order.
pub(crate) fn send_to(
    tx: &Transaction<'_>,
    kind: SurveyKind,
    name: &str,
    delivered_within_days: u32,
    people: &[SurveyCandidate],
    links: &LinkBuilder<'_>,
    now: i64,
) -> Result<Vec<i64>> {
    let input = SurveyInput {
        kind,
        name: name.to_owned(),
        follow_up_es: "¿Quieres contarnos algo más?".into(),
        follow_up_en: "Anything else you would like to tell us?".into(),
        delivered_within_days: delivered_within_days.clamp(1, 365),
    };
    Ok(start(tx, &input, people, links, now)?.1)
}

fn start(
    tx: &Transaction<'_>,
    input: &SurveyInput,
    people: &[SurveyCandidate],
    links: &LinkBuilder<'_>,
    now: i64,
) -> Result<(i64, Vec<i64>)> {
    tx.execute(
        "INSERT INTO surveys (kind, follow_up_es, follow_up_en, delivered_within_days, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            input.kind.as_str(),
            input.follow_up_es.trim(),
            input.follow_up_en.trim(),
            input.delivered_within_days,
            now
        ],
    )?;
    let survey_id = tx.last_insert_rowid();
    let audience = serde_json::json!({ "list_id": null, "rules": [] }).to_string();
    tx.execute(
        "INSERT INTO campaigns (name, subject, audience, status, started_at, created_at, updated_at, survey_id)
         VALUES (?1, ?1, ?2, 'sending', ?3, ?3, ?3, ?4)",
        params![input.name.trim(), audience, now, survey_id],
    )?;
    let campaign_id = tx.last_insert_rowid();
    let mut outbox = Vec::with_capacity(people.len());
    for person in people {
        outbox.push(queue(tx, survey_id, campaign_id, input, person, links, now)?);
    }
    Ok((campaign_id, outbox))
}

fn queue(
    tx: &Transaction<'_>,
    survey_id: i64,
    campaign_id: i64,
    input: &SurveyInput,
    person: &SurveyCandidate,
    links: &LinkBuilder<'_>,
    now: i64,
) -> Result<i64> {
    let email = person.email.as_deref().expect("included people have an email");
    let reference = token();
    tx.prepare_cached(
        "INSERT INTO survey_recipients (survey_id, customer_id, order_id, ref, language, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![survey_id, person.customer_id, person.order_id, reference, person.language.code(), now])?;
    let urls = links(&LinkRequest { kind: input.kind, language: person.language, reference: &reference });
    let follow_up = match person.language {
        Language::Es => &input.follow_up_es,
        Language::En => &input.follow_up_en,
    };
    let mut vars = serde_json::json!({
        "name": person.name,
        "first_name": first_name(&person.name),
        "email": email,
        "survey": input.kind.as_str(),
        "language": person.language.code(),
        "order_number": person.order_number,
        "follow_up": follow_up.trim(),
    });
    // Flat `score_link_<score>` keys: placeholders are plain names.
    for (score, url) in input.kind.scores().zip(urls) {
        vars[format!("score_link_{score}")] = url.into();
    }
    insert_outbox(tx, Some(campaign_id), "campaign", email, &email.to_lowercase(), &person.name, &vars, "queued", "")
}

/// What a survey campaign needs to render its messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyOfCampaign {
    pub kind: SurveyKind,
}

/// Whether `campaign_id` sends a survey, and which kind.
pub fn of_campaign(conn: &Connection, campaign_id: i64) -> Result<Option<SurveyOfCampaign>> {
    let kind: Option<String> = conn
        .query_row(
            "SELECT s.kind FROM campaigns c JOIN surveys s ON s.id = c.survey_id WHERE c.id = ?1",
            [campaign_id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(kind.and_then(|k| SurveyKind::parse(&k)).map(|kind| SurveyOfCampaign { kind }))
}

/// The result of applying one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    New,
    Changed,
    Unchanged,
    /// No recipient with that reference (another shop's link, or erased).
    Unknown,
}

/// Records an answer from the collector. Idempotent: the same answer twice
/// counts once; a changed score replaces the earlier one.
pub fn apply_answer(tx: &Transaction<'_>, reference: &str, score: i64, comment: &str, at_ms: i64) -> Result<Applied> {
    let recipient: Option<(i64, i64, Option<i64>, String)> = tx
        .query_row(
            "SELECT r.id, r.customer_id, r.order_id, s.kind FROM survey_recipients r JOIN surveys s ON s.id = r.survey_id
             WHERE r.ref = ?1",
            [reference],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((recipient_id, customer_id, order_id, kind)) = recipient else { return Ok(Applied::Unknown) };
    let kind = SurveyKind::parse(&kind).expect("stored kinds are valid");
    if !kind.scores().contains(&score) {
        return Ok(Applied::Unknown);
    }
    let comment: String = comment.chars().take(COMMENT_MAX).collect();
    let existing: Option<(i64, i64, String)> = tx
        .query_row("SELECT id, score, comment FROM survey_responses WHERE recipient_id = ?1", [recipient_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let applied = match existing {
        Some((_, old_score, old_comment)) if old_score == score && old_comment == comment => {
            return Ok(Applied::Unchanged);
        }
        Some((id, ..)) => {
            tx.execute(
                "UPDATE survey_responses SET score = ?2, comment = ?3, answered_at = ?4 WHERE id = ?1",
                params![id, score, comment, at_ms],
            )?;
            follow_up(tx, id, customer_id, kind, score)?;
            Applied::Changed
        }
        None => {
            tx.execute(
                "INSERT INTO survey_responses (recipient_id, customer_id, order_id, kind, score, comment, channel, answered_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'email', ?7, ?8)",
                params![recipient_id, customer_id, order_id, kind.as_str(), score, comment, at_ms, now_ms()],
            )?;
            follow_up(tx, tx.last_insert_rowid(), customer_id, kind, score)?;
            Applied::New
        }
    };
    Ok(applied)
}

/// Opens a follow-up case for an unhappy answer (once per answer).
fn follow_up(tx: &Transaction<'_>, response_id: i64, customer_id: i64, kind: SurveyKind, score: i64) -> Result<()> {
    if let Some(reason) = kind.unhappy(score) {
        tx.execute(
            "INSERT INTO follow_ups (customer_id, response_id, reason, status, created_at) VALUES (?1, ?2, ?3, 'open', ?4)
             ON CONFLICT (response_id) DO NOTHING",
            params![customer_id, response_id, reason, now_ms()],
        )?;
        crate::complaints::open_for_survey(tx, response_id, now_ms())?;
    }
    Ok(())
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct PhoneAnswer {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub kind: SurveyKind,
    pub score: i64,
    pub comment: String,
    #[ts(type = "number | null")]
    pub order_id: Option<i64>,
}

/// A score heard on the phone, typed in on the customer's page.
pub fn record_phone_answer(store: &Store, answer: &PhoneAnswer) -> Result<Response> {
    let mut problems = Problems::default();
    if !answer.kind.scores().contains(&answer.score) {
        problems.add("score", "score_out_of_range");
    }
    let comment = text::clean_multiline(&mut problems, "comment", &answer.comment, COMMENT_MAX);
    problems.into_result()?;
    store.write(|tx| {
        crate::customers::load(tx, answer.customer_id)?;
        if let Some(order) = answer.order_id {
            let mine: bool = tx.query_row(
                "SELECT count(*) FROM orders WHERE id = ?1 AND customer_id = ?2",
                params![order, answer.customer_id],
                |r| r.get(0),
            )?;
            if !mine {
                return Err(Error::invalid("order_id", "order_not_found"));
            }
        }
        let now = now_ms();
        tx.execute(
            "INSERT INTO survey_responses (customer_id, order_id, kind, score, comment, channel, answered_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'phone', ?6, ?6)",
            params![answer.customer_id, answer.order_id, answer.kind.as_str(), answer.score, comment, now],
        )?;
        let id = tx.last_insert_rowid();
        follow_up(tx, id, answer.customer_id, answer.kind, answer.score)?;
        load_response(tx, id)
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Response {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub kind: SurveyKind,
    #[ts(type = "number")]
    pub score: i64,
    pub comment: String,
    pub channel: Channel,
    pub order_number: Option<String>,
    #[ts(type = "number")]
    pub answered_at: i64,
}

const RESPONSE_COLUMNS: &str = "SELECT r.id, r.customer_id, c.name, r.kind, r.score, r.comment, r.channel, o.number,
        r.answered_at
    FROM survey_responses r JOIN customers c ON c.id = r.customer_id LEFT JOIN orders o ON o.id = r.order_id";

fn response_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Response> {
    Ok(Response {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer_name: r.get(2)?,
        kind: SurveyKind::parse(&r.get::<_, String>(3)?).unwrap_or(SurveyKind::Nps),
        score: r.get(4)?,
        comment: r.get(5)?,
        channel: if r.get::<_, String>(6)? == "phone" { Channel::Phone } else { Channel::Email },
        order_number: r.get(7)?,
        answered_at: r.get(8)?,
    })
}

fn load_response(conn: &Connection, id: i64) -> Result<Response> {
    Ok(conn.query_row(&format!("{RESPONSE_COLUMNS} WHERE r.id = ?1"), [id], response_from_row)?)
}

/// A customer's answers, newest first, for their page.
pub fn responses_of(store: &Store, customer_id: i64) -> Result<Vec<Response>> {
    store.read(|conn| {
        let mut stmt = conn
            .prepare(&format!("{RESPONSE_COLUMNS} WHERE r.customer_id = ?1 ORDER BY r.answered_at DESC, r.id DESC"))?;
        Ok(stmt.query_map([customer_id], response_from_row)?.collect::<rusqlite::Result<_>>()?)
    })
}

/// Answers with a comment, newest first, optionally only unhappy ones or
/// those containing `query`.
pub fn comments(store: &Store, kind: SurveyKind, query: &str, unhappy_only: bool, limit: u32) -> Result<Vec<Response>> {
    text::check_query(query)?;
    store.read(|conn| {
        let mut stmt = conn.prepare(&format!(
            "{RESPONSE_COLUMNS} WHERE r.kind = ?1 AND r.comment <> '' AND r.comment LIKE ?2
             ORDER BY r.answered_at DESC, r.id DESC LIMIT ?3"
        ))?;
        let pattern = format!("%{}%", query.trim().replace(['%', '_'], ""));
        let rows = stmt.query_map(params![kind.as_str(), pattern, limit], response_from_row)?;
        let all: Vec<Response> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(all.into_iter().filter(|r| !unhappy_only || kind.unhappy(r.score).is_some()).collect())
    })
}

/// One group's figure: NPS (−100…100), CSAT (% of 4–5) or CES (mean).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Figure {
    pub group: String,
    #[ts(type = "number")]
    pub answers: i64,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SurveyResults {
    pub kind: SurveyKind,
    pub overall: Figure,
    /// People asked by email in the period, and the share who answered.
    #[ts(type = "number")]
    pub asked: i64,
    pub response_rate: Option<f64>,
    /// Answers per score, from the lowest score up.
    pub distribution: Vec<u32>,
    pub by_month: Vec<Figure>,
    pub by_product: Vec<Figure>,
    pub by_channel: Vec<Figure>,
}

/// The figure for a set of scores.
pub fn figure(kind: SurveyKind, scores: &[i64]) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let n = scores.len() as f64;
    Some(match kind {
        SurveyKind::Nps => {
            let promoters = scores.iter().filter(|s| **s >= 9).count() as f64;
            let detractors = scores.iter().filter(|s| **s <= 6).count() as f64;
            (promoters - detractors) / n * 100.0
        }
        SurveyKind::Csat => scores.iter().filter(|s| **s >= 4).count() as f64 / n * 100.0,
        SurveyKind::Ces => scores.iter().sum::<i64>() as f64 / n,
    })
}

fn group_figures(kind: SurveyKind, mut rows: Vec<(String, i64)>) -> Vec<Figure> {
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<Figure> = Vec::new();
    let mut scores = Vec::new();
    let mut current: Option<String> = None;
    for (group, score) in rows {
        if current.as_ref() != Some(&group) {
            if let Some(g) = current.take() {
                out.push(Figure { group: g, answers: scores.len() as i64, value: figure(kind, &scores) });
                scores.clear();
            }
            current = Some(group);
        }
        scores.push(score);
    }
    if let Some(g) = current {
        out.push(Figure { group: g, answers: scores.len() as i64, value: figure(kind, &scores) });
    }
    out
}

/// The figures for answers given between `from` and `to` (`YYYY-MM-DD` in
/// local time, inclusive), by month, by product (the SKU, or the product name, of the
/// order that triggered the survey) and by channel.
pub fn results(store: &Store, kind: SurveyKind, from: &str, to: &str) -> Result<SurveyResults> {
    let mut problems = Problems::default();
    let (start, end) = (text::parse_day(from), text::parse_day(to));
    for (field, day) in [("from", start), ("to", end)] {
        if day.is_none() {
            problems.add(field, "date_invalid");
        }
    }
    if start.zip(end).is_some_and(|(start, end)| start > end) {
        problems.add("to", "period_invalid");
    }
    problems.into_result()?;
    let (from, to) = (from.trim(), to.trim());
    store.read(|conn| {
        let range = "r.kind = ?1 AND date(r.answered_at / 1000, 'unixepoch', 'localtime') BETWEEN ?2 AND ?3";
        let mut stmt = conn.prepare(&format!(
            "SELECT strftime('%Y-%m', r.answered_at / 1000, 'unixepoch', 'localtime'), r.channel, r.score FROM survey_responses r
             WHERE {range}"
        ))?;
        let rows: Vec<(String, String, i64)> = stmt
            .query_map(params![kind.as_str(), from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let scores: Vec<i64> = rows.iter().map(|r| r.2).collect();
        let mut distribution = vec![0u32; kind.scores().count()];
        for s in &scores {
            distribution[(*s - kind.scores().start()) as usize] += 1;
        }
        let mut stmt = conn.prepare(&format!(
            "SELECT coalesce(l.sku, l.product), r.score FROM survey_responses r
             JOIN order_lines l ON l.order_id = r.order_id
             WHERE {range}"
        ))?;
        let products: Vec<(String, i64)> = stmt
            .query_map(params![kind.as_str(), from, to], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let asked: i64 = conn.query_row(
            "SELECT count(*) FROM survey_recipients sr JOIN surveys s ON s.id = sr.survey_id
             WHERE s.kind = ?1 AND date(sr.created_at / 1000, 'unixepoch', 'localtime') BETWEEN ?2 AND ?3",
            params![kind.as_str(), from, to],
            |r| r.get(0),
        )?;
        let answered_by_email = rows.iter().filter(|r| r.1 == "email").count() as f64;
        Ok(SurveyResults {
            kind,
            overall: Figure { group: String::new(), answers: scores.len() as i64, value: figure(kind, &scores) },
            asked,
            response_rate: (asked > 0).then(|| answered_by_email / asked as f64 * 100.0),
            distribution,
            by_month: group_figures(kind, rows.iter().map(|r| (r.0.clone(), r.2)).collect()),
            by_product: group_figures(kind, products),
            by_channel: group_figures(kind, rows.iter().map(|r| (r.1.clone(), r.2)).collect()),
        })
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FollowUp {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    /// `detractor`, `low_csat`, `hard_effort`.
    pub reason: String,
    pub response: Option<Response>,
    pub open: bool,
    pub note: String,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// Follow-up cases of one customer (or, with `None`, every open one).
pub fn follow_ups(store: &Store, customer_id: Option<i64>) -> Result<Vec<FollowUp>> {
    store.read(|conn| {
        let mut stmt = conn.prepare(
            "SELECT f.id, f.customer_id, c.name, f.reason, f.response_id, f.status, f.note, f.created_at
             FROM follow_ups f JOIN customers c ON c.id = f.customer_id
             WHERE (?1 IS NULL AND f.status = 'open') OR f.customer_id = ?1
             ORDER BY f.status = 'closed', f.created_at DESC",
        )?;
        let rows: Vec<(FollowUp, Option<i64>)> = stmt
            .query_map([customer_id], |r| {
                Ok((
                    FollowUp {
                        id: r.get(0)?,
                        customer_id: r.get(1)?,
                        customer_name: r.get(2)?,
                        reason: r.get(3)?,
                        response: None,
                        open: r.get::<_, String>(5)? == "open",
                        note: r.get(6)?,
                        created_at: r.get(7)?,
                    },
                    r.get(4)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(mut f, response)| {
                if let Some(id) = response {
                    f.response = Some(load_response(conn, id)?);
                }
                Ok(f)
            })
            .collect()
    })
}

/// Closes a case with what was done ("called, sent a replacement").
pub fn close_follow_up(store: &Store, id: i64, note: &str) -> Result<()> {
    let mut problems = Problems::default();
    let note = text::clean_multiline(&mut problems, "note", note, COMMENT_MAX);
    problems.into_result()?;
    store.write(|tx| {
        let changed = tx.execute(
            "UPDATE follow_ups SET status = 'closed', note = ?2, closed_at = ?3 WHERE id = ?1",
            params![id, note, now_ms()],
        )?;
        if changed == 0 {
            return Err(Error::NotFound { entity: "follow_up", id });
        }
        let response: Option<i64> =
            tx.query_row("SELECT response_id FROM follow_ups WHERE id = ?1", [id], |r| r.get(0))?;
        if let Some(response) = response {
            crate::complaints::close_for_survey(tx, response, &note, now_ms())?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customers::{self, CustomerInput};
    use crate::orders::{self, OrderStatus};
    use crate::testkit::{self, TestStore};

    fn delivered(store: &Store, name: &str, email: Option<&str>, days_ago: i64) -> i64 {
        let c =
            customers::create(store, &CustomerInput { email: email.map(Into::into), ..testkit::customer_input(name) })
                .unwrap();
        let day = (time::OffsetDateTime::now_utc() - time::Duration::days(days_ago)).date().to_string();
        let mut order = testkit::order_input(c.id);
        order.status = OrderStatus::Delivered;
        order.placed_on = day.clone();
        order.delivered_on = Some(day);
        order.lines = vec![testkit::line("Botas", "1", "50"), testkit::line("Cordones", "2", "3")];
        order.lines[0].sku = Some("BOT-1".into());
        orders::create(store, &order).unwrap();
        c.id
    }

    fn input(kind: SurveyKind) -> SurveyInput {
        SurveyInput {
            kind,
            name: "NPS noviembre".into(),
            follow_up_es: "¿Qué podemos mejorar?".into(),
            follow_up_en: "What can we improve?".into(),
            delivered_within_days: 14,
        }
    }

    fn links(req: &LinkRequest<'_>) -> Vec<String> {
        req.kind.scores().map(|s| format!("https://encuestas.example/s/{}/{s}", req.reference)).collect()
    }

    #[test]
    fn the_audience_says_who_is_out_and_why() {
        let t = TestStore::new();
        let ana = delivered(&t.store, "Ana", Some("ana@example.com"), 3);
        delivered(&t.store, "Sin correo", None, 2);
        delivered(&t.store, "Hace mucho", Some("old@example.com"), 40);
        let baja = delivered(&t.store, "Baja", Some("baja@example.com"), 1);
        crate::newsletter::suppress(
            &t.store,
            "baja@example.com",
            crate::newsletter::SuppressionReason::Unsubscribed,
            "",
        )
        .unwrap();
        let a = audience(&t.store, 14).unwrap();
        assert_eq!((a.included, a.excluded), (1, 2), "the 40-day-old delivery is outside the window");
        assert_eq!(a.candidates[0].customer_id, ana, "included people come first");
        let out: Vec<_> = a.candidates[1..].iter().map(|c| (c.customer_id == baja, c.excluded)).collect();
        assert!(out.contains(&(true, Some(Exclusion::Suppressed))));
        assert!(out.contains(&(false, Some(Exclusion::NoEmail))));

        send(&t.store, &input(SurveyKind::Nps), &links).unwrap();
        let again = audience(&t.store, 14).unwrap();
        assert_eq!(again.included, 0);
        let ana_now = again.candidates.iter().find(|c| c.customer_id == ana).unwrap();
        assert_eq!(ana_now.excluded, Some(Exclusion::SurveyedRecently), "nobody is asked twice in 180 days");
        assert_eq!(
            send(&t.store, &input(SurveyKind::Nps), &links).unwrap_err().payload().fields[0].code,
            "audience_empty"
        );
    }

    #[test]
    fn sending_links_each_recipient_to_the_triggering_order_with_one_link_per_score() {
        let t = TestStore::new();
        let ana = delivered(&t.store, "Ana Núñez", Some("ana@example.com"), 3);
        let campaign = send(&t.store, &input(SurveyKind::Csat), &links).unwrap();
        assert_eq!(campaign.status, campaigns::CampaignStatus::Sending);
        assert_eq!(campaign.counts.remaining, 1);
        let (vars, order_of, reference): (String, i64, String) = t
            .store
            .read(|c| {
                Ok(c.query_row(
                    "SELECT o.vars, r.order_id, r.ref FROM outbox o, survey_recipients r WHERE r.customer_id = ?1",
                    [ana],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?)
            })
            .unwrap();
        let vars: serde_json::Value = serde_json::from_str(&vars).unwrap();
        assert_eq!(vars["survey"], "csat");
        assert!(vars["score_link_1"].as_str().unwrap().ends_with(&format!("{reference}/1")), "CSAT starts at 1");
        assert!(vars["score_link_5"].as_str().unwrap().ends_with(&format!("{reference}/5")));
        assert!(vars.get("score_link_0").is_none() && vars.get("score_link_6").is_none(), "CSAT has five buttons");
        let ordered: i64 = t
            .store
            .read(|c| Ok(c.query_row("SELECT id FROM orders WHERE customer_id = ?1", [ana], |r| r.get(0))?))
            .unwrap();
        assert_eq!(order_of, ordered, "the answer will be linked to the delivered order");
        let kind = t.store.read(|c| of_campaign(c, campaign.id)).unwrap();
        assert_eq!(kind, Some(SurveyOfCampaign { kind: SurveyKind::Csat }));
    }

    #[test]
    fn answers_are_idempotent_change_in_place_and_open_a_case_when_unhappy() {
        let t = TestStore::new();
        let ana = delivered(&t.store, "Ana", Some("ana@example.com"), 3);
        send(&t.store, &input(SurveyKind::Nps), &links).unwrap();
        let reference: String =
            t.store.read(|c| Ok(c.query_row("SELECT ref FROM survey_recipients", [], |r| r.get(0))?)).unwrap();
        let apply =
            |score, comment: &str| t.store.write(|tx| apply_answer(tx, &reference, score, comment, now_ms())).unwrap();
        assert_eq!(apply(10, ""), Applied::New);
        assert_eq!(apply(10, ""), Applied::Unchanged, "the same answer delivered twice counts once");
        assert_eq!(apply(3, "<b>tarde</b>"), Applied::Changed);
        assert_eq!(t.store.write(|tx| apply_answer(tx, "feedfeed", 5, "", 0)).unwrap(), Applied::Unknown);
        assert_eq!(
            t.store.write(|tx| apply_answer(tx, &reference, 11, "", 0)).unwrap(),
            Applied::Unknown,
            "out of range"
        );
        let mine = responses_of(&t.store, ana).unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!((mine[0].score, mine[0].comment.as_str()), (3, "<b>tarde</b>"));
        let cases = follow_ups(&t.store, Some(ana)).unwrap();
        assert_eq!(cases.len(), 1, "a detractor opens one case");
        assert_eq!(cases[0].reason, "detractor");
        assert_eq!(follow_ups(&t.store, None).unwrap().len(), 1, "listed among the open cases");
        close_follow_up(&t.store, cases[0].id, "Llamada, enviamos otra talla").unwrap();
        assert!(follow_ups(&t.store, None).unwrap().is_empty());
    }

    #[test]
    fn the_figures_follow_the_definitions() {
        assert_eq!(figure(SurveyKind::Nps, &[10, 9, 8, 7, 6, 0]), Some((2.0 - 2.0) / 6.0 * 100.0));
        assert_eq!(figure(SurveyKind::Nps, &[10, 10, 10, 0]), Some(50.0));
        assert_eq!(figure(SurveyKind::Csat, &[5, 4, 3, 1]), Some(50.0));
        assert_eq!(figure(SurveyKind::Ces, &[7, 5, 3]), Some(5.0));
        assert_eq!(figure(SurveyKind::Nps, &[]), None);
    }

    #[test]
    fn results_by_month_product_and_channel_with_phone_answers() {
        let t = TestStore::new();
        let ana = delivered(&t.store, "Ana", Some("ana@example.com"), 3);
        let luis = delivered(&t.store, "Luis", Some("luis@example.com"), 4);
        send(&t.store, &input(SurveyKind::Nps), &links).unwrap();
        let refs: Vec<String> = t
            .store
            .read(|c| {
                Ok(c.prepare("SELECT ref FROM survey_recipients ORDER BY id")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        t.store.write(|tx| apply_answer(tx, &refs[0], 10, "", now_ms())).unwrap();
        record_phone_answer(
            &t.store,
            &PhoneAnswer { customer_id: luis, kind: SurveyKind::Nps, score: 2, comment: "Roto".into(), order_id: None },
        )
        .unwrap();
        let bad = record_phone_answer(
            &t.store,
            &PhoneAnswer { customer_id: ana, kind: SurveyKind::Csat, score: 0, comment: String::new(), order_id: None },
        )
        .unwrap_err();
        assert_eq!(bad.payload().fields[0].code, "score_out_of_range");
        let today = time::OffsetDateTime::now_utc().date().to_string();
        let r = results(&t.store, SurveyKind::Nps, "2000-01-01", &today).unwrap();
        assert_eq!(r.overall.answers, 2);
        assert_eq!(r.overall.value, Some(0.0), "one promoter, one detractor");
        assert_eq!(r.asked, 2);
        assert_eq!(r.response_rate, Some(50.0), "one of two asked by email answered by email");
        assert_eq!(r.distribution[10], 1);
        assert_eq!(r.distribution[2], 1);
        let channels: Vec<_> = r.by_channel.iter().map(|f| (f.group.as_str(), f.value)).collect();
        assert_eq!(channels, [("email", Some(100.0)), ("phone", Some(-100.0))]);
        assert_eq!(
            r.by_product.iter().find(|f| f.group == "BOT-1").map(|f| f.answers),
            Some(1),
            "by the SKU of the order"
        );
        assert_eq!(r.by_month.len(), 1);
        assert_eq!(comments(&t.store, SurveyKind::Nps, "", true, 10).unwrap()[0].comment, "Roto");
    }
}
