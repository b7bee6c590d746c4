//! 调整与审核 (adjust and approve): the captured photo placed to the spec. The operator drags it,
//! zooms with the wheel, turns it, corrects exposure, contrast and white balance, switches the
//! background replacement and "no retouch", reads every check, sees the output at its real pixel
//! size, and approves (Enter) or re-shoots (Esc). Approving past a failing check asks for a reason.
//!
//! Every change asks the imaging thread for a new rendering (`Command::Render`); this module only
//! draws the newest one.

use std::sync::Arc;

use egui::{Color32, Key, Modifiers, RichText, Sense, TextureOptions, Vec2};

use crate::counter::{Command, Placed};
use crate::domain::Label;
use crate::domain::Lang;
use crate::domain::checks::CheckStatus;
use crate::domain::guides::guides;
use crate::worker::Edit;

const SIDE_WIDTH: f32 = 400.0;
/// Largest on-screen enlargement of the output in the editing view.
const MAX_VIEW_SCALE: f32 = 2.0;
/// Keyboard steps: output pixels, zoom factor, degrees.
const MOVE_STEP: f64 = 1.0;
const MOVE_STEP_BIG: f64 = 10.0;
const ZOOM_STEP: f64 = 1.01;
const TURN_STEP: f64 = 0.5;

/// The adjust view's own state for one placed photo: the edit as the operator drags it, the
/// texture of the newest rendering, and the reason dialog.
pub struct AdjustView {
    /// The placed photo this is for.
    pub token: u64,
    /// The edit on screen (sent with `Command::Render` as it changes).
    pub edit: Edit,
    texture: Option<egui::TextureHandle>,
    /// The rendering the texture shows.
    textured: Option<Arc<egui::ColorImage>>,
    /// `Some` while the reason dialog is open (approving past a failing check).
    pub reason: Option<String>,
}

impl AdjustView {
    pub fn new(p: &Placed) -> AdjustView {
        AdjustView { token: p.token, edit: p.edit, texture: None, textured: None, reason: None }
    }

    /// The shown rendering is the one on screen.
    pub fn up_to_date(&self, p: &Placed) -> bool {
        p.rendered.edit == self.edit
    }

    /// Enter / the approve button: straight through, or the reason dialog when a check fails.
    fn request_approval(&mut self, p: &Placed, commands: &mut Vec<Command>) {
        if !self.up_to_date(p) {
            return;
        }
        if p.failing().is_empty() {
            commands.push(Command::Approve { reason: None });
        } else if self.reason.is_none() {
            self.reason = Some(String::new());
        }
    }
}

pub fn show(ui: &mut egui::Ui, lang: Lang, p: &Placed, s: &mut AdjustView, commands: &mut Vec<Command>) {
    let before = s.edit;
    keys(ui.ctx(), p, s, commands);
    // The newest rendering into the texture (once per rendering).
    let image = &p.rendered.image;
    if !s.textured.as_ref().is_some_and(|t| Arc::ptr_eq(t, image)) {
        match &mut s.texture {
            Some(texture) => texture.set(image.clone(), TextureOptions::LINEAR),
            None => {
                s.texture = Some(ui.ctx().load_texture("adjusted", image.clone(), TextureOptions::LINEAR))
            }
        }
        s.textured = Some(image.clone());
    }
    let Some(texture) = s.texture.clone() else { return };
    let (main, side_rect) = super::widgets::split(ui, SIDE_WIDTH, super::widgets::Side::Right);
    ui.scope_builder(egui::UiBuilder::new().id_salt("adjust_side").max_rect(side_rect), |ui| {
        side(ui, lang, p, s, &texture, commands)
    });
    ui.scope_builder(egui::UiBuilder::new().id_salt("adjust_editor").max_rect(main), |ui| {
        editor(ui, lang, p, s, &texture)
    });
    if s.reason.is_some() {
        reason_dialog(ui.ctx(), lang, p, s, commands);
    }
    if s.edit != before {
        commands.push(Command::Render(s.edit));
    }
}

