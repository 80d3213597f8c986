//! Message catalogs: findings rendered into words, per language, from bundle data.
//!
//! A catalog is a JSON object of templates keyed by message key. A template is a
//! string with `{name}` placeholders filled from the finding's args, or an object
//! of CLDR plural categories (`one`, `few`, `other`, ...) chosen by the `count` arg.
//! Missing keys fall back to the default language, then to the key itself, so a
//! finding is never silent.

use crate::findings::Finding;
use serde_json::{Map, Value};

/// One language's templates.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// BCP 47 language tag (`en`, `fr`, `ar`, ...).
    pub lang: String,
    templates: Map<String, Value>,
    /// Field labels by form, then pointer pattern (`/t3Actions/*/acquiringPartyId`).
    labels: Map<String, Value>,
}

impl Catalog {
    /// Build from the catalog file's `messages` object.
    pub fn new(lang: &str, templates: Map<String, Value>) -> Catalog {
        Catalog {
            lang: lang.to_owned(),
            templates,
            labels: Map::new(),
        }
    }

    /// Add the catalog file's `labels` object (`{form: {pattern: label}}`).
    pub fn with_labels(mut self, labels: Map<String, Value>) -> Catalog {
        self.labels = labels;
        self
    }

    /// Translated field labels of `form`, if the catalog has any.
    pub fn labels_of(&self, form: &str) -> Option<&Map<String, Value>> {
        self.labels.get(form).and_then(Value::as_object)
    }

    /// Every label pattern per form (for completeness checks).
    pub fn label_keys(&self) -> Vec<(String, String)> {
        self.labels
            .iter()
            .flat_map(|(form, m)| {
                m.as_object()
                    .into_iter()
                    .flat_map(move |m| m.keys().map(move |k| (form.clone(), k.clone())))
            })
            .collect()
    }

    /// True when the catalog has a template for `key`.
    pub fn has(&self, key: &str) -> bool {
        self.templates.contains_key(key)
    }

    /// Templates written per plural category, with their categories.
    pub fn plural_templates(&self) -> Vec<(&str, Vec<&str>)> {
        self.templates
            .iter()
            .filter_map(|(k, v)| {
                v.as_object()
                    .map(|forms| (k.as_str(), forms.keys().map(String::as_str).collect()))
            })
            .collect()
    }

    /// All message keys, for completeness checks.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.templates.keys()
    }

    /// The template text for `key`, resolving plural forms with `count`.
    fn template(&self, key: &str, count: Option<&Value>) -> Option<&str> {
        match self.templates.get(key)? {
            Value::String(s) => Some(s),
            Value::Object(forms) => {
                let cat = count
                    .and_then(number_of)
                    .map_or("other", |n| plural_category(&self.lang, n));
                forms
                    .get(cat)
                    .or_else(|| forms.get("other"))
                    .and_then(Value::as_str)
            }
            _ => None,
        }
    }

    /// The plain template of `key` here or in `fallback`.
    pub fn text<'a>(&'a self, key: &str, fallback: Option<&'a Catalog>) -> Option<&'a str> {
        self.template(key, None)
            .or_else(|| fallback.and_then(|c| c.template(key, None)))
    }

    /// Fill `finding.message` from this catalog, or from `fallback` when this one lacks the key.
    pub fn render(&self, finding: &mut Finding, fallback: Option<&Catalog>) {
        let count = finding.args.get("count");
        let template = self
            .template(&finding.message_key, count)
            .or_else(|| fallback.and_then(|c| c.template(&finding.message_key, count)))
            .or_else(|| self.template("fallback", count))
            .or_else(|| fallback.and_then(|c| c.template("fallback", count)));
        finding.message = match template {
            Some(t) => fill(t, &finding.args, &finding.code),
            None => finding.code.clone(),
        };
    }
}

fn number_of(v: &Value) -> Option<f64> {
    match v {
        // Counts are small integers; f64 only picks a plural category here.
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// Replace `{name}` by the arg's display text; `{code}` is the finding's code.
pub fn fill(template: &str, args: &Map<String, Value>, code: &str) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                if name == "code" {
                    out.push_str(code);
                } else if let Some(v) = args.get(name) {
                    // Values the user typed can be long; labels and counts are not cut.
                    let text = display(v);
                    if matches!(name, "value" | "expected") && text.chars().count() > 80 {
                        let cut: String = text.chars().take(79).collect();
                        out.push_str(&cut);
                        out.push('…');
                    } else {
                        out.push_str(&text);
                    }
                } else {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// How an arg value reads inside a sentence: strings bare, lists joined.
pub fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(display).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// CLDR plural category for a count in a language (integers; the six UN languages).
pub fn plural_category(lang: &str, n: f64) -> &'static str {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    let is_int = n.fract() == 0.0;
    let i = n.abs().trunc() as u64;
    match base {
        "zh" | "ja" | "ko" => "other",
        "fr" => {
            if i == 0 || i == 1 {
                "one"
            } else if is_int && i != 0 && i.is_multiple_of(1_000_000) {
                "many"
            } else {
                "other"
            }
        }
        "es" => {
            if is_int && i == 1 {
                "one"
            } else if is_int && i != 0 && i.is_multiple_of(1_000_000) {
                "many"
            } else {
                "other"
            }
        }
        "ru" => {
            if !is_int {
                return "other";
            }
            let (m10, m100) = (i % 10, i % 100);
            if m10 == 1 && m100 != 11 {
                "one"
            } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
                "few"
            } else {
                "many"
            }
        }
        "ar" => {
            if !is_int {
                return "other";
            }
            let m100 = i % 100;
            match i {
                0 => "zero",
                1 => "one",
                2 => "two",
                _ if (3..=10).contains(&m100) => "few",
                _ if (11..=99).contains(&m100) => "many",
                _ => "other",
            }
        }
        _ => {
            if is_int && i == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Severity;
    use serde_json::json;

    #[test]
    fn plural_rules_follow_cldr() {
        assert_eq!(plural_category("ru", 1.0), "one");
        assert_eq!(plural_category("ru", 3.0), "few");
        assert_eq!(plural_category("ru", 11.0), "many");
        assert_eq!(plural_category("ru", 22.0), "few");
        assert_eq!(plural_category("ar", 0.0), "zero");
        assert_eq!(plural_category("ar", 2.0), "two");
        assert_eq!(plural_category("ar", 105.0), "few");
        assert_eq!(plural_category("ar", 111.0), "many");
        assert_eq!(plural_category("ar", 100.0), "other");
        assert_eq!(plural_category("fr", 0.0), "one");
        assert_eq!(plural_category("en", 0.0), "other");
        assert_eq!(plural_category("zh", 1.0), "other");
    }

    #[test]
    fn renders_with_fallback_and_plurals() {
        let en = Catalog::new(
            "en",
            json!({"required": "{field} is required", "min-items": {"one": "Add at least {count} item", "other": "Add at least {count} items"}})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        let fr = Catalog::new("fr", Map::new());
        let mut f = Finding::new("required", Severity::Error, "/a").arg("field", "Metric");
        fr.render(&mut f, Some(&en));
        assert_eq!(f.message, "Metric is required");
        let mut f = Finding::new("min-items", Severity::Error, "/a").arg("count", 1);
        en.render(&mut f, None);
        assert_eq!(f.message, "Add at least 1 item");
        let mut f = Finding::new("nope", Severity::Error, "/a");
        en.render(&mut f, None);
        assert_eq!(f.message, "nope");
    }
}
