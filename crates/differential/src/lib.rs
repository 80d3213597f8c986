//! Differential testing: a6check's own JSON Schema validator (`a6check-schema`, through
//! `a6check_core::structure`) against the reference implementation, the `jsonschema`
//! crate, on the same schema, resources and instance.
//!
//! Native only. The runner (`tests/differential/run`) and the fuzz target
//! (`fuzz/fuzz_targets/differential.rs`) share this library: [`Pair`] compiles a schema
//! with both validators, [`Pair::check`] runs both on one instance, catching panics, and
//! [`Verdict`] says whether they agree on validity and, when both reject, on the set of
//! failing instance locations. [`bundle`] builds the pairs for the default bundle's forms,
//! [`mutate`] makes seeded variants of documents, [`Differences`] reads the one reviewed
//! list of intentional differences.

pub mod bundle;
pub mod mutate;

use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The a6check keyword that reports any value where it applies (see ARCHITECTURE.md); the
/// reference gets the same meaning through a custom keyword that always fails.
pub const FINDING_KEYWORD: &str = "x-a6-finding";

/// What one validator said about one instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The schema compiled and the instance was checked.
    Checked {
        /// Valid or not.
        valid: bool,
        /// JSON Pointers of the failing instance locations (empty when valid).
        locations: BTreeSet<String>,
    },
    /// The schema did not compile (the same for every instance).
    Uncompiled(String),
    /// The validator panicked (compiling or checking), with the panic message.
    Panicked(String),
}

impl Answer {
    /// The answer as JSON, for the disagreement files.
    pub fn to_json(&self) -> Value {
        match self {
            Answer::Checked { valid, locations } => serde_json::json!({
                "valid": valid,
                "locations": locations.iter().collect::<Vec<_>>(),
            }),
            Answer::Uncompiled(e) => serde_json::json!({ "compileError": e }),
            Answer::Panicked(e) => serde_json::json!({ "panic": e }),
        }
    }

    /// True when this answer is a panic.
    pub fn panicked(&self) -> bool {
        matches!(self, Answer::Panicked(_))
    }
}

/// Whether the two answers agree, and if not, how they differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Same validity (and, when both reject, the same failing locations), or both refused
    /// to compile the schema.
    Agree,
    /// One accepts, the other rejects (or only one compiled the schema).
    Validity,
    /// Both reject, at different instance locations.
    Locations,
    /// At least one validator panicked.
    Panic,
}

/// Compare two answers.
pub fn verdict(ours: &Answer, theirs: &Answer) -> Verdict {
    match (ours, theirs) {
        (Answer::Panicked(_), _) | (_, Answer::Panicked(_)) => Verdict::Panic,
        (Answer::Uncompiled(_), Answer::Uncompiled(_)) => Verdict::Agree,
        (
            Answer::Checked {
                valid: a,
                locations: la,
            },
            Answer::Checked {
                valid: b,
                locations: lb,
            },
        ) => {
            if a != b {
                Verdict::Validity
            } else if la != lb {
                Verdict::Locations
            } else {
                Verdict::Agree
            }
        }
        _ => Verdict::Validity,
    }
}

thread_local! {
    /// The last panic's message on this thread, recorded by the hook [`quiet_panics`] installs.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replace the panic hook by one that records the message (and location) instead of
/// printing it: a panic in either validator is reported with its input by the caller.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{msg}{at}")));
    }));
}

/// Run `f`, turning a panic into `Err(message)`.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "panic".to_owned())
    })
}

/// How a schema is compiled: the way the bundle does (`a6check_core::structure::compile`:
/// base URI, `x-a6-finding`, formats asserted) or the plain 2020-12 way the suite asks
/// for (`compile_standard`).
#[derive(Debug, Clone, Copy)]
pub enum Mode<'a> {
    /// A bundle form: its base URI; formats are asserted.
    Bundle {
        /// The form's URI in the bundle.
        base: &'a str,
    },
    /// A JSON-Schema-Test-Suite case.
    Standard {
        /// Assert `format` (the suite's `optional/format` files).
        assert_formats: bool,
    },
}

