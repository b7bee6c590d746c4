//! The app's side of 平台编号: orders approved to wait for the collection platform's image number
//! (待上传), the list of them, attaching the number (typed, or scanned anywhere in the window while
//! one is selected), the upload folder, and the numbering choice per document type.

use super::StudioApp;
use crate::counter::{Command, Event};
use crate::domain::Label;
use crate::domain::scan::{Action, Key, ScanReader};
use crate::worker::{IoEvent, IoJob};

impl StudioApp {
    /// The receipt follows a numbered order by itself when automatic receipts are on and its spec
    /// has one: the customer waits for it.
    pub(super) fn receipt_follows(&mut self, number: String, spec_id: String) {
        let has_receipt = self.catalogue.get(&spec_id).is_some_and(|s| s.receipt.is_some());
        if crate::domain::approval::prints_receipt(has_receipt, self.print.auto_receipt, true) {
            self.apply(Command::PrintReceipt { number, spec_id });
        }
    }

    /// An approval saved as 待上传: no receipt yet; the list shows it, selected for the next scan.
    pub(super) fn order_awaiting_upload(&mut self, index: usize, order_id: i64) {
        let name = self.approved.get(index).map(|a| a.customer.clone()).unwrap_or_default();
        self.notice = Some(format!("{}：#{order_id} {name}", Label::AwaitingCreated.get(self.lang)));
        self.screens.on(Event::AwaitingSelected(Some(order_id)));
        self.refresh_awaiting();
    }

    pub(super) fn refresh_awaiting(&mut self) {
        self.send(IoJob::ListAwaiting { uploads: self.data_dir.uploads() });
    }

    pub(super) fn upload_command(&mut self, command: Command) {
        match command {
            Command::AttachNumber { order_id, number } => {
                let spec_id =
                    self.screens.orders.awaiting.iter().find(|r| r.id == order_id).map(|r| r.spec_id.clone());
                let Some(spec) = spec_id.and_then(|id| self.catalogue.get(&id).cloned()) else {
                    self.flash(false, format!("#{order_id}：{}", Label::AttachNoOrder.get(self.lang)));
                    return;
                };
                let job = IoJob::AttachNumber {
                    id: order_id,
                    number,
                    spec: Box::new(spec),
                    uploads: self.data_dir.uploads(),
                    who: self.operator(),
                };
                self.send(job);
            }
            Command::SelectAwaiting(id) => {
                self.screens.on(Event::AwaitingSelected(id));
            }
            Command::OpenUploadFolder => {
                let dir = self.data_dir.uploads();
                if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| open_folder(&dir)) {
                    self.notice = Some(format!("{}：{e}", dir.display()));
                }
            }
            Command::SaveNumbering(n) => {
                self.audit(Label::AuditChangeSettings.zh(), Label::AuditNumbering.zh());
                self.send(IoJob::SaveNumbering(n));
            }
            _ => {}
        }
    }

    pub(super) fn upload_event(&mut self, event: IoEvent) {
        match event {
            IoEvent::Awaiting(rows) => self.screens.on(Event::Awaiting(rows)),
            IoEvent::NumberAttached { id, number, spec_id } => {
                self.flash(true, format!("{} #{id}：{number}", Label::NumberAttached.get(self.lang)));
                self.screens.on(Event::NumberAttached(id));
                self.refresh_awaiting();
                if self.screens.orders.searched {
                    let query = self.screens.orders.query();
                    self.send(IoJob::SearchOrders(Box::new(query)));
                }
                self.receipt_follows(number, spec_id);
            }
            IoEvent::AttachRefused { id, error } => {
                let said = format!("#{id}：{}", error.detail().get(self.lang));
                self.flash(false, crate::domain::i18n::punct(self.lang, said))
            }
            IoEvent::NumberingSaved(n) => {
                self.screens.on(Event::NumberingSaved(n.clone()));
                self.numbering = n;
            }
            _ => {}
        }
    }

    fn flash(&mut self, ok: bool, text: String) {
        self.notice = Some(text.clone());
        // `until` is set when it is first drawn (the frame's clock is the UI's).
        self.screens.on(Event::Flash { ok, text });
    }

    /// Takes a barcode scanner's keystrokes out of this frame's input while an order 待上传 is
    /// selected, and attaches what was scanned; typing goes on to the focused field as before.
    pub(super) fn read_scans(&mut self, ctx: &egui::Context) {
        let Some(selected) = self.screens.orders.selected else {
            // Nothing to attach to: whatever was held is typing.
            if let Some(text) = self.scan.tick(f64::INFINITY) {
                ctx.input_mut(|i| i.events.insert(0, egui::Event::Text(text)));
            }
            return;
        };
        let scanned = ctx.input_mut(|i| read(&mut self.scan, i));
        if self.scan.holding() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(crate::domain::scan::MAX_GAP_S));
        }
        for code in scanned {
            self.commands.push(Command::AttachNumber { order_id: selected, number: code });
        }
    }

    /// The order 待上传 that a scan attaches to.
    pub fn selected_awaiting(&self) -> Option<i64> {
        self.screens.orders.selected
    }

    /// The orders 待上传 as last listed, oldest first.
    pub fn awaiting(&self) -> &[crate::storage::OrderRow] {
        &self.screens.orders.awaiting
    }

    /// The last attach's flash text and whether it succeeded.
    pub fn attach_flash(&self) -> Option<(bool, &str)> {
        self.screens.orders.flash.as_ref().map(|f| (f.ok, f.text.as_str()))
    }
}

