//! The hot folder: each photo that tethering software (EOS Utility, digiCamControl) saves into a
//! folder becomes one frame.
//!
//! The folder is polled every [`POLL`] (a poll behaves the same on local disks, network shares and
//! every OS, so no watcher crate). A photo (`.jpg`, `.jpeg`, `.png`, `.tif`, `.tiff`, any case; hidden
//! files skipped; not recursive) counts when it appeared after the source started and its size and
//! modification time are unchanged across two polls, since tethering software writes progressively.
//! A JPEG or PNG must also end with its end marker: a writer that pauses mid-file is waited for, and
//! a file still without its marker after [`SETTLE`] unchanged is reported as incomplete (the decoder
//! would accept a cut-off JPEG and fill the missing part with grey).
//!
//! Photos already in the folder at start are ignored on purpose, the newest one too: it is usually
//! the previous customer's, and showing it would invite capturing the wrong person. A file that
//! changes later (rewritten under the same name, or still being written at start) counts again.
//! A photo that cannot be decoded is reported once as [`CameraError::BadFrame`] and skipped; a
//! missing or removed folder is [`CameraError::Disconnected`].

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::{CameraError, CameraSource, Frame};
use crate::imaging::load_photo;

/// How often the folder is listed.
pub const POLL: Duration = Duration::from_millis(100);
/// After this long unchanged, a JPEG or PNG still without its end marker is reported incomplete.
pub const SETTLE: Duration = Duration::from_millis(1500);
const EXTENSIONS: [&str; 5] = ["jpg", "jpeg", "png", "tif", "tiff"];

/// What a listing says about one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: Option<SystemTime>,
}

#[derive(Debug)]
enum Seen {
    /// There at start, already shown, or reported broken: counts again only if its stamp changes.
    Settled(Stamp),
    /// New and perhaps still being written; `since` is when its stamp last changed.
    Pending { stamp: Stamp, since: Instant },
}

/// What became of a file whose stamp held across two polls.
enum Outcome {
    Wait,
    SourcePhoto(Frame),
    Broken(crate::domain::Words),
}

pub struct HotFolderCamera {
    dir: PathBuf,
    files: HashMap<PathBuf, Seen>,
    next_poll: Instant,
    seq: u64,
}

impl HotFolderCamera {
    /// Starts watching `dir`; the photos already there are noted and not shown.
    pub fn new(dir: impl Into<PathBuf>) -> Result<HotFolderCamera, CameraError> {
        let dir = dir.into();
        let files = scan(&dir)?.into_iter().map(|(path, stamp)| (path, Seen::Settled(stamp))).collect();
        Ok(HotFolderCamera { dir, files, next_poll: Instant::now() + POLL, seq: 0 })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// One listing: notes new and changed files, returns those whose stamp held since the last poll
    /// (oldest first) with how long it has held.
    fn poll(&mut self) -> Result<Vec<(PathBuf, Stamp, Duration)>, CameraError> {
        let listing = scan(&self.dir)?;
        let now = Instant::now();
        // A file that went away and comes back under the same name is new again.
        let present: HashSet<&PathBuf> = listing.iter().map(|(path, _)| path).collect();
        self.files.retain(|path, _| present.contains(path));
        let mut steady = Vec::new();
        for (path, stamp) in listing {
            match self.files.get_mut(&path) {
                None => {
                    self.files.insert(path, Seen::Pending { stamp, since: now });
                }
                Some(Seen::Settled(old)) if *old == stamp => {}
                Some(seen @ Seen::Settled(_)) => *seen = Seen::Pending { stamp, since: now },
                Some(Seen::Pending { stamp: old, since }) => {
                    if *old != stamp {
                        (*old, *since) = (stamp, now);
                    } else if stamp.size > 0 {
                        steady.push((path, stamp, now - *since));
                    }
                }
            }
        }
        steady.sort_by(|a, b| (a.1.modified, &a.0).cmp(&(b.1.modified, &b.0)));
        Ok(steady)
    }

    fn read(&mut self, path: &Path, stamp: Stamp, steady_for: Duration) -> Outcome {
        let settled = steady_for >= SETTLE;
        let name =
            path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        match ends(path) {
            Ok((head, tail)) if !looks_complete(&head, &tail) => {
                return if settled {
                    Outcome::Broken(crate::words!(
                        "照片 {name} 不完整（文件没有结束标记，可能传输中断）",
                        "Photo {name} is incomplete (no end marker: the transfer may have been cut)"
                    ))
                } else {
                    Outcome::Wait
                };
            }
            Ok(_) => {}
            // A writer may still hold the file (Windows); give it until SETTLE.
            Err(_) if !settled => return Outcome::Wait,
            Err(e) => return Outcome::Broken(crate::words!("照片 {name}：{e}", "Photo {name}: {e}")),
        }
        let bytes = match fs::read(path) {
            Ok(bytes) if bytes.len() as u64 == stamp.size => bytes,
            // Grew since the listing: the next poll sees the new stamp.
            Ok(_) => return Outcome::Wait,
            Err(_) if !settled => return Outcome::Wait,
            Err(e) => return Outcome::Broken(crate::words!("照片 {name}：{e}", "Photo {name}: {e}")),
        };
        match load_photo(&bytes) {
            Ok(photo) => {
                let image = photo.image;
                let mut rgba = Vec::with_capacity(image.as_raw().len() / 3 * 4);
                for px in image.as_raw().chunks_exact(3) {
                    rgba.extend_from_slice(&[px[0], px[1], px[2], 255]);
                }
                let frame = Frame {
                    width: image.width(),
                    height: image.height(),
                    rgba: Arc::new(rgba),
                    seq: self.seq,
                    origin: Some(path.to_owned()),
                };
                self.seq += 1;
                Outcome::SourcePhoto(frame)
            }
            Err(e) => Outcome::Broken(crate::domain::Words::new(
                format!("照片 {name}：{e}"),
                format!("Photo {name}: {}", crate::domain::i18n::Bilingual::en(&e)),
            )),
        }
    }
}

impl CameraSource for HotFolderCamera {
    fn name(&self) -> String {
        format!("热文件夹 {}", self.dir.display())
    }

