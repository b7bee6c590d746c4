//! Closing the day: the day's orders as export rows (CSV text), totals by document type, payment and
//! operator with re-shoots and failed audits counted apart, orders per hour, and receipts about to
//! expire unused. Pure: rows in, numbers and text out.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Timelike};

use super::customer::{mask_id_number, mask_phone};
use super::order_status::OrderStatus;

/// One order as the day's export sees it (a plain copy of the stored row).
#[derive(Clone, Debug, PartialEq)]
pub struct ReportOrder {
    /// The order's own number (订单号, shown as `#id`).
    pub order_id: i64,
    /// `None` while 待上传 (the platform's number not attached yet).
    pub image_number: Option<String>,
    /// RFC 3339, as stored.
    pub created_at: String,
    pub customer_name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub hukou: Option<String>,
    pub document: String,
    pub spec_id: String,
    pub price_fen: u32,
    pub payment: String,
    pub operator: String,
    pub status: OrderStatus,
    pub fail_reason: Option<String>,
    pub approval_reason: Option<String>,
    /// The image number of the order this one re-shoots (free).
    pub reshoot_of: Option<String>,
}

/// How many and how much.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: u32,
    pub revenue_fen: u64,
}

impl Tally {
    fn add(&mut self, price_fen: u32) {
        self.count += 1;
        self.revenue_fen += u64::from(price_fen);
    }
}

/// The day's figures. Every order is in `all` and in each breakdown; re-shoots (free, linked to an
/// earlier order) and failed audits are also counted on their own lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DailyTotals {
    pub date: Option<NaiveDate>,
    pub all: Tally,
    pub by_document: BTreeMap<String, Tally>,
    pub by_payment: BTreeMap<String, Tally>,
    pub by_operator: BTreeMap<String, Tally>,
    pub reshoots: Tally,
    /// Orders whose audit failed (still 审核失败, or re-shot since).
    pub failed_audits: u32,
    pub passed: u32,
    pub pending: u32,
    /// Orders still 待上传 at the end of the day: photos to upload, numbers to attach.
    pub awaiting_upload: u32,
    /// Orders created in each hour of the day, local time.
    pub per_hour: [u32; 24],
}

pub fn totals(date: NaiveDate, orders: &[ReportOrder]) -> DailyTotals {
    let mut t = DailyTotals { date: Some(date), ..DailyTotals::default() };
    for o in orders {
        t.all.add(o.price_fen);
        t.by_document.entry(o.document.clone()).or_default().add(o.price_fen);
        t.by_payment.entry(o.payment.clone()).or_default().add(o.price_fen);
        t.by_operator.entry(o.operator.clone()).or_default().add(o.price_fen);
        if o.reshoot_of.is_some() {
            t.reshoots.add(o.price_fen);
        }
        match o.status {
            OrderStatus::Failed | OrderStatus::Reshoot => t.failed_audits += 1,
            OrderStatus::Passed => t.passed += 1,
            OrderStatus::Pending => t.pending += 1,
            OrderStatus::AwaitingUpload => t.awaiting_upload += 1,
        }
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&o.created_at) {
            t.per_hour[at.hour() as usize] += 1;
        }
    }
    t
}

/// Whether ID numbers and phones leave the machine in full (the manager asked) or masked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Privacy {
    #[default]
    Masked,
    Full,
}

pub const CSV_HEADER: [&str; 17] = [
    "图像号",
    "时间",
    "顾客",
    "手机",
    "身份证号",
    "户籍/居住地",
    "证件",
    "规格",
    "价格（元）",
    "付款方式",
    "操作员",
    "状态",
    "失败原因",
    "重拍自",
    "通过原因",
    "相片文件",
    "订单号",
];

/// The photo's file name in the export's `photos/` folder: its image number, or for an order still
/// 待上传 `待上传-订单<id>` (sorted apart, and never taken for a number).
pub fn photo_file_name(o: &ReportOrder) -> String {
    format!("{}.jpg", file_stem(o))
}

/// An order's name for files: its image number, or `待上传-订单<id>` while it has none.
pub fn file_stem(o: &ReportOrder) -> String {
    o.image_number.clone().unwrap_or_else(|| format!("待上传-订单{}", o.order_id))
}

