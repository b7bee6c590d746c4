//! 设置 → 相机: the demo camera, one of the listed USB webcams, or a hot folder; 应用 saves the
//! choice and restarts the camera ([`Command::ChooseCamera`]).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::SettingsScreen;
use crate::camera::{CameraChoice, WebcamInfo};
use crate::counter::{Command, View};
use crate::domain::{Label, Lang};
use crate::worker::CameraStatus;
use crate::worker::camera::scan_webcams;

/// The radio button chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Pick {
    #[default]
    Demo,
    Webcam(String),
    HotFolder,
}

/// The camera part of the settings form, started from the camera in use when first shown.
#[derive(Debug, Default)]
pub struct CameraForm {
    started: bool,
    pick: Pick,
    folder: String,
    webcams: Option<Vec<WebcamInfo>>,
    scanning: Option<Receiver<Vec<WebcamInfo>>>,
    folder_missing: bool,
}

impl CameraForm {
    fn start_from(&mut self, choice: &CameraChoice) {
        self.started = true;
        (self.pick, self.folder) = match choice {
            CameraChoice::Demo => (Pick::Demo, String::new()),
            CameraChoice::Webcam { device } => (Pick::Webcam(device.clone()), String::new()),
            CameraChoice::HotFolder { dir } => (Pick::HotFolder, dir.display().to_string()),
        };
    }

    /// Lists the webcams on a background thread; the UI never waits on a device.
    fn scan(&mut self, ctx: &egui::Context) {
        let ctx = ctx.clone();
        match scan_webcams(Arc::new(move || ctx.request_repaint())) {
            Ok(rx) => self.scanning = Some(rx),
            Err(_) => self.webcams = Some(Vec::new()),
        }
    }

    fn receive_scan(&mut self) {
        let Some(rx) = &self.scanning else { return };
        match rx.try_recv() {
            Ok(found) => self.webcams = Some(found),
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => self.webcams = Some(Vec::new()),
        }
        self.scanning = None;
    }

    /// The choice the form describes, or `None` if the hot folder has no path yet.
    fn choice(&self) -> Option<CameraChoice> {
        match &self.pick {
            Pick::Demo => Some(CameraChoice::Demo),
            Pick::Webcam(device) => Some(CameraChoice::Webcam { device: device.clone() }),
            Pick::HotFolder => {
                let folder = crate::domain::typed_text::single_line(&self.folder);
                (!folder.is_empty()).then(|| CameraChoice::HotFolder { dir: PathBuf::from(folder) })
            }
        }
    }
}

/// A camera choice in words.
fn describe(choice: &CameraChoice, webcams: &[WebcamInfo], lang: Lang) -> String {
    match choice {
        CameraChoice::Demo => Label::CameraDemo.get(lang).to_owned(),
        CameraChoice::Webcam { device } => match webcams.iter().find(|w| &w.path == device) {
            Some(w) => crate::domain::i18n::punct(lang, format!("{}（{}）", w.name, w.path)),
            None => format!("{} {device}", Label::CameraWebcam.get(lang)),
        },
        CameraChoice::HotFolder { dir } => format!("{} {}", Label::CameraHotFolder.get(lang), dir.display()),
    }
}

pub fn show(ui: &mut egui::Ui, s: &mut SettingsScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    let current = view.camera_choice.clone();
    let status = view.camera_status.clone();
    let form = &mut s.camera;
    if !form.started {
        form.start_from(&current);
        form.scan(ui.ctx());
    }
    form.receive_scan();
    let webcams = form.webcams.clone().unwrap_or_default();

    ui.strong(Label::SettingsCamera.get(lang));
    let in_use = describe(&current, &webcams, lang);
    match status {
        Some(CameraStatus::Failed(message)) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                crate::domain::i18n::punct(
                    lang,
                    format!("{in_use}：{}（{}）", message.get(lang), Label::CameraRetrying.get(lang)),
                ),
            );
        }
        _ => {
            ui.label(crate::domain::i18n::punct(lang, format!("{}：{in_use}", Label::CameraInUse.get(lang))));
        }
    }

    ui.radio_value(&mut form.pick, Pick::Demo, Label::CameraDemo.get(lang));

    for webcam in &webcams {
        let label = crate::domain::i18n::punct(
            lang,
            format!("{} {}（{}）", Label::CameraWebcam.get(lang), webcam.name, webcam.path),
        );
        ui.radio_value(&mut form.pick, Pick::Webcam(webcam.path.clone()), label);
    }
    // The chosen webcam is unplugged: still shown, so the choice is visible and can be kept.
    if let Pick::Webcam(device) = &form.pick
        && !webcams.iter().any(|w| &w.path == device)
    {
        let label = crate::domain::i18n::punct(
            lang,
            format!("{} {device}（{}）", Label::CameraWebcam.get(lang), Label::CameraNotConnected.get(lang)),
        );
        let pick = form.pick.clone();
        ui.radio_value(&mut form.pick, pick, label);
    }
    ui.horizontal(|ui| {
        let note = match &form.webcams {
            None => Label::CameraListing,
            Some(_) if cfg!(not(target_os = "linux")) => Label::CameraWebcamsUnsupported,
            Some(found) if found.is_empty() => Label::CameraNoWebcams,
            Some(_) => Label::CameraWebcam,
        };
        if note != Label::CameraWebcam {
            ui.weak(note.get(lang));
        }
        if form.scanning.is_none() && ui.button(Label::CameraRefresh.get(lang)).clicked() {
            form.scan(ui.ctx());
        }
    });

    ui.radio_value(&mut form.pick, Pick::HotFolder, Label::CameraHotFolder.get(lang));
    ui.indent("hot_folder", |ui| {
        ui.label(Label::CameraHotFolderHint.get(lang));
        ui.horizontal(|ui| {
            let label = ui.label(Label::CameraFolder.get(lang));
            let field = ui
                .add(egui::TextEdit::singleline(&mut form.folder).desired_width(360.0))
                .labelled_by(label.id);
            if field.changed() {
                form.pick = Pick::HotFolder;
                form.folder_missing = false;
            }
            // The system's folder dialog, only on a click (it is modal).
            if ui.button(Label::CameraPickFolder.get(lang)).clicked() {
                let mut dialog = rfd::FileDialog::new();
                if !form.folder.trim().is_empty() {
                    dialog = dialog.set_directory(form.folder.trim());
                }
                if let Some(dir) = dialog.pick_folder() {
                    form.folder = dir.display().to_string();
                    form.pick = Pick::HotFolder;
                    form.folder_missing = false;
                }
            }
        });
    });

    ui.horizontal(|ui| {
        if ui.button(Label::CameraApply.get(lang)).clicked() {
            match form.choice() {
                Some(choice) => {
                    form.folder_missing = false;
                    commands.push(Command::ChooseCamera(choice));
                }
                None => form.folder_missing = true,
            }
        }
        if form.folder_missing {
            ui.colored_label(ui.visuals().error_fg_color, Label::CameraFolderMissing.get(lang));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_starts_from_the_camera_in_use_and_gives_it_back() {
        for choice in [
            CameraChoice::Demo,
            CameraChoice::Webcam { device: "/dev/video2".into() },
            CameraChoice::HotFolder { dir: PathBuf::from("/srv/tether") },
        ] {
            let mut form = CameraForm::default();
            form.start_from(&choice);
            assert_eq!(form.choice(), Some(choice));
        }
        let form = CameraForm { pick: Pick::HotFolder, folder: "  ".into(), ..Default::default() };
        assert_eq!(form.choice(), None, "a hot folder needs a path");
    }
}
