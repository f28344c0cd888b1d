// <customer-health-panel>: an embeddable, self-contained account-health panel.
//
//   <customer-health-panel view="table" base-url="/static/customer-health/"></customer-health-panel>
//   panel.tables = { 'accounts.csv': file, 'usage.csv': blob };   // or File[] / strings / ArrayBuffers
//   panel.model = myModel;                                          // optional
//   panel.addEventListener('scored', (e) => e.detail.summary);
//
// Shadow DOM, styles through --ch-* custom properties, lazy worker + wasm from `base-url`, one
// engine (worker) per element, terminated on removal or destroy(). See docs/embedding.md.
import { createEngine, getDefaults, resolveBaseUrl } from '../lib/index.js';
import { setVocabulary } from '../lib/vocabulary.js';
import { CSS } from './styles.js';
import { el } from './dom.js';
import { SORT_COLUMNS, nextSort, renderRows, renderOutreach } from './table-view.js';
import { quadrantVar, renderLegend, chartConfig } from './quadrant-view.js';
import { renderSummary, dataProblems } from './summary.js';

const VIEWS = ['table', 'quadrant', 'outreach'];

const VIEW_LABELS = { table: 'Table', quadrant: 'Quadrant', outreach: 'Outreach' };

const NARROW = 520;
const WIDE = 900;

let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

export class CustomerHealthPanel extends HTMLElement {
  static get observedAttributes() {
    return ['view', 'compact', 'base-url', 'heading', 'max-rows'];
  }

