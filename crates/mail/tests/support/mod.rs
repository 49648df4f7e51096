//! Real servers for the tests: Postfix's smtp-sink with its fault options,
//! and an aiosmtpd server with STARTTLS/TLS and AUTH behind a test CA.

#![allow(dead_code)]

pub mod fake_relay;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use posventa_core::Store;
use posventa_mail::engine::NoObserver;
use posventa_mail::outbox::Backoff;
use posventa_mail::{Engine, EngineConfig};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the test server on port {port} did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// smtp-sink writing every message to its own file in `dir`.
pub struct Sink {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
}

impl Sink {
    pub fn start(dir: &Path, faults: &[&str]) -> Sink {
        Self::start_on(dir, free_port(), faults)
    }

    pub fn start_on(dir: &Path, port: u16, faults: &[&str]) -> Sink {
        std::fs::create_dir_all(dir).unwrap();
        // smtp-sink drops to `nobody` as root: the dump folder must be writable.
        let _ = Command::new("chmod").arg("777").arg(dir).status();
        let mut cmd = Command::new("/usr/sbin/smtp-sink");
        if is_root() {
            cmd.args(["-u", "nobody"]);
        }
        cmd.arg("-d").arg(format!("{}/m.", dir.display())).args(faults).arg(format!("127.0.0.1:{port}")).arg("64");
        let child =
            cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("smtp-sink (Debian package postfix)");
        wait_for_port(port);
        Sink { child, port, dir: dir.to_owned() }
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Every message the server accepted, as raw bytes.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        let mut files: Vec<_> = std::fs::read_dir(&self.dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files.into_iter().map(|p| std::fs::read(p).unwrap()).collect()
    }

    /// Recipients as the server got them in RCPT TO, one entry per delivery.
    pub fn recipients(&self) -> Vec<String> {
        let mut out = Vec::new();
        for m in self.messages() {
            for line in String::from_utf8_lossy(&m).lines() {
                if let Some(r) = line.strip_prefix("X-Rcpt-Args: ") {
                    out.push(r.trim_start_matches('<').split('>').next().unwrap().to_owned());
                }
            }
        }
        out
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_root() -> bool {
    std::env::var("USER").map(|u| u == "root").unwrap_or(false)
        || Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false)
}

/// A test CA and a certificate for localhost/127.0.0.1 signed by it.
pub struct Pki {
    pub ca_pem: Vec<u8>,
    pub cert: PathBuf,
    pub key: PathBuf,
}

pub fn pki(dir: &Path, name: &str) -> Pki {
    let p = |f: &str| dir.join(format!("{name}-{f}"));
    let run = |args: &[&str]| {
        let ok = Command::new("openssl").args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().unwrap();
        assert!(ok.success(), "openssl {args:?}");
    };
    let s = |p: &PathBuf| p.display().to_string();
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Posventa test CA",
        "-keyout",
        &s(&p("ca.key")),
        "-out",
        &s(&p("ca.pem")),
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        &s(&p("server.key")),
        "-out",
        &s(&p("server.csr")),
    ]);
    std::fs::write(p("ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n").unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        &s(&p("server.csr")),
        "-CA",
        &s(&p("ca.pem")),
        "-CAkey",
        &s(&p("ca.key")),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        &s(&p("ext")),
        "-out",
        &s(&p("server.pem")),
    ]);
    Pki { ca_pem: std::fs::read(p("ca.pem")).unwrap(), cert: p("server.pem"), key: p("server.key") }
}

/// aiosmtpd with STARTTLS (or implicit TLS) and AUTH.
pub struct TlsServer {
    child: Child,
    pub port: u16,
    pub out: PathBuf,
}

impl TlsServer {
    pub fn start(dir: &Path, pki: &Pki, mode: &str, user: &str, password: &str) -> TlsServer {
        let port = free_port();
        let out = dir.join(format!("received-{port}.jsonl"));
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_tls.py");
        let child = Command::new("/usr/bin/python3")
            .arg(script)
            .args([
                &port.to_string(),
                &pki.cert.display().to_string(),
                &pki.key.display().to_string(),
                mode,
                user,
                password,
            ])
            .arg(&out)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("python3-aiosmtpd");
        wait_for_port(port);
        TlsServer { child, port, out }
    }

