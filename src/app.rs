//! `StudioApp`: owns the state, the workers and the database handle. Each frame `logic` takes the
//! workers' results (`events`) and applies the screens' commands (`commands`); `draw` shows the
//! screens from a read-only view. What tests may read of it is in `read`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use egui::TextureHandle;

use crate::camera::{CameraChoice, Frame};
use crate::counter::CaptureMode;
use crate::domain::{Catalogue, Lang, StudioInfo};
use crate::paths::DataDir;
use crate::ui;
mod capture;
mod commands;
mod database;
mod draft;
mod events;
mod handover;
mod pin_lock;
mod printing;
mod read;
mod uploads;

use crate::counter::{ApprovedPhoto, Command, DbState, ManagerState, PrintRecord, RestoreOffer, Screen};

use crate::worker::{AnalysisWorker, CameraWorker, ImagingWorker, IoJob, IoWorker, LiveResult, Notify};

/// The studio's name in a demo data dir (`--demo-studio`), so its receipts say what they are.
pub const DEMO_STUDIO_NAME: &str = "演示照相馆（演示数据，非正式回执）";

/// Settings keys of the capture screen.
const SPEC_SETTING: &str = "capture.spec";
const FAVOURITES_SETTING: &str = "capture.favourites";

/// How the app starts.
#[derive(Clone, Debug)]
pub struct AppConfig {
    pub data_dir: DataDir,
    /// Size of the demo camera's frames.
    pub demo_camera_size: [u32; 2],
    /// Start the camera thread (tests of other screens may leave it off).
    pub start_camera: bool,
    /// Print the UI frame statistics to stderr every 2 s (`--frame-stats`).
    pub print_frame_stats: bool,
    /// Do not ask for the studio's identity at the first start (`--demo-studio`: a demo data dir
    /// whose unnamed studio is named 演示照相馆 instead).
    pub skip_studio_setup: bool,
}

impl AppConfig {
    pub fn new(data_dir: DataDir) -> AppConfig {
        AppConfig {
            data_dir,
            demo_camera_size: [1280, 960],
            start_camera: true,
            print_frame_stats: false,
            skip_studio_setup: false,
        }
    }
}

