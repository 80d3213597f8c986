//! Report commands of the `a6check` CLI: `assemble`, `summary`, `export` and `import`
//! (crate `a6check-report`).
//!
//! Wiring (for crates/cli/src/main.rs; the lead adds these lines):
//!
//! ```text
//! // after `mod bundle_dir;`
//! mod report_cmds;
//!
//! // in `enum Command`, as its last variant
//!     #[command(flatten)]
//!     Report(report_cmds::ReportCommand),
//!
//! // in `fn run`, as a new arm of `match cli.command`
//!         Command::Report(cmd) => report_cmds::run(cmd).map_err(Fatal),
//! ```
//!
//! and in crates/cli/Cargo.toml under `[dependencies]`:
//! `a6check-report = { path = "../report" }`.
//!
//! Exit codes follow `validate`: 0 when no finding is an error, 1 when one is, 2 (an
//! `Err` here, printed by `main` as one line on stderr) when an input cannot be read or
//! parsed or an output cannot be written.

use a6check_core::{Engine, Options};
use a6check_report::btr::{read_emissions, BtrOptions, ElapsedFrom, Method};
use clap::{Subcommand, ValueEnum};
use serde_json::Value;
use std::io::{Read, Write};
use std::process::ExitCode;

/// Output format of `summary`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SummaryFormat {
    /// One JSON object (keys camelCase, quantities as decimal strings).
    Json,
    /// One long CSV table: section, what the figure is about, measure, value.
    Csv,
}

/// Corresponding-adjustment method of the BTR summary.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MethodArg {
    /// Annual adjustments (trajectory, or multi-year NDC).
    Annual,
    /// Averaging (single-year NDC).
    Averaging,
}

/// Start of the averaging method's elapsed years (which one 2/CMA.3 means is UNCONFIRMED).
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ElapsedArg {
    /// The first year of the NDC implementation period (default).
    #[value(name = "ndc-start")]
    NdcStart,
    /// 2021.
    #[value(name = "2021")]
    Y2021,
}

/// Target of `export`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportTo {
    /// An AEF v2 workbook (.xlsx) with the template's seven sheets.
    Xlsx,
    /// A directory with one CSV file per table.
    Csv,
}

/// The report commands.
#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Assemble a complete AEF v2 document from a Party's ledger for a year; prints the
    /// ledger and AEF findings as JSON.
    Assemble {
        /// The ledger (JSON; see crates/report/README.md); `-` reads standard input.
        ledger: String,
        /// Where to write the AEF document (`-` for standard output, findings then go to stderr).
        #[arg(short, long, value_name = "AEF.json")]
        output: String,
        /// Context JSON file with {"priorSubmissions": [...]} for cross-submission checks.
        #[arg(long, value_name = "FILE")]
        context: Option<String>,
        /// Message language of the AEF findings (en, fr, es, ar, ru, zh).
        #[arg(long, value_name = "L")]
        lang: Option<String>,
    },
    /// Totals, holdings reconciliation and the BTR structured summary of AEF documents.
    Summary {
        /// Annual emissions: {"emissions": {"2025": "123456.7", ...}} (decimal strings).
        #[arg(long, value_name = "FILE")]
        emissions: Option<String>,
        /// Corresponding-adjustment method.
        #[arg(long, value_enum, default_value = "annual")]
        method: MethodArg,
        /// Averaging method: count elapsed years from the NDC start or from 2021 (UNCONFIRMED which).
        #[arg(long = "elapsed-years-from", value_enum, default_value = "ndc-start")]
        elapsed_years_from: ElapsedArg,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: SummaryFormat,
        /// AEF documents (JSON), e.g. one per reported year.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Export an AEF document as an AEF v2 workbook or as CSV tables.
    Export {
        /// Target format.
        #[arg(long, value_enum)]
        to: ExportTo,
        /// The AEF document (JSON); `-` reads standard input.
        file: String,
        /// The workbook to write, or the directory for the CSV files (created if missing).
        #[arg(short, long, value_name = "OUT")]
        output: String,
    },
    /// Import an AEF v2 workbook (.xlsx) into the canonical JSON; prints the workbook and
    /// AEF findings (with sheet, row and column) as JSON.
    Import {
        /// The workbook (.xlsx).
        workbook: String,
        /// Where to write the AEF document (`-` for standard output, findings then go to stderr).
        #[arg(short, long, value_name = "AEF.json")]
        output: String,
        /// Message language of the AEF findings.
        #[arg(long, value_name = "L")]
        lang: Option<String>,
    },
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

fn read_bytes(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(b);
    }
    std::fs::read(path).map_err(|e| format!("cannot read {path}: {}", reason(&e)))
}

fn read_text(path: &str) -> Result<String, String> {
    let name = if path == "-" { "standard input" } else { path };
    String::from_utf8(read_bytes(path)?).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let (line, col) = a6check_core::json::line_col(&text, text.len());
        format!("{name} is not valid UTF-8 text (byte {at}, line {line}, column {col}); save it as UTF-8 and try again")
    })
}

