//! Customer data as the counter types it, validated by the rules of domain.md §6: resident ID
//! number (`id_number`), mainland mobile phone, a name, 户籍地, price and notes. Every field goes
//! through `typed_text` first (full-width digits, ideographic spaces, a lower-case x), so nothing a
//! person types can panic here. Masking for lists and exports (PIPL).

use chrono::NaiveDate;

use super::i18n::{Bilingual, Words};
pub use super::id_number::{IdNumberError, id_check_char, upgrade_15, validate_id_number};
use super::typed_text::{bounded, compact_code, squeeze};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("手机号应为 11 位数字、以 1 开头（第二位 3–9），可带 +86；现在是 {found} 位")]
    Invalid { found: usize },
}

/// A mainland mobile number as typed (`+86 138-0013-8000`, `（86）13800138000`, full-width digits),
/// without `+86`/`0086`/`86`, spaces, dashes or brackets.
pub fn validate_phone(text: &str) -> Result<String, PhoneError> {
    let digits: String = compact_code(text).chars().filter(|c| !matches!(c, '(' | ')')).collect();
    let digits = ["+86", "0086", "86"]
        .iter()
        .find_map(|p| digits.strip_prefix(p).filter(|rest| rest.chars().count() == 11))
        .unwrap_or(&digits);
    let b = digits.as_bytes();
    let ok =
        b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    if ok { Ok(digits.to_owned()) } else { Err(PhoneError::Invalid { found: digits.chars().count() }) }
}

/// `4405**********0014`: the first 4 and last 4 characters of an ID number.
pub fn mask_id_number(id: &str) -> String {
    mask(id, 4, 4)
}

/// `138****5678`.
pub fn mask_phone(phone: &str) -> String {
    mask(phone, 3, 4)
}

fn mask(text: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= chars.len() - tail { *c } else { '*' })
        .collect()
}

/// The customer as typed at the counter.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CustomerDraft {
    pub name: String,
    pub phone: String,
    pub id_number: String,
    /// 户籍地 / 居住地.
    pub hukou: String,
}

/// A field that is wrong, and why (shown next to it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: CustomerField,
    pub message: Words,
    /// What the field should probably say, for the operator to confirm with one click (the
    /// 18-digit form of an old 15-digit ID number).
    pub suggestion: Option<String>,
}

impl FieldError {
    pub fn new(field: CustomerField, message: Words) -> FieldError {
        FieldError { field, message, suggestion: None }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomerField {
    Name,
    Phone,
    IdNumber,
    Hukou,
    Price,
    Notes,
    ImageNumber,
}

/// Longest customer name (minority names with a middle dot run to about 20).
pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_HUKOU_CHARS: usize = 60;
pub const MAX_NOTES_CHARS: usize = 200;

/// 10,000 元: anything above is a typing slip.
const MAX_PRICE_FEN: u32 = 1_000_000;

/// A price typed in 元 (`35`, `35.5`, `35.50`, `￥35`, `35元`, full-width digits) in fen; empty
/// gives `default_fen`.
pub fn parse_price_yuan(text: &str, default_fen: u32) -> Result<u32, FieldError> {
    let bad = || {
        FieldError::new(
            CustomerField::Price,
            Words::new("价格应为元，例如 35 或 35.50", "A price in yuan, e.g. 35 or 35.50"),
        )
    };
    let t = squeeze(text);
    let t = t.trim_start_matches('¥').trim_end_matches('元');
    if t.is_empty() {
        return Ok(default_fen);
    }
    let (yuan, fen) = t.split_once('.').unwrap_or((t, ""));
    if yuan.is_empty() || fen.len() > 2 || !yuan.bytes().chain(fen.bytes()).all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let yuan: u32 = yuan.parse().map_err(|_| bad())?;
    let fen: u32 = format!("{fen:0<2}").parse().map_err(|_| bad())?;
    yuan.checked_mul(100).and_then(|y| y.checked_add(fen)).filter(|p| *p <= MAX_PRICE_FEN).ok_or_else(bad)
}

/// The counter's notes on an order, tidied; at most [`MAX_NOTES_CHARS`] characters.
pub fn validate_notes(text: &str) -> Result<String, FieldError> {
    bounded(text, MAX_NOTES_CHARS).map_err(|e| {
        FieldError::new(CustomerField::Notes, Words::new(format!("备注{e}"), format!("Notes: {}", e.en())))
    })
}

/// Validated customer data; empty optional fields are `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    pub name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub hukou: Option<String>,
}

impl CustomerDraft {
    /// Every wrong field at once; `id_required` for documents that need it (driving licence);
    /// `today` bounds the birth date in the ID number.
    pub fn validated(&self, id_required: bool, today: NaiveDate) -> Result<Customer, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = match bounded(&self.name, MAX_NAME_CHARS) {
            Ok(n) if n.is_empty() => {
                errors.push(FieldError::new(
                    CustomerField::Name,
                    Words::new("请填写顾客姓名", "Please enter the customer's name"),
                ));
                String::new()
            }
            Ok(n) => n,
            Err(e) => {
                errors.push(FieldError::new(
                    CustomerField::Name,
                    Words::new(format!("姓名过长：{e}"), format!("Name too long: {}", e.en())),
                ));
                String::new()
            }
        };
        let phone = match compact_code(&self.phone).as_str() {
            "" => None,
            _ => validate_phone(&self.phone)
                .map_err(|e| errors.push(FieldError::new(CustomerField::Phone, e.words())))
                .ok(),
        };
        let id_number = match compact_code(&self.id_number).as_str() {
            "" if id_required => {
                errors.push(FieldError::new(
                    CustomerField::IdNumber,
                    Words::new("此证件必须填写身份证号", "This document needs the ID number"),
                ));
                None
            }
            "" => None,
            _ => validate_id_number(&self.id_number, today)
                .map_err(|e| {
                    let suggestion = match &e {
                        IdNumberError::Old15 { upgraded } => Some(upgraded.clone()),
                        _ => None,
                    };
                    errors.push(FieldError { field: CustomerField::IdNumber, message: e.words(), suggestion })
                })
                .ok(),
        };
        let hukou = match bounded(&self.hukou, MAX_HUKOU_CHARS) {
            Ok(h) => Some(h).filter(|h| !h.is_empty()),
            Err(e) => {
                errors.push(FieldError::new(
                    CustomerField::Hukou,
                    Words::new(
                        format!("户籍地过长：{e}"),
                        format!("Registered residence too long: {}", e.en()),
                    ),
                ));
                None
            }
        };
        if errors.is_empty() { Ok(Customer { name, phone, id_number, hukou }) } else { Err(errors) }
    }
}

