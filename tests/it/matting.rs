//! The matte measured against ground truth (`tests/fixtures/matting/`): people whose true alpha is
//! known, composited onto plain and busy backgrounds; per composite, the alpha error in the edge
//! band, the remnants left, and the old background's colour spilled onto the edge.

use idphoto_studio::vision::FaceAnalyzer;

/// Dev tool, not a test: writes the coarse person mask of each test portrait (0–255, source
/// pixels) to `$MATTING_DUMP`, the start of the hand-checked trimaps (`scripts/matting-truth.py`).
#[test]
#[ignore = "dev tool: MATTING_DUMP=dir cargo test --test it matting::dump -- --ignored"]
fn dump_coarse_masks() {
    let Some(dir) = std::env::var_os("MATTING_DUMP") else { return };
    let analyzer = FaceAnalyzer::new().unwrap();
    for (name, file) in
        [("astronaut", "astronaut.png"), ("grace_hopper", "grace_hopper.jpg"), ("einstein", "einstein.jpg")]
    {
        let photo = idphoto_studio::imaging::load_photo(&super::common::photos::face_bytes(file)).unwrap();
        let a = analyzer.analyse(&photo.image).unwrap().unwrap();
        let person = a.person.as_ref().unwrap();
        let (w, h) = photo.image.dimensions();
        let mask = image::GrayImage::from_fn(w, h, |x, y| {
            image::Luma([(person.at(f64::from(x) + 0.5, f64::from(y) + 0.5) * 255.0).round() as u8])
        });
        mask.save(std::path::Path::new(&dir).join(format!("{name}-coarse.png"))).unwrap();
    }
}

use idphoto_studio::domain::Catalogue;
use idphoto_studio::domain::checks::CheckStatus;
use idphoto_studio::domain::geometry::Affine;
use idphoto_studio::imaging::quality::lab;
use idphoto_studio::imaging::{ProcessOptions, SourcePhoto};
use idphoto_studio::spec_files::builtin_files;
use image::{GrayImage, RgbImage};

const PEOPLE: [&str; 3] = ["astronaut", "grace_hopper", "einstein"];
/// Plain studio backdrops (white, blue, grey) and busy public-domain scenes (scikit-image's data).
const BACKGROUNDS: [&str; 7] = ["white", "blue", "grey", "coffee", "rocket", "brick", "grass"];

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/matting").join(name)
}

fn background(name: &str, w: u32, h: u32) -> RgbImage {
    let plain = |c: [u8; 3]| RgbImage::from_pixel(w, h, image::Rgb(c));
    match name {
        "white" => plain([255, 255, 255]),
        "blue" => plain([67, 142, 219]),
        "grey" => plain([170, 170, 170]),
        _ => {
            // Cover the frame, centred.
            let img = image::open(fixture(&format!("bg-{name}.jpg"))).unwrap().to_rgb8();
            let s = (w as f32 / img.width() as f32).max(h as f32 / img.height() as f32);
            let (cw, ch) = ((img.width() as f32 * s).ceil() as u32, (img.height() as f32 * s).ceil() as u32);
            let big = image::imageops::resize(&img, cw, ch, image::imageops::FilterType::Triangle);
            image::imageops::crop_imm(&big, (cw - w) / 2, (ch - h) / 2, w, h).to_image()
        }
    }
}

/// Bilinear sample of a one-channel (0–1) image at a source point; 0 outside.
fn sample(v: &GrayImage, x: f64, y: f64) -> f32 {
    let (x, y) = (x - 0.5, y - 0.5);
    if x < 0.0 || y < 0.0 || x > f64::from(v.width() - 1) || y > f64::from(v.height() - 1) {
        return 0.0;
    }
    let (x0, y0) = (x.floor() as u32, y.floor() as u32);
    let (x1, y1) = ((x0 + 1).min(v.width() - 1), (y0 + 1).min(v.height() - 1));
    let (fx, fy) = ((x - f64::from(x0)) as f32, (y - f64::from(y0)) as f32);
    let g = |x, y| f32::from(v.get_pixel(x, y)[0]) / 255.0;
    (g(x0, y0) * (1.0 - fx) + g(x1, y0) * fx) * (1.0 - fy) + (g(x0, y1) * (1.0 - fx) + g(x1, y1) * fx) * fy
}

