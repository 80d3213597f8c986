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
        let start = Instant::now();
        let mut last = start;
        let mut line = String::new();
        let mut stage = String::from("start");
        let report = engine.validate_with_progress("aef", &text, &opts, &mut |s, _| {
            let now = Instant::now();
            line.push_str(&format!(
                "{stage} {:.0} ms, ",
                (now - last).as_secs_f64() * 1e3
            ));
            last = now;
            stage = s.to_owned();
        });
        let end = Instant::now();
        line.push_str(&format!(
            "{stage} {:.0} ms",
            (end - last).as_secs_f64() * 1e3
        ));
        let n = report.map(|r| r.findings.len()).unwrap_or(0);
        println!(
            "{line}; total {:.0} ms; {n} findings",
            (end - start).as_secs_f64() * 1e3
        );
    }
}
