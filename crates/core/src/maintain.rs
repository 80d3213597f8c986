//! Schema maintainers' checks on a bundle: `bundle check` (is it sound?) and
//! `bundle diff` (what changed, and which version bump does it need?).
//!
//! Problems are data (`Problem`: file, JSON pointer, code, text); the CLI adds line
//! numbers from the file text. Nothing here does IO.

use crate::bundle::{manifest, Files};
use crate::labels::{pattern_of, Labels};
use crate::Engine;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One problem in a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Bundle file.
    pub file: String,
    /// JSON Pointer inside the file.
    pub pointer: String,
    /// Stable code (`ruleset-invalid`, `unknown-field`, `missing-message`, ...).
    pub code: &'static str,
    /// What is wrong, in English.
    pub text: String,
}

fn problem(
    file: &str,
    pointer: impl Into<String>,
    code: &'static str,
    text: impl Into<String>,
) -> Problem {
    Problem {
        file: file.to_owned(),
        pointer: pointer.into(),
        code,
        text: text.into(),
    }
}

/// Check a bundle directory's files. An `Err` means it does not even load (the
/// engine error is the one problem); `Ok` lists every other problem found.
pub fn check(files: &Files) -> Vec<Problem> {
    let mut out = Vec::new();
    let engine = match Engine::from_files(files.clone()) {
        Ok(e) => e,
        Err(e) => {
            let file = e
                .args
                .get("file")
                .and_then(Value::as_str)
                .unwrap_or("manifest.json");
            let pointer = e.args.get("pointer").and_then(Value::as_str).unwrap_or("");
            out.push(problem(
                file,
                pointer,
                "bundle-does-not-load",
                e.to_string(),
            ));
            return out;
        }
    };
    let Ok(m) = manifest(files) else { return out };
    check_rulesets(files, &m, &mut out);
    check_code_lists(files, &m.resources, &mut out);
    check_patterns(files, &mut out);
    check_messages(files, &engine, &m, &mut out);
    out
}

fn check_rulesets(files: &Files, m: &crate::Manifest, out: &mut Vec<Problem>) {
    let format = files.get("ruleset.schema.json");
    let validator = format.and_then(|s| crate::structure::compile_standard(s, &[], true).ok());
    // The cross-document ruleset names no form's fields: only its format is checked.
    let cross = m.reconcile.iter().map(|p| (p, None));
    let per_form = m
        .forms
        .iter()
        .filter_map(|spec| Some((spec.rules.as_ref()?, Some(spec))));
    for (path, spec) in per_form.chain(cross) {
        let Some(rules) = files.get(path) else {
            continue;
        };
        if let Some(v) = &validator {
            for e in v.iter_errors(rules) {
                out.push(problem(
                    path,
                    &e.instance_path,
                    "ruleset-invalid",
                    format!("does not follow ruleset.schema.json: {e}"),
                ));
            }
        } else {
            out.push(problem(
                "ruleset.schema.json",
                "",
                "ruleset-schema-missing",
                "the ruleset format schema is missing or does not compile",
            ));
        }
        let Some(schema) = spec.and_then(|s| files.get(&s.schema)) else {
            continue;
        };
        let labels = Labels::from_schema(schema);
        let known: BTreeSet<String> = labels.known_patterns().cloned().collect();
        check_rule_fields(path, rules, &known, out);
    }
}

