//! Clicks through the four screens by their Chinese labels, saves settings, switches language.

use super::common;

use super::common::{harness, harness_for, step_until, type_into as fill};
use egui_kittest::kittest::Queryable;
use idphoto_studio::counter::Screen;
use idphoto_studio::domain::{Lang, StudioInfo};
use idphoto_studio::storage::Database;

#[test]
fn first_start_opens_on_capture_and_every_screen_is_reachable() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fresh");
    let mut h = harness(&data, false);
    assert!(data.join("studio.sqlite3").is_file(), "first start creates the database");
    assert_eq!(h.state().app().screen(), Screen::Capture);
    h.get_by_label_contains("数据库：正常");

    for (label, screen, shows) in [
        ("订单", Screen::Orders, "还没有订单"),
        ("导出", Screen::Export, "每日导出"),
        ("设置", Screen::Settings, "照相馆信息"),
        ("拍摄", Screen::Capture, "演示画面"),
    ] {
        h.get_by_label(label).click();
        h.run_steps(2);
        assert_eq!(h.state().app().screen(), screen, "after clicking {label}");
        common::wait_for_label(&mut h, shows);
    }
}

#[test]
fn settings_save_the_studio_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(dir.path(), false, false);
    // A fresh studio asks for its name first; put off, the settings screen has the same form.
    h.get_by_label("稍后再填").click();
    h.run_steps(2);
    h.get_by_label("设置").click();
    h.run_steps(2);
    fill(&mut h, "名称", "幸福照相馆（玥瑄分店）");
    fill(&mut h, "地址", "深圳市福田区华强北路 1 号");
    fill(&mut h, "电话", "0755-8888 6666");
    h.run_steps(2);
    h.get_by_label_contains("有未保存的修改");
    h.get_by_label("保存").click();
    step_until(&mut h, "studio saved", |app| !app.studio_info().name.is_empty());
    h.get_by_label("已保存");
    drop(h); // joins the I/O worker

    let db = Database::open(&dir.path().join("studio.sqlite3")).unwrap();
    assert_eq!(
        db.studio_info().unwrap(),
        StudioInfo {
            name: "幸福照相馆（玥瑄分店）".into(),
            address: "深圳市福田区华强北路 1 号".into(),
            phone: "0755-8888 6666".into(),
            city: String::new(),
        }
    );
    drop(db);

    // A new start shows what was saved.
    let h = harness(dir.path(), false);
    assert_eq!(h.state().app().studio_info().name, "幸福照相馆（玥瑄分店）");
}

#[test]
fn invalid_studio_details_are_marked_and_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(dir.path(), false, false);
    h.get_by_label("稍后再填").click();
    h.run_steps(2);
    h.get_by_label("设置").click();
    h.run_steps(2);
    fill(&mut h, "电话", "call me");
    h.get_by_label("保存").click();
    h.run_steps(3);
    h.get_by_label("请填写照相馆名称");
    h.get_by_label_contains("电话只能包含数字");
    drop(h);
    let db = Database::open(&dir.path().join("studio.sqlite3")).unwrap();
    assert_eq!(db.studio_info().unwrap(), StudioInfo::default());
}

#[test]
fn english_is_switchable_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), false);
    h.get_by_label("设置").click();
    h.run_steps(2);
    h.get_by_label("English").click();
    h.run_steps(2);
    assert_eq!(h.state().app().lang(), Lang::En);
    h.get_by_label("Orders").click();
    h.run_steps(2);
    assert_eq!(h.state().app().screen(), Screen::Orders);
    // The list is searched on the I/O thread; the empty message follows its answer.
    common::wait_for_label(&mut h, "No orders yet");
    drop(h);

    let h = harness(dir.path(), false);
    assert_eq!(h.state().app().lang(), Lang::En, "language persisted");
    h.get_by_label("Capture");
}

#[test]
fn the_demo_camera_streams_into_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), true);
    step_until(&mut h, "a demo frame", |app| app.preview_size() == Some([320, 240]));
    h.get_by_label_contains("演示相机");
}

#[test]
fn live_analysis_finds_the_demo_face_and_the_guides_give_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), true);
    step_until(&mut h, "a live face", |app| app.live().is_some_and(|l| l.face.is_some()));
    let live = h.state().app().live().unwrap();
    assert_eq!(live.frame_px, [320, 240]);
    // The status bar shows the analysis rate, and the preview one of the positioning hints.
    h.get_by_label_contains("人脸分析");
    let hints =
        ["请靠近", "请后退", "请向左移", "请向右移", "请抬高", "请降低", "请摆正", "请正视", "可以拍摄"];
    let shown = hints.iter().filter(|t| h.query_by_label_contains(t).is_some()).count();
    assert_eq!(shown, 1, "exactly one hint on the preview");
    assert!(h.query_by_label_contains("未检测到人脸").is_none());

    // Choosing another document redraws the guides for it.
    assert_eq!(h.state().app().capture_spec_id(), "gd-shenzhen-id-card");
    h.get_by_label("证件规格").click();
    h.run_steps(2);
    h.get_by_label("毕业证（学信网）").click();
    h.run_steps(2);
    assert_eq!(h.state().app().capture_spec_id(), "cn-chsi-graduation");
}

#[test]
fn settings_list_local_and_broken_spec_files() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("city_specs");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::write(specs.join("ours.toml"), "[[spec]]\nid = \"gd-shenzhen-id-card\"\nextends = \"gd-id-card\"\ncity_letter = \"B\"\nprice_fen = 4500\n").unwrap();
    std::fs::write(
        specs.join("typo.toml"),
        "[[spec]]\nid = \"gd-x-id-card\"\nextends = \"gd-id-card\"\ncolr = 1\n",
    )
    .unwrap();
    let mut h = harness(dir.path(), false);
    assert_eq!(h.state().app().catalogue().errors().len(), 1);
    h.get_by_label("设置").click();
    h.run_steps(2);
    h.get_by_label_contains("有错误的规格文件");
    h.get_by_label_contains("typo.toml 第 4 行 字段 colr");
    h.get_by_label_contains("· gd-shenzhen-id-card");
}
