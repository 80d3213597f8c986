//! Checking one part of a document (a row, a field) where it sits in its form, so the
//! cost of re-checking after a keystroke does not grow with the document.
//!
//! The part is validated against the subschema that applies at its pointer: the walk
//! follows `properties`, `items`, `additionalProperties` and local `$ref`s from the
//! form's root. Conditionals that live on a row (`if`/`then` on the action type, say)
//! are inside the row's schema, so checking a whole row gives exactly the schema
//! findings a full check gives for that row; checking a single field gives that
//! field's own checks only. Cross-row and cross-table rules need the whole document
//! and stay with the full check.

use crate::json::escape_token;
use a6check_schema::{percent_decode, unescape_token};
use serde_json::Value;

/// The JSON Pointers, inside the form schema, of the subschemas that always apply to
/// the instance at `pointer` (`""` for the whole document): its `properties` entry, and
/// the entries of `allOf` branches beside it (a field's shared definition often lives
/// there). `if`/`then` branches are left out: they depend on siblings the part does not
/// carry, which is why a row is the unit to check. `None` when the form has no fixed
/// place for the pointer.
pub fn schema_locations(root: &Value, pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(vec![String::new()]);
    }
    let tokens = pointer.strip_prefix('/')?.split('/');
    let mut here = vec![String::new()];
    for raw in tokens {
        let token = unescape_token(raw);
        let is_index = !token.is_empty()
            && token.bytes().all(|b| b.is_ascii_digit())
            && (token == "0" || !token.starts_with('0'));
        let mut next = Vec::new();
        for at in expand(root, &here) {
            let Some(node) = root.pointer(&at) else {
                continue;
            };
            let named = node
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| p.contains_key(&token));
            let child = if named {
                format!("{at}/properties/{}", escape_token(&token))
            } else if is_index && node.get("items").is_some_and(Value::is_object) {
                format!("{at}/items")
            } else if node
                .get("additionalProperties")
                .is_some_and(Value::is_object)
            {
                format!("{at}/additionalProperties")
            } else {
                continue;
            };
            if !next.contains(&child) {
                next.push(child);
            }
        }
        if next.is_empty() {
            return None;
        }
        here = next;
    }
    Some(here)
}

/// The locations, with local `$ref`s followed and unconditional `allOf` branches added.
fn expand(root: &Value, locations: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut todo: Vec<String> = locations.to_vec();
    // Bounded: a cycle of references or branches cannot loop forever.
    while let Some(at) = todo.pop() {
        if out.len() > 256 {
            break;
        }
        let Some(at) = follow_refs(root, at) else {
            continue;
        };
        if out.contains(&at) {
            continue;
        }
        if let Some(branches) = root
            .pointer(&at)
            .and_then(|n| n.get("allOf"))
            .and_then(Value::as_array)
        {
            for i in 0..branches.len() {
                todo.push(format!("{at}/allOf/{i}"));
            }
        }
        out.push(at);
    }
    out
}

/// Follow local `$ref`s (`#/...`) until a schema that is not only a reference.
fn follow_refs(root: &Value, mut at: String) -> Option<String> {
    // A cycle of references is bounded by the number of steps, not detected.
    for _ in 0..64 {
        let node = root.pointer(&at)?;
        let Some(target) = node.get("$ref").and_then(Value::as_str) else {
            return Some(at);
        };
        let Some(fragment) = target.strip_prefix('#') else {
            // A reference to another file: the part is checked against this node,
            // whose `$ref` the validator resolves.
            return Some(at);
        };
        if node
            .as_object()
            .is_some_and(|o| o.contains_key("properties") || o.contains_key("items"))
        {
            return Some(at);
        }
        at = percent_decode(fragment);
    }
    None
}

/// A JSON Pointer as a URI fragment: characters outside RFC 3986's `pchar` set are
/// percent-encoded (the pointer's own `~0`/`~1` escapes are kept).
pub fn fragment_of(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1);
    out.push('#');
    for b in pointer.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({
            "$defs": {
                "block": {"properties": {"v": {"type": "integer"}}},
                "row": {"type": "object", "properties": {"a b": {"type": "string"}}},
                "alias": {"$ref": "#/$defs/row"}
            },
            "properties": {
                "t1": {"type": "object", "properties": {"year": {"type": "integer"}}},
                "rows": {"type": "array", "items": {"$ref": "#/$defs/alias"}},
                "map": {"type": "object", "additionalProperties": {"type": "string"}},
                "code": {"$ref": "https://example.invalid/codes.json"},
                "mixed": {"type": "array", "items": {
                    "properties": {"v": {}},
                    "allOf": [{"$ref": "#/$defs/block"}],
                    "if": {"required": ["v"]}, "then": {"properties": {"v": {"const": 1}}}
                }}
            }
        })
    }

    #[test]
    fn walks_properties_items_and_local_refs() {
        let s = schema();
        let one = |p: &str| schema_locations(&s, p).map(|v| v.join(" "));
        assert_eq!(one("").as_deref(), Some(""));
        assert_eq!(
            one("/t1/year").as_deref(),
            Some("/properties/t1/properties/year")
        );
        assert_eq!(one("/rows/41").as_deref(), Some("/properties/rows/items"));
        assert_eq!(
            one("/rows/41/a b").as_deref(),
            Some("/$defs/row/properties/a b")
        );
        assert_eq!(
            one("/map/anything").as_deref(),
            Some("/properties/map/additionalProperties")
        );
        assert_eq!(one("/code").as_deref(), Some("/properties/code"));
        // A field defined both on the row and in an allOf branch gets both; if/then not.
        assert_eq!(
            one("/mixed/0/v").as_deref(),
            Some("/properties/mixed/items/properties/v /$defs/block/properties/v")
        );
    }

    #[test]
    fn places_the_form_does_not_have_are_none() {
        let s = schema();
        assert_eq!(schema_locations(&s, "/nope"), None);
        assert_eq!(schema_locations(&s, "/rows/x"), None);
        assert_eq!(schema_locations(&s, "/rows/01"), None);
        assert_eq!(schema_locations(&s, "/t1/year/deeper"), None);
        assert_eq!(schema_locations(&s, "t1"), None);
        let cyclic = json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                            "properties": {"x": {"$ref": "#/$defs/a"}}});
        assert_eq!(schema_locations(&cyclic, "/x/y"), None);
    }

    #[test]
    fn pointers_become_uri_fragments_and_are_checked() {
        assert_eq!(
            fragment_of("/$defs/row/properties/a b"),
            "#/$defs/row/properties/a%20b"
        );
        assert_eq!(fragment_of("/a~1b/%"), "#/a~1b/%25");
        let is_pointer = a6check_schema::is_json_pointer;
        assert!(is_pointer("") && is_pointer("/a/0") && is_pointer("/a~0~1"));
        assert!(!is_pointer("a") && !is_pointer("/a~2") && !is_pointer("/a~"));
    }
}
