//! A small SMTP server for what smtp-sink cannot do: refuse SOME recipients
//! while announcing PIPELINING (smtp-sink's -r/-f turn PIPELINING off), and
//! watch the client's side of RFC 2920: whether an envelope arrived in one
//! piece, whether content ever came before the 354, what followed a refusal.
//!
//! Recipients decide their fate by their local part: `gone…` gets 550,
//! `busy…` gets 450 on its first try, anything else is accepted.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Debug, Default, Clone)]
pub struct Seen {
    /// The recipient of every message accepted with a final 250, in order.
    pub delivered: Vec<String>,
    /// Every message's content as received (dot-stuffing undone).
    pub contents: Vec<Vec<u8>>,
    pub rsets: usize,
    /// Envelopes whose MAIL, RCPT and DATA were all waiting to be read when
    /// MAIL was: the client sent them in one go.
    pub pipelined_envelopes: usize,
    pub envelopes: usize,
    /// Anything a correct client never does.
    pub violations: Vec<String>,
}

pub struct FakeRelay {
    pub port: u16,
    seen: Arc<Mutex<Seen>>,
}

#[derive(Clone, Copy)]
pub struct Behaviour {
    pub pipelining: bool,
    /// Answer DATA with 354 even when no recipient was accepted (RFC 2920
    /// says 503/554; a client must then not send the content anyway).
    pub data_without_recipients: bool,
}

impl FakeRelay {
    pub fn start(behaviour: Behaviour) -> FakeRelay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let tries = Arc::new(Mutex::new(HashMap::new()));
        let shared = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let (seen, tries) = (shared.clone(), tries.clone());
                std::thread::spawn(move || {
                    let _ = session(stream, behaviour, &seen, &tries);
                });
            }
        });
        FakeRelay { port, seen }
    }

    pub fn seen(&self) -> Seen {
        self.seen.lock().unwrap().clone()
    }
}

fn session(
    stream: TcpStream,
    behaviour: Behaviour,
    seen: &Mutex<Seen>,
    tries: &Mutex<HashMap<String, u32>>,
) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut input = BufReader::with_capacity(256 * 1024, stream);
    out.write_all(b"220 fake.example ESMTP\r\n")?;
    let mut mail = false;
    let mut rcpts: Vec<String> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let reply: String = if upper.starts_with("EHLO") {
            let pipelining = if behaviour.pipelining { "250-PIPELINING\r\n" } else { "" };
            format!("250-fake.example\r\n{pipelining}250-8BITMIME\r\n250 SIZE 10240000")
        } else if upper.starts_with("MAIL FROM:") {
            let mut s = seen.lock().unwrap();
            s.envelopes += 1;
            let waiting = String::from_utf8_lossy(input.buffer()).to_ascii_uppercase();
            if waiting.contains("RCPT TO:") && waiting.contains("DATA\r\n") {
                s.pipelined_envelopes += 1;
            }
            if mail {
                "503 5.5.1 Error: nested MAIL command".into()
            } else {
                mail = true;
                "250 2.1.0 Ok".into()
            }
        } else if upper.starts_with("RCPT TO:") {
            let address = command[8..].trim().trim_start_matches('<').trim_end_matches('>').to_owned();
            let n = {
                let mut t = tries.lock().unwrap();
                let n = t.entry(address.clone()).or_insert(0);
                *n += 1;
                *n
            };
            if !mail {
                "503 5.5.1 Error: need MAIL command".into()
            } else if address.starts_with("gone") {
                format!("550 5.1.1 <{address}>: Recipient address rejected: no such user")
            } else if address.starts_with("busy") && n == 1 {
                format!("450 4.2.1 <{address}>: mailbox busy, try later")
            } else {
                rcpts.push(address);
                "250 2.1.5 Ok".into()
            }
        } else if upper == "DATA" {
            if !input.buffer().is_empty() {
                seen.lock().unwrap().violations.push("content sent before the 354".into());
            }
            if !mail {
                "503 5.5.1 Error: need RCPT command".into()
            } else if rcpts.is_empty() && !behaviour.data_without_recipients {
                "554 5.5.1 Error: no valid recipients".into()
            } else {
                out.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
                let Some(content) = read_content(&mut input)? else {
                    return Ok(()); // hung up in the middle: nothing delivered
                };
                let mut s = seen.lock().unwrap();
                if rcpts.is_empty() {
                    s.violations.push("content sent for an envelope without recipients".into());
                }
                for r in rcpts.drain(..) {
                    s.delivered.push(r);
                }
                s.contents.push(content);
                mail = false;
                "250 2.0.0 Ok: queued".into()
            }
        } else if upper == "RSET" {
            seen.lock().unwrap().rsets += 1;
            mail = false;
            rcpts.clear();
            "250 2.0.0 Ok".into()
        } else if upper == "NOOP" {
            "250 2.0.0 Ok".into()
        } else if upper == "QUIT" {
            out.write_all(b"221 2.0.0 Bye\r\n")?;
            return Ok(());
        } else {
            seen.lock().unwrap().violations.push(format!("not a command: {command:?}"));
            "500 5.5.2 Error: command not recognized".into()
        };
        out.write_all(format!("{reply}\r\n").as_bytes())?;
    }
}

/// The content up to the final dot, dot-stuffing undone; None if the
/// connection ended first.
fn read_content(input: &mut BufReader<TcpStream>) -> std::io::Result<Option<Vec<u8>>> {
    let mut content = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        if line == b".\r\n" {
            return Ok(Some(content));
        }
        let unstuffed = if line.first() == Some(&b'.') { &line[1..] } else { &line[..] };
        content.extend_from_slice(unstuffed);
    }
}
