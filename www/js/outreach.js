// The prioritised outreach list: who to call first, with which play, and why.
import { h, mount } from './dom.js';
import { int, score, arr, arrShort, pct, flagLabel, QUADRANTS, QUADRANT_ORDER, bandOf, textOn, priorityReason } from './format.js';

const PAGE = 60;
let shown = PAGE;
let quadrantFilter = '';
let ownerFilter = '';

export function renderOutreach(el, state, ctx) {
  const r = state.results;
  if (!r) return;
  const ranked = r.accounts.filter((a) => a.priority).sort((x, y) => x.priority.rank - y.priority.rank);
  const owners = [...new Set(ranked.map((a) => a.owner).filter(Boolean))].sort();
  const list = ranked.filter((a) => (!quadrantFilter || a.quadrant === quadrantFilter) && (!ownerFilter || a.owner === ownerFilter));
  const atRisk = ranked.reduce((s, a) => s + (a.priority.revenue_at_risk || 0), 0);
  const top = list.slice(0, 20).reduce((s, a) => s + (a.priority.revenue_at_risk || 0), 0);
  const rerender = () => renderOutreach(el, state, ctx);
  const quad = h('select', { id: 'outreach-quadrant', 'aria-label': 'Filter outreach by quadrant',
    onchange: (e) => { quadrantFilter = e.target.value; shown = PAGE; rerender(); } },
  h('option', { value: '' }, 'All quadrants'),
  QUADRANT_ORDER.map((q) => h('option', { value: q, selected: q === quadrantFilter }, QUADRANTS[q].label)));
  const owner = owners.length ? h('select', { id: 'outreach-owner', 'aria-label': 'Filter outreach by owner',
    onchange: (e) => { ownerFilter = e.target.value; shown = PAGE; rerender(); } },
  h('option', { value: '' }, 'All owners'), owners.map((o) => h('option', { value: o, selected: o === ownerFilter }, o))) : null;
  mount(el,
    h('div', { class: 'view-head' },
      h('div', null, h('h2', null, 'Outreach list'),
        h('p', { class: 'muted' }, `Ranked by revenue at risk: contract value × risk (low health plus early warnings). The first 20 carry ${arrShort(top)} of ${arrShort(atRisk)} at risk.`,
          r.summary.priority_note ? ` ${r.summary.priority_note}` : ' Spend most time on the unhappy-but-salvageable; keep the champions delighted.')),
      h('div', { class: 'toolbar' }, quad, owner)),
    h('ol', { class: 'outreach', id: 'outreach-list' }, list.slice(0, shown).map((a) => {
      const band = bandOf(state.model, a.band);
      const q = a.quadrant ? QUADRANTS[a.quadrant] : null;
      return h('li', { class: 'card outreach-item', 'data-account': a.account_id },
        h('div', { class: 'o-rank' }, h('b', null, `#${a.priority.rank}`), h('span', { class: 'muted small' }, `risk ${pct(a.priority.risk)}`)),
        h('div', { class: 'o-main' },
          h('div', { class: 'o-title' },
            h('button', { type: 'button', class: 'link-btn o-name', onclick: () => ctx.openAccount(a.account_id) }, a.name || a.account_id),
            band ? h('span', { class: 'chip', style: { background: band.color, color: textOn(band.color) } }, `${score(a.health_score)} · ${band.label}`) : h('span', { class: 'chip chip-none' }, 'Not scored'),
            q ? h('span', { class: 'quad', style: { '--q': q.color } }, h('span', { class: 'dot' }), q.short) : null,
            a.owner ? h('span', { class: 'muted small' }, a.owner) : null),
          h('p', { class: 'o-play' }, h('b', null, 'Play: '), a.priority.play),
          h('p', { class: 'o-reason muted' }, priorityReason(a)),
          a.flags.length ? h('ul', { class: 'o-flags' }, a.flags.map((f) => h('li', null, h('span', { class: 'flag' }, flagLabel(f.flag)), ` ${f.evidence}`))) : null),
        h('div', { class: 'o-money' }, h('span', { class: 'muted small' }, 'ARR'), h('b', null, arr(a.arr)), h('span', { class: 'muted small' }, 'at risk'), h('b', { class: 'risk' }, arr(a.priority.revenue_at_risk))));
    })),
    list.length > shown ? h('button', { type: 'button', class: 'btn', id: 'outreach-more', onclick: () => { shown += PAGE * 2; rerender(); } }, `Show more (${int(list.length - shown)} left)`) : null,
    list.length === 0 ? h('p', { class: 'empty' }, 'No account matches.') : null);
}
