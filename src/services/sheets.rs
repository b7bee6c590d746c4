//! Print sheets (排版) of stored orders, shared by the counter (I/O thread) and the CLI. What the
//! customer pays for is printed at print quality: each photo is rendered again from its original
//! capture with the approved geometry, corrections and background, at the sheet's resolution (the
//! spec's own, at least 300 dpi: 350 for ID-size photos, as on the platform's own sheets), as a
//! quality-95 JPEG with full-resolution chroma — not the upload JPEG squeezed into the platform's
//! KB range (that one stays on the receipt, as the office receives it). An order whose original is
//! gone (purged, or never kept) falls back to the upload JPEG, and the sheet says so.

use std::path::Path;

use crate::domain::PhotoSpec;
use crate::domain::adjust::Adjustments;
use crate::domain::geometry::CropRect;
use crate::domain::print_sheet::{SheetSize, sheet_dpi};
use crate::imaging::ProcessOptions;
use crate::output::sheet::{SheetPhoto, sheet_pdf};
use crate::paths::DataDir;
use crate::storage::{Database, StorageError};
use crate::vision::FaceAnalyzer;

/// Why a sheet could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("订单 {0} 的相片已按保留期限清除，无法排版")]
    Purged(String),
    #[error("排版 PDF 无法生成：{0}")]
    Pdf(#[from] crate::output::pdf::PdfError),
    #[error("排版无法保存到 {}：{source}", path.display())]
    Write {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// One photo for a sheet and where it came from.
pub struct PrintPhoto {
    pub jpeg: Vec<u8>,
    /// Rendered from the original capture (else: the upload JPEG).
    pub from_original: bool,
}

/// What the approval recorded about the photo (from the order's report).
#[derive(serde::Deserialize)]
struct Approved {
    crop: CropRect,
    #[serde(default)]
    adjustments: Adjustments,
    #[serde(default)]
    no_retouch: bool,
    #[serde(default)]
    background_replaced: bool,
    #[serde(default)]
    background: String,
}

/// The sheet's pixel size of a spec's photo: its pixels scaled from the spec's dpi to the sheet's.
pub fn print_px(spec: &PhotoSpec) -> [u32; 2] {
    let scale = f64::from(sheet_dpi(spec.dpi)) / f64::from(spec.dpi.max(1));
    spec.px.map(|p| ((f64::from(p) * scale).round() as u32).max(1))
}

/// The order's photo for a print sheet: from its original when it can be, else its upload JPEG.
/// `analyzer` is asked for lazily (the face models are only needed to replace the background).
pub fn print_photo(
    db: &Database,
    dir: &DataDir,
    spec: &PhotoSpec,
    order_id: i64,
    number: &str,
    analyzer: &mut dyn FnMut() -> Option<std::sync::Arc<FaceAnalyzer>>,
) -> Result<PrintPhoto, SheetError> {
    if let Some(jpeg) = from_original(db, dir, spec, order_id, analyzer)? {
        return Ok(PrintPhoto { jpeg, from_original: true });
    }
    let jpeg = db.order_photo(order_id)?.ok_or_else(|| SheetError::Purged(number.to_owned()))?;
    Ok(PrintPhoto { jpeg, from_original: false })
}

/// `None` when the original, its report or the rendering is not there to be had.
fn from_original(
    db: &Database,
    dir: &DataDir,
    spec: &PhotoSpec,
    order_id: i64,
    analyzer: &mut dyn FnMut() -> Option<std::sync::Arc<FaceAnalyzer>>,
) -> Result<Option<Vec<u8>>, SheetError> {
    let (Some((sha, ext)), Some(report)) = (db.order_original(order_id)?, db.order_report(order_id)?) else {
        return Ok(None);
    };
    let Ok(approved) = serde_json::from_str::<Approved>(&report) else { return Ok(None) };
    let Ok(bytes) = std::fs::read(dir.originals().join(format!("{sha}.{ext}"))) else { return Ok(None) };
    let Ok(photo) = crate::imaging::load_photo(&bytes) else { return Ok(None) };
    let px = print_px(spec);
    let dpi = sheet_dpi(spec.dpi);
    let print_spec = PhotoSpec { px, dpi, file_kb: None, geometry: None, ..spec.clone() };
    let background = spec.background.iter().position(|c| c.hex() == approved.background).unwrap_or(0);
    let options = ProcessOptions {
        crop: Some(approved.crop),
        adjustments: approved.adjustments,
        no_retouch: approved.no_retouch,
        background,
        ..Default::default()
    };
    let whiten = approved.background_replaced && !approved.no_retouch;
    let analysis = match whiten.then(&mut *analyzer).flatten() {
        Some(a) => crate::vision::auto::analyse_capture(&a, &photo).ok().flatten(),
        None if whiten => return Ok(None), // the background cannot be replaced without the models
        None => None,
    };
    let Ok(processed) =
        crate::vision::auto::process_analysed(&photo, &print_spec, analysis.as_ref(), options, whiten)
    else {
        return Ok(None);
    };
    Ok(crate::imaging::encode::encode_print(&processed.image, dpi).ok())
}

/// A sheet of `photos` (photo, printed mm, count) written to `out` (temp + rename).
pub fn write_sheet(
    db: &Database,
    size: SheetSize,
    photos: &[(Vec<u8>, [f32; 2], u32)],
    out: &Path,
) -> Result<crate::domain::print_sheet::SheetLayout, SheetError> {
    let offset = db.print_settings()?.offset_mm;
    let items: Vec<SheetPhoto<'_>> =
        photos.iter().map(|(jpeg, mm, count)| SheetPhoto { jpeg, mm: *mm, count: *count }).collect();
    let (pdf, sheet) = sheet_pdf(size, &items, offset)?;
    let write = |source| SheetError::Write { path: out.to_path_buf(), source };
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(write)?;
    }
    crate::output::write_atomic(out, &pdf).map_err(write)?;
    Ok(sheet)
}

impl crate::domain::i18n::Bilingual for SheetError {
    fn en(&self) -> String {
        match self {
            SheetError::Storage(e) => e.en(),
            SheetError::Purged(n) => {
                format!("Order {n}'s photo was purged after the retention period: it cannot go on a sheet")
            }
            SheetError::Pdf(e) => format!("The sheet PDF cannot be made: {}", e.en()),
            SheetError::Write { path, source } => {
                format!("The sheet cannot be saved to {}: {source}", path.display())
            }
        }
    }
}
