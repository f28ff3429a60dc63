//! The 分级汇总 sheet: the policy and period in words; per tier the customers,
//! % of customers, sales, % of sales, profit, % of profit; the top customers of
//! each tier with their share of the tier (what abc-customer-classification.txt
//! asks for); the two charts.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::charts::{self, ChartData};
use super::styles::{Kind, Styles};
use super::SheetNames;
use crate::clv::{ClvFallback, ModelPart, TimeUnit, ValueBasis};
use crate::ledger::ImportReport;
use crate::metrics::ClvBasis;
use crate::tiering::{ratio, Tier, TierTable};
use crate::{format, Lang};

/// How many top customers per tier are listed.
pub const TOP_PER_TIER: usize = 10;

/// Why the predictive CLV (or the model check) was not used, in words.
pub fn fallback_text(f: &ClvFallback, lang: Lang) -> String {
    let model = |m: &ModelPart| match m {
        ModelPart::BgNbd => "BG/NBD",
        ModelPart::GammaGamma => "Gamma-Gamma",
    };
    match (f, lang) {
        (ClvFallback::NoDates, Lang::Zh) => "台账没有交易日期，无法使用预测模型".into(),
        (ClvFallback::NoDates, Lang::En) => "the ledger has no purchase dates for the predictive model".into(),
        (
            ClvFallback::TooFew {
                have,
                need,
                model: ModelPart::BgNbd,
            },
            Lang::Zh,
        ) => {
            format!("有购买记录的客户太少（{have} 位，至少需要 {need} 位且须有复购），未使用预测模型")
        }
        (
            ClvFallback::TooFew {
                have,
                need,
                model: ModelPart::BgNbd,
            },
            Lang::En,
        ) => {
            format!("too few customers with purchases to fit the predictive model ({have}; {need} needed, some of them repeat buyers)")
        }
        (
            ClvFallback::TooFew {
                have,
                need,
                model: ModelPart::GammaGamma,
            },
            Lang::Zh,
        ) => {
            format!("复购金额为正的客户太少（{have} 位，至少需要 {need} 位）")
        }
        (
            ClvFallback::TooFew {
                have,
                need,
                model: ModelPart::GammaGamma,
            },
            Lang::En,
        ) => {
            format!("too few repeat buyers with a positive value ({have}; {need} needed)")
        }
        (
            ClvFallback::FitFailed {
                model: m,
                reached,
                log_likelihood,
            },
            _,
        ) => {
            let at = reached.iter().map(|v| format!("{v:.4}")).collect::<Vec<_>>().join(", ");
            let unused = match (m, lang) {
                (ModelPart::BgNbd, Lang::Zh) => "，未使用预测模型",
                (ModelPart::BgNbd, Lang::En) => "; the predictive model was not used",
                (ModelPart::GammaGamma, _) => "",
            };
            let text = match lang {
                Lang::Zh if at.is_empty() => format!("{} 模型拟合失败：找不到有限的似然值", model(m)),
                Lang::Zh => format!(
                    "{} 模型拟合未收敛（停在参数 {at}，对数似然 {log_likelihood:.1}）",
                    model(m)
                ),
                Lang::En if at.is_empty() => format!("the {} fit found no finite likelihood", model(m)),
                Lang::En => format!(
                    "the {} fit did not converge (it stopped at {at}, log-likelihood {log_likelihood:.1})",
                    model(m)
                ),
            };
            text + unused
        }
        (ClvFallback::Numeric { customer }, Lang::Zh) => {
            format!("预测模型对客户 {customer} 的计算结果不是有限数值，未使用预测模型")
        }
        (ClvFallback::Numeric { customer }, Lang::En) => {
            format!("the predictive model gave no finite value for customer {customer}")
        }
        (ClvFallback::NotConverged, Lang::Zh) => "预测模型拟合未收敛，未使用".into(),
        (ClvFallback::NotConverged, Lang::En) => "the predictive model did not converge".into(),
    }
}

