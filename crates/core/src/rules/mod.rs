//! Consistency rules as data: the checks that cross fields, rows, tables and
//! earlier submissions, which JSON Schema cannot express.
//!
//! A ruleset is a JSON file in the bundle (model: Spectral). A rule has a stable
//! code, a severity, what it applies to (`given`, an optional `when` filter that is
//! a JSON Schema on the row), optional `joins` to rows of other tables (or of earlier
//! submissions), and one built-in function with options (`then`). Each built-in is
//! one file in [`functions`] and documents its options. Rules marked `unconfirmed`
//! (the domain brief's §10) can never be errors: they load as warnings at most.

pub mod functions;
pub mod operand;
pub mod predicate;

use crate::error::EngineError;
use crate::findings::{Finding, Severity};
use crate::json::escape_token;
use functions::Function;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Where a row comes from: this document, or the n-th prior submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The document being checked.
    Current,
    /// `priorSubmissions[n]` of the context.
    Prior(usize),
}

/// A row (or the root) a rule looks at.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// JSON Pointer of the row within its document (shared: rows are cloned a lot).
    pub pointer: Rc<str>,
    /// Index within its table (document order).
    pub index: usize,
    /// The row's value.
    pub value: &'a Value,
    /// Which document.
    pub origin: Origin,
}

impl<'a> Row<'a> {
    /// The pointer of `field` within the row (`field` may be nested: `a/b`).
    pub fn field_pointer(&self, field: &str) -> String {
        if field.is_empty() {
            return self.pointer.to_string();
        }
        let mut p = self.pointer.to_string();
        for seg in field.split('/') {
            p.push('/');
            p.push_str(&escape_token(seg));
        }
        p
    }

    /// The value of `field` (nested with `/`).
    pub fn get(&self, field: &str) -> Option<&'a Value> {
        get_path(self.value, field)
    }
}

/// `a/b` lookup inside a value.
pub fn get_path<'v>(v: &'v Value, field: &str) -> Option<&'v Value> {
    if field.is_empty() {
        return Some(v);
    }
    let mut cur = v;
    for seg in field.split('/') {
        cur = match cur {
            Value::Object(m) => member(m, seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// A member of an object. Rows have a few dozen members: comparing names in order
/// (lengths first) is cheaper than hashing the name for every one of millions of lookups.
pub fn member<'v>(m: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    if m.len() <= 32 {
        m.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        m.get(key)
    }
}

/// Rows shared between rules.
pub type SharedRows<'a> = Rc<Vec<Row<'a>>>;

/// Everything a rule can see.
pub struct Ctx<'a> {
    /// The (normalised) document.
    pub doc: &'a Value,
    /// Earlier submissions from the context (normalised).
    pub history: &'a [Value],
    /// Today's date (`YYYY-MM-DD`) when the caller gave one; date-in-future checks need it.
    pub today: Option<&'a str>,
    /// Rows by (pattern, with history): many rules read the same tables.
    cache: RefCell<HashMap<(String, bool), SharedRows<'a>>>,
    /// Earlier submissions that this document replaces (an earlier version of the same
    /// Party's report for the same year): their rows are not "already reported".
    replaced: Vec<bool>,
    /// Join indexes by (from, history, their fields): ~15 rules join the same table.
    join_indexes: RefCell<HashMap<IndexSig, Rc<JoinIndex<'a>>>>,
    /// Joins by their full signature, with the rows already looked up through them.
    joins: RefCell<HashMap<JoinSig, Rc<SharedJoin<'a>>>>,
    /// Authorizing Parties of Table 2 IDs per document (several rules need them).
    authorizing: RefCell<HashMap<Origin, Rc<HashMap<String, String>>>>,
}

/// A join index's identity across rules: (from, history, their fields, Party-scoped).
type IndexSig = (String, bool, Vec<String>, bool);

/// A join's identity across rules: (from, history, `(ours, theirs)` pairs, party field).
type JoinSig = (String, bool, Vec<(String, String)>, Option<String>);

/// Separates the submitting Party from the key of a Party-scoped history row.
const PARTY_SEP: char = '\u{1e}';

/// The target rows of a join indexed by key (highest version wins), built once per check.
pub struct JoinIndex<'a> {
    /// Winning rows, in the order first seen.
    rows: Vec<Row<'a>>,
    /// Key text → position in `rows`.
    by_key: HashMap<String, u32>,
}

