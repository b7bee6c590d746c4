//! The live face-analysis thread: takes the newest camera frame (older ones are dropped, never
//! queued), analyses it on a shrunken copy and publishes the result for the guides. The UI thread
//! only hands over an `Arc` and reads the latest result.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use image::RgbImage;

use super::Notify;
use crate::camera::Frame;
use crate::domain::audit_checks::AuditStats;
use crate::vision::{FaceAnalysis, FaceAnalyzer, LIVE_SIDE};

/// One analysed frame.
#[derive(Clone, Debug)]
pub struct LiveResult {
    pub seq: u64,
    pub frame_px: [u32; 2],
    /// The face in frame pixels, if one was found.
    pub face: Option<FaceAnalysis>,
    /// What the audit checks measure on the face (hat, glasses, brows, smile), for the hint.
    pub audit: Option<AuditStats>,
    pub took: Duration,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AnalysisStatus {
    Loading,
    Running { hz: f32 },
    Failed(crate::domain::Words),
}

#[derive(Default)]
struct State {
    pending: Option<Frame>,
    result: Option<LiveResult>,
    status: Option<AnalysisStatus>,
    stop: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub struct AnalysisWorker {
    shared: Arc<Shared>,
    handle: Option<JoinHandle<()>>,
}

impl AnalysisWorker {
    /// Starts the thread; the models load on it.
    pub fn spawn(notify: Notify) -> std::io::Result<AnalysisWorker> {
        let shared = Arc::new(Shared::default());
        let handle = {
            let shared = shared.clone();
            std::thread::Builder::new().name("analysis".into()).spawn(move || run(&shared, &notify))?
        };
        Ok(AnalysisWorker { shared, handle: Some(handle) })
    }

    /// Offers the newest frame; a frame still waiting is replaced.
    pub fn feed(&self, frame: Frame) {
        self.shared.lock().pending = Some(frame);
        self.shared.wake.notify_one();
    }

    /// The newest result if it is not the frame `seen` (so the UI copies each result once).
    pub fn newer_than(&self, seen: Option<u64>) -> Option<LiveResult> {
        let state = self.shared.lock();
        state.result.as_ref().filter(|r| Some(r.seq) != seen).cloned()
    }

    pub fn status(&self) -> AnalysisStatus {
        self.shared.lock().status.clone().unwrap_or(AnalysisStatus::Loading)
    }
}

impl Drop for AnalysisWorker {
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        self.shared.wake.notify_one();
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

fn rgb_of(frame: &Frame) -> Option<RgbImage> {
    let rgb: Vec<u8> = frame.rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    RgbImage::from_raw(frame.width, frame.height, rgb)
}

fn run(shared: &Shared, notify: &Notify) {
    let analyzer = match FaceAnalyzer::new() {
        Ok(a) => a,
        Err(e) => {
            shared.lock().status = Some(AnalysisStatus::Failed(crate::domain::i18n::Bilingual::words(&e)));
            notify();
            return;
        }
    };
    shared.lock().status = Some(AnalysisStatus::Running { hz: 0.0 });
    let (mut window_start, mut in_window) = (Instant::now(), 0u32);
    loop {
        let frame = {
            let mut state = shared.lock();
            loop {
                if state.stop {
                    return;
                }
                if let Some(frame) = state.pending.take() {
                    break frame;
                }
                state = shared.wake.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
        };
        let start = Instant::now();
        let Some(image) = rgb_of(&frame) else { continue };
        let face = match analyzer.analyse_at(&image, LIVE_SIDE) {
            Ok(face) => face,
            Err(e) => {
                shared.lock().status =
                    Some(AnalysisStatus::Failed(crate::domain::i18n::Bilingual::words(&e)));
                notify();
                continue;
            }
        };
        let audit = face.as_ref().and_then(|a| live_audit(&image, a));
        let result = LiveResult {
            seq: frame.seq,
            frame_px: [frame.width, frame.height],
            face,
            audit,
            took: start.elapsed(),
        };
        in_window += 1;
        let mut state = shared.lock();
        state.result = Some(result);
        let elapsed = window_start.elapsed().as_secs_f32();
        if elapsed >= 1.0 {
            state.status = Some(AnalysisStatus::Running { hz: in_window as f32 / elapsed });
            (window_start, in_window) = (Instant::now(), 0);
        }
        drop(state);
        notify();
    }
}

/// The audit measures on a live frame (no background colour: the clothes are judged on the
/// photo, against the spec's colour).
fn live_audit(image: &RgbImage, face: &FaceAnalysis) -> Option<AuditStats> {
    let points = face.face_points()?;
    let person = face.person.as_ref()?;
    let is_person = |x: u32, y: u32| person.at(f64::from(x) + 0.5, f64::from(y) + 0.5) >= 0.5;
    Some(crate::imaging::audit::measure(image, &points, &is_person, None))
}
