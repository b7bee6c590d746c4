//! The person's matte, refined once per capture at the source's own resolution (capped), then
//! moved with the crop: the coarse segmentation mask (256×256, upsampled) only says roughly where
//! the person is; here an unknown band around its edge (its width from the face size) is resolved
//! with an edge-aware guided filter (He, Sun and Tang, *Guided Image Filtering*, ECCV 2010 / TPAMI
//! 2013) on a prior from shared sampling (Gastal and Oliveira, *Shared Sampling for Real-Time Alpha
//! Matting*, 2010): each band pixel's colour read as a mix of the person's colours nearby and the
//! background's (the backdrop's measured colour when it is uniform, which pulls fine hair the mask
//! misses; what is surely background nearby on a busy one); the edge is then solved once more by
//! closed-form matting (Levin, Lischinski and Weiss, TPAMI 2008); the person's own colours are
//! then estimated without the old background in them (Germer et al., *Fast Multi-Level Foreground
//! Estimation*, ICPR 2020), so hair and shoulders are not tinted by it.
//!
//! The matte is checked against the face analysis: the face must be foreground and the silhouette
//! one head-and-shoulders shape. When it is not, the background is not replaced at all
//! ([`Matte::plausible`]): a wrong matte would whiten the face.

use image::{GrayImage, RgbImage};

use super::matte_closed_form::closed_form;
use super::matte_solvers::{
    Sample, best_pair, dist2, estimate_foreground, gather, guided_filter, least_alpha, max_filter, nearest2,
};
use super::quality::delta_e;
use crate::domain::Words;
use crate::domain::geometry::Affine;
use crate::vision::Point;
use crate::words;

/// Longest side of the matte, in pixels: above it the source is shrunk (a 24 MP capture's head and
/// shoulders still get ≈ 4 matte pixels per output pixel).
pub const MAX_SIDE: u32 = 1024;
/// Width of the unknown band on each side of the coarse edge, as a share of the face width.
const BAND_PER_FACE: f32 = 0.07;
/// Guided filter regularisation (guide in 0–1): smaller follows the guide's edges more closely.
const GF_EPS: f32 = 1e-3;
/// The silhouette at the eye line may be this many face widths wide (big hair) before it is taken
/// for the head plus something else.
const MAX_HEAD_WIDTH: f32 = 2.2;
/// A backdrop is uniform when 90 % of its ring is within this ΔE (CIE76) of its mean.
const BACKDROP_SPREAD_MAX: f32 = 9.0;
/// Above the eyes the unknown band is this much wider (hair).
const HAIR_BAND: f32 = 2.5;
/// How far (RGB, 0–1) a colour may lie off the person–background line and still be read as a mix.
const MAX_RESIDUAL: f32 = 0.12;
/// Coarse mask values at or above this are the person whatever the colours say.
const MASK_SURE: f32 = 0.9;
/// Person and background colours closer than this (RGB, 0–1) cannot tell a pixel's share apart.
const MIN_SEPARATION: f32 = 0.12;
/// A pixel this close (RGB, 0–1) to both a person and a background sample could be either.
const AMBIGUOUS: f32 = 0.06;
/// Background samples taken along each line on a busy backdrop (consecutive steps).
const BACKGROUND_PER_LINE: usize = 24;
/// On a busy backdrop, the person is also sampled from this many bands inside the coarse edge
/// (where the mask is sure), not only beyond the (wider, above the eyes) band.
const BUSY_PERSON_DEPTH: f32 = 1.5;
/// On a busy backdrop the samples may raise a pixel up to the highest mask value within this many
/// bands of it (the mask's edge is only placed to within about two of its 256 cells), and only
/// where the pixel looks more like a person sample than like every background sample.
const BUSY_RAISE_REACH: f32 = 0.5;
/// On a busy backdrop, from this many bands below the eye line and everywhere outside the coarse
/// mask, alphas under one half are taken this much steeper towards 0 (a sixth of the person becomes
/// none, a third a quarter).
const BUSY_FAINT_FROM: f32 = 2.0;
const BUSY_FAINT_STEEPNESS: f32 = 1.5;
/// Alphas within this of 0 or 1 are taken as settled; closed-form matting solves the rest.
const SOFT: f32 = 0.02;
/// Closed-form matting's regularisation (colours 0–1), as in Levin et al.'s code.
const CF_EPS: f32 = 1e-7;
/// Conjugate-gradient iterations for closed-form matting, started from the filtered alpha: on the
/// ground-truth set 120 measured better than 300 (edge error on plain backdrops 8,784 against
/// 9,151; 60: 9,740).
const CF_ITERATIONS: usize = 120;
/// On a busy backdrop closed-form matting solves only the pixels within this many matte pixels of
/// the alpha's half contour (on the ground-truth set: 6 / 7 / 8 / 9 / 10 / 12 px measured 49 / 46 /
/// 45 / 43 / 42 / 42 % of the coarse mask's edge error over all 21 composites, with the largest
/// busy remnant 1 / 3 / 6 / 5 / 12 / 30 px).
const BUSY_CF_REACH: f32 = 8.0;
/// Closed-form matting runs only when at most this many pixels are unknown (a quarter of the
/// largest matte; the ground-truth composites' edges measured 14,000–50,000): ≈ 90 MB at most.
const CF_MAX_UNKNOWN: usize = (MAX_SIDE as usize * MAX_SIDE as usize) / 4;

