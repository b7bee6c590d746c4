//! 拍摄 (capture): the spec picker (search by Chinese, pinyin initials or id; favourites on top),
//! the customer, and either the live preview with the chosen spec's guides (output frame, crown
//! band, eye band, chin line, centre line, face-width marks, each green or red from the live face
//! analysis, and a hint) or the adjust view of a captured photo (`ui::adjust`).

use egui::{Color32, Key, Modifiers, Pos2, Rect, RichText, Stroke, Vec2};

use crate::counter::CaptureMode;
use crate::counter::{Command, View};
use crate::domain::audit_checks::{audit_checks, customer_hint};
use crate::domain::customer::{CustomerDraft, CustomerField, FieldError};
use crate::domain::geometry::Affine;
use crate::domain::guides::{GuideState, Guides, guides};
use crate::domain::{Label, Lang, PhotoSpec};
use crate::ui::adjust::{self, AdjustView};
use crate::vision::Point;

/// The output frame's height as a share of the preview's height.
const FRAME_HEIGHT: f32 = 0.8;
/// The default spec (the commonest receipt at a Guangdong counter).
pub const DEFAULT_SPEC: &str = "gd-shenzhen-id-card";
const PICKER_WIDTH: f32 = 260.0;

pub struct CaptureScreen {
    pub spec_id: String,
    /// The studio's favourite specs, shown first.
    pub favourites: Vec<String>,
    pub query: String,
    /// The customer being photographed; kept across re-shoots, cleared after approval.
    pub customer: CustomerDraft,
    /// Wrong customer fields from the last approval attempt, shown beside them.
    pub errors: Vec<FieldError>,
    /// Kept from customer to customer.
    pub operator: String,
    pub payment: String,
    /// Price in 元 as typed; empty: the spec's price.
    pub price: String,
    pub notes: String,
    /// An image number issued elsewhere, instead of allocating one; empty: allocate.
    pub external_number: String,
    /// The failed order this capture re-shoots (free, linked, new number).
    pub reshoot_of: Option<i64>,
    /// The adjust view of the placed photo, while there is one.
    pub adjust: Option<AdjustView>,
    /// The shortcut sheet (F1) is open.
    pub help: bool,
}

impl Default for CaptureScreen {
    fn default() -> Self {
        CaptureScreen {
            spec_id: DEFAULT_SPEC.to_owned(),
            favourites: Vec::new(),
            query: String::new(),
            customer: CustomerDraft::default(),
            errors: Vec::new(),
            operator: String::new(),
            payment: PAYMENTS[0].to_owned(),
            price: String::new(),
            notes: String::new(),
            external_number: String::new(),
            reshoot_of: None,
            adjust: None,
            help: false,
        }
    }
}

impl CaptureScreen {
    /// What the app tells this screen.
    pub fn on(&mut self, event: crate::counter::Event) {
        use crate::counter::Event as E;
        match event {
            E::SpecChosen(id) => self.spec_id = id,
            E::Favourites(list) => self.favourites = list,
            E::Reshoot { customer, of } => {
                self.customer = customer;
                self.reshoot_of = Some(of);
            }
            E::FieldErrors(errors) => self.errors = errors,
            E::Approved => {
                self.customer = Default::default();
                self.price.clear();
                self.notes.clear();
                self.external_number.clear();
                self.reshoot_of = None;
            }
            E::DraftRestored(d) => {
                self.customer = d.customer;
                self.price = d.price;
                self.notes = d.notes;
                self.external_number = d.external_number;
                if !d.operator.is_empty() {
                    self.operator = d.operator;
                }
                if !d.payment.is_empty() {
                    self.payment = d.payment;
                }
                self.reshoot_of = d.reshoot_of;
            }
            _ => {}
        }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &View, commands: &mut Vec<Command>) {
        show(ui, self, view, commands)
    }
}

