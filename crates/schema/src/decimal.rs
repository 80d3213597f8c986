//! Exact decimal arithmetic on JSON number text, for the numeric keywords.
//!
//! Why: binary floating point says `19.99` is not a multiple of `0.01` and cannot
//! tell `0.1` from `0.1000000000000000001`. Quantities of ITMOs must be judged on
//! the digits the Party wrote, so `multipleOf`, `minimum`, `maximum` and the
//! exclusive bounds are decided here, on the token text, with no size limit.

use std::cmp::Ordering;

/// A decimal number `(-1)^neg × digits × 10^exp`, with `digits` free of leading
/// and trailing zeros (zero is the empty digit string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    neg: bool,
    digits: Vec<u8>,
    exp: i64,
}

/// Significant digits that the report arithmetic (`rust_decimal`, 96-bit) holds exactly.
pub const MAX_EXACT_DIGITS: usize = 28;

impl Decimal {
    /// Parse a JSON number token (`-12.5e3`). Returns `None` for anything else.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (neg, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (mantissa, exp_part) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let mut exp: i64 = match exp_part {
            Some(e) => {
                let e = e.strip_prefix('+').unwrap_or(e);
                // Exponents beyond ±10^15 are clamped: no realistic digit string reaches them.
                match e.parse::<i64>() {
                    Ok(v) => v.clamp(-1_000_000_000_000_000, 1_000_000_000_000_000),
                    Err(_)
                        if e.trim_start_matches('-')
                            .bytes()
                            .all(|b| b.is_ascii_digit()) =>
                    {
                        if e.starts_with('-') {
                            -1_000_000_000_000_000
                        } else {
                            1_000_000_000_000_000
                        }
                    }
                    Err(_) => return None,
                }
            }
            None => 0,
        };
        let (int_part, frac_part) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        if int_part.is_empty()
            || !int_part
                .bytes()
                .chain(frac_part.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut digits: Vec<u8> = int_part
            .bytes()
            .chain(frac_part.bytes())
            .map(|b| b - b'0')
            .collect();
        exp -= frac_part.len() as i64;
        let lead = digits.iter().take_while(|&&d| d == 0).count();
        digits.drain(..lead);
        while digits.last() == Some(&0) {
            digits.pop();
            exp += 1;
        }
        if digits.is_empty() {
            return Some(Decimal {
                neg: false,
                digits,
                exp: 0,
            });
        }
        Some(Decimal { neg, digits, exp })
    }

    /// An exact whole number.
    pub fn from_u64(n: u64) -> Decimal {
        let mut digits: Vec<u8> = n.to_string().bytes().map(|b| b - b'0').collect();
        let mut exp = 0;
        while digits.len() > 1 && digits.last() == Some(&0) {
            digits.pop();
            exp += 1;
        }
        if n == 0 {
            digits.clear();
            exp = 0;
        }
        Decimal {
            neg: false,
            digits,
            exp,
        }
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Number of significant digits.
    pub fn significant_digits(&self) -> usize {
        self.digits.len()
    }

    /// Decimal exponent of the most significant digit (`123` → 2, `0.05` → -2).
    fn magnitude(&self) -> i64 {
        self.exp + self.digits.len() as i64 - 1
    }

    /// True when `rust_decimal` (96-bit mantissa, scale ≤ 28) holds the value exactly.
    pub fn fits_exact(&self) -> bool {
        self.is_zero()
            || (self.magnitude() < MAX_EXACT_DIGITS as i64
                && self.exp >= -(MAX_EXACT_DIGITS as i64)
                && (self.exp >= 0 || self.digits.len() <= MAX_EXACT_DIGITS))
    }

    /// True when the value is a whole number.
    pub fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// Compare absolute values.
    fn cmp_abs(&self, other: &Decimal) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        match self.magnitude().cmp(&other.magnitude()) {
            Ordering::Equal => {}
            o => return o,
        }
        // Same magnitude: compare digit strings left-aligned.
        let n = self.digits.len().max(other.digits.len());
        for i in 0..n {
            let a = self.digits.get(i).copied().unwrap_or(0);
            let b = other.digits.get(i).copied().unwrap_or(0);
            match a.cmp(&b) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        Ordering::Equal
    }

    /// True when `self / divisor` is a whole number. A zero divisor is never a multiple.
    pub fn is_multiple_of(&self, divisor: &Decimal) -> bool {
        if divisor.is_zero() {
            return false;
        }
        if self.is_zero() {
            return true;
        }
        // self = a·10^p, divisor = b·10^q. self/divisor = (a/b)·10^(p−q).
        let shift = self.exp - divisor.exp;
        if shift >= 0 {
            // Need a·10^shift ≡ 0 (mod b). Residues keep memory tiny for any shift.
            let mut r = residue(&self.digits, &divisor.digits);
            let ten = residue(&[1, 0], &divisor.digits);
            let mut k = shift;
            // 10^k mod b by square-and-multiply on digit-vector residues.
            let mut base = ten;
            let mut acc = residue(&[1], &divisor.digits);
            while k > 0 {
                if k & 1 == 1 {
                    acc = mul_mod(&acc, &base, &divisor.digits);
                }
                base = mul_mod(&base, &base, &divisor.digits);
                k >>= 1;
            }
            r = mul_mod(&r, &acc, &divisor.digits);
            r.is_empty()
        } else {
            // Need a ≡ 0 (mod b·10^k), k = −shift. When the modulus has more digits than
            // `a`, it exceeds `a`, and a non-zero `a` leaves itself as the remainder.
            let k = (-shift) as usize;
            if k.saturating_add(divisor.digits.len()) > self.digits.len() {
                return false;
            }
            let mut modulus = divisor.digits.clone();
            modulus.extend(std::iter::repeat_n(0, k));
            residue(&self.digits, &modulus).is_empty()
        }
    }
}

