// The widget's quadrant view: legend counts and the bubble chart (Chart.js, loaded lazily from
// the package's widget/chart.js). Labels come from the engine's vocabulary.
import { el, isNum, fmtScore, fmtMoney } from './dom.js';
import { QUADRANTS, QUADRANT_ORDER } from '../lib/vocabulary.js';

/** The CSS custom property a host sets to recolour a quadrant (`--ch-q-under-user`). */
export const quadrantVar = (id) => `--ch-q-${id.replace(/_/g, '-')}`;

/** Accounts with both indices (the others cannot be placed). */
export const placedAccounts = (results) => results.accounts.filter((a) => isNum(a.satisfaction_index) && isNum(a.usage_index));

/** Fills the legend: one entry per quadrant with its count, then the accounts not placed. */
export function renderLegend(legend, results, quadColor) {
  legend.replaceChildren();
  const counts = Object.fromEntries(QUADRANT_ORDER.map((q) => [q, 0]));
  for (const a of results.accounts) if (a.quadrant in counts) counts[a.quadrant] += 1;
  for (const q of QUADRANT_ORDER) {
    legend.append(el('li', { 'data-quadrant': q }, el('i', { style: { '--q': quadColor(q) } }), `${QUADRANTS[q].short} ${counts[q]}`));
  }
  const missing = results.accounts.length - placedAccounts(results).length;
  if (missing > 0) legend.append(el('li', null, `${missing} not placed (no survey or usage data)`));
}

/**
 * The Chart.js configuration of the bubble chart: `look` = { bandColor(id), grid, axis, cut }
 * colours; `onSelect(accountId)` when a bubble is clicked.
 */
export function chartConfig(results, look, onSelect) {
  const placed = placedAccounts(results);
  const maxArr = Math.max(1, ...placed.map((a) => a.arr || 0));
  const points = placed.map((a) => ({ x: a.usage_index, y: a.satisfaction_index, r: 3 + Math.sqrt((a.arr || 0) / maxArr) * 14, a }));
  const cuts = { x: results.summary.usage_cut, y: results.summary.satisfaction_cut };
  const cutPlugin = {
    id: 'chCuts',
    beforeDatasetsDraw(c) {
      const { ctx, chartArea: area, scales: { x, y } } = c;
      if (!area || !isNum(cuts.x) || !isNum(cuts.y)) return;
      const cx = x.getPixelForValue(cuts.x);
      const cy = y.getPixelForValue(cuts.y);
      ctx.save();
      ctx.strokeStyle = look.cut;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(cx, area.top); ctx.lineTo(cx, area.bottom);
      ctx.moveTo(area.left, cy); ctx.lineTo(area.right, cy);
      ctx.stroke();
      ctx.restore();
    },
  };
  const axis = (text) => ({ min: 0, max: 100, title: { display: true, text, color: look.axis }, grid: { color: look.grid }, ticks: { color: look.axis } });
  return {
    type: 'bubble',
    data: {
      datasets: [{
        data: points,
        backgroundColor: points.map((p) => `${look.bandColor(p.a.band)}b3`),
        borderColor: points.map((p) => look.bandColor(p.a.band)),
        borderWidth: 1,
      }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { x: axis('Usage index'), y: axis('Satisfaction index') },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const a = item.raw.a;
              return [`${a.name || a.account_id}`, `Health ${fmtScore(a.health_score)} · ARR ${fmtMoney(a.arr)}`];
            },
          },
        },
      },
      onClick: (_e, elements) => {
        if (elements.length) onSelect(points[elements[0].index].a.account_id);
      },
    },
    plugins: [cutPlugin],
  };
}
