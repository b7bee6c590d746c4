//! Who issues an order's image number (设置 → 编号), per document type.
//!
//! - **本店编号** (`Studio`): the studio allocates the number in the platform's layout at approval and
//!   the receipt prints at once. Right where the studio itself is the issuing collection point, and
//!   for the studio's own 标准像.
//! - **平台编号** (`Platform`): the collection platform issues it. The approved order waits as 待上传
//!   with its upload JPEG; the operator uploads it on the platform's web page, then attaches the number
//!   the platform gave (typed or scanned), and only then does the receipt print.
//!
//! A document type never set is 本店编号: what every studio did before the choice existed, and what
//! every order stored before it is.

use super::spec::{DocumentType, PhotoSpec};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NumberingMode {
    #[default]
    Studio,
    Platform,
}

impl NumberingMode {
    pub const ALL: [NumberingMode; 2] = [NumberingMode::Platform, NumberingMode::Studio];

    /// The settings value.
    pub fn code(self) -> &'static str {
        match self {
            NumberingMode::Studio => "studio",
            NumberingMode::Platform => "platform",
        }
    }

    pub fn from_code(code: &str) -> Option<NumberingMode> {
        Self::ALL.into_iter().find(|m| m.code() == code.trim())
    }

    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            NumberingMode::Studio => ("本店编号", "Studio numbers"),
            NumberingMode::Platform => ("平台编号", "Platform numbers"),
        }
    }
}

/// The studio's choice for each document type (types not listed: 本店编号).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NumberingModes {
    pub modes: std::collections::BTreeMap<DocumentType, NumberingMode>,
}

impl NumberingModes {
    /// Every type with a platform layout set to `mode` (the first-start dialog's one question).
    pub fn all(mode: NumberingMode) -> NumberingModes {
        NumberingModes { modes: choosable().into_iter().map(|d| (d, mode)).collect() }
    }

    pub fn mode(&self, document: DocumentType) -> NumberingMode {
        self.modes.get(&document).copied().unwrap_or_default()
    }

    /// How an approval for `spec` gets its number: 平台编号 only where [`can_await_upload`].
    pub fn for_spec(&self, spec: &PhotoSpec) -> NumberingMode {
        if can_await_upload(spec) { self.mode(spec.document) } else { NumberingMode::Studio }
    }
}

/// Whether an order for `spec` can wait for a platform's number: the spec has the platform's layout
/// to check the attached number against, and is uploaded to a platform at all (the studio's own
/// 标准像 and a spec without a layout are numbered here whatever the setting).
pub fn can_await_upload(spec: &PhotoSpec) -> bool {
    spec.numbering.is_some() && spec.document != DocumentType::Standard
}

/// How long an order has waited, as the 待上传 list says it: minutes, then hours, then days.
pub fn waited(minutes: i64, lang: super::Lang) -> String {
    let m = minutes.max(0);
    let (zh, en) = match m {
        0..60 => (format!("{m} 分钟"), format!("{m} min")),
        60..1440 => (format!("{} 小时 {} 分", m / 60, m % 60), format!("{} h {} min", m / 60, m % 60)),
        _ => (format!("{} 天", m / 1440), format!("{} d", m / 1440)),
    };
    match lang {
        super::Lang::Zh => zh,
        super::Lang::En => en,
    }
}

/// The document types a studio chooses for: those uploaded to a collection platform.
pub fn choosable() -> Vec<DocumentType> {
    DocumentType::ALL.into_iter().filter(|d| *d != DocumentType::Standard).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_types_are_numbered_by_the_studio_and_codes_round_trip() {
        let n = NumberingModes::default();
        assert_eq!(n.mode(DocumentType::IdCard), NumberingMode::Studio);
        let n = NumberingModes::all(NumberingMode::Platform);
        assert_eq!(n.mode(DocumentType::IdCard), NumberingMode::Platform);
        assert_eq!(n.mode(DocumentType::Standard), NumberingMode::Studio);
        for m in NumberingMode::ALL {
            assert_eq!(NumberingMode::from_code(m.code()), Some(m));
        }
        assert_eq!(NumberingMode::from_code("平台"), None);
        assert_eq!(waited(-3, super::super::Lang::Zh), "0 分钟");
        assert_eq!(waited(135, super::super::Lang::Zh), "2 小时 15 分");
        assert_eq!(waited(3000, super::super::Lang::En), "2 d");
    }
}
