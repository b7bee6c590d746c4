//! The automatic path: analyse the face, place the crop to the spec, whiten the background with the
//! person mask, run the pipeline, and add the face checks. The operator can always override the crop.

use crate::domain::checks::{CheckResult, overall};
use crate::domain::face_checks::{PlacedFace, face_checks};
use crate::domain::geometry::CropRect;
use crate::domain::pixel_checks::pixel_checks;
use crate::domain::placement::{fallback_geometry, place};
use crate::domain::spec::PhotoSpec;
use crate::imaging::Photo;
use crate::imaging::pipeline::{PipelineError, ProcessOptions, Processed, process_photo};
use crate::imaging::quality::{FaceRegion, measure};

use super::{FaceAnalysis, FaceAnalyzer, VisionError};

#[derive(Debug, thiserror::Error)]
pub enum AutoError {
    #[error(transparent)]
    Vision(#[from] VisionError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
}

/// A processed photo with the analysis it was placed by.
pub struct AutoProcessed {
    pub processed: Processed,
    pub analysis: Option<FaceAnalysis>,
}

/// Processes `photo` for `spec`; without a crop in `options` the face is placed automatically.
pub fn process_auto(
    photo: &Photo,
    spec: &PhotoSpec,
    analyzer: &FaceAnalyzer,
    options: ProcessOptions,
) -> Result<AutoProcessed, AutoError> {
    let analysis = analyzer.analyse(&photo.image)?;
    let processed = process_analysed(photo, spec, analysis.as_ref(), options, true)?;
    Ok(AutoProcessed { processed, analysis })
}

/// The automatic crop for `analysis` (`None` without a face: the centred crop).
pub fn auto_crop(spec: &PhotoSpec, analysis: Option<&FaceAnalysis>, source_px: [u32; 2]) -> CropRect {
    let geometry = spec.geometry.clone().unwrap_or_else(|| fallback_geometry(spec.px));
    analysis.map_or_else(
        || CropRect::centred(source_px, spec.px),
        |a| place(&a.measures(), &geometry, spec.px).crop,
    )
}

/// [`process_auto`] with the analysis already made, so the adjust view re-renders without analysing
/// again. `whiten`: replace the background using the person mask (the operator's on/off switch).
pub fn process_analysed(
    photo: &Photo,
    spec: &PhotoSpec,
    analysis: Option<&FaceAnalysis>,
    mut options: ProcessOptions,
    whiten: bool,
) -> Result<Processed, PipelineError> {
    let geometry = spec.geometry.clone().unwrap_or_else(|| fallback_geometry(spec.px));
    let auto = options.crop.is_none() && analysis.is_some();
    if auto {
        options.crop = Some(auto_crop(spec, analysis, [photo.image.width(), photo.image.height()]));
    }
    // The person mask in the output frame: for the background and for the pixel checks.
    let output_mask = match (analysis, options.crop) {
        (Some(a), Some(crop)) => match (&a.person, crop.to_affine(spec.px)) {
            (Some(person), Ok(affine)) => Some(person.to_output(affine, spec.px)),
            _ => None,
        },
        _ => None,
    };
    if whiten && !options.no_retouch && options.person_mask.is_none() {
        options.person_mask = output_mask.clone();
    }
    let mut processed = process_photo(photo, spec, &options)?;
    let report = &mut processed.report;
    if auto {
        report.placement = "auto";
    }
    let m = crate::domain::geometry::Affine(report.source_to_output);
    let mut region = None;
    let mut checks: Vec<CheckResult> = match analysis {
        None => face_checks(&PlacedFace::default(), &geometry, spec.px),
        Some(a) => {
            let placed = a.placed(m);
            report.face = serde_json::to_value(a).ok();
            region = Some(FaceRegion {
                centre: (placed.centre_x, placed.eye_line_y),
                chin_y: placed.chin_y,
                face_width: placed.face_width,
            });
            face_checks(&placed, &geometry, spec.px)
        }
    };
    // The pixel checks see the output pixels before JPEG, so block edges do not pass for detail.
    let colours: Vec<[u8; 3]> = spec.background.iter().map(|c| c.0).collect();
    let stats = measure(
        &processed.image,
        options.person_mask.as_ref().or(output_mask.as_ref()),
        region,
        &colours,
        spec.background_tolerance,
    );
    checks.extend(pixel_checks(&stats, spec));
    report.checks.extend(checks);
    report.overall = overall(&report.checks);
    Ok(processed)
}
