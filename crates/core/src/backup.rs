//! Local backups of the store with SQLite's online backup API: a consistent
//! copy taken while the app keeps working, on a schedule, before every
//! schema migration and before a restore, kept in `<data dir>/backups` with
//! rotation. Each copy is written to a temporary file, synced and renamed,
//! so a crash mid-backup leaves the previous backups and the store as they
//! were. Restoring copies a checked backup into the live store in one
//! write (a crash midway leaves the store as it was) and brings its schema
//! up to date.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

const PREFIX: &str = "posventa-";
const SUFFIX: &str = ".sqlite3";
/// A scheduled backup is due when the newest one is older than this.
pub const SCHEDULE_MS: i64 = 24 * 3_600_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// On the daily schedule.
    Scheduled,
    /// Asked for by the owner.
    Manual,
    /// Taken before the schema was upgraded.
    BeforeMigration,
    /// Taken before another backup was restored over the store.
    BeforeRestore,
}

impl BackupKind {
    const ALL: [BackupKind; 4] =
        [BackupKind::Scheduled, BackupKind::Manual, BackupKind::BeforeMigration, BackupKind::BeforeRestore];

    fn tag(self) -> &'static str {
        match self {
            BackupKind::Scheduled => "scheduled",
            BackupKind::Manual => "manual",
            BackupKind::BeforeMigration => "before-migration",
            BackupKind::BeforeRestore => "before-restore",
        }
    }

    /// How many of each kind are kept; older ones are removed.
    fn keep(self) -> usize {
        match self {
            BackupKind::Scheduled => 14,
            BackupKind::Manual => 20,
            BackupKind::BeforeMigration | BackupKind::BeforeRestore => 5,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupFile {
    pub path: String,
    pub file_name: String,
    pub kind: BackupKind,
    /// Milliseconds since the epoch (UTC), from the file name.
    #[ts(type = "number")]
    pub taken_at: i64,
    #[ts(type = "number")]
    pub bytes: u64,
}

pub fn dir_for(store_path: &Path) -> PathBuf {
    store_path.parent().unwrap_or(Path::new(".")).join("backups")
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::File { path: path.display().to_string(), source }
}

fn stamp(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}-{:03}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

fn parse_name(name: &str) -> Option<(i64, BackupKind)> {
    let middle = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (stamp, tag) = middle.split_at_checked(19)?;
    let kind = BackupKind::ALL.into_iter().find(|k| tag.strip_prefix('-') == Some(k.tag()))?;
    let format = time::macros::format_description!("[year][month][day]-[hour][minute][second]-[subsecond digits:3]");
    let at = time::PrimitiveDateTime::parse(stamp, &format).ok()?.assume_utc();
    Some(((at.unix_timestamp_nanos() / 1_000_000) as i64, kind))
}

/// Copies the database behind `source` into `dir` as one backup of `kind`,
/// then removes the oldest of that kind beyond what is kept.
pub(crate) fn take(source: &Connection, dir: &Path, kind: BackupKind, now: i64) -> Result<BackupFile> {
    fs::create_dir_all(dir).map_err(io(dir))?;
    let file_name = format!("{PREFIX}{}-{}{SUFFIX}", stamp(now), kind.tag());
    let path = dir.join(&file_name);
    let tmp = dir.join(format!("{file_name}.tmp"));
    let _ = fs::remove_file(&tmp);
    {
        let mut copy = Connection::open(&tmp)?;
        // One step: the copy is one consistent snapshot, never restarted by
        // writes made meanwhile.
        Backup::new(source, &mut copy)?.step(-1)?;
        copy.close().map_err(|(_, e)| e)?;
    }
    fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(io(&tmp))?;
    fs::rename(&tmp, &path).map_err(io(&path))?;
    #[cfg(unix)]
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))?;
    rotate(dir, kind)?;
    let bytes = fs::metadata(&path).map_err(io(&path))?.len();
    Ok(BackupFile { path: path.display().to_string(), file_name, kind, taken_at: now, bytes })
}

/// Leftovers of backups killed midway: old enough that no backup can still
/// be writing them.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > std::time::Duration::from_secs(600)));
        if stale && entry.file_name().to_string_lossy().ends_with(".sqlite3.tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn rotate(dir: &Path, kind: BackupKind) -> Result<()> {
    remove_leftovers(dir);
    let old = list(dir)?.into_iter().filter(|b| b.kind == kind).skip(kind.keep());
    for backup in old {
        fs::remove_file(&backup.path).map_err(io(Path::new(&backup.path)))?;
    }
    Ok(())
}

/// The backups in `dir`, newest first. Leftovers of an interrupted backup
/// (`.tmp`) are not listed.
pub fn list(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(dir)(e)),
    };
    let mut backups: Vec<BackupFile> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let file_name = entry.file_name().into_string().ok()?;
            let (taken_at, kind) = parse_name(&file_name)?;
            let bytes = entry.metadata().ok()?.len();
            Some(BackupFile { path: entry.path().display().to_string(), file_name, kind, taken_at, bytes })
        })
        .collect();
    backups.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.file_name.cmp(&a.file_name)));
    Ok(backups)
}

/// Whether the scheduled backup is due: none yet, or the newest of any
/// kind is older than the schedule.
pub fn scheduled_due(dir: &Path, now: i64) -> Result<bool> {
    Ok(list(dir)?.first().is_none_or(|newest| now - newest.taken_at >= SCHEDULE_MS))
}

/// Opens a file the owner chose and checks it is a sound Posventa store
/// before anything is copied from it.
pub(crate) fn open_checked(path: &Path, latest_version: usize) -> Result<Connection> {
    let not_a_backup = || Error::NotABackup { path: path.display().to_string() };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|_| not_a_backup())?;
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|_| not_a_backup())?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|_| not_a_backup())?;
    let ours: bool = conn
        .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'customers')", [], |r| {
            r.get(0)
        })
        .map_err(|_| not_a_backup())?;
    if ok != "ok" || !ours || version < 1 || version > latest_version as i64 {
        return Err(not_a_backup());
    }
    Ok(conn)
}

#[cfg(test)]
#[path = "backup_tests.rs"]
mod store_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_time_and_kind() {
        let at = 1_795_000_123_456;
        let name = format!("{PREFIX}{}-before-migration{SUFFIX}", stamp(at));
        assert_eq!(parse_name(&name), Some((at, BackupKind::BeforeMigration)));
        assert_eq!(parse_name("posventa-20261129-231005-123-weekly.sqlite3"), None);
        assert_eq!(parse_name("posventa.sqlite3"), None);
        assert_eq!(parse_name(&format!("{name}.tmp")), None);
    }
}
