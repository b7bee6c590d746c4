//! Measures what the platform's audit rejects and a camera can see (`domain::audit_checks`): a hat,
//! lens tint and glare, hair over the brows, red pupils, a smile, clothes the colour of the
//! background. Everything is measured in the face's own frame (eye line level, face widths), from
//! the mesh points mapped into the image measured, so it works on the output photo and on a live
//! frame alike.

use image::RgbImage;

use super::quality::{delta_e, lab};
use crate::domain::audit_checks::{AuditStats, BrowStats, GAZE_MIN_EYE_RATIO, Gaze};
use crate::domain::geometry::Affine;

pub type Xy = (f64, f64);

/// The mesh points the audit needs, in the pixels of the image measured.
#[derive(Clone, Debug, PartialEq)]
pub struct FacePoints {
    /// Eye contours (16 points each), the subject's right eye first (the image's left).
    pub eyes: [Vec<Xy>; 2],
    /// Eye corners (outer, inner) of each eye.
    pub eye_corners: [[Xy; 2]; 2],
    /// Upper edge of each eyebrow (5 points each), the subject's right first.
    pub brows: [Vec<Xy>; 2],
    /// Mouth corners (the subject's right, left) and the inner lip centres (upper, lower).
    pub mouth_corners: [Xy; 2],
    pub lip_centre: [Xy; 2],
    pub forehead_top: Xy,
    pub chin: Xy,
    /// Cheek edges at ear level (the face width).
    pub cheeks: [Xy; 2],
    /// Iris centres and radii (the subject's right eye first), from the iris model; `None` where
    /// the eyes were too small in the analysed frame to tell.
    pub irises: Option<[(Xy, f64); 2]>,
}

impl FacePoints {
    /// The same points through `m` (e.g. source → output).
    pub fn mapped(&self, m: Affine) -> FacePoints {
        let p = |q: Xy| m.apply(q.0, q.1);
        let v = |l: &Vec<Xy>| l.iter().map(|&q| p(q)).collect::<Vec<_>>();
        FacePoints {
            eyes: [v(&self.eyes[0]), v(&self.eyes[1])],
            eye_corners: self.eye_corners.map(|c| c.map(p)),
            brows: [v(&self.brows[0]), v(&self.brows[1])],
            mouth_corners: self.mouth_corners.map(p),
            lip_centre: self.lip_centre.map(p),
            forehead_top: p(self.forehead_top),
            chin: p(self.chin),
            cheeks: self.cheeks.map(p),
            irises: self.irises.map(|i| i.map(|(c, r)| (p(c), r * m.scale_factor()))),
        }
    }
}

/// The mean of `points`.
pub fn centroid(points: &[Xy]) -> Xy {
    let n = points.len().max(1) as f64;
    (points.iter().map(|p| p.0).sum::<f64>() / n, points.iter().map(|p| p.1).sum::<f64>() / n)
}

/// The distance between two points.
pub fn dist(a: Xy, b: Xy) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// The face's frame: origin between the eyes, `a` along the eye line and `b` down, in face widths.
pub struct FaceFrame {
    origin: Xy,
    u: Xy,
    fw: f64,
}

impl FaceFrame {
    /// The frame of `points`; `None` for eyes under 2 px apart or a face under 16 px wide.
    pub fn of(points: &FacePoints) -> Option<FaceFrame> {
        let (r, l) = (centroid(&points.eyes[0]), centroid(&points.eyes[1]));
        let d = dist(r, l);
        let fw = dist(points.cheeks[0], points.cheeks[1]);
        (d >= 2.0 && fw >= 16.0 && fw.is_finite()).then(|| FaceFrame {
            origin: ((r.0 + l.0) / 2.0, (r.1 + l.1) / 2.0),
            u: ((l.0 - r.0) / d, (l.1 - r.1) / d),
            fw,
        })
    }

    /// The face's width in image pixels (the frame's unit).
    pub fn face_width(&self) -> f64 {
        self.fw
    }

    /// Image pixels → face coordinates.
    pub fn to_face(&self, p: Xy) -> Xy {
        let (dx, dy) = (p.0 - self.origin.0, p.1 - self.origin.1);
        ((dx * self.u.0 + dy * self.u.1) / self.fw, (-dx * self.u.1 + dy * self.u.0) / self.fw)
    }

