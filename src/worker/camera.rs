//! The camera thread: runs a [`CameraSource`], keeps only the latest frame, and prepares it for display.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Instant;

use egui::ColorImage;

use super::Notify;
use crate::camera::{CameraError, CameraSource, Frame};

/// The latest frame and its display-ready copy (made on the camera thread, not the UI thread).
#[derive(Clone)]
pub struct PreviewFrame {
    pub frame: Frame,
    pub image: Arc<ColorImage>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CameraStatus {
    Starting,
    Running { name: String, fps: f32 },
    Failed(String),
    Stopped,
}

#[derive(Default)]
struct Shared {
    latest: Mutex<Option<PreviewFrame>>,
    status: Mutex<Option<CameraStatus>>,
}

pub struct CameraWorker {
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl CameraWorker {
    /// Starts the thread; `open` runs on it, so a slow camera never delays the UI.
    pub fn spawn<F>(open: F, notify: Notify) -> std::io::Result<CameraWorker>
    where
        F: FnOnce() -> Result<Box<dyn CameraSource>, CameraError> + Send + 'static,
    {
        let shared = Arc::new(Shared::default());
        let stop = Arc::new(AtomicBool::new(false));
        let handle = {
            let (shared, stop) = (shared.clone(), stop.clone());
            std::thread::Builder::new()
                .name("camera".into())
                .spawn(move || run(open, &shared, &stop, &notify))?
        };
        Ok(CameraWorker { shared, stop, handle: Some(handle) })
    }

    /// The newest frame since the last call, if any.
    pub fn take_latest(&self) -> Option<PreviewFrame> {
        self.shared.latest.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    pub fn status(&self) -> CameraStatus {
        self.shared
            .status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .unwrap_or(CameraStatus::Starting)
    }
}

impl Drop for CameraWorker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

fn run<F>(open: F, shared: &Shared, stop: &AtomicBool, notify: &Notify)
where
    F: FnOnce() -> Result<Box<dyn CameraSource>, CameraError>,
{
    let set_status = |s: CameraStatus| {
        *shared.status.lock().unwrap_or_else(PoisonError::into_inner) = Some(s);
        notify();
    };
    let mut source = match open() {
        Ok(source) => source,
        Err(e) => return set_status(CameraStatus::Failed(e.to_string())),
    };
    let name = source.name();
    let mut window_start = Instant::now();
    let mut frames_in_window = 0u32;
    let mut fps = 0.0;
    while !stop.load(Ordering::Relaxed) {
        match source.next_frame() {
            Ok(frame) => {
                let image = Arc::new(ColorImage::from_rgba_unmultiplied(
                    [frame.width as usize, frame.height as usize],
                    &frame.rgba,
                ));
                *shared.latest.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some(PreviewFrame { frame, image });
                frames_in_window += 1;
                let elapsed = window_start.elapsed().as_secs_f32();
                if elapsed >= 1.0 {
                    fps = frames_in_window as f32 / elapsed;
                    window_start = Instant::now();
                    frames_in_window = 0;
                }
                set_status(CameraStatus::Running { name: name.clone(), fps });
            }
            Err(e) => return set_status(CameraStatus::Failed(e.to_string())),
        }
    }
    set_status(CameraStatus::Stopped);
}
