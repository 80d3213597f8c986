//! Time the schema stage alone (`structure::check` on the normalised AEF document), for
//! validator performance work: `cargo run --release -p a6check-cli --example schema_bench
//! -- FILE [runs]` prints each run and the median, in milliseconds.

use a6check_core::{bundle, normalize, structure};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: schema_bench FILE [runs]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let files = bundle::unpack(a6check_default_bundle::PACKED).unwrap_or_else(|e| {
        eprintln!("bundle: {e:?}");
        std::process::exit(2);
    });
    let manifest = bundle::manifest(&files).unwrap_or_else(|e| {
        eprintln!("bundle: {e:?}");
        std::process::exit(2);
    });
    let resources: Vec<(String, serde_json::Value)> = manifest
        .resources
        .iter()
        .filter_map(|p| {
            Some((
                format!("{}{p}", structure::BUNDLE_BASE),
                files.get(p)?.clone(),
            ))
        })
        .collect();
    let key = "forms/aef.schema.json";
    let Some(schema) = files.get(key) else {
        eprintln!("bundle has no {key}");
        std::process::exit(2);
    };
    let base = format!("{}{key}", structure::BUNDLE_BASE);
    let validator = structure::compile(schema, Some(&base), &resources).unwrap_or_else(|e| {
        eprintln!("compile: {e}");
        std::process::exit(2);
    });
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    normalize::normalize(&mut doc, &manifest.not_applicable);
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..runs {
        let start = Instant::now();
        n = structure::check(&validator, &doc, schema).len();
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let line: Vec<String> = times.iter().map(|t| format!("{t:.1}")).collect();
    times.sort_by(f64::total_cmp);
    println!(
        "schema: median {:.1} ms [{}]; {n} findings",
        times[times.len() / 2],
        line.join(" ")
    );
}
