//! Pixel checks on the finished photo: background colour and uniformity outside the person, face
//! exposure and clipping, left/right light balance, sharpness and colour cast. The measuring is done
//! in `imaging::quality`; here are the thresholds and the platform's wording (domain.md §5).
//!
//! The thresholds were calibrated on the public-domain portraits in `tests/` and on variants made
//! from them (darkened, brightened, blurred, tinted, side-lit, shadowed backgrounds); the figures
//! are in `docs/checks.md`.

use super::checks::{CheckResult, CheckStatus};
use super::i18n::Words;
use super::spec::PhotoSpec;
use crate::words;

/// What was measured outside the person.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BackgroundStats {
    pub pixels: usize,
    /// Mean colour (sRGB).
    pub mean: [u8; 3],
    /// Share of pixels within the spec's per-channel tolerance of one of its colours.
    pub within_tolerance: f64,
    /// Spread of lightness (CIE L*, standard deviation): shadows and clutter raise it.
    pub l_std: f64,
}

/// What was measured on the face (inside the person mask).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FaceStats {
    /// Mean CIE L* of the face.
    pub l_mean: f64,
    /// Share of face pixels with every channel at 248 or more (blown out).
    pub clipped_high: f64,
    /// Share of face pixels with every channel at 8 or less.
    pub clipped_low: f64,
    /// Mean L* of the cheek patch on the image's left and right.
    pub l_left: f64,
    pub l_right: f64,
    /// Edge crispness on the face: mean absolute Laplacian over mean gradient of luma (contrast-free).
    pub sharpness: f64,
    /// Mean CIE a* and b* of the skin.
    pub a_mean: f64,
    pub b_mean: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PixelStats {
    pub background: Option<BackgroundStats>,
    pub face: Option<FaceStats>,
}

/// Background: share within tolerance for pass / warn.
pub const BG_WITHIN_PASS: f64 = 0.93;
pub const BG_WITHIN_WARN: f64 = 0.80;
/// Background lightness spread (L* std-dev) for pass / warn.
pub const BG_STD_PASS: f64 = 3.0;
pub const BG_STD_WARN: f64 = 6.0;
/// Face lightness (L*): pass inside, warn inside the wide range, fail outside.
pub const FACE_L_PASS: (f64, f64) = (45.0, 80.0);
pub const FACE_L_WARN: (f64, f64) = (35.0, 86.0);
/// Clipped share of the face for warn / fail.
pub const CLIP_WARN: f64 = 0.02;
pub const CLIP_FAIL: f64 = 0.08;
/// Left/right cheek difference in L* for warn / fail.
pub const BALANCE_WARN: f64 = 10.0;
pub const BALANCE_FAIL: f64 = 18.0;
/// Sharpness below these warns / fails.
pub const SHARP_WARN: f64 = 0.50;
pub const SHARP_FAIL: f64 = 0.40;
/// Skin hue angle (degrees, from a* towards b*) and chroma limits.
pub const SKIN_HUE_PASS: (f64, f64) = (33.0, 72.0);
pub const SKIN_HUE_WARN: (f64, f64) = (25.0, 82.0);
/// Skin chroma below this warns (washed out or neutralised by a cast).
pub const SKIN_CHROMA_MIN: f64 = 6.0;
/// Skin chroma above these warns / fails (measured 20–48 on the test portraits).
pub const SKIN_CHROMA_WARN: f64 = 52.0;
pub const SKIN_CHROMA_FAIL: f64 = 62.0;
/// Below this skin chroma the photo is black and white (greyscale sources measure under 1).
pub const GREY_CHROMA_MAX: f64 = 1.5;

/// The platform's words for a skin hue outside the normal range (degrees from +a* towards +b*).
/// Below the range skin turns magenta-red under a red cast and also under a blue cast that takes
/// out its yellow; skin alone cannot tell those apart unless b* goes negative, so both are named.
fn cast_direction(hue: f64) -> Words {
    match hue {
        h if !(0.0..=150.0).contains(&h) => Words::new("照片偏蓝", "Blue cast"),
        h if h < SKIN_HUE_PASS.0 => Words::new("照片偏红或偏蓝", "Red or blue cast"),
        h if h <= 100.0 => Words::new("照片偏黄", "Yellow cast"),
        _ => Words::new("照片偏绿", "Green cast"),
    }
}

