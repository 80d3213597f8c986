//! Runs a6check-schema and jsonschema side by side and reports where they disagree.
//!
//! ```text
//! a6check-differential [--suite DIR] [--differences FILE] [--mutations N] [--seed S] [--out DIR]
//! ```
//!
//! Sources: every test of the JSON-Schema-Test-Suite (draft 2020-12: required, optional,
//! optional/format), every example and fixture of the default bundle against its form
//! (after normalisation), and N seeded mutations of those documents. Prints the counts per
//! source and closes with `N agreed, M disagreed`. Exit 1 on any disagreement (written to
//! `OUT/disagreements.jsonl`), panic, or stale entry of the differences list; 2 when the
//! run cannot start.

use a6check_differential::bundle::Bundle;
use a6check_differential::mutate::{self, Rng};
use a6check_differential::{disagreement_json, verdict, Answer, Differences, Mode, Pair, Verdict};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Where the suite's remotes are served from (in memory), as the suite expects.
const REMOTE_BASE: &str = "http://localhost:1234/";
const DIALECT: &str = "draft2020-12";
/// The mutation run the differences list is written for: at least this many in all,
/// spread evenly over the documents (see [`MUTATION_BASE_DOCUMENTS`]).
const DEFAULT_MUTATIONS: usize = 10_000;
/// Mutations per document are `mutations / this` (rounded up), a constant, so adding a
/// fixture never changes another document's cases; with the bundle's ~470 documents the
/// default run makes over 10,000.
const MUTATION_BASE_DOCUMENTS: usize = 420;
const DEFAULT_SEED: u64 = 0xA6C4_EC6B;

struct Args {
    suite: PathBuf,
    differences: PathBuf,
    mutations: usize,
    seed: u64,
    out: PathBuf,
}

fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

fn parse_args() -> Result<Args, String> {
    let root = repo_root();
    let mut a = Args {
        suite: std::env::var_os("A6CHECK_SUITE")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("../shared/json-schema-test-suite")),
        differences: root.join("tests/differential/differences.txt"),
        mutations: DEFAULT_MUTATIONS,
        seed: DEFAULT_SEED,
        out: root.join("target/differential"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--suite" => a.suite = PathBuf::from(value()?),
            "--differences" => a.differences = PathBuf::from(value()?),
            "--mutations" => {
                a.mutations = value()?.parse().map_err(|_| "--mutations needs a count")?
            }
            "--seed" => a.seed = value()?.parse().map_err(|_| "--seed needs a number")?,
            "--out" => a.out = PathBuf::from(value()?),
            _ => {
                return Err(format!(
                    "unknown argument {arg:?}\nusage: a6check-differential [--suite DIR] \
                     [--differences FILE] [--mutations N] [--seed S] [--out DIR]"
                ))
            }
        }
    }
    Ok(a)
}

/// Counts for one source.
#[derive(Default)]
struct Tally {
    agreed: usize,
    disagreed: usize,
    /// Disagreements listed as intentional.
    excluded: usize,
    panics: usize,
    /// Listed as intentional but the two agree: the entry is stale.
    stale: usize,
}

/// The run's state: the differences list, the output files and the counts per source.
struct Run {
    differences: Differences,
    disagreements: std::fs::File,
    excluded: std::fs::File,
    tallies: BTreeMap<&'static str, Tally>,
    problems: Vec<String>,
}

impl Run {
    /// Record one comparison. `schema` is only built when a record is written.
    fn record(
        &mut self,
        source: &'static str,
        case: &str,
        schema: impl FnOnce() -> Value,
        instance: &Value,
        (ours, theirs): (Answer, Answer),
    ) {
        let v = verdict(&ours, &theirs);
        let tally = self.tallies.entry(source).or_default();
        let listed = self.differences.reason(case).is_some();
        match (v, listed) {
            (Verdict::Agree, false) => tally.agreed += 1,
            (Verdict::Agree, true) => {
                tally.agreed += 1;
                tally.stale += 1;
                self.problems
                    .push(format!("listed as intentional but both agree now: {case}"));
            }
            (Verdict::Panic, _) => {
                tally.panics += 1;
                tally.disagreed += 1;
                let who = match (ours.panicked(), theirs.panicked()) {
                    (true, true) => "both validators",
                    (true, false) => "a6check-schema",
                    _ => "jsonschema",
                };
                self.problems.push(format!("PANIC in {who}: {case}"));
                let rec = disagreement_json(case, schema(), instance, &ours, &theirs);
                let _ = writeln!(self.disagreements, "{rec}");
            }
            (_, true) => {
                tally.excluded += 1;
                let rec = disagreement_json(case, schema(), instance, &ours, &theirs);
                let _ = writeln!(self.excluded, "{rec}");
            }
            (_, false) => {
                tally.disagreed += 1;
                let rec = disagreement_json(case, schema(), instance, &ours, &theirs);
                let _ = writeln!(self.disagreements, "{rec}");
            }
        }
    }
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    a6check_core::json::parse(&text)
        .map(|p| p.value)
        .map_err(|e| format!("{}: not JSON ({})", path.display(), e.kind))
}

