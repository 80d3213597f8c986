//! AEF v2 workbook → canonical JSON, with findings that name sheet, row and column.
//!
//! Sheets are looked up by name; Table 1 by its labels in column B (values in C);
//! Tables 2-5 by the header texts of their header row (7, 8, 7 and 10), or, when the
//! header row has moved, the row nearest the top that matches most headers. `NA` and the
//! CARP placeholders read as empty; rows with nothing in any known column are skipped.

use super::cells::{from_raw, Raw};
use super::column_letter;
use crate::fields::{self, find_column, Column, Kind, Table, SHEETS, T1};
use crate::findings::{combined, finding, pointer, report_value};
use crate::spelling::{Code, Party, Spellings};
use a6check_core::{Engine, EngineError, Finding, Options, Report, Severity};
use calamine::{
    open_workbook_from_rs, Data, ExcelDateTime, ExcelDateTimeType, Range, Reader, Xlsx,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::Cursor;

/// Where a value came from in the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRef {
    /// Sheet name.
    pub sheet: String,
    /// Row, 1-based as Excel shows it.
    pub row: u32,
    /// Column letter(s), or `None` for a whole row.
    pub column: Option<String>,
}

/// The result of reading a workbook.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The AEF document (`None` when the bytes are not an `.xlsx` workbook).
    pub aef: Option<Value>,
    /// Findings about the workbook, each with `args.sheet`, `args.row`, `args.column`.
    pub findings: Vec<Finding>,
    /// True when the bytes could not be opened as a workbook at all.
    pub unreadable: bool,
    /// The workbook cell of each AEF pointer (`/t3Actions/0/firstId`) and row (`/t3Actions/0`).
    pub cells: BTreeMap<String, CellRef>,
}

/// A workbook read and its AEF validated.
#[derive(Debug, Clone)]
pub struct ImportedReport {
    /// The import.
    pub imported: Imported,
    /// The engine's findings on the AEF (`None` when there is no AEF).
    pub aef_report: Option<Report>,
}

impl Imported {
    fn place(&self, p: &str) -> Option<&CellRef> {
        self.cells.get(p).or_else(|| {
            // A field of a row: the row's cell of that column, else the row.
            let mut parts: Vec<&str> = p.split('/').collect();
            while parts.len() > 2 {
                parts.pop();
                if let Some(c) = self.cells.get(&parts.join("/")) {
                    return Some(c);
                }
            }
            None
        })
    }
}

fn locate(f: &mut Finding, c: &CellRef) {
    f.args
        .insert("sheet".into(), Value::String(c.sheet.clone()));
    f.args.insert("row".into(), Value::from(c.row));
    f.args.insert(
        "column".into(),
        c.column.clone().map(Value::String).unwrap_or(Value::Null),
    );
}

impl ImportedReport {
    /// `{"valid", "workbook": {"valid", "findings"}, "aef": {"valid", "findings"}}`; AEF
    /// findings carry `args.sheet/row/column` of the cell they are about, where known.
    pub fn findings(&self) -> Value {
        let mut parts = vec![("workbook", report_value(&self.imported.findings))];
        if let Some(r) = &self.aef_report {
            let mut findings = r.findings.clone();
            for f in &mut findings {
                if let Some(c) = self.imported.place(&f.pointer) {
                    locate(f, c);
                }
            }
            parts.push(("aef", report_value(&findings)));
        }
        combined(&parts)
    }

    /// `{"aef": <document or null>, "findings": <findings()>}`.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "aef".into(),
            self.imported.aef.clone().unwrap_or(Value::Null),
        );
        m.insert("findings".into(), self.findings());
        Value::Object(m)
    }
}

/// Read a workbook with `engine`'s spelling policy (code lists, aliases, Party names)
/// and validate its AEF with `engine`.
pub fn import_with(
    engine: &Engine,
    bytes: &[u8],
    opts: &Options,
) -> Result<ImportedReport, EngineError> {
    let imported = read_workbook(bytes, &Spellings::of(engine));
    let aef_report = match &imported.aef {
        Some(aef) => Some(engine.validate("aef", &aef.to_string(), opts)?),
        None => None,
    };
    Ok(ImportedReport {
        imported,
        aef_report,
    })
}

struct Reading<'s> {
    findings: Vec<Finding>,
    cells: BTreeMap<String, CellRef>,
    spell: &'s Spellings,
    /// Party cells read so far, by text: a column repeats the same few Parties, and
    /// "did you mean" compares with every name, so each text is looked up once.
    parties: BTreeMap<String, Party>,
}

