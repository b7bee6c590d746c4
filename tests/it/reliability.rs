//! Nothing lost, nothing leaked: backups and restore (CLI and the damaged-database screen), the
//! start-of-day orphan cleanup, the retention purge (bytes really gone from the database file), the
//! manager PIN guarding settings, full numbers, deletion and purge, and the audit log.

use std::path::Path;
use std::process::Command;

use egui_kittest::kittest::Queryable;
use idphoto_studio::paths::DataDir;
use idphoto_studio::storage::Database;

use super::common::{self, order_at};

pub(super) fn cli(data: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_idphoto-studio"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("IDPHOTO_STUDIO_PIN")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn type_into(h: &mut egui_kittest::Harness<'static, common::Lazy>, label: &str, text: &str) {
    // Below the fold, a click would land on whatever is drawn there.
    h.get_by_label(label).scroll_to_me();
    h.run_steps(30);
    h.get_by_label(label).click();
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(1);
}

fn today_at(hms: &str) -> String {
    format!("{}T{hms}+08:00", chrono::Local::now().date_naive())
}

/// Overwrites 4 KiB in the middle of the file (the orders' pages) with a pattern.
fn damage(db_file: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(db_file).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(db_file).unwrap();
    f.seek(SeekFrom::Start(len / 2 / 4096 * 4096)).unwrap();
    f.write_all(&[0x55; 4096]).unwrap();
    // And the header, so opening fails at once however SQLite reads the rest.
    f.seek(SeekFrom::Start(0)).unwrap();
    f.write_all(b"this is not sqlite").unwrap();
}

fn fill(dir: &DataDir, n: u8) {
    let mut db = Database::open(&dir.database()).unwrap();
    for i in 0..n {
        order_at(&mut db, dir, &format!("顾客{i}"), &today_at(&format!("09:{:02}:00", i % 60)), i);
    }
}

