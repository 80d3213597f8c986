//! Stage timings of one check (parse+normalise, schema, rules, messages, drop), for
//! performance work: `cargo run --release -p a6check-cli --example stages -- FILE [runs]`.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: stages FILE [runs]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(1);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let engine = match a6check_core::Engine::from_packed(a6check_default_bundle::PACKED) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("bundle: {e}");
            std::process::exit(2);
        }
    };
    let opts = a6check_core::Options::default();
    for _ in 0..runs {
        // Progress arrives many times per stage: the time until the next stage's first
        // report is summed under the stage's name.
        let start = Instant::now();
        let mut last = start;
        let mut totals: Vec<(String, f64)> = Vec::new();
        let mut stage = String::from("start");
        let add = |name: &str, ms: f64, totals: &mut Vec<(String, f64)>| match totals.last_mut() {
            Some((n, t)) if n == name => *t += ms,
            _ => totals.push((name.to_owned(), ms)),
        };
        let report = engine.validate_with_progress("aef", &text, &opts, &mut |s, _| {
            let now = Instant::now();
            add(&stage, (now - last).as_secs_f64() * 1e3, &mut totals);
            last = now;
            stage = s.to_owned();
        });
        let end = Instant::now();
        add(&stage, (end - last).as_secs_f64() * 1e3, &mut totals);
        let line: Vec<String> = totals
            .iter()
            .map(|(n, t)| format!("{n} {t:.0} ms"))
            .collect();
        let n = report.map(|r| r.findings.len()).unwrap_or(0);
        println!(
            "{}; total {:.0} ms; {n} findings",
            line.join(", "),
            (end - start).as_secs_f64() * 1e3
        );
    }
}
