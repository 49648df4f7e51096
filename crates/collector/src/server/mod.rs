//! The HTTP service (docs/collector-protocol.md): score links and their
//! thank-you page, one-click unsubscribe, and the pull API for the app.

pub mod config;
pub mod db;
pub mod limit;
pub mod pages;
pub mod scanner;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, Json, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Router, serve};
use serde::Deserialize;

pub use config::Config;
use db::{Db, DbError};
use limit::Limiter;
use pages::Stage;

use crate::token::{Lang, Token};

/// Bigger than any form we serve: 2,000 characters of 4-byte UTF-8,
/// percent-encoded, is 24,000 bytes.
const MAX_BODY: usize = 32 * 1024;
const DEFAULT_LIMIT: u32 = 500;
const MAX_LIMIT: u32 = 5000;

struct App {
    config: Config,
    db: Db,
    limiter: Option<Limiter>,
}

/// Binds, prints `listening on http://ADDR` as the first line of stdout (so
/// a port of 0 can be used by scripts and tests), and serves until SIGTERM
/// or Ctrl-C; then finishes the requests in flight and closes the store.
pub async fn run(config: Config) -> Result<(), String> {
    let db = Db::open(&config.data_dir)
        .map_err(|e| format!("cannot open the store in {}: {}", config.data_dir.display(), e.0))?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!("listening on http://{address}");
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    let limiter = Limiter::new(config.rate_per_minute, config.rate_burst);
    let app = Arc::new(App { config, db, limiter });
    let router = router(app.clone());
    serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(stop_signal())
        .await
        .map_err(|e| e.to_string())?;
    drop(app);
    eprintln!("posventa-collector: stopped");
    Ok(())
}

async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

fn router(app: Arc<App>) -> Router {
    let limited = Router::new()
        .route("/s/{token}/{score}", get(score_link))
        .route("/s/{token}", post(score_form))
        .route("/u/{token}", get(unsubscribe_page).post(unsubscribe))
        .route("/api/events", get(events))
        .route("/api/ack", post(ack))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), rate_limit));
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .merge(limited)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(security_headers))
        .with_state(app)
}

/// On every response: nothing may load or run, forms post only here, and
/// nothing is cached (a page shows one person's answer).
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::CACHE_CONTROL, "no-store");
    response
}

async fn rate_limit(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(limiter) = &app.limiter {
        let client = if app.config.trust_forwarded_for { forwarded_for(request.headers()) } else { None };
        if let Err(wait) = limiter.check(client.unwrap_or(peer.ip()), Instant::now()) {
            let retry = (wait.as_secs() + 1).to_string();
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, retry)],
                "Too many requests. Please wait a moment.\n",
            )
                .into_response();
        }
    }
    next.run(request).await
}

/// The address our proxy appended: the last of the last `X-Forwarded-For`
/// (earlier entries are whatever the client chose to send).
fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?;
    last.rsplit(',').next()?.trim().parse().ok()
}

fn now_secs() -> u64 {
    (db::now_ms() / 1000).max(0) as u64
}

/// Forged, tampered, expired or mistyped links: 404 and nothing recorded.
fn neutral(lang: Option<Lang>) -> Response {
    (StatusCode::NOT_FOUND, Html(pages::neutral(lang.unwrap_or(Lang::Es)))).into_response()
}

fn failure(lang: Lang, err: &DbError) -> Response {
    eprintln!("posventa-collector: store error: {}", err.0);
    (StatusCode::INTERNAL_SERVER_ERROR, Html(pages::failure(lang))).into_response()
}

async fn not_found() -> Response {
    neutral(None)
}

/// Where the page's form posts: the public URL when configured, otherwise
/// relative to the page, which keeps any path prefix of a reverse proxy.
fn form_action(app: &App, kind: &str, token: &str, relative: &str) -> String {
    match &app.config.public_url {
        Some(base) => format!("{base}/{kind}/{token}"),
        None => relative.to_owned(),
    }
}

/// `GET /s/<token>/<score>`: a score button in the email.
async fn score_link(State(app): State<Arc<App>>, Path((text, score)): Path<(String, String)>) -> Response {
    let token = match app.config.keys.verify(&text, now_secs()) {
        Ok(token) => token,
        Err(invalid) => return neutral(invalid.lang),
    };
    let Token::Survey { survey, lang, reference, .. } = token else { return neutral(Some(token.lang())) };
    // Digits only: "+9" or "09" are not links we make.
    let score = match score.parse::<u8>() {
        Ok(n) if survey.accepts(n) && n.to_string() == score => n,
        _ => return neutral(Some(lang)),
    };
    let saved = app.db.call(move |conn| db::click(conn, reference.as_str(), survey.code(), score, db::now_ms())).await;
    match saved {
        Ok(comment) => {
            let action = form_action(&app, "s", &text, &format!("../{text}"));
            Html(pages::thanks(lang, survey, Some(score), comment.as_deref().unwrap_or(""), &action, Stage::Clicked))
                .into_response()
        }
        Err(e) => failure(lang, &e),
    }
}

#[derive(Deserialize)]
struct ScoreForm {
    score: Option<String>,
    comment: Option<String>,
}

