//! The screens drawn on their own, from a hand-made `View`, with no `StudioApp`: what the counter
//! shows depends on what the view holds and nothing else.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use idphoto_studio::counter::{Command, DbState, ManagerState, Screen, UnsavedOrder, View};
use idphoto_studio::error::AppError;
use idphoto_studio::worker::IoJob;

/// Draws the window once per step with `unsaved` in the view; the commands given are kept.
fn window(unsaved: Vec<UnsavedOrder>) -> Harness<'static, (idphoto_studio::ui::Screens, Vec<Command>)> {
    window_with(unsaved, DbState::Ready { schema: 5 })
}

/// [`window`] with the database in state `db`.
fn window_with(
    unsaved: Vec<UnsavedOrder>,
    db: DbState,
) -> Harness<'static, (idphoto_studio::ui::Screens, Vec<Command>)> {
    let dir = tempfile::tempdir().unwrap().keep();
    let data_dir = idphoto_studio::paths::DataDir::at(dir);
    let catalogue = idphoto_studio::spec_files::load_catalogue(None);
    let studio = idphoto_studio::domain::StudioInfo::default();
    let screens = idphoto_studio::ui::Screens::new(&studio);
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(idphoto_studio::ui::theme::install)
        .build_ui_state(
            move |ui, (screens, commands)| {
                let (camera, print, prices, numbering, manager) = (
                    idphoto_studio::camera::CameraChoice::Demo,
                    Default::default(),
                    Default::default(),
                    Default::default(),
                    ManagerState::default(),
                );
                let view = View {
                    lang: idphoto_studio::domain::Lang::Zh,
                    screen: Screen::Export,
                    data_dir: &data_dir,
                    db_state: &db,
                    studio: &studio,
                    catalogue: &catalogue,
                    camera_status: None,
                    camera_choice: &camera,
                    analysis_status: None,
                    live: None,
                    preview: None,
                    capture: &idphoto_studio::counter::CaptureMode::Live,
                    preview_size: None,
                    frame_stats: None,
                    notice: None,
                    approved: &[],
                    unsaved_orders: &unsaved,
                    refused_orders: &[],
                    prints: &[],
                    print: &print,
                    prices: &prices,
                    numbering: &numbering,
                    manager: &manager,
                    restore: None,
                    share_enabled: false,
                };
                idphoto_studio::ui::show(ui, screens, &view, commands);
            },
            (screens, Vec::new()),
        )
}

#[test]
fn the_status_bar_offers_a_retry_only_where_a_retry_can_help() {
    let full =
        AppError::DiskFull(idphoto_studio::domain::Words::new("磁盘已满，订单没有保存", "The disk is full"));
    let damaged = AppError::Database(idphoto_studio::domain::Words::new(
        "数据库错误：database disk image is malformed",
        "Database error: database disk image is malformed",
    ));
    let unsaved = |error: &AppError| UnsavedOrder { job: IoJob::ListPrinters, error: error.clone() };

    // A full disk: the retry button, counting it.
    let mut h = window(vec![unsaved(&full)]);
    h.run_steps(2);
    h.get_by_label_contains("点此重试（1）").click();
    h.run_steps(1);
    assert_eq!(h.state().1, [Command::RetryUnsaved]);

    // A damaged database: no retry, what to do instead.
    let mut h = window(vec![unsaved(&damaged)]);
    h.run_steps(2);
    assert!(h.query_by_label_contains("点此重试").is_none(), "a retry that cannot help is not offered");
    let said = format!(
        "1 张已通过的相片无法保存：数据库错误：database disk image is malformed（{}）",
        "重试无用：请在设置中恢复备份或联系技术支持"
    );
    assert!(h.query_by_label(&said).is_some(), "the reason and what to do: {said}");

    // Both: one retry for the full disk, the damaged one said apart.
    let mut h = window(vec![unsaved(&full), unsaved(&damaged)]);
    h.run_steps(2);
    assert!(h.query_by_label_contains("点此重试（1）").is_some());
    assert!(h.query_by_label_contains("1 张已通过的相片无法保存").is_some());
}

#[test]
fn while_the_database_opens_the_window_says_so_and_shows_no_screen() {
    let mut h = window_with(Vec::new(), DbState::Opening);
    h.run_steps(2);
    assert_eq!(h.query_all_by_label("正在打开数据库…").count(), 1, "the centre says it");
    assert!(h.query_by_label("数据库：正在打开数据库…").is_some(), "and the status bar");
    assert!(h.query_by_label("导出").is_some(), "the top bar is there");
    let mut ready = window_with(Vec::new(), DbState::Ready { schema: 5 });
    ready.run_steps(2);
    assert!(ready.query_by_label("日期").is_some(), "the export screen, once open");
    assert!(h.query_by_label("日期").is_none(), "no screen is drawn before the settings are read");
}
