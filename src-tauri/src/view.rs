//! Views of a tier run for the window: the summary and pages of the table.
//! Pure functions of a [`TierTable`], so they are tested without a window.

use std::cmp::Ordering;

use tierbook_core::tiering::lenses::{ClvQuadrant, Lens, Stage};
use tierbook_core::{Lang, TierTable};

use tierbook_core::clv::ModelCheck;

use crate::ipc::{
    AtRiskRow, ConfidenceView, GroupChoices, GroupDim, LensFilter, ModelCheckView, NoteView, Page, PageQuery, RowView,
    SortKey, Summary, TierSummary,
};

/// Rows sent per page at most; the table asks for what is on screen.
pub const MAX_PAGE: u32 = 500;
/// At-risk key accounts listed on the dashboard at most (the table's filter
/// shows them all).
pub const AT_RISK_LISTED: usize = 10;

/// The run's summary.
/// The open ledger's summary, in `lang` (the run's name too, so it follows a
/// change of language).
pub fn summary(s: &crate::state::Session, lang: Lang) -> Summary {
    let table = &s.table;
    let m = &table.metrics;
    let at_risk = table.at_risk();
    Summary {
        file: s.report.file.clone(),
        run_label: s.stored.as_ref().map(|r| r.name(lang)),
        customers: table.len() as u32,
        tiers: table
            .breakdown()
            .tiers
            .iter()
            .map(|x| TierSummary {
                tier: x.tier,
                name: table.policy.tier_name(x.tier, lang).to_string(),
                customers: x.customers as u32,
                customer_share: x.customer_share,
                sales: x.sales,
                sales_share: x.sales_share,
                profit: x.profit,
                profit_share: x.profit_share,
            })
            .collect(),
        policy: (*table.policy).clone(),
        policy_text: table.policy.describe(lang),
        notes: table
            .notes
            .iter()
            .map(|n| NoteView {
                code: serde_json::to_value(n)
                    .ok()
                    .and_then(|v| v["code"].as_str().map(String::from))
                    .unwrap_or_default(),
                text: n.message(lang),
            })
            .collect(),
        profit_text: m
            .total_profit
            .is_none()
            .then(|| tierbook_core::tiering::TierNote::NoProfit.message(lang)),
        period_start: m.period_start.map(|d| d.to_string()),
        period_end: m.period_end.map(|d| d.to_string()),
        total_sales: m.total_sales,
        total_profit: m.total_profit,
        clv_basis: m.clv_basis.clone(),
        overrides: table.assignments.iter().filter(|a| a.override_reason.is_some()).count() as u32,
        rfm_cuts: table.rfm.cuts.clone(),
        warnings: table.lenses.iter().filter(|l| l.credit.any()).count() as u32,
        warning_share: m
            .customers
            .iter()
            .zip(&table.lenses)
            .filter(|(_, l)| l.credit.any())
            .map(|(c, _)| c.share)
            .sum(),
        clv_text: tierbook_core::export::clv_basis_text(&m.clv_basis, lang),
        confidence: ConfidenceView {
            line: s.report.confidence(lang),
            doubtful: s.report.doubtful(),
            items: s
                .report
                .findings
                .iter()
                .map(|f| (f.is_doubt(), f.message(lang)))
                .collect(),
        },
        model_check: m.model_check.as_ref().map(|check| model_check(check, m, lang)),
        at_risk: at_risk
            .iter()
            .take(AT_RISK_LISTED)
            .map(|&i| {
                let c = &m.customers[i];
                AtRiskRow {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    tier: table.assignments[i].tier,
                    sales: c.sales,
                    p_alive: c.p_alive.unwrap_or(0.0),
                    last_purchase: c.last_purchase.map(|d| d.to_string()),
                    expected_purchases: c.expected_purchases,
                }
            })
            .collect(),
        at_risk_count: at_risk.len() as u32,
        at_risk_share: at_risk.iter().map(|&i| m.customers[i].share).sum(),
    }
}