/// Hashes a pointer by one multiply: the per-row join memo is keyed by row addresses.
#[derive(Default, Clone, Copy)]
pub struct PtrHasher(u64);

impl std::hash::Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = ((n as u64) ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 ^= self.0 >> 29;
    }
}

type PtrMap<V> = HashMap<usize, V, std::hash::BuildHasherDefault<PtrHasher>>;

/// One join signature shared by every rule using it: the index and, per row looked up,
/// the joined row (rules filter and read the same rows through the same join).
pub struct SharedJoin<'a> {
    /// The index of the target rows.
    index: Rc<JoinIndex<'a>>,
    /// Row value address → position in `index.rows` (`u32::MAX`: no match).
    hits: RefCell<PtrMap<u32>>,
}

impl<'a> SharedJoin<'a> {
    /// The row joined to `row` through `join` (whose signature this is).
    pub fn lookup(&self, join: &Join, row: &Row<'_>, scratch: &mut String) -> Option<&Row<'a>> {
        let at = std::ptr::from_ref(row.value) as usize;
        let known = self.hits.borrow().get(&at).copied();
        let pos = if let Some(p) = known {
            p
        } else {
            let keyed = join.write_row_key(scratch, row);
            // Authorization identity: the row's Party before the key (see build_index).
            let scoped = match join.party.as_deref() {
                None => true,
                Some(f) => match row.get(f) {
                    Some(Value::String(party)) => {
                        scratch.insert(0, PARTY_SEP);
                        scratch.insert_str(0, party);
                        true
                    }
                    _ => false,
                },
            };
            let p = if keyed && scoped {
                self.index
                    .by_key
                    .get(scratch.as_str())
                    .copied()
                    .unwrap_or(u32::MAX)
            } else {
                u32::MAX
            };
            self.hits.borrow_mut().insert(at, p);
            p
        };
        self.index.rows.get(pos as usize)
    }
}

impl<'a> Ctx<'a> {
    /// A context over a document and its history.
    pub fn new(doc: &'a Value, history: &'a [Value], today: Option<&'a str>) -> Ctx<'a> {
        let mine = crate::identity::submission(doc);
        let replaced = history
            .iter()
            .map(|h| mine.is_some() && crate::identity::submission(h) == mine)
            .collect();
        Ctx {
            doc,
            history,
            today,
            cache: RefCell::new(HashMap::new()),
            replaced,
            join_indexes: RefCell::new(HashMap::new()),
            joins: RefCell::new(HashMap::new()),
            authorizing: RefCell::new(HashMap::new()),
        }
    }

    /// The authorizing Party of each Table 2 authorization ID of a document
    /// ([`crate::identity::authorizing_parties`]), worked out once per check.
    pub fn authorizing_parties(&self, origin: Origin) -> Rc<HashMap<String, String>> {
        if let Some(m) = self.authorizing.borrow().get(&origin) {
            return Rc::clone(m);
        }
        let m = Rc::new(
            self.doc_of(origin)
                .map(crate::identity::authorizing_parties)
                .unwrap_or_default(),
        );
        self.authorizing.borrow_mut().insert(origin, Rc::clone(&m));
        m
    }

    /// The Party a Table 2 row with authorization ID `id` belongs to, for the
    /// authorization identity: in this document its authorizing Party, in an earlier
    /// submission the Party that submitted it (SHAPES.md).
    pub fn authorization_party(&self, row: &Row<'_>, id: &str) -> Option<String> {
        match row.origin {
            Origin::Current => self.authorizing_parties(Origin::Current).get(id).cloned(),
            Origin::Prior(_) => self
                .doc_of(row.origin)
                .and_then(crate::identity::submitting_party)
                .map(str::to_owned),
        }
    }

    /// The document of an origin.
    pub fn doc_of(&self, origin: Origin) -> Option<&'a Value> {
        match origin {
            Origin::Current => Some(self.doc),
            Origin::Prior(i) => self.history.get(i),
        }
    }

    /// Rows matching a pattern (`/t3Actions/*`, `""` for the root) in this document,
    /// and in every prior submission too when `with_history`.
    /// Shared, not copied: several rules read the same tables of 100,000 rows.
    pub fn rows(&self, pattern: &str, with_history: bool) -> SharedRows<'a> {
        self.shared_rows(pattern, with_history)
    }

