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
/// platform's words, shown in the counter's language.
pub const FAIL_REASONS: [(&str, &str); 16] = [
    ("背景不符合要求", "Background not as required"),
    ("曝光过度", "Overexposed"),
    ("曝光不足", "Underexposed"),
    ("曝光不均匀", "Uneven light"),
    ("图像不清晰", "Not sharp"),
    ("图像有阴影", "Shadows"),
    ("图像像素不足", "Too few pixels"),
    ("头不能歪", "Head tilted"),
    ("姿势不正", "Head turned"),
    ("不能露齿", "Teeth showing"),
    ("配戴有色眼镜", "Tinted glasses"),
    ("镜片或镜框反光", "Glare on lenses or frames"),
    ("头发不能遮住眉毛/眼睛/耳朵", "Hair covers eyebrows, eyes or ears"),
    ("不能戴帽子", "No hats allowed"),
    ("头部偏大", "Head too large"),
    ("头部偏小", "Head too small"),
];

/// A stored rejection reason in `lang`: one of [`FAIL_REASONS`] is translated, anything else (an
/// older or typed reason) shown as stored.
pub fn fail_reason(stored: &str, lang: super::Lang) -> String {
    match (lang, FAIL_REASONS.iter().find(|(zh, _)| *zh == stored)) {
        (super::Lang::En, Some((_, en))) => (*en).to_owned(),
        _ => stored.to_owned(),
    }
}

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
        assert_eq!(super::fail_reason("姿势不正", crate::domain::Lang::En), "Head turned");
        assert_eq!(super::fail_reason("姿势不正", crate::domain::Lang::Zh), "姿势不正");
        assert_eq!(super::fail_reason("别的", crate::domain::Lang::En), "别的");
    }
}
