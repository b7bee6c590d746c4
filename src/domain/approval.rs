//! 通过 (approval), decided once for the counter and the command line alike: whether a reason is
//! needed, the price, where the image number comes from, the order's first status, and whether a
//! receipt prints at once. Pure: the callers gather what was asked, this says what follows.

use super::numbering::NumberingMode;
use super::order_status::OrderStatus;

/// What the operator asked for, and what the studio has set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Asked<'a> {
    /// The messages of the checks that fail.
    pub failing: Vec<String>,
    /// The reason given for approving past them (trimmed text; empty counts as none).
    pub reason: Option<&'a str>,
    /// A price typed, in fen (`None`: the default price).
    pub price_fen: Option<u32>,
    /// The studio's own price for the spec, if set.
    pub studio_price_fen: Option<u32>,
    /// The spec file's price.
    pub spec_price_fen: u32,
    /// A free re-shoot of a failed order.
    pub reshoot: bool,
    /// An image number issued elsewhere, already checked against the spec's layout.
    pub external_number: Option<String>,
    /// Who issues the number for this document type.
    pub numbering: NumberingMode,
    /// The spec's photos go to the collection platform, with its number layout.
    pub can_await_upload: bool,
    /// The spec has a receipt (数字相片采集回执).
    pub has_receipt: bool,
    /// Receipts print by themselves after approval (设置 → 打印).
    pub auto_receipt: bool,
}

/// Where the order's image number comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberFrom {
    /// Typed or scanned: issued elsewhere.
    External(String),
    /// 平台编号: the platform's, attached after upload (待上传 until then).
    AwaitUpload,
    /// The studio's own, the next of the day.
    Allocate,
}

/// What an approval becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub price_fen: u32,
    pub number: NumberFrom,
    pub status: OrderStatus,
    /// A receipt is issued and printed once the order is written.
    pub print_receipt: bool,
}

/// Why an approval is refused as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A check fails and no reason was given for approving past it.
    ReasonRequired { failing: Vec<String> },
}

/// The price when none is typed: nothing for a free re-shoot, else the studio's price for the
/// spec, else the spec file's.
pub fn default_price(spec_price_fen: u32, studio_price_fen: Option<u32>, reshoot: bool) -> u32 {
    if reshoot { 0 } else { studio_price_fen.unwrap_or(spec_price_fen) }
}

/// Whether a receipt prints by itself: the spec has one, automatic receipts are on, and the order
/// has its image number (one waiting for the platform's prints once the number is attached).
pub fn prints_receipt(has_receipt: bool, auto_receipt: bool, numbered: bool) -> bool {
    has_receipt && auto_receipt && numbered
}

/// Decides an approval.
pub fn decide(a: &Asked<'_>) -> Result<Decision, Refusal> {
    if !a.failing.is_empty() && a.reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(Refusal::ReasonRequired { failing: a.failing.clone() });
    }
    let number = match (&a.external_number, a.numbering) {
        (Some(n), _) => NumberFrom::External(n.clone()),
        (None, NumberingMode::Platform) if a.can_await_upload => NumberFrom::AwaitUpload,
        (None, _) => NumberFrom::Allocate,
    };
    let status = match number {
        NumberFrom::AwaitUpload => OrderStatus::AwaitingUpload,
        _ => OrderStatus::Pending,
    };
    let print_receipt = prints_receipt(a.has_receipt, a.auto_receipt, status == OrderStatus::Pending);
    let price_fen =
        a.price_fen.unwrap_or_else(|| default_price(a.spec_price_fen, a.studio_price_fen, a.reshoot));
    Ok(Decision { price_fen, number, status, print_receipt })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked() -> Asked<'static> {
        Asked { spec_price_fen: 3000, has_receipt: true, auto_receipt: true, ..Asked::default() }
    }

    #[test]
    fn a_failing_check_needs_a_reason_and_blank_is_none() {
        let failing = vec!["文件过大".to_owned()];
        for reason in [None, Some(""), Some("  ")] {
            let a = Asked { failing: failing.clone(), reason, ..asked() };
            assert_eq!(decide(&a), Err(Refusal::ReasonRequired { failing: failing.clone() }));
        }
        let a = Asked { failing, reason: Some("顾客坚持"), ..asked() };
        assert!(decide(&a).is_ok());
    }

    #[test]
    fn the_price_is_typed_else_free_for_a_reshoot_else_the_studios_else_the_specs() {
        let price = |a: Asked<'_>| decide(&a).map(|d| d.price_fen);
        assert_eq!(price(asked()), Ok(3000));
        assert_eq!(price(Asked { studio_price_fen: Some(2500), ..asked() }), Ok(2500));
        assert_eq!(price(Asked { studio_price_fen: Some(2500), reshoot: true, ..asked() }), Ok(0));
        assert_eq!(price(Asked { price_fen: Some(1000), reshoot: true, ..asked() }), Ok(1000));
        assert_eq!(default_price(3000, None, false), 3000);
    }

    #[test]
    fn the_number_and_status_follow_the_numbering_and_a_receipt_needs_a_number() {
        let d = decide(&asked()).unwrap();
        assert_eq!((d.number, d.status, d.print_receipt), (NumberFrom::Allocate, OrderStatus::Pending, true));
        let platform = Asked { numbering: NumberingMode::Platform, can_await_upload: true, ..asked() };
        let d = decide(&platform).unwrap();
        assert_eq!(
            (d.number, d.status, d.print_receipt),
            (NumberFrom::AwaitUpload, OrderStatus::AwaitingUpload, false)
        );
        // A spec that never goes to the platform gets the studio's number even in 平台编号 mode.
        let d = decide(&Asked { can_await_upload: false, ..platform.clone() }).unwrap();
        assert_eq!(d.number, NumberFrom::Allocate);
        let typed = Asked { external_number: Some("B1".into()), ..platform };
        let d = decide(&typed).unwrap();
        assert_eq!(
            (d.number, d.status, d.print_receipt),
            (NumberFrom::External("B1".into()), OrderStatus::Pending, true)
        );
        assert!(!decide(&Asked { auto_receipt: false, ..asked() }).unwrap().print_receipt);
        assert!(!decide(&Asked { has_receipt: false, ..asked() }).unwrap().print_receipt);
    }
}