fn show(ui: &mut egui::Ui, s: &mut CaptureScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    keys(ui.ctx(), s, view, commands);
    if let Some(path) = ui.ctx().input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf())) {
        commands.push(Command::ImportFile(path));
    }
    let (main, picker_rect) = super::widgets::split(ui, PICKER_WIDTH, super::widgets::Side::Left);
    ui.scope_builder(egui::UiBuilder::new().id_salt("spec_picker").max_rect(picker_rect), |ui| {
        picker(ui, s, view, commands)
    });
    ui.scope_builder(egui::UiBuilder::new().id_salt("capture_main").max_rect(main), |ui| {
        main_area(ui, s, view, commands)
    });
    if s.help {
        shortcut_sheet(ui.ctx(), lang, &mut s.help);
    }
}

/// The customer, the capture buttons, and the preview or the adjust view.
fn main_area(ui: &mut egui::Ui, s: &mut CaptureScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    customer_form(ui, s, view);
    ui.horizontal(|ui| {
        let live = matches!(view.capture, CaptureMode::Live);
        if ui.add_enabled(live, egui::Button::new(Label::CaptureButton.get(lang))).clicked() {
            commands.push(Command::Capture);
        }
        if ui.button(Label::ImportButton.get(lang)).clicked() {
            commands.push(Command::PickFile);
        }
        ui.weak(Label::DropHint.get(lang));
    });
    // Right after approval, the customer still at the counter: their receipt for the phone.
    let last = view
        .approved
        .last()
        .and_then(|a| Some((a.customer.clone(), a.image_number.clone()?, a.spec_id.clone())));
    let with_receipt =
        last.filter(|(_, _, spec)| view.catalogue.get(spec).is_some_and(|s| s.receipt.is_some()));
    if let Some((customer, number, spec_id)) = with_receipt {
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!(
                "{} {customer} {number} · {}",
                Label::LastOrder.get(lang),
                Label::EReceipt.get(lang)
            ));
            let hand_over = |how| Command::HandOver { number: number.clone(), spec_id: spec_id.clone(), how };
            if ui.small_button(Label::CopyForChat.get(lang)).clicked() {
                commands.push(hand_over(crate::services::handover::HandOver::CopyReceipt));
            }
            if view.share_enabled && ui.small_button(Label::ShareButton.get(lang)).clicked() {
                commands.push(hand_over(crate::services::handover::HandOver::ShareReceipt));
            }
        });
    }
    if matches!(view.camera_choice, crate::camera::CameraChoice::Demo) {
        ui.weak(Label::CameraDemoHint.get(lang));
    }
    ui.separator();
    let spec = view.catalogue.get(&s.spec_id).or_else(|| view.catalogue.specs().first());
    match view.capture {
        CaptureMode::Live => live(ui, view, spec),
        CaptureMode::Working { .. } => {
            ui.centered_and_justified(|ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(Label::Processing.get(lang));
                });
            });
        }
        CaptureMode::Adjust(placed) => {
            // A new placed photo gets a fresh view (its placement, no dialog).
            let fresh = s.adjust.as_ref().is_none_or(|v| v.token != placed.token);
            if fresh {
                s.adjust = Some(AdjustView::new(placed));
            }
            if let Some(v) = &mut s.adjust {
                adjust::show(ui, lang, placed, v, commands)
            }
        }
    }
}

/// The screen's keys. Single keys only act when no text field has the keyboard.
fn keys(ctx: &egui::Context, s: &mut CaptureScreen, view: &View, commands: &mut Vec<Command>) {
    let typing = ctx.text_edit_focused();
    ctx.input_mut(|i| {
        if i.consume_key(Modifiers::NONE, Key::F1) {
            s.help = !s.help;
        }
        if i.consume_key(Modifiers::COMMAND, Key::O) {
            commands.push(Command::PickFile);
        }
        if i.consume_key(Modifiers::COMMAND, Key::F) {
            ctx.memory_mut(|m| m.request_focus(search_id()));
        }
        if !typing && matches!(view.capture, CaptureMode::Live) && i.consume_key(Modifiers::NONE, Key::Space)
        {
            commands.push(Command::Capture);
        }
    });
}

/// Payment methods offered at the counter.
pub const PAYMENTS: [&str; 4] = ["微信", "支付宝", "现金", "银行卡"];

