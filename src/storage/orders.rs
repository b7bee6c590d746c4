//! Orders: one per approved photo, with its image number, the spec JPEG (BLOB + SHA-256), the
//! original capture's hash (the file lives in the data dir), and an audit log of status events.
//!
//! An order and its image number are written in one transaction: the per-day serial is taken from
//! `number_sequences` inside it, so a crash leaves either the whole order or nothing, and a number is
//! never given twice — across restarts, crashes and a clock set back (each day's sequence only grows).

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{Database, StorageError};
use crate::domain::NumberTemplate;

/// How the order gets its image number.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberSource {
    /// The next serial of `template` for `city_letter` on `date`.
    Allocate { template: NumberTemplate, city_letter: Option<char>, date: NaiveDate },
    /// A number issued elsewhere, already validated against the spec's layout.
    External(String),
    /// None yet (平台编号): the order is 待上传 until the platform's number is attached.
    AwaitUpload,
}

/// Everything an approved photo becomes.
#[derive(Clone, Debug, PartialEq)]
pub struct NewOrder {
    pub number: NumberSource,
    pub spec_id: String,
    pub document: String,
    pub customer_name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub hukou: Option<String>,
    pub price_fen: u32,
    pub payment: String,
    pub operator: String,
    pub notes: String,
    /// Why it was approved past a failing check.
    pub approval_reason: Option<String>,
    /// `pass` / `warn` / `fail`.
    pub checks_overall: String,
    pub report_json: String,
    pub jpeg: Vec<u8>,
    pub jpeg_sha256: String,
    /// Hash and extension of the original capture written under `originals/`.
    pub original: Option<(String, String)>,
    pub reshoot_of: Option<i64>,
    pub captured_at: String,
    pub created_at: String,
}

pub use crate::domain::order_status::OrderStatus;

/// One order as lists and receipts need it.
impl NewOrder {
    /// A Shenzhen ID-card order with plain values for everything but its number, customer, time and
    /// photo: one place for tests and benchmarks instead of a literal in each.
    #[doc(hidden)]
    pub fn sample(number: NumberSource, customer_name: &str, at: &str, jpeg: Vec<u8>) -> NewOrder {
        NewOrder {
            number,
            spec_id: "gd-shenzhen-id-card".into(),
            document: "身份证".into(),
            customer_name: customer_name.into(),
            phone: Some("13800138000".into()),
            id_number: Some("440524188001010014".into()),
            hukou: Some("广东省深圳市".into()),
            price_fen: 3500,
            payment: "微信".into(),
            operator: "小王".into(),
            notes: String::new(),
            approval_reason: None,
            checks_overall: "pass".into(),
            report_json: "{}".into(),
            jpeg_sha256: crate::output::files::sha256_hex(&jpeg),
            jpeg,
            original: None,
            reshoot_of: None,
            captured_at: at.into(),
            created_at: at.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrderRow {
    pub id: i64,
    /// `None` while 待上传 (and for an order refused at upload before it got one).
    pub image_number: Option<String>,
    pub spec_id: String,
    pub document: String,
    pub customer_name: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub hukou: Option<String>,
    pub price_fen: u32,
    pub payment: String,
    pub operator: String,
    pub status: OrderStatus,
    pub fail_reason: Option<String>,
    pub approval_reason: Option<String>,
    pub reshoot_of: Option<i64>,
    pub captured_at: String,
    pub created_at: String,
}

impl OrderRow {
    /// How the counter names the order: its image number, or `#<id>` while it is 待上传.
    pub fn label(&self) -> String {
        self.image_number.clone().unwrap_or_else(|| format!("#{}", self.id))
    }
}

/// What to look for; empty fields match everything.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderQuery {
    /// Image number prefix (case-insensitive).
    pub number_prefix: String,
    /// Part of the name.
    pub name: String,
    /// Phone prefix or suffix digits.
    pub phone: String,
    /// `created_at` from (inclusive) and to (exclusive), `YYYY-MM-DD…` strings.
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("图像号 {number} 已被订单 #{by_order}（{customer}）使用")]
    NumberTaken { number: String, by_order: i64, customer: String },
    #[error("今天的序号已用完（{0}）")]
    SerialsExhausted(String),
    #[error("订单 {0} 不存在")]
    NotFound(i64),
    #[error("订单状态不能从{}改为{}", from.name_zh(), to.name_zh())]
    Transition { from: OrderStatus, to: OrderStatus },
    #[error("订单 #{id} 不是待上传（现在：{}），不能再绑定图像号", status.name_zh())]
    NotAwaitingUpload { id: i64, status: OrderStatus },
}

const COLUMNS: &str = "id, image_number, spec_id, document, customer_name, phone, id_number, hukou, price_fen, \
     payment, operator, status, fail_reason, approval_reason, reshoot_of, captured_at, created_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OrderRow> {
    let status: String = r.get(11)?;
    Ok(OrderRow {
        id: r.get(0)?,
        image_number: r.get(1)?,
        spec_id: r.get(2)?,
        document: r.get(3)?,
        customer_name: r.get(4)?,
        phone: r.get(5)?,
        id_number: r.get(6)?,
        hukou: r.get(7)?,
        price_fen: r.get(8)?,
        payment: r.get(9)?,
        operator: r.get(10)?,
        status: OrderStatus::from_code(&status).unwrap_or(OrderStatus::Pending),
        fail_reason: r.get(12)?,
        approval_reason: r.get(13)?,
        reshoot_of: r.get(14)?,
        captured_at: r.get(15)?,
        created_at: r.get(16)?,
    })
}

