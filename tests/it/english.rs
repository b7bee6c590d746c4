//! In English, every screen speaks English: a walk through the capture, orders (an order open),
//! export and settings screens, the adjust view with its checks and the reason dialog, the offer to
//! restore a capture left open and the scan-to-download panel fails on any CJK character the
//! program wrote (user data — the studio's and customers' names, spec names from the spec files,
//! paths — is allowed). Every check's words are swept in English too, beyond what one photo shows.

use egui_kittest::kittest::{NodeT, Queryable};

use std::sync::Arc;

use crate::common::{self, Lazy};
use egui_kittest::Harness;
use idphoto_studio::domain::Lang;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Every label on screen with a CJK character that is not in `data`.
fn chinese_on_screen(h: &Harness<'static, Lazy>, data: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for node in h.root().children_recursive() {
        let n = node.accesskit_node();
        // A widget's name, or a label's text (a text field's value is what was typed).
        let text = match n.role() {
            egui::accesskit::Role::Label => n.value(),
            _ => n.label(),
        };
        let Some(label) = text else { continue };
        let mut rest = label.to_string();
        for d in data.iter().filter(|d| !d.is_empty()) {
            rest = rest.replace(d.as_str(), "");
        }
        if rest.chars().any(is_cjk) && !found.contains(&label.to_string()) {
            found.push(label.to_string());
        }
    }
    found
}

#[test]
fn every_screen_in_english_has_no_chinese_the_program_wrote() {
    let (dir, order) = english_dir_with_an_order(|db| {
        idphoto_studio::services::privacy::set_pin(db, "", "2468", "2468", "manager").unwrap();
        // The audit log holds what the program wrote in Chinese (a record): every kind of line.
        use idphoto_studio::domain::{Label, audit_log};
        let changed = Label::AuditChangeSettings.zh();
        for (who, action, detail) in [
            (audit_log::cli_who(), Label::AuditBackup.zh(), "/backups/1.db".to_owned()),
            (audit_log::cli_who(), Label::GuardFullNumbers.zh(), "2026-12-01".to_owned()),
            ("manager", changed, audit_log::retention_detail(365, 14)),
            ("manager", changed, audit_log::price_detail("cn-id-card")),
            ("manager", changed, Label::AuditShareOn.zh().to_owned()),
            ("manager", changed, Label::AuditNumbering.zh().to_owned()),
            ("manager", Label::AuditPurge.zh(), audit_log::purge_detail(3, "2026-01-01")),
        ] {
            db.audit(who, action, &detail).unwrap();
        }
    });
    let mut h = common::harness(dir.path(), false);
    // User data: the order's customer, 户籍地 and operator.
    let data = user_data(&h, dir.path(), &["赵六", "广东省深圳市", "小王"]);
    let mut all = Vec::new();
    let mut look = |h: &Harness<'static, Lazy>, screen: &str| {
        for label in chinese_on_screen(h, &data) {
            all.push(format!("{screen}: {label}"));
        }
    };
    h.run_steps(2);
    look(&h, "capture");
    common::open_only_order_via(&mut h, "Orders", &order);
    look(&h, "orders");
    h.get_by_label("Export").click();
    h.run_steps(3);
    look(&h, "export");
    // The settings are the manager's: the PIN prompt first.
    h.get_by_label("Settings").click();
    h.run_steps(3);
    look(&h, "PIN prompt");
    common::type_into(&mut h, "Manager PIN", "2468");
    h.get_by_label("OK").click();
    common::step_until(&mut h, "the settings open", |app| {
        app.screen() == idphoto_studio::counter::Screen::Settings
    });
    // The log as shown once the PIN's own line (店长验证, 打开设置) is in it.
    common::step_until(&mut h, "the audit log with the unlock", |app| {
        let log = app.manager().privacy.as_ref().map(|p| p.audit.as_slice()).unwrap_or_default();
        log.iter().any(|e| e.detail == idphoto_studio::domain::Label::GuardSettings.zh())
    });
    h.run_steps(3);
    look(&h, "settings");
    for shown in
        ["Open the settings", "photos kept 365 days, 14 backups kept", "3 orders from before 2026-01-01"]
    {
        assert!(h.query_by_label_contains(shown).is_some(), "the audit log shows {shown:?}");
    }
    assert!(all.is_empty(), "{} labels with Chinese in English:\n{}", all.len(), all.join("\n"));
}