/// A one-channel image (0–1 values) warped into the output frame.
fn warp(v: &GrayImage, to_output: Affine, size: [u32; 2]) -> Vec<f32> {
    let back = to_output.inverse().unwrap();
    (0..size[0] * size[1])
        .map(|i| {
            let (sx, sy) = back.apply(f64::from(i % size[0]) + 0.5, f64::from(i / size[0]) + 0.5);
            sample(v, sx, sy)
        })
        .collect()
}

/// One composite's figures.
#[derive(Debug, Default, Clone, Copy)]
struct Figures {
    sad: f64,
    mse: f64,
    band: usize,
    remnant_pixels: usize,
    largest_remnant: usize,
    delta_b: f64,
    delta_a: f64,
}

/// Remnants (pixels off the background colour outside the true silhouette grown by `margin`) and
/// the colour spill on the edge ring, of an output photo against the true composite onto white.
fn judge(out: &RgbImage, alpha: &[f32], truth: &[f32], ideal: &RgbImage, margin: u32) -> Figures {
    let (w, h) = out.dimensions();
    let truth_img =
        GrayImage::from_fn(w, h, |x, y| image::Luma([(truth[(y * w + x) as usize] * 255.0).round() as u8]));
    let near = idphoto_studio::imaging::background::near(&truth_img, margin);
    // The edge band: where the truth is mixed, and 3 px either side of its 0.5 contour.
    let inside = GrayImage::from_fn(w, h, |x, y| {
        image::Luma([if truth[(y * w + x) as usize] >= 0.5 { 255 } else { 0 }])
    });
    let outside = GrayImage::from_fn(w, h, |x, y| {
        image::Luma([if truth[(y * w + x) as usize] < 0.5 { 255 } else { 0 }])
    });
    let d_in = imageproc::distance_transform::euclidean_squared_distance_transform(&outside);
    let d_out = imageproc::distance_transform::euclidean_squared_distance_transform(&inside);
    let mut f = Figures::default();
    let (mut db, mut da, mut ring) = (0f64, 0f64, 0usize);
    let mut off = vec![false; (w * h) as usize];
    for i in 0..(w * h) as usize {
        let t = truth[i];
        let (x, y) = (i as u32 % w, i as u32 / w);
        // One of the two is 0: the distance to the 0.5 contour from either side.
        let contour = d_in.get_pixel(x, y)[0].max(d_out.get_pixel(x, y)[0]).sqrt();
        if (0.02..0.98).contains(&t) || contour <= 3.0 {
            f.band += 1;
            let e = f64::from(alpha[i] - t);
            f.sad += e.abs();
            f.mse += e * e;
        }
        if (0.05..0.95).contains(&t) {
            let (o, g) = (lab(out.get_pixel(x, y).0), lab(ideal.get_pixel(x, y).0));
            db += f64::from(o[2] - g[2]);
            da += f64::from(o[1] - g[1]);
            ring += 1;
        }
        // Outside the person, not the new background and not what the truth has there (a faint
        // hair the truth keeps is not a remnant; one the matte lost is counted in the SAD): left of
        // the old background.
        let o = out.get_pixel(x, y).0;
        let differs = |b: [u8; 3]| o.iter().zip(b).any(|(a, b)| a.abs_diff(b) > 16);
        off[i] = !near[i] && differs([255; 3]) && differs(ideal.get_pixel(x, y).0);
    }
    f.mse /= f.band.max(1) as f64;
    (f.delta_b, f.delta_a) = (db / ring.max(1) as f64, da / ring.max(1) as f64);
    let mut seen = vec![false; off.len()];
    for start in 0..off.len() {
        if off[start] && !seen[start] {
            let r = idphoto_studio::imaging::background::region_of(
                &off, &mut seen, w as usize, h as usize, start,
            );
            f.remnant_pixels += r.len();
            f.largest_remnant = f.largest_remnant.max(r.len());
        }
    }
    f
}

