// Satisfaction × usage quadrant chart (Chart.js bubble chart, bundled locally).
import { h, mount } from './dom.js';
import { int, score, arr, arrShort, QUADRANTS, QUADRANT_ORDER, bandOf, isNum, isLowCoverage, measureLabel } from './format.js';
import { positions, disagreement, offAxisMeasures, median } from './quadrant-layout.js';

let chart = null;
// How many placed accounts rest on thin satisfaction evidence, asked of the worker once per results.
const thinAsked = new WeakMap();
// Distance of the top quadrant names above the plot area: beyond the 8 px bubbles may spill.
const LABEL_GAP = 20;

// Draws the quadrant cuts and the quadrant names behind the bubbles.
const quadrantPlugin = {
  id: 'quadrantCuts',
  beforeDatasetsDraw(c, _args, opts) {
    const { ctx, chartArea: area, scales: { x, y } } = c;
    if (!area || !isNum(opts.usageCut) || !isNum(opts.satisfactionCut)) return;
    const cx = x.getPixelForValue(opts.usageCut);
    const cy = y.getPixelForValue(opts.satisfactionCut);
    ctx.save();
    const tints = [
      ['champion', cx, area.top, area.right - cx, cy - area.top],
      ['under_user', area.left, area.top, cx - area.left, cy - area.top],
      ['cry_for_help', cx, cy, area.right - cx, area.bottom - cy],
      ['at_risk', area.left, cy, cx - area.left, area.bottom - cy],
    ];
    for (const [q, x0, y0, w, hgt] of tints) {
      ctx.fillStyle = `${QUADRANTS[q].color}0d`;
      ctx.fillRect(x0, y0, w, hgt);
    }
    ctx.strokeStyle = '#667085';
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(cx, area.top); ctx.lineTo(cx, area.bottom);
    ctx.moveTo(area.left, cy); ctx.lineTo(area.right, cy);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.restore();
  },
  afterDatasetsDraw(c, _args, opts) {
    const { ctx, chartArea: area, scales: { x, y } } = c;
    if (!area || !isNum(opts.usageCut) || !isNum(opts.satisfactionCut)) return;
    const cx = x.getPixelForValue(opts.usageCut);
    const cy = y.getPixelForValue(opts.satisfactionCut);
    ctx.save();
    ctx.font = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    ctx.textBaseline = 'middle';
    // The quadrant names sit outside the plot area (top strip and bottom strip, both reserved
    // by the layout padding), so no bubble ever covers them or is hidden by them.
    const boxes = [];
    // Short names ("Under-user") when the full ones would not fit side by side.
    const full = ['under_user', 'champion'].map((q) => ctx.measureText(QUADRANTS[q].label.toUpperCase()).width);
    const short = full[0] + full[1] + 24 > area.right - area.left;
    const label = (q, px, py, align) => {
      const text = (short ? QUADRANTS[q].short || QUADRANTS[q].label : QUADRANTS[q].label).toUpperCase();
      const w = ctx.measureText(text).width;
      ctx.fillStyle = QUADRANTS[q].color;
      ctx.textAlign = align;
      ctx.fillText(text, px, py);
      boxes.push({ quadrant: q, left: align === 'left' ? px : px - w, right: align === 'left' ? px + w : px, top: py - 8, bottom: py + 8 });
    };
    label('under_user', area.left, area.top - LABEL_GAP, 'left');
    label('champion', area.right, area.top - LABEL_GAP, 'right');
    label('at_risk', area.left, c.height - 12, 'left');
    label('cry_for_help', area.right, c.height - 12, 'right');
    c.$quadrantLabels = boxes;
    ctx.fillStyle = '#667085';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.fillText(`usage cut ${score(opts.usageCut)}${opts.usageMedian ? ' (median)' : ''}`, cx + 4, area.bottom - 34);
    ctx.textAlign = 'right';
    ctx.fillText(`satisfaction cut ${score(opts.satisfactionCut)}`, area.right - 10, cy - 8);
    ctx.restore();
  },
};

