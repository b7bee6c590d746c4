//! `idphoto-studio receipt NUMBER -o OUT.pdf` (the next receipt of an order: the first, or a 补打
//! reprint) and `idphoto-studio sheet NUMBER[xCOUNT]… --size 6-inch -o OUT.pdf` (a print sheet).

use std::path::{Path, PathBuf};

use clap::Args;

use crate::domain::print_sheet::{SheetSize, capacity};
use crate::domain::receipt::ReceiptLayout;
use crate::output::print::{Media, print_pdf};
use crate::paths::DataDir;
use crate::spec_files::load_catalogue;
use crate::storage::Database;

#[derive(Debug, Args)]
pub struct ReceiptArgs {
    /// The order's image number
    pub number: String,
    /// Also write the PDF here (it is always kept under <data dir>/receipts/)
    #[arg(short, long, value_name = "OUT.pdf")]
    pub out: Option<PathBuf>,
    /// half-a4 or thermal-80 (default: the setting, else half-a4)
    #[arg(long, value_parser = parse_layout)]
    pub layout: Option<ReceiptLayout>,
    /// Send it to the printer
    #[arg(long)]
    pub print: bool,
    /// Printer name (default: the setting, else the system's default printer)
    #[arg(long)]
    pub printer: Option<String>,
    /// Seconds to follow the printed job: a printer that cannot finish it by then is reported
    /// (exit 1, the job left queued); 0 = do not follow
    #[arg(long, default_value_t = 20, value_name = "SECONDS")]
    pub wait: u64,
    #[arg(long, default_value = "命令行")]
    pub operator: String,
    /// pdf (the paper receipt, default) or png (电子回执 for the customer's phone; needs -o)
    #[arg(long, default_value = "pdf", value_parser = ["pdf", "png"])]
    pub format: String,
}

fn parse_layout(s: &str) -> Result<ReceiptLayout, String> {
    ReceiptLayout::from_code(s).ok_or_else(|| format!("`{s}` 不是回执版式（可用：half-a4、thermal-80）"))
}

#[derive(Debug, Args)]
pub struct SheetArgs {
    /// Image numbers, each optionally with a count: ZZ2611230000001x4 (default: as many as the spec
    /// file gives for this sheet, else as many as fit)
    #[arg(required = true)]
    pub photos: Vec<String>,
    /// 6-inch, 5-inch or a4
    #[arg(long, default_value = "6-inch", value_parser = parse_sheet)]
    pub size: SheetSize,
    #[arg(short, long, value_name = "OUT.pdf")]
    pub out: PathBuf,
    #[arg(long)]
    pub print: bool,
    #[arg(long)]
    pub printer: Option<String>,
    /// Seconds to follow the printed job (as for `receipt`)
    #[arg(long, default_value_t = 20, value_name = "SECONDS")]
    pub wait: u64,
}

fn parse_sheet(s: &str) -> Result<SheetSize, String> {
    SheetSize::from_code(s).ok_or_else(|| format!("`{s}` 不是相纸尺寸（可用：6-inch、5-inch、a4）"))
}

/// Exit codes: 0 written (and printed), 1 refused (unknown number, no template), 2 written but not
/// printed.
pub fn run_receipt(data_dir: Option<PathBuf>, args: ReceiptArgs) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    dir.create()?;
    let catalogue = load_catalogue(Some(&dir.city_specs_dir()));
    let mut db = Database::open(&dir.database())?;
    let _hold = dir.hold()?;
    let Some(row) = db.order_by_number(&args.number)? else {
        // `#12`: an order still 待上传 has no receipt yet, and says why.
        let waiting = args.number.trim().strip_prefix('#').and_then(|id| id.trim().parse::<i64>().ok());
        match waiting.map(|id| db.order(id)).transpose()?.flatten() {
            Some(row) if row.image_number.is_none() => {
                eprintln!("{}", crate::services::receipts::IssueError::NoNumber(row.id));
            }
            _ => eprintln!("找不到图像号 {}", args.number.trim()),
        }
        return Ok(1);
    };
    let Some(spec) = catalogue.get(&row.spec_id) else {
        eprintln!("订单 {} 的规格 {} 已不在规格库中", row.label(), row.spec_id);
        return Ok(1);
    };
    let now = chrono::Local::now().to_rfc3339();
    if args.format == "png" {
        return e_receipt(&mut db, spec, &args, &now);
    }
    let file = match crate::services::receipts::issue(
        &mut db,
        spec,
        &args.number,
        args.layout,
        &dir.receipts(),
        &args.operator,
        &now,
    ) {
        Ok(f) => f,
        Err(e) if e.is_refusal() => {
            eprintln!("{e}");
            return Ok(1);
        }
        Err(e) => return Err(e.into()),
    };
    let mut path = file.path.clone();
    if let Some(out) = &args.out {
        copy_to(&file.path, out)?;
        path = out.clone();
    }
    match file.reprint {
        None => println!("{}", path.display()),
        Some(n) => println!("{}\t补打第 {n} 次", path.display()),
    }
    if args.print {
        let settings = db.print_settings()?;
        let printer = args.printer.unwrap_or(settings.printer);
        let title = format!("回执 {}", file.image_number);
        let media = Media { mm: file.geometry.page_mm };
        let said = print_pdf(&file.path, &printer, &settings.command, media, &title);
        let wait = if settings.command.trim().is_empty() { args.wait } else { 0 };
        return Ok(report_print(&file.path, said, wait));
    }
    Ok(0)
}

