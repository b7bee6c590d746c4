//! 订单 (orders): search by image number prefix, name, phone and date range; open an order (photo,
//! details, audit log); change its status (已通过, 审核失败 with the platform's reason, 重拍 which opens
//! the capture screen for the same customer). Phones and ID numbers are masked in the list.
//!
//! Every query goes through the I/O thread; this module only draws what came back.

use egui::{Color32, RichText, TextureOptions};

use crate::counter::{Command, Guarded, PrintState, View};
use crate::domain::Label;
use crate::domain::customer::{mask_id_number, mask_phone};
use crate::domain::daily_report::yuan;
use crate::domain::i18n::stored_words;
use crate::domain::order_status::FAIL_REASONS;
use crate::domain::print_sheet::SheetSize;
use crate::storage::{OrderQuery, OrderRow, OrderStatus};

#[derive(Default)]
pub struct OrdersScreen {
    pub number: String,
    pub name: String,
    pub phone: String,
    /// `YYYY-MM-DD`, inclusive.
    pub from: String,
    pub to: String,
    pub results: Vec<OrderRow>,
    /// A search was sent and not answered yet.
    pub searching: bool,
    pub searched: bool,
    pub open: Option<OpenOrder>,
    pub fail_reason: String,
    /// Why the open order is being deleted (typed before 删除订单).
    pub delete_reason: String,
    /// The paper chosen for 排版打印.
    pub sheet_size: SheetSize,
    /// The orders 待上传, oldest first (平台编号).
    pub awaiting: Vec<OrderRow>,
    /// The order 待上传 that the attach field and a scan go to.
    pub selected: Option<i64>,
    /// The platform's number as typed.
    pub attach_text: String,
    /// The last attach, flashed over the window.
    pub flash: Option<super::overlays::Flash>,
}

pub struct OpenOrder {
    pub row: OrderRow,
    pub photo: Option<std::sync::Arc<egui::ColorImage>>,
    pub texture: Option<egui::TextureHandle>,
    /// (at, who, what, detail)
    pub events: Vec<(String, String, String, String)>,
}

impl OrdersScreen {
    /// What the app tells this screen.
    pub fn on(&mut self, event: crate::counter::Event) {
        use crate::counter::Event as E;
        match event {
            E::OrdersFound(rows) => {
                self.results = rows;
                self.searching = false;
            }
            E::Searching => self.searching = true,
            E::OrderOpened { row, photo, events } => {
                self.open = Some(OpenOrder { row: *row, photo, texture: None, events })
            }
            E::OrderClosed => self.open = None,
            E::OrderGone(id) => {
                if self.open.as_ref().is_some_and(|o| o.row.id == id) {
                    self.open = None;
                }
                self.results.retain(|r| r.id != id);
            }
            E::StatusSet => self.fail_reason.clear(),
            E::Awaiting(rows) => {
                if self.selected.is_some_and(|id| !rows.iter().any(|r| r.id == id)) {
                    self.selected = None;
                }
                self.awaiting = rows;
            }
            E::AwaitingSelected(id) => {
                self.selected = id;
                self.attach_text.clear();
            }
            E::NumberAttached(id) => {
                if self.selected == Some(id) {
                    self.selected = None;
                }
                self.attach_text.clear();
            }
            E::Flash { ok, text } => self.flash = Some(super::overlays::Flash { ok, text, until: f64::NAN }),
            _ => {}
        }
    }

    /// The query for the fields as typed; a date range `to` is inclusive (next day exclusive).
    pub fn query(&self) -> OrderQuery {
        let day = |s: &str| crate::domain::typed_text::parse_date(s).ok().flatten();
        OrderQuery {
            number_prefix: self.number.clone(),
            name: self.name.clone(),
            phone: self.phone.clone(),
            from: day(&self.from).map(|d| d.to_string()),
            to: day(&self.to).and_then(|d| d.succ_opt()).map(|d| d.to_string()),
            limit: 200,
        }
    }

    /// A date field that is not a date, said in the field's words (nothing is searched then).
    pub fn date_error(&self) -> Option<String> {
        [&self.from, &self.to].into_iter().find_map(|d| {
            crate::domain::typed_text::parse_date(d)
                .err()
                .map(|e| format!("「{}」：{e}", crate::domain::typed_text::tidy(d)))
        })
    }
}

