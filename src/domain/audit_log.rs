//! The manager's audit log (店长操作记录): what the program writes into it, and how a stored line is
//! shown in the counter's language.
//!
//! The log is a record: its lines are stored once, in Chinese, whatever the counter's language was.
//! Every word the program writes comes from here, so the same words can be read back and shown in
//! English; what a person typed (an operator's name, a reason, a spec id, a path) stays as stored.

use super::i18n::{Label, Lang, translate_stored};

/// Who acted when the command line did it.
pub fn cli_who() -> &'static str {
    Label::AuditWhoCli.zh()
}

/// The detail of a retention change.
pub fn retention_detail(days: u32, keep: u32) -> String {
    format!("{}{days}{}{keep}{}", RETENTION[0], RETENTION[1], RETENTION[2])
}

/// The detail of a purge.
pub fn purge_detail(orders: u32, before: &str) -> String {
    format!("{orders}{}{before}{}", PURGE[0], PURGE[1])
}

/// The detail of a price change for one document.
pub fn price_detail(spec_id: &str) -> String {
    format!("{} {spec_id}", Label::Price.zh())
}

/// The program's fixed words in the log (who, actions, details).
const WORDS: [Label; 18] = [
    Label::AuditWhoCli,
    Label::AuditChangeSettings,
    Label::AuditPinOk,
    Label::AuditPinWrong,
    Label::PinSave,
    Label::AuditRestore,
    Label::AuditBackup,
    Label::AuditPurge,
    Label::GuardSettings,
    Label::GuardFullNumbers,
    Label::GuardPurge,
    Label::DeleteButton,
    Label::SettingsStudio,
    Label::AuditPrinting,
    Label::AuditNumbering,
    Label::AuditShareOn,
    Label::AuditShareOff,
    Label::Price,
];

const RETENTION: [&str; 3] = ["相片保留 ", " 天，备份保留 ", " 份"];
const PURGE: [&str; 2] = [" 单，", " 之前"];

/// A stored field of the log (who, action or detail) in `lang`: the program's own words translated,
/// anything else as stored.
pub fn shown(text: &str, lang: Lang) -> String {
    if lang == Lang::Zh {
        return text.to_owned();
    }
    let between = |text: &str, open: &str, mid: &str, close: &str| {
        text.strip_prefix(open)?
            .strip_suffix(close)?
            .split_once(mid)
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
    };
    if let Some((days, keep)) = between(text, RETENTION[0], RETENTION[1], RETENTION[2]) {
        return format!("photos kept {days} days, {keep} backups kept");
    }
    if let Some((orders, before)) = between(text, "", PURGE[0], PURGE[1]) {
        return format!("{orders} orders from before {before}");
    }
    translate_stored(text, lang, &WORDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
    }

    #[test]
    fn every_line_the_program_writes_reads_back_in_english() {
        let written = [
            retention_detail(365, 14),
            purge_detail(3, "2026-01-01"),
            price_detail("cn-id-card"),
            cli_who().to_owned(),
            Label::GuardSettings.zh().to_owned(),
            Label::GuardFullNumbers.zh().to_owned(),
            Label::GuardPurge.zh().to_owned(),
            Label::AuditPurge.zh().to_owned(),
            Label::AuditChangeSettings.zh().to_owned(),
            Label::AuditPinOk.zh().to_owned(),
            Label::AuditPinWrong.zh().to_owned(),
            Label::PinSave.zh().to_owned(),
            Label::AuditBackup.zh().to_owned(),
            Label::AuditRestore.zh().to_owned(),
            Label::SettingsStudio.zh().to_owned(),
            Label::AuditPrinting.zh().to_owned(),
            Label::AuditNumbering.zh().to_owned(),
            Label::AuditShareOn.zh().to_owned(),
            Label::AuditShareOff.zh().to_owned(),
            format!("{} #12", Label::DeleteButton.zh()),
        ];
        for line in &written {
            let en = shown(line, Lang::En);
            assert!(!has_cjk(&en), "{line} → {en}");
            assert_eq!(shown(line, Lang::Zh), *line, "stored as written, shown as stored in Chinese");
        }
        assert_eq!(shown(&retention_detail(365, 14), Lang::En), "photos kept 365 days, 14 backups kept");
        assert_eq!(shown(&purge_detail(3, "2026-01-01"), Lang::En), "3 orders from before 2026-01-01");
        assert_eq!(shown(&price_detail("cn-id-card"), Lang::En), "Price cn-id-card");
        assert_eq!(shown(Label::AuditShareOff.zh(), Lang::En), Label::AuditShareOff.en());
        // What a person typed stays as typed.
        assert_eq!(shown("小王", Lang::En), "小王");
        assert_eq!(shown("A123：顾客要求", Lang::En), "A123：顾客要求");
    }
}
