//! A strict JSON reader that keeps what `serde_json::from_str` throws away.
//!
//! Why not `serde_json::from_str`: users paste files from anywhere, and we must
//! (1) keep every number's exact digits (serde_json's `arbitrary_precision` `Number`
//! is built from the token text, never from an `f64`), (2) report duplicate keys as
//! findings instead of silently keeping the last one, (3) bound nesting depth so a
//! 100,000-deep document is a clear error rather than a stack overflow, and
//! (4) give line and column for every syntax error.

use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

/// Deepest nesting of arrays and objects accepted; deeper input is an error, not a crash.
pub const MAX_DEPTH: usize = 256;

/// A JSON syntax error, as data: what went wrong and where (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Stable kind, used as the message key suffix (e.g. `unexpected-end`).
    pub kind: &'static str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset into the text.
    pub offset: usize,
}

/// A key that appeared twice in one object (the later value is kept, as `JSON.parse` does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// JSON Pointer to the duplicated member.
    pub pointer: String,
    /// 1-based line of the second occurrence.
    pub line: usize,
    /// 1-based column of the second occurrence.
    pub column: usize,
}

/// The parsed document with what the reader noticed on the way.
#[derive(Debug)]
pub struct Parsed {
    /// The document, numbers kept exact.
    pub value: Value,
    /// Duplicate keys, in document order.
    pub duplicates: Vec<DuplicateKey>,
}

/// Parse JSON text. A leading UTF-8 byte order mark is accepted and skipped.
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    parse_with_progress(text, &mut |_| {})
}

/// [`parse`], reporting the fraction of the text read (in steps of about 1%), so a
/// progress bar moves during the longest single stage of a big check.
pub fn parse_with_progress(
    text: &str,
    progress: &mut dyn FnMut(f64),
) -> Result<Parsed, SyntaxError> {
    let text_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser {
        src: text.as_bytes(),
        text,
        pos: text_start,
        depth: 0,
        path: Vec::new(),
        duplicates: Vec::new(),
        want: None,
        found: HashMap::new(),
        object_sizes: Vec::new(),
        array_sizes: Vec::new(),
        progress: Some(progress),
        next_report: text.len() / 100,
    };
    p.skip_ws();
    if p.pos >= p.src.len() {
        return Err(p.err("empty-document"));
    }
    let value = p.value()?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(p.err("trailing-characters"));
    }
    Ok(Parsed {
        value,
        duplicates: p.duplicates,
    })
}

/// Line and column of the value at each pointer; a pointer to a missing member
/// (a `required` finding) gets its nearest existing ancestor's place.
/// One pass over the text, for human-readable output.
pub fn locate_all<'p>(text: &str, pointers: &[&'p str]) -> HashMap<&'p str, (usize, usize)> {
    let mut want: HashSet<String> = HashSet::new();
    for p in pointers {
        let mut cur: &str = p;
        loop {
            want.insert(cur.to_owned());
            match cur.rfind('/') {
                Some(i) => cur = &cur[..i],
                None => break,
            }
        }
    }
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser {
        src: text.as_bytes(),
        text,
        pos: start,
        depth: 0,
        path: Vec::new(),
        duplicates: Vec::new(),
        want: Some(want),
        found: HashMap::new(),
        object_sizes: Vec::new(),
        array_sizes: Vec::new(),
        progress: None,
        next_report: usize::MAX,
    };
    p.skip_ws();
    let _ = p.value();
    let mut out = HashMap::new();
    for ptr in pointers {
        let mut cur: &str = ptr;
        loop {
            if let Some(&off) = p.found.get(cur) {
                out.insert(*ptr, line_col(text, off));
                break;
            }
            match cur.rfind('/') {
                Some(i) => cur = &cur[..i],
                None => break,
            }
        }
    }
    out
}

/// Bytes as UTF-8 text, or where they stop being UTF-8: `(byte offset, line, column)`,
/// so a file saved in another encoding is named at its first bad byte, not garbled.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, (usize, usize, usize)> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        // The prefix is valid by construction.
        let text = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let (line, column) = line_col(text, at);
        (at, line, column)
    })
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Count characters, not bytes; a cut inside a multi-byte char counts as one more.
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// A JSON string literal for `s` (quotes and escapes included).
pub fn quote(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

/// Escape one JSON Pointer reference token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_owned()
    }
}

