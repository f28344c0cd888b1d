// Builds dist/customer-health.html: the whole app in one file that works when opened from disk.
// JS and CSS are inlined (allowed by sha256 hashes in the Content-Security-Policy, no
// 'unsafe-inline'), the wasm travels as base64 and the worker starts from a Blob URL.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const www = join(root, 'www');
const out = join(root, 'dist', 'customer-health.html');

async function bundle(options) {
  const result = await build({
    bundle: true, format: 'iife', minify: true, write: false, target: 'chrome100', logLevel: 'error',
    // The glue's default wasm URL (import.meta.url) is never used here: bytes are passed in.
    define: { 'import.meta.url': '"about:blank"' },
    ...options,
  });
  return result.outputFiles[0].text;
}

function rawTextSafe(text, what) {
  // Content of <script> data blocks must not end the element early.
  if (/<\/script|<!--|<script/i.test(text)) throw new Error(`${what} contains a sequence that cannot be inlined in <script>`);
  return text;
}

const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const appJs = await bundle({ entryPoints: [join(www, 'js', 'app.js')] });
// The workbook reader (a second wasm module, crates/workbook) travels inside the page too, as
// base64 that is decoded only when a workbook is added. Without it (not built), the page says
// that workbooks need the served app.
const workbookWasmPath = join(www, 'workbook', 'customer_health_workbook_bg.wasm');
const hasWorkbook = existsSync(workbookWasmPath);
const workbookImport = hasWorkbook
  ? "import { initSync as initWorkbook } from './workbook/customer_health_workbook.js'; import * as workbook from './workbook/customer_health_workbook.js';"
  : '';
const workbookLoader = hasWorkbook
  ? "(bytes) => { if (!bytes) throw new Error('the workbook reader is missing from this copy'); initWorkbook({ module: bytes }); return workbook; }"
  : "() => { throw new Error('this single-file copy was built without the workbook reader: open the served app (scripts/serve.sh) or save the sheets as CSV'); }";
if (!hasWorkbook) console.warn('single-file: www/workbook not built, workbooks will need the served app');
// The engine: the full build (www/pkg-analysis, with calibrate / learn / candidate measures / custom
// backtest), which the served app fetches only on the first analysis; one module is simpler
// here. Without it (not built), the main module, whose page says the analyses need the full build.
const full = existsSync(join(www, 'pkg-analysis', 'customer_health_analysis_bg.wasm'));
const engineGlue = full ? './pkg-analysis/customer_health_analysis.js' : './pkg/customer_health.js';
const engineWasm = full ? join(www, 'pkg-analysis', 'customer_health_analysis_bg.wasm') : join(www, 'pkg', 'customer_health_bg.wasm');
const workerJs = await bundle({
  stdin: {
    resolveDir: www,
    sourcefile: 'single-file-worker.js',
    contents: `
      import { initSync } from '${engineGlue}';
      import * as engine from '${engineGlue}';
      import { startWorker } from './js/worker-core.js';
      ${workbookImport}
      const bytes = new Promise((resolve) => {
        self.addEventListener('message', function take(e) {
          if (e.data && e.data.type === 'wasm-bytes') { self.removeEventListener('message', take); resolve(e.data.bytes); }
        });
      });
      startWorker(self, async () => { initSync({ module: await bytes }); return engine; }, ${workbookLoader});
    `,
  },
});
const chartJs = readFileSync(join(www, 'vendor', 'chart.umd.min.js'), 'utf8');
// app.css, layout.css (long texts, small screens), then views.css, as index.html links them.
const css = ['app.css', 'layout.css', 'views.css'].map((f) => readFileSync(join(www, 'css', f), 'utf8')).join('\n');
const wasm = readFileSync(engineWasm).toString('base64');

// Demo sets travel inside the page (the page cannot fetch anything from file://).
const demoDir = join(www, 'demo');
let demoBlocks = '';
if (existsSync(join(demoDir, 'manifest.json'))) {
  const manifestText = readFileSync(join(demoDir, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(manifestText);
  let budget = 16 * 1024 * 1024;
  const embedded = [];
  for (const set of manifest.sets || []) {
    const names = set.files.map((f) => (typeof f === 'string' ? f : f.name));
    if (!names.every((n) => existsSync(join(demoDir, n)))) continue;
    const texts = names.map((n) => readFileSync(join(demoDir, n), 'utf8'));
    const size = texts.reduce((s, t) => s + t.length, 0);
    if (size > budget) continue;
    try {
      texts.forEach((t, i) => rawTextSafe(t, names[i]));
    } catch (e) {
      console.warn(`single-file: demo set ${set.id} left out (${e.message})`);
      continue;
    }
    budget -= size;
    embedded.push({ ...set, files: names });
    names.forEach((n, i) => {
      demoBlocks += `<script type="text/plain" data-demo-file="${n.replace(/[^\w.-]/g, '')}">${texts[i]}</script>\n`;
    });
  }
  demoBlocks = `<script type="application/json" id="demo-manifest">${JSON.stringify({ sets: embedded })}</script>\n${demoBlocks}`;
}

const inlineChart = chartJs.replace(/<\/script/gi, '<\\/script');
const inlineApp = appJs.replace(/<\/script/gi, '<\\/script');
const csp = [
  "default-src 'none'",
  `script-src ${sha(inlineChart)} ${sha(inlineApp)} 'wasm-unsafe-eval'`,
  `style-src ${sha(css)}`,
  'worker-src blob:',
  'img-src data: blob:',
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

let html = readFileSync(join(www, 'index.html'), 'utf8');
const replaceOnce = (from, to) => {
  if (!html.includes(from)) throw new Error(`index.html no longer contains ${from}`);
  html = html.replace(from, () => to);
};
html = html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
replaceOnce('<link rel="stylesheet" href="css/app.css">\n<link rel="stylesheet" href="css/layout.css">\n<link rel="stylesheet" href="css/views.css">', `<style>${css}</style>`);
replaceOnce('<script src="vendor/chart.umd.min.js" defer></script>', `<script>${inlineChart}</script>`);
replaceOnce('<script type="module" src="js/app.js"></script>\n', '');
replaceOnce('</body>', `<script type="text/plain" id="worker-source">${rawTextSafe(workerJs, 'worker bundle')}</script>
<script type="application/octet-stream" id="wasm-base64">${wasm}</script>
${hasWorkbook ? `<script type="application/octet-stream" id="workbook-wasm-base64">${readFileSync(workbookWasmPath).toString('base64')}</script>\n` : ''}${demoBlocks}<script>${inlineApp}</script>
</body>`);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`single-file: ${out} (${(html.length / 1024 / 1024).toFixed(1)} MB)`);