/// `.json` files under `dir`, recursively, as (`/`-joined relative path, full path), sorted.
fn walk(
    dir: &Path,
    prefix: &str,
    recurse: bool,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), String> {
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
        if p.is_dir() && recurse {
            walk(&p, &format!("{prefix}{name}/"), recurse, out)?;
        } else if p.is_file() && name.ends_with(".json") {
            out.push((format!("{prefix}{name}"), p));
        }
    }
    Ok(())
}

/// The remotes both validators accept, and those left out (with who refused them). A remote
/// one registry refuses on its own (the suite's `v1/` remotes, for an unreleased dialect)
/// would otherwise fail every compilation; both sides then see the same set.
fn registrable(all: Vec<(String, Value)>) -> (Vec<(String, Value)>, Vec<String>) {
    let accepts = |set: &[(String, Value)]| {
        let p = Pair::compile(
            &Value::Bool(true),
            set,
            Mode::Standard {
                assert_formats: false,
            },
        );
        let (a, b) = p.check(&Value::Null);
        matches!(a, Answer::Checked { .. }) && matches!(b, Answer::Checked { .. })
    };
    if accepts(&all) {
        return (all, Vec::new());
    }
    let mut accepted: Vec<(String, Value)> = Vec::new();
    let mut pending = all;
    loop {
        let before = pending.len();
        let mut still = Vec::new();
        for r in pending {
            accepted.push(r);
            if !accepts(&accepted) {
                still.extend(accepted.pop());
            }
        }
        pending = still;
        if pending.len() == before || pending.is_empty() {
            break;
        }
    }
    (accepted, pending.into_iter().map(|r| r.0).collect())
}

/// Every test of the suite: (case id, schema, instance, assert formats).
fn run_suite(run: &mut Run, suite: &Path) -> Result<Vec<String>, String> {
    let tests = suite.join("tests").join(DIALECT);
    if !tests.is_dir() {
        return Err(format!(
            "{}: no such directory (set --suite or A6CHECK_SUITE)",
            tests.display()
        ));
    }
    let mut remote_files = Vec::new();
    walk(&suite.join("remotes"), "", true, &mut remote_files)?;
    let mut all = Vec::new();
    for (rel, path) in remote_files {
        all.push((format!("{REMOTE_BASE}{rel}"), read_json(&path)?));
    }
    let (remotes, left_out) = registrable(all);
    for (sub, format) in [
        ("", false),
        ("optional/", false),
        ("optional/format/", true),
    ] {
        let mut files = Vec::new();
        walk(&tests.join(sub), sub, false, &mut files)?;
        for (rel, path) in files {
            let name = format!("{DIALECT}/{rel}");
            let doc = read_json(&path)?;
            for case in doc.as_array().into_iter().flatten() {
                let cdesc = case["description"].as_str().unwrap_or("");
                let schema = &case["schema"];
                let pair = Pair::compile(
                    schema,
                    &remotes,
                    Mode::Standard {
                        assert_formats: format,
                    },
                );
                for t in case["tests"].as_array().into_iter().flatten() {
                    let id = format!(
                        "suite :: {name} :: {cdesc} :: {}",
                        t["description"].as_str().unwrap_or("")
                    );
                    let data = &t["data"];
                    let answers = pair.check(data);
                    run.record("suite", &id, || schema.clone(), data, answers);
                }
            }
        }
    }
    Ok(left_out)
}

fn run_bundle(run: &mut Run, bundle: &Bundle) {
    for doc in &bundle.documents {
        let Some(form) = bundle.forms.get(&doc.form) else {
            run.problems
                .push(format!("{}: unknown form {}", doc.path, doc.form));
            continue;
        };
        let instance = bundle.normalize(doc.value.clone());
        let answers = form.pair.check(&instance);
        let file = format!("schemas/{}", form.schema_file);
        run.record(
            "bundle",
            &format!("bundle :: {}", doc.path),
            || Value::String(file),
            &instance,
            answers,
        );
    }
}