    /// The rows of a pattern, computed once per validation and shared by every rule.
    pub fn shared_rows(&self, pattern: &str, with_history: bool) -> Rc<Vec<Row<'a>>> {
        let key = (pattern.to_owned(), with_history);
        if let Some(rows) = self.cache.borrow().get(&key) {
            return Rc::clone(rows);
        }
        let mut out = Vec::new();
        expand(self.doc, pattern, Origin::Current, &mut out);
        if with_history {
            // Submission-level rules compare the submissions themselves, replaced or not.
            let all = pattern == "/t1Submission";
            for (i, d) in self.history.iter().enumerate() {
                if all || !self.replaced.get(i).copied().unwrap_or(false) {
                    expand(d, pattern, Origin::Prior(i), &mut out);
                }
            }
        }
        let rows = Rc::new(out);
        self.cache.borrow_mut().insert(key, Rc::clone(&rows));
        rows
    }

    /// The shared state of `join`: one index per (table, key fields) and one memo of
    /// looked-up rows per join signature, for the whole check.
    pub fn join(&self, join: &Join) -> Rc<SharedJoin<'a>> {
        let sig: JoinSig = (
            join.from.clone(),
            join.history,
            join.on.clone(),
            join.party.clone(),
        );
        if let Some(j) = self.joins.borrow().get(&sig) {
            return Rc::clone(j);
        }
        let ikey = (
            join.from.clone(),
            join.history,
            join.on.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>(),
            join.party.is_some(),
        );
        let existing = self.join_indexes.borrow().get(&ikey).cloned();
        let index = match existing {
            Some(i) => i,
            None => {
                let i = Rc::new(join.build_index(self));
                self.join_indexes.borrow_mut().insert(ikey, Rc::clone(&i));
                i
            }
        };
        let shared = Rc::new(SharedJoin {
            index,
            hits: RefCell::new(PtrMap::default()),
        });
        self.joins.borrow_mut().insert(sig, Rc::clone(&shared));
        shared
    }
}

fn expand<'a>(doc: &'a Value, pattern: &str, origin: Origin, out: &mut Vec<Row<'a>>) {
    fn go<'a>(
        v: &'a Value,
        segs: &[&str],
        at: String,
        index: usize,
        origin: Origin,
        out: &mut Vec<Row<'a>>,
    ) {
        let Some((first, rest)) = segs.split_first() else {
            out.push(Row {
                pointer: Rc::from(at),
                index,
                value: v,
                origin,
            });
            return;
        };
        match (*first, v) {
            ("*", Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    go(item, rest, format!("{at}/{i}"), i, origin, out);
                }
            }
            (key, Value::Object(m)) => {
                if let Some(child) = m.get(key) {
                    go(
                        child,
                        rest,
                        format!("{at}/{}", escape_token(key)),
                        index,
                        origin,
                        out,
                    );
                }
            }
            _ => {}
        }
    }
    let segs: Vec<&str> = pattern.split('/').skip(1).collect();
    go(doc, &segs, String::new(), 0, origin, out);
}

/// A join: for each row, the matching row of another table (highest `version` wins).
#[derive(Debug, Clone)]
pub struct Join {
    /// Name used by operands and `assert` subjects.
    pub name: String,
    /// Pattern of the rows joined to.
    pub from: String,
    /// `(row field, joined row field)` pairs that must be equal.
    pub on: Vec<(String, String)>,
    /// Also look in prior submissions.
    pub history: bool,
    /// The row's field naming the Party whose records it refers to (authorization
    /// identity, [`crate::identity`]): this document's rows match when that Party is
    /// their authorizing Party, earlier submissions' rows when that Party submitted
    /// them, so one Party's `LOA-001` never stands in for another's.
    pub party: Option<String>,
}

/// The `version` of a row, for "highest version wins" (0 when absent).
fn version(r: &Row<'_>) -> u64 {
    r.get("version").and_then(Value::as_u64).unwrap_or(0)
}

