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
import { CSS } from './styles.js';

const VIEWS = ['table', 'quadrant', 'outreach'];

/** Outreach order: priority rank, then lower health first, then id. */
const byPriority = (a, b) => (a.priority?.rank ?? Infinity) - (b.priority?.rank ?? Infinity)
  || (a.health_score ?? 101) - (b.health_score ?? 101)
  || a.account_id.localeCompare(b.account_id);

/** The table's columns and how each sorts (`descending`: the first click's direction). */
const SORT_COLUMNS = [
  { id: 'rank', label: '#', cls: 'num', key: (a) => a.priority?.rank, descending: false },
  { id: 'name', label: 'Account', cls: '', key: (a) => (a.name || a.account_id).toLowerCase(), descending: false },
  { id: 'score', label: 'Health', cls: '', key: (a) => a.health_score, descending: false },
  { id: 'trend', label: 'Trend', cls: 'num wide-only', key: (a) => a.trend, descending: false },
  { id: 'quadrant', label: 'Quadrant', cls: '', key: (a) => a.quadrant, descending: false },
  { id: 'warnings', label: 'Warnings', cls: 'wide-only', key: (a) => a.flags.length, descending: true },
  { id: 'arr', label: 'ARR', cls: 'num wide-only', key: (a) => a.arr, descending: true },
];
const VIEW_LABELS = { table: 'Table', quadrant: 'Quadrant', outreach: 'Outreach' };

const QUADRANTS = {
  champion: { label: 'Champion', varName: '--ch-q-champion', color: '#1f7a4d' },
  under_user: { label: 'Under-user', varName: '--ch-q-under-user', color: '#2f6fb5' },
  cry_for_help: { label: 'Cry for help', varName: '--ch-q-cry-for-help', color: '#a15c00' },
  at_risk: { label: 'At risk', varName: '--ch-q-at-risk', color: '#b42318' },
};

