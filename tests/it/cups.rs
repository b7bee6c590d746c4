//! Printing through a real print system: CUPS with the queues of `scripts/cups-queues` (cups-pdf
//! writes what the print system produced to a PDF file per job). A half-A4 receipt, a thermal
//! receipt and a 6-inch sheet go through `idphoto-studio receipt|sheet --print` exactly as at the
//! counter; what comes out is measured (page size, photo size, barcodes). A stopped queue is
//! reported with the PDF kept. Skipped with a printed reason where CUPS is not set up; in CI
//! (`CI` set) a missing print system fails instead.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use idphoto_studio::domain::PhotoSpec;
use idphoto_studio::storage::Database;

use super::common::studio_cli;
use super::receipts::{add_order, barcodes, catalogue, have, images, page_mm, render};

const QUEUES: [&str; 6] =
    ["idphoto-a4", "idphoto-roll80", "idphoto-photo", "idphoto-stopped", "idphoto-offline", "idphoto-jam"];

fn lpstat(args: &[&str]) -> String {
    Command::new("lpstat")
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// Whether CUPS runs with our queues; prints why not (or fails, in CI).
fn print_system() -> bool {
    let why = if !lpstat(&["-r"]).contains("is running") {
        Some("CUPS's scheduler is not running".to_owned())
    } else {
        let queues = lpstat(&["-v"]);
        QUEUES
            .iter()
            .find(|q| !queues.contains(&format!("device for {q}:")))
            .map(|q| format!("the CUPS queue {q} does not exist"))
    };
    match why {
        None => have(&["pdftoppm", "zbarimg", "pdfimages", "pdfinfo"]),
        Some(why) => {
            super::common::skip(&format!(
                "{why} (Debian: cups cups-bsd printer-driver-cups-pdf, then scripts/cups-queues as root; .ci/run does both)"
            ));
            false
        }
    }
}

/// Where cups-pdf writes the jobs of `queue` (its `Out` setting).
fn out_dir(queue: &str) -> PathBuf {
    let conf = std::fs::read_to_string(format!("/etc/cups/cups-pdf-{queue}.conf")).unwrap();
    let line = conf.lines().find_map(|l| l.strip_prefix("Out ")).unwrap();
    PathBuf::from(line.trim())
}

/// The PDF the print system produced for the job the CLI announced in `said` ("已发送到打印机 Q-12"),
/// which it also saw finish ("已打印 Q-12").
fn produced(said: &str, queue: &str) -> PathBuf {
    let job = said
        .split("已发送到打印机 ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no job id in {said:?}"));
    assert!(said.contains(&format!("已打印 {job}")), "the CLI followed the job to its end: {said}");
    let id = job.rsplit('-').next().unwrap();
    let suffix = format!("-job_{id}.pdf");
    let dir = out_dir(queue);
    let start = Instant::now();
    loop {
        let done = !lpstat(&["-o", queue]).contains(job);
        let found = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(&suffix));
        if let Some(path) = found
            && done
        {
            return path;
        }
        assert!(start.elapsed() < Duration::from_secs(90), "job {job} produced nothing in {}", dir.display());
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A data dir under `dir` with one order of `spec`; returns the dir and the order's image number.
fn data_dir_with_order(
    dir: &Path,
    spec: &PhotoSpec,
    name: &str,
    id_number: Option<&str>,
) -> (PathBuf, String) {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut db = Database::open(&data.join("studio.sqlite3")).unwrap();
    let number = add_order(&mut db, spec, name, id_number);
    (data, number)
}

/// Runs the CLI; returns (stdout, stderr), asserting success.
fn ok(cmd: &mut Command) -> (String, String) {
    let out = cmd.output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert_eq!(out.status.code(), Some(0), "{cmd:?}\n{stdout}\n{stderr}");
    (stdout, stderr)
}

/// Every placed image is the spec's photo at its physical size (±0.2 mm): the print system did not
/// scale the page.
fn assert_photos_mm(pdf: &Path, spec: &PhotoSpec, count: usize) {
    let list = images(pdf);
    assert_eq!(list.len(), count, "{list:?}");
    for (w, h, xppi, yppi, _) in list {
        let mm = [w as f32 / xppi * 25.4, h as f32 / yppi * 25.4];
        assert!(
            (mm[0] - spec.print_mm[0]).abs() <= 0.2 && (mm[1] - spec.print_mm[1]).abs() <= 0.2,
            "{}: photo {mm:?} mm, spec {:?}",
            pdf.display(),
            spec.print_mm
        );
    }
}

fn assert_page(pdf: &Path, want: [f32; 2]) {
    let got = page_mm(pdf);
    // cups-pdf writes whole points: ±0.5 mm.
    assert!(
        (got[0] - want[0]).abs() < 0.5 && (got[1] - want[1]).abs() < 0.5,
        "{}: {got:?} mm, want {want:?}",
        pdf.display()
    );
}

fn sorted_barcodes(pdf: &Path) -> Vec<(String, String)> {
    let mut codes = barcodes(&render(pdf, 300));
    codes.sort();
    codes
}

#[test]
fn receipts_and_a_sheet_come_out_of_cups_at_their_physical_size() {
    if !print_system() {
        return;
    }
    // The printer list in settings is the print system's.
    let listed = idphoto_studio::output::print::printers();
    for q in QUEUES {
        assert!(listed.iter().any(|p| p == q), "{q} missing from {listed:?}");
    }

    let dir = tempfile::tempdir().unwrap();
    let cat = catalogue();
    // The driving licence's receipt carries two Code 39 barcodes (ID number, image number) and a QR.
    let spec = cat.get("gd-guangzhou-driving-licence").unwrap();
    let (data, number) = data_dir_with_order(dir.path(), spec, "张三", Some("11010519491231002X"));

    for (layout, queue) in [("half-a4", "idphoto-a4"), ("thermal-80", "idphoto-roll80")] {
        let ours = dir.path().join(format!("{layout}.pdf"));
        let (_, said) = ok(studio_cli(&data)
            .args(["receipt", &number, "--layout", layout, "--print", "--printer", queue, "-o"])
            .arg(&ours));
        let printed = produced(&said, queue);
        let page = page_mm(&ours);
        if layout == "half-a4" {
            assert!((page[0] - 210.0).abs() < 0.1 && (page[1] - 297.0).abs() < 0.1, "{page:?}");
        } else {
            assert!((page[0] - 80.0).abs() < 0.1, "{page:?}");
        }
        assert_page(&printed, page);
        let pages = super::receipts::run(Command::new("pdfinfo").arg(&printed));
        assert!(pages.lines().any(|l| l.split_whitespace().eq(["Pages:", "1"])), "{pages}");
        assert_photos_mm(&printed, spec, 1);
        let codes = sorted_barcodes(&printed);
        assert!(codes.contains(&("CODE-39".into(), "11010519491231002X".into())), "{layout}: {codes:?}");
        assert!(codes.contains(&("CODE-39".into(), number.clone())), "{layout}: {codes:?}");
        assert_eq!(codes, sorted_barcodes(&ours), "{layout}: the print system changed a barcode");
        println!("{layout} via {queue}: page {:?} mm, barcodes {codes:?}", page_mm(&printed));
    }

    // A 6-inch sheet of eight photos on the photo printer.
    let sheet = dir.path().join("sheet.pdf");
    let (_, said) = ok(studio_cli(&data)
        .args([
            "sheet",
            &format!("{number}x8"),
            "--size",
            "6-inch",
            "--print",
            "--printer",
            "idphoto-photo",
            "-o",
        ])
        .arg(&sheet));
    let printed = produced(&said, "idphoto-photo");
    let page = page_mm(&sheet);
    assert_page(&printed, page);
    assert!(
        (page[0].min(page[1]) - 101.6).abs() < 1.0 && (page[0].max(page[1]) - 152.4).abs() < 1.0,
        "{page:?}"
    );
    assert_photos_mm(&printed, spec, 8);
    println!("6-inch sheet via idphoto-photo: page {:?} mm, 8 photos", page_mm(&printed));
}

#[test]
fn a_stopped_printer_is_reported_and_the_pdf_kept() {
    if !print_system() {
        return;
    }
    assert!(lpstat(&["-p", "idphoto-stopped"]).contains("disabled"), "scripts/cups-queues stops this queue");
    let dir = tempfile::tempdir().unwrap();
    let cat = catalogue();
    let (data, number) =
        data_dir_with_order(dir.path(), cat.get("gd-shenzhen-id-card").unwrap(), "李四", None);
    let out = studio_cli(&data)
        .args(["receipt", &number, "--print", "--printer", "idphoto-stopped"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    let kept = data.join("receipts").join(format!("{number}.pdf"));
    assert!(err.contains("打印机 idphoto-stopped 已停止（缺纸）"), "{err}");
    assert!(err.contains(&kept.display().to_string()) && kept.is_file(), "{err}");
    // The job was cancelled: it will not come out by surprise when someone refills the paper.
    assert!(!lpstat(&["-o", "idphoto-stopped"]).contains("idphoto-stopped-"), "{}", lpstat(&["-o"]));

    // A printer that does not exist (unplugged and removed) is reported at once.
    let start = Instant::now();
    let out = studio_cli(&data)
        .args(["receipt", &number, "--print", "--printer", "idphoto-gone"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("打印失败（idphoto-gone）") && err.contains("文件已保存在"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(10));
}

/// A job of `queue` still waiting (`lpstat -o`).
fn queued(queue: &str) -> Vec<String> {
    lpstat(&["-o", queue]).lines().filter_map(|l| l.split_whitespace().next().map(str::to_owned)).collect()
}

/// A printer switched off after its queue took the job: the command line follows the job for
/// `--wait` seconds and says so (exit 1) instead of claiming it printed; the job stays queued for
/// when the printer is back. A queue that stops while the job waits cancels it and is reported.
#[test]
fn a_printer_that_goes_away_after_taking_the_job_is_reported_not_waited_for() {
    use idphoto_studio::output::print::{Job, JobNews, PrintError};
    if !print_system() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cat = catalogue();
    let (data, number) =
        data_dir_with_order(dir.path(), cat.get("gd-shenzhen-id-card").unwrap(), "周八", None);
    let start = Instant::now();
    let out = studio_cli(&data)
        .args(["receipt", &number, "--print", "--printer", "idphoto-offline", "--wait", "8"])
        .output()
        .unwrap();
    let took = start.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let job = err
        .split("已发送到打印机 ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("{err}"))
        .to_owned();
    assert!(err.contains(&format!("打印机 idphoto-offline 一直未完成作业 {job}（")), "{err}");
    assert!(err.contains("作业仍在队列中") && err.contains(&format!("cancel {job}")), "{err}");
    assert!(!err.contains("已打印"), "{err}");
    assert!(took < Duration::from_secs(15), "followed for {took:?}, asked for 8 s");
    assert!(queued("idphoto-offline").contains(&job), "kept for when the printer is back");
    Command::new("cancel").arg(&job).status().unwrap();
    println!("offline printer: reported after {took:?}: {}", err.lines().last().unwrap_or_default());

    // The queue stops while the job waits (the printer reports a jam): the job is cancelled, reported.
    let pdf = data.join("receipts").join(format!("{number}.pdf"));
    let lp = Command::new("lp").args(["-d", "idphoto-jam"]).arg(&pdf).output().unwrap();
    let job = Job::accepted(&String::from_utf8_lossy(&lp.stdout)).expect("lp queued it");
    let stopper = std::thread::spawn(|| {
        std::thread::sleep(Duration::from_millis(1500));
        Command::new("cupsdisable").args(["-r", "卡纸", "idphoto-jam"]).status().unwrap()
    });
    let mut news = Vec::new();
    let second = Duration::from_secs(1);
    let result =
        job.follow(&pdf, Duration::from_secs(60), Duration::from_secs(30), second / 4, &mut |n| news.push(n));
    let disabled = stopper.join().unwrap();
    Command::new("cupsenable").arg("idphoto-jam").status().unwrap();
    assert!(disabled.success(), "cupsdisable needs the print system's admin rights (root in CI)");
    match result {
        Err(PrintError::Stopped { printer, reason, pdf: kept }) => {
            // lpstat shows the reason of a queue stopped mid-job only sometimes ("reason unknown").
            assert_eq!(printer.as_str(), "idphoto-jam");
            assert!(reason == "卡纸" || reason == "已暂停", "{reason}");
            assert_eq!(kept, pdf);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(news, Vec::<JobNews>::new());
    assert!(!queued("idphoto-jam").contains(&job.id), "cancelled: it will not print by surprise later");
}

/// At the counter: the receipt goes to a printer that is switched off; after the wait the order's
/// print line says so with the print system's message, and 取消该作业并重新打印 cancels the stuck job
/// and queues the same PDF again (not a 补打).
#[test]
fn the_counter_reports_a_stuck_job_and_cancels_it_before_printing_again() {
    use super::common::{harness, step_until, step_until_within, wait_for_label};
    use egui_kittest::kittest::Queryable;
    use idphoto_studio::counter::PrintState;
    if !print_system() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = idphoto_studio::paths::DataDir::at(dir.path());
    let mut h = harness(dir.path(), false);
    let number = {
        let mut db = Database::open(&data.database()).unwrap();
        db.set_setting(idphoto_studio::storage::PRINT_COMMAND, "").unwrap();
        db.set_setting(idphoto_studio::storage::PRINT_PRINTER, "idphoto-offline").unwrap();
        // The manager's stuck time, at its shortest (the default is 20 s).
        db.set_setting(idphoto_studio::storage::PRINT_STUCK_AFTER, "4").unwrap();
        add_order(&mut db, catalogue().get("gd-shenzhen-id-card").unwrap(), "吴九", None)
    };
    super::common::open_only_order(&mut h, &number);
    h.get_by_label("打印回执").click();
    h.run_steps(2);
    let start = Instant::now();
    let stuck = Duration::from_secs(4);
    step_until_within(&mut h, "the job reported stuck", stuck + Duration::from_secs(15), |app| {
        app.prints().first().is_some_and(|p| matches!(p.state, PrintState::Stuck { .. }))
    });
    let took = start.elapsed();
    let PrintState::Stuck { job, message } = h.state().app().prints()[0].state.clone() else {
        unreachable!()
    };
    assert_eq!(job.queue, "idphoto-offline");
    assert!(!message.is_empty());
    assert!(took >= stuck - Duration::from_secs(2) && took < stuck + Duration::from_secs(15), "{took:?}");
    let line = h.state().app().prints()[0].line(idphoto_studio::domain::Lang::Zh);
    assert!(line.contains(&job.id) && line.contains(&message) && line.contains("作业仍在队列中"), "{line}");
    assert!(queued("idphoto-offline").contains(&job.id));

    wait_for_label(&mut h, "取消该作业并重新打印");
    h.get_by_label("取消该作业并重新打印").scroll_to_me();
    h.run_steps(30); // the scroll animates
    h.get_by_label("取消该作业并重新打印").click();
    h.run_steps(2);
    step_until(
        &mut h,
        "queued again",
        |app| matches!(&app.prints()[0].state, PrintState::Printed(id) if *id != job.id),
    );
    let PrintState::Printed(again) = h.state().app().prints()[0].state.clone() else { unreachable!() };
    let waiting = queued("idphoto-offline");
    assert!(!waiting.contains(&job.id) && waiting.contains(&again), "{waiting:?}");
    assert_eq!(h.state().app().prints().len(), 1, "the same PDF, not a new receipt");
    drop(h);
    Command::new("cancel").arg(&again).status().unwrap();
    println!("counter: stuck reported after {took:?} ({message}); {} cancelled, {again} queued", job.id);
}
