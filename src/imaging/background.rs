//! Background replacement with a person mask: feathered edge, and edge colours decontaminated so no
//! fringe of the old background (the blue halo of other tools) survives.

use image::{GrayImage, RgbImage};
use imageproc::filter::box_filter;

/// Replaces everything outside the person with `colour`. `mask` is the person's alpha at the
/// image's size (255 = person). `feather` is the edge softening radius in pixels.
pub fn replace(image: &mut RgbImage, mask: &GrayImage, colour: [u8; 3], feather: u32) {
    debug_assert_eq!(image.dimensions(), mask.dimensions());
    let alpha = if feather > 0 { box_filter(mask, feather, feather) } else { mask.clone() };
    // The old background's colour near each pixel: a wide average over pixels that are clearly
    // background, used to take the old colour back out of mixed edge pixels.
    let radius = 8;
    let (w, h) = image.dimensions();
    let mut weight = GrayImage::new(w, h);
    let mut channels = [GrayImage::new(w, h), GrayImage::new(w, h), GrayImage::new(w, h)];
    for (x, y, a) in mask.enumerate_pixels() {
        if a[0] < 25 {
            weight.put_pixel(x, y, image::Luma([255]));
            let p = image.get_pixel(x, y);
            for c in 0..3 {
                channels[c].put_pixel(x, y, image::Luma([p[c]]));
            }
        }
    }
    let weight = box_filter(&weight, radius, radius);
    let channels = channels.map(|ch| box_filter(&ch, radius, radius));
    for (x, y, p) in image.enumerate_pixels_mut() {
        // `a` blends (feathered); `coverage` is the mask itself, used to recover the person's colour.
        let a = f32::from(alpha.get_pixel(x, y)[0]) / 255.0;
        let coverage = f32::from(mask.get_pixel(x, y)[0]) / 255.0;
        if a >= 0.999 && coverage >= 0.999 {
            continue;
        }
        let wgt = f32::from(weight.get_pixel(x, y)[0]);
        for c in 0..3 {
            let old_bg = if wgt > 0.0 {
                f32::from(channels[c].get_pixel(x, y)[0]) * 255.0 / wgt
            } else {
                f32::from(colour[c])
            };
            let observed = f32::from(p[c]);
            // Foreground colour estimate: observed = coverage·F + (1−coverage)·B_old.
            let fg = if coverage > 0.05 {
                ((observed - (1.0 - coverage) * old_bg) / coverage).clamp(0.0, 255.0)
            } else {
                f32::from(colour[c])
            };
            p[c] = (a * fg + (1.0 - a) * f32::from(colour[c])).round() as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Luma, Rgb};

    #[test]
    fn blue_background_becomes_white_without_a_blue_fringe() {
        // A skin-coloured disc on blue, with a soft (mixed) edge.
        let (w, h) = (120, 120);
        let skin = [200.0f32, 150.0, 120.0];
        let blue = [40.0f32, 90.0, 220.0];
        let mut mask = GrayImage::new(w, h);
        let img = RgbImage::from_fn(w, h, |x, y| {
            let d = ((x as f32 - 60.0).powi(2) + (y as f32 - 60.0).powi(2)).sqrt();
            let a = (40.0 - d).clamp(0.0, 3.0) / 3.0;
            mask.put_pixel(x, y, Luma([(a * 255.0) as u8]));
            Rgb(std::array::from_fn(|c| (a * skin[c] + (1.0 - a) * blue[c]) as u8))
        });
        let mut out = img.clone();
        replace(&mut out, &mask, [255, 255, 255], 1);
        assert_eq!(out.get_pixel(2, 2), &Rgb([255, 255, 255]));
        assert_eq!(out.get_pixel(60, 60), img.get_pixel(60, 60), "the person is untouched");
        // On the edge ring, no pixel is bluer than the mix of skin and white would be.
        for (x, y, p) in out.enumerate_pixels() {
            let d = ((x as f32 - 60.0).powi(2) + (y as f32 - 60.0).powi(2)).sqrt();
            if (36.0..41.0).contains(&d) {
                assert!(p[2] as i32 - p[0] as i32 <= 8, "blue fringe at ({x},{y}): {p:?}");
            }
        }
    }
}
