//! Crop geometry: the one affine transform from source pixels to output pixels.
//!
//! Coordinates are continuous: pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is at
//! (i + 0.5, j + 0.5). x' = a·x + b·y + c, y' = d·x + e·y + f maps a source point to an output point.

use serde::Serialize;

/// A 2×3 affine transform `[a, b, c, d, e, f]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Affine(pub [f64; 6]);

impl Affine {
    pub const IDENTITY: Affine = Affine([1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);

    pub fn translate(tx: f64, ty: f64) -> Affine {
        Affine([1.0, 0.0, tx, 0.0, 1.0, ty])
    }

    pub fn scale(s: f64) -> Affine {
        Affine([s, 0.0, 0.0, 0.0, s, 0.0])
    }

    /// Rotation by `degrees` (positive turns the image clockwise on screen, y pointing down).
    pub fn rotate(degrees: f64) -> Affine {
        let (sin, cos) = degrees.to_radians().sin_cos();
        Affine([cos, -sin, 0.0, sin, cos, 0.0])
    }

    /// `self` after `first`: x ↦ self(first(x)).
    pub fn after(self, first: Affine) -> Affine {
        let [a, b, c, d, e, f] = self.0;
        let [p, q, r, s, t, u] = first.0;
        Affine([
            a * p + b * s,
            a * q + b * t,
            a * r + b * u + c,
            d * p + e * s,
            d * q + e * t,
            d * r + e * u + f,
        ])
    }

    pub fn apply(self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + b * y + c, d * x + e * y + f)
    }

    pub fn determinant(self) -> f64 {
        self.0[0] * self.0[4] - self.0[1] * self.0[3]
    }

    /// The inverse; `None` for a degenerate transform.
    pub fn inverse(self) -> Option<Affine> {
        let det = self.determinant();
        if det.abs() < 1e-12 || !det.is_finite() {
            return None;
        }
        let [a, b, c, d, e, f] = self.0;
        let (ia, ib, id, ie) = (e / det, -b / det, -d / det, a / det);
        Some(Affine([ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)]))
    }

    /// Output pixels per source pixel (the uniform scale of a similarity transform).
    pub fn scale_factor(self) -> f64 {
        self.determinant().abs().sqrt()
    }

    /// Rotation in degrees.
    pub fn rotation_degrees(self) -> f64 {
        self.0[3].atan2(self.0[0]).to_degrees()
    }
}

/// A crop as the operator sees it: a rectangle in the source (top-left, size) turned by `degrees`
/// about its centre. Its aspect must match the output's.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct CropRect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub degrees: f64,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CropError {
    #[error("裁剪框 {0}×{1} 无效：宽高必须为正数")]
    Empty(f64, f64),
    #[error("裁剪框比例 {crop:.3} 与规格比例 {spec:.3} 不符（相差超过 2%）")]
    Aspect { crop: f64, spec: f64 },
    #[error("无法解析裁剪参数 `{0}`：应为 X,Y,W,H 或 X,Y,W,H,角度")]
    Syntax(String),
}

impl CropRect {
    /// Parses `X,Y,W,H[,DEG]`.
    pub fn parse(text: &str) -> Result<CropRect, CropError> {
        let nums: Result<Vec<f64>, _> = text.split(',').map(|p| p.trim().parse::<f64>()).collect();
        match nums.as_deref() {
            Ok([x, y, w, h]) => Ok(CropRect { x: *x, y: *y, width: *w, height: *h, degrees: 0.0 }),
            Ok([x, y, w, h, deg]) => Ok(CropRect { x: *x, y: *y, width: *w, height: *h, degrees: *deg }),
            _ => Err(CropError::Syntax(text.to_owned())),
        }
        .and_then(|c| {
            if [c.x, c.y, c.width, c.height, c.degrees].iter().all(|v| v.is_finite()) {
                Ok(c)
            } else {
                Err(CropError::Syntax(text.to_owned()))
            }
        })
    }

    /// The largest crop of the output's aspect centred in a `width`×`height` source.
    pub fn centred(source: [u32; 2], output: [u32; 2]) -> CropRect {
        let (sw, sh) = (f64::from(source[0]), f64::from(source[1]));
        let aspect = f64::from(output[0]) / f64::from(output[1]);
        let (w, h) = if sw / sh > aspect { (sh * aspect, sh) } else { (sw, sw / aspect) };
        CropRect { x: (sw - w) / 2.0, y: (sh - h) / 2.0, width: w, height: h, degrees: 0.0 }
    }

    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// The photo moved by `(dx, dy)` output pixels inside an `output` frame (as the operator drags
    /// it): the crop moves the other way in the source, along its own turned axes.
    pub fn moved(self, dx: f64, dy: f64, output: [u32; 2]) -> CropRect {
        let k = self.width / f64::from(output[0]);
        let (sin, cos) = self.degrees.to_radians().sin_cos();
        let (sx, sy) = ((dx * cos - dy * sin) * k, (dx * sin + dy * cos) * k);
        CropRect { x: self.x - sx, y: self.y - sy, ..self }
    }

    /// The photo enlarged by `factor` about the frame centre (the crop shrinks by it).
    pub fn zoomed(self, factor: f64) -> CropRect {
        if !(factor.is_finite() && factor > 0.0) {
            return self;
        }
        let (cx, cy) = self.centre();
        let (w, h) = (self.width / factor, self.height / factor);
        CropRect { x: cx - w / 2.0, y: cy - h / 2.0, width: w, height: h, degrees: self.degrees }
    }

    /// The photo turned by `degrees` (clockwise on screen) about the frame centre.
    pub fn turned(self, degrees: f64) -> CropRect {
        CropRect { degrees: self.degrees - degrees, ..self }
    }