export function renderQuadrants(el, state, ctx) {
  const r = state.results;
  if (!r) return;
  const MAX_POINTS = 3000; // beyond this the chart shows the largest accounts by ARR
  const allPlaced = r.accounts.filter((a) => isNum(a.satisfaction_index) && isNum(a.usage_index));
  const placed = allPlaced.length > MAX_POINTS ? [...allPlaced].sort((x, y) => (y.arr || 0) - (x.arr || 0)).slice(0, MAX_POINTS) : allPlaced;
  const missing = r.accounts.length - allPlaced.length;
  const maxArr = Math.max(1, ...placed.map((a) => a.arr || 0));
  // Bubbles scale with the chart: 24 px at most on a wide screen, less on a phone.
  const room = Math.min(1, Math.max(0.45, (el.clientWidth || 900) / 900));
  const radius = (a) => (4 + Math.sqrt((a.arr || 0) / maxArr) * 20) * room;
  const byQuadrant = new Map(QUADRANT_ORDER.map((q) => [q, { n: 0, arr: 0, risk: 0 }]));
  for (const a of r.accounts) {
    const s = byQuadrant.get(a.quadrant);
    if (!s) continue;
    s.n += 1; s.arr += a.arr || 0; s.risk += a.priority?.revenue_at_risk || 0;
  }
  // Keyboard: the chart takes focus; arrow keys step through the bubbles from the largest ARR
  // down (Home/End: first/last), each announced and shown with its tooltip; Enter opens it.
  const canvas = h('canvas', { id: 'quadrant-canvas', tabindex: '0', role: 'application', 'aria-roledescription': 'bubble chart',
    'aria-describedby': 'quadrant-keys',
    'aria-label': `Satisfaction versus usage for ${placed.length} accounts. ${QUADRANT_ORDER.map((q) => `${QUADRANTS[q].label}: ${byQuadrant.get(q).n}`).join('; ')}.` });
  const keysHelp = h('p', { id: 'quadrant-keys', class: 'muted small' },
    'Keyboard: focus the chart, then arrow keys step through the accounts from the largest ARR, Enter opens one. The Accounts table lists the same data.');
  const announcer = h('p', { id: 'quadrant-current', class: 'visually-hidden', 'aria-live': 'polite' });
  const usageMedian = state.model?.quadrants?.usage_cut === 'median';
  const disagreeing = placed.filter((a) => disagreement(state.model, a));
  const offAxis = offAxisMeasures(state.model).map(measureLabel);
  const offAxisText = offAxis.length ? `${offAxis.slice(0, 4).join(', ')}${offAxis.length > 4 ? '…' : ''}` : 'inputs off these axes';
  const focusId = el.contains(document.activeElement) ? document.activeElement.id : null;
  mount(el,
    h('div', { class: 'view-head' },
      h('div', null, h('h2', null, 'Satisfaction × usage'),
        h('p', { class: 'muted' }, 'How they feel (CSAT, NPS) against what they do (usage). Bubble size is ARR; colour is the health band. Click a bubble for the account.'))),
    cutControls(state, ctx, r, usageMedian),
    h('div', { class: 'quad-layout' },
      h('div', { class: 'card chart-card' }, h('div', { class: 'chart-box' }, canvas), keysHelp, announcer,
        h('p', { class: 'muted small', id: 'quadrant-legend' },
          'Position shows satisfaction and usage only; colour is the health band, which counts every input of the model. ',
          disagreeing.length
            ? `${int(disagreeing.length)} account${disagreeing.length === 1 ? '' : 's'} sit in a quadrant that disagrees with the band (say, Healthy in ${QUADRANTS.at_risk?.label || 'At risk'}): their other inputs (${offAxisText}) carry the score. Hover or step to one for its reasons.`
            : 'Every account\'s band agrees with its quadrant.',
          ' Where many accounts share a value (every answer 5/5, no usage at all), bubbles are spread by a few points so they stay visible; tooltips give the exact values.'),
        missing ? h('p', { class: 'muted small' }, `${int(missing)} account${missing === 1 ? '' : 's'} not shown: no survey or usage data to place them.`) : null,
        placed.some(isLowCoverage) ? h('p', { class: 'muted small', id: 'quadrant-low-coverage' }, `${int(placed.filter(isLowCoverage).length)} pale bubbles: scores on low coverage (little of the model's weight had data).`) : null,
        thinNote(state, ctx, allPlaced),
        allPlaced.length > placed.length ? h('p', { class: 'muted small' }, `Showing the ${int(placed.length)} largest accounts by ARR of ${int(allPlaced.length)}; the Accounts table lists all of them.`) : null),
      h('div', { class: 'quad-cards' }, QUADRANT_ORDER.map((q) => {
        const s = byQuadrant.get(q);
        return h('button', { type: 'button', class: 'card quad-card', style: { '--q': QUADRANTS[q].color }, 'data-quadrant': q,
          onclick: () => { ctx.navigate('playbooks'); document.dispatchEvent(new CustomEvent('ch:playbook', { detail: q })); } },
        h('span', { class: 'quad-card-title' }, h('span', { class: 'dot' }), QUADRANTS[q].label),
        h('span', { class: 'muted small' }, QUADRANTS[q].axis),
        h('span', { class: 'quad-card-stats' }, h('b', null, int(s.n)), ' accounts · ', h('b', null, arrShort(s.arr)), ' ARR · ', h('b', null, arrShort(s.risk)), ' at risk'));
      }))));
  if (focusId) document.getElementById(focusId)?.focus();
  if (typeof window.Chart !== 'function') {
    canvas.replaceWith(h('p', { class: 'file-error' }, 'The chart library did not load.'));
    return;
  }
  chart?.destroy();
  const at = positions(placed, r.summary.usage_cut, r.summary.satisfaction_cut);
  const points = placed.map((a, i) => ({ x: at[i].x, y: at[i].y, r: radius(a), a }));
  chart = new window.Chart(canvas, {
    type: 'bubble',
    data: {
      datasets: [{
        data: points,
        // Scores on low coverage are drawn pale (see confidence.js).
        backgroundColor: points.map((p) => `${bandOf(state.model, p.a.band)?.color || '#98a2b3'}${isLowCoverage(p.a) ? '33' : 'b3'}`),
        borderColor: points.map((p) => bandOf(state.model, p.a.band)?.color || '#98a2b3'),
        borderWidth: 1,
        hoverBorderWidth: 2,
        clip: 8,
      }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { left: 8, right: 8, top: LABEL_GAP + 16, bottom: 26 } },
      scales: {
        x: { min: -4, max: 104, afterBuildTicks: (axis) => { axis.ticks = [0, 20, 40, 60, 80, 100].map((value) => ({ value })); }, title: { display: true, text: 'Usage index →', color: '#344054', font: { weight: '600' } }, grid: { color: '#eef0f4' } },
        y: { min: -4, max: 104, afterBuildTicks: (axis) => { axis.ticks = [0, 20, 40, 60, 80, 100].map((value) => ({ value })); }, title: { display: true, text: 'Satisfaction index →', color: '#344054', font: { weight: '600' } }, grid: { color: '#eef0f4' } },
      },
      plugins: {
        legend: { display: false },
        quadrantCuts: { usageCut: r.summary.usage_cut, satisfactionCut: r.summary.satisfaction_cut, usageMedian },
        tooltip: {
          callbacks: {
            label: (item) => {
              const a = item.raw.a;
              const lines = [`${a.name || a.account_id}`, `Health ${score(a.health_score)}${isLowCoverage(a) ? ' (low coverage)' : ''} · ARR ${arr(a.arr)}`, `Satisfaction ${score(a.satisfaction_index)} · usage ${score(a.usage_index)}`];
              return lines.concat(disagreementText(state.model, a, offAxisText) || []);
            },
          },
        },
      },
      onClick: (_e, elements) => {
        if (elements.length) ctx.openAccount(points[elements[0].index].a.account_id);
      },
      onHover: (e, elements) => { e.native.target.style.cursor = elements.length ? 'pointer' : 'default'; },
    },
    plugins: [quadrantPlugin],
  });
  enableKeyboard(canvas, chart, points, announcer, ctx, (a) => disagreementText(state.model, a, offAxisText));
}

