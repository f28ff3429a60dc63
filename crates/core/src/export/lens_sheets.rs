//! One sheet per value lens, each stating the parameters used: RFM 客户细分 (the
//! scale, scheme and cut points, and the segments with their tiers and totals)
//! and 生命周期价值 (the CLV method, and per tier the historical profit, expected
//! future profit and CLV). Each customer's RFM scores, segment and CLV are
//! columns of the tier table, so the lens sheets stay small.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::styles::{Kind, Styles};
use crate::metrics::ClvBasis;
use crate::tiering::rfm::RfmScale;
use crate::tiering::{ratio, Tier, TierTable};
use crate::Lang;

/// Writes label–value lines from row `r` down (labels bold in column A, values
/// in column `col`) and returns the row after them.
fn labelled(ws: &mut Worksheet, mut r: u32, col: u16, lines: &[(&str, String)], st: &Styles) -> Result<u32, XlsxError> {
    for (k, v) in lines {
        ws.write_string_with_format(r, 0, *k, &st.bold)?;
        ws.write_string(r, col, v)?;
        r += 1;
    }
    Ok(r)
}
/// Sheet names.
pub fn rfm_name(lang: Lang) -> &'static str {
    lang.pick("RFM客户细分", "RFM Segments")
}

/// Sheet names.
pub fn clv_name(lang: Lang) -> &'static str {
    lang.pick("生命周期价值", "Lifetime Value")
}

use super::styles::header_row as header;

/// One row of a totals table: a class, the tier it maps to (if any), its
/// customers and their sales.
struct Totals {
    name: &'static str,
    tier: Option<Tier>,
    customers: usize,
    sales: f64,
}

/// A table of classes with customers, % of customers, sales and % of sales,
/// headed by `first` (the class column, and the tier column when rows have tiers).
fn totals_table(
    ws: &mut Worksheet,
    r: &mut u32,
    first: &[&str],
    rows: &[Totals],
    table: &TierTable,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut cols = first.to_vec();
    cols.extend([
        lang.pick("客户数", "Customers"),
        lang.pick("客户占比", "% customers"),
        lang.pick("销售额", "Sales"),
        lang.pick("销售占比", "% sales"),
    ]);
    header(ws, *r, &cols, st)?;
    *r += 1;
    let n = table.len() as f64;
    let positive: f64 = table.metrics.customers.iter().map(|c| c.sales.max(0.0)).sum();
    for row in rows {
        let cell = |k: Kind| st.cell(k, row.tier);
        let mut j = 0u16;
        ws.write_string_with_format(*r, j, row.name, cell(Kind::Text))?;
        if let Some(t) = row.tier {
            j += 1;
            ws.write_string_with_format(*r, j, t.label(lang), cell(Kind::Text))?;
        }
        ws.write_number_with_format(*r, j + 1, row.customers as f64, cell(Kind::Int))?;
        ws.write_number_with_format(*r, j + 2, ratio(row.customers as f64, n), cell(Kind::Percent))?;
        ws.write_number_with_format(*r, j + 3, row.sales, cell(Kind::Money))?;
        ws.write_number_with_format(*r, j + 4, ratio(row.sales.max(0.0), positive), cell(Kind::Percent))?;
        *r += 1;
    }
    Ok(())
}

