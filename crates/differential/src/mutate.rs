//! Seeded, deterministic mutations of JSON documents: type changes, code-list
//! misspellings, deleted and added members, boundary numbers, long strings, Unicode,
//! array edits and "not applicable" spellings. Each mutation has a description that names
//! the base document, the place and the new value, which is the case id used in the
//! differences list (stable as long as the generator is).

use serde_json::Value;

/// Where choices come from: a seeded SplitMix64 stream (the runner) or the fuzzer's bytes.
pub struct Rng {
    state: u64,
    bytes: Option<(Vec<u8>, usize)>,
}

impl Rng {
    /// A deterministic stream from `seed`.
    pub fn seeded(seed: u64) -> Rng {
        Rng {
            state: seed,
            bytes: None,
        }
    }

    /// Choices read from `data` (two bytes each), then zeros: what a fuzzer drives.
    pub fn from_bytes(data: &[u8]) -> Rng {
        Rng {
            state: 0,
            bytes: Some((data.to_vec(), 0)),
        }
    }

    fn next(&mut self) -> u64 {
        if let Some((b, pos)) = &mut self.bytes {
            let hi = b.get(*pos).copied().unwrap_or(0) as u64;
            let lo = b.get(*pos + 1).copied().unwrap_or(0) as u64;
            *pos += 2;
            return (hi << 8) | lo;
        }
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Numbers at the edges: zero and signs, halves, tiny and huge magnitudes, integers at and
/// past 2^53 and 2^64, years at the ends of the forms' ranges, exponents, trailing zeros.
pub const BOUNDARY_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "-0.01",
    "0.01",
    "1.0",
    "2.50",
    "1e2",
    "1E+2",
    "1e-7",
    "0.1",
    "0.30000000000000004",
    "19.99",
    "9007199254740991",
    "9007199254740993",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "1e308",
    "1e309",
    "-1e309",
    "1e-400",
    "2020",
    "2021",
    "2100",
    "2101",
    "1999.999",
    "2025.5",
    "12345678901234567890.123456789",
];

/// Unicode that tends to find dialect differences: combining marks, joiners, direction
/// marks, non-ASCII digits and letters, astral characters, control and space characters.
pub const UNICODE: &[&str] = &[
    "e\u{301}",
    "\u{e9}",
    "\u{200d}",
    "\u{202e}",
    "\u{1F600}",
    "\u{661}\u{662}\u{663}",
    "\u{ff10}",
    "\u{2167}",
    "\u{a0}",
    "\u{2028}",
    "\t",
    "\n",
    "\u{0}",
    "\u{130}",
    "\u{df}",
    "\u{fb01}",
    "\u{430}",
    "\u{1D11E}",
    "\u{feff}",
    "\u{3000}",
    "\u{5d0}",
];

/// Values of every JSON type, for type changes and added members.
const TYPE_PALETTE: &[&str] = &[
    "\"text\"",
    "\"42\"",
    "42",
    "-1.5",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "[\"x\"]",
    "{\"a\": 1}",
    "\"NA\"",
    "\"\"",
    "\"2025-04-15\"",
];

/// Strings shaped like dates and times, valid and not.
const DATES: &[&str] = &[
    "2025-02-29",
    "2024-02-29",
    "2025-13-01",
    "2025-04-31",
    "2025-4-15",
    "15/04/2025",
    "2025-04-15T00:00:00Z",
    "0000-01-01",
    "9999-12-31",
    "2025-04-15 ",
];

fn parse(text: &str) -> Value {
    a6check_core::json::parse(text)
        .map(|p| p.value)
        .unwrap_or(Value::Null)
}

/// Every place in `v` as (JSON Pointer, kind), root excluded.
fn places(v: &Value, path: &mut String, out: &mut Vec<(String, u8)>) {
    let kind = |c: &Value| match c {
        Value::Object(_) => b'o',
        Value::Array(_) => b'a',
        Value::String(_) => b's',
        Value::Number(_) => b'n',
        _ => b'x',
    };
    let mut visit = |token: String, child: &Value, out: &mut Vec<(String, u8)>| {
        let len = path.len();
        path.push('/');
        path.push_str(&token);
        out.push((path.clone(), kind(child)));
        places(child, path, out);
        path.truncate(len);
    };
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                visit(k.replace('~', "~0").replace('/', "~1"), c, out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                visit(i.to_string(), c, out);
            }
        }
        _ => {}
    }
}

/// `text` shortened for a description.
fn short(text: &str) -> String {
    let escaped: String = text.escape_debug().collect();
    if escaped.chars().count() > 48 {
        let head: String = escaped.chars().take(40).collect();
        format!("{head}…({} chars)", text.chars().count())
    } else {
        escaped
    }
}