    /// The source → output transform that puts this crop onto a `output` frame.
    pub fn to_affine(self, output: [u32; 2]) -> Result<Affine, CropError> {
        if !(self.width > 0.0 && self.height > 0.0) {
            return Err(CropError::Empty(self.width, self.height));
        }
        let (ow, oh) = (f64::from(output[0]), f64::from(output[1]));
        let (crop, spec) = (self.width / self.height, ow / oh);
        if (crop / spec - 1.0).abs() > 0.02 {
            return Err(CropError::Aspect { crop, spec });
        }
        let s = ow / self.width;
        let (cx, cy) = (self.x + self.width / 2.0, self.y + self.height / 2.0);
        // Move the crop centre to the origin, turn, scale, then to the output centre.
        Ok(Affine::translate(ow / 2.0, oh / 2.0)
            .after(Affine::scale(s))
            .after(Affine::rotate(-self.degrees))
            .after(Affine::translate(-cx, -cy)))
    }
}

impl super::i18n::Bilingual for CropError {
    fn en(&self) -> String {
        match self {
            CropError::Empty(w, h) => format!("Crop {w}×{h} is not valid: width and height must be positive"),
            CropError::Aspect { crop, spec } => {
                format!("Crop ratio {crop:.3} differs from the spec's {spec:.3} by more than 2%")
            }
            CropError::Syntax(t) => format!("Cannot read crop `{t}`: it is X,Y,W,H or X,Y,W,H,angle"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn a_crop_maps_its_corners_to_the_frame() {
        let crop = CropRect { x: 100.0, y: 50.0, width: 716.0, height: 882.0, degrees: 0.0 };
        let m = crop.to_affine([358, 441]).unwrap();
        assert!(close(m.apply(100.0, 50.0), (0.0, 0.0)));
        assert!(close(m.apply(816.0, 932.0), (358.0, 441.0)));
        assert!((m.scale_factor() - 0.5).abs() < 1e-12);
        let inv = m.inverse().unwrap();
        assert!(close(inv.apply(0.0, 0.0), (100.0, 50.0)));
        assert!(close(m.after(inv).apply(3.0, 4.0), (3.0, 4.0)));
    }

    #[test]
    fn rotation_turns_about_the_crop_centre() {
        let crop = CropRect { x: 0.0, y: 0.0, width: 358.0, height: 441.0, degrees: 5.0 };
        let m = crop.to_affine([358, 441]).unwrap();
        assert!(close(m.apply(179.0, 220.5), (179.0, 220.5)), "centre stays");
        assert!((m.rotation_degrees() + 5.0).abs() < 1e-9);
        // A point to the right of the centre on a line turned by +5° lands level in the output.
        let (s, c) = 5f64.to_radians().sin_cos();
        let p = m.apply(179.0 + 100.0 * c, 220.5 + 100.0 * s);
        assert!((p.1 - 220.5).abs() < 1e-9, "{p:?}");
    }

    #[test]
    fn moving_zooming_and_turning_act_on_the_output_as_the_operator_sees_it() {
        let out = [358, 441];
        let crop = CropRect { x: 100.0, y: 50.0, width: 716.0, height: 882.0, degrees: 0.0 };
        let point = (400.0, 500.0);
        let before = crop.to_affine(out).unwrap().apply(point.0, point.1);
        // Dragged 10 px right, 4 px up: the same source point lands 10 px right, 4 px up.
        let after = crop.moved(10.0, -4.0, out).to_affine(out).unwrap().apply(point.0, point.1);
        assert!(close(after, (before.0 + 10.0, before.1 - 4.0)), "{before:?} → {after:?}");
        // Also when the crop is turned.
        let turned = CropRect { degrees: 7.0, ..crop };
        let b = turned.to_affine(out).unwrap().apply(point.0, point.1);
        let a = turned.moved(10.0, -4.0, out).to_affine(out).unwrap().apply(point.0, point.1);
        assert!(close(a, (b.0 + 10.0, b.1 - 4.0)), "{b:?} → {a:?}");
        // Zoom ×1.25 about the frame centre: distances from the centre grow by 1.25.
        let z = crop.zoomed(1.25).to_affine(out).unwrap().apply(point.0, point.1);
        let c = (179.0, 220.5);
        assert!(close((z.0 - c.0, z.1 - c.1), ((before.0 - c.0) * 1.25, (before.1 - c.1) * 1.25)));
        assert_eq!(crop.zoomed(f64::NAN), crop);
        // Turning by +3° shows the photo turned clockwise by 3° on screen.
        let m = crop.turned(3.0).to_affine(out).unwrap();
        assert!((m.rotation_degrees() - 3.0).abs() < 1e-9, "{}", m.rotation_degrees());
    }

    #[test]
    fn centred_crops_and_bad_crops() {
        let c = CropRect::centred([1000, 1000], [358, 441]);
        assert!((c.height - 1000.0).abs() < 1e-9 && (c.x - (1000.0 - c.width) / 2.0).abs() < 1e-9);
        assert!(matches!(CropRect::parse("1,2,3"), Err(CropError::Syntax(_))));
        assert_eq!(CropRect::parse("10,20,358,441,-3.5").unwrap().degrees, -3.5);
        assert!(matches!(
            CropRect::parse("0,0,100,100").unwrap().to_affine([358, 441]),
            Err(CropError::Aspect { .. })
        ));
        assert!(matches!(
            CropRect::parse("0,0,0,0").unwrap().to_affine([358, 441]),
            Err(CropError::Empty(..))
        ));
    }
}
