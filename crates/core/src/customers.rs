//! Customers: contact details normalised on the way in (email checked, phone
//! to E.164), possible duplicates flagged, and the customer's page.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Problems, Result};
use crate::orders::{self, Order};
use crate::store::{Store, now_ms};
use crate::{phone, search_index, settings, text};

pub const NAME_MAX: usize = 200;
pub const NOTES_MAX: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ContactChannel {
    Email,
    Phone,
    Whatsapp,
    Sms,
    None,
}

impl ContactChannel {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ContactChannel::Email => "email",
            ContactChannel::Phone => "phone",
            ContactChannel::Whatsapp => "whatsapp",
            ContactChannel::Sms => "sms",
            ContactChannel::None => "none",
        }
    }

    pub(crate) fn parse(value: &str) -> Self {
        match value {
            "phone" => ContactChannel::Phone,
            "whatsapp" => ContactChannel::Whatsapp,
            "sms" => ContactChannel::Sms,
            "none" => ContactChannel::None,
            _ => ContactChannel::Email,
        }
    }
}

/// What the customer form sends.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct CustomerInput {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_channel: Option<ContactChannel>,
    pub language: Option<settings::Language>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Customer {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    /// E.164, e.g. `+34612345678`.
    pub phone: Option<String>,
    pub preferred_channel: ContactChannel,
    pub language: Option<settings::Language>,
    pub notes: String,
    /// Unix milliseconds, UTC.
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
    /// When the customer's personal data was erased at their request.
    #[ts(type = "number", optional)]
    pub erased_at: Option<i64>,
}

/// A row of the customers list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustomerSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[ts(type = "number")]
    pub order_count: i64,
    pub last_order_on: Option<String>,
}

/// Another customer who shares this one's email or phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PossibleDuplicate {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub same_email: bool,
    pub same_phone: bool,
}

/// Everything about one person on one screen.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CustomerPage {
    pub customer: Customer,
    /// Newest first, with their lines.
    pub orders: Vec<Order>,
    pub duplicates: Vec<PossibleDuplicate>,
    /// Free-form labels for segments ("VIP", "mayorista").
    pub tags: Vec<String>,
}

/// The contact details after validation, ready to store.
struct Clean {
    name: String,
    email: Option<String>,
    email_key: Option<String>,
    phone: Option<String>,
    channel: ContactChannel,
    language: Option<settings::Language>,
    notes: String,
    search_key: String,
}

fn clean(input: &CustomerInput, country: &str) -> Result<Clean> {
    let mut problems = Problems::default();
    let name = input.name.trim().to_owned();
    if name.is_empty() {
        problems.add("name", "required");
    } else if name.chars().count() > NAME_MAX {
        problems.add("name", "too_long");
    } else if text::has_control_chars(&name) {
        problems.add("name", "text_invalid");
    }
    let email = text::optional(&input.email);
    if let Some(email) = &email {
        // Also refuses display-name forms and CR/LF: the address goes into headers later.
        if email.len() > 254
            || email.parse::<email_address::EmailAddress>().map(|e| e.email() != *email).unwrap_or(true)
        {
            problems.add("email", "email_malformed");
        }
    }
    let phone = match text::optional(&input.phone) {
        None => None,
        Some(typed) => match phone::normalise(&typed, country) {
            Ok(e164) => Some(e164),
            Err(code) => {
                problems.add("phone", code);
                None
            }
        },
    };
    let notes = text::clean_multiline(&mut problems, "notes", input.notes.as_deref().unwrap_or(""), NOTES_MAX);
    let channel = input.preferred_channel.unwrap_or(if email.is_some() || phone.is_none() {
        ContactChannel::Email
    } else {
        ContactChannel::Phone
    });
    if channel == ContactChannel::Email && email.is_none() && input.preferred_channel.is_some() {
        problems.add("preferred_channel", "channel_needs_email");
    }
    if matches!(channel, ContactChannel::Phone | ContactChannel::Whatsapp | ContactChannel::Sms) && phone.is_none() {
        problems.add("preferred_channel", "channel_needs_phone");
    }
    problems.into_result()?;
    let email_key = email.as_deref().map(str::to_lowercase);
    let search_key = search_key(&name, email_key.as_deref(), phone.as_deref());
    Ok(Clean { name, email, email_key, phone, channel, language: input.language, notes, search_key })
}

