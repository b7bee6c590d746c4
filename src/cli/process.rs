//! `idphoto-studio process` (one photo) and `batch` (a folder), both through the one pipeline.

use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::domain::checks::CheckStatus;
use crate::domain::geometry::CropRect;
use crate::domain::{Catalogue, PhotoSpec};
use crate::imaging::{ProcessOptions, Processed, load_photo, process_photo};
use crate::output::write_atomic;
use crate::paths::DataDir;
use crate::spec_files::load_catalogue;
use crate::vision::FaceAnalyzer;
use crate::vision::auto::process_auto;

#[derive(Debug, Args)]
pub struct ProcessArgs {
    /// Spec id, e.g. gd-shenzhen-id-card (see `idphoto-studio specs`)
    #[arg(long)]
    pub spec: String,
    /// The photo (JPEG, PNG, WebP, BMP, TIFF)
    pub input: PathBuf,
    /// Where to write the spec JPEG
    #[arg(short, long)]
    pub output: PathBuf,
    /// Also write the report as JSON
    #[arg(long, value_name = "REPORT.json")]
    pub report: Option<PathBuf>,
    /// Crop in source pixels: X,Y,W,H[,DEG] (top-left, size, rotation about its centre); default: placed
    /// automatically by face analysis (centred when no face is found)
    #[arg(long, value_name = "X,Y,W,H[,DEG]", allow_hyphen_values = true)]
    pub crop: Option<String>,
    /// Geometry only: no pixel edits, background untouched
    #[arg(long)]
    pub no_retouch: bool,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Spec id, e.g. gd-shenzhen-id-card
    #[arg(long)]
    pub spec: String,
    /// Folder of photos
    #[arg(long = "in", value_name = "DIR")]
    pub input: PathBuf,
    /// Folder for the spec JPEGs (created if needed)
    #[arg(long = "out", value_name = "DIR")]
    pub output: PathBuf,
    /// Geometry only: no pixel edits, background untouched
    #[arg(long)]
    pub no_retouch: bool,
}

/// One photo through the pipeline: placed automatically by face analysis unless a crop is given.
fn run_one(
    bytes: &[u8],
    spec: &PhotoSpec,
    options: &ProcessOptions,
    analyzer: Option<&FaceAnalyzer>,
) -> Result<Processed, String> {
    let photo = load_photo(bytes).map_err(|e| e.to_string())?;
    match analyzer {
        Some(analyzer) if options.crop.is_none() => process_auto(&photo, spec, analyzer, options.clone())
            .map(|a| a.processed)
            .map_err(|e| e.to_string()),
        _ => process_photo(&photo, spec, options).map_err(|e| e.to_string()),
    }
}

/// The face models, or a warning and centred crops when they cannot load.
fn analyzer() -> Option<FaceAnalyzer> {
    FaceAnalyzer::new().map_err(|e| eprintln!("警告：人脸模型无法载入，改用居中裁剪：{e}")).ok()
}

fn find_spec(catalogue: &Catalogue, id: &str) -> Result<PhotoSpec, String> {
    catalogue.get(id).cloned().ok_or_else(|| {
        let near: Vec<_> = catalogue.search(id).iter().take(8).map(|s| s.id.clone()).collect();
        if near.is_empty() {
            format!("没有规格 `{id}`（用 `idphoto-studio specs` 查看全部）")
        } else {
            format!("没有规格 `{id}`，是否指：{}", near.join("、"))
        }
    })
}

fn load_spec(data_dir: Option<PathBuf>, id: &str) -> anyhow::Result<Result<PhotoSpec, String>> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    Ok(find_spec(&load_catalogue(Some(&dir.city_specs_dir())), id))
}

