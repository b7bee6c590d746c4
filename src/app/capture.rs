//! The app's side of the capture screen: the camera and spec chosen, frames and files sent to the
//! imaging thread and what it sends back, approval into an order, and re-shoots.

use std::sync::Arc;

use super::{ApprovedPhoto, SPEC_SETTING, StudioApp};
use crate::camera::CameraChoice;
use crate::counter::Screen;
use crate::counter::{CaptureMode, Event};
use crate::worker::{CameraWorker, ImagingEvent, ImagingJob, ImagingWorker, IoJob};

impl StudioApp {
    /// Saves the choice and restarts the camera thread with it. The old thread ends by itself (a slow
    /// device never holds up the UI); its last frame and analysis go with it.
    pub(super) fn choose_camera(&mut self, choice: CameraChoice) {
        self.send(IoJob::SaveSetting { key: CameraChoice::SETTING_KEY.into(), value: choice.to_setting() });
        if let Some(old) = self.camera.take() {
            old.stop_in_background();
        }
        (self.preview, self.preview_size, self.last_frame, self.live) = (None, None, None, None);
        if self.start_camera {
            self.camera =
                CameraWorker::for_choice(choice.clone(), self.demo_camera_size, self.notify.clone())
                    .map_err(|e| self.notice = Some(e.to_string()))
                    .ok();
        }
        self.camera_choice = choice;
    }

    /// Marks the failed order 重拍 and opens the capture screen for the same customer and spec; the
    /// next approval is linked to it and gets a new number.
    pub(super) fn reshoot(&mut self, id: i64) {
        let Some(open) = self.screens.orders.open.as_ref().filter(|o| o.row.id == id) else { return };
        let r = &open.row;
        let customer = crate::domain::customer::CustomerDraft {
            name: r.customer_name.clone(),
            phone: r.phone.clone().unwrap_or_default(),
            id_number: r.id_number.clone().unwrap_or_default(),
            hukou: r.hukou.clone().unwrap_or_default(),
        };
        let spec_id = r.spec_id.clone();
        self.screens.on(Event::Reshoot { customer, of: id });
        self.screens.on(Event::SpecChosen(spec_id));
        self.capture = CaptureMode::Live;
        self.screen = Screen::Capture;
        let who = self.operator();
        self.send(IoJob::SetOrderStatus {
            id,
            status: crate::storage::OrderStatus::Reshoot,
            reason: None,
            who,
        });
    }

    pub(super) fn chosen_spec(&self) -> Option<Arc<crate::domain::PhotoSpec>> {
        self.catalogue.get(&self.screens.capture.spec_id).map(|s| Arc::new(s.clone()))
    }

    pub(super) fn choose_spec(&mut self, id: String) {
        self.send(IoJob::SaveSetting { key: SPEC_SETTING.into(), value: id.clone() });
        self.screens.on(Event::SpecChosen(id));
        // The photo being adjusted is placed again for the new spec.
        let photo = match &self.capture {
            CaptureMode::Adjust(s) => Some((s.photo.clone(), s.origin.clone())),
            _ => None,
        };
        if let (Some((photo, origin)), Some(spec)) = (photo, self.chosen_spec()) {
            let token = self.start_work();
            self.imaging_send(ImagingJob::Capture { token, photo, spec, origin });
        }
    }

    /// A new token for a capture; the screen waits for its answer.
    pub(super) fn start_work(&mut self) -> u64 {
        self.next_token += 1;
        self.capture = CaptureMode::Working { token: self.next_token };
        self.next_token
    }

    pub(super) fn capture_frame(&mut self) {
        if !matches!(self.capture, CaptureMode::Live) {
            return;
        }
        let Some(frame) = self.last_frame.clone() else {
            self.notice = Some(crate::domain::Label::NoFrameToCapture.get(self.lang).to_owned());
            return;
        };
        if let Some(spec) = self.chosen_spec() {
            let token = self.start_work();
            self.imaging_send(ImagingJob::CaptureFrame { token, frame, spec });
        }
    }

    pub(super) fn pick_file(&mut self) {
        if self.file_pick.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let notify = self.notify.clone();
        let title = crate::domain::Label::ImportButton.get(self.lang).to_owned();
        // The dialog blocks its thread, never the UI.
        let spawned = std::thread::Builder::new().name("file-dialog".into()).spawn(move || {
            let picked = rfd::FileDialog::new()
                .set_title(title)
                .add_filter(
                    "JPEG / PNG / TIFF / WebP / BMP",
                    &["jpg", "jpeg", "png", "tif", "tiff", "webp", "bmp"],
                )
                .pick_file();
            let _ = tx.send(picked);
            notify();
        });
        match spawned {
            Ok(_) => self.file_pick = Some(rx),
            Err(e) => self.notice = Some(e.to_string()),
        }
    }

