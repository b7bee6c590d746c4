//! 设置 → 打印 and 价格表: the printer, the receipt paper, the printer offset calibration, automatic
//! receipts, and the studio's price for each spec.

use super::SettingsScreen;
use crate::counter::{Command, View};
use crate::domain::customer::parse_price_yuan;
use crate::domain::daily_report::yuan;
use crate::domain::receipt::{MAX_OFFSET_MM, PrintSettings, ReceiptLayout, STUCK_AFTER_RANGE_S};
use crate::domain::{Label, Lang};

/// The printing part of the settings form.
#[derive(Debug, Default)]
pub struct PrintForm {
    /// The draft, started from the settings in effect when first shown.
    draft: Option<PrintSettings>,
    saved: bool,
    /// Price texts being edited, by spec id.
    prices: std::collections::BTreeMap<String, String>,
    price_errors: std::collections::BTreeSet<String>,
    filter: String,
}

impl PrintForm {
    pub(crate) fn saved(&mut self, settings: &PrintSettings) {
        self.draft = Some(settings.clone());
        self.saved = true;
    }
}

pub fn show(ui: &mut egui::Ui, s: &mut SettingsScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    let printers = s.printers.clone();
    let in_effect = view.print.clone();
    let form = &mut s.print;
    let draft = form.draft.get_or_insert_with(|| in_effect.clone());
    ui.strong(Label::SettingsPrinting.get(lang));
    ui.horizontal(|ui| {
        ui.add_sized([90.0, 24.0], egui::Label::new(Label::PrinterName.get(lang)));
        let shown = if draft.printer.is_empty() {
            Label::PrinterDefault.get(lang).to_owned()
        } else {
            draft.printer.clone()
        };
        egui::ComboBox::from_id_salt("printer").selected_text(shown).width(240.0).show_ui(ui, |ui| {
            ui.selectable_value(&mut draft.printer, String::new(), Label::PrinterDefault.get(lang));
            for name in printers.iter().flatten() {
                ui.selectable_value(&mut draft.printer, name.clone(), name);
            }
        });
        ui.add(egui::TextEdit::singleline(&mut draft.printer).desired_width(160.0));
        if ui.button(Label::PrinterRefresh.get(lang)).clicked() {
            commands.push(Command::ListPrinters);
        }
        if printers.as_ref().is_some_and(Vec::is_empty) {
            ui.label(Label::PrinterNone.get(lang));
        }
    });
    ui.horizontal(|ui| {
        ui.add_sized([90.0, 24.0], egui::Label::new(Label::ReceiptLayoutLabel.get(lang)));
        for layout in ReceiptLayout::ALL {
            ui.radio_value(&mut draft.receipt_layout, layout, layout_name(layout, lang));
        }
    });
    ui.horizontal(|ui| {
        ui.label(Label::PrintOffset.get(lang));
        for (axis, value) in ["x", "y"].into_iter().zip(draft.offset_mm.iter_mut()) {
            ui.label(axis);
            ui.add(
                egui::DragValue::new(value)
                    .speed(0.1)
                    .fixed_decimals(1)
                    .range(-MAX_OFFSET_MM..=MAX_OFFSET_MM),
            );
        }
    });
    ui.label(Label::PrintOffsetHint.get(lang));
    ui.checkbox(&mut draft.auto_receipt, Label::AutoReceipt.get(lang));
    ui.horizontal(|ui| {
        ui.label(Label::PrintCommand.get(lang));
        ui.add(egui::TextEdit::singleline(&mut draft.command).desired_width(240.0).hint_text("lp"));
    });
    ui.horizontal(|ui| {
        ui.label(Label::PrintStuckAfter.get(lang));
        ui.add(egui::DragValue::new(&mut draft.stuck_after_s).range(STUCK_AFTER_RANGE_S).suffix(" s"));
    });
    ui.horizontal(|ui| {
        if ui.button(Label::SavePrintSettings.get(lang)).clicked() {
            form.saved = false;
            draft.printer = crate::domain::typed_text::single_line(&draft.printer);
            draft.command = crate::domain::typed_text::single_line(&draft.command);
            commands.push(Command::SavePrintSettings(draft.clone()));
        }
        if *draft != in_effect {
            ui.label(Label::Unsaved.get(lang));
        } else if form.saved {
            ui.label(Label::Saved.get(lang));
        }
    });
    ui.add_space(16.0);
    show_prices(ui, s, view, commands);
}

fn layout_name(layout: ReceiptLayout, lang: Lang) -> &'static str {
    match (layout, lang) {
        (l, Lang::Zh) => l.name_zh(),
        (ReceiptLayout::HalfA4, Lang::En) => "A4 sheet (half-page receipt + stub)",
        (ReceiptLayout::Thermal80, Lang::En) => "80 mm thermal roll",
    }
}

/// Every spec with its file price and the studio's own; filtered by name or id.
fn show_prices(ui: &mut egui::Ui, s: &mut SettingsScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    ui.strong(Label::SettingsPrices.get(lang));
    ui.label(Label::PricesHint.get(lang));
    let form = &mut s.print;
    ui.horizontal(|ui| {
        ui.label(Label::PriceFilter.get(lang));
        ui.add(egui::TextEdit::singleline(&mut form.filter).desired_width(200.0));
    });
    let specs = if form.filter.trim().is_empty() {
        view.catalogue.specs().iter().collect::<Vec<_>>()
    } else {
        view.catalogue.search(&form.filter)
    };
    egui::Grid::new("prices").striped(true).show(ui, |ui| {
        for spec in specs {
            ui.label(spec.display_name(lang));
            ui.label(yuan(u64::from(spec.price_fen)));
            let current = view.prices.get(&spec.id).copied();
            let text = form
                .prices
                .entry(spec.id.clone())
                .or_insert_with(|| current.map(|f| yuan(u64::from(f))).unwrap_or_default());
            let hint = yuan(u64::from(spec.price_fen));
            let edit = ui.add_sized([80.0, 24.0], egui::TextEdit::singleline(text).hint_text(hint));
            if edit.lost_focus() {
                let parsed =
                    if text.trim().is_empty() { Ok(None) } else { parse_price_yuan(text, 0).map(Some) };
                match parsed {
                    Ok(fen) => {
                        form.price_errors.remove(&spec.id);
                        if fen != current {
                            commands.push(Command::SetPrice { spec_id: spec.id.clone(), fen });
                        }
                    }
                    Err(_) => {
                        form.price_errors.insert(spec.id.clone());
                    }
                }
            }
            if form.price_errors.contains(&spec.id) {
                ui.colored_label(ui.visuals().error_fg_color, Label::PriceInvalid.get(lang));
            } else {
                ui.label("");
            }
            ui.end_row();
        }
    });
}
