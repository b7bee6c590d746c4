//! Face analysis with the bundled MediaPipe models (tract, pure Rust): detection (short range, then
//! full range for small faces), the face mesh twice, person segmentation on a head-and-shoulders
//! crop, and the measures placement and checks need — eye centres, chin, crown, face width, roll,
//! yaw, eye and mouth openness — all in source pixels.
//!
//! Big frames are analysed on an area-averaged copy of at most [`ANALYSIS_SIDE`] pixels and the
//! results mapped back to full resolution.

pub mod auto;
pub mod detect;
pub mod iris;
pub mod mesh;
mod models;
pub mod segment;

use image::RgbImage;
use serde::Serialize;

use crate::domain::geometry::Affine;
use crate::domain::placement::FaceMeasures;
use crate::imaging::resample::{render, resize_box};
use detect::{Detection, Detector};
use mesh::{Roi, idx};
use models::Model;
use segment::PersonMask;

pub use models::{FACE_MESH, FULL_RANGE, IRIS, SELFIE, SHORT_RANGE};

/// A short-range detection this sure needs no second opinion from the full-range detector.
const SURE_SCORE: f32 = 0.75;
/// The face mesh's presence score below which a detection is not taken for a face.
pub const MIN_PRESENCE: f32 = 0.5;
/// At most this many detections are checked with the mesh (the largest ones).
const MAX_FACES: usize = 6;

/// The live preview analyses frames shrunk to this longest side (guides need no more).
pub const LIVE_SIDE: u32 = 640;
/// Frames larger than this (longest side) are shrunk by area averaging before analysis.
pub const ANALYSIS_SIDE: u32 = 1280;
/// The mesh's forehead-to-chin depth angle on a face held level (degrees): the forehead top leans
/// towards the camera against the chin in the mesh's depth. The mean over the two frontal
/// portraits (astronaut -11.2°, grace_hopper -7.4° as they are) and their mirrored, turned ±8° and
/// half-size variants; the residual over those ten is within ±4.6° (`tests/it/vision.rs`).
pub const PITCH_FRONTAL_DEG: f32 = -8.8;

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub fn new(x: f32, y: f32) -> Point {
        Point { x, y }
    }

    pub fn dist(self, o: Point) -> f32 {
        ((self.x - o.x).powi(2) + (self.y - o.y).powi(2)).sqrt()
    }

    pub fn mid(self, o: Point) -> Point {
        Point::new((self.x + o.x) / 2.0, (self.y + o.y) / 2.0)
    }

    fn scaled(self, s: f32) -> Point {
        Point::new(self.x * s, self.y * s)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VisionError {
    #[error("人脸模型出错：{0}")]
    Model(String),
}

/// Builds a model input: `to_input` maps source pixels to the `size`² input, resampled with the
/// pipeline's anti-aliased path; values in [-1, 1] (`signed`) or [0, 1].
fn input_tensor(
    image: &RgbImage,
    to_input: Affine,
    size: usize,
    signed: bool,
) -> Result<Vec<f32>, VisionError> {
    let side = size as u32;
    let rendered =
        render(image, to_input, [side, side], [0, 0, 0]).map_err(|e| VisionError::Model(e.to_string()))?;
    Ok(rendered
        .image
        .as_raw()
        .iter()
        .map(|&v| if signed { f32::from(v) / 127.5 - 1.0 } else { f32::from(v) / 255.0 })
        .collect())
}

/// Everything measured about the chosen face, in source pixels of the full-resolution photo.
#[derive(Clone, Debug, Serialize)]
pub struct FaceAnalysis {
    /// How many faces were found (the largest is analysed).
    pub face_count: usize,
    pub detection_score: f32,
    /// Detector box: x, y, width, height.
    pub bbox: [f32; 4],
    pub right_eye: Point,
    pub left_eye: Point,
    pub chin: Point,
    pub forehead_top: Point,
    /// Top of the hair from the person mask; `None` when the mask does not reach above the forehead.
    pub crown: Option<Point>,
    pub right_cheek: Point,
    pub left_cheek: Point,
    pub nose_tip: Point,
    /// Eye line angle in degrees (positive: the subject's left eye lower on screen).
    pub roll_deg: f32,
    /// Turn of the head, degrees (positive: towards the image's right).
    pub yaw_deg: f32,
    /// Nod of the head, degrees (positive: chin up, head tilted back), calibrated with
    /// [`PITCH_FRONTAL_DEG`].
    pub pitch_deg: f32,
    /// Lid gap over eye width, each eye (≈ 0.25–0.35 open, < 0.12 closed).
    pub eye_openness: [f32; 2],
    /// Inner lip gap over mouth width (≈ 0 closed).
    pub mouth_openness: f32,
    pub mesh_presence: f32,
    /// Both irises from the iris model, the subject's right eye first; `None` when the eyes are
    /// under [`iris::MIN_EYE_PX`] wide in the analysed frame (too few pixels to tell where they look).
    pub irises: Option<[iris::Iris; 2]>,
    #[serde(skip)]
    pub landmarks: Vec<Point>,
    #[serde(skip)]
    pub person: Option<PersonMaskInSource>,
    /// The person's refined matte, made once per capture ([`auto::with_matte`]); `None` in the live
    /// preview.
    #[serde(skip)]
    pub matte: Option<std::sync::Arc<crate::imaging::matte::Matte>>,
}

/// The closer look's square, in face widths (cheek to cheek): the head with its hair and ears.
pub const CLOSER_SIDE: f32 = 2.6;
/// How far above the eyes the closer look is centred, in face widths (hair rises above them).
pub const CLOSER_RAISE: f32 = 0.15;

/// The person mask and how it maps from the analysed (possibly shrunk) frame.
#[derive(Clone)]
pub struct PersonMaskInSource {
    mask: std::sync::Arc<PersonMask>,
    /// Full-resolution source → analysed frame.
    to_analysed: Affine,
    /// A closer look at the head and hair, on the full-resolution source (a capture only, not the
    /// live preview): [`FaceAnalyzer::look_closer`].
    closer: Option<std::sync::Arc<PersonMask>>,
    /// The chin's source y: below it the closer look does not count (neck, collar and shoulders
    /// are the wide mask's; close up, a white shirt on a white backdrop reads as backdrop).
    closer_floor: f64,
    /// The wide mask averaged with the model's answer on its square mirrored, cut from the
    /// full-resolution source (a capture only, taken with the closer look): the matte starts from
    /// it.
    steadier: Option<std::sync::Arc<PersonMask>>,
}

impl std::fmt::Debug for PersonMaskInSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonMask")
    }
}