impl Join {
    /// The target rows indexed by key, rows stored once and addressed by position.
    fn build_index<'a>(&self, ctx: &Ctx<'a>) -> JoinIndex<'a> {
        let mut rows: Vec<Row<'a>> = Vec::new();
        let mut idx: HashMap<String, u32> = HashMap::new();
        let mut key = String::new();
        for r in ctx.rows(&self.from, self.history).iter() {
            key.clear();
            if self.party.is_some() {
                let id = r.get("authorizationId").and_then(Value::as_str);
                let Some(p) = id.and_then(|id| ctx.authorization_party(r, id)) else {
                    continue;
                };
                key.push_str(&p);
                key.push(PARTY_SEP);
            }
            if !write_key_of(
                &mut key,
                r,
                self.on.iter().map(|(_, theirs)| theirs.as_str()),
            ) {
                continue;
            }
            match idx
                .get(key.as_str())
                .and_then(|p| rows.get_mut(*p as usize))
            {
                // Prefer the highest version; on a tie, this document over history.
                Some(old) if version(old) > version(r) => {}
                Some(old) if version(old) == version(r) && old.origin == Origin::Current => {}
                Some(old) => *old = r.clone(),
                None => {
                    idx.insert(key.clone(), rows.len() as u32);
                    rows.push(r.clone());
                }
            }
        }
        JoinIndex { rows, by_key: idx }
    }

    /// The key of `row` on this join's own side, written into `key` (cleared first);
    /// false when a field is missing. Lets lookups reuse one buffer instead of allocating.
    pub fn write_row_key(&self, key: &mut String, row: &Row<'_>) -> bool {
        key.clear();
        write_key_of(key, row, self.on.iter().map(|(ours, _)| ours.as_str()))
    }
}

/// A composite key of field values as text, or `None` when one is missing.
pub fn key_of<'f>(row: &Row<'_>, fields: impl Iterator<Item = &'f str>) -> Option<String> {
    let mut key = String::new();
    write_key_of(&mut key, row, fields).then_some(key)
}

/// Append the composite key of [`key_of`] to `key` (no allocation beyond the buffer's
/// growth); false when a field is missing (`key` then holds a partial key).
pub fn write_key_of<'f>(
    key: &mut String,
    row: &Row<'_>,
    fields: impl Iterator<Item = &'f str>,
) -> bool {
    for f in fields {
        let Some(v) = row.get(f) else {
            return false;
        };
        push_key_text(key, v);
        key.push('\u{1f}');
    }
    true
}

/// The text of a key value: strings bare, numbers by their digits.
pub fn key_text(v: &Value) -> String {
    let mut s = String::new();
    push_key_text(&mut s, v);
    s
}

/// Append [`key_text`] of `v` to `buf`: keys are built per row, so no temporary strings.
pub fn push_key_text(buf: &mut String, v: &Value) {
    match v {
        Value::String(s) => buf.push_str(s),
        // With arbitrary_precision a number is its token text: the same as `to_string()`.
        Value::Number(n) => buf.push_str(n.as_str()),
        other => {
            use std::fmt::Write;
            let _ = write!(buf, "{other}");
        }
    }
}

/// One compiled rule.
pub struct Rule {
    /// Unique id within the ruleset (defaults to the code).
    pub id: String,
    /// Stable code (`STC01`, `AEF-X-13`, `AUTH-06`).
    pub code: String,
    /// Other codes for the same check (e.g. the AEF-X id of an UNFCCC checker rule).
    pub aliases: Vec<String>,
    /// Severity after clamping (`unconfirmed` rules are at most warnings).
    pub severity: Severity,
    /// True when the rule rests on an UNCONFIRMED item of the domain brief.
    pub unconfirmed: bool,
    /// Pattern of the rows the rule applies to.
    pub given: String,
    when: Option<predicate::Predicate>,
    /// `given` + the `when` schema as text: rules sharing both share their filtered rows.
    selection: String,
    filter: Option<functions::compare::Compare>,
    joins: Vec<Join>,
    function: Function,
    /// Message key.
    pub message: String,
    /// The rule's JSON as written (for `explain` and the catalogue).
    pub doc: Map<String, Value>,
}

/// The rules of one form.
#[derive(Default)]
pub struct Ruleset {
    /// Rules in file order.
    pub rules: Vec<Rule>,
    /// Rules the form's schema implements (`implementedBy: schema`), for the catalogue.
    pub schema_rules: Vec<Map<String, Value>>,
}