/** Arrow keys / Home / End move an active bubble (largest ARR first), Enter opens its account. */
function enableKeyboard(canvas, c, points, announcer, ctx, explain) {
  const order = points.map((p, i) => i).sort((i, j) => (points[j].a.arr || 0) - (points[i].a.arr || 0) || i - j);
  let at = -1;
  const show = (k) => {
    if (!order.length) return;
    at = (k + order.length) % order.length;
    const index = order[at];
    const active = [{ datasetIndex: 0, index }];
    c.setActiveElements(active);
    const el = c.getDatasetMeta(0).data[index];
    c.tooltip.setActiveElements(active, { x: el.x, y: el.y });
    c.update('none');
    const a = points[index].a;
    const quadrant = a.quadrant ? QUADRANTS[a.quadrant].label : 'no quadrant';
    announcer.textContent = `${at + 1} of ${order.length}: ${a.name || a.account_id}, ${quadrant}, health ${score(a.health_score)}, ARR ${arr(a.arr)}, satisfaction ${score(a.satisfaction_index)}, usage ${score(a.usage_index)}.${explain(a) ? ` ${explain(a)}` : ''}`;
    canvas.dataset.activeAccount = a.account_id;
  };
  canvas.addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (step !== undefined) show(at < 0 ? (step > 0 ? 0 : -1) : at + step);
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(order.length - 1);
    else if ((e.key === 'Enter' || e.key === ' ') && at >= 0) ctx.openAccount(points[order[at]].a.account_id);
    else return;
    e.preventDefault();
  });
  canvas.addEventListener('blur', () => {
    c.setActiveElements([]);
    c.tooltip.setActiveElements([], { x: 0, y: 0 });
    c.update('none');
  });
}