impl super::i18n::Bilingual for PhoneError {
    fn en(&self) -> String {
        match self {
            PhoneError::Invalid { found } => format!(
                "A mobile number has 11 digits starting with 1 (second digit 3–9), +86 allowed; this one has {found}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    #[test]
    fn phones_and_masks() {
        assert_eq!(validate_phone("+86 138-0013-8000"), Ok("13800138000".into()));
        assert_eq!(validate_phone("8613800138000"), Ok("13800138000".into()));
        assert_eq!(validate_phone("（86）１３８００１３８０００"), Ok("13800138000".into()));
        assert_eq!(validate_phone("0086 138 0013 8000"), Ok("13800138000".into()));
        assert_eq!(validate_phone("12800138000"), Err(PhoneError::Invalid { found: 11 }));
        assert_eq!(validate_phone("1380013800"), Err(PhoneError::Invalid { found: 10 }));
        assert_eq!(validate_phone("１３８é"), Err(PhoneError::Invalid { found: 4 }));
        assert_eq!(mask_id_number("440524188001010014"), "4405**********0014");
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("12"), "**");
    }

    #[test]
    fn prices_in_yuan() {
        assert_eq!(parse_price_yuan("", 3500), Ok(3500));
        assert_eq!(parse_price_yuan("40", 3500), Ok(4000));
        assert_eq!(parse_price_yuan("￥35.5", 0), Ok(3550));
        assert_eq!(parse_price_yuan("35.05", 0), Ok(3505));
        assert_eq!(parse_price_yuan("３５．５ 元", 0), Ok(3550));
        for bad in ["35.555", "-5", "abc", "1e3", ".5", "20000", "99999999999999", "3５x"] {
            assert!(parse_price_yuan(bad, 0).is_err(), "{bad}");
        }
    }

    #[test]
    fn drafts_report_every_wrong_field() {
        let draft = CustomerDraft {
            name: " ".into(),
            phone: "123".into(),
            id_number: "1".into(),
            hukou: "长".repeat(61),
        };
        let errors = draft.validated(false, today()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [CustomerField::Name, CustomerField::Phone, CustomerField::IdNumber, CustomerField::Hukou]
        );
        assert_eq!(errors[3].message, "户籍地过长：最多 60 个字，现在是 61 个字");
        let draft = CustomerDraft { name: "张三".into(), ..Default::default() };
        assert_eq!(draft.validated(true, today()).unwrap_err()[0].field, CustomerField::IdNumber);
        let ok = draft.validated(false, today()).unwrap();
        assert_eq!((ok.name.as_str(), ok.phone, ok.id_number, ok.hukou), ("张三", None, None, None));
    }

    #[test]
    fn typed_as_with_an_ime_in_full_width_mode() {
        let draft = CustomerDraft {
            name: "\u{3000}欧阳\u{3000}玥\u{200B}".into(),
            phone: "１３８ ００１３ ８０００".into(),
            id_number: "１１０１０５１９４９１２３１００２ｘ".into(),
            hukou: "广东省\u{3000}深圳市".into(),
        };
        let c = draft.validated(true, today()).unwrap();
        assert_eq!(c.name, "欧阳 玥");
        assert_eq!(c.phone.as_deref(), Some("13800138000"));
        assert_eq!(c.id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(c.hukou.as_deref(), Some("广东省 深圳市"));
    }

    #[test]
    fn an_old_15_digit_number_comes_back_with_its_18_digit_form() {
        let draft =
            CustomerDraft {
                name: "张三".into(), id_number: "440524800101001".into(), ..Default::default()
            };
        let errors = draft.validated(true, today()).unwrap_err();
        assert_eq!(errors[0].suggestion.as_deref(), Some("440524198001010013"));
        let fixed = CustomerDraft { id_number: errors[0].suggestion.clone().unwrap(), ..draft };
        assert_eq!(fixed.validated(true, today()).unwrap().id_number.as_deref(), Some("440524198001010013"));
    }

    #[test]
    fn names_and_notes_count_characters() {
        let draft = CustomerDraft { name: "玥".repeat(41), ..Default::default() };
        let e = draft.validated(false, today()).unwrap_err();
        assert_eq!(e[0].message, "姓名过长：最多 40 个字，现在是 41 个字");
        assert_eq!(validate_notes(" 加急\u{3000}两张 "), Ok("加急 两张".into()));
        assert!(validate_notes(&"备".repeat(201)).is_err());
    }
}
