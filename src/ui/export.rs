//! 导出 (export): one day's orders as CSV, XLSX and photos. Filled by the daily-export issue.

use crate::app::StudioApp;
use crate::domain::T;

pub fn show(ui: &mut egui::Ui, app: &StudioApp) {
    ui.heading(T::ExportTitle.get(app.lang));
    ui.label(T::ExportHint.get(app.lang));
    ui.label(T::ExportNothing.get(app.lang));
}
