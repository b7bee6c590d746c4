//! The studio's identity is on every receipt: a fresh install asks for it in one short dialog (name,
//! address, phone, city), puts the city's documents first and makes its ID card the default, and
//! refuses to print a receipt until a name is set — on the counter and on the command line.

use std::process::Command;

use egui_kittest::kittest::Queryable;
use idphoto_studio::storage::Database;

use super::common::{self, approve_with_reason, harness_for, step_until, type_into};

#[test]
fn a_fresh_install_asks_for_the_studio_and_its_city() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(dir.path(), false, false);
    common::wait_for_label(&mut h, "欢迎使用：请先填写照相馆信息");
    // Saving without a name is refused beside the field.
    h.get_by_label("保存").click();
    h.run_steps(2);
    h.get_by_label("请填写照相馆名称");
    type_into(&mut h, "名称", "\u{3000}天河快照照相馆");
    type_into(&mut h, "电话", "０２０－１２３４５６７８");
    h.get_by_label("所在城市").click();
    h.run_steps(2);
    h.get_by_label("广州").click();
    h.run_steps(2);
    // Who issues the image numbers is asked too: not answered, nothing is saved.
    h.get_by_label("保存").click();
    h.run_steps(2);
    h.get_by_label("请选择编号方式");
    assert!(!h.state().app().studio_info().named());
    h.get_by_label("平台编号").click();
    h.run_steps(1);
    h.get_by_label("保存").click();
    step_until(&mut h, "studio saved", |app| app.studio_info().named());
    let info = h.state().app().studio_info().clone();
    assert_eq!(
        (info.name.as_str(), info.phone.as_str(), info.city.as_str()),
        ("天河快照照相馆", "020-12345678", "guangzhou")
    );
    step_until(&mut h, "the city's ID card chosen", |app| app.capture_spec_id() == "gd-guangzhou-id-card");
    assert!(h.query_by_label("欢迎使用：请先填写照相馆信息").is_none(), "the dialog closed");
    // The picker lists the city's documents first.
    h.get_by_label("本市证件");
    let cat = h.state().app().catalogue();
    let first = cat.search_near("", "guangzhou");
    assert!(
        first.iter().take(6).all(|s| s.city.as_deref() == Some("guangzhou")),
        "{:?}",
        first.iter().take(6).map(|s| &s.id).collect::<Vec<_>>()
    );
    drop(h);

    // The next start does not ask again, and keeps the city's spec.
    let h = harness_for(dir.path(), false, false);
    assert!(h.query_by_label("欢迎使用：请先填写照相馆信息").is_none());
    assert_eq!(h.state().app().capture_spec_id(), "gd-guangzhou-id-card");
    let db = Database::open(&dir.path().join("studio.sqlite3")).unwrap();
    assert_eq!(db.studio_info().unwrap().city, "guangzhou");
    // Every document type with a platform is numbered by the platform from now on.
    let numbering = db.numbering().unwrap();
    for d in idphoto_studio::domain::numbering::choosable() {
        assert_eq!(numbering.mode(d), idphoto_studio::domain::numbering::NumberingMode::Platform, "{d:?}");
    }
}

#[test]
fn no_receipt_is_printed_before_the_studio_has_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(dir.path(), true, false);
    h.get_by_label("稍后再填").click();
    h.run_steps(2);
    step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());
    type_into(&mut h, "顾客", "张三");
    h.get_by_label("拍摄（空格）").click();
    h.run_steps(1);
    step_until(&mut h, "the adjust view", |app| app.adjusting().is_some_and(|s| s.up_to_date()));
    approve_with_reason(&mut h);
    // The order is saved; its receipt is refused with the reason, and the dialog opens again.
    step_until(&mut h, "the order saved", |app| app.approved().iter().any(|a| a.image_number.is_some()));
    step_until(&mut h, "the receipt refused", |app| {
        app.notice().is_some_and(|n| n.contains("还没有填写照相馆名称，回执不能打印"))
    });
    h.get_by_label("欢迎使用：请先填写照相馆信息");
    assert!(h.state().app().prints().is_empty(), "no receipt was written");
    assert!(
        !dir.path().join("receipts").exists()
            || std::fs::read_dir(dir.path().join("receipts")).unwrap().next().is_none()
    );
    let number = h.state().app().approved()[0].image_number.clone().unwrap();
    drop(h);

    // The command line refuses too, says why, and prints once the studio is named.
    let bin = env!("CARGO_BIN_EXE_idphoto-studio");
    let out =
        Command::new(bin).arg("--data-dir").arg(dir.path()).args(["receipt", &number]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("还没有填写照相馆名称"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(bin)
        .arg("--data-dir")
        .arg(dir.path())
        .args(["studio", "--name", "幸福照相馆", "--phone", "0755-8888 6666", "--city", "深圳"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("city:    shenzhen"));
    let out =
        Command::new(bin).arg("--data-dir").arg(dir.path()).args(["receipt", &number]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new(bin)
        .arg("--data-dir")
        .arg(dir.path())
        .args(["studio", "--city", "火星"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "an unknown city is refused");
}

#[test]
fn a_demo_data_dir_skips_the_dialog_and_says_it_is_a_demo() {
    let dir = tempfile::tempdir().unwrap();
    common::fake_printer_for(dir.path(), false);
    let mut config = idphoto_studio::AppConfig::new(idphoto_studio::paths::DataDir::at(dir.path()));
    config.start_camera = false;
    config.skip_studio_setup = true;
    let mut h = common::harness_with(config);
    h.run_steps(1);
    assert!(h.query_by_label("欢迎使用：请先填写照相馆信息").is_none());
    assert_eq!(h.state().app().studio_info().name, idphoto_studio::app::DEMO_STUDIO_NAME);
    drop(h);
    let db = Database::open(&dir.path().join("studio.sqlite3")).unwrap();
    assert_eq!(
        db.studio_info().unwrap().name,
        idphoto_studio::app::DEMO_STUDIO_NAME,
        "saved, so the CLI prints too"
    );
}