#[test]
fn the_first_start_dialog_in_english_has_no_chinese_the_program_wrote() {
    let (dir, _) = english_dir(false);
    let mut h = common::harness_for(dir.path(), false, false);
    h.run_steps(2);
    assert!(
        h.query_by_label("Save").is_some() || h.query_by_label_contains("Save").is_some(),
        "the dialog is open"
    );
    let data = vec![dir.path().display().to_string(), "中文".to_owned()];
    let found = chinese_on_screen(&h, &data);
    assert!(found.is_empty(), "{} labels with Chinese in English:\n{}", found.len(), found.join("\n"));
}

/// A data dir set to English (and a fake printer; `named`: the studio has a name).
fn english_dir(named: bool) -> (tempfile::TempDir, idphoto_studio::paths::DataDir) {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = idphoto_studio::paths::DataDir::at(dir.path());
    common::fake_printer_for(dir.path(), named);
    idphoto_studio::storage::Database::open(&data_dir.database()).unwrap().save_language(Lang::En).unwrap();
    (dir, data_dir)
}

/// An English data dir with one order of today (赵六), after `first` has set it up.
fn english_dir_with_an_order(
    first: impl FnOnce(&idphoto_studio::storage::Database),
) -> (tempfile::TempDir, String) {
    let (dir, data_dir) = english_dir(true);
    let mut db = idphoto_studio::storage::Database::open(&data_dir.database()).unwrap();
    first(&db);
    let at = chrono::Local::now().to_rfc3339();
    let order = common::order_at(&mut db, &data_dir, "赵六", &at, 7).label();
    (dir, order)
}

/// User data a walk may show: the studio's name, the data dir, the language picker's 中文, the
/// spec names (from the spec files) and `more`; longest first so a name is removed whole.
fn user_data(h: &Harness<'static, Lazy>, dir: &std::path::Path, more: &[&str]) -> Vec<String> {
    let mut data = vec![common::TEST_STUDIO.to_owned(), dir.display().to_string(), "中文".to_owned()];
    data.extend(more.iter().map(|m| m.to_string()));
    // Spec names come from the spec files; an order's document is stored in Chinese but shown in
    // English while its spec says it (so the Chinese document names are not allowed here).
    for spec in h.state().app().catalogue().specs() {
        data.push(spec.display_name(Lang::En));
    }
    data.sort_by_key(|d| std::cmp::Reverse(d.chars().count()));
    data
}

#[test]
fn the_adjust_view_the_restore_offer_and_the_share_panel_in_english() {
    let (dir, order) = english_dir_with_an_order(|db| db.set_setting("share.enabled", "1").unwrap());
    let mut all = Vec::new();
    {
        let mut h = common::harness(dir.path(), false);
        let data = user_data(&h, dir.path(), &["李四", "astronaut.png"]);
        let mut look = |h: &Harness<'static, Lazy>, screen: &str| {
            all.extend(chinese_on_screen(h, &data).into_iter().map(|l| format!("{screen}: {l}")));
        };
        common::type_into(&mut h, "Customer", "李四");
        // A phone photo dropped on the window: placed, rendered and checked.
        let photo = dir.path().join("astronaut.png");
        std::fs::write(&photo, common::photos::face_bytes("astronaut.png")).unwrap();
        h.input_mut().dropped_files.push(Arc::new(crate::capture_flow::DroppedPath(photo)));
        h.run_steps(1);
        common::step_until(&mut h, "the adjusted rendering", |app| {
            app.adjusting().is_some_and(|s| s.up_to_date())
        });
        h.run_steps(2);
        let checks = h.state().app().adjusting().unwrap().rendered.processed.report.checks.len();
        assert!(checks >= 25, "a real face is checked in full ({checks} checks)");
        look(&h, "adjust");
        // The same photo for a spec it fails (the wrong size of head for a passport): approving
        // asks for a reason, listing the failing checks.
        let failing = h.state().app().adjusting().unwrap().failing().len();
        if failing > 0 {
            h.get_by_label("Approve (Enter)").click();
            h.run_steps(3);
            look(&h, "reason dialog");
        }
        // The window closes mid-capture (a power cut at the counter).
    }
    let mut h = common::harness(dir.path(), false);
    let data = user_data(&h, dir.path(), &["李四", "赵六", "广东省深圳市", "小王"]);
    let mut look = |h: &Harness<'static, Lazy>, screen: &str| {
        all.extend(chinese_on_screen(h, &data).into_iter().map(|l| format!("{screen}: {l}")));
    };
    h.run_steps(2);
    assert!(h.state().app().restore_offer().is_some(), "the capture left open is offered back");
    look(&h, "restore offer");
    h.get_by_label("Discard").click();
    h.run_steps(2);
    common::open_only_order_via(&mut h, "Orders", &order);
    h.query_all_by_label("Scan to download").next().unwrap().scroll_to_me();
    h.run_steps(10);
    h.query_all_by_label("Scan to download").next().unwrap().click();
    common::step_until(&mut h, "the QR code", |app| app.share_link().is_some());
    h.run_steps(2);
    h.get_by_label("The customer scans this with their phone");
    look(&h, "share panel");
    assert!(all.is_empty(), "{} labels with Chinese in English:\n{}", all.len(), all.join("\n"));
}

