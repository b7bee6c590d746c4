//! Crash safety: the counter's whole cycle killed (SIGKILL) at random moments, then the next start;
//! nothing committed is lost, nothing is left half-made, no file is left that no order refers to.

use std::path::Path;
use std::process::Command;

use idphoto_studio::paths::DataDir;
use idphoto_studio::storage::Database;

use super::reliability::cli;

/// Committed capture → approve → receipt cycles the kill test runs: 30 in CI (≈ 35 s, about 7
/// kills), 1,000 with `IDPHOTO_KILL_CYCLES=1000` (scripts/reliability; figures in
/// docs/reliability.md).
fn kill_cycles() -> usize {
    std::env::var("IDPHOTO_KILL_CYCLES").ok().and_then(|v| v.parse().ok()).unwrap_or(30)
}

/// The counter's cycle (demo camera frame → face placement → checks → order with its original →
/// receipt PDF) runs in a child process that is killed (SIGKILL) at random moments: after 1–8 of its
/// commits, 0–300 ms later. The child waits 60 ms after writing the original and after committing,
/// so kills also land where a crash leaves an unreferenced original or an order without its receipt,
/// besides the imaging, the transaction and the receipt's own write. Then the next start (`check`) runs. Every number the child
/// printed (printed only after its commit) is in the database, every order is whole, SQLite says ok,
/// and no file is left that no order refers to.
#[test]
fn a_child_killed_at_random_during_capture_approve_cycles_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let target = kill_cycles();
    let mut printed: Vec<String> = Vec::new();
    let mut kills = 0;
    let mut seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let mut random = |n: u32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 8) % n
    };
    let started = std::time::Instant::now();
    while printed.len() < target {
        let commits = 1 + random(8) as usize;
        printed.extend(kill_soak(&data, &[], 60, commits, u64::from(random(300))));
        kills += 1;
    }
    let dir = DataDir::at(&data);
    let (code, out, err) = cli(&data, &["check"]);
    assert_eq!(code, 0, "the next start: {out}{err}");
    assert!(out.contains("integrity: ok"), "{out}");

    let db = Database::open(&dir.database()).unwrap();
    assert!(db.integrity_check().unwrap().is_empty());
    for n in &printed {
        assert!(db.order_by_number(n).unwrap().is_some(), "committed {n} lost");
    }
    let total = db.order_count().unwrap();
    let mut receipts_logged = 0;
    for id in 1..=i64::try_from(total).unwrap() {
        let o = db.order(id).unwrap().expect("ids are dense: no half order left a gap");
        assert!(db.order_photo(id).unwrap().is_some(), "{} has no photo", o.label());
        assert_eq!(db.order_events(id).unwrap()[0].2, "created");
        let (sha, ext) = db.order_original(id).unwrap().expect("original kept");
        assert!(dir.originals().join(format!("{sha}.{ext}")).exists(), "{} lost its original", o.label());
        let logged = db.order_event_count(id, "receipt").unwrap();
        if logged > 0 {
            // A logged receipt has its PDF (written before it is logged).
            assert!(dir.receipts().join(format!("{}.pdf", o.label())).exists());
        }
        receipts_logged += logged;
    }
    // No orphans: every original is an order's, every receipt an order's, nothing half-written.
    let referenced = db.referenced_originals().unwrap();
    let after = files_under(&data);
    for path in &after {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "left behind: {}", path.display());
        if path.starts_with(dir.originals()) {
            assert!(referenced.contains(&name), "orphan original {name}");
        }
        if path.starts_with(dir.receipts()) {
            let number = idphoto_studio::services::privacy::receipt_number(path).unwrap();
            assert!(db.order_by_number(number).unwrap().is_some(), "orphan receipt {name}");
        }
    }
    let removed = out.lines().find_map(|l| l.strip_prefix("orphans removed: ")).unwrap_or("?").to_owned();
    println!(
        "{kills} kills, {} printed, {total} orders, {receipts_logged} receipts logged, \
         {removed} orphan files removed by the next start, {:.0} s",
        printed.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(total as usize >= printed.len());
    assert!(kills >= 3, "{kills} kills: too few to land anywhere but the first cycles");
}

/// Runs `soak` (the counter's cycle, waiting `window_ms` at each step so kills land mid-way) with
/// `extra` arguments on `data`, waits for `lines` lines of its output (each printed after a commit),
/// kills it (SIGKILL) `pause_ms` later, and returns every line it printed.
pub(super) fn kill_soak(
    data: &Path,
    extra: &[&str],
    window_ms: u32,
    lines: usize,
    pause_ms: u64,
) -> Vec<String> {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_idphoto-studio"))
        .arg("--data-dir")
        .arg(data)
        .args(["soak", "--cycles", "100000", "--receipts", "--size", "320x240", "--window-ms"])
        .arg(window_ms.to_string())
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut printed: Vec<String> =
        (0..lines).map(|_| rx.recv_timeout(std::time::Duration::from_secs(120)).expect("a commit")).collect();
    std::thread::sleep(std::time::Duration::from_millis(pause_ms));
    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
    printed.extend(rx.try_iter());
    printed
}

/// Every file under `dir` (recursively), except the database's own.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !p.file_name().unwrap().to_string_lossy().starts_with("studio.sqlite3") {
                out.push(p);
            }
        }
    }
    out
}