impl PersonMaskInSource {
    /// Person probability (0–1) at a source point; below the segmented square, the person goes on
    /// as its last row says. On a capture, the wide mask is the one averaged with its mirror image
    /// ([`wide_at`](Self::wide_at)), and where a closer look was taken, it may lower it (handing
    /// over to the wide mask at its square's edges).
    pub fn at(&self, x: f64, y: f64) -> f32 {
        let coarse = self.wide_at(x, y);
        let Some(closer) = &self.closer else { return coarse };
        let n = f64::from(closer.mask.width());
        let ramp = segment::CLOSE_RAMP * n / closer.to_mask.scale_factor();
        let above_chin = ((self.closer_floor - y) / ramp).clamp(0.0, 1.0) as f32;
        let w = segment::closer_weight(closer.to_mask.apply(x, y), n) * above_chin;
        if w <= 0.0 {
            return coarse;
        }
        // It only takes away: it finds the background the wide mask took for the person (a flag's
        // fringe at the hair, a cup behind the shoulder); what it adds beyond the wide mask was
        // measured to be wrong as often as right (docs/matting.md).
        let near = closer.at(Point::new(x as f32, y as f32)).min(coarse);
        coarse * (1.0 - w) + near * w
    }

    /// Whether a closer look at the head counts in [`at`](Self::at) (taken, and it saw the face).
    pub fn closer_look_taken(&self) -> bool {
        self.closer.is_some()
    }

    /// The wide (head-and-shoulders) mask before the closer look: on a capture, the steadier one
    /// averaged with its mirror image; in the live preview, [`coarse_at`](Self::coarse_at).
    pub fn wide_at(&self, x: f64, y: f64) -> f32 {
        match &self.steadier {
            Some(m) => m.at_extruded(Point::new(x as f32, y as f32)),
            None => self.coarse_at(x, y),
        }
    }

