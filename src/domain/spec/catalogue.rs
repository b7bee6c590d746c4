//! The spec catalogue: parses every file, resolves `extends` and `[defaults]`, validates, and keeps
//! going past broken files. Local files (the studio's own folder) win over built-in ones by id.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Deserialize;
use toml::{Table, Value};

use super::PhotoSpec;
use super::raw::{RawFile, RawSpec};
use super::validate::validate;
use crate::domain::Lang;

/// A spec file's name (for messages) and text.
#[derive(Clone, Debug)]
pub struct SpecFile {
    /// `gd/shenzhen.toml` for built-in files, the full path for local ones.
    pub name: String,
    pub text: String,
    pub local: bool,
}

/// A problem in a spec file, naming file, line and field in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    pub file: String,
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, " 第 {line} 行")?;
        }
        if let Some(field) = &self.field {
            write!(f, " 字段 {field}")?;
        }
        // A hostile file (a 100 KB id) must not make a message nobody can read.
        const MAX_CHARS: usize = 240;
        match self.message.char_indices().nth(MAX_CHARS) {
            Some((cut, _)) => write!(f, "：{}…", &self.message[..cut]),
            None => write!(f, "：{}", self.message),
        }
    }
}

impl std::error::Error for SpecError {}

/// Where a value came from: a file and the line its section starts on.
#[derive(Clone, Copy, Debug)]
struct Origin {
    file: usize,
    section_line: usize,
}

struct Entry {
    id: String,
    table: Table,
    origin: Origin,
    local: bool,
    /// Provenance of every leaf set by this entry itself (including its file's defaults).
    provenance: HashMap<String, Origin>,
}

/// All specs that loaded, and every problem found.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    specs: Vec<PhotoSpec>,
    errors: Vec<SpecError>,
}

