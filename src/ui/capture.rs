//! 拍摄 (capture): the live preview with the chosen spec's guides (output frame, crown band, eye
//! band, chin line, centre line, face-width marks), each green or red from the live face analysis,
//! and a short hint saying what to change.

use egui::{Color32, Pos2, Rect, Stroke, Vec2};

use crate::app::{Command, StudioApp};
use crate::domain::geometry::Affine;
use crate::domain::guides::{GuideState, Guides, guides};
use crate::domain::{PhotoSpec, T};
use crate::vision::Point;

/// The output frame's height as a share of the preview's height.
const FRAME_HEIGHT: f32 = 0.8;
/// The default spec (the commonest receipt at a Guangdong counter).
pub const DEFAULT_SPEC: &str = "gd-shenzhen-id-card";

pub struct CaptureScreen {
    pub spec_id: String,
}

impl Default for CaptureScreen {
    fn default() -> Self {
        CaptureScreen { spec_id: DEFAULT_SPEC.to_owned() }
    }
}

pub fn show(ui: &mut egui::Ui, app: &StudioApp, commands: &mut Vec<Command>) {
    let lang = app.lang;
    let spec = app.catalogue.get(&app.capture.spec_id).or_else(|| app.catalogue.specs().first());
    ui.horizontal(|ui| {
        let current = spec.map_or_else(String::new, |s| s.display_name(lang));
        let picker = egui::ComboBox::new("capture_spec", T::CaptureSpec.get(lang));
        picker.selected_text(current).width(260.0).show_ui(ui, |ui| {
            for s in app.catalogue.specs() {
                let selected = Some(s.id.as_str()) == spec.map(|s| s.id.as_str());
                if ui.selectable_label(selected, s.display_name(lang)).clicked() {
                    commands.push(Command::ChooseSpec(s.id.clone()));
                }
            }
        });
        ui.label(T::CameraDemoHint.get(lang));
    });
    let Some(texture) = &app.preview else {
        ui.centered_and_justified(|ui| {
            ui.label(T::CameraNoFrame.get(lang));
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
    // The face measured on the newest analysed frame, in this frame's output pixels.
    let live = app.live.as_ref().filter(|l| [l.frame_px[0] as f32, l.frame_px[1] as f32] == [size.x, size.y]);
    let face =
        live.and_then(|l| l.face.as_ref()).map(|a| a.placed(frame_to_output(image_rect, scale, frame, spec)));
    let g = guides(spec, face.as_ref());
    paint(ui.painter(), frame, &g);
    if let Some(a) = live.and_then(|l| l.face.as_ref()) {
        let dot = |p: Point| image_rect.min + Vec2::new(p.x, p.y) * scale;
        for p in [a.right_eye, a.left_eye, a.chin].into_iter().chain(a.crown) {
            ui.painter().circle_filled(dot(p), 3.0, Color32::YELLOW);
        }
    }
    let hint_colour =
        if g.hint.is_none() { Color32::from_rgb(40, 200, 90) } else { Color32::from_rgb(240, 70, 60) };
    // A real label (not painted text), so screen readers and the UI tests see the hint.
    let hint = egui::RichText::new(g.hint_text(lang)).size(22.0).color(hint_colour).strong();
    let at = Rect::from_center_size(
        Pos2::new(image_rect.center().x, image_rect.bottom() - 24.0),
        Vec2::new(image_rect.width(), 32.0),
    );
    ui.put(at, egui::Label::new(hint));
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

fn paint(painter: &egui::Painter, frame: Rect, g: &Guides) {
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
