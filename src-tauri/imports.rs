//! One import (or preview) at a time, cancellable from the UI, with progress
//! sent as events at most a few times a second.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use posventa_core::import::{ImportProgress, Progress};
use posventa_core::{Error, Result};
use tauri::{AppHandle, Emitter};

#[derive(Default)]
pub struct Imports {
    running: Arc<AtomicBool>,
    cancel: AtomicBool,
}

/// Held while an import runs (also by its thread); dropping it lets the next one start.
pub struct Running(Arc<AtomicBool>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

impl Imports {
    pub fn begin(&self) -> Result<Running> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(Error::ImportRunning);
        }
        self.cancel.store(false, Ordering::SeqCst);
        Ok(Running(self.running.clone()))
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }
}

/// Returns the callback the core calls with progress; false means cancel.
pub fn reporter<'a>(app: &'a AppHandle, dry_run: bool, imports: &'a Imports) -> impl FnMut(Progress) -> bool + 'a {
    let started = Instant::now();
    move |progress| {
        let seconds = started.elapsed().as_secs_f64().max(0.001);
        let _ = app.emit(
            "import-progress",
            ImportProgress { dry_run, progress, rows_per_s: f64::from(progress.rows) / seconds },
        );
        !imports.cancel.load(Ordering::SeqCst)
    }
}