impl Catalogue {
    /// Builds the catalogue from built-in and local files (order does not matter).
    pub fn load(files: &[SpecFile]) -> Catalogue {
        let mut errors = Vec::new();
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        // Built-in files first so that local ones replace them.
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by_key(|&i| (files[i].local, files[i].name.clone()));
        for i in order {
            let file = &files[i];
            match parse_file(i, file) {
                Ok(file_entries) => {
                    for entry in file_entries {
                        match entries.get(&entry.id) {
                            Some(existing) if existing.local == entry.local => errors.push(SpecError {
                                file: file.name.clone(),
                                line: Some(entry.origin.section_line),
                                field: Some("id".into()),
                                message: format!(
                                    "重复的 id `{}`（已在 {} 中定义）",
                                    entry.id, files[existing.origin.file].name
                                ),
                            }),
                            _ => {
                                entries.insert(entry.id.clone(), entry);
                            }
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }

        let mut specs = Vec::new();
        for entry in entries.values() {
            if entry.table.get("abstract").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            match resolve(entry, &entries, files) {
                Ok((table, provenance)) => {
                    let raw = match RawSpec::deserialize(Value::Table(table)) {
                        Ok(raw) => raw,
                        Err(e) => {
                            errors.push(error_at(files, entry.origin, None, e.message().to_owned()));
                            continue;
                        }
                    };
                    let origin = if entry.local {
                        files[entry.origin.file].name.clone()
                    } else {
                        format!("builtin:{}", files[entry.origin.file].name)
                    };
                    match validate(&raw, &origin, entry.local) {
                        Ok(spec) => specs.push(spec),
                        Err(field_errors) => {
                            for (field, message) in field_errors {
                                let at = provenance.get(&field).copied().unwrap_or(entry.origin);
                                errors.push(error_at(files, at, Some(&field), message).with_spec(&entry.id));
                            }
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        specs.sort_by(|a, b| a.id.cmp(&b.id));
        Catalogue { specs, errors }
    }

    /// Adds problems found outside parsing (e.g. unreadable files).
    pub fn with_errors(mut self, errors: Vec<SpecError>) -> Catalogue {
        self.errors.extend(errors);
        self
    }

    pub fn specs(&self) -> &[PhotoSpec] {
        &self.specs
    }

    pub fn get(&self, id: &str) -> Option<&PhotoSpec> {
        self.specs.binary_search_by(|s| s.id.as_str().cmp(id)).ok().map(|i| &self.specs[i])
    }

    /// An order's document as the counter shows it in `lang`. Orders keep the Chinese name they
    /// were approved with (the receipt and the export files say it); in English, the English name
    /// of the order's spec (`spec_id`, may be empty) while it still carries that Chinese name, else
    /// of any spec that does, else the stored name as it is.
    pub fn document_name(&self, spec_id: &str, stored: &str, lang: Lang) -> String {
        if lang == Lang::Zh {
            return stored.to_owned();
        }
        let own = self.get(spec_id).filter(|s| s.name.zh == stored);
        match own.or_else(|| self.specs.iter().find(|s| s.name.zh == stored)) {
            Some(s) => s.name.en.clone(),
            None => stored.to_owned(),
        }
    }

    pub fn errors(&self) -> &[SpecError] {
        &self.errors
    }

    /// The files with at least one problem, each once, in order.
    pub fn broken_files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self.errors.iter().map(|e| e.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        files
    }

    /// Specs matching the query, best first: the id, names or search keys contain it (`深圳`,
    /// `gd-shenzhen`, `Shenzhen`), or it begins the pinyin of the Chinese name, as initials or in full
    /// (`sz` and `szsfz` find 深圳 身份证, `shenzhen` too; spaces in the query are ignored there).
    /// Specs whose city or id begins with the query come first.
    pub fn search(&self, query: &str) -> Vec<&PhotoSpec> {
        self.ranked(query).into_iter().map(|(_, s)| s).collect()
    }

    /// Matches with their rank (0: an id or city prefix, 1: elsewhere), best first.
    fn ranked(&self, query: &str) -> Vec<(u8, &PhotoSpec)> {
        // As typed: full-width letters (`ｓｚ`) and ideographic spaces fold to plain ones.
        let q = crate::domain::typed_text::tidy(&crate::domain::typed_text::fold(query)).to_lowercase();
        if q.is_empty() {
            return self.specs.iter().map(|s| (0, s)).collect();
        }
        let compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
        let mut found: Vec<(u8, &PhotoSpec)> = self
            .specs
            .iter()
            .filter_map(|s| {
                let city = s.city_name.as_ref().map_or("", |n| n.zh.as_str());
                let (city_initials, city_full) = pinyin_of(city);
                let (name_initials, name_full) = pinyin_of(&s.name.zh);
                let leading = [s.id.clone(), city.to_owned(), city_initials.clone(), city_full.clone()];
                if leading.iter().any(|k| !k.is_empty() && k.starts_with(&compact)) {
                    return Some((0, s));
                }
                let mut keys =
                    vec![s.id.clone(), s.display_name(Lang::Zh), s.display_name(Lang::En).to_lowercase()];
                keys.extend(s.search.iter().map(|k| k.to_lowercase()));
                let pinyin = [
                    city_initials.clone() + &name_initials,
                    city_full + &name_full,
                    name_initials,
                    name_full,
                ];
                let hit = keys.iter().any(|k| k.contains(&q))
                    || pinyin.iter().any(|k| !k.is_empty() && k.starts_with(&compact));
                hit.then_some((1, s))
            })
            .collect();
        found.sort_by_key(|(rank, _)| *rank);
        found
    }

    /// [`Catalogue::search`] with the studio's city first among equally good matches (`city` as
    /// the specs name it, e.g. `shenzhen`; empty: no preference).
    pub fn search_near(&self, query: &str, city: &str) -> Vec<&PhotoSpec> {
        let mut found = self.ranked(query);
        // Stable: within a rank the files' order stays; a better match still comes first.
        found.sort_by_key(|(rank, s)| (*rank, city.is_empty() || s.city.as_deref() != Some(city)));
        found.into_iter().map(|(_, s)| s).collect()
    }

    /// The cities a studio can be in, as (code, Chinese name), in the order of the files: those with
    /// a city letter, i.e. that issue image numbers (not 九江, whose receipts are issued here for
    /// its residents).
    pub fn cities(&self) -> Vec<(String, String)> {
        let mut cities: Vec<(String, String)> = Vec::new();
        for s in self.specs.iter().filter(|s| s.city_letter.is_some()) {
            if let (Some(code), Some(name)) = (&s.city, &s.city_name)
                && !cities.iter().any(|(c, _)| c == code)
            {
                cities.push((code.clone(), name.zh.clone()));
            }
        }
        cities
    }

    /// The city's ID-card spec: the default document at a studio in that city.
    pub fn home_spec(&self, city: &str) -> Option<&PhotoSpec> {
        self.specs
            .iter()
            .find(|s| s.city.as_deref() == Some(city) && s.document == super::DocumentType::IdCard)
    }
}

/// Pinyin initials and full pinyin (lower case, no tones) of the Chinese characters in `text`;
/// ASCII letters and digits are kept, everything else dropped.
fn pinyin_of(text: &str) -> (String, String) {
    use pinyin::ToPinyin;
    let (mut initials, mut full) = (String::new(), String::new());
    for (c, p) in text.chars().zip(text.to_pinyin()) {
        match p {
            Some(p) => {
                initials.push_str(p.first_letter());
                full.push_str(p.plain());
            }
            None if c.is_ascii_alphanumeric() => {
                initials.push(c.to_ascii_lowercase());
                full.push(c.to_ascii_lowercase());
            }
            None => {}
        }
    }
    (initials, full)
}

impl SpecError {
    fn with_spec(mut self, id: &str) -> SpecError {
        self.message = format!("[{id}] {}", self.message);
        self
    }
}

fn error_at(files: &[SpecFile], at: Origin, field: Option<&str>, message: String) -> SpecError {
    let text = &files[at.file].text;
    let line = field.map_or(at.section_line, |f| line_of_field(text, at.section_line, f));
    SpecError {
        file: files[at.file].name.clone(),
        line: Some(line),
        field: field.map(str::to_owned),
        message,
    }
}

/// 1-based line of byte offset `pos`.
fn line_at(text: &str, pos: usize) -> usize {
    text[..pos.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The line a field is written on within a section: `face_width_px = …` under `[spec.geometry]`, or
/// `geometry.face_width_px = …`, or the section's first line when not found.
fn line_of_field(text: &str, section_line: usize, field: &str) -> usize {
    let last = field.rsplit('.').next().unwrap_or(field);
    for (n, line) in text.lines().enumerate().skip(section_line) {
        let t = line.trim_start();
        if t.starts_with("[[") || t.starts_with("[defaults") {
            break;
        }
        for key in [field, last] {
            if let Some(rest) = t.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                return n + 1;
            }
        }
    }
    section_line
}

/// Parses one file into its entries, with `[defaults]` merged under each spec.
fn parse_file(index: usize, file: &SpecFile) -> Result<Vec<Entry>, SpecError> {
    // First pass: the typed structs, so an unknown field or wrong type is reported with its line.
    if let Err(e) = toml::from_str::<RawFile>(&file.text) {
        let line = e.span().map(|s| line_at(&file.text, s.start));
        let (field, message) = explain_toml(&e, &file.text, line);
        return Err(SpecError { file: file.name.clone(), line, field, message });
    }
    let mut table: Table = toml::from_str(&file.text).map_err(|e| SpecError {
        file: file.name.clone(),
        line: None,
        field: None,
        message: e.message().into(),
    })?;
    let section_lines: Vec<usize> = file
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[spec]]"))
        .map(|(n, _)| n + 1)
        .collect();
    let defaults_line =
        file.text.lines().position(|l| l.trim_start().starts_with("[defaults]")).map_or(1, |n| n + 1);
    let defaults = match table.remove("defaults") {
        Some(Value::Table(t)) => t,
        _ => Table::new(),
    };
    let specs = match table.remove("spec") {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let mut entries = Vec::new();
    for (i, spec) in specs.into_iter().enumerate() {
        let Value::Table(spec) = spec else { continue };
        let origin = Origin { file: index, section_line: section_lines.get(i).copied().unwrap_or(1) };
        let Some(id) = spec.get("id").and_then(Value::as_str).map(str::to_owned) else {
            return Err(SpecError {
                file: file.name.clone(),
                line: Some(origin.section_line),
                field: Some("id".into()),
                message: "每个 [[spec]] 都必须有 id".into(),
            });
        };
        let mut merged = Table::new();
        let mut provenance = HashMap::new();
        merge(
            &mut merged,
            &defaults,
            "",
            Origin { file: index, section_line: defaults_line },
            &mut provenance,
        );
        merge(&mut merged, &spec, "", origin, &mut provenance);
        entries.push(Entry { id, table: merged, origin, local: file.local, provenance });
    }
    Ok(entries)
}

/// Turns a toml error into the field it concerns and a plain message.
fn explain_toml(e: &toml::de::Error, text: &str, line: Option<usize>) -> (Option<String>, String) {
    let msg = e.message();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default().to_owned();
        return (
            Some(field.clone()),
            format!("未知字段 `{field}`（拼写错误？字段说明见 city_specs/README.md）"),
        );
    }
    let field = line
        .and_then(|l| text.lines().nth(l - 1))
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim().to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with('['));
    if msg.starts_with("invalid type") {
        return (field, format!("类型错误：{msg}"));
    }
    (field, format!("TOML 格式错误：{msg}"))
}

/// Deep-merges `over` into `base` (tables merge, everything else replaces) and records where each
/// leaf came from.
fn merge(
    base: &mut Table,
    over: &Table,
    prefix: &str,
    origin: Origin,
    provenance: &mut HashMap<String, Origin>,
) {
    for (key, value) in over {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match (base.get_mut(key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge(b, o, &path, origin, provenance),
            _ => {
                base.insert(key.clone(), value.clone());
                record(value, &path, origin, provenance);
            }
        }
    }
}

fn record(value: &Value, path: &str, origin: Origin, provenance: &mut HashMap<String, Origin>) {
    provenance.insert(path.to_owned(), origin);
    if let Value::Table(t) = value {
        for (k, v) in t {
            record(v, &format!("{path}.{k}"), origin, provenance);
        }
    }
}

/// Resolves the `extends` chain of an entry into one table (parents first).
fn resolve(
    entry: &Entry,
    entries: &BTreeMap<String, Entry>,
    files: &[SpecFile],
) -> Result<(Table, HashMap<String, Origin>), SpecError> {
    let mut chain = vec![entry];
    let mut current = entry;
    while let Some(parent) = current.table.get("extends").and_then(Value::as_str) {
        let Some(next) = entries.get(parent) else {
            return Err(error_at(
                files,
                current.origin,
                Some("extends"),
                format!("找不到被继承的规格 `{parent}`"),
            ));
        };
        if chain.iter().any(|e| e.id == next.id) {
            return Err(error_at(files, current.origin, Some("extends"), format!("继承成环：`{parent}`")));
        }
        chain.push(next);
        current = next;
    }
    let mut table = Table::new();
    let mut provenance = HashMap::new();
    for e in chain.iter().rev() {
        merge(&mut table, &e.table, "", e.origin, &mut HashMap::new());
        for (path, origin) in &e.provenance {
            provenance.insert(path.clone(), *origin);
        }
    }
    // Identity is never inherited.
    for key in ["id", "abstract", "extends"] {
        table.remove(key);
    }
    if let Some(id) = entry.table.get("id") {
        table.insert("id".into(), id.clone());
    }
    Ok((table, provenance))
}
