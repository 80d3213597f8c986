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

/// Add a rule to the entry of its code (a new entry for a new code).
fn add_rule<'a>(
    out: &mut Vec<Entry<'a>>,
    form: &'a str,
    code: &'a str,
    aliases: &'a [String],
    severity: Severity,
    unconfirmed: bool,
    doc: &'a Map<String, Value>,
) {
    if let Some(e) = out.iter_mut().find(|e| e.code == code) {
        if !e.forms.contains(&form) {
            e.forms.push(form);
        }
        e.cases.push(doc);
        for a in aliases {
            if !e.aliases.contains(&a.as_str()) {
                e.aliases.push(a);
            }
        }
        return;
    }
    let mut severity = severity.as_str().to_owned();
    if unconfirmed {
        severity.push_str(", unconfirmed: configurable, never an error");
    }
    out.push(Entry {
        code,
        aliases: aliases.iter().map(String::as_str).collect(),
        severity,
        forms: vec![form],
        doc,
        cases: vec![doc],
    });
}

fn entries(engine: &Engine) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry<'_>> = Vec::new();
    for (form, set) in engine.rulesets() {
        for r in &set.rules {
            add_rule(
                &mut out,
                form,
                &r.code,
                &r.aliases,
                r.severity,
                r.unconfirmed,
                &r.doc,
            );
        }
    }
    // Rules across documents (`a6check reconcile`).
    for r in engine.cross_rules() {
        add_rule(
            &mut out,
            "reconcile",
            &r.code,
            &r.aliases,
            r.severity,
            r.unconfirmed,
            &r.doc,
        );
    }
    // Rules the schemas implement: documented with their form, reported by the schema.
    for (form, set) in engine.rulesets() {
        for doc in &set.schema_rules {
            let Some(code) = doc.get("code").and_then(Value::as_str) else {
                continue;
            };
            if out.iter().any(|e| e.code == code) {
                continue;
            }
            let severity = doc
                .get("severity")
                .and_then(Value::as_str)
                .and_then(Severity::parse)
                .unwrap_or(Severity::Error);
            out.push(Entry {
                code,
                aliases: vec![],
                severity: severity.as_str().to_owned(),
                forms: vec![form],
                doc,
                cases: vec![doc],
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

/// How severities are decided, for every rule alike (printed above the catalogue).
const POLICIES: &str = "\
**Severities.** A rule reports with the severity listed below, except:

- **Missing history.** A rule that needs earlier submissions (its description says \"give earlier \
submissions as context\", e.g. AEF-X-01, II06, AUTH-05) reports a *warning* when no earlier \
submission is given, since what it looks for may be there, and its listed severity when they are.
- **UNCONFIRMED.** A rule resting on an UNCONFIRMED item of the domain brief (§10) is at most a \
warning, whatever a bundle or `--rule CODE=error` says.
- **Overrides.** `--rule CODE=off|error|warning|info` (or the `rules` option of the Wasm API) sets a \
rule's severity for one check, by code or alias; it is final (a missing history no longer lowers it), \
except that UNCONFIRMED rules stay warnings.
- **Identities.** Rules that compare records use one identity for an ITMO (cooperative approach, first \
transferring Party, vintage, serial; full unique identifiers decomposed) and for an authorization \
(authorizing Party, ID, version): see `crates/core/src/identity.rs`.

";

/// The rule catalogue as Markdown (kept in `docs/rules.md`; a test checks it is current).
pub fn catalogue(engine: &Engine) -> String {
    let m = engine.manifest();
    let mut s = format!(
        "# Rule catalogue\n\nGenerated from the bundle `{}` version {} by `a6check bundle docs`; do not edit by hand.\n\n",
        m.name, m.version
    );
    s.push_str(POLICIES);
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

/// One form's fields: pointer pattern → label per language (English first).
fn field_rows(engine: &Engine, form: &str) -> Vec<(String, Vec<String>)> {
    let langs = engine.languages();
    let en = engine.labels(form).unwrap_or_default();
    en.into_iter()
        .map(|(pattern, title)| {
            let mut labels = Vec::new();
            for lang in &langs {
                let label = engine
                    .catalog_for(Some(lang))
                    .ok()
                    .and_then(|c| c.labels_of(form))
                    .and_then(|m| m.get(&pattern))
                    .and_then(Value::as_str)
                    .map_or_else(|| title.clone(), str::to_owned);
                labels.push(label);
            }
            (pattern, labels)
        })
        .collect()
}

/// Code lists of the bundle: (file, title, source, date, values).
fn code_lists(
    engine: &Engine,
    files: &crate::Files,
) -> Vec<(String, String, String, String, Vec<String>)> {
    engine
        .manifest()
        .resources
        .iter()
        .filter_map(|path| {
            let v = files.get(path)?;
            let values = v
                .get("enum")?
                .as_array()?
                .iter()
                .map(crate::i18n::display)
                .collect();
            let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            Some((
                path.clone(),
                s("title"),
                s("x-a6-source"),
                s("x-a6-date"),
                values,
            ))
        })
        .collect()
}

/// The bundle catalogue as Markdown: forms with their fields' labels in every
/// language, and the code lists with source and date (rules are in the rule catalogue).
pub fn forms_catalogue(engine: &Engine, files: &crate::Files) -> String {
    let m = engine.manifest();
    let langs = engine.languages();
    let mut s = format!(
        "# Bundle catalogue\n\nBundle `{}` version {}; generated by `a6check bundle docs`. Rules: [rules.md](rules.md).\n",
        m.name, m.version
    );
    for f in &m.forms {
        s.push_str(&format!(
            "\n## Form `{}`: {}\n\n| field | {} |\n|---|{}\n",
            f.key,
            f.title,
            langs.join(" | "),
            "---|".repeat(langs.len())
        ));
        for (pattern, labels) in field_rows(engine, &f.key) {
            s.push_str(&format!(
                "| `{}` | {} |\n",
                cell(&pattern),
                labels
                    .iter()
                    .map(|l| cell(l))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
    }
    s.push_str("\n## Code lists\n");
    for (path, title, source, date, values) in code_lists(engine, files) {
        s.push_str(&format!(
            "\n### {title} (`{path}`)\n\nSource: {source} ({date})\n\n"
        ));
        for v in values {
            s.push_str(&format!("- `{v}`\n"));
        }
    }
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The whole catalogue (forms, fields and labels in every language, code lists, rules)
/// as one static HTML page for the demo: no scripts, the demo's own stylesheet.
pub fn html_catalogue(engine: &Engine, files: &crate::Files) -> String {
    let m = engine.manifest();
    let langs = engine.languages();
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'\">\n");
    s.push_str(&format!("<title>Catalogue of the a6check bundle {}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n<main class=\"width-container\" id=\"main\">\n", esc(&m.version)));
    s.push_str(&format!("<h1 class=\"heading-xl\">Bundle {} {}</h1>\n<p><a href=\"index.html\">Back to the checker</a></p>\n", esc(&m.name), esc(&m.version)));
    s.push_str("<nav aria-label=\"Contents\"><ul>");
    for f in &m.forms {
        s.push_str(&format!(
            "<li><a href=\"#form-{0}\">{1}</a></li>",
            esc(&f.key),
            esc(&f.title)
        ));
    }
    s.push_str("<li><a href=\"#code-lists\">Code lists</a></li><li><a href=\"#rules\">Rules</a></li></ul></nav>\n");
    for f in &m.forms {
        s.push_str(&format!("<h2 id=\"form-{}\">{}</h2>\n<table class=\"table\"><caption>Fields of the form <code>{}</code> and their labels</caption><thead><tr><th scope=\"col\">Field</th>", esc(&f.key), esc(&f.title), esc(&f.key)));
        for l in &langs {
            s.push_str(&format!("<th scope=\"col\" lang=\"{0}\">{0}</th>", esc(l)));
        }
        s.push_str("</tr></thead><tbody>\n");
        for (pattern, labels) in field_rows(engine, &f.key) {
            s.push_str(&format!(
                "<tr><td><code dir=\"ltr\">{}</code></td>",
                esc(&pattern)
            ));
            for (l, label) in langs.iter().zip(labels) {
                let dir = if *l == "ar" { " dir=\"rtl\"" } else { "" };
                s.push_str(&format!(
                    "<td lang=\"{}\"{dir}>{}</td>",
                    esc(l),
                    esc(&label)
                ));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str("<h2 id=\"code-lists\">Code lists</h2>\n");
    for (path, title, source, date, values) in code_lists(engine, files) {
        s.push_str(&format!(
            "<h3>{} <code>{}</code></h3>\n<p>Source: {} ({})</p>\n<ul>",
            esc(&title),
            esc(&path),
            esc(&source),
            esc(&date)
        ));
        for v in values {
            s.push_str(&format!("<li><code>{}</code></li>", esc(&v)));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("<h2 id=\"rules\">Rules</h2>\n<table class=\"table\"><caption>Rules and finding codes</caption><thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Severity</th><th scope=\"col\">Forms</th><th scope=\"col\">What it checks</th><th scope=\"col\">Basis</th><th scope=\"col\">Triggers</th><th scope=\"col\">Passes</th></tr></thead><tbody>\n");
    for e in entries(engine) {
        for case in &e.cases {
            s.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td><strong>{}</strong> {}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(e.code),
                esc(&e.severity),
                esc(&e.forms.join(", ")),
                esc(text(case, "title")),
                esc(text(case, "description")),
                esc(text(case, "basis")),
                esc(&example(case, "triggers")),
                esc(&example(case, "passes"))
            ));
        }
    }
    s.push_str("</tbody></table>\n</main>\n</body>\n</html>\n");
    s
}
