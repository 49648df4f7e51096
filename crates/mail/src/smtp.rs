//! The SMTP wire: a stream with socket-level timeouts, one write buffer that
//! collects a whole pipelined group (RFC 2920) so it leaves in one write,
//! a buffered reader that parses (multi-line) replies, dot-stuffing and
//! the EHLO keywords we use. [`crate::transport`] decides what to send and
//! what each reply means; nothing here knows about the outbox.

use std::fmt::{self, Display};
use std::future::Future;
use std::io;
use std::io::Write as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Sleep;

/// A reply line longer than this is garbage (Postfix's `line_length_limit`
/// is 2048; RFC 5321 allows 512).
const MAX_LINE: u64 = 4096;
/// A whole reply larger than this is garbage (lettre uses the same cap).
const MAX_REPLY: usize = 100_000;

/// One reply: its code and its text lines (joined with `\n`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    text: String,
}

impl Reply {
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.text.split('\n')
    }

    /// 2xx.
    pub fn is_completion(&self) -> bool {
        (200..300).contains(&self.code)
    }
}

/// "250 2.0.0 Ok: queued", lines joined with spaces: the server's words as
/// the owner sees them.
impl Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        for (i, line) in self.lines().enumerate() {
            if i == 0 && line.is_empty() {
                continue;
            }
            write!(f, " {line}")?;
        }
        Ok(())
    }
}

/// No usable reply: the conversation cannot go on.
#[derive(Debug)]
pub enum WireError {
    Io(io::Error),
    Closed,
    Garbled(String),
}

impl Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Io(err) => write!(f, "{err}"),
            WireError::Closed => f.write_str("the server closed the connection"),
            WireError::Garbled(detail) => write!(f, "unreadable reply from the server: {detail}"),
        }
    }
}

impl From<io::Error> for WireError {
    fn from(err: io::Error) -> Self {
        WireError::Io(err)
    }
}

/// What the server's EHLO announced that we use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extensions {
    pub pipelining: bool,
    pub starttls: bool,
    pub auth_plain: bool,
    pub auth_login: bool,
}

