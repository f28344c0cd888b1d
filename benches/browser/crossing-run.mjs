// Runs the results crossing benchmark (crossing.html) in headless Chromium and prints a table.
// Usage: node benches/browser/crossing-run.mjs BASE_URL DATA_DIR FILES RUNS
import fs from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';

const [base, dataDir, files, runs = '5'] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const userDataDir = fs.mkdtempSync(`${os.tmpdir()}/ch-crossing-profile-`);
// --expose-gc: the page collects garbage before each crossing so runs do not pay for each other.
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'];

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const ms = (x) => (x === undefined ? '—' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const mb = (n) => (n < 1e6 ? `${(n / 1e3).toFixed(1)} kB` : `${(n / 1e6).toFixed(1)} MB`);

const context = await chromium.launchPersistentContext(userDataDir, { executablePath, args, headless: true });
try {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log('  [page error]', e.message));
  if (process.env.BENCH_VERBOSE) page.on('console', (m) => console.log('  [page]', m.text()));
  const dir = '/' + dataDir.replace(/^\/+/, '');
  await page.goto(`${base}/benches/browser/crossing.html?dir=${encodeURIComponent(dir)}&files=${files}&runs=${runs}`);
  await page.waitForFunction(() => window.__crossing, null, { timeout: 30 * 60 * 1000, polling: 500 });
  const r = await page.evaluate(() => window.__crossing);
  if (r.error) throw new Error(r.error);

  const step = (path, name) => median(r.samples[path].map((s) => s.steps[name] ?? 0));
  const total = (path, names) => median(r.samples[path].map((s) => names.reduce((t, n) => t + (s.steps[n] ?? 0), 0)));
  const workerSteps = ['encode', 'workerParse', 'workerStrip'];
  const pageSteps = ['pageBuild', 'firstRead'];
  const all = [...workerSteps, 'post', ...pageSteps];
  const accounts = r.samples.new[0].accounts;
  const oldBytes = r.samples.old[0].bytes;
  const newBytes = r.samples.new[0].bytes;
  console.log(`\nresults crossing: ${accounts.toLocaleString('en-US')} accounts (${dir}: ${mb(r.loaded.bytes)} read, ` +
    `ingest ${ms(r.loaded.ingestMs)} ms, score ${ms(r.loaded.scoreMs)} ms, once); median of ${runs} runs each, alternating; ` +
    `Chromium headless, ${os.cpus().length} cores`);
  console.log('');
  console.log('| step | old: JSON text | new: typed arrays |');
  console.log('|---|---:|---:|');
  const rows = [
    ['worker: results → JS (`results_json` / `results_columns`)', 'encode'],
    ['worker: `JSON.parse`, keep `components` back, `JSON.stringify`', null, () => total('old', ['workerParse', 'workerStrip'])],
    ['`postMessage` → page `onmessage` (structured clone / transfer)', 'post'],
    ['page: `JSON.parse` / `resultsFromColumns` (AccountRow views)', 'pageBuild'],
    ['page: first read of every shown field of every account', 'firstRead'],
    ['page: second read (decoded strings and objects cached)', 'secondRead'],
  ];
  for (const [label, name, custom] of rows) {
    const o = custom ? custom() : step('old', name);
    const n = custom ? undefined : step('new', name);
    console.log(`| ${label} | ${ms(o)} | ${n === undefined ? '—' : ms(n)} |`);
  }
  console.log(`| **worker total** | **${ms(total('old', workerSteps))}** | **${ms(total('new', workerSteps))}** |`);
  console.log(`| **page main thread** (build + first read) | **${ms(total('old', pageSteps))}** | **${ms(total('new', pageSteps))}** |`);
  console.log(`| **end to end** (worker + post + page) | **${ms(total('old', all))}** | **${ms(total('new', all))}** |`);
  console.log(`| bytes crossing | ${mb(oldBytes.json)} JSON (full JSON with components: ${mb(oldBytes.fullJson)}) | ` +
    `${mb(newBytes.arrays + newBytes.rest)} = ${mb(newBytes.arrays)} typed arrays (moved) + ${mb(newBytes.rest)} rest JSON |`);
  fs.writeFileSync(process.env.CROSSING_JSON || '/tmp/ch-crossing-last.json', JSON.stringify(r, null, 2));
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
