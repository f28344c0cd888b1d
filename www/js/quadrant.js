// Satisfaction × usage quadrant chart (Chart.js bubble chart, bundled locally).
import { h, mount } from './dom.js';
import { int, score, arr, arrShort, QUADRANTS, QUADRANT_ORDER, bandOf, isNum, isLowCoverage } from './format.js';

let chart = null;

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
    const label = (q, px, py, align) => {
      const text = QUADRANTS[q].label.toUpperCase();
      const w = ctx.measureText(text).width + 12;
      const left = align === 'left' ? px - 6 : px - w + 6;
      ctx.fillStyle = 'rgba(255,255,255,0.88)';
      ctx.beginPath();
      ctx.roundRect(left, py - 10, w, 20, 4);
      ctx.fill();
      ctx.fillStyle = QUADRANTS[q].color;
      ctx.textAlign = align;
      ctx.fillText(text, px, py);
    };
    label('under_user', area.left + 12, area.top + 14, 'left');
    label('champion', area.right - 12, area.top + 14, 'right');
    label('at_risk', area.left + 12, area.bottom - 14, 'left');
    label('cry_for_help', area.right - 12, area.bottom - 14, 'right');
    ctx.fillStyle = '#667085';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.fillText(`usage cut ${score(opts.usageCut)}`, cx + 4, area.bottom - 34);
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
  const radius = (a) => 4 + Math.sqrt((a.arr || 0) / maxArr) * 20;
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
  mount(el,
    h('div', { class: 'view-head' },
      h('div', null, h('h2', null, 'Satisfaction × usage'),
        h('p', { class: 'muted' }, 'How they feel (CSAT, NPS) against what they do (usage). Bubble size is ARR; colour is the health band. Click a bubble for the account.'))),
    h('div', { class: 'quad-layout' },
      h('div', { class: 'card chart-card' }, h('div', { class: 'chart-box' }, canvas), keysHelp, announcer,
        missing ? h('p', { class: 'muted small' }, `${int(missing)} account${missing === 1 ? '' : 's'} not shown: no survey or usage data to place them.`) : null,
        placed.some(isLowCoverage) ? h('p', { class: 'muted small', id: 'quadrant-low-coverage' }, `${int(placed.filter(isLowCoverage).length)} pale bubbles: scores on low coverage (little of the model's weight had data).`) : null,
        allPlaced.length > placed.length ? h('p', { class: 'muted small' }, `Showing the ${int(placed.length)} largest accounts by ARR of ${int(allPlaced.length)}; the Accounts table lists all of them.`) : null),
      h('div', { class: 'quad-cards' }, QUADRANT_ORDER.map((q) => {
        const s = byQuadrant.get(q);
        return h('button', { type: 'button', class: 'card quad-card', style: { '--q': QUADRANTS[q].color }, 'data-quadrant': q,
          onclick: () => { ctx.navigate('playbooks'); document.dispatchEvent(new CustomEvent('ch:playbook', { detail: q })); } },
        h('span', { class: 'quad-card-title' }, h('span', { class: 'dot' }), QUADRANTS[q].label),
        h('span', { class: 'muted small' }, QUADRANTS[q].axis),
        h('span', { class: 'quad-card-stats' }, h('b', null, int(s.n)), ' accounts · ', h('b', null, arrShort(s.arr)), ' ARR · ', h('b', null, arrShort(s.risk)), ' at risk'));
      }))));
  if (typeof window.Chart !== 'function') {
    canvas.replaceWith(h('p', { class: 'file-error' }, 'The chart library did not load.'));
    return;
  }
  chart?.destroy();
  const points = placed.map((a) => ({ x: a.usage_index, y: a.satisfaction_index, r: radius(a), a }));
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
      layout: { padding: 8 },
      scales: {
        x: { min: -4, max: 104, afterBuildTicks: (axis) => { axis.ticks = [0, 20, 40, 60, 80, 100].map((value) => ({ value })); }, title: { display: true, text: 'Usage index →', color: '#344054', font: { weight: '600' } }, grid: { color: '#eef0f4' } },
        y: { min: -4, max: 104, afterBuildTicks: (axis) => { axis.ticks = [0, 20, 40, 60, 80, 100].map((value) => ({ value })); }, title: { display: true, text: 'Satisfaction index →', color: '#344054', font: { weight: '600' } }, grid: { color: '#eef0f4' } },
      },
      plugins: {
        legend: { display: false },
        quadrantCuts: { usageCut: r.summary.usage_cut, satisfactionCut: r.summary.satisfaction_cut },
        tooltip: {
          callbacks: {
            label: (item) => {
              const a = item.raw.a;
              return [`${a.name || a.account_id}`, `Health ${score(a.health_score)}${isLowCoverage(a) ? ' (low coverage)' : ''} · ARR ${arr(a.arr)}`, `Satisfaction ${score(a.satisfaction_index)} · usage ${score(a.usage_index)}`];
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
  enableKeyboard(canvas, chart, points, announcer, ctx);
}

/** Arrow keys / Home / End move an active bubble (largest ARR first), Enter opens its account. */
function enableKeyboard(canvas, c, points, announcer, ctx) {
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
    announcer.textContent = `${at + 1} of ${order.length}: ${a.name || a.account_id}, ${quadrant}, health ${score(a.health_score)}, ARR ${arr(a.arr)}, satisfaction ${score(a.satisfaction_index)}, usage ${score(a.usage_index)}.`;
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
