//! The panic hook: a panic on any thread writes a crash report (time, program version, thread,
//! message, place, backtrace) to `<data dir>/logs/crash-<time>.txt` before the default hook prints
//! it. The work in progress is already on disk (`capture_draft`), so the next start offers it back.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static LOGS: OnceLock<PathBuf> = OnceLock::new();

/// Installs the hook once per process; reports go to `logs_dir`.
pub fn install(logs_dir: &Path) {
    if LOGS.set(logs_dir.to_path_buf()).is_err() {
        return;
    }
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Some(dir) = LOGS.get() {
            let backtrace = std::backtrace::Backtrace::force_capture();
            let report = report_text(info, &backtrace.to_string());
            // Nothing may panic here: every failure is ignored (the default hook still prints).
            if std::fs::create_dir_all(dir).is_ok() {
                let name = format!(
                    "crash-{}-{}.txt",
                    chrono::Local::now().format("%Y%m%d-%H%M%S%.3f"),
                    std::process::id()
                );
                if std::fs::write(dir.join(&name), report).is_ok() {
                    eprintln!("崩溃报告已保存：{}", dir.join(name).display());
                }
            }
        }
        default(info);
    }));
}

/// The report's text for one panic.
pub fn report_text(info: &std::panic::PanicHookInfo<'_>, backtrace: &str) -> String {
    let thread = std::thread::current();
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    let place =
        info.location().map_or_else(String::new, |l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
    format!(
        "idphoto-studio {} crash report\ntime: {}\nthread: {}\nmessage: {message}\nat: {place}\n\nbacktrace:\n{backtrace}\n",
        env!("CARGO_PKG_VERSION"),
        chrono::Local::now().to_rfc3339(),
        thread.name().unwrap_or("(unnamed)"),
    )
}

/// Crash reports in `logs_dir` written after `since`, newest first.
pub fn reports_since(logs_dir: &Path, since: std::time::SystemTime) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(logs_dir) else { return Vec::new() };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("crash-"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .filter(|(t, _)| *t >= since)
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, p)| p).collect()
}
