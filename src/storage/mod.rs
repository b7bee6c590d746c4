//! The studio's database: the only module that imports rusqlite.
//!
//! SQLite in WAL mode with foreign keys on. The schema is versioned by `PRAGMA user_version` and
//! moved forward by [`migrations`], one transaction each; a database written by a newer program is
//! refused rather than damaged.

mod migrations;
mod orders;
mod settings;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use migrations::LATEST_SCHEMA;
pub use orders::{NewOrder, NumberSource, OrderError, OrderQuery, OrderRow, OrderStatus};
pub use settings::{
    PRICE_PREFIX, PRINT_AUTO_RECEIPT, PRINT_COMMAND, PRINT_OFFSET_X, PRINT_OFFSET_Y, PRINT_PRINTER,
    PRINT_RECEIPT_LAYOUT,
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
    #[error("数据库错误：{0}")]
    Sql(#[from] rusqlite::Error),
    #[error(transparent)]
    Order(#[from] OrderError),
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
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
        migrations::migrate(&mut conn)?;
        Ok(Database { conn, path })
    }

    /// The schema version the file is at (after migration: [`LATEST_SCHEMA`]).
    pub fn schema_version(&self) -> Result<i64, StorageError> {
        Ok(migrations::user_version(&self.conn)?)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// SQLite's own consistency check; `Ok(())` when it answers "ok".
    pub fn integrity_check(&self) -> Result<Vec<String>, StorageError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let lines = rows.collect::<Result<Vec<_>, _>>()?;
        Ok(if lines == ["ok"] { Vec::new() } else { lines })
    }
}