/// 电子回执 to `-o`: written atomically, logged as handed over by the command line.
fn e_receipt(
    db: &mut Database,
    spec: &crate::domain::PhotoSpec,
    args: &ReceiptArgs,
    now: &str,
) -> anyhow::Result<i32> {
    let Some(out) = &args.out else {
        eprintln!("电子回执要用 -o 指定保存的 PNG 文件");
        return Ok(1);
    };
    let (_, drawn) =
        match crate::services::receipts::e_receipt(db, spec, &args.number, "命令行", &args.operator, now) {
            Ok(done) => done,
            Err(e) if e.is_refusal() => {
                eprintln!("{e}");
                return Ok(1);
            }
            Err(e) => return Err(e.into()),
        };
    let png = drawn.png()?;
    crate::output::write_atomic(out, &png).map_err(|e| anyhow::anyhow!("无法写入 {}：{e}", out.display()))?;
    println!("{}", out.display());
    Ok(0)
}

pub fn run_sheet(data_dir: Option<PathBuf>, args: SheetArgs) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    let catalogue = load_catalogue(Some(&dir.city_specs_dir()));
    let db = Database::open(&dir.database())?;
    // The face models, loaded once if a photo's background has to be replaced again.
    let mut analyzer: Option<Option<std::sync::Arc<crate::vision::FaceAnalyzer>>> = None;
    let mut models = || {
        analyzer
            .get_or_insert_with(|| crate::vision::FaceAnalyzer::new().ok().map(std::sync::Arc::new))
            .clone()
    };
    let mut jpegs = Vec::new();
    for item in &args.photos {
        let (number, count) = match item.rsplit_once(['x', 'X', '*']) {
            Some((n, c)) if c.trim().parse::<u32>().is_ok() => (n, c.trim().parse::<u32>().ok()),
            _ => (item.as_str(), None),
        };
        let Some(row) = db.order_by_number(number)? else {
            eprintln!("找不到图像号 {number}");
            return Ok(1);
        };
        let Some(spec) = catalogue.get(&row.spec_id) else {
            eprintln!("订单 {number} 的规格 {} 已不在规格库中", row.spec_id);
            return Ok(1);
        };
        let photo =
            match crate::services::sheets::print_photo(&db, &dir, spec, row.id, &row.label(), &mut models) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{e}");
                    return Ok(1);
                }
            };
        if !photo.from_original {
            eprintln!("订单 {number}：原始照片已不在，用的是上传用相片（画质较低）");
        }
        let jpeg = photo.jpeg;
        let count = count.or_else(|| spec.print_sheets.get(args.size.code()).copied()).unwrap_or_else(|| {
            capacity(args.size, spec.print_mm) / u32::try_from(args.photos.len()).unwrap_or(1).max(1)
        });
        jpegs.push((jpeg, spec.print_mm, count));
    }
    let sheet = crate::services::sheets::write_sheet(&db, args.size, &jpegs, &args.out)?;
    let settings = db.print_settings()?;
    println!("{}\t{} 张", args.out.display(), sheet.placements.len());
    if sheet.left_out > 0 {
        eprintln!("{} 张放不下，已略去", sheet.left_out);
    }
    if args.print {
        let printer = args.printer.unwrap_or(settings.printer);
        let media = Media { mm: sheet.page_mm };
        let said = print_pdf(&args.out, &printer, &settings.command, media, "排版");
        let wait = if settings.command.trim().is_empty() { args.wait } else { 0 };
        return Ok(report_print(&args.out, said, wait));
    }
    Ok(0)
}

fn copy_to(from: &Path, to: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(from).map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", from.display()))?;
    crate::output::write_atomic(to, &bytes).map_err(|e| anyhow::anyhow!("无法写入 {}：{e}", to.display()))
}

/// What the print system said, and what became of the job within `wait` seconds: 0 printed or
/// still queued behind others, 1 stuck at a printer that says something is wrong (the job stays
/// queued), 2 refused or stopped (the PDF is kept, the job cancelled).
fn report_print(pdf: &Path, said: Result<String, crate::output::print::PrintError>, wait: u64) -> i32 {
    use crate::output::print::{Job, JobNews};
    let said = match said {
        Ok(said) => said,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let Some(job) = Job::accepted(&said).filter(|_| wait > 0) else {
        eprintln!("已发送到打印机 {said}");
        return 0;
    };
    eprintln!("已发送到打印机 {}", job.id);
    let wait = std::time::Duration::from_secs(wait);
    let mut end = None;
    let mut news = |news: JobNews| end = Some(news);
    let poll = std::time::Duration::from_millis(500);
    if let Err(e) = job.follow(pdf, wait, wait + poll, poll, &mut news) {
        eprintln!("{e}");
        return 2;
    }
    match end {
        Some(JobNews::Done) => {
            eprintln!("已打印 {}", job.id);
            0
        }
        Some(JobNews::Stuck { message }) => {
            eprintln!(
                "打印机 {} 一直未完成作业 {}（{message}）。作业仍在队列中，打印机恢复后会打印；不再需要时：cancel {}",
                job.queue, job.id, job.id
            );
            1
        }
        None => {
            eprintln!("作业 {} 仍在打印队列中（排在其他作业之后）", job.id);
            0
        }
    }
}
