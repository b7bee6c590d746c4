//! Raw (merged) spec → `PhotoSpec`, checking every invariant and naming the field of each problem.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::raw::{RawGeometry, RawNames, RawReceipt, RawSpec};
use super::{
    BarcodeContent, DocumentType, Geometry, GeometryPriority, IdLineKind, Names, Numbering, PhotoSpec, Range,
    ReceiptSpec, Rgb, Validity,
};
use crate::domain::image_number::NumberTemplate;

/// Print-sheet sizes a spec may give counts for.
pub const SHEETS: [&str; 3] = ["6-inch", "5-inch", "a4"];

/// One problem: the dotted field path and what is wrong, in plain words.
pub(super) type FieldError = (String, String);

struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push((field.to_owned(), message.into()));
    }

    fn required<T: Clone>(&mut self, field: &str, value: &Option<T>) -> Option<T> {
        if value.is_none() {
            self.fail(field, "必填字段缺失");
        }
        value.clone()
    }

    fn range(&mut self, field: &str, v: Option<[f64; 2]>, limit: f64) -> Option<Range<f32>> {
        let [min, max] = v?;
        if !(min.is_finite() && max.is_finite()) || min < 0.0 {
            self.fail(field, format!("数值无效：[{min}, {max}]"));
            None
        } else if min > max {
            self.fail(field, format!("范围颠倒：最小值 {min} 大于最大值 {max}"));
            None
        } else if max > limit {
            self.fail(field, format!("超出画面：最大值 {max} 大于 {limit} 像素"));
            None
        } else {
            Some(Range { min: min as f32, max: max as f32 })
        }
    }

    fn below(&mut self, field: &str, v: Option<f64>, limit: f64) -> Option<f32> {
        let v = v?;
        if !v.is_finite() || v < 0.0 || v > limit {
            self.fail(field, format!("数值 {v} 应在 0–{limit} 像素之间"));
            None
        } else {
            Some(v as f32)
        }
    }
}

fn names(n: &Option<RawNames>) -> Option<Names> {
    n.as_ref().map(|n| Names { zh: n.zh.clone(), en: n.en.clone() })
}

fn colour(s: &str) -> Option<Rgb> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Rgb([byte(0)?, byte(2)?, byte(4)?]))
}

