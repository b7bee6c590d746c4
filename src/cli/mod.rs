//! The command line: the GUI by default, and the studio's subcommands for scripts and tests.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod export;
mod maintenance;
mod order;
mod process;
mod receipt;
mod soak;
mod specs;
mod studio;

use crate::paths::DataDir;
use crate::storage::Database;

#[derive(Debug, Parser)]
#[command(
    name = "idphoto-studio",
    version,
    about = "证件照工作室：拍摄、检查、订单、回执、每日导出 (ID-photo studio counter software)"
)]
pub struct Cli {
    /// Data directory (default: the OS data dir; the environment variable IDPHOTO_STUDIO_DATA also sets it)
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Size of the demo camera's frames, e.g. 1920x1080 (GUI)
    #[arg(long, global = true, value_name = "WxH", value_parser = parse_size, default_value = "1280x960")]
    pub demo_size: [u32; 2],

    /// Print the UI frame statistics to stderr every 2 s (GUI)
    #[arg(long, global = true)]
    pub frame_stats: bool,

    /// Demo data dir: no first-start dialog; a studio without a name is named 演示照相馆 (GUI)
    #[arg(long, global = true)]
    pub demo_studio: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

pub(crate) fn parse_size(text: &str) -> Result<[u32; 2], String> {
    let bad = || format!("`{text}` 不是尺寸，应为 宽x高，例如 1920x1080");
    let (w, h) = text.split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let (w, h) = (w.trim().parse::<u32>().map_err(|_| bad())?, h.trim().parse::<u32>().map_err(|_| bad())?);
    if (64..=8192).contains(&w) && (64..=8192).contains(&h) { Ok([w, h]) } else { Err(bad()) }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the counter application (the default)
    Gui,
    /// Show the data directory and the database state (creates both on first use)
    Info,
    /// Show or set the studio's details printed on every receipt (name, address, phone, city)
    Studio(studio::StudioArgs),
    /// List, show as JSON, or check the city/document photo specs
    Specs(specs::SpecsArgs),
    /// Process one photo into a spec-perfect JPEG (exit 0 ok, 1 a check failed, 2 nothing written)
    Process(process::ProcessArgs),
    /// Process a folder of photos (exit 1 if any file failed)
    Batch(process::BatchArgs),
    /// Create orders from photos (`order add --spec ID --photo FILE --name N …`; prints the image number)
    Order(order::OrderArgs),
    /// Write (and print) the next receipt of an order: the first, or a 补打 reprint (exit 2: not printed)
    Receipt(receipt::ReceiptArgs),
    /// Lay out approved photos on a 6-inch, 5-inch or A4 print sheet with cut marks
    Sheet(receipt::SheetArgs),
    /// Export one day's orders: CSV (UTF-8 with BOM), XLSX with totals, photos named by image number
    Export(export::ExportArgs),
    /// What a start does: check the database, remove orphan files, today's backup, purge (exit 1 damaged)
    Check,
    /// Back up the database now (SQLite online backup, checked) into `<data dir>/backups/`
    Backup(maintenance::BackupArgs),
    /// Put a backup in place of the database (the current file is kept aside; refused while in use)
    Restore(maintenance::RestoreArgs),
    /// Purge photos and originals older than the retention period now (manager PIN)
    Purge(maintenance::PurgeArgs),
    /// Repeat capture (demo camera) → approve → receipt; prints each committed number (crash and soak tests)
    #[command(hide = true)]
    Soak(soak::SoakArgs),
    /// Panics on a thread of this name (tests of the crash report; the hook is installed by main)
    #[command(hide = true)]
    CrashTest {
        #[arg(long, default_value = "imaging")]
        thread: String,
    },
}

/// Runs a non-GUI subcommand; returns the process exit code.
pub fn run(data_dir: Option<PathBuf>, command: Command) -> anyhow::Result<i32> {
    match command {
        Command::Gui => unreachable!("main starts the GUI itself"),
        Command::Info => info(data_dir),
        Command::Studio(args) => studio::run(data_dir, args),
        Command::Specs(args) => specs::run(data_dir, args),
        Command::Process(args) => process::run_process(data_dir, args),
        Command::Batch(args) => process::run_batch(data_dir, args),
        Command::Order(args) => order::run(data_dir, args),
        Command::Receipt(args) => receipt::run_receipt(data_dir, args),
        Command::Sheet(args) => receipt::run_sheet(data_dir, args),
        Command::Export(args) => export::run(data_dir, args),
        Command::Check => maintenance::check(data_dir),
        Command::Backup(args) => maintenance::backup(data_dir, args),
        Command::Restore(args) => maintenance::restore(data_dir, args),
        Command::Purge(args) => maintenance::purge(data_dir, args),
        Command::Soak(args) => soak::run(data_dir, args),
        Command::CrashTest { thread } => {
            let joined = std::thread::Builder::new().name(thread).spawn(|| {
                // The panic under test: the hook writes the report, the process exits 101.
                panic!("crash test: a deliberate panic (顾客的资料不会丢)")
            })?;
            let _ = joined.join();
            Ok(101)
        }
    }
}

fn info(data_dir: Option<PathBuf>) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    dir.create()?;
    let db = Database::open(&dir.database())?;
    let problems = db.integrity_check()?;
    println!("data_dir: {}", dir.root().display());
    println!("database: {}", dir.database().display());
    println!("schema:   {}", db.schema_version()?);
    println!("integrity: {}", if problems.is_empty() { "ok".to_owned() } else { problems.join("; ") });
    Ok(if problems.is_empty() { 0 } else { 1 })
}
