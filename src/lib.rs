//! idphoto-studio: counter software for Chinese ID-photo studios — capture, check, order, receipt
//! (数字相片采集回执) and daily export. The binary is a thin `main.rs`; everything lives here so tests
//! and the CLI use the same code.

pub mod app;
pub mod assets;
pub mod camera;
pub mod cli;
pub mod counter;
pub mod crash;
pub mod domain;
pub mod error;
pub mod imaging;
pub mod output;
pub mod paths;
pub mod services;
pub mod spec_files;
mod spec_walk;
pub mod storage;
pub mod ui;
pub mod vision;
pub mod worker;

pub use app::{AppConfig, StudioApp};
