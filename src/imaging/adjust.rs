//! Exposure, contrast, white balance and saturation on the output-size image.

use image::RgbImage;

use crate::domain::adjust::Adjustments;

fn to_linear(v: f32) -> f32 {
    if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
}

fn to_srgb(v: f32) -> f32 {
    let v = v.clamp(0.0, 1.0);
    if v <= 0.003_130_8 { v * 12.92 } else { 1.055 * v.powf(1.0 / 2.4) - 0.055 }
}

/// Applies the adjustments in place. Exposure and white balance work in linear light; contrast
/// around mid-grey and saturation around luma in sRGB.
pub fn apply(image: &mut RgbImage, adj: Adjustments) {
    let adj = adj.clamped();
    if adj.is_identity() {
        return;
    }
    let gain = 2f32.powf(adj.exposure_ev);
    // Temperature moves red against blue, tint moves green against magenta (about ±25 %).
    let wb = [1.0 + 0.25 * adj.temperature, 1.0 - 0.25 * adj.tint, 1.0 - 0.25 * adj.temperature];
    let contrast = 1.0 + adj.contrast;
    let saturation = 1.0 + adj.saturation;
    // Exposure, white balance and contrast are per channel: three lookup tables.
    let luts: [[f32; 256]; 3] = std::array::from_fn(|c| {
        std::array::from_fn(|i| {
            let lin = to_linear(i as f32 / 255.0) * gain * wb[c];
            (to_srgb(lin) - 0.5) * contrast + 0.5
        })
    });
    for p in image.pixels_mut() {
        let v = [luts[0][p[0] as usize], luts[1][p[1] as usize], luts[2][p[2] as usize]];
        let luma = 0.299 * v[0] + 0.587 * v[1] + 0.114 * v[2];
        for c in 0..3 {
            p[c] = ((luma + (v[c] - luma) * saturation).clamp(0.0, 1.0) * 255.0).round() as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn each_adjustment_moves_pixels_the_right_way() {
        let base = RgbImage::from_pixel(2, 2, Rgb([120, 100, 80]));
        let run = |adj: Adjustments| {
            let mut img = base.clone();
            apply(&mut img, adj);
            *img.get_pixel(0, 0)
        };
        assert_eq!(run(Adjustments::default()), Rgb([120, 100, 80]));
        assert!(run(Adjustments { exposure_ev: 1.0, ..Default::default() })[1] > 120);
        let warm = run(Adjustments { temperature: 0.5, ..Default::default() });
        assert!(warm[0] > 120 && warm[2] < 80);
        let grey = run(Adjustments { saturation: -1.0, ..Default::default() });
        assert!(grey[0] == grey[1] && grey[1] == grey[2]);
        let flat = run(Adjustments { contrast: -1.0, ..Default::default() });
        assert!(flat.0.iter().all(|&v| v == 128));
    }
}
