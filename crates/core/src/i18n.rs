//! Message catalogs: findings rendered into words, per language, from bundle data.
//!
//! A catalog is a JSON object of templates keyed by message key. A template is a
//! string with `{name}` placeholders filled from the finding's args, or an object
//! of CLDR plural categories (`one`, `few`, `other`, ...) chosen by the `count` arg.
//! Missing keys fall back to the default language, then to the key itself, so a
//! finding is never silent.
//!
//! Filling a placeholder formats its arg for the language ([`locale`]): numbers the
//! engine computed or quotes (counts, limits, sums: args named in [`NUMBER_ARGS`], or
//! any arg written `{name:number}` in a template) get the language's separators, and
//! ISO dates are written out (`15 April 2025`), except in `value`, which echoes what
//! the user typed verbatim. Years, versions and identifiers are never grouped. Only
//! `message` changes: the finding's `args` stay raw for programs.

pub mod locale;

use crate::findings::Finding;
use serde_json::{Map, Value};

/// Args that always hold a number a6check computed or quotes (never a year or an id),
/// so they are formatted per language.
pub const NUMBER_ARGS: [&str; 7] = [
    "count", "limit", "total", "size", "line", "column", "offset",
];

/// Args echoed exactly as the user wrote them (GOV.UK: repeat the user's answer).
pub const VERBATIM_ARGS: [&str; 1] = ["value"];

/// One language's templates.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// BCP 47 language tag (`en`, `fr`, `ar`, ...).
    pub lang: String,
    templates: Map<String, Value>,
    /// Field labels by form, then pointer pattern (`/t3Actions/*/acquiringPartyId`).
    labels: Map<String, Value>,
    /// The language's own name (`Français`), for language pickers.
    pub name: String,
    /// Writing direction, `ltr` or `rtl`, so a page can set `dir`.
    pub direction: String,
}

impl Catalog {
    /// Build from the catalog file's `messages` object.
    pub fn new(lang: &str, templates: Map<String, Value>) -> Catalog {
        Catalog {
            lang: lang.to_owned(),
            templates,
            labels: Map::new(),
            name: lang.to_owned(),
            direction: "ltr".to_owned(),
        }
    }

    /// Take the language's own name and direction from the catalog file (`name`,
    /// `direction`), so embedders can list languages without a table of their own.
    pub fn with_meta(mut self, file: &Value) -> Catalog {
        if let Some(name) = file.get("name").and_then(Value::as_str) {
            self.name = name.to_owned();
        }
        if let Some(dir @ ("ltr" | "rtl")) = file.get("direction").and_then(Value::as_str) {
            self.direction = dir.to_owned();
        }
        self
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
                    .and_then(number_text)
                    .map_or("other", |n| locale::plural_category(&self.lang, &n));
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
            Some(t) => fill_args(
                &self.lang,
                t,
                &finding.args,
                &finding.code,
                is_year_field(&finding.pointer),
            ),
            None => finding.code.clone(),
        };
    }
}

/// The exact text of a number arg (a JSON number or a numeric string).
fn number_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// How a placeholder's arg is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Grouping and decimal separators of the language.
    Number,
    /// An ISO date written out; other text as it is.
    Auto,
    /// Exactly as given.
    Verbatim,
}

/// True when the field at `pointer` holds a year (`vintageFrom`, `reportedYear`,
/// `targetYears/0`): its bounds (`limit`) are years too, and a year is never grouped.
pub fn is_year_field(pointer: &str) -> bool {
    let Some(token) = pointer
        .rsplit('/')
        .find(|t| !t.is_empty() && !t.bytes().all(|b| b.is_ascii_digit()))
    else {
        return false;
    };
    let t = token.to_ascii_lowercase();
    t.contains("year") || t.contains("vintage") || t == "usefrom" || t == "useto"
}

fn kind_of(name: &str, spec: Option<&str>, year_field: bool) -> Kind {
    match spec {
        Some("number") => Kind::Number,
        Some("text") => Kind::Verbatim,
        Some(_) => Kind::Auto,
        None if year_field && name == "limit" => Kind::Auto,
        None if NUMBER_ARGS.contains(&name) => Kind::Number,
        None if VERBATIM_ARGS.contains(&name) => Kind::Verbatim,
        None => Kind::Auto,
    }
}

