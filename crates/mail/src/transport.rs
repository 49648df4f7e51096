//! SMTP to the shop's relay. We open the TCP stream ourselves (TCP_NODELAY:
//! otherwise each message waits ~44 ms for a delayed ACK) and speak SMTP
//! with our own small command layer ([`crate::smtp`]) instead of lettre's
//! connection, because lettre cannot pipeline. When the server's EHLO
//! announces PIPELINING (RFC 2920), a message's MAIL FROM, RCPT TO and DATA
//! leave in one write; its content follows as soon as DATA is answered, and
//! its final dot leaves together with the NEXT message's envelope; the
//! replies come back in the order of the commands,
//! so each one is matched to the command it answers. Without PIPELINING,
//! commands go one at a time. Timeouts live in the socket (never cancel a
//! command mid-flight: its reply would be read as the next one's).

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::commands::{Auth, Data, Ehlo, Quit, Rset, Starttls};
use lettre::transport::smtp::extension::ClientId;
use serde::Serialize;
use tokio::net::TcpStream;
use ts_rs::TS;

use crate::settings::{MailSettings, Security};
use crate::smtp::{Extensions, Inner, Reply, TimedStream, Wire, WireError};

/// Where and how to connect. Built once per settings change.
#[derive(Clone)]
pub struct Relay {
    host: String,
    port: u16,
    security: Security,
    credentials: Option<Credentials>,
    /// For STARTTLS and implicit TLS alike: the OS roots plus the extra ones.
    tls: Option<tokio_rustls::TlsConnector>,
    pub io_timeout: Duration,
    pub connect_timeout: Duration,
}

/// Why a connection could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Refused, unreachable, 4xx greeting, timeout: try again later.
    Temporary { code: Option<u16>, reply: String },
    /// The relay refused the user or password (535 and friends).
    Auth { reply: String },
    /// Handshake or certificate problem, or no STARTTLS offered.
    Tls { reply: String },
}

/// Which command a negative reply answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    MailFrom,
    RcptTo,
    Data,
    Message,
}

/// How one message went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent {
        code: u16,
        reply: String,
    },
    /// 4xx, dropped connection, timeout.
    Temporary {
        code: Option<u16>,
        reply: String,
    },
    /// 5xx: never retried.
    Permanent {
        code: u16,
        reply: String,
        stage: Stage,
    },
    Auth {
        reply: String,
    },
}

/// What became of the envelope that travelled with the previous message's
/// content (see [`Connection::finish_and_begin`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// DATA got its 354: the content may follow.
    Ready,
    /// The envelope was refused; the transaction was reset.
    Refused(Outcome),
    /// The connection ended before the envelope was answered: nothing was
    /// tried for this message; open a new connection and begin it there.
    NotTried,
}

impl Relay {
    pub fn new(
        settings: &MailSettings,
        password: Option<String>,
        extra_roots_pem: &[Vec<u8>],
    ) -> Result<Self, Failure> {
        let tls = match settings.security {
            Security::Starttls | Security::Tls => {
                Some(tokio_rustls::TlsConnector::from(Arc::new(client_config(extra_roots_pem)?)))
            }
            Security::None => None,
        };
        let credentials = (!settings.username.is_empty())
            .then(|| Credentials::new(settings.username.clone(), password.unwrap_or_default()));
        Ok(Relay {
            host: settings.host.clone(),
            port: settings.port,
            security: settings.security,
            credentials,
            tls,
            io_timeout: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(30),
        })
    }

    /// The TLS handshake. Nothing SMTP is in flight, so a timeout here is safe.
    async fn handshake(&self, tcp: TcpStream) -> Result<Inner, Failure> {
        let connector = self.tls.as_ref().expect("built for TLS");
        let name = rustls_pki_types::ServerName::try_from(self.host.clone())
            .map_err(|e| Failure::Tls { reply: e.to_string() })?;
        let tls = tokio::time::timeout(self.connect_timeout, connector.connect(name, tcp))
            .await
            .map_err(|_| Failure::Temporary { code: None, reply: "the TLS handshake did not finish in time".into() })?
            .map_err(|e| Failure::Tls { reply: e.to_string() })?;
        Ok(Inner::Tls(Box::new(tls)))
    }
}

