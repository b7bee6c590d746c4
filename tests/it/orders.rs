//! Orders in SQLite: image numbers never repeated (10,000 in a row, across a restart, with the clock
//! set back), external numbers validated, status changes logged, search safe with quotes and SQL.

use chrono::NaiveDate;
use idphoto_studio::domain::Catalogue;
use idphoto_studio::spec_files::builtin_files;
use idphoto_studio::storage::{Database, NewOrder, NumberSource, OrderQuery, OrderStatus, StorageError};

fn order(number: NumberSource, name: &str, jpeg: &[u8]) -> NewOrder {
    NewOrder {
        id_number: None,
        hukou: Some("广东深圳".into()),
        created_at: "2026-11-23T10:00:05+08:00".into(),
        ..NewOrder::sample(number, name, "2026-11-23T10:00:00+08:00", jpeg.to_vec())
    }
}

fn shenzhen_id() -> (idphoto_studio::domain::NumberTemplate, Option<char>) {
    let catalogue = Catalogue::load(&builtin_files());
    let spec = catalogue.get("gd-shenzhen-id-card").unwrap();
    (spec.numbering.as_ref().unwrap().template.clone(), spec.city_letter)
}

fn allocate(date: NaiveDate) -> NumberSource {
    let (template, city_letter) = shenzhen_id();
    NumberSource::Allocate { template, city_letter, date }
}

#[test]
fn ten_thousand_orders_get_ten_thousand_distinct_valid_numbers() {
    // In memory: the allocation is the same SQL; a file would add 10,000 fsyncs (synchronous = FULL),
    // and crash safety is shown by the restart test and the kill test.
    let mut db = Database::open_in_memory().unwrap();
    let (template, letter) = shenzhen_id();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let source = NumberSource::Allocate { template: template.clone(), city_letter: letter, date: day };
    let started = std::time::Instant::now();
    let mut numbers = std::collections::HashSet::new();
    for i in 0..10_000u32 {
        let o = db.create_order(&order(source.clone(), &format!("顾客{i}"), &i.to_le_bytes())).unwrap();
        template.validate(&o.label(), letter).unwrap();
        assert!(numbers.insert(o.label()));
    }
    println!("10,000 orders in {:.1} s", started.elapsed().as_secs_f64());
    assert_eq!(db.order_count().unwrap(), 10_000);
    assert!(numbers.contains("BB1261123000001") && numbers.contains("BB1261123010000"), "serials 1…10000");
}

#[test]
fn numbers_survive_a_restart_and_a_clock_set_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("studio.db");
    let (d22, d23) =
        (NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let mut seen = Vec::new();
    {
        let mut db = Database::open(&path).unwrap();
        for d in [d23, d23] {
            seen.push(db.create_order(&order(allocate(d), "甲", b"a")).unwrap().label());
        }
    }
    // Restart; then the clock goes back a day, then forward again.
    let mut db = Database::open(&path).unwrap();
    for d in [d23, d22, d22, d23] {
        seen.push(db.create_order(&order(allocate(d), "乙", b"b")).unwrap().label());
    }
    assert_eq!(
        seen,
        [
            "BB1261123000001",
            "BB1261123000002",
            "BB1261123000003",
            "BB1261122000001",
            "BB1261122000002",
            "BB1261123000004"
        ]
    );
    // The same photo is stored once.
    assert_eq!(db.order_photo(1).unwrap().as_deref(), Some(&b"a"[..]));
}

#[test]
fn external_numbers_are_kept_and_never_duplicated() {
    let mut db = Database::open_in_memory().unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    // Issued elsewhere with serial 2: allocation skips it.
    let first =
        db.create_order(&order(NumberSource::External("BB1261123000002".into()), "外", b"x")).unwrap();
    let again = db.create_order(&order(NumberSource::External("BB1261123000002".into()), "另", b"y"));
    // Refused with the order that has it named.
    let Err(StorageError::Order(e)) = again else { panic!("{again:?}") };
    assert_eq!(e.to_string(), format!("图像号 BB1261123000002 已被订单 #{}（外）使用", first.id));
    let a = db.create_order(&order(allocate(day), "甲", b"a")).unwrap().label();
    let b = db.create_order(&order(allocate(day), "乙", b"b")).unwrap().label();
    assert_eq!((a.as_str(), b.as_str()), ("BB1261123000001", "BB1261123000003"));
}

