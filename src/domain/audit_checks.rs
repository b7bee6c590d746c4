//! Checks for what the platform's audit rejects beyond geometry and exposure (domain.md §5): a hat,
//! tinted lenses or glare on them, hair over the brows, red pupils, a smile, clothes the colour of
//! the background. The measuring is in `imaging::audit`; here are the thresholds (calibrated on the
//! labelled set in `tests/it/audit.rs`, figures in `docs/checks.md`) and the platform's words.
//!
//! A measure that could not be taken says 请人工确认 (warn): it never passes by default.

use super::checks::{CheckResult, CheckStatus, graded_check as check};
use super::i18n::Label;
use super::i18n::Words;
use crate::words;

/// What was measured on the placed photo. `None`: the region could not be measured.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AuditStats {
    /// Share of the crown band (above the forehead, up to the top of the person) that is neither
    /// the subject's own hair nor skin.
    pub hat: Option<f64>,
    /// Share of the lens areas (around the eyes, outside the eye openings) that is specular white.
    pub glare: Option<f64>,
    /// How much darker the lens areas are than the cheeks below them, in L* beyond the same
    /// difference on a bare face (eye sockets are darker than cheeks).
    pub tint: Option<f64>,
    pub brows: Option<BrowStats>,
    /// For the ear that shows least, the share of skin where it joins the head (hair over it takes
    /// the skin away).
    pub ears: Option<f64>,
    /// Share of each pupil disc that is red (right eye, left eye as the subject sees them).
    pub red_pupils: Option<[f64; 2]>,
    /// Mouth corners above the lip centre line, over the mouth width (positive: smiling).
    pub smile: Option<f64>,
    /// Where the irises sit between the eye corners (both eyes averaged).
    pub gaze: Option<Gaze>,
    /// The steepest lightness step across the face (L* over 0.08 face widths): a shadow's edge.
    pub shadow_edge: Option<f64>,
    /// Share of the clothing band under the chin within ΔE of the background colour.
    pub clothes_like_background: Option<f64>,
}

/// Iris centre against the eye corners' midpoint, in eye widths: across (positive towards the
/// image's right) and down (positive below the corner line).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Gaze {
    pub across: f64,
    pub down: f64,
}

/// The brow that stands out least.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BrowStats {
    /// How much darker the brow is than the forehead just above it (L*).
    pub contrast: f64,
    /// How much darker that forehead band is than the cheeks (L*): hair over it.
    pub above_darker: f64,
}

/// Crown band: share covered by something else than hair or skin, warn / fail.
pub const HAT_WARN: f64 = 0.25;
pub const HAT_FAIL: f64 = 0.45;
/// Lens glare share, warn / fail.
pub const GLARE_WARN: f64 = 0.02;
pub const GLARE_FAIL: f64 = 0.04;
/// Lens darkening beyond a bare face's (L*), warn / fail.
pub const TINT_WARN: f64 = 8.0;
pub const TINT_FAIL: f64 = 15.0;
/// A brow at least this much darker than the forehead above it shows (L*).
pub const BROW_CONTRAST_MIN: f64 = 5.0;
/// Hidden: under this contrast with the band above this much darker than the cheeks (hair).
pub const BROW_HIDDEN_CONTRAST: f64 = 3.0;
pub const BROW_HAIR_DARKER: f64 = 15.0;
/// Skin where the ear joins the head, for the ear that shows least: pass at or above `EARS_WARN`,
/// fail below `EARS_FAIL`.
pub const EARS_WARN: f64 = 0.35;
pub const EARS_FAIL: f64 = 0.15;
/// Red share of a pupil disc, warn / fail.
pub const RED_EYE_WARN: f64 = 0.10;
pub const RED_EYE_FAIL: f64 = 0.25;
/// Smile (corner lift over mouth width), warn / fail.
pub const SMILE_WARN: f64 = 0.06;
pub const SMILE_FAIL: f64 = 0.12;
/// Iris off the eye's middle (eye widths), warn / fail: the eyeball's radius is about 0.4 eye
/// widths, so 0.06 is an eye turned about 9° and 0.10 about 14°. Looking at the lens, the set's
/// faces read 0.02. Then where the iris sits below the corner line looking straight ahead.
pub const GAZE_WARN: f64 = 0.06;
pub const GAZE_FAIL: f64 = 0.10;
pub const GAZE_DOWN_FRONTAL: f64 = -0.045;
/// The narrower eye at least this share of the wider one, or the head is too turned to tell.
pub const GAZE_MIN_EYE_RATIO: f64 = 0.9;
/// A lightness step across the face (L*) for warn / fail.
pub const SHADOW_EDGE_WARN: f64 = 12.0;
pub const SHADOW_EDGE_FAIL: f64 = 18.0;
/// A shadow on the source's backdrop beside the person (L* below the backdrop), warn / fail.
pub const BACKDROP_SHADOW_WARN: f64 = 6.0;
pub const BACKDROP_SHADOW_FAIL: f64 = 12.0;
/// Clothing band like the background, warn / fail.
pub const CLOTHES_WARN: f64 = 0.30;
pub const CLOTHES_FAIL: f64 = 0.50;

