// Benchmark worker: every contender reads the same Blob as a stream of chunks (as a File from
// <input type=file> would be read) and computes per-account aggregates. Module worker.
//
// The JS contenders compute, per account_id: rows, sum(event_count), sum(duration_secs),
// distinct user_id, max(event_date). Ours ingests (validation, typing, interning, every row
// used or reported) and then scores every account with the default model (dozens of
// measures, two periods, flags, playbooks), returning the results as JSON: strictly more work.

const now = () => performance.now();

async function fetchBlob(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.blob();
}

class Agg {
  constructor() { this.m = new Map(); }
  add(account, user, date, count, duration) {
    let a = this.m.get(account);
    if (a === undefined) {
      a = { rows: 0, count: 0, duration: 0, users: new Set(), last: '' };
      this.m.set(account, a);
    }
    a.rows++;
    a.count += count;
    a.duration += duration;
    a.users.add(user);
    if (date > a.last) a.last = date;
  }
  summary() {
    let rows = 0, count = 0;
    for (const a of this.m.values()) { rows += a.rows; count += a.count; }
    return { accounts: this.m.size, rows, count };
  }
}

let wasmInit = null;
async function loadOurs() {
  if (!wasmInit) {
    const t0 = now();
    wasmInit = (async () => {
      const mod = await import('/www/pkg/customer_health.js');
      const exports = await mod.default();
      return { mod, exports, ms: now() - t0 };
    })();
  }
  return wasmInit;
}

