//! The evening export (`DailyExport`), shared by the export screen (its own thread) and the CLI: one
//! day's orders as `<out>/<YYYY-MM-DD>/` holding `orders-<date>.csv` (UTF-8 with BOM),
//! `orders-<date>.xlsx`, `photos/<image number>.jpg` and optionally `receipts/<image number>.pdf`.
//!
//! Everything is written into a hidden `.<date>.partial` folder first and renamed into place at the
//! end, so a half export never appears; an earlier export of the same day is replaced only then.
//! The CSV, XLSX and photos of the same day come out byte for byte the same each time.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::Catalogue;
use crate::domain::daily_report::{DailyTotals, Privacy, ReportOrder, csv, photo_file_name, totals};
use crate::domain::receipt::{PrintSettings, ReceiptLayout};
use crate::storage::{Database, OrderRow, StorageError};

/// What to export and where.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRequest {
    pub date: NaiveDate,
    /// The folder that receives the day's folder.
    pub out_dir: PathBuf,
    pub privacy: Privacy,
    /// Also write each order's receipt PDF.
    pub receipts: bool,
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSummary {
    pub dir: PathBuf,
    pub orders: usize,
    pub photos: usize,
    pub receipts: usize,
    pub totals: DailyTotals,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("CSV 无法生成：{0}")]
    Csv(#[from] ::csv::Error),
    #[error("Excel 文件无法生成：{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("无法写入 {}：{source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Write { path: path.to_owned(), source }
}

/// The export row of a stored order.
pub fn report_order(row: &OrderRow, reshoot_of: Option<String>) -> ReportOrder {
    ReportOrder {
        order_id: row.id,
        image_number: row.image_number.clone(),
        created_at: row.created_at.clone(),
        customer_name: row.customer_name.clone(),
        phone: row.phone.clone(),
        id_number: row.id_number.clone(),
        hukou: row.hukou.clone(),
        document: row.document.clone(),
        spec_id: row.spec_id.clone(),
        price_fen: row.price_fen,
        payment: row.payment.clone(),
        operator: row.operator.clone(),
        status: row.status,
        fail_reason: row.fail_reason.clone(),
        approval_reason: row.approval_reason.clone(),
        reshoot_of,
    }
}

/// The day's orders, oldest first, with their rows.
pub fn day_orders(db: &Database, date: NaiveDate) -> Result<Vec<(OrderRow, ReportOrder)>, StorageError> {
    let next = date.succ_opt().unwrap_or(date);
    let rows = db
        .orders_created_between(&date.format("%Y-%m-%d").to_string(), &next.format("%Y-%m-%d").to_string())?;
    Ok(rows
        .into_iter()
        .map(|(row, reshoot_of)| {
            let report = report_order(&row, reshoot_of);
            (row, report)
        })
        .collect())
}

/// Exports one day; `progress(done, total)` is called after each photo (and receipt).
pub fn export_day(
    db: &Database,
    catalogue: &Catalogue,
    request: &ExportRequest,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    let orders = day_orders(db, request.date)?;
    let day = request.date.format("%Y-%m-%d").to_string();
    let final_dir = request.out_dir.join(&day);
    let partial = request.out_dir.join(format!(".{day}.partial"));
    // Left by an export that was interrupted: never shown, now replaced.
    if partial.exists() {
        std::fs::remove_dir_all(&partial).map_err(io(&partial))?;
    }
    let photos_dir = partial.join("photos");
    std::fs::create_dir_all(&photos_dir).map_err(io(&photos_dir))?;
    let total = orders.len() * if request.receipts { 2 } else { 1 };
    let mut done = 0;
    progress(done, total);
    let mut photos = 0;
    for (row, report) in &orders {
        // A photo purged after the retention period is simply not in the export; the row is.
        if let Some(jpeg) = db.order_photo(row.id)? {
            let path = photos_dir.join(photo_file_name(report));
            std::fs::write(&path, &jpeg).map_err(io(&path))?;
            photos += 1;
        }
        done += 1;
        progress(done, total);
    }
    let mut receipts = 0;
    if request.receipts {
        let receipts_dir = partial.join("receipts");
        std::fs::create_dir_all(&receipts_dir).map_err(io(&receipts_dir))?;
        let settings = PrintSettings::default();
        for (row, _) in &orders {
            // The receipt as first issued (no 补打 mark, no printer offset); nothing is logged.
            let spec = catalogue.get(&row.spec_id).filter(|s| s.receipt.is_some());
            // An order still 待上传 has no number, so no receipt (render refuses it).
            let pdf = spec.and_then(|spec| {
                crate::services::receipts::render(db, spec, row, None, ReceiptLayout::HalfA4, &settings).ok()
            });
            if let (Some((pdf, _)), Some(number)) = (pdf, &row.image_number) {
                let path = receipts_dir.join(format!("{number}.pdf"));
                std::fs::write(&path, &pdf).map_err(io(&path))?;
                receipts += 1;
            }
            done += 1;
            progress(done, total);
        }
    }
    let report: Vec<ReportOrder> = orders.iter().map(|(_, r)| r.clone()).collect();
    let totals = totals(request.date, &report);
    let csv_path = partial.join(format!("orders-{day}.csv"));
    std::fs::write(&csv_path, csv(&report, request.privacy)?).map_err(io(&csv_path))?;
    let xlsx_path = partial.join(format!("orders-{day}.xlsx"));
    let xlsx = crate::output::xlsx::day_workbook(&report, &totals, request.privacy)?;
    std::fs::write(&xlsx_path, xlsx).map_err(io(&xlsx_path))?;
    sync_dir(&photos_dir);
    sync_dir(&partial);
    replace_dir(&partial, &final_dir)?;
    Ok(ExportSummary { dir: final_dir, orders: orders.len(), photos, receipts, totals })
}

/// Puts `new` where `target` is: the old export moves aside first and is removed only after the new
/// one is in place, so at every moment one complete export (or none) carries the day's name.
fn replace_dir(new: &Path, target: &Path) -> Result<(), ExportError> {
    let old = target.with_file_name(format!(
        ".{}.old",
        target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    ));
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    let had_old = target.exists();
    if had_old {
        std::fs::rename(target, &old).map_err(io(target))?;
    }
    std::fs::rename(new, target).map_err(io(target))?;
    if let Some(parent) = target.parent() {
        sync_dir(parent);
    }
    if had_old {
        std::fs::remove_dir_all(&old).map_err(io(&old))?;
    }
    Ok(())
}

/// Flushes a directory's entries to disk (a no-op where directories cannot be opened, e.g. Windows).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

impl crate::domain::i18n::Bilingual for ExportError {
    fn en(&self) -> String {
        match self {
            ExportError::Storage(e) => e.en(),
            ExportError::Csv(e) => format!("The CSV cannot be made: {e}"),
            ExportError::Xlsx(e) => format!("The Excel file cannot be made: {e}"),
            ExportError::Write { path, source } => format!("Cannot write {}: {source}", path.display()),
        }
    }
}
