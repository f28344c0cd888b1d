// Per-quadrant playbook pages: what the quadrant means, the play, the risks, and its accounts.
import { h, mount } from './dom.js';
import { int, score, arr, arrShort, QUADRANTS, QUADRANT_ORDER, bandOf, textOn } from './format.js';

/** The playbooks in force: the model's own, else the engine's default (pkg-config/playbooks.json). */
export function playbooksOf(state) {
  return state.model?.playbooks || state.defaultPlaybooks;
}

let current = 'cry_for_help';
document.addEventListener('ch:playbook', (e) => { if (QUADRANTS[e.detail]) current = e.detail; });

export function renderPlaybooks(el, state, ctx) {
  const r = state.results;
  if (!r) return;
  const book = playbooksOf(state);
  const pb = book.quadrants[current] || state.defaultPlaybooks.quadrants[current];
  const q = QUADRANTS[current];
  const accounts = r.accounts.filter((a) => a.quadrant === current).sort((x, y) => (y.arr || 0) - (x.arr || 0));
  const totalArr = accounts.reduce((s, a) => s + (a.arr || 0), 0);
  mount(el,
    h('div', { class: 'view-head' },
      h('div', null, h('h2', null, 'Playbooks'), h('p', { class: 'muted' }, 'One page per quadrant: what it means, the play, the risks to watch, and the accounts in it. Edit the texts in the Health model tab.'))),
    h('div', { class: 'pb-layout' },
      h('div', { class: 'pb-nav', role: 'tablist', 'aria-label': 'Quadrant playbooks' }, QUADRANT_ORDER.map((id) => {
        const n = r.accounts.filter((a) => a.quadrant === id).length;
        return h('button', { type: 'button', role: 'tab', 'aria-selected': String(id === current), class: 'pb-tab', style: { '--q': QUADRANTS[id].color }, 'data-quadrant': id,
          onclick: () => { current = id; renderPlaybooks(el, state, ctx); } },
        h('span', { class: 'dot' }), h('span', null, QUADRANTS[id].label), h('span', { class: 'count' }, int(n)));
      })),
      h('article', { class: 'card pb-page', style: { '--q': q.color }, id: `playbook-${current}` },
        h('header', null, h('h3', null, pb.title || q.label), h('p', { class: 'muted' }, q.axis)),
        h('p', { class: 'pb-summary' }, pb.meaning),
        h('p', { class: 'pb-play' }, h('b', null, 'In one line: '), pb.play,
          typeof pb.effort_share === 'number' ? h('span', { class: 'muted' }, ` · suggested share of CSM time ${Math.round(pb.effort_share * 100)}%`) : null),
        h('div', { class: 'pb-cols' },
          h('div', null, h('h4', null, 'The play'), h('ol', null, pb.plays.map((p) => h('li', null, p)))),
          h('div', null, h('h4', null, 'Risks'), h('ul', null, pb.risks.map((p) => h('li', null, p))),
            pb.watch_for?.length ? [h('h4', null, 'Watch for'), h('ul', null, pb.watch_for.map((p) => h('li', null, p)))] : null)),
        h('h4', null, `${int(accounts.length)} accounts · ${arrShort(totalArr)} ARR`),
        accounts.length ? h('table', { class: 'data-table compact' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Account'), h('th', { scope: 'col' }, 'Health'), h('th', { scope: 'col', class: 'num' }, 'ARR'), h('th', { scope: 'col', class: 'num' }, 'Priority'))),
          h('tbody', null, accounts.slice(0, 30).map((a) => {
            const band = bandOf(state.model, a.band);
            return h('tr', null,
              h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link-btn', onclick: () => ctx.openAccount(a.account_id) }, a.name || a.account_id)),
              h('td', null, band ? h('span', { class: 'chip', style: { background: band.color, color: textOn(band.color) } }, `${score(a.health_score)} · ${band.label}`) : '—'),
              h('td', { class: 'num' }, arr(a.arr)),
              h('td', { class: 'num' }, a.priority ? `#${a.priority.rank}` : '—'));
          }))) : h('p', { class: 'muted' }, 'No account in this quadrant.'),
        accounts.length > 30 ? h('p', { class: 'muted small' }, `Showing the 30 largest; filter the Accounts table by quadrant for all ${int(accounts.length)}.`) : null)));
}
