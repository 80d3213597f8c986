//! ITMO blocks: serial ranges, their unique identifiers, and set arithmetic on them.
//!
//! An AEF row moves one homogeneous block: a contiguous run of serials of one
//! cooperative approach, first transferring Party and vintage. Overlaps, consumed
//! blocks still held, and holdings reconciliation are all questions about sets of
//! serials, answered here by sorting (O(n log n)), never by comparing every pair.

use serde_json::Value;

/// An inclusive range of serial numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Range {
    /// First serial (≥ 1).
    pub first: u64,
    /// Last serial (≥ first).
    pub last: u64,
}

impl Range {
    /// A range, or `None` when `first > last`.
    pub fn new(first: u64, last: u64) -> Option<Range> {
        (first <= last).then_some(Range { first, last })
    }

    /// Number of serials in the range.
    pub fn len(&self) -> u128 {
        u128::from(self.last - self.first) + 1
    }

    /// Ranges are never empty; present for API symmetry with `len`.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// True when the two ranges share a serial.
    pub fn overlaps(&self, other: &Range) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

/// A set of serials as sorted, disjoint, non-adjacent ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RangeSet {
    ranges: Vec<Range>,
}

impl RangeSet {
    /// The empty set.
    pub fn new() -> RangeSet {
        RangeSet::default()
    }

    /// The set of all serials in `ranges` (any order, overlaps allowed).
    pub fn from_ranges(mut ranges: Vec<Range>) -> RangeSet {
        ranges.sort_unstable();
        let mut out: Vec<Range> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match out.last_mut() {
                Some(last) if r.first <= last.last.saturating_add(1) => {
                    last.last = last.last.max(r.last);
                }
                _ => out.push(r),
            }
        }
        RangeSet { ranges: out }
    }

    /// The ranges, sorted and disjoint.
    pub fn ranges(&self) -> &[Range] {
        &self.ranges
    }

    /// Number of serials.
    pub fn len(&self) -> u128 {
        self.ranges.iter().map(Range::len).sum()
    }

    /// True when the set has no serial.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Serials in either set.
    pub fn union(&self, other: &RangeSet) -> RangeSet {
        let mut all = self.ranges.clone();
        all.extend_from_slice(&other.ranges);
        RangeSet::from_ranges(all)
    }

    /// Serials in `self` but not in `other`: what remains held after a partial move.
    pub fn difference(&self, other: &RangeSet) -> RangeSet {
        let mut out = Vec::new();
        let mut j = 0;
        for &r in &self.ranges {
            let mut cur = Some(r);
            while j < other.ranges.len() && other.ranges[j].last < r.first {
                j += 1;
            }
            let mut k = j;
            while let (Some(c), Some(o)) = (cur, other.ranges.get(k)) {
                if o.first > c.last {
                    break;
                }
                if o.first > c.first {
                    out.push(Range {
                        first: c.first,
                        last: o.first - 1,
                    });
                }
                cur = if o.last >= c.last {
                    None
                } else {
                    Some(Range {
                        first: o.last + 1,
                        last: c.last,
                    })
                };
                k += 1;
            }
            if let Some(c) = cur {
                out.push(c);
            }
        }
        RangeSet { ranges: out }
    }

    /// Serials in both sets.
    pub fn intersection(&self, other: &RangeSet) -> RangeSet {
        self.difference(&self.difference(other))
    }

    /// True when `r` is entirely in the set.
    pub fn contains_range(&self, r: &Range) -> bool {
        let i = self.ranges.partition_point(|x| x.last < r.first);
        self.ranges
            .get(i)
            .is_some_and(|x| x.first <= r.first && r.last <= x.last)
    }
}

/// Who first claimed each serial of one serial space: disjoint segments, each with the
/// owner that claimed it first. Claiming a range returns the earlier owners of the
/// serials it overlaps (so "used twice", "held by two Parties" and "the same ITMOs with
/// other attributes" are one query each) and records the new owner for the rest.
/// O(log n + k) per claim, k the segments overlapped.
#[derive(Debug, Clone)]
pub struct Claims<T> {
    /// Segment start → (segment last serial, owner).
    segments: std::collections::BTreeMap<u64, (u64, T)>,
}

impl<T> Default for Claims<T> {
    fn default() -> Self {
        Claims {
            segments: std::collections::BTreeMap::new(),
        }
    }
}

impl<T: Clone> Claims<T> {
    /// The claimed parts of `r` with their owners, in serial order (nothing recorded).
    pub fn owners(&self, r: Range) -> Vec<(Range, T)> {
        let mut hits = Vec::new();
        if let Some((_, (last, who))) = self.segments.range(..r.first).next_back() {
            if *last >= r.first {
                hits.push((
                    Range {
                        first: r.first,
                        last: (*last).min(r.last),
                    },
                    who.clone(),
                ));
            }
        }
        for (&start, (last, who)) in self.segments.range(r.first..=r.last) {
            hits.push((
                Range {
                    first: start,
                    last: (*last).min(r.last),
                },
                who.clone(),
            ));
        }
        hits
    }

