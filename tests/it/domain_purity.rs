//! The domain core stays pure: no UI, database, PDF or file I/O in `src/domain`.

use std::path::Path;

const FORBIDDEN: &[&str] = &["egui", "eframe", "rusqlite", "printpdf", "std::fs", "tract_onnx", "rfd"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Returns the offending `(file, line, crate)` triples.
fn violations(dir: &Path) -> Vec<(String, usize, &'static str)> {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in FORBIDDEN {
                let used = code.contains(&format!("use {name}"))
                    || code.contains(&format!("{name}::"))
                    || code.contains(&format!("extern crate {name}"));
                if used {
                    found.push((file.display().to_string(), n + 1, *name));
                }
            }
        }
    }
    found
}

#[test]
fn domain_imports_no_ui_database_pdf_or_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let found = violations(&dir);
    assert!(found.is_empty(), "src/domain must stay pure: {found:?}");
}

#[test]
fn the_check_itself_catches_an_import() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.rs"), "use std::fs::File;\nfn f() { egui::Color32::RED; }\n")
        .unwrap();
    let found = violations(dir.path());
    let names: Vec<_> = found.iter().map(|v| v.2).collect();
    assert_eq!(names, ["std::fs", "egui"]);
}
