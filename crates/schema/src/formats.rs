//! `format` assertions (RFC 3339 dates and times, ISO 8601 durations, addresses, URIs,
//! JSON Pointers, ...). `idn-hostname` and `idn-email` are approximations: no IDNA tables.

/// A format the validator can assert.
#[derive(Debug, Clone, Copy)]
pub enum Format {
    Date,
    DateTime,
    Time,
    Duration,
    Email,
    IdnEmail,
    Hostname,
    IdnHostname,
    Ipv4,
    Ipv6,
    Uri,
    UriReference,
    Iri,
    IriReference,
    UriTemplate,
    Uuid,
    JsonPointer,
    RelativeJsonPointer,
    Regex,
}

impl Format {
    /// The format for a name; `None` for unknown formats (annotations only).
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "date" => Format::Date,
            "date-time" => Format::DateTime,
            "time" => Format::Time,
            "duration" => Format::Duration,
            "email" => Format::Email,
            "idn-email" => Format::IdnEmail,
            "hostname" => Format::Hostname,
            "idn-hostname" => Format::IdnHostname,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "uri" => Format::Uri,
            "uri-reference" => Format::UriReference,
            "iri" => Format::Iri,
            "iri-reference" => Format::IriReference,
            "uri-template" => Format::UriTemplate,
            "uuid" => Format::Uuid,
            "json-pointer" => Format::JsonPointer,
            "relative-json-pointer" => Format::RelativeJsonPointer,
            "regex" => Format::Regex,
            _ => return None,
        })
    }

    /// True when `s` is in this format.
    pub fn check(self, s: &str) -> bool {
        match self {
            Format::Date => date(s),
            Format::DateTime => date_time(s),
            Format::Time => time(s),
            Format::Duration => duration(s),
            Format::Email => email(s, false),
            Format::IdnEmail => email(s, true),
            Format::Hostname => hostname(s, false),
            Format::IdnHostname => hostname(s, true),
            Format::Ipv4 => ipv4(s),
            Format::Ipv6 => ipv6(s),
            Format::Uri => uri(s, false, false),
            Format::UriReference => uri(s, true, false),
            Format::Iri => uri(s, false, true),
            Format::IriReference => uri(s, true, true),
            Format::UriTemplate => uri_template(s),
            Format::Uuid => uuid(s),
            Format::JsonPointer => json_pointer(s),
            Format::RelativeJsonPointer => relative_json_pointer(s),
            Format::Regex => regex(s),
        }
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

#[allow(clippy::manual_is_multiple_of)] // is_multiple_of needs Rust 1.87; MSRV is 1.85
fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn date(s: &str) -> bool {
    if !s.is_ascii() {
        return false;
    }
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(&s[..4], 4), digits(&s[5..7], 2), digits(&s[8..], 2))
    else {
        return false;
    };
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

fn time(s: &str) -> bool {
    if !s.is_ascii() {
        return false;
    }
    let b = s.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(mi), Some(sec)) =
        (digits(&s[..2], 2), digits(&s[3..5], 2), digits(&s[6..8], 2))
    else {
        return false;
    };
    let mut rest = &s[8..];
    if let Some(r) = rest.strip_prefix('.') {
        let n = r.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &r[n..];
    }
    let (oh, om, sign) = if rest == "Z" || rest == "z" {
        (0, 0, 0i32)
    } else {
        let rb = rest.as_bytes();
        if rb.len() != 6 || rb[3] != b':' || !(rb[0] == b'+' || rb[0] == b'-') {
            return false;
        }
        let (Some(oh), Some(om)) = (digits(&rest[1..3], 2), digits(&rest[4..], 2)) else {
            return false;
        };
        if oh > 23 || om > 59 {
            return false;
        }
        (oh, om, if rb[0] == b'+' { 1 } else { -1 })
    };
    if h > 23 || mi > 59 || sec > 60 {
        return false;
    }
    if sec == 60 {
        // A leap second is only at 23:59:60 UTC.
        let utc = (h as i32 * 60 + mi as i32) - sign * (oh as i32 * 60 + om as i32);
        let utc = utc.rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

fn date_time(s: &str) -> bool {
    if !s.is_ascii() {
        return false;
    }
    let b = s.as_bytes();
    b.len() > 11 && (b[10] == b'T' || b[10] == b't') && date(&s[..10]) && time(&s[11..])
}

fn duration(s: &str) -> bool {
    let Some(r) = s.strip_prefix('P') else {
        return false;
    };
    if r.is_empty() {
        return false;
    }
    let (date_part, time_part) = match r.find('T') {
        Some(i) => (&r[..i], Some(&r[i + 1..])),
        None => (r, None),
    };
    let units = |part: &str, allowed: &str| -> Option<Vec<char>> {
        let mut out = Vec::new();
        let mut num = 0;
        for c in part.chars() {
            if c.is_ascii_digit() {
                num += 1;
            } else {
                if num == 0 || !allowed.contains(c) {
                    return None;
                }
                out.push(c);
                num = 0;
            }
        }
        (num == 0).then_some(out)
    };
    let Some(du) = units(date_part, "YMWD") else {
        return false;
    };
    // Units come in order and without gaps (`P1Y2D` and `PT1H2S` are not durations).
    let in_order = |u: &[char], order: &str| {
        let idx: Vec<usize> = u.iter().filter_map(|c| order.find(*c)).collect();
        idx.windows(2).all(|w| w[0] + 1 == w[1])
    };
    if !in_order(&du, "YMD") {
        return false;
    }
    if du.contains(&'W') && du.len() > 1 {
        return false;
    }
    match time_part {
        None => !du.is_empty(),
        Some(t) => {
            let Some(tu) = units(t, "HMS") else {
                return false;
            };
            !tu.is_empty() && in_order(&tu, "HMS") && !du.contains(&'W')
        }
    }
}

fn hostname_label_ok(l: &str, idn: bool) -> bool {
    let len = if idn { l.chars().count() } else { l.len() };
    if l.is_empty() || len > 63 || l.starts_with('-') || l.ends_with('-') {
        return false;
    }
    // `ab--` labels are reserved for `xn--` (punycode).
    if l.as_bytes().get(2..4) == Some(b"--") && !l.to_ascii_lowercase().starts_with("xn--") {
        return false;
    }
    if idn {
        l.chars().all(|c| {
            c.is_alphanumeric()
                || c == '-'
                || (!c.is_ascii()
                    && !c.is_whitespace()
                    && !c.is_control()
                    && !matches!(c, '\u{3002}' | '\u{ff0e}' | '\u{ff61}'))
        })
    } else {
        l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }
}

fn hostname(s: &str, idn: bool) -> bool {
    if s.is_empty() || s.len() > 253 {
        return false;
    }
    let sep = |c: char| c == '.' || (idn && matches!(c, '\u{3002}' | '\u{ff0e}' | '\u{ff61}'));
    s.split(sep).all(|l| hostname_label_ok(l, idn))
}

fn ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn ipv6(s: &str) -> bool {
    if s.is_empty() || !s.is_ascii() {
        return false;
    }
    let (head, v4) = match s.rfind(':') {
        Some(i) if s[i + 1..].contains('.') => (&s[..=i], Some(&s[i + 1..])),
        _ => (s, None),
    };
    if let Some(v4) = v4 {
        if !ipv4(v4) {
            return false;
        }
    }
    let groups_needed = if v4.is_some() { 6 } else { 8 };
    let head = if v4.is_some() {
        // keep a trailing "::" intact, drop a single trailing ':'
        if head.ends_with("::") {
            head
        } else {
            &head[..head.len() - 1]
        }
    } else {
        head
    };
    let valid_group =
        |g: &str| !g.is_empty() && g.len() <= 4 && g.bytes().all(|b| b.is_ascii_hexdigit());
    match head.find("::") {
        Some(i) => {
            if head[i + 2..].contains("::") {
                return false;
            }
            let (a, b) = (&head[..i], &head[i + 2..]);
            let count = |p: &str| -> Option<usize> {
                if p.is_empty() {
                    return Some(0);
                }
                let gs: Vec<&str> = p.split(':').collect();
                gs.iter().all(|g| valid_group(g)).then_some(gs.len())
            };
            match (count(a), count(b)) {
                (Some(x), Some(y)) => x + y < groups_needed,
                _ => false,
            }
        }
        None => {
            if head.is_empty() {
                return groups_needed == 0;
            }
            let gs: Vec<&str> = head.split(':').collect();
            gs.len() == groups_needed && gs.iter().all(|g| valid_group(g))
        }
    }
}

fn email(s: &str, idn: bool) -> bool {
    let Some(at) = s.rfind('@') else {
        return false;
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.is_empty() || domain.is_empty() {
        return false;
    }
    let local_ok = if local.starts_with('"') && local.ends_with('"') && local.len() >= 2 {
        true
    } else {
        !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| {
                c.is_ascii_alphanumeric()
                    || "!#$%&'*+-/=?^_`{|}~.".contains(c)
                    || (idn && !c.is_ascii())
            })
    };
    if !local_ok {
        return false;
    }
    if let Some(lit) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return match lit.strip_prefix("IPv6:") {
            Some(v6) => ipv6(v6),
            None => ipv4(lit),
        };
    }
    hostname(domain, idn)
}

fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~".contains(c)
}