/// Name, phone, ID number, 户籍地, payment and operator; wrong fields marked in red beside them.
fn customer_form(ui: &mut egui::Ui, c: &mut CaptureScreen, view: &View) {
    let lang = view.lang;
    // The price used when the field is left empty: the studio's list, else the spec file's.
    let default_price = view.catalogue.get(&c.spec_id).map(|s| {
        crate::domain::approval::default_price(
            s.price_fen,
            view.prices.get(&s.id).copied(),
            c.reshoot_of.is_some(),
        )
    });
    let error = |field: CustomerField| {
        c.errors.iter().find(|e| e.field == field).map(|e| e.message.get(lang).to_owned())
    };
    let (name_err, phone_err, id_err, hukou_err, price_err, notes_err, number_err) = (
        error(CustomerField::Name),
        error(CustomerField::Phone),
        error(CustomerField::IdNumber),
        error(CustomerField::Hukou),
        error(CustomerField::Price),
        error(CustomerField::Notes),
        error(CustomerField::ImageNumber),
    );
    // An old 15-digit ID number: its 18-digit form, for the operator to confirm with the customer.
    let id_suggestion =
        c.errors.iter().find(|e| e.field == CustomerField::IdNumber).and_then(|e| e.suggestion.clone());
    let mut take_suggestion = false;
    ui.horizontal_wrapped(|ui| {
        for (label, value, width, err) in [
            (Label::Customer, &mut c.customer.name, 110.0, name_err),
            (Label::Phone, &mut c.customer.phone, 120.0, phone_err),
            (Label::IdNumber, &mut c.customer.id_number, 170.0, id_err),
            (Label::Hukou, &mut c.customer.hukou, 110.0, hukou_err),
            (Label::PriceYuan, &mut c.price, 70.0, price_err),
            (Label::Notes, &mut c.notes, 120.0, notes_err),
            (Label::ExternalNumber, &mut c.external_number, 150.0, number_err),
            (Label::Operator, &mut c.operator, 70.0, None),
        ] {
            let hint = match (label, default_price) {
                (Label::PriceYuan, Some(fen)) => crate::domain::daily_report::yuan(u64::from(fen)),
                _ => String::new(),
            };
            let label_is_id = label == Label::IdNumber;
            let label = ui.label(label.get(lang));
            ui.add(egui::TextEdit::singleline(value).desired_width(width).hint_text(hint))
                .labelled_by(label.id);
            if let Some(err) = err {
                ui.colored_label(ui.visuals().error_fg_color, err);
                if label_is_id
                    && let Some(s) = &id_suggestion
                    && ui.button(format!("{}{s}", Label::UseIdNumber18.get(lang))).clicked()
                {
                    take_suggestion = true;
                }
            }
        }
        if let (true, Some(s)) = (take_suggestion, &id_suggestion) {
            c.customer.id_number = s.clone();
            c.errors.retain(|e| e.field != CustomerField::IdNumber);
        }
        // Stored as the counter's words (微信…), shown in the language.
        let shown = crate::domain::i18n::stored_words(&c.payment, lang);
        egui::ComboBox::new("payment", Label::Payment.get(lang)).selected_text(shown).show_ui(ui, |ui| {
            for p in PAYMENTS {
                ui.selectable_value(&mut c.payment, p.to_owned(), crate::domain::i18n::stored_words(p, lang));
            }
        });
    });
}

fn search_id() -> egui::Id {
    egui::Id::unique("spec_search")
}

