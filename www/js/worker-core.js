// The engine's side of the page ↔ worker protocol. The worker owns the wasm engine, the
// File objects and the ingested data; the page only sends commands and renders results.
//
// Requests (page → worker), each with a numeric `id`:
//   { type: 'hello' }                                → { defaultModel, schemaVersion, playbooks,
//                                                        vocabulary (also the measure and field catalogues) }
//   { type: 'ingest', files: [{ name, blob, mapping }], model, columns?, profiles? }  → results
//     (new session; `profiles`: saved mappings applied to files without a mapping whose
//     headers match, see HealthEngine.set_profiles)
//   { type: 'score', model, columns? }               → results (re-score, no re-ingest)
//     results = { resultsJson } (the full results as JSON text, for the embedding API), or with
//     `columns: true` (the app) { columns: { arrays: { NAME: TypedArray }, rest: JSON text } }:
//     one typed array per account field, their buffers transferred (not copied), and no
//     per-account `components` (fetch them with 'components'); see HealthEngine.score_columns.
//   { type: 'validate', model }                      → { problems: [] }
//   { type: 'vocabulary', model }                    → { vocabulary } (labels, colours, descriptions)
//   { type: 'usage_series', accountId, weeks }       → { series }
//   { type: 'export_csv', lowCoverageBelow? }        → { csv }   (the CLI's CSV writer)
//   { type: 'export_json' }                          → { json }  (the full results, written on demand)
//   { type: 'components', accountId }                → { components, near_misses } (one account's breakdown)
//   { type: 'coverage_gaps', accountIds }            → { sampled, measures: [{ measure, weight, missing, reason }] }
//     (the inputs without data in those accounts, heaviest first; at most 1,000 read, evenly spaced;
//     reason: the evidence every one of them gave, when they share one other than "no data")
//   { type: 'thin_satisfaction', accountIds, measures } → { sampled, thin, below }
//     (how many of those accounts' satisfaction rests on fewer than `below` answers; sampled as above)
//   { type: 'dispose' }                              → {}   (frees the session's wasm objects)
//   { type: 'workbook', name, blob, wasm? }          → { sheets: [{ name, notes, bytes }], skipped, format }
//     (reads an .xlsx/.xls/.ods with the workbook module, loaded on first use; js/workbook-worker.js)
//   ingest files may carry `notes` (strings added to their file reports, e.g. a sheet's origin).
//   { type: 'calibrate' | 'learn' | 'discover' | 'backtest', model, … } → { …Json }: the analyses.
//     When the main module is built without them (the app's www/pkg; see scripts/build.sh), the
//     analysis module (`loadAnalysis`, a full build in www/pkg-analysis) is fetched on first use and
//     the session's files are read into it once; it is dropped with the session.
// Models and mappings are objects (null = default model / recognise the file); the engine
// reads them with serde-wasm-bindgen and answers small things (model, vocabulary, problems,
// components, file reports) as plain objects. Replies: { id, ok: true, ...payload } or
// { id, ok: false, error }.
// Events: { type: 'progress', id, done, total, file, phase } and { type: 'fatal', error }.

import { THIN_SATISFACTION, satisfactionAnswers } from './answers.js';

// The blend's evidence for an input the account has no data for (src/scoring/blend.rs).
const NO_DATA = 'no data for this account';

