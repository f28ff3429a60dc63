//! A policy whose parameters have been checked, the only kind the core tiers
//! by. An adapter turns what it was given (the panel's JSON, a policy file,
//! the CLI's flags, a stored run) into one with [`TierPolicy::check`] at the
//! boundary, once; past it, `classify`, the pipeline and the use-cases take a
//! [`CheckedPolicy`] and never validate again, so no path can skip the check
//! and no path checks twice with a different message.

use serde::{Deserialize, Deserializer, Serialize};
use std::ops::Deref;

use super::policy::{Method, PolicyError, RunSpec, TierPolicy};

/// A [`TierPolicy`] that passed [`TierPolicy::check`]. It reads as the policy
/// (it dereferences to it) and serialises as it, so policy files and stored
/// runs keep their JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct CheckedPolicy(TierPolicy);

impl TierPolicy {
    /// Checks every parameter against its allowed range and every override for
    /// its reason, and returns the policy as one the core can tier by.
    ///
    /// # Errors
    /// The first parameter out of range, naming it and its range, or an
    /// override without a reason.
    pub fn check(self) -> Result<CheckedPolicy, PolicyError> {
        self.check_rules()?;
        self.run.check()?;
        Ok(CheckedPolicy(self))
    }
}

impl CheckedPolicy {
    /// The documents' defaults for a method (valid by construction; a test
    /// checks every preset).
    pub fn preset(method: Method) -> CheckedPolicy {
        CheckedPolicy(TierPolicy::preset(method))
    }

    /// The same rules with another run specification: only the new part is
    /// checked, the rules were already.
    ///
    /// # Errors
    /// An override without a reason.
    pub fn with_run(&self, run: RunSpec) -> Result<CheckedPolicy, PolicyError> {
        run.check()?;
        Ok(CheckedPolicy(TierPolicy { run, ..self.0.clone() }))
    }

    /// The same rules and import choices over another period, as a run of
    /// that period keeps them; the overrides belong to one run and are left
    /// out, so nothing is left to check.
    pub fn for_period(&self, period: crate::Period) -> CheckedPolicy {
        CheckedPolicy(TierPolicy {
            run: self.0.run.for_period(period),
            ..self.0.clone()
        })
    }

    /// The policy, to change and check again.
    pub fn into_inner(self) -> TierPolicy {
        self.0
    }
}

impl Default for CheckedPolicy {
    fn default() -> Self {
        CheckedPolicy::preset(Method::default())
    }
}

impl Deref for CheckedPolicy {
    type Target = TierPolicy;
    fn deref(&self) -> &TierPolicy {
        &self.0
    }
}

impl TryFrom<TierPolicy> for CheckedPolicy {
    type Error = PolicyError;
    fn try_from(policy: TierPolicy) -> Result<Self, PolicyError> {
        policy.check()
    }
}

/// Read back (a saved table), a policy is checked as any other arriving one.
impl<'de> Deserialize<'de> for CheckedPolicy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        TierPolicy::deserialize(d)?
            .check()
            .map_err(|e| serde::de::Error::custom(e.message(crate::Lang::En)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tiering::policy::Override;
    use crate::Tier;

    #[test]
    fn every_preset_passes_its_own_check() {
        for m in Method::ALL {
            assert_eq!(TierPolicy::preset(m).check().unwrap(), CheckedPolicy::preset(m));
        }
    }

    #[test]
    fn a_new_run_specification_is_checked_before_it_is_taken() {
        let p = CheckedPolicy::default();
        let mut run = RunSpec::default();
        run.overrides.push(Override {
            customer: "C1".into(),
            tier: Tier::A,
            reason: "".into(),
        });
        assert_eq!(
            p.with_run(run.clone()).unwrap_err().code(),
            "policy.override_without_reason"
        );
        run.overrides[0].reason = "战略意义".into();
        assert_eq!(p.with_run(run).unwrap().run.overrides.len(), 1);
    }

    #[test]
    fn a_policy_read_back_from_json_is_checked() {
        let bad = r#"{"method":"abc-rank","abc_rank":{"a_share":1.5,"ab_share":0.2}}"#;
        let e = serde_json::from_str::<CheckedPolicy>(bad).unwrap_err().to_string();
        assert!(e.contains("Share of customers in A"), "{e}");
        let good = serde_json::to_string(&CheckedPolicy::default()).unwrap();
        assert_eq!(
            serde_json::from_str::<CheckedPolicy>(&good).unwrap(),
            CheckedPolicy::default()
        );
    }
}
