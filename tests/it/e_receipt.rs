//! 电子回执: the receipt as a PNG for the customer's phone. Its barcodes decode (zbarimg) at full size
//! and at a phone screenshot's scale, its words are the printed receipt's, and handing it over is
//! logged without counting as a paper reprint.

use std::path::Path;

use idphoto_studio::paths::DataDir;
use idphoto_studio::storage::Database;

use super::common::studio_cli;
use super::receipts::{add_order, barcodes, catalogue, have};

/// The text the PNG carries in its `Description` chunk.
fn description(png: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    info.utf8_text
        .iter()
        .find(|t| t.keyword == "Description")
        .map(|t| t.get_text().unwrap())
        .unwrap_or_default()
}

/// `png` scaled to `width` px wide (a phone screenshot of it) and saved beside it.
fn scaled(png: &Path, width: u32) -> std::path::PathBuf {
    let img = image::open(png).unwrap();
    let h = img.height() * width / img.width();
    let out = png.with_extension(format!("{width}.png"));
    img.resize_exact(width, h, image::imageops::FilterType::Triangle).save(&out).unwrap();
    out
}

fn e_receipt(data: &Path, number: &str, out: &Path) -> std::process::Output {
    studio_cli(data).args(["receipt", number, "--format", "png", "-o"]).arg(out).output().unwrap()
}

#[test]
fn an_electronic_receipt_decodes_on_a_phone_and_says_what_the_paper_one_says() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(tmp.path());
    dir.create().unwrap();
    let cat = catalogue();
    let mut db = Database::open(&dir.database()).unwrap();
    let id_card = add_order(&mut db, cat.get("gd-guangzhou-id-card").unwrap(), "欧阳玥", None);
    let licence = add_order(
        &mut db,
        cat.get("gd-guangzhou-driving-licence").unwrap(),
        "李四",
        Some("440524188001010014"),
    );
    drop(db);
    for (number, code39) in [(&id_card, id_card.as_str()), (&licence, "440524188001010014")] {
        let out = tmp.path().join(format!("{number}.png"));
        let run = e_receipt(tmp.path(), number, &out);
        assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
        let bytes = std::fs::read(&out).unwrap();
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!(img.width(), 1080, "a phone screen's width");
        assert!(img.height() > img.width(), "portrait");
        // Its words: the order's number, the studio, the validity, as the paper receipt prints them.
        let text = description(&bytes);
        let db = Database::open(&dir.database()).unwrap();
        let row = db.order_by_number(number).unwrap().unwrap();
        let spec = cat.get(&row.spec_id).unwrap();
        let words = idphoto_studio::domain::receipt::receipt(
            spec,
            &idphoto_studio::services::receipts::receipt_order(&row).unwrap(),
            &db.studio_info().unwrap(),
            None,
        )
        .unwrap();
        assert_eq!(text, idphoto_studio::output::e_receipt::text_of(&words));
        for expected in [
            format!("相片图像号：{number}"),
            format!("采集服务单位：{}", super::common::TEST_STUDIO),
            format!("有效期至 {}", words.valid_until.format("%Y-%m-%d")),
        ] {
            assert!(text.contains(&expected), "{expected} missing from {text}");
        }
        // Handing it over is logged, and is no reprint: the first paper receipt is still the first.
        let id = row.id;
        assert_eq!(db.order_event_count(id, idphoto_studio::services::receipts::E_RECEIPT_EVENT).unwrap(), 1);
        assert_eq!(db.order_event_count(id, idphoto_studio::services::receipts::RECEIPT_EVENT).unwrap(), 0);
        if !have(&["zbarimg"]) {
            continue;
        }
        // The Code 39 (the image number; a driving licence's carries the ID number) and the QR code
        // decode from the PNG, and from a phone screenshot of it at two thirds of the size.
        for png in [out.clone(), scaled(&out, 720)] {
            let mut found = barcodes(&png);
            found.sort();
            let mut expected = vec![("CODE-39".to_owned(), code39.to_owned())];
            expected.push(("QR-Code".to_owned(), words.qr.clone().unwrap_or_else(|| number.to_string())));
            expected.sort();
            assert_eq!(found, expected, "{}", png.display());
        }
    }
    // The next paper receipt of the ID card is its first, not a 补打.
    let pdf = tmp.path().join("paper.pdf");
    let out = studio_cli(tmp.path()).args(["receipt", &id_card, "-o"]).arg(&pdf).output().unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("补打"));
}

