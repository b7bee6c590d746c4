//! [`Command`]: everything a screen may ask the app to do, the [`Screen`]s of the top bar, and the
//! [`Guarded`] actions only the manager may take.

use std::path::PathBuf;

use crate::camera::CameraChoice;
use crate::domain::{Label, Lang, StudioInfo};
use crate::worker::Edit;

/// The four screens of the top bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Capture,
    Orders,
    Export,
    Settings,
}

impl Screen {
    pub const ALL: [Screen; 4] = [Screen::Capture, Screen::Orders, Screen::Export, Screen::Settings];

    pub fn label(self) -> Label {
        match self {
            Screen::Capture => Label::ScreenCapture,
            Screen::Orders => Label::ScreenOrders,
            Screen::Export => Label::ScreenExport,
            Screen::Settings => Label::ScreenSettings,
        }
    }
}

/// What only the manager may do.
#[derive(Clone, Debug, PartialEq)]
pub enum Guarded {
    /// Open the settings screen.
    Settings,
    /// Export full ID numbers and phones.
    FullNumbers,
    /// Delete an order (the customer asked), with the reason.
    DeleteOrder { id: i64, why: String },
    /// Purge expired photos now.
    Purge,
}

impl Guarded {
    /// For the audit log and the PIN prompt.
    pub fn describe(&self) -> String {
        self.label(Lang::Zh)
    }

    /// What it is, in `lang` (the PIN prompt says it).
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Guarded::Settings => Label::GuardSettings.get(lang).to_owned(),
            Guarded::FullNumbers => Label::GuardFullNumbers.get(lang).to_owned(),
            Guarded::DeleteOrder { id, .. } => format!("{} #{id}", Label::DeleteButton.get(lang)),
            Guarded::Purge => Label::GuardPurge.get(lang).to_owned(),
        }
    }
}

/// What a screen asks the app to do; applied after the frame is drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    ShowScreen(Screen),
    SetLanguage(Lang),
    SaveStudioInfo(StudioInfo),
    /// Ask for the studio's identity (the first-start dialog); `for_receipt` when a receipt waited.
    OpenStudioSetup {
        for_receipt: bool,
    },
    /// The operator put the first-start dialog off (receipts stay refused until a name is set).
    CloseStudioSetup,
    ChooseSpec(String),
    ToggleFavourite(String),
    /// Take the newest camera frame at full resolution and place it.
    Capture,
    /// Open the file dialog (on its own thread).
    PickFile,
    /// Import a photo file (dialog, drag-and-drop).
    ImportFile(PathBuf),
    /// Render the photo being adjusted with this edit.
    Render(Edit),
    /// Approve the photo being adjusted; `reason` when a check fails.
    Approve {
        reason: Option<String>,
    },
    /// Back to the live preview, keeping the customer.
    Retake,
    /// Take back the capture the last run left unfinished.
    RestoreDraft,
    /// Throw away the capture the last run left unfinished.
    DiscardDraft,
    /// Use another camera: saved as `camera.source`, and the camera thread restarted with it.
    ChooseCamera(CameraChoice),
    SearchOrders(crate::storage::OrderQuery),
    OpenOrder(i64),
    CloseOrder,
    SetOrderStatus {
        id: i64,
        status: crate::storage::OrderStatus,
        reason: Option<String>,
    },
    /// A failed order gets a free re-shoot: the capture screen opens for the same customer.
    Reshoot(i64),
    /// Try again to write the approved orders that failed to save.
    RetryUnsaved,
    /// 平台编号: attach the platform's image number (typed or scanned) to an order 待上传.
    AttachNumber {
        order_id: i64,
        number: String,
    },
    /// Choose the order 待上传 a scan attaches to (`None`: scans are typing again).
    SelectAwaiting(Option<i64>),
    /// Show the upload folder in the file manager.
    OpenUploadFolder,
    /// 扫码领取 on or off (设置, manager).
    SetShare(bool),
    /// Close the 扫码领取 QR code (its link stays valid until used or expired).
    CloseShare,
    /// Hand the customer the 电子回执 or the 电子版 (the spec JPEG) of an order.
    HandOver {
        number: String,
        spec_id: String,
        how: crate::services::handover::HandOver,
    },
    /// Who issues the image number, per document type (设置 → 编号).
    SaveNumbering(crate::domain::numbering::NumberingModes),
    /// Saves a refused order again: with another image number (typed), or with one of the
    /// studio's own (`None`).
    SaveRefused {
        index: usize,
        number: Option<String>,
    },
    /// Issue the next receipt of an order (first or 补打) and print it.
    PrintReceipt {
        number: String,
        spec_id: String,
    },
    /// A print sheet of an order's photo.
    PrintSheet {
        order_id: i64,
        spec_id: String,
        size: crate::domain::print_sheet::SheetSize,
    },
    /// Send a receipt or sheet whose print failed to the printer again (the same PDF, no new mark).
    RetryPrint(PathBuf),
    SavePrintSettings(crate::domain::receipt::PrintSettings),
    ListPrinters,
    /// The export screen's figures for a day.
    LoadDayReport(chrono::NaiveDate),
    /// Export a day on the export thread.
    StartExport(crate::services::daily_export::ExportRequest),
    /// The studio's price for a spec (`None`: back to the spec file's price).
    SetPrice {
        spec_id: String,
        fen: Option<u32>,
    },
    /// Something only the manager may do: asks for the PIN unless unlocked.
    Guarded(Guarded),
    /// The PIN typed into the prompt.
    Unlock(String),
    CancelUnlock,
    /// Lock the manager's actions again now.
    Lock,
    SetPin {
        current: String,
        new: String,
        again: String,
    },
    SavePrivacy {
        retention_days: u32,
        backups_kept: u32,
    },
    BackupNow,
    /// Replace the damaged database with this backup.
    RestoreBackup(PathBuf),
}
