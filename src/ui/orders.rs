//! 订单 (orders): search, open, reprint and change status. Filled by the orders issue; until then it
//! says that there are none.

use crate::app::StudioApp;
use crate::domain::T;

pub fn show(ui: &mut egui::Ui, app: &StudioApp) {
    ui.heading(T::OrdersTitle.get(app.lang));
    ui.label(T::OrdersEmpty.get(app.lang));
}
