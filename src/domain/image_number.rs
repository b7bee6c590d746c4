//! Image numbers (图像号): per-spec layout templates, rendering, validation and the check character.
//!
//! A template is a string of literal characters `0-9A-Z` and placeholders:
//! `{L}` the city letter, `{yymmdd}` the upload date, `{serial:N}` an N-digit decimal serial,
//! `{hex:N}` an N-digit upper-case hexadecimal serial, `{check}` the platform's mod-11 check character
//! over the 13 characters before it. A rendered number has 15 or 18 characters (domain.md §3).

use std::fmt;

use chrono::NaiveDate;

/// Weights of the platform's check character (domain.md §3).
const CHECK_WEIGHTS: [u32; 13] = [1, 11, 3, 5, 4, 10, 12, 2, 8, 7, 6, 9, 13];
const CHECK_CHARS: [char; 11] = ['1', '0', 'A', '7', '9', '8', '4', '5', '3', '6', '2'];

/// The check character over 13 decimal digits; `None` if any is not a digit.
pub fn check_char(digits: &str) -> Option<char> {
    if digits.len() != 13 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = digits.bytes().zip(CHECK_WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// The platform's own search rule: 15 or 18 characters of `0-9A-Z`.
pub fn is_platform_shaped(s: &str) -> bool {
    matches!(s.len(), 15 | 18) && s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    CityLetter,
    Date,
    Serial { width: usize, hex: bool },
    Check,
}

impl Part {
    fn len(&self) -> usize {
        match self {
            Part::Literal(s) => s.len(),
            Part::CityLetter | Part::Check => 1,
            Part::Date => 6,
            Part::Serial { width, .. } => *width,
        }
    }

    /// Whether every character this part produces is a decimal digit.
    fn is_decimal(&self) -> bool {
        match self {
            Part::Literal(s) => s.bytes().all(|b| b.is_ascii_digit()),
            Part::Date => true,
            Part::Serial { hex, .. } => !hex,
            Part::CityLetter | Part::Check => false,
        }
    }
}

/// Why a template is not well-formed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("未知占位符 {{{0}}}（可用：{{L}} {{yymmdd}} {{serial:N}} {{hex:N}} {{check}}）")]
    UnknownPlaceholder(String),
    #[error("占位符没有闭合的 }}")]
    Unclosed,
    #[error("字面字符只能是数字或大写字母，发现 {0:?}")]
    BadLiteral(char),
    #[error("图像号长度为 {0}，应为 15 或 18")]
    BadLength(usize),
    #[error("缺少日期 {{yymmdd}}")]
    NoDate,
    #[error("应有且只有一个序号 {{serial:N}} 或 {{hex:N}}")]
    SerialCount,
    #[error("序号位数 {0} 不在 1–9 之间")]
    SerialWidth(usize),
    #[error("校验位 {{check}} 必须在最后，且前面 13 位都是数字")]
    CheckPlacement,
}

/// A parsed, well-formed layout template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberTemplate {
    source: String,
    parts: Vec<Part>,
}

/// Why a number cannot be made or does not fit its layout.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("此版式需要城市字母")]
    NoCityLetter,
    #[error("序号 {serial} 超出 {width} 位")]
    SerialOverflow { serial: u64, width: usize },
    #[error("图像号应为 {expected} 位，实际 {found} 位")]
    Length { expected: usize, found: usize },
    #[error("第 {position} 位应为 {expected}，实际为 {found:?}")]
    Mismatch { position: usize, expected: String, found: char },
    #[error("日期 {0} 无效")]
    BadDate(String),
    /// The message does not say which check character would fit: a number with a wrong digit
    /// "mended" by its last character is a valid number the office will never find.
    #[error("校验位错误：有一位不对（输错或扫漏），请对照平台页面核对或重新扫描，不要只改最后一位")]
    CheckChar { expected: char, found: char },
}

