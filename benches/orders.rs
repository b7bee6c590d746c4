//! Order benchmarks (figures in docs/benchmarks.md): search among 1,000,000 orders (image number
//! prefix, name prefix, phone last four, one day), and approving one order into a database file
//! (number allocation, photo BLOB, event, fsync'd commit).

use std::hint::black_box;

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use idphoto_studio::domain::Catalogue;
use idphoto_studio::spec_files::builtin_files;
use idphoto_studio::storage::{Database, NewOrder, NumberSource, OrderQuery};

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "林", "罗", "高",
];
const GIVEN: [&str; 10] = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳"];

fn order(i: u32, day: NaiveDate, template: &idphoto_studio::domain::NumberTemplate, jpeg: &[u8]) -> NewOrder {
    let name = format!(
        "{}{}{}",
        SURNAMES[i as usize % 20],
        GIVEN[(i / 20) as usize % 10],
        GIVEN[(i / 200) as usize % 10]
    );
    let number = NumberSource::Allocate { template: template.clone(), city_letter: Some('B'), date: day };
    NewOrder {
        phone: Some(format!("13{:09}", (u64::from(i) * 7_919) % 1_000_000_000)),
        id_number: None,
        hukou: None,
        created_at: format!("{day}T10:00:05+08:00"),
        ..NewOrder::sample(number, &name, &format!("{day}T10:00:00+08:00"), jpeg.to_vec())
    }
}

fn orders(c: &mut Criterion) {
    let catalogue = Catalogue::load(&builtin_files());
    let spec = catalogue.get("gd-shenzhen-id-card").expect("spec");
    let template = spec.numbering.as_ref().expect("numbering").template.clone();
    let jpeg = include_bytes!("../assets/demo/grace_hopper.jpg");
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");

    // 1,000,000 orders over 1,000 days (1,000 a day); one shared photo keeps the file small.
    let mut db = Database::open_in_memory().expect("db");
    let filled = std::time::Instant::now();
    for i in 0..1_000_000u32 {
        let day = start + Duration::days(i64::from(i / 1000));
        db.create_order(&order(i, day, &template, jpeg)).expect("order");
    }
    eprintln!("1,000,000 orders written in {:.1} s", filled.elapsed().as_secs_f64());
    let mut group = c.benchmark_group("search_1m");
    let queries: [(&str, OrderQuery); 5] = [
        ("latest_200", OrderQuery::default()),
        ("number_prefix", OrderQuery { number_prefix: "BB124070".into(), ..Default::default() }),
        ("name_prefix", OrderQuery { name: "李娜".into(), ..Default::default() }),
        ("phone_last4", OrderQuery { phone: "7919".into(), ..Default::default() }),
        (
            "one_day",
            OrderQuery {
                from: Some("2025-03-01".into()),
                to: Some("2025-03-02".into()),
                ..Default::default()
            },
        ),
    ];
    for (name, q) in &queries {
        eprintln!("{name}: {} rows", db.search_orders(q).expect("search").len());
        group.bench_function(*name, |b| b.iter(|| black_box(db.search_orders(q).expect("search").len())));
    }
    group.finish();

    let dir = tempfile::tempdir().expect("tempdir");
    let mut file_db = Database::open(&dir.path().join("studio.sqlite3")).expect("db");
    let mut i = 0;
    c.bench_function("approve/create_order_fsync", |b| {
        b.iter(|| {
            i += 1;
            black_box(file_db.create_order(&order(i, start, &template, jpeg)).expect("order").id)
        })
    });
}

criterion_group!(benches, orders);
criterion_main!(benches);
