//! The I/O thread's longer jobs: a receipt issued (and printed), a print handed to the print
//! system and followed, a print sheet, the day's report, an order opened with its photo.

use super::{IoEvent, IssueReceipt};
use crate::error::AppError;
use crate::storage::Database;
use crate::worker::Notify;

/// Issues the receipt of an `IoJob::IssueReceipt` (the next one: first or 补打) and prints it if
/// asked.
pub(super) fn run_receipt(
    db: &mut Database,
    job: &IssueReceipt,
    events: &std::sync::mpsc::Sender<IoEvent>,
    notify: &Notify,
) -> Result<IoEvent, AppError> {
    let IssueReceipt { number, spec, layout, print, who, dir } = job;
    let now = chrono::Local::now().to_rfc3339();
    let file = crate::services::receipts::issue(db, spec, number, *layout, dir, who, &now)?;
    if *print {
        let media = crate::output::print::Media { mm: file.geometry.page_mm };
        let title = format!("回执 {}", file.image_number);
        spawn_print(db, &file.path, media, title, None, events, notify)?;
    }
    Ok(IoEvent::ReceiptIssued {
        number: file.image_number,
        path: file.path,
        page_mm: file.geometry.page_mm,
        reprint: file.reprint,
        printing: *print,
    })
}

/// Sends `pdf` to the printer on a thread of its own; the answer comes back as `IoEvent::Printed`.
/// The thread then follows the job (`IoEvent::PrintNews`): a printer switched off or unplugged
/// after the queue took the job is reported, and a queue that stops meanwhile is a failed print.
pub(super) fn spawn_print(
    db: &Database,
    pdf: &std::path::Path,
    media: crate::output::print::Media,
    title: String,
    cancel_first: Option<crate::output::print::Job>,
    events: &std::sync::mpsc::Sender<IoEvent>,
    notify: &Notify,
) -> Result<(), AppError> {
    let settings = db.print_settings().map_err(text)?;
    let (pdf, events, notify) = (pdf.to_owned(), events.clone(), notify.clone());
    std::thread::Builder::new()
        .name("print".into())
        .spawn(move || {
            use crate::output::print::{FOLLOW_FOR, Job, print_pdf};
            let send = |event: IoEvent| {
                if events.send(event).is_ok() {
                    notify();
                }
            };
            // `cancel` may wait for the print system: here, never on the I/O thread.
            if let Some(stuck) = cancel_first {
                stuck.cancel();
            }
            let said = match print_pdf(&pdf, &settings.printer, &settings.command, media, &title) {
                Ok(said) => said,
                Err(e) => return send(IoEvent::Printed { path: pdf, result: Err(e) }),
            };
            // A studio's own print program's jobs are its business (as at hand-over).
            let Some(job) = Job::accepted(&said).filter(|_| settings.command.trim().is_empty()) else {
                return send(IoEvent::Printed { path: pdf, result: Ok(said) });
            };
            send(IoEvent::Printed { path: pdf.clone(), result: Ok(job.id.clone()) });
            let mut news = |news| send(IoEvent::PrintNews { path: pdf.clone(), job: job.clone(), news });
            let poll = std::time::Duration::from_secs(1);
            let stuck_after = std::time::Duration::from_secs(u64::from(settings.stuck_after_s));
            if let Err(e) = job.follow(&pdf, stuck_after, FOLLOW_FOR, poll, &mut news) {
                send(IoEvent::Printed { path: pdf.clone(), result: Err(e) });
            }
        })
        .map(|_| ())
        .map_err(|e| {
            AppError::Other(crate::words!("打印线程无法启动：{e}", "The print thread cannot start: {e}"))
        })
}

/// Writes a sheet of `count` copies of an order's photo; returns ((placed, page mm), left out).
#[allow(clippy::too_many_arguments)]
pub(super) fn print_sheet(
    db: &Database,
    dir: &crate::paths::DataDir,
    spec: &crate::domain::PhotoSpec,
    order_id: i64,
    count: u32,
    size: crate::domain::print_sheet::SheetSize,
    out: &std::path::Path,
    analyzer: &mut dyn FnMut() -> Option<std::sync::Arc<crate::vision::FaceAnalyzer>>,
) -> Result<(crate::domain::print_sheet::SheetLayout, bool), AppError> {
    let number = db.order(order_id).map_err(text)?.map(|r| r.label()).unwrap_or_default();
    let photo = crate::services::sheets::print_photo(db, dir, spec, order_id, &number, analyzer).map_err(
        |e| match e {
            crate::services::sheets::SheetError::Purged(_) => {
                AppError::Refused(crate::domain::Label::PhotoPurged.into())
            }
            e => AppError::other(&e),
        },
    )?;
    let sheet = crate::services::sheets::write_sheet(db, size, &[(photo.jpeg, spec.print_mm, count)], out)
        .map_err(|e| AppError::other(&e))?;
    Ok((sheet, photo.from_original))
}

/// The day's totals, and every pending order's receipt that ends within a week.
pub(super) fn day_report(
    db: &Database,
    date: chrono::NaiveDate,
    validity: &std::collections::BTreeMap<String, crate::domain::spec::Validity>,
) -> Result<IoEvent, AppError> {
    use crate::domain::daily_report::{DayReport, EXPIRING_WITHIN_DAYS, expiring, totals};
    let orders = crate::services::daily_export::day_orders(db, date).map_err(text)?;
    let report: Vec<_> = orders.into_iter().map(|(_, r)| r).collect();
    let today = chrono::Local::now().date_naive();
    let longest = validity.values().map(|v| v.max_days()).max().unwrap_or(0);
    let since = today - chrono::Duration::days(i64::from(longest));
    let pending = db.pending_orders_since(&since.format("%Y-%m-%d").to_string()).map_err(text)?;
    let with_end: Vec<_> = pending
        .iter()
        .filter_map(|row| {
            let validity = *validity.get(&row.spec_id)?;
            let captured = chrono::DateTime::parse_from_rfc3339(&row.captured_at).ok()?.date_naive();
            let until = validity.until(captured);
            Some((crate::services::daily_export::report_order(row, None), until))
        })
        .collect();
    Ok(IoEvent::DayReport(Box::new(DayReport {
        totals: totals(date, &report),
        expiring: expiring(&with_end, today, EXPIRING_WITHIN_DAYS),
    })))
}

pub(super) fn text(e: crate::storage::StorageError) -> AppError {
    e.into()
}

pub(super) fn load_order(db: &Database, id: i64) -> Result<IoEvent, AppError> {
    let row = db.order(id).map_err(text)?.ok_or_else(|| {
        AppError::from(crate::storage::StorageError::from(crate::storage::OrderError::NotFound(id)))
    })?;
    // Decoded here, not on the UI thread.
    let photo =
        db.order_photo(id).map_err(text)?.and_then(|jpeg| image::load_from_memory(&jpeg).ok()).map(|img| {
            let rgb = img.to_rgb8();
            std::sync::Arc::new(egui::ColorImage::from_rgb(
                [rgb.width() as usize, rgb.height() as usize],
                rgb.as_raw(),
            ))
        });
    let events = db.order_events(id).map_err(text)?;
    Ok(IoEvent::OrderLoaded { row: Box::new(row), photo, events })
}