/// Every person on every background, through the counter's own path (face analysis, placement,
/// matte, white background for the Shenzhen ID card), against the truth; the coarse mask as it was
/// used before the matte is the baseline.
#[test]
fn the_matte_against_ground_truth() {
    let analyzer = FaceAnalyzer::new().unwrap();
    let cat = Catalogue::load(&builtin_files());
    let spec = cat.get("gd-shenzhen-id-card").unwrap();
    let white = [255u8; 3];
    // Edge SAD, ours and the baseline's, on plain backdrops and on all.
    let (mut plain, mut plain_base, mut total, mut base_total) = (0f64, 0f64, 0f64, 0f64);
    let (mut unflagged, mut spilled, mut worst_remnant) = (Vec::new(), Vec::new(), 0);
    let mut refused = Vec::new();
    let mut hats = Vec::new();
    let mut no_face = 0;
    // The closer look at the head: taken on how many composites, and the largest remnants left.
    let (mut closer_plain, mut remnants) = (0, 0);
    println!(
        "| person | background | edge SAD | edge MSE | baseline SAD | baseline MSE | remnant px | largest | Δb* | Δa* | baseline largest | baseline Δb* | check |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for person in PEOPLE {
        let alpha = image::open(fixture(&format!("{person}-alpha.png"))).unwrap().to_luma8();
        let fg = image::open(fixture(&format!("{person}-fg.jpg"))).unwrap().to_rgb8();
        let (w, h) = alpha.dimensions();
        for bg_name in BACKGROUNDS {
            let bg = background(bg_name, w, h);
            let composite = RgbImage::from_fn(w, h, |x, y| {
                let a = f32::from(alpha.get_pixel(x, y)[0]) / 255.0;
                let (f, b) = (fg.get_pixel(x, y), bg.get_pixel(x, y));
                image::Rgb(std::array::from_fn(|c| {
                    (a * f32::from(f[c]) + (1.0 - a) * f32::from(b[c])).round() as u8
                }))
            });
            let photo = SourcePhoto::from_rgb(composite.clone());
            let done = idphoto_studio::vision::auto::process_auto(
                &photo,
                spec,
                &analyzer,
                ProcessOptions { best_effort_size: true, ..Default::default() },
            )
            .unwrap();
            let Some(analysis) = done.analysis.as_ref() else {
                // Nothing to place or replace by: the photo is left as it is and its background
                // check fails (the counter shows the live hint to move closer).
                println!("| {person} | {bg_name} | no face found | | | | | | | | | | |");
                no_face += 1;
                continue;
            };
            let to_output = Affine(done.processed.report.source_to_output);
            let size = spec.px;
            let truth = warp(&alpha, to_output, size);
            // The truth composited onto white, in the output frame.
            let fg_out = RgbImage::from_fn(size[0], size[1], |x, y| {
                let (sx, sy) = to_output.inverse().unwrap().apply(f64::from(x) + 0.5, f64::from(y) + 0.5);
                let (px, py) = ((sx.max(0.0) as u32).min(w - 1), (sy.max(0.0) as u32).min(h - 1));
                *fg.get_pixel(px, py)
            });
            let ideal = RgbImage::from_fn(size[0], size[1], |x, y| {
                let a = truth[(y * size[0] + x) as usize];
                let f = fg_out.get_pixel(x, y);
                image::Rgb(std::array::from_fn(|c| (a * f32::from(f[c]) + (1.0 - a) * 255.0).round() as u8))
            });
            let matte = analysis.matte.as_ref().expect("a matte");
            let closer = analysis.person.as_ref().is_some_and(|p| p.closer_look_taken());
            if closer && ["white", "blue", "grey"].contains(&bg_name) {
                closer_plain += 1;
            }
            eprintln!(
                "{person} on {bg_name}: face {:.0} px wide, head width {:.2}, {:?}",
                analysis.face_width(),
                matte.head_width_ratio,
                matte.plausible
            );
            let (ours_img, _) = matte.to_output(to_output, size);
            let ours: Vec<f32> = ours_img.pixels().map(|p| f32::from(p[0]) / 255.0).collect();
            let margin = (f64::from(size[0]) * 0.04).round() as u32;
            let f = judge(&done.processed.image, &ours, &truth, &ideal, margin);
            // Before the matte: the coarse mask, feathered by one pixel, and `replace`.
            let coarse = analysis.person.as_ref().unwrap().to_output(to_output, size);
            let feathered = imageproc::filter::box_filter(&coarse, 1, 1);
            let base_alpha: Vec<f32> = feathered.pixels().map(|p| f32::from(p[0]) / 255.0).collect();
            let rendered = idphoto_studio::imaging::resample::render(&photo.image, to_output, size, white)
                .unwrap()
                .image;
            let mut before = rendered.clone();
            idphoto_studio::imaging::background::replace(&mut before, &coarse, white, 1);
            let b = judge(&before, &base_alpha, &truth, &ideal, margin);
            // What the counter says about the background: replaced, and remnants measured.
            let check = |id: &str| done.processed.report.checks.iter().find(|c| c.id == id).cloned();
            let refusal = check("background_replace");
            // Einstein on grass: his face measures 69 px wide there (74–82 px on the other six
            // backdrops), so the same big hair is 2.2 face widths at the eyes, the check's limit:
            // refused or not, either is right.
            if refusal.is_some() && (person, bg_name) != ("einstein", "grass") {
                refused.push(format!("{person} on {bg_name}: {:?}", matte.plausible));
            }
            let verdict =
                refusal.or_else(|| check("background_remnant")).expect("a background replacement check");
            println!(
                "| {person} | {bg_name} | {:.1} | {:.4} | {:.1} | {:.4} | {} | {} | {:+.1} | {:+.1} | {} | {:+.1} | {:?} {} |",
                f.sad,
                f.mse,
                b.sad,
                b.mse,
                f.remnant_pixels,
                f.largest_remnant,
                f.delta_b,
                f.delta_a,
                b.largest_remnant,
                b.delta_b,
                verdict.status,
                verdict.message.zh
            );
            // The hat check reads the person from the same matte (or, refused, the coarse mask):
            // on every backdrop grace_hopper's cap is never passed, and nobody else gets one.
            let hat = check("hat").expect("the hat check");
            eprintln!("{person} on {bg_name}: hat {:?} {}", hat.status, hat.measured.zh);
            hats.push((person, bg_name, hat.status, hat.measured.zh));
            // A remnant over 16 px or spill over 3 in b* that the counter passes is the bug.
            let flagged = verdict.status != CheckStatus::Pass;
            if !flagged && (f.largest_remnant > 16 || f.delta_b.abs() > 3.0) {
                unflagged.push(format!("{person} on {bg_name}: {f:?}"));
            }
            // Spill within ±3 b* on every composite, flagged or not (worst measured: 1.4, einstein on rocket).
            if f.delta_b.abs() > 3.0 {
                spilled.push(format!("{person} on {bg_name}: Δb* {:+.1}", f.delta_b));
            }
            worst_remnant = worst_remnant.max(f.largest_remnant);
            if let Some(dir) = std::env::var_os("MATTING_DEBUG") {
                let dir = std::path::Path::new(&dir);
                done.processed.image.save(dir.join(format!("{person}-{bg_name}-ours.png"))).unwrap();
                before.save(dir.join(format!("{person}-{bg_name}-before.png"))).unwrap();
                ideal.save(dir.join(format!("{person}-{bg_name}-ideal.png"))).unwrap();
                composite.save(dir.join(format!("{person}-{bg_name}-input.png"))).unwrap();
                rendered.save(dir.join(format!("{person}-{bg_name}-render.png"))).unwrap();
                let gray = |v: &[f32]| {
                    GrayImage::from_fn(size[0], size[1], |x, y| {
                        image::Luma([(v[(y * size[0] + x) as usize] * 255.0).round() as u8])
                    })
                };
                gray(&truth).save(dir.join(format!("{person}-{bg_name}-a-truth.png"))).unwrap();
                gray(&ours).save(dir.join(format!("{person}-{bg_name}-a-ours.png"))).unwrap();
                gray(&base_alpha).save(dir.join(format!("{person}-{bg_name}-a-base.png"))).unwrap();
            }
            remnants += f.largest_remnant;
            total += f.sad;
            base_total += b.sad;
            if ["white", "blue", "grey"].contains(&bg_name) {
                plain += f.sad;
                plain_base += b.sad;
            }
        }
    }
    println!(
        "edge SAD: plain backdrops {plain:.0} (baseline {plain_base:.0}, {:.0}%), all {total:.0} (baseline {base_total:.0}, {:.0}%)",
        100.0 * plain / plain_base,
        100.0 * total / base_total
    );
    assert!(no_face <= 1, "{no_face} composites without a face");
    // On plain backdrops the close-up always sees the face; the largest remnants summed over all
    // 21 composites were 7,244 px with the wide mask alone, 1,316 px with the closer look, 113 px
    // with shared sampling (the largest 79 px, astronaut on rocket; none on a plain backdrop),
    // 40 px once faint values below the hair fade on busy backdrops (the largest 23 px, grace_hopper
    // on coffee), 14 px once they fade outside the coarse mask too (the largest 11 px): the issue's
    // target, no remnant over 16 px on any composite. Closed-form matting on uniform backdrops
    // left 14 px on einstein/grey (flagged 请人工确认): 28 px summed.
    println!(
        "closer look on {closer_plain} of 9 plain composites; largest remnants summed: {remnants} px, worst {worst_remnant} px"
    );
    assert_eq!(closer_plain, 9, "the closer look is taken on every plain backdrop");
    assert!(remnants <= 30, "largest remnants summed: {remnants} px");
    assert!(worst_remnant <= 16, "largest remnant: {worst_remnant} px");
    assert!(unflagged.is_empty(), "remnants or spill the checks pass: {unflagged:#?}");
    assert!(spilled.is_empty(), "spill beyond ±3 b*: {spilled:#?}");
    // Every composite's matte agrees with the face analysis but einstein's on grass (see above).
    assert!(refused.is_empty(), "mattes refused: {refused:#?}");
    for (person, bg, status, measured) in &hats {
        let capped = person.starts_with("grace");
        assert!(
            if capped { *status != CheckStatus::Pass } else { *status != CheckStatus::Fail },
            "{person} on {bg}: hat {status:?} {measured}"
        );
    }
    // Measured: plain 30 % (the target, at least halved, met on studio backdrops; 45 %
    // before closed-form matting on uniform backdrops), all 45 % (met since closed-form matting
    // near the edge on busy backdrops too, 58 % before it: docs/matting.md; 59 % before the wide
    // mask was averaged with its mirror image, 65 % before closed-form matting, 63 % before busy
    // samples could raise the mask within half a band, 61 % before faint values below the hair fade, 62 % before they fade
    // outside the coarse mask too, which costs 3.5 points of faint edges and removes the last
    // remnant over 16 px).
    assert!(plain <= plain_base * 0.35, "plain backdrops: {plain:.0} vs {plain_base:.0}");
    assert!(total <= base_total * 0.50, "all: {total:.0} vs {base_total:.0}");
}

