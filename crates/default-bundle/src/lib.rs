//! The default schema bundle (`schemas/`), packed at build time and embedded,
//! so the CLI and the Wasm module work with no files beside them.

/// The packed default bundle (`{"format": "a6check-bundle/1", "files": {...}}`).
pub const PACKED: &str = include_str!(concat!(env!("OUT_DIR"), "/bundle.json"));
