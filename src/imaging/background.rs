//! Background replacement: with the refined matte (`matte`: alpha and the person's own colours) the
//! photo is composited onto the spec colour and anything of the old background left outside the
//! person is removed ([`composite`], [`remove_remnants`]); with a coarse mask only, a feathered edge
//! with the edge colours decontaminated ([`replace`]).

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

/// Composites the person onto `colour`: `alpha` (0–255) and `fg` (the person's colour without the
/// old background) per output pixel, so `image = α·F + (1−α)·colour`.
pub fn composite(image: &mut RgbImage, alpha: &GrayImage, fg: &RgbImage, colour: [u8; 3]) {
    debug_assert_eq!(image.dimensions(), alpha.dimensions());
    for (x, y, p) in image.enumerate_pixels_mut() {
        let a = f32::from(alpha.get_pixel(x, y)[0]) / 255.0;
        if a >= 0.999 {
            continue;
        }
        let f = fg.get_pixel(x, y);
        for c in 0..3 {
            // Where the person is fully opaque the photo's own pixel stays (sharpest); on the edge
            // the decontaminated colour is blended with the new background.
            p[c] = (a * f32::from(f[c]) + (1.0 - a) * f32::from(colour[c])).round() as u8;
        }
    }
}

/// What [`remove_remnants`] found and removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Remnants {
    /// Regions of non-background colour outside the person's silhouette.
    pub regions: u32,
    pub pixels: u32,
    pub largest: u32,
}

/// Pixels of `image` that differ from the background `colour` by more than `tolerance` (per
/// channel) and are not within `margin` pixels of the person (`alpha` ≥ 128) are remnants of the old
/// background: each such 8-connected region is painted with `colour`.
pub fn remove_remnants(
    image: &mut RgbImage,
    alpha: &GrayImage,
    colour: [u8; 3],
    tolerance: u8,
    margin: u32,
) -> Remnants {
    let (w, h) = image.dimensions();
    let near_person = near(alpha, margin);
    let off = |p: &image::Rgb<u8>| (0..3).any(|c| p[c].abs_diff(colour[c]) > tolerance);
    let candidate: Vec<bool> =
        image.enumerate_pixels().map(|(x, y, p)| off(p) && !near_person[(y * w + x) as usize]).collect();
    let mut found = Remnants::default();
    let mut seen = vec![false; candidate.len()];
    for start in 0..candidate.len() {
        if !candidate[start] || seen[start] {
            continue;
        }
        let region = region_of(&candidate, &mut seen, w as usize, h as usize, start);
        found.regions += 1;
        found.pixels += region.len() as u32;
        found.largest = found.largest.max(region.len() as u32);
        for i in region {
            image.put_pixel(i as u32 % w, i as u32 / w, image::Rgb(colour));
        }
    }
    found
}

/// The largest region of the old backdrop's colour left in a photo.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OldBackdropLeft {
    pub pixels: u32,
    /// How many of them the matte counts as background (alpha < 128).
    pub outside_person: u32,
    /// Its centre, as a share of the frame's width and height.
    pub at: [f64; 2],
}

/// The largest 8-connected region of pixels within `tolerance` (ΔE) of the old backdrop's colour
/// `old` (CIE L*a*b*): what is left of a uniform backdrop, or the person's own clothes or hair of
/// that colour (`alpha`, the matte in the same frame, tells which side of the silhouette it is).
pub fn old_backdrop_left(
    image: &RgbImage,
    alpha: &GrayImage,
    old: [f32; 3],
    tolerance: f32,
) -> Option<OldBackdropLeft> {
    let (w, h) = image.dimensions();
    let old_coloured: Vec<bool> =
        image.pixels().map(|p| super::quality::delta_e(super::quality::lab(p.0), old) <= tolerance).collect();
    let mut seen = vec![false; old_coloured.len()];
    let mut best: Option<OldBackdropLeft> = None;
    for start in 0..old_coloured.len() {
        if !old_coloured[start] || seen[start] {
            continue;
        }
        let region = region_of(&old_coloured, &mut seen, w as usize, h as usize, start);
        let pixels = region.len() as u32;
        if best.is_some_and(|b| b.pixels >= pixels) {
            continue;
        }
        let (mut sx, mut sy, mut outside_person) = (0f64, 0f64, 0u32);
        for &i in &region {
            let (x, y) = ((i % w as usize) as u32, (i / w as usize) as u32);
            sx += f64::from(x) + 0.5;
            sy += f64::from(y) + 0.5;
            if alpha.get_pixel_checked(x, y).is_none_or(|a| a[0] < 128) {
                outside_person += 1;
            }
        }
        let n = f64::from(pixels);
        best = Some(OldBackdropLeft {
            pixels,
            outside_person,
            at: [sx / n / f64::from(w), sy / n / f64::from(h)],
        });
    }
    best
}

