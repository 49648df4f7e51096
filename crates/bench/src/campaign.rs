//! The mail engine measured and crashed against Postfix's smtp-sink:
//! `campaign-prepare` writes a store with one personalised campaign (and
//! one of its messages, rendered, for smtp-source to send the same bytes),
//! `campaign-send` runs the engine until it ends (timed, in its own process
//! so its peak memory is its own; also the SIGKILL target of the crash run),
//! and `campaign-count` checks what the sink received against the outbox.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use posventa_core::{Store, settings};
use posventa_mail::compose;
use posventa_mail::{CampaignProgress, Engine, EngineConfig, Observer};

use crate::peak_rss_mb;

type Res = Result<(), Box<dyn std::error::Error>>;

const FIRST: &[&str] =
    &["Ana", "Luis", "María José", "Jorge", "Lucía", "Andrés", "Camila", "Sofía", "Mateo", "Valentina"];
const LAST: &[&str] = &["Pérez", "García", "Núñez", "Rodríguez", "López", "Martínez", "Fernández", "Gómez"];

const BODY: &str = "Hola **{{ first_name }}**,\n\nEsta semana en {{ shop_name }} tenemos novedades para ti:\n\n\
- Nueva colección de otoño\n- Envío gratis desde 30 €\n- Tus puntos te esperan\n\n\
Gracias por comprar con nosotros, {{ name }}.\n\n[Ver la tienda](https://tienda.example/novedades)\n\n\
Si ya no quieres recibir estos correos, [date de baja aquí]({{ unsubscribe_url }}).";

/// `campaign-prepare STORE_DIR PORT RECIPIENTS CONNECTIONS PER_SECOND`
pub fn prepare(args: &[String]) -> Res {
    let [dir, port, n, connections, per_second] = args else {
        return Err("campaign-prepare STORE_DIR PORT RECIPIENTS CONNECTIONS PER_SECOND".into());
    };
    let n: usize = n.parse()?;
    let _ = std::fs::remove_dir_all(dir);
    let store = Store::open_in_dir(Path::new(dir))?;
    settings::ensure(&store, "es-ES")?;
    store.write(|tx| {
        tx.execute("UPDATE settings SET shop_name = 'Tienda Sol' WHERE id = 1", [])?;
        tx.execute(
            "UPDATE mail_settings SET host = '127.0.0.1', port = ?1, security = 'none', from_name = 'Tienda Sol',
                 from_address = 'hola@tienda.example', per_second = ?2, per_hour = 0, connections = ?3 WHERE id = 1",
            rusqlite::params![port.parse::<u16>().unwrap_or(25), per_second.parse::<f64>().unwrap_or(0.0), connections.parse::<u8>().unwrap_or(1)],
        )?;
        let now = posventa_mail::outbox::now_ms();
        tx.execute(
            "INSERT INTO campaigns (name, subject, preheader, body_md, audience, status, started_at, created_at, updated_at)
             VALUES ('Bench', 'Novedades para ti, {{ first_name }}', 'Lo nuevo de {{ shop_name }}', ?1, '{}', 'sending', ?2, ?2, ?2)",
            rusqlite::params![BODY, now],
        )?;
        let id = tx.last_insert_rowid();
        let mut insert = tx.prepare(
            "INSERT INTO outbox (campaign_id, kind, to_address, email_key, to_name, message_id, unsubscribe_token, vars,
                 state, created_at, updated_at) VALUES (?1, 'campaign', ?2, ?2, ?3, ?4, ?5, ?6, 'queued', ?7, ?7)",
        )?;
        let mut rng = fastrand::Rng::with_seed(11);
        for i in 0..n {
            let name = format!("{} {}", FIRST[rng.usize(..FIRST.len())], LAST[rng.usize(..LAST.len())]);
            let email = format!("c{i}@example.com");
            let token: String = std::iter::repeat_with(|| rng.alphanumeric()).take(24).collect();
            let vars = serde_json::json!({"name": name, "email": email});
            insert.execute(rusqlite::params![
                id,
                email,
                name,
                format!("<{token}@tienda.example>"),
                token,
                vars.to_string(),
                now
            ])?;
        }
        Ok(())
    })?;
    let sample = Path::new(dir).join("sample.eml");
    let bytes = write_sample(&store, &sample)?;
    println!("prepared recipients={n} sample_bytes={bytes} sample={}", sample.display());
    Ok(())
}

