//! Small widgets shared by the screens.

/// A labelled single-line text field with its error (if any) shown beside it in red.
/// The label is linked to the field for screen readers and UI tests.
pub fn text_field(ui: &mut egui::Ui, label: &str, value: &mut String, error: Option<&str>) -> egui::Response {
    ui.horizontal(|ui| {
        let label = ui.add_sized([90.0, 24.0], egui::Label::new(label));
        let response = ui.add(egui::TextEdit::singleline(value).desired_width(360.0)).labelled_by(label.id);
        if let Some(error) = error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
        response
    })
    .inner
}
