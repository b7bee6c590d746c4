//! Placement accuracy against ground truth, not against the models' own output: einstein.jpg has
//! 68 hand-placed points (iBUG), astronaut.png eyes and face edges annotated by hand
//! (`tests/fixtures/astronaut.truth`). Variants are made from each with a known transform (scale, rotation up
//! to ±8°, shift, a new background colour, JPEG recompression); the ground-truth points are mapped
//! through that transform and then through the report's `source_to_output`, and must land inside
//! the ID-card spec. Frames that cut the head or lack pixels must be flagged, not passed.

use super::common::photos::{einstein_truth, face_bytes, hand_truth};
use idphoto_studio::domain::Catalogue;
use idphoto_studio::domain::checks::CheckStatus;
use idphoto_studio::domain::face_checks::DEFAULT_CENTRE_TOLERANCE;
use idphoto_studio::domain::geometry::Affine;
use idphoto_studio::imaging::resample::render;
use idphoto_studio::imaging::{ProcessOptions, load_photo};
use idphoto_studio::spec_files::builtin_files;
use idphoto_studio::vision::auto::{process_analysed, process_auto};
use idphoto_studio::vision::{FaceAnalyzer, Point};

const CANVAS: [u32; 2] = [1000, 1250];
const BACKGROUNDS: [[u8; 3]; 4] = [[128, 128, 128], [70, 110, 190], [225, 210, 180], [40, 40, 40]];

struct Variant {
    name: String,
    image: image::RgbImage,
    /// Einstein → variant pixels.
    transform: Affine,
}

/// Einstein scaled by `scale`, turned by `degrees`, its eye midpoint put at the canvas centre plus
/// `shift`, on a `bg` canvas, optionally recompressed as JPEG at `quality`.
fn variant(
    source: &image::RgbImage,
    eye_mid: Point,
    (scale, degrees, shift, bg, quality): (f64, f64, (f64, f64), [u8; 3], Option<u8>),
) -> Variant {
    let transform =
        Affine::translate(f64::from(CANVAS[0]) / 2.0 + shift.0, f64::from(CANVAS[1]) / 2.0 + shift.1)
            .after(Affine::rotate(degrees))
            .after(Affine::scale(scale))
            .after(Affine::translate(-f64::from(eye_mid.x), -f64::from(eye_mid.y)));
    let mut image = render(source, transform, CANVAS, bg).unwrap().image;
    if let Some(q) = quality {
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, q).encode_image(&image).unwrap();
        image = image::load_from_memory(&bytes).unwrap().to_rgb8();
    }
    let name = format!("×{scale} {degrees:+}° shift {shift:?} bg {bg:?} jpeg {quality:?}");
    Variant { name, image, transform }
}

fn mean(points: &[Point]) -> Point {
    let n = points.len() as f32;
    Point::new(points.iter().map(|p| p.x).sum::<f32>() / n, points.iter().map(|p| p.y).sum::<f32>() / n)
}

/// Where the ground truth puts the eyes and the face edges at ear level, in source pixels.
struct Truth {
    right_eye: Point,
    left_eye: Point,
    right_edge: Point,
    left_edge: Point,
}

fn einstein() -> (image::RgbImage, Truth) {
    let t = einstein_truth();
    // iBUG points 1 and 17: where the annotators saw the face's edge at ear level.
    let truth =
        Truth { right_eye: mean(&t[36..42]), left_eye: mean(&t[42..48]), right_edge: t[0], left_edge: t[16] };
    (load_photo(&face_bytes("einstein.jpg")).unwrap().image, truth)
}

fn astronaut() -> (image::RgbImage, Truth) {
    let t = hand_truth("astronaut.truth");
    let truth = Truth {
        right_eye: t["right_eye"],
        left_eye: t["left_eye"],
        right_edge: t["right_edge"],
        left_edge: t["left_edge"],
    };
    (load_photo(&face_bytes("astronaut.png")).unwrap().image, truth)
}