/** "N of the M placed accounts rest on fewer than 5 satisfaction answers…", filled when the worker answers. */
function thinNote(state, ctx, placed) {
  const line = h('p', { class: 'muted small low-cov-note', id: 'quadrant-thin', hidden: true });
  if (!ctx.thinSatisfaction || !placed.length) return line;
  const r = state.results;
  if (!thinAsked.has(r)) thinAsked.set(r, ctx.thinSatisfaction(placed.map((a) => a.account_id), state.model?.quadrants?.satisfaction_measures || []).catch(() => null));
  thinAsked.get(r).then((t) => {
    if (!t || !t.thin) return;
    const of = t.sampled < placed.length ? `${int(t.thin)} of ${int(t.sampled)} placed accounts read (sampled evenly from ${int(placed.length)})` : `${int(t.thin)} of the ${int(placed.length)} placed accounts`;
    line.textContent = `${of} rest on fewer than ${t.below} satisfaction answers: thin evidence, so their side of the satisfaction cut is a first guess. The account detail gives each one's count.`;
    line.hidden = false;
  });
  return line;
}

/** Why an account's band and quadrant differ, in words (null when they agree). */
export function disagreementText(model, a, offAxisText) {
  const way = disagreement(model, a);
  if (!way) return null;
  const band = bandOf(model, a.band)?.label || a.band;
  const quadrant = QUADRANTS[a.quadrant]?.label || a.quadrant;
  return way === 'better'
    ? `${band} overall, yet ${quadrant} here: satisfaction is below the cut, while the rest of the score (${offAxisText}) is strong.`
    : `${band} overall, yet ${quadrant} here: satisfied and active, but the rest of the score (${offAxisText}) is weak.`;
}

/** The cuts the chart uses, changeable in place (they are the model's; the editor has them too). */
function cutControls(state, ctx, r, usageMedian) {
  const q = state.model?.quadrants || {};
  const portfolioMedian = median(r.accounts.map((a) => a.usage_index).filter(isNum));
  const change = (patch) => {
    const model = structuredClone(state.model);
    Object.assign(model.quadrants, patch);
    ctx.setModel(model);
  };
  const defaultCut = isNum(state.defaultModel?.quadrants?.usage_cut) ? state.defaultModel.quadrants.usage_cut : 50;
  const mode = h('select', { id: 'quad-usage-mode', 'aria-label': 'How the usage cut is set' },
    h('option', { value: 'fixed', selected: !usageMedian }, 'fixed at'),
    h('option', { value: 'median', selected: usageMedian }, 'the portfolio median'));
  const fixed = h('input', { type: 'number', id: 'quad-usage-cut', min: 0, max: 100, step: 1, 'aria-label': 'Fixed usage cut (0–100)',
    value: String(usageMedian ? defaultCut : q.usage_cut), hidden: usageMedian });
  const sat = h('input', { type: 'number', id: 'quad-satisfaction-cut', min: 0, max: 100, step: 1, 'aria-label': 'Satisfaction cut (0–100)', value: String(q.satisfaction_cut) });
  const valid = (input) => input.value !== '' && Number(input.value) >= 0 && Number(input.value) <= 100;
  mode.addEventListener('change', () => change({ usage_cut: mode.value === 'median' ? 'median' : defaultCut }));
  fixed.addEventListener('change', () => { if (valid(fixed)) change({ usage_cut: Number(fixed.value) }); });
  sat.addEventListener('change', () => { if (valid(sat)) change({ satisfaction_cut: Number(sat.value) }); });
  return h('div', { class: 'card quad-cuts', id: 'quadrant-cuts' },
    h('div', { class: 'row' },
      h('span', null, h('b', null, 'High usage'), ' from ', h('output', { id: 'quad-usage-used' }, score(r.summary.usage_cut)), ', ', mode, fixed),
      h('span', null, h('b', null, 'High satisfaction'), ' from ', sat)),
    h('p', { class: 'muted small' }, usageMedian
      ? `The usage cut follows this portfolio's median (${score(portfolioMedian)}): half the accounts are "under-users" by construction, however much they use the product.`
      : `A fixed usage cut compares each account with the model's own usage targets (index 50 ≈ half of the expected usage), so an account is an under-user for using little, not for using less than its peers${isNum(portfolioMedian) ? ` (this portfolio's median is ${score(portfolioMedian)})` : ''}. Changes here change the model and re-score.`));
}
