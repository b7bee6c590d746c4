//! 导出 (export): the manager's evening. A day's totals (by document, payment and operator; re-shoots
//! and failed audits apart), orders per hour and per document as charts, receipts about to expire
//! unused, and the export itself (CSV, XLSX, photos, optional receipts) with a progress bar.

use chrono::NaiveDate;
use egui_plot::{Bar, BarChart, Plot};

use crate::counter::{Command, Guarded, View};
use crate::domain::daily_report::{DayReport, Privacy, Tally, yuan};
use crate::domain::{Label, Lang};
use crate::services::daily_export::ExportRequest;
use crate::worker::ExportState;

/// The screen's own state.
#[derive(Debug, Default)]
pub struct ExportScreen {
    /// The day as typed, `YYYY-MM-DD`; empty until first shown (then today).
    pub date: String,
    pub out_dir: String,
    pub receipts: bool,
    pub full_numbers: bool,
    /// The day the report below is for, and the report.
    pub report: Option<(NaiveDate, DayReport)>,
    /// The running or last export.
    pub export: Option<ExportState>,
}

impl ExportScreen {
    /// What the app tells this screen.
    pub fn on(&mut self, event: crate::counter::Event) {
        use crate::counter::Event as E;
        match event {
            E::DayReport(report) => {
                if let Some(day) = report.totals.date {
                    self.report = Some((day, *report));
                }
            }
            E::Export(state) => self.export = Some(state),
            E::FullNumbers(allowed) => self.full_numbers = allowed,
            _ => {}
        }
    }

    pub fn date(&self) -> Option<NaiveDate> {
        crate::domain::typed_text::parse_date(&self.date).ok().flatten()
    }
}

impl ExportScreen {
    pub fn show(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<Command>) {
        show(ui, self, view, commands)
    }
}

fn show(ui: &mut egui::Ui, s: &mut ExportScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    if s.date.is_empty() {
        s.date = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    }
    if s.out_dir.is_empty() {
        s.out_dir = view.data_dir.exports().display().to_string();
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading(Label::ExportTitle.get(lang));
        ui.label(Label::ExportHint.get(lang));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let label = ui.label(Label::ExportDate.get(lang));
            let edit =
                ui.add(egui::TextEdit::singleline(&mut s.date).desired_width(110.0)).labelled_by(label.id);
            let change = |s: &mut ExportScreen, days: i64| {
                let day = s.date().unwrap_or_else(|| chrono::Local::now().date_naive());
                s.date = (day + chrono::Duration::days(days)).format("%Y-%m-%d").to_string();
            };
            let mut load = edit.lost_focus();
            if ui.button(Label::PreviousDay.get(lang)).clicked() {
                change(s, -1);
                load = true;
            }
            if ui.button(Label::NextDay.get(lang)).clicked() {
                change(s, 1);
                load = true;
            }
            if ui.button(Label::Today.get(lang)).clicked() {
                s.date = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
                load = true;
            }
            match s.date() {
                Some(day) if load => commands.push(Command::LoadDayReport(day)),
                None => {
                    ui.colored_label(ui.visuals().error_fg_color, Label::ExportBadDate.get(lang));
                }
                _ => {}
            }
        });
        ui.add_space(8.0);
        match &s.report {
            Some((day, report)) if Some(*day) == s.date() => show_report(ui, lang, view.catalogue, report),
            _ => {
                ui.weak(Label::Loading.get(lang));
            }
        }
        ui.add_space(12.0);
        ui.separator();
        export_controls(ui, lang, s, commands);
    });
}