fn model_check(check: &ModelCheck, m: &tierbook_core::metrics::MetricsSet, lang: Lang) -> ModelCheckView {
    let value = match &m.clv_basis {
        tierbook_core::metrics::ClvBasis::Predictive(p) => p.value,
        tierbook_core::metrics::ClvBasis::Simple { value, .. } => *value,
        _ => tierbook_core::clv::ValueBasis::Sales,
    };
    match check {
        ModelCheck::Done(b) => ModelCheckView {
            sentence: Some(b.sentence(lang)),
            unavailable: None,
            value_text: tierbook_core::export::value_basis_text(b.value, lang),
            backtest: Some(b.as_ref().clone()),
        },
        ModelCheck::Unavailable { reason } => ModelCheckView {
            sentence: None,
            unavailable: Some(tierbook_core::export::clv_fallback_text(reason, lang)),
            value_text: tierbook_core::export::value_basis_text(value, lang),
            backtest: None,
        },
    }
}

fn cmp_opt(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
}

/// One page of the table, filtered and sorted as asked. Ties keep the table's
/// own order (tier, value, id), so paging is stable.
pub fn page(table: &TierTable, q: &PageQuery, groups: &Groups) -> Page {
    let needle = tierbook_core::lookup::Needle::new(&q.search);
    let customers = &table.metrics.customers;
    let at_risk: std::collections::HashSet<usize> = match q.lens {
        Some(LensFilter::AtRisk) => table.at_risk().into_iter().collect(),
        _ => Default::default(),
    };
    let mut rows: Vec<(usize, usize)> = table
        .order
        .iter()
        .enumerate()
        .filter(|(_, &i)| q.tier.is_none_or(|t| table.assignments[i].tier == t))
        .filter(|(_, &i)| {
            let l = &table.lenses[i];
            match q.lens {
                None => true,
                Some(LensFilter::CreditRisk) => l.credit.any(),
                Some(LensFilter::Exploration) => l.stage == Some(Stage::Exploration),
                Some(LensFilter::BuildUp) => l.stage == Some(Stage::BuildUp),
                Some(LensFilter::Maturity) => l.stage == Some(Stage::Maturity),
                Some(LensFilter::Decline) => l.stage == Some(Stage::Decline),
                Some(LensFilter::AtRisk) => at_risk.contains(&i),
            }
        })
        .filter(|(_, &i)| needle.matches(&customers[i].id, &customers[i].name))
        .filter(|(_, &i)| {
            q.group
                .as_ref()
                .is_none_or(|g| groups.of(&customers[i], g.dim).any(|v| v == g.value))
        })
        .map(|(pos, &i)| (pos, i))
        .collect();
    if q.sort != SortKey::Tier {
        let needs: Vec<String> = if q.sort == SortKey::Needs {
            customers.iter().map(|c| c.needs.text(q.lang)).collect()
        } else {
            Vec::new()
        };
        // Names in pinyin order, as Excel and WPS sort Chinese (zh-CN).
        let spelled: Vec<String> = if q.sort == SortKey::Name {
            customers
                .iter()
                .map(|c| tierbook_core::lookup::sort_key(&c.name))
                .collect()
        } else {
            Vec::new()
        };
        rows.sort_by(|&(pa, a), &(pb, b)| {
            let (x, y) = (&customers[a], &customers[b]);
            let (ax, ay) = (&table.assignments[a], &table.assignments[b]);
            let o = match q.sort {
                SortKey::Tier => Ordering::Equal,
                SortKey::Id => x.id.cmp(&y.id),
                SortKey::Name => spelled[a].cmp(&spelled[b]).then_with(|| x.name.cmp(&y.name)),
                SortKey::Sales => x.sales.total_cmp(&y.sales),
                SortKey::Frequency => x.frequency.cmp(&y.frequency),
                SortKey::Profit => cmp_opt(x.profit, y.profit),
                SortKey::Clv => cmp_opt(x.clv, y.clv),
                SortKey::Needs => needs[a].cmp(&needs[b]),
                SortKey::Share => x.share.total_cmp(&y.share),
                SortKey::Rank => x.rank.cmp(&y.rank),
                SortKey::Recency => x.recency_days.cmp(&y.recency_days),
                SortKey::Margin => cmp_opt(x.margin, y.margin),
                SortKey::Score => cmp_opt(ax.score, ay.score),
                SortKey::Rfm => {
                    let (p, q) = (table.rfm.scores[a], table.rfm.scores[b]);
                    (p.r, p.f, p.m).cmp(&(q.r, q.f, q.m))
                }
                SortKey::Alive => cmp_opt(x.p_alive, y.p_alive),
                SortKey::Expected => cmp_opt(x.expected_purchases, y.expected_purchases),
                SortKey::Gap => cmp_opt(
                    x.rhythm.as_ref().and_then(|r| r.mean_gap_days),
                    y.rhythm.as_ref().and_then(|r| r.mean_gap_days),
                ),
                SortKey::Growth => cmp_opt(table.lenses[a].growth, table.lenses[b].growth),
                SortKey::Potential => table.lenses[a].potential.total_cmp(&table.lenses[b].potential),
                SortKey::Segment => table.rfm.segments[a].cmp(&table.rfm.segments[b]),
                SortKey::Stage => stage_rank(&table.lenses[a]).cmp(&stage_rank(&table.lenses[b])),
                SortKey::Level => table.lenses[a].level.cmp(&table.lenses[b].level),
                SortKey::Quadrant => quadrant_rank(&table.lenses[a]).cmp(&quadrant_rank(&table.lenses[b])),
                SortKey::Loyalty => table.lenses[a].loyalty.cmp(&table.lenses[b].loyalty),
                SortKey::Credit => credit_rank(&table.lenses[a]).cmp(&credit_rank(&table.lenses[b])),
            };
            o.then(pa.cmp(&pb))
        });
    }
    if q.descending {
        rows.reverse();
    }
    let total = rows.len() as u32;
    let limit = q.limit.min(MAX_PAGE) as usize;
    let start = (q.offset as usize).min(rows.len());
    let end = (start + limit).min(rows.len());
    let rows = rows[start..end].iter().map(|&(_, i)| row(table, i, q.lang)).collect();
    Page {
        total,
        offset: start as u32,
        rows,
    }
}

