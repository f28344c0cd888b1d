// The portfolio summary strip shown above the result views.
import { h, mount } from './dom.js';
import { int, score, arrShort, pct, QUADRANTS, QUADRANT_ORDER, bandOf, textOn, isNum, isLowCoverage, lowCoverageShare, measureLabel } from './format.js';
import { LOW_COVERAGE_FILTER } from './table.js';

/**
 * What the overview must not hide about the data behind it: files not used, tables read with
 * most columns left out while some of the others could feed a field or a measure, key account
 * fields (name, ARR) missing, and scores resting on little data. One line each; `file` names
 * the file to review in Data, `low` lists the accounts of the low-coverage line.
 */
export function dataWarnings(r) {
  const out = [];
  for (const f of r.files) {
    if (f.error) continue; // reported in the banner with its reason
    const columns = f.mapping || [];
    const used = columns.filter((c) => c.field).length;
    // Only columns that could become something are worth a warning: an id or a free-text
    // column that no field or measure takes is listed in Data, with nothing to do about it.
    const usable = (f.unused || []).filter((u) => (u.fields || []).length || u.measure).length;
    if (!f.kind || f.rows_used === 0) {
      out.push({ key: `unused:${f.name}`, file: f.name, text: `${f.name} was not used${f.kind ? `: none of its ${int(f.rows_read)} rows could be read` : ': it was not recognised as any table'}.` });
    } else if (columns.length >= 4 && used / columns.length < 0.5 && usable > 0) {
      out.push({ key: `half:${f.name}`, file: f.name, text: `${f.name} is only partly read: ${used} of ${columns.length} columns used, and ${usable} of the others could feed a field or a custom measure.` });
    }
  }
  const n = r.accounts.length;
  if (n) {
    const named = r.accounts.filter((a) => a.name).length;
    const withArr = r.accounts.filter((a) => isNum(a.arr)).length;
    const accountsFile = r.files.find((f) => f.kind === 'accounts')?.name || null;
    if (named === 0) out.push({ key: 'no-names', file: accountsFile, text: 'No account names were found: accounts are shown by their ids. Map a name column in Data.' });
    else if (named < n) out.push({ key: 'some-names', text: `${int(n - named)} of ${int(n)} accounts have no name.` });
    if (withArr === 0) out.push({ key: 'no-arr', file: accountsFile, text: 'No ARR was found: total ARR and revenue at risk are unknown and outreach is not ranked by revenue. Map an ARR (or MRR) column in Data.' });
    else if (withArr < n) out.push({ key: 'some-arr', text: `${int(n - withArr)} of ${int(n)} accounts have no ARR: totals leave them out and they rank after accounts with ARR.` });
    const low = r.accounts.filter(isLowCoverage);
    const scored = r.accounts.filter((a) => isNum(a.health_score)).length;
    if (low.length) {
      const median = [...low.map((a) => a.coverage)].sort((x, y) => x - y)[Math.floor(low.length / 2)];
      out.push({ key: 'low-coverage', low: low.map((a) => a.account_id), text: `${int(low.length)} of ${int(scored)} scores rest on under ${pct(lowCoverageShare())} of the model's weight (typically ${pct(median)}): the other inputs had no data, so one more input could move such a score by a whole band.` });
    }
  }
  return out;
}

/** Review a file in Data: its card scrolled into view, its mapping opened and focused. */
function reviewFile(ctx, name) {
  ctx.navigate('data');
  const card = [...document.querySelectorAll('.file-card')].find((c) => c.dataset.file === name);
  if (!card) return;
  const details = card.querySelector('details.mapping');
  if (details) details.open = true;
  card.scrollIntoView({ block: 'start' });
  (card.querySelector('details.mapping > summary') || card).focus?.();
}

/** The Accounts table filtered to the scores on low coverage. */
function showLowCoverage(ctx) {
  ctx.navigate('accounts');
  const select = document.getElementById('filter-band');
  const option = [...(select?.options || [])].find((o) => o.value === LOW_COVERAGE_FILTER);
  if (!option) return;
  select.value = option.value;
  select.dispatchEvent(new Event('change'));
}

// Which inputs the low-coverage scores lack, asked of the worker once per scoring run and share.
const gapsAsked = new WeakMap();

/** "Most often without data: …" for the low-coverage line, filled in when the worker answers. */
function lowCoverageGaps(ctx, r, ids) {
  const line = h('span', { class: 'coverage-gaps' });
  if (!ctx.coverageGaps) return line;
  if (!gapsAsked.has(r)) gapsAsked.set(r, new Map());
  const asked = gapsAsked.get(r);
  const key = lowCoverageShare();
  if (!asked.has(key)) asked.set(key, ctx.coverageGaps(ids).catch(() => null));
  asked.get(key).then((gaps) => {
    if (!gaps || !gaps.measures.length) return;
    const shown = gaps.measures.slice(0, 5);
    const top = shown.map((m, i) => `${measureLabel(m.measure)} (${pct(m.weight)}${i === 0 ? ' of the weight' : ''}, ${m.missing === gaps.sampled ? 'in all' : `in ${int(m.missing)}`})`);
    // A reason shared by all of them (e.g. usage rows without user ids) is said once per reason.
    const why = [...new Set(shown.map((m) => m.reason).filter(Boolean))]
      .map((reason) => ` ${shown.filter((m) => m.reason === reason).map((m) => measureLabel(m.measure)).join(' and ')}: ${reason}.`);
    line.textContent = ` Most often without data${gaps.sampled < ids.length ? ` in ${int(gaps.sampled)} of them, sampled evenly` : ''}: ${top.join(', ')}.${why.join('')} Add the exports that feed them, or change the share in the Health model.`;
  });
  return line;
}

