// Per-quadrant playbook pages: what the quadrant means, the play, the risks, and its accounts.
import { h, mount } from './dom.js';
import { int, score, arr, arrShort, QUADRANTS, QUADRANT_ORDER, bandOf, textOn } from './format.js';

// Fallback texts in the engine's playbook shape (pkg-config/playbooks.json). The engine's own
// default replaces them at start-up; a model may carry its own (`model.playbooks`).
export const FALLBACK_PLAYBOOKS = {
  note: 'The quadrants compare accounts as if they paid about the same, so the outreach list ranks by revenue at risk (ARR × risk).',
  quadrants: {
    champion: {
      title: 'Champions',
      meaning: 'They are happy and they use the product a lot. Keep them delighted and let them speak for you.',
      play: 'Say thank you, then ask for a reference or case study.',
      plays: ['Thank them personally; recognise their power users.', 'Ask for a reference, a review or a case study.', 'Involve them in product discovery and early access.', 'Treat their rare tickets with priority.'],
      risks: ['Their power user leaves or changes role.', 'Being taken for granted: silence is not safety.'],
      effort_share: 0.2,
      watch_for: [],
    },
    under_user: {
      title: 'Content under-users',
      meaning: 'They use one feature and say all is fine. The hardest group to move — keep the effort limited.',
      play: 'Propose one extra feature and help set it up.',
      plays: ['Suggest exactly one more feature that fits their goals, and help set it up.', 'Look for other users or teams in the account who could benefit.'],
      risks: ['Budget cuts or a new boss who questions the spend.', 'A cheaper competitor covering their one use case.'],
      effort_share: 0.1,
      watch_for: [],
    },
    cry_for_help: {
      title: 'Cry for help',
      meaning: 'They use it heavily but are unhappy: a cry for help, or they are outgrowing the product. Most likely to become happy customers.',
      play: 'Name one contact and agree an action plan for their complaints.',
      plays: ['Give them one named contact and an action plan for their complaints.', 'Offer training, workarounds and roadmap updates.', 'Find their north-star metric and deliver a quick win.'],
      risks: ["They are comparing competitors — watch for requests naming a competitor's feature."],
      effort_share: 0.4,
      watch_for: [],
    },
    at_risk: {
      title: 'At risk',
      meaning: 'Low satisfaction and low usage: very at risk. First find out why usage is low.',
      play: 'Find out why usage is low; escalate if the account is worth saving.',
      plays: ['Diagnose: oversold or poor fit, no time, implementation blocked, champion changed, waiting on an internal project.', 'If worth saving: dedicated manager, escalation team, re-implementation, executive call.', 'Check the account is worth the effort and willing to commit an owner.'],
      risks: ['Churn at renewal.', 'Effort spent on accounts that will not commit.'],
      effort_share: 0.3,
      watch_for: [],
    },
  },
  flags: {},
};

/** The playbooks in force: the model's own, else the engine's default. */
export function playbooksOf(state) {
  return state.model?.playbooks || state.defaultPlaybooks || FALLBACK_PLAYBOOKS;
}

let current = 'cry_for_help';
document.addEventListener('ch:playbook', (e) => { if (QUADRANTS[e.detail]) current = e.detail; });

export function renderPlaybooks(el, state, ctx) {
  const r = state.results;
  if (!r) return;
  const book = playbooksOf(state);
  const pb = book.quadrants[current] || FALLBACK_PLAYBOOKS.quadrants[current];
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
