//! Reads the spec files: the built-in ones compiled into the binary and the studio's own ones from
//! `<data dir>/city_specs/` (which win by id). Parsing and validation are in `domain::spec`.

use std::path::Path;

use crate::domain::{Catalogue, SpecError, SpecFile};

include!(concat!(env!("OUT_DIR"), "/builtin_specs.rs"));

/// The built-in spec files.
pub fn builtin_files() -> Vec<SpecFile> {
    BUILTIN_SPECS
        .iter()
        .map(|(name, text)| SpecFile { name: (*name).to_owned(), text: (*text).to_owned(), local: false })
        .collect()
}

/// The largest spec file read: the biggest shipped one is a few KB; anything this size is a mistake.
pub const MAX_SPEC_FILE_BYTES: u64 = 256 * 1024;

/// Every `*.toml` under `dir` (recursively); a file that cannot be read is an error that names it.
pub fn files_in(dir: &Path, local: bool) -> Vec<Result<SpecFile, SpecError>> {
    crate::spec_walk::toml_files(dir)
        .into_iter()
        .map(|path| {
            let name = if local {
                path.display().to_string()
            } else {
                path.strip_prefix(dir).unwrap_or(&path).display().to_string()
            };
            let error = |message: String| SpecError { file: name.clone(), line: None, field: None, message };
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            if size > MAX_SPEC_FILE_BYTES {
                return Err(error(format!(
                    "文件过大（{} KB，规格文件最大 {} KB），未读取",
                    size / 1024,
                    MAX_SPEC_FILE_BYTES / 1024
                )));
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(SpecFile { name, text, local }),
                Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                    Err(error("不是 UTF-8 文本（请用 UTF-8 保存规格文件）".into()))
                }
                Err(e) => Err(error(format!("无法读取文件：{e}"))),
            }
        })
        .collect()
}

/// The catalogue of built-in specs plus the studio's local ones.
pub fn load_catalogue(local_dir: Option<&Path>) -> Catalogue {
    let mut files = builtin_files();
    let mut unreadable = Vec::new();
    for file in local_dir.map(|dir| files_in(dir, true)).unwrap_or_default() {
        match file {
            Ok(f) => files.push(f),
            Err(e) => unreadable.push(e),
        }
    }
    Catalogue::load(&files).with_errors(unreadable)
}
