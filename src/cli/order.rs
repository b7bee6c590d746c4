//! `idphoto-studio order add`: a photo processed as the capture screen would (face placed
//! automatically, background replaced, every check), approved as an order; prints the image number.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::domain::DocumentType;
use crate::domain::checks::CheckStatus;
use crate::domain::customer::CustomerDraft;
use crate::domain::numbering::NumberingMode;
use crate::imaging::{ProcessOptions, load_photo};
use crate::paths::DataDir;
use crate::services::approve::{ApprovalForm, Original, commit, new_order};
use crate::spec_files::load_catalogue;
use crate::storage::Database;
use crate::vision::FaceAnalyzer;
use crate::vision::auto::process_auto;

#[derive(Debug, Args)]
pub struct OrderArgs {
    #[command(subcommand)]
    pub command: OrderCommand,
}

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// Process a photo and approve it as a new order; prints the image number (or, 待上传, `#<order>`)
    Add(Box<AddArgs>),
    /// Attach the collection platform's image number to an order 待上传 (平台编号); it becomes 待审核
    Attach {
        /// The order: its number as `order add --pending` printed it (`#12` or `12`)
        order: String,
        /// The image number the platform gave
        #[arg(long)]
        number: String,
        #[arg(long, default_value = "命令行")]
        operator: String,
        /// Also issue its receipt PDF (as the counter does when automatic receipts are on)
        #[arg(long)]
        receipt: bool,
    },
    /// The orders 待上传, oldest first: order, waiting since, customer, document, upload file
    Awaiting,
    /// Delete an order outright: the customer asked to erase their data (manager PIN)
    Delete {
        /// The image number (or `#<order>` for an order still 待上传)
        number: String,
        /// Why (kept in the audit log)
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        pin: super::maintenance::PinArg,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Spec id, e.g. gd-shenzhen-id-card
    #[arg(long)]
    pub spec: String,
    /// The photo (JPEG, PNG, WebP, BMP, TIFF)
    #[arg(long)]
    pub photo: PathBuf,
    #[arg(long)]
    pub name: String,
    #[arg(long, default_value = "")]
    pub phone: String,
    #[arg(long, default_value = "")]
    pub id_number: String,
    #[arg(long, default_value = "")]
    pub hukou: String,
    /// Price in fen (default: the spec's price)
    #[arg(long)]
    pub price: Option<u32>,
    #[arg(long, default_value = "现金")]
    pub payment: String,
    #[arg(long, default_value = "")]
    pub operator: String,
    /// Approve even though a check fails, giving the reason
    #[arg(long)]
    pub reason: Option<String>,
    /// Use an image number issued elsewhere (validated against the spec's layout)
    #[arg(long)]
    pub number: Option<String>,
    /// The counter's notes on the order (at most 200 characters)
    #[arg(long)]
    pub notes: Option<String>,
    /// 平台编号: the order waits as 待上传 for the platform's number (`order attach`), whatever
    /// the setting; without it the setting for the document type decides
    #[arg(long, conflicts_with = "number")]
    pub pending: bool,
}