/// Folded text every search matches against: name, email and phone digits.
pub(crate) fn search_key(name: &str, email_key: Option<&str>, phone: Option<&str>) -> String {
    let mut key = text::fold(name);
    for part in [email_key.unwrap_or(""), &phone.map(phone::digits).unwrap_or_default()] {
        key.push(' ');
        key.push_str(part);
    }
    key
}

pub fn create(store: &Store, input: &CustomerInput) -> Result<Customer> {
    store.write(|tx| {
        let country = settings::load_or_default(tx)?.country;
        let c = clean(input, &country)?;
        let now = now_ms();
        tx.execute(
            "INSERT INTO customers (name, email, email_key, phone, preferred_channel, language, notes, search_key, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![c.name, c.email, c.email_key, c.phone, c.channel.as_str(), c.language.map(|l| l.code()), c.notes, c.search_key, now],
        )?;
        let id = tx.last_insert_rowid();
        search_index::add_customer(tx, id, &c.search_key)?;
        load(tx, id)
    })
}

pub fn update(store: &Store, id: i64, input: &CustomerInput) -> Result<Customer> {
    store.write(|tx| {
        let country = settings::load_or_default(tx)?.country;
        let c = clean(input, &country)?;
        let old_key: Option<String> =
            tx.query_row("SELECT search_key FROM customers WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        let Some(old_key) = old_key else { return Err(Error::NotFound { entity: "customer", id }) };
        let changed = tx.execute(
            "UPDATE customers SET name = ?2, email = ?3, email_key = ?4, phone = ?5, preferred_channel = ?6,
                 language = ?7, notes = ?8, search_key = ?9, updated_at = ?10 WHERE id = ?1",
            params![
                id,
                c.name,
                c.email,
                c.email_key,
                c.phone,
                c.channel.as_str(),
                c.language.map(|l| l.code()),
                c.notes,
                c.search_key,
                now_ms()
            ],
        )?;
        if changed == 0 {
            return Err(Error::NotFound { entity: "customer", id });
        }
        search_index::replace_customer(tx, id, &old_key, &c.search_key)?;
        load(tx, id)
    })
}

pub fn get(store: &Store, id: i64) -> Result<Customer> {
    store.read(|conn| load(conn, id))
}

pub(crate) fn load(conn: &Connection, id: i64) -> Result<Customer> {
    conn.query_row(
        "SELECT id, name, email, phone, preferred_channel, language, notes, created_at, updated_at, erased_at
         FROM customers WHERE id = ?1",
        [id],
        from_row,
    )
    .optional()?
    .ok_or(Error::NotFound { entity: "customer", id })
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Customer> {
    let channel: String = row.get(4)?;
    let language: Option<String> = row.get(5)?;
    Ok(Customer {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        phone: row.get(3)?,
        preferred_channel: ContactChannel::parse(&channel),
        language: language.map(|l| settings::Language::from_locale(&l)),
        notes: row.get(6)?,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
        erased_at: row.get(9)?,
    })
}

/// The customers list, optionally narrowed by a fragment of name, email or
/// phone (accent- and case-insensitive, phone in any formatting).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CustomerSort {
    #[default]
    Name,
    Newest,
}

pub fn list(store: &Store, query: &str, limit: u32, offset: u32) -> Result<Vec<CustomerSummary>> {
    list_sorted(store, query, CustomerSort::Name, limit, offset)
}

pub fn list_sorted(
    store: &Store,
    query: &str,
    sort: CustomerSort,
    limit: u32,
    offset: u32,
) -> Result<Vec<CustomerSummary>> {
    matching(store, query, sort, limit, offset, None)
}

/// The first matches for a search box: among at most `cap` candidates, so a
/// fragment that nearly everyone matches ("gmail") still answers at once.
pub fn suggest(store: &Store, query: &str, limit: u32, cap: u32) -> Result<Vec<CustomerSummary>> {
    matching(store, query, CustomerSort::Name, limit, 0, Some(cap))
}

fn matching(
    store: &Store,
    query: &str,
    sort: CustomerSort,
    limit: u32,
    offset: u32,
    cap: Option<u32>,
) -> Result<Vec<CustomerSummary>> {
    text::check_query(query)?;
    let patterns = search_patterns(query);
    let mut sql = String::from(
        "SELECT c.id, c.name, c.email, c.phone,
                (SELECT count(*) FROM orders o WHERE o.customer_id = c.id),
                (SELECT max(placed_on) FROM orders o WHERE o.customer_id = c.id)
         FROM customers c WHERE 1 = 1",
    );
    // One candidate query, every word in it: the trigram index answers the
    // fragments of three or more characters, the others are checked on its rows.
    if !patterns.is_empty() {
        let words: Vec<String> = (0..patterns.len()).map(|i| format!("search_key LIKE ?{}", i + 3)).collect();
        let cap = cap.map(|c| format!(" LIMIT {c}")).unwrap_or_default();
        sql.push_str(&format!(" AND c.id IN (SELECT rowid FROM customers_fts WHERE {}{cap})", words.join(" AND ")));
    }
    sql.push_str(match sort {
        CustomerSort::Name => " ORDER BY c.name COLLATE NOCASE, c.id LIMIT ?1 OFFSET ?2",
        CustomerSort::Newest => " ORDER BY c.id DESC LIMIT ?1 OFFSET ?2",
    });
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut values: Vec<rusqlite::types::Value> = vec![i64::from(limit.min(500)).into(), i64::from(offset).into()];
        values.extend(patterns.into_iter().map(Into::into));
        let rows = stmt.query_map(rusqlite::params_from_iter(values), |row| {
            Ok(CustomerSummary {
                id: row.get(0)?,
                name: row.get(1)?,
                email: row.get(2)?,
                phone: row.get(3)?,
                order_count: row.get(4)?,
                last_order_on: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// One LIKE pattern per word; a word that is mostly digits matches the
/// phone's digits whatever the separators ("612 34" → "61234"). `%` and `_`
/// are dropped: the trigram index takes no ESCAPE clause.
pub(crate) fn search_patterns(query: &str) -> Vec<String> {
    let folded = text::fold(query);
    let looks_like_phone = !folded.is_empty() && folded.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let words: Vec<String> = if looks_like_phone {
        let digits = phone::digits(&folded);
        // "0034…" and "+34…" are the same international prefix.
        vec![digits.strip_prefix("00").map(str::to_owned).unwrap_or(digits)]
    } else {
        folded.split_whitespace().map(str::to_owned).collect()
    };
    words
        .into_iter()
        .filter(|w| !w.is_empty())
        .map(|w| format!("%{}%", w.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
        .collect()
}

/// Other customers with the same email or phone as the given details.
pub fn find_duplicates(store: &Store, input: &CustomerInput, exclude: Option<i64>) -> Result<Vec<PossibleDuplicate>> {
    store.read(|conn| {
        let country = settings::load_or_default(conn)?.country;
        let email_key = text::optional(&input.email).map(|e| e.to_lowercase());
        let phone = text::optional(&input.phone).and_then(|p| phone::normalise(&p, &country).ok());
        duplicates_of(conn, email_key.as_deref(), phone.as_deref(), exclude)
    })
}

fn duplicates_of(
    conn: &Connection,
    email_key: Option<&str>,
    phone: Option<&str>,
    exclude: Option<i64>,
) -> Result<Vec<PossibleDuplicate>> {
    if email_key.is_none() && phone.is_none() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, email_key IS ?1, phone IS ?2 FROM customers
         WHERE (email_key = ?1 OR phone = ?2) AND id IS NOT ?3 ORDER BY id LIMIT 20",
    )?;
    let rows = stmt.query_map(params![email_key, phone, exclude], |row| {
        Ok(PossibleDuplicate { id: row.get(0)?, name: row.get(1)?, same_email: row.get(2)?, same_phone: row.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn page(store: &Store, id: i64) -> Result<CustomerPage> {
    store.read(|conn| {
        let customer = load(conn, id)?;
        let email_key = customer.email.as_deref().map(str::to_lowercase);
        let duplicates = duplicates_of(conn, email_key.as_deref(), customer.phone.as_deref(), Some(id))?;
        let orders = orders::for_customer(conn, id)?;
        let tags = crate::segments::tags_of(conn, id)?;
        Ok(CustomerPage { customer, orders, duplicates, tags })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TestStore, customer_input};

    #[test]
    fn a_customer_is_stored_with_a_normalised_phone() {
        let t = TestStore::new();
        let c =
            create(&t.store, &CustomerInput { phone: Some("612 34 56 78".into()), ..customer_input("Lucía Pérez") })
                .unwrap();
        assert_eq!(c.phone.as_deref(), Some("+34612345678"), "phones are kept in E.164 with the shop's country");
        assert_eq!(get(&t.store, c.id).unwrap(), c, "what is returned is what is stored");
    }

    #[test]
    fn bad_fields_are_named_and_nothing_is_saved() {
        let t = TestStore::new();
        let err = create(
            &t.store,
            &CustomerInput {
                name: "  ".into(),
                email: Some("lucia@@example".into()),
                phone: Some("12".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
        let fields: Vec<(String, String)> = err.payload().fields.into_iter().map(|f| (f.field, f.code)).collect();
        assert_eq!(
            fields,
            [
                ("name".into(), "required".into()),
                ("email".into(), "email_malformed".into()),
                ("phone".into(), "phone_invalid".into())
            ]
        );
        assert!(list(&t.store, "", 10, 0).unwrap().is_empty(), "a refused customer must not be half-saved");
    }

    #[test]
    fn header_breaking_emails_are_refused() {
        let t = TestStore::new();
        for bad in ["a@b.es\r\nBcc: x@y.es", "Lucía <lucia@example.es>", "a b@c.es"] {
            let err =
                create(&t.store, &CustomerInput { email: Some(bad.into()), ..customer_input("Lucía") }).unwrap_err();
            assert_eq!(err.payload().fields[0].code, "email_malformed", "{bad:?} must not be accepted as an address");
        }
    }

    #[test]
    fn duplicates_by_email_or_phone_are_flagged() {
        let t = TestStore::new();
        let first = create(
            &t.store,
            &CustomerInput {
                email: Some("Ana@Example.es".into()),
                phone: Some("612345678".into()),
                ..customer_input("Ana")
            },
        )
        .unwrap();
        let second =
            create(&t.store, &CustomerInput { email: Some("ana@example.es".into()), ..customer_input("Ana García") })
                .unwrap();
        let by_phone = find_duplicates(
            &t.store,
            &CustomerInput { phone: Some("+34 612 34 56 78".into()), ..Default::default() },
            None,
        )
        .unwrap();
        assert_eq!(by_phone.len(), 1);
        assert!(by_phone[0].same_phone && !by_phone[0].same_email);
        let page = page(&t.store, second.id).unwrap();
        assert_eq!(
            page.duplicates,
            vec![PossibleDuplicate { id: first.id, name: "Ana".into(), same_email: true, same_phone: false }],
            "emails match case-insensitively"
        );
    }

    #[test]
    fn search_ignores_accents_case_and_phone_formatting() {
        let t = TestStore::new();
        create(&t.store, &CustomerInput { phone: Some("612 34 56 78".into()), ..customer_input("José Núñez") })
            .unwrap();
        create(&t.store, &customer_input("Marta Ruiz")).unwrap();
        for query in ["nunez", "JOSÉ", "jose nu", "612 34", "+34 612", "0034612"] {
            let found = list(&t.store, query, 10, 0).unwrap();
            assert_eq!(found.len(), 1, "{query:?} must find exactly José");
            assert_eq!(found[0].name, "José Núñez");
        }
        assert_eq!(list(&t.store, "100%", 10, 0).unwrap().len(), 0, "LIKE wildcards are literal");
        assert_eq!(list(&t.store, "", 10, 0).unwrap().len(), 2);
    }

    #[test]
    fn updating_a_missing_customer_says_so() {
        let t = TestStore::new();
        let err = update(&t.store, 999, &customer_input("Nadie")).unwrap_err();
        assert_eq!(err.code(), "customer_not_found");
    }
}
