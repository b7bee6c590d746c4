//! Handing the customer their receipt or photo for the phone, shared by the counter (I/O thread)
//! and the command line: the 电子回执 (`receipts::e_receipt`, a PNG) or the 电子版 (the approved
//! spec JPEG, as uploaded), put on the clipboard or saved where the operator chose. Every hand-over
//! is logged with the order (`e_receipt` / `e_photo`), with how it left the counter.

use std::path::Path;

use crate::domain::PhotoSpec;
use crate::services::receipts::IssueError;
use crate::storage::Database;

/// What is handed over, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandOver {
    /// The 电子回执 onto the clipboard, to paste into the chat with the customer.
    CopyReceipt,
    /// The 电子回执 saved as a PNG.
    SaveReceipt,
    /// The 电子版: the spec JPEG saved as it is.
    SavePhoto,
    /// The 电子回执 offered once on the studio's network, for the customer to scan (扫码领取).
    ShareReceipt,
    /// The 电子版 offered the same way.
    SharePhoto,
}

impl HandOver {
    /// What the order's log says.
    pub fn words(self) -> &'static str {
        match self {
            HandOver::CopyReceipt => "复制",
            HandOver::SaveReceipt | HandOver::SavePhoto => "另存为",
            HandOver::ShareReceipt | HandOver::SharePhoto => "扫码领取",
        }
    }

    /// The file name the save dialog proposes.
    pub fn file_name(self, number: &str) -> String {
        match self {
            HandOver::CopyReceipt | HandOver::SaveReceipt | HandOver::ShareReceipt => {
                format!("电子回执-{number}.png")
            }
            HandOver::SavePhoto | HandOver::SharePhoto => format!("电子版-{number}.jpg"),
        }
    }
}

/// The event kind logged for every 电子版 handed over.
pub const E_PHOTO_EVENT: &str = "e_photo";

/// A hand-over made: the clipboard image, the file written, or the bytes to offer by 扫码领取.
pub struct HandedOver {
    pub number: String,
    pub how: HandOver,
    pub image: Option<std::sync::Arc<egui::ColorImage>>,
    pub path: Option<std::path::PathBuf>,
    /// 扫码领取: the order and the file to offer on the studio's network.
    pub shared: Option<(i64, std::sync::Arc<Vec<u8>>)>,
}

/// Makes the hand-over of order `number`: the clipboard image comes back for `CopyReceipt`; the
/// file is written atomically to `save_to` otherwise.
pub fn run(
    db: &mut Database,
    number: &str,
    spec: &PhotoSpec,
    how: HandOver,
    save_to: Option<&Path>,
    who: &str,
) -> Result<HandedOver, IssueError> {
    let now = chrono::Local::now().to_rfc3339();
    let bytes = match how {
        // On the clipboard as drawn: no PNG to encode and decode again.
        HandOver::CopyReceipt => {
            let drawn = crate::services::receipts::e_receipt(db, spec, number, how.words(), who, &now)?.1;
            let size = [drawn.image.width() as usize, drawn.image.height() as usize];
            let image = Some(std::sync::Arc::new(egui::ColorImage::from_rgb(size, drawn.image.as_raw())));
            let number = number.to_owned();
            return Ok(HandedOver { number, how, image, path: None, shared: None });
        }
        HandOver::SaveReceipt | HandOver::ShareReceipt => {
            crate::services::receipts::e_receipt(db, spec, number, how.words(), who, &now)?.1.png()?
        }
        HandOver::SavePhoto | HandOver::SharePhoto => {
            let row = db.order_by_number(number)?.ok_or_else(|| IssueError::NotFound(number.to_owned()))?;
            let jpeg = db.order_photo(row.id)?.ok_or_else(|| IssueError::NoPhoto(number.to_owned()))?;
            db.log_order_event(row.id, E_PHOTO_EVENT, &format!("电子版 {}", how.words()), who, &now)?;
            jpeg
        }
    };
    let (mut path, mut shared) = (None, None);
    match (how, save_to) {
        (HandOver::ShareReceipt | HandOver::SharePhoto, _) => {
            let id = db.order_by_number(number)?.map_or(0, |r| r.id);
            shared = Some((id, std::sync::Arc::new(bytes)));
        }
        (_, Some(to)) => {
            crate::output::write_atomic(to, &bytes)
                .map_err(|source| IssueError::Write { path: to.to_owned(), source })?;
            path = Some(to.to_owned());
        }
        (_, None) => return Err(IssueError::NoDestination),
    }
    Ok(HandedOver { number: number.to_owned(), how, image: None, path, shared })
}
