//! `inspect`: the sheets, the detected header, column roles, shape and warnings.

use tierbook_core::{import, Lang, TierPolicy};

use crate::args::InspectArgs;
use crate::error::CliError;
use crate::policy::apply_import_args;
use crate::summary;

/// Runs `inspect`. It shows what was found even when the ledger cannot be
/// imported as it stands, so the columns are there to map.
pub fn run(a: &InspectArgs, lang: Lang) -> Result<(), CliError> {
    let mut policy = TierPolicy::default();
    apply_import_args(&mut policy, &a.import)?;
    let (inspection, problem) = import::survey(&a.ledger, &policy.run.import)?;
    print!("{}", summary::inspection(&inspection, lang));
    match problem {
        Some(p) => Err(p.into()),
        None => Ok(()),
    }
}