fn grade(pass: bool, warn: bool) -> CheckStatus {
    if pass {
        CheckStatus::Pass
    } else if warn {
        CheckStatus::Warn
    } else {
        CheckStatus::Fail
    }
}

fn within(v: f64, r: (f64, f64)) -> bool {
    (r.0..=r.1).contains(&v)
}

/// The pixel checks for `spec`.
pub fn pixel_checks(stats: &PixelStats, spec: &PhotoSpec) -> Vec<CheckResult> {
    use CheckStatus::*;
    let mut out = Vec::new();
    let colours: Vec<String> = spec.background.iter().map(|c| c.hex()).collect();
    match stats.background {
        Some(bg) => {
            let status = grade(bg.within_tolerance >= BG_WITHIN_PASS, bg.within_tolerance >= BG_WITHIN_WARN);
            let (within, mean) = (bg.within_tolerance * 100.0, super::spec::Rgb(bg.mean).hex());
            let (colours, tolerance, least) =
                (colours.join(" / "), spec.background_tolerance, BG_WITHIN_PASS * 100.0);
            out.push(CheckResult::new(
                "background_colour",
                status,
                words!("{within:.0}% 在容差内，均值 {mean}", "{within:.0}% within tolerance, mean {mean}"),
                words!("{colours} ±{tolerance}，≥ {least:.0}%", "{colours} ±{tolerance}, ≥ {least:.0}%"),
                if status == Pass {
                    Words::new("背景颜色符合", "Background colour fits")
                } else {
                    Words::new("背景不符合要求", "Background does not fit")
                },
            ));
            let status = grade(bg.l_std <= BG_STD_PASS, bg.l_std <= BG_STD_WARN);
            out.push(CheckResult::new(
                "background_uniform",
                status,
                words!("L* 标准差 {:.1}", "L* std. dev. {:.1}", bg.l_std),
                Words::same(format!("≤ {BG_STD_PASS}")),
                if status == Pass {
                    Words::new("背景均匀", "Background even")
                } else {
                    Words::new("图像有阴影（背景不均匀）", "Shadows (background uneven)")
                },
            ));
        }
        None => out.push(CheckResult::new(
            "background_colour",
            Warn,
            Words::new("无背景区域", "no background area"),
            Words::same(colours.join(" / ")),
            Words::new(
                "未找到可测的背景区域，请人工确认",
                "No background area to measure: please check by eye",
            ),
        )),
    }
    let Some(f) = stats.face else { return out };
    let status = grade(within(f.l_mean, FACE_L_PASS), within(f.l_mean, FACE_L_WARN));
    out.push(CheckResult::new(
        "exposure",
        status,
        words!("脸部 L* {:.0}", "face L* {:.0}", f.l_mean),
        Words::same(format!("{}–{}", FACE_L_PASS.0, FACE_L_PASS.1)),
        match status {
            Pass => Words::new("曝光正常", "Exposure normal"),
            _ if f.l_mean < FACE_L_PASS.0 => Words::new("曝光不足", "Underexposed"),
            _ => Words::new("曝光过度", "Overexposed"),
        },
    ));
    let clipped = f.clipped_high.max(f.clipped_low);
    let status = grade(clipped <= CLIP_WARN, clipped <= CLIP_FAIL);
    out.push(CheckResult::new(
        "clipping",
        status,
        words!(
            "高光 {:.1}%，暗部 {:.1}%",
            "highlights {:.1}%, shadows {:.1}%",
            f.clipped_high * 100.0,
            f.clipped_low * 100.0
        ),
        Words::same(format!("≤ {:.0}%", CLIP_WARN * 100.0)),
        match status {
            Pass => Words::new("无溢出", "No clipping"),
            _ if f.clipped_high >= f.clipped_low => Words::new("脸部反光强烈", "Strong shine on the face"),
            _ => Words::new("曝光不足", "Underexposed"),
        },
    ));
    let diff = f.l_left - f.l_right;
    let status = grade(diff.abs() <= BALANCE_WARN, diff.abs() <= BALANCE_FAIL);
    out.push(CheckResult::new(
        "light_balance",
        status,
        words!(
            "左 {:.0} / 右 {:.0}（差 {:+.0}）",
            "left {:.0} / right {:.0} (difference {:+.0})",
            f.l_left,
            f.l_right,
            diff
        ),
        words!("差 ≤ {BALANCE_WARN}", "difference ≤ {BALANCE_WARN}"),
        if status == Pass {
            Words::new("光线均匀", "Even light")
        } else {
            Words::new("曝光不均匀", "Uneven light")
        },
    ));
    let status = grade(f.sharpness >= SHARP_WARN, f.sharpness >= SHARP_FAIL);
    out.push(CheckResult::new(
        "sharpness",
        status,
        Words::same(format!("{:.2}", f.sharpness)),
        Words::same(format!("≥ {SHARP_WARN}")),
        if status == Pass {
            Words::new("图像清晰", "Sharp")
        } else {
            Words::new("图像不清晰", "Not sharp")
        },
    ));
    let chroma = f.a_mean.hypot(f.b_mean);
    let hue = f.b_mean.atan2(f.a_mean).to_degrees();
    let (status, msg) = if chroma < GREY_CHROMA_MAX {
        (Fail, Words::new("照片应为彩色（黑白照片）", "Must be in colour (black and white)"))
    } else if within(hue, SKIN_HUE_PASS) && chroma > SKIN_CHROMA_WARN {
        // A yellow (or red) cast saturates skin more than it turns its hue.
        let status = if chroma > SKIN_CHROMA_FAIL { Fail } else { Warn };
        (
            status,
            if hue >= 45.0 {
                Words::new("照片偏黄", "Yellow cast")
            } else {
                Words::new("照片偏红", "Red cast")
            },
        )
    } else if within(hue, SKIN_HUE_PASS) && chroma >= SKIN_CHROMA_MIN {
        (Pass, Words::new("肤色正常，无偏色", "Skin tone normal, no cast"))
    } else if within(hue, SKIN_HUE_PASS) {
        (Warn, Words::new("肤色发灰，请检查白平衡", "Skin looks grey: check the white balance"))
    } else {
        let status = if within(hue, SKIN_HUE_WARN) { Warn } else { Fail };
        (status, cast_direction(hue))
    };
    out.push(CheckResult::new(
        "colour_cast",
        status,
        words!("肤色色相 {hue:.0}°，彩度 {chroma:.0}", "skin hue {hue:.0}°, chroma {chroma:.0}"),
        words!(
            "色相 {}–{}°，彩度 {SKIN_CHROMA_MIN}–{SKIN_CHROMA_WARN}",
            "hue {}–{}°, chroma {SKIN_CHROMA_MIN}–{SKIN_CHROMA_WARN}",
            SKIN_HUE_PASS.0,
            SKIN_HUE_PASS.1
        ),
        msg,
    ));
    out
}

