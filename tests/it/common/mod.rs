//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod photos;

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use idphoto_studio::paths::DataDir;
use idphoto_studio::{AppConfig, StudioApp};

/// The app, created lazily inside the harness so it gets the harness's context.
pub struct Lazy {
    pub config: AppConfig,
    pub app: Option<StudioApp>,
}

impl Lazy {
    pub fn app(&self) -> &StudioApp {
        self.app.as_ref().expect("the app is created on the first frame")
    }
}

/// The studio the tests' data dirs are named after (receipts need a name).
pub const TEST_STUDIO: &str = "测试照相馆";

/// Points the data dir's print command at a stand-in printer that appends its arguments to
/// `<dir>/printed.log`, so no test ever reaches a real printer; names the studio [`TEST_STUDIO`]
/// unless it has a name.
pub fn fake_printer(dir: &std::path::Path) -> std::path::PathBuf {
    fake_printer_for(dir, true)
}

/// [`fake_printer`]; `name_studio: false` leaves a fresh studio unnamed (the first-start dialog).
pub fn fake_printer_for(dir: &std::path::Path, name_studio: bool) -> std::path::PathBuf {
    let data = DataDir::at(dir);
    data.create().unwrap();
    let log = dir.join("printed.log");
    let script = dir.join("fake-lp");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\necho 'request id is Fake-1'\n", log.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // A damaged database (a test of the restore screen) is left alone.
    if let Ok(db) = idphoto_studio::storage::Database::open(&data.database()) {
        db.set_setting(idphoto_studio::storage::PRINT_COMMAND, &script.display().to_string()).unwrap();
        // Tests date their orders on fixed days: the start-of-day purge must not reach them next year.
        db.set_setting(idphoto_studio::services::privacy::RETENTION_SETTING, "3650").unwrap();
        let studio = db.studio_info().unwrap();
        if name_studio && !studio.named() {
            let named = idphoto_studio::domain::StudioInfo { name: TEST_STUDIO.into(), ..studio };
            db.save_studio_info(&named).unwrap();
        }
    }
    log
}

/// A fresh data dir (created) in a temporary folder that lives as long as the first value.
pub fn data_dir() -> (tempfile::TempDir, DataDir) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(tmp.path());
    dir.create().unwrap();
    (tmp, dir)
}

/// A small real JPEG, different for each `seed`.
pub fn jpeg(seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(358, 441, |x, y| image::Rgb([seed, (x % 256) as u8, (y % 256) as u8]));
    idphoto_studio::imaging::encode::encode(&img, 350, 85).unwrap()
}

/// An approved Shenzhen ID-card order created at `at` (RFC 3339), with its photo (`jpeg(seed)`) and
/// an original capture file under the data dir, as the counter would leave it.
pub fn order_at(
    db: &mut idphoto_studio::storage::Database,
    dir: &DataDir,
    name: &str,
    at: &str,
    seed: u8,
) -> idphoto_studio::storage::OrderRow {
    use idphoto_studio::storage::{NewOrder, NumberSource};
    let date = chrono::NaiveDate::parse_from_str(&at[..10], "%Y-%m-%d").unwrap();
    let number = NumberSource::Allocate {
        template: idphoto_studio::domain::NumberTemplate::parse("{L}{L}1{yymmdd}{serial:6}").unwrap(),
        city_letter: Some('B'),
        date,
    };
    let order = NewOrder::sample(number, name, at, jpeg(seed));
    let original = idphoto_studio::services::approve::Original {
        bytes: jpeg(seed.wrapping_add(100)),
        ext: "jpg".into(),
    };
    idphoto_studio::services::approve::commit(db, &dir.originals(), order, Some(&original)).unwrap()
}

/// A harness around a fresh app in `dir`, with the embedded fonts and no system fonts, printing to
/// the stand-in printer of [`fake_printer`].
pub fn harness(dir: &std::path::Path, start_camera: bool) -> Harness<'static, Lazy> {
    harness_for(dir, start_camera, true)
}

/// [`harness`]; `name_studio: false` starts a fresh studio without a name (the first-start dialog).
pub fn harness_for(dir: &std::path::Path, start_camera: bool, name_studio: bool) -> Harness<'static, Lazy> {
    fake_printer_for(dir, name_studio);
    let mut config = AppConfig::new(DataDir::at(dir));
    config.start_camera = start_camera;
    config.demo_camera_size = [320, 240];
    harness_with(config)
}

