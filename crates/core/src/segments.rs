//! Who a campaign goes to: a list's subscribers and/or customers, narrowed
//! by rules over the store (last purchase, product bought, city, language,
//! tag). Rules become one SQL query, so the live count is the same query the
//! campaign will be written from.

use rusqlite::{Connection, ToSql};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Problems, Result};
use crate::settings::Language;
use crate::store::Store;
use crate::text;

/// Labels one customer may carry: far more than a segment needs.
pub const TAGS_MAX: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// Placed an order in the last `days` days.
    LastPurchaseWithin {
        days: u32,
    },
    /// Bought a product whose name or SKU contains `text`.
    BoughtProduct {
        text: String,
    },
    City {
        city: String,
    },
    Language {
        language: Language,
    },
    Tag {
        tag: String,
    },
}

/// A list (its subscribed, confirmed people) or, without a list, every
/// customer with an email; either narrowed by all of `rules`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Audience {
    #[ts(type = "number | null")]
    pub list_id: Option<i64>,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct AudienceCount {
    /// Distinct addresses that will be mailed.
    #[ts(type = "number")]
    pub recipients: i64,
    /// Matched, but on the suppression list: skipped.
    #[ts(type = "number")]
    pub suppressed: i64,
}

/// One person the audience selects.
pub(crate) struct Recipient {
    pub email: String,
    pub email_key: String,
    pub name: String,
    pub suppressed: Option<String>,
}

impl Audience {
    pub(crate) fn validate(&self, conn: &Connection) -> Result<()> {
        let mut problems = Problems::default();
        if let Some(id) = self.list_id {
            let exists: bool = conn.query_row("SELECT count(*) FROM lists WHERE id = ?1", [id], |r| r.get(0))?;
            if !exists {
                problems.add("audience.list_id", "list_not_found");
            }
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let field = format!("audience.rules.{i}");
            let text = match rule {
                Rule::LastPurchaseWithin { days } => {
                    if *days == 0 || *days > 36_500 {
                        problems.add(&field, "days_invalid");
                    }
                    continue;
                }
                Rule::Language { .. } => continue,
                Rule::BoughtProduct { text } => text,
                Rule::City { city } => city,
                Rule::Tag { tag } => tag,
            };
            if text.trim().is_empty() {
                problems.add(&field, "required");
            } else if text::has_control_chars(text) || text.chars().count() > 200 {
                problems.add(&field, "text_invalid");
            }
        }
        problems.into_result()
    }

