//! Flags turned into a policy (raw → validated): the policy file or the
//! method's preset, then the flags on top, validated once by the core.

use chrono::NaiveDate;
use tierbook_core::import::{self, Role, Unit};
use tierbook_core::{CheckedPolicy, Period, PolicyError, TierPolicy};

use crate::args::{ClassifyArgs, ImportArgs};
use crate::error::{bad, CliError};

pub(crate) fn parse_date(flag: &str, v: &Option<String>) -> Result<Option<NaiveDate>, CliError> {
    v.as_deref()
        .map(|s| {
            import::cell::parse_date_text(s)
                .map_err(|_| bad(flag, s, ("日期，如 2025-01-01", "a date such as 2025-01-01")))
        })
        .transpose()
}

pub(crate) fn apply_import_args(policy: &mut TierPolicy, a: &ImportArgs) -> Result<(), CliError> {
    for m in &a.map {
        let (role, column) = m.split_once('=').ok_or_else(|| {
            bad(
                "--map",
                m,
                ("角色=列名，如 amount=含税金额", "ROLE=COLUMN, e.g. amount=Net Sales"),
            )
        })?;
        let role = Role::parse(role).ok_or_else(|| bad("--map", m, ("已知角色：customer_id customer_name date amount profit cost quantity order_id product salesperson receivable needs frequency clv", "a known role: customer_id customer_name date amount profit cost quantity order_id product salesperson receivable needs frequency clv")))?;
        policy.run.import.mapping.insert(role, column.trim().to_string());
    }
    if a.header_row.is_some() {
        policy.run.import.header_row = a.header_row;
    }
    if !a.sheets.is_empty() {
        policy.run.import.sheets = Some(a.sheets.clone());
    }
    if let Some(u) = &a.unit {
        let unit = Unit::parse(u).ok_or_else(|| bad("--unit", u, ("元、千元 或 万元", "元, 千元 or 万元")))?;
        for role in Role::ALL.into_iter().filter(|r| r.is_money()) {
            policy.run.import.units.insert(role, unit);
        }
    }
    Ok(())
}

/// Builds the policy: the file (or the method's preset), then the flags on top.
/// The result is checked here, once, whatever it was built from.
pub fn build_policy(a: &ClassifyArgs) -> Result<CheckedPolicy, CliError> {
    let mut policy = match &a.policy {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| CliError::PolicyFile {
                path: p.display().to_string(),
                detail: e.to_string(),
            })?;
            TierPolicy::parse_json(&p.display().to_string(), &text)?
        }
        None => TierPolicy::default(),
    };
    if let Some(method) = a.method {
        if a.policy.is_none() {
            policy = TierPolicy::preset(method);
        } else {
            policy.method = method;
        }
    }
    if let Some(m) = a.metric {
        policy.metric = m;
    }
    let period = Period {
        from: parse_date("--from", &a.from)?,
        to: parse_date("--to", &a.to)?,
    };
    if !period.is_open() {
        policy.run.import.period = period;
    }
    if let Some(m) = &a.clv_margin {
        let t = m.trim();
        let v = match t.strip_suffix('%') {
            Some(p) => p.trim().parse::<f64>().map(|p| p / 100.0),
            None => t.parse::<f64>(),
        };
        policy.clv_margin = Some(v.ok().filter(|v| *v > 0.0 && *v <= 1.0).ok_or_else(|| {
            bad(
                "--clv-margin",
                m,
                (
                    "0 到 1 之间的毛利率，如 0.25 或 25%",
                    "a gross margin between 0 and 1, e.g. 0.25 or 25%",
                ),
            )
        })?);
    }
    for o in &a.overrides {
        let expected = (
            "客户=等级:原因，如 C042=A:战略意义",
            "CUSTOMER=TIER:REASON, e.g. C042=A:strategic",
        );
        let (customer, rest) = o.split_once('=').ok_or_else(|| bad("--override", o, expected))?;
        let (tier, reason) = rest
            .split_once([':', '：'])
            .ok_or_else(|| bad("--override", o, expected))?;
        let tier = tierbook_core::Tier::parse(tier).ok_or_else(|| bad("--override", o, expected))?;
        policy.run.overrides.retain(|x| x.customer != customer.trim());
        policy.run.overrides.push(tierbook_core::tiering::policy::Override {
            customer: customer.trim().into(),
            tier,
            reason: reason.trim().into(),
        });
    }
    apply_import_args(&mut policy, &a.import)?;
    policy.check().map_err(|e: PolicyError| CliError::Core(e.into()))
}
