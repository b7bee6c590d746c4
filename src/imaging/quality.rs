//! Measures the finished photo for the pixel checks (`domain::pixel_checks`): background outside the
//! person, and exposure, clipping, light balance, sharpness and skin colour on the face.

use std::sync::OnceLock;

use image::{GrayImage, RgbImage};

use crate::domain::pixel_checks::{BackgroundStats, FaceStats, PixelStats};

/// Where the face sits in the output frame (output pixels, eyes levelled by the placement).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FaceRegion {
    /// The face's centre line (x) at the eye line (y).
    pub centre: (f64, f64),
    pub chin_y: f64,
    pub face_width: f64,
}

/// Mask values at or below this are background for the measuring (clear of the soft edge).
const BACKGROUND_MASK_MAX: u8 = 10;
/// Mask values at or above this count as the person.
const PERSON_MASK_MIN: u8 = 200;
/// A face pixel with every channel at or above this is blown out; at or below `CLIP_LOW`, crushed.
const CLIP_HIGH: u8 = 248;
const CLIP_LOW: u8 = 8;

struct LabTables {
    linear: [f32; 256],
    matrix: [[f32; 3]; 3],
}

fn tables() -> &'static LabTables {
    static TABLES: OnceLock<LabTables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let srgb = moxcms::TransferCharacteristics::Srgb;
        let m = moxcms::ColorProfile::new_srgb().rgb_to_xyz_matrix().v;
        LabTables {
            linear: std::array::from_fn(|i| srgb.linearize(i as f64 / 255.0) as f32),
            matrix: m.map(|row| row.map(|v| v as f32)),
        }
    })
}

