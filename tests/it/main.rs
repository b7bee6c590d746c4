//! All integration tests in one binary (one link instead of ten keeps CI inside its time budget).

mod accuracy;
mod bad_input;
mod camera;
mod capture_flow;
mod checks;
mod cli;
mod common;
mod crash;
mod decode;
mod domain_purity;
mod export;
mod fonts;
mod id_platform;
mod matting;
mod orders;
mod panic_restore;
mod pipeline;
mod receipt_templates;
mod receipts;
mod reliability;
mod specs;
mod storage;
mod studio_setup;
mod typed_text;
mod ui_screens;
mod vision;
