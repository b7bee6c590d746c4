//! The app's side of the database's life and the manager's PIN: opening and checking the database
//! at start (a damaged one offers its latest backup, restored here), which actions are guarded, the
//! PIN prompt, the lock's timeout, and what the I/O thread answers (purge, delete, backups, audit log).

use std::time::{Duration, Instant};

use super::{FAVOURITES_SETTING, SPEC_SETTING, StudioApp};
use crate::camera::CameraChoice;
use crate::counter::Screen;
use crate::counter::{Command, DbState, Guarded, ManagerState};
use crate::domain::privacy::{PinError, UNLOCK_MINUTES};
use crate::storage::LATEST_SCHEMA;
use crate::ui;
use crate::worker::{IoJob, IoWorker, ManagerEvent, ManagerJob, PinText, PrivacyState};

impl StudioApp {
    /// The manager's state (PIN set, unlocked, prompt, privacy settings).
    pub fn manager(&self) -> &ManagerState {
        &self.manager
    }

    /// The PIN prompt is on screen.
    pub fn pin_prompt_open(&self) -> bool {
        self.screens.pin.is_some()
    }

    pub(super) fn manager_command(&mut self, command: Command) {
        let who = self.operator();
        match command {
            Command::Guarded(action) => self.guarded(action),
            Command::Unlock(pin) => {
                let Some(action) = self.manager.pending.as_ref().map(Guarded::describe) else { return };
                if let Some(p) = &mut self.screens.pin {
                    p.checking = true;
                    p.error = None;
                }
                self.send(IoJob::Manager(ManagerJob::Unlock { pin: PinText(pin), who, action }));
            }
            Command::CancelUnlock => {
                self.manager.pending = None;
                self.screens.pin = None;
            }
            Command::Lock => {
                self.manager.unlocked_until = None;
                if self.screen == Screen::Settings && self.manager.has_pin() {
                    self.screen = Screen::Capture;
                }
            }
            Command::SetPin { current, new, again } => self.send(IoJob::Manager(ManagerJob::SetPin {
                current: PinText(current),
                new: PinText(new),
                again: PinText(again),
                who,
            })),
            Command::SavePrivacy { retention_days, backups_kept } => {
                self.send(IoJob::Manager(ManagerJob::SavePrivacy { retention_days, backups_kept, who }))
            }
            Command::BackupNow => {
                self.send(IoJob::Manager(ManagerJob::BackupNow { dir: self.data_dir.clone() }))
            }
            Command::RestoreBackup(path) => self.restore_backup(&path),
            _ => {}
        }
    }

    /// Runs `action` now if the manager is unlocked (or nothing is guarded yet), else asks for the PIN.
    fn guarded(&mut self, action: Guarded) {
        if !self.manager.has_pin() {
            // Before a PIN exists only the settings (where one is set) open; the rest wait for one.
            match action {
                Guarded::Settings => self.run_guarded(action),
                _ => self.notice = Some(PinError::NotSet.to_string()),
            }
        } else if self.manager.unlocked() {
            self.run_guarded(action);
        } else {
            self.manager.pending = Some(action);
            self.screens.pin = Some(crate::ui::PinPrompt::default());
        }
    }

    fn run_guarded(&mut self, action: Guarded) {
        let who = self.operator();
        match action {
            Guarded::Settings => self.show_screen(Screen::Settings),
            Guarded::FullNumbers => self.screens.export.full_numbers = true,
            Guarded::DeleteOrder { id, why } => self.send(IoJob::Manager(ManagerJob::DeleteOrder {
                id,
                dir: self.data_dir.clone(),
                who,
                why,
            })),
            Guarded::Purge => self.send(IoJob::Manager(ManagerJob::Purge {
                dir: self.data_dir.clone(),
                today: chrono::Local::now().date_naive(),
                who,
            })),
        }
    }

    pub(super) fn manager_event(&mut self, event: ManagerEvent) {
        match event {
            ManagerEvent::Housekept { summary, backup } => {
                if let Some(summary) = summary {
                    self.notice = Some(summary);
                }
                if let (Some(b), Some(p)) = (backup, &mut self.manager.privacy) {
                    p.latest_backup = Some(b);
                }
            }
            ManagerEvent::Unlocked { .. } => {
                self.manager.unlocked_until =
                    Some(Instant::now() + Duration::from_secs(60 * UNLOCK_MINUTES.unsigned_abs()));
                self.screens.pin = None;
                if let Some(action) = self.manager.pending.take() {
                    self.run_guarded(action);
                }
            }
            ManagerEvent::Purged(report) => {
                self.notice = Some(format!("已清除 {} 单的相片和原片（订单文字保留）", report.orders));
                self.load_privacy();
            }
            ManagerEvent::OrderDeleted { id, image_number } => {
                self.notice = Some(format!("已删除订单 {image_number}"));
                if self.screens.orders.open.as_ref().is_some_and(|o| o.row.id == id) {
                    self.screens.orders.open = None;
                }
                self.screens.orders.results.retain(|r| r.id != id);
                self.load_privacy();
            }
            ManagerEvent::BackedUp(backup) => {
                self.notice = Some(format!("已备份：{}", backup.path.display()));
                if let Some(p) = &mut self.manager.privacy {
                    p.latest_backup = Some(backup);
                }
            }
            ManagerEvent::State(state) => self.manager.privacy = Some(*state),
            ManagerEvent::Saved(mut state) => {
                self.screens.settings.privacy.saved();
                let latest = self.manager.privacy.take().and_then(|p| p.latest_backup);
                state.latest_backup = state.latest_backup.or(latest);
                self.manager.privacy = Some(*state);
            }
            ManagerEvent::Audited => {}
        }
    }