/// A per-call override of a rule's severity (`off` disables it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Override {
    /// Do not run the rule.
    Off,
    /// Run with this severity (clamped for unconfirmed rules).
    Severity(Severity),
}

/// A rule's severity for one check: its own, or the caller's override by code or alias
/// (UNCONFIRMED rules never become errors); `None` when turned off. The flag says the
/// caller set it, which makes it final (see [`hit_severity`]).
pub(crate) fn effective_severity(
    overrides: &HashMap<String, Override>,
    code: &str,
    aliases: &[String],
    declared: Severity,
    unconfirmed: bool,
) -> Option<(Severity, bool)> {
    let ov = overrides
        .get(code)
        .or_else(|| aliases.iter().find_map(|a| overrides.get(a)));
    match ov {
        Some(Override::Off) => None,
        Some(Override::Severity(s)) if unconfirmed && *s == Severity::Error => {
            Some((Severity::Warning, true))
        }
        Some(Override::Severity(s)) => Some((*s, true)),
        None => Some((declared, false)),
    }
}

/// A finding's severity: a function may lower the rule's (never raise it), e.g. when
/// earlier submissions are missing; a severity the caller set is final.
pub(crate) fn hit_severity(
    lowered: Option<Severity>,
    rule: Severity,
    overridden: bool,
) -> Severity {
    match lowered {
        Some(s) if !overridden => s.max(rule),
        _ => rule,
    }
}

impl Override {
    /// Parse `off`, `error`, `warning`, `info`.
    pub fn parse(s: &str) -> Option<Override> {
        if s == "off" {
            Some(Override::Off)
        } else {
            Severity::parse(s).map(Override::Severity)
        }
    }
}

pub(crate) fn bad(file: &str, pointer: String, detail: impl Into<String>) -> EngineError {
    EngineError::new("bundle-rule-invalid")
        .arg("file", file)
        .arg("pointer", pointer)
        .arg("detail", detail.into())
}

/// What every rule of a ruleset file says about itself, per-document or across documents.
pub(crate) struct Head {
    pub(crate) id: String,
    pub(crate) code: String,
    pub(crate) aliases: Vec<String>,
    /// After clamping: an `unconfirmed` rule is at most a warning.
    pub(crate) severity: Severity,
    pub(crate) unconfirmed: bool,
    pub(crate) message: String,
}

impl Head {
    /// Read the code, id, severity, `unconfirmed`, aliases and message key of the rule at `at`.
    pub(crate) fn read(
        file: &str,
        at: &str,
        obj: &Map<String, Value>,
    ) -> Result<Head, EngineError> {
        let code = obj
            .get("code")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
            .ok_or_else(|| bad(file, format!("{at}/code"), "needs a non-empty code"))?
            .to_owned();
        // Several rules may report one code (e.g. the cases of STC04); `id` tells them apart.
        let id = obj
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or(&code)
            .to_owned();
        let unconfirmed = obj
            .get("unconfirmed")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut severity = obj
            .get("severity")
            .and_then(Value::as_str)
            .and_then(Severity::parse)
            .ok_or_else(|| {
                bad(
                    file,
                    format!("{at}/severity"),
                    "must be error, warning or info",
                )
            })?;
        if unconfirmed && severity == Severity::Error {
            severity = Severity::Warning;
        }
        let aliases = obj
            .get("aliases")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let message = obj
            .get("message")
            .and_then(Value::as_str)
            .map_or_else(|| format!("rule.{code}"), str::to_owned);
        Ok(Head {
            id,
            code,
            aliases,
            severity,
            unconfirmed,
            message,
        })
    }
}

