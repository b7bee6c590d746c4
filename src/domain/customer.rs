//! Customer data as the counter types it, validated by the rules of domain.md §6: resident ID
//! number (GB 11643-1999 check character and birth date; old 15-digit numbers), mainland mobile
//! phone, a name. Masking for lists and exports (PIPL).

use chrono::{Datelike, NaiveDate};

/// GB 11643 weights over the first 17 digits.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Why an ID number is not valid, in the words the counter shows next to the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("身份证号应为 18 位（或旧版 15 位），现在是 {0} 位")]
    Length(usize),
    #[error("身份证号只能是数字，最后一位可为 X")]
    Characters,
    #[error("身份证号中的出生日期 {0} 不存在")]
    BirthDate(String),
    #[error("身份证号校验位错误（应为 {expected}），请核对")]
    Check { expected: char },
}

/// The check character of an 18-digit number from its first 17 digits.
pub fn id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(ID_WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    Some(ID_CHECK[(sum % 11) as usize])
}

/// A valid resident ID number, normalised (upper-case X, no spaces).
pub fn validate_id_number(text: &str) -> Result<String, IdNumberError> {
    let id: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    match id.len() {
        18 => {
            let (body, last) = id.split_at(17);
            if !body.bytes().all(|b| b.is_ascii_digit())
                || !last.chars().all(|c| c.is_ascii_digit() || c == 'X')
            {
                return Err(IdNumberError::Characters);
            }
            birth_date(&id[6..14])?;
            let expected = id_check_char(body).ok_or(IdNumberError::Characters)?;
            if !last.starts_with(expected) {
                return Err(IdNumberError::Check { expected });
            }
        }
        15 => {
            if !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(IdNumberError::Characters);
            }
            birth_date(&format!("19{}", &id[6..12]))?;
        }
        n => return Err(IdNumberError::Length(n)),
    }
    Ok(id)
}

fn birth_date(yyyymmdd: &str) -> Result<NaiveDate, IdNumberError> {
    NaiveDate::parse_from_str(yyyymmdd, "%Y%m%d")
        .ok()
        .filter(|d| d.year() >= 1880)
        .ok_or_else(|| IdNumberError::BirthDate(yyyymmdd.to_owned()))
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("手机号应为 11 位、以 1 开头（第二位 3–9），可带 +86")]
    Invalid,
}

/// A mainland mobile number without `+86`/`86`, spaces or dashes.
pub fn validate_phone(text: &str) -> Result<String, PhoneError> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("86").filter(|d| d.len() == 11))
        .unwrap_or(&digits);
    let ok = digits.len() == 11
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.starts_with('1')
        && matches!(digits.as_bytes()[1], b'3'..=b'9');
    if ok { Ok(digits.to_owned()) } else { Err(PhoneError::Invalid) }
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomerField {
    Name,
    Phone,
    IdNumber,
    Price,
    ImageNumber,
}

/// 10,000 元: anything above is a typing slip.
const MAX_PRICE_FEN: u32 = 1_000_000;

/// A price typed in 元 (`35`, `35.5`, `35.50`, `￥35`) in fen; empty gives `default_fen`.
pub fn parse_price_yuan(text: &str, default_fen: u32) -> Result<u32, FieldError> {
    let bad = || FieldError {
        field: CustomerField::Price, message: "价格应为元，例如 35 或 35.50".into()
    };
    let t = text.trim().trim_start_matches(['¥', '￥']).trim();
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

/// Validated customer data; empty optional fields are `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    pub name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub hukou: Option<String>,
}

impl CustomerDraft {
    /// Every wrong field at once; `id_required` for documents that need it (driving licence).
    pub fn validated(&self, id_required: bool) -> Result<Customer, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(FieldError { field: CustomerField::Name, message: "请填写顾客姓名".into() });
        } else if name.chars().count() > 40 {
            errors.push(FieldError {
                field: CustomerField::Name, message: "姓名过长（最多 40 字）".into()
            });
        }
        let phone = match self.phone.trim() {
            "" => None,
            p => validate_phone(p)
                .map_err(|e| errors.push(FieldError { field: CustomerField::Phone, message: e.to_string() }))
                .ok(),
        };
        let id_number = match self.id_number.trim() {
            "" if id_required => {
                errors.push(FieldError {
                    field: CustomerField::IdNumber,
                    message: "此证件必须填写身份证号".into(),
                });
                None
            }
            "" => None,
            id => validate_id_number(id)
                .map_err(|e| {
                    errors.push(FieldError { field: CustomerField::IdNumber, message: e.to_string() })
                })
                .ok(),
        };
        let hukou = Some(self.hukou.trim().to_owned()).filter(|h| !h.is_empty());
        if errors.is_empty() {
            Ok(Customer { name: name.to_owned(), phone, id_number, hukou })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_by_gb_11643() {
        assert_eq!(validate_id_number("11010519491231002x"), Ok("11010519491231002X".into()));
        assert_eq!(validate_id_number("440524 18800101 0014"), Ok("440524188001010014".into()));
        assert_eq!(validate_id_number("440524188001010015"), Err(IdNumberError::Check { expected: '4' }));
        assert_eq!(
            validate_id_number("440524188002300014"),
            Err(IdNumberError::BirthDate("18800230".into()))
        );
        assert_eq!(validate_id_number("4405241880"), Err(IdNumberError::Length(10)));
        assert_eq!(validate_id_number("44052418800101001A"), Err(IdNumberError::Characters));
        assert_eq!(validate_id_number("440524800101001"), Ok("440524800101001".into()), "old 15-digit");
        assert!(validate_id_number("440524801301001").is_err(), "month 13");
    }

    #[test]
    fn phones_and_masks() {
        assert_eq!(validate_phone("+86 138-0013-8000"), Ok("13800138000".into()));
        assert_eq!(validate_phone("8613800138000"), Ok("13800138000".into()));
        assert_eq!(validate_phone("12800138000"), Err(PhoneError::Invalid));
        assert_eq!(validate_phone("1380013800"), Err(PhoneError::Invalid));
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
        for bad in ["35.555", "-5", "abc", "1e3", ".5", "20000"] {
            assert!(parse_price_yuan(bad, 0).is_err(), "{bad}");
        }
    }

    #[test]
    fn drafts_report_every_wrong_field() {
        let draft = CustomerDraft {
            name: " ".into(),
            phone: "123".into(),
            id_number: "1".into(),
            hukou: String::new(),
        };
        let errors = draft.validated(false).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [CustomerField::Name, CustomerField::Phone, CustomerField::IdNumber]);
        let draft = CustomerDraft { name: "张三".into(), ..Default::default() };
        assert_eq!(draft.validated(true).unwrap_err()[0].field, CustomerField::IdNumber);
        let ok = draft.validated(false).unwrap();
        assert_eq!((ok.name.as_str(), ok.phone, ok.id_number, ok.hukou), ("张三", None, None, None));
    }
}
