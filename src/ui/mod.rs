//! The user interface: a top bar with the four screens, the chosen screen, and a status bar.
//!
//! Each screen draws from its own state and a read-only [`View`] of the app, and answers with
//! [`Command`]s; the app tells it what happened with `counter::Event`s ([`Screens::on`]). Nothing here
//! blocks, touches the database or decodes images, and nothing here names the app.

pub mod adjust;
pub mod capture;
pub mod export;
pub mod orders;
pub mod overlays;
pub mod restore;
pub mod settings;
pub mod studio_form;
pub mod theme;
pub mod unsaved;
pub mod widgets;

use crate::counter::{Command, DbState, Screen, ShareOffer, View};
use crate::domain::Label;
use crate::worker::{AnalysisStatus, CameraStatus};

/// What the screens hold of their own: the forms being typed, the lists shown, the dialogs open.
/// The app answers the screens' commands by filling these in.
pub struct Screens {
    pub capture: capture::CaptureScreen,
    pub orders: orders::OrdersScreen,
    pub export: export::ExportScreen,
    pub settings: settings::SettingsScreen,
    /// The first-start dialog, while it is open.
    pub first_start: Option<studio_form::FirstStart>,
    /// The manager PIN prompt, while a guarded action waits.
    pub pin: Option<PinPrompt>,
    /// The number being typed for each refused order, in the view's order.
    pub refused_numbers: Vec<String>,
    /// 扫码领取: the QR code on screen.
    pub share: Option<overlays::SharePanel>,
}

impl Screens {
    pub fn new(studio: &crate::domain::StudioInfo) -> Screens {
        Screens {
            capture: Default::default(),
            orders: Default::default(),
            export: Default::default(),
            settings: settings::SettingsScreen::new(studio),
            first_start: None,
            pin: None,
            refused_numbers: Vec::new(),
            share: None,
        }
    }
}

impl Screens {
    /// Hands an event to the screen it is for.
    pub fn on(&mut self, event: crate::counter::Event) {
        use crate::counter::Event as E;
        match event {
            e @ (E::SpecChosen(_)
            | E::Favourites(_)
            | E::Reshoot { .. }
            | E::FieldErrors(_)
            | E::Approved
            | E::DraftRestored(_)) => self.capture.on(e),
            e @ (E::OrdersFound(_)
            | E::Searching
            | E::OrderOpened { .. }
            | E::OrderClosed
            | E::OrderGone(_)
            | E::StatusSet
            | E::Awaiting(_)
            | E::AwaitingSelected(_)
            | E::NumberAttached(_)
            | E::Flash { .. }) => self.orders.on(e),
            e @ (E::DayReport(_) | E::Export(_) | E::FullNumbers(_)) => self.export.on(e),
            e @ (E::StudioSaved(_)
            | E::PrintSettingsSaved(_)
            | E::NumberingSaved(_)
            | E::Printers(_)
            | E::SaveFailed(_)
            | E::PrivacyLoaded(_)
            | E::PrivacySaved
            | E::PrivacyFailed(_)) => {
                match (&e, &mut self.first_start) {
                    (E::SaveFailed(_), Some(form)) => form.saving = false,
                    // Saved from the first-start dialog: it closes.
                    (E::StudioSaved(_), Some(_)) => self.first_start = None,
                    _ => {}
                }
                self.settings.on(e)
            }
            E::StudioLoaded(info) => self.settings = settings::SettingsScreen::new(&info),
            E::AskStudio { draft, for_receipt } => {
                self.first_start = Some(studio_form::FirstStart { draft, for_receipt, ..Default::default() })
            }
            E::StudioSetupClosed => self.first_start = None,
            E::PinAsked => self.pin = Some(PinPrompt::default()),
            E::PinChecking => {
                if let Some(p) = &mut self.pin {
                    p.checking = true;
                    p.error = None;
                }
            }
            E::PinRefused(why) => {
                if let Some(p) = &mut self.pin {
                    p.checking = false;
                    p.text.clear();
                    p.error = Some(why);
                }
            }
            E::PinClosed => self.pin = None,
            E::Refused { number } => self.refused_numbers.push(number),
            E::RefusedSent(index) => {
                if index < self.refused_numbers.len() {
                    self.refused_numbers.remove(index);
                }
            }
            E::Share(offer) => {
                let ShareOffer { number, how, link, qr } = *offer;
                self.share =
                    Some(overlays::SharePanel { number, how, link, qr, texture: None, downloaded: false })
            }
            E::ShareDownloaded => {
                if let Some(panel) = &mut self.share {
                    panel.downloaded = true;
                }
            }
            E::ShareClosed => self.share = None,
        }
    }
}

/// The PIN prompt on screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PinPrompt {
    pub text: String,
    pub error: Option<String>,
    /// Sent to the I/O thread, answer not back yet.
    pub checking: bool,
}

