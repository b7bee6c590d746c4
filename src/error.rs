//! [`AppError`]: what any layer's failure becomes when it crosses from a worker to the app. Each
//! layer keeps its own precise error (`StorageError`, `ApproveError`, `IssueError`, …); this one
//! keeps their words and adds the two things the counter acts on: whether trying the same thing
//! again can help ([`AppError::retryable`]), and what to tell the operator ([`AppError::message`]).

use crate::domain::i18n::Bilingual;
use crate::domain::{Label, Lang, Words};
use crate::storage::StorageError;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    /// The disk is full: nothing was written. Trying again helps once space is freed.
    #[error("{}", .0.zh)]
    DiskFull(Words),
    /// The database is busy (another program, a backup): trying again in a moment helps.
    #[error("{}", .0.zh)]
    Busy(Words),
    /// The database cannot be used as it stands (damaged, made by a newer program, a failed
    /// upgrade): trying again cannot help; a restore or an update can.
    #[error("{}", .0.zh)]
    Database(Words),
    /// Refused as it stands (a number in use, a spec gone, a missing reason): trying the same
    /// again cannot help; changing it can.
    #[error("{}", .0.zh)]
    Refused(Words),
    /// A file could not be read or written (a folder in the way, permissions): may pass.
    #[error("{}", .0.zh)]
    File(Words),
    /// Anything else, in the words of the layer that failed.
    #[error("{}", .0.zh)]
    Other(Words),
}

impl AppError {
    /// Whether sending the same job again can succeed.
    pub fn retryable(&self) -> bool {
        !matches!(self, AppError::Database(_) | AppError::Refused(_))
    }

    /// The words of the layer that failed, in both languages.
    pub fn detail(&self) -> &Words {
        match self {
            AppError::DiskFull(s)
            | AppError::Busy(s)
            | AppError::Database(s)
            | AppError::Refused(s)
            | AppError::File(s)
            | AppError::Other(s) => s,
        }
    }

    /// What to do about it, in the operator's language.
    pub fn what_to_do(&self) -> Label {
        match self {
            AppError::DiskFull(_) => Label::DoFreeDisk,
            AppError::Busy(_) => Label::DoRetryLater,
            AppError::Database(_) => Label::DoRestoreOrSupport,
            AppError::Refused(_) => Label::DoCorrectAndSave,
            AppError::File(_) | AppError::Other(_) => Label::DoRetry,
        }
    }

    /// The layer's words, then what to do.
    pub fn message(&self, lang: Lang) -> String {
        crate::domain::i18n::punct(
            lang,
            format!("{}（{}）", self.detail().get(lang), self.what_to_do().get(lang)),
        )
    }

    /// A file error, a full disk told apart.
    pub fn io(context: Words, e: &std::io::Error) -> AppError {
        let words = Words::new(format!("{}：{e}", context.zh), format!("{}: {e}", context.en));
        if crate::storage::is_disk_full(e) { AppError::DiskFull(words) } else { AppError::File(words) }
    }
}

impl From<StorageError> for AppError {
    fn from(e: StorageError) -> AppError {
        let text = e.words();
        match &e {
            StorageError::DiskFull => AppError::DiskFull(text),
            StorageError::Sql(sql) | StorageError::Backup { source: sql, .. } => {
                match sql.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                        AppError::Busy(text)
                    }
                    Some(rusqlite::ErrorCode::DiskFull) => AppError::DiskFull(text),
                    Some(rusqlite::ErrorCode::ConstraintViolation) => AppError::Refused(text),
                    Some(
                        rusqlite::ErrorCode::DatabaseCorrupt
                        | rusqlite::ErrorCode::NotADatabase
                        | rusqlite::ErrorCode::ReadOnly
                        | rusqlite::ErrorCode::CannotOpen,
                    ) => AppError::Database(text),
                    _ => AppError::Other(text),
                }
            }
            StorageError::Open { .. }
            | StorageError::SchemaTooNew { .. }
            | StorageError::Migration { .. }
            | StorageError::BrokenReferences { .. }
            | StorageError::BackupDamaged { .. } => AppError::Database(text),
            // A full disk is StorageError::DiskFull already (StorageError::file).
            StorageError::File { .. } => AppError::File(text),
            StorageError::Order(_) => AppError::Refused(text),
        }
    }
}

