//! Realistic, consistent Article 6.2 documents for tests and benchmarks.
//!
//! A series of annual information (AEF) documents of several Parties over several
//! years, built from the bundle's example rows so that every field stays what the
//! schema expects: each Party first transfers ITMOs of its own cooperative approach to
//! the others; each acquirer reports the acquisition (same ITMOs, same quantity), uses
//! half in the same year and holds the rest; holdings carry over from year to year.
//! Serials restart per vintage (two vintages a year), every third row writes its IDs as
//! full ITMO unique identifiers (`CA0101-GHA01-GHA-1,000-2024`), and every Party names
//! its authorizations `LOA-001`…: the authorization IDs of different Parties collide, as
//! real ones may. Nothing here depends on the engine: the documents are plain JSON.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Parties used in order (ISO 3166-1 alpha-3).
const PARTIES: [&str; 60] = [
    "GHA", "CHE", "VUT", "SGP", "JPN", "SWE", "NOR", "PER", "SEN", "KEN", "THA", "MAR", "CHL",
    "COL", "DOM", "GEO", "IDN", "KOR", "LAO", "MDV", "MNG", "MWI", "NGA", "PHL", "RWA", "TZA",
    "UGA", "UKR", "URY", "VNM", "ZMB", "BTN", "CRI", "ETH", "FJI", "GUY", "JAM", "KHM", "LKA",
    "MOZ", "NPL", "PAK", "PAN", "PNG", "SLV", "TGO", "TUN", "BEN", "BFA", "CIV", "CMR", "COD",
    "ECU", "GTM", "HND", "KGZ", "MDG", "MLI", "NER", "SUR",
];

/// The shape of a generated series.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Number of Parties (at most 60).
    pub parties: usize,
    /// Reported years, consecutive (e.g. 2025, 2026).
    pub years: Vec<i64>,
    /// First transfers each Party reports each year.
    pub first_transfers: usize,
    /// Seed of the deterministic choices.
    pub seed: u64,
}

/// A generated document: a file name and the AEF.
#[derive(Debug, Clone)]
pub struct Document {
    /// `GHA-2025.json`.
    pub name: String,
    /// The Party.
    pub party: String,
    /// The reported year.
    pub year: i64,
    /// The AEF.
    pub aef: Value,
}

/// A small deterministic generator (SplitMix64): the same plan gives the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn example(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// Row templates taken from the bundle's examples (one source for every field).
struct Templates {
    first_transfer: Value,
    acquisition: Value,
    use_: Value,
    holding: Value,
    authorization: Value,
    entity: Value,
    submission: Value,
}

impl Templates {
    fn load() -> Templates {
        let gha = example(include_str!(
            "../../../schemas/examples/aef/ghana-2025-first-transfer.json"
        ));
        let che = example(include_str!(
            "../../../schemas/examples/aef/switzerland-2025-acquisition-and-use.json"
        ));
        Templates {
            first_transfer: gha["t3Actions"][0].clone(),
            acquisition: che["t3Actions"][0].clone(),
            use_: che["t3Actions"][1].clone(),
            holding: che["t4Holdings"][0].clone(),
            authorization: gha["t2Authorizations"][0].clone(),
            entity: gha["t5AuthorizedEntities"][0].clone(),
            submission: gha["t1Submission"].clone(),
        }
    }
}

/// Thousands separators, as the UNFCCC checker's ITMO IDs write serials.
fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One block of ITMOs.
#[derive(Debug, Clone)]
struct Block {
    ca: String,
    ftp: String,
    auth: String,
    vintage: i64,
    first: u64,
    last: u64,
    /// Write the IDs as full unique identifiers.
    full: bool,
}

impl Block {
    fn fill(&self, row: &mut Map<String, Value>, registry: &str) {
        row.insert("cooperativeApproachId".into(), json!(self.ca));
        row.insert("authorizationId".into(), json!(self.auth));
        row.insert("firstTransferringPartyId".into(), json!(self.ftp));
        row.insert("partyItmoRegistryId".into(), json!(registry));
        row.insert("vintage".into(), json!(self.vintage));
        row.insert("quantityTCO2e".into(), json!(self.last - self.first + 1));
        let origin = format!("{}01", self.ftp);
        let id = |s: u64| -> Value {
            if self.full {
                json!(format!(
                    "{}-{origin}-{}-{}-{}",
                    self.ca,
                    self.ftp,
                    grouped(s),
                    self.vintage
                ))
            } else {
                json!(s)
            }
        };
        row.insert("firstId".into(), id(self.first));
        row.insert("lastId".into(), id(self.last));
    }
}

fn row_of(template: &Value) -> Map<String, Value> {
    template.as_object().cloned().unwrap_or_default()
}

fn date(year: i64, day: u64) -> String {
    // Days 1..=300 of the year mapped to a month and day (28-day months keep it simple).
    let d = day.clamp(1, 300) - 1;
    format!("{year}-{:02}-{:02}T00:00:00Z", d / 28 + 1, d % 28 + 1)
}

