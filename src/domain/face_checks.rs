//! Face checks on a placed photo: each with the platform's own wording where one exists
//! (domain.md §5), the measured value and the allowed range, in output pixels.

use super::checks::{CheckResult, CheckStatus};
use super::i18n::Words;
use super::spec::{Geometry, Range};
use crate::words;

/// The face as it lands in the output frame (output pixels): what the checks judge and what the
/// live guides show.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PlacedFace {
    pub face_count: usize,
    pub face_width: f64,
    pub crown_y: Option<f64>,
    pub eye_line_y: f64,
    pub chin_y: f64,
    /// Face centre's x in the output.
    pub centre_x: f64,
    pub roll_deg: f64,
    pub yaw_deg: f64,
    /// Positive: chin up (head tilted back).
    pub pitch_deg: f64,
    pub eye_openness: [f64; 2],
    pub mouth_openness: f64,
}

/// Roll and yaw beyond these fail; half of them warns.
pub const MAX_ROLL_DEG: f64 = 3.0;
pub const MAX_YAW_DEG: f64 = 10.0;
/// Pitch (calibrated, residual within ±4.6° on the frontal set) beyond this fails; beyond half of
/// it warns.
pub const MAX_PITCH_DEG: f64 = 20.0;
/// Lid gap over eye width below this counts as closed.
pub const EYES_OPEN_MIN: f64 = 0.12;
/// Inner lip gap over mouth width above this counts as open.
pub const MOUTH_CLOSED_MAX: f64 = 0.08;
/// Centring tolerance when the spec gives none (a stated default).
pub const DEFAULT_CENTRE_TOLERANCE: f64 = 10.0;

/// A head angle's status: pass within half the limit, warn up to it, fail beyond.
fn by_angle(abs_deg: f64, max_deg: f64) -> CheckStatus {
    if abs_deg <= max_deg / 2.0 {
        CheckStatus::Pass
    } else if abs_deg <= max_deg {
        CheckStatus::Warn
    } else {
        CheckStatus::Fail
    }
}

fn in_range(v: f64, r: Range<f32>) -> bool {
    (f64::from(r.min)..=f64::from(r.max)).contains(&v)
}

fn range_text(r: Range<f32>) -> Words {
    Words::same(format!("{}–{} px", r.min, r.max))
}

