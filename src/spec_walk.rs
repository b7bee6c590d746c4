//! Finds the `.toml` spec files under a folder. Shared by `build.rs` (embedding the built-in specs)
//! and `spec_files` (reading a studio's local specs), so both see the same files.

use std::path::{Path, PathBuf};

/// Every `*.toml` under `dir`, recursively, sorted; a folder that cannot be read gives none.
pub fn toml_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}
