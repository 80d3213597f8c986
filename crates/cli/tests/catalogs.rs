//! Message catalogs are complete: every language has every message key English has,
//! every plural template has the categories its language needs, and every field
//! label of every form is translated.

use a6check_core::Engine;

fn engine() -> Engine {
    Engine::from_packed(a6check_default_bundle::PACKED).expect("default bundle compiles")
}

#[test]
fn every_catalog_has_every_english_key_and_label() {
    let engine = engine();
    let en = engine.catalog_for(Some("en")).expect("English catalog");
    let mut problems = Vec::new();
    for lang in engine.languages() {
        let cat = engine.catalog_for(Some(lang)).expect("catalog");
        for key in en.keys() {
            if !cat.has(key) {
                problems.push(format!("{lang}: message {key} missing"));
            }
        }
        if lang == "en" {
            continue;
        }
        for spec in &engine.manifest().forms {
            let translated = cat.labels_of(&spec.key);
            for (pattern, _) in engine.labels(&spec.key).unwrap_or_default() {
                let ok = translated
                    .and_then(|t| t.get(&pattern))
                    .and_then(|v| v.as_str())
                    .is_some_and(|s| !s.trim().is_empty());
                if !ok {
                    problems.push(format!("{lang}: label {} {pattern} missing", spec.key));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn plural_templates_cover_each_languages_categories() {
    let engine = engine();
    let needs = |lang: &str| -> &'static [&'static str] {
        match lang {
            "ru" => &["one", "few", "many", "other"],
            "ar" => &["zero", "one", "two", "few", "many", "other"],
            "fr" | "es" => &["one", "many", "other"],
            "zh" => &["other"],
            _ => &["one", "other"],
        }
    };
    let mut problems = Vec::new();
    for lang in engine.languages() {
        let cat = engine.catalog_for(Some(lang)).expect("catalog");
        for (key, forms) in cat.plural_templates() {
            for c in needs(lang) {
                if !forms.contains(c) {
                    problems.push(format!("{lang}: {key} lacks plural category {c}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every text a catalog shows people: message templates (each plural form) and labels.
fn catalog_texts(file: &serde_json::Value) -> Vec<String> {
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Object(m) => m.values().for_each(|v| strings(v, out)),
            serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for part in ["messages", "labels"] {
        if let Some(v) = file.get(part) {
            strings(v, &mut out);
        }
    }
    out
}

#[test]
fn catalogs_use_the_glossary_term_for_each_concept() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/messages");
    let read = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(dir.join(name)).expect("catalog readable");
        serde_json::from_str(&text).expect("catalog is JSON")
    };
    let glossary = read("glossary.json");
    let concepts = glossary["concepts"].as_object().expect("concepts object");
    assert!(!concepts.is_empty());
    let mut problems = Vec::new();
    for lang in ["fr", "es", "ar", "ru", "zh"] {
        let texts = catalog_texts(&read(&format!("{lang}.json")));
        for (concept, entry) in concepts {
            let Some(e) = entry.get(lang) else {
                problems.push(format!("{lang}: glossary has no term for {concept}"));
                continue;
            };
            let list = |k: &str| -> Vec<&str> {
                e.get(k)
                    .and_then(|v| v.as_array())
                    .map(|a| a.iter().filter_map(|s| s.as_str()).collect())
                    .unwrap_or_default()
            };
            let term = e["term"].as_str().unwrap_or_default();
            let mut forms = list("match");
            forms.push(term);
            if !texts.iter().any(|t| forms.iter().any(|f| t.contains(f))) {
                problems.push(format!(
                    "{lang}: {concept}: the glossary term {term:?} is never used"
                ));
            }
            for bad in list("avoid") {
                for t in texts.iter().filter(|t| t.contains(bad)) {
                    problems.push(format!(
                        "{lang}: {concept}: {bad:?} instead of {term:?} in {t:?}"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
