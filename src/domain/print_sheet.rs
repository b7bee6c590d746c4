//! Print sheets (排版): where each photo goes on a 6-inch, 5-inch or A4 sheet, in mm.
//!
//! Photos are packed in rows (shelves) with a gap for cutting between them; both orientations of the
//! sheet are tried and the one that fits more is kept; the block is centred on the sheet. Pure
//! arithmetic; `output::sheet` draws it.

/// The paper a sheet is printed on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SheetSize {
    #[default]
    /// 6-inch / 4R, 152 × 102 mm.
    SixInch,
    /// 5-inch / 3R, 127 × 89 mm.
    FiveInch,
    A4,
}

impl SheetSize {
    pub const ALL: [SheetSize; 3] = [SheetSize::SixInch, SheetSize::FiveInch, SheetSize::A4];

    /// Long side × short side, in mm.
    pub fn mm(self) -> [f32; 2] {
        match self {
            SheetSize::SixInch => [152.0, 102.0],
            SheetSize::FiveInch => [127.0, 89.0],
            SheetSize::A4 => [297.0, 210.0],
        }
    }

    /// The key used by spec files' `print_sheets` and the CLI.
    pub fn code(self) -> &'static str {
        match self {
            SheetSize::SixInch => "6-inch",
            SheetSize::FiveInch => "5-inch",
            SheetSize::A4 => "a4",
        }
    }

    pub fn from_code(code: &str) -> Option<SheetSize> {
        SheetSize::ALL.into_iter().find(|s| s.code().eq_ignore_ascii_case(code.trim()))
    }

    pub fn name_zh(self) -> &'static str {
        self.name(super::Lang::Zh)
    }

    /// The paper's name in `lang` (6 寸 / 6-inch).
    pub fn name(self, lang: super::Lang) -> &'static str {
        match self {
            SheetSize::SixInch => super::Label::SheetSixInch.get(lang),
            SheetSize::FiveInch => super::Label::SheetFiveInch.get(lang),
            SheetSize::A4 => "A4",
        }
    }
}

/// Space kept free at the paper's edge: enough for a printer's offset calibration, small enough that
/// six 二寸 (35 × 49 mm) still fit on a 6-inch sheet.
pub const MARGIN_MM: f32 = 1.0;
/// The lowest resolution a sheet's photos are rendered at (photo printers; domain.md §5: 300 dpi
/// canvases). A spec with more keeps its own: the platform's own 4R sheets put ID-size photos at
/// 350 dpi and the others at 300 (`App_Data/picmodel.xml`).
pub const SHEET_DPI: u32 = 300;

/// The resolution a spec's photos are rendered at on a print sheet.
pub fn sheet_dpi(spec_dpi: u32) -> u32 {
    spec_dpi.max(SHEET_DPI)
}
/// Space between photos: room for the cut marks and the blade.
pub const GAP_MM: f32 = 2.0;

/// A kind of photo to put on the sheet and how many of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SheetItem {
    /// Width × height in mm.
    pub mm: [f32; 2],
    pub count: u32,
    /// Which input this is, so the drawer knows which JPEG to place.
    pub source: usize,
}

/// One photo's place: lower-left-free, measured from the sheet's top-left corner, in mm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub source: usize,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// A packed sheet: its page size (as oriented) and the photos on it.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetLayout {
    pub page_mm: [f32; 2],
    pub placements: Vec<Placement>,
    /// Photos asked for that did not fit.
    pub left_out: u32,
}

/// Packs `items` onto one sheet of `size` (tallest photos first, row by row) and centres the block.
/// Of both orientations and every row length, it keeps the one that places the most photos, then the
/// one with the fewest rows, then the most even rows (12 photos as 4 × 3, not 5 + 5 + 2).
pub fn layout(size: SheetSize, items: &[SheetItem]) -> SheetLayout {
    let [long, short] = size.mm();
    let mut best: Option<(SheetLayout, usize, usize)> = None;
    for page in [[long, short], [short, long]] {
        for per_row in 1..=64 {
            let (sheet, rows) = pack(page, items, per_row);
            let better = match &best {
                None => true,
                Some((b, b_rows, _)) => {
                    (sheet.placements.len(), std::cmp::Reverse(rows))
                        > (b.placements.len(), std::cmp::Reverse(*b_rows))
                }
            };
            if better {
                best = Some((sheet, rows, per_row));
            }
        }
    }
    let mut sheet = best.map(|(s, ..)| s).unwrap_or(SheetLayout {
        page_mm: [long, short],
        placements: Vec::new(),
        left_out: 0,
    });
    centre(&mut sheet);
    sheet
}