#[test]
fn no_electronic_receipt_without_a_number_or_a_file_to_write() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(tmp.path());
    dir.create().unwrap();
    let mut db = Database::open(&dir.database()).unwrap();
    let number = add_order(&mut db, catalogue().get("gd-guangzhou-id-card").unwrap(), "欧阳玥", None);
    let waiting = db
        .create_order(&idphoto_studio::storage::NewOrder::sample(
            idphoto_studio::storage::NumberSource::AwaitUpload,
            "乙",
            "2026-11-23T10:15:00+08:00",
            super::common::jpeg(3),
        ))
        .unwrap();
    drop(db);
    let out = e_receipt(tmp.path(), &format!("#{}", waiting.id), &tmp.path().join("x.png"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("待上传，还没有图像号"));
    let out = studio_cli(tmp.path()).args(["receipt", &number, "--format", "png"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o"));
    assert!(!tmp.path().join("x.png").exists());
}

#[test]
fn the_counter_copies_the_electronic_receipt_for_the_chat_with_the_customer() {
    use egui_kittest::kittest::Queryable;
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(tmp.path());
    dir.create().unwrap();
    let number = {
        let mut db = Database::open(&dir.database()).unwrap();
        add_order(&mut db, catalogue().get("gd-guangzhou-id-card").unwrap(), "欧阳玥", None)
    };
    let mut h = super::common::harness(tmp.path(), false);
    super::common::open_only_order(&mut h, &number);
    h.get_by_label("复制（发微信）").click();
    // The image reaches the clipboard on the frame after the I/O thread has drawn it.
    let mut copied = None;
    for _ in 0..400 {
        h.step();
        copied = h.output().platform_output.commands.iter().find_map(|c| match c {
            egui::OutputCommand::CopyImage(image) => Some(image.size),
            _ => None,
        });
        if copied.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let [w, height] = copied.expect("the 电子回执 was put on the clipboard");
    assert!(w == 1080 && height > w, "{w}×{height}");
    assert_eq!(
        h.state().app().last_handover(),
        Some(&(number.clone(), idphoto_studio::services::handover::HandOver::CopyReceipt))
    );
    assert!(h.state().app().notice().is_some_and(|n| n.contains("已复制")));
    drop(h);
    let db = Database::open(&dir.database()).unwrap();
    let row = db.order_by_number(&number).unwrap().unwrap();
    let events = db.order_events(row.id).unwrap();
    let last = events.last().unwrap();
    assert_eq!((last.2.as_str(), last.3.as_str()), ("e_receipt", "电子回执 复制"));
}

#[test]
fn right_after_approval_the_counter_copies_the_customers_electronic_receipt() {
    use egui_kittest::kittest::Queryable;
    let tmp = tempfile::tempdir().unwrap();
    let mut h = super::common::harness(tmp.path(), true);
    super::common::step_until(&mut h, "a demo frame", |app| app.preview_size().is_some());
    super::capture_flow::capture_and_approve(&mut h, "钱七", None);
    super::common::step_until(&mut h, "the order", |app| {
        app.approved().first().is_some_and(|a| a.image_number.is_some())
    });
    let number = h.state().app().approved()[0].image_number.clone().unwrap();
    h.get_by_label_contains(&format!("上一单 钱七 {number}"));
    h.get_by_label("复制（发微信）").click();
    super::common::step_until(&mut h, "handed over", |app| app.last_handover().is_some());
    assert_eq!(
        h.state().app().last_handover(),
        Some(&(number, idphoto_studio::services::handover::HandOver::CopyReceipt))
    );
}