    /// The wide (head-and-shoulders) mask alone, as the live analysis made it.
    pub fn coarse_at(&self, x: f64, y: f64) -> f32 {
        let (ax, ay) = self.to_analysed.apply(x, y);
        self.mask.at_extruded(Point::new(ax as f32, ay as f32))
    }

    /// The square the matte covers, in source pixels (centre, side): the segmented square grown
    /// downwards, so a crop's lower corners (shoulders) are inside it.
    pub fn region(&self) -> (Point, f32) {
        let back = self.mask.to_mask.inverse().unwrap_or(Affine::IDENTITY);
        let to_source = self.to_analysed.inverse().unwrap_or(Affine::IDENTITY).after(back);
        let n = f64::from(self.mask.mask.width());
        let (cx, cy) = to_source.apply(n / 2.0, n * 0.7);
        let side = 1.4 * n * to_source.scale_factor();
        (Point::new(cx as f32, cy as f32), side as f32)
    }

    /// The wide mask alone in an output frame (255 = person): the coarse path of background
    /// replacement when the refined matte is refused, and the baseline it is measured against.
    pub fn to_output(&self, source_to_output: Affine, size: [u32; 2]) -> image::GrayImage {
        let analysed_to_output =
            source_to_output.after(self.to_analysed.inverse().unwrap_or(Affine::IDENTITY));
        self.mask.to_output(analysed_to_output, size)
    }
}

impl FaceAnalysis {
    /// Points that are surely on the face: eyes, nose, and chin, forehead and cheeks pulled in
    /// towards the nose (a person mask must hold them all).
    pub fn inner_face(&self) -> [Point; 7] {
        let nose = self.nose_tip;
        let toward = |p: Point, t: f32| Point::new(p.x + (nose.x - p.x) * t, p.y + (nose.y - p.y) * t);
        [
            self.right_eye,
            self.left_eye,
            nose,
            toward(self.chin, 0.3),
            toward(self.forehead_top, 0.4),
            toward(self.right_cheek, 0.35),
            toward(self.left_cheek, 0.35),
        ]
    }

    pub fn eye_mid(&self) -> Point {
        self.right_eye.mid(self.left_eye)
    }

    pub fn face_width(&self) -> f32 {
        self.right_cheek.dist(self.left_cheek)
    }

    /// The face mapped into an output frame by `source_to_output` (source pixels → output pixels).
    pub fn placed(&self, source_to_output: Affine) -> crate::domain::face_checks::PlacedFace {
        let at = |p: Point| source_to_output.apply(f64::from(p.x), f64::from(p.y));
        let (r, l) = (at(self.right_eye), at(self.left_eye));
        crate::domain::face_checks::PlacedFace {
            face_count: self.face_count,
            face_width: f64::from(self.face_width()) * source_to_output.scale_factor(),
            crown_y: self.crown.map(|c| at(c).1),
            eye_line_y: (r.1 + l.1) / 2.0,
            chin_y: at(self.chin).1,
            centre_x: at(self.right_cheek.mid(self.left_cheek)).0,
            roll_deg: (l.1 - r.1).atan2(l.0 - r.0).to_degrees(),
            yaw_deg: f64::from(self.yaw_deg),
            pitch_deg: f64::from(self.pitch_deg),
            eye_openness: self.eye_openness.map(f64::from),
            mouth_openness: f64::from(self.mouth_openness),
        }
    }

