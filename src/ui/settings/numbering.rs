//! 设置 → 编号: who issues each document type's image number, 平台编号 (the collection platform,
//! after upload; the order waits as 待上传) or 本店编号 (the studio, at approval). Each click is
//! saved at once.

use super::SettingsScreen;
use crate::counter::{Command, View};
use crate::domain::Label;
use crate::domain::numbering::{NumberingMode, choosable};

pub fn show(ui: &mut egui::Ui, s: &mut SettingsScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    ui.strong(Label::NumberingTitle.get(lang));
    ui.label(Label::NumberingHint.get(lang));
    egui::Grid::new("numbering").num_columns(2).spacing([16.0, 4.0]).show(ui, |ui| {
        for document in choosable() {
            let (zh, en) = document.names();
            ui.label(match lang {
                crate::domain::Lang::Zh => zh,
                crate::domain::Lang::En => en,
            });
            let current = view.numbering.mode(document);
            ui.horizontal(|ui| {
                for mode in NumberingMode::ALL {
                    let (zh, en) = mode.names();
                    let name = match lang {
                        crate::domain::Lang::Zh => zh,
                        crate::domain::Lang::En => en,
                    };
                    if ui.selectable_label(current == mode, name).clicked() && current != mode {
                        let mut next = view.numbering.clone();
                        next.modes.insert(document, mode);
                        commands.push(Command::SaveNumbering(next));
                    }
                }
            });
            ui.end_row();
        }
    });
    if s.numbering_saved {
        ui.label(Label::Saved.get(lang));
    }
}