/// Wrong customer details typed at an English counter: every field's message is English (the
/// validators' words, not only the labels).
#[test]
fn wrong_customer_details_are_explained_in_english() {
    let (dir, _) = english_dir(true);
    let mut h = common::harness(dir.path(), true);
    common::step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());
    common::type_into(&mut h, "Customer", "王五");
    common::type_into(&mut h, "Mobile", "12345");
    common::type_into(&mut h, "ID number", "440524188001010015");
    common::type_into(&mut h, "Price (yuan; empty = spec price)", "三十");
    common::type_into(&mut h, "Issued image number (optional)", "BB1XX");
    h.get_by_label("Capture (Space)").click();
    h.run_steps(1);
    common::step_until(&mut h, "the adjusted rendering", |app| {
        app.adjusting().is_some_and(|s| s.up_to_date())
    });
    h.get_by_label("Approve (Enter)").click();
    h.run_steps(2);
    if h.query_by_label("A check failed").is_some() {
        common::type_into(&mut h, "To approve anyway, give the reason (kept with the order):", "test");
        h.get_by_label("Approve anyway").click();
        h.run_steps(2);
    }
    h.get_by_label_contains("A mobile number has 11 digits");
    h.get_by_label_contains("check character is wrong");
    h.get_by_label_contains("A price in yuan");
    h.get_by_label_contains("An image number here has 15 characters");
    assert!(h.state().app().approved().is_empty(), "nothing approved");
    let data = user_data(&h, dir.path(), &["王五", "三十"]);
    let found = chinese_on_screen(&h, &data);
    assert!(found.is_empty(), "{} labels with Chinese in English:\n{}", found.len(), found.join("\n"));
}

