//! The background worker that drains the outbox. It runs on its own thread
//! with its own tokio runtime, so the Tauri shell, the benchmark and the
//! crash-test child all use it the same way: `Engine::start`, `wake`,
//! `shutdown`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use posventa_core::Store;
use posventa_core::automations::{self, RuleKey};
use posventa_core::settings::Language;
use rusqlite::OptionalExtension;
use serde::Serialize;
use tokio::sync::Notify;
use ts_rs::TS;

use crate::compose::{self, Envelope, Sender, Template, Vars};
use crate::outbox::{self, After, Backoff, Claimed, Delivery, now_ms};
use crate::rate::RateLimiter;
use crate::settings::{self, MailSettings};
use crate::transport::{Connection, Failure, Next, Outcome, Relay, Stage};

/// Messages claimed at once per connection (claiming runs on the rendering
/// thread, ahead of sending). A pause takes effect at the next message
/// anyway; unsent ones go back to the queue.
const BATCH: usize = 64;
/// Progress events per campaign at most every this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);
/// Consecutive failed connection attempts before running campaigns pause
/// with `relay_unreachable` (about four minutes of back-off).
const CONNECT_FAILURES_BEFORE_PAUSE: u32 = 8;

pub struct EngineConfig {
    /// Where .eml files go when no relay is configured.
    pub outbox_dir: PathBuf,
    /// Extra trusted CA certificates (PEM), on top of the OS roots.
    pub extra_root_certs_pem: Vec<Vec<u8>>,
    /// Credential store service name ([`settings::KEYRING_SERVICE`] in the app).
    pub keyring_service: String,
    pub backoff: Backoff,
    /// How long the server may stay silent before the connection counts as
    /// dropped.
    pub io_timeout: Duration,
}

impl EngineConfig {
    pub fn new(outbox_dir: PathBuf, keyring_service: impl Into<String>) -> Self {
        EngineConfig {
            outbox_dir,
            extra_root_certs_pem: Vec::new(),
            keyring_service: keyring_service.into(),
            backoff: Backoff::default(),
            io_timeout: Duration::from_secs(120),
        }
    }
}

/// A running campaign's numbers, for the progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CampaignProgress {
    #[ts(type = "number")]
    pub campaign_id: i64,
    #[ts(type = "number")]
    pub sent: i64,
    #[ts(type = "number")]
    pub failed: i64,
    #[ts(type = "number")]
    pub skipped: i64,
    #[ts(type = "number")]
    pub remaining: i64,
    pub msgs_per_s: f64,
}

/// Told about progress and campaign status changes (the shell turns these
/// into events for the UI).
pub trait Observer: Send + Sync {
    fn progress(&self, progress: &CampaignProgress);
    /// The campaign's status changed (finished, paused).
    fn campaign_changed(&self, campaign_id: i64);
    /// A message of no campaign (a notice, an automation's) was sent or
    /// given up: a customer's timeline may show it.
    fn message_done(&self) {}
}

/// For callers that do not listen.
pub struct NoObserver;

impl Observer for NoObserver {
    fn progress(&self, _: &CampaignProgress) {}
    fn campaign_changed(&self, _: i64) {}
}

struct Signals {
    notify: Notify,
    generation: AtomicU64,
    stop: AtomicBool,
}

impl Signals {
    fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Sleeps up to `limit`, returning early on `wake` or `shutdown`.
    async fn wait(&self, since: u64, limit: Duration) {
        let notified = self.notify.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if self.generation() != since || self.stopped() {
            return;
        }
        tokio::select! {
            _ = notified => {}
            _ = tokio::time::sleep(limit) => {}
        }
    }
}

pub struct Engine {
    signals: Arc<Signals>,
    thread: Option<JoinHandle<()>>,
}

impl Engine {
    pub fn start(store: Arc<Store>, config: EngineConfig, observer: Arc<dyn Observer>) -> Engine {
        let signals =
            Arc::new(Signals { notify: Notify::new(), generation: AtomicU64::new(0), stop: AtomicBool::new(false) });
        let thread_signals = signals.clone();
        let thread = std::thread::Builder::new()
            .name("posventa-mail".into())
            .spawn(move || {
                let runtime =
                    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
                runtime.block_on(run(store, config, observer, thread_signals));
            })
            .expect("spawn the mail engine thread");
        Engine { signals, thread: Some(thread) }
    }

