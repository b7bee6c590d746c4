//! What tests and the command line may read of the app: the screen shown, the session's
//! approvals and prints, the open order, the camera's and the analysis' state.

use super::StudioApp;
use crate::camera::CameraChoice;
use crate::counter::CaptureMode;
use crate::counter::{ApprovedPhoto, DbState, PrintRecord, RestoreOffer, Screen};
use crate::domain::{Catalogue, Lang, StudioInfo};
use crate::worker::{AnalysisStatus, AnalysisWorker, CameraStatus, CameraWorker, LiveResult};

impl StudioApp {
    /// The unfinished capture offered back at the start, until the operator answers.
    pub fn restore_offer(&self) -> Option<&RestoreOffer> {
        self.restore.as_ref()
    }

    /// The running or last export of the export screen.
    pub fn export_state(&self) -> Option<&crate::worker::ExportState> {
        self.screens.export.export.as_ref()
    }

    /// Receipts and sheets of this session, newest last.
    pub fn prints(&self) -> &[PrintRecord] {
        &self.prints
    }

    pub fn print_settings(&self) -> &crate::domain::receipt::PrintSettings {
        &self.print
    }

    /// The price of a spec at this studio, in fen.
    pub fn price_fen(&self, spec: &crate::domain::PhotoSpec) -> u32 {
        crate::domain::approval::default_price(spec.price_fen, self.prices.get(&spec.id).copied(), false)
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn studio_info(&self) -> &StudioInfo {
        &self.studio
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn db_state(&self) -> &DbState {
        &self.db_state
    }

    pub fn camera_status(&self) -> Option<CameraStatus> {
        self.camera.as_ref().map(CameraWorker::status)
    }

    /// The camera chosen in the settings (the demo until another is chosen).
    pub fn camera_choice(&self) -> &CameraChoice {
        &self.camera_choice
    }

    pub fn analysis_status(&self) -> Option<AnalysisStatus> {
        self.analysis.as_ref().map(AnalysisWorker::status)
    }

    /// The newest live analysis result.
    pub fn live(&self) -> Option<&LiveResult> {
        self.live.as_ref()
    }

    /// The spec chosen on the capture screen.
    pub fn capture_spec_id(&self) -> &str {
        &self.screens.capture.spec_id
    }

    /// The photos approved in this session, oldest first.
    pub fn approved(&self) -> &[ApprovedPhoto] {
        &self.approved
    }

    /// The photo being adjusted, if any.
    pub fn adjusting(&self) -> Option<&crate::counter::Placed> {
        match &self.capture {
            CaptureMode::Adjust(session) => Some(session),
            _ => None,
        }
    }

    /// A capture or import is being analysed and placed.
    pub fn capture_working(&self) -> bool {
        matches!(self.capture, CaptureMode::Working { .. })
    }

    /// The message in the status bar, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn favourites(&self) -> &[String] {
        &self.screens.capture.favourites
    }

    /// Approved orders waiting for a retry after a failed write.
    pub fn unsaved_orders(&self) -> usize {
        self.unsaved_orders.len()
    }

    /// How many approved orders wait for another image number.
    pub fn refused_orders(&self) -> usize {
        self.refused_orders.len()
    }

    /// The orders screen's last search results.
    pub fn order_results(&self) -> &[crate::storage::OrderRow] {
        &self.screens.orders.results
    }

    /// The order open on the orders screen.
    pub fn open_order(&self) -> Option<&crate::storage::OrderRow> {
        self.screens.orders.open.as_ref().map(|o| &o.row)
    }

    /// The order the next approval re-shoots.
    pub fn reshoot_of(&self) -> Option<i64> {
        self.screens.capture.reshoot_of
    }

    /// The customer name typed on the capture screen.
    pub fn customer(&self) -> &str {
        &self.screens.capture.customer.name
    }

    /// Size of the last frame shown in the preview.
    pub fn preview_size(&self) -> Option<[u32; 2]> {
        self.preview_size
    }

    /// The live preview is on screen (and so the live analysis runs).
    pub fn previewing(&self) -> bool {
        self.capture.previews_on(self.screen)
    }
}
