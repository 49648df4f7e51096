//! SMTP over lettre's low-level connection. We open the TCP stream
//! ourselves (TCP_NODELAY: lettre's pool waits ~44 ms per message on a
//! delayed ACK otherwise), put a read/write timeout under it (never cancel a
//! command mid-flight: that desynchronises replies), and drive MAIL, RCPT
//! and DATA one by one so we know which command a negative reply answered.

use std::fmt;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream, Certificate, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::ClientId;
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Sleep;
use ts_rs::TS;

use crate::settings::{MailSettings, Security};

/// Where and how to connect. Built once per settings change.
#[derive(Clone)]
pub struct Relay {
    host: String,
    port: u16,
    security: Security,
    credentials: Option<Credentials>,
    starttls: Option<TlsParameters>,
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

impl Relay {
    pub fn new(
        settings: &MailSettings,
        password: Option<String>,
        extra_roots_pem: &[Vec<u8>],
    ) -> Result<Self, Failure> {
        let tls_error = |detail: String| Failure::Tls { reply: detail };
        let starttls = match settings.security {
            Security::Starttls => {
                let mut builder = TlsParameters::builder(settings.host.clone());
                for pem in extra_roots_pem {
                    builder = builder.add_root_certificate(
                        Certificate::from_pem(pem).map_err(|e| tls_error(format!("extra root certificate: {e}")))?,
                    );
                }
                Some(builder.build_rustls().map_err(|e| tls_error(e.to_string()))?)
            }
            _ => None,
        };
        let tls = match settings.security {
            Security::Tls => Some(tokio_rustls::TlsConnector::from(Arc::new(client_config(extra_roots_pem)?))),
            _ => None,
        };
        let credentials = (!settings.username.is_empty())
            .then(|| Credentials::new(settings.username.clone(), password.unwrap_or_default()));
        Ok(Relay {
            host: settings.host.clone(),
            port: settings.port,
            security: settings.security,
            credentials,
            starttls,
            tls,
            io_timeout: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(30),
        })
    }
}

/// rustls for implicit TLS: the OS roots plus the extra ones.
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

/// A negative reply as "550 5.1.1 no such user", or the error's words.
fn reply_text(err: &lettre::transport::smtp::Error) -> (Option<u16>, String) {
    let code = err.status().and_then(|c| c.to_string().parse::<u16>().ok());
    let text = std::error::Error::source(err).map(|s| s.to_string()).unwrap_or_else(|| err.to_string());
    match code {
        Some(code) => (Some(code), format!("{code} {text}")),
        None => (None, text),
    }
}

/// One SMTP connection that sends messages one after the other.
pub struct Connection {
    conn: AsyncSmtpConnection,
    broken: bool,
}

impl Connection {
    pub async fn open(relay: &Relay) -> Result<Self, Failure> {
        let temporary = |reply: String| Failure::Temporary { code: None, reply };
        let tcp = tokio::time::timeout(relay.connect_timeout, TcpStream::connect((relay.host.as_str(), relay.port)))
            .await
            .map_err(|_| temporary(format!("no answer from {}:{} in time", relay.host, relay.port)))?
            .map_err(|e| temporary(format!("cannot connect to {}:{}: {e}", relay.host, relay.port)))?;
        tcp.set_nodelay(true).map_err(|e| temporary(e.to_string()))?;
        let peer = tcp.peer_addr().map_err(|e| temporary(e.to_string()))?;
        let inner = match &relay.tls {
            Some(connector) => {
                let name = rustls_pki_types::ServerName::try_from(relay.host.clone())
                    .map_err(|e| Failure::Tls { reply: e.to_string() })?;
                // Nothing SMTP is in flight yet, so a timeout here is safe.
                let tls = tokio::time::timeout(relay.connect_timeout, connector.connect(name, tcp))
                    .await
                    .map_err(|_| temporary("the TLS handshake did not finish in time".into()))?
                    .map_err(|e| Failure::Tls { reply: e.to_string() })?;
                Inner::Tls(Box::new(tls))
            }
            None => Inner::Plain(tcp),
        };
        let stream = TimedStream::new(inner, peer, relay.io_timeout);
        let hello = ClientId::default();
        let mut conn = AsyncSmtpConnection::connect_with_transport(Box::new(stream), &hello)
            .await
            .map_err(|e| connect_failure(&e))?;
        if relay.security == Security::Starttls {
            let params = relay.starttls.clone().expect("built for STARTTLS");
            if !conn.can_starttls() {
                return Err(Failure::Tls { reply: "the server does not offer STARTTLS".into() });
            }
            conn.starttls(params, &hello).await.map_err(|e| {
                if e.is_tls() || e.status().is_none() {
                    Failure::Tls { reply: reply_text(&e).1 }
                } else {
                    connect_failure(&e)
                }
            })?;
        }
        if let Some(credentials) = &relay.credentials {
            match conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials).await {
                Ok(_) => {}
                Err(e) if e.is_transient() => return Err(connect_failure(&e)),
                Err(e) if e.is_permanent() || e.is_client() => return Err(Failure::Auth { reply: reply_text(&e).1 }),
                Err(e) => return Err(connect_failure(&e)),
            }
        }
        Ok(Connection { conn, broken: false })
    }

