//! The automatic path: analyse the face, place the crop to the spec, whiten the background with the
//! person mask, run the pipeline, and add the face checks. The operator can always override the crop.

use crate::domain::checks::{CheckResult, overall};
use crate::domain::face_checks::{PlacedFace, face_checks};
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
    mut options: ProcessOptions,
) -> Result<AutoProcessed, AutoError> {
    let analysis = analyzer.analyse(&photo.image)?;
    let geometry = spec.geometry.clone().unwrap_or_else(|| fallback_geometry(spec.px));
    let auto = options.crop.is_none() && analysis.is_some();
    if let (Some(a), None) = (&analysis, options.crop) {
        options.crop = Some(place(&a.measures(), &geometry, spec.px).crop);
    }
    // The person mask in the output frame: for the background and for the pixel checks.
    let output_mask = match (&analysis, options.crop) {
        (Some(a), Some(crop)) => match (&a.person, crop.to_affine(spec.px)) {
            (Some(person), Ok(affine)) => Some(person.to_output(affine, spec.px)),
            _ => None,
        },
        _ => None,
    };
    if !options.no_retouch && options.person_mask.is_none() {
        options.person_mask = output_mask.clone();
    }
    let mut processed = process_photo(photo, spec, &options)?;
    let report = &mut processed.report;
    if auto {
        report.placement = "auto";
    }
    let m = crate::domain::geometry::Affine(report.source_to_output);
    let mut region = None;
    let mut checks: Vec<CheckResult> = match &analysis {
        None => face_checks(&PlacedFace { face_count: 0, ..placed_nothing() }, &geometry, spec.px),
        Some(a) => {
            let at = |p: super::Point| m.apply(f64::from(p.x), f64::from(p.y));
            let (r, l) = (at(a.right_eye), at(a.left_eye));
            let centre = at(a.right_cheek.mid(a.left_cheek));
            let placed = PlacedFace {
                face_count: a.face_count,
                face_width: f64::from(a.face_width()) * m.scale_factor(),
                crown_y: a.crown.map(|c| at(c).1),
                eye_line_y: (r.1 + l.1) / 2.0,
                chin_y: at(a.chin).1,
                centre_x: centre.0,
                roll_deg: (l.1 - r.1).atan2(l.0 - r.0).to_degrees(),
                yaw_deg: f64::from(a.yaw_deg),
                eye_openness: a.eye_openness.map(f64::from),
                mouth_openness: f64::from(a.mouth_openness),
            };
            report.face = serde_json::to_value(a).ok();
            region = Some(FaceRegion {
                eye_mid: ((r.0 + l.0) / 2.0, placed.eye_line_y),
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
    Ok(AutoProcessed { processed, analysis })
}

fn placed_nothing() -> PlacedFace {
    PlacedFace {
        face_count: 0,
        face_width: 0.0,
        crown_y: None,
        eye_line_y: 0.0,
        chin_y: 0.0,
        centre_x: 0.0,
        roll_deg: 0.0,
        yaw_deg: 0.0,
        eye_openness: [0.0; 2],
        mouth_openness: 0.0,
    }
}