/// Dev tool, not a test: the before/after pictures of `docs/matting.md`. For grace_hopper and
/// astronaut on white, blue and red, the top-left quarter of the finished photo (hair, cap and
/// shoulder edge) at 400 %: above, the coarse mask as before the matte; below, the matte.
#[test]
#[ignore = "dev tool: MATTING_SHOTS=docs cargo test --test it matting::shots -- --ignored"]
fn shots_at_400_percent() {
    let Some(dir) = std::env::var_os("MATTING_SHOTS") else { return };
    let analyzer = FaceAnalyzer::new().unwrap();
    let cat = Catalogue::load(&builtin_files());
    let mut spec = cat.get("gd-shenzhen-id-card").unwrap().clone();
    let colours = [[255u8, 255, 255], [67, 142, 219], [217, 0, 27]];
    spec.background = colours.iter().map(|&c| idphoto_studio::domain::spec::Rgb(c)).collect();
    for (person, file) in [("grace_hopper", "grace_hopper.jpg"), ("astronaut", "astronaut.png")] {
        let photo = idphoto_studio::imaging::load_photo(&super::common::photos::face_bytes(file)).unwrap();
        let (w, h) = (spec.px[0] / 2, spec.px[1] / 2);
        let mut sheet = RgbImage::from_pixel(w * 4 * 3 + 20, h * 4 * 2 + 10, image::Rgb([40, 40, 40]));
        for (k, colour) in colours.iter().enumerate() {
            let options = ProcessOptions { background: k, best_effort_size: true, ..Default::default() };
            let after =
                idphoto_studio::vision::auto::process_auto(&photo, &spec, &analyzer, options).unwrap();
            let analysis = after.analysis.as_ref().unwrap();
            let to_output = Affine(after.processed.report.source_to_output);
            let coarse = analysis.person.as_ref().unwrap().to_output(to_output, spec.px);
            let mut before =
                idphoto_studio::imaging::resample::render(&photo.image, to_output, spec.px, *colour)
                    .unwrap()
                    .image;
            idphoto_studio::imaging::background::replace(&mut before, &coarse, *colour, 1);
            for (row, img) in [before, after.processed.image.clone()].iter().enumerate() {
                let quarter = image::imageops::crop_imm(img, 0, 0, w, h).to_image();
                let big =
                    image::imageops::resize(&quarter, w * 4, h * 4, image::imageops::FilterType::Nearest);
                image::imageops::overlay(
                    &mut sheet,
                    &big,
                    i64::from(k as u32 * (w * 4 + 10)),
                    i64::from(row as u32 * (h * 4 + 10)),
                );
            }
        }
        let path = std::path::Path::new(&dir).join(format!("matting-{person}-400.jpg"));
        let mut out = std::fs::File::create(&path).unwrap();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&sheet).unwrap();
        println!("{}", path.display());
    }
}