#[test]
fn a_backup_restores_what_was_committed_and_keeps_the_damaged_file() {
    let (tmp, dir) = common::data_dir();
    fill(&dir, 5);
    let (code, out, err) = cli(tmp.path(), &["backup"]);
    assert_eq!(code, 0, "{err}");
    let backup = std::path::PathBuf::from(out.trim());
    assert!(backup.starts_with(dir.backups()), "{out}");
    assert!(idphoto_studio::storage::check_file(&backup).unwrap().is_empty());
    fill(&dir, 2); // after the backup: lost with the damage, as the counter is told

    damage(&dir.database());
    let (code, _, err) = cli(tmp.path(), &["check"]);
    assert_eq!(code, 1, "damaged: {err}");
    assert!(err.contains("损坏") && err.contains("最近的备份"), "{err}");
    assert!(err.contains(&backup.display().to_string()), "names the backup: {err}");

    // Refused while the counter (here: this test) holds the data dir.
    let hold = dir.hold().unwrap();
    let (code, _, err) = cli(tmp.path(), &["restore"]);
    assert_eq!(code, 1);
    assert!(err.contains("正在使用"), "{err}");
    drop(hold);

    let (code, out, err) = cli(tmp.path(), &["restore"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("5 单"), "{out}");
    let aside: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("studio.sqlite3.before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept: {aside:?}");
    assert_eq!(std::fs::read(tmp.path().join(&aside[0])).unwrap()[..18], *b"this is not sqlite");

    let (code, out, err) = cli(tmp.path(), &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("integrity: ok") && out.contains("orders: 5"), "{out}");
    let db = Database::open(&dir.database()).unwrap();
    let log = db.audit_log(10).unwrap();
    assert!(log.iter().any(|e| e.action == "从备份恢复"), "{log:?}");
    // A damaged backup is refused, and the database stays as it is.
    std::fs::write(&backup, b"garbage").unwrap();
    drop(db);
    let (code, _, err) = cli(tmp.path(), &["restore", &backup.display().to_string()]);
    assert_eq!(code, 1);
    assert!(err.contains("已损坏"), "{err}");
    assert_eq!(Database::open(&dir.database()).unwrap().order_count().unwrap(), 5);
}

#[test]
fn daily_backups_are_one_a_day_and_only_the_newest_are_kept() {
    let (_tmp, dir) = common::data_dir();
    fill(&dir, 1);
    let db = Database::open(&dir.database()).unwrap();
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    for d in 1..=6 {
        let b = idphoto_studio::services::backups::daily(&dir, &db, day(d), 3)
            .unwrap()
            .expect("a new day's backup");
        assert_eq!(b.day, day(d));
        assert!(b.bytes > 10_000, "{b:?}");
    }
    assert!(idphoto_studio::services::backups::daily(&dir, &db, day(6), 3).unwrap().is_none(), "one a day");
    let kept: Vec<_> = idphoto_studio::services::backups::list(&dir).into_iter().map(|b| b.day).collect();
    assert_eq!(kept, [day(4), day(5), day(6)]);
    let copy = Database::open(&idphoto_studio::services::backups::latest(&dir).unwrap().path).unwrap();
    assert_eq!(copy.order_count().unwrap(), 1);
    // Names sort by time; a manual backup is the newest and counts as its day's.
    let at = day(7).and_hms_opt(8, 30, 5).unwrap().and_local_timezone(chrono::Local).unwrap();
    let manual = idphoto_studio::services::backups::now(&dir, &db, at, None).unwrap();
    assert!(manual.path.ends_with("studio-2026-11-07-083005.sqlite3"), "{}", manual.path.display());
    assert!(idphoto_studio::services::backups::daily(&dir, &db, day(7), 3).unwrap().is_none());
    assert_eq!(idphoto_studio::services::backups::latest(&dir).unwrap().path, manual.path);
    // Left running overnight: the first job of day 8 takes day 8's backup, once.
    let mut last = day(7);
    assert!(
        idphoto_studio::services::backups::on_new_day(&dir, &db, &mut last, day(7), 3).unwrap().is_none()
    );
    let b = idphoto_studio::services::backups::on_new_day(&dir, &db, &mut last, day(8), 3)
        .unwrap()
        .expect("day 8");
    assert_eq!((b.day, last), (day(8), day(8)));
    assert!(
        idphoto_studio::services::backups::on_new_day(&dir, &db, &mut last, day(8), 3).unwrap().is_none()
    );
}

#[test]
fn the_next_start_removes_orphans_and_nothing_else() {
    let (tmp, dir) = common::data_dir();
    let mut db = Database::open(&dir.database()).unwrap();
    let kept = order_at(&mut db, &dir, "张三", &today_at("09:00:00"), 1);
    let (sha, ext) = db.order_original(kept.id).unwrap().unwrap();
    let receipts = dir.receipts();
    std::fs::create_dir_all(&receipts).unwrap();
    std::fs::write(receipts.join(format!("{}.pdf", kept.label())), b"%PDF").unwrap();
    std::fs::write(receipts.join(format!("{}-reprint-1.pdf", kept.label())), b"%PDF").unwrap();
    // What a crash leaves: an original whose order never committed, half-written temporary files,
    // a receipt of an order that no longer exists, an unfinished export.
    let orphans = [
        dir.originals().join(format!("{}.jpg", "ab".repeat(32))),
        dir.originals().join(".cafe.jpg.4242.tmp"),
        receipts.join(".SS1261123000001.pdf.4242.tmp"),
        receipts.join("SS1261123999999.pdf"),
        tmp.path().join("exports").join(".2026-11-20.partial"),
    ];
    for p in &orphans {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        if p.extension().is_some_and(|e| e == "partial") {
            std::fs::create_dir_all(p.join("photos")).unwrap();
        } else {
            std::fs::write(p, b"x").unwrap();
        }
    }
    // While another process holds the data dir, nothing is removed.
    let other = dir.hold().unwrap();
    let (done, _hold) =
        idphoto_studio::services::startup::housekeeping(&dir, &mut db, chrono::Local::now().date_naive());
    assert!(!done.orphans_checked && done.orphans_removed.is_empty());
    drop((other, _hold));

    let (done, hold) =
        idphoto_studio::services::startup::housekeeping(&dir, &mut db, chrono::Local::now().date_naive());
    let mut removed = done.orphans_removed.clone();
    removed.sort();
    let mut expected = orphans.to_vec();
    expected.sort();
    assert_eq!(removed, expected);
    assert!(hold.is_some());
    assert!(dir.originals().join(format!("{sha}.{ext}")).exists(), "the order's original stays");
    assert_eq!(idphoto_studio::services::privacy::receipt_files(&dir, &kept.label()).len(), 2);
    assert!(
        done.summary().unwrap().zh.contains("5 个文件")
            && done.summary().unwrap().en.contains("Removed 5 files"),
        "{:?}",
        done.summary()
    );
    drop(hold);
    let (again, _) =
        idphoto_studio::services::startup::housekeeping(&dir, &mut db, chrono::Local::now().date_naive());
    assert!(again.orphans_removed.is_empty());
}

#[test]
fn expired_photos_are_purged_and_overwritten_but_orders_keep_their_text() {
    let (tmp, dir) = common::data_dir();
    let mut db = Database::open(&dir.database()).unwrap();
    let today = chrono::Local::now().date_naive();
    let old_day = today - chrono::Duration::days(40);
    let old = order_at(&mut db, &dir, "欧阳玥", &format!("{old_day}T10:00:00+08:00"), 7);
    let new = order_at(&mut db, &dir, "张三", &today_at("10:00:00"), 8);
    let old_photo = db.order_photo(old.id).unwrap().unwrap();
    let (old_sha, _) = db.order_original(old.id).unwrap().unwrap();
    std::fs::create_dir_all(dir.receipts()).unwrap();
    std::fs::write(dir.receipts().join(format!("{}.pdf", old.label())), b"%PDF").unwrap();
    db.set_setting(idphoto_studio::services::privacy::RETENTION_SETTING, "30").unwrap();

    let report =
        idphoto_studio::services::privacy::purge(&dir, &mut db, today, 30, "系统（保留期限）").unwrap();
    assert_eq!(report.orders, 1);
    assert_eq!(report.numbers, std::slice::from_ref(&old.label()));
    assert_eq!(db.order_photo(old.id).unwrap(), None);
    assert!(db.order_purged_at(old.id).unwrap().is_some());
    assert_eq!(db.order_original(old.id).unwrap(), None);
    assert!(!dir.originals().join(format!("{old_sha}.jpg")).exists());
    assert!(idphoto_studio::services::privacy::receipt_files(&dir, &old.label()).is_empty());
    let row = db.order(old.id).unwrap().unwrap();
    assert_eq!((row.customer_name.as_str(), row.price_fen), ("欧阳玥", 3500), "the text stays");
    assert!(db.order_photo(new.id).unwrap().is_some(), "today's order is untouched");
    assert!(db.audit_log(5).unwrap().iter().any(|e| e.action == "清除相片" && e.detail.starts_with("1 单")));

    // The photo's bytes are gone from the file itself (secure_delete + checkpoint), not just unlinked.
    drop(db);
    let file = std::fs::read(dir.database()).unwrap();
    let probe = &old_photo[old_photo.len() / 2..old_photo.len() / 2 + 64];
    assert!(!file.windows(64).any(|w| w == probe), "purged JPEG bytes still in the database file");
    let wal = std::fs::read(format!("{}-wal", dir.database().display())).unwrap_or_default();
    assert!(!wal.windows(64).any(|w| w == probe), "purged JPEG bytes still in the WAL");

    // A reprint says why it cannot be made; the day's export keeps the row without the photo.
    let mut db = Database::open(&dir.database()).unwrap();
    let cat = idphoto_studio::spec_files::load_catalogue(None);
    let spec = cat.get("gd-shenzhen-id-card").unwrap();
    let err = idphoto_studio::services::receipts::issue(
        &mut db,
        spec,
        &old.label(),
        None,
        &dir.receipts(),
        "小王",
        "",
    )
    .unwrap_err();
    assert!(err.to_string().contains("已按保留期限清除"), "{err}");
    let request = idphoto_studio::services::daily_export::ExportRequest {
        date: old_day,
        out_dir: tmp.path().join("out"),
        privacy: idphoto_studio::domain::daily_report::Privacy::Masked,
        receipts: false,
    };
    let summary =
        idphoto_studio::services::daily_export::export_day(&db, &cat, &request, &mut |_, _| {}).unwrap();
    assert_eq!((summary.orders, summary.photos), (1, 0));
}

#[test]
fn the_pin_is_salted_guards_the_cli_and_every_attempt_is_logged() {
    let (tmp, dir) = common::data_dir();
    fill(&dir, 2);
    let db = Database::open(&dir.database()).unwrap();
    use idphoto_studio::services::privacy::{PIN_SETTING, check_pin, set_pin};
    // Without a PIN, guarded commands are refused (not open to all).
    let (code, _, err) = cli(tmp.path(), &["purge"]);
    assert_eq!(code, 1);
    assert!(err.contains("还没有设置店长密码"), "{err}");

    assert!(set_pin(&db, "", "2580", "2851", "店长").unwrap_err().to_string().contains("不一致"));
    assert!(set_pin(&db, "", "12", "12", "店长").unwrap_err().to_string().contains("4 到 8 位"));
    set_pin(&db, "", "2580", "2580", "店长").unwrap();
    let stored = db.setting(PIN_SETTING).unwrap().unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains("2580"), "{stored}");
    // Changing it needs the current one.
    assert!(set_pin(&db, "1111", "1234", "1234", "小王").unwrap_err().to_string().contains("不对"));
    assert!(check_pin(&db, "0000", "小王", "打开设置").is_err());
    check_pin(&db, "2580", "店长", "打开设置").unwrap();

    let day = chrono::Local::now().date_naive().to_string();
    let out = tmp.path().join("out");
    let out = out.display().to_string();
    let (code, _, err) = cli(tmp.path(), &["export", "--date", &day, "--out", &out, "--full-numbers"]);
    assert_eq!(code, 1, "full numbers without the PIN");
    assert!(err.contains("店长密码"), "{err}");
    assert!(!tmp.path().join("out").join(&day).exists());
    let (code, _, err) =
        cli(tmp.path(), &["export", "--date", &day, "--out", &out, "--full-numbers", "--pin", "2580"]);
    assert_eq!(code, 0, "{err}");
    let csv =
        std::fs::read_to_string(tmp.path().join("out").join(&day).join(format!("orders-{day}.csv"))).unwrap();
    assert!(csv.contains("440524188001010014"), "full numbers when the manager asked");
    let (code, out_text, err) = cli(tmp.path(), &["purge", "--pin", "2580"]);
    assert_eq!(code, 0, "{err}");
    assert!(out_text.contains("已清除 0 单"), "{out_text}");

    let actions: Vec<(String, String)> =
        db.audit_log(50).unwrap().into_iter().rev().map(|e| (e.action, e.detail)).collect();
    let count = |a: &str| actions.iter().filter(|(x, _)| x == a).count();
    assert_eq!(count("设置店长密码"), 1, "{actions:?}");
    assert_eq!(count("店长密码错误"), 3, "change, settings, export: {actions:?}");
    assert_eq!(count("店长验证"), 3, "{actions:?}");
    assert_eq!(count("导出完整号码"), 1, "{actions:?}");
    assert!(!format!("{actions:?}").contains("2580"), "the PIN is never logged");

    // Two more wrong PINs make five within five minutes: even the right one is refused for a while.
    for _ in 0..2 {
        assert!(check_pin(&db, "9999", "小王", "打开设置").is_err());
    }
    let e = check_pin(&db, "2580", "店长", "打开设置").unwrap_err();
    assert!(e.to_string().contains("5 分钟后再试"), "{e}");
}