/// Draws the whole window for one frame.
pub fn show(ui: &mut egui::Ui, screens: &mut Screens, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    egui::Panel::top("top_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(Label::AppTitle.get(lang));
            ui.separator();
            for screen in Screen::ALL {
                if ui.selectable_label(view.screen == screen, screen.label().get(lang)).clicked() {
                    commands.push(Command::ShowScreen(screen));
                }
            }
        });
    });
    egui::Panel::bottom("status_bar").show(ui, |ui| status_bar(ui, view, &screens.orders, commands));
    if *view.db_state == DbState::Opening {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.centered_and_justified(|ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.heading(Label::DbOpening.get(lang));
                });
            });
        });
        return;
    }
    if let DbState::Damaged { message, backup } = view.db_state {
        egui::CentralPanel::default()
            .show(ui, |ui| damaged(ui, lang, message.get(lang), backup.as_ref(), commands));
        return;
    }
    egui::CentralPanel::default().show(ui, |ui| match view.screen {
        Screen::Capture => screens.capture.show(ui, view, commands),
        Screen::Orders => screens.orders.show(ui, view, commands),
        Screen::Export => screens.export.show(ui, view, commands),
        Screen::Settings => screens.settings.show(ui, view, commands),
    });
    studio_form::first_start(ui.ctx(), &mut screens.first_start, view, commands);
    restore::show(ui.ctx(), view, commands);
    unsaved::show(ui.ctx(), &mut screens.refused_numbers, view, commands);
    overlays::flash(ui.ctx(), &mut screens.orders.flash);
    overlays::share_panel(ui.ctx(), &mut screens.share, view, commands);
    pin_prompt(ui.ctx(), &mut screens.pin, view, commands);
}

/// The database is damaged: say so, and offer the newest backup instead of going on.
fn damaged(
    ui: &mut egui::Ui,
    lang: crate::domain::Lang,
    message: &str,
    backup: Option<&crate::services::backups::Backup>,
    commands: &mut Vec<Command>,
) {
    ui.heading(egui::RichText::new(Label::DbDamaged.get(lang)).color(ui.visuals().error_fg_color));
    ui.label(message);
    ui.add_space(8.0);
    ui.label(Label::DbDamagedHint.get(lang));
    ui.add_space(8.0);
    match backup {
        Some(b) => {
            ui.label(crate::domain::i18n::punct(
                lang,
                format!(
                    "{}：{} · {} · {:.1} MB",
                    Label::LatestBackup.get(lang),
                    b.day,
                    b.path.display(),
                    b.bytes as f64 / 1e6
                ),
            ));
            if ui.button(Label::RestoreLatest.get(lang)).clicked() {
                commands.push(Command::RestoreBackup(b.path.clone()));
            }
        }
        None => {
            ui.colored_label(ui.visuals().error_fg_color, Label::NoBackup.get(lang));
        }
    }
}

/// The manager PIN prompt, over everything, while a guarded action waits.
fn pin_prompt(ctx: &egui::Context, prompt: &mut Option<PinPrompt>, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    let action = view.manager.pending.as_ref().map(|g| g.label(lang)).unwrap_or_default();
    let Some(prompt) = prompt else { return };
    let response = egui::Modal::new(egui::Id::unique("pin_prompt")).show(ctx, |ui| {
        ui.heading(Label::PinTitle.get(lang));
        ui.label(crate::domain::i18n::punct(lang, format!("{}：{action}", Label::PinFor.get(lang))));
        let label = ui.label(Label::PinField.get(lang));
        let field = ui
            .add(egui::TextEdit::singleline(&mut prompt.text).password(true).desired_width(160.0))
            .labelled_by(label.id);
        if !prompt.checking {
            field.request_focus();
        }
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if let Some(error) = &prompt.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        if prompt.checking {
            ui.label(Label::PinChecking.get(lang));
        }
        ui.horizontal(|ui| {
            if (ui.add_enabled(!prompt.checking, egui::Button::new(Label::Confirm.get(lang))).clicked()
                || entered)
                && !prompt.checking
            {
                commands.push(Command::Unlock(std::mem::take(&mut prompt.text)));
            }
            if ui.button(Label::Cancel.get(lang)).clicked() {
                commands.push(Command::CancelUnlock);
            }
        });
    });
    if response.should_close() {
        commands.push(Command::CancelUnlock);
    }
}

