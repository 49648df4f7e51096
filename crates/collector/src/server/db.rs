//! The collector's SQLite file, owned by one thread. Requests send it small
//! jobs; it runs every job that is waiting in one IMMEDIATE transaction
//! (each inside its own savepoint) and answers them only after the commit,
//! so a page that says "saved" is on disk in the WAL and survives a kill.
//! Batching turns a burst of clicks into few commits, and the async
//! handlers never block on SQLite.

use std::path::Path;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};
use tokio::sync::oneshot;

use super::scanner::{self, Click, Outcome};

pub const DB_FILE: &str = "collector.sqlite3";
/// Jobs per transaction at most, so one commit never holds many replies.
const MAX_BATCH: usize = 512;

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(include_str!("../../migrations/0001_collector.sql"))])
}

#[derive(Debug)]
pub struct DbError(pub String);

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError(e.to_string())
    }
}

/// Sends a job's result; called only after its batch has committed.
type Reply = Box<dyn FnOnce() + Send>;
/// Does a job's writes inside the batch's transaction.
type Job = Box<dyn FnOnce(&Connection) -> Reply + Send>;

pub struct Db {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Db {
    pub fn open(dir: &Path) -> Result<Db, DbError> {
        std::fs::create_dir_all(dir).map_err(|e| DbError(format!("cannot create {}: {e}", dir.display())))?;
        let mut conn = Connection::open(dir.join(DB_FILE))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL: a commit is in the WAL before we answer, which survives a
        // killed process; only a power cut can lose the last commits.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(Duration::from_secs(5))?;
        migrations().to_latest(&mut conn).map_err(|e| DbError(e.to_string()))?;
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("collector-db".into())
            .spawn(move || serve(conn, queue))
            .map_err(|e| DbError(e.to_string()))?;
        Ok(Db { jobs: Some(jobs), thread: Some(thread) })
    }

    /// Runs `work` in the next batch's transaction; resolves after commit.
    pub async fn call<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn: &Connection| -> Reply {
            let result = in_savepoint(conn, work);
            Box::new(move || {
                let _ = reply.send(result);
            })
        });
        let jobs = self.jobs.as_ref().ok_or_else(|| DbError("the store is closed".into()))?;
        jobs.send(job).map_err(|_| DbError("the store is closed".into()))?;
        answer.await.map_err(|_| DbError("the store stopped".into()))?
    }
}

impl Drop for Db {
    /// Lets the thread finish what is queued, then closes the file.
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn in_savepoint<T>(conn: &Connection, work: impl FnOnce(&Connection) -> Result<T, DbError>) -> Result<T, DbError> {
    conn.execute_batch("SAVEPOINT job")?;
    let result = work(conn);
    // A failed job undoes only its own writes; the rest of the batch commits.
    let end = if result.is_ok() { "RELEASE job" } else { "ROLLBACK TO job; RELEASE job" };
    conn.execute_batch(end)?;
    result
}

fn serve(mut conn: Connection, queue: mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let commit = run_batch(&mut conn, batch);
        if let Err(e) = commit {
            eprintln!("posventa-collector: a write failed: {e}");
        }
    }
}

