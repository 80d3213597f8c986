//! Dates between the JSON contract (ISO 8601) and the AEF workbook (`dd/mm/yyyy`,
//! Excel serial numbers).

/// Days from 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// True when `y-m-d` is a real calendar date.
pub fn is_real(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
}

fn ymd(s: &str) -> Option<(i64, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits =
        |r: std::ops::Range<usize>| s.get(r).filter(|x| x.bytes().all(|c| c.is_ascii_digit()));
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    is_real(y, m, d).then_some((y, m, d))
}

/// True for a real ISO date `YYYY-MM-DD`.
pub fn is_iso_date(s: &str) -> bool {
    ymd(s).is_some()
}

/// True for an ISO UTC date-time `YYYY-MM-DDThh:mm:ss(.sss)Z` on a real date.
pub fn is_iso_datetime(s: &str) -> bool {
    let Some((date, time)) = s.split_once('T') else {
        return false;
    };
    let Some(time) = time.strip_suffix('Z') else {
        return false;
    };
    let (hms, frac) = match time.split_once('.') {
        Some((h, f)) => (h, Some(f)),
        None => (time, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let ok_time = parts.len() == 3
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|c| c.is_ascii_digit()))
        && parts[0] < "24"
        && parts[1] < "60"
        && parts[2] < "60";
    let ok_frac =
        frac.is_none_or(|f| (1..=3).contains(&f.len()) && f.bytes().all(|c| c.is_ascii_digit()));
    is_iso_date(date) && ok_time && ok_frac
}

/// `dd/mm/yyyy` (or `d/m/yyyy`) to ISO; `None` when it is not a real date in that order.
pub fn iso_from_dmy(s: &str) -> Option<String> {
    let mut it = s.trim().split('/');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some()
        || !(1..=2).contains(&d.len())
        || !(1..=2).contains(&m.len())
        || y.len() != 4
        || ![d, m, y]
            .iter()
            .all(|p| p.bytes().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let (d, m, y): (u32, u32, i64) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    is_real(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// ISO date (or the date part of an ISO date-time) to `dd/mm/yyyy`.
pub fn dmy_from_iso(s: &str) -> Option<String> {
    let (y, m, d) = ymd(s.get(..10)?)?;
    Some(format!("{d:02}/{m:02}/{y:04}"))
}

/// An Excel serial day number (1900 date system unless `is_1904`) to an ISO date, and the
/// time of day as `hh:mm:ss` when it is not midnight. Serial 60 (the 1900 leap-year bug)
/// and serials before 1 are refused.
pub fn from_excel_serial(serial: f64, is_1904: bool) -> Option<(String, Option<String>)> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let day = serial.floor();
    // Milliseconds of the day, rounded to the second as Excel displays them.
    let secs = ((serial - day) * 86_400.0).round() as i64;
    let mut day = day as i64;
    let secs = if secs >= 86_400 {
        day += 1;
        0
    } else {
        secs
    };
    let days_since_1970 = if is_1904 {
        day + days_from_civil(1904, 1, 1) - days_from_civil(1970, 1, 1)
    } else {
        if day == 60 {
            return None;
        }
        // Excel's 1900 system counts a non-existent 29 February 1900.
        let d = if day > 60 { day - 1 } else { day };
        d + days_from_civil(1899, 12, 31) - days_from_civil(1970, 1, 1)
    };
    let (y, m, d) = civil_from_days(days_since_1970);
    let time =
        (secs != 0).then(|| format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60));
    Some((format!("{y:04}-{m:02}-{d:02}"), time))
}

/// Year, month and day of an ISO date, for spreadsheet writers.
pub fn parts(s: &str) -> Option<(u16, u8, u8)> {
    let (y, m, d) = ymd(s)?;
    Some((
        u16::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_dates() {
        assert_eq!(iso_from_dmy("29/02/2024").as_deref(), Some("2024-02-29"));
        assert_eq!(iso_from_dmy("8/7/2025").as_deref(), Some("2025-07-08"));
        assert_eq!(iso_from_dmy("29/02/2025"), None);
        assert_eq!(iso_from_dmy("07/31/2025"), None);
        assert_eq!(
            dmy_from_iso("2025-07-08T00:00:00.000Z").as_deref(),
            Some("08/07/2025")
        );
        assert!(is_iso_datetime("2025-12-15T09:30:00Z"));
        assert!(is_iso_datetime("2025-07-08T00:00:00.000Z"));
        assert!(!is_iso_datetime("2025-02-30T00:00:00Z"));
    }

    #[test]
    fn excel_serials() {
        assert_eq!(
            from_excel_serial(45_351.0, false),
            Some(("2024-02-29".into(), None))
        );
        assert_eq!(
            from_excel_serial(1.0, false),
            Some(("1900-01-01".into(), None))
        );
        assert_eq!(
            from_excel_serial(61.0, false),
            Some(("1900-03-01".into(), None))
        );
        assert_eq!(
            from_excel_serial(45_846.395_833_333_336, false),
            Some(("2025-07-08".into(), Some("09:30:00".into())))
        );
        assert_eq!(from_excel_serial(0.0, true), None);
        assert_eq!(
            from_excel_serial(43_880.0, true),
            Some(("2024-02-20".into(), None))
        );
    }
}
