//! 平台编号: the upload JPEG of every order 待上传 sits in `<data dir>/upload/` until the platform's
//! image number is attached, then goes. The folder is made to match the database, not the other way
//! round: [`sync`] writes each waiting order's file that is missing (a crash between the commit and
//! the write, or a file the operator deleted) and removes ours that no waiting order has. It runs
//! after every approval and attach, and in the start-of-day housekeeping, so whatever happened in
//! between, the next start shows the folder as the list says.

use std::path::{Path, PathBuf};

use crate::output::files::write_atomic;
use crate::storage::{Database, OrderRow, StorageError};

/// What [`sync`] did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UploadSync {
    pub written: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    /// Waiting orders whose photo was purged (retention period): nothing to upload any more.
    pub without_photo: Vec<i64>,
}

/// The file name of an order's upload JPEG: `订单<id>_<name>_<document>.jpg`, with characters no file
/// system takes replaced.
pub fn file_name(row: &OrderRow) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() || "<>:\"/\\|?*".contains(c) { '_' } else { c })
            .collect::<String>()
            .trim()
            .to_owned()
    };
    format!("订单{}_{}_{}.jpg", row.id, clean(&row.customer_name), clean(&row.document))
}

/// Whether `name` is one of ours (other files in the folder are the operator's and stay).
fn ours(name: &str) -> bool {
    name.strip_prefix("订单")
        .and_then(|rest| rest.split_once('_'))
        .is_some_and(|(id, _)| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
        && name.ends_with(".jpg")
}

/// The path of a waiting order's upload JPEG in `dir`.
pub fn path(dir: &Path, row: &OrderRow) -> PathBuf {
    dir.join(file_name(row))
}

/// Makes `dir` hold exactly the upload JPEGs of the orders 待上传.
pub fn sync(db: &Database, dir: &Path) -> Result<UploadSync, StorageError> {
    let waiting = db.awaiting_upload()?;
    let mut done = UploadSync::default();
    let expected: std::collections::BTreeSet<String> = waiting.iter().map(file_name).collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
            let leftover = name.starts_with('.') && name.ends_with(".tmp");
            if (leftover || ours(name) && !expected.contains(name)) && std::fs::remove_file(&path).is_ok() {
                done.removed.push(path);
            }
        }
    }
    for row in &waiting {
        let path = path(dir, row);
        if path.exists() {
            continue;
        }
        let Some(jpeg) = db.order_photo(row.id)? else {
            done.without_photo.push(row.id);
            continue;
        };
        std::fs::create_dir_all(dir).map_err(|e| StorageError::file(dir, e))?;
        write_atomic(&path, &jpeg).map_err(|e| StorageError::file(&path, e))?;
        done.written.push(path);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::ours;

    #[test]
    fn only_our_names_are_ours() {
        assert!(ours("订单12_张三_身份证.jpg"));
        assert!(!ours("订单_张三.jpg"));
        assert!(!ours("订单12a_张三.jpg"));
        assert!(!ours("张三.jpg"));
        assert!(!ours("订单12_张三_身份证.png"));
    }
}
