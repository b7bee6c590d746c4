//! `StudioApp`: owns the state, the workers and the database handle; applies the screens' commands
//! once per frame.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use egui::{TextureHandle, TextureOptions};

use crate::camera::{CameraChoice, Frame};
use crate::domain::{Catalogue, Lang, StudioInfo};
use crate::paths::DataDir;
use crate::ui;
use crate::ui::capture::Mode;
mod capture;
mod draft;
mod handover;
mod manager;
mod printing;
mod uploads;

use crate::counter::{Approval, Command, DbState, Guarded, ManagerState, PrintRecord, RestoreOffer, Screen};

use crate::worker::{
    AnalysisStatus, AnalysisWorker, CameraStatus, CameraWorker, ImagingJob, ImagingWorker, IoEvent, IoJob,
    IoWorker, LiveResult, Notify,
};

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
    export_worker: Option<crate::worker::ExportWorker>,
    /// The newest camera frame at full resolution (what Space captures).
    last_frame: Option<Frame>,
    /// Started on first use (capture or import); loads its own copy of the models.
    imaging: Option<ImagingWorker>,
    notify: Notify,
    next_token: u64,
    file_pick: Option<Receiver<Option<PathBuf>>>,
    approved: Vec<Approval>,
    /// Approved orders the I/O thread could not write, kept for retry.
    pub(crate) unsaved_orders: Vec<IoJob>,
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
    last_handover: Option<(String, crate::handover::HandOver)>,
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
            db_state: DbState::Unavailable(String::new()),
            screens: ui::Screens::new(&StudioInfo::default()),
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
        app.open_database();
        if matches!(app.db_state, DbState::Ready { .. }) && !app.studio.named() {
            if config.skip_studio_setup {
                // A demo data dir: a name that says so, saved, so receipts print.
                let demo = StudioInfo { name: DEMO_STUDIO_NAME.to_owned(), ..app.studio.clone() };
                app.send(IoJob::SaveStudioInfo(demo.clone()));
                // A newcomer's first run prints a receipt: the studio numbers its own photos.
                let studio = crate::domain::numbering::NumberingMode::Studio;
                app.send(IoJob::SaveNumbering(crate::domain::numbering::NumberingModes::all(studio)));
                app.screens.settings = ui::settings::SettingsScreen::new(&demo);
                app.studio = demo;
            } else {
                app.screens.first_start =
                    Some(ui::studio_form::FirstStart { draft: app.studio.clone(), ..Default::default() });
            }
        }
        if app.catalogue.get(&app.screens.capture.spec_id).is_none() {
            app.screens.capture.spec_id = ui::capture::DEFAULT_SPEC.to_owned();
        }
        // The saved camera, not the demo, even if it fails: the status says why and it is retried.
        if config.start_camera {
            app.camera = CameraWorker::for_choice(
                app.camera_choice.clone(),
                config.demo_camera_size,
                app.notify.clone(),
            )
            .map_err(|e| notice = Some(e.to_string()))
            .ok();
        }
        if matches!(app.db_state, DbState::Ready { .. }) {
            app.find_draft();
        }
        app.notice = notice.or(app.notice.take());
        app
    }

    /// The unfinished capture offered back at the start, until the operator answers.
    pub fn restore_offer(&self) -> Option<&RestoreOffer> {
        self.restore.as_ref()
    }

    /// The running or last export of the export screen.
    pub fn export_state(&self) -> Option<&crate::worker::ExportState> {
        self.screens.export.export.as_ref()
    }

    /// Receipts and sheets of this session, newest last.
    pub fn prints(&self) -> &[PrintRecord] {
        &self.prints
    }

    pub fn print_settings(&self) -> &crate::domain::receipt::PrintSettings {
        &self.print
    }

    /// The price of a spec at this studio, in fen.
    pub fn price_fen(&self, spec: &crate::domain::PhotoSpec) -> u32 {
        self.prices.get(&spec.id).copied().unwrap_or(spec.price_fen)
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn studio_info(&self) -> &StudioInfo {
        &self.studio
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn db_state(&self) -> &DbState {
        &self.db_state
    }

    pub fn camera_status(&self) -> Option<CameraStatus> {
        self.camera.as_ref().map(CameraWorker::status)
    }

    /// The camera chosen in the settings (the demo until another is chosen).
    pub fn camera_choice(&self) -> &CameraChoice {
        &self.camera_choice
    }

    pub fn analysis_status(&self) -> Option<AnalysisStatus> {
        self.analysis.as_ref().map(AnalysisWorker::status)
    }

    /// The newest live analysis result.
    pub fn live(&self) -> Option<&LiveResult> {
        self.live.as_ref()
    }

    /// The spec chosen on the capture screen.
    pub fn capture_spec_id(&self) -> &str {
        &self.screens.capture.spec_id
    }

    /// The photos approved in this session, oldest first.
    pub fn approved(&self) -> &[Approval] {
        &self.approved
    }

    /// The photo being adjusted, if any.
    pub fn adjusting(&self) -> Option<&ui::adjust::AdjustSession> {
        match &self.screens.capture.mode {
            Mode::Adjust(session) => Some(session),
            _ => None,
        }
    }

    /// A capture or import is being analysed and placed.
    pub fn capture_working(&self) -> bool {
        matches!(self.screens.capture.mode, Mode::Working { .. })
    }

    /// The message in the status bar, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn favourites(&self) -> &[String] {
        &self.screens.capture.favourites
    }

    /// Approved orders waiting for a retry after a failed write.
    pub fn unsaved_orders(&self) -> usize {
        self.unsaved_orders.len()
    }

    /// How many approved orders wait for another image number.
    pub fn refused_orders(&self) -> usize {
        self.refused_orders.len()
    }

    /// The orders screen's last search results.
    pub fn order_results(&self) -> &[crate::storage::OrderRow] {
        &self.screens.orders.results
    }

    /// The order open on the orders screen.
    pub fn open_order(&self) -> Option<&crate::storage::OrderRow> {
        self.screens.orders.open.as_ref().map(|o| &o.row)
    }

    /// The order the next approval re-shoots.
    pub fn reshoot_of(&self) -> Option<i64> {
        self.screens.capture.reshoot_of
    }

    /// The customer name typed on the capture screen.
    pub fn customer(&self) -> &str {
        &self.screens.capture.customer.name
    }

    /// Size of the last frame shown in the preview.
    pub fn preview_size(&self) -> Option<[u32; 2]> {
        self.preview_size
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
        let view = crate::counter::View {
            lang: self.lang,
            screen: self.screen,
            data_dir: &self.data_dir,
            db_state: &self.db_state,
            studio: &self.studio,
            catalogue: &self.catalogue,
            camera_status: self.camera.as_ref().map(CameraWorker::status),
            camera_choice: &self.camera_choice,
            analysis_status: self.analysis.as_ref().map(AnalysisWorker::status),
            live: self.live.as_ref(),
            previewing: self.screen == Screen::Capture && matches!(self.screens.capture.mode, Mode::Live),
            preview: self.preview.as_ref(),
            preview_size: self.preview_size,
            frame_stats: self.frame_stats.summary,
            notice: self.notice.as_deref(),
            approved: &self.approved,
            unsaved_orders: self.unsaved_orders.len(),
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

    /// The live preview is on screen (and so the live analysis runs).
    pub fn previewing(&self) -> bool {
        self.screen == Screen::Capture && matches!(self.screens.capture.mode, Mode::Live)
    }

    /// Takes what the workers finished; `true` when a new camera frame is shown.
    fn poll_workers(&mut self, ctx: &egui::Context) -> bool {
        let latest = self.camera.as_ref().and_then(CameraWorker::take_latest);
        let new_preview = latest.is_some();
        if let Some(latest) = latest {
            self.preview_size = Some([latest.frame.width, latest.frame.height]);
            self.last_frame = Some(latest.frame.clone());
            // Live analysis only while the preview is on screen: the adjust view and the other
            // screens leave the cores to their own work.
            let previewing = self.previewing();
            if let Some(analysis) = self.analysis.as_ref().filter(|_| previewing) {
                // An `Arc` handed over; the analysis thread converts and shrinks the frame.
                analysis.feed(latest.frame.clone());
            }
            match &mut self.preview {
                Some(texture) => texture.set(latest.image, TextureOptions::LINEAR),
                None => {
                    self.preview = Some(ctx.load_texture("preview", latest.image, TextureOptions::LINEAR))
                }
            }
            // A tethered camera's new photo goes straight to placement: its shutter was the capture.
            if latest.frame.origin.is_some() {
                self.capture_frame();
            }
        }
        // A photo the hot folder could not read: shown, and the camera goes on.
        if let Some(problem) = self.camera.as_ref().and_then(CameraWorker::take_problem) {
            self.notice = Some(problem);
        }
        let seen = self.live.as_ref().map(|l| l.seq);
        if let Some(result) = self.analysis.as_ref().and_then(|a| a.newer_than(seen)) {
            self.live = Some(result);
        }
        while let Some(event) = self.imaging.as_ref().and_then(ImagingWorker::try_recv) {
            self.imaging_event(event);
        }
        if let Some(state) = self.export_worker.as_ref().map(crate::worker::ExportWorker::state) {
            let finished = !matches!(state, crate::worker::ExportState::Running { .. });
            self.screens.export.export = Some(state);
            if finished {
                // The thread has ended: joined at once.
                self.export_worker = None;
            }
        }
        if let Some(picked) = self.file_pick.as_ref().and_then(|rx| rx.try_recv().ok()) {
            self.file_pick = None;
            if let Some(path) = picked {
                self.apply(Command::ImportFile(path));
            }
        }
        while let Some(event) = self.io.as_ref().and_then(IoWorker::try_recv) {
            match event {
                IoEvent::StudioInfoSaved(info) => {
                    self.screens.settings.saved(&info);
                    // Saved from the first-start dialog: the studio's city ID card becomes the spec.
                    if self.screens.first_start.take().is_some()
                        && let Some(home) = self.catalogue.home_spec(&info.city)
                    {
                        let id = home.id.clone();
                        self.choose_spec(id);
                    }
                    self.studio = info;
                }
                IoEvent::LanguageSaved(_) | IoEvent::SettingSaved { .. } | IoEvent::DraftKept => {}
                // The open order's log shows the new line.
                IoEvent::OrderEventLogged { id } => {
                    if self.screens.orders.open.as_ref().is_some_and(|o| o.row.id == id) {
                        self.send(IoJob::LoadOrder(id));
                    }
                }
                IoEvent::OrderCreated { index, image_number: None, order_id } => {
                    self.order_awaiting_upload(index, order_id)
                }
                IoEvent::OrderCreated { index, image_number: Some(image_number), .. } => {
                    let mut spec_id = None;
                    if let Some(a) = self.approved.get_mut(index) {
                        a.image_number = Some(image_number.clone());
                        spec_id = Some(a.spec_id.clone());
                    }
                    self.notice =
                        Some(format!("{}：{image_number}", crate::domain::T::OrderCreated.get(self.lang)));
                    if let Some(spec_id) = spec_id {
                        self.receipt_follows(image_number, spec_id);
                    }
                }
                event @ (IoEvent::ReceiptIssued { .. }
                | IoEvent::SheetWritten { .. }
                | IoEvent::Printed { .. }
                | IoEvent::PrintNews { .. }
                | IoEvent::Printing(_)) => self.print_event(event),
                IoEvent::PrintSettingsSaved(settings) => {
                    self.screens.settings.print_saved(&settings);
                    self.print = settings;
                }
                IoEvent::Printers(list) => self.screens.settings.printers = Some(list),
                IoEvent::DayReport(report) => {
                    if let Some(day) = report.totals.date {
                        self.screens.export.report = Some((day, *report));
                    }
                }
                IoEvent::Orders(rows) => {
                    self.screens.orders.results = rows;
                    self.screens.orders.searching = false;
                }
                IoEvent::OrderLoaded { row, photo, events } => {
                    self.screens.orders.open =
                        Some(ui::orders::OpenOrder { row: *row, photo, texture: None, events });
                }
                IoEvent::Manager(event) => self.manager_event(event),
                IoEvent::StatusChanged { id } => {
                    let query = self.screens.orders.query();
                    self.send(IoJob::SearchOrders(Box::new(query)));
                    self.send(IoJob::LoadOrder(id));
                }
                IoEvent::OrderRefused { job, message } => self.order_refused(job, message),
                event @ (IoEvent::Awaiting(_)
                | IoEvent::NumberAttached { .. }
                | IoEvent::AttachRefused { .. }
                | IoEvent::NumberingSaved(_)) => self.upload_event(event),
                IoEvent::HandedOver { number, how, image, path, shared } => {
                    self.handed_over(number, how, image, path, shared)
                }
                IoEvent::Failed { job, message } => {
                    match job {
                        // An approved order that could not be written (disk full, database locked)
                        // is kept in memory and offered for retry, never dropped.
                        job @ IoJob::CreateOrder { .. } => self.unsaved_orders.push(job),
                        IoJob::SaveStudioInfo(_) | IoJob::SaveLanguage(_) | IoJob::SavePrintSettings(_) => {
                            if let Some(form) = &mut self.screens.first_start {
                                form.saving = false;
                            }
                            self.screens.settings.failed(message.clone())
                        }
                        IoJob::Manager(job) => {
                            self.manager_failed(&job, message);
                            continue;
                        }
                        _ => {}
                    }
                    self.notice = Some(message);
                }
            }
        }
        new_preview
    }

    fn apply(&mut self, command: Command) {
        match command {
            // The settings are the manager's.
            Command::ShowScreen(Screen::Settings) if self.screen != Screen::Settings => {
                self.apply(Command::Guarded(Guarded::Settings))
            }
            Command::ShowScreen(screen) => self.show_screen(screen),
            Command::SetLanguage(lang) => {
                self.lang = lang;
                self.send(IoJob::SaveLanguage(lang));
            }
            Command::SaveStudioInfo(info) => {
                self.audit("更改设置", "照相馆信息");
                self.send(IoJob::SaveStudioInfo(info))
            }
            Command::OpenStudioSetup { for_receipt } => {
                let draft = self.studio.clone();
                self.screens.first_start =
                    Some(ui::studio_form::FirstStart { draft, for_receipt, ..Default::default() });
            }
            Command::CloseStudioSetup => self.screens.first_start = None,
            Command::ChooseSpec(id) => self.choose_spec(id),
            Command::ToggleFavourite(id) => {
                let favourites = &mut self.screens.capture.favourites;
                match favourites.iter().position(|f| *f == id) {
                    Some(i) => {
                        favourites.remove(i);
                    }
                    None => favourites.push(id),
                }
                let value = favourites.join(",");
                self.send(IoJob::SaveSetting { key: FAVOURITES_SETTING.into(), value });
            }
            Command::Capture => self.capture_frame(),
            Command::PickFile => self.pick_file(),
            Command::ImportFile(path) => {
                if let Some(spec) = self.chosen_spec() {
                    let token = self.start_work();
                    self.imaging_send(ImagingJob::Import { token, path, spec });
                }
            }
            Command::Render(edit) => {
                let job = match &self.screens.capture.mode {
                    Mode::Adjust(s) => ImagingJob::Render {
                        token: s.token,
                        photo: s.photo.clone(),
                        spec: s.spec.clone(),
                        analysis: s.analysis.clone(),
                        edit,
                    },
                    _ => return,
                };
                self.imaging_send(job);
            }
            Command::Approve { reason } => self.approve(reason),
            Command::Retake => self.screens.capture.mode = Mode::Live,
            Command::RestoreDraft => self.restore_draft(),
            Command::DiscardDraft => self.discard_draft(),
            Command::SearchOrders(q) => self.send(IoJob::SearchOrders(Box::new(q))),
            Command::OpenOrder(id) => self.send(IoJob::LoadOrder(id)),
            Command::CloseOrder => self.screens.orders.open = None,
            Command::SetOrderStatus { id, status, reason } => {
                let who = self.operator();
                self.screens.orders.fail_reason.clear();
                self.send(IoJob::SetOrderStatus { id, status, reason, who });
            }
            Command::Reshoot(id) => self.reshoot(id),
            Command::SaveRefused { index, number } => self.save_refused(index, number),
            command @ (Command::AttachNumber { .. }
            | Command::SelectAwaiting(_)
            | Command::OpenUploadFolder
            | Command::SaveNumbering(_)) => self.upload_command(command),
            Command::HandOver { number, spec_id, how } => self.hand_over(number, spec_id, how),
            Command::SetShare(on) => self.set_share(on),
            Command::CloseShare => self.screens.share = None,
            Command::RetryUnsaved => {
                for job in std::mem::take(&mut self.unsaved_orders) {
                    self.send(job);
                }
            }
            Command::ChooseCamera(choice) => self.choose_camera(choice),
            command
            @ (Command::PrintReceipt { .. } | Command::PrintSheet { .. } | Command::RetryPrint(_)) => {
                self.print_command(command)
            }
            Command::SavePrintSettings(settings) => {
                self.audit("更改设置", "打印设置");
                self.send(IoJob::SavePrintSettings(settings))
            }
            Command::ListPrinters => self.send(IoJob::ListPrinters),
            Command::LoadDayReport(date) => {
                let validity = self
                    .catalogue
                    .specs()
                    .iter()
                    .filter_map(|s| Some((s.id.clone(), s.receipt.as_ref()?.validity)))
                    .collect();
                self.send(IoJob::DayReport { date, validity });
            }
            Command::StartExport(mut request) => {
                if self.export_worker.is_some() {
                    return;
                }
                if request.out_dir.as_os_str().is_empty() {
                    request.out_dir = self.data_dir.root().join("exports");
                }
                if request.privacy == crate::domain::daily_report::Privacy::Full {
                    // The unlock may have run out since the box was ticked: ask again.
                    if !self.manager.unlocked() {
                        self.screens.export.full_numbers = false;
                        self.apply(Command::Guarded(Guarded::FullNumbers));
                        return;
                    }
                    self.audit("导出完整号码", &request.date.to_string());
                }
                let spawned = crate::worker::ExportWorker::spawn(
                    self.data_dir.database(),
                    self.catalogue.clone(),
                    request,
                    self.notify.clone(),
                );
                match spawned {
                    Ok(worker) => {
                        self.screens.export.export = Some(worker.state());
                        self.export_worker = Some(worker);
                    }
                    Err(e) => {
                        self.screens.export.export = Some(crate::worker::ExportState::Failed(e.to_string()))
                    }
                }
            }
            command @ (Command::Guarded(_)
            | Command::Unlock(_)
            | Command::CancelUnlock
            | Command::Lock
            | Command::SetPin { .. }
            | Command::SavePrivacy { .. }
            | Command::BackupNow
            | Command::RestoreBackup(_)) => self.manager_command(command),
            Command::SetPrice { spec_id, fen } => {
                let value = fen.map(|f| f.to_string()).unwrap_or_default();
                match fen {
                    Some(f) => self.prices.insert(spec_id.clone(), f),
                    None => self.prices.remove(&spec_id),
                };
                self.audit("更改设置", &format!("价格 {spec_id}"));
                let key = format!("{}{spec_id}", crate::storage::PRICE_PREFIX);
                self.send(IoJob::SaveSetting { key, value });
            }
        }
    }

    /// A line in the audit log, written by the I/O thread.
    fn audit(&mut self, action: &str, detail: &str) {
        let (who, action, detail) = (self.operator(), action.to_owned(), detail.to_owned());
        self.send(IoJob::Manager(crate::worker::ManagerJob::Audit { who, action, detail }));
    }

    fn show_screen(&mut self, screen: Screen) {
        // The list is fresh each time the screen is opened (orders were approved meanwhile).
        if screen == Screen::Orders && self.screens.orders.searched {
            self.screens.orders.searching = true;
            let query = self.screens.orders.query();
            self.send(IoJob::SearchOrders(Box::new(query)));
        }
        if screen == Screen::Orders {
            self.refresh_awaiting();
        }
        if screen == Screen::Export {
            let day = self.screens.export.date().unwrap_or_else(|| chrono::Local::now().date_naive());
            self.apply(Command::LoadDayReport(day));
        }
        if screen == Screen::Settings {
            if self.screens.settings.printers.is_none() {
                self.screens.settings.printers = Some(Vec::new());
                self.send(IoJob::ListPrinters);
            }
            self.load_privacy();
        }
        self.screen = screen;
    }

    /// Who the audit log names: the operator typed on the capture screen, else 柜台.
    fn operator(&self) -> String {
        match crate::domain::typed_text::operator(&self.screens.capture.operator) {
            name if name.is_empty() => crate::domain::T::Counter.get(self.lang).to_owned(),
            name => name,
        }
    }

    fn send(&mut self, job: IoJob) {
        let Some(io) = &self.io else {
            self.screens.settings.failed(crate::domain::T::ErrDatabase.get(self.lang).to_owned());
            return;
        };
        if io.send(job).is_err() {
            self.notice = Some(crate::domain::T::ErrQueueFull.get(self.lang).to_owned());
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
