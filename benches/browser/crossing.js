// Results crossing benchmark (page side): the same scored portfolio crosses from the worker to
// the page the old way (score_json → JSON.parse, strip components, JSON.stringify → post text →
// JSON.parse here) and the new way (score_columns → transfer typed arrays → AccountRow views
// here), alternately, timing every step. Exposes the figures as window.__crossing.
import { resultsFromColumns } from '/www/js/account-rows.js';

const params = new URLSearchParams(location.search);
const dir = params.get('dir') || '/target/bench-data/crossing-50000';
const files = (params.get('files') || 'accounts.csv,usage_events.csv').split(',');
const runs = Number(params.get('runs') || 5);
const out = document.getElementById('out');
const log = (s) => { out.textContent += '\n' + s; console.log(s); };
const now = () => performance.now();
const wallClock = () => performance.timeOrigin + performance.now();
const utf8 = (text) => new TextEncoder().encode(text).byteLength;

const worker = new Worker(new URL('./crossing-worker.js', import.meta.url), { type: 'module' });
let waiting = null;
worker.onmessage = (e) => {
  const receivedAt = wallClock(); // first thing: the message has been deserialised by now
  const settle = waiting;
  waiting = null;
  if (e.data.ok) settle.resolve({ ...e.data, receivedAt });
  else settle.reject(new Error(e.data.error));
};
const call = (msg) => new Promise((resolve, reject) => { waiting = { resolve, reject }; worker.postMessage(msg); });

// Reads every field the views show, for every account (what sorting, filtering and the first
// paint of the views add up to).
function readEveryField(accounts) {
  let sum = 0;
  for (const a of accounts) {
    sum += (a.account_id?.length || 0) + (a.name?.length || 0) + (a.health_score ?? 0) + (a.previous_score ?? 0)
      + (a.trend ?? 0) + (a.arr ?? 0) + (a.value_realized ?? 0) + (a.satisfaction_index ?? 0)
      + (a.usage_index ?? 0) + a.coverage + (a.band?.length || 0) + (a.quadrant?.length || 0)
      + (a.owner?.length || 0) + (a.plan?.length || 0) + (a.region?.length || 0)
      + (a.segments.arr_tier?.length || 0) + a.flags.length;
    const p = a.priority;
    if (p) sum += p.rank + (p.revenue_at_risk ?? 0);
  }
  return sum;
}

async function crossOnce(path) {
  globalThis.gc?.();
  await new Promise((r) => setTimeout(r, 50));
  const reply = await call({ cmd: path });
  const post = reply.receivedAt - reply.sentAt;
  const t0 = now();
  const results = path === 'old' ? JSON.parse(reply.text) : resultsFromColumns(reply.columns);
  const t1 = now();
  const check = readEveryField(results.accounts);
  const t2 = now();
  readEveryField(results.accounts);
  const t3 = now();
  const bytes = path === 'old'
    ? { json: utf8(reply.text), fullJson: reply.fullBytes }
    : { arrays: Object.values(reply.columns.arrays).reduce((s, a) => s + a.byteLength, 0), rest: utf8(reply.columns.rest) };
  return {
    steps: { ...reply.steps, post, pageBuild: t1 - t0, firstRead: t2 - t1, secondRead: t3 - t2 },
    bytes,
    accounts: results.accounts.length,
    check,
  };
}

async function main() {
  const urls = files.map((f) => `${dir}/${f}`);
  const loaded = await call({ cmd: 'load', urls });
  log(`loaded ${(loaded.bytes / 1e6).toFixed(1)} MB: ingest ${loaded.ingestMs.toFixed(0)} ms, score ${loaded.scoreMs.toFixed(0)} ms`);
  const samples = { old: [], new: [] };
  for (let i = 0; i < runs; i++) {
    for (const path of ['old', 'new']) {
      const s = await crossOnce(path);
      samples[path].push(s);
      log(`${path} run ${i + 1}: ${JSON.stringify(s.steps, (k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`);
    }
  }
  if (samples.old[0].check !== samples.new[0].check) throw new Error(`the two paths read different values: ${samples.old[0].check} vs ${samples.new[0].check}`);
  window.__crossing = { loaded, samples, runs, files, dir };
  worker.terminate();
  log('done');
}

main().catch((err) => {
  window.__crossing = { error: String(err && err.stack || err) };
  log('ERROR ' + err);
});
