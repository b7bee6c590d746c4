//! The studio's database: the only module that imports rusqlite.
//!
//! SQLite in WAL mode with foreign keys on. The schema is versioned by `PRAGMA user_version` and
//! moved forward by [`migrations`], one transaction each; a database written by a newer program is
//! refused rather than damaged.

mod backup;
mod migrations;
mod orders;
mod privacy;
mod settings;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use backup::{check_file, restore_file};
pub use migrations::LATEST_SCHEMA;
pub use orders::{NewOrder, NumberSource, OrderError, OrderQuery, OrderRow, OrderStatus};
pub use privacy::{AuditEntry, PurgeReport, RemovedOrder};
pub use settings::{
    PRICE_PREFIX, PRINT_AUTO_RECEIPT, PRINT_COMMAND, PRINT_OFFSET_X, PRINT_OFFSET_Y, PRINT_PRINTER,
    PRINT_RECEIPT_LAYOUT, PRINT_STUCK_AFTER,
};

/// What can go wrong with the database, in words the counter can act on.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("数据库无法打开：{path}（{source}）")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("数据库由更新版本的程序创建（结构版本 {found}，本程序支持 {supported}），请升级程序后再打开")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("数据库升级到结构版本 {version} 失败：{source}")]
    Migration {
        version: i64,
        #[source]
        source: rusqlite::Error,
    },
    #[error(
        "数据库升级到结构版本 {version} 后会有 {problems} 处引用失效，已撤回升级（数据库未改动），请联系技术支持"
    )]
    BrokenReferences { version: i64, problems: usize },
    #[error("磁盘已满，数据没有保存：请清理磁盘空间后重试")]
    DiskFull,
    #[error("数据库错误：{0}")]
    Sql(rusqlite::Error),
    #[error("备份 {path} 失败：{source}")]
    Backup {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("文件 {path} 无法写入：{source}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("备份文件 {path} 已损坏：{problems}")]
    BackupDamaged { path: PathBuf, problems: String },
    #[error(transparent)]
    Order(#[from] OrderError),
}

impl From<rusqlite::Error> for StorageError {
    /// A full disk (SQLITE_FULL) is its own error: the counter can act on it.
    fn from(e: rusqlite::Error) -> StorageError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StorageError::DiskFull,
            _ => StorageError::Sql(e),
        }
    }
}

/// The disk (or the user's quota) is full: the one test every layer uses to tell it apart.
pub fn is_disk_full(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded)
}

impl StorageError {
    /// A file problem; a full disk is [`StorageError::DiskFull`].
    pub fn file(path: &Path, source: std::io::Error) -> StorageError {
        if is_disk_full(&source) {
            StorageError::DiskFull
        } else {
            StorageError::File { path: path.to_owned(), source }
        }
    }

    /// Whether the database file itself is damaged (not merely locked, missing or unreadable).
    pub fn is_damage(&self) -> bool {
        match self {
            StorageError::Open { source, .. }
            | StorageError::Sql(source)
            | StorageError::Migration { source, .. } => backup::is_damage(source),
            _ => false,
        }
    }
}

/// An open, migrated database.
pub struct Database {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Database {
    /// Opens (creating if needed) and migrates the database file.
    pub fn open(path: &Path) -> Result<Database, StorageError> {
        let conn =
            Connection::open(path).map_err(|source| StorageError::Open { path: path.to_owned(), source })?;
        Self::prepare(conn, Some(path.to_owned()))
    }

    /// A private in-memory database, for tests and for running without a data dir.
    pub fn open_in_memory() -> Result<Database, StorageError> {
        let conn = Connection::open_in_memory()?;
        Self::prepare(conn, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Database, StorageError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // journal_mode returns a row, so it is read with query_row.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // secure_delete: purged and deleted photos are overwritten, not left in free pages.
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;",
        )?;
        migrations::migrate(&mut conn)?;
        Ok(Database { conn, path })
    }

    /// Creates a database file at an older schema `version` (tests of the migrations: fill it the
    /// way that program did, then open it with this one).
    #[doc(hidden)]
    pub fn create_at_schema(path: &Path, version: i64) -> Result<(), StorageError> {
        let mut conn =
            Connection::open(path).map_err(|source| StorageError::Open { path: path.to_owned(), source })?;
        migrations::steps(&mut conn, 0, version.min(LATEST_SCHEMA))
    }

    /// The schema version the file is at (after migration: [`LATEST_SCHEMA`]).
    pub fn schema_version(&self) -> Result<i64, StorageError> {
        Ok(migrations::user_version(&self.conn)?)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The faster check run at every start (`PRAGMA quick_check`: structure, not index contents).
    pub fn quick_check(&self) -> Result<Vec<String>, StorageError> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let lines = rows.collect::<Result<Vec<_>, _>>()?;
        Ok(if lines == ["ok"] { Vec::new() } else { lines })
    }

    /// SQLite's own consistency check: the problems it lists, empty when it answers "ok".
    pub fn integrity_check(&self) -> Result<Vec<String>, StorageError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let lines = rows.collect::<Result<Vec<_>, _>>()?;
        Ok(if lines == ["ok"] { Vec::new() } else { lines })
    }
}

impl crate::domain::i18n::Bilingual for StorageError {
    fn en(&self) -> String {
        match self {
            StorageError::Open { path, source } => {
                format!("The database cannot be opened: {} ({source})", path.display())
            }
            StorageError::SchemaTooNew { found, supported } => format!(
                "The database was made by a newer program (schema {found}; this one knows {supported}): update the program"
            ),
            StorageError::Migration { version, source } => {
                format!("Upgrading the database to schema {version} failed: {source}")
            }
            StorageError::BrokenReferences { version, problems } => format!(
                "Upgrading to schema {version} would break {problems} references: undone (the database is unchanged); call support"
            ),
            StorageError::DiskFull => {
                "The disk is full and nothing was saved: free some space and try again".into()
            }
            StorageError::Sql(e) => format!("Database error: {e}"),
            StorageError::Backup { path, source } => format!("Backup {} failed: {source}", path.display()),
            StorageError::File { path, source } => {
                format!("File {} cannot be written: {source}", path.display())
            }
            StorageError::BackupDamaged { path, problems } => {
                format!("Backup file {} is damaged: {problems}", path.display())
            }
            StorageError::Order(e) => e.en(),
        }
    }
}
