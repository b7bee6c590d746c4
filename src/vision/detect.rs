//! BlazeFace face detection (MediaPipe short and full range): anchors, box decoding, weighted NMS.

use image::RgbImage;

use super::models::Model;
use super::{Point, VisionError, input_tensor};
use crate::domain::geometry::Affine;

/// One detected face in source pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    pub score: f32,
    /// x, y, width, height.
    pub bbox: [f32; 4],
    /// Right eye, left eye (the subject's; the right eye is on the image's left), nose tip, mouth,
    /// right ear tragion, left ear tragion.
    pub keypoints: [Point; 6],
}

impl Detection {
    pub fn centre(&self) -> Point {
        Point::new(self.bbox[0] + self.bbox[2] / 2.0, self.bbox[1] + self.bbox[3] / 2.0)
    }

    pub(super) fn translate(&mut self, dx: f32, dy: f32) {
        self.bbox[0] += dx;
        self.bbox[1] += dy;
        for k in &mut self.keypoints {
            *k = Point::new(k.x + dx, k.y + dy);
        }
    }

    fn iou(&self, other: &Detection) -> f32 {
        let [ax, ay, aw, ah] = self.bbox;
        let [bx, by, bw, bh] = other.bbox;
        let ix = ((ax + aw).min(bx + bw) - ax.max(bx)).max(0.0);
        let iy = ((ay + ah).min(by + bh) - ay.max(by)).max(0.0);
        let inter = ix * iy;
        inter / (aw * ah + bw * bh - inter).max(1e-6)
    }
}

/// Anchor centres in normalised input coordinates (MediaPipe's SSD anchor layout).
fn anchors(size: usize, strides: &[usize], per_cell: &[usize]) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    for (&stride, &n) in strides.iter().zip(per_cell) {
        let fm = size.div_ceil(stride);
        for y in 0..fm {
            for x in 0..fm {
                for _ in 0..n {
                    out.push(((x as f32 + 0.5) / fm as f32, (y as f32 + 0.5) / fm as f32));
                }
            }
        }
    }
    out
}

pub struct Detector {
    model: Model,
    anchors: Vec<(f32, f32)>,
    min_score: f32,
}

impl Detector {
    pub fn short_range(model: Model) -> Detector {
        // Strides 8, 16, 16, 16: 2 anchors per cell at stride 8, 6 (three layers of 2) at stride 16.
        let anchors = anchors(model.size, &[8, 16], &[2, 6]);
        Detector { model, anchors, min_score: 0.5 }
    }

    pub fn full_range(model: Model) -> Detector {
        let anchors = anchors(model.size, &[4], &[1]);
        Detector { model, anchors, min_score: 0.5 }
    }

    /// Faces in `image` (any size): the frame is letterboxed into the model's square input with an
    /// anti-aliased downscale, and the results mapped back to source pixels.
    pub fn detect(&self, image: &RgbImage) -> Result<Vec<Detection>, VisionError> {
        let size = self.model.size as f64;
        let (w, h) = (f64::from(image.width()), f64::from(image.height()));
        let s = size / w.max(h);
        let to_input = Affine::translate((size - w * s) / 2.0, (size - h * s) / 2.0).after(Affine::scale(s));
        let input = input_tensor(image, to_input, self.model.size, true)?;
        let outputs = self.model.run(input)?;
        let (boxes, scores) = (&outputs[0], &outputs[1]);
        if scores.len() != self.anchors.len() || boxes.len() != self.anchors.len() * 16 {
            return Err(VisionError::Model(format!(
                "unexpected detector output {} / {}",
                boxes.len(),
                scores.len()
            )));
        }
        let back = to_input.inverse().ok_or_else(|| VisionError::Model("degenerate letterbox".into()))?;
        let to_source = |x: f32, y: f32| {
            let (sx, sy) = back.apply(f64::from(x) * size, f64::from(y) * size);
            Point::new(sx as f32, sy as f32)
        };
        let mut found = Vec::new();
        for (i, &(ax, ay)) in self.anchors.iter().enumerate() {
            let score = 1.0 / (1.0 + (-scores[i].clamp(-100.0, 100.0)).exp());
            if score < self.min_score {
                continue;
            }
            let r = &boxes[i * 16..i * 16 + 16];
            let n = size as f32;
            let (cx, cy, bw, bh) = (r[0] / n + ax, r[1] / n + ay, r[2] / n, r[3] / n);
            let tl = to_source(cx - bw / 2.0, cy - bh / 2.0);
            let br = to_source(cx + bw / 2.0, cy + bh / 2.0);
            let keypoints = std::array::from_fn(|k| to_source(r[4 + 2 * k] / n + ax, r[5 + 2 * k] / n + ay));
            found.push(Detection { score, bbox: [tl.x, tl.y, br.x - tl.x, br.y - tl.y], keypoints });
        }
        Ok(weighted_nms(found, 0.3))
    }
}

/// Plain NMS across detectors or tiles: of overlapping detections the surest is kept whole (scores
/// of different models are not averaged).
pub fn best_of_overlapping(mut found: Vec<Detection>, iou: f32) -> Vec<Detection> {
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out: Vec<Detection> = Vec::new();
    for d in found {
        if out.iter().all(|kept| kept.iou(&d) <= iou) {
            out.push(d);
        }
    }
    out
}

/// MediaPipe's blending NMS: overlapping detections are averaged, weighted by score.
fn weighted_nms(mut found: Vec<Detection>, iou: f32) -> Vec<Detection> {
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    while !found.is_empty() {
        let top = found[0].clone();
        let (cluster, rest): (Vec<_>, Vec<_>) = found.into_iter().partition(|d| d.iou(&top) > iou);
        found = rest;
        let total: f32 = cluster.iter().map(|d| d.score).sum();
        let mut merged = top.clone();
        merged.bbox =
            std::array::from_fn(|k| cluster.iter().map(|d| d.bbox[k] * d.score).sum::<f32>() / total);
        merged.keypoints = std::array::from_fn(|k| {
            Point::new(
                cluster.iter().map(|d| d.keypoints[k].x * d.score).sum::<f32>() / total,
                cluster.iter().map(|d| d.keypoints[k].y * d.score).sum::<f32>() / total,
            )
        });
        out.push(merged);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_counts_match_the_models() {
        assert_eq!(anchors(128, &[8, 16], &[2, 6]).len(), 896);
        assert_eq!(anchors(192, &[4], &[1]).len(), 2304);
    }
}
