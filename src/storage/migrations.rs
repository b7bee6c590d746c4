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
    // 2: orders, their photos (BLOB + SHA-256), per-day number sequences, the audit log.
    "CREATE TABLE photos (
         sha256 TEXT PRIMARY KEY NOT NULL,
         jpeg   BLOB NOT NULL
     ) STRICT;
     CREATE TABLE orders (
         id              INTEGER PRIMARY KEY,
         image_number    TEXT NOT NULL UNIQUE,
         spec_id         TEXT NOT NULL,
         document        TEXT NOT NULL,
         customer_name   TEXT NOT NULL,
         phone           TEXT,
         id_number       TEXT,
         hukou           TEXT,
         price_fen       INTEGER NOT NULL CHECK (price_fen >= 0),
         payment         TEXT NOT NULL,
         operator        TEXT NOT NULL,
         notes           TEXT NOT NULL DEFAULT '',
         status          TEXT NOT NULL CHECK (status IN ('pending', 'passed', 'failed', 'reshoot')),
         fail_reason     TEXT,
         approval_reason TEXT,
         checks_overall  TEXT NOT NULL,
         report_json     TEXT NOT NULL,
         photo_sha256    TEXT NOT NULL REFERENCES photos (sha256),
         original_sha256 TEXT,
         original_ext    TEXT,
         reshoot_of      INTEGER REFERENCES orders (id),
         captured_at     TEXT NOT NULL,
         created_at      TEXT NOT NULL
     ) STRICT;
     CREATE INDEX orders_created_at ON orders (created_at);
     CREATE INDEX orders_customer_name ON orders (customer_name);
     CREATE INDEX orders_phone ON orders (phone);
     CREATE TABLE number_sequences (
         key         TEXT PRIMARY KEY NOT NULL,
         last_serial INTEGER NOT NULL
     ) STRICT;
     CREATE TABLE order_events (
         id       INTEGER PRIMARY KEY,
         order_id INTEGER NOT NULL REFERENCES orders (id),
         at       TEXT NOT NULL,
         who      TEXT NOT NULL,
         what     TEXT NOT NULL,
         detail   TEXT NOT NULL DEFAULT ''
     ) STRICT;
     CREATE INDEX order_events_order ON order_events (order_id);",
    // 3: search by a phone's last four digits (what customers tell the counter) through an index.
    "ALTER TABLE orders ADD COLUMN phone_last4 TEXT GENERATED ALWAYS AS (substr(phone, -4)) VIRTUAL;
     CREATE INDEX orders_phone_last4 ON orders (phone_last4);",
    // 4: privacy and reliability: the manager's audit log, photos purged after the retention period
    // (the order keeps its text), indexes for what purge, delete and the expiring list look up.
    "CREATE TABLE audit_log (
         id     INTEGER PRIMARY KEY,
         at     TEXT NOT NULL,
         who    TEXT NOT NULL,
         action TEXT NOT NULL,
         detail TEXT NOT NULL DEFAULT ''
     ) STRICT;
     ALTER TABLE orders ADD COLUMN purged_at TEXT;
     CREATE INDEX orders_unpurged ON orders (created_at) WHERE purged_at IS NULL;
     CREATE INDEX orders_pending ON orders (created_at) WHERE status = 'pending';
     CREATE INDEX orders_photo ON orders (photo_sha256);
     CREATE INDEX orders_original ON orders (original_sha256, original_ext);",
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
