//! The screens' commands, applied by `logic`: most become a job for a worker; the rest change
//! what is shown.

use super::{FAVOURITES_SETTING, StudioApp};
use crate::counter::CaptureMode;
use crate::counter::{Command, Event, Guarded, Screen};
use crate::domain::{Label, audit_log};
use crate::worker::{ImagingJob, IoJob};

impl StudioApp {
    pub(super) fn apply(&mut self, command: Command) {
        match command {
            // The settings are the manager's.
            Command::ShowScreen(Screen::Settings) if self.screen != Screen::Settings => {
                self.apply(Command::Guarded(Guarded::Settings))
            }
            Command::ShowScreen(screen) => self.show_screen(screen),
            Command::SetLanguage(lang) => {
                self.lang = lang;
                self.send(IoJob::SaveLanguage(lang));
            }
            Command::SaveStudioInfo(info) => {
                self.audit(Label::AuditChangeSettings.zh(), Label::SettingsStudio.zh());
                self.send(IoJob::SaveStudioInfo(info))
            }
            Command::OpenStudioSetup { for_receipt } => {
                let draft = self.studio.clone();
                self.screens.on(Event::AskStudio { draft, for_receipt });
            }
            Command::CloseStudioSetup => self.screens.on(Event::StudioSetupClosed),
            Command::ChooseSpec(id) => self.choose_spec(id),
            Command::ToggleFavourite(id) => {
                let mut favourites = self.screens.capture.favourites.clone();
                match favourites.iter().position(|f| *f == id) {
                    Some(i) => {
                        favourites.remove(i);
                    }
                    None => favourites.push(id),
                }
                let value = favourites.join(",");
                self.screens.on(Event::Favourites(favourites));
                self.send(IoJob::SaveSetting { key: FAVOURITES_SETTING.into(), value });
            }
            Command::Capture => self.capture_frame(),
            Command::PickFile => self.pick_file(),
            Command::ImportFile(path) => {
                if let Some(spec) = self.chosen_spec() {
                    let token = self.start_work();
                    self.imaging_send(ImagingJob::Import { token, path, spec });
                }
            }
            Command::Render(edit) => {
                let job = match &mut self.capture {
                    CaptureMode::Adjust(s) => {
                        s.edit = edit;
                        ImagingJob::Render {
                            token: s.token,
                            photo: s.photo.clone(),
                            spec: s.spec.clone(),
                            analysis: s.analysis.clone(),
                            edit,
                        }
                    }
                    _ => return,
                };
                self.imaging_send(job);
            }
            Command::Approve { reason } => self.approve(reason),
            Command::Retake => self.capture = CaptureMode::Live,
            Command::RestoreDraft => self.restore_draft(),
            Command::DiscardDraft => self.discard_draft(),
            Command::SearchOrders(q) => self.send(IoJob::SearchOrders(Box::new(q))),
            Command::OpenOrder(id) => self.send(IoJob::LoadOrder(id)),
            Command::CloseOrder => self.screens.on(Event::OrderClosed),
            Command::SetOrderStatus { id, status, reason } => {
                let who = self.operator();
                self.screens.on(Event::StatusSet);
                self.send(IoJob::SetOrderStatus { id, status, reason, who });
            }
            Command::Reshoot(id) => self.reshoot(id),
            Command::SaveRefused { index, number } => self.save_refused(index, number),
            command @ (Command::AttachNumber { .. }
            | Command::SelectAwaiting(_)
            | Command::OpenUploadFolder
            | Command::SaveNumbering(_)) => self.upload_command(command),
            Command::HandOver { number, spec_id, how } => self.hand_over(number, spec_id, how),
            Command::SetShare(on) => self.set_share(on),
            Command::CloseShare => self.screens.on(Event::ShareClosed),
            Command::RetryUnsaved => {
                // Only what a retry can save; the rest stays on screen with what to do.
                let (retry, keep) =
                    std::mem::take(&mut self.unsaved_orders).into_iter().partition(|u| u.error.retryable());
                self.unsaved_orders = keep;
                for unsaved in retry {
                    self.send(unsaved.job);
                }
            }
            Command::ChooseCamera(choice) => self.choose_camera(choice),
            command
            @ (Command::PrintReceipt { .. } | Command::PrintSheet { .. } | Command::RetryPrint(_)) => {
                self.print_command(command)
            }
            Command::SavePrintSettings(settings) => {
                self.audit(Label::AuditChangeSettings.zh(), Label::AuditPrinting.zh());
                self.send(IoJob::SavePrintSettings(settings))
            }
            Command::ListPrinters => self.send(IoJob::ListPrinters),
            Command::LoadDayReport(date) => {
                let validity = self
                    .catalogue
                    .specs()
                    .iter()
                    .filter_map(|s| Some((s.id.clone(), s.receipt.as_ref()?.validity)))
                    .collect();
                self.send(IoJob::DayReport { date, validity });
            }
            Command::StartExport(mut request) => {
                if self.export_worker.is_some() {
                    return;
                }
                if request.out_dir.as_os_str().is_empty() {
                    request.out_dir = self.data_dir.exports();
                }
                if request.privacy == crate::domain::daily_report::Privacy::Full {
                    // The unlock may have run out since the box was ticked: ask again.
                    if !self.manager.unlocked() {
                        self.screens.on(Event::FullNumbers(false));
                        self.apply(Command::Guarded(Guarded::FullNumbers));
                        return;
                    }
                    self.audit(Label::GuardFullNumbers.zh(), &request.date.to_string());
                }
                let spawned = crate::worker::ExportWorker::spawn(
                    self.data_dir.database(),
                    self.catalogue.clone(),
                    request,
                    self.notify.clone(),
                );
                match spawned {
                    Ok(worker) => {
                        self.screens.on(Event::Export(worker.state()));
                        self.export_worker = Some(worker);
                    }
                    Err(e) => self.screens.on(Event::Export(crate::worker::ExportState::Failed(
                        crate::domain::Words::same(e.to_string()),
                    ))),
                }
            }
            command @ (Command::Guarded(_)
            | Command::Unlock(_)
            | Command::CancelUnlock
            | Command::Lock
            | Command::SetPin { .. }
            | Command::SavePrivacy { .. }
            | Command::BackupNow
            | Command::RestoreBackup(_)) => self.manager_command(command),
            Command::SetPrice { spec_id, fen } => {
                let value = fen.map(|f| f.to_string()).unwrap_or_default();
                match fen {
                    Some(f) => self.prices.insert(spec_id.clone(), f),
                    None => self.prices.remove(&spec_id),
                };
                self.audit(Label::AuditChangeSettings.zh(), &audit_log::price_detail(&spec_id));
                let key = format!("{}{spec_id}", crate::storage::PRICE_PREFIX);
                self.send(IoJob::SaveSetting { key, value });
            }
        }
    }