fn join(v: &[f64]) -> String {
    v.iter()
        .map(|x| crate::format::group(*x, 0))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Writes the RFM sheet.
pub fn write_rfm(ws: &mut Worksheet, table: &TierTable, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(rfm_name(lang))?;
    super::styles::print_setup(ws, lang);
    for (j, w) in [14.0, 30.0, 12.0, 14.0, 12.0, 16.0, 8.0, 8.0, 8.0, 20.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(j as u16, *w)?;
    }
    let rfm = &table.rfm;
    let p = &table.policy.rfm;
    ws.write_string_with_format(0, 0, lang.pick("RFM 客户细分", "RFM segments"), &st.title)?;
    let scale = match (rfm.scale, lang) {
        (RfmScale::Quintiles, Lang::Zh) => "五分位（1–5 分）",
        (RfmScale::Quintiles, Lang::En) => "quintiles (1–5)",
        (RfmScale::Quartiles, Lang::Zh) => "四分位（1–4 分）",
        (RfmScale::Quartiles, Lang::En) => "quartiles (1–4)",
    };
    let params: [(&str, String); 6] = [
        (lang.pick("评分方式", "Scoring"), scale.to_string()),
        (
            lang.pick(
                "R 分界点（距期末次日天数）",
                "R cut points (days to the day after the period)",
            ),
            join(&rfm.cuts.recency),
        ),
        (
            lang.pick("F 分界点（次）", "F cut points (purchases)"),
            join(&rfm.cuts.frequency),
        ),
        (
            lang.pick("M 分界点（元）", "M cut points (¥)"),
            join(&rfm.cuts.monetary),
        ),
        (
            lang.pick("分界规则", "Edges"),
            lang.pick(
                "数值等于分界点时取较低分，相同数值得分相同；R 天数越少得分越高",
                "a value on a cut takes the lower score, equal values share a score; fewer R days score higher",
            )
            .to_string(),
        ),
        (
            lang.pick("分界点来源", "Cut points from"),
            if p.cuts.is_some() {
                lang.pick("用户设定", "set by the user")
            } else {
                lang.pick("台账分位数", "the ledger's quantiles")
            }
            .to_string(),
        ),
    ];
    let mut r = labelled(ws, 2, 2, &params, st)? + 1;
    let rows: Vec<Totals> = rfm
        .totals(&table.metrics.customers, p)
        .into_iter()
        .map(|x| Totals {
            name: x.segment.name(lang),
            tier: Some(x.tier),
            customers: x.customers,
            sales: x.sales,
        })
        .collect();
    totals_table(
        ws,
        &mut r,
        &[lang.pick("客户细分", "Segment"), lang.pick("对应等级", "Tier")],
        &rows,
        table,
        lang,
        st,
    )
}

/// Writes the CLV sheet (only when lifetime values exist).
pub fn write_clv(ws: &mut Worksheet, table: &TierTable, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(clv_name(lang))?;
    super::styles::print_setup(ws, lang);
    for (j, w) in [14.0, 30.0, 12.0, 18.0, 18.0, 18.0].iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    ws.write_string_with_format(0, 0, lang.pick("生命周期价值", "Lifetime value"), &st.title)?;
    ws.write_string_with_format(2, 0, lang.pick("计算方法", "Method"), &st.bold)?;
    ws.write_string(
        2,
        1,
        super::summary_sheet::clv_basis_text(&table.metrics.clv_basis, lang),
    )?;
    // Per tier: historical value, expected future value and CLV (each
    // customer's are on the tier table), in what the values are counted in.
    let sales_basis = match &table.metrics.clv_basis {
        ClvBasis::Predictive(p) => p.value,
        ClvBasis::Simple { value, .. } => *value,
        _ => crate::clv::ValueBasis::Profit,
    };
    let (hist_label, future_label) = match sales_basis {
        crate::clv::ValueBasis::Sales => (
            lang.pick("历史销售额", "Historical sales"),
            lang.pick("预期未来销售额（折现）", "Expected future sales (discounted)"),
        ),
        crate::clv::ValueBasis::AssumedMargin { .. } => (
            lang.pick("历史利润（按假定毛利率）", "Historical profit (assumed margin)"),
            lang.pick(
                "预期未来利润（按假定毛利率，折现）",
                "Expected future profit (assumed margin, discounted)",
            ),
        ),
        crate::clv::ValueBasis::Profit => (
            lang.pick("历史利润", "Historical profit"),
            lang.pick("预期未来利润（折现）", "Expected future profit (discounted)"),
        ),
    };
    header(
        ws,
        4,
        &[
            lang.pick("客户等级", "Tier"),
            lang.pick("客户数", "Customers"),
            hist_label,
            future_label,
            lang.pick("生命周期价值", "Lifetime value"),
        ],
        st,
    )?;
    let given = table.metrics.clv_basis == ClvBasis::Given;
    for (k, t) in Tier::ALL.iter().enumerate() {
        let r = 5 + k as u32;
        let rows = table
            .metrics
            .customers
            .iter()
            .zip(&table.assignments)
            .filter(|(_, a)| a.tier == *t);
        let (n, profit, clv) = rows.fold((0usize, 0.0, 0.0), |(n, p, v), (c, _)| {
            let clv = c.clv.unwrap_or(0.0);
            let hist = match c.future_value {
                Some(f) if !given => clv - f,
                _ => c.profit.unwrap_or(0.0),
            };
            (n + 1, p + hist, v + clv)
        });
        let text = st.cell(Kind::Text, Some(*t));
        let money = st.cell(Kind::Money, Some(*t));
        ws.write_string_with_format(r, 0, t.label(lang), text)?;
        ws.write_number_with_format(r, 1, n as f64, st.cell(Kind::Int, Some(*t)))?;
        ws.write_number_with_format(r, 2, profit, money)?;
        if given {
            ws.write_blank(r, 3, money)?;
        } else {
            ws.write_number_with_format(r, 3, clv - profit, money)?;
        }
        ws.write_number_with_format(r, 4, clv, money)?;
    }
    Ok(())
}

/// Sheet name.
pub fn value_name(lang: Lang) -> &'static str {
    lang.pick("价值矩阵", "Value Matrix")
}

