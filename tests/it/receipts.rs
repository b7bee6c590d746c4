//! Receipts and print sheets, checked with the tools an office would trust: rendered by poppler
//! (`pdftoppm`), barcodes read by `zbarimg`, words by `pdftotext`, photo sizes by `pdfimages -list`.
//! Each test prints why it skips when a tool is missing; `.ci/run` installs them all.

use std::path::Path;
use std::process::Command;

use idphoto_studio::domain::print_sheet::SheetSize;
use idphoto_studio::domain::receipt::ReceiptLayout;
use idphoto_studio::domain::{Catalogue, PhotoSpec};
use idphoto_studio::output::sheet::{SheetPhoto, sheet_pdf};
use idphoto_studio::services::receipts::issue;
use idphoto_studio::spec_files::builtin_files;
use idphoto_studio::storage::{Database, NewOrder, NumberSource};

use super::common::photos::face_bytes;
use super::common::{order_add, studio_cli};

pub(super) fn have(tools: &[&str]) -> bool {
    for tool in tools {
        let found = Command::new(tool).arg("-v").output().is_ok();
        if !found {
            super::common::skip(&format!("`{tool}` is not installed (Debian: poppler-utils, zbar-tools)"));
            return false;
        }
    }
    true
}

pub(super) fn catalogue() -> Catalogue {
    Catalogue::load(&builtin_files())
}

/// The spec's JPEG: a real portrait at the spec's pixel size and dpi.
pub(super) fn spec_jpeg(spec: &PhotoSpec) -> Vec<u8> {
    let face = image::load_from_memory(&face_bytes("astronaut.png")).unwrap().to_rgb8();
    let img = image::imageops::resize(&face, spec.px[0], spec.px[1], image::imageops::FilterType::Triangle);
    idphoto_studio::imaging::encode::encode(&img, spec.dpi, 90).unwrap()
}

pub(super) fn add_order(db: &mut Database, spec: &PhotoSpec, name: &str, id_number: Option<&str>) -> String {
    // Receipts need the studio's name.
    let studio = db.studio_info().unwrap();
    if !studio.named() {
        let named = idphoto_studio::domain::StudioInfo { name: super::common::TEST_STUDIO.into(), ..studio };
        db.save_studio_info(&named).unwrap();
    }
    let jpeg = spec_jpeg(spec);
    let numbering = spec.numbering.as_ref().unwrap();
    let number = NumberSource::Allocate {
        template: numbering.template.clone(),
        city_letter: spec.city_letter,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    };
    let order = NewOrder {
        spec_id: spec.id.clone(),
        document: spec.document.names().0.into(),
        id_number: id_number.map(str::to_owned),
        hukou: Some("广东省广州市".into()),
        created_at: "2026-11-23T10:16:00+08:00".into(),
        ..NewOrder::sample(number, name, "2026-11-23T10:15:00+08:00", jpeg)
    };
    db.create_order(&order).unwrap().label()
}

pub(super) fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Renders page 1 at `dpi` to a PNG and returns its path.
pub(super) fn render(pdf: &Path, dpi: u32) -> std::path::PathBuf {
    let prefix = pdf.with_extension("");
    run(Command::new("pdftoppm").args(["-png", "-r", &dpi.to_string(), "-singlefile"]).arg(pdf).arg(&prefix));
    prefix.with_extension("png")
}

/// The barcodes above and below the cut line, read separately (zbar reports two identical symbols
/// in one image once).
pub(super) fn barcodes_split(png: &Path, cut_mm: f32, page_h_mm: f32) -> [Vec<(String, String)>; 2] {
    let img = image::open(png).unwrap();
    let cut = (cut_mm / page_h_mm * img.height() as f32) as u32;
    let top = png.with_extension("top.png");
    let bottom = png.with_extension("bottom.png");
    img.crop_imm(0, 0, img.width(), cut).save(&top).unwrap();
    img.crop_imm(0, cut, img.width(), img.height() - cut).save(&bottom).unwrap();
    [barcodes(&top), barcodes(&bottom)]
}

