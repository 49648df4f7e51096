use std::io::Read;

use super::*;
use crate::complaints::{self, Channel, ComplaintInput, Severity};
use crate::customers::{self, ContactChannel, CustomerInput};
use crate::loyalty;
use crate::newsletter::{self, ConsentMethod, ListInput, SubscriberInput};
use crate::orders;
use crate::surveys::{self, PhoneAnswer, SurveyKind};
use crate::testkit::{self, TestStore};

const NOW: i64 = 1_795_000_000_000;

/// Ana, with something in every area: the words "Secreta" and her phone
/// digits must be gone after erasure.
fn ana_everywhere(store: &Store) -> i64 {
    let ana = customers::create(
        store,
        &CustomerInput {
            name: "Ana Secreta".into(),
            email: Some("ana.secreta@example.com".into()),
            phone: Some("612 34 56 78".into()),
            notes: Some("Vive en la calle Secreta 5".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    crate::segments::set_tags(store, ana, &["Secreta VIP".into()]).unwrap();
    let mut order = testkit::order_input(ana);
    order.tracking_code = Some("SECRETA-TRACK-1".into());
    let order = orders::create(store, &order).unwrap();
    loyalty::adjust(store, ana, 50, "Regalo para Ana Secreta", NOW).unwrap();
    let answer = PhoneAnswer {
        customer_id: ana,
        kind: SurveyKind::Nps,
        score: 3,
        comment: "=Soy Ana Secreta y estoy enfadada".into(),
        order_id: Some(order.id),
    };
    surveys::record_phone_answer(store, &answer).unwrap();
    let category = complaints::get_settings(store).unwrap().categories[0].id;
    let complaint = complaints::open(
        store,
        &ComplaintInput {
            customer_id: ana,
            order_id: Some(order.id),
            category_id: category,
            severity: Severity::High,
            channel: Channel::Phone,
            reply_channel: ContactChannel::Phone,
            description: "Ana Secreta llamó desde el 612 34 56 78".into(),
        },
        "eva",
        NOW,
    )
    .unwrap();
    complaints::add_note(store, complaint.summary.id, "Devolver llamada a Ana Secreta", "eva", NOW + 1).unwrap();
    let list = newsletter::create_list(
        store,
        &ListInput { name: "Novedades".into(), double_opt_in: true, consent_text: "Quiero novedades".into() },
    )
    .unwrap();
    newsletter::add_subscriber(
        store,
        list.id,
        &SubscriberInput {
            email: "ana.secreta@example.com".into(),
            name: "Ana Secreta".into(),
            consent_method: ConsentMethod::Form,
        },
    )
    .unwrap();
    ana
}

/// Every text value in every table (search indexes included) that holds `needle`.
fn occurrences(store: &Store, needle: &str) -> Vec<String> {
    store
        .read(|conn| {
            let tables: Vec<String> = conn
                .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut found = Vec::new();
            for table in tables {
                let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
                let n = stmt.column_count();
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    for i in 0..n {
                        if let ValueRef::Text(t) = row.get_ref(i)?
                            && String::from_utf8_lossy(t).to_lowercase().contains(needle)
                        {
                            found.push(format!("{table}: {}", String::from_utf8_lossy(t)));
                        }
                    }
                }
            }
            Ok(found)
        })
        .unwrap()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

#[test]
fn an_erased_customer_leaves_no_personal_data_and_the_figures_still_count() {
    let t = TestStore::new();
    let ana = ana_everywhere(&t.store);
    let other = customers::create(&t.store, &testkit::customer_input("Luis Secretario")).unwrap().id;
    assert!(occurrences(&t.store, "secreta").len() > 10, "the fixture really spreads her data around");
    assert_eq!(count(&t.store, "SELECT count(*) FROM outbox"), 1, "her confirmation email is waiting");
    let balance = loyalty::balance(&t.store, ana, NOW).unwrap().available;

    let email = erase_customer(&t.store, ana, NOW + 10).unwrap();
    assert_eq!(email.as_deref(), Some("ana.secreta@example.com"));

    let left: Vec<String> = occurrences(&t.store, "secreta")
        .into_iter()
        .filter(|o| !o.to_lowercase().contains("luis secretario"))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "nothing of hers is left anywhere");
    assert_eq!(occurrences(&t.store, "612345678"), Vec::<String>::new());
    assert_eq!(occurrences(&t.store, "34612"), Vec::<String>::new());

    let erased = customers::get(&t.store, ana).unwrap();
    assert_eq!(erased.name, format!("#{ana}"));
    assert_eq!((erased.email, erased.phone), (None, None));
    assert_eq!(erased.erased_at, Some(NOW + 10));
    assert!(customers::list(&t.store, "secreta", 10, 0).unwrap().iter().all(|c| c.id == other), "not findable");
    assert_eq!(
        count(&t.store, "SELECT count(*) FROM outbox WHERE state = 'queued'"),
        0,
        "her pending email is never sent"
    );

    // The shop's figures keep counting her anonymous rows.
    assert_eq!(count(&t.store, "SELECT count(*) FROM orders"), 1);
    assert_eq!(count(&t.store, "SELECT count(*) FROM survey_responses WHERE score = 3"), 1);
    assert_eq!(count(&t.store, "SELECT count(*) FROM complaints"), 2, "hers, and the one her unhappy score opened");
    assert_eq!(loyalty::balance(&t.store, ana, NOW).unwrap().available, balance);
    assert_eq!(count(&t.store, "SELECT count(*) FROM complaint_events"), 3, "the timelines keep their steps, blanked");

    // Append-only stays append-only: only blanking was allowed.
    let rewrite = t.store.write(|tx| Ok(tx.execute("UPDATE complaint_events SET note = 'x'", [])?));
    assert!(rewrite.is_err());
    let rewrite = t.store.write(|tx| Ok(tx.execute("UPDATE points_ledger SET points = 1", [])?));
    assert!(rewrite.is_err());
    assert!(matches!(erase_customer(&t.store, 999, NOW), Err(Error::NotFound { .. })));
}

#[test]
fn the_export_holds_everything_about_one_customer_and_no_one_else() {
    let t = TestStore::new();
    let ana = ana_everywhere(&t.store);
    customers::create(&t.store, &testkit::customer_input("Luis Otro")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ana.zip");
    let export = export_customer(&t.store, ana, &path).unwrap();
    for table in [
        "customers",
        "orders",
        "order_lines",
        "points_ledger",
        "survey_responses",
        "complaints",
        "complaint_events",
        "subscribers",
        "outbox",
    ] {
        assert!(export.tables.iter().any(|t| t == table), "{table} is in the export: {:?}", export.tables);
    }

    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut json = String::new();
    zip.by_name("customer.json").unwrap().read_to_string(&mut json).unwrap();
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(data["customers"][0]["name"], "Ana Secreta");
    assert_eq!(data["customers"].as_array().unwrap().len(), 1, "only her");
    assert_eq!(data["survey_responses"][0]["comment"], "=Soy Ana Secreta y estoy enfadada", "JSON keeps it exactly");
    assert_eq!(data["complaint_events"].as_array().unwrap().len(), 3);
    let secrets: Vec<String> = t
        .store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT unsubscribe_token FROM outbox UNION ALL SELECT confirm_token FROM subscribers
                 UNION ALL SELECT ref FROM survey_recipients",
            )?;
            Ok(stmt
                .query_map([], |r| r.get::<_, Option<String>>(0))?
                .filter_map(|v| v.transpose())
                .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert!(secrets.len() >= 2, "the fixture has tokens: {secrets:?}");
    for secret in &secrets {
        assert!(!json.contains(secret.as_str()), "no secret that acts for her is exported");
    }

    let mut csv = String::new();
    zip.by_name("complaints.csv").unwrap().read_to_string(&mut csv).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let description = headers.iter().position(|h| h == "description").unwrap();
    assert_eq!(&row[description], "Ana Secreta llamó desde el 612 34 56 78");
    let mut csv = String::new();
    zip.by_name("survey_responses.csv").unwrap().read_to_string(&mut csv).unwrap();
    assert!(csv.contains(",'=Soy Ana Secreta"), "a spreadsheet shows her comment as text, never a formula:\n{csv}");
    assert_eq!(
        export.rows as usize,
        data.as_object().unwrap().values().map(|v| v.as_array().unwrap().len()).sum::<usize>()
    );
    assert!(!dir.path().join("ana.zip.tmp").exists());
}
