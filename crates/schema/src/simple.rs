//! A fast path for the patterns forms actually use (`^[A-Z]{3}$`, `^CA\d{4}$`,
//! `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`): anchored sequences of literals and classes with
//! counted repeats, matched greedily in one pass. Only patterns for which one greedy
//! pass gives the same answer as a backtracking engine are accepted (each repeat is
//! followed by something it cannot match); anything else goes to `regex-lite`.

#[derive(Debug, Clone)]
enum Atom {
    Lit(char),
    /// Inclusive ranges; `negated` flips the set.
    Class(Vec<(char, char)>, bool),
}

impl Atom {
    fn matches(&self, c: char) -> bool {
        match self {
            Atom::Lit(l) => *l == c,
            Atom::Class(ranges, neg) => ranges.iter().any(|(a, b)| *a <= c && c <= *b) != *neg,
        }
    }

    /// True when the atom can only match ASCII characters.
    fn ascii_only(&self) -> bool {
        match self {
            Atom::Lit(c) => c.is_ascii(),
            Atom::Class(ranges, neg) => !neg && ranges.iter().all(|(_, b)| b.is_ascii()),
        }
    }
}

#[derive(Debug, Clone)]
struct Piece {
    atom: Atom,
    min: u32,
    max: u32,
}

/// A compiled simple pattern: `^piece*$`, or an unanchored single atom (`\S`).
#[derive(Debug, Clone)]
pub struct Simple {
    pieces: Vec<Piece>,
    /// Unanchored single atom: the string needs one matching character anywhere.
    contains: bool,
}

fn digit() -> Atom {
    Atom::Class(vec![('0', '9')], false)
}

fn word() -> Atom {
    Atom::Class(vec![('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')], false)
}

fn space_ranges() -> Vec<(char, char)> {
    vec![
        ('\t', '\r'),
        (' ', ' '),
        ('\u{a0}', '\u{a0}'),
        ('\u{1680}', '\u{1680}'),
        ('\u{2000}', '\u{200a}'),
        ('\u{2028}', '\u{2029}'),
        ('\u{202f}', '\u{202f}'),
        ('\u{205f}', '\u{205f}'),
        ('\u{3000}', '\u{3000}'),
        ('\u{feff}', '\u{feff}'),
    ]
}

/// An escape outside a class: the atom it stands for.
fn escape(c: char) -> Option<Atom> {
    Some(match c {
        'd' => digit(),
        'w' => word(),
        's' => Atom::Class(space_ranges(), false),
        'S' => Atom::Class(space_ranges(), true),
        'D' => Atom::Class(vec![('0', '9')], true),
        c if c.is_ascii_punctuation() => Atom::Lit(c),
        _ => return None,
    })
}