/// Every layer's error says itself in English with no Chinese in it (what a variant carries from
/// outside — a path, a customer's name — aside).
#[test]
fn every_layer_error_has_english_words() {
    use idphoto_studio::domain::i18n::Bilingual;
    use idphoto_studio::storage::{OrderError, StorageError};
    let io = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let sql =
        || rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT), None);
    let path = std::path::PathBuf::from("/srv/studio/x.pdf");
    let taken = OrderError::NumberTaken { number: "B1".into(), by_order: 1, customer: "Zhao".into() };
    use idphoto_studio::domain::order_status::OrderStatus;
    let mut all: Vec<(String, String)> = Vec::new();
    let mut say = |e: &dyn Fn() -> (String, String)| all.push(e());
    macro_rules! said {
        ($($e:expr),* $(,)?) => { $( say(&|| { let e = $e; (e.to_string(), e.en()) }); )* };
    }
    said![
        StorageError::Open { path: path.clone(), source: sql() },
        StorageError::SchemaTooNew { found: 9, supported: 5 },
        StorageError::Migration { version: 5, source: sql() },
        StorageError::BrokenReferences { version: 5, problems: 2 },
        StorageError::DiskFull,
        StorageError::Sql(sql()),
        StorageError::Backup { path: path.clone(), source: sql() },
        StorageError::File { path: path.clone(), source: io() },
        StorageError::BackupDamaged { path: path.clone(), problems: "page 3".into() },
        StorageError::Order(taken.clone()),
        OrderError::SerialsExhausted("A".into()),
        OrderError::NotFound(3),
        OrderError::Transition { from: OrderStatus::Passed, to: OrderStatus::Pending },
        OrderError::NotAwaitingUpload { id: 3, status: OrderStatus::Passed },
        idphoto_studio::output::print::PrintError::NoPrintSystem { program: "lp".into(), pdf: path.clone() },
        idphoto_studio::output::print::PrintError::Failed {
            printer: "p".into(),
            message: "x".into(),
            pdf: path.clone()
        },
        idphoto_studio::output::print::PrintError::Stopped {
            printer: "p".into(),
            reason: "paper".into(),
            pdf: path.clone()
        },
        idphoto_studio::imaging::decode::DecodeError::Empty,
        idphoto_studio::imaging::decode::DecodeError::Heic,
        idphoto_studio::imaging::decode::DecodeError::UnknownFormat,
        idphoto_studio::imaging::decode::DecodeError::TooLarge { width: 1, height: 2, limit: 3 },
        idphoto_studio::imaging::decode::DecodeError::Corrupt("eof".into()),
        idphoto_studio::imaging::encode::EncodeError::TooBig {
            max: 20,
            quality: 70,
            smallest_kb: 22.6,
            largest_kb: 80.0
        },
        idphoto_studio::imaging::encode::EncodeError::TooSmall { min: 14, smallest_kb: 5.0, largest_kb: 9.0 },
        idphoto_studio::imaging::encode::EncodeError::Gap {
            min: 14,
            max: 20,
            below: 70,
            below_kb: 13.0,
            above: 71,
            above_kb: 21.0
        },
        idphoto_studio::camera::CameraError::Disconnected("/dev/video0".into()),
        idphoto_studio::camera::CameraError::BadFrame(idphoto_studio::domain::Words::new(
            "照片 x", "photo x"
        )),
        idphoto_studio::camera::CameraError::Unavailable("x".into()),
        idphoto_studio::domain::receipt::ReceiptError::StudioNotNamed,
        idphoto_studio::domain::receipt::ReceiptError::NoTemplate("s".into()),
        idphoto_studio::services::receipts::IssueError::NoNumber(4),
        idphoto_studio::services::receipts::IssueError::NoPhoto("B1".into()),
        idphoto_studio::services::receipts::IssueError::NoDestination,
        idphoto_studio::services::approve::ApproveError::DiskFull,
        idphoto_studio::services::approve::ApproveError::NumberMissing,
        idphoto_studio::services::approve::ApproveError::ReasonRequired {
            failing: vec!["头部偏大".into()]
        },
        idphoto_studio::services::backups::RestoreError::InUse,
        idphoto_studio::domain::privacy::PinError::TooManyTries,
        idphoto_studio::domain::privacy::PinError::NotSet,
        idphoto_studio::domain::image_number::NumberError::CheckChar { expected: '1', found: '2' },
        idphoto_studio::domain::customer::IdNumberError::Old15 { upgraded: "440524198001010014".into() },
    ];
    for (zh, en) in &all {
        assert!(zh.chars().any(is_cjk), "the Chinese says Chinese: {zh}");
        assert!(!en.chars().any(is_cjk), "English with Chinese: {en}");
    }
    // Through AppError, as the status bar shows it.
    let e = idphoto_studio::error::AppError::from(StorageError::Order(taken));
    assert!(!e.retryable());
    assert_eq!(
        e.message(Lang::En),
        "Image number B1 is used by order #1 (Zhao) (retrying will not help: correct it first)"
    );
}