/// A misspelling of `s`: case change, dropped, doubled or swapped letter, spaces around,
/// a look-alike letter, `-` for `_` and back.
fn misspell(s: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    match rng.below(9) {
        0 => s.to_lowercase(),
        1 => s.to_uppercase(),
        2 if n > 0 => {
            let i = rng.below(n);
            chars[..i].iter().chain(&chars[i + 1..]).collect()
        }
        3 if n > 0 => {
            let i = rng.below(n);
            let mut c = chars.clone();
            c.insert(i, chars[i]);
            c.into_iter().collect()
        }
        4 if n > 1 => {
            let i = rng.below(n - 1);
            let mut c = chars.clone();
            c.swap(i, i + 1);
            c.into_iter().collect()
        }
        5 => format!("{s} "),
        6 => format!(" {s}"),
        7 => s
            .replace('o', "0")
            .replace('a', "\u{430}")
            .replace('O', "\u{41e}"),
        _ => {
            if s.contains('-') {
                s.replace('-', "_")
            } else {
                s.replace([' ', '_'], "-")
            }
        }
    }
}

/// One mutation of `doc` in place; returns its description.
fn mutate_once(doc: &mut Value, rng: &mut Rng, code_values: &[String]) -> String {
    let mut all = Vec::new();
    places(doc, &mut String::new(), &mut all);
    let kind = rng.below(10);
    let want = |k: u8| -> Vec<&(String, u8)> { all.iter().filter(|p| p.1 == k).collect() };
    let pick_of = |rng: &mut Rng, ks: &[u8]| -> Option<String> {
        let list: Vec<&(String, u8)> = all.iter().filter(|p| ks.contains(&p.1)).collect();
        rng.pick(&list).map(|p| p.0.clone())
    };
    match kind {
        // Type change anywhere.
        0 => {
            let Some((at, _)) = rng.pick(&all).cloned() else {
                return "no place to change".into();
            };
            let text = rng.pick(TYPE_PALETTE).copied().unwrap_or("null");
            set(doc, &at, parse(text));
            format!("type {at} = {}", short(text))
        }
        // Code-list misspelling (of a code-list value if there is one, else any string).
        1 => {
            let strings = want(b's');
            let codes: Vec<&&(String, u8)> = strings
                .iter()
                .filter(|p| {
                    doc.pointer(&p.0)
                        .and_then(Value::as_str)
                        .is_some_and(|s| code_values.iter().any(|c| c == s))
                })
                .collect();
            let chosen = if !codes.is_empty() && rng.below(4) > 0 {
                rng.pick(&codes).map(|p| p.0.clone())
            } else {
                rng.pick(&strings).map(|p| p.0.clone())
            };
            let Some(at) = chosen else {
                return "no string to misspell".into();
            };
            let old = doc
                .pointer(&at)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let new = misspell(&old, rng);
            let d = format!("misspell {at} = {}", short(&new));
            set(doc, &at, Value::String(new));
            d
        }
        // Delete a member or an item.
        2 => {
            let Some((at, _)) = rng.pick(&all).cloned() else {
                return "nothing to delete".into();
            };
            remove(doc, &at);
            format!("delete {at}")
        }
        // Add a member: an unknown name, or a name used elsewhere in the document.
        3 => {
            let objects: Vec<String> = std::iter::once(String::new())
                .chain(want(b'o').iter().map(|p| p.0.clone()))
                .collect();
            let at = rng.pick(&objects).cloned().unwrap_or_default();
            let name = match rng.pick(&all) {
                Some((p, _)) if rng.below(2) == 0 => {
                    let last = p.rsplit('/').next().unwrap_or("x");
                    a6check_schema::unescape_token(last)
                }
                _ => ["extra", "x-note", "$comment", "", "id", "Id"][rng.below(6)].to_owned(),
            };
            let text = rng.pick(TYPE_PALETTE).copied().unwrap_or("null");
            if let Some(Value::Object(m)) = doc.pointer_mut(&at) {
                m.insert(name.clone(), parse(text));
            }
            format!("add {at} {} = {}", short(&name), short(text))
        }
        // Boundary number at a number (or any scalar).
        4 | 5 => {
            let Some(at) = pick_of(rng, b"n").or_else(|| pick_of(rng, b"sx")) else {
                return "no number".into();
            };
            let text = match (rng.below(3), doc.pointer(&at).and_then(Value::as_f64)) {
                (0, Some(v)) => {
                    let deltas = [1.0, -1.0, 0.01, -0.01, 1e-9];
                    let d = deltas[rng.below(deltas.len())];
                    format!("{}", v + d)
                }
                _ => rng
                    .pick(BOUNDARY_NUMBERS)
                    .copied()
                    .unwrap_or("0")
                    .to_owned(),
            };
            set(doc, &at, parse(&text));
            format!("number {at} = {text}")
        }
        // Long string.
        6 => {
            let Some(at) = pick_of(rng, b"s").or_else(|| pick_of(rng, b"nx")) else {
                return "no string".into();
            };
            let unit = ["a", "\u{e9}", "\u{1D11E}", "A1 ", "e\u{301}"][rng.below(5)];
            let len = [99, 100, 101, 255, 256, 1000, 5000][rng.below(7)];
            let s = unit.repeat(len);
            let d = format!("long {at} = {}×{len}", short(unit));
            set(doc, &at, Value::String(s));
            d
        }
        // Unicode in a string (replace, prefix, suffix or insert).
        7 => {
            let Some(at) = pick_of(rng, b"s") else {
                return "no string".into();
            };
            let old = doc
                .pointer(&at)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let u = rng.pick(UNICODE).copied().unwrap_or("\u{e9}");
            let new = match rng.below(4) {
                0 => u.to_owned(),
                1 => format!("{u}{old}"),
                2 => format!("{old}{u}"),
                _ => {
                    let chars: Vec<char> = old.chars().collect();
                    let i = rng.below(chars.len() + 1);
                    chars[..i]
                        .iter()
                        .copied()
                        .chain(u.chars())
                        .chain(chars[i..].iter().copied())
                        .collect()
                }
            };
            let d = format!("unicode {at} = {}", short(&new));
            set(doc, &at, Value::String(new));
            d
        }
        // Array edits: duplicate an item, empty the array, drop the first item.
        8 => {
            let Some(at) = pick_of(rng, b"a") else {
                return "no array".into();
            };
            let op = rng.below(3);
            if let Some(Value::Array(a)) = doc.pointer_mut(&at) {
                match op {
                    0 => {
                        if let Some(first) = a.first().cloned() {
                            a.push(first);
                        }
                    }
                    1 => a.clear(),
                    _ => {
                        if !a.is_empty() {
                            a.remove(0);
                        }
                    }
                }
            }
            format!("array {at} {}", ["duplicate", "empty", "drop-first"][op])
        }
        // Dates, and not-applicable spellings.
        _ => {
            let Some((at, _)) = rng.pick(&all).cloned() else {
                return "no place".into();
            };
            let s = if rng.below(2) == 0 {
                rng.pick(DATES).copied().unwrap_or("")
            } else {
                ["NA", "na", "N/A", "", " ", "null"][rng.below(6)]
            };
            set(doc, &at, Value::String(s.to_owned()));
            format!("string {at} = {}", short(s))
        }
    }
}

