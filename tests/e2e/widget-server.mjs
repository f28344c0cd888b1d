// Static server for the widget tests: the repository root on 127.0.0.1 only, with the
// Content-Security-Policy of docs/embedding.md sent as a header on EVERY response, so it also
// governs the module worker (a worker gets the policy of its own script's response, not the
// page's <meta>).
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PORT = Number(process.env.WIDGET_E2E_PORT || 8731);
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'";
// Pages whose name contains "cross-origin" load the engine from http://localhost:PORT (another
// origin than http://127.0.0.1:PORT): the policy docs/embedding.md gives for that case.
const ASSETS = `http://localhost:${PORT}`;
export const CSP_CROSS_ORIGIN = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ${ASSETS}; worker-src 'self' blob: ${ASSETS}; connect-src 'self' ${ASSETS}; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'`;
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.csv': 'text/csv; charset=utf-8',
  '.map': 'application/json', '.md': 'text/plain; charset=utf-8', '.ts': 'text/plain; charset=utf-8',
};

createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  let file = normalize(join(ROOT, path));
  if (!file.startsWith(ROOT) || file.split(sep).includes('.git')) { res.writeHead(403).end(); return; }
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    const size = statSync(file).size;
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
      'Content-Length': size,
      'Content-Security-Policy': path.includes('cross-origin') ? CSP_CROSS_ORIGIN : CSP,
      // The asset origin must allow the page's origin to load its modules and wasm (CORS).
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  }
}).listen(PORT, '127.0.0.1', () => console.log(`widget test server on http://127.0.0.1:${PORT}/`));
