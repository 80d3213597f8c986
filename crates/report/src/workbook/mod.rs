//! The AEF v2 workbook (`.xlsx`): import into the canonical JSON ([`read`]) and export
//! from it ([`mod@write`]), with the sheets and header rows of the v2 template (brief 4.3).
//! Columns are found by their header text, never by position.

pub mod cells;
pub mod read;
pub mod write;

pub use read::{import, import_with, Imported, ImportedReport};
pub use write::{export, Exported};

/// Column letters of a 0-based column index (`0` → `A`, `27` → `AB`).
pub fn column_letter(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn letters() {
        assert_eq!(super::column_letter(0), "A");
        assert_eq!(super::column_letter(2), "C");
        assert_eq!(super::column_letter(25), "Z");
        assert_eq!(super::column_letter(26), "AA");
        assert_eq!(super::column_letter(27), "AB");
        assert_eq!(super::column_letter(701), "ZZ");
        assert_eq!(super::column_letter(702), "AAA");
    }
}
