//! Entry point: parse arguments, then run the GUI or a CLI subcommand.

use clap::Parser;
use idphoto_studio::cli::{self, Cli, Command};
use idphoto_studio::paths::DataDir;
use idphoto_studio::{AppConfig, StudioApp};

fn main() -> anyhow::Result<()> {
    let args = Cli::parse();
    // Before anything else: a panic on any thread leaves a report under <data dir>/logs/.
    if let Ok(dir) = DataDir::from_flag_or_env(args.data_dir.as_deref()) {
        idphoto_studio::crash::install(&dir.logs());
    }
    match args.command {
        None | Some(Command::Gui) => {
            run_gui(args.data_dir, args.demo_size, args.frame_stats, args.demo_studio)
        }
        Some(command) => {
            let code = cli::run(args.data_dir, command)?;
            std::process::exit(code)
        }
    }
}

fn run_gui(
    data_dir: Option<std::path::PathBuf>,
    demo_size: [u32; 2],
    frame_stats: bool,
    demo_studio: bool,
) -> anyhow::Result<()> {
    let data_dir = DataDir::from_flag_or_env(data_dir.as_deref())?;
    let mut config = AppConfig::new(data_dir);
    config.demo_camera_size = demo_size;
    config.print_frame_stats = frame_stats;
    config.skip_studio_setup = demo_studio;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("证件照工作室 idphoto-studio")
            .with_inner_size([1280.0, 860.0])
            .with_min_inner_size([960.0, 640.0]),
        // The CJK font is embedded; never depend on what the machine has installed.
        system_font_fallback: false,
        ..Default::default()
    };
    eframe::run_native(
        "idphoto-studio",
        options,
        Box::new(move |cc| Ok(Box::new(StudioApp::new(&cc.egui_ctx, config)))),
    )
    .map_err(|e| anyhow::anyhow!("无法打开窗口：{e}"))
}