fn percent(v: f64) -> Words {
    Words::same(format!("{:.0}%", v * 100.0))
}

/// An amount of lightness (L*) in both languages (the same).
fn lightness(v: f64) -> Words {
    Words::same(format!("{v:.0} L*"))
}

/// The audit checks, in the order the operator acts on them: expression, then accessories and
/// clothing (the photo-level pose checks come before them in the list).
/// `ears_required`: the spec wants both ears to show ([`crate::domain::PhotoSpec::ears_visible`]).
pub fn audit_checks(stats: &AuditStats, ears_required: bool) -> Vec<CheckResult> {
    let red = stats.red_pupils.map(|[r, l]| r.max(l));
    let mut checks = vec![
        check(
            "smile",
            stats.smile,
            (SMILE_WARN, SMILE_FAIL),
            |v| Words::same(format!("{v:.2}")),
            (
                Words::new("表情自然", "Natural expression"),
                Words::new(
                    "表情不自然（微笑过大），请人工确认",
                    "Expression may not be neutral (broad smile): please check by eye",
                ),
                Words::new("表情不自然", "Expression not neutral"),
            ),
            Words::new("未能测出表情，请人工确认", "Could not measure the expression: please check by eye"),
        ),
        gaze_check(stats.gaze),
        check(
            "hat",
            stats.hat,
            (HAT_WARN, HAT_FAIL),
            percent,
            (
                Words::new("未见帽子或头饰", "No hat or headwear"),
                Words::new(
                    "头顶疑似有帽子或头饰，请人工确认",
                    "Possible hat or headwear: please check by eye",
                ),
                Words::new("不能戴帽子", "No hats allowed"),
            ),
            Words::new(
                "未能测出头顶，帽子或头饰请人工确认",
                "Could not measure the top of the head: check for a hat by eye",
            ),
        ),
        brows_check(stats.brows),
        check(
            "lens_tint",
            stats.tint,
            (TINT_WARN, TINT_FAIL),
            lightness,
            (
                Words::new("未见有色镜片", "No tinted lenses"),
                Words::new("镜片可能有颜色，请人工确认", "Lenses may be tinted: please check by eye"),
                Words::new("配戴有色眼镜", "Tinted glasses"),
            ),
            Words::new("未能测出眼镜区域，请人工确认", "Could not measure the glasses: please check by eye"),
        ),
        check(
            "lens_glare",
            stats.glare,
            (GLARE_WARN, GLARE_FAIL),
            |v| Words::same(format!("{:.1}%", v * 100.0)),
            (
                Words::new("镜片无反光", "No glare on the lenses"),
                Words::new("镜片可能反光，请人工确认", "Lenses may reflect light: please check by eye"),
                Words::new("镜片或镜框反光", "Glare on lenses or frames"),
            ),
            Words::new("未能测出眼镜区域，请人工确认", "Could not measure the glasses: please check by eye"),
        ),
        check(
            "red_eye",
            red,
            (RED_EYE_WARN, RED_EYE_FAIL),
            percent,
            (
                Words::new("无红眼", "No red eye"),
                Words::new("疑似红眼，请人工确认", "Possible red eye: please check by eye"),
                Words::new("红眼", "Red eye"),
            ),
            Words::new("未能测出瞳孔，请人工确认", "Could not measure the pupils: please check by eye"),
        ),
        check(
            "face_shadow",
            stats.shadow_edge,
            (SHADOW_EDGE_WARN, SHADOW_EDGE_FAIL),
            lightness,
            (
                Words::new("脸上无明显阴影", "No shadow on the face"),
                Words::new(
                    "脸上可能有阴影边界，请人工确认",
                    "A shadow edge may cross the face: please check by eye",
                ),
                Words::new("图像有阴影（阴阳脸）", "Shadow across the face"),
            ),
            Words::new(
                "未能测出脸部光线，请人工确认",
                "Could not measure the light on the face: please check by eye",
            ),
        ),
        check(
            "clothes_colour",
            stats.clothes_like_background,
            (CLOTHES_WARN, CLOTHES_FAIL),
            percent,
            (
                Words::new("衣服与背景色可区分", "Clothes stand out from the background"),
                Words::new(
                    "衣服颜色与背景色接近，请人工确认",
                    "Clothes close to the background colour: please check by eye",
                ),
                Words::new("衣服颜色与背景色相近", "Clothes the same colour as the background"),
            ),
            Words::new("未能测出衣服颜色，请人工确认", "Could not measure the clothes: please check by eye"),
        ),
    ];
    if ears_required {
        // Less skin is worse: graded on the hidden share.
        let c = check(
            "ears_visible",
            stats.ears.map(|v| 1.0 - v),
            (1.0 - EARS_WARN, 1.0 - EARS_FAIL),
            |v| words!("{:.0}% 皮肤", "{:.0}% skin", (1.0 - v) * 100.0),
            (
                Words::new("耳朵露出", "Ears visible"),
                Words::new(
                    "耳朵可能被头发遮住，请人工确认",
                    "Ears may be covered by hair: please check by eye",
                ),
                Words::new("没露耳朵", "Ears not visible"),
            ),
            Words::new("未能测出耳朵，请人工确认", "Could not measure the ears: please check by eye"),
        );
        let allowed = words!(
            "≥ {:.0}% 皮肤（{:.0}% 以下不合格）",
            "≥ {:.0}% skin, fails below {:.0}%",
            EARS_WARN * 100.0,
            EARS_FAIL * 100.0
        );
        // Beside the hat: both are about the head's outline.
        let at = checks.iter().position(|c| c.id == "hat").map_or(checks.len(), |i| i + 1);
        checks.insert(at, CheckResult { allowed, ..c });
    }
    checks
}

