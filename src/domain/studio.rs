//! The studio's own details (name, address, phone), printed on every receipt as the collection unit.

use crate::domain::Label;

/// What the settings screen edits and receipts print.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StudioInfo {
    pub name: String,
    pub address: String,
    pub phone: String,
    /// The studio's city, as the specs name it (`shenzhen`); empty when not chosen. Its documents
    /// come first in the spec picker and its ID card is the default spec.
    pub city: String,
}

/// Why a studio form was refused; each maps to a label of the translation table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StudioInfoError {
    #[error("studio name is empty")]
    NameEmpty,
    #[error("studio name is longer than 60 characters")]
    NameTooLong,
    #[error("studio address is longer than 120 characters")]
    AddressTooLong,
    #[error("studio phone is not a phone number")]
    PhoneInvalid,
}

impl StudioInfoError {
    pub fn label(self) -> Label {
        match self {
            StudioInfoError::NameEmpty => Label::ErrStudioNameEmpty,
            StudioInfoError::NameTooLong => Label::ErrStudioNameTooLong,
            StudioInfoError::AddressTooLong => Label::ErrStudioAddressTooLong,
            StudioInfoError::PhoneInvalid => Label::ErrStudioPhoneInvalid,
        }
    }
}

impl StudioInfo {
    /// A name is set: receipts may be printed (the name is their 采集服务单位).
    pub fn named(&self) -> bool {
        !super::typed_text::tidy(&self.name).is_empty()
    }

    /// Trims the fields and checks them; every problem is listed, so the form can mark each field.
    pub fn validated(&self) -> Result<StudioInfo, Vec<StudioInfoError>> {
        use super::typed_text::{fold, tidy};
        let info = StudioInfo {
            name: tidy(&self.name),
            address: tidy(&self.address),
            phone: tidy(&fold(&self.phone)),
            city: tidy(&self.city).to_lowercase(),
        };
        let mut errors = Vec::new();
        if info.name.is_empty() {
            errors.push(StudioInfoError::NameEmpty);
        } else if info.name.chars().count() > 60 {
            errors.push(StudioInfoError::NameTooLong);
        }
        if info.address.chars().count() > 120 {
            errors.push(StudioInfoError::AddressTooLong);
        }
        if !info.phone.is_empty() && !is_phone_like(&info.phone) {
            errors.push(StudioInfoError::PhoneInvalid);
        }
        if errors.is_empty() { Ok(info) } else { Err(errors) }
    }
}

/// A studio phone may be a landline (`0755-8888 6666`) or a mobile (`+86 138…`).
fn is_phone_like(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    s.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
        && (6..=20).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(name: &str, address: &str, phone: &str) -> StudioInfo {
        StudioInfo { name: name.into(), address: address.into(), phone: phone.into(), city: String::new() }
    }

    #[test]
    fn trims_and_accepts_landlines_and_mobiles() {
        let ok = info("  幸福照相馆 ", "深圳市福田区", "0755-8888 6666").validated().unwrap();
        assert_eq!(ok.name, "幸福照相馆");
        assert!(info("A", "", "+86 138 0013 8000").validated().is_ok());
        assert!(info("A", "", "").validated().is_ok(), "phone is optional");
        let typed = info(
            "\u{3000}幸福\u{3000}照相馆\u{200B}",
            "福田区  深南大道",
            "０７５５－８８８８\u{3000}６６６６",
        )
        .validated()
        .unwrap();
        assert_eq!(
            (typed.name.as_str(), typed.address.as_str(), typed.phone.as_str()),
            ("幸福 照相馆", "福田区 深南大道", "0755-8888 6666")
        );
    }

    #[test]
    fn the_receipt_needs_a_name() {
        assert!(!StudioInfo::default().named());
        assert!(!info(" \u{3000}", "", "").named());
        assert!(info("幸福照相馆", "", "").named());
    }

    #[test]
    fn lists_every_problem() {
        let long_name = "照".repeat(61);
        let long_addr = "路".repeat(121);
        let errs = info(&long_name, &long_addr, "call me").validated().unwrap_err();
        assert_eq!(
            errs,
            vec![
                StudioInfoError::NameTooLong,
                StudioInfoError::AddressTooLong,
                StudioInfoError::PhoneInvalid
            ]
        );
        assert_eq!(
            info(" ", "", "12345").validated().unwrap_err(),
            vec![StudioInfoError::NameEmpty, StudioInfoError::PhoneInvalid]
        );
    }
}
