//! `idphoto-studio soak`: the counter's whole cycle, repeated — a demo camera frame is captured,
//! placed by face analysis, checked, approved as an order (original kept), and its receipt issued.
//! Each committed image number is printed at once (the crash test kills this process at random and
//! compares); `--memory` reports the resident set size along the way (the soak run).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::camera::DemoCamera;
use crate::domain::customer::CustomerDraft;
use crate::imaging::{ProcessOptions, SourcePhoto};
use crate::paths::DataDir;
use crate::services::approve::{ApprovalForm, Original, commit, new_order};
use crate::spec_files::load_catalogue;
use crate::storage::Database;
use crate::vision::FaceAnalyzer;
use crate::vision::auto::process_auto;

#[derive(Debug, Args)]
pub struct SoakArgs {
    /// Capture → approve → receipt cycles to run
    #[arg(long, default_value_t = 1000)]
    pub cycles: u32,
    /// The spec every cycle is approved for
    #[arg(long, default_value = "gd-shenzhen-id-card")]
    pub spec: String,
    /// Demo camera frame size
    #[arg(long, value_parser = super::parse_size, default_value = "640x480")]
    pub size: [u32; 2],
    /// Issue each order's receipt PDF (as the counter's automatic receipt does)
    #[arg(long)]
    pub receipts: bool,
    /// Print `cycle N rss_kib K` to stderr every this many cycles (0: never)
    #[arg(long, default_value_t = 0)]
    pub memory_every: u32,
    /// 平台编号: each order is approved 待上传 (prints `#<id>` after its commit, its upload JPEG
    /// written), then a platform number is attached (prints `attached #<id> <number>`)
    #[arg(long)]
    pub pending: bool,
    /// Crash tests: wait this long between writing the original and committing, and between the
    /// commit and the receipt, so random kills often land where a crash leaves work half done
    #[arg(long, default_value_t = 0)]
    pub window_ms: u64,
}

/// The resident set size of this process in KiB (Linux; `None` elsewhere).
pub fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub fn run(data_dir: Option<PathBuf>, args: SoakArgs) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    dir.create()?;
    let _hold = dir.hold()?;
    let catalogue = load_catalogue(Some(&dir.city_specs_dir()));
    let Some(spec) = catalogue.get(&args.spec) else {
        eprintln!("未知规格 `{}`", args.spec);
        return Ok(1);
    };
    let camera = DemoCamera::new(args.size[0], args.size[1])?;
    let analyzer = FaceAnalyzer::new()?;
    let mut db = Database::open(&dir.database())?;
    // Receipts need a studio name; a soak data dir is a test bench, and says so.
    let studio = db.studio_info()?;
    if !studio.named() {
        db.save_studio_info(&crate::domain::StudioInfo {
            name: "压力测试（非正式回执）".into(), ..studio
        })?;
    }
    let customer = CustomerDraft { name: "测试顾客".into(), ..Default::default() }
        .validated(false, chrono::Local::now().date_naive())
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let started = std::time::Instant::now();
    // Each run starts elsewhere in the demo stream, so a run after a crash captures new frames
    // (an original left by the crash is then an orphan, not reused).
    let t0 = f64::from(std::process::id() % 10_007) * 0.113;
    for cycle in 0..args.cycles {
        if args.memory_every > 0 && cycle % args.memory_every == 0 {
            eprintln!("cycle {cycle} rss_kib {}", rss_kib().unwrap_or(0));
        }
        let frame = camera.frame_at(t0 + f64::from(cycle) * 0.37, u64::from(cycle));
        let image = frame.to_rgb().ok_or_else(|| anyhow::anyhow!("相机画面尺寸不符"))?;
        let photo = SourcePhoto::from_rgb(image);
        let options = ProcessOptions { best_effort_size: true, ..ProcessOptions::default() };
        let done = process_auto(&photo, spec, &analyzer, options)?;
        let original =
            Original { bytes: crate::imaging::encode::encode(&photo.image, 300, 92)?, ext: "jpg".into() };
        let now = chrono::Local::now();
        let approved = ApprovalForm {
            customer: customer.clone(),
            price_fen: None,
            studio_price_fen: None,
            auto_receipt: false,
            payment: "现金".into(),
            operator: "soak".into(),
            reason: Some("soak".into()),
            notes: String::new(),
            external_number: None,
            numbering: if args.pending {
                crate::domain::numbering::NumberingMode::Platform
            } else {
                crate::domain::numbering::NumberingMode::Studio
            },
            reshoot_of: None,
            captured_at: now,
        };
        let (order, _) = new_order(spec, &done.processed.report, done.processed.jpeg, &approved, now)?;
        let window = std::time::Duration::from_millis(args.window_ms);
        if !window.is_zero() {
            crate::services::approve::write_original(&dir.originals(), &original)?;
            std::thread::sleep(window);
        }
        let row = commit(&mut db, &dir.originals(), order, Some(&original))?;
        // Printed only after the commit: a number on stdout is a committed order.
        println!("{}", row.label());
        std::io::stdout().flush()?;
        std::thread::sleep(window);
        let number = match row.image_number {
            Some(n) => n,
            None => {
                crate::services::uploads::sync(&db, &dir.uploads())?;
                std::thread::sleep(window);
                // The platform's number: its layout, serials counted down from the top (the
                // studio's own count up from 1, so the two never meet in a test bench).
                let template = crate::services::approve::number_template(spec);
                let serial = template.max_serial().saturating_sub(u64::try_from(row.id).unwrap_or(0));
                let n = template.render(spec.city_letter, now.date_naive(), serial)?;
                let attached =
                    crate::services::approve::attach(&mut db, spec, &dir.uploads(), row.id, &n, "soak", now)?;
                let n = attached.label();
                println!("attached #{} {n}", row.id);
                std::io::stdout().flush()?;
                std::thread::sleep(window);
                n
            }
        };
        if args.receipts && spec.receipt.is_some() {
            crate::services::receipts::issue(
                &mut db,
                spec,
                &number,
                None,
                &dir.receipts(),
                "soak",
                &now.to_rfc3339(),
            )?;
        }
    }
    if args.memory_every > 0 {
        eprintln!("cycle {} rss_kib {}", args.cycles, rss_kib().unwrap_or(0));
    }
    eprintln!("{} cycles in {:.1} s", args.cycles, started.elapsed().as_secs_f64());
    Ok(0)
}
