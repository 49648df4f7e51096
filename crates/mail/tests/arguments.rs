//! The mail crate's half of the audit in `crates/core/src/arguments_tests.rs`:
//! the commands of Settings → Email and the campaign editor that go through
//! this crate, called with hostile arguments. Each call must be refused with
//! the code and field the UI translates, without a panic, and leave the store
//! and its data folder as they were. The core's audit checks that every
//! command named in [`COVERED`] is registered by the shell.

mod support;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::SystemTime;

use posventa_core::Store;
use posventa_core::settings::Language;
use posventa_mail::compose::{self, Content, SampleRecipient, Sender, Template, Vars};
use posventa_mail::settings::{self, MailSettings, Security};
use posventa_mail::{Result, transport};
use rusqlite::{Connection, OpenFlags, types::ValueRef};

/// The shell's commands this file audits (read by the core's audit).
const COVERED: &[&str] = &[
    "mail_settings_save",
    "mail_send_test",
    "campaign_preview",
    "campaign_test_send",
    "campaign_create",
    "campaign_update",
];

const SPANISH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/i18n/es.json");

const BAD_EMAILS: [&str; 5] = ["ana@", "a b@c.d", "ana@example.es\r\nBcc: x@y.z", "<ana@example.es>", ""];
const CONTROL: [&str; 3] = ["Ana\0", "Ana \u{1b}[31mroja", "Ana\r\nBcc: x@y.z"];

fn huge() -> String {
    "x".repeat(100_000)
}

/// Every table's rows and every file beside the database.
fn fingerprint(store: &Store) -> BTreeMap<String, Vec<String>> {
    let conn = Connection::open_with_flags(store.path(), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut print = BTreeMap::new();
    for (name, sql) in tables.into_iter().filter(|(_, sql)| !sql.starts_with("CREATE VIRTUAL TABLE")) {
        let order = if sql.contains("WITHOUT ROWID") { "" } else { " ORDER BY rowid" };
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{name}\"{order}")).unwrap();
        let width = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                (0..width)
                    .map(|i| {
                        Ok(match r.get_ref(i)? {
                            ValueRef::Null => "NULL".to_owned(),
                            ValueRef::Integer(n) => n.to_string(),
                            ValueRef::Real(x) => format!("{x:?}"),
                            ValueRef::Text(t) | ValueRef::Blob(t) => format!("{t:?}"),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|cells| cells.join("|"))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        print.insert(name, rows);
    }
    let mut files = Vec::new();
    list_files(store.path().parent().unwrap().parent().unwrap(), &mut files);
    files.retain(|f| !f.contains(posventa_core::store::DB_FILE));
    print.insert("files".into(), files);
    print
}

fn list_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            list_files(&path, out);
        } else {
            out.push(format!("{} {}", path.display(), std::fs::read(&path).unwrap().len()));
        }
    }
    out.sort();
}

struct Audit {
    store: std::sync::Arc<Store>,
    spanish: serde_json::Value,
    failures: Vec<String>,
    _dir: tempfile::TempDir,
}

impl Audit {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = support::store(dir.path());
        let spanish = serde_json::from_str(&std::fs::read_to_string(SPANISH).unwrap()).unwrap();
        Audit { store, spanish, failures: Vec::new(), _dir: dir }
    }

    /// `call` must fail with `code`, naming `field` (with `field_code`),
    /// without a panic and without writing anything; and the owner must be
    /// able to read why in Spanish.
    fn refused<T: std::fmt::Debug>(
        &mut self,
        command: &str,
        (code, field, field_code): (&str, &str, &str),
        call: impl FnOnce(&Store) -> Result<T>,
    ) {
        assert!(COVERED.contains(&command), "{command} is missing from COVERED");
        let before = fingerprint(&self.store);
        let outcome = catch_unwind(AssertUnwindSafe(|| call(&self.store)));
        let problem = match outcome {
            Err(_) => Some("panicked".to_owned()),
            Ok(Ok(value)) => Some(format!("accepted it: {:.200}", format!("{value:?}"))),
            Ok(Err(err)) => {
                let p = err.payload();
                let named = p.fields.iter().any(|f| f.field == field && f.code == field_code);
                let spanish = [&self.spanish["errors"]["code"][&p.code], &self.spanish["errors"]["field"][field_code]]
                    .iter()
                    .all(|t| t.as_str().is_some_and(|t| !t.is_empty()));
                (p.code != code || !named || p.message.is_empty() || !spanish)
                    .then(|| format!("refused it as {} {:?} (translated: {spanish})", p.code, p.fields))
            }
        };
        if let Some(problem) = problem {
            self.failures.push(format!("{command}: expected {code} {field}: {field_code}, but it {problem}"));
        }
        if before != fingerprint(&self.store) {
            self.failures.push(format!("{command} ({field}: {field_code}): a refused call wrote something"));
        }
    }
}

fn valid_settings() -> MailSettings {
    MailSettings {
        host: "127.0.0.1".into(),
        // Nothing listens there: a call that got as far as the relay would
        // come back as a failed send, not as a refusal.
        port: 9,
        security: Security::None,
        username: "tienda".into(),
        from_name: "Tienda Sol".into(),
        from_address: "hola@tienda.example".into(),
        ..MailSettings::default()
    }
}

fn content(subject: &str, preheader: &str, body_md: &str) -> Content {
    Content { subject: subject.into(), preheader: preheader.into(), body_md: body_md.into() }
}