/// What the coarse mask says at a source point (0–1).
pub type Coarse<'a> = &'a dyn Fn(f64, f64) -> f32;

/// The backdrop, when its ring around the frame is uniform.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backdrop {
    /// Mean colour (CIE L*a*b*).
    pub lab: [f32; 3],
    /// Mean colour (sRGB).
    pub rgb: [u8; 3],
    /// 90th percentile of the ring's ΔE from the mean.
    pub spread: f32,
}

/// The refined matte over the head-and-shoulders region of one capture.
#[derive(Clone)]
pub struct Matte {
    /// Person alpha, 0–1, over the region.
    alpha: Vec<f32>,
    /// The person's colour estimated without the old background (sRGB 0–255, as f32).
    fg: Vec<[f32; 3]>,
    side: u32,
    /// Source pixels → matte pixels.
    to_matte: Affine,
    /// The backdrop model used, when the frame's border was uniform.
    pub backdrop: Option<Backdrop>,
    /// Unknown band half-width, in matte pixels.
    pub band: f32,
    /// `Err(why)` when the matte disagrees with the face analysis.
    pub plausible: Result<(), Words>,
    /// The silhouette's width at the eye line over the face's width (hair makes it 1.1–2).
    pub head_width_ratio: f32,
}

impl std::fmt::Debug for Matte {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Matte({}², band {:.1}, backdrop {:?}, {:?})",
            self.side, self.band, self.backdrop, self.plausible
        )
    }
}

/// What [`refine`] needs to know about the face (source pixels).
pub struct FaceHint<'a> {
    pub face_width: f32,
    /// Points that must be on the person (eyes, nose, mouth, cheeks).
    pub inner: &'a [Point],
    /// A point on the face (the nose tip): the silhouette is the component that holds it.
    pub centre: Point,
    /// The eye line's height (source y): above it, the band widens for hair.
    pub eye_y: f32,
}