/// Writes the value-matrix sheet: the rules and thresholds, then customers and
/// sales per account level (with its CLV quadrant and coverage model), per
/// relationship stage and per credit warning.
pub fn write_value(ws: &mut Worksheet, table: &TierTable, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    use crate::tiering::lenses::{AccountLevel, CreditFlag, LoyaltyGrid, Stage};
    ws.set_name(value_name(lang))?;
    super::styles::print_setup(ws, lang);
    for (j, w) in [30.0, 16.0, 12.0, 12.0, 18.0, 12.0].iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    ws.write_string_with_format(
        0,
        0,
        lang.pick(
            "客户价值矩阵、生命周期与信用风险",
            "Value matrix, lifecycle and credit risk",
        ),
        &st.title,
    )?;
    let o = &table.policy.lenses;
    let pct = crate::format::percent;
    let rules: [(&str, String); 8] = [
        (
            lang.pick("生命周期价值象限", "CLV quadrant"),
            lang.pick(
                "当前价值 = 历史利润（无利润数据时为销售额）；未来价值 = 生命周期价值 − 历史利润；不低于中位数为“高”：VIP 高/高，改进 低/高，维持 高/低，放弃 低/低",
                "current = historical profit (sales without profit figures); future = lifetime value − historical profit; at or above the median is high: VIP high/high, improve low/high, maintain high/low, drop low/low",
            )
            .to_string(),
        ),
        (
            lang.pick("潜力（价值矩阵）", "Potential (value matrix)"),
            match lang {
                Lang::Zh => format!(
                    "潜力分 0–100 = 未来价值百分位（无生命周期价值时为成交频率）× {} + 增长百分位 × {}；增长 = 后半期销售额占本期的比重；不低于中位数为“高潜力”",
                    pct(1.0 - o.growth_weight),
                    pct(o.growth_weight)
                ),
                Lang::En => format!(
                    "potential score 0–100 = future-value percentile (purchases without lifetime values) × {} + growth percentile × {}; growth = the second half's share of the period's sales; at or above the median is high",
                    pct(1.0 - o.growth_weight),
                    pct(o.growth_weight)
                ),
            },
        ),
        (
            lang.pick("退化期", "Decline"),
            match lang {
                Lang::Zh => format!(
                    "超过 {} 天未采购，或采购次数下滑：后半期不超过前半期的 {}（前半期至少 4 次）",
                    o.dormant_days,
                    pct(1.0 - o.decline_drop)
                ),
                Lang::En => format!(
                    "no purchase for more than {} days, or purchases falling: the second half has at most {} of the first half's (at least 4)",
                    o.dormant_days,
                    pct(1.0 - o.decline_drop)
                ),
            },
        ),
        (
            lang.pick("考察期 / 稳定期", "Exploration / maturity"),
            match lang {
                Lang::Zh => format!(
                    "仅一次采购或合作不足 {} 天为考察期；采购次数不少于复购客户中位数且合作满 {} 天为稳定期；其余为形成期",
                    o.exploration_days,
                    2 * o.exploration_days
                ),
                Lang::En => format!(
                    "one purchase or under {} days is exploration; at least the median repeat buyer's purchases over {} days is maturity; else build-up",
                    o.exploration_days,
                    2 * o.exploration_days
                ),
            },
        ),
        (
            lang.pick("高忠诚（A–G 网格）", "Loyal (A–G grid)"),
            match lang {
                Lang::Zh => format!(
                    "复购且采购次数不少于复购客户中位数、合作满 {} 天、采购规律：采购间隔的变异系数不超过 {:.2}（至少 3 个采购日时判断）",
                    2 * o.exploration_days,
                    o.regularity_cv
                ),
                Lang::En => format!(
                    "a repeat buyer with at least the median repeat buyer's purchases over {} days who buys steadily: gaps between purchase days vary by at most {:.2} of their mean (judged from 3 purchase days)",
                    2 * o.exploration_days,
                    o.regularity_cv
                ),
            },
        ),
        (
            lang.pick("欠款偏大", "Large arrears"),
            match lang {
                Lang::Zh => format!("应收余额超过销售额的 {}", pct(o.arrears_share)),
                Lang::En => format!("unpaid balance above {} of sales", pct(o.arrears_share)),
            },
        ),
        (
            lang.pick("欠款逾期", "Overdue arrears"),
            match lang {
                Lang::Zh => format!("最早一笔未回款销售距期末超过 {} 天", o.overdue_days),
                Lang::En => format!("the oldest unpaid sale is more than {} days before the period's end", o.overdue_days),
            },
        ),
        (
            lang.pick("大额低毛利", "Big buyer, low margin"),
            match lang {
                Lang::Zh => format!("销售额不低于中位数且毛利率低于 {}", pct(o.low_margin)),
                Lang::En => format!("sales at or above the median and margin below {}", pct(o.low_margin)),
            },
        ),
    ];
    let mut r = labelled(ws, 2, 1, &rules, st)?;
    // Customers and sales of every class a lens gives.
    let class = |name: &'static str, f: &dyn Fn(&crate::tiering::lenses::Lens) -> bool| {
        let (customers, sales) = table
            .metrics
            .customers
            .iter()
            .zip(&table.lenses)
            .filter(|(_, l)| f(l))
            .fold((0usize, 0.0), |(k, s), (c, _)| (k + 1, s + c.sales));
        Totals {
            name,
            tier: None,
            customers,
            sales,
        }
    };
    let levels: Vec<Totals> = [
        AccountLevel::Major,
        AccountLevel::Named,
        AccountLevel::NonNamed,
        AccountLevel::Mass,
    ]
    .into_iter()
    .map(|lv| class(lv.name(lang), &|l| l.level == lv))
    .collect();
    let stages: Vec<Totals> = [Stage::Exploration, Stage::BuildUp, Stage::Maturity, Stage::Decline]
        .into_iter()
        .map(|sg| class(sg.name(lang), &|l| l.stage == Some(sg)))
        .collect();
    let grid: Vec<Totals> = [
        LoyaltyGrid::A,
        LoyaltyGrid::B,
        LoyaltyGrid::C,
        LoyaltyGrid::D,
        LoyaltyGrid::E,
        LoyaltyGrid::F,
        LoyaltyGrid::G,
    ]
    .into_iter()
    .map(|g| class(g.name(lang), &|l| l.loyalty == g))
    .collect();
    let flags: Vec<Totals> = CreditFlag::ALL
        .into_iter()
        .map(|f| class(f.name(lang), &|l| l.credit.has(f)))
        .collect();
    for (title, rows) in [
        (lang.pick("客户级别（覆盖方式）", "Account level (coverage)"), levels),
        (lang.pick("关系生命周期", "Relationship stage"), stages),
        (lang.pick("忠诚度 × 价值（A–G）", "Loyalty × value (A–G)"), grid),
        (
            lang.pick(
                "利润质量 / 信用预警（一户可有多项）",
                "Profit / credit warnings (a customer may have several)",
            ),
            flags,
        ),
    ] {
        r += 1;
        totals_table(ws, &mut r, &[title], &rows, table, lang, st)?;
    }
    Ok(())
}
