//! One data row read under its sheet's header: a sale, a total, a blank row
//! or a row skipped with its reason, with the secondary fields that could not
//! be read noted rather than the sale dropped.

use super::*;
use crate::ledger::*;

/// What one data row turned out to be.
// Boxing the imported transaction would cost an allocation per row on the
// import's hot path; the outcome is consumed at once, never stored.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// Every cell empty.
    Blank,
    /// A total or subtotal row.
    Total {
        /// The label found.
        label: String,
        /// Grand total or subtotal.
        grand: bool,
        /// The amount it carries.
        amount: Option<f64>,
        /// Recognised by a total word in an unusual label (本年累计, 合计（含税）):
        /// said in the confidence line.
        by_word: bool,
    },
    /// Not imported, with the reason.
    Skip(SkipReason),
    /// A valid row, with what reading it had to leave out: secondary fields
    /// that could not be read, text cut to Excel's cell limit.
    Imported(Transaction, Vec<RowNote>),
}

/// Something a row's reading left out, said in the import report.
#[derive(Debug, Clone, PartialEq)]
pub enum RowNote {
    /// A secondary field that is not a number (column, cell text).
    Unreadable(String, String),
    /// Text longer than an Excel cell holds, cut (column, characters it had).
    Cut(String, usize),
    /// A date without its year, given the year (column, year).
    YearAssumed(String, i32),
}

/// Turns raw rows of one sheet into outcomes, given the sheet's header.
pub struct RowReader<'h> {
    shape: LedgerShape,
    total_columns: Vec<usize>,
    /// The column of each role, by `Role as usize`, looked up once per sheet.
    by_role: [Option<&'h MappedColumn>; Role::ALL.len()],
    /// The year of dates written without one (3月7日): the sheet's title
    /// gives it, then the latest full date read.
    pub(super) year: std::cell::Cell<Option<i32>>,
}

impl<'h> RowReader<'h> {
    /// A reader for rows under `header`. The period only lends its year to
    /// dates written without one: choosing rows by period is the pipeline's job.
    pub fn new(header: &'h HeaderMap, shape: LedgerShape, period: Period) -> Self {
        let amount_col = header.column(Role::Amount).map(|c| c.index).unwrap_or(usize::MAX);
        // Totals are labelled left of the amount or in a customer column, never in
        // free-text columns such as needs or product.
        let total_columns = header
            .columns
            .iter()
            .filter(|c| {
                matches!(c.role, Some(Role::CustomerId) | Some(Role::CustomerName))
                    || (c.index < amount_col && !matches!(c.role, Some(Role::Needs) | Some(Role::Product)))
            })
            .map(|c| c.index)
            .chain(0..1)
            .collect();
        let by_role = Role::ALL.map(|r| header.column(r));
        RowReader {
            shape,
            total_columns,
            by_role,
            year: std::cell::Cell::new(period.from.or(period.to).map(|d| chrono::Datelike::year(&d))),
        }
    }

