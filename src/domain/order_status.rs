//! The audit status of an order (审核状态) and the moves allowed between them.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderStatus {
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
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Passed => "passed",
            OrderStatus::Failed => "failed",
            OrderStatus::Reshoot => "reshoot",
        }
    }

    pub fn from_code(code: &str) -> Option<OrderStatus> {
        [OrderStatus::Pending, OrderStatus::Passed, OrderStatus::Failed, OrderStatus::Reshoot]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// 待审核 → 已通过 or 审核失败; 审核失败 → 重拍.
    pub fn can_become(self, next: OrderStatus) -> bool {
        matches!(
            (self, next),
            (OrderStatus::Pending, OrderStatus::Passed | OrderStatus::Failed)
                | (OrderStatus::Failed, OrderStatus::Reshoot)
        )
    }
}

impl OrderStatus {
    /// The name on lists and exports.
    pub fn name_zh(self) -> &'static str {
        match self {
            OrderStatus::Pending => "待审核",
            OrderStatus::Passed => "已通过",
            OrderStatus::Failed => "审核失败",
            OrderStatus::Reshoot => "已重拍",
        }
    }
}
