//! Finds the `.toml` spec files under a folder. Shared by `build.rs` (embedding the built-in specs)
//! and `spec_files` (reading a studio's local specs), so both see the same files.

use std::path::{Path, PathBuf};

/// How deep folders are searched: a studio's spec folder is one or two levels deep.
const MAX_DEPTH: usize = 8;

/// Every `*.toml` under `dir`, recursively, sorted; a folder that cannot be read gives none.
/// Linked folders are not followed (a link to `.` would never end), linked files are.
pub fn toml_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let real_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if real_dir {
                if depth < MAX_DEPTH {
                    walk(&path, depth + 1, out);
                }
            } else if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, 0, &mut out);
    out.sort();
    out
}
