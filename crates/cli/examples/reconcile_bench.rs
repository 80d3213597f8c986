//! Reconcile at scale (BENCHMARKS.md): `gen DIR [PARTIES] [FIRST_TRANSFERS]` writes a
//! consistent multi-Party series (two years, so PARTIES x 2 files); `validate DIR`
//! validates every file one by one; `reconcile DIR` reconciles them all. Each mode
//! prints its wall time, the findings it got and the process's peak memory (VmHWM),
//! so both are measured on the same files in the same way, in separate processes.

use a6check_core::reconcile::Input;
use a6check_core::{Engine, Options};
use std::time::Instant;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU seconds (user + system) of this process: steadier than wall time on a busy machine.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit(')').next()?.to_owned();
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

fn files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("");
    let dir = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "target/reconcile-bench".into());
    match mode {
        "gen" => {
            let parties = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(50);
            let first_transfers = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(2_200);
            std::fs::create_dir_all(&dir).expect("mkdir");
            let docs = a6check_testgen::series(&a6check_testgen::Plan {
                parties,
                years: vec![2025, 2026],
                first_transfers,
                seed: 2026,
            });
            let (mut bytes, mut rows) = (0usize, 0usize);
            for d in docs {
                let text = d.aef.to_string();
                bytes += text.len();
                rows += ["t3Actions", "t4Holdings"]
                    .iter()
                    .map(|t| d.aef[*t].as_array().map_or(0, Vec::len))
                    .sum::<usize>();
                std::fs::write(format!("{dir}/{}", d.name), text).expect("write");
            }
            println!(
                "generated {} files, {rows} rows, {bytes} bytes",
                parties * 2
            );
        }
        "validate" | "reconcile" => {
            let engine = Engine::from_packed(a6check_default_bundle::PACKED).expect("bundle");
            let opts = Options::default();
            let paths = files(&dir);
            let start = Instant::now();
            let cpu = cpu_seconds();
            let findings = if mode == "validate" {
                let mut n = 0;
                for p in &paths {
                    let text = std::fs::read_to_string(p).expect("read");
                    n += engine
                        .validate("aef", &text, &opts)
                        .expect("validate")
                        .findings
                        .len();
                }
                n
            } else {
                let inputs = paths.iter().map(|p| {
                    Ok(Input {
                        name: p.display().to_string(),
                        form: None,
                        text: std::fs::read_to_string(p).expect("read"),
                    })
                });
                engine
                    .reconcile(inputs, &opts)
                    .expect("reconcile")
                    .findings
                    .len()
            };
            println!(
                "{mode}: {} files in {:.2} s wall, {:.2} s CPU, {findings} findings, peak {} MiB",
                paths.len(),
                start.elapsed().as_secs_f64(),
                cpu_seconds() - cpu,
                peak_kib() / 1024
            );
        }
        _ => eprintln!(
            "usage: reconcile_bench gen|validate|reconcile DIR [PARTIES] [FIRST_TRANSFERS]"
        ),
    }
}