/// A shadow cast on the backdrop beside the person in the source, before it was replaced (L* below
/// the backdrop): the new background hides it, but its dark edge can stay round the hair and
/// shoulders, and it says the light is wrong for the next shot.
pub fn backdrop_shadow_check(depth: f64) -> CheckResult {
    check(
        "backdrop_shadow",
        Some(depth),
        (BACKDROP_SHADOW_WARN, BACKDROP_SHADOW_FAIL),
        lightness,
        (
            Words::new("原图背景无阴影", "No shadow on the original backdrop"),
            Words::new(
                "原图背景有阴影，替换后请检查头发和肩膀边缘",
                "Shadow on the original backdrop: check hair and shoulder edges after replacement",
            ),
            Words::new(
                "图像有阴影（原图背景有投影，请调整灯光或让顾客离背景远一些）",
                "Shadow (the original backdrop has a cast shadow: adjust the lights or move the customer away from the backdrop)",
            ),
        ),
        Words::default(),
    )
}

fn gaze_check(gaze: Option<Gaze>) -> CheckResult {
    let off = gaze.map(|g| g.across.abs().max((g.down - GAZE_DOWN_FRONTAL).abs()));
    let mut c = check(
        "gaze",
        off,
        (GAZE_WARN, GAZE_FAIL),
        |v| words!("{v:.2} 眼宽", "{v:.2} eye widths"),
        (
            Words::new("眼睛看镜头", "Looking at the camera"),
            Words::new(
                "眼睛可能没看镜头，请人工确认",
                "May not be looking at the camera: please check by eye",
            ),
            Words::new("眼睛没看镜头", "Not looking at the camera"),
        ),
        Words::new("未能测出眼珠位置，请人工确认", "Could not find the irises: please check by eye"),
    );
    if let Some(g) = gaze {
        let (across, down) = (g.across, g.down - GAZE_DOWN_FRONTAL);
        c.measured = Words::new(
            format!("{}（横 {across:+.2}，纵 {down:+.2}）", c.measured.zh),
            format!("{} (across {across:+.2}, down {down:+.2})", c.measured.en),
        );
    }
    c
}

fn brows_check(brows: Option<BrowStats>) -> CheckResult {
    use CheckStatus::*;
    let allowed = words!(
        "眉毛比上方额头暗 ≥ {BROW_CONTRAST_MIN} L*",
        "eyebrows darker than the forehead by ≥ {BROW_CONTRAST_MIN} L*"
    );
    let Some(b) = brows else {
        return CheckResult::new(
            "brows_visible",
            Warn,
            Words::new("未测出", "not measured"),
            allowed,
            Words::new("未能测出眉毛，请人工确认", "Could not find the eyebrows: please check by eye"),
        );
    };
    let measured = words!(
        "{:.0} L*（额头比脸颊暗 {:.0}）",
        "{:.0} L* (forehead darker than cheeks by {:.0})",
        b.contrast,
        b.above_darker
    );
    let (status, msg) = if b.contrast >= BROW_CONTRAST_MIN {
        (Pass, Words::new("眉毛露出", "Eyebrows visible"))
    } else if b.contrast < BROW_HIDDEN_CONTRAST && b.above_darker >= BROW_HAIR_DARKER {
        (Fail, Words::new("头发不能遮住眉毛/眼睛", "Hair must not cover eyebrows or eyes"))
    } else {
        (
            Warn,
            Words::new(
                "眉毛不清楚，是否被头发遮住请人工确认",
                "Eyebrows unclear: check by eye whether hair covers them",
            ),
        )
    };
    CheckResult::new("brows_visible", status, measured, allowed, msg)
}

