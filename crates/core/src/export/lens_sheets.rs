//! One sheet per value lens, each stating the parameters used: RFM 客户细分 (the
//! scale, scheme and cut points, and the segments with their tiers and totals)
//! and 生命周期价值 (the CLV method, and per tier the historical profit, expected
//! future profit and CLV). Each customer's RFM scores, segment and CLV are
//! columns of the tier table, so the lens sheets stay small.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::styles::{Kind, Styles};
use crate::metrics::ClvBasis;
use crate::tiering::rfm::{RfmScale, Segment, SegmentScheme};
use crate::tiering::{Tier, TierTable};
use crate::Lang;

/// Sheet names.
pub fn rfm_name(lang: Lang) -> &'static str {
    lang.pick("RFM客户细分", "RFM Segments")
}

/// Sheet names.
pub fn clv_name(lang: Lang) -> &'static str {
    lang.pick("生命周期价值", "Lifetime Value")
}

fn header(ws: &mut Worksheet, r: u32, cols: &[&str], st: &Styles) -> Result<(), XlsxError> {
    for (j, h) in cols.iter().enumerate() {
        ws.write_string_with_format(r, j as u16, *h, &st.header)?;
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
    let mut r = 2u32;
    for (k, v) in params {
        ws.write_string_with_format(r, 0, k, &st.bold)?;
        ws.write_string(r, 2, v)?;
        r += 1;
    }
    r += 1;
    header(
        ws,
        r,
        &[
            lang.pick("客户细分", "Segment"),
            lang.pick("对应等级", "Tier"),
            lang.pick("客户数", "Customers"),
            lang.pick("客户占比", "% customers"),
            lang.pick("销售额", "Sales"),
            lang.pick("销售占比", "% sales"),
        ],
        st,
    )?;
    r += 1;
    let segments: &[Segment] = match rfm.scheme {
        SegmentScheme::Eight => &Segment::EIGHT,
        SegmentScheme::Eleven => &Segment::ELEVEN,
    };
    let n = table.metrics.customers.len().max(1) as f64;
    let positive: f64 = table.metrics.customers.iter().map(|c| c.sales.max(0.0)).sum();
    for seg in segments {
        let tier = p.tier(*seg);
        let (count, sales) = table
            .metrics
            .customers
            .iter()
            .zip(&rfm.segments)
            .filter(|(_, s)| *s == seg)
            .fold((0usize, 0.0), |(k, s), (c, _)| (k + 1, s + c.sales));
        ws.write_string_with_format(r, 0, seg.name(lang), st.cell(Kind::Text, Some(tier)))?;
        ws.write_string_with_format(r, 1, tier.label(lang), st.cell(Kind::Text, Some(tier)))?;
        ws.write_number_with_format(r, 2, count as f64, st.cell(Kind::Int, Some(tier)))?;
        ws.write_number_with_format(r, 3, count as f64 / n, st.cell(Kind::Percent, Some(tier)))?;
        ws.write_number_with_format(r, 4, sales, st.cell(Kind::Money, Some(tier)))?;
        let share = if positive > 0.0 { sales.max(0.0) / positive } else { 0.0 };
        ws.write_number_with_format(r, 5, share, st.cell(Kind::Percent, Some(tier)))?;
        r += 1;
    }
    Ok(())
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
    // Per tier: historical profit, expected future profit and CLV (each
    // customer's are on the tier table).
    header(
        ws,
        4,
        &[
            lang.pick("客户等级", "Tier"),
            lang.pick("客户数", "Customers"),
            lang.pick("历史利润", "Historical profit"),
            lang.pick("预期未来利润（折现）", "Expected future profit (discounted)"),
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
            (n + 1, p + c.profit.unwrap_or(0.0), v + c.clv.unwrap_or(0.0))
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
    use crate::tiering::lenses::{AccountLevel, CreditFlag, Stage};
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
    let rules: [(&str, String); 5] = [
        (
            lang.pick("当前 × 未来价值", "Current × future value"),
            lang.pick(
                "当前价值 = 历史利润（无利润数据时为销售额）；未来价值 = 生命周期价值 − 历史利润（无生命周期价值时为成交频率）；不低于中位数为“高”",
                "current = historical profit (sales without profit figures); future = lifetime value − historical profit (purchases without lifetime values); at or above the median is high",
            )
            .to_string(),
        ),
        (
            lang.pick("退化期", "Decline"),
            match lang {
                Lang::Zh => format!("超过 {} 天未采购", o.dormant_days),
                Lang::En => format!("no purchase for more than {} days", o.dormant_days),
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
            lang.pick("欠款偏大", "Large arrears"),
            match lang {
                Lang::Zh => format!("应收余额超过销售额的 {}", pct(o.arrears_share)),
                Lang::En => format!("unpaid balance above {} of sales", pct(o.arrears_share)),
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
    let mut r = 2u32;
    for (k, v) in rules {
        ws.write_string_with_format(r, 0, k, &st.bold)?;
        ws.write_string(r, 1, v)?;
        r += 1;
    }
    let n = table.len().max(1) as f64;
    let positive: f64 = table.metrics.customers.iter().map(|c| c.sales.max(0.0)).sum();
    let block =
        |ws: &mut Worksheet, r: &mut u32, title: &str, rows: Vec<(String, usize, f64)>| -> Result<(), XlsxError> {
            *r += 1;
            header(
                ws,
                *r,
                &[
                    title,
                    lang.pick("客户数", "Customers"),
                    lang.pick("客户占比", "% customers"),
                    lang.pick("销售额", "Sales"),
                    lang.pick("销售占比", "% sales"),
                ],
                st,
            )?;
            *r += 1;
            for (name, count, sales) in rows {
                ws.write_string_with_format(*r, 0, name, st.cell(Kind::Text, None))?;
                ws.write_number_with_format(*r, 1, count as f64, st.cell(Kind::Int, None))?;
                ws.write_number_with_format(*r, 2, count as f64 / n, st.cell(Kind::Percent, None))?;
                ws.write_number_with_format(*r, 3, sales, st.cell(Kind::Money, None))?;
                let share = if positive > 0.0 { sales.max(0.0) / positive } else { 0.0 };
                ws.write_number_with_format(*r, 4, share, st.cell(Kind::Percent, None))?;
                *r += 1;
            }
            Ok(())
        };
    let total = |f: &dyn Fn(&crate::tiering::lenses::Lens) -> bool| {
        table
            .metrics
            .customers
            .iter()
            .zip(&table.lenses)
            .filter(|(_, l)| f(l))
            .fold((0usize, 0.0), |(k, s), (c, _)| (k + 1, s + c.sales))
    };
    let levels = [
        AccountLevel::Major,
        AccountLevel::Named,
        AccountLevel::NonNamed,
        AccountLevel::Mass,
    ]
    .into_iter()
    .map(|lv| {
        let (k, s) = total(&|l| l.level == lv);
        (lv.name(lang).to_string(), k, s)
    })
    .collect();
    block(
        ws,
        &mut r,
        lang.pick("客户级别（覆盖方式）", "Account level (coverage)"),
        levels,
    )?;
    let stages = [Stage::Exploration, Stage::BuildUp, Stage::Maturity, Stage::Decline]
        .into_iter()
        .map(|sg| {
            let (k, s) = total(&|l| l.stage == Some(sg));
            (sg.name(lang).to_string(), k, s)
        })
        .collect();
    block(ws, &mut r, lang.pick("关系生命周期", "Relationship stage"), stages)?;
    use crate::tiering::lenses::LoyaltyGrid;
    let grid = [
        LoyaltyGrid::A,
        LoyaltyGrid::B,
        LoyaltyGrid::C,
        LoyaltyGrid::D,
        LoyaltyGrid::E,
        LoyaltyGrid::F,
        LoyaltyGrid::G,
    ]
    .into_iter()
    .map(|g| {
        let (k, s) = total(&|l| l.loyalty == g);
        (g.name(lang).to_string(), k, s)
    })
    .collect();
    block(
        ws,
        &mut r,
        lang.pick("忠诚度 × 价值（A–G）", "Loyalty × value (A–G)"),
        grid,
    )?;
    let flags = [CreditFlag::LargeArrears, CreditFlag::LowMargin, CreditFlag::Both]
        .into_iter()
        .map(|f| {
            let (k, s) = total(&|l| l.credit == Some(f));
            (f.name(lang).to_string(), k, s)
        })
        .collect();
    block(
        ws,
        &mut r,
        lang.pick("利润质量 / 信用预警", "Profit / credit warnings"),
        flags,
    )?;
    Ok(())
}
