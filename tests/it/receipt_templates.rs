//! Every receipt the app can print, per document type and layout, read back the way the office
//! reads it: its words by `pdftotext` against a golden text checked by eye against the platform's
//! templates (`tests/fixtures/receipts/`, `UPDATE_GOLDEN=1` rewrites them), and its barcodes by
//! `zbarimg`, above the cut line (the office's part) and below it (the customer's stub) apart.

use std::path::{Path, PathBuf};

use idphoto_studio::domain::StudioInfo;
use idphoto_studio::domain::receipt::{CUT_LINE, ReceiptLayout};
use idphoto_studio::domain::spec::BarcodeContent;
use idphoto_studio::services::receipts::issue;
use idphoto_studio::storage::Database;

use super::receipts::{add_order, barcodes_split, catalogue, have, render, text};

/// One receipt-bearing document of each kind the platform has a template for (plus Guangzhou's
/// merged 2021 receipt and Shenzhen's shared one).
const SPECS: [&str; 12] = [
    "gd-zhuhai-id-card",
    "gd-shenzhen-id-card",
    "gd-guangzhou-id-card",
    "gd-zhuhai-social-security-card",
    "gd-shenzhen-residence-permit",
    "gd-shenzhen-security-guard",
    "gd-shenzhen-driving-licence",
    "gd-guangzhou-driving-licence",
    "gd-shenzhen-exit-entry",
    "hn-in-gd-id-card",
    "gx-in-gd-id-card",
    "cq-in-gd-exit-entry",
];

const ID_NUMBER: &str = "11010519491231002X";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/receipts")
}

/// `pdftotext -layout`, each line's trailing spaces and the blank lines dropped.
fn words(pdf: &Path) -> String {
    text(pdf).lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("\n")
        + "\n"
}

fn check_layout(layout: ReceiptLayout, dpi: u32) {
    if !have(&["pdftoppm", "zbarimg", "pdftotext"]) {
        return;
    }
    let cat = catalogue();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatched = Vec::new();
    for id in SPECS {
        let spec = cat.get(id).unwrap_or_else(|| panic!("{id}"));
        let template = spec.receipt.as_ref().unwrap_or_else(|| panic!("{id} has a receipt"));
        let dir = tempfile::tempdir().unwrap();
        let mut db = Database::open(&dir.path().join("db.sqlite3")).unwrap();
        db.save_studio_info(&StudioInfo {
            name: "幸福照相馆".into(),
            address: "深圳市福田区华强北路 1 号".into(),
            phone: "0755-8888 6666".into(),
            city: "shenzhen".into(),
        })
        .unwrap();
        let number = add_order(&mut db, spec, "欧阳玥", Some(ID_NUMBER));
        let file =
            issue(&mut db, spec, &number, Some(layout), dir.path(), "测试", "2026-11-23T10:20:00+08:00")
                .unwrap_or_else(|e| panic!("{id}: {e}"));

        // The words, against the golden text.
        let got = words(&file.path);
        let golden = golden_dir().join(format!("{id}-{}.txt", layout.code()));
        if update {
            std::fs::create_dir_all(golden_dir()).unwrap();
            std::fs::write(&golden, &got).unwrap();
        } else {
            let want = std::fs::read_to_string(&golden).unwrap_or_default();
            if want != got {
                mismatched.push(format!("{}:\n--- golden\n{want}--- printed\n{got}", golden.display()));
            }
        }
        // Whatever the golden says, these hold on every receipt.
        let flat: String = got.split_whitespace().collect();
        assert!(
            flat.contains(&CUT_LINE.replace(' ', "")),
            "{id}: the cut line tells the customer to keep the stub"
        );
        assert!(flat.contains("幸福照相馆"), "{id}: the studio is the collection unit");
        assert!(flat.contains("0755-88886666"), "{id}: the studio's phone is on the stub");
        let prints_id = flat.contains(ID_NUMBER);
        assert_eq!(
            prints_id,
            template.barcode == BarcodeContent::IdNumber,
            "{id}: the ID number only where the template prints it"
        );

        // The barcodes: the office's part above the cut, the customer's stub below.
        let png = render(&file.path, dpi);
        let [above, below] = barcodes_split(&png, file.geometry.cut_y, file.geometry.page_mm[1]);
        let mut want_above = vec![(
            "CODE-39".to_owned(),
            if template.barcode == BarcodeContent::IdNumber { ID_NUMBER.to_owned() } else { number.clone() },
        )];
        if template.qr {
            want_above.push(("QR-Code".to_owned(), number.clone()));
        }
        let (mut above, mut want_above) = (above, want_above);
        above.sort();
        want_above.sort();
        assert_eq!(above, want_above, "{id} {}: barcodes above the cut", layout.code());
        assert_eq!(
            below,
            [("CODE-39".to_owned(), number.clone())],
            "{id} {}: the stub's barcode",
            layout.code()
        );
    }
    assert!(mismatched.is_empty(), "{}", mismatched.join("\n"));
}

#[test]
fn every_half_a4_receipt_says_what_its_template_says() {
    check_layout(ReceiptLayout::HalfA4, 200);
}

#[test]
fn every_thermal_receipt_says_what_its_template_says() {
    check_layout(ReceiptLayout::Thermal80, 300);
}
