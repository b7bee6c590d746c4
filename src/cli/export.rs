//! `idphoto-studio export --date YYYY-MM-DD --out DIR`: the day's orders as CSV, XLSX and photos named
//! by image number, with a progress bar on stderr and the totals on stdout.

use std::path::PathBuf;

use clap::Args;

use crate::domain::daily_report::{Privacy, yuan};
use crate::domain::{Label, audit_log};
use crate::paths::DataDir;
use crate::services::daily_export::{ExportRequest, export_day};
use crate::spec_files::load_catalogue;
use crate::storage::Database;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The day to export (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// The folder that receives the day's folder
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write ID numbers and phones in full (masked by default; needs the manager PIN)
    #[arg(long)]
    pub full_numbers: bool,
    #[command(flatten)]
    pub pin: super::maintenance::PinArg,
    /// Also write each order's receipt PDF
    #[arg(long)]
    pub receipts: bool,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    match crate::domain::typed_text::parse_date(s) {
        Ok(Some(d)) => Ok(d),
        Ok(None) | Err(_) => Err(format!("`{s}` 不是日期，应为 YYYY-MM-DD")),
    }
}

pub fn run(data_dir: Option<PathBuf>, args: ExportArgs) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    let catalogue = load_catalogue(Some(&dir.city_specs_dir()));
    let db = Database::open(&dir.database())?;
    if args.full_numbers {
        if let Err(code) = args.pin.check(&db, Label::GuardFullNumbers.zh()) {
            return Ok(code);
        }
        db.audit(
            audit_log::cli_who(),
            Label::GuardFullNumbers.zh(),
            &args.date.map(|d| d.to_string()).unwrap_or_default(),
        )?;
    }
    let request = ExportRequest {
        date: args.date.unwrap_or_else(|| chrono::Local::now().date_naive()),
        out_dir: args.out,
        privacy: if args.full_numbers { Privacy::Full } else { Privacy::Masked },
        receipts: args.receipts,
    };
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("#>-"),
    );
    bar.set_message(format!("导出 {}", request.date));
    let summary = export_day(&db, &catalogue, &request, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let summary = summary?;
    let t = &summary.totals;
    println!("{}", summary.dir.display());
    println!(
        "{} 单，{} 元（免费重拍 {} 单，审核失败 {} 单），相片 {} 张，回执 {} 份",
        t.all.count,
        yuan(t.all.revenue_fen),
        t.reshoots.count,
        t.failed_audits,
        summary.photos,
        summary.receipts
    );
    Ok(0)
}
