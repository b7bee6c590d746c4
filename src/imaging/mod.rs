//! Pixel work: decoding photos, resampling, adjustments, background, JPEG to size and dpi.
//!
//! Runs on worker threads, never on the UI thread.

pub mod decode;

pub use decode::{DecodeError, decode_rgb};