impl std::fmt::Display for Decimal {
    /// Plain decimal notation (`-12.5`, `1000`, `0.001`), exactly.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let mut out = String::new();
        if self.neg {
            out.push('-');
        }
        if self.exp >= 0 {
            out.push_str(&digits);
            // Bounded: exponents this large never come from realistic data, and the
            // out-of-range finding fires long before.
            out.extend(std::iter::repeat_n('0', self.exp.min(4096) as usize));
        } else {
            let frac = (-self.exp) as usize;
            if digits.len() > frac {
                out.push_str(&digits[..digits.len() - frac]);
                out.push('.');
                out.push_str(&digits[digits.len() - frac..]);
            } else {
                out.push_str("0.");
                out.extend(std::iter::repeat_n('0', frac - digits.len()));
                out.push_str(&digits);
            }
        }
        f.write_str(&out)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.neg, other.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_abs(other),
            (true, true) => other.cmp_abs(self),
        }
    }
}

// ---- tiny unsigned big-number helpers on base-10 digit vectors (most significant first),
// normalised with no leading zeros; the empty vector is zero. Sizes are bounded by the
// divisor's digit count, so they stay small whatever the exponent.

fn trim(mut v: Vec<u8>) -> Vec<u8> {
    let lead = v.iter().take_while(|&&d| d == 0).count();
    v.drain(..lead);
    v
}

fn cmp_digits(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn sub_digits(a: &[u8], b: &[u8]) -> Vec<u8> {
    // a >= b
    let mut out = a.to_vec();
    let mut borrow = 0i8;
    for i in 0..out.len() {
        let ai = out.len() - 1 - i;
        let bd = if i < b.len() {
            b[b.len() - 1 - i] as i8
        } else {
            0
        };
        let mut d = out[ai] as i8 - bd - borrow;
        if d < 0 {
            d += 10;
            borrow = 1;
        } else {
            borrow = 0;
        }
        out[ai] = d as u8;
    }
    trim(out)
}

/// `a mod m` by long division, one digit at a time.
fn residue(a: &[u8], m: &[u8]) -> Vec<u8> {
    let m = trim(m.to_vec());
    let mut r: Vec<u8> = Vec::with_capacity(m.len() + 1);
    for &d in a {
        r.push(d);
        r = trim(r);
        while cmp_digits(&r, &m) != Ordering::Less {
            r = sub_digits(&r, &m);
        }
    }
    r
}

fn mul_digits(a: &[u8], b: &[u8]) -> Vec<u8> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut acc = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().rev().enumerate() {
        for (j, &y) in b.iter().rev().enumerate() {
            acc[i + j] += u32::from(x) * u32::from(y);
        }
    }
    let mut carry = 0u32;
    for slot in &mut acc {
        let v = *slot + carry;
        *slot = v % 10;
        carry = v / 10;
    }
    while carry > 0 {
        acc.push(carry % 10);
        carry /= 10;
    }
    trim(acc.into_iter().rev().map(|d| d as u8).collect())
}

fn mul_mod(a: &[u8], b: &[u8], m: &[u8]) -> Vec<u8> {
    residue(&mul_digits(a, b), m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).expect("number")
    }

    #[test]
    fn multiple_of_is_exact() {
        for ok in ["19.99", "143.48", "8.69", "1.11", "0", "-0.05", "100"] {
            assert!(d(ok).is_multiple_of(&d("0.01")), "{ok}");
        }
        for ok in ["0.3", "12.2"] {
            assert!(d(ok).is_multiple_of(&d("0.1")), "{ok}");
        }
        for bad in ["5.0001", "5.0000001", "0.00000005"] {
            assert!(!d(bad).is_multiple_of(&d("0.01")), "{bad}");
        }
        assert!(!d("1e308").is_multiple_of(&d("0.123456789")));
        assert!(d("1e308").is_multiple_of(&d("2")));
        assert!(d("4.5").is_multiple_of(&d("1.5")));
        assert!(!d("35").is_multiple_of(&d("1.5")));
        assert!(d("1234567890123456789012345678901234567890").is_multiple_of(&d("10")));
        assert!(!d("1234567890123456789012345678901234567891").is_multiple_of(&d("10")));
        assert!(!d("1e-1000000000000").is_multiple_of(&d("3")));
        assert!(d("1e1000000000000").is_multiple_of(&d("8")));
    }

    #[test]
    fn ordering_is_exact() {
        assert!(d("0.1000000000000000001") > d("0.1"));
        assert!(d("-2") < d("-1.5"));
        assert_eq!(d("1.0").cmp(&d("1")), Ordering::Equal);
        assert_eq!(d("1e2").cmp(&d("100.00")), Ordering::Equal);
        assert!(d("99999999999999999999999999999999999999999") > d("9e40"));
        assert!(d("0") > d("-0.0001"));
        assert_eq!(d("-0").cmp(&d("0")), Ordering::Equal);
    }

    #[test]
    fn displays_plainly() {
        for (i, o) in [
            ("12.50", "12.5"),
            ("1e3", "1000"),
            ("-0.001", "-0.001"),
            ("0", "0"),
            ("123.456", "123.456"),
        ] {
            assert_eq!(d(i).to_string(), o);
        }
    }

    #[test]
    fn counts_digits() {
        assert_eq!(d("1200").significant_digits(), 2);
        assert_eq!(d("0.00120").significant_digits(), 2);
        assert!(d("12e3").is_integer());
        assert!(!d("1.5").is_integer());
    }
}