/// Colour difference ΔE (CIE76) of two CIE L*a*b* colours.
pub fn delta_e(a: [f32; 3], b: [f32; 3]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// CIE L*a*b* (D50, as the ICC connection space) of an sRGB pixel.
pub fn lab(p: [u8; 3]) -> [f32; 3] {
    let t = tables();
    let rgb = p.map(|v| t.linear[usize::from(v)]);
    let row = |r: [f32; 3]| r[0] * rgb[0] + r[1] * rgb[1] + r[2] * rgb[2];
    // moxcms' `Lab::from_xyz` expects the ICC connection space's encoding, where 1.0 is stored as
    // 1 + 32767/32768; scale plain XYZ into it.
    const PCS: f32 = 32768.0 / 65535.0;
    let xyz = moxcms::Xyz::new(row(t.matrix[0]) * PCS, row(t.matrix[1]) * PCS, row(t.matrix[2]) * PCS);
    let lab = moxcms::Lab::from_xyz(xyz);
    [lab.l, lab.a, lab.b]
}

/// Measures `image` (the output photo). `mask` is the person mask in output pixels (255 = person);
/// `face` where the face is. Without a mask the background is read from the top corners.
pub fn measure(
    image: &RgbImage,
    mask: Option<&GrayImage>,
    face: Option<FaceRegion>,
    background: &[[u8; 3]],
    tolerance: u8,
) -> PixelStats {
    let mask = mask.filter(|m| m.dimensions() == image.dimensions());
    PixelStats {
        background: measure_background(image, mask, background, tolerance),
        face: face.and_then(|f| measure_face(image, mask, f)),
    }
}

fn measure_background(
    image: &RgbImage,
    mask: Option<&GrayImage>,
    colours: &[[u8; 3]],
    tolerance: u8,
) -> Option<BackgroundStats> {
    let (w, h) = image.dimensions();
    let in_corner = |x: u32, y: u32| y < h / 4 && (x < w / 6 || x >= w - w / 6);
    let is_bg = |x: u32, y: u32| match mask {
        Some(m) => m.get_pixel(x, y)[0] <= BACKGROUND_MASK_MAX,
        None => in_corner(x, y),
    };
    let (mut n, mut within, mut sum) = (0usize, 0usize, [0u64; 3]);
    let (mut l_sum, mut l_sq) = (0f64, 0f64);
    for (x, y, p) in image.enumerate_pixels() {
        if !is_bg(x, y) {
            continue;
        }
        n += 1;
        if colours.iter().any(|c| (0..3).all(|i| p[i].abs_diff(c[i]) <= tolerance)) {
            within += 1;
        }
        for i in 0..3 {
            sum[i] += u64::from(p[i]);
        }
        let l = f64::from(lab(p.0)[0]);
        l_sum += l;
        l_sq += l * l;
    }
    if n < 100 {
        return None;
    }
    let nf = n as f64;
    let mean_l = l_sum / nf;
    Some(BackgroundStats {
        pixels: n,
        mean: sum.map(|s| (s as f64 / nf).round() as u8),
        within_tolerance: within as f64 / nf,
        l_std: (l_sq / nf - mean_l * mean_l).max(0.0).sqrt(),
    })
}

/// Clamped integer pixel box `[x0, x1) × [y0, y1)`.
fn pixel_box(image: &RgbImage, x0: f64, x1: f64, y0: f64, y1: f64) -> (u32, u32, u32, u32) {
    let (w, h) = (f64::from(image.width()), f64::from(image.height()));
    let c = |v: f64, max: f64| v.round().clamp(0.0, max) as u32;
    (c(x0, w), c(x1, w), c(y0, h), c(y1, h))
}

fn measure_face(image: &RgbImage, mask: Option<&GrayImage>, f: FaceRegion) -> Option<FaceStats> {
    let fw = f.face_width;
    let (cx, ey) = f.centre;
    if fw < 8.0 {
        return None;
    }
    let person = |x: u32, y: u32| mask.is_none_or(|m| m.get_pixel(x, y)[0] >= PERSON_MASK_MIN);
    // The face: from the brows to just above the chin, the inner 70 % of the width.
    let (x0, x1, y0, y1) =
        pixel_box(image, cx - 0.35 * fw, cx + 0.35 * fw, ey - 0.2 * fw, f.chin_y - 0.05 * fw);
    let (mut n, mut high, mut low, mut coloured) = (0usize, 0usize, 0usize, 0usize);
    let (mut l_sum, mut a_sum, mut b_sum) = (0f64, 0f64, 0f64);
    for y in y0..y1 {
        for x in x0..x1 {
            if !person(x, y) {
                continue;
            }
            let p = image.get_pixel(x, y).0;
            n += 1;
            let clipped_high = p.iter().all(|&v| v >= CLIP_HIGH);
            high += usize::from(clipped_high);
            low += usize::from(p.iter().all(|&v| v <= CLIP_LOW));
            let [l, a, b] = lab(p);
            l_sum += f64::from(l);
            // Blown pixels have lost their colour; the skin colour comes from the rest.
            if !clipped_high {
                coloured += 1;
                a_sum += f64::from(a);
                b_sum += f64::from(b);
            }
        }
    }
    if n < 50 {
        return None;
    }
    let nf = n as f64;
    // Cheek patches below the eyes, left and right of the nose.
    let cheek = |from: f64, to: f64| {
        let (x0, x1, y0, y1) = pixel_box(image, cx + from * fw, cx + to * fw, ey + 0.15 * fw, ey + 0.45 * fw);
        let (mut n, mut sum) = (0usize, 0f64);
        for y in y0..y1 {
            for x in x0..x1 {
                if person(x, y) {
                    n += 1;
                    sum += f64::from(lab(image.get_pixel(x, y).0)[0]);
                }
            }
        }
        if n == 0 { l_sum / nf } else { sum / n as f64 }
    };
    Some(FaceStats {
        l_mean: l_sum / nf,
        clipped_high: high as f64 / nf,
        clipped_low: low as f64 / nf,
        l_left: cheek(-0.38, -0.12),
        l_right: cheek(0.12, 0.38),
        sharpness: sharpness(image, (x0, x1, y0, y1)),
        a_mean: a_sum / coloured.max(1) as f64,
        b_mean: b_sum / coloured.max(1) as f64,
    })
}

/// Sharpness over the box, 0 (blurred) – 1 (crisp): one minus the "blur effect" of Crete et al.
/// (2007), as in scikit-image's `blur_effect`. Blurring a sharp image removes much of its
/// neighbour-to-neighbour variation; blurring an already blurred one removes little. Contrast-free.
fn sharpness(image: &RgbImage, (x0, x1, y0, y1): (u32, u32, u32, u32)) -> f64 {
    const TAPS: i64 = 11;
    let (w, h) = ((x1 - x0) as usize, (y1 - y0) as usize);
    if w <= TAPS as usize || h <= TAPS as usize {
        return 0.0;
    }
    let luma: Vec<f64> = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .map(|(x, y)| {
            let p = image.get_pixel(x, y);
            0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])
        })
        .collect();
    // `at(i, j)` walks along direction (rows for horizontal, columns for vertical).
    let blur_along = |len: usize, lines: usize, at: &dyn Fn(usize, usize) -> f64| {
        let (mut total, mut kept) = (0f64, 0f64);
        let blurred = |line: usize, i: usize| {
            let (lo, hi) = ((i as i64 - TAPS / 2).max(0), (i as i64 + TAPS / 2).min(len as i64 - 1));
            (lo..=hi).map(|k| at(line, k as usize)).sum::<f64>() / (hi - lo + 1) as f64
        };
        for line in 0..lines {
            let mut prev_blur = blurred(line, 0);
            for i in 1..len {
                let b = blurred(line, i);
                let d_orig = (at(line, i) - at(line, i - 1)).abs();
                let d_blur = (b - prev_blur).abs();
                total += d_orig;
                kept += (d_orig - d_blur).max(0.0);
                prev_blur = b;
            }
        }
        if total <= 0.0 { 1.0 } else { (total - kept) / total }
    };
    let horizontal = blur_along(w, h, &|row, i| luma[row * w + i]);
    let vertical = blur_along(h, w, &|col, i| luma[i * w + col]);
    1.0 - horizontal.max(vertical)
}