/// One arg's text in `lang`, by kind (lists item by item).
fn show(lang: &str, v: &Value, kind: Kind) -> String {
    match (kind, v) {
        (_, Value::Array(items)) => items
            .iter()
            .map(|i| show(lang, i, kind))
            .collect::<Vec<_>>()
            .join(", "),
        (Kind::Number, Value::Number(_) | Value::String(_)) => {
            let text = display(v);
            locale::format_number(lang, &text).unwrap_or(text)
        }
        (Kind::Auto, Value::String(s)) => locale::format_date(lang, s).unwrap_or_else(|| s.clone()),
        _ => display(v),
    }
}

/// Replace `{name}` by the arg's display text, unformatted (see [`fill_in`]).
pub fn fill(template: &str, args: &Map<String, Value>, code: &str) -> String {
    fill_in("", template, args, code)
}

/// Replace `{name}` (or `{name:number}`, `{name:text}`) by the arg's text formatted for
/// `lang`; `{code}` is the finding's code. An unknown `lang` formats nothing.
pub fn fill_in(lang: &str, template: &str, args: &Map<String, Value>, code: &str) -> String {
    fill_args(lang, template, args, code, false)
}

fn fill_args(
    lang: &str,
    template: &str,
    args: &Map<String, Value>,
    code: &str,
    year_field: bool,
) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let inner = &after[..close];
                let (name, spec) = match inner.split_once(':') {
                    Some((n, s)) => (n, Some(s)),
                    None => (inner, None),
                };
                if name == "code" {
                    out.push_str(code);
                } else if let Some(v) = args.get(name) {
                    // Values the user typed can be long; labels and counts are not cut.
                    let text = show(lang, v, kind_of(name, spec, year_field));
                    if matches!(name, "value" | "expected") && text.chars().count() > 80 {
                        let cut: String = text.chars().take(79).collect();
                        out.push_str(&cut);
                        out.push('…');
                    } else {
                        out.push_str(&text);
                    }
                } else {
                    out.push('{');
                    out.push_str(inner);
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

/// CLDR plural category of a count in a language; see [`locale::plural_category`],
/// which takes the number's exact text (this takes an integer, for callers with one).
pub fn plural_category(lang: &str, n: u64) -> &'static str {
    locale::plural_category(lang, &n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Severity;
    use serde_json::json;

    #[test]
    fn plural_rules_follow_cldr() {
        assert_eq!(plural_category("ru", 1), "one");
        assert_eq!(plural_category("ru", 3), "few");
        assert_eq!(plural_category("ru", 11), "many");
        assert_eq!(plural_category("ru", 22), "few");
        assert_eq!(plural_category("ar", 0), "zero");
        assert_eq!(plural_category("ar", 2), "two");
        assert_eq!(plural_category("ar", 105), "few");
        assert_eq!(plural_category("ar", 111), "many");
        assert_eq!(plural_category("ar", 100), "other");
        assert_eq!(plural_category("fr", 0), "one");
        assert_eq!(plural_category("en", 0), "other");
        assert_eq!(plural_category("zh", 1), "other");
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

#[cfg(test)]
mod locale_tests {
    use super::*;
    use crate::findings::Severity;
    use serde_json::json;

    fn catalog(lang: &str, templates: Value) -> Catalog {
        Catalog::new(lang, templates.as_object().cloned().unwrap_or_default())
    }

    fn render(cat: &Catalog, f: Finding) -> Finding {
        let mut f = f;
        cat.render(&mut f, None);
        f
    }

    #[test]
    fn computed_numbers_and_dates_follow_the_language_but_typed_values_do_not() {
        let t = json!({
            "sum": "{total} > {limit} ({value}, {year})",
            "late": "{value} after {expected}",
            "block": "{value} vs {expected:number}",
        });
        let sum = || {
            Finding::new("sum", Severity::Error, "/a")
                .arg("total", json!(1234567.5))
                .arg("limit", "1000000")
                .arg("value", "1234567.5")
                .arg("year", 2025)
        };
        let late = || {
            Finding::new("late", Severity::Error, "/a")
                .arg("value", "2026-05-01")
                .arg("expected", "2026-04-15")
        };
        let cases = [
            (
                "en",
                "1,234,567.5 > 1,000,000 (1234567.5, 2025)",
                "2026-05-01 after 15 April 2026",
            ),
            (
                "fr",
                "1\u{202f}234\u{202f}567,5 > 1\u{202f}000\u{202f}000 (1234567.5, 2025)",
                "2026-05-01 after 15 avril 2026",
            ),
            (
                "es",
                "1.234.567,5 > 1.000.000 (1234567.5, 2025)",
                "2026-05-01 after 15 de abril de 2026",
            ),
            (
                "ru",
                "1\u{a0}234\u{a0}567,5 > 1\u{a0}000\u{a0}000 (1234567.5, 2025)",
                "2026-05-01 after 15 апреля 2026 г.",
            ),
            (
                "zh",
                "1,234,567.5 > 1,000,000 (1234567.5, 2025)",
                "2026-05-01 after 2026年4月15日",
            ),
            (
                "ar",
                "1,234,567.5 > 1,000,000 (1234567.5, 2025)",
                "2026-05-01 after 15 نيسان/أبريل 2026",
            ),
        ];
        for (lang, want_sum, want_late) in cases {
            let cat = catalog(lang, t.clone());
            let f = render(&cat, sum());
            assert_eq!(f.message, want_sum, "{lang}");
            // The args stay raw for programs.
            assert_eq!(f.args.get("limit"), Some(&json!("1000000")));
            assert_eq!(render(&cat, late()).message, want_late, "{lang}");
        }
        let es = catalog("es", t);
        let f = Finding::new("block", Severity::Error, "/a")
            .arg("value", "12000")
            .arg("expected", 12500);
        assert_eq!(render(&es, f).message, "12000 vs 12.500");
    }

    #[test]
    fn forty_digit_counts_pick_plurals_and_format_exactly() {
        let ru = catalog(
            "ru",
            json!({"n": {"one": "{count} ед.", "few": "{count} ед-ы", "many": "{count} ед-ц", "other": "{count} ?"}}),
        );
        let big = "1234567890123456789012345678901234567892";
        let f = Finding::new("n", Severity::Error, "/a").arg(
            "count",
            serde_json::from_str::<Value>(big).unwrap_or_default(),
        );
        let f = render(&ru, f);
        assert_eq!(
            f.message,
            "1\u{a0}234\u{a0}567\u{a0}890\u{a0}123\u{a0}456\u{a0}789\u{a0}012\u{a0}345\u{a0}678\u{a0}901\u{a0}234\u{a0}567\u{a0}892 ед-ы"
        );
    }

    #[test]
    fn bounds_of_year_fields_are_years_not_grouped() {
        let fr = catalog("fr", json!({"minimum": "{field} ≥ {limit}"}));
        let year = Finding::new("minimum", Severity::Error, "/vintageFrom")
            .arg("field", "Premier millésime")
            .arg("limit", 2021);
        assert_eq!(render(&fr, year).message, "Premier millésime ≥ 2021");
        let listed = Finding::new(
            "minimum",
            Severity::Error,
            "/ndcQuantification/targetYears/0",
        )
        .arg("field", "Année")
        .arg("limit", 2021);
        assert_eq!(render(&fr, listed).message, "Année ≥ 2021");
        let quantity = Finding::new("minimum", Severity::Error, "/t3Actions/0/quantityTCO2e")
            .arg("field", "Quantité")
            .arg("limit", 10000);
        assert_eq!(render(&fr, quantity).message, "Quantité ≥ 10\u{202f}000");
        assert!(is_year_field("/t1Submission/reportedYear"));
        assert!(is_year_field("/useTo"));
        assert!(!is_year_field("/authorizedQuantity"));
        assert!(!is_year_field(""));
    }

    #[test]
    fn unknown_languages_and_non_numbers_are_shown_as_given() {
        let de = catalog("de", json!({"x": "{limit} {expected}"}));
        let f = Finding::new("x", Severity::Error, "/a")
            .arg("limit", 1000)
            .arg("expected", "2025-04-15");
        assert_eq!(render(&de, f).message, "1000 2025-04-15");
        let en = catalog("en", json!({"x": "{limit} {missing:number} {column}"}));
        let f = Finding::new("x", Severity::Error, "/a")
            .arg("limit", "lots")
            .arg("column", "/t3Actions/0/firstId");
        assert_eq!(
            render(&en, f).message,
            "lots {missing:number} /t3Actions/0/firstId"
        );
    }
}
