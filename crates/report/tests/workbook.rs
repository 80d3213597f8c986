//! AEF workbooks: JSON → XLSX → JSON is lossless on every AEF example, the checker's
//! spellings and the template's placeholders are read as the canonical JSON, and bad
//! workbooks give findings naming sheet, row and column.

mod common;
use common::*;

use a6check_report::workbook::{export, import};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;
use std::io::Cursor;

fn examples() -> Vec<(String, Value)> {
    let dir = format!("{}/../../schemas/examples/aef", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            (
                p.display().to_string(),
                json(&std::fs::read_to_string(&p).expect("read")),
            )
        })
        .collect();
    for f in ["tanzania-2025.aef.json", "tanzania-2026.aef.json"] {
        out.push((f.into(), json(&fixture(f))));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn round_trip_is_lossless_on_every_example() {
    let all = examples();
    assert!(all.len() >= 5);
    for (name, aef) in all {
        let x = export(&aef).expect("export");
        assert!(x.notes.is_empty(), "{name}: {:?}", x.notes);
        let back = import(&x.bytes);
        assert!(back.findings.is_empty(), "{name}: {:?}", back.findings);
        assert_eq!(
            canonical(back.aef.as_ref().expect("aef")),
            canonical(&aef),
            "{name}"
        );
    }
}

#[test]
fn exported_workbook_has_the_template_layout() {
    let aef = json(&example("ghana-2025-first-transfer.json"));
    let bytes = export(&aef).expect("export").bytes;
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    assert_eq!(
        wb.sheet_names(),
        [
            "Index",
            "Summary information",
            "Table 1 Submission",
            "Table 2 Authorizations",
            "Table 3 Actions",
            "Table 4 Holdings",
            "Table 5 Auth. entities"
        ]
    );
    let t1 = wb.worksheet_range("Table 1 Submission").expect("t1");
    assert_eq!(t1.get_value((3, 1)), Some(&Data::String("Party".into())));
    assert_eq!(t1.get_value((3, 2)), Some(&Data::String("GHA".into())));
    // CARP rows 8, 9 and 12 hold the template's placeholder.
    assert_eq!(
        t1.get_value((7, 2)),
        Some(&Data::String(
            "{Information in this field is populated by the CARP}".into()
        ))
    );
    assert_eq!(
        t1.get_value((11, 2)),
        Some(&Data::String("{Link to be produced by the CARP}".into()))
    );
    let t3 = wb.worksheet_range("Table 3 Actions").expect("t3");
    assert_eq!(
        t3.get_value((7, 1)),
        Some(&Data::String("Action date".into()))
    );
    assert_eq!(
        t3.get_value((8, 16)),
        Some(&Data::Float(11733.0)),
        "quantities are numbers"
    );
    let t5 = wb.worksheet_range("Table 5 Auth. entities").expect("t5");
    assert_eq!(
        t5.get_value((9, 1)),
        Some(&Data::String("Date of the authorization".into()))
    );
}

#[test]
fn quantities_a_float_cannot_hold_are_written_as_text() {
    let mut aef = json(&example("switzerland-2025-acquisition-and-use.json"));
    aef["t4Holdings"][0]["quantityTCO2e"] = json("12345678901234567.5");
    let x = export(&aef).expect("export");
    assert_eq!(x.notes.len(), 1);
    assert_eq!(x.notes[0].pointer, "/t4Holdings/0/quantityTCO2e");
    assert_eq!(x.notes[0].args["sheet"], "Table 4 Holdings");
    let back = import(&x.bytes);
    assert_eq!(
        back.aef.expect("aef")["t4Holdings"][0]["quantityTCO2e"].to_string(),
        "12345678901234567.5"
    );
}

/// Copy a workbook cell by cell, letting `edit` drop sheets, rename them or change cells.
fn rewrite(
    bytes: &[u8],
    edit: impl Fn(&str, u32, u32, &Data) -> Option<Data>,
    sheet: impl Fn(&str) -> Option<String>,
) -> Vec<u8> {
    rewrite_shifted(bytes, edit, sheet, |_| 0)
}

/// As `rewrite`, moving every cell of a sheet down by `shift(sheet)` rows.
fn rewrite_shifted(
    bytes: &[u8],
    edit: impl Fn(&str, u32, u32, &Data) -> Option<Data>,
    sheet: impl Fn(&str) -> Option<String>,
    shift: impl Fn(&str) -> u32,
) -> Vec<u8> {
    let mut src: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx");
    let mut out = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for name in src.sheet_names() {
        let Some(new_name) = sheet(&name) else {
            continue;
        };
        let range = src.worksheet_range(&name).expect("sheet");
        let ws = out.add_worksheet().set_name(&new_name).expect("name");
        let Some((r0, c0)) = range.start() else {
            continue;
        };
        for (dr, row) in range.rows().enumerate() {
            for (dc, d) in row.iter().enumerate() {
                let (r, c) = (r0 + dr as u32, c0 + dc as u32);
                let Some(d) = edit(&name, r, c, d) else {
                    continue;
                };
                let col = c as u16;
                let r = r + shift(&name);
                match d {
                    Data::String(s) => ws.write_string(r, col, s).map(|_| ()),
                    Data::Float(f) => ws.write_number(r, col, f).map(|_| ()),
                    Data::Int(i) => ws.write_number(r, col, i as f64).map(|_| ()),
                    Data::DateTime(dt) => ws
                        .write_number_with_format(r, col, dt.as_f64(), &date)
                        .map(|_| ()),
                    Data::Bool(b) => ws.write_boolean(r, col, b).map(|_| ()),
                    _ => Ok(()),
                }
                .expect("write");
            }
        }
    }
    out.save_to_buffer().expect("save")
}

fn keep(d: &Data) -> Option<Data> {
    Some(d.clone())
}

fn has(
    f: &[a6check_core::Finding],
    code: &str,
    sheet: &str,
    row: Option<u32>,
    column: Option<&str>,
) -> bool {
    f.iter().any(|x| {
        x.code == code
            && x.args.get("sheet").and_then(Value::as_str) == Some(sheet)
            && (row.is_none() || x.args.get("row").and_then(Value::as_u64) == row.map(u64::from))
            && (column.is_none() || x.args.get("column").and_then(Value::as_str) == column)
    })
}

fn ghana_bytes() -> Vec<u8> {
    export(&json(&example("ghana-2025-first-transfer.json")))
        .expect("export")
        .bytes
}

#[test]
fn missing_sheet() {
    let bytes = rewrite(
        &ghana_bytes(),
        |_, _, _, d| keep(d),
        |n| (n != "Table 4 Holdings").then(|| n.to_owned()),
    );
    let back = import(&bytes);
    assert!(
        has(
            &back.findings,
            "xlsx-missing-sheet",
            "Table 4 Holdings",
            None,
            None
        ),
        "{:?}",
        back.findings
    );
    assert_eq!(back.aef.expect("aef")["t4Holdings"], Value::Array(vec![]));
    // A renamed sheet is still read, with a warning.
    let bytes = rewrite(
        &ghana_bytes(),
        |_, _, _, d| keep(d),
        |n| {
            Some(if n == "Table 3 Actions" {
                "table 3  actions".into()
            } else {
                n.to_owned()
            })
        },
    );
    let back = import(&bytes);
    assert!(
        has(
            &back.findings,
            "xlsx-sheet-renamed",
            "table 3  actions",
            None,
            None
        ),
        "{:?}",
        back.findings
    );
    assert_eq!(back.aef.expect("aef")["t3Actions"][0]["lastId"], 11733);
}

#[test]
fn renamed_header() {
    let bytes = rewrite(
        &ghana_bytes(),
        |s, r, c, d| match (s, r, c) {
            ("Table 3 Actions", 7, 8) => Some(Data::String("First serial".into())),
            _ => keep(d),
        },
        |n| Some(n.to_owned()),
    );
    let back = import(&bytes);
    // Column I of the header row 8: unknown; and First ID is missing from the header row.
    assert!(
        has(
            &back.findings,
            "xlsx-unknown-column",
            "Table 3 Actions",
            Some(8),
            Some("I")
        ),
        "{:?}",
        back.findings
    );
    let missing = back
        .findings
        .iter()
        .find(|f| f.code == "xlsx-missing-column")
        .expect("missing");
    assert_eq!(missing.args["header"], "First ID");
    assert_eq!(missing.args["row"], 8);
    assert_eq!(missing.severity, a6check_core::Severity::Error);
    assert!(back.aef.expect("aef")["t3Actions"][0]
        .get("firstId")
        .is_none());
}

#[test]
fn bad_date_and_bad_number() {
    let bytes = rewrite(
        &ghana_bytes(),
        |s, r, c, d| match (s, r, c) {
            ("Table 2 Authorizations", 7, 2) => Some(Data::String("31/02/2024".into())),
            ("Table 3 Actions", 8, 16) => Some(Data::String("11.733,0".into())),
            ("Table 1 Submission", 6, 2) => Some(Data::String("2026-04-10".into())),
            _ => keep(d),
        },
        |n| Some(n.to_owned()),
    );
    let back = import(&bytes);
    let f = &back.findings;
    assert!(
        has(
            f,
            "xlsx-bad-date",
            "Table 2 Authorizations",
            Some(8),
            Some("C")
        ),
        "{f:?}"
    );
    assert!(
        has(f, "xlsx-bad-number", "Table 3 Actions", Some(9), Some("Q")),
        "{f:?}"
    );
    let bad = f
        .iter()
        .find(|x| x.code == "xlsx-bad-date")
        .expect("bad date");
    assert_eq!(bad.pointer, "/t2Authorizations/0/dateOfAuthorization");
    assert_eq!(bad.args["value"], "31/02/2024");
    // ISO text in a date cell is fine.
    assert_eq!(
        back.aef.expect("aef")["t1Submission"]["dateOfSubmission"],
        "2026-04-10"
    );
}

#[test]
fn checker_spellings_placeholders_separators_and_serial_dates() {
    let bytes = rewrite(
        &export(&json(&example("vanuatu-2025-corsia-oimp.json")))
            .expect("export")
            .bytes,
        |s, r, c, d| match (s, r, c) {
            // T2 col S: first transfer definition; T3 col D: subtype; T3 col J: last ID; T5 col B: date.
            ("Table 2 Authorizations", 7, 18) => Some(Data::String("Authorization".into())),
            ("Table 3 Actions", 9, 3) => Some(Data::String("First international transfer".into())),
            ("Table 3 Actions", 9, 9) => Some(Data::String("1,000".into())),
            ("Table 3 Actions", 9, 1) => Some(Data::String("30/09/2025 10:15".into())),
            ("Table 5 Auth. entities", 10, 1) => Some(Data::Float(45730.0)),
            ("Table 2 Authorizations", 7, 12) => Some(Data::String("CHE; GBR".into())),
            ("Table 2 Authorizations", 7, 17) => {
                Some(Data::String("{Link to be produced by the CARP}".into()))
            }
            _ => keep(d),
        },
        |n| Some(n.to_owned()),
    );
    let back = import(&bytes);
    let aef = back.aef.clone().expect("aef");
    assert_eq!(
        aef["t2Authorizations"][0]["firstTransferDefinitionOimp"],
        "Authorisation"
    );
    assert_eq!(
        aef["t2Authorizations"][0]["authorizedParties"],
        serde_json::json!(["CHE", "GBR"])
    );
    assert!(aef["t2Authorizations"][0]
        .get("authorizationDocumentation")
        .is_none());
    assert_eq!(
        aef["t3Actions"][1]["actionSubtype"],
        "First transfer to another Party"
    );
    assert_eq!(aef["t3Actions"][1]["lastId"], 1000);
    assert_eq!(aef["t3Actions"][1]["actionDate"], "2025-09-30T10:15:00Z");
    assert_eq!(
        aef["t5AuthorizedEntities"][0]["dateOfAuthorization"],
        "2025-03-14"
    );
    assert!(
        has(
            &back.findings,
            "xlsx-normalised",
            "Table 2 Authorizations",
            Some(8),
            Some("S")
        ),
        "{:?}",
        back.findings
    );
    assert!(
        back.findings
            .iter()
            .all(|f| f.severity != a6check_core::Severity::Error),
        "{:?}",
        back.findings
    );
}

#[test]
fn header_row_moved_and_not_a_workbook() {
    // Shift every row of Table 4 down by two: headers on row 9 instead of 7.
    let aef = json(&example("switzerland-2025-acquisition-and-use.json"));
    let bytes = export(&aef).expect("export").bytes;
    let moved = rewrite_shifted(
        &bytes,
        |_, _, _, d| keep(d),
        |n| Some(n.to_owned()),
        |n| if n == "Table 4 Holdings" { 2 } else { 0 },
    );
    let back = import(&moved);
    assert!(
        has(
            &back.findings,
            "xlsx-header-moved",
            "Table 4 Holdings",
            Some(9),
            None
        ),
        "{:?}",
        back.findings
    );
    assert_eq!(back.aef.expect("aef")["t4Holdings"][0]["firstId"], 5001);

    let junk = import(b"PK\x03\x04 not really a zip");
    assert!(junk.unreadable);
    assert_eq!(junk.findings[0].code, "xlsx-unreadable");
}

#[test]
fn engine_findings_name_the_cell() {
    let mut aef = json(&example("ghana-2025-first-transfer.json"));
    aef["t3Actions"][0]["actionSubtype"] = Value::String("NA".into());
    let bytes = export(&aef).expect("export").bytes;
    let engine = a6check_core::Engine::from_packed(a6check_default_bundle::PACKED).expect("bundle");
    let r =
        a6check_report::workbook::import_with(&engine, &bytes, &a6check_core::Options::default())
            .expect("import");
    let f = r.findings();
    let hit = f["aef"]["findings"]
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|x| x["pointer"] == "/t3Actions/0/actionSubtype")
        })
        .unwrap_or_else(|| panic!("{f}"));
    assert_eq!(hit["args"]["sheet"], "Table 3 Actions");
    assert_eq!(hit["args"]["row"], 9);
    assert_eq!(hit["args"]["column"], "D");
}

