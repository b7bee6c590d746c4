//! idphoto-studio's one door to `fast_image_resize`. Its `Resizer::resize` is generic over the image
//! types, so every crate that calls it compiles the whole convolution tree (hundreds of
//! const-generic copies per pixel type) again: in the app that was 42 % of its LLVM IR, built twice
//! (the library and its unit tests). Called through these non-generic functions, it is compiled
//! once, in this crate, early and beside the other dependencies (docs/build.md).

use fast_image_resize::images::{TypedImage, TypedImageRef};
use fast_image_resize::pixels::{U8x3, U8x4};
use fast_image_resize::{FilterType, PixelTrait, ResizeAlg, ResizeOptions, Resizer};

/// The resampling filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// For photos: sharp and without ringing worth seeing.
    Lanczos3,
    /// For previews: cheap.
    Bilinear,
}

/// The pixel layout of a buffer: 8-bit RGB, or 8-bit RGBA that is opaque (no pre-multiplication).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Rgb8,
    OpaqueRgba8,
}

/// Resizes the fractional box `crop` (left, top, width, height; the whole picture when `None`) of
/// `pixels` (`size`, `layout`) to `out` pixels. Errors are the library's, as text.
pub fn resize(
    pixels: &[u8],
    size: [u32; 2],
    layout: Layout,
    crop: Option<(f64, f64, f64, f64)>,
    out: [u32; 2],
    filter: Filter,
) -> Result<Vec<u8>, String> {
    let filter = match filter {
        Filter::Lanczos3 => FilterType::Lanczos3,
        Filter::Bilinear => FilterType::Bilinear,
    };
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(filter)).use_alpha(false);
    if let Some((left, top, width, height)) = crop {
        options = options.crop(left, top, width, height);
    }
    // Typed, so only the two pixel types used are compiled (`Resizer::resize` instantiates all
    // thirteen of the library's: 135 s of one core in a clean CI build, docs/build.md).
    match layout {
        Layout::Rgb8 => typed::<U8x3>(pixels, size, out, &options),
        Layout::OpaqueRgba8 => typed::<U8x4>(pixels, size, out, &options),
    }
}

fn typed<P: PixelTrait>(
    pixels: &[u8],
    size: [u32; 2],
    out: [u32; 2],
    options: &ResizeOptions,
) -> Result<Vec<u8>, String> {
    let src = TypedImageRef::<P>::from_buffer(size[0], size[1], pixels).map_err(|e| e.to_string())?;
    let mut buffer = vec![0u8; out[0] as usize * out[1] as usize * P::size()];
    let mut dst = TypedImage::<P>::from_buffer(out[0], out[1], &mut buffer).map_err(|e| e.to_string())?;
    Resizer::new().resize_typed(&src, &mut dst, options).map_err(|e| e.to_string())?;
    Ok(buffer)
}

/// Warps `source` into an `out`-sized picture by the affine `matrix` (row-major
/// `[a, b, c, d, e, f]`: output = (a·x + b·y + c, d·x + e·y + f), pixel centres at integer
/// coordinates), bicubic, with `background` where the source does not reach. `None` when the
/// matrix cannot be inverted.
///
/// imageproc's `warp_into` is generic over the pixel type: called from the app it was compiled
/// into the library and again into its unit tests, and at the test profile's opt-level its
/// per-pixel helpers were not inlined (15 % of the integration tests' CPU, docs/build.md).
pub fn warp_bicubic_rgb8(
    source: &image::RgbImage,
    matrix: [f32; 6],
    background: [u8; 3],
    out: [u32; 2],
) -> Option<image::RgbImage> {
    use imageproc::geometric_transformations::{Border, Interpolation, Projection, warp_into};
    let [a, b, c, d, e, f] = matrix;
    let projection = Projection::from_matrix([a, b, c, d, e, f, 0.0, 0.0, 1.0])?;
    let mut dst = image::RgbImage::from_pixel(out[0], out[1], image::Rgb(background));
    warp_into(source, projection, Interpolation::Bicubic, Border::Constant(image::Rgb(background)), &mut dst);
    Some(dst)
}
