//! The audit checks (`domain::audit_checks`) on a labelled set: the three public-domain portraits
//! and controlled edits of them, each positive with its matching negative (tests/fixtures/README.md
//! says how each edit is made). Every case is analysed again after its edit, as the counter would,
//! and placed for a white-background spec; the verdicts are asserted and the measured values
//! printed (the table in docs/checks.md).

use super::common::photos::face_bytes;
use idphoto_studio::domain::checks::CheckStatus;
use idphoto_studio::domain::spec::Rgb;
use idphoto_studio::domain::{Catalogue, PhotoSpec};
use idphoto_studio::imaging::audit::{FaceFrame, FacePoints, Xy, centroid, dist};
use idphoto_studio::imaging::quality::{delta_e, lab};
use idphoto_studio::imaging::{ProcessOptions, SourcePhoto, load_photo};
use idphoto_studio::spec_files::builtin_files;
use idphoto_studio::vision::auto::process_analysed;
use idphoto_studio::vision::{FaceAnalysis, FaceAnalyzer};
use image::RgbImage;
use std::sync::LazyLock;

use CheckStatus::{Fail, Pass};

static ANALYZER: LazyLock<FaceAnalyzer> = LazyLock::new(|| FaceAnalyzer::new().unwrap());
static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::load(&builtin_files()));
const WHITE_SPEC: &str = "gd-shenzhen-social-security-card";

struct Base {
    image: RgbImage,
    analysis: FaceAnalysis,
    points: FacePoints,
}

fn base(name: &str) -> Base {
    let image = load_photo(&face_bytes(name)).unwrap().image;
    let analysis = ANALYZER.analyse(&image).unwrap().unwrap();
    let points = analysis.face_points().unwrap();
    Base { image, analysis, points }
}

static BASES: LazyLock<Vec<(&str, Base)>> = LazyLock::new(|| {
    ["astronaut.png", "grace_hopper.jpg", "einstein.jpg"].into_iter().map(|n| (n, base(n))).collect()
});

/// Calls `f` with every pixel and its face coordinates; `f` returns the new colour, if any.
fn edit(b: &Base, f: impl Fn(Xy, [u8; 3]) -> Option<[f32; 3]>) -> RgbImage {
    let frame = FaceFrame::of(&b.points).unwrap();
    let mut out = b.image.clone();
    for (x, y, p) in out.enumerate_pixels_mut() {
        if let Some(c) = f(frame.to_face((f64::from(x) + 0.5, f64::from(y) + 0.5)), p.0) {
            p.0 = c.map(|v| v.round().clamp(0.0, 255.0) as u8);
        }
    }
    out
}

/// Each eye's centre and width in face coordinates.
fn eyes(b: &Base) -> [(Xy, f64); 2] {
    let f = FaceFrame::of(&b.points).unwrap();
    [0, 1].map(|i| {
        (
            f.to_face(centroid(&b.points.eyes[i])),
            dist(b.points.eye_corners[i][0], b.points.eye_corners[i][1]) / f.face_width(),
        )
    })
}

fn in_ellipse(p: Xy, c: Xy, (ra, rb): Xy) -> bool {
    ((p.0 - c.0) / ra).powi(2) + ((p.1 - c.1) / rb).powi(2) <= 1.0
}

/// Red pupils: a disc 0.14 eye widths across round each iris centre (the iris model's), or round
/// the eye's centre where the eyes are too small for it.
fn red_pupils(b: &Base) -> RgbImage {
    let f = FaceFrame::of(&b.points).unwrap();
    let discs: Vec<(Xy, f64)> = eyes(b)
        .iter()
        .enumerate()
        .map(|(i, &(c, w))| (b.points.irises.map_or(c, |irises| f.to_face(irises[i].0)), 0.14 * w))
        .collect();
    edit(b, |p, _| discs.iter().any(|&(c, r)| dist(p, c) <= r).then_some([190.0, 28.0, 32.0]))
}

fn catch_lights(b: &Base) -> RgbImage {
    let e = eyes(b);
    edit(b, |p, _| {
        e.iter().any(|&(c, w)| dist(p, (c.0 + 0.05 * w, c.1 - 0.03 * w)) <= 0.07 * w).then_some([250.0; 3])
    })
}

fn glare(b: &Base) -> RgbImage {
    let e = eyes(b);
    edit(b, |p, _| {
        e.iter()
            .any(|&(c, w)| in_ellipse(p, (c.0 + 0.25 * w, c.1 + 0.38 * w), (0.3 * w, 0.1 * w)))
            .then_some([252.0; 3])
    })
}