    /// Face coordinates → image pixels.
    pub fn to_image(&self, (a, b): Xy) -> Xy {
        let (a, b) = (a * self.fw, b * self.fw);
        (self.origin.0 + a * self.u.0 - b * self.u.1, self.origin.1 + a * self.u.1 + b * self.u.0)
    }
}

/// The pixels of `image` inside the face-frame box `a0..a1 × b0..b1`, with their face coordinates.
fn pixels_in(
    image: &RgbImage,
    f: &FaceFrame,
    (a0, a1): (f64, f64),
    (b0, b1): (f64, f64),
) -> impl Iterator<Item = (u32, u32, Xy, [u8; 3])> {
    let corners = [(a0, b0), (a1, b0), (a0, b1), (a1, b1)].map(|c| f.to_image(c));
    let (w, h) = (f64::from(image.width()), f64::from(image.height()));
    let lo = |v: f64, max: f64| v.floor().clamp(0.0, max) as u32;
    let x0 = lo(corners.iter().map(|c| c.0).fold(f64::MAX, f64::min), w);
    let x1 = lo(corners.iter().map(|c| c.0).fold(f64::MIN, f64::max).ceil(), w);
    let y0 = lo(corners.iter().map(|c| c.1).fold(f64::MAX, f64::min), h);
    let y1 = lo(corners.iter().map(|c| c.1).fold(f64::MIN, f64::max).ceil(), h);
    (y0..y1).flat_map(move |y| (x0..x1).map(move |x| (x, y))).filter_map(move |(x, y)| {
        let (a, b) = f.to_face((f64::from(x) + 0.5, f64::from(y) + 0.5));
        ((a0..a1).contains(&a) && (b0..b1).contains(&b)).then(|| (x, y, (a, b), image.get_pixel(x, y).0))
    })
}

/// Per-channel median of L*a*b* samples.
fn median_lab(samples: &mut [[f32; 3]]) -> Option<[f32; 3]> {
    if samples.is_empty() {
        return None;
    }
    let mut out = [0f32; 3];
    for (i, o) in out.iter_mut().enumerate() {
        let mut c: Vec<f32> = samples.iter().map(|s| s[i]).collect();
        c.sort_by(f32::total_cmp);
        *o = c[c.len() / 2];
    }
    Some(out)
}

fn percentile(values: &mut [f32], q: f64) -> f32 {
    values.sort_by(f32::total_cmp);
    values[((values.len() - 1) as f64 * q).round() as usize]
}

fn chroma(l: [f32; 3]) -> f32 {
    (l[1] * l[1] + l[2] * l[2]).sqrt()
}

/// At least this many pixels make a sample.
const MIN_SAMPLE: usize = 30;
/// ΔE within which a pixel is taken for the subject's skin.
const SKIN_DE: f32 = 15.0;
/// ΔE within which an ear's pixel is taken for skin (ears are pinker and more shaded than cheeks).
const EAR_SKIN_DE: f32 = 22.0;
/// Hair above the forehead nearer the skin than this (ΔE) cannot be told from an ear by colour.
const EAR_HAIR_DE: f32 = 12.0;
/// How much darker the lens area is than the cheeks on a bare face (eye sockets), L*; measured on
/// the labelled set's negatives (docs/checks.md).
const BARE_SOCKET_DL: f64 = 6.0;

/// The subject's own hair colour: its median and lightness range.
struct Hair {
    lab: [f32; 3],
    l_range: (f32, f32),
}

impl Hair {
    fn like(&self, p: [f32; 3]) -> bool {
        let ab = ((p[1] - self.lab[1]).powi(2) + (p[2] - self.lab[2]).powi(2)).sqrt();
        (self.l_range.0 - 15.0..=self.l_range.1 + 15.0).contains(&p[0]) && ab < 12.0
    }
}

/// A colour hair can have without dye: low chroma (black, grey, white) or brown to blond (chroma
/// up to 35 on the set's blonde), never blue.
fn hair_plausible(p: [f32; 3]) -> bool {
    chroma(p) <= 35.0 && p[2] >= -6.0
}

