//! The receipt (回执单) as words and numbers: what is printed, decided from the order, its spec's
//! receipt template and the studio. No layout and no PDF here (`output::receipt` draws it).
//!
//! A receipt is an official Chinese form, so its words are Chinese whatever the interface language.
//! Everything on it comes from the stored order, never from the clock, so a reprint is the same
//! receipt plus its 补打 mark.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::customer::mask_id_number;
use super::spec::{BarcodeContent, PhotoSpec, ReceiptSpec};
use super::studio::StudioInfo;

/// The order fields a receipt prints (a plain copy of the stored row, so the core needs no storage).
#[derive(Clone, Debug, PartialEq)]
pub struct ReceiptOrder {
    pub image_number: String,
    pub customer_name: String,
    pub id_number: Option<String>,
    pub hukou: Option<String>,
    /// RFC 3339, as stored.
    pub captured_at: String,
}

/// How the customer's ID number appears on the `原身份证号码` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdLine {
    /// The template prints it (driving licence).
    Full(String),
    /// Known but not printed in full: masked, as PIPL asks.
    Masked(String),
    /// Left blank for the customer to write in.
    Blank,
}

/// Everything printed on one receipt and its stub.
#[derive(Clone, Debug, PartialEq)]
pub struct Receipt {
    pub title: String,
    /// 采集服务单位 line.
    pub studio: String,
    pub studio_phone: String,
    pub customer_name: String,
    pub id_line: IdLine,
    /// The sentence naming the standard and the validity.
    pub compliance: String,
    pub valid_until: NaiveDate,
    /// Text of the Code 39 barcode (image number, or the ID number for a driving licence).
    pub barcode: String,
    /// Text of the QR code, when the template has one.
    pub qr: Option<String>,
    pub image_number: String,
    /// Printed size of the photo, width × height in mm.
    pub photo_mm: [f32; 2],
    /// The photo-information block, label and value.
    pub info: Vec<(String, String)>,
    pub signature: String,
    /// The tear-off stub, label and value.
    pub stub: Vec<(String, String)>,
    /// `Some(n)`: the n-th reprint (补打), printed as a mark.
    pub reprint: Option<u32>,
}

/// Why a receipt cannot be made for an order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    #[error("规格 {0} 没有回执模板（不需要回执）")]
    NoTemplate(String),
    #[error("驾驶证回执的条码是身份证号码，但订单 {0} 没有身份证号码")]
    NoIdNumberForBarcode(String),
    #[error("订单 {number} 的采集时间无法识别：{at}")]
    BadTime { number: String, at: String },
}

/// The paper a receipt is printed on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReceiptLayout {
    /// The upper half of an A4 sheet plus a tear-off stub (office laser or inkjet printers).
    #[default]
    HalfA4,
    /// An 80 mm thermal roll (72 mm printable).
    Thermal80,
}

impl ReceiptLayout {
    pub const ALL: [ReceiptLayout; 2] = [ReceiptLayout::HalfA4, ReceiptLayout::Thermal80];

    pub fn code(self) -> &'static str {
        match self {
            ReceiptLayout::HalfA4 => "half-a4",
            ReceiptLayout::Thermal80 => "thermal-80",
        }
    }

    pub fn from_code(code: &str) -> Option<ReceiptLayout> {
        ReceiptLayout::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            ReceiptLayout::HalfA4 => "A4 纸（半页回执 + 存根）",
            ReceiptLayout::Thermal80 => "80 mm 热敏纸",
        }
    }
}

/// How receipts and sheets are printed, from the settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PrintSettings {
    /// Printer name; empty = the system's default printer.
    pub printer: String,
    pub receipt_layout: ReceiptLayout,
    /// Printer calibration: every mark moves right and down by this many mm.
    pub offset_mm: [f32; 2],
    /// Print the receipt as soon as an order is saved.
    pub auto_receipt: bool,
    /// The print program; empty = `lp` (SumatraPDF on Windows).
    pub command: String,
}

/// Largest calibration accepted, in mm: more is a wrong entry, not a printer.
pub const MAX_OFFSET_MM: f32 = 10.0;

pub const SIGNATURE: &str = "我已核实基本信息无误，并且相片为我本人。";
pub const SUBMISSION: &str = "照相馆采集，网络上传";
pub const CUT_LINE: &str = "沿此线剪开，存根由照相馆保留";

/// The last day a receipt (and its photo) is accepted: the capture day plus the template's validity.
pub fn valid_until_from(template: &ReceiptSpec, captured: NaiveDate) -> NaiveDate {
    valid_for(captured, template.validity_days)
}

/// The last valid day of a receipt captured on `captured` that is valid for `days` days.
pub fn valid_for(captured: NaiveDate, days: u32) -> NaiveDate {
    captured + Duration::days(i64::from(days))
}

/// [`valid_until_from`] for an RFC 3339 capture time as stored; `None` when it does not parse.
pub fn valid_until(template: &ReceiptSpec, captured_at: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(captured_at).ok().map(|t| valid_until_from(template, t.date_naive()))
}

/// The words of a reprint mark: `补打（第 2 次）`.
pub fn reprint_mark(n: u32) -> String {
    format!("补打（第 {n} 次）")
}

