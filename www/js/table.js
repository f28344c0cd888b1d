// The accounts table: sortable, filterable and virtualised (only the visible rows exist in
// the DOM, so 50 000 accounts scroll as smoothly as 50).
import { h, mount, icon, debounce } from './dom.js';
import { SEGMENT_DIMENSIONS } from './format.js';
import { score, signed, arrCell, pct, quadrantLabel, flagLabel, QUADRANTS, QUADRANT_ORDER, FLAGS, bandOf, isNum, isLowCoverage, lowCoverageShare, noQuadrantReason } from './format.js';
import { bandChip } from './confidence.js';

const OVERSCAN = 8;
// The band filter's choice for scores on low coverage (confidence.js), beside the bands; its
// value starts with a NUL, as the segment choices do, so it cannot clash with a band id.
const LOW_COVERAGE = '\u0000low-coverage';
/** The band filter's value that lists the scores on low coverage. */
export const LOW_COVERAGE_FILTER = LOW_COVERAGE;
// Phones show each account as a two-line card (app.css, max-width 640px): taller rows.
const CARDS = window.matchMedia('(max-width: 640px)');
const rowHeight = () => (CARDS.matches ? 76 : 44);
let ROW_H = rowHeight();

const COLUMNS = [
  { id: 'rank', label: 'Rank', sort: (a) => a.priority?.rank ?? Infinity, cls: 'num', width: '64px' },
  { id: 'name', label: 'Account', sort: (a) => (a.name || a.account_id).toLowerCase(), width: 'minmax(150px, 2fr)' },
  { id: 'score', label: 'Health', sort: (a) => a.health_score ?? -1, width: '170px', defaultDesc: false },
  { id: 'trend', label: 'Trend', sort: (a) => a.trend ?? -Infinity, cls: 'num', width: '74px' },
  { id: 'quadrant', label: 'Quadrant', sort: (a) => (a.quadrant ? QUADRANT_ORDER.indexOf(a.quadrant) : 9), width: '116px' },
  { id: 'value', label: 'Value', sort: (a) => a.value_realized ?? -1, width: '112px' },
  { id: 'flags', label: 'Warnings', sort: (a) => a.flags.length, width: 'minmax(120px, 1.4fr)', defaultDesc: true },
  { id: 'arr', label: 'ARR', sort: (a) => a.arr ?? -1, cls: 'num', width: '92px', defaultDesc: true },
  { id: 'risk', label: 'At risk', sort: (a) => a.priority?.revenue_at_risk ?? -1, cls: 'num', width: '92px', defaultDesc: true },
];
// Columns the user can hide (views.js); rank, account and health always show.
export const HIDEABLE = COLUMNS.filter((c) => !['rank', 'name', 'score'].includes(c.id)).map((c) => ({ id: c.id, label: c.label }));

export class AccountsTable {
  constructor(el, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.sortBy = 'rank';
    this.desc = false;
    this.filters = { text: '', band: '', quadrant: '', flag: '', segment: '' };
    this.hidden = new Set();
    this.template = COLUMNS.map((c) => c.width).join(' ');
    this.rows = [];
    this.active = 0;
    this.build();
  }