    /// The mesh points the audit checks measure (`imaging::audit`), in source pixels; `None`
    /// without the full mesh.
    pub fn face_points(&self) -> Option<crate::imaging::audit::FacePoints> {
        let pts = &self.landmarks;
        if pts.len() < 468 {
            return None;
        }
        let p = |i: usize| (f64::from(pts[i].x), f64::from(pts[i].y));
        let list = |ids: &[usize]| ids.iter().map(|&i| p(i)).collect::<Vec<_>>();
        Some(crate::imaging::audit::FacePoints {
            eyes: [list(&idx::RIGHT_EYE), list(&idx::LEFT_EYE)],
            eye_corners: [
                [p(idx::RIGHT_EYE_OUTER), p(idx::RIGHT_EYE_INNER)],
                [p(idx::LEFT_EYE_OUTER), p(idx::LEFT_EYE_INNER)],
            ],
            brows: [list(&idx::RIGHT_BROW), list(&idx::LEFT_BROW)],
            mouth_corners: [p(idx::MOUTH_CORNER_RIGHT), p(idx::MOUTH_CORNER_LEFT)],
            lip_centre: [p(idx::MOUTH_UPPER_INNER), p(idx::MOUTH_LOWER_INNER)],
            forehead_top: p(idx::FOREHEAD_TOP),
            chin: p(idx::CHIN),
            cheeks: [p(idx::RIGHT_CHEEK), p(idx::LEFT_CHEEK)],
            irises: self
                .irises
                .map(|e| e.map(|i| ((f64::from(i.centre.x), f64::from(i.centre.y)), f64::from(i.radius)))),
        })
    }

    /// What placement needs.
    pub fn measures(&self) -> FaceMeasures {
        let p = |p: Point| (f64::from(p.x), f64::from(p.y));
        FaceMeasures {
            right_eye: p(self.right_eye),
            left_eye: p(self.left_eye),
            face_centre: p(self.right_cheek.mid(self.left_cheek)),
            face_width: f64::from(self.face_width()),
            crown: self.crown.map(p),
            chin: p(self.chin),
        }
    }
}

/// The loaded models. Loading takes a few hundred ms; keep one per worker.
pub struct FaceAnalyzer {
    short: Detector,
    full: Detector,
    mesh: Model,
    iris: Model,
    selfie: Model,
}

impl FaceAnalyzer {
    pub fn new() -> Result<FaceAnalyzer, VisionError> {
        Ok(FaceAnalyzer {
            short: Detector::short_range(Model::load("face_detection_short_range", SHORT_RANGE, 128)?),
            full: Detector::full_range(Model::load("face_detection_full_range", FULL_RANGE, 192)?),
            mesh: Model::load("face_landmark", FACE_MESH, 192)?,
            iris: Model::load("iris_landmark", IRIS, 64)?,
            selfie: Model::load("selfie_segmentation", SELFIE, 256)?,
        })
    }

    /// All faces, largest first. Unless the short-range detector is sure of a face, the full-range
    /// one runs too and their findings are merged (near its lower size limit the short-range one
    /// finds faces with low scores and misplaced keypoints, where the full-range one is sure). When neither finds a face, the full-range detector looks again on
    /// overlapping tiles, for a small face in a big phone photo.
    pub fn detect(&self, image: &RgbImage) -> Result<Vec<Detection>, VisionError> {
        let mut faces = self.short.detect(image)?;
        if faces.iter().all(|f| f.score < SURE_SCORE) {
            faces.extend(self.full.detect(image)?);
        }
        if faces.is_empty() {
            faces = self.detect_tiled(image)?;
        }
        let mut faces = detect::best_of_overlapping(faces, 0.3);
        faces.sort_by(|a, b| (b.bbox[2] * b.bbox[3]).total_cmp(&(a.bbox[2] * a.bbox[3])));
        Ok(faces)
    }

    /// The detections the face mesh confirms (presence ≥ [`MIN_PRESENCE`]), largest first, each with
    /// its first mesh pass.
    fn confirmed(
        &self,
        image: &RgbImage,
        mut faces: Vec<Detection>,
    ) -> Result<Vec<(Detection, mesh::MeshResult)>, VisionError> {
        faces.sort_by(|a, b| (b.bbox[2] * b.bbox[3]).total_cmp(&(a.bbox[2] * a.bbox[3])));
        let mut out = Vec::new();
        for face in faces.into_iter().take(MAX_FACES) {
            let first = mesh::run(&self.mesh, image, Roi::from_detection(&face))?;
            if first.presence >= MIN_PRESENCE {
                out.push((face, first));
            }
        }
        // Rank by the mesh's own size (box sizes of the two detectors are not comparable).
        let size = |m: &mesh::MeshResult| {
            let (mut lo, mut hi) = (Point::new(f32::MAX, f32::MAX), Point::new(f32::MIN, f32::MIN));
            for p in &m.points {
                (lo.x, lo.y, hi.x, hi.y) = (lo.x.min(p.x), lo.y.min(p.y), hi.x.max(p.x), hi.y.max(p.y));
            }
            (hi.x - lo.x) * (hi.y - lo.y)
        };
        out.sort_by(|a, b| size(&b.1).total_cmp(&size(&a.1)));
        Ok(out)
    }

