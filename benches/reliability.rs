//! The start of day and the manager's heavy paths (figures in docs/reliability.md and
//! docs/benchmarks.md), on a data dir of 2,000 orders with their photos and originals: the start-up
//! `quick_check`, the orphan scan, an online backup, a purge of 1,000 orders, and checking a PIN.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use idphoto_studio::domain::privacy::Pin;
use idphoto_studio::paths::DataDir;
use idphoto_studio::services::approve::{Original, commit};
use idphoto_studio::storage::{Database, NewOrder, NumberSource};

const ORDERS: u32 = 2_000;

/// A data dir with `ORDERS` orders: half from 400 days ago (due for purging), half from today.
fn data_dir() -> (tempfile::TempDir, DataDir) {
    let tmp = tempfile::tempdir().expect("dir");
    let dir = DataDir::at(tmp.path());
    dir.create().expect("create");
    let mut db = Database::open(&dir.database()).expect("db");
    let face = image::load_from_memory(include_bytes!("../assets/demo/grace_hopper.jpg")).expect("face");
    let base = image::imageops::resize(&face.to_rgb8(), 358, 441, image::imageops::FilterType::Triangle);
    let template =
        idphoto_studio::domain::NumberTemplate::parse("{L}{L}1{yymmdd}{serial:6}").expect("template");
    let today = chrono::Local::now().date_naive();
    for i in 0..ORDERS {
        let mut img = base.clone();
        img.put_pixel(i % 358, i / 358, image::Rgb([(i % 251) as u8, 0, 0]));
        let jpeg = idphoto_studio::imaging::encode::encode(&img, 350, 90).expect("jpeg");
        let day = if i % 2 == 0 { today - chrono::Duration::days(400) } else { today };
        let at = format!("{day}T10:00:00+08:00");
        let number = NumberSource::Allocate { template: template.clone(), city_letter: Some('B'), date: day };
        let original = Original { bytes: jpeg.clone(), ext: "jpg".into() };
        commit(&mut db, &dir.originals(), NewOrder::sample(number, "顾客", &at, jpeg), Some(&original))
            .expect("order");
    }
    (tmp, dir)
}

fn reliability(c: &mut Criterion) {
    let (_tmp, dir) = data_dir();
    let today = chrono::Local::now().date_naive();
    let mut group = c.benchmark_group("start_of_day_2000_orders");
    group.sample_size(10);
    group.bench_function("open_and_quick_check", |b| {
        b.iter(|| idphoto_studio::services::startup::open_checked(&dir).expect("open"))
    });
    let db = Database::open(&dir.database()).expect("db");
    group.bench_function("orphan_scan", |b| {
        b.iter(|| idphoto_studio::services::startup::clean_orphans(&dir, &db).expect("scan"))
    });
    let out = dir.root().join("bench-backup.sqlite3");
    group.bench_function("online_backup", |b| b.iter(|| db.backup_to(&out).expect("backup")));
    drop(db);
    // Each purge needs a fresh copy of the data dir (a purge is done once).
    group.bench_function("purge_1000_of_2000", |b| {
        b.iter_batched(
            || {
                let copy = tempfile::tempdir().expect("copy");
                let status = std::process::Command::new("cp")
                    .arg("-a")
                    .arg(format!("{}/.", dir.root().display()))
                    .arg(copy.path())
                    .status()
                    .expect("cp");
                assert!(status.success());
                copy
            },
            |copy| {
                let copy_dir = DataDir::at(copy.path());
                let mut db = Database::open(&copy_dir.database()).expect("db");
                let report =
                    idphoto_studio::services::privacy::purge(&copy_dir, &mut db, today, 365, "bench")
                        .expect("purge");
                assert_eq!(report.orders, ORDERS / 2);
                copy
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();

    let pin = Pin::parse("2580").expect("pin");
    let hash = idphoto_studio::services::privacy::hash_pin(&pin).expect("hash");
    c.bench_function("pin_check_argon2id", |b| {
        b.iter(|| idphoto_studio::services::privacy::pin_matches("2580", &hash))
    });
}

criterion_group!(benches, reliability);
criterion_main!(benches);
