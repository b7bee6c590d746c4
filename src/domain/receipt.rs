//! The receipt (回执单) as words and numbers: what is printed, decided from the order, its spec's
//! receipt template and the studio. No layout and no PDF here (`output::receipt` draws it).
//!
//! A receipt is an official Chinese form, so its words are Chinese whatever the interface language.
//! Everything on it comes from the stored order, never from the clock, so a reprint is the same
//! receipt plus its 补打 mark.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::id_number::upgrade_15;
use super::spec::{BarcodeContent, IdLineKind, PhotoSpec, ReceiptSpec};
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

/// The `____先生 / 女士  原身份证号码：____` line: the name is always left for the customer to write;
/// the number is printed only where the template prints it (driving licence).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdLine {
    /// 原身份证号码, 身份证号码, 身份证明号码.
    pub label: String,
    /// `None`: a blank to write in.
    pub number: Option<String>,
}

/// Everything printed on one receipt and its stub.
#[derive(Clone, Debug, PartialEq)]
pub struct Receipt {
    pub title: String,
    /// 采集服务单位: the studio's name (and address).
    pub studio: String,
    /// `None` where the template has no such line (exit-entry, residence permit, security guard).
    pub id_line: Option<IdLine>,
    /// The sentence naming the standard, what to bring, where to go and the validity.
    pub instruction: String,
    pub valid_until: NaiveDate,
    /// Text of the Code 39 barcode (image number, or the ID number for a driving licence).
    pub barcode: String,
    /// Text of the QR code, when the template has one.
    pub qr: Option<String>,
    pub image_number: String,
    /// Printed size of the photo, width × height in mm.
    pub photo_mm: [f32; 2],
    /// 相片基本信息, label and value.
    pub info: Vec<(String, String)>,
    /// The signature box's lines, above 签名.
    pub signature: Vec<String>,
    /// The stub the customer keeps, line by line (image number and capture time first).
    pub stub: Vec<String>,
    /// `Some(n)`: the n-th reprint (补打), printed as a mark.
    pub reprint: Option<u32>,
}

/// Why a receipt cannot be made for an order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    #[error("规格 {0} 没有回执模板（不需要回执）")]
    NoTemplate(String),
    #[error("驾驶证回执要印出并扫码身份证明号码，但订单 {0} 没有身份证号码")]
    NoIdNumberForBarcode(String),
    #[error("订单 {number} 的身份证号码 {id} 不是有效的 18 位号码，不能印在回执上：请核对后重新下单")]
    IdNumberNot18 { number: String, id: String },
    #[error("订单 {number} 的采集时间无法识别：{at}")]
    BadTime { number: String, at: String },
    #[error("还没有填写照相馆名称：回执上的「采集服务单位」不能空着，请先在「设置 › 照相馆」里填写")]
    StudioNotNamed,
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
#[derive(Clone, Debug, PartialEq)]
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
    /// Seconds a job may wait while the printer says something is wrong (switched off, unplugged:
    /// the print system keeps retrying) before the operator is told; a printer that warms up
    /// slowly needs more.
    pub stuck_after_s: u32,
}

impl Default for PrintSettings {
    fn default() -> Self {
        PrintSettings {
            printer: String::new(),
            receipt_layout: ReceiptLayout::default(),
            offset_mm: [0.0; 2],
            auto_receipt: false,
            command: String::new(),
            stuck_after_s: DEFAULT_STUCK_AFTER_S,
        }
    }
}

/// How long a print may be stuck before the counter says so, by default and at most (seconds).
pub const DEFAULT_STUCK_AFTER_S: u32 = 20;
pub const STUCK_AFTER_RANGE_S: std::ops::RangeInclusive<u32> = 3..=600;

/// Largest calibration accepted, in mm: more is a wrong entry, not a printer.
pub const MAX_OFFSET_MM: f32 = 10.0;

/// The dashed line between the part the office keeps and the stub the customer keeps (the
/// platform's templates, `HZ/*.aspx`).
pub const CUT_LINE: &str = "请沿虚线剪开，并妥善保存以下相片信息至成功拿到证件";
/// 递交方式 of a photo taken at the counter (the platform's own self-service page says 个人自拍).
pub const SUBMISSION: &str = "照相馆采集";