impl NumberTemplate {
    pub fn parse(template: &str) -> Result<NumberTemplate, TemplateError> {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(c) = rest.chars().next() {
            if c == '{' {
                let end = rest.find('}').ok_or(TemplateError::Unclosed)?;
                let name = &rest[1..end];
                let part = match name.split_once(':') {
                    None if name == "L" => Part::CityLetter,
                    None if name == "yymmdd" => Part::Date,
                    None if name == "check" => Part::Check,
                    Some((kind @ ("serial" | "hex"), width)) => {
                        let width: usize =
                            width.parse().map_err(|_| TemplateError::UnknownPlaceholder(name.into()))?;
                        if !(1..=9).contains(&width) {
                            return Err(TemplateError::SerialWidth(width));
                        }
                        Part::Serial { width, hex: kind == "hex" }
                    }
                    _ => return Err(TemplateError::UnknownPlaceholder(name.into())),
                };
                parts.push(part);
                rest = &rest[end + 1..];
            } else {
                if !(c.is_ascii_digit() || c.is_ascii_uppercase()) {
                    return Err(TemplateError::BadLiteral(c));
                }
                match parts.last_mut() {
                    Some(Part::Literal(s)) => s.push(c),
                    _ => parts.push(Part::Literal(c.to_string())),
                }
                rest = &rest[c.len_utf8()..];
            }
        }
        let t = NumberTemplate { source: template.to_owned(), parts };
        t.check_shape()?;
        Ok(t)
    }

    fn check_shape(&self) -> Result<(), TemplateError> {
        let len = self.len();
        if !matches!(len, 15 | 18) {
            return Err(TemplateError::BadLength(len));
        }
        if !self.parts.contains(&Part::Date) {
            return Err(TemplateError::NoDate);
        }
        if self.parts.iter().filter(|p| matches!(p, Part::Serial { .. })).count() != 1 {
            return Err(TemplateError::SerialCount);
        }
        let checks = self.parts.iter().filter(|p| **p == Part::Check).count();
        if checks > 1 || (checks == 1 && self.parts.last() != Some(&Part::Check)) {
            return Err(TemplateError::CheckPlacement);
        }
        if checks == 1 {
            // The 13 characters before the check must all be decimal digits.
            let mut need = 13;
            for part in self.parts.iter().rev().skip(1) {
                if need == 0 {
                    break;
                }
                let take = part.len().min(need);
                let decimal = match part {
                    Part::Literal(s) => s[s.len() - take..].bytes().all(|b| b.is_ascii_digit()),
                    other => other.is_decimal(),
                };
                if !decimal {
                    return Err(TemplateError::CheckPlacement);
                }
                need -= take;
            }
            if need > 0 {
                return Err(TemplateError::CheckPlacement);
            }
        }
        Ok(())
    }

