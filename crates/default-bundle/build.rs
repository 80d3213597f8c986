//! Packs `schemas/` (the default bundle) into one JSON file at build time, so the
//! CLI and the Wasm module carry it with no IO at run time. Every file must be JSON:
//! a broken file fails the build here with its path, not a user's run later.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // Fixtures and examples are for `bundle test` and the demo, not the runtime.
            let top = path
                .strip_prefix(root)
                .ok()
                .and_then(|p| p.components().next());
            if top.is_some_and(|c| c.as_os_str() == "fixtures" || c.as_os_str() == "examples") {
                continue;
            }
            collect(&path, root, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            let rel = path
                .strip_prefix(root)
                .expect("under root")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path));
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut map = serde_json::Map::new();
    for (rel, path) in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()));
        map.insert(rel, value);
    }
    let mut packed = serde_json::Map::new();
    packed.insert("format".into(), "a6check-bundle/1".into());
    packed.insert("files".into(), serde_json::Value::Object(map));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("bundle.json");
    std::fs::write(&out, serde_json::Value::Object(packed).to_string()).expect("write bundle");
}
