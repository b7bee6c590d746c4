//! Database backups under `<data dir>/backups/`, named by when they were taken
//! (`studio-YYYY-MM-DD-HHMMSS.sqlite3`, so names sort by time): an automatic one each day unless the
//! day has one already, manual ones from 设置 or `backup`, the oldest removed beyond the number
//! kept, and restoring one in place of the database.
//!
//! Backups hold the database (orders, photos, settings, audit log); original captures and receipt
//! PDFs stay in their folders and are not copied.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate};

use crate::paths::DataDir;
use crate::storage::{Database, StorageError};

const PREFIX: &str = "studio-";
const SUFFIX: &str = ".sqlite3";

/// A backup file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    /// The day it was taken (from its name).
    pub day: NaiveDate,
    pub bytes: u64,
}

/// Every backup in the folder, oldest first (by name, which sorts by time).
pub fn list(dir: &DataDir) -> Vec<Backup> {
    let Ok(entries) = std::fs::read_dir(dir.backups()) else { return Vec::new() };
    let mut out: Vec<Backup> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            let name = path.file_name()?.to_str()?;
            let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
            let day = NaiveDate::parse_from_str(stamp.get(..10)?, "%Y-%m-%d").ok()?;
            Some(Backup { bytes: e.metadata().map(|m| m.len()).unwrap_or(0), path, day })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The newest backup, if any.
pub fn latest(dir: &DataDir) -> Option<Backup> {
    list(dir).pop()
}

/// Takes the day's automatic backup unless the day has a backup already (a manual one counts), then
/// keeps only the newest `keep`. Returns the new backup, if one was taken.
pub fn daily(
    dir: &DataDir,
    db: &Database,
    today: NaiveDate,
    keep: u32,
) -> Result<Option<Backup>, StorageError> {
    if list(dir).iter().any(|b| b.day == today) {
        return Ok(None);
    }
    let path = dir.backups().join(file_name(today, Local::now().time()));
    let backup = take(db, &path, today)?;
    prune(dir, keep);
    Ok(Some(backup))
}

/// For a counter left running overnight: when `today` is past `*last`, takes the new day's backup (as
/// [`daily`]) and moves `*last` on. The I/O thread calls it before each job.
pub fn on_new_day(
    dir: &DataDir,
    db: &Database,
    last: &mut NaiveDate,
    today: NaiveDate,
    keep: u32,
) -> Result<Option<Backup>, StorageError> {
    if today <= *last {
        return Ok(None);
    }
    *last = today;
    daily(dir, db, today, keep)
}

/// A backup now (设置 → 立即备份, the `backup` command), or written to `out`.
pub fn now(
    dir: &DataDir,
    db: &Database,
    at: DateTime<Local>,
    out: Option<&Path>,
) -> Result<Backup, StorageError> {
    let path = out.map_or_else(|| dir.backups().join(file_name(at.date_naive(), at.time())), Path::to_owned);
    take(db, &path, at.date_naive())
}

/// `studio-YYYY-MM-DD-HHMMSS.sqlite3`: names sort by time.
fn file_name(day: NaiveDate, time: chrono::NaiveTime) -> String {
    format!("{PREFIX}{}-{}{SUFFIX}", day.format("%Y-%m-%d"), time.format("%H%M%S"))
}

fn take(db: &Database, path: &Path, day: NaiveDate) -> Result<Backup, StorageError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| StorageError::file(parent, e))?;
    }
    let bytes = db.backup_to(path)?;
    Ok(Backup { path: path.to_owned(), day, bytes })
}

/// Removes the oldest backups beyond `keep` (at least one is always kept).
pub fn prune(dir: &DataDir, keep: u32) -> Vec<PathBuf> {
    let all = list(dir);
    let excess = all.len().saturating_sub(keep.max(1) as usize);
    all.into_iter().take(excess).filter(|b| std::fs::remove_file(&b.path).is_ok()).map(|b| b.path).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("程序正在使用数据目录（柜台程序或其他命令还开着），请先关闭再恢复")]
    InUse,
    #[error("找不到备份 {0}")]
    Missing(PathBuf),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    DataDir(#[from] crate::paths::DataDirError),
}

/// Puts `backup` in place of the database. Refused while any other process holds the data dir. The
/// replaced file is kept as `studio.sqlite3.before-restore-<time>`; returns that path.
pub fn restore(dir: &DataDir, backup: &Path, at: DateTime<Local>) -> Result<Option<PathBuf>, RestoreError> {
    if !backup.is_file() {
        return Err(RestoreError::Missing(backup.to_owned()));
    }
    let Some(_alone) = dir.try_hold_alone()? else { return Err(RestoreError::InUse) };
    let moved =
        crate::storage::restore_file(&dir.database(), backup, &at.format("%Y%m%d-%H%M%S").to_string())?;
    // Opening migrates an older backup to this program's schema.
    Database::open(&dir.database())?;
    Ok(moved)
}

impl crate::domain::i18n::Bilingual for RestoreError {
    fn en(&self) -> String {
        match self {
            RestoreError::InUse => {
                "The data folder is in use (the counter or another command is open): close it before restoring".into()
            }
            RestoreError::Missing(p) => format!("Backup {} not found", p.display()),
            RestoreError::Storage(e) => e.en(),
            RestoreError::DataDir(e) => e.en(),
        }
    }
}