/// A shadow cast on a uniform backdrop beside the person, in the source before replacement: how
/// much darker (L*) than the backdrop's own lightness `backdrop_l` the darkest of eight sectors
/// around the head and shoulders is, counting only backdrop pixels (`person` < 0.1) within 0.3 face
/// widths of the person (`person` ≥ 0.5). `eyes` and `face_width` are in source pixels. `None` when
/// fewer than two sectors have 20 such pixels.
pub fn backdrop_shadow(
    source: &RgbImage,
    person: &dyn Fn(f64, f64) -> f32,
    eyes: (f64, f64),
    face_width: f64,
    backdrop_l: f32,
) -> Option<f64> {
    const SECTORS: usize = 8;
    let (w, h) = (f64::from(source.width()), f64::from(source.height()));
    let (step, reach) = ((face_width / 30.0).max(1.0), 0.3 * face_width);
    // Sectors turn around a point below the eyes (the middle of head and shoulders).
    let hub = (eyes.0, eyes.1 + 0.5 * face_width);
    let mut sectors: Vec<Vec<f32>> = vec![Vec::new(); SECTORS];
    let mut y = (eyes.1 - 1.0 * face_width).max(0.0);
    while y < (eyes.1 + 1.6 * face_width).min(h) {
        let mut x = (eyes.0 - 1.6 * face_width).max(0.0);
        while x < (eyes.0 + 1.6 * face_width).min(w) {
            let near = [(reach, 0.0), (-reach, 0.0), (0.0, reach), (0.0, -reach)]
                .iter()
                .any(|&(dx, dy)| person(x + dx, y + dy) >= 0.5);
            if near && person(x, y) < 0.1 {
                let angle = (y - hub.1).atan2(x - hub.0) + std::f64::consts::PI;
                let k = ((angle / std::f64::consts::TAU * SECTORS as f64) as usize).min(SECTORS - 1);
                sectors[k].push(super::quality::lab(source.get_pixel(x as u32, y as u32).0)[0]);
            }
            x += step;
        }
        y += step;
    }
    let medians: Vec<f32> = sectors
        .iter_mut()
        .filter(|s| s.len() >= 20)
        .map(|s| {
            s.sort_by(f32::total_cmp);
            s[s.len() / 2]
        })
        .collect();
    let darkest = medians.iter().copied().reduce(f32::min).filter(|_| medians.len() >= 2)?;
    Some(f64::from(backdrop_l - darkest).max(0.0))
}

/// Pixels within `margin` (square neighbourhood) of a person pixel (`alpha` ≥ 128).
pub fn near(alpha: &GrayImage, margin: u32) -> Vec<bool> {
    let person = GrayImage::from_fn(alpha.width(), alpha.height(), |x, y| {
        image::Luma([if alpha.get_pixel(x, y)[0] >= 128 { 255 } else { 0 }])
    });
    let grown = if margin > 0 {
        // The square of side 2·margin + 1 is the L∞ ball: a distance transform, linear in the
        // pixels (a mask dilation costs margin² per pixel: 11 % of a capture's processing).
        imageproc::morphology::dilate(
            &person,
            imageproc::distance_transform::Norm::LInf,
            margin.min(255) as u8,
        )
    } else {
        person
    };
    grown.pixels().map(|p| p[0] > 0).collect()
}

/// The 8-connected region of `mask` holding `start`, marking it in `seen`.
pub fn region_of(mask: &[bool], seen: &mut [bool], w: usize, h: usize, start: usize) -> Vec<usize> {
    let mut region = Vec::new();
    let mut stack = vec![start];
    seen[start] = true;
    while let Some(i) = stack.pop() {
        region.push(i);
        let (x, y) = ((i % w) as i64, (i / w) as i64);
        for dy in -1..=1 {
            for dx in -1..=1 {
                let (nx, ny) = (x + dx, y + dy);
                if (dx, dy) == (0, 0) || nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                    continue;
                }
                let j = ny as usize * w + nx as usize;
                if mask[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
    }
    region
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Luma, Rgb};

    #[test]
    fn the_old_backdrop_left_is_found_with_its_side_of_the_silhouette() {
        let blue = [67u8, 142, 219];
        let mut img = RgbImage::from_pixel(60, 40, Rgb([255, 255, 255]));
        let alpha = GrayImage::from_fn(60, 40, |x, _| Luma([if (20..40).contains(&x) { 255 } else { 0 }]));
        // A 5×4 blue patch straddling the silhouette's left edge (x 17..22), and 2 px far off.
        for y in 10..14 {
            for x in 17..22 {
                img.put_pixel(x, y, Rgb(blue));
            }
        }
        img.put_pixel(55, 35, Rgb([70, 140, 220]));
        img.put_pixel(56, 35, Rgb([70, 140, 220]));
        let old = super::super::quality::lab(blue);
        let left = old_backdrop_left(&img, &alpha, old, 6.0).expect("found");
        assert_eq!(left.pixels, 20);
        assert_eq!(left.outside_person, 12);
        assert!((left.at[0] - 19.5 / 60.0).abs() < 1e-9 && (left.at[1] - 12.0 / 40.0).abs() < 1e-9);
        assert_eq!(old_backdrop_left(&RgbImage::from_pixel(8, 8, Rgb([255; 3])), &alpha, old, 6.0), None);
    }

    #[test]
    fn remnants_outside_the_person_are_removed_and_counted() {
        let mut img = RgbImage::from_pixel(60, 40, Rgb([255, 255, 255]));
        let alpha = GrayImage::from_fn(60, 40, |x, _| Luma([if (20..40).contains(&x) { 255 } else { 0 }]));
        for (x, y) in [(2, 2), (3, 2), (2, 3), (50, 30), (21, 5)] {
            img.put_pixel(x, y, Rgb([200, 170, 40])); // flag gold
        }
        // Just beside the person (within the margin): hair, kept.
        img.put_pixel(18, 10, Rgb([60, 40, 30]));
        let r = remove_remnants(&mut img, &alpha, [255, 255, 255], 8, 3);
        assert_eq!(r, Remnants { regions: 2, pixels: 4, largest: 3 });
        assert_eq!(img.get_pixel(2, 2), &Rgb([255, 255, 255]));
        assert_eq!(img.get_pixel(21, 5), &Rgb([200, 170, 40]), "on the person: untouched");
        assert_eq!(img.get_pixel(18, 10), &Rgb([60, 40, 30]), "near the person: untouched");
    }

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