    /// New work, changed settings, a resumed or paused campaign: look again now.
    pub fn wake(&self) {
        self.signals.generation.fetch_add(1, Ordering::SeqCst);
        self.signals.notify.notify_waiters();
    }

    /// Finishes the message in flight, puts claimed ones back and stops.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.signals.stop.store(true, Ordering::SeqCst);
        self.wake();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.stop();
    }
}

/// What one pass over the due messages ended with.
enum Pass {
    /// Nothing due is left.
    Drained,
    /// Woken or stopping: look again at once.
    Interrupted,
    /// The relay could not be reached.
    Unreachable(String),
    /// Authentication or TLS failed: campaigns were paused; wait for a wake.
    Blocked,
}

/// State shared by the connections of one pass.
struct Round {
    store: Arc<Store>,
    signals: Arc<Signals>,
    generation: u64,
    sender: Sender,
    relay: Option<Relay>,
    shop_name: String,
    language: Language,
    collector: Option<CollectorLinks>,
    outbox_dir: PathBuf,
    backoff: Backoff,
    rate: Arc<Mutex<RateLimiter>>,
    /// By campaign and language (a survey speaks each recipient's language).
    templates: Mutex<HashMap<(i64, Language), Arc<Template>>>,
    progress: Arc<Progress>,
    blocked: AtomicBool,
    unreachable: Mutex<Option<String>>,
}

impl Round {
    fn interrupted(&self) -> bool {
        self.signals.stopped() || self.signals.generation() != self.generation || self.blocked.load(Ordering::SeqCst)
    }

    fn template(&self, message: &Claimed, vars: &serde_json::Value) -> crate::Result<Arc<Template>> {
        if message.kind == "confirmation" {
            let language = match vars.get("language").and_then(|l| l.as_str()) {
                Some("en") => Language::En,
                Some("es") => Language::Es,
                _ => self.language,
            };
            let has_url = vars.get("confirm_url").is_some_and(|u| u.as_str().is_some_and(|u| !u.is_empty()));
            return Ok(Arc::new(Template::confirmation(language, has_url)));
        }
        if message.kind == "notice" {
            let language = recipient_language(vars).unwrap_or(self.language);
            let notice = vars.get("notice").and_then(|n| n.as_str()).unwrap_or("");
            if notice == "automation" {
                // The rule's text as it is now: an edit applies to what has not left yet.
                let key = vars.get("rule").and_then(|r| r.as_str()).and_then(RuleKey::parse);
                let rule = automations::rule_by_key(&self.store, key.unwrap_or(RuleKey::OrderPlaced))?;
                return Ok(Arc::new(Template::automation(&compose::automation_content(&rule, language), language)?));
            }
            return Ok(Arc::new(Template::notice(notice, language)));
        }
        let id = message.campaign_id.unwrap_or(0);
        let language = recipient_language(vars).unwrap_or(self.language);
        if let Some(t) = lock(&self.templates).get(&(id, language)) {
            return Ok(t.clone());
        }
        let (content, survey) = self.store.read(|c| {
            let content =
                c.query_row("SELECT subject, preheader, body_md FROM campaigns WHERE id = ?1", [id], |r| {
                    Ok(compose::Content { subject: r.get(0)?, preheader: r.get(1)?, body_md: r.get(2)? })
                })?;
            Ok((content, posventa_core::surveys::of_campaign(c, id)?))
        })?;
        let template = Arc::new(match survey {
            Some(survey) => Template::survey(survey.kind, language),
            None => Template::campaign(&content, self.language)?,
        });
        lock(&self.templates).insert((id, language), template.clone());
        Ok(template)
    }

