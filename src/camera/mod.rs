//! Camera sources behind one trait: webcam, hot folder and the demo camera; and the operator's
//! choice among them ([`CameraChoice`], stored as the setting `camera.source`).
//!
//! A source only produces frames; the camera worker (`worker::camera`) runs it on its own thread,
//! keeps the latest frame, and reopens the source when it is unplugged or its folder disappears.

pub mod demo;
pub mod hot_folder;
pub mod webcam;

use std::path::PathBuf;
use std::sync::Arc;

pub use demo::DemoCamera;
pub use hot_folder::HotFolderCamera;
pub use webcam::{WebcamCamera, WebcamInfo, list_webcams};

/// One frame from a camera, 8-bit RGBA, row-major.
#[derive(Clone)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub rgba: Arc<Vec<u8>>,
    /// Counts up from 0 for each source.
    pub seq: u64,
    /// The photo file this frame was read from (hot folder); `None` for a live stream.
    pub origin: Option<PathBuf>,
}

impl Frame {
    /// The frame as an RGB image (alpha dropped); `None` if its size and pixels disagree.
    pub fn to_rgb(&self) -> Option<image::RgbImage> {
        let rgb: Vec<u8> = self.rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
        image::RgbImage::from_raw(self.width, self.height, rgb)
    }
}

/// Sizes and origin only: the pixels (up to 100 MB) are never printed.
impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Frame")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("rgba_bytes", &self.rgba.len())
            .field("seq", &self.seq)
            .field("origin", &self.origin)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CameraError {
    /// The camera or folder is gone (unplugged, removed, never there). The worker reopens it.
    #[error("相机已断开：{0}")]
    Disconnected(String),
    /// One frame or photo could not be read; the source goes on with the next one.
    #[error("相机画面无法读取：{}", .0.zh)]
    BadFrame(crate::domain::Words),
    /// The device is there but cannot be used (no supported format, no permission, other OS).
    #[error("相机无法使用：{0}")]
    Unavailable(String),
}

/// Something that produces frames.
pub trait CameraSource: Send {
    /// A short name for the status bar.
    fn name(&self) -> String;
    /// The next frame, or `Ok(None)` when nothing new arrived within about 100–200 ms (the worker
    /// then checks whether it should stop and calls again). Blocks at most that long, plus the time to
    /// decode a frame that did arrive.
    fn next_frame(&mut self) -> Result<Option<Frame>, CameraError>;
}

/// Which camera the counter uses; stored as the setting [`CameraChoice::SETTING_KEY`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CameraChoice {
    /// The bundled demo stream.
    #[default]
    Demo,
    /// A webcam by its device path (`/dev/video0` on Linux).
    Webcam { device: String },
    /// A folder that tethering software (EOS Utility, digiCamControl) saves photos into.
    HotFolder { dir: PathBuf },
}

impl CameraChoice {
    /// The key in the settings table.
    pub const SETTING_KEY: &'static str = "camera.source";

    /// `demo`, `webcam:/dev/video0` or `hotfolder:/path/to/folder`. A folder path that is not valid
    /// Unicode is stored lossily (non-UTF-8 folder names cannot be chosen in the text field either).
    pub fn to_setting(&self) -> String {
        match self {
            CameraChoice::Demo => "demo".to_owned(),
            CameraChoice::Webcam { device } => format!("webcam:{device}"),
            CameraChoice::HotFolder { dir } => format!("hotfolder:{}", dir.to_string_lossy()),
        }
    }

    /// Reads a stored value; anything unknown or empty gives `None`, so the caller keeps the demo.
    /// Only the first `:` separates the kind, so Windows paths (`hotfolder:D:\Tether`) survive.
    pub fn from_setting(value: &str) -> Option<CameraChoice> {
        let value = value.trim();
        if value == "demo" {
            return Some(CameraChoice::Demo);
        }
        let (kind, rest) = value.split_once(':')?;
        if rest.is_empty() {
            return None;
        }
        match kind {
            "webcam" => Some(CameraChoice::Webcam { device: rest.to_owned() }),
            "hotfolder" => Some(CameraChoice::HotFolder { dir: PathBuf::from(rest) }),
            _ => None,
        }
    }

    /// Opens the chosen source (on the camera thread: opening a webcam can take a moment).
    pub fn open(&self, demo_size: [u32; 2]) -> Result<Box<dyn CameraSource>, CameraError> {
        Ok(match self {
            CameraChoice::Demo => Box::new(DemoCamera::new(demo_size[0], demo_size[1])?),
            CameraChoice::Webcam { device } => Box::new(WebcamCamera::open(device)?),
            CameraChoice::HotFolder { dir } => Box::new(HotFolderCamera::new(dir)?),
        })
    }
}

impl crate::domain::i18n::Bilingual for CameraError {
    fn en(&self) -> String {
        match self {
            CameraError::Disconnected(e) => format!("The camera is disconnected: {e}"),
            CameraError::BadFrame(e) => format!("The camera's picture cannot be read: {}", e.en),
            CameraError::Unavailable(e) => format!("The camera cannot be used: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_or_empty_settings_are_refused() {
        for bad in ["", "webcam:", "hotfolder:", "usb:/dev/video0", "webcam", "Demo"] {
            assert_eq!(CameraChoice::from_setting(bad), None, "{bad}");
        }
        assert_eq!(
            CameraChoice::from_setting("hotfolder:D:\\Tether\\今天"),
            Some(CameraChoice::HotFolder { dir: PathBuf::from("D:\\Tether\\今天") })
        );
    }
}
