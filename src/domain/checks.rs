//! Spec checks: each has an id, a status, the measured value, the allowed range and a message,
//! in Chinese (the platform's own words where one exists, domain.md §5) and in English.

use serde::Serialize;

use super::i18n::Words;
use super::spec::PhotoSpec;
use crate::words;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pass,
    Warn,
    Fail,
}

/// One check's outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    pub id: &'static str,
    pub status: CheckStatus,
    pub measured: Words,
    pub allowed: Words,
    pub message: Words,
}

impl CheckResult {
    pub fn new(
        id: &'static str,
        status: CheckStatus,
        measured: Words,
        allowed: Words,
        message: Words,
    ) -> Self {
        CheckResult { id, status, measured, allowed, message }
    }
}

impl CheckResult {
    /// "verdict measured (allowed)" in `lang`, as the reason dialog and the command line list a
    /// failing check.
    pub fn line(&self, lang: super::i18n::Lang) -> String {
        super::i18n::punct(
            lang,
            format!("{} {}（{}）", self.message.get(lang), self.measured.get(lang), self.allowed.get(lang)),
        )
    }
}

/// Facts about an encoded output file, read back from the file itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FileFacts {
    pub px: [u32; 2],
    /// JFIF density in dots per inch, if the file says so.
    pub dpi: Option<u16>,
    pub bytes: usize,
    /// Colour channels of the decoded file (3 for 24-bit RGB).
    pub channels: u8,
    /// Output pixels per source pixel; above 1 the photo is enlarged.
    pub upscale: f64,
    /// Share of the output not covered by the source (filled with the background).
    pub uncovered: f64,
    /// When no quality the spec allows lands inside its KB range: the sizes its lowest allowed
    /// quality and quality 100 give, in KB (the file written is the closest of them).
    pub reachable_kb: Option<[f64; 2]>,
    /// How much stronger the luma steps across the 8-pixel JPEG block edges are than inside the
    /// blocks, beyond the same ratio in the pixels before encoding (`imaging::quality::blockiness`);
    /// `None` when the file could not be read back.
    pub blockiness: Option<f64>,
}

/// Block-edge excess for warn / fail: visible blocks (docs/checks.md: quality 100 → 90 → 70 → 50
/// → 30 on the test portraits).
pub const BLOCKINESS_WARN: f64 = 0.25;
pub const BLOCKINESS_FAIL: f64 = 0.5;

/// Enlargement up to this factor only warns; beyond it the photo lacks pixels.
pub const UPSCALE_WARN: f64 = 1.0;
pub const UPSCALE_FAIL: f64 = 1.5;
/// Share of the frame filled with background before the crop counts as out of frame.
pub const UNCOVERED_FAIL: f64 = 0.02;

