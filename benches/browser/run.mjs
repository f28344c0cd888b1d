// Runs the browser benchmark in headless Chromium and prints the table.
// Usage: node benches/browser/run.mjs BASE_URL DATA_PATH [contenders] [runs]
import fs from 'node:fs';
import zlib from 'node:zlib';
import os from 'node:os';
import { chromium } from 'playwright-core';

const [base, dataPath, contenders = 'streamonly,bytescan,ours,udsv,papaparse,duckdb', runs = '3'] = process.argv.slice(2);
const root = new URL('../../', import.meta.url).pathname;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const userDataDir = fs.mkdtempSync(`${os.tmpdir()}/ch-bench-profile-`);
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const size = (file) => {
  const raw = fs.readFileSync(file);
  return { raw: raw.length, gz: zlib.gzipSync(raw, { level: 9 }).length };
};
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
const mb = (n) => `${(n / 1048576).toFixed(1)} MiB`;

const context = await chromium.launchPersistentContext(userDataDir, { executablePath, args, headless: true });
try {
  const page = await context.newPage();
  page.on('console', (m) => { if (process.env.BENCH_VERBOSE) console.log('  [page]', m.text()); });
  page.on('pageerror', (e) => console.log('  [page error]', e.message));
  const dataUrl = '/' + dataPath.replace(/^\/+/, '');
  await page.goto(`${base}/benches/browser/index.html?data=${encodeURIComponent(dataUrl)}&contenders=${contenders}&runs=${runs}`);
  await page.waitForFunction(() => window.__bench, null, { timeout: 30 * 60 * 1000, polling: 500 });
  const r = await page.evaluate(() => window.__bench);
  if (r.error) throw new Error(r.error);
  await page.close();

  // Startup to interactive of the real app: navigation → body.ready (wasm instantiated in the
  // worker, default model loaded, first view rendered). Best of 3, fresh page each time.
  let appReady = null;
  if (fs.existsSync(`${root}/www/index.html`)) {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const p = await context.newPage();
      await p.goto(`${base}/www/index.html`);
      await p.waitForFunction(() => document.body.classList.contains('ready'), null, { timeout: 30000, polling: 5 });
      times.push(await p.evaluate(() => performance.now()));
      await p.close();
    }
    appReady = Math.min(...times);
  }

  const c = r.contenders;
  const bytes = Object.values(c).find((x) => x.best)?.best.bytes;
  const ours = c.ours?.best;
  console.log(`\ninput: ${dataPath} — ${mb(bytes)} (${(bytes / 1e6).toFixed(1)} MB); best of ${runs} runs each; Chromium headless, ${os.cpus().length} cores (${os.cpus()[0]?.model || '?'})`);
  console.log('');
  console.log('| contender | best ms | MB/s | time vs ours | first run ms | notes |');
  console.log('|---|---:|---:|---:|---:|---|');
  const names = {
    streamonly: 'stream read only (file.stream(), no work)',
    bytescan: 'plain byte-scan loop (JS, practical limit)',
    ours: 'customer-health wasm: ingest + score (end to end)',
    scan_mem: 'in memory: plain byte-scan loop (JS)',
    tokenizer_mem: 'in memory: our CSV tokenizer alone (wasm hot path)',
    ours_mem: 'in memory: ours, ingest + score (no file read)',
    udsv: 'uDSV + JS per-account aggregation',
    papaparse: 'PapaParse (rows as arrays) + JS per-account aggregation',
    papaparse_objects: 'PapaParse (header: true, rows as objects) + JS aggregation',
    duckdb: 'DuckDB-Wasm: read_csv + GROUP BY in SQL',
  };
  for (const [name, v] of Object.entries(c)) {
    if (v.error) { console.log(`| ${names[name] || name} | error | | | | ${v.error.split('\n')[0]} |`); continue; }
    const b = v.best;
    const ratio = ours ? (b.ms / ours.ms).toFixed(2) + '×' : '';
    let note = JSON.stringify(b.check);
    if (name === 'ours_mem') note = `ingest ${b.ingestMs.toFixed(0)} ms (${(bytes / 1e6 / (b.ingestMs / 1000)).toFixed(0)} MB/s) + score ${b.scoreMs.toFixed(0)} ms; ${note}`;
    if (name === 'ours') note = `ingest ${b.ingestMs.toFixed(0)} ms (${(bytes / 1e6 / (b.ingestMs / 1000)).toFixed(0)} MB/s) + score ${b.scoreMs.toFixed(0)} ms; ${note}`;
    const first = v.first ? v.first.ms.toFixed(0) : '';
    if (name === 'ours' && v.first) note = `first run: ingest ${v.first.ingestMs.toFixed(0)} + score ${v.first.scoreMs.toFixed(0)} ms; best: ` + note;
    console.log(`| ${names[name] || name} | ${b.ms.toFixed(0)} | ${(bytes / 1e6 / (b.ms / 1000)).toFixed(0)} | ${ratio} | ${first} | ${note} |`);
  }
  console.log('');
  const oursWasm = size(`${root}/www/pkg/customer_health_bg.wasm`);
  const duckEh = `${root}/node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm`;
  const duck = fs.existsSync(duckEh) ? size(duckEh) : null;
  console.log(`wasm size: ours ${kb(oursWasm.raw)} raw / ${kb(oursWasm.gz)} gzipped` +
    (duck ? `; DuckDB (eh) ${mb(duck.raw)} raw / ${mb(duck.gz)} gzipped (${(duck.gz / oursWasm.gz).toFixed(0)}× ours)` : ''));
  console.log(`startup: our wasm ready in a fresh worker ${r.oursStartupMs.toFixed(0)} ms` +
    (appReady != null ? `; app navigation → interactive (body.ready) ${appReady.toFixed(0)} ms` : '') +
    (r.duckdbStartupMs != null ? `; DuckDB-Wasm instantiate + connect ${r.duckdbStartupMs.toFixed(0)} ms` : ''));
  if (r.oursCold) {
    const oc = r.oursCold;
    console.log(`ours cold (fresh worker, no warm-up, baseline-compiled code): ${oc.ms.toFixed(0)} ms = ingest ${oc.ingestMs.toFixed(0)} + score ${oc.scoreMs.toFixed(0)}; warm-up (${r.oursWarmUpRows} synthetic rows, once after instantiation) ${r.oursWarmUpMs.toFixed(0)} ms`);
  }
  if (ours) {
    console.log(`memory: our wasm linear memory after the run ${mb(ours.memoryBytes)} = ${(ours.memoryBytes / bytes).toFixed(2)}× the input (wasm memory never shrinks, so this is the peak)`);
  }
  const lt = r.longTasks.filter((t) => t.phase === 'ours');
  console.log(`main thread: ${lt.length} long task(s) during our ingest, longest ${r.longestTaskDuringOurs.toFixed(0)} ms; all phases: ${r.longTasks.map((t) => `${t.phase} ${t.ms.toFixed(0)}ms`).join(', ') || 'none'}`);
  if (c.bytescan?.best && ours) console.log(`ours vs byte scan: ${(ours.ms / c.bytescan.best.ms).toFixed(2)}× the time of the plain scan (end to end); ingest alone ${(ours.ingestMs / c.bytescan.best.ms).toFixed(2)}×`);
  if (c.tokenizer_mem?.best && c.scan_mem?.best) {
    const tok = c.tokenizer_mem.best.ms;
    console.log(`hot path: our tokenizer ${(bytes / 1e6 / (tok / 1000)).toFixed(0)} MB/s in memory = ${(c.scan_mem.best.ms / tok).toFixed(2)}× the speed of the in-memory JS byte scan (${(bytes / 1e6 / (c.scan_mem.best.ms / 1000)).toFixed(0)} MB/s)`);
  }
  fs.writeFileSync(process.env.BENCH_JSON || '/tmp/ch-bench-last.json', JSON.stringify({ ...r, appReady, oursWasm, duck }, null, 2));
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
