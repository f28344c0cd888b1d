// customer-health: the typed engine API for hosts that want scores without the widget.
//
//   import { init, score } from 'customer-health';
//   await init({ baseUrl: '/static/customer-health/' });
//   const results = await score({ 'accounts.csv': file1, 'usage.csv': file2 });
//
// The engine runs in a module Web Worker by default (wasm and worker are fetched lazily from
// `baseUrl`, the folder holding the package's files); `worker: false` runs it on the calling
// thread instead. Types: index.d.ts and types.d.ts beside this file.
import { startWorker } from './worker-core.js';
import { EngineClient as BaseClient } from './engine-client.js';


const DEFAULT_BASE = new URL('../', import.meta.url).href;
const defaults = { baseUrl: null, worker: true };
let shared = null;

function withSlash(url) {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Resolves the folder the engine's files are loaded from. */
export function resolveBaseUrl(baseUrl) {
  const base = baseUrl ?? defaults.baseUrl ?? DEFAULT_BASE;
  const href = typeof document !== 'undefined' ? document.baseURI : self.location.href;
  return withSlash(new URL(base, href).href);
}

/** The URLs of the files the engine loads (for CSP reviews and preloading). */
export function engineUrls(baseUrl) {
  const base = resolveBaseUrl(baseUrl);
  return {
    baseUrl: base,
    worker: new URL('lib/worker.js', base).href,
    glue: new URL('customer_health.js', base).href,
    wasm: new URL('customer_health_bg.wasm', base).href,
  };
}

function toBlob(data, name) {
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data;
  if (typeof data === 'string') return new Blob([data], { type: 'text/plain' });
  if (data instanceof ArrayBuffer) return new Blob([data]);
  if (ArrayBuffer.isView(data)) return new Blob([data]);
  throw new TypeError(`customer-health: table '${name}' must be a File, Blob, string, ArrayBuffer or typed array`);
}

/**
 * Normalises every accepted shape of `tables` into `[{ name, blob, mapping }]`:
 * a File/Blob (or an array of them), a `{ 'name.csv': data }` record, or
 * `[{ name, data, mapping? }]` entries.
 */
export function normalizeTables(tables) {
  if (tables === null || tables === undefined) return [];
  const list = [];
  const add = (name, data, mapping) => {
    const fileName = name || (typeof File !== 'undefined' && data instanceof File ? data.name : '') || `table-${list.length + 1}.csv`;
    list.push({ name: fileName, blob: toBlob(data, fileName), mapping: mapping || null });
  };
  const isData = (v) => typeof v === 'string' || v instanceof ArrayBuffer || ArrayBuffer.isView(v) || (typeof Blob !== 'undefined' && v instanceof Blob);
  if (isData(tables)) {
    add(tables.name, tables, null);
  } else if (Array.isArray(tables) || (typeof FileList !== 'undefined' && tables instanceof FileList)) {
    for (const item of Array.from(tables)) {
      if (isData(item)) add(item.name, item, null);
      else if (item && typeof item === 'object' && 'data' in item) add(item.name, item.data, item.mapping);
      else throw new TypeError('customer-health: each table must be data or { name, data, mapping? }');
    }
  } else if (typeof tables === 'object') {
    for (const [name, value] of Object.entries(tables)) {
      if (value && typeof value === 'object' && !isData(value) && 'data' in value) add(name, value.data, value.mapping);
      else add(name, value, null);
    }
  } else {
    throw new TypeError('customer-health: tables must be files, a { name: data } record or an array');
  }
  return list;
}

/** An in-thread stand-in for a Worker, so `worker: false` reuses the very same protocol. */
class InlineWorker extends EventTarget {
  constructor(loadWasm) {
    super();
    this.scope = new EventTarget();
    this.scope.postMessage = (data) => queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data })));
    this.scope.close = () => { this.closed = true; };
    startWorker(this.scope, loadWasm);
  }

  postMessage(data) {
    if (this.closed) return;
    queueMicrotask(() => this.scope.dispatchEvent(new MessageEvent('message', { data })));
  }

  terminate() { this.closed = true; }
}

// The worker answers with the results as JSON text (cheaper to post than an object graph).
const resultsOf = (reply) => JSON.parse(reply.resultsJson);

let engineCounter = 0;

/**
 * One engine for a host page or the widget: the shared client (engine-client.js) over its own
 * worker (or in-thread instance) and its own data. A crashed worker restarts, empty, on the
 * next request.
 */
