//! Report assembly in the browser (crate `a6check-report`): JSON text in, JSON text out,
//! workbooks as bytes (`Uint8Array`).
//!
//! A module of its own, so that pages that only validate forms do not download the
//! workbook reader and writer (about 3 MB before optimisation).
//!
//! Problems with a document are findings in the returned JSON; only a call that cannot
//! be made at all (a broken bundle, an AEF that is not JSON, bad options) throws an `Error`.

use a6check_core::{Engine, EngineError, Options};
use a6check_report::btr::BtrOptions;
use serde_json::{Map, Value};
use std::cell::OnceCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static ENGINE: OnceCell<Result<Engine, EngineError>> = const { OnceCell::new() };
}

/// Run `f` with the default bundle's engine, compiled on first use and then cached.
fn with_engine<T>(f: impl FnOnce(&Engine) -> Result<T, JsError>) -> Result<T, JsError> {
    ENGINE.with(|cell| {
        match cell.get_or_init(|| Engine::from_packed(a6check_default_bundle::PACKED)) {
            Ok(engine) => f(engine),
            Err(e) => Err(JsError::new(&e.to_string())),
        }
    })
}

fn parse(what: &str, text: &str) -> Result<Value, JsError> {
    a6check_core::json::parse(text)
        .map(|p| p.value)
        .map_err(|e| {
            JsError::new(&format!(
                "{what} is not JSON (line {}, column {}: {})",
                e.line, e.column, e.kind
            ))
        })
}

/// Assemble an AEF v2 document from a ledger (JSON text). Returns JSON
/// `{"aef": <document or null>, "findings": {"valid", "ledger": {...}, "aef": {...}}}`.
#[wasm_bindgen]
pub fn assemble(ledger_text: &str) -> Result<String, JsError> {
    with_engine(|engine| {
        a6check_report::assemble_with(engine, ledger_text, &Options::default())
            .map(|a| a.to_value().to_string())
            .map_err(|e| JsError::new(&e.to_string()))
    })
}

/// Totals, holdings reconciliation and the BTR structured summary. `aef_texts` is a JSON
/// array of AEF documents (each a JSON text string, or the document itself); `options` is
/// `{"emissions": {"2025": "123456.7"}, "method": "annual"|"averaging",
/// "elapsedYearsFrom": "ndc-start"|"2021"}`. Returns the summary JSON.
#[wasm_bindgen]
pub fn summary(aef_texts: &str, options: Option<String>) -> Result<String, JsError> {
    let opts =
        BtrOptions::from_json(options.as_deref().unwrap_or("")).map_err(|e| JsError::new(&e))?;
    let Value::Array(items) = parse("the list of AEF documents", aef_texts)? else {
        return Err(JsError::new("expected a JSON array of AEF documents"));
    };
    let docs = items
        .into_iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::String(text) => parse(&format!("AEF document {i}"), &text),
            other => Ok(other),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(a6check_report::summary::summarize(&docs, &opts).to_string())
}

/// An AEF document (JSON text) as an AEF v2 workbook (`.xlsx` bytes).
#[wasm_bindgen(js_name = exportXlsx)]
pub fn export_xlsx(aef_text: &str) -> Result<Vec<u8>, JsError> {
    let aef = parse("the AEF document", aef_text)?;
    a6check_report::workbook::export(&aef)
        .map(|x| x.bytes)
        .map_err(|e| JsError::new(&e))
}

/// An AEF document (JSON text) as CSV: JSON `{"t1Submission": "<csv>", ..., "t5AuthorizedEntities": "<csv>"}`.
#[wasm_bindgen(js_name = exportCsv)]
pub fn export_csv(aef_text: &str) -> Result<String, JsError> {
    let aef = parse("the AEF document", aef_text)?;
    let m: Map<String, Value> = a6check_report::csv::export(&aef)
        .into_iter()
        .map(|(key, _, text)| (key.to_owned(), Value::String(text)))
        .collect();
    Ok(Value::Object(m).to_string())
}

/// Read an AEF v2 workbook (`.xlsx` bytes). Returns JSON
/// `{"aef": <document or null>, "findings": {"valid", "workbook": {...}, "aef": {...}}}`;
/// workbook findings carry `args.sheet`, `args.row` and `args.column`.
#[wasm_bindgen(js_name = importXlsx)]
pub fn import_xlsx(bytes: &[u8]) -> Result<String, JsError> {
    with_engine(|engine| {
        a6check_report::workbook::import_with(engine, bytes, &Options::default())
            .map(|r| r.to_value().to_string())
            .map_err(|e| JsError::new(&e.to_string()))
    })
}
