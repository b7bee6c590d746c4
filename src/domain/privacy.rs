//! Privacy rules (PIPL): the manager's PIN format, how long photos are kept, how many backups.

use chrono::{Days, NaiveDate};

/// The settings' default retention: photos and originals are kept this many days after the order.
/// Receipts are valid for at most 6 months, re-shoots follow within days; a year covers complaints.
pub const DEFAULT_RETENTION_DAYS: u32 = 365;
/// The shortest retention a manager can set: a receipt must stay re-printable while it is valid.
pub const MIN_RETENTION_DAYS: u32 = 30;
pub const MAX_RETENTION_DAYS: u32 = 3650;
/// Daily backups kept by default.
pub const DEFAULT_BACKUPS_KEPT: u32 = 14;
pub const MAX_BACKUPS_KEPT: u32 = 365;
/// How long the manager's PIN stays unlocked without being entered again.
pub const UNLOCK_MINUTES: i64 = 10;

/// Wrong PINs allowed within [`LOCKOUT_MINUTES`] before the PIN is refused for that long.
pub const MAX_WRONG_PINS: u32 = 5;
pub const LOCKOUT_MINUTES: i64 = 5;

/// The manager PIN: 4 to 8 digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(****)")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("店长密码应为 4 到 8 位数字")]
    Format,
    #[error("两次输入的店长密码不一致")]
    Mismatch,
    #[error("店长密码不对")]
    Wrong,
    #[error("店长密码连续输错 {MAX_WRONG_PINS} 次，请 {LOCKOUT_MINUTES} 分钟后再试")]
    TooManyTries,
    #[error("还没有设置店长密码：请先在「设置 › 隐私与备份」里设置")]
    NotSet,
}

impl Pin {
    /// 4 to 8 digits as typed (full-width digits count as digits; spaces around are ignored).
    pub fn parse(text: &str) -> Result<Pin, PinError> {
        let t = super::typed_text::squeeze(text);
        if (4..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Pin(t.to_owned()))
        } else {
            Err(PinError::Format)
        }
    }

    /// A new PIN typed twice.
    pub fn new_pair(first: &str, again: &str) -> Result<Pin, PinError> {
        let pin = Pin::parse(first)?;
        if Pin::parse(again).ok().as_ref() != Some(&pin) {
            return Err(PinError::Mismatch);
        }
        Ok(pin)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Retention of photos in days; 0 is never accepted (photos must go some day).
pub fn retention_days(text: &str) -> Result<u32, String> {
    let bad = || format!("保留天数应为 {MIN_RETENTION_DAYS} 到 {MAX_RETENTION_DAYS} 之间的整数");
    let days: u32 = super::typed_text::squeeze(text).parse().map_err(|_| bad())?;
    if (MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&days) { Ok(days) } else { Err(bad()) }
}

/// Number of daily backups to keep (1 to 365).
pub fn backups_kept(text: &str) -> Result<u32, String> {
    let bad = || format!("保留备份份数应为 1 到 {MAX_BACKUPS_KEPT} 之间的整数");
    let n: u32 = super::typed_text::squeeze(text).parse().map_err(|_| bad())?;
    if (1..=MAX_BACKUPS_KEPT).contains(&n) { Ok(n) } else { Err(bad()) }
}

/// Orders created before this day lose their photos when the retention is `days`.
pub fn purge_before(today: NaiveDate, days: u32) -> NaiveDate {
    today.checked_sub_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MIN)
}

impl super::i18n::Bilingual for PinError {
    fn en(&self) -> String {
        match self {
            PinError::Format => "The manager PIN is 4 to 8 digits".into(),
            PinError::Mismatch => "The two PINs differ".into(),
            PinError::Wrong => "Wrong manager PIN".into(),
            PinError::TooManyTries => {
                format!("{MAX_WRONG_PINS} wrong PINs in a row: try again in {LOCKOUT_MINUTES} minutes")
            }
            PinError::NotSet => "No manager PIN yet: set one in Settings › Privacy".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_eight_digits_and_never_printed() {
        assert!(Pin::parse("1234").is_ok());
        assert!(Pin::parse(" 12345678 ").is_ok());
        assert_eq!(Pin::parse("２５８０").map(|p| p.as_str().to_owned()), Ok("2580".into()));
        assert!(Pin::new_pair("2580", "２５８０").is_ok());
        // Typed in full-width mode or with a space, it is still the PIN.
        assert!(Pin::parse("１２３４").is_ok() && Pin::parse("12 34").is_ok());
        for bad in ["", "123", "123456789", "12a4", "12\u{301}34", "12-34"] {
            assert_eq!(Pin::parse(bad), Err(PinError::Format), "{bad}");
        }
        assert_eq!(Pin::new_pair("2580", "2581"), Err(PinError::Mismatch));
        assert_eq!(format!("{:?}", Pin::parse("2580").unwrap()), "Pin(****)");
    }

    #[test]
    fn retention_and_backup_counts_are_bounded() {
        assert_eq!(retention_days("180"), Ok(180));
        assert!(retention_days("0").is_err());
        assert!(retention_days("29").is_err());
        assert!(retention_days("abc").unwrap_err().contains("保留天数"));
        assert_eq!(backups_kept("14"), Ok(14));
        assert!(backups_kept("0").is_err());
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(purge_before(today, 30), NaiveDate::from_ymd_opt(2026, 10, 24).unwrap());
    }
}