/// One customer of the table as the window shows it.
pub fn row(table: &TierTable, i: usize, lang: Lang) -> RowView {
    let c = &table.metrics.customers[i];
    let a = &table.assignments[i];
    RowView {
        id: c.id.clone(),
        name: c.name.clone(),
        tier: a.tier,
        computed: a.computed,
        sales: c.sales,
        frequency: c.frequency,
        profit: c.profit,
        clv: c.clv,
        needs: c.needs.text(lang),
        share: c.share,
        cumulative_share: c.cumulative_share,
        rank: c.rank as u32,
        recency_days: c.recency_days,
        margin: c.margin,
        score: a.score,
        override_reason: a.override_reason.clone(),
        rfm: {
            let r = table.rfm.scores[i];
            format!("{}-{}-{}", r.r, r.f, r.m)
        },
        segment: table.rfm.segments[i].name(lang).to_string(),
        stage: table.lenses[i]
            .stage
            .map(|s| s.name(lang).to_string())
            .unwrap_or_default(),
        level: table.lenses[i].level.name(lang).to_string(),
        quadrant: table.lenses[i]
            .quadrant
            .map(|x| x.name(lang).to_string())
            .unwrap_or_default(),
        loyalty: table.lenses[i].loyalty.name(lang).to_string(),
        credit: table.lenses[i].credit.describe(lang),
        unpaid_share: table.lenses[i].unpaid_share,
        unpaid_age_days: table.lenses[i].unpaid_age_days,
        growth: table.lenses[i].growth,
        potential: table.lenses[i].potential,
        mean_gap_days: c.rhythm.as_ref().and_then(|r| r.mean_gap_days),
        expected_purchases: c.expected_purchases,
        p_alive: c.p_alive,
    }
}