  build() {
    const search = this.search = h('input', { type: 'search', id: 'filter-text', placeholder: 'Search name, ID, owner, plan…', autocomplete: 'off', 'aria-label': 'Search accounts' });
    search.addEventListener('input', debounce(() => { this.filters.text = search.value.trim().toLowerCase(); this.apply(); }, 120));
    this.bandSelect = h('select', { id: 'filter-band', 'aria-label': 'Filter by band' });
    this.quadSelect = h('select', { id: 'filter-quadrant', 'aria-label': 'Filter by quadrant' },
      h('option', { value: '' }, 'All quadrants'),
      QUADRANT_ORDER.map((q) => h('option', { value: q }, QUADRANTS[q].label)),
      h('option', { value: 'none' }, 'No quadrant (missing data)'));
    this.flagSelect = h('select', { id: 'filter-flag', 'aria-label': 'Filter by early warning' },
      h('option', { value: '' }, 'Any warnings'),
      h('option', { value: 'any' }, 'With a warning'),
      Object.entries(FLAGS).map(([f, d]) => h('option', { value: f }, d.label)));
    this.segSelect = h('select', { id: 'filter-segment', 'aria-label': 'Filter by segment' });
    for (const [sel, key] of [[this.bandSelect, 'band'], [this.quadSelect, 'quadrant'], [this.flagSelect, 'flag'], [this.segSelect, 'segment']]) {
      sel.addEventListener('change', () => { this.filters[key] = sel.value; this.apply(); });
    }
    this.countEl = h('span', { class: 'muted', id: 'table-count', 'aria-live': 'polite' });
    this.head = h('div', { class: 'vt-head', role: 'row', style: { 'grid-template-columns': this.template } });
    this.spacer = h('div', { class: 'vt-spacer' });
    this.body = h('div', { class: 'vt-rows', role: 'rowgroup' });
    this.scroller = h('div', { class: 'vt-scroll' }, this.spacer, this.body);
    this.grid = h('div', { class: 'vt', role: 'grid', id: 'accounts-grid', tabindex: '0', 'aria-label': 'Scored accounts — arrow keys move, Enter opens the account' },
      h('div', { role: 'rowgroup' }, this.head), this.scroller);
    this.empty = h('p', { class: 'empty', hidden: true }, 'No account matches these filters.');
    mount(this.el,
      h('div', { class: 'view-head table-head' },
        h('div', { class: 'title-line' }, h('h2', null, 'Accounts'), this.countEl),
        h('div', { class: 'toolbar', role: 'search' }, search, this.bandSelect, this.quadSelect, this.flagSelect, this.segSelect),
        this.ctx.viewBar?.(this)),
      this.grid,
      h('p', { class: 'muted small table-hint' }, 'Sorted by outreach priority unless you choose a column. Click a row — or use the arrow keys and Enter — for the explanation of the score.'),
      this.empty);
    // Scroll position and height are cached from events so that painting never forces a
    // synchronous layout (which would show up as a long task on big pages).
    this.scrollTop = 0;
    this.viewHeight = Math.max(300, window.innerHeight - 330);
    this.scroller.addEventListener('scroll', () => { this.scrollTop = this.scroller.scrollTop; this.paint(); }, { passive: true });
    this.grid.addEventListener('keydown', (e) => { if (e.target === this.grid || e.target.classList?.contains('vt-row')) this.key(e); });
    new ResizeObserver((entries) => {
      const height = entries[entries.length - 1].contentRect.height;
      if (height > 0) this.viewHeight = height;
      this.paint();
    }).observe(this.scroller);
    this.renderHead();
    CARDS.addEventListener('change', () => { ROW_H = rowHeight(); this.apply(); });
  }

  renderHead() {
    this.head.style.setProperty('grid-template-columns', this.template);
    mount(this.head, COLUMNS.filter((c) => !this.hidden.has(c.id)).map((c) => {
      const sorted = this.sortBy === c.id;
      return h('div', { role: 'columnheader', class: c.cls || '', 'aria-sort': sorted ? (this.desc ? 'descending' : 'ascending') : 'none' },
        h('button', { type: 'button', class: 'sort-btn', 'data-sort': c.id, onclick: () => this.sort(c.id) },
          c.label, h('span', { class: 'sort-ind', 'aria-hidden': 'true' }, sorted ? (this.desc ? '▼' : '▲') : '')));
    }));
  }

  sort(id) {
    if (this.sortBy === id) this.desc = !this.desc;
    else {
      this.sortBy = id;
      this.desc = Boolean(COLUMNS.find((c) => c.id === id).defaultDesc);
    }
    this.renderHead();
    this.apply();
  }

  setResults(results, model) {
    this.results = results;
    this.model = model;
    const bands = model?.bands || [];
    const keep = this.bandSelect.value;
    mount(this.bandSelect, h('option', { value: '' }, 'All bands'),
      [...bands].reverse().map((b) => h('option', { value: b.id, selected: b.id === keep }, b.label)),
      h('option', { value: LOW_COVERAGE, selected: keep === LOW_COVERAGE }, `Low coverage (under ${pct(lowCoverageShare())} of the weight)`),
      h('option', { value: 'none', selected: keep === 'none' }, 'Not scored'));
    const keepSeg = this.segSelect.value;
    const groups = new Map();
    for (const seg of results?.segments || []) {
      if (!groups.has(seg.dimension)) groups.set(seg.dimension, []);
      groups.get(seg.dimension).push(seg.label);
    }
    mount(this.segSelect, h('option', { value: '' }, 'All segments'),
      [...groups.entries()].map(([dim, labels]) => h('optgroup', { label: SEGMENT_DIMENSIONS[dim] || dim },
        labels.map((label) => h('option', { value: `${dim}\u0000${label}`, selected: `${dim}\u0000${label}` === keepSeg }, label)))));
    this.filters.segment = this.segSelect.value;
    this.apply();
  }