impl OrdersScreen {
    pub fn show(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<Command>) {
        show(ui, self, view, commands)
    }
}

fn show(ui: &mut egui::Ui, o: &mut OrdersScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    ui.heading(Label::OrdersTitle.get(lang));
    awaiting(ui, o, view, commands);
    let mut search = !o.searched;
    ui.horizontal_wrapped(|ui| {
        for (label, value, width) in [
            (Label::SearchNumber, &mut o.number, 150.0),
            (Label::SearchName, &mut o.name, 90.0),
            (Label::SearchPhone, &mut o.phone, 110.0),
            (Label::DateFrom, &mut o.from, 95.0),
            (Label::DateTo, &mut o.to, 95.0),
        ] {
            let label = ui.label(label.get(lang));
            let field = ui.add(egui::TextEdit::singleline(value).desired_width(width)).labelled_by(label.id);
            search |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        }
        search |= ui.button(Label::Search.get(lang)).clicked();
        if o.searching {
            ui.spinner();
        }
    });
    if let Some(e) = o.date_error() {
        ui.colored_label(ui.visuals().error_fg_color, e);
        search = false;
    }
    if search {
        o.searched = true;
        o.searching = true;
        commands.push(Command::SearchOrders(o.query()));
    }
    ui.separator();
    if o.open.is_some() {
        let (main, side) = super::widgets::split(ui, 420.0, super::widgets::Side::Right);
        ui.scope_builder(egui::UiBuilder::new().id_salt("order_detail").max_rect(side), |ui| {
            detail(ui, o, view, commands)
        });
        ui.scope_builder(egui::UiBuilder::new().id_salt("order_list").max_rect(main), |ui| {
            list(ui, o, view, commands)
        });
    } else {
        list(ui, o, view, commands);
    }
}

fn list(ui: &mut egui::Ui, o: &mut OrdersScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    if o.results.is_empty() && !o.searching {
        ui.label(Label::OrdersEmpty.get(lang));
        return;
    }
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        egui::Grid::new("orders").num_columns(7).striped(true).spacing([14.0, 6.0]).show(ui, |ui| {
            for h in [
                Label::ImageNumber,
                Label::Customer,
                Label::Phone,
                Label::IdNumber,
                Label::Document,
                Label::Status,
                Label::CreatedAt,
            ] {
                ui.strong(h.get(lang));
            }
            ui.end_row();
            for row in &o.results {
                if ui.link(RichText::new(row.label()).monospace()).clicked() {
                    commands.push(Command::OpenOrder(row.id));
                }
                ui.label(&row.customer_name);
                ui.label(row.phone.as_deref().map(mask_phone).unwrap_or_default());
                ui.label(row.id_number.as_deref().map(mask_id_number).unwrap_or_default());
                ui.label(view.catalogue.document_name(&row.spec_id, &row.document, lang));
                status_label(ui, lang, row.status);
                ui.label(row.created_at.get(..16).unwrap_or(&row.created_at).replace('T', " "));
                ui.end_row();
            }
        });
    });
}

fn status_label(ui: &mut egui::Ui, lang: crate::domain::Lang, status: OrderStatus) {
    let colour = match status {
        OrderStatus::AwaitingUpload => Color32::from_rgb(230, 110, 0),
        OrderStatus::Pending => Color32::from_rgb(200, 140, 20),
        OrderStatus::Passed => Color32::from_rgb(40, 160, 80),
        OrderStatus::Failed => Color32::from_rgb(220, 50, 40),
        OrderStatus::Reshoot => Color32::from_rgb(90, 110, 200),
    };
    ui.colored_label(colour, status.label().get(lang));
}

