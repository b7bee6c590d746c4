//! The capture screen driven as the operator drives it: search a spec, type the customer, capture
//! with Space, adjust by keys and switches, approve past a failing check with a reason, re-shoot,
//! favourites and remembered choices, drag-and-drop import, the F1 sheet.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use super::common::{self, approve_with_reason, harness, step_until, type_into};
use egui::Key;
use egui_kittest::kittest::Queryable;
use idphoto_studio::domain::checks::CheckStatus;

type H = egui_kittest::Harness<'static, common::Lazy>;

fn press(h: &mut H, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

/// The rendering shown is the one asked for.
fn rendered(h: &mut H) {
    step_until(h, "the adjusted rendering", |app| app.adjusting().is_some_and(|s| s.up_to_date()));
}

#[test]
fn search_capture_adjust_and_approve_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), true);
    step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());

    // Spec by pinyin initials, Enter takes the best match.
    type_into(&mut h, "证件规格", "dgsfz");
    press(&mut h, Key::Enter);
    let spec = h.state().app().capture_spec_id().to_owned();
    assert_eq!(spec, "gd-dongguan-id-card");
    type_into(&mut h, "顾客", "张三");
    type_into(&mut h, "价格（元，空=规格价）", "40");
    // Space captures only when no text field has the keyboard: click the preview area first.
    h.get_by_label("拍摄（空格）").click();
    h.run_steps(1);
    step_until(&mut h, "the adjust view", |app| app.adjusting().is_some());
    rendered(&mut h);
    let (crop0, checks) = {
        let s = h.state().app().adjusting().unwrap();
        assert_eq!(s.spec.id, spec);
        (s.edit.crop, s.rendered.processed.report.checks.len())
    };
    assert!(checks > 10, "{checks} checks listed");
    h.get_by_label("检测结果");
    h.get_by_label("通过（Enter）");

    // Keys: three right, one zoom step, half a degree.
    for key in [Key::ArrowRight, Key::ArrowRight, Key::ArrowRight, Key::Plus, Key::CloseBracket] {
        press(&mut h, key);
    }
    rendered(&mut h);
    let s = h.state().app().adjusting().unwrap();
    let c = s.edit.crop;
    assert!((c.width - crop0.width / 1.01).abs() < 1e-6, "zoomed: {} → {}", crop0.width, c.width);
    assert!((c.degrees - (crop0.degrees - 0.5)).abs() < 1e-9, "turned: {}", c.degrees);
    assert!(c.x + c.width / 2.0 < crop0.x + crop0.width / 2.0, "photo moved right = crop moved left");
    assert_eq!(s.rendered.processed.report.placement, "manual");

    // Background off by its switch, exposure by the slider's keyboard.
    h.get_by_label("替换背景（B）").click();
    h.run_steps(2);
    assert!(!h.state().app().adjusting().unwrap().edit.whiten, "the switch turned it off");
    rendered(&mut h);
    assert!(!h.state().app().adjusting().unwrap().rendered.processed.report.background_replaced);
    press(&mut h, Key::B);
    rendered(&mut h);
    assert!(h.state().app().adjusting().unwrap().rendered.processed.report.background_replaced);

    // The demo frame is 320×240: too few pixels for the ID card, so Enter asks for a reason.
    let s = h.state().app().adjusting().unwrap();
    assert_eq!(s.rendered.processed.report.overall, CheckStatus::Fail);
    press(&mut h, Key::Enter);
    h.get_by_label("有检测未通过");
    assert!(h.state().app().approved().is_empty(), "not approved without a reason");
    h.get_by_label("确认通过").click(); // disabled while empty
    h.run_steps(2);
    assert!(h.state().app().approved().is_empty());
    h.get_by_label_contains("请写明原因").click();
    type_into(&mut h, "仍要通过，请写明原因（保存在订单中）：", "顾客坚持使用此照片");
    // Enter in the field confirms (the field keeps the keyboard while the dialog is open).
    press(&mut h, Key::Enter);
    let app = h.state().app();
    assert_eq!(app.approved().len(), 1, "{:?}", app.notice());
    let a = &app.approved()[0];
    assert_eq!((a.customer.as_str(), a.reason.as_deref()), ("张三", Some("顾客坚持使用此照片")));
    assert_eq!(a.spec_id, spec);
    assert_eq!(app.customer(), "", "the next customer starts empty");
    assert!(app.adjusting().is_none(), "back to the live preview");

    // The order is in the database: number, customer, reason, and the spec JPEG at the spec's size.
    step_until(&mut h, "the order committed", |app| app.approved()[0].image_number.is_some());
    let number = h.state().app().approved()[0].image_number.clone().unwrap();
    let spec_px = h.state().app().catalogue().get(&spec).unwrap().px;
    // Its receipt follows by itself and goes to the (stand-in) printer.
    step_until(&mut h, "the receipt printed", |app| {
        app.prints().first().is_some_and(|p| {
            p.state == idphoto_studio::counter::PrintState::Printed("request id is Fake-1".into())
        })
    });
    let receipt = dir.path().join("receipts").join(format!("{number}.pdf"));
    assert!(receipt.is_file());
    let printed = std::fs::read_to_string(dir.path().join("printed.log")).unwrap();
    assert!(
        printed.contains(&receipt.display().to_string()) && printed.contains("print-scaling=none"),
        "{printed}"
    );
    drop(h);
    let db =
        idphoto_studio::storage::Database::open(&idphoto_studio::paths::DataDir::at(dir.path()).database())
            .unwrap();
    let order = db.order_by_number(&number).unwrap().unwrap();
    assert!(number.starts_with("SS1"), "Dongguan letter S twice: {number}");
    assert_eq!(
        (order.customer_name.as_str(), order.approval_reason.as_deref()),
        ("张三", Some("顾客坚持使用此照片"))
    );
    let jpeg = db.order_photo(order.id).unwrap().unwrap();
    let img = image::load_from_memory(&jpeg).unwrap();
    assert_eq!([img.width(), img.height()], spec_px);
}

