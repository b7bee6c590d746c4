//! Automatic placement and every check on real portraits and on variants made from them with a
//! known defect (darkened, side-lit, blurred, tinted, grey, shadowed background).

use super::common::photos::face_bytes;
use idphoto_studio::domain::checks::{CheckResult, CheckStatus};
use idphoto_studio::domain::geometry::Affine;
use idphoto_studio::domain::{Catalogue, PhotoSpec};
use idphoto_studio::imaging::{ProcessOptions, SourcePhoto, load_photo};
use idphoto_studio::spec_files::builtin_files;
use idphoto_studio::vision::FaceAnalyzer;
use idphoto_studio::vision::auto::{AutoProcessed, process_auto};
use image::RgbImage;
use std::sync::LazyLock;

use CheckStatus::{Fail, Pass, Warn};

static ANALYZER: LazyLock<FaceAnalyzer> = LazyLock::new(|| FaceAnalyzer::new().unwrap());
static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::load(&builtin_files()));

fn spec(id: &str) -> &'static PhotoSpec {
    CATALOGUE.get(id).unwrap()
}

fn run(image: RgbImage, spec_id: &str, no_retouch: bool) -> AutoProcessed {
    let options = ProcessOptions { no_retouch, ..ProcessOptions::default() };
    process_auto(&SourcePhoto::from_rgb(image), spec(spec_id), &ANALYZER, options).unwrap()
}

fn photo(name: &str) -> RgbImage {
    load_photo(&face_bytes(name)).unwrap().image
}

fn check<'a>(done: &'a AutoProcessed, id: &str) -> &'a CheckResult {
    let checks = &done.processed.report.checks;
    checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no {id} check in {checks:#?}"))
}

fn status(done: &AutoProcessed, id: &str) -> CheckStatus {
    check(done, id).status
}

fn map_pixels(mut img: RgbImage, f: impl Fn(u32, u32, [u8; 3]) -> [f32; 3]) -> RgbImage {
    for (x, y, p) in img.enumerate_pixels_mut() {
        p.0 = f(x, y, p.0).map(|v| v.round().clamp(0.0, 255.0) as u8);
    }
    img
}

#[test]
fn astronaut_is_placed_to_the_social_security_spec() {
    let done = run(photo("astronaut.png"), "gd-shenzhen-social-security-card", false);
    let r = &done.processed.report;
    assert_eq!(r.placement, "auto");
    let a = done.analysis.as_ref().unwrap();
    // The analysis's own points land where the placement put them (output pixels).
    let m = Affine(r.source_to_output);
    let (rx, ry) = m.apply(f64::from(a.right_eye.x), f64::from(a.right_eye.y));
    let (lx, ly) = m.apply(f64::from(a.left_eye.x), f64::from(a.left_eye.y));
    assert!((ry - ly).abs() < 0.5, "eyes level: {ry} vs {ly}");
    let width = f64::from(a.face_width()) * m.scale_factor();
    assert!((width - 217.0).abs() < 1.0, "face width {width} (middle of 179–255)");
    let crown = m.apply(f64::from(a.crown.unwrap().x), f64::from(a.crown.unwrap().y)).1;
    assert!((7.0..=21.0).contains(&crown), "crown {crown}");
    assert!(441.0 - (ry + ly) / 2.0 >= 207.0, "eye line {}", (ry + ly) / 2.0);
    let centre = m.apply(f64::from(a.right_cheek.mid(a.left_cheek).x), f64::from(a.right_cheek.y)).0;
    assert!((centre - 179.0).abs() < 1.0, "centre {centre}; eyes at {rx:.0}/{lx:.0}");
    for id in ["face_count", "face_width", "crown_margin", "eye_line", "centring", "roll", "head_in_frame"] {
        assert_eq!(status(&done, id), Pass, "{:?}", check(&done, id));
    }
    for id in ["background_colour", "background_uniform", "exposure", "clipping", "colour_cast", "eyes_open"]
    {
        assert_eq!(status(&done, id), Pass, "{:?}", check(&done, id));
    }
    // A 512 px photo for a 441 px frame whose face must be 217 px wide: enlarged 2.3×.
    assert_eq!(check(&done, "upscale").message, "图像像素不足");
    // She smiles with her teeth showing.
    assert_eq!(check(&done, "mouth_closed").message, "不能露齿");
    assert_eq!(r.overall, Fail);
    // The report carries the landmarks it used, in source pixels.
    let face = r.face.as_ref().unwrap();
    assert!((face["right_eye"]["x"].as_f64().unwrap() - f64::from(a.right_eye.x)).abs() < 1e-3);
}

#[test]
fn grace_hopper_with_cap_and_glasses() {
    let done = run(photo("grace_hopper.jpg"), "std-1-inch", false);
    for id in ["face_count", "face_width", "eye_line", "centring", "roll", "yaw", "eyes_open", "mouth_closed"]
    {
        assert_eq!(status(&done, id), Pass, "{:?}", check(&done, id));
    }
    for id in ["exposure", "clipping", "light_balance", "sharpness", "colour_cast", "background_colour"] {
        assert_eq!(status(&done, id), Pass, "{:?}", check(&done, id));
    }
    // Her cap is part of the person mask: the crown is the top of the cap. (Hats and glasses glare
    // have no honest detector here and are left to the operator.)
    assert!(done.analysis.as_ref().unwrap().crown.is_some());
}

#[test]
fn einstein_small_grey_and_turned() {
    let done = run(photo("einstein.jpg"), "std-1-inch", false);
    assert_eq!(check(&done, "upscale").message, "图像像素不足");
    assert_eq!(check(&done, "colour_cast").message, "照片应为彩色（黑白照片）");
    assert_eq!(check(&done, "yaw").message, "姿势不正");
    assert_eq!(done.processed.report.overall, Fail);
}

