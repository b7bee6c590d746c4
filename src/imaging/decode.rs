//! Decoding photos into 8-bit sRGB: any supported format, EXIF orientation applied, colour profile
//! converted, alpha flattened onto white, and a pixel limit checked before decoding.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

/// Images above this many pixels are refused before decoding (decompression bombs).
pub const MAX_PIXELS: u64 = 100_000_000;

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("文件是空的（0 字节）")]
    Empty,
    #[error(
        "这是 iPhone 的 HEIC/HEIF 照片，本程序无法直接读取：请在手机上导出或“存储为 JPEG”后再导入（设置 → 相机 → 格式 → 兼容性最佳）"
    )]
    Heic,
    #[error("无法识别的图片格式（支持 JPEG、PNG、WebP、BMP、TIFF）")]
    UnknownFormat,
    #[error("不支持的图片格式 {0:?}（支持 JPEG、PNG、WebP、BMP、TIFF）")]
    Unsupported(ImageFormat),
    #[error("图片过大：{width}×{height} 像素，超过 {limit} 像素上限")]
    TooLarge { width: u32, height: u32, limit: u64 },
    #[error("图片已损坏或不完整：{0}")]
    Corrupt(String),
    #[error("图片的颜色配置文件（ICC）无法使用：{0}")]
    ColourProfile(String),
}

/// The source photo, decoded (a camera frame, a tethered capture or a file) with what was done to
/// get it: what every output is rendered from. Not the order's photo, which is the output JPEG.
#[derive(Clone, Debug)]
pub struct SourcePhoto {
    pub image: RgbImage,
    /// The file format; `None` for a camera frame.
    pub format: Option<ImageFormat>,
    /// EXIF orientation that was applied (1 = none).
    pub orientation: u8,
    /// An embedded ICC profile was converted to sRGB.
    pub converted_profile: bool,
    /// The source had an alpha channel, flattened onto white.
    pub had_alpha: bool,
    /// The source had more than 8 bits per channel.
    pub was_16_bit: bool,
    pub was_grey: bool,
}

impl SourcePhoto {
    /// A frame that is already RGB in sRGB (a camera frame, a test image).
    pub fn from_rgb(image: RgbImage) -> SourcePhoto {
        SourcePhoto {
            image,
            format: None,
            orientation: 1,
            converted_profile: false,
            had_alpha: false,
            was_16_bit: false,
            was_grey: false,
        }
    }
}

const SUPPORTED: [ImageFormat; 5] =
    [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP, ImageFormat::Bmp, ImageFormat::Tiff];

fn is_heif(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"avif"
        )
}

/// Decodes any supported photo into 8-bit sRGB.
pub fn load_photo(bytes: &[u8]) -> Result<SourcePhoto, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if is_heif(bytes) {
        return Err(DecodeError::Heic);
    }
    let corrupt = |e: image::ImageError| DecodeError::Corrupt(e.to_string());
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    let format = reader.format().ok_or(DecodeError::UnknownFormat)?;
    if !SUPPORTED.contains(&format) {
        return Err(DecodeError::Unsupported(format));
    }
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(DecodeError::TooLarge { width, height, limit: MAX_PIXELS });
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8 + (64 << 20));
    decoder.set_limits(limits).map_err(corrupt)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let colour = decoder.color_type();
    let mut image = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    image.apply_orientation(orientation);

    let had_alpha = colour.has_alpha();
    let was_16_bit = colour.bytes_per_pixel() / colour.channel_count() > 1;
    let was_grey = !colour.has_color();
    let mut rgb = match image {
        // Most camera JPEGs are already 8-bit RGB: take the buffer instead of copying 70 MB.
        DynamicImage::ImageRgb8(rgb) => rgb,
        other if had_alpha => flatten_on_white(&other),
        other => other.to_rgb8(),
    };
    let converted_profile = match icc {
        Some(profile) if !was_grey => convert_to_srgb(&mut rgb, &profile)?,
        _ => false,
    };
    Ok(SourcePhoto {
        image: rgb,
        format: Some(format),
        orientation: orientation_code(orientation),
        converted_profile,
        had_alpha,
        was_16_bit,
        was_grey,
    })
}

fn orientation_code(o: image::metadata::Orientation) -> u8 {
    use image::metadata::Orientation::*;
    match o {
        NoTransforms => 1,
        FlipHorizontal => 2,
        Rotate180 => 3,
        FlipVertical => 4,
        Rotate90FlipH => 5,
        Rotate90 => 6,
        Rotate270FlipH => 7,
        Rotate270 => 8,
    }
}

/// Transparent areas become white (the usual ID background), not black.
fn flatten_on_white(image: &DynamicImage) -> RgbImage {
    let rgba = image.to_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(p[3]);
        for c in 0..3 {
            o[c] = ((u16::from(p[c]) * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    out
}

/// Converts from the embedded profile to sRGB; returns whether anything was done. Profiles that are
/// already sRGB are left alone.
fn convert_to_srgb(rgb: &mut RgbImage, icc: &[u8]) -> Result<bool, DecodeError> {
    use moxcms::{ColorProfile, Layout, TransformOptions};
    let source =
        ColorProfile::new_from_slice(icc).map_err(|e| DecodeError::ColourProfile(format!("{e:?}")))?;
    let srgb = ColorProfile::new_srgb();
    if source.red_colorant == srgb.red_colorant
        && source.green_colorant == srgb.green_colorant
        && source.blue_colorant == srgb.blue_colorant
    {
        return Ok(false);
    }
    let transform = source
        .create_transform_8bit(Layout::Rgb, &srgb, Layout::Rgb, TransformOptions::default())
        .map_err(|e| DecodeError::ColourProfile(format!("{e:?}")))?;
    let src = rgb.as_raw().clone();
    transform.transform(&src, rgb.as_mut()).map_err(|e| DecodeError::ColourProfile(format!("{e:?}")))?;
    Ok(true)
}

/// Decodes any supported format into RGB8 (orientation and profile applied).
pub fn decode_rgb(bytes: &[u8]) -> Result<RgbImage, DecodeError> {
    load_photo(bytes).map(|p| p.image)
}

impl crate::domain::i18n::Bilingual for DecodeError {
    fn en(&self) -> String {
        match self {
            DecodeError::Empty => "The file is empty (0 bytes)".into(),
            DecodeError::Heic => "An iPhone HEIC/HEIF photo cannot be read: export it as JPEG on the phone \
                (Settings → Camera → Formats → Most Compatible) and import it again"
                .into(),
            DecodeError::UnknownFormat => {
                "Unknown image format (JPEG, PNG, WebP, BMP and TIFF are read)".into()
            }
            DecodeError::Unsupported(f) => {
                format!("Image format {f:?} is not read (JPEG, PNG, WebP, BMP and TIFF are)")
            }
            DecodeError::TooLarge { width, height, limit } => {
                format!("The image is too large: {width}×{height} pixels, above the {limit}-pixel limit")
            }
            DecodeError::Corrupt(e) => format!("The image is damaged or incomplete: {e}"),
            DecodeError::ColourProfile(e) => format!("The image's colour profile (ICC) cannot be used: {e}"),
        }
    }
}