  apply() {
    const list = this.results?.accounts || [];
    const { text, band, quadrant, flag, segment } = this.filters;
    const [segDim, segLabel] = segment ? segment.split('\u0000') : [null, null];
    let rows = list.filter((a) => {
      if (segDim && a.segments?.[segDim] !== segLabel) return false;
      if (band === LOW_COVERAGE) {
        if (!isLowCoverage(a)) return false;
      } else if (band && (band === 'none' ? a.band : a.band !== band)) return false;
      if (quadrant && (quadrant === 'none' ? a.quadrant : a.quadrant !== quadrant)) return false;
      if (flag === 'any' && a.flags.length === 0) return false;
      if (flag && flag !== 'any' && !a.flags.some((f) => f.flag === flag)) return false;
      if (text) {
        const hay = `${a.name || ''} ${a.account_id} ${a.owner || ''} ${a.plan || ''} ${a.region || ''}`.toLowerCase();
        if (!hay.includes(text)) return false;
      }
      return true;
    });
    const col = COLUMNS.find((c) => c.id === this.sortBy);
    const dir = this.desc ? -1 : 1;
    rows = rows.map((a, i) => [col.sort(a), i, a]).sort((x, y) => (x[0] < y[0] ? -dir : x[0] > y[0] ? dir : x[1] - y[1])).map((x) => x[2]);
    this.rows = rows;
    this.active = Math.min(this.active, Math.max(0, rows.length - 1));
    this.grid.setAttribute('aria-rowcount', String(rows.length + 1));
    this.countEl.textContent = rows.length === list.length ? `${list.length.toLocaleString('en-US')} accounts` : `${rows.length.toLocaleString('en-US')} of ${list.length.toLocaleString('en-US')} accounts`;
    this.empty.hidden = rows.length > 0;
    this.spacer.style.height = `${rows.length * ROW_H}px`;
    this.scrollTop = Math.min(this.scrollTop, Math.max(0, rows.length * ROW_H - this.viewHeight));
    this.paint(true);
  }

