//! Hostile input through the real binary: every case gives a finding or a one-line
//! exit-2 message naming the problem and where, never a panic or a hang.
//! Memory is bounded by the 256 MiB input limit (about 10 bytes per input byte).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn validate(form: &str, input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_a6check"))
        .args(["validate", "--form", form, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = input.to_vec();
    // Write from a thread: the child may answer before reading everything.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or(serde_json::Value::Null)
}

fn no_panic(o: &Output) {
    let e = stderr(o);
    assert!(
        !e.contains("panicked") && !e.contains("RUST_BACKTRACE"),
        "{e}"
    );
}

const AUTH_HEAD: &str = r#"{"authorizingParty": "GHA", "authorizationId": "GHA-1", "version": 1, "dateOfAuthorization": "2024-02-29", "cooperativeApproachId": "CA0009", "metric": "GHG", "purposes": "NDC", "sectors": ["Energy generation"]"#;

#[test]
fn nesting_100000_deep_is_a_syntax_finding() {
    let deep = "[".repeat(100_000);
    let o = validate("authorization", deep.as_bytes());
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nested too deeply") && stderr(&o).contains("line 1"),
        "{}",
        stderr(&o)
    );
    assert_eq!(json(&o)["findings"][0]["args"]["detail"], "too-deep");
}

#[test]
fn a_100_mb_document_is_checked() {
    let big = "x".repeat(100 * 1024 * 1024);
    let doc = format!("{AUTH_HEAD}, \"additionalInformation\": \"{big}\"}}");
    let o = validate("authorization", doc.as_bytes());
    no_panic(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_million_rows_are_checked_with_bounded_findings() {
    let mut doc = String::from(AUTH_HEAD);
    doc.push_str(", \"greenhouseGases\": [");
    for i in 0..1_000_000 {
        if i > 0 {
            doc.push(',');
        }
        doc.push_str("\"XX\"");
    }
    doc.push_str("]}");
    let o = validate("authorization", doc.as_bytes());
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let findings = v["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), a6check_core::MAX_FINDINGS + 1);
    let last = findings.last().expect("last");
    assert_eq!(last["code"], "too-many-findings");
    assert_eq!(last["args"]["limit"], a6check_core::MAX_FINDINGS);
}

#[test]
fn five_megabyte_strings_and_keys_give_short_messages_and_exact_pointers() {
    let long = "A".repeat(5 * 1024 * 1024);
    let doc = format!("{AUTH_HEAD}, \"cooperativeApproachDescription\": 1, \"{long}\": 1}}")
        .replace("\"GHA-1\"", &format!("\"{long}!\""));
    let o = validate("authorization", doc.as_bytes());
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    for f in v["findings"].as_array().expect("findings") {
        let message = f["message"].as_str().unwrap_or("");
        assert!(
            message.chars().count() < 400,
            "message too long: {} chars",
            message.len()
        );
    }
    let pointers: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["pointer"].as_str())
        .collect();
    assert!(pointers.contains(&"/authorizationId"));
    assert!(
        pointers.iter().any(|p| p.len() == long.len() + 1),
        "the long key's pointer is exact"
    );
}

#[test]
fn too_large_input_is_refused_before_it_is_read_whole() {
    let dir = std::env::temp_dir().join(format!("a6check-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("huge.json");
    let f = std::fs::File::create(&path).expect("create");
    // A sparse file: 300 MiB without writing them.
    f.set_len(300 * 1024 * 1024).expect("set_len");
    let o = Command::new(env!("CARGO_BIN_EXE_a6check"))
        .args([
            "validate",
            "--form",
            "authorization",
            path.to_str().expect("path"),
        ])
        .output()
        .expect("run");
    no_panic(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("larger than 256 MiB"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn garbage_bytes_never_panic() {
    let cases: Vec<Vec<u8>> = vec![
        vec![],
        b"\xef\xbb\xbf".to_vec(),
        b"\"\\ud800\"".to_vec(),
        b"{\"a\":\"\\u12\"}".to_vec(),
        b"[1e99999999999999999999]".to_vec(),
        b"-".to_vec(),
        b"{\"a\" 1}".to_vec(),
        b"\x00\x01\x02".to_vec(),
        b"[\"\xff\"]".to_vec(),
        b"{\"version\": 1.0}".to_vec(),
        b"Infinity".to_vec(),
        b"{\"a\":1,}".to_vec(),
    ];
    for c in cases {
        let o = validate("aef", &c);
        no_panic(&o);
        assert!(
            matches!(o.status.code(), Some(1) | Some(2)),
            "{:?}: {:?}",
            c,
            o.status
        );
        if o.status.code() == Some(2) {
            assert_eq!(stderr(&o).lines().count(), 1, "{:?}: {}", c, stderr(&o));
        }
    }
}
