//! Field labels from a form schema's `title`s, so messages name the field the
//! user sees ("Cooperative approach ID"), not a pointer.

use crate::json::escape_token;
use serde_json::Value;
use std::collections::HashMap;

/// Labels keyed by pointer pattern: array indexes are written `*`.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    by_pattern: HashMap<String, String>,
    /// Schema order of each property pattern, so findings follow the form's field order.
    order: HashMap<String, usize>,
}

impl Labels {
    /// Collect every `title` reachable through properties, items, local `$ref`s and applicators.
    pub fn from_schema(root: &Value) -> Labels {
        let mut labels = Labels::default();
        walk(root, root, String::new(), &mut labels, 0);
        labels
    }

    /// The schema label of the field at `pointer` (see [`Labels::label_in`]).
    pub fn label(&self, pointer: &str) -> Option<&str> {
        self.label_in(pointer, None)
    }

    /// A sort key that puts `pointer` in form order: fields in schema order, rows by index.
    pub fn sort_key(&self, pointer: &str) -> Vec<usize> {
        let mut key = Vec::new();
        let mut pattern = String::new();
        for seg in pointer.split('/').skip(1) {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                pattern.push_str("/*");
                key.push(seg.parse::<usize>().unwrap_or(usize::MAX));
            } else {
                pattern.push('/');
                pattern.push_str(seg);
                key.push(self.order.get(&pattern).copied().unwrap_or(usize::MAX));
            }
        }
        key
    }

    /// Every property pattern the schema defines (titled or not).
    pub fn known_patterns(&self) -> impl Iterator<Item = &String> {
        self.order.keys()
    }

    /// Every labelled pattern with its (English) title, for translators.
    pub fn patterns(&self) -> impl Iterator<Item = (&String, &String)> {
        self.by_pattern.iter()
    }

    /// The label of the field at `pointer`, or of its nearest labelled ancestor list;
    /// `translated` (pattern → label, from the message catalog) wins over the schema title.
    pub fn label_in<'a>(
        &'a self,
        pointer: &str,
        translated: Option<&'a serde_json::Map<String, Value>>,
    ) -> Option<&'a str> {
        let pattern = pattern_of(pointer);
        let mut p = pattern.as_str();
        loop {
            if let Some(l) = translated.and_then(|t| t.get(p)).and_then(Value::as_str) {
                return Some(l);
            }
            if let Some(l) = self.by_pattern.get(p) {
                return Some(l);
            }
            // An array item without a title of its own takes its list's label.
            match p.rsplit_once('/') {
                Some((parent, "*")) => p = parent,
                _ => return None,
            }
        }
    }
}

/// `/t3Actions/4/actionType` → `/t3Actions/*/actionType`.
pub fn pattern_of(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    root.pointer(fragment)
}

fn walk(schema: &Value, root: &Value, at: String, out: &mut Labels, depth: usize) {
    let Value::Object(obj) = schema else { return };
    if depth > 32 {
        return;
    }
    if !at.is_empty() {
        let next = out.order.len();
        out.order.entry(at.clone()).or_insert(next);
        if let Some(title) = obj.get("title").and_then(Value::as_str) {
            out.by_pattern
                .entry(at.clone())
                .or_insert_with(|| title.to_owned());
        }
    }
    if let Some(Value::Object(props)) = obj.get("properties") {
        for (k, sub) in props {
            walk(
                sub,
                root,
                format!("{at}/{}", escape_token(k)),
                out,
                depth + 1,
            );
        }
    }
    if let Some(items) = obj.get("items") {
        walk(items, root, format!("{at}/*"), out, depth + 1);
    }
    if let Some(Value::Array(prefix)) = obj.get("prefixItems") {
        for sub in prefix {
            walk(sub, root, format!("{at}/*"), out, depth + 1);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(subs)) = obj.get(key) {
            for sub in subs {
                walk(sub, root, at.clone(), out, depth + 1);
            }
        }
    }
    for key in ["then", "else"] {
        if let Some(sub) = obj.get(key) {
            walk(sub, root, at.clone(), out, depth + 1);
        }
    }
    if let Some(target) = obj
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| resolve(root, r))
    {
        walk(target, root, at, out, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels_follow_refs_and_items() {
        let schema = json!({
            "$defs": {"entity": {"properties": {"name": {"title": "Name"}}}},
            "properties": {
                "metric": {"title": "Metric"},
                "sectors": {"title": "Sectors", "items": {"type": "string"}},
                "entities": {"title": "Entities", "items": {"$ref": "#/$defs/entity"}}
            }
        });
        let l = Labels::from_schema(&schema);
        assert_eq!(l.label("/metric"), Some("Metric"));
        assert_eq!(l.label("/sectors/3"), Some("Sectors"));
        assert_eq!(l.label("/entities/0/name"), Some("Name"));
        assert_eq!(l.label("/nope"), None);
    }
}