    fn cell<'c>(&self, cells: &'c [CellValue], role: Role) -> Option<(&'c CellValue, &'h MappedColumn)> {
        let col = self.by_role[role as usize]?;
        Some((cells.get(col.index).unwrap_or(&CellValue::Empty), col))
    }

    fn text(&self, cells: &[CellValue], role: Role) -> Option<String> {
        self.cell(cells, role)
            .map(|(c, _)| c.as_text())
            .filter(|s| !s.is_empty())
    }

    /// Text cut to Excel's cell limit, noting the cut.
    fn cut(&self, role: Role, text: Option<String>, notes: &mut Vec<RowNote>) -> Option<String> {
        let mut s = text?;
        let limit = crate::export::MAX_CELL_CHARS;
        if s.len() > limit {
            if let Some((at, _)) = s.char_indices().nth(limit) {
                let chars = s.chars().count();
                s.truncate(at);
                let column = self.by_role[role as usize]
                    .map(|c| c.header.clone())
                    .unwrap_or_default();
                notes.push(RowNote::Cut(column, chars));
            }
        }
        Some(s)
    }

    fn money(&self, cells: &[CellValue], role: Role) -> Result<Option<f64>, SkipReason> {
        let Some((cell, col)) = self.cell(cells, role) else {
            return Ok(None);
        };
        match cell::parse_number(cell) {
            Ok(v) => Ok(Some(v * if role.is_money() { col.unit.factor() } else { 1.0 })),
            Err(cell::NumberProblem::Empty) => Ok(None),
            Err(cell::NumberProblem::NotANumber(value)) => Err(if role == Role::Amount {
                SkipReason::BadAmount {
                    column: col.header.clone(),
                    value,
                }
            } else {
                SkipReason::BadNumber {
                    column: col.header.clone(),
                    value,
                }
            }),
        }
    }

    pub(super) fn amount(&self, cells: &[CellValue]) -> Option<f64> {
        self.money(cells, Role::Amount).ok().flatten()
    }

    /// Classifies one row.
    pub fn read(&self, cells: &[CellValue]) -> RowOutcome {
        if cells.iter().all(|c| c.is_blank()) {
            return RowOutcome::Blank;
        }
        for &i in &self.total_columns {
            if let Some(CellValue::Text(t)) = cells
                .get(i)
                .filter(|c| matches!(c, CellValue::Text(t) if totals::may_be_total(t)))
            {
                if let Some(grand) = totals::total_label(t) {
                    return RowOutcome::Total {
                        label: t.trim().to_string(),
                        grand,
                        amount: self.amount(cells),
                        by_word: false,
                    };
                }
                if totals::total_word(t) {
                    return RowOutcome::Total {
                        label: t.trim().to_string(),
                        grand: false,
                        amount: self.amount(cells),
                        by_word: true,
                    };
                }
            }
        }
        let mut unreadable = Vec::new();
        match self.transaction(cells, &mut unreadable) {
            Ok(t) => RowOutcome::Imported(t, unreadable),
            Err(reason) => RowOutcome::Skip(reason),
        }
    }

    /// A secondary figure (profit, cost, quantity, receivable…): a cell that is
    /// not a number is left out of the sale and noted, never the sale dropped.
    fn secondary(&self, cells: &[CellValue], role: Role, unreadable: &mut Vec<RowNote>) -> Option<f64> {
        match self.money(cells, role) {
            Ok(v) => v,
            Err(SkipReason::BadNumber { column, value } | SkipReason::BadAmount { column, value }) => {
                unreadable.push(RowNote::Unreadable(column, value));
                None
            }
            Err(_) => None,
        }
    }

    fn transaction(&self, cells: &[CellValue], unreadable: &mut Vec<RowNote>) -> Result<Transaction, SkipReason> {
        let name = self.cut(Role::CustomerName, self.text(cells, Role::CustomerName), unreadable);
        // A row without its code is keyed by its name: the aggregator gives it the
        // code that name has elsewhere, or keeps it a customer by name.
        let customer = if self.by_role[Role::CustomerId as usize].is_some() {
            match self.text(cells, Role::CustomerId) {
                Some(id) => id,
                None => name.clone().ok_or(SkipReason::MissingCustomer)?,
            }
        } else {
            name.clone().ok_or(SkipReason::MissingCustomer)?
        };
        let amount = self.money(cells, Role::Amount)?.ok_or(SkipReason::MissingAmount)?;
        let date = match self.cell(cells, Role::Date) {
            None => None,
            Some((c, col)) => match cell::parse_date(c, false) {
                Ok(d) => {
                    self.year.set(Some(chrono::Datelike::year(&d)));
                    Some(d)
                }
                Err(cell::DateProblem::NotADate(value))
                    if cell::month_day(&value).is_some() && self.year.get().is_some() =>
                {
                    let ((m, d), y) = (
                        cell::month_day(&value).unwrap_or((1, 1)),
                        self.year.get().unwrap_or(2000),
                    );
                    match NaiveDate::from_ymd_opt(y, m, d) {
                        Some(date) => {
                            unreadable.push(RowNote::YearAssumed(col.header.clone(), y));
                            Some(date)
                        }
                        None => {
                            return Err(SkipReason::BadDate {
                                column: col.header.clone(),
                                value,
                            })
                        }
                    }
                }
                Err(cell::DateProblem::Empty) if self.shape == LedgerShape::CustomerSummary => None,
                Err(cell::DateProblem::Empty) => return Err(SkipReason::MissingDate),
                Err(cell::DateProblem::NotADate(value)) => {
                    return Err(SkipReason::BadDate {
                        column: col.header.clone(),
                        value,
                    })
                }
            },
        };
        let profit = match self.secondary(cells, Role::Profit, unreadable) {
            Some(p) => Some(p),
            None => self.secondary(cells, Role::Cost, unreadable).map(|c| amount - c),
        };
        let t = Transaction {
            customer,
            name,
            date,
            amount,
            profit,
            quantity: self.secondary(cells, Role::Quantity, unreadable),
            order_id: self.text(cells, Role::OrderId),
            product: self.cut(Role::Product, self.text(cells, Role::Product), unreadable),
            salesperson: self.cut(Role::Salesperson, self.text(cells, Role::Salesperson), unreadable),
            receivable: self.secondary(cells, Role::Receivable, unreadable),
            needs: self.cut(Role::Needs, self.text(cells, Role::Needs), unreadable),
            purchases: self.money(cells, Role::Frequency)?,
            clv: self.money(cells, Role::Clv)?,
        };
        Ok(t)
    }
}
