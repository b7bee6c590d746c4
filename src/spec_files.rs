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
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(SpecFile { name, text, local }),
                Err(e) => Err(SpecError {
                    file: name,
                    line: None,
                    field: None,
                    message: format!("无法读取文件：{e}"),
                }),
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
