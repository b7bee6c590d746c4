//! Approved orders the database refused as they stand (the image number typed is another
//! order's): each with why, a field for another number and the way out with one of the studio's
//! own. Nothing is lost: the photo stays with the order until it is saved.

use crate::counter::{Command, View};
use crate::domain::Label;

/// `numbers`: what is typed for each refused order, kept as long as the list.
pub fn show(ctx: &egui::Context, numbers: &mut Vec<String>, view: &View, commands: &mut Vec<Command>) {
    numbers.resize(view.refused_orders.len(), String::new());
    if view.refused_orders.is_empty() {
        return;
    }
    let lang = view.lang;
    let window = egui::Window::new(Label::RefusedTitle.get(lang)).collapsible(false).resizable(false);
    window.anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0]).show(ctx, |ui| {
        for (index, (refused, number)) in view.refused_orders.iter().zip(numbers.iter_mut()).enumerate() {
            ui.push_id(index, |ui| {
                ui.label(egui::RichText::new(&refused.message).color(ui.visuals().error_fg_color));
                ui.horizontal(|ui| {
                    let label = ui.label(Label::RefusedNumber.get(lang));
                    let field =
                        ui.add(egui::TextEdit::singleline(number).desired_width(200.0)).labelled_by(label.id);
                    let typed = ui.button(Label::RefusedSaveTyped.get(lang)).clicked()
                        || (field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
                    if typed {
                        commands.push(Command::SaveRefused { index, number: Some(number.clone()) });
                    }
                    if ui.button(Label::RefusedSaveOwn.get(lang)).clicked() {
                        commands.push(Command::SaveRefused { index, number: None });
                    }
                });
            });
            ui.separator();
        }
    });
}
