//! Live guides for the capture preview: where the spec wants the crown, eyes, chin, centre and face
//! edges inside the output frame, whether the live face meets each, and one short hint saying what
//! to change. All in output pixels of the spec; the screen scales them onto the preview.

use super::face_checks::{DEFAULT_CENTRE_TOLERANCE, PlacedFace};
use super::placement::fallback_geometry;
use super::spec::{Geometry, PhotoSpec};
use super::{Label, Lang};

/// A guide's state: grey without a face, green when met, red when not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuideState {
    Idle,
    Met,
    Missed,
}

/// Guide positions (output pixels) and their states.
#[derive(Clone, Debug, PartialEq)]
pub struct Guides {
    pub px: [u32; 2],
    /// Crown band: top and bottom y.
    pub crown_band: Option<(f64, f64)>,
    pub crown: GuideState,
    /// Eye band: allowed y range of the eye line.
    pub eye_band: (f64, f64),
    pub eye: GuideState,
    /// Lowest allowed chin y, if the spec has a chin rule.
    pub chin_max_y: Option<f64>,
    /// Chin line: where the chin is expected with the face at its target width (drawn as a hint).
    pub chin_y: f64,
    pub centre_x: f64,
    pub centre: GuideState,
    /// Face-width marks: inner and outer x on each side of the centre line.
    pub width_marks: [(f64, f64); 2],
    pub width: GuideState,
    /// What to tell the customer, most important first.
    pub hint: Option<Label>,
}

/// Roll and yaw beyond these make the hint ask to straighten up / look at the camera.
const ROLL_HINT_DEG: f64 = 3.0;
const YAW_HINT_DEG: f64 = 10.0;
/// Pitch beyond this asks to hold the head level.
const PITCH_HINT_DEG: f64 = 10.0;

/// The guides of `spec`, judged against the live face (output pixels) when there is one.
pub fn guides(spec: &PhotoSpec, face: Option<&PlacedFace>) -> Guides {
    let g = spec.geometry.clone().unwrap_or_else(|| fallback_geometry(spec.px));
    guides_for(&g, spec.px, face)
}

fn state(face: bool, ok: bool) -> GuideState {
    match (face, ok) {
        (false, _) => GuideState::Idle,
        (true, true) => GuideState::Met,
        (true, false) => GuideState::Missed,
    }
}

pub fn guides_for(g: &Geometry, px: [u32; 2], face: Option<&PlacedFace>) -> Guides {
    let (w, h) = (f64::from(px[0]), f64::from(px[1]));
    let crown_band = g.crown_to_top_px.map(|r| (f64::from(r.min), f64::from(r.max)));
    let (mut eye_lo, mut eye_hi) = (0.0, h);
    if let Some(r) = g.eye_line_from_top_px {
        (eye_lo, eye_hi) = (f64::from(r.min), f64::from(r.max));
    }
    if let Some(m) = g.eye_line_from_bottom_min_px {
        eye_hi = eye_hi.min(h - f64::from(m));
    }
    let chin_max_y = g.chin_to_bottom_min_px.map(|m| h - f64::from(m));
    let centre_x = w / 2.0;
    let (wmin, wmax) = (f64::from(g.face_width_px.min), f64::from(g.face_width_px.max));
    let width_marks =
        [(centre_x - wmax / 2.0, centre_x - wmin / 2.0), (centre_x + wmin / 2.0, centre_x + wmax / 2.0)];
    let tolerance = g.centre_tolerance_px.map_or(DEFAULT_CENTRE_TOLERANCE, f64::from);
    // Expected chin with a typical face (eye-to-chin ≈ 0.62 face widths) at the band's lower eye line.
    let chin_y = eye_hi + 0.62 * (wmin + wmax) / 2.0;

    let has = face.is_some();
    let f = face.copied().unwrap_or_default();
    let width_ok = (wmin..=wmax).contains(&f.face_width);
    let eye_ok = (eye_lo..=eye_hi).contains(&f.eye_line_y);
    let crown_ok = match (crown_band, f.crown_y) {
        (Some((lo, hi)), Some(c)) => (lo..=hi).contains(&c),
        _ => true,
    };
    let centre_ok = (f.centre_x - centre_x).abs() <= tolerance;
    let chin_ok = chin_max_y.is_none_or(|m| f.chin_y <= m);

    let hint = if !has {
        Some(Label::HintNoFace)
    } else if f.face_width < wmin {
        Some(Label::HintCloser)
    } else if f.face_width > wmax {
        Some(Label::HintBack)
    } else if f.centre_x - centre_x > tolerance {
        // The face is right of the centre line on screen.
        Some(Label::HintMoveLeft)
    } else if centre_x - f.centre_x > tolerance {
        Some(Label::HintMoveRight)
    } else if f.eye_line_y > eye_hi || !chin_ok {
        Some(Label::HintRaise)
    } else if f.eye_line_y < eye_lo || f.crown_y.is_some_and(|c| crown_band.is_some_and(|(lo, _)| c < lo)) {
        Some(Label::HintLower)
    } else if f.roll_deg.abs() > ROLL_HINT_DEG {
        Some(Label::HintStraighten)
    } else if f.yaw_deg.abs() > YAW_HINT_DEG {
        Some(Label::HintLookAtCamera)
    } else if f.pitch_deg > PITCH_HINT_DEG {
        Some(Label::HintChinDown)
    } else if f.pitch_deg < -PITCH_HINT_DEG {
        Some(Label::HintChinUp)
    } else {
        None
    };
    Guides {
        px,
        crown_band,
        crown: state(has && f.crown_y.is_some(), crown_ok),
        eye_band: (eye_lo, eye_hi),
        eye: state(has, eye_ok && chin_ok),
        chin_max_y,
        chin_y,
        centre_x,
        centre: state(has, centre_ok),
        width_marks,
        width: state(has, width_ok),
        hint,
    }
}

