//! `idphoto-studio specs`: the resolved spec table, the specs as JSON, and `specs check [DIR]`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::domain::{Catalogue, Lang, PhotoSpec};
use crate::paths::DataDir;
use crate::spec_files::load_catalogue;

#[derive(Debug, Args)]
pub struct SpecsArgs {
    /// Print the resolved specs as JSON
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub action: Option<SpecsAction>,
}

#[derive(Debug, Subcommand)]
pub enum SpecsAction {
    /// Validate spec files (a folder, or the built-in ones plus the data dir's); non-zero exit on any error
    Check {
        /// Folder of .toml spec files (its files may extend the built-in bases)
        dir: Option<PathBuf>,
    },
}

pub fn run(data_dir: Option<PathBuf>, args: SpecsArgs) -> anyhow::Result<i32> {
    match args.action {
        Some(SpecsAction::Check { dir }) => check(data_dir, dir),
        None => {
            let catalogue = catalogue(data_dir)?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(catalogue.specs())?);
            } else {
                print_table(catalogue.specs());
            }
            report_errors(&catalogue);
            Ok(0)
        }
    }
}

/// Built-in specs plus the data dir's local folder (which need not exist).
fn catalogue(data_dir: Option<PathBuf>) -> anyhow::Result<Catalogue> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    Ok(load_catalogue(Some(&dir.city_specs_dir())))
}

fn check(data_dir: Option<PathBuf>, dir: Option<PathBuf>) -> anyhow::Result<i32> {
    let catalogue = match dir {
        Some(dir) if !dir.is_dir() => {
            eprintln!("不是文件夹：{}", dir.display());
            return Ok(2);
        }
        // The folder's files are read as local ones, so they may extend the built-in bases.
        Some(dir) => load_catalogue(Some(&dir)),
        None => catalogue(data_dir)?,
    };
    let local = catalogue.specs().iter().filter(|s| s.local).count();
    println!(
        "{} 个规格有效（其中本地 {local} 个），{} 个错误 / {} specs valid ({local} local), {} errors",
        catalogue.specs().len(),
        catalogue.errors().len(),
        catalogue.specs().len(),
        catalogue.errors().len()
    );
    report_errors(&catalogue);
    Ok(if catalogue.errors().is_empty() { 0 } else { 1 })
}

fn report_errors(catalogue: &Catalogue) {
    for e in catalogue.errors() {
        eprintln!("错误 error: {e}");
    }
}

fn print_table(specs: &[PhotoSpec]) {
    let header = ["id", "名称 name", "px", "dpi", "mm", "KB", "背景", "图像号 template", "来源"];
    println!(
        "{:<34} {:<22} {:>9} {:>4} {:>11} {:>7} {:<9} {:<30} {}",
        header[0], header[1], header[2], header[3], header[4], header[5], header[6], header[7], header[8]
    );
    for s in specs {
        let kb = s.file_kb.map_or("-".to_owned(), |r| format!("{}–{}", r.min, r.max));
        let template = s.numbering.as_ref().map_or("-", |n| n.template.as_str());
        println!(
            "{:<34} {:<22} {:>9} {:>4} {:>11} {:>7} {:<9} {:<30} {}",
            s.id,
            s.display_name(Lang::Zh),
            format!("{}×{}", s.px[0], s.px[1]),
            s.dpi,
            format!("{}×{}", s.print_mm[0], s.print_mm[1]),
            kb,
            s.background.first().map_or("-".to_owned(), |c| c.hex()),
            template,
            if s.local { "本地 local" } else { "内置" }
        );
    }
}
