//! MediaPipe's iris model on each eye: the iris centre and radius, in source pixels.
//!
//! The model sees a 64×64 square around one eye (centre between its corners, side 2.3 × their
//! distance, turned so the corners are level) and was trained on the eye at the image's left (the
//! subject's right); the other eye is mirrored in and its results mirrored back.

use image::RgbImage;

use super::mesh::idx;
use super::models::Model;
use super::{Point, VisionError, input_tensor};
use crate::domain::geometry::Affine;

/// One iris: its centre and radius in source pixels.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Iris {
    pub centre: Point,
    pub radius: f32,
}

/// Square around the eye between `a` and `b` (its corners, `a` on the image's left), as model input.
fn to_input(a: Point, b: Point, size: usize, mirror: bool) -> Affine {
    let n = size as f64;
    let (cx, cy) = (f64::from(a.x + b.x) / 2.0, f64::from(a.y + b.y) / 2.0);
    let side = 2.3 * f64::from(a.dist(b)).max(1.0);
    let angle = f64::from(b.y - a.y).atan2(f64::from(b.x - a.x));
    let m = Affine::translate(n / 2.0, n / 2.0)
        .after(Affine::scale(n / side))
        .after(Affine::rotate(-angle.to_degrees()))
        .after(Affine::translate(-cx, -cy));
    if mirror { Affine([-1.0, 0.0, n, 0.0, 1.0, 0.0]).after(m) } else { m }
}

/// Eyes narrower than this (corner to corner, in the analysed frame's pixels) are not measured:
/// the iris is then a few pixels across (einstein's eyes are 9–11 px wide, his irises 2–3 px in
/// radius) and a pixel moves the gaze by a tenth of the eye.
pub const MIN_EYE_PX: f32 = 14.0;

/// Which eye: the subject's right (the image's left) or left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Eye {
    Right,
    Left,
}

/// One iris from the face mesh's eye corners; `None` for an eye under [`MIN_EYE_PX`].
pub fn run(model: &Model, image: &RgbImage, mesh: &[Point], eye: Eye) -> Result<Option<Iris>, VisionError> {
    let (a, b, mirror) = match eye {
        Eye::Right => (mesh[idx::RIGHT_EYE_OUTER], mesh[idx::RIGHT_EYE_INNER], false),
        Eye::Left => (mesh[idx::LEFT_EYE_INNER], mesh[idx::LEFT_EYE_OUTER], true),
    };
    if a.dist(b) < MIN_EYE_PX {
        return Ok(None);
    }
    let m = to_input(a, b, model.size, mirror);
    let outputs = model.run(input_tensor(image, m, model.size, true)?)?;
    // Outputs: 71 eye-contour points and 5 iris points (centre, then four on the rim), x y z.
    let iris = outputs
        .iter()
        .find(|o| o.len() == 15)
        .ok_or_else(|| VisionError::Model("unexpected iris output".into()))?;
    let back = m.inverse().ok_or_else(|| VisionError::Model("degenerate eye ROI".into()))?;
    let at = |k: usize| {
        let (x, y) = back.apply(f64::from(iris[3 * k]), f64::from(iris[3 * k + 1]));
        Point::new(x as f32, y as f32)
    };
    let centre = at(0);
    let radius = (1..5).map(|k| centre.dist(at(k))).sum::<f32>() / 4.0;
    Ok(Some(Iris { centre, radius }))
}
