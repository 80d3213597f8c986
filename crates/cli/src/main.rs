//! `a6check`: the command line for portal back ends and schema maintainers.
//!
//! Exit codes are the contract: 0 when no finding is an error, 1 when one is, and
//! 2 when the input cannot be read or parsed or the usage is wrong, always with a
//! one-line message on stderr and never a panic or backtrace.

mod bundle_dir;
mod report_cmds;

use a6check_core::{Engine, Finding, Mode, Options, Report, Severity};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Read;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "a6check",
    version,
    about = "Check Paris Agreement Article 6.2 authorization and reporting forms"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
enum ModeArg {
    Submit,
    Draft,
}

#[derive(Subcommand)]
enum Command {
    /// Validate one document (JSON) against a form of the schema bundle.
    Validate {
        /// The form: authorization, aef or initial-report.
        #[arg(long)]
        form: String,
        /// Context JSON file with {"priorSubmissions": [...]} for cross-submission checks.
        #[arg(long, value_name = "FILE")]
        context: Option<String>,
        /// Message language (en, fr, es, ar, ru, zh).
        #[arg(long, value_name = "L")]
        lang: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// submit (everything) or draft (no "required" findings).
        #[arg(long, value_enum, default_value = "submit")]
        mode: ModeArg,
        /// A schema bundle directory or packed bundle file instead of the embedded default.
        #[arg(long, value_name = "DIR|FILE")]
        bundle: Option<String>,
        /// Turn a rule off or change its severity: CODE=off|error|warning|info (repeatable).
        #[arg(long = "rule", value_name = "CODE=LEVEL")]
        rules: Vec<String>,
        /// Today's date (YYYY-MM-DD), enabling "not in the future" checks.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Check only one part of a document: FILE holds the JSON of the row or field
        /// at this JSON Pointer (e.g. /t3Actions/4); rules that compare rows are not run.
        #[arg(long, value_name = "POINTER")]
        at: Option<String>,
        /// The document; `-` reads standard input.
        file: String,
    },
    /// Reconcile many documents at once: a Party's whole file and its counterparts.
    ///
    /// Each FILE is an AEF, a letter of authorization or an initial report, recognised
    /// from its top-level members (t1Submission or an AEF table: aef; authorizingParty:
    /// authorization; reportType or cooperativeApproaches: initial-report), or forced
    /// as FORM:FILE (e.g. aef:export.json). Every document is validated on its own,
    /// then the cross-document rules run (counterparts, double counting, block
    /// invariants, letter against Table 2, initial report, holdings over the series).
    /// Exit 0 when no finding is an error, 1 when one is, 2 for usage errors or an
    /// unreadable file.
    Reconcile {
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Message language (en, fr, es, ar, ru, zh).
        #[arg(long, value_name = "L")]
        lang: Option<String>,
        /// Today's date (YYYY-MM-DD), enabling "not in the future" checks.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Turn a rule off or change its severity: CODE=off|error|warning|info (repeatable).
        #[arg(long = "rule", value_name = "CODE=LEVEL")]
        rules: Vec<String>,
        /// A schema bundle directory or packed bundle file instead of the embedded default.
        #[arg(long, value_name = "DIR|FILE")]
        bundle: Option<String>,
        /// The documents: FILE, or FORM:FILE to give the form.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
    },
    /// Explain a finding code: what it checks, why, its basis and examples.
    Explain {
        /// The code (e.g. STC04, AEF-X-13, required).
        code: String,
        /// A schema bundle directory or packed bundle file instead of the embedded default.
        #[arg(long, value_name = "DIR|FILE")]
        bundle: Option<String>,
    },
    #[command(flatten)]
    Report(report_cmds::ReportCommand),
    /// Work on a schema bundle (for schema maintainers).
    Bundle {
        #[command(subcommand)]
        command: BundleCommand,
    },
}

