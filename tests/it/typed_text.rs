//! Every validator of text a person types, fed arbitrary Unicode (multi-byte, combining marks, NUL,
//! full-width forms, bidirectional overrides, 10,000 characters): none may panic, and what each
//! accepts must be what it promises. The `typed_text` fuzz target (`scripts/fuzz`) runs the same
//! validators under libFuzzer for longer.

use idphoto_studio::domain::customer::{
    CustomerDraft, parse_price_yuan, validate_id_number, validate_notes, validate_phone,
};
use idphoto_studio::domain::id_number::{IdNumberError, id_check_char, province_exists, upgrade_15};
use idphoto_studio::domain::privacy::{Pin, backups_kept, retention_days};
use idphoto_studio::domain::spec::Validity;
use idphoto_studio::domain::typed_text::{
    bounded, compact_code, fold, operator, parse_date, reason, single_line, tidy,
};
use idphoto_studio::domain::{Catalogue, StudioInfo};
use idphoto_studio::spec_files::builtin_files;
use proptest::prelude::*;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// One character as an operator (or a paste) might produce it.
fn typed_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('0', '9'),
        3 => prop::char::range('\u{FF10}', '\u{FF19}'), // full-width digits
        1 => prop::char::range('\u{FF21}', '\u{FF3A}'), // full-width letters
        1 => prop::char::range('A', 'Z'),
        1 => Just('x'),
        1 => Just('ｘ'),
        1 => prop::char::range('\u{0300}', '\u{036F}'), // combining marks
        1 => prop::sample::select(vec!['\0', '\u{3000}', '\u{00A0}', '\u{200B}', '\u{FEFF}', '\u{202E}', '\t', '\n', '\r']),
        1 => prop::sample::select(vec![' ', '-', '+', '.', '¥', '￥', '元', '年', '月', '日', '/', '(', ')', '（', '）', '·']),
        2 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        2 => any::<char>(),
    ]
}

/// Text of 0–40 such characters, sometimes around 10,000.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        9 => prop::collection::vec(typed_char(), 0..40).prop_map(|v| v.into_iter().collect::<String>()),
        1 => prop::collection::vec(typed_char(), 9_990..10_010).prop_map(|v| v.into_iter().collect::<String>()),
    ]
}

