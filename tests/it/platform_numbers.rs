//! 平台编号: an approval waits as 待上传 with its upload JPEG until the collection platform's image
//! number is attached (scanned anywhere in the window, typed, or `order attach`); only then does the
//! receipt print. Wrong check characters and numbers another order has are refused, naming it; a
//! kill between approval and attach loses nothing; older databases migrate with every order intact.

use std::path::Path;

use egui_kittest::kittest::Queryable;
use idphoto_studio::domain::numbering::{NumberingMode, NumberingModes};
use idphoto_studio::paths::DataDir;
use idphoto_studio::storage::{Database, NumberSource, OrderStatus};

use super::common::{self, step_until, studio_cli, type_into};

/// An exit-entry spec: its platform layout ends in a check character.
const SPEC: &str = "gd-zhuhai-exit-entry";

/// A number in `spec`'s layout for today with `serial`, as the platform would issue it.
fn platform_number(spec_id: &str, serial: u64) -> String {
    let catalogue = idphoto_studio::spec_files::load_catalogue(None);
    let spec = catalogue.get(spec_id).unwrap();
    let template = idphoto_studio::services::approve::number_template(spec);
    template.render(spec.city_letter, chrono::Local::now().date_naive(), serial).unwrap()
}

/// The same number with its last character (the check character) changed.
fn wrong_check(number: &str) -> String {
    let (head, last) = number.split_at(number.len() - 1);
    let other = if last == "7" { "8" } else { "7" };
    format!("{head}{other}")
}

