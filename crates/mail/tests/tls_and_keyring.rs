//! TLS, authentication and the credential store, against aiosmtpd with a
//! test CA and a real Secret Service. Run under
//! `dbus-run-session -- sh -c 'printf pass | gnome-keyring-daemon --unlock --components=secrets; cargo test -p posventa-mail'`.
//! Without a Secret Service these tests FAIL (with a message saying so):
//! the password path must really be exercised.

mod support;

use std::time::Duration;

use posventa_mail::settings::{self, MailSettings, Security};
use support::*;

const WAIT: Duration = Duration::from_secs(30);

fn secret_service_or_fail(service: &str) {
    let entry = keyring::Entry::new(service, "probe").unwrap();
    if let Err(err) = entry.set_password("probe") {
        panic!(
            "no Secret Service is reachable ({err}); run the tests inside \
             dbus-run-session with gnome-keyring-daemon unlocked (see scripts/test)"
        );
    }
    let _ = entry.delete_credential();
}

fn relay_settings(port: u16, security: Security, username: &str) -> MailSettings {
    MailSettings {
        host: "localhost".into(),
        port,
        security,
        username: username.into(),
        from_name: "Tienda Sol".into(),
        from_address: "hola@tienda.example".into(),
        per_second: 0.0,
        ..MailSettings::default()
    }
}

#[test]
fn the_password_lives_only_in_the_credential_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let service = format!("posventa-test-{}", fastrand::u64(..));
    secret_service_or_fail(&service);
    let secret = "s3cret-Only-In-Keyring";
    let view =
        settings::save(&store, &service, relay_settings(587, Security::Starttls, "shop"), Some(secret.into())).unwrap();
    assert!(view.has_password && view.relay_configured);
    assert_eq!(settings::password(&service, &view.settings).unwrap().as_deref(), Some(secret));
    // Moving to another port keeps the password (moved with the account).
    let moved = settings::save(&store, &service, relay_settings(2525, Security::Starttls, "shop"), None).unwrap();
    assert!(moved.has_password, "changing the port must not lose the password");
    drop(store);
    for entry in std::fs::read_dir(dir.path().join("store")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the password must never be written to the SQLite files"
        );
    }
    let store = posventa_core::Store::open_in_dir(&dir.path().join("store")).unwrap();
    let cleared =
        settings::save(&store, &service, relay_settings(2525, Security::Starttls, "shop"), Some(String::new()))
            .unwrap();
    assert!(!cleared.has_password, "an empty password removes it");
}

#[test]
fn settings_are_validated_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let bad = MailSettings {
        host: "smtp.example.com\r\nx".into(),
        port: 0,
        from_address: "Shop <shop@example.com>".into(),
        per_second: -1.0,
        connections: 9,
        ..MailSettings::default()
    };
    let err = settings::save(&store, "posventa-test-unused", bad, None).unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    let fields: Vec<(String, String)> = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_owned(), f["code"].as_str().unwrap().to_owned()))
        .collect();
    for expected in [
        ("host", "text_invalid"),
        ("port", "port_invalid"),
        ("from_address", "email_malformed"),
        ("per_second", "rate_invalid"),
        ("connections", "connections_invalid"),
    ] {
        assert!(fields.contains(&(expected.0.into(), expected.1.into())), "{expected:?} missing from {fields:?}");
    }
}

fn keyring_relay(
    dir: &std::path::Path,
    port: u16,
    security: Security,
    password: &str,
) -> (std::sync::Arc<posventa_core::Store>, posventa_mail::EngineConfig) {
    let store = store(dir);
    let mut config = config(dir);
    secret_service_or_fail(&config.keyring_service);
    settings::save(&store, &config.keyring_service, relay_settings(port, security, "shop"), Some(password.into()))
        .unwrap();
    config.extra_root_certs_pem = Vec::new();
    (store, config)
}

#[test]
fn starttls_and_auth_really_happen() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki(dir.path(), "a");
    let server = TlsServer::start(dir.path(), &pki, "starttls", "shop", "right");
    let (store, mut config) = keyring_relay(dir.path(), server.port, Security::Starttls, "right");
    config.extra_root_certs_pem = vec![pki.ca_pem.clone()];
    let id = campaign(&store, "Hola", "Texto", &[("ana@example.com", "Ana"), ("luis@example.com", "Luis")]);
    let engine = start(&store, config);
    assert_eq!(wait_campaign(&store, id, WAIT), "sent");
    engine.shutdown();
    let got = server.received();
    assert_eq!(got.len(), 2, "each recipient once: {got:?}");
    for m in &got {
        assert_eq!(m["tls"], true, "sent only after STARTTLS");
        assert_eq!(m["login"], "shop", "sent only after AUTH");
    }
}