/// Every barcode zbar finds: (symbology, text).
pub(super) fn barcodes(png: &Path) -> Vec<(String, String)> {
    let out = Command::new("zbarimg").args(["--quiet"]).arg(png).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// `pdfimages -list`: (width px, height px, x-ppi, y-ppi, encoding) of each placed image.
pub(super) fn images(pdf: &Path) -> Vec<(u32, u32, f32, f32, String)> {
    run(Command::new("pdfimages").arg("-list").arg(pdf))
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (
                f[3].parse().unwrap(),
                f[4].parse().unwrap(),
                f[12].parse().unwrap(),
                f[13].parse().unwrap(),
                f[8].to_owned(),
            )
        })
        .collect()
}

pub(super) fn text(pdf: &Path) -> String {
    run(Command::new("pdftotext").args(["-layout"]).arg(pdf).arg("-"))
}

pub(super) fn page_mm(pdf: &Path) -> [f32; 2] {
    let info = run(Command::new("pdfinfo").arg(pdf));
    let line = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    let f: Vec<f32> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    [f[0] * 25.4 / 72.0, f[1] * 25.4 / 72.0]
}

pub(super) fn assert_photo_mm(pdf: &Path, spec: &PhotoSpec, expected_images: usize) {
    let list = images(pdf);
    assert_eq!(list.len(), expected_images, "{list:?}");
    for (w, h, xppi, yppi, enc) in list {
        assert_eq!((w, h), (spec.px[0], spec.px[1]), "the approved JPEG, not a resampled copy");
        assert_eq!(enc, "jpeg", "passed through as DCT");
        let mm = [w as f32 / xppi * 25.4, h as f32 / yppi * 25.4];
        // pdfimages rounds ppi to whole numbers: ±0.1 mm.
        assert!(
            (mm[0] - spec.print_mm[0]).abs() < 0.1 && (mm[1] - spec.print_mm[1]).abs() < 0.1,
            "{mm:?} vs {:?}",
            spec.print_mm
        );
    }
}

