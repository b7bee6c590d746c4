//! The app's side of handing over the 电子回执 and the 电子版: the save dialog on a thread of its own,
//! the job for the I/O thread, and the image put on the clipboard when it comes back.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use super::StudioApp;

/// Settings key: 扫码领取 switched on (`1`) by the manager; off when absent.
pub const SHARE_SETTING: &str = "share.enabled";
use crate::counter::{Event, ShareOffer};
use crate::domain::Label;
use crate::services::handover::HandOver;
use crate::worker::IoJob;

/// Hand-overs waiting for their save dialog, an image waiting for the clipboard, and 扫码领取: the
/// server (started on first use, once the manager has switched it on) and the QR code on screen.
#[derive(Default)]
pub struct Handovers {
    dialogs: Vec<(String, String, HandOver, Receiver<Option<PathBuf>>)>,
    clipboard: Option<std::sync::Arc<egui::ColorImage>>,
    /// 扫码领取 is switched on (设置, manager).
    pub share_enabled: bool,
    server: Option<crate::services::share::ShareServer>,
}

/// The QR code of `text`, `module` px per module with a quiet zone of four.
fn qr_image(text: &str, module: usize) -> Option<egui::ColorImage> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let n = code.width();
    let colours = code.to_colors();
    let side = (n + 8) * module;
    let mut pixels = vec![egui::Color32::WHITE; side * side];
    for (i, c) in colours.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (col, row) = (i % n + 4, i / n + 4);
            for y in row * module..(row + 1) * module {
                pixels[y * side + col * module..y * side + (col + 1) * module].fill(egui::Color32::BLACK);
            }
        }
    }
    Some(egui::ColorImage::new([side, side], pixels))
}

impl StudioApp {
    pub(super) fn hand_over(&mut self, number: String, spec_id: String, how: HandOver) {
        // Only saving asks where; copying and 扫码领取 go straight to the I/O thread.
        if !matches!(how, HandOver::SaveReceipt | HandOver::SavePhoto) {
            self.send_hand_over(number, spec_id, how, None);
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let notify = self.notify.clone();
        let name = how.file_name(&number);
        // The dialog blocks its own thread, never the UI.
        let spawned = std::thread::Builder::new().name("save-dialog".into()).spawn(move || {
            let _ = tx.send(rfd::FileDialog::new().set_file_name(name).save_file());
            notify();
        });
        match spawned {
            Ok(_) => self.handover.dialogs.push((number, spec_id, how, rx)),
            Err(e) => self.notice = Some(e.to_string()),
        }
    }

    fn send_hand_over(&mut self, number: String, spec_id: String, how: HandOver, save_to: Option<PathBuf>) {
        let Some(spec) = self.catalogue.get(&spec_id).cloned() else {
            self.notice = Some(format!("{spec_id}：{}", Label::NoReceiptTemplate.get(self.lang)));
            return;
        };
        let who = self.operator();
        self.send(IoJob::HandOver { number, spec: Box::new(spec), how, save_to, who });
    }

    /// Once a frame: answered save dialogs go to the I/O thread, a ready image to the clipboard.
    pub(super) fn handovers(&mut self, ctx: &egui::Context) {
        let mut answered = Vec::new();
        self.handover.dialogs.retain(|(number, spec_id, how, rx)| match rx.try_recv() {
            Ok(path) => {
                answered.push((number.clone(), spec_id.clone(), *how, path));
                false
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => true,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => false,
        });
        for (number, spec_id, how, path) in answered {
            // Cancelled: nothing is made, nothing is logged.
            if let Some(path) = path {
                self.send_hand_over(number, spec_id, how, Some(path));
            }
        }
        if let Some(image) = self.handover.clipboard.take() {
            ctx.copy_image((*image).clone());
        }
    }

    pub(super) fn handed_over(
        &mut self,
        number: String,
        how: HandOver,
        image: Option<std::sync::Arc<egui::ColorImage>>,
        path: Option<PathBuf>,
        shared: Option<(i64, std::sync::Arc<Vec<u8>>)>,
    ) {
        if let Some((order_id, bytes)) = shared {
            self.offer(number, how, order_id, bytes);
            return;
        }
        self.notice = Some(match (&image, &path) {
            (Some(_), _) => {
                format!(
                    "{} {number}：{}",
                    Label::EReceipt.get(self.lang),
                    Label::CopiedForChat.get(self.lang)
                )
            }
            (_, Some(p)) => format!("{}：{}", Label::SavedTo.get(self.lang), p.display()),
            _ => String::new(),
        });
        self.handover.clipboard = image;
        self.last_handover = Some((number, how));
    }

    /// Offers a hand-over on the studio's network and shows its QR code.
    fn offer(&mut self, number: String, how: HandOver, order_id: i64, bytes: std::sync::Arc<Vec<u8>>) {
        if !self.handover.share_enabled {
            self.notice = Some(Label::ShareOff.get(self.lang).to_owned());
            return;
        }
        if self.handover.server.is_none() {
            match crate::services::share::ShareServer::start(crate::services::share::lan_address(), 0) {
                Ok(server) => self.handover.server = Some(server),
                Err(e) => {
                    self.notice = Some(format!("{}：{e}", Label::ShareFailed.get(self.lang)));
                    return;
                }
            }
        }
        let Some(server) = &self.handover.server else { return };
        let mime = if how == HandOver::SharePhoto { "image/jpeg" } else { "image/png" };
        let what = if how == HandOver::SharePhoto { "电子版" } else { "电子回执" };
        let link =
            server.offer(order_id, what, &how.file_name(&number), mime, bytes, crate::services::share::TTL);
        match link.map(|link| (qr_image(&link.url, 8), link)) {
            Ok((Some(qr), link)) => {
                let offer = ShareOffer { number, how, link, qr: std::sync::Arc::new(qr) };
                self.screens.on(Event::Share(Box::new(offer)))
            }
            Ok((None, _)) => self.notice = Some(Label::ShareFailed.get(self.lang).to_owned()),
            Err(e) => self.notice = Some(format!("{}：{e}", Label::ShareFailed.get(self.lang))),
        }
    }

    /// Downloads of 扫码领取 links, logged with their orders; the panel says when its link was used.
    pub(super) fn share_downloads(&mut self) {
        let downloads = self
            .handover
            .server
            .as_ref()
            .map(crate::services::share::ShareServer::downloads)
            .unwrap_or_default();
        for d in downloads {
            self.screens.on(Event::ShareDownloaded);
            let who = self.operator();
            let detail = format!("{} 扫码领取（{}）", d.what, d.peer);
            self.send(IoJob::LogOrderEvent { id: d.order_id, what: "download".into(), detail, who });
        }
    }

    /// Switches 扫码领取 on or off (the manager, in 设置); off stops the server and its links.
    pub(super) fn set_share(&mut self, on: bool) {
        self.handover.share_enabled = on;
        if !on {
            self.handover.server = None;
            self.screens.on(Event::ShareClosed);
        }
        let detail = if on { Label::AuditShareOn } else { Label::AuditShareOff };
        self.audit(Label::AuditChangeSettings.zh(), detail.zh());
        self.send(IoJob::SaveSetting { key: SHARE_SETTING.into(), value: if on { "1" } else { "0" }.into() });
    }

    /// The 扫码领取 link on screen.
    pub fn share_link(&self) -> Option<&str> {
        self.screens.share.as_ref().map(|p| p.link.url.as_str())
    }

    /// The last hand-over done: order number and how.
    pub fn last_handover(&self) -> Option<&(String, HandOver)> {
        self.last_handover.as_ref()
    }
}
