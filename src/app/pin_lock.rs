//! The manager's PIN lock (店长密码): which actions are guarded, the PIN prompt, the lock's timeout,
//! the privacy settings, and what the I/O thread answers (purge, delete, backups, audit log). The
//! database's own life (open, check, restore) is `database`.

use std::time::{Duration, Instant};

use super::StudioApp;
use crate::counter::Screen;
use crate::counter::{Command, Event, Guarded, ManagerState};
use crate::domain::Label;
use crate::domain::privacy::{PinError, UNLOCK_MINUTES};
use crate::worker::{IoJob, ManagerEvent, ManagerJob, PinText};

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
                self.screens.on(Event::PinChecking);
                self.send(IoJob::Manager(ManagerJob::Unlock { pin: PinText(pin), who, action }));
            }
            Command::CancelUnlock => {
                self.manager.pending = None;
                self.screens.on(Event::PinClosed);
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
            Command::RestoreBackup(path) => self.restore_backup(path),
            _ => {}
        }
    }

    /// Runs `action` now if the manager is unlocked (or nothing is guarded yet), else asks for the PIN.
    fn guarded(&mut self, action: Guarded) {
        // Whether a PIN is set is read with the database: nothing guarded opens before it is known.
        if self.manager.privacy.is_none() && self.db_state == crate::counter::DbState::Opening {
            return;
        }
        if !self.manager.has_pin() {
            // Before a PIN exists only the settings (where one is set) open; the rest wait for one.
            match action {
                Guarded::Settings => self.run_guarded(action),
                _ => self.notice = Some(crate::domain::i18n::Bilingual::say(&PinError::NotSet, self.lang)),
            }
        } else if self.manager.unlocked() {
            self.run_guarded(action);
        } else {
            self.manager.pending = Some(action);
            self.screens.on(Event::PinAsked);
        }
    }

    fn run_guarded(&mut self, action: Guarded) {
        let who = self.operator();
        match action {
            Guarded::Settings => self.show_screen(Screen::Settings),
            Guarded::FullNumbers => self.screens.on(crate::counter::Event::FullNumbers(true)),
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
                    self.notice = Some(summary.get(self.lang).to_owned());
                }
                if let (Some(b), Some(p)) = (backup, &mut self.manager.privacy) {
                    p.latest_backup = Some(b);
                }
            }
            ManagerEvent::Unlocked { .. } => {
                self.manager.unlocked_until =
                    Some(Instant::now() + Duration::from_secs(60 * UNLOCK_MINUTES.unsigned_abs()));
                self.screens.on(Event::PinClosed);
                if let Some(action) = self.manager.pending.take() {
                    self.run_guarded(action);
                }
            }
            ManagerEvent::Purged(report) => {
                self.notice = Some(format!("{} {}", Label::NoticePurged.get(self.lang), report.orders));
                self.load_privacy();
            }
            ManagerEvent::OrderDeleted { id, image_number } => {
                self.notice = Some(format!("{} {image_number}", Label::NoticeDeleted.get(self.lang)));
                self.screens.on(crate::counter::Event::OrderGone(id));
                self.load_privacy();
            }
            ManagerEvent::BackedUp(backup) => {
                let said = format!("{}：{}", Label::NoticeBackedUp.get(self.lang), backup.path.display());
                self.notice = Some(crate::domain::i18n::punct(self.lang, said));
                if let Some(p) = &mut self.manager.privacy {
                    p.latest_backup = Some(backup);
                }
            }
            ManagerEvent::State(state) => self.manager.privacy = Some(*state),
            ManagerEvent::Saved(mut state) => {
                self.screens.on(Event::PrivacySaved);
                let latest = self.manager.privacy.take().and_then(|p| p.latest_backup);
                state.latest_backup = state.latest_backup.or(latest);
                self.manager.privacy = Some(*state);
            }
            ManagerEvent::Audited => {}
        }
    }

    /// A manager job failed: a wrong PIN goes back to the prompt, the rest to the status bar.
    pub(super) fn manager_failed(&mut self, job: &ManagerJob, error: crate::error::AppError) {
        let message = error.message(self.lang);
        match job {
            // At the prompt the PIN's own words are enough (typing it again is what to do).
            ManagerJob::Unlock { .. } => {
                self.screens.on(Event::PinRefused(error.detail().get(self.lang).to_owned()));
                self.load_privacy();
            }
            ManagerJob::SetPin { .. } | ManagerJob::SavePrivacy { .. } => {
                self.screens.on(Event::PrivacyFailed(message.clone()));
                self.notice = Some(message);
            }
            _ => self.notice = Some(message),
        }
    }

    /// Asks the I/O thread for the privacy settings, the newest backup and the audit log.
    pub(super) fn load_privacy(&mut self) {
        self.send(IoJob::Manager(ManagerJob::LoadState { dir: self.data_dir.clone() }));
    }
}
