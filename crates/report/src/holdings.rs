//! The holdings book: which serials a Party holds, per block identity, with the
//! attributes each run of serials carries. Partial moves split blocks; what remains
//! stays held with its attributes, its underlying-unit IDs shifted to match, and its
//! quantity recomputed (GHG: one ITMO per serial; non-GHG: apportioned exactly when the
//! division allows, so that the parts always add up to the whole).
//!
//! Set algebra is `a6check_core::blocks::RangeSet`; this module only keeps the
//! attributes beside it.

use crate::num;
use crate::units::Units;
use a6check_core::blocks::{Range, RangeSet};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Block identity: cooperative approach, first transferring Party, vintage (as text).
pub type Key = (String, String, String);

/// Text of a key field (`2024` for a number, the string itself otherwise).
pub fn key_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() && s != "NA" => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What a run of held serials carries from the row that brought it in.
#[derive(Debug, Clone)]
pub struct Block {
    /// Block fields of the row, less serials, quantities and unit IDs.
    pub fields: Map<String, Value>,
    /// Underlying-unit IDs of the row's serials.
    pub units: Units,
    /// The row's serial range.
    pub origin_range: Range,
    /// True unless the metric is `non-GHG`.
    pub ghg: bool,
    /// Ledger pointer of the row (`/actions/4`, `/openingHoldings/0`).
    pub origin: String,
    /// Whether the row wrote `quantityNonGhg` (kept absent otherwise).
    pub has_non_ghg: bool,
}

/// Fields that are recomputed for every piece rather than carried.
const DERIVED: [&str; 6] = [
    "firstId",
    "lastId",
    "quantityTCO2e",
    "quantityNonGhg",
    "firstUnitId",
    "lastUnitId",
];

impl Block {
    /// The block a row (T3 action, T4 holding, ledger issuance) brings in.
    pub fn of_row(row: &Map<String, Value>, range: Range, origin: String) -> Block {
        let mut fields = Map::new();
        for k in crate::fields::block_keys() {
            // A written "not applicable" quantity (`"NA"`) is carried as written.
            let carried_na = match k {
                "quantityNonGhg" => row.get(k).is_some_and(|v| num::of_value(v).is_none()),
                "firstUnitId" | "lastUnitId" => row.get(k).is_some_and(|v| {
                    v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty() || s == "NA")
                }),
                _ => false,
            };
            if DERIVED.contains(&k) && !carried_na {
                continue;
            }
            if let Some(v) = row.get(k) {
                fields.insert(k.to_owned(), v.clone());
            }
        }
        let ghg = row.get("metric").and_then(Value::as_str) != Some("non-GHG");
        let has_non_ghg = row
            .get("quantityNonGhg")
            .is_some_and(|v| num::of_value(v).is_some());
        Block {
            fields,
            units: Units::read(row.get("firstUnitId"), row.get("lastUnitId"), range.len()),
            origin_range: range,
            ghg,
            origin,
            has_non_ghg,
        }
    }
}

/// A run of held serials.
#[derive(Debug, Clone)]
pub struct Piece {
    /// The serials.
    pub range: Range,
    /// What they carry.
    pub block: Rc<Block>,
    /// Quantity in t CO2 eq (for GHG blocks always the serial count).
    pub q: Decimal,
    /// Quantity in the non-GHG metric, when the block has one.
    pub q_non: Option<Decimal>,
}

/// What a removal took, and what it could not.
#[derive(Debug, Default)]
pub struct Removed {
    /// The pieces that left the book.
    pub taken: Vec<Piece>,
    /// Serials asked for that were not held.
    pub missing: RangeSet,
    /// A non-GHG quantity could not be apportioned exactly.
    pub inexact: bool,
    /// A piece with unit IDs that cannot be split was split.
    pub unsplittable_units: bool,
}

/// Everything held, per block identity.
#[derive(Debug, Default, Clone)]
pub struct Book {
    held: BTreeMap<Key, Vec<Piece>>,
}

fn set_of(pieces: &[Piece]) -> RangeSet {
    RangeSet::from_ranges(pieces.iter().map(|p| p.range).collect())
}

impl Book {
    /// An empty book.
    pub fn new() -> Book {
        Book::default()
    }

    /// The serials held under `key`.
    pub fn held(&self, key: &Key) -> RangeSet {
        self.held.get(key).map(|p| set_of(p)).unwrap_or_default()
    }

