//! Predictive lifetime value: BG/NBD for how many purchases a customer will make
//! and whether they are still active, Gamma-Gamma for how much each purchase is
//! worth, both fitted by maximum likelihood on the ledger's own customers.
//!
//! The models are those of Fader, Hardie & Lee ("Counting your customers the
//! easy way", 2005; "RFM and CLV", 2005). Time is in any unit (weeks for CDNOW,
//! days or weeks for a ledger) as long as recency, age and horizon share it.

mod backtest;
mod bgnbd;
mod gamma_gamma;
mod optimize;
mod predict;
mod special;

pub use backtest::{
    backtest, bucket_label, default_split, Backtest, CalibrationBucket, ModelCheck, TrackingPoint, TOP_BUCKET,
};
pub use bgnbd::{BgNbd, BgNbdFit, Rfm};
pub use gamma_gamma::{GammaGamma, GammaGammaFit, SpendSummary};
pub use optimize::FitError;
pub use optimize::Minimum;
pub use predict::{
    predict, ClvFallback, ModelPart, Prediction, PredictiveClv, PurchaseLog, TimeUnit, ValueBasis, DAYS_PER_UNIT,
    DEFAULT_DISCOUNT_RATE, DEFAULT_HORIZON_YEARS,
};
