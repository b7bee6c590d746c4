//! [`Event`]: what the app tells the screens — answers to their commands and what changed
//! meanwhile. A screen's own `on` decides what it does with each; the app never writes a screen's
//! fields.

use crate::domain::StudioInfo;
use crate::domain::daily_report::DayReport;
use crate::domain::numbering::NumberingModes;
use crate::domain::receipt::PrintSettings;
use crate::storage::OrderRow;
use crate::worker::ExportState;

pub enum Event {
    /// 拍摄: the spec chosen (by the operator, the saved setting, a re-shoot or a restored draft).
    SpecChosen(String),
    /// The studio's favourite specs, in order.
    Favourites(Vec<String>),
    /// A re-shoot of a failed order: its customer, and the order it re-shoots.
    Reshoot {
        customer: crate::domain::customer::CustomerDraft,
        of: i64,
    },
    /// Wrong customer fields from an approval (empty: all fine).
    FieldErrors(Vec<crate::domain::customer::FieldError>),
    /// The approval was taken: the customer's fields are cleared for the next one.
    Approved,
    /// A capture the last run left unfinished, taken back: its fields.
    DraftRestored(Box<crate::services::capture_draft::CaptureDraft>),
    /// 订单: a search's answer.
    OrdersFound(Vec<OrderRow>),
    /// A search was sent (the spinner shows until its answer).
    Searching,
    /// An order opened: its row, photo (decoded on the I/O thread) and log `(at, who, what, detail)`.
    OrderOpened {
        row: Box<OrderRow>,
        photo: Option<std::sync::Arc<egui::ColorImage>>,
        events: Vec<(String, String, String, String)>,
    },
    OrderClosed,
    /// An order deleted: out of the list, and closed if open.
    OrderGone(i64),
    /// A status was set: the reason typed for it is used up.
    StatusSet,
    /// The orders 待上传, oldest first.
    Awaiting(Vec<OrderRow>),
    /// The order 待上传 that the attach field and scans go to (`None`: scans are typing).
    AwaitingSelected(Option<i64>),
    /// The platform's number was attached to this order.
    NumberAttached(i64),
    /// The scanner's "beep": what an attach did, flashed over the window.
    Flash {
        ok: bool,
        text: String,
    },
    /// 导出: a day's figures.
    DayReport(Box<DayReport>),
    /// The running or last export.
    Export(ExportState),
    /// Full numbers in the export: allowed (the PIN was given) or not (asked again).
    FullNumbers(bool),
    /// 设置: saved as asked.
    StudioSaved(StudioInfo),
    PrintSettingsSaved(PrintSettings),
    NumberingSaved(NumberingModes),
    /// The printers the print system knows (`None`: being asked).
    Printers(Option<Vec<String>>),
    /// A setting could not be saved: why.
    SaveFailed(String),
    /// The studio's details as stored (at start): the settings form starts from them.
    StudioLoaded(StudioInfo),
    /// The privacy settings as stored, saved, or not saved (why).
    PrivacyLoaded(Option<crate::worker::PrivacyState>),
    PrivacySaved,
    PrivacyFailed(String),
    /// Ask for the studio's identity (the first-start dialog); `for_receipt` when a receipt waited.
    AskStudio {
        draft: StudioInfo,
        for_receipt: bool,
    },
    StudioSetupClosed,
    /// The PIN prompt: asked, being checked, refused (why), or closed.
    PinAsked,
    PinChecking,
    PinRefused(String),
    PinClosed,
    /// An approved order refused as it stands joins the list, its field starting with `number`.
    Refused {
        number: String,
    },
    /// Refused order `index` was sent again.
    RefusedSent(usize),
    /// 扫码领取: a link to show as a QR code, its download, or the panel closed.
    Share(Box<ShareOffer>),
    ShareDownloaded,
    ShareClosed,
}

/// A 扫码领取 link for the customer's phone.
pub struct ShareOffer {
    pub number: String,
    pub how: crate::services::handover::HandOver,
    pub link: crate::services::share::Link,
    pub qr: std::sync::Arc<egui::ColorImage>,
}
