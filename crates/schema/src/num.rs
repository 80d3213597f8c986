//! Exact comparisons on JSON number text with no allocation, and JSON equality
//! (`1.0 == 1`) and hashing for `const`, `enum` and `uniqueItems`.

use serde_json::{Number, Value};
use std::cmp::Ordering;

/// A number token seen as `±0.d1d2d3… × 10^exp` with `d1 ≠ 0` (or zero).
struct View<'a> {
    neg: bool,
    zero: bool,
    int: &'a [u8],
    frac: &'a [u8],
    /// Index into int‖frac of the first significant digit.
    first: usize,
    /// Index one past the last significant digit.
    end: usize,
    exp: i64,
}

impl<'a> View<'a> {
    fn new(text: &'a str) -> View<'a> {
        let b = text.as_bytes();
        let (neg, b) = match b.first() {
            Some(b'-') => (true, &b[1..]),
            _ => (false, b),
        };
        let epos = b.iter().position(|&c| c == b'e' || c == b'E');
        let (mant, e) = match epos {
            Some(i) => (&b[..i], parse_exp(&b[i + 1..])),
            None => (b, 0),
        };
        let (int, frac) = match mant.iter().position(|&c| c == b'.') {
            Some(i) => (&mant[..i], &mant[i + 1..]),
            None => (mant, &mant[mant.len()..]),
        };
        let total = int.len() + frac.len();
        let digit = |i: usize| {
            if i < int.len() {
                int[i]
            } else {
                frac[i - int.len()]
            }
        };
        let first = (0..total).find(|&i| digit(i) != b'0');
        let Some(first) = first else {
            return View {
                neg,
                zero: true,
                int,
                frac,
                first: 0,
                end: 0,
                exp: 0,
            };
        };
        let end = (0..total)
            .rev()
            .find(|&i| digit(i) != b'0')
            .map_or(0, |i| i + 1);
        let exp = e.saturating_add(int.len() as i64 - first as i64);
        View {
            neg,
            zero: false,
            int,
            frac,
            first,
            end,
            exp,
        }
    }

    fn digit(&self, k: usize) -> u8 {
        let i = self.first + k;
        if i >= self.end {
            return b'0';
        }
        if i < self.int.len() {
            self.int[i]
        } else {
            self.frac[i - self.int.len()]
        }
    }

    fn len(&self) -> usize {
        self.end - self.first
    }

    fn cmp_abs(&self, o: &View<'_>) -> Ordering {
        match (self.zero, o.zero) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        self.exp.cmp(&o.exp).then_with(|| {
            let n = self.len().max(o.len());
            for k in 0..n {
                match self.digit(k).cmp(&o.digit(k)) {
                    Ordering::Equal => {}
                    x => return x,
                }
            }
            Ordering::Equal
        })
    }
}

fn parse_exp(b: &[u8]) -> i64 {
    let (neg, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let mut v: i64 = 0;
    for &c in b {
        v = v
            .saturating_mul(10)
            .saturating_add(i64::from(c.wrapping_sub(b'0')));
    }
    let v = v.min(1 << 60);
    if neg {
        -v
    } else {
        v
    }
}

/// Compare two JSON number tokens exactly.
pub fn cmp_text(a: &str, b: &str) -> Ordering {
    let (x, y) = (View::new(a), View::new(b));
    let xneg = x.neg && !x.zero;
    let yneg = y.neg && !y.zero;
    match (xneg, yneg) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => x.cmp_abs(&y),
        (true, true) => y.cmp_abs(&x),
    }
}

/// Compare two numbers exactly.
pub fn cmp(a: &Number, b: &Number) -> Ordering {
    cmp_text(a.as_str(), b.as_str())
}

/// True when the number has no fractional part (`1.0` and `1e2` are integers).
pub fn is_integer(n: &Number) -> bool {
    let t = n.as_str();
    if t.bytes().all(|c| c.is_ascii_digit() || c == b'-') {
        return true;
    }
    let v = View::new(t);
    v.zero || v.exp >= v.len() as i64
}

/// True for a number below zero.
pub fn is_negative(v: &Value) -> bool {
    match v {
        Value::Number(n) => {
            let x = View::new(n.as_str());
            x.neg && !x.zero
        }
        _ => false,
    }
}

/// A non-negative integer count (`2`, `2.0`), as `u64` (saturating).
pub fn as_count(v: &Value) -> Option<u64> {
    let Value::Number(n) = v else { return None };
    if is_negative(v) || !is_integer(n) {
        return None;
    }
    if let Some(u) = n.as_u64() {
        return Some(u);
    }
    let x = View::new(n.as_str());
    if x.zero {
        return Some(0);
    }
    if x.exp > 19 {
        return Some(u64::MAX);
    }
    let mut out: u64 = 0;
    for k in 0..x.exp as usize {
        out = out
            .saturating_mul(10)
            .saturating_add(u64::from(x.digit(k) - b'0'));
    }
    Some(out)
}

/// JSON equality, with numbers equal by value (`1.0 == 1`).
pub fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => {
            x.as_str() == y.as_str() || cmp(x, y) == Ordering::Equal
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => false,
    }
}

