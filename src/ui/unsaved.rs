//! Approved orders the database refused as they stand (the image number typed is another
//! order's): each with why, a field for another number and the way out with one of the studio's
//! own. Nothing is lost: the photo stays with the order until it is saved.

use crate::app::{Command, StudioApp};
use crate::domain::T;

pub fn show(ctx: &egui::Context, app: &mut StudioApp, commands: &mut Vec<Command>) {
    if app.refused_orders.is_empty() {
        return;
    }
    let lang = app.lang;
    let window = egui::Window::new(T::RefusedTitle.get(lang)).collapsible(false).resizable(false);
    window.anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0]).show(ctx, |ui| {
        for (index, refused) in app.refused_orders.iter_mut().enumerate() {
            ui.push_id(index, |ui| {
                ui.label(egui::RichText::new(&refused.message).color(ui.visuals().error_fg_color));
                ui.horizontal(|ui| {
                    let label = ui.label(T::RefusedNumber.get(lang));
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut refused.number).desired_width(200.0))
                        .labelled_by(label.id);
                    let typed = ui.button(T::RefusedSaveTyped.get(lang)).clicked()
                        || (field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
                    if typed {
                        commands.push(Command::SaveRefused { index, number: Some(refused.number.clone()) });
                    }
                    if ui.button(T::RefusedSaveOwn.get(lang)).clicked() {
                        commands.push(Command::SaveRefused { index, number: None });
                    }
                });
            });
            ui.separator();
        }
    });
}