/// 40 variants of `source` (scale ×0.6/1/2/3, −8…+8°, two shifts, four backgrounds, JPEG none/85/50),
/// each placed to the Shenzhen ID card; the ground truth is mapped through the variant transform and
/// the report's `source_to_output` and judged against the spec.
fn study(source: &image::RgbImage, truth: &Truth) -> Tally {
    let catalogue = Catalogue::load(&builtin_files());
    let spec = catalogue.get("gd-shenzhen-id-card").unwrap();
    let g = spec.geometry.clone().unwrap();
    let analyzer = FaceAnalyzer::new().unwrap();
    let eye_mid = truth.right_eye.mid(truth.left_eye);
    let truth_width = f64::from(truth.right_edge.dist(truth.left_edge));

    let mut params = Vec::new();
    let mut i = 0;
    for scale in [0.6, 1.0, 2.0, 3.0] {
        for degrees in [-8.0, -4.0, 0.0, 4.0, 8.0] {
            for shift in [(0.0, 0.0), (-150.0, 80.0)] {
                let quality = [None, Some(85), Some(50)][i % 3];
                params.push((scale, degrees, shift, BACKGROUNDS[i % 4], quality));
                i += 1;
            }
        }
    }
    let mut stats = Tally::default();
    for p in params {
        let v = variant(source, eye_mid, p);
        let photo = idphoto_studio::imaging::SourcePhoto::from_rgb(v.image.clone());
        stats.total += 1;
        // The counter's path without the refined matte (made once per capture for the background;
        // placement never uses it, and tests/it/matting.rs measures it): a third of the time.
        let analysed = analyzer.analyse(&photo.image).map_err(|e| e.to_string()).and_then(|a| {
            process_analysed(&photo, spec, a.as_ref(), ProcessOptions::default(), true)
                .map_err(|e| e.to_string())
        });
        let done = match analysed {
            Ok(done) => done,
            Err(e) => {
                // Said clearly, nothing written: counted as a miss.
                stats.misses.push(format!("{}: {e}", v.name));
                continue;
            }
        };
        let r = &done.report;
        if r.placement != "auto" {
            stats.misses.push(format!("{}: no face found, {} placement", v.name, r.placement));
            continue;
        }
        stats.placed += 1;
        let m = Affine(r.source_to_output).after(v.transform);
        let at = |p: Point| m.apply(f64::from(p.x), f64::from(p.y));
        let (er, el) = (at(truth.right_eye), at(truth.left_eye));
        let (j1, j17) = (at(truth.right_edge), at(truth.left_edge));
        let eye_line = (er.1 + el.1) / 2.0;
        let width = ((j17.0 - j1.0).powi(2) + (j17.1 - j1.1).powi(2)).sqrt();
        let centre = (j1.0 + j17.0) / 2.0 - f64::from(spec.px[0]) / 2.0;
        let h = f64::from(spec.px[1]);
        let eye_ok = g.eye_line_from_bottom_min_px.is_none_or(|m| h - eye_line >= f64::from(m))
            && g.eye_line_from_top_px
                .is_none_or(|r| (f64::from(r.min)..=f64::from(r.max)).contains(&eye_line));
        let width_ok = (f64::from(g.face_width_px.min)..=f64::from(g.face_width_px.max)).contains(&width);
        let tolerance = g.centre_tolerance_px.map_or(DEFAULT_CENTRE_TOLERANCE, f64::from);
        let centre_ok = centre.abs() <= tolerance;
        stats.eye += usize::from(eye_ok);
        stats.width += usize::from(width_ok);
        stats.centre += usize::from(centre_ok);
        stats.eye_lines.push(eye_line);
        stats.widths.push(width);
        stats.centres.push(centre);
        if eye_ok && width_ok && centre_ok {
            stats.all += 1;
        } else {
            stats.misses.push(format!(
                "{}: eye line {eye_line:.1}, face width {width:.1}, centre {centre:+.1}",
                v.name
            ));
            // Never silently accepted: whatever lands out of spec carries a failing check.
            assert_eq!(r.overall, CheckStatus::Fail, "{} passed with the face out of spec", v.name);
        }
        // Too few pixels is flagged: the spec wants a 207 px face.
        let upscale = r.checks.iter().find(|c| c.id == "upscale").unwrap();
        if 207.0 / (truth_width * p.0) > 1.6 {
            assert_eq!(upscale.status, CheckStatus::Fail, "{}: {upscale:?}", v.name);
        }
        let yaw = r.checks.iter().find(|c| c.id == "yaw").unwrap();
        stats.yaw_flagged += usize::from(yaw.status != CheckStatus::Pass);
    }
    println!("{}", stats.summary());
    for m in &stats.misses {
        println!("  miss: {m}");
    }
    stats
}

