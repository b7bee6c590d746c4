//! Fonts and look: the embedded CJK font (no dependence on fonts installed on the machine) and a
//! calm light theme with counter-sized text.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily, FontId, TextStyle};

use crate::assets::CJK_FONT;
const CJK_FONT_NAME: &str = "noto_sans_cjk_sc";

/// The font definitions the app uses: the CJK font first for text, as fallback for monospace.
pub fn font_definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(CJK_FONT_NAME.to_owned(), Arc::new(FontData::from_static(CJK_FONT)));
    fonts.families.entry(FontFamily::Proportional).or_default().insert(0, CJK_FONT_NAME.to_owned());
    fonts.families.entry(FontFamily::Monospace).or_default().push(CJK_FONT_NAME.to_owned());
    fonts
}

/// Installs fonts and text sizes on a context.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::proportional(22.0)),
            (TextStyle::Body, FontId::proportional(16.0)),
            (TextStyle::Button, FontId::proportional(16.0)),
            (TextStyle::Small, FontId::proportional(13.0)),
            (TextStyle::Monospace, FontId::monospace(15.0)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        style.spacing.button_padding = egui::vec2(10.0, 5.0);
    });
}
