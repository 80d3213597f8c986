#!/usr/bin/env bash
# Build the Wasm module and serve the browser demo (www/) on http://127.0.0.1:${PORT:-8080}/.
#   scripts/demo.sh             bootstrap, build, copy the examples, serve
#   scripts/demo.sh --examples  only (re)generate www/examples, www/catalogue.html and the
#                               service worker's file list, www/sw-files.js (the browser tests use this)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# www/examples/<form>/*.json copied from schemas/examples, and www/examples/index.json
# = {"<form>": ["file.json", ...]} so the page can offer "Load example".
examples() {
  node --input-type=module -e '
    import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
    const src = "schemas/examples", out = "www/examples", index = {};
    rmSync(out, { recursive: true, force: true });
    for (const form of readdirSync(src, { withFileTypes: true })) {
      if (!form.isDirectory()) continue;
      const files = readdirSync(`${src}/${form.name}`).filter((f) => f.endsWith(".json")).sort();
      mkdirSync(`${out}/${form.name}`, { recursive: true });
      for (const f of files) cpSync(`${src}/${form.name}/${f}`, `${out}/${form.name}/${f}`);
      index[form.name] = files;
    }
    mkdirSync(out, { recursive: true });
    writeFileSync(`${out}/index.json`, JSON.stringify(index, null, 2) + "\n");
    console.error(`demo: examples ${JSON.stringify(index)}`);
  '
}

# The generated pages, then the list of files for offline use (after everything it lists).
generated() {
  examples
  cp docs/catalogue.html www/catalogue.html   # the bundle catalogue (a6check bundle docs)
  node scripts/offline-files.mjs
}

if [ "${1:-}" = "--examples" ]; then
  generated
  exit 0
fi

scripts/bootstrap.sh
scripts/build-wasm.sh
generated
exec node scripts/serve.mjs --port "${PORT:-8080}"
