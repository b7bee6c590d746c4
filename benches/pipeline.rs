//! Pipeline benchmarks (figures in docs/benchmarks.md): decode + crop + resample + encode-to-size for a
//! 24 MP JPEG and a 12 MP phone photo, beside a plain `image` decode of the same file; and
//! encode-to-size alone.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use idphoto_studio::domain::Catalogue;
use idphoto_studio::imaging::encode::encode_to_size;
use idphoto_studio::imaging::{ProcessOptions, load_photo, process};
use idphoto_studio::spec_files::builtin_files;
use image::{DynamicImage, ImageFormat, imageops};

/// A JPEG of `w`×`h` made from a bundled portrait (quality 92, like a camera).
fn big_jpeg(w: u32, h: u32) -> Vec<u8> {
    let face = load_photo(include_bytes!("../assets/demo/grace_hopper.jpg")).expect("face");
    let big = imageops::resize(&face.image, w, h, imageops::FilterType::Triangle);
    let mut out = std::io::Cursor::new(Vec::new());
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92);
    enc.encode_image(&DynamicImage::ImageRgb8(big)).expect("encode");
    out.into_inner()
}

fn pipeline(c: &mut Criterion) {
    let catalogue = Catalogue::load(&builtin_files());
    let spec = catalogue.get("gd-shenzhen-id-card").expect("spec").clone();
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    for (name, w, h) in [("24mp", 6000, 4000), ("12mp_phone", 3024, 4032)] {
        let jpeg = big_jpeg(w, h);
        group.bench_function(format!("image_decode_only/{name}"), |b| {
            b.iter(|| {
                black_box(image::load_from_memory_with_format(&jpeg, ImageFormat::Jpeg).expect("decode"))
            })
        });
        group.bench_function(format!("end_to_end/{name}"), |b| {
            b.iter(|| black_box(process(&jpeg, &spec, &ProcessOptions::default()).map(|p| p.jpeg.len())))
        });
    }
    group.finish();

    let face = load_photo(include_bytes!("../assets/demo/astronaut.png")).expect("face");
    let small = imageops::resize(&face.image, 358, 441, imageops::FilterType::Lanczos3);
    c.bench_function("encode_to_size/id_card_358x441", |b| {
        b.iter(|| {
            black_box(encode_to_size(&small, 350, spec.file_kb, spec.jpeg_quality_min).map(|e| e.quality))
        })
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
