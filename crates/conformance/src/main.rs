//! Runs the official JSON-Schema-Test-Suite (draft 2020-12) through a6check's schema
//! compiler (`a6check_core::structure::compile`) and prints Bowtie-like results.
//!
//! ```text
//! a6check-conformance [run] [--suite DIR] [--skip FILE] [--verbose]
//! a6check-conformance export [--suite DIR] [--skip FILE] [--out FILE]
//! ```
//!
//! `run` validates natively. `export` writes the suite as JSON for the Wasm runner
//! (`tests/conformance/run.mjs`): every schema and instance as JSON *text*, re-serialised
//! from a6check's parser with serde_json's `arbitrary_precision`, so big numbers keep
//! their exact digits when they cross into JavaScript.
//!
//! Groups: `required` = `tests/draft2020-12/*.json`, `optional` = `optional/*.json`,
//! `format` = `optional/format/*.json`. Every file under `remotes/` is registered as a
//! resource at `http://localhost:1234/<path>`; nothing touches the network.
//! The closing line `N passed, M failed[, K skipped]` counts the required tests only;
//! the exit status is 1 when a required test fails (skipped tests do not run).

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the remotes are served from (in memory).
const REMOTE_BASE: &str = "http://localhost:1234/";
/// The dialect directory of the suite that a6check supports.
const DIALECT: &str = "draft2020-12";

/// A remote: its URI and contents.
type Resource = (String, Value);

/// The groups, in report order.
const GROUPS: [&str; 3] = ["required", "optional", "format"];

struct Test {
    description: String,
    data: Value,
    valid: bool,
    /// The skip-list justification, when the test is skipped.
    skip: Option<String>,
}

struct Case {
    description: String,
    schema: Value,
    tests: Vec<Test>,
}

struct File {
    /// Name as printed: `draft2020-12/anchor.json`, `draft2020-12/optional/format/date.json`.
    name: String,
    group: &'static str,
    cases: Vec<Case>,
}

struct Suite {
    files: Vec<File>,
    remotes: Vec<Resource>,
    /// Remotes the engine's registry rejects on their own (URI, reason): left out and reported.
    rejected_remotes: Vec<(String, String)>,
    /// Skip-list entries that matched no test (reported, so the list cannot go stale).
    unmatched_skips: Vec<String>,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    passed: usize,
    failed: usize,
    skipped: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.passed += o.passed;
        self.failed += o.failed;
        self.skipped += o.skipped;
    }
}

struct Args {
    command: String,
    suite: PathBuf,
    skip: Option<PathBuf>,
    out: Option<PathBuf>,
    verbose: bool,
}

fn usage() -> String {
    "usage: a6check-conformance [run|export] [--suite DIR] [--skip FILE] [--out FILE] [--verbose]\n\
     \n  run     validate the suite natively (default)\
     \n  export  write the suite as JSON text (schemas and instances as exact JSON text) for the Wasm runner\
     \n\n  --suite DIR  the JSON-Schema-Test-Suite checkout (default: $A6CHECK_SUITE, else ../shared/json-schema-test-suite from the repository root)\
     \n  --skip FILE  the skip list (default: tests/conformance/skip.txt in the repository)\
     \n  --out FILE   where export writes (default: standard output)\
     \n  --verbose    list failing optional and format tests too\n"
        .to_owned()
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut out = Args {
        command: "run".to_owned(),
        suite: std::env::var_os("A6CHECK_SUITE")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo_root().join("../shared/json-schema-test-suite")),
        skip: None,
        out: None,
        verbose: false,
    };
    let mut first = true;
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "run" | "export" if first => out.command = a,
            "--suite" => out.suite = PathBuf::from(value("--suite")?),
            "--skip" => out.skip = Some(PathBuf::from(value("--skip")?)),
            "--out" => out.out = Some(PathBuf::from(value("--out")?)),
            "--verbose" | "-v" => out.verbose = true,
            "--help" | "-h" => {
                print!("{}", usage());
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument {a:?}\n{}", usage())),
        }
        first = false;
    }
    Ok(out)
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    a6check_core::json::parse(&text)
        .map(|p| p.value)
        .map_err(|e| {
            format!(
                "{}: not JSON ({} at line {}, column {})",
                path.display(),
                e.kind,
                e.line,
                e.column
            )
        })
}

