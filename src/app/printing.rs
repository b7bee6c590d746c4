//! The app's side of printing: receipts and sheets asked for by the screens, what the I/O thread
//! reports back about them, and the one line that describes each (status bar and orders screen).

use super::StudioApp;
use crate::counter::{Command, PrintRecord, PrintState};
use crate::domain::Label;
use crate::worker::{IoEvent, IoJob};

impl StudioApp {
    pub(super) fn print_command(&mut self, command: Command) {
        match command {
            Command::PrintReceipt { number, spec_id } => {
                // The receipt's 采集服务单位 is the studio's name: ask for it rather than print a blank.
                if !self.studio.named() {
                    self.notice = Some(Label::ReceiptNeedsStudio.get(self.lang).to_owned());
                    self.apply(Command::OpenStudioSetup { for_receipt: true });
                    return;
                }
                let Some(spec) = self.spec_or_notice(&spec_id) else { return };
                let job = IoJob::IssueReceipt(crate::worker::io::IssueReceipt {
                    number,
                    spec: Box::new(spec),
                    layout: None,
                    print: true,
                    who: self.operator(),
                    dir: self.data_dir.receipts(),
                });
                self.send(job);
            }
            Command::PrintSheet { order_id, spec_id, size } => {
                let Some(spec) = self.spec_or_notice(&spec_id) else { return };
                let count = spec
                    .print_sheets
                    .get(size.code())
                    .copied()
                    .unwrap_or_else(|| crate::domain::print_sheet::capacity(size, spec.print_mm));
                let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
                let name = format!("{order_id}-{}-{stamp}.pdf", size.code());
                let out = self.data_dir.root().join("sheets").join(name);
                let dir = self.data_dir.clone();
                self.send(IoJob::PrintSheet {
                    order_id,
                    spec: Box::new(spec),
                    count,
                    size,
                    dir,
                    out,
                    print: true,
                });
            }
            Command::RetryPrint(path) => {
                let Some(record) = self.prints.iter().rev().find(|r| r.path == path) else { return };
                let title = record.what(self.lang);
                let media = crate::output::print::Media { mm: record.page_mm };
                let cancel = match &record.state {
                    PrintState::Stuck { job, .. } => Some(job.clone()),
                    _ => None,
                };
                self.send(IoJob::PrintFile { path, media, title, cancel });
            }
            _ => {}
        }
    }

    fn spec_or_notice(&mut self, spec_id: &str) -> Option<crate::domain::PhotoSpec> {
        let spec = self.catalogue.get(spec_id).cloned();
        if spec.is_none() {
            self.notice = Some(format!("{}：{spec_id}", Label::ErrSpecGone.get(self.lang)));
        }
        spec
    }

    pub(super) fn print_event(&mut self, event: IoEvent) {
        let lang = self.lang;
        let state_of = |printing: bool| if printing { PrintState::Printing } else { PrintState::Saved };
        match event {
            IoEvent::ReceiptIssued { number, path, page_mm, reprint, printing } => {
                let record =
                    PrintRecord { path, page_mm, number: Some(number), reprint, state: state_of(printing) };
                self.notice = Some(record.line(lang));
                self.prints.push(record);
                // The order on screen shows the new receipt count.
                if let Some(id) = self.screens.orders.open.as_ref().map(|o| o.row.id) {
                    self.send(IoJob::LoadOrder(id));
                }
            }
            IoEvent::SheetWritten { path, page_mm, placed, left_out, printing, from_original } => {
                let record =
                    PrintRecord { path, page_mm, number: None, reprint: None, state: state_of(printing) };
                let mut notice = format!("{} · {placed} {}", record.line(lang), Label::SheetPhotos.get(lang));
                if left_out > 0 {
                    notice.push_str(&format!("（{left_out} {}）", Label::SheetLeftOut.get(lang)));
                }
                if !from_original {
                    notice.push_str(&format!("（{}）", Label::SheetFromUpload.get(lang)));
                }
                self.notice = Some(notice);
                self.prints.push(record);
            }
            IoEvent::Printed { path, result } => {
                let Some(record) = self.prints.iter_mut().rev().find(|r| r.path == path) else { return };
                record.state = match result {
                    Ok(job) => PrintState::Printed(job),
                    Err(e) => PrintState::Failed(crate::domain::i18n::Bilingual::say(&e, lang)),
                };
                self.notice = Some(record.line(lang));
            }
            IoEvent::PrintNews { path, job, news } => {
                let Some(record) = self.prints.iter_mut().rev().find(|r| r.path == path) else { return };
                // News of a job the operator already gave up on (cancelled and printed again) is old.
                let current = match &record.state {
                    PrintState::Printed(id) | PrintState::Done(id) => *id == job.id,
                    PrintState::Stuck { job: stuck, .. } => *stuck == job,
                    _ => false,
                };
                if !current {
                    return;
                }
                record.state = match news {
                    crate::output::print::JobNews::Done => PrintState::Done(job.id),
                    crate::output::print::JobNews::Stuck { message } => PrintState::Stuck { job, message },
                };
                self.notice = Some(record.line(lang));
            }
            IoEvent::Printing(path) => {
                if let Some(record) = self.prints.iter_mut().rev().find(|r| r.path == path) {
                    record.state = PrintState::Printing;
                }
            }
            _ => {}
        }
    }
}
