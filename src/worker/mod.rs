//! Named background threads: the camera, live face analysis, imaging, the day's export, and the I/O
//! worker that owns the database.
//!
//! A worker takes jobs over a bounded channel and answers with events; it calls its `notify` hook
//! (the UI's `request_repaint`) when something new is ready. The UI thread never waits on one.

pub mod analysis;
pub mod camera;
pub mod export;
pub mod imaging;
pub mod io;
pub mod manager;

use std::sync::Arc;

/// Called by a worker when it has something new for the UI.
pub type Notify = Arc<dyn Fn() + Send + Sync>;

pub use analysis::{AnalysisStatus, AnalysisWorker, LiveResult};
pub use camera::{CameraStatus, CameraWorker, PreviewFrame};
pub use export::{ExportState, ExportWorker};
pub use imaging::{Edit, ImagingEvent, ImagingJob, ImagingWorker, Rendered};
pub use io::{IoEvent, IoJob, IoWorker};
pub use manager::{ManagerEvent, ManagerJob, PinText, PrivacyState};