/// rustls with the OS roots plus the extra ones.
fn client_config(extra_roots_pem: &[Vec<u8>]) -> Result<rustls::ClientConfig, Failure> {
    use rustls_pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    for pem in extra_roots_pem {
        for cert in rustls_pki_types::CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| Failure::Tls { reply: format!("extra root certificate: {e}") })?;
            roots.add(cert).map_err(|e| Failure::Tls { reply: format!("extra root certificate: {e}") })?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Failure::Tls { reply: e.to_string() })?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

fn temporary(err: WireError) -> Failure {
    Failure::Temporary { code: None, reply: err.to_string() }
}

/// A negative reply while connecting: 4xx is worth another try later.
fn refused_while_connecting(reply: &Reply, otherwise: fn(String) -> Failure) -> Failure {
    if (400..500).contains(&reply.code) {
        Failure::Temporary { code: Some(reply.code), reply: reply.to_string() }
    } else {
        otherwise(reply.to_string())
    }
}

/// EHLO, or HELO for a server without ESMTP (then: no extensions).
async fn hello(wire: &mut Wire, client: &ClientId) -> Result<Extensions, Failure> {
    wire.queue(Ehlo::new(client.clone()));
    wire.send().await.map_err(temporary)?;
    let reply = wire.reply().await.map_err(temporary)?;
    if reply.is_completion() {
        return Ok(Extensions::from_ehlo(&reply));
    }
    if !(500..600).contains(&reply.code) {
        return Err(Failure::Temporary { code: Some(reply.code), reply: reply.to_string() });
    }
    wire.queue(format_args!("HELO {client}\r\n"));
    wire.send().await.map_err(temporary)?;
    let reply = wire.reply().await.map_err(temporary)?;
    if reply.is_completion() {
        Ok(Extensions::default())
    } else {
        Err(Failure::Temporary { code: Some(reply.code), reply: reply.to_string() })
    }
}

/// AUTH PLAIN, or LOGIN when PLAIN is not offered. A 5xx (wrong password)
/// is an authentication failure: the campaign pauses instead of burning
/// through the list.
async fn authenticate(wire: &mut Wire, ext: &Extensions, credentials: &Credentials) -> Result<(), Failure> {
    let auth = |reply: String| Failure::Auth { reply };
    let mechanism = if ext.auth_plain {
        Mechanism::Plain
    } else if ext.auth_login {
        Mechanism::Login
    } else {
        return Err(auth("the server offers neither AUTH PLAIN nor AUTH LOGIN".into()));
    };
    wire.queue(Auth::new(mechanism, credentials.clone(), None).map_err(|e| auth(e.to_string()))?);
    // LOGIN asks for the user and then the password; a few more are a broken server.
    for _ in 0..4 {
        wire.send().await.map_err(temporary)?;
        let reply = wire.reply().await.map_err(temporary)?;
        if reply.is_completion() {
            return Ok(());
        }
        if reply.code != 334 {
            return Err(refused_while_connecting(&reply, auth));
        }
        let challenge = reply.lines().next().unwrap_or("").trim();
        let challenge = base64::engine::general_purpose::STANDARD
            .decode(challenge)
            .ok()
            .and_then(|c| String::from_utf8(c).ok())
            .ok_or_else(|| auth(format!("unreadable authentication challenge: {reply}")))?;
        wire.queue(Auth::new(mechanism, credentials.clone(), Some(challenge)).map_err(|e| auth(e.to_string()))?);
    }
    Err(auth("the server kept asking for more authentication".into()))
}

/// One SMTP connection that sends messages one after the other.
pub struct Connection {
    wire: Wire,
    pipelining: bool,
    broken: bool,
}

