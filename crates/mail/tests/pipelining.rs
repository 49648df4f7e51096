//! SMTP PIPELINING (RFC 2920): envelopes in one write, content together
//! with the next envelope, and every reply matched to the command it
//! answers. Checked on what the servers received: smtp-sink (which
//! announces PIPELINING unless -p), and a small fake relay that refuses
//! some recipients while pipelining (smtp-sink's -r/-f turn it off).

mod support;

use std::time::Duration;

use support::fake_relay::{Behaviour, FakeRelay};
use support::*;

const WAIT: Duration = Duration::from_secs(30);

fn addresses(prefix: &str, n: usize) -> Vec<(String, String)> {
    (0..n).map(|i| (format!("{prefix}{i}@example.com"), format!("R {i}"))).collect()
}

fn refs(list: &[(String, String)]) -> Vec<(&str, &str)> {
    list.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn every_recipient_arrives_exactly_once_with_and_without_pipelining() {
    for (faults, connections) in [(&[][..], 1), (&[][..], 2), (&["-p"][..], 1), (&["-p"][..], 2)] {
        let dir = tempfile::tempdir().unwrap();
        let sink = Sink::start(&dir.path().join("sink"), faults);
        let store = store(dir.path());
        relay(&store, "127.0.0.1", sink.port, "none", "", 0.0, connections);
        let list = addresses("r", 150);
        let id = campaign(&store, "Hola {{ first_name }}", "Texto para **{{ name }}**", &refs(&list));
        let engine = start(&store, config(dir.path()));
        assert_eq!(wait_campaign(&store, id, WAIT), "sent", "{faults:?} x{connections}: the campaign ends");
        engine.shutdown();
        let expected = sorted(list.iter().map(|(a, _)| a.clone()).collect());
        assert_eq!(
            sorted(sink.recipients()),
            expected,
            "{faults:?} x{connections}: each recipient exactly once, nobody else"
        );
        assert!(
            rows(&store, id).iter().all(|r| r.1 == "sent" && r.2 == 1 && r.3.starts_with("250")),
            "{faults:?} x{connections}: every row sent on the first attempt with the server's 250"
        );
    }
}

#[test]
fn pipelined_refusals_are_matched_to_the_recipient_they_answer() {
    for pipelining in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let fake = FakeRelay::start(Behaviour { pipelining, data_without_recipients: false });
        let store = store(dir.path());
        relay(&store, "127.0.0.1", fake.port, "none", "", 0.0, 1);
        let list: Vec<(String, String)> = ["ok0", "gone1", "ok2", "busy3", "ok4", "gone5", "gone6", "ok7"]
            .iter()
            .map(|l| (format!("{l}@example.com"), l.to_string()))
            .collect();
        let id = campaign(&store, "Hola", "Texto", &refs(&list));
        let engine = start(&store, config(dir.path()));
        assert_eq!(wait_campaign(&store, id, WAIT), "sent", "pipelining={pipelining}");
        engine.shutdown();
        let seen = fake.seen();
        assert_eq!(
            sorted(seen.delivered.clone()),
            ["busy3@example.com", "ok0@example.com", "ok2@example.com", "ok4@example.com", "ok7@example.com"],
            "pipelining={pipelining}: the accepted ones exactly once, the refused ones never"
        );
        assert!(seen.violations.is_empty(), "pipelining={pipelining}: {:?}", seen.violations);
        assert_eq!(seen.rsets, 4, "pipelining={pipelining}: one RSET after each refused envelope");
        if pipelining {
            assert_eq!(
                seen.pipelined_envelopes, seen.envelopes,
                "every MAIL FROM arrived together with its RCPT TO and DATA"
            );
        } else {
            assert_eq!(seen.pipelined_envelopes, 0, "without PIPELINING, one command at a time");
        }
        for (address, state, attempts, reply) in rows(&store, id) {
            if address.starts_with("gone") {
                assert_eq!((state.as_str(), attempts), ("failed", 1), "{address}: a 5xx to RCPT is never retried");
                assert!(
                    reply.starts_with("550 5.1.1 <gone"),
                    "{address}: the RCPT's own refusal is recorded, not the DATA's 554 that follows it: {reply}"
                );
            } else if address.starts_with("busy") {
                assert_eq!((state.as_str(), attempts), ("sent", 2), "{address}: a 450 is retried, then sent once");
            } else {
                assert_eq!((state.as_str(), attempts), ("sent", 1), "{address}: a neighbour's refusal costs nothing");
            }
        }
        let bounced: Vec<String> = store
            .read(|c| {
                let mut s = c.prepare("SELECT email_key FROM suppressions WHERE reason = 'bounced' ORDER BY 1")?;
                Ok(s.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        assert_eq!(
            bounced,
            ["gone1@example.com", "gone5@example.com", "gone6@example.com"],
            "pipelining={pipelining}: exactly the refused addresses are suppressed"
        );
        let temporary: Vec<(String, String)> = store
            .read(|c| {
                let mut s = c.prepare(
                    "SELECT o.to_address, a.reply FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id
                     WHERE a.outcome = 'temporary'",
                )?;
                Ok(s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap();
        assert_eq!(temporary.len(), 1, "only busy3's first try was temporary: {temporary:?}");
        assert!(temporary[0].1.starts_with("450 4.2.1 <busy3"), "with its own reply: {temporary:?}");
    }
}

#[test]
fn content_is_never_sent_when_data_is_taken_for_a_refused_envelope() {
    let dir = tempfile::tempdir().unwrap();
    let fake = FakeRelay::start(Behaviour { pipelining: true, data_without_recipients: true });
    let store = store(dir.path());
    relay(&store, "127.0.0.1", fake.port, "none", "", 0.0, 1);
    let list: Vec<(String, String)> =
        ["ok0", "gone1", "ok2"].iter().map(|l| (format!("{l}@example.com"), l.to_string())).collect();
    let id = campaign(&store, "Hola", "Texto", &refs(&list));
    let engine = start(&store, config(dir.path()));
    assert_eq!(wait_campaign(&store, id, WAIT), "sent");
    engine.shutdown();
    let seen = fake.seen();
    assert!(seen.violations.is_empty(), "no content for an envelope without recipients: {:?}", seen.violations);
    assert_eq!(sorted(seen.delivered), ["ok0@example.com", "ok2@example.com"]);
    let r = rows(&store, id);
    assert_eq!((r[1].1.as_str(), r[1].2), ("failed", 1), "the refused recipient bounced once");
    assert!(r.iter().filter(|r| r.0 != "gone1@example.com").all(|r| r.1 == "sent" && r.2 == 1));
}

#[test]
fn a_connection_dropped_inside_a_pipelined_group_loses_nothing() {
    // smtp-sink keeps PIPELINING with -q/-Q, so these hit the groups:
    // content + MAIL/RCPT/DATA of the next message.
    for fault in [["-q", "RCPT"], ["-Q", "RCPT"], ["-q", "."], ["-Q", "DATA"], ["-q", "MAIL"]] {
        let dir = tempfile::tempdir().unwrap();
        let faulty = Sink::start(&dir.path().join("faulty"), &fault);
        let port = faulty.port;
        let store = store(dir.path());
        relay(&store, "127.0.0.1", port, "none", "", 0.0, 1);
        let list = addresses("d", 5);
        let id = campaign(&store, "Hola", "Texto", &refs(&list));
        let engine = start(&store, config(dir.path()));
        assert!(wait_until(WAIT, || rows(&store, id).iter().all(|r| r.2 >= 1)), "{fault:?}: every one attempted");
        assert!(
            rows(&store, id).iter().all(|r| r.1 != "failed" && r.1 != "sent"),
            "{fault:?}: nothing given up on, nothing counted as delivered"
        );
        faulty.stop();
        let good = Sink::start_on(&dir.path().join("good"), port, &[]);
        engine.wake();
        assert_eq!(wait_campaign(&store, id, WAIT), "sent", "{fault:?}: delivered after reconnecting");
        engine.shutdown();
        let expected = sorted(list.iter().map(|(a, _)| a.clone()).collect());
        assert_eq!(sorted(good.recipients()), expected, "{fault:?}: nobody lost, nobody twice");
        let attempts: i64 = store
            .read(|c| {
                Ok(c.query_row("SELECT count(*) FROM outbox_attempts WHERE outcome = 'temporary'", [], |r| r.get(0))?)
            })
            .unwrap();
        assert!(attempts >= 5, "{fault:?}: each failure recorded as temporary ({attempts})");
    }
}