/// 打印回执 (or 补打回执 once one was printed, with the count) and 排版打印 with the paper size.
fn print_buttons(
    ui: &mut egui::Ui,
    lang: crate::domain::Lang,
    catalogue: &crate::domain::Catalogue,
    r: &crate::storage::OrderRow,
    events: &[(String, String, String, String)],
    sheet_size: &mut SheetSize,
    commands: &mut Vec<Command>,
) {
    let spec = catalogue.get(&r.spec_id);
    let issued =
        events.iter().filter(|(_, _, what, _)| what == crate::services::receipts::RECEIPT_EVENT).count();
    ui.horizontal(|ui| match (spec, &r.image_number) {
        // A receipt is never printed without an image number.
        (Some(s), None) if s.receipt.is_some() => {
            ui.add_enabled(false, egui::Button::new(Label::PrintReceipt.get(lang)));
            ui.colored_label(ui.visuals().warn_fg_color, Label::ReceiptAfterAttach.get(lang));
        }
        (Some(s), Some(number)) if s.receipt.is_some() => {
            let label = if issued == 0 { Label::PrintReceipt } else { Label::ReprintReceipt };
            if ui.button(label.get(lang)).clicked() {
                commands.push(Command::PrintReceipt { number: number.clone(), spec_id: r.spec_id.clone() });
            }
            if issued > 0 {
                ui.label(format!("{} {issued}", Label::ReceiptsIssued.get(lang)));
            }
        }
        _ => {
            ui.label(Label::NoReceiptTemplate.get(lang));
        }
    });
    if spec.is_some() {
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("sheet_size").selected_text(sheet_size.name(lang)).show_ui(
                ui,
                |ui| {
                    for size in SheetSize::ALL {
                        ui.selectable_value(sheet_size, size, size.name(lang));
                    }
                },
            );
            if ui.button(Label::PrintSheetButton.get(lang)).clicked() {
                commands.push(Command::PrintSheet {
                    order_id: r.id,
                    spec_id: r.spec_id.clone(),
                    size: *sheet_size,
                });
            }
        });
    }
}