    /// The pieces held under `key`, lowest serial first.
    pub fn pieces(&self, key: &Key) -> &[Piece] {
        self.held.get(key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Add `range` carrying `block` with quantities for the whole range. Serials already
    /// held are not added again; they are returned.
    pub fn add(
        &mut self,
        key: &Key,
        range: Range,
        block: Rc<Block>,
        q: Decimal,
        q_non: Option<Decimal>,
    ) -> (RangeSet, bool) {
        let incoming = RangeSet::from_ranges(vec![range]);
        let overlap = self.held(key).intersection(&incoming);
        let fresh = incoming.difference(&overlap);
        let mut inexact = false;
        let whole = range.len();
        let pieces = self.held.entry(key.clone()).or_default();
        let parts = fresh.ranges().to_vec();
        let mut left_q = q;
        let mut left_non = q_non;
        for (i, r) in parts.iter().enumerate() {
            let last = i + 1 == parts.len() && overlap.is_empty();
            let (pq, pn) = if block.ghg {
                (num::of_count(r.len()), q_non)
            } else if last {
                (left_q, left_non)
            } else {
                let (a, ea) = num::prorate(q, r.len(), whole);
                let b = q_non.map(|n| num::prorate(n, r.len(), whole));
                inexact |= !ea || b.is_some_and(|(_, e)| !e);
                (a, b.map(|(v, _)| v))
            };
            left_q -= pq;
            if let (Some(l), Some(p)) = (left_non.as_mut(), pn) {
                *l -= p;
            }
            pieces.push(Piece {
                range: *r,
                block: block.clone(),
                q: pq,
                q_non: pn,
            });
        }
        pieces.sort_by_key(|p| p.range.first);
        (overlap, inexact)
    }

    /// Remove `range` from `key`: held pieces are split, the rest stays held.
    pub fn remove(&mut self, key: &Key, range: Range) -> Removed {
        let moving = RangeSet::from_ranges(vec![range]);
        let mut out = Removed {
            missing: moving.difference(&self.held(key)),
            ..Removed::default()
        };
        let Some(pieces) = self.held.get_mut(key) else {
            return out;
        };
        let mut kept = Vec::with_capacity(pieces.len() + 1);
        for p in pieces.drain(..) {
            if !p.range.overlaps(&range) {
                kept.push(p);
                continue;
            }
            let own = RangeSet::from_ranges(vec![p.range]);
            let gone = own.intersection(&moving);
            let rest = own.difference(&moving);
            if !rest.is_empty() && matches!(p.block.units, Units::Opaque(..)) {
                out.unsplittable_units = true;
            }
            // Parts of one piece: taken first, then what remains, the last remainder taking
            // whatever is left so the parts add up to the piece exactly.
            let mut parts: Vec<(Range, bool)> = gone.ranges().iter().map(|r| (*r, true)).collect();
            parts.extend(rest.ranges().iter().map(|r| (*r, false)));
            let whole = p.range.len();
            let (mut left_q, mut left_non) = (p.q, p.q_non);
            let n = parts.len();
            for (i, (r, taken)) in parts.into_iter().enumerate() {
                let (pq, pn) = if p.block.ghg {
                    (num::of_count(r.len()), p.q_non)
                } else if i + 1 == n {
                    (left_q, left_non)
                } else {
                    let (a, ea) = num::prorate(p.q, r.len(), whole);
                    let b = p.q_non.map(|x| num::prorate(x, r.len(), whole));
                    out.inexact |= !ea || b.is_some_and(|(_, e)| !e);
                    (a, b.map(|(v, _)| v))
                };
                left_q -= pq;
                if let (Some(l), Some(x)) = (left_non.as_mut(), pn) {
                    *l -= x;
                }
                let piece = Piece {
                    range: r,
                    block: p.block.clone(),
                    q: pq,
                    q_non: pn,
                };
                if taken {
                    out.taken.push(piece);
                } else {
                    kept.push(piece);
                }
            }
        }
        kept.sort_by_key(|p| p.range.first);
        *pieces = kept;
        out
    }

    /// Table 4: one row per run of serials with the same attributes, by block identity
    /// and then lowest serial first. Second value: origins whose unit IDs could not be split.
    pub fn rows(&self) -> Vec<(Value, String)> {
        let mut out = Vec::new();
        for pieces in self.held.values() {
            let mut merged: Vec<Piece> = Vec::new();
            for p in pieces {
                match merged.last_mut() {
                    Some(m)
                        if Rc::ptr_eq(&m.block, &p.block)
                            && m.range.last.checked_add(1) == Some(p.range.first) =>
                    {
                        m.range.last = p.range.last;
                        m.q += p.q;
                        m.q_non = match (m.q_non, p.q_non) {
                            (Some(a), Some(b)) => Some(a + b),
                            (a, b) => a.or(b),
                        };
                    }
                    _ => merged.push(p.clone()),
                }
            }
            for p in merged {
                out.push((row_of(&p), p.block.origin.clone()));
            }
        }
        out
    }
}

/// The Table 4 row of a piece, keys in template order.
pub fn row_of(p: &Piece) -> Value {
    let b = &p.block;
    let offset = p.range.first - b.origin_range.first;
    let len = p.range.last - p.range.first + 1;
    let units = b.units.slice(offset, len, p.range == b.origin_range);
    let mut row = Map::new();
    for k in crate::fields::block_keys() {
        let v = match k {
            "firstId" => Some(Value::from(p.range.first)),
            "lastId" => Some(Value::from(p.range.last)),
            "quantityTCO2e" => Some(if b.ghg {
                num::count_value(p.range.len())
            } else {
                num::to_value(p.q)
            }),
            "quantityNonGhg" => match p.q_non {
                Some(q) if b.has_non_ghg => Some(num::to_value(q)),
                _ => b.fields.get(k).cloned(),
            },
            "firstUnitId" | "lastUnitId" => match units.ids() {
                Some((f, l)) => Some(if k == "firstUnitId" {
                    f.clone()
                } else {
                    l.clone()
                }),
                None => b.fields.get(k).cloned(),
            },
            _ => b.fields.get(k).cloned(),
        };
        if let Some(v) = v {
            row.insert(k.to_owned(), v);
        }
    }
    Value::Object(row)
}
