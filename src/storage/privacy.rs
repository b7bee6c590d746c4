//! Personal data kept only as long as needed: the audit log of the manager's actions, purging photos
//! and originals after the retention period, and deleting an order outright.
//!
//! Purged and deleted photo bytes are overwritten (`PRAGMA secure_delete`, set on every connection)
//! and the WAL is checkpointed afterwards, so they do not linger in free pages.

use std::collections::BTreeSet;

use rusqlite::{OptionalExtension, params};

use super::{Database, OrderError, StorageError};
use crate::domain::{Label, audit_log};

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    pub who: String,
    /// What was done, in the studio's words (`删除订单`, `清除相片`, `导出完整号码` …).
    pub action: String,
    pub detail: String,
}

/// What a purge took away; the caller deletes the files named here after the commit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Orders whose photo and original were purged.
    pub orders: u32,
    /// Image numbers of those orders (their receipt PDFs hold the photo).
    pub numbers: Vec<String>,
    /// Original files (`<sha256>.<ext>`) no order refers to any more.
    pub originals: Vec<String>,
}

/// What deleting an order took away; the caller deletes the files named here after the commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemovedOrder {
    pub image_number: String,
    /// The original file (`<sha256>.<ext>`) if no other order refers to it.
    pub original: Option<String>,
}

impl Database {
    /// Adds a line to the audit log.
    pub fn audit(&self, who: &str, action: &str, detail: &str) -> Result<(), StorageError> {
        audit(&self.conn, who, action, detail)?;
        Ok(())
    }