/// A shadow cast on a plain backdrop beside the person (the true alpha moved 0.3 face widths
/// right and a little down, softened, darkening the backdrop by `depth`): measured in the source
/// before the background is replaced. Without the shadow the same composites pass, also with the
/// backdrop lit unevenly (12 % darker from left to right, as a studio light off to one side does).
#[test]
fn a_shadow_on_the_backdrop_is_seen_before_it_is_replaced() {
    use idphoto_studio::domain::checks::CheckStatus;
    let analyzer = FaceAnalyzer::new().unwrap();
    let cat = Catalogue::load(&builtin_files());
    let spec = cat.get("gd-shenzhen-id-card").unwrap();
    for person in PEOPLE {
        let alpha = image::open(fixture(&format!("{person}-alpha.png"))).unwrap().to_luma8();
        let fg = image::open(fixture(&format!("{person}-fg.jpg"))).unwrap().to_rgb8();
        let (w, h) = alpha.dimensions();
        // The person's width at the alpha's widest row stands in for the offset's scale.
        let shift = (f64::from(w) * 0.09).round() as i64;
        let soft = imageproc::filter::gaussian_blur_f32(&alpha, (w as f32 / 80.0).max(1.0));
        for (bg_name, depth, falloff) in [
            ("grey", 0.0, 0.0),
            ("grey", 0.0, 0.12),
            ("grey", 0.35, 0.0),
            ("white", 0.35, 0.0),
            ("blue", 0.2, 0.0),
        ] {
            let bg = background(bg_name, w, h);
            let composite = RgbImage::from_fn(w, h, |x, y| {
                let a = f32::from(alpha.get_pixel(x, y)[0]) / 255.0;
                let (sx, sy) = (i64::from(x) - shift, i64::from(y) - shift / 3);
                let s = if sx >= 0 && sy >= 0 && sx < i64::from(w) && sy < i64::from(h) {
                    f32::from(soft.get_pixel(sx as u32, sy as u32)[0]) / 255.0
                } else {
                    0.0
                };
                let (f, b) = (fg.get_pixel(x, y), bg.get_pixel(x, y));
                image::Rgb(std::array::from_fn(|c| {
                    let lit = 1.0 - falloff * x as f32 / w as f32;
                    let b = f32::from(b[c]) * lit * (1.0 - depth * s);
                    (a * f32::from(f[c]) + (1.0 - a) * b).round() as u8
                }))
            });
            let done = idphoto_studio::vision::auto::process_auto(
                &SourcePhoto::from_rgb(composite),
                spec,
                &analyzer,
                ProcessOptions { best_effort_size: true, ..Default::default() },
            )
            .unwrap();
            let check = done.processed.report.checks.iter().find(|c| c.id == "backdrop_shadow").cloned();
            if let Ok(dir) = std::env::var("AUDIT_DUMP") {
                let file = format!("{dir}/shadow-{person}-{bg_name}-{depth}-{falloff}.png");
                done.processed.image.save(file).unwrap();
            }
            eprintln!("{person} on {bg_name}, shadow {depth}, falloff {falloff}: {check:?}");
            // A deep shadow beside big hair may also be taken for the person: then the matte is
            // refused (the silhouette too wide at the eyes) and the background is not replaced,
            // which fails too (einstein on white, since the wide mask is averaged with its mirror).
            let refused = done.processed.report.checks.iter().find(|c| c.id == "background_replace");
            if let (None, Some(refused)) = (&check, refused) {
                eprintln!("  refused: {refused:?}");
                assert!(depth > 0.0, "{person} on {bg_name} without a shadow refused: {refused:?}");
                assert_eq!(refused.status, CheckStatus::Fail);
                continue;
            }
            let check = check.expect("measured on a plain backdrop");
            if depth == 0.0 {
                assert_eq!(check.status, CheckStatus::Pass, "{person} on {bg_name}: {check:?}");
            } else {
                assert_ne!(check.status, CheckStatus::Pass, "{person} on {bg_name}: {check:?}");
            }
        }
    }
}
