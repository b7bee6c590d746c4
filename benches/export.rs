//! The evening export (figures in docs/benchmarks.md): 2,000 orders of one day, each with its own
//! spec JPEG, exported to CSV + XLSX + photos (target < 5 s), and with the receipt PDFs too.

use criterion::{Criterion, criterion_group, criterion_main};
use idphoto_studio::domain::Catalogue;
use idphoto_studio::domain::daily_report::Privacy;
use idphoto_studio::services::daily_export::{ExportRequest, export_day};
use idphoto_studio::spec_files::builtin_files;
use idphoto_studio::storage::{Database, NewOrder, NumberSource};

fn export(c: &mut Criterion) {
    let catalogue = Catalogue::load(&builtin_files());
    let spec = catalogue.get("gd-shenzhen-id-card").expect("spec");
    let face =
        image::load_from_memory(include_bytes!("../assets/demo/grace_hopper.jpg")).expect("face").to_rgb8();
    let base = image::imageops::resize(&face, spec.px[0], spec.px[1], image::imageops::FilterType::Triangle);
    let dir = tempfile::tempdir().expect("dir");
    let mut db = Database::open(&dir.path().join("studio.sqlite3")).expect("db");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let template = spec.numbering.as_ref().expect("numbering").template.clone();
    let payments = ["微信", "支付宝", "现金", "银行卡"];
    let started = std::time::Instant::now();
    for i in 0..2_000u32 {
        // Each photo different (one pixel), so the export copies 2,000 distinct files.
        let mut img = base.clone();
        img.put_pixel(i % spec.px[0], i / spec.px[0], image::Rgb([(i % 251) as u8, 0, 0]));
        let jpeg = idphoto_studio::imaging::encode::encode(&img, spec.dpi, 90).expect("jpeg");
        let at = format!("2026-11-23T{:02}:{:02}:{:02}+08:00", 8 + i / 200, (i / 4) % 60, i % 60);
        let number =
            NumberSource::Allocate { template: template.clone(), city_letter: spec.city_letter, date: day };
        db.create_order(&NewOrder {
            spec_id: spec.id.clone(),
            phone: Some(format!("138{:08}", i)),
            payment: payments[i as usize % 4].into(),
            operator: ["小王", "小李"][i as usize % 2].into(),
            ..NewOrder::sample(number, &format!("顾客{i}"), &at, jpeg)
        })
        .expect("order");
    }
    println!("2,000 orders made in {:.1} s", started.elapsed().as_secs_f64());
    let out = dir.path().join("exports");
    let mut group = c.benchmark_group("export_2000_orders");
    group.sample_size(10);
    for receipts in [false, true] {
        let request = ExportRequest { date: day, out_dir: out.clone(), privacy: Privacy::Masked, receipts };
        let name = if receipts { "csv_xlsx_photos_receipts" } else { "csv_xlsx_photos" };
        group.bench_function(name, |b| {
            b.iter(|| export_day(&db, &catalogue, &request, &mut |_, _| {}).expect("export"))
        });
    }
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