impl Ruleset {
    /// Compile a ruleset file (`{"rules": [...]}`). `file` names it in errors.
    pub fn compile(file: &str, v: &Value) -> Result<Ruleset, EngineError> {
        let Some(Value::Array(rules)) = v.get("rules") else {
            return Err(bad(file, "/rules".into(), "expected an array of rules"));
        };
        let mut out = Vec::new();
        let mut schema_rules = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, r) in rules.iter().enumerate() {
            let at = format!("/rules/{i}");
            let Value::Object(obj) = r else {
                return Err(bad(file, at, "a rule must be an object"));
            };
            let Head {
                id,
                code,
                aliases,
                severity,
                unconfirmed,
                message,
            } = Head::read(file, &at, obj)?;
            if !seen.insert(id.clone()) {
                return Err(bad(
                    file,
                    format!("{at}/id"),
                    format!("duplicate rule id {id} (give each rule sharing a code its own id)"),
                ));
            }
            let Some(then) = obj.get("then") else {
                // Documented only: the check lives in the form's schema (see `implementedBy`).
                if obj.get("implementedBy").and_then(Value::as_str) == Some("schema") {
                    schema_rules.push(obj.clone());
                    continue;
                }
                return Err(bad(
                    file,
                    format!("{at}/then"),
                    "needs then (or implementedBy: schema)",
                ));
            };
            let given = obj
                .get("given")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let selection = format!(
                "{given}\u{1f}{}",
                obj.get("when").map(Value::to_string).unwrap_or_default()
            );
            let when = match obj.get("when") {
                None => None,
                Some(schema) => Some(
                    predicate::Predicate::compile(schema)
                        .map_err(|e| bad(file, format!("{at}/when"), e))?,
                ),
            };
            let mut joins = Vec::new();
            if let Some(Value::Object(js)) = obj.get("joins") {
                for (name, j) in js {
                    let from = j.get("from").and_then(Value::as_str).ok_or_else(|| {
                        bad(file, format!("{at}/joins/{name}/from"), "needs from")
                    })?;
                    let on = j
                        .get("on")
                        .and_then(Value::as_object)
                        .ok_or_else(|| {
                            bad(
                                file,
                                format!("{at}/joins/{name}/on"),
                                "needs on: {ourField: theirField}",
                            )
                        })?
                        .iter()
                        .filter_map(|(k, v)| v.as_str().map(|t| (k.clone(), t.to_owned())))
                        .collect();
                    joins.push(Join {
                        name: name.clone(),
                        from: from.to_owned(),
                        on,
                        history: j.get("history").and_then(Value::as_bool).unwrap_or(false),
                        party: j.get("party").and_then(Value::as_str).map(str::to_owned),
                    });
                }
            }
            let function =
                Function::compile(then, &joins).map_err(|e| bad(file, format!("{at}/then"), e))?;
            let filter = match obj.get("filter") {
                None => None,
                Some(f) => Some(
                    functions::compare::Compare::compile(f, &joins)
                        .map_err(|e| bad(file, format!("{at}/filter"), e))?,
                ),
            };
            out.push(Rule {
                id,
                code,
                aliases,
                severity,
                unconfirmed,
                given,
                when,
                selection,
                filter,
                joins,
                function,
                message,
                doc: obj.clone(),
            });
        }
        Ok(Ruleset {
            rules: out,
            schema_rules,
        })
    }

    /// Run every enabled rule over the document.
    pub fn check(
        &self,
        ctx: &Ctx<'_>,
        overrides: &HashMap<String, Override>,
    ) -> Vec<(Finding, Vec<String>)> {
        self.check_with_progress(ctx, overrides, &mut |_| {})
    }

    /// [`Ruleset::check`], telling `progress` the fraction of rules done after each rule.
    pub fn check_with_progress(
        &self,
        ctx: &Ctx<'_>,
        overrides: &HashMap<String, Override>,
        progress: &mut dyn FnMut(f64),
    ) -> Vec<(Finding, Vec<String>)> {
        let mut out = Vec::new();
        let mut selections = self.native_selections(ctx);
        let total = self.rules.len().max(1) as f64;
        for (done, rule) in self.rules.iter().enumerate() {
            progress(done as f64 / total);
            let Some((severity, overridden)) = effective_severity(
                overrides,
                &rule.code,
                &rule.aliases,
                rule.severity,
                rule.unconfirmed,
            ) else {
                continue;
            };
            let joins: Vec<(String, Rc<SharedJoin<'_>>, &Join)> = rule
                .joins
                .iter()
                .map(|j| (j.name.clone(), ctx.join(j), j))
                .collect();
            let env = functions::Env::new(ctx, &joins, rule.when.as_ref(), &rule.given);
            // Many rules select the same rows (e.g. every Use row): filter once.
            let selected =
                Rc::clone(selections.entry(rule.selection.clone()).or_insert_with(|| {
                    Rc::new(
                        ctx.shared_rows(&rule.given, false)
                            .iter()
                            .filter(|r| rule.when.as_ref().is_none_or(|w| w.is_valid(r.value)))
                            .cloned()
                            .collect(),
                    )
                }));
            // Without a filter the selection is used as is: copying 100,000 rows per rule
            // touches every row pointer's reference count twice.
            let filtered: Vec<Row<'_>>;
            let rows: &[Row<'_>] = match &rule.filter {
                None => &selected,
                Some(c) => {
                    filtered = selected
                        .iter()
                        .filter(|r| c.holds(&env, r).is_some_and(|(ok, _, _)| ok))
                        .cloned()
                        .collect();
                    &filtered
                }
            };
            if rows.is_empty() && !rule.given.is_empty() {
                continue;
            }
            for hit in rule.function.run(&env, rows) {
                let severity = hit_severity(hit.severity, severity, overridden);
                let mut f = Finding::new(&rule.code, severity, hit.pointer);
                f.message_key = rule.message.clone();
                f.args = hit.args;
                out.push((f, hit.inputs));
            }
        }
        out
    }

    /// The rows selected by every natively compiled `when`, computed in one pass per
    /// `given`: most `when`s test the same members (`actionType`), read once per row.
    fn native_selections<'a>(&self, ctx: &Ctx<'a>) -> HashMap<String, Rc<Vec<Row<'a>>>> {
        let mut by_given: Vec<(&str, Vec<(&str, &predicate::Cond)>)> = Vec::new();
        for rule in &self.rules {
            let Some(predicate::Predicate::Native(cond)) = &rule.when else {
                continue;
            };
            let at = match by_given.iter().position(|(g, _)| *g == rule.given) {
                Some(i) => i,
                None => {
                    by_given.push((&rule.given, Vec::new()));
                    by_given.len() - 1
                }
            };
            let conds = &mut by_given[at].1;
            if !conds.iter().any(|(s, _)| *s == rule.selection) {
                conds.push((&rule.selection, cond));
            }
        }
        let mut out = HashMap::new();
        for (given, conds) in by_given {
            let mut picked: Vec<Vec<Row<'a>>> = vec![Vec::new(); conds.len()];
            let mut seen = Vec::new();
            for r in ctx.shared_rows(given, false).iter() {
                seen.clear();
                for ((_, cond), rows) in conds.iter().zip(picked.iter_mut()) {
                    if cond.holds_sharing(r.value, &mut seen) {
                        rows.push(r.clone());
                    }
                }
            }
            for ((selection, _), rows) in conds.into_iter().zip(picked) {
                out.insert(selection.to_owned(), Rc::new(rows));
            }
        }
        out
    }

    /// The rule with `code` (or alias), for `explain`.
    pub fn find(&self, code: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code == code || r.aliases.iter().any(|a| a == code))
    }
}

