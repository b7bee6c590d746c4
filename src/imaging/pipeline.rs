//! The photo pipeline: any photo in, a spec-perfect JPEG and a report out. The capture screen, the
//! CLI (`process`, `batch`) and the tests all go through [`process`] / [`process_photo`].

use image::GrayImage;
use serde::Serialize;

use super::decode::{DecodeError, SourcePhoto, load_photo};
use super::encode::{EncodeError, encode_to_size, jfif_dpi};
use super::resample::{ResampleError, render};
use crate::domain::adjust::Adjustments;
use crate::domain::checks::{CheckResult, CheckStatus, FileFacts, file_checks, overall};
use crate::domain::geometry::{CropError, CropRect};
use crate::domain::spec::PhotoSpec;

/// What the operator (or the CLI) chose for this photo.
#[derive(Clone, Debug, Default)]
pub struct ProcessOptions {
    /// The crop in source pixels; `None` centres the largest crop of the spec's aspect.
    pub crop: Option<CropRect>,
    pub adjustments: Adjustments,
    /// Geometry only: no pixel edits, background untouched (some offices reject edited photos).
    pub no_retouch: bool,
    /// Person mask in **output** pixels (255 = person); with it the background becomes the spec colour.
    pub person_mask: Option<GrayImage>,
    /// The refined matte in **output** pixels: alpha and the person's own colours (`matte`); with it
    /// the photo is composited onto the spec colour and remnants of the old background removed.
    pub person_matte: Option<(GrayImage, image::RgbImage)>,
    /// Which of the spec's background colours to use (0 = the first).
    pub background: usize,
    /// When no quality meets the spec's file size, encode at the nearest one and let the `file_kb`
    /// check fail (naming the reachable range), instead of an error: the adjust view must still show
    /// the photo, and `process`/`batch` still write it (exit 1, as for any failing check).
    pub best_effort_size: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Crop(#[from] CropError),
    #[error(transparent)]
    Resample(#[from] ResampleError),
    #[error(transparent)]
    Encode(#[from] EncodeError),
    #[error("人像蒙版尺寸 {found:?} 与输出尺寸 {expected:?} 不符")]
    MaskSize { found: [u32; 2], expected: [u32; 2] },
}

/// Everything about one processed photo, written as the `--report` JSON.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub spec_id: String,
    pub output_px: [u32; 2],
    pub dpi: u32,
    pub bytes: usize,
    pub jpeg_quality: u8,
    pub source_px: [u32; 2],
    pub source_format: String,
    pub exif_orientation: u8,
    pub colour_profile_converted: bool,
    /// `[a, b, c, d, e, f]`: x' = a·x + b·y + c, y' = d·x + e·y + f (source pixel → output pixel).
    pub source_to_output: [f64; 6],
    pub crop: CropRect,
    /// `manual` (given crop), `auto` (placed by face analysis) or `centred`.
    pub placement: &'static str,
    pub no_retouch: bool,
    pub adjustments: Adjustments,
    pub background_replaced: bool,
    pub background: String,
    /// Remnants of the old background found outside the person and removed.
    pub remnants_removed: super::background::Remnants,
    pub uncovered_fraction: f64,
    /// The face analysis the placement used (source pixels), when there was one.
    pub face: Option<serde_json::Value>,
    pub checks: Vec<CheckResult>,
    pub overall: CheckStatus,
}

pub struct Processed {
    pub jpeg: Vec<u8>,
    /// The output pixels as they went into the encoder (for the true-size preview and the pixel
    /// checks, which should see the photo rather than the JPEG's block edges).
    pub image: image::RgbImage,
    pub report: Report,
}

/// How far beyond the person's silhouette (share of the output width) non-background pixels are
/// taken for hair rather than remnants: 4 % (14 px on a 358 px ID photo).
const REMNANT_MARGIN: f64 = 0.04;

/// Decodes `input` and processes it for `spec`.
pub fn process(input: &[u8], spec: &PhotoSpec, options: &ProcessOptions) -> Result<Processed, PipelineError> {
    let photo = load_photo(input)?;
    process_photo(&photo, spec, options)
}

/// Processes an already decoded photo (the capture screen decodes once and adjusts many times).
pub fn process_photo(
    photo: &SourcePhoto,
    spec: &PhotoSpec,
    options: &ProcessOptions,
) -> Result<Processed, PipelineError> {
    let source_px = [photo.image.width(), photo.image.height()];
    let (crop, placement) = match options.crop {
        Some(c) => (c, "manual"),
        None => (CropRect::centred(source_px, spec.px), "centred"),
    };
    let affine = crop.to_affine(spec.px)?;
    let background =
        spec.background.get(options.background).or(spec.background.first()).map_or([255; 3], |c| c.0);
    let rendered = render(&photo.image, affine, spec.px, background)?;
    let mut image = rendered.image;

    let mut background_replaced = false;
    let mut remnants_removed = super::background::Remnants::default();
    if !options.no_retouch {
        super::adjust::apply(&mut image, options.adjustments);
        if let Some((alpha, fg)) = &options.person_matte {
            if alpha.dimensions() != (spec.px[0], spec.px[1]) || fg.dimensions() != alpha.dimensions() {
                return Err(PipelineError::MaskSize {
                    found: [alpha.width(), alpha.height()],
                    expected: spec.px,
                });
            }
            // The person's own colours get the same corrections as the photo.
            let mut fg = fg.clone();
            super::adjust::apply(&mut fg, options.adjustments);
            super::background::composite(&mut image, alpha, &fg, background);
            // Anything of the old background left outside the person (beyond a hair's margin) goes.
            let margin = (f64::from(spec.px[0]) * REMNANT_MARGIN).round() as u32;
            remnants_removed = super::background::remove_remnants(
                &mut image,
                alpha,
                background,
                spec.background_tolerance,
                margin,
            );
            background_replaced = true;
        } else if let Some(mask) = &options.person_mask {
            if mask.dimensions() != (spec.px[0], spec.px[1]) {
                return Err(PipelineError::MaskSize {
                    found: [mask.width(), mask.height()],
                    expected: spec.px,
                });
            }
            super::background::replace(&mut image, mask, background, 1);
            background_replaced = true;
        }
    }

    let (encoded, reachable_kb) = match encode_to_size(&image, spec.dpi, spec.file_kb, spec.jpeg_quality_min)
    {
        Ok(encoded) => (encoded, None),
        Err(e) if options.best_effort_size => {
            let reachable = e.reachable_kb();
            (nearest_size(&image, spec, &e).ok_or(e)??, reachable)
        }
        Err(e) => return Err(e.into()),
    };
    let mut facts = read_back(&encoded.bytes, &image, affine.scale_factor(), rendered.uncovered);
    facts.reachable_kb = reachable_kb;
    let checks = file_checks(spec, &facts);
    let report = Report {
        spec_id: spec.id.clone(),
        output_px: spec.px,
        dpi: spec.dpi,
        bytes: encoded.bytes.len(),
        jpeg_quality: encoded.quality,
        source_px,
        source_format: photo.format.map_or("camera".into(), |f| format!("{f:?}").to_lowercase()),
        exif_orientation: photo.orientation,
        colour_profile_converted: photo.converted_profile,
        source_to_output: affine.0,
        crop,
        placement,
        no_retouch: options.no_retouch,
        adjustments: if options.no_retouch { Adjustments::default() } else { options.adjustments.clamped() },
        background_replaced,
        background: crate::domain::spec::Rgb(background).hex(),
        remnants_removed,
        uncovered_fraction: rendered.uncovered,
        overall: overall(&checks),
        face: None,
        checks,
    };
    Ok(Processed { jpeg: encoded.bytes, image, report })
}

/// The encoding closest to the spec's size range after `failure` said none is inside it.
fn nearest_size(
    image: &image::RgbImage,
    spec: &PhotoSpec,
    failure: &EncodeError,
) -> Option<Result<super::encode::Encoded, EncodeError>> {
    let quality = match *failure {
        EncodeError::TooBig { quality, .. } => quality,
        EncodeError::TooSmall { .. } => 100,
        EncodeError::Gap { below, .. } => below,
        _ => return None,
    };
    Some(super::encode::encode(image, spec.dpi, quality).map(|bytes| super::encode::Encoded {
        bytes,
        quality,
        attempts: 1,
    }))
}

/// Facts for the file checks, read from the encoded bytes themselves.
/// `original`: the pixels that went into the encoder, against which the file's block edges are
/// measured.
fn read_back(jpeg: &[u8], original: &image::RgbImage, upscale: f64, uncovered: f64) -> FileFacts {
    let decoded = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg);
    let (px, channels) = match &decoded {
        Ok(img) => ([img.width(), img.height()], img.color().channel_count()),
        Err(_) => ([0, 0], 0),
    };
    let blockiness = decoded.ok().and_then(|d| super::quality::blockiness(&d.to_rgb8(), original));
    FileFacts {
        px,
        dpi: jfif_dpi(jpeg),
        bytes: jpeg.len(),
        channels,
        upscale,
        uncovered,
        reachable_kb: None,
        blockiness,
    }
}

impl crate::domain::i18n::Bilingual for PipelineError {
    fn en(&self) -> String {
        match self {
            PipelineError::Decode(e) => e.en(),
            PipelineError::Crop(e) => e.en(),
            PipelineError::Resample(e) => e.en(),
            PipelineError::Encode(e) => e.en(),
            PipelineError::MaskSize { found, expected } => {
                format!("The person mask is {found:?}, the output {expected:?}: they differ")
            }
        }
    }
}
