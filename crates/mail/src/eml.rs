//! No relay configured: each message becomes `<outbox>/<timestamp>-<id>.eml`
//! the owner can open. The name comes from the outbox row (its creation time
//! and id), so writing again after a crash replaces the same file instead of
//! adding a second copy.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes atomically: a temporary file, then a rename.
pub fn write(dir: &Path, created_at_ms: i64, id: i64, bytes: &[u8]) -> Result<PathBuf> {
    let file_error = |path: &Path, source| Error::File { path: path.display().to_string(), source };
    std::fs::create_dir_all(dir).map_err(|e| file_error(dir, e))?;
    let name = format!("{}-{id}.eml", timestamp(created_at_ms));
    let path = dir.join(&name);
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, bytes).map_err(|e| file_error(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| file_error(&path, e))?;
    Ok(path)
}

/// `20260514T093000Z`: sorts by time in any file manager.
fn timestamp(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_calendar_times() {
        assert_eq!(timestamp(0), "19700101T000000Z");
        assert_eq!(timestamp(1_778_751_000_000), "20260514T093000Z");
    }

    #[test]
    fn writing_twice_keeps_one_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), 0, 7, b"a").unwrap();
        let path = write(dir.path(), 0, 7, b"b").unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a rewrite after a crash must not duplicate");
        assert_eq!(std::fs::read(path).unwrap(), b"b");
    }
}