/// A valid ID number with one character replaced, inserted or removed somewhere.
fn near_id() -> impl Strategy<Value = String> {
    (0usize..19, typed_char(), 0u8..3).prop_map(|(at, c, how)| {
        let mut chars: Vec<char> = "11010519491231002X".chars().collect();
        let at = at.min(chars.len());
        match how {
            0 if at < chars.len() => chars[at] = c,
            1 => chars.insert(at, c),
            _ if at < chars.len() => {
                chars.remove(at);
            }
            _ => chars.push(c),
        }
        chars.into_iter().collect()
    })
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn folding_is_stable(s in typed()) {
        let f = fold(&s);
        prop_assert_eq!(fold(&f), f.clone());
        prop_assert!(!f.chars().any(|c| c.is_control()));
        let t = tidy(&s);
        prop_assert_eq!(tidy(&t), t.clone());
        prop_assert!(!t.starts_with(' ') && !t.ends_with(' ') && !t.contains("  "));
        prop_assert!(!compact_code(&s).contains([' ', '-']));
        prop_assert!(!single_line(&s).chars().any(|c| c.is_control()));
        if let Ok(b) = bounded(&s, 40) {
            prop_assert!(b.chars().count() <= 40);
        }
        if let Ok(r) = reason(&s) {
            prop_assert!(r.chars().count() <= 200);
        }
        prop_assert!(operator(&s).chars().count() <= 20);
    }

    #[test]
    fn id_numbers(s in prop_oneof![typed(), near_id()]) {
        match validate_id_number(&s, today()) {
            Ok(id) => {
                prop_assert_eq!(id.len(), 18);
                prop_assert!(id.is_ascii());
                prop_assert_eq!(id_check_char(&id[..17]), id.chars().last());
                prop_assert!(province_exists(id[..2].parse::<u32>().unwrap()));
                prop_assert_eq!(validate_id_number(&id, today()), Ok(id.clone()), "idempotent");
            }
            Err(IdNumberError::Length(n)) => prop_assert_eq!(n, compact_code(&s).chars().count()),
            Err(IdNumberError::Old15 { upgraded }) => {
                prop_assert_eq!(validate_id_number(&upgraded, today()), Ok(upgraded.clone()));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let _ = upgrade_15(&s);
        let _ = id_check_char(&s);
    }

    #[test]
    fn phones(s in typed()) {
        if let Ok(p) = validate_phone(&s) {
            prop_assert!(p.len() == 11 && p.bytes().all(|b| b.is_ascii_digit()) && p.starts_with('1'));
            prop_assert_eq!(validate_phone(&p), Ok(p.clone()));
        }
    }

    #[test]
    fn prices_and_notes(s in typed()) {
        if let Ok(fen) = parse_price_yuan(&s, 3500) {
            prop_assert!(fen <= 1_000_000);
        }
        if let Ok(n) = validate_notes(&s) {
            prop_assert!(n.chars().count() <= 200);
        }
    }

    #[test]
    fn customers(name in typed(), phone in typed(), id in prop_oneof![typed(), near_id()], hukou in typed(), required in any::<bool>()) {
        let draft = CustomerDraft { name, phone, id_number: id, hukou };
        match draft.validated(required, today()) {
            Ok(c) => {
                prop_assert!(!c.name.is_empty() && c.name.chars().count() <= 40);
                prop_assert!(!required || c.id_number.is_some());
            }
            Err(errors) => prop_assert!(!errors.is_empty() && errors.iter().all(|e| !e.message.is_empty())),
        }
    }

    #[test]
    fn dates_pins_and_counts(s in typed()) {
        if let Ok(Some(d)) = parse_date(&s) {
            prop_assert_eq!(parse_date(&d.to_string()), Ok(Some(d)));
        }
        if let Ok(pin) = Pin::parse(&s) {
            prop_assert!((4..=8).contains(&pin.as_str().len()) && pin.as_str().bytes().all(|b| b.is_ascii_digit()));
        }
        let _ = Pin::new_pair(&s, &s);
        if let Ok(days) = retention_days(&s) {
            prop_assert!((30..=3650).contains(&days));
        }
        if let Ok(n) = backups_kept(&s) {
            prop_assert!((1..=365).contains(&n));
        }
        let _ = Validity::parse(&s);
    }

    #[test]
    fn studio_settings(name in typed(), address in typed(), phone in typed(), city in typed()) {
        let info = StudioInfo { name, address, phone, city };
        if let Ok(ok) = info.validated() {
            prop_assert!(ok.named() && ok.name.chars().count() <= 60 && ok.address.chars().count() <= 120);
        }
    }
}

/// The catalogue is loaded once: image numbers and spec searches use it.
fn catalogue() -> &'static Catalogue {
    static CAT: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CAT.get_or_init(|| Catalogue::load(&builtin_files()))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn image_numbers_and_spec_search(s in typed(), which in 0usize..1000) {
        let cat = catalogue();
        let spec = &cat.specs()[which % cat.specs().len()];
        if let Ok(Some(n)) = idphoto_studio::services::approve::external_number(spec, &s) {
            prop_assert!(n.is_ascii() && (n.len() == 15 || n.len() == 18));
            prop_assert!(idphoto_studio::services::approve::number_template(spec).validate(&n, spec.city_letter).is_ok());
        }
        let found = cat.search(&s);
        prop_assert!(found.len() <= cat.specs().len());
        let near = cat.search_near(&s, spec.city.as_deref().unwrap_or(""));
        prop_assert_eq!(near.len(), found.len());
    }
}

/// The orders screen's search boxes against a real database: nothing typed fails or matches wrongly.
#[test]
fn order_search_boxes_take_any_text() {
    use idphoto_studio::storage::{Database, OrderQuery};
    let (_tmp, dir) = super::common::data_dir();
    let mut db = Database::open(&dir.database()).unwrap();
    let row = super::common::order_at(&mut db, &dir, "欧阳玥", "2026-11-23T10:15:00+08:00", 1);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 300, ..config() });
    runner
        .run(&(typed(), typed(), typed(), typed(), typed()), |(number, name, phone, from, to)| {
            let screen = idphoto_studio::ui::orders::OrdersScreen {
                number,
                name,
                phone,
                from,
                to,
                ..Default::default()
            };
            let _ = screen.date_error();
            let query: OrderQuery = screen.query();
            let rows = db.search_orders(&query).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(rows.len() <= 1);
            Ok(())
        })
        .unwrap();
    // And typed the way a Chinese IME types: full-width digits and an ideographic space.
    let screen = idphoto_studio::ui::orders::OrdersScreen {
        number: "ＢＢ１\u{3000}".into(),
        name: "\u{3000}欧阳".into(),
        from: "２０２６年１１月２３日".into(),
        ..Default::default()
    };
    let rows = db.search_orders(&screen.query()).unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [row.id]);
}
