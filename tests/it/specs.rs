//! The shipped spec library: every file validates, coverage is complete, numbering templates give
//! platform-shaped numbers, broken files are reported word for word, local files override.

use chrono::NaiveDate;
use idphoto_studio::domain::image_number::{check_char, is_platform_shaped};
use idphoto_studio::domain::spec::Validity;
use idphoto_studio::domain::{Catalogue, DocumentType, SpecFile};
use idphoto_studio::spec_files::{builtin_files, load_catalogue};

const CITIES: [(&str, char); 21] = [
    ("guangzhou", 'A'),
    ("shenzhen", 'B'),
    ("zhuhai", 'C'),
    ("shantou", 'D'),
    ("foshan", 'E'),
    ("shaoguan", 'F'),
    ("zhanjiang", 'G'),
    ("zhaoqing", 'H'),
    ("jiangmen", 'J'),
    ("maoming", 'K'),
    ("huizhou", 'L'),
    ("meizhou", 'M'),
    ("shanwei", 'N'),
    ("heyuan", 'P'),
    ("yangjiang", 'Q'),
    ("qingyuan", 'R'),
    ("dongguan", 'S'),
    ("zhongshan", 'T'),
    ("chaozhou", 'U'),
    ("jieyang", 'V'),
    ("yunfu", 'W'),
];

fn builtin() -> Catalogue {
    Catalogue::load(&builtin_files())
}

fn with_local(name: &str, text: &str) -> Catalogue {
    let mut files = builtin_files();
    files.push(SpecFile { name: name.into(), text: text.into(), local: true });
    Catalogue::load(&files)
}

#[test]
fn every_shipped_file_validates() {
    let cat = builtin();
    assert_eq!(
        cat.errors(),
        &[],
        "{}",
        cat.errors().iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
    );
    // 21 cities × 6 documents, 6 inch sizes, graduation, 4 other-province ID, 5 other-province exit-entry.
    assert_eq!(cat.specs().len(), 21 * 6 + 6 + 1 + 4 + 5);
    for spec in cat.specs() {
        assert!(!spec.sources.is_empty(), "{}", spec.id);
        assert!(!spec.local);
    }
}