fn read_json(path: &str) -> Result<Value, String> {
    let text = read_text(path)?;
    a6check_core::json::parse(&text)
        .map(|p| p.value)
        .map_err(|e| {
            format!(
                "{path} is not valid JSON (line {}, column {}: {})",
                e.line, e.column, e.kind
            )
        })
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

fn write_out(path: &str, bytes: &[u8]) -> Result<(), String> {
    if path == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|_| out.flush())
            .map_err(|e| format!("cannot write standard output: {e}"));
    }
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {path}: {}", reason(&e)))
}

/// Print a findings object: to stdout, or to stderr when stdout carries the document.
fn print_findings(findings: &Value, document_on_stdout: bool) {
    if document_on_stdout {
        eprintln!("{findings}");
    } else {
        println!("{findings}");
    }
}

fn status(findings: &Value) -> ExitCode {
    ExitCode::from(a6check_report::findings::exit_status(findings))
}

fn engine() -> Result<Engine, String> {
    Engine::from_packed(a6check_default_bundle::PACKED).map_err(|e| format!("default bundle: {e}"))
}

/// Run a report command.
pub fn run(cmd: ReportCommand) -> Result<ExitCode, String> {
    match cmd {
        ReportCommand::Assemble {
            ledger,
            output,
            context,
            lang,
        } => {
            let engine = engine()?;
            let opts = Options {
                lang,
                context: context.as_deref().map(read_text).transpose()?,
                ..Options::default()
            };
            let text = read_text(&ledger)?;
            let a =
                a6check_report::assemble_with(&engine, &text, &opts).map_err(|e| e.to_string())?;
            let findings = a.findings();
            if a.assembly.unreadable {
                println!("{findings}");
                let msg = a
                    .assembly
                    .ledger
                    .first()
                    .map_or_else(String::new, |f| f.message.clone());
                return Err(format!("{ledger}: {msg}"));
            }
            if let Some(aef) = &a.assembly.aef {
                write_out(&output, (pretty(aef) + "\n").as_bytes())?;
            }
            print_findings(&findings, output == "-");
            Ok(status(&findings))
        }
        ReportCommand::Summary {
            emissions,
            method,
            elapsed_years_from,
            format,
            files,
        } => {
            let mut opts = BtrOptions {
                method: match method {
                    MethodArg::Annual => Method::Annual,
                    MethodArg::Averaging => Method::Averaging,
                },
                elapsed_from: match elapsed_years_from {
                    ElapsedArg::NdcStart => ElapsedFrom::NdcStart,
                    ElapsedArg::Y2021 => ElapsedFrom::Y2021,
                },
                ..BtrOptions::default()
            };
            if let Some(path) = emissions {
                opts.emissions =
                    read_emissions(&read_json(&path)?).map_err(|e| format!("{path}: {e}"))?;
            }
            let docs = files
                .iter()
                .map(|f| read_json(f))
                .collect::<Result<Vec<_>, _>>()?;
            let summary = a6check_report::summary::summarize(&docs, &opts);
            match format {
                SummaryFormat::Json => println!("{}", pretty(&summary)),
                SummaryFormat::Csv => print!("{}", a6check_report::summary::to_csv(&summary)),
            }
            Ok(status(&summary["findings"]))
        }
        ReportCommand::Export { to, file, output } => {
            let aef = read_json(&file)?;
            let notes = match to {
                ExportTo::Xlsx => {
                    let x = a6check_report::workbook::export(&aef)?;
                    write_out(&output, &x.bytes)?;
                    x.notes
                }
                ExportTo::Csv => {
                    std::fs::create_dir_all(&output)
                        .map_err(|e| format!("cannot create {output}: {}", reason(&e)))?;
                    for (_, name, text) in a6check_report::csv::export(&aef) {
                        let path = std::path::Path::new(&output).join(format!("{name}.csv"));
                        std::fs::write(&path, text).map_err(|e| {
                            format!("cannot write {}: {}", path.display(), reason(&e))
                        })?;
                    }
                    Vec::new()
                }
            };
            let findings = a6check_report::findings::report_value(&notes);
            print_findings(&findings, output == "-");
            Ok(status(&findings))
        }
        ReportCommand::Import {
            workbook,
            output,
            lang,
        } => {
            let engine = engine()?;
            let opts = Options {
                lang,
                ..Options::default()
            };
            let bytes = read_bytes(&workbook)?;
            let r = a6check_report::workbook::import_with(&engine, &bytes, &opts)
                .map_err(|e| e.to_string())?;
            let findings = r.findings();
            if r.imported.unreadable {
                println!("{findings}");
                let msg = r
                    .imported
                    .findings
                    .first()
                    .map_or_else(String::new, |f| f.message.clone());
                return Err(format!("{workbook}: {msg}"));
            }
            if let Some(aef) = &r.imported.aef {
                write_out(&output, (pretty(aef) + "\n").as_bytes())?;
            }
            print_findings(&findings, output == "-");
            Ok(status(&findings))
        }
    }
}
