//! `check`, `backup`, `restore`, `purge`: the database's health, its backups, and the retention
//! purge from the command line (scripts, a support call, a scheduled task).

use std::path::PathBuf;

use clap::Args;

use crate::domain::{Label, audit_log};
use crate::paths::DataDir;
use crate::services::startup::{OpenProblem, open_checked};

/// The manager PIN for guarded commands: `--pin`, or the environment (kept out of `ps`).
#[derive(Debug, Args)]
pub struct PinArg {
    /// The manager PIN (or set IDPHOTO_STUDIO_PIN)
    #[arg(long, env = "IDPHOTO_STUDIO_PIN", hide_env_values = true)]
    pub pin: Option<String>,
}

impl PinArg {
    /// Checks the PIN against the database (logged); `Err(exit code)` after saying why.
    pub fn check(&self, db: &crate::storage::Database, action: &str) -> Result<(), i32> {
        crate::services::privacy::check_pin(
            db,
            self.pin.as_deref().unwrap_or(""),
            audit_log::cli_who(),
            action,
        )
        .map_err(|e| {
            eprintln!("{action}需要店长密码：{e}");
            1
        })
    }
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Write the backup here instead of `<data dir>/backups/studio-<date>-<time>.sqlite3`
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to restore (default: the newest in `<data dir>/backups/`)
    pub backup: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PurgeArgs {
    #[command(flatten)]
    pub pin: PinArg,
}

/// What a start does, without the window: check the database, remove orphan files, take today's
/// backup, purge expired photos. Exit 0 healthy, 1 damaged (the newest backup is named), 2 unusable.
pub fn check(data_dir: Option<PathBuf>) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    let started = std::time::Instant::now();
    let mut db = match open_checked(&dir) {
        Ok(db) => db,
        Err(problem) => return Ok(report_problem(&problem)),
    };
    let opened = started.elapsed();
    let started = std::time::Instant::now();
    let problems = db.integrity_check()?;
    let integrity = started.elapsed();
    let (done, _hold) =
        crate::services::startup::housekeeping(&dir, &mut db, chrono::Local::now().date_naive());
    println!("integrity: {}", if problems.is_empty() { "ok".to_owned() } else { problems.join("; ") });
    println!("orders: {}", db.order_count()?);
    println!("uploads written: {}", done.uploads_written);
    if done.orphans_checked {
        println!("orphans removed: {}", done.orphans_removed.len());
        for path in &done.orphans_removed {
            println!("  {}", path.display());
        }
    } else {
        println!("orphans: not checked (another program is using the data dir)");
    }
    if let Some(b) = &done.backup {
        println!("backup: {} ({} bytes)", b.path.display(), b.bytes);
    }
    println!("purged: {} orders", done.purged.orders);
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let steps: Vec<String> = done.took.iter().map(|(step, d)| format!("{step} {:.0} ms", ms(*d))).collect();
    println!(
        "took: open + quick_check {:.0} ms, integrity_check {:.0} ms, {}",
        ms(opened),
        ms(integrity),
        steps.join(", ")
    );
    for p in &done.problems {
        eprintln!("{}", p.zh);
    }
    Ok(if problems.is_empty() && done.problems.is_empty() { 0 } else { 1 })
}

fn report_problem(problem: &OpenProblem) -> i32 {
    match problem {
        OpenProblem::Unavailable(message) => {
            eprintln!("数据库无法使用：{}", message.zh);
            2
        }
        OpenProblem::Damaged { message, backup } => {
            eprintln!("{}", message.zh);
            match backup {
                Some(b) => eprintln!(
                    "最近的备份：{}（{}）。恢复：idphoto-studio restore {}",
                    b.path.display(),
                    b.day,
                    b.path.display()
                ),
                None => eprintln!("没有备份可以恢复"),
            }
            1
        }
    }
}

pub fn backup(data_dir: Option<PathBuf>, args: BackupArgs) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    let db = match open_checked(&dir) {
        Ok(db) => db,
        Err(problem) => return Ok(report_problem(&problem)),
    };
    let _hold = dir.hold()?;
    let started = std::time::Instant::now();
    let backup = crate::services::backups::now(&dir, &db, chrono::Local::now(), args.out.as_deref())?;
    db.audit(audit_log::cli_who(), Label::AuditBackup.zh(), &backup.path.display().to_string())?;
    println!("{}", backup.path.display());
    eprintln!("{} bytes in {:.0} ms", backup.bytes, started.elapsed().as_secs_f64() * 1000.0);
    Ok(0)
}

/// Exit 0 restored, 1 refused (in use, no backup, damaged backup).
pub fn restore(data_dir: Option<PathBuf>, args: RestoreArgs) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    let Some(path) = args.backup.or_else(|| crate::services::backups::latest(&dir).map(|b| b.path)) else {
        eprintln!("没有备份可以恢复（{} 是空的）", dir.backups().display());
        return Ok(1);
    };
    match crate::services::backups::restore(&dir, &path, chrono::Local::now()) {
        Ok(moved) => {
            let db = crate::storage::Database::open(&dir.database())?;
            db.audit(audit_log::cli_who(), Label::AuditRestore.zh(), &path.display().to_string())?;
            println!("已从 {} 恢复（{} 单）", path.display(), db.order_count()?);
            if let Some(m) = moved {
                println!("原来的数据库保存为 {}", m.display());
            }
            Ok(0)
        }
        Err(e) => {
            eprintln!("恢复失败：{e}");
            Ok(1)
        }
    }
}

pub fn purge(data_dir: Option<PathBuf>, args: PurgeArgs) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    let mut db = match open_checked(&dir) {
        Ok(db) => db,
        Err(problem) => return Ok(report_problem(&problem)),
    };
    if let Err(code) = args.pin.check(&db, Label::GuardPurge.zh()) {
        return Ok(code);
    }
    let _hold = dir.hold()?;
    let days = crate::services::privacy::retention_days(&db)?;
    let report =
        crate::services::privacy::purge(&dir, &mut db, chrono::Local::now().date_naive(), days, "命令行")?;
    println!("已清除 {} 单的相片（保留 {days} 天），原片 {} 个", report.orders, report.originals.len());
    Ok(0)
}