/// Measures the audit checks on `image`. `points` are the face's mesh points in `image`'s pixels;
/// `person` tells whether a pixel belongs to the person; `background` is the spec's colour.
pub fn measure(
    image: &RgbImage,
    points: &FacePoints,
    person: &dyn Fn(u32, u32) -> bool,
    background: Option<[u8; 3]>,
) -> AuditStats {
    let Some(f) = FaceFrame::of(points) else { return AuditStats::default() };
    let mut skin: Vec<[f32; 3]> = [(-0.32, -0.12), (0.12, 0.32)]
        .into_iter()
        .flat_map(|ar| pixels_in(image, &f, ar, (0.3, 0.45)).collect::<Vec<_>>())
        .map(|(.., p)| lab(p))
        .collect();
    let skin = if skin.len() >= MIN_SAMPLE { median_lab(&mut skin) } else { None };
    let lens = skin.and_then(|s| lenses(image, &f, points, s));
    AuditStats {
        hat: skin.and_then(|s| hat(image, &f, points, person, s)),
        glare: lens.map(|l| l.0),
        tint: lens.map(|l| l.1),
        brows: skin.and_then(|s| brows(image, &f, points, s)),
        ears: skin.and_then(|s| ears(image, &f, points, person, s)),
        red_pupils: red_pupils(image, points),
        smile: smile(&f, points),
        gaze: gaze(&f, points),
        shadow_edge: shadow_edge(image, &f),
        clothes_like_background: match (skin, background) {
            (Some(s), Some(bg)) => clothes(image, &f, points, s, bg),
            _ => None,
        },
    }
}

/// Share of the crown band that is neither the subject's hair (sampled at the temples) nor skin.
fn hat(
    image: &RgbImage,
    f: &FaceFrame,
    points: &FacePoints,
    person: &dyn Fn(u32, u32) -> bool,
    skin: [f32; 3],
) -> Option<f64> {
    let top = f.to_face(points.forehead_top).1;
    // The top of the person straight above the forehead (or the image's edge).
    let step = 1.0 / f.fw;
    let mut crown = top;
    while crown > top - 1.5 {
        let (x, y) = f.to_image((0.0, crown - step));
        if x < 0.0 || y < 0.0 || x >= f64::from(image.width()) || y >= f64::from(image.height()) {
            break;
        }
        if !person(x as u32, y as u32) {
            break;
        }
        crown -= step;
    }
    let height = top - crown;
    if height < 0.08 {
        // Close-cropped or bald, or the mask hugs the forehead: only the skin above it can tell.
        return None;
    }
    let band: Vec<[f32; 3]> = pixels_in(image, f, (-0.25, 0.25), (crown + 0.2 * height, top - 0.04))
        .filter(|&(x, y, ..)| person(x, y))
        .map(|(.., p)| lab(p))
        .collect();
    if band.len() < MIN_SAMPLE {
        return None;
    }
    let mut temples: Vec<[f32; 3]> = [(-0.62, -0.46), (0.46, 0.62)]
        .into_iter()
        .flat_map(|ar| pixels_in(image, f, ar, (top + 0.1, -0.05)).collect::<Vec<_>>())
        .filter(|&(x, y, ..)| person(x, y))
        .map(|(.., p)| lab(p))
        .filter(|&p| delta_e(p, skin) >= SKIN_DE)
        .collect();
    // Shadows, glasses arms and a hat's rim are the darkest part of the temples: the hair is
    // taken from the rest.
    if temples.len() >= MIN_SAMPLE {
        let mut ls: Vec<f32> = temples.iter().map(|p| p[0]).collect();
        let dark = percentile(&mut ls, 0.3);
        temples.retain(|p| p[0] >= dark);
    }
    let hair = match median_lab(&mut temples) {
        Some(m) if temples.len() >= MIN_SAMPLE && hair_plausible(m) => {
            let mut ls: Vec<f32> = temples.iter().map(|p| p[0]).collect();
            Some(Hair { lab: m, l_range: (percentile(&mut ls, 0.1), percentile(&mut ls, 0.9)) })
        }
        _ => None,
    };
    let covered = band
        .iter()
        .filter(|&&p| {
            let is_hair = match &hair {
                Some(h) => h.like(p),
                None => hair_plausible(p),
            };
            !is_hair && delta_e(p, skin) >= SKIN_DE
        })
        .count();
    Some(covered as f64 / band.len() as f64)
}

