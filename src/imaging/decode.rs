//! Decoding photos from bytes into 8-bit RGB, with a pixel limit checked before decoding.

use image::{ImageReader, RgbImage};
use std::io::Cursor;

/// Images above this many pixels are refused before decoding (decompression bombs).
pub const MAX_PIXELS: u64 = 100_000_000;

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("无法识别的图片格式")]
    UnknownFormat,
    #[error("图片过大：{width}×{height} 像素，超过 {limit} 像素上限")]
    TooLarge { width: u32, height: u32, limit: u64 },
    #[error("图片已损坏或不完整：{0}")]
    Corrupt(String),
}

/// Decodes any supported format into RGB8.
pub fn decode_rgb(bytes: &[u8]) -> Result<RgbImage, DecodeError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    if reader.format().is_none() {
        return Err(DecodeError::UnknownFormat);
    }
    let (width, height) = reader.into_dimensions().map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(DecodeError::TooLarge { width, height, limit: MAX_PIXELS });
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    let img = reader.decode().map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    Ok(img.to_rgb8())
}