/// What the lifetime values are counted in, in words (销售额口径 …).
pub fn value_basis_text(v: ValueBasis, lang: Lang) -> String {
    match (v, lang) {
        (ValueBasis::Profit, Lang::Zh) => "利润口径".into(),
        (ValueBasis::Profit, Lang::En) => "in profit".into(),
        (ValueBasis::Sales, Lang::Zh) => "销售额口径（台账无利润或成本）".into(),
        (ValueBasis::Sales, Lang::En) => "in sales (the ledger has no profit or cost)".into(),
        (ValueBasis::AssumedMargin { margin }, Lang::Zh) => {
            format!("按假定毛利率 {} 折算的利润口径", format::percent(margin))
        }
        (ValueBasis::AssumedMargin { margin }, Lang::En) => {
            format!("in profit at an assumed gross margin of {}", format::percent(margin))
        }
    }
}

/// The CLV basis in words.
pub fn clv_basis_text(b: &ClvBasis, lang: Lang) -> String {
    match (b, lang) {
        (ClvBasis::Given, Lang::Zh) => "台账提供的生命周期价值".into(),
        (ClvBasis::Given, Lang::En) => "the ledger's own lifetime value column".into(),
        (ClvBasis::Predictive(p), _) => {
            let [r, alpha, a, b] = p.bgnbd;

            let (horizon, rate) = (p.horizon_years, format::percent(p.discount_rate));
            let unit = match (p.time_unit, lang) {
                (TimeUnit::Week, Lang::Zh) => "周",
                (TimeUnit::Day, Lang::Zh) => "天",
                (TimeUnit::Week, Lang::En) => "weeks",
                (TimeUnit::Day, Lang::En) => "days",
            };
            let bgnbd = format!("BG/NBD r={r:.3} α={alpha:.3} a={a:.3} b={b:.3}");
            let gg = match (&p.gamma_gamma, &p.spend_fallback, lang) {
                (Some([gp, gq, gv]), _, _) => format!("Gamma-Gamma p={gp:.3} q={gq:.3} v={gv:.2}"),
                (None, why, Lang::Zh) => format!(
                    "每次购买的价值取客户自己的复购平均值（Gamma-Gamma 未使用：{}）",
                    why.as_ref().map(|w| fallback_text(w, lang)).unwrap_or_default()
                ),
                (None, why, Lang::En) => format!(
                    "value per purchase from each customer's own mean repeat value (Gamma-Gamma not used: {})",
                    why.as_ref().map(|w| fallback_text(w, lang)).unwrap_or_default()
                ),
            };
            let (fitted, spend, left, out) = (p.fitted, p.spend_fitted, p.spend_excluded, p.left_out);
            let basis = value_basis_text(p.value, lang);
            match lang {
                Lang::Zh => format!(
                    "预测模型（BG/NBD + Gamma-Gamma，{basis}）：历史价值 + 未来 {horizon} 年预期价值按年折现率 {rate} 折现；{bgnbd}（时间单位：{unit}；{fitted} 位客户拟合{}），{gg}（{spend} 位复购客户按复购平均价值拟合，{left} 位未参与）",
                    if out > 0 { format!("，{out} 位只有退货的客户未参与") } else { String::new() }
                ),
                Lang::En => format!(
                    "predictive (BG/NBD + Gamma-Gamma, {basis}): historical value + expected value of the next {horizon} years discounted at {rate} a year; {bgnbd} (time in {unit}; {fitted} customers fitted{}), {gg} ({spend} repeat buyers on the mean value of their repeat purchases; {left} left out)",
                    if out > 0 { format!(", {out} with only returns left out") } else { String::new() }
                ),
            }
        }
        (
            ClvBasis::Simple {
                value,
                retention,
                observed,
                further_years,
                fallback,
            },
            Lang::Zh,
        ) => format!(
            "简单估算（{}）：历史价值 + 年价值 × 预期剩余年数 {:.2}（{}留存率 {}）{}",
            value_basis_text(*value, lang),
            further_years,
            if *observed { "按台账观察到的" } else { "采用" },
            format::percent(*retention),
            fallback
                .as_ref()
                .map(|f| format!("；{}", fallback_text(f, lang)))
                .unwrap_or_default()
        ),
        (
            ClvBasis::Simple {
                value,
                retention,
                observed,
                further_years,
                fallback,
            },
            Lang::En,
        ) => format!(
            "simple estimate ({}): historical value + annual value × {:.2} expected further years ({} retention {}){}",
            value_basis_text(*value, lang),
            further_years,
            if *observed { "observed" } else { "assumed" },
            format::percent(*retention),
            fallback
                .as_ref()
                .map(|f| format!("; {}", fallback_text(f, lang)))
                .unwrap_or_default()
        ),
        (ClvBasis::Unavailable { fallback }, Lang::Zh) => format!(
            "未计算：台账无利润或成本数据{}；可在方法面板设定假定毛利率后按利润口径估算",
            fallback.as_ref().map(|f| format!("，且{}", fallback_text(f, lang))).unwrap_or_default()
        ),
        (ClvBasis::Unavailable { fallback }, Lang::En) => format!(
            "not available: the ledger has no profit or cost figures{}; set an assumed gross margin in the method panel to estimate it in profit",
            fallback.as_ref().map(|f| format!(", and {}", fallback_text(f, lang))).unwrap_or_default()
        ),
    }
}