/// JPEG blockiness of `decoded` against `original` (same size): the mean luma step across the
/// 8-pixel block edges over the mean step inside the blocks (Wang, Bovik & Evans 2000, in its
/// simplest spatial form), minus the same ratio of the original, so the picture's own edges do not
/// count. 0 for an unblocked file; `None` for different sizes or a picture under two blocks.
pub fn blockiness(decoded: &RgbImage, original: &RgbImage) -> Option<f64> {
    if decoded.dimensions() != original.dimensions() || decoded.width() < 16 || decoded.height() < 16 {
        return None;
    }
    let ratio = |img: &RgbImage| {
        let (w, h) = img.dimensions();
        let luma = |x: u32, y: u32| {
            let p = img.get_pixel(x, y);
            0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])
        };
        // [edge sum, edge count, inner sum, inner count]
        let mut s = [0f64; 4];
        let mut add = |edge: bool, d: f64| {
            let i = if edge { 0 } else { 2 };
            s[i] += d;
            s[i + 1] += 1.0;
        };
        for y in 0..h {
            for x in 0..w {
                if x + 1 < w {
                    add(x % 8 == 7, (luma(x + 1, y) - luma(x, y)).abs());
                }
                if y + 1 < h {
                    add(y % 8 == 7, (luma(x, y + 1) - luma(x, y)).abs());
                }
            }
        }
        // One grey level keeps flat pictures (a plain background) from dividing by nothing.
        (s[0] / s[1] + 1.0) / (s[2] / s[3] + 1.0)
    };
    Some((ratio(decoded) - ratio(original)).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::lab;

    #[test]
    fn lab_of_reference_colours() {
        let close = |a: [f32; 3], b: [f32; 3]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1.0);
        assert!(close(lab([255, 255, 255]), [100.0, 0.0, 0.0]), "{:?}", lab([255, 255, 255]));
        assert!(close(lab([0, 0, 0]), [0.0, 0.0, 0.0]));
        assert!(close(lab([119, 119, 119]), [50.0, 0.0, 0.0]), "{:?}", lab([119, 119, 119]));
        // sRGB red in D50 Lab (ICC): L 54.3, a 80.8, b 69.9.
        assert!(close(lab([255, 0, 0]), [54.3, 80.8, 69.9]), "{:?}", lab([255, 0, 0]));
    }
}
