//! The imaging thread for the capture screen: analyses and places a captured or imported photo,
//! then renders it again each time the operator moves the crop or changes a setting. Only the
//! newest queued render is done, so dragging never builds a backlog. It also makes the display copy,
//! so the UI thread only uploads a texture.

use crate::domain::Words;
use crate::domain::i18n::Bilingual;
use crate::error::AppError;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use egui::ColorImage;

use super::Notify;
use crate::domain::adjust::Adjustments;
use crate::domain::face_checks::PlacedFace;
use crate::domain::geometry::{Affine, CropRect};
use crate::domain::spec::PhotoSpec;
use crate::imaging::pipeline::{ProcessOptions, Processed};
use crate::imaging::{SourcePhoto, load_photo};
use crate::vision::auto::{auto_crop, process_analysed};
use crate::vision::{FaceAnalysis, FaceAnalyzer};

pub use crate::domain::adjust::Edit;

pub enum ImagingJob {
    /// Analyse, place automatically and render a captured frame.
    Capture { token: u64, photo: Arc<SourcePhoto>, spec: Arc<PhotoSpec>, origin: Option<PathBuf> },
    /// Convert a camera frame (RGBA) and go on as `Capture`.
    CaptureFrame { token: u64, frame: crate::camera::Frame, spec: Arc<PhotoSpec> },
    /// Read and decode a file (dialog, drag-and-drop), then as `Capture`.
    Import { token: u64, path: PathBuf, spec: Arc<PhotoSpec> },
    /// Render again with the operator's edit.
    Render {
        token: u64,
        photo: Arc<SourcePhoto>,
        spec: Arc<PhotoSpec>,
        analysis: Option<Arc<FaceAnalysis>>,
        edit: Edit,
    },
}

/// One rendering of the output and what the checks said.
#[derive(Clone)]
pub struct Rendered {
    pub processed: Arc<Processed>,
    /// The output pixels for display.
    pub image: Arc<ColorImage>,
    /// The face in output pixels (for the guides), when one was found.
    pub face: Option<PlacedFace>,
    pub edit: Edit,
    pub took: Duration,
}

pub enum ImagingEvent {
    Captured {
        token: u64,
        photo: Arc<SourcePhoto>,
        analysis: Option<Arc<FaceAnalysis>>,
        /// The automatic placement (the operator's "reset").
        auto_crop: CropRect,
        origin: Option<PathBuf>,
        rendered: Rendered,
    },
    Rendered {
        token: u64,
        rendered: Rendered,
    },
    /// Why the capture or render failed (a corrupt file is refused; the rest may pass).
    Failed {
        token: u64,
        error: AppError,
    },
}

pub struct ImagingWorker {
    jobs: Option<Sender<ImagingJob>>,
    events: Receiver<ImagingEvent>,
    handle: Option<JoinHandle<()>>,
}

impl ImagingWorker {
    /// Starts the thread; the models load on it.
    pub fn spawn(notify: Notify) -> std::io::Result<ImagingWorker> {
        let (job_tx, job_rx) = channel::<ImagingJob>();
        let (event_tx, event_rx) = channel::<ImagingEvent>();
        let handle = std::thread::Builder::new().name("imaging".into()).spawn(move || {
            let analyzer = FaceAnalyzer::new();
            while let Ok(first) = job_rx.recv() {
                for job in coalesce(first, &job_rx) {
                    let token = job.token();
                    let event =
                        run(&analyzer, job).unwrap_or_else(|error| ImagingEvent::Failed { token, error });
                    if event_tx.send(event).is_err() {
                        return;
                    }
                    notify();
                }
            }
        })?;
        Ok(ImagingWorker { jobs: Some(job_tx), events: event_rx, handle: Some(handle) })
    }

    /// Queues a job; `false` when the thread is gone.
    pub fn send(&self, job: ImagingJob) -> bool {
        self.jobs.as_ref().is_some_and(|tx| tx.send(job).is_ok())
    }

    pub fn try_recv(&self) -> Option<ImagingEvent> {
        self.events.try_recv().ok()
    }
}

