//! Building the metrics from the rows as they stream past: one accumulator per
//! customer and one per purchase (an order, or a day), folded into
//! [`MetricsSet`] at the end with ranks, rhythm and lifetime values.

mod lifetime;
mod spellings;

pub use spellings::fold_key;

use chrono::{Datelike, NaiveDate};

use super::*;
use crate::clv::{PurchaseLog, ValueBasis};
use crate::fxhash::{hash_str, FxHashMap};
use crate::ledger::{LedgerShape, NameConflict, Transaction};
use lifetime::historical_value;

#[derive(Default)]
struct Acc {
    key: String,
    /// Rows whose id was written exactly as the key.
    plain: u64,
    /// Other spellings of the key (full-width forms…) with their rows.
    spellings: Vec<(String, u64)>,
    names: Vec<(String, u64)>,
    sales: f64,
    profit: f64,
    profit_lines: u64,
    quantity: Option<f64>,
    receivable: Option<f64>,
    unpaid_since: Option<NaiveDate>,
    needs: Option<String>,
    purchases_given: Option<f64>,
    clv_given: Option<f64>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    return_lines: u32,
    salesperson: Option<String>,
    /// Net sales per product bought (the aggregator's product numbers).
    products: Vec<(u32, f64)>,
}

/// Builds [`MetricsSet`]s from a stream of transactions, in memory proportional to
/// the number of customers and orders, not lines.
#[derive(Default)]
pub struct Aggregator {
    index: FxHashMap<String, u32>,
    acc: Vec<Acc>,
    /// Every product named on a line, numbered in order of appearance.
    products: FxHashMap<String, u32>,
    /// Net amount and day (see [`Basket`]) per (customer, order or day) —
    /// purchases are the positive ones.
    baskets: FxHashMap<(u32, u64), Basket>,
    first_date: Option<NaiveDate>,
    last_date: Option<NaiveDate>,
    any_profit: bool,
    any_purchases: bool,
    any_clv: bool,
    any_basket: bool,
}

/// One order (or day) of a customer: its net amount and profit, whether any
/// line had a non-zero amount, and the day of its first dated line (days from
/// the common era; [`Basket::UNDATED`] without a date).
///
/// Sixteen bytes, as a million orders are held at once: the profit is kept in
/// single precision (an order's profit to ~7 digits; it feeds the models'
/// value per purchase, never a figure of the table, which sums the lines
/// themselves in double precision), and the non-zero flag rides in a spare
/// bit of the day.
#[derive(Clone, Copy)]
struct Basket {
    net: f64,
    profit: f32,
    day_and_flag: i32,
}

impl Basket {
    const UNDATED: i32 = i32::MIN;
    const NONZERO: i32 = 1 << 30;

    fn new(day: i32) -> Self {
        Basket {
            net: 0.0,
            profit: 0.0,
            day_and_flag: day,
        }
    }

    fn day(&self) -> i32 {
        self.day_and_flag & !Self::NONZERO
    }

    fn set_day(&mut self, day: i32) {
        self.day_and_flag = day | (self.day_and_flag & Self::NONZERO);
    }

    fn nonzero(&self) -> bool {
        self.day_and_flag & Self::NONZERO != 0
    }

    fn add(&mut self, net: f64, profit: f64, nonzero: bool) {
        self.net += net;
        self.profit += profit as f32;
        if nonzero {
            self.day_and_flag |= Self::NONZERO;
        }
    }
}

/// Bump when [`CustomerMetrics`] gains a field, so cached metrics of older
/// versions are recomputed rather than read without it.
pub const METRICS_VERSION: u32 = 5;

/// Order keys: the order id's hash with the top bit set, or the day number
/// (top bit clear), so the two never collide.
fn order_key(s: &str) -> u64 {
    hash_str(s) | 1 << 63
}