#[test]
fn wrong_customer_details_are_marked_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), true);
    step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());
    type_into(&mut h, "顾客", "王五");
    type_into(&mut h, "手机", "12345");
    type_into(&mut h, "身份证号", "440524188001010015");
    type_into(&mut h, "价格（元，空=规格价）", "三十");
    type_into(&mut h, "已有图像号（可选）", "BB1XX");
    h.get_by_label("拍摄（空格）").click();
    h.run_steps(1);
    step_until(&mut h, "the adjust view", |app| app.adjusting().is_some());
    rendered(&mut h);
    h.get_by_label("通过（Enter）").click();
    h.run_steps(2);
    if h.query_by_label("有检测未通过").is_some() {
        type_into(&mut h, "仍要通过，请写明原因（保存在订单中）：", "测试");
        press(&mut h, Key::Enter);
    }
    h.get_by_label_contains("手机号应为 11 位");
    h.get_by_label_contains("校验位错误");
    h.get_by_label_contains("价格应为元");
    h.get_by_label_contains("图像号应为 15 位");
    assert!(h.state().app().approved().is_empty(), "nothing approved");
    assert!(h.state().app().adjusting().is_some(), "still adjusting, nothing lost");
}

#[test]
fn reshoot_keeps_the_customer_and_choices_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = harness(dir.path(), true);
        step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());
        type_into(&mut h, "顾客", "李四");
        h.get_by_label("拍摄（空格）").click();
        h.run_steps(1);
        step_until(&mut h, "the adjust view", |app| app.adjusting().is_some());
        // Esc: back to the preview, same customer.
        h.get_by_label("重拍（Esc）").click();
        h.run_steps(2);
        assert!(h.state().app().adjusting().is_none());
        assert_eq!(h.state().app().customer(), "李四");

        // Space from the preview (no field focused) captures again, for the same customer.
        press(&mut h, Key::Space);
        step_until(&mut h, "the second capture", |app| app.adjusting().is_some());
        assert_eq!(h.state().app().customer(), "李四");
    }
    let mut h = harness(dir.path(), false);
    // The customer was left mid-capture: offered back at the start; here put aside.
    assert_eq!(h.state().app().restore_offer().map(|o| o.draft.customer.name.as_str()), Some("李四"));
    h.get_by_label("放弃").click();
    h.run_steps(2);
    // A favourite and a chosen spec survive a restart.
    type_into(&mut h, "证件规格", "szjsz");
    let first_star = h.get_all_by_label("◇").next().unwrap();
    first_star.click();
    h.run_steps(2);
    let fav = h.state().app().favourites().to_vec();
    assert_eq!(fav.len(), 1);
    press(&mut h, Key::Enter);
    drop(h);
    let h = harness(dir.path(), false);
    assert_eq!(h.state().app().favourites(), fav.as_slice());
    h.get_by_label("常用规格");
}

