//! `backtest`: the lifetime-value model checked on the ledger itself (模型检验).

use tierbook_core::{export, Lang, Period, TierPolicy};

use crate::args::BacktestArgs;
use crate::error::CliError;
use crate::policy::{apply_import_args, parse_date};
use crate::progress::Progress;
use crate::summary;

/// Runs `backtest`.
pub fn run(b: &BacktestArgs, lang: Lang) -> Result<(), CliError> {
    let mut policy = TierPolicy::default();
    apply_import_args(&mut policy, &b.import)?;
    policy.run.import.period = Period {
        from: parse_date("--from", &b.from)?,
        to: parse_date("--to", &b.to)?,
    };
    policy.clv_backtest_split = parse_date("--split", &b.split)?;
    let policy = policy.check().map_err(tierbook_core::Error::from)?;
    let (_, table) = tierbook_core::run(&b.ledger, &policy, &mut Progress { shown: false, lang })?;
    match table.metrics.model_check.clone() {
        Some(tierbook_core::clv::ModelCheck::Done(bt)) => {
            if b.json {
                println!("{}", summary::backtest_json(&bt, lang));
            } else {
                print!("{}", summary::backtest_text(&bt, lang));
            }
            Ok(())
        }
        Some(tierbook_core::clv::ModelCheck::Unavailable { reason }) => Err(CliError::Backtest {
            detail: export::clv_fallback_text(&reason, lang),
        }),
        None => Err(CliError::Backtest {
            detail: lang
                .pick(
                    "台账没有逐笔交易日期（可能是客户汇总表）",
                    "the ledger has no dated transactions (it may be a customer summary)",
                )
                .to_string(),
        }),
    }
}