fn keys(ctx: &egui::Context, p: &Placed, s: &mut AdjustView, commands: &mut Vec<Command>) {
    if ctx.text_edit_focused() || s.reason.is_some() {
        return;
    }
    let px = p.spec.px;
    let mut approve = false;
    ctx.input_mut(|i| {
        if i.consume_key(Modifiers::NONE, Key::Escape) {
            commands.push(Command::Retake);
        }
        approve = i.consume_key(Modifiers::NONE, Key::Enter);
        for (key, dx, dy) in [
            (Key::ArrowLeft, -1.0, 0.0),
            (Key::ArrowRight, 1.0, 0.0),
            (Key::ArrowUp, 0.0, -1.0),
            (Key::ArrowDown, 0.0, 1.0),
        ] {
            if i.consume_key(Modifiers::SHIFT, key) {
                s.edit.crop = s.edit.crop.moved(dx * MOVE_STEP_BIG, dy * MOVE_STEP_BIG, px);
            }
            if i.consume_key(Modifiers::NONE, key) {
                s.edit.crop = s.edit.crop.moved(dx * MOVE_STEP, dy * MOVE_STEP, px);
            }
        }
        if i.consume_key(Modifiers::NONE, Key::Plus) || i.consume_key(Modifiers::NONE, Key::Equals) {
            s.edit.crop = s.edit.crop.zoomed(ZOOM_STEP);
        }
        if i.consume_key(Modifiers::NONE, Key::Minus) {
            s.edit.crop = s.edit.crop.zoomed(1.0 / ZOOM_STEP);
        }
        if i.consume_key(Modifiers::NONE, Key::OpenBracket) {
            s.edit.crop = s.edit.crop.turned(-TURN_STEP);
        }
        if i.consume_key(Modifiers::NONE, Key::CloseBracket) {
            s.edit.crop = s.edit.crop.turned(TURN_STEP);
        }
        if i.consume_key(Modifiers::NONE, Key::B) {
            s.edit.whiten = !s.edit.whiten;
        }
        if i.consume_key(Modifiers::NONE, Key::N) {
            s.edit.no_retouch = !s.edit.no_retouch;
        }
        if i.consume_key(Modifiers::NONE, Key::R) {
            s.edit.crop = p.auto_crop;
        }
    });
    if approve {
        s.request_approval(p, commands);
    }
}

/// The output, enlarged to fit, with the spec's guides over it: drag to move, wheel to zoom.
fn editor(ui: &mut egui::Ui, lang: Lang, p: &Placed, s: &mut AdjustView, texture: &egui::TextureHandle) {
    let size = texture.size_vec2();
    let available = ui.available_size() - Vec2::new(0.0, 48.0);
    let scale = (available.x / size.x).min(available.y / size.y).clamp(0.5, MAX_VIEW_SCALE);
    let response = ui
        .vertical_centered(|ui| {
            ui.label(RichText::new(Label::AdjustDragHint.get(lang)).weak());
            ui.add(egui::Image::new((texture.id(), size * scale)).sense(Sense::click_and_drag()))
        })
        .inner;
    if response.dragged() {
        let d = response.drag_delta() / scale;
        s.edit.crop = s.edit.crop.moved(f64::from(d.x), f64::from(d.y), p.spec.px);
    }
    if response.hovered() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0 {
            s.edit.crop = s.edit.crop.zoomed((f64::from(scroll) * 0.001).exp());
        }
    }
    let asks = crate::domain::audit_checks::customer_hint(&p.rendered.processed.report.checks);
    let g = guides(&p.spec, p.rendered.face.as_ref()).or_hint(asks);
    super::capture::paint(ui.painter(), response.rect, &g);
    super::capture::hint(ui, lang, response.rect, &g);
}

fn side(
    ui: &mut egui::Ui,
    lang: Lang,
    p: &Placed,
    s: &mut AdjustView,
    texture: &egui::TextureHandle,
    commands: &mut Vec<Command>,
) {
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.heading(Label::AdjustTitle.get(lang));
        ui.horizontal(|ui| {
            let ready = s.up_to_date(p);
            if ui.add_enabled(ready, egui::Button::new(Label::Approve.get(lang))).clicked() {
                s.request_approval(p, commands);
            }
            if ui.button(Label::Retake.get(lang)).clicked() {
                commands.push(Command::Retake);
            }
        });
        ui.add_space(6.0);

        let mut turn = p.auto_crop.degrees - s.edit.crop.degrees;
        if ui
            .add(egui::Slider::new(&mut turn, -15.0..=15.0).step_by(0.5).text(Label::Rotate.get(lang)))
            .changed()
        {
            s.edit.crop.degrees = p.auto_crop.degrees - turn;
        }
        let a = &mut s.edit.adjustments;
        ui.add_enabled_ui(!s.edit.no_retouch, |ui| {
            ui.add(
                egui::Slider::new(&mut a.exposure_ev, -2.0..=2.0)
                    .step_by(0.1)
                    .text(Label::Exposure.get(lang)),
            );
            ui.add(
                egui::Slider::new(&mut a.contrast, -1.0..=1.0).step_by(0.05).text(Label::Contrast.get(lang)),
            );
            ui.add(
                egui::Slider::new(&mut a.temperature, -1.0..=1.0)
                    .step_by(0.05)
                    .text(Label::Temperature.get(lang)),
            );
            ui.add(egui::Slider::new(&mut a.tint, -1.0..=1.0).step_by(0.05).text(Label::Tint.get(lang)));
            ui.checkbox(&mut s.edit.whiten, Label::Whiten.get(lang));
        });
        ui.checkbox(&mut s.edit.no_retouch, Label::NoRetouch.get(lang));
        if ui.button(Label::ResetPlacement.get(lang)).clicked() {
            s.edit.crop = p.auto_crop;
        }
        ui.add_space(8.0);
        ui.strong(Label::Checks.get(lang));
        checks(ui, lang, &p.rendered.processed.report.checks);
        ui.add_space(8.0);
        // The output at its real pixel size.
        let report = &p.rendered.processed.report;
        let ppp = ui.ctx().pixels_per_point();
        ui.add(egui::Image::new((texture.id(), texture.size_vec2() / ppp)));
        ui.weak(format!(
            "{} · {}×{} mm · {}×{} px · {} KB · q{} · {} {} ms",
            Label::TrueSize.get(lang),
            p.spec.print_mm[0],
            p.spec.print_mm[1],
            report.output_px[0],
            report.output_px[1],
            report.bytes.div_ceil(1024),
            report.jpeg_quality,
            Label::RenderTook.get(lang),
            p.rendered.took.as_millis()
        ));
    });
}

