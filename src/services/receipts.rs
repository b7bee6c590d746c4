//! Issuing a receipt for a stored order, shared by the counter (I/O thread) and the CLI: the order and
//! its photo from the database, the words from `domain::receipt`, the PDF from `output::receipt`, the
//! file written atomically under `<data dir>/receipts/`, then the event logged. The first receipt of an
//! order has no mark; every later one is a reprint (补打) with its count.

use std::path::{Path, PathBuf};

use crate::domain::PhotoSpec;
use crate::domain::receipt::{PrintSettings, ReceiptError, ReceiptLayout, ReceiptOrder, receipt};
use crate::output::pdf::PdfError;
use crate::output::receipt::{ReceiptGeometry, receipt_pdf};
use crate::storage::{Database, OrderRow, StorageError};

/// The event kind logged for every receipt issued.
pub const RECEIPT_EVENT: &str = "receipt";
/// The event kind logged for every electronic receipt (电子回执) handed over: not a paper reprint,
/// so it never counts towards 补打.
pub const E_RECEIPT_EVENT: &str = "e_receipt";

/// A receipt written to disk.
#[derive(Clone, Debug, PartialEq)]
pub struct ReceiptFile {
    pub path: PathBuf,
    pub image_number: String,
    /// `Some(n)`: the n-th reprint.
    pub reprint: Option<u32>,
    pub layout: ReceiptLayout,
    pub geometry: ReceiptGeometry,
    pub bytes: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("找不到图像号 {0}")]
    NotFound(String),
    /// 平台编号: the platform's number has not been attached yet.
    #[error("订单 #{0} 待上传，还没有图像号：上传相片并绑定平台给的图像号后才能打印回执")]
    NoNumber(i64),
    #[error("订单 {0} 的相片已按保留期限清除，回执无法再打印")]
    NoPhoto(String),
    #[error(transparent)]
    Receipt(#[from] ReceiptError),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Png(#[from] crate::output::e_receipt::EReceiptError),
    #[error("没有选择保存位置")]
    NoDestination,
    #[error("回执无法保存到 {}：{source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl IssueError {
    /// Refused as it stands (no such number, none yet, the photo purged, the receipt's words
    /// incomplete): asking again unchanged cannot work, unlike a full disk.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            IssueError::NotFound(_)
                | IssueError::NoDestination
                | IssueError::NoNumber(_)
                | IssueError::NoPhoto(_)
                | IssueError::Receipt(_)
        )
    }
}

/// The receipt's words for a stored row; refused while it has no image number (a receipt is never
/// printed without one).
pub fn receipt_order(row: &OrderRow) -> Result<ReceiptOrder, IssueError> {
    Ok(ReceiptOrder {
        image_number: row.image_number.clone().ok_or(IssueError::NoNumber(row.id))?,
        customer_name: row.customer_name.clone(),
        id_number: row.id_number.clone(),
        hukou: row.hukou.clone(),
        captured_at: row.captured_at.clone(),
    })
}

/// How many receipts the order has had.
pub fn receipts_issued(db: &Database, order_id: i64) -> Result<u32, StorageError> {
    db.order_event_count(order_id, RECEIPT_EVENT)
}

/// Draws the receipt of `row` without writing or logging anything.
pub fn render(
    db: &Database,
    spec: &PhotoSpec,
    row: &OrderRow,
    reprint: Option<u32>,
    layout: ReceiptLayout,
    settings: &PrintSettings,
) -> Result<(Vec<u8>, ReceiptGeometry), IssueError> {
    let order = receipt_order(row)?;
    let photo = db.order_photo(row.id)?.ok_or_else(|| IssueError::NoPhoto(order.image_number.clone()))?;
    let studio = db.studio_info()?;
    let words = receipt(spec, &order, &studio, reprint)?;
    Ok(receipt_pdf(&words, &photo, layout, settings.offset_mm)?)
}

/// Issues the next receipt of order `number` (the first, or a reprint) into `dir` and logs it.
pub fn issue(
    db: &mut Database,
    spec: &PhotoSpec,
    number: &str,
    layout: Option<ReceiptLayout>,
    dir: &Path,
    who: &str,
    now: &str,
) -> Result<ReceiptFile, IssueError> {
    let row = db.order_by_number(number)?.ok_or_else(|| IssueError::NotFound(number.trim().to_owned()))?;
    let settings = db.print_settings()?;
    let layout = layout.unwrap_or(settings.receipt_layout);
    let issued = receipts_issued(db, row.id)?;
    let reprint = (issued > 0).then_some(issued);
    let (pdf, geometry) = render(db, spec, &row, reprint, layout, &settings)?;
    // Found by its number, so it has one.
    let image_number = row.image_number.clone().unwrap_or_else(|| number.trim().to_uppercase());
    let name = match reprint {
        None => format!("{image_number}.pdf"),
        Some(n) => format!("{image_number}-reprint-{n}.pdf"),
    };
    let path = dir.join(name);
    std::fs::create_dir_all(dir)
        .and_then(|()| crate::output::write_atomic(&path, &pdf))
        .map_err(|source| IssueError::Write { path: path.clone(), source })?;
    let detail = match reprint {
        None => format!("首次打印 {}", layout.code()),
        Some(n) => format!("补打第 {n} 次 {}", layout.code()),
    };
    db.log_order_event(row.id, RECEIPT_EVENT, &detail, who, now)?;
    Ok(ReceiptFile { path, image_number, reprint, layout, geometry, bytes: pdf.len() })
}

/// 电子回执: the receipt of order `number` as a PNG for the customer's phone, with the same words as
/// the printed one (never a 补打 mark). Logged as `e_receipt` with `how` it was handed over (复制,
/// 另存为, 扫码领取, 命令行).
pub fn e_receipt(
    db: &mut Database,
    spec: &PhotoSpec,
    number: &str,
    how: &str,
    who: &str,
    now: &str,
) -> Result<(OrderRow, crate::output::e_receipt::Drawn), IssueError> {
    let row = db.order_by_number(number)?.ok_or_else(|| IssueError::NotFound(number.trim().to_owned()))?;
    let order = receipt_order(&row)?;
    let photo = db.order_photo(row.id)?.ok_or_else(|| IssueError::NoPhoto(order.image_number.clone()))?;
    let words = receipt(spec, &order, &db.studio_info()?, None)?;
    let drawn = crate::output::e_receipt::draw(&words, &photo)?;
    db.log_order_event(row.id, E_RECEIPT_EVENT, &format!("电子回执 {how}"), who, now)?;
    Ok((row, drawn))
}

impl crate::domain::i18n::Bilingual for IssueError {
    fn en(&self) -> String {
        match self {
            IssueError::Storage(e) => e.en(),
            IssueError::NotFound(n) => format!("No image number {n}"),
            IssueError::NoNumber(id) => format!(
                "Order #{id} awaits upload and has no image number yet: upload the photo and attach the platform's number first"
            ),
            IssueError::NoPhoto(n) => {
                format!("Order {n}'s photo was purged after the retention period: no receipt can be printed")
            }
            IssueError::Receipt(e) => e.en(),
            IssueError::Pdf(e) => e.en(),
            IssueError::Png(e) => e.en(),
            IssueError::NoDestination => "No place to save it was chosen".into(),
            IssueError::Write { path, source } => {
                format!("The receipt cannot be saved to {}: {source}", path.display())
            }
        }
    }
}
