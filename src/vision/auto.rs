//! The automatic path: analyse the face, place the crop to the spec, whiten the background with the
//! person mask, run the pipeline, and add the face checks. The operator can always override the crop.

use crate::domain::audit_checks::{audit_checks, backdrop_shadow_check};
use crate::domain::checks::{CheckResult, overall};
use crate::domain::face_checks::{PlacedFace, face_checks};
use crate::domain::geometry::CropRect;
use crate::domain::pixel_checks::{RemnantStats, pixel_checks, remnant_check};
use crate::domain::placement::{fallback_geometry, place};
use crate::domain::spec::PhotoSpec;
use crate::imaging::SourcePhoto;
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

/// Analyses a captured photo for placing and the background: the face, the coarse person mask,
/// and the refined matte (once per capture; the live preview analyses without it).
pub fn analyse_capture(
    analyzer: &FaceAnalyzer,
    photo: &SourcePhoto,
) -> Result<Option<FaceAnalysis>, VisionError> {
    let Some(mut analysis) = analyzer.analyse(&photo.image)? else { return Ok(None) };
    // The closer look only refines the wide mask: if it cannot be taken (a face too small to
    // frame, a model error), the capture goes on with the wide mask alone.
    let _ = analyzer.look_closer(&photo.image, &mut analysis);
    Ok(Some(with_matte(photo, analysis)))
}

/// `analysis` with its person's refined matte (`imaging::matte`), made from its person mask (the
/// wide one, lowered by the closer look where one was taken).
pub fn with_matte(photo: &SourcePhoto, mut analysis: FaceAnalysis) -> FaceAnalysis {
    if let Some(person) = &analysis.person {
        let a = &analysis;
        let inner = a.inner_face();
        let hint = crate::imaging::matte::FaceHint {
            face_width: a.face_width(),
            inner: &inner,
            centre: a.nose_tip,
            eye_y: a.eye_mid().y,
        };
        let coarse = |x: f64, y: f64| person.at(x, y);
        let matte = crate::imaging::matte::refine(&photo.image, &coarse, person.region(), &hint);
        analysis.matte = Some(std::sync::Arc::new(matte));
    }
    analysis
}

