//! The 468-point face mesh, run twice: on the detector's ROI, then on the ROI from its own landmarks
//! (fixes small or tilted faces).

use image::RgbImage;

use super::detect::Detection;
use super::models::Model;
use super::{Point, VisionError, input_tensor};
use crate::domain::geometry::Affine;

/// Mesh indices the analysis uses.
pub mod idx {
    pub const FOREHEAD_TOP: usize = 10;
    pub const CHIN: usize = 152;
    pub const NOSE_TIP: usize = 1;
    /// Cheek edges at ear level (face width).
    pub const RIGHT_CHEEK: usize = 234;
    pub const LEFT_CHEEK: usize = 454;
    pub const RIGHT_EYE_OUTER: usize = 33;
    pub const RIGHT_EYE_INNER: usize = 133;
    pub const LEFT_EYE_OUTER: usize = 263;
    pub const LEFT_EYE_INNER: usize = 362;
    pub const RIGHT_EYE_UPPER: usize = 159;
    pub const RIGHT_EYE_LOWER: usize = 145;
    pub const LEFT_EYE_UPPER: usize = 386;
    pub const LEFT_EYE_LOWER: usize = 374;
    pub const MOUTH_UPPER_INNER: usize = 13;
    pub const MOUTH_LOWER_INNER: usize = 14;
    pub const MOUTH_RIGHT: usize = 78;
    pub const MOUTH_LEFT: usize = 308;
    /// Upper edge of each eyebrow, the subject's right and left.
    pub const RIGHT_BROW: [usize; 5] = [70, 63, 105, 66, 107];
    pub const LEFT_BROW: [usize; 5] = [300, 293, 334, 296, 336];
    /// Outer mouth corners, the subject's right and left.
    pub const MOUTH_CORNER_RIGHT: usize = 61;
    pub const MOUTH_CORNER_LEFT: usize = 291;
    pub const RIGHT_EYE: [usize; 16] =
        [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246];
    pub const LEFT_EYE: [usize; 16] =
        [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466];
}

/// A square region of the source, turned by `angle` radians (eyes level inside it).
#[derive(Clone, Copy, Debug)]
pub struct Roi {
    pub centre: Point,
    pub side: f32,
    pub angle: f32,
}

impl Roi {
    /// Source → model input (`size`² pixels).
    fn to_input(self, size: usize) -> Affine {
        let n = size as f64;
        Affine::translate(n / 2.0, n / 2.0)
            .after(Affine::scale(n / f64::from(self.side)))
            .after(Affine::rotate(-f64::from(self.angle).to_degrees()))
            .after(Affine::translate(-f64::from(self.centre.x), -f64::from(self.centre.y)))
    }

    pub fn from_detection(d: &Detection) -> Roi {
        let (r, l) = (d.keypoints[0], d.keypoints[1]);
        Roi { centre: d.centre(), side: d.bbox[2].max(d.bbox[3]) * 1.5, angle: (l.y - r.y).atan2(l.x - r.x) }
    }

    /// MediaPipe's landmarks-to-ROI: eye corners give the angle; the landmarks' box in the turned frame,
    /// squared and scaled 1.5, gives centre and side.
    pub fn from_landmarks(points: &[Point]) -> Roi {
        let (r, l) = (points[idx::RIGHT_EYE_OUTER], points[idx::LEFT_EYE_OUTER]);
        let angle = (l.y - r.y).atan2(l.x - r.x);
        let (sin, cos) = angle.sin_cos();
        let turned = points.iter().map(|p| (p.x * cos + p.y * sin, -p.x * sin + p.y * cos));
        let (mut x0, mut x1, mut y0, mut y1) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
        for (x, y) in turned {
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
        }
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let centre = Point::new(cx * cos - cy * sin, cx * sin + cy * cos);
        Roi { centre, side: (x1 - x0).max(y1 - y0) * 1.5, angle }
    }
}

/// Landmarks in source pixels and the model's face-presence probability.
pub struct MeshResult {
    pub points: Vec<Point>,
    /// Each landmark's depth in source pixels (the model's z, scaled like x and y; smaller is
    /// nearer the camera).
    pub depth: Vec<f32>,
    pub presence: f32,
}

pub fn run(model: &Model, image: &RgbImage, roi: Roi) -> Result<MeshResult, VisionError> {
    let to_input = roi.to_input(model.size);
    let outputs = model.run(input_tensor(image, to_input, model.size, false)?)?;
    let (landmarks, flag) = (&outputs[0], &outputs[1]);
    if landmarks.len() != 468 * 3 || flag.is_empty() {
        return Err(VisionError::Model(format!("unexpected mesh output {}", landmarks.len())));
    }
    let back = to_input.inverse().ok_or_else(|| VisionError::Model("degenerate ROI".into()))?;
    let points = landmarks
        .chunks_exact(3)
        .map(|p| {
            let (x, y) = back.apply(f64::from(p[0]), f64::from(p[1]));
            Point::new(x as f32, y as f32)
        })
        .collect();
    let k = back.scale_factor() as f32;
    let depth = landmarks.chunks_exact(3).map(|p| p[2] * k).collect();
    Ok(MeshResult { points, depth, presence: 1.0 / (1.0 + (-flag[0]).exp()) })
}