    /// Lists the folder once (waiting for the next [`POLL`]); a new finished photo is decoded and
    /// returned, else `Ok(None)`.
    fn next_frame(&mut self) -> Result<Option<Frame>, CameraError> {
        if let Some(wait) = self.next_poll.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        self.next_poll = Instant::now() + POLL;
        for (path, stamp, steady_for) in self.poll()? {
            let outcome = self.read(&path, stamp, steady_for);
            if !matches!(outcome, Outcome::Wait) {
                self.files.insert(path, Seen::Settled(stamp));
            }
            match outcome {
                Outcome::Wait => {}
                Outcome::SourcePhoto(frame) => return Ok(Some(frame)),
                Outcome::Broken(message) => return Err(CameraError::BadFrame(message)),
            }
        }
        Ok(None)
    }
}

/// The photos in `dir` (not recursive) with their stamps.
fn scan(dir: &Path) -> Result<Vec<(PathBuf, Stamp)>, CameraError> {
    let entries = fs::read_dir(dir).map_err(|e| {
        CameraError::Disconnected(match e.kind() {
            io::ErrorKind::NotFound => format!("热文件夹 {} 不存在或已被移除", dir.display()),
            _ => format!("热文件夹 {} 无法读取（{e}）", dir.display()),
        })
    })?;
    let mut photos = Vec::new();
    // An entry that vanishes between listing and stat is simply not there this time.
    for entry in entries.flatten() {
        let path = entry.path();
        if !is_photo_name(&path) {
            continue;
        }
        // `fs::metadata` follows symbolic links, as a tethering folder on another disk may use.
        let Ok(meta) = fs::metadata(&path) else { continue };
        if meta.is_file() {
            photos.push((path, Stamp { size: meta.len(), modified: meta.modified().ok() }));
        }
    }
    Ok(photos)
}

/// A visible file with a photo extension, in any case.
fn is_photo_name(path: &Path) -> bool {
    let hidden = path.file_name().and_then(|n| n.to_str()).is_none_or(|n| n.starts_with('.'));
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    !hidden && ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// The first 8 and last 16 bytes of a file, without reading the rest.
fn ends(path: &Path) -> io::Result<(Vec<u8>, Vec<u8>)> {
    let mut file = File::open(path)?;
    let mut head = Vec::with_capacity(8);
    (&mut file).take(8).read_to_end(&mut head)?;
    let len = file.seek(SeekFrom::End(0))?;
    file.seek(SeekFrom::Start(len.saturating_sub(16)))?;
    let mut tail = Vec::with_capacity(16);
    file.read_to_end(&mut tail)?;
    Ok((head, tail))
}

/// Whether a JPEG ends with its EOI marker (trailing zero padding allowed) and a PNG with its IEND
/// chunk. Other formats (TIFF) have no end marker: `true`, and the decoder judges.
fn looks_complete(head: &[u8], tail: &[u8]) -> bool {
    const PNG: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    if head.starts_with(&[0xff, 0xd8]) {
        let end = tail.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        tail[..end].ends_with(&[0xff, 0xd9])
    } else if head.starts_with(&PNG) {
        tail.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82])
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_names_are_matched_in_any_case_and_hidden_files_skipped() {
        for yes in ["a.jpg", "IMG_0001.JPG", "b.JpEg", "c.png", "d.TIF", "e.tiff"] {
            assert!(is_photo_name(Path::new(yes)), "{yes}");
        }
        for no in ["a.cr2", "b.jpg.part", "c", ".d.jpg", "._IMG_0001.JPG", "e.xmp"] {
            assert!(!is_photo_name(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn end_markers_tell_finished_jpegs_and_pngs() {
        let jpeg = [0xff, 0xd8, 0xff, 0xe0];
        assert!(looks_complete(&jpeg, &[1, 2, 0xff, 0xd9]));
        assert!(looks_complete(&jpeg, &[1, 0xff, 0xd9, 0, 0]), "zero padding after EOI");
        assert!(!looks_complete(&jpeg, &[1, 2, 3, 4]));
        assert!(!looks_complete(&jpeg, &[0, 0, 0, 0]));
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        assert!(looks_complete(&png, &[9, 0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82]));
        assert!(!looks_complete(&png, &[1, 2, 3]));
        assert!(looks_complete(b"II*\0", &[1, 2, 3]), "TIFF: the decoder judges");
    }
}
