//! The two solvers the matte is made with, each from its paper and independent of faces and
//! masks: the colour guided filter (He, Sun, Tang 2010/2013) that makes an alpha follow the image's
//! edges, and multilevel foreground estimation (Germer et al. 2020) that takes the old background's
//! colour out of the person's edge. Images are square, `side` pixels, row-major, channels 0–1.

/// A square image of side `from` resampled to side `to` by taking the nearest pixel (a copy when
/// the sides are equal).
fn nearest<T: Copy>(v: &[T], from: usize, to: usize) -> Vec<T> {
    (0..to * to)
        .map(|i| {
            let (x, y) = (i % to, i / to);
            v[(y * from / to).min(from - 1) * from + (x * from / to).min(from - 1)]
        })
        .collect()
}

/// Box sums over `(2r+1)²` windows, clamped at the borders, normalised to means.
pub(crate) fn box_mean(v: &[f32], side: usize, r: usize) -> Vec<f32> {
    // Integral image (f64 against drift on large sums).
    let mut acc = vec![0f64; (side + 1) * (side + 1)];
    for y in 0..side {
        let mut row = 0f64;
        for x in 0..side {
            row += f64::from(v[y * side + x]);
            acc[(y + 1) * (side + 1) + x + 1] = acc[y * (side + 1) + x + 1] + row;
        }
    }
    let mut out = vec![0f32; side * side];
    for y in 0..side {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(side));
        for x in 0..side {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(side));
            let s = acc[y1 * (side + 1) + x1] - acc[y0 * (side + 1) + x1] - acc[y1 * (side + 1) + x0]
                + acc[y0 * (side + 1) + x0];
            out[y * side + x] = (s / ((y1 - y0) * (x1 - x0)) as f64) as f32;
        }
    }
    out
}

/// The colour guided filter (He et al. 2013, algorithm 1 with a 3-channel guide): the output is a
/// locally linear function of the guide's colour fitted to `p` in each window, so it follows the
/// image's edges (hair against the backdrop) while keeping `p`'s level.
pub fn guided_filter(guide: &[[f32; 3]], p: &[f32], side: usize, r: usize, eps: f32) -> Vec<f32> {
    let n = side * side;
    let channel = |c: usize| guide.iter().map(|g| g[c]).collect::<Vec<f32>>();
    let (ir, ig, ib) = (channel(0), channel(1), channel(2));
    let mean = |v: &[f32]| box_mean(v, side, r);
    let prod = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).collect::<Vec<f32>>();
    let (m_r, m_g, m_b, m_p) = (mean(&ir), mean(&ig), mean(&ib), mean(p));
    let (m_rp, m_gp, m_bp) = (mean(&prod(&ir, p)), mean(&prod(&ig, p)), mean(&prod(&ib, p)));
    let (m_rr, m_rg, m_rb) = (mean(&prod(&ir, &ir)), mean(&prod(&ir, &ig)), mean(&prod(&ir, &ib)));
    let (m_gg, m_gb, m_bb) = (mean(&prod(&ig, &ig)), mean(&prod(&ig, &ib)), mean(&prod(&ib, &ib)));
    let mut a = vec![[0f32; 3]; n];
    let mut b = vec![0f32; n];
    for i in 0..n {
        let (mr, mg, mb, mp) = (m_r[i], m_g[i], m_b[i], m_p[i]);
        let cov = [m_rp[i] - mr * mp, m_gp[i] - mg * mp, m_bp[i] - mb * mp];
        // Σ + εU, symmetric 3×3.
        let (s00, s01, s02) = (m_rr[i] - mr * mr + eps, m_rg[i] - mr * mg, m_rb[i] - mr * mb);
        let (s11, s12, s22) = (m_gg[i] - mg * mg + eps, m_gb[i] - mg * mb, m_bb[i] - mb * mb + eps);
        let (c00, c01, c02) = (s11 * s22 - s12 * s12, s02 * s12 - s01 * s22, s01 * s12 - s02 * s11);
        let (c11, c12, c22) = (s00 * s22 - s02 * s02, s01 * s02 - s00 * s12, s00 * s11 - s01 * s01);
        let det = s00 * c00 + s01 * c01 + s02 * c02;
        let ai = if det.abs() > 1e-12 {
            [
                (c00 * cov[0] + c01 * cov[1] + c02 * cov[2]) / det,
                (c01 * cov[0] + c11 * cov[1] + c12 * cov[2]) / det,
                (c02 * cov[0] + c12 * cov[1] + c22 * cov[2]) / det,
            ]
        } else {
            [0.0; 3]
        };
        a[i] = ai;
        b[i] = mp - ai[0] * mr - ai[1] * mg - ai[2] * mb;
    }
    let (ma0, ma1, ma2) = (
        mean(&a.iter().map(|v| v[0]).collect::<Vec<_>>()),
        mean(&a.iter().map(|v| v[1]).collect::<Vec<_>>()),
        mean(&a.iter().map(|v| v[2]).collect::<Vec<_>>()),
    );
    let mb = mean(&b);
    (0..n).map(|i| ma0[i] * ir[i] + ma1[i] * ig[i] + ma2[i] * ib[i] + mb[i]).collect()
}