fn id_is_well_formed(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

pub(super) fn validate(raw: &RawSpec, origin: &str, local: bool) -> Result<PhotoSpec, Vec<FieldError>> {
    let mut c = Check { errors: Vec::new() };
    let id = c.required("id", &raw.id).unwrap_or_default();
    if !id.is_empty() && !id_is_well_formed(&id) {
        c.fail("id", format!("id `{id}` 只能用小写字母、数字和单个连字符"));
    }
    let document = c.required("document", &raw.document).and_then(|d| {
        let parsed = DocumentType::from_code(&d);
        if parsed.is_none() {
            let known: Vec<_> = DocumentType::ALL.iter().map(|d| d.code()).collect();
            c.fail("document", format!("未知证件类型 `{d}`（可用：{}）", known.join("、")));
        }
        parsed
    });
    let name = c.required("name", &names(&raw.name));
    let province = c.required("province", &raw.province).unwrap_or_default();
    if !id.is_empty() && !province.is_empty() && province != "std" && !id.starts_with(&format!("{province}-"))
    {
        c.fail("id", format!("id `{id}` 应以省份代码 `{province}-` 开头"));
    }
    let city_letter = raw.city_letter.as_deref().and_then(|l| {
        let mut chars = l.chars();
        match (chars.next(), chars.next()) {
            (Some(ch), None) if ch.is_ascii_uppercase() && ch != 'I' && ch != 'O' => Some(ch),
            _ => {
                c.fail("city_letter", format!("城市字母 `{l}` 应为一个大写字母（不用 I、O）"));
                None
            }
        }
    });

    let px = c.required("px", &raw.px);
    let dpi = c.required("dpi", &raw.dpi);
    let print_mm = c.required("print_mm", &raw.print_mm);
    if let Some([w, h]) = px
        && (w == 0 || h == 0 || w > 10_000 || h > 10_000)
    {
        c.fail("px", format!("像素尺寸 {w}×{h} 应在 1–10000 之间"));
    }
    if let Some(d) = dpi
        && !(72..=1200).contains(&d)
    {
        c.fail("dpi", format!("分辨率 {d} dpi 应在 72–1200 之间"));
    }
    if let (Some(px), Some(dpi), Some(mm)) = (px, dpi, print_mm) {
        for (axis, (p, m)) in ["宽", "高"].iter().zip(px.iter().zip(mm.iter())) {
            let expected = m * f64::from(dpi) / 25.4;
            if !(m.is_finite() && *m > 0.0) || (expected - f64::from(*p)).abs() > 1.0 {
                c.fail(
                    "print_mm",
                    format!(
                        "{axis} {m} mm × {dpi} dpi ÷ 25.4 = {expected:.1} 像素，与 px 的 {p} 相差超过 1 像素"
                    ),
                );
            }
        }
    }
    let colour_mode = raw.colour.clone().unwrap_or_else(|| "rgb24".into());
    if colour_mode != "rgb24" {
        c.fail("colour", format!("颜色模式 `{colour_mode}` 不支持（只支持 rgb24：24 位 RGB）"));
    }
    let mut background = Vec::new();
    let bg = raw.background.clone().unwrap_or_default();
    match &bg.colours {
        None => c.fail("background.colours", "必填字段缺失"),
        Some(list) if list.is_empty() => c.fail("background.colours", "至少要有一种背景色"),
        Some(list) => {
            for s in list {
                match colour(s) {
                    Some(rgb) => background.push(rgb),
                    None => c.fail("background.colours", format!("颜色 `{s}` 应写成 #RRGGBB")),
                }
            }
        }
    }
    let tolerance = bg.tolerance.unwrap_or(16);
    if tolerance > 128 {
        c.fail("background.tolerance", format!("容差 {tolerance} 过大（最大 128）"));
    }
    let file_kb = raw.file_kb.and_then(|[min, max]| {
        if min == 0 || min > max || max > 10_240 {
            c.fail("file_kb", format!("文件大小范围 [{min}, {max}] KB 无效（需 1 ≤ 最小 ≤ 最大 ≤ 10240）"));
            None
        } else {
            Some(Range { min, max })
        }
    });
    let quality = raw.jpeg_quality_min.unwrap_or(70);
    if !(1..=100).contains(&quality) {
        c.fail("jpeg_quality_min", format!("JPEG 质量下限 {quality} 应在 1–100 之间"));
    }

    let geometry = match (&raw.geometry, px) {
        (Some(g), Some(px)) => geometry(&mut c, g, px),
        _ => None,
    };
    let receipt = raw.receipt.as_ref().and_then(|r| receipt(&mut c, r, document));
    let numbering = raw.numbering.as_ref().and_then(|n| {
        let template = c.required("numbering.template", &n.template)?;
        match NumberTemplate::parse(&template) {
            Ok(t) => {
                if t.needs_city_letter() && city_letter.is_none() {
                    c.fail("numbering.template", "版式含 {L}，但此规格没有 city_letter");
                }
                Some(Numbering { check: t.has_check(), length: t.len(), template: t })
            }
            Err(e) => {
                c.fail("numbering.template", format!("版式 `{template}` 无效：{e}"));
                None
            }
        }
    });
    let print_sheets: BTreeMap<String, u32> = raw.print_sheets.clone().unwrap_or_default();
    for (sheet, count) in &print_sheets {
        if !SHEETS.contains(&sheet.as_str()) {
            c.fail("print_sheets", format!("未知相纸 `{sheet}`（可用：{}）", SHEETS.join("、")));
        } else if !(1..=100).contains(count) {
            c.fail("print_sheets", format!("{sheet} 每张 {count} 张照片，应在 1–100 之间"));
        }
    }
    let price_fen = c.required("price_fen", &raw.price_fen);
    let sources = raw.sources.clone().unwrap_or_default();
    if sources.is_empty() {
        c.fail("sources", "至少要有一个来源（网址或文件）");
    }
    let as_of = c.required("as_of", &raw.as_of).and_then(|d| {
        let text = match &d {
            toml::Value::Datetime(d) => d.to_string(),
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
        if parsed.is_none() {
            c.fail("as_of", format!("日期 `{text}` 应写成 YYYY-MM-DD"));
        }
        parsed
    });

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    // Every `required` above succeeded, so these hold; the fallbacks are never used.
    let (Some(document), Some(name), Some([pw, ph]), Some(dpi), Some([mw, mh]), Some(price_fen), Some(as_of)) =
        (document, name, px, dpi, print_mm, price_fen, as_of)
    else {
        return Err(vec![("id".into(), "规格不完整".into())]);
    };
    Ok(PhotoSpec {
        id,
        name,
        document,
        province,
        province_name: names(&raw.province_name),
        city: raw.city.clone(),
        city_name: names(&raw.city_name),
        city_letter,
        search: raw.search.clone().unwrap_or_default(),
        px: [pw, ph],
        dpi,
        print_mm: [mw as f32, mh as f32],
        colour: colour_mode,
        background,
        background_tolerance: tolerance,
        file_kb,
        jpeg_quality_min: quality,
        ears_visible: raw.ears_visible.unwrap_or(false),
        geometry,
        receipt,
        numbering,
        print_sheets,
        price_fen,
        sources,
        as_of,
        notes: raw.notes.clone().unwrap_or_default(),
        unknown: raw.unknown.clone().unwrap_or_default(),
        origin: origin.to_owned(),
        local,
    })
}

fn geometry(c: &mut Check, g: &RawGeometry, [w, h]: [u32; 2]) -> Option<Geometry> {
    let (w, h) = (f64::from(w), f64::from(h));
    let before = c.errors.len();
    let face_width_px = c.range("geometry.face_width_px", g.face_width_px, w);
    if g.face_width_px.is_none() {
        c.fail("geometry.face_width_px", "必填字段缺失（有 geometry 时必须给出脸宽）");
    }
    let crown_to_top_px = c.range("geometry.crown_to_top_px", g.crown_to_top_px, h);
    let eye_line_from_top_px = c.range("geometry.eye_line_from_top_px", g.eye_line_from_top_px, h);
    let eye_line_from_bottom_min_px =
        c.below("geometry.eye_line_from_bottom_min_px", g.eye_line_from_bottom_min_px, h);
    let head_height_px = c.range("geometry.head_height_px", g.head_height_px, h);
    let eye_distance_px = c.range("geometry.eye_distance_px", g.eye_distance_px, w);
    let chin_to_bottom_min_px = c.below("geometry.chin_to_bottom_min_px", g.chin_to_bottom_min_px, h);
    let centre_tolerance_px = c.below("geometry.centre_tolerance_px", g.centre_tolerance_px, w / 2.0);
    let priority = match g.priority.as_deref() {
        Some("eye-line") | None => GeometryPriority::EyeLine,
        Some("crown") => GeometryPriority::Crown,
        Some("head-height") => GeometryPriority::HeadHeight,
        Some(other) => {
            c.fail(
                "geometry.priority",
                format!("未知优先规则 `{other}`（可用：eye-line、crown、head-height）"),
            );
            GeometryPriority::EyeLine
        }
    };
    if let (Some(top), Some(bottom)) = (eye_line_from_top_px, eye_line_from_bottom_min_px)
        && f64::from(top.min) > h - f64::from(bottom)
    {
        c.fail(
            "geometry.eye_line_from_top_px",
            format!(
                "眼线离顶至少 {} 像素，与离底至少 {} 像素在 {h} 像素高的画面中无法同时满足",
                top.min, bottom
            ),
        );
    }
    if let (Some(crown), Some(head)) = (crown_to_top_px, head_height_px)
        && f64::from(crown.min + head.min) > h
    {
        c.fail(
            "geometry.head_height_px",
            format!("头顶留白最小 {} + 头高最小 {} 超过画面高 {h}", crown.min, head.min),
        );
    }
    if c.errors.len() > before {
        return None;
    }
    Some(Geometry {
        face_width_px: face_width_px?,
        crown_to_top_px,
        eye_line_from_top_px,
        eye_line_from_bottom_min_px,
        head_height_px,
        eye_distance_px,
        chin_to_bottom_min_px,
        centre_tolerance_px,
        priority,
    })
}

/// Placeholders an instruction may use.
const INSTRUCTION_FIELDS: [&str; 4] = ["{standard}", "{covers}", "{validity}", "{until}"];
/// What an instruction says when the spec file gives none.
const DEFAULT_INSTRUCTION: &str = "您的相片符合《{standard}》，请持此回执及申请材料尽快到受理点申办（本回执及数字相片{validity}内有效，至{until}）。";
const DEFAULT_SIGNATURE: [&str; 2] = ["我已核实基本信息无误", "并且相片为我本人"];

fn receipt(c: &mut Check, r: &RawReceipt, document: Option<DocumentType>) -> Option<ReceiptSpec> {
    let before = c.errors.len();
    let title = c.required("receipt.title", &r.title).unwrap_or_default();
    if r.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        c.fail("receipt.title", "回执标题不能为空");
    }
    let validity =
        c.required("receipt.validity", &r.validity).and_then(|text| match Validity::parse(&text) {
            Some(v) => Some(v),
            None => {
                c.fail(
                    "receipt.validity",
                    format!("有效期 `{text}` 应写成 60天 或 6个月（1–3650 天，1–120 个月）"),
                );
                None
            }
        });
    let barcode = match r.barcode.as_deref() {
        Some("image-number") | None => BarcodeContent::ImageNumber,
        Some("id-number") => BarcodeContent::IdNumber,
        Some(other) => {
            c.fail("receipt.barcode", format!("条码内容 `{other}` 未知（可用：image-number、id-number）"));
            BarcodeContent::ImageNumber
        }
    };
    let id_line = match r.id_line.as_deref() {
        Some("blank") | None => IdLineKind::Blank,
        Some("id-number") => IdLineKind::IdNumber,
        Some("none") => IdLineKind::None,
        Some(other) => {
            c.fail("receipt.id_line", format!("身份证号一行 `{other}` 未知（可用：blank、id-number、none）"));
            IdLineKind::Blank
        }
    };
    if barcode == BarcodeContent::IdNumber && id_line != IdLineKind::IdNumber {
        c.fail("receipt.barcode", "条码是身份证号时，回执上也要印出身份证号（id_line = \"id-number\"）");
    }
    let mut covers = Vec::new();
    for code in r.covers.clone().unwrap_or_default() {
        match DocumentType::from_code(&code) {
            Some(d) => covers.push(d),
            None => c.fail("receipt.covers", format!("未知证件类型 `{code}`")),
        }
    }
    if let Some(doc) = document {
        if covers.is_empty() {
            covers.push(doc);
        } else if !covers.contains(&doc) {
            c.fail("receipt.covers", format!("回执适用证件中应包含本规格的证件类型 `{}`", doc.code()));
        }
    }
    let instruction = r.instruction.clone().unwrap_or_else(|| DEFAULT_INSTRUCTION.to_owned());
    let mut rest = instruction.clone();
    for field in INSTRUCTION_FIELDS {
        rest = rest.replace(field, "");
    }
    if rest.contains(['{', '}']) {
        c.fail("receipt.instruction", format!("说明中只能用 {}", INSTRUCTION_FIELDS.join("、")));
    }
    if !instruction.contains("{validity}") {
        c.fail("receipt.instruction", "说明中要写出有效期 {validity}");
    }
    if instruction.contains("{standard}") && r.standard.as_deref().is_none_or(|s| s.trim().is_empty()) {
        c.fail("receipt.standard", "说明中用了 {standard}，但没有给出标准名称");
    }
    let signature = r.signature.clone().unwrap_or_else(|| DEFAULT_SIGNATURE.map(str::to_owned).to_vec());
    if signature.is_empty() || signature.iter().any(|l| l.trim().is_empty()) {
        c.fail("receipt.signature", "签名栏的文字不能为空");
    }
    let reprint_days = match (r.reprint_days, validity) {
        (Some(d), _) if (1..=3650).contains(&d) => d,
        (Some(d), _) => {
            c.fail("receipt.reprint_days", format!("补打期限 {d} 天应在 1–3650 之间"));
            0
        }
        (None, Some(Validity::Days(d))) => d,
        (None, _) => 30,
    };
    let validity = validity?;
    (c.errors.len() == before).then(|| ReceiptSpec {
        title,
        validity,
        id_line,
        id_label: r.id_label.clone().unwrap_or_else(|| "原身份证号码".to_owned()),
        qr: r.qr.unwrap_or(false),
        barcode,
        covers,
        standard: r.standard.clone(),
        instruction,
        signature,
        reprint_days,
    })
}