impl Drop for ImagingWorker {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

impl ImagingJob {
    fn token(&self) -> u64 {
        match self {
            ImagingJob::Capture { token, .. }
            | ImagingJob::CaptureFrame { token, .. }
            | ImagingJob::Import { token, .. }
            | ImagingJob::Render { token, .. } => *token,
        }
    }
}

/// `first` and whatever else is queued, with each run of renders cut to its newest.
fn coalesce(first: ImagingJob, rx: &Receiver<ImagingJob>) -> Vec<ImagingJob> {
    let mut jobs = vec![first];
    loop {
        match rx.try_recv() {
            Ok(job) => {
                let replaces_last = matches!(
                    (jobs.last(), &job),
                    (Some(ImagingJob::Render { .. }), ImagingJob::Render { .. })
                );
                if replaces_last {
                    jobs.pop();
                }
                jobs.push(job);
            }
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => return jobs,
        }
    }
}

fn run(
    analyzer: &Result<FaceAnalyzer, crate::vision::VisionError>,
    job: ImagingJob,
) -> Result<ImagingEvent, AppError> {
    match job {
        ImagingJob::Import { token, path, spec } => {
            let shown = path.display();
            let bytes = std::fs::read(&path)
                .map_err(|e| AppError::io(crate::words!("无法读取 {shown}", "Cannot read {shown}"), &e))?;
            // A file that does not decode stays so: trying again cannot help, another photo can.
            let photo = load_photo(&bytes).map_err(|e| {
                AppError::Refused(Words::new(format!("{shown}：{e}"), format!("{shown}: {}", e.en())))
            })?;
            capture(analyzer, token, Arc::new(photo), &spec, Some(path))
        }
        ImagingJob::Capture { token, photo, spec, origin } => capture(analyzer, token, photo, &spec, origin),
        ImagingJob::CaptureFrame { token, frame, spec } => {
            let image = frame.to_rgb().ok_or_else(|| {
                let (w, h) = (frame.width, frame.height);
                AppError::Other(crate::words!(
                    "相机画面尺寸不符：{w}×{h}",
                    "The camera picture's size does not match its data: {w}×{h}"
                ))
            })?;
            let origin = frame.origin.clone();
            capture(analyzer, token, Arc::new(SourcePhoto::from_rgb(image)), &spec, origin)
        }
        ImagingJob::Render { token, photo, spec, analysis, edit } => {
            let rendered = render(&photo, &spec, analysis.as_deref(), edit)?;
            Ok(ImagingEvent::Rendered { token, rendered })
        }
    }
}

fn capture(
    analyzer: &Result<FaceAnalyzer, crate::vision::VisionError>,
    token: u64,
    photo: Arc<SourcePhoto>,
    spec: &PhotoSpec,
    origin: Option<PathBuf>,
) -> Result<ImagingEvent, AppError> {
    let analyzer = analyzer.as_ref().map_err(AppError::other)?;
    // Once per capture: the face, and the person's refined matte that every re-render moves.
    let analysis = crate::vision::auto::analyse_capture(analyzer, &photo)
        .map_err(|e| AppError::other(&e))?
        .map(Arc::new);
    let source_px = [photo.image.width(), photo.image.height()];
    let crop = auto_crop(spec, analysis.as_deref(), source_px);
    let edit = Edit { crop, adjustments: Adjustments::default(), whiten: true, no_retouch: false };
    let rendered = render(&photo, spec, analysis.as_deref(), edit)?;
    Ok(ImagingEvent::Captured { token, photo, analysis, auto_crop: crop, origin, rendered })
}

/// The output for `edit`, with every check.
pub fn render(
    photo: &SourcePhoto,
    spec: &PhotoSpec,
    analysis: Option<&FaceAnalysis>,
    edit: Edit,
) -> Result<Rendered, AppError> {
    let started = Instant::now();
    let options = ProcessOptions {
        crop: Some(edit.crop),
        adjustments: edit.adjustments,
        no_retouch: edit.no_retouch,
        best_effort_size: true,
        ..ProcessOptions::default()
    };
    let mut processed =
        process_analysed(photo, spec, analysis, options, edit.whiten).map_err(|e| AppError::other(&e))?;
    if analysis.is_some()
        && edit.crop == auto_crop(spec, analysis, [photo.image.width(), photo.image.height()])
    {
        processed.report.placement = "auto";
    }
    let face = analysis.map(|a| a.placed(Affine(processed.report.source_to_output)));
    let (w, h) = processed.image.dimensions();
    let image = ColorImage::from_rgb([w as usize, h as usize], processed.image.as_raw());
    Ok(Rendered {
        processed: Arc::new(processed),
        image: Arc::new(image),
        face,
        edit,
        took: started.elapsed(),
    })
}