#[test]
fn deleting_an_order_removes_its_photo_original_and_receipts() {
    let (tmp, dir) = common::data_dir();
    let mut db = Database::open(&dir.database()).unwrap();
    let gone = order_at(&mut db, &dir, "李四", &today_at("11:00:00"), 21);
    let stays = order_at(&mut db, &dir, "王五", &today_at("11:05:00"), 22);
    let (sha, ext) = db.order_original(gone.id).unwrap().unwrap();
    std::fs::create_dir_all(dir.receipts()).unwrap();
    std::fs::write(dir.receipts().join(format!("{}.pdf", gone.label())), b"%PDF").unwrap();
    idphoto_studio::services::privacy::set_pin(&db, "", "135790", "135790", "店长").unwrap();
    drop(db);

    let (code, _, err) = cli(tmp.path(), &["order", "delete", &gone.label(), "--reason", "顾客要求"]);
    assert_eq!(code, 1, "no PIN: {err}");
    let out = Command::new(env!("CARGO_BIN_EXE_idphoto-studio"))
        .arg("--data-dir")
        .arg(tmp.path())
        .args(["order", "delete", &gone.label(), "--reason", "顾客要求删除"])
        .env("IDPHOTO_STUDIO_PIN", "135790")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let db = Database::open(&dir.database()).unwrap();
    assert!(db.order_by_number(&gone.label()).unwrap().is_none());
    assert!(db.order(stays.id).unwrap().is_some() && db.order_photo(stays.id).unwrap().is_some());
    assert!(!dir.originals().join(format!("{sha}.{ext}")).exists());
    assert!(idphoto_studio::services::privacy::receipt_files(&dir, &gone.label()).is_empty());
    let log = db.audit_log(5).unwrap();
    assert_eq!(log[0].action, "删除订单");
    assert_eq!(log[0].detail, format!("{}：顾客要求删除", gone.label()));
    assert!(!format!("{log:?}").contains("李四"), "the log keeps no personal data");
}

