//! The pure core of the studio: rules, numbers and words, with no UI, database, PDF or file I/O.
//!
//! Everything here is deterministic and takes its inputs (time, settings, pixels already decoded) as
//! arguments, so it is the best-tested part of the program. `tests/it/domain_purity.rs` fails the build
//! if this folder imports egui, eframe, rusqlite, printpdf or the standard file-system module.

pub mod adjust;
pub mod approval;
pub mod audit_checks;
pub mod audit_log;
pub mod checks;
pub mod customer;
pub mod daily_report;
pub mod face_checks;
pub mod geometry;
pub mod guides;
pub mod i18n;
pub mod id_number;
pub mod image_number;
pub mod numbering;
pub mod order_status;
pub mod pixel_checks;
pub mod placement;
pub mod print_sheet;
pub mod privacy;
pub mod receipt;
pub mod scan;
pub mod spec;
pub mod studio;
pub mod typed_text;

pub use i18n::{Label, Lang, Words};
pub use image_number::{NumberTemplate, check_char};
pub use spec::{Catalogue, DocumentType, PhotoSpec, SpecError, SpecFile};
pub use studio::{StudioInfo, StudioInfoError};
