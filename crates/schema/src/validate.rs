//! Evaluation: the boolean fast path, error collection and annotations for `unevaluated*`.

use crate::error::{Error, ErrorKind};
use crate::num;
use crate::uri::escape_token;
use crate::{Kw, NameSet, NodeId, NumKw, Validator, MAX_DEPTH};
use serde_json::Value;
use std::cmp::Ordering;
use std::fmt::Write as _;

/// A path segment: a name (escaped when written) or an index.
#[derive(Clone, Copy)]
pub(crate) enum Seg<'s> {
    Name(&'s str),
    Index(usize),
}

impl Seg<'_> {
    fn push_to(self, path: &mut String) {
        path.push('/');
        match self {
            Seg::Name(n) => path.push_str(&escape_token(n)),
            Seg::Index(i) => {
                let _ = write!(path, "{i}");
            }
        }
    }
}

/// Per-call state: the dynamic scope (resources entered) and the recursion depth.
#[derive(Default)]
pub(crate) struct Run {
    scope: Vec<u32>,
    depth: u32,
}

/// Error collection state.
pub(crate) struct ErrCx<'a> {
    pub out: Vec<Error<'a>>,
    pub limit: usize,
    pub ipath: String,
    pub epath: String,
    pub run: Run,
}

impl ErrCx<'_> {
    fn full(&self) -> bool {
        self.out.len() >= self.limit
    }
}

/// What the in-place applicators evaluated: members and items, by position.
#[derive(Default)]
pub(crate) struct Ann {
    props: Vec<bool>,
    items: Vec<bool>,
}

impl Ann {
    fn for_instance(v: &Value) -> Ann {
        match v {
            Value::Object(m) => Ann {
                props: vec![false; m.len()],
                items: Vec::new(),
            },
            Value::Array(a) => Ann {
                props: Vec::new(),
                items: vec![false; a.len()],
            },
            _ => Ann::default(),
        }
    }
}

fn number_holds(which: NumKw, n: &serde_json::Number, limit: &Value) -> bool {
    let Value::Number(l) = limit else { return true };
    let o = num::cmp(n, l);
    match which {
        NumKw::Minimum => o != Ordering::Less,
        NumKw::Maximum => o != Ordering::Greater,
        NumKw::ExclusiveMinimum => o == Ordering::Greater,
        NumKw::ExclusiveMaximum => o == Ordering::Less,
    }
}

fn is_additional(name: &str, names: &NameSet, patterns: &[regex_lite::Regex]) -> bool {
    !names.contains(name) && !patterns.iter().any(|p| p.is_match(name))
}

fn enum_has(options: &Value, v: &Value) -> bool {
    let Value::Array(opts) = options else {
        return false;
    };
    match v {
        Value::String(s) => opts.iter().any(|o| o.as_str() == Some(s.as_str())),
        _ => opts.iter().any(|o| num::equal(o, v)),
    }
}

/// True for a value without long lists directly in it.
fn small(v: &Value) -> bool {
    const LONG: usize = 8;
    match v {
        Value::Array(a) => a.len() <= LONG,
        Value::Object(m) => m
            .values()
            .all(|x| x.as_array().is_none_or(|a| a.len() <= LONG)),
        _ => true,
    }
}

impl Validator {
    fn enter(&self, id: NodeId, run: &mut Run) -> Option<bool> {
        if run.depth >= MAX_DEPTH {
            return None;
        }
        run.depth += 1;
        if !self.has_dynamic {
            return Some(false);
        }
        let r = self.nodes[id as usize].resource;
        if run.scope.last() == Some(&r) {
            Some(false)
        } else {
            run.scope.push(r);
            Some(true)
        }
    }

    fn leave(&self, pushed: bool, run: &mut Run) {
        run.depth -= 1;
        if pushed {
            run.scope.pop();
        }
    }

    fn dynamic_target(&self, target: NodeId, name: &str, run: &Run) -> NodeId {
        for r in &run.scope {
            if let Some((_, _, id)) = self
                .dynamic
                .iter()
                .find(|(res, n, _)| res == r && n == name)
            {
                return *id;
            }
        }
        target
    }

