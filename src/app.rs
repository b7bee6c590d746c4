//! `StudioApp`: owns the state, the workers and the database handle; applies the screens' commands
//! once per frame.

use std::sync::Arc;

use egui::{TextureHandle, TextureOptions};

use crate::camera::{CameraSource, DemoCamera};
use crate::domain::{Catalogue, Lang, StudioInfo};
use crate::paths::DataDir;
use crate::storage::{Database, LATEST_SCHEMA};
use crate::ui::{self, Screen};
use crate::worker::{
    AnalysisStatus, AnalysisWorker, CameraStatus, CameraWorker, IoEvent, IoJob, IoWorker, LiveResult, Notify,
};

/// How the app starts.
#[derive(Clone, Debug)]
pub struct AppConfig {
    pub data_dir: DataDir,
    /// Size of the demo camera's frames.
    pub demo_camera_size: [u32; 2],
    /// Start the camera thread (tests of other screens may leave it off).
    pub start_camera: bool,
}

impl AppConfig {
    pub fn new(data_dir: DataDir) -> AppConfig {
        AppConfig { data_dir, demo_camera_size: [1280, 960], start_camera: true }
    }
}

/// What a screen asks the app to do; applied after the frame is drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    ShowScreen(Screen),
    SetLanguage(Lang),
    SaveStudioInfo(StudioInfo),
    ChooseSpec(String),
}

/// The state of the database as the status bar shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum DbState {
    Ready { schema: i64 },
    Unavailable(String),
}

pub struct StudioApp {
    pub(crate) lang: Lang,
    pub(crate) screen: Screen,
    pub(crate) data_dir: DataDir,
    pub(crate) db_state: DbState,
    pub(crate) studio: StudioInfo,
    /// Built-in and local photo specs, loaded at start.
    pub(crate) catalogue: Arc<Catalogue>,
    pub(crate) settings: ui::settings::SettingsScreen,
    pub(crate) preview: Option<TextureHandle>,
    pub(crate) preview_size: Option<[u32; 2]>,
    camera: Option<CameraWorker>,
    analysis: Option<AnalysisWorker>,
    /// The newest live face analysis, for the guides.
    pub(crate) live: Option<LiveResult>,
    pub(crate) capture: ui::capture::CaptureScreen,
    io: Option<IoWorker>,
    commands: Vec<Command>,
    /// The last problem to show in the status bar.
    pub(crate) notice: Option<String>,
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
        let opened = config
            .data_dir
            .create()
            .map_err(|e| e.to_string())
            .and_then(|()| Database::open(&config.data_dir.database()).map_err(|e| e.to_string()));
        let (db_state, lang, studio, io) = match opened {
            Ok(db) => {
                let lang = db.language().unwrap_or_default();
                let studio = db.studio_info().unwrap_or_default();
                let io = IoWorker::spawn(db, notify.clone()).map_err(|e| notice = Some(e.to_string())).ok();
                (DbState::Ready { schema: LATEST_SCHEMA }, lang, studio, io)
            }
            Err(message) => (DbState::Unavailable(message), Lang::default(), StudioInfo::default(), None),
        };
        let camera = config.start_camera.then(|| {
            let [w, h] = config.demo_camera_size;
            let open = move || DemoCamera::new(w, h).map(|c| Box::new(c) as Box<dyn CameraSource>);
            CameraWorker::spawn(open, notify.clone()).map_err(|e| notice = Some(e.to_string())).ok()
        });
        let analysis = config
            .start_camera
            .then(|| AnalysisWorker::spawn(notify.clone()).map_err(|e| notice = Some(e.to_string())).ok())
            .flatten();
        let catalogue = Arc::new(crate::spec_files::load_catalogue(Some(&config.data_dir.city_specs_dir())));
        StudioApp {
            lang,
            catalogue,
            screen: Screen::Capture,
            data_dir: config.data_dir,
            db_state,
            settings: ui::settings::SettingsScreen::new(&studio),
            studio,
            preview: None,
            preview_size: None,
            camera: camera.flatten(),
            analysis,
            live: None,
            capture: ui::capture::CaptureScreen::default(),
            io,
            commands: Vec::new(),
            notice,
        }
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

    pub fn analysis_status(&self) -> Option<AnalysisStatus> {
        self.analysis.as_ref().map(AnalysisWorker::status)
    }

    /// The newest live analysis result.
    pub fn live(&self) -> Option<&LiveResult> {
        self.live.as_ref()
    }

    /// The spec chosen on the capture screen.
    pub fn capture_spec_id(&self) -> &str {
        &self.capture.spec_id
    }

    /// Size of the last frame shown in the preview.
    pub fn preview_size(&self) -> Option<[u32; 2]> {
        self.preview_size
    }

    /// Draws one frame and applies what the screens asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.poll_workers(ui.ctx());
        let mut commands = std::mem::take(&mut self.commands);
        ui::show(ui, self, &mut commands);
        for command in commands.drain(..) {
            self.apply(command);
        }
        self.commands = commands;
    }

    fn poll_workers(&mut self, ctx: &egui::Context) {
        if let Some(latest) = self.camera.as_ref().and_then(CameraWorker::take_latest) {
            self.preview_size = Some([latest.frame.width, latest.frame.height]);
            if let Some(analysis) = &self.analysis {
                // An `Arc` handed over; the analysis thread converts and shrinks the frame.
                analysis.feed(latest.frame.clone());
            }
            match &mut self.preview {
                Some(texture) => texture.set(latest.image, TextureOptions::LINEAR),
                None => {
                    self.preview = Some(ctx.load_texture("preview", latest.image, TextureOptions::LINEAR))
                }
            }
        }
        let seen = self.live.as_ref().map(|l| l.seq);
        if let Some(result) = self.analysis.as_ref().and_then(|a| a.newer_than(seen)) {
            self.live = Some(result);
        }
        while let Some(event) = self.io.as_ref().and_then(IoWorker::try_recv) {
            match event {
                IoEvent::StudioInfoSaved(info) => {
                    self.settings.saved(&info);
                    self.studio = info;
                }
                IoEvent::LanguageSaved(_) => {}
                IoEvent::Failed { message, .. } => {
                    self.settings.failed(message.clone());
                    self.notice = Some(message);
                }
            }
        }
    }

    fn apply(&mut self, command: Command) {
        match command {
            Command::ShowScreen(screen) => self.screen = screen,
            Command::SetLanguage(lang) => {
                self.lang = lang;
                self.send(IoJob::SaveLanguage(lang));
            }
            Command::SaveStudioInfo(info) => self.send(IoJob::SaveStudioInfo(info)),
            Command::ChooseSpec(id) => self.capture.spec_id = id,
        }
    }

    fn send(&mut self, job: IoJob) {
        let Some(io) = &self.io else {
            self.settings.failed(crate::domain::T::ErrDatabase.get(self.lang).to_owned());
            return;
        };
        if let Err(job) = io.send(job) {
            self.notice = Some(format!("{}：{job:?}", crate::domain::T::ErrQueueFull.get(self.lang)));
        }
    }
}

impl eframe::App for StudioApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
