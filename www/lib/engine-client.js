// The one client of the engine worker, shared by the app (www/js) and the embedding API and
// widget (www/lib, www/widget). It speaks the protocol of worker-core.js: requests with ids,
// progress events, and a 'fatal' event when the engine dies. How the worker is started is the
// caller's (`spawn`); what happens after a crash is a policy:
//   restart: 'now'  (the app) a fresh worker starts at once and `onRestart` may reload files;
//   restart: 'lazy' (the API) the next request starts a fresh worker.
// Models cross as objects (the engine reads them with serde-wasm-bindgen); a model given as
// JSON text is read here once.

/** A model as the engine takes it: an object, or null for the default model. */
export function modelValue(model) {
  if (model === null || model === undefined || model === '') return null;
  if (typeof model !== 'string') return model;
  try {
    return JSON.parse(model);
  } catch (err) {
    throw new Error(`model JSON: ${err.message}`);
  }
}

export class EngineClient {
  /**
   * @param {{ spawn: () => Worker, restart?: 'now' | 'lazy', describe?: (reason: string) => string,
   *   onCrash?: (reason: string) => void, onRestart?: () => void, maxRestarts?: number }} options
   */
  constructor({ spawn, restart = 'lazy', describe, onCrash, onRestart, maxRestarts = 5 }) {
    this.spawn = spawn;
    this.restart = restart;
    this.describe = describe || ((reason) => reason);
    this.onCrash = onCrash;
    this.onRestart = onRestart;
    this.maxRestarts = maxRestarts;
    this.nextId = 1;
    this.pending = new Map();
    this.worker = null;
    this.info = null;
    this.destroyed = false;
    this.restarts = 0;
    /** Incremented each time a worker starts: data loaded into an earlier one is gone. */
    this.starts = 0;
  }

  /** True once a worker (or in-thread engine) is running. */
  get started() {
    return this.worker !== null;
  }

  start() {
    if (this.destroyed) throw new Error('customer-health: this engine was destroyed');
    if (this.worker) return;
    this.starts += 1;
    const worker = this.spawn();
    this.worker = worker;
    worker.addEventListener('message', (e) => this.receive(e.data));
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      this.crash(e.message || `could not load ${this.workerUrl || 'the engine worker'}`);
    });
    worker.addEventListener('messageerror', () => this.crash('a message from the engine could not be read'));
  }

  receive(msg) {
    if (!msg) return;
    if (msg.type === 'progress') {
      this.pending.get(msg.id)?.onProgress?.({ phase: msg.phase, done: msg.done, total: msg.total, file: msg.file });
      return;
    }
    if (msg.type === 'fatal') {
      this.crash(msg.error);
      return;
    }
    const entry = this.pending.get(msg.id);
    if (!entry) return;
    this.pending.delete(msg.id);
    if (msg.ok) entry.resolve(msg);
    else {
      const err = new Error(msg.error || 'engine error');
      if (msg.cancelled) err.cancelled = true;
      entry.reject(err);
    }
  }

  /** The worker died: every pending request fails with a readable error; the policy restarts. */
  crash(reason) {
    const message = this.describe(reason);
    for (const entry of this.pending.values()) {
      const err = new Error(message);
      err.crashed = true;
      entry.reject(err);
    }
    this.pending.clear();
    this.stopWorker();
    this.info = null;
    this.restarts += 1;
    this.onCrash?.(reason);
    if (this.restart !== 'now' || this.restarts > this.maxRestarts) return;
    this.start();
    this.onRestart?.();
  }

  stopWorker() {
    try { this.worker?.terminate(); } catch { /* already gone */ }
    this.worker = null;
  }

  request(type, payload = {}, onProgress) {
    if (this.destroyed) return Promise.reject(new Error('customer-health: this engine was destroyed'));
    this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, type, ...payload });
    });
  }

  /** The engine's default model, playbooks, measure catalogue, fields and vocabulary. */
  async ready() {
    if (!this.info) {
      const reply = await this.request('hello');
      const words = reply.vocabulary;
      this.info = {
        defaultModel: reply.defaultModel,
        schemaVersion: reply.schemaVersion,
        playbooks: reply.playbooks,
        vocabulary: words,
        // The catalogues, as the vocabulary carries them.
        measures: words.measures.map(({ id, unit, family }) => ({ id, unit, family })),
        fields: Object.fromEntries(words.table_kinds.map((t) => [t.id, t.fields])),
      };
    }
    return this.info;
  }

  /**
   * Reads `files` (`[{ name, blob, mapping }]`) into a new session and scores them. With
   * `columns: true` the reply carries typed arrays (the app); otherwise the results as JSON text.
   * `profiles`: saved mappings applied to files without a mapping whose headers match.
   */
  ingest(files, model, { columns = false, onProgress, profiles } = {}) {
    return this.request('ingest', { files, model: modelValue(model), columns, profiles }, onProgress);
  }

  /** Re-scores the data already loaded with another model (no re-reading). */
  scoreLoaded(model, { columns = false } = {}) {
    return this.request('score', { model: modelValue(model), columns });
  }

  /** Every problem of a model, one string each (empty when valid). */
  async validateModel(model) {
    return (await this.request('validate', { model: modelValue(model) })).problems;
  }

  /** The words for `model` (its bands; default model when omitted). */
  async vocabulary(model) {
    return (await this.request('vocabulary', { model: modelValue(model) })).vocabulary;
  }

  /** The last results as CSV, one row per account (the CLI's format); `lowCoverageBelow`
   * (a share 0–1) sets the `low_data` column's line, the engine's default when omitted. */
  async exportCsv(lowCoverageBelow) {
    return (await this.request('export_csv', { lowCoverageBelow })).csv;
  }

  /** The last results as JSON text (the CLI's format). */
  async exportJson() {
    return (await this.request('export_json')).json;
  }

  /** One account's score breakdown and near misses from the last results (both [] when unknown). */
  async components(accountId) {
    const reply = await this.request('components', { accountId });
    return { components: reply.components || [], near_misses: reply.near_misses || [] };
  }

  /** Weekly usage of one account over `weeks` weeks (null when unknown). */
  async usageSeries(accountId, weeks) {
    return (await this.request('usage_series', { accountId, weeks })).series;
  }

  /** The churn backtest with explicit choices (cutoff, outcome). */
  async backtest(model, choice = {}) {
    return JSON.parse((await this.request('backtest', { model: modelValue(model), ...choice })).backtestJson);
  }

  /** Weights learned from the churn history (folds, cutoff, outcome). */
  async calibrate(model, choice = {}) {
    return JSON.parse((await this.request('calibrate', { model: modelValue(model), ...choice })).calibrationJson);
  }

  /** Stops the worker, which releases all of its wasm memory; pending calls reject. */
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    const err = new Error('customer-health: the engine was destroyed');
    err.cancelled = true;
    for (const entry of this.pending.values()) entry.reject(err);
    this.pending.clear();
    this.stopWorker();
  }
}
