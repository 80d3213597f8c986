// Shared set-up for the embedding tests (package, component, worker, rjsf): static servers
// and headless Debian Chromium. Not a test file itself.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** scripts/serve.mjs on a free port (it serves www/ only). */
export async function serveWww() {
  const server = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  const origin = await new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    lines.on('line', (line) => {
      const url = /https?:\/\/\S+/.exec(line)?.[0];
      if (url) resolve(new URL(url).origin);
    });
  });
  return {
    origin,
    async close() {
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    },
  };
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/**
 * A tiny static server for any directory (serve.mjs takes no root argument), on 127.0.0.1,
 * with the demo's CSP header. Returns {origin, close}.
 */
export async function serveDir(dir) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      path = '\0';
    }
    if (path === '/favicon.ico') {
      res.writeHead(204, headers).end();
      return;
    }
    let file = resolve(join(root, path));
    if (path.includes('\0') || (file !== root && !file.startsWith(root + sep))) {
      res.writeHead(404, headers).end('Not found\n');
      return;
    }
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) {
      res.writeHead(404, headers).end('Not found\n');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Length': info.size });
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve).closeAllConnections()),
  };
}

/**
 * Headless Chromium with a fresh profile. Every page records CSP violations in
 * window.__cspViolations and page errors in `errors`; `requests` lists every URL asked for.
 */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'a6check-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  const requests = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  context.on('request', (request) => requests.push(request.url()));
  return {
    context,
    page,
    errors,
    requests,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The engine's own findings for a document, from the node build (target/wasm/node): the tests
 * compare what the pages show with the engine's messages, whatever their wording.
 */
export function engineFindings(form, text, options = {}) {
  const node = createRequire(import.meta.url)(join(ROOT, 'target/wasm/node/a6check.js'));
  return node.validate(form, typeof text === 'string' ? text : JSON.stringify(text), options).findings;
}
