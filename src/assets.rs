//! Files compiled into the binary that more than one layer draws with: the CJK font (the screens,
//! the receipt PDFs and the electronic receipt). The models are in `vision::models`.

/// Noto Sans CJK SC, subset to the characters the app and the receipts use (SIL OFL 1.1,
/// `assets/fonts/README.md`).
pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Subset.otf");