    pub(super) fn imaging_send(&mut self, job: ImagingJob) {
        if self.imaging.is_none() {
            match ImagingWorker::spawn(self.notify.clone()) {
                Ok(worker) => self.imaging = Some(worker),
                Err(e) => {
                    self.notice = Some(e.to_string());
                    self.capture = CaptureMode::Live;
                    return;
                }
            }
        }
        if !self.imaging.as_ref().is_some_and(|w| w.send(job)) {
            self.imaging = None;
            self.notice = Some(crate::domain::Label::ErrQueueFull.get(self.lang).to_owned());
            self.capture = CaptureMode::Live;
        }
    }

    pub(super) fn imaging_event(&mut self, event: ImagingEvent) {
        match event {
            ImagingEvent::Captured { token, photo, analysis, auto_crop, origin, rendered } => {
                if !matches!(self.capture, CaptureMode::Working { token: t } if t == token) {
                    return;
                }
                let Some(spec) = self.chosen_spec() else { return };
                let restored = self.take_restored_edit();
                self.capture = CaptureMode::Adjust(Box::new(crate::counter::Placed {
                    token,
                    photo,
                    spec,
                    analysis,
                    auto_crop,
                    edit: rendered.edit,
                    rendered,
                    origin,
                    captured_at: chrono::Local::now(),
                }));
                // A restored capture: the operator's own placement and corrections, not the automatic.
                if let (Some((edit, auto_crop)), CaptureMode::Adjust(s)) = (restored, &mut self.capture) {
                    s.edit = edit;
                    // The slider counts the turn from the first placement; keep counting from it.
                    s.auto_crop = auto_crop.unwrap_or(s.auto_crop);
                    self.apply(crate::counter::Command::Render(edit));
                }
            }
            ImagingEvent::Rendered { token, rendered } => {
                if let CaptureMode::Adjust(s) = &mut self.capture
                    && s.token == token
                {
                    s.rendered = rendered;
                }
            }
            ImagingEvent::Failed { token, error } => {
                if matches!(self.capture, CaptureMode::Working { token: t } if t == token) {
                    self.capture = CaptureMode::Live;
                }
                self.notice = Some(error.message(self.lang));
            }
        }
    }

    /// Validates the customer, then hands the order to the I/O thread (original file first, the
    /// database transaction last). Wrong fields stay on screen and nothing is saved.
    pub(super) fn approve(&mut self, reason: Option<String>) {
        let reason = match reason.as_deref().map(crate::domain::typed_text::reason).transpose() {
            Ok(r) => r.filter(|r| !r.is_empty()),
            Err(e) => {
                // Kept on screen: the operator shortens it and approves again.
                self.notice = Some(format!("{}：{e}", crate::domain::Label::ReasonHint.get(self.lang)));
                return;
            }
        };
        let CaptureMode::Adjust(s) = &self.capture else { return };
        if !s.up_to_date() {
            return;
        }
        if self.io.is_none() {
            // No database: keep the photo on screen rather than lose it.
            self.notice = Some(crate::domain::Label::ErrDatabase.get(self.lang).to_owned());
            return;
        }
        let id_required = s.spec.document == crate::domain::DocumentType::DrivingLicence;
        // A re-shoot after a failed audit is free unless a price is typed.
        let studio_price_fen = self.prices.get(&s.spec.id).copied();
        let reshoot = self.screens.capture.reshoot_of.is_some();
        let default_price =
            crate::domain::approval::default_price(s.spec.price_fen, studio_price_fen, reshoot);
        let price = crate::domain::customer::parse_price_yuan(&self.screens.capture.price, default_price);
        let external =
            crate::services::approve::external_number(&s.spec, &self.screens.capture.external_number)
                .map_err(|e| {
                    crate::domain::customer::FieldError::new(
                        crate::domain::customer::CustomerField::ImageNumber,
                        crate::domain::i18n::Bilingual::words(&e),
                    )
                });
        let notes = crate::domain::customer::validate_notes(&self.screens.capture.notes);
        let today = chrono::Local::now().date_naive();
        let (customer, price_fen, external_number, notes) =
            match (self.screens.capture.customer.validated(id_required, today), price, external, notes) {
                (Ok(c), Ok(p), Ok(n), Ok(notes)) => (c, p, n, notes),
                (customer, price, external, notes) => {
                    let mut errors = customer.err().unwrap_or_default();
                    errors.extend(price.err());
                    errors.extend(notes.err());
                    errors.extend(external.err());
                    self.screens.on(Event::FieldErrors(errors));
                    self.notice = Some(crate::domain::Label::CustomerInvalid.get(self.lang).to_owned());
                    return;
                }
            };
        self.screens.on(Event::FieldErrors(Vec::new()));
        let report = &s.rendered.processed.report;
        let now = chrono::Local::now();
        let approved = crate::services::approve::ApprovalForm {
            customer,
            price_fen: Some(price_fen),
            studio_price_fen,
            auto_receipt: self.print.auto_receipt,
            payment: self.screens.capture.payment.clone(),
            operator: self.operator(),
            reason,
            notes,
            external_number,
            numbering: self.numbering.for_spec(&s.spec),
            reshoot_of: self.screens.capture.reshoot_of,
            captured_at: s.captured_at,
        };
        let (order, decision) = match crate::services::approve::new_order(
            &s.spec,
            report,
            s.rendered.processed.jpeg.clone(),
            &approved,
            now,
        ) {
            Ok(decided) => decided,
            Err(e) => {
                // A failing check without a reason: the photo stays on screen.
                self.notice = Some(crate::domain::i18n::Bilingual::say(&e, self.lang));
                return;
            }
        };
        let original = match &s.origin {
            Some(path) => crate::worker::io::OriginalSource::File(path.clone(), s.photo.clone()),
            None => crate::worker::io::OriginalSource::Pixels(s.photo.clone()),
        };
        let crate::services::approve::ApprovalForm { customer, reason, .. } = approved;
        let approval = ApprovedPhoto {
            spec_id: s.spec.id.clone(),
            customer: customer.name,
            reason,
            overall: report.overall,
            crop: report.crop,
            jpeg_bytes: order.jpeg.len(),
            image_number: None,
            // Without the studio's name the receipt cannot be issued: asked for once the order is in.
            receipt_waits_for_studio: decision.print_receipt && !self.studio.named(),
        };
        // The receipt is issued by the job that writes the order, as soon as it has its number.
        let receipt = (decision.print_receipt && self.studio.named()).then(|| {
            Box::new(crate::worker::io::ReceiptAfter {
                spec: Box::new((*s.spec).clone()),
                who: self.operator(),
                dir: self.data_dir.receipts(),
            })
        });
        let job = IoJob::CreateOrder {
            index: self.approved.len(),
            order: Box::new(order),
            original,
            originals_dir: self.data_dir.originals(),
            uploads: self.data_dir.uploads(),
            receipt,
        };
        self.approved.push(approval);
        self.send(job);
        self.screens.on(Event::Approved);
        self.capture = CaptureMode::Live;
    }

