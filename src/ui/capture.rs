//! 拍摄 (capture): the live preview. Spec guides, capture and adjust come with the capture-screen issue.

use crate::app::StudioApp;
use crate::domain::T;

pub fn show(ui: &mut egui::Ui, app: &StudioApp) {
    let lang = app.lang;
    ui.label(T::CameraDemoHint.get(lang));
    match &app.preview {
        Some(texture) => {
            let available = ui.available_size();
            let size = texture.size_vec2();
            let scale = (available.x / size.x).min(available.y / size.y).min(1.0);
            ui.centered_and_justified(|ui| {
                ui.add(egui::Image::new((texture.id(), size * scale)));
            });
        }
        None => {
            ui.centered_and_justified(|ui| {
                ui.label(T::CameraNoFrame.get(lang));
            });
        }
    }
}