/// One schema compiled by both validators.
pub struct Pair {
    ours: Result<a6check_core::structure::Validator, Answer>,
    theirs: Result<jsonschema::Validator, Answer>,
}

/// The reference's side of `x-a6-finding`: fails wherever it is evaluated.
struct AlwaysFails;

impl<'i> jsonschema::Keyword<'i> for AlwaysFails {
    fn validate(&self, _: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        Err(jsonschema::ValidationError::custom(FINDING_KEYWORD))
    }
    fn is_valid(&self, _: &'i Value) -> bool {
        false
    }
}

impl Pair {
    /// Compile `schema` with both validators, with `resources` (URI → schema) served from
    /// memory and nothing fetched. A panic while compiling is kept as the answer.
    pub fn compile(schema: &Value, resources: &[(String, Value)], mode: Mode<'_>) -> Pair {
        let ours = guarded(|| match mode {
            Mode::Bundle { base } => {
                a6check_core::structure::compile(schema, Some(base), resources)
            }
            Mode::Standard { assert_formats } => {
                a6check_core::structure::compile_standard(schema, resources, assert_formats)
            }
        });
        let ours = match ours {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(Answer::Uncompiled(e)),
            Err(p) => Err(Answer::Panicked(format!("compiling: {p}"))),
        };
        let theirs = match guarded(|| reference(schema, resources, mode)) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(Answer::Uncompiled(e)),
            Err(p) => Err(Answer::Panicked(format!("compiling: {p}"))),
        };
        Pair { ours, theirs }
    }

    /// Check `instance` with both: (a6check-schema, jsonschema).
    pub fn check(&self, instance: &Value) -> (Answer, Answer) {
        let ours = match &self.ours {
            Err(a) => a.clone(),
            Ok(v) => match guarded(|| {
                let errors = v.errors(instance, usize::MAX);
                let locations: BTreeSet<String> =
                    errors.iter().map(|e| e.instance_path.clone()).collect();
                (v.is_valid(instance), locations)
            }) {
                Ok((valid, locations)) => consistent(valid, locations),
                Err(p) => Answer::Panicked(p),
            },
        };
        let theirs = match &self.theirs {
            Err(a) => a.clone(),
            Ok(v) => match guarded(|| {
                let locations: BTreeSet<String> = v
                    .iter_errors(instance)
                    .map(|e| e.instance_path().as_str().to_owned())
                    .collect();
                (v.is_valid(instance), locations)
            }) {
                Ok((valid, locations)) => consistent(valid, locations),
                Err(p) => Answer::Panicked(p),
            },
        };
        (ours, theirs)
    }
}

/// `is_valid` and the error list must agree; when they do not, that is itself reported
/// (as a panic-like answer), since a caller of either API would see different results.
fn consistent(valid: bool, locations: BTreeSet<String>) -> Answer {
    if valid != locations.is_empty() {
        return Answer::Panicked(format!(
            "is_valid says {valid} but the error list has {} location(s)",
            locations.len()
        ));
    }
    Answer::Checked { valid, locations }
}

/// Build the reference validator: draft 2020-12, resources in a registry, no retrieval.
fn reference(
    schema: &Value,
    resources: &[(String, Value)],
    mode: Mode<'_>,
) -> Result<jsonschema::Validator, String> {
    let registry = jsonschema::Registry::new()
        .draft(jsonschema::Draft::Draft202012)
        .extend(resources.iter().map(|(u, v)| (u.as_str(), v)))
        .and_then(|b| b.prepare())
        .map_err(|e| e.to_string())?;
    let mut opts = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(&registry)
        .with_keyword(FINDING_KEYWORD, |_, _, _| Ok(Box::new(AlwaysFails)));
    match mode {
        Mode::Bundle { base } => {
            opts = opts.with_base_uri(base).should_validate_formats(true);
        }
        // Left to the dialect otherwise: a metaschema with the format-assertion
        // vocabulary asserts `format` in both validators.
        Mode::Standard {
            assert_formats: true,
        } => opts = opts.should_validate_formats(true),
        Mode::Standard { .. } => {}
    }
    opts.build(schema).map_err(|e| e.to_string())
}