    /// Claim `r` for `owner`: the overlapped parts with their earlier owners, in serial
    /// order; the unclaimed rest of `r` now belongs to `owner`.
    pub fn claim(&mut self, r: Range, owner: T) -> Vec<(Range, T)> {
        let hits = self.owners(r);
        // Fill the gaps between the overlapped parts.
        let mut next = r.first;
        let mut gaps = Vec::new();
        for (h, _) in &hits {
            if h.first > next {
                gaps.push(Range {
                    first: next,
                    last: h.first - 1,
                });
            }
            next = next.max(h.last.saturating_add(1));
        }
        if next <= r.last && (hits.is_empty() || next > hits[hits.len() - 1].0.last) {
            gaps.push(Range {
                first: next,
                last: r.last,
            });
        }
        for g in gaps {
            self.segments.insert(g.first, (g.last, owner.clone()));
        }
        hits
    }
}

/// The parts of a full ITMO unique identifier (`CA0009-GHA01-GHA-1,000-2024`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItmoId {
    /// Cooperative approach ID (`CA0009`).
    pub cooperative_approach: String,
    /// Originating Party ITMO registry ID (`GHA01`).
    pub registry: String,
    /// First transferring Party (`GHA`).
    pub first_transferring_party: String,
    /// Serial number.
    pub serial: u64,
    /// Vintage year.
    pub vintage: u32,
}

fn all(s: &str, f: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(f)
}

/// Parse a full ITMO unique identifier (6/CMA.4 annex I para 5; UNFCCC checker form).
/// The serial may carry thousands separators (`1,000`) but no leading zero.
pub fn parse_itmo_id(s: &str) -> Option<ItmoId> {
    let mut parts = s.split('-');
    let ca = parts.next()?;
    let registry = parts.next()?;
    let party = parts.next()?;
    let serial = parts.next()?;
    let vintage = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    // Byte-wise: slicing a &str at a fixed index panics inside a multi-byte character
    // (found by the itmo_id fuzz target: "-NN\u{5f1}4---").
    let (ca_b, reg_b) = (ca.as_bytes(), registry.as_bytes());
    let ok_ca =
        ca_b.len() == 6 && ca_b.starts_with(b"CA") && ca_b[2..].iter().all(u8::is_ascii_digit);
    let ok_reg = reg_b.len() == 5
        && reg_b[..3].iter().all(u8::is_ascii_uppercase)
        && reg_b[3..].iter().all(u8::is_ascii_digit);
    let ok_party = party.len() == 3 && all(party, |b| b.is_ascii_uppercase());
    let ok_vintage = vintage.len() == 4 && all(vintage, |b| b.is_ascii_digit());
    if !(ok_ca && ok_reg && ok_party && ok_vintage) {
        return None;
    }
    Some(ItmoId {
        cooperative_approach: ca.to_owned(),
        registry: registry.to_owned(),
        first_transferring_party: party.to_owned(),
        serial: parse_serial(serial)?,
        vintage: vintage.parse().ok()?,
    })
}

/// A serial written as digits, optionally grouped by commas in threes (`11,733`), no leading zero.
pub fn parse_serial(s: &str) -> Option<u64> {
    if s.is_empty() || s.starts_with('0') {
        return None;
    }
    if s.contains(',') {
        let mut groups = s.split(',');
        let head = groups.next()?;
        if head.is_empty() || head.len() > 3 || !all(head, |b| b.is_ascii_digit()) {
            return None;
        }
        for g in groups {
            if g.len() != 3 || !all(g, |b| b.is_ascii_digit()) {
                return None;
            }
        }
    } else if !all(s, |b| b.is_ascii_digit()) {
        return None;
    }
    s.replace(',', "").parse().ok()
}

/// A First ID / Last ID cell: an integer serial or a full ITMO unique identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SerialCell {
    /// A bare serial (AEF v2).
    Serial(u64),
    /// A full identifier (AEF v1, UNFCCC checker).
    Full(ItmoId),
}

impl SerialCell {
    /// Read a cell; `None` when it is neither form (the schema reports the format).
    pub fn read(v: &Value) -> Option<SerialCell> {
        match v {
            Value::Number(n) => n.as_u64().filter(|&s| s >= 1).map(SerialCell::Serial),
            Value::String(s) => parse_itmo_id(s)
                .map(SerialCell::Full)
                .or_else(|| parse_serial(s).map(SerialCell::Serial)),
            _ => None,
        }
    }