impl From<crate::services::approve::ApproveError> for AppError {
    fn from(e: crate::services::approve::ApproveError) -> AppError {
        use crate::services::approve::ApproveError;
        if e.is_refusal() {
            return AppError::Refused(e.words());
        }
        match e {
            ApproveError::Storage(s) => s.into(),
            ApproveError::DiskFull => AppError::DiskFull(e.words()),
            // A full disk is ApproveError::DiskFull already (approve::write_original).
            ApproveError::Original { .. } => AppError::File(e.words()),
            other => AppError::Other(other.words()),
        }
    }
}

impl From<crate::services::receipts::IssueError> for AppError {
    fn from(e: crate::services::receipts::IssueError) -> AppError {
        use crate::services::receipts::IssueError;
        match e {
            IssueError::Storage(s) => s.into(),
            e if e.is_refusal() => AppError::Refused(e.words()),
            other => AppError::Other(other.words()),
        }
    }
}

impl From<crate::services::privacy::PrivacyError> for AppError {
    fn from(e: crate::services::privacy::PrivacyError) -> AppError {
        use crate::services::privacy::PrivacyError;
        match e {
            PrivacyError::Storage(s) => s.into(),
            // A wrong or unset PIN, two that differ: the same again cannot pass.
            PrivacyError::Pin(_) => AppError::Refused(e.words()),
            PrivacyError::Hash(_) => AppError::Other(e.words()),
        }
    }
}

/// Any layer's error that says itself in both languages, when nothing better is known of it:
/// retryable.
impl AppError {
    pub fn other(e: &impl Bilingual) -> AppError {
        AppError::Other(e.words())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_and_a_busy_database_are_retryable_a_damaged_or_refused_one_is_not() {
        assert!(AppError::from(StorageError::DiskFull).retryable());
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        );
        assert!(matches!(AppError::from(StorageError::Sql(busy)), AppError::Busy(_)));
        let damaged =
            rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT), None);
        let damaged = AppError::from(StorageError::Sql(damaged));
        assert!(matches!(damaged, AppError::Database(_)) && !damaged.retryable());
        let newer = AppError::from(StorageError::SchemaTooNew { found: 9, supported: 5 });
        assert!(!newer.retryable());
        let taken = crate::storage::OrderError::NumberTaken {
            number: "B1".into(),
            by_order: 1,
            customer: "赵六".into(),
        };
        assert!(!AppError::from(StorageError::Order(taken)).retryable());
    }

    #[test]
    fn the_message_keeps_the_layers_words_and_says_what_to_do_in_the_language() {
        let e = AppError::from(StorageError::DiskFull);
        assert_eq!(e.message(Lang::Zh), format!("{}（{}）", e.detail().zh, Label::DoFreeDisk.get(Lang::Zh)));
        assert!(e.message(Lang::En).contains(Label::DoFreeDisk.get(Lang::En)));
        let io = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(matches!(
            AppError::io(Words::new("写入 a.jpg", "writing a.jpg"), &io),
            AppError::DiskFull(_)
        ));
        assert!(!AppError::from(StorageError::DiskFull).message(Lang::En).chars().any(|c| c > '\u{2fff}'));
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let denied = AppError::io(Words::new("写入 a.jpg", "writing a.jpg"), &denied);
        assert!(matches!(&denied, AppError::File(_)));
        assert!(denied.message(Lang::En).starts_with("writing a.jpg: "), "{}", denied.message(Lang::En));
    }
}
