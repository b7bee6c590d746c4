//! Resampling: renders the output frame from the source through one affine transform.
//!
//! Downscaling is done by `fast_image_resize` (Lanczos 3, SIMD; through `crates/resize`) straight to
//! the output when the crop is level and inside the source; otherwise to an intermediate at output
//! scale, then the remaining rotation by a bicubic warp (`imageproc`, through the same crate). Areas
//! outside the source get the background colour.

use image::{Rgb, RgbImage};

use crate::domain::geometry::Affine;

#[derive(Debug, thiserror::Error)]
pub enum ResampleError {
    #[error("裁剪变换无效（缩放为零或非数值）")]
    Degenerate,
    #[error("缩放失败：{0}")]
    Resize(String),
}

/// The rendered frame and how much of it the source did not cover.
pub struct Rendered {
    pub image: RgbImage,
    /// Share of output pixels (0–1) whose centre falls outside the source.
    pub uncovered: f64,
}

/// Renders `out_size` output pixels from `source` through `source_to_output`.
pub fn render(
    source: &RgbImage,
    source_to_output: Affine,
    out_size: [u32; 2],
    background: [u8; 3],
) -> Result<Rendered, ResampleError> {
    let inverse = source_to_output.inverse().ok_or(ResampleError::Degenerate)?;
    let [ow, oh] = out_size;
    let (sw, sh) = (f64::from(source.width()), f64::from(source.height()));
    let uncovered = uncovered_share(inverse, out_size, sw, sh);

    // The source rectangle under the output frame.
    let corners = [(0.0, 0.0), (f64::from(ow), 0.0), (0.0, f64::from(oh)), (f64::from(ow), f64::from(oh))]
        .map(|(x, y)| inverse.apply(x, y));
    let min_x = corners.iter().map(|c| c.0).fold(f64::INFINITY, f64::min);
    let max_x = corners.iter().map(|c| c.0).fold(f64::NEG_INFINITY, f64::max);
    let min_y = corners.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
    let max_y = corners.iter().map(|c| c.1).fold(f64::NEG_INFINITY, f64::max);
    let level = source_to_output.rotation_degrees().abs() < 1e-6;
    let inside = min_x >= 0.0 && min_y >= 0.0 && max_x <= sw && max_y <= sh;
    let scale = source_to_output.scale_factor();

    if level && inside && scale <= 1.0 {
        // One Lanczos pass from the exact (fractional) crop box to the output.
        let image = resize_box(source, (min_x, min_y, max_x - min_x, max_y - min_y), out_size)?;
        return Ok(Rendered { image, uncovered });
    }

    // Intermediate at output scale when shrinking (so the warp never aliases), else the source itself.
    let margin = 4.0 / scale.min(1.0);
    let bx0 = (min_x - margin).floor().clamp(0.0, sw);
    let by0 = (min_y - margin).floor().clamp(0.0, sh);
    let bx1 = (max_x + margin).ceil().clamp(0.0, sw);
    let by1 = (max_y + margin).ceil().clamp(0.0, sh);
    if bx1 - bx0 < 1.0 || by1 - by0 < 1.0 {
        return Ok(Rendered { image: RgbImage::from_pixel(ow, oh, Rgb(background)), uncovered });
    }
    let (intermediate, to_source) = if scale < 1.0 {
        let iw = ((bx1 - bx0) * scale).round().max(1.0) as u32;
        let ih = ((by1 - by0) * scale).round().max(1.0) as u32;
        let img = resize_box(source, (bx0, by0, bx1 - bx0, by1 - by0), [iw, ih])?;
        let to_source =
            Affine([(bx1 - bx0) / f64::from(iw), 0.0, bx0, 0.0, (by1 - by0) / f64::from(ih), by0]);
        (std::borrow::Cow::Owned(img), to_source)
    } else {
        (std::borrow::Cow::Borrowed(source), Affine::IDENTITY)
    };
    // imageproc samples pixel centres at integer coordinates: shift by half a pixel on both sides.
    let m = Affine::translate(-0.5, -0.5)
        .after(source_to_output)
        .after(to_source)
        .after(Affine::translate(0.5, 0.5));
    let [a, b, c, d, e, f] = m.0.map(|v| v as f32);
    let out = idphoto_resize::warp_bicubic_rgb8(&intermediate, [a, b, c, d, e, f], background, out_size)
        .ok_or(ResampleError::Degenerate)?;
    Ok(Rendered { image: out, uncovered })
}