    /// Whether `if` node `c` holds for `v`. A member-equals-constant condition is one
    /// lookup, shared through `last` by the sibling conditionals of an `allOf`.
    fn if_holds<'s, 'v>(
        &'s self,
        c: NodeId,
        v: &'v Value,
        run: &mut Run,
        last: &mut Option<(&'s str, Option<&'v Value>)>,
    ) -> bool {
        if let (Some(pc), Value::Object(m)) = (&self.if_const[c as usize], v) {
            // The slow path enters two nodes; near the depth limit it decides.
            if run.depth + 2 < MAX_DEPTH {
                let (p, want) = &**pc;
                let x = match last {
                    Some((q, x)) if *q == &**p => *x,
                    _ => {
                        let x = m.get(&**p);
                        *last = Some((p, x));
                        x
                    }
                };
                return x.is_some_and(|x| num::equal(want, x));
            }
        }
        self.valid(c, v, run)
    }

    /// Whether node `id` holds for `v`.
    pub(crate) fn valid(&self, id: NodeId, v: &Value, run: &mut Run) -> bool {
        let Some(pushed) = self.enter(id, run) else {
            return false;
        };
        let node = &self.nodes[id as usize];
        let ok = node.kws.iter().all(|k| self.kw_valid(id, k, v, run));
        self.leave(pushed, run);
        ok
    }