export class EngineClient extends BaseClient {
  constructor(options = {}) {
    const settings = { baseUrl: options.baseUrl ?? null, worker: options.worker ?? defaults.worker };
    super({
      spawn: () => this.spawnWorker(),
      restart: 'lazy',
      describe: (reason) => `customer-health: the engine worker failed (${reason})`,
    });
    this.options = settings;
    this.id = ++engineCounter;
    this.queue = Promise.resolve();
  }

  spawnWorker() {
    const urls = engineUrls(this.options.baseUrl);
    this.urls = urls;
    this.workerUrl = urls.worker;
    if (this.options.worker === false) {
      return new InlineWorker(async () => {
        const glue = await import(/* webpackIgnore: true */ urls.glue);
        await glue.default({ module_or_path: urls.wasm });
        return glue;
      });
    }
    const name = `customer-health-${this.id}`;
    const here = typeof location !== 'undefined' ? location.origin : null;
    let worker;
    if (new URL(urls.worker).origin === here) {
      worker = new Worker(urls.worker, { type: 'module', name });
    } else {
      // Browsers only start workers from the page's origin: a same-origin blob module imports
      // the worker from the asset origin (needs CORS there and `worker-src blob:`).
      this.blobUrl = URL.createObjectURL(new Blob([`import ${JSON.stringify(urls.worker)};\n`], { type: 'text/javascript' }));
      worker = new Worker(this.blobUrl, { type: 'module', name });
    }
    worker.postMessage({ type: 'ch-config', glueUrl: urls.glue, wasmUrl: urls.wasm });
    return worker;
  }

  stopWorker() {
    if (this.worker instanceof InlineWorker) {
      // In-thread: free the session's wasm objects (the module's memory stays for reuse).
      const inline = this.worker;
      inline.postMessage({ id: 0, type: 'dispose' });
      queueMicrotask(() => inline.terminate());
      this.worker = null;
    } else {
      super.stopWorker();
    }
    if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
    this.blobUrl = null;
  }

  /** Reads `tables` into a new session (replacing earlier data) and scores them. */
  async score(tables, model, options = {}) {
    const files = normalizeTables(tables);
    if (!files.length) throw new Error('customer-health: no tables to score');
    const reply = await this.ingest(files, model, { onProgress: options.onProgress });
    this.lastMillis = reply.millis;
    return resultsOf(reply);
  }

  /** Re-scores the data already loaded with another model (no re-reading). */
  async rescore(model) {
    const reply = await this.scoreLoaded(model);
    this.lastMillis = reply.millis;
    return resultsOf(reply);
  }
}

/** Creates an engine with its own worker and data. */
export function createEngine(options = {}) {
  return new EngineClient(options);
}

/**
 * Sets the defaults (`baseUrl`, `worker`) for `score()`, `createEngine()` and the widget, starts
 * the shared engine and resolves with its default model, measures and schema version.
 */
export async function init(options = {}) {
  if (options.baseUrl !== undefined) defaults.baseUrl = options.baseUrl;
  if (options.worker !== undefined) defaults.worker = options.worker;
  if (shared && (shared.options.baseUrl !== defaults.baseUrl || shared.options.worker !== defaults.worker)) {
    shared.destroy();
    shared = null;
  }
  return sharedEngine().ready();
}

function sharedEngine() {
  if (!shared || shared.destroyed) shared = new EngineClient({ baseUrl: defaults.baseUrl, worker: defaults.worker });
  return shared;
}

/** The current defaults set by `init()`. */
export function getDefaults() {
  return { ...defaults };
}

/**
 * Scores `tables` with `model` (default model when omitted) on the shared engine. Calls run one
 * after the other; each one reads its tables afresh.
 */
export function score(tables, model, options = {}) {
  const engine = sharedEngine();
  const run = engine.queue.then(() => engine.score(tables, model, options));
  engine.queue = run.catch(() => {});
  return run;
}

/** The default model as an object. */
export async function defaultModel() {
  return (await sharedEngine().ready()).defaultModel;
}

/** Every problem of a model (empty when valid). */
export function validateModel(model) {
  return sharedEngine().validateModel(model);
}

/** Stops the shared engine (a later call starts a new one). */
export function shutdown() {
  shared?.destroy();
  shared = null;
}

export const QUADRANTS = Object.freeze(['champion', 'under_user', 'cry_for_help', 'at_risk']);
