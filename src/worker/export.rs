//! The export thread: one day's export with its own read connection (WAL lets the I/O thread go on
//! saving orders meanwhile), reporting its progress for the bar on the export screen.

use crate::domain::i18n::Bilingual;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::Notify;
use crate::domain::Catalogue;
use crate::services::daily_export::{ExportRequest, ExportSummary, export_day};
use crate::storage::Database;

/// Where an export is.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportState {
    Running { done: usize, total: usize },
    Done(Box<ExportSummary>),
    Failed(crate::domain::Words),
}

pub struct ExportWorker {
    state: Arc<Mutex<ExportState>>,
    handle: Option<JoinHandle<()>>,
}

impl ExportWorker {
    pub fn spawn(
        database: PathBuf,
        catalogue: Arc<Catalogue>,
        request: ExportRequest,
        notify: Notify,
    ) -> std::io::Result<ExportWorker> {
        let state = Arc::new(Mutex::new(ExportState::Running { done: 0, total: 0 }));
        let shared = state.clone();
        let handle = std::thread::Builder::new().name("export".into()).spawn(move || {
            let set = |s: ExportState| {
                if let Ok(mut guard) = shared.lock() {
                    *guard = s;
                }
                notify();
            };
            let result = Database::open(&database).map_err(|e| e.words()).and_then(|db| {
                export_day(&db, &catalogue, &request, &mut |done, total| {
                    // Every 1 %, not every photo: the UI needs no more.
                    if total == 0 || done == total || done % (total / 100).max(1) == 0 {
                        set(ExportState::Running { done, total });
                    }
                })
                .map_err(|e| e.words())
            });
            set(match result {
                Ok(summary) => ExportState::Done(Box::new(summary)),
                Err(message) => ExportState::Failed(message),
            });
        })?;
        Ok(ExportWorker { state, handle: Some(handle) })
    }

    pub fn state(&self) -> ExportState {
        self.state.lock().map(|s| s.clone()).unwrap_or_else(|e| e.into_inner().clone())
    }
}

impl Drop for ExportWorker {
    /// An export is finished before the program exits, so no `.partial` folder is left behind.
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}
