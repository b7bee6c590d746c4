//! The manager's side of personal data (PIPL): the PIN (an Argon2id hash with its own salt, never the
//! digits), purging photos after the retention period, and deleting an order. The database change
//! commits first; the files it names are deleted afterwards, so a crash in between leaves only
//! orphan files, which the next start removes.

use std::path::Path;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use chrono::NaiveDate;

use crate::domain::Label;
use crate::domain::privacy::{
    DEFAULT_BACKUPS_KEPT, DEFAULT_RETENTION_DAYS, LOCKOUT_MINUTES, MAX_WRONG_PINS, Pin, PinError,
    purge_before,
};
use crate::paths::DataDir;
use crate::storage::{Database, PurgeReport, RemovedOrder, StorageError};

/// Settings keys.
pub const PIN_SETTING: &str = "manager.pin";
pub const RETENTION_SETTING: &str = "privacy.retention_days";
pub const BACKUPS_KEPT_SETTING: &str = "backup.keep";

#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    #[error(transparent)]
    Pin(#[from] PinError),
    #[error("店长密码无法保存：{0}")]
    Hash(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The PHC string (`$argon2id$v=19$m=…$<salt>$<hash>`) of a PIN, with a fresh random salt.
pub fn hash_pin(pin: &Pin) -> Result<String, PrivacyError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(pin.as_str().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PrivacyError::Hash(e.to_string()))
}

/// Whether `text` is the PIN whose hash is `stored`. A malformed stored hash never matches.
pub fn pin_matches(text: &str, stored: &str) -> bool {
    let Ok(pin) = Pin::parse(text) else { return false };
    PasswordHash::new(stored)
        .is_ok_and(|h| argon2::Argon2::default().verify_password(pin.as_str().as_bytes(), &h).is_ok())
}

fn wrong_pin() -> &'static str {
    Label::AuditPinWrong.zh()
}

/// Refuses every PIN for a while after too many wrong ones (a 4-digit PIN must not be guessable at
/// the counter by trying).
fn locked_out(db: &Database) -> Result<bool, StorageError> {
    let since = (chrono::Local::now() - chrono::Duration::minutes(LOCKOUT_MINUTES)).to_rfc3339();
    Ok(db.audit_count_since(wrong_pin(), &since)? >= MAX_WRONG_PINS)
}

/// Checks `text` against the stored PIN for `action`, logging a wrong one.
fn verify(db: &Database, stored: &str, text: &str, who: &str, action: &str) -> Result<(), PrivacyError> {
    if locked_out(db)? {
        return Err(PinError::TooManyTries.into());
    }
    if pin_matches(text, stored) {
        return Ok(());
    }
    db.audit(who, wrong_pin(), action)?;
    Err(PinError::Wrong.into())
}

/// Sets the manager PIN (typed twice). When one is already set, `current` must match it.
pub fn set_pin(db: &Database, current: &str, new: &str, again: &str, who: &str) -> Result<(), PrivacyError> {
    if let Some(stored) = db.setting(PIN_SETTING)? {
        verify(db, &stored, current, who, "更改店长密码")?;
    }
    let pin = Pin::new_pair(new, again)?;
    db.set_setting(PIN_SETTING, &hash_pin(&pin)?)?;
    db.audit(who, Label::PinSave.zh(), "")?;
    Ok(())
}

/// Checks the manager PIN for `action` (logged either way). Without a PIN set, nothing is guarded
/// yet and `Err(NotSet)` tells the caller to ask for one.
pub fn check_pin(db: &Database, text: &str, who: &str, action: &str) -> Result<(), PrivacyError> {
    let Some(stored) = db.setting(PIN_SETTING)? else { return Err(PinError::NotSet.into()) };
    verify(db, &stored, text, who, action)?;
    db.audit(who, Label::AuditPinOk.zh(), action)?;
    Ok(())
}

pub fn has_pin(db: &Database) -> Result<bool, StorageError> {
    Ok(db.setting(PIN_SETTING)?.is_some())
}

/// Days photos are kept (the setting, or the default).
pub fn retention_days(db: &Database) -> Result<u32, StorageError> {
    Ok(setting_u32(db, RETENTION_SETTING)?.unwrap_or(DEFAULT_RETENTION_DAYS))
}

/// Daily backups kept (the setting, or the default).
pub fn backups_kept(db: &Database) -> Result<u32, StorageError> {
    Ok(setting_u32(db, BACKUPS_KEPT_SETTING)?.unwrap_or(DEFAULT_BACKUPS_KEPT))
}

fn setting_u32(db: &Database, key: &str) -> Result<Option<u32>, StorageError> {
    Ok(db.setting(key)?.and_then(|v| v.trim().parse().ok()))
}

/// Purges the photos, originals and receipt PDFs of orders created before `today - days`.
pub fn purge(
    dir: &DataDir,
    db: &mut Database,
    today: NaiveDate,
    days: u32,
    who: &str,
) -> Result<PurgeReport, StorageError> {
    let before = purge_before(today, days).format("%Y-%m-%d").to_string();
    let report = db.purge_photos_before(&before, who)?;
    for file in &report.originals {
        remove(&dir.originals().join(file));
    }
    for number in &report.numbers {
        remove_receipts(dir, number);
    }
    Ok(report)
}

/// Deletes an order and its files (the customer asked; `why` goes into the audit log).
pub fn delete_order(
    dir: &DataDir,
    db: &mut Database,
    id: i64,
    who: &str,
    why: &str,
) -> Result<RemovedOrder, StorageError> {
    let removed = db.delete_order(id, who, why)?;
    if let Some(file) = &removed.original {
        remove(&dir.originals().join(file));
    }
    remove_receipts(dir, &removed.image_number);
    Ok(removed)
}

/// The receipt PDFs of an image number: `<number>.pdf` and `<number>-reprint-N.pdf`.
pub fn receipt_files(dir: &DataDir, number: &str) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.receipts()) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| receipt_number(p).is_some_and(|n| n == number))
        .collect()
}

/// The image number a receipt file belongs to, from its name.
pub fn receipt_number(path: &Path) -> Option<&str> {
    let stem = path.file_name()?.to_str()?.strip_suffix(".pdf")?;
    Some(stem.split_once("-reprint-").map_or(stem, |(n, _)| n))
}

fn remove_receipts(dir: &DataDir, number: &str) {
    for path in receipt_files(dir, number) {
        remove(&path);
    }
}

/// Removes a file; one that is already gone is fine, any other failure leaves an orphan for the
/// next start.
fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

impl crate::domain::i18n::Bilingual for PrivacyError {
    fn en(&self) -> String {
        match self {
            PrivacyError::Pin(e) => e.en(),
            PrivacyError::Hash(e) => format!("The manager PIN cannot be saved: {e}"),
            PrivacyError::Storage(e) => e.en(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_stored_salted_and_only_its_digits_match() {
        let pin = Pin::parse("2580").unwrap();
        let (a, b) = (hash_pin(&pin).unwrap(), hash_pin(&pin).unwrap());
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(!a.contains("2580"));
        assert!(pin_matches("2580", &a) && pin_matches(" 2580 ", &b));
        assert!(!pin_matches("2581", &a));
        assert!(!pin_matches("2580", "not a hash"));
    }

    #[test]
    fn receipt_files_are_named_by_number() {
        assert_eq!(receipt_number(Path::new("/r/B123.pdf")), Some("B123"));
        assert_eq!(receipt_number(Path::new("/r/B123-reprint-2.pdf")), Some("B123"));
        assert_eq!(receipt_number(Path::new("/r/B123.txt")), None);
    }
}