#[derive(Subcommand)]
enum BundleCommand {
    /// Check a bundle directory: schemas compile, rulesets follow their format and name
    /// real fields, every message exists in every language, code lists have no
    /// duplicates, no catastrophic regexes; with --baseline, the version bump suffices.
    Check {
        /// The bundle directory.
        dir: String,
        /// The previous release (directory or packed file): the manifest version must be
        /// bumped at least as much as the changes need.
        #[arg(long, value_name = "DIR|FILE")]
        baseline: Option<String>,
    },
    /// Compare two bundles: classify each change as breaking or not and say which
    /// version bump it needs.
    Diff {
        /// The old bundle (directory or packed file).
        old: String,
        /// The new bundle (directory or packed file).
        new: String,
    },
    /// Run every example and fixture of a bundle directory and report what differs.
    Test {
        /// The bundle directory (the default bundle lives in schemas/).
        dir: String,
    },
    /// Print every form's field labels (schema titles) by pointer pattern, as JSON:
    /// the keys a message catalog's "labels" object translates.
    Labels {
        /// The bundle directory.
        dir: String,
    },
    /// Generate the bundle's documentation: rules.md (rule catalogue), catalogue.md and
    /// catalogue.html (forms, fields with labels in every language, code lists, rules).
    Docs {
        /// The bundle directory.
        dir: String,
        /// Output directory (created if missing).
        #[arg(short, long, value_name = "DIR", default_value = "docs")]
        output: String,
    },
    /// Pack a bundle directory into one JSON file for the Wasm API and the demo.
    Pack {
        /// The bundle directory.
        dir: String,
        /// Where to write the packed bundle (`-` for standard output).
        #[arg(short, long, value_name = "FILE")]
        output: String,
    },
}

/// A failure that ends the run with exit code 2 and one line on stderr.
struct Fatal(String);

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                print!("{e}");
                return ExitCode::SUCCESS;
            }
            // clap explains over several lines; the contract is one line on stderr.
            let text = e.to_string();
            let line = text
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let line = line.trim_start_matches("error: ");
            eprintln!("a6check: {line} (see a6check --help)");
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            eprintln!("a6check: {msg}");
            ExitCode::from(2)
        }
    }
}

