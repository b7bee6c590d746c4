//! Backups with SQLite's online backup API (a consistent copy while the counter keeps working), and
//! restoring one in place of a damaged database.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Database, StorageError};

impl Database {
    /// Copies the whole database to `dest` with the online backup API: first into a temporary file
    /// beside it, which is checked (`PRAGMA integrity_check`) and then renamed, so `dest` is either
    /// the previous file or a whole, checked copy. Returns the copy's size in bytes.
    pub fn backup_to(&self, dest: &Path) -> Result<u64, StorageError> {
        let failed = |source| StorageError::Backup { path: dest.to_owned(), source };
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dest.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            self.conn.backup(rusqlite::MAIN_DB, &tmp, rusqlite::backup::NO_PROGRESS).map_err(failed)?;
            let problems = check_file(&tmp)?;
            if !problems.is_empty() {
                return Err(StorageError::BackupDamaged {
                    path: dest.to_owned(),
                    problems: problems.join("; "),
                });
            }
            std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| StorageError::file(dest, e))?;
            std::fs::rename(&tmp, dest).map_err(|e| StorageError::file(dest, e))?;
            Ok(std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// `PRAGMA integrity_check` of a database file opened read-only and not migrated (a backup, or a
/// database that may be damaged): the problems found, empty when SQLite answers "ok". A file that is
/// not a database at all is one problem, not an error.
pub fn check_file(path: &Path) -> Result<Vec<String>, StorageError> {
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|source| StorageError::Open { path: path.to_owned(), source })?;
    let lines = (|| {
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
    })();
    match lines {
        Ok(lines) if lines == ["ok"] => Ok(Vec::new()),
        Ok(lines) => Ok(lines),
        Err(e) if is_damage(&e) => Ok(vec![e.to_string()]),
        Err(e) => Err(e.into()),
    }
}

/// Whether SQLite's answer means the file itself is damaged (rather than, say, locked or unreadable).
pub(super) fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// Replaces the database at `database` with the backup `backup`. The backup is checked first; the
/// current file (with its `-wal` and `-shm`) is moved aside to `<name>.before-restore-<stamp>`, never
/// deleted; then the backup is copied in with the backup API and the result checked. Returns where the
/// old file went (if there was one). The caller makes sure nothing else has the database open.
pub fn restore_file(database: &Path, backup: &Path, stamp: &str) -> Result<Option<PathBuf>, StorageError> {
    let problems = check_file(backup)?;
    if !problems.is_empty() {
        return Err(StorageError::BackupDamaged { path: backup.to_owned(), problems: problems.join("; ") });
    }
    let name = database.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let aside = database.with_file_name(format!("{name}.before-restore-{stamp}"));
    let moved = if database.exists() {
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", database.display()));
            if from.exists() {
                let to = PathBuf::from(format!("{}{suffix}", aside.display()));
                std::fs::rename(&from, &to).map_err(|e| StorageError::file(database, e))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    let mut conn = Connection::open(database)
        .map_err(|source| StorageError::Open { path: database.to_owned(), source })?;
    conn.restore(rusqlite::MAIN_DB, backup, rusqlite::backup::NO_PROGRESS)
        .map_err(|source| StorageError::Backup { path: backup.to_owned(), source })?;
    drop(conn);
    let problems = check_file(database)?;
    if !problems.is_empty() {
        return Err(StorageError::BackupDamaged { path: database.to_owned(), problems: problems.join("; ") });
    }
    Ok(moved)
}
