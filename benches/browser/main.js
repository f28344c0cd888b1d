// Benchmark page (main thread): runs each contender in a Web Worker on the same file, watches
// the main thread for long tasks, and exposes the results as window.__bench for the runner.
const params = new URLSearchParams(location.search);
const dataUrl = params.get('data') || '/target/bench-data/usage_events.csv';
const contenders = (params.get('contenders') || 'streamonly,bytescan,ours,scan_mem,tokenizer_mem,ours_mem,udsv,papaparse,papaparse_objects,duckdb').split(',');
const runs = Number(params.get('runs') || 3);
const warmRows = Number(params.get('warm') || 30000);
const out = document.getElementById('out');
const log = (s) => { out.textContent += '\n' + s; console.log(s); };

// Long tasks on the main thread while contenders run.
const longTasks = [];
let phase = 'startup';
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ phase, ms: e.duration, at: e.startTime });
}).observe({ type: 'longtask', buffered: true });

function workerCall(worker, msg) {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => (e.data.ok ? resolve(e.data) : reject(new Error(e.data.error)));
    worker.onerror = (e) => reject(new Error(e.message || 'worker error'));
    worker.postMessage(msg);
  });
}

async function duckdbSetup() {
  const t0 = performance.now();
  const duckdb = await import('./dist/duckdb.bundle.mjs');
  const base = new URL('/node_modules/@duckdb/duckdb-wasm/dist/', location.href).href;
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: base + 'duckdb-mvp.wasm', mainWorker: base + 'duckdb-browser-mvp.worker.js' },
    eh: { mainModule: base + 'duckdb-eh.wasm', mainWorker: base + 'duckdb-browser-eh.worker.js' },
  });
  const worker = new Worker(bundle.mainWorker);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule);
  const conn = await db.connect();
  await conn.query('SELECT 1');
  return { duckdb, db, conn, bundle, initMs: performance.now() - t0 };
}

async function duckdbRun(ctx, blob, i) {
  const { duckdb, db, conn } = ctx;
  const name = `usage_${i}.csv`;
  const t0 = performance.now();
  await db.registerFileHandle(name, blob, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  const table = await conn.query(`
    SELECT account_id, count(*) AS rows, sum(event_count) AS count, sum(duration_secs) AS duration,
           count(DISTINCT user_id) AS users, max(event_date) AS last
    FROM read_csv('${name}', header = true, auto_detect = true)
    GROUP BY account_id`);
  const ms = performance.now() - t0;
  let rows = 0;
  const col = table.getChild('rows');
  for (let k = 0; k < table.numRows; k++) rows += Number(col.get(k));
  await db.dropFile(name);
  return { ms, bytes: blob.size, check: { accounts: table.numRows, rows } };
}

async function main() {
  const results = { contenders: {}, dataUrl, runs };
  // Startup: worker creation → our wasm fetched, compiled, instantiated.
  const t0 = performance.now();
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const init = await workerCall(worker, { cmd: 'init' });
  results.oursStartupMs = performance.now() - t0;
  results.oursInitInWorkerMs = init.initMs;
  log(`our wasm ready in worker: ${results.oursStartupMs.toFixed(1)} ms`);

  // Round-robin: run i of every contender, then run i+1, so that load from other processes
  // on a shared machine spreads over all contenders instead of hitting one.
  const samples = Object.fromEntries(contenders.map((n) => [n, []]));
  const errors = {};
  let blob = null;
  let duck = null;
  if (contenders.includes('ours')) {
    // Cold: a fresh worker whose first call is the real file (baseline-compiled code).
    phase = 'ours';
    const cold = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    await workerCall(cold, { cmd: 'init' });
    results.oursCold = await workerCall(cold, { cmd: 'run', url: dataUrl, name: 'ours' });
    cold.terminate();
    log(`ours cold (no warm-up): ${results.oursCold.ms.toFixed(1)} ms`);
    // Warm-up of the benchmark worker (what the app's worker does after instantiation).
    const warm = await workerCall(worker, { cmd: 'warm', rows: warmRows });
    results.oursWarmUpMs = warm.ms;
    results.oursWarmUpRows = warmRows;
    log(`ours warm-up ${warmRows} rows: ${warm.ms.toFixed(1)} ms`);
    await new Promise((r) => setTimeout(r, 200));
    phase = 'idle';
  }
  for (let i = 0; i < runs; i++) {
    for (const name of contenders) {
      if (errors[name]) continue;
      phase = name;
      try {
        if (name === 'duckdb') {
          if (!blob) blob = await (await fetch(dataUrl)).blob();
          if (!duck) {
            duck = await duckdbSetup();
            results.duckdbStartupMs = duck.initMs;
          }
          samples[name].push(await duckdbRun(duck, blob, i));
        } else {
          samples[name].push(await workerCall(worker, { cmd: 'run', url: dataUrl, name }));
        }
        log(`${name} run ${i + 1}: ${samples[name].at(-1).ms.toFixed(1)} ms`);
      } catch (err) {
        errors[name] = String(err && err.stack || err);
        log(`${name}: ERROR ${err}`);
      }
      phase = 'idle';
    }
  }
  if (duck) {
    await duck.conn.close();
    await duck.db.terminate();
  }
  for (const name of contenders) {
    const list = samples[name];
    if (errors[name] && !list.length) {
      results.contenders[name] = { error: errors[name] };
      continue;
    }
    const best = list.reduce((a, b) => (b.ms < a.ms ? b : a));
    results.contenders[name] = { best, first: list[0], samples: list.map((s) => s.ms) };
  }
  phase = 'done';
  worker.terminate();
  await new Promise((r) => setTimeout(r, 100));
  results.longTasks = longTasks;
  results.longestTaskDuringOurs = Math.max(0, ...longTasks.filter((t) => t.phase === 'ours').map((t) => t.ms));
  window.__bench = results;
  log('done');
}

main().catch((err) => {
  window.__bench = { error: String(err && err.stack || err) };
  log('ERROR ' + err);
});