fn tinted(b: &Base) -> RgbImage {
    let e = eyes(b);
    edit(b, |p, c| {
        e.iter()
            .any(|&(ec, w)| in_ellipse(p, (ec.0, ec.1 + 0.1 * w), (0.8 * w, 0.55 * w)))
            .then(|| c.map(|v| f32::from(v) * 0.45))
    })
}

/// Grace Hopper's cap (everything of her above her forehead), scaled to the subject's face.
fn capped(b: &Base) -> RgbImage {
    let grace = &BASES[1].1;
    let (gf, person) = (FaceFrame::of(&grace.points).unwrap(), grace.analysis.person.as_ref().unwrap());
    let top = gf.to_face(grace.points.forehead_top).1;
    edit(b, |p, _| {
        if p.1 > top + 0.02 || p.0.abs() > 0.75 {
            return None;
        }
        let (x, y) = gf.to_image(p);
        let inside =
            x >= 0.0 && y >= 0.0 && x < f64::from(grace.image.width()) && y < f64::from(grace.image.height());
        (inside && person.at(x, y) >= 0.5).then(|| grace.image.get_pixel(x as u32, y as u32).0.map(f32::from))
    })
}

/// A fringe: what is above the forehead, mirrored down over the forehead and the brows.
fn fringe(b: &Base) -> RgbImage {
    let f = FaceFrame::of(&b.points).unwrap();
    let top = f.to_face(b.points.forehead_top).1;
    let brow = b.points.brows.iter().flatten().map(|&p| f.to_face(p).1).sum::<f64>() / 10.0;
    edit(b, |p, _| {
        if p.0.abs() > 0.42 || p.1 < top || p.1 > brow + 0.06 {
            return None;
        }
        let (x, y) = f.to_image((p.0, top - (p.1 - top) - 0.03));
        (x >= 0.0 && y >= 0.0).then(|| b.image.get_pixel(x as u32, y as u32).0.map(f32::from))
    })
}

/// A cast shadow over the face's side beyond 0.12 face widths from its centre line (to 45 %),
/// with a soft edge; `edge: false` darkens the whole picture as much (no edge: the matching negative).
fn half_shadow(b: &Base, edge: bool) -> RgbImage {
    edit(b, |p, c| {
        let t = if edge { ((p.0 - 0.12) / 0.02).clamp(0.0, 1.0) } else { 1.0 };
        (t > 0.0).then(|| c.map(|v| f32::from(v) * (1.0 - 0.55 * t as f32)))
    })
}

/// Both eyes looking aside: each iris (from the iris model) moved `shift` eye widths along the eye
/// line inside its eye opening (the mesh's eye contour), the place it left filled with the eye's
/// white (the opening's lightest tenth outside the iris).
fn looking_aside(b: &Base, shift: f64) -> RgbImage {
    let f = FaceFrame::of(&b.points).unwrap();
    let irises = b.points.irises.expect("irises on the base photo");
    struct Eye {
        contour: Vec<Xy>,
        iris: Xy,
        r: f64,
        dx: f64,
        sclera: [f32; 3],
    }
    let eyes: Vec<Eye> = (0..2)
        .map(|i| {
            let contour: Vec<Xy> = b.points.eyes[i].iter().map(|&p| f.to_face(p)).collect();
            let (c, r) = (f.to_face(irises[i].0), 1.1 * irises[i].1 / f.face_width());
            let w = dist(b.points.eye_corners[i][0], b.points.eye_corners[i][1]) / f.face_width();
            let mut white: Vec<[u8; 3]> = b
                .image
                .enumerate_pixels()
                .filter(|&(x, y, _)| {
                    let p = f.to_face((f64::from(x) + 0.5, f64::from(y) + 0.5));
                    inside(p, &contour) && dist(p, c) > r
                })
                .map(|(.., p)| p.0)
                .collect();
            white.sort_by_key(|p| p.iter().map(|&v| u32::from(v)).sum::<u32>());
            let top = &white[white.len() * 9 / 10..];
            let sclera = [0, 1, 2].map(|k| f32::from(top[top.len() / 2][k]));
            Eye { contour, iris: c, r, dx: shift * w, sclera }
        })
        .collect();
    edit(b, |p, _| {
        let e = eyes.iter().find(|e| inside(p, &e.contour))?;
        let from = (p.0 - e.dx, p.1);
        if dist(from, e.iris) <= e.r {
            let (x, y) = f.to_image(from);
            Some(b.image.get_pixel(x as u32, y as u32).0.map(f32::from))
        } else {
            (dist(p, e.iris) <= e.r).then_some(e.sclera)
        }
    })
}

