// The account detail panel: why this account has this score, what moved, what to do.
import { h, mount, icon } from './dom.js';
import { playbooksOf } from './playbooks.js';
import { score, score1, signed, arr, pct, pct1, rawValue, measureLabel, flagLabel, QUADRANTS, bandOf, isNum, priorityReason, isLowCoverage, noQuadrantReason } from './format.js';
import { bandChip, coverageNote, satisfactionEvidence } from './confidence.js';

let lastFocus = null;
let sparkChart = null;
let currentId = null;

/** Re-renders the open panel with new results (after a re-score), keeping focus where it is. */
export function refreshDetail(state, ctx) {
  const panel = document.getElementById('detail');
  if (panel.hidden || !currentId) return;
  if (!state.results?.accounts.some((a) => a.account_id === currentId)) { closeDetail(); return; }
  const scroll = panel.scrollTop;
  openDetail(state, ctx, currentId, { keepFocus: true });
  panel.scrollTop = scroll;
}

export function closeDetail() {
  const panel = document.getElementById('detail');
  if (panel.hidden) return;
  panel.hidden = true;
  currentId = null;
  document.body.classList.remove('detail-open');
  sparkChart?.destroy();
  sparkChart = null;
  lastFocus?.focus?.();
}

function section(title, ...body) {
  return h('section', { class: 'detail-section' }, h('h3', null, title), body);
}

/** How much an input's points moved since the previous period: its score change × its weight now. */
const pointsMoved = (c) => (isNum(c.normalized) && isNum(c.previous_normalized) ? (c.normalized - c.previous_normalized) * c.applied_weight : null);

function movedList(a, components) {
  const moved = components
    .filter((c) => isNum(pointsMoved(c)))
    .map((c) => ({ c, delta: pointsMoved(c) }))
    .filter((m) => Math.abs(m.delta) >= 0.05)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
    .slice(0, 4);
  if (!moved.length) return h('p', { class: 'muted' }, isNum(a.previous_score) ? 'No input moved the score noticeably since the previous period.' : 'No earlier period in the data to compare with.');
  return h('ul', { class: 'moved' }, moved.map(({ c, delta }) => h('li', { class: delta > 0 ? 'up' : 'down', 'data-measure': c.measure },
    icon(delta > 0 ? 'up' : 'down', 14),
    h('span', null, h('b', null, measureLabel(c.measure)), ` ${score(c.previous_normalized)} → ${score(c.normalized)}`),
    h('span', { class: 'pts' }, `${signed(delta)} pts`))));
}

/** Rules that came close without firing ("champion … quiet 15 days; fires at 21"). */
function nearList(nearMisses) {
  if (!nearMisses?.length) return null;
  return h('ul', { class: 'flag-list near-misses', 'aria-label': 'Close to firing' },
    nearMisses.map((n) => h('li', { 'data-near': n.flag },
      h('span', { class: 'flag muted' }, `Close: ${flagLabel(n.flag)}`),
      h('span', null, n.evidence))));
}

function componentRows(components, model) {
  const groups = new Map();
  for (const c of components) {
    if (!groups.has(c.group)) groups.set(c.group, []);
    groups.get(c.group).push(c);
  }
  const label = (id) => model?.groups?.find((g) => g.id === id)?.label || id;
  return [...groups.entries()].map(([group, comps]) => {
    const covered = comps.filter((c) => isNum(c.normalized)).reduce((s, c) => s + c.nominal_weight, 0);
    const nominal = comps.reduce((s, c) => s + c.nominal_weight, 0);
    const points = comps.reduce((s, c) => s + (c.contribution || 0), 0);
    return h('tbody', null,
      h('tr', { class: 'group-row' }, h('th', { colspan: '6', scope: 'rowgroup' },
        h('span', null, label(group)),
        h('span', { class: 'muted' }, ` · ${score1(points)} pts · ${pct(nominal ? covered / nominal : 0)} of its weight had data`))),
      comps.map((c) => {
        const missing = !isNum(c.normalized);
        // In points, as the Points column beside it and "What moved" above (not the 0–100 score).
        const delta = pointsMoved(c);
        return [
          h('tr', { class: missing ? 'missing' : '', 'data-measure': c.measure },
            h('th', { scope: 'row' }, measureLabel(c.measure)),
            h('td', { class: 'num' }, rawValue(c.raw, c.unit)),
            h('td', { class: 'norm' }, missing ? h('span', { class: 'muted' }, 'no data') : [
              h('span', { class: 'meter', 'aria-hidden': 'true' }, h('span', { style: { width: `${c.normalized}%` } })), score(c.normalized)]),
            h('td', { class: 'num', title: `Configured weight ${c.weight}; ${pct1(c.nominal_weight)} of the score with full data` }, missing ? h('s', null, pct1(c.nominal_weight)) : pct1(c.applied_weight)),
            h('td', { class: 'num' }, missing ? '—' : score1(c.contribution)),
            h('td', { class: `num delta ${delta >= 0.05 ? 'up' : delta <= -0.05 ? 'down' : ''}` }, isNum(delta) ? signed(delta) : '—')),
          c.evidence ? h('tr', { class: 'evidence-row' }, h('td', { colspan: '6' }, c.evidence, c.rows ? h('span', { class: 'muted' }, ` (${c.rows.toLocaleString('en-US')} row${c.rows === 1 ? '' : 's'})`) : null)) : null,
        ];
      }));
  });
}