/// Remnants of the old background larger than this (output pixels) fail the photo.
pub const REMNANT_MAX_PX: u32 = 16;

/// What could be measured of the old background left in a photo whose background was replaced.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RemnantStats {
    /// The backdrop was uniform and its colour far from the new one: regions of the old colour
    /// were counted in the output. `largest` in pixels, `outside_person` of them where the matte
    /// says background, `at` its centre as a share of the frame.
    Measured { largest: u32, outside_person: u32, at: [f64; 2] },
    /// The old backdrop was uniform and the same colour as the new one: nothing of it can show.
    SameColour,
    /// The backdrop was busy (or only the coarse mask was used): remnants cannot be told from the
    /// person by colour; an operator must look.
    Unmeasurable { busy: bool },
}

/// Where in the frame a point is (shares of width and height), in the counter's words.
pub fn place_name(at: [f64; 2]) -> Words {
    let col = if at[0] < 1.0 / 3.0 {
        0
    } else if at[0] < 2.0 / 3.0 {
        1
    } else {
        2
    };
    let row = if at[1] < 1.0 / 3.0 {
        0
    } else if at[1] < 2.0 / 3.0 {
        1
    } else {
        2
    };
    const NAMES: [[(&str, &str); 3]; 3] = [
        [("左上方", "top left"), ("上方", "top"), ("右上方", "top right")],
        [("左侧", "left"), ("中部", "middle"), ("右侧", "right")],
        [("左下方", "bottom left"), ("下方", "bottom"), ("右下方", "bottom right")],
    ];
    let (zh, en) = NAMES[row][col];
    Words::new(zh, en)
}