const contenders = {
  async ours(blob) {
    const { mod, exports } = await loadOurs();
    const t0 = now();
    const engine = new mod.HealthEngine();
    const id = engine.begin_file('usage_events.csv', null);
    engine.expect_bytes(id, blob.size); // as the app's worker does
    const reader = blob.stream().getReader();
    let chunks = 0;
    // The next read is asked for before this chunk is pushed, so the browser fetches it while
    // the engine works.
    let next = reader.read();
    for (;;) {
      const { done, value } = await next;
      if (done) break;
      next = reader.read();
      engine.push(id, value);
      chunks++;
    }
    engine.end_file(id);
    const t1 = now();
    const json = engine.score_json(null);
    const t2 = now();
    const results = JSON.parse(json);
    const reports = engine.file_reports();
    engine.free();
    const f = Array.isArray(reports) ? reports[0] : null;
    return {
      ms: t2 - t0,
      ingestMs: t1 - t0,
      scoreMs: t2 - t1,
      chunks,
      memoryBytes: exports.memory.buffer.byteLength,
      check: {
        accounts: (results.accounts || []).length,
        rows: f ? f.rows_read : null,
        used: f ? f.rows_used : null,
        rejected: f ? f.rows_rejected : null,
      },
    };
  },

  async papaparse(blob) {
    if (!self.Papa) {
      // UMD script in a module worker: run it in global scope (indirect eval).
      const src = await (await fetch('/node_modules/papaparse/papaparse.min.js')).text();
      (0, eval)(src);
    }
    const t0 = now();
    const agg = new Agg();
    let header = true;
    await new Promise((resolve, reject) => {
      self.Papa.parse(blob, {
        skipEmptyLines: true,
        chunkSize: 1 << 20,
        chunk(res) {
          const rows = res.data;
          for (let i = 0; i < rows.length; i++) {
            const r = rows[i];
            if (header) { header = false; continue; }
            agg.add(r[0], r[1], r[2], +r[4], +r[5]);
          }
        },
        complete: resolve,
        error: reject,
      });
    });
    return { ms: now() - t0, check: agg.summary() };
  },

  // The common way PapaParse is used: header row → one object per row.
  async papaparse_objects(blob) {
    if (!self.Papa) {
      const src = await (await fetch('/node_modules/papaparse/papaparse.min.js')).text();
      (0, eval)(src);
    }
    const t0 = now();
    const agg = new Agg();
    await new Promise((resolve, reject) => {
      self.Papa.parse(blob, {
        header: true,
        skipEmptyLines: true,
        chunkSize: 1 << 20,
        chunk(res) {
          for (const r of res.data) agg.add(r.account_id, r.user_id, r.event_date, +r.event_count, +r.duration_secs);
        },
        complete: resolve,
        error: reject,
      });
    });
    return { ms: now() - t0, check: agg.summary() };
  },

  async udsv(blob) {
    const { inferSchema, initParser } = await import('/node_modules/udsv/dist/uDSV.mjs');
    const t0 = now();
    const agg = new Agg();
    let parser = null;
    const onRow = (r) => agg.add(r[0], r[1], r[2], +r[4], +r[5]);
    const text = blob.stream().pipeThrough(new TextDecoderStream());
    const reader = text.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser ??= initParser(inferSchema(value));
      parser.chunk(value, parser.stringArrs, onRow);
    }
    parser.end();
    return { ms: now() - t0, check: agg.summary() };
  },

  // The hot path apart from reading the file: the same bytes, already in memory (read once,
  // outside the timing), cut into 1 MiB views as the stream delivers them.
  async scan_mem(blob) {
    const bytes = await inMemory(blob);
    const t0 = now();
    let lines = 0, commas = 0;
    for (let start = 0; start < bytes.length; start += CHUNK) {
      const value = bytes.subarray(start, start + CHUNK);
      for (let i = 0; i < value.length; i++) {
        const b = value[i];
        if (b === 10) lines++;
        else if (b === 44) commas++;
      }
    }
    return { ms: now() - t0, check: { rows: lines - 1, commas } };
  },

  async tokenizer_mem(blob) {
    const { mod } = await loadOurs();
    const bytes = await inMemory(blob);
    const t0 = now();
    const probe = new mod.CsvScanProbe(44);
    for (let start = 0; start < bytes.length; start += CHUNK) probe.push(bytes.subarray(start, start + CHUNK));
    const fields = probe.finish();
    probe.free();
    return { ms: now() - t0, check: { fields } };
  },

  async ours_mem(blob) {
    const { mod } = await loadOurs();
    const bytes = await inMemory(blob);
    const t0 = now();
    const engine = new mod.HealthEngine();
    const id = engine.begin_file('usage_events.csv', null);
    engine.expect_bytes(id, bytes.length);
    for (let start = 0; start < bytes.length; start += CHUNK) engine.push(id, bytes.subarray(start, start + CHUNK));
    engine.end_file(id);
    const t1 = now();
    const json = engine.score_json(null);
    const t2 = now();
    const accounts = JSON.parse(json).accounts.length;
    engine.free();
    return { ms: t2 - t0, ingestMs: t1 - t0, scoreMs: t2 - t1, check: { accounts } };
  },

  async bytescan(blob) {
    const t0 = now();
    const reader = blob.stream().getReader();
    let lines = 0, commas = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let i = 0; i < value.length; i++) {
        const b = value[i];
        if (b === 10) lines++;
        else if (b === 44) commas++;
      }
    }
    return { ms: now() - t0, check: { rows: lines - 1, commas } };
  },

  async streamonly(blob) {
    const t0 = now();
    const reader = blob.stream().getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
    }
    return { ms: now() - t0, check: { bytes } };
  },
};

const CHUNK = 1 << 20;
let memCache = null;
async function inMemory(blob) {
  if (!memCache || memCache.blob !== blob) memCache = { blob, bytes: new Uint8Array(await blob.arrayBuffer()) };
  return memCache.bytes;
}

let blobCache = null;
self.onmessage = async (e) => {
  const { cmd, url, name } = e.data;
  try {
    if (cmd === 'init') {
      const { ms } = await loadOurs();
      self.postMessage({ ok: true, initMs: ms });
      return;
    }
    if (cmd === 'warm') {
      const { mod } = await loadOurs();
      const t0 = now();
      const accounts = mod.warm_up(e.data.rows);
      self.postMessage({ ok: true, ms: now() - t0, accounts });
      return;
    }
    if (!blobCache || blobCache.url !== url) blobCache = { url, blob: await fetchBlob(url) };
    const out = await contenders[name](blobCache.blob);
    out.bytes = blobCache.blob.size;
    self.postMessage({ ok: true, ...out });
  } catch (err) {
    self.postMessage({ ok: false, error: String(err && err.stack || err) });
  }
};