impl Extensions {
    /// From a 250 reply to EHLO: the first line is the server's name, each
    /// further line one keyword with its parameters.
    pub fn from_ehlo(reply: &Reply) -> Self {
        let mut ext = Extensions::default();
        for line in reply.lines().skip(1) {
            let mut words = line.split([' ', '=']);
            let keyword = words.next().unwrap_or("").to_ascii_uppercase();
            match keyword.as_str() {
                "PIPELINING" => ext.pipelining = true,
                "STARTTLS" => ext.starttls = true,
                "AUTH" => {
                    for mechanism in words {
                        match mechanism.to_ascii_uppercase().as_str() {
                            "PLAIN" => ext.auth_plain = true,
                            "LOGIN" => ext.auth_login = true,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        ext
    }
}

/// One SMTP connection's bytes: commands and content are queued into one
/// buffer and leave together on [`Wire::send`]; replies are read in order.
pub struct Wire {
    reader: BufReader<TimedStream>,
    out: Vec<u8>,
    line: Vec<u8>,
}

impl Wire {
    pub fn new(stream: TimedStream) -> Self {
        Wire {
            reader: BufReader::with_capacity(16 * 1024, stream),
            out: Vec::with_capacity(16 * 1024),
            line: Vec::new(),
        }
    }

    /// Queues one command line (lettre's command types end with CRLF).
    pub fn queue(&mut self, command: impl Display) {
        // Writing into a Vec cannot fail.
        let _ = write!(self.out, "{command}");
    }

    /// Queues a message's content, dot-stuffed, ending with CRLF (the final
    /// "." line is [`Wire::queue_end`]).
    pub fn queue_content(&mut self, bytes: &[u8]) {
        push_content(&mut self.out, bytes);
    }

    /// The end-of-data line: the server delivers (or refuses) on this.
    pub fn queue_end(&mut self) {
        self.out.extend_from_slice(b".\r\n");
    }

    /// Writes everything queued in one go.
    pub async fn send(&mut self) -> Result<(), WireError> {
        let result = async {
            let stream = self.reader.get_mut();
            stream.write_all(&self.out).await?;
            stream.flush().await
        }
        .await;
        self.out.clear();
        Ok(result?)
    }

    /// Reads the next reply.
    pub async fn reply(&mut self) -> Result<Reply, WireError> {
        let mut code = 0;
        let mut text = String::new();
        let mut first = true;
        loop {
            self.line.clear();
            let n = (&mut self.reader).take(MAX_LINE).read_until(b'\n', &mut self.line).await?;
            if n == 0 {
                return Err(WireError::Closed);
            }
            if self.line.last() != Some(&b'\n') {
                return Err(if n as u64 >= MAX_LINE {
                    WireError::Garbled("reply line too long".into())
                } else {
                    WireError::Closed
                });
            }
            let line = std::str::from_utf8(&self.line)
                .map_err(|_| WireError::Garbled("reply is not UTF-8".into()))?
                .trim_end_matches(['\r', '\n']);
            let bytes = line.as_bytes();
            let valid = bytes.len() >= 3
                && bytes[..3].iter().all(u8::is_ascii_digit)
                && (b'2'..=b'5').contains(&bytes[0])
                && matches!(bytes.get(3), None | Some(b' ') | Some(b'-'));
            if !valid {
                return Err(WireError::Garbled(line.chars().take(80).collect()));
            }
            let this_code: u16 = line[..3].parse().expect("three digits");
            if first {
                code = this_code;
            } else if this_code != code {
                return Err(WireError::Garbled(format!("reply code changed from {code} to {this_code}")));
            } else {
                text.push('\n');
            }
            first = false;
            text.push_str(line.get(4..).unwrap_or(""));
            if text.len() > MAX_REPLY {
                return Err(WireError::Garbled("reply too large".into()));
            }
            if bytes.get(3) != Some(&b'-') {
                return Ok(Reply { code, text });
            }
        }
    }

    /// For STARTTLS: the plain stream back, unless the server already sent
    /// bytes after its 220 (they would be read as if they came over TLS).
    pub fn into_plain(self) -> Result<(TcpStream, Duration), &'static str> {
        if !self.reader.buffer().is_empty() {
            return Err("the server sent data before the TLS handshake");
        }
        self.reader.into_inner().into_plain()
    }
}

/// Dot-stuffing (RFC 5321 4.5.2), ending on a line end so the end-of-data
/// line can follow. A "." is added after every LF, bare or not, so no
/// server can see an early end of data.
fn push_content(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + bytes.len() / 64 + 5);
    if bytes.first() == Some(&b'.') {
        out.push(b'.');
    }
    let mut start = 0;
    for lf in memchr::memchr_iter(b'\n', bytes) {
        if bytes.get(lf + 1) == Some(&b'.') {
            out.extend_from_slice(&bytes[start..=lf]);
            out.push(b'.');
            start = lf + 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
    if !bytes.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
}

pub enum Inner {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

/// A stream whose reads and writes fail with `TimedOut` when the peer stays
/// silent too long: the socket-level timeout that replaces cancelling (a
/// cancelled command would leave its reply to be read as the next one's).
pub struct TimedStream {
    inner: Inner,
    timeout: Duration,
    read_deadline: Option<Pin<Box<Sleep>>>,
    write_deadline: Option<Pin<Box<Sleep>>>,
}

impl TimedStream {
    pub fn new(inner: Inner, timeout: Duration) -> Self {
        TimedStream { inner, timeout, read_deadline: None, write_deadline: None }
    }

    /// The TCP stream and the timeout, for a STARTTLS upgrade.
    fn into_plain(self) -> Result<(TcpStream, Duration), &'static str> {
        match self.inner {
            Inner::Plain(tcp) => Ok((tcp, self.timeout)),
            Inner::Tls(_) => Err("the connection is already encrypted"),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stuffed(bytes: &[u8]) -> String {
        let mut out = Vec::new();
        push_content(&mut out, bytes);
        out.extend_from_slice(b".\r\n");
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn content_is_dot_stuffed_and_ends_with_one_dot_line() {
        assert_eq!(stuffed(b"a\r\n.b\r\n"), "a\r\n..b\r\n.\r\n", "a line starting with a dot gets one more");
        assert_eq!(stuffed(b".\r\n"), "..\r\n.\r\n", "a lone dot line cannot end the data early");
        assert_eq!(stuffed(b"x\r\n.\r\ny"), "x\r\n..\r\ny\r\n.\r\n", "a missing final CRLF is added");
        assert_eq!(stuffed(b"x\n.y"), "x\n..y\r\n.\r\n", "a bare LF counts as a line end too (no smuggling)");
        assert_eq!(stuffed(b""), "\r\n.\r\n");
        assert_eq!(stuffed(b"a.b\r\n"), "a.b\r\n.\r\n", "dots inside a line stay as they are");
    }

    async fn replies(server_says: &'static [u8]) -> Vec<Result<Reply, String>> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            s.write_all(server_says).await.unwrap();
        });
        let tcp = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let mut wire = Wire::new(TimedStream::new(Inner::Plain(tcp), Duration::from_secs(5)));
        server.await.unwrap();
        let mut out = Vec::new();
        loop {
            match wire.reply().await {
                Ok(r) => out.push(Ok(r)),
                Err(WireError::Closed) => return out,
                Err(e) => {
                    out.push(Err(e.to_string()));
                    return out;
                }
            }
        }
    }

    #[tokio::test]
    async fn replies_are_read_one_by_one_in_order() {
        let got = replies(
            b"250-mx.example\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n550 5.1.1 no such user\r\n354 go\r\n250\r\n",
        )
        .await;
        let got: Vec<Reply> = got.into_iter().map(Result::unwrap).collect();
        assert_eq!(got.len(), 4, "a multi-line reply is one reply: {got:?}");
        assert_eq!(got[0].code, 250);
        assert_eq!(got[0].lines().collect::<Vec<_>>(), ["mx.example", "PIPELINING", "AUTH PLAIN LOGIN"]);
        let ext = Extensions::from_ehlo(&got[0]);
        assert!(ext.pipelining && ext.auth_plain && ext.auth_login && !ext.starttls);
        assert_eq!(got[1].to_string(), "550 5.1.1 no such user", "the server's words as they came");
        assert_eq!(got[2].code, 354);
        assert_eq!(got[3].to_string(), "250", "a code without text is a reply");
    }

    #[tokio::test]
    async fn garbage_is_not_a_reply() {
        let got = replies(b"hello there\r\n").await;
        assert!(matches!(&got[..], [Err(e)] if e.contains("unreadable")), "{got:?}");
        let got = replies(b"250-first\r\n451 second\r\n").await;
        assert!(matches!(&got[..], [Err(e)] if e.contains("changed")), "codes must agree inside a reply: {got:?}");
        let got = replies(b"250 cut sho").await;
        assert!(got.is_empty(), "a reply without its line end is a dropped connection: {got:?}");
    }
}