/// The numbered orders first, then those still 待上传, each in their original order: the export
/// lists the waiting ones apart.
pub fn awaiting_last(orders: &[ReportOrder]) -> Vec<ReportOrder> {
    let (waiting, numbered): (Vec<_>, Vec<_>) =
        orders.iter().cloned().partition(|o| o.status == OrderStatus::AwaitingUpload);
    numbered.into_iter().chain(waiting).collect()
}

/// Fen as yuan text with two decimals: `3500` → `35.00`.
pub fn yuan(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// One order as the CSV and the spreadsheet's text columns show it, in [`CSV_HEADER`] order.
pub fn export_fields(o: &ReportOrder, privacy: Privacy) -> [String; 17] {
    let shown = |value: &Option<String>, mask: fn(&str) -> String| match (value.as_deref(), privacy) {
        (Some(v), Privacy::Full) => v.to_owned(),
        (Some(v), Privacy::Masked) => mask(v),
        (None, _) => String::new(),
    };
    let time = o.created_at.get(..19).unwrap_or(&o.created_at).replace('T', " ");
    [
        o.image_number.clone().unwrap_or_default(),
        time,
        o.customer_name.clone(),
        shown(&o.phone, mask_phone),
        shown(&o.id_number, mask_id_number),
        o.hukou.clone().unwrap_or_default(),
        o.document.clone(),
        o.spec_id.clone(),
        yuan(u64::from(o.price_fen)),
        o.payment.clone(),
        o.operator.clone(),
        o.status.name_zh().to_owned(),
        o.fail_reason.clone().unwrap_or_default(),
        o.reshoot_of.clone().unwrap_or_default(),
        o.approval_reason.clone().unwrap_or_default(),
        format!("photos/{}", photo_file_name(o)),
        format!("#{}", o.order_id),
    ]
}

/// The day's orders as CSV: UTF-8 with a byte-order mark (Excel in China opens it without mojibake),
/// CRLF line ends, the header first.
pub fn csv(orders: &[ReportOrder], privacy: Privacy) -> Result<Vec<u8>, csv::Error> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record(CSV_HEADER)?;
        for o in &awaiting_last(orders) {
            w.write_record(export_fields(o, privacy))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// What the export screen shows for a day.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DayReport {
    pub totals: DailyTotals,
    /// Receipts (of any day) ending within a week while their orders are still 待审核.
    pub expiring: Vec<Expiring>,
}

/// How many days ahead the export screen warns about expiring receipts.
pub const EXPIRING_WITHIN_DAYS: i64 = 7;

/// A receipt that will expire soon and whose order is still waiting (not yet used at the office).
#[derive(Clone, Debug, PartialEq)]
pub struct Expiring {
    pub image_number: String,
    pub customer_name: String,
    pub valid_until: NaiveDate,
    pub days_left: i64,
}

/// Pending orders whose receipts end within `within_days` of `today` (today included), soonest first.
pub fn expiring(orders: &[(ReportOrder, NaiveDate)], today: NaiveDate, within_days: i64) -> Vec<Expiring> {
    let mut list: Vec<Expiring> = orders
        .iter()
        .filter(|(o, _)| o.status == OrderStatus::Pending)
        .filter_map(|(o, until)| {
            Some(Expiring {
                image_number: o.image_number.clone()?,
                customer_name: o.customer_name.clone(),
                valid_until: *until,
                days_left: (*until - today).num_days(),
            })
        })
        .filter(|e| (0..=within_days).contains(&e.days_left))
        .collect();
    list.sort_by(|a, b| (a.valid_until, &a.image_number).cmp(&(b.valid_until, &b.image_number)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(n: u32, document: &str, payment: &str, price: u32, status: OrderStatus) -> ReportOrder {
        ReportOrder {
            order_id: i64::from(n),
            image_number: Some(format!("BB126112300000{n}")),
            created_at: format!("2026-11-23T{:02}:15:00+08:00", 9 + n),
            customer_name: format!("顾客{n}"),
            phone: Some("13800138000".into()),
            id_number: Some("440524188001010014".into()),
            hukou: None,
            document: document.into(),
            spec_id: "gd-shenzhen-id-card".into(),
            price_fen: price,
            payment: payment.into(),
            operator: "小王".into(),
            status,
            fail_reason: None,
            approval_reason: None,
            reshoot_of: None,
        }
    }

    #[test]
    fn totals_add_up_and_count_reshoots_and_failures_apart() {
        let mut rows = vec![
            order(1, "身份证", "微信", 3500, OrderStatus::Passed),
            order(2, "身份证", "现金", 3500, OrderStatus::Failed),
            order(3, "驾驶证", "微信", 3000, OrderStatus::Pending),
        ];
        let mut reshoot = order(4, "身份证", "微信", 0, OrderStatus::Pending);
        reshoot.reshoot_of = Some(rows[1].image_number.clone().unwrap_or_default());
        rows.push(reshoot);
        let t = totals(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), &rows);
        assert_eq!(t.all, Tally { count: 4, revenue_fen: 10_000 });
        assert_eq!(t.by_document["身份证"], Tally { count: 3, revenue_fen: 7_000 });
        assert_eq!(t.by_payment["微信"], Tally { count: 3, revenue_fen: 6_500 });
        assert_eq!(t.by_operator["小王"].count, 4);
        assert_eq!(t.reshoots, Tally { count: 1, revenue_fen: 0 });
        assert_eq!((t.failed_audits, t.passed, t.pending), (1, 1, 2));
        assert_eq!((t.per_hour[10], t.per_hour[13], t.per_hour.iter().sum::<u32>()), (1, 1, 4));
    }

    #[test]
    fn csv_has_a_bom_masks_by_default_and_quotes_commas() {
        let mut o = order(1, "身份证", "微信", 3550, OrderStatus::Passed);
        o.customer_name = "张三, \"小张\"".into();
        let masked = String::from_utf8(csv(std::slice::from_ref(&o), Privacy::Masked).unwrap()).unwrap();
        assert!(masked.starts_with('\u{feff}'));
        assert!(masked.contains("4405**********0014") && masked.contains("138****8000"));
        assert!(!masked.contains("440524188001010014"));
        assert!(masked.contains("\"张三, \"\"小张\"\"\""), "{masked}");
        assert!(masked.contains(",35.50,") && masked.contains("photos/BB1261123000001.jpg,#1\r\n"));
        let full = String::from_utf8(csv(&[o], Privacy::Full).unwrap()).unwrap();
        assert!(full.contains("440524188001010014") && full.contains("13800138000"));
    }

    #[test]
    fn orders_awaiting_upload_are_counted_and_listed_after_the_numbered_ones() {
        let mut waiting = order(1, "身份证", "微信", 3500, OrderStatus::AwaitingUpload);
        waiting.image_number = None;
        let rows = vec![waiting, order(2, "身份证", "现金", 3500, OrderStatus::Pending)];
        let t = totals(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), &rows);
        assert_eq!((t.all.count, t.pending, t.awaiting_upload), (2, 1, 1));
        let text = String::from_utf8(csv(&rows, Privacy::Masked).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].starts_with("BB1261123000002,"), "{text}");
        // No number, status 待上传, its photo named apart, its own order number.
        assert!(lines[2].starts_with(",2026-11-23 10:15:00,顾客1,"), "{text}");
        assert!(lines[2].contains(",待上传,") && lines[2].ends_with(",photos/待上传-订单1.jpg,#1"), "{text}");
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn expiring_lists_pending_receipts_ending_soon() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let rows = vec![
            (order(1, "身份证", "微信", 0, OrderStatus::Pending), today + chrono::Duration::days(3)),
            (order(2, "身份证", "微信", 0, OrderStatus::Passed), today + chrono::Duration::days(1)),
            (order(3, "身份证", "微信", 0, OrderStatus::Pending), today),
            (order(4, "身份证", "微信", 0, OrderStatus::Pending), today + chrono::Duration::days(30)),
            (order(5, "身份证", "微信", 0, OrderStatus::Pending), today - chrono::Duration::days(1)),
        ];
        let list = expiring(&rows, today, 7);
        let numbers: Vec<(&str, i64)> = list.iter().map(|e| (e.image_number.as_str(), e.days_left)).collect();
        assert_eq!(numbers, [("BB1261123000003", 0), ("BB1261123000001", 3)]);
    }
}
