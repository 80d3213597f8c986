//! Rule `when`, `assert` and `consumedWhen` schemas as predicates on a row.
//!
//! Why: a rule's schema is checked once per row (1.4 million times in a 100,000-row
//! check), and almost all of them are `required` plus `const`/`enum` on one or two
//! fields. Those are compiled into a small tree evaluated directly on the row; any
//! other schema (or part of one) goes to the schema validator, so the answer is always
//! the one JSON Schema 2020-12 gives.

use serde_json::{Map, Value};

/// A compiled schema used as a yes/no test.
pub enum Predicate {
    /// Keywords the native form covers (`required`, `properties` with `const`/`enum` of
    /// strings, `not`, `allOf`, `anyOf`).
    Native(Cond),
    /// Anything else: the schema validator.
    Schema(crate::structure::Validator),
}

/// A natively evaluated schema (JSON Schema semantics, instance of any type).
pub enum Cond {
    /// Every sub-condition holds (`allOf`, or several keywords of one schema).
    All(Vec<Cond>),
    /// At least one holds (`anyOf`).
    Any(Vec<Cond>),
    /// The sub-condition does not hold (`not`).
    Not(Box<Cond>),
    /// An object has all these members (non-objects pass, as with `required`).
    Required(Vec<String>),
    /// When the instance is an object with this member, the member is one of these
    /// strings (`properties: {name: {const|enum}}`).
    MemberIn(String, Vec<String>),
    /// When the instance is an object with this member, it satisfies the schema.
    MemberSchema(String, crate::structure::Validator),
}

impl Predicate {
    /// Compile a schema, natively when it is simple, with the bundle's validator otherwise.
    pub fn compile(schema: &Value) -> Result<Predicate, String> {
        match native(schema) {
            Some(Ok(c)) => Ok(Predicate::Native(c)),
            Some(Err(e)) => Err(e),
            None => crate::structure::compile(schema, None, &[]).map(Predicate::Schema),
        }
    }

    /// True when `v` satisfies the schema.
    pub fn is_valid(&self, v: &Value) -> bool {
        match self {
            Predicate::Native(c) => c.holds(v),
            Predicate::Schema(s) => s.is_valid(v),
        }
    }
}

impl Cond {
    /// True when `v` satisfies the condition.
    pub fn holds(&self, v: &Value) -> bool {
        match self {
            Cond::All(cs) => cs.iter().all(|c| c.holds(v)),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(v)),
            Cond::Not(c) => !c.holds(v),
            Cond::Required(names) => match v {
                Value::Object(m) => names.iter().all(|n| m.contains_key(n)),
                _ => true,
            },
            Cond::MemberIn(name, allowed) => match v {
                Value::Object(m) => match m.get(name) {
                    None => true,
                    Some(Value::String(s)) => allowed.iter().any(|a| a == s),
                    Some(_) => false,
                },
                _ => true,
            },
            Cond::MemberSchema(name, schema) => match v {
                Value::Object(m) => m.get(name).is_none_or(|x| schema.is_valid(x)),
                _ => true,
            },
        }
    }

    /// [`Cond::holds`], reading each member once for several conditions on the same
    /// row: `seen` holds the members already looked up (clear it for a new row).
    pub fn holds_sharing<'c, 'v>(
        &'c self,
        v: &'v Value,
        seen: &mut Vec<(&'c str, Option<&'v Value>)>,
    ) -> bool {
        match v {
            Value::Object(m) => self.eval(m, seen),
            _ => self.holds(v),
        }
    }

    fn eval<'c, 'v>(
        &'c self,
        m: &'v Map<String, Value>,
        seen: &mut Vec<(&'c str, Option<&'v Value>)>,
    ) -> bool {
        match self {
            Cond::All(cs) => cs.iter().all(|c| c.eval(m, seen)),
            Cond::Any(cs) => cs.iter().any(|c| c.eval(m, seen)),
            Cond::Not(c) => !c.eval(m, seen),
            Cond::Required(names) => names.iter().all(|n| member_of(m, n, seen).is_some()),
            Cond::MemberIn(name, allowed) => match member_of(m, name, seen) {
                None => true,
                Some(Value::String(s)) => allowed.iter().any(|a| a == s),
                Some(_) => false,
            },
            Cond::MemberSchema(name, schema) => {
                member_of(m, name, seen).is_none_or(|x| schema.is_valid(x))
            }
        }
    }
}

/// `m[name]`, looked up once per row however many conditions ask.
fn member_of<'c, 'v>(
    m: &'v Map<String, Value>,
    name: &'c str,
    seen: &mut Vec<(&'c str, Option<&'v Value>)>,
) -> Option<&'v Value> {
    if let Some((_, v)) = seen.iter().find(|(n, _)| *n == name) {
        return *v;
    }
    let v = super::member(m, name);
    seen.push((name, v));
    v
}

/// The native form of `schema`: `None` when it uses anything else (the whole schema then
/// goes to the validator, which also reports schema errors exactly as before).
fn native(schema: &Value) -> Option<Result<Cond, String>> {
    let text = schema.to_string();
    // References and dynamic scopes need the whole schema: leave them to the validator.
    if text.contains("\"$ref\"") || text.contains("\"$dynamicRef\"") || text.contains("\"$id\"") {
        return None;
    }
    cond(schema).map(Ok)
}

