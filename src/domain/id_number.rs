//! Resident ID numbers (公民身份号码) by GB 11643-1999, checked as the collection platform checks
//! them (its `checkID` in `JS/checkidcard.js`: 18 characters, a province code, a real birth date,
//! the check character) and stricter where the platform is lax: a birth date in the future is
//! refused, and the province must exist in GB/T 2260.
//!
//! Old 15-digit numbers (GB 11643-1989: area, YYMMDD, sequence, no check character) are refused
//! with their 18-digit form (insert `19`, compute the check character) for the operator to confirm
//! with the customer: the platform accepts only 18 digits, and no receipt prints or encodes a
//! 15-digit number.

use chrono::{Datelike, NaiveDate};

use super::typed_text::{compact_code, show_char};

/// GB 11643 weights over the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The province-level codes of GB/T 2260 (the first two digits of every area code): 11–15 North,
/// 21–23 North-east, 31–37 East, 41–46 Central-south, 50–54 South-west, 61–65 North-west, 71
/// Taiwan, 81 Hong Kong, 82 Macao; plus 83, which the 港澳台居民居住证 rules (2018) give Taiwan
/// residents' residence permits (81 and 82 serve the Hong Kong and Macao ones).
pub fn province_exists(code: u32) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// Earliest birth year accepted: nobody born before it holds a resident ID.
const FIRST_BIRTH_YEAR: i32 = 1880;

/// Why an ID number is not valid, in the words the counter shows next to the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("身份证号应为 18 位，现在是 {0} 位")]
    Length(usize),
    #[error("身份证号第 {position} 位「{found}」不对：只能是数字，最后一位可为 X")]
    Character { position: usize, found: String },
    #[error("身份证号前两位 {0} 不是省级行政区划代码")]
    Province(String),
    #[error("身份证号中的出生日期 {0} 不存在")]
    BirthDate(String),
    #[error("身份证号中的出生日期 {0} 晚于今天")]
    FutureBirth(String),
    #[error("身份证号校验位错误（应为 {expected}），请核对")]
    Check { expected: char },
    /// An old 15-digit number; `upgraded` is its 18-digit form for the operator to confirm.
    #[error("这是旧版 15 位号码，平台只收 18 位：请向顾客核对 18 位号码 {upgraded}")]
    Old15 { upgraded: String },
}

/// The check character of an 18-digit number from its first 17 digits.
pub fn id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK.get((sum % 11) as usize).copied()
}

/// The 18-digit form of a 15-digit number (GB 11643-1999 §5: `19` before the birth year, then the
/// check character); `None` unless `old` is 15 ASCII digits.
pub fn upgrade_15(old: &str) -> Option<String> {
    if old.len() != 15 || !old.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let first17 = format!("{}19{}", &old[..6], &old[6..]);
    let check = id_check_char(&first17)?;
    Some(format!("{first17}{check}"))
}

/// A valid 18-digit resident ID number as typed (full-width digits, spaces, dashes and a lower-case
/// `x` are accepted), normalised; `today` bounds the birth date.
pub fn validate_id_number(text: &str, today: NaiveDate) -> Result<String, IdNumberError> {
    let id = compact_code(text);
    let chars: Vec<char> = id.chars().collect();
    let digits_until = |end: usize| {
        chars
            .iter()
            .take(end)
            .position(|c| !c.is_ascii_digit())
            .map(|i| IdNumberError::Character { position: i + 1, found: show_char(chars[i]) })
    };
    match chars.len() {
        18 => {
            if let Some(e) = digits_until(17) {
                return Err(e);
            }
            if !(chars[17].is_ascii_digit() || chars[17] == 'X') {
                return Err(IdNumberError::Character { position: 18, found: show_char(chars[17]) });
            }
            // Every character is ASCII from here on, so byte ranges are character ranges.
            province(&id)?;
            birth_date(&id[6..14], today)?;
            let expected = id_check_char(&id[..17]).ok_or(IdNumberError::Length(18))?;
            if chars[17] != expected {
                return Err(IdNumberError::Check { expected });
            }
            Ok(id)
        }
        15 => {
            if let Some(e) = digits_until(15) {
                return Err(e);
            }
            province(&id)?;
            birth_date(&format!("19{}", &id[6..12]), today)?;
            let upgraded = upgrade_15(&id).ok_or(IdNumberError::Length(15))?;
            Err(IdNumberError::Old15 { upgraded })
        }
        n => Err(IdNumberError::Length(n)),
    }
}

/// The first two characters (ASCII digits) name a province of GB/T 2260.
fn province(id: &str) -> Result<(), IdNumberError> {
    let code = id.get(..2).unwrap_or_default();
    match code.parse::<u32>() {
        Ok(c) if province_exists(c) => Ok(()),
        _ => Err(IdNumberError::Province(code.to_owned())),
    }
}

fn birth_date(yyyymmdd: &str, today: NaiveDate) -> Result<NaiveDate, IdNumberError> {
    let date = NaiveDate::parse_from_str(yyyymmdd, "%Y%m%d")
        .ok()
        .filter(|d| d.year() >= FIRST_BIRTH_YEAR)
        .ok_or_else(|| IdNumberError::BirthDate(yyyymmdd.to_owned()))?;
    if date > today {
        return Err(IdNumberError::FutureBirth(yyyymmdd.to_owned()));
    }
    Ok(date)
}