fn show_report(ui: &mut egui::Ui, lang: Lang, catalogue: &crate::domain::Catalogue, r: &DayReport) {
    let t = &r.totals;
    ui.horizontal(|ui| {
        ui.heading(format!("{} {} · ¥{}", t.all.count, Label::OrdersUnit.get(lang), yuan(t.all.revenue_fen)));
        ui.label(format!(
            "{} {} · {} {} · {} {} · {} {}",
            Label::StatusPassed.get(lang),
            t.passed,
            Label::StatusPending.get(lang),
            t.pending,
            Label::StatusFailed.get(lang),
            t.failed_audits,
            Label::FreeReshoots.get(lang),
            t.reshoots.count
        ));
    });
    ui.horizontal_top(|ui| {
        for (title, map) in [
            (Label::ByDocument, &t.by_document),
            (Label::ByPayment, &t.by_payment),
            (Label::ByOperator, &t.by_operator),
        ] {
            ui.vertical(|ui| {
                ui.strong(title.get(lang));
                egui::Grid::new(title.get(Lang::En)).striped(true).show(ui, |ui| {
                    for (name, Tally { count, revenue_fen }) in map {
                        let name = match title {
                            Label::ByPayment => crate::domain::i18n::stored_words(name, lang),
                            Label::ByDocument => catalogue.document_name("", name, lang),
                            _ => name.clone(),
                        };
                        ui.label(if name.trim().is_empty() {
                            Label::Unnamed.get(lang).to_owned()
                        } else {
                            name
                        });
                        ui.label(count.to_string());
                        ui.label(format!("¥{}", yuan(*revenue_fen)));
                        ui.end_row();
                    }
                });
            });
            ui.add_space(24.0);
        }
    });
    ui.add_space(8.0);
    ui.horizontal_top(|ui| {
        let hours: Vec<Bar> = t
            .per_hour
            .iter()
            .enumerate()
            .map(|(h, n)| Bar::new(h as f64, f64::from(*n)).width(0.8))
            .collect();
        ui.vertical(|ui| {
            ui.strong(Label::OrdersPerHour.get(lang));
            Plot::new("per_hour")
                .include_x(-0.5)
                .include_x(23.5)
                .include_y(0.0)
                .width(460.0)
                .height(180.0)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .show(ui, |plot| plot.bar_chart(BarChart::new(Label::OrdersPerHour.get(lang), hours)));
        });
        let names: Vec<String> =
            t.by_document.keys().map(|name| catalogue.document_name("", name, lang)).collect();
        let docs: Vec<Bar> = t
            .by_document
            .values()
            .zip(&names)
            .enumerate()
            .map(|(i, (tally, name))| Bar::new(i as f64, f64::from(tally.count)).name(name).width(0.6))
            .collect();
        ui.vertical(|ui| {
            ui.strong(Label::OrdersPerDocument.get(lang));
            // Room around the bars, so one document does not fill the whole chart.
            let slots = names.len().max(3) as f64;
            Plot::new("per_document")
                .width(360.0)
                .height(180.0)
                .include_x(-0.7)
                .include_x(slots - 0.3)
                .include_y(0.0)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .x_axis_formatter(move |mark, _| {
                    let i = mark.value.round();
                    if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                        names.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .show(ui, |plot| plot.bar_chart(BarChart::new(Label::OrdersPerDocument.get(lang), docs)));
        });
    });
    ui.add_space(8.0);
    ui.strong(Label::ExpiringReceipts.get(lang));
    if r.expiring.is_empty() {
        ui.weak(Label::ExpiringNone.get(lang));
    }
    egui::Grid::new("expiring").striped(true).show(ui, |ui| {
        for e in &r.expiring {
            ui.monospace(&e.image_number);
            ui.label(&e.customer_name);
            ui.label(e.valid_until.format("%Y-%m-%d").to_string());
            ui.label(match e.days_left {
                0 => Label::ExpiresToday.get(lang).to_owned(),
                n => format!("{n} {}", Label::DaysLeft.get(lang)),
            });
            ui.end_row();
        }
    });
}

fn export_controls(ui: &mut egui::Ui, lang: Lang, s: &mut ExportScreen, commands: &mut Vec<Command>) {
    ui.strong(Label::ExportRun.get(lang));
    ui.horizontal(|ui| {
        let label = ui.label(Label::ExportTo.get(lang));
        ui.add(egui::TextEdit::singleline(&mut s.out_dir).desired_width(420.0)).labelled_by(label.id);
    });
    ui.checkbox(&mut s.receipts, Label::ExportReceipts.get(lang));
    // Full ID numbers and phones are the manager's: ticking the box asks for the PIN.
    let mut full = s.full_numbers;
    if ui.checkbox(&mut full, Label::ExportFullNumbers.get(lang)).changed() {
        if full {
            commands.push(Command::Guarded(Guarded::FullNumbers));
        } else {
            s.full_numbers = false;
        }
    }
    let running = matches!(s.export, Some(ExportState::Running { .. }));
    ui.horizontal(|ui| {
        let go =
            ui.add_enabled(!running && s.date().is_some(), egui::Button::new(Label::ExportButton.get(lang)));
        if go.clicked()
            && let Some(date) = s.date()
        {
            commands.push(Command::StartExport(ExportRequest {
                date,
                out_dir: s.out_dir.trim().into(),
                privacy: if s.full_numbers { Privacy::Full } else { Privacy::Masked },
                receipts: s.receipts,
            }));
        }
        match &s.export {
            Some(ExportState::Running { done, total }) => {
                let fraction = if *total == 0 { 0.0 } else { *done as f32 / *total as f32 };
                ui.add(egui::ProgressBar::new(fraction).desired_width(300.0).text(format!("{done}/{total}")));
            }
            Some(ExportState::Done(summary)) => {
                ui.label(crate::domain::i18n::punct(
                    lang,
                    format!(
                        "{}：{} · {} {} · {} {}",
                        Label::ExportDone.get(lang),
                        summary.dir.display(),
                        summary.orders,
                        Label::OrdersUnit.get(lang),
                        summary.receipts,
                        Label::ReceiptsUnit.get(lang)
                    ),
                ));
            }
            Some(ExportState::Failed(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message.get(lang));
            }
            None => {}
        }
    });
}
