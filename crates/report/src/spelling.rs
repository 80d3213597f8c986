//! One spelling policy for validation, import and report, read from the bundle.
//!
//! - Official values are the code lists validation checks against: a field of the AEF
//!   schema that `$ref`s `codelists/<list>.json` takes that list's `enum`.
//! - Variant spellings are the lists' `x-a6-aliases` (brief 4.13) and differences of case,
//!   accents, spacing and punctuation that match exactly one official value. The workbook
//!   import replaces them by the official value (with an info finding); the report
//!   operations refuse any other value the way validation does (`unknown-controlled-value`).
//! - A field that `$ref`s `#/$defs/partyCode` holds ISO 3166-1 alpha-3 codes; the import
//!   maps a Party name in English, French or Spanish (`codelists/party-names.json`) to its
//!   code when the name is unambiguous (brief 10 item 6).
//!
//! Nothing here names a code-list value: the lists, aliases and names are bundle data.

use crate::findings::finding;
use a6check_core::{Engine, Finding, Severity};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The AEF form key in the bundle.
const AEF: &str = "aef";
/// The schema definition of a Party code.
const PARTY_CODE_REF: &str = "#/$defs/partyCode";
/// The bundle resource with the Party names.
const PARTY_NAMES: &str = "codelists/party-names.json";

/// One code list: official values, and folded spellings (aliases included) → official.
#[derive(Debug, Default)]
struct CodeList {
    /// File stem (`action-subtypes`), for findings.
    name: String,
    /// Official values as the `enum` gives them (strings only).
    values: Vec<Value>,
    /// Folded spelling → official value; `None` when two official values fold alike.
    folded: BTreeMap<String, Option<String>>,
    /// Variant spelling exactly as listed → official value (validation's "did you mean").
    aliases: BTreeMap<String, String>,
}

impl CodeList {
    fn of(name: &str, schema: &Value) -> CodeList {
        let values: Vec<Value> = schema
            .get("enum")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter(|v| v.is_string()).cloned().collect())
            .unwrap_or_default();
        let mut folded: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut put = |key: String, official: &str| {
            let e = folded
                .entry(key)
                .or_insert_with(|| Some(official.to_owned()));
            if e.as_deref() != Some(official) {
                *e = None;
            }
        };
        for v in values.iter().filter_map(Value::as_str) {
            put(fold(v), v);
        }
        let mut exact = BTreeMap::new();
        if let Some(aliases) = schema.get("x-a6-aliases").and_then(Value::as_object) {
            for (alias, official) in aliases {
                if let Some(o) = official.as_str().filter(|o| values.iter().any(|v| v == *o)) {
                    put(fold(alias), o);
                    exact.insert(alias.clone(), o.to_owned());
                }
            }
        }
        CodeList {
            name: name.to_owned(),
            values,
            folded,
            aliases: exact,
        }
    }

    fn is_official(&self, s: &str) -> bool {
        self.values.iter().any(|v| v == s)
    }
}

/// What the spelling policy says about one value of a code-listed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Code {
    /// Written as the code list writes it (or the field has no code list).
    Official,
    /// A known variant of `official` (alias, case, accents, spacing, punctuation).
    Variant {
        /// The official value.
        official: String,
        /// The code list's file stem.
        list: String,
    },
    /// Not in the code list (validation refuses it).
    Unknown,
}

/// What a Party cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Party {
    /// An alpha-3 code as written (`^[A-Z]{3}$`), or empty.
    Code,
    /// A known code in other letter case (`gha`).
    CodeCase(String),
    /// A Party name: its code and the language of the name (`en`, `fr`, `es`).
    Name(String, String),
    /// A name that several codes share once case and accents are ignored.
    Ambiguous(Vec<String>),
    /// Neither a code nor a known name; the closest name and its code, if any.
    Unknown(Option<(String, String)>),
}

/// Party names → codes.
#[derive(Debug, Default)]
struct PartyNames {
    /// Exact name → (code, language); a name two codes share is left out.
    exact: BTreeMap<String, Option<(String, String)>>,
    /// Folded name → the codes (and language of the first name seen) it may mean.
    folded: BTreeMap<String, (BTreeSet<String>, String)>,
    /// Every name with the length of its folded form, for "did you mean".
    names: Vec<(Value, usize)>,
    /// Every code.
    codes: BTreeSet<String>,
}