/// Hair over both ears: the hair at the temples (0.12 face widths above the eye line, at the face's
/// sides) repeated down over where the ears join the head, to below the nose.
fn hair_over_ears(b: &Base) -> RgbImage {
    let f = FaceFrame::of(&b.points).unwrap();
    edit(b, |p, _| {
        if !(0.47..0.68).contains(&p.0.abs()) || !(-0.04..0.32).contains(&p.1) {
            return None;
        }
        let (x, y) = f.to_image((p.0, -0.16 + (p.1 + 0.04).rem_euclid(0.12)));
        let inside =
            x >= 0.0 && y >= 0.0 && x < f64::from(b.image.width()) && y < f64::from(b.image.height());
        inside.then(|| b.image.get_pixel(x as u32, y as u32).0.map(f32::from))
    })
}

/// Whether `p` is inside the polygon `poly` (even-odd rule).
fn inside(p: Xy, poly: &[Xy]) -> bool {
    let mut inside = false;
    for (i, a) in poly.iter().enumerate() {
        let b = poly[(i + 1) % poly.len()];
        if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0) {
            inside = !inside;
        }
    }
    inside
}

/// The clothes (the person below the chin, skin left out) turned white, their shading kept.
fn white_top(b: &Base) -> RgbImage {
    let f = FaceFrame::of(&b.points).unwrap();
    let chin = f.to_face(b.points.chin).1;
    let person = b.analysis.person.as_ref().unwrap();
    let (sx, sy) = f.to_image((0.2, 0.35));
    let skin = lab(b.image.get_pixel(sx as u32, sy as u32).0);
    edit(b, |p, c| {
        let (x, y) = f.to_image(p);
        if p.1 < chin + 0.12 || person.at(x, y) < 0.5 || delta_e(lab(c), skin) < 15.0 {
            return None;
        }
        let luma = 0.299 * f32::from(c[0]) + 0.587 * f32::from(c[1]) + 0.114 * f32::from(c[2]);
        Some([236.0 + 0.08 * (luma - 128.0); 3])
    })
}

struct Case {
    name: String,
    image: RgbImage,
    /// The spec's background, when not the white spec's.
    background: Option<[u8; 3]>,
    /// The check the case is labelled for, and whether it is a positive (must not pass).
    check: &'static str,
    positive: bool,
}

fn case(name: &str, image: RgbImage, check: &'static str, positive: bool) -> Case {
    Case { name: name.into(), image, background: None, check, positive }
}

fn labelled_set() -> Vec<Case> {
    let mut set = Vec::new();
    for (name, b) in BASES.iter() {
        let short = name.split(['.', '_']).next().unwrap_or(name);
        let wears_cap = *name == "grace_hopper.jpg";
        let smiles = *name == "astronaut.png";
        // Her hair covers her ears (only the lobes show).
        let ears_hidden = *name == "astronaut.png";
        set.push(case(short, b.image.clone(), "hat", wears_cap));
        set.push(case(short, b.image.clone(), "smile", smiles));
        set.push(case(short, b.image.clone(), "ears_visible", ears_hidden));
        if !ears_hidden {
            set.push(case(&format!("{short}+hair over ears"), hair_over_ears(b), "ears_visible", true));
        }
        for check in
            ["gaze", "red_eye", "lens_glare", "lens_tint", "brows_visible", "clothes_colour", "face_shadow"]
        {
            set.push(case(short, b.image.clone(), check, false));
        }
        set.push(case(&format!("{short}+red pupils"), red_pupils(b), "red_eye", true));
        // Einstein's head is turned 22°: his gaze is not measured (请人工确认) and yaw fails.
        if *name != "einstein.jpg" {
            set.push(case(&format!("{short}+looking left"), looking_aside(b, -0.16), "gaze", true));
            set.push(case(&format!("{short}+looking right"), looking_aside(b, 0.16), "gaze", true));
        }
        set.push(case(&format!("{short}+catch-lights"), catch_lights(b), "lens_glare", false));
        set.push(case(&format!("{short}+glare"), glare(b), "lens_glare", true));
        set.push(case(&format!("{short}+tinted"), tinted(b), "lens_tint", true));
        if !wears_cap {
            set.push(case(&format!("{short}+cap"), capped(b), "hat", true));
        }
        set.push(case(&format!("{short}+fringe"), fringe(b), "brows_visible", true));
        set.push(case(&format!("{short}+white top"), white_top(b), "clothes_colour", true));
        set.push(case(&format!("{short}+half shadow"), half_shadow(b, true), "face_shadow", true));
        set.push(case(&format!("{short}+darker"), half_shadow(b, false), "face_shadow", false));
        set.push(Case {
            background: Some([67, 142, 219]),
            ..case(&format!("{short}+white top, blue"), white_top(b), "clothes_colour", false)
        });
    }
    set
}

