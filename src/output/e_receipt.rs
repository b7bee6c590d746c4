//! 电子回执: the receipt for the customer's phone, as a PNG about 1,080 px wide, portrait.
//!
//! Same words as the printed receipt (`domain::receipt::Receipt`): title, the image number as
//! text with its Code 39 barcode and a QR code, the photo, the 相片基本信息, the instruction with
//! the validity, the studio and the stub's lines. It is laid out for a phone screen instead of
//! paper. Drawn with the libraries egui already builds: skrifa for glyph outlines and vello_cpu to
//! rasterise them and the bars. The barcodes are sized to decode from a phone screenshot (tested
//! with zbarimg at 2/3 scale).
//!
//! The receipt's text is also written into the PNG's `Description` chunk. Tests can then compare
//! it with the order, and a phone's gallery search finds the number.

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use vello_cpu::kurbo::{Affine, BezPath, Rect};
use vello_cpu::{Pixmap, RenderContext, Resources, color};

use crate::domain::receipt::Receipt;

/// Width of the image, px.
pub const WIDTH: u32 = 1080;
const MARGIN: f64 = 60.0;
/// The tallest receipt drawn; the image is cut to what was used.
const MAX_HEIGHT: u16 = 3200;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EReceiptError {
    #[error("内置字体无法读取")]
    Font,
    #[error("相片不是可用的 JPEG：{0}")]
    SourcePhoto(String),
    #[error(transparent)]
    Code(#[from] super::pdf::PdfError),
    #[error("电子回执图片无法生成：{0}")]
    Png(String),
}

type Rgb = [u8; 3];
const BLACK: Rgb = [0, 0, 0];
const GREY: Rgb = [110, 110, 110];
const RED: Rgb = [200, 26, 26];

/// A canvas that draws text with the embedded CJK font.
struct Painter<'f> {
    ctx: RenderContext,
    font: skrifa::FontRef<'f>,
    charmap: skrifa::charmap::Charmap<'f>,
    outlines: skrifa::outline::OutlineGlyphCollection<'f>,
}

/// Collects a glyph outline into a path, y pointing down, placed at `origin`.
struct Pen<'p> {
    path: &'p mut BezPath,
    origin: (f64, f64),
}

impl Pen<'_> {
    fn at(&self, x: f32, y: f32) -> (f64, f64) {
        (self.origin.0 + f64::from(x), self.origin.1 - f64::from(y))
    }
}

impl skrifa::outline::OutlinePen for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.path.move_to(p);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.path.line_to(p);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let (c, p) = (self.at(cx0, cy0), self.at(x, y));
        self.path.quad_to(c, p);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let (c0, c1, p) = (self.at(cx0, cy0), self.at(cx1, cy1), self.at(x, y));
        self.path.curve_to(c0, c1, p);
    }
    fn close(&mut self) {
        self.path.close_path();
    }
}