/// (glare share, tint beyond a bare face) over both lens areas: around each eye, outside its
/// opening, against the cheek below.
fn lenses(image: &RgbImage, f: &FaceFrame, points: &FacePoints, skin: [f32; 3]) -> Option<(f64, f64)> {
    let (mut n, mut glare, mut l_lens, mut l_cheek, mut n_cheek) = (0usize, 0usize, 0f64, 0f64, 0usize);
    for (eye, corners) in points.eyes.iter().zip(points.eye_corners) {
        let (ea, eb) = f.to_face(centroid(eye));
        let ew = dist(corners[0], corners[1]) / f.fw;
        if ew < 0.05 {
            return None;
        }
        // Towards the nose no further than the bridge's side.
        let (a0, a1) = (ea - 0.75 * ew, ea + 0.75 * ew);
        let (a0, a1) = if ea < 0.0 { (a0, a1.min(-0.07)) } else { (a0.max(0.07), a1) };
        for (_, _, (a, b), p) in pixels_in(image, f, (a0, a1), (eb - 0.35 * ew, eb + 0.55 * ew)) {
            let (ua, ub) = ((a - ea) / (0.6 * ew), (b - eb) / (0.25 * ew));
            if ua * ua + ub * ub <= 1.0 {
                continue; // the eye opening (catch-lights belong there)
            }
            let l = lab(p);
            n += 1;
            l_lens += f64::from(l[0]);
            if l[0] >= (skin[0] + 15.0).max(85.0) && chroma(l) < 12.0 {
                glare += 1;
            }
        }
        for (.., p) in pixels_in(image, f, (ea - 0.4 * ew, ea + 0.4 * ew), (eb + 1.0 * ew, eb + 1.4 * ew)) {
            l_cheek += f64::from(lab(p)[0]);
            n_cheek += 1;
        }
    }
    if n < MIN_SAMPLE || n_cheek < MIN_SAMPLE {
        return None;
    }
    let dl = l_cheek / n_cheek as f64 - l_lens / n as f64;
    Some((glare as f64 / n as f64, (dl - BARE_SOCKET_DL).max(0.0)))
}

/// For the brow that stands out least: how much darker it is than the forehead just above it
/// (median L*), and how much darker that forehead band is than the cheeks. A fringe over the brows
/// takes the first away and raises the second.
fn brows(image: &RgbImage, f: &FaceFrame, points: &FacePoints, skin: [f32; 3]) -> Option<BrowStats> {
    let mut least: Option<BrowStats> = None;
    for brow in &points.brows {
        let pts: Vec<Xy> = brow.iter().map(|&p| f.to_face(p)).collect();
        let a0 = pts.iter().map(|p| p.0).fold(f64::MAX, f64::min);
        let a1 = pts.iter().map(|p| p.0).fold(f64::MIN, f64::max);
        let top = pts.iter().map(|p| p.1).sum::<f64>() / pts.len().max(1) as f64;
        let l_of = |b0: f64, b1: f64| {
            let mut ls: Vec<f32> = pixels_in(image, f, (a0, a1), (b0, b1)).map(|(.., p)| lab(p)[0]).collect();
            (ls.len() >= MIN_SAMPLE).then(|| f64::from(percentile(&mut ls, 0.5)))
        };
        // Median L* of slices 0.01 face widths high, from 0.08 above the brow line to 0.05 below.
        let slices: Vec<f64> =
            (-8..5).filter_map(|k| l_of(top + 0.01 * f64::from(k), top + 0.01 * f64::from(k + 1))).collect();
        if slices.len() < 13 {
            return None;
        }
        // The forehead at its lightest above the brow line, the brow at its darkest near it (the
        // mesh's brow line may sit a little off the hairs).
        let forehead = slices[..7].iter().copied().fold(f64::MIN, f64::max);
        let brow = slices[5..].iter().copied().fold(f64::MAX, f64::min);
        let mut above: Vec<f32> = slices[..7].iter().map(|&v| v as f32).collect();
        let stats = BrowStats {
            contrast: forehead - brow,
            above_darker: f64::from(skin[0]) - f64::from(percentile(&mut above, 0.5)),
        };
        if least.is_none_or(|l| stats.contrast < l.contrast) {
            least = Some(stats);
        }
    }
    least
}