fn spec_for(background: Option<[u8; 3]>) -> PhotoSpec {
    let mut spec = CATALOGUE.get(WHITE_SPEC).unwrap().clone();
    if let Some(c) = background {
        spec.background = vec![Rgb(c)];
    }
    spec
}

#[test]
fn labelled_set_no_false_pass_and_at_most_one_false_alarm_per_check() {
    let mut cases = labelled_set();
    // AUDIT_ONLY=<part of a case's name and check>: only those (to look at one).
    if let Ok(only) = std::env::var("AUDIT_ONLY") {
        cases.retain(|c| format!("{} {}", c.name, c.check).contains(&only));
    }
    // Two at a time (the machine has two cores); each case analysed again after its edit.
    let results: Vec<(String, &str, bool, CheckStatus, String)> = std::thread::scope(|s| {
        let halves: Vec<_> = cases
            .chunks(cases.len().div_ceil(2))
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|c| {
                            let analysis = ANALYZER.analyse(&c.image).unwrap();
                            let done = process_analysed(
                                &SourcePhoto::from_rgb(c.image.clone()),
                                &spec_for(c.background),
                                analysis.as_ref(),
                                ProcessOptions::default(),
                                true,
                            )
                            .unwrap();
                            if let Ok(dir) = std::env::var("AUDIT_DUMP") {
                                let file =
                                    format!("{dir}/{}-{}.png", c.name.replace([' ', ',', '+'], "_"), c.check);
                                done.image.save(file).unwrap();
                            }
                            let r = done.report.checks.iter().find(|r| r.id == c.check).unwrap();
                            (c.name.clone(), c.check, c.positive, r.status, r.measured.zh.clone())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let mut false_pass = Vec::new();
    let mut false_alarms: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for (name, check, positive, status, measured) in &results {
        eprintln!(
            "{check:15} {:9} {name:28} {status:?} {measured}",
            if *positive { "positive" } else { "negative" }
        );
        if *positive && *status == Pass {
            false_pass.push(format!("{name} {check} {measured}"));
        }
        if !*positive && *status != Pass {
            false_alarms.entry(check).or_default().push(format!("{name} {status:?} {measured}"));
        }
    }
    assert!(false_pass.is_empty(), "positives that passed: {false_pass:#?}");
    for (check, alarms) in &false_alarms {
        assert!(alarms.len() <= 1, "{check}: {alarms:#?}");
    }
    // Fails, not only warnings, on the clear positives.
    let fails = results.iter().filter(|r| r.2 && r.3 == Fail).count();
    let positives = results.iter().filter(|r| r.2).count();
    assert!(fails * 10 >= positives * 8, "{fails} of {positives} positives fail");
}

/// The compression check on one output written at falling JPEG qualities: none of the qualities
/// the specs allow (70 and up) is taken for blocky; quality 10 is.
#[test]
fn blockiness_grows_as_quality_falls_and_fails_visible_blocks() {
    use idphoto_studio::domain::checks::{BLOCKINESS_FAIL, BLOCKINESS_WARN};
    use idphoto_studio::imaging::encode::encode;
    use idphoto_studio::imaging::quality::blockiness;
    let b = &BASES[1].1;
    let done = process_analysed(
        &SourcePhoto::from_rgb(b.image.clone()),
        &spec_for(None),
        Some(&b.analysis),
        ProcessOptions::default(),
        true,
    )
    .unwrap();
    let compression = done.report.checks.iter().find(|c| c.id == "compression").unwrap();
    assert_eq!(compression.status, Pass, "{compression:?}");
    let mut last = -1.0;
    for quality in [100u8, 90, 70, 50, 30, 20, 10] {
        let jpeg = encode(&done.image, 350, quality).unwrap();
        let decoded = image::load_from_memory(&jpeg).unwrap().to_rgb8();
        let v = blockiness(&decoded, &done.image).unwrap();
        eprintln!("quality {quality:3}: blockiness {v:.3} ({} KB)", jpeg.len() / 1024);
        assert!(v >= last - 0.02, "quality {quality}: {v} after {last}");
        last = v;
        if quality >= 70 {
            assert!(v < BLOCKINESS_WARN, "quality {quality}: {v}");
        }
        if quality <= 10 {
            assert!(v >= BLOCKINESS_FAIL, "quality {quality}: {v}");
        }
    }
}
