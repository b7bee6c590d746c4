//! Receipt benchmarks (figures in docs/benchmarks.md): approving an order into a database file and
//! issuing its receipt PDF (what the counter waits for after Enter), the receipt alone in both
//! layouts, and a 6-inch print sheet of 12 photos.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use idphoto_studio::domain::Catalogue;
use idphoto_studio::domain::print_sheet::SheetSize;
use idphoto_studio::domain::receipt::ReceiptLayout;
use idphoto_studio::output::sheet::{SheetPhoto, sheet_pdf};
use idphoto_studio::services::approve::{Original, commit};
use idphoto_studio::services::receipts::{issue, render};
use idphoto_studio::spec_files::builtin_files;
use idphoto_studio::storage::{Database, NewOrder, NumberSource};

fn receipt(c: &mut Criterion) {
    let catalogue = Catalogue::load(&builtin_files());
    let spec = catalogue.get("gd-guangzhou-id-card").expect("spec");
    let face =
        image::load_from_memory(include_bytes!("../assets/demo/grace_hopper.jpg")).expect("face").to_rgb8();
    let img = image::imageops::resize(&face, spec.px[0], spec.px[1], image::imageops::FilterType::Triangle);
    let jpeg = idphoto_studio::imaging::encode::encode(&img, spec.dpi, 90).expect("jpeg");
    let original =
        Original { bytes: include_bytes!("../assets/demo/grace_hopper.jpg").to_vec(), ext: "jpg".into() };
    let dir = tempfile::tempdir().expect("dir");
    let mut db = Database::open(&dir.path().join("studio.sqlite3")).expect("db");
    // A receipt names its studio (an unnamed one is refused).
    let studio =
        idphoto_studio::domain::StudioInfo { name: "基准测试照相馆".into(), ..Default::default() };
    db.save_studio_info(&studio).expect("studio");
    let numbering = spec.numbering.as_ref().expect("numbering");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let order = |i: u32| {
        let number = NumberSource::Allocate {
            template: numbering.template.clone(),
            city_letter: spec.city_letter,
            date: day,
        };
        NewOrder {
            spec_id: spec.id.clone(),
            hukou: Some("广东省广州市".into()),
            created_at: "2026-11-23T10:16:00+08:00".into(),
            ..NewOrder::sample(number, &format!("欧阳玥{i}"), "2026-11-23T10:15:00+08:00", jpeg.clone())
        }
    };

    // The first receipt of a process also parses the 6.7 MB font (the app does that at start).
    let started = std::time::Instant::now();
    idphoto_studio::output::pdf::preload_font();
    println!("font parse: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);

    let receipts = dir.path().join("receipts");
    let originals = dir.path().join("originals");
    let mut i = 0;
    c.bench_function("approve_and_receipt/half_a4", |b| {
        b.iter(|| {
            i += 1;
            let row = commit(&mut db, &originals, order(i), Some(&original)).expect("commit");
            black_box(
                issue(&mut db, spec, &row.label(), Some(ReceiptLayout::HalfA4), &receipts, "小王", "now")
                    .expect("receipt"),
            )
        })
    });
    let row = commit(&mut db, &originals, order(0), Some(&original)).expect("commit");
    let settings = db.print_settings().expect("settings");
    for layout in ReceiptLayout::ALL {
        c.bench_function(&format!("receipt_pdf/{}", layout.code()), |b| {
            b.iter(|| black_box(render(&db, spec, &row, None, layout, &settings).expect("render")))
        });
    }
    // 电子回执: the PNG for the customer's phone (what 复制 and 扫码领取 wait for).
    let words = idphoto_studio::domain::receipt::receipt(
        spec,
        &idphoto_studio::services::receipts::receipt_order(&row).expect("number"),
        &db.studio_info().expect("studio"),
        None,
    )
    .expect("words");
    c.bench_function("e_receipt_png/1080", |b| {
        b.iter(|| black_box(idphoto_studio::output::e_receipt::e_receipt_png(&words, &jpeg).expect("png")))
    });
    c.bench_function("sheet_pdf/6-inch_x12", |b| {
        b.iter(|| {
            black_box(
                sheet_pdf(
                    SheetSize::SixInch,
                    &[SheetPhoto { jpeg: &jpeg, mm: spec.print_mm, count: 12 }],
                    [0.0, 0.0],
                )
                .expect("sheet"),
            )
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = receipt
}
criterion_main!(benches);