fn read_input(path: &str) -> Result<String, Fatal> {
    // Read at most one byte past the limit, so a huge file is refused without
    // being loaded whole.
    let limit = a6check_core::MAX_INPUT_BYTES as u64;
    let mut bytes = Vec::new();
    let read = if path == "-" {
        std::io::stdin().take(limit + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| {
        if path == "-" {
            Fatal(format!("cannot read standard input: {e}"))
        } else {
            Fatal(format!("cannot read {path}: {}", io_reason(&e)))
        }
    })?;
    if bytes.len() as u64 > limit {
        let name = if path == "-" { "standard input" } else { path };
        return Err(Fatal(format!(
            "{name} is larger than {} MiB, the most a6check reads; split the submission",
            limit / (1024 * 1024)
        )));
    }
    let name = if path == "-" { "standard input" } else { path };
    if let Err((at, line, col)) = a6check_core::json::decode_utf8(&bytes) {
        return Err(Fatal(format!(
            "{name} is not valid UTF-8 text (byte {at}, line {line}, column {col}); save it as UTF-8 and try again"
        )));
    }
    String::from_utf8(bytes).map_err(|e| Fatal(format!("{name}: {e}")))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

fn load_engine(bundle: Option<&str>) -> Result<Engine, Fatal> {
    let result = match bundle {
        None => Engine::from_packed(a6check_default_bundle::PACKED),
        Some(path) => {
            return match bundle_dir::read(path).map_err(Fatal)? {
                bundle_dir::Source::Files(files) => Engine::from_files(files),
                bundle_dir::Source::Packed(text) => Engine::from_packed(&text),
            }
            .map_err(|e| Fatal(format!("bundle {path}: {e}")));
        }
    };
    result.map_err(|e| Fatal(format!("default bundle: {e}")))
}

/// `--rule CODE=LEVEL` and `--today` as the options JSON the Wasm API takes, so both
/// front ends share one parser.
fn rule_options(rules: &[String], today: Option<&str>) -> Result<String, Fatal> {
    let mut m = serde_json::Map::new();
    for r in rules {
        let (code, level) = r
            .split_once('=')
            .ok_or_else(|| Fatal(format!("--rule {r}: expected CODE=off|error|warning|info")))?;
        m.insert(code.to_owned(), serde_json::Value::String(level.to_owned()));
    }
    let mut o = serde_json::Map::new();
    o.insert("rules".into(), serde_json::Value::Object(m));
    if let Some(t) = today {
        o.insert("today".into(), serde_json::Value::String(t.to_owned()));
    }
    Ok(serde_json::Value::Object(o).to_string())
}

fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    match cli.command {
        Command::Explain { code, bundle } => {
            let engine = load_engine(bundle.as_deref())?;
            match a6check_core::explain::explain(&engine, &code) {
                Some(text) => {
                    print!("{text}");
                    Ok(ExitCode::SUCCESS)
                }
                None => Err(Fatal(format!(
                    "no rule or finding code {code:?} in this bundle (see docs/rules.md for the list)"
                ))),
            }
        }
        Command::Bundle { command } => bundle_command(command),
        Command::Reconcile {
            format,
            lang,
            today,
            rules,
            bundle,
            files,
        } => reconcile(format, lang, today, rules, bundle, files),
        Command::Report(cmd) => report_cmds::run(cmd).map_err(Fatal),
        Command::Validate {
            form,
            context,
            lang,
            format,
            mode,
            bundle,
            rules,
            today,
            at,
            file,
        } => {
            let engine = load_engine(bundle.as_deref())?;
            engine.check_form(&form).map_err(|e| Fatal(e.to_string()))?;
            let mut opts = Options::from_json(&rule_options(&rules, today.as_deref())?)
                .map_err(|e| Fatal(e.to_string()))?;
            opts.lang = lang;
            // The process exits after this one check: freeing the document is wasted time.
            opts.keep_document = true;
            opts.mode = match mode {
                ModeArg::Submit => Mode::Submit,
                ModeArg::Draft => Mode::Draft,
            };
            opts.context = context.as_deref().map(read_input).transpose()?;
            let text = read_input(&file)?;
            let report = match &at {
                None => engine.validate(&form, &text, &opts),
                Some(pointer) => engine.validate_at(&form, pointer, &text, &opts),
            }
            .map_err(|e| Fatal(e.to_string()))?;
            let name = if file == "-" {
                "<stdin>"
            } else {
                file.as_str()
            };
            match format {
                Format::Json => println!("{}", report.to_json()),
                Format::Text => print!(
                    "{}",
                    text_report(name, &text, at.as_deref().unwrap_or(""), &report)
                ),
            }
            if report.unreadable {
                let msg = report
                    .findings
                    .first()
                    .map_or_else(|| "not JSON".to_owned(), |f| f.message.clone());
                return Err(Fatal(format!("{name}: {msg}")));
            }
            Ok(if report.valid() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

/// `FORM:FILE` when FORM is a form of the bundle (a path may contain colons too).
fn split_form<'f>(engine: &Engine, arg: &'f str) -> (Option<&'f str>, &'f str) {
    match arg.split_once(':') {
        Some((form, file)) if !form.is_empty() && engine.check_form(form).is_ok() => {
            (Some(form), file)
        }
        _ => (None, arg),
    }
}

fn reconcile(
    format: Format,
    lang: Option<String>,
    today: Option<String>,
    rules: Vec<String>,
    bundle: Option<String>,
    files: Vec<String>,
) -> Result<ExitCode, Fatal> {
    let engine = load_engine(bundle.as_deref())?;
    let mut opts = Options::from_json(&rule_options(&rules, today.as_deref())?)
        .map_err(|e| Fatal(e.to_string()))?;
    opts.lang = lang;
    // Files are read one at a time as reconciling goes: a reading error stops it.
    let failed: std::cell::RefCell<Option<Fatal>> = std::cell::RefCell::new(None);
    let inputs = files.iter().map(|arg| {
        let (form, file) = split_form(&engine, arg);
        match read_input(file) {
            Ok(text) => Ok(a6check_core::reconcile::Input {
                name: file.to_owned(),
                form: form.map(str::to_owned),
                text,
            }),
            Err(e) => {
                *failed.borrow_mut() = Some(e);
                Err(a6check_core::EngineError::new("unreadable"))
            }
        }
    });
    let result = engine.reconcile(inputs, &opts);
    if let Some(f) = failed.into_inner() {
        return Err(f);
    }
    let result = result.map_err(|e| Fatal(e.to_string()))?;
    match format {
        Format::Json => println!("{}", result.to_json()),
        Format::Text => {
            let mut out = String::new();
            for (d, doc) in result.documents.iter().enumerate() {
                let mine: Vec<Finding> = result
                    .findings
                    .iter()
                    .filter(|f| f.document == d)
                    .map(|f| f.finding.clone())
                    .collect();
                if mine.is_empty() {
                    continue;
                }
                // Line and column: the file is read again, only for this output.
                let text = read_input(&doc.name).unwrap_or_default();
                let report = Report {
                    findings: mine,
                    unreadable: false,
                };
                out.push_str(&text_report(&doc.name, &text, "", &report));
            }
            let count = |s: Severity| {
                result
                    .findings
                    .iter()
                    .filter(|f| f.finding.severity == s)
                    .count()
            };
            out.push_str(&format!(
                "{} document(s): {} error(s), {} warning(s), {} info\n",
                result.documents.len(),
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info)
            ));
            print!("{out}");
        }
    }
    Ok(if result.valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Human output: `file:line:col: severity[code] message (pointer)`, then a count.
/// `at` is where `text` sits in the whole document (`""` when it is the document).
fn text_report(name: &str, text: &str, at: &str, report: &Report) -> String {
    let mut out = String::new();
    let wanted: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.pointer.strip_prefix(at).unwrap_or(&f.pointer))
        .collect();
    let places = a6check_core::json::locate_all(text, &wanted);
    for f in &report.findings {
        let (line, col) = match (f.args.get("line"), f.args.get("column")) {
            (Some(l), Some(c)) => (l.to_string(), c.to_string()),
            _ => places
                .get(f.pointer.strip_prefix(at).unwrap_or(&f.pointer))
                .map_or_else(
                    || ("1".to_owned(), "1".to_owned()),
                    |&(l, c)| (l.to_string(), c.to_string()),
                ),
        };
        let ptr = if f.pointer.is_empty() {
            "/"
        } else {
            f.pointer.as_str()
        };
        out.push_str(&format!(
            "{name}:{line}:{col}: {}[{}] {} ({ptr})\n",
            f.severity.as_str(),
            f.code,
            f.message
        ));
    }
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    out.push_str(&format!(
        "{name}: {} error(s), {} warning(s), {} info\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    out
}

fn bundle_files(dir: &str) -> Result<a6check_core::Files, Fatal> {
    match bundle_dir::read(dir).map_err(Fatal)? {
        bundle_dir::Source::Files(files) => Ok(files),
        bundle_dir::Source::Packed(_) => Err(Fatal(format!("{dir} is not a bundle directory"))),
    }
}

/// A bundle from a directory or a packed file, as files.
fn any_bundle_files(path: &str) -> Result<a6check_core::Files, Fatal> {
    match bundle_dir::read(path).map_err(Fatal)? {
        bundle_dir::Source::Files(files) => Ok(files),
        bundle_dir::Source::Packed(text) => {
            a6check_core::bundle::unpack(&text).map_err(|e| Fatal(format!("bundle {path}: {e}")))
        }
    }
}

fn engine_of_dir(dir: &str) -> Result<Engine, Fatal> {
    Engine::from_files(bundle_files(dir)?).map_err(|e| Fatal(format!("bundle {dir}: {e}")))
}

fn bundle_command(command: BundleCommand) -> Result<ExitCode, Fatal> {
    match command {
        BundleCommand::Test { dir } => {
            let files = bundle_files(&dir)?;
            let engine = Engine::from_files(files.clone())
                .map_err(|e| Fatal(format!("bundle {dir}: {e}")))?;
            let outcomes = a6check_core::fixtures::run_all(&engine, &files);
            let mut failed = 0;
            for o in &outcomes {
                if o.passed() {
                    continue;
                }
                failed += 1;
                println!("FAIL {} ({})", o.path, o.form);
                if let Some(b) = &o.broken {
                    println!("  broken fixture: {b}");
                }
                for (c, p, s) in &o.missing {
                    println!("  expected but not reported: {s} {c} at {p}");
                }
                for (c, p, s) in &o.unexpected {
                    println!("  reported but not expected: {s} {c} at {p}");
                }
            }
            println!(
                "bundle {dir}: {} fixtures and examples: {} passed, {failed} failed",
                outcomes.len(),
                outcomes.len() - failed
            );
            Ok(if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        BundleCommand::Check { dir, baseline } => {
            let files = bundle_files(&dir)?;
            let mut problems = a6check_core::maintain::check(&files);
            if let Some(base) = baseline {
                let old = any_bundle_files(&base)?;
                let changes = a6check_core::maintain::diff(&old, &files);
                let version = |f: &a6check_core::Files| {
                    a6check_core::bundle::manifest(f)
                        .map(|m| m.version)
                        .unwrap_or_default()
                };
                let (ov, nv) = (version(&old), version(&files));
                if let Some(needed) = a6check_core::maintain::needed_bump(&changes) {
                    let got = a6check_core::maintain::bump_between(&ov, &nv);
                    if got.is_none_or(|g| g < needed) {
                        problems.push(a6check_core::maintain::Problem {
                            file: "manifest.json".into(),
                            pointer: "/version".into(),
                            code: "version-not-bumped",
                            text: format!(
                                "the changes since {ov} need a {} version bump, but the version is {nv}",
                                needed.as_str()
                            ),
                        });
                    }
                }
            }
            for p in &problems {
                let text = std::fs::read_to_string(std::path::Path::new(&dir).join(&p.file))
                    .unwrap_or_default();
                let (line, col) = a6check_core::json::locate_all(&text, &[p.pointer.as_str()])
                    .get(p.pointer.as_str())
                    .copied()
                    .unwrap_or((1, 1));
                println!(
                    "{dir}/{}:{line}:{col}: {}: {} ({})",
                    p.file,
                    p.code,
                    p.text,
                    if p.pointer.is_empty() {
                        "/"
                    } else {
                        &p.pointer
                    }
                );
            }
            println!("bundle {dir}: {} problem(s)", problems.len());
            Ok(if problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        BundleCommand::Diff { old, new } => {
            let (o, n) = (any_bundle_files(&old)?, any_bundle_files(&new)?);
            let changes = a6check_core::maintain::diff(&o, &n);
            for c in &changes {
                println!("{}: {}: {}", c.bump.as_str(), c.file, c.text);
            }
            match a6check_core::maintain::needed_bump(&changes) {
                Some(b) => println!("needs a {} version bump", b.as_str()),
                None => println!("no changes"),
            }
            Ok(ExitCode::SUCCESS)
        }
        BundleCommand::Labels { dir } => {
            let engine = engine_of_dir(&dir)?;
            let mut all = serde_json::Map::new();
            for spec in &engine.manifest().forms {
                let labels = engine.labels(&spec.key).unwrap_or_default();
                let obj: serde_json::Map<String, serde_json::Value> = labels
                    .into_iter()
                    .map(|(k, v)| (k, serde_json::Value::String(v)))
                    .collect();
                all.insert(spec.key.clone(), serde_json::Value::Object(obj));
            }
            println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
        BundleCommand::Docs { dir, output } => {
            let engine = engine_of_dir(&dir)?;
            std::fs::create_dir_all(&output)
                .map_err(|e| Fatal(format!("cannot create {output}: {}", io_reason(&e))))?;
            let files = bundle_files(&dir)?;
            let pages = [
                ("rules.md", a6check_core::explain::catalogue(&engine)),
                (
                    "catalogue.md",
                    a6check_core::explain::forms_catalogue(&engine, &files),
                ),
                (
                    "catalogue.html",
                    a6check_core::explain::html_catalogue(&engine, &files),
                ),
            ];
            for (name, text) in pages {
                let path = format!("{output}/{name}");
                std::fs::write(&path, text)
                    .map_err(|e| Fatal(format!("cannot write {path}: {}", io_reason(&e))))?;
                eprintln!("a6check: wrote {path}");
            }
            Ok(ExitCode::SUCCESS)
        }
        BundleCommand::Pack { dir, output } => {
            let mut files = bundle_files(&dir)?;
            Engine::from_files(files.clone()).map_err(|e| Fatal(format!("bundle {dir}: {e}")))?;
            // Examples and fixtures are for maintainers; the runtime does not need them.
            files.retain(|k, _| !k.starts_with("fixtures/") && !k.starts_with("examples/"));
            let packed = a6check_core::bundle::pack(&files);
            if output == "-" {
                println!("{packed}");
            } else {
                std::fs::write(&output, packed + "\n")
                    .map_err(|e| Fatal(format!("cannot write {output}: {}", io_reason(&e))))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
