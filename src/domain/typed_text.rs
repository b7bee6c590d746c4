//! Text as the counter types it, made checkable: full-width forms from a Chinese IME's full-width
//! mode (`４４０１`, `ＺＣＡ`), ideographic and other spaces, zero-width and control characters
//! pasted from elsewhere. Every field a person types goes through one of these before it is
//! checked, and nothing here can panic on any Unicode (`tests/it/typed_text.rs` and the
//! `typed_text` fuzz target prove it).
//!
//! Lengths in messages count characters, never bytes.

use unicode_normalization::UnicodeNormalization;

/// Compatibility forms folded to their plain forms (NFKC: full-width digits and letters become
/// ASCII, the ideographic space a space, a combining accent joins its letter), every kind of
/// whitespace a plain space, and control and format characters (NUL, zero-width spaces, the byte
/// order mark, bidirectional overrides) removed.
pub fn fold(text: &str) -> String {
    let visible = visible(text);
    visible.nfkc().map(plain_space).collect()
}

/// The characters that mean something: control and format characters removed first, so a mark
/// split from its letter by an invisible character joins it when normalised (and normalising twice
/// changes nothing).
fn visible(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| c.is_whitespace() || !(c.is_control() || is_format(*c)))
}

/// Every kind of whitespace (after normalising: NFKC keeps most spaces as they are) as a space.
fn plain_space(c: char) -> char {
    if c.is_whitespace() { ' ' } else { c }
}

/// Free text (a name, an address, a note) made checkable without changing how it is written:
/// control and format characters removed, combining marks joined to their letters (NFC), every kind
/// of whitespace a plain space. Full-width punctuation stays: （） in 幸福照相馆（分店） is Chinese.
pub fn clean(text: &str) -> String {
    visible(text).nfc().map(plain_space).collect()
}

/// Unicode "format" characters that are invisible and change nothing a studio wants: zero-width
/// space/joiners, word joiner, bidirectional marks and overrides, the byte order mark, soft hyphen.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// An amount, count, PIN or date as typed: [`fold`]ed, spaces removed, upper-cased.
pub fn squeeze(text: &str) -> String {
    fold(text).chars().filter(|c| *c != ' ').flat_map(char::to_uppercase).collect()
}

/// A long code as typed (ID, phone or image number): [`squeeze`]d, and the separators people put in
/// long numbers (`-`, `_`) removed; `x` becomes `X`.
pub fn compact_code(text: &str) -> String {
    squeeze(text).chars().filter(|c| !matches!(c, '-' | '_')).collect()
}