/// Processes `photo` for `spec`; without a crop in `options` the face is placed automatically.
pub fn process_auto(
    photo: &SourcePhoto,
    spec: &PhotoSpec,
    analyzer: &FaceAnalyzer,
    options: ProcessOptions,
) -> Result<AutoProcessed, AutoError> {
    let analysis = analyse_capture(analyzer, photo)?;
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
    photo: &SourcePhoto,
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
    // The person in the output frame, for the background and the pixel checks: the refined matte
    // when the capture has one, else the coarse mask.
    let affine = options.crop.and_then(|c| c.to_affine(spec.px).ok());
    let matte = match (analysis.and_then(|a| a.matte.as_ref()), affine) {
        (Some(m), Some(af)) => Some((m, m.to_output(af, spec.px))),
        _ => None,
    };
    let output_mask = match (&matte, analysis, affine) {
        (Some((_, (alpha, _))), ..) => Some(alpha.clone()),
        (None, Some(a), Some(af)) => a.person.as_ref().map(|p| p.to_output(af, spec.px)),
        _ => None,
    };
    // A matte that disagrees with the face is not used: the background stays, and a check says so.
    let mut refused = None;
    // How the background was replaced, for the remnant check: by the matte (with the backdrop it
    // measured, if uniform) or by the coarse mask.
    let mut replaced_by: Option<Option<crate::imaging::matte::Backdrop>> = None;
    if whiten && !options.no_retouch && options.person_mask.is_none() && options.person_matte.is_none() {
        match matte {
            Some((m, out)) => match &m.plausible {
                Ok(()) => {
                    options.person_matte = Some(out);
                    replaced_by = Some(m.backdrop);
                }
                Err(why) => refused = Some(why.clone()),
            },
            None => {
                options.person_mask = output_mask.clone();
                replaced_by = output_mask.as_ref().map(|_| None);
            }
        }
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
    // What the audit rejects beyond geometry and light: measured on the output, the person as the
    // background replacement saw it; a matte refused as implausible is not trusted for it either
    // (the coarse mask is).
    if let Some(points) = analysis.and_then(FaceAnalysis::face_points) {
        let coarse = match (refused.is_some(), analysis.and_then(|a| a.person.as_ref()), affine) {
            (true, Some(p), Some(af)) => Some(p.to_output(af, spec.px)),
            _ => None,
        };
        let mask = options
            .person_matte
            .as_ref()
            .map(|(a, _)| a)
            .or(options.person_mask.as_ref())
            .or(coarse.as_ref())
            .or(output_mask.as_ref());
        let person = |x: u32, y: u32| mask.is_some_and(|m| m.get_pixel(x, y)[0] >= 128);
        let colour = spec.background.get(options.background).or(spec.background.first()).map(|c| c.0);
        checks.extend(audit_checks(
            &crate::imaging::audit::measure(&processed.image, &points.mapped(m), &person, colour),
            spec.ears_visible,
        ));
    }
    if let Some(backdrop) = replaced_by.filter(|_| report.background_replaced) {
        let colour = spec.background.get(options.background).or(spec.background.first()).map(|c| c.0);
        checks.push(remnant_check(
            remnants_left(&processed.image, backdrop, colour, options.person_matte.as_ref().map(|(a, _)| a)),
            report.remnants_removed.regions,
        ));
    }
    if report.background_replaced {
        checks.extend(
            analysis.and_then(|a| source_backdrop_shadow(&photo.image, a)).map(backdrop_shadow_check),
        );
    }
    if let Some(why) = refused {
        checks.push(CheckResult::new(
            "background_replace",
            crate::domain::checks::CheckStatus::Fail,
            why,
            crate::domain::Words::new(
                "人像蒙版与人脸分析一致",
                "the person mask agrees with the face analysis",
            ),
            crate::domain::Words::new(
                "背景替换失败，请人工处理",
                "Background replacement failed: please handle it by hand",
            ),
        ));
    }
    report.checks.extend(checks);
    report.overall = overall(&report.checks);
    Ok(processed)
}

/// A shadow on the source's backdrop beside the person (L* below the backdrop), measured before
/// the background is replaced; `None` without a person mask or on a backdrop that is not uniform
/// (the remnant check asks for a look there).
fn source_backdrop_shadow(source: &image::RgbImage, a: &FaceAnalysis) -> Option<f64> {
    let person = a.person.as_ref()?;
    let coarse = |x: f64, y: f64| person.at(x, y);
    let backdrop = crate::imaging::matte::backdrop_of(source, &coarse)?;
    let eyes = a.eye_mid();
    crate::imaging::background::backdrop_shadow(
        source,
        &coarse,
        (f64::from(eyes.x), f64::from(eyes.y)),
        f64::from(a.face_width()),
        backdrop.lab[0],
    )
}

/// ΔE within which a pixel counts as the old backdrop's colour: the backdrop's own spread (90th
/// percentile) doubled, at least 6.
fn remnant_tolerance(backdrop: &crate::imaging::matte::Backdrop) -> f32 {
    (2.0 * backdrop.spread).max(6.0)
}

/// What can be measured of the old background left in the finished photo.
fn remnants_left(
    image: &image::RgbImage,
    backdrop: Option<crate::imaging::matte::Backdrop>,
    new_colour: Option<[u8; 3]>,
    alpha: Option<&image::GrayImage>,
) -> RemnantStats {
    let by_matte = alpha.is_some();
    use crate::imaging::quality::{delta_e, lab};
    match (backdrop, new_colour) {
        (Some(b), Some(new)) => {
            let tolerance = remnant_tolerance(&b);
            if delta_e(b.lab, lab(new)) <= tolerance + 6.0 {
                return RemnantStats::SameColour;
            }
            match alpha
                .and_then(|a| crate::imaging::background::old_backdrop_left(image, a, b.lab, tolerance))
            {
                Some(left) => RemnantStats::Measured {
                    largest: left.pixels,
                    outside_person: left.outside_person,
                    at: left.at,
                },
                None if alpha.is_some() => {
                    RemnantStats::Measured { largest: 0, outside_person: 0, at: [0.5; 2] }
                }
                None => RemnantStats::Unmeasurable { busy: false },
            }
        }
        _ => RemnantStats::Unmeasurable { busy: by_matte },
    }
}

impl crate::domain::i18n::Bilingual for AutoError {
    fn en(&self) -> String {
        match self {
            AutoError::Vision(e) => e.en(),
            AutoError::Pipeline(e) => e.en(),
        }
    }
}