/// The steepest lightness step across the face: median L* of columns 0.02 face widths wide (from
/// under the eyes to above the mouth, inside ±0.34), then the largest difference between the
/// medians either side of a split. A cast shadow's edge (阴阳脸) is a step; light from one side is
/// a slope, the nose's shadow a narrow dip.
fn shadow_edge(image: &RgbImage, f: &FaceFrame) -> Option<f64> {
    const STEP: f64 = 0.02;
    let mut columns = Vec::new();
    let mut a = -0.34;
    while a < 0.34 - STEP / 2.0 {
        let mut ls: Vec<f32> =
            pixels_in(image, f, (a, a + STEP), (0.05, 0.22)).map(|(.., p)| lab(p)[0]).collect();
        if ls.len() < 6 {
            return None;
        }
        columns.push(f64::from(percentile(&mut ls, 0.5)));
        a += STEP;
    }
    // Either side of each split: the median of 0.12 face widths of columns, 0.04 apart (a soft
    // edge); a narrow dip (the nose's own shadow) moves neither median much.
    let (w, gap) = (6usize, 2usize);
    let median = |cols: &[f64]| {
        let mut v: Vec<f32> = cols.iter().map(|&c| c as f32).collect();
        f64::from(percentile(&mut v, 0.5))
    };
    (w..=columns.len().saturating_sub(gap + w))
        .map(|i| (median(&columns[i + gap..i + gap + w]) - median(&columns[i - w..i])).abs())
        .reduce(f64::max)
}

/// For the ear that shows least: the share of skin among the person's pixels just outside each
/// cheek edge, from the eye line to the nose's base, where the ear joins the head. A pixel is skin
/// when it is within [`EAR_SKIN_DE`] of the cheeks and nearer them than the hair just above the
/// forehead; hair over the ear takes that skin away. `None` where that hair is within
/// [`EAR_HAIR_DE`] of the skin (grey hair in a greyscale photo, a bald head): colour cannot tell hair
/// from ear there.
fn ears(
    image: &RgbImage,
    f: &FaceFrame,
    points: &FacePoints,
    person: &dyn Fn(u32, u32) -> bool,
    skin: [f32; 3],
) -> Option<f64> {
    let top = f.to_face(points.forehead_top).1;
    let mut above: Vec<[f32; 3]> = pixels_in(image, f, (-0.25, 0.25), (top - 0.12, top - 0.03))
        .filter(|&(x, y, ..)| person(x, y))
        .map(|(.., p)| lab(p))
        .collect();
    let hair = median_lab(&mut above).filter(|_| above.len() >= MIN_SAMPLE)?;
    if delta_e(hair, skin) < EAR_HAIR_DE {
        return None;
    }
    let mut least: Option<f64> = None;
    for (a0, a1) in [(-0.60, -0.51), (0.51, 0.60)] {
        let (mut n, mut bare) = (0usize, 0usize);
        for (x, y, _, p) in pixels_in(image, f, (a0, a1), (0.02, 0.25)) {
            if !person(x, y) {
                continue;
            }
            let p = lab(p);
            let to_skin = delta_e(p, skin);
            n += 1;
            bare += usize::from(to_skin < EAR_SKIN_DE && to_skin < delta_e(p, hair));
        }
        if n < MIN_SAMPLE {
            return None;
        }
        let share = bare as f64 / n as f64;
        least = Some(least.map_or(share, |l: f64| l.min(share)));
    }
    least
}

