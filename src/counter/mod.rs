//! The counter between the screens and the app: what a screen may ask for ([`Command`]), what it may
//! see ([`View`], read-only), and the small state types both sides name (the database's state, a
//! print's outcome, the manager's lock, an order the database refused). It imports no UI code and
//! no app code, so a screen depends on this module and on its own state only.

mod capture;
mod command;
mod event;
pub mod frame_stats;
mod state;
mod view;

pub use capture::{CaptureMode, Placed};
pub use command::{Command, Guarded, Screen};
pub use event::{Event, ShareOffer};
pub use state::{
    ApprovedPhoto, DbState, ManagerState, PrintRecord, PrintState, RefusedOrder, RestoreOffer, UnsavedOrder,
};
pub use view::View;
