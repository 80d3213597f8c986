//! Underlying-unit IDs of a block, and those of any sub-block after a split.
//!
//! Three shapes occur (domain brief 4.6 fields 11-12, section 9; UNFCCC check II05):
//! integers (`25700` to `37432`); text ending in a number with a shared prefix
//! (`VCS-1234-000101` to `VCS-1234-000200`); and one registry serial given in both
//! cells that encodes its own span at the end (`GS1-1-TZ-GS11732-16-2022-25700-1-100`).
//! Anything else is kept as written, and cannot be split.

use serde_json::Value;

/// How a block's underlying-unit IDs map to its ITMO serials.
#[derive(Debug, Clone, PartialEq)]
pub enum Units {
    /// No underlying units (the cells are absent or `NA`).
    None,
    /// Integer unit IDs: the unit of ITMO serial `anchor` is `first`.
    Int {
        /// Unit of the anchor serial.
        first: u64,
    },
    /// Text with a numeric tail: `prefix` + tail, zero-padded to `width` when it was.
    Tail {
        /// Text before the number.
        prefix: String,
        /// Unit number of the anchor serial.
        first: u64,
        /// Digits of the tail when zero-padded (0: not padded).
        width: usize,
    },
    /// One serial ending in `-<first>-<last>`, written in both cells.
    Span {
        /// Text before `-<first>-<last>`.
        prefix: String,
        /// Unit number of the anchor serial.
        first: u64,
    },
    /// IDs kept as written; a sub-block cannot be derived.
    Opaque(Value, Value),
}

fn tail(s: &str) -> Option<(&str, &str)> {
    let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0 && digits <= 19).then(|| s.split_at(s.len() - digits))
}

impl Units {
    /// Read the unit IDs of a block of `len` serials.
    pub fn read(first: Option<&Value>, last: Option<&Value>, len: u128) -> Units {
        let present = |v: Option<&Value>| match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() || s == "NA" => None,
            Some(v) => Some(v.clone()),
        };
        let (f, l) = match (present(first), present(last)) {
            (None, None) => return Units::None,
            (Some(f), Some(l)) => (f, l),
            (f, l) => return Units::Opaque(f.unwrap_or(Value::Null), l.unwrap_or(Value::Null)),
        };
        let opaque = || Units::Opaque(f.clone(), l.clone());
        match (&f, &l) {
            (Value::Number(a), Value::Number(b)) => match (a.as_u64(), b.as_u64()) {
                (Some(a), Some(b)) if b >= a && u128::from(b - a) + 1 == len => {
                    Units::Int { first: a }
                }
                _ => opaque(),
            },
            (Value::String(a), Value::String(b)) if a == b => {
                let mut parts = a.rsplitn(3, '-');
                let (Some(hi), Some(lo), Some(prefix)) = (parts.next(), parts.next(), parts.next())
                else {
                    return opaque();
                };
                match (lo.parse::<u64>(), hi.parse::<u64>()) {
                    (Ok(lo), Ok(hi))
                        if hi >= lo && u128::from(hi - lo) + 1 == len && !prefix.is_empty() =>
                    {
                        Units::Span {
                            prefix: prefix.to_owned(),
                            first: lo,
                        }
                    }
                    _ => opaque(),
                }
            }
            (Value::String(a), Value::String(b)) => {
                let (Some((pa, ta)), Some((pb, tb))) = (tail(a), tail(b)) else {
                    return opaque();
                };
                let (Ok(x), Ok(y)) = (ta.parse::<u64>(), tb.parse::<u64>()) else {
                    return opaque();
                };
                let padded = ta.len() > 1 && ta.starts_with('0');
                if pa != pb
                    || y < x
                    || u128::from(y - x) + 1 != len
                    || (padded && ta.len() != tb.len())
                {
                    return opaque();
                }
                Units::Tail {
                    prefix: pa.to_owned(),
                    first: x,
                    width: if padded { ta.len() } else { 0 },
                }
            }
            _ => opaque(),
        }
    }

    /// The unit IDs of the serials `offset .. offset + len` of the block (offset from its
    /// first serial); `whole` says the slice is the whole block.
    pub fn slice(&self, offset: u64, len: u64, whole: bool) -> Slice {
        let end = offset + len - 1;
        match self {
            Units::None => Slice::None,
            Units::Int { first } => {
                Slice::Ids(Value::from(first + offset), Value::from(first + end))
            }
            Units::Tail {
                prefix,
                first,
                width,
            } => {
                let f = |n: u64| Value::String(format!("{prefix}{n:0width$}", width = *width));
                Slice::Ids(f(first + offset), f(first + end))
            }
            Units::Span { prefix, first } => {
                let s = Value::String(format!("{prefix}-{}-{}", first + offset, first + end));
                Slice::Ids(s.clone(), s)
            }
            Units::Opaque(a, b) if whole => Slice::Ids(a.clone(), b.clone()),
            Units::Opaque(a, b) => Slice::Unsplittable(a.clone(), b.clone()),
        }
    }
}

/// The underlying-unit IDs of part of a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Slice {
    /// The block has no underlying units.
    None,
    /// First and last unit IDs of the part.
    Ids(Value, Value),
    /// The IDs as written: they cannot be divided to match the part.
    Unsplittable(Value, Value),
}

impl Slice {
    /// First and last unit IDs, as derived or (when they cannot be divided) as written.
    pub fn ids(&self) -> Option<(&Value, &Value)> {
        match self {
            Slice::None => None,
            Slice::Ids(a, b) | Slice::Unsplittable(a, b) => Some((a, b)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn splits_each_shape() {
        let u = Units::read(Some(&json!(25700)), Some(&json!(26699)), 1000);
        assert_eq!(
            u.slice(600, 400, false),
            Slice::Ids(json!(26300), json!(26699))
        );
        let u = Units::read(
            Some(&json!("VCS-1-000101")),
            Some(&json!("VCS-1-000200")),
            100,
        );
        assert_eq!(
            u.slice(0, 10, false),
            Slice::Ids(json!("VCS-1-000101"), json!("VCS-1-000110"))
        );
        let gs = json!("GS1-1-TZ-GS11732-16-2022-25700-1-100");
        let u = Units::read(Some(&gs), Some(&gs), 100);
        let part = json!("GS1-1-TZ-GS11732-16-2022-25700-41-100");
        assert_eq!(u.slice(40, 60, false), Slice::Ids(part.clone(), part));
        let u = Units::read(Some(&json!("x")), Some(&json!("y")), 5);
        assert!(matches!(u.slice(0, 2, false), Slice::Unsplittable(..)));
        assert_eq!(u.slice(0, 5, true), Slice::Ids(json!("x"), json!("y")));
        assert_eq!(Units::read(Some(&json!("NA")), None, 3), Units::None);
    }
}