    /// The length of every number of this layout.
    pub fn len(&self) -> usize {
        self.parts.iter().map(Part::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn needs_city_letter(&self) -> bool {
        self.parts.contains(&Part::CityLetter)
    }

    pub fn has_check(&self) -> bool {
        self.parts.contains(&Part::Check)
    }

    /// The largest serial this layout can hold.
    pub fn max_serial(&self) -> u64 {
        self.parts
            .iter()
            .find_map(|p| match p {
                Part::Serial { width, hex } => Some(if *hex { 16u64 } else { 10 }.pow(*width as u32) - 1),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// Renders the number for a city, date and serial.
    pub fn render(
        &self,
        city_letter: Option<char>,
        date: NaiveDate,
        serial: u64,
    ) -> Result<String, NumberError> {
        let mut out = String::with_capacity(self.len());
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::CityLetter => out.push(city_letter.ok_or(NumberError::NoCityLetter)?),
                Part::Date => out.push_str(&date.format("%y%m%d").to_string()),
                Part::Serial { width, hex } => {
                    if serial > self.max_serial() {
                        return Err(NumberError::SerialOverflow { serial, width: *width });
                    }
                    if *hex {
                        out.push_str(&format!("{serial:0width$X}", width = *width));
                    } else {
                        out.push_str(&format!("{serial:0width$}", width = *width));
                    }
                }
                Part::Check => {
                    let c = check_char(&out[out.len() - 13..])
                        .ok_or(NumberError::CheckChar { expected: '?', found: '?' })?;
                    out.push(c);
                }
            }
        }
        Ok(out)
    }

    /// Checks a number (e.g. one issued elsewhere) against this layout: characters, date and check.
    /// `city_letter` restricts `{L}` to one letter; `None` accepts any letter.
    pub fn validate(&self, number: &str, city_letter: Option<char>) -> Result<(), NumberError> {
        let chars: Vec<char> = number.chars().collect();
        if chars.len() != self.len() {
            return Err(NumberError::Length { expected: self.len(), found: chars.len() });
        }
        let mut pos = 0;
        for part in &self.parts {
            let seg = &chars[pos..pos + part.len()];
            let mismatch = |i: usize, expected: &str| NumberError::Mismatch {
                position: pos + i + 1,
                expected: expected.to_owned(),
                found: seg[i],
            };
            match part {
                Part::Literal(s) => {
                    for (i, (want, got)) in s.chars().zip(seg).enumerate() {
                        if want != *got {
                            return Err(mismatch(i, &want.to_string()));
                        }
                    }
                }
                Part::CityLetter => match city_letter {
                    Some(l) if seg[0] != l => return Err(mismatch(0, &l.to_string())),
                    None if !seg[0].is_ascii_uppercase() => return Err(mismatch(0, "城市字母")),
                    _ => {}
                },
                Part::Date => {
                    if let Some(i) = seg.iter().position(|c| !c.is_ascii_digit()) {
                        return Err(mismatch(i, "数字"));
                    }
                    let s: String = seg.iter().collect();
                    NaiveDate::parse_from_str(&format!("20{s}"), "%Y%m%d")
                        .map_err(|_| NumberError::BadDate(s.clone()))?;
                }
                Part::Serial { hex, .. } => {
                    let ok = |c: &char| {
                        if *hex {
                            c.is_ascii_hexdigit() && !c.is_ascii_lowercase()
                        } else {
                            c.is_ascii_digit()
                        }
                    };
                    if let Some(i) = seg.iter().position(|c| !ok(c)) {
                        return Err(mismatch(i, if *hex { "十六进制数字" } else { "数字" }));
                    }
                }
                Part::Check => {
                    let before: String = chars[pos - 13..pos].iter().collect();
                    let expected = check_char(&before).ok_or(NumberError::Mismatch {
                        position: pos,
                        expected: "数字".into(),
                        found: '?',
                    })?;
                    if seg[0] != expected {
                        return Err(NumberError::CheckChar { expected, found: seg[0] });
                    }
                }
            }
            pos += part.len();
        }
        Ok(())
    }
}

impl fmt::Display for NumberTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl super::i18n::Bilingual for NumberError {
    fn en(&self) -> String {
        match self {
            NumberError::NoCityLetter => "This layout needs a city letter".into(),
            NumberError::SerialOverflow { serial, width } => {
                format!("Serial {serial} has more than {width} digits")
            }
            NumberError::Length { expected, found } => {
                format!("An image number here has {expected} characters; this one has {found}")
            }
            NumberError::Mismatch { position, expected, found } => {
                format!("Character {position} should be {expected}, not {found:?}")
            }
            NumberError::BadDate(d) => format!("The date {d} is not valid"),
            NumberError::CheckChar { .. } => {
                "Check character wrong: one character is off (mistyped or misscanned); \
                compare with the platform's page or scan again, do not just change the last character"
                    .into()
            }
        }
    }
}

impl super::i18n::Bilingual for TemplateError {
    fn en(&self) -> String {
        match self {
            TemplateError::UnknownPlaceholder(p) => {
                format!(
                    "Unknown placeholder {{{p}}} (known: {{L}} {{yymmdd}} {{serial:N}} {{hex:N}} {{check}})"
                )
            }
            TemplateError::Unclosed => "A placeholder has no closing }".into(),
            TemplateError::BadLiteral(c) => {
                format!("Fixed characters are digits or capitals only; found {c:?}")
            }
            TemplateError::BadLength(n) => format!("The image number is {n} long; it must be 15 or 18"),
            TemplateError::NoDate => "The date {yymmdd} is missing".into(),
            TemplateError::SerialCount => "Exactly one serial {serial:N} or {hex:N} is needed".into(),
            TemplateError::SerialWidth(n) => format!("Serial width {n} is not within 1–9"),
            TemplateError::CheckPlacement => "The check {check} must come last, after 13 digits".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_worked_example_comes_out_of_the_exit_entry_rule() {
        let t = NumberTemplate::parse("{L}{yymmdd}{serial:6}0{check}").unwrap();
        assert_eq!(t.render(Some('A'), date(2013, 8, 15), 123).unwrap(), "A13081500012306");
        assert_eq!(check_char("1308150001230"), Some('6'));
        t.validate("A13081500012306", Some('A')).unwrap();
        assert_eq!(
            t.validate("A13081500012307", Some('A')),
            Err(NumberError::CheckChar { expected: '6', found: '7' })
        );
    }

    #[test]
    fn layouts_of_the_platform_render_to_their_shape() {
        let d = date(2026, 11, 23);
        let cases = [
            ("{L}{L}1{yymmdd}{serial:6}", Some('B'), 42, "BB1261123000042"),
            ("ZCA{L}{yymmdd}{serial:5}", Some('A'), 7, "ZCAA26112300007"),
            ("ZBA{L}{yymmdd}{hex:5}", Some('S'), 255, "ZBAS261123000FF"),
            ("ZA02{yymmdd}{hex:5}", None, 16, "ZA0226112300010"),
        ];
        for (template, letter, serial, want) in cases {
            let t = NumberTemplate::parse(template).unwrap();
            let got = t.render(letter, d, serial).unwrap();
            assert_eq!(got, want, "{template}");
            assert!(is_platform_shaped(&got));
            t.validate(&got, letter).unwrap();
        }
        let std = NumberTemplate::parse("ZH81{yymmdd}{serial:7}{check}").unwrap();
        let n = std.render(None, d, 1).unwrap();
        assert_eq!(n.len(), 18);
        assert_eq!(n.chars().last(), check_char(&n[4..17]));
    }

    #[test]
    fn malformed_templates_are_refused_with_reasons() {
        assert_eq!(NumberTemplate::parse("{L}{yymmdd}{serial:6}"), Err(TemplateError::BadLength(13)));
        assert_eq!(NumberTemplate::parse("{X}").unwrap_err(), TemplateError::UnknownPlaceholder("X".into()));
        assert_eq!(
            NumberTemplate::parse("{L}{yymmdd}{serial:6}0{check}Z").unwrap_err(),
            TemplateError::BadLength(16)
        );
        assert_eq!(
            NumberTemplate::parse("ZZ{yymmdd}{hex:6}{check}").unwrap_err(),
            TemplateError::CheckPlacement
        );
        assert_eq!(NumberTemplate::parse("AB1{serial:12}").unwrap_err(), TemplateError::SerialWidth(12));
        assert_eq!(
            NumberTemplate::parse("ab{yymmdd}{serial:7}").unwrap_err(),
            TemplateError::BadLiteral('a')
        );
    }

    #[test]
    fn serial_overflow_and_wrong_numbers_are_refused() {
        let t = NumberTemplate::parse("ZCA{L}{yymmdd}{serial:5}").unwrap();
        assert_eq!(t.max_serial(), 99_999);
        assert!(matches!(
            t.render(Some('A'), date(2026, 1, 1), 100_000),
            Err(NumberError::SerialOverflow { .. })
        ));
        assert!(matches!(t.validate("ZCAA26013200001", Some('A')), Err(NumberError::BadDate(_))));
        assert!(matches!(
            t.validate("ZCAB26010100001", Some('A')),
            Err(NumberError::Mismatch { position: 4, .. })
        ));
        assert!(matches!(t.validate("ZCAA2601010001", Some('A')), Err(NumberError::Length { .. })));
    }
}