  paint(force = false) {
    const top = this.scrollTop;
    const height = this.viewHeight;
    const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_H) + OVERSCAN);
    if (!force && first === this.first && last === this.last) return;
    this.first = first;
    this.last = last;
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) frag.appendChild(this.row(this.rows[i], i));
    this.body.replaceChildren(frag);
    if (this.active >= first && this.active < last) this.grid.setAttribute('aria-activedescendant', `acct-row-${this.active}`);
    else this.grid.removeAttribute('aria-activedescendant');
  }

  row(a, i) {
    const cells = this.cells(a);
    const el = h('div', {
      role: 'row', id: `acct-row-${i}`, tabindex: '-1', class: `vt-row${i === this.active ? ' active' : ''}`, 'aria-rowindex': String(i + 2), 'aria-selected': String(i === this.active),
      'data-account': a.account_id, style: { top: `${i * ROW_H}px`, 'grid-template-columns': this.template },
      onclick: () => { this.active = i; this.ctx.openAccount(a.account_id); },
    }, cells);
    // Hidden columns stay in the row (the phone card layout places cells by position) but
    // are not drawn, so they take no track of the grid.
    COLUMNS.forEach((c, k) => { if (this.hidden.has(c.id)) cells[k].style.display = 'none'; });
    return el;
  }

  /** The current filters, sort and hidden columns (a saved or shared view, views.js). */
  getView() {
    return { filters: { ...this.filters }, sort: { by: this.sortBy, desc: this.desc }, hidden: [...this.hidden] };
  }

  /** Applies a view; unknown parts are ignored, missing parts reset to the defaults. */
  setView(view) {
    const f = view?.filters || {};
    this.filters = { text: '', band: '', quadrant: '', flag: '', segment: '' };
    this.search.value = typeof f.text === 'string' ? f.text : '';
    this.filters.text = this.search.value.trim().toLowerCase();
    for (const [sel, key] of [[this.bandSelect, 'band'], [this.quadSelect, 'quadrant'], [this.flagSelect, 'flag'], [this.segSelect, 'segment']]) {
      sel.value = typeof f[key] === 'string' ? f[key] : '';
      if (sel.value !== (f[key] || '')) sel.value = ''; // a value this data does not have
      this.filters[key] = sel.value;
    }
    const col = COLUMNS.find((c) => c.id === view?.sort?.by);
    this.sortBy = col ? col.id : 'rank';
    this.desc = col ? Boolean(view.sort.desc) : false;
    this.setHidden(Array.isArray(view?.hidden) ? view.hidden : []);
  }

  setHidden(ids) {
    this.hidden = new Set(ids.filter((id) => HIDEABLE.some((c) => c.id === id)));
    this.template = COLUMNS.filter((c) => !this.hidden.has(c.id)).map((c) => c.width).join(' ');
    this.renderHead();
    this.apply();
  }

  cells(a) {
    const band = bandOf(this.model, a.band);
    const trendIcon = !isNum(a.trend) ? null : a.trend > 1 ? 'up' : a.trend < -1 ? 'down' : 'flat';
    return [
    h('div', { role: 'gridcell', class: 'num rank' }, a.priority ? `#${a.priority.rank}` : '—'),
    h('div', { role: 'gridcell', class: 'acct', title: a.name || a.account_id }, h('span', { class: 'acct-name' }, a.name || a.account_id), h('span', { class: 'acct-id' }, a.name ? a.account_id : a.plan || '')),
    h('div', { role: 'gridcell', class: 'health' },
      h('span', { class: 'score-num' }, score(a.health_score)),
      bandChip(a, band),
      isNum(a.churn_probability) ? h('span', { class: 'churn-p', title: 'Churn probability (learned model, calibrated out of fold)' }, `${pct(a.churn_probability)} churn`) : null),
    h('div', { role: 'gridcell', class: `num trend ${trendIcon || ''}`, title: isNum(a.previous_score) ? `Previous score ${score(a.previous_score)}` : 'No earlier score' },
      trendIcon ? icon(trendIcon, 14) : null, isNum(a.trend) ? signed(a.trend) : '—'),
    h('div', { role: 'gridcell' }, a.quadrant ? h('span', { class: 'quad', style: { '--q': QUADRANTS[a.quadrant].color } }, h('span', { class: 'dot' }), quadrantLabel(a.quadrant)) : h('span', { class: 'muted no-quad', title: noQuadrantReason(a), 'aria-label': noQuadrantReason(a) }, '—')),
    h('div', { role: 'gridcell', class: 'value' }, isNum(a.value_realized)
      ? [h('span', { class: 'meter', 'aria-hidden': 'true' }, h('span', { style: { width: `${Math.round(a.value_realized * 100)}%` } })), pct(a.value_realized)]
      : h('span', { class: 'muted' }, 'no goals')),
    h('div', { role: 'gridcell', class: 'flags', title: a.flags.map((f) => flagLabel(f.flag)).join(', ') || null },
      a.flags.slice(0, 1).map((f) => h('span', { class: 'flag', title: f.evidence }, flagLabel(f.flag))),
      a.flags.length > 1 ? h('span', { class: 'flag more', 'aria-label': `${a.flags.length - 1} more warnings` }, `+${a.flags.length - 1}`) : null,
      // Shown instead of the two above when the cell is too narrow for them (layout.css).
      a.flags.length > 1 ? h('span', { class: 'flag count' }, `${a.flags.length} warnings`) : null),
    h('div', { role: 'gridcell', class: 'num', title: a.arr == null ? null : `$${Math.round(a.arr).toLocaleString('en-US')}` }, arrCell(a.arr)),
    h('div', { role: 'gridcell', class: 'num' }, arrCell(a.priority?.revenue_at_risk))];
  }

  key(e) {
    if (!this.rows.length) return;
    const page = Math.max(1, Math.floor(this.viewHeight / ROW_H) - 1);
    let next = this.active;
    if (e.key === 'ArrowDown') next++;
    else if (e.key === 'ArrowUp') next--;
    else if (e.key === 'PageDown') next += page;
    else if (e.key === 'PageUp') next -= page;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = this.rows.length - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.ctx.openAccount(this.rows[this.active].account_id);
      return;
    } else return;
    e.preventDefault();
    this.active = Math.max(0, Math.min(this.rows.length - 1, next));
    const y = this.active * ROW_H;
    if (y < this.scrollTop) this.scroller.scrollTop = y;
    else if (y + ROW_H > this.scrollTop + this.viewHeight) this.scroller.scrollTop = y + ROW_H - this.viewHeight;
    this.scrollTop = this.scroller.scrollTop;
    this.paint(true);
  }
}
