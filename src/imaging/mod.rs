//! Pixel work: decoding photos, resampling, adjustments, background, JPEG to size and dpi.
//!
//! Runs on worker threads and in the CLI, never on the UI thread. [`pipeline`] is the one path from
//! a photo to a spec JPEG.

pub mod adjust;
pub mod audit;
pub mod background;
pub mod decode;
pub mod encode;
pub mod matte;
pub mod matte_closed_form;
pub mod matte_solvers;
pub mod pipeline;
pub mod quality;
pub mod resample;

pub use decode::{DecodeError, SourcePhoto, decode_rgb, load_photo};
pub use pipeline::{ProcessOptions, Processed, Report, process, process_photo};