/// Refines the coarse mask over the square `region` (centre, side in source pixels) of `source`.
pub fn refine(source: &RgbImage, coarse: Coarse<'_>, region: (Point, f32), face: &FaceHint<'_>) -> Matte {
    let (centre, region_side) = region;
    let side = (region_side.round() as u32).clamp(16, MAX_SIDE);
    let scale = f64::from(side) / f64::from(region_side.max(1.0));
    let to_matte = Affine::scale(scale).after(Affine::translate(
        -(f64::from(centre.x) - f64::from(region_side) / 2.0),
        -(f64::from(centre.y) - f64::from(region_side) / 2.0),
    ));
    let from_matte = to_matte.inverse().unwrap_or(Affine::IDENTITY);
    let n = (side * side) as usize;
    // The source under the region, and the coarse mask sampled at each matte pixel's centre.
    let image = match super::resample::render(source, to_matte, [side, side], [0, 0, 0]) {
        Ok(r) => r.image,
        Err(_) => RgbImage::new(side, side),
    };
    let rgb: Vec<[f32; 3]> = image.pixels().map(|p| p.0.map(|v| f32::from(v) / 255.0)).collect();
    let coarse_at: Vec<f32> = (0..n)
        .map(|i| {
            let (x, y) = ((i as u32 % side) as f64 + 0.5, (i as u32 / side) as f64 + 0.5);
            let (sx, sy) = from_matte.apply(x, y);
            coarse(sx, sy).clamp(0.0, 1.0)
        })
        .collect();
    let band = (BAND_PER_FACE * face.face_width * scale as f32).clamp(3.0, 48.0);
    let backdrop = backdrop_of(source, coarse);

    // Signed distance to the coarse edge (positive inside the person), in matte pixels.
    let inside: Vec<bool> = coarse_at.iter().map(|&a| a >= 0.5).collect();
    let dist_in = distance_to(&inside, side, false);
    let dist_out = distance_to(&inside, side, true);
    let signed: Vec<f32> = (0..n).map(|i| if inside[i] { dist_in[i] } else { -dist_out[i] }).collect();

    // The band is wider above the eyes, where hair reaches furthest past the mask.
    let eye_y = to_matte.apply(f64::from(face.centre.x), f64::from(face.eye_y)).1 as f32;
    let band_at = |i: usize| if ((i / side as usize) as f32) < eye_y { band * HAIR_BAND } else { band };
    let sure_fg: Vec<bool> = (0..n).map(|i| signed[i] > band_at(i)).collect();
    let sure_bg: Vec<bool> = (0..n).map(|i| signed[i] < -band_at(i)).collect();

    // The prior inside the band, by shared sampling (Gastal and Oliveira 2010): around each band
    // pixel, samples of the person (what the mask is sure of) and of the background (the backdrop's
    // measured colour when it is uniform; on a busy one, what is surely background nearby, densely
    // along each line, so a leaf or a brick finds its like); the pair that explains the pixel's
    // colour best gives its share. On a busy backdrop the person is also sampled nearer the edge
    // where the mask is sure: a bright strand of hair must find its like among the person's colours,
    // or as bright a background sample takes it and leaves a hole; and there the samples may only
    // lower the mask. Where the pixel looks like both the person and the background (a white cap on
    // white), or like no mix of them, the mask decides.
    let backdrop_rgb = backdrop.map(|b| b.rgb.map(|v| f32::from(v) / 255.0));
    let known: Vec<i8> = (0..n)
        .map(|i| {
            let nearer =
                backdrop.is_none() && signed[i] > band * BUSY_PERSON_DEPTH && coarse_at[i] >= MASK_SURE;
            if sure_fg[i] || nearer {
                1
            } else if sure_bg[i] {
                0
            } else {
                -1
            }
        })
        .collect();
    let step = (band / 6.0).max(1.0);
    let ceiling = match backdrop {
        None => max_filter(&coarse_at, side as usize, (band * BUSY_RAISE_REACH).round() as usize),
        Some(_) => Vec::new(),
    };
    let background_per_line = if backdrop.is_some() { 0 } else { BACKGROUND_PER_LINE };
    let prior: Vec<f32> = (0..n)
        .map(|i| {
            if sure_fg[i] {
                return 1.0;
            }
            if sure_bg[i] {
                return 0.0;
            }
            let mask = if inside[i] { 1.0 } else { 0.0 };
            // Below the eyes, what the mask is sure of stays the person whatever its colour (a white
            // collar on white); above them, hair: the gaps between strands must let the new
            // background through.
            let below_eyes = (i / side as usize) as f32 >= eye_y;
            if below_eyes && coarse_at[i] >= MASK_SURE {
                return 1.0;
            }
            let reach = band_at(i) * 3.0;
            let (person, mut behind) =
                gather(&rgb, &known, side as usize, i, reach, step, background_per_line);
            if let Some(b) = backdrop_rgb {
                behind.push((b, 0.0));
            }
            if person.is_empty() || behind.is_empty() {
                return mask;
            }
            let p = rgb[i];
            let like = |(c, _): &Sample| dist2(&p, c) < AMBIGUOUS * AMBIGUOUS;
            if person.iter().any(like) && behind.iter().any(like) {
                return coarse_at[i];
            }
            match best_pair(p, &person, &behind, MIN_SEPARATION) {
                // On a busy backdrop the samples take away from what the mask says (a cup's rim or
                // a rocket's fin behind the head) but add little: a star of a flag or a blade of
                // grass can always be read as some mix of the person's and the background's
                // colours, and adding it leaves it in the photo. Only a pixel that looks more like
                // the person than like any background sample may rise, and only as far as the mask
                // reaches within half a band (its soft, slightly inward edge): a star the lines
                // missed further out stays out.
                Some((a, off)) if off <= MAX_RESIDUAL && backdrop.is_none() => {
                    let person_like = nearest2(&p, &person) < nearest2(&p, &behind);
                    a.min(if person_like { ceiling[i] } else { coarse_at[i] })
                }
                // A colour off the line between the two (a dark ring on an orange suit against
                // blue) is not a mix of them: the mask says better.
                Some((a, off)) if off <= MAX_RESIDUAL => a,
                Some(_) => coarse_at[i],
                None => mask,
            }
        })
        .collect();
    let radius = ((band / 4.0).round() as usize).max(2);
    let filtered = guided_filter(&rgb, &prior, side as usize, radius, GF_EPS);
    // On a busy backdrop a pixel less than half the person is more likely the old background kept
    // at a fraction than the person below the hair (a smudge beside the neck: skin and clothes have
    // sharp edges there), and outside the coarse mask beside the head (a cup's rim behind the
    // temple, a flag's fringe beside a cap). Such values are pushed further down.
    let faint_from = eye_y + band * BUSY_FAINT_FROM;
    let fade = |i: usize, a: f32| {
        if sure_fg[i] {
            1.0
        } else if sure_bg[i] {
            0.0
        } else if backdrop.is_none() && a < 0.5 && (!inside[i] || (i / side as usize) as f32 >= faint_from) {
            (0.5 - (0.5 - a) * BUSY_FAINT_STEEPNESS).max(0.0)
        } else {
            a
        }
    };
    let alpha: Vec<f32> = (0..n).map(|i| fade(i, filtered[i].clamp(0.0, 1.0))).collect();
    // Closed-form matting (Levin et al. 2008) then solves the edge, with what is left fixed: the
    // alpha that is locally a linear function of the colour finds the soft hair and the soft rim
    // the prior only approximates. On a uniform backdrop the colour-line model holds across the
    // edge, so it solves the whole soft part of the alpha, grown by the filter's radius (on the
    // ground-truth set: plain backdrops 45 % → 30 % of the coarse mask's edge error; a white shirt
    // on white is kept, see the tests). On a busy backdrop, solved that wide, it pulled bits of the
    // old background in (a cup, mortar between bricks: remnants of 100–225 px); solved only within
    // [`BUSY_CF_REACH`] of the alpha's half contour, soft or not, it moves the edge where the
    // colours say but cannot reach out to them (all 21 composites 58 % → 45 %, no busy remnant
    // over 6 px; docs/matting.md).
    let unknown: Vec<bool> = match backdrop {
        Some(_) => {
            let soft: Vec<f32> =
                alpha.iter().map(|&a| if a > SOFT && a < 1.0 - SOFT { 1.0 } else { 0.0 }).collect();
            max_filter(&soft, side as usize, radius).iter().map(|&v| v > 0.0).collect()
        }
        None => {
            let half: Vec<bool> = alpha.iter().map(|&a| a >= 0.5).collect();
            let (to_out, to_in) = (distance_to(&half, side, false), distance_to(&half, side, true));
            (0..n).map(|i| (if half[i] { to_out[i] } else { to_in[i] }) <= BUSY_CF_REACH).collect()
        }
    };
    // The solver holds ≈ 350 bytes per unknown pixel: a matte unknown over more than a quarter of
    // its square is no edge to refine, and keeps the filtered alpha.
    let alpha = if unknown.iter().filter(|&&u| u).count() <= CF_MAX_UNKNOWN {
        closed_form(&rgb, &alpha, &unknown, side as usize, CF_EPS, CF_ITERATIONS)
    } else {
        alpha
    };
    let (fg, behind) = estimate_foreground(&rgb, &alpha, side as usize);
    // Where the matte says mostly person but the pixel cannot be a mix of the estimated background
    // and any colour at that alpha (a dark parting in light hair before a light backdrop: the
    // person's colour would need to be darker than black, and clamped it came out a grey-blue
    // blot), the alpha is raised to the least that explains the pixel, and the colours estimated
    // again.
    let mut alpha = alpha;
    let mut raised = false;
    for i in 0..n {
        if alpha[i] >= 0.5 {
            let least = least_alpha(rgb[i], behind[i]);
            if least > alpha[i] + 1e-3 {
                alpha[i] = least;
                raised = true;
            }
        }
    }
    let fg = if raised { estimate_foreground(&rgb, &alpha, side as usize).0 } else { fg };
    let mut matte =
        Matte { alpha, fg, side, to_matte, backdrop, band, plausible: Ok(()), head_width_ratio: 0.0 };
    matte.plausible = matte.check(face);
    matte
}