    fn build(&self, message: &Claimed) -> crate::Result<compose::Built> {
        let vars: serde_json::Value = serde_json::from_str(&message.vars).unwrap_or(serde_json::Value::Null);
        let template = self.template(message, &vars)?;
        // With a collector, the unsubscribe link carries a signed token the
        // collector can check; without one, a mailto: with the raw token.
        let (token, collector_url) = match &self.collector {
            Some(c) => {
                let lang = recipient_language(&vars).unwrap_or(self.language);
                (c.unsubscribe_token(&message.unsubscribe_token, lang), Some(c.url.as_str()))
            }
            None => (message.unsubscribe_token.clone(), None),
        };
        let url = compose::unsubscribe_url(&self.sender.from_address, &token, collector_url);
        let vars = Vars::new(&vars, &message.to_name, &message.to_address, &self.shop_name, &url);
        let rendered = template.render(&vars)?;
        let envelope = Envelope {
            to_address: &message.to_address,
            to_name: &message.to_name,
            message_id: &message.message_id,
            unsubscribe_token: &token,
            collector_url,
            date: SystemTime::now(),
        };
        compose::build(&self.sender, &envelope, &rendered)
    }

    /// Commits one message's result; false if that failed.
    fn record(&self, message: &Claimed, delivery: &Delivery) -> bool {
        let recorded = match outbox::record(&self.store, message, delivery, &self.backoff, now_ms()) {
            Ok(After::Retry) => {
                self.progress.retry_pending();
                true
            }
            Ok(_) => true,
            Err(err) => {
                log::error!("mail: could not record the result of message {}: {err}", message.id);
                false
            }
        };
        match message.campaign_id {
            Some(c) => self.progress.touch(c, matches!(delivery, Delivery::Sent { .. } | Delivery::Saved { .. })),
            None if !matches!(delivery, Delivery::Temporary { .. }) => self.progress.observer.message_done(),
            None => {}
        }
        recorded
    }

    fn release_ids(&self, ids: &[i64]) {
        if let Err(err) = outbox::release(&self.store, ids, now_ms()) {
            log::error!("mail: could not put {} messages back in the queue: {err}", ids.len());
        }
    }

