//! JPEG encoding to the spec: baseline, 24-bit RGB, JFIF density at the spec's dpi, and the highest
//! quality whose file lands inside the spec's KB range (never padded).
//!
//! `jpeg-encoder` (SIMD) with 4:2:0 chroma and the standard Huffman tables. Optimised Huffman tables
//! with 4:2:0 decode wrongly in zune-jpeg (the `image` crate's decoder: a flat green picture), and
//! the platform's decoder is unknown, so the output stays with what every decoder reads; 4:2:0 is
//! also the smallest of the safe choices (25.7 KB against 27.5 KB for 4:2:2 at quality 70).

use image::RgbImage;
use jpeg_encoder::{ColorType, Encoder, PixelDensity, PixelDensityUnit, SamplingFactor};

use crate::domain::spec::Range;

/// Quality used when a spec gives no size range.
pub const DEFAULT_QUALITY: u8 = 95;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EncodeError {
    #[error("JPEG 编码失败：{0}")]
    Encoder(String),
    #[error(
        "无法压到 {max} KB 以内：质量下限 {quality} 时仍有 {smallest_kb:.1} KB（可达范围 {smallest_kb:.1}–{largest_kb:.1} KB）"
    )]
    TooBig { max: u32, quality: u8, smallest_kb: f64, largest_kb: f64 },
    #[error(
        "文件达不到 {min} KB：质量 100 时只有 {largest_kb:.1} KB（可达范围 {smallest_kb:.1}–{largest_kb:.1} KB）；不会用填充字节凑大小"
    )]
    TooSmall { min: u32, smallest_kb: f64, largest_kb: f64 },
    #[error(
        "{min}–{max} KB 之间没有可用的质量：质量 {below} 为 {below_kb:.1} KB，质量 {above} 为 {above_kb:.1} KB"
    )]
    Gap { min: u32, max: u32, below: u8, below_kb: f64, above: u8, above_kb: f64 },
}

impl EncodeError {
    /// The sizes the allowed qualities reach, `[smallest, largest]` KB, when the range was missed.
    pub fn reachable_kb(&self) -> Option<[f64; 2]> {
        match *self {
            EncodeError::TooBig { smallest_kb, largest_kb, .. }
            | EncodeError::TooSmall { smallest_kb, largest_kb, .. } => Some([smallest_kb, largest_kb]),
            EncodeError::Gap { below_kb, above_kb, .. } => Some([below_kb, above_kb]),
            EncodeError::Encoder(_) => None,
        }
    }
}

/// An encoded JPEG and the quality it used.
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub quality: u8,
    /// How many encodes the search took.
    pub attempts: u32,
}

/// Quality of the photos on a print sheet: what the customer pays for, not what the platform takes.
pub const PRINT_QUALITY: u8 = 95;

/// Encodes once at `quality` with the JFIF density set (4:2:0 chroma, as the platform's files).
pub fn encode(image: &RgbImage, dpi: u32, quality: u8) -> Result<Vec<u8>, EncodeError> {
    encode_sampled(image, dpi, quality, SamplingFactor::R_4_2_0)
}

/// A print-sheet photo: quality [`PRINT_QUALITY`], full-resolution chroma (4:4:4).
pub fn encode_print(image: &RgbImage, dpi: u32) -> Result<Vec<u8>, EncodeError> {
    encode_sampled(image, dpi, PRINT_QUALITY, SamplingFactor::R_4_4_4)
}

fn encode_sampled(
    image: &RgbImage,
    dpi: u32,
    quality: u8,
    sampling: SamplingFactor,
) -> Result<Vec<u8>, EncodeError> {
    let (w, h) = image.dimensions();
    let (Ok(w), Ok(h)) = (u16::try_from(w), u16::try_from(h)) else {
        return Err(EncodeError::Encoder(format!("{w}×{h} 超出 JPEG 尺寸上限 65535")));
    };
    let density = u16::try_from(dpi).unwrap_or(u16::MAX);
    let mut bytes = Vec::with_capacity(64 * 1024);
    let mut encoder = Encoder::new(&mut bytes, quality);
    encoder.set_density(PixelDensity { density: (density, density), unit: PixelDensityUnit::Inches });
    encoder.set_sampling_factor(sampling);
    encoder.encode(image.as_raw(), w, h, ColorType::Rgb).map_err(|e| EncodeError::Encoder(e.to_string()))?;
    Ok(bytes)
}

fn kb(bytes: &[u8]) -> f64 {
    bytes.len() as f64 / 1024.0
}

/// The highest quality in `[quality_min, 100]` whose size is within `range` KB.
pub fn encode_to_size(
    image: &RgbImage,
    dpi: u32,
    range: Option<Range<u32>>,
    quality_min: u8,
) -> Result<Encoded, EncodeError> {
    let quality_min = quality_min.clamp(1, 100);
    let Some(range) = range else {
        let quality = DEFAULT_QUALITY.max(quality_min);
        return Ok(Encoded { bytes: encode(image, dpi, quality)?, quality, attempts: 1 });
    };
    let max_bytes = range.max as usize * 1024;
    let min_bytes = range.min as usize * 1024;
    let mut attempts = 0;
    let mut at = |q: u8| {
        attempts += 1;
        encode(image, dpi, q)
    };
    let top = at(100)?;
    if top.len() <= max_bytes {
        if top.len() >= min_bytes {
            return Ok(Encoded { bytes: top, quality: 100, attempts });
        }
        let low = at(quality_min)?;
        return Err(EncodeError::TooSmall { min: range.min, smallest_kb: kb(&low), largest_kb: kb(&top) });
    }
    let low = at(quality_min)?;
    if low.len() > max_bytes {
        return Err(EncodeError::TooBig {
            max: range.max,
            quality: quality_min,
            smallest_kb: kb(&low),
            largest_kb: kb(&top),
        });
    }
    // Invariant: size(lo) <= max < size(hi).
    let (mut lo, mut lo_bytes, mut hi, mut hi_bytes) = (quality_min, low, 100u8, top);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let b = at(mid)?;
        if b.len() <= max_bytes {
            (lo, lo_bytes) = (mid, b);
        } else {
            (hi, hi_bytes) = (mid, b);
        }
    }
    if lo_bytes.len() < min_bytes {
        return Err(EncodeError::Gap {
            min: range.min,
            max: range.max,
            below: lo,
            below_kb: kb(&lo_bytes),
            above: hi,
            above_kb: kb(&hi_bytes),
        });
    }
    Ok(Encoded { bytes: lo_bytes, quality: lo, attempts })
}

