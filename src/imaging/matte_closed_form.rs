//! Closed-form matting (Levin, Lischinski and Weiss, *A Closed-Form Solution to Natural Image
//! Matting*, TPAMI 2008), the matte's third solver beside those in [`super::matte_solvers`]:
//! independent of faces and masks; images are square, `side` pixels, row-major, channels 0–1.

/// Closed-form matting (Levin, Lischinski and Weiss, *A Closed-Form Solution to Natural Image
/// Matting*, TPAMI 2008) over the `unknown` pixels, the others fixed at `alpha`: the alpha that is
/// locally a linear function of the colour in every 3×3 window (the colour-line model), found by
/// minimising αᵀLα with the matting Laplacian L, by conjugate gradients with a Jacobi
/// preconditioner, started from `alpha`. The rows of L at the unknown pixels (5×5 neighbours
/// each) are assembled once from the windows' means and `(Σ + ε/9·I)⁻¹`; what the fixed pixels
/// contribute moves to the right-hand side. The frame's outermost ring is never unknown (it has
/// no whole window). Returns the alpha with the unknown pixels solved (clamped to 0–1).
pub fn closed_form(
    image: &[[f32; 3]],
    alpha: &[f32],
    unknown: &[bool],
    side: usize,
    eps: f32,
    iterations: usize,
) -> Vec<f32> {
    let n = side * side;
    let interior = |i: usize| {
        let (x, y) = (i % side, i / side);
        x >= 1 && y >= 1 && x + 1 < side && y + 1 < side
    };
    // The free pixels, numbered.
    let free: Vec<usize> = (0..n).filter(|&i| unknown[i] && interior(i)).collect();
    let mut number = vec![u32::MAX; n];
    for (k, &i) in free.iter().enumerate() {
        number[i] = k as u32;
    }
    // Row k of L: the coefficients of the 5×5 neighbours of free pixel k (offset (dy+2)·5 + dx+2).
    let mut rows = vec![[0f64; 25]; free.len()];
    let mut has_window = vec![false; n];
    for &i in &free {
        for dy in 0..3 {
            for dx in 0..3 {
                let c = i + dy * side + dx - side - 1;
                if interior(c) {
                    has_window[c] = true;
                }
            }
        }
    }
    let offsets: [usize; 9] = std::array::from_fn(|k| (k / 3) * side + k % 3);
    let e = f64::from(eps) / 9.0;
    for c in (0..n).filter(|&c| has_window[c]) {
        let corner = c - side - 1;
        let colour = |o: usize| image[corner + o].map(f64::from);
        let mut mu = [0f64; 3];
        for o in offsets {
            (0..3).for_each(|ch| mu[ch] += colour(o)[ch] / 9.0);
        }
        let d: [[f64; 3]; 9] = offsets.map(|o| [0, 1, 2].map(|ch| colour(o)[ch] - mu[ch]));
        let mut s = [0f64; 6]; // s00 s01 s02 s11 s12 s22
        for v in &d {
            let t = [v[0] * v[0], v[0] * v[1], v[0] * v[2], v[1] * v[1], v[1] * v[2], v[2] * v[2]];
            (0..6).for_each(|k| s[k] += t[k] / 9.0);
        }
        let (s00, s01, s02, s11, s12, s22) = (s[0] + e, s[1], s[2], s[3] + e, s[4], s[5] + e);
        let (c00, c01, c02) = (s11 * s22 - s12 * s12, s02 * s12 - s01 * s22, s01 * s12 - s02 * s11);
        let (c11, c12, c22) = (s00 * s22 - s02 * s02, s01 * s02 - s00 * s12, s00 * s11 - s01 * s01);
        let det = s00 * c00 + s01 * c01 + s02 * c02;
        if det.abs() < 1e-30 {
            continue;
        }
        let inv = [c00 / det, c01 / det, c02 / det, c11 / det, c12 / det, c22 / det];
        // A⁻¹·d for each pixel of the window.
        let ad: [[f64; 3]; 9] = d.map(|v| {
            [
                inv[0] * v[0] + inv[1] * v[1] + inv[2] * v[2],
                inv[1] * v[0] + inv[3] * v[1] + inv[4] * v[2],
                inv[2] * v[0] + inv[4] * v[1] + inv[5] * v[2],
            ]
        });
        for a in 0..9 {
            let k = number[corner + offsets[a]];
            if k == u32::MAX {
                continue;
            }
            let row = &mut rows[k as usize];
            for (b, db) in d.iter().enumerate() {
                let dot = ad[a][0] * db[0] + ad[a][1] * db[1] + ad[a][2] * db[2];
                let delta = if a == b { 1.0 } else { 0.0 };
                // Offset of b from a in the 5×5 neighbourhood.
                let (dy, dx) = ((b / 3) as isize - (a / 3) as isize, (b % 3) as isize - (a % 3) as isize);
                row[((dy + 2) * 5 + dx + 2) as usize] += delta - (1.0 + dot) / 9.0;
            }
        }
    }
    // Each row's neighbours: free (their number) or fixed (moved to the right-hand side).
    let neighbour = |i: usize, o: usize| {
        let (dy, dx) = ((o / 5) as isize - 2, (o % 5) as isize - 2);
        (i as isize + dy * side as isize + dx) as usize
    };
    let mut rhs = vec![0f64; free.len()];
    let mut links: Vec<[u32; 25]> = vec![[u32::MAX; 25]; free.len()];
    for (k, &i) in free.iter().enumerate() {
        for o in 0..25 {
            if rows[k][o] == 0.0 {
                continue;
            }
            let j = neighbour(i, o);
            if number[j] == u32::MAX {
                rhs[k] -= rows[k][o] * f64::from(alpha[j]);
            } else {
                links[k][o] = number[j];
            }
        }
    }
    let apply = |x: &[f64], out: &mut [f64]| {
        for (k, out) in out.iter_mut().enumerate() {
            let (row, link) = (&rows[k], &links[k]);
            *out = (0..25).filter(|&o| link[o] != u32::MAX).map(|o| row[o] * x[link[o] as usize]).sum();
        }
    };
    let diagonal: Vec<f64> = rows.iter().map(|r| if r[12] > 1e-12 { r[12] } else { 1.0 }).collect();
    let mut x: Vec<f64> = free.iter().map(|&i| f64::from(alpha[i])).collect();
    let mut ax = vec![0f64; free.len()];
    apply(&x, &mut ax);
    let mut r: Vec<f64> = rhs.iter().zip(&ax).map(|(b, a)| b - a).collect();
    let mut z: Vec<f64> = r.iter().zip(&diagonal).map(|(r, d)| r / d).collect();
    let mut p = z.clone();
    let mut rz: f64 = r.iter().zip(&z).map(|(a, b)| a * b).sum();
    let start = rz.abs().max(1e-30);
    let mut ap = vec![0f64; free.len()];
    for _ in 0..iterations {
        if rz.abs() <= start * 1e-8 {
            break;
        }
        apply(&p, &mut ap);
        let pap: f64 = p.iter().zip(&ap).map(|(a, b)| a * b).sum();
        if pap <= 0.0 {
            break;
        }
        let step = rz / pap;
        for k in 0..free.len() {
            x[k] += step * p[k];
            r[k] -= step * ap[k];
            z[k] = r[k] / diagonal[k];
        }
        let next: f64 = r.iter().zip(&z).map(|(a, b)| a * b).sum();
        let beta = next / rz;
        rz = next;
        for k in 0..free.len() {
            p[k] = z[k] + beta * p[k];
        }
    }
    let mut out = alpha.to_vec();
    for (k, &i) in free.iter().enumerate() {
        out[i] = x[k].clamp(0.0, 1.0) as f32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imaging::matte_solvers::tests::disc;

    #[test]
    fn closed_form_matting_recovers_a_soft_edge_from_a_hard_one() {
        let side = 64;
        let (truth, image) = disc(side, [0.9, 0.75, 0.6]);
        // Start from the edge cut hard at one half; free within 4 px of it.
        let hard: Vec<f32> = truth.iter().map(|&a| if a >= 0.5 { 1.0 } else { 0.0 }).collect();
        let c = side as f32 / 2.0;
        let unknown: Vec<bool> = (0..side * side)
            .map(|i| {
                let (x, y) = ((i % side) as f32 + 0.5, (i / side) as f32 + 0.5);
                let d = ((x - c).powi(2) + (y - c).powi(2)).sqrt();
                (d - side as f32 * 0.3).abs() < 4.0
            })
            .collect();
        let solved = closed_form(&image, &hard, &unknown, side, 1e-7, 300);
        let error = |a: &[f32]| {
            let picked = (0..side * side).filter(|&i| unknown[i]);
            picked.clone().map(|i| (a[i] - truth[i]).abs()).sum::<f32>() / picked.count() as f32
        };
        // Measured: mean |error| 0.063 for the hard edge, 0.0001 solved (the colour-line model
        // holds exactly for a mix of two smooth colours).
        let (before, after) = (error(&hard), error(&solved));
        assert!(before > 0.05, "hard edge {before:.4}");
        assert!(after < 0.005, "solved {after:.4} (hard {before:.4})");
        // What is not free stays as it was.
        assert!((0..side * side).filter(|&i| !unknown[i]).all(|i| solved[i] == hard[i]));
    }
}