fn cond(schema: &Value) -> Option<Cond> {
    let Value::Object(obj) = schema else {
        return None;
    };
    let mut parts = Vec::new();
    for (k, v) in obj {
        match k.as_str() {
            "required" => parts.push(Cond::Required(required(v)?)),
            "properties" => {
                for (name, sub) in v.as_object()? {
                    parts.push(member(name, sub)?);
                }
            }
            "not" => parts.push(Cond::Not(Box::new(cond(v)?))),
            "allOf" => parts.push(Cond::All(list(v)?)),
            "anyOf" => parts.push(Cond::Any(list(v)?)),
            _ => return None,
        }
    }
    Some(match parts.len() {
        1 => parts.pop()?,
        _ => Cond::All(parts),
    })
}

/// `required`: an array of distinct strings (what the metaschema allows).
fn required(v: &Value) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for item in v.as_array()? {
        let s = item.as_str()?;
        if out.iter().any(|o| o == s) {
            return None;
        }
        out.push(s.to_owned());
    }
    Some(out)
}

/// `allOf` / `anyOf`: a non-empty array of simple schemas.
fn list(v: &Value) -> Option<Vec<Cond>> {
    let items = v.as_array()?;
    if items.is_empty() {
        return None;
    }
    items.iter().map(cond).collect()
}

/// A `properties` member: `const` / `enum` of strings natively, anything else by the
/// validator on the member's value alone.
fn member(name: &str, sub: &Value) -> Option<Cond> {
    let Value::Object(m) = sub else {
        return None;
    };
    if let Some(allowed) = strings_only(m) {
        return Some(Cond::MemberIn(name.to_owned(), allowed));
    }
    let v = crate::structure::compile(sub, None, &[]).ok()?;
    Some(Cond::MemberSchema(name.to_owned(), v))
}

/// The allowed strings of `{const: "x"}`, `{enum: ["x", "y"]}` (or both: their
/// intersection), when the schema has nothing else.
fn strings_only(m: &Map<String, Value>) -> Option<Vec<String>> {
    let mut allowed: Option<Vec<String>> = None;
    for (k, v) in m {
        let these: Vec<String> = match k.as_str() {
            "const" => vec![v.as_str()?.to_owned()],
            "enum" => v
                .as_array()?
                .iter()
                .map(|x| x.as_str().map(str::to_owned))
                .collect::<Option<_>>()?,
            _ => return None,
        };
        allowed = Some(match allowed {
            None => these,
            Some(a) => a.into_iter().filter(|x| these.contains(x)).collect(),
        });
    }
    allowed
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Native and validator answers agree on every instance, including non-objects.
    #[test]
    fn native_agrees_with_the_validator() {
        let schemas = [
            json!({"required": ["actionType"], "properties": {"actionType": {"const": "Use"}}, "not": {"required": ["purposeOimp"]}}),
            json!({"allOf": [{"required": ["actionType"], "properties": {"actionType": {"enum": ["Use", "Cancellation"]}}}, {"required": ["purposeOimp"]}, {"not": {"anyOf": [{"required": ["actionSubtype"], "properties": {"actionSubtype": {"enum": ["x"]}}}, {"required": ["purposeOimp"], "properties": {"purposeOimp": {"pattern": "[Oo][Mm][Gg][Ee]"}}}]}}]}),
            json!({"required": ["a", "b"], "properties": {"a": {"const": "x"}, "b": {"enum": ["y", "z"]}}}),
            json!({"properties": {"a": {"const": "x", "enum": ["x", "y"]}}}),
            json!({"properties": {"a": {"const": "x", "enum": ["y"]}}}),
        ];
        let instances = [
            json!({}),
            json!(null),
            json!(3),
            json!("Use"),
            json!([1]),
            json!({"actionType": "Use"}),
            json!({"actionType": "Use", "purposeOimp": "OMGE"}),
            json!({"actionType": "Use", "purposeOimp": "other"}),
            json!({"actionType": "Cancellation", "purposeOimp": 4}),
            json!({"actionType": 1}),
            json!({"actionType": "Use", "actionSubtype": "x", "purposeOimp": "p"}),
            json!({"a": "x", "b": "y"}),
            json!({"a": "x", "b": "q"}),
            json!({"a": "y"}),
            json!({"a": null}),
            json!({"b": "z"}),
        ];
        for s in &schemas {
            let p = Predicate::compile(s).expect("compiles");
            assert!(matches!(p, Predicate::Native(_)), "{s} is native");
            let v = crate::structure::compile(s, None, &[]).expect("compiles");
            let Predicate::Native(c) = &p else { continue };
            let mut seen = Vec::new();
            for i in &instances {
                assert_eq!(p.is_valid(i), v.is_valid(i), "{s} on {i}");
                seen.clear();
                assert_eq!(c.holds_sharing(i, &mut seen), v.is_valid(i), "{s} on {i}");
            }
        }
    }
}