    fn kw_valid(&self, id: NodeId, k: &Kw, v: &Value, run: &mut Run) -> bool {
        match k {
            Kw::False => false,
            Kw::Ref(t) => self.valid(*t, v, run),
            Kw::DynamicRef(t, name) => {
                let t = self.dynamic_target(*t, name, run);
                self.valid(t, v, run)
            }
            Kw::Type(t) => t.matches(v),
            Kw::Enum(o, set) => match (set, v) {
                (Some(set), Value::String(s)) => set.contains(s.as_str()),
                _ => enum_has(o, v),
            },
            Kw::Const(c) => num::equal(c, v),
            Kw::Num(which, limit) => match v {
                Value::Number(n) => number_holds(*which, n, limit),
                _ => true,
            },
            Kw::MultipleOf(d, _) => match v {
                Value::Number(n) => {
                    crate::decimal::Decimal::parse(n.as_str()).is_none_or(|x| x.is_multiple_of(d))
                }
                _ => true,
            },
            Kw::MinLength(l) => match v {
                Value::String(s) => s.len() as u64 >= *l && s.chars().count() as u64 >= *l,
                _ => true,
            },
            Kw::MaxLength(l) => match v {
                Value::String(s) => s.len() as u64 <= *l || s.chars().count() as u64 <= *l,
                _ => true,
            },
            Kw::Pattern(re, _) => match v {
                Value::String(s) => re.is_match(s),
                _ => true,
            },
            Kw::Format(f, _) => match v {
                Value::String(s) => f.check(s),
                _ => true,
            },
            Kw::MinItems(l) => v.as_array().is_none_or(|a| a.len() as u64 >= *l),
            Kw::MaxItems(l) => v.as_array().is_none_or(|a| a.len() as u64 <= *l),
            Kw::UniqueItems => v.as_array().is_none_or(|a| num::all_unique(a)),
            Kw::MinProperties(l) => v.as_object().is_none_or(|m| m.len() as u64 >= *l),
            Kw::MaxProperties(l) => v.as_object().is_none_or(|m| m.len() as u64 <= *l),
            Kw::Required(names, set) => v.as_object().is_none_or(|m| {
                if m.len() <= 2 * set.len() + 8 {
                    // One pass over the members with a cheap hash beats a SipHash
                    // lookup per required name.
                    m.keys().filter(|k| set.contains(k.as_str())).count() == set.len()
                } else {
                    names
                        .iter()
                        .all(|n| n.as_str().is_some_and(|n| m.contains_key(n)))
                }
            }),
            Kw::DependentRequired(deps) => v.as_object().is_none_or(|m| {
                deps.iter().all(|(k, names)| {
                    !m.contains_key(k)
                        || names
                            .iter()
                            .all(|n| n.as_str().is_some_and(|n| m.contains_key(n)))
                })
            }),
            Kw::AllOf(ids) => {
                let mut last = None;
                ids.iter()
                    .all(|&i| match self.nodes[i as usize].kws.as_slice() {
                        [Kw::If(c, t, e)] if self.if_const[*c as usize].is_some() => {
                            let Some(pushed) = self.enter(i, run) else {
                                return false;
                            };
                            let ok = if self.if_holds(*c, v, run, &mut last) {
                                t.is_none_or(|t| self.valid(t, v, run))
                            } else {
                                e.is_none_or(|e| self.valid(e, v, run))
                            };
                            self.leave(pushed, run);
                            ok
                        }
                        _ => self.valid(i, v, run),
                    })
            }
            Kw::AnyOf(ids) => ids.iter().any(|i| self.valid(*i, v, run)),
            Kw::OneOf(ids) => {
                let mut n = 0;
                for i in ids {
                    if self.valid(*i, v, run) {
                        n += 1;
                        if n > 1 {
                            return false;
                        }
                    }
                }
                n == 1
            }
            Kw::Not(i, _) => !self.valid(*i, v, run),
            Kw::If(i, t, e) => {
                if self.if_holds(*i, v, run, &mut None) {
                    t.is_none_or(|t| self.valid(t, v, run))
                } else {
                    e.is_none_or(|e| self.valid(e, v, run))
                }
            }
            Kw::Properties(props, map) => match v {
                Value::Object(m) if m.len() <= 3 * props.len() => m.iter().all(|(name, x)| {
                    map.get(name.as_str())
                        .is_none_or(|i| self.valid(props[*i].1, x, run))
                }),
                Value::Object(m) => props
                    .iter()
                    .all(|(name, s)| m.get(name).is_none_or(|x| self.valid(*s, x, run))),
                _ => true,
            },
            Kw::PatternProperties(pats) => v.as_object().is_none_or(|m| {
                m.iter().all(|(name, x)| {
                    pats.iter()
                        .all(|(re, _, s)| !re.is_match(name) || self.valid(*s, x, run))
                })
            }),
            Kw::AdditionalProperties {
                node,
                names,
                patterns,
            } => v.as_object().is_none_or(|m| {
                m.iter().all(|(name, x)| {
                    !is_additional(name, names, patterns) || self.valid(*node, x, run)
                })
            }),
            Kw::PropertyNames(s) => v.as_object().is_none_or(|m| {
                m.keys()
                    .all(|name| self.valid(*s, &Value::String(name.clone()), run))
            }),
            Kw::DependentSchemas(deps) => v.as_object().is_none_or(|m| {
                deps.iter()
                    .all(|(k, s)| !m.contains_key(k) || self.valid(*s, v, run))
            }),
            Kw::PrefixItems(ids) => v
                .as_array()
                .is_none_or(|a| a.iter().zip(ids).all(|(x, s)| self.valid(*s, x, run))),
            Kw::Items(s, skip) => v
                .as_array()
                .is_none_or(|a| a.iter().skip(*skip).all(|x| self.valid(*s, x, run))),
            Kw::Contains(s, min, max) => v.as_array().is_none_or(|a| {
                let mut n: u64 = 0;
                for x in a {
                    if self.valid(*s, x, run) {
                        n += 1;
                        if max.is_none() && n >= *min {
                            return true;
                        }
                    }
                }
                n >= *min && max.is_none_or(|m| n <= m)
            }),
            Kw::UnevaluatedProperties(s) => match v {
                Value::Object(m) => {
                    let mut ann = Ann::for_instance(v);
                    self.annotate_node(id, v, run, &mut ann, true);
                    m.iter()
                        .zip(&ann.props)
                        .all(|((_, x), seen)| *seen || self.valid(*s, x, run))
                }
                _ => true,
            },
            Kw::UnevaluatedItems(s) => match v {
                Value::Array(a) => {
                    let mut ann = Ann::for_instance(v);
                    self.annotate_node(id, v, run, &mut ann, true);
                    a.iter()
                        .zip(&ann.items)
                        .all(|(x, seen)| *seen || self.valid(*s, x, run))
                }
                _ => true,
            },
            Kw::Finding(..) => false,
        }
    }

