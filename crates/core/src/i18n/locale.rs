//! Numbers, dates and plural categories per language, on exact text.
//!
//! Why text and not `f64`: quantities of ITMOs can have 40 significant digits, and a
//! message quoting a limit or a sum must show the digits the engine computed. The
//! conventions are CLDR 48's (what ICU 78 and the browsers' `Intl` give), checked
//! against `Intl.NumberFormat` / `Intl.DateTimeFormat` / `Intl.PluralRules`:
//!
//! | lang | 1234567.5 | 1234 | 2025-04-15 |
//! | --- | --- | --- | --- |
//! | en | 1,234,567.5 | 1,234 | 15 April 2025 (GOV.UK and UN style, day first) |
//! | fr | 1 234 567,5 (U+202F) | 1 234 | 15 avril 2025 (1er for the first day) |
//! | es | 1.234.567,5 | 1234 (minimum grouping digits 2) | 15 de abril de 2025 |
//! | ar | 1,234,567.5 (Latin digits) | 1,234 | 15 نيسان/أبريل 2025 (UN double month names) |
//! | ru | 1 234 567,5 (U+00A0) | 1 234 | 15 апреля 2025 г. |
//! | zh | 1,234,567.5 | 1,234 | 2025年4月15日 |
//!
//! Arabic uses Latin digits: in CLDR 48 (ICU 78, as `Intl.NumberFormat('ar')` shows)
//! the `ar` default numbering system is `latn`, and every value the official compares the message with (quantities,
//! years, identifiers in the form, the AEF workbook and CARP) is written in Latin
//! digits; Arabic-Indic digits would put two digit scripts in one sentence. Arabic
//! month names follow UN Arabic documents rather than CLDR (see `MONTHS_AR`). French
//! writes the first day `1er` (Imprimerie nationale; UN French documents), CLDR `1`.

/// A language's number and date conventions.
struct Locale {
    group: &'static str,
    decimal: &'static str,
    minus: &'static str,
    /// CLDR minimumGroupingDigits: `2` leaves four-digit integers ungrouped.
    min_grouping: usize,
}

fn base(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

fn locale(lang: &str) -> Option<Locale> {
    let l = |group, decimal, minus, min_grouping| Locale {
        group,
        decimal,
        minus,
        min_grouping,
    };
    Some(match base(lang) {
        "en" | "zh" => l(",", ".", "-", 1),
        "ar" => l(",", ".", "\u{200e}-", 1),
        "fr" => l("\u{202f}", ",", "-", 1),
        "ru" => l("\u{a0}", ",", "-", 1),
        "es" => l(".", ",", "-", 2),
        _ => return None,
    })
}

/// A number's exact text split into sign, integer digits and fraction digits.
#[derive(Debug, PartialEq, Eq)]
pub struct Digits {
    /// True for a negative number.
    pub negative: bool,
    /// Integer digits, no leading zeros (`"0"` for zero).
    pub int: String,
    /// Fraction digits as written (trailing zeros kept: they are the CLDR `v`).
    pub frac: String,
}

/// Longest plain expansion of an exponent accepted (a `1e999999` is shown as written).
const MAX_EXPANDED: usize = 400;

impl Digits {
    /// Parse JSON number text (`-12.50`, `1.5E+3`); `None` for anything else.
    pub fn parse(text: &str) -> Option<Digits> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (mantissa, exp) = match rest.find(['e', 'E']) {
            Some(at) => {
                let e = rest[at + 1..].strip_prefix('+').unwrap_or(&rest[at + 1..]);
                let e: i64 = e.parse().ok()?;
                (&rest[..at], e)
            }
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) || mantissa.ends_with('.') {
            return None;
        }
        let (mut int, mut frac) = (int.to_owned(), frac.to_owned());
        if exp != 0 {
            if exp.unsigned_abs() as usize > MAX_EXPANDED {
                return None;
            }
            let shift = exp.unsigned_abs() as usize;
            if exp > 0 {
                let moved: String = frac.chars().take(shift).collect();
                frac = frac.chars().skip(shift).collect();
                int.push_str(&moved);
                int.push_str(&"0".repeat(shift - moved.len()));
            } else {
                let pad = shift.saturating_sub(int.len());
                let all = format!("{}{int}", "0".repeat(pad));
                let cut = all.len() - shift;
                frac = format!("{}{frac}", &all[cut..]);
                int = all[..cut].to_owned();
            }
        }
        let int = int.trim_start_matches('0');
        Some(Digits {
            negative,
            int: if int.is_empty() {
                "0".into()
            } else {
                int.into()
            },
            frac,
        })
    }

    /// The integer part modulo 10^k (k ≤ 18), from its last digits.
    fn int_mod(&self, k: usize) -> u64 {
        let start = self.int.len().saturating_sub(k);
        self.int[start..].parse().unwrap_or(0)
    }

    fn int_is(&self, n: &str) -> bool {
        self.int == n
    }

    fn frac_is_zero(&self) -> bool {
        self.frac.bytes().all(|b| b == b'0')
    }
}