/// Foreground (and background) colours from the image and its alpha, coarse to fine (Germer et al.
/// 2020): on each level, starting from the level below, every pixel's F and B solve the 2×2 least
/// squares of the compositing equation `I = αF + (1−α)B` together with a smoothness term tying them
/// to their four neighbours, weighted by how similar the neighbours' alphas are. Returns F (0–255)
/// and B (0–1).
pub fn estimate_foreground(image: &[[f32; 3]], alpha: &[f32], side: usize) -> (Vec<[f32; 3]>, Vec<[f32; 3]>) {
    const REGULARISATION: f32 = 1e-5;
    const GRADIENT_WEIGHT: f32 = 1.0;
    const SMALL_SIZE: usize = 32;
    const SMALL_ITERATIONS: usize = 10;
    const BIG_ITERATIONS: usize = 2;
    let levels = (side as f32).log2().ceil() as usize + 1;
    let (mut f, mut b, mut prev) = (vec![[0f32; 3]; 1], vec![[0f32; 3]; 1], 1usize);
    // Start from the mean colour of the sure foreground and background.
    let mean_where = |pick: &dyn Fn(f32) -> bool| {
        let (mut s, mut k) = ([0f32; 3], 0f32);
        for (c, a) in image.iter().zip(alpha) {
            if pick(*a) {
                (s[0], s[1], s[2], k) = (s[0] + c[0], s[1] + c[1], s[2] + c[2], k + 1.0);
            }
        }
        if k > 0.0 { s.map(|v| v / k) } else { [0.5; 3] }
    };
    f[0] = mean_where(&|a| a > 0.9);
    b[0] = mean_where(&|a| a < 0.1);
    for level in 0..levels {
        let size = ((side as f32 / 2f32.powi((levels - 1 - level) as i32)).round() as usize).clamp(1, side);
        f = nearest(&f, prev, size);
        b = nearest(&b, prev, size);
        let img = nearest(image, side, size);
        let a = nearest(alpha, side, size);
        let iterations = if size <= SMALL_SIZE { SMALL_ITERATIONS } else { BIG_ITERATIONS };
        for _ in 0..iterations {
            for y in 0..size {
                for x in 0..size {
                    let i = y * size + x;
                    let a0 = a[i];
                    let a1 = 1.0 - a0;
                    let (mut a00, mut a11) = (a0 * a0, a1 * a1);
                    let a01 = a0 * a1;
                    let mut b0 = img[i].map(|c| a0 * c);
                    let mut b1 = img[i].map(|c| a1 * c);
                    for (dx, dy) in [(-1i64, 0i64), (1, 0), (0, -1), (0, 1)] {
                        let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                        if nx < 0 || ny < 0 || nx >= size as i64 || ny >= size as i64 {
                            continue;
                        }
                        let j = ny as usize * size + nx as usize;
                        let da = REGULARISATION + GRADIENT_WEIGHT * (a0 - a[j]).abs();
                        a00 += da;
                        a11 += da;
                        for c in 0..3 {
                            b0[c] += da * f[j][c];
                            b1[c] += da * b[j][c];
                        }
                    }
                    let det = a00 * a11 - a01 * a01;
                    if det.abs() < 1e-12 {
                        continue;
                    }
                    let inv = 1.0 / det;
                    for c in 0..3 {
                        f[i][c] = (inv * (a11 * b0[c] - a01 * b1[c])).clamp(0.0, 1.0);
                        b[i][c] = (inv * (a00 * b1[c] - a01 * b0[c])).clamp(0.0, 1.0);
                    }
                }
            }
        }
        prev = size;
    }
    (f.into_iter().map(|c| c.map(|v| v * 255.0)).collect(), b)
}