/// Decides what the receipt of `order` says. `reprint` is `Some(n)` for the n-th reprint.
pub fn receipt(
    spec: &PhotoSpec,
    order: &ReceiptOrder,
    studio: &StudioInfo,
    reprint: Option<u32>,
) -> Result<Receipt, ReceiptError> {
    let template = spec.receipt.as_ref().ok_or_else(|| ReceiptError::NoTemplate(spec.id.clone()))?;
    let captured: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(&order.captured_at).map_err(|_| {
        ReceiptError::BadTime { number: order.image_number.clone(), at: order.captured_at.clone() }
    })?;
    let valid_until = valid_until_from(template, captured.date_naive());
    let id_number = order.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let id_line = match id_number {
        Some(id) if template.prints_id_number => IdLine::Full(id.to_owned()),
        Some(id) => IdLine::Masked(mask_id_number(id)),
        None => IdLine::Blank,
    };
    let barcode = match template.barcode {
        BarcodeContent::ImageNumber => order.image_number.clone(),
        BarcodeContent::IdNumber => id_number
            .map(str::to_uppercase)
            .ok_or_else(|| ReceiptError::NoIdNumberForBarcode(order.image_number.clone()))?,
    };
    let documents = template.covers.iter().map(|d| d.names().0).collect::<Vec<_>>().join("、");
    let standard = template.standard.as_deref().map(|s| format!("按《{s}》标准")).unwrap_or_default();
    let until = valid_until.format("%Y年%m月%d日");
    let compliance = format!(
        "您的数字相片已{standard}采集并上传，可用于办理{documents}。本回执及数字相片{}天内有效（至{until}），请在有效期内到受理点办理。",
        template.validity_days
    );
    let captured_text = captured.format("%Y-%m-%d %H:%M").to_string();
    let hukou = order.hukou.clone().filter(|h| !h.trim().is_empty()).unwrap_or_else(|| "—".into());
    let studio_name = if studio.name.trim().is_empty() {
        "（未设置照相馆名称）".to_owned()
    } else {
        studio.name.clone()
    };
    let info = vec![
        ("图像号".to_owned(), order.image_number.clone()),
        ("证件类型".to_owned(), documents.clone()),
        ("户籍/居住地".to_owned(), hukou),
        ("采集时间".to_owned(), captured_text.clone()),
        ("采集单位".to_owned(), studio_name.clone()),
        ("提交方式".to_owned(), SUBMISSION.to_owned()),
    ];
    let mut stub = vec![
        ("图像号".to_owned(), order.image_number.clone()),
        ("顾客".to_owned(), order.customer_name.clone()),
        ("采集时间".to_owned(), captured_text),
        ("补打期限".to_owned(), format!("{until}前凭图像号可补打回执")),
    ];
    if !studio.phone.trim().is_empty() {
        stub.push(("服务电话".to_owned(), studio.phone.clone()));
    }
    let studio_line = if studio.address.trim().is_empty() {
        studio_name
    } else {
        format!("{studio_name}（{}）", studio.address.trim())
    };
    Ok(Receipt {
        title: template.title.clone(),
        studio: studio_line,
        studio_phone: studio.phone.clone(),
        customer_name: order.customer_name.clone(),
        id_line,
        compliance,
        valid_until,
        barcode,
        qr: template.qr.then(|| order.image_number.clone()),
        image_number: order.image_number.clone(),
        photo_mm: spec.print_mm,
        info,
        signature: SIGNATURE.to_owned(),
        stub,
        reprint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Catalogue;

    fn catalogue() -> Catalogue {
        Catalogue::load(&crate::spec_files::builtin_files())
    }

    fn order(number: &str) -> ReceiptOrder {
        ReceiptOrder {
            image_number: number.into(),
            customer_name: "张三".into(),
            id_number: Some("440524188001010014".into()),
            hukou: Some("广东省深圳市".into()),
            captured_at: "2026-11-23T10:15:00+08:00".into(),
        }
    }

    #[test]
    fn id_receipt_masks_the_number_and_counts_validity_from_capture() {
        let cat = catalogue();
        let spec = cat.get("gd-guangzhou-id-card").expect("spec");
        let r = receipt(spec, &order("BB1261123000001"), &StudioInfo::default(), None).expect("receipt");
        assert_eq!(r.id_line, IdLine::Masked("4405**********0014".into()));
        assert_eq!(r.barcode, "BB1261123000001");
        let days = spec.receipt.as_ref().map(|t| t.validity_days).unwrap_or(0);
        assert_eq!(
            r.valid_until,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() + Duration::days(i64::from(days))
        );
        assert!(r.compliance.contains(&format!("{days}天内有效")), "{}", r.compliance);
        assert_eq!(r.reprint, None);
    }

    #[test]
    fn driving_licence_prints_and_encodes_the_id_number() {
        let cat = catalogue();
        let spec = cat
            .specs()
            .iter()
            .find(|s| s.receipt.as_ref().is_some_and(|t| t.barcode == BarcodeContent::IdNumber))
            .expect("a driving-licence spec");
        let mut o = order("ZCAB26112300001");
        o.id_number = Some("11010519491231002x".into());
        let r = receipt(spec, &o, &StudioInfo::default(), Some(2)).expect("receipt");
        assert_eq!(r.barcode, "11010519491231002X");
        assert_eq!(r.id_line, IdLine::Full("11010519491231002x".into()));
        assert_eq!(r.reprint, Some(2));
        o.id_number = None;
        assert_eq!(
            receipt(spec, &o, &StudioInfo::default(), None),
            Err(ReceiptError::NoIdNumberForBarcode("ZCAB26112300001".into()))
        );
    }

    #[test]
    fn a_spec_without_template_and_a_bad_time_are_refused() {
        let cat = catalogue();
        let plain = cat.specs().iter().find(|s| s.receipt.is_none()).expect("a spec without receipt");
        assert!(matches!(
            receipt(plain, &order("X"), &StudioInfo::default(), None),
            Err(ReceiptError::NoTemplate(_))
        ));
        let with = cat.specs().iter().find(|s| s.receipt.is_some()).expect("a spec with receipt");
        let mut o = order("X");
        o.captured_at = "yesterday".into();
        assert!(matches!(receipt(with, &o, &StudioInfo::default(), None), Err(ReceiptError::BadTime { .. })));
    }
}
