//! Tests of [`super`] (the matte's refinement on synthetic portraits).

use super::*;

#[test]
fn a_uniform_backdrop_is_measured_and_a_busy_one_is_not() {
    let plain = RgbImage::from_pixel(200, 240, image::Rgb([70, 110, 200]));
    let none = |_: f64, _: f64| 0.0f32;
    let b = backdrop_of(&plain, &none).expect("uniform");
    assert!(b.spread < 1.0);
    let busy =
        RgbImage::from_fn(200, 240, |x, y| image::Rgb([(x * 7 % 255) as u8, (y * 13 % 255) as u8, 90]));
    assert_eq!(backdrop_of(&busy, &none), None);
}

/// The synthetic portraits' shape in a 200×240 frame: a head (radius 40 about (100, 100)), a
/// neck and shoulders from y 165.
fn portrait_shape(x: f64, y: f64) -> bool {
    let head = (x - 100.0).powi(2) + (y - 100.0).powi(2) < 40.0f64.powi(2);
    let neck = (85.0..115.0).contains(&x) && y > 130.0;
    head || neck || (y > 165.0 && (30.0..170.0).contains(&x))
}

/// A head, neck and shoulders (skin, a white cap band, a dark jacket) before a busy backdrop: a
/// flag's blue, shaded in bands, with small white stars 20 px apart. The stars' white is the
/// cap's white, so a star can be read as the person (white over blue), and the sampling lines
/// mostly miss them. The coarse mask is the exact shape, 0 or 1.
fn starred_portrait() -> (RgbImage, impl Fn(f64, f64) -> f32) {
    let inside = portrait_shape;
    let image = RgbImage::from_fn(200, 240, |x, y| {
        let (fx, fy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
        image::Rgb(if inside(fx, fy) {
            if fy > 165.0 {
                [25, 25, 50]
            } else if fy < 75.0 {
                [242, 242, 242]
            } else {
                [205, 155, 130]
            }
        } else if x % 20 < 2 && y % 20 < 2 {
            [242, 242, 242]
        } else {
            [50, 75, 180 - (x % 7) as u8 * 10]
        })
    });
    (image, move |x: f64, y: f64| if inside(x, y) { 1.0 } else { 0.0 })
}

/// [`refine`] over the whole [`starred_portrait`] frame, with its face.
fn refine_starred(image: &RgbImage, coarse: Coarse<'_>) -> Matte {
    let inner: Vec<Point> = [(85.0, 95.0), (115.0, 95.0), (100.0, 110.0), (100.0, 122.0)]
        .iter()
        .map(|&(x, y)| Point { x, y })
        .collect();
    let face =
        FaceHint { face_width: 60.0, inner: &inner, centre: Point { x: 100.0, y: 110.0 }, eye_y: 95.0 };
    refine(image, coarse, (Point { x: 100.0, y: 120.0 }, 240.0), &face)
}

#[test]
fn on_a_busy_backdrop_a_star_like_the_person_is_not_added() {
    let (image, coarse) = starred_portrait();
    assert_eq!(backdrop_of(&image, &coarse), None, "the flag is a busy backdrop");
    let matte = refine_starred(&image, &coarse);
    assert!(matte.plausible.is_ok(), "{:?}", matte.plausible);
    // The stars around the head, clear of the shape by 3 px: background. Measured: mean α
    // 0.006, worst 0.24 (a star by the cap's edge, through the guided filter); when the samples
    // may also add person there, 0.054 and 0.99.
    let (mut worst, mut sum, mut count) = (0f32, 0f32, 0);
    for y in 40..160 {
        for x in 0..200 {
            let (fx, fy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
            let near = [(-3.0, 0.0), (3.0, 0.0), (0.0, -3.0), (0.0, 3.0), (0.0, 0.0)];
            let clear = near.iter().all(|(dx, dy)| coarse(fx + dx, fy + dy) == 0.0);
            if clear && image.get_pixel(x, y).0.iter().all(|&c| c > 230) {
                let (a, _) = matte.at(fx, fy);
                (worst, sum, count) = (worst.max(a), sum + a, count + 1);
            }
        }
    }
    assert!(count > 100, "{count} white star pixels");
    assert!(
        sum / count as f32 <= 0.01 && worst <= 0.3,
        "stars kept: mean α {:.3}, worst {worst:.2}",
        sum / count as f32
    );
    // The cap's white band inside the shape stays the person.
    assert!(matte.at(100.0, 70.0).0 >= 0.9, "the cap: α {}", matte.at(100.0, 70.0).0);
}

#[test]
fn on_a_busy_backdrop_the_person_reaches_past_a_soft_inward_mask() {
    // The segmentation's edge is soft and sits a little inside the person (its 256 cells,
    // upsampled): here 2 px inside the head, soft over 6 px.
    let (image, exact) = starred_portrait();
    let coarse = move |x: f64, y: f64| {
        let d = ((x - 100.0).powi(2) + (y - 100.0).powi(2)).sqrt();
        let head = ((38.0 - d) / 6.0 + 0.5).clamp(0.0, 1.0) as f32;
        head.max(if y > 140.0 { exact(x, y) } else { 0.0 })
    };
    let matte = refine_starred(&image, &coarse);
    assert!(matte.plausible.is_ok(), "{:?}", matte.plausible);
    // The face's own edge (skin, 0.5–1.5 px inside the true outline, beside the face): the
    // person as far as the mask reaches within half a band. Measured: mean α 0.83; with the
    // samples only lowering the mask, 0.47.
    let (mut sum, mut count) = (0f32, 0);
    for y in 80..130 {
        for x in 0..200 {
            let (fx, fy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
            let d = ((fx - 100.0).powi(2) + (fy - 100.0).powi(2)).sqrt();
            if (38.5..39.5).contains(&d) {
                sum += matte.at(fx, fy).0;
                count += 1;
            }
        }
    }
    assert!(count > 40, "{count} edge pixels");
    assert!(sum / count as f32 >= 0.75, "the face's edge: mean α {:.2}", sum / count as f32);
}

/// The mean α over the middle of a patch of the background, within the unknown band, whose
/// colour is no mix of the person's and the background's (so the mask decides), and which the
/// mask holds at a quarter: a smudge of the old background. And α at `person`, which must stay.
fn smudge(xs: std::ops::Range<f64>, ys: std::ops::Range<f64>, person: (f64, f64)) -> (f32, f32) {
    let (mut image, exact) = starred_portrait();
    let patch = |x: f64, y: f64| xs.contains(&x) && ys.contains(&y);
    for (x, y, p) in image.enumerate_pixels_mut() {
        if patch(f64::from(x) + 0.5, f64::from(y) + 0.5) {
            *p = image::Rgb([120, 200, 60]);
        }
    }
    let coarse = |x: f64, y: f64| if patch(x, y) { 0.25 } else { exact(x, y) };
    let matte = refine_starred(&image, &coarse);
    let (mut sum, mut count) = (0f32, 0);
    for y in (ys.start as u32 + 2)..(ys.end as u32 - 2) {
        for x in (xs.start as u32 + 2)..(xs.end as u32) {
            sum += matte.at(f64::from(x) + 0.5, f64::from(y) + 0.5).0;
            count += 1;
        }
    }
    (sum / count.max(1) as f32, matte.at(person.0, person.1).0)
}

#[test]
fn on_a_busy_backdrop_a_faint_smudge_beside_the_neck_fades() {
    let (smudge, neck) = smudge(115.0..119.5, 140.0..160.0, (100.0, 150.0));
    // Measured: mean α 0.13; 0.25 (the mask's quarter) without pushing faint values down.
    assert!(smudge <= 0.18, "the smudge: mean α {smudge:.2}");
    assert!(neck >= 0.9, "the neck: α {neck}");
}

#[test]
fn on_a_busy_backdrop_a_faint_smudge_beside_the_temple_fades() {
    // Above the eyes (y 95), outside the coarse mask: a cup's rim behind the head.
    let (smudge, temple) = smudge(136.0..140.5, 70.0..90.0, (125.0, 85.0));
    // Measured: mean α 0.12; 0.25 when only values below the hair faded.
    assert!(smudge <= 0.18, "the smudge: mean α {smudge:.2}");
    assert!(temple >= 0.9, "the temple: α {temple}");
}

/// A head (skin), neck and shoulders in a white shirt before a white studio backdrop, whose
/// white is within a few levels of the shirt's: the coarse mask is the exact shape.
fn white_shirt_on_white() -> (RgbImage, impl Fn(f64, f64) -> f32) {
    let inside = portrait_shape;
    let image = RgbImage::from_fn(200, 240, |x, y| {
        let (fx, fy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
        image::Rgb(if !inside(fx, fy) {
            [246, 246, 246]
        } else if fy > 165.0 {
            [244, 244, 245]
        } else {
            [205, 155, 130]
        })
    });
    // The mask's edge along the shoulders is soft, over 8 px, and 2 px inside them.
    let coarse = move |x: f64, y: f64| {
        if (30.0..170.0).contains(&x) && y > 155.0 && !((85.0..115.0).contains(&x)) {
            ((y - 171.0) / 8.0 + 0.5).clamp(0.0, 1.0) as f32
        } else if inside(x, y) {
            1.0
        } else {
            0.0
        }
    };
    (image, coarse)
}

#[test]
fn on_a_uniform_backdrop_closed_form_matting_keeps_a_white_shirt_on_white() {
    let (image, coarse) = white_shirt_on_white();
    assert!(backdrop_of(&image, &coarse).is_some(), "a studio backdrop");
    let matte = refine_starred(&image, &coarse);
    assert!(matte.plausible.is_ok(), "{:?}", matte.plausible);
    // The shirt 1–4 px inside its outline along the shoulders' top: the person.
    let (mut worst, mut count) = (1f32, 0);
    for x in 40..80 {
        for y in 167..170 {
            worst = worst.min(matte.at(f64::from(x) + 0.5, f64::from(y) + 0.5).0);
            count += 1;
        }
    }
    assert!(count > 100);
    assert!(worst >= 0.9, "the shirt's edge: α {worst:.2}");
    // The skin's edge beside the face is resolved: outside 0, inside 1, within a pixel or two.
    assert!(matte.at(100.0 - 43.0, 100.0).0 <= 0.05, "backdrop beside the face: {}", matte.at(57.0, 100.0).0);
    assert!(matte.at(100.0 - 37.0, 100.0).0 >= 0.95, "cheek: {}", matte.at(63.0, 100.0).0);
}

/// Light hair with a dark parting reaching its top edge, before a light, busy backdrop (a mottled
/// beige): composited onto white, the parting keeps its own dark colour. Where the matte let some
/// backdrop through there, no person's colour in the gamut could explain the pixel, and the
/// clamped estimate came out as a grey-blue blot (seen in a demo capture's hair) until the alpha
/// was held to what the colours allow.
#[test]
fn a_dark_parting_before_a_light_backdrop_keeps_its_colour() {
    let parting = |x: f64, y: f64| (88.0..100.0).contains(&x) && y < 90.0;
    let image = RgbImage::from_fn(200, 240, |x, y| {
        let (fx, fy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
        image::Rgb(if portrait_shape(fx, fy) {
            if fy > 165.0 {
                [25, 25, 50]
            } else if parting(fx, fy) {
                [50, 35, 25]
            } else if fy < 85.0 {
                [205, 175, 115]
            } else {
                [205, 155, 130]
            }
        } else {
            let mottle = ((x / 6 + y / 5) % 4) as u8 * 20;
            [175 + mottle, 165 + mottle, 150 + mottle]
        })
    });
    // The model is unsure over the hair (0.7), as it is over real hair.
    let coarse = |x: f64, y: f64| match (portrait_shape(x, y), y < 90.0) {
        (false, _) => 0.0,
        (true, true) => 0.7,
        (true, false) => 1.0,
    };
    assert_eq!(backdrop_of(&image, &coarse), None, "the mottled backdrop is busy");
    let matte = refine_starred(&image, &coarse);
    let mut worst = 0f32;
    for y in 60..90u32 {
        for x in 88..100u32 {
            let (fx, fy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
            if !portrait_shape(fx, fy) || portrait_shape(fx, fy - 4.0) && fy > 70.0 {
                continue;
            }
            let (a, f) = matte.at(fx, fy);
            let source = image.get_pixel(x, y).0;
            for c in 0..3 {
                let on_white = a * f[c] + (1.0 - a) * 255.0;
                worst = worst.max((on_white - f32::from(source[c])).abs());
            }
        }
    }
    println!("parting on white: worst channel off by {worst:.0}");
    // Measured: 31 with the alpha held to what the colours allow, 43 without it.
    assert!(worst < 37.0, "the parting turned into a blot: {worst:.0}");
}