impl super::i18n::Bilingual for IdNumberError {
    fn en(&self) -> String {
        match self {
            IdNumberError::Length(n) => format!("An ID number has 18 characters; this one has {n}"),
            IdNumberError::Character { position, found } => {
                format!("ID number character {position} \"{found}\" is wrong: digits only, the last may be X")
            }
            IdNumberError::Province(p) => {
                format!("The ID number's first two digits {p} are not a province code")
            }
            IdNumberError::BirthDate(d) => format!("The birth date {d} in the ID number does not exist"),
            IdNumberError::FutureBirth(d) => format!("The birth date {d} in the ID number is after today"),
            IdNumberError::Check { expected } => {
                format!("The ID number's check character is wrong (should be {expected}): please check it")
            }
            IdNumberError::Old15 { upgraded } => format!(
                "An old 15-digit number; the platform takes 18 digits: check {upgraded} with the customer"
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

    fn check(id: &str) -> Result<String, IdNumberError> {
        validate_id_number(id, today())
    }

    #[test]
    fn gb_11643_numbers() {
        assert_eq!(check("11010519491231002x"), Ok("11010519491231002X".into()));
        assert_eq!(check("440524 18800101 0014"), Ok("440524188001010014".into()));
        assert_eq!(check("440524188001010015"), Err(IdNumberError::Check { expected: '4' }));
        assert_eq!(check("440524188002300014"), Err(IdNumberError::BirthDate("18800230".into())));
        assert_eq!(check("4405241880"), Err(IdNumberError::Length(10)));
        assert_eq!(
            check("44052418800101001A"),
            Err(IdNumberError::Character { position: 18, found: "A".into() })
        );
    }

    #[test]
    fn the_two_strings_that_crashed_the_counter() {
        // 15 ASCII digits and a full-width ８: folded to 16 digits, a length error, no panic.
        assert_eq!(check("440103194910014\u{FF18}"), Err(IdNumberError::Length(16)));
        // 16 digits and an é (two bytes): 17 characters.
        assert_eq!(check("4401031949100149é"), Err(IdNumberError::Length(17)));
        assert_eq!(check("440103194910014é9"), Err(IdNumberError::Length(17)));
        assert_eq!(
            check("44010319491001é49X"),
            Err(IdNumberError::Character { position: 15, found: "É".into() })
        );
        // 18 full-width digits are an ID number, and the length counts characters.
        let full_width: String =
            "11010519491231002X".chars().map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap()).collect();
        assert_eq!(check(&full_width), Ok("11010519491231002X".into()));
        assert_eq!(IdNumberError::Length(18 - 1).to_string(), "身份证号应为 18 位，现在是 17 位");
        assert_eq!(check("４４０１０３"), Err(IdNumberError::Length(6)));
        // A combining mark after a digit is shown by its code point.
        assert_eq!(
            check("440524188001010\u{0301}14"),
            Err(IdNumberError::Character { position: 16, found: "U+0301".into() })
        );
    }

    #[test]
    fn provinces_that_do_not_exist_are_refused() {
        for code in ["10", "19", "20", "39", "47", "55", "68", "72", "80", "90", "91", "99", "00"] {
            let body = format!("{code}0524188001010014");
            let id = format!("{}{}", &body[..17], id_check_char(&body[..17]).unwrap());
            assert_eq!(check(&id), Err(IdNumberError::Province(code.into())), "{id}");
        }
        for code in [11, 15, 21, 23, 31, 37, 41, 46, 50, 54, 61, 65, 71, 81, 82, 83] {
            let body = format!("{code}0524188001010014");
            let id = format!("{}{}", &body[..17], id_check_char(&body[..17]).unwrap());
            assert_eq!(check(&id), Ok(id.clone()), "{id}");
        }
    }

    #[test]
    fn a_birth_date_in_the_future_is_refused() {
        let body = "44030520261202001";
        let id = format!("{body}{}", id_check_char(body).unwrap());
        assert_eq!(check(&id), Err(IdNumberError::FutureBirth("20261202".into())));
        let body = "44030520261201001";
        let id = format!("{body}{}", id_check_char(body).unwrap());
        assert_eq!(check(&id), Ok(id.clone()), "born today");
    }

    #[test]
    fn old_15_digit_numbers_are_offered_as_18() {
        assert_eq!(upgrade_15("440524800101001").as_deref(), Some("440524198001010013"));
        assert_eq!(
            check("440524800101001"),
            Err(IdNumberError::Old15 { upgraded: "440524198001010013".into() })
        );
        assert_eq!(check(&upgrade_15("440524800101001").unwrap()), Ok("440524198001010013".into()));
        assert_eq!(check("440524801301001"), Err(IdNumberError::BirthDate("19801301".into())));
        assert_eq!(check("100524800101001"), Err(IdNumberError::Province("10".into())));
        assert_eq!(upgrade_15("44052480010100"), None);
        assert_eq!(upgrade_15("44052480010100é"), None);
    }
}
