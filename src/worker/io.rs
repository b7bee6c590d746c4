//! The I/O thread: owns the database and does every write, so the UI thread never waits on disk.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, channel, sync_channel};
use std::thread::JoinHandle;

use super::Notify;
use crate::domain::{Lang, StudioInfo};
use crate::error::AppError;
use crate::storage::Database;
use jobs::{day_report, load_order, print_sheet, run_receipt, spawn_print, text};

mod jobs;

/// The receipt that follows an approval: issued and printed by the job that writes the order.
#[derive(Clone, Debug, PartialEq)]
pub struct ReceiptAfter {
    pub spec: Box<crate::domain::PhotoSpec>,
    pub who: String,
    pub dir: std::path::PathBuf,
}

/// The next receipt of an order (the first, or a 补打 reprint): PDF written under `dir`, logged,
/// then printed on a thread of its own when `print` (a stuck printer never holds up approvals).
#[derive(Clone, Debug, PartialEq)]
pub struct IssueReceipt {
    pub number: String,
    pub spec: Box<crate::domain::PhotoSpec>,
    pub layout: Option<crate::domain::receipt::ReceiptLayout>,
    pub print: bool,
    pub who: String,
    pub dir: std::path::PathBuf,
}

/// Work for the I/O thread.
#[derive(Clone, Debug, PartialEq)]
pub enum IoJob {
    SaveStudioInfo(StudioInfo),
    SaveLanguage(Lang),
    /// One key of the settings table (remembered choices: camera, spec, favourites).
    SaveSetting {
        key: String,
        value: String,
    },
    /// An approved photo becomes an order (number allocated in the same transaction). `index` is
    /// the app's approval it belongs to.
    CreateOrder {
        index: usize,
        order: Box<crate::storage::NewOrder>,
        original: OriginalSource,
        originals_dir: std::path::PathBuf,
        /// Where a 待上传 order's upload JPEG goes.
        uploads: std::path::PathBuf,
        /// The receipt issued and printed as soon as the order has its number, in the same job.
        receipt: Option<Box<ReceiptAfter>>,
    },
    SearchOrders(Box<crate::storage::OrderQuery>),
    /// The orders 待上传 (平台编号), with their upload files brought in line.
    ListAwaiting {
        uploads: std::path::PathBuf,
    },
    /// Attach the platform's number to an order 待上传 (checked against `spec`'s layout).
    AttachNumber {
        id: i64,
        number: String,
        spec: Box<crate::domain::PhotoSpec>,
        uploads: std::path::PathBuf,
        who: String,
    },
    SaveNumbering(crate::domain::numbering::NumberingModes),
    /// An event that changes no field (a download of a hand-over link).
    LogOrderEvent {
        id: i64,
        what: String,
        detail: String,
        who: String,
    },
    /// 电子回执 or 电子版 of order `number`: drawn (or read) here, then put on the clipboard (the
    /// image comes back) or written to `save_to`; logged with the order either way.
    HandOver {
        number: String,
        spec: Box<crate::domain::PhotoSpec>,
        how: crate::services::handover::HandOver,
        save_to: Option<std::path::PathBuf>,
        who: String,
    },
    /// An order with its photo (decoded for display) and its events.
    LoadOrder(i64),
    SetOrderStatus {
        id: i64,
        status: crate::storage::OrderStatus,
        reason: Option<String>,
        who: String,
    },
    /// The next receipt of an order (the first, or a 补打 reprint): PDF written under `dir`, logged,
    /// then printed on a thread of its own when `print` (a stuck printer never holds up approvals).
    IssueReceipt(IssueReceipt),
    /// A print sheet of one order's photo (rendered again from its original under `dir`), written
    /// to `out` and printed when `print`.
    PrintSheet {
        order_id: i64,
        spec: Box<crate::domain::PhotoSpec>,
        count: u32,
        size: crate::domain::print_sheet::SheetSize,
        dir: crate::paths::DataDir,
        out: std::path::PathBuf,
        print: bool,
    },
    /// Sends a PDF already written to the printer again (a print that failed; not a reprint).
    PrintFile {
        path: std::path::PathBuf,
        media: crate::output::print::Media,
        title: String,
        /// The earlier job of this PDF, stuck in its queue: cancelled first, so it does not come
        /// out as well when its printer is back.
        cancel: Option<crate::output::print::Job>,
    },
    SavePrintSettings(crate::domain::receipt::PrintSettings),
    /// Asks the print system which printers there are.
    ListPrinters,
    /// The day's totals and the receipts about to expire; `validity` is each spec's receipt validity
    /// in days (specs without a receipt are absent).
    DayReport {
        date: chrono::NaiveDate,
        validity: std::collections::BTreeMap<String, crate::domain::spec::Validity>,
    },
    /// PIN, privacy, purge, delete, backups, audit log, the start-of-day housekeeping.
    Manager(super::manager::ManagerJob),
    /// Writes the capture in progress to `dir` (the photo too, when `photo` is not `None`).
    KeepDraft {
        dir: std::path::PathBuf,
        draft: Box<crate::services::capture_draft::CaptureDraft>,
        photo: OriginalSource,
    },
    /// The capture in progress is done with (approved, or given up): its files go.
    ClearDraft {
        dir: std::path::PathBuf,
    },
}

