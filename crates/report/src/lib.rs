//! a6check-report: Article 6.2 report assembly and tracking.
//!
//! - [`assemble()`]: a Party's ledger for a year → a complete AEF v2 document (Tables 1-5),
//!   with Table 4 derived by block arithmetic, checked by `a6check_core::Engine`.
//! - [`summary`]: exact totals per cooperative approach, vintage, action type and
//!   purpose, and the holdings reconciliation (opening + in − out = closing).
//! - [`btr`]: the BTR structured summary from a series of AEF submissions.
//! - [`workbook`]: AEF v2 `.xlsx` import and export; [`csv`]: each table as CSV.
//!
//! Quantities are `rust_decimal` values read from the exact JSON number text, serial
//! counts are integers; nothing passes through binary floating point except a
//! spreadsheet cell, and only when the value survives it exactly ([`num::f64_exactly`]).
//! Problems with the input are findings (`{code, severity, pointer, message, args}`),
//! never panics.

pub mod assemble;
pub mod btr;
pub mod csv;
pub mod dates;
pub mod fields;
pub mod findings;
pub mod holdings;
pub mod ledger;
pub mod num;
mod spelling;
pub mod summary;
pub mod units;
pub mod workbook;

pub use assemble::{assemble, assemble_with, Assembled, Assembly};
