//! The receipt PDF: the half-A4 form (on an A4 sheet, with its stub below the cut line) and the 80 mm
//! thermal-roll version. What it says comes from `domain::receipt`; this file only places it.

use super::pdf::{BLACK, Canvas, Document, GREY, PdfError, RED};
pub use crate::domain::receipt::ReceiptLayout;
use crate::domain::receipt::{CUT_LINE, IdLine, Receipt, reprint_mark};

/// The stub's heading: the customer keeps it until the document is issued.
const STUB_HEADING: &str = "回执存根（顾客保留）";
/// The blank a customer writes a name in.
const NAME_BLANK: &str = "____________先生 / 女士";

/// Where the pieces of a receipt ended up, in mm from the page's top-left corner (for tests and for
/// the printer's media size).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReceiptGeometry {
    pub page_mm: [f32; 2],
    /// Photo: x, y, w, h.
    pub photo: [f32; 4],
    /// Reprint mark: x, y, w, h (zero when not a reprint).
    pub mark: [f32; 4],
    /// The dashed cut line above the stub.
    pub cut_y: f32,
}

/// Draws `receipt` with `photo_jpeg` at its exact printed size. `offset_mm` is the printer
/// calibration from the settings.
pub fn receipt_pdf(
    receipt: &Receipt,
    photo_jpeg: &[u8],
    layout: ReceiptLayout,
    offset_mm: [f32; 2],
) -> Result<(Vec<u8>, ReceiptGeometry), PdfError> {
    let mut doc = Document::new(&format!("{} {}", receipt.title, receipt.image_number))?;
    let photo = doc.add_jpeg(photo_jpeg)?;
    let (canvas, geometry) = match layout {
        ReceiptLayout::HalfA4 => half_a4(&doc, receipt, &photo, offset_mm)?,
        ReceiptLayout::Thermal80 => thermal(&doc, receipt, &photo, offset_mm)?,
    };
    doc.push(canvas);
    Ok((doc.save()?, geometry))
}

const BARCODE_MODULE_MAX: f32 = 0.33;
const WIDE_RATIO: f32 = 2.5;

/// Narrow-bar width that fits a Code 39 symbol of `text` into `width` mm with quiet zones.
fn barcode_module(text: &str, width: f32) -> f32 {
    let chars = text.chars().count() as f32 + 2.0;
    let modules = chars * (3.0 * WIDE_RATIO + 6.0) + (chars - 1.0) + 20.0;
    (width / modules).min(BARCODE_MODULE_MAX)
}

/// The barcode with its text below, centred in `[x, x + width]`; returns the y below it.
fn barcode_block(c: &mut Canvas, x: f32, y: f32, width: f32, h: f32, text: &str) -> Result<f32, PdfError> {
    let module = barcode_module(text, width);
    let symbol = super::pdf::code39_bars(text, module)?.last().map_or(0.0, |r| r[0] + r[2]);
    c.code39(x + (width - symbol) / 2.0, y, h, module, text)?;
    let spaced: String = text.chars().map(|ch| ch.to_string()).collect::<Vec<_>>().join(" ");
    c.text_centred(x + width / 2.0, y + h + 4.0, 9.0, &spaced, BLACK);
    Ok(y + h + 6.0)
}

/// `label：value` rows; returns the y below them.
fn rows(
    c: &mut Canvas,
    x: f32,
    y: f32,
    width: f32,
    size: f32,
    leading: f32,
    rows: &[(String, String)],
) -> f32 {
    let mut y = y;
    for (label, value) in rows {
        let label = format!("{label}：");
        let lw = c.text_width(&label, size);
        c.text(x, y, size, &label, GREY);
        for line in c.wrap(value, width - lw, size) {
            c.text(x + lw, y, size, &line, BLACK);
            y += leading;
        }
    }
    y
}

/// `____先生 / 女士  原身份证号码：____`: the number printed where the template prints it, else a
/// line to write on. Returns the y below it.
fn id_line(c: &mut Canvas, x: f32, y: f32, right: f32, size: f32, line: &IdLine) -> f32 {
    c.text(x, y, size, NAME_BLANK, BLACK);
    let label = format!("{}：", line.label);
    let lx = x + c.text_width(NAME_BLANK, size) + size * 0.4;
    c.text(lx, y, size, &label, BLACK);
    let vx = lx + c.text_width(&label, size);
    match &line.number {
        Some(n) => c.text(vx, y, size, n, BLACK),
        None => c.line((vx, y + 1.2), (right, y + 1.2), 0.4, None),
    }
    y + size * 0.6
}