/// A harness around an app started with `config` (the data dir prepared by the caller).
pub fn harness_with(config: AppConfig) -> Harness<'static, Lazy> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 860.0])
        .with_context_setup(idphoto_studio::ui::theme::install)
        .build_ui_state(
            |ui, lazy: &mut Lazy| {
                let config = lazy.config.clone();
                lazy.app.get_or_insert_with(|| StudioApp::new(ui.ctx(), config)).show(ui);
            },
            Lazy { config, app: None },
        );
    harness.run_steps(2);
    // The database opens on a thread of its own (正在打开…); tests start once it has answered.
    step_until(&mut harness, "the database opened", |app| {
        *app.db_state() != idphoto_studio::counter::DbState::Opening
    });
    harness
}

/// Clicks the field labelled `label` and types into it, as the operator would.
pub fn type_into(h: &mut Harness<'static, Lazy>, label: &str, text: &str) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label(label).click();
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(1);
}

/// Clicks 通过 on the adjust view; when a check fails (a small demo frame), gives a reason.
pub fn approve_with_reason(h: &mut Harness<'static, Lazy>) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label("通过（Enter）").click();
    h.run_steps(2);
    if h.query_by_label("有检测未通过").is_some() {
        type_into(h, "仍要通过，请写明原因（保存在订单中）：", "测试");
        h.key_press(egui::Key::Enter);
        h.run_steps(2);
    }
}

/// Steps the harness until `done` holds (workers answer on their own threads), or panics.
pub fn step_until(harness: &mut Harness<'static, Lazy>, what: &str, done: impl Fn(&StudioApp) -> bool) {
    step_until_within(harness, what, Duration::from_secs(10), done);
}

/// [`step_until`] with its own time limit (what the app waits for on purpose, e.g. a stuck print).
pub fn step_until_within(
    harness: &mut Harness<'static, Lazy>,
    what: &str,
    limit: Duration,
    done: impl Fn(&StudioApp) -> bool,
) {
    let deadline = Instant::now() + limit;
    while !done(harness.state().app()) {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(10));
        harness.step();
    }
    harness.run_steps(2);
}

/// 订单 → the one order of a fresh data dir, opened as the operator does (list, click its number).
pub fn open_only_order(harness: &mut Harness<'static, Lazy>, number: &str) {
    open_only_order_via(harness, "订单", number);
}

/// As [`open_only_order`], with the orders tab called `tab` (the English counter's "Orders").
pub fn open_only_order_via(harness: &mut Harness<'static, Lazy>, tab: &str, number: &str) {
    use egui_kittest::kittest::Queryable;
    harness.get_by_label(tab).click();
    harness.run_steps(2);
    step_until(harness, "the order listed", |app| app.order_results().len() == 1);
    harness.get_by_label(number).click();
    harness.run_steps(2);
    step_until(harness, "the order open", |app| app.open_order().is_some());
}

/// Steps until a widget whose label contains `text` is shown (answers from worker threads), or panics.
pub fn wait_for_label(harness: &mut Harness<'static, Lazy>, text: &str) {
    use egui_kittest::kittest::Queryable;
    let deadline = Instant::now() + Duration::from_secs(10);
    while harness.query_by_label_contains(text).is_none() {
        assert!(Instant::now() < deadline, "timed out waiting for a label containing {text:?}");
        std::thread::sleep(Duration::from_millis(10));
        harness.step();
    }
}

/// A test that needs an outside tool or service skips where it is missing, saying why; in CI (`CI`
/// set), where `.ci/run` installs everything, a missing one fails the test instead.
pub fn skip(reason: &str) {
    assert!(std::env::var_os("CI").is_none(), "CI must not skip: {reason}");
    println!("SKIPPED: {reason}");
}

/// The program's command line on data dir `data` (the environment's data dir left out).
pub fn studio_cli(data: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_idphoto-studio"));
    cmd.env_remove("IDPHOTO_STUDIO_DATA").arg("--data-dir").arg(data);
    cmd
}

/// `order add` of `photo` for the Shenzhen ID card with `args` (name, reason, ID number…).
pub fn order_add(data: &std::path::Path, photo: &std::path::Path, args: &[&str]) -> std::process::Output {
    studio_cli(data)
        .args(["order", "add", "--spec", "gd-shenzhen-id-card"])
        .args(args)
        .arg("--photo")
        .arg(photo)
        .output()
        .unwrap()
}