impl Connection {
    pub async fn open(relay: &Relay) -> Result<Self, Failure> {
        let unreachable = |reply: String| Failure::Temporary { code: None, reply };
        let tcp = tokio::time::timeout(relay.connect_timeout, TcpStream::connect((relay.host.as_str(), relay.port)))
            .await
            .map_err(|_| unreachable(format!("no answer from {}:{} in time", relay.host, relay.port)))?
            .map_err(|e| unreachable(format!("cannot connect to {}:{}: {e}", relay.host, relay.port)))?;
        tcp.set_nodelay(true).map_err(|e| unreachable(e.to_string()))?;
        let inner = match relay.security {
            Security::Tls => relay.handshake(tcp).await?,
            _ => Inner::Plain(tcp),
        };
        let mut wire = Wire::new(TimedStream::new(inner, relay.io_timeout));
        let greeting = wire.reply().await.map_err(temporary)?;
        if !greeting.is_completion() {
            return Err(Failure::Temporary { code: Some(greeting.code), reply: greeting.to_string() });
        }
        let client = ClientId::default();
        let mut ext = hello(&mut wire, &client).await?;
        if relay.security == Security::Starttls {
            if !ext.starttls {
                return Err(Failure::Tls { reply: "the server does not offer STARTTLS".into() });
            }
            wire.queue(Starttls);
            wire.send().await.map_err(temporary)?;
            let reply = wire.reply().await.map_err(temporary)?;
            if !reply.is_completion() {
                return Err(refused_while_connecting(&reply, |reply| Failure::Tls { reply }));
            }
            let (tcp, timeout) = wire.into_plain().map_err(|e| Failure::Tls { reply: e.into() })?;
            wire = Wire::new(TimedStream::new(relay.handshake(tcp).await?, timeout));
            // What was announced before TLS does not count (RFC 3207).
            ext = hello(&mut wire, &client).await?;
        }
        if let Some(credentials) = &relay.credentials {
            authenticate(&mut wire, &ext, credentials).await?;
        }
        Ok(Connection { wire, pipelining: ext.pipelining, broken: false })
    }

    /// False after a dropped connection, a timeout or a 421.
    pub fn usable(&self) -> bool {
        !self.broken
    }

    /// The server announced PIPELINING: commands are sent in groups.
    pub fn pipelining(&self) -> bool {
        self.pipelining
    }

    /// Sends one message. Never cancelled from outside: timeouts live in the
    /// stream, and a timeout breaks the connection.
    pub async fn send(&mut self, from: &Address, to: &Address, bytes: &[u8]) -> Outcome {
        match self.begin(from, to).await {
            Ok(()) => self.finish(bytes).await,
            Err(outcome) => outcome,
        }
    }

    /// MAIL FROM, RCPT TO and DATA: everything before the message itself.
    /// Nothing is delivered until [`Connection::finish`].
    pub async fn begin(&mut self, from: &Address, to: &Address) -> Result<(), Outcome> {
        if self.pipelining {
            self.queue_envelope(from, to);
            if let Err(err) = self.wire.send().await {
                return Err(self.lost(err));
            }
            return self.read_envelope().await;
        }
        for stage in [Stage::MailFrom, Stage::RcptTo, Stage::Data] {
            match stage {
                Stage::MailFrom => self.wire.queue(format_args!("MAIL FROM:<{from}>\r\n")),
                Stage::RcptTo => self.wire.queue(format_args!("RCPT TO:<{to}>\r\n")),
                _ => self.wire.queue(Data),
            }
            if let Err(err) = self.wire.send().await {
                return Err(self.lost(err));
            }
            let reply = match self.wire.reply().await {
                Ok(reply) => reply,
                Err(err) => return Err(self.lost(err)),
            };
            if !accepted(stage, &reply) {
                let outcome = self.refused(&reply, stage);
                if !self.broken {
                    self.reset().await;
                }
                return Err(outcome);
            }
        }
        Ok(())
    }

    /// The message and its final dot: the server's reply decides delivery.
    pub async fn finish(&mut self, bytes: &[u8]) -> Outcome {
        self.wire.queue_content(bytes);
        self.wire.queue_end();
        if let Err(err) = self.wire.send().await {
            return self.lost(err);
        }
        self.read_final().await
    }