impl Guides {
    /// With `hint` (what the customer can put right: a hat, glasses) when the position needs
    /// nothing: the position comes first.
    pub fn or_hint(mut self, hint: Option<Label>) -> Guides {
        self.hint = self.hint.or(hint);
        self
    }

    /// The hint in `lang`, or the all-good line.
    pub fn hint_text(&self, lang: Lang) -> &'static str {
        self.hint.unwrap_or(Label::HintGood).get(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> Geometry {
        crate::domain::spec::id_card_geometry_for_tests()
    }

    fn good() -> PlacedFace {
        PlacedFace {
            face_count: 1,
            face_width: 207.0,
            crown_y: Some(14.0),
            eye_line_y: 220.0,
            chin_y: 350.0,
            centre_x: 179.0,
            ..PlacedFace::default()
        }
    }

    #[test]
    fn a_face_in_place_turns_every_guide_green() {
        let g = guides_for(&id(), [358, 441], Some(&good()));
        assert_eq!([g.crown, g.eye, g.centre, g.width], [GuideState::Met; 4]);
        assert_eq!(g.hint, None);
        assert_eq!(g.eye_band, (0.0, 234.0));
        assert_eq!(g.width_marks, [(68.5, 82.5), (275.5, 289.5)]);
    }

    #[test]
    fn each_miss_gets_its_hint() {
        type Change = fn(&mut PlacedFace);
        let cases: [(Change, Label); 10] = [
            (|f| f.face_width = 150.0, Label::HintCloser),
            (|f| f.face_width = 260.0, Label::HintBack),
            (|f| f.centre_x = 200.0, Label::HintMoveLeft),
            (|f| f.centre_x = 160.0, Label::HintMoveRight),
            (|f| f.eye_line_y = 250.0, Label::HintRaise),
            (|f| f.crown_y = Some(2.0), Label::HintLower),
            (|f| f.roll_deg = 5.0, Label::HintStraighten),
            (|f| f.yaw_deg = 12.0, Label::HintLookAtCamera),
            (|f| f.pitch_deg = 14.0, Label::HintChinDown),
            (|f| f.pitch_deg = -14.0, Label::HintChinUp),
        ];
        for (change, hint) in cases {
            let mut f = good();
            change(&mut f);
            let g = guides_for(&id(), [358, 441], Some(&f));
            assert_eq!(g.hint, Some(hint), "{f:?}");
        }
        let g = guides_for(&id(), [358, 441], None);
        assert_eq!((g.hint, g.eye), (Some(Label::HintNoFace), GuideState::Idle));
    }
}