    /// Full-range detection on a 3×3 grid of overlapping square tiles, each half the longer side.
    fn detect_tiled(&self, image: &RgbImage) -> Result<Vec<Detection>, VisionError> {
        let (w, h) = image.dimensions();
        let side = (w.max(h) / 2).min(w).min(h);
        if side < 64 {
            return Ok(Vec::new());
        }
        let starts = |len: u32| {
            let last = len - side;
            [0, last / 2, last]
        };
        let mut found = Vec::new();
        for y in starts(h) {
            for x in starts(w) {
                let tile = image::imageops::crop_imm(image, x, y, side, side).to_image();
                for mut d in self.full.detect(&tile)? {
                    d.translate(x as f32, y as f32);
                    found.push(d);
                }
            }
        }
        Ok(found)
    }

    /// Both irises (the subject's right eye first) from mesh landmarks in `image`'s pixels, one
    /// after the other (the analysis runs them after the second mesh pass, beside the segmentation).
    pub fn irises(&self, image: &RgbImage, mesh: &[Point]) -> Result<Option<[iris::Iris; 2]>, VisionError> {
        let right = iris::run(&self.iris, image, mesh, iris::Eye::Right)?;
        Ok(right.zip(iris::run(&self.iris, image, mesh, iris::Eye::Left)?).map(|(r, l)| [r, l]))
    }

    /// A closer look at the head and hair for a capture's matte: the segmentation again on a square
    /// of [`CLOSER_SIDE`] face widths around the head, cut from the full-resolution `image` (so
    /// about twice the mask pixels per hair), averaged with its mirror image. The live preview
    /// does without it.
    pub fn look_closer(&self, image: &RgbImage, analysis: &mut FaceAnalysis) -> Result<(), VisionError> {
        let fw = analysis.face_width();
        if !(fw.is_finite() && fw >= 8.0) {
            return Err(VisionError::Model(format!("face {fw} px wide: too small to look closer")));
        }
        let eyes = analysis.eye_mid();
        let centre = Point::new(eyes.x, eyes.y - CLOSER_RAISE * fw);
        let closer = segment::run_mirrored(&self.selfie, image, centre, CLOSER_SIDE * fw)?;
        // The wide square once more, mirrored, averaged with the live answer: the model guesses
        // differently in the two where it is unsure (on the ground-truth set all 21 composites
        // 59 % → 58 % of the coarse mask's edge error; docs/matting.md). The live answer is the
        // straight half: segmenting the square again from the full-resolution photo measured the
        // same.
        if let Some(person) = &mut analysis.person {
            let live = PersonMask {
                mask: person.mask.mask.clone(),
                to_mask: person.mask.to_mask.after(person.to_analysed),
            };
            let steadier = segment::mirror_averaged(&self.selfie, image, &live)?;
            person.steadier = Some(std::sync::Arc::new(steadier));
        }
        // A close-up the model misreads (a face against a wall of its own colours) would cut the
        // face out of the matte: it must see the face itself as the person, or it is not used.
        if analysis.inner_face().iter().all(|&p| closer.at(p) >= 0.5)
            && let Some(person) = &mut analysis.person
        {
            person.closer = Some(std::sync::Arc::new(closer));
            person.closer_floor = f64::from(analysis.chin.y);
        }
        Ok(())
    }

    /// Analyses the largest face; `Ok(None)` when there is none.
    pub fn analyse(&self, image: &RgbImage) -> Result<Option<FaceAnalysis>, VisionError> {
        self.analyse_at(image, ANALYSIS_SIDE)
    }