    /// Authentication or TLS failed: pause every running campaign with the
    /// server's words; the messages stay queued.
    fn block(&self, reason: &str, detail: &str) {
        if self.blocked.swap(true, Ordering::SeqCst) {
            return;
        }
        log::warn!("mail: {reason}: {detail}");
        match outbox::pause_sending(&self.store, reason, detail, now_ms()) {
            Ok(ids) => ids.into_iter().for_each(|id| self.progress.changed(id)),
            Err(err) => log::error!("mail: could not pause campaigns: {err}"),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Progress bookkeeping: which campaigns moved, and their rate.
struct Progress {
    observer: Arc<dyn Observer>,
    store: Arc<Store>,
    state: Mutex<ProgressState>,
}

#[derive(Default)]
struct ProgressState {
    dirty: HashSet<i64>,
    changed: Vec<i64>,
    /// Per campaign: messages delivered since `since`.
    rate: HashMap<i64, (Instant, u64, f64)>,
    retries: bool,
}

impl Progress {
    fn touch(&self, campaign: i64, delivered: bool) {
        let mut s = lock(&self.state);
        s.dirty.insert(campaign);
        if delivered {
            s.rate.entry(campaign).or_insert((Instant::now(), 0, 0.0)).1 += 1;
        }
    }

    fn changed(&self, campaign: i64) {
        let mut s = lock(&self.state);
        s.dirty.insert(campaign);
        s.changed.push(campaign);
    }

    fn retry_pending(&self) {
        lock(&self.state).retries = true;
    }

    /// Emits progress for every campaign that moved, then status changes.
    fn flush(&self) {
        let (dirty, changed, rates) = {
            let mut s = lock(&self.state);
            let now = Instant::now();
            let mut rates = HashMap::new();
            for (id, (since, n, last)) in s.rate.iter_mut() {
                let elapsed = now.duration_since(*since).as_secs_f64();
                if elapsed >= 0.2 {
                    *last = *n as f64 / elapsed;
                    *since = now;
                    *n = 0;
                }
                rates.insert(*id, *last);
            }
            (std::mem::take(&mut s.dirty), std::mem::take(&mut s.changed), rates)
        };
        for id in dirty {
            match outbox::counts(&self.store, id) {
                Ok(c) => self.observer.progress(&CampaignProgress {
                    campaign_id: id,
                    sent: c.sent,
                    failed: c.failed,
                    skipped: c.skipped,
                    remaining: c.remaining,
                    msgs_per_s: if c.remaining == 0 { 0.0 } else { rates.get(&id).copied().unwrap_or(0.0) },
                }),
                Err(err) => log::error!("mail: progress of campaign {id}: {err}"),
            }
        }
        for id in changed {
            lock(&self.state).rate.remove(&id);
            self.observer.campaign_changed(id);
        }
    }
}

/// The rate limiter lives across passes; it is rebuilt when the rate changes.
struct Limiter {
    key: (u64, u32),
    limiter: Arc<Mutex<RateLimiter>>,
}

fn limiter(store: &Store, settings: &MailSettings, current: &mut Option<Limiter>) -> Arc<Mutex<RateLimiter>> {
    let key = (settings.per_second.to_bits(), settings.per_hour);
    if let Some(l) = current
        && l.key == key
    {
        return l.limiter.clone();
    }
    // Seed the hourly window with what went out in the last hour, so a
    // restart does not grant a fresh budget.
    let mut recent = Vec::new();
    if settings.per_hour > 0 {
        let now = now_ms();
        let ats: Vec<i64> = store
            .read(|c| {
                let mut stmt =
                    c.prepare("SELECT at FROM outbox_attempts WHERE outcome = 'sent' ORDER BY id DESC LIMIT ?1")?;
                Ok(stmt.query_map([settings.per_hour], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
            })
            .unwrap_or_default();
        let instant_now = Instant::now();
        recent = ats
            .into_iter()
            .filter(|at| now - at < 3_600_000)
            .filter_map(|at| instant_now.checked_sub(Duration::from_millis((now - at).max(0) as u64)))
            .collect();
        recent.sort();
    }
    let limiter = Arc::new(Mutex::new(RateLimiter::new(settings.per_second, settings.per_hour, recent)));
    *current = Some(Limiter { key, limiter: limiter.clone() });
    limiter
}

/// Unsubscribe links stay valid this long.
const UNSUBSCRIBE_LINK_DAYS: u64 = 400;

/// The response collector as a round sees it: where it is and the keys of
/// the shop's shared secret (from the credential store).
struct CollectorLinks {
    url: String,
    keys: posventa_collector::Keys,
}

impl CollectorLinks {
    fn load(store: &Store, keyring_service: &str) -> Option<Self> {
        let url = posventa_core::collector::state(store).ok()?.url;
        if url.is_empty() {
            return None;
        }
        let secret = match keyring::Entry::new(keyring_service, settings::COLLECTOR_SECRET_USER)
            .and_then(|entry| entry.get_password())
        {
            Ok(secret) => secret,
            Err(err) => {
                log::warn!(
                    "mail: a collector is set but its secret is not readable ({err}); mailto: unsubscribe links"
                );
                return None;
            }
        };
        let keys = posventa_collector::Keys::from_secret_hex(&secret).ok()?;
        Some(CollectorLinks { url, keys })
    }

    /// The signed token for the outbox row's unsubscribe reference.
    fn unsubscribe_token(&self, reference: &str, language: Language) -> String {
        let Some(reference) = posventa_collector::Reference::parse(reference) else { return reference.to_owned() };
        let expires = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs())
            + UNSUBSCRIBE_LINK_DAYS * 86_400;
        let lang = match language {
            Language::Es => posventa_collector::Lang::Es,
            Language::En => posventa_collector::Lang::En,
        };
        self.keys.sign(&posventa_collector::Token::Unsubscribe { lang, reference, expires })
    }
}

/// The recipient's language as captured in their vars (surveys,
/// confirmations), if any.
fn recipient_language(vars: &serde_json::Value) -> Option<Language> {
    match vars.get("language").and_then(|l| l.as_str()) {
        Some("en") => Some(Language::En),
        Some("es") => Some(Language::Es),
        _ => None,
    }
}

fn shop(store: &Store) -> (String, Language) {
    store
        .read(|c| {
            Ok(c.query_row("SELECT shop_name, language FROM settings WHERE id = 1", [], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?)
        })
        .ok()
        .flatten()
        .map(|(name, lang)| (name, if lang == "en" { Language::En } else { Language::Es }))
        .unwrap_or_else(|| (String::new(), Language::Es))
}

async fn run(store: Arc<Store>, config: EngineConfig, observer: Arc<dyn Observer>, signals: Arc<Signals>) {
    match outbox::recover_interrupted(&store, now_ms()) {
        Ok(0) => {}
        Ok(n) => log::info!("mail: {n} messages interrupted by a crash go back to the queue"),
        Err(err) => log::error!("mail: could not recover interrupted messages: {err}"),
    }
    let progress = Arc::new(Progress { observer, store: store.clone(), state: Mutex::default() });
    let mut current_limiter = None;
    let mut blocked_at: Option<u64> = None;
    let mut connect_failures: u32 = 0;
    while !signals.stopped() {
        let generation = signals.generation();
        match posventa_core::campaigns::start_due(&store, now_ms()) {
            Ok(started) if !started.is_empty() => {
                blocked_at = None;
                started.into_iter().for_each(|id| progress.changed(id));
            }
            Ok(_) => {}
            Err(err) => log::error!("mail: could not start scheduled campaigns: {err}"),
        }
        if blocked_at.is_some_and(|g| g != generation) {
            blocked_at = None;
        }
        let mut pause = Duration::from_secs(5);
        if blocked_at.is_none() {
            let settings = match settings::load(&store) {
                Ok(s) => s,
                Err(err) => {
                    log::error!("mail: cannot read the relay settings: {err}");
                    signals.wait(generation, pause).await;
                    continue;
                }
            };
            let pass = prepare(&store, &config, &settings, &signals, generation, &progress, &mut current_limiter);
            let outcome = match pass {
                Ok(pass) => drain(Arc::new(pass), settings.connections.max(1)).await,
                Err(reply) => Pass::Unreachable(reply),
            };
            match outcome {
                Pass::Drained => {
                    connect_failures = 0;
                    if let Ok(Some(due)) = outbox::next_due(&store) {
                        pause = pause.min(Duration::from_millis((due - now_ms()).clamp(0, 5_000) as u64));
                    }
                }
                Pass::Interrupted => pause = Duration::ZERO,
                Pass::Blocked => blocked_at = Some(generation),
                Pass::Unreachable(reply) => {
                    connect_failures += 1;
                    pause = Duration::from_secs(1u64 << connect_failures.min(8)).min(Duration::from_secs(300));
                    log::warn!("mail: relay unreachable ({connect_failures}): {reply}");
                    if connect_failures >= CONNECT_FAILURES_BEFORE_PAUSE {
                        if let Ok(ids) = outbox::pause_sending(&store, "relay_unreachable", &reply, now_ms()) {
                            ids.into_iter().for_each(|id| progress.changed(id));
                        }
                        connect_failures = 0;
                    }
                }
            }
        }
        match outbox::finish_campaigns(&store, now_ms()) {
            Ok(ids) => ids.into_iter().for_each(|id| progress.changed(id)),
            Err(err) => log::error!("mail: could not finish campaigns: {err}"),
        }
        progress.flush();
        if !pause.is_zero() {
            signals.wait(generation, pause).await;
        }
    }
}

fn prepare(
    store: &Arc<Store>,
    config: &EngineConfig,
    settings: &MailSettings,
    signals: &Arc<Signals>,
    generation: u64,
    progress: &Arc<Progress>,
    current_limiter: &mut Option<Limiter>,
) -> Result<Round, String> {
    let relay = if settings.relay_configured() {
        let password = match settings::password(&config.keyring_service, settings) {
            Ok(p) => p,
            Err(err) => {
                log::warn!("mail: {err}");
                None
            }
        };
        let mut relay = match Relay::new(settings, password, &config.extra_root_certs_pem) {
            Ok(r) => r,
            Err(failure) => return Err(format!("{failure:?}")),
        };
        relay.io_timeout = config.io_timeout;
        Some(relay)
    } else {
        None
    };
    let (mut shop_name, language) = shop(store);
    if shop_name.trim().is_empty() {
        // "You receive this email from …": the sender's name rather than nothing.
        shop_name = settings.from_name.clone();
    }
    Ok(Round {
        store: store.clone(),
        signals: signals.clone(),
        generation,
        sender: Sender::from_settings(settings),
        relay,
        shop_name,
        language,
        collector: CollectorLinks::load(store, &config.keyring_service),
        outbox_dir: config.outbox_dir.clone(),
        backoff: config.backoff,
        rate: limiter(store, settings, current_limiter),
        templates: Mutex::default(),
        progress: progress.clone(),
        blocked: AtomicBool::new(false),
        unreachable: Mutex::new(None),
    })
}

/// WAL pages after which a commit checkpoints (SQLite's default). Each
/// checkpoint syncs the WAL and the database file.
const DEFAULT_AUTOCHECKPOINT: i64 = 1000;
/// While a pass sends, one result per message is committed (a few pages
/// each): checkpoints come this much less often, most of their pages are the
/// same few rewritten many times, so fewer syncs move the same data. The
/// WAL file grows to ~40 MB meanwhile.
const SENDING_AUTOCHECKPOINT: i64 = 10_000;
/// After a pass, the WAL file is cut back to this size (bytes) when it next
/// starts over (what the default threshold makes it anyway).
const WAL_SIZE_LIMIT: i64 = 4 << 20;

/// Sets the writer connection's automatic checkpoint threshold and how far
/// the WAL file shrinks when it starts over (-1: never). The store's other
/// writers only see checkpoints come later meanwhile; every commit stays as
/// durable as before.
fn set_autocheckpoint(store: &Store, pages: i64, wal_size_limit: i64) {
    let set = store.write(|tx| {
        tx.pragma_update(None, "wal_autocheckpoint", pages)?;
        tx.pragma_update(None, "journal_size_limit", wal_size_limit)?;
        Ok(())
    });
    if let Err(err) = set {
        log::warn!("mail: could not set wal_autocheckpoint: {err}");
    }
}

/// Sends everything due over up to `connections` connections.
async fn drain(pass: Arc<Round>, connections: u8) -> Pass {
    set_autocheckpoint(&pass.store, SENDING_AUTOCHECKPOINT, -1);
    let ticker = {
        let pass = pass.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(PROGRESS_EVERY).await;
                pass.progress.flush();
            }
        })
    };
    let mut workers = tokio::task::JoinSet::new();
    let n = if pass.relay.is_some() { connections } else { 1 };
    for _ in 0..n {
        let pass = pass.clone();
        workers.spawn(worker(pass));
    }
    while workers.join_next().await.is_some() {}
    ticker.abort();
    set_autocheckpoint(&pass.store, DEFAULT_AUTOCHECKPOINT, WAL_SIZE_LIMIT);
    if pass.blocked.load(Ordering::SeqCst) {
        Pass::Blocked
    } else if let Some(reply) = lock(&pass.unreachable).take() {
        Pass::Unreachable(reply)
    } else if pass.interrupted() {
        Pass::Interrupted
    } else {
        Pass::Drained
    }
}

/// A claimed message and what rendering it gave.
type Rendered = (Claimed, crate::Result<compose::Built>);

/// Rendered messages travel to the connection in chunks of up to this
/// many: one thread wake-up per chunk instead of one per message.
const CHUNK: usize = 16;

/// Claims due messages in batches and renders them on a blocking thread,
/// ahead of the connection. Returns the ids it claimed but could not hand
/// over because the connection stopped: they go back to the queue.
fn render_ahead(pass: &Round, to_connection: &tokio::sync::mpsc::Sender<Vec<Rendered>>) -> Vec<i64> {
    loop {
        if pass.interrupted() {
            return Vec::new();
        }
        let claim = match outbox::claim(&pass.store, now_ms(), BATCH) {
            Ok(c) => c,
            Err(err) => {
                log::error!("mail: cannot claim messages: {err}");
                return Vec::new();
            }
        };
        claim.skipped_in.iter().for_each(|c| pass.progress.touch(*c, false));
        if claim.messages.is_empty() {
            return Vec::new();
        }
        let mut messages = claim.messages.into_iter();
        let mut chunk = Vec::with_capacity(CHUNK);
        while let Some(message) = messages.next() {
            let built = pass.build(&message);
            chunk.push((message, built));
            // A partial chunk goes too when the connection has run dry, or
            // at the end of the claim.
            let starving = to_connection.capacity() == to_connection.max_capacity();
            if chunk.len() < CHUNK && !starving && messages.len() > 0 {
                continue;
            }
            if let Err(refused) = to_connection.blocking_send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))
            {
                let mut left: Vec<i64> = refused.0.into_iter().map(|(m, _)| m.id).collect();
                left.extend(messages.map(|m| m.id));
                return left;
            }
        }
    }
}

