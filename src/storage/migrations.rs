//! Versioned schema migrations: the list only grows; each step runs in its own transaction.

use rusqlite::Connection;

use super::StorageError;

/// Each entry moves the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: settings (key/value, the studio's details and preferences).
    "CREATE TABLE settings (
         key        TEXT PRIMARY KEY NOT NULL,
         value      TEXT NOT NULL,
         updated_at TEXT NOT NULL
     ) STRICT;",
];

/// The schema version this program writes.
pub const LATEST_SCHEMA: i64 = MIGRATIONS.len() as i64;

pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

pub(super) fn migrate(conn: &mut Connection) -> Result<(), StorageError> {
    let found = user_version(conn)?;
    if found > LATEST_SCHEMA {
        return Err(StorageError::SchemaTooNew { found, supported: LATEST_SCHEMA });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let version = index as i64 + 1;
        let step = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()
        };
        step(conn).map_err(|source| StorageError::Migration { version, source })?;
    }
    Ok(())
}
