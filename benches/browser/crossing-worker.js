// Benchmark worker for the results crossing (crossing.js): loads and scores a portfolio once,
// then hands the same results to the page either the old way (JSON text) or the new way
// (typed arrays, transferred), timing each step on this side. Module worker.
import init, { HealthEngine, warm_up } from '/www/pkg/customer_health.js';

const now = () => performance.now();
// A clock shared with the page: both threads' timeOrigin + now().
const wallClock = () => performance.timeOrigin + performance.now();

let engine = null;

async function load(urls) {
  await init();
  warm_up(30000);
  engine = new HealthEngine();
  let bytes = 0;
  const t0 = now();
  for (const url of urls) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const id = engine.begin_file(url.split('/').pop(), undefined);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      engine.push(id, value);
      bytes += value.byteLength;
    }
    engine.end_file(id);
  }
  const t1 = now();
  engine.score_columns(undefined); // scores once; every run below reuses these results
  const t2 = now();
  return { bytes, ingestMs: t1 - t0, scoreMs: t2 - t1 };
}

// What the app's worker did before: the whole results as JSON, parsed, each account's
// components kept back, the rest written again as text and posted.
function oldPath() {
  const t0 = now();
  const full = engine.results_json();
  const t1 = now();
  const results = JSON.parse(full);
  const t2 = now();
  const components = new Map();
  for (const a of results.accounts) {
    components.set(a.account_id, a.components);
    delete a.components;
  }
  const text = JSON.stringify(results);
  const t3 = now();
  const fullBytes = new TextEncoder().encode(full).byteLength; // not timed
  self.postMessage({ ok: true, path: 'old', text, fullBytes,
    steps: { encode: t1 - t0, workerParse: t2 - t1, workerStrip: t3 - t2 }, sentAt: wallClock() });
}

// What it does now: the columns of the last results, their buffers transferred.
function newPath() {
  const t0 = now();
  const { arrays, rest } = engine.results_columns();
  const t1 = now();
  const transfer = Object.values(arrays).map((a) => a.buffer);
  self.postMessage({ ok: true, path: 'new', columns: { arrays, rest },
    steps: { encode: t1 - t0 }, sentAt: wallClock() }, transfer);
}

self.onmessage = async (e) => {
  try {
    const { cmd } = e.data;
    if (cmd === 'load') self.postMessage({ ok: true, ...(await load(e.data.urls)) });
    else if (cmd === 'old') oldPath();
    else if (cmd === 'new') newPath();
    else throw new Error(`unknown command ${cmd}`);
  } catch (err) {
    self.postMessage({ ok: false, error: String(err && err.stack || err) });
  }
};
