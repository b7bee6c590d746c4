//! The day's spreadsheet (rust_xlsxwriter): an 订单 sheet with every numbered order, a 待上传 sheet
//! with the orders still waiting for the platform's number (only when there are any), and a 汇总
//! sheet with the totals by document type, payment method and operator, re-shoots and failed audits
//! apart. The
//! file's creation date is the exported day, so the same day exported twice gives the same bytes.

use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::domain::daily_report::{CSV_HEADER, DailyTotals, Privacy, ReportOrder, Tally, export_fields};
use crate::domain::order_status::OrderStatus;

/// Column of the price in the orders sheet (written as a number, not text).
const PRICE_COLUMN: usize = 8;

pub fn day_workbook(
    orders: &[ReportOrder],
    totals: &DailyTotals,
    privacy: Privacy,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    if let Some(day) = totals.date {
        let created = ExcelDateTime::from_ymd(
            u16::try_from(day.year()).unwrap_or(1900),
            u8::try_from(day.month()).unwrap_or(1),
            u8::try_from(day.day()).unwrap_or(1),
        )?;
        book.set_properties(&DocProperties::new().set_creation_datetime(&created).set_title("订单"));
    }
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("0.00");

    let (waiting, numbered): (Vec<&ReportOrder>, Vec<&ReportOrder>) =
        orders.iter().partition(|o| o.status == OrderStatus::AwaitingUpload);
    orders_sheet(book.add_worksheet(), "订单", &numbered, privacy, &bold, &money)?;
    if !waiting.is_empty() {
        orders_sheet(book.add_worksheet(), "待上传", &waiting, privacy, &bold, &money)?;
    }

    let sheet = book.add_worksheet();
    sheet.set_name("汇总")?;
    totals_sheet(sheet, totals, &bold, &money)?;
    book.save_to_buffer()
}

/// One row per order under the CSV's header.
fn orders_sheet(
    sheet: &mut Worksheet,
    name: &str,
    orders: &[&ReportOrder],
    privacy: Privacy,
    bold: &Format,
    money: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (col, title) in CSV_HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, bold)?;
    }
    for (i, o) in orders.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (col, value) in export_fields(o, privacy).iter().enumerate() {
            if col == PRICE_COLUMN {
                sheet.write_number_with_format(row, col as u16, f64::from(o.price_fen) / 100.0, money)?;
            } else {
                sheet.write_string(row, col as u16, value)?;
            }
        }
    }
    for (col, width) in
        [18, 18, 10, 14, 22, 14, 10, 26, 10, 10, 10, 10, 16, 18, 16, 30, 10].into_iter().enumerate()
    {
        sheet.set_column_width(col as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Label, count, revenue (元) rows in sections.
fn totals_sheet(
    sheet: &mut Worksheet,
    t: &DailyTotals,
    bold: &Format,
    money: &Format,
) -> Result<(), XlsxError> {
    let mut rows = Rows { sheet, row: 0, bold, money };
    let date = t.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    rows.heading(&format!("{date} 合计"))?;
    rows.line("全部订单", t.all)?;
    rows.line("其中免费重拍", t.reshoots)?;
    rows.line("审核失败", Tally { count: t.failed_audits, revenue_fen: 0 })?;
    rows.line("已通过", Tally { count: t.passed, revenue_fen: 0 })?;
    rows.line("待审核", Tally { count: t.pending, revenue_fen: 0 })?;
    rows.line("待上传（未绑定图像号）", Tally { count: t.awaiting_upload, revenue_fen: 0 })?;
    for (title, map) in
        [("按证件", &t.by_document), ("按付款方式", &t.by_payment), ("按操作员", &t.by_operator)]
    {
        rows.row += 1;
        rows.heading(title)?;
        for (name, tally) in map {
            rows.line(name, *tally)?;
        }
    }
    rows.sheet.set_column_width(0, 24)?;
    rows.sheet.set_column_width(2, 12)?;
    Ok(())
}

struct Rows<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
    bold: &'a Format,
    money: &'a Format,
}

impl Rows<'_> {
    fn heading(&mut self, label: &str) -> Result<(), XlsxError> {
        self.sheet.write_string_with_format(self.row, 0, label, self.bold)?;
        self.sheet.write_string_with_format(self.row, 1, "单数", self.bold)?;
        self.sheet.write_string_with_format(self.row, 2, "金额（元）", self.bold)?;
        self.row += 1;
        Ok(())
    }

    fn line(&mut self, label: &str, t: Tally) -> Result<(), XlsxError> {
        self.sheet.write_string(self.row, 0, label)?;
        self.sheet.write_number(self.row, 1, t.count)?;
        self.sheet.write_number_with_format(self.row, 2, t.revenue_fen as f64 / 100.0, self.money)?;
        self.row += 1;
        Ok(())
    }
}