#[test]
fn all_cities_have_every_document_with_their_letter() {
    let cat = builtin();
    for (city, letter) in CITIES {
        for doc in [
            "id-card",
            "social-security-card",
            "residence-permit",
            "driving-licence",
            "exit-entry",
            "security-guard",
        ] {
            let id = format!("gd-{city}-{doc}");
            let spec = cat.get(&id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(spec.city_letter, Some(letter), "{id}");
            assert_eq!(spec.document.code(), doc);
            let receipt = spec.receipt.as_ref().unwrap_or_else(|| panic!("{id} has no receipt"));
            assert!(receipt.covers.contains(&spec.document));
        }
    }
    for id in [
        "std-1-inch",
        "std-small-1-inch",
        "std-large-1-inch",
        "std-2-inch",
        "std-small-2-inch",
        "std-large-2-inch",
    ] {
        assert!(cat.get(id).is_some(), "{id}");
    }
    assert!(cat.get("cn-chsi-graduation").is_some());
}

#[test]
fn the_facts_of_domain_md_come_through_inheritance() {
    let cat = builtin();
    let id = cat.get("gd-shenzhen-id-card").unwrap();
    assert_eq!((id.px, id.dpi, id.print_mm), ([358, 441], 350, [26.0, 32.0]));
    let g = id.geometry.as_ref().unwrap();
    assert_eq!((g.face_width_px.min, g.face_width_px.max), (193.0, 221.0));
    assert_eq!(g.eye_line_from_bottom_min_px, Some(207.0));
    let r = id.receipt.as_ref().unwrap();
    assert_eq!(r.validity, Validity::Days(180));
    assert_eq!(
        r.covers,
        [DocumentType::IdCard, DocumentType::SocialSecurityCard, DocumentType::ResidencePermit]
    );
    assert_eq!(r.title, "广东省第二代居民身份证数字相片采集回执");

    let zhuhai = cat.get("gd-zhuhai-id-card").unwrap();
    assert_eq!(zhuhai.receipt.as_ref().unwrap().validity, Validity::Days(60));

    let gz = cat.get("gd-guangzhou-driving-licence").unwrap();
    let r = gz.receipt.as_ref().unwrap();
    assert_eq!((r.title.as_str(), r.validity, r.qr), ("广州市数字相片回执", Validity::Days(180), true));
    assert_eq!(r.barcode, idphoto_studio::domain::spec::BarcodeContent::IdNumber);
    assert_eq!(r.id_line, idphoto_studio::domain::spec::IdLineKind::IdNumber);
    assert_eq!((gz.px, gz.dpi), ([260, 378], 300));

    let st = cat.get("gd-shantou-social-security-card").unwrap();
    assert_eq!(st.receipt.as_ref().unwrap().validity, Validity::Days(180));
    let ee = cat.get("gd-shenzhen-exit-entry").unwrap();
    assert_eq!(
        ee.receipt.as_ref().unwrap().validity,
        Validity::Months(6),
        "the template's 6个月, not the server's 365 days"
    );
    let rp = cat.get("gd-shenzhen-residence-permit").unwrap().receipt.as_ref().unwrap();
    assert_eq!(rp.covers, [DocumentType::ResidencePermit], "a ZBA number is for the residence permit only");
    let ee = cat.get("gd-dongguan-exit-entry").unwrap();
    assert_eq!(
        (ee.px, ee.file_kb.unwrap().min, ee.file_kb.unwrap().max, ee.jpeg_quality_min),
        ([390, 567], 40, 50, 85)
    );
    assert_eq!(cat.get("std-1-inch").unwrap().print_sheets.get("6-inch"), Some(&10));
    assert_eq!(cat.get("gd-foshan-id-card").unwrap().print_sheets.get("6-inch"), Some(&12));
}

#[test]
fn numbering_templates_give_platform_numbers() {
    let cat = builtin();
    let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut with_numbering = 0;
    for spec in cat.specs() {
        let Some(numbering) = &spec.numbering else { continue };
        with_numbering += 1;
        for serial in [0, 1, numbering.template.max_serial()] {
            let n = numbering.template.render(spec.city_letter, date, serial).unwrap();
            assert!(is_platform_shaped(&n), "{}: {n}", spec.id);
            numbering.template.validate(&n, spec.city_letter).unwrap();
            let letter = spec.city_letter.map(String::from).unwrap_or_default();
            let prefix_ok = match (spec.province.as_str(), spec.document) {
                ("gd", DocumentType::IdCard) => n.starts_with(&format!("{letter}{letter}1261123")),
                ("gd", DocumentType::SocialSecurityCard) => {
                    n.starts_with(&format!("{letter}{letter}2261123"))
                }
                ("gd", DocumentType::DrivingLicence) => n.starts_with(&format!("ZCA{letter}261123")),
                ("gd", DocumentType::ResidencePermit) => n.starts_with(&format!("ZBA{letter}261123")),
                ("gd", DocumentType::SecurityGuard) => n.starts_with(&format!("ZBB{letter}261123")),
                ("gd", DocumentType::ExitEntry) => {
                    n.starts_with(&format!("{letter}261123")) && n.as_bytes()[13] == b'0'
                }
                (_, DocumentType::ExitEntry) => n.starts_with('I') && n.len() == 15,
                (_, DocumentType::IdCard) => n.starts_with("ZA0") && n.len() == 15,
                ("std", DocumentType::Standard) => n.starts_with("ZH81") && n.len() == 18,
                other => panic!("unexpected numbered spec {other:?}"),
            };
            assert!(prefix_ok, "{}: {n}", spec.id);
            if numbering.check {
                let body = &n[n.len() - 14..n.len() - 1];
                assert_eq!(n.chars().last(), check_char(body), "{}: {n}", spec.id);
            }
        }
    }
    assert_eq!(with_numbering, 21 * 6 + 1 + 4 + 5);
    // The worked example comes out of the exit-entry rule.
    let gz = cat.get("gd-guangzhou-exit-entry").unwrap();
    let example = gz.numbering.as_ref().unwrap().template.render(
        gz.city_letter,
        NaiveDate::from_ymd_opt(2013, 8, 15).unwrap(),
        123,
    );
    assert_eq!(example.unwrap(), "A13081500012306");
}

#[test]
fn broken_files_are_reported_word_for_word_and_the_rest_still_loads() {
    let cat = with_local(
        "my/bad.toml",
        "[[spec]]\nid = \"gd-x-id-card\"\nextends = \"gd-id-card\"\ncolr = \"rgb24\"\n",
    );
    assert_eq!(cat.errors().len(), 1);
    assert_eq!(
        cat.errors()[0].to_string(),
        "my/bad.toml 第 4 行 字段 colr：未知字段 `colr`（拼写错误？字段说明见 city_specs/README.md）"
    );
    assert_eq!(cat.specs().len(), builtin().specs().len(), "one broken file stops nothing else");
    assert_eq!(cat.broken_files(), ["my/bad.toml"]);

    let text = "[[spec]]\nid = \"gd-x-id-card\"\nextends = \"gd-id-card\"\n\n[spec.geometry]\nface_width_px = [221, 193]\n";
    let cat = with_local("reversed.toml", text);
    assert_eq!(
        cat.errors()[0].to_string(),
        "reversed.toml 第 6 行 字段 geometry.face_width_px：[gd-x-id-card] 范围颠倒：最小值 221 大于最大值 193"
    );

    let text = "[[spec]]\nid = \"gd-x-id-card\"\nextends = \"gd-id-card\"\nprint_mm = [26, 35]\n";
    let cat = with_local("mm.toml", text);
    assert_eq!(
        cat.errors()[0].to_string(),
        "mm.toml 第 4 行 字段 print_mm：[gd-x-id-card] 高 35 mm × 350 dpi ÷ 25.4 = 482.3 像素，与 px 的 441 相差超过 1 像素"
    );

    let cat = with_local("orphan.toml", "[[spec]]\nid = \"gd-x-id-card\"\nextends = \"gd-nowhere\"\n");
    assert_eq!(
        cat.errors()[0].to_string(),
        "orphan.toml 第 3 行 字段 extends：找不到被继承的规格 `gd-nowhere`"
    );

    let cat = with_local("syntax.toml", "[[spec]]\nid = \"gd-x-id-card\nprice_fen = 1\n");
    assert_eq!(cat.errors()[0].file, "syntax.toml");
    assert_eq!(cat.errors()[0].line, Some(2));

    let text = "[[spec]]\nid = \"gd-x-id-card\"\nextends = \"gd-id-card\"\n\n[spec.numbering]\ntemplate = \"{L}{yymmdd}{serial:6}\"\n";
    let cat = with_local("tpl.toml", text);
    assert_eq!(
        cat.errors()[0].to_string(),
        "tpl.toml 第 6 行 字段 numbering.template：[gd-x-id-card] 版式 `{L}{yymmdd}{serial:6}` 无效：图像号长度为 13，应为 15 或 18"
    );
}

#[test]
fn a_local_file_overrides_a_builtin_spec_by_id() {
    let text = "[[spec]]\nid = \"gd-shenzhen-id-card\"\nextends = \"gd-id-card\"\ncity = \"shenzhen\"\ncity_letter = \"B\"\ncity_name = { zh = \"深圳\", en = \"Shenzhen\" }\nprice_fen = 4500\n";
    let cat = with_local("/data/city_specs/sz.toml", text);
    assert_eq!(cat.errors(), &[]);
    let spec = cat.get("gd-shenzhen-id-card").unwrap();
    assert!(spec.local);
    assert_eq!(spec.price_fen, 4500);
    assert_eq!(spec.origin, "/data/city_specs/sz.toml");
    assert_eq!(cat.specs().iter().filter(|s| s.local).count(), 1);
}

#[test]
fn local_files_are_read_from_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.toml"), "[[spec]]\nid = \"std-passport-us\"\nextends = \"std-1-inch\"\nname = { zh = \"美签\", en = \"US visa\" }\npx = [600, 600]\nprint_mm = [50.8, 50.8]\n").unwrap();
    std::fs::write(dir.path().join("broken.toml"), "not toml at all = = =").unwrap();
    let cat = load_catalogue(Some(dir.path()));
    let us = cat.get("std-passport-us").expect("local spec loaded");
    assert!(us.local && us.px == [600, 600]);
    assert_eq!(cat.broken_files().len(), 1);
    assert!(cat.broken_files()[0].ends_with("broken.toml"));
}