/// What a USB scanner does, as winit reports it on X11 (recorded with `xdotool type`): for each
/// character its key press, Shift held for capitals, the text, the releases; then Enter; all within
/// one frame's few milliseconds.
fn scan(h: &mut egui_kittest::Harness<'static, common::Lazy>, code: &str) {
    let key = |key: egui::Key, pressed: bool, shift: bool| egui::Event::Key {
        key,
        physical_key: Some(key),
        pressed,
        repeat: false,
        modifiers: if shift { egui::Modifiers::SHIFT } else { egui::Modifiers::NONE },
    };
    let events = &mut h.input_mut().events;
    for c in code.chars() {
        let k = egui::Key::from_name(&c.to_ascii_uppercase().to_string()).unwrap();
        let shift = c.is_ascii_uppercase();
        if shift {
            events.push(key(egui::Key::ShiftLeft, true, false));
            events.push(egui::Event::ModifiersChanged(egui::Modifiers::SHIFT));
        }
        events.push(key(k, true, shift));
        events.push(egui::Event::Text(c.to_string()));
        if shift {
            events.push(key(egui::Key::ShiftLeft, false, true));
            events.push(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
        }
        events.push(key(k, false, false));
    }
    events.push(key(egui::Key::Enter, true, false));
    events.push(key(egui::Key::Enter, false, false));
    h.step();
    h.run_steps(2);
}

fn platform_studio(dir: &Path) -> std::path::PathBuf {
    let log = common::fake_printer(dir);
    let db = Database::open(&DataDir::at(dir).database()).unwrap();
    db.save_numbering(&NumberingModes::all(NumberingMode::Platform)).unwrap();
    db.set_setting("capture.spec", SPEC).unwrap();
    log
}

#[test]
fn an_approval_waits_for_the_scanned_platform_number_and_then_prints_its_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::at(dir.path());
    let log = platform_studio(dir.path());
    let mut h = common::harness(dir.path(), true);
    step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());
    super::capture_flow::capture_and_approve(&mut h, "孙八", None);
    step_until(&mut h, "the order 待上传", |app| app.awaiting().len() == 1);
    let row = h.state().app().awaiting()[0].clone();
    assert_eq!(
        (row.status, row.image_number.as_deref(), row.spec_id.as_str()),
        (OrderStatus::AwaitingUpload, None, SPEC)
    );
    // Its upload JPEG, named so the operator finds it, is the order's spec JPEG byte for byte.
    let upload = data.uploads().join(format!("订单{}_孙八_{}.jpg", row.id, row.document));
    let db = Database::open(&data.database()).unwrap();
    let stored = db.order_photo(row.id).unwrap().unwrap();
    assert_eq!(std::fs::read(&upload).unwrap(), stored);
    let decoded = image::load_from_memory(&stored).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (390, 567), "the platform's pixel size");
    // No receipt without a number: nothing printed, nothing in receipts/.
    h.run_steps(5);
    assert!(!log.exists(), "printed before the number: {:?}", std::fs::read_to_string(&log));
    assert_eq!(std::fs::read_dir(data.receipts()).map(|d| d.count()).unwrap_or(0), 0);
    // The status bar counts it from any screen; the order is selected for the scanner.
    h.get_by_label("待上传 1").click();
    h.run_steps(3);
    assert_eq!(h.state().app().selected_awaiting(), Some(row.id));
    h.get_by_label_contains("待上传（等平台图像号）");
    h.get_by_label(&format!("订单{}_孙八_{}.jpg", row.id, row.document));

    // A scan with a wrong check character: refused in red, nothing changes, and the scanned
    // characters did not land in the field that had the cursor.
    let field = format!("#{} 绑定图像号", row.id);
    h.get_by_label(&field).click();
    h.run_steps(1);
    let good = platform_number(SPEC, 4242);
    let bad = wrong_check(&good);
    scan(&mut h, &bad);
    step_until(&mut h, "the refusal flash", |app| app.attach_flash().is_some_and(|(ok, _)| !ok));
    let (_, text) = h.state().app().attach_flash().unwrap();
    assert!(text.contains(&bad) && text.contains("不符合"), "{text}");
    assert_eq!(h.get_by_label(&field).value().as_deref(), Some(""), "the scan went to no field");
    assert_eq!(h.state().app().awaiting().len(), 1);

    // A number another order already has: refused, that order named.
    let taken = platform_number(SPEC, 4243);
    let mut order = idphoto_studio::storage::NewOrder::sample(
        NumberSource::External(taken.clone()),
        "周九",
        &chrono::Local::now().to_rfc3339(),
        common::jpeg(9),
    );
    order.spec_id = SPEC.into();
    let mut db = Database::open(&data.database()).unwrap();
    let other = db.create_order(&order).unwrap();
    // Typed this time, as a person would (a key at a time, then Enter).
    type_into(&mut h, &field, &taken);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    step_until(&mut h, "the duplicate refused", |app| {
        app.attach_flash()
            .is_some_and(|(ok, t)| !ok && t.contains(&format!("已被订单 #{}（周九）使用", other.id)))
    });
    assert_eq!(h.state().app().awaiting().len(), 1);

    // The right number, scanned: attached, green, the receipt prints by itself.
    scan(&mut h, &good);
    step_until(&mut h, "attached", |app| app.awaiting().is_empty());
    let (ok, text) = h.state().app().attach_flash().unwrap();
    assert!(ok && text.contains(&good), "{text}");
    step_until(&mut h, "the receipt printed", |_| log.exists());
    let printed = std::fs::read_to_string(&log).unwrap();
    assert_eq!(printed.lines().count(), 1, "{printed}");
    assert!(printed.contains(&format!("{good}.pdf")), "{printed}");
    let attached = db.order(row.id).unwrap().unwrap();
    assert_eq!(
        (attached.status, attached.image_number.as_deref()),
        (OrderStatus::Pending, Some(good.as_str()))
    );
    let events: Vec<String> = db.order_events(row.id).unwrap().into_iter().map(|e| e.2).collect();
    assert_eq!(events, ["created", "attached", "receipt"]);
    assert!(!upload.exists(), "the upload JPEG goes once the number is attached");
    // The order shows its number in the list.
    h.get_by_label("搜索").click();
    step_until(&mut h, "listed", |app| app.order_results().iter().any(|r| r.id == row.id));
    h.get_by_label(&good);
}