    /// Writes a message's content (dot-stuffed) without its final dot, right
    /// after its DATA got 354: the server reads it while we record the
    /// previous message's result. Nothing is delivered before
    /// [`Connection::end`] or [`Connection::end_and_begin`] sends the dot.
    pub async fn content(&mut self, bytes: &[u8]) -> Result<(), Outcome> {
        self.wire.queue_content(bytes);
        match self.wire.send().await {
            Ok(()) => Ok(()),
            Err(err) => Err(self.lost(err)),
        }
    }

    /// The final dot of a message whose content [`Connection::content`]
    /// already wrote: the server's reply decides delivery.
    pub async fn end(&mut self) -> Outcome {
        self.wire.queue_end();
        if let Err(err) = self.wire.send().await {
            return self.lost(err);
        }
        self.read_final().await
    }

    /// The final dot of a message whose content is already written, together
    /// with the next message's MAIL FROM, RCPT TO and DATA, in one write
    /// (RFC 2920: DATA ends a group). Returns this message's outcome and
    /// what became of the next one's envelope. The caller records the
    /// outcome before sending the next message's final dot, so a crash can
    /// repeat at most this one message: an envelope and content without
    /// their dot deliver nothing. Without PIPELINING the same happens one
    /// command at a time.
    pub async fn end_and_begin(&mut self, from: &Address, to: &Address) -> (Outcome, Next) {
        if !self.pipelining {
            let outcome = self.end().await;
            if self.broken {
                return (outcome, Next::NotTried);
            }
            let next = match self.begin(from, to).await {
                Ok(()) => Next::Ready,
                Err(refused) => Next::Refused(refused),
            };
            return (outcome, next);
        }
        self.wire.queue_end();
        self.queue_envelope(from, to);
        if let Err(err) = self.wire.send().await {
            return (self.lost(err), Next::NotTried);
        }
        let outcome = self.read_final().await;
        if self.broken {
            // Dropped, timed out or 421 on the dot: the envelope was never answered.
            return (outcome, Next::NotTried);
        }
        let next = match self.read_envelope().await {
            Ok(()) => Next::Ready,
            Err(refused) => Next::Refused(refused),
        };
        (outcome, next)
    }

    fn queue_envelope(&mut self, from: &Address, to: &Address) {
        self.wire.queue(format_args!("MAIL FROM:<{from}>\r\nRCPT TO:<{to}>\r\n"));
        self.wire.queue(Data);
    }

    /// The replies to a pipelined MAIL FROM, RCPT TO and DATA, in that
    /// order. The first refusal decides the outcome: after a refused MAIL
    /// or RCPT, the DATA's 503/554 only follows from it and is not held
    /// against the message. Then RSET, so the next message starts clean.
    async fn read_envelope(&mut self) -> Result<(), Outcome> {
        let mut refusal: Option<Outcome> = None;
        for stage in [Stage::MailFrom, Stage::RcptTo, Stage::Data] {
            let reply = match self.wire.reply().await {
                Ok(reply) => reply,
                Err(err) => {
                    let lost = self.lost(err);
                    return Err(refusal.unwrap_or(lost));
                }
            };
            if accepted(stage, &reply) {
                if refusal.is_some() && stage == Stage::Data {
                    // DATA taken although the envelope was refused: the
                    // server now expects content. Never send any; without
                    // a final dot nothing is delivered, so hang up instead.
                    self.broken = true;
                }
                continue;
            }
            let outcome = self.refused(&reply, stage);
            if self.broken {
                // 421: the server is closing, no further replies will come.
                return Err(refusal.unwrap_or(outcome));
            }
            refusal.get_or_insert(outcome);
        }
        match refusal {
            None => Ok(()),
            Some(outcome) => {
                if !self.broken {
                    self.reset().await;
                }
                Err(outcome)
            }
        }
    }

    async fn read_final(&mut self) -> Outcome {
        match self.wire.reply().await {
            Ok(reply) if reply.is_completion() => Outcome::Sent { code: reply.code, reply: reply.to_string() },
            Ok(reply) => self.refused(&reply, Stage::Message),
            Err(err) => self.lost(err),
        }
    }

