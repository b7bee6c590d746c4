//! Every validator of text a person types at the counter, on any bytes taken as UTF-8 (lossily, so
//! broken sequences become U+FFFD rather than being skipped): customer fields, ID and phone numbers,
//! prices, notes, reasons, dates, PINs, counts, the studio's details, image numbers against every
//! built-in layout, and the spec search. Must never panic. `tests/it/typed_text.rs` holds the same
//! properties as proptests that CI runs.
#![no_main]

use std::sync::OnceLock;

use idphoto_studio::domain::customer::{CustomerDraft, parse_price_yuan, validate_notes, validate_phone};
use idphoto_studio::domain::id_number::{upgrade_15, validate_id_number};
use idphoto_studio::domain::privacy::{Pin, backups_kept, retention_days};
use idphoto_studio::domain::spec::Validity;
use idphoto_studio::domain::typed_text::{operator, parse_date, reason, single_line, tidy};
use idphoto_studio::domain::{Catalogue, StudioInfo};
use libfuzzer_sys::fuzz_target;

fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| Catalogue::load(&idphoto_studio::spec_files::builtin_files()))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    // Split into fields the way a form would be filled, at U+0001 (NUL and the rest stay test cases).
    let fields: Vec<&str> = text.split('\u{1}').collect();
    let field = |i: usize| fields.get(i).copied().unwrap_or(&text);

    if let Ok(id) = validate_id_number(&text, today) {
        assert_eq!(validate_id_number(&id, today), Ok(id.clone()));
    }
    let _ = upgrade_15(&text);
    if let Ok(p) = validate_phone(&text) {
        assert_eq!(p.len(), 11);
    }
    let _ = parse_price_yuan(&text, 3500);
    let _ = validate_notes(&text);
    let _ = reason(&text);
    let _ = operator(&text);
    let _ = single_line(&text);
    let _ = tidy(&text);
    let _ = parse_date(&text);
    let _ = Pin::parse(&text);
    let _ = Pin::new_pair(field(0), field(1));
    let _ = retention_days(&text);
    let _ = backups_kept(&text);
    let _ = Validity::parse(&text);
    let draft = CustomerDraft {
        name: field(0).into(),
        phone: field(1).into(),
        id_number: field(2).into(),
        hukou: field(3).into(),
    };
    let _ = draft.validated(data.first().is_some_and(|b| b & 1 == 1), today);
    let studio =
        StudioInfo { name: field(0).into(), address: field(1).into(), phone: field(2).into(), city: field(3).into() };
    let _ = studio.validated();
    let cat = catalogue();
    let spec = &cat.specs()[usize::from(data.first().copied().unwrap_or(0)) % cat.specs().len()];
    if let Ok(Some(n)) = idphoto_studio::services::approve::external_number(spec, &text) {
        assert!(n.is_ascii());
    }
    let _ = cat.search_near(&text, "shenzhen");
});
