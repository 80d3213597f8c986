//! A small JSON Schema 2020-12 validator, written for a6check so that the Wasm module
//! stays small and validation stays fast.
//!
//! - Schemas are compiled once into an arena of nodes; every `$ref` is resolved to a node
//!   index at compile time. Nothing touches the network: resources (URI → schema) are
//!   given by the caller, and the 2020-12 metaschemas are embedded.
//! - Numbers are compared on their exact decimal text ([`decimal`]), never through `f64`:
//!   `19.99` is a multiple of `0.01`, and 40-digit integers compare exactly.
//! - Regular expressions use `regex-lite` (ASCII classes, as ECMA-262 without `u`).
//! - Errors carry the instance path, the keyword's pointer in its schema document and
//!   the evaluation path (with `$ref` segments), like the JSON Schema output formats.

pub mod decimal;
mod error;
mod formats;
mod meta;
mod num;
mod simple;
mod uri;
mod validate;

pub use error::{Error, ErrorKind, TypeSet};
/// JSON Pointer and URI-fragment helpers the validator uses, for callers that address
/// places in schemas and documents the same way.
pub use formats::json_pointer as is_json_pointer;
pub use uri::{percent_decode, unescape_token};

use regex_lite::Regex;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// Index of a compiled schema in the validator's arena.
type NodeId = u32;

/// Deepest `$ref`/applicator nesting evaluated for one instance location chain before
/// the validator gives up (a schema such as `{"$ref": "#"}` would otherwise recurse forever).
const MAX_DEPTH: u32 = 200;

const VOCAB_VALIDATION: &str = "https://json-schema.org/draft/2020-12/vocab/validation";
const VOCAB_FORMAT_ASSERTION: &str = "https://json-schema.org/draft/2020-12/vocab/format-assertion";
const DEFAULT_BASE: &str = "json-schema:///";

/// How to compile a schema: base URI, extra resources, format assertion and keywords that
/// always fail (a6check's `x-a6-finding`). Borrows the resources: nothing is cloned
/// that compilation does not need.
#[derive(Clone, Default)]
pub struct Options<'a> {
    base_uri: Option<&'a str>,
    resources: Vec<(&'a str, &'a Value)>,
    assert_formats: bool,
    finding_keywords: Vec<&'a str>,
}

impl<'a> Options<'a> {
    /// Default options: base `json-schema:///`, no resources, `format` an annotation.
    pub fn new() -> Options<'a> {
        Options::default()
    }

    /// The base URI of the root schema (relative `$ref`s and `$id`s resolve against it).
    pub fn base_uri(mut self, uri: &'a str) -> Options<'a> {
        self.base_uri = Some(uri);
        self
    }

    /// A schema document served from memory at `uri` (and at its own `$id`, if any).
    pub fn resource(mut self, uri: &'a str, schema: &'a Value) -> Options<'a> {
        self.resources.push((uri, schema));
        self
    }

    /// Make `format` an assertion (the specification makes it an annotation by default).
    pub fn assert_formats(mut self, yes: bool) -> Options<'a> {
        self.assert_formats = yes;
        self
    }

    /// A keyword that fails wherever its schema applies, carrying its value as a
    /// finding spec `{"code", "severity"?, "message"?, "args"?}` (checked at compile time).
    pub fn finding_keyword(mut self, name: &'a str) -> Options<'a> {
        self.finding_keywords.push(name);
        self
    }

    /// Compile `schema` with these options.
    pub fn compile(&self, schema: &Value) -> Result<Validator, CompileError> {
        Compiler::new(self, schema)?.run()
    }
}

/// Compile `schema` with default options.
pub fn compile(schema: &Value) -> Result<Validator, CompileError> {
    Options::new().compile(schema)
}

/// Why a schema did not compile, and where (a JSON Pointer into the document named by `uri`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// The document's URI.
    pub uri: String,
    /// JSON Pointer of the offending keyword in that document.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at {}#{})", self.message, self.uri, self.pointer)
    }
}

impl std::error::Error for CompileError {}

/// A compiled schema, ready to validate any number of instances.
#[derive(Debug)]
pub struct Validator {
    nodes: Vec<Node>,
    root: NodeId,
    /// Dynamic anchors: (resource, name, node).
    dynamic: Vec<(u32, String, NodeId)>,
    has_dynamic: bool,
    /// Per node: `(P, C)` when the node is exactly `{"required": [P], "properties": {P:
    /// {"const": C}}}`, the discriminator test of conditionals, decided with one lookup.
    if_const: Vec<Option<Box<MemberConst>>>,
}

#[derive(Debug)]
struct Node {
    kws: Vec<Kw>,
    /// Pointer of this schema in its document (for error schema paths).
    pointer: String,
    /// The schema resource (by base URI) this node belongs to: the dynamic scope unit.
    resource: u32,
    /// True when some keyword here needs annotations (`unevaluated*`).
    unevaluated: bool,
}

/// A hash of a few loads and one multiply per key (the head, middle and tail words and
/// the length), not a pass over every byte: property names and code-list values are
/// short, byte-wise FNV-1a was a chain of dependent multiplies, and SipHash costs more
/// than the lookups it protects. Keys that agree on those words only share a probe
/// sequence; equality is still decided on the whole key.
#[derive(Default, Clone, Copy)]
struct KeyHash(u64);

const HASH_K: u64 = 0x9e37_79b9_7f4a_7c15;

