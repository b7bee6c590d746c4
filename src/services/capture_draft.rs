//! The capture in progress, kept on disk while the operator works: the customer fields as typed, the
//! spec, the captured photo and the operator's edit of it. A panic, a crash or a power cut loses none
//! of it: the next start offers to restore it. Approving the photo clears it.
//!
//! Files under `<data dir>/drafts/`, each written atomically (temp + rename): `capture.json` and,
//! once a photo was captured, `photo.<ext>` (an imported file byte for byte, a camera frame as a
//! high-quality JPEG).

use std::path::{Path, PathBuf};

use crate::domain::adjust::Edit;
use crate::domain::customer::CustomerDraft;
use crate::output::files::write_atomic;

const DRAFT_FILE: &str = "capture.json";

/// What the capture screen held, as typed.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CaptureDraft {
    /// When it was written (RFC 3339).
    pub saved_at: String,
    pub spec_id: String,
    pub customer: CustomerDraft,
    pub price: String,
    pub notes: String,
    pub external_number: String,
    pub operator: String,
    pub payment: String,
    pub reshoot_of: Option<i64>,
    /// The captured photo's file in the drafts folder (`photo.jpg`), while one is being adjusted.
    pub photo_file: Option<String>,
    /// Where an imported photo came from.
    pub origin: Option<PathBuf>,
    /// The operator's edit of the photo, when one was captured.
    pub edit: Option<Edit>,
    /// The automatic placement it started from (what 复位 goes back to, and what the rotation slider
    /// counts from).
    pub auto_crop: Option<crate::domain::geometry::CropRect>,
}

impl CaptureDraft {
    /// Something a crash would lose: a typed customer field, or a captured photo.
    pub fn worth_keeping(&self) -> bool {
        let c = &self.customer;
        self.photo_file.is_some()
            || [&c.name, &c.phone, &c.id_number, &c.hukou, &self.price, &self.notes, &self.external_number]
                .iter()
                .any(|t| !t.trim().is_empty())
    }

    /// The same draft, ignoring when it was written.
    pub fn same_as(&self, other: &CaptureDraft) -> bool {
        CaptureDraft { saved_at: String::new(), ..self.clone() }
            == CaptureDraft { saved_at: String::new(), ..other.clone() }
    }
}

/// The photo's file name for an extension (`jpg`, `png` …; anything odd becomes `img`).
pub fn photo_file(ext: &str) -> String {
    let ext = if !ext.is_empty() && ext.len() <= 5 && ext.bytes().all(|b| b.is_ascii_alphanumeric()) {
        ext
    } else {
        "img"
    };
    format!("photo.{}", ext.to_ascii_lowercase())
}

/// Writes the draft (and the photo's bytes, when given, as `draft.photo_file`) into `dir`; photos
/// of an earlier capture are removed.
pub fn save(dir: &Path, draft: &CaptureDraft, photo: Option<&[u8]>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    if let (Some(bytes), Some(name)) = (photo, &draft.photo_file) {
        write_atomic(&dir.join(name), bytes)?;
        remove_photos(dir, Some(name))?;
    }
    let json = serde_json::to_vec_pretty(draft).map_err(std::io::Error::other)?;
    write_atomic(&dir.join(DRAFT_FILE), &json)
}

/// The draft left in `dir`, with its photo's path when it has one; `None` when there is none worth
/// restoring. A draft that cannot be read is moved aside (`capture.json.unreadable`), never
/// silently deleted.
pub fn load(dir: &Path) -> Option<(CaptureDraft, Option<PathBuf>)> {
    let path = dir.join(DRAFT_FILE);
    let bytes = std::fs::read(&path).ok()?;
    let draft: CaptureDraft = match serde_json::from_slice(&bytes) {
        Ok(d) => d,
        Err(_) => {
            let _ = std::fs::rename(&path, dir.join(format!("{DRAFT_FILE}.unreadable")));
            return None;
        }
    };
    let photo = draft.photo_file.as_ref().map(|name| dir.join(name)).filter(|p| p.is_file());
    draft.worth_keeping().then_some((draft, photo))
}

/// Removes `photo.*` files other than `keep`.
fn remove_photos(dir: &Path, keep: Option<&str>) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("photo.") && Some(name.as_str()) != keep {
            match std::fs::remove_file(entry.path()) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
    }
    Ok(())
}

/// Removes the draft and its photo.
pub fn clear(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(dir.join(DRAFT_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    remove_photos(dir, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_round_trips_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), None);
        let draft = CaptureDraft {
            spec_id: "gd-shenzhen-id-card".into(),
            customer: CustomerDraft {
                name: "欧阳玥".into(),
                id_number: "４４０".into(),
                ..Default::default()
            },
            photo_file: Some(photo_file("PNG")),
            ..Default::default()
        };
        std::fs::write(dir.path().join("photo.jpg"), b"an earlier capture").unwrap();
        save(dir.path(), &draft, Some(b"png bytes")).unwrap();
        let (back, photo) = load(dir.path()).unwrap();
        assert_eq!(back, draft);
        assert_eq!(std::fs::read(photo.unwrap()).unwrap(), b"png bytes");
        assert!(!dir.path().join("photo.jpg").exists(), "the earlier capture's photo is gone");
        assert_eq!(photo_file("../x"), "photo.img");
        clear(dir.path()).unwrap();
        assert!(!dir.path().join("photo.png").exists());
        assert_eq!(load(dir.path()), None);
        clear(dir.path()).unwrap();
    }

    #[test]
    fn an_empty_or_unreadable_draft_is_not_offered() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), &CaptureDraft { spec_id: "x".into(), ..Default::default() }, None).unwrap();
        assert_eq!(load(dir.path()), None);
        std::fs::write(dir.path().join(DRAFT_FILE), b"{ not json").unwrap();
        assert_eq!(load(dir.path()), None);
        assert!(dir.path().join("capture.json.unreadable").is_file(), "kept aside");
    }
}
