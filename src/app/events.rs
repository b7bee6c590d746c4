//! Worker results, taken once per frame by `logic`: the camera's newest frame (to the preview and
//! the live analysis), imaging results, the export's progress, the file dialog, and every I/O
//! event (saved settings, orders written or refused, prints, search results, the manager's).

use egui::TextureOptions;

use super::StudioApp;
use crate::counter::{Command, Event};
use crate::worker::{CameraWorker, ImagingWorker, IoEvent, IoJob, IoWorker};

impl StudioApp {
    /// Takes what the workers finished; `true` when a new camera frame is shown.
    pub(super) fn poll_workers(&mut self, ctx: &egui::Context) -> bool {
        let latest = self.camera.as_ref().and_then(CameraWorker::take_latest);
        let new_preview = latest.is_some();
        // While the window is minimised or covered (logic still runs), frames are still taken (a
        // tethered camera's shot is a capture) but not uploaded or analysed.
        let shown = ctx.input(|i| i.viewport().visible() != Some(false));
        if let Some(latest) = latest {
            self.preview_size = Some([latest.frame.width, latest.frame.height]);
            self.last_frame = Some(latest.frame.clone());
            // Live analysis only while the preview is on screen: the adjust view and the other
            // screens leave the cores to their own work.
            let previewing = shown && self.previewing();
            if let Some(analysis) = self.analysis.as_ref().filter(|_| previewing) {
                // An `Arc` handed over; the analysis thread converts and shrinks the frame.
                analysis.feed(latest.frame.clone());
            }
            match &mut self.preview {
                _ if !shown => {}
                Some(texture) => texture.set(latest.image, TextureOptions::LINEAR),
                None => {
                    self.preview = Some(ctx.load_texture("preview", latest.image, TextureOptions::LINEAR))
                }
            }
            // A tethered camera's new photo goes straight to placement: its shutter was the capture.
            if latest.frame.origin.is_some() {
                self.capture_frame();
            }
        }
        // A photo the hot folder could not read: shown, and the camera goes on.
        if let Some(problem) = self.camera.as_ref().and_then(CameraWorker::take_problem) {
            self.notice = Some(problem.get(self.lang).to_owned());
        }
        let seen = self.live.as_ref().map(|l| l.seq);
        if let Some(result) = self.analysis.as_ref().and_then(|a| a.newer_than(seen)) {
            self.live = Some(result);
        }
        while let Some(event) = self.imaging.as_ref().and_then(ImagingWorker::try_recv) {
            self.imaging_event(event);
        }
        if let Some(state) = self.export_worker.as_ref().map(crate::worker::ExportWorker::state) {
            let finished = !matches!(state, crate::worker::ExportState::Running { .. });
            self.screens.on(Event::Export(state));
            if finished {
                // The thread has ended: joined at once.
                self.export_worker = None;
            }
        }
        if let Some(picked) = self.file_pick.as_ref().and_then(|rx| rx.try_recv().ok()) {
            self.file_pick = None;
            if let Some(path) = picked {
                self.apply(Command::ImportFile(path));
            }
        }
        while let Some(event) = self.io.as_ref().and_then(IoWorker::try_recv) {
            match event {
                IoEvent::StudioInfoSaved(info) => {
                    // Saved from the first-start dialog (which closes): the studio's city ID card
                    // becomes the spec.
                    let from_dialog = self.screens.first_start.is_some();
                    self.screens.on(Event::StudioSaved(info.clone()));
                    if from_dialog && let Some(home) = self.catalogue.home_spec(&info.city) {
                        let id = home.id.clone();
                        self.choose_spec(id);
                    }
                    self.studio = info;
                }
                IoEvent::LanguageSaved(_) | IoEvent::SettingSaved { .. } | IoEvent::DraftKept => {}
                // The open order's log shows the new line.
                IoEvent::OrderEventLogged { id } => {
                    if self.screens.orders.open.as_ref().is_some_and(|o| o.row.id == id) {
                        self.send(IoJob::LoadOrder(id));
                    }
                }
                IoEvent::OrderCreated { index, image_number: None, order_id } => {
                    self.order_awaiting_upload(index, order_id)
                }
                IoEvent::OrderCreated { index, image_number: Some(image_number), .. } => {
                    let mut waits = None;
                    if let Some(a) = self.approved.get_mut(index) {
                        a.image_number = Some(image_number.clone());
                        waits = a.receipt_waits_for_studio.then(|| a.spec_id.clone());
                    }
                    self.notice = Some(format!(
                        "{}：{image_number}",
                        crate::domain::Label::OrderCreated.get(self.lang)
                    ));
                    // The receipt came with the order's job; only one waiting for the studio's
                    // name is asked for here (the dialog opens).
                    if let Some(spec_id) = waits {
                        self.apply(Command::PrintReceipt { number: image_number, spec_id });
                    }
                }
                event @ (IoEvent::ReceiptIssued { .. }
                | IoEvent::SheetWritten { .. }
                | IoEvent::Printed { .. }
                | IoEvent::PrintNews { .. }
                | IoEvent::Printing(_)) => self.print_event(event),
                IoEvent::PrintSettingsSaved(settings) => {
                    self.screens.on(Event::PrintSettingsSaved(settings.clone()));
                    self.print = settings;
                }
                IoEvent::Printers(list) => self.screens.on(Event::Printers(Some(list))),
                IoEvent::DayReport(report) => self.screens.on(Event::DayReport(report)),
                IoEvent::Orders(rows) => self.screens.on(Event::OrdersFound(rows)),
                IoEvent::OrderLoaded { row, photo, events } => {
                    self.screens.on(Event::OrderOpened { row, photo, events })
                }
                IoEvent::Manager(event) => self.manager_event(event),
                IoEvent::StatusChanged { id } => {
                    let query = self.screens.orders.query();
                    self.send(IoJob::SearchOrders(Box::new(query)));
                    self.send(IoJob::LoadOrder(id));
                }
                IoEvent::OrderRefused { job, error } => {
                    self.order_refused(job, error.detail().get(self.lang).to_owned())
                }
                event @ (IoEvent::Awaiting(_)
                | IoEvent::NumberAttached { .. }
                | IoEvent::AttachRefused { .. }
                | IoEvent::NumberingSaved(_)) => self.upload_event(event),
                IoEvent::HandedOver { number, how, image, path, shared } => {
                    self.handed_over(number, how, image, path, shared)
                }
                IoEvent::Failed { job, error } => {
                    let message = error.message(self.lang);
                    match job {
                        // An approved order that could not be written is kept in memory, never
                        // dropped: offered for retry when that can help (disk full, database
                        // busy), else shown with what to do (a damaged database).
                        job @ IoJob::CreateOrder { .. } => {
                            self.unsaved_orders.push(crate::counter::UnsavedOrder { job, error })
                        }
                        IoJob::SaveStudioInfo(_) | IoJob::SaveLanguage(_) | IoJob::SavePrintSettings(_) => {
                            self.screens.on(Event::SaveFailed(message.clone()))
                        }
                        IoJob::Manager(job) => {
                            self.manager_failed(&job, error);
                            continue;
                        }
                        _ => {}
                    }
                    self.notice = Some(message);
                }
            }
        }
        new_preview
    }
}
