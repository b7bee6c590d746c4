//! Camera sources behind one trait: webcam, hot folder, file import and the demo camera.
//!
//! A source only produces frames; the camera worker (`worker::camera`) runs it on its own thread and
//! keeps the latest frame.

pub mod demo;

use std::sync::Arc;

pub use demo::DemoCamera;

/// One frame from a camera, 8-bit RGBA, row-major.
#[derive(Clone, Debug)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub rgba: Arc<Vec<u8>>,
    /// Counts up from 0 for each source.
    pub seq: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum CameraError {
    #[error("相机已断开：{0}")]
    Disconnected(String),
    #[error("相机画面无法读取：{0}")]
    BadFrame(String),
}

/// Something that produces frames. `next_frame` blocks until the next frame is due.
pub trait CameraSource: Send {
    /// A short name for the status bar.
    fn name(&self) -> String;
    fn next_frame(&mut self) -> Result<Frame, CameraError>;
}