/// The file-level checks: pixels, dpi, file size, colour mode, enlargement, coverage.
pub fn file_checks(spec: &PhotoSpec, f: &FileFacts) -> Vec<CheckResult> {
    use CheckStatus::*;
    let mut out = Vec::new();
    let px_ok = f.px == spec.px;
    out.push(CheckResult::new(
        "px",
        if px_ok { Pass } else { Fail },
        Words::same(format!("{}×{}", f.px[0], f.px[1])),
        Words::same(format!("{}×{}", spec.px[0], spec.px[1])),
        if px_ok {
            Words::new("像素尺寸符合", "Pixel size fits")
        } else {
            Words::new("像素尺寸不符合规格", "Pixel size does not fit the spec")
        },
    ));
    let dpi_ok = f.dpi == Some(spec.dpi as u16);
    out.push(CheckResult::new(
        "dpi",
        if dpi_ok { Pass } else { Fail },
        f.dpi.map_or(Words::new("无", "none"), |d| Words::same(d.to_string())),
        Words::same(spec.dpi.to_string()),
        if dpi_ok {
            Words::new("分辨率符合", "Resolution fits")
        } else {
            Words::new("分辨率（dpi）不符合规格", "Resolution (dpi) does not fit the spec")
        },
    ));
    let kb = f.bytes as f64 / 1024.0;
    let (kb_status, kb_allowed, kb_msg) = match spec.file_kb {
        Some(r) if kb < f64::from(r.min) => {
            (Fail, Words::same(format!("{}–{} KB", r.min, r.max)), Words::new("文件过小", "File too small"))
        }
        Some(r) if kb > f64::from(r.max) => {
            (Fail, Words::same(format!("{}–{} KB", r.min, r.max)), Words::new("文件过大", "File too large"))
        }
        Some(r) => (
            Pass,
            Words::same(format!("{}–{} KB", r.min, r.max)),
            Words::new("文件大小符合", "File size fits"),
        ),
        None => (Pass, Words::new("不限", "any"), Words::new("文件大小不限", "Any file size")),
    };
    let kb_measured = match f.reachable_kb {
        Some([low, high]) => {
            words!("{kb:.1} KB（可达 {low:.1}–{high:.1} KB）", "{kb:.1} KB (reachable {low:.1}–{high:.1} KB)")
        }
        None => Words::same(format!("{kb:.1} KB")),
    };
    out.push(CheckResult::new("file_kb", kb_status, kb_measured, kb_allowed, kb_msg));
    let rgb = f.channels == 3;
    out.push(CheckResult::new(
        "colour_mode",
        if rgb { Pass } else { Fail },
        words!("{} 通道", "{} channels", f.channels),
        Words::new("24 位 RGB（3 通道）", "24-bit RGB (3 channels)"),
        if rgb {
            Words::new("颜色模式符合", "Colour mode fits")
        } else {
            Words::new("颜色模式应为 24 位 RGB", "Colour mode must be 24-bit RGB")
        },
    ));
    let (status, msg) = if f.upscale <= UPSCALE_WARN {
        (Pass, Words::new("像素充足", "Enough pixels"))
    } else if f.upscale <= UPSCALE_FAIL {
        (Warn, Words::new("图像像素不足（轻微放大）", "Too few pixels (slightly enlarged)"))
    } else {
        (Fail, Words::new("图像像素不足", "Too few pixels"))
    };
    out.push(CheckResult::new(
        "upscale",
        status,
        Words::same(format!("{:.2}×", f.upscale)),
        words!(
            "≤ {UPSCALE_WARN:.1}×（{UPSCALE_FAIL:.1}× 以上不合格）",
            "≤ {UPSCALE_WARN:.1}×, fails above {UPSCALE_FAIL:.1}×"
        ),
        msg,
    ));
    let (status, msg) = if f.uncovered <= 0.0 {
        (Pass, Words::new("画面完整", "Frame complete"))
    } else if f.uncovered <= UNCOVERED_FAIL {
        (
            Warn,
            Words::new(
                "取景超出原图，边缘已用背景色填充",
                "The crop leaves the photo; the edge is filled with background",
            ),
        )
    } else {
        (Fail, Words::new("取景范围过大，超出原图", "The crop is too large for the photo"))
    };
    out.push(graded_check(
        "compression",
        f.blockiness,
        (BLOCKINESS_WARN, BLOCKINESS_FAIL),
        |v| Words::same(format!("{v:.2}")),
        (
            Words::new("无明显压缩痕迹", "No visible compression"),
            Words::new("压缩痕迹可见，请人工确认", "Compression visible: please check by eye"),
            Words::new("图像不清晰（压缩方块明显）", "Not sharp (compression blocks visible)"),
        ),
        Words::new("未能读回文件，请人工确认", "Could not read the file back: please check by eye"),
    ));
    let uncovered = f.uncovered * 100.0;
    let limit = UNCOVERED_FAIL * 100.0;
    out.push(CheckResult::new(
        "coverage",
        status,
        words!("{uncovered:.1}% 填充", "{uncovered:.1}% filled"),
        words!("0%（≤ {limit:.0}% 警告）", "0%, ≤ {limit:.0}% warns"),
        msg,
    ));
    out
}

/// Pass below `warn`, warn below `fail`, else fail.
fn graded(v: f64, warn: f64, fail: f64) -> CheckStatus {
    if v < warn {
        CheckStatus::Pass
    } else if v < fail {
        CheckStatus::Warn
    } else {
        CheckStatus::Fail
    }
}

/// One check from a measured amount, graded by [`graded`]; the messages are (pass, warn, fail), and
/// `unmeasured` the warning when there is no value (a measure never passes by default).
pub fn graded_check(
    id: &'static str,
    value: Option<f64>,
    (warn, fail): (f64, f64),
    show: impl Fn(f64) -> Words,
    (pass_msg, warn_msg, fail_msg): (Words, Words, Words),
    unmeasured: Words,
) -> CheckResult {
    let (w, f) = (show(warn), show(fail));
    let allowed =
        Words::new(format!("< {}（{} 以上不合格）", w.zh, f.zh), format!("< {}, fails from {}", w.en, f.en));
    match value {
        Some(v) => {
            let status = graded(v, warn, fail);
            let msg = match status {
                CheckStatus::Pass => pass_msg,
                CheckStatus::Warn => warn_msg,
                CheckStatus::Fail => fail_msg,
            };
            CheckResult::new(id, status, show(v), allowed, msg)
        }
        None => {
            CheckResult::new(id, CheckStatus::Warn, Words::new("未测出", "not measured"), allowed, unmeasured)
        }
    }
}

/// The worst status of a list (pass when empty).
pub fn overall(checks: &[CheckResult]) -> CheckStatus {
    checks.iter().map(|c| c.status).max().unwrap_or(CheckStatus::Pass)
}
