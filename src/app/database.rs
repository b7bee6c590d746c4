//! The database's life, off the UI thread: at start (and after a restore) a thread opens and checks
//! the file (`startup::open_checked`: `quick_check`; a restore's `integrity_check` too) and reads
//! the settings; the window shows 正在打开… meanwhile. The answer is taken by `logic`: the settings
//! applied, the I/O thread started with the database, then what waited for it (first-start dialog,
//! camera, the unfinished capture). A damaged database is shown with the newest backup to restore.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use super::{DEMO_STUDIO_NAME, FAVOURITES_SETTING, SPEC_SETTING, StudioApp};
use crate::camera::CameraChoice;
use crate::counter::{DbState, Event};
use crate::domain::{Label, StudioInfo};
use crate::paths::DataDir;
use crate::services::startup::OpenProblem;
use crate::storage::{Database, LATEST_SCHEMA};
use crate::ui;
use crate::worker::{CameraWorker, IoJob, IoWorker, PrivacyState};

/// What the opening thread read, with the database for the I/O thread.
pub(super) struct Opened {
    db: Database,
    lang: crate::domain::Lang,
    print: Option<crate::domain::receipt::PrintSettings>,
    prices: std::collections::BTreeMap<String, u32>,
    numbering: crate::domain::numbering::NumberingModes,
    share_enabled: bool,
    studio: StudioInfo,
    spec: Option<String>,
    favourites: Option<String>,
    camera: Option<String>,
    privacy: Result<PrivacyState, crate::domain::Words>,
}

/// The opening thread's answer, and what to tell the operator (a restore's outcome).
pub(super) type Answer = (Result<Box<Opened>, OpenProblem>, Option<Result<String, String>>);

/// Opens and checks the database and reads what the app needs from it (runs on its own thread).
fn open_and_read(dir: &DataDir) -> Result<Box<Opened>, OpenProblem> {
    let db = crate::services::startup::open_checked(dir)?;
    let setting = |key: &str| db.setting(key).ok().flatten();
    Ok(Box::new(Opened {
        lang: db.language().unwrap_or_default(),
        print: db.print_settings().ok(),
        prices: db.prices().unwrap_or_default(),
        numbering: db.numbering().unwrap_or_default(),
        share_enabled: setting(super::handover::SHARE_SETTING).is_some_and(|v| v == "1"),
        studio: db.studio_info().unwrap_or_default(),
        spec: setting(SPEC_SETTING),
        favourites: setting(FAVOURITES_SETTING),
        camera: setting(CameraChoice::SETTING_KEY),
        privacy: crate::worker::manager::state(&db, Some(dir))
            .map_err(|e| crate::domain::i18n::Bilingual::words(&e)),
        db,
    }))
}

impl StudioApp {
    /// Starts opening the database on a thread of its own, after putting `backup` in place of the
    /// damaged file if given. The window shows 正在打开… until `logic` takes the answer.
    pub(super) fn start_opening(&mut self, backup: Option<PathBuf>) {
        let (tx, rx) = std::sync::mpsc::channel::<Answer>();
        let (dir, notify, lang) = (self.data_dir.clone(), self.notify.clone(), self.lang);
        let spawned = std::thread::Builder::new().name("open-database".into()).spawn(move || {
            let mut said = None;
            if let Some(path) = &backup {
                said = Some(match crate::services::backups::restore(&dir, path, chrono::Local::now()) {
                    Ok(moved) => {
                        let kept = moved
                            .map(|m| format!("，{} {}", Label::NoticeDamagedKept.get(lang), m.display()))
                            .unwrap_or_default();
                        Ok(format!("{} {}{kept}", Label::NoticeRestored.get(lang), path.display()))
                    }
                    Err(e) => Err(format!("{}：{e}", Label::NoticeRestoreFailed.get(lang))),
                });
            }
            let _ = tx.send((open_and_read(&dir), said));
            notify();
        });
        match spawned {
            Ok(_) => {
                self.db_state = DbState::Opening;
                self.opening = Some(rx);
            }
            Err(e) => {
                self.db_state = DbState::Unavailable(crate::domain::Words::same(e.to_string()));
                self.after_opening();
            }
        }
    }

    /// Takes the opening thread's answer, if it has come.
    pub(super) fn poll_opening(&mut self) {
        let Some(answer) = self.opening.as_ref().and_then(|rx| rx.try_recv().ok()) else { return };
        self.opening = None;
        let (opened, said) = answer;
        let restored = said.is_some();
        match opened {
            Ok(opened) => self.opened(*opened),
            Err(OpenProblem::Damaged { message, backup }) => {
                self.db_state = DbState::Damaged { message, backup }
            }
            Err(OpenProblem::Unavailable(message)) => self.db_state = DbState::Unavailable(message),
        }
        match said {
            // A restore that worked says so once the database is open again; a failed one always.
            Some(Ok(said)) if matches!(self.db_state, DbState::Ready { .. }) => {
                self.notice = Some(crate::domain::i18n::punct(self.lang, said))
            }
            Some(Err(said)) => self.notice = Some(crate::domain::i18n::punct(self.lang, said)),
            _ => {}
        }
        if !restored || matches!(self.db_state, DbState::Ready { .. }) {
            self.after_opening();
        }
    }

