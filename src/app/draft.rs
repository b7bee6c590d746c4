//! The app's side of the capture draft (`capture_draft`): what the capture screen holds is written
//! to disk on the I/O thread as it changes (at most twice a second), cleared once approved or
//! emptied, and offered back at the next start, with the crash report if a panic ended the last run.

use std::time::{Duration, Instant};

use super::StudioApp;
use crate::counter::CaptureMode;
use crate::counter::{RestoreOffer, Screen};
use crate::services::capture_draft::CaptureDraft;
use crate::worker::io::OriginalSource;
use crate::worker::{ImagingJob, IoJob};

/// Writes at most this often while the operator types.
const MIN_INTERVAL: Duration = Duration::from_millis(500);

/// What was last written, so only changes are.
#[derive(Default)]
pub(super) struct DraftKeeper {
    written: Option<CaptureDraft>,
    /// The adjust session whose photo is on disk.
    photo_token: Option<u64>,
    last_write: Option<Instant>,
    /// The edit (and the automatic placement it started from) to put back once a restored photo is
    /// placed again.
    pending_edit: Option<(crate::worker::Edit, Option<crate::domain::geometry::CropRect>)>,
}

impl StudioApp {
    /// Looks for a draft the last run left (at the start, before the operator does anything).
    pub(super) fn find_draft(&mut self) {
        let Some((draft, photo)) = crate::services::capture_draft::load(&self.data_dir.drafts()) else {
            return;
        };
        let since = chrono::DateTime::parse_from_rfc3339(&draft.saved_at)
            .ok()
            .and_then(|t| u64::try_from(t.timestamp()).ok())
            .map_or(std::time::UNIX_EPOCH, |s| std::time::UNIX_EPOCH + Duration::from_secs(s));
        let crash_report = crate::crash::reports_since(&self.data_dir.logs(), since).into_iter().next();
        self.restore = Some(RestoreOffer { draft, photo, crash_report });
    }

    /// What the capture screen holds now, and the photo to write if it is new.
    fn current_draft(&self) -> (CaptureDraft, Option<(u64, OriginalSource)>) {
        let c = &self.screens.capture;
        let mut draft = CaptureDraft {
            saved_at: String::new(),
            spec_id: c.spec_id.clone(),
            customer: c.customer.clone(),
            price: c.price.clone(),
            notes: c.notes.clone(),
            external_number: c.external_number.clone(),
            operator: c.operator.clone(),
            payment: c.payment.clone(),
            reshoot_of: c.reshoot_of,
            ..Default::default()
        };
        let mut photo = None;
        if let CaptureMode::Adjust(s) = &self.capture {
            let ext = s.origin.as_ref().and_then(|p| p.extension()).and_then(|e| e.to_str()).unwrap_or("jpg");
            draft.photo_file = Some(crate::services::capture_draft::photo_file(ext));
            draft.origin = s.origin.clone();
            draft.edit = Some(s.edit);
            draft.auto_crop = Some(s.auto_crop);
            if self.draft.photo_token != Some(s.token) {
                let source = match &s.origin {
                    Some(path) => OriginalSource::File(path.clone(), s.photo.clone()),
                    None => OriginalSource::Pixels(s.photo.clone()),
                };
                photo = Some((s.token, source));
            }
        }
        (draft, photo)
    }

    /// Called once a frame: writes the capture in progress when it changed, or clears it.
    pub(super) fn keep_draft(&mut self, ctx: &egui::Context) {
        if self.restore.is_some() || self.io.is_none() {
            return;
        }
        let (mut draft, photo) = self.current_draft();
        let dir = self.data_dir.drafts();
        if !draft.worth_keeping() {
            if self.draft.written.take().is_some() {
                self.draft.photo_token = None;
                self.send(IoJob::ClearDraft { dir });
            }
            return;
        }
        if photo.is_none() && self.draft.written.as_ref().is_some_and(|w| w.same_as(&draft)) {
            return;
        }
        if let Some(wait) = self.draft.last_write.and_then(|t| MIN_INTERVAL.checked_sub(t.elapsed()))
            && photo.is_none()
        {
            ctx.request_repaint_after(wait);
            return;
        }
        draft.saved_at = chrono::Local::now().to_rfc3339();
        let (token, source) = match photo {
            Some((token, source)) => (Some(token), source),
            None => (self.draft.photo_token, OriginalSource::None),
        };
        self.draft.photo_token = token;
        self.draft.written = Some(draft.clone());
        self.draft.last_write = Some(Instant::now());
        self.send(IoJob::KeepDraft { dir, draft: Box::new(draft), photo: source });
    }

    /// The operator takes the offered draft back: the customer fields at once, the photo placed
    /// again (then the operator's edit put back on it).
    pub(super) fn restore_draft(&mut self) {
        let Some(offer) = self.restore.take() else { return };
        let d = offer.draft;
        self.screens.on(crate::counter::Event::DraftRestored(Box::new(d.clone())));
        if self.catalogue.get(&d.spec_id).is_some() {
            self.screens.on(crate::counter::Event::SpecChosen(d.spec_id.clone()));
        }
        self.screen = Screen::Capture;
        // The original file if it is still there (a phone photo, the hot folder), else the copy.
        let path = d.origin.clone().filter(|p| p.is_file()).or(offer.photo);
        if let (Some(path), Some(spec)) = (path, self.chosen_spec()) {
            self.draft.pending_edit = d.edit.map(|e| (e, d.auto_crop));
            let token = self.start_work();
            self.imaging_send(ImagingJob::Import { token, path, spec });
        }
    }

    /// The operator does not want the draft: its files go.
    pub(super) fn discard_draft(&mut self) {
        if self.restore.take().is_some() {
            self.send(IoJob::ClearDraft { dir: self.data_dir.drafts() });
        }
    }

    /// The edit a restored photo had, once (taken by the first placement after a restore).
    pub(super) fn take_restored_edit(
        &mut self,
    ) -> Option<(crate::worker::Edit, Option<crate::domain::geometry::CropRect>)> {
        self.draft.pending_edit.take()
    }
}