/// Share of red pixels in each pupil disc: an eighth of the eye's width (about half an iris) round
/// the iris model's centre, or the eye contour's centre without it.
fn red_pupils(image: &RgbImage, points: &FacePoints) -> Option<[f64; 2]> {
    let mut out = [0f64; 2];
    for (i, (eye, corners)) in points.eyes.iter().zip(points.eye_corners).enumerate() {
        let c = points.irises.map_or_else(|| centroid(eye), |irises| irises[i].0);
        let r = dist(corners[0], corners[1]) * 0.125;
        if r < 1.0 {
            return None;
        }
        let (mut n, mut red) = (0usize, 0usize);
        let (w, h) = (image.width() as i64, image.height() as i64);
        let ri = r.ceil() as i64;
        for y in (c.1 as i64 - ri)..=(c.1 as i64 + ri) {
            for x in (c.0 as i64 - ri)..=(c.0 as i64 + ri) {
                if x < 0 || y < 0 || x >= w || y >= h {
                    continue;
                }
                if dist((x as f64 + 0.5, y as f64 + 0.5), c) > r {
                    continue;
                }
                let p = image.get_pixel(x as u32, y as u32).0;
                n += 1;
                let (r8, g8, b8) = (f32::from(p[0]), f32::from(p[1]), f32::from(p[2]));
                red += usize::from(lab(p)[1] > 25.0 && r8 > 1.5 * g8 && r8 > 1.5 * b8);
            }
        }
        if n < 4 {
            return None;
        }
        out[i] = red as f64 / n as f64;
    }
    Some(out)
}

/// Where the irises sit between their eyes' corners, both eyes averaged, in eye widths from the
/// corners' midpoint: across (positive towards the image's right) and down from the corner line.
/// `None` without irises (eyes too small to tell) or when one eye is foreshortened beyond
/// [`GAZE_MIN_EYE_RATIO`] against the other: a turned head moves the irises against the corners
/// although the eyes look at the lens (measured on einstein, turned 22°: 0.02 and -0.35).
fn gaze(f: &FaceFrame, points: &FacePoints) -> Option<Gaze> {
    let irises = points.irises?;
    let [wr, wl] = points.eye_corners.map(|[a, b]| dist(a, b));
    if wr.min(wl) < GAZE_MIN_EYE_RATIO * wr.max(wl) {
        return None;
    }
    let (mut across, mut down) = (0.0, 0.0);
    for (corners, (iris, _)) in points.eye_corners.iter().zip(irises) {
        let [a, b] = corners.map(|p| f.to_face(p));
        // a → b in the image's left-to-right direction.
        let (a, b) = if a.0 <= b.0 { (a, b) } else { (b, a) };
        let w = dist(a, b);
        if w < 0.05 {
            return None;
        }
        let (ux, uy) = ((b.0 - a.0) / w, (b.1 - a.1) / w);
        let c = f.to_face(iris);
        let (dx, dy) = (c.0 - (a.0 + b.0) / 2.0, c.1 - (a.1 + b.1) / 2.0);
        across += (dx * ux + dy * uy) / w / 2.0;
        down += (-dx * uy + dy * ux) / w / 2.0;
    }
    Some(Gaze { across, down })
}

/// Mouth corners above the centre of the lips, over the mouth's width.
fn smile(f: &FaceFrame, points: &FacePoints) -> Option<f64> {
    let [r, l] = points.mouth_corners.map(|p| f.to_face(p));
    let [u, d] = points.lip_centre.map(|p| f.to_face(p));
    let width = dist(r, l);
    (width > 0.05).then(|| ((u.1 + d.1) / 2.0 - (r.1 + l.1) / 2.0) / width)
}

/// Share of the clothing band straight under the face that is the background's colour (a white
/// top on a white background), skin (the neck) left out. No mask: clothes the segmentation took
/// for background were replaced by it, and count the same.
fn clothes(image: &RgbImage, f: &FaceFrame, points: &FacePoints, skin: [f32; 3], bg: [u8; 3]) -> Option<f64> {
    let chin = f.to_face(points.chin).1;
    let bg = lab(bg);
    let (mut n, mut like) = (0usize, 0usize);
    for (.., p) in pixels_in(image, f, (-0.45, 0.45), (chin + 0.08, chin + 0.35)) {
        let l = lab(p);
        if delta_e(l, skin) < SKIN_DE {
            continue;
        }
        n += 1;
        like += usize::from(delta_e(l, bg) < 12.0);
    }
    (n >= 100).then(|| like as f64 / n as f64)
}
