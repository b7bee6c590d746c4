//! The camera thread: runs a [`CameraSource`], keeps only the latest frame, and prepares it for
//! display (shrunk to [`DISPLAY_MAX_SIDE`]: a 24 MP still stays full size only for capture).
//!
//! When the source is lost (camera unplugged, hot folder removed) or cannot be opened, the status
//! says why and the thread tries to open it again every [`RETRY`] until stopped, so plugging the
//! camera back in recovers without a restart. A photo that cannot be read is not fatal: it is
//! offered once as a problem ([`CameraWorker::take_problem`]) and the source goes on.

use crate::domain::i18n::Bilingual;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use egui::ColorImage;

use super::Notify;
use crate::camera::{CameraChoice, CameraError, CameraSource, Frame, WebcamInfo, list_webcams};

/// The display copy's longest side, in pixels.
pub const DISPLAY_MAX_SIDE: u32 = 1920;
/// How long to wait before opening a lost or failed source again.
pub const RETRY: Duration = Duration::from_secs(1);
/// How often a waiting thread looks at its stop flag.
const STOP_CHECK: Duration = Duration::from_millis(50);

/// The latest frame and its display-ready copy (made on the camera thread, not the UI thread).
#[derive(Clone)]
pub struct PreviewFrame {
    /// Full resolution, for capture and analysis.
    pub frame: Frame,
    /// At most [`DISPLAY_MAX_SIDE`] on its longest side.
    pub image: Arc<ColorImage>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CameraStatus {
    Starting,
    Running {
        name: String,
        fps: f32,
    },
    /// Not running (could not open, or lost); the thread keeps trying every [`RETRY`].
    Failed(crate::domain::Words),
    Stopped,
}

#[derive(Default)]
struct Shared {
    latest: Mutex<Option<PreviewFrame>>,
    status: Mutex<Option<CameraStatus>>,
    problem: Mutex<Option<crate::domain::Words>>,
}

impl Shared {
    fn set_status(&self, status: CameraStatus, notify: &Notify) {
        *self.status.lock().unwrap_or_else(PoisonError::into_inner) = Some(status);
        notify();
    }
}

pub struct CameraWorker {
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl CameraWorker {
    /// Starts the thread; `open` runs on it (again after each loss), so a slow camera never delays
    /// the UI.
    pub fn spawn<F>(open: F, notify: Notify) -> std::io::Result<CameraWorker>
    where
        F: Fn() -> Result<Box<dyn CameraSource>, CameraError> + Send + 'static,
    {
        let shared = Arc::new(Shared::default());
        let stop = Arc::new(AtomicBool::new(false));
        let handle = {
            let (shared, stop) = (shared.clone(), stop.clone());
            std::thread::Builder::new()
                .name("camera".into())
                .spawn(move || run(&open, &shared, &stop, &notify))?
        };
        Ok(CameraWorker { shared, stop, handle: Some(handle) })
    }

    /// Starts the thread for the operator's choice. A camera that fails stays failed in the status
    /// (and is retried); the demo is never substituted for it.
    pub fn for_choice(
        choice: CameraChoice,
        demo_size: [u32; 2],
        notify: Notify,
    ) -> std::io::Result<CameraWorker> {
        CameraWorker::spawn(move || choice.open(demo_size), notify)
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

    /// The newest non-fatal problem (a photo that could not be read) since the last call.
    pub fn take_problem(&self) -> Option<crate::domain::Words> {
        self.shared.problem.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    /// Asks the thread to stop and returns at once; the thread finishes its current frame and
    /// ends by itself. For switching cameras without making the UI wait on a slow device.
    pub fn stop_in_background(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.handle.take();
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

/// Lists the webcams on a short-lived thread (opening each device can take a moment); the list
/// arrives on the returned channel, then `notify` is called.
pub fn scan_webcams(notify: Notify) -> std::io::Result<Receiver<Vec<WebcamInfo>>> {
    let (tx, rx) = sync_channel(1);
    std::thread::Builder::new().name("webcam-scan".into()).spawn(move || {
        if tx.send(list_webcams()).is_ok() {
            notify();
        }
    })?;
    Ok(rx)
}

fn run<F>(open: &F, shared: &Shared, stop: &AtomicBool, notify: &Notify)
where
    F: Fn() -> Result<Box<dyn CameraSource>, CameraError>,
{
    while !stop.load(Ordering::Relaxed) {
        match open() {
            Ok(mut source) => {
                let lost = stream(source.as_mut(), shared, stop, notify);
                drop(source);
                match lost {
                    Some(e) => shared.set_status(CameraStatus::Failed(e.words()), notify),
                    None => break,
                }
            }
            Err(e) => shared.set_status(CameraStatus::Failed(e.words()), notify),
        }
        sleep_unless_stopped(RETRY, stop);
    }
    shared.set_status(CameraStatus::Stopped, notify);
}

/// Runs an open source until stopped (`None`) or lost (the error).
fn stream(
    source: &mut dyn CameraSource,
    shared: &Shared,
    stop: &AtomicBool,
    notify: &Notify,
) -> Option<CameraError> {
    let name = source.name();
    shared.set_status(CameraStatus::Running { name: name.clone(), fps: 0.0 }, notify);
    let mut window_start = Instant::now();
    let mut frames_in_window = 0u32;
    let mut fps = 0.0;
    while !stop.load(Ordering::Relaxed) {
        match source.next_frame() {
            Ok(Some(frame)) => {
                let image = match display_copy(&frame) {
                    Ok(image) => Arc::new(image),
                    Err(message) => {
                        report(shared, message, notify);
                        continue;
                    }
                };
                *shared.latest.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some(PreviewFrame { frame, image });
                frames_in_window += 1;
                let elapsed = window_start.elapsed().as_secs_f32();
                if elapsed >= 1.0 {
                    fps = frames_in_window as f32 / elapsed;
                    window_start = Instant::now();
                    frames_in_window = 0;
                }
                shared.set_status(CameraStatus::Running { name: name.clone(), fps }, notify);
            }
            Ok(None) => {}
            Err(e @ CameraError::BadFrame(_)) => report(shared, e.words(), notify),
            Err(e) => return Some(e),
        }
    }
    None
}

fn report(shared: &Shared, message: crate::domain::Words, notify: &Notify) {
    *shared.problem.lock().unwrap_or_else(PoisonError::into_inner) = Some(message);
    notify();
}

fn sleep_unless_stopped(total: Duration, stop: &AtomicBool) {
    let until = Instant::now() + total;
    while !stop.load(Ordering::Relaxed) {
        let Some(left) = until.checked_duration_since(Instant::now()) else { return };
        std::thread::sleep(left.min(STOP_CHECK));
    }
}

/// The frame as a texture image, shrunk (bilinear convolution: it is only a preview) so its
/// longest side is at most [`DISPLAY_MAX_SIDE`].
pub fn display_copy(frame: &Frame) -> Result<ColorImage, crate::domain::Words> {
    let (w, h) = (frame.width, frame.height);
    let long = w.max(h);
    if long <= DISPLAY_MAX_SIDE {
        return Ok(ColorImage::from_rgba_unmultiplied([w as usize, h as usize], &frame.rgba));
    }
    let scale = f64::from(DISPLAY_MAX_SIDE) / f64::from(long);
    let dw = ((f64::from(w) * scale).round() as u32).clamp(1, DISPLAY_MAX_SIDE);
    let dh = ((f64::from(h) * scale).round() as u32).clamp(1, DISPLAY_MAX_SIDE);
    let shrink_failed = |e: &dyn std::fmt::Display| {
        crate::words!("预览缩小失败：{e}", "The preview could not be shrunk: {e}")
    };
    // Camera frames are opaque: no alpha pre-multiplication needed.
    let layout = idphoto_resize::Layout::OpaqueRgba8;
    let shrunk =
        idphoto_resize::resize(&frame.rgba, [w, h], layout, None, [dw, dh], idphoto_resize::Filter::Bilinear)
            .map_err(|e| shrink_failed(&e))?;
    Ok(ColorImage::from_rgba_unmultiplied([dw as usize, dh as usize], &shrunk))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(width: u32, height: u32) -> Frame {
        let rgba = (0..width * height).flat_map(|i| [(i % 251) as u8, 80, 160, 255]).collect();
        Frame { width, height, rgba: Arc::new(rgba), seq: 0, origin: None }
    }

    #[test]
    fn big_stills_are_shrunk_for_display_and_small_frames_kept() {
        let still = display_copy(&frame(6000, 4000)).unwrap();
        assert_eq!(still.size, [1920, 1280]);
        assert!(still.pixels.iter().all(|p| p.a() == 255 && p.g() == 80));
        let portrait = display_copy(&frame(2000, 3000)).unwrap();
        assert_eq!(portrait.size, [1280, 1920]);
        assert_eq!(display_copy(&frame(1920, 1080)).unwrap().size, [1920, 1080]);
    }
}
