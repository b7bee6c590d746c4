//! The app's side of handing over the 电子回执 and the 电子版: the save dialog on a thread of its own,
//! the job for the I/O thread, and the image put on the clipboard when it comes back.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use super::StudioApp;
use crate::domain::T;
use crate::handover::HandOver;
use crate::worker::IoJob;

/// Hand-overs waiting for their save dialog, and an image waiting for the clipboard.
#[derive(Default)]
pub struct Handovers {
    dialogs: Vec<(String, String, HandOver, Receiver<Option<PathBuf>>)>,
    clipboard: Option<std::sync::Arc<egui::ColorImage>>,
}

impl StudioApp {
    pub(super) fn hand_over(&mut self, number: String, spec_id: String, how: HandOver) {
        if how == HandOver::CopyReceipt {
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
            self.notice = Some(format!("{spec_id}：{}", T::NoReceiptTemplate.get(self.lang)));
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
    ) {
        self.notice = Some(match (&image, &path) {
            (Some(_), _) => {
                format!("{} {number}：{}", T::EReceipt.get(self.lang), T::CopiedForChat.get(self.lang))
            }
            (_, Some(p)) => format!("{}：{}", T::SavedTo.get(self.lang), p.display()),
            _ => String::new(),
        });
        self.handover.clipboard = image;
        self.last_handover = Some((number, how));
    }

    /// The last hand-over done: order number and how.
    pub fn last_handover(&self) -> Option<&(String, HandOver)> {
        self.last_handover.as_ref()
    }
}