/// `text` (a number's exact text) with `lang`'s separators; `None` when it is not a
/// number or the language has no known conventions (then it is shown as written).
pub fn format_number(lang: &str, text: &str) -> Option<String> {
    let loc = locale(lang)?;
    let d = Digits::parse(text.trim())?;
    let mut out = String::with_capacity(d.int.len() * 2 + d.frac.len() + 2);
    if d.negative {
        out.push_str(loc.minus);
    }
    let n = d.int.len();
    if n >= 3 + loc.min_grouping {
        for (i, c) in d.int.chars().enumerate() {
            if i > 0 && (n - i) % 3 == 0 {
                out.push_str(loc.group);
            }
            out.push(c);
        }
    } else {
        out.push_str(&d.int);
    }
    if !d.frac.is_empty() {
        out.push_str(loc.decimal);
        out.push_str(&d.frac);
    }
    Some(out)
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
/// Arabic months as UN Arabic documents write them, Levantine and Gregorian names
/// together (نيسان/أبريل), as the Arabic catalog's own texts already do ("15 نيسان/أبريل").
const MONTHS_AR: [&str; 12] = [
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيه",
    "تموز/يوليه",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
];
/// Russian months in the genitive, as a date needs.
const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// `(year, month, day)` of an exact `YYYY-MM-DD` calendar date.
fn iso_date(text: &str) -> Option<(&str, usize, u32)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let (y, m, d) = (&text[..4], &text[5..7], &text[8..]);
    if !digits(y) || !digits(m) || !digits(d) {
        return None;
    }
    let (m, d): (usize, u32) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// An ISO date `YYYY-MM-DD` written out in `lang` (long form, CLDR); `None` when
/// `text` is not such a date or the language is unknown.
pub fn format_date(lang: &str, text: &str) -> Option<String> {
    let (y, m, d) = iso_date(text)?;
    let i = m - 1;
    Some(match base(lang) {
        "en" => format!("{d} {} {y}", MONTHS_EN[i]),
        "fr" if d == 1 => format!("1er {} {y}", MONTHS_FR[i]),
        "fr" => format!("{d} {} {y}", MONTHS_FR[i]),
        "es" => format!("{d} de {} de {y}", MONTHS_ES[i]),
        "ar" => format!("{d} {} {y}", MONTHS_AR[i]),
        "ru" => format!("{d} {} {y} г.", MONTHS_RU[i]),
        "zh" => format!("{y}年{m}月{d}日"),
        _ => return None,
    })
}

/// CLDR plural category of a number's exact text in `lang` (`other` for non-numbers).
///
/// Operands as CLDR defines them: `n` the absolute value, `i` its integer digits,
/// `v` the number of fraction digits written (so `1.0` is `other` in English).
pub fn plural_category(lang: &str, text: &str) -> &'static str {
    let Some(d) = Digits::parse(text.trim()) else {
        return "other";
    };
    let v0 = d.frac.is_empty();
    // n is an integer value (n = 1 holds for "1.0": CLDR compares the value).
    let n_int = d.frac_is_zero();
    let million = d.int != "0" && d.int_mod(6) == 0;
    match base(lang) {
        "zh" | "ja" | "ko" => "other",
        "fr" => {
            if d.int_is("0") || d.int_is("1") {
                "one"
            } else if v0 && million {
                "many"
            } else {
                "other"
            }
        }
        "es" => {
            if n_int && d.int_is("1") {
                "one"
            } else if v0 && million {
                "many"
            } else {
                "other"
            }
        }
        "ru" => {
            if !v0 {
                return "other";
            }
            let (m10, m100) = (d.int_mod(1), d.int_mod(2));
            if m10 == 1 && m100 != 11 {
                "one"
            } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
                "few"
            } else {
                "many"
            }
        }
        "ar" => {
            if !n_int {
                return "other";
            }
            let m100 = d.int_mod(2);
            match d.int.as_str() {
                "0" => "zero",
                "1" => "one",
                "2" => "two",
                _ if (3..=10).contains(&m100) => "few",
                _ if (11..=99).contains(&m100) => "many",
                _ => "other",
            }
        }
        _ => {
            if v0 && d.int_is("1") {
                "one"
            } else {
                "other"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(lang: &str, text: &str) -> String {
        format_number(lang, text).unwrap_or_else(|| format!("<none {text}>"))
    }

    #[test]
    fn numbers_follow_cldr_per_language() {
        assert_eq!(n("en", "1234567.5"), "1,234,567.5");
        assert_eq!(n("en", "1234"), "1,234");
        assert_eq!(n("en", "999"), "999");
        assert_eq!(n("fr", "1234567.5"), "1\u{202f}234\u{202f}567,5");
        assert_eq!(n("fr", "1234"), "1\u{202f}234");
        assert_eq!(n("es", "12345.5"), "12.345,5");
        assert_eq!(n("es", "1234"), "1234");
        assert_eq!(n("es", "1234567.5"), "1.234.567,5");
        assert_eq!(n("ru", "1234567.5"), "1\u{a0}234\u{a0}567,5");
        assert_eq!(n("ru", "1234"), "1\u{a0}234");
        assert_eq!(n("zh", "1234567.5"), "1,234,567.5");
        assert_eq!(n("ar", "1234567.5"), "1,234,567.5");
        assert_eq!(n("ar", "-5"), "\u{200e}-5");
        assert_eq!(n("fr-CA", "1000"), "1\u{202f}000");
        assert_eq!(format_number("de", "1000"), None);
        assert_eq!(format_number("en", "12a"), None);
        assert_eq!(format_number("en", "1."), None);
        assert_eq!(format_number("en", ""), None);
    }

    #[test]
    fn numbers_stay_exact() {
        let big = "1234567890123456789012345678901234567890";
        assert_eq!(
            n("en", big),
            "1,234,567,890,123,456,789,012,345,678,901,234,567,890"
        );
        assert_eq!(n("fr", "0.1000000000000000001"), "0,1000000000000000001");
        assert_eq!(n("en", "2.50"), "2.50");
        assert_eq!(n("en", "1.5E+3"), "1,500");
        assert_eq!(n("en", "15e-1"), "1.5");
        assert_eq!(n("en", "25e-4"), "0.0025");
        assert_eq!(n("en", "-0012"), "-12");
        assert_eq!(format_number("en", "1e999999"), None);
    }

    #[test]
    fn dates_are_written_out_per_language() {
        let d = |l| format_date(l, "2025-04-15").unwrap_or_default();
        assert_eq!(d("en"), "15 April 2025");
        assert_eq!(d("fr"), "15 avril 2025");
        assert_eq!(d("es"), "15 de abril de 2025");
        assert_eq!(d("ru"), "15 апреля 2025 г.");
        assert_eq!(d("zh"), "2025年4月15日");
        assert_eq!(d("ar"), "15 نيسان/أبريل 2025");
        assert_eq!(
            format_date("fr", "2021-01-01").as_deref(),
            Some("1er janvier 2021")
        );
        assert_eq!(format_date("en", "2025-13-01"), None);
        assert_eq!(format_date("en", "2025-4-15"), None);
        assert_eq!(format_date("en", "2025"), None);
        assert_eq!(format_date("de", "2025-04-15"), None);
    }

    #[test]
    fn plural_operands_come_from_the_text() {
        assert_eq!(plural_category("en", "1"), "one");
        assert_eq!(plural_category("en", "1.0"), "other");
        assert_eq!(plural_category("en", "0"), "other");
        assert_eq!(plural_category("es", "1.0"), "one");
        assert_eq!(plural_category("fr", "1.5"), "one");
        assert_eq!(plural_category("fr", "0"), "one");
        assert_eq!(plural_category("fr", "1000000"), "many");
        assert_eq!(plural_category("fr", "1000000.0"), "other");
        assert_eq!(plural_category("es", "2000000"), "many");
        assert_eq!(plural_category("ru", "1"), "one");
        assert_eq!(plural_category("ru", "3"), "few");
        assert_eq!(plural_category("ru", "11"), "many");
        assert_eq!(plural_category("ru", "22"), "few");
        assert_eq!(plural_category("ru", "1.5"), "other");
        assert_eq!(plural_category("ar", "0"), "zero");
        assert_eq!(plural_category("ar", "2"), "two");
        assert_eq!(plural_category("ar", "3.0"), "few");
        assert_eq!(plural_category("ar", "105"), "few");
        assert_eq!(plural_category("ar", "111"), "many");
        assert_eq!(plural_category("ar", "100"), "other");
        assert_eq!(plural_category("zh", "1"), "other");
        // Beyond u64: the last digits decide.
        assert_eq!(
            plural_category("ru", "123456789012345678901234567890123456782"),
            "few"
        );
        assert_eq!(plural_category("en", "many"), "other");
    }
}