fn is_ucschar(c: char) -> bool {
    !c.is_ascii() && !c.is_control() && !matches!(c, '\u{FFF0}'..='\u{FFFF}')
}

/// Check that percent signs are followed by two hex digits and that every other
/// character is in `allowed` (or a `ucschar` for IRIs).
fn pct_chars(s: &str, allowed: &str, iri: bool) -> bool {
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '%' {
            if i + 2 >= b.len() {
                return false;
            }
            if !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(is_unreserved(c) || allowed.contains(c) || (iri && is_ucschar(c))) {
            return false;
        }
        i += 1;
    }
    true
}

const SUB_DELIMS: &str = "!$&'()*+,;=";

fn authority_ok(a: &str, iri: bool) -> bool {
    let (userinfo, hostport) = match a.rfind('@') {
        Some(i) => (Some(&a[..i]), &a[i + 1..]),
        None => (None, a),
    };
    if let Some(u) = userinfo {
        if !pct_chars(u, "!$&'()*+,;=:", iri) {
            return false;
        }
    }
    let (host, port) = if let Some(rest) = hostport.strip_prefix('[') {
        let Some(end) = rest.find(']') else {
            return false;
        };
        let lit = &rest[..end];
        let after = &rest[end + 1..];
        let ok = if lit.starts_with(['v', 'V']) {
            lit.len() > 3
        } else {
            ipv6(lit)
        };
        if !ok {
            return false;
        }
        match after.strip_prefix(':') {
            Some(p) => ("", Some(p)),
            None if after.is_empty() => ("", None),
            None => return false,
        }
    } else {
        match hostport.rfind(':') {
            Some(i) => (&hostport[..i], Some(&hostport[i + 1..])),
            None => (hostport, None),
        }
    };
    if let Some(p) = port {
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    pct_chars(host, SUB_DELIMS, iri)
}

fn uri(s: &str, reference: bool, iri: bool) -> bool {
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    if !iri && !s.is_ascii() {
        return false;
    }
    let (body, fragment) = match s.find('#') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    if let Some(f) = fragment {
        if !pct_chars(f, "!$&'()*+,;=:@/?", iri) {
            return false;
        }
    }
    let (body, query) = match body.find('?') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    if let Some(q) = query {
        if !pct_chars(q, "!$&'()*+,;=:@/?", iri) {
            return false;
        }
    }
    let scheme_end = body.find(':').filter(|&i| {
        let sc = &body[..i];
        !sc.contains('/')
            && sc.starts_with(|c: char| c.is_ascii_alphabetic())
            && sc
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    let rest = match scheme_end {
        Some(i) => &body[i + 1..],
        None => {
            if !reference {
                return false;
            }
            // A relative reference: the first segment must not contain ':'.
            let first = body.split('/').next().unwrap_or("");
            if first.contains(':') {
                return false;
            }
            body
        }
    };
    let path = if let Some(r) = rest.strip_prefix("//") {
        let end = r.find('/').unwrap_or(r.len());
        if !authority_ok(&r[..end], iri) {
            return false;
        }
        &r[end..]
    } else {
        rest
    };
    pct_chars(path, "!$&'()*+,;=:@/", iri)
}

/// RFC 6570 level 4: literals, and expressions `{op? varspec(,varspec)*}`.
fn uri_template(s: &str) -> bool {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '{' {
            let Some(end) = rest.find('}') else {
                return false;
            };
            if !template_expression(&rest[1..end]) {
                return false;
            }
            rest = &rest[end + 1..];
            continue;
        }
        if c == '}' || c.is_control() || c == ' ' || "\"<>\\^`|".contains(c) {
            return false;
        }
        if c == '%' {
            let b = rest.as_bytes();
            if !(b.len() >= 3 && b[1].is_ascii_hexdigit() && b[2].is_ascii_hexdigit()) {
                return false;
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    true
}

fn template_expression(e: &str) -> bool {
    let e = match e.chars().next() {
        Some('+' | '#' | '.' | '/' | ';' | '?' | '&') => &e[1..],
        Some('=' | ',' | '!' | '@' | '|') => return false,
        _ => e,
    };
    !e.is_empty()
        && e.split(',').all(|spec| {
            let (name, modifier) = match spec.find([':', '*']) {
                Some(i) => (&spec[..i], Some(&spec[i..])),
                None => (spec, None),
            };
            let name_ok = !name.is_empty()
                && name.split('.').all(|part| {
                    !part.is_empty()
                        && part
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'%')
                });
            let mod_ok = match modifier {
                None | Some("*") => true,
                Some(m) => m.strip_prefix(':').is_some_and(|n| {
                    (1..=4).contains(&n.len())
                        && n.bytes().all(|b| b.is_ascii_digit())
                        && !n.starts_with('0')
                }),
            };
            name_ok && mod_ok
        })
}

/// ECMA-262 pattern syntax: what `regex-lite` compiles once look-around and named
/// backreferences (which it lacks) are set aside; Python and inline-flag syntax and
/// `\a` are refused.
fn regex(s: &str) -> bool {
    if s.contains("(?P") || s.contains("\\a") {
        return false;
    }
    let b = s.as_bytes();
    for (i, w) in b.windows(2).enumerate() {
        if w == b"(?" {
            // `(?i)` / `(?ims)` / `(?i:...)` flag groups are not ECMA 262.
            let n = b[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_alphabetic() || **c == b'-')
                .count();
            if n > 0 && matches!(b.get(i + 2 + n), Some(b')' | b':')) {
                return false;
            }
        }
    }
    let plain = s
        .replace("(?<=", "(?:")
        .replace("(?<!", "(?:")
        .replace("(?=", "(?:")
        .replace("(?!", "(?:");
    let plain = strip_named_backrefs(&plain);
    crate::ecma_regex(&plain).is_ok()
}

fn strip_named_backrefs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("\\k<") {
        out.push_str(&rest[..i]);
        match rest[i..].find('>') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = &rest[i..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// True when `s` is a JSON Pointer (RFC 6901: empty, or `/` tokens with `~0`/`~1` escapes only).
pub fn json_pointer(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    if !s.starts_with('/') {
        return false;
    }
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
}

fn relative_json_pointer(s: &str) -> bool {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || (n > 1 && s.starts_with('0')) {
        return false;
    }
    let rest = &s[n..];
    rest == "#" || json_pointer(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn some_formats() {
        assert!(date("2024-02-29"));
        assert!(!date("2023-02-29"));
        assert!(date_time("1998-12-31T23:59:60Z"));
        assert!(!date_time("1998-12-31T22:59:60Z"));
        assert!(duration("P4DT12H30M5S"));
        assert!(!duration("PT"));
        assert!(ipv6("::1"));
        assert!(ipv6("1:2:3:4:5:6:7:8"));
        assert!(!ipv6("12345::"));
        assert!(ipv6("::ffff:192.168.0.1"));
        assert!(uri("http://example.com/a?b#c", false, false));
        assert!(!uri("//example.com", false, false));
        assert!(hostname("www.example.com", false));
    }
}