#[test]
fn the_command_line_keeps_an_order_pending_then_attaches_checks_and_prints() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    common::fake_printer(data);
    let photo = data.join("face.jpg");
    std::fs::write(&photo, common::photos::face_bytes("grace_hopper.jpg")).unwrap();
    let add = |extra: &[&str]| {
        studio_cli(data)
            .args(["order", "add", "--spec", SPEC, "--name", "吴十", "--reason", "测试"])
            .args(extra)
            .arg("--photo")
            .arg(&photo)
            .output()
            .unwrap()
    };
    let out = add(&["--pending"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "#1");
    assert!(String::from_utf8_lossy(&out.stderr).contains("order attach 1 --number"));
    // The list, and the file waiting in the upload folder.
    let out = studio_cli(data).args(["order", "awaiting"]).output().unwrap();
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        listed.starts_with("#1\t") && listed.contains("吴十") && listed.contains("订单1_吴十_"),
        "{listed}"
    );
    let upload = DataDir::at(data).uploads();
    assert_eq!(std::fs::read_dir(&upload).unwrap().count(), 1);
    // No receipt for it: it has no number yet, and the command says so.
    let out = studio_cli(data).args(["receipt", "#1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("订单 #1 待上传，还没有图像号"));
    let attach = |order: &str, number: &str| {
        studio_cli(data).args(["order", "attach", order, "--number", number, "--receipt"]).output().unwrap()
    };
    let good = platform_number(SPEC, 777);
    let out = attach("#1", &wrong_check(&good));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("不符合"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Another order has it (numbered at approval with --number): refused, named.
    let taken = platform_number(SPEC, 778);
    let out = add(&["--number", &taken]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), taken);
    let out = attach("1", &taken);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已被订单 #2（吴十）使用"));
    // Full-width digits as a phone keyboard types them are read as the number.
    let typed: String = good
        .chars()
        .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap() } else { c })
        .collect();
    let out = attach("#1", &typed);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect();
    assert_eq!(lines[0], good);
    assert!(lines[1].ends_with(&format!("{good}.pdf")));
    assert_eq!(std::fs::read_dir(&upload).unwrap().count(), 0);
    // Attached once: a second attach is refused.
    let out = attach("1", &platform_number(SPEC, 779));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是待上传"));
    // A spec without the platform's layout cannot wait for one.
    let out = studio_cli(data)
        .args([
            "order",
            "add",
            "--spec",
            "std-1-inch",
            "--name",
            "吴十",
            "--reason",
            "测试",
            "--pending",
            "--photo",
        ])
        .arg(&photo)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_days_export_lists_orders_awaiting_upload_apart_and_counts_them() {
    let (_tmp, dir) = common::data_dir();
    // Names the studio: a receipt needs it.
    common::fake_printer(dir.root());
    let mut db = Database::open(&dir.database()).unwrap();
    let at = "2026-11-23T10:15:00+08:00";
    let numbered = common::order_at(&mut db, &dir, "甲", at, 1);
    let waiting = db
        .create_order(&idphoto_studio::storage::NewOrder::sample(
            NumberSource::AwaitUpload,
            "乙",
            at,
            common::jpeg(2),
        ))
        .unwrap();
    assert_eq!((waiting.status, waiting.image_number.as_deref()), (OrderStatus::AwaitingUpload, None));
    let catalogue = idphoto_studio::spec_files::load_catalogue(None);
    let request = idphoto_studio::services::daily_export::ExportRequest {
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        out_dir: dir.root().join("exports"),
        privacy: Default::default(),
        receipts: true,
    };
    let summary =
        idphoto_studio::services::daily_export::export_day(&db, &catalogue, &request, &mut |_, _| {})
            .unwrap();
    assert_eq!((summary.orders, summary.photos, summary.receipts), (2, 2, 1), "no receipt without a number");
    assert_eq!((summary.totals.pending, summary.totals.awaiting_upload), (1, 1));
    let csv = std::fs::read_to_string(summary.dir.join("orders-2026-11-23.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[1].contains(numbered.image_number.as_deref().unwrap()));
    assert!(
        lines[2].starts_with(",")
            && lines[2].contains(",待上传,")
            && lines[2].ends_with(&format!("#{}", waiting.id))
    );
    assert!(summary.dir.join("photos").join(format!("待上传-订单{}.jpg", waiting.id)).exists());
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(summary.dir.join("orders-2026-11-23.xlsx")).unwrap();
    assert_eq!(book.worksheet_range("订单").unwrap().height(), 2, "header and the numbered order");
    assert_eq!(book.worksheet_range("待上传").unwrap().height(), 2, "header and the waiting order");
    let totals = book.worksheet_range("汇总").unwrap();
    let line =
        totals.rows().find(|r| r[0] == calamine::Data::String("待上传（未绑定图像号）".into())).unwrap();
    assert_eq!(line[1], calamine::Data::Float(1.0));
}

#[test]
fn a_version_4_database_migrates_with_every_order_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("studio.sqlite3");
    Database::create_at_schema(&path, 4).unwrap();
    {
        // Written the way the program at schema 4 wrote it.
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute_batch(
            "PRAGMA foreign_keys = ON;
             INSERT INTO photos (sha256, jpeg) VALUES ('aa', x'FFD8FFD9');
             INSERT INTO orders (id, image_number, spec_id, document, customer_name, phone, price_fen, payment,
                 operator, status, fail_reason, checks_overall, report_json, photo_sha256, captured_at, created_at)
             VALUES (1, 'BB1261123000001', 'gd-shenzhen-id-card', '身份证', '甲', '13800138000', 3500, '微信',
                 '小王', 'failed', '背景不符合要求', 'pass', '{}', 'aa', '2026-11-23T10:00:00+08:00',
                 '2026-11-23T10:00:00+08:00'),
                    (2, 'BB1261123000002', 'gd-shenzhen-id-card', '身份证', '甲', '13800138000', 0, '微信',
                 '小王', 'pending', NULL, 'pass', '{}', 'aa', '2026-11-23T11:00:00+08:00',
                 '2026-11-23T11:00:00+08:00');
             UPDATE orders SET reshoot_of = 1 WHERE id = 2;
             INSERT INTO order_events (order_id, at, who, what) VALUES (1, 'x', '小王', 'created'),
                 (2, 'y', '小王', 'created');
             INSERT INTO number_sequences (key, last_serial) VALUES ('k', 2);",
        )
        .unwrap();
    }
    let mut db = Database::open(&path).unwrap();
    assert_eq!(db.schema_version().unwrap(), idphoto_studio::storage::LATEST_SCHEMA);
    assert!(db.integrity_check().unwrap().is_empty());
    let first = db.order(1).unwrap().unwrap();
    let second = db.order(2).unwrap().unwrap();
    assert_eq!((first.image_number.as_deref(), first.status), (Some("BB1261123000001"), OrderStatus::Failed));
    assert_eq!(first.fail_reason.as_deref(), Some("背景不符合要求"));
    assert_eq!((second.status, second.reshoot_of), (OrderStatus::Pending, Some(1)));
    assert_eq!(db.order_events(2).unwrap().len(), 1);
    // The indexes are back: by the phone's last four digits (a generated column), by number.
    let q = idphoto_studio::storage::OrderQuery { phone: "8000".into(), ..Default::default() };
    assert_eq!(db.search_orders(&q).unwrap().len(), 2);
    assert!(db.order_by_number("BB1261123000002").unwrap().is_some());
    // Foreign keys still hold after the rebuild: an event for a missing order is refused.
    assert!(db.log_order_event(99, "receipt", "", "小王", "z").is_err());
    // And the new state works on the migrated file.
    let waiting = db
        .create_order(&idphoto_studio::storage::NewOrder::sample(
            NumberSource::AwaitUpload,
            "乙",
            "2026-11-24T09:00:00+08:00",
            common::jpeg(3),
        ))
        .unwrap();
    assert_eq!(db.awaiting_upload().unwrap().iter().map(|r| r.id).collect::<Vec<_>>(), [waiting.id]);
    // A number can only be attached to an order that waits for one.
    assert!(db.attach_number(1, "BB1261124000009", "小王", "t").is_err());
    assert!(
        db.attach_number(waiting.id, "BB1261123000001", "小王", "t")
            .unwrap_err()
            .to_string()
            .contains("已被订单 #1（甲）使用")
    );
    let done = db.attach_number(waiting.id, "BB1261124000009", "小王", "t").unwrap();
    assert_eq!((done.status, done.image_number.as_deref()), (OrderStatus::Pending, Some("BB1261124000009")));
}

/// The 平台编号 cycle (approve 待上传 → upload JPEG → attach → receipt) killed (SIGKILL) at random
/// moments, then the next start: every order printed as committed is there, waiting or attached as
/// printed; every order still 待上传 has its upload JPEG after the start, and no other order has one.
#[test]
fn a_kill_between_approval_and_attach_loses_nothing_and_the_order_stays_waiting() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let (mut committed, mut attached) = (Vec::<i64>::new(), Vec::<(i64, String)>::new());
    let mut seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let mut random = |n: u32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 8) % n
    };
    let mut kills = 0;
    while committed.len() < 16 {
        // The first kill lands, for certain, after the commit and before the upload JPEG is
        // written (a 3 s window); the rest at random moments.
        let (window, lines, pause) =
            if kills == 0 { (3000, 1, 0) } else { (60, 1 + random(4) as usize, u64::from(random(250))) };
        let lines = super::crash::kill_soak(&data, &["--pending", "--spec", SPEC], window, lines, pause);
        kills += 1;
        if kills == 1 {
            // Committed, no upload JPEG yet: the next start writes it.
            assert_eq!(lines, ["#1"]);
            assert!(!DataDir::at(&data).uploads().join("订单1_测试顾客_出入境证件.jpg").exists());
            let (code, out, err) = super::reliability::cli(&data, &["check"]);
            assert_eq!(code, 0, "{out}{err}");
            assert!(out.contains("uploads written: 1"), "{out}");
            assert!(DataDir::at(&data).uploads().join("订单1_测试顾客_出入境证件.jpg").exists());
        }
        for line in lines {
            if let Some(rest) = line.strip_prefix("attached #") {
                let (id, number) = rest.split_once(' ').unwrap();
                attached.push((id.parse().unwrap(), number.to_owned()));
            } else if let Some(id) = line.strip_prefix('#') {
                committed.push(id.parse().unwrap());
            }
        }
    }
    let (code, out, err) = super::reliability::cli(&data, &["check"]);
    assert_eq!(code, 0, "the next start: {out}{err}");
    let dir = DataDir::at(&data);
    let db = Database::open(&dir.database()).unwrap();
    assert!(db.integrity_check().unwrap().is_empty());
    for id in &committed {
        assert!(db.order(*id).unwrap().is_some(), "committed #{id} lost");
    }
    for (id, number) in &attached {
        let row = db.order(*id).unwrap().unwrap();
        assert_eq!(row.image_number.as_deref(), Some(number.as_str()), "#{id} lost its attached number");
        assert_eq!(row.status, OrderStatus::Pending);
    }
    let waiting = db.awaiting_upload().unwrap();
    let mut expected: Vec<String> =
        waiting.iter().map(idphoto_studio::services::uploads::file_name).collect();
    expected.sort();
    let mut files: Vec<String> = std::fs::read_dir(dir.uploads())
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    files.sort();
    assert_eq!(files, expected, "the upload folder is the 待上传 list");
    for row in &waiting {
        assert!(row.image_number.is_none());
        assert!(db.order_photo(row.id).unwrap().is_some());
    }
    let rewritten = out.lines().find_map(|l| l.strip_prefix("uploads written: ")).unwrap_or("?").to_owned();
    println!(
        "{kills} kills, {} committed, {} attached, {} left 待上传 (each with its upload JPEG; {rewritten} \
         written by the last start)",
        committed.len(),
        attached.len(),
        waiting.len()
    );
    assert!(!committed.is_empty() && !attached.is_empty());
}