/// Renders the first recipient's message exactly as the engine does and
/// writes it with LF line ends (smtp-source -F sends each line with CRLF,
/// dot-stuffed): the reference run then moves the same bytes per message.
fn write_sample(store: &Store, path: &Path) -> Result<usize, Box<dyn std::error::Error>> {
    let mail = posventa_mail::settings::load(store)?;
    let sender = compose::Sender::from_settings(&mail);
    let (content, shop_name, row) = store.read(|c| {
        let content =
            c.query_row("SELECT subject, preheader, body_md FROM campaigns ORDER BY id LIMIT 1", [], |r| {
                Ok(compose::Content { subject: r.get(0)?, preheader: r.get(1)?, body_md: r.get(2)? })
            })?;
        let shop: String = c.query_row("SELECT shop_name FROM settings WHERE id = 1", [], |r| r.get(0))?;
        let row: (String, String, String, String, String) = c.query_row(
            "SELECT to_address, to_name, message_id, unsubscribe_token, vars FROM outbox ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        Ok((content, shop, row))
    })?;
    let (to_address, to_name, message_id, token, vars) = row;
    let template = compose::Template::campaign(&content, settings::Language::Es)?;
    let url = compose::unsubscribe_url(&sender.from_address, &token, None);
    let vars: serde_json::Value = serde_json::from_str(&vars)?;
    let rendered = template.render(&compose::Vars::new(&vars, &to_name, &to_address, &shop_name, &url))?;
    let envelope = compose::Envelope {
        to_address: &to_address,
        to_name: &to_name,
        message_id: &message_id,
        unsubscribe_token: &token,
        collector_url: None,
        date: std::time::SystemTime::now(),
    };
    let built = compose::build(&sender, &envelope, &rendered)?;
    let text = String::from_utf8(built.bytes)?;
    std::fs::write(path, text.replace("\r\n", "\n"))?;
    Ok(text.len())
}

/// Wakes the measuring thread when a campaign's status changes.
#[derive(Default)]
struct Changed {
    seen: Mutex<bool>,
    signal: Condvar,
}

impl Changed {
    fn wait(&self, limit: Duration) {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        let (mut seen, _) =
            self.signal.wait_timeout_while(seen, limit, |seen| !*seen).unwrap_or_else(PoisonError::into_inner);
        *seen = false;
    }
}

impl Observer for Changed {
    fn progress(&self, _: &CampaignProgress) {}

    fn campaign_changed(&self, _: i64) {
        *self.seen.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.signal.notify_all();
    }
}

fn campaign_status(store: &Store) -> Result<String, posventa_core::Error> {
    store.read(|c| Ok(c.query_row("SELECT status FROM campaigns ORDER BY id LIMIT 1", [], |r| r.get(0))?))
}

/// `campaign-send STORE_DIR`: runs the engine until the campaign ends.
pub fn send(args: &[String]) -> Res {
    let [dir] = args else { return Err("campaign-send STORE_DIR".into()) };
    let store = Arc::new(Store::open_in_dir(Path::new(dir))?);
    let left: i64 = store.read(|c| {
        Ok(c.query_row("SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')", [], |r| r.get(0))?)
    })?;
    let config = EngineConfig::new(Path::new(dir).join("outbox"), format!("posventa-bench-{}", std::process::id()));
    let changed = Arc::new(Changed::default());
    let started = Instant::now();
    let engine = Engine::start(store.clone(), config, changed.clone());
    println!("started");
    // The engine says when a campaign's status changes (it ends once every
    // result is recorded); polling the store instead would compete with the
    // engine for SQLite's locks while it is being measured.
    while campaign_status(&store)? == "sending" {
        changed.wait(Duration::from_millis(500));
    }
    let seconds = started.elapsed().as_secs_f64();
    engine.shutdown();
    println!(
        "campaign_s={seconds:.3} messages={left} campaign_msgs_per_s={:.0} peak_rss_mb={:.0}",
        left as f64 / seconds,
        peak_rss_mb()
    );
    Ok(())
}

/// `campaign-count STORE_DIR DUMP_FILE KILLS`: every recipient counted in
/// what smtp-sink wrote; the crash run's summary line.
pub fn count(args: &[String]) -> Res {
    let [dir, dump, kills] = args else { return Err("campaign-count STORE_DIR DUMP_FILE KILLS".into()) };
    let store = Store::open_in_dir(Path::new(dir))?;
    let recipients: Vec<String> = store.read(|c| {
        let mut stmt = c.prepare("SELECT to_address FROM outbox")?;
        Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
    })?;
    let states: Vec<(String, i64)> = store.read(|c| {
        let mut stmt = c.prepare("SELECT state, count(*) FROM outbox GROUP BY state")?;
        Ok(stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?)
    })?;
    let mut seen: HashMap<String, u32> = HashMap::new();
    for line in std::fs::read_to_string(dump)?.lines() {
        if let Some(rcpt) = line.strip_prefix("X-Rcpt-Args: <") {
            *seen.entry(rcpt.trim_end_matches('>').to_owned()).or_default() += 1;
        }
    }
    let lost = recipients.iter().filter(|r| !seen.contains_key(*r)).count();
    let duplicates: u32 = seen.values().map(|n| n.saturating_sub(1)).sum();
    let strangers = seen.keys().filter(|k| !recipients.contains(k)).count();
    println!("outbox states: {states:?}; addresses the sink saw that were never queued: {strangers}");
    println!("kills={kills} recipients={} lost={lost} duplicates={duplicates}", recipients.len());
    Ok(())
}