fn picker(ui: &mut egui::Ui, c: &mut CaptureScreen, view: &View, commands: &mut Vec<Command>) {
    let lang = view.lang;
    ui.add_space(4.0);
    let label = ui.label(Label::CaptureSpec.get(lang));
    if let Some(current) = view.catalogue.get(&c.spec_id) {
        ui.label(RichText::new(current.display_name(lang)).strong().size(18.0));
        ui.weak(format!(
            "{}×{} px · {}×{} mm",
            current.px[0], current.px[1], current.print_mm[0], current.print_mm[1]
        ));
    }
    let search = ui
        .add(
            egui::TextEdit::singleline(&mut c.query)
                .id(search_id())
                .hint_text(Label::SpecSearch.get(lang))
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    let city = view.studio.city.clone();
    let found = view.catalogue.search_near(&c.query, &city);
    // Enter in the search field takes the best match and clears the search.
    if search.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        if let Some(best) = found.first() {
            commands.push(Command::ChooseSpec(best.id.clone()));
        }
        c.query.clear();
    }
    ui.add_space(4.0);
    let favourites: Vec<&PhotoSpec> =
        c.favourites.iter().filter_map(|id| found.iter().find(|s| &s.id == id).copied()).collect();
    // The studio's city next, then everything else.
    let (home, others): (Vec<&PhotoSpec>, Vec<&PhotoSpec>) = found
        .iter()
        .filter(|s| !c.favourites.contains(&s.id))
        .partition(|s| !city.is_empty() && s.city.as_deref() == Some(city.as_str()));
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        if found.is_empty() {
            ui.weak(Label::SpecNoMatch.get(lang));
        }
        for (title, list, starred) in [
            (Label::SpecFavourites, &favourites, true),
            (Label::SpecHomeCity, &home, false),
            (Label::SpecAll, &others, false),
        ] {
            if list.is_empty() {
                continue;
            }
            ui.strong(title.get(lang));
            for spec in list {
                spec_row(ui, lang, spec, &c.spec_id, starred, commands);
            }
            ui.add_space(6.0);
        }
    });
}

fn spec_row(
    ui: &mut egui::Ui,
    lang: Lang,
    spec: &PhotoSpec,
    chosen: &str,
    starred: bool,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        // ◆/◇ rather than ★/☆: the embedded CJK font has geometric shapes, not the symbol block.
        let (star, tip) = if starred { ("◆", Label::SpecUnstar) } else { ("◇", Label::SpecStar) };
        if ui.small_button(star).on_hover_text(tip.get(lang)).clicked() {
            commands.push(Command::ToggleFavourite(spec.id.clone()));
        }
        if ui.selectable_label(spec.id == chosen, spec.display_name(lang)).clicked() {
            commands.push(Command::ChooseSpec(spec.id.clone()));
        }
    });
}

fn live(ui: &mut egui::Ui, view: &View, spec: Option<&PhotoSpec>) {
    let lang = view.lang;
    let Some(texture) = view.preview else {
        ui.centered_and_justified(|ui| {
            ui.label(Label::CameraNoFrame.get(lang));
        });
        return;
    };
    let available = ui.available_size();
    let size = texture.size_vec2();
    let scale = (available.x / size.x).min(available.y / size.y).min(1.0);
    let response = ui.vertical_centered(|ui| ui.add(egui::Image::new((texture.id(), size * scale)))).inner;
    let Some(spec) = spec else { return };
    let image_rect = response.rect;
    let frame = frame_rect(image_rect, spec);
    // Analysis results are in full-frame pixels; big stills are shown from a smaller copy.
    let frame_px = view.preview_size.unwrap_or([size.x as u32, size.y as u32]);
    let k = scale * size.x / frame_px[0] as f32;
    // The face measured on the newest analysed frame, in this frame's output pixels.
    let live = view.live.filter(|l| l.frame_px == frame_px);
    let face =
        live.and_then(|l| l.face.as_ref()).map(|a| a.placed(frame_to_output(image_rect, k, frame, spec)));
    let asks =
        live.and_then(|l| l.audit.as_ref()).and_then(|s| customer_hint(&audit_checks(s, spec.ears_visible)));
    let g = guides(spec, face.as_ref()).or_hint(asks);
    paint(ui.painter(), frame, &g);
    if let Some(a) = live.and_then(|l| l.face.as_ref()) {
        let dot = |p: Point| image_rect.min + Vec2::new(p.x, p.y) * k;
        for p in [a.right_eye, a.left_eye, a.chin].into_iter().chain(a.crown) {
            ui.painter().circle_filled(dot(p), 3.0, Color32::YELLOW);
        }
    }
    hint(ui, lang, image_rect, &g);
}

/// The guides' hint as a real label (not painted text), so screen readers and the UI tests see it.
pub fn hint(ui: &mut egui::Ui, lang: Lang, over: Rect, g: &Guides) {
    let colour =
        if g.hint.is_none() { Color32::from_rgb(40, 200, 90) } else { Color32::from_rgb(240, 70, 60) };
    let text = RichText::new(g.hint_text(lang)).size(22.0).color(colour).strong();
    let at = Rect::from_center_size(
        Pos2::new(over.center().x, over.bottom() - 24.0),
        Vec2::new(over.width(), 32.0),
    );
    ui.put(at, egui::Label::new(text));
}

