// A/B benchmark of two builds of the engine on the same machine at the same time: both builds
// are loaded in two workers of one headless Chromium page, and the runs alternate A, B, A, B…
// so background load hits both alike. Prints per build the median and best ingest and score
// times. Usage (from the repository root, a server on BASE serving it, see scripts/bench-ab.sh):
//   node benches/browser/ab-run.mjs BASE DATA_PATH PKG_A PKG_B [runs]
import fs from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';

const [base, dataPath, pkgA, pkgB, runs = '10'] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const userDataDir = fs.mkdtempSync(`${os.tmpdir()}/ch-ab-profile-`);
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const context = await chromium.launchPersistentContext(userDataDir, { executablePath, args, headless: true });
try {
  const page = await context.newPage();
  // An empty page of the same origin: the two workers are all that runs.
  await page.goto(`${base}/benches/browser/ab.html`);
  const result = await page.evaluate(async ({ dataUrl, pkgs, runs }) => {
    const ask = (w, msg) => new Promise((resolve, reject) => {
      w.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve(data));
      w.postMessage(msg);
    });
    const workers = pkgs.map((p) => new Worker(`/benches/browser/ab-worker.js?pkg=${encodeURIComponent(p)}`, { type: 'module' }));
    for (const w of workers) await ask(w, { setup: dataUrl });
    const times = pkgs.map(() => []);
    for (let r = 0; r < runs; r++) {
      for (let i = 0; i < workers.length; i++) times[i].push(await ask(workers[i], {}));
    }
    workers.forEach((w) => w.terminate());
    return times;
  }, { dataUrl: '/' + dataPath.replace(/^\/+/, ''), pkgs: [pkgA, pkgB], runs: Number(runs) });
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2; };
  const show = (ms) => `median ${median(ms).toFixed(0)} ms, best ${Math.min(...ms).toFixed(0)} ms`;
  [pkgA, pkgB].forEach((p, i) => {
    const t = result[i];
    console.log(`${p}: ${t.length} runs, ${t[0].accounts} accounts; ingest ${show(t.map((x) => x.ingestMs))}; score ${show(t.map((x) => x.scoreMs))}; total ${show(t.map((x) => x.ingestMs + x.scoreMs))}`);
  });
  console.log(`load average (1, 5, 15 min) at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}; ${os.cpus().length} cores`);
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
