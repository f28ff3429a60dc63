//! Reading ledger files into rows of cells: telling formats by their bytes
//! (`sniff`), the workbook and text readers behind one [`Source`] (`source`),
//! the fast xlsx row scanner (`xlsx_fast`) and HTML or SpreadsheetML tables
//! (`grid`). Nothing here knows what a column means; that is the importer's
//! job above. Crate-private: the rest of the engine reads through it, tests
//! reach it through [`super::raw_sheets`].

pub(crate) mod grid;
pub(crate) mod sniff;
pub(crate) mod source;
mod xlsx_fast;

pub(crate) use source::Source;