#[derive(Debug)]
pub(crate) struct DroppedPath(pub(crate) PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_photo_opens_in_the_adjust_view_and_a_bad_one_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), false);
    let photo = dir.path().join("phone.png");
    std::fs::write(&photo, common::photos::face_bytes("astronaut.png")).unwrap();
    h.input_mut().dropped_files.push(Arc::new(DroppedPath(photo.clone())));
    h.run_steps(1);
    step_until(&mut h, "the dropped photo placed", |app| app.adjusting().is_some());
    let s = h.state().app().adjusting().unwrap();
    assert_eq!(s.origin.as_deref(), Some(photo.as_path()));
    assert_eq!(s.rendered.processed.report.placement, "auto");
    assert!(s.rendered.face.is_some());

    press(&mut h, Key::Escape);
    let bad = dir.path().join("broken.jpg");
    std::fs::write(&bad, b"\xFF\xD8\xFF\xE0 not really a jpeg").unwrap();
    h.input_mut().dropped_files.push(Arc::new(DroppedPath(bad)));
    h.run_steps(1);
    // The drop is applied by the next frame's logic, then decoded on the imaging thread.
    crate::common::wait_for_label(&mut h, "broken.jpg");
    assert!(!h.state().app().capture_working());
    assert!(h.state().app().adjusting().is_none());
}

#[test]
fn f1_shows_every_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), false);
    press(&mut h, Key::F1);
    h.get_by_label("快捷键（F1）");
    for key in ["Space", "Enter", "Esc", "Ctrl+O", "Ctrl+F", "[ / ]"] {
        h.get_by_label(key);
    }
    press(&mut h, Key::F1);
    assert!(h.query_by_label("快捷键（F1）").is_none());
}

#[test]
fn a_tethered_shot_in_the_hot_folder_opens_placed() {
    let dir = tempfile::tempdir().unwrap();
    let hot = dir.path().join("eos");
    std::fs::create_dir_all(&hot).unwrap();
    {
        let db = idphoto_studio::storage::Database::open(
            &idphoto_studio::paths::DataDir::at(dir.path()).database(),
        )
        .unwrap();
        db.set_setting("camera.source", &format!("hotfolder:{}", hot.display())).unwrap();
    }
    let mut h = harness(dir.path(), true);
    // Photos already in the folder when it opens are ignored (the last customer's): wait for it.
    step_until(&mut h, "the hot folder watched", |app| {
        matches!(app.camera_status(), Some(idphoto_studio::worker::CameraStatus::Running { .. }))
    });
    let shot = hot.join("IMG_0001.JPG");
    std::fs::write(&shot, common::photos::face_bytes("grace_hopper.jpg")).unwrap();
    step_until(&mut h, "the tethered shot shown", |app| app.preview_size() == Some([512, 600]));
    step_until(&mut h, "the tethered shot placed", |app| app.adjusting().is_some());
    let s = h.state().app().adjusting().unwrap();
    assert_eq!(s.origin.as_deref(), Some(shot.as_path()));
    let report = &s.rendered.processed.report;
    assert_eq!(report.placement, "auto");
    // Her detailed photo cannot get under the ID card's 20 KB at quality 70: it still opens, with
    // the size check failing, so the operator sees it (and could approve with a reason).
    let size = report.checks.iter().find(|c| c.id == "file_kb").unwrap();
    assert_eq!((size.status, size.message.zh.as_str()), (CheckStatus::Fail, "文件过大"), "{size:?}");
    // Her cap fails the audit's hat check, and the hint under the guides asks her to take it off
    // (the placement itself is fine, so nothing comes before it).
    let hat = report.checks.iter().find(|c| c.id == "hat").unwrap();
    assert_eq!((hat.status, hat.message.zh.as_str()), (CheckStatus::Fail, "不能戴帽子"), "{hat:?}");
    h.run_steps(2);
    assert!(h.query_by_label("不能戴帽子，请摘下帽子或头饰").is_some(), "the hat hint is shown");
}