    /// The serial number.
    pub fn serial(&self) -> u64 {
        match self {
            SerialCell::Serial(s) => *s,
            SerialCell::Full(id) => id.serial,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_unique_identifiers() {
        let id = parse_itmo_id("CA0009-GHA01-GHA-1,000-2024").expect("id");
        assert_eq!(id.serial, 1000);
        assert_eq!(id.vintage, 2024);
        assert_eq!(id.registry, "GHA01");
        assert_eq!(
            parse_itmo_id("CA0009-GHA01-GHA-1000-2024").map(|i| i.serial),
            Some(1000)
        );
        assert_eq!(
            parse_itmo_id("CA0009-GHA01-GHA-11,733-2024").map(|i| i.serial),
            Some(11733)
        );
        for bad in [
            "CA0009-GHA01-GHA-01000-2024",
            "CA0009-GHA01-GHA-10,00-2024",
            "CA009-GHA01-GHA-1-2024",
            "CA0009-GH01-GHA-1-2024",
            "CA0009-GHA01-GHA-1-24",
            "CA0009-GHA01-GHA-1-2024-x",
            "",
            // Fuzz regression: a multi-byte character where the registry's digits go.
            "-NN\u{5f1}4---",
            "CA0009-GH\u{5f1}-GHA-1-2024",
            "C\u{e9}009-GHA01-GHA-1-2024",
        ] {
            assert_eq!(parse_itmo_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn difference_splits_blocks() {
        let held = RangeSet::from_ranges(vec![Range {
            first: 1,
            last: 1000,
        }]);
        let moved = RangeSet::from_ranges(vec![
            Range {
                first: 601,
                last: 1000,
            },
            Range {
                first: 1,
                last: 400,
            },
        ]);
        let left = held.difference(&moved);
        assert_eq!(
            left.ranges(),
            &[Range {
                first: 401,
                last: 600
            }]
        );
        assert_eq!(left.len(), 200);
    }

    fn naive(ranges: &[(u64, u64)]) -> std::collections::BTreeSet<u64> {
        ranges.iter().flat_map(|&(a, b)| a..=b).collect()
    }

    fn set(ranges: &[(u64, u64)]) -> RangeSet {
        RangeSet::from_ranges(
            ranges
                .iter()
                .map(|&(a, b)| Range { first: a, last: b })
                .collect(),
        )
    }

    fn members(s: &RangeSet) -> std::collections::BTreeSet<u64> {
        s.ranges().iter().flat_map(|r| r.first..=r.last).collect()
    }

    fn arb_ranges() -> impl Strategy<Value = Vec<(u64, u64)>> {
        prop::collection::vec((1u64..200, 0u64..30).prop_map(|(a, l)| (a, a + l)), 0..12)
    }

    fn claims_naive(claims: &[(u64, u64)]) -> Vec<Vec<(u64, usize)>> {
        // For each claim, the serials already claimed and by whom (first owner wins).
        let mut owner: std::collections::BTreeMap<u64, usize> = Default::default();
        let mut out = Vec::new();
        for (i, &(a, b)) in claims.iter().enumerate() {
            let mut hit = Vec::new();
            for s in a..=b {
                match owner.get(&s) {
                    Some(&o) => hit.push((s, o)),
                    None => {
                        owner.insert(s, i);
                    }
                }
            }
            out.push(hit);
        }
        out
    }

    proptest! {
        #[test]
        fn claims_match_first_owner_per_serial(c in arb_ranges()) {
            let mut claims = Claims::default();
            let want = claims_naive(&c);
            for (i, &(a, b)) in c.iter().enumerate() {
                let got: Vec<(u64, usize)> = claims
                    .claim(Range { first: a, last: b }, i)
                    .into_iter()
                    .flat_map(|(r, o)| (r.first..=r.last).map(move |s| (s, o)))
                    .collect();
                prop_assert_eq!(&got, &want[i]);
            }
        }

        #[test]
        fn set_algebra_matches_naive_sets(a in arb_ranges(), b in arb_ranges()) {
            let (sa, sb) = (set(&a), set(&b));
            let (na, nb) = (naive(&a), naive(&b));
            prop_assert_eq!(members(&sa.union(&sb)), na.union(&nb).copied().collect());
            prop_assert_eq!(members(&sa.difference(&sb)), na.difference(&nb).copied().collect());
            prop_assert_eq!(members(&sa.intersection(&sb)), na.intersection(&nb).copied().collect());
            prop_assert_eq!(sa.len(), na.len() as u128);
            // Canonical form: sorted, disjoint, not adjacent.
            for w in sa.ranges().windows(2) {
                prop_assert!(w[0].last + 1 < w[1].first);
            }
        }

        #[test]
        fn splitting_a_block_many_times_conserves_serials(first in 1u64..1000, len in 1u64..500, cuts in prop::collection::vec((0u64..500, 0u64..50), 0..10)) {
            let block = Range { first, last: first + len - 1 };
            let mut held = RangeSet::from_ranges(vec![block]);
            let mut moved = RangeSet::new();
            for (off, l) in cuts {
                let a = first + off % len;
                let part = RangeSet::from_ranges(vec![Range { first: a, last: (a + l).min(block.last) }]);
                let really = held.intersection(&part);
                held = held.difference(&really);
                moved = moved.union(&really);
            }
            prop_assert_eq!(held.len() + moved.len(), block.len());
            prop_assert!(held.intersection(&moved).is_empty());
        }

        #[test]
        fn serial_formats_round_trip(n in 1u64..10_000_000_000) {
            let plain = n.to_string();
            let mut grouped = String::new();
            for (i, c) in plain.chars().enumerate() {
                if i > 0 && (plain.len() - i) % 3 == 0 { grouped.push(','); }
                grouped.push(c);
            }
            prop_assert_eq!(parse_serial(&plain), Some(n));
            prop_assert_eq!(parse_serial(&grouped), Some(n));
        }
    }
}
