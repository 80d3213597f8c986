//! `Checker.reconcile(files, options)`: many documents at once, in the browser as in
//! `a6check reconcile`. `files` is an array of `{name, text}` or `{name, bytes}`
//! (a `Uint8Array`), with an optional `form`; the result is a plain object
//! `{valid, documents, findings, flows}` (numbers in `args` as exact text).

use crate::boundary::{thrown, to_js, Exact, ExactMap};
use a6check_core::reconcile::{Input, Reconciliation};
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct DocumentOut<'a> {
    document: &'a str,
    form: Option<&'a str>,
    party: Option<&'a str>,
    year: Option<i64>,
    version: Option<Exact<'a>>,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    code: &'a str,
    severity: &'static str,
    document: &'a str,
    pointer: &'a str,
    message: &'a str,
    args: ExactMap<'a>,
}

#[derive(Serialize)]
struct Out<'a> {
    valid: bool,
    documents: Vec<DocumentOut<'a>>,
    findings: Vec<FindingOut<'a>>,
    flows: Exact<'a>,
}

fn bad_file(i: u32, detail: &str) -> JsValue {
    let mut args = Map::new();
    args.insert("index".into(), Value::from(i));
    args.insert("detail".into(), Value::String(detail.to_owned()));
    thrown("bad-files", &format!("files[{i}]: {detail}"), &args)
}

/// The inputs from the JS array (texts, or bytes that must be UTF-8).
pub(crate) fn inputs(files: &JsValue) -> Result<Vec<Input>, JsValue> {
    if !js_sys::Array::is_array(files) {
        return Err(thrown(
            "bad-files",
            "files: expected an array of {name, text} or {name, bytes}",
            &Map::new(),
        ));
    }
    let array = js_sys::Array::from(files);
    let mut out = Vec::new();
    for (i, item) in array.iter().enumerate() {
        let i = i as u32;
        let get = |k: &str| js_sys::Reflect::get(&item, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let name = get("name")
            .as_string()
            .ok_or_else(|| bad_file(i, "needs a name (text)"))?;
        let form = get("form").as_string();
        let text = match get("text").as_string() {
            Some(t) => t,
            None => {
                let bytes = get("bytes");
                if !bytes.is_instance_of::<js_sys::Uint8Array>() {
                    return Err(bad_file(i, "needs text (a string) or bytes (a Uint8Array)"));
                }
                let bytes = js_sys::Uint8Array::from(bytes).to_vec();
                match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(_) => return Err(bad_file(i, &format!("{name} is not UTF-8 text"))),
                }
            }
        };
        out.push(Input { name, form, text });
    }
    Ok(out)
}

/// The reconciliation as a plain JS object.
pub(crate) fn to_object(r: &Reconciliation) -> Result<JsValue, JsValue> {
    let flows = r.flows_json();
    let out = Out {
        valid: r.valid(),
        documents: r
            .documents
            .iter()
            .map(|d| DocumentOut {
                document: &d.name,
                form: d.form.as_deref(),
                party: d.party.as_deref(),
                year: d.year,
                version: d.version.as_ref().map(Exact),
            })
            .collect(),
        findings: r
            .findings
            .iter()
            .map(|f| FindingOut {
                code: &f.finding.code,
                severity: f.finding.severity.as_str(),
                document: r.documents.get(f.document).map_or("", |d| d.name.as_str()),
                pointer: &f.finding.pointer,
                message: &f.finding.message,
                args: ExactMap(&f.finding.args),
            })
            .collect(),
        flows: Exact(&flows),
    };
    to_js(&out)
}