    /// A line in the audit log, written by the I/O thread.
    pub(super) fn audit(&mut self, action: &str, detail: &str) {
        let (who, action, detail) = (self.operator(), action.to_owned(), detail.to_owned());
        self.send(IoJob::Manager(crate::worker::ManagerJob::Audit { who, action, detail }));
    }

    pub(super) fn show_screen(&mut self, screen: Screen) {
        // The list is fresh each time the screen is opened (orders were approved meanwhile).
        if screen == Screen::Orders && self.screens.orders.searched {
            self.screens.on(Event::Searching);
            let query = self.screens.orders.query();
            self.send(IoJob::SearchOrders(Box::new(query)));
        }
        if screen == Screen::Orders {
            self.refresh_awaiting();
        }
        if screen == Screen::Export {
            let day = self.screens.export.date().unwrap_or_else(|| chrono::Local::now().date_naive());
            self.apply(Command::LoadDayReport(day));
        }
        if screen == Screen::Settings {
            if !self.screens.settings.printers_asked() {
                self.screens.on(Event::Printers(Some(Vec::new())));
                self.send(IoJob::ListPrinters);
            }
            self.load_privacy();
        }
        self.screen = screen;
    }

    /// Who the audit log names: the operator typed on the capture screen, else 柜台.
    pub(super) fn operator(&self) -> String {
        match crate::domain::typed_text::operator(&self.screens.capture.operator) {
            name if name.is_empty() => crate::domain::Label::Counter.get(self.lang).to_owned(),
            name => name,
        }
    }
}