/// Exit codes: 0 created, 1 refused (wrong input, failing check without a reason), 2 error.
pub fn run(data_dir: Option<PathBuf>, args: OrderArgs) -> anyhow::Result<i32> {
    let add = match args.command {
        OrderCommand::Add(add) => add,
        OrderCommand::Delete { number, reason, pin } => return delete(data_dir, &number, &reason, &pin),
        OrderCommand::Attach { order, number, operator, receipt } => {
            return attach(data_dir, &order, &number, &operator, receipt);
        }
        OrderCommand::Awaiting => return awaiting(data_dir),
    };
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    dir.create()?;
    let _hold = dir.hold()?;
    let catalogue = load_catalogue(Some(&dir.city_specs_dir()));
    let Some(spec) = catalogue.get(&add.spec) else {
        eprintln!("未知规格 `{}`（用 `idphoto-studio specs` 查看）", add.spec);
        return Ok(1);
    };
    let draft = CustomerDraft {
        name: add.name.clone(),
        phone: add.phone.clone(),
        id_number: add.id_number.clone(),
        hukou: add.hukou.clone(),
    };
    let customer = match draft
        .validated(spec.document == DocumentType::DrivingLicence, chrono::Local::now().date_naive())
    {
        Ok(c) => c,
        Err(errors) => {
            for e in errors {
                eprintln!("{:?}: {}", e.field, e.message.zh);
                if let Some(s) = e.suggestion {
                    eprintln!("  核对无误后可改用：--id-number {s}");
                }
            }
            return Ok(1);
        }
    };
    let reason = match add.reason.as_deref().map(crate::domain::typed_text::reason).transpose() {
        Ok(r) => r.filter(|r| !r.is_empty()),
        Err(e) => {
            eprintln!("--reason：{e}");
            return Ok(1);
        }
    };
    let notes = match crate::domain::customer::validate_notes(add.notes.as_deref().unwrap_or("")) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("{:?}: {}", e.field, e.message.zh);
            return Ok(1);
        }
    };
    let external = match crate::services::approve::external_number(spec, add.number.as_deref().unwrap_or(""))
    {
        Ok(n) => n,
        Err(e) => {
            eprintln!("图像号 {} 不符合 {} 的版式：{e}", add.number.as_deref().unwrap_or(""), spec.id);
            return Ok(1);
        }
    };
    let bytes =
        std::fs::read(&add.photo).map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", add.photo.display()))?;
    let photo = load_photo(&bytes).map_err(|e| anyhow::anyhow!("{}：{e}", add.photo.display()))?;
    let analyzer = FaceAnalyzer::new()?;
    let options = ProcessOptions { best_effort_size: true, ..ProcessOptions::default() };
    let done = process_auto(&photo, spec, &analyzer, options)?;
    let report = &done.processed.report;
    let ext = add.photo.extension().and_then(|e| e.to_str()).unwrap_or("jpg").to_lowercase();
    let original = Original { bytes, ext };
    let mut db = Database::open(&dir.database())?;
    let numbering = match add.pending {
        true if !crate::domain::numbering::can_await_upload(spec) => {
            eprintln!("规格 {} 不上传到采集平台（或没有平台图像号的版式），不能待上传：用本店编号", spec.id);
            return Ok(1);
        }
        true => NumberingMode::Platform,
        false => db.numbering()?.for_spec(spec),
    };
    let now = chrono::Local::now();
    let approved = ApprovalForm {
        customer,
        price_fen: add.price,
        studio_price_fen: db.prices().ok().and_then(|p| p.get(&spec.id).copied()),
        // The command line prints a receipt when asked (`receipt NUMBER --print`).
        auto_receipt: false,
        payment: crate::domain::typed_text::tidy(&add.payment),
        operator: crate::domain::typed_text::operator(&add.operator),
        reason,
        notes,
        external_number: external,
        numbering,
        reshoot_of: None,
        captured_at: now,
    };
    let order = match new_order(spec, report, done.processed.jpeg.clone(), &approved, chrono::Local::now()) {
        Ok((order, _)) => order,
        Err(e @ crate::services::approve::ApproveError::ReasonRequired { .. }) => {
            for c in report.checks.iter().filter(|c| c.status == CheckStatus::Fail) {
                eprintln!("不合格：{}", c.line(crate::domain::Lang::Zh));
            }
            eprintln!("{e}（用 --reason）");
            return Ok(1);
        }
        Err(e) => return Err(e.into()),
    };
    let row = match commit(&mut db, &dir.originals(), order, Some(&original)) {
        Ok(row) => row,
        // The number is another order's: the input is wrong, nothing was written.
        Err(e) if e.is_refusal() => {
            eprintln!("{e}");
            return Ok(1);
        }
        Err(e) => return Err(e.into()),
    };
    match &row.image_number {
        Some(number) => println!("{number}"),
        None => {
            crate::services::uploads::sync(&db, &dir.uploads())?;
            println!("#{}", row.id);
            eprintln!(
                "订单 #{} 待上传：把 {} 上传到采集平台，再用 order attach {} --number <图像号> 绑定",
                row.id,
                crate::services::uploads::path(&dir.uploads(), &row).display(),
                row.id
            );
        }
    }
    Ok(0)
}

