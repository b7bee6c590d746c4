//! State the app keeps and the screens show: the database's state, the session's approvals and
//! prints, the manager's lock, orders the database refused, and a capture offered back at start.

use std::path::PathBuf;
use std::time::Instant;

use crate::domain::checks::CheckStatus;
use crate::domain::{Label, Lang};
use crate::worker::{IoJob, PrivacyState};

use super::Guarded;

/// An approved photo as this session lists it (made from the `services::approve::ApprovalForm`
/// the operator filled in; its order is the `storage::NewOrder` the I/O thread writes).
#[derive(Clone, Debug, PartialEq)]
pub struct ApprovedPhoto {
    pub spec_id: String,
    pub customer: String,
    pub reason: Option<String>,
    pub overall: CheckStatus,
    pub crop: crate::domain::geometry::CropRect,
    pub jpeg_bytes: usize,
    /// The order's image number, once the I/O thread has committed it.
    pub image_number: Option<String>,
    /// Its receipt would print by itself, but the studio has no name yet: asked for once the order
    /// is written (the receipt's 采集服务单位).
    pub receipt_waits_for_studio: bool,
}

/// The state of the database as the status bar shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum DbState {
    /// Being opened and checked (a thread of its own; after a restore too).
    Opening,
    Ready {
        schema: i64,
    },
    Unavailable(crate::domain::Words),
    /// The file is damaged: what SQLite said, and the newest backup to offer.
    Damaged {
        message: crate::domain::Words,
        backup: Option<crate::services::backups::Backup>,
    },
}

/// The manager's lock and privacy settings (the PIN prompt's text is the screen's own).
#[derive(Debug, Default)]
pub struct ManagerState {
    /// Loaded at start and refreshed after every change.
    pub privacy: Option<PrivacyState>,
    pub(crate) unlocked_until: Option<Instant>,
    /// The action waiting for the PIN.
    pub pending: Option<Guarded>,
}

impl ManagerState {
    pub fn has_pin(&self) -> bool {
        self.privacy.as_ref().is_some_and(|p| p.has_pin)
    }

    pub fn unlocked(&self) -> bool {
        self.unlocked_until.is_some_and(|t| Instant::now() < t)
    }
}

/// An approved order the I/O thread could not write, kept in memory with why.
pub struct UnsavedOrder {
    pub job: IoJob,
    pub error: crate::error::AppError,
}

/// An approved order the database refused as it stands (its image number is another order's),
/// with why; kept until the operator gives it another number.
pub struct RefusedOrder {
    pub job: IoJob,
    pub message: String,
}

/// A draft found at the start, waiting for the operator's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct RestoreOffer {
    pub draft: crate::services::capture_draft::CaptureDraft,
    /// The captured photo kept with it.
    pub photo: Option<PathBuf>,
    /// The crash report of the run that left it, if that run ended in a panic.
    pub crash_report: Option<PathBuf>,
}

/// One receipt or sheet as the counter sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct PrintRecord {
    pub path: PathBuf,
    pub page_mm: [f32; 2],
    /// The image number, for receipts.
    pub number: Option<String>,
    pub reprint: Option<u32>,
    pub state: PrintState,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PrintState {
    /// Written; not sent to a printer.
    Saved,
    Printing,
    /// The queue took it (the job id).
    Printed(String),
    /// The job left the queue: handed to the printer.
    Done(String),
    /// The job waits while its printer says `message` (switched off, unplugged): it prints when the
    /// printer is back, unless the operator cancels it and prints again.
    Stuck {
        job: crate::output::print::Job,
        message: String,
    },
    Failed(String),
}

impl PrintRecord {
    /// What it is (receipt and number, with its reprint mark; or a sheet).
    pub fn what(&self, lang: Lang) -> String {
        match (&self.number, self.reprint) {
            (Some(n), None) => format!("{} {n}", Label::Receipt.get(lang)),
            (Some(n), Some(k)) => crate::domain::i18n::punct(
                lang,
                format!("{} {n}（{}）", Label::Receipt.get(lang), crate::domain::receipt::reprint_mark(k)),
            ),
            (None, _) => Label::Sheet.get(lang).to_owned(),
        }
    }

    /// Where the PDF is and what the printer said.
    pub fn line(&self, lang: Lang) -> String {
        let what = self.what(lang);
        match &self.state {
            PrintState::Saved => crate::domain::i18n::punct(
                lang,
                format!("{what}：{} {}", Label::PdfSaved.get(lang), self.path.display()),
            ),
            PrintState::Printing => {
                crate::domain::i18n::punct(lang, format!("{what}：{}", Label::Printing.get(lang)))
            }
            PrintState::Printed(job) => {
                crate::domain::i18n::punct(lang, format!("{what}：{} {job}", Label::PrintSent.get(lang)))
            }
            PrintState::Done(job) => {
                crate::domain::i18n::punct(lang, format!("{what}：{} {job}", Label::PrintDone.get(lang)))
            }
            PrintState::Stuck { job, message } => crate::domain::i18n::punct(
                lang,
                format!(
                    "{what}：{} {}（{message}）{} {}，{}",
                    Label::PrintStuckPrinter.get(lang),
                    job.queue,
                    Label::PrintStuckJob.get(lang),
                    job.id,
                    Label::PrintStuckWhat.get(lang)
                ),
            ),
            PrintState::Failed(message) => message.clone(),
        }
    }
}