/// Replies are sent only after the commit; if it fails, the replies are
/// dropped and the handlers see an error instead of a false "saved".
fn run_batch(conn: &mut Connection, batch: Vec<Job>) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let replies: Vec<Reply> = batch.into_iter().map(|job| job(&tx)).collect();
    tx.commit()?;
    for reply in replies {
        reply();
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The operations. Each runs on the store thread inside a transaction.

pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// A score link was opened. Returns the comment already saved for this
/// reference, so the page can show it instead of an empty box that would
/// erase it on "Send".
pub fn click(
    conn: &Connection,
    reference: &str,
    survey: &str,
    score: u8,
    at_ms: i64,
) -> Result<Option<String>, DbError> {
    conn.prepare_cached("INSERT INTO clicks (ref, survey, score, at_ms) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![reference, survey, score, at_ms])?;
    Ok(conn
        .prepare_cached("SELECT comment FROM answers WHERE ref = ?1")?
        .query_row([reference], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The thank-you page's form was posted: this score (and comment) is the
/// answer, whatever was clicked before.
pub fn confirm(
    conn: &Connection,
    reference: &str,
    survey: &str,
    score: u8,
    comment: Option<&str>,
    at_ms: i64,
) -> Result<(), DbError> {
    conn.prepare_cached("DELETE FROM clicks WHERE ref = ?1")?.execute([reference])?;
    set_answer(conn, reference, survey, score, comment, at_ms / 1000)
}

/// Records the answer and its event, unless it is what already counts.
fn set_answer(
    conn: &Connection,
    reference: &str,
    survey: &str,
    score: u8,
    comment: Option<&str>,
    at: i64,
) -> Result<(), DbError> {
    let current: Option<(String, u8, Option<String>)> = conn
        .prepare_cached("SELECT survey, score, comment FROM answers WHERE ref = ?1")?
        .query_row([reference], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if current.is_some_and(|(s, n, c)| s == survey && n == score && c.as_deref() == comment) {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO answers (ref, survey, score, comment, at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (ref) DO UPDATE SET survey = ?2, score = ?3, comment = ?4, at = ?5",
    )?
    .execute(params![reference, survey, score, comment, at])?;
    conn.prepare_cached(
        "INSERT INTO events (kind, ref, survey, score, comment, at) VALUES ('answer', ?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![reference, survey, score, comment, at])?;
    Ok(())
}

/// One unsubscribe event per reference, however often the link is used.
pub fn unsubscribe(conn: &Connection, reference: &str, at_ms: i64) -> Result<(), DbError> {
    let new = conn
        .prepare_cached("INSERT INTO unsubscribes (ref, at) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?
        .execute(params![reference, at_ms / 1000])?;
    if new == 1 {
        conn.prepare_cached("INSERT INTO events (kind, ref, at) VALUES ('unsubscribe', ?1, ?2)")?
            .execute(params![reference, at_ms / 1000])?;
    }
    Ok(())
}

/// Applies the scanner rule to every reference whose last click has
/// settled: its clicks go, and the one that counts (if any) becomes an
/// answer. Run before events are listed, so the result is the same as if a
/// timer had done it at the exact moment.
pub fn promote_settled(conn: &Connection, now_ms: i64, burst_ms: i64, settle_ms: i64) -> Result<usize, DbError> {
    let settled: Vec<String> = conn
        .prepare_cached("SELECT ref FROM clicks GROUP BY ref HAVING max(at_ms) <= ?1")?
        .query_map([now_ms - settle_ms], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut promoted = 0;
    for reference in &settled {
        let mut survey = String::new();
        let clicks: Vec<Click> = conn
            .prepare_cached("SELECT survey, score, at_ms FROM clicks WHERE ref = ?1 ORDER BY at_ms, rowid")?
            .query_map([reference], |r| Ok((r.get::<_, String>(0)?, Click { score: r.get(1)?, at_ms: r.get(2)? })))?
            .map(|row| {
                row.map(|(s, click)| {
                    survey = s;
                    click
                })
            })
            .collect::<Result<_, _>>()?;
        conn.prepare_cached("DELETE FROM clicks WHERE ref = ?1")?.execute([reference])?;
        if let Outcome::Answer { score, at_ms } = scanner::decide(&clicks, now_ms, burst_ms, settle_ms) {
            // A click carries no comment: the one saved before stays.
            let comment: Option<String> = conn
                .prepare_cached("SELECT comment FROM answers WHERE ref = ?1")?
                .query_row([reference], |r| r.get(0))
                .optional()?
                .flatten();
            set_answer(conn, reference, &survey, score, comment.as_deref(), at_ms / 1000)?;
            promoted += 1;
        }
    }
    Ok(promoted)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub kind: String,
    pub reference: String,
    pub survey: Option<String>,
    pub score: Option<u8>,
    pub comment: Option<String>,
    pub at: i64,
}

pub fn events_after(conn: &Connection, after: i64, limit: u32) -> Result<Vec<Event>, DbError> {
    let events = conn
        .prepare_cached(
            "SELECT id, kind, ref, survey, score, comment, at FROM events WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?
        .query_map(params![after, limit], |r| {
            Ok(Event {
                id: r.get(0)?,
                kind: r.get(1)?,
                reference: r.get(2)?,
                survey: r.get(3)?,
                score: r.get(4)?,
                comment: r.get(5)?,
                at: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(events)
}

/// The app has applied everything up to `up_to`: those events can go.
pub fn ack(conn: &Connection, up_to: i64) -> Result<usize, DbError> {
    Ok(conn.prepare_cached("DELETE FROM events WHERE id <= ?1")?.execute([up_to])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        conn
    }

    const R: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn repeats_make_no_event_and_changes_make_one() {
        let conn = store();
        confirm(&conn, R, "nps", 9, None, 1_000).unwrap();
        confirm(&conn, R, "nps", 9, None, 2_000).unwrap();
        assert_eq!(events_after(&conn, 0, 10).unwrap().len(), 1, "a double click must count once");
        confirm(&conn, R, "nps", 7, Some("<b>meh</b>"), 3_000).unwrap();
        let events = events_after(&conn, 0, 10).unwrap();
        assert_eq!(events.len(), 2, "a changed score is a new event");
        assert_eq!(events[1].comment.as_deref(), Some("<b>meh</b>"));
    }

    #[test]
    fn event_ids_are_never_reused_after_an_ack() {
        let conn = store();
        unsubscribe(&conn, R, 0).unwrap();
        unsubscribe(&conn, R, 0).unwrap();
        let first = events_after(&conn, 0, 10).unwrap();
        assert_eq!(first.len(), 1, "one unsubscribe event per reference");
        ack(&conn, first[0].id).unwrap();
        confirm(&conn, R, "csat", 5, None, 0).unwrap();
        let next = events_after(&conn, first[0].id, 10).unwrap();
        assert_eq!(next.len(), 1, "an id reused after deleting every event would hide it below the app's cursor");
        assert!(next[0].id > first[0].id);
    }

    #[test]
    fn promotion_keeps_the_saved_comment() {
        let conn = store();
        confirm(&conn, R, "nps", 9, Some("great"), 0).unwrap();
        click(&conn, R, "nps", 6, 10_000).unwrap();
        assert_eq!(promote_settled(&conn, 10_000 + 99, 50, 100).unwrap(), 0, "not settled yet");
        assert_eq!(promote_settled(&conn, 10_000 + 100, 50, 100).unwrap(), 1);
        let last = events_after(&conn, 1, 10).unwrap();
        assert_eq!((last[0].score, last[0].comment.as_deref()), (Some(6), Some("great")));
        let left: i64 = conn.query_row("SELECT count(*) FROM clicks", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 0, "resolved clicks are deleted");
    }
}