/// The backdrop's colour from a ring along the frame's border (clear of the person), when the ring
/// is uniform enough to be a studio backdrop.
pub fn backdrop_of(source: &RgbImage, coarse: Coarse<'_>) -> Option<Backdrop> {
    let (w, h) = source.dimensions();
    if w < 16 || h < 16 {
        return None;
    }
    let ring = (w.min(h) / 30).max(3);
    let step = (w.max(h) / 400).max(1);
    let mut labs = Vec::new();
    let mut rgb_sum = [0u64; 3];
    let mut total = 0usize;
    for y in (0..h).step_by(step as usize) {
        for x in (0..w).step_by(step as usize) {
            let on_ring = x < ring || y < ring || x >= w - ring || y >= h - ring;
            if !on_ring {
                continue;
            }
            total += 1;
            if coarse(f64::from(x) + 0.5, f64::from(y) + 0.5) < 0.1 {
                let p = source.get_pixel(x, y).0;
                labs.push(super::quality::lab(p));
                for c in 0..3 {
                    rgb_sum[c] += u64::from(p[c]);
                }
            }
        }
    }
    // Most of the ring must be backdrop to measure it.
    if labs.len() < 50 || labs.len() * 2 < total {
        return None;
    }
    let n = labs.len() as f32;
    let mean = [0, 1, 2].map(|c| labs.iter().map(|l| l[c]).sum::<f32>() / n);
    let mut d: Vec<f32> = labs.iter().map(|l| delta_e(*l, mean)).collect();
    d.sort_by(f32::total_cmp);
    let spread = d[(d.len() * 9) / 10];
    let rgb = rgb_sum.map(|s| (s / labs.len() as u64) as u8);
    (spread <= BACKDROP_SPREAD_MAX).then_some(Backdrop { lab: mean, rgb, spread })
}