#[test]
fn implicit_tls_works_with_the_extra_ca() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki(dir.path(), "b");
    let server = TlsServer::start(dir.path(), &pki, "tls", "shop", "right");
    let (store, mut config) = keyring_relay(dir.path(), server.port, Security::Tls, "right");
    config.extra_root_certs_pem = vec![pki.ca_pem.clone()];
    let id = campaign(&store, "Hola", "Texto", &[("ana@example.com", "Ana")]);
    let engine = start(&store, config);
    assert_eq!(wait_campaign(&store, id, WAIT), "sent", "{:?}", campaign_status(&store, id));
    engine.shutdown();
    let got = server.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["tls"], true);
}

#[test]
fn a_wrong_password_pauses_the_campaign_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki(dir.path(), "c");
    let server = TlsServer::start(dir.path(), &pki, "starttls", "shop", "right");
    let (store, mut config) = keyring_relay(dir.path(), server.port, Security::Starttls, "wrong");
    config.extra_root_certs_pem = vec![pki.ca_pem.clone()];
    let service = config.keyring_service.clone();
    let id = campaign(&store, "Hola", "Texto", &[("ana@example.com", "Ana"), ("luis@example.com", "Luis")]);
    let engine = start(&store, config);
    assert_eq!(wait_campaign(&store, id, WAIT), "paused");
    let (_, reason, detail) = campaign_status(&store, id);
    assert_eq!(reason.as_deref(), Some("auth_failed"), "paused with a clear reason");
    assert!(detail.starts_with("535"), "with the server's words: {detail}");
    assert!(
        rows(&store, id).iter().all(|r| r.1 == "queued" && r.2 == 0),
        "nothing burnt: all still queued, no attempt"
    );
    assert!(server.received().is_empty());

    // The owner fixes the password and resumes: everything goes out once.
    settings::save(&store, &service, relay_settings(server.port, Security::Starttls, "shop"), Some("right".into()))
        .unwrap();
    posventa_core::campaigns::resume(&store, id).unwrap();
    engine.wake();
    assert_eq!(wait_campaign(&store, id, WAIT), "sent");
    engine.shutdown();
    assert_eq!(server.received().len(), 2);
}

#[test]
fn an_untrusted_certificate_pauses_the_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki(dir.path(), "d");
    let server = TlsServer::start(dir.path(), &pki, "starttls", "shop", "right");
    // The engine does not trust this CA.
    let (store, config) = keyring_relay(dir.path(), server.port, Security::Starttls, "right");
    let id = campaign(&store, "Hola", "Texto", &[("ana@example.com", "Ana")]);
    let engine = start(&store, config);
    assert_eq!(wait_campaign(&store, id, WAIT), "paused");
    engine.shutdown();
    let (_, reason, detail) = campaign_status(&store, id);
    assert_eq!(reason.as_deref(), Some("tls_failed"), "paused: {detail}");
    assert!(!detail.is_empty(), "with what went wrong");
    assert!(rows(&store, id).iter().all(|r| r.1 == "queued"), "nothing lost");
    assert!(server.received().is_empty(), "nothing sent over an untrusted connection");
}

#[test]
fn send_test_reports_the_servers_exact_reply() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki(dir.path(), "e");
    let server = TlsServer::start(dir.path(), &pki, "starttls", "shop", "right");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let settings = relay_settings(server.port, Security::Starttls, "shop");
    let ok = rt
        .block_on(posventa_mail::transport::send_test(
            &settings,
            Some("right".into()),
            "me@example.com",
            std::slice::from_ref(&pki.ca_pem),
        ))
        .unwrap();
    assert!(ok.ok, "{ok:?}");
    assert_eq!(ok.reply, "250 2.0.0 accepted by the test server", "the server's words, exactly");
    let bad = rt
        .block_on(posventa_mail::transport::send_test(
            &settings,
            Some("nope".into()),
            "me@example.com",
            std::slice::from_ref(&pki.ca_pem),
        ))
        .unwrap();
    assert_eq!(bad.outcome, "auth_failed");
    assert!(bad.reply.starts_with("535"), "{bad:?}");
    assert_eq!(server.received().len(), 1);
}