fn word8(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

fn word4(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u64::from(u32::from_le_bytes(w))
}

impl std::hash::Hasher for KeyHash {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }

    fn write(&mut self, b: &[u8]) {
        let n = b.len();
        let w = if n >= 16 {
            word8(b, 0) ^ word8(b, n / 2 - 4).rotate_left(21) ^ word8(b, n - 8).rotate_left(42)
        } else if n >= 8 {
            word8(b, 0) ^ word8(b, n - 8).rotate_left(29)
        } else if n >= 4 {
            word4(b, 0) | (word4(b, n - 4) << 32)
        } else if n > 0 {
            u64::from(b[0]) | (u64::from(b[n / 2]) << 8) | (u64::from(b[n - 1]) << 16)
        } else {
            0
        };
        let h = (self.0.rotate_left(5) ^ w).wrapping_mul(HASH_K);
        self.0 = (h ^ (n as u64)).wrapping_mul(HASH_K);
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(HASH_K);
    }
}

type KeyHashBuild = std::hash::BuildHasherDefault<KeyHash>;
/// Names of a `properties` keyword → their index.
type NameMap = HashMap<Box<str>, usize, KeyHashBuild>;
/// The strings of a long `enum`.
type NameSet = std::collections::HashSet<Box<str>, KeyHashBuild>;

/// A `pattern`: the one-pass matcher when the pattern is simple enough, else regex-lite.
#[derive(Debug)]
struct Pattern {
    re: Regex,
    simple: Option<simple::Simple>,
    backtrack: Option<simple::Backtrack>,
}

