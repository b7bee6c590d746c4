//! The spec files as written: every field optional (a file states only what differs from what it
//! extends), unknown fields refused. `city_specs/README.md` documents each field.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One TOML file: optional defaults for every spec in it, then the specs.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Merged under every `[[spec]]` of this file.
    pub defaults: Option<RawSpec>,
    #[serde(default)]
    pub spec: Vec<RawSpec>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNames {
    pub zh: String,
    pub en: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpec {
    pub id: Option<String>,
    /// The id of the spec this one inherits from.
    pub extends: Option<String>,
    /// A base that is only inherited from, never offered to the operator.
    #[serde(rename = "abstract")]
    pub is_abstract: Option<bool>,
    pub document: Option<String>,
    pub name: Option<RawNames>,
    pub province: Option<String>,
    pub province_name: Option<RawNames>,
    pub city: Option<String>,
    pub city_name: Option<RawNames>,
    pub city_letter: Option<String>,
    pub search: Option<Vec<String>>,
    pub px: Option<[u32; 2]>,
    pub dpi: Option<u32>,
    pub print_mm: Option<[f64; 2]>,
    pub colour: Option<String>,
    pub background: Option<RawBackground>,
    pub file_kb: Option<[u32; 2]>,
    pub jpeg_quality_min: Option<u8>,
    /// Both ears must show (the collection platform rejects 没露耳朵).
    pub ears_visible: Option<bool>,
    pub geometry: Option<RawGeometry>,
    pub receipt: Option<RawReceipt>,
    pub numbering: Option<RawNumbering>,
    pub print_sheets: Option<BTreeMap<String, u32>>,
    pub price_fen: Option<u32>,
    pub sources: Option<Vec<String>>,
    /// A TOML date (`2026-11-23`); kept as a value so merged tables deserialize too.
    pub as_of: Option<toml::Value>,
    pub notes: Option<Vec<String>>,
    pub unknown: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBackground {
    pub colours: Option<Vec<String>>,
    pub tolerance: Option<u8>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGeometry {
    pub face_width_px: Option<[f64; 2]>,
    pub crown_to_top_px: Option<[f64; 2]>,
    pub eye_line_from_top_px: Option<[f64; 2]>,
    pub eye_line_from_bottom_min_px: Option<f64>,
    pub head_height_px: Option<[f64; 2]>,
    pub eye_distance_px: Option<[f64; 2]>,
    pub chin_to_bottom_min_px: Option<f64>,
    pub centre_tolerance_px: Option<f64>,
    pub priority: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReceipt {
    pub title: Option<String>,
    pub validity: Option<String>,
    pub id_line: Option<String>,
    pub id_label: Option<String>,
    pub qr: Option<bool>,
    pub barcode: Option<String>,
    pub covers: Option<Vec<String>>,
    pub standard: Option<String>,
    pub instruction: Option<String>,
    pub signature: Option<Vec<String>>,
    pub reprint_days: Option<u32>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNumbering {
    pub template: Option<String>,
}
