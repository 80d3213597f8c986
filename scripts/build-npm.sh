#!/usr/bin/env bash
# Build the npm package `a6check` into target/npm/ from the wasm-pack web build (www/pkg,
# made by scripts/build-wasm.sh when missing) and the hand-written files in npm/.
# Then `cd target/npm && npm pack` makes the tarball (the tests do that).
#
# Layout: index.js (+ .d.ts, the entry), a6check.js + a6check_bg.wasm (wasm-bindgen's glue and
# module), worker.js and a6-form-check.js (copied from www/, their import of ./pkg/a6check.js
# pointed at ./a6check.js), rjsf.js, the .d.ts files, package.json (version from Cargo.toml).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f www/pkg/a6check_bg.wasm ] && [ -f www/pkg/a6check.js ] || scripts/build-wasm.sh

version=$(sed -n '/^\[workspace\.package\]/,/^\[/ s/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml)
[ -n "$version" ] || { echo "build-npm: no [workspace.package] version in Cargo.toml" >&2; exit 2; }

out=target/npm
rm -rf "$out"
mkdir -p "$out"

# The glue, without its pointer to a6check.d.ts (index.d.ts declares everything).
grep -v '^/\* @ts-self-types=' www/pkg/a6check.js > "$out/a6check.js"
cp www/pkg/a6check_bg.wasm "$out/"
cp npm/index.js npm/index.d.ts npm/rjsf.js npm/rjsf.d.ts npm/worker.d.ts npm/a6-form-check.d.ts npm/README.md "$out/"
for f in worker.js a6-form-check.js; do
  grep -q "from './pkg/a6check.js';" "www/$f" || { echo "build-npm: www/$f does not import ./pkg/a6check.js" >&2; exit 2; }
  sed "s#from './pkg/a6check.js';#from './a6check.js';#" "www/$f" > "$out/$f"
done

VERSION="$version" node --input-type=module -e '
  import { readFileSync, writeFileSync } from "node:fs";
  const pkg = JSON.parse(readFileSync("npm/package.json", "utf8"));
  pkg.version = process.env.VERSION;
  writeFileSync("target/npm/package.json", JSON.stringify(pkg, null, 2) + "\n");
  for (const f of pkg.files) readFileSync(`target/npm/${f}`); // every listed file exists
'

raw=$(stat -c %s "$out/a6check_bg.wasm")
echo "build-npm: target/npm (a6check@$version), a6check_bg.wasm ${raw} bytes" >&2