impl Acc {
    fn add_product(&mut self, product: u32, amount: f64) {
        match self.products.iter_mut().find(|(p, _)| *p == product) {
            Some((_, v)) => *v += amount,
            None => self.products.push((product, amount)),
        }
    }

    /// Takes in another spelling's rows.
    fn absorb(&mut self, o: Acc) {
        for (s, c) in o.names {
            match self.names.iter_mut().find(|(x, _)| *x == s) {
                Some((_, n)) => *n += c,
                None => self.names.push((s, c)),
            }
        }
        self.plain += o.plain;
        self.spellings.extend(o.spellings);
        self.sales += o.sales;
        self.profit += o.profit;
        self.profit_lines += o.profit_lines;
        let add = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
        };
        self.quantity = add(self.quantity, o.quantity);
        self.receivable = add(self.receivable, o.receivable);
        self.purchases_given = add(self.purchases_given, o.purchases_given);
        self.clv_given = add(self.clv_given, o.clv_given);
        let min = |a: Option<NaiveDate>, b: Option<NaiveDate>| a.into_iter().chain(b).min();
        let max = |a: Option<NaiveDate>, b: Option<NaiveDate>| a.into_iter().chain(b).max();
        self.unpaid_since = min(self.unpaid_since, o.unpaid_since);
        self.first = min(self.first, o.first);
        self.last = max(self.last, o.last);
        if self.needs.is_none() {
            self.needs = o.needs;
        }
        if self.salesperson.is_none() {
            self.salesperson = o.salesperson;
        }
        for (p, v) in o.products {
            self.add_product(p, v);
        }
        self.return_lines += o.return_lines;
    }
}