/// `.json` files directly in `dir`, sorted by name.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    Ok(v)
}

/// Every file under `dir` (recursively) as (`/`-joined relative path, full path).
fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rel = format!("{prefix}{name}");
        if p.is_dir() {
            walk(&p, &format!("{rel}/"), out)?;
        } else if p.is_file() && name.ends_with(".json") {
            out.push((rel, p));
        }
    }
    Ok(())
}

/// Skip list: `file :: case description :: test description  # justification` per line;
/// blank lines and lines starting with `#` are comments. A justification is mandatory.
fn read_skips(path: Option<&Path>) -> Result<BTreeMap<(String, String, String), String>, String> {
    let mut out = BTreeMap::new();
    let Some(path) = path else { return Ok(out) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let bad = |why: &str| format!("{}:{}: {why}: {line}", path.display(), i + 1);
        let (entry, why) = line
            .rsplit_once("  # ")
            .ok_or_else(|| bad("no justification (`  # why` at the end of the line)"))?;
        let why = why.trim();
        if why.is_empty() {
            return Err(bad("empty justification"));
        }
        let parts: Vec<&str> = entry.split(" :: ").map(str::trim).collect();
        let [file, case, test] = parts[..] else {
            return Err(bad(
                "expected `file :: case description :: test description`",
            ));
        };
        let key = (file.to_owned(), case.to_owned(), test.to_owned());
        if out.insert(key, why.to_owned()).is_some() {
            return Err(bad("duplicate entry"));
        }
    }
    Ok(out)
}

