// A/B benchmark worker: loads one build of the engine (the module URL is the `pkg` query
// parameter), holds the usage file in memory and, on each request, ingests it in 1 MiB chunks
// and scores it with the default model, timing the two steps. benches/browser/ab-run.mjs runs
// two of these side by side and alternates between them.
const pkg = new URL(self.location.href).searchParams.get('pkg');
const CHUNK = 1 << 20;
let ready = null;

async function setup(dataUrl) {
  const mod = await import(`${pkg}/customer_health.js`);
  await mod.default();
  mod.warm_up(30000);
  const bytes = new Uint8Array(await (await fetch(dataUrl)).arrayBuffer());
  return { mod, bytes };
}

self.onmessage = async ({ data }) => {
  try {
    if (data.setup) ready = setup(data.setup);
    const { mod, bytes } = await ready;
    if (data.setup) { self.postMessage({ ok: true }); return; }
    const t0 = performance.now();
    const engine = new mod.HealthEngine();
    const id = engine.begin_file('usage_events.csv', null);
    engine.expect_bytes(id, bytes.length);
    for (let start = 0; start < bytes.length; start += CHUNK) engine.push(id, bytes.subarray(start, start + CHUNK));
    engine.end_file(id);
    const t1 = performance.now();
    const columns = engine.score_columns(null);
    const t2 = performance.now();
    const accounts = Object.values(columns.arrays)[0].length;
    engine.free();
    self.postMessage({ ingestMs: t1 - t0, scoreMs: t2 - t1, accounts });
  } catch (e) {
    self.postMessage({ error: String(e && e.stack || e) });
  }
};
