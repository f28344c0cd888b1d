// Segment view: compare accounts within ARR tier, region, size and plan, and what the
// healthiest accounts do differently.
import { h, mount } from './dom.js';
import { renderBacktest } from './backtest.js';
import { renderLearn } from './learn.js';
import { int, score, arrShort, QUADRANTS, QUADRANT_ORDER, SEGMENT_DIMENSIONS, bandOf, rawValue, measureLabel } from './format.js';

let chart = null;
let dimension = 'arr_tier';

export function renderSegments(el, state, ctx) {
  const r = state.results;
  if (!r) return;
  const dims = Object.keys(SEGMENT_DIMENSIONS).filter((d) => r.segments.some((s) => s.dimension === d));
  if (!dims.includes(dimension)) dimension = dims[0] || 'arr_tier';
  const rows = r.segments.filter((s) => s.dimension === dimension);
  const canvas = h('canvas', { id: 'segment-canvas', role: 'img', 'aria-label': `Health bands per ${SEGMENT_DIMENSIONS[dimension]}; the table below has the same numbers.` });
  const tabs = h('div', { class: 'seg-tabs', role: 'group', 'aria-label': 'Segment by' },
    dims.map((d) => h('button', { type: 'button', class: `seg-tab${d === dimension ? ' active' : ''}`, 'aria-pressed': String(d === dimension),
      onclick: () => { dimension = d; renderSegments(el, state, ctx); } }, SEGMENT_DIMENSIONS[d])));
  const backtest = renderBacktest(state, ctx, () => renderSegments(el, state, ctx));
  mount(el,
    h('div', { class: 'view-head' },
      h('div', null, h('h2', null, 'Segments'),
        h('p', { class: 'muted' }, 'The quadrant framework assumes similar spend: compare accounts within their segment.')),
      tabs),
    rows.length === 0 ? h('p', { class: 'empty' }, 'No segment data for this dimension.') : [
      h('div', { class: 'card chart-card seg-chart' }, h('div', { class: 'chart-box short' }, canvas)),
      h('div', { class: 'card table-card' }, h('table', { class: 'data-table', id: 'segment-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, SEGMENT_DIMENSIONS[dimension]), h('th', { scope: 'col', class: 'num' }, 'Accounts'),
          h('th', { scope: 'col', class: 'num' }, 'Mean health'), h('th', { scope: 'col', class: 'num' }, 'Median'),
          h('th', { scope: 'col', class: 'num' }, 'ARR'), h('th', { scope: 'col', class: 'num' }, 'Revenue at risk'),
          QUADRANT_ORDER.map((q) => h('th', { scope: 'col', class: 'num' }, QUADRANTS[q].short)))),
        h('tbody', null, rows.map((s) => {
          const quads = new Map(s.quadrants);
          return h('tr', null,
            h('th', { scope: 'row' }, s.label),
            h('td', { class: 'num' }, `${int(s.accounts)}`, s.scored !== s.accounts ? h('span', { class: 'muted' }, ` (${int(s.scored)} scored)`) : null),
            h('td', { class: 'num' }, score(s.mean_score)), h('td', { class: 'num' }, score(s.median_score)),
            h('td', { class: 'num' }, arrShort(s.arr)), h('td', { class: 'num' }, arrShort(s.revenue_at_risk)),
            QUADRANT_ORDER.map((q) => h('td', { class: 'num' }, int(quads.get(q) || 0))));
        }))))],
    backtest.node,
    renderLearn(state, ctx, () => renderSegments(el, state, ctx)),
    h('div', { class: 'card patterns' },
      h('h3', null, 'What healthy accounts do differently'),
      r.healthy_patterns.length ? h('table', { class: 'data-table', id: 'patterns-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Input'), h('th', { scope: 'col', class: 'num' }, 'Healthiest accounts'), h('th', { scope: 'col', class: 'num' }, 'Others'), h('th', { scope: 'col' }, 'In words'))),
        h('tbody', null, r.healthy_patterns.map((p) => h('tr', null,
          h('th', { scope: 'row' }, measureLabel(p.measure)),
          h('td', { class: 'num' }, rawValue(p.healthy_median, p.unit)),
          h('td', { class: 'num' }, rawValue(p.others_median, p.unit)),
          h('td', null, p.sentence)))))
        : h('p', { class: 'muted' }, 'Not enough scored accounts to compare.')));
  backtest.after();
  if (!rows.length || typeof window.Chart !== 'function') return;
  chart?.destroy();
  const bandIds = (state.model?.bands || []).map((b) => b.id);
  chart = new window.Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((s) => s.label),
      datasets: bandIds.map((id) => {
        const b = bandOf(state.model, id);
        return { label: b.label, backgroundColor: b.color, data: rows.map((s) => (new Map(s.bands).get(id) || 0)), borderWidth: 0, barThickness: 22 };
      }),
    },
    options: {
      indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true, title: { display: true, text: 'Accounts' }, grid: { color: '#eef0f4' } }, y: { stacked: true, grid: { display: false } } },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } } },
    },
  });
}
