//! Everything that leaves the program as a file: spec JPEGs, receipt and print-sheet PDFs (the only
//! printpdf code, with the orders issue), CSV/XLSX exports, and printing.

pub mod e_receipt;
pub mod files;

pub use files::write_atomic;
pub mod pdf;
pub mod print;
pub mod receipt;
pub mod sheet;
pub mod xlsx;