/// Refuses `number` when another order has it, naming that order.
fn refuse_taken(conn: &rusqlite::Connection, number: &str) -> Result<(), StorageError> {
    let taken: Option<(i64, String)> = conn
        .query_row("SELECT id, customer_name FROM orders WHERE image_number = ?1", [number], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    match taken {
        Some((by_order, customer)) => {
            Err(OrderError::NumberTaken { number: number.to_owned(), by_order, customer }.into())
        }
        None => Ok(()),
    }
}

fn event_count(conn: &rusqlite::Connection, id: i64, what: &str) -> rusqlite::Result<u32> {
    conn.query_row(
        "SELECT COUNT(*) FROM order_events WHERE order_id = ?1 AND what = ?2",
        params![id, what],
        |r| r.get(0),
    )
}

impl Database {
    /// Writes the order, its photo, its number and its first event in one transaction.
    pub fn create_order(&mut self, o: &NewOrder) -> Result<OrderRow, StorageError> {
        let tx = self.conn.transaction()?;
        let number = match &o.number {
            NumberSource::AwaitUpload => None,
            NumberSource::External(n) => {
                refuse_taken(&tx, n)?;
                Some(n.clone())
            }
            NumberSource::Allocate { template, city_letter, date } => {
                let key =
                    format!("{}|{}|{}", template.as_str(), city_letter.unwrap_or('-'), date.format("%Y%m%d"));
                // Skips serials already used (e.g. by an external number of the same shape).
                loop {
                    let serial: i64 = tx.query_row(
                        "INSERT INTO number_sequences (key, last_serial) VALUES (?1, 1)
                         ON CONFLICT(key) DO UPDATE SET last_serial = last_serial + 1
                         RETURNING last_serial",
                        [&key],
                        |r| r.get(0),
                    )?;
                    let serial = u64::try_from(serial).unwrap_or(u64::MAX);
                    if serial > template.max_serial() {
                        return Err(OrderError::SerialsExhausted(key).into());
                    }
                    let n = template
                        .render(*city_letter, *date, serial)
                        .map_err(|_| OrderError::SerialsExhausted(key.clone()))?;
                    let taken: bool = tx.query_row(
                        "SELECT EXISTS(SELECT 1 FROM orders WHERE image_number = ?1)",
                        [&n],
                        |r| r.get(0),
                    )?;
                    if !taken {
                        break Some(n);
                    }
                }
            }
        };
        tx.execute(
            // A photo purged earlier (empty bytes) gets its bytes back when an order uses it again.
            "INSERT INTO photos (sha256, jpeg) VALUES (?1, ?2)
             ON CONFLICT(sha256) DO UPDATE SET jpeg = excluded.jpeg WHERE length(photos.jpeg) = 0",
            params![o.jpeg_sha256, o.jpeg],
        )?;
        let (original_sha, original_ext) = o.original.clone().unzip();
        tx.execute(
            "INSERT INTO orders (image_number, spec_id, document, customer_name, phone, id_number, hukou,
                 price_fen, payment, operator, notes, status, approval_reason, checks_overall, report_json,
                 photo_sha256, original_sha256, original_ext, reshoot_of, captured_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?21, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20)",
            params![
                number,
                o.spec_id,
                o.document,
                o.customer_name,
                o.phone,
                o.id_number,
                o.hukou,
                o.price_fen,
                o.payment,
                o.operator,
                o.notes,
                o.approval_reason,
                o.checks_overall,
                o.report_json,
                o.jpeg_sha256,
                original_sha,
                original_ext,
                o.reshoot_of,
                o.captured_at,
                o.created_at,
                if number.is_some() { OrderStatus::Pending } else { OrderStatus::AwaitingUpload }.code()
            ],
        )?;
        let id = tx.last_insert_rowid();
        let detail = o.approval_reason.as_deref().map_or(String::new(), |r| format!("检测未通过仍通过：{r}"));
        tx.execute(
            "INSERT INTO order_events (order_id, at, who, what, detail) VALUES (?1, ?2, ?3, 'created', ?4)",
            params![id, o.created_at, o.operator, detail],
        )?;
        if let Some(first) = o.reshoot_of {
            tx.execute(
                "INSERT INTO order_events (order_id, at, who, what, detail) VALUES (?1, ?2, ?3, 'reshoot', ?4)",
                params![first, o.created_at, o.operator, number.as_deref().unwrap_or("待上传")],
            )?;
        }
        let order = tx.query_row(&format!("SELECT {COLUMNS} FROM orders WHERE id = ?1"), [id], row)?;
        tx.commit()?;
        Ok(order)
    }

    pub fn order(&self, id: i64) -> Result<Option<OrderRow>, StorageError> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {COLUMNS} FROM orders WHERE id = ?1"), [id], row)
            .optional()?)
    }

    pub fn order_by_number(&self, number: &str) -> Result<Option<OrderRow>, StorageError> {
        let sql = format!("SELECT {COLUMNS} FROM orders WHERE image_number = ?1");
        Ok(self.conn.query_row(&sql, [number.trim().to_uppercase()], row).optional()?)
    }

    /// The hash and extension of the order's original capture file, if one was kept.
    pub fn order_original(&self, id: i64) -> Result<Option<(String, String)>, StorageError> {
        Ok(self
            .conn
            .query_row("SELECT original_sha256, original_ext FROM orders WHERE id = ?1", [id], |r| {
                Ok(r.get::<_, Option<String>>(0)?.zip(r.get::<_, Option<String>>(1)?))
            })
            .optional()?
            .flatten())
    }

    /// The report the order was approved with (JSON: crop, adjustments, background, checks).
    pub fn order_report(&self, id: i64) -> Result<Option<String>, StorageError> {
        Ok(self
            .conn
            .query_row("SELECT report_json FROM orders WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }

    /// The order's spec JPEG; `None` once it has been purged (retention period) or never existed.
    pub fn order_photo(&self, id: i64) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self
            .conn
            .query_row(
                "SELECT p.jpeg FROM orders o JOIN photos p ON p.sha256 = o.photo_sha256 WHERE o.id = ?1",
                [id],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .optional()?
            .filter(|jpeg| !jpeg.is_empty()))
    }

    /// Orders matching `q`, newest first: image number prefix, name prefix (surname first, as the
    /// counter asks), phone prefix or last four digits, created-at range. Only the filters given go
    /// into the WHERE clause, each one an index range, and every value is a bound parameter (quotes
    /// and SQL in the search box are just text).
    pub fn search_orders(&self, q: &OrderQuery) -> Result<Vec<OrderRow>, StorageError> {
        let mut clauses: Vec<String> = Vec::new();
        let mut values: Vec<String> = Vec::new();
        let mut prefix = |column: &str, value: String, clauses: &mut Vec<String>| {
            let n = values.len();
            clauses.push(format!("({column} >= ?{} AND {column} < ?{})", n + 1, n + 2));
            values.push(value.clone());
            // The smallest string above every one that starts with `value`.
            values.push(format!("{value}\u{10FFFF}"));
        };
        // As typed: full-width digits and letters, spaces, a lower-case letter.
        let number = crate::domain::typed_text::squeeze(&q.number_prefix);
        if !number.is_empty() {
            prefix("image_number", number, &mut clauses);
        }
        let name = crate::domain::typed_text::tidy(&q.name);
        if !name.is_empty() {
            prefix("customer_name", name, &mut clauses);
        }
        let typed_phone = crate::domain::typed_text::fold(&q.phone);
        let phone: String = typed_phone.chars().filter(char::is_ascii_digit).collect();
        if phone.is_empty() && !typed_phone.trim().is_empty() {
            // Typed, but not a phone number: matches no order (rather than every order).
            return Ok(Vec::new());
        }
        if phone.len() == 4 {
            clauses.push(format!("phone_last4 = ?{}", values.len() + 1));
            values.push(phone);
        } else if !phone.is_empty() {
            prefix("phone", phone, &mut clauses);
        }
        for (op, value) in [(">=", &q.from), ("<", &q.to)] {
            if let Some(v) = value {
                clauses.push(format!("created_at {op} ?{}", values.len() + 1));
                values.push(v.clone());
            }
        }
        let filter =
            if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
        let limit = if q.limit == 0 { 200 } else { q.limit };
        let sql = format!("SELECT {COLUMNS} FROM orders {filter} ORDER BY id DESC LIMIT {limit}");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values.iter()), row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Moves an order along 待审核 → 已通过 / 审核失败 → 重拍, logging who and why.
    pub fn set_order_status(
        &mut self,
        id: i64,
        next: OrderStatus,
        reason: Option<&str>,
        who: &str,
        at: &str,
    ) -> Result<(), StorageError> {
        let tx = self.conn.transaction()?;
        let current: Option<String> =
            tx.query_row("SELECT status FROM orders WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        let current = current.and_then(|c| OrderStatus::from_code(&c)).ok_or(OrderError::NotFound(id))?;
        if !current.can_become(next) {
            return Err(OrderError::Transition { from: current, to: next }.into());
        }
        tx.execute(
            "UPDATE orders SET status = ?2, fail_reason = CASE WHEN ?2 = 'failed' THEN ?3 ELSE fail_reason END
             WHERE id = ?1",
            params![id, next.code(), reason],
        )?;
        tx.execute(
            "INSERT INTO order_events (order_id, at, who, what, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, at, who, next.code(), reason.unwrap_or("")],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Logs an event that changes no field (a receipt reprint, an export); returns how many events of
    /// that kind the order now has.
    pub fn log_order_event(
        &mut self,
        id: i64,
        what: &str,
        detail: &str,
        who: &str,
        at: &str,
    ) -> Result<u32, StorageError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO order_events (order_id, at, who, what, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, at, who, what, detail],
        )?;
        let n = event_count(&tx, id, what)?;
        tx.commit()?;
        Ok(n)
    }

    /// How many events of kind `what` the order has (receipts issued, exports).
    pub fn order_event_count(&self, id: i64, what: &str) -> Result<u32, StorageError> {
        Ok(event_count(&self.conn, id, what)?)
    }

    /// The order's events, oldest first: (at, who, what, detail).
    pub fn order_events(&self, id: i64) -> Result<Vec<(String, String, String, String)>, StorageError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, who, what, detail FROM order_events WHERE order_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every order created in `[from, to)` (`YYYY-MM-DD…` strings), oldest first, each with the image
    /// number of the order it re-shoots. No limit: the day's export needs them all.
    pub fn orders_created_between(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<(OrderRow, Option<String>)>, StorageError> {
        let columns: String =
            COLUMNS.split(", ").map(|c| format!("o.{}", c.trim())).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT {columns}, r.image_number FROM orders o LEFT JOIN orders r ON r.id = o.reshoot_of
             WHERE o.created_at >= ?1 AND o.created_at < ?2 ORDER BY o.created_at, o.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([from, to], |r| Ok((row(r)?, r.get::<_, Option<String>>(17)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Orders still 待审核 that were created on or after `since`: the receipts that may expire unused.
    pub fn pending_orders_since(&self, since: &str) -> Result<Vec<OrderRow>, StorageError> {
        let sql =
            format!("SELECT {COLUMNS} FROM orders WHERE status = 'pending' AND created_at >= ?1 ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([since], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Attaches the platform's image number (already checked against the spec's layout) to an order
    /// that is 待上传: it becomes 待审核, logged as `attached`. Refused when the order is not waiting
    /// or another order has the number (that order named); nothing changes then.
    pub fn attach_number(
        &mut self,
        id: i64,
        number: &str,
        who: &str,
        at: &str,
    ) -> Result<OrderRow, StorageError> {
        let tx = self.conn.transaction()?;
        let current: Option<String> =
            tx.query_row("SELECT status FROM orders WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        let current = current.and_then(|c| OrderStatus::from_code(&c)).ok_or(OrderError::NotFound(id))?;
        if current != OrderStatus::AwaitingUpload {
            return Err(OrderError::NotAwaitingUpload { id, status: current }.into());
        }
        refuse_taken(&tx, number)?;
        tx.execute(
            "UPDATE orders SET image_number = ?2, status = 'pending' WHERE id = ?1",
            params![id, number],
        )?;
        tx.execute(
            "INSERT INTO order_events (order_id, at, who, what, detail) VALUES (?1, ?2, ?3, 'attached', ?4)",
            params![id, at, who, number],
        )?;
        let order = tx.query_row(&format!("SELECT {COLUMNS} FROM orders WHERE id = ?1"), [id], row)?;
        tx.commit()?;
        Ok(order)
    }

    /// Orders 待上传, oldest first (the list the operator works through).
    pub fn awaiting_upload(&self) -> Result<Vec<OrderRow>, StorageError> {
        let sql = format!("SELECT {COLUMNS} FROM orders WHERE status = 'upload' ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn order_count(&self) -> Result<u64, StorageError> {
        let n: i64 = self.conn.query_row("SELECT COUNT(*) FROM orders", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

impl crate::domain::i18n::Bilingual for OrderError {
    fn en(&self) -> String {
        match self {
            OrderError::NumberTaken { number, by_order, customer } => {
                format!("Image number {number} is used by order #{by_order} ({customer})")
            }
            OrderError::SerialsExhausted(s) => format!("Today's serial numbers are used up ({s})"),
            OrderError::NotFound(id) => format!("Order {id} does not exist"),
            OrderError::Transition { from, to } => {
                format!("An order's status cannot go from {} to {}", from.label().en(), to.label().en())
            }
            OrderError::NotAwaitingUpload { id, status } => format!(
                "Order #{id} is not awaiting upload (now: {}): it cannot take an image number",
                status.label().en()
            ),
        }
    }
}