/// What the window gets after an import or when a stored run is opened.
pub fn outcome(s: &crate::state::Session, already: Option<String>, lang: Lang) -> crate::ipc::ImportOutcome {
    crate::ipc::ImportOutcome {
        report: s.report.clone(),
        summary: summary(s, lang),
        run_id: s.stored.as_ref().map(|r| r.id),
        already,
    }
}

/// Warnings first counted, then the unpaid share (a customer with more
/// warnings and a larger unpaid share sorts as riskier).
fn credit_rank(l: &Lens) -> (usize, u64) {
    (l.credit.list().count(), (l.unpaid_share.unwrap_or(0.0) * 1e6) as u64)
}

/// Stages in lifecycle order, unknown last.
fn stage_rank(l: &Lens) -> u8 {
    match l.stage {
        Some(Stage::Exploration) => 0,
        Some(Stage::BuildUp) => 1,
        Some(Stage::Maturity) => 2,
        Some(Stage::Decline) => 3,
        None => 4,
    }
}

/// Quadrants best first, unknown last.
fn quadrant_rank(l: &Lens) -> u8 {
    match l.quadrant {
        Some(ClvQuadrant::Vip) => 0,
        Some(ClvQuadrant::Maintain) => 1,
        Some(ClvQuadrant::Improve) => 2,
        Some(ClvQuadrant::Drop) => 3,
        None => 4,
    }
}

/// The groups the table filters by: what each customer's 客户档案 says of its
/// 客户经理, 地区 and 行业 (empty without a workspace or records), the
/// ledger's 业务员, and the products each customer bought.
#[derive(Debug, Default)]
pub struct Groups {
    records: std::collections::HashMap<String, tierbook_core::store::CustomerRecord>,
}

impl Groups {
    /// From the workspace's records.
    pub fn new(records: Vec<tierbook_core::store::CustomerRecord>) -> Groups {
        Groups {
            records: records.into_iter().map(|r| (r.id.clone(), r)).collect(),
        }
    }

    /// A customer's groups of a kind: the record's 客户经理 (else the ledger's
    /// last 业务员), 地区 or 行业 (one at most), or the products it bought.
    pub fn of<'a>(
        &'a self,
        c: &'a tierbook_core::metrics::CustomerMetrics,
        dim: GroupDim,
    ) -> impl Iterator<Item = &'a str> + 'a {
        let rec = self.records.get(&c.id);
        let field =
            |f: fn(&tierbook_core::store::CustomerRecord) -> &str| rec.map(f).map(str::trim).filter(|v| !v.is_empty());
        let (one, many): (Option<&str>, &[String]) = match dim {
            GroupDim::Salesperson => (
                field(|r| &r.manager).or(c.salesperson.as_deref().map(str::trim).filter(|v| !v.is_empty())),
                &[],
            ),
            GroupDim::Region => (field(|r| &r.region), &[]),
            GroupDim::Industry => (field(|r| &r.industry), &[]),
            GroupDim::Product => (None, &c.products),
        };
        one.into_iter().chain(many.iter().map(String::as_str))
    }

    /// Whether a kind of group is read from the 客户档案 (products are the ledger's alone).
    pub fn needs_records(dim: GroupDim) -> bool {
        dim != GroupDim::Product
    }

    /// The groups of the table's customers, biggest first.
    pub fn choices(&self, table: &TierTable) -> GroupChoices {
        let count = |dim: GroupDim| {
            let mut n: std::collections::BTreeMap<&str, u32> = Default::default();
            for c in &table.metrics.customers {
                for g in self.of(c, dim) {
                    *n.entry(g).or_default() += 1;
                }
            }
            let mut v: Vec<(String, u32)> = n.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            v.sort_by_cached_key(|(name, n)| (std::cmp::Reverse(*n), tierbook_core::lookup::sort_key(name)));
            v
        };
        GroupChoices {
            salespeople: count(GroupDim::Salesperson),
            regions: count(GroupDim::Region),
            industries: count(GroupDim::Industry),
            products: count(GroupDim::Product),
        }
    }
}
