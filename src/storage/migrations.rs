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
    // 5: 平台编号: an order approved to wait for the collection platform's number is 待上传 ('upload')
    // with no image number yet. SQLite cannot relax NOT NULL or a CHECK in place, so the table is
    // rebuilt (foreign keys are off while migrating; `migrate` checks them before switching them back
    // on). Every order already stored keeps its number and status: they are all 本店编号 orders.
    "CREATE TABLE orders_v5 (
         id              INTEGER PRIMARY KEY,
         image_number    TEXT UNIQUE,
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
         status          TEXT NOT NULL
                         CHECK (status IN ('upload', 'pending', 'passed', 'failed', 'reshoot')),
         fail_reason     TEXT,
         approval_reason TEXT,
         checks_overall  TEXT NOT NULL,
         report_json     TEXT NOT NULL,
         photo_sha256    TEXT NOT NULL REFERENCES photos (sha256),
         original_sha256 TEXT,
         original_ext    TEXT,
         reshoot_of      INTEGER REFERENCES orders (id),
         captured_at     TEXT NOT NULL,
         created_at      TEXT NOT NULL,
         phone_last4     TEXT GENERATED ALWAYS AS (substr(phone, -4)) VIRTUAL,
         purged_at       TEXT,
         -- A receipt needs a number: only an order that never got one (待上传, or refused at upload
         -- and shot again) may lack it.
         CHECK (image_number IS NOT NULL OR status IN ('upload', 'failed', 'reshoot'))
     ) STRICT;
     INSERT INTO orders_v5 (id, image_number, spec_id, document, customer_name, phone, id_number, hukou,
         price_fen, payment, operator, notes, status, fail_reason, approval_reason, checks_overall,
         report_json, photo_sha256, original_sha256, original_ext, reshoot_of, captured_at, created_at,
         purged_at)
     SELECT id, image_number, spec_id, document, customer_name, phone, id_number, hukou, price_fen,
         payment, operator, notes, status, fail_reason, approval_reason, checks_overall, report_json,
         photo_sha256, original_sha256, original_ext, reshoot_of, captured_at, created_at, purged_at
     FROM orders;
     DROP TABLE orders;
     ALTER TABLE orders_v5 RENAME TO orders;
     CREATE INDEX orders_created_at ON orders (created_at);
     CREATE INDEX orders_customer_name ON orders (customer_name);
     CREATE INDEX orders_phone ON orders (phone);
     CREATE INDEX orders_phone_last4 ON orders (phone_last4);
     CREATE INDEX orders_unpurged ON orders (created_at) WHERE purged_at IS NULL;
     CREATE INDEX orders_pending ON orders (created_at) WHERE status = 'pending';
     CREATE INDEX orders_photo ON orders (photo_sha256);
     CREATE INDEX orders_original ON orders (original_sha256, original_ext);
     CREATE INDEX orders_awaiting_upload ON orders (id) WHERE status = 'upload';",
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
    if found == LATEST_SCHEMA {
        return Ok(());
    }
    // A step may rebuild a table others refer to (SQLite's own recipe: foreign keys off, which
    // only takes effect outside a transaction; each step checks them before it commits).
    conn.pragma_update(None, "foreign_keys", false)?;
    let stepped = steps(conn, found, LATEST_SCHEMA);
    conn.pragma_update(None, "foreign_keys", true)?;
    stepped
}

/// Moves the schema from `found` up to `until`.
pub(super) fn steps(conn: &mut Connection, found: i64, until: i64) -> Result<(), StorageError> {
    let count = usize::try_from(until - found.max(0)).unwrap_or(0);
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize).take(count) {
        let version = index as i64 + 1;
        let tx = conn.transaction().map_err(|source| StorageError::Migration { version, source })?;
        let run = || -> rusqlite::Result<usize> {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version)?;
            let mut check = tx.prepare("PRAGMA foreign_key_check")?;
            let problems = check.query_map([], |_| Ok(()))?.count();
            Ok(problems)
        };
        match run().map_err(|source| StorageError::Migration { version, source })? {
            // Rolled back (the transaction is dropped): the file stays as it was.
            problems @ 1.. => return Err(StorageError::BrokenReferences { version, problems }),
            0 => tx.commit().map_err(|source| StorageError::Migration { version, source })?,
        }
    }
    Ok(())
}
