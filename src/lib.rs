//! idphoto-studio: counter software for Chinese ID-photo studios — capture, check, order, receipt
//! (数字相片采集回执) and daily export. The binary is a thin `main.rs`; everything lives here so tests
//! and the CLI use the same code.

pub mod app;
pub mod approve;
pub mod backups;
pub mod camera;
pub mod capture_draft;
pub mod cli;
pub mod counter;
pub mod crash;
pub mod daily_export;
pub mod domain;
pub mod error;
pub mod handover;
pub mod imaging;
pub mod output;
pub mod paths;
pub mod privacy;
pub mod receipts;
pub mod share;
pub mod sheets;
pub mod spec_files;
mod spec_walk;
pub mod startup;
pub mod storage;
pub mod ui;
pub mod uploads;
pub mod vision;
pub mod worker;

pub use app::{AppConfig, StudioApp};