#[test]
fn an_order_awaiting_upload_moves_only_by_attaching_or_failing() {
    let mut db = Database::open_in_memory().unwrap();
    let at = "2026-11-23T10:15:00+08:00";
    let sample = |name: &str, seed: u8| {
        idphoto_studio::storage::NewOrder::sample(NumberSource::AwaitUpload, name, at, common::jpeg(seed))
    };
    let a = db.create_order(&sample("甲", 1)).unwrap();
    let b = db.create_order(&sample("乙", 2)).unwrap();
    assert_eq!(db.awaiting_upload().unwrap().iter().map(|r| r.id).collect::<Vec<_>>(), [a.id, b.id]);
    assert_eq!((a.label(), a.image_number.as_deref()), (format!("#{}", a.id), None));
    // Not by hand to 待审核 or 已通过: only a number makes it 待审核.
    for next in [OrderStatus::Pending, OrderStatus::Passed] {
        assert!(db.set_order_status(a.id, next, None, "小王", at).is_err());
    }
    // The platform's page refused the photo: 审核失败, then a re-shoot; it never got a number.
    db.set_order_status(b.id, OrderStatus::Failed, Some("背景不符合要求"), "小王", at).unwrap();
    db.set_order_status(b.id, OrderStatus::Reshoot, None, "小王", at).unwrap();
    let b = db.order(b.id).unwrap().unwrap();
    assert_eq!((b.status, b.image_number), (OrderStatus::Reshoot, None));
    assert!(
        db.attach_number(b.id, "BB1261123000001", "小王", at).unwrap_err().to_string().contains("不是待上传")
    );
    // No receipt without a number, whatever asks for it.
    let catalogue = idphoto_studio::spec_files::load_catalogue(None);
    let spec = catalogue.get("gd-shenzhen-id-card").unwrap();
    let settings = db.print_settings().unwrap();
    let refused =
        idphoto_studio::services::receipts::render(&db, spec, &a, None, Default::default(), &settings);
    assert!(
        matches!(refused, Err(idphoto_studio::services::receipts::IssueError::NoNumber(id)) if id == a.id)
    );
    assert_eq!(db.awaiting_upload().unwrap().len(), 1);
}
