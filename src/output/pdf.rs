//! Drawing on a PDF page in the studio's units: millimetres from the top-left corner, the embedded
//! CJK font (subset on save), JPEGs placed byte for byte at an exact size, Code 39 and QR codes as
//! vector bars and squares. The only module besides `receipt` and `sheet` that knows printpdf.
//!
//! The font is cut down here, not by printpdf: its `text_layout` feature (a whole HTML layout
//! engine, ≈ 180 s of a clean build's CPU time) is not compiled. On save, the characters the pages
//! use are looked up in the 6.7 MB font, those glyphs are subset with allsorts (which printpdf
//! depends on anyway), and the small font (tens of KB) is embedded whole.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::{
    Color, CurTransMat, DictItem, ExternalStream, ExternalXObject, FontId, Line, LineDashPattern, LinePoint,
    Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, Px, Rgb, TextItem, WindingOrder, XObjectId, XObjectTransform,
};

/// Why a PDF could not be drawn.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("内置字体无法读取")]
    Font,
    #[error("相片不是可用的 JPEG：{0}")]
    SourcePhoto(String),
    #[error("条码无法生成（{text}）：{message}")]
    Barcode { text: String, message: String },
    #[error("二维码无法生成：{0}")]
    Qr(String),
}

static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();

/// The embedded CJK font, parsed once per process.
fn font() -> Result<&'static ParsedFont, PdfError> {
    FONT.get_or_init(|| ParsedFont::from_bytes(crate::assets::CJK_FONT, 0, &mut Vec::new()))
        .as_ref()
        .ok_or(PdfError::Font)
}

/// Parses the font now (≈ tens of ms), so the first receipt at the counter does not pay for it.
pub fn preload_font() {
    let _ = font();
}

pub const BLACK: [f32; 3] = [0.0, 0.0, 0.0];
pub const GREY: [f32; 3] = [0.45, 0.45, 0.45];
pub const RED: [f32; 3] = [0.78, 0.1, 0.1];

fn colour([r, g, b]: [f32; 3]) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

fn pt(mm: f32) -> Pt {
    Mm(mm).into()
}

/// The font cut down to `chars` (and `.notdef`), parsed: the glyphs keep their outlines and widths,
/// the cmap maps exactly those characters. `None` when the font cannot be subset.
fn subset_font(full: &ParsedFont, chars: &BTreeSet<char>) -> Option<ParsedFont> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile, subset};
    let glyphs: BTreeSet<u16> =
        chars.iter().filter_map(|c| full.lookup_glyph_index(u32::from(*c))).filter(|g| *g != 0).collect();
    // .notdef first, then each glyph once (allsorts' requirements).
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    let file = ReadScope::new(crate::assets::CJK_FONT).read::<FontData<'_>>().ok()?;
    let provider = file.table_provider(0).ok()?;
    let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()?;
    ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
}

/// A document being drawn: its pages share the font and the placed photos.
pub struct Document {
    doc: PdfDocument,
    font_id: FontId,
    font: &'static ParsedFont,
    pages: Vec<PdfPage>,
    /// Every character drawn so far: the embedded font holds these.
    chars: BTreeSet<char>,
}

impl Document {
    pub fn new(title: &str) -> Result<Document, PdfError> {
        let font = font()?;
        // The font itself is added on save, cut down to the characters used.
        Ok(Document {
            doc: PdfDocument::new(title),
            font_id: FontId::new(),
            font,
            pages: Vec::new(),
            chars: BTreeSet::new(),
        })
    }

