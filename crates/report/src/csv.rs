//! Each AEF table as CSV (RFC 4180, CRLF line ends, UTF-8): the workbook's header texts
//! and the values as the workbook shows them (dates `dd/mm/yyyy`, quantities as exact
//! decimal text, `NA` when not applicable). Table 1 is one header row and one value row.

use crate::fields::{self, Table, T1};
use crate::workbook::cells::to_csv;
use serde_json::Value;

/// One CSV field, quoted when it holds a comma, a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn line(out: &mut String, cells: impl Iterator<Item = String>) {
    out.push_str(&cells.map(|c| field(&c)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
}

fn table_csv(table: &Table, rows: &[Value]) -> String {
    let mut out = String::new();
    line(&mut out, table.columns.iter().map(|c| c.label.to_owned()));
    for r in rows {
        line(
            &mut out,
            table.columns.iter().map(|c| to_csv(c, r.get(c.key))),
        );
    }
    out
}

/// The five tables: `(table key, file name, CSV text)`, Table 1 first.
pub fn export(aef: &Value) -> Vec<(&'static str, &'static str, String)> {
    let mut out = Vec::new();
    let t1 = aef.get(T1.key).cloned().unwrap_or(Value::Null);
    out.push((T1.key, T1.file, table_csv(&T1, std::slice::from_ref(&t1))));
    for table in fields::ROW_TABLES {
        let rows = aef
            .get(table.key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        out.push((table.key, table.file, table_csv(&table, &rows)));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_fields() {
        assert_eq!(super::field("a,b"), "\"a,b\"");
        assert_eq!(super::field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(super::field("plain"), "plain");
    }
}