/// What the customer can put right before the shot, from failed checks (a hat comes off before
/// anyone looks at the smile); `None` when nothing asks the customer for anything.
pub fn customer_hint(checks: &[CheckResult]) -> Option<Label> {
    const ORDER: [(&str, Label); 8] = [
        ("hat", Label::HintHat),
        ("lens_tint", Label::HintTint),
        ("lens_glare", Label::HintGlare),
        ("brows_visible", Label::HintFringe),
        ("ears_visible", Label::HintEars),
        ("gaze", Label::HintGaze),
        ("smile", Label::HintSmile),
        ("clothes_colour", Label::HintClothes),
    ];
    ORDER.iter().find_map(|(id, hint)| {
        checks.iter().any(|c| c.id == *id && c.status == CheckStatus::Fail).then_some(*hint)
    })
}

/// Where a check belongs in the operator's list: pose and expression first, then clothing and
/// accessories, then light, then the background and the file.
pub fn list_order(id: &str) -> u8 {
    match id {
        "face_count" | "face_width" | "crown_margin" | "eye_line" | "centring" | "roll" | "yaw" | "pitch"
        | "head_in_frame" | "eyes_open" | "gaze" | "mouth_closed" | "smile" => 0,
        "hat" | "brows_visible" | "ears_visible" | "lens_tint" | "lens_glare" | "red_eye"
        | "clothes_colour" => 1,
        "exposure" | "clipping" | "light_balance" | "face_shadow" | "backdrop_shadow" | "sharpness"
        | "colour_cast" => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmeasured_warns_and_thresholds_grade() {
        let none = audit_checks(&AuditStats::default(), false);
        assert_eq!(none.len(), 9);
        assert!(none.iter().all(|c| c.status == CheckStatus::Warn
            && c.message.zh.contains("请人工确认")
            && c.message.en.contains("by eye")));
        let stats = AuditStats {
            hat: Some(0.6),
            glare: Some(0.0),
            tint: Some(HAT_WARN),
            brows: Some(BrowStats { contrast: 4.0, above_darker: 0.0 }),
            ears: None,
            red_pupils: Some([0.0, RED_EYE_FAIL]),
            smile: Some(-0.02),
            gaze: Some(Gaze { across: 0.12, down: GAZE_DOWN_FRONTAL }),
            shadow_edge: Some(SHADOW_EDGE_FAIL),
            clothes_like_background: Some(0.1),
        };
        let got: Vec<_> = audit_checks(&stats, false).iter().map(|c| (c.id, c.status)).collect();
        use CheckStatus::*;
        assert_eq!(
            got,
            [
                ("smile", Pass),
                ("gaze", Fail),
                ("hat", Fail),
                ("brows_visible", Warn),
                ("lens_tint", Pass),
                ("lens_glare", Pass),
                ("red_eye", Fail),
                ("face_shadow", Fail),
                ("clothes_colour", Pass)
            ]
        );
        assert_eq!(audit_checks(&stats, false)[2].message, Words::new("不能戴帽子", "No hats allowed"));
        // The hat comes first of what the customer can put right; red eye is the flash's doing.
        assert_eq!(customer_hint(&audit_checks(&stats, false)), Some(Label::HintHat));
        let no_hat = AuditStats { hat: Some(0.0), ..stats };
        assert_eq!(customer_hint(&audit_checks(&no_hat, false)), Some(Label::HintGaze));
        let looking = AuditStats { gaze: Some(Gaze { across: 0.0, down: GAZE_DOWN_FRONTAL }), ..no_hat };
        assert_eq!(customer_hint(&audit_checks(&looking, false)), None);
        assert_eq!(customer_hint(&audit_checks(&AuditStats::default(), false)), None);
        // Ears only where the spec asks; graded on the skin that shows.
        let ears = |v: Option<f64>| {
            let all = audit_checks(&AuditStats { ears: v, ..looking }, true);
            let c = all.iter().find(|c| c.id == "ears_visible").cloned().unwrap();
            (c.status, c.message, customer_hint(&all))
        };
        assert_eq!(ears(Some(0.6)).0, Pass);
        assert_eq!(ears(Some(0.25)).0, Warn);
        assert_eq!(
            ears(Some(0.05)),
            (Fail, Words::new("没露耳朵", "Ears not visible").to_owned(), Some(Label::HintEars))
        );
        assert_eq!(ears(None).0, Warn);
        assert!(
            audit_checks(&AuditStats { ears: Some(0.0), ..looking }, false)
                .iter()
                .all(|c| c.id != "ears_visible")
        );
    }
}