/// A hash consistent with [`equal`] (FNV-1a; objects hash order-independently).
pub fn hash(v: &Value) -> u64 {
    fn mix(h: u64, bytes: &[u8]) -> u64 {
        let mut h = h;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        h
    }
    const SEED: u64 = 0xcbf2_9ce4_8422_2325;
    match v {
        Value::Null => mix(SEED, b"n"),
        Value::Bool(b) => mix(SEED, if *b { b"t" } else { b"f" }),
        Value::String(s) => mix(mix(SEED, b"s"), s.as_bytes()),
        Value::Number(n) => {
            let x = View::new(n.as_str());
            if x.zero {
                return mix(SEED, b"0");
            }
            let mut h = mix(SEED, if x.neg { b"-" } else { b"+" });
            h = mix(h, &x.exp.to_le_bytes());
            for k in 0..x.len() {
                h = mix(h, &[x.digit(k)]);
            }
            h
        }
        Value::Array(a) => {
            let mut h = mix(SEED, b"a");
            for x in a {
                h = mix(h, &hash(x).to_le_bytes());
            }
            h
        }
        Value::Object(m) => {
            let mut acc: u64 = 0;
            for (k, x) in m {
                acc = acc.wrapping_add(mix(mix(SEED, k.as_bytes()), &hash(x).to_le_bytes()));
            }
            mix(mix(SEED, b"o"), &acc.to_le_bytes())
        }
    }
}

/// True when all items are distinct under [`equal`].
pub fn all_unique(items: &[Value]) -> bool {
    if items.len() <= 16 {
        for (i, a) in items.iter().enumerate() {
            if items[i + 1..].iter().any(|b| equal(a, b)) {
                return false;
            }
        }
        return true;
    }
    let mut hashed: Vec<(u64, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, v)| (hash(v), i))
        .collect();
    hashed.sort_unstable();
    let mut i = 0;
    while i < hashed.len() {
        let mut j = i + 1;
        while j < hashed.len() && hashed[j].0 == hashed[i].0 {
            j += 1;
        }
        for a in i..j {
            for b in a + 1..j {
                if equal(&items[hashed[a].1], &items[hashed[b].1]) {
                    return false;
                }
            }
        }
        i = j;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::*;

    #[test]
    fn compares_exactly() {
        for (a, b, want) in [
            ("1", "1.0", Equal),
            ("0.1", "0.10000000000000000001", Less),
            ("-0", "0", Equal),
            ("1e2", "100", Equal),
            ("-5", "3", Less),
            ("-5", "-3", Less),
            (
                "1234567890123456789012345678901234567890",
                "1234567890123456789012345678901234567891",
                Less,
            ),
            ("12.5e-1", "1.25", Equal),
            ("0.001", "1e-3", Equal),
            ("99", "1e2", Less),
        ] {
            assert_eq!(cmp_text(a, b), want, "{a} vs {b}");
        }
    }
}