/// Writes the sheet.
pub fn write(
    ws: &mut Worksheet,
    table: &TierTable,
    report: &ImportReport,
    lang: Lang,
    st: &Styles,
    chart_data: &ChartData,
) -> Result<(), XlsxError> {
    ws.set_name(SheetNames::summary(lang))?;
    super::styles::print_setup(ws, lang);
    ws.write_string_with_format(0, 0, lang.pick("客户分级汇总", "Customer Tier Summary"), &st.title)?;
    let m = &table.metrics;
    let lines = [
        (lang.pick("台账文件", "Ledger"), report.file.clone()),
        (
            lang.pick("期间", "Period"),
            format::period(m.period_start, m.period_end, lang),
        ),
        (lang.pick("分级方法", "Method"), table.policy.describe(lang)),
        (
            lang.pick("等级名称", "Tier names"),
            Tier::ALL
                .iter()
                .map(|t| format!("{}={}", t.label(lang), table.policy.tier_name(*t, lang)))
                .collect::<Vec<_>>()
                .join(lang.pick("，", ", ")),
        ),
        (
            lang.pick("生命周期价值", "Lifetime value"),
            clv_basis_text(&m.clv_basis, lang),
        ),
        (
            lang.pick("手工调级", "Manual tiers"),
            table
                .assignments
                .iter()
                .filter(|a| a.override_reason.is_some())
                .count()
                .to_string(),
        ),
    ];
    let mut r = 2u32;
    for (k, v) in lines {
        ws.write_string_with_format(r, 0, k, &st.bold)?;
        ws.write_string(r, 1, v)?;
        r += 1;
    }
    for note in &table.notes {
        ws.write_string(r, 1, note.message(lang))?;
        r += 1;
    }
    r += 1;
    let headers = [
        lang.pick("客户等级", "Tier"),
        lang.pick("等级名称", "Tier name"),
        lang.pick("客户数", "Customers"),
        lang.pick("客户数占比", "% of customers"),
        lang.pick("销售额", "Sales"),
        lang.pick("销售额占比", "% of sales"),
        lang.pick("利润", "Profit"),
        lang.pick("利润占比", "% of profit"),
    ];
    for (j, h) in headers.iter().enumerate() {
        ws.write_string_with_format(r, j as u16, *h, &st.header)?;
    }
    for (j, w) in [12.0, 14.0, 12.0, 30.0, 18.0, 14.0, 18.0, 12.0].iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    r += 1;
    let b = table.breakdown();
    let has_profit = m.total_profit.is_some();
    for x in b.tiers {
        let t = x.tier;
        let tint = Some(t);
        ws.write_string_with_format(r, 0, t.label(lang), st.cell(Kind::Text, tint))?;
        ws.write_string_with_format(r, 1, table.policy.tier_name(t, lang), st.cell(Kind::Text, tint))?;
        ws.write_number_with_format(r, 2, x.customers as f64, st.cell(Kind::Int, tint))?;
        ws.write_number_with_format(r, 3, x.customer_share, st.cell(Kind::Percent, tint))?;
        ws.write_number_with_format(r, 4, x.sales, st.cell(Kind::Money, tint))?;
        ws.write_number_with_format(r, 5, x.sales_share, st.cell(Kind::Percent, tint))?;
        if has_profit {
            ws.write_number_with_format(r, 6, x.profit, st.cell(Kind::Money, tint))?;
            ws.write_number_with_format(r, 7, x.profit_share, st.cell(Kind::Percent, tint))?;
        }
        r += 1;
    }
    ws.write_string_with_format(r, 0, lang.pick("合计", "Total"), &st.bold)?;
    ws.write_number_with_format(r, 2, table.len() as f64, st.cell(Kind::Int, None))?;
    ws.write_number_with_format(
        r,
        3,
        if table.is_empty() { 0.0 } else { 1.0 },
        st.cell(Kind::Percent, None),
    )?;
    ws.write_number_with_format(r, 4, b.sales, st.cell(Kind::Money, None))?;
    if has_profit {
        ws.write_number_with_format(r, 6, b.profit, st.cell(Kind::Money, None))?;
    }
    r += 2;
    ws.write_string_with_format(
        r,
        0,
        lang.pick("各等级前十大客户", "Top customers of each tier"),
        &st.title,
    )?;
    r += 1;
    let top_headers = [
        lang.pick("客户等级", "Tier"),
        lang.pick("等级内排名", "Rank in tier"),
        lang.pick("客户编号", "Customer ID"),
        lang.pick("客户名称", "Customer name"),
        lang.pick("销售额", "Sales"),
        lang.pick("占本等级销售额", "% of tier sales"),
    ];
    for (j, h) in top_headers.iter().enumerate() {
        ws.write_string_with_format(r, j as u16, *h, &st.header)?;
    }
    r += 1;
    for t in Tier::ALL {
        let tier_sales = b.tiers[t.index()].sales;
        let mut members: Vec<usize> = (0..table.len()).filter(|&i| table.assignments[i].tier == t).collect();
        members.sort_by(|&a, &b| {
            let (x, y) = (&m.customers[a], &m.customers[b]);
            y.sales.total_cmp(&x.sales).then_with(|| x.id.cmp(&y.id))
        });
        for (k, &i) in members.iter().take(TOP_PER_TIER).enumerate() {
            let c = &m.customers[i];
            let tint = Some(t);
            ws.write_string_with_format(r, 0, t.label(lang), st.cell(Kind::Text, tint))?;
            ws.write_number_with_format(r, 1, (k + 1) as f64, st.cell(Kind::Int, tint))?;
            ws.write_string_with_format(r, 2, &c.id, st.cell(Kind::Text, tint))?;
            ws.write_string_with_format(r, 3, &c.name, st.cell(Kind::Text, tint))?;
            ws.write_number_with_format(r, 4, c.sales, st.cell(Kind::Money, tint))?;
            ws.write_number_with_format(r, 5, ratio(c.sales, tier_sales), st.cell(Kind::Percent, tint))?;
            r += 1;
        }
    }
    ws.insert_chart(2, 9, &charts::pareto(chart_data, lang))?;
    ws.insert_chart(21, 9, &charts::tier_share(chart_data, lang))?;
    Ok(())
}