pub struct StudioApp {
    pub(crate) lang: Lang,
    pub(crate) screen: Screen,
    pub(crate) data_dir: DataDir,
    pub(crate) db_state: DbState,
    pub(crate) studio: StudioInfo,
    /// Built-in and local photo specs, loaded at start.
    pub(crate) catalogue: Arc<Catalogue>,
    pub(crate) preview: Option<TextureHandle>,
    pub(crate) preview_size: Option<[u32; 2]>,
    camera: Option<CameraWorker>,
    /// The camera in use (saved as `camera.source`), and what restarting the camera thread needs.
    camera_choice: CameraChoice,
    demo_camera_size: [u32; 2],
    start_camera: bool,
    analysis: Option<AnalysisWorker>,
    /// The newest live face analysis, for the guides.
    pub(crate) live: Option<LiveResult>,
    /// What the screens hold of their own (forms, lists, open dialogs).
    pub(crate) screens: ui::Screens,
    /// The capture in progress: live, being placed, or placed and adjusted.
    pub(crate) capture: CaptureMode,
    export_worker: Option<crate::worker::ExportWorker>,
    /// The newest camera frame at full resolution (what Space captures).
    last_frame: Option<Frame>,
    /// Started on first use (capture or import); loads its own copy of the models.
    imaging: Option<ImagingWorker>,
    notify: Notify,
    next_token: u64,
    file_pick: Option<Receiver<Option<PathBuf>>>,
    approved: Vec<ApprovedPhoto>,
    /// Approved orders the I/O thread could not write, kept for retry.
    pub(crate) unsaved_orders: Vec<crate::counter::UnsavedOrder>,
    /// Approved orders refused as they stand (an image number already used), kept until the
    /// operator gives each another number.
    pub(crate) refused_orders: Vec<crate::counter::RefusedOrder>,
    pub(crate) frame_stats: crate::counter::frame_stats::FrameStats,
    print_frame_stats: bool,
    io: Option<IoWorker>,
    /// What the screens asked for in the last frame, applied by the next `logic`.
    commands: Vec<Command>,
    /// When this frame's `logic` began (the frame's build time runs to the end of `draw`).
    frame_started: Option<std::time::Instant>,
    /// The last problem to show in the status bar.
    pub(crate) notice: Option<String>,
    /// How receipts and sheets are printed (settings).
    pub(crate) print: crate::domain::receipt::PrintSettings,
    /// Who issues the image number, per document type.
    pub(crate) numbering: crate::domain::numbering::NumberingModes,
    /// Tells a barcode scanner's keystrokes from typing, while an order 待上传 is selected.
    scan: crate::domain::scan::ScanReader,
    /// Save dialogs of hand-overs, each on its own thread, and an image waiting for the clipboard.
    pub(crate) handover: handover::Handovers,
    /// The last hand-over the I/O thread finished (order number, how).
    last_handover: Option<(String, crate::services::handover::HandOver)>,
    /// The studio's prices in fen by spec id; other specs use their file's price.
    pub(crate) prices: std::collections::BTreeMap<String, u32>,
    /// What happened to the last receipt or sheet: (PDF, outcome), newest last.
    pub(crate) prints: Vec<PrintRecord>,
    /// The manager's PIN, lock and privacy settings.
    pub(crate) manager: ManagerState,
    /// The capture in progress as last written to disk.
    draft: draft::DraftKeeper,
    /// A capture the last run left unfinished, offered back until the operator answers.
    pub(crate) restore: Option<RestoreOffer>,
    /// The thread opening the database, while it runs.
    opening: database::Opening,
    /// A demo data dir: its unnamed studio is named 演示照相馆 instead of asking.
    skip_studio_setup: bool,
}

impl StudioApp {
    /// Creates the data dir and database (first start), loads settings and starts the workers.
    /// Problems are shown in the app rather than stopping it.
    pub fn new(ctx: &egui::Context, config: AppConfig) -> StudioApp {
        ui::theme::install(ctx);
        let notify: Notify = {
            let ctx = ctx.clone();
            Arc::new(move || ctx.request_repaint())
        };
        let mut notice = None;
        let analysis = config
            .start_camera
            .then(|| AnalysisWorker::spawn(notify.clone()).map_err(|e| notice = Some(e.to_string())).ok())
            .flatten();
        let catalogue = Arc::new(crate::spec_files::load_catalogue(Some(&config.data_dir.city_specs_dir())));
        let mut app = StudioApp {
            lang: Lang::default(),
            catalogue,
            screen: Screen::Capture,
            data_dir: config.data_dir,
            db_state: DbState::Opening,
            opening: None,
            skip_studio_setup: config.skip_studio_setup,
            screens: ui::Screens::new(&StudioInfo::default()),
            capture: CaptureMode::Live,
            studio: StudioInfo::default(),
            preview: None,
            preview_size: None,
            camera: None,
            camera_choice: CameraChoice::default(),
            demo_camera_size: config.demo_camera_size,
            start_camera: config.start_camera,
            analysis,
            live: None,
            export_worker: None,
            last_frame: None,
            // With a camera, the capture models load in the background now, so the first Space
            // does not wait for them; otherwise on first use (import).
            imaging: config.start_camera.then(|| ImagingWorker::spawn(notify.clone()).ok()).flatten(),
            notify,
            next_token: 0,
            file_pick: None,
            approved: Vec::new(),
            unsaved_orders: Vec::new(),
            refused_orders: Vec::new(),
            frame_stats: Default::default(),
            print_frame_stats: config.print_frame_stats,
            io: None,
            commands: Vec::new(),
            frame_started: None,
            notice: None,
            print: crate::domain::receipt::PrintSettings { auto_receipt: true, ..Default::default() },
            prices: Default::default(),
            numbering: Default::default(),
            scan: Default::default(),
            handover: Default::default(),
            last_handover: None,
            prints: Vec::new(),
            manager: ManagerState::default(),
            draft: Default::default(),
            restore: None,
        };
        // The database opens on a thread of its own; the camera and the first-start dialog wait
        // for its settings (`database::after_opening`).
        app.start_opening(None);
        app.notice = notice.or(app.notice.take());
        app
    }