/// 电子回执 and 电子版 for the customer's phone: copied for the chat, saved, or (when the manager has
/// switched it on) offered by QR code on the studio's network.
fn hand_over_buttons(
    ui: &mut egui::Ui,
    lang: crate::domain::Lang,
    spec: Option<&crate::domain::PhotoSpec>,
    r: &crate::storage::OrderRow,
    share: bool,
    commands: &mut Vec<Command>,
) {
    // Only once the order has its number.
    if let (Some(s), Some(number)) = (spec.filter(|s| s.receipt.is_some()), &r.image_number) {
        let hand_over = |how| Command::HandOver { number: number.clone(), spec_id: s.id.clone(), how };
        ui.horizontal_wrapped(|ui| {
            ui.label(Label::EReceipt.get(lang));
            if ui.button(Label::CopyForChat.get(lang)).clicked() {
                commands.push(hand_over(crate::services::handover::HandOver::CopyReceipt));
            }
            if ui.button(Label::SaveAs.get(lang)).clicked() {
                commands.push(hand_over(crate::services::handover::HandOver::SaveReceipt));
            }
            if share && ui.button(Label::ShareButton.get(lang)).clicked() {
                commands.push(hand_over(crate::services::handover::HandOver::ShareReceipt));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(Label::EPhotoLine.get(lang));
            if ui.button(Label::SavePhotoAs.get(lang)).clicked() {
                commands.push(hand_over(crate::services::handover::HandOver::SavePhoto));
            }
            if share && ui.button(Label::ShareButton.get(lang)).clicked() {
                commands.push(hand_over(crate::services::handover::HandOver::SharePhoto));
            }
        });
    }
}

fn detail(ui: &mut egui::Ui, o: &mut OrdersScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    let last_print = o.open.as_ref().and_then(|open| {
        let number = open.row.image_number.as_deref()?;
        let record = view.prints.iter().rev().find(|p| p.number.as_deref() == Some(number))?;
        let line = record.line(lang);
        let retry = match record.state {
            PrintState::Failed(_) => Some((record.path.clone(), Label::RetryPrint)),
            PrintState::Stuck { .. } => Some((record.path.clone(), Label::CancelAndPrintAgain)),
            _ => None,
        };
        Some((line, retry))
    });
    let Some(open) = &mut o.open else { return };
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(RichText::new(open.row.label()).monospace());
            if ui.button(Label::Close.get(lang)).clicked() {
                commands.push(Command::CloseOrder);
            }
        });
        if let (None, Some(photo)) = (&open.texture, &open.photo) {
            open.texture = Some(ui.ctx().load_texture("order_photo", photo.clone(), TextureOptions::LINEAR));
        }
        if let Some(t) = &open.texture {
            ui.add(egui::Image::new((t.id(), t.size_vec2() * 0.5)));
        } else if open.photo.is_none() {
            ui.label(Label::PhotoPurged.get(lang));
        }
        let r = &open.row;
        egui::Grid::new("order_fields").num_columns(2).show(ui, |ui| {
            let phone = r.phone.as_deref().map(mask_phone).unwrap_or_default();
            let id = r.id_number.as_deref().map(mask_id_number).unwrap_or_default();
            let payment = crate::domain::i18n::stored_words(&r.payment, lang);
            let price = match lang {
                crate::domain::Lang::Zh => format!("{} 元 · {payment}", yuan(u64::from(r.price_fen))),
                crate::domain::Lang::En => format!("¥{} · {payment}", yuan(u64::from(r.price_fen))),
            };
            for (k, v) in [
                (Label::Customer, r.customer_name.clone()),
                (Label::Phone, phone),
                (Label::IdNumber, id),
                (Label::Hukou, r.hukou.clone().unwrap_or_default()),
                (Label::Document, view.catalogue.document_name(&r.spec_id, &r.document, lang)),
                (Label::Price, price),
                (Label::Operator, r.operator.clone()),
                (Label::CreatedAt, r.created_at.get(..19).unwrap_or(&r.created_at).replace('T', " ")),
            ] {
                ui.label(k.get(lang));
                ui.label(v);
                ui.end_row();
            }
            ui.label(Label::Status.get(lang));
            status_label(ui, lang, r.status);
            ui.end_row();
            if let Some(reason) = &r.fail_reason {
                ui.label(Label::FailReason.get(lang));
                ui.label(stored_words(reason, lang));
                ui.end_row();
            }
            if let Some(reason) = &r.approval_reason {
                ui.label(Label::ApprovalReason.get(lang));
                ui.label(reason);
                ui.end_row();
            }
        });
        ui.add_space(8.0);
        let id = r.id;
        print_buttons(ui, lang, view.catalogue, r, &open.events, &mut o.sheet_size, commands);
        hand_over_buttons(ui, lang, view.catalogue.get(&r.spec_id), r, view.share_enabled, commands);
        // What happened to this order's last receipt: where the PDF is, and a retry if printing failed.
        if let Some((line, retry)) = &last_print {
            ui.horizontal_wrapped(|ui| match retry {
                Some((path, button)) => {
                    ui.colored_label(ui.visuals().warn_fg_color, line);
                    if ui.button(button.get(lang)).clicked() {
                        commands.push(Command::RetryPrint(path.clone()));
                    }
                }
                None => {
                    ui.label(line);
                }
            });
        }
        ui.add_space(8.0);
        match r.status {
            OrderStatus::Pending | OrderStatus::AwaitingUpload => {
                ui.horizontal(|ui| {
                    if r.status == OrderStatus::AwaitingUpload {
                        // Attached from the 待上传 list above (typed or scanned).
                        if ui.button(Label::AttachNumber.get(lang)).clicked() {
                            commands.push(Command::SelectAwaiting(Some(id)));
                        }
                    } else if ui.button(Label::MarkPassed.get(lang)).clicked() {
                        commands.push(Command::SetOrderStatus {
                            id,
                            status: OrderStatus::Passed,
                            reason: None,
                        });
                    }
                });
                ui.horizontal(|ui| {
                    egui::ComboBox::new("fail_reason", Label::FailReason.get(lang))
                        .selected_text(stored_words(&o.fail_reason, lang))
                        .show_ui(ui, |ui| {
                            // Stored in the platform's words; shown in the counter's language.
                            for reason in FAIL_REASONS {
                                ui.selectable_value(
                                    &mut o.fail_reason,
                                    reason.zh().to_owned(),
                                    reason.get(lang),
                                );
                            }
                        });
                    let chosen = !o.fail_reason.is_empty();
                    if ui.add_enabled(chosen, egui::Button::new(Label::MarkFailed.get(lang))).clicked() {
                        let reason = Some(o.fail_reason.clone());
                        commands.push(Command::SetOrderStatus { id, status: OrderStatus::Failed, reason });
                    }
                });
            }
            OrderStatus::Failed => {
                if ui.button(Label::MarkReshoot.get(lang)).clicked() {
                    commands.push(Command::Reshoot(id));
                }
            }
            OrderStatus::Passed | OrderStatus::Reshoot => {}
        }
        ui.add_space(8.0);
        ui.strong(Label::AuditLog.get(lang));
        for (at, who, what, detail) in &open.events {
            ui.label(format!(
                "{} · {} · {} {}",
                at.get(..19).unwrap_or(at).replace('T', " "),
                who,
                what,
                detail
            ));
        }
        ui.add_space(12.0);
        // The customer's right to erasure: the manager deletes the order, with the reason logged.
        ui.collapsing(Label::DeleteOrder.get(lang), |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(Label::DeleteReason.get(lang));
                ui.add(egui::TextEdit::singleline(&mut o.delete_reason).desired_width(240.0))
                    .labelled_by(label.id);
                let why = crate::domain::typed_text::reason(&o.delete_reason);
                let button =
                    egui::Button::new(RichText::new(Label::DeleteButton.get(lang)).color(Color32::RED));
                let given = why.as_ref().is_ok_and(|w| !w.is_empty());
                if ui.add_enabled(given, button).clicked()
                    && let Ok(why) = why.clone()
                {
                    commands.push(Command::Guarded(Guarded::DeleteOrder { id, why }));
                }
                if let Err(e) = why {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        crate::domain::i18n::Bilingual::say(&e, lang),
                    );
                }
            });
        });
    });
}