/// Every field a rule names exists in the form's schema at the rule's rows.
fn check_rule_fields(file: &str, rules: &Value, known: &BTreeSet<String>, out: &mut Vec<Problem>) {
    let Some(list) = rules.get("rules").and_then(Value::as_array) else {
        return;
    };
    for (i, r) in list.iter().enumerate() {
        let given = pattern_of(r.get("given").and_then(Value::as_str).unwrap_or(""));
        if !given.is_empty() && !known.contains(&given) {
            out.push(problem(
                file,
                format!("/rules/{i}/given"),
                "unknown-field",
                format!("{given} is not a field of the form"),
            ));
        }
        let joins: BTreeMap<String, String> = r
            .get("joins")
            .and_then(Value::as_object)
            .map(|j| {
                j.iter()
                    .filter_map(|(n, v)| {
                        v.get("from")
                            .and_then(Value::as_str)
                            .map(|f| (n.clone(), pattern_of(f)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut need = |at: String, base: &str, field: &str| {
            if field.is_empty() {
                return;
            }
            let full = format!("{base}/{field}");
            if !known.contains(&pattern_of(&full)) {
                out.push(problem(
                    file,
                    at,
                    "unknown-field",
                    format!(
                        "{field} is not a field of {}",
                        if base.is_empty() {
                            "the document"
                        } else {
                            base
                        }
                    ),
                ));
            }
        };
        if let Some(js) = r.get("joins").and_then(Value::as_object) {
            for (n, j) in js {
                let from = joins.get(n).cloned().unwrap_or_default();
                for (ours, theirs) in j.get("on").and_then(Value::as_object).into_iter().flatten() {
                    need(format!("/rules/{i}/joins/{n}/on"), &given, ours);
                    need(
                        format!("/rules/{i}/joins/{n}/on/{ours}"),
                        &from,
                        theirs.as_str().unwrap_or(""),
                    );
                }
            }
        }
        let Some(opts) = r
            .pointer("/then/functionOptions")
            .and_then(Value::as_object)
        else {
            continue;
        };
        let target = opts.get("in").and_then(Value::as_str).map(pattern_of);
        for (k, v) in opts {
            let at = format!("/rules/{i}/then/functionOptions/{k}");
            match (k.as_str(), v) {
                ("field" | "pointAt" | "quantity" | "sum" | "version", Value::String(f)) => {
                    need(at, &given, f)
                }
                ("keys" | "groupBy" | "fields" | "id", Value::Array(fs)) => {
                    for f in fs.iter().filter_map(Value::as_str) {
                        need(at.clone(), &given, f);
                    }
                }
                ("key", Value::String(f)) => {
                    if let Some(t) = &target {
                        need(at, t, f);
                    }
                }
                (_, Value::Object(o)) if o.contains_key("field") && o.get("up").is_none() => {
                    let f = o.get("field").and_then(Value::as_str).unwrap_or("");
                    match o.get("join").and_then(Value::as_str) {
                        Some(j) => need(
                            format!("{at}/field"),
                            joins.get(j).map_or("", String::as_str),
                            f,
                        ),
                        None => need(format!("{at}/field"), &given, f),
                    }
                }
                _ => {}
            }
        }
    }
}

fn check_code_lists(files: &Files, resources: &[String], out: &mut Vec<Problem>) {
    for path in resources {
        let Some(list) = files
            .get(path)
            .and_then(|v| v.get("enum"))
            .and_then(Value::as_array)
        else {
            continue;
        };
        let mut seen = BTreeSet::new();
        for (i, v) in list.iter().enumerate() {
            if !seen.insert(v.to_string()) {
                out.push(problem(
                    path,
                    format!("/enum/{i}"),
                    "duplicate-code",
                    format!("{v} appears twice in the code list"),
                ));
            }
        }
        for key in ["x-a6-source", "x-a6-date"] {
            if files.get(path).and_then(|v| v.get(key)).is_none() {
                out.push(problem(
                    path,
                    "",
                    "code-list-undocumented",
                    format!("a code list needs {key}"),
                ));
            }
        }
    }
}

/// Nested quantifiers such as `(a+)+` or `(\d*)*` can take exponential time on some
/// engines (ReDoS); the bundle must not contain them.
pub fn catastrophic(pattern: &str) -> bool {
    let b = pattern.as_bytes();
    let mut stack: Vec<bool> = Vec::new(); // per open group: contains a quantifier?
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => {
                while i < b.len() && b[i] != b']' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' => stack.push(false),
            b'+' | b'*' => {
                if let Some(top) = stack.last_mut() {
                    *top = true;
                }
            }
            b'{' => {
                let close = b[i..].iter().position(|&c| c == b'}').map(|p| i + p);
                if let (Some(top), Some(c)) = (stack.last_mut(), close) {
                    if b[i..c].contains(&b',') {
                        *top = true;
                    }
                }
            }
            b')' => {
                let inner = stack.pop().unwrap_or(false);
                let next = b.get(i + 1).copied();
                if inner && matches!(next, Some(b'+' | b'*' | b'{')) {
                    return true;
                }
                if inner {
                    if let Some(top) = stack.last_mut() {
                        *top = true;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

fn check_patterns(files: &Files, out: &mut Vec<Problem>) {
    fn walk(v: &Value, at: String, file: &str, out: &mut Vec<Problem>) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    let here = format!("{at}/{}", crate::json::escape_token(k));
                    if k == "pattern" {
                        if let Some(p) = c.as_str() {
                            if catastrophic(p) {
                                out.push(problem(file, here.clone(), "catastrophic-pattern", format!("{p} nests quantifiers, which can make matching take exponential time")));
                            }
                        }
                    }
                    walk(c, here, file, out);
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    walk(c, format!("{at}/{i}"), file, out);
                }
            }
            _ => {}
        }
    }
    for (path, v) in files {
        if path.starts_with("forms/")
            || path.starts_with("codelists/")
            || path.starts_with("rules/")
        {
            walk(v, String::new(), path, out);
        }
    }
}

/// Every message key the bundle uses exists in every catalog.
fn check_messages(files: &Files, engine: &Engine, m: &crate::Manifest, out: &mut Vec<Problem>) {
    let mut used: BTreeMap<String, (String, String)> = BTreeMap::new();
    fn collect(v: &Value, at: String, file: &str, used: &mut BTreeMap<String, (String, String)>) {
        match v {
            Value::Object(o) => {
                for (k, c) in o {
                    let here = format!("{at}/{}", crate::json::escape_token(k));
                    if k == "x-a6-message" {
                        if let Some(s) = c.as_str() {
                            used.entry(s.to_owned())
                                .or_insert((file.to_owned(), here.clone()));
                        }
                    }
                    if k == "x-a6-finding" {
                        if let Some(s) = c
                            .get("message")
                            .or_else(|| c.get("code"))
                            .and_then(Value::as_str)
                        {
                            used.entry(s.to_owned())
                                .or_insert((file.to_owned(), here.clone()));
                        }
                    }
                    collect(c, here, file, used);
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    collect(c, format!("{at}/{i}"), file, used);
                }
            }
            _ => {}
        }
    }
    for spec in &m.forms {
        if let Some(s) = files.get(&spec.schema) {
            collect(s, String::new(), &spec.schema, &mut used);
        }
    }
    for (form, set) in engine.rulesets() {
        let file = m
            .forms
            .iter()
            .find(|f| f.key == form)
            .and_then(|f| f.rules.clone())
            .unwrap_or_default();
        for (i, r) in set.rules.iter().enumerate() {
            used.entry(r.message.clone())
                .or_insert((file.clone(), format!("/rules/{i}/message")));
        }
    }
    if let Some(file) = &m.reconcile {
        for (i, r) in engine.cross_rules().iter().enumerate() {
            used.entry(r.message.clone())
                .or_insert((file.clone(), format!("/rules/{i}/message")));
        }
        used.entry("submission-replaced".into())
            .or_insert((file.clone(), String::new()));
    }
    for lang in engine.languages() {
        let Ok(cat) = engine.catalog_for(Some(lang)) else {
            continue;
        };
        let file = m.messages.get(lang).cloned().unwrap_or_default();
        for (key, (src, at)) in &used {
            if !cat.has(key) {
                out.push(problem(
                    &file,
                    format!("/messages/{}", crate::json::escape_token(key)),
                    "missing-message",
                    format!("no message {key} (used by {src} at {at})"),
                ));
            }
        }
    }
}

/// How big a change is, by semantic versioning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Wording, docs, fixtures.
    Patch,
    /// New values, fields, rules: documents valid before stay valid.
    Minor,
    /// Documents valid before may now be rejected.
    Major,
}

impl Bump {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// One classified change between two bundles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// File that changed.
    pub file: String,
    /// What changed.
    pub text: String,
    /// What it requires.
    pub bump: Bump,
}

fn severity_rank(s: &str) -> u8 {
    match s {
        "error" => 3,
        "warning" => 2,
        "info" => 1,
        _ => 0,
    }
}

fn required_sets(v: &Value, at: String, out: &mut BTreeMap<String, BTreeSet<String>>) {
    match v {
        Value::Object(o) => {
            if let Some(Value::Array(req)) = o.get("required") {
                out.insert(
                    at.clone(),
                    req.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect(),
                );
            }
            for (k, c) in o {
                required_sets(c, format!("{at}/{}", crate::json::escape_token(k)), out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                required_sets(c, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Classify every change from `old` to `new`.
pub fn diff(old: &Files, new: &Files) -> Vec<Change> {
    let mut out = Vec::new();
    let paths: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for path in paths {
        if path.starts_with("fixtures/") || path.starts_with("examples/") {
            continue;
        }
        let (o, n) = (old.get(path), new.get(path));
        if o == n {
            continue;
        }
        let change = |text: String, bump: Bump| Change {
            file: path.clone(),
            text,
            bump,
        };
        match (o, n) {
            (None, Some(_)) => out.push(change("added".into(), Bump::Minor)),
            (Some(_), None) => out.push(change("removed".into(), Bump::Major)),
            (Some(o), Some(n)) => {
                // Code lists: removed values break documents, added ones do not.
                if let (Some(Value::Array(oe)), Some(Value::Array(ne))) =
                    (o.get("enum"), n.get("enum"))
                {
                    for v in oe.iter().filter(|v| !ne.contains(v)) {
                        out.push(change(format!("code-list value {v} removed"), Bump::Major));
                    }
                    for v in ne.iter().filter(|v| !oe.contains(v)) {
                        out.push(change(format!("code-list value {v} added"), Bump::Minor));
                    }
                }
                // Schemas: a newly required field breaks documents.
                let (mut ro, mut rn) = (BTreeMap::new(), BTreeMap::new());
                required_sets(o, String::new(), &mut ro);
                required_sets(n, String::new(), &mut rn);
                for (at, set) in &rn {
                    let before = ro.get(at).cloned().unwrap_or_default();
                    for f in set.difference(&before) {
                        out.push(change(format!("{f} newly required at {at}"), Bump::Major));
                    }
                }
                // Rules: raised severity or a new error rule can reject documents.
                if let (Some(Value::Array(orules)), Some(Value::Array(nrules))) =
                    (o.get("rules"), n.get("rules"))
                {
                    let id = |r: &Value| {
                        r.get("id")
                            .or_else(|| r.get("code"))
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_owned()
                    };
                    let sev = |r: &Value| {
                        r.get("severity")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_owned()
                    };
                    for nr in nrules {
                        match orules.iter().find(|or| id(or) == id(nr)) {
                            None => out.push(change(
                                format!("rule {} added ({})", id(nr), sev(nr)),
                                if sev(nr) == "error" {
                                    Bump::Major
                                } else {
                                    Bump::Minor
                                },
                            )),
                            Some(or) if severity_rank(&sev(nr)) > severity_rank(&sev(or)) => out
                                .push(change(
                                    format!(
                                        "rule {} severity raised from {} to {}",
                                        id(nr),
                                        sev(or),
                                        sev(nr)
                                    ),
                                    Bump::Major,
                                )),
                            Some(or) if or != nr => {
                                out.push(change(format!("rule {} changed", id(nr)), Bump::Minor))
                            }
                            _ => {}
                        }
                    }
                    for or in orules
                        .iter()
                        .filter(|or| !nrules.iter().any(|nr| id(nr) == id(or)))
                    {
                        out.push(change(format!("rule {} removed", id(or)), Bump::Minor));
                    }
                }
                if !out.iter().any(|c| &c.file == path) {
                    let bump = if path.starts_with("messages/")
                        || path == "codes.json"
                        || path == "manifest.json"
                    {
                        Bump::Patch
                    } else {
                        Bump::Minor
                    };
                    out.push(change("changed".into(), bump));
                }
            }
            (None, None) => {}
        }
    }
    out
}

/// The version bump a set of changes needs (none when empty).
pub fn needed_bump(changes: &[Change]) -> Option<Bump> {
    changes.iter().map(|c| c.bump).max()
}

/// The bump from `old` to `new` semantic versions, if it is one (`None`: not higher).
pub fn bump_between(old: &str, new: &str) -> Option<Bump> {
    let parse = |v: &str| -> Option<(u64, u64, u64)> {
        let core = v.split(['-', '+']).next()?;
        let mut it = core.split('.').map(|p| p.parse::<u64>().ok());
        Some((it.next()??, it.next()??, it.next()??))
    };
    let (o, n) = (parse(old)?, parse(new)?);
    if n.0 > o.0 {
        Some(Bump::Major)
    } else if n.0 == o.0 && n.1 > o.1 {
        Some(Bump::Minor)
    } else if n.0 == o.0 && n.1 == o.1 && n.2 > o.2 {
        Some(Bump::Patch)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_nested_quantifiers() {
        assert!(catastrophic("^(a+)+$"));
        assert!(catastrophic("(\\d*)*"));
        assert!(catastrophic("((ab)*c)*"));
        assert!(catastrophic("(x+){2,}"));
        assert!(!catastrophic("^CA\\d{4}$"));
        assert!(!catastrophic("^[1-9]\\d{0,2}((\\d*)|(,\\d{3})*)$"));
        assert!(!catastrophic(
            "^(0[1-9]|[12]\\d|3[01])/(0[1-9]|1[0-2])/\\d{4}$"
        ));
        assert!(!catastrophic("^[A-Za-z0-9 -]+$"));
    }

    #[test]
    fn classifies_changes() {
        let mut old = Files::new();
        old.insert("codelists/s.json".into(), json!({"enum": ["A", "B"]}));
        old.insert(
            "rules/r.json".into(),
            json!({"rules": [{"code": "X", "severity": "warning"}]}),
        );
        old.insert("forms/f.json".into(), json!({"required": ["a"]}));
        let mut new = old.clone();
        new.insert("codelists/s.json".into(), json!({"enum": ["A", "B", "C"]}));
        assert_eq!(needed_bump(&diff(&old, &new)), Some(Bump::Minor));
        new.insert("codelists/s.json".into(), json!({"enum": ["A"]}));
        assert_eq!(needed_bump(&diff(&old, &new)), Some(Bump::Major));
        let mut new = old.clone();
        new.insert(
            "rules/r.json".into(),
            json!({"rules": [{"code": "X", "severity": "error"}]}),
        );
        assert_eq!(needed_bump(&diff(&old, &new)), Some(Bump::Major));
        let mut new = old.clone();
        new.insert("forms/f.json".into(), json!({"required": ["a", "b"]}));
        let d = diff(&old, &new);
        assert_eq!(needed_bump(&d), Some(Bump::Major));
        assert!(d[0].text.contains("b newly required"));
        assert_eq!(needed_bump(&diff(&old, &old)), None);
        assert_eq!(bump_between("1.2.3", "1.3.0"), Some(Bump::Minor));
        assert_eq!(bump_between("1.2.3", "1.2.3"), None);
        assert_eq!(bump_between("1.2.3", "2.0.0"), Some(Bump::Major));
    }
}
