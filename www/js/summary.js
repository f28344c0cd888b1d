// The portfolio summary strip shown above the result views.
import { h, mount } from './dom.js';
import { int, score, arrShort, pct, QUADRANTS, QUADRANT_ORDER, bandOf, textOn, isNum, isLowCoverage, lowCoverageShare } from './format.js';

/**
 * What the overview must not hide about the data behind it: files not used, tables read with
 * most columns left out, and key account fields (name, ARR) missing. One line each.
 */
export function dataWarnings(r) {
  const out = [];
  for (const f of r.files) {
    if (f.error) continue; // reported in the banner with its reason
    const columns = f.mapping || [];
    const used = columns.filter((c) => c.field).length;
    if (!f.kind || f.rows_used === 0) {
      out.push({ key: `unused:${f.name}`, text: `${f.name} was not used${f.kind ? `: none of its ${int(f.rows_read)} rows could be read` : ': it was not recognised as any table'} — check it in Data.` });
    } else if (columns.length >= 4 && used / columns.length < 0.5) {
      out.push({ key: `half:${f.name}`, text: `${f.name} is only partly read: ${used} of ${columns.length} columns used — map the others in Data if they matter.` });
    }
  }
  const n = r.accounts.length;
  if (n) {
    const named = r.accounts.filter((a) => a.name).length;
    const withArr = r.accounts.filter((a) => isNum(a.arr)).length;
    if (named === 0) out.push({ key: 'no-names', text: 'No account names were found: accounts are shown by their ids. Map a name column in Data.' });
    else if (named < n) out.push({ key: 'some-names', text: `${int(n - named)} of ${int(n)} accounts have no name.` });
    if (withArr === 0) out.push({ key: 'no-arr', text: 'No ARR was found: total ARR and revenue at risk are unknown and outreach is not ranked by revenue. Map an ARR (or MRR) column in Data.' });
    else if (withArr < n) out.push({ key: 'some-arr', text: `${int(n - withArr)} of ${int(n)} accounts have no ARR: totals leave them out and they rank after accounts with ARR.` });
  }
  return out;
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
      warnings.map((w) => h('li', { 'data-warning': w.key }, w.text))) : null,
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
