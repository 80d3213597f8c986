#!/usr/bin/env bash
# Every test: Rust (engine, CLI, fixtures), Wasm in node, the demo in headless
# Chromium, and the JSON-Schema-Test-Suite through both builds. Bootstraps first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n=== %s\n' "$*"; }

step "bootstrap"
scripts/bootstrap.sh

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "cargo test"
cargo test --workspace --quiet

step "wasm build"
scripts/build-wasm.sh
cargo build --quiet -p a6check-cli

step "wasm size budget (600 KB gzipped; deterministic, so CI checks it)"
tests/size/run --no-build

step "wasm in node"
node --test tests/node/

if [ -x tests/conformance/run ]; then
  step "JSON-Schema-Test-Suite (native and wasm)"
  tests/conformance/run
fi

step "differential: a6check-schema against jsonschema (suite, bundle, 10,000 mutations)"
tests/differential/run

step "browser (headless Debian chromium)"
node --test --test-concurrency=1 tests/browser/
