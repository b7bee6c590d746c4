//! Automatic placement: the crop that puts a measured face where the spec's geometry wants it (face
//! width, crown band, eye line, centred, eyes level). When the rules cannot all hold, the spec's
//! stated priority wins (GA 461: the eye rule over the crown rule).

use serde::Serialize;

use super::geometry::{Affine, CropRect};
use super::spec::{Geometry, GeometryPriority};

/// The face as measured in source pixels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FaceMeasures {
    pub right_eye: (f64, f64),
    pub left_eye: (f64, f64),
    /// Centre between the cheek edges at ear level.
    pub face_centre: (f64, f64),
    pub face_width: f64,
    pub crown: Option<(f64, f64)>,
    pub chin: (f64, f64),
}

/// The placement and what it predicts in output pixels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Placement {
    pub crop: CropRect,
    pub source_to_output: Affine,
    pub eye_line_y: f64,
    pub crown_y: Option<f64>,
    pub chin_y: f64,
    pub face_width: f64,
    /// A rule had to give way to the priority rule.
    pub conflict: bool,
}

/// Geometry used for specs that give none (inch sizes): the ID card's proportions scaled to the
/// frame — a stated default, not a rule of those specs.
pub fn fallback_geometry(px: [u32; 2]) -> Geometry {
    use super::spec::Range;
    let (w, h) = (f64::from(px[0]), f64::from(px[1]));
    let r = |a: f64, b: f64, k: f64| Range { min: (a * k) as f32, max: (b * k) as f32 };
    Geometry {
        face_width_px: r(193.0, 221.0, w / 358.0),
        crown_to_top_px: Some(r(7.0, 21.0, h / 441.0)),
        eye_line_from_top_px: None,
        eye_line_from_bottom_min_px: Some((207.0 * h / 441.0) as f32),
        head_height_px: None,
        eye_distance_px: None,
        chin_to_bottom_min_px: None,
        centre_tolerance_px: None,
        priority: GeometryPriority::EyeLine,
    }
}

/// Share of the frame height kept between the eye line and the edge of its allowed band.
pub const EYE_MARGIN: f64 = 0.02;

fn mid(min: f32, max: f32) -> f64 {
    (f64::from(min) + f64::from(max)) / 2.0
}

