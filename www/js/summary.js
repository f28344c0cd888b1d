// The portfolio summary strip shown above the result views.
import { h, mount } from './dom.js';
import { int, score, arrShort, QUADRANTS, QUADRANT_ORDER, bandOf, textOn } from './format.js';

function kpi(label, value, sub, id) {
  return h('div', { class: 'kpi', id },
    h('span', { class: 'kpi-label' }, label),
    h('span', { class: 'kpi-value' }, value),
    sub ? h('span', { class: 'kpi-sub' }, sub) : null);
}

export function renderSummary(el, state, ctx) {
  const r = state.results;
  if (!r) { el.replaceChildren(); return; }
  const s = r.summary;
  const flagged = r.accounts.filter((a) => a.flags.length).length;
  const total = s.bands.reduce((t, [, n]) => t + n, 0) || 1;
  const bandBar = h('div', { class: 'bandbar', role: 'img', 'aria-label': s.bands.map(([id, n]) => `${bandOf(state.model, id)?.label || id}: ${n}`).join(', ') },
    s.bands.filter(([, n]) => n > 0).map(([id, n]) => {
      const b = bandOf(state.model, id);
      return h('span', { style: { width: `${(n / total) * 100}%`, background: b?.color || '#999', color: textOn(b?.color) }, title: `${b?.label || id}: ${n}` },
        n / total > 0.14 ? `${b?.label || id} ${n}` : n / total > 0.04 ? String(n) : '');
    }));
  const quads = new Map(s.quadrants);
  mount(el,
    h('div', { class: 'kpis' },
      kpi('Accounts', int(s.accounts), s.scored === s.accounts ? `as of ${s.as_of || '—'}` : `${int(s.scored)} scored · as of ${s.as_of || '—'}`, 'kpi-accounts'),
      kpi('Average health', score(s.mean_score), 'out of 100', 'kpi-mean'),
      kpi('Total ARR', arrShort(s.total_arr), null, 'kpi-arr'),
      kpi('Revenue at risk', arrShort(s.revenue_at_risk), 'ARR × risk', 'kpi-risk'),
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
