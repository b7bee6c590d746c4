//! Photo specs (`PhotoSpec`): what a city and document require of the photo, the receipt and the
//! image number. Parsed from the TOML files of `city_specs/` ([`raw`]), resolved through inheritance
//! and validated into types whose invariants hold ([`catalogue`]).

pub mod catalogue;
pub mod raw;
mod validate;

use std::collections::BTreeMap;

use chrono::NaiveDate;

pub use catalogue::{Catalogue, SpecError, SpecFile};

use crate::domain::image_number::NumberTemplate;

/// A name in both interface languages.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Names {
    pub zh: String,
    pub en: String,
}

/// The kinds of document a spec can be for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentType {
    IdCard,
    SocialSecurityCard,
    ResidencePermit,
    DrivingLicence,
    ExitEntry,
    SecurityGuard,
    Graduation,
    Standard,
}

impl DocumentType {
    pub const ALL: [DocumentType; 8] = [
        DocumentType::IdCard,
        DocumentType::SocialSecurityCard,
        DocumentType::ResidencePermit,
        DocumentType::DrivingLicence,
        DocumentType::ExitEntry,
        DocumentType::SecurityGuard,
        DocumentType::Graduation,
        DocumentType::Standard,
    ];

    /// The code used in spec files and ids.
    pub fn code(self) -> &'static str {
        match self {
            DocumentType::IdCard => "id-card",
            DocumentType::SocialSecurityCard => "social-security-card",
            DocumentType::ResidencePermit => "residence-permit",
            DocumentType::DrivingLicence => "driving-licence",
            DocumentType::ExitEntry => "exit-entry",
            DocumentType::SecurityGuard => "security-guard",
            DocumentType::Graduation => "graduation",
            DocumentType::Standard => "standard",
        }
    }

    pub fn from_code(code: &str) -> Option<DocumentType> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }

    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            DocumentType::IdCard => ("身份证", "ID card"),
            DocumentType::SocialSecurityCard => ("社保卡", "Social-security card"),
            DocumentType::ResidencePermit => ("居住证", "Residence permit"),
            DocumentType::DrivingLicence => ("驾驶证", "Driving licence"),
            DocumentType::ExitEntry => ("出入境证件", "Exit-entry document"),
            DocumentType::SecurityGuard => ("保安员证", "Security-guard card"),
            DocumentType::Graduation => ("毕业证（学信）", "Graduation (CHSI)"),
            DocumentType::Standard => ("标准证件照", "Standard photo"),
        }
    }
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0[0], self.0[1], self.0[2])
    }
}

/// An inclusive range; `min <= max` always holds.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Range<T> {
    pub min: T,
    pub max: T,
}

impl<T: PartialOrd + Copy> Range<T> {
    pub fn contains(&self, v: T) -> bool {
        self.min <= v && v <= self.max
    }
}

/// Which rule wins when the geometry rules cannot all hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GeometryPriority {
    /// The eye line (e.g. GA 461: eye rule wins over the crown rule).
    EyeLine,
    Crown,
    HeadHeight,
}

/// Head placement in output pixels, measured from the output frame's edges.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Geometry {
    /// Face width (ear root to ear root).
    pub face_width_px: Range<f32>,
    /// Distance from the top edge to the crown (top of hair).
    pub crown_to_top_px: Option<Range<f32>>,
    /// Eye line measured from the top edge.
    pub eye_line_from_top_px: Option<Range<f32>>,
    /// Smallest distance from the eye line to the bottom edge.
    pub eye_line_from_bottom_min_px: Option<f32>,
    /// Crown to chin.
    pub head_height_px: Option<Range<f32>>,
    /// Distance between the eye centres.
    pub eye_distance_px: Option<Range<f32>>,
    /// Smallest distance from the chin to the bottom edge.
    pub chin_to_bottom_min_px: Option<f32>,
    /// Largest horizontal offset of the face centre from the frame's centre line.
    pub centre_tolerance_px: Option<f32>,
    pub priority: GeometryPriority,
}

/// What the barcode on the receipt encodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BarcodeContent {
    ImageNumber,
    IdNumber,
}

/// How long a receipt and its photo stay valid, as the template says it (`60天`, `6个月`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    Days(u32),
    Months(u32),
}

impl Validity {
    /// The last valid day for a photo captured on `captured`. The capture day is day 0: the
    /// platform computes the end as capture date + N days (`PrivateFun.GetPidYxq`) and refuses a
    /// receipt only when the capture date is before today − N (`huizhiM.Page_Load`), so a
    /// 60-day receipt captured on 1 December is valid through 30 January.
    pub fn until(self, captured: NaiveDate) -> NaiveDate {
        match self {
            Validity::Days(n) => captured.checked_add_days(chrono::Days::new(u64::from(n))),
            Validity::Months(n) => captured.checked_add_months(chrono::Months::new(n)),
        }
        .unwrap_or(NaiveDate::MAX)
    }

    /// `60天` or `6个月` as a spec file writes it; `None` for anything else or out of range
    /// (1–3650 days, 1–120 months).
    pub fn parse(text: &str) -> Option<Validity> {
        let t = text.trim();
        let number = |s: &str| s.trim().parse::<u32>().ok();
        if let Some(n) = t.strip_suffix('天').and_then(number).filter(|n| (1..=3650).contains(n)) {
            Some(Validity::Days(n))
        } else {
            t.strip_suffix("个月").and_then(number).filter(|n| (1..=120).contains(n)).map(Validity::Months)
        }
    }