function warningLine(ctx, r, w) {
  const actions = [];
  if (w.file) actions.push(h('button', { type: 'button', class: 'link-btn', 'data-review': w.file, onclick: () => reviewFile(ctx, w.file) }, `Review ${w.file} in Data`));
  if (w.low) {
    actions.push(h('button', { type: 'button', class: 'link-btn', 'data-action': 'show-low', onclick: () => showLowCoverage(ctx) }, 'Show these accounts'));
    actions.push(h('button', { type: 'button', class: 'link-btn', 'data-action': 'low-share', onclick: () => ctx.navigate('model') }, 'Change the share'));
  }
  return h('li', { 'data-warning': w.key }, w.text, w.low ? lowCoverageGaps(ctx, r, w.low) : null,
    actions.length ? h('span', { class: 'warning-actions' }, actions) : null);
}

/** Accounts per band, with scores on low coverage counted apart as "not enough data". */
function bandCounts(r, model) {
  const low = r.accounts.filter(isLowCoverage).length;
  const unscored = r.accounts.filter((a) => !isNum(a.health_score)).length;
  const perBand = new Map(r.summary.bands.map(([id]) => [id, 0]));
  for (const a of r.accounts) if (a.band && !isLowCoverage(a)) perBand.set(a.band, (perBand.get(a.band) || 0) + 1);
  const rows = [...perBand].map(([id, n]) => ({ id, n, label: bandOf(model, id)?.label || id, color: bandOf(model, id)?.color || '#999' }));
  rows.push({ id: 'low', n: low + unscored, label: 'Not enough data', color: '#d0d5dd' });
  return { rows, low, unscored };
}

function kpi(label, value, sub, id, title = null) {
  return h('div', { class: 'kpi', id, title },
    h('span', { class: 'kpi-label' }, label),
    h('span', { class: 'kpi-value' }, value),
    sub ? h('span', { class: 'kpi-sub' }, sub) : null);
}

export function renderSummary(el, state, ctx) {
  const r = state.results;
  if (!r) { el.replaceChildren(); return; }
  const s = r.summary;
  const flagged = r.accounts.filter((a) => a.flags.length).length;
  const counts = bandCounts(r, state.model);
  const total = counts.rows.reduce((t, b) => t + b.n, 0) || 1;
  const bandBar = h('div', { class: 'bandbar', role: 'img', 'aria-label': counts.rows.map((b) => `${b.label}: ${b.n}`).join(', ') },
    counts.rows.filter((b) => b.n > 0).map((b) => h('span', { 'data-band': b.id, style: { width: `${(b.n / total) * 100}%`, background: b.color, color: textOn(b.color) }, title: `${b.label}: ${b.n}` },
      b.n / total > 0.14 ? `${b.label} ${b.n}` : b.n / total > 0.04 ? String(b.n) : '')));
  const quads = new Map(s.quadrants);
  const warnings = dataWarnings(r);
  const anyArr = r.accounts.some((a) => isNum(a.arr));
  const scoredNote = [
    s.scored === s.accounts ? null : `${int(s.scored)} scored`,
    counts.low ? `${int(counts.low)} on low coverage` : null,
    `as of ${s.as_of || '—'}`].filter(Boolean).join(' · ');
  mount(el,
    warnings.length ? h('ul', { class: 'data-warnings', id: 'data-warnings', 'aria-label': 'Warnings about the data' },
      warnings.map((w) => warningLine(ctx, r, w))) : null,
    h('div', { class: 'kpis' },
      kpi('Accounts', int(s.accounts), scoredNote, 'kpi-accounts', counts.low ? `Low coverage: scores built on under ${pct(lowCoverageShare())} of the model's weight` : null),
      kpi('Average health', score(s.mean_score), 'out of 100', 'kpi-mean'),
      kpi('Total ARR', anyArr ? arrShort(s.total_arr) : '—', anyArr ? null : 'no ARR in the data', 'kpi-arr'),
      kpi('Revenue at risk', anyArr ? arrShort(s.revenue_at_risk) : '—', 'ARR × risk', 'kpi-risk'),
      kpi('Early warnings', int(flagged), 'accounts flagged', 'kpi-flags'),
      typeof s.maturity_level === 'number'
        ? h('div', { class: 'kpi', id: 'kpi-maturity', title: s.maturity_next_step || '' },
          h('span', { class: 'kpi-label' }, 'Data maturity'),
          h('span', { class: 'kpi-value' }, `${s.maturity_level}`, h('span', { class: 'kpi-of' }, ' / 5')),
          h('span', { class: 'kpi-sub' }, s.maturity_next_step || 'Top level'))
        : null),
    h('div', { class: 'summary-bars' },
      h('div', { class: 'summary-bands' }, h('span', { class: 'kpi-label' }, 'Health bands'), bandBar),
      h('div', { class: 'summary-quads' },
        QUADRANT_ORDER.map((q) => h('button', { type: 'button', class: 'quad-pill', style: { '--q': QUADRANTS[q].color },
          onclick: () => ctx.navigate('playbooks') || document.dispatchEvent(new CustomEvent('ch:playbook', { detail: q })) },
        h('span', { class: 'dot' }), `${QUADRANTS[q].short} `, h('b', null, int(quads.get(q) || 0)))))));
}