/// The most photos of one size that fit on a sheet.
pub fn capacity(size: SheetSize, photo_mm: [f32; 2]) -> u32 {
    let n = layout(size, &[SheetItem { mm: photo_mm, count: 10_000, source: 0 }]).placements.len();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Shelf packing with at most `per_row` photos in a row; returns the sheet and its number of rows.
fn pack(page: [f32; 2], items: &[SheetItem], per_row: usize) -> (SheetLayout, usize) {
    let mut order: Vec<&SheetItem> = items.iter().collect();
    order.sort_by(|a, b| b.mm[1].total_cmp(&a.mm[1]));
    let right = page[0] - MARGIN_MM;
    let bottom = page[1] - MARGIN_MM;
    let (mut x, mut y, mut row_h) = (MARGIN_MM, MARGIN_MM, 0.0_f32);
    let mut placements = Vec::new();
    let (mut left_out, mut in_row, mut rows) = (0, 0, 0);
    for item in order {
        let [w, h] = item.mm;
        for _ in 0..item.count {
            if in_row > 0 && (x + w > right + 1e-3 || in_row >= per_row) {
                // Next row.
                x = MARGIN_MM;
                y += row_h + GAP_MM;
                row_h = 0.0;
                in_row = 0;
            }
            if x + w > right + 1e-3 || y + h > bottom + 1e-3 {
                left_out += 1;
                continue;
            }
            if in_row == 0 {
                rows += 1;
            }
            placements.push(Placement { source: item.source, x, y, w, h });
            x += w + GAP_MM;
            row_h = row_h.max(h);
            in_row += 1;
        }
    }
    (SheetLayout { page_mm: page, placements, left_out }, rows)
}

fn centre(sheet: &mut SheetLayout) {
    if sheet.placements.is_empty() {
        return;
    }
    let max_x = sheet.placements.iter().map(|p| p.x + p.w).fold(0.0, f32::max);
    let max_y = sheet.placements.iter().map(|p| p.y + p.h).fold(0.0, f32::max);
    let dx = (sheet.page_mm[0] - max_x - MARGIN_MM) / 2.0;
    let dy = (sheet.page_mm[1] - max_y - MARGIN_MM) / 2.0;
    for p in &mut sheet.placements {
        p.x += dx;
        p.y += dy;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(mm: [f32; 2], count: u32) -> Vec<SheetItem> {
        vec![SheetItem { mm, count, source: 0 }]
    }

    fn no_overlap_inside(s: &SheetLayout) {
        for (i, a) in s.placements.iter().enumerate() {
            assert!(a.x >= MARGIN_MM - 1e-3 && a.y >= MARGIN_MM - 1e-3, "{a:?}");
            assert!(a.x + a.w <= s.page_mm[0] - MARGIN_MM + 1e-3, "{a:?}");
            assert!(a.y + a.h <= s.page_mm[1] - MARGIN_MM + 1e-3, "{a:?}");
            for b in &s.placements[i + 1..] {
                let apart = a.x + a.w + GAP_MM <= b.x + 1e-3
                    || b.x + b.w + GAP_MM <= a.x + 1e-3
                    || a.y + a.h + GAP_MM <= b.y + 1e-3
                    || b.y + b.h + GAP_MM <= a.y + 1e-3;
                assert!(apart, "{a:?} and {b:?} are closer than the cutting gap");
            }
        }
    }

    #[test]
    fn counts_of_the_domain_brief_fit() {
        // domain.md §5: 12 ID-size on 6-inch, 6 exit-entry, 10 一寸, 6 二寸, 8 大一寸; 8 一寸 on 5-inch.
        for (size, mm, n) in [
            (SheetSize::SixInch, [26.0, 32.0], 12),
            (SheetSize::SixInch, [33.0, 48.0], 6),
            (SheetSize::SixInch, [25.0, 35.0], 10),
            (SheetSize::SixInch, [35.0, 49.0], 6),
            (SheetSize::SixInch, [33.0, 48.0], 8),
            (SheetSize::FiveInch, [25.0, 35.0], 8),
        ] {
            let s = layout(size, &one(mm, n));
            assert_eq!(s.placements.len(), n as usize, "{size:?} {mm:?}");
            assert_eq!(s.left_out, 0);
            no_overlap_inside(&s);
            assert!(capacity(size, mm) >= n, "{size:?} {mm:?} holds {}", capacity(size, mm));
        }
    }

    #[test]
    fn mixed_sizes_share_a_sheet_and_overflow_is_counted() {
        let items = [
            SheetItem { mm: [25.0, 35.0], count: 4, source: 0 },
            SheetItem { mm: [35.0, 49.0], count: 2, source: 1 },
        ];
        let s = layout(SheetSize::SixInch, &items);
        assert_eq!(s.placements.len(), 6);
        assert_eq!(s.placements.iter().filter(|p| p.source == 1).count(), 2);
        no_overlap_inside(&s);
        let s = layout(SheetSize::FiveInch, &one([35.0, 49.0], 20));
        assert_eq!(s.placements.len() as u32 + s.left_out, 20);
        assert!(s.left_out > 0);
        no_overlap_inside(&s);
    }

    #[test]
    fn rows_are_even() {
        let s = layout(SheetSize::SixInch, &one([26.0, 32.0], 12));
        let mut per_row = std::collections::BTreeMap::new();
        for p in &s.placements {
            *per_row.entry((p.y * 10.0) as i32).or_insert(0) += 1;
        }
        assert_eq!(per_row.values().copied().collect::<Vec<_>>(), [4, 4, 4], "{s:?}");
    }

    #[test]
    fn the_block_is_centred() {
        let s = layout(SheetSize::A4, &one([26.0, 32.0], 1));
        let p = s.placements[0];
        assert!((p.x + p.w / 2.0 - s.page_mm[0] / 2.0).abs() < 0.01, "{p:?}");
        assert!((p.y + p.h / 2.0 - s.page_mm[1] / 2.0).abs() < 0.01, "{p:?}");
        assert_eq!(SheetSize::from_code("6-INCH"), Some(SheetSize::SixInch));
        assert_eq!(SheetSize::from_code("7-inch"), None);
    }
}
