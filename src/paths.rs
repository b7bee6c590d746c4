//! Where the studio keeps its data: the data directory and the files inside it.
//!
//! Precedence: `--data-dir DIR`, then the environment variable `IDPHOTO_STUDIO_DATA`, then the OS data
//! directory (`~/.local/share/idphoto-studio` on Linux, `%APPDATA%\idphoto\idphoto-studio\data` on
//! Windows).

use std::path::{Path, PathBuf};

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "IDPHOTO_STUDIO_DATA";

#[derive(Debug, thiserror::Error)]
pub enum DataDirError {
    #[error("找不到系统数据目录，请用 --data-dir 指定")]
    NoDefault,
    #[error("无法创建数据目录 {path}：{source}")]
    Create {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The data directory and the fixed layout inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// Chooses the directory by precedence (flag, environment, OS default) without touching disk.
    pub fn resolve(flag: Option<&Path>, env: Option<&str>) -> Result<DataDir, DataDirError> {
        let root = match (flag, env.filter(|v| !v.trim().is_empty())) {
            (Some(dir), _) => dir.to_owned(),
            (None, Some(dir)) => PathBuf::from(dir),
            (None, None) => directories::ProjectDirs::from("cn", "idphoto", "idphoto-studio")
                .ok_or(DataDirError::NoDefault)?
                .data_dir()
                .to_owned(),
        };
        Ok(DataDir { root })
    }

    /// Resolves from the flag and the real environment.
    pub fn from_flag_or_env(flag: Option<&Path>) -> Result<DataDir, DataDirError> {
        Self::resolve(flag, std::env::var(DATA_DIR_ENV).ok().as_deref())
    }

    pub fn at(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// Creates the directory tree on first start; harmless when it exists.
    pub fn create(&self) -> Result<(), DataDirError> {
        for dir in [self.root.clone(), self.city_specs_dir()] {
            std::fs::create_dir_all(&dir)
                .map_err(|source| DataDirError::Create { path: dir.clone(), source })?;
        }
        Ok(())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn database(&self) -> PathBuf {
        self.root.join("studio.sqlite3")
    }

    /// The original captures, named by their SHA-256.
    pub fn originals(&self) -> PathBuf {
        self.root.join("originals")
    }

    /// The daily exports' default folder (CSV, XLSX and photos of a day; the manager may choose another).
    pub fn exports(&self) -> PathBuf {
        self.root.join("exports")
    }

    /// Every receipt issued, named by image number (`-reprint-N` for reprints).
    pub fn receipts(&self) -> PathBuf {
        self.root.join("receipts")
    }

    /// The upload JPEGs of orders 待上传 (平台编号), named so the operator finds them in the
    /// platform's upload page: `订单<id>_<name>_<document>.jpg`. Each goes once its number is attached.
    pub fn uploads(&self) -> PathBuf {
        self.root.join("upload")
    }

    /// Crash reports (`crash-<time>.txt`), written by the panic hook.
    pub fn logs(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// The capture in progress (customer fields, photo, edit), kept so a crash loses none of it.
    pub fn drafts(&self) -> PathBuf {
        self.root.join("drafts")
    }

    /// The daily database backups (`studio-YYYY-MM-DD.sqlite3`).
    pub fn backups(&self) -> PathBuf {
        self.root.join("backups")
    }

    /// Held (shared) by every process that writes orders, receipts or backups; held exclusively only
    /// to remove orphan files or restore a backup, which must not race a writer.
    fn lock_file(&self) -> Result<std::fs::File, DataDirError> {
        let path = self.root.join(".lock");
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| DataDirError::Create { path, source })
    }

    /// A shared hold on the data dir for as long as the value lives (waits for an exclusive one).
    pub fn hold(&self) -> Result<DataLock, DataDirError> {
        let file = self.lock_file()?;
        file.lock_shared()
            .map_err(|source| DataDirError::Create { path: self.root.join(".lock"), source })?;
        Ok(DataLock { _file: file })
    }

    /// The data dir to itself, if no other process holds it (`None`: another one is running).
    pub fn try_hold_alone(&self) -> Result<Option<DataLock>, DataDirError> {
        let file = self.lock_file()?;
        match file.try_lock() {
            Ok(()) => Ok(Some(DataLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(source)) => {
                Err(DataDirError::Create { path: self.root.join(".lock"), source })
            }
        }
    }

    /// Where a studio drops its own spec files, which win over the built-in ones.
    pub fn city_specs_dir(&self) -> PathBuf {
        self.root.join("city_specs")
    }
}

/// A hold on the data dir (see [`DataDir::hold`]); released when dropped or when the process dies.
#[derive(Debug)]
pub struct DataLock {
    _file: std::fs::File,
}

impl crate::domain::i18n::Bilingual for DataDirError {
    fn en(&self) -> String {
        match self {
            DataDirError::NoDefault => "No system data folder: give one with --data-dir".into(),
            DataDirError::Create { path, source } => {
                format!("Cannot create the data folder {}: {source}", path.display())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_environment_beats_default() {
        let flag = Path::new("/tmp/flag");
        assert_eq!(DataDir::resolve(Some(flag), Some("/tmp/env")).unwrap().root(), flag);
        assert_eq!(DataDir::resolve(None, Some("/tmp/env")).unwrap().root(), Path::new("/tmp/env"));
        let default = DataDir::resolve(None, Some("  ")).unwrap();
        assert!(default.root().ends_with("idphoto-studio"), "{default:?}");
    }
}