    /// False after a dropped connection, a timeout or a 421.
    pub fn usable(&self) -> bool {
        !self.broken
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
        if let Err(e) = self.conn.command(Mail::new(Some(from.clone()), Vec::new())).await {
            return Err(self.negative(&e, Stage::MailFrom).await);
        }
        if let Err(e) = self.conn.command(Rcpt::new(to.clone(), Vec::new())).await {
            return Err(self.negative(&e, Stage::RcptTo).await);
        }
        if let Err(e) = self.conn.command(Data).await {
            return Err(self.negative(&e, Stage::Data).await);
        }
        Ok(())
    }

    /// The message and its final dot: the server's reply decides delivery.
    pub async fn finish(&mut self, bytes: &[u8]) -> Outcome {
        match self.conn.message(bytes).await {
            Ok(response) => {
                let code = response.code().to_string().parse().unwrap_or(250);
                Outcome::Sent { code, reply: format!("{code} {}", response.message().collect::<Vec<_>>().join(" ")) }
            }
            Err(e) => self.negative(&e, Stage::Message).await,
        }
    }

    async fn negative(&mut self, err: &lettre::transport::smtp::Error, stage: Stage) -> Outcome {
        let (code, reply) = reply_text(err);
        let Some(code) = code else {
            // No reply at all: dropped, timed out or garbled. Whatever was
            // in flight is unknown; the connection cannot be trusted.
            self.broken = true;
            return Outcome::Temporary { code: None, reply };
        };
        if code == 421 {
            self.broken = true;
            return Outcome::Temporary { code: Some(code), reply };
        }
        // Reset the transaction and keep the connection if it still answers.
        if stage != Stage::Message && self.conn.command(Rset).await.is_err() {
            self.broken = true;
        }
        match code {
            530 | 534 | 535 | 538 if stage == Stage::MailFrom => Outcome::Auth { reply },
            400..=499 => Outcome::Temporary { code: Some(code), reply },
            _ => Outcome::Permanent { code, reply, stage },
        }
    }

    pub async fn quit(mut self) {
        if !self.broken {
            let _ = self.conn.quit().await;
        }
    }
}

fn connect_failure(err: &lettre::transport::smtp::Error) -> Failure {
    let (code, reply) = reply_text(err);
    if err.is_tls() { Failure::Tls { reply } } else { Failure::Temporary { code, reply } }
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

enum Inner {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

/// A stream whose reads and writes fail with `TimedOut` when the peer stays
/// silent too long: the socket-level timeout that replaces cancelling.
struct TimedStream {
    inner: Inner,
    peer: SocketAddr,
    timeout: Duration,
    read_deadline: Option<Pin<Box<Sleep>>>,
    write_deadline: Option<Pin<Box<Sleep>>>,
}

impl TimedStream {
    fn new(inner: Inner, peer: SocketAddr, timeout: Duration) -> Self {
        TimedStream { inner, peer, timeout, read_deadline: None, write_deadline: None }
    }
}

impl fmt::Debug for TimedStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TimedStream").field("peer", &self.peer).field("timeout", &self.timeout).finish()
    }
}

fn poll_deadline(deadline: &mut Option<Pin<Box<Sleep>>>, timeout: Duration, cx: &mut Context<'_>) -> Poll<io::Error> {
    let sleep = deadline.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
    match sleep.as_mut().poll(cx) {
        Poll::Ready(()) => {
            *deadline = None;
            Poll::Ready(io::Error::new(io::ErrorKind::TimedOut, "the server did not answer in time"))
        }
        Poll::Pending => Poll::Pending,
    }
}

impl AsyncRead for TimedStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = match &mut this.inner {
            Inner::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        };
        match result {
            Poll::Ready(r) => {
                this.read_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => poll_deadline(&mut this.read_deadline, this.timeout, cx).map(Err),
        }
    }
}

impl AsyncWrite for TimedStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = match &mut this.inner {
            Inner::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        };
        match result {
            Poll::Ready(r) => {
                this.write_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => poll_deadline(&mut this.write_deadline, this.timeout, cx).map(Err),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = match &mut this.inner {
            Inner::Plain(s) => Pin::new(s).poll_flush(cx),
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        };
        match result {
            Poll::Ready(r) => {
                this.write_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => poll_deadline(&mut this.write_deadline, this.timeout, cx).map(Err),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().inner {
            Inner::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Inner::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

impl AsyncTokioStream for TimedStream {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.peer)
    }
}