/// One connection: sends what [`render_ahead`] hands over until nothing is
/// due, the engine is woken, or the relay fails. Claimed messages that were
/// not tried go back to the queue.
async fn worker(pass: Arc<Round>) {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<Rendered>>(2);
    let renderer = {
        let pass = pass.clone();
        tokio::task::spawn_blocking(move || render_ahead(&pass, &tx))
    };
    let mut sending = Sending { pass: pass.clone(), conn: None, ready: None, unsent: Vec::new() };
    let mut chunk = Vec::new().into_iter();
    loop {
        let (message, built) = match chunk.next() {
            Some(item) => item,
            None => match rx.recv().await {
                Some(next) => {
                    chunk = next.into_iter();
                    continue;
                }
                None => break,
            },
        };
        if pass.interrupted() {
            sending.unsent.push(message.id);
            break;
        }
        let built = match built {
            Ok(b) => b,
            Err(err) => {
                let reply = err.to_string();
                sending.record(&message, &Delivery::Permanent { code: None, reply, bounce: false });
                continue;
            }
        };
        if pass.relay.is_none() {
            match crate::eml::write(&pass.outbox_dir, message.created_at, message.id, &built.bytes) {
                Ok(path) => sending.record(&message, &Delivery::Saved { path: path.display().to_string() }),
                Err(err) => {
                    log::error!("mail: {err}");
                    *lock(&pass.unreachable) = Some(err.to_string());
                    sending.unsent.push(message.id);
                    break;
                }
            }
            continue;
        }
        if !sending.send(message, built).await {
            break;
        }
    }
    // The message whose envelope was accepted goes out before we stop.
    sending.finish_ready().await;
    sending.unsent.extend(chunk.map(|(m, _)| m.id));
    rx.close();
    while let Ok(left) = rx.try_recv() {
        sending.unsent.extend(left.into_iter().map(|(m, _)| m.id));
    }
    if let Ok(left) = renderer.await {
        sending.unsent.extend(left);
    }
    pass.release_ids(&sending.unsent);
    if let Some(c) = sending.conn.take() {
        c.quit().await;
    }
}