impl Reading<'_> {
    fn say(
        &mut self,
        code: &str,
        severity: Severity,
        ptr: String,
        at: CellRef,
        message: String,
    ) -> &mut Finding {
        let mut f = finding(code, severity, ptr, message);
        locate(&mut f, &at);
        self.findings.push(f);
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }
}

fn raw(d: &Data) -> Raw {
    match d {
        Data::Empty => Raw::Empty,
        Data::String(s) => Raw::Text(s.clone()),
        Data::Float(f) => Raw::Number(*f),
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(dt) => {
            let is_1904 = *dt == ExcelDateTime::new(dt.as_f64(), ExcelDateTimeType::DateTime, true);
            if dt.is_duration() {
                return Raw::Bad("a duration".into());
            }
            match crate::dates::from_excel_serial(dt.as_f64(), is_1904) {
                Some((d, t)) => Raw::Date(d, t),
                None => Raw::Bad(format!("the date serial {}", dt.as_f64())),
            }
        }
        Data::DateTimeIso(s) => Raw::Text(s.clone()),
        Data::DurationIso(s) => Raw::Bad(format!("the duration {s}")),
        Data::Error(e) => Raw::Bad(format!("the error {e}")),
    }
}

fn text_at(range: &Range<Data>, row: u32, col: u32) -> Option<String> {
    match range.get_value((row, col))? {
        Data::String(s) => Some(s.clone()),
        Data::Empty => None,
        other => Some(other.to_string()),
    }
}

fn cell_text(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Null,
        Data::String(s) => Value::String(s.clone()),
        other => Value::String(other.to_string()),
    }
}

/// Read an AEF v2 workbook from its bytes (spellings and Party names of the default bundle).
pub fn import(bytes: &[u8]) -> Imported {
    read_workbook(bytes, Spellings::default_bundle())
}

fn read_workbook(bytes: &[u8], spell: &Spellings) -> Imported {
    let mut wb: Xlsx<_> = match open_workbook_from_rs(Cursor::new(bytes.to_vec())) {
        Ok(wb) => wb,
        Err(e) => {
            return Imported {
                aef: None,
                findings: vec![finding(
                    "xlsx-unreadable",
                    Severity::Error,
                    "",
                    format!("This is not an Excel workbook (.xlsx) that can be read: {e}."),
                )],
                unreadable: true,
                cells: BTreeMap::new(),
            }
        }
    };
    let mut rd = Reading {
        findings: Vec::new(),
        cells: BTreeMap::new(),
        spell,
        parties: BTreeMap::new(),
    };
    let names = wb.sheet_names();
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let mut sheet_of: BTreeMap<&str, String> = BTreeMap::new();
    for want in SHEETS {
        let found = names
            .iter()
            .find(|n| n.as_str() == want)
            .or_else(|| names.iter().find(|n| norm(n) == norm(want)));
        let table_sheet = !matches!(want, "Index" | "Summary information");
        match found {
            Some(n) if n != want => {
                rd.say(
                    "xlsx-sheet-renamed",
                    Severity::Warning,
                    String::new(),
                    CellRef { sheet: n.clone(), row: 0, column: None },
                    format!("The sheet {n:?} is read as {want:?}; the AEF template names it exactly {want:?} and the UNFCCC checker rejects other names."),
                );
                sheet_of.insert(want, n.clone());
            }
            Some(n) => {
                sheet_of.insert(want, n.clone());
            }
            None => {
                rd.say(
                    "xlsx-missing-sheet",
                    if table_sheet { Severity::Error } else { Severity::Warning },
                    String::new(),
                    CellRef { sheet: want.to_owned(), row: 0, column: None },
                    if table_sheet {
                        format!("The workbook has no sheet {want:?}; its table is left empty.")
                    } else {
                        format!("The workbook has no sheet {want:?}; the AEF template has one and the UNFCCC checker expects all seven sheets.")
                    },
                )
                .args
                .insert("row".into(), Value::Null);
            }
        }
    }
    for n in &names {
        if !sheet_of.values().any(|s| s == n) {
            rd.say(
                "xlsx-extra-sheet",
                Severity::Info,
                String::new(),
                CellRef {
                    sheet: n.clone(),
                    row: 0,
                    column: None,
                },
                format!(
                    "The sheet {n:?} is not one of the AEF template's seven sheets; it is ignored."
                ),
            )
            .args
            .insert("row".into(), Value::Null);
        }
    }
    for f in rd.findings.iter_mut() {
        if f.args.get("row") == Some(&Value::from(0u32)) {
            f.args.insert("row".into(), Value::Null);
        }
    }

    let mut aef = Map::new();
    let t1 = match sheet_of
        .get(T1.sheet)
        .and_then(|s| wb.worksheet_range(s).ok().map(|r| (s.clone(), r)))
    {
        Some((name, range)) => read_t1(&mut rd, &name, &range),
        None => Map::new(),
    };
    aef.insert("t1Submission".into(), Value::Object(t1));
    for table in fields::ROW_TABLES {
        let rows = match sheet_of
            .get(table.sheet)
            .and_then(|s| wb.worksheet_range(s).ok().map(|r| (s.clone(), r)))
        {
            Some((name, range)) => read_rows(&mut rd, &table, &name, &range),
            None => Vec::new(),
        };
        aef.insert(table.key.into(), Value::Array(rows));
    }
    Imported {
        aef: Some(Value::Object(aef)),
        findings: rd.findings,
        unreadable: false,
        cells: rd.cells,
    }
}