    /// Adds a JPEG as an image, unchanged (DCTDecode), so the printed photo is the approved file.
    pub fn add_jpeg(&mut self, jpeg: &[u8]) -> Result<XObjectId, PdfError> {
        use image::ImageDecoder;
        let decoder = image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(jpeg))
            .map_err(|e| PdfError::SourcePhoto(e.to_string()))?;
        let (w, h) = decoder.dimensions();
        let space = match decoder.color_type().channel_count() {
            1 => "DeviceGray",
            3 => "DeviceRGB",
            n => return Err(PdfError::SourcePhoto(format!("{n} 个颜色通道（只支持灰度和 RGB）"))),
        };
        let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
        let dict = [
            ("Type", name("XObject")),
            ("Subtype", name("Image")),
            ("Width", DictItem::Int(i64::from(w))),
            ("Height", DictItem::Int(i64::from(h))),
            ("ColorSpace", name(space)),
            ("BitsPerComponent", DictItem::Int(8)),
            ("Filter", name("DCTDecode")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let stream = ExternalStream { dict, content: jpeg.to_vec(), compress: false };
        Ok(self.doc.add_xobject(&ExternalXObject {
            stream,
            width: Some(Px(w as usize)),
            height: Some(Px(h as usize)),
            dpi: None,
        }))
    }

    pub fn page(&self, page_mm: [f32; 2], offset_mm: [f32; 2]) -> Canvas {
        Canvas {
            page_mm,
            offset: offset_mm,
            ops: Vec::new(),
            font_id: self.font_id.clone(),
            font: self.font,
            chars: BTreeSet::new(),
        }
    }

    pub fn push(&mut self, canvas: Canvas) {
        self.chars.extend(canvas.chars);
        self.pages.push(PdfPage::new(Mm(canvas.page_mm[0]), Mm(canvas.page_mm[1]), canvas.ops));
    }

    /// The finished PDF, its font cut down to the characters used.
    pub fn save(mut self) -> Result<Vec<u8>, PdfError> {
        if !self.chars.is_empty() {
            let font = subset_font(self.font, &self.chars).ok_or(PdfError::Font)?;
            self.doc.resources.fonts.map.insert(self.font_id.clone(), printpdf::PdfFont::new(font));
        }
        let pages = std::mem::take(&mut self.pages);
        let options = PdfSaveOptions { subset_fonts: false, ..PdfSaveOptions::default() };
        Ok(self.doc.with_pages(pages).save(&options, &mut Vec::new()))
    }
}

/// One page being drawn, in mm from the top-left corner. `offset` is the printer calibration: every
/// mark moves by it.
pub struct Canvas {
    page_mm: [f32; 2],
    offset: [f32; 2],
    ops: Vec<Op>,
    font_id: FontId,
    font: &'static ParsedFont,
    chars: BTreeSet<char>,
}

impl Canvas {
    pub fn size(&self) -> [f32; 2] {
        self.page_mm
    }

    fn point(&self, x: f32, y: f32) -> Point {
        Point { x: pt(x + self.offset[0]), y: pt(self.page_mm[1] - y - self.offset[1]) }
    }

    /// Width of `s` at `size` points, in mm.
    pub fn text_width(&self, s: &str, size: f32) -> f32 {
        let em = f32::from(self.font.units_per_em.max(1));
        let units: f32 = s
            .chars()
            .map(|c| {
                self.font
                    .lookup_glyph_index(c as u32)
                    .and_then(|g| self.font.get_glyph_width(g))
                    .map_or(em, f32::from)
            })
            .sum();
        units / em * size * 25.4 / 72.0
    }

