//! Deterministic ledgers for Tierbook: the bundled sample (`samples/`), small
//! fixtures for tests, and the 1,000,000-line ledger the benchmark reads.
//!
//! Everything is generated from a fixed seed, so a regenerated sample is
//! byte-for-byte the data the tests expect.

pub mod server;

use chrono::{Datelike, Duration, NaiveDate};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// A small, fast, deterministic random generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        (self.f64() * n as f64) as usize % n.max(1)
    }
}

/// Picks an index with probability proportional to `1 / (i + 1)^s` (Zipf-like),
/// from a precomputed cumulative table.
pub struct Zipf {
    cum: Vec<f64>,
}

impl Zipf {
    /// A Zipf table over `n` items with exponent `s`.
    pub fn new(n: usize, s: f64) -> Zipf {
        let mut cum = Vec::with_capacity(n);
        let mut acc = 0.0;
        for i in 0..n {
            acc += 1.0 / ((i + 1) as f64).powf(s);
            cum.push(acc);
        }
        Zipf { cum }
    }
    /// Draws an index.
    pub fn draw(&self, rng: &mut Rng) -> usize {
        let x = rng.f64() * self.cum.last().copied().unwrap_or(0.0);
        self.cum.partition_point(|c| *c < x).min(self.cum.len() - 1)
    }
}

const SURNAMES: &[&str] = &[
    "华东",
    "江南",
    "恒通",
    "鑫源",
    "宏达",
    "中联",
    "金桥",
    "东方",
    "瑞丰",
    "永盛",
    "天成",
    "海川",
    "博远",
    "新世纪",
    "长城",
    "明珠",
    "九州",
    "泰和",
    "国信",
    "远航",
];
const TRADES: &[&str] = &[
    "机电",
    "建材",
    "贸易",
    "电气",
    "五金",
    "科技",
    "物资",
    "工程",
    "自动化",
    "设备",
];
const FORMS: &[&str] = &["有限公司", "股份有限公司", "贸易商行", "实业有限公司"];
const CITIES: &[&str] = &["上海", "苏州", "杭州", "南京", "宁波", "无锡", "合肥", "常州"];
const PRODUCTS: &[(&str, f64)] = &[
    ("数控车床 CK6140", 168_000.0),
    ("立式加工中心 VMC850", 325_000.0),
    ("精密主轴 SP-120", 18_500.0),
    ("滚珠丝杠 SFU2505", 1_280.0),
    ("直线导轨 HGR25", 960.0),
    ("伺服电机 1.5kW", 4_350.0),
    ("液压站 HY-07", 12_800.0),
    ("刀具套装 T-36", 2_150.0),
    ("冷却液 20L", 386.0),
    ("年度维保服务", 24_000.0),
];
const SALESPEOPLE: &[&str] = &["王建国", "李敏", "张伟", "刘洋", "陈静", "赵磊"];

/// A customer of the sample.
pub struct SampleCustomer {
    /// 客户编号.
    pub id: String,
    /// 客户名称.
    pub name: String,
}

/// The sample's customers, ranked by how much they buy.
pub fn sample_customers(n: usize) -> Vec<SampleCustomer> {
    let mut rng = Rng::new(7);
    let mut used = std::collections::HashSet::new();
    (0..n)
        .map(|i| {
            let name = loop {
                let name = format!(
                    "{}{}{}{}",
                    CITIES[rng.below(CITIES.len())],
                    SURNAMES[rng.below(SURNAMES.len())],
                    TRADES[rng.below(TRADES.len())],
                    FORMS[rng.below(FORMS.len())]
                );
                if used.insert(name.clone()) {
                    break name;
                }
            };
            SampleCustomer {
                id: format!("KH{:04}", 1001 + i),
                name,
            }
        })
        .collect()
}

fn title_format() -> Format {
    Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
}

/// One line of the sample ledger.
struct Line {
    date: NaiveDate,
    order: String,
    customer: usize,
    product: usize,
    qty: f64,
    amount: f64,
    profit: f64,
    salesperson: usize,
    note: &'static str,
}

fn sample_lines(customers: usize, target_lines: usize) -> Vec<Line> {
    year_lines(2025, customers, target_lines, &|c| c)
}