/// The reviewed list of intentional differences (`tests/differential/differences.txt`):
/// one case per line, `case id  # reason`. Blank lines and `#` lines are comments.
#[derive(Debug, Default)]
pub struct Differences {
    /// Case id → reason.
    entries: BTreeMap<String, String>,
    /// Case ids seen this run, so entries that match nothing are reported.
    used: RefCell<BTreeSet<String>>,
}

impl Differences {
    /// Parse the list; every entry needs a reason and appears once.
    pub fn parse(text: &str) -> Result<Differences, String> {
        let mut entries = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let bad = |why: &str| format!("line {}: {why}: {line}", i + 1);
            let (case, why) = t
                .rsplit_once("  # ")
                .ok_or_else(|| bad("no reason (`  # why` at the end of the line)"))?;
            if why.trim().is_empty() {
                return Err(bad("empty reason"));
            }
            if entries
                .insert(case.trim().to_owned(), why.trim().to_owned())
                .is_some()
            {
                return Err(bad("duplicate entry"));
            }
        }
        Ok(Differences {
            entries,
            used: RefCell::default(),
        })
    }

    /// The reason `case` is an intentional difference, if it is listed (and mark it used).
    /// Ids are compared trimmed: the list's lines are, and a mutation may end in a space.
    pub fn reason(&self, case: &str) -> Option<&str> {
        let case = case.trim();
        let r = self.entries.get(case).map(String::as_str);
        if r.is_some() {
            self.used.borrow_mut().insert(case.to_owned());
        }
        r
    }

    /// Listed cases that no run reached: the list must not go stale.
    pub fn unused(&self) -> Vec<&str> {
        let used = self.used.borrow();
        self.entries
            .keys()
            .filter(|k| !used.contains(*k))
            .map(String::as_str)
            .collect()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// True when a disagreement is fully explained by exact decimals: every instance location
/// where the two differ holds (or contains) a number that `f64` cannot hold exactly, which
/// a6check-schema reads exactly and jsonschema through `f64`. The fuzz target uses this,
/// since its inputs have no stable case ids for the differences list; the runner does not.
pub fn explained_by_exact_decimals(instance: &Value, ours: &Answer, theirs: &Answer) -> bool {
    let (Answer::Checked { locations: a, .. }, Answer::Checked { locations: b, .. }) =
        (ours, theirs)
    else {
        return false;
    };
    let inexact = inexact_numbers(instance);
    let mut differing = a.symmetric_difference(b).peekable();
    differing.peek().is_some()
        && differing.all(|loc| {
            inexact
                .iter()
                .any(|n| n == loc || n.starts_with(&format!("{loc}/")) || loc.is_empty())
        })
}

/// Pointers of the numbers in `v` whose value `f64` does not hold exactly.
fn inexact_numbers(v: &Value) -> Vec<String> {
    fn walk(v: &Value, path: &mut String, out: &mut Vec<String>) {
        match v {
            Value::Number(n) if !f64_exact(&n.to_string()) => out.push(path.clone()),
            Value::Object(m) => {
                for (k, c) in m {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&k.replace('~', "~0").replace('/', "~1"));
                    walk(c, path, out);
                    path.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, c) in items.iter().enumerate() {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&i.to_string());
                    walk(c, path, out);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut String::new(), &mut out);
    out
}

/// True when the decimal `text` survives a trip through `f64`: finite, not flushed to
/// zero, and at most 15 significant digits (every such decimal round-trips).
fn f64_exact(text: &str) -> bool {
    let Ok(f) = text.parse::<f64>() else {
        return false;
    };
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let significant = digits.trim_start_matches('0').trim_end_matches('0');
    f.is_finite() && (f != 0.0 || significant.is_empty()) && significant.len() <= 15
}

/// A disagreement, as written to the disagreements file: which case, the schema (inline, or
/// the bundle file it came from), the instance and both answers.
pub fn disagreement_json(
    case: &str,
    schema: Value,
    instance: &Value,
    ours: &Answer,
    theirs: &Answer,
) -> Value {
    let mut m = Map::new();
    m.insert("case".into(), Value::String(case.to_owned()));
    m.insert("schema".into(), schema);
    m.insert("instance".into(), instance.clone());
    m.insert("a6check-schema".into(), ours.to_json());
    m.insert("jsonschema".into(), theirs.to_json());
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pair(schema: Value) -> Pair {
        Pair::compile(
            &schema,
            &[],
            Mode::Standard {
                assert_formats: false,
            },
        )
    }

    #[test]
    fn agree_on_simple_schema() {
        let p = pair(json!({"type": "object", "properties": {"a": {"type": "integer"}}}));
        let (a, b) = p.check(&json!({"a": "x"}));
        assert_eq!(verdict(&a, &b), Verdict::Agree);
        assert_eq!(
            a,
            Answer::Checked {
                valid: false,
                locations: ["/a".to_owned()].into()
            }
        );
    }

    #[test]
    fn finding_keyword_fails_on_both() {
        let schema = json!({"properties": {"a": {"x-a6-finding": {"code": "not-applicable"}}}});
        let p = Pair::compile(
            &schema,
            &[],
            Mode::Bundle {
                base: "https://bundle.a6check.invalid/f.json",
            },
        );
        let (a, b) = p.check(&json!({"a": 1}));
        assert_eq!(verdict(&a, &b), Verdict::Agree, "{a:?} {b:?}");
        assert!(matches!(a, Answer::Checked { valid: false, .. }));
        let (a, b) = p.check(&json!({}));
        assert_eq!(verdict(&a, &b), Verdict::Agree);
    }

    #[test]
    fn differences_need_reasons_and_report_unused() {
        assert!(Differences::parse("suite :: x").is_err());
        let d =
            Differences::parse("# c\nsuite :: x  # why\nsuite :: y  # why\n").unwrap_or_default();
        assert_eq!(d.reason("suite :: x"), Some("why"));
        assert_eq!(d.unused(), vec!["suite :: y"]);
    }

    #[test]
    fn exact_decimal_explanations() {
        assert!(f64_exact("19.99") && f64_exact("-0") && f64_exact("1e300"));
        assert!(!f64_exact("1e309") && !f64_exact("1e-400"));
        assert!(!f64_exact("12345678901234567890.123456789"));
        let doc = a6check_core::json::parse(r#"{"a": [1, 1e309]}"#)
            .map(|p| p.value)
            .unwrap_or_default();
        let checked = |locs: &[&str]| Answer::Checked {
            valid: locs.is_empty(),
            locations: locs.iter().map(|s| (*s).to_owned()).collect(),
        };
        assert!(explained_by_exact_decimals(
            &doc,
            &checked(&[]),
            &checked(&["/a/1"])
        ));
        assert!(!explained_by_exact_decimals(
            &doc,
            &checked(&[]),
            &checked(&["/a/0"])
        ));
        assert!(!explained_by_exact_decimals(
            &doc,
            &checked(&[]),
            &checked(&[])
        ));
    }

    #[test]
    fn panics_are_answers() {
        quiet_panics();
        assert_eq!(guarded(|| 1), Ok(1));
        let r: Result<(), String> = guarded(|| panic!("boom"));
        assert!(r.is_err_and(|m| m.starts_with("boom")));
    }
}