/// The JFIF density of a JPEG in dots per inch, read from its APP0 header.
pub fn jfif_dpi(jpeg: &[u8]) -> Option<u16> {
    // SOI, then APP0 "JFIF\0": version(2) units(1) Xdensity(2) Ydensity(2).
    if jpeg.len() < 18
        || jpeg[0..2] != [0xFF, 0xD8]
        || jpeg[2..4] != [0xFF, 0xE0]
        || &jpeg[6..11] != b"JFIF\0"
    {
        return None;
    }
    let units = jpeg[13];
    let x = u16::from_be_bytes([jpeg[14], jpeg[15]]);
    match units {
        1 => Some(x),
        2 => Some((f64::from(x) * 2.54).round() as u16),
        _ => None,
    }
}

/// Whether the JPEG is baseline (SOF0), not progressive or extended.
pub fn is_baseline(jpeg: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= jpeg.len() {
        if jpeg[i] != 0xFF {
            return false;
        }
        let marker = jpeg[i + 1];
        match marker {
            0xC0 => return true,
            0xC1..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => return false,
            0xD8 | 0x01 | 0xD0..=0xD7 => i += 2,
            _ => {
                let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
                i += 2 + len;
            }
        }
    }
    false
}

impl crate::domain::i18n::Bilingual for EncodeError {
    fn en(&self) -> String {
        match self {
            EncodeError::Encoder(e) => format!("JPEG encoding failed: {e}"),
            EncodeError::TooBig { max, quality, smallest_kb, largest_kb } => format!(
                "Cannot get under {max} KB: still {smallest_kb:.1} KB at the lowest quality {quality} (reachable {smallest_kb:.1}–{largest_kb:.1} KB)"
            ),
            EncodeError::TooSmall { min, smallest_kb, largest_kb } => format!(
                "The file cannot reach {min} KB: only {largest_kb:.1} KB at quality 100 (reachable {smallest_kb:.1}–{largest_kb:.1} KB); it is never padded"
            ),
            EncodeError::Gap { min, max, below, below_kb, above, above_kb } => format!(
                "No quality lands within {min}–{max} KB: quality {below} gives {below_kb:.1} KB, quality {above} gives {above_kb:.1} KB"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A photo-like test card: gradients and texture, so size grows with quality.
    fn card() -> RgbImage {
        RgbImage::from_fn(358, 441, |x, y| {
            let n = (x * 7919 + y * 104_729) % 61;
            Rgb([(x * 255 / 358) as u8, (y * 255 / 441) as u8, (n * 4) as u8])
        })
    }

    #[test]
    fn the_chosen_quality_is_the_highest_that_fits() {
        let img = card();
        let range = Range { min: 14, max: 40 };
        let out = encode_to_size(&img, 350, Some(range), 60).unwrap();
        assert!(out.bytes.len() <= 40 * 1024 && out.bytes.len() >= 14 * 1024, "{}", out.bytes.len());
        assert!(out.quality < 100);
        let up = encode(&img, 350, out.quality + 1).unwrap();
        assert!(up.len() > 40 * 1024, "quality {} would fit too", out.quality + 1);
        assert!(out.attempts <= 9, "binary search: {}", out.attempts);
        assert_eq!(jfif_dpi(&out.bytes), Some(350));
        assert!(is_baseline(&out.bytes));
    }

    #[test]
    fn every_decoder_reads_the_colours_back() {
        let img =
            RgbImage::from_fn(64, 64, |x, _| if x < 32 { Rgb([255, 255, 255]) } else { Rgb([200, 100, 50]) });
        let bytes = encode(&img, 300, 90).unwrap();
        let back = image::load_from_memory(&bytes).unwrap().to_rgb8();
        let (w, c) = (back.get_pixel(4, 30), back.get_pixel(60, 30));
        assert!(w.0.iter().all(|&v| v > 250), "{w:?}");
        assert!(c.0.iter().zip([200, 100, 50]).all(|(&v, e)| (i32::from(v) - e).abs() < 6), "{c:?}");
    }

    #[test]
    fn unreachable_ranges_say_what_is_reachable() {
        let flat = RgbImage::from_pixel(100, 100, Rgb([255, 255, 255]));
        match encode_to_size(&flat, 300, Some(Range { min: 20, max: 40 }), 60) {
            Err(e @ EncodeError::TooSmall { .. }) => assert!(e.to_string().contains("可达范围"), "{e}"),
            other => panic!("{:?}", other.map(|o| o.quality)),
        }
        match encode_to_size(&card(), 300, Some(Range { min: 1, max: 2 }), 70) {
            Err(EncodeError::TooBig { smallest_kb, .. }) => assert!(smallest_kb > 2.0),
            other => panic!("{:?}", other.map(|o| o.quality)),
        }
    }
}