fn parse_class(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<Atom> {
    let neg = chars.peek() == Some(&'^');
    if neg {
        chars.next();
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = chars.next()?;
        let lo = match c {
            ']' if !first => break,
            '\\' => match chars.next()? {
                'd' => {
                    ranges.push(('0', '9'));
                    first = false;
                    continue;
                }
                'w' => {
                    if let Atom::Class(r, _) = word() {
                        ranges.extend(r);
                    }
                    first = false;
                    continue;
                }
                e if e.is_ascii_punctuation() => e,
                _ => return None,
            },
            '[' | ']' => return None,
            c => c,
        };
        first = false;
        if chars.peek() == Some(&'-') {
            let mut ahead = chars.clone();
            ahead.next();
            match ahead.peek() {
                Some(']') | None => ranges.push((lo, lo)),
                Some(_) => {
                    chars.next();
                    let hi = match chars.next()? {
                        '\\' => chars.next().filter(char::is_ascii_punctuation)?,
                        '[' => return None,
                        h => h,
                    };
                    if hi < lo {
                        return None;
                    }
                    ranges.push((lo, hi));
                }
            }
        } else {
            ranges.push((lo, lo));
        }
    }
    Some(Atom::Class(ranges, neg))
}

fn number(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<u32> {
    let mut n: Option<u32> = None;
    while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
        chars.next();
        n = Some(n.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
    }
    n
}

/// True when no character matches both atoms (decided exactly when one is ASCII-only).
fn disjoint(a: &Atom, b: &Atom) -> bool {
    if !a.ascii_only() && !b.ascii_only() {
        return false;
    }
    !(0u8..128).any(|c| a.matches(c as char) && b.matches(c as char))
}

impl Simple {
    /// The fast form of `pattern`, or `None` when it needs the full engine.
    pub fn parse(pattern: &str) -> Option<Simple> {
        let anchored = pattern.starts_with('^');
        let body = pattern.strip_prefix('^').unwrap_or(pattern);
        let (body, end) = match body.strip_suffix('$') {
            Some(b) if !b.ends_with('\\') => (b, true),
            _ => (body, false),
        };
        let mut chars = body.chars().peekable();
        let mut pieces: Vec<Piece> = Vec::new();
        while let Some(c) = chars.next() {
            let atom = match c {
                '\\' => escape(chars.next()?)?,
                '[' => parse_class(&mut chars)?,
                '.' | '^' | '$' | '|' | '(' | ')' | ']' | '{' | '}' | '*' | '+' | '?' => {
                    return None
                }
                c => Atom::Lit(c),
            };
            let (min, max) = match chars.peek() {
                Some('*') => (0, u32::MAX),
                Some('+') => (1, u32::MAX),
                Some('?') => (0, 1),
                Some('{') => {
                    chars.next();
                    let lo = number(&mut chars)?;
                    let hi = match chars.next()? {
                        '}' => lo,
                        ',' => {
                            let hi = match chars.peek() {
                                Some('}') => u32::MAX,
                                _ => number(&mut chars)?,
                            };
                            if chars.next()? != '}' {
                                return None;
                            }
                            hi
                        }
                        _ => return None,
                    };
                    if hi < lo || matches!(chars.peek(), Some('?' | '+' | '*' | '{')) {
                        return None;
                    }
                    pieces.push(Piece {
                        atom,
                        min: lo,
                        max: hi,
                    });
                    continue;
                }
                _ => (1, 1),
            };
            if min != 1 || max != 1 {
                chars.next();
                if matches!(chars.peek(), Some('?' | '+' | '*' | '{')) {
                    return None;
                }
            }
            pieces.push(Piece { atom, min, max });
        }
        if !anchored && !end {
            // Only the one-atom "contains a ..." form.
            return match pieces.as_slice() {
                [p] if p.min == 1 && p.max == 1 => Some(Simple {
                    pieces,
                    contains: true,
                }),
                _ => None,
            };
        }
        if !(anchored && end) {
            return None;
        }
        // One greedy pass is exact when every variable repeat is followed by an atom it
        // cannot match (or by the end).
        for (i, p) in pieces.iter().enumerate() {
            if p.min != p.max {
                if let Some(next) = pieces.get(i + 1) {
                    if !disjoint(&p.atom, &next.atom) {
                        return None;
                    }
                    // A variable repeat followed by an optional piece could need that
                    // piece's successor too: keep it simple.
                    if next.min == 0 {
                        return None;
                    }
                }
            }
        }
        Some(Simple {
            pieces,
            contains: false,
        })
    }

    /// True when `s` matches.
    pub fn is_match(&self, s: &str) -> bool {
        if self.contains {
            return self
                .pieces
                .first()
                .is_some_and(|p| s.chars().any(|c| p.atom.matches(c)));
        }
        let mut chars = s.chars().peekable();
        for p in &self.pieces {
            let mut n = 0u32;
            while n < p.max {
                match chars.peek() {
                    Some(&c) if p.atom.matches(c) => {
                        chars.next();
                        n += 1;
                    }
                    _ => break,
                }
            }
            if n < p.min {
                return false;
            }
        }
        chars.next().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::Simple;

    #[test]
    fn agrees_with_regex_lite() {
        let patterns = [
            "^[A-Z]{3}$",
            "^CA\\d{4}$",
            "\\S",
            "^[A-Z]{3}\\d{2}$",
            "^[A-Za-z0-9 -]+$",
            "^[1-9]\\d*\\.\\d+$",
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "^a{2,3}b$",
            "^[^x]+x$",
            "^ab?$",
        ];
        let inputs = [
            "",
            "ABC",
            "AB",
            "ABCD",
            "abc",
            "CA0009",
            "CA009",
            "CA00091",
            " ",
            "  x ",
            "\u{a0}",
            "GHA01",
            "GHA1",
            "Hello World-1",
            "héllo",
            "1.5",
            "0.5",
            "12.",
            "12.34",
            "2024-01-31",
            "2024-1-31",
            "aab",
            "aaab",
            "aaaab",
            "ab",
            "yyx",
            "x",
            "a",
            "abb",
            "ABC\n",
        ];
        for p in patterns {
            let simple = Simple::parse(p).unwrap_or_else(|| panic!("{p} should be simple"));
            let re = crate::ecma_regex(p).expect("compiles");
            for s in inputs {
                assert_eq!(simple.is_match(s), re.is_match(s), "{p} on {s:?}");
            }
        }
        for p in ["^(a|b)$", "^a*a$", "a+", "^\\d+\\d$", "^a{2}?$"] {
            assert!(Simple::parse(p).is_none(), "{p} is not simple");
        }
    }
}

/// A repeated item of a [`Backtrack`] pattern.
#[derive(Debug, Clone)]
struct Item {
    kind: Kind,
    min: u32,
    max: u32,
}

#[derive(Debug, Clone)]
enum Kind {
    Atom(Atom),
    /// Alternatives, each a sequence.
    Group(Vec<Vec<Item>>),
}

/// Anchored patterns with groups and alternation (`^\d{4}-(0[1-9]|1[0-2])$`), matched by
/// bounded backtracking on short strings. `None` from [`Backtrack::is_match`] means "gave
/// up" (long input or too many steps): the caller asks `regex-lite` instead.
#[derive(Debug, Clone)]
pub struct Backtrack {
    seq: Vec<Item>,
}

/// Longest string tried (recursion depth grows with it).
const MAX_INPUT: usize = 200;
/// Steps before giving up (a pathological pattern cannot stall a check).
const MAX_STEPS: u32 = 20_000;

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn parse_seq(chars: &mut Chars<'_>, depth: u32) -> Option<Vec<Vec<Item>>> {
    if depth > 8 {
        return None;
    }
    let mut alts = vec![Vec::new()];
    loop {
        let Some(c) = chars.next() else {
            return (depth == 0).then_some(alts);
        };
        let kind = match c {
            ')' if depth > 0 => return Some(alts),
            '|' => {
                alts.push(Vec::new());
                continue;
            }
            '(' => {
                if chars.peek() == Some(&'?') {
                    chars.next();
                    if chars.next()? != ':' {
                        return None;
                    }
                }
                Kind::Group(parse_seq(chars, depth + 1)?)
            }
            '\\' => Kind::Atom(escape(chars.next()?)?),
            '[' => Kind::Atom(parse_class(chars)?),
            '.' | '^' | '$' | ')' | ']' | '{' | '}' | '*' | '+' | '?' => return None,
            c => Kind::Atom(Atom::Lit(c)),
        };
        let (min, max) = match chars.peek() {
            Some('*') => {
                chars.next();
                (0, u32::MAX)
            }
            Some('+') => {
                chars.next();
                (1, u32::MAX)
            }
            Some('?') => {
                chars.next();
                (0, 1)
            }
            Some('{') => {
                chars.next();
                let lo = number(chars)?;
                let hi = match chars.next()? {
                    '}' => lo,
                    ',' => {
                        let hi = match chars.peek() {
                            Some('}') => u32::MAX,
                            _ => number(chars)?,
                        };
                        if chars.next()? != '}' {
                            return None;
                        }
                        hi
                    }
                    _ => return None,
                };
                if hi < lo {
                    return None;
                }
                (lo, hi)
            }
            _ => (1, 1),
        };
        if matches!(chars.peek(), Some('?' | '+' | '*' | '{')) {
            return None; // lazy quantifiers, or a quantifier on a quantifier
        }
        alts.last_mut()?.push(Item { kind, min, max });
    }
}

struct Budget {
    left: u32,
    exhausted: bool,
}

impl Budget {
    fn spend(&mut self) -> bool {
        if self.left == 0 {
            self.exhausted = true;
            return true;
        }
        self.left -= 1;
        false
    }
}

type Cont<'k> = &'k mut dyn FnMut(usize, &mut Budget) -> bool;

impl Backtrack {
    /// The backtracking form of an anchored `^...$` pattern without top-level `|`.
    pub fn parse(pattern: &str) -> Option<Backtrack> {
        let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
        if body.ends_with('\\') {
            return None;
        }
        let mut alts = parse_seq(&mut body.chars().peekable(), 0)?;
        if alts.len() != 1 {
            return None;
        }
        Some(Backtrack { seq: alts.pop()? })
    }

    /// Whether `s` matches, or `None` when the matcher gives up.
    pub fn is_match(&self, s: &str) -> Option<bool> {
        if s.len() > MAX_INPUT {
            return None;
        }
        let mut b = Budget {
            left: MAX_STEPS,
            exhausted: false,
        };
        let end = s.len();
        let ok = items(&self.seq, s, 0, &mut b, &mut |p, _| p == end);
        if b.exhausted {
            None
        } else {
            Some(ok)
        }
    }
}

fn items(its: &[Item], s: &str, pos: usize, b: &mut Budget, k: Cont<'_>) -> bool {
    let Some((first, rest)) = its.split_first() else {
        return k(pos, b);
    };
    repeat(first, 0, s, pos, b, &mut |p, b| {
        items(rest, s, p, b, &mut *k)
    })
}

fn repeat(it: &Item, count: u32, s: &str, pos: usize, b: &mut Budget, k: Cont<'_>) -> bool {
    if b.spend() {
        return false;
    }
    if count < it.max {
        let more = once(&it.kind, s, pos, b, &mut |p, b| {
            if p == pos && count >= it.min {
                return false;
            }
            repeat(it, count + 1, s, p, b, &mut *k)
        });
        if more {
            return true;
        }
        if b.exhausted {
            return false;
        }
    }
    count >= it.min && k(pos, b)
}

fn once(kind: &Kind, s: &str, pos: usize, b: &mut Budget, k: Cont<'_>) -> bool {
    match kind {
        Kind::Atom(a) => match s[pos..].chars().next() {
            Some(c) if a.matches(c) => k(pos + c.len_utf8(), b),
            _ => false,
        },
        Kind::Group(alts) => {
            for alt in alts {
                if items(alt, s, pos, b, &mut *k) {
                    return true;
                }
                if b.exhausted {
                    return false;
                }
            }
            false
        }
    }
}

#[cfg(test)]
mod backtrack_tests {
    use super::Backtrack;

    #[test]
    fn agrees_with_regex_lite_on_the_bundle_patterns() {
        let patterns = [
            "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,3})?Z)?$",
            "^CA\\d{4}-[A-Z]{3}\\d{2}-[A-Z]{3}-[1-9]\\d{0,2}((\\d*)|(,\\d{3})*)-\\d{4}$",
            "^(a|ab)(c|bcd)(d*)$",
            "^(?:x+x+)+y$",
            "^(a*){2}b$",
        ];
        let alphabet: Vec<char> = "0123456789-:TZ.,ACGHxyabcd".chars().collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut samples: Vec<String> = vec![
            "2024-02-29".into(),
            "2024-13-01".into(),
            "2024-01-31T23:59:59.123Z".into(),
            "2024-01-31T24:00:00Z".into(),
            "CA0009-GHA01-GHA-1,000-2024".into(),
            "CA0009-GHA01-GHA-1000-2024".into(),
            "CA0009-GHA01-GHA-01000-2024".into(),
            "CA0009-GHA01-GHA-1,00-2024".into(),
            "abcd".into(),
            "abcdd".into(),
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".into(),
            "b".into(),
            "aab".into(),
        ];
        for _ in 0..3000 {
            let n = (next() % 30) as usize;
            samples.push(
                (0..n)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect(),
            );
        }
        for p in patterns {
            let bt = Backtrack::parse(p).unwrap_or_else(|| panic!("{p} should parse"));
            let re = crate::ecma_regex(p).expect("compiles");
            for s in &samples {
                if let Some(got) = bt.is_match(s) {
                    assert_eq!(got, re.is_match(s), "{p} on {s:?}");
                }
            }
        }
        assert!(Backtrack::parse("^(?=a)b$").is_none());
        assert!(Backtrack::parse("^a|b$").is_none());
    }
}