/// Euclidean distance (matte pixels) from each pixel to the nearest pixel where `mask == target`
/// is false, i.e. for `outside = false`, from each inside pixel to the outside (0 outside), and for
/// `outside = true` from each outside pixel to the inside.
fn distance_to(inside: &[bool], side: u32, outside: bool) -> Vec<f32> {
    // Seeds: the pixels of the other set.
    let seeds = GrayImage::from_fn(side, side, |x, y| {
        let i = (y * side + x) as usize;
        image::Luma([if inside[i] == outside { 255 } else { 0 }])
    });
    let d = imageproc::distance_transform::euclidean_squared_distance_transform(&seeds);
    d.pixels().map(|p| (p.0[0] as f32).sqrt()).collect()
}

impl Matte {
    /// Alpha (0–1) and foreground colour at a source point; outside the region: background.
    pub fn at(&self, x: f64, y: f64) -> (f32, [f32; 3]) {
        let (mx, my) = self.to_matte.apply(x, y);
        let (mx, my) = (mx - 0.5, my - 0.5);
        let s = f64::from(self.side);
        if mx < 0.0 || my < 0.0 || mx > s - 1.0 || my > s - 1.0 {
            return (0.0, [0.0; 3]);
        }
        let (x0, y0) = (mx.floor() as usize, my.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(self.side as usize - 1), (y0 + 1).min(self.side as usize - 1));
        let (fx, fy) = ((mx - x0 as f64) as f32, (my - y0 as f64) as f32);
        let side = self.side as usize;
        let w = [(1.0 - fx) * (1.0 - fy), fx * (1.0 - fy), (1.0 - fx) * fy, fx * fy];
        let idx = [y0 * side + x0, y0 * side + x1, y1 * side + x0, y1 * side + x1];
        let alpha: f32 = idx.iter().zip(w).map(|(&i, w)| self.alpha[i] * w).sum();
        // The colour weighted by alpha too, so a transparent neighbour's colour does not bleed in.
        let (mut fg, mut wsum) = ([0f32; 3], 0f32);
        for (&i, w) in idx.iter().zip(w) {
            let wa = w * self.alpha[i].max(1e-3);
            wsum += wa;
            for (acc, v) in fg.iter_mut().zip(self.fg[i]) {
                *acc += v * wa;
            }
        }
        (alpha, fg.map(|v| v / wsum.max(1e-6)))
    }

