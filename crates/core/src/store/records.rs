//! What the user keeps about customers across imports and runs — 客户档案 records
//! and the 需求和行为模式 text — with every edit in the audit log (who, when,
//! why); each customer's history over the saved runs; workspace settings; and
//! rewriting a run in place when its policy or overrides change.
//!
//! Why here: records outlive any one ledger (a customer keeps its account manager
//! from year to year), and edits must be traceable, so the audit row is written in
//! the same transaction as the edit.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::db::{p, Db, DbError, Row};
use super::{now, StoreError, Workspace};
use crate::metrics::{MetricsSet, Needs};
use crate::tiering::{Tier, TierTable};

/// A customer's record (客户档案). Empty strings mean "not recorded".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct CustomerRecord {
    /// 客户编号.
    pub id: String,
    /// 客户名称.
    pub name: String,
    /// 客户经理.
    pub manager: String,
    /// 联系人 / 电话.
    pub contact: String,
    /// 行业.
    pub industry: String,
    /// 地区.
    pub region: String,
    /// 备注.
    pub notes: String,
    /// 需求和行为模式 (used in the tier table instead of the derived text).
    pub needs: String,
}

impl CustomerRecord {
    /// The editable fields with the names the audit log uses (the documents' words).
    const FIELDS: [(&'static str, &'static str); 6] = [
        ("name", "客户名称"),
        ("manager", "客户经理"),
        ("contact", "联系人"),
        ("industry", "行业"),
        ("region", "地区"),
        ("notes", "备注"),
    ];

    fn field(&self, f: &str) -> &str {
        match f {
            "name" => &self.name,
            "manager" => &self.manager,
            "contact" => &self.contact,
            "industry" => &self.industry,
            "region" => &self.region,
            "notes" => &self.notes,
            _ => "",
        }
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who (the operating-system user).
    pub who: String,
    /// The customer concerned, if any.
    pub customer: Option<String>,
    /// What: `override`, `override_undone`, `needs`, `record`, `delete_ledger`, …
    pub action: String,
    /// The change and its reason, in words.
    pub detail: String,
    /// The database user that made it, on a team server (stamped by the server).
    pub db_user: Option<String>,
    /// The run it changed, for edits to a run's tiers.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub run_id: Option<i64>,
}

/// A customer in one saved run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerPeriod {
    /// The run.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub run_id: i64,
    /// The run's label (its period).
    pub label: String,
    /// Period start.
    pub from: Option<NaiveDate>,
    /// Period end.
    pub to: Option<NaiveDate>,
    /// Tier given (after overrides).
    pub tier: Tier,
    /// Tier the method gave.
    pub computed: Tier,
    /// Sales in the period.
    pub sales: f64,
    /// Profit in the period.
    pub profit: Option<f64>,
    /// Purchases in the period.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub frequency: Option<i64>,
    /// Why the tier was set by hand.
    pub override_reason: Option<String>,
}

/// An edit to record in the audit log with the change it made.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// Who made it.
    pub who: &'a str,
    /// The customer concerned.
    pub customer: Option<&'a str>,
    /// What kind of edit (`override`, `override_undone`, `policy`).
    pub action: &'a str,
    /// The change and its reason, in words.
    pub detail: &'a str,
}

fn opt(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// Makes sure a customer row exists (records are created on first edit).
fn ensure(db: &dyn Db, id: &str, name: &str) -> Result<(), DbError> {
    db.exec(
        "INSERT INTO customer (id, name) VALUES (?1, ?2) ON CONFLICT(id) DO NOTHING",
        p![id, name],
    )
    .map(|_| ())
}

/// An audit entry about to be written.
pub(super) struct Entry<'a> {
    pub who: &'a str,
    pub customer: Option<&'a str>,
    pub run_id: Option<i64>,
    pub action: &'a str,
    pub detail: &'a str,
}

/// Appends to the audit log inside the caller's transaction (the log is never
/// rewritten; on a team server the server adds the database user).
pub(super) fn audit(db: &dyn Db, e: &Entry<'_>) -> Result<(), DbError> {
    db.exec(
        "INSERT INTO audit (at, who, customer, run_id, action, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        p![&now(), e.who, e.customer, e.run_id, e.action, e.detail],
    )
    .map(|_| ())
}