/// Every check, over a sweep of measured values wide enough to reach each of its verdicts, has
/// English words with no CJK in them (the walk above sees only what one photo gives).
#[test]
fn every_check_verdict_has_english_words() {
    use idphoto_studio::domain::audit_checks::*;
    use idphoto_studio::domain::checks::*;
    use idphoto_studio::domain::face_checks::*;
    use idphoto_studio::domain::pixel_checks::*;
    let spec = crate::receipts::catalogue().get("gd-shenzhen-id-card").unwrap().clone();
    let g = spec.geometry.clone().unwrap();
    let mut checks = Vec::new();
    for v in [-1.0, 0.0, 0.01, 0.03, 0.07, 0.2, 0.3, 0.4, 0.6, 1.0, 5.0, 10.0, 20.0, 60.0, 200.0] {
        checks.extend(file_checks(
            &spec,
            &FileFacts {
                px: [(v * 10.0) as u32, 441],
                dpi: (v > 1.0).then_some(350),
                bytes: (v * 1024.0 * 3.0) as usize,
                channels: if v > 1.0 { 3 } else { 1 },
                upscale: v,
                uncovered: v / 10.0,
                reachable_kb: (v > 1.0).then_some([v, v * 2.0]),
                blockiness: (v < 50.0).then_some(v),
            },
        ));
        let face = FaceStats {
            l_mean: v * 4.0,
            clipped_high: v / 20.0,
            clipped_low: v / 30.0,
            l_left: v,
            l_right: -v,
            sharpness: v / 2.0,
            a_mean: v,
            b_mean: v * 2.0 - 10.0,
        };
        let bg = BackgroundStats { pixels: 100, mean: [255, 250, 250], within_tolerance: v / 2.0, l_std: v };
        checks.extend(pixel_checks(
            &PixelStats { background: (v > 0.0).then_some(bg), face: Some(face) },
            &spec,
        ));
        let placed = PlacedFace {
            face_count: (v as usize).min(3),
            face_width: v * 20.0,
            crown_y: (v < 100.0).then_some(v * 3.0 - 10.0),
            eye_line_y: v * 8.0,
            chin_y: v * 30.0,
            centre_x: v * 18.0,
            roll_deg: v - 2.0,
            yaw_deg: v - 5.0,
            pitch_deg: v * 2.0 - 20.0,
            eye_openness: [v / 10.0, v / 5.0],
            mouth_openness: v / 50.0,
        };
        checks.extend(face_checks(&placed, &g, spec.px));
        let measured = |k: f64| (0.0..100.0).contains(&v).then_some(v * k);
        let stats = AuditStats {
            hat: measured(0.5),
            glare: measured(0.01),
            tint: measured(3.0),
            brows: measured(1.0).map(|c| BrowStats { contrast: c, above_darker: 40.0 - c }),
            ears: measured(0.1),
            red_pupils: measured(0.1).map(|r| [r, r / 2.0]),
            smile: measured(0.02),
            gaze: measured(0.02).map(|g| Gaze { across: g, down: -g }),
            shadow_edge: measured(3.0),
            clothes_like_background: measured(0.1),
        };
        checks.extend(audit_checks(&stats, true));
        checks.push(backdrop_shadow_check(v));
        for (largest, outside) in [(v as u32, v as u32), (v as u32 * 10, 0)] {
            let at = [v / 20.0, v / 10.0];
            checks.push(remnant_check(
                RemnantStats::Measured { largest, outside_person: outside, at },
                v as u32,
            ));
        }
        checks.push(remnant_check(RemnantStats::Unmeasurable { busy: v > 1.0 }, v as u32));
        checks.push(remnant_check(RemnantStats::SameColour, 0));
    }
    let mut verdicts = std::collections::BTreeSet::new();
    for c in &checks {
        for (what, w) in [("message", &c.message), ("measured", &c.measured), ("allowed", &c.allowed)] {
            assert!(!w.en.chars().any(is_cjk), "{} {what} in English: {:?}", c.id, w.en);
            assert_eq!(w.zh.is_empty(), w.en.is_empty(), "{} {what}: {w:?}", c.id);
            assert!(!c.line(Lang::En).chars().any(is_cjk), "{}", c.line(Lang::En));
        }
        verdicts.insert((c.id, c.status, c.message.zh.clone()));
    }
    // The sweep reaches every status of most checks: a verdict count, so a narrower sweep shows.
    let ids: std::collections::BTreeSet<_> = verdicts.iter().map(|v| v.0).collect();
    println!("{} checks, {} verdicts swept", ids.len(), verdicts.len());
    assert!(ids.len() >= 30 && verdicts.len() >= 90, "{} checks, {} verdicts", ids.len(), verdicts.len());
}