/// Longest rate-limit wait during which an accepted envelope may wait for
/// its content; longer waits send the content first, so no transaction
/// stays open for long.
const PIPELINE_WAIT: Duration = Duration::from_secs(1);

/// One connection's sending state.
struct Sending {
    pass: Arc<Round>,
    conn: Option<Connection>,
    /// A message whose MAIL FROM, RCPT TO and DATA the server accepted and
    /// whose content is already written, all but its final dot: the dot goes
    /// out together with the next message's envelope.
    ready: Option<Claimed>,
    /// Claimed but not tried, or whose result could not be recorded: back
    /// to the queue when the worker stops.
    unsent: Vec<i64>,
}

impl Sending {
    /// Ends the ready message (its final dot) together with `message`'s
    /// envelope (or, with nothing ready, begins `message`); `message`'s
    /// content follows at once, its dot with the next one's envelope. False
    /// when the worker must stop (relay unreachable, authentication
    /// refused); `message` was then not tried.
    ///
    /// Crash safety: a message's result is committed before the next
    /// message's final dot is written (an envelope and content without their
    /// dot deliver nothing), so a crash repeats at most the one message
    /// whose reply was not yet recorded. The next message's content goes
    /// out before that commit, so the server reads it while we write.
    async fn send(&mut self, message: Claimed, built: compose::Built) -> bool {
        let at = lock(&self.pass.rate).reserve();
        let wait = at.saturating_duration_since(Instant::now());
        if let Some(ready) = self.ready.take() {
            let conn = self.conn.as_mut().expect("a ready message keeps its connection");
            if wait <= PIPELINE_WAIT {
                pace(at).await;
                let (outcome, begun) = conn.end_and_begin(&built.from, &built.to).await;
                match begun {
                    Next::Ready => {
                        // The content leaves before the previous result is
                        // committed; its dot waits for that commit.
                        let written = conn.content(&built.bytes).await;
                        self.settle(&ready, outcome);
                        return match written {
                            Ok(()) => {
                                self.ready = Some(message);
                                true
                            }
                            // Dropped mid-content: nothing delivered; begin it
                            // again on a new connection.
                            Err(_) => {
                                self.drop_broken();
                                self.begin(message, built).await
                            }
                        };
                    }
                    Next::Refused(refused) => {
                        self.settle(&ready, outcome);
                        let go_on = self.settle(&message, refused);
                        self.drop_broken();
                        return go_on;
                    }
                    // The connection ended first: begin it again on a new one.
                    Next::NotTried => self.settle(&ready, outcome),
                };
            } else {
                let outcome = conn.end().await;
                self.settle(&ready, outcome);
            }
            self.drop_broken();
        }
        pace(at).await;
        self.begin(message, built).await
    }