fn convert(rd: &mut Reading, column: &Column, d: &Data, ptr: String, at: CellRef) -> Option<Value> {
    match from_raw(column, &raw(d)) {
        Ok(None) => None,
        Ok(Some(Value::String(s))) => Some(Value::String(spelled(rd, column.key, s, ptr, &at))),
        Ok(Some(Value::Array(items))) => Some(Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::String(s) => {
                        Value::String(spelled(rd, column.key, s, pointer(&ptr, i), &at))
                    }
                    other => other,
                })
                .collect(),
        )),
        Ok(Some(v)) => Some(v),
        Err((code, msg)) => {
            rd.say(
                code,
                Severity::Error,
                ptr,
                at,
                format!("{} {msg}", column.label),
            )
            .args
            .insert("value".into(), cell_text(d));
            None
        }
    }
}

/// The value of text `s` in field `key` after the spelling policy: a known variant of a
/// code-list value becomes the official value and a Party name its alpha-3 code, each
/// with an info finding; an unknown Party name stays as written, with a warning.
fn spelled(rd: &mut Reading, key: &str, s: String, ptr: String, at: &CellRef) -> String {
    if rd.spell.is_party_field(key) {
        // Past MAX_SUGGESTED distinct unknown texts, no more "did you mean": bounded time
        // on a workbook whose Party column is all noise.
        const MAX_SUGGESTED: usize = 200;
        let party = match rd.parties.get(&s) {
            Some(p) => p.clone(),
            None => {
                let p = rd.spell.party(&s, rd.parties.len() < MAX_SUGGESTED);
                rd.parties.insert(s.clone(), p.clone());
                p
            }
        };
        return match party {
            Party::Code => s,
            Party::CodeCase(code) => {
                rd.say("xlsx-normalised", Severity::Info, ptr, at.clone(),
                    format!("{s:?} is imported as the Party code {code:?} (ISO 3166-1 alpha-3 codes are written in capitals)."))
                    .args.extend([("value".into(), Value::String(s)), ("normalised".into(), Value::String(code.clone()))]);
                code
            }
            Party::Name(code, lang) => {
                rd.say("xlsx-party-name", Severity::Info, ptr, at.clone(),
                    format!("{s:?} is the name of the Party {code}; it is imported as the ISO 3166-1 alpha-3 code {code:?}."))
                    .args.extend([
                        ("value".into(), Value::String(s)),
                        ("party".into(), Value::String(code.clone())),
                        ("language".into(), Value::String(lang)),
                    ]);
                code
            }
            Party::Ambiguous(codes) => {
                rd.say("xlsx-unknown-party", Severity::Warning, ptr, at.clone(),
                    format!("{s:?} could be the name of {}; it is imported as written. Write the ISO 3166-1 alpha-3 code.", codes.join(" or ")))
                    .args.extend([
                        ("value".into(), Value::String(s.clone())),
                        ("candidates".into(), Value::Array(codes.into_iter().map(Value::String).collect())),
                    ]);
                s
            }
            Party::Unknown(near) => {
                let hint = near.as_ref().map_or(String::new(), |(name, code)| {
                    format!(" Did you mean {name:?} ({code})?")
                });
                let f = rd.say("xlsx-unknown-party", Severity::Warning, ptr, at.clone(),
                    format!("{s:?} is neither an ISO 3166-1 alpha-3 code nor a Party name in English, French or Spanish; it is imported as written.{hint}"));
                f.args.insert("value".into(), Value::String(s.clone()));
                if let Some((name, code)) = near {
                    f.args.insert("suggestion".into(), Value::String(name));
                    f.args.insert("party".into(), Value::String(code));
                }
                s
            }
        };
    }
    match rd.spell.code(key, &s) {
        Code::Official | Code::Unknown => s,
        Code::Variant { official, list } => {
            rd.say("xlsx-normalised", Severity::Info, ptr, at.clone(),
                format!("{s:?} is written {official:?} in the common nomenclature (code list {list}); it is imported so."))
                .args.extend([
                    ("value".into(), Value::String(s)),
                    ("normalised".into(), Value::String(official.clone())),
                    ("codeList".into(), Value::String(list)),
                ]);
            official
        }
    }
}

