//! Rule documentation from the bundle: `a6check explain CODE` and the generated rule
//! catalogue (`docs/rules.md`). Every rule carries its own docs as data (title, what
//! it checks, why, basis, an example that triggers it and one that does not); schema
//! finding codes are documented in the bundle's `codes.json`.

use crate::{Engine, Severity};
use serde_json::{Map, Value};

fn text<'a>(doc: &'a Map<String, Value>, key: &str) -> &'a str {
    doc.get(key).and_then(Value::as_str).unwrap_or("")
}

fn example(doc: &Map<String, Value>, key: &str) -> String {
    match doc.get("example").and_then(|e| e.get(key)) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// One finding code and every rule (case) that reports it.
struct Entry<'a> {
    code: &'a str,
    aliases: Vec<&'a str>,
    severity: String,
    forms: Vec<&'a str>,
    doc: &'a Map<String, Value>,
    cases: Vec<&'a Map<String, Value>>,
}

fn entries(engine: &Engine) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry<'_>> = Vec::new();
    for (form, set) in engine.rulesets() {
        for r in &set.rules {
            if let Some(e) = out.iter_mut().find(|e| e.code == r.code) {
                if !e.forms.contains(&form) {
                    e.forms.push(form);
                }
                e.cases.push(&r.doc);
                for a in &r.aliases {
                    if !e.aliases.contains(&a.as_str()) {
                        e.aliases.push(a);
                    }
                }
                continue;
            }
            let mut severity = r.severity.as_str().to_owned();
            if r.unconfirmed {
                severity.push_str(", unconfirmed: configurable, never an error");
            }
            out.push(Entry {
                code: &r.code,
                aliases: r.aliases.iter().map(String::as_str).collect(),
                severity,
                forms: vec![form],
                doc: &r.doc,
                cases: vec![&r.doc],
            });
        }
    }
    for (code, doc) in engine.codes() {
        if let Value::Object(doc) = doc {
            let severity = doc
                .get("severity")
                .and_then(Value::as_str)
                .and_then(Severity::parse)
                .unwrap_or(Severity::Error);
            out.push(Entry {
                code,
                aliases: vec![],
                severity: severity.as_str().to_owned(),
                forms: vec!["every form (JSON Schema)"],
                doc,
                cases: vec![doc],
            });
        }
    }
    out
}

fn render(e: &Entry<'_>) -> String {
    let mut s = format!("{} — {}\n", e.code, text(e.doc, "title"));
    s.push_str(&format!("Severity: {}\n", e.severity));
    if !e.aliases.is_empty() {
        s.push_str(&format!("Also known as: {}\n", e.aliases.join(", ")));
    }
    s.push_str(&format!("Forms: {}\n", e.forms.join(", ")));
    for (i, case) in e.cases.iter().enumerate() {
        if e.cases.len() > 1 {
            s.push_str(&format!("\nCase {}: {}\n", i + 1, text(case, "title")));
        }
        for (head, key) in [
            ("What it checks", "description"),
            ("Why", "why"),
            ("Basis", "basis"),
        ] {
            s.push_str(&format!("\n{head}\n  {}\n", text(case, key)));
        }
        s.push_str(&format!(
            "\nExample that triggers it\n  {}\n",
            example(case, "triggers")
        ));
        s.push_str(&format!(
            "\nExample that does not\n  {}\n",
            example(case, "passes")
        ));
    }
    s
}

/// The documentation of `code` (a rule code, an alias, or a schema finding code).
pub fn explain(engine: &Engine, code: &str) -> Option<String> {
    entries(engine)
        .iter()
        .find(|e| e.code == code || e.aliases.contains(&code))
        .map(render)
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The rule catalogue as Markdown (kept in `docs/rules.md`; a test checks it is current).
pub fn catalogue(engine: &Engine) -> String {
    let m = engine.manifest();
    let mut s = format!(
        "# Rule catalogue\n\nGenerated from the bundle `{}` version {} by `a6check bundle docs`; do not edit by hand.\n\n",
        m.name, m.version
    );
    s.push_str("| code | also | severity | forms | title | basis |\n|---|---|---|---|---|---|\n");
    let all = entries(engine);
    for e in &all {
        s.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} | {} | {} |\n",
            e.code,
            e.code.to_lowercase(),
            e.aliases.join(", "),
            cell(&e.severity),
            e.forms.join(", "),
            cell(text(e.doc, "title")),
            cell(text(e.doc, "basis"))
        ));
    }
    for e in &all {
        s.push_str(&format!("\n## {}\n\n{}\n\n", e.code, text(e.doc, "title")));
        s.push_str(&format!("- **Severity:** {}\n", e.severity));
        if !e.aliases.is_empty() {
            s.push_str(&format!("- **Also known as:** {}\n", e.aliases.join(", ")));
        }
        s.push_str(&format!("- **Forms:** {}\n", e.forms.join(", ")));
        for case in &e.cases {
            if e.cases.len() > 1 {
                s.push_str(&format!("\n### {}\n\n", text(case, "title")));
            }
            s.push_str(&format!("- **Basis:** {}\n\n", text(case, "basis")));
            s.push_str(&format!(
                "**What it checks.** {}\n\n",
                text(case, "description")
            ));
            s.push_str(&format!("**Why.** {}\n\n", text(case, "why")));
            s.push_str(&format!("**Triggers:** {}\n\n", example(case, "triggers")));
            s.push_str(&format!("**Passes:** {}\n", example(case, "passes")));
        }
    }
    s
}
