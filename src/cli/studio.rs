//! `idphoto-studio studio [--name N] [--address A] [--phone P] [--city C]`: shows or sets the studio's
//! details that every receipt prints (采集服务单位). Receipts are refused until a name is set.

use std::path::PathBuf;

use clap::Args;

use crate::paths::DataDir;
use crate::spec_files::load_catalogue;
use crate::storage::Database;

#[derive(Debug, Args)]
pub struct StudioArgs {
    /// The studio's name, printed on every receipt as 采集服务单位
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    /// The phone printed on the customer's stub
    #[arg(long)]
    pub phone: Option<String>,
    /// The studio's city as the specs name it (`shenzhen`) or in Chinese (`深圳`); empty to clear
    #[arg(long)]
    pub city: Option<String>,
}

/// Exit codes: 0 shown or saved, 1 refused (a field is wrong).
pub fn run(data_dir: Option<PathBuf>, args: StudioArgs) -> anyhow::Result<i32> {
    let dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    dir.create()?;
    let db = Database::open(&dir.database())?;
    let mut info = db.studio_info()?;
    let changing =
        args.name.is_some() || args.address.is_some() || args.phone.is_some() || args.city.is_some();
    if changing {
        info.name = args.name.unwrap_or(info.name);
        info.address = args.address.unwrap_or(info.address);
        info.phone = args.phone.unwrap_or(info.phone);
        if let Some(city) = args.city {
            let typed = crate::domain::typed_text::tidy(&city);
            let cities = load_catalogue(Some(&dir.city_specs_dir())).cities();
            match cities.iter().find(|(code, name)| code.eq_ignore_ascii_case(&typed) || *name == typed) {
                Some((code, _)) => info.city = code.clone(),
                None if typed.is_empty() => info.city.clear(),
                None => {
                    let known: Vec<&str> = cities.iter().map(|(c, _)| c.as_str()).collect();
                    eprintln!("规格库里没有城市「{typed}」（可用：{}）", known.join("、"));
                    return Ok(1);
                }
            }
        }
        match info.validated() {
            Ok(valid) => {
                db.save_studio_info(&valid)?;
                info = valid;
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("{}", e.label().zh());
                }
                return Ok(1);
            }
        }
    }
    println!("name:    {}", info.name);
    println!("address: {}", info.address);
    println!("phone:   {}", info.phone);
    println!("city:    {}", info.city);
    if !info.named() {
        eprintln!("还没有填写照相馆名称：回执不能打印（idphoto-studio studio --name …）");
    }
    Ok(0)
}
