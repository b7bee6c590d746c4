//! Print-sheet PDFs (排版): the approved JPEGs at their exact size on 6-inch, 5-inch or A4 paper, with
//! cut marks at every corner. Placement comes from `domain::print_sheet`.

use super::pdf::{Document, PdfError};
use crate::domain::print_sheet::{GAP_MM, SheetItem, SheetLayout, SheetSize, layout};

/// One kind of photo on the sheet: its JPEG, printed size and count.
pub struct SheetPhoto<'a> {
    pub jpeg: &'a [u8],
    pub mm: [f32; 2],
    pub count: u32,
}

/// Draws the sheet; returns the PDF and where each photo went.
pub fn sheet_pdf(
    size: SheetSize,
    photos: &[SheetPhoto<'_>],
    offset_mm: [f32; 2],
) -> Result<(Vec<u8>, SheetLayout), PdfError> {
    let items: Vec<SheetItem> =
        photos.iter().enumerate().map(|(source, p)| SheetItem { mm: p.mm, count: p.count, source }).collect();
    let sheet = layout(size, &items);
    let mut doc = Document::new(&format!("{} 排版", size.name_zh()))?;
    let ids = photos.iter().map(|p| doc.add_jpeg(p.jpeg)).collect::<Result<Vec<_>, _>>()?;
    let mut c = doc.page(sheet.page_mm, offset_mm);
    // Marks stop short of the neighbour's, so each cut line is visible from both sides.
    let (start, len) = (0.2, GAP_MM / 2.0 - 0.3);
    for p in &sheet.placements {
        c.image(&ids[p.source], p.x, p.y, p.w, p.h);
        for (cx, cy, dx, dy) in [
            (p.x, p.y, -1.0, -1.0),
            (p.x + p.w, p.y, 1.0, -1.0),
            (p.x, p.y + p.h, -1.0, 1.0),
            (p.x + p.w, p.y + p.h, 1.0, 1.0),
        ] {
            c.line((cx + dx * start, cy), (cx + dx * (start + len), cy), 0.3, None);
            c.line((cx, cy + dy * start), (cx, cy + dy * (start + len)), 0.3, None);
        }
    }
    doc.push(c);
    Ok((doc.save()?, sheet))
}