async function drawSparkline(ctx, a, canvasWrap) {
  if (typeof window.Chart !== 'function') return;
  const series = await ctx.usageSeries(a.account_id, 26);
  if (!series || !series.length || !canvasWrap.isConnected) {
    // No dated events: usage may still come from totals (logins in the last 30 days…), which
    // have no week-by-week shape — a flat zero line would say the account never used it.
    canvasWrap.replaceWith(h('p', { class: 'muted', id: 'spark-none' }, isNum(a.usage_index)
      ? 'No dated usage events for this account: its usage comes from totals (such as logins in the last 30 days), which have no weekly shape to draw.'
      : 'No usage events for this account.'));
    return;
  }
  const values = Array.from(series);
  const canvas = h('canvas', { role: 'img', 'aria-label': `Weekly usage events over the last ${values.length} weeks: from ${values[0]} to ${values[values.length - 1]}` });
  canvasWrap.replaceChildren(canvas);
  sparkChart?.destroy();
  sparkChart = new window.Chart(canvas, {
    type: 'line',
    data: { labels: values.map((_, i) => `week −${values.length - 1 - i}`), datasets: [{ data: values, borderColor: '#3b5bdb', backgroundColor: 'rgba(59,91,219,.12)', fill: true, pointRadius: 0, tension: 0.3, borderWidth: 2 }] },
    options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false }, tooltip: { enabled: true } }, scales: { x: { display: false }, y: { display: true, beginAtZero: true, ticks: { maxTicksLimit: 3, font: { size: 10 } }, grid: { color: '#eef0f4' } } } },
  });
}