impl PartyNames {
    fn of(doc: &Value) -> PartyNames {
        let mut p = PartyNames::default();
        let Some(by_code) = doc.get("x-a6-names").and_then(Value::as_object) else {
            return p;
        };
        for (code, langs) in by_code {
            p.codes.insert(code.clone());
            let Some(langs) = langs.as_object() else {
                continue;
            };
            for (lang, names) in langs {
                for name in names
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    let e = p
                        .exact
                        .entry(name.to_owned())
                        .or_insert_with(|| Some((code.clone(), lang.clone())));
                    if e.as_ref().is_some_and(|(c, _)| c != code) {
                        *e = None;
                    }
                    p.folded
                        .entry(fold(name))
                        .or_insert_with(|| (BTreeSet::new(), lang.clone()))
                        .0
                        .insert(code.clone());
                    p.names
                        .push((Value::String(name.to_owned()), fold(name).chars().count()));
                }
            }
        }
        p
    }

    fn classify(&self, given: &str, suggest: bool) -> Party {
        let t = given.trim();
        if t.is_empty() || (t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase())) {
            return Party::Code;
        }
        if let Some(Some((code, lang))) = self.exact.get(t) {
            return Party::Name(code.clone(), lang.clone());
        }
        if let Some((codes, lang)) = self.folded.get(&fold(t)) {
            return match codes.iter().collect::<Vec<_>>()[..] {
                [one] => Party::Name(one.clone(), lang.clone()),
                _ => Party::Ambiguous(codes.iter().cloned().collect()),
            };
        }
        let upper = t.to_ascii_uppercase();
        if t.len() == 3 && t.bytes().all(|b| b.is_ascii_alphabetic()) && self.codes.contains(&upper)
        {
            return Party::CodeCase(upper);
        }
        if !suggest {
            return Party::Unknown(None);
        }
        // Only names whose length allows a close match (the edit distance is at least the
        // difference in length, and "close" is at most a third of the longer).
        let n = fold(t).chars().count();
        let candidates: Vec<Value> = self
            .names
            .iter()
            .filter(|(_, m)| m.abs_diff(n) * 3 <= n.max(*m).max(3))
            .map(|(v, _)| v.clone())
            .collect();
        let near = a6check_core::suggest::closest(t, &candidates).and_then(|name| {
            match self.exact.get(&name) {
                Some(Some((code, _))) => Some((name, code.clone())),
                _ => None,
            }
        });
        Party::Unknown(near)
    }
}

/// The spelling policy of one bundle: which field takes which code list or Party codes.
#[derive(Debug, Default)]
pub(crate) struct Spellings {
    /// Field key → its code list and its schema title.
    lists: BTreeMap<String, (std::sync::Arc<CodeList>, String)>,
    /// Field keys that hold Party codes.
    party_fields: BTreeSet<String>,
    parties: PartyNames,
}

impl Spellings {
    /// The policy of `engine`'s bundle (its AEF schema, code lists and Party names).
    pub(crate) fn of(engine: &Engine) -> Spellings {
        let mut s = Spellings::default();
        if let Some(names) = engine.resource(PARTY_NAMES) {
            s.parties = PartyNames::of(names);
        }
        let Some(schema) = engine.form_schema(AEF) else {
            return s;
        };
        let mut lists: BTreeMap<String, std::sync::Arc<CodeList>> = BTreeMap::new();
        let mut fields = Vec::new();
        walk(schema, &mut fields);
        for (key, title, target) in fields {
            if target == PARTY_CODE_REF {
                s.party_fields.insert(key);
                continue;
            }
            let Some(path) = target.rfind("codelists/").map(|i| &target[i..]) else {
                continue;
            };
            let Some(list_schema) = engine.resource(path) else {
                continue;
            };
            let name = path
                .trim_start_matches("codelists/")
                .trim_end_matches(".json");
            let list = lists
                .entry(path.to_owned())
                .or_insert_with(|| std::sync::Arc::new(CodeList::of(name, list_schema)))
                .clone();
            s.lists.entry(key).or_insert((list, title));
        }
        s
    }