    pub fn received(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh store with a shop name.
pub fn store(dir: &Path) -> Arc<Store> {
    let store = Store::open_in_dir(&dir.join("store")).unwrap();
    posventa_core::settings::ensure(&store, "es-ES").unwrap();
    store
        .write(|tx| {
            tx.execute("UPDATE settings SET shop_name = 'Tienda Sol' WHERE id = 1", [])?;
            Ok(())
        })
        .unwrap();
    Arc::new(store)
}

/// Points the relay settings at `port` (no password, no encryption unless set).
pub fn relay(store: &Store, host: &str, port: u16, security: &str, username: &str, per_second: f64, connections: u8) {
    store
        .write(|tx| {
            tx.execute(
                "UPDATE mail_settings SET host = ?1, port = ?2, security = ?3, username = ?4, from_name = 'Tienda Sol',
                     from_address = 'hola@tienda.example', per_second = ?5, per_hour = 0, connections = ?6 WHERE id = 1",
                rusqlite::params![host, port, security, username, per_second, connections],
            )?;
            Ok(())
        })
        .unwrap();
}

/// A running campaign with one queued outbox row per recipient, written the
/// way the core writes them.
pub fn campaign(store: &Store, subject: &str, body: &str, recipients: &[(&str, &str)]) -> i64 {
    store
        .write(|tx| {
            let now = posventa_mail::outbox::now_ms();
            tx.execute(
                "INSERT INTO campaigns (name, subject, preheader, body_md, audience, status, started_at, created_at, updated_at)
                 VALUES ('Prueba', ?1, 'Novedades de {{ shop_name }}', ?2, '{}', 'sending', ?3, ?3, ?3)",
                rusqlite::params![subject, body, now],
            )?;
            let id = tx.last_insert_rowid();
            for (email, name) in recipients {
                let token: String = std::iter::repeat_with(fastrand::alphanumeric).take(24).collect();
                let vars = serde_json::json!({"name": name, "email": email});
                tx.execute(
                    "INSERT INTO outbox (campaign_id, kind, to_address, email_key, to_name, message_id, unsubscribe_token,
                         vars, state, created_at, updated_at)
                     VALUES (?1, 'campaign', ?2, lower(?2), ?3, ?4, ?5, ?6, 'queued', ?7, ?7)",
                    rusqlite::params![id, email, name, format!("<{token}@tienda.example>"), token, vars.to_string(), now],
                )?;
            }
            Ok(id)
        })
        .unwrap()
}

pub fn config(dir: &Path) -> EngineConfig {
    let mut config = EngineConfig::new(dir.join("outbox"), format!("posventa-test-{}", fastrand::u64(..)));
    config.backoff = Backoff { max_attempts: 8, base_ms: 100, max_ms: 400 };
    config.io_timeout = Duration::from_secs(10);
    config
}

pub fn start(store: &Arc<Store>, config: EngineConfig) -> Engine {
    Engine::start(store.clone(), config, Arc::new(NoObserver))
}

pub fn campaign_status(store: &Store, id: i64) -> (String, Option<String>, String) {
    store
        .read(|c| {
            Ok(c.query_row("SELECT status, pause_reason, pause_detail FROM campaigns WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?)
        })
        .unwrap()
}

/// Waits until the campaign leaves `sending` (or `timeout` passes).
pub fn wait_campaign(store: &Store, id: i64, timeout: Duration) -> String {
    let deadline = Instant::now() + timeout;
    loop {
        let (status, _, _) = campaign_status(store, id);
        if status != "sending" || Instant::now() > deadline {
            return status;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn wait_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    done()
}

/// (to_address, state, attempts, last_reply) of every outbox row of a campaign.
pub fn rows(store: &Store, campaign: i64) -> Vec<(String, String, i64, String)> {
    store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT to_address, state, attempts, last_reply FROM outbox WHERE campaign_id = ?1 ORDER BY id",
            )?;
            Ok(stmt
                .query_map([campaign], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap()
}
