// Typed API of the customer-health engine (hand-written; see types.d.ts for the results, reports
// and model). The raw wasm-bindgen bindings are `customer-health/raw` (customer_health.d.ts).
import type { Model, MeasureInfo, Results, MappingOverride, Playbooks, FieldInfo, TableKind, Vocabulary, Component } from './types.js';

export * from './types.js';

/** Raw table contents the engine accepts: CSV or JSON bytes or text. */
export type TableData = File | Blob | string | ArrayBuffer | ArrayBufferView;

/** A table with an explicit name (the name helps recognise it) and optional column mapping. */
export interface NamedTable {
  name: string;
  data: TableData;
  mapping?: MappingOverride | null;
}

/**
 * What `score()` and the widget's `tables` property accept: one table, a list of tables
 * (File objects carry their name), a `{ 'accounts.csv': data }` record, or named entries.
 */
export type Tables =
  | TableData
  | ReadonlyArray<TableData | NamedTable>
  | FileList
  | Readonly<Record<string, TableData | Omit<NamedTable, 'name'>>>;

/** A model as an object or as JSON text; null/undefined = the default model. */
export type ModelInput = Model | string | null | undefined;

export interface InitOptions {
  /**
   * Folder (URL, absolute or relative to the page) holding the package's runtime files:
   * `customer_health.js`, `customer_health_bg.wasm` and `lib/worker.js` (+ `lib/worker-core.js`,
   * `widget/chart.js` for the widget). Default: the package folder this module was loaded from
   * (correct when the files are served unbundled; set it when you bundle).
   */
  baseUrl?: string | null;
  /** Run the engine in a module Web Worker (default true); false = on the calling thread. */
  worker?: boolean;
}

export interface EngineInfo {
  defaultModel: Model;
  measures: MeasureInfo[];
  schemaVersion: number;
  /** The default playbooks. */
  playbooks: Playbooks;
  /** The fields each table kind understands. */
  fields: Record<TableKind, FieldInfo[]>;
  /** Labels, colours and descriptions of quadrants, flags, bands (default model) and measures. */
  vocabulary: Vocabulary;
}

export type ProgressPhase = 'read' | 'score';

export interface Progress {
  phase: ProgressPhase;
  /** Bytes read so far. */
  done: number;
  /** Bytes in all tables. */
  total: number;
  /** File being read. */
  file: string;
}

export interface ScoreOptions {
  onProgress?: (progress: Progress) => void;
}

export interface EngineUrls {
  baseUrl: string;
  worker: string;
  glue: string;
  wasm: string;
}

export interface NormalizedTable {
  name: string;
  blob: Blob;
  mapping: MappingOverride | null;
}

/** Errors thrown by the engine; `cancelled` is true when newer data replaced a running call. */
export interface EngineError extends Error {
  cancelled?: boolean;
}

/** One engine: its own worker (or in-thread instance) and its own data. */
export declare class EngineClient {
  constructor(options?: InitOptions);
  readonly id: number;
  /** True once the worker (or in-thread engine) has been started. */
  readonly started: boolean;
  readonly destroyed: boolean;
  /** How many times a worker was started (a crashed worker restarts without data). */
  readonly starts: number;
  /** Milliseconds the last scoring run took inside the engine. */
  readonly lastMillis: number | undefined;
  /** Starts the engine (lazily called by every request). */
  start(): void;
  ready(): Promise<EngineInfo>;
  /** Reads `tables` into a new session (replacing earlier data) and scores them. */
  score(tables: Tables, model?: ModelInput, options?: ScoreOptions): Promise<Results>;
  /** Re-scores the loaded data with another model without re-reading it. */
  rescore(model?: ModelInput): Promise<Results>;
  validateModel(model: ModelInput): Promise<string[]>;
  /** The last results as CSV, one row per account (the CLI's format); `lowCoverageBelow` (share
   * 0–1) is where its `low_data` column says yes, the engine's default when omitted. */
  exportCsv(lowCoverageBelow?: number): Promise<string>;
  /** The last results as JSON text (the CLI's format). */
  exportJson(): Promise<string>;
  /** One account's score breakdown from the last results (empty when unknown). */
  components(accountId: string): Promise<Component[]>;
  /** Weekly usage events of one account, oldest first (null when unknown). */
  usageSeries(accountId: string, weeks: number): Promise<number[] | null>;
  /** The words for `model` (its bands; the default model when omitted). */
  vocabulary(model?: ModelInput): Promise<Vocabulary>;
  /** Terminates the worker (all its wasm memory is released); pending calls reject. */
  destroy(): void;
}

/** Sets the defaults and starts the shared engine. */
export declare function init(options?: InitOptions): Promise<EngineInfo>;
/** Scores tables on the shared engine (calls are queued, each reads its tables afresh). */
export declare function score(tables: Tables, model?: ModelInput, options?: ScoreOptions): Promise<Results>;
/** Creates an engine with its own worker and data. */
export declare function createEngine(options?: InitOptions): EngineClient;
export declare function defaultModel(): Promise<Model>;
export declare function validateModel(model: ModelInput): Promise<string[]>;
/** Stops the shared engine. */
export declare function shutdown(): void;
export declare function getDefaults(): { baseUrl: string | null; worker: boolean };
export declare function resolveBaseUrl(baseUrl?: string | null): string;
export declare function engineUrls(baseUrl?: string | null): EngineUrls;
export declare function normalizeTables(tables: Tables | null | undefined): NormalizedTable[];
export declare const QUADRANTS: readonly ['champion', 'under_user', 'cry_for_help', 'at_risk'];