    /// The default bundle's policy, built once (report operations that take no engine).
    pub(crate) fn default_bundle() -> &'static Spellings {
        static DEFAULT: OnceLock<Spellings> = OnceLock::new();
        DEFAULT.get_or_init(|| {
            Engine::from_packed(a6check_default_bundle::PACKED)
                .map(|e| Spellings::of(&e))
                .unwrap_or_default()
        })
    }

    /// The spelling of `given` in code-listed field `field`.
    pub(crate) fn code(&self, field: &str, given: &str) -> Code {
        let Some((list, _)) = self.lists.get(field) else {
            return Code::Official;
        };
        if list.is_official(given) {
            return Code::Official;
        }
        match list.folded.get(&fold(given)) {
            Some(Some(official)) => Code::Variant {
                official: official.clone(),
                list: list.name.clone(),
            },
            _ => Code::Unknown,
        }
    }

    /// True when `field` holds Party codes.
    pub(crate) fn is_party_field(&self, field: &str) -> bool {
        self.party_fields.contains(field)
    }

    /// What the Party cell text `given` is; `suggest` looks for the closest name of an
    /// unknown one (it compares with every name).
    pub(crate) fn party(&self, given: &str, suggest: bool) -> Party {
        self.parties.classify(given, suggest)
    }

    /// The finding validation gives for a value outside the code list of `field`
    /// (`unknown-controlled-value`, with the same `value`, `field` and `suggestion` args), or
    /// `None` when `given` is official. Variants are refused too: only import normalises.
    pub(crate) fn refuse(&self, field: &str, given: &str, pointer: String) -> Option<Finding> {
        let (list, title) = self.lists.get(field)?;
        if list.is_official(given) {
            return None;
        }
        // As validation does: the closest official spelling, else the listed variant's value.
        let suggestion = a6check_core::suggest::closest(given, &list.values)
            .or_else(|| list.aliases.get(given).cloned());
        let message = match &suggestion {
            Some(s) => format!("{title} must be one of the official values; did you mean “{s}”?"),
            None => {
                format!("{title} must be one of the official values; “{given}” is not one of them")
            }
        };
        let mut f = finding(
            "unknown-controlled-value",
            Severity::Error,
            pointer,
            message,
        )
        .arg("value", given)
        .arg("field", title.as_str());
        if let Some(s) = suggestion {
            f = f.arg("suggestion", s);
        }
        Some(f)
    }
}

/// Every property of the schema with the `$ref` it (or its `items`) names: (key, title, ref).
fn walk(v: &Value, out: &mut Vec<(String, String, String)>) {
    match v {
        Value::Object(m) => {
            if let Some(props) = m.get("properties").and_then(Value::as_object) {
                for (key, sub) in props {
                    let target = sub
                        .get("$ref")
                        .or_else(|| sub.get("items").and_then(|i| i.get("$ref")))
                        .and_then(Value::as_str);
                    if let Some(t) = target {
                        let title = sub.get("title").and_then(Value::as_str).unwrap_or(key);
                        out.push((key.clone(), title.to_owned(), t.to_owned()));
                    }
                }
            }
            for c in m.values() {
                walk(c, out);
            }
        }
        Value::Array(a) => {
            for c in a {
                walk(c, out);
            }
        }
        _ => {}
    }
}

/// Case-, accent-, spacing- and punctuation-insensitive form of a name or value.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match base_letter(c) {
            Some(b) => out.push_str(b),
            None if c.is_alphanumeric() => out.push(c),
            None => {}
        }
    }
    out
}

