//! The studio's operations, each built from the pure domain, the database, the files and the PDFs:
//! approving an order (`approve`), issuing a receipt (`receipts`), the day's export
//! (`daily_export`), print sheets (`sheets`), photos waiting for the platform's number (`uploads`),
//! handing the customer their files (`handover`, `share`), the capture kept across a crash
//! (`capture_draft`), privacy and retention (`privacy`), backups (`backups`) and what runs at
//! start (`startup`). The CLI and the workers call these; none of them draws or runs a thread of
//! the UI's.

pub mod approve;
pub mod backups;
pub mod capture_draft;
pub mod daily_export;
pub mod handover;
pub mod privacy;
pub mod receipts;
pub mod share;
pub mod sheets;
pub mod startup;
pub mod uploads;
