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

pub enum Side {
    Left,
    Right,
}

/// Splits the space left in `ui` into the main area and a column `width` wide on `side`, with a
/// gap, and takes it all. Nested panels would not shrink what the main area sees.
pub fn split(ui: &mut egui::Ui, width: f32, side: Side) -> (egui::Rect, egui::Rect) {
    const GAP: f32 = 12.0;
    let full = ui.available_rect_before_wrap();
    ui.allocate_rect(full, egui::Sense::hover());
    let (mut main, mut column) = (full, full);
    match side {
        Side::Left => {
            column.max.x = full.min.x + width;
            main.min.x = column.max.x + GAP;
        }
        Side::Right => {
            column.min.x = full.max.x - width;
            main.max.x = column.min.x - GAP;
        }
    }
    (main, column)
}