    /// As [`analyse`](Self::analyse), on a copy of at most `max_side` pixels (the live preview uses
    /// [`LIVE_SIDE`]); results are in the full frame's pixels.
    pub fn analyse_at(&self, image: &RgbImage, max_side: u32) -> Result<Option<FaceAnalysis>, VisionError> {
        // Shrink big frames by area averaging; every result is scaled back by 1/s.
        let (w, h) = image.dimensions();
        let longest = w.max(h);
        let (small, s) = if longest > max_side {
            let s = f64::from(max_side) / f64::from(longest);
            let size =
                [((f64::from(w) * s).round() as u32).max(1), ((f64::from(h) * s).round() as u32).max(1)];
            let img = resize_box(image, (0.0, 0.0, f64::from(w), f64::from(h)), size)
                .map_err(|e| VisionError::Model(e.to_string()))?;
            (std::borrow::Cow::Owned(img), f64::from(size[0]) / f64::from(w))
        } else {
            (std::borrow::Cow::Borrowed(image), 1.0)
        };
        let image = &*small;
        // A detection counts as a face when the mesh agrees (its presence score): painted animals,
        // patterns and hands fool the detector, not both. Nothing confirmed: look again in tiles.
        let mut confirmed = self.confirmed(image, self.detect(image)?)?;
        if confirmed.is_empty() {
            confirmed = self.confirmed(image, detect::best_of_overlapping(self.detect_tiled(image)?, 0.3))?;
        }
        let face_count = confirmed.len();
        let Some((face, first)) = confirmed.into_iter().next() else { return Ok(None) };
        let face = &face;
        // Person mask on a head-and-shoulders square (3.5 × the face box, 0.3 box below its centre)
        // needs only the detection: it runs on the other core while the mesh runs again.
        let side = face.bbox[2].max(face.bbox[3]);
        let seg_centre = Point::new(face.centre().x, face.centre().y + 0.3 * side);
        // The irises need only the eye corners, which the first mesh pass places well enough for
        // their crops (2.3 eye widths). The segmentation (the slowest model) runs alone beside the
        // second mesh pass and both irises.
        let (second, person, irises) = std::thread::scope(|scope| {
            let person = scope.spawn(|| segment::run(&self.selfie, image, seg_centre, 3.5 * side));
            let second = mesh::run(&self.mesh, image, Roi::from_landmarks(&first.points));
            let irises = self.irises(image, &first.points);
            let person =
                person.join().unwrap_or_else(|_| Err(VisionError::Model("segmentation panicked".into())));
            (second, person, irises)
        });
        let (second, person, irises) = (second?, person?, irises?);
        let pts = &second.points;
        let centre = |ids: &[usize]| {
            let n = ids.len() as f32;
            Point::new(
                ids.iter().map(|&i| pts[i].x).sum::<f32>() / n,
                ids.iter().map(|&i| pts[i].y).sum::<f32>() / n,
            )
        };
        let right_eye = centre(&idx::RIGHT_EYE);
        let left_eye = centre(&idx::LEFT_EYE);
        let roll = (left_eye.y - right_eye.y).atan2(left_eye.x - right_eye.x);

        // Up, perpendicular to the eye line.
        let up = Point::new(roll.sin(), -roll.cos());
        let crown = segment::crown(&person, pts[idx::FOREHEAD_TOP], up, (4.0 * side) as usize);

        let nose = pts[idx::NOSE_TIP];
        let (rc, lc) = (pts[idx::RIGHT_CHEEK], pts[idx::LEFT_CHEEK]);
        let (dr, dl) = (nose.dist(rc), nose.dist(lc));
        let yaw = ((dr - dl) / (dr + dl).max(1e-3)).clamp(-1.0, 1.0).asin().to_degrees();
        // Pitch: how far the forehead top lies behind the chin (mesh depth) against how far above
        // it, in the up direction; calibrated so frontal faces read 0.
        let (top, chin) = (pts[idx::FOREHEAD_TOP], pts[idx::CHIN]);
        let rise = (top.x - chin.x) * up.x + (top.y - chin.y) * up.y;
        let behind = second.depth[idx::FOREHEAD_TOP] - second.depth[idx::CHIN];
        let pitch = behind.atan2(rise).to_degrees() - PITCH_FRONTAL_DEG;
        let ratio =
            |a: usize, b: usize, c: usize, d: usize| pts[a].dist(pts[b]) / pts[c].dist(pts[d]).max(1e-3);
        let inv = (1.0 / s) as f32;
        let back = |p: Point| p.scaled(inv);
        Ok(Some(FaceAnalysis {
            face_count,
            detection_score: face.score,
            bbox: face.bbox.map(|v| v * inv),
            right_eye: back(right_eye),
            left_eye: back(left_eye),
            chin: back(pts[idx::CHIN]),
            forehead_top: back(pts[idx::FOREHEAD_TOP]),
            crown: crown.map(back),
            right_cheek: back(rc),
            left_cheek: back(lc),
            nose_tip: back(nose),
            roll_deg: roll.to_degrees(),
            yaw_deg: yaw,
            pitch_deg: pitch,
            eye_openness: [
                ratio(idx::RIGHT_EYE_UPPER, idx::RIGHT_EYE_LOWER, idx::RIGHT_EYE_OUTER, idx::RIGHT_EYE_INNER),
                ratio(idx::LEFT_EYE_UPPER, idx::LEFT_EYE_LOWER, idx::LEFT_EYE_OUTER, idx::LEFT_EYE_INNER),
            ],
            mouth_openness: ratio(
                idx::MOUTH_UPPER_INNER,
                idx::MOUTH_LOWER_INNER,
                idx::MOUTH_RIGHT,
                idx::MOUTH_LEFT,
            ),
            mesh_presence: second.presence,
            irises: irises.map(|e| e.map(|i| iris::Iris { centre: back(i.centre), radius: i.radius * inv })),
            landmarks: pts.iter().map(|&p| back(p)).collect(),
            person: Some(PersonMaskInSource {
                mask: std::sync::Arc::new(person),
                to_analysed: Affine::scale(s),
                closer: None,
                closer_floor: f64::NEG_INFINITY,
                steadier: None,
            }),
            matte: None,
        }))
    }
}