#[test]
fn an_order_that_cannot_be_written_is_kept_and_retried() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), true);
    step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());
    // A file where the originals folder should be: the write fails as on a full or broken disk.
    let originals = idphoto_studio::paths::DataDir::at(dir.path()).originals();
    std::fs::write(&originals, b"in the way").unwrap();
    type_into(&mut h, "顾客", "赵六");
    h.get_by_label("拍摄（空格）").click();
    h.run_steps(1);
    step_until(&mut h, "the adjust view", |app| app.adjusting().is_some());
    rendered(&mut h);
    press(&mut h, Key::Enter);
    if h.query_by_label("有检测未通过").is_some() {
        type_into(&mut h, "仍要通过，请写明原因（保存在订单中）：", "测试");
        press(&mut h, Key::Enter);
    }
    step_until(&mut h, "the failed write kept", |app| app.unsaved_orders() == 1);
    h.get_by_label_contains("原始照片保存失败");
    // The disk is fixed; one click writes it.
    std::fs::remove_file(&originals).unwrap();
    h.get_by_label_contains("点此重试").click();
    h.run_steps(2);
    step_until(&mut h, "the order committed", |app| app.approved()[0].image_number.is_some());
    assert_eq!(h.state().app().unsaved_orders(), 0);
}

/// Captures the demo frame for `customer` (with `number` typed as 已有图像号) and approves it.
pub(crate) fn capture_and_approve(h: &mut H, customer: &str, number: Option<&str>) {
    type_into(h, "顾客", customer);
    if let Some(n) = number {
        type_into(h, "已有图像号（可选）", n);
    }
    h.get_by_label("拍摄（空格）").click();
    h.run_steps(1);
    step_until(h, "the adjust view", |app| app.adjusting().is_some());
    rendered(h);
    approve_with_reason(h);
}

#[test]
fn an_image_number_in_use_is_refused_naming_its_order_and_saved_under_another() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), true);
    step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());
    capture_and_approve(&mut h, "赵六", None);
    step_until(&mut h, "the first order", |app| {
        app.approved().first().is_some_and(|a| a.image_number.is_some())
    });
    let first = h.state().app().approved()[0].image_number.clone().unwrap();
    // The next customer comes with the same number typed in: refused, the order named, and not
    // offered for a retry that could never work.
    capture_and_approve(&mut h, "钱七", Some(&first));
    step_until(&mut h, "the refusal", |app| app.refused_orders() == 1);
    assert_eq!(h.state().app().unsaved_orders(), 0);
    // In the window with the order, and as the notice.
    let message = format!("图像号 {first} 已被订单 #1（赵六）使用");
    assert_eq!(h.query_all_by_label(&message).count(), 2);
    // A number of the wrong layout (a digit too many) is refused on the spot; the order stays.
    type_into(&mut h, "改用图像号", "9");
    h.get_by_label("用此图像号保存").click();
    h.run_steps(2);
    assert_eq!(h.state().app().refused_orders(), 1);
    h.get_by_label_contains("不符合");
    // Saved under one of the studio's own numbers.
    h.get_by_label("改用本店编号保存").click();
    h.run_steps(2);
    step_until(&mut h, "the second order", |app| {
        app.approved().get(1).is_some_and(|a| a.image_number.is_some())
    });
    let second = h.state().app().approved()[1].image_number.clone().unwrap();
    assert_ne!(second, first);
    assert_eq!(h.state().app().refused_orders(), 0);
    let db =
        idphoto_studio::storage::Database::open(&idphoto_studio::paths::DataDir::at(dir.path()).database())
            .unwrap();
    let names: Vec<String> =
        [&first, &second].iter().map(|n| db.order_by_number(n).unwrap().unwrap().customer_name).collect();
    assert_eq!(names, ["赵六", "钱七"]);
}