/// The 待上传 list (平台编号), oldest first with how long each has waited; the selected one takes
/// the platform's number, typed here or scanned anywhere in the window.
fn awaiting(ui: &mut egui::Ui, o: &mut OrdersScreen, view: &View, commands: &mut Vec<Command>) {
    if o.awaiting.is_empty() {
        return;
    }
    let (lang, uploads) = (view.lang, view.data_dir.uploads());
    let now = chrono::Local::now();
    let title = crate::domain::i18n::punct(
        lang,
        format!("{}（{}）", Label::AwaitingTitle.get(lang), o.awaiting.len()),
    );
    egui::CollapsingHeader::new(RichText::new(title).strong().color(Color32::from_rgb(230, 110, 0)))
        .id_salt("awaiting")
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(Label::AwaitingHint.get(lang));
                if ui.button(Label::OpenUploadFolder.get(lang)).clicked() {
                    commands.push(Command::OpenUploadFolder);
                }
            });
            egui::Grid::new("awaiting_grid").num_columns(6).striped(true).spacing([14.0, 4.0]).show(
                ui,
                |ui| {
                    for h in [
                        Label::OrderNo,
                        Label::Customer,
                        Label::Document,
                        Label::CreatedAt,
                        Label::Waited,
                        Label::UploadFile,
                    ] {
                        ui.strong(h.get(lang));
                    }
                    ui.end_row();
                    for row in &o.awaiting {
                        let selected = o.selected == Some(row.id);
                        if ui
                            .selectable_label(selected, RichText::new(format!("#{}", row.id)).monospace())
                            .clicked()
                        {
                            commands.push(Command::SelectAwaiting((!selected).then_some(row.id)));
                        }
                        ui.label(&row.customer_name);
                        ui.label(view.catalogue.document_name(&row.spec_id, &row.document, lang));
                        ui.label(row.created_at.get(11..16).unwrap_or(&row.created_at));
                        let waited = chrono::DateTime::parse_from_rfc3339(&row.created_at)
                            .map(|at| (now.fixed_offset() - at).num_minutes())
                            .unwrap_or(0);
                        ui.label(crate::domain::numbering::waited(waited, lang));
                        let path = crate::services::uploads::path(&uploads, row);
                        ui.horizontal(|ui| {
                            ui.monospace(crate::services::uploads::file_name(row));
                            if ui.small_button(Label::CopyPath.get(lang)).clicked() {
                                ui.ctx().copy_text(path.display().to_string());
                            }
                        });
                        ui.end_row();
                    }
                },
            );
            let Some(id) = o.selected else {
                ui.weak(Label::AwaitingSelectHint.get(lang));
                return;
            };
            ui.horizontal(|ui| {
                let label = ui.label(format!("#{id} {}", Label::AttachNumber.get(lang)));
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut o.attach_text)
                            .desired_width(200.0)
                            .font(egui::TextStyle::Monospace),
                    )
                    .labelled_by(label.id);
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button(Label::Attach.get(lang)).clicked() || entered {
                    commands.push(Command::AttachNumber { order_id: id, number: o.attach_text.clone() });
                }
                ui.weak(Label::ScanHint.get(lang));
            });
        });
    ui.separator();
}
