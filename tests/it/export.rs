//! The daily export read back the way the accountant opens it: the CSV by a CSV reader (BOM and all),
//! the XLSX by calamine, the photos byte for byte against the database; the same day exported twice
//! gives the same files; an interrupted export never shows.

use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;
use idphoto_studio::domain::Catalogue;
use idphoto_studio::domain::daily_report::Privacy;
use idphoto_studio::domain::spec::Validity;
use idphoto_studio::services::daily_export::{ExportRequest, export_day};
use idphoto_studio::spec_files::builtin_files;
use idphoto_studio::storage::{Database, NewOrder, NumberSource, OrderStatus};

use super::common::jpeg;

const DAY: (i32, u32, u32) = (2026, 11, 23);

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(DAY.0, DAY.1, DAY.2).unwrap()
}

struct Spec {
    id: &'static str,
    document: &'static str,
}

const ID: Spec = Spec { id: "gd-shenzhen-id-card", document: "身份证" };
const DRIVING: Spec = Spec { id: "gd-shenzhen-driving-licence", document: "驾驶证" };

#[allow(clippy::too_many_arguments)]
fn add(
    db: &mut Database,
    cat: &Catalogue,
    spec: &Spec,
    name: &str,
    price: u32,
    payment: &str,
    operator: &str,
    at: &str,
    reshoot_of: Option<i64>,
) -> idphoto_studio::storage::OrderRow {
    let s = cat.get(spec.id).unwrap();
    let photo = jpeg(name.len() as u8 + price as u8);
    let date = NaiveDate::parse_from_str(&at[..10], "%Y-%m-%d").unwrap();
    let number = NumberSource::Allocate {
        template: s.numbering.as_ref().unwrap().template.clone(),
        city_letter: s.city_letter,
        date,
    };
    db.create_order(&NewOrder {
        spec_id: spec.id.into(),
        document: spec.document.into(),
        price_fen: price,
        payment: payment.into(),
        operator: operator.into(),
        reshoot_of,
        ..NewOrder::sample(number, name, at, photo)
    })
    .unwrap()
}