/// The last day a receipt (and its photo) is accepted (see `spec::Validity::until`).
pub fn valid_until_from(template: &ReceiptSpec, captured: NaiveDate) -> NaiveDate {
    template.validity.until(captured)
}

/// [`valid_until_from`] for an RFC 3339 capture time as stored; `None` when it does not parse.
pub fn valid_until(template: &ReceiptSpec, captured_at: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(captured_at).ok().map(|t| valid_until_from(template, t.date_naive()))
}

/// The words of a reprint mark: `补打（第 2 次）`.
pub fn reprint_mark(n: u32) -> String {
    format!("补打（第 {n} 次）")
}

/// The 18-digit number a receipt may print or encode: a stored 18-digit number as it is, an old
/// 15-digit one in its 18-digit form, anything else refused.
fn printable_id(order: &ReceiptOrder, id: &str) -> Result<String, ReceiptError> {
    let id = id.trim().to_uppercase();
    let ok18 = id.len() == 18
        && id.bytes().take(17).all(|b| b.is_ascii_digit())
        && super::id_number::id_check_char(&id[..17]).is_some_and(|c| id.ends_with(c));
    if ok18 {
        return Ok(id);
    }
    upgrade_15(&id).ok_or_else(|| ReceiptError::IdNumberNot18 { number: order.image_number.clone(), id })
}

/// Decides what the receipt of `order` says. `reprint` is `Some(n)` for the n-th reprint.
pub fn receipt(
    spec: &PhotoSpec,
    order: &ReceiptOrder,
    studio: &StudioInfo,
    reprint: Option<u32>,
) -> Result<Receipt, ReceiptError> {
    let template = spec.receipt.as_ref().ok_or_else(|| ReceiptError::NoTemplate(spec.id.clone()))?;
    if !studio.named() {
        return Err(ReceiptError::StudioNotNamed);
    }
    let captured: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(&order.captured_at).map_err(|_| {
        ReceiptError::BadTime { number: order.image_number.clone(), at: order.captured_at.clone() }
    })?;
    let valid_until = valid_until_from(template, captured.date_naive());
    let id_number = order.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let printed_id = match (template.id_line, template.barcode, id_number) {
        (IdLineKind::IdNumber, _, Some(id)) | (_, BarcodeContent::IdNumber, Some(id)) => {
            Some(printable_id(order, id)?)
        }
        (_, BarcodeContent::IdNumber, None) => {
            return Err(ReceiptError::NoIdNumberForBarcode(order.image_number.clone()));
        }
        _ => None,
    };
    let id_line = match template.id_line {
        IdLineKind::None => None,
        IdLineKind::Blank => Some(IdLine { label: template.id_label.clone(), number: None }),
        IdLineKind::IdNumber => Some(IdLine { label: template.id_label.clone(), number: printed_id.clone() }),
    };
    let barcode = match template.barcode {
        BarcodeContent::ImageNumber => order.image_number.clone(),
        BarcodeContent::IdNumber => printed_id.clone().unwrap_or_default(),
    };
    let covers = template.covers.iter().map(|d| d.names().0).collect::<Vec<_>>().join("、");
    let until = valid_until.format("%Y年%-m月%-d日").to_string();
    let instruction = template
        .instruction
        .replace("{standard}", template.standard.as_deref().unwrap_or(""))
        .replace("{covers}", &covers)
        .replace("{validity}", &template.validity.words())
        .replace("{until}", &until);
    let city = spec.city_name.as_ref().or(spec.province_name.as_ref()).map_or("", |n| n.zh.as_str());
    let captured_text = captured.format("%Y-%m-%d %H:%M:%S").to_string();
    let hukou = order.hukou.clone().filter(|h| !h.trim().is_empty()).unwrap_or_else(|| "—".into());
    let studio_name = studio.name.trim().to_owned();
    let info = vec![
        ("相片图像号".to_owned(), order.image_number.clone()),
        ("申办证件类型".to_owned(), covers),
        ("户口(居住)地".to_owned(), hukou),
        ("采集时间".to_owned(), captured_text.clone()),
        ("递交单位".to_owned(), studio_name.clone()),
        ("递交方式".to_owned(), SUBMISSION.to_owned()),
    ];
    let help = match studio.phone.trim() {
        "" => format!("本回执使用过程中如有任何疑问，请与{studio_name}联系。"),
        phone => format!("本回执使用过程中如有任何疑问，请及时拨打服务热线：{phone}。"),
    };
    let stub = vec![
        format!("相片图像号：{}    采集时间：{captured_text}", order.image_number),
        format!("采集之日起{}天内，您可以凭相片图像号到{studio_name}免费补打本回执。", template.reprint_days),
        help,
    ];
    let studio_line = match studio.address.trim() {
        "" => studio_name,
        address => format!("{studio_name}（{address}）"),
    };
    Ok(Receipt {
        title: template.title.replace("{city}", city),
        studio: studio_line,
        id_line,
        instruction,
        valid_until,
        barcode,
        qr: template.qr.then(|| order.image_number.clone()),
        image_number: order.image_number.clone(),
        photo_mm: spec.print_mm,
        info,
        signature: template.signature.clone(),
        stub,
        reprint,
    })
}

