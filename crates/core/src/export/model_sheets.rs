//! The predictive model's two sheets: 模型检验 (the backtest on the ledger
//! itself: the sentence, the split and the figures, calibration against holdout
//! by calibration purchases, and the weekly tracking series the app and the
//! report chart) and 流失预警 (every A and B customer whose probability of
//! still being active is below the policy's threshold, biggest first — the
//! dashboard and the report list only the top of it).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::styles::{header_row as header, Kind, Styles};
use crate::clv::{bucket_label, Backtest, ModelCheck};
use crate::tiering::TierTable;
use crate::{format, Lang};

/// Sheet name.
pub fn check_name(lang: Lang) -> &'static str {
    lang.pick("模型检验", "Model Check")
}

/// Sheet name.
pub fn at_risk_name(lang: Lang) -> &'static str {
    lang.pick("流失预警", "At Risk")
}

/// Writes the model-check sheet (dated ledgers only).
pub fn write_check(ws: &mut Worksheet, check: &ModelCheck, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(check_name(lang))?;
    super::styles::print_setup(ws, lang);
    for (j, w) in [34.0, 16.0, 16.0, 16.0].iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    ws.write_string_with_format(
        0,
        0,
        lang.pick(
            "模型检验：生命周期价值模型在本台账上的回测",
            "Model check: the lifetime-value model backtested on this ledger",
        ),
        &st.title,
    )?;
    let b = match check {
        ModelCheck::Done(b) => b,
        ModelCheck::Unavailable { reason } => {
            ws.write_string(2, 0, super::summary_sheet::fallback_text(reason, lang))?;
            return Ok(());
        }
    };
    ws.write_string_with_format(2, 0, b.sentence(lang), &st.bold)?;
    let lines = figures(b, lang);
    let mut r = 4;
    for (label, value, kind) in &lines {
        ws.write_string_with_format(r, 0, *label, &st.bold)?;
        match value {
            Value::Text(s) => ws.write_string(r, 1, s)?,
            Value::Number(v) => ws.write_number_with_format(r, 1, *v, st.cell(*kind, None))?,
        };
        r += 1;
    }
    r += 1;
    r = titled_table(
        ws,
        r,
        lang.pick(
            "按校准期复购次数：预测期平均复购次数",
            "By calibration repeat purchases: mean holdout purchases",
        ),
        &[
            lang.pick("校准期复购次数", "Calibration repeat purchases"),
            lang.pick("客户数", "Customers"),
            lang.pick("实际", "Actual"),
            lang.pick("预测", "Predicted"),
        ],
        st,
    )?;
    for k in &b.buckets {
        r += 1;
        ws.write_string_with_format(r, 0, bucket_label(k.purchases), st.cell(Kind::Text, None))?;
        ws.write_number_with_format(r, 1, k.customers as f64, st.cell(Kind::Int, None))?;
        ws.write_number_with_format(r, 2, k.actual, st.cell(Kind::Decimal, None))?;
        ws.write_number_with_format(r, 3, k.predicted, st.cell(Kind::Decimal, None))?;
    }
    r = titled_table(
        ws,
        r + 2,
        lang.pick("累计复购次数（逐周）", "Cumulative repeat purchases, week by week"),
        &[
            lang.pick("截至", "Up to"),
            lang.pick("实际", "Actual"),
            lang.pick("预测", "Predicted"),
        ],
        st,
    )?;
    for p in &b.tracking {
        r += 1;
        ws.write_string_with_format(r, 0, format::date(p.date, lang), st.cell(Kind::Text, None))?;
        ws.write_number_with_format(r, 1, p.actual, st.cell(Kind::Int, None))?;
        ws.write_number_with_format(r, 2, p.predicted, st.cell(Kind::Decimal, None))?;
    }
    Ok(())
}

/// A bold title at row `r`, the table's header under it; returns the header's row.
fn titled_table(ws: &mut Worksheet, r: u32, title: &str, cols: &[&str], st: &Styles) -> Result<u32, XlsxError> {
    ws.write_string_with_format(r, 0, title, &st.bold)?;
    header(ws, r + 1, cols, st)?;
    Ok(r + 1)
}

enum Value {
    Text(String),
    Number(f64),
}

