//! 恢复未完成的拍摄: at the start, a capture the last run left unfinished (customer fields, photo,
//! the operator's placement) is offered back, with where the crash report is if a panic ended it.

use crate::counter::{Command, View};
use crate::domain::Label;

pub fn show(ctx: &egui::Context, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    let Some(offer) = view.restore else { return };
    let d = &offer.draft;
    egui::Modal::new(egui::Id::unique("restore_draft")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(Label::RestoreTitle.get(lang));
        ui.label(Label::RestoreHint.get(lang));
        ui.add_space(6.0);
        egui::Grid::new("restore_fields").num_columns(2).spacing([12.0, 4.0]).show(ui, |ui| {
            let spec =
                view.catalogue.get(&d.spec_id).map_or_else(|| d.spec_id.clone(), |s| s.display_name(lang));
            let saved = chrono::DateTime::parse_from_rfc3339(&d.saved_at)
                .map_or_else(|_| d.saved_at.clone(), |t| t.format("%Y-%m-%d %H:%M:%S").to_string());
            let photo = if offer.photo.is_some() { Label::RestorePhotoKept } else { Label::RestoreNoPhoto };
            for (label, value) in [
                (Label::Customer, d.customer.name.clone()),
                (
                    Label::Phone,
                    crate::domain::customer::mask_phone(&crate::domain::typed_text::compact_code(
                        &d.customer.phone,
                    )),
                ),
                (Label::Document, spec),
                (Label::RestoreSavedAt, saved),
                (Label::RestorePhoto, photo.get(lang).to_owned()),
            ] {
                ui.label(label.get(lang));
                ui.label(value);
                ui.end_row();
            }
        });
        if let Some(report) = &offer.crash_report {
            ui.add_space(6.0);
            ui.colored_label(
                ui.visuals().warn_fg_color,
                crate::domain::i18n::punct(lang, format!("{}：", Label::RestoreCrashReport.get(lang))),
            );
            ui.monospace(report.display().to_string());
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(Label::RestoreButton.get(lang)).clicked() {
                commands.push(Command::RestoreDraft);
            }
            if ui.button(Label::RestoreDiscard.get(lang)).clicked() {
                commands.push(Command::DiscardDraft);
            }
        });
    });
}
