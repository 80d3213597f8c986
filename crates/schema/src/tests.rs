use super::*;
use serde_json::json;

fn v(schema: Value) -> Validator {
    match compile(&schema) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    }
}

fn num(text: &str) -> Value {
    serde_json::from_str(text).expect("number")
}

#[test]
fn multiple_of_is_exact() {
    let s = v(json!({"multipleOf": num("0.01")}));
    assert!(s.is_valid(&num("19.99")));
    assert!(!s.is_valid(&num("5.0001")));
    assert!(s.is_valid(&num("1e30")));
}

#[test]
fn bounds_compare_forty_digit_integers_exactly() {
    let s = v(json!({"maximum": num("1234567890123456789012345678901234567890")}));
    assert!(s.is_valid(&num("1234567890123456789012345678901234567890")));
    assert!(!s.is_valid(&num("1234567890123456789012345678901234567891")));
    let s = v(json!({"exclusiveMinimum": num("0.1")}));
    assert!(s.is_valid(&num("0.10000000000000000000001")));
    assert!(!s.is_valid(&num("0.1000")));
}

#[test]
fn numbers_equal_by_value() {
    let s = v(json!({"enum": [num("1.0"), "a"]}));
    assert!(s.is_valid(&num("1")));
    let s = v(json!({"uniqueItems": true}));
    assert!(!s.is_valid(&json!([num("1"), num("1.00")])));
    let many: Vec<Value> = (0..100).map(|i| json!({"a": i})).collect();
    assert!(s.is_valid(&Value::Array(many.clone())));
    let mut dup = many;
    dup.push(json!({"a": num("5.0")}));
    assert!(!s.is_valid(&Value::Array(dup)));
}

#[test]
fn ref_cycles_neither_hang_nor_overflow() {
    let s = v(json!({"$ref": "#"}));
    assert!(!s.is_valid(&json!(1)));
    let one = json!(1);
    let e = s.errors(&one, 10);
    assert!(matches!(e[0].kind, ErrorKind::RecursionLimit));
    let s = v(
        json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}),
    );
    assert!(!s.is_valid(&json!(1)));
    // A recursive schema that consumes the instance is fine.
    let s = v(json!({"properties": {"c": {"$ref": "#"}}, "type": "object"}));
    assert!(s.is_valid(&json!({"c": {"c": {}}})));
    assert!(!s.is_valid(&json!({"c": {"c": 1}})));
}

#[test]
fn bad_schemas_name_the_pointer() {
    let e = compile(&json!({"properties": {"a": {"pattern": "("}}})).expect_err("bad regex");
    assert_eq!(e.pointer, "/properties/a/pattern");
    let e = compile(&json!({"$ref": "#/nowhere"})).expect_err("bad ref");
    assert_eq!(e.pointer, "/$ref");
    let e = compile(&json!({"minLength": "3"})).expect_err("bad type");
    assert!(e.to_string().contains("minLength"), "{e}");
    let e = Options::new()
        .finding_keyword("x-a6-finding")
        .compile(&json!({"x-a6-finding": {"severity": "error"}}))
        .expect_err("no code");
    assert_eq!(e.pointer, "/x-a6-finding");
}

#[test]
fn error_paths() {
    let s = v(json!({
        "$defs": {"d": {"if": {"required": ["a"]}, "then": {"required": ["b", "c"]}}},
        "properties": {"x": {"$ref": "#/$defs/d"}, "y": {"additionalProperties": false, "properties": {"k": true}}}
    }));
    let doc = json!({"x": {"a": 1}, "y": {"k": 1, "p": 1, "q/r": 2}});
    let e = s.errors(&doc, 100);
    assert_eq!(e.len(), 3);
    assert!(matches!(e[0].kind, ErrorKind::Required { .. }));
    assert_eq!(e[0].instance_path, "/x");
    assert_eq!(e[0].schema_path, "/$defs/d/then/required");
    assert_eq!(e[0].evaluation_path, "/properties/x/$ref/then/required");
    assert_eq!(e[2].instance_path, "/y");
    match &e[2].kind {
        ErrorKind::AdditionalProperties { unexpected } => assert_eq!(unexpected, &["p", "q/r"]),
        k => panic!("{k:?}"),
    }
    assert_eq!(s.errors(&doc, 1).len(), 1);
}

#[test]
fn finding_keyword_fails_where_it_applies() {
    let schema = json!({"properties": {"a": {"x-a6-finding": {"code": "not-applicable"}}}});
    let s = Options::new()
        .finding_keyword("x-a6-finding")
        .compile(&schema)
        .expect("compiles");
    assert!(s.is_valid(&json!({})));
    let doc = json!({"a": 1});
    let e = s.errors(&doc, 10);
    assert!(matches!(e[0].kind, ErrorKind::Finding { .. }));
    assert_eq!(e[0].instance_path, "/a");
}