#[test]
fn frontal_variants_land_inside_the_id_card_spec() {
    let (source, truth) = astronaut();
    let stats = study(&source, &truth);
    // Measured (docs/checks.md): 40/40 placed, all three in spec 100 % (width 197.9–202.9 px,
    // centre −1.5…+1.2 px, eye line 204–211 px).
    assert!(stats.placed as f64 / stats.total as f64 >= 0.9, "faces found: {}", stats.summary());
    assert!(stats.all as f64 / stats.placed as f64 >= 0.95, "in spec: {}", stats.summary());
}

#[test]
fn turned_face_variants_are_flagged_when_out_of_spec() {
    let (source, truth) = einstein();
    let stats = study(&source, &truth);
    // Measured (see docs/checks.md): faces placed 90 % (the misses are 49 px faces in a 1250 px
    // frame, flagged as no face); eye line in spec 94 % of the placed ones. Face width and centre
    // against the annotated jaw contour are 25 % and 20 %: einstein looks 22° aside, the mesh puts
    // the far cheek at the hidden ear, the annotators at the visible cheek edge (+13 % width,
    // −15 px centre). Every one of those is flagged (asserted in `study`), and the pose itself is
    // flagged in every placed variant.
    let placed = stats.placed as f64 / stats.total as f64;
    assert!(placed >= 0.85, "faces found: {}", stats.summary());
    assert!(stats.eye as f64 / stats.placed as f64 >= 0.9, "eye line: {}", stats.summary());
    assert_eq!(stats.yaw_flagged, stats.placed, "pose: {}", stats.summary());
}

#[derive(Default)]
struct Tally {
    total: usize,
    placed: usize,
    eye: usize,
    width: usize,
    centre: usize,
    all: usize,
    yaw_flagged: usize,
    eye_lines: Vec<f64>,
    widths: Vec<f64>,
    centres: Vec<f64>,
    misses: Vec<String>,
}

impl Tally {
    fn summary(&self) -> String {
        let pct = |n: usize| 100.0 * n as f64 / self.total as f64;
        let range = |v: &[f64]| {
            let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!("{lo:.1}…{hi:.1}")
        };
        format!(
            "{} variants: face placed {:.1}%, eye line in spec {:.1}% ({} px), face width {:.1}% ({} px), \
             centre {:.1}% ({} px), all three {:.1}%; yaw flagged {:.1}%",
            self.total,
            pct(self.placed),
            pct(self.eye),
            range(&self.eye_lines),
            pct(self.width),
            range(&self.widths),
            pct(self.centre),
            range(&self.centres),
            pct(self.all),
            pct(self.yaw_flagged)
        )
    }
}

#[test]
fn a_frame_that_cuts_the_head_is_flagged() {
    let catalogue = Catalogue::load(&builtin_files());
    let spec = catalogue.get("gd-shenzhen-id-card").unwrap();
    let analyzer = FaceAnalyzer::new().unwrap();
    let source = load_photo(&face_bytes("einstein.jpg")).unwrap().image;
    let truth = einstein_truth();
    let eye_mid = mean(&truth[36..42]).mid(mean(&truth[42..48]));
    // The eyes 130 px from the top of a ×3 frame: the hair and forehead are cut off.
    let shift = (0.0, 130.0 - f64::from(CANVAS[1]) / 2.0);
    for degrees in [0.0, 5.0] {
        let v = variant(&source, eye_mid, (3.0, degrees, shift, [128, 128, 128], None));
        let photo = idphoto_studio::imaging::SourcePhoto::from_rgb(v.image);
        let r = process_auto(&photo, spec, &analyzer, ProcessOptions::default()).unwrap().processed.report;
        let flagged: Vec<_> = r
            .checks
            .iter()
            .filter(|c| {
                ["coverage", "head_in_frame", "crown_margin"].contains(&c.id) && c.status != CheckStatus::Pass
            })
            .collect();
        assert!(!flagged.is_empty(), "{}: {:#?}", v.name, r.checks);
        assert_eq!(r.overall, CheckStatus::Fail, "{}", v.name);
    }
}