    /// `SELECT email, email_key, name` of everyone the audience selects, one
    /// row per address, with the parameters to bind.
    fn query(&self) -> (String, Vec<Box<dyn ToSql>>) {
        let mut params: Vec<Box<dyn ToSql>> = Vec::new();
        // People: list subscribers (subscribed only) or customers with an email.
        // `c` is the matching customer (by email) for the rules, if any.
        let mut sql = match self.list_id {
            Some(list) => {
                params.push(Box::new(list));
                "SELECT p.email, p.email_key, p.name FROM subscribers p
                 LEFT JOIN customers c ON c.id = coalesce(p.customer_id,
                     (SELECT id FROM customers WHERE email_key = p.email_key LIMIT 1))
                 WHERE p.list_id = ?1 AND p.status = 'subscribed'"
                    .to_owned()
            }
            None => "SELECT c.email, c.email_key, c.name FROM customers c WHERE c.email_key IS NOT NULL".to_owned(),
        };
        for rule in &self.rules {
            let n = params.len() + 1;
            match rule {
                Rule::LastPurchaseWithin { days } => {
                    params.push(Box::new(format!("-{days} days")));
                    sql.push_str(&format!(
                        " AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id
                             AND o.placed_on >= date('now', ?{n}) AND o.status <> 'cancelled')"
                    ));
                }
                Rule::BoughtProduct { text } => {
                    params.push(Box::new(format!("%{}%", text.trim().replace(['%', '_'], ""))));
                    sql.push_str(&format!(
                        " AND EXISTS (SELECT 1 FROM orders o JOIN order_lines l ON l.order_id = o.id
                             WHERE o.customer_id = c.id AND (l.product LIKE ?{n} OR l.sku LIKE ?{n}))"
                    ));
                }
                Rule::City { city } => {
                    params.push(Box::new(city.trim().to_owned()));
                    sql.push_str(&format!(" AND c.city = ?{n} COLLATE NOCASE"));
                }
                Rule::Language { language } => {
                    params.push(Box::new(language.code()));
                    sql.push_str(&format!(" AND c.language = ?{n}"));
                }
                Rule::Tag { tag } => {
                    params.push(Box::new(tag.trim().to_owned()));
                    sql.push_str(&format!(
                        " AND EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag = ?{n})"
                    ));
                }
            }
        }
        // One message per address even if two customers share it.
        let sql = format!(
            "SELECT min(a.email), a.email_key, min(a.name), x.reason FROM ({sql}) a
             LEFT JOIN suppressions x ON x.email_key = a.email_key
             GROUP BY a.email_key ORDER BY a.email_key"
        );
        (sql, params)
    }

    pub(crate) fn recipients(&self, conn: &Connection) -> Result<Vec<Recipient>> {
        let (sql, params) = self.query();
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok(Recipient { email: r.get(0)?, email_key: r.get(1)?, name: r.get(2)?, suppressed: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The live count the UI shows while the owner edits the rules.
pub fn count(store: &Store, audience: &Audience) -> Result<AudienceCount> {
    store.read(|conn| {
        audience.validate(conn)?;
        let (sql, params) = audience.query();
        Ok(conn.query_row(
            &format!("SELECT count(*) - count(reason), count(reason) FROM ({sql})"),
            rusqlite::params_from_iter(params.iter()),
            |r| Ok(AudienceCount { recipients: r.get(0)?, suppressed: r.get(1)? }),
        )?)
    })
}

/// Every tag in use, for the rule editor.
pub fn tags(store: &Store) -> Result<Vec<String>> {
    store.read(|conn| {
        let mut stmt = conn.prepare("SELECT DISTINCT tag FROM customer_tags ORDER BY tag COLLATE NOCASE")?;
        Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
    })
}

/// Replaces a customer's tags.
pub fn set_tags(store: &Store, customer_id: i64, tags: &[String]) -> Result<Vec<String>> {
    if tags.len() > TAGS_MAX {
        return Err(Error::invalid("tags", "too_many"));
    }
    let mut problems = Problems::default();
    for (i, tag) in tags.iter().enumerate() {
        if tag.trim().is_empty() || text::has_control_chars(tag) || tag.chars().count() > 60 {
            problems.add(format!("tags.{i}"), "text_invalid");
        }
    }
    problems.into_result()?;
    store.write(|tx| {
        crate::customers::load(tx, customer_id)?;
        tx.execute("DELETE FROM customer_tags WHERE customer_id = ?1", [customer_id])?;
        for tag in tags {
            tx.execute(
                "INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (?1, ?2)",
                rusqlite::params![customer_id, tag.trim()],
            )?;
        }
        tags_of(tx, customer_id)
    })
}

pub(crate) fn tags_of(conn: &Connection, customer_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT tag FROM customer_tags WHERE customer_id = ?1 ORDER BY tag COLLATE NOCASE")?;
    Ok(stmt.query_map([customer_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customers::{self, CustomerInput};
    use crate::newsletter::{self, ConsentMethod, ListInput, SubscriberInput, SuppressionReason};
    use crate::orders;
    use crate::testkit::{self, TestStore};

    fn customer(store: &Store, name: &str, email: &str) -> i64 {
        customers::create(store, &CustomerInput { email: Some(email.into()), ..testkit::customer_input(name) })
            .unwrap()
            .id
    }

    fn count_of(store: &Store, audience: Audience) -> (i64, i64) {
        let c = count(store, &audience).unwrap();
        (c.recipients, c.suppressed)
    }

    #[test]
    fn rules_narrow_customers_and_count_suppressed_apart() {
        let t = TestStore::new();
        let ana = customer(&t.store, "Ana", "ana@example.com");
        let luis = customer(&t.store, "Luis", "luis@example.com");
        customer(&t.store, "Eva", "eva@example.com");
        customers::create(&t.store, &testkit::customer_input("Sin correo")).unwrap();
        let mut order = testkit::order_input(ana);
        order.placed_on = time::OffsetDateTime::now_utc().date().to_string();
        order.lines = vec![testkit::line("Taza de cerámica", "1", "9,90")];
        orders::create(&t.store, &order).unwrap();
        let mut old = testkit::order_input(luis);
        old.placed_on = "2020-01-01".into();
        orders::create(&t.store, &old).unwrap();
        set_tags(&t.store, luis, &["VIP".into()]).unwrap();
        assert_eq!(customers::page(&t.store, luis).unwrap().tags, ["VIP"], "the customer page shows them");

        let all = Audience { list_id: None, rules: vec![] };
        assert_eq!(count_of(&t.store, all.clone()), (3, 0), "customers without an email are not counted");
        let recent = Audience { list_id: None, rules: vec![Rule::LastPurchaseWithin { days: 30 }] };
        assert_eq!(count_of(&t.store, recent), (1, 0));
        let mugs = Audience { list_id: None, rules: vec![Rule::BoughtProduct { text: "taza".into() }] };
        assert_eq!(count_of(&t.store, mugs), (1, 0));
        let vip = Audience { list_id: None, rules: vec![Rule::Tag { tag: "vip".into() }] };
        assert_eq!(count_of(&t.store, vip), (1, 0), "tags match case-insensitively");

        newsletter::suppress(&t.store, "eva@example.com", SuppressionReason::Manual, "").unwrap();
        assert_eq!(count_of(&t.store, all), (2, 1), "suppressed people are counted apart, never mailed");
    }

    #[test]
    fn a_list_audience_takes_only_subscribed_people() {
        let t = TestStore::new();
        let list = newsletter::create_list(
            &t.store,
            &ListInput { name: "Club".into(), double_opt_in: false, consent_text: String::new() },
        )
        .unwrap();
        for email in ["a@example.com", "b@example.com"] {
            newsletter::add_subscriber(
                &t.store,
                list.id,
                &SubscriberInput { email: email.into(), name: String::new(), consent_method: ConsentMethod::Form },
            )
            .unwrap();
        }
        let b = newsletter::subscribers(&t.store, list.id, "b@", 1, 0).unwrap()[0].id;
        newsletter::unsubscribe(&t.store, b).unwrap();
        assert_eq!(count_of(&t.store, Audience { list_id: Some(list.id), rules: vec![] }), (1, 0));
        let bad = count(&t.store, &Audience { list_id: Some(999), rules: vec![Rule::City { city: " ".into() }] })
            .unwrap_err();
        let codes: Vec<_> = bad.payload().fields.into_iter().map(|f| f.code).collect();
        assert_eq!(codes, ["list_not_found", "required"]);
    }
}
