//! The layers point one way. The domain core stays pure: no UI, database, PDF or file I/O in
//! `src/domain`. The screens (`src/ui`) see the app only through `counter` (commands and a
//! read-only view), and `counter` imports neither the screens nor the app.

use std::path::Path;

const FORBIDDEN: &[&str] = &["egui", "eframe", "rusqlite", "printpdf", "std::fs", "tract_", "rfd"];

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
    violations_of(dir, FORBIDDEN)
}

/// `(file, line, name)` for every use of a name in `forbidden` (`use x`, `x::`, `extern crate x`)
/// in the Rust files under `dir`, comments skipped.
fn violations_of(dir: &Path, forbidden: &[&'static str]) -> Vec<(String, usize, &'static str)> {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in forbidden {
                // A type (`StudioApp`) counts wherever it is named.
                let is_type = name.starts_with(|c: char| c.is_ascii_uppercase());
                let used = (is_type && code.contains(name))
                    || code.contains(&format!("use {name}"))
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

/// How the screens and the app's module may name the app and the screens.
const APP_PATHS: &[&str] = &["crate::app", "idphoto_studio::app", "super::super::app", "StudioApp"];
const UI_PATHS: &[&str] = &["crate::ui", "idphoto_studio::ui"];

#[test]
fn screens_do_not_import_the_app() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let found = violations_of(&dir, APP_PATHS);
    assert!(found.is_empty(), "src/ui must see the app only through counter: {found:?}");
}

#[test]
fn the_counter_imports_neither_screens_nor_app() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/counter");
    let forbidden: Vec<&'static str> = APP_PATHS.iter().chain(UI_PATHS).copied().collect();
    let found = violations_of(&dir, &forbidden);
    assert!(found.is_empty(), "src/counter must not import ui or app: {found:?}");
}

#[test]
fn the_layer_check_catches_a_screen_that_imports_the_app() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("screen.rs"),
        "// crate::app in a comment is fine\nuse crate::app::Command;\nfn f(a: &mut StudioApp) {}\n",
    )
    .unwrap();
    let found = violations_of(dir.path(), APP_PATHS);
    let lines: Vec<_> = found.iter().map(|v| (v.1, v.2)).collect();
    assert_eq!(lines, [(2, "crate::app"), (3, "StudioApp")]);
}

/// `(file, line)` of every place under `files` that writes a screen's state: an assignment to
/// `self.screens.…`, a mutating call on it, or a `&mut` borrow of it (other than handing the screens
/// to `ui::show` for the frame).
fn screen_writes(files: &[std::path::PathBuf]) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let Some(at) = code.find("self.screens.") else {
                if code.contains("&mut self.screens") && !code.contains("ui::show(") {
                    found.push((file.display().to_string(), n + 1));
                }
                continue;
            };
            let rest = &code[at..];
            let assigns = rest.split_once(" = ").is_some_and(|(lhs, _)| !lhs.contains(['(', '!', '<', '>']));
            let mutates = [".push(", ".clear()", ".remove(", ".insert(", ".take()", ".retain("]
                .iter()
                .any(|m| rest.contains(m));
            if assigns || mutates || code.contains("&mut self.screens") {
                found.push((file.display().to_string(), n + 1));
            }
        }
    }
    found
}

#[test]
fn the_app_tells_the_screens_by_events_and_never_writes_their_state() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("app.rs")];
    rust_files(&root.join("app"), &mut files);
    let found = screen_writes(&files);
    assert!(found.is_empty(), "the app writes screen state (send a counter::Event instead): {found:?}");
}

#[test]
fn the_screen_write_check_catches_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.rs");
    std::fs::write(
        &file,
        "self.screens.on(Event::X);\nself.screens.orders.open = None;\nlet ok = self.screens.pin == None;\n\
         self.screens.capture.errors.clear();\nui::show(ui, &mut self.screens, &view, &mut c);\n",
    )
    .unwrap();
    let lines: Vec<_> = screen_writes(&[file]).into_iter().map(|f| f.1).collect();
    assert_eq!(lines, [2, 4]);
}