/// The remnant check: the largest region of the old background left (measured where the backdrop
/// lets it be), with `removed` regions already cleared outside the person.
pub fn remnant_check(stats: RemnantStats, removed: u32) -> CheckResult {
    use CheckStatus::*;
    let (cleared_zh, cleared_en) = match removed {
        0 => (String::new(), String::new()),
        n => (format!("（已清除 {n} 处）"), format!(" ({n} cleared)")),
    };
    let allowed = words!("≤ {REMNANT_MAX_PX} 像素", "≤ {REMNANT_MAX_PX} px");
    match stats {
        RemnantStats::Measured { largest, outside_person, at }
            if largest > REMNANT_MAX_PX && outside_person * 2 >= largest =>
        {
            let Words { zh: place_zh, en: place_en } = place_name(at);
            CheckResult::new(
                "background_remnant",
                Fail,
                words!(
                    "最大一处 {largest} 像素，在{place_zh}{cleared_zh}",
                    "largest {largest} px, at the {place_en}{cleared_en}"
                ),
                allowed,
                words!(
                    "{place_zh}有原背景残留（{largest} 像素），请调整或重拍",
                    "Old background left at the {place_en} ({largest} px): adjust or shoot again"
                ),
            )
        }
        RemnantStats::Measured { largest, at, .. } if largest > REMNANT_MAX_PX => {
            let Words { zh: place_zh, en: place_en } = place_name(at);
            CheckResult::new(
                "background_remnant",
                Warn,
                words!(
                    "{place_zh}有与原背景同色的区域 {largest} 像素{cleared_zh}",
                    "{largest} px of the old background's colour at the {place_en}{cleared_en}"
                ),
                allowed,
                words!(
                    "请人工确认：{place_zh}与原背景同色的区域是残留还是衣服、头发",
                    "Please check by eye: is the area at the {place_en} in the old background's colour a remnant, or clothes or hair?"
                ),
            )
        }
        RemnantStats::Measured { largest, .. } => CheckResult::new(
            "background_remnant",
            Pass,
            words!("最大一处 {largest} 像素{cleared_zh}", "largest {largest} px{cleared_en}"),
            allowed,
            Words::new("无原背景残留", "No old background left"),
        ),
        RemnantStats::SameColour => CheckResult::new(
            "background_remnant",
            Pass,
            words!(
                "原背景与新背景同色{cleared_zh}",
                "old and new background are the same colour{cleared_en}"
            ),
            allowed,
            Words::new("无原背景残留", "No old background left"),
        ),
        RemnantStats::Unmeasurable { busy } => {
            let why = if busy {
                Words::new("原背景复杂，无法按颜色测量", "busy old background: cannot measure by colour")
            } else {
                Words::new("只有粗略人像蒙版", "only a coarse person mask")
            };
            CheckResult::new(
                "background_remnant",
                Warn,
                Words::new(why.zh + &cleared_zh, why.en + &cleared_en),
                allowed,
                Words::new(
                    "请人工确认：放大查看头发和肩部边缘有无原背景残留",
                    "Please check by eye: zoom in on the hair and shoulder edges for old background",
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remnant_fails_naming_where_it_is_and_a_busy_backdrop_is_never_a_pass() {
        let r = remnant_check(RemnantStats::Measured { largest: 40, outside_person: 30, at: [0.1, 0.2] }, 2);
        assert_eq!(r.status, CheckStatus::Fail);
        assert_eq!(r.message, "左上方有原背景残留（40 像素），请调整或重拍");
        assert_eq!(r.measured, "最大一处 40 像素，在左上方（已清除 2 处）");
        // Inside the silhouette: the person's grey suit on a grey backdrop, or a remnant.
        let r = remnant_check(RemnantStats::Measured { largest: 900, outside_person: 10, at: [0.5, 0.9] }, 0);
        assert_eq!(r.status, CheckStatus::Warn);
        assert_eq!(r.message, "请人工确认：下方与原背景同色的区域是残留还是衣服、头发");
        let r = remnant_check(
            RemnantStats::Measured {
                largest: REMNANT_MAX_PX,
                outside_person: REMNANT_MAX_PX,
                at: [0.5, 0.9],
            },
            0,
        );
        assert_eq!(r.status, CheckStatus::Pass);
        let r = remnant_check(RemnantStats::Unmeasurable { busy: true }, 0);
        assert_eq!(r.status, CheckStatus::Warn);
        assert!(r.message.zh.starts_with("请人工确认"));
        assert_eq!(remnant_check(RemnantStats::SameColour, 0).status, CheckStatus::Pass);
        assert_eq!(place_name([0.9, 0.5]), "右侧");
        assert_eq!(place_name([0.9, 0.5]).en, "right");
        assert_eq!(place_name([0.5, 0.5]), "中部");
    }
}
