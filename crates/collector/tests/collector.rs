//! The real `posventa-collector` binary on 127.0.0.1, driven over HTTP the
//! way a browser, a mail client and the desktop app drive it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use posventa_collector::{Keys, Lang, Reference, Survey, Token};
use reqwest::{StatusCode, Url};
use serde_json::Value;

const SECRET: &str = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c2e4a6c8e0a2c4e6a8b0d";
const FAR: u64 = 4_000_000_000;

fn keys() -> Keys {
    Keys::from_secret_hex(SECRET).unwrap()
}

fn reference(n: u32) -> Reference {
    Reference::parse(&format!("{n:032x}")).unwrap()
}

fn survey_token(survey: Survey, lang: Lang, n: u32) -> String {
    keys().sign(&Token::Survey { survey, lang, reference: reference(n), expires: FAR })
}

fn unsubscribe_token(n: u32) -> String {
    keys().sign(&Token::Unsubscribe { lang: Lang::Es, reference: reference(n), expires: FAR })
}

struct Collector {
    child: Child,
    base: String,
    http: reqwest::Client,
}

impl Collector {
    /// Starts the binary on a free port with `dir` as its data folder; the
    /// scanner windows and rate limit come from `env` (defaults: no limit).
    fn start(dir: &Path, env: &[(&str, &str)]) -> Collector {
        let mut command = Command::new(env!("CARGO_BIN_EXE_posventa-collector"));
        command
            .env_clear()
            .env("POSVENTA_COLLECTOR_SECRET", SECRET)
            .env("POSVENTA_COLLECTOR_LISTEN", "127.0.0.1:0")
            .env("POSVENTA_COLLECTOR_DATA_DIR", dir)
            .env("POSVENTA_COLLECTOR_RATE_PER_MINUTE", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("the collector binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base =
            line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("first line: {line:?}")).to_owned();
        // In a workspace build reqwest also carries the app's rustls without a
        // default provider (feature unification): give it ring, as the app does.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Collector { child, base, http }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self.http.get(self.url(path)).send().await.unwrap();
        assert_security_headers(&response);
        let status = response.status();
        (status, response.text().await.unwrap())
    }

    async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let response = self.http.post(url).form(form).send().await.unwrap();
        assert_security_headers(&response);
        let status = response.status();
        (status, response.text().await.unwrap())
    }