/// Five orders on the day (two documents, three payments, two operators, one failed and re-shot for
/// free) and one the next day, which must not be exported.
fn fill(db: &mut Database) -> Vec<idphoto_studio::storage::OrderRow> {
    let studio =
        idphoto_studio::domain::StudioInfo { name: super::common::TEST_STUDIO.into(), ..Default::default() };
    db.save_studio_info(&studio).unwrap();
    let cat = Catalogue::load(&builtin_files());
    let a = add(db, &cat, &ID, "张三", 3500, "微信", "小王", "2026-11-23T09:05:00+08:00", None);
    let b = add(db, &cat, &ID, "李四, \"四哥\"", 3500, "现金", "小王", "2026-11-23T10:40:00+08:00", None);
    let c = add(db, &cat, &DRIVING, "王五", 3000, "支付宝", "小李", "2026-11-23T10:55:00+08:00", None);
    db.set_order_status(
        b.id,
        OrderStatus::Failed,
        Some("背景不符合要求"),
        "小王",
        "2026-11-23T11:00:00+08:00",
    )
    .unwrap();
    db.set_order_status(b.id, OrderStatus::Reshoot, None, "小王", "2026-11-23T11:01:00+08:00").unwrap();
    let d = add(db, &cat, &ID, "李四, \"四哥\"", 0, "现金", "小王", "2026-11-23T11:05:00+08:00", Some(b.id));
    db.set_order_status(a.id, OrderStatus::Passed, None, "小王", "2026-11-23T12:00:00+08:00").unwrap();
    let e = add(db, &cat, &DRIVING, "赵六", 4000, "微信", "小李", "2026-11-23T18:30:00+08:00", None);
    add(db, &cat, &ID, "明天", 3500, "微信", "小王", "2026-11-24T09:00:00+08:00", None);
    vec![a, b, c, d, e]
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walk(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

#[test]
fn a_day_exports_csv_xlsx_and_photos_that_match_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(&dir.path().join("db.sqlite3")).unwrap();
    let orders = fill(&mut db);
    let cat = Catalogue::load(&builtin_files());
    let out = dir.path().join("exports");
    // An export interrupted earlier left its hidden folder: it is replaced, never shown.
    std::fs::create_dir_all(out.join(".2026-11-23.partial/photos")).unwrap();
    std::fs::write(out.join(".2026-11-23.partial/photos/half.jpg"), b"half").unwrap();
    let request =
        ExportRequest { date: day(), out_dir: out.clone(), privacy: Privacy::Masked, receipts: false };
    let mut seen = Vec::new();
    let summary = export_day(&db, &cat, &request, &mut |done, total| seen.push((done, total))).unwrap();
    assert_eq!(summary.dir, out.join("2026-11-23"));
    assert_eq!((summary.orders, summary.photos, summary.receipts), (5, 5, 0));
    assert_eq!(seen.first(), Some(&(0, 5)));
    assert_eq!(seen.last(), Some(&(5, 5)));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["2026-11-23"], "no hidden half export remains");

    // CSV: BOM, header, five rows in time order, masked numbers, quoted name, prices add up.
    let csv_bytes = std::fs::read(summary.dir.join("orders-2026-11-23.csv")).unwrap();
    assert_eq!(&csv_bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM for Excel");
    let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
    assert_eq!(reader.headers().unwrap().get(0), Some("图像号"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let numbers: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    let expected: Vec<&str> = orders.iter().map(|o| o.image_number.as_deref().unwrap()).collect();
    assert_eq!(numbers, expected);
    assert_eq!(&rows[1][2], "李四, \"四哥\"");
    assert_eq!((&rows[0][3], &rows[0][4]), ("138****8000", "4405**********0014"));
    assert!(!String::from_utf8_lossy(&csv_bytes).contains("440524188001010014"));
    assert_eq!((&rows[1][11], &rows[1][12]), ("已重拍", "背景不符合要求"));
    assert_eq!(
        &rows[3][13],
        orders[1].image_number.as_deref().unwrap(),
        "the re-shoot names the failed order"
    );
    let csv_total: f64 = rows.iter().map(|r| r[8].parse::<f64>().unwrap()).sum();
    let db_total: u32 = orders.iter().map(|o| o.price_fen).sum();
    assert_eq!((csv_total * 100.0).round() as u32, db_total);

    // XLSX: the same rows, prices as numbers, and the totals sheet agrees with the database.
    let mut book = calamine::open_workbook_auto(summary.dir.join("orders-2026-11-23.xlsx")).unwrap();
    let sheet = book.worksheet_range("订单").unwrap();
    assert_eq!(sheet.height(), 6);
    assert_eq!(sheet.get((1, 0)), Some(&Data::String(orders[0].label())));
    assert_eq!(sheet.get((1, 8)), Some(&Data::Float(35.0)));
    let totals = book.worksheet_range("汇总").unwrap();
    let line = |label: &str| -> (f64, f64) {
        let row = totals
            .rows()
            .find(|r| r.first() == Some(&Data::String(label.into())))
            .unwrap_or_else(|| panic!("{label} missing"));
        let num = |d: &Data| match d {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("{label}: {other:?}"),
        };
        (num(&row[1]), num(&row[2]))
    };
    assert_eq!(line("全部订单"), (5.0, f64::from(db_total) / 100.0));
    assert_eq!(line("其中免费重拍"), (1.0, 0.0));
    assert_eq!(line("审核失败").0, 1.0);
    assert_eq!(line("微信"), (2.0, 75.0));
    assert_eq!(line("驾驶证"), (2.0, 70.0));
    assert_eq!(line("小李"), (2.0, 70.0));

    // Photos: one per order, named by image number, the stored JPEG byte for byte.
    for o in &orders {
        let file = std::fs::read(summary.dir.join("photos").join(format!("{}.jpg", o.label()))).unwrap();
        assert_eq!(file, db.order_photo(o.id).unwrap().unwrap(), "{}", o.label());
    }
    assert_eq!(std::fs::read_dir(summary.dir.join("photos")).unwrap().count(), 5);

    // The same day again: the same files, byte for byte.
    let first = files(&summary.dir);
    export_day(&db, &cat, &request, &mut |_, _| {}).unwrap();
    assert_eq!(files(&summary.dir), first);

    // The manager asked for full numbers.
    let full = ExportRequest { privacy: Privacy::Full, out_dir: dir.path().join("full"), ..request };
    let s = export_day(&db, &cat, &full, &mut |_, _| {}).unwrap();
    let text = String::from_utf8(std::fs::read(s.dir.join("orders-2026-11-23.csv")).unwrap()).unwrap();
    assert!(text.contains("440524188001010014") && text.contains("13800138000"));
}

#[test]
fn receipts_can_go_with_the_export_and_the_cli_prints_totals() {
    let dir = tempfile::tempdir().unwrap();
    let data = idphoto_studio::paths::DataDir::at(dir.path().join("data"));
    data.create().unwrap();
    {
        let mut db = Database::open(&data.database()).unwrap();
        fill(&mut db);
    }
    let out = dir.path().join("exports");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_idphoto-studio"))
        .env_remove("IDPHOTO_STUDIO_DATA")
        .arg("--data-dir")
        .arg(data.root())
        .args(["export", "--date", "2026-11-23", "--receipts", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(
        stdout.contains("5 单，140.00 元（免费重拍 1 单，审核失败 1 单），相片 5 张，回执 5 份"),
        "{stdout}"
    );
    let receipts = out.join("2026-11-23").join("receipts");
    assert_eq!(std::fs::read_dir(&receipts).unwrap().count(), 5);
    for entry in std::fs::read_dir(&receipts).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }
    // Nothing was logged as issued: the export copies, it does not print.
    let db = Database::open(&data.database()).unwrap();
    assert_eq!(idphoto_studio::services::receipts::receipts_issued(&db, 1).unwrap(), 0);

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_idphoto-studio"))
        .arg("--data-dir")
        .arg(data.root())
        .args(["export", "--date", "23/11/2026", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("不是日期"));
}

/// The export screen: the day's totals and expiring receipts on screen, and 导出 writes the folder.
#[test]
fn export_screen_shows_the_day_and_exports_it() {
    use super::common::{harness, step_until, wait_for_label};
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let data = idphoto_studio::paths::DataDir::at(dir.path());
    data.create().unwrap();
    let today = chrono::Local::now().date_naive();
    {
        let mut db = Database::open(&data.database()).unwrap();
        fill(&mut db);
        // A pending receipt captured its validity minus 2 days ago: it expires in 2 days.
        let cat = Catalogue::load(&builtin_files());
        let validity = cat.get(ID.id).unwrap().receipt.as_ref().unwrap().validity;
        let Validity::Days(days) = validity else { panic!("{validity:?}") };
        let old = (today - chrono::Duration::days(i64::from(days) - 2))
            .format("%Y-%m-%dT10:00:00+08:00")
            .to_string();
        add(&mut db, &cat, &ID, "快到期", 3500, "微信", "小王", &old, None);
    }
    let mut h = harness(dir.path(), false);
    h.get_by_label("导出").click();
    h.run_steps(2);
    wait_for_label(&mut h, "快到期");
    h.get_by_label_contains("2 天后到期");
    h.get_by_label("日期").click();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label("日期").type_text("2026-11-23");
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    wait_for_label(&mut h, "5 单 · ¥140.00");
    let buttons: Vec<_> = h.query_all_by_label("导出").collect();
    assert_eq!(buttons.len(), 2, "the tab and the button");
    buttons[1].click();
    h.run_steps(2);
    step_until(&mut h, "exported", |app| {
        matches!(app.export_state(), Some(idphoto_studio::worker::ExportState::Done(_)))
    });
    wait_for_label(&mut h, "已导出");
    assert!(dir.path().join("exports").join("2026-11-23").join("orders-2026-11-23.xlsx").is_file());
}