/// A year of orders; `rank` maps a popularity rank to the customer who holds it
/// that year (so customers can rise and fall between years).
fn year_lines(year: i32, customers: usize, target_lines: usize, rank: &dyn Fn(usize) -> usize) -> Vec<Line> {
    let mut rng = Rng::new(year as u64);
    let zipf = Zipf::new(customers, 1.15);
    let start = NaiveDate::from_ymd_opt(year, 1, 2).expect("valid date");
    let mut lines = Vec::new();
    let mut order_no = 1;
    while lines.len() < target_lines {
        let c = rank(zipf.draw(&mut rng));
        let date = start + Duration::days(rng.below(362) as i64);
        let order = format!("XS{year}{:05}", order_no);
        order_no += 1;
        let items = 1 + rng.below(3);
        for _ in 0..items {
            // Big customers buy machines; small ones buy parts and consumables.
            let p = if c < customers / 10 {
                rng.below(PRODUCTS.len())
            } else {
                2 + rng.below(PRODUCTS.len() - 2)
            };
            let (_, price) = PRODUCTS[p];
            let qty = if price > 100_000.0 {
                1.0
            } else {
                (1 + rng.below(if price < 2_000.0 { 40 } else { 6 })) as f64
            };
            let amount = (price * qty * (0.92 + rng.f64() * 0.12) * 100.0).round() / 100.0;
            let margin = 0.12 + rng.f64() * 0.22;
            let profit = (amount * margin * 100.0).round() / 100.0;
            lines.push(Line {
                date,
                order: order.clone(),
                customer: c,
                product: p,
                qty,
                amount,
                profit,
                salesperson: c % SALESPEOPLE.len(),
                note: "",
            });
        }
    }
    // A few returns, netting off earlier lines of the same customer.
    for k in 0..12 {
        let i = (k * 97 + 13) % lines.len();
        let l = &lines[i];
        let qty = l.qty.min(2.0);
        let unit = l.amount / l.qty;
        let profit_unit = l.profit / l.qty;
        let ret = Line {
            date: (l.date + Duration::days(9)).min(NaiveDate::from_ymd_opt(year, 12, 30).expect("valid date")),
            order: format!("TH{year}{:04}", k + 1),
            customer: l.customer,
            product: l.product,
            qty: -qty,
            amount: -(unit * qty * 100.0).round() / 100.0,
            profit: -(profit_unit * qty * 100.0).round() / 100.0,
            salesperson: l.salesperson,
            note: "质量问题退货",
        };
        lines.push(ret);
    }
    lines.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.order.cmp(&b.order)));
    lines
}

