#!/usr/bin/env bash
# Idempotent set-up for a fresh machine (registries only: crates.io, npm, Debian).
# Installs only what is missing. Safe to run before every build or test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '[bootstrap] %s\n' "$*" >&2; }

# 1. The Wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (have: ${have:-none}; takes ~3 min)"
  # Not --locked: one of its locked dependencies is not served by the registry here.
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. wasm-pack, built from crates.io (never a downloaded binary).
if ! command -v wasm-pack >/dev/null 2>&1; then
  log "installing wasm-pack 0.15.1 (takes ~3 min)"
  cargo install --locked wasm-pack --version 0.15.1
fi

# 4. Chromium and its driver from Debian, for the browser tests.
if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian chromium"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 5. npm packages from package-lock.json (binaryen's wasm-opt, playwright-core).
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