fn load_suite(root: &Path, skip_path: Option<&Path>) -> Result<Suite, String> {
    let tests_dir = root.join("tests").join(DIALECT);
    if !tests_dir.is_dir() {
        return Err(format!(
            "{}: no such directory (set --suite or A6CHECK_SUITE to the JSON-Schema-Test-Suite)",
            tests_dir.display()
        ));
    }
    let skips = read_skips(skip_path)?;
    let mut used = HashSet::new();
    let mut files = Vec::new();
    let dirs: [(&str, PathBuf, &'static str); 3] = [
        ("", tests_dir.clone(), GROUPS[0]),
        ("optional/", tests_dir.join("optional"), GROUPS[1]),
        (
            "optional/format/",
            tests_dir.join("optional/format"),
            GROUPS[2],
        ),
    ];
    for (sub, dir, group) in dirs {
        if !dir.is_dir() {
            continue;
        }
        for path in json_files(&dir)? {
            let fname = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = format!("{DIALECT}/{sub}{fname}");
            let doc = read_json(&path)?;
            let bad = |what: &str| format!("{}: {what}", path.display());
            let mut cases = Vec::new();
            for c in doc.as_array().ok_or_else(|| bad("not an array of cases"))? {
                let cdesc = c["description"]
                    .as_str()
                    .ok_or_else(|| bad("case without description"))?;
                let schema = c
                    .get("schema")
                    .cloned()
                    .ok_or_else(|| bad("case without schema"))?;
                let mut tests = Vec::new();
                for t in c["tests"]
                    .as_array()
                    .ok_or_else(|| bad("case without tests"))?
                {
                    let tdesc = t["description"]
                        .as_str()
                        .ok_or_else(|| bad("test without description"))?;
                    let key = (name.clone(), cdesc.to_owned(), tdesc.to_owned());
                    let skip = skips.get(&key).cloned();
                    if skip.is_some() {
                        used.insert(key);
                    }
                    tests.push(Test {
                        description: tdesc.to_owned(),
                        data: t
                            .get("data")
                            .cloned()
                            .ok_or_else(|| bad("test without data"))?,
                        valid: t["valid"]
                            .as_bool()
                            .ok_or_else(|| bad("test without valid"))?,
                        skip,
                    });
                }
                cases.push(Case {
                    description: cdesc.to_owned(),
                    schema,
                    tests,
                });
            }
            files.push(File { name, group, cases });
        }
    }
    let mut remote_files = Vec::new();
    let remotes_dir = root.join("remotes");
    if remotes_dir.is_dir() {
        walk(&remotes_dir, "", &mut remote_files)?;
    }
    let mut all = Vec::new();
    for (rel, path) in remote_files {
        all.push((format!("{REMOTE_BASE}{rel}"), read_json(&path)?));
    }
    let (remotes, rejected_remotes) = registrable(all);
    let unmatched_skips = skips
        .keys()
        .filter(|k| !used.contains(*k))
        .map(|(f, c, t)| format!("{f} :: {c} :: {t}"))
        .collect();
    Ok(Suite {
        files,
        remotes,
        rejected_remotes,
        unmatched_skips,
    })
}

/// Split the remotes into those the engine's registry takes and those it rejects (with the
/// reason). Every remote is registered unless the registry cannot take it at all, e.g.
/// `remotes/v1/*`, written for the unreleased `https://json-schema.org/v1` dialect (no
/// 2020-12 test refers to them), and remotes that `$ref` such a file: one rejected file
/// would otherwise make every compilation fail. Found as a fixed point, since a remote may
/// reference another (`nested/foo-ref-string.json` → `nested/string.json`).
fn registrable(all: Vec<Resource>) -> (Vec<Resource>, Vec<(String, String)>) {
    let try_with = |set: &[Resource]| {
        a6check_core::structure::compile(&Value::Bool(true), None, set).map(|_| ())
    };
    if try_with(&all).is_ok() {
        return (all, Vec::new());
    }
    let mut accepted: Vec<Resource> = Vec::new();
    let mut pending = all;
    loop {
        let before = pending.len();
        let mut still = Vec::new();
        for r in pending {
            accepted.push(r);
            if try_with(&accepted).is_err() {
                still.extend(accepted.pop());
            }
        }
        pending = still;
        if pending.len() == before || pending.is_empty() {
            break;
        }
    }
    let rejected = pending
        .into_iter()
        .map(|r| {
            let mut with = accepted.clone();
            let why = match try_with(std::slice::from_ref(&r)) {
                Err(e) => e,
                Ok(()) => {
                    with.push(r.clone());
                    try_with(&with).err().unwrap_or_default()
                }
            };
            (r.0, why)
        })
        .collect();
    (accepted, rejected)
}

/// Compile a case's schema exactly as a6check compiles schemas (`structure::compile`).
/// `format` asserts only for the `optional/format` files, as the suite's README asks.
fn run_case(
    case: &Case,
    remotes: &[Resource],
    assert_formats: bool,
) -> Result<a6check_core::structure::Validator, String> {
    a6check_core::structure::compile_standard(&case.schema, remotes, assert_formats)
}

fn line(name: &str, width: usize, c: Counts) -> String {
    format!(
        "{name:<width$}  passed {}  failed {}  skipped {}",
        c.passed, c.failed, c.skipped
    )
}

fn run(args: &Args) -> Result<bool, String> {
    let suite = load_suite(&args.suite, args.skip.as_deref())?;
    let width = suite.files.iter().map(|f| f.name.len()).max().unwrap_or(0);
    let mut totals: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut out = String::new();
    for file in &suite.files {
        let mut counts = Counts::default();
        let mut details = String::new();
        for case in &file.cases {
            let compiled = run_case(case, &suite.remotes, file.group == "format");
            for t in &case.tests {
                if t.skip.is_some() {
                    counts.skipped += 1;
                    continue;
                }
                let got = compiled.as_ref().map(|v| v.is_valid(&t.data));
                if got.as_ref().is_ok_and(|g| *g == t.valid) {
                    counts.passed += 1;
                    continue;
                }
                counts.failed += 1;
                let why = match &got {
                    Ok(g) => format!("expected {}, got {}", verdict(t.valid), verdict(*g)),
                    Err(e) => format!("expected {}, schema did not compile: {e}", verdict(t.valid)),
                };
                let _ = writeln!(
                    details,
                    "    FAIL {} :: {}  ({why})",
                    case.description, t.description
                );
            }
        }
        let _ = writeln!(out, "{}", line(&file.name, width, counts));
        if file.group == GROUPS[0] || args.verbose {
            out.push_str(&details);
        }
        totals.entry(file.group).or_default().add(counts);
    }
    out.push('\n');
    for g in GROUPS {
        let label = match g {
            "required" => format!("required ({DIALECT}/*.json)"),
            "optional" => format!("optional ({DIALECT}/optional/*.json)"),
            _ => format!("format ({DIALECT}/optional/format/*.json)"),
        };
        let _ = writeln!(
            out,
            "{}",
            line(&label, width, totals.get(g).copied().unwrap_or_default())
        );
    }
    note_remotes(&suite, &mut out);
    for s in &suite.unmatched_skips {
        let _ = writeln!(out, "warning: skip entry matches no test: {s}");
    }
    let req = totals.get("required").copied().unwrap_or_default();
    let mut closing = format!("{} passed, {} failed", req.passed, req.failed);
    if req.skipped > 0 {
        let _ = write!(closing, ", {} skipped", req.skipped);
    }
    let _ = writeln!(out, "{closing}");
    print!("{out}");
    Ok(req.failed == 0)
}

/// One summary line for the remotes: how many are served, and which were left out and why.
fn note_remotes(suite: &Suite, out: &mut String) {
    let _ = writeln!(
        out,
        "remotes: {} registered at {REMOTE_BASE}, {} rejected by the registry",
        suite.remotes.len(),
        suite.rejected_remotes.len()
    );
    for (uri, why) in &suite.rejected_remotes {
        let _ = writeln!(out, "    not registered: {uri}  ({why})");
    }
}

fn verdict(valid: bool) -> &'static str {
    if valid {
        "valid"
    } else {
        "invalid"
    }
}