/// Writes the bundled sample: `2025销售台账.xlsx`, a realistic hand-kept ledger of a
/// machine-tool distributor: a merged title, a unit line, monthly subtotal rows,
/// Jan–Aug on 销售明细 and Sep–Dec on 销售明细(续) (same header), a grand total per
/// sheet, a notes sheet, returns, amounts typed as text, dates typed in three ways,
/// one row without a customer id and one with an unreadable amount, and an
/// 未回款 column (see [`unpaid`]).
///
/// # Errors
/// Writing the workbook.
pub fn write_sample_ledger(path: &Path) -> Result<(), XlsxError> {
    let customers = sample_customers(120);
    let lines = sample_lines(customers.len(), 2400);
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.00");
    let bold = Format::new().set_bold();
    let bold_money = Format::new().set_bold().set_num_format("#,##0.00");
    let headers = [
        "序号",
        "订单日期",
        "订单编号",
        "客户编号",
        "客户名称",
        "产品名称",
        "数量",
        "含税金额（元）",
        "毛利（元）",
        "业务员",
        "摘要",
        "未回款（元）",
    ];
    let widths = [6.0, 12.0, 14.0, 10.0, 30.0, 22.0, 8.0, 16.0, 14.0, 10.0, 16.0, 14.0];
    let parts: [(&str, u32, u32, bool); 2] = [("销售明细", 1, 8, true), ("销售明细(续)", 9, 12, false)];
    let mut seq = 0;
    for (sheet_name, m0, m1, with_title) in parts {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name)?;
        let mut r: u32 = 0;
        if with_title {
            ws.merge_range(0, 0, 0, 11, "华东精工机械有限公司 2025年销售台账", &title_format())?;
            ws.write_string(1, 0, "制表：财务部")?;
            ws.write_string(1, 7, "单位：元")?;
            r = 3;
        }
        for (j, h) in headers.iter().enumerate() {
            ws.write_string_with_format(r, j as u16, *h, &header_format())?;
            ws.set_column_width(j as u16, widths[j])?;
        }
        ws.set_freeze_panes(r + 1, 0)?;
        r += 1;
        let mut sheet_total = 0.0;
        for month in m0..=m1 {
            let mut month_total = 0.0;
            for l in lines.iter().filter(|l| l.date.month() == month) {
                seq += 1;
                let c = &customers[l.customer];
                ws.write_number(r, 0, seq as f64)?;
                match seq {
                    // Dates typed as text, as hand-kept ledgers have them.
                    37 => ws.write_string(r, 1, format!("{}/{}/{}", l.date.year(), l.date.month(), l.date.day()))?,
                    58 => ws.write_string(
                        r,
                        1,
                        format!("{}年{}月{}日", l.date.year(), l.date.month(), l.date.day()),
                    )?,
                    _ => ws.write_datetime_with_format(r, 1, l.date, &date_fmt)?,
                };
                ws.write_string(r, 2, &l.order)?;
                if seq == 201 {
                    // A row whose customer id was never filled in.
                } else {
                    ws.write_string(r, 3, &c.id)?;
                }
                ws.write_string(r, 4, &c.name)?;
                ws.write_string(r, 5, PRODUCTS[l.product].0)?;
                ws.write_number(r, 6, l.qty)?;
                match seq {
                    // An amount typed as text with a currency sign and separators.
                    90 => ws.write_string(r, 7, format!("¥{}", group(l.amount)))?,
                    // An amount nobody could read.
                    305 => ws.write_string(r, 7, "待核实")?,
                    _ => ws.write_number_with_format(r, 7, l.amount, &money)?,
                };
                ws.write_number_with_format(r, 8, l.profit, &money)?;
                ws.write_string(r, 9, SALESPEOPLE[l.salesperson])?;
                if !l.note.is_empty() {
                    ws.write_string(r, 10, l.note)?;
                }
                ws.write_number_with_format(r, 11, unpaid(l, seq), &money)?;
                // The clerk's SUM counts every amount it can read: the row
                // without a code too, the text one not.
                if seq != 305 {
                    month_total += l.amount;
                }
                r += 1;
            }
            ws.write_string_with_format(r, 0, format!("{month}月小计"), &bold)?;
            ws.write_number_with_format(r, 7, month_total, &bold_money)?;
            sheet_total += month_total;
            r += 1;
            if month == 6 {
                // A blank row the clerk left in the middle of the year.
                r += 1;
            }
        }
        ws.write_string_with_format(r, 0, "合计", &bold)?;
        ws.write_number_with_format(r, 7, (sheet_total * 100.0).round() / 100.0, &bold_money)?;
    }
    let notes = wb.add_worksheet();
    notes.set_name("说明")?;
    notes.write_string(0, 0, "填表说明")?;
    notes.write_string(1, 0, "1. 每笔订单按产品分行登记，退货以负数登记。")?;
    notes.write_string(2, 0, "2. 每月末登记本月小计，年末登记合计。")?;
    notes.write_string(3, 0, "3. 1–8 月见“销售明细”，9–12 月见“销售明细(续)”。")?;
    notes.set_column_width(0, 60)?;
    wb.save(path)
}

/// What is still unpaid of a sample line at the year's end, chosen without the
/// random source (so the amounts stay as they were): most December invoices
/// (within the usual 30-day terms); every line since June of the second-biggest
/// customer (a 欠款大户); every other line since September of the 7th; every
/// line since April of the 15th.
fn unpaid(l: &Line, seq: usize) -> f64 {
    let m = l.date.month();
    let open = l.amount > 0.0
        && match l.customer {
            1 => m >= 6,
            6 => m >= 9 && seq.is_multiple_of(2),
            14 => m >= 4,
            _ => m == 12 && !seq.is_multiple_of(3),
        };
    if open {
        l.amount
    } else {
        0.0
    }
}