/// The order an argument names: `#12` or `12`.
fn order_id(text: &str) -> Option<i64> {
    crate::domain::typed_text::fold(text).trim().trim_start_matches('#').trim().parse().ok()
}

/// Exit codes: 0 attached (and the receipt written), 1 refused (wrong number, taken, not waiting).
fn attach(
    data_dir: Option<PathBuf>,
    order: &str,
    number: &str,
    operator: &str,
    receipt: bool,
) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    let Some(id) = order_id(order) else {
        eprintln!("「{order}」不是订单号（例如 #12）");
        return Ok(1);
    };
    let catalogue = load_catalogue(Some(&dir.city_specs_dir()));
    let mut db = Database::open(&dir.database())?;
    let _hold = dir.hold()?;
    let who = crate::domain::typed_text::operator(operator);
    let now = chrono::Local::now();
    let Some(order) = db.order(id)? else {
        eprintln!("订单 #{id} 不存在");
        return Ok(1);
    };
    let Some(spec) = catalogue.get(&order.spec_id) else {
        eprintln!("订单 #{id} 的规格 {} 已不在规格库中", order.spec_id);
        return Ok(1);
    };
    let row = match crate::services::approve::attach(&mut db, spec, &dir.uploads(), id, number, &who, now) {
        Ok(row) => row,
        Err(e) if e.is_refusal() => {
            eprintln!("{e}");
            return Ok(1);
        }
        Err(e) => return Err(e.into()),
    };
    let number = row.label();
    println!("{number}");
    let spec = catalogue.get(&row.spec_id).filter(|s| s.receipt.is_some());
    if let (true, Some(spec)) = (receipt, spec) {
        let file = crate::services::receipts::issue(
            &mut db,
            spec,
            &number,
            None,
            &dir.receipts(),
            &who,
            &now.to_rfc3339(),
        )?;
        println!("{}", file.path.display());
    }
    Ok(0)
}

/// Prints the orders 待上传, oldest first.
fn awaiting(data_dir: Option<PathBuf>) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    let db = Database::open(&dir.database())?;
    for row in db.awaiting_upload()? {
        println!(
            "#{}\t{}\t{}\t{}\t{}",
            row.id,
            row.created_at.get(..16).unwrap_or(&row.created_at).replace('T', " "),
            row.customer_name,
            row.document,
            crate::services::uploads::path(&dir.uploads(), &row).display()
        );
    }
    Ok(0)
}

/// Exit codes: 0 deleted, 1 refused (PIN, no reason), 2 no such order.
fn delete(
    data_dir: Option<PathBuf>,
    number: &str,
    reason: &str,
    pin: &super::maintenance::PinArg,
) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    let mut db = Database::open(&dir.database())?;
    if reason.trim().is_empty() {
        eprintln!("删除订单要写明原因（--reason）");
        return Ok(1);
    }
    if let Err(code) = pin.check(&db, &format!("删除订单 {number}")) {
        return Ok(code);
    }
    // An order still 待上传 has no number yet: named by its order number (`#12`).
    let row = match number.trim().strip_prefix('#').and_then(order_id) {
        Some(id) => db.order(id)?,
        None => db.order_by_number(number)?,
    };
    let Some(row) = row else {
        eprintln!("找不到订单 {number}");
        return Ok(2);
    };
    let _hold = dir.hold()?;
    let removed = crate::services::privacy::delete_order(
        &dir,
        &mut db,
        row.id,
        crate::domain::audit_log::cli_who(),
        reason.trim(),
    )?;
    println!("已删除订单 {}", removed.image_number);
    Ok(0)
}