    /// Applies the settings read, and starts the I/O thread with the database; its first job is
    /// the start-of-day housekeeping.
    fn opened(&mut self, o: Opened) {
        self.lang = o.lang;
        if let Some(print) = o.print {
            self.print = print;
        }
        self.prices = o.prices;
        self.numbering = o.numbering;
        self.handover.share_enabled = o.share_enabled;
        self.studio = o.studio;
        self.screens.on(Event::StudioLoaded(self.studio.clone()));
        match o.spec {
            Some(id) => self.screens.on(Event::SpecChosen(id)),
            // Never chosen: the studio's city ID card.
            None => {
                if let Some(home) = self.catalogue.home_spec(&self.studio.city) {
                    self.screens.on(Event::SpecChosen(home.id.clone()));
                }
            }
        }
        if let Some(list) = o.favourites {
            let list = list.split(',').filter(|id| !id.is_empty()).map(str::to_owned).collect();
            self.screens.on(Event::Favourites(list));
        }
        if let Some(value) = o.camera {
            self.camera_choice = CameraChoice::from_setting(&value).unwrap_or_default();
        }
        // If the privacy state cannot be read, guarded actions stay guarded (a PIN is assumed).
        let privacy = o.privacy.unwrap_or_else(|e| {
            self.notice = Some(e.get(self.lang).to_owned());
            PrivacyState {
                has_pin: true,
                retention_days: crate::domain::privacy::DEFAULT_RETENTION_DAYS,
                backups_kept: crate::domain::privacy::DEFAULT_BACKUPS_KEPT,
                latest_backup: None,
                audit: Vec::new(),
            }
        });
        self.manager.privacy = Some(privacy);
        self.screens.on(Event::PrivacyLoaded(self.manager.privacy.clone()));
        match IoWorker::spawn(o.db, self.notify.clone()) {
            Ok(io) => {
                self.io = Some(io);
                self.db_state = DbState::Ready { schema: LATEST_SCHEMA };
                let today = chrono::Local::now().date_naive();
                self.send(IoJob::Manager(crate::worker::ManagerJob::Housekeeping {
                    dir: self.data_dir.clone(),
                    today,
                }));
                self.load_privacy();
                self.refresh_awaiting();
            }
            Err(e) => self.db_state = DbState::Unavailable(crate::domain::Words::same(e.to_string())),
        }
    }

    /// What waited for the database: the studio's identity (asked, or the demo's), the spec, the
    /// camera chosen in the settings, and the capture the last run left unfinished.
    fn after_opening(&mut self) {
        if matches!(self.db_state, DbState::Ready { .. }) && !self.studio.named() {
            if self.skip_studio_setup {
                // A demo data dir: a name that says so, saved, so receipts print.
                let demo = StudioInfo { name: DEMO_STUDIO_NAME.to_owned(), ..self.studio.clone() };
                self.send(IoJob::SaveStudioInfo(demo.clone()));
                // A newcomer's first run prints a receipt: the studio numbers its own photos.
                let studio = crate::domain::numbering::NumberingMode::Studio;
                self.send(IoJob::SaveNumbering(crate::domain::numbering::NumberingModes::all(studio)));
                self.screens.on(Event::StudioLoaded(demo.clone()));
                self.studio = demo;
            } else {
                self.screens.on(Event::AskStudio { draft: self.studio.clone(), for_receipt: false });
            }
        }
        if self.catalogue.get(&self.screens.capture.spec_id).is_none() {
            self.screens.on(Event::SpecChosen(ui::capture::DEFAULT_SPEC.to_owned()));
        }
        // The saved camera, not the demo, even if it fails: the status says why and it is retried.
        if self.start_camera && self.camera.is_none() {
            let started = CameraWorker::for_choice(
                self.camera_choice.clone(),
                self.demo_camera_size,
                self.notify.clone(),
            );
            match started {
                Ok(camera) => self.camera = Some(camera),
                Err(e) => self.notice = Some(e.to_string()),
            }
        }
        if matches!(self.db_state, DbState::Ready { .. }) {
            self.find_draft();
        }
    }

    /// Puts a backup in place of the damaged database, then opens it as a fresh start would (both
    /// on the opening thread).
    pub(super) fn restore_backup(&mut self, path: PathBuf) {
        if matches!(self.db_state, DbState::Damaged { .. }) {
            self.start_opening(Some(path));
        }
    }
}

/// The opening thread, while it runs.
pub(super) type Opening = Option<Receiver<Answer>>;