/// The same number of mutations of every document, each seeded by the run's seed, the
/// document's path and its number: a new fixture adds its own cases and changes no other
/// case, so the reviewed differences list stays valid as the bundle grows.
fn run_mutations(run: &mut Run, bundle: &Bundle, n: usize, seed: u64) {
    if bundle.documents.is_empty() {
        return;
    }
    let per_document = n.div_ceil(MUTATION_BASE_DOCUMENTS).max(1);
    for base in &bundle.documents {
        let Some(form) = bundle.forms.get(&base.form) else {
            continue;
        };
        // FNV-1a of the path: stable across runs and platforms.
        let path_hash = base.path.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        for j in 0..per_document {
            let mut rng = Rng::seeded(seed ^ path_hash.wrapping_add(j as u64));
            let mut doc = base.value.clone();
            let desc = mutate::mutate(&mut doc, &mut rng, &bundle.code_values);
            let instance = bundle.normalize(doc);
            let answers = form.pair.check(&instance);
            let file = format!("schemas/{}", form.schema_file);
            run.record(
                "mutations",
                &format!("mutation :: {} :: {desc}", base.path),
                || Value::String(file.clone()),
                &instance,
                answers,
            );
        }
    }
}

fn main() -> ExitCode {
    match real_main() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("a6check-differential: {e}");
            ExitCode::from(2)
        }
    }
}

fn real_main() -> Result<bool, String> {
    let args = parse_args()?;
    a6check_differential::quiet_panics();
    let text = std::fs::read_to_string(&args.differences)
        .map_err(|e| format!("{}: {e}", args.differences.display()))?;
    let differences =
        Differences::parse(&text).map_err(|e| format!("{}: {e}", args.differences.display()))?;
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let create = |name: &str| {
        let p = args.out.join(name);
        std::fs::File::create(&p).map_err(|e| format!("{}: {e}", p.display()))
    };
    let mut run = Run {
        differences,
        disagreements: create("disagreements.jsonl")?,
        excluded: create("excluded.jsonl")?,
        tallies: BTreeMap::new(),
        problems: Vec::new(),
    };
    let mut times = Vec::new();
    let t = Instant::now();
    let left_out = run_suite(&mut run, &args.suite)?;
    times.push(("suite", t.elapsed()));
    let t = Instant::now();
    let bundle = Bundle::load(&repo_root().join("schemas"))?;
    run_bundle(&mut run, &bundle);
    times.push(("bundle", t.elapsed()));
    let t = Instant::now();
    run_mutations(&mut run, &bundle, args.mutations, args.seed);
    times.push(("mutations", t.elapsed()));

    for uri in &left_out {
        println!("remote not registered (refused by a registry on its own): {uri}");
    }
    let (mut agreed, mut disagreed, mut excluded) = (0, 0, 0);
    for (source, secs) in &times {
        let t = run.tallies.get(source);
        let get = |f: fn(&Tally) -> usize| t.map(f).unwrap_or(0);
        println!(
            "{source:<10} {:>6} agreed, {:>3} disagreed ({} panics), {:>3} intentional differences excluded  [{:.1} s]",
            get(|t| t.agreed),
            get(|t| t.disagreed),
            get(|t| t.panics),
            get(|t| t.excluded),
            secs.as_secs_f64()
        );
        agreed += get(|t| t.agreed);
        disagreed += get(|t| t.disagreed);
        excluded += get(|t| t.excluded);
    }
    // Mutation entries are for the default run; another count or seed reaches others.
    let default_run = args.mutations == DEFAULT_MUTATIONS && args.seed == DEFAULT_SEED;
    let unused: Vec<String> = run
        .differences
        .unused()
        .into_iter()
        .filter(|c| default_run || !c.starts_with("mutation :: "))
        .map(|c| format!("listed as intentional but no such case ran: {c}"))
        .collect();
    run.problems.extend(unused);
    for p in &run.problems {
        println!("{p}");
    }
    if disagreed > 0 {
        println!(
            "disagreements written to {}",
            args.out.join("disagreements.jsonl").display()
        );
    }
    println!(
        "{excluded} intentional differences (listed in {}, cases in {})",
        args.differences.display(),
        args.out.join("excluded.jsonl").display()
    );
    println!("{agreed} agreed, {disagreed} disagreed");
    Ok(disagreed == 0 && run.problems.is_empty())
}