/// The counter: with a PIN set, 设置 asks for it (a wrong one is refused and logged), full numbers
/// ask for it, and an order is deleted from the orders screen once it is given.
#[test]
fn settings_full_numbers_and_delete_ask_for_the_manager_pin() {
    let (tmp, dir) = common::data_dir();
    let mut db = Database::open(&dir.database()).unwrap();
    let order = order_at(&mut db, &dir, "赵六", &today_at("12:00:00"), 31);
    idphoto_studio::services::privacy::set_pin(&db, "", "2468", "2468", "店长").unwrap();
    drop(db);
    let mut h = common::harness(tmp.path(), false);
    h.get_by_label("设置").click();
    h.run_steps(3);
    assert_eq!(h.state().app().screen(), idphoto_studio::counter::Screen::Capture, "locked");
    assert!(h.state().app().pin_prompt_open(), "asks for the PIN");
    type_into(&mut h, "店长密码", "1111");
    h.get_by_label("确定").click();
    common::wait_for_label(&mut h, "店长密码不对");
    assert_eq!(h.state().app().screen(), idphoto_studio::counter::Screen::Capture);
    type_into(&mut h, "店长密码", "2468");
    h.get_by_label("确定").click();
    common::step_until(&mut h, "settings open", |a| a.screen() == idphoto_studio::counter::Screen::Settings);
    assert!(h.state().app().manager().unlocked());
    h.get_by_label("锁定").scroll_to_me();
    h.run_steps(30);
    h.get_by_label("锁定").click();
    h.run_steps(3);
    assert!(!h.state().app().manager().unlocked());
    assert_eq!(h.state().app().screen(), idphoto_studio::counter::Screen::Capture);

    // Export screen: ticking 完整号码 asks for the PIN; cancelling leaves it masked.
    h.get_by_label("导出").click();
    h.run_steps(3);
    // The day's figures arrive from the I/O thread and push the box down: click it once they are in.
    common::wait_for_label(&mut h, "一周内到期、尚未审核的回执");
    h.run_steps(2);
    h.get_by_label_contains("完整").click();
    h.run_steps(3);
    assert!(h.state().app().pin_prompt_open());
    h.get_by_label("取消").click();
    h.run_steps(3);
    assert!(!h.state().app().pin_prompt_open());

    // Orders screen: open the order, delete it with a reason and the PIN.
    h.get_by_label("订单").click();
    h.run_steps(3);
    h.get_by_label("搜索").click();
    common::wait_for_label(&mut h, &order.label());
    h.get_by_label(&order.label()).click();
    common::wait_for_label(&mut h, "删除订单（");
    h.get_by_label_contains("删除订单（").scroll_to_me();
    h.run_steps(30);
    h.get_by_label_contains("删除订单（").click();
    h.run_steps(5);
    type_into(&mut h, "删除原因", "顾客要求");
    h.run_steps(2);
    h.get_by_label("删除订单").click();
    h.run_steps(3);
    type_into(&mut h, "店长密码", "2468");
    h.get_by_label("确定").click();
    common::wait_for_label(&mut h, "已删除订单");
    drop(h);
    let db = Database::open(&dir.database()).unwrap();
    assert!(db.order_by_number(&order.label()).unwrap().is_none());
    let actions: Vec<String> = db.audit_log(20).unwrap().into_iter().map(|e| e.action).collect();
    for a in ["店长密码错误", "店长验证", "删除订单"] {
        assert!(actions.iter().any(|x| x == a), "{a} missing from {actions:?}");
    }
}

/// A damaged database at start: the window says so and offers the newest backup; restoring it brings
/// the orders back without a restart.
#[test]
fn a_damaged_database_offers_the_latest_backup_and_restores_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(tmp.path());
    common::fake_printer(tmp.path());
    fill(&dir, 3);
    {
        let db = Database::open(&dir.database()).unwrap();
        idphoto_studio::services::backups::daily(&dir, &db, chrono::Local::now().date_naive(), 14).unwrap();
    }
    damage(&dir.database());
    let mut h = common::harness(tmp.path(), false);
    assert!(matches!(
        h.state().app().db_state(),
        idphoto_studio::counter::DbState::Damaged { backup: Some(_), .. }
    ));
    assert!(h.query_by_label_contains("订单和设置都在数据库里").is_some());
    h.get_by_label("恢复这个备份").click();
    // The restore and its integrity check run on the opening thread, not the UI's.
    common::step_until(&mut h, "the restored database open", |app| {
        matches!(app.db_state(), idphoto_studio::counter::DbState::Ready { .. })
    });
    common::wait_for_label(&mut h, "已从备份");
    drop(h);
    assert_eq!(Database::open(&dir.database()).unwrap().order_count().unwrap(), 3);
}