#[test]
fn no_face_and_several_faces() {
    let blank = RgbImage::from_fn(640, 480, |x, y| image::Rgb([(x / 3) as u8, (y / 2) as u8, 128]));
    let done = run(blank, "std-1-inch", false);
    assert_eq!(done.processed.report.placement, "centred");
    assert_eq!(check(&done, "face_count").message, "未检测到人脸");
    assert_eq!(done.processed.report.overall, Fail);

    let a = photo("astronaut.png");
    let g = image::imageops::thumbnail(&photo("grace_hopper.jpg"), 300, 352);
    let mut both = RgbImage::from_pixel(900, 512, image::Rgb([200, 200, 200]));
    image::imageops::overlay(&mut both, &a, 0, 0);
    image::imageops::overlay(&mut both, &g, 560, 80);
    let done = run(both, "std-1-inch", false);
    let c = check(&done, "face_count");
    assert_eq!((c.status, c.measured.zh.as_str()), (Warn, "2"), "{c:?}");
    // The larger face is the one placed.
    let width = |img: &RgbImage| ANALYZER.analyse(img).unwrap().unwrap().face_width();
    let larger_is_left = width(&a) > width(&g);
    let eye = done.analysis.as_ref().unwrap().eye_mid();
    assert_eq!(eye.x < 512.0, larger_is_left, "{eye:?}");
}

#[test]
fn exposure_and_light_defects_are_named() {
    let hopper = photo("grace_hopper.jpg");
    let dark = map_pixels(hopper.clone(), |_, _, p| p.map(|v| f32::from(v) * 0.45));
    let done = run(dark, "std-1-inch", false);
    assert_ne!(status(&done, "exposure"), Pass);
    assert_eq!(check(&done, "exposure").message, "曝光不足");

    let bright = map_pixels(hopper.clone(), |_, _, p| p.map(|v| f32::from(v) * 1.7 + 20.0));
    let done = run(bright, "std-1-inch", false);
    assert_eq!(status(&done, "exposure"), Fail, "{:?}", check(&done, "exposure"));
    assert_eq!(status(&done, "clipping"), Fail, "{:?}", check(&done, "clipping"));

    // Light from the image's left: the right half falls to 55 % over a soft 40 px edge.
    let half = hopper.width() as f32 / 2.0;
    let side = map_pixels(hopper, |x, _, p| {
        let t = ((x as f32 - half) / 40.0 + 0.5).clamp(0.0, 1.0);
        p.map(|v| f32::from(v) * (1.0 - 0.45 * t))
    });
    let done = run(side, "std-1-inch", false);
    let c = check(&done, "light_balance");
    assert_ne!(c.status, Pass, "{c:?}");
    assert_eq!(c.message, "曝光不均匀");
}

#[test]
fn blur_and_colour_casts_are_named() {
    let hopper = photo("grace_hopper.jpg");
    let blurred = image::imageops::blur(&hopper, 3.0);
    let done = run(blurred, "std-1-inch", false);
    assert_eq!(check(&done, "sharpness").status, Fail, "{:?}", check(&done, "sharpness"));
    assert_eq!(check(&done, "sharpness").message, "图像不清晰");

    let tint =
        |m: [f32; 3]| map_pixels(hopper.clone(), move |_, _, p| [0, 1, 2].map(|c| f32::from(p[c]) * m[c]));
    for (mul, words) in [
        ([1.0, 0.8, 1.0], "偏红"),
        ([0.8, 0.95, 1.25], "偏蓝"),
        ([0.6, 0.85, 1.4], "照片偏蓝"),
        ([1.05, 1.0, 0.4], "照片偏黄"),
    ] {
        let done = run(tint(mul), "std-1-inch", false);
        let c = check(&done, "colour_cast");
        assert_ne!(c.status, Pass, "{mul:?}: {c:?}");
        assert!(c.message.zh.contains(words), "{mul:?}: {c:?}");
    }
    let grey = map_pixels(hopper, |_, _, p| {
        let y = 0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2]);
        [y; 3]
    });
    let done = run(grey, "std-1-inch", false);
    assert_eq!(check(&done, "colour_cast").message, "照片应为彩色（黑白照片）");
}

#[test]
fn a_shadow_on_the_backdrop_is_found_when_the_background_is_kept() {
    // The astronaut on a clean white backdrop, made by the pipeline itself. (Grace Hopper's navy
    // uniform on a grey-blue wall leaves remnants of the old backdrop at her hair, which this check
    // then rightly reports.)
    let clean = run(photo("astronaut.png"), "std-large-2-inch", false);
    let white = clean.processed.image.clone();
    let kept = run(white.clone(), "std-1-inch", true);
    assert_eq!(status(&kept, "background_colour"), Pass, "{:?}", check(&kept, "background_colour"));
    assert_eq!(status(&kept, "background_uniform"), Pass, "{:?}", check(&kept, "background_uniform"));
    // The same with a shadow falling across the backdrop towards the right.
    let w = white.width() as f32;
    let shadowed =
        map_pixels(white, |x, _, p| p.map(|v| f32::from(v) * (1.0 - 0.3 * (x as f32 / w).powi(2))));
    let kept = run(shadowed.clone(), "std-1-inch", true);
    let c = check(&kept, "background_uniform");
    assert_ne!(c.status, Pass, "{c:?}");
    assert_eq!(c.message, "图像有阴影（背景不均匀）");
    // With retouching the backdrop is replaced and the shadow is gone.
    let replaced = run(shadowed, "std-1-inch", false);
    assert_eq!(status(&replaced, "background_uniform"), Pass);
}
