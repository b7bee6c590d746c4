//! [`View`]: what the screens may see of the app for one frame, borrowed read-only. A screen draws
//! from its own state and this, and answers with [`super::Command`]s.

use std::collections::BTreeMap;

use crate::camera::CameraChoice;
use crate::domain::receipt::PrintSettings;
use crate::domain::{Catalogue, Lang, StudioInfo};
use crate::paths::DataDir;
use crate::worker::{AnalysisStatus, CameraStatus, LiveResult};

use super::frame_stats;
use super::{
    ApprovedPhoto, DbState, ManagerState, PrintRecord, RefusedOrder, RestoreOffer, Screen, UnsavedOrder,
};

/// The app as the screens see it during one frame.
pub struct View<'a> {
    pub lang: Lang,
    pub screen: Screen,
    pub data_dir: &'a DataDir,
    pub db_state: &'a DbState,
    pub studio: &'a StudioInfo,
    /// Built-in and local photo specs.
    pub catalogue: &'a Catalogue,
    /// `None` while no camera thread runs.
    pub camera_status: Option<CameraStatus>,
    /// The camera chosen in the settings.
    pub camera_choice: &'a CameraChoice,
    pub analysis_status: Option<AnalysisStatus>,
    /// The newest live face analysis, for the guides.
    pub live: Option<&'a LiveResult>,
    pub preview: Option<&'a egui::TextureHandle>,
    /// The capture in progress: live, being placed, or placed and adjusted.
    pub capture: &'a super::CaptureMode,
    /// Size of the last frame shown in the preview.
    pub preview_size: Option<[u32; 2]>,
    pub frame_stats: Option<frame_stats::FrameSummary>,
    /// The last problem to show in the status bar.
    pub notice: Option<&'a str>,
    /// Photos approved in this session, oldest first.
    pub approved: &'a [ApprovedPhoto],
    /// Approved orders the I/O thread could not write, with why.
    pub unsaved_orders: &'a [UnsavedOrder],
    /// Approved orders refused as they stand, waiting for another image number.
    pub refused_orders: &'a [RefusedOrder],
    /// Receipts and sheets of this session, newest last.
    pub prints: &'a [PrintRecord],
    pub print: &'a PrintSettings,
    /// The studio's prices in fen by spec id; other specs use their file's price.
    pub prices: &'a BTreeMap<String, u32>,
    pub numbering: &'a crate::domain::numbering::NumberingModes,
    pub manager: &'a ManagerState,
    /// A capture the last run left unfinished, offered back.
    pub restore: Option<&'a RestoreOffer>,
    /// 扫码领取 is switched on.
    pub share_enabled: bool,
}

impl View<'_> {
    /// The live preview is on screen (so the live analysis runs).
    pub fn previewing(&self) -> bool {
        self.capture.previews_on(self.screen)
    }
}