    /// Opens a connection if needed, sends `message`'s envelope and, once
    /// DATA is accepted, its content (not its final dot).
    async fn begin(&mut self, message: Claimed, built: compose::Built) -> bool {
        if !self.connect().await {
            self.unsent.push(message.id);
            return false;
        }
        let conn = self.conn.as_mut().expect("connected above");
        let go_on = match conn.begin(&built.from, &built.to).await {
            Ok(()) => match conn.content(&built.bytes).await {
                Ok(()) => {
                    self.ready = Some(message);
                    true
                }
                Err(lost) => self.settle(&message, lost),
            },
            Err(outcome) => self.settle(&message, outcome),
        };
        self.drop_broken();
        go_on
    }

    /// Sends the final dot of the message whose content is written.
    async fn finish_ready(&mut self) {
        if let Some(message) = self.ready.take() {
            let conn = self.conn.as_mut().expect("a ready message keeps its connection");
            let outcome = conn.end().await;
            self.settle(&message, outcome);
            self.drop_broken();
        }
    }

    /// Opens the connection if there is none usable; false (with the reason
    /// noted for the pass) when that fails.
    async fn connect(&mut self) -> bool {
        if self.conn.as_ref().is_some_and(Connection::usable) {
            return true;
        }
        let relay = self.pass.relay.as_ref().expect("only called with a relay");
        match Connection::open(relay).await {
            Ok(c) => {
                self.conn = Some(c);
                true
            }
            Err(failure) => {
                match failure {
                    Failure::Temporary { reply, .. } => *lock(&self.pass.unreachable) = Some(reply),
                    Failure::Auth { reply } => self.pass.block("auth_failed", &reply),
                    Failure::Tls { reply } => self.pass.block("tls_failed", &reply),
                }
                false
            }
        }
    }