#[test]
fn search_finds_by_chinese_pinyin_initials_and_id() {
    let cat = builtin();
    for q in ["sz", "深圳", "gd-shenzhen", "Shenzhen"] {
        let found = cat.search(q);
        assert_eq!(found.len(), 6, "{q}: {:?}", found.iter().map(|s| &s.id).collect::<Vec<_>>());
        assert!(found.iter().all(|s| s.id.starts_with("gd-shenzhen-")), "{q}");
    }
    assert!(cat.search("一寸").iter().any(|s| s.id == "std-1-inch"));
    // Pinyin from the names themselves, not only the files' search keys: initials, full, mixed.
    let first = |q: &str| cat.search(q).first().map(|s| s.id.clone()).unwrap_or_default();
    assert!(first("gz").starts_with("gd-guangzhou-"), "gz → {}", first("gz"));
    assert!(first("dg").starts_with("gd-dongguan-"), "dg → {}", first("dg"));
    assert!(first("foshan").starts_with("gd-foshan-"));
    assert_eq!(first("szsfz"), "gd-shenzhen-id-card");
    assert_eq!(first("sz sfz"), "gd-shenzhen-id-card");
    // 驾驶证 is jsz: `sz` must not find every driving licence.
    assert!(cat.search("sz").iter().all(|s| s.id.starts_with("gd-shenzhen-")));
    assert!(
        cat.search("jsz").iter().all(|s| s.document == idphoto_studio::domain::DocumentType::DrivingLicence)
    );
    assert!(!cat.search("jsz").is_empty());
    assert!(cat.search("'; DROP TABLE--").is_empty());
}

