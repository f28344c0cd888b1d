// The widget's table and outreach views: ordering and rows. Labels come from the engine's
// vocabulary (www/lib/vocabulary.js), shared with the app.
import { el, isNum, fmtScore, fmtMoney, fmtTrend } from './dom.js';
import { QUADRANTS, flagLabel, quadrantLabel } from '../lib/vocabulary.js';

/** Outreach order: priority rank, then lower health first, then id. */
const byPriority = (a, b) => (a.priority?.rank ?? Infinity) - (b.priority?.rank ?? Infinity)
  || (a.health_score ?? 101) - (b.health_score ?? 101)
  || a.account_id.localeCompare(b.account_id);

/** The table's columns and how each sorts (`descending`: the first click's direction). */
export const SORT_COLUMNS = [
  { id: 'rank', label: '#', cls: 'num', key: (a) => a.priority?.rank, descending: false },
  { id: 'name', label: 'Account', cls: '', key: (a) => (a.name || a.account_id).toLowerCase(), descending: false },
  { id: 'score', label: 'Health', cls: '', key: (a) => a.health_score, descending: false },
  { id: 'trend', label: 'Trend', cls: 'num wide-only', key: (a) => a.trend, descending: false },
  { id: 'quadrant', label: 'Quadrant', cls: '', key: (a) => a.quadrant, descending: false },
  { id: 'warnings', label: 'Warnings', cls: 'wide-only', key: (a) => a.flags.length, descending: true },
  { id: 'arr', label: 'ARR', cls: 'num wide-only', key: (a) => a.arr, descending: true },
];

/** Accounts in outreach order (priority rank first). */
export function outreachOrder(results) {
  const list = [...(results?.accounts || [])];
  list.sort(byPriority);
  return list;
}

/** Accounts in the table's order: the chosen column, ties in outreach order, missing last. */
export function tableOrder(results, sort) {
  const column = SORT_COLUMNS.find((c) => c.id === sort.column) || SORT_COLUMNS[0];
  const sign = sort.descending ? -1 : 1;
  const keyed = outreachOrder(results).map((a, i) => ({ a, i, k: column.key(a) }));
  keyed.sort((x, y) => {
    const xm = x.k === null || x.k === undefined, ym = y.k === null || y.k === undefined;
    if (xm !== ym) return xm ? 1 : -1;
    if (!xm && x.k !== y.k) return sign * (typeof x.k === 'string' ? x.k.localeCompare(y.k) : x.k - y.k);
    return x.i - y.i;
  });
  return keyed.map((x) => x.a);
}

/** The next sort after a click on `column`: the same column reverses, another starts fresh. */
export function nextSort(current, column) {
  const spec = SORT_COLUMNS.find((c) => c.id === column);
  if (!spec) return current;
  return current.column === column ? { column, descending: !current.descending } : { column, descending: spec.descending };
}

/** Fills the table body: `look` = { bandColor(id), quadColor(id) }. */
export function renderRows(ui, results, { sort, selected, maxRows, look }) {
  const { tbody, more, root } = ui;
  tbody.replaceChildren();
  more.textContent = '';
  for (const th of root.querySelectorAll('th[data-sort]')) {
    if (th.dataset.sort === sort.column) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
    else th.removeAttribute('aria-sort');
  }
  const all = tableOrder(results, sort);
  if (!all.length) return;
  const shown = all.slice(0, maxRows);
  const frag = document.createDocumentFragment();
  for (const a of shown) frag.append(row(a, selected, look));
  tbody.append(frag);
  if (all.length > shown.length) {
    const label = SORT_COLUMNS.find((c) => c.id === sort.column)?.label || '';
    const order = sort.column === 'rank' && !sort.descending ? 'by outreach priority' : `sorted by ${label}`;
    more.textContent = `Showing the first ${shown.length} of ${all.length} accounts, ${order}.`;
  }
}

function row(a, selected, look) {
  const bandColor = look.bandColor(a.band);
  const flags = a.flags.map((f) => flagLabel(f.flag));
  const trendClass = isNum(a.trend) ? (a.trend < -0.5 ? 'down' : a.trend > 0.5 ? 'up' : '') : 'muted';
  return el('tr', {
    tabindex: '0', 'data-account-id': a.account_id, 'aria-selected': String(a.account_id === selected),
    title: a.priority?.reason || '',
  },
  el('td', { class: 'num muted' }, a.priority ? String(a.priority.rank) : '–'),
  el('td', { class: 'name' }, a.name || a.account_id),
  el('td', { 'data-col': 'score' }, el('span', { class: 'score' },
    el('span', { class: 'bar', style: { '--band': bandColor } }, el('i', { style: { width: `${isNum(a.health_score) ? Math.round(a.health_score) : 0}%` } })),
    fmtScore(a.health_score))),
  el('td', { class: `num wide-only ${trendClass}` }, fmtTrend(a.trend)),
  el('td', null, a.quadrant && QUADRANTS[a.quadrant]
    ? el('span', { class: 'chip', style: { '--q': look.quadColor(a.quadrant) } }, quadrantLabel(a.quadrant))
    : el('span', { class: 'muted' }, '–')),
  el('td', { class: 'wide-only', title: a.flags.map((f) => f.evidence).join('\n') }, flags.length ? flags.join(', ') : el('span', { class: 'muted' }, '–')),
  el('td', { class: 'num wide-only' }, fmtMoney(a.arr)));
}

/** Fills the outreach list (the 25 highest priorities); `onSelect(accountId)` on click/Enter. */
export function renderOutreach(list, results, onSelect) {
  list.replaceChildren();
  const accounts = outreachOrder(results).filter((a) => a.priority).slice(0, 25);
  for (const a of accounts) {
    list.append(el('li', {
      class: 'out-item', tabindex: '0', 'data-account-id': a.account_id,
      onclick: () => onSelect(a.account_id),
      onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(a.account_id); } },
    },
    el('span', { class: 'out-rank' }, `#${a.priority.rank}`),
    el('span', { class: 'out-name' }, a.name || a.account_id),
    el('span', { class: 'out-risk' }, isNum(a.priority.revenue_at_risk) ? `${fmtMoney(a.priority.revenue_at_risk)} at risk` : ''),
    el('span', { class: 'out-play' }, a.priority.play)));
  }
}