#[test]
fn status_changes_follow_the_audit_and_are_logged() {
    let mut db = Database::open_in_memory().unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let first = db.create_order(&order(allocate(day), "张三", b"p")).unwrap();
    assert_eq!(first.status, OrderStatus::Pending);
    let at = "2026-11-24T09:00:00+08:00";
    let bad = db.set_order_status(first.id, OrderStatus::Reshoot, None, "小王", at);
    assert!(bad.is_err(), "待审核 cannot jump to 重拍");
    db.set_order_status(first.id, OrderStatus::Failed, Some("背景不符合要求"), "小王", at).unwrap();
    db.set_order_status(first.id, OrderStatus::Reshoot, None, "小王", at).unwrap();
    let mut again = order(allocate(day), "张三", b"q");
    again.reshoot_of = Some(first.id);
    let second = db.create_order(&again).unwrap();
    assert_ne!(second.image_number, first.image_number, "a re-shoot gets a new number");
    let first = db.order(first.id).unwrap().unwrap();
    assert_eq!((first.status, first.fail_reason.as_deref()), (OrderStatus::Reshoot, Some("背景不符合要求")));
    let events: Vec<String> = db.order_events(first.id).unwrap().into_iter().map(|e| e.2).collect();
    assert_eq!(events, ["created", "failed", "reshoot", "reshoot"]);
    assert_eq!(db.log_order_event(second.id, "reprint", "", "小王", at).unwrap(), 1);
    assert_eq!(db.log_order_event(second.id, "reprint", "", "小王", at).unwrap(), 2);
}

#[test]
fn search_by_number_prefix_name_phone_and_dates_treats_sql_as_text() {
    let mut db = Database::open_in_memory().unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for name in ["张三", "李四", "王五", "O'Brien"] {
        db.create_order(&order(allocate(day), name, name.as_bytes())).unwrap();
    }
    let q = |f: &dyn Fn(&mut OrderQuery)| {
        let mut q = OrderQuery::default();
        f(&mut q);
        db.search_orders(&q).unwrap().into_iter().map(|o| o.customer_name).collect::<Vec<_>>()
    };
    assert_eq!(q(&|q| q.number_prefix = "bb1261123000002".into()), ["李四"]);
    assert_eq!(q(&|q| q.number_prefix = "BB12611".into()).len(), 4);
    assert_eq!(q(&|q| q.name = "李".into()), ["李四"], "surname first");
    assert!(q(&|q| q.name = "四".into()).is_empty(), "names match from the start (an index range)");
    assert_eq!(q(&|q| q.phone = "138 0013".into()).len(), 4, "phone prefix");
    assert_eq!(q(&|q| q.name = "O'Brien".into()), ["O'Brien"]);
    assert_eq!(q(&|q| q.phone = "8000".into()).len(), 4, "last four digits");
    assert!(q(&|q| q.phone = "1234".into()).is_empty());
    assert!(q(&|q| q.name = "%' OR 1=1 --".into()).is_empty());
    assert!(q(&|q| q.number_prefix = "'; DROP TABLE orders; --".into()).is_empty());
    assert!(q(&|q| q.from = Some("2026-11-24".into())).is_empty());
    assert_eq!(db.order_count().unwrap(), 4, "nothing dropped");
}

/// The orders screen: search by name, open an order (phone masked), fail it with the platform's
/// reason, then a free re-shoot opens the capture screen for the same customer.
#[test]
fn orders_screen_searches_opens_fails_and_reshoots() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    {
        let mut db = Database::open(&idphoto_studio::paths::DataDir::at(dir.path()).database()).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for name in ["张三", "李四", "王五"] {
            db.create_order(&order(allocate(day), name, name.as_bytes())).unwrap();
        }
    }
    let mut h = super::common::harness(dir.path(), false);
    h.get_by_label("订单").click();
    h.run_steps(2);
    super::common::step_until(&mut h, "the first search", |app| app.order_results().len() == 3);
    h.get_by_label("姓名").click();
    h.run_steps(1);
    h.get_by_label("姓名").type_text("李四");
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    super::common::step_until(&mut h, "李四 found", |app| app.order_results().len() == 1);
    let number = h.state().app().order_results()[0].label();
    assert!(h.query_by_label("13800138000").is_none(), "phones are masked in lists");
    h.get_by_label("138****8000");
    h.get_by_label(&number).click();
    h.run_steps(2);
    super::common::step_until(&mut h, "the order open", |app| app.open_order().is_some());
    h.get_by_label("失败原因").click();
    h.run_steps(2);
    h.get_by_label("背景不符合要求").click();
    h.run_steps(2);
    h.get_by_label("审核失败").click();
    h.run_steps(2);
    super::common::step_until(&mut h, "the order failed", |app| {
        app.open_order().is_some_and(|o| o.status == OrderStatus::Failed)
    });
    h.get_by_label("免费重拍（新图像号）").click();
    h.run_steps(2);
    let app = h.state().app();
    assert_eq!(app.screen(), idphoto_studio::counter::Screen::Capture);
    assert_eq!((app.customer(), app.reshoot_of()), ("李四", Some(2)));
    drop(h);
    let db = Database::open(&idphoto_studio::paths::DataDir::at(dir.path()).database()).unwrap();
    let events: Vec<(String, String)> = db.order_events(2).unwrap().into_iter().map(|e| (e.2, e.3)).collect();
    assert_eq!(events[1], ("failed".to_owned(), "背景不符合要求".to_owned()));
    assert_eq!(events[2].0, "reshoot");
}