    /// How many `action` lines the audit log has at or after `since` (RFC 3339).
    pub fn audit_count_since(&self, action: &str, since: &str) -> Result<u32, StorageError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = ?1 AND at >= ?2",
            params![action, since],
            |r| r.get(0),
        )?)
    }

    /// The newest `limit` lines of the audit log, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StorageError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT at, who, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1")?;
        let rows = stmt.query_map([limit], |r| {
            Ok(AuditEntry { at: r.get(0)?, who: r.get(1)?, action: r.get(2)?, detail: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Purges the photo and original of every order created before `before` (an RFC 3339 prefix) that
    /// still has them. The orders keep their text fields; one transaction, logged as `清除相片`.
    pub fn purge_photos_before(&mut self, before: &str, who: &str) -> Result<PurgeReport, StorageError> {
        let now = chrono::Local::now().to_rfc3339();
        let tx = self.conn.transaction()?;
        let numbers: Vec<String> = {
            let mut stmt = tx.prepare(
                // An order 待上传 has no number yet: named `#<id>` (it has no receipt to remove).
                "SELECT COALESCE(image_number, '#' || id) FROM orders
                 WHERE purged_at IS NULL AND created_at < ?1 ORDER BY id",
            )?;
            stmt.query_map([before], |r| r.get(0))?.collect::<Result<_, _>>()?
        };
        let candidates = originals_of(&tx, "purged_at IS NULL AND created_at < ?1", before)?;
        tx.execute(
            "UPDATE orders SET purged_at = ?2, original_sha256 = NULL, original_ext = NULL
             WHERE purged_at IS NULL AND created_at < ?1",
            params![before, now],
        )?;
        clear_unused_photos(&tx, &now)?;
        let originals = unused(&tx, candidates)?;
        let orders = u32::try_from(numbers.len()).unwrap_or(u32::MAX);
        if orders > 0 {
            audit(&tx, who, Label::AuditPurge.zh(), &audit_log::purge_detail(orders, before))?;
        }
        tx.commit()?;
        self.checkpoint()?;
        Ok(PurgeReport { orders, numbers, originals })
    }

    /// Deletes an order outright (the customer asked): its events, its photo if no other order shares
    /// it, and the link of any re-shoot to it. Logged as `删除订单` with the image number only.
    pub fn delete_order(&mut self, id: i64, who: &str, why: &str) -> Result<RemovedOrder, StorageError> {
        let tx = self.conn.transaction()?;
        let image_number: String = tx
            .query_row("SELECT COALESCE(image_number, '#' || id) FROM orders WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(OrderError::NotFound(id))?;
        let candidates = originals_of(&tx, "id = ?1", &id.to_string())?;
        let photo: String =
            tx.query_row("SELECT photo_sha256 FROM orders WHERE id = ?1", [id], |r| r.get(0))?;
        tx.execute("UPDATE orders SET reshoot_of = NULL WHERE reshoot_of = ?1", [id])?;
        tx.execute("DELETE FROM order_events WHERE order_id = ?1", [id])?;
        tx.execute("DELETE FROM orders WHERE id = ?1", [id])?;
        tx.execute(
            "DELETE FROM photos WHERE sha256 = ?1
             AND NOT EXISTS (SELECT 1 FROM orders WHERE photo_sha256 = ?1)",
            [&photo],
        )?;
        let original = unused(&tx, candidates)?.into_iter().next();
        audit(&tx, who, Label::DeleteButton.zh(), &format!("{image_number}：{why}"))?;
        tx.commit()?;
        self.checkpoint()?;
        Ok(RemovedOrder { image_number, original })
    }

    /// Every original file (`<sha256>.<ext>`) an order refers to.
    pub fn referenced_originals(&self) -> Result<BTreeSet<String>, StorageError> {
        Ok(referenced(&self.conn)?)
    }

    /// Image numbers of the orders whose photo is still kept (their receipts may stay on disk).
    pub fn numbers_with_photos(&self) -> Result<BTreeSet<String>, StorageError> {
        let mut stmt = self.conn.prepare(
            "SELECT image_number FROM orders WHERE purged_at IS NULL AND image_number IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// When the order's photo was purged, if it was.
    pub fn order_purged_at(&self, id: i64) -> Result<Option<String>, StorageError> {
        Ok(self
            .conn
            .query_row("SELECT purged_at FROM orders WHERE id = ?1", [id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// Moves the WAL into the database file and empties it, so overwritten pages leave no copy behind.
    fn checkpoint(&self) -> Result<(), StorageError> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

fn audit(conn: &rusqlite::Connection, who: &str, action: &str, detail: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, who, action, detail) VALUES (?1, ?2, ?3, ?4)",
        params![chrono::Local::now().to_rfc3339(), who, action, detail],
    )?;
    Ok(())
}

/// The original files of the orders matching `filter` (with `?1` bound to `value`).
fn originals_of(
    conn: &rusqlite::Connection,
    filter: &str,
    value: &str,
) -> rusqlite::Result<BTreeSet<String>> {
    let sql = format!(
        "SELECT original_sha256 || '.' || original_ext FROM orders
         WHERE original_sha256 IS NOT NULL AND original_ext IS NOT NULL AND {filter}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([value], |r| r.get::<_, String>(0))?;
    rows.collect()
}

fn referenced(conn: &rusqlite::Connection) -> rusqlite::Result<BTreeSet<String>> {
    originals_of(conn, "?1 = ?1", "")
}

/// The original files of `candidates` that no order refers to any more (through the index).
fn unused(conn: &rusqlite::Connection, candidates: BTreeSet<String>) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM orders WHERE original_sha256 = ?1 AND original_ext = ?2)",
    )?;
    let mut out = Vec::new();
    for file in candidates {
        let (sha, ext) = file.split_once('.').unwrap_or((&file, ""));
        if !stmt.query_row([sha, ext], |r| r.get::<_, bool>(0))? {
            out.push(file);
        }
    }
    Ok(out)
}

/// Empties the bytes of the photos of the orders purged at `purged_at` that no unpurged order still
/// uses. The row stays (orders refer to it by hash); an empty photo reads as "no photo".
fn clear_unused_photos(conn: &rusqlite::Connection, purged_at: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE photos SET jpeg = X''
         WHERE sha256 IN (SELECT photo_sha256 FROM orders WHERE purged_at = ?1)
         AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.photo_sha256 = photos.sha256 AND o.purged_at IS NULL)",
        [purged_at],
    )
}