/// What a function reports: where, and the message args.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Pointer of the field that must change.
    pub pointer: String,
    /// Message arguments.
    pub args: Map<String, Value>,
    /// A lower severity than the rule's, when the function is less sure.
    pub severity: Option<Severity>,
    /// Pointers of the values the finding rests on; when the schema already rejects one
    /// of them (or something inside it), the finding is a cascade and is dropped.
    pub inputs: Vec<String>,
}

impl Hit {
    /// A hit at `pointer` with no args yet.
    pub fn at(pointer: String) -> Hit {
        Hit {
            pointer,
            args: Map::new(),
            severity: None,
            inputs: Vec::new(),
        }
    }

    /// Record a value the finding rests on.
    pub fn input(mut self, pointer: String) -> Hit {
        self.inputs.push(pointer);
        self
    }

    /// Lower this hit's severity.
    pub fn severity(mut self, s: Severity) -> Hit {
        self.severity = Some(s);
        self
    }

    /// Add an argument.
    pub fn arg(mut self, k: &str, v: impl Into<Value>) -> Hit {
        self.args.insert(k.to_owned(), v.into());
        self
    }

    /// Name another row's place: `other` is its pointer; for an earlier submission, its
    /// index in `priorSubmissions` is `otherSubmission`.
    pub fn other(mut self, row: &Row<'_>, field: &str) -> Hit {
        self.args
            .insert("other".into(), Value::String(row.field_pointer(field)));
        if let Origin::Prior(i) = row.origin {
            self.args.insert("otherSubmission".into(), Value::from(i));
        }
        self
    }
}
