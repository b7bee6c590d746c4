//! The studio's identity as a form (name, address, phone, city), drawn by the settings screen and
//! by the first-start dialog, which asks for it before the first receipt can be printed.

use crate::counter::{Command, View};
use crate::domain::{Label, Lang, StudioInfo, StudioInfoError};
use crate::ui::widgets::text_field;

/// The first-start dialog's state: open until the studio is named or the operator says 稍后.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FirstStart {
    pub draft: StudioInfo,
    pub errors: Vec<StudioInfoError>,
    /// Opened because a receipt was asked for without a studio name.
    pub for_receipt: bool,
    /// Saved; waiting for the I/O thread to confirm.
    pub saving: bool,
    /// The name field was given the cursor.
    pub focused: bool,
    /// Who issues the image numbers (asked once, at the first start; 设置 → 编号 later).
    pub numbering: Option<crate::domain::numbering::NumberingMode>,
    /// Save was pressed before the numbering was chosen.
    pub numbering_missing: bool,
}

/// Name, address, phone and city; each wrong field's message beside it.
/// Returns the name field, so a dialog can put the cursor in it.
pub fn fields(
    ui: &mut egui::Ui,
    lang: Lang,
    draft: &mut StudioInfo,
    errors: &[StudioInfoError],
    cities: &[(String, String)],
) -> egui::Response {
    use StudioInfoError::*;
    let error_for =
        |fields: &[StudioInfoError]| errors.iter().find(|e| fields.contains(e)).map(|e| e.label().get(lang));
    let name =
        text_field(ui, Label::StudioName.get(lang), &mut draft.name, error_for(&[NameEmpty, NameTooLong]));
    text_field(ui, Label::StudioAddress.get(lang), &mut draft.address, error_for(&[AddressTooLong]));
    text_field(ui, Label::StudioPhone.get(lang), &mut draft.phone, error_for(&[PhoneInvalid]));
    ui.horizontal(|ui| {
        let label = ui.add_sized([90.0, 24.0], egui::Label::new(Label::StudioCity.get(lang)));
        let shown = cities
            .iter()
            .find(|(code, _)| *code == draft.city)
            .map_or_else(|| Label::StudioCityNone.get(lang).to_owned(), |(_, name)| name.clone());
        egui::ComboBox::from_id_salt("studio_city")
            .selected_text(shown)
            .width(160.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut draft.city, String::new(), Label::StudioCityNone.get(lang));
                for (code, name) in cities {
                    ui.selectable_value(&mut draft.city, code.clone(), name);
                }
            })
            .response
            .labelled_by(label.id);
    });
    name
}

/// The first-start dialog, over everything, while the studio has no name and the operator has not
/// put it off.
pub fn first_start(
    ctx: &egui::Context,
    form: &mut Option<FirstStart>,
    view: &View,
    commands: &mut Vec<Command>,
) {
    let lang = view.lang;
    let cities = view.catalogue.cities();
    let Some(form) = form else { return };
    egui::Modal::new(egui::Id::unique("first_start")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(Label::FirstStartTitle.get(lang));
        if form.for_receipt {
            ui.colored_label(ui.visuals().error_fg_color, Label::ReceiptNeedsStudio.get(lang));
        }
        ui.label(Label::FirstStartHint.get(lang));
        ui.add_space(8.0);
        let name = fields(ui, lang, &mut form.draft, &form.errors, &cities);
        // The cursor starts in the name, once.
        if !form.focused {
            name.request_focus();
            form.focused = true;
        }
        ui.add_space(8.0);
        // Asked once, at the first start (a receipt that waited for the name does not ask again).
        let ask_numbering = !form.for_receipt;
        if ask_numbering {
            numbering_question(ui, lang, form);
            ui.add_space(8.0);
        }
        ui.horizontal(|ui| {
            if ui.add_enabled(!form.saving, egui::Button::new(Label::Save.get(lang))).clicked() {
                form.numbering_missing = ask_numbering && form.numbering.is_none();
                match form.draft.validated() {
                    Ok(_) if form.numbering_missing => {}
                    Ok(info) => {
                        form.errors.clear();
                        form.saving = true;
                        if let Some(mode) = form.numbering.filter(|_| ask_numbering) {
                            let all = crate::domain::numbering::NumberingModes::all(mode);
                            commands.push(Command::SaveNumbering(all));
                        }
                        commands.push(Command::SaveStudioInfo(info));
                    }
                    Err(errors) => form.errors = errors,
                }
            }
            if ui.button(Label::FirstStartLater.get(lang)).clicked() {
                commands.push(Command::CloseStudioSetup);
            }
        });
    });
}

/// 平台编号 or 本店编号, for every document type at once (设置 → 编号 sets them one by one).
fn numbering_question(ui: &mut egui::Ui, lang: Lang, form: &mut FirstStart) {
    use crate::domain::numbering::NumberingMode;
    ui.strong(Label::NumberingQuestion.get(lang));
    ui.horizontal(|ui| {
        for mode in NumberingMode::ALL {
            let (zh, en) = mode.names();
            let name = if lang == Lang::Zh { zh } else { en };
            if ui.selectable_label(form.numbering == Some(mode), name).clicked() {
                form.numbering = Some(mode);
                form.numbering_missing = false;
            }
        }
    });
    ui.label(Label::NumberingHint.get(lang));
    if form.numbering_missing {
        ui.colored_label(ui.visuals().error_fg_color, Label::NumberingChoose.get(lang));
    }
}