/// Apply one to three mutations to `doc`; the description joins them with `; `.
pub fn mutate(doc: &mut Value, rng: &mut Rng, code_values: &[String]) -> String {
    let n = 1 + rng.below(3);
    (0..n)
        .map(|_| mutate_once(doc, rng, code_values))
        .collect::<Vec<_>>()
        .join("; ")
}

fn set(doc: &mut Value, at: &str, v: Value) {
    if let Some(slot) = doc.pointer_mut(at) {
        *slot = v;
    }
}

fn remove(doc: &mut Value, at: &str) {
    let Some((parent, last)) = at.rsplit_once('/') else {
        return;
    };
    let key = a6check_schema::unescape_token(last);
    match doc.pointer_mut(parent) {
        Some(Value::Object(m)) => {
            m.shift_remove(key.as_str());
        }
        Some(Value::Array(a)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < a.len() {
                    a.remove(i);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn seeded_is_deterministic_and_describes_itself() {
        let base = json!({"a": [1, {"b": "ITMO"}], "c": "x"});
        let run = |seed| {
            let mut d = base.clone();
            let desc = mutate(&mut d, &mut Rng::seeded(seed), &["ITMO".to_owned()]);
            (d, desc)
        };
        assert_eq!(run(7), run(7));
        let descs: std::collections::BTreeSet<String> = (0..200).map(|s| run(s).1).collect();
        assert!(descs.len() > 50, "{descs:?}");
    }

    #[test]
    fn fuzz_bytes_drive_choices() {
        let mut r = Rng::from_bytes(&[0, 5, 1]);
        assert_eq!(r.below(10), 5);
        assert_eq!(r.below(1000), 256);
        assert_eq!(r.below(10), 0);
    }
}