impl Aggregator {
    /// An empty aggregator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one transaction. Customers are keyed by their id folded to one
    /// spelling ([`fold_key`]: full-width forms and brackets), so ＫＨ００１ and
    /// KH001, （南京） and (南京) are one customer.
    pub fn add(&mut self, t: &Transaction) {
        let folded = fold_key(&t.customer);
        let key: &str = folded.as_deref().unwrap_or(&t.customer);
        let i = match self.index.get(key) {
            Some(i) => *i,
            None => {
                let i = self.acc.len() as u32;
                self.index.insert(key.to_string(), i);
                self.acc.push(Acc {
                    key: key.to_string(),
                    ..Default::default()
                });
                i
            }
        };
        let a = &mut self.acc[i as usize];
        if folded.is_some() {
            match a.spellings.iter_mut().find(|(s, _)| *s == t.customer) {
                Some((_, c)) => *c += 1,
                None => a.spellings.push((t.customer.clone(), 1)),
            }
        } else {
            a.plain += 1;
        }
        if let Some(n) = &t.name {
            match a.names.iter_mut().find(|(s, _)| s == n) {
                Some((_, c)) => *c += 1,
                None => a.names.push((n.clone(), 1)),
            }
        }
        a.sales += t.amount;
        if let Some(p) = t.profit {
            a.profit += p;
            a.profit_lines += 1;
            self.any_profit = true;
        }
        if let Some(q) = t.quantity {
            *a.quantity.get_or_insert(0.0) += q;
        }
        if let Some(r) = t.receivable {
            *a.receivable.get_or_insert(0.0) += r;
            if let (true, Some(d)) = (r > 0.0, t.date) {
                a.unpaid_since = Some(a.unpaid_since.map_or(d, |u| u.min(d)));
            }
        }
        if t.needs.is_some() {
            a.needs.clone_from(&t.needs);
        }
        if t.salesperson.is_some() {
            a.salesperson.clone_from(&t.salesperson);
        }
        if let Some(product) = t.product.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            let n = match self.products.get(product) {
                Some(n) => *n,
                None => {
                    let n = self.products.len() as u32;
                    self.products.insert(product.to_string(), n);
                    n
                }
            };
            self.acc[i as usize].add_product(n, t.amount);
        }
        let a = &mut self.acc[i as usize];
        if let Some(p) = t.purchases {
            *a.purchases_given.get_or_insert(0.0) += p;
            self.any_purchases = true;
        }
        if let Some(c) = t.clv {
            *a.clv_given.get_or_insert(0.0) += c;
            self.any_clv = true;
        }
        if t.amount < 0.0 {
            a.return_lines += 1;
        }
        if let Some(d) = t.date {
            self.first_date = Some(self.first_date.map_or(d, |f| f.min(d)));
            self.last_date = Some(self.last_date.map_or(d, |l| l.max(d)));
            if t.amount > 0.0 {
                a.first = Some(a.first.map_or(d, |f| f.min(d)));
                a.last = Some(a.last.map_or(d, |l| l.max(d)));
            }
        }
        {
            let basket = match (&t.order_id, t.date) {
                (Some(o), _) => Some(order_key(o)),
                (None, Some(d)) => Some(d.num_days_from_ce() as u64),
                (None, None) => None,
            };
            if let Some(b) = basket {
                self.any_basket = true;
                let day = t.date.map_or(Basket::UNDATED, |d| d.num_days_from_ce());
                let e = self.baskets.entry((i, b)).or_insert(Basket::new(day));
                e.add(t.amount, t.profit.unwrap_or(0.0), t.amount != 0.0);
                if e.day() == Basket::UNDATED {
                    e.set_day(day);
                }
            }
        }
    }

    /// Computes the metrics. For a customer-summary ledger, frequency is the
    /// ledger's own count, never a count of rows.
    pub fn finish(mut self, shape: LedgerShape, opts: MetricsOptions) -> MetricsSet {
        let merged = self.merge_spellings();
        if shape == LedgerShape::CustomerSummary {
            self.any_basket = false;
            self.baskets.clear();
        }
        let period_start = opts.period_start.or(self.first_date);
        let period_end = opts.period_end.or(self.last_date);
        let mut freq = vec![0u32; self.acc.len()];
        // The period's halves: days before `middle` are the first half.
        let middle = match (period_start, period_end) {
            (Some(s), Some(e)) => Some(s.num_days_from_ce() + ((e - s).num_days() as i32 + 1) / 2),
            _ => None,
        };
        let n = if middle.is_some() { self.acc.len() } else { 0 };
        let mut rhythms: Vec<Option<Rhythm>> = vec![None; n];
        // (customer, purchase day) of every dated purchase, sorted below so each
        // customer's days are one run.
        let mut purchase_days: Vec<u64> = Vec::new();
        let value_basis = match (self.any_profit, opts.clv_margin) {
            (true, _) => ValueBasis::Profit,
            (false, Some(margin)) => ValueBasis::AssumedMargin { margin },
            (false, None) => ValueBasis::Sales,
        };
        for ((i, _), b) in &self.baskets {
            let bought = b.net > 0.0;
            if bought {
                freq[*i as usize] += 1;
            }
            if let (Some(mid), true) = (middle, b.day() != Basket::UNDATED) {
                let r = rhythms[*i as usize].get_or_insert_with(Rhythm::default);
                let (sales, purchases) = if b.day() < mid {
                    (&mut r.sales.0, &mut r.purchases.0)
                } else {
                    (&mut r.sales.1, &mut r.purchases.1)
                };
                *sales += b.net;
                if bought {
                    *purchases += 1;
                    purchase_days.push(u64::from(*i) << 32 | u64::from(b.day() as u32));
                }
            }
        }
        purchase_days.sort_unstable();
        purchase_days.dedup();
        let mut days: Vec<u32> = Vec::new();
        for run in purchase_days.chunk_by(|a, b| a >> 32 == b >> 32) {
            days.clear();
            days.extend(run.iter().map(|k| *k as u32));
            if let Some(r) = rhythms[(run[0] >> 32) as usize].as_mut() {
                (r.mean_gap_days, r.gap_cv) = Rhythm::gaps(&days);
            }
        }
        let mut rhythms = rhythms.into_iter();
        let has_frequency = self.any_basket || self.any_purchases;
        let mut clv_basis = self.clv_basis(period_start, period_end, opts.retention, value_basis);
        let years = match (period_start, period_end) {
            (Some(s), Some(e)) => (((e - s).num_days() + 1) as f64 / 365.0).max(1.0 / 12.0),
            _ => 1.0,
        };
        let mut name_conflicts = Vec::new();
        let mut product_names = vec![String::new(); self.products.len()];
        for (name, n) in self.products.drain() {
            product_names[n as usize] = name;
        }
        let mut customers: Vec<CustomerMetrics> = self
            .acc
            .into_iter()
            .zip(freq)
            .map(|(mut a, f)| {
                a.names.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
                if a.names.len() > 1 {
                    name_conflicts.push(NameConflict {
                        customer: a.key.clone(),
                        names: a.names.clone(),
                    });
                }
                let name = a.names.first().map(|n| n.0.clone()).unwrap_or_else(|| a.key.clone());
                let frequency = if self.any_purchases {
                    a.purchases_given.map(|p| p.max(0.0).round() as u32)
                } else if self.any_basket {
                    Some(f)
                } else {
                    None
                };
                let profit = (self.any_profit && a.profit_lines > 0).then_some(a.profit);
                let (clv, future_value) = match &clv_basis {
                    ClvBasis::Given => (a.clv_given, None),
                    ClvBasis::Simple { further_years, .. } => {
                        let value = historical_value(value_basis, a.sales, profit);
                        let future = value.map(|v| (v / years).max(0.0) * further_years);
                        (value.zip(future).map(|(v, f)| v + f), future)
                    }
                    ClvBasis::Unavailable { .. } | ClvBasis::Predictive(_) => (None, None),
                };
                let recency_days = match (period_end, a.last) {
                    (Some(e), Some(l)) => Some((e - l).num_days() + 1),
                    _ => None,
                };
                let tenure_days = match (period_end, a.first) {
                    (Some(e), Some(fst)) => Some((e - fst).num_days() + 1),
                    _ => None,
                };
                CustomerMetrics {
                    id: a.key,
                    name,
                    sales: a.sales,
                    frequency,
                    profit,
                    clv,
                    future_value,
                    expected_purchases: None,
                    p_alive: None,
                    margin: profit.filter(|_| a.sales > 0.0).map(|p| p / a.sales),
                    first_purchase: a.first,
                    last_purchase: a.last,
                    recency_days,
                    tenure_days,
                    avg_order_value: frequency.filter(|f| *f > 0).map(|f| a.sales / f as f64),
                    quantity: a.quantity,
                    receivable: a.receivable,
                    unpaid_since: a.unpaid_since,
                    rhythm: rhythms.next().flatten(),
                    return_lines: a.return_lines,
                    salesperson: a.salesperson,
                    products: {
                        // Biggest net sales first, as a clerk reads 主要产品.
                        a.products.sort_by(|x, y| {
                            y.1.total_cmp(&x.1)
                                .then_with(|| product_names[x.0 as usize].cmp(&product_names[y.0 as usize]))
                        });
                        a.products
                            .iter()
                            .map(|(p, _)| product_names[*p as usize].clone())
                            .collect()
                    },
                    share: 0.0,
                    cumulative_share: 0.0,
                    rank: 0,
                    needs: match a.needs {
                        Some(text) => Needs::Given { text },
                        None => Needs::Generated {
                            frequent: false,
                            large: false,
                            dormant_days: None,
                        },
                    },
                }
            })
            .collect();
        customers.sort_by(|a, b| b.sales.total_cmp(&a.sales).then_with(|| a.id.cmp(&b.id)));
        let total_sales: f64 = customers.iter().map(|c| c.sales).sum();
        let positive: f64 = customers.iter().map(|c| c.sales.max(0.0)).sum();
        let median_sales = median(customers.iter().map(|c| c.sales)).unwrap_or(0.0);
        let median_freq = median(customers.iter().filter_map(|c| c.frequency.map(f64::from))).unwrap_or(0.0);
        let mut cum = 0.0;
        for (i, c) in customers.iter_mut().enumerate() {
            c.rank = i + 1;
            c.share = if positive > 0.0 { c.sales / positive } else { 0.0 };
            cum += c.share;
            c.cumulative_share = cum;
            if let Needs::Generated {
                frequent,
                large,
                dormant_days,
            } = &mut c.needs
            {
                *large = c.sales >= median_sales;
                *frequent = c.frequency.is_some_and(|f| f as f64 >= median_freq);
                *dormant_days = c.recency_days.filter(|d| *d > 90);
            }
        }
        // The models' purchase days, by customer in `customers` order.
        let dated = shape == LedgerShape::Transactions && period_end.is_some();
        // The models' purchases: dated orders with a positive net amount, and
        // dated orders of nothing but zero amounts (a $0 order is a purchase;
        // an order netted to zero by a return is not).
        let log = dated.then(|| {
            let mut order = vec![0u32; customers.len()];
            for (pos, c) in customers.iter().enumerate() {
                order[self.index[c.id.as_str()] as usize] = pos as u32;
            }
            let baskets = &self.baskets;
            PurchaseLog::build(customers.len(), || {
                baskets
                    .iter()
                    .filter(|(_, b)| b.day() != Basket::UNDATED && (b.net > 0.0 || !b.nonzero()))
                    .map(|((i, _), b)| {
                        (
                            order[*i as usize],
                            b.day(),
                            value_basis.value(b.net, f64::from(b.profit)),
                        )
                    })
            })
        });
        // The predictive model replaces the simple estimate unless the user set a
        // retention rate; if it cannot be used, the simple estimate stays and says
        // why. The model check (its own fits) runs beside it on another thread.
        let wanted = opts.retention.is_none() && !matches!(clv_basis, ClvBasis::Given);
        let (predicted, model_check) = std::thread::scope(|scope| {
            let check = log.as_ref().map(|log| {
                scope.spawn(move || {
                    match crate::clv::backtest(log, period_start, period_end, opts.clv_backtest_split, value_basis) {
                        Ok(b) => ModelCheck::Done(Box::new(b)),
                        Err(reason) => ModelCheck::Unavailable { reason },
                    }
                })
            });
            let predicted = wanted.then(|| {
                let horizon = opts.clv_horizon_years.unwrap_or(crate::clv::DEFAULT_HORIZON_YEARS);
                let rate = opts.clv_discount_rate.unwrap_or(crate::clv::DEFAULT_DISCOUNT_RATE);
                let ids: Vec<&str> = customers.iter().map(|c| c.id.as_str()).collect();
                match &log {
                    Some(log) => crate::clv::predict(log, &ids, period_end, value_basis, horizon, rate),
                    None => Err(ClvFallback::NoDates),
                }
            });
            let check = check.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            (predicted, check)
        });
        if let (Some(predicted), ClvBasis::Simple { fallback, .. } | ClvBasis::Unavailable { fallback }) =
            (predicted, &mut clv_basis)
        {
            match predicted {
                Ok((future, info)) => {
                    for (c, f) in customers.iter_mut().zip(future) {
                        let value = historical_value(value_basis, c.sales, c.profit);
                        let future = f.map_or(0.0, |f| f.future_value);
                        c.clv = value.map(|v| v + future);
                        c.future_value = Some(future);
                        c.expected_purchases = f.map(|f| f.purchases);
                        c.p_alive = f.map(|f| f.p_alive);
                    }
                    clv_basis = ClvBasis::Predictive(info);
                }
                Err(why) => *fallback = Some(why),
            }
        }
        let total_profit = self.any_profit.then(|| customers.iter().filter_map(|c| c.profit).sum());
        name_conflicts.sort_by(|a, b| a.customer.cmp(&b.customer));
        MetricsSet {
            customers,
            shape,
            period_start,
            period_end,
            total_sales,
            total_profit,
            has_frequency,
            clv_basis,
            name_conflicts,
            merged,
            model_check,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(c: &str, d: &str, amount: f64, order: Option<&str>) -> Transaction {
        Transaction {
            customer: c.into(),
            name: Some(format!("{c}公司")),
            date: Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            amount,
            profit: Some(amount * 0.2),
            order_id: order.map(String::from),
            ..Transaction::default()
        }
    }

    #[test]
    fn sales_split_at_the_middle_of_the_period_and_the_oldest_unpaid_sale_is_kept() {
        let mut a = Aggregator::new();
        // 2025: 365 days, the second half starts on 2 July.
        a.add(&t("C1", "2025-01-01", 100.0, Some("SO1")));
        a.add(&t("C1", "2025-07-01", 200.0, Some("SO2")));
        a.add(&t("C1", "2025-07-02", 400.0, Some("SO3")));
        // An order's lines count on the day of its first line.
        a.add(&t("C1", "2025-06-30", 50.0, Some("SO4")));
        a.add(&t("C1", "2025-07-05", 50.0, Some("SO4")));
        a.add(&Transaction {
            receivable: Some(300.0),
            ..t("C1", "2025-12-31", 300.0, Some("SO5"))
        });
        a.add(&Transaction {
            receivable: Some(80.0),
            ..t("C1", "2025-03-10", 80.0, None)
        });
        a.add(&Transaction {
            receivable: Some(0.0),
            ..t("C1", "2025-02-01", 10.0, None)
        });
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        let c = &m.customers[0];
        let r = c.rhythm.as_ref().unwrap();
        assert_eq!(r.sales, (100.0 + 200.0 + 100.0 + 80.0 + 10.0, 400.0 + 300.0));
        // SO1, SO2, SO4, the two undated-order days; SO3, SO5.
        assert_eq!(r.purchases, (5, 2));
        assert_eq!(c.unpaid_since, NaiveDate::from_ymd_opt(2025, 3, 10));
    }

    #[test]
    fn purchase_gaps_count_days_not_orders_and_measure_their_steadiness() {
        let mut a = Aggregator::new();
        for (d, o) in [
            ("2025-01-01", "A"),
            ("2025-01-31", "B"),
            ("2025-01-31", "C"),
            ("2025-03-02", "D"),
            ("2025-04-01", "E"),
        ] {
            a.add(&t("C1", d, 100.0, Some(o)));
        }
        // Uneven: gaps of 1, 1 and 88 days.
        for d in ["2025-01-01", "2025-01-02", "2025-01-03", "2025-04-01"] {
            a.add(&t("C2", d, 100.0, None));
        }
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        let r = |id: &str| m.customers.iter().find(|c| c.id == id).unwrap().rhythm.clone().unwrap();
        assert_eq!(
            r("C1").mean_gap_days,
            Some(30.0),
            "two orders on 31 January are one purchase day"
        );
        assert_eq!(r("C1").gap_cv, Some(0.0), "every 30 days");
        assert_eq!(r("C2").mean_gap_days, Some(30.0));
        assert!(r("C2").gap_cv.unwrap() > 1.0, "{:?}", r("C2").gap_cv);
    }

    #[test]
    fn each_customer_lists_the_products_it_bought_biggest_first_across_its_spellings() {
        let mut a = Aggregator::new();
        let line = |c: &str, product: &str, amount: f64| Transaction {
            product: Some(product.into()),
            ..t(c, "2025-03-01", amount, None)
        };
        a.add(&line("KH001", "数控车床", 100.0));
        a.add(&line("KH001", " 液压泵 ", 300.0));
        a.add(&line("KH001", "数控车床", 50.0));
        // A full-width spelling of the same customer, and a return that nets off.
        a.add(&line("ＫＨ００１", "轴承", 200.0));
        a.add(&line("KH001", "轴承", -60.0));
        a.add(&line("KH002", "轴承", 10.0));
        // No product named: nothing listed.
        a.add(&line("KH002", "  ", 10.0));
        a.add(&t("KH003", "2025-03-01", 10.0, None));
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        let products = |id: &str| m.customers.iter().find(|c| c.id == id).unwrap().products.clone();
        assert_eq!(products("KH001"), ["液压泵", "数控车床", "轴承"]);
        assert_eq!(products("KH002"), ["轴承"]);
        assert!(products("KH003").is_empty());
    }

    #[test]
    fn undated_ledgers_have_no_rhythm() {
        let mut a = Aggregator::new();
        a.add(&Transaction {
            date: None,
            ..t("C1", "2025-01-01", 100.0, Some("SO1"))
        });
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        assert_eq!(m.customers[0].rhythm, None);
    }

    #[test]
    fn returns_net_off_and_are_not_purchases() {
        let mut a = Aggregator::new();
        a.add(&t("C1", "2025-01-05", 1000.0, Some("SO1")));
        a.add(&t("C1", "2025-02-05", 500.0, Some("SO2")));
        a.add(&t("C1", "2025-02-20", -500.0, Some("SO2")));
        a.add(&t("C1", "2025-03-01", -100.0, Some("RT9")));
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        let c = &m.customers[0];
        assert_eq!(c.sales, 900.0);
        assert_eq!(c.frequency, Some(1), "SO2 nets to zero, RT9 is a pure return");
        assert_eq!(c.return_lines, 2);
        assert_eq!(c.last_purchase, NaiveDate::from_ymd_opt(2025, 2, 5));
        assert_eq!(c.recency_days, Some(25), "from 2025-03-02 back to 2025-02-05");
    }

    #[test]
    fn without_order_ids_frequency_counts_purchase_days() {
        let mut a = Aggregator::new();
        a.add(&t("C1", "2025-01-05", 10.0, None));
        a.add(&t("C1", "2025-01-05", 20.0, None));
        a.add(&t("C1", "2025-01-06", 20.0, None));
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        assert_eq!(m.customers[0].frequency, Some(2));
    }

    #[test]
    fn most_frequent_name_wins_and_conflicts_are_reported() {
        let mut a = Aggregator::new();
        let mut x = t("C1", "2025-01-05", 10.0, None);
        a.add(&x);
        a.add(&x);
        x.name = Some("旧名称".into());
        a.add(&x);
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        assert_eq!(m.customers[0].name, "C1公司");
        assert_eq!(m.name_conflicts.len(), 1);
        assert_eq!(m.name_conflicts[0].names[1], ("旧名称".to_string(), 1));
    }

    #[test]
    fn shares_ranks_and_cumulative_shares_follow_sales() {
        let mut a = Aggregator::new();
        a.add(&t("B", "2025-01-05", 300.0, None));
        a.add(&t("A", "2025-01-05", 300.0, None));
        a.add(&t("C", "2025-01-05", 400.0, None));
        let m = a.finish(LedgerShape::Transactions, MetricsOptions::default());
        let ids: Vec<&str> = m.customers.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["C", "A", "B"], "ties broken by id");
        assert!((m.customers[2].cumulative_share - 1.0).abs() < 1e-12);
        assert!((m.customers[0].share - 0.4).abs() < 1e-12);
    }

    #[test]
    fn simple_clv_adds_expected_future_profit() {
        let mut a = Aggregator::new();
        a.add(&t("C1", "2025-01-01", 1000.0, None));
        a.add(&t("C1", "2025-12-31", 1000.0, None));
        let m = a.finish(
            LedgerShape::Transactions,
            MetricsOptions {
                retention: Some(0.5),
                ..Default::default()
            },
        );
        // profit 400 over one year; r = 0.5 → one further year.
        assert_eq!(m.customers[0].clv, Some(800.0));
    }
}
