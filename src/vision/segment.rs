//! Person segmentation on a head-and-shoulders crop, and the crown (top of hair) found from it.

use image::{GrayImage, Luma, RgbImage};

use super::models::Model;
use super::{Point, VisionError, input_tensor};
use crate::domain::geometry::Affine;

/// The person mask over a square region of the source.
pub struct PersonMask {
    /// 256×256 probabilities (0–255).
    pub mask: GrayImage,
    /// Source → mask pixels.
    pub to_mask: Affine,
}

impl PersonMask {
    /// Person probability (0–1) at a source point; 0 outside the crop.
    pub fn at(&self, p: Point) -> f32 {
        let (x, y) = self.to_mask.apply(f64::from(p.x), f64::from(p.y));
        let (x, y) = (x - 0.5, y - 0.5);
        let (w, h) = (f64::from(self.mask.width()), f64::from(self.mask.height()));
        if x < 0.0 || y < 0.0 || x > w - 1.0 || y > h - 1.0 {
            return 0.0;
        }
        let (x0, y0) = (x.floor() as u32, y.floor() as u32);
        let (x1, y1) = ((x0 + 1).min(self.mask.width() - 1), (y0 + 1).min(self.mask.height() - 1));
        let (fx, fy) = ((x - f64::from(x0)) as f32, (y - f64::from(y0)) as f32);
        let v = |x, y| f32::from(self.mask.get_pixel(x, y)[0]) / 255.0;
        let top = v(x0, y0) * (1.0 - fx) + v(x1, y0) * fx;
        let bottom = v(x0, y1) * (1.0 - fx) + v(x1, y1) * fx;
        top * (1.0 - fy) + bottom * fy
    }

    /// As [`at`](Self::at), but below the segmented square the person goes on as the square's last
    /// row says (shoulders and body continue downwards, out of the model's view).
    pub fn at_extruded(&self, p: Point) -> f32 {
        let (x, y) = self.to_mask.apply(f64::from(p.x), f64::from(p.y));
        let h = f64::from(self.mask.height());
        if y > h - 1.0 {
            let back = self.to_mask.inverse().unwrap_or(Affine::IDENTITY);
            let (sx, sy) = back.apply(x, h - 1.0);
            return self.at(Point::new(sx as f32, sy as f32));
        }
        self.at(p)
    }

    /// The mask resampled into an output frame (`source_to_output`), 255 = person.
    pub fn to_output(&self, source_to_output: Affine, size: [u32; 2]) -> GrayImage {
        let back = source_to_output.inverse().unwrap_or(Affine::IDENTITY);
        GrayImage::from_fn(size[0], size[1], |x, y| {
            let (sx, sy) = back.apply(f64::from(x) + 0.5, f64::from(y) + 0.5);
            Luma([(self.at(Point::new(sx as f32, sy as f32)) * 255.0).round() as u8])
        })
    }
}

/// Segments the square of `side` source pixels centred on `centre`.
pub fn run(model: &Model, image: &RgbImage, centre: Point, side: f32) -> Result<PersonMask, VisionError> {
    let n = model.size as f64;
    let to_mask = Affine::translate(n / 2.0, n / 2.0)
        .after(Affine::scale(n / f64::from(side)))
        .after(Affine::translate(-f64::from(centre.x), -f64::from(centre.y)));
    let outputs = model.run(input_tensor(image, to_mask, model.size, false)?)?;
    let probs = &outputs[0];
    if probs.len() != model.size * model.size {
        return Err(VisionError::Model(format!("unexpected mask output {}", probs.len())));
    }
    let mask = GrayImage::from_fn(model.size as u32, model.size as u32, |x, y| {
        Luma([(probs[y as usize * model.size + x as usize].clamp(0.0, 1.0) * 255.0).round() as u8])
    });
    Ok(PersonMask { mask, to_mask })
}

/// As [`run`], averaged with the model's answer on the mirrored square (test-time augmentation:
/// the two answers disagree where the model guesses, and the mean is steadier there).
pub fn run_mirrored(
    model: &Model,
    image: &RgbImage,
    centre: Point,
    side: f32,
) -> Result<PersonMask, VisionError> {
    mirror_averaged(model, image, &run(model, image, centre, side)?)
}

/// `straight` (a mask whose `to_mask` maps from `image`'s pixels) averaged with the model's answer
/// on its square mirrored.
pub fn mirror_averaged(
    model: &Model,
    image: &RgbImage,
    straight: &PersonMask,
) -> Result<PersonMask, VisionError> {
    let n = model.size as f64;
    let mirror = Affine([-1.0, 0.0, n, 0.0, 1.0, 0.0]);
    let outputs = model.run(input_tensor(image, mirror.after(straight.to_mask), model.size, false)?)?;
    let probs = &outputs[0];
    if probs.len() != model.size * model.size {
        return Err(VisionError::Model(format!("unexpected mask output {}", probs.len())));
    }
    let last = model.size - 1;
    let mask = GrayImage::from_fn(model.size as u32, model.size as u32, |x, y| {
        let mirrored = probs[y as usize * model.size + (last - x as usize)].clamp(0.0, 1.0) * 255.0;
        let own = f32::from(straight.mask.get_pixel(x, y)[0]);
        Luma([((own + mirrored) / 2.0).round() as u8])
    });
    Ok(PersonMask { mask, to_mask: straight.to_mask })
}

/// How much a closer look counts at a point of its square (`at` in mask pixels of side `n`): 1
/// inside, falling to 0 over the outer [`CLOSE_RAMP`] of the square (the model sees least there).
pub fn closer_weight(at: (f64, f64), n: f64) -> f32 {
    let edge = at.0.min(at.1).min(n - at.0).min(n - at.1);
    (edge / (CLOSE_RAMP * n)).clamp(0.0, 1.0) as f32
}

/// The outer share of a closer look's square over which it hands over to the wider mask.
pub const CLOSE_RAMP: f64 = 0.15;

/// Walks from `start` in direction `up` (unit vector) while the mask says person; the last person
/// point is the crown. `None` if the start is not on the person.
pub fn crown(mask: &PersonMask, start: Point, up: Point, max_steps: usize) -> Option<Point> {
    if mask.at(start) < 0.5 {
        return None;
    }
    let mut last = start;
    for i in 1..max_steps {
        let p = Point::new(start.x + up.x * i as f32, start.y + up.y * i as f32);
        if mask.at(p) < 0.5 {
            return Some(last);
        }
        last = p;
    }
    Some(last)
}
