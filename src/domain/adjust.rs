//! Photo adjustments as the operator sets them; the pixel work is in `imaging::adjust`.

use serde::Serialize;

/// Exposure, contrast, white balance and saturation. All zero means "no change".
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Adjustments {
    /// Exposure in stops (EV), −2…+2.
    pub exposure_ev: f32,
    /// Contrast, −1…+1 (0 = unchanged).
    pub contrast: f32,
    /// White balance: warmer (+) or cooler (−), −1…+1.
    pub temperature: f32,
    /// White balance: magenta (+) or green (−), −1…+1.
    pub tint: f32,
    /// Saturation, −1 (grey) … +1.
    pub saturation: f32,
}

impl Adjustments {
    pub fn is_identity(&self) -> bool {
        *self == Adjustments::default()
    }

    /// The same adjustments with every value inside its range.
    pub fn clamped(self) -> Adjustments {
        Adjustments {
            exposure_ev: self.exposure_ev.clamp(-2.0, 2.0),
            contrast: self.contrast.clamp(-1.0, 1.0),
            temperature: self.temperature.clamp(-1.0, 1.0),
            tint: self.tint.clamp(-1.0, 1.0),
            saturation: self.saturation.clamp(-1.0, 1.0),
        }
    }
}

/// The operator's choices for one photo.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    pub crop: crate::domain::geometry::CropRect,
    pub adjustments: Adjustments,
    /// Replace the background with the spec colour (person mask).
    pub whiten: bool,
    /// Geometry only: no pixel edits, background untouched.
    pub no_retouch: bool,
}