fn status_bar(ui: &mut egui::Ui, view: &View, orders: &orders::OrdersScreen, commands: &mut Vec<Command>) {
    let lang = view.lang;
    ui.horizontal(|ui| {
        // First, so it is never pushed off a crowded bar: approved orders waiting to be written.
        // A retry only where it can help; otherwise what to do, with every reason on hover.
        let (retryable, stuck): (Vec<_>, Vec<_>) =
            view.unsaved_orders.iter().partition(|u| u.error.retryable());
        if !retryable.is_empty() {
            let text = crate::domain::i18n::punct(
                lang,
                format!("{}（{}）", Label::RetryUnsaved.get(lang), retryable.len()),
            );
            let button = egui::Button::new(egui::RichText::new(text).color(ui.visuals().error_fg_color));
            let reasons: Vec<_> = retryable.iter().map(|u| u.error.message(lang)).collect();
            if ui.add(button).on_hover_text(reasons.join("\n")).clicked() {
                commands.push(Command::RetryUnsaved);
            }
            ui.separator();
        }
        if let Some(last) = stuck.last() {
            let text = crate::domain::i18n::punct(
                lang,
                format!("{} {}：{}", stuck.len(), Label::UnsavedStuck.get(lang), last.error.message(lang)),
            );
            let reasons: Vec<_> = stuck.iter().map(|u| u.error.message(lang)).collect();
            ui.colored_label(ui.visuals().error_fg_color, text).on_hover_text(reasons.join("\n"));
            ui.separator();
        }
        // Photos waiting for the platform's number, from every screen.
        if !orders.awaiting.is_empty() {
            let text = format!("{} {}", Label::StatusAwaitingUpload.get(lang), orders.awaiting.len());
            let button =
                egui::Button::new(egui::RichText::new(text).color(egui::Color32::from_rgb(230, 110, 0)));
            if ui.add(button).clicked() {
                commands.push(Command::ShowScreen(Screen::Orders));
            }
            ui.separator();
        }
        ui.label(crate::domain::i18n::punct(
            lang,
            format!("{}：{}", Label::StatusDataDir.get(lang), view.data_dir.root().display()),
        ));
        ui.separator();
        let camera = match view.camera_status.clone() {
            None => Label::CameraStopped.get(lang).to_owned(),
            Some(CameraStatus::Starting) => Label::CameraStarting.get(lang).to_owned(),
            Some(CameraStatus::Running { name, fps }) => {
                let name = if name == "demo" { Label::CameraDemo.get(lang).to_owned() } else { name };
                format!("{name} · {fps:.0} {}", Label::CameraFps.get(lang))
            }
            Some(CameraStatus::Failed(message)) => message.get(lang).to_owned(),
            Some(CameraStatus::Stopped) => Label::CameraStopped.get(lang).to_owned(),
        };
        ui.label(crate::domain::i18n::punct(lang, format!("{}：{camera}", Label::StatusCamera.get(lang))));
        ui.separator();
        if let Some(status) = view.analysis_status.clone() {
            let text = match status {
                AnalysisStatus::Loading => Label::AnalysisLoading.get(lang).to_owned(),
                // Live analysis runs only under the live preview.
                AnalysisStatus::Running { .. } if !view.previewing() => {
                    Label::AnalysisPaused.get(lang).to_owned()
                }
                AnalysisStatus::Running { hz } => {
                    let ms = view.live.map_or(0, |l| l.took.as_millis());
                    format!("{hz:.0} {} · {ms} ms", Label::AnalysisHz.get(lang))
                }
                AnalysisStatus::Failed(message) => message.get(lang).to_owned(),
            };
            ui.label(crate::domain::i18n::punct(lang, format!("{}：{text}", Label::AnalysisRate.get(lang))));
            ui.separator();
        }
        if let Some(f) = view.frame_stats {
            ui.label(crate::domain::i18n::punct(
                lang,
                format!(
                    "{}：{:.0} {} · {} {:.0}",
                    Label::UiRate.get(lang),
                    f.fps,
                    Label::CameraFps.get(lang),
                    Label::PreviewRate.get(lang),
                    f.preview_fps
                ),
            ));
            ui.separator();
        }
        match view.db_state {
            DbState::Ready { schema } => ui.label(crate::domain::i18n::punct(
                lang,
                format!(
                    "{}：{} · {} {schema}",
                    Label::StatusDatabase.get(lang),
                    Label::DbOk.get(lang),
                    Label::DbSchema.get(lang)
                ),
            )),
            DbState::Opening => ui.label(crate::domain::i18n::punct(
                lang,
                format!("{}：{}", Label::StatusDatabase.get(lang), Label::DbOpening.get(lang)),
            )),
            DbState::Damaged { .. } => ui.colored_label(
                ui.visuals().error_fg_color,
                crate::domain::i18n::punct(
                    lang,
                    format!("{}：{}", Label::StatusDatabase.get(lang), Label::DbDamaged.get(lang)),
                ),
            ),
            DbState::Unavailable(message) => ui.colored_label(
                ui.visuals().error_fg_color,
                crate::domain::i18n::punct(
                    lang,
                    format!(
                        "{}：{}（{}）",
                        Label::StatusDatabase.get(lang),
                        Label::DbUnavailable.get(lang),
                        message.get(lang)
                    ),
                ),
            ),
        };
        if let Some(notice) = view.notice {
            ui.separator();
            // Long messages (a PDF's path) are cut by the window; the whole text is on hover.
            ui.colored_label(ui.visuals().warn_fg_color, notice).on_hover_text(notice);
        }
    });
}
