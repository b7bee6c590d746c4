//! Face-analysis benchmarks (figures in docs/benchmarks.md): the whole analysis of one portrait
//! (detection, mesh twice, irises, segmentation, measures), alone and with the audit checks'
//! measures, the two iris passes alone, and
//! of a 1080p frame; and the adjust view's
//! re-render of a captured 1080p frame after each operator edit (crop, adjust, background through
//! the refined matte, encode, every check); and the matte's refinement, done once per capture, on a
//! uniform and on a busy backdrop.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use idphoto_studio::imaging::load_photo;
use idphoto_studio::vision::FaceAnalyzer;
use idphoto_studio::vision::auto::auto_crop;
use idphoto_studio::worker::Edit;
use idphoto_studio::worker::imaging::render;
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
    // What the live worker runs on each camera frame: the analysis on a LIVE_SIDE copy.
    group.bench_function("analyse_live/frame_1080p", |b| {
        b.iter(|| {
            black_box(
                analyzer
                    .analyse_at(&frame, idphoto_studio::vision::LIVE_SIDE)
                    .expect("analysis")
                    .map(|a| a.face_count),
            )
        })
    });
    // The whole analysis with the audit checks' measures (hat, glasses, brows, pupils, smile) on
    // the portrait; and the measures alone on a live 1080p frame (the live hint).
    let audit = |image: &image::RgbImage, a: &idphoto_studio::vision::FaceAnalysis| {
        let points = a.face_points().expect("mesh");
        let person = a.person.as_ref().expect("mask");
        let is_person = |x: u32, y: u32| person.at(f64::from(x) + 0.5, f64::from(y) + 0.5) >= 0.5;
        idphoto_studio::imaging::audit::measure(image, &points, &is_person, Some([255; 3]))
    };
    group.bench_function("analyse_and_audit/astronaut_512", |b| {
        b.iter(|| {
            let a = analyzer.analyse(&portrait).expect("analysis").expect("a face");
            black_box(audit(&portrait, &a).hat)
        })
    });
    let live =
        analyzer.analyse_at(&frame, idphoto_studio::vision::LIVE_SIDE).expect("analysis").expect("face");
    group.bench_function("audit_only/frame_1080p", |b| b.iter(|| black_box(audit(&frame, &live).hat)));
    let analysed = analyzer.analyse(&portrait).expect("analysis").expect("a face");
    group.bench_function("irises_only/astronaut_512", |b| {
        b.iter(|| black_box(analyzer.irises(&portrait, &analysed.landmarks).expect("irises").is_some()))
    });
    group.bench_function("detect_only/astronaut_512", |b| {
        b.iter(|| black_box(analyzer.detect(&portrait).map(|d| d.len())))
    });
    group.finish();

    let catalogue = idphoto_studio::domain::Catalogue::load(&idphoto_studio::spec_files::builtin_files());
    let spec = catalogue.get("gd-shenzhen-id-card").expect("spec");
    let photo = idphoto_studio::imaging::SourcePhoto::from_rgb(frame.clone());
    let wide = analyzer.analyse(&frame).expect("analysis").expect("a face");
    let mut coarse = wide.clone();
    analyzer.look_closer(&frame, &mut coarse).expect("a closer look");
    let mut group = c.benchmark_group("matte");
    group.sample_size(10);
    group.bench_function("look_closer_once_per_capture/frame_1080p", |b| {
        b.iter(|| {
            let mut a = wide.clone();
            black_box(analyzer.look_closer(&frame, &mut a).is_ok())
        })
    });
    group.bench_function("refine_once_per_capture/frame_1080p", |b| {
        b.iter(|| black_box(idphoto_studio::vision::auto::with_matte(&photo, coarse.clone()).matte.is_some()))
    });
    // The same on a busy backdrop (the matting fixtures' astronaut, her true alpha, on grass):
    // the background is sampled around every edge pixel instead of measured once.
    let busy = busy_frame();
    let busy_photo = idphoto_studio::imaging::SourcePhoto::from_rgb(busy.clone());
    let mut busy_coarse = analyzer.analyse(&busy).expect("analysis").expect("a face");
    analyzer.look_closer(&busy, &mut busy_coarse).expect("a closer look");
    group.bench_function("refine_once_per_capture/busy_1080p", |b| {
        b.iter(|| {
            black_box(
                idphoto_studio::vision::auto::with_matte(&busy_photo, busy_coarse.clone()).matte.is_some(),
            )
        })
    });
    group.finish();
    let analysis = Some(idphoto_studio::vision::auto::with_matte(&photo, coarse));
    assert!(analysis.as_ref().and_then(|a| a.matte.as_ref()).is_some(), "the render uses the matte");
    let crop = auto_crop(spec, analysis.as_ref(), [1920, 1080]);
    let edit = Edit { crop, adjustments: Default::default(), whiten: true, no_retouch: false };
    let mut group = c.benchmark_group("adjust");
    group.sample_size(20);
    group.bench_function("render/frame_1080p", |b| {
        b.iter(|| {
            let moved = Edit { crop: edit.crop.moved(1.0, 0.0, spec.px), ..edit };
            black_box(render(&photo, spec, analysis.as_ref(), moved).map(|r| r.processed.jpeg.len()))
        })
    });
    group.finish();
}

/// A 1080p frame of the astronaut (true alpha and colours from the matting fixtures) on grass.
fn busy_frame() -> image::RgbImage {
    let fixture = |name: &str| {
        image::open(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/matting").join(name),
        )
        .expect("a matting fixture")
    };
    let grass =
        imageops::resize(&fixture("bg-grass.jpg").to_rgb8(), 1920, 1080, imageops::FilterType::Triangle);
    let fg =
        imageops::resize(&fixture("astronaut-fg.jpg").to_rgb8(), 900, 900, imageops::FilterType::Triangle);
    let alpha = imageops::resize(
        &fixture("astronaut-alpha.png").to_luma8(),
        900,
        900,
        imageops::FilterType::Triangle,
    );
    let mut frame = grass;
    for (x, y, p) in fg.enumerate_pixels() {
        let a = f32::from(alpha.get_pixel(x, y)[0]) / 255.0;
        let out = frame.get_pixel_mut(x + 510, y + 90);
        for c in 0..3 {
            out[c] = (a * f32::from(p[c]) + (1.0 - a) * f32::from(out[c])).round() as u8;
        }
    }
    frame
}

criterion_group!(benches, analysis);
criterion_main!(benches);
