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
    /// The queue took the job but is stopped (paper out, jammed, switched off, paused by hand): the
    /// job is cancelled so it does not print by surprise hours later, and the operator retries.
    #[error("打印机 {printer} 已停止（{reason}），作业已取消。文件已保存在 {}，排除故障后点重试", pdf.display())]
    Stopped { printer: String, reason: String, pdf: PathBuf },
}

/// How long the print command may take to hand the job over before the operator is told (`lp`
/// returns as soon as the job is queued; a hung print system or a studio script must not hang the
/// print thread for ever).
pub const HAND_OVER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long the counter follows a job after the queue took it; after that it is the print
/// system's business (a long queue on a shared printer).
pub const FOLLOW_FOR: std::time::Duration = std::time::Duration::from_secs(600);

/// A job the print system took: CUPS names it `QUEUE-N`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub queue: String,
    pub id: String,
}

/// What became of a job while it was followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobNews {
    /// Still waiting after the settings' stuck time (`PrintSettings::stuck_after_s`) while the printer says `message`; it stays queued and
    /// prints when the printer is back, unless the operator cancels it.
    Stuck { message: String },
    /// It left the queue: the print system handed it to the printer.
    Done,
}

impl Job {
    /// The job `lp` said it queued ("request id is A4-12 (1 file(s))"); `None` for a studio's
    /// own print program or SumatraPDF, whose jobs cannot be followed.
    pub fn accepted(lp_said: &str) -> Option<Job> {
        let rest = &lp_said[lp_said.find("request id is ")? + "request id is ".len()..];
        let id = rest.split_whitespace().next()?;
        let (queue, n) = id.rsplit_once('-')?;
        (!queue.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Job { queue: queue.to_owned(), id: id.to_owned() })
    }

    /// Follows the job, polling the print system every `poll`, until it leaves the queue or `limit`
    /// has passed; `news` hears when it is stuck (still queued after `stuck_after` while its printer
    /// says something: told once) and when it is done. A queue that stops
    /// meanwhile (paper out, jammed) cancels the job, as a stopped queue does at hand-over, and is
    /// the error. Never waits longer than `limit` (plus one `lpstat`).
    pub fn follow(
        &self,
        pdf: &Path,
        stuck_after: std::time::Duration,
        limit: std::time::Duration,
        poll: std::time::Duration,
        news: &mut dyn FnMut(JobNews),
    ) -> Result<(), PrintError> {
        let start = std::time::Instant::now();
        let mut told = false;
        loop {
            // A print system that stopped answering has nothing more to say about the job.
            let Some(jobs) = lpstat_answer(&["-o", &self.queue]) else { return Ok(()) };
            if !jobs.lines().any(|l| l.split_whitespace().next() == Some(self.id.as_str())) {
                news(JobNews::Done);
                return Ok(());
            }
            let state = lpstat(&["-p", &self.queue]);
            if let Some(reason) = parse_stopped(&state) {
                self.cancel();
                return Err(PrintError::Stopped { printer: self.queue.clone(), reason, pdf: pdf.to_owned() });
            }
            if !told
                && start.elapsed() >= stuck_after
                && let Some(message) = parse_message(&state)
            {
                news(JobNews::Stuck { message });
                told = true;
            }
            if start.elapsed() >= limit {
                return Ok(());
            }
            std::thread::sleep(poll);
        }
    }

    /// Cancels the job (the operator gave up on it, or its queue stopped).
    pub fn cancel(&self) {
        let _ = run_within(Command::new("cancel").arg(&self.id), HAND_OVER_TIMEOUT);
    }
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
    print_pdf_within(pdf, printer, program, media, title, HAND_OVER_TIMEOUT)
}