/// Runs this frame's events through the scan reader: held characters are taken out, released ones
/// put back in order, scans returned.
fn read(reader: &mut ScanReader, input: &mut egui::InputState) -> Vec<String> {
    let mut events = Vec::with_capacity(input.events.len());
    let mut scans = Vec::new();
    if let Some(text) = reader.tick(input.time) {
        events.push(egui::Event::Text(text));
    }
    for event in std::mem::take(&mut input.events) {
        let key = match &event {
            egui::Event::Text(text) => Key::Text(text),
            egui::Event::Key { key: egui::Key::Enter, pressed: true, .. } => Key::Enter,
            // The key presses behind typed characters (digits, letters) come with their Text, and a
            // scanner holds Shift for capitals: none of them is typing or a break in a scan.
            egui::Event::Key { key: egui::Key::ShiftLeft | egui::Key::ShiftRight, .. } => {
                events.push(event);
                continue;
            }
            egui::Event::Key { key, pressed: true, modifiers, .. }
                if !(modifiers.ctrl || modifiers.alt || modifiers.command)
                    && key.symbol_or_name().chars().count() == 1 =>
            {
                events.push(event);
                continue;
            }
            // Another key, a paste, Chinese input: what was held goes first, in order.
            egui::Event::Key { pressed: true, .. } | egui::Event::Paste(_) | egui::Event::Ime(_) => {
                Key::Other
            }
            _ => {
                events.push(event);
                continue;
            }
        };
        let verdict = reader.key(input.time, key);
        if !verdict.released.is_empty() {
            events.push(egui::Event::Text(verdict.released));
        }
        match verdict.action {
            Action::Pass => events.push(event),
            Action::Hold => {}
            Action::Scan(code) => scans.push(code),
        }
    }
    input.events = events;
    scans
}

/// Shows `dir` in the system's file manager.
fn open_folder(dir: &std::path::Path) -> std::io::Result<()> {
    #[cfg(target_os = "windows")]
    let program = "explorer";
    #[cfg(target_os = "macos")]
    let program = "open";
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let program = "xdg-open";
    let mut child = std::process::Command::new(program).arg(dir).spawn()?;
    // Reaped on its own thread (the file manager outlives the opener).
    std::thread::spawn(move || child.wait());
    Ok(())
}