#[test]
fn half_a4_receipt_reads_back_scans_and_measures_right() {
    if !have(&["pdftoppm", "zbarimg", "pdftotext", "pdfimages", "pdfinfo"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(&dir.path().join("db.sqlite3")).unwrap();
    db.save_studio_info(&idphoto_studio::domain::StudioInfo {
        name: "天河快照照相馆".into(),
        address: "广州市天河路 1 号".into(),
        phone: "020-12345678".into(),
        city: "guangzhou".into(),
    })
    .unwrap();
    let cat = catalogue();
    let spec = cat.get("gd-guangzhou-id-card").unwrap();
    let number = add_order(&mut db, spec, "欧阳玥", Some("440524188001010014"));
    let started = std::time::Instant::now();
    let file = issue(
        &mut db,
        spec,
        &number,
        Some(ReceiptLayout::HalfA4),
        &dir.path().join("receipts"),
        "小王",
        "2026-11-23T10:17:00+08:00",
    )
    .unwrap();
    println!("receipt in {:.1} ms, {} bytes", started.elapsed().as_secs_f64() * 1e3, file.bytes);
    assert_eq!(file.path, dir.path().join("receipts").join(format!("{number}.pdf")));
    assert_eq!(file.reprint, None);
    assert!(file.bytes < 100_000, "font subset: {} bytes", file.bytes);

    let words = text(&file.path);
    for expected in
        [number.as_str(), "天河快照照相馆", "广州市天河路", "原身份证号码", "有效", "我已核实基本信息无误"]
    {
        assert!(words.contains(expected), "{expected} missing from:\n{words}");
    }
    // The template leaves name and number blank for the customer's own hand.
    for absent in ["440524188001010014", "4405**", "欧阳玥"] {
        assert!(!words.contains(absent), "{absent} is not printed on an ID receipt");
    }
    assert!(!words.contains("补打（"), "a first receipt has no reprint mark");

    let png = render(&file.path, 300);
    let [receipt, stub] = barcodes_split(&png, file.geometry.cut_y, 297.0);
    let want = |k: &str| ("CODE-39".to_owned(), k.to_owned());
    let mut receipt = receipt;
    receipt.sort();
    assert_eq!(receipt, [want(&number), ("QR-Code".to_owned(), number.clone())], "Code 39 and QR");
    assert_eq!(stub, [want(&number)], "the stub's barcode");

    let page = page_mm(&file.path);
    assert!((page[0] - 210.0).abs() < 0.1 && (page[1] - 297.0).abs() < 0.1, "{page:?}");
    assert_photo_mm(&file.path, spec, 1);
}

#[test]
fn a_reprint_differs_only_by_its_mark_and_is_logged() {
    if !have(&["pdftoppm", "pdftotext"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(&dir.path().join("db.sqlite3")).unwrap();
    let cat = catalogue();
    let spec = cat.get("gd-shenzhen-id-card").unwrap();
    let number = add_order(&mut db, spec, "李晞", None);
    let receipts = dir.path().join("receipts");
    let first = issue(&mut db, spec, &number, None, &receipts, "小王", "2026-11-23T10:17:00+08:00").unwrap();
    let second = issue(&mut db, spec, &number, None, &receipts, "小李", "2026-11-24T09:00:00+08:00").unwrap();
    let third = issue(&mut db, spec, &number, None, &receipts, "小李", "2026-11-25T09:00:00+08:00").unwrap();
    assert_eq!((first.reprint, second.reprint, third.reprint), (None, Some(1), Some(2)));
    assert!(second.path.ends_with(format!("{number}-reprint-1.pdf")));

    let a: Vec<String> =
        text(&first.path).lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    let b: Vec<String> =
        text(&second.path).lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    let added: Vec<&String> = b.iter().filter(|l| !a.contains(l)).collect();
    let removed: Vec<&String> = a.iter().filter(|l| !b.contains(l)).collect();
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(added[0].contains("补打（第 1 次）"), "{added:?}");

    // Pixels: every difference lies inside the mark.
    let dpi = 100.0;
    let pa = image::open(render(&first.path, 100)).unwrap().to_luma8();
    let pb = image::open(render(&second.path, 100)).unwrap().to_luma8();
    assert_eq!(pa.dimensions(), pb.dimensions());
    let [mx, my, mw, mh] = second.geometry.mark;
    let px = |mm: f32| mm / 25.4 * dpi;
    let (x0, y0, x1, y1) = (px(mx) - 2.0, px(my) - 2.0, px(mx + mw) + 2.0, px(my + mh) + 2.0);
    let mut inside = 0;
    for (x, y, p) in pb.enumerate_pixels() {
        if p.0[0].abs_diff(pa.get_pixel(x, y).0[0]) > 8 {
            let (x, y) = (x as f32, y as f32);
            assert!(x >= x0 && x <= x1 && y >= y0 && y <= y1, "pixel ({x}, {y}) differs outside the mark");
            inside += 1;
        }
    }
    assert!(inside > 50, "the mark is visible ({inside} pixels)");

    let row = db.order_by_number(&number).unwrap().unwrap();
    let logged: Vec<(String, String)> = db
        .order_events(row.id)
        .unwrap()
        .into_iter()
        .filter(|(_, _, what, _)| what == "receipt")
        .map(|(_, who, _, detail)| (who, detail))
        .collect();
    assert_eq!(logged.len(), 3);
    assert_eq!(logged[1], ("小李".to_owned(), "补打第 1 次 half-a4".to_owned()));
}

#[test]
fn driving_licence_barcode_carries_the_id_number_and_thermal_fits_80mm() {
    if !have(&["pdftoppm", "zbarimg", "pdftotext", "pdfimages", "pdfinfo"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(&dir.path().join("db.sqlite3")).unwrap();
    let cat = catalogue();
    let spec = cat.get("gd-guangzhou-driving-licence").unwrap();
    let number = add_order(&mut db, spec, "张三", Some("11010519491231002X"));
    for layout in ReceiptLayout::ALL {
        let file = issue(
            &mut db,
            spec,
            &number,
            Some(layout),
            &dir.path().join(layout.code()),
            "小王",
            "2026-11-23T10:17:00+08:00",
        )
        .unwrap();
        let words = text(&file.path);
        assert!(words.contains("11010519491231002X") && words.contains(&number), "{layout:?}:\n{words}");
        let [receipt, stub] =
            barcodes_split(&render(&file.path, 300), file.geometry.cut_y, file.geometry.page_mm[1]);
        // The receipt's barcode is the ID number; the stub's is the image number, for the studio.
        let mut want = vec![("CODE-39".to_owned(), "11010519491231002X".to_owned())];
        if spec.receipt.as_ref().unwrap().qr {
            want.push(("QR-Code".to_owned(), number.clone()));
        }
        let mut receipt = receipt;
        receipt.sort();
        assert_eq!(receipt, want, "{layout:?}");
        assert_eq!(stub, [("CODE-39".to_owned(), number.clone())], "{layout:?}");
        assert_photo_mm(&file.path, spec, 1);
        let page = page_mm(&file.path);
        match layout {
            ReceiptLayout::Thermal80 => {
                assert!((page[0] - 80.0).abs() < 0.1, "{page:?}");
                assert!((100.0..400.0).contains(&page[1]), "{page:?}");
                assert!((page[1] - file.geometry.page_mm[1]).abs() < 0.1);
            }
            ReceiptLayout::HalfA4 => assert!((page[0] - 210.0).abs() < 0.1, "{page:?}"),
        }
    }
}

#[test]
fn print_sheets_hold_the_domain_counts_at_exact_size_with_offset() {
    if !have(&["pdftoppm", "pdfimages", "pdfinfo"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cat = catalogue();
    let id = cat.get("gd-shenzhen-id-card").unwrap();
    let jpeg = spec_jpeg(id);
    let path = dir.path().join("six.pdf");
    let (pdf, sheet) =
        sheet_pdf(SheetSize::SixInch, &[SheetPhoto { jpeg: &jpeg, mm: id.print_mm, count: 12 }], [0.0, 0.0])
            .unwrap();
    std::fs::write(&path, &pdf).unwrap();
    assert_eq!(sheet.placements.len(), 12);
    assert_photo_mm(&path, id, 12);
    let page = page_mm(&path);
    assert!((page[0] - sheet.page_mm[0]).abs() < 0.1 && (page[1] - sheet.page_mm[1]).abs() < 0.1, "{page:?}");
    let mut sides = [page[0].round(), page[1].round()];
    sides.sort_by(f32::total_cmp);
    assert_eq!(sides, [102.0, 152.0], "6-inch paper");

    // Mixed: 4 一寸 + 2 二寸 on one 6-inch sheet.
    let one = cat.specs().iter().find(|s| s.print_mm == [25.0, 35.0]).expect("一寸");
    let two = cat.specs().iter().find(|s| s.print_mm == [35.0, 49.0]).expect("二寸");
    let (j1, j2) = (spec_jpeg(one), spec_jpeg(two));
    let mixed = dir.path().join("mixed.pdf");
    let photos = [
        SheetPhoto { jpeg: &j1, mm: one.print_mm, count: 4 },
        SheetPhoto { jpeg: &j2, mm: two.print_mm, count: 2 },
    ];
    let (pdf, sheet) = sheet_pdf(SheetSize::SixInch, &photos, [0.0, 0.0]).unwrap();
    std::fs::write(&mixed, &pdf).unwrap();
    assert_eq!((sheet.placements.len(), sheet.left_out), (6, 0));
    let sizes: Vec<(u32, u32)> = images(&mixed).into_iter().map(|(w, h, ..)| (w, h)).collect();
    assert_eq!(sizes.iter().filter(|s| **s == (one.px[0], one.px[1])).count(), 4);
    assert_eq!(sizes.iter().filter(|s| **s == (two.px[0], two.px[1])).count(), 2);

    // The printer offset moves everything: 2 mm right is 2 mm on paper (≈ 23.6 px at 300 dpi).
    let left_edge = |offset: [f32; 2]| {
        let p = dir.path().join(format!("off{}.pdf", offset[0]));
        let (pdf, _) =
            sheet_pdf(SheetSize::FiveInch, &[SheetPhoto { jpeg: &j1, mm: one.print_mm, count: 1 }], offset)
                .unwrap();
        std::fs::write(&p, &pdf).unwrap();
        let img = image::open(render(&p, 300)).unwrap().to_luma8();
        (0..img.width()).find(|&x| (0..img.height()).any(|y| img.get_pixel(x, y).0[0] < 128)).unwrap()
    };
    let shift = left_edge([2.0, 0.0]) as f32 - left_edge([0.0, 0.0]) as f32;
    assert!((shift - 23.6).abs() <= 1.5, "moved {shift} px");
}

#[cfg(unix)]
#[test]
fn cli_receipt_prints_through_lp_and_keeps_the_pdf_when_printing_fails() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let cat = catalogue();
    let spec = cat.get("gd-shenzhen-id-card").unwrap();
    let number = {
        std::fs::create_dir_all(&data).unwrap();
        let mut db = Database::open(&data.join("studio.sqlite3")).unwrap();
        add_order(&mut db, spec, "王五", None)
    };

    let out = studio_cli(&data).args(["receipt", "ZZ0000000000000"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("找不到图像号"));

    // A stand-in `lp` that records what it was asked, as CUPS would receive it.
    let bin_dir = dir.path().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let log = dir.path().join("lp.log");
    let lp = bin_dir.join("lp");
    std::fs::write(
        &lp,
        format!("#!/bin/sh\necho \"$@\" > '{}'\necho 'request id is Counter-7 (1 file(s))'\n", log.display()),
    )
    .unwrap();
    std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let out_pdf = dir.path().join("out.pdf");
    let out = studio_cli(&data)
        .env("PATH", &path)
        .args(["receipt", &number.to_lowercase(), "-o"])
        .arg(&out_pdf)
        .args(["--print", "--printer", "Counter"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Counter-7"));
    let asked = std::fs::read_to_string(&log).unwrap();
    let kept = data.join("receipts").join(format!("{number}.pdf"));
    assert_eq!(
        asked.trim(),
        format!("-d Counter -t 回执 {number} -o media=A4 -o print-scaling=none -- {}", kept.display())
    );
    assert_eq!(std::fs::read(&out_pdf).unwrap(), std::fs::read(&kept).unwrap());

    // No print system at all: exit 2, the message names the kept PDF, which is a reprint now.
    let out = studio_cli(&data)
        .env("PATH", dir.path().join("empty"))
        .args(["receipt", &number, "--print"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let reprint = data.join("receipts").join(format!("{number}-reprint-1.pdf"));
    assert!(err.contains("找不到打印系统") && err.contains(&reprint.display().to_string()), "{err}");
    assert!(reprint.is_file());
}

/// The orders screen: 打印回执 prints the first receipt, then the button becomes 补打回执 and the next
/// one carries the mark; 排版打印 prints a 6-inch sheet. All to the stand-in printer.
#[cfg(unix)]
#[test]
fn orders_screen_prints_reprints_and_lays_out_a_sheet() {
    use super::common::{harness, step_until, wait_for_label};
    use egui_kittest::kittest::Queryable;
    use idphoto_studio::counter::PrintState;
    let dir = tempfile::tempdir().unwrap();
    let data = idphoto_studio::paths::DataDir::at(dir.path());
    data.create().unwrap();
    let number = {
        let mut db = Database::open(&data.database()).unwrap();
        let cat = catalogue();
        add_order(&mut db, cat.get("gd-shenzhen-id-card").unwrap(), "赵六", None)
    };
    let mut h = harness(dir.path(), false);
    super::common::open_only_order(&mut h, &number);
    let printed = |n: usize| {
        move |app: &idphoto_studio::StudioApp| {
            app.prints().len() == n && matches!(app.prints()[n - 1].state, PrintState::Printed(_))
        }
    };
    h.get_by_label("打印回执").click();
    h.run_steps(2);
    step_until(&mut h, "the receipt printed", printed(1));
    wait_for_label(&mut h, "补打回执");
    h.get_by_label("补打回执").click();
    h.run_steps(2);
    step_until(&mut h, "the reprint printed", printed(2));
    assert_eq!(h.state().app().prints()[1].reprint, Some(1));
    wait_for_label(&mut h, "已打印回执 2");
    h.get_by_label("排版打印").click();
    h.run_steps(2);
    step_until(&mut h, "the sheet printed", printed(3));
    let sheet = h.state().app().prints()[2].path.clone();
    assert!(
        h.state().app().notice().is_some_and(|n| n.contains("已发送到打印机")),
        "{:?}",
        h.state().app().notice()
    );
    drop(h);

    let log = std::fs::read_to_string(dir.path().join("printed.log")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 3, "{log}");
    assert!(lines[0].ends_with(&format!("{number}.pdf")) && lines[0].contains("media=A4"), "{}", lines[0]);
    assert!(lines[1].ends_with(&format!("{number}-reprint-1.pdf")), "{}", lines[1]);
    assert!(
        lines[2].contains("media=Custom.152x102mm") || lines[2].contains("media=Custom.102x152mm"),
        "{}",
        lines[2]
    );
    assert!(sheet.is_file() && lines[2].ends_with(&sheet.display().to_string()));
    if have(&["pdfimages"]) {
        assert_eq!(images(&sheet).len(), 12, "12 ID-size photos on a 6-inch sheet (domain.md)");
    }
}

/// 设置 → 打印: the paper, the offset and automatic receipts are saved and in effect after a restart;
/// a studio price is used for the next order's default.
#[test]
fn print_settings_and_prices_survive_a_restart() {
    use super::common::{harness, step_until};
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), false);
    h.get_by_label("设置").click();
    h.run_steps(2);
    // Below the fold of the settings page: scrolled into view first, as a person would.
    for label in ["80 mm 热敏纸", "订单保存后自动打印回执", "保存打印设置"] {
        h.get_by_label(label).scroll_to_me();
        h.run_steps(30); // the scroll animates
        h.get_by_label(label).click();
        h.run_steps(2);
    }
    step_until(&mut h, "print settings saved", |app| {
        app.print_settings().receipt_layout == ReceiptLayout::Thermal80 && !app.print_settings().auto_receipt
    });
    drop(h);
    let db = Database::open(&dir.path().join("studio.sqlite3")).unwrap();
    let saved = db.print_settings().unwrap();
    assert_eq!((saved.receipt_layout, saved.auto_receipt), (ReceiptLayout::Thermal80, false));
    assert!(saved.command.ends_with("fake-lp"), "the stand-in printer is kept: {}", saved.command);
    assert_eq!(saved.stuck_after_s, 20, "the stuck time kept at its default");
    // A stuck time out of range (typed into the database by hand) falls back to the default.
    for (stored, read) in [("45", 45), ("9999", 20), ("0", 20), ("abc", 20)] {
        db.set_setting(idphoto_studio::storage::PRINT_STUCK_AFTER, stored).unwrap();
        assert_eq!(db.print_settings().unwrap().stuck_after_s, read, "{stored}");
    }
    db.set_setting("price.gd-shenzhen-id-card", "4500").unwrap();
    drop(db);
    let h = harness(dir.path(), false);
    let app = h.state().app();
    let spec = app.catalogue().get("gd-shenzhen-id-card").unwrap();
    assert_eq!(app.price_fen(spec), 4500);
    assert_eq!(app.print_settings().receipt_layout, ReceiptLayout::Thermal80);
}

/// A print that fails keeps its PDF, says where it is, and 重新打印 sends the same file again: no
/// new receipt, no 补打 mark.
#[cfg(unix)]
#[test]
fn a_failed_print_is_retried_with_the_same_pdf() {
    use super::common::{fake_printer, harness, step_until, wait_for_label};
    use egui_kittest::kittest::Queryable;
    use idphoto_studio::counter::PrintState;
    let dir = tempfile::tempdir().unwrap();
    let data = idphoto_studio::paths::DataDir::at(dir.path());
    let mut h = harness(dir.path(), false);
    let number = {
        let mut db = Database::open(&data.database()).unwrap();
        // The printer is gone: its program does not exist.
        db.set_setting(idphoto_studio::storage::PRINT_COMMAND, "/nonexistent/lp").unwrap();
        let cat = catalogue();
        add_order(&mut db, cat.get("gd-shenzhen-id-card").unwrap(), "孙七", None)
    };
    super::common::open_only_order(&mut h, &number);
    h.get_by_label("打印回执").click();
    h.run_steps(2);
    step_until(&mut h, "the print failed", |app| {
        app.prints().first().is_some_and(|p| matches!(p.state, PrintState::Failed(_)))
    });
    let kept = dir.path().join("receipts").join(format!("{number}.pdf"));
    let notice = h.state().app().notice().unwrap_or_default().to_owned();
    assert!(notice.contains("找不到打印系统") && notice.contains(&kept.display().to_string()), "{notice}");
    assert!(kept.is_file());

    // The printer is back.
    let log = fake_printer(dir.path());
    wait_for_label(&mut h, "重新打印（不算补打）");
    h.get_by_label("重新打印（不算补打）").scroll_to_me();
    h.run_steps(30); // the scroll animates
    h.get_by_label("重新打印（不算补打）").click();
    h.run_steps(2);
    step_until(&mut h, "printed on retry", |app| {
        app.prints().len() == 1 && matches!(app.prints()[0].state, PrintState::Printed(_))
    });
    drop(h);
    let printed = std::fs::read_to_string(log).unwrap();
    assert!(printed.trim_end().ends_with(&kept.display().to_string()), "{printed}");
    let db = Database::open(&data.database()).unwrap();
    let row = db.order_by_number(&number).unwrap().unwrap();
    assert_eq!(
        idphoto_studio::services::receipts::receipts_issued(&db, row.id).unwrap(),
        1,
        "a retry is not a reprint"
    );
}

/// The sampling factors of each component and the first luma quantiser of a JPEG (its SOF0 and
/// first DQT), enough to tell a print-quality 4:4:4 file from the platform's 4:2:0 upload.
fn jpeg_sampling_and_q0(jpeg: &[u8]) -> (Vec<u8>, u16) {
    let (mut sampling, mut q0, mut i) = (Vec::new(), 0u16, 2usize);
    while i + 4 <= jpeg.len() && jpeg[i] == 0xFF {
        let marker = jpeg[i + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        let body = &jpeg[i + 4..i + 2 + len];
        match marker {
            0xDB if q0 == 0 => {
                q0 = if body[0] >> 4 == 0 {
                    u16::from(body[1])
                } else {
                    u16::from_be_bytes([body[1], body[2]])
                }
            }
            0xC0 => sampling = (0..usize::from(body[5])).map(|c| body[6 + c * 3 + 1]).collect(),
            0xDA => break,
            _ => {}
        }
        i += 2 + len;
    }
    (sampling, q0)
}

/// A sheet is printed from the original at print quality: the photo at the sheet's resolution
/// (350 dpi for ID-size photos, as on the platform's own sheets: 358×441 for 26×32 mm), quality ≥ 92
/// and full-resolution chroma; the receipt keeps the upload JPEG (4:2:0, the KB range's quality).
/// With the original gone, the upload JPEG is used and the operator is told.
#[test]
fn print_sheets_are_rendered_from_the_original_at_print_quality() {
    if !have(&["pdfimages"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = idphoto_studio::paths::DataDir::at(dir.path().join("data"));
    let photo = dir.path().join("phone.png");
    std::fs::write(&photo, super::common::photos::face_bytes("astronaut.png")).unwrap();
    let run = |args: &[&str]| studio_cli(data.root()).args(args).output().unwrap();
    let out = order_add(data.root(), &photo, &["--name", "欧阳玥", "--reason", "测试"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let number = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let sheet = dir.path().join("sheet.pdf");
    let out = run(&["sheet", &number, "--size", "6-inch", "-o", sheet.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list = images(&sheet);
    assert_eq!(list.len(), 12);
    assert!(list.iter().all(|(w, h, ..)| (*w, *h) == (358, 441)), "350 dpi: {list:?}");
    let extracted = dir.path().join("x");
    run_tool(Command::new("pdfimages").args(["-j", "-f", "1", "-l", "1"]).arg(&sheet).arg(&extracted));
    let first = std::fs::read(dir.path().join("x-000.jpg")).unwrap();
    let (sampling, q0) = jpeg_sampling_and_q0(&first);
    assert_eq!(sampling, [0x11, 0x11, 0x11], "4:4:4");
    assert!(q0 <= 3, "quality ≥ 92 (first luma quantiser {q0})");

    // The receipt keeps the upload JPEG: 4:2:0, the quality the KB range allowed.
    let receipt = dir.path().join("receipt.pdf");
    run(&["studio", "--name", "幸福照相馆"]);
    assert!(run(&["receipt", &number, "-o", receipt.to_str().unwrap()]).status.success());
    run_tool(Command::new("pdfimages").arg("-j").arg(&receipt).arg(dir.path().join("r")));
    let (sampling, q0) = jpeg_sampling_and_q0(&std::fs::read(dir.path().join("r-000.jpg")).unwrap());
    assert_eq!(sampling, [0x22, 0x11, 0x11], "4:2:0");
    assert!(q0 > 3, "the upload's quality, below print quality (first luma quantiser {q0})");

    // The original gone: the upload JPEG, said so.
    for f in std::fs::read_dir(data.originals()).unwrap().flatten() {
        std::fs::remove_file(f.path()).unwrap();
    }
    let out = run(&["sheet", &number, "--size", "6-inch", "-o", sheet.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("原始照片已不在"));
    run_tool(
        Command::new("pdfimages").args(["-j", "-f", "1", "-l", "1"]).arg(&sheet).arg(dir.path().join("y")),
    );
    let (sampling, _) = jpeg_sampling_and_q0(&std::fs::read(dir.path().join("y-000.jpg")).unwrap());
    assert_eq!(sampling, [0x22, 0x11, 0x11], "the upload JPEG");
}

fn run_tool(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
}