/// The checks of one face in a `px` frame under `g`.
pub fn face_checks(face: &PlacedFace, g: &Geometry, px: [u32; 2]) -> Vec<CheckResult> {
    use CheckStatus::*;
    let (w, h) = (f64::from(px[0]), f64::from(px[1]));
    let mut out = Vec::new();
    out.push(match face.face_count {
        0 => CheckResult::new(
            "face_count",
            Fail,
            Words::same("0"),
            Words::same("1"),
            Words::new("未检测到人脸", "No face found"),
        ),
        1 => CheckResult::new(
            "face_count",
            Pass,
            Words::same("1"),
            Words::same("1"),
            Words::new("检测到一张人脸", "One face found"),
        ),
        n => CheckResult::new(
            "face_count",
            Warn,
            Words::same(n.to_string()),
            Words::same("1"),
            Words::new(
                "画面中有多张人脸，已使用最大的一张",
                "Several faces in the frame: the largest is used",
            ),
        ),
    });
    if face.face_count == 0 {
        return out;
    }
    let fw = face.face_width;
    let (status, msg) = if in_range(fw, g.face_width_px) {
        (Pass, Words::new("脸宽符合", "Face width fits"))
    } else if fw < f64::from(g.face_width_px.min) {
        (Fail, Words::new("头部偏小", "Head too small"))
    } else {
        (Fail, Words::new("头部偏大", "Head too large"))
    };
    let px = |v: f64| Words::same(format!("{v:.0} px"));
    out.push(CheckResult::new("face_width", status, px(fw), range_text(g.face_width_px), msg));
    if let Some(r) = g.crown_to_top_px {
        out.push(match face.crown_y {
            Some(c) if in_range(c, r) => CheckResult::new(
                "crown_margin",
                Pass,
                px(c),
                range_text(r),
                Words::new("头顶留白符合", "Space above the head fits"),
            ),
            Some(c) if c < f64::from(r.min) => CheckResult::new(
                "crown_margin",
                Fail,
                px(c),
                range_text(r),
                Words::new("整体偏上", "Too high"),
            ),
            Some(c) => CheckResult::new(
                "crown_margin",
                Fail,
                px(c),
                range_text(r),
                Words::new("整体偏下", "Too low"),
            ),
            None => CheckResult::new(
                "crown_margin",
                Warn,
                Words::new("未测出", "not measured"),
                range_text(r),
                Words::new(
                    "未能测出头顶位置，请人工确认",
                    "Could not find the top of the head: please check by eye",
                ),
            ),
        });
    }
    let eye = face.eye_line_y;
    let mut eye_ok = true;
    let mut allowed: Vec<Words> = Vec::new();
    if let Some(r) = g.eye_line_from_top_px {
        eye_ok &= in_range(eye, r);
        let range = range_text(r).zh;
        allowed.push(words!("离顶 {range}", "{range} from the top"));
    }
    if let Some(m) = g.eye_line_from_bottom_min_px {
        eye_ok &= h - eye >= f64::from(m);
        allowed.push(words!("离底 ≥ {m} px", "≥ {m} px from the bottom"));
    }
    if !allowed.is_empty() {
        let below = h - eye;
        out.push(CheckResult::new(
            "eye_line",
            if eye_ok { Pass } else { Fail },
            words!(
                "离顶 {eye:.0} px，离底 {below:.0} px",
                "{eye:.0} px from the top, {below:.0} px from the bottom"
            ),
            Words::new(
                allowed.iter().map(|a| a.zh.as_str()).collect::<Vec<_>>().join("，"),
                allowed.iter().map(|a| a.en.as_str()).collect::<Vec<_>>().join(", "),
            ),
            if eye_ok {
                Words::new("眼线位置符合", "Eye line fits")
            } else {
                Words::new("眼睛位置不符合（整体偏上或偏下）", "Eyes out of place (too high or too low)")
            },
        ));
    }
    let tolerance = g.centre_tolerance_px.map_or(DEFAULT_CENTRE_TOLERANCE, f64::from);
    let offset = face.centre_x - w / 2.0;
    let msg = if offset.abs() <= tolerance {
        Words::new("左右居中", "Centred")
    } else if offset < 0.0 {
        Words::new("整体偏左", "Too far left")
    } else {
        Words::new("整体偏右", "Too far right")
    };
    out.push(CheckResult::new(
        "centring",
        if offset.abs() <= tolerance { Pass } else { Fail },
        Words::same(format!("{offset:+.0} px")),
        Words::same(format!("±{tolerance:.0} px")),
        msg,
    ));
    let roll = face.roll_deg.abs();
    out.push(CheckResult::new(
        "roll",
        by_angle(roll, MAX_ROLL_DEG),
        Words::same(format!("{:.1}°", face.roll_deg)),
        Words::same(format!("≤ {MAX_ROLL_DEG}°")),
        if roll <= MAX_ROLL_DEG {
            Words::new("头部端正", "Head upright")
        } else {
            Words::new("头不能歪", "Head tilted")
        },
    ));
    let yaw = face.yaw_deg.abs();
    out.push(CheckResult::new(
        "yaw",
        by_angle(yaw, MAX_YAW_DEG),
        Words::same(format!("{:.1}°", face.yaw_deg)),
        Words::same(format!("≤ {MAX_YAW_DEG}°")),
        if yaw <= MAX_YAW_DEG {
            Words::new("正面朝向镜头", "Facing the camera")
        } else {
            Words::new("姿势不正", "Head turned")
        },
    ));
    let pitch = face.pitch_deg.abs();
    out.push(CheckResult::new(
        "pitch",
        by_angle(pitch, MAX_PITCH_DEG),
        // The direction only where it means something (inside the residual it is noise).
        if pitch <= MAX_PITCH_DEG / 2.0 {
            Words::same(format!("{:+.0}°", face.pitch_deg))
        } else if face.pitch_deg > 0.0 {
            words!("{:+.0}°（抬头）", "{:+.0}° (chin up)", face.pitch_deg)
        } else {
            words!("{:+.0}°（低头）", "{:+.0}° (chin down)", face.pitch_deg)
        },
        words!("≤ {MAX_PITCH_DEG}°（测量误差约 ±5°）", "≤ {MAX_PITCH_DEG}°, measured to about ±5°"),
        if pitch <= MAX_PITCH_DEG / 2.0 {
            Words::new("头部平视", "Head level")
        } else if pitch <= MAX_PITCH_DEG {
            Words::new("可能抬头或低头，请人工确认", "Chin may be up or down: please check by eye")
        } else if face.pitch_deg > 0.0 {
            Words::new("姿势不正（抬头）", "Head not level (chin up)")
        } else {
            Words::new("姿势不正（低头）", "Head not level (chin down)")
        },
    ));
    let cut = face.crown_y.is_some_and(|c| c < 0.0) || face.chin_y > h;
    out.push(CheckResult::new(
        "head_in_frame",
        if cut { Fail } else { Pass },
        {
            let (crown, chin) = (face.crown_y.map_or("?".into(), |c| format!("{c:.0} px")), face.chin_y);
            words!("头顶 {crown}，下巴 {chin:.0} px", "crown {crown}, chin {chin:.0} px")
        },
        Words::same(format!("0–{h:.0} px")),
        if cut {
            Words::new("取景范围过小，头部被裁切", "The crop is too small: the head is cut")
        } else {
            Words::new("头部完整", "Whole head in frame")
        },
    ));
    let open = face.eye_openness.iter().all(|&o| o >= EYES_OPEN_MIN);
    out.push(CheckResult::new(
        "eyes_open",
        if open { Pass } else { Fail },
        Words::same(format!("{:.2} / {:.2}", face.eye_openness[0], face.eye_openness[1])),
        Words::same(format!("≥ {EYES_OPEN_MIN}")),
        if open {
            Words::new("双眼睁开", "Eyes open")
        } else {
            Words::new("不能闭眼", "Eyes closed")
        },
    ));
    let closed = face.mouth_openness <= MOUTH_CLOSED_MAX;
    out.push(CheckResult::new(
        "mouth_closed",
        if closed { Pass } else { Fail },
        Words::same(format!("{:.2}", face.mouth_openness)),
        Words::same(format!("≤ {MOUTH_CLOSED_MAX}")),
        if closed {
            Words::new("嘴巴闭合", "Mouth closed")
        } else {
            Words::new("不能露齿", "Teeth showing")
        },
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pitch_passes_level_warns_then_fails_with_the_direction() {
        let g = crate::domain::spec::id_card_geometry_for_tests();
        let pitch = |deg: f64| {
            let face =
                PlacedFace { face_count: 1, face_width: 207.0, pitch_deg: deg, ..PlacedFace::default() };
            face_checks(&face, &g, [358, 441]).into_iter().find(|c| c.id == "pitch").unwrap()
        };
        assert_eq!((pitch(4.0).status, pitch(4.0).measured.zh.as_str()), (CheckStatus::Pass, "+4°"));
        assert_eq!(pitch(-15.0).status, CheckStatus::Warn);
        let up = pitch(26.5);
        assert_eq!((up.status, up.message.zh.as_str()), (CheckStatus::Fail, "姿势不正（抬头）"));
        assert_eq!(up.message.en, "Head not level (chin up)");
        assert!(up.measured.zh.contains("抬头"), "{up:?}");
        assert!(pitch(-25.0).measured.zh.contains("低头"));
    }
}