/// Who last changed what an edit was based on, for [`StoreError::Conflict`]:
/// the newest audit entry matching `filter` (a `WHERE` on `audit`).
fn last_change(db: &dyn Db, filter: &str, params: &[super::db::P<'_>]) -> Result<(String, String), DbError> {
    let found = db.one(
        &format!("SELECT who, db_user, at FROM audit WHERE {filter} ORDER BY id DESC LIMIT 1"),
        params,
        |r| {
            let who = match (r.opt_str(0)?, r.opt_str(1)?) {
                (Some(w), Some(u)) if w != u => format!("{w}（{u}）"),
                (w, u) => w.or(u).unwrap_or_default(),
            };
            Ok((who, r.str(2)?))
        },
    )?;
    Ok(found.unwrap_or_else(|| ("?".into(), String::new())))
}

impl Workspace {
    /// A customer's record; a blank one (with `name`) when nothing is recorded yet.
    pub fn customer_record(&self, id: &str, name: &str) -> Result<CustomerRecord, StoreError> {
        let found = self
            .db
            .one(
                "SELECT id, name, manager, contact, industry, region, notes, needs FROM customer WHERE id = ?1",
                p![id],
                record_from_row,
            )
            .map_err(|e| self.sql(e))?;
        Ok(found.unwrap_or_else(|| CustomerRecord {
            id: id.to_string(),
            name: name.to_string(),
            ..CustomerRecord::default()
        }))
    }

    /// Every customer record (客户档案) kept, for filtering the table by
    /// 地区, 行业 or 客户经理.
    pub fn customer_records(&self) -> Result<Vec<CustomerRecord>, StoreError> {
        self.db
            .all(
                "SELECT id, name, manager, contact, industry, region, notes, needs FROM customer ORDER BY id",
                &[],
                record_from_row,
            )
            .map_err(|e| self.sql(e))
    }

    /// Saves a record (not its needs text: see [`Workspace::set_needs`]) and audits
    /// each changed field with its old and new value.
    pub fn save_customer_record(&mut self, rec: &CustomerRecord, who: &str) -> Result<(), StoreError> {
        self.writable()?;
        let old = self.customer_record(&rec.id, &rec.name)?;
        let shown = |v: &str| {
            if v.trim().is_empty() {
                "（空）".to_string()
            } else {
                v.trim().to_string()
            }
        };
        let changes: Vec<String> = CustomerRecord::FIELDS
            .iter()
            .filter(|(f, _)| old.field(f).trim() != rec.field(f).trim())
            .map(|(f, label)| format!("{label}：{} → {}", shown(old.field(f)), shown(rec.field(f))))
            .collect();
        if changes.is_empty() {
            return Ok(());
        }
        self.db
            .tx(|db| {
                ensure(db, &rec.id, rec.name.trim())?;
                db.exec(
                    "UPDATE customer SET name = ?2, manager = ?3, contact = ?4, industry = ?5, region = ?6, notes = ?7 WHERE id = ?1",
                    p![
                        &rec.id,
                        rec.name.trim(),
                        opt(&rec.manager),
                        opt(&rec.contact),
                        opt(&rec.industry),
                        opt(&rec.region),
                        opt(&rec.notes)
                    ],
                )?;
                audit(
                    db,
                    &Entry {
                        who,
                        customer: Some(&rec.id),
                        run_id: None,
                        action: "record",
                        detail: &changes.join("；"),
                    },
                )
            })
            .map_err(|e| self.sql(e))
    }

    /// Sets (or, with empty text, clears) a customer's 需求和行为模式 text, audited.
    /// `seen` is the text the user edited (`None`: none was recorded): when
    /// someone else changed it meanwhile, nothing is written and
    /// [`StoreError::Conflict`] says who and when.
    pub fn set_needs(
        &mut self,
        id: &str,
        name: &str,
        seen: Option<&str>,
        text: &str,
        who: &str,
    ) -> Result<(), StoreError> {
        self.writable()?;
        let seen = seen.and_then(opt);
        let outcome = self
            .db
            .tx(|db| {
                ensure(db, id, name)?;
                let changed = db.exec(
                    "UPDATE customer SET needs = ?2 WHERE id = ?1 AND needs IS NOT DISTINCT FROM ?3",
                    p![id, opt(text), seen],
                )?;
                if changed == 0 {
                    return Ok(Err(last_change(db, "customer = ?1 AND action = 'needs'", p![id])?));
                }
                audit(
                    db,
                    &Entry {
                        who,
                        customer: Some(id),
                        run_id: None,
                        action: "needs",
                        detail: text.trim(),
                    },
                )?;
                Ok(Ok(()))
            })
            .map_err(|e| self.sql(e))?;
        outcome.map_err(|(who, at)| StoreError::Conflict { who, at })
    }

    /// Every customer's recorded 需求和行为模式 text, by customer id: what an
    /// edit of one is based on ([`Workspace::set_needs`]'s `seen`).
    pub fn recorded_needs(&self) -> Result<HashMap<String, String>, StoreError> {
        Ok(self
            .db
            .all("SELECT id, needs FROM customer WHERE needs IS NOT NULL", &[], |r| {
                Ok((r.str(0)?, r.str(1)?))
            })
            .map_err(|e| self.sql(e))?
            .into_iter()
            .collect())
    }

    /// Puts the recorded needs texts into a ledger's metrics, so they show (and
    /// export) in every run, whatever the ledger said.
    pub fn apply_records(&self, metrics: &mut MetricsSet) -> Result<(), StoreError> {
        let needs = self.recorded_needs()?;
        if needs.is_empty() {
            return Ok(());
        }
        for c in &mut metrics.customers {
            if let Some(text) = needs.get(&c.id) {
                c.needs = Needs::Given { text: text.clone() };
            }
        }
        Ok(())
    }

    /// The audit log for one customer (or, with `None`, everything), newest first.
    pub fn audit_log(&self, customer: Option<&str>) -> Result<Vec<AuditEntry>, StoreError> {
        self.db
            .all(
                "SELECT at, who, customer, action, detail, db_user, run_id FROM audit WHERE CAST(?1 AS TEXT) IS NULL OR customer = ?1 ORDER BY id DESC",
                p![customer],
                |r| {
                    Ok(AuditEntry {
                        at: r.str(0)?,
                        who: r.str(1)?,
                        customer: r.opt_str(2)?,
                        action: r.str(3)?,
                        detail: r.str(4)?,
                        db_user: r.opt_str(5)?,
                        run_id: r.opt_i64(6)?,
                    })
                },
            )
            .map_err(|e| self.sql(e))
    }

    /// A customer over every saved run, earliest period first, periods named in `lang`.
    pub fn customer_history(&self, id: &str, lang: crate::Lang) -> Result<Vec<CustomerPeriod>, StoreError> {
        self.db
            .all(
                "SELECT r.id, r.label, r.period_from, r.period_to, x.tier, x.computed, x.sales, x.profit, x.frequency, x.override_reason,
                        l.first_date, l.last_date
                 FROM run_result x JOIN run r ON r.id = x.run_id JOIN ledger l ON l.id = r.ledger_id WHERE x.customer = ?1
                 ORDER BY COALESCE(r.period_from, ''), r.id",
                p![id],
                |r| {
                    let date = |s: Option<String>| s.and_then(|s| s.parse().ok());
                    let tier = |s: String| Tier::parse(&s).unwrap_or(Tier::C);
                    let (from, to) = (date(r.opt_str(2)?), date(r.opt_str(3)?));
                    let label = super::run_name(
                        crate::Period { from, to },
                        (date(r.opt_str(10)?), date(r.opt_str(11)?)),
                        &r.str(1)?,
                        lang,
                    );
                    Ok(CustomerPeriod {
                        run_id: r.i64(0)?,
                        label,
                        from,
                        to,
                        tier: tier(r.str(4)?),
                        computed: tier(r.str(5)?),
                        sales: r.f64(6)?,
                        profit: r.opt_f64(7)?,
                        frequency: r.opt_i64(8)?,
                        override_reason: r.opt_str(9)?,
                    })
                },
            )
            .map_err(|e| self.sql(e))
    }

    /// Replaces a run's policy and results with a re-tiered table (the user changed
    /// the method or an override), audited with `change`, in one transaction.
    /// `version` is the run's version the edit was made on: when someone else
    /// changed the run since, nothing is written and [`StoreError::Conflict`]
    /// says who and when. Returns the run's new version.
    pub fn update_run(
        &mut self,
        run_id: i64,
        version: i64,
        table: &TierTable,
        change: Option<Change<'_>>,
    ) -> Result<i64, StoreError> {
        self.writable()?;
        let run = self.run_info(run_id)?;
        let frame = self.frame_for(run.ledger_id, run.period, table)?;
        let outcome = self
            .db
            .tx(|db| {
                let owners = super::owners::Owners::read(db, frame.is_some())?;
                let frame = frame.as_deref();
                let changed = db.exec(
                    "UPDATE run SET policy = ?2, version = version + 1, frame = ?4 WHERE id = ?1 AND version = ?3",
                    p![run_id, &table.policy.to_json(), version, frame],
                )?;
                if changed == 0 {
                    return Ok(Err(last_change(db, "run_id = ?1", p![run_id])?));
                }
                db.exec("DELETE FROM run_result WHERE run_id = ?1", p![run_id])?;
                super::insert_results(db, run_id, table, &owners)?;
                if let Some(c) = change {
                    audit(
                        db,
                        &Entry {
                            who: c.who,
                            customer: c.customer,
                            run_id: Some(run_id),
                            action: c.action,
                            detail: c.detail,
                        },
                    )?;
                }
                Ok(Ok(version + 1))
            })
            .map_err(|e| self.sql(e))?;
        outcome.map_err(|(who, at)| StoreError::Conflict { who, at })
    }

    /// A workspace setting (JSON text), if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.db
            .one("SELECT value FROM setting WHERE key = ?1", p![key], |r| r.str(0))
            .map_err(|e| self.sql(e))
    }

    /// Sets a workspace setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.writable()?;
        self.db
            .exec(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                p![key, value],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// The column mapping remembered for a ledger layout (a header's key).
    pub fn mapping(&self, layout: &str) -> Result<Option<crate::import::ImportOptions>, StoreError> {
        let json: Option<String> = self
            .db
            .one("SELECT options FROM saved_mapping WHERE layout = ?1", p![layout], |r| {
                r.str(0)
            })
            .map_err(|e| self.sql(e))?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// Remembers the column mapping for a ledger layout.
    pub fn save_mapping(&self, layout: &str, options: &crate::import::ImportOptions) -> Result<(), StoreError> {
        self.writable()?;
        let json = serde_json::to_string(options).expect("options serialise");
        self.db
            .exec(
                "INSERT INTO saved_mapping (layout, options) VALUES (?1, ?2) ON CONFLICT(layout) DO UPDATE SET options = excluded.options",
                p![layout, &json],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// Keeps a policy under a name (replacing one of the same name).
    pub fn save_policy(&self, name: &str, policy: &crate::tiering::CheckedPolicy) -> Result<(), StoreError> {
        self.writable()?;
        self.db
            .exec(
                "INSERT INTO saved_policy (name, policy) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET policy = excluded.policy",
                p![name, &policy.to_json()],
            )
            .map(|_| ())
            .map_err(|e| self.sql(e))
    }

    /// The saved policies by name.
    pub fn policies(&self) -> Result<Vec<(String, crate::tiering::CheckedPolicy)>, StoreError> {
        let rows: Vec<(String, String)> = self
            .db
            .all("SELECT name, policy FROM saved_policy ORDER BY name", &[], |r| {
                Ok((r.str(0)?, r.str(1)?))
            })
            .map_err(|e| self.sql(e))?;
        rows.into_iter()
            .map(|(name, json)| {
                let p = crate::tiering::TierPolicy::from_json(&name, &json).map_err(StoreError::Policy)?;
                Ok((name, p))
            })
            .collect()
    }
}

/// A `customer` row as a record (empty text for what is not kept).
fn record_from_row(r: &Row) -> Result<CustomerRecord, DbError> {
    let s = |i: usize| r.opt_str(i).map(Option::unwrap_or_default);
    Ok(CustomerRecord {
        id: s(0)?,
        name: s(1)?,
        manager: s(2)?,
        contact: s(3)?,
        industry: s(4)?,
        region: s(5)?,
        notes: s(6)?,
        needs: s(7)?,
    })
}