impl<'f> Painter<'f> {
    fn new(font_bytes: &'f [u8]) -> Result<Painter<'f>, EReceiptError> {
        let font = skrifa::FontRef::new(font_bytes).map_err(|_| EReceiptError::Font)?;
        let mut ctx = RenderContext::new(WIDTH as u16, MAX_HEIGHT);
        ctx.set_paint(color::OpaqueColor::<color::Srgb>::WHITE);
        ctx.fill_rect(&Rect::new(0.0, 0.0, f64::from(WIDTH), f64::from(MAX_HEIGHT)));
        Ok(Painter { ctx, charmap: font.charmap(), outlines: font.outline_glyphs(), font })
    }

    fn paint(&mut self, [r, g, b]: Rgb) {
        self.ctx.set_paint(color::OpaqueColor::<color::Srgb>::from_rgb8(r, g, b));
    }

    fn width(&self, s: &str, size: f32) -> f64 {
        let metrics = self.font.glyph_metrics(Size::new(size), LocationRef::default());
        s.chars()
            .map(|c| {
                let id = self.charmap.map(c).unwrap_or_default();
                f64::from(metrics.advance_width(id).unwrap_or(size))
            })
            .sum()
    }

    /// `s` with its baseline at `y`, starting at `x`.
    fn text(&mut self, x: f64, y: f64, size: f32, s: &str, rgb: Rgb) {
        let metrics = self.font.glyph_metrics(Size::new(size), LocationRef::default());
        let mut path = BezPath::new();
        let mut pen_x = x;
        for c in s.chars() {
            let id = self.charmap.map(c).unwrap_or_default();
            if let Some(glyph) = self.outlines.get(id) {
                let mut pen = Pen { path: &mut path, origin: (pen_x, y) };
                let settings =
                    skrifa::outline::DrawSettings::unhinted(Size::new(size), LocationRef::default());
                // A glyph that cannot be drawn is left out; the rest of the line stays.
                let _ = glyph.draw(settings, &mut pen);
            }
            pen_x += f64::from(metrics.advance_width(id).unwrap_or(size));
        }
        self.paint(rgb);
        self.ctx.fill_path(&path);
    }

    fn centred(&mut self, y: f64, size: f32, s: &str, rgb: Rgb) {
        let w = self.width(s, size);
        self.text((f64::from(WIDTH) - w) / 2.0, y, size, s, rgb);
    }

    /// Wrapped text from baseline `y` within the margins; returns the baseline after the last line.
    fn paragraph(&mut self, y: f64, size: f32, s: &str, rgb: Rgb) -> f64 {
        let width = f64::from(WIDTH) - 2.0 * MARGIN;
        let lines = super::pdf::wrap_with(s, |t| self.width(t, size) <= width);
        let mut y = y;
        for line in lines {
            self.text(MARGIN, y, size, &line, rgb);
            y += f64::from(size) * 1.55;
        }
        y
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, rgb: Rgb) {
        self.paint(rgb);
        self.ctx.fill_rect(&Rect::new(x, y, x + w, y + h));
    }
}

/// The Code 39 symbol of `text`, centred, `h` px tall from `y`, its characters spaced out under it;
/// returns the y below them.
fn barcode(p: &mut Painter<'_>, y: f64, h: f64, text: &str) -> Result<f64, EReceiptError> {
    let max = f64::from(WIDTH) - 2.0 * MARGIN;
    let units = super::pdf::code39_bars(text, 1.0)?.last().map_or(1.0, |b| f64::from(b[0] + b[2]));
    // Whole pixels per narrow bar read best from a screenshot; 3 px fits any 18-character number.
    let module = (max / units).min(4.0).floor().max(1.0);
    let bars = super::pdf::code39_bars(text, module as f32)?;
    let x0 = ((f64::from(WIDTH) - units * module) / 2.0).round();
    for b in bars {
        p.rect(x0 + f64::from(b[0]), y, f64::from(b[2]), h, BLACK);
    }
    let spaced: String = text.chars().map(|c| c.to_string()).collect::<Vec<_>>().join(" ");
    p.centred(y + h + 40.0, 30.0, &spaced, BLACK);
    Ok(y + h + 60.0)
}

/// A QR code of `text`, `size` px square (quiet zone included) with its top left at (x, y).
fn qr(p: &mut Painter<'_>, x: f64, y: f64, size: f64, text: &str) -> Result<(), EReceiptError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| super::pdf::PdfError::Qr(e.to_string()))?;
    let n = code.width();
    let module = (size / (n + 8) as f64).floor().max(1.0);
    let origin = (x + (size - module * n as f64) / 2.0, y + (size - module * n as f64) / 2.0);
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (col, row) = ((i % n) as f64, (i / n) as f64);
            p.rect(origin.0 + col * module, origin.1 + row * module, module, module, BLACK);
        }
    }
    Ok(())
}

/// The receipt's text, one line each, as written into the PNG (and compared by the tests).
pub fn text_of(r: &Receipt) -> String {
    let mut lines =
        vec![r.title.clone(), format!("相片图像号：{}", r.image_number), format!("条码：{}", r.barcode)];
    lines.extend(r.qr.iter().map(|q| format!("二维码：{q}")));
    lines.extend(r.info.iter().map(|(k, v)| format!("{k}：{v}")));
    lines.push(r.instruction.clone());
    lines.push(format!("有效期至 {}", r.valid_until.format("%Y-%m-%d")));
    lines.push(format!("采集服务单位：{}", r.studio));
    lines.extend(r.stub.iter().cloned());
    lines.join("\n")
}

/// An electronic receipt drawn: the image (put on the clipboard as it is) and its words (the PNG's
/// text chunk).
pub struct Drawn {
    pub image: image::RgbImage,
    pub text: String,
}

impl Drawn {
    /// The PNG a file or a phone gets.
    pub fn png(&self) -> Result<Vec<u8>, EReceiptError> {
        encode_png(&self.image, &self.text)
    }
}

/// Draws the electronic receipt of `r` with its photo `jpeg`; returns the PNG.
pub fn e_receipt_png(r: &Receipt, jpeg: &[u8]) -> Result<Vec<u8>, EReceiptError> {
    draw(r, jpeg)?.png()
}