/// The least alpha at which `image = αF + (1−α)·background` has a person's colour F inside the
/// gamut (0–1 per channel): below it, no colour can explain the pixel (a dark strand before a light
/// background needs F < 0).
pub fn least_alpha(image: [f32; 3], background: [f32; 3]) -> f32 {
    (0..3)
        .map(|c| {
            let (i, b) = (image[c], background[c]);
            if i < b {
                (b - i) / b.max(1e-6)
            } else if i > b {
                (i - b) / (1.0 - b).max(1e-6)
            } else {
                0.0
            }
        })
        .fold(0f32, f32::max)
        .clamp(0.0, 1.0)
}

/// The largest value within `r` pixels (a `(2r+1)²` square, clamped at the borders) of each
/// pixel: grey-level dilation, separable, each pass a sliding maximum over a monotonic queue
/// (linear in the image whatever `r`).
pub fn max_filter(v: &[f32], side: usize, r: usize) -> Vec<f32> {
    fn slide(get: impl Fn(usize) -> f32, len: usize, r: usize, mut put: impl FnMut(usize, f32)) {
        // Indices whose values decrease from front to back; the front is the window's maximum.
        let mut queue = std::collections::VecDeque::with_capacity(2 * r + 1);
        for k in 0..len + r {
            if k < len {
                while queue.back().is_some_and(|&j| get(j) <= get(k)) {
                    queue.pop_back();
                }
                queue.push_back(k);
            }
            if k >= r {
                let out = k - r;
                while queue.front().is_some_and(|&j| j + r < out) {
                    queue.pop_front();
                }
                if let Some(&j) = queue.front() {
                    put(out, get(j));
                }
            }
        }
    }
    if r == 0 || side == 0 {
        return v.to_vec();
    }
    let mut rows = vec![0f32; v.len()];
    for y in 0..side {
        slide(|x| v[y * side + x], side, r, |x, m| rows[y * side + x] = m);
    }
    let mut out = vec![0f32; v.len()];
    for x in 0..side {
        slide(|y| rows[y * side + x], side, r, |y, m| out[y * side + x] = m);
    }
    out
}

/// A colour sample and how far from the pixel it was found (pixels).
pub type Sample = ([f32; 3], f32);

