//! What shows over every screen: the scanner's flash after an attach (平台编号), and 扫码领取's QR
//! code for the customer's phone.

use egui::{Color32, RichText, TextureOptions};

use crate::counter::{Command, View};
use crate::domain::Label;

/// How long the window flashes after an attach (the scanner's "beep").
pub const FLASH_S: f64 = 1.5;

/// The flash after an attach: what happened, and until when it shows (egui time; `NAN` until the
/// first frame that shows it).
#[derive(Clone, Debug, PartialEq)]
pub struct Flash {
    pub ok: bool,
    pub text: String,
    pub until: f64,
}

/// The QR code on screen for one 扫码领取 link.
pub struct SharePanel {
    pub number: String,
    pub how: crate::services::handover::HandOver,
    pub link: crate::services::share::Link,
    pub qr: std::sync::Arc<egui::ColorImage>,
    pub texture: Option<egui::TextureHandle>,
    /// The customer's phone has downloaded it.
    pub downloaded: bool,
}

/// The scanner's "beep": the window's edge flashes green (attached) or red (refused) for a moment,
/// with what happened in large type, wherever the operator is.
pub fn flash(ctx: &egui::Context, flash: &mut Option<Flash>) {
    let Some(f) = flash else { return };
    let now = ctx.input(|i| i.time);
    if f.until.is_nan() {
        f.until = now + FLASH_S;
    }
    if now > f.until {
        *flash = None;
        return;
    }
    let colour = if f.ok { Color32::from_rgb(30, 170, 70) } else { Color32::from_rgb(220, 40, 40) };
    let screen = ctx.content_rect();
    let painter =
        ctx.layer_painter(egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("attach_flash")));
    painter.rect_stroke(screen.shrink(4.0), 0.0, egui::Stroke::new(8.0, colour), egui::StrokeKind::Inside);
    egui::Area::new(egui::Id::unique("attach_flash_text"))
        .order(egui::Order::Foreground)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        .show(ctx, |ui| {
            egui::Frame::new().fill(colour).inner_margin(12.0).corner_radius(6.0).show(ui, |ui| {
                ui.label(RichText::new(&f.text).size(22.0).color(Color32::WHITE));
            });
        });
    ctx.request_repaint();
}

/// 扫码领取: the link's QR code, large enough to scan from across the counter, until closed.
pub fn share_panel(
    ctx: &egui::Context,
    panel: &mut Option<SharePanel>,
    view: &View,
    commands: &mut Vec<Command>,
) {
    let lang = view.lang;
    let Some(panel) = panel else { return };
    let texture = panel
        .texture
        .get_or_insert_with(|| ctx.load_texture("share_qr", panel.qr.clone(), TextureOptions::NEAREST))
        .clone();
    let left = panel.link.expires.saturating_duration_since(std::time::Instant::now()).as_secs();
    egui::Window::new(Label::ShareTitle.get(lang))
        .id(egui::Id::unique("share_panel"))
        .collapsible(false)
        .show(ctx, |ui| {
            let what = if panel.how == crate::services::handover::HandOver::SharePhoto {
                Label::EPhotoLine
            } else {
                Label::EReceipt
            };
            ui.strong(format!("{} {}", what.get(lang), panel.number));
            if panel.downloaded {
                ui.colored_label(
                    Color32::from_rgb(30, 150, 60),
                    RichText::new(Label::ShareDownloaded.get(lang)).size(22.0),
                );
            } else {
                let side = 360.0;
                ui.add(egui::Image::new((texture.id(), egui::vec2(side, side))));
                ui.label(Label::ShareHint.get(lang));
                if panel.link.url.starts_with("http://127.") {
                    // No network: the phone could not reach it; said rather than left to puzzle over.
                    ui.colored_label(ui.visuals().warn_fg_color, Label::ShareNoNetwork.get(lang));
                }
                ui.label(format!("{} {}:{:02}", Label::ShareExpiresIn.get(lang), left / 60, left % 60));
            }
            ui.monospace(&panel.link.url);
            if ui.button(Label::Close.get(lang)).clicked() {
                commands.push(Command::CloseShare);
            }
        });
    // The countdown moves.
    ctx.request_repaint_after(std::time::Duration::from_secs(1));
}