#[test]
fn the_studios_city_comes_first_and_gives_the_default_spec() {
    let cat = builtin();
    let cities = cat.cities();
    assert_eq!(cities.len(), 21, "Guangdong's 21 cities: {cities:?}");
    assert!(cities.contains(&("shenzhen".to_owned(), "深圳".to_owned())));
    assert!(!cities.iter().any(|(c, _)| c == "jiujiang"), "Jiujiang's receipts are for its residents here");
    assert_eq!(cat.home_spec("zhuhai").map(|s| s.id.as_str()), Some("gd-zhuhai-id-card"));
    assert_eq!(cat.home_spec(""), None);
    let near = cat.search_near("", "zhuhai");
    assert!(near[..6].iter().all(|s| s.city.as_deref() == Some("zhuhai")));
    assert_eq!(near.len(), cat.search("").len());
    // A better match still wins over the home city: `gz` is Guangzhou at a Shenzhen counter.
    assert_eq!(cat.search_near("gz", "shenzhen")[0].city.as_deref(), Some("guangzhou"));
    // Among equal matches (身份证 everywhere), the home city's comes first.
    assert_eq!(cat.search_near("身份证", "shantou")[0].id, "gd-shantou-id-card");
}

#[test]
fn an_orders_stored_document_is_shown_in_the_counters_language() {
    use idphoto_studio::domain::Lang;
    let c = builtin();
    // Orders keep the Chinese name; in English the spec's own English name.
    assert_eq!(c.document_name("gd-shenzhen-id-card", "身份证", Lang::En), "ID card");
    assert_eq!(c.document_name("gd-shenzhen-id-card", "身份证", Lang::Zh), "身份证");
    // No spec id (the day's totals by document), or a spec gone or renamed since: any spec with
    // that Chinese name; a name no spec carries (an old file's) stays as stored.
    assert_eq!(c.document_name("", "身份证", Lang::En), "ID card");
    assert_eq!(c.document_name("gd-removed-spec", "身份证", Lang::En), "ID card");
    assert_eq!(c.document_name("gd-shenzhen-id-card", "旧证件", Lang::En), "旧证件");
    assert_eq!(c.document_name("", "", Lang::En), "");
}