/// Writes `2024销售台账.xlsx`: the year before the sample, as a plain ERP export
/// (one sheet, header on the first row, no totals). The same customers, but some
/// ranked differently — every fifth customer swapped with the one three places
/// below — and the last ten only start buying in 2025, so comparing the two
/// years shows upgrades, downgrades and new customers.
///
/// # Errors
/// Writing the workbook.
pub fn write_previous_ledger(path: &Path) -> Result<(), XlsxError> {
    let customers = sample_customers(120);
    let active = customers.len() - 10;
    let rank = |r: usize| match r % 5 {
        0 if r + 3 < active => r + 3,
        3 if r >= 3 => r - 3,
        _ => r,
    };
    let lines = year_lines(2024, active, 2000, &rank);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("销售出库明细")?;
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let money = Format::new().set_num_format("#,##0.00");
    let headers = [
        "单据日期",
        "单据编号",
        "客户编码",
        "客户名称",
        "存货名称",
        "数量",
        "价税合计",
        "毛利",
        "业务员",
    ];
    for (j, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *h, &header_format())?;
        ws.set_column_width(j as u16, if j == 3 || j == 4 { 28.0 } else { 13.0 })?;
    }
    for (i, l) in lines.iter().enumerate() {
        let r = i as u32 + 1;
        let c = &customers[l.customer];
        ws.write_datetime_with_format(r, 0, l.date, &date_fmt)?;
        ws.write_string(r, 1, &l.order)?;
        ws.write_string(r, 2, &c.id)?;
        ws.write_string(r, 3, &c.name)?;
        ws.write_string(r, 4, PRODUCTS[l.product].0)?;
        ws.write_number(r, 5, l.qty)?;
        ws.write_number_with_format(r, 6, l.amount, &money)?;
        ws.write_number_with_format(r, 7, l.profit, &money)?;
        ws.write_string(r, 8, SALESPEOPLE[l.salesperson])?;
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save(path)
}

/// Writes `改名台账.xlsx`: eighteen months of a small company's orders
/// (2024-07 to 2025-12) where one customer changed its name mid-way (KH003
/// 苏州华东机电 → 华东机电（苏州）有限公司), with a return line and a page total
/// (本月合计) under June 2025. It pins that the in-memory and the workspace
/// imports report alike: the renamed id is a name conflict in both, and a
/// period cut from it (2025-07-01 – 2025-12-31) skips the same rows.
///
/// # Errors
/// Writing the workbook.
pub fn write_renamed_ledger(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("销售明细")?;
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for (j, h) in ["日期", "单号", "客户编码", "客户名称", "金额", "毛利"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, j as u16, *h, &header_format())?;
    }
    let customers = [
        ("KH001", "上海宏达贸易有限公司"),
        ("KH002", "杭州新源科技有限公司"),
        ("KH003", "苏州华东机电"),
        ("KH004", "南京恒信建材有限公司"),
        ("KH005", "宁波海运物流有限公司"),
    ];
    let mut rng = Rng::new(20_240_701);
    let mut r = 1u32;
    for month in 0..18u32 {
        let (year, m) = (2024 + ((6 + month) / 12) as i32, (6 + month) % 12 + 1);
        let mut month_total = 0.0;
        for (k, (id, name)) in customers.iter().enumerate() {
            if rng.below(4) == 0 && k > 0 {
                continue;
            }
            let name = if *id == "KH003" && (year, m) >= (2025, 3) {
                "华东机电（苏州）有限公司"
            } else {
                name
            };
            let day = 1 + rng.below(27) as u32;
            let date = NaiveDate::from_ymd_opt(year, m, day).expect("a real day");
            let amount = ((5 - k) as f64 * 10_000.0 + rng.below(9_000) as f64).round();
            ws.write_datetime_with_format(r, 0, date, &date_fmt)?;
            ws.write_string(r, 1, format!("XS{year}{m:02}{k:02}"))?;
            ws.write_string(r, 2, *id)?;
            ws.write_string(r, 3, name)?;
            ws.write_number(r, 4, amount)?;
            ws.write_number(r, 5, (amount * 0.2).round())?;
            month_total += amount;
            r += 1;
        }
        if (year, m) == (2025, 6) {
            let date = NaiveDate::from_ymd_opt(2025, 6, 30).expect("a real day");
            ws.write_datetime_with_format(r, 0, date, &date_fmt)?;
            ws.write_string(r, 1, "XS202506TH")?;
            ws.write_string(r, 2, "KH002")?;
            ws.write_string(r, 3, "杭州新源科技有限公司")?;
            ws.write_number(r, 4, -3_000.0)?;
            ws.write_number(r, 5, -600.0)?;
            month_total -= 3_000.0;
            r += 1;
            ws.write_string(r, 3, "本月合计")?;
            ws.write_number(r, 4, month_total)?;
            r += 1;
        }
    }
    wb.save(path)
}