/// Where the original capture of an order comes from; read or encoded on the I/O thread.
#[derive(Clone, Debug)]
pub enum OriginalSource {
    None,
    /// An imported or hot-folder file, kept byte for byte; its pixels if the file has gone since.
    File(std::path::PathBuf, std::sync::Arc<crate::imaging::SourcePhoto>),
    /// A camera frame, kept as a high-quality JPEG.
    Pixels(std::sync::Arc<crate::imaging::SourcePhoto>),
}

impl PartialEq for OriginalSource {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (OriginalSource::None, OriginalSource::None) => true,
            (OriginalSource::File(a, _), OriginalSource::File(b, _)) => a == b,
            (OriginalSource::Pixels(a), OriginalSource::Pixels(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl OriginalSource {
    fn read(&self) -> Result<Option<crate::services::approve::Original>, AppError> {
        match self {
            OriginalSource::None => Ok(None),
            // Moved or deleted by the tethering software since: keep the pixels instead.
            OriginalSource::File(path, photo) => match std::fs::read(path) {
                Ok(bytes) => {
                    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("jpg").to_lowercase();
                    Ok(Some(crate::services::approve::Original { bytes, ext }))
                }
                Err(_) => OriginalSource::Pixels(photo.clone()).read(),
            },
            OriginalSource::Pixels(photo) => {
                let bytes =
                    crate::imaging::encode::encode(&photo.image, 300, 92).map_err(|e| AppError::other(&e))?;
                Ok(Some(crate::services::approve::Original { bytes, ext: "jpg".into() }))
            }
        }
    }
}

/// What the I/O thread reports back.
#[derive(Clone, Debug, PartialEq)]
pub enum IoEvent {
    StudioInfoSaved(StudioInfo),
    LanguageSaved(Lang),
    SettingSaved {
        key: String,
    },
    /// An event was added to order `id`'s log (a hand-over link downloaded).
    OrderEventLogged {
        id: i64,
    },
    /// `image_number` is `None` when the order is 待上传 (平台编号).
    OrderCreated {
        index: usize,
        order_id: i64,
        image_number: Option<String>,
    },
    /// The orders 待上传, oldest first.
    Awaiting(Vec<crate::storage::OrderRow>),
    NumberAttached {
        id: i64,
        number: String,
        spec_id: String,
    },
    /// The number was wrong, or another order has it; nothing changed.
    AttachRefused {
        id: i64,
        error: AppError,
    },
    NumberingSaved(crate::domain::numbering::NumberingModes),
    /// A hand-over is ready: the image for the clipboard, or where the file was saved.
    HandedOver {
        number: String,
        how: crate::services::handover::HandOver,
        image: Option<std::sync::Arc<egui::ColorImage>>,
        path: Option<std::path::PathBuf>,
        /// 扫码领取: the order and the file to offer on the studio's network.
        shared: Option<(i64, std::sync::Arc<Vec<u8>>)>,
    },
    Orders(Vec<crate::storage::OrderRow>),
    OrderLoaded {
        row: Box<crate::storage::OrderRow>,
        photo: Option<std::sync::Arc<egui::ColorImage>>,
        events: Vec<(String, String, String, String)>,
    },
    StatusChanged {
        id: i64,
    },
    ReceiptIssued {
        number: String,
        path: std::path::PathBuf,
        page_mm: [f32; 2],
        reprint: Option<u32>,
        /// Also sent to the printer (the outcome follows as `Printed`).
        printing: bool,
    },
    SheetWritten {
        path: std::path::PathBuf,
        page_mm: [f32; 2],
        placed: usize,
        left_out: u32,
        printing: bool,
        /// Rendered from the original at print quality (else: the upload JPEG, its original gone).
        from_original: bool,
    },
    /// What the print system answered for a PDF: the job id, or why it failed (the PDF is kept).
    Printed {
        path: std::path::PathBuf,
        result: Result<String, crate::output::print::PrintError>,
    },
    /// A PDF was sent to the printer again.
    Printing(std::path::PathBuf),
    /// What became of a printed PDF's job afterwards (stuck in its queue, or printed).
    PrintNews {
        path: std::path::PathBuf,
        job: crate::output::print::Job,
        news: crate::output::print::JobNews,
    },
    /// The capture in progress is on disk (or cleared).
    DraftKept,
    PrintSettingsSaved(crate::domain::receipt::PrintSettings),
    Printers(Vec<String>),
    DayReport(Box<crate::domain::daily_report::DayReport>),
    Manager(super::manager::ManagerEvent),
    /// An approved order the database refused as it stands (its image number is another order's);
    /// nothing was written. The app keeps it until the operator gives it another number.
    OrderRefused {
        job: IoJob,
        error: AppError,
    },
    /// A job failed: why, and whether sending it again can help.
    Failed {
        job: IoJob,
        error: AppError,
    },
}

pub struct IoWorker {
    jobs: Option<SyncSender<IoJob>>,
    events: Receiver<IoEvent>,
    handle: Option<JoinHandle<()>>,
}

impl IoWorker {
    pub fn spawn(mut db: Database, notify: Notify) -> std::io::Result<IoWorker> {
        let (job_tx, job_rx) = sync_channel::<IoJob>(64);
        // Events are few and small; unbounded so the worker never blocks on a busy UI.
        let (event_tx, event_rx) = channel::<IoEvent>();
        let handle = std::thread::Builder::new().name("io".into()).spawn(move || {
            // Receipts need the CJK font; parsed now (≈ 50 ms) instead of at the first approval.
            crate::output::pdf::preload_font();
            // The data dir, held from the housekeeping on (orphan removal by another process waits).
            let mut hold = None;
            // The data dir and the day of the last backup, once the housekeeping has run.
            let mut backed_up: Option<(crate::paths::DataDir, chrono::NaiveDate)> = None;
            // The face models, loaded on the first print sheet that needs them (background).
            let mut analyzer: Option<Option<std::sync::Arc<crate::vision::FaceAnalyzer>>> = None;
            for job in job_rx {
                if let IoJob::Manager(super::manager::ManagerJob::Housekeeping { dir, today }) = &job {
                    backed_up = Some((dir.clone(), *today));
                } else if let Some((dir, last)) = &mut backed_up {
                    // Left running past midnight: the first job of the new day takes its backup.
                    let keep = crate::services::privacy::backups_kept(&db)
                        .unwrap_or(crate::domain::privacy::DEFAULT_BACKUPS_KEPT);
                    let today = chrono::Local::now().date_naive();
                    let summary = match crate::services::backups::on_new_day(dir, &db, last, today, keep) {
                        Ok(None) => None,
                        Ok(Some(b)) => Some((None, Some(b))),
                        Err(e) => Some((
                            Some(crate::services::startup::problem(
                                "今日备份失败",
                                "Today's backup failed",
                                &e,
                            )),
                            None,
                        )),
                    };
                    if let Some((summary, backup)) = summary {
                        let event = super::manager::ManagerEvent::Housekept { summary, backup };
                        if event_tx.send(IoEvent::Manager(event)).is_err() {
                            break;
                        }
                    }
                }
                let event = match &job {
                    IoJob::SaveStudioInfo(info) => db
                        .save_studio_info(info)
                        .map(|()| IoEvent::StudioInfoSaved(info.clone()))
                        .map_err(text),
                    IoJob::SaveLanguage(lang) => {
                        db.save_language(*lang).map(|()| IoEvent::LanguageSaved(*lang)).map_err(text)
                    }
                    IoJob::CreateOrder { index, order, original, originals_dir, uploads, receipt } => {
                        original.read().and_then(|original| {
                            match crate::services::approve::commit(
                                &mut db,
                                originals_dir,
                                (**order).clone(),
                                original.as_ref(),
                            ) {
                                Ok(o) => {
                                    if o.image_number.is_none() {
                                        // 待上传: its upload JPEG now (a crash before it: the
                                        // housekeeping writes it at the next start).
                                        let _ = crate::services::uploads::sync(&db, uploads);
                                    }
                                    let created = IoEvent::OrderCreated {
                                        index: *index,
                                        order_id: o.id,
                                        image_number: o.image_number.clone(),
                                    };
                                    let (Some(number), Some(r)) = (o.image_number, receipt) else {
                                        return Ok(created);
                                    };
                                    // The order first (the app learns its number), then its receipt;
                                    // a receipt that fails is a failed receipt, the order stays written.
                                    let _ = event_tx.send(created);
                                    let issue = IssueReceipt {
                                        number,
                                        spec: r.spec.clone(),
                                        layout: None,
                                        print: true,
                                        who: r.who.clone(),
                                        dir: r.dir.clone(),
                                    };
                                    Ok(run_receipt(&mut db, &issue, &event_tx, &notify).unwrap_or_else(
                                        |error| IoEvent::Failed { job: IoJob::IssueReceipt(issue), error },
                                    ))
                                }
                                // Refused as it stands: retrying cannot help, a new number can.
                                Err(e) if e.is_refusal() => {
                                    Ok(IoEvent::OrderRefused { job: job.clone(), error: e.into() })
                                }
                                Err(e) => Err(e.into()),
                            }
                        })
                    }
                    IoJob::SearchOrders(q) => db.search_orders(q).map(IoEvent::Orders).map_err(text),
                    IoJob::ListAwaiting { uploads } => crate::services::uploads::sync(&db, uploads)
                        .and_then(|_| db.awaiting_upload())
                        .map(IoEvent::Awaiting)
                        .map_err(text),
                    IoJob::AttachNumber { id, number, spec, uploads, who } => {
                        match crate::services::approve::attach(
                            &mut db,
                            spec,
                            uploads,
                            *id,
                            number,
                            who,
                            chrono::Local::now(),
                        ) {
                            Ok(row) => Ok(IoEvent::NumberAttached {
                                id: *id,
                                number: row.label(),
                                spec_id: row.spec_id,
                            }),
                            Err(e) if e.is_refusal() => {
                                Ok(IoEvent::AttachRefused { id: *id, error: e.into() })
                            }
                            Err(e) => Err(e.into()),
                        }
                    }
                    IoJob::HandOver { number, spec, how, save_to, who } => {
                        crate::services::handover::run(&mut db, number, spec, *how, save_to.as_deref(), who)
                            .map(|h| IoEvent::HandedOver {
                                number: h.number,
                                how: h.how,
                                image: h.image,
                                path: h.path,
                                shared: h.shared,
                            })
                            .map_err(AppError::from)
                    }
                    IoJob::LogOrderEvent { id, what, detail, who } => db
                        .log_order_event(*id, what, detail, who, &chrono::Local::now().to_rfc3339())
                        .map(|_| IoEvent::OrderEventLogged { id: *id })
                        .map_err(text),
                    IoJob::SaveNumbering(n) => {
                        db.save_numbering(n).map(|()| IoEvent::NumberingSaved(n.clone())).map_err(text)
                    }
                    IoJob::LoadOrder(id) => load_order(&db, *id),
                    IoJob::SetOrderStatus { id, status, reason, who } => db
                        .set_order_status(
                            *id,
                            *status,
                            reason.as_deref(),
                            who,
                            &chrono::Local::now().to_rfc3339(),
                        )
                        .map(|()| IoEvent::StatusChanged { id: *id })
                        .map_err(text),
                    IoJob::IssueReceipt(issue) => run_receipt(&mut db, issue, &event_tx, &notify),
                    IoJob::PrintSheet { order_id, spec, count, size, dir, out, print } => {
                        let mut models = || {
                            analyzer
                                .get_or_insert_with(|| {
                                    crate::vision::FaceAnalyzer::new().ok().map(std::sync::Arc::new)
                                })
                                .clone()
                        };
                        print_sheet(&db, dir, spec, *order_id, *count, *size, out, &mut models).and_then(
                            |(sheet, from_original)| {
                                if *print {
                                    let media = crate::output::print::Media { mm: sheet.page_mm };
                                    spawn_print(&db, out, media, "排版".into(), None, &event_tx, &notify)?;
                                }
                                Ok(IoEvent::SheetWritten {
                                    path: out.clone(),
                                    page_mm: sheet.page_mm,
                                    placed: sheet.placements.len(),
                                    left_out: sheet.left_out,
                                    printing: *print,
                                    from_original,
                                })
                            },
                        )
                    }
                    IoJob::PrintFile { path, media, title, cancel } => {
                        spawn_print(&db, path, *media, title.clone(), cancel.clone(), &event_tx, &notify)
                            .map(|()| IoEvent::Printing(path.clone()))
                    }
                    IoJob::SavePrintSettings(settings) => db
                        .save_print_settings(settings)
                        .map(|()| IoEvent::PrintSettingsSaved(settings.clone()))
                        .map_err(text),
                    IoJob::ListPrinters => Ok(IoEvent::Printers(crate::output::print::printers())),
                    IoJob::DayReport { date, validity } => day_report(&db, *date, validity),
                    IoJob::Manager(job) => super::manager::run(&mut db, job, &mut hold).map(IoEvent::Manager),
                    // The photo is kept under the draft's `photo_file` (decoding sniffs the format).
                    IoJob::KeepDraft { dir, draft, photo } => photo.read().and_then(|original| {
                        crate::services::capture_draft::save(
                            dir,
                            draft,
                            original.as_ref().map(|o| o.bytes.as_slice()),
                        )
                        .map(|()| IoEvent::DraftKept)
                        .map_err(|e| {
                            let dir = dir.display();
                            AppError::io(
                                crate::words!(
                                    "未完成的拍摄无法暂存（{dir}）",
                                    "The capture in progress cannot be kept ({dir})"
                                ),
                                &e,
                            )
                        })
                    }),
                    IoJob::ClearDraft { dir } => {
                        crate::services::capture_draft::clear(dir).map(|()| IoEvent::DraftKept).map_err(|e| {
                            let dir = dir.display();
                            AppError::io(
                                crate::words!(
                                    "暂存的拍摄无法清除（{dir}）",
                                    "The kept capture cannot be cleared ({dir})"
                                ),
                                &e,
                            )
                        })
                    }
                    IoJob::SaveSetting { key, value } => db
                        .set_setting(key, value)
                        .map(|()| IoEvent::SettingSaved { key: key.clone() })
                        .map_err(text),
                }
                .unwrap_or_else(|error| IoEvent::Failed { job: job.clone(), error });
                if event_tx.send(event).is_err() {
                    break;
                }
                notify();
            }
        })?;
        Ok(IoWorker { jobs: Some(job_tx), events: event_rx, handle: Some(handle) })
    }

    /// Queues a job; gives it back if the queue is full or the thread is gone.
    pub fn send(&self, job: IoJob) -> Result<(), IoJob> {
        match &self.jobs {
            Some(tx) => tx.try_send(job).map_err(|e| match e {
                TrySendError::Full(j) | TrySendError::Disconnected(j) => j,
            }),
            None => Err(job),
        }
    }

    pub fn try_recv(&self) -> Option<IoEvent> {
        self.events.try_recv().ok()
    }
}

impl Drop for IoWorker {
    /// Finishes the queued writes before the program exits.
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}
