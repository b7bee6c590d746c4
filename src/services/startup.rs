//! What happens when the studio opens: the database is checked before anything uses it (a damaged
//! one is reported with the latest backup to restore, never crashed on), then the housekeeping runs
//! on the I/O thread: files a crash left behind are removed, today's backup is taken, and photos
//! past the retention period are purged.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::Words;
use crate::domain::i18n::Bilingual;
use crate::paths::{DataDir, DataLock};
use crate::services::backups::{self, Backup};
use crate::storage::{Database, PurgeReport, StorageError};

/// Why the database could not be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenProblem {
    /// Missing permissions, a newer schema, a locked file …: nothing a backup would fix.
    Unavailable(Words),
    /// The file is damaged; the latest backup (if any) is offered.
    Damaged { message: Words, backup: Option<Backup> },
}

/// Opens the database and checks it (`PRAGMA quick_check`).
pub fn open_checked(dir: &DataDir) -> Result<Database, OpenProblem> {
    dir.create().map_err(|e| OpenProblem::Unavailable(e.words()))?;
    let damaged = |message: Words| OpenProblem::Damaged { message, backup: backups::latest(dir) };
    let broken = |e: &StorageError| {
        Words::new(format!("数据库文件已损坏：{e}"), format!("The database file is damaged: {}", e.en()))
    };
    let db = match Database::open(&dir.database()) {
        Ok(db) => db,
        Err(e) if e.is_damage() => return Err(damaged(broken(&e))),
        Err(e) => return Err(OpenProblem::Unavailable(e.words())),
    };
    match db.quick_check() {
        Ok(problems) if problems.is_empty() => Ok(db),
        Ok(problems) => Err(damaged(Words::new(
            format!("数据库检查发现问题：{}", problems.join("；")),
            format!("The database check found problems: {}", problems.join("; ")),
        ))),
        Err(e) if e.is_damage() => Err(damaged(broken(&e))),
        Err(e) => Err(OpenProblem::Unavailable(e.words())),
    }
}

/// What the start-of-day housekeeping did.
#[derive(Debug, Default)]
pub struct Housekeeping {
    /// Files a crash or an interrupted delete left behind, now removed.
    pub orphans_removed: Vec<PathBuf>,
    /// `false` when another process held the data dir, so orphans were left for the next start.
    pub orphans_checked: bool,
    /// Upload JPEGs of orders 待上传 that were missing, now written.
    pub uploads_written: usize,
    /// Today's backup, if it was taken now.
    pub backup: Option<Backup>,
    pub purged: PurgeReport,
    /// What failed (each in words for the status bar); the rest still ran.
    pub problems: Vec<Words>,
    /// How long each step took (orphans, backup, purge), for `check` and the benchmarks.
    pub took: Vec<(&'static str, std::time::Duration)>,
}

impl Housekeeping {
    /// One line for the status bar, or `None` when there is nothing worth saying.
    pub fn summary(&self) -> Option<Words> {
        let mut parts = Vec::new();
        if !self.orphans_removed.is_empty() {
            let n = self.orphans_removed.len();
            parts.push(crate::words!(
                "已清理上次中断留下的 {n} 个文件",
                "Removed {n} files left by an interrupted run"
            ));
        }
        if self.purged.orders > 0 {
            let n = self.purged.orders;
            parts.push(crate::words!(
                "已按保留期限清除 {n} 单的相片",
                "Purged the photos of {n} orders after the retention period"
            ));
        }
        parts.extend(self.problems.iter().cloned());
        (!parts.is_empty()).then(|| {
            Words::new(
                parts.iter().map(|p| p.zh.as_str()).collect::<Vec<_>>().join(" · "),
                parts.iter().map(|p| p.en.as_str()).collect::<Vec<_>>().join(" · "),
            )
        })
    }
}

/// "what failed: why" in both languages.
pub fn problem(zh: &str, en: &str, e: &impl Bilingual) -> Words {
    Words::new(format!("{zh}：{e}"), format!("{en}: {}", e.en()))
}

/// Runs the housekeeping and returns a shared hold on the data dir for the caller (the process's
/// writer) to keep. Orphans are only removed while no other process holds the data dir.
pub fn housekeeping(dir: &DataDir, db: &mut Database, today: NaiveDate) -> (Housekeeping, Option<DataLock>) {
    let mut done = Housekeeping::default();
    let mut clock = std::time::Instant::now();
    let mut lap = |done: &mut Housekeeping, step: &'static str| {
        done.took.push((step, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    match dir.try_hold_alone() {
        Ok(Some(alone)) => {
            match clean_orphans(dir, db) {
                Ok(removed) => done.orphans_removed = removed,
                Err(e) => {
                    done.problems.push(problem("清理残留文件失败", "Removing leftover files failed", &e))
                }
            }
            done.orphans_checked = true;
            drop(alone);
        }
        Ok(None) => {}
        Err(e) => done.problems.push(Words::same(e.to_string())),
    }
    lap(&mut done, "orphans");
    // The upload folder as the 待上传 list says (a crash may have come between commit and file).
    match crate::services::uploads::sync(db, &dir.uploads()) {
        Ok(sync) => done.uploads_written = sync.written.len(),
        Err(e) => {
            done.problems.push(problem("待上传相片无法写入", "Photos awaiting upload cannot be written", &e))
        }
    }
    let hold = dir.hold().map_err(|e| done.problems.push(Words::same(e.to_string()))).ok();
    let keep =
        crate::services::privacy::backups_kept(db).unwrap_or(crate::domain::privacy::DEFAULT_BACKUPS_KEPT);
    match backups::daily(dir, db, today, keep) {
        Ok(b) => done.backup = b,
        Err(e) => done.problems.push(problem("今日备份失败", "Today's backup failed", &e)),
    }
    lap(&mut done, "backup");
    let days = crate::services::privacy::retention_days(db)
        .unwrap_or(crate::domain::privacy::DEFAULT_RETENTION_DAYS);
    match crate::services::privacy::purge(dir, db, today, days, "系统（保留期限）") {
        Ok(p) => done.purged = p,
        Err(e) => done.problems.push(problem(
            "按保留期限清除相片失败",
            "Purging photos after the retention period failed",
            &e,
        )),
    }
    lap(&mut done, "purge");
    (done, hold)
}

/// Removes what no committed order refers to: temporary files of interrupted writes, original
/// captures of orders that never committed (or were deleted), receipts of deleted or purged orders,
/// unfinished export folders. Call only while holding the data dir alone.
pub fn clean_orphans(dir: &DataDir, db: &Database) -> Result<Vec<PathBuf>, StorageError> {
    let originals = db.referenced_originals()?;
    let numbers = db.numbers_with_photos()?;
    let mut removed = Vec::new();
    let mut sweep = |folder: &Path, orphan: &dyn Fn(&Path, &str) -> bool| {
        let Ok(entries) = std::fs::read_dir(folder) else { return };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
            let temporary = name.starts_with('.') && (name.ends_with(".tmp") || name.ends_with(".partial"));
            if !(temporary || orphan(&path, name)) {
                continue;
            }
            let gone =
                if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
            if gone.is_ok() {
                removed.push(path);
            }
        }
    };
    sweep(&dir.originals(), &|path, name| {
        path.is_file() && !name.starts_with('.') && !originals.contains(name)
    });
    sweep(&dir.receipts(), &|path, _| {
        crate::services::privacy::receipt_number(path).is_some_and(|n| !numbers.contains(n))
    });
    sweep(&dir.backups(), &|_, _| false);
    sweep(&dir.exports(), &|_, _| false);
    sweep(dir.root(), &|_, _| false);
    Ok(removed)
}