const FLAG_LABELS = {
  usage_trap: 'Usage trap',
  usage_decline: 'Usage decline',
  seat_under_use: 'Seat under-use',
  champion_loss: 'Champion loss',
  release_disruption: 'Release disruption',
  silence: 'Silence',
  ticket_surge: 'Ticket surge',
  competitor_mention: 'Competitor mention',
};

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

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k === 'style') for (const [p, val] of Object.entries(v)) node.style.setProperty(p, val);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
const fmtScore = (v) => (isNum(v) ? Math.round(v).toString() : '–');
function fmtMoney(v) {
  if (!isNum(v)) return '–';
  const abs = Math.abs(v);
  if (abs >= 1e6) return `$${(v / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `$${(v / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return `$${Math.round(v)}`;
}
function fmtTrend(v) {
  if (!isNum(v)) return '–';
  const r = Math.round(v);
  return r > 0 ? `+${r}` : r < 0 ? `−${Math.abs(r)}` : '0';
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
    const problems = [];
    for (const f of results.files) {
      if (f.error) {
        problems.push({ message: `${f.name}: ${f.error}`, file: f.name, line: null, column: null, kind: 'file', fatal: false });
      } else if (f.rows_rejected > 0) {
        const first = f.issues.find((i) => i.severity === 'rejected') || null;
        const n = f.rows_rejected;
        problems.push({
          message: `${f.name}: ${n} row${n === 1 ? '' : 's'} rejected${first ? `; first at line ${first.line}: ${first.reason}` : ''}`,
          file: f.name,
          line: first ? first.line : null,
          column: first ? first.column : null,
          kind: 'rows',
          fatal: false,
        });
      }
    }
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
    const d = QUADRANTS[q];
    if (!d) return '#98a2b3';
    return getComputedStyle(this).getPropertyValue(d.varName).trim() || d.color;
  }

  #render() {
    this.#renderSummary();
    this.#renderTable();
    this.#renderOutreach();
    if (this.view === 'quadrant') this.#renderChart();
    else if (this.#chart) { this.#chart.destroy(); this.#chart = null; }
  }

  #renderSummary() {
    const r = this.#results;
    const s = this.#ui.summary;
    s.replaceChildren();
    if (!r) return;
    const sum = r.summary;
    const flagged = r.accounts.filter((a) => a.flags.length).length;
    s.append(
      el('span', { 'data-stat': 'accounts' }, el('b', null, String(sum.accounts)), ' accounts'),
      el('span', { 'data-stat': 'mean' }, 'mean health ', el('b', null, fmtScore(sum.mean_score))),
      el('span', { 'data-stat': 'risk' }, el('b', null, fmtMoney(sum.revenue_at_risk)), ' ARR at risk'),
      el('span', { 'data-stat': 'flagged' }, el('b', null, String(flagged)), ' with warnings'),
      el('span', { class: 'muted' }, `as of ${sum.as_of}`));
  }

  /** Accounts in outreach order (priority rank first). */
  #sortedAccounts() {
    const list = [...(this.#results?.accounts || [])];
    list.sort(byPriority);
    return list;
  }

  /** Accounts in the table's order: the chosen column, ties in outreach order. */
  #tableAccounts() {
    const list = this.#sortedAccounts();
    const column = SORT_COLUMNS.find((c) => c.id === this.#sort.column) || SORT_COLUMNS[0];
    const sign = this.#sort.descending ? -1 : 1;
    // Missing values sort last in either direction.
    const keyed = list.map((a, i) => ({ a, i, k: column.key(a) }));
    keyed.sort((x, y) => {
      const xm = x.k === null || x.k === undefined, ym = y.k === null || y.k === undefined;
      if (xm !== ym) return xm ? 1 : -1;
      if (!xm && x.k !== y.k) return sign * (typeof x.k === 'string' ? x.k.localeCompare(y.k) : x.k - y.k);
      return x.i - y.i;
    });
    return keyed.map((x) => x.a);
  }

  #sortBy(column) {
    const spec = SORT_COLUMNS.find((c) => c.id === column);
    if (!spec) return;
    this.#sort = this.#sort.column === column
      ? { column, descending: !this.#sort.descending }
      : { column, descending: spec.descending };
    this.#renderTable();
  }

  #renderTable() {
    if (!this.#ui) return;
    const { tbody, more } = this.#ui;
    tbody.replaceChildren();
    more.textContent = '';
    for (const th of this.#ui.root.querySelectorAll('th[data-sort]')) {
      const on = th.dataset.sort === this.#sort.column;
      if (on) th.setAttribute('aria-sort', this.#sort.descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
    const all = this.#tableAccounts();
    if (!all.length) return;
    const max = Math.max(1, Number.parseInt(this.getAttribute('max-rows') || '100', 10) || 100);
    const shown = all.slice(0, max);
    const frag = document.createDocumentFragment();
    for (const a of shown) {
      const bandColor = this.#bandColors.get(a.band) || '#98a2b3';
      const flags = a.flags.map((f) => FLAG_LABELS[f.flag] || f.flag);
      frag.append(el('tr', {
        tabindex: '0', 'data-account-id': a.account_id, 'aria-selected': String(a.account_id === this.#selected),
        title: a.priority?.reason || '',
      },
      el('td', { class: 'num muted' }, a.priority ? String(a.priority.rank) : '–'),
      el('td', { class: 'name' }, a.name || a.account_id),
      el('td', { 'data-col': 'score' }, el('span', { class: 'score' },
        el('span', { class: 'bar', style: { '--band': bandColor } }, el('i', { style: { width: `${isNum(a.health_score) ? Math.round(a.health_score) : 0}%` } })),
        fmtScore(a.health_score))),
      el('td', { class: `num wide-only ${isNum(a.trend) ? (a.trend < -0.5 ? 'down' : a.trend > 0.5 ? 'up' : '') : 'muted'}` }, fmtTrend(a.trend)),
      el('td', null, a.quadrant
        ? el('span', { class: 'chip', style: { '--q': this.#quadColor(a.quadrant) } }, QUADRANTS[a.quadrant].label)
        : el('span', { class: 'muted' }, '–')),
      el('td', { class: 'wide-only', title: a.flags.map((f) => f.evidence).join('\n') }, flags.length ? flags.join(', ') : el('span', { class: 'muted' }, '–')),
      el('td', { class: 'num wide-only' }, fmtMoney(a.arr))));
    }
    tbody.append(frag);
    if (all.length > shown.length) {
      const label = SORT_COLUMNS.find((c) => c.id === this.#sort.column)?.label || '';
      const order = this.#sort.column === 'rank' && !this.#sort.descending ? 'by outreach priority' : `sorted by ${label}`;
      more.textContent = `Showing the first ${shown.length} of ${all.length} accounts, ${order}.`;
    }
  }

  #renderOutreach() {
    const list = this.#ui.outreach;
    list.replaceChildren();
    const accounts = this.#sortedAccounts().filter((a) => a.priority).slice(0, 25);
    for (const a of accounts) {
      list.append(el('li', {
        class: 'out-item', tabindex: '0', 'data-account-id': a.account_id,
        onclick: () => this.selectAccount(a.account_id),
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.selectAccount(a.account_id); } },
      },
      el('span', { class: 'out-rank' }, `#${a.priority.rank}`),
      el('span', { class: 'out-name' }, a.name || a.account_id),
      el('span', { class: 'out-risk' }, isNum(a.priority.revenue_at_risk) ? `${fmtMoney(a.priority.revenue_at_risk)} at risk` : ''),
      el('span', { class: 'out-play' }, a.priority.play)));
    }
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
    const { legend } = this.#ui;
    legend.replaceChildren();
    if (!r) return;
    const placed = r.accounts.filter((a) => isNum(a.satisfaction_index) && isNum(a.usage_index));
    const counts = Object.fromEntries(Object.keys(QUADRANTS).map((q) => [q, 0]));
    for (const a of r.accounts) if (a.quadrant) counts[a.quadrant] += 1;
    for (const [q, d] of Object.entries(QUADRANTS)) {
      legend.append(el('li', { 'data-quadrant': q }, el('i', { style: { '--q': this.#quadColor(q) } }), `${d.label} ${counts[q]}`));
    }
    if (placed.length < r.accounts.length) legend.append(el('li', null, `${r.accounts.length - placed.length} not placed (no survey or usage data)`));
    let mod;
    try {
      mod = await this.#loadChart();
    } catch (err) {
      this.#chartModule = null;
      this.#setStatus(`The chart could not be loaded: ${err?.message || err}`, true);
      return;
    }
    if (this.#results !== r || this.view !== 'quadrant' || !this.isConnected) return;
    const { Chart } = mod;
    const maxArr = Math.max(1, ...placed.map((a) => a.arr || 0));
    const points = placed.map((a) => ({ x: a.usage_index, y: a.satisfaction_index, r: 3 + Math.sqrt((a.arr || 0) / maxArr) * 14, a }));
    const styles = getComputedStyle(this);
    const grid = styles.getPropertyValue('--ch-grid').trim() || '#eef0f4';
    const axis = styles.getPropertyValue('--ch-muted').trim() || '#5b6474';
    const cutColor = styles.getPropertyValue('--ch-cut').trim() || '#667085';
    const cuts = { x: r.summary.usage_cut, y: r.summary.satisfaction_cut };
    const cutPlugin = {
      id: 'chCuts',
      beforeDatasetsDraw(c) {
        const { ctx, chartArea: area, scales: { x, y } } = c;
        if (!area || !isNum(cuts.x) || !isNum(cuts.y)) return;
        const cx = x.getPixelForValue(cuts.x);
        const cy = y.getPixelForValue(cuts.y);
        ctx.save();
        ctx.strokeStyle = cutColor;
        ctx.setLineDash([5, 4]);
        ctx.beginPath();
        ctx.moveTo(cx, area.top); ctx.lineTo(cx, area.bottom);
        ctx.moveTo(area.left, cy); ctx.lineTo(area.right, cy);
        ctx.stroke();
        ctx.restore();
      },
    };
    this.#chart?.destroy();
    this.#chart = new Chart(this.#ui.canvas, {
      type: 'bubble',
      data: {
        datasets: [{
          data: points,
          backgroundColor: points.map((p) => `${this.#bandColors.get(p.a.band) || '#98a2b3'}b3`),
          borderColor: points.map((p) => this.#bandColors.get(p.a.band) || '#98a2b3'),
          borderWidth: 1,
        }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { min: 0, max: 100, title: { display: true, text: 'Usage index', color: axis }, grid: { color: grid }, ticks: { color: axis } },
          y: { min: 0, max: 100, title: { display: true, text: 'Satisfaction index', color: axis }, grid: { color: grid }, ticks: { color: axis } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) => {
                const a = item.raw.a;
                return [`${a.name || a.account_id}`, `Health ${fmtScore(a.health_score)} · ARR ${fmtMoney(a.arr)}`];
              },
            },
          },
        },
        onClick: (_e, elements) => {
          if (elements.length) this.selectAccount(points[elements[0].index].a.account_id);
        },
      },
      plugins: [cutPlugin],
    });
  }
}

/** Registers the element (idempotent). Importing this module registers it under its default name. */
export function defineCustomerHealthPanel(name = 'customer-health-panel') {
  if (!customElements.get(name)) customElements.define(name, class extends CustomerHealthPanel {});
  return customElements.get(name);
}

if (!customElements.get('customer-health-panel')) customElements.define('customer-health-panel', CustomerHealthPanel);

export { init, score, createEngine } from '../lib/index.js';
