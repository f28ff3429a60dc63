//! The report's page on the lifetime-value model: what the values are counted
//! in, the model check (模型检验) in one sentence with its tracking chart, and
//! the at-risk key accounts (流失预警) biggest first — the list a manager acts
//! on. The export's 流失预警 sheet keeps all of them.

use super::{esc, table_head};
use crate::chart::ChartError;
use crate::clv::ModelCheck;
use crate::format::{date, money, percent};
use crate::tiering::TierTable;
use crate::Lang;

/// At-risk customers listed at most (the rest are counted).
pub const AT_RISK_ROWS: usize = 15;

/// The section's HTML (empty for a ledger without dated transactions).
///
/// # Errors
/// A chart that cannot be drawn.
pub fn section(table: &TierTable, lang: Lang) -> Result<String, ChartError> {
    let m = &table.metrics;
    let Some(check) = &m.model_check else {
        return Ok(String::new());
    };
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut h = format!(
        "<section class=\"model\"><h2>{}</h2><p class=\"basis\">{}</p>",
        l(
            "生命周期价值模型与流失预警",
            "The lifetime-value model and customers at risk"
        ),
        esc(&crate::export::clv_basis_text(&m.clv_basis, lang))
    );
    match check {
        ModelCheck::Done(b) => {
            h.push_str(&format!(
                "<h3>{}</h3><p class=\"sentence\">{}</p><figure>{}<figcaption>{}</figcaption></figure>",
                l("模型检验", "Model check"),
                esc(&b.sentence(lang)),
                crate::chart::model::tracking(b, lang)?,
                l(
                    "累计复购次数：实线为实际，虚线为模型预测，竖线为校准期与预测期的分割日",
                    "Cumulative repeat purchases: actual (solid) and predicted (dashed); the vertical line is the split"
                )
            ));
        }
        ModelCheck::Unavailable { reason } => h.push_str(&format!(
            "<h3>{}</h3><p>{}</p>",
            l("模型检验", "Model check"),
            esc(&crate::export::clv_fallback_text(reason, lang))
        )),
    }
    let risk = table.at_risk();
    let limit = percent(table.policy.lenses.at_risk_alive);
    h.push_str(&format!(
        "<h3>{}</h3>",
        match lang {
            Lang::Zh => format!("流失预警：存活概率低于 {limit} 的 A/B 类客户"),
            Lang::En => format!("At risk: A and B customers with P(active) below {limit}"),
        }
    ));
    if risk.is_empty() {
        h.push_str(&format!(
            "<p>{}</p></section>",
            match m.clv_basis {
                crate::metrics::ClvBasis::Predictive(_) => l("没有。", "None."),
                _ => l(
                    "未使用预测模型，没有存活概率。",
                    "The predictive model was not used: no P(active)."
                ),
            }
        ));
        return Ok(h);
    }
    h.push_str(&table_head(
        "at-risk",
        &[
            (l("客户", "Customer"), false),
            (l("等级", "Tier"), false),
            (l("购买力", "Purchasing power"), true),
            (l("存活概率", "P(active)"), true),
            (l("最近购买", "Last purchase"), false),
            (l("预期购买次数", "Expected purchases"), true),
        ],
    ));
    for &i in risk.iter().take(AT_RISK_ROWS) {
        let c = &m.customers[i];
        h.push_str(&format!(
            "<tr><td>{} {}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(&c.id),
            esc(&c.name),
            esc(table.policy.tier_name(table.assignments[i].tier, lang)),
            money(c.sales, lang),
            percent(c.p_alive.unwrap_or(0.0)),
            c.last_purchase.map(|d| date(d, lang)).unwrap_or_default(),
            c.expected_purchases.map(|e| format!("{e:.1}")).unwrap_or_default()
        ));
    }
    h.push_str("</tbody></table>");
    if risk.len() > AT_RISK_ROWS {
        let more = risk.len() - AT_RISK_ROWS;
        h.push_str(&super::rest_line(match lang {
            Lang::Zh => format!("另有 {more} 位，完整名单见导出工作簿的“流失预警”工作表。"),
            Lang::En => format!("{more} more: the exported workbook's At Risk sheet lists them all."),
        }));
    }
    h.push_str("</section>");
    Ok(h)
}