  #tables = null;
  #model = null;
  #engine = null;
  #results = null;
  #bandColors = new Map();
  #selected = null;
  #sort = { column: 'rank', descending: false };
  #chart = null;
  #chartModule = null;
  #resizeObserver = null;
  #size = 'wide';
  #run = 0;
  #dirty = null; // 'data' | 'model' | null: what must be redone once connected
  #ui = null;
  #ready = null;
  #resolveReady = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styleSheet()];
    this.#build();
    this.#newReadyPromise();
  }

  // ── properties ───────────────────────────────────────────────────────────

  /** Input tables (File/Blob/string/ArrayBuffer, a list, or a `{ name: data }` record). */
  get tables() { return this.#tables; }
  set tables(value) {
    this.#tables = value ?? null;
    this.#invalidate('data');
  }

  /** Alias of `tables`. */
  get data() { return this.#tables; }
  set data(value) { this.tables = value; }

  /** Health model (object or JSON text); null = the engine's default model. */
  get model() { return this.#model; }
  set model(value) {
    this.#model = value ?? null;
    this.#updateBandColors();
    this.#invalidate(this.#dirty === 'data' || !this.#results ? 'data' : 'model');
  }

  /** The last results, or null. */
  get results() { return this.#results; }

  /** The selected account id, or null. */
  get selectedAccountId() { return this.#selected; }

  /** True while this element has a live engine worker. */
  get engineActive() { return Boolean(this.#engine && this.#engine.started && !this.#engine.destroyed); }

  /** Resolves with the results of the scoring run in progress (or the last one). */
  get ready() { return this.#ready; }

  get view() {
    const v = this.getAttribute('view');
    return VIEWS.includes(v) ? v : 'table';
  }
  set view(value) { this.setAttribute('view', value); }

  get baseUrl() { return this.getAttribute('base-url'); }
  set baseUrl(value) {
    if (value === null || value === undefined) this.removeAttribute('base-url');
    else this.setAttribute('base-url', value);
  }

  get compact() { return this.hasAttribute('compact'); }
  set compact(value) { this.toggleAttribute('compact', Boolean(value)); }

  // ── lifecycle ────────────────────────────────────────────────────────────

  connectedCallback() {
    if (!this.#resizeObserver) {
      this.#resizeObserver = new ResizeObserver((entries) => {
        const width = entries[entries.length - 1].contentRect.width;
        this.#applySize(width);
      });
    }
    this.#resizeObserver.observe(this);
    this.#applySize(this.getBoundingClientRect().width);
    if (this.#dirty || (this.#tables && !this.#results)) {
      if (!this.#resolveReady) this.#newReadyPromise();
      this.#schedule();
    }
  }

  disconnectedCallback() {
    // A move inside the document disconnects and reconnects synchronously: only tear down
    // when the element is really gone.
    queueMicrotask(() => {
      if (!this.isConnected) this.destroy();
    });
  }

  attributeChangedCallback(name, oldValue, value) {
    if (oldValue === value) return;
    if (name === 'view') this.#showView(this.view);
    else if (name === 'heading') this.#ui.title.textContent = value || 'Customer health';
    else if (name === 'max-rows') this.#renderTable();
    else if (name === 'base-url') {
      if (this.#engine) {
        this.#stopEngine();
        this.#chartModule = null;
        if (this.#tables) this.#invalidate('data');
      }
    }
  }

  /**
   * Stops the engine worker (releasing all its wasm memory), the chart and the resize observer.
   * The element stays usable: setting `tables` again (or re-inserting it) starts a new engine.
   */
  destroy() {
    this.#run++;
    this.#stopEngine();
    this.#chart?.destroy();
    this.#chart = null;
    this.#resizeObserver?.disconnect();
    if (this.#results) this.#dirty = 'data';
    this.#settle(this.#results);
  }

  /** Scores the current tables again (e.g. after the files changed on disk). */
  refresh() {
    this.#invalidate('data');
    return this.#ready;
  }

  /** Selects an account (as a click would) and emits `account-selected`. */
  selectAccount(accountId) {
    const account = this.#results?.accounts.find((a) => a.account_id === accountId);
    if (!account) return false;
    this.#selected = accountId;
    for (const row of this.#ui.tbody.querySelectorAll('tr')) {
      row.setAttribute('aria-selected', String(row.dataset.accountId === accountId));
    }
    this.#emit('account-selected', { accountId, account });
    return true;
  }

  // ── engine ───────────────────────────────────────────────────────────────

  #stopEngine() {
    if (this.#engine) {
      this.#engine.destroy();
      this.#engine = null;
    }
  }

  #engineFor() {
    if (!this.#engine) {
      const base = this.getAttribute('base-url') ?? getDefaults().baseUrl;
      this.#engine = createEngine({ baseUrl: base });
    }
    return this.#engine;
  }

  #newReadyPromise() {
    this.#ready = new Promise((resolve) => { this.#resolveReady = resolve; });
  }

  #invalidate(what) {
    if (what === 'data' || !this.#dirty) this.#dirty = what;
    if (!this.#resolveReady) this.#newReadyPromise();
    if (this.isConnected) this.#schedule();
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Coalesce `tables` + `model` set in the same task into one run.
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.isConnected) this.#score();
    });
  }

  #scheduled = false;

  async #score() {
    const what = this.#dirty || 'data';
    this.#dirty = null;
    const run = ++this.#run;
    if (!this.#tables) {
      this.#results = null;
      this.#render();
      this.#setStatus('Waiting for data.');
      this.#settle(null);
      return;
    }
    const engine = this.#engineFor();
    this.#setStatus(what === 'data' ? 'Loading the engine and reading tables…' : 'Scoring…');
    try {
      const info = await engine.ready();
      if (run !== this.#run) return;
      this.#defaultModel = info.defaultModel;
      setVocabulary(info.vocabulary);
      this.#updateBandColors();
      const onProgress = (p) => {
        if (run === this.#run && p.phase === 'read' && p.total) {
          this.#setStatus(`Reading ${p.file}… ${Math.round((100 * p.done) / p.total)}%`);
        }
      };
      // Re-scoring needs the data still loaded in the same worker (a crashed worker restarts empty).
      const rescore = what === 'model' && this.#loadedIn === engine.starts && this.#loadedBy === engine;
      const results = rescore
        ? await engine.rescore(this.#model)
        : await engine.score(this.#tables, this.#model, { onProgress });
      this.#loadedBy = engine;
      this.#loadedIn = engine.starts;
      if (run !== this.#run) return;
      this.#results = results;
      if (this.#selected && !results.accounts.some((a) => a.account_id === this.#selected)) this.#selected = null;
      this.#render();
      this.#reportData(results);
      this.#settle(results);
    } catch (err) {
      if (run !== this.#run || err?.cancelled) return;
      const message = String(err?.message || err);
      this.#results = null;
      this.#render();
      this.#setStatus(message, true);
      this.#emit('error', { message, file: null, line: null, column: null, kind: 'engine', fatal: true });
      this.#settle(null);
    }
  }

  #defaultModel = null;
  #loadedBy = null;
  #loadedIn = 0;

  #settle(results) {
    const resolve = this.#resolveReady;
    this.#resolveReady = null;
    resolve?.(results);
  }

  #reportData(results) {
    const { summary } = results;
    const problems = dataProblems(results);
    if (summary.accounts === 0) {
      const message = problems.length
        ? `No accounts could be scored. ${problems.map((p) => p.message).join(' ')}`
        : 'No accounts could be scored: the tables hold no recognisable account data.';
      this.#setStatus(message, true);
      const first = problems[0];
      this.#emit('error', { message, file: first?.file ?? null, line: first?.line ?? null, column: first?.column ?? null, kind: first?.kind ?? 'file', fatal: true });
      return;
    }
    this.#setStatus(problems.length ? problems.map((p) => p.message).join(' · ') : '', problems.length > 0);
    this.#emit('scored', { summary, accounts: results.accounts, files: results.files, results });
    for (const p of problems) this.#emit('error', p);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  // ── rendering ────────────────────────────────────────────────────────────

  #build() {
    const title = el('h2', { class: 'title', part: 'title' }, this.getAttribute('heading') || 'Customer health');
    const summary = el('div', { class: 'summary', part: 'summary' });
    const tabs = el('div', { role: 'tablist', 'aria-label': 'View' });
    const tabButtons = {};
    for (const v of VIEWS) {
      tabButtons[v] = el('button', {
        type: 'button', role: 'tab', id: `tab-${v}`, 'aria-controls': `view-${v}`, 'data-view': v,
        onclick: () => { this.view = v; },
      }, VIEW_LABELS[v]);
      tabs.append(tabButtons[v]);
    }
    tabs.addEventListener('keydown', (e) => {
      const i = VIEWS.indexOf(this.view);
      const next = e.key === 'ArrowRight' ? VIEWS[(i + 1) % VIEWS.length]
        : e.key === 'ArrowLeft' ? VIEWS[(i + VIEWS.length - 1) % VIEWS.length]
          : e.key === 'Home' ? VIEWS[0] : e.key === 'End' ? VIEWS[VIEWS.length - 1] : null;
      if (!next) return;
      e.preventDefault();
      this.view = next;
      tabButtons[next].focus();
    });
    const status = el('div', { class: 'status', part: 'status', role: 'status', 'aria-live': 'polite' });
    const tbody = el('tbody');
    tbody.addEventListener('click', (e) => {
      const row = e.target.closest('tr[data-account-id]');
      if (row) this.selectAccount(row.dataset.accountId);
    });
    tbody.addEventListener('keydown', (e) => {
      const row = e.target.closest('tr[data-account-id]');
      if (!row) return;
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.selectAccount(row.dataset.accountId); }
      else if (e.key === 'ArrowDown') { e.preventDefault(); row.nextElementSibling?.focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); row.previousElementSibling?.focus(); }
    });
    // Column headers are buttons: a click (or Enter/Space) sorts by that column, a second one
    // reverses the order; aria-sort tells assistive technology which column is sorted.
    const headers = SORT_COLUMNS.map((c) => el('th', { class: c.cls, scope: 'col', 'data-sort': c.id },
      el('button', { type: 'button', class: 'sort', onclick: () => this.#sortBy(c.id) }, c.label)));
    const table = el('table', { part: 'table' }, el('thead', null, el('tr', null, headers)), tbody);
    const more = el('div', { class: 'more' });
    const canvas = el('canvas', { role: 'img', 'aria-label': 'Satisfaction versus usage of the scored accounts' });
    const legend = el('ul', { class: 'legend' });
    const outreach = el('ol', { class: 'outreach' });
    const views = {
      table: el('section', { class: 'view', id: 'view-table', role: 'tabpanel', 'aria-labelledby': 'tab-table' }, table, more),
      quadrant: el('section', { class: 'view', id: 'view-quadrant', role: 'tabpanel', 'aria-labelledby': 'tab-quadrant', part: 'quadrant' },
        el('div', { class: 'chart-box' }, canvas), legend),
      outreach: el('section', { class: 'view', id: 'view-outreach', role: 'tabpanel', 'aria-labelledby': 'tab-outreach', part: 'outreach' }, outreach),
    };
    const root = el('div', { class: 'root', part: 'root', 'data-size': 'wide' },
      el('header', { part: 'header' }, title, summary, tabs),
      status,
      el('div', { class: 'views' }, Object.values(views)));
    this.shadowRoot.append(root);
    this.#ui = { root, title, summary, tabs: tabButtons, status, tbody, more, canvas, legend, outreach, views };
    this.#showView(this.view);
    this.#setStatus('Waiting for data.');
  }

  #setStatus(text, isError = false) {
    this.#ui.status.textContent = text;
    this.#ui.status.classList.toggle('error', Boolean(isError && text));
  }

  #applySize(width) {
    if (!width) return;
    const size = width < NARROW ? 'narrow' : width < WIDE ? 'medium' : 'wide';
    if (size !== this.#size) {
      this.#size = size;
      this.#ui.root.dataset.size = size;
      this.dispatchEvent(new CustomEvent('panel-resize', { detail: { width, size } }));
    }
    this.#chart?.resize();
  }

  #showView(view) {
    for (const v of VIEWS) {
      this.#ui.views[v].hidden = v !== view;
      this.#ui.tabs[v].setAttribute('aria-selected', String(v === view));
      this.#ui.tabs[v].tabIndex = v === view ? 0 : -1;
    }
    if (view === 'quadrant') this.#renderChart();
  }

  #updateBandColors() {
    this.#bandColors.clear();
    let model = this.#model ?? this.#defaultModel;
    if (typeof model === 'string') {
      try { model = JSON.parse(model); } catch { model = this.#defaultModel; }
    }
    for (const b of model?.bands || []) this.#bandColors.set(b.id, b.color);
  }

  #quadColor(q) {
    return getComputedStyle(this).getPropertyValue(quadrantVar(q)).trim() || this.#engine?.info?.vocabulary.quadrants.find((d) => d.id === q)?.color || '#98a2b3';
  }

  #bandColor(id) {
    return this.#bandColors.get(id) || '#98a2b3';
  }

  #look() {
    return { bandColor: (id) => this.#bandColor(id), quadColor: (q) => this.#quadColor(q) };
  }

  #render() {
    this.#renderSummary();
    this.#renderTable();
    this.#renderOutreach();
    if (this.view === 'quadrant') this.#renderChart();
    else if (this.#chart) { this.#chart.destroy(); this.#chart = null; }
  }

  #renderSummary() {
    renderSummary(this.#ui.summary, this.#results);
  }

  #sortBy(column) {
    this.#sort = nextSort(this.#sort, column);
    this.#renderTable();
  }

  #renderTable() {
    if (!this.#ui) return;
    const maxRows = Math.max(1, Number.parseInt(this.getAttribute('max-rows') || '100', 10) || 100);
    renderRows(this.#ui, this.#results, { sort: this.#sort, selected: this.#selected, maxRows, look: this.#look() });
  }

  #renderOutreach() {
    renderOutreach(this.#ui.outreach, this.#results, (id) => this.selectAccount(id));
  }

  async #loadChart() {
    if (!this.#chartModule) {
      const base = resolveBaseUrl(this.getAttribute('base-url') ?? getDefaults().baseUrl);
      const url = new URL('widget/chart.js', base).href;
      this.#chartModule = import(/* webpackIgnore: true */ url);
    }
    return this.#chartModule;
  }

  async #renderChart() {
    const r = this.#results;
    this.#ui.legend.replaceChildren();
    if (!r) return;
    renderLegend(this.#ui.legend, r, (q) => this.#quadColor(q));
    let mod;
    try {
      mod = await this.#loadChart();
    } catch (err) {
      this.#chartModule = null;
      this.#setStatus(`The chart could not be loaded: ${err?.message || err}`, true);
      return;
    }
    if (this.#results !== r || this.view !== 'quadrant' || !this.isConnected) return;
    const styles = getComputedStyle(this);
    const look = {
      bandColor: (id) => this.#bandColor(id),
      grid: styles.getPropertyValue('--ch-grid').trim() || '#eef0f4',
      axis: styles.getPropertyValue('--ch-muted').trim() || '#5b6474',
      cut: styles.getPropertyValue('--ch-cut').trim() || '#667085',
    };
    this.#chart?.destroy();
    this.#chart = new mod.Chart(this.#ui.canvas, chartConfig(r, look, (id) => this.selectAccount(id)));
  }
}

/** Registers the element (idempotent). Importing this module registers it under its default name. */
export function defineCustomerHealthPanel(name = 'customer-health-panel') {
  if (!customElements.get(name)) customElements.define(name, class extends CustomerHealthPanel {});
  return customElements.get(name);
}

if (!customElements.get('customer-health-panel')) customElements.define('customer-health-panel', CustomerHealthPanel);

export { init, score, createEngine } from '../lib/index.js';