    /// No reply at all: dropped, timed out or garbled. Whatever was in
    /// flight is unknown; the connection cannot be trusted.
    fn lost(&mut self, err: WireError) -> Outcome {
        self.broken = true;
        Outcome::Temporary { code: None, reply: err.to_string() }
    }

    /// What a reply other than the expected one means for the message.
    fn refused(&mut self, reply: &Reply, stage: Stage) -> Outcome {
        let text = reply.to_string();
        match reply.code {
            421 => {
                self.broken = true;
                Outcome::Temporary { code: Some(421), reply: text }
            }
            530 | 534 | 535 | 538 if stage == Stage::MailFrom => Outcome::Auth { reply: text },
            400..=499 => Outcome::Temporary { code: Some(reply.code), reply: text },
            500..=599 => Outcome::Permanent { code: reply.code, reply: text, stage },
            code => {
                // A positive reply where another was due: out of step.
                self.broken = true;
                Outcome::Temporary { code: Some(code), reply: format!("unexpected reply: {text}") }
            }
        }
    }

    /// Resets the transaction after a refusal; keeps the connection only if
    /// the server still answers.
    async fn reset(&mut self) {
        self.wire.queue(Rset);
        let ok = match self.wire.send().await {
            Ok(()) => self.wire.reply().await.is_ok_and(|r| r.is_completion()),
            Err(_) => false,
        };
        if !ok {
            self.broken = true;
        }
    }

    pub async fn quit(mut self) {
        if !self.broken {
            self.wire.queue(Quit);
            if self.wire.send().await.is_ok() {
                let _ = self.wire.reply().await;
            }
        }
    }
}

/// MAIL and RCPT want 2xx, DATA wants 354.
fn accepted(stage: Stage, reply: &Reply) -> bool {
    match stage {
        Stage::Data => reply.code == 354,
        _ => reply.is_completion(),
    }
}

/// What "Send test message" reports: the server's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TestReport {
    pub ok: bool,
    /// `sent`, `saved`, `temporary`, `permanent`, `auth_failed` or `tls_failed`.
    pub outcome: String,
    pub code: Option<u16>,
    pub reply: String,
}

impl TestReport {
    fn new(outcome: &str, code: Option<u16>, reply: String) -> Self {
        TestReport { ok: matches!(outcome, "sent" | "saved"), outcome: outcome.into(), code, reply }
    }

    pub fn from_failure(failure: Failure) -> Self {
        match failure {
            Failure::Temporary { code, reply } => TestReport::new("temporary", code, reply),
            Failure::Auth { reply } => TestReport::new("auth_failed", None, reply),
            Failure::Tls { reply } => TestReport::new("tls_failed", None, reply),
        }
    }

    /// No relay: the message was written to `path` in the outbox folder.
    pub fn saved(path: String) -> Self {
        TestReport::new("saved", None, path)
    }

    pub fn from_outcome(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Sent { code, reply } => TestReport::new("sent", Some(code), reply),
            Outcome::Temporary { code, reply } => TestReport::new("temporary", code, reply),
            Outcome::Permanent { code, reply, .. } => TestReport::new("permanent", Some(code), reply),
            Outcome::Auth { reply } => TestReport::new("auth_failed", None, reply),
        }
    }
}

/// Settings → Email → "Send test message": one message through the relay
/// as configured (not yet saved, if the owner is still typing).
pub async fn send_test(
    settings: &MailSettings,
    password: Option<String>,
    to: &str,
    extra_roots_pem: &[Vec<u8>],
) -> crate::Result<TestReport> {
    let built = crate::compose::test_message(settings, to)?;
    let relay = match Relay::new(settings, password, extra_roots_pem) {
        Ok(relay) => relay,
        Err(failure) => return Ok(TestReport::from_failure(failure)),
    };
    let mut conn = match Connection::open(&relay).await {
        Ok(conn) => conn,
        Err(failure) => return Ok(TestReport::from_failure(failure)),
    };
    let outcome = conn.send(&built.from, &built.to, &built.bytes).await;
    conn.quit().await;
    Ok(TestReport::from_outcome(outcome))
}
