//! The capture in progress as the app keeps it: the live preview, a capture being placed on the
//! imaging thread, or a placed photo being adjusted ([`Placed`]). The adjust view's own state (the
//! edit being dragged, its texture, the reason dialog) is the screen's.

use std::path::PathBuf;
use std::sync::Arc;

use crate::domain::checks::{CheckResult, CheckStatus};
use crate::domain::geometry::CropRect;
use crate::domain::spec::PhotoSpec;
use crate::imaging::SourcePhoto;
use crate::vision::FaceAnalysis;
use crate::worker::{Edit, Rendered};

pub enum CaptureMode {
    Live,
    /// A capture is being analysed and placed on the imaging thread.
    Working {
        token: u64,
    },
    Adjust(Box<Placed>),
}

impl CaptureMode {
    /// The live preview is on screen (so the live analysis runs) while `screen` is shown.
    pub fn previews_on(&self, screen: super::Screen) -> bool {
        screen == super::Screen::Capture && matches!(self, CaptureMode::Live)
    }
}

/// One captured photo, placed, being adjusted.
pub struct Placed {
    pub token: u64,
    pub photo: Arc<SourcePhoto>,
    pub spec: Arc<PhotoSpec>,
    pub analysis: Option<Arc<FaceAnalysis>>,
    /// The automatic placement (R puts it back; the turn slider counts from it).
    pub auto_crop: CropRect,
    /// The newest edit asked for.
    pub edit: Edit,
    /// The newest rendering (of `rendered.edit`, which lags `edit` while a render runs).
    pub rendered: Rendered,
    /// Where an imported or hot-folder photo came from.
    pub origin: Option<PathBuf>,
    /// When it was captured (or imported).
    pub captured_at: chrono::DateTime<chrono::Local>,
}

impl Placed {
    /// The shown rendering is the one asked for.
    pub fn up_to_date(&self) -> bool {
        self.rendered.edit == self.edit
    }

    /// The checks of the shown rendering that fail.
    pub fn failing(&self) -> Vec<&CheckResult> {
        self.rendered.processed.report.checks.iter().filter(|c| c.status == CheckStatus::Fail).collect()
    }
}
