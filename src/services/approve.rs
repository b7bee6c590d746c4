//! Approval: an approved photo becomes an order. Shared by the capture screen (through the I/O
//! thread) and the CLI (`order add`).
//!
//! Order of writes, so a crash at any point loses nothing committed and leaves nothing half-made:
//! the original capture is written first (temp + rename, named by its SHA-256, so a crash leaves at
//! most an unreferenced file that the next one reuses), then one database transaction writes the
//! photo, the order, its number and its first event, and commits last.

use crate::domain::approval::{Asked, Decision, NumberFrom, Refusal, decide};
use std::path::Path;

use chrono::{DateTime, Local};

use crate::domain::NumberTemplate;
use crate::domain::customer::Customer;
use crate::domain::numbering::NumberingMode;
use crate::domain::spec::PhotoSpec;
use crate::imaging::pipeline::Report;
use crate::output::files::{sha256_hex, write_atomic};
use crate::storage::{Database, NewOrder, NumberSource, OrderRow, StorageError};

/// The original capture, kept beside the database.
#[derive(Clone, Debug, PartialEq)]
pub struct Original {
    pub bytes: Vec<u8>,
    /// File extension (`jpg`, `png` …).
    pub ext: String,
}

/// What the operator filled in to approve one photo (counter or CLI). One approval goes
/// `ApprovalForm` → [`crate::domain::approval::decide`] → [`NewOrder`] (the row written) →
/// `counter::ApprovedPhoto` (what this session lists).
#[derive(Clone, Debug, PartialEq)]
pub struct ApprovalForm {
    pub customer: Customer,
    /// The price typed, in fen (`None`: the default, `domain::approval::default_price`).
    pub price_fen: Option<u32>,
    /// The studio's own price for the spec, if set.
    pub studio_price_fen: Option<u32>,
    /// Receipts print by themselves after approval (设置 → 打印).
    pub auto_receipt: bool,
    pub payment: String,
    pub operator: String,
    /// Why it was approved past a failing check.
    pub reason: Option<String>,
    /// The counter's notes on the order (validated).
    pub notes: String,
    /// An image number issued elsewhere (already validated), instead of allocating one.
    pub external_number: Option<String>,
    /// Who issues the number when none was typed: the studio now, or the platform after upload
    /// (the order is then 待上传). Only specs with a platform layout can wait for one.
    pub numbering: NumberingMode,
    pub reshoot_of: Option<i64>,
    pub captured_at: DateTime<Local>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApproveError {
    #[error("原始照片保存失败（{path}）：{source}")]
    Original {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("磁盘已满，订单没有保存：请清理磁盘空间后点状态栏的「点此重试」")]
    DiskFull,
    /// A check fails and no reason was given for approving past it.
    #[error("有检测未通过（{}）：请写明仍要通过的原因", failing.join("、"))]
    ReasonRequired { failing: Vec<String> },
    /// 绑定图像号 with nothing typed or scanned.
    #[error("请输入或扫描平台给的图像号")]
    NumberMissing,
    #[error("图像号 {number} 不符合{document}的版式：{source}")]
    NumberLayout {
        number: String,
        document: String,
        #[source]
        source: crate::domain::image_number::NumberError,
    },
    #[error("订单的规格 {0} 已不在规格库中，无法核对图像号")]
    UnknownSpec(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl ApproveError {
    /// The order is refused as it stands (its image number belongs to another order, or a reason
    /// is missing): writing it again unchanged cannot work, unlike a full disk or a busy database.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            ApproveError::ReasonRequired { .. }
                | ApproveError::NumberMissing
                | ApproveError::NumberLayout { .. }
                | ApproveError::UnknownSpec(_)
                | ApproveError::Storage(StorageError::Order(
                    crate::storage::OrderError::NumberTaken { .. }
                        | crate::storage::OrderError::SerialsExhausted(_)
                        | crate::storage::OrderError::NotAwaitingUpload { .. }
                        | crate::storage::OrderError::NotFound(_)
                ))
        )
    }
}

/// The studio's own numbers for specs without a platform layout (e.g. plain 一寸).
pub fn studio_template() -> NumberTemplate {
    // A fixed template known to be well-formed.
    NumberTemplate::parse("ZZ{yymmdd}{serial:7}").unwrap_or_else(|_| unreachable!("fixed template"))
}

/// The spec's number layout (the studio's own where the spec has none).
pub fn number_template(spec: &PhotoSpec) -> NumberTemplate {
    spec.numbering.as_ref().map_or_else(studio_template, |n| n.template.clone())
}

/// An image number issued elsewhere, checked against the spec's layout (characters, date, check
/// character); empty text means "allocate one".
pub fn external_number(
    spec: &PhotoSpec,
    text: &str,
) -> Result<Option<String>, crate::domain::image_number::NumberError> {
    let number = crate::domain::typed_text::compact_code(text);
    if number.is_empty() {
        return Ok(None);
    }
    number_template(spec).validate(&number, spec.city_letter).map(|()| Some(number))
}

/// The order for a processed photo (`report`, `jpeg`) approved as `a`, created `now`, and what the
/// approval decided (price, number, status, receipt: `domain::approval::decide`, the one rule for
/// the counter and the CLI; a failing check without a reason is refused there).
pub fn new_order(
    spec: &PhotoSpec,
    report: &Report,
    jpeg: Vec<u8>,
    a: &ApprovalForm,
    now: DateTime<Local>,
) -> Result<(NewOrder, Decision), ApproveError> {
    let failing: Vec<String> = report
        .checks
        .iter()
        .filter(|c| c.status == crate::domain::checks::CheckStatus::Fail)
        .map(|c| c.message.zh.clone())
        .collect();
    let asked = Asked {
        failing,
        reason: a.reason.as_deref(),
        price_fen: a.price_fen,
        studio_price_fen: a.studio_price_fen,
        spec_price_fen: spec.price_fen,
        reshoot: a.reshoot_of.is_some(),
        external_number: a.external_number.clone(),
        numbering: a.numbering,
        can_await_upload: crate::domain::numbering::can_await_upload(spec),
        has_receipt: spec.receipt.is_some(),
        auto_receipt: a.auto_receipt,
    };
    let decision = match decide(&asked) {
        Ok(d) => d,
        Err(Refusal::ReasonRequired { failing }) => return Err(ApproveError::ReasonRequired { failing }),
    };
    let number = match &decision.number {
        NumberFrom::External(n) => NumberSource::External(n.clone()),
        NumberFrom::AwaitUpload => NumberSource::AwaitUpload,
        NumberFrom::Allocate => NumberSource::Allocate {
            template: number_template(spec),
            city_letter: spec.city_letter,
            date: now.date_naive(),
        },
    };
    let order = NewOrder {
        number,
        spec_id: spec.id.clone(),
        document: spec.name.zh.clone(),
        customer_name: a.customer.name.clone(),
        phone: a.customer.phone.clone(),
        id_number: a.customer.id_number.clone(),
        hukou: a.customer.hukou.clone(),
        price_fen: decision.price_fen,
        payment: a.payment.clone(),
        operator: a.operator.clone(),
        notes: a.notes.clone(),
        approval_reason: a.reason.clone(),
        checks_overall: format!("{:?}", report.overall).to_lowercase(),
        report_json: serde_json::to_string(report).unwrap_or_default(),
        jpeg_sha256: sha256_hex(&jpeg),
        jpeg,
        original: None,
        reshoot_of: a.reshoot_of,
        captured_at: a.captured_at.to_rfc3339(),
        created_at: now.to_rfc3339(),
    };
    Ok((order, decision))
}

/// Writes the original capture under `originals_dir` as `<sha256>.<ext>` (temp + rename) unless it
/// is there already; returns its hash.
pub fn write_original(originals_dir: &Path, o: &Original) -> Result<String, ApproveError> {
    let sha = sha256_hex(&o.bytes);
    let path = originals_dir.join(format!("{sha}.{}", o.ext));
    if !path.exists() {
        let err = |source: std::io::Error| match crate::storage::is_disk_full(&source) {
            true => ApproveError::DiskFull,
            false => ApproveError::Original { path: path.display().to_string(), source },
        };
        std::fs::create_dir_all(originals_dir).map_err(err)?;
        write_atomic(&path, &o.bytes).map_err(err)?;
    }
    Ok(sha)
}

/// Writes `original` (if any) under `originals_dir`, then commits the order.
pub fn commit(
    db: &mut Database,
    originals_dir: &Path,
    mut order: NewOrder,
    original: Option<&Original>,
) -> Result<OrderRow, ApproveError> {
    if let Some(o) = original {
        order.original = Some((write_original(originals_dir, o)?, o.ext.clone()));
    }
    Ok(db.create_order(&order)?)
}

/// 平台编号: attaches the number the platform gave (typed or scanned; checked against the order's
/// spec `spec`: characters, date, check character) to order `id`, which must be 待上传. The order becomes
/// 待审核 and its upload JPEG leaves `uploads_dir`. Refused, with nothing changed, when the number is
/// wrong or another order has it (that order named).
pub fn attach(
    db: &mut Database,
    spec: &PhotoSpec,
    uploads_dir: &Path,
    id: i64,
    typed: &str,
    who: &str,
    now: DateTime<Local>,
) -> Result<OrderRow, ApproveError> {
    let row = db.order(id)?.ok_or(StorageError::Order(crate::storage::OrderError::NotFound(id)))?;
    if row.spec_id != spec.id {
        return Err(ApproveError::UnknownSpec(row.spec_id));
    }
    let number = match external_number(spec, typed) {
        Ok(Some(n)) => n,
        Ok(None) => return Err(ApproveError::NumberMissing),
        Err(source) => {
            let number = crate::domain::typed_text::compact_code(typed);
            return Err(ApproveError::NumberLayout { number, document: spec.name.zh.clone(), source });
        }
    };
    let row = db.attach_number(id, &number, who, &now.to_rfc3339())?;
    // Committed: a file left behind is removed by the next sync (the housekeeping at the latest).
    let _ = crate::services::uploads::sync(db, uploads_dir);
    Ok(row)
}

impl crate::domain::i18n::Bilingual for ApproveError {
    fn en(&self) -> String {
        match self {
            ApproveError::Original { path, source } => format!("The original photo could not be saved ({path}): {source}"),
            ApproveError::DiskFull => {
                "The disk is full and the order was not saved: free some space, then click retry in the status bar".into()
            }
            ApproveError::ReasonRequired { failing } => {
                format!("{} failing check(s): write why it is approved anyway", failing.len())
            }
            ApproveError::NumberMissing => "Type or scan the image number the platform gave".into(),
            ApproveError::NumberLayout { number, source, .. } => {
                format!("Image number {number} does not fit the document's layout: {}", source.en())
            }
            ApproveError::UnknownSpec(id) => {
                format!("The order's spec {id} is no longer in the catalogue: the number cannot be checked")
            }
            ApproveError::Storage(e) => e.en(),
        }
    }
}
