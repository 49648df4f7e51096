//! The dashboard: the shop's after-sale figures over a period, month by
//! month, each one counted from the same rows the lists show (so a figure
//! and the list behind it always agree). Dates are the shop's local days.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::returns::ReasonCount;
use crate::store::Store;
use crate::surveys::{self, SurveyKind};

/// A period longer than this is refused: the charts have one bar a month.
const MAX_MONTHS: usize = 120;

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    #[ts(type = "number")]
    pub orders: i64,
    #[ts(type = "number")]
    pub returns: i64,
    #[ts(type = "number")]
    pub complaints_opened: i64,
    #[ts(type = "number")]
    pub complaints_resolved: i64,
    #[ts(type = "number")]
    pub points_issued: i64,
    #[ts(type = "number")]
    pub points_redeemed: i64,
    #[ts(type = "number")]
    pub points_expired: i64,
    pub nps: Option<f64>,
    pub csat: Option<f64>,
    pub ces: Option<f64>,
    #[ts(type = "number")]
    pub answers: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SurveyFigure {
    pub value: Option<f64>,
    #[ts(type = "number")]
    pub answers: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Dashboard {
    pub from: String,
    pub to: String,
    pub months: Vec<MonthFigures>,
    pub nps: SurveyFigure,
    pub csat: SurveyFigure,
    pub ces: SurveyFigure,
    /// Answers by email per survey email sent in the period, in percent.
    pub response_rate: Option<f64>,
    #[ts(type = "number")]
    pub surveys_sent: i64,
    /// Orders placed in the period (not cancelled).
    #[ts(type = "number")]
    pub orders: i64,
    /// Customers with an order in the period.
    #[ts(type = "number")]
    pub customers: i64,
    /// Of those, customers with two or more orders in the period.
    #[ts(type = "number")]
    pub repeat_customers: i64,
    /// Percent.
    pub repeat_rate: Option<f64>,
    pub orders_per_customer: Option<f64>,
    /// Orders of the period with a return that was not rejected.
    #[ts(type = "number")]
    pub orders_returned: i64,
    /// Percent of the period's orders.
    pub returns_rate: Option<f64>,
    pub top_reasons: Vec<ReasonCount>,
    #[ts(type = "number")]
    pub complaints_opened: i64,
    #[ts(type = "number")]
    pub complaints_resolved: i64,
    /// Over complaints resolved in the period.
    pub median_resolution_hours: Option<f64>,
    /// Now, whatever the period.
    #[ts(type = "number")]
    pub complaints_overdue: i64,
    #[ts(type = "number")]
    pub points_issued: i64,
    #[ts(type = "number")]
    pub points_redeemed: i64,
    #[ts(type = "number")]
    pub points_expired: i64,
}

fn parse_day(field: &str, value: &str) -> Result<time::Date> {
    crate::text::parse_day(value).ok_or_else(|| Error::invalid(field, "date_invalid"))
}

/// Every month from `from` to `to`, as `YYYY-MM`.
fn months_between(from: time::Date, to: time::Date) -> Vec<String> {
    let (mut year, mut month) = (from.year(), u8::from(from.month()));
    let end = (to.year(), u8::from(to.month()));
    let mut out = Vec::new();
    while (year, month) <= end && out.len() <= MAX_MONTHS {
        out.push(format!("{year:04}-{month:02}"));
        (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    }
    out
}

/// Per-month counts from `sql`, which selects (month, count) for `?1..?2`.
fn by_month(conn: &Connection, sql: &str, from: &str, to: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const LOCAL_DAY: &str = "date({} / 1000, 'unixepoch', 'localtime')";
const LOCAL_MONTH: &str = "strftime('%Y-%m', {} / 1000, 'unixepoch', 'localtime')";

fn local_day(column: &str) -> String {
    LOCAL_DAY.replace("{}", column)
}

fn local_month(column: &str) -> String {
    LOCAL_MONTH.replace("{}", column)
}

/// The figures for `from`..=`to` (`YYYY-MM-DD`, local days).
pub fn overview(store: &Store, from: &str, to: &str, now: i64) -> Result<Dashboard> {
    let (start, end) = (parse_day("from", from)?, parse_day("to", to)?);
    let (from, to) = (from.trim(), to.trim());
    if start > end {
        return Err(Error::invalid("to", "period_invalid"));
    }
    let months = months_between(start, end);
    if months.len() > MAX_MONTHS {
        return Err(Error::invalid("from", "period_invalid"));
    }
    store.read(|conn| {
        let mut table: BTreeMap<String, MonthFigures> =
            months.iter().map(|m| (m.clone(), MonthFigures { month: m.clone(), ..Default::default() })).collect();
        let mut put = |rows: Vec<(String, i64)>, set: fn(&mut MonthFigures, i64)| {
            for (month, n) in rows {
                if let Some(figures) = table.get_mut(&month) {
                    set(figures, n);
                }
            }
        };

        // Orders and customers.
        let orders_sql = "SELECT substr(placed_on, 1, 7), count(*) FROM orders
             WHERE placed_on BETWEEN ?1 AND ?2 AND status <> 'cancelled' GROUP BY 1";
        put(by_month(conn, orders_sql, from, to)?, |m, n| m.orders = n);
        let (orders, customers, repeat_customers): (i64, i64, i64) = conn.query_row(
            "SELECT coalesce(sum(n), 0), count(*), coalesce(sum(n >= 2), 0) FROM (
                 SELECT count(*) AS n FROM orders
                 WHERE placed_on BETWEEN ?1 AND ?2 AND status <> 'cancelled' GROUP BY customer_id)",
            params![from, to],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;

        // Returns: by the day they were opened; the rate over the period's orders.
        let returns_sql = format!(
            "SELECT {}, count(*) FROM returns WHERE {} BETWEEN ?1 AND ?2 AND status <> 'rejected' GROUP BY 1",
            local_month("created_at"),
            local_day("created_at")
        );
        put(by_month(conn, &returns_sql, from, to)?, |m, n| m.returns = n);
        let orders_returned: i64 = conn.query_row(
            "SELECT count(DISTINCT r.order_id) FROM returns r JOIN orders o ON o.id = r.order_id
             WHERE o.placed_on BETWEEN ?1 AND ?2 AND o.status <> 'cancelled' AND r.status <> 'rejected'",
            params![from, to],
            |r| r.get(0),
        )?;
        let top_reasons = crate::returns::top_reasons(conn, from, to)?;

        // Complaints.
        let opened_sql = format!(
            "SELECT {}, count(*) FROM complaints WHERE {} BETWEEN ?1 AND ?2 GROUP BY 1",
            local_month("created_at"),
            local_day("created_at")
        );
        put(by_month(conn, &opened_sql, from, to)?, |m, n| m.complaints_opened = n);
        let resolved_sql = format!(
            "SELECT {}, count(*) FROM complaints WHERE resolved_at IS NOT NULL AND {} BETWEEN ?1 AND ?2 GROUP BY 1",
            local_month("resolved_at"),
            local_day("resolved_at")
        );
        put(by_month(conn, &resolved_sql, from, to)?, |m, n| m.complaints_resolved = n);
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT resolved_at - created_at FROM complaints
             WHERE resolved_at IS NOT NULL AND {} BETWEEN ?1 AND ?2 ORDER BY 1",
            local_day("resolved_at")
        ))?;
        let durations: Vec<i64> = stmt.query_map(params![from, to], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let median_resolution_hours = median(&durations).map(|ms| ms / 3_600_000.0);
        let complaints_overdue: i64 = conn.query_row(
            "SELECT count(*) FROM complaints WHERE status IN ('open', 'in_progress') AND due_at < ?1",
            [now],
            |r| r.get(0),
        )?;

        // Points.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {}, kind, sum(points) FROM points_ledger WHERE {} BETWEEN ?1 AND ?2 GROUP BY 1, 2",
            local_month("created_at"),
            local_day("created_at")
        ))?;
        let points: Vec<(String, String, i64)> = stmt
            .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (month, kind, sum) in points {
            let Some(m) = table.get_mut(&month) else { continue };
            match kind.as_str() {
                "earn" | "referral" => m.points_issued += sum,
                "adjust" if sum > 0 => m.points_issued += sum,
                "redeem" => m.points_redeemed -= sum,
                "expire" => m.points_expired -= sum,
                _ => {}
            }
        }

        // Surveys: the same figures as the surveys page.
        let mut scores: BTreeMap<(String, &str), Vec<i64>> = BTreeMap::new();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {}, kind, score, channel FROM survey_responses WHERE {} BETWEEN ?1 AND ?2",
            local_month("answered_at"),
            local_day("answered_at")
        ))?;
        let answers: Vec<(String, String, i64, String)> = stmt
            .query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let by_email = answers.iter().filter(|a| a.3 == "email").count() as i64;
        for (month, kind, score, _) in answers {
            if let Some(kind) = SurveyKind::parse(&kind) {
                scores.entry((month.clone(), kind.as_str())).or_default().push(score);
                scores.entry((String::new(), kind.as_str())).or_default().push(score);
            }
        }
        let surveys_sent: i64 = conn.query_row(
            &format!("SELECT count(*) FROM survey_recipients WHERE {} BETWEEN ?1 AND ?2", local_day("created_at")),
            params![from, to],
            |r| r.get(0),
        )?;
        let figure = |month: &str, kind: SurveyKind| {
            let s = scores.get(&(month.to_owned(), kind.as_str())).map(Vec::as_slice).unwrap_or_default();
            SurveyFigure { value: surveys::figure(kind, s), answers: s.len() as i64 }
        };
        for m in table.values_mut() {
            let (nps, csat, ces) = (
                figure(&m.month, SurveyKind::Nps),
                figure(&m.month, SurveyKind::Csat),
                figure(&m.month, SurveyKind::Ces),
            );
            m.answers = nps.answers + csat.answers + ces.answers;
            (m.nps, m.csat, m.ces) = (nps.value, csat.value, ces.value);
        }

        let months: Vec<MonthFigures> = table.into_values().collect();
        let sum = |f: fn(&MonthFigures) -> i64| months.iter().map(f).sum::<i64>();
        let percent = |part: i64, whole: i64| (whole > 0).then(|| part as f64 * 100.0 / whole as f64);
        Ok(Dashboard {
            from: from.to_owned(),
            to: to.to_owned(),
            nps: figure("", SurveyKind::Nps),
            csat: figure("", SurveyKind::Csat),
            ces: figure("", SurveyKind::Ces),
            response_rate: percent(by_email, surveys_sent),
            surveys_sent,
            orders,
            customers,
            repeat_customers,
            repeat_rate: percent(repeat_customers, customers),
            orders_per_customer: (customers > 0).then(|| orders as f64 / customers as f64),
            orders_returned,
            returns_rate: percent(orders_returned, orders),
            top_reasons,
            complaints_opened: sum(|m| m.complaints_opened),
            complaints_resolved: sum(|m| m.complaints_resolved),
            median_resolution_hours,
            complaints_overdue,
            points_issued: sum(|m| m.points_issued),
            points_redeemed: sum(|m| m.points_redeemed),
            points_expired: sum(|m| m.points_expired),
            months,
        })
    })
}

fn median(sorted: &[i64]) -> Option<f64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2] as f64),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

#[cfg(test)]
#[path = "dashboard_tests.rs"]
mod tests;