/// The output frame over the preview: the spec's aspect, [`FRAME_HEIGHT`] of the preview, centred.
fn frame_rect(image: Rect, spec: &PhotoSpec) -> Rect {
    let h = image.height() * FRAME_HEIGHT;
    let w = h * spec.px[0] as f32 / spec.px[1] as f32;
    Rect::from_center_size(image.center(), Vec2::new(w, h))
}

/// Frame pixels → output pixels of `frame` (via the preview's `scale` and its place on screen).
fn frame_to_output(image: Rect, scale: f32, frame: Rect, spec: &PhotoSpec) -> Affine {
    let k = f64::from(spec.px[1]) / f64::from(frame.height());
    let offset = image.min - frame.min;
    Affine::translate(f64::from(offset.x) * k, f64::from(offset.y) * k)
        .after(Affine::scale(f64::from(scale) * k))
}

fn colour(state: GuideState) -> Color32 {
    match state {
        GuideState::Idle => Color32::from_gray(220),
        GuideState::Met => Color32::from_rgb(40, 200, 90),
        GuideState::Missed => Color32::from_rgb(240, 70, 60),
    }
}

/// Paints the guides `g` over `frame`, the output frame on screen.
pub fn paint(painter: &egui::Painter, frame: Rect, g: &Guides) {
    let k = frame.height() / g.px[1] as f32;
    let y = |v: f64| frame.min.y + v as f32 * k;
    let x = |v: f64| frame.min.x + v as f32 * k;
    painter.rect_stroke(frame, 0.0, Stroke::new(2.0, Color32::WHITE), egui::StrokeKind::Outside);
    if let Some((top, bottom)) = g.crown_band {
        let band = Rect::from_x_y_ranges(frame.x_range(), y(top)..=y(bottom));
        painter.rect_filled(band, 0.0, colour(g.crown).gamma_multiply(0.35));
    }
    let (eye_top, eye_bottom) = g.eye_band;
    let eye_stroke = Stroke::new(2.0, colour(g.eye));
    if eye_top > 0.0 {
        painter.hline(frame.x_range(), y(eye_top), eye_stroke);
    }
    painter.hline(frame.x_range(), y(eye_bottom), eye_stroke);
    let chin = g.chin_max_y.unwrap_or(g.chin_y);
    let dashes = egui::Shape::dashed_line(
        &[Pos2::new(frame.min.x, y(chin)), Pos2::new(frame.max.x, y(chin))],
        Stroke::new(1.5, colour(g.eye)),
        6.0,
        4.0,
    );
    painter.extend(dashes);
    painter.vline(x(g.centre_x), frame.y_range(), Stroke::new(1.5, colour(g.centre)));
    let width_stroke = Stroke::new(3.0, colour(g.width));
    for (inner, outer) in g.width_marks {
        for v in [inner, outer] {
            painter.vline(x(v), y(eye_bottom - 30.0)..=y(eye_bottom + 30.0), width_stroke);
        }
    }
}

/// Every key of the capture screen (F1).
fn shortcut_sheet(ctx: &egui::Context, lang: Lang, open: &mut bool) {
    const KEYS: [(&str, Label); 14] = [
        ("Space", Label::KeySpace),
        ("Enter", Label::KeyEnter),
        ("Esc", Label::KeyEsc),
        ("← → ↑ ↓", Label::KeyArrows),
        ("+ / -", Label::KeyZoom),
        ("[ / ]", Label::KeyRotate),
        ("B", Label::KeyB),
        ("N", Label::KeyN),
        ("R", Label::KeyR),
        ("Ctrl+O", Label::KeyOpen),
        ("Ctrl+F", Label::KeyFind),
        ("F1", Label::KeyHelp),
        ("", Label::AdjustDragHint),
        ("", Label::DropHint),
    ];
    egui::Window::new(Label::ShortcutsTitle.get(lang))
        .open(open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").num_columns(2).spacing([24.0, 6.0]).striped(true).show(ui, |ui| {
                for (key, what) in KEYS {
                    ui.monospace(key);
                    ui.label(what.get(lang));
                    ui.end_row();
                }
            });
        });
}