    /// As printed: `60天`, `6个月`.
    pub fn words(self) -> String {
        match self {
            Validity::Days(n) => format!("{n}天"),
            Validity::Months(n) => format!("{n}个月"),
        }
    }

    /// The longest it can last, in days (for looking back over pending orders).
    pub fn max_days(self) -> u32 {
        match self {
            Validity::Days(n) => n,
            Validity::Months(n) => n.saturating_mul(31),
        }
    }
}

impl serde::Serialize for Validity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.words())
    }
}

/// The `____先生 / 女士  原身份证号码：____` line of a receipt, per template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdLineKind {
    /// Name and number left blank for the customer to write in (ID card, social-security card).
    Blank,
    /// The number printed in full (driving licence: 身份证明号码, which the barcode also carries).
    IdNumber,
    /// No such line (exit-entry, residence permit, security guard).
    None,
}

/// The receipt template of a spec: the platform's template's words (`HZ/*.aspx`) as data.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ReceiptSpec {
    /// May contain `{city}` (the spec's city, e.g. （广东·珠海）社会保障卡数字相片采集回执).
    pub title: String,
    pub validity: Validity,
    pub id_line: IdLineKind,
    /// The ID line's label: 原身份证号码, 身份证号码, 身份证明号码.
    pub id_label: String,
    pub qr: bool,
    pub barcode: BarcodeContent,
    /// The documents one receipt serves (Shenzhen: ID + social security + residence permit).
    pub covers: Vec<DocumentType>,
    /// The standard the instruction names, e.g. GA461-2004居民身份证制证用数字相片技术要求.
    pub standard: Option<String>,
    /// The sentence under the title: the standard, what to bring, where to go, how long it is valid.
    /// Placeholders: `{standard}`, `{covers}`, `{validity}`, `{until}`.
    pub instruction: String,
    /// The signature box's lines (driving licence: 我已核实身份证明信息无误).
    pub signature: Vec<String>,
    /// Days from capture in which the stub says the studio reprints the receipt for free.
    pub reprint_days: u32,
}

/// The image-number layout of a spec.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Numbering {
    #[serde(serialize_with = "serialize_template")]
    pub template: NumberTemplate,
    pub check: bool,
    pub length: usize,
}

fn serialize_template<S: serde::Serializer>(t: &NumberTemplate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.as_str())
}

/// A validated photo spec. Every invariant checked in `validate.rs` holds.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PhotoSpec {
    pub id: String,
    pub name: Names,
    pub document: DocumentType,
    pub province: String,
    pub province_name: Option<Names>,
    pub city: Option<String>,
    pub city_name: Option<Names>,
    pub city_letter: Option<char>,
    /// Extra search keys (pinyin initials, aliases).
    pub search: Vec<String>,
    pub px: [u32; 2],
    pub dpi: u32,
    pub print_mm: [f32; 2],
    pub colour: String,
    pub background: Vec<Rgb>,
    pub background_tolerance: u8,
    /// File size the platform accepts; `None` where no source gives one.
    pub file_kb: Option<Range<u32>>,
    pub jpeg_quality_min: u8,
    /// Both ears must show (hair not over them): the Guangdong collection platform's rule for its
    /// documents (its shooting guide and its rejection 没露耳朵).
    pub ears_visible: bool,
    pub geometry: Option<Geometry>,
    pub receipt: Option<ReceiptSpec>,
    pub numbering: Option<Numbering>,
    pub print_sheets: BTreeMap<String, u32>,
    pub price_fen: u32,
    pub sources: Vec<String>,
    pub as_of: NaiveDate,
    pub notes: Vec<String>,
    /// Fields the sources do not give (said so rather than invented).
    pub unknown: Vec<String>,
    /// Where it came from: `builtin:gd/shenzhen.toml` or a local file path.
    pub origin: String,
    /// Loaded from the studio's own folder (wins over a built-in spec with the same id).
    pub local: bool,
}

impl PhotoSpec {
    /// "深圳 身份证" / "Shenzhen ID card".
    pub fn display_name(&self, lang: crate::domain::Lang) -> String {
        let (name, city) = match lang {
            crate::domain::Lang::Zh => (&self.name.zh, self.city_name.as_ref().map(|n| &n.zh)),
            crate::domain::Lang::En => (&self.name.en, self.city_name.as_ref().map(|n| &n.en)),
        };
        match city {
            Some(city) => format!("{city} {name}"),
            None => name.clone(),
        }
    }
}

/// The GA 461 ID-card geometry (358×441 px) as the unit tests use it.
#[cfg(test)]
pub(crate) fn id_card_geometry_for_tests() -> Geometry {
    Geometry {
        face_width_px: Range { min: 193.0, max: 221.0 },
        crown_to_top_px: Some(Range { min: 7.0, max: 21.0 }),
        eye_line_from_top_px: None,
        eye_line_from_bottom_min_px: Some(207.0),
        head_height_px: None,
        eye_distance_px: None,
        chin_to_bottom_min_px: None,
        centre_tolerance_px: None,
        priority: GeometryPriority::EyeLine,
    }
}
