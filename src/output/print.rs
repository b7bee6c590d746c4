//! Sending a PDF to a printer: `lp` on Linux and macOS (CUPS), SumatraPDF on Windows. Always at 100 %
//! (a photo scaled to fit the page is the wrong size), on the chosen printer or the default one. The
//! PDF is written before printing, so a failure never loses it: the message says where it is.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Why a print did not reach the printer; the PDF named in each message is kept.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    #[error("找不到打印系统（{program}），文件已保存在 {}，可用其他电脑或稍后打印", pdf.display())]
    NoPrintSystem { program: String, pdf: PathBuf },
    #[error("打印失败（{printer}）：{message}。文件已保存在 {}，可稍后重试", pdf.display())]
    Failed { printer: String, message: String, pdf: PathBuf },
}

/// The paper to ask the printer for, in mm (width × height as the page is drawn).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Media {
    pub mm: [f32; 2],
}

impl Media {
    /// CUPS media name: A4 by name (every driver knows it), other sizes as custom sizes.
    pub fn cups_name(self) -> String {
        let [w, h] = self.mm;
        if (w - 210.0).abs() < 0.5 && (h - 297.0).abs() < 0.5 {
            "A4".into()
        } else {
            format!("Custom.{}x{}mm", w.round(), h.round())
        }
    }
}

/// Prints `pdf` on `printer` (empty = the default printer) with `program` (empty = `lp`, or
/// SumatraPDF on Windows; a studio may name its own script, which gets the same arguments); returns
/// what the print system said (the job id).
pub fn print_pdf(
    pdf: &Path,
    printer: &str,
    program: &str,
    media: Media,
    title: &str,
) -> Result<String, PrintError> {
    let printer = printer.trim();
    let mut cmd = print_command(pdf, printer, media, title);
    if !program.trim().is_empty() {
        let mut custom = Command::new(program.trim());
        custom.args(cmd.get_args());
        cmd = custom;
    }
    let program = cmd.get_program().to_string_lossy().into_owned();
    let shown = if printer.is_empty() { "默认打印机".to_owned() } else { printer.to_owned() };
    let output = cmd.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            PrintError::NoPrintSystem { program: program.clone(), pdf: pdf.to_owned() }
        }
        _ => PrintError::Failed { printer: shown.clone(), message: e.to_string(), pdf: pdf.to_owned() },
    })?;
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        let message = if stderr.is_empty() {
            format!("{program} 退出码 {:?}", output.status.code())
        } else {
            stderr
        };
        Err(PrintError::Failed { printer: shown, message, pdf: pdf.to_owned() })
    }
}

#[cfg(not(windows))]
fn print_command(pdf: &Path, printer: &str, media: Media, title: &str) -> Command {
    let mut cmd = Command::new("lp");
    if !printer.is_empty() {
        cmd.arg("-d").arg(printer);
    }
    cmd.arg("-t").arg(title);
    cmd.arg("-o").arg(format!("media={}", media.cups_name()));
    // 100 %: never shrink to the printable area, or the photo is no longer its spec's size.
    cmd.arg("-o").arg("print-scaling=none");
    cmd.arg("--").arg(pdf);
    cmd
}

#[cfg(windows)]
fn print_command(pdf: &Path, printer: &str, _media: Media, _title: &str) -> Command {
    // Windows has no command-line PDF printing of its own; SumatraPDF (free, portable) is the
    // studio-standard way, looked up next to our program first, then on PATH.
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("SumatraPDF.exe")))
        .filter(|p| p.exists());
    let mut cmd = Command::new(beside.unwrap_or_else(|| PathBuf::from("SumatraPDF.exe")));
    if printer.is_empty() {
        cmd.arg("-print-to-default");
    } else {
        cmd.arg("-print-to").arg(printer);
    }
    cmd.arg("-print-settings").arg("noscale").arg("-silent").arg(pdf);
    cmd
}

/// The printers the system knows, the default one first; empty when there is no print system.
pub fn printers() -> Vec<String> {
    #[cfg(not(windows))]
    {
        let run = |args: &[&str]| {
            Command::new("lpstat")
                .args(args)
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default()
        };
        let default = run(&["-d"]).split(':').nth(1).map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let mut names: Vec<String> =
            run(&["-e"]).lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
        if let Some(d) = default {
            names.retain(|n| *n != d);
            names.insert(0, d);
        }
        names
    }
    #[cfg(windows)]
    {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_names() {
        assert_eq!(Media { mm: [210.0, 297.0] }.cups_name(), "A4");
        assert_eq!(Media { mm: [80.0, 231.4] }.cups_name(), "Custom.80x231mm");
        assert_eq!(Media { mm: [102.0, 152.0] }.cups_name(), "Custom.102x152mm");
    }

    #[cfg(not(windows))]
    #[test]
    fn lp_is_asked_for_100_percent_on_the_chosen_printer() {
        let cmd =
            print_command(Path::new("/tmp/r.pdf"), "EPSON_L805", Media { mm: [210.0, 297.0] }, "回执 X");
        let args: Vec<String> = cmd.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(
            args,
            [
                "-d",
                "EPSON_L805",
                "-t",
                "回执 X",
                "-o",
                "media=A4",
                "-o",
                "print-scaling=none",
                "--",
                "/tmp/r.pdf"
            ]
        );
        let cmd = print_command(Path::new("/tmp/r.pdf"), "", Media { mm: [80.0, 200.0] }, "t");
        assert!(!cmd.get_args().any(|a| a == "-d"), "the default printer is not named");
    }
}