impl Pattern {
    fn is_match(&self, s: &str) -> bool {
        if let Some(simple) = &self.simple {
            return simple.is_match(s);
        }
        if let Some(found) = self.backtrack.as_ref().and_then(|b| b.is_match(s)) {
            return found;
        }
        self.re.is_match(s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumKw {
    Minimum,
    Maximum,
    ExclusiveMinimum,
    ExclusiveMaximum,
}

#[derive(Debug)]
enum Kw {
    False,
    Ref(NodeId),
    DynamicRef(NodeId, String),
    Type(TypeSet),
    Enum(Value, Option<Box<NameSet>>),
    Const(Value),
    Num(NumKw, Value),
    MultipleOf(decimal::Decimal, Value),
    MinLength(u64),
    MaxLength(u64),
    Pattern(Box<Pattern>, Value),
    Format(formats::Format, Value),
    MinItems(u64),
    MaxItems(u64),
    UniqueItems,
    MinProperties(u64),
    MaxProperties(u64),
    Required(Vec<Value>, Box<NameSet>),
    DependentRequired(Vec<(String, Vec<Value>)>),
    AllOf(Vec<NodeId>),
    AnyOf(Vec<NodeId>),
    OneOf(Vec<NodeId>),
    Not(NodeId, Value),
    If(NodeId, Option<NodeId>, Option<NodeId>),
    Properties(Vec<(String, NodeId)>, Box<NameMap>),
    PatternProperties(Vec<(Regex, String, NodeId)>),
    AdditionalProperties {
        node: NodeId,
        /// The sibling `properties` names, hashed: each member of each row is looked up.
        names: Box<NameSet>,
        patterns: Vec<Regex>,
    },
    PropertyNames(NodeId),
    DependentSchemas(Vec<(String, NodeId)>),
    PrefixItems(Vec<NodeId>),
    Items(NodeId, usize),
    Contains(NodeId, u64, Option<u64>),
    UnevaluatedProperties(NodeId),
    UnevaluatedItems(NodeId),
    Finding(String, Value),
}

impl Kw {
    /// Evaluation order: cheap keywords first. The exact-number keywords and finding
    /// keywords come last, where a6check's custom keywords always ran.
    fn priority(&self) -> u8 {
        match self {
            Kw::False | Kw::Type(_) => 1,
            Kw::Const(_) => 5,
            Kw::Enum(..) => 6,
            Kw::MinLength(_) => 20,
            Kw::MaxLength(_) => 21,
            Kw::MinItems(_) => 22,
            Kw::MaxItems(_) => 23,
            Kw::MinProperties(_) => 24,
            Kw::MaxProperties(_) => 25,
            Kw::Required(..) => 26,
            Kw::DependentRequired(_) => 27,
            Kw::Pattern(..) => 30,
            Kw::Format(..) => 31,
            Kw::UniqueItems => 35,
            Kw::Properties(..) => 40,
            Kw::PatternProperties(_) => 41,
            Kw::AdditionalProperties { .. } => 42,
            Kw::PropertyNames(_) => 43,
            Kw::Items(..) => 44,
            Kw::PrefixItems(_) => 45,
            Kw::Contains(..) => 47,
            Kw::DependentSchemas(_) => 49,
            Kw::AllOf(_) => 50,
            Kw::AnyOf(_) => 51,
            Kw::OneOf(_) => 52,
            Kw::Not(..) => 53,
            Kw::If(..) => 54,
            Kw::UnevaluatedProperties(_) => 60,
            Kw::UnevaluatedItems(_) => 61,
            Kw::Ref(_) => 70,
            Kw::DynamicRef(..) => 72,
            Kw::Num(..) | Kw::MultipleOf(..) | Kw::Finding(..) => 80,
        }
    }

    fn name(&self) -> &str {
        match self {
            Kw::False => "",
            Kw::Ref(_) => "$ref",
            Kw::DynamicRef(..) => "$dynamicRef",
            Kw::Type(_) => "type",
            Kw::Enum(..) => "enum",
            Kw::Const(_) => "const",
            Kw::Num(NumKw::Minimum, _) => "minimum",
            Kw::Num(NumKw::Maximum, _) => "maximum",
            Kw::Num(NumKw::ExclusiveMinimum, _) => "exclusiveMinimum",
            Kw::Num(NumKw::ExclusiveMaximum, _) => "exclusiveMaximum",
            Kw::MultipleOf(..) => "multipleOf",
            Kw::MinLength(_) => "minLength",
            Kw::MaxLength(_) => "maxLength",
            Kw::Pattern(..) => "pattern",
            Kw::Format(..) => "format",
            Kw::MinItems(_) => "minItems",
            Kw::MaxItems(_) => "maxItems",
            Kw::UniqueItems => "uniqueItems",
            Kw::MinProperties(_) => "minProperties",
            Kw::MaxProperties(_) => "maxProperties",
            Kw::Required(..) => "required",
            Kw::DependentRequired(_) => "dependentRequired",
            Kw::AllOf(_) => "allOf",
            Kw::AnyOf(_) => "anyOf",
            Kw::OneOf(_) => "oneOf",
            Kw::Not(..) => "not",
            Kw::If(..) => "if",
            Kw::Properties(..) => "properties",
            Kw::PatternProperties(_) => "patternProperties",
            Kw::AdditionalProperties { .. } => "additionalProperties",
            Kw::PropertyNames(_) => "propertyNames",
            Kw::DependentSchemas(_) => "dependentSchemas",
            Kw::PrefixItems(_) => "prefixItems",
            Kw::Items(..) => "items",
            Kw::Contains(..) => "contains",
            Kw::UnevaluatedProperties(_) => "unevaluatedProperties",
            Kw::UnevaluatedItems(_) => "unevaluatedItems",
            Kw::Finding(name, _) => name,
        }
    }
}

/// Keywords whose value is a schema, an array of schemas, or an object of schemas:
/// the places where `$id`, `$anchor` and `$dynamicAnchor` count.
#[derive(Clone, Copy)]
enum Holds {
    One,
    Many,
    Named,
}

fn holds(keyword: &str) -> Option<Holds> {
    Some(match keyword {
        "additionalProperties"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "items"
        | "contains"
        | "not"
        | "if"
        | "then"
        | "else"
        | "propertyNames"
        | "contentSchema" => Holds::One,
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Holds::Many,
        "$defs" | "definitions" | "properties" | "patternProperties" | "dependentSchemas"
        | "dependencies" => Holds::Named,
        _ => return None,
    })
}

#[derive(Clone, Copy)]
struct Vocab {
    validation: bool,
    format_assertion: bool,
}

struct Compiler<'o, 'a> {
    opts: &'o Options<'a>,
    docs: Vec<&'a Value>,
    doc_uri: Vec<String>,
    doc_vocab: Vec<Vocab>,
    /// Absolute URI (no fragment) → (document, pointer).
    resources: HashMap<String, (u32, String)>,
    /// (resource URI, anchor) → (document, pointer).
    anchors: HashMap<(String, String), (u32, String)>,
    /// resource URI → its dynamic anchors (name, document, pointer).
    dyn_anchors: HashMap<String, Vec<(String, u32, String)>>,
    builtin_loaded: bool,
    index: HashMap<(u32, String), NodeId>,
    nodes: Vec<Node>,
    queue: Vec<(NodeId, u32, String, String)>,
    res_ids: HashMap<String, u32>,
    res_uris: Vec<String>,
    has_dynamic: bool,
}

/// A conditional's "member `P` equals `C`" test: `(P, C)`.
type MemberConst = (Box<str>, Value);

/// `(P, C)` when `node` holds exactly when the instance, if an object, has member `P`
/// equal to `C`: `{"required": [P], "properties": {P: {"const": C}}}` and nothing else.
fn member_const(nodes: &[Node], node: &Node) -> Option<Box<MemberConst>> {
    let [Kw::Required(names, _), Kw::Properties(props, _)] = node.kws.as_slice() else {
        return None;
    };
    let ([Value::String(p)], [(q, n)]) = (names.as_slice(), props.as_slice()) else {
        return None;
    };
    let [Kw::Const(c)] = nodes.get(*n as usize)?.kws.as_slice() else {
        return None;
    };
    (p == q).then(|| Box::new((Box::from(p.as_str()), c.clone())))
}

fn err(uri: &str, pointer: &str, message: impl Into<String>) -> CompileError {
    CompileError {
        uri: uri.to_owned(),
        pointer: pointer.to_owned(),
        message: message.into(),
    }
}

impl<'o, 'a> Compiler<'o, 'a> {
    fn new(opts: &'o Options<'a>, schema: &'a Value) -> Result<Compiler<'o, 'a>, CompileError> {
        let mut c = Compiler {
            opts,
            docs: Vec::new(),
            doc_uri: Vec::new(),
            doc_vocab: Vec::new(),
            resources: HashMap::new(),
            anchors: HashMap::new(),
            dyn_anchors: HashMap::new(),
            builtin_loaded: false,
            index: HashMap::new(),
            nodes: Vec::new(),
            queue: Vec::new(),
            res_ids: HashMap::new(),
            res_uris: Vec::new(),
            has_dynamic: false,
        };
        let base = opts.base_uri.unwrap_or(DEFAULT_BASE);
        c.add_doc(base, schema);
        for (uri, doc) in &opts.resources {
            c.add_doc(uri, doc);
        }
        c.doc_vocab = (0..c.docs.len()).map(|d| c.vocab_of(d)).collect();
        Ok(c)
    }

    fn add_doc(&mut self, uri: &str, doc: &'a Value) {
        let d = self.docs.len() as u32;
        let (uri, _) = uri::split_fragment(uri);
        let uri = uri::resolve(DEFAULT_BASE, uri);
        self.docs.push(doc);
        self.doc_uri.push(uri.clone());
        self.resources
            .entry(uri.clone())
            .or_insert((d, String::new()));
        let mut ptr = String::new();
        self.scan(d, doc, &mut ptr, &uri);
    }

    /// Register every `$id`, `$anchor` and `$dynamicAnchor` in a document.
    fn scan(&mut self, d: u32, v: &'a Value, ptr: &mut String, base: &str) {
        let Value::Object(m) = v else { return };
        let mut base = base.to_owned();
        if let Some(Value::String(id)) = m.get("$id") {
            let full = uri::resolve(&base, id);
            let (u, _) = uri::split_fragment(&full);
            base = u.to_owned();
            self.resources
                .entry(base.clone())
                .or_insert((d, ptr.clone()));
        }
        if let Some(Value::String(a)) = m.get("$anchor") {
            self.anchors
                .entry((base.clone(), a.clone()))
                .or_insert((d, ptr.clone()));
        }
        if let Some(Value::String(a)) = m.get("$dynamicAnchor") {
            self.anchors
                .entry((base.clone(), a.clone()))
                .or_insert((d, ptr.clone()));
            self.dyn_anchors
                .entry(base.clone())
                .or_default()
                .push((a.clone(), d, ptr.clone()));
        }
        for (k, sub) in m {
            let Some(h) = holds(k) else { continue };
            let len = ptr.len();
            ptr.push('/');
            ptr.push_str(&uri::escape_token(k));
            match (h, sub) {
                (Holds::One, _) => self.scan(d, sub, ptr, &base),
                (Holds::Many, Value::Array(items)) => {
                    for (i, s) in items.iter().enumerate() {
                        let l = ptr.len();
                        ptr.push('/');
                        ptr.push_str(&i.to_string());
                        self.scan(d, s, ptr, &base);
                        ptr.truncate(l);
                    }
                }
                (Holds::Named, Value::Object(named)) => {
                    for (name, s) in named {
                        let l = ptr.len();
                        ptr.push('/');
                        ptr.push_str(&uri::escape_token(name));
                        self.scan(d, s, ptr, &base);
                        ptr.truncate(l);
                    }
                }
                _ => {}
            }
            ptr.truncate(len);
        }
    }

    fn load_builtin(&mut self) {
        if self.builtin_loaded {
            return;
        }
        self.builtin_loaded = true;
        for (uri, doc) in meta::all() {
            if !self.resources.contains_key(*uri) {
                let d = self.docs.len();
                self.add_doc(uri, doc);
                let v = self.vocab_of(d);
                self.doc_vocab.push(v);
            }
        }
    }

    /// The vocabularies a document's metaschema turns on.
    fn vocab_of(&mut self, d: usize) -> Vocab {
        let mut v = Vocab {
            validation: true,
            format_assertion: false,
        };
        let Some(Value::String(s)) = self.docs[d].get("$schema") else {
            return v;
        };
        let (u, _) = uri::split_fragment(s);
        let found = self
            .resources
            .get(u)
            .map(|(md, p)| (*md, p.clone()))
            .or_else(|| meta::get(u).map(|_| (u32::MAX, String::new())));
        let meta_doc: Option<&Value> = match found {
            Some((u32::MAX, _)) => meta::get(u),
            Some((md, p)) => self.docs[md as usize].pointer(&p),
            None => None,
        };
        if let Some(Value::Object(vocabs)) = meta_doc.and_then(|m| m.get("$vocabulary")) {
            v.validation = vocabs.contains_key(VOCAB_VALIDATION);
            v.format_assertion = vocabs.contains_key(VOCAB_FORMAT_ASSERTION);
        }
        v
    }

    /// The base URI at `pointer` in document `d`: the document's URI changed by every
    /// `$id` on the way (including the one at `pointer` itself when `own`).
    fn base_at(&self, d: u32, pointer: &str, own: bool) -> String {
        let mut base = self.doc_uri[d as usize].clone();
        let mut cur = self.docs[d as usize];
        let tokens: Vec<&str> = if pointer.is_empty() {
            Vec::new()
        } else {
            pointer[1..].split('/').collect()
        };
        let apply_id = |cur: &Value, base: &mut String| {
            if let Some(Value::String(id)) = cur.get("$id") {
                let full = uri::resolve(base, id);
                *base = uri::split_fragment(&full).0.to_owned();
            }
        };
        for t in &tokens {
            apply_id(cur, &mut base);
            let t = uri::unescape_token(t);
            let next = match cur {
                Value::Object(m) => m.get(&t),
                Value::Array(a) => t.parse::<usize>().ok().and_then(|j| a.get(j)),
                _ => None,
            };
            match next {
                Some(n) => cur = n,
                None => return base,
            }
        }
        if own {
            apply_id(cur, &mut base);
        }
        base
    }

    fn find_resource(&mut self, u: &str) -> Option<(u32, String)> {
        if let Some(r) = self.resources.get(u) {
            return Some(r.clone());
        }
        self.load_builtin();
        self.resources.get(u).cloned()
    }

    /// Resolve a reference against `base` to a (document, pointer).
    fn lookup(&mut self, base: &str, reference: &str) -> Result<(u32, String), String> {
        let full = uri::resolve(base, reference);
        let (u, frag) = uri::split_fragment(&full);
        let frag = uri::percent_decode(frag);
        let (d, rptr) = self
            .find_resource(u)
            .ok_or_else(|| format!("unresolvable $ref {reference:?}: no resource {u}"))?;
        if frag.is_empty() {
            return Ok((d, rptr));
        }
        if frag.starts_with('/') {
            let p = format!("{rptr}{frag}");
            if self.docs[d as usize].pointer(&p).is_none() {
                return Err(format!(
                    "unresolvable $ref {reference:?}: nothing at {frag} in {u}"
                ));
            }
            return Ok((d, p));
        }
        self.anchors
            .get(&(u.to_owned(), frag.clone()))
            .cloned()
            .ok_or_else(|| format!("unresolvable $ref {reference:?}: no anchor {frag:?} in {u}"))
    }

    fn resource_id(&mut self, base: &str) -> u32 {
        if let Some(&r) = self.res_ids.get(base) {
            return r;
        }
        let r = self.res_uris.len() as u32;
        self.res_uris.push(base.to_owned());
        self.res_ids.insert(base.to_owned(), r);
        r
    }

    /// The node for the schema at (document, pointer), queued for compilation if new.
    /// `outer_base` is the base URI around it (before its own `$id`).
    fn node(&mut self, d: u32, pointer: String, outer_base: &str) -> NodeId {
        if let Some(&id) = self.index.get(&(d, pointer.clone())) {
            return id;
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            kws: Vec::new(),
            pointer: pointer.clone(),
            resource: 0,
            unevaluated: false,
        });
        self.index.insert((d, pointer.clone()), id);
        self.queue.push((id, d, pointer, outer_base.to_owned()));
        id
    }

    fn run(mut self) -> Result<Validator, CompileError> {
        let root_base = self.doc_uri[0].clone();
        let root = self.node(0, String::new(), &root_base);
        loop {
            while let Some((id, d, pointer, base)) = self.queue.pop() {
                self.compile_node(id, d, &pointer, &base)?;
            }
            if !self.has_dynamic {
                break;
            }
            // Every dynamic anchor of every resource reached must be compiled: a
            // `$dynamicRef` may land on it through the dynamic scope alone.
            let mut pending = Vec::new();
            for uri in &self.res_uris {
                if let Some(list) = self.dyn_anchors.get(uri) {
                    for (_, d, p) in list {
                        if !self.index.contains_key(&(*d, p.clone())) {
                            pending.push((*d, p.clone()));
                        }
                    }
                }
            }
            if pending.is_empty() {
                break;
            }
            for (d, p) in pending {
                let outer = self.base_at(d, &p, false);
                self.node(d, p, &outer);
            }
        }
        let mut dynamic = Vec::new();
        if self.has_dynamic {
            for (uri, list) in &self.dyn_anchors {
                let Some(&r) = self.res_ids.get(uri) else {
                    continue;
                };
                for (name, d, p) in list {
                    if let Some(&id) = self.index.get(&(*d, p.clone())) {
                        if !dynamic.iter().any(|(x, n, _)| *x == r && n == name) {
                            dynamic.push((r, name.clone(), id));
                        }
                    }
                }
            }
        }
        let if_const = self
            .nodes
            .iter()
            .map(|n| member_const(&self.nodes, n))
            .collect();
        Ok(Validator {
            nodes: self.nodes,
            root,
            dynamic,
            has_dynamic: self.has_dynamic,
            if_const,
        })
    }

    fn compile_node(
        &mut self,
        id: NodeId,
        d: u32,
        pointer: &str,
        outer_base: &str,
    ) -> Result<(), CompileError> {
        let doc_uri = self.doc_uri[d as usize].clone();
        let bad = |p: &str, m: String| err(&doc_uri, p, m);
        let Some(v) = self.docs[d as usize].pointer(pointer) else {
            return Err(bad(pointer, "no schema here".into()));
        };
        let m = match v {
            Value::Bool(true) => {
                let r = self.resource_id(outer_base);
                self.nodes[id as usize].resource = r;
                return Ok(());
            }
            Value::Bool(false) => {
                let r = self.resource_id(outer_base);
                let n = &mut self.nodes[id as usize];
                n.resource = r;
                n.kws.push(Kw::False);
                return Ok(());
            }
            Value::Object(m) => m,
            _ => {
                return Err(bad(
                    pointer,
                    "a schema must be an object or a boolean".into(),
                ))
            }
        };
        let mut base = outer_base.to_owned();
        if let Some(idv) = m.get("$id") {
            let Value::String(s) = idv else {
                return Err(bad(
                    &format!("{pointer}/$id"),
                    "$id must be a string".into(),
                ));
            };
            let full = uri::resolve(&base, s);
            base = uri::split_fragment(&full).0.to_owned();
        }
        let resource = self.resource_id(&base);
        let vocab = self.doc_vocab[d as usize];
        let assert_formats = self.opts.assert_formats || vocab.format_assertion;
        let mut kws = Vec::new();
        let kp = |k: &str| format!("{pointer}/{}", uri::escape_token(k));
        let child = |k: &str| format!("{pointer}/{}", uri::escape_token(k));
        for (k, val) in m {
            let here = kp(k);
            let bad_type = |what: &str| bad(&here, format!("{k} must be {what}"));
            let validation = vocab.validation;
            match k.as_str() {
                "$ref" => {
                    let Value::String(r) = val else {
                        return Err(bad_type("a string"));
                    };
                    let (td, tp) = self.lookup(&base, r).map_err(|e| bad(&here, e))?;
                    let outer = self.base_at(td, &tp, false);
                    kws.push(Kw::Ref(self.node(td, tp, &outer)));
                }
                "$dynamicRef" => {
                    let Value::String(r) = val else {
                        return Err(bad_type("a string"));
                    };
                    let (td, tp) = self.lookup(&base, r).map_err(|e| bad(&here, e))?;
                    let outer = self.base_at(td, &tp, false);
                    let target = self.node(td, tp.clone(), &outer);
                    let frag = uri::split_fragment(r).1;
                    let dynamic = !frag.is_empty()
                        && !frag.starts_with('/')
                        && self.docs[td as usize]
                            .pointer(&tp)
                            .and_then(|t| t.get("$dynamicAnchor"))
                            .and_then(Value::as_str)
                            == Some(frag);
                    if dynamic {
                        self.has_dynamic = true;
                        kws.push(Kw::DynamicRef(target, frag.to_owned()));
                    } else {
                        kws.push(Kw::Ref(target));
                    }
                }
                "type" if validation => kws
                    .push(Kw::Type(parse_types(val).ok_or_else(|| {
                        bad_type("a type name or an array of unique type names")
                    })?)),
                "enum" if validation => {
                    if !val.is_array() {
                        return Err(bad_type("an array"));
                    }
                    // Code lists are long: strings are looked up in a hash set.
                    let strings: Vec<&str> = val
                        .as_array()
                        .map(|a| a.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    let set = (strings.len() > 8).then(|| {
                        Box::new(
                            strings
                                .iter()
                                .map(|s| Box::<str>::from(*s))
                                .collect::<NameSet>(),
                        )
                    });
                    kws.push(Kw::Enum(val.clone(), set));
                }
                "const" if validation => kws.push(Kw::Const(val.clone())),
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" if validation => {
                    let Value::Number(n) = val else {
                        return Err(bad_type("a number"));
                    };
                    if decimal::Decimal::parse(n.as_str()).is_none() {
                        return Err(bad_type("a number"));
                    }
                    let which = match k.as_str() {
                        "minimum" => NumKw::Minimum,
                        "maximum" => NumKw::Maximum,
                        "exclusiveMinimum" => NumKw::ExclusiveMinimum,
                        _ => NumKw::ExclusiveMaximum,
                    };
                    kws.push(Kw::Num(which, val.clone()));
                }
                "multipleOf" if validation => {
                    let dec = match val {
                        Value::Number(n) => decimal::Decimal::parse(n.as_str()),
                        _ => None,
                    }
                    .ok_or_else(|| bad_type("a number"))?;
                    if dec.is_zero() || num::is_negative(val) {
                        return Err(bad_type("a number greater than 0"));
                    }
                    kws.push(Kw::MultipleOf(dec, val.clone()));
                }
                "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
                | "maxProperties"
                    if validation =>
                {
                    let n = num::as_count(val).ok_or_else(|| bad_type("a non-negative integer"))?;
                    kws.push(match k.as_str() {
                        "minLength" => Kw::MinLength(n),
                        "maxLength" => Kw::MaxLength(n),
                        "minItems" => Kw::MinItems(n),
                        "maxItems" => Kw::MaxItems(n),
                        "minProperties" => Kw::MinProperties(n),
                        _ => Kw::MaxProperties(n),
                    });
                }
                "pattern" if validation => {
                    let Value::String(p) = val else {
                        return Err(bad_type("a string"));
                    };
                    let re = ecma_regex(p).map_err(|e| bad(&here, e))?;
                    let simple = simple::Simple::parse(p);
                    let backtrack = match simple {
                        None => simple::Backtrack::parse(p),
                        Some(_) => None,
                    };
                    let pattern = Pattern {
                        re,
                        simple,
                        backtrack,
                    };
                    kws.push(Kw::Pattern(Box::new(pattern), val.clone()));
                }
                "format" => {
                    let Value::String(f) = val else {
                        return Err(bad_type("a string"));
                    };
                    if assert_formats {
                        if let Some(fmt) = formats::Format::from_name(f) {
                            kws.push(Kw::Format(fmt, val.clone()));
                        }
                    }
                }
                "uniqueItems" if validation => match val {
                    Value::Bool(true) => kws.push(Kw::UniqueItems),
                    Value::Bool(false) => {}
                    _ => return Err(bad_type("a boolean")),
                },
                "required" if validation => {
                    let names = string_array(val).ok_or_else(|| bad_type("an array of strings"))?;
                    if !names.is_empty() {
                        let set: NameSet = names
                            .iter()
                            .filter_map(Value::as_str)
                            .map(Box::<str>::from)
                            .collect();
                        kws.push(Kw::Required(names, Box::new(set)));
                    }
                }
                "dependentRequired" if validation => {
                    let Value::Object(deps) = val else {
                        return Err(bad_type("an object of string arrays"));
                    };
                    let mut out = Vec::new();
                    for (name, list) in deps {
                        let names = string_array(list)
                            .ok_or_else(|| bad_type("an object of string arrays"))?;
                        out.push((name.clone(), names));
                    }
                    kws.push(Kw::DependentRequired(out));
                }
                "dependencies" => {
                    // Draft 7's keyword, still honoured: arrays are dependentRequired,
                    // schemas dependentSchemas.
                    let Value::Object(deps) = val else {
                        return Err(bad_type("an object"));
                    };
                    let mut req = Vec::new();
                    let mut schemas = Vec::new();
                    for (name, dep) in deps {
                        if dep.is_array() {
                            let names = string_array(dep)
                                .ok_or_else(|| bad_type("an object of string arrays or schemas"))?;
                            req.push((name.clone(), names));
                        } else {
                            let p = format!("{}/{}", child(k), uri::escape_token(name));
                            schemas.push((name.clone(), self.node(d, p, &base)));
                        }
                    }
                    if validation && !req.is_empty() {
                        kws.push(Kw::DependentRequired(req));
                    }
                    if !schemas.is_empty() {
                        kws.push(Kw::DependentSchemas(schemas));
                    }
                }
                "allOf" | "anyOf" | "oneOf" => {
                    let Value::Array(items) = val else {
                        return Err(bad_type("a non-empty array of schemas"));
                    };
                    if items.is_empty() {
                        return Err(bad_type("a non-empty array of schemas"));
                    }
                    let ids = (0..items.len())
                        .map(|i| self.node(d, format!("{}/{i}", child(k)), &base))
                        .collect();
                    kws.push(match k.as_str() {
                        "allOf" => Kw::AllOf(ids),
                        "anyOf" => Kw::AnyOf(ids),
                        _ => Kw::OneOf(ids),
                    });
                }
                "not" => {
                    let n = self.node(d, child(k), &base);
                    kws.push(Kw::Not(n, val.clone()));
                }
                "if" => {
                    let i = self.node(d, child(k), &base);
                    let t = m.get("then").map(|_| self.node(d, child("then"), &base));
                    let e = m.get("else").map(|_| self.node(d, child("else"), &base));
                    kws.push(Kw::If(i, t, e));
                }
                "properties" => {
                    let Value::Object(props) = val else {
                        return Err(bad_type("an object of schemas"));
                    };
                    let list: Vec<(String, NodeId)> = props
                        .keys()
                        .map(|name| {
                            let p = format!("{}/{}", child(k), uri::escape_token(name));
                            (name.clone(), self.node(d, p, &base))
                        })
                        .collect();
                    let map: NameMap = list
                        .iter()
                        .enumerate()
                        .map(|(i, (name, _))| (Box::<str>::from(name.as_str()), i))
                        .collect();
                    kws.push(Kw::Properties(list, Box::new(map)));
                }
                "patternProperties" => {
                    let Value::Object(props) = val else {
                        return Err(bad_type("an object of schemas"));
                    };
                    let mut list = Vec::new();
                    for name in props.keys() {
                        let re = ecma_regex(name).map_err(|e| bad(&here, e))?;
                        let p = format!("{}/{}", child(k), uri::escape_token(name));
                        list.push((re, name.clone(), self.node(d, p, &base)));
                    }
                    kws.push(Kw::PatternProperties(list));
                }
                "additionalProperties" => {
                    let node = self.node(d, child(k), &base);
                    let names = match m.get("properties") {
                        Some(Value::Object(p)) => p.keys().map(|n| Box::from(n.as_str())).collect(),
                        _ => NameSet::default(),
                    };
                    let mut patterns = Vec::new();
                    if let Some(Value::Object(p)) = m.get("patternProperties") {
                        for name in p.keys() {
                            patterns.push(ecma_regex(name).map_err(|e| bad(&here, e))?);
                        }
                    }
                    kws.push(Kw::AdditionalProperties {
                        node,
                        names: Box::new(names),
                        patterns,
                    });
                }
                "propertyNames" => kws.push(Kw::PropertyNames(self.node(d, child(k), &base))),
                "dependentSchemas" => {
                    let Value::Object(deps) = val else {
                        return Err(bad_type("an object of schemas"));
                    };
                    let list = deps
                        .keys()
                        .map(|name| {
                            let p = format!("{}/{}", child(k), uri::escape_token(name));
                            (name.clone(), self.node(d, p, &base))
                        })
                        .collect();
                    kws.push(Kw::DependentSchemas(list));
                }
                "prefixItems" => {
                    let Value::Array(items) = val else {
                        return Err(bad_type("an array of schemas"));
                    };
                    let ids = (0..items.len())
                        .map(|i| self.node(d, format!("{}/{i}", child(k)), &base))
                        .collect();
                    kws.push(Kw::PrefixItems(ids));
                }
                "items" => {
                    let prefix = m
                        .get("prefixItems")
                        .and_then(Value::as_array)
                        .map_or(0, Vec::len);
                    kws.push(Kw::Items(self.node(d, child(k), &base), prefix));
                }
                "contains" => {
                    let mut min = 1;
                    let mut max = None;
                    if validation {
                        if let Some(x) = m.get("minContains") {
                            min = num::as_count(x).ok_or_else(|| {
                                bad(
                                    &child("minContains"),
                                    "minContains must be a non-negative integer".into(),
                                )
                            })?;
                        }
                        if let Some(x) = m.get("maxContains") {
                            max = Some(num::as_count(x).ok_or_else(|| {
                                bad(
                                    &child("maxContains"),
                                    "maxContains must be a non-negative integer".into(),
                                )
                            })?);
                        }
                    }
                    kws.push(Kw::Contains(self.node(d, child(k), &base), min, max));
                }
                "unevaluatedProperties" => {
                    kws.push(Kw::UnevaluatedProperties(self.node(d, child(k), &base)));
                }
                "unevaluatedItems" => {
                    kws.push(Kw::UnevaluatedItems(self.node(d, child(k), &base)));
                }
                _ if self.opts.finding_keywords.contains(&k.as_str()) => {
                    check_finding_spec(val).map_err(|e| bad(&here, format!("{k} {e}")))?;
                    kws.push(Kw::Finding(k.clone(), val.clone()));
                }
                _ => {}
            }
        }
        // Cheap assertions first, applicators and references later (the order jsonschema
        // 0.61 used, which fixes the order of findings at one pointer).
        kws.sort_by_key(Kw::priority);
        let unevaluated = kws
            .iter()
            .any(|k| matches!(k, Kw::UnevaluatedProperties(_) | Kw::UnevaluatedItems(_)));
        let n = &mut self.nodes[id as usize];
        n.kws = kws;
        n.resource = resource;
        n.unevaluated = unevaluated;
        Ok(())
    }
}

fn parse_types(v: &Value) -> Option<TypeSet> {
    match v {
        Value::String(s) => TypeSet::from_name(s),
        Value::Array(items) => {
            let mut set = TypeSet::EMPTY;
            for i in items {
                let t = TypeSet::from_name(i.as_str()?)?;
                set = set.union(t);
            }
            Some(set)
        }
        _ => None,
    }
}

fn string_array(v: &Value) -> Option<Vec<Value>> {
    let items = v.as_array()?;
    items.iter().all(Value::is_string).then(|| items.clone())
}

fn check_finding_spec(v: &Value) -> Result<(), &'static str> {
    let ok = matches!(v, Value::Object(_))
        && v.get("code")
            .and_then(Value::as_str)
            .is_some_and(|c| !c.is_empty())
        && v.get("severity")
            .is_none_or(|s| matches!(s.as_str(), Some("error" | "warning" | "info")))
        && v.get("message").is_none_or(Value::is_string)
        && v.get("args").is_none_or(Value::is_object);
    if ok {
        Ok(())
    } else {
        Err("must be an object with a non-empty \"code\", an optional \"severity\" of error, warning or info, an optional \"message\" string and optional \"args\" object")
    }
}

/// ECMA-262 whitespace and line terminators, for `\s`.
const ECMA_SPACE: &str = "\\t\\n\\x0B\\x0C\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";

/// Compile an ECMA-262 pattern with `regex-lite`: `\s`/`\S` get ECMA's whitespace set,
/// `\d` and `\w` are ASCII (as in ECMA-262 without the `u` flag's extensions).
pub(crate) fn ecma_regex(p: &str) -> Result<Regex, String> {
    let mut out = String::with_capacity(p.len() + 8);
    let mut chars = p.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    return Err(format!(
                        "invalid regular expression {p:?}: trailing backslash"
                    ));
                };
                match e {
                    's' if in_class => out.push_str(ECMA_SPACE),
                    's' => {
                        out.push('[');
                        out.push_str(ECMA_SPACE);
                        out.push(']');
                    }
                    'S' if !in_class => {
                        out.push_str("[^");
                        out.push_str(ECMA_SPACE);
                        out.push(']');
                    }
                    'c' => {
                        // \cX: control character X % 32.
                        match chars.next() {
                            Some(x) if x.is_ascii_alphabetic() => {
                                out.push_str(&format!("\\x{{{:X}}}", (x as u32) % 32));
                            }
                            _ => return Err(format!("invalid regular expression {p:?}: bad \\c")),
                        }
                    }
                    'p' | 'P' if chars.peek() == Some(&'{') => {
                        chars.next();
                        let name: String = chars.by_ref().take_while(|c| *c != '}').collect();
                        let class = unicode_class(&name).ok_or_else(|| {
                            format!("invalid regular expression {p:?}: unsupported property \\p{{{name}}}")
                        })?;
                        match (e == 'P', in_class) {
                            (false, true) => out.push_str(class),
                            (false, false) => {
                                out.push('[');
                                out.push_str(class);
                                out.push(']');
                            }
                            (true, false) => {
                                out.push_str("[^");
                                out.push_str(class);
                                out.push(']');
                            }
                            (true, true) => {
                                return Err(format!(
                                    "invalid regular expression {p:?}: \\P inside a class"
                                ))
                            }
                        }
                    }
                    'u' if chars.peek() != Some(&'{') => {
                        let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    _ => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    // ECMA `[]` matches nothing, `[^]` anything.
                    chars.next();
                    in_class = false;
                    if out.ends_with("[^") {
                        out.truncate(out.len() - 2);
                        out.push_str("(?s:.)");
                    } else {
                        out.truncate(out.len() - 1);
                        out.push_str("[^\\x00-\\x{10FFFF}]");
                    }
                }
            }
            '[' => out.push_str("\\["),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    Regex::new(&out).map_err(|e| format!("invalid regular expression {p:?}: {e}"))
}