    /// A manager job failed: a wrong PIN goes back to the prompt, the rest to the status bar.
    pub(super) fn manager_failed(&mut self, job: &ManagerJob, message: String) {
        match job {
            ManagerJob::Unlock { .. } => {
                if let Some(p) = &mut self.screens.pin {
                    p.checking = false;
                    p.text.clear();
                    p.error = Some(message);
                }
                self.load_privacy();
            }
            ManagerJob::SetPin { .. } | ManagerJob::SavePrivacy { .. } => {
                self.screens.settings.privacy.failed(message.clone());
                self.notice = Some(message);
            }
            _ => self.notice = Some(message),
        }
    }

    /// Asks the I/O thread for the privacy settings, the newest backup and the audit log.
    pub(super) fn load_privacy(&mut self) {
        self.send(IoJob::Manager(ManagerJob::LoadState { dir: self.data_dir.clone() }));
    }

    /// Opens and checks the database, loads the settings from it and starts the I/O thread, whose
    /// first job is the start-of-day housekeeping. A damaged database is shown with the newest
    /// backup to restore; nothing else touches it.
    pub(super) fn open_database(&mut self) {
        let db = match crate::services::startup::open_checked(&self.data_dir) {
            Ok(db) => db,
            Err(crate::services::startup::OpenProblem::Damaged { message, backup }) => {
                self.db_state = DbState::Damaged { message, backup };
                return;
            }
            Err(crate::services::startup::OpenProblem::Unavailable(message)) => {
                self.db_state = DbState::Unavailable(message);
                return;
            }
        };
        self.lang = db.language().unwrap_or_default();
        self.print = db.print_settings().unwrap_or(self.print.clone());
        self.prices = db.prices().unwrap_or_default();
        self.numbering = db.numbering().unwrap_or_default();
        self.handover.share_enabled =
            db.setting(super::handover::SHARE_SETTING).ok().flatten().is_some_and(|v| v == "1");
        self.studio = db.studio_info().unwrap_or_default();
        self.screens.settings = ui::settings::SettingsScreen::new(&self.studio);
        match db.setting(SPEC_SETTING) {
            Ok(Some(id)) => self.screens.capture.spec_id = id,
            // Never chosen: the studio's city ID card.
            _ => {
                if let Some(home) = self.catalogue.home_spec(&self.studio.city) {
                    self.screens.capture.spec_id = home.id.clone();
                }
            }
        }
        if let Ok(Some(list)) = db.setting(FAVOURITES_SETTING) {
            self.screens.capture.favourites =
                list.split(',').filter(|id| !id.is_empty()).map(str::to_owned).collect();
        }
        if let Ok(Some(value)) = db.setting(CameraChoice::SETTING_KEY) {
            self.camera_choice = CameraChoice::from_setting(&value).unwrap_or_default();
        }
        // The same state the I/O thread reports later; if it cannot be read, guarded actions stay
        // guarded (a PIN is assumed) rather than open.
        let privacy = crate::worker::manager::state(&db, Some(&self.data_dir)).unwrap_or_else(|e| {
            self.notice = Some(e.to_string());
            PrivacyState {
                has_pin: true,
                retention_days: crate::domain::privacy::DEFAULT_RETENTION_DAYS,
                backups_kept: crate::domain::privacy::DEFAULT_BACKUPS_KEPT,
                latest_backup: None,
                audit: Vec::new(),
            }
        });
        self.manager.privacy = Some(privacy);
        self.screens.settings.privacy.load(self.manager.privacy.as_ref());
        match IoWorker::spawn(db, self.notify.clone()) {
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
            Err(e) => self.db_state = DbState::Unavailable(e.to_string()),
        }
    }

    /// Puts a backup in place of the damaged database, then opens it as a fresh start would.
    fn restore_backup(&mut self, path: &std::path::Path) {
        if !matches!(self.db_state, DbState::Damaged { .. }) {
            return;
        }
        match crate::services::backups::restore(&self.data_dir, path, chrono::Local::now()) {
            Ok(moved) => {
                let kept = moved.map(|m| format!("，损坏的文件保存为 {}", m.display())).unwrap_or_default();
                self.open_database();
                if matches!(self.db_state, DbState::Ready { .. }) {
                    self.notice = Some(format!("已从备份 {} 恢复{kept}", path.display()));
                }
            }
            Err(e) => self.notice = Some(format!("恢复失败：{e}")),
        }
    }
}