    /// Record what node `id` evaluated in `v` (the node is known to hold, except for
    /// its own `unevaluated*` keywords when `skip_unevaluated`).
    fn annotate_node(
        &self,
        id: NodeId,
        v: &Value,
        run: &mut Run,
        ann: &mut Ann,
        skip_uneval: bool,
    ) {
        let Some(pushed) = self.enter(id, run) else {
            return;
        };
        for k in &self.nodes[id as usize].kws {
            self.annotate_kw(id, k, v, run, ann, skip_uneval);
        }
        self.leave(pushed, run);
    }

    fn annotate_if_valid(&self, id: NodeId, v: &Value, run: &mut Run, ann: &mut Ann) {
        if self.valid(id, v, run) {
            self.annotate_node(id, v, run, ann, false);
        }
    }

    fn annotate_kw(
        &self,
        _id: NodeId,
        k: &Kw,
        v: &Value,
        run: &mut Run,
        ann: &mut Ann,
        skip_uneval: bool,
    ) {
        match k {
            Kw::Ref(t) => self.annotate_if_valid(*t, v, run, ann),
            Kw::DynamicRef(t, name) => {
                let t = self.dynamic_target(*t, name, run);
                self.annotate_if_valid(t, v, run, ann);
            }
            Kw::AllOf(ids) | Kw::AnyOf(ids) | Kw::OneOf(ids) => {
                for i in ids {
                    self.annotate_if_valid(*i, v, run, ann);
                }
            }
            Kw::If(i, t, e) => {
                if self.valid(*i, v, run) {
                    self.annotate_node(*i, v, run, ann, false);
                    if let Some(t) = t {
                        self.annotate_if_valid(*t, v, run, ann);
                    }
                } else if let Some(e) = e {
                    self.annotate_if_valid(*e, v, run, ann);
                }
            }
            Kw::DependentSchemas(deps) => {
                if let Value::Object(m) = v {
                    for (key, s) in deps {
                        if m.contains_key(key) {
                            self.annotate_if_valid(*s, v, run, ann);
                        }
                    }
                }
            }
            Kw::Properties(_, map) => {
                if let Value::Object(m) = v {
                    for (i, (name, _)) in m.iter().enumerate() {
                        if map.contains_key(name.as_str()) {
                            ann.props[i] = true;
                        }
                    }
                }
            }
            Kw::PatternProperties(pats) => {
                if let Value::Object(m) = v {
                    for (i, (name, _)) in m.iter().enumerate() {
                        if pats.iter().any(|(re, _, _)| re.is_match(name)) {
                            ann.props[i] = true;
                        }
                    }
                }
            }
            Kw::AdditionalProperties { node, .. } => {
                if let Value::Object(m) = v {
                    // Only the members additionalProperties accepted count.
                    for (i, (_, x)) in m.iter().enumerate() {
                        if !ann.props[i] && self.valid(*node, x, run) {
                            ann.props[i] = true;
                        }
                    }
                }
            }
            Kw::UnevaluatedProperties(s) if !skip_uneval => {
                if let Value::Object(m) = v {
                    for (i, (_, x)) in m.iter().enumerate() {
                        if !ann.props[i] && self.valid(*s, x, run) {
                            ann.props[i] = true;
                        }
                    }
                }
            }
            Kw::PrefixItems(ids) => {
                for (i, seen) in ann.items.iter_mut().enumerate().take(ids.len()) {
                    let _ = i;
                    *seen = true;
                }
            }
            Kw::Items(_, skip) => {
                for seen in ann.items.iter_mut().skip(*skip) {
                    *seen = true;
                }
            }
            Kw::Contains(s, _, _) => {
                if let Value::Array(a) = v {
                    for (i, x) in a.iter().enumerate() {
                        if self.valid(*s, x, run) {
                            ann.items[i] = true;
                        }
                    }
                }
            }
            Kw::UnevaluatedItems(s) if !skip_uneval => {
                if let Value::Array(a) = v {
                    for (i, x) in a.iter().enumerate() {
                        if !ann.items[i] && self.valid(*s, x, run) {
                            ann.items[i] = true;
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn push_err<'a>(
        &'a self,
        cx: &mut ErrCx<'a>,
        id: NodeId,
        kw: &str,
        kind: ErrorKind<'a>,
        v: &'a Value,
    ) {
        if cx.full() {
            return;
        }
        let node = &self.nodes[id as usize];
        let mut schema_path = node.pointer.clone();
        let mut evaluation_path = cx.epath.clone();
        if !kw.is_empty() {
            schema_path.push('/');
            schema_path.push_str(&escape_token(kw));
            evaluation_path.push('/');
            evaluation_path.push_str(&escape_token(kw));
        }
        cx.out.push(Error {
            kind,
            instance_path: cx.ipath.clone(),
            schema_path,
            evaluation_path,
            instance: v,
        });
    }

    /// Collect node `id`'s errors for `v`.
    pub(crate) fn collect<'a>(&'a self, id: NodeId, v: &'a Value, cx: &mut ErrCx<'a>) {
        if cx.full() {
            return;
        }
        // Most of a document is valid: the cheap check settles a small subtree at once,
        // and only failing ones are walked again for their errors. Big lists (and objects
        // holding them) are walked directly: one bad row would make that check a waste.
        if cx.run.depth < MAX_DEPTH && small(v) && self.valid(id, v, &mut cx.run) {
            return;
        }
        let Some(pushed) = self.enter(id, &mut cx.run) else {
            self.push_err(cx, id, "", ErrorKind::RecursionLimit, v);
            return;
        };
        let node = &self.nodes[id as usize];
        for k in &node.kws {
            if cx.full() {
                break;
            }
            self.kw_errors(id, k, v, cx);
        }
        self.leave(pushed, &mut cx.run);
    }

    /// Descend into a subschema: `/kw[/seg]` is appended to the evaluation path, `/inst`
    /// to the instance path (names escaped as JSON Pointer tokens). No allocation.
    fn sub<'a>(
        &'a self,
        s: NodeId,
        v: &'a Value,
        cx: &mut ErrCx<'a>,
        kw: &str,
        seg: Option<Seg<'_>>,
        inst: Option<Seg<'_>>,
    ) {
        let el = cx.epath.len();
        let il = cx.ipath.len();
        cx.epath.push('/');
        cx.epath.push_str(kw);
        if let Some(t) = seg {
            t.push_to(&mut cx.epath);
        }
        if let Some(t) = inst {
            t.push_to(&mut cx.ipath);
        }
        self.collect(s, v, cx);
        cx.epath.truncate(el);
        cx.ipath.truncate(il);
    }

    fn kw_errors<'a>(&'a self, id: NodeId, k: &'a Kw, v: &'a Value, cx: &mut ErrCx<'a>) {
        let name = k.name();
        let simple = |kind: ErrorKind<'a>| Some(kind);
        let fail: Option<ErrorKind<'a>> = match k {
            Kw::False => {
                if cx.full() {
                    return;
                }
                self.push_err(cx, id, "", ErrorKind::FalseSchema, v);
                return;
            }
            Kw::Ref(t) => {
                self.sub(*t, v, cx, "$ref", None, None);
                return;
            }
            Kw::DynamicRef(t, n) => {
                let t = self.dynamic_target(*t, n, &cx.run);
                self.sub(t, v, cx, "$dynamicRef", None, None);
                return;
            }
            Kw::AllOf(ids) => {
                for (i, s) in ids.iter().enumerate() {
                    self.sub(*s, v, cx, "allOf", Some(Seg::Index(i)), None);
                }
                return;
            }
            Kw::If(i, t, e) => {
                if self.if_holds(*i, v, &mut cx.run, &mut None) {
                    if let Some(t) = t {
                        self.sub(*t, v, cx, "then", None, None);
                    }
                } else if let Some(e) = e {
                    self.sub(*e, v, cx, "else", None, None);
                }
                return;
            }
            Kw::Properties(props, _) => {
                if let Value::Object(m) = v {
                    for (pname, s) in props {
                        if let Some(x) = m.get(pname) {
                            let n = Some(Seg::Name(pname));
                            self.sub(*s, x, cx, "properties", n, n);
                        }
                    }
                }
                return;
            }
            Kw::PatternProperties(pats) => {
                if let Value::Object(m) = v {
                    for (pname, x) in m {
                        for (re, pat, s) in pats {
                            if re.is_match(pname) {
                                let (seg, n) = (Seg::Name(pat), Seg::Name(pname));
                                self.sub(*s, x, cx, "patternProperties", Some(seg), Some(n));
                            }
                        }
                    }
                }
                return;
            }
            Kw::AdditionalProperties {
                node,
                names,
                patterns,
            } => {
                if let Value::Object(m) = v {
                    if self.is_false(*node) {
                        let unexpected: Vec<String> = m
                            .keys()
                            .filter(|n| is_additional(n, names, patterns))
                            .cloned()
                            .collect();
                        if !unexpected.is_empty() {
                            self.push_err(
                                cx,
                                id,
                                name,
                                ErrorKind::AdditionalProperties { unexpected },
                                v,
                            );
                        }
                    } else {
                        for (pname, x) in m {
                            if is_additional(pname, names, patterns) {
                                let n = Some(Seg::Name(pname));
                                self.sub(*node, x, cx, "additionalProperties", None, n);
                            }
                        }
                    }
                }
                return;
            }
            Kw::DependentSchemas(deps) => {
                if let Value::Object(m) = v {
                    for (key, s) in deps {
                        if m.contains_key(key) {
                            let seg = Some(Seg::Name(key));
                            self.sub(*s, v, cx, "dependentSchemas", seg, None);
                        }
                    }
                }
                return;
            }
            Kw::PrefixItems(ids) => {
                if let Value::Array(a) = v {
                    for (i, (x, s)) in a.iter().zip(ids).enumerate() {
                        let n = Some(Seg::Index(i));
                        self.sub(*s, x, cx, "prefixItems", n, n);
                    }
                }
                return;
            }
            Kw::Items(s, skip) => {
                if let Value::Array(a) = v {
                    for (i, x) in a.iter().enumerate().skip(*skip) {
                        if cx.full() {
                            break;
                        }
                        self.sub(*s, x, cx, "items", None, Some(Seg::Index(i)));
                    }
                }
                return;
            }
            Kw::Required(names, _) => {
                if let Value::Object(m) = v {
                    for n in names {
                        if !n.as_str().is_some_and(|s| m.contains_key(s)) {
                            self.push_err(cx, id, name, ErrorKind::Required { property: n }, v);
                        }
                    }
                }
                return;
            }
            Kw::DependentRequired(deps) => {
                if let Value::Object(m) = v {
                    for (key, names) in deps {
                        if !m.contains_key(key) {
                            continue;
                        }
                        for n in names {
                            if !n.as_str().is_some_and(|s| m.contains_key(s)) {
                                let kw = format!("dependentRequired/{}", escape_token(key));
                                self.push_err(cx, id, &kw, ErrorKind::Required { property: n }, v);
                            }
                        }
                    }
                }
                return;
            }
            Kw::PropertyNames(s) => {
                if let Value::Object(m) = v {
                    for pname in m.keys() {
                        if !self.valid(*s, &Value::String(pname.clone()), &mut cx.run) {
                            self.push_err(
                                cx,
                                id,
                                name,
                                ErrorKind::PropertyNames {
                                    name: pname.clone(),
                                },
                                v,
                            );
                        }
                    }
                }
                return;
            }
            Kw::UnevaluatedProperties(s) => {
                if let Value::Object(m) = v {
                    let mut ann = Ann::for_instance(v);
                    self.annotate_node(id, v, &mut cx.run, &mut ann, true);
                    let unexpected: Vec<String> = m
                        .iter()
                        .zip(&ann.props)
                        .filter(|((_, x), seen)| !**seen && !self.valid(*s, x, &mut cx.run))
                        .map(|((n, _), _)| n.clone())
                        .collect();
                    if !unexpected.is_empty() {
                        self.push_err(
                            cx,
                            id,
                            name,
                            ErrorKind::UnevaluatedProperties { unexpected },
                            v,
                        );
                    }
                }
                return;
            }
            Kw::UnevaluatedItems(s) => {
                if let Value::Array(a) = v {
                    let mut ann = Ann::for_instance(v);
                    self.annotate_node(id, v, &mut cx.run, &mut ann, true);
                    let unexpected: Vec<String> = a
                        .iter()
                        .zip(&ann.items)
                        .filter(|(x, seen)| !**seen && !self.valid(*s, x, &mut cx.run))
                        .map(|(x, _)| x.to_string())
                        .collect();
                    if !unexpected.is_empty() {
                        self.push_err(cx, id, name, ErrorKind::UnevaluatedItems { unexpected }, v);
                    }
                }
                return;
            }
            Kw::OneOf(ids) => {
                let n = ids
                    .iter()
                    .filter(|i| self.valid(**i, v, &mut cx.run))
                    .count();
                match n {
                    1 => None,
                    0 => simple(ErrorKind::OneOfNotValid),
                    _ => simple(ErrorKind::OneOfMultipleValid),
                }
            }
            _ => {
                if self.kw_valid(id, k, v, &mut cx.run) {
                    None
                } else {
                    Some(match k {
                        Kw::Type(t) => ErrorKind::Type { expected: *t },
                        Kw::Enum(o, _) => ErrorKind::Enum { options: o },
                        Kw::Const(c) => ErrorKind::Const { expected: c },
                        Kw::Num(NumKw::Minimum, l) => ErrorKind::Minimum { limit: l },
                        Kw::Num(NumKw::Maximum, l) => ErrorKind::Maximum { limit: l },
                        Kw::Num(NumKw::ExclusiveMinimum, l) => {
                            ErrorKind::ExclusiveMinimum { limit: l }
                        }
                        Kw::Num(NumKw::ExclusiveMaximum, l) => {
                            ErrorKind::ExclusiveMaximum { limit: l }
                        }
                        Kw::MultipleOf(_, l) => ErrorKind::MultipleOf { multiple_of: l },
                        Kw::MinLength(l) => ErrorKind::MinLength { limit: *l },
                        Kw::MaxLength(l) => ErrorKind::MaxLength { limit: *l },
                        Kw::Pattern(_, p) => ErrorKind::Pattern { pattern: p },
                        Kw::Format(_, f) => ErrorKind::Format { format: f },
                        Kw::MinItems(l) => ErrorKind::MinItems { limit: *l },
                        Kw::MaxItems(l) => ErrorKind::MaxItems { limit: *l },
                        Kw::UniqueItems => ErrorKind::UniqueItems,
                        Kw::MinProperties(l) => ErrorKind::MinProperties { limit: *l },
                        Kw::MaxProperties(l) => ErrorKind::MaxProperties { limit: *l },
                        Kw::AnyOf(_) => ErrorKind::AnyOf,
                        Kw::Not(_, s) => ErrorKind::Not { schema: s },
                        Kw::Contains(..) => ErrorKind::Contains,
                        Kw::Finding(kw, spec) => ErrorKind::Finding { keyword: kw, spec },
                        _ => ErrorKind::FalseSchema,
                    })
                }
            }
        };
        if let Some(kind) = fail {
            self.push_err(cx, id, name, kind, v);
        }
    }

    fn is_false(&self, id: NodeId) -> bool {
        matches!(self.nodes[id as usize].kws.as_slice(), [Kw::False])
    }
}