enum Seg {
    Key(String),
    Index(usize),
}

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
    path: Vec<Seg>,
    duplicates: Vec<DuplicateKey>,
    /// Pointers whose value offsets `locate_all` wants; `None` when just parsing.
    want: Option<HashSet<String>>,
    found: HashMap<String, usize>,
    /// Size of the last object / array read at each depth: siblings (the rows of a
    /// table) are alike, so a new one is allocated at that size instead of growing.
    object_sizes: Vec<usize>,
    array_sizes: Vec<usize>,
    /// Told the fraction of the text read once `pos` passes `next_report`.
    progress: Option<&'a mut dyn FnMut(f64)>,
    next_report: usize,
}

/// Largest size hint used: a big sibling must not make every later one big.
const MAX_SIZE_HINT: usize = 1024;

/// The size hint at `depth`, and the slot to record the actual size in.
fn size_hint(sizes: &mut Vec<usize>, depth: usize) -> usize {
    if sizes.len() <= depth {
        sizes.resize(depth + 1, 0);
    }
    sizes[depth].min(MAX_SIZE_HINT)
}

impl Parser<'_> {
    fn err(&self, kind: &'static str) -> SyntaxError {
        self.err_at(kind, self.pos)
    }

    fn err_at(&self, kind: &'static str, offset: usize) -> SyntaxError {
        let (line, column) = line_col(self.text, offset);
        SyntaxError {
            kind,
            line,
            column,
            offset,
        }
    }

    fn pointer(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            out.push('/');
            match seg {
                Seg::Key(k) => out.push_str(&escape_token(k)),
                Seg::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.src.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        if let Some(want) = &self.want {
            let here = self.pointer();
            if want.contains(&here) {
                self.found.insert(here, self.pos);
            }
        }
        match self.peek() {
            None => Err(self.err("unexpected-end")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'N' | b'I') => Err(self.err("not-a-number")),
            Some(_) => Err(self.err("unexpected-character")),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.err("unexpected-character"))
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("too-deep"));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Value, SyntaxError> {
        self.enter()?;
        self.pos += 1; // '{'
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Object(Map::new()));
        }
        let depth = self.depth;
        let mut map = Map::with_capacity(size_hint(&mut self.object_sizes, depth));
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.err("unexpected-end")),
                Some(_) => return Err(self.err("expected-key")),
            }
            let key_offset = self.pos;
            let key = self.string()?;
            self.skip_ws();
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.err("unexpected-end")),
                Some(_) => return Err(self.err("expected-colon")),
            }
            self.skip_ws();
            self.path.push(Seg::Key(key));
            let value = self.value()?;
            let Some(Seg::Key(key)) = self.path.pop() else {
                unreachable!("path pushed a key above")
            };
            if map.contains_key(&key) {
                let (line, column) = line_col(self.text, key_offset);
                let mut pointer = self.pointer();
                pointer.push('/');
                pointer.push_str(&escape_token(&key));
                self.duplicates.push(DuplicateKey {
                    pointer,
                    line,
                    column,
                });
                // Last one wins, as in JavaScript's JSON.parse; keep the first position.
                if let Some(slot) = map.get_mut(&key) {
                    *slot = value;
                }
            } else {
                map.insert(key, value);
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.err("unexpected-end")),
                Some(_) => return Err(self.err("expected-comma-or-brace")),
            }
        }
        self.depth -= 1;
        self.object_sizes[depth] = map.len();
        Ok(Value::Object(map))
    }

    fn report(&mut self) {
        let len = self.src.len().max(1);
        if let Some(p) = self.progress.as_mut() {
            p(self.pos as f64 / len as f64);
        }
        self.next_report = self.pos + len / 100;
    }

    fn array(&mut self) -> Result<Value, SyntaxError> {
        self.enter()?;
        self.pos += 1; // '['
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::Array(Vec::new()));
        }
        let depth = self.depth;
        let mut items = Vec::with_capacity(size_hint(&mut self.array_sizes, depth));
        loop {
            self.skip_ws();
            self.path.push(Seg::Index(items.len()));
            let v = self.value()?;
            self.path.pop();
            items.push(v);
            if self.pos >= self.next_report {
                self.report();
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                None => return Err(self.err("unexpected-end")),
                Some(_) => return Err(self.err("expected-comma-or-bracket")),
            }
        }
        self.depth -= 1;
        self.array_sizes[depth] = items.len();
        Ok(Value::Array(items))
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.pos += 1;
                }
            }
            Some(b'I' | b'N') => return Err(self.err("not-a-number")),
            None => return Err(self.err("unexpected-end")),
            Some(_) => return Err(self.err("invalid-number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid-number"));
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err("invalid-number"));
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(b'0'..=b'9')) {
            // e.g. "01": a leading zero followed by digits
            return Err(self.err("invalid-number"));
        }
        let token = &self.text[start..self.pos];
        // With serde_json's `arbitrary_precision`, `Number` keeps `token` verbatim.
        Number::from_str(token)
            .map(Value::Number)
            .map_err(|_| self.err_at("invalid-number", start))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            let Some(b) = self.peek() else {
                return Err(self.err("unterminated-string"));
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    self.escape(&mut out)?;
                    run_start = self.pos;
                }
                0x00..=0x1f => return Err(self.err("control-character-in-string")),
                _ => self.pos += 1,
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let Some(b) = self.peek() else {
            return Err(self.err("unterminated-string"));
        };
        self.pos += 1;
        match b {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let first = self.hex4()?;
                let c = if (0xD800..0xDC00).contains(&first) {
                    if self.src[self.pos..].starts_with(b"\\u") {
                        self.pos += 2;
                        let second = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&second) {
                            return Err(self.err_at("invalid-unicode-escape", self.pos - 6));
                        }
                        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        char::from_u32(code)
                    } else {
                        None
                    }
                } else {
                    char::from_u32(first)
                };
                match c {
                    Some(c) => out.push(c),
                    None => return Err(self.err_at("invalid-unicode-escape", self.pos - 6)),
                }
            }
            _ => return Err(self.err_at("invalid-escape", self.pos - 2)),
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                None => return Err(self.err("unterminated-string")),
                Some(_) => return Err(self.err("invalid-unicode-escape")),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_exact_number_text() {
        let p =
            parse(r#"{"q": 1234567890123456789012345678901234567890, "f": 19.99}"#).expect("valid");
        assert_eq!(
            p.value["q"].to_string(),
            "1234567890123456789012345678901234567890"
        );
        assert_eq!(p.value["f"].to_string(), "19.99");
    }

    #[test]
    fn reports_line_and_column() {
        let e = parse("{\n  \"a\": 1,\n  \"b\": }").expect_err("invalid");
        assert_eq!((e.line, e.column, e.kind), (3, 8, "unexpected-character"));
        let e = parse("{\"a\": [1, 2").expect_err("truncated");
        assert_eq!(e.kind, "unexpected-end");
        assert_eq!(parse("").expect_err("empty").kind, "empty-document");
        assert_eq!(
            parse("{} x").expect_err("trailing").kind,
            "trailing-characters"
        );
        assert_eq!(parse("NaN").expect_err("nan").kind, "not-a-number");
        assert_eq!(parse("[01]").expect_err("lead0").kind, "invalid-number");
    }

    #[test]
    fn accepts_bom_and_unicode() {
        let p = parse("\u{feff}{\"a\": \"\\u00e9\\ud83d\\ude00\"}").expect("valid");
        assert_eq!(p.value["a"], "é😀");
    }

    #[test]
    fn finds_duplicate_keys() {
        let p = parse("{\"a\": {\"b/c\": 1, \"b/c\": 2}}").expect("valid");
        assert_eq!(p.duplicates.len(), 1);
        assert_eq!(p.duplicates[0].pointer, "/a/b~1c");
        assert_eq!(p.value["a"]["b/c"], 2);
    }

    #[test]
    fn bounds_depth() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).expect_err("deep").kind, "too-deep");
    }
}