/// [`print_pdf`] with the hand-over timeout given.
pub fn print_pdf_within(
    pdf: &Path,
    printer: &str,
    program: &str,
    media: Media,
    title: &str,
    timeout: std::time::Duration,
) -> Result<String, PrintError> {
    let printer = printer.trim();
    let custom_program = !program.trim().is_empty();
    let mut cmd = print_command(pdf, printer, media, title);
    if !program.trim().is_empty() {
        let mut custom = Command::new(program.trim());
        custom.args(cmd.get_args());
        cmd = custom;
    }
    let program = cmd.get_program().to_string_lossy().into_owned();
    let shown = if printer.is_empty() { "默认打印机".to_owned() } else { printer.to_owned() };
    let failed =
        |message: String| PrintError::Failed { printer: shown.clone(), message, pdf: pdf.to_owned() };
    let output = run_within(&mut cmd, timeout)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                PrintError::NoPrintSystem { program: program.clone(), pdf: pdf.to_owned() }
            }
            _ => failed(e.to_string()),
        })?
        .ok_or_else(|| {
            failed(format!("{program} {} 秒内没有接收作业（打印系统无响应）", timeout.as_secs()))
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if output.status.success() {
        #[cfg(not(windows))]
        if !custom_program {
            // The job is queued; a stopped queue would keep it until someone notices.
            let queue = if printer.is_empty() { default_printer() } else { Some(printer.to_owned()) };
            if let Some(queue) = queue
                && let Some(reason) = stopped_reason(&queue)
            {
                if let Some(job) = Job::accepted(&stdout) {
                    job.cancel();
                }
                return Err(PrintError::Stopped { printer: queue, reason, pdf: pdf.to_owned() });
            }
        }
        #[cfg(windows)]
        let _ = custom_program;
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
        let default = default_printer();
        let mut names: Vec<String> =
            lpstat(&["-e"]).lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect();
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

/// Runs `cmd`, its output captured; `Ok(None)` when it has not finished within `timeout` (it is
/// killed then).
fn run_within(
    cmd: &mut Command,
    timeout: std::time::Duration,
) -> std::io::Result<Option<std::process::Output>> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    // Drained while it runs, so a chatty program never blocks on a full pipe.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Ok(Some(std::process::Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }))
}

/// `lpstat` in the C locale (its words are parsed: a Chinese desktop would translate them), or
/// nothing when it cannot run in 5 s.
fn lpstat(args: &[&str]) -> String {
    lpstat_answer(args).unwrap_or_default()
}

/// `lpstat`'s output; `None` when it failed or did not answer in 5 s (an empty answer is an answer:
/// no jobs).
fn lpstat_answer(args: &[&str]) -> Option<String> {
    let mut cmd = Command::new("lpstat");
    cmd.args(args).env("LC_ALL", "C").env("LANG", "C");
    match run_within(&mut cmd, std::time::Duration::from_secs(5)) {
        Ok(Some(o)) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        _ => None,
    }
}

/// The system's default printer ("system default destination: NAME").
#[cfg(not(windows))]
fn default_printer() -> Option<String> {
    lpstat(&["-d"]).split_once(':').map(|(_, n)| n.trim().to_owned()).filter(|n| !n.is_empty())
}

/// Why the queue is stopped, when it is (`lpstat -p`: "printer X disabled since …" and the reason on
/// the next line).
#[cfg(not(windows))]
fn stopped_reason(queue: &str) -> Option<String> {
    parse_stopped(&lpstat(&["-p", queue]))
}

fn parse_stopped(lpstat_p: &str) -> Option<String> {
    let mut lines = lpstat_p.lines();
    let first = lines.next()?;
    if !first.contains(" disabled") {
        return None;
    }
    let reason = lines.next().map(str::trim).filter(|r| !r.is_empty() && *r != "reason unknown");
    Some(reason.unwrap_or("已暂停").to_owned())
}

/// What an enabled printer says about itself (`lpstat -p`: the indented line under "printer X now
/// printing X-12.  enabled since …", e.g. "The printer may not exist or is unavailable at this
/// time."): the print system is retrying something.
fn parse_message(lpstat_p: &str) -> Option<String> {
    let mut lines = lpstat_p.lines();
    if !lines.next()?.contains(" enabled") {
        return None;
    }
    let line = lines.next()?;
    let message = line.trim();
    (line.starts_with(char::is_whitespace) && !message.is_empty()).then(|| message.to_owned())
}

impl crate::domain::i18n::Bilingual for PrintError {
    fn en(&self) -> String {
        match self {
            PrintError::NoPrintSystem { program, pdf } => format!(
                "No print system ({program}); the file is kept at {}: print it from another PC or later",
                pdf.display()
            ),
            PrintError::Failed { printer, message, pdf } => format!(
                "Printing failed ({printer}): {message}. The file is kept at {}: try again later",
                pdf.display()
            ),
            PrintError::Stopped { printer, reason, pdf } => format!(
                "Printer {printer} has stopped ({reason}); the job was cancelled. The file is kept at {}: fix the printer, then retry",
                pdf.display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(windows))]
    #[test]
    fn stopped_queues_and_job_ids_are_read_from_lp_and_lpstat() {
        let stopped = "printer idphoto-stopped disabled since Wed Dec  2 03:24:55 2026 -\n\t缺纸\n";
        assert_eq!(parse_stopped(stopped).as_deref(), Some("缺纸"));
        let paused = "printer P disabled since Wed Dec  2 03:24:55 2026 -\n\treason unknown\n";
        assert_eq!(parse_stopped(paused).as_deref(), Some("已暂停"));
        assert_eq!(parse_stopped("printer idphoto-a4 is idle.  enabled since Wed Dec  2 2026\n"), None);
        assert_eq!(parse_stopped(""), None);
        let job = Job::accepted("request id is idphoto-a4-12 (1 file(s))").unwrap();
        assert_eq!((job.queue.as_str(), job.id.as_str()), ("idphoto-a4", "idphoto-a4-12"));
        assert_eq!(Job::accepted("something else"), None);
        assert_eq!(Job::accepted("request id is nonsense"), None);
        assert_eq!(Job::accepted("request id is -12"), None);
    }

    #[test]
    fn a_printer_that_says_something_is_read_from_lpstat() {
        let offline = "printer P now printing P-13.  enabled since Wed Dec  2 20:39:38 2026\n\tThe printer may not exist or is unavailable at this time.\n";
        assert_eq!(
            parse_message(offline).as_deref(),
            Some("The printer may not exist or is unavailable at this time.")
        );
        assert_eq!(parse_message("printer P now printing P-13.  enabled since Wed Dec  2 2026\n"), None);
        assert_eq!(parse_message("printer P is idle.  enabled since Wed Dec  2 2026\n"), None);
        // A stopped queue's reason is not a message: the queue is stopped, which is reported as such.
        assert_eq!(parse_message("printer P disabled since Wed Dec  2 2026 -\n\t缺纸\n"), None);
        assert_eq!(parse_message(""), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_print_command_that_hangs_is_reported_not_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("hangs");
        std::fs::write(&script, "#!/bin/sh\nsleep 30\n").unwrap();
        std::process::Command::new("chmod").arg("+x").arg(&script).status().unwrap();
        let pdf = dir.path().join("r.pdf");
        std::fs::write(&pdf, b"%PDF-1.7").unwrap();
        let start = std::time::Instant::now();
        let media = Media { mm: [210.0, 297.0] };
        let program = script.to_string_lossy();
        let err = print_pdf_within(&pdf, "P", &program, media, "t", std::time::Duration::from_millis(300))
            .unwrap_err();
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "took {:?}", start.elapsed());
        let text = err.to_string();
        assert!(text.contains("打印系统无响应") && text.contains("r.pdf"), "{text}");

        // A studio script that says a lot (more than a pipe holds) is read, not mistaken for a hang.
        let chatty = dir.path().join("chatty");
        std::fs::write(
            &chatty,
            "#!/bin/sh\nhead -c 300000 /dev/zero | tr '\\0' x\necho\necho 'request id is P-1'\n",
        )
        .unwrap();
        std::process::Command::new("chmod").arg("+x").arg(&chatty).status().unwrap();
        let said = print_pdf_within(
            &pdf,
            "P",
            &chatty.to_string_lossy(),
            media,
            "t",
            std::time::Duration::from_secs(20),
        )
        .unwrap();
        assert_eq!(said.len(), 300_000 + 1 + "request id is P-1".len(), "{}", &said[said.len() - 20..]);
    }

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
