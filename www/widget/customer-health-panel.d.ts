// Types of <customer-health-panel> (hand-written; the engine types come from ../lib/types.d.ts).
import type { AccountResult, FileReport, Results, Summary } from '../lib/types.js';
import type { ModelInput, Tables } from '../lib/index.js';

export type PanelView = 'table' | 'quadrant' | 'outreach';

/** `scored`: the tables were read and scored. */
export interface ScoredDetail {
  summary: Summary;
  accounts: AccountResult[];
  files: FileReport[];
  results: Results;
}

/** `account-selected`: a row, bubble or outreach entry was chosen. */
export interface AccountSelectedDetail {
  accountId: string;
  account: AccountResult;
}

/**
 * `error`: `kind` 'engine' = scoring failed (bad model, engine could not load); 'file' = a table
 * could not be used; 'rows' = rows were rejected (first one located by `file` and `line`).
 * `fatal` = nothing could be scored.
 */
export interface PanelErrorDetail {
  message: string;
  file: string | null;
  /** 1-based line in `file` (the CSV header is line 1). */
  line: number | null;
  column: string | null;
  kind: 'engine' | 'file' | 'rows';
  fatal: boolean;
}

export interface PanelResizeDetail {
  width: number;
  size: 'narrow' | 'medium' | 'wide';
}

export interface CustomerHealthPanelEventMap extends HTMLElementEventMap {
  scored: CustomEvent<ScoredDetail>;
  'account-selected': CustomEvent<AccountSelectedDetail>;
  error: CustomEvent<PanelErrorDetail> & ErrorEvent;
  'panel-resize': CustomEvent<PanelResizeDetail>;
}

export declare class CustomerHealthPanel extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Input tables: File/Blob/string/ArrayBuffer, a list, or a `{ 'name.csv': data }` record. */
  tables: Tables | null;
  /** Alias of `tables`. */
  data: Tables | null;
  /** Health model (object or JSON); null = the default model. Changing it re-scores without re-reading. */
  model: ModelInput;
  /** Reflects the `view` attribute. */
  view: PanelView;
  /** Reflects the `base-url` attribute. */
  baseUrl: string | null;
  /** Reflects the `compact` attribute. */
  compact: boolean;
  readonly results: Results | null;
  readonly selectedAccountId: string | null;
  /** True while the element has a live engine (worker). */
  readonly engineActive: boolean;
  /** Resolves with the results of the run in progress (null when it failed or there is no data). */
  readonly ready: Promise<Results | null>;
  /** Scores the current tables again. */
  refresh(): Promise<Results | null>;
  /** Selects an account and emits `account-selected`; false when the id is unknown. */
  selectAccount(accountId: string): boolean;
  /** Terminates the engine worker (freeing its wasm memory), the chart and observers. */
  destroy(): void;
  addEventListener<K extends keyof CustomerHealthPanelEventMap>(type: K, listener: (this: CustomerHealthPanel, ev: CustomerHealthPanelEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CustomerHealthPanelEventMap>(type: K, listener: (this: CustomerHealthPanel, ev: CustomerHealthPanelEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** Registers the element under another tag name (the default one is registered on import). */
export declare function defineCustomerHealthPanel(name?: string): CustomElementConstructor;

export { init, score, createEngine } from '../lib/index.js';

declare global {
  interface HTMLElementTagNameMap {
    'customer-health-panel': CustomerHealthPanel;
  }
}