/// Draws the electronic receipt of `r` with its photo `jpeg`.
pub fn draw(r: &Receipt, jpeg: &[u8]) -> Result<Drawn, EReceiptError> {
    let photo = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .map_err(|e| EReceiptError::SourcePhoto(e.to_string()))?
        .to_rgb8();
    let mut p = Painter::new(crate::assets::CJK_FONT)?;
    // A coloured band on top says at a glance that this is a receipt, not a photo.
    p.rect(0.0, 0.0, f64::from(WIDTH), 14.0, [31, 111, 178]);
    let mut y = 110.0;
    for line in super::pdf::wrap_with(&r.title, |t| p.width(t, 44.0) <= f64::from(WIDTH) - 2.0 * MARGIN) {
        p.centred(y, 44.0, &line, BLACK);
        y += 64.0;
    }
    p.centred(y, 30.0, "电子回执（与纸质回执内容相同）", RED);
    y += 70.0;
    p.centred(y, 30.0, "相片图像号", GREY);
    y += 76.0;
    p.centred(y, 60.0, &r.image_number, BLACK);
    y += 50.0;
    y = barcode(&mut p, y, 170.0, &r.barcode)?;
    // The photo at the left, the QR code at the right, side by side.
    let box_h = 420.0_f64;
    let scale = box_h / f64::from(photo.height().max(1));
    let (pw, ph) = ((f64::from(photo.width()) * scale).round(), box_h);
    let photo_at = (MARGIN + 40.0, y);
    qr(
        &mut p,
        f64::from(WIDTH) - MARGIN - 40.0 - box_h,
        y,
        box_h,
        r.qr.as_deref().unwrap_or(&r.image_number),
    )?;
    y += box_h + 70.0;
    for (k, v) in &r.info {
        p.text(MARGIN, y, 30.0, &format!("{k}：{v}"), BLACK);
        y += 48.0;
    }
    y += 12.0;
    y = p.paragraph(y, 30.0, &r.instruction, BLACK);
    y += 20.0;
    p.centred(y, 36.0, &format!("有效期至 {}", r.valid_until.format("%Y-%m-%d")), RED);
    y += 64.0;
    y = p.paragraph(y, 30.0, &format!("采集服务单位：{}", r.studio), BLACK);
    p.rect(MARGIN, y - 10.0, f64::from(WIDTH) - 2.0 * MARGIN, 2.0, GREY);
    y += 40.0;
    for line in &r.stub {
        y = p.paragraph(y, 26.0, line, GREY);
    }
    let height = ((y + 40.0).ceil() as u32).min(u32::from(MAX_HEIGHT));
    let mut pixmap = Pixmap::new(WIDTH as u16, MAX_HEIGHT);
    p.ctx.set_transform(Affine::IDENTITY);
    p.ctx.render(&mut pixmap, &mut Resources::new());
    // Opaque throughout (a white page), so premultiplied RGBA is plain RGB.
    let mut canvas = image::RgbImage::from_fn(WIDTH, height, |x, y| {
        let i = 4 * (y as usize * WIDTH as usize + x as usize);
        let px = &pixmap.data_as_u8_slice()[i..i + 3];
        image::Rgb([px[0], px[1], px[2]])
    });
    let resized =
        image::imageops::resize(&photo, pw as u32, ph as u32, image::imageops::FilterType::CatmullRom);
    image::imageops::replace(&mut canvas, &resized, photo_at.0 as i64, photo_at.1 as i64);
    Ok(Drawn { image: canvas, text: text_of(r) })
}

/// PNG with the receipt's text in an international text chunk (`iTXt`, UTF-8).
fn encode_png(img: &image::RgbImage, description: &str) -> Result<Vec<u8>, EReceiptError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, img.width(), img.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .add_itxt_chunk("Description".to_owned(), description.to_owned())
            .map_err(|e| EReceiptError::Png(e.to_string()))?;
        let mut writer = encoder.write_header().map_err(|e| EReceiptError::Png(e.to_string()))?;
        writer.write_image_data(img.as_raw()).map_err(|e| EReceiptError::Png(e.to_string()))?;
    }
    Ok(out)
}

impl crate::domain::i18n::Bilingual for EReceiptError {
    fn en(&self) -> String {
        match self {
            EReceiptError::Font => "The built-in font cannot be read".into(),
            EReceiptError::SourcePhoto(e) => format!("The photo is not a usable JPEG: {e}"),
            EReceiptError::Code(e) => e.en(),
            EReceiptError::Png(e) => format!("The e-receipt image cannot be made: {e}"),
        }
    }
}