/// The stub's lines; returns the y below them.
fn stub_lines(c: &mut Canvas, x: f32, y: f32, width: f32, size: f32, leading: f32, lines: &[String]) -> f32 {
    let mut y = y;
    for line in lines {
        // `相片图像号：…    采集时间：…` on two lines where one is too narrow for it.
        let parts: Vec<&str> =
            if c.text_width(line, size) > width { line.split("    ").collect() } else { vec![line.as_str()] };
        for part in parts {
            y = c.paragraph(x, y, width, size, leading, part.trim());
        }
    }
    y
}

/// The largest size ≤ `size` at which `s` fits in `width`.
fn fit(c: &Canvas, s: &str, size: f32, width: f32) -> f32 {
    let w = c.text_width(s, size);
    if w <= width { size } else { size * width / w }
}

fn mark(c: &mut Canvas, right: f32, top: f32, n: u32) -> [f32; 4] {
    let s = reprint_mark(n);
    let w = c.text_width(&s, 11.0) + 4.0;
    let (x, h) = (right - w, 7.0);
    c.text(x + 2.0, top + 5.2, 11.0, &s, RED);
    c.line_coloured((x, top), (x + w, top), 0.8, RED);
    c.line_coloured((x + w, top), (x + w, top + h), 0.8, RED);
    c.line_coloured((x + w, top + h), (x, top + h), 0.8, RED);
    c.line_coloured((x, top + h), (x, top), 0.8, RED);
    [x, top, w, h]
}

fn signature_box(c: &mut Canvas, x: f32, y: f32, w: f32, h: f32, lines: &[String], size: f32) {
    c.rect(x, y, w, h, 0.6);
    c.paragraph(x + 3.0, y + 5.5, w - 6.0, size, size * 0.5, &lines.join("，"));
    c.text(x + 3.0, y + h - 3.5, size, "签名：", BLACK);
    c.text(x + w * 0.62, y + h - 3.5, size, "日期：", BLACK);
}

fn photo_frame(c: &mut Canvas, photo: &printpdf::XObjectId, x: f32, y: f32, mm: [f32; 2]) -> [f32; 4] {
    c.image(photo, x, y, mm[0], mm[1]);
    // A hairline just outside the photo, so it shows where to cut without covering a pixel.
    c.rect(x - 0.2, y - 0.2, mm[0] + 0.4, mm[1] + 0.4, 0.25);
    [x, y, mm[0], mm[1]]
}

fn half_a4(
    doc: &Document,
    r: &Receipt,
    photo: &printpdf::XObjectId,
    offset: [f32; 2],
) -> Result<(Canvas, ReceiptGeometry), PdfError> {
    const LEFT: f32 = 15.0;
    const RIGHT: f32 = 195.0;
    const WIDTH: f32 = RIGHT - LEFT;
    let mut c = doc.page([210.0, 297.0], offset);
    let mark_rect = r.reprint.map(|n| mark(&mut c, RIGHT, 6.0, n)).unwrap_or_default();

    let title = fit(&c, &r.title, 16.0, WIDTH - 40.0);
    c.text_centred(105.0, 20.0, title, &r.title, BLACK);
    let studio = format!("采集服务单位：{}", r.studio);
    c.text(LEFT, 29.0, fit(&c, &studio, 10.0, WIDTH), &studio, BLACK);
    let mut y = 37.0;
    if let Some(line) = &r.id_line {
        y = id_line(&mut c, LEFT, y, RIGHT, 11.0, line) + 3.0;
    }
    let below_instruction = c.paragraph(LEFT, y, WIDTH, 10.0, 5.5, &r.instruction);

    let top = below_instruction.max(52.0) + 4.0;
    let pw = r.photo_mm;
    let photo_x = RIGHT - pw[0];
    let photo_rect = photo_frame(&mut c, photo, photo_x, top, pw);
    c.text_centred(
        photo_x + pw[0] / 2.0,
        top + pw[1] + 4.0,
        7.0,
        &format!("相片 {:.0}×{:.0} mm", pw[0], pw[1]),
        GREY,
    );
    let mut left_width = photo_x - LEFT - 6.0;
    if let Some(qr) = &r.qr {
        let size = 26.0;
        c.qr(photo_x - 4.0 - size, top - 2.0, size, qr)?;
        left_width -= size + 2.0;
    }
    let y = barcode_block(&mut c, LEFT, top, left_width.min(105.0), 13.0, &r.barcode)?;
    c.text(LEFT, y + 3.0, 10.0, "相片基本信息：", BLACK);
    let info_bottom = rows(&mut c, LEFT, y + 9.0, left_width, 10.0, 5.6, &r.info);

    let sig_top = info_bottom.max(top + pw[1] + 7.0);
    signature_box(&mut c, LEFT, sig_top, WIDTH, 18.0, &r.signature, 10.0);

    // The stub, below the cut line at half the sheet.
    let cut = (sig_top + 24.0).max(150.0);
    c.line((8.0, cut), (202.0, cut), 0.5, Some([3.0, 2.0]));
    c.text_centred(105.0, cut + 4.0, 8.0, CUT_LINE, BLACK);
    c.text(LEFT, cut + 12.0, 12.0, STUB_HEADING, BLACK);
    let below_barcode = barcode_block(&mut c, 122.0, cut + 7.0, RIGHT - 122.0, 10.0, &r.image_number)?;
    let stub_bottom = stub_lines(&mut c, LEFT, below_barcode + 3.0, WIDTH, 9.5, 5.4, &r.stub);
    debug_assert!(stub_bottom < 297.0);
    Ok((c, ReceiptGeometry { page_mm: [210.0, 297.0], photo: photo_rect, mark: mark_rect, cut_y: cut }))
}