impl crate::domain::i18n::Bilingual for VisionError {
    fn en(&self) -> String {
        match self {
            VisionError::Model(e) => format!("The face model failed: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 256×256 mask over the source square `[at, at + side)²`, with `value(x, y)` in mask pixels.
    fn mask(at: f64, side: f64, value: impl Fn(u32, u32) -> u8) -> PersonMask {
        let to_mask = Affine::scale(256.0 / side).after(Affine::translate(-at, -at));
        PersonMask { mask: image::GrayImage::from_fn(256, 256, |x, y| image::Luma([value(x, y)])), to_mask }
    }

    #[test]
    fn a_closer_look_only_takes_away_and_hands_over_at_its_edges() {
        // The wide mask: person on the left half of a 1000 px square. The closer look over the
        // middle 400 px says: background on its top half, person everywhere below.
        let wide = mask(0.0, 1000.0, |x, _| if x < 128 { 255 } else { 0 });
        let close = mask(300.0, 400.0, |_, y| if y < 128 { 0 } else { 255 });
        let mut m = PersonMaskInSource {
            mask: std::sync::Arc::new(wide),
            to_analysed: Affine::IDENTITY,
            closer: Some(std::sync::Arc::new(close)),
            closer_floor: 700.0,
            steadier: None,
        };
        assert!(m.closer_look_taken());
        // Inside the closer square, top half, on the wide mask's person: taken away.
        assert!(m.at(400.0, 400.0) < 0.01, "{}", m.at(400.0, 400.0));
        // Bottom half, where the wide mask says background: nothing is added.
        assert!(m.at(600.0, 600.0) < 0.01, "{}", m.at(600.0, 600.0));
        // Bottom half on the wide mask's person: kept.
        assert!(m.at(400.0, 600.0) > 0.99);
        // Below the chin the wide mask counts alone.
        m.closer_floor = 350.0;
        assert!(m.at(400.0, 450.0) > 0.99, "{}", m.at(400.0, 450.0));
        m.closer_floor = 700.0;
        // Outside the closer square only the wide mask counts; at its edge it hands over.
        assert!(m.at(100.0, 400.0) > 0.99);
        let edge = m.at(305.0, 400.0);
        assert!(edge > 0.5 && edge < 1.0, "{edge}");
        assert!(m.coarse_at(400.0, 400.0) > 0.99, "the wide mask itself is kept");
        m.closer = None;
        assert!(m.at(400.0, 400.0) > 0.99);
    }
}
