//! A panic must not lose work: the hook writes a crash report under `<data dir>/logs/`, and the
//! capture in progress (customer fields, photo, the operator's placement) is on disk already, so the
//! next start offers it back.

use std::process::Command;

use egui::Key;
use egui_kittest::kittest::Queryable;

use super::common::{self, approve_with_reason, harness, step_until, type_into};

#[test]
fn a_panic_on_any_thread_leaves_a_crash_report() {
    let (_tmp, dir) = common::data_dir();
    let out = Command::new(env!("CARGO_BIN_EXE_idphoto-studio"))
        .arg("--data-dir")
        .arg(dir.root())
        .args(["crash-test", "--thread", "imaging"])
        .env("RUST_BACKTRACE", "0") // the report has a backtrace anyway
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(101));
    let reports: Vec<_> = std::fs::read_dir(dir.logs()).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let name = reports[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("crash-") && name.ends_with(".txt"), "{name}");
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    for part in [
        "crash report",
        "time: 20",
        "thread: imaging",
        "message: crash test: a deliberate panic",
        "at: src/cli/mod.rs:",
        "backtrace:\n",
    ] {
        assert!(report.contains(part), "{part:?} missing in\n{report}");
    }
    assert!(
        report.lines().filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit())).count() > 3,
        "frames in\n{report}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("崩溃报告已保存") && stderr.contains(&name), "{stderr}");
}

#[test]
fn an_unfinished_capture_is_offered_back_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    let (spec, crop, id_typed) = {
        let mut h = harness(dir.path(), true);
        step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());
        type_into(&mut h, "顾客", "欧阳玥");
        // Typed with a Chinese IME in full-width mode.
        type_into(&mut h, "身份证号", "１１０１０５１９４９１２３１００２ｘ");
        type_into(&mut h, "备注", "要两版");
        h.get_by_label("拍摄（空格）").click();
        h.run_steps(1);
        step_until(&mut h, "the adjust view", |app| app.adjusting().is_some_and(|s| s.up_to_date()));
        // The operator's own placement: two steps right.
        for key in [Key::ArrowRight, Key::ArrowRight] {
            h.key_press(key);
            h.run_steps(2);
        }
        step_until(&mut h, "the adjusted rendering", |app| app.adjusting().is_some_and(|s| s.up_to_date()));
        let crop = h.state().app().adjusting().unwrap().edit.crop;
        // Written by the I/O thread within half a second of the last change.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let json = std::fs::read_to_string(drafts.join("capture.json")).unwrap_or_default();
            if json.contains("要两版") && json.contains(&format!("{}", crop.x)) {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "the draft was not written: {json}");
            std::thread::sleep(std::time::Duration::from_millis(20));
            h.step();
        }
        assert!(drafts.join("photo.jpg").is_file(), "the captured frame is kept with it");
        let spec = h.state().app().capture_spec_id().to_owned();
        (spec, crop, "１１０１０５１９４９１２３１００２ｘ")
        // The harness is dropped here without approving: the program "ended" mid-customer.
    };

    let mut h = harness(dir.path(), true);
    let offer = h.state().app().restore_offer().expect("the draft is offered at the start").clone();
    assert_eq!(offer.draft.customer.name, "欧阳玥");
    assert_eq!(offer.draft.customer.id_number, id_typed, "kept exactly as typed");
    assert!(offer.photo.is_some());
    common::wait_for_label(&mut h, "恢复未完成的拍摄？");
    h.get_by_label("恢复").click();
    h.run_steps(2);
    assert!(h.state().app().restore_offer().is_none());
    assert_eq!(h.state().app().customer(), "欧阳玥");
    assert_eq!(h.state().app().capture_spec_id(), spec);
    step_until(&mut h, "the restored photo in the adjust view", |app| {
        app.adjusting().is_some_and(|s| s.up_to_date() && s.edit.crop == crop)
    });

    // Approved: the draft is done with and goes.
    approve_with_reason(&mut h);
    step_until(&mut h, "the order saved", |app| app.approved().iter().any(|a| a.image_number.is_some()));
    // The I/O thread removes the draft, then its photo (a crash between leaves only a photo, which
    // the next capture replaces): wait for both, or the check races the second removal.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while drafts.join("capture.json").exists() || drafts.join("photo.jpg").exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the draft or its photo was not cleared after approval"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
}

#[test]
fn a_draft_put_aside_is_gone_and_an_empty_counter_leaves_none() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut h = harness(dir.path(), false);
        type_into(&mut h, "顾客", "张三");
        step_until(&mut h, "draft written", |_| dir.path().join("drafts/capture.json").is_file());
    }
    let mut h = harness(dir.path(), false);
    common::wait_for_label(&mut h, "恢复未完成的拍摄？");
    h.get_by_label("放弃").click();
    h.run_steps(2);
    assert!(h.state().app().restore_offer().is_none());
    assert_eq!(h.state().app().customer(), "");
    step_until(&mut h, "draft removed", |_| !dir.path().join("drafts/capture.json").exists());
    drop(h);
    let h = harness(dir.path(), false);
    assert!(h.state().app().restore_offer().is_none(), "nothing offered after a discard");
}