/// The suite as JSON: `{dialect, remotes: "<JSON text of {uri: schema}>", files: [{name,
/// group, cases: [{description, schema: "<JSON text>", tests: [{description,
/// data: "<JSON text>", valid, skip?}]}]}], unmatchedSkips: [..]}`.
fn export(args: &Args) -> Result<bool, String> {
    let suite = load_suite(&args.suite, args.skip.as_deref())?;
    let text = |v: &Value| serde_json::to_string(v).map_err(|e| e.to_string());
    let remotes: Map<String, Value> = suite.remotes.iter().cloned().collect();
    let mut files = Vec::new();
    for f in &suite.files {
        let mut cases = Vec::new();
        for c in &f.cases {
            let mut tests = Vec::new();
            for t in &c.tests {
                let mut o =
                    json!({"description": t.description, "data": text(&t.data)?, "valid": t.valid});
                if let Some(why) = &t.skip {
                    o["skip"] = Value::String(why.clone());
                }
                tests.push(o);
            }
            cases.push(
                json!({"description": c.description, "schema": text(&c.schema)?, "tests": tests}),
            );
        }
        files.push(json!({"name": f.name, "group": f.group, "cases": cases}));
    }
    let doc = json!({
        "dialect": DIALECT,
        "remotes": text(&Value::Object(remotes))?,
        "files": files,
        "unmatchedSkips": suite.unmatched_skips,
        "rejectedRemotes": suite.rejected_remotes.iter().map(|(u, w)| json!({"uri": u, "reason": w})).collect::<Vec<_>>(),
    });
    let body = text(&doc)? + "\n";
    match &args.out {
        Some(p) => {
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(p, body).map_err(|e| format!("{}: {e}", p.display()))?;
        }
        None => print!("{body}"),
    }
    Ok(true)
}

fn main() -> ExitCode {
    let result = parse_args().and_then(|mut args| {
        if args.skip.is_none() {
            let default = repo_root().join("tests/conformance/skip.txt");
            args.skip = default.is_file().then_some(default);
        }
        match args.command.as_str() {
            "export" => export(&args),
            _ => run(&args),
        }
    });
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("a6check-conformance: {e}");
            ExitCode::from(2)
        }
    }
}
