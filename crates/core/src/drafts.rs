//! Drafts of forms typed while a customer is on the line, saved as they are
//! typed so a crash or a power cut loses at most the last second.
//!
//! A draft is a small file in the app's data folder rather than a row in the
//! store: saving it must never wait behind a long import holding the store's
//! write lock, and each save is made durable on its own (written to a
//! temporary file, synced, renamed over the old one, folder synced), so the
//! file on disk is always either the previous draft or the new one. The text
//! is opaque here: the UI decides what it holds.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};

/// Far more than any form holds; a bigger draft is refused, not truncated.
pub const MAX_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Draft {
    pub body: String,
    /// Milliseconds since the epoch, from the file's modification time.
    #[ts(type = "number")]
    pub saved_at: i64,
}

/// Drafts live in `<data dir>/drafts/<name>.json`.
pub struct Drafts {
    dir: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::File { path: path.display().to_string(), source }
}

impl Drafts {
    pub fn new(data_dir: &Path) -> Self {
        Drafts { dir: data_dir.join("drafts") }
    }

    /// Only short lowercase names: the name becomes a file name.
    fn path(&self, name: &str) -> Result<PathBuf> {
        let valid = !name.is_empty()
            && name.len() <= 40
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid {
            return Err(Error::invalid("name", "text_invalid"));
        }
        Ok(self.dir.join(format!("{name}.json")))
    }

    pub fn save(&self, name: &str, body: &str) -> Result<()> {
        if body.len() > MAX_BYTES {
            return Err(Error::invalid("body", "too_long"));
        }
        let path = self.path(name)?;
        fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        let tmp = path.with_extension("json.tmp");
        let mut file = fs::File::create(&tmp).map_err(io(&tmp))?;
        file.write_all(body.as_bytes()).map_err(io(&tmp))?;
        file.sync_all().map_err(io(&tmp))?;
        fs::rename(&tmp, &path).map_err(io(&path))?;
        sync_dir(&self.dir)
    }

    pub fn load(&self, name: &str) -> Result<Option<Draft>> {
        let path = self.path(name)?;
        let body = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(&path)(e)),
        };
        // A file that is not text (a disk error, a hand edit) is no draft.
        let Ok(body) = String::from_utf8(body) else { return Ok(None) };
        let saved_at = fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as i64);
        Ok(Some(Draft { body, saved_at }))
    }

    pub fn discard(&self, name: &str) -> Result<()> {
        let path = self.path(name)?;
        match fs::remove_file(&path) {
            Ok(()) => sync_dir(&self.dir),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(&path)(e)),
        }
    }
}

/// Makes a rename or removal durable. Windows cannot open a folder for
/// syncing and does not need it: NTFS journals the rename.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_draft_comes_back_until_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path());
        assert_eq!(drafts.load("complaint").unwrap(), None, "nothing saved yet");
        drafts.save("complaint", r#"{"description":"llegó roto"}"#).unwrap();
        drafts.save("complaint", r#"{"description":"llegó roto, la caja abierta"}"#).unwrap();
        let draft = drafts.load("complaint").unwrap().expect("the draft is offered again");
        assert_eq!(draft.body, r#"{"description":"llegó roto, la caja abierta"}"#, "the latest save wins");
        assert!(draft.saved_at > 0);
        assert!(!dir.path().join("drafts/complaint.json.tmp").exists(), "no temporary file is left behind");
        drafts.discard("complaint").unwrap();
        assert_eq!(drafts.load("complaint").unwrap(), None);
        drafts.discard("complaint").expect("discarding twice is harmless");
    }

    #[test]
    fn names_cannot_leave_the_drafts_folder_and_size_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(dir.path());
        for name in ["../store", "a/b", "", "Complaint", "x.json"] {
            assert!(drafts.save(name, "{}").is_err(), "{name:?} must be refused");
        }
        let big = "x".repeat(MAX_BYTES + 1);
        let err = drafts.save("complaint", &big).unwrap_err();
        assert_eq!(err.payload().fields[0].field, "body");
        assert_eq!(drafts.load("complaint").unwrap(), None, "a refused draft writes nothing");
    }
}
