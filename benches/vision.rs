//! Face-analysis benchmarks (figures in docs/benchmarks.md): the whole analysis of one portrait
//! (detection, mesh twice, segmentation, measures), and of a 1080p frame.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use idphoto_studio::imaging::load_photo;
use idphoto_studio::vision::FaceAnalyzer;
use image::imageops;

fn analysis(c: &mut Criterion) {
    let analyzer = FaceAnalyzer::new().expect("models");
    let portrait = load_photo(include_bytes!("../assets/demo/astronaut.png")).expect("face").image;
    let mut frame = image::RgbImage::from_pixel(1920, 1080, image::Rgb([190, 195, 200]));
    let big = imageops::resize(&portrait, 900, 900, imageops::FilterType::Triangle);
    imageops::overlay(&mut frame, &big, 510, 90);
    let mut group = c.benchmark_group("vision");
    group.sample_size(20);
    group.bench_function("analyse/astronaut_512", |b| {
        b.iter(|| black_box(analyzer.analyse(&portrait).expect("analysis").map(|a| a.face_count)))
    });
    group.bench_function("analyse/frame_1080p", |b| {
        b.iter(|| black_box(analyzer.analyse(&frame).expect("analysis").map(|a| a.face_count)))
    });
    group.bench_function("detect_only/astronaut_512", |b| {
        b.iter(|| black_box(analyzer.detect(&portrait).map(|d| d.len())))
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