const INVALID: &str = "invalid_input";

fn relay_settings(a: &mut Audit) {
    // A service name of its own: nothing here may touch the real one.
    let service = "posventa-arguments-audit";
    let with = |change: &dyn Fn(&mut MailSettings)| {
        let mut s = valid_settings();
        change(&mut s);
        s
    };
    let mut cases = vec![
        (("host", "text_invalid"), with(&|s| s.host = "smtp.example.com\r\nx".into())),
        (("host", "text_invalid"), with(&|s| s.host = huge())),
        (("host", "text_invalid"), with(&|s| s.host = "smtp example.com".into())),
        (("port", "port_invalid"), with(&|s| s.port = 0)),
        (("username", "text_invalid"), with(&|s| s.username = huge())),
        (("from_name", "text_invalid"), with(&|s| s.from_name = huge())),
        (("from_address", "required"), with(&|s| s.from_address = " ".into())),
        (("from_address", "email_malformed"), with(&|s| s.from_address = format!("{}@example.es", huge()))),
        (("per_second", "rate_invalid"), with(&|s| s.per_second = f64::NAN)),
        (("per_second", "rate_invalid"), with(&|s| s.per_second = -1.0)),
        (("per_second", "rate_invalid"), with(&|s| s.per_second = f64::INFINITY)),
        (("connections", "connections_invalid"), with(&|s| s.connections = 0)),
        (("connections", "connections_invalid"), with(&|s| s.connections = u8::MAX)),
    ];
    for bad in CONTROL {
        cases.push((("username", "text_invalid"), with(&|s| s.username = bad.into())));
        cases.push((("from_name", "text_invalid"), with(&|s| s.from_name = bad.into())));
    }
    for bad in BAD_EMAILS.into_iter().filter(|e| !e.is_empty()) {
        cases.push((("from_address", "email_malformed"), with(&|s| s.from_address = bad.into())));
        cases.push((("reply_to", "email_malformed"), with(&|s| s.reply_to = bad.into())));
    }
    for ((field, code), input) in cases {
        a.refused("mail_settings_save", (INVALID, field, code), |st| {
            settings::save(st, service, input, Some("secreto".into()))
        });
    }
    for password in ["se\r\ncreto", "se\0creto"] {
        a.refused("mail_settings_save", (INVALID, "password", "text_invalid"), |st| {
            settings::save(st, service, valid_settings(), Some(password.into()))
        });
    }
    a.refused("mail_settings_save", (INVALID, "password", "too_long"), |st| {
        settings::save(st, service, valid_settings(), Some(huge()))
    });
}

fn test_sends(a: &mut Audit) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let header = ("header_invalid", "to_address", "header_invalid");
    let huge_address = format!("{}@example.es", huge());
    for to in BAD_EMAILS.into_iter().chain([huge_address.as_str()]) {
        // No relay: the message would be written to the outbox folder.
        a.refused("mail_send_test", header, |_| compose::test_message(&MailSettings::default(), to).map(|m| m.bytes));
        // A relay: refused before connecting.
        a.refused("mail_send_test", header, |_| {
            runtime.block_on(transport::send_test(&valid_settings(), None, to, &[]))
        });
        // The campaign editor's "send me a test", as the shell builds it.
        a.refused("campaign_test_send", header, |_| {
            let template = Template::campaign(&content("Rebajas", "", "Hola {{ first_name }}"), Language::Es)?;
            let rendered =
                template.render(&Vars::new(&serde_json::Value::Null, "Ana", to, "Tienda Sol", "https://x"))?;
            let envelope = compose::Envelope {
                to_address: to.trim(),
                to_name: "",
                message_id: "<prueba@tienda.example>",
                unsubscribe_token: "prueba",
                collector_url: None,
                date: SystemTime::now(),
            };
            compose::build(&Sender::from_settings(&valid_settings()), &envelope, &rendered).map(|m| m.bytes)
        });
    }
}

fn campaign_templates(a: &mut Audit) {
    let template = |field: &'static str| ("template_invalid", field, "template_invalid");
    let cases = [
        (template("subject"), content("Hola {{ nombre }}", "", "Hola")),
        (template("preheader"), content("Rebajas", "{{ descuento }}", "Hola")),
        (template("body_md"), content("Rebajas", "", "Hola {{ first_name }} {{ password }}")),
    ];
    for (spec, content) in &cases {
        // Saving a campaign renders it first (the shell's check_campaign).
        for command in ["campaign_create", "campaign_update", "campaign_test_send"] {
            a.refused(command, *spec, |_| Template::campaign(content, Language::Es).map(|_| ()));
        }
        a.refused("campaign_preview", *spec, |st| {
            let shop = posventa_core::settings::get(st)?;
            let sample = SampleRecipient { name: "Ana García".into(), email: "ana@example.com".into() };
            let sender = Sender::from_settings(&settings::load(st)?);
            compose::preview(content, Language::Es, &shop.shop_name, &sender, &sample, None)
        });
    }
}

#[test]
fn mail_commands_refuse_hostile_arguments_and_write_nothing() {
    let mut a = Audit::new();
    relay_settings(&mut a);
    test_sends(&mut a);
    campaign_templates(&mut a);
    assert!(a.failures.is_empty(), "hostile arguments must be refused by name:\n{}", a.failures.join("\n"));
}
