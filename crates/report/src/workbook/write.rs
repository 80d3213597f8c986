//! Canonical JSON → AEF v2 workbook: the template's seven sheets, Table 1 transposed
//! (labels in column B from row 4, values in column C), Tables 2-5 with their headers on
//! rows 7, 8, 7 and 10 from column B. Dates are date cells shown `dd/mm/yyyy`; an action
//! date with a time of day is written as its ISO text. Quantities are number cells when a
//! binary float holds them exactly, and text otherwise (with a note). Not applicable is
//! written `NA`; empty CARP cells get the template's placeholder.

use super::cells::{to_cell, Cell};
use super::column_letter;
use crate::fields::{self, Table, SHEETS, T1};
use crate::findings::finding;
use crate::summary;
use a6check_core::{Finding, Severity};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};
use serde_json::Value;

/// A written workbook and notes on values written as text.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The `.xlsx` bytes.
    pub bytes: Vec<u8>,
    /// Info findings: values that had to be written as text, with sheet/row/column.
    pub notes: Vec<Finding>,
}

struct Formats {
    header: Format,
    date: Format,
    title: Format,
}

fn put(ws: &mut Worksheet, f: &Formats, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => ws.write_string(row, col, s).map(|_| ()),
        Cell::Number(n) => ws.write_number(row, col, *n).map(|_| ()),
        Cell::Date(y, m, d) => {
            let dt = ExcelDateTime::from_ymd(*y, *m, *d)?;
            ws.write_datetime_with_format(row, col, &dt, &f.date)
                .map(|_| ())
        }
    }
}

fn note(notes: &mut Vec<Finding>, ptr: String, sheet: &str, row: u32, col: u16, text: String) {
    notes.push(
        finding("xlsx-written-as-text", Severity::Info, ptr, text)
            .arg("sheet", sheet)
            .arg("row", row + 1)
            .arg("column", column_letter(u32::from(col))),
    );
}

fn title(table: &Table) -> String {
    let n = &table.sheet["Table ".len()..];
    format!("Table {}", n.replacen(' ', ". ", 1))
}

/// Write `aef` as an AEF v2 workbook.
pub fn export(aef: &Value) -> Result<Exported, String> {
    build(aef).map_err(|e| format!("cannot write the workbook: {e}"))
}

fn build(aef: &Value) -> Result<Exported, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date keeps the output the same for the same input.
    let created = ExcelDateTime::from_ymd(2021, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("AEF v2 (a6check)"),
    );
    let f = Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        date: Format::new().set_num_format("dd/mm/yyyy"),
        title: Format::new().set_bold().set_font_size(13),
    };
    let mut notes = Vec::new();

    let ws = wb.add_worksheet().set_name(SHEETS[0])?;
    ws.write_string_with_format(
        0,
        0,
        "Agreed electronic format (AEF), second iteration (decision 4/CMA.6 annex II)",
        &f.title,
    )?;
    for (i, s) in SHEETS.iter().enumerate() {
        ws.write_string(2 + i as u32, 0, *s)?;
    }
    ws.set_column_width(0, 40)?;

    let ws = wb.add_worksheet().set_name(SHEETS[1])?;
    summary_sheet(ws, &f, aef)?;

    let ws = wb.add_worksheet().set_name(T1.sheet)?;
    ws.write_string_with_format(1, 1, title(&T1), &f.title)?;
    ws.set_column_width(1, 60)?;
    ws.set_column_width(2, 40)?;
    let t1 = aef.get(T1.key);
    for (i, col) in T1.columns.iter().enumerate() {
        let r = T1.header_row - 1 + i as u32;
        ws.write_string_with_format(r, 1, col.label, &f.header)?;
        let (cell, n) = to_cell(col, t1.and_then(|t| t.get(col.key)));
        if let Some(n) = n {
            note(
                &mut notes,
                format!("/{}/{}", T1.key, col.key),
                T1.sheet,
                r,
                2,
                n,
            );
        }
        put(ws, &f, r, 2, &cell)?;
    }

    for table in fields::ROW_TABLES {
        let ws = wb.add_worksheet().set_name(table.sheet)?;
        ws.write_string_with_format(1, 1, title(&table), &f.title)?;
        let hr = table.header_row - 1;
        ws.set_row_height(hr, 60)?;
        for (j, col) in table.columns.iter().enumerate() {
            let c = 1 + j as u16;
            ws.write_string_with_format(hr, c, col.label, &f.header)?;
            ws.set_column_width(c, 18)?;
        }
        let rows = aef
            .get(table.key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, row) in rows.iter().enumerate() {
            let r = hr + 1 + i as u32;
            for (j, col) in table.columns.iter().enumerate() {
                let c = 1 + j as u16;
                let (cell, n) = to_cell(col, row.get(col.key));
                if let Some(n) = n {
                    note(
                        &mut notes,
                        format!("/{}/{i}/{}", table.key, col.key),
                        table.sheet,
                        r,
                        c,
                        n,
                    );
                }
                put(ws, &f, r, c, &cell)?;
            }
        }
    }
    Ok(Exported {
        bytes: wb.save_to_buffer()?,
        notes,
    })
}

fn summary_sheet(ws: &mut Worksheet, f: &Formats, aef: &Value) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, "Summary information", &f.title)?;
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 18)?;
    let t1 = aef.get("t1Submission");
    let text = |k: &str| {
        t1.and_then(|t| t.get(k))
            .map(super::cells::plain)
            .unwrap_or_default()
    };
    let mut r = 2;
    for (label, key) in [
        ("Party", "party"),
        ("Reported year", "reportedYear"),
        ("Version", "version"),
    ] {
        ws.write_string(r, 0, label)?;
        ws.write_string(r, 1, text(key))?;
        r += 1;
    }
    r += 1;
    for table in fields::ROW_TABLES {
        let n = aef
            .get(table.key)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        ws.write_string(r, 0, format!("{}: rows", table.sheet))?;
        ws.write_number(r, 1, n as f64)?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "Action type", &f.header)?;
    ws.write_string_with_format(r, 1, "Quantity (t CO2 eq)", &f.header)?;
    ws.write_string_with_format(r, 2, "ITMOs (serials)", &f.header)?;
    r += 1;
    let totals = summary::totals(aef, &summary::purposes(std::slice::from_ref(aef)));
    if let Some(Value::Object(by)) = totals.get("byActionType") {
        for (ty, t) in by {
            ws.write_string(r, 0, ty)?;
            ws.write_string(
                r,
                1,
                t.get("quantityTCO2e")
                    .map(super::cells::plain)
                    .unwrap_or_default(),
            )?;
            ws.write_string(
                r,
                2,
                t.get("itmos").map(super::cells::plain).unwrap_or_default(),
            )?;
            r += 1;
        }
    }
    Ok(())
}