export function startWorker(scope, loadWasm, loadWorkbook, loadAnalysis) {
  let wasm = null;
  let engine = null;
  let files = [];
  let profiles = [];
  let generation = 0;
  let analysisWasm = null;
  let analysis = null; // { generation, session }: the analysis module's copy of the session
  let queue = Promise.resolve();

  const post = (msg, transfer) => scope.postMessage(msg, transfer);

  async function api() {
    if (!wasm) wasm = await loadWasm();
    return wasm;
  }

  function isTrap(err) {
    return err instanceof WebAssembly.RuntimeError || (err && err.name === 'RuntimeError');
  }

  function dropSessions() {
    if (engine) { engine.free(); engine = null; }
    if (analysis) { analysis.session.free(); analysis = null; }
  }

  async function ingest(id, list, model, columns, profileList) {
    const w = await api();
    const gen = ++generation;
    dropSessions();
    files = list;
    profiles = profileList || [];
    const total = list.reduce((s, f) => s + (f.blob?.size || 0), 0);
    let done = 0;
    let lastReport = 0;
    const report = (file, force) => {
      const now = performance.now();
      if (force || now - lastReport > 50) {
        lastReport = now;
        post({ type: 'progress', id, phase: 'read', done, total, file });
      }
    };
    report(list[0]?.name || '', true);
    const session = await fill(w, list, profiles, gen, (file, bytes) => { done += bytes; report(file, false); });
    if (!session) return null;
    post({ type: 'progress', id, phase: 'score', done: total, total, file: '' });
    engine = session;
    return score(model, columns);
  }

  // A new session of module `w` holding `list` (null when a newer ingest cancelled this one).
  async function fill(w, list, profileList, gen, onChunk) {
    const session = new w.HealthEngine();
    if (profileList?.length) session.set_profiles(profileList);
    const ids = list.map((f) => {
      const fileId = session.begin_file(f.name, f.mapping || null);
      for (const note of f.notes || []) session.note?.(fileId, note);
      // The size lets a large usage file reserve its columns once (lower peak memory).
      if (f.blob.size) session.expect_bytes(fileId, f.blob.size);
      return fileId;
    });
    // Accounts (then subscriptions) are read first, so that event files can be keyed by the
    // ids they hold; files keep their ids and report order.
    let order = list.map((_, i) => i);
    if (list.length > 1 && typeof session.read_order === 'function') {
      const heads = await Promise.all(list.map((f) => f.blob.slice(0, 65536).arrayBuffer().then((b) => new Uint8Array(b))));
      if (gen !== generation) { session.free(); return null; }
      order = Array.from(session.read_order(heads));
    }
    for (const i of order) {
      const f = list[i];
      const fileId = ids[i];
      const reader = f.blob.stream().getReader();
      // Ask for the next chunk before pushing this one, so the browser reads it meanwhile.
      let next = reader.read();
      for (;;) {
        const { done: end, value } = await next;
        if (end) break;
        if (gen !== generation) { reader.cancel(); session.free(); return null; }
        next = reader.read();
        session.push(fileId, value);
        onChunk(f.name, value.byteLength);
      }
      session.end_file(fileId);
    }
    return session;
  }

  // The session that runs the analyses: the engine itself when its module has them, else the
  // analysis module's copy of the session's files, read on first use.
  async function analyses(what) {
    if (!engine) throw new Error('No data loaded yet: add files first.');
    if (typeof engine.calibrate_json === 'function') return engine;
    if (!loadAnalysis) throw new Error(`This engine build cannot ${what}.`);
    if (analysis && analysis.generation === generation) return analysis.session;
    if (analysis) { analysis.session.free(); analysis = null; }
    if (!analysisWasm) analysisWasm = await loadAnalysis();
    const gen = generation;
    const session = await fill(analysisWasm, files, profiles, gen, () => {});
    if (!session) throw new Error('cancelled');
    analysis = { generation: gen, session };
    return session;
  }

  async function score(model, columns) {
    if (!engine) throw new Error('No data loaded yet: add files first.');
    const t0 = performance.now();
    if (!columns) return { resultsJson: engine.score_json(model ?? null), millis: performance.now() - t0 };
    // The app's replies: typed arrays, one per account field, whose buffers move to the page
    // without a copy. The breakdowns (17 components with evidence per account) stay in the
    // engine's last results and are sent one account at a time.
    const { arrays, rest } = engine.score_columns(model ?? null);
    return { columns: { arrays, rest }, millis: performance.now() - t0, transfer: Object.values(arrays).map((a) => a.buffer) };
  }

  // Reads the breakdowns of at most 1,000 of `ids`, evenly spaced; returns how many were read.
  function sampleComponents(ids, visit) {
    const step = Math.max(1, ids.length / 1000);
    let sampled = 0;
    for (let k = 0; k < ids.length; k += step) {
      visit(engine.account_components(ids[Math.floor(k)]) || []);
      sampled += 1;
    }
    return sampled;
  }

  // How many of the given accounts (the placed ones) have a satisfaction axis on thin evidence.
  function thinSatisfaction(ids, measures) {
    if (!engine || !ids.length) return { sampled: 0, thin: 0 };
    let thin = 0;
    const sampled = sampleComponents(ids, (components) => { if (satisfactionAnswers(components, measures).thin) thin += 1; });
    return { sampled, thin, below: THIN_SATISFACTION };
  }

  // Which of the model's inputs had no data in the given accounts (the low-coverage ones), by
  // each input's share of the full weight: what the page names when it explains low coverage.
  function coverageGaps(ids) {
    if (!engine || !ids.length) return { sampled: 0, measures: [] };
    const byMeasure = new Map();
    const sampled = sampleComponents(ids, (components) => {
      for (const c of components) {
        const m = byMeasure.get(c.measure) || { measure: c.measure, weight: c.nominal_weight, missing: 0 };
        if (typeof c.normalized !== 'number') {
          // One reason shared by every account without the input (e.g. the usage export has
          // no user ids) is the book's reason too; the blend's generic "no data" is none.
          m.reason = m.missing === 0 ? c.evidence : m.reason === c.evidence ? m.reason : null;
          m.missing += 1;
        }
        byMeasure.set(c.measure, m);
      }
    });
    for (const m of byMeasure.values()) if (m.reason === NO_DATA) m.reason = null;
    const measures = [...byMeasure.values()].filter((m) => m.missing > 0 && m.weight > 0)
      .sort((x, y) => y.missing * y.weight - x.missing * x.weight);
    return { sampled, measures };
  }

  async function handle(msg) {
    const w = await api();
    switch (msg.type) {
      case 'hello':
        return {
          defaultModel: w.default_model(),
          schemaVersion: w.model_schema_version(),
          playbooks: w.default_playbooks(),
          vocabulary: w.vocabulary(null),
        };
      case 'ingest':
        return ingest(msg.id, msg.files, msg.model, msg.columns, msg.profiles);
      case 'score':
        return score(msg.model, msg.columns);
      case 'validate':
        return { problems: w.validate_model(msg.model ?? null) };
      case 'vocabulary':
        return { vocabulary: w.vocabulary(msg.model ?? null) };
      case 'components':
        if (!engine) return { components: [] };
        return { components: engine.account_components(msg.accountId) || [], near_misses: engine.account_near_misses(msg.accountId) || [] };
      case 'coverage_gaps':
        return coverageGaps(msg.accountIds || []);
      case 'thin_satisfaction':
        return thinSatisfaction(msg.accountIds || [], msg.measures || []);
      case 'export_json':
        if (!engine) throw new Error('No results to export yet.');
        return { json: engine.results_json() };
      case 'export_csv':
        if (!engine) throw new Error('No results to export yet.');
        return { csv: engine.results_csv(msg.lowCoverageBelow ?? undefined) };
      case 'selftest-crash':
        // Used by the browser tests to prove the page survives a dying worker.
        setTimeout(() => { throw new Error('self-test crash'); }, 0);
        return {};
      case 'calibrate':
        return { calibrationJson: (await analyses('calibrate')).calibrate_json(msg.model ?? null, msg.folds || 0, msg.cutoff || undefined, msg.outcome || undefined) };
      case 'learn':
        return { learnJson: (await analyses('learn')).learn_json(msg.model ?? null, JSON.stringify(msg.options || {})) };
      case 'discover':
        return { discoverJson: (await analyses('list candidate measures')).discover_json(msg.model ?? null) };
      case 'backtest':
        return { backtestJson: (await analyses('run a custom backtest')).backtest_json(msg.model ?? null, msg.cutoff || undefined, msg.outcome || undefined) };
      case 'workbook':
        // Imported on first use: a page that never reads a workbook never fetches this code.
        return (await import('./workbook-worker.js')).readWorkbook(msg, loadWorkbook);
      case 'dispose':
        generation++;
        dropSessions();
        files = [];
        profiles = [];
        return {};
      case 'usage_series':
        if (!engine || typeof engine.usage_series !== 'function') return { series: null };
        return { series: engine.usage_series(msg.accountId, msg.weeks || 26) };
      default:
        throw new Error(`unknown request '${msg.type}'`);
    }
  }

  scope.addEventListener('message', (event) => {
    const msg = event.data || {};
    if (msg.id === undefined) return; // not a request (e.g. the single-file build's wasm bytes)
    if (msg.type === 'ingest') generation++; // cancels a running ingest between chunks
    const run = async () => {
      try {
        const payload = await handle(msg);
        if (payload === null) return post({ id: msg.id, ok: false, cancelled: true, error: 'cancelled' });
        const { transfer = [], ...reply } = payload;
        post({ id: msg.id, ok: true, ...reply }, transfer);
      } catch (err) {
        if (isTrap(err)) {
          let detail = '';
          try { detail = wasm?.last_panic?.() || ''; } catch { /* the instance is gone */ }
          // 'fatal' first: the page then fails every pending request as a crash.
          post({ type: 'fatal', error: detail || String(err?.message || err) });
          post({ id: msg.id, ok: false, error: detail || String(err?.message || err) });
          scope.close();
          return;
        }
        post({ id: msg.id, ok: false, error: String(err?.message || err) });
      }
    };
    queue = queue.then(run);
  });
}