fn read_t1(rd: &mut Reading, sheet: &str, range: &Range<Data>) -> Map<String, Value> {
    let mut out = Map::new();
    let Some((r0, _)) = range.start() else {
        missing_t1(rd, sheet, T1.columns.iter().collect());
        return out;
    };
    let (r1, c1) = range.end().unwrap_or((r0, 0));
    let mut found: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    // Labels in column B (index 1); anywhere else only if not found there.
    for pass in 0..2 {
        for r in r0..=r1 {
            let cols: Vec<u32> = if pass == 0 {
                vec![1]
            } else {
                (0..=c1).collect()
            };
            for c in cols {
                let Some(label) = text_at(range, r, c) else {
                    continue;
                };
                if let Some(col) = find_column(&T1, &label) {
                    found.entry(col.key).or_insert((r, c));
                }
            }
        }
        if found.len() == T1.columns.len() {
            break;
        }
    }
    let mut missing = Vec::new();
    for col in T1.columns {
        let Some(&(r, c)) = found.get(col.key) else {
            missing.push(col);
            continue;
        };
        if c != 1 {
            rd.say(
                "xlsx-label-moved",
                Severity::Warning,
                format!("/t1Submission/{}", col.key),
                CellRef { sheet: sheet.into(), row: r + 1, column: Some(column_letter(c)) },
                format!("The label {:?} is in column {}, not B; its value is read from the cell to its right.", col.label, column_letter(c)),
            );
        }
        let at = CellRef {
            sheet: sheet.into(),
            row: r + 1,
            column: Some(column_letter(c + 1)),
        };
        let ptr = format!("/t1Submission/{}", col.key);
        rd.cells.insert(ptr.clone(), at.clone());
        let d = range.get_value((r, c + 1)).cloned().unwrap_or(Data::Empty);
        if let Some(v) = convert(rd, col, &d, ptr, at) {
            out.insert(col.key.into(), v);
        }
    }
    missing_t1(rd, sheet, missing);
    out
}

fn missing_t1(rd: &mut Reading, sheet: &str, missing: Vec<&Column>) {
    for col in missing {
        let carp = matches!(col.kind, Kind::Carp(_));
        let row = T1
            .columns
            .iter()
            .position(|c| c.key == col.key)
            .map_or(0, |i| T1.header_row + i as u32);
        rd.say(
            "xlsx-missing-label",
            if carp { Severity::Warning } else { Severity::Error },
            format!("/t1Submission/{}", col.key),
            CellRef { sheet: sheet.into(), row, column: Some("B".into()) },
            format!("Table 1 has no row labelled {:?} (expected in column B, row {row}); the value is left empty.", col.label),
        )
        .args
        .insert("header".into(), Value::String(col.label.into()));
    }
}

/// Header cells of a row: the known columns by index, and the unknown header texts.
type Headers<'t> = (Vec<(u32, &'t Column)>, Vec<(u32, String)>);

/// Header cells of a row: column index → column spec, with unknown texts.
fn headers<'t>(table: &'t Table, range: &Range<Data>, r: u32, c0: u32, c1: u32) -> Headers<'t> {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for c in c0..=c1 {
        let Some(h) = text_at(range, r, c) else {
            continue;
        };
        if h.trim().is_empty() {
            continue;
        }
        match find_column(table, &h) {
            Some(col) => known.push((c, col)),
            None => unknown.push((c, h)),
        }
    }
    (known, unknown)
}