    /// An approved order refused by the database (its image number is another order's): kept,
    /// with the number the operator typed, until it is saved under another.
    pub(super) fn order_refused(&mut self, job: IoJob, message: String) {
        let number = match &job {
            IoJob::CreateOrder { order, .. } => match &order.number {
                crate::storage::NumberSource::External(n) => n.clone(),
                crate::storage::NumberSource::Allocate { .. } | crate::storage::NumberSource::AwaitUpload => {
                    String::new()
                }
            },
            _ => String::new(),
        };
        self.notice = Some(message.clone());
        self.refused_orders.push(crate::counter::RefusedOrder { job, message });
        // The field starts with the refused number, for the operator to correct.
        self.screens.on(Event::Refused { number });
    }

    /// Saves refused order `index` again under the typed number (checked against its spec's
    /// layout) or, with `None`, under one of the studio's own.
    pub(super) fn save_refused(&mut self, index: usize, number: Option<String>) {
        let today = chrono::Local::now().date_naive();
        let catalogue = self.catalogue.clone();
        let Some(refused) = self.refused_orders.get_mut(index) else { return };
        let IoJob::CreateOrder { order, .. } = &mut refused.job else { return };
        let Some(spec) = catalogue.get(&order.spec_id) else {
            refused.message =
                format!("{}：{}", crate::domain::Label::ErrSpecGoneRenumber.get(self.lang), order.spec_id);
            refused.message = crate::domain::i18n::punct(self.lang, std::mem::take(&mut refused.message));
            return;
        };
        order.number = match number {
            Some(text) => match crate::services::approve::external_number(spec, &text) {
                Ok(Some(n)) => crate::storage::NumberSource::External(n),
                Ok(None) => {
                    refused.message = crate::domain::Label::RefusedTypeNumber.get(self.lang).to_owned();
                    return;
                }
                Err(e) => {
                    let said = format!(
                        "{}（{text} · {}）：{}",
                        crate::domain::Label::ErrNumberLayout.get(self.lang),
                        spec.id,
                        crate::domain::i18n::Bilingual::say(&e, self.lang)
                    );
                    refused.message = crate::domain::i18n::punct(self.lang, said);
                    return;
                }
            },
            None => crate::storage::NumberSource::Allocate {
                template: crate::services::approve::number_template(spec),
                city_letter: spec.city_letter,
                date: today,
            },
        };
        let refused = self.refused_orders.remove(index);
        self.screens.on(Event::RefusedSent(index));
        self.send(refused.job);
    }
}