#[test]
fn csv_tables() {
    let aef = json(&example("vanuatu-2025-corsia-oimp.json"));
    let tables = a6check_report::csv::export(&aef);
    assert_eq!(tables.len(), 5);
    let (_, file, t3) = &tables[2];
    assert_eq!(*file, "table3-actions");
    let mut lines = t3.split("\r\n");
    assert!(lines
        .next()
        .unwrap_or("")
        .starts_with("Action date,Action type,Action subtype,Cooperative approach ID"));
    let first = lines.next().unwrap_or("");
    assert!(
        first.starts_with("2025-03-14T00:00:00.000Z,First transfer,Authorization,CA0004"),
        "{first}"
    );
    let (_, _, t2) = &tables[1];
    assert!(
        t2.contains("\"Occurred: from 2021 to 2025. Use: from 2021 to 2030.\"")
            || t2.contains("Occurred: from 2021 to 2025. Use: from 2021 to 2030.")
    );
    assert!(t2.contains("14/03/2025"));
    let (_, _, t1) = &tables[0];
    assert_eq!(t1.lines().count(), 2);
}

#[test]
fn export_is_deterministic() {
    let aef = json(&example("vanuatu-2025-corsia-oimp.json"));
    let a = export(&aef).expect("export").bytes;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = export(&aef).expect("export").bytes;
    assert!(a == b, "the same document gives the same workbook bytes");
}