#[test]
fn an_imported_file_deleted_before_approval_still_leaves_an_original() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), false);
    let photo = dir.path().join("IMG_0002.png");
    std::fs::write(&photo, common::photos::face_bytes("grace_hopper.jpg")).unwrap();
    h.input_mut().dropped_files.push(Arc::new(DroppedPath(photo.clone())));
    h.run_steps(1);
    step_until(&mut h, "the dropped photo placed", |app| app.adjusting().is_some());
    rendered(&mut h);
    // The tethering software moves its files away: the pixels are kept instead.
    std::fs::remove_file(&photo).unwrap();
    type_into(&mut h, "顾客", "钱七");
    h.get_by_label("通过（Enter）").click();
    h.run_steps(2);
    if h.query_by_label("有检测未通过").is_some() {
        type_into(&mut h, "仍要通过，请写明原因（保存在订单中）：", "测试");
        press(&mut h, Key::Enter);
    }
    step_until(&mut h, "the order committed", |app| app.approved()[0].image_number.is_some());
    drop(h);
    let data = idphoto_studio::paths::DataDir::at(dir.path());
    let db = idphoto_studio::storage::Database::open(&data.database()).unwrap();
    let (sha, ext) = db.order_original(1).unwrap().expect("an original");
    assert_eq!(ext, "jpg");
    let kept = image::open(data.originals().join(format!("{sha}.{ext}"))).unwrap();
    assert_eq!((kept.width(), kept.height()), (512, 600), "the full photo, not the crop");
}

/// An old 15-digit ID number typed at the counter is not saved: its 18-digit form is offered, one
/// click takes it, and the order carries the 18 digits (a phone typed in full-width mode too).
#[test]
fn an_old_15_digit_id_number_is_offered_as_18_digits() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), true);
    step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());
    type_into(&mut h, "证件规格", "gd-shenzhen-driving");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().app().capture_spec_id(), "gd-shenzhen-driving-licence");
    type_into(&mut h, "顾客", "王五");
    type_into(&mut h, "手机", "１３８ ００１３ ８０００");
    type_into(&mut h, "身份证号", "440524800101001");
    h.get_by_label("拍摄（空格）").click();
    h.run_steps(1);
    step_until(&mut h, "the adjust view", |app| app.adjusting().is_some());
    rendered(&mut h);
    approve_with_reason(&mut h);
    h.get_by_label_contains("这是旧版 15 位号码");
    assert!(h.state().app().approved().is_empty(), "not saved with 15 digits");
    h.get_by_label("核对无误，改用 440524198001010013").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("这是旧版 15 位号码").is_none(), "the message went with the fix");
    approve_with_reason(&mut h);
    step_until(&mut h, "the order committed", |app| {
        app.approved().first().is_some_and(|a| a.image_number.is_some())
    });
    let number = h.state().app().approved()[0].image_number.clone().unwrap();
    drop(h);
    let db = idphoto_studio::storage::Database::open(&dir.path().join("studio.sqlite3")).unwrap();
    let order = db.order_by_number(&number).unwrap().unwrap();
    assert_eq!(order.id_number.as_deref(), Some("440524198001010013"));
    assert_eq!(order.phone.as_deref(), Some("13800138000"));
}