impl super::i18n::Bilingual for ReceiptError {
    fn en(&self) -> String {
        match self {
            ReceiptError::NoTemplate(s) => format!("Spec {s} has no receipt template (it needs no receipt)"),
            ReceiptError::NoIdNumberForBarcode(n) => format!(
                "A driving-licence receipt prints the ID number as a barcode, but order {n} has none"
            ),
            ReceiptError::IdNumberNot18 { number, id } => format!(
                "Order {number}'s ID number {id} is not a valid 18-digit number and cannot go on the receipt: check it and order again"
            ),
            ReceiptError::BadTime { number, at } => format!("Order {number}'s capture time cannot be read: {at}"),
            ReceiptError::StudioNotNamed => {
                "No studio name yet: the receipt's studio line cannot be empty; fill it in under Settings › Studio".into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Catalogue;

    fn catalogue() -> Catalogue {
        Catalogue::load(&crate::spec_files::builtin_files())
    }

    fn studio() -> StudioInfo {
        StudioInfo { name: "幸福照相馆".into(), phone: "0755-8888 6666".into(), ..Default::default() }
    }

    fn order(number: &str, captured_at: &str) -> ReceiptOrder {
        ReceiptOrder {
            image_number: number.into(),
            customer_name: "张三".into(),
            id_number: Some("440524188001010014".into()),
            hukou: Some("广东省深圳市".into()),
            captured_at: captured_at.into(),
        }
    }

    fn make(spec_id: &str, o: &ReceiptOrder) -> Result<Receipt, ReceiptError> {
        let cat = catalogue();
        receipt(cat.get(spec_id).expect(spec_id), o, &studio(), None)
    }

    #[test]
    fn the_capture_day_is_day_zero() {
        // 1 December + 60 days = 30 January: the platform refuses the receipt from 31 January.
        let r = make("gd-zhuhai-id-card", &order("CC1261201000001", "2026-12-01T10:15:00+08:00")).unwrap();
        assert_eq!(r.valid_until, NaiveDate::from_ymd_opt(2027, 1, 30).unwrap());
        assert!(
            r.instruction.contains("（本回执及数字相片60天内有效，至2027年1月30日）"),
            "{}",
            r.instruction
        );
        let r = make("gd-guangzhou-id-card", &order("AA1261123000001", "2026-11-23T23:59:00+08:00")).unwrap();
        assert_eq!(r.valid_until, NaiveDate::from_ymd_opt(2027, 5, 22).unwrap());
    }

    #[test]
    fn an_id_card_receipt_leaves_name_and_number_for_handwriting() {
        let r = make("gd-zhuhai-id-card", &order("CC1261201000001", "2026-12-01T10:15:00+08:00")).unwrap();
        assert_eq!(r.id_line, Some(IdLine { label: "原身份证号码".into(), number: None }));
        assert_eq!(r.barcode, "CC1261201000001");
        assert!(r.instruction.starts_with("您的相片符合《GA461-2004居民身份证制证用数字相片技术要求》"));
        assert!(r.instruction.contains("户口所在地派出所（办证中心）"), "{}", r.instruction);
        assert_eq!(r.signature, ["我已核实基本信息无误", "并且相片为我本人"]);
        assert_eq!(r.stub[0], "相片图像号：CC1261201000001    采集时间：2026-12-01 10:15:00");
        assert!(r.stub[1].starts_with("采集之日起60天内"), "{}", r.stub[1]);
        assert!(r.stub[2].contains("0755-8888 6666"));
        let all = format!("{r:?}");
        assert!(!all.contains("440524"), "no ID number on an ID-card receipt: {all}");
    }

    #[test]
    fn a_driving_licence_receipt_prints_and_encodes_the_18_digit_number() {
        let mut o = order("ZCAB26112300001", "2026-11-23T10:15:00+08:00");
        o.id_number = Some("11010519491231002x".into());
        let r = make("gd-shenzhen-driving-licence", &o).unwrap();
        assert_eq!(r.barcode, "11010519491231002X");
        assert_eq!(
            r.id_line,
            Some(IdLine { label: "身份证明号码".into(), number: Some("11010519491231002X".into()) })
        );
        assert_eq!(r.signature[0], "我已核实身份证明信息无误");
        assert!(r.instruction.contains("请持此回执、贴表相片及申请材料尽快到当地交管部门申办"));
        assert!(r.stub[1].starts_with("采集之日起180天内"));
        // A 15-digit number stored before this check: never printed, never encoded.
        o.id_number = Some("440524800101001".into());
        let r = make("gd-shenzhen-driving-licence", &o).unwrap();
        assert_eq!(r.barcode, "440524198001010013");
        o.id_number = Some("4405248001".into());
        assert!(matches!(make("gd-shenzhen-driving-licence", &o), Err(ReceiptError::IdNumberNot18 { .. })));
        o.id_number = None;
        assert_eq!(
            make("gd-shenzhen-driving-licence", &o),
            Err(ReceiptError::NoIdNumberForBarcode("ZCAB26112300001".into()))
        );
    }

    #[test]
    fn a_residence_permit_receipt_claims_only_the_residence_permit() {
        let r = make("gd-shenzhen-residence-permit", &order("ZBAB261123000FF", "2026-11-23T10:15:00+08:00"))
            .unwrap();
        assert_eq!(r.id_line, None);
        assert_eq!(r.info[1], ("申办证件类型".to_owned(), "居住证".to_owned()));
        assert!(!r.instruction.contains("身份证") && !r.instruction.contains("社保"), "{}", r.instruction);
        assert!(r.instruction.contains("30天内有效"));
    }

    #[test]
    fn an_exit_entry_receipt_is_valid_six_months() {
        let r =
            make("gd-shenzhen-exit-entry", &order("B26113000001204", "2026-11-30T10:15:00+08:00")).unwrap();
        assert_eq!(r.id_line, None);
        assert!(r.instruction.contains("6个月内有效，至2027年5月30日"), "{}", r.instruction);
        assert!(r.instruction.contains("户口所在地出入境管理部门"));
        assert!(r.stub[1].starts_with("采集之日起30天内"));
    }

    #[test]
    fn a_social_security_receipt_names_its_city() {
        let r =
            make("gd-zhuhai-social-security-card", &order("CC2261123000001", "2026-11-23T10:15:00+08:00"))
                .unwrap();
        assert_eq!(r.title, "（广东·珠海）社会保障卡数字相片采集回执");
        assert_eq!(r.id_line, Some(IdLine { label: "身份证号码".into(), number: None }));
    }

    #[test]
    fn no_receipt_without_the_studio_name_or_a_template_or_a_time() {
        let cat = catalogue();
        let spec = cat.get("gd-zhuhai-id-card").unwrap();
        let o = order("CC1261201000001", "2026-12-01T10:15:00+08:00");
        assert_eq!(receipt(spec, &o, &StudioInfo::default(), None), Err(ReceiptError::StudioNotNamed));
        let plain = cat.specs().iter().find(|s| s.receipt.is_none()).expect("a spec without receipt");
        assert!(matches!(receipt(plain, &o, &studio(), None), Err(ReceiptError::NoTemplate(_))));
        let mut bad = o.clone();
        bad.captured_at = "yesterday".into();
        assert!(matches!(receipt(spec, &bad, &studio(), None), Err(ReceiptError::BadTime { .. })));
        assert_eq!(receipt(spec, &o, &studio(), Some(2)).unwrap().reprint, Some(2));
    }
}