/// One line per check (wrapping when long): verdict, what, measured value and allowed range; in
/// the order the operator acts on them (pose and expression, clothing and accessories, light,
/// then background and file).
fn checks(ui: &mut egui::Ui, lang: Lang, list: &[crate::domain::checks::CheckResult]) {
    let mut list: Vec<_> = list.iter().collect();
    list.sort_by_key(|c| crate::domain::audit_checks::list_order(c.id));
    for c in list {
        ui.horizontal_wrapped(|ui| {
            let (mark, colour) = status_mark(c.status);
            ui.colored_label(colour, RichText::new(mark.get(lang)).strong());
            let what = if c.message.is_empty() { c.id } else { c.message.get(lang) };
            ui.label(what);
            ui.label(
                RichText::new(crate::domain::i18n::punct(
                    lang,
                    format!("{}（{}）", c.measured.get(lang), c.allowed.get(lang)),
                ))
                .weak()
                .small(),
            );
        });
    }
}

/// A word, not a symbol: clearer at a glance, and the embedded font has no symbol block.
fn status_mark(status: CheckStatus) -> (Label, Color32) {
    match status {
        CheckStatus::Pass => (Label::CheckPass, Color32::from_rgb(40, 170, 80)),
        CheckStatus::Warn => (Label::CheckWarn, Color32::from_rgb(220, 160, 20)),
        CheckStatus::Fail => (Label::CheckFail, FAIL),
    }
}

const FAIL: Color32 = Color32::from_rgb(220, 50, 40);

fn reason_dialog(
    ctx: &egui::Context,
    lang: Lang,
    p: &Placed,
    s: &mut AdjustView,
    commands: &mut Vec<Command>,
) {
    let failing: Vec<String> = p.failing().iter().map(|c| c.line(lang)).collect();
    let mut open = true;
    let mut decided = None;
    // Enter and Esc belong to the dialog while it is open (the field keeps the keyboard).
    let (enter, escape) = ctx.input_mut(|i| {
        (i.consume_key(Modifiers::NONE, Key::Enter), i.consume_key(Modifiers::NONE, Key::Escape))
    });
    egui::Window::new(Label::ReasonTitle.get(lang))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut open)
        .show(ctx, |ui| {
            for message in &failing {
                ui.colored_label(FAIL, format!("● {message}"));
            }
            let label = ui.label(Label::ReasonHint.get(lang));
            let Some(reason) = s.reason.as_mut() else { return };
            let field = ui.add(egui::TextEdit::singleline(reason).desired_width(320.0)).labelled_by(label.id);
            if !field.has_focus() {
                field.request_focus();
            }
            let given = !reason.trim().is_empty();
            ui.horizontal(|ui| {
                let confirm = ui.add_enabled(given, egui::Button::new(Label::ReasonConfirm.get(lang)));
                if confirm.clicked() || (enter && given) {
                    decided = Some(true);
                }
                if ui.button(Label::Cancel.get(lang)).clicked() || escape {
                    decided = Some(false);
                }
            });
        });
    match decided {
        Some(true) => {
            let reason = s.reason.take().map(|r| r.trim().to_owned());
            commands.push(Command::Approve { reason });
        }
        Some(false) => s.reason = None,
        None if !open => s.reason = None,
        None => {}
    }
}