/// Generate the series: one AEF per Party and year.
pub fn series(plan: &Plan) -> Vec<Document> {
    let t = Templates::load();
    let mut rng = Rng(plan.seed);
    let n = plan.parties.clamp(2, PARTIES.len());
    let parties = &PARTIES[..n];
    let ca = |p: usize| format!("CA{:04}", 101 + p);
    // Per (party, year): rows of each table.
    let mut t3: BTreeMap<(usize, i64), Vec<Value>> = BTreeMap::new();
    let mut held: BTreeMap<usize, Vec<Block>> = BTreeMap::new();
    let mut t4: BTreeMap<(usize, i64), Vec<Value>> = BTreeMap::new();
    // Next serial per (first transferring Party, vintage): serials restart per vintage.
    let mut next: BTreeMap<(usize, i64), u64> = BTreeMap::new();
    let mut row_no = 0u64;
    for &year in &plan.years {
        for p in 0..n {
            for k in 0..plan.first_transfers {
                let to = (p + 1 + rng.below(n as u64 - 1) as usize) % n;
                let vintage = year - 1 - (k as i64 % 2);
                let size = 10 + rng.below(990);
                let first = *next.get(&(p, vintage)).unwrap_or(&1);
                next.insert((p, vintage), first + size);
                row_no += 1;
                let block = Block {
                    ca: ca(p),
                    ftp: parties[p].into(),
                    auth: "LOA-001".into(),
                    vintage,
                    first,
                    last: first + size - 1,
                    full: row_no % 3 == 0,
                };
                let day = 1 + rng.below(250);
                let mut ft = row_of(&t.first_transfer);
                block.fill(&mut ft, &format!("{}01", parties[p]));
                ft.insert("actionDate".into(), json!(date(year, day)));
                ft.insert("acquiringPartyId".into(), json!(parties[to]));
                t3.entry((p, year)).or_default().push(Value::Object(ft));
                let mut acq = row_of(&t.acquisition);
                block.fill(&mut acq, &format!("{}01", parties[to]));
                acq.insert("actionDate".into(), json!(date(year, day)));
                acq.insert("transferringPartyId".into(), json!(parties[p]));
                acq.remove("additionalInformation");
                t3.entry((to, year)).or_default().push(Value::Object(acq));
                // The acquirer uses the first half this year and holds the rest.
                let half = size / 2;
                let used = Block {
                    last: block.first + half - 1,
                    ..block.clone()
                };
                let kept = Block {
                    first: block.first + half,
                    ..block.clone()
                };
                let mut u = row_of(&t.use_);
                used.fill(&mut u, &format!("{}01", parties[to]));
                u.insert("actionDate".into(), json!(date(year, day + 20)));
                u.insert("usingPartyId".into(), json!(parties[to]));
                u.insert("yearUsedTowardsNdc".into(), json!(year));
                t3.entry((to, year)).or_default().push(Value::Object(u));
                held.entry(to).or_default().push(kept);
            }
        }
        for (p, blocks) in &held {
            for b in blocks {
                let mut h = row_of(&t.holding);
                b.fill(&mut h, &format!("{}01", parties[*p]));
                t4.entry((*p, year)).or_default().push(Value::Object(h));
            }
        }
    }
    let mut out = Vec::new();
    for &year in &plan.years {
        for (p, party) in parties.iter().enumerate() {
            let mut sub = t.submission.clone();
            sub["party"] = json!(party);
            sub["reportedYear"] = json!(year);
            sub["dateOfSubmission"] = json!(format!("{}-04-10", year + 1));
            let mut auth = t.authorization.clone();
            auth["authorizationId"] = json!("LOA-001");
            auth["cooperativeApproachId"] = json!(ca(p));
            auth["dateOfAuthorization"] = json!("2023-01-15");
            auth["authorizedQuantity"] = json!(1_000_000_000u64);
            auth["authorizedParties"] =
                json!(parties.iter().filter(|q| *q != party).collect::<Vec<_>>());
            let entity_id = format!("{party}-000.000.001");
            auth["authorizedEntities"] = json!([entity_id]);
            let mut entity = t.entity.clone();
            entity["identificationNumber"] = json!(entity_id);
            entity["countryOfIncorporation"] = json!(party);
            entity["cooperativeApproachId"] = json!(ca(p));
            entity["dateOfAuthorization"] = json!("2023-01-15");
            let aef = json!({
                "t1Submission": sub,
                "t2Authorizations": [auth],
                "t3Actions": t3.remove(&(p, year)).unwrap_or_default(),
                "t4Holdings": t4.remove(&(p, year)).unwrap_or_default(),
                "t5AuthorizedEntities": [entity],
            });
            out.push(Document {
                name: format!("{party}-{year}.json"),
                party: (*party).to_owned(),
                year,
                aef,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_plan_gives_the_same_documents() {
        let plan = Plan {
            parties: 3,
            years: vec![2025, 2026],
            first_transfers: 4,
            seed: 7,
        };
        let a = series(&plan);
        let b = series(&plan);
        assert_eq!(a.len(), 6);
        assert_eq!(
            a.iter().map(|d| d.aef.to_string()).collect::<Vec<_>>(),
            b.iter().map(|d| d.aef.to_string()).collect::<Vec<_>>()
        );
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