/// A Unicode property as class ranges (`\p{L}` and friends), built from the standard
/// library's character tables on first use: regex-lite has no Unicode tables of its own.
/// `Letter` is approximated by `Alphabetic`, `Number` is exact (`char::is_numeric`).
fn unicode_class(name: &str) -> Option<&'static str> {
    use std::sync::OnceLock;
    type Pred = fn(char) -> bool;
    static CLASSES: [OnceLock<String>; 5] = [const { OnceLock::new() }; 5];
    let (slot, pred): (usize, Pred) = match name {
        "L" | "Letter" | "Alphabetic" | "Alpha" => (0, char::is_alphabetic),
        "N" | "Number" | "Nd" | "digit" | "Decimal_Number" => (1, char::is_numeric),
        "Lu" | "Uppercase_Letter" | "Uppercase" => (2, char::is_uppercase),
        "Ll" | "Lowercase_Letter" | "Lowercase" => (3, char::is_lowercase),
        "White_Space" | "space" => (4, char::is_whitespace),
        _ => return None,
    };
    Some(CLASSES[slot].get_or_init(|| {
        let mut out = String::new();
        let mut start: Option<u32> = None;
        for cp in 0..=0x11_0000u32 {
            let yes = char::from_u32(cp).is_some_and(pred);
            match (yes, start) {
                (true, None) => start = Some(cp),
                (false, Some(s)) => {
                    out.push_str(&format!("\\x{{{s:X}}}"));
                    if cp - 1 > s {
                        out.push_str(&format!("-\\x{{{:X}}}", cp - 1));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        out
    }))
}

impl Validator {
    /// True when `instance` is valid. Stops at the first failure; allocates nothing on
    /// the way unless the schema uses `$dynamicRef` or `unevaluated*`.
    pub fn is_valid(&self, instance: &Value) -> bool {
        let mut run = validate::Run::default();
        self.valid(self.root, instance, &mut run)
    }

    /// Every error (in schema order), at most `limit`.
    pub fn errors<'a>(&'a self, instance: &'a Value, limit: usize) -> Vec<Error<'a>> {
        let mut cx = validate::ErrCx {
            out: Vec::new(),
            limit,
            ipath: String::new(),
            epath: String::new(),
            run: validate::Run::default(),
        };
        self.collect(self.root, instance, &mut cx);
        cx.out
    }

    /// Every error, as an iterator (they are collected first: use [`Validator::errors`]
    /// with a limit for huge documents).
    pub fn iter_errors<'a>(&'a self, instance: &'a Value) -> std::vec::IntoIter<Error<'a>> {
        self.errors(instance, usize::MAX).into_iter()
    }

    /// Ok when valid, else the first error.
    pub fn validate<'a>(&'a self, instance: &'a Value) -> Result<(), Error<'a>> {
        match self.errors(instance, 1).into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
