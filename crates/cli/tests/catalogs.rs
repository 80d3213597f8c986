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
