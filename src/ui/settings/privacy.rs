//! 设置 → 隐私与备份: the manager PIN, how long photos are kept, how many backups, purge and backup
//! now, and the manager's audit log.

use super::SettingsScreen;
use crate::counter::{Command, Guarded, View};
use crate::domain::privacy::{backups_kept, retention_days};
use crate::domain::{Label, audit_log};
use crate::worker::PrivacyState;

/// The privacy part of the settings form.
#[derive(Debug, Default)]
pub struct PrivacyForm {
    current: String,
    new: String,
    again: String,
    retention: String,
    keep: String,
    error: Option<String>,
    saved: bool,
}

impl PrivacyForm {
    /// Starts the fields from the settings in effect.
    pub(crate) fn load(&mut self, state: Option<&PrivacyState>) {
        if let Some(s) = state {
            self.retention = s.retention_days.to_string();
            self.keep = s.backups_kept.to_string();
        }
    }

    pub(crate) fn saved(&mut self) {
        (self.current, self.new, self.again) = Default::default();
        self.error = None;
        self.saved = true;
    }

    pub(crate) fn failed(&mut self, message: String) {
        self.error = Some(message);
        self.saved = false;
    }
}

pub fn show(ui: &mut egui::Ui, s: &mut SettingsScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    let backups_dir = view.data_dir.backups();
    let state = view.manager.privacy.clone();
    let has_pin = state.as_ref().is_some_and(|s| s.has_pin);
    let mut share = view.share_enabled;
    let form = &mut s.privacy;
    ui.strong(Label::SettingsPrivacy.get(lang));
    // Off by default: the counter PC serves nothing until the manager switches it on here.
    if ui.checkbox(&mut share, Label::ShareSetting.get(lang)).changed() {
        commands.push(Command::SetShare(share));
    }
    ui.label(if has_pin { Label::PinIsSet.get(lang) } else { Label::PinNotSet.get(lang) });
    let pin_field = |ui: &mut egui::Ui, label: Label, text: &mut String| {
        ui.horizontal(|ui| {
            let left = egui::Layout::left_to_right(egui::Align::Center);
            let label = ui.allocate_ui_with_layout(egui::vec2(160.0, 24.0), left, |ui| {
                ui.set_min_width(160.0);
                ui.label(label.get(lang))
            });
            let label = label.inner;
            ui.add(egui::TextEdit::singleline(text).password(true).desired_width(120.0))
                .labelled_by(label.id);
        });
    };
    if has_pin {
        pin_field(ui, Label::PinCurrent, &mut form.current);
    }
    pin_field(ui, Label::PinNew, &mut form.new);
    pin_field(ui, Label::PinAgain, &mut form.again);
    ui.horizontal(|ui| {
        if ui.button(Label::PinSave.get(lang)).clicked() {
            form.saved = false;
            commands.push(Command::SetPin {
                current: form.current.clone(),
                new: form.new.clone(),
                again: form.again.clone(),
            });
        }
        if has_pin && ui.button(Label::LockNow.get(lang)).clicked() {
            commands.push(Command::Lock);
        }
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let label = ui.add_sized([160.0, 24.0], egui::Label::new(Label::RetentionDays.get(lang)));
        ui.add(egui::TextEdit::singleline(&mut form.retention).desired_width(60.0)).labelled_by(label.id);
        let label = ui.label(Label::BackupsKept.get(lang));
        ui.add(egui::TextEdit::singleline(&mut form.keep).desired_width(40.0)).labelled_by(label.id);
        if ui.button(Label::SavePrivacy.get(lang)).clicked() {
            form.saved = false;
            match (retention_days(&form.retention), backups_kept(&form.keep)) {
                (Ok(days), Ok(keep)) => {
                    commands.push(Command::SavePrivacy { retention_days: days, backups_kept: keep })
                }
                (Err(e), _) | (_, Err(e)) => form.error = Some(e),
            }
        }
    });
    ui.label(Label::RetentionHint.get(lang));
    if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    } else if form.saved {
        ui.label(Label::Saved.get(lang));
    }
    ui.horizontal(|ui| {
        if ui.button(Label::PurgeNow.get(lang)).clicked() {
            commands.push(Command::Guarded(Guarded::Purge));
        }
        if ui.button(Label::BackupNow.get(lang)).clicked() {
            commands.push(Command::BackupNow);
        }
    });
    let latest = state.as_ref().and_then(|s| s.latest_backup.as_ref());
    ui.label(match latest {
        Some(b) => crate::domain::i18n::punct(
            lang,
            format!(
                "{}：{} · {:.1} MB",
                Label::LatestBackup.get(lang),
                b.path.display(),
                b.bytes as f64 / 1e6
            ),
        ),
        None => crate::domain::i18n::punct(lang, format!("{}：—", Label::LatestBackup.get(lang))),
    });
    ui.label(crate::domain::i18n::punct(
        lang,
        format!("{}：{}", Label::BackupFolder.get(lang), backups_dir.display()),
    ));
    ui.add_space(8.0);
    ui.strong(Label::ManagerLog.get(lang));
    egui::Grid::new("manager_log").striped(true).num_columns(4).show(ui, |ui| {
        for e in state.iter().flat_map(|s| &s.audit) {
            ui.label(e.at.get(..19).unwrap_or(&e.at).replace('T', " "));
            ui.label(audit_log::shown(&e.who, lang));
            ui.label(audit_log::shown(&e.action, lang));
            ui.label(audit_log::shown(&e.detail, lang));
            ui.end_row();
        }
    });
}