/// Resizes the fractional box `(left, top, width, height)` of `source` to `size` with Lanczos 3.
pub fn resize_box(
    source: &RgbImage,
    crop: (f64, f64, f64, f64),
    size: [u32; 2],
) -> Result<RgbImage, ResampleError> {
    use idphoto_resize::{Filter, Layout, resize};
    let [w, h] = [source.width(), source.height()];
    let pixels = resize(source.as_raw(), [w, h], Layout::Rgb8, Some(crop), size, Filter::Lanczos3)
        .map_err(ResampleError::Resize)?;
    RgbImage::from_raw(size[0], size[1], pixels).ok_or_else(|| ResampleError::Resize("buffer size".into()))
}

/// Share of output pixel centres that map outside the source.
fn uncovered_share(inverse: Affine, [ow, oh]: [u32; 2], sw: f64, sh: f64) -> f64 {
    let mut outside = 0u64;
    for y in 0..oh {
        for x in 0..ow {
            let (sx, sy) = inverse.apply(f64::from(x) + 0.5, f64::from(y) + 0.5);
            if !(0.0..sw).contains(&sx) || !(0.0..sh).contains(&sy) {
                outside += 1;
            }
        }
    }
    outside as f64 / (f64::from(ow) * f64::from(oh))
}

impl crate::domain::i18n::Bilingual for ResampleError {
    fn en(&self) -> String {
        match self {
            ResampleError::Degenerate => "The crop is not valid (zero or no scale)".into(),
            ResampleError::Resize(e) => format!("Scaling failed: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::geometry::CropRect;

    /// The resize door (crates/resize) itself: colours stay where they were, a crop picks its part,
    /// a buffer of the wrong size is an error, not a panic.
    #[test]
    fn the_resize_door_keeps_halves_crops_and_refuses_a_wrong_buffer() {
        use idphoto_resize::{Filter, Layout, resize};
        // 8×4, left half red, right half blue → 4×2.
        let px: Vec<u8> =
            (0..32).flat_map(|i| if i % 8 < 4 { [200, 10, 10] } else { [10, 10, 200] }).collect();
        let out = resize(&px, [8, 4], Layout::Rgb8, None, [4, 2], Filter::Lanczos3).unwrap();
        assert_eq!(out.len(), 4 * 2 * 3);
        assert!(out[0] > 150 && out[2] < 60, "{:?}", &out[..3]);
        assert!(out[9] < 60 && out[11] > 150, "{:?}", &out[9..12]);
        let right = resize(&px, [8, 4], Layout::Rgb8, Some((4.0, 0.0, 4.0, 4.0)), [2, 2], Filter::Bilinear);
        assert!(right.unwrap().chunks(3).all(|p| p[2] > 150 && p[0] < 60));
        assert!(resize(&px, [9, 4], Layout::Rgb8, None, [4, 2], Filter::Bilinear).is_err(), "wrong size");
    }

    /// A source with a sharp white square on black, to find where it lands.
    fn square_source() -> RgbImage {
        RgbImage::from_fn(1000, 1000, |x, y| {
            if (400..600).contains(&x) && (300..500).contains(&y) {
                Rgb([255, 255, 255])
            } else {
                Rgb([0, 0, 0])
            }
        })
    }

    fn centroid(img: &RgbImage) -> (f64, f64) {
        let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
        for (x, y, p) in img.enumerate_pixels() {
            let w = f64::from(p[0]) / 255.0;
            sx += (f64::from(x) + 0.5) * w;
            sy += (f64::from(y) + 0.5) * w;
            n += w;
        }
        (sx / n, sy / n)
    }

    #[test]
    fn level_and_rotated_crops_put_the_square_where_the_affine_says() {
        let src = square_source();
        for degrees in [0.0, 7.0, -4.0] {
            let crop = CropRect { x: 200.0, y: 100.0, width: 500.0, height: 616.0, degrees };
            let m = crop.to_affine([358, 441]).unwrap();
            let r = render(&src, m, [358, 441], [0, 0, 0]).unwrap();
            let want = m.apply(500.0, 400.0);
            let got = centroid(&r.image);
            assert!(
                (got.0 - want.0).abs() < 0.6 && (got.1 - want.1).abs() < 0.6,
                "{degrees}: {got:?} vs {want:?}"
            );
            assert_eq!(r.uncovered, 0.0);
        }
    }

    #[test]
    fn areas_outside_the_source_are_background_and_reported() {
        let src = square_source();
        let crop = CropRect { x: -250.0, y: 0.0, width: 500.0, height: 616.0, degrees: 0.0 };
        let m = crop.to_affine([358, 441]).unwrap();
        let r = render(&src, m, [358, 441], [255, 0, 0]).unwrap();
        assert!((r.uncovered - 0.5).abs() < 0.01, "{}", r.uncovered);
        assert_eq!(r.image.get_pixel(10, 200), &Rgb([255, 0, 0]));
        assert_eq!(r.image.get_pixel(340, 200)[1], 0);
    }
}