/// Places the face in a `px` frame following `g`.
pub fn place(face: &FaceMeasures, g: &Geometry, px: [u32; 2]) -> Placement {
    let (w, h) = (f64::from(px[0]), f64::from(px[1]));
    let (rx, ry) = face.right_eye;
    let (lx, ly) = face.left_eye;
    let roll = (ly - ry).atan2(lx - rx);
    // Work in a frame turned so the eyes are level, origin at the eye midpoint.
    let eye_mid = ((rx + lx) / 2.0, (ry + ly) / 2.0);
    let level = Affine::rotate(-roll.to_degrees()).after(Affine::translate(-eye_mid.0, -eye_mid.1));
    let crown_up = face.crown.map(|(x, y)| -level.apply(x, y).1).filter(|d| *d > 0.0);
    let chin_down = level.apply(face.chin.0, face.chin.1).1.max(1.0);
    let centre_x = level.apply(face.face_centre.0, face.face_centre.1).0;

    // Scale: face width, or head height when that is the priority; kept inside both when possible.
    let by_face =
        (f64::from(g.face_width_px.min) / face.face_width, f64::from(g.face_width_px.max) / face.face_width);
    let by_head = match (g.head_height_px, crown_up) {
        (Some(r), Some(up)) => {
            Some((f64::from(r.min) / (up + chin_down), f64::from(r.max) / (up + chin_down)))
        }
        _ => None,
    };
    let mut scale = match (g.priority, by_head) {
        (GeometryPriority::HeadHeight, Some((a, b))) => (a + b) / 2.0,
        _ => (by_face.0 + by_face.1) / 2.0,
    };
    let mut conflict = false;
    if let Some((a, b)) = by_head {
        let (lo, hi) = (by_face.0.max(a), by_face.1.min(b));
        if lo <= hi {
            scale = scale.clamp(lo, hi);
        } else {
            conflict = true;
        }
    }

    // Vertical: allowed eye-line band from the eye rules and the chin rule.
    let (mut lo, mut hi) = (0.0, h);
    if let Some(r) = g.eye_line_from_top_px {
        (lo, hi) = (f64::from(r.min), f64::from(r.max));
    }
    if let Some(m) = g.eye_line_from_bottom_min_px {
        hi = hi.min(h - f64::from(m));
    }
    if let Some(m) = g.chin_to_bottom_min_px {
        hi = hi.min(h - f64::from(m) - scale * chin_down);
    }
    let from_crown = match (g.crown_to_top_px, crown_up) {
        (Some(r), Some(up)) => Some(mid(r.min, r.max) + scale * up),
        _ => None,
    };
    // Where a rule has to give way, aim inside the eye band by a margin rather than on its edge, so
    // a few pixels of landmark error do not push the eyes out (measured: 3–7 px on einstein).
    let margin = (EYE_MARGIN * h).min((hi - lo).max(0.0) / 4.0);
    let eye_y = match from_crown {
        Some(y) if (lo + margin..=hi - margin).contains(&y) => y,
        Some(y) => {
            conflict = !(lo..=hi).contains(&y);
            match g.priority {
                GeometryPriority::EyeLine => y.clamp((lo + margin).min(hi), (hi - margin).max(lo)),
                _ if conflict => y,
                _ => y.clamp(lo + margin, hi - margin),
            }
        }
        None if g.eye_line_from_top_px.is_some() => (lo + hi) / 2.0,
        None => hi.min(0.45 * h).max(lo),
    };

    let source_to_output = Affine::translate(w / 2.0, eye_y)
        .after(Affine::scale(scale))
        .after(Affine::translate(-centre_x, 0.0))
        .after(level);
    let inverse = source_to_output.inverse().unwrap_or(Affine::IDENTITY);
    let (cx, cy) = inverse.apply(w / 2.0, h / 2.0);
    let crop = CropRect {
        x: cx - w / scale / 2.0,
        y: cy - h / scale / 2.0,
        width: w / scale,
        height: h / scale,
        degrees: roll.to_degrees(),
    };
    Placement {
        crop,
        source_to_output,
        eye_line_y: eye_y,
        crown_y: crown_up.map(|up| eye_y - scale * up),
        chin_y: eye_y + scale * chin_down,
        face_width: scale * face.face_width,
        conflict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id_geometry() -> Geometry {
        crate::domain::spec::id_card_geometry_for_tests()
    }

    fn face(tilt: f64) -> FaceMeasures {
        // A face 400 px wide, eyes 260 px below the crown, chin 300 px below the eyes, turned by `tilt`°.
        let r = Affine::rotate(tilt);
        let at = |x: f64, y: f64| {
            let (a, b) = r.apply(x, y);
            (a + 1000.0, b + 800.0)
        };
        FaceMeasures {
            right_eye: at(-90.0, 0.0),
            left_eye: at(90.0, 0.0),
            face_centre: at(0.0, 0.0),
            face_width: 400.0,
            crown: Some(at(0.0, -260.0)),
            chin: at(0.0, 300.0),
        }
    }

    #[test]
    fn the_id_card_rules_hold_for_a_level_and_a_tilted_face() {
        for tilt in [0.0, 6.0, -8.0] {
            let f = face(tilt);
            let p = place(&f, &id_geometry(), [358, 441]);
            assert!((p.face_width - 207.0).abs() < 1e-6, "{p:?}");
            let crown = p.crown_y.unwrap();
            assert!((7.0..=21.0).contains(&crown), "crown {crown}");
            assert!(p.eye_line_y <= 441.0 - 207.0);
            assert!(!p.conflict);
            // The eyes land level and the face centre on the centre line.
            let m = p.source_to_output;
            let (r, l) = (m.apply(f.right_eye.0, f.right_eye.1), m.apply(f.left_eye.0, f.left_eye.1));
            assert!((r.1 - l.1).abs() < 1e-6 && (r.1 - p.eye_line_y).abs() < 1e-6);
            assert!((m.apply(f.face_centre.0, f.face_centre.1).0 - 179.0).abs() < 1e-6);
            // The crop rectangle describes the same transform.
            let again = p.crop.to_affine([358, 441]).unwrap();
            for (x, y) in [(0.0, 0.0), (1500.0, 300.0)] {
                let (a, b) = (m.apply(x, y), again.apply(x, y));
                assert!((a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn the_eye_rule_wins_over_the_crown_rule() {
        // A very tall hairdo: crown 500 px above the eyes. Crown at 14 px would put the eyes at
        // 14 + 0.5175 × 500 ≈ 273 px, below the 234 px the eye rule allows.
        let mut f = face(0.0);
        f.crown = Some((1000.0, 300.0));
        let p = place(&f, &id_geometry(), [358, 441]);
        assert!(p.conflict);
        assert!((p.eye_line_y - (234.0 - EYE_MARGIN * 441.0)).abs() < 1e-9, "{}", p.eye_line_y);
        let mut crown_first = id_geometry();
        crown_first.priority = GeometryPriority::Crown;
        let p = place(&f, &crown_first, [358, 441]);
        assert!((p.crown_y.unwrap() - 14.0).abs() < 1e-9);
    }
}
