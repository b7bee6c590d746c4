//! 设置 (settings): the studio's details printed on receipts, the interface language, the camera
//! ([`camera`]), printing and prices ([`printing`]), privacy and backups ([`privacy`]) and the spec
//! library. The whole screen is behind the manager PIN once one is set.

mod camera;
mod numbering;
mod printing;
mod privacy;

use crate::counter::{Command, View};
use crate::domain::{Label, Lang, StudioInfo, StudioInfoError};

/// The form's own state: the draft being edited and what happened to the last save.
#[derive(Debug, Default)]
pub struct SettingsScreen {
    draft: StudioInfo,
    errors: Vec<StudioInfoError>,
    outcome: Option<SaveOutcome>,
    camera: camera::CameraForm,
    pub(crate) print: printing::PrintForm,
    pub(crate) privacy: privacy::PrivacyForm,
    /// The print system's printers, once asked.
    pub(crate) printers: Option<Vec<String>>,
    /// The numbering choice was saved (shown under it).
    pub(crate) numbering_saved: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum SaveOutcome {
    Pending,
    Saved,
    Failed(String),
}

impl SettingsScreen {
    pub fn new(saved: &StudioInfo) -> SettingsScreen {
        SettingsScreen { draft: saved.clone(), ..Default::default() }
    }

    /// What the app tells this screen.
    pub fn on(&mut self, event: crate::counter::Event) {
        use crate::counter::Event as E;
        match event {
            E::StudioSaved(info) => {
                self.draft = info;
                self.outcome = Some(SaveOutcome::Saved);
            }
            E::PrintSettingsSaved(settings) => self.print.saved(&settings),
            E::NumberingSaved(_) => self.numbering_saved = true,
            E::Printers(list) => self.printers = list,
            E::SaveFailed(message) => self.outcome = Some(SaveOutcome::Failed(message)),
            E::PrivacyLoaded(state) => self.privacy.load(state.as_ref()),
            E::PrivacySaved => self.privacy.saved(),
            E::PrivacyFailed(message) => self.privacy.failed(message),
            _ => {}
        }
    }

    /// The printers have been asked for (or are being asked).
    pub fn printers_asked(&self) -> bool {
        self.printers.is_some()
    }
}

impl SettingsScreen {
    pub fn show(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<Command>) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            show_form(ui, self, view, commands);
            ui.add_space(16.0);
            camera::show(ui, self, view, commands);
            ui.add_space(16.0);
            numbering::show(ui, self, view, commands);
            ui.add_space(16.0);
            // Before printing: the price list under it is as long as the catalogue.
            privacy::show(ui, self, view, commands);
            ui.add_space(16.0);
            printing::show(ui, self, view, commands);
            ui.add_space(16.0);
            show_specs(ui, view);
        });
    }
}

fn show_form(ui: &mut egui::Ui, form: &mut SettingsScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    ui.heading(Label::SettingsTitle.get(lang));
    ui.add_space(8.0);

    ui.strong(Label::SettingsLanguage.get(lang));
    ui.horizontal(|ui| {
        for candidate in Lang::ALL {
            if ui.selectable_label(lang == candidate, candidate.native_name()).clicked() && lang != candidate
            {
                commands.push(Command::SetLanguage(candidate));
            }
        }
    });
    ui.add_space(12.0);

    ui.strong(Label::SettingsStudio.get(lang));
    ui.label(Label::SettingsStudioHint.get(lang));
    let cities = view.catalogue.cities();
    let _ = super::studio_form::fields(ui, lang, &mut form.draft, &form.errors, &cities);

    ui.horizontal(|ui| {
        if ui.button(Label::Save.get(lang)).clicked() {
            match form.draft.validated() {
                Ok(info) => {
                    form.errors.clear();
                    form.outcome = Some(SaveOutcome::Pending);
                    commands.push(Command::SaveStudioInfo(info));
                }
                Err(errors) => form.errors = errors,
            }
        }
        let dirty = form.draft != *view.studio;
        match &form.outcome {
            Some(SaveOutcome::Failed(message)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    crate::domain::i18n::punct(lang, format!("{}：{message}", Label::SaveFailed.get(lang))),
                );
            }
            _ if dirty => {
                ui.label(Label::Unsaved.get(lang));
            }
            Some(SaveOutcome::Saved) => {
                ui.label(Label::Saved.get(lang));
            }
            _ => {}
        }
    });
}

/// The spec library: how many loaded, which are the studio's own, which files are broken.
pub fn show_specs(ui: &mut egui::Ui, view: &View) {
    let lang = view.lang;
    let catalogue = view.catalogue;
    ui.strong(Label::SettingsSpecs.get(lang));
    let local: Vec<_> = catalogue.specs().iter().filter(|s| s.local).collect();
    ui.label(crate::domain::i18n::punct(
        lang,
        format!(
            "{}：{}（{}：{}）",
            Label::SpecsLoaded.get(lang),
            catalogue.specs().len(),
            Label::SpecsLocal.get(lang),
            local.len()
        ),
    ));
    ui.label(crate::domain::i18n::punct(
        lang,
        format!("{}：{}", Label::SpecsLocalFolder.get(lang), view.data_dir.city_specs_dir().display()),
    ));
    for spec in local {
        ui.label(format!("· {} {} — {}", spec.id, spec.display_name(lang), spec.origin));
    }
    if catalogue.errors().is_empty() {
        ui.label(Label::SpecsAllValid.get(lang));
    } else {
        ui.colored_label(
            ui.visuals().error_fg_color,
            crate::domain::i18n::punct(
                lang,
                format!("{}：{}", Label::SpecsBroken.get(lang), catalogue.broken_files().join("、")),
            ),
        );
        for error in catalogue.errors() {
            ui.colored_label(ui.visuals().error_fg_color, error.to_string());
        }
    }
}