/// Writes `客户汇总.xlsx`: a customer-summary ledger in 万元 as in the documents'
/// worked example (客户A/B/C first), with more customers after them.
///
/// # Errors
/// Writing the workbook.
pub fn write_summary_ledger(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("客户汇总")?;
    ws.merge_range(0, 0, 0, 6, "大客户分级管理表（2025年度）", &title_format())?;
    let headers = [
        "客户编号",
        "客户名称",
        "购买力（万元）",
        "成交频率",
        "利润贡献（万元）",
        "生命周期价值（万元）",
        "需求和行为模式",
    ];
    for (j, h) in headers.iter().enumerate() {
        ws.write_string_with_format(1, j as u16, *h, &header_format())?;
        ws.set_column_width(j as u16, if j == 6 { 30.0 } else { 16.0 })?;
    }
    let mut rows: Vec<(String, String, f64, f64, f64, f64, String)> = vec![
        (
            "A001".into(),
            "客户A".into(),
            80.0,
            12.0,
            15.0,
            120.0,
            "高端产品和个性化服务".into(),
        ),
        (
            "B001".into(),
            "客户B".into(),
            30.0,
            8.0,
            8.0,
            60.0,
            "性价比高的产品和标准化服务".into(),
        ),
        (
            "C001".into(),
            "客户C".into(),
            15.0,
            4.0,
            3.0,
            30.0,
            "普通产品和标准化服务".into(),
        ),
    ];
    let mut rng = Rng::new(11);
    let customers = sample_customers(40);
    for (i, c) in customers.iter().enumerate().skip(3) {
        let sales = (120.0 / (i as f64).powf(0.9) * (0.8 + rng.f64() * 0.4) * 10.0).round() / 10.0;
        let freq = (2.0 + sales / 6.0 + rng.below(4) as f64).round();
        let profit = (sales * (0.12 + rng.f64() * 0.15) * 10.0).round() / 10.0;
        let clv = (profit * (3.0 + rng.f64() * 6.0) * 10.0).round() / 10.0;
        let needs = [
            "定制化方案，关注交期",
            "价格敏感，批量采购",
            "看重售后与备件",
            "小批量多频次",
        ][rng.below(4)];
        rows.push((c.id.clone(), c.name.clone(), sales, freq, profit, clv, needs.into()));
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 2 + i as u32;
        ws.write_string(row, 0, &r.0)?;
        ws.write_string(row, 1, &r.1)?;
        ws.write_number(row, 2, r.2)?;
        ws.write_number(row, 3, r.3)?;
        ws.write_number(row, 4, r.4)?;
        ws.write_number(row, 5, r.5)?;
        ws.write_string(row, 6, &r.6)?;
    }
    wb.save(path)
}

fn group(v: f64) -> String {
    let s = format!("{v:.2}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{frac}")
}

/// Writes a large transaction ledger for the benchmark: `lines` order lines over
/// `customers` customers with Zipf-like (Pareto) spending, in one sheet, with
/// shared strings as Excel writes them (rust_xlsxwriter's low-memory mode keeps
/// the shared string table and streams rows to disk).
///
/// # Errors
/// Writing the workbook.
pub fn write_large_ledger(path: &Path, lines: usize, customers: usize) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws: &mut Worksheet = wb.add_worksheet_with_low_memory()?;
    ws.set_name("销售明细")?;
    let headers = [
        "订单日期",
        "订单编号",
        "客户编号",
        "客户名称",
        "产品名称",
        "数量",
        "销售额",
        "毛利",
    ];
    for (j, h) in headers.iter().enumerate() {
        ws.write_string(0, j as u16, *h)?;
    }
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let mut rng = Rng::new(42);
    let zipf = Zipf::new(customers, 1.1);
    let names: Vec<String> = (0..customers)
        .map(|i| {
            format!(
                "{}{}{}{}",
                CITIES[i % 8],
                SURNAMES[(i / 8) % 20],
                TRADES[(i / 160) % 10],
                i
            )
        })
        .collect();
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date");
    for r in 0..lines {
        let row = r as u32 + 1;
        // Every customer buys at least once; after that, Pareto-like.
        let c = if r < customers { r } else { zipf.draw(&mut rng) };
        let (pname, price) = PRODUCTS[2 + rng.below(PRODUCTS.len() - 2)];
        let qty = (1 + rng.below(10)) as f64;
        let amount = (price * qty * (0.9 + rng.f64() * 0.2) * 100.0).round() / 100.0;
        ws.write_datetime_with_format(row, 0, start + Duration::days(rng.below(365) as i64), &date_fmt)?;
        ws.write_string(row, 1, format!("SO{:07}", r / 2))?;
        ws.write_string(row, 2, format!("C{:05}", c))?;
        ws.write_string(row, 3, &names[c])?;
        ws.write_string(row, 4, pname)?;
        ws.write_number(row, 5, qty)?;
        ws.write_number(row, 6, amount)?;
        ws.write_number(row, 7, (amount * 0.2 * 100.0).round() / 100.0)?;
    }
    wb.save(path)
}