/// Shared sampling's gathering stage (Gastal and Oliveira, *Shared Sampling for Real-Time Alpha
/// Matting*, 2010): from pixel `i`, 8 straight lines, turned by an angle that differs from pixel to
/// pixel so neighbours see different samples; along each, in steps of `step` pixels up to `reach`,
/// the first pixel known to be foreground (`known == 1`) and the first `backgrounds` known to be
/// background (`known == 0`, consecutive: a textured background's nearby colours).
pub fn gather(
    image: &[[f32; 3]],
    known: &[i8],
    side: usize,
    i: usize,
    reach: f32,
    step: f32,
    backgrounds: usize,
) -> (Vec<Sample>, Vec<Sample>) {
    const LINES: usize = 8;
    let (x0, y0) = ((i % side) as f32 + 0.5, (i / side) as f32 + 0.5);
    // A fixed scramble of the pixel's position: neighbours' lines point different ways.
    let turn = ((i as u64).wrapping_mul(2_654_435_761) % 1024) as f32 / 1024.0;
    let (mut fg, mut bg) = (Vec::with_capacity(LINES), Vec::with_capacity(LINES * backgrounds));
    for k in 0..LINES {
        let angle = (k as f32 + turn) * std::f32::consts::TAU / LINES as f32;
        let (dx, dy) = (angle.cos() * step, angle.sin() * step);
        let (mut seen_fg, mut seen_bg) = (false, 0);
        let (mut x, mut y, mut t) = (x0 + dx, y0 + dy, step);
        while t <= reach && !(seen_fg && seen_bg >= backgrounds) {
            if x < 0.0 || y < 0.0 || x >= side as f32 || y >= side as f32 {
                break;
            }
            let j = y as usize * side + x as usize;
            match known[j] {
                1 if !seen_fg => {
                    seen_fg = true;
                    fg.push((image[j], t));
                }
                0 if seen_bg < backgrounds => {
                    seen_bg += 1;
                    bg.push((image[j], t));
                }
                _ => {}
            }
            (x, y, t) = (x + dx, y + dy, t + step);
        }
    }
    (fg, bg)
}

/// Squared distance between two colours.
pub fn dist2(a: &[f32; 3], b: &[f32; 3]) -> f32 {
    (0..3).map(|c| (a[c] - b[c]).powi(2)).sum()
}

/// Squared distance from colour `p` to the nearest of `samples` (infinite when there are none).
pub fn nearest2(p: &[f32; 3], samples: &[Sample]) -> f32 {
    samples.iter().map(|(c, _)| dist2(p, c)).fold(f32::INFINITY, f32::min)
}

