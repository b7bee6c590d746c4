//! The manager's jobs on the I/O thread: the start-of-day housekeeping, the PIN (checked here, off
//! the UI thread: an Argon2 hash takes tens of milliseconds), privacy settings, purge, deleting an
//! order, backups and the audit log.

use crate::domain::{Label, audit_log};
use crate::error::AppError;
use chrono::NaiveDate;

use crate::paths::{DataDir, DataLock};
use crate::services::backups::Backup;
use crate::storage::{AuditEntry, Database, PurgeReport};

/// A PIN as typed; never printed, not even in debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct PinText(pub String);

impl std::fmt::Debug for PinText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinText(****)")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ManagerJob {
    /// Orphan files, today's backup, the retention purge; the I/O thread then holds the data dir.
    Housekeeping {
        dir: DataDir,
        today: NaiveDate,
    },
    /// Checks the PIN before a guarded `action` (logged either way).
    Unlock {
        pin: PinText,
        who: String,
        action: String,
    },
    SetPin {
        current: PinText,
        new: PinText,
        again: PinText,
        who: String,
    },
    SavePrivacy {
        retention_days: u32,
        backups_kept: u32,
        who: String,
    },
    /// Purges now with the saved retention.
    Purge {
        dir: DataDir,
        today: NaiveDate,
        who: String,
    },
    DeleteOrder {
        id: i64,
        dir: DataDir,
        who: String,
        why: String,
    },
    BackupNow {
        dir: DataDir,
    },
    /// A line for the audit log (a guarded setting was changed).
    Audit {
        who: String,
        action: String,
        detail: String,
    },
    /// The privacy settings, the newest backup and the audit log, for the settings screen.
    LoadState {
        dir: DataDir,
    },
}

/// What the privacy part of the settings screen shows.
#[derive(Clone, Debug, PartialEq)]
pub struct PrivacyState {
    pub has_pin: bool,
    pub retention_days: u32,
    pub backups_kept: u32,
    pub latest_backup: Option<Backup>,
    pub audit: Vec<AuditEntry>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ManagerEvent {
    Housekept {
        summary: Option<crate::domain::Words>,
        backup: Option<Backup>,
    },
    Unlocked {
        action: String,
    },
    Purged(PurgeReport),
    OrderDeleted {
        id: i64,
        image_number: String,
    },
    BackedUp(Backup),
    State(Box<PrivacyState>),
    /// A PIN was set or a setting saved: the new state follows.
    Saved(Box<PrivacyState>),
    Audited,
}

/// How many audit lines the settings screen shows.
const AUDIT_LINES: u32 = 50;

pub(super) fn run(
    db: &mut Database,
    job: &ManagerJob,
    hold: &mut Option<DataLock>,
) -> Result<ManagerEvent, AppError> {
    use crate::services::privacy::{self, BACKUPS_KEPT_SETTING, RETENTION_SETTING};
    let text = AppError::from;
    match job {
        ManagerJob::Housekeeping { dir, today } => {
            let (done, lock) = crate::services::startup::housekeeping(dir, db, *today);
            *hold = lock;
            Ok(ManagerEvent::Housekept { summary: done.summary(), backup: done.backup })
        }
        ManagerJob::Unlock { pin, who, action } => privacy::check_pin(db, &pin.0, who, action)
            .map(|()| ManagerEvent::Unlocked { action: action.clone() })
            .map_err(AppError::from),
        ManagerJob::SetPin { current, new, again, who } => {
            privacy::set_pin(db, &current.0, &new.0, &again.0, who)?;
            Ok(ManagerEvent::Saved(Box::new(state(db, None).map_err(text)?)))
        }
        ManagerJob::SavePrivacy { retention_days, backups_kept, who } => {
            let (days, keep) = (retention_days.to_string(), backups_kept.to_string());
            db.set_settings(&[(RETENTION_SETTING, &days), (BACKUPS_KEPT_SETTING, &keep)]).map_err(text)?;
            let detail = audit_log::retention_detail(*retention_days, *backups_kept);
            db.audit(who, Label::AuditChangeSettings.zh(), &detail).map_err(text)?;
            Ok(ManagerEvent::Saved(Box::new(state(db, None).map_err(text)?)))
        }
        ManagerJob::Purge { dir, today, who } => {
            let days = privacy::retention_days(db).map_err(text)?;
            privacy::purge(dir, db, *today, days, who).map(ManagerEvent::Purged).map_err(text)
        }
        ManagerJob::DeleteOrder { id, dir, who, why } => privacy::delete_order(dir, db, *id, who, why)
            .map(|r| ManagerEvent::OrderDeleted { id: *id, image_number: r.image_number })
            .map_err(text),
        ManagerJob::BackupNow { dir } => crate::services::backups::now(dir, db, chrono::Local::now(), None)
            .map(ManagerEvent::BackedUp)
            .map_err(text),
        ManagerJob::Audit { who, action, detail } => {
            db.audit(who, action, detail).map(|()| ManagerEvent::Audited).map_err(text)
        }
        ManagerJob::LoadState { dir } => {
            state(db, Some(dir)).map(|s| ManagerEvent::State(Box::new(s))).map_err(text)
        }
    }
}

/// The privacy settings, the newest backup (when `dir` is given) and the audit log.
pub(crate) fn state(
    db: &Database,
    dir: Option<&DataDir>,
) -> Result<PrivacyState, crate::storage::StorageError> {
    Ok(PrivacyState {
        has_pin: crate::services::privacy::has_pin(db)?,
        retention_days: crate::services::privacy::retention_days(db)?,
        backups_kept: crate::services::privacy::backups_kept(db)?,
        latest_backup: dir.and_then(crate::services::backups::latest),
        audit: db.audit_log(AUDIT_LINES)?,
    })
}
