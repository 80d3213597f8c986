//! The JSON Schema 2020-12 metaschema and its vocabulary metaschemas, embedded and
//! parsed on first use (see `metaschemas/NOTICE.md` for their licence).

use serde_json::Value;
use std::sync::OnceLock;

const FILES: [(&str, &str); 9] = [
    (
        "https://json-schema.org/draft/2020-12/schema",
        include_str!("../metaschemas/schema.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/core",
        include_str!("../metaschemas/meta/core.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/applicator",
        include_str!("../metaschemas/meta/applicator.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/unevaluated",
        include_str!("../metaschemas/meta/unevaluated.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/validation",
        include_str!("../metaschemas/meta/validation.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/meta-data",
        include_str!("../metaschemas/meta/meta-data.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/format-annotation",
        include_str!("../metaschemas/meta/format-annotation.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/format-assertion",
        include_str!("../metaschemas/meta/format-assertion.json"),
    ),
    (
        "https://json-schema.org/draft/2020-12/meta/content",
        include_str!("../metaschemas/meta/content.json"),
    ),
];

/// Every embedded metaschema as (URI, schema).
pub fn all() -> &'static [(&'static str, Value)] {
    static PARSED: OnceLock<Vec<(&'static str, Value)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        FILES
            .iter()
            .filter_map(|(u, text)| serde_json::from_str(text).ok().map(|v| (*u, v)))
            .collect()
    })
}

/// The embedded metaschema at `uri`, if any.
pub fn get(uri: &str) -> Option<&'static Value> {
    let uri = uri.trim_end_matches('#');
    all().iter().find(|(u, _)| *u == uri).map(|(_, v)| v)
}
