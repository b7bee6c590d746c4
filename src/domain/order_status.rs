//! The audit status of an order (审核状态) and the moves allowed between them.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderStatus {
    /// 待上传: approved in 平台编号 mode; the photo waits to be uploaded to the collection platform,
    /// whose image number is then attached (the only way out to 待审核). No receipt before that.
    AwaitingUpload,
    /// 待审核
    Pending,
    /// 已通过
    Passed,
    /// 审核失败
    Failed,
    /// 重拍 (a free re-shoot was made for it)
    Reshoot,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 5] = [
        OrderStatus::AwaitingUpload,
        OrderStatus::Pending,
        OrderStatus::Passed,
        OrderStatus::Failed,
        OrderStatus::Reshoot,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::AwaitingUpload => "upload",
            OrderStatus::Pending => "pending",
            OrderStatus::Passed => "passed",
            OrderStatus::Failed => "failed",
            OrderStatus::Reshoot => "reshoot",
        }
    }

    pub fn from_code(code: &str) -> Option<OrderStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The moves the operator makes by hand: 待审核 → 已通过 or 审核失败; 审核失败 → 重拍; and
    /// 待上传 → 审核失败 (the platform's upload page refused the photo, so it is shot again).
    /// 待上传 → 待审核 is not among them: only attaching the platform's number makes it.
    pub fn can_become(self, next: OrderStatus) -> bool {
        matches!(
            (self, next),
            (OrderStatus::Pending, OrderStatus::Passed | OrderStatus::Failed)
                | (OrderStatus::Failed, OrderStatus::Reshoot)
                | (OrderStatus::AwaitingUpload, OrderStatus::Failed)
        )
    }

    /// The status's label on screens.
    pub fn label(self) -> super::Label {
        use super::Label;
        match self {
            OrderStatus::AwaitingUpload => Label::StatusAwaitingUpload,
            OrderStatus::Pending => Label::StatusPending,
            OrderStatus::Passed => Label::StatusPassed,
            OrderStatus::Failed => Label::StatusFailed,
            OrderStatus::Reshoot => Label::StatusReshoot,
        }
    }

    /// The name on lists and exports.
    pub fn name_zh(self) -> &'static str {
        match self {
            OrderStatus::AwaitingUpload => "待上传",
            OrderStatus::Pending => "待审核",
            OrderStatus::Passed => "已通过",
            OrderStatus::Failed => "审核失败",
            OrderStatus::Reshoot => "已重拍",
        }
    }
}

/// The platform's audit rejection reasons (domain.md §5), for the 审核失败 picker: stored in the
/// platform's words (`zh()`), shown in the counter's language (`i18n::stored_words` for stored ones).
pub const FAIL_REASONS: [super::Label; 16] = [
    super::Label::RejectBackground,
    super::Label::RejectOverexposed,
    super::Label::RejectUnderexposed,
    super::Label::RejectUnevenLight,
    super::Label::RejectNotSharp,
    super::Label::RejectShadows,
    super::Label::RejectFewPixels,
    super::Label::RejectTilted,
    super::Label::RejectTurned,
    super::Label::RejectTeeth,
    super::Label::RejectTinted,
    super::Label::RejectGlare,
    super::Label::RejectHair,
    super::Label::RejectHat,
    super::Label::RejectHeadLarge,
    super::Label::RejectHeadSmall,
];

#[cfg(test)]
mod tests {
    use super::OrderStatus;

    #[test]
    fn codes_round_trip_and_only_attaching_leaves_awaiting_upload_for_pending() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(OrderStatus::from_code("PENDING"), None);
        assert!(!OrderStatus::AwaitingUpload.can_become(OrderStatus::Pending));
        assert!(!OrderStatus::AwaitingUpload.can_become(OrderStatus::Passed));
        assert!(OrderStatus::AwaitingUpload.can_become(OrderStatus::Failed));
        assert!(!OrderStatus::Pending.can_become(OrderStatus::AwaitingUpload));
    }
}