/// The pair of a foreground and a background sample that explains colour `p` best as a mix of
/// the two, `p ≈ αF + (1−α)B`, by shared sampling's gathering energy (Gastal and Oliveira 2010,
/// eq. 7, with their exponents): the chromatic distortion of `p` against the pair's separation
/// (Wang and Cohen), how likely the α is given which samples `p` looks like (a pixel that looks
/// like a background sample is not read as half person), and how far the samples were found (near
/// ones preferred, the background's much more). A background sample at distance 0 is a measured
/// backdrop colour: no distance term. Returns the α of `p` and its distance from the line between
/// the pair. Pairs closer than `min_separation` tell no share apart and are skipped; `None` when no
/// pair is left.
pub fn best_pair(p: [f32; 3], fg: &[Sample], bg: &[Sample], min_separation: f32) -> Option<(f32, f32)> {
    const E_N: i32 = 3;
    const E_A: i32 = 2;
    const E_F: i32 = 1;
    const E_B: i32 = 4;
    // How much `p` looks like the foreground rather than the background samples (P_F).
    let (to_f, to_b) = (nearest2(&p, fg), nearest2(&p, bg));
    let pf = if to_f + to_b > 0.0 { to_b / (to_f + to_b) } else { 0.5 };
    let mut best: Option<(f32, f32, f32)> = None;
    for (f, df) in fg {
        for (b, db) in bg {
            let d = [f[0] - b[0], f[1] - b[1], f[2] - b[2]];
            let d2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            if d2 < min_separation * min_separation {
                continue;
            }
            let a =
                (((p[0] - b[0]) * d[0] + (p[1] - b[1]) * d[1] + (p[2] - b[2]) * d[2]) / d2).clamp(0.0, 1.0);
            let off2 = (0..3).map(|c| (p[c] - (b[c] + a * d[c])).powi(2)).sum::<f32>();
            let distortion = 1e-4 + off2 / d2;
            let likely = 1e-3 + pf + (1.0 - 2.0 * pf) * a;
            let near_b = if *db > 0.0 { db.powi(E_B) } else { 1.0 };
            let energy = distortion.powi(E_N) * likely.powi(E_A) * df.powi(E_F) * near_b;
            if best.is_none_or(|(_, _, e)| energy < e) {
                best = Some((a, off2.sqrt(), energy));
            }
        }
    }
    best.map(|(a, off, _)| (a, off))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Guided filter regularisation as the matte uses it.
    const GF_EPS: f32 = 1e-3;

    /// A soft-edged disc of `fg` over a backdrop shading from blue to grey (a studio backdrop lit
    /// unevenly); the true alpha and the image.
    pub(in crate::imaging) fn disc(side: usize, fg: [f32; 3]) -> (Vec<f32>, Vec<[f32; 3]>) {
        let c = side as f32 / 2.0;
        let alpha: Vec<f32> = (0..side * side)
            .map(|i| {
                let (x, y) = ((i % side) as f32 + 0.5, (i / side) as f32 + 0.5);
                let d = ((x - c).powi(2) + (y - c).powi(2)).sqrt();
                ((side as f32 * 0.3 - d) / 2.0 + 0.5).clamp(0.0, 1.0)
            })
            .collect();
        let image = alpha
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let t = (i % side) as f32 / side as f32;
                let bg = [0.15 + 0.4 * t, 0.3 + 0.3 * t, 0.9 - 0.3 * t];
                [0, 1, 2].map(|k| a * fg[k] + (1.0 - a) * bg[k])
            })
            .collect();
        (alpha, image)
    }

    #[test]
    fn the_guided_filter_cleans_a_noisy_prior_and_keeps_the_edge() {
        let side = 96;
        let (truth, image) = disc(side, [0.8, 0.6, 0.5]);
        // A prior as the colour projection gives it on a grainy photo: right on average, noisy
        // (deterministic noise of ±0.3).
        let prior: Vec<f32> = (0..side * side)
            .map(|i| {
                let h = ((i as u64 * 2_654_435_761) % (1 << 32)) as f32 / 4_294_967_296.0;
                truth[i] + (h - 0.5) * 0.6
            })
            .collect();
        let err = |v: &[f32]| v.iter().zip(&truth).map(|(a, b)| (a.clamp(0.0, 1.0) - b).abs()).sum::<f32>();
        let refined = guided_filter(&image, &prior, side, 4, GF_EPS);
        let blurred = box_mean(&prior, side, 4);
        // Measured (and with numpy): prior 712, guided 35, box blur of the same radius 351.
        assert!(err(&refined) < err(&prior) * 0.1, "guided {:.1} vs prior {:.1}", err(&refined), err(&prior));
        assert!(
            err(&refined) < err(&blurred) * 0.2,
            "guided {:.1} vs blur {:.1}",
            err(&refined),
            err(&blurred)
        );
    }

    #[test]
    fn the_foreground_loses_the_old_background() {
        let side = 64;
        let fg = [0.8, 0.6, 0.5];
        let (alpha, image) = disc(side, fg);
        let (f, _) = estimate_foreground(&image, &alpha, side);
        // On the soft edge, the estimated colour is the person's, not the blue or yellow behind.
        let mut worst = 0f32;
        for (i, a) in alpha.iter().enumerate() {
            if (0.2..0.8).contains(a) {
                for k in 0..3 {
                    worst = worst.max((f[i][k] / 255.0 - fg[k]).abs());
                }
            }
        }
        assert!(worst < 0.12, "edge colour off by {worst}");
    }

    #[test]
    fn the_least_alpha_is_where_the_person_colour_reaches_the_gamut() {
        // A dark parting before a light backdrop: at any lower alpha the person's colour would be
        // darker than black in the blue channel; at the least alpha it is exactly black there.
        let (image, behind) = ([0.2, 0.15, 0.1], [0.8, 0.75, 0.7]);
        let least = least_alpha(image, behind);
        assert!((least - 0.6 / 0.7).abs() < 1e-5, "{least}");
        let person = |a: f32| -> [f32; 3] { std::array::from_fn(|c| (image[c] - (1.0 - a) * behind[c]) / a) };
        assert!(person(least).iter().all(|&v| v >= -1e-5) && person(least)[2].abs() < 1e-5);
        assert!(person(least - 0.05)[2] < 0.0, "a lower alpha leaves the gamut");
        // Brighter than the backdrop: bounded by white. The backdrop's own colour: any alpha.
        assert!((least_alpha([0.9, 0.5, 0.5], [0.5, 0.5, 0.5]) - 0.8).abs() < 1e-5);
        assert_eq!(least_alpha(behind, behind), 0.0);
    }

    #[test]
    fn gathering_finds_the_nearest_known_pixels_along_each_line() {
        // Person (red) on the left, background (blue) on the right, unknown grey between.
        let side = 40;
        let (red, blue) = ([0.9, 0.1, 0.1], [0.1, 0.1, 0.9]);
        let known: Vec<i8> = (0..side * side)
            .map(|i| match i % side {
                x if x < 10 => 1,
                x if x >= 30 => 0,
                _ => -1,
            })
            .collect();
        let image: Vec<[f32; 3]> = known
            .iter()
            .map(|k| match k {
                1 => red,
                0 => blue,
                _ => [0.5; 3],
            })
            .collect();
        let centre = 20 * side + 20;
        let (fg, bg) = gather(&image, &known, side, centre, 30.0, 1.0, 3);
        // Of 8 lines, those within about 70° of straight left or right reach the known sides.
        assert!((2..=4).contains(&fg.len()), "{} person samples", fg.len());
        assert!(fg.iter().all(|(c, t)| *c == red && (9.0..=30.0).contains(t)), "{fg:?}");
        assert_eq!(bg.len() % 3, 0, "three consecutive background samples per line: {bg:?}");
        assert!(bg.len() >= 6 && bg.iter().all(|(c, t)| *c == blue && *t >= 9.0), "{bg:?}");
        let (_, none) = gather(&image, &known, side, centre, 30.0, 1.0, 0);
        assert!(none.is_empty(), "no background asked for");
    }

    #[test]
    fn the_best_pair_reads_a_mix_and_a_background_that_looks_like_one() {
        let person = [([0.8, 0.6, 0.5], 6.0)];
        let (dark, leaf) = ([0.1, 0.1, 0.1], [0.2, 0.8, 0.2]);
        // 30 % of the person over a leaf, among other background samples.
        let p = [0, 1, 2].map(|c| 0.3 * person[0].0[c] + 0.7 * leaf[c]);
        let (a, off) = best_pair(p, &person, &[(dark, 4.0), (leaf, 4.0)], 0.12).expect("a pair");
        assert!((a - 0.3).abs() < 0.01 && off < 1e-3, "α {a}, off the line by {off}");
        // A background colour that happens to lie halfway between the person and the dark sample
        // (a textured backdrop): it is read as background, not as half the person.
        let mid = [0, 1, 2].map(|c| 0.5 * person[0].0[c] + 0.5 * dark[c]);
        let (a, _) = best_pair(mid, &person, &[(dark, 4.0), (mid, 4.0)], 0.12).expect("a pair");
        assert!(a < 0.05, "α {a}");
        // Too alike to tell: no pair.
        assert_eq!(best_pair(p, &person, &[([0.8, 0.62, 0.5], 0.0)], 0.12), None);
    }

    #[test]
    fn the_max_filter_is_the_maximum_over_the_square() {
        let side = 23;
        let v: Vec<f32> =
            (0..side * side).map(|i| ((i as u64 * 2_654_435_761) % 1000) as f32 / 1000.0).collect();
        for r in [0, 1, 3, 30] {
            let fast = max_filter(&v, side, r);
            for y in 0..side {
                for x in 0..side {
                    let (y0, y1, x0, x1) = (
                        y.saturating_sub(r),
                        (y + r).min(side - 1),
                        x.saturating_sub(r),
                        (x + r).min(side - 1),
                    );
                    let slow = (y0..=y1)
                        .flat_map(|yy| (x0..=x1).map(move |xx| (yy, xx)))
                        .map(|(yy, xx)| v[yy * side + xx])
                        .fold(0.0, f32::max);
                    assert_eq!(fast[y * side + x], slow, "r {r} at ({x}, {y})");
                }
            }
        }
    }
}
