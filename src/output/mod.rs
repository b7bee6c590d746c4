//! Everything that leaves the program as a document: receipt and print-sheet PDFs (the only printpdf
//! code), CSV/XLSX exports, and printing.
//!
//! Not built yet: the orders and export issues fill this layer.
