//! The settings table: the studio's details and the operator's preferences, as key/value rows.

use rusqlite::{OptionalExtension, params};

use super::{Database, StorageError};
use crate::domain::{Lang, StudioInfo};

const STUDIO_NAME: &str = "studio.name";
const STUDIO_ADDRESS: &str = "studio.address";
const STUDIO_PHONE: &str = "studio.phone";
const UI_LANGUAGE: &str = "ui.language";

impl Database {
    pub fn setting(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.set_settings(&[(key, value)])
    }

    /// Writes several settings in one transaction: all or none.
    pub fn set_settings(&self, pairs: &[(&str, &str)]) -> Result<(), StorageError> {
        let tx = self.conn.unchecked_transaction()?;
        let now = chrono::Utc::now().to_rfc3339();
        for (key, value) in pairs {
            tx.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                params![key, value, now],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn studio_info(&self) -> Result<StudioInfo, StorageError> {
        Ok(StudioInfo {
            name: self.setting(STUDIO_NAME)?.unwrap_or_default(),
            address: self.setting(STUDIO_ADDRESS)?.unwrap_or_default(),
            phone: self.setting(STUDIO_PHONE)?.unwrap_or_default(),
        })
    }

    pub fn save_studio_info(&self, info: &StudioInfo) -> Result<(), StorageError> {
        self.set_settings(&[
            (STUDIO_NAME, &info.name),
            (STUDIO_ADDRESS, &info.address),
            (STUDIO_PHONE, &info.phone),
        ])
    }

    /// The interface language; Chinese when never set or unreadable.
    pub fn language(&self) -> Result<Lang, StorageError> {
        Ok(self.setting(UI_LANGUAGE)?.as_deref().and_then(Lang::from_code).unwrap_or_default())
    }

    pub fn save_language(&self, lang: Lang) -> Result<(), StorageError> {
        self.set_setting(UI_LANGUAGE, lang.code())
    }
}