/// `POST /s/<token>`: the thank-you page's form; the score is confirmed.
async fn score_form(
    State(app): State<Arc<App>>,
    Path(text): Path<String>,
    form: Result<Form<ScoreForm>, FormRejection>,
) -> Response {
    let token = match app.config.keys.verify(&text, now_secs()) {
        Ok(token) => token,
        Err(invalid) => return neutral(invalid.lang),
    };
    let Token::Survey { survey, lang, reference, .. } = token else { return neutral(Some(token.lang())) };
    let action = form_action(&app, "s", &text, &text);
    let Ok(Form(form)) = form else {
        return (StatusCode::BAD_REQUEST, Html(pages::thanks(lang, survey, None, "", &action, Stage::NoScore)))
            .into_response();
    };
    // Browsers send CRLF line ends; the app gets plain text.
    let comment = form.comment.unwrap_or_default().replace("\r\n", "\n").trim().to_owned();
    let score = form.score.and_then(|s| s.trim().parse::<u8>().ok()).filter(|n| survey.accepts(*n));
    let refused = match score {
        None => Some(Stage::NoScore),
        Some(_) if comment.chars().count() > pages::MAX_COMMENT_CHARS => Some(Stage::CommentTooLong),
        Some(_) => None,
    };
    if let Some(stage) = refused {
        return (StatusCode::BAD_REQUEST, Html(pages::thanks(lang, survey, score, &comment, &action, stage)))
            .into_response();
    }
    let score = score.unwrap_or_default();
    let stored = comment.clone();
    let saved = app
        .db
        .call(move |conn| {
            let comment = (!stored.is_empty()).then_some(stored.as_str());
            db::confirm(conn, reference.as_str(), survey.code(), score, comment, db::now_ms())
        })
        .await;
    match saved {
        Ok(()) => Html(pages::thanks(lang, survey, Some(score), &comment, &action, Stage::Saved)).into_response(),
        Err(e) => failure(lang, &e),
    }
}

/// The reference of a valid unsubscribe token, or the neutral page's
/// language.
fn unsubscribe_token(app: &App, text: &str) -> Result<(Lang, String), Option<Lang>> {
    match app.config.keys.verify(text, now_secs()) {
        Ok(Token::Unsubscribe { lang, reference, .. }) => Ok((lang, reference.as_str().to_owned())),
        Ok(other) => Err(Some(other.lang())),
        Err(invalid) => Err(invalid.lang),
    }
}

/// `GET /u/<token>`: asks first; a GET never unsubscribes (scanners GET).
async fn unsubscribe_page(State(app): State<Arc<App>>, Path(text): Path<String>) -> Response {
    match unsubscribe_token(&app, &text) {
        Ok((lang, _)) => {
            let action = form_action(&app, "u", &text, &text);
            Html(pages::unsubscribe_confirm(lang, &action)).into_response()
        }
        Err(lang) => neutral(lang),
    }
}

/// `POST /u/<token>`: RFC 8058 one-click (`List-Unsubscribe=One-Click`) or
/// the confirmation page's form. The body is not needed to act: only a
/// deliberate POST reaches here.
async fn unsubscribe(State(app): State<Arc<App>>, Path(text): Path<String>) -> Response {
    let (lang, reference) = match unsubscribe_token(&app, &text) {
        Ok(found) => found,
        Err(lang) => return neutral(lang),
    };
    match app.db.call(move |conn| db::unsubscribe(conn, &reference, db::now_ms())).await {
        Ok(()) => Html(pages::unsubscribed(lang)).into_response(),
        Err(e) => failure(lang, &e),
    }
}

fn authorised(app: &App, headers: &HeaderMap) -> bool {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    app.config.keys.is_api_key(presented.trim())
}

fn unauthorised() -> Response {
    (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "unauthorised\n").into_response()
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "error": message }))).into_response()
}

#[derive(Deserialize)]
struct EventsQuery {
    after: Option<i64>,
    limit: Option<u32>,
}

/// `GET /api/events?after=<cursor>&limit=<n>`.
async fn events(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    query: Result<Query<EventsQuery>, QueryRejection>,
) -> Response {
    if !authorised(&app, &headers) {
        return unauthorised();
    }
    let Query(query) = match query {
        Ok(query) => query,
        Err(e) => return bad_request(e.body_text()),
    };
    let after = query.after.unwrap_or(0);
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
    if after < 0 || limit == 0 {
        return bad_request("after must be 0 or more and limit 1 or more".into());
    }
    let burst_ms = app.config.burst_window.as_millis() as i64;
    let settle_ms = app.config.settle_window.as_millis() as i64;
    let listed = app
        .db
        .call(move |conn| {
            db::promote_settled(conn, db::now_ms(), burst_ms, settle_ms)?;
            db::events_after(conn, after, limit)
        })
        .await;
    let events = match listed {
        Ok(events) => events,
        Err(e) => {
            eprintln!("posventa-collector: store error: {}", e.0);
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let next = events.last().map_or(after, |e| e.id);
    let events: Vec<serde_json::Value> = events
        .into_iter()
        .map(|e| {
            if e.kind == "answer" {
                serde_json::json!({ "id": e.id, "kind": e.kind, "ref": e.reference, "survey": e.survey,
                                    "score": e.score, "comment": e.comment, "at": e.at })
            } else {
                serde_json::json!({ "id": e.id, "kind": e.kind, "ref": e.reference, "at": e.at })
            }
        })
        .collect();
    Json(serde_json::json!({ "events": events, "next": next })).into_response()
}

#[derive(Deserialize)]
struct AckBody {
    up_to: i64,
}

/// `POST /api/ack {"up_to": n}`: the app has applied everything up to `n`.
async fn ack(State(app): State<Arc<App>>, headers: HeaderMap, body: Result<Json<AckBody>, JsonRejection>) -> Response {
    if !authorised(&app, &headers) {
        return unauthorised();
    }
    let up_to = match body {
        Ok(Json(body)) => body.up_to,
        Err(e) => return bad_request(e.body_text()),
    };
    match app.db.call(move |conn| db::ack(conn, up_to)).await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            eprintln!("posventa-collector: store error: {}", e.0);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
