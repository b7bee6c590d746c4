//! The settings table: the studio's details and the operator's preferences, as key/value rows.

use rusqlite::{OptionalExtension, params};

use super::{Database, StorageError};
use crate::domain::numbering::{NumberingMode, NumberingModes};
use crate::domain::receipt::{
    DEFAULT_STUCK_AFTER_S, MAX_OFFSET_MM, PrintSettings, ReceiptLayout, STUCK_AFTER_RANGE_S,
};
use crate::domain::{Lang, StudioInfo};

const STUDIO_NAME: &str = "studio.name";
const STUDIO_ADDRESS: &str = "studio.address";
const STUDIO_PHONE: &str = "studio.phone";
const STUDIO_CITY: &str = "studio.city";
const UI_LANGUAGE: &str = "ui.language";
pub const PRINT_PRINTER: &str = "print.printer";
pub const PRINT_RECEIPT_LAYOUT: &str = "print.receipt_layout";
pub const PRINT_OFFSET_X: &str = "print.offset_x_mm";
pub const PRINT_OFFSET_Y: &str = "print.offset_y_mm";
pub const PRINT_AUTO_RECEIPT: &str = "print.auto_receipt";
pub const PRINT_COMMAND: &str = "print.command";
pub const PRINT_STUCK_AFTER: &str = "print.stuck_after_s";
/// `numbering.<document type code>`: who issues the image number (平台编号 / 本店编号).
pub const NUMBERING_PREFIX: &str = "numbering.";
/// `price.<spec id>`: the studio's price for a spec, in fen.
pub const PRICE_PREFIX: &str = "price.";

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
            city: self.setting(STUDIO_CITY)?.unwrap_or_default(),
        })
    }

    pub fn save_studio_info(&self, info: &StudioInfo) -> Result<(), StorageError> {
        self.set_settings(&[
            (STUDIO_NAME, &info.name),
            (STUDIO_ADDRESS, &info.address),
            (STUDIO_PHONE, &info.phone),
            (STUDIO_CITY, &info.city),
        ])
    }

    /// The interface language; Chinese when never set or unreadable.
    pub fn language(&self) -> Result<Lang, StorageError> {
        Ok(self.setting(UI_LANGUAGE)?.as_deref().and_then(Lang::from_code).unwrap_or_default())
    }

    pub fn save_language(&self, lang: Lang) -> Result<(), StorageError> {
        self.set_setting(UI_LANGUAGE, lang.code())
    }

    /// How to print; a value that does not parse falls back to the default (and the settings screen
    /// shows what is in effect).
    pub fn print_settings(&self) -> Result<PrintSettings, StorageError> {
        let offset = |key| -> Result<f32, StorageError> {
            Ok(self
                .setting(key)?
                .and_then(|v| v.trim().parse::<f32>().ok())
                .filter(|v| v.is_finite() && v.abs() <= MAX_OFFSET_MM)
                .unwrap_or(0.0))
        };
        Ok(PrintSettings {
            printer: self.setting(PRINT_PRINTER)?.unwrap_or_default().trim().to_owned(),
            receipt_layout: self
                .setting(PRINT_RECEIPT_LAYOUT)?
                .as_deref()
                .and_then(ReceiptLayout::from_code)
                .unwrap_or_default(),
            offset_mm: [offset(PRINT_OFFSET_X)?, offset(PRINT_OFFSET_Y)?],
            auto_receipt: self.setting(PRINT_AUTO_RECEIPT)?.as_deref() != Some("0"),
            command: self.setting(PRINT_COMMAND)?.unwrap_or_default().trim().to_owned(),
            stuck_after_s: self
                .setting(PRINT_STUCK_AFTER)?
                .and_then(|v| v.trim().parse::<u32>().ok())
                .filter(|v| STUCK_AFTER_RANGE_S.contains(v))
                .unwrap_or(DEFAULT_STUCK_AFTER_S),
        })
    }

    pub fn save_print_settings(&self, p: &PrintSettings) -> Result<(), StorageError> {
        let x = format!("{:.1}", p.offset_mm[0]);
        let y = format!("{:.1}", p.offset_mm[1]);
        self.set_settings(&[
            (PRINT_PRINTER, p.printer.trim()),
            (PRINT_RECEIPT_LAYOUT, p.receipt_layout.code()),
            (PRINT_OFFSET_X, &x),
            (PRINT_OFFSET_Y, &y),
            (PRINT_AUTO_RECEIPT, if p.auto_receipt { "1" } else { "0" }),
            (PRINT_COMMAND, p.command.trim()),
            (PRINT_STUCK_AFTER, &p.stuck_after_s.to_string()),
        ])
    }

    /// Who issues the image number, per document type (unset or unreadable: 本店编号).
    pub fn numbering(&self) -> Result<NumberingModes, StorageError> {
        let mut modes = NumberingModes::default();
        for document in crate::domain::numbering::choosable() {
            let key = format!("{NUMBERING_PREFIX}{}", document.code());
            if let Some(mode) = self.setting(&key)?.as_deref().and_then(NumberingMode::from_code) {
                modes.modes.insert(document, mode);
            }
        }
        Ok(modes)
    }

    /// Saves every document type's choice in one transaction.
    pub fn save_numbering(&self, n: &NumberingModes) -> Result<(), StorageError> {
        let pairs: Vec<(String, &str)> = crate::domain::numbering::choosable()
            .into_iter()
            .map(|d| (format!("{NUMBERING_PREFIX}{}", d.code()), n.mode(d).code()))
            .collect();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        self.set_settings(&pairs)
    }

    /// The studio's own prices (fen) by spec id; specs not listed use their file's price.
    pub fn prices(&self) -> Result<std::collections::BTreeMap<String, u32>, StorageError> {
        let mut stmt = self.conn.prepare("SELECT key, value FROM settings WHERE key LIKE 'price.%'")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut prices = std::collections::BTreeMap::new();
        for row in rows {
            let (key, value) = row?;
            if let (Some(id), Ok(fen)) = (key.strip_prefix(PRICE_PREFIX), value.trim().parse::<u32>()) {
                prices.insert(id.to_owned(), fen);
            }
        }
        Ok(prices)
    }
}
