//! The embedded CJK font covers what customer names and the interface need, with no system fonts.

use egui::epaint::text::{Fonts, TextOptions};
use egui::{FontDefinitions, FontFamily, FontId};
use idphoto_studio::domain::Label;
use idphoto_studio::ui::theme;

/// Name characters GB2312 lacks, and the punctuation receipts and prices use.
const NAME_CHARS: &str = "玥瑄祎珺晞堃喆旻彧垚䶮";
const PUNCTUATION: &str = "·—…“”‘’¥×（）：，。、";

fn fonts(definitions: FontDefinitions) -> Fonts {
    // Fonts::new never asks the system for fonts: only the definitions given are used.
    Fonts::new(TextOptions::default(), definitions)
}

fn missing(fonts: &mut Fonts, text: impl IntoIterator<Item = char>) -> Vec<char> {
    let font = FontId::new(16.0, FontFamily::Proportional);
    text.into_iter().filter(|c| !fonts.has_glyph(&font, *c)).collect()
}

#[test]
fn names_punctuation_and_every_unified_ideograph_are_covered() {
    let mut fonts = fonts(theme::font_definitions());
    assert_eq!(missing(&mut fonts, NAME_CHARS.chars()), Vec::<char>::new());
    assert_eq!(missing(&mut fonts, PUNCTUATION.chars()), Vec::<char>::new());
    // The whole CJK Unified Ideographs block as of Unicode 12 (U+4E00–U+9FEF).
    let block = ('\u{4e00}'..='\u{9fef}').collect::<Vec<_>>();
    let gaps = missing(&mut fonts, block.iter().copied());
    assert!(gaps.is_empty(), "{} ideographs missing, first {:?}", gaps.len(), &gaps[..gaps.len().min(10)]);
}

#[test]
fn every_label_of_the_translation_table_renders() {
    let mut fonts = fonts(theme::font_definitions());
    for t in Label::ALL {
        for text in [t.zh(), t.en()] {
            assert_eq!(missing(&mut fonts, text.chars()), Vec::<char>::new(), "{t:?}: {text}");
        }
    }
}

#[test]
fn without_the_embedded_font_the_check_fails() {
    // egui's own default fonts have no CJK: the coverage above comes from our font alone.
    let mut fonts = fonts(FontDefinitions::default());
    assert_eq!(missing(&mut fonts, "玥照".chars()), vec!['玥', '照']);
}