export function openDetail(state, ctx, accountId, { keepFocus = false } = {}) {
  const a = state.results?.accounts.find((x) => x.account_id === accountId);
  if (!a) return;
  const panel = document.getElementById('detail');
  if (panel.hidden) lastFocus = document.activeElement;
  currentId = accountId;
  const band = bandOf(state.model, a.band);
  const q = a.quadrant ? QUADRANTS[a.quadrant] : null;
  const spark = h('div', { class: 'spark' }, h('span', { class: 'muted' }, 'Loading usage…'));
  const moved = h('div', null, h('span', { class: 'muted' }, 'Loading…'));
  const breakdown = h('div', { class: 'table-wrap', id: 'breakdown' }, h('span', { class: 'muted' }, 'Loading the breakdown…'));
  const near = h('div');
  const answers = h('p', { class: 'muted small', id: 'satisfaction-evidence', hidden: true });
  const answerCount = h('span', { class: 'muted', id: 'satisfaction-answers' });
  const fill = (components, nearMisses) => {
    if (currentId !== accountId || !breakdown.isConnected) return;
    mount(near, nearList(nearMisses));
    const said = satisfactionEvidence(components, state.model);
    if (said) {
      answers.textContent = said.text;
      answers.hidden = false;
      answers.classList.toggle('low-cov-note', said.thin);
      answers.dataset.thin = String(said.thin);
      answerCount.textContent = said.short;
    }
    mount(moved, movedList(a, components));
    mount(breakdown, h('table', { class: 'components' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Input'), h('th', { scope: 'col', class: 'num' }, 'Raw'), h('th', { scope: 'col' }, 'Score'),
        h('th', { scope: 'col', class: 'num' }, 'Weight'), h('th', { scope: 'col', class: 'num' }, 'Points'),
        h('th', { scope: 'col', class: 'num', title: "Change of the input's points since the previous period (its score change × its weight now)" }, 'Δ pts'))),
      componentRows(components, state.model)));
  };
  const meta = [a.plan, a.region, a.owner ? `Owner: ${a.owner}` : null, a.arr != null ? `${arr(a.arr)} ARR` : null, lifecycleText(a, state.model)].filter(Boolean);
  mount(panel,
    h('div', { class: 'detail-head' },
      h('div', null,
        h('h2', { id: 'detail-title', class: 'clamp', title: a.name || a.account_id, tabindex: '0' }, a.name || a.account_id),
        h('p', { class: 'muted' }, a.name ? a.account_id : '', meta.length ? `${a.name ? ' · ' : ''}${meta.join(' · ')}` : '')),
      h('button', { type: 'button', class: 'icon-btn', id: 'detail-close', 'aria-label': 'Close account detail', onclick: closeDetail }, icon('close', 20))),
    h('div', { class: 'detail-body' },
      h('div', { class: 'score-card' },
        h('div', { class: 'score-big', style: { '--band': band?.color || '#98a2b3' } },
          h('span', { class: 'score-value', id: 'detail-score' }, score(a.health_score)),
          h('span', { class: 'score-of' }, '/100')),
        h('div', { class: 'score-facts' },
          band ? bandChip(a, band) : h('span', { class: 'chip chip-none' }, 'Not scored'),
          h('span', { class: `trend ${a.trend > 1 ? 'up' : a.trend < -1 ? 'down' : ''}` },
            isNum(a.trend) ? [icon(a.trend > 1 ? 'up' : a.trend < -1 ? 'down' : 'flat', 14), ` ${signed(a.trend)} since ${score(a.previous_score)}`] : 'No earlier score'),
          h('div', { class: 'coverage' },
            h('span', { class: 'meter wide', 'aria-hidden': 'true' }, h('span', { style: { width: `${Math.round(a.coverage * 100)}%` } })),
            h('span', { class: isLowCoverage(a) ? 'low-cov-note' : null, id: 'detail-coverage' }, coverageNote(a))))),
      a.override_reason != null ? h('p', { class: 'override' }, icon('info', 14), ` Manual override: ${a.override_reason} (computed score ${score(a.computed_score)}).`) : null,
      a.priority ? section('What to do',
        h('div', { class: 'play-box' },
          h('div', { class: 'play-rank' }, h('b', null, `#${a.priority.rank}`), h('span', null, 'in outreach')),
          h('div', null,
            h('p', { class: 'play' }, a.priority.play),
            h('p', { class: 'muted', id: 'detail-reason' }, priorityReason(a)),
            h('p', { class: 'muted' }, `Risk ${pct(a.priority.risk)} · revenue at risk ${arr(a.priority.revenue_at_risk)}`)))) : null,
      section('Satisfaction × usage',
        h('dl', { class: 'facts' },
          h('div', null, h('dt', null, 'Satisfaction index'), h('dd', null, score(a.satisfaction_index), answerCount)),
          h('div', null, h('dt', null, 'Usage index'), h('dd', null, score(a.usage_index))),
          h('div', null, h('dt', null, 'Quadrant'), h('dd', null, q ? h('span', { class: 'quad', style: { '--q': q.color } }, h('span', { class: 'dot' }), q.label) : 'Not enough data')),
          h('div', null, h('dt', null, 'Value realised'), h('dd', null, isNum(a.value_realized)
            ? [h('span', { class: 'meter', 'aria-hidden': 'true' }, h('span', { style: { width: `${Math.round(a.value_realized * 100)}%` } })), ` ${pct(a.value_realized)} of expected`]
            : 'No goal data'))),
        q ? h('p', { class: 'muted small' }, q.axis) : h('p', { class: 'muted small', id: 'no-quadrant' }, noQuadrantReason(a)),
        answers),
      section(`Early warnings (${a.flags.length})`,
        a.flags.length ? h('ul', { class: 'flag-list' }, a.flags.map((f) => {
          const action = playbooksOf(state).flags?.[f.flag]?.action;
          return h('li', { 'data-flag': f.flag },
            h('span', { class: 'flag' }, flagLabel(f.flag)),
            h('span', null, f.evidence, action ? h('span', { class: 'flag-action' }, h('b', null, 'Next step: '), action) : null),
            h('span', { class: 'muted' }, `+${pct(f.risk)} risk`));
        })) : h('p', { class: 'muted' }, 'None raised.'),
        near),
      section('Usage, last 26 weeks', spark),
      section('What moved since the previous period',
        a.trend_explanation ? h('p', { class: 'trend-why' }, a.trend_explanation) : null,
        moved),
      section('Score breakdown',
        h('p', { class: 'muted small' }, 'Each input is normalised to 0–100 and weighted. Inputs without data are dropped and their weight is spread over the others — never counted as 0.'),
        breakdown)));
  panel.hidden = false;
  panel.setAttribute('aria-labelledby', 'detail-title');
  document.body.classList.add('detail-open');
  if (!keepFocus) {
    panel.scrollTop = 0;
    panel.querySelector('#detail-close').focus();
  }
  drawSparkline(ctx, a, spark);
  if (Array.isArray(a.components)) fill(a.components, a.near_misses); // results that still carry them
  else ctx.components(accountId).then((r) => fill(r.components, r.near_misses), () => mount(breakdown, h('p', { class: 'file-error' }, 'The breakdown could not be loaded.')));
}

/** "Onboarding stage, 45 days" (the thresholds of that stage applied), or the tenure alone. */
function lifecycleText(a, model) {
  const days = a.tenure_days;
  const tenure = days == null ? null : `${days.toLocaleString('en-US')} day${days === 1 ? '' : 's'} as a customer`;
  if (!a.lifecycle_stage) return tenure;
  const stage = model?.lifecycle?.stages?.find((s) => s.id === a.lifecycle_stage);
  const label = stage?.label || a.lifecycle_stage;
  return tenure ? `${label} stage, ${tenure}` : `${label} stage`;
}