/// The unaccented letters of a Latin letter with diacritics (Latin-1 and Latin
/// Extended-A, lower case), as in the names of Parties in English, French and Spanish.
fn base_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> &'static Spellings {
        Spellings::default_bundle()
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("Côte d’Ivoire"), fold("cote d'ivoire"));
        assert_eq!(fold("  Türkiye "), "turkiye");
        assert_eq!(fold("Guinea-Bissau"), fold("guinea bissau"));
        assert_ne!(fold("Niger"), fold("Nigeria"));
    }

    #[test]
    fn code_lists_come_from_the_aef_schema() {
        let p = policy();
        assert_eq!(
            p.code("actionSubtype", "First transfer to another Party"),
            Code::Official
        );
        assert_eq!(
            p.code("actionSubtype", "First international transfer"),
            Code::Variant {
                official: "First transfer to another Party".into(),
                list: "action-subtypes".into()
            }
        );
        assert_eq!(
            p.code("firstTransferDefinitionOimp", "authorization"),
            Code::Variant {
                official: "Authorisation".into(),
                list: "first-transfer-definitions-oimp".into()
            }
        );
        // A list field (T2 sectors: `items` refers to the list) and a block field.
        assert!(matches!(
            p.code("sectors", "energy  generation"),
            Code::Variant { .. }
        ));
        assert!(matches!(
            p.code("mitigationType", "REMOVALS"),
            Code::Variant { .. }
        ));
        assert_eq!(p.code("actionType", "Banana"), Code::Unknown);
        // A free-text field has no list.
        assert_eq!(p.code("additionalInformation", "anything"), Code::Official);
        assert!(p.is_party_field("acquiringPartyId"));
        assert!(p.is_party_field("authorizedParties"));
        assert!(p.is_party_field("party"));
        assert!(!p.is_party_field("authorizationId"));
    }

    #[test]
    fn party_names_in_three_languages() {
        let p = policy();
        assert_eq!(p.party("GHA", true), Party::Code);
        assert_eq!(
            p.party("Ghana", true),
            Party::Name("GHA".into(), "en".into())
        );
        assert_eq!(
            p.party("Suisse", true),
            Party::Name("CHE".into(), "fr".into())
        );
        assert_eq!(
            p.party("Reino Unido de Gran Bretaña e Irlanda del Norte", true),
            Party::Name("GBR".into(), "es".into())
        );
        assert_eq!(
            p.party("TURKIYE", true).clone(),
            Party::Name("TUR".into(), "en".into())
        );
        assert_eq!(
            p.party("cote d'ivoire", true),
            Party::Name("CIV".into(), "en".into())
        );
        assert_eq!(
            p.party("Viet Nam", true),
            Party::Name("VNM".into(), "en".into())
        );
        assert_eq!(
            p.party("Bolivia (Plurinational State of)", true),
            Party::Name("BOL".into(), "en".into())
        );
        assert_eq!(
            p.party("Republic of Korea", true),
            Party::Name("KOR".into(), "en".into())
        );
        assert_eq!(
            p.party("European Union", true),
            Party::Name("EUU".into(), "en".into())
        );
        assert_eq!(
            p.party("Union européenne", true),
            Party::Name("EUU".into(), "fr".into())
        );
        assert_eq!(p.party("che", true), Party::CodeCase("CHE".into()));
        assert_eq!(
            p.party("Ghanna", true),
            Party::Unknown(Some(("Ghana".into(), "GHA".into())))
        );
        assert_eq!(
            p.party("Atlantis Federation of Nowhere", true),
            Party::Unknown(None)
        );
        assert_eq!(p.party("Ghanna", false), Party::Unknown(None));
    }

    #[test]
    fn a_name_two_codes_share_is_not_mapped() {
        let names = serde_json::json!({"x-a6-names": {
            "AAA": {"en": ["Saint Élan"]},
            "BBB": {"en": ["saint elan", "Bravo"]}
        }});
        let p = PartyNames::of(&names);
        // Written exactly as one of them: that one; otherwise ambiguous.
        assert_eq!(
            p.classify("Saint Élan", true),
            Party::Name("AAA".into(), "en".into())
        );
        assert_eq!(
            p.classify("SAINT ELAN", true),
            Party::Ambiguous(vec!["AAA".into(), "BBB".into()])
        );
        assert_eq!(
            p.classify("bravo", true),
            Party::Name("BBB".into(), "en".into())
        );
    }

    #[test]
    fn an_alias_to_a_value_outside_the_list_is_ignored() {
        let list = CodeList::of(
            "t",
            &serde_json::json!({"enum": ["Alpha"], "x-a6-aliases": {"Beta": "Gamma", "Alfa": "Alpha"}}),
        );
        assert_eq!(list.folded.get("beta"), None);
        assert_eq!(list.folded.get("alfa"), Some(&Some("Alpha".to_owned())));
    }

    #[test]
    fn refuses_what_validation_refuses() {
        let p = policy();
        let f = p
            .refuse(
                "actionSubtype",
                "First international transfer",
                "/0/x".into(),
            )
            .expect("refused");
        assert_eq!(f.code, "unknown-controlled-value");
        assert_eq!(f.severity, Severity::Error);
        assert!(p
            .refuse("actionSubtype", crate::btr::TO_ANOTHER_PARTY, String::new())
            .is_none());
    }
}