    /// The matte in an output frame: alpha (0–255) and the person's colour, per output pixel.
    pub fn to_output(&self, source_to_output: Affine, size: [u32; 2]) -> (GrayImage, RgbImage) {
        let back = source_to_output.inverse().unwrap_or(Affine::IDENTITY);
        let mut alpha = GrayImage::new(size[0], size[1]);
        let mut fg = RgbImage::new(size[0], size[1]);
        for y in 0..size[1] {
            for x in 0..size[0] {
                let (sx, sy) = back.apply(f64::from(x) + 0.5, f64::from(y) + 0.5);
                let (a, c) = self.at(sx, sy);
                alpha.put_pixel(x, y, image::Luma([(a * 255.0).round() as u8]));
                fg.put_pixel(x, y, image::Rgb(c.map(|v| v.round().clamp(0.0, 255.0) as u8)));
            }
        }
        (alpha, fg)
    }

    /// The matte agrees with the face analysis: every inner face point is person, and the person's
    /// silhouette is one shape holding the face that reaches the region's lower edge (shoulders).
    fn check(&mut self, face: &FaceHint<'_>) -> Result<(), Words> {
        let on = |p: &Point| self.at(f64::from(p.x), f64::from(p.y)).0 >= 0.5;
        let inside = face.inner.iter().filter(|p| on(p)).count();
        if face.inner.is_empty() || inside * 100 < face.inner.len() * 95 {
            let all = face.inner.len();
            return Err(words!(
                "人像蒙版只盖住脸部 {inside}/{all} 个特征点",
                "the person mask covers only {inside}/{all} face points"
            ));
        }
        let side = self.side as usize;
        let person: Vec<bool> = self.alpha.iter().map(|&a| a >= 0.5).collect();
        let (cx, cy) = self.to_matte.apply(f64::from(face.centre.x), f64::from(face.centre.y));
        let start =
            (cy.clamp(0.0, side as f64 - 1.0) as usize) * side + cx.clamp(0.0, side as f64 - 1.0) as usize;
        let component = flood(&person, side, start);
        let area = component.iter().filter(|&&c| c).count();
        let total = person.iter().filter(|&&p| p).count();
        if area * 10 < total * 9 {
            let share = area * 100 / total.max(1);
            return Err(words!(
                "人像轮廓不完整：脸所在部分只占人像的 {share}%",
                "the silhouette is broken: the part with the face is only {share}% of it"
            ));
        }
        if !(0..side).any(|x| component[(side - 1) * side + x]) {
            return Err(words!("人像轮廓没有连到肩部", "the silhouette does not reach the shoulders"));
        }
        // At the eye line the silhouette is the head and its hair: much wider than the face, it has
        // taken in something beside the head (a chair back, a cup, another person).
        let (_, ey) = self.to_matte.apply(f64::from(face.centre.x), f64::from(face.eye_y));
        let row = (ey.clamp(0.0, side as f64 - 1.0)) as usize;
        let width = (0..side).filter(|&x| component[row * side + x]).count() as f32;
        let face_px = face.face_width * self.to_matte.scale_factor() as f32;
        self.head_width_ratio = width / face_px.max(1.0);
        if self.head_width_ratio > MAX_HEAD_WIDTH {
            let ratio = self.head_width_ratio;
            return Err(words!(
                "人像轮廓在眼睛高度宽 {ratio:.1} 倍脸宽（头发最多约 {MAX_HEAD_WIDTH} 倍）：背景里可能有东西连到了头上",
                "the silhouette at eye height is {ratio:.1} face widths wide (hair makes at most about {MAX_HEAD_WIDTH}): something behind may touch the head"
            ));
        }
        Ok(())
    }
}

/// The 4-connected set of `true` pixels holding `start` (empty if `start` is `false`).
fn flood(mask: &[bool], side: usize, start: usize) -> Vec<bool> {
    let mut seen = vec![false; mask.len()];
    if !mask.get(start).copied().unwrap_or(false) {
        return seen;
    }
    let mut stack = vec![start];
    seen[start] = true;
    while let Some(i) = stack.pop() {
        let (x, y) = (i % side, i / side);
        let mut visit = |j: usize| {
            if mask[j] && !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        };
        if x > 0 {
            visit(i - 1);
        }
        if x + 1 < side {
            visit(i + 1);
        }
        if y > 0 {
            visit(i - side);
        }
        if y + 1 < side {
            visit(i + side);
        }
    }
    seen
}

#[cfg(test)]
#[path = "matte_tests.rs"]
mod tests;