/// Exit codes: 0 written and no check failed; 1 written but a check failed; 2 nothing written.
pub fn run_process(data_dir: Option<PathBuf>, args: ProcessArgs) -> anyhow::Result<i32> {
    let spec = match load_spec(data_dir, &args.spec)? {
        Ok(s) => s,
        Err(message) => return fail(&message),
    };
    let crop = match args.crop.as_deref().map(CropRect::parse).transpose() {
        Ok(c) => c,
        Err(e) => return fail(&e.to_string()),
    };
    let input = match std::fs::read(&args.input) {
        Ok(b) => b,
        Err(e) => return fail(&format!("无法读取 {}：{e}", args.input.display())),
    };
    // A file the spec's KB range cannot hold is still written, its size check failing (exit 1).
    let options =
        ProcessOptions { crop, no_retouch: args.no_retouch, best_effort_size: true, ..Default::default() };
    let analyzer = if options.crop.is_none() { analyzer() } else { None };
    let processed = match run_one(&input, &spec, &options, analyzer.as_ref()) {
        Ok(p) => p,
        Err(e) => return fail(&format!("{}：{e}", args.input.display())),
    };
    if let Err(e) = write_atomic(&args.output, &processed.jpeg) {
        return fail(&format!("无法写入 {}：{e}", args.output.display()));
    }
    let r = &processed.report;
    if let Some(path) = &args.report {
        let json = serde_json::to_vec_pretty(r)?;
        if let Err(e) = write_atomic(path, &json) {
            return fail(&format!("无法写入报告 {}：{e}", path.display()));
        }
    }
    println!(
        "{}: {}×{} px, {} dpi, {:.1} KB, quality {}",
        args.output.display(),
        r.output_px[0],
        r.output_px[1],
        r.dpi,
        r.bytes as f64 / 1024.0,
        r.jpeg_quality
    );
    for c in &r.checks {
        let mark = match c.status {
            CheckStatus::Pass => "通过",
            CheckStatus::Warn => "注意",
            CheckStatus::Fail => "不合格",
        };
        println!("  [{mark}] {:<12} {}（{}；要求 {}）", c.id, c.message.zh, c.measured.zh, c.allowed.zh);
    }
    Ok(if r.overall == CheckStatus::Fail { 1 } else { 0 })
}

fn fail(message: &str) -> anyhow::Result<i32> {
    eprintln!("错误：{message}");
    Ok(2)
}

fn photos_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    Ok(files)
}

/// Processes every file of a folder, going on past bad ones; exit 1 if any file could not be
/// processed or any written one has a failing check (as `process` does for one photo).
pub fn run_batch(data_dir: Option<PathBuf>, args: BatchArgs) -> anyhow::Result<i32> {
    let spec = match load_spec(data_dir, &args.spec)? {
        Ok(s) => s,
        Err(message) => return fail(&message),
    };
    let files = match photos_in(&args.input) {
        Ok(f) => f,
        Err(e) => return fail(&format!("无法读取文件夹 {}：{e}", args.input.display())),
    };
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        return fail(&format!("无法创建文件夹 {}：{e}", args.output.display()));
    }
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let options =
        ProcessOptions { no_retouch: args.no_retouch, best_effort_size: true, ..Default::default() };
    let analyzer = analyzer();
    let mut failures: Vec<(PathBuf, String)> = Vec::new();
    let mut check_failures = 0;
    for path in &files {
        bar.set_message(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        let out = args.output.join(path.file_stem().unwrap_or_default()).with_extension("jpg");
        let result = std::fs::read(path)
            .map_err(|e| format!("无法读取：{e}"))
            .and_then(|bytes| run_one(&bytes, &spec, &options, analyzer.as_ref()))
            .and_then(|p| {
                write_atomic(&out, &p.jpeg).map_err(|e| format!("无法写入 {}：{e}", out.display()))?;
                Ok(p.report.overall)
            });
        match result {
            Ok(CheckStatus::Fail) => check_failures += 1,
            Ok(_) => {}
            Err(message) => failures.push((path.clone(), message)),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let ok = files.len() - failures.len();
    println!(
        "共 {} 个文件：成功 {ok} 个（其中 {check_failures} 个有不合格的检查项），失败 {} 个 / {} files: {ok} written ({check_failures} with failing checks), {} failed",
        files.len(),
        failures.len(),
        files.len(),
        failures.len()
    );
    for (path, message) in &failures {
        println!("  失败 {}：{message}", path.display());
    }
    Ok(if failures.is_empty() && check_failures == 0 { 0 } else { 1 })
}