    fn drop_broken(&mut self) {
        if !self.conn.as_ref().is_some_and(Connection::usable) {
            debug_assert!(self.ready.is_none(), "a ready message needs its connection");
            self.conn = None;
        }
    }

    /// Records what the server said about `message`. An authentication
    /// refusal is not the message's fault: it stays unsent, campaigns pause,
    /// and the worker stops (false).
    fn settle(&mut self, message: &Claimed, outcome: Outcome) -> bool {
        let delivery = match outcome {
            Outcome::Sent { code, reply } => Delivery::Sent { code, reply },
            Outcome::Temporary { code, reply } => Delivery::Temporary { code, reply },
            Outcome::Permanent { code, reply, stage } => {
                Delivery::Permanent { code: Some(code), reply, bounce: stage == Stage::RcptTo }
            }
            Outcome::Auth { reply } => {
                self.pass.block("auth_failed", &reply);
                self.unsent.push(message.id);
                return false;
            }
        };
        self.record(message, &delivery);
        true
    }

    fn record(&mut self, message: &Claimed, delivery: &Delivery) {
        if !self.pass.record(message, delivery) {
            self.unsent.push(message.id);
        }
    }
}

/// Waits for the rate limiter's slot. Only when there is something to wait
/// for: tokio's timer rounds up to the next millisecond, which alone would
/// cap us at ~1000/s.
async fn pace(at: Instant) {
    if at > Instant::now() {
        tokio::time::sleep_until(at.into()).await;
    }
}
