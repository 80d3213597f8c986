#!/usr/bin/env bash
# Build the Wasm module with wasm-pack for the web (demo, npm package) and node (tests),
# then shrink it with wasm-opt from the npm `binaryen` package (Debian's is too old and
# yields a module that fails to load). Output: www/pkg (web) and target/wasm/node.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
WASM_OPT="$PWD/node_modules/.bin/wasm-opt"
[ -x "$WASM_OPT" ] || { echo "build-wasm: $WASM_OPT missing; run scripts/bootstrap.sh" >&2; exit 2; }

build() { # target out-dir [crate] [name]
  wasm-pack --quiet build "crates/${3:-wasm}" --release --mode no-install \
    --target "$1" --out-dir "$2" --out-name "${4:-a6check}" >/dev/null
  rm -f "$2/.gitignore" "$2/package.json" "$2/README.md"
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-simd --enable-multivalue \
    "$2/${4:-a6check}_bg.wasm" -o "$2/${4:-a6check}_bg.wasm"
}
build web "$PWD/www/pkg"
# Report assembly and workbooks: a second module, loaded only by the pages that need it.
build web "$PWD/www/pkg-report" report-wasm a6check_report
build nodejs "$PWD/target/wasm/node"
# The repo's package.json says "type": "module"; the nodejs glue is CommonJS.
echo '{"type": "commonjs"}' > target/wasm/node/package.json
raw=$(stat -c %s www/pkg/a6check_bg.wasm)
gz=$(gzip -9 -c www/pkg/a6check_bg.wasm | wc -c)
echo "build-wasm: a6check_bg.wasm ${raw} bytes raw, ${gz} bytes gzipped" >&2