/// A name, address or note as typed: [`clean`]ed, runs of spaces made one, trimmed.
pub fn tidy(text: &str) -> String {
    let folded = clean(text);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A system name or path as typed (a printer, a print command, a folder): trimmed, control and
/// format characters removed, nothing else changed (a folder may have full-width characters).
pub fn single_line(text: &str) -> String {
    text.chars().filter(|c| !c.is_control() && !is_format(*c)).collect::<String>().trim().to_owned()
}

/// Free text that must fit a field: [`tidy`], then at most `max_chars` characters.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("最多 {max} 个字，现在是 {found} 个字")]
pub struct TooLong {
    pub max: usize,
    pub found: usize,
}

/// [`tidy`] text of at most `max_chars` characters.
pub fn bounded(text: &str, max_chars: usize) -> Result<String, TooLong> {
    let t = tidy(text);
    let found = t.chars().count();
    if found > max_chars { Err(TooLong { max: max_chars, found }) } else { Ok(t) }
}

/// The longest reason (approving past a failing check, an audit failure, deleting an order).
pub const MAX_REASON_CHARS: usize = 200;
/// The longest operator name the audit log keeps.
pub const MAX_OPERATOR_CHARS: usize = 20;

/// A reason as typed: [`tidy`], at most [`MAX_REASON_CHARS`].
pub fn reason(text: &str) -> Result<String, TooLong> {
    bounded(text, MAX_REASON_CHARS)
}

/// An operator's name as typed: [`tidy`], cut to [`MAX_OPERATOR_CHARS`] (it only labels the log).
pub fn operator(text: &str) -> String {
    tidy(text).chars().take(MAX_OPERATOR_CHARS).collect()
}

/// Shows one typed character in a message, so an invisible or combining one can still be seen.
pub fn show_char(c: char) -> String {
    if c.is_alphanumeric() || c.is_ascii_punctuation() {
        c.to_string()
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

/// A calendar date as people type it: `2026-12-01`, `2026/12/1`, `2026.12.01`, `20261201`,
/// `2026年12月1日`, in full-width digits too. Empty text is `None`.
pub fn parse_date(text: &str) -> Result<Option<chrono::NaiveDate>, DateError> {
    let t = squeeze(text).replace(['年', '月', '/', '.'], "-").replace('日', "");
    if t.is_empty() {
        return Ok(None);
    }
    let parsed = if t.contains('-') {
        let mut parts = t.split('-');
        let (y, m, d) = (parts.next(), parts.next(), parts.next());
        match (y, m, d, parts.next()) {
            (Some(y), Some(m), Some(d), None) if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
                match (y.parse(), m.parse(), d.parse()) {
                    (Ok(y), Ok(m), Ok(d)) => chrono::NaiveDate::from_ymd_opt(y, m, d),
                    _ => None,
                }
            }
            _ => None,
        }
    } else if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        chrono::NaiveDate::parse_from_str(&t, "%Y%m%d").ok()
    } else {
        None
    };
    parsed.map(Some).ok_or(DateError)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("日期应为 年-月-日，例如 2026-12-01")]
pub struct DateError;

impl super::i18n::Bilingual for TooLong {
    fn en(&self) -> String {
        format!("at most {} characters; this has {}", self.max, self.found)
    }
}

impl super::i18n::Bilingual for DateError {
    fn en(&self) -> String {
        "A date is year-month-day, e.g. 2026-12-01".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_spaces_are_folded() {
        assert_eq!(fold("４４０１０３\u{3000}１９４９"), "440103 1949");
        assert_eq!(compact_code(" ４４０-１０３\u{3000}ｘ "), "440103X");
        assert_eq!(fold("a\u{0}b\u{200B}c\u{FEFF}\u{202E}d"), "abcd");
        assert_eq!(fold("e\u{301}"), "é");
        assert_eq!(tidy("  欧阳\u{3000}\u{3000}玥 \t"), "欧阳 玥");
        assert_eq!(tidy("幸福照相馆（玥瑄分店）"), "幸福照相馆（玥瑄分店）", "Chinese punctuation stays");
        assert_eq!(tidy("e\u{301}\u{200B}"), "é");
        assert_eq!(show_char('\u{301}'), "U+0301");
        assert_eq!(show_char('８'), "８");
    }

    #[test]
    fn bounded_counts_characters_not_bytes() {
        assert_eq!(bounded("欧阳玥", 3), Ok("欧阳玥".into()));
        assert_eq!(bounded("欧阳玥玥", 3), Err(TooLong { max: 3, found: 4 }));
        assert_eq!(TooLong { max: 40, found: 41 }.to_string(), "最多 40 个字，现在是 41 个字");
    }

    #[test]
    fn dates_as_typed() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
        for ok in ["2026-12-01", "2026/12/1", "2026.12.01", "20261201", "２０２６年１２月１日", " 2026-12-1 "]
        {
            assert_eq!(parse_date(ok), Ok(d), "{ok}");
        }
        assert_eq!(parse_date("  "), Ok(None));
        for bad in ["2026-13-01", "2026-02-30", "26-12-01", "2026-12", "yesterday", "2026-12-01-01", "１"] {
            assert_eq!(parse_date(bad), Err(DateError), "{bad}");
        }
    }
}