    async fn pull(&self, after: i64, limit: u32) -> Value {
        let response = self
            .http
            .get(self.url(&format!("/api/events?after={after}&limit={limit}")))
            .bearer_auth(keys().api_key())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    async fn events(&self) -> Vec<Value> {
        self.pull(0, 5000).await["events"].as_array().unwrap().clone()
    }

    async fn ack(&self, up_to: i64) -> StatusCode {
        self.http
            .post(self.url("/api/ack"))
            .bearer_auth(keys().api_key())
            .json(&serde_json::json!({ "up_to": up_to }))
            .send()
            .await
            .unwrap()
            .status()
    }

    /// SIGTERM, and the exit status.
    fn stop(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success());
        self.child.wait().unwrap()
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn assert_security_headers(response: &reqwest::Response) {
    let h = response.headers();
    assert_eq!(h["content-security-policy"], "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["cache-control"], "no-store", "a page shows one person's answer: never cached");
}

/// The form's `action` and the "Send" button's score, as a browser sees them.
fn form_of(page_url: &str, html: &str) -> (String, String) {
    let action = html.split("action=\"").nth(1).and_then(|s| s.split('"').next()).expect("a form");
    let action = Url::parse(page_url).unwrap().join(&action.replace("&amp;", "&")).unwrap().to_string();
    let send = html.split("class=\"send\" type=\"submit\" name=\"score\" value=\"").nth(1).expect("a Send button");
    (action, send.split('"').next().unwrap().to_owned())
}

fn of_ref(events: &[Value], n: u32) -> Vec<Value> {
    let reference = reference(n).to_string();
    events.iter().filter(|e| e["ref"] == reference.as_str()).cloned().collect()
}

#[tokio::test]
async fn score_link_then_confirm_change_and_comment_like_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &[]);
    let token = survey_token(Survey::Nps, Lang::Es, 1);

    let link = collector.url(&format!("/s/{token}/9"));
    let (status, page) = collector.get(&format!("/s/{token}/9")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("lang=\"es\"") && page.contains("¡Gracias"), "Spanish by the token's lang");
    assert!(page.contains("value=\"9\" class=\"on\""), "the clicked score is highlighted");
    assert!(!page.contains("<script"), "script-free");
    assert!(collector.events().await.is_empty(), "an unconfirmed click is not an answer yet");

    let (action, send) = form_of(&link, &page);
    assert_eq!(action, collector.url(&format!("/s/{token}")), "the form posts to /s/<token>");
    assert_eq!(send, "9", "Send confirms the clicked score");
    let comment = "<script>alert('x')</script> Todo <b>bien</b> & rápido";
    let (status, saved) = collector.post_form(&action, &[("score", &send), ("comment", comment)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(saved.contains("Hemos guardado"), "the page says it was saved");
    assert!(!saved.contains("<script>alert"), "a comment is shown as text, never run");
    assert!(
        saved.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Todo &lt;b&gt;bien&lt;/b&gt; &amp; rápido")
    );

    let events = collector.events().await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["kind"], "answer");
    assert_eq!(events[0]["survey"], "nps");
    assert_eq!(events[0]["score"], 9);
    assert_eq!(events[0]["comment"], comment, "the app gets the comment exactly as typed, as text");
    assert_eq!(events[0]["ref"], reference(1).to_string());

    // Double submit: nothing new. A changed score: a new event.
    let (action2, _) = form_of(&action, &saved);
    assert_eq!(action2, action, "the saved page's form posts to the same place");
    collector.post_form(&action, &[("score", "9"), ("comment", comment)]).await;
    assert_eq!(collector.events().await.len(), 1, "the same answer twice counts once");
    let (status, changed) = collector.post_form(&action, &[("score", "6"), ("comment", comment)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(changed.contains("value=\"6\" class=\"on\""));
    let events = collector.events().await;
    assert_eq!(events.len(), 2, "a changed score is a new answer event");
    assert_eq!((events[1]["score"].as_i64(), events[1]["id"].as_i64() > events[0]["id"].as_i64()), (Some(6), true));

    // Clicking a score in the email again keeps the saved comment on the page.
    let (_, again) = collector.get(&format!("/s/{token}/6")).await;
    assert!(again.contains("&lt;b&gt;bien&lt;/b&gt;"), "an empty box would erase the comment on Send");

    // A refused form saves nothing.
    let long = "x".repeat(2001);
    let (status, _) = collector.post_form(&action, &[("score", "3"), ("comment", &long)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = collector.post_form(&action, &[("score", "11")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "11 is not an NPS score");
    let (status, _) = collector.post_form(&action, &[("comment", "no score")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(collector.events().await.len(), 2, "refused forms record nothing");

    // English by the token's lang.
    let en = survey_token(Survey::Ces, Lang::En, 2);
    let (_, page) = collector.get(&format!("/s/{en}/7")).await;
    assert!(page.contains("lang=\"en\"") && page.contains("Thank you") && page.contains("value=\"7\" class=\"on\""));
    assert!(!page.contains("value=\"8\""), "CES goes from 1 to 7");
}

#[tokio::test]
async fn forged_tampered_and_expired_tokens_record_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &[("POSVENTA_COLLECTOR_SETTLE_WINDOW", "0s")]);
    let good = survey_token(Survey::Csat, Lang::En, 3);
    let forged = Keys::from_secret(&[1; 32]).sign(&Token::Survey {
        survey: Survey::Csat,
        lang: Lang::En,
        reference: reference(3),
        expires: FAR,
    });
    let mut tampered = good.clone().into_bytes();
    let last = tampered.len() - 1;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let expired =
        keys().sign(&Token::Survey { survey: Survey::Csat, lang: Lang::En, reference: reference(3), expires: now - 1 });
    let unsubscribe_as_survey = unsubscribe_token(3);

    for bad in [&forged, &tampered, &expired, &unsubscribe_as_survey, &"nonsense".to_owned()] {
        let (status, page) = collector.get(&format!("/s/{bad}/5")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
        assert!(page.contains("not valid any more") || page.contains("ya no es válido"), "{page}");
        assert!(!page.contains("<form"), "a neutral page offers nothing to post");
        let (status, _) = collector.post_form(&collector.url(&format!("/s/{bad}")), &[("score", "5")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // At /u the wrong kind is a survey token instead.
        let bad = if *bad == unsubscribe_as_survey { &good } else { bad };
        let (status, _) =
            collector.post_form(&collector.url(&format!("/u/{bad}")), &[("List-Unsubscribe", "One-Click")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(collector.get(&format!("/u/{bad}")).await.0, StatusCode::NOT_FOUND);
    }
    let (_, page) = collector.get(&format!("/s/{expired}/5")).await;
    assert!(page.contains("lang=\"en\""), "an expired token's page is in its language");
    let (_, page) = collector.get("/s/nonsense/5").await;
    assert!(page.contains("lang=\"es\""), "Spanish when the token cannot be read");
    for path in [format!("/s/{good}/6"), format!("/s/{good}/0"), format!("/s/{good}/+5"), format!("/s/{good}/05")] {
        assert_eq!(collector.get(&path).await.0, StatusCode::NOT_FOUND, "{path}: not a CSAT score link");
    }
    assert!(collector.events().await.is_empty(), "nothing may be recorded from a bad link, even once settled");
    assert_eq!(collector.get(&format!("/s/{good}/5")).await.0, StatusCode::OK, "the genuine link still works");
}

#[tokio::test]
async fn scanner_bursts_count_for_nothing_and_lone_clicks_settle() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(
        dir.path(),
        &[("POSVENTA_COLLECTOR_BURST_WINDOW", "3s"), ("POSVENTA_COLLECTOR_SETTLE_WINDOW", "1500ms")],
    );
    let scanned = survey_token(Survey::Nps, Lang::Es, 10);
    let lone = survey_token(Survey::Nps, Lang::Es, 11);
    let confirmed = survey_token(Survey::Nps, Lang::Es, 12);
    let double = survey_token(Survey::Nps, Lang::Es, 13);

    // A mail scanner opens all 11 links within a second.
    for score in 0..=10 {
        assert_eq!(collector.get(&format!("/s/{scanned}/{score}")).await.0, StatusCode::OK);
        collector.get(&format!("/s/{confirmed}/{score}")).await;
    }
    // ...and then the real customer confirms 7 on the page.
    collector.post_form(&collector.url(&format!("/s/{confirmed}")), &[("score", "7")]).await;
    collector.get(&format!("/s/{lone}/8")).await;
    collector.get(&format!("/s/{double}/10")).await;
    collector.get(&format!("/s/{double}/10")).await;

    let early = collector.events().await;
    assert!(of_ref(&early, 11).is_empty(), "a lone click is not an answer before the settle window");
    assert_eq!(of_ref(&early, 12).len(), 1, "a confirmation counts at once");

    tokio::time::sleep(Duration::from_millis(1700)).await;
    let events = collector.events().await;
    assert!(of_ref(&events, 10).is_empty(), "all 11 scores in one burst is a scanner: no answer ({events:?})");
    let lone_answer = of_ref(&events, 11);
    assert_eq!(lone_answer.len(), 1, "a lone click becomes an answer after the settle window");
    assert_eq!(lone_answer[0]["score"], 8);
    assert_eq!(lone_answer[0]["comment"], Value::Null, "no comment was given");
    let confirmed_answer = of_ref(&events, 12);
    assert_eq!(confirmed_answer.len(), 1, "the burst before the confirmation adds nothing");
    assert_eq!(confirmed_answer[0]["score"], 7, "a confirmation always wins");
    let double_answer = of_ref(&events, 13);
    assert_eq!(
        (double_answer.len(), double_answer[0]["score"].as_i64()),
        (1, Some(10)),
        "a double click is one answer"
    );

    // The customer opens the email later and clicks a different score.
    collector.get(&format!("/s/{lone}/3")).await;
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let events = collector.events().await;
    let changed = of_ref(&events, 11);
    assert_eq!(changed.len(), 2, "a later changed score is a new answer event");
    assert_eq!(changed[1]["score"], 3);
    assert_eq!(collector.events().await.len(), events.len(), "pulling again promotes nothing twice");
}

#[tokio::test]
async fn one_click_unsubscribe_and_confirmation_page() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &[]);
    let token = unsubscribe_token(20);

    let (status, page) = collector.get(&format!("/u/{token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Darme de baja") && page.contains("method=\"post\""), "{page}");
    assert!(collector.events().await.is_empty(), "a GET (maybe a scanner) never unsubscribes");

    // What a mail client sends for RFC 8058.
    let response = collector
        .http
        .post(collector.url(&format!("/u/{token}")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("Se ha dado de baja"));

    // And the confirmation page's own form, as a browser would post it.
    let link = collector.url(&format!("/u/{token}"));
    let action = page.split("action=\"").nth(1).and_then(|s| s.split('"').next()).unwrap();
    let action = Url::parse(&link).unwrap().join(action).unwrap();
    assert_eq!(action.as_str(), link);
    let (status, _) = collector.post_form(action.as_str(), &[("List-Unsubscribe", "One-Click")]).await;
    assert_eq!(status, StatusCode::OK);

    let events = collector.events().await;
    assert_eq!(events.len(), 1, "one unsubscribe, however often it is sent: {events:?}");
    assert_eq!(events[0]["kind"], "unsubscribe");
    assert_eq!(events[0]["ref"], reference(20).to_string());
    assert!(events[0].get("score").is_none());
}

#[tokio::test]
async fn pull_api_needs_the_key_and_pages_with_a_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &[]);
    for n in 0..5 {
        collector.post_form(&collector.url(&format!("/u/{}", unsubscribe_token(100 + n))), &[]).await;
    }

    let anonymous = collector.http.get(collector.url("/api/events")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let wrong = Keys::from_secret(&[2; 32]).api_key();
    for auth in [format!("Bearer {wrong}"), keys().api_key(), format!("Basic {}", keys().api_key())] {
        let response =
            collector.http.get(collector.url("/api/events")).header("authorization", auth).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = collector
        .http
        .post(collector.url("/api/ack"))
        .bearer_auth(&wrong)
        .json(&serde_json::json!({"up_to": 99}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(collector.events().await.len(), 5, "an unauthorised ack deletes nothing");

    let first = collector.pull(0, 2).await;
    let ids: Vec<i64> = first["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(first["next"].as_i64(), Some(ids[1]), "next is the last id returned");
    let second = collector.pull(ids[1], 2).await;
    let more: Vec<i64> = second["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(more.len(), 2);
    assert!(more[0] > ids[1], "the cursor skips what was already returned");
    let last = collector.pull(more[1], 2).await;
    assert_eq!(last["events"].as_array().unwrap().len(), 1);
    let end = last["next"].as_i64().unwrap();
    let empty = collector.pull(end, 2).await;
    assert_eq!(
        (empty["events"].as_array().unwrap().len(), empty["next"].as_i64()),
        (0, Some(end)),
        "next stays at after"
    );

    assert_eq!(collector.ack(ids[1]).await, StatusCode::NO_CONTENT);
    let left = collector.events().await;
    assert_eq!(left.len(), 3, "acknowledged events are deleted, the rest kept");
    assert!(left.iter().all(|e| e["id"].as_i64().unwrap() > ids[1]));

    for bad in ["/api/events?after=-1", "/api/events?limit=0", "/api/events?after=x"] {
        let response = collector.http.get(collector.url(bad)).bearer_auth(keys().api_key()).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let clamped = collector.pull(0, 1_000_000).await;
    assert_eq!(clamped["events"].as_array().unwrap().len(), 3, "a huge limit is clamped, not refused");
}

#[tokio::test]
async fn events_survive_restarts_until_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let token = survey_token(Survey::Nps, Lang::En, 30);
    let ids: Vec<i64> = {
        let collector = Collector::start(dir.path(), &[]);
        let url = collector.url(&format!("/s/{token}"));
        let (status, _) = collector.post_form(&url, &[("score", "10"), ("comment", "great")]).await;
        assert_eq!(status, StatusCode::OK);
        collector.post_form(&collector.url(&format!("/u/{}", unsubscribe_token(31))), &[]).await;
        let pulled = collector.events().await;
        assert_eq!(pulled.len(), 2);
        // The app crashes (or the collector is killed) before the ack.
        drop(collector); // SIGKILL
        pulled.iter().map(|e| e["id"].as_i64().unwrap()).collect()
    };

    let collector = Collector::start(dir.path(), &[]);
    let again = collector.events().await;
    let again_ids: Vec<i64> = again.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(again_ids, ids, "a kill between pull and ack loses nothing: the same events come again");
    assert_eq!(again[0]["comment"], "great");
    assert_eq!(collector.ack(ids[1]).await, StatusCode::NO_CONTENT);
    let status = collector.stop();
    assert!(status.success(), "SIGTERM is a clean stop: {status:?}");

    let collector = Collector::start(dir.path(), &[]);
    assert!(collector.events().await.is_empty(), "acknowledged events stay gone after a restart");
    let url = collector.url(&format!("/s/{token}"));
    collector.post_form(&url, &[("score", "10"), ("comment", "great")]).await;
    assert!(collector.events().await.is_empty(), "the answer that already counts is remembered after the ack");
    collector.post_form(&url, &[("score", "4")]).await;
    let events = collector.events().await;
    assert_eq!(events.len(), 1);
    assert!(events[0]["id"].as_i64().unwrap() > ids[1], "ids are never reused, or the app's cursor would skip them");
}

#[tokio::test]
async fn abusive_clients_get_429() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(
        dir.path(),
        &[("POSVENTA_COLLECTOR_RATE_PER_MINUTE", "6"), ("POSVENTA_COLLECTOR_RATE_BURST", "5")],
    );
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let response = collector.http.get(collector.url("/s/guess/1")).send().await.unwrap();
        statuses.push(response.status());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(response.headers().contains_key("retry-after"));
        }
    }
    assert_eq!(statuses[..5], [StatusCode::NOT_FOUND; 5], "the burst is served");
    assert_eq!(statuses[5..], [StatusCode::TOO_MANY_REQUESTS; 3], "then the client must slow down");
    assert_eq!(collector.get("/health").await, (StatusCode::OK, "ok".to_owned()), "health checks are not limited");
    drop(collector);

    // Behind a proxy (opt-in), each forwarded client has its own bucket.
    let collector = Collector::start(
        dir.path(),
        &[
            ("POSVENTA_COLLECTOR_RATE_PER_MINUTE", "6"),
            ("POSVENTA_COLLECTOR_RATE_BURST", "2"),
            ("POSVENTA_COLLECTOR_TRUST_FORWARDED_FOR", "true"),
        ],
    );
    let status = |forwarded: &'static str| {
        let request = collector.http.get(collector.url("/s/guess/1")).header("x-forwarded-for", forwarded);
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(status("198.51.100.9, 203.0.113.1").await, StatusCode::NOT_FOUND);
    assert_eq!(status("203.0.113.1").await, StatusCode::NOT_FOUND);
    assert_eq!(
        status("10.0.0.1, 203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the proxy's entry is the last one"
    );
    assert_eq!(status("203.0.113.2").await, StatusCode::NOT_FOUND, "another client is not limited");
}

#[test]
fn refuses_to_start_without_a_secret_and_explains_every_setting() {
    let bin = env!("CARGO_BIN_EXE_posventa-collector");
    let out = Command::new(bin).env_clear().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("POSVENTA_COLLECTOR_SECRET is not set"), "a clear message: {err}");
    let out = Command::new(bin).env_clear().env("POSVENTA_COLLECTOR_SECRET", "short").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("64 hex"));
    let out = Command::new(bin).arg("--help").env_clear().output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for key in [
        "SECRET",
        "LISTEN",
        "DATA_DIR",
        "PUBLIC_URL",
        "BURST_WINDOW",
        "SETTLE_WINDOW",
        "RATE_PER_MINUTE",
        "TRUST_FORWARDED_FOR",
    ] {
        assert!(help.contains(&format!("POSVENTA_COLLECTOR_{key}")), "--help must explain {key}");
    }
}

#[tokio::test]
async fn forms_post_to_the_public_url_when_one_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let collector =
        Collector::start(dir.path(), &[("POSVENTA_COLLECTOR_PUBLIC_URL", "https://encuestas.example.com/c/")]);
    let token = survey_token(Survey::Csat, Lang::Es, 40);
    let (_, page) = collector.get(&format!("/s/{token}/4")).await;
    assert!(
        page.contains(&format!("action=\"https://encuestas.example.com/c/s/{token}\"")),
        "behind a proxy the form must post to the public address"
    );
    let (_, page) = collector.get(&format!("/u/{}", unsubscribe_token(40))).await;
    assert!(page.contains("action=\"https://encuestas.example.com/c/u/"));
}

/// Every confirmation the browser saw saved is still there after SIGKILL
/// at an arbitrary moment: the reply is sent only after the commit.
#[tokio::test]
async fn a_kill_mid_burst_loses_no_saved_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut collector = Collector::start(dir.path(), &[]);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for n in 0..2000u32 {
        let url = collector.url(&format!("/s/{}", survey_token(Survey::Nps, Lang::Es, 1000 + n)));
        let http = collector.http.clone();
        let done = done.clone();
        tasks.push(tokio::spawn(async move {
            let response = http.post(url).form(&[("score", "9")]).send().await;
            let ok = response.map(|r| r.status() == StatusCode::OK).unwrap_or(false);
            done.fetch_add(usize::from(ok), std::sync::atomic::Ordering::SeqCst);
            (n, ok)
        }));
    }
    // Kill once answers are being saved, with many still in flight.
    for _ in 0..500 {
        if done.load(std::sync::atomic::Ordering::SeqCst) >= 100 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    collector.child.kill().unwrap();
    collector.child.wait().unwrap();
    let mut saved = Vec::new();
    for task in tasks {
        let (n, ok) = task.await.unwrap();
        if ok {
            saved.push(reference(1000 + n).to_string());
        }
    }
    drop(collector);
    assert!(!saved.is_empty(), "the kill must come after some answers were saved");

    let collector = Collector::start(dir.path(), &[]);
    let events = collector.events().await;
    let stored: std::collections::HashSet<&str> = events.iter().map(|e| e["ref"].as_str().unwrap()).collect();
    let lost: Vec<&String> = saved.iter().filter(|r| !stored.contains(r.as_str())).collect();
    assert!(lost.is_empty(), "{} of {} saved answers lost after SIGKILL: {lost:?}", lost.len(), saved.len());
    assert!(stored.len() >= saved.len());
}