    /// Text with its baseline `y` mm from the top.
    pub fn text(&mut self, x: f32, y: f32, size: f32, s: &str, rgb: [f32; 3]) {
        if s.is_empty() {
            return;
        }
        self.chars.extend(s.chars());
        let pos = self.point(x, y);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: colour(rgb) },
            Op::SetFont { font: PdfFontHandle::External(self.font_id.clone()), size: Pt(size) },
            Op::SetTextCursor { pos },
            Op::ShowText { items: vec![TextItem::Text(s.to_owned())] },
            Op::EndTextSection,
        ]);
    }

    pub fn text_centred(&mut self, centre_x: f32, y: f32, size: f32, s: &str, rgb: [f32; 3]) {
        let w = self.text_width(s, size);
        self.text(centre_x - w / 2.0, y, size, s, rgb);
    }

    pub fn text_right(&mut self, right: f32, y: f32, size: f32, s: &str, rgb: [f32; 3]) {
        let w = self.text_width(s, size);
        self.text(right - w, y, size, s, rgb);
    }

    /// Splits `s` into lines no wider than `width` mm (any character may end a line, as in Chinese;
    /// a run of Latin letters or digits is kept whole when it fits on a line).
    pub fn wrap(&self, s: &str, width: f32, size: f32) -> Vec<String> {
        wrap_with(s, |line| self.text_width(line, size) <= width)
    }

    /// Wrapped text from baseline `y`; returns the baseline after the last line.
    pub fn paragraph(&mut self, x: f32, y: f32, width: f32, size: f32, leading: f32, s: &str) -> f32 {
        let mut y = y;
        for line in self.wrap(s, width, size) {
            self.text(x, y, size, &line, BLACK);
            y += leading;
        }
        y
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, stroke_pt: f32) {
        self.path(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h)], true, stroke_pt, None, BLACK);
    }

    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), stroke_pt: f32, dash_mm: Option<[f32; 2]>) {
        self.path(&[from, to], false, stroke_pt, dash_mm, BLACK);
    }

    pub fn line_coloured(&mut self, from: (f32, f32), to: (f32, f32), stroke_pt: f32, rgb: [f32; 3]) {
        self.path(&[from, to], false, stroke_pt, None, rgb);
    }

    fn path(
        &mut self,
        points: &[(f32, f32)],
        closed: bool,
        stroke_pt: f32,
        dash_mm: Option<[f32; 2]>,
        rgb: [f32; 3],
    ) {
        let points = points.iter().map(|&(x, y)| LinePoint { p: self.point(x, y), bezier: false }).collect();
        let dash = match dash_mm {
            Some([on, off]) => LineDashPattern::new(0.0, &[pt(on).0, pt(off).0]),
            None => LineDashPattern::solid(),
        };
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: colour(rgb) },
            Op::SetOutlineThickness { pt: Pt(stroke_pt) },
            Op::SetLineDashPattern { dash },
            Op::DrawLine { line: Line { points, is_closed: closed } },
            Op::RestoreGraphicsState,
        ]);
    }

    /// Filled black rectangles (`x, y, w, h` in mm), all in one path.
    pub fn fill_rects(&mut self, rects: &[[f32; 4]], rgb: [f32; 3]) {
        if rects.is_empty() {
            return;
        }
        let rings = rects
            .iter()
            .map(|&[x, y, w, h]| PolygonRing {
                points: [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
                    .into_iter()
                    .map(|(px, py)| LinePoint { p: self.point(px, py), bezier: false })
                    .collect(),
            })
            .collect();
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetFillColor { col: colour(rgb) },
            Op::DrawPolygon {
                polygon: Polygon { rings, mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    /// Places an image so that it covers exactly `w × h` mm with its top-left corner at `(x, y)`.
    pub fn image(&mut self, id: &XObjectId, x: f32, y: f32, w: f32, h: f32) {
        let lower_left = self.point(x, y + h);
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetTransformationMatrix {
                matrix: CurTransMat::Raw([pt(w).0, 0.0, 0.0, pt(h).0, lower_left.x.0, lower_left.y.0]),
            },
            Op::UseXobject {
                id: id.clone(),
                transform: XObjectTransform { no_auto_scale: true, ..XObjectTransform::default() },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    /// A Code 39 barcode of `text`, `h` mm tall, narrow bar `module` mm and wide bars 2.5 narrow (the
    /// standard allows 2–3; 2.5 keeps it readable and short). Returns its width in mm.
    pub fn code39(&mut self, x: f32, y: f32, h: f32, module: f32, text: &str) -> Result<f32, PdfError> {
        let rects = code39_bars(text, module)?;
        let width = rects.last().map_or(0.0, |r| r[0] + r[2]);
        let rects: Vec<[f32; 4]> = rects.into_iter().map(|[bx, _, bw, _]| [x + bx, y, bw, h]).collect();
        self.fill_rects(&rects, BLACK);
        Ok(width)
    }

    /// A QR code of `text`, `size` mm square including its 4-module quiet zone.
    pub fn qr(&mut self, x: f32, y: f32, size: f32, text: &str) -> Result<(), PdfError> {
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
            .map_err(|e| PdfError::Qr(e.to_string()))?;
        let n = code.width();
        let module = size / (n + 8) as f32;
        let colours = code.to_colors();
        let mut rects = Vec::new();
        for (i, c) in colours.iter().enumerate() {
            if *c == qrcode::Color::Dark {
                let (col, row) = ((i % n) as f32, (i / n) as f32);
                // A hair of overlap so no white seams show between neighbouring modules.
                rects.push([
                    x + (col + 4.0) * module,
                    y + (row + 4.0) * module,
                    module + 0.01,
                    module + 0.01,
                ]);
            }
        }
        self.fill_rects(&rects, BLACK);
        Ok(())
    }
}

/// Bars of a Code 39 symbol (start and stop `*` included) as `[x, 0, w, 0]` in mm from its left edge.
pub fn code39_bars(text: &str, module: f32) -> Result<Vec<[f32; 4]>, PdfError> {
    const WIDE: f32 = 2.5;
    let err = |message: String| PdfError::Barcode { text: text.to_owned(), message };
    let code = barcoders::sym::code39::Code39::new(text).map_err(|e| err(e.to_string()))?;
    // barcoders encodes narrow as one module and wide as two; widen wide elements to 2.5.
    let modules = code.encode();
    let mut rects = Vec::new();
    let mut x = 0.0;
    let mut i = 0;
    while i < modules.len() {
        let bit = modules[i];
        let run = modules[i..].iter().take_while(|&&m| m == bit).count();
        let w = match run {
            1 => module,
            2 => module * WIDE,
            n => return Err(err(format!("unexpected run of {n} modules"))),
        };
        if bit == 1 {
            rects.push([x, 0.0, w, 0.0]);
        }
        x += w;
        i += run;
    }
    Ok(rects)
}

/// Splits `s` into lines that `fits` (any character may end a line, as in Chinese; a run of Latin
/// letters or digits is kept whole when it fits on a line; no line starts with a closing mark).
pub fn wrap_with(s: &str, fits: impl Fn(&str) -> bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in words(s) {
        let candidate = format!("{line}{word}");
        if line.is_empty() || fits(&candidate) {
            line = candidate;
            continue;
        }
        lines.push(std::mem::take(&mut line));
        line = word.trim_start().to_owned();
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Words for wrapping: runs of ASCII letters/digits stay together, everything else is one char.
/// Punctuation that never starts a line (Chinese line-breaking rules) and that never ends one.
const CLOSING: &str = "。，、；：？！）》」』】〕”’.,;:!?)%";
const OPENING: &str = "（《「『【〔“‘(";

fn words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut ascii_run = String::new();
    let mut opening = String::new();
    let push = |out: &mut Vec<String>, opening: &mut String, word: String| {
        out.push(format!("{}{word}", std::mem::take(opening)));
    };
    for c in s.chars() {
        if c.is_ascii_alphanumeric()
            || (c.is_ascii_punctuation() && !ascii_run.is_empty() && !CLOSING.contains(c))
        {
            ascii_run.push(c);
            continue;
        }
        if !ascii_run.is_empty() {
            push(&mut out, &mut opening, std::mem::take(&mut ascii_run));
        }
        if CLOSING.contains(c)
            && let Some(last) = out.last_mut()
        {
            last.push(c);
        } else if OPENING.contains(c) {
            opening.push(c);
        } else {
            push(&mut out, &mut opening, c.to_string());
        }
    }
    if !ascii_run.is_empty() {
        push(&mut out, &mut opening, ascii_run);
    }
    if !opening.is_empty() {
        out.push(opening);
    }
    out
}

impl crate::domain::i18n::Bilingual for PdfError {
    fn en(&self) -> String {
        match self {
            PdfError::Font => "The built-in font cannot be read".into(),
            PdfError::SourcePhoto(e) => format!("The photo is not a usable JPEG: {e}"),
            PdfError::Barcode { text, message } => format!("The barcode cannot be made ({text}): {message}"),
            PdfError::Qr(e) => format!("The QR code cannot be made: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code39_has_wide_bars_two_and_a_half_narrow() {
        let bars = code39_bars("A1", 0.3).expect("bars");
        // *A1*: 4 characters × 5 bars.
        assert_eq!(bars.len(), 20);
        let widths: Vec<f32> = bars.iter().map(|b| (b[2] * 100.0).round() / 100.0).collect();
        assert!(widths.iter().all(|&w| w == 0.3 || w == 0.75), "{widths:?}");
        // 4 characters × (3 wide + 6 narrow) elements + 3 gaps, in modules: 4 × 13.5 + 3 = 57.
        let total = bars.last().map(|b| b[0] + b[2]).unwrap_or(0.0);
        assert!((total - 57.0 * 0.3).abs() < 1e-3, "{total}");
        assert!(code39_bars("abc", 0.3).is_err(), "lower case is not Code 39");
    }

    #[test]
    fn words_keep_numbers_whole() {
        assert_eq!(words("图像号ZZ123至2027年"), ["图", "像", "号", "ZZ123", "至", "2027", "年"]);
        // No line starts with a closing mark or ends with an opening one.
        assert_eq!(words("（至2027年1月）。"), ["（至", "2027", "年", "1", "月）。"]);
        assert_eq!(words("电话：0755-8888。"), ["电", "话：", "0755-8888。"]);
    }
}