fn read_rows(rd: &mut Reading, table: &Table, sheet: &str, range: &Range<Data>) -> Vec<Value> {
    let Some((r0, c0)) = range.start() else {
        for col in table.columns {
            missing_column(rd, table, sheet, table.header_row, col);
        }
        return Vec::new();
    };
    let (r1, c1) = range.end().unwrap_or((r0, c0));
    let expected = table.header_row - 1;
    let (mut hr, (mut known, mut unknown)) = (expected, headers(table, range, expected, c0, c1));
    if known.len() * 2 < table.columns.len() {
        // The header row moved: take the row in the first 30 that matches most headers.
        let best = (r0..=r1.min(r0 + 30))
            .map(|r| (r, headers(table, range, r, c0, c1)))
            .max_by_key(|(r, (k, _))| (k.len(), std::cmp::Reverse(*r)));
        if let Some((r, h)) = best {
            if h.0.len() > known.len() {
                rd.say(
                    "xlsx-header-moved",
                    Severity::Warning,
                    format!("/{}", table.key),
                    CellRef { sheet: sheet.into(), row: r + 1, column: None },
                    format!("The headers of {} are in row {}, not row {} of the AEF template; they are read from there.", table.sheet, r + 1, table.header_row),
                );
                hr = r;
                known = h.0;
                unknown = h.1;
            }
        }
    }
    // First occurrence of each column wins.
    let mut by_key: BTreeMap<&str, (u32, &Column)> = BTreeMap::new();
    for &(c, col) in &known {
        if by_key.contains_key(col.key) {
            rd.say(
                "xlsx-duplicate-column",
                Severity::Warning,
                format!("/{}", table.key),
                CellRef {
                    sheet: sheet.into(),
                    row: hr + 1,
                    column: Some(column_letter(c)),
                },
                format!(
                    "The header {:?} appears twice; the first one is read.",
                    col.label
                ),
            );
            continue;
        }
        by_key.insert(col.key, (c, col));
    }
    for (c, h) in unknown {
        rd.say(
            "xlsx-unknown-column",
            Severity::Warning,
            format!("/{}", table.key),
            CellRef {
                sheet: sheet.into(),
                row: hr + 1,
                column: Some(column_letter(c)),
            },
            format!(
                "The header {h:?} is not an AEF column of {}; the column is ignored.",
                table.sheet
            ),
        )
        .args
        .insert("value".into(), Value::String(h));
    }
    for col in table.columns {
        if !by_key.contains_key(col.key) {
            missing_column(rd, table, sheet, hr + 1, col);
        }
    }
    let mut out = Vec::new();
    for r in hr + 1..=r1 {
        let index = out.len();
        let base = format!("/{}/{index}", table.key);
        let mut row = Map::new();
        let mut any = false;
        let mut cells = Vec::new();
        for col in table.columns {
            let Some(&(c, _)) = by_key.get(col.key) else {
                continue;
            };
            let d = range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
            if !matches!(from_raw(col, &raw(&d)), Ok(None)) {
                any = true;
            }
            cells.push((col, c, d));
        }
        if !any {
            continue;
        }
        rd.cells.insert(
            base.clone(),
            CellRef {
                sheet: sheet.into(),
                row: r + 1,
                column: None,
            },
        );
        for (col, c, d) in cells {
            let at = CellRef {
                sheet: sheet.into(),
                row: r + 1,
                column: Some(column_letter(c)),
            };
            let ptr = pointer(&base, col.key);
            rd.cells.insert(ptr.clone(), at.clone());
            if let Some(v) = convert(rd, col, &d, ptr, at) {
                row.insert(col.key.into(), v);
            }
        }
        out.push(Value::Object(row));
    }
    out
}

fn missing_column(rd: &mut Reading, table: &Table, sheet: &str, row: u32, col: &Column) {
    let carp = matches!(col.kind, Kind::Carp(_));
    rd.say(
        "xlsx-missing-column",
        if carp { Severity::Warning } else { Severity::Error },
        format!("/{}", table.key),
        CellRef { sheet: sheet.into(), row, column: None },
        format!("{} has no column headed {:?} in its header row {row}; that field is left empty in every row.", table.sheet, col.label),
    )
    .args
    .insert("header".into(), Value::String(col.label.into()));
}