fn thermal(
    doc: &Document,
    r: &Receipt,
    photo: &printpdf::XObjectId,
    offset: [f32; 2],
) -> Result<(Canvas, ReceiptGeometry), PdfError> {
    // Drawn twice: once to learn the roll length, once on a page of that length (PDF pages are
    // measured from the bottom, so the height must be known before drawing).
    let (_, height) = thermal_body(doc.page([80.0, 1000.0], offset), r, photo)?;
    let (drawn, _) = thermal_body(doc.page([80.0, height], offset), r, photo)?;
    Ok(drawn)
}

type Drawn = ((Canvas, ReceiptGeometry), f32);

fn thermal_body(mut c: Canvas, r: &Receipt, photo: &printpdf::XObjectId) -> Result<Drawn, PdfError> {
    const LEFT: f32 = 4.0;
    const WIDTH: f32 = 72.0;
    let mut y = 4.0;
    let mark_rect = match r.reprint {
        Some(n) => {
            let m = mark(&mut c, LEFT + WIDTH, y, n);
            y += 10.0;
            m
        }
        None => [0.0; 4],
    };
    for line in c.wrap(&r.title, WIDTH, 11.0) {
        y += 5.5;
        c.text_centred(40.0, y, 11.0, &line, BLACK);
    }
    y = c.paragraph(LEFT, y + 6.0, WIDTH, 8.0, 4.0, &format!("采集服务单位：{}", r.studio));
    if let Some(line) = &r.id_line {
        // Two lines on a roll: the name blank, then the label and the number (or its blank).
        c.text(LEFT, y + 2.0, 9.0, NAME_BLANK, BLACK);
        y += 7.0;
        let label = format!("{}：", line.label);
        c.text(LEFT, y, 9.0, &label, BLACK);
        let vx = LEFT + c.text_width(&label, 9.0);
        match &line.number {
            Some(n) => c.text(vx, y, 9.0, n, BLACK),
            None => c.line((vx, y + 1.0), (LEFT + WIDTH, y + 1.0), 0.4, None),
        }
    }
    y = c.paragraph(LEFT, y + 6.0, WIDTH, 8.0, 4.0, &r.instruction);
    y = barcode_block(&mut c, LEFT, y, WIDTH, 12.0, &r.barcode)?;
    let pw = r.photo_mm;
    let photo_rect = photo_frame(&mut c, photo, LEFT, y + 2.0, pw);
    if let Some(qr) = &r.qr {
        let size = (WIDTH - pw[0] - 4.0).min(pw[1] + 4.0);
        c.qr(LEFT + WIDTH - size, y, size, qr)?;
    }
    c.text(LEFT, y + pw[1] + 8.0, 8.0, "相片基本信息：", BLACK);
    y = rows(&mut c, LEFT, y + pw[1] + 13.0, WIDTH, 8.0, 4.3, &r.info);
    signature_box(&mut c, LEFT, y, WIDTH, 17.0, &r.signature, 8.0);
    y += 22.0;
    let cut_y = y;
    c.line((1.0, y), (79.0, y), 0.5, Some([3.0, 2.0]));
    c.text_centred(40.0, y + 3.5, fit(&c, CUT_LINE, 6.5, 78.0), CUT_LINE, BLACK);
    c.text(LEFT, y + 10.0, 10.0, STUB_HEADING, BLACK);
    y = stub_lines(&mut c, LEFT, y + 15.0, WIDTH, 8.0, 4.3, &r.stub);
    y = barcode_block(&mut c, LEFT, y, WIDTH, 9.0, &r.image_number)?;
    let height = y + 6.0;
    let page = c.size();
    Ok((
        (c, ReceiptGeometry { page_mm: [page[0], height], photo: photo_rect, mark: mark_rect, cut_y }),
        height,
    ))
}