fn figures(b: &Backtest, lang: Lang) -> Vec<(&'static str, Value, Kind)> {
    use Value::{Number, Text};
    let mut v = vec![
        (
            lang.pick("校准期", "Calibration"),
            Text(format::period(Some(b.start), Some(b.split), lang)),
            Kind::Text,
        ),
        (
            lang.pick("预测期（检验期）", "Holdout"),
            Text(format::period(b.split.succ_opt(), Some(b.end), lang)),
            Kind::Text,
        ),
        (
            lang.pick("分割日", "Split"),
            Text(if b.split_given {
                lang.pick("用户设定", "set by the user").to_string()
            } else {
                lang.pick(
                    "默认：期间的最后三分之一为预测期",
                    "default: the period's last third is the holdout",
                )
                .to_string()
            }),
            Kind::Text,
        ),
        (
            lang.pick("参与检验的客户", "Customers checked"),
            Number(b.customers as f64),
            Kind::Int,
        ),
        (
            lang.pick(
                "预测期才首次购买的客户（未参与）",
                "First bought in the holdout (not checked)",
            ),
            Number(b.new_in_holdout as f64),
            Kind::Int,
        ),
        (
            lang.pick("预测复购次数", "Repeat purchases predicted"),
            Number(b.predicted_purchases),
            Kind::Decimal,
        ),
        (
            lang.pick("实际复购次数", "Repeat purchases made"),
            Number(b.actual_purchases),
            Kind::Int,
        ),
    ];
    if let Some(e) = b.purchases_error {
        v.push((
            lang.pick("误差（预测−实际）/实际", "Error (predicted − actual) / actual"),
            Number(e),
            Kind::Percent,
        ));
    }
    v.push((
        lang.pick(
            "每位客户复购次数的平均绝对误差",
            "Mean absolute error per customer (purchases)",
        ),
        Number(b.purchases_mae),
        Kind::Decimal,
    ));
    v.push((
        lang.pick("价值口径", "Values counted in"),
        Text(super::summary_sheet::value_basis_text(b.value, lang)),
        Kind::Text,
    ));
    v.push((
        lang.pick("预测期价值：预测", "Holdout value predicted"),
        Number(b.predicted_value),
        Kind::Money,
    ));
    v.push((
        lang.pick("预测期价值：实际", "Holdout value actual"),
        Number(b.actual_value),
        Kind::Money,
    ));
    if let Some(e) = b.value_error {
        v.push((lang.pick("价值误差", "Value error"), Number(e), Kind::Percent));
    }
    v.push((
        lang.pick("每位客户价值的平均绝对误差", "Mean absolute error per customer (value)"),
        Number(b.value_mae),
        Kind::Money,
    ));
    let [r, alpha, a, bb] = b.bgnbd;
    v.push((
        lang.pick(
            "校准期 BG/NBD 参数（时间单位：周）",
            "Calibration BG/NBD (time in weeks)",
        ),
        Text(format!("r={r:.3} α={alpha:.3} a={a:.3} b={bb:.3}")),
        Kind::Text,
    ));
    v
}

/// Writes the at-risk sheet: every at-risk key account, biggest first.
pub fn write_at_risk(ws: &mut Worksheet, table: &TierTable, lang: Lang, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(at_risk_name(lang))?;
    super::styles::print_setup(ws, lang);
    for (j, w) in [14.0, 30.0, 12.0, 18.0, 14.0, 14.0, 16.0].iter().enumerate() {
        ws.set_column_width(j as u16, *w)?;
    }
    let limit = format::percent(table.policy.lenses.at_risk_alive);
    let title = match lang {
        Lang::Zh => format!("流失预警：存活概率低于 {limit} 的 A/B 类客户（按购买力排序）"),
        Lang::En => {
            format!("At risk: A and B customers with a probability of being active below {limit}, biggest first")
        }
    };
    ws.write_string_with_format(0, 0, title, &st.title)?;
    header(
        ws,
        2,
        &[
            lang.pick("客户编号", "Customer ID"),
            lang.pick("客户名称", "Customer name"),
            lang.pick("客户等级", "Tier"),
            lang.pick("购买力", "Purchasing power"),
            lang.pick("存活概率", "P(active)"),
            lang.pick("最近购买", "Last purchase"),
            lang.pick("预期购买次数", "Expected purchases"),
        ],
        st,
    )?;
    let rows = table.at_risk();
    if rows.is_empty() {
        let none = match (&table.metrics.clv_basis, lang) {
            (crate::metrics::ClvBasis::Predictive(_), Lang::Zh) => "没有存活概率低于阈值的 A/B 类客户。",
            (crate::metrics::ClvBasis::Predictive(_), Lang::En) => "No A or B customer is below the threshold.",
            (_, Lang::Zh) => "未使用预测模型，没有存活概率（见生命周期价值工作表）。",
            (_, Lang::En) => {
                "The predictive model was not used, so there is no P(active) (see the lifetime value sheet)."
            }
        };
        ws.write_string(3, 0, none)?;
        return Ok(());
    }
    for (k, &i) in rows.iter().enumerate() {
        let r = 3 + k as u32;
        let c = &table.metrics.customers[i];
        let t = table.assignments[i].tier;
        ws.write_string_with_format(r, 0, &c.id, st.cell(Kind::Text, Some(t)))?;
        ws.write_string_with_format(r, 1, &c.name, st.cell(Kind::Text, Some(t)))?;
        ws.write_string_with_format(r, 2, table.policy.tier_name(t, lang), st.cell(Kind::Text, Some(t)))?;
        ws.write_number_with_format(r, 3, c.sales, st.cell(Kind::Money, Some(t)))?;
        ws.write_number_with_format(r, 4, c.p_alive.unwrap_or(0.0), st.cell(Kind::Percent, Some(t)))?;
        ws.write_string_with_format(
            r,
            5,
            c.last_purchase.map(|d| format::date(d, lang)).unwrap_or_default(),
            st.cell(Kind::Text, Some(t)),
        )?;
        match c.expected_purchases {
            Some(e) => ws.write_number_with_format(r, 6, e, st.cell(Kind::Decimal, Some(t)))?,
            None => ws.write_blank(r, 6, st.cell(Kind::Decimal, Some(t)))?,
        };
    }
    Ok(())
}