    /// One frame as eframe runs it: [`Self::logic`], then [`Self::draw`]. Tests drive the app
    /// through this.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.logic(ui.ctx());
        self.draw(ui);
    }

    /// Takes what the workers finished and applies the commands the screens gave in the last
    /// frame. eframe runs this before every frame, and also while the window is minimised.
    pub fn logic(&mut self, ctx: &egui::Context) {
        let started = std::time::Instant::now();
        self.frame_started = Some(started);
        self.poll_opening();
        let new_preview = self.poll_workers(ctx);
        let before = self.frame_stats.summary;
        self.frame_stats.frame_started(started, new_preview);
        if self.print_frame_stats
            && let Some(s) = self.frame_stats.summary.filter(|s| Some(*s) != before)
        {
            eprintln!(
                "frame-stats fps {:.1} preview {:.1} build p50 {:.2} ms p95 {:.2} ms worst gap {:.1} ms",
                s.fps, s.preview_fps, s.build_p50_ms, s.build_p95_ms, s.worst_gap_ms
            );
        }
        self.handovers(ctx);
        self.share_downloads();
        let mut commands = std::mem::take(&mut self.commands);
        for command in commands.drain(..) {
            self.apply(command);
        }
        self.commands = commands;
        self.keep_draft(ctx);
    }

    /// Draws the window from the screens' own state and a read-only view of the app; what the
    /// screens ask for is applied by the next [`Self::logic`], which is asked for at once.
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        // Scanner keystrokes are this frame's input: read only while the window is shown.
        self.read_scans(ui.ctx());
        let (camera_status, analysis_status) = (self.camera_status(), self.analysis_status());
        let view = crate::counter::View {
            lang: self.lang,
            screen: self.screen,
            data_dir: &self.data_dir,
            db_state: &self.db_state,
            studio: &self.studio,
            catalogue: &self.catalogue,
            camera_status,
            camera_choice: &self.camera_choice,
            analysis_status,
            live: self.live.as_ref(),
            preview: self.preview.as_ref(),
            capture: &self.capture,
            preview_size: self.preview_size,
            frame_stats: self.frame_stats.summary,
            notice: self.notice.as_deref(),
            approved: &self.approved,
            unsaved_orders: &self.unsaved_orders,
            refused_orders: &self.refused_orders,
            prints: &self.prints,
            print: &self.print,
            prices: &self.prices,
            numbering: &self.numbering,
            manager: &self.manager,
            restore: self.restore.as_ref(),
            share_enabled: self.handover.share_enabled,
        };
        ui::show(ui, &mut self.screens, &view, &mut self.commands);
        if !self.commands.is_empty() {
            ui.ctx().request_repaint();
        }
        if let Some(started) = self.frame_started.take() {
            self.frame_stats.frame_built(started.elapsed());
        }
    }

    pub(super) fn send(&mut self, job: IoJob) {
        let Some(io) = &self.io else {
            let said = crate::domain::Label::ErrDatabase.get(self.lang).to_owned();
            self.screens.on(crate::counter::Event::SaveFailed(said));
            return;
        };
        if io.send(job).is_err() {
            self.notice = Some(crate::domain::Label::ErrQueueFull.get(self.lang).to_owned());
        }
    }
}

impl eframe::App for StudioApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        StudioApp::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
    }
}
