// "Does the score predict churn?" card (Segments view): the backtest in Results.backtest
// (AUC, lift, ROC chart, calibration by risk decile, single signals) and calibration: learn
// measure weights from the same history in the worker, compare them out of time with the
// current ones, and adopt them into the model.
import { h } from './dom.js';
import { int, num, pct, pct1, measureLabel, flagLabel, bandOf } from './format.js';

let rocChart = null;
// The last calibration, for the model and data it was computed with.
let learned = null;
// A backtest with a chosen cut-off / outcome source: { key, cutoff, outcome, result?, error? }.
let chosen = null;

const OUTCOMES = [
  ['', 'dated records (default)'],
  ['events', 'churn events'],
  ['subscriptions', 'churned subscriptions'],
  ['account-flag', 'accounts churn flag (undated)'],
];

const f3 = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—');
const lift = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');

function calibrationKey(state) {
  const r = state.results;
  return JSON.stringify([state.model?.version, state.model?.groups, state.model?.windows, r?.summary?.as_of, r?.summary?.rows_read]);
}

/** The backtest card, or null when the data records no churn. Call `after()` once mounted. */
export function renderBacktest(state, ctx, rerender) {
  const key = calibrationKey(state);
  if (chosen && chosen.key !== key) chosen = null;
  const b = chosen?.result || state.results?.backtest;
  if (!b) return { node: null, after: () => {} };
  const canvas = h('canvas', { id: 'roc-canvas', role: 'img',
    'aria-label': `ROC curve of the health score: AUC ${f3(b.auc)} (0.5 is chance). The calibration table below has the figures by risk decile.` });
  const measures = b.signals.filter((s) => s.kind === 'measure' && s.accounts > 0);
  const flags = b.signals.filter((s) => s.kind === 'flag' && s.fired > 0);
  const node = h('div', { class: 'card patterns', id: 'backtest' },
    h('h3', null, 'Does the score predict churn?'),
    renderChoice(state, ctx, rerender, b, key),
    h('p', { id: 'backtest-sentence' }, b.sentence),
    b.caveat ? h('p', { class: 'file-error', role: 'note' }, `Caveat: ${b.caveat}`) : null,
    h('p', { class: 'muted small' },
      `Scored as of ${b.scored_at} from data up to then; churn (${String(b.outcome_source).replace('_', ' ')}) over the next ${int(b.horizon_days)} days: `
      + `${int(b.churned)} of ${int(b.scored)} accounts (${pct(b.base_rate)}). AUC ${f3(b.auc)}${typeof b.auc_standard_error === 'number' ? ` ± ${(1.96 * b.auc_standard_error).toFixed(3)}` : ''} (0.5 = chance, 1 = perfect) · `
      + `lift in the riskiest tenth ${lift(b.lift_top_decile)} (1× = no better than random).`),
    h('div', { class: 'backtest-grid' },
      h('div', { class: 'chart-box short' }, canvas),
      h('table', { class: 'data-table compact', id: 'calibration-table' },
        h('caption', { class: 'muted small' }, 'Risk deciles, riskiest first. Predicted = (100 − score) ÷ 100, the score read as a risk, not a fitted probability.'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Decile'), h('th', { scope: 'col', class: 'num' }, 'Accounts'),
          h('th', { scope: 'col', class: 'num' }, 'Predicted'), h('th', { scope: 'col', class: 'num' }, 'Observed churn'))),
        h('tbody', null, b.calibration.map((row) => h('tr', null,
          h('th', { scope: 'row' }, String(row.decile)), h('td', { class: 'num' }, num(row.accounts)),
          h('td', { class: 'num' }, pct(row.predicted)), h('td', { class: 'num' }, pct1(row.observed))))))),
    b.bands?.length ? h('table', { class: 'data-table compact' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Band then'), h('th', { scope: 'col', class: 'num' }, 'Accounts'), h('th', { scope: 'col', class: 'num' }, 'Churned'), h('th', { scope: 'col', class: 'num' }, 'Churn rate'))),
      h('tbody', null, b.bands.map(([id, n, churned]) => h('tr', null,
        h('th', { scope: 'row' }, bandOf(state.model, id)?.label || id), h('td', { class: 'num' }, int(n)), h('td', { class: 'num' }, int(churned)),
        h('td', { class: 'num' }, n ? pct(churned / n) : '—'))))) : null,
    h('h4', null, 'Each signal on its own'),
    h('table', { class: 'data-table compact', id: 'signals-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Signal'), h('th', { scope: 'col', class: 'num' }, 'Accounts'),
        h('th', { scope: 'col', class: 'num' }, 'AUC'), h('th', { scope: 'col', class: 'num' }, 'Lift'))),
      h('tbody', null,
        measures.map((s) => h('tr', null, h('th', { scope: 'row' }, measureLabel(s.id)), h('td', { class: 'num' }, int(s.accounts)),
          h('td', { class: 'num' }, f3(s.auc)), h('td', { class: 'num' }, lift(s.lift)))),
        flags.map((s) => h('tr', null, h('th', { scope: 'row' }, `Flag: ${flagLabel(s.id)}`), h('td', { class: 'num' }, `${int(s.fired)} fired`),
          h('td', { class: 'num' }, f3(s.auc)), h('td', { class: 'num' }, lift(s.lift)))))),
    h('p', { class: 'muted small' }, 'Measures: lift of the lowest-scoring tenth. Flags: churn rate when fired ÷ overall rate.'),
    renderCalibrate(state, ctx, rerender));
  return { node, after: () => drawRoc(canvas, b) };
}

function renderChoice(state, ctx, rerender, b, key) {
  const date = h('input', { type: 'date', id: 'backtest-date', value: chosen?.cutoff || b.scored_at, required: true });
  const outcome = h('select', { id: 'backtest-outcome' },
    OUTCOMES.map(([value, label]) => h('option', { value, selected: (chosen?.outcome || '') === value }, label)));
  const run = h('button', { type: 'submit', class: 'btn btn-small', id: 'btn-backtest-run' }, 'Run backtest');
  return h('form', { class: 'backtest-choice', 'aria-label': 'Backtest settings', onsubmit: async (e) => {
    e.preventDefault();
    run.disabled = true;
    const choice = { key, cutoff: date.value, outcome: outcome.value };
    try {
      chosen = { ...choice, result: await ctx.backtest(state.model, { cutoff: choice.cutoff, outcome: choice.outcome }) };
    } catch (err) {
      chosen = { ...choice, result: null, error: String(err?.message || err) };
    }
    learned = null;
    rerender();
  } },
  h('label', null, 'Scored as of ', date),
  h('label', null, 'Churn from ', outcome),
  run,
  chosen ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', id: 'btn-backtest-default', onclick: () => { chosen = null; learned = null; rerender(); } }, 'Back to the default') : null,
  chosen?.error ? h('p', { class: 'file-error', role: 'alert', id: 'backtest-error' }, chosen.error) : null);
}

function renderCalibrate(state, ctx, rerender) {
  const key = calibrationKey(state) + JSON.stringify([chosen?.cutoff, chosen?.outcome]);
  const current = learned && learned.key === key ? learned : null;
  const status = h('p', { class: 'muted small', role: 'status', id: 'calibrate-status' },
    current?.error ? '' : 'Fits weights to this history with a regularised logistic regression, training on earlier periods and testing on later ones only.');
  const button = h('button', { type: 'button', class: 'btn', id: 'btn-calibrate', onclick: async () => {
    // (the last cut-off of the folds is the backtest's cut-off above)
    button.disabled = true;
    status.textContent = 'Learning weights from the churn history…';
    try {
      const choice = chosen && !chosen.error ? { cutoff: chosen.cutoff, outcome: chosen.outcome } : {};
      learned = { key, result: await ctx.calibrate(state.model, choice) };
    } catch (err) {
      learned = { key, error: String(err?.message || err) };
    }
    rerender();
  } }, current?.result ? 'Learn weights again' : 'Learn weights from this history');
  const parts = [h('h4', null, 'Learn weights from this history'), h('div', { class: 'row-actions' }, button), status];
  if (current?.error) parts.push(h('p', { class: 'file-error', role: 'alert' }, current.error));
  const c = current?.result;
  if (!c) return h('div', { id: 'calibrate' }, parts);
  parts.push(
    h('p', { id: 'calibrate-sentence' }, c.sentence),
    h('table', { class: 'data-table compact', id: 'weights-table' },
      h('caption', { class: 'muted small' }, `Share of the score with full data. Cut-offs ${c.cutoffs.join(', ')}; missing values: ${c.missing_values}.`),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Measure'), h('th', { scope: 'col', class: 'num' }, 'Current'),
        h('th', { scope: 'col', class: 'num' }, 'Learned'), h('th', { scope: 'col' }, 'Why'))),
      h('tbody', null, c.weights.filter((w) => w.current_share > 0 || w.learned_share > 0).map((w) => h('tr', null,
        h('th', { scope: 'row' }, measureLabel(w.measure)), h('td', { class: 'num' }, pct1(w.current_share)),
        h('td', { class: 'num' }, pct1(w.learned_share)), h('td', { class: 'small' }, w.note))))),
    h('table', { class: 'data-table compact', id: 'folds-table' },
      h('caption', { class: 'muted small' }, 'Out of time: each row is scored at a cut-off with weights learned only from earlier periods.'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Tested at'), h('th', { scope: 'col', class: 'num' }, 'Churned'),
        h('th', { scope: 'col', class: 'num' }, 'AUC now'), h('th', { scope: 'col', class: 'num' }, 'AUC learned'),
        h('th', { scope: 'col', class: 'num' }, 'Lift now'), h('th', { scope: 'col', class: 'num' }, 'Lift learned'))),
      h('tbody', null,
        c.folds.map((f) => h('tr', null, h('th', { scope: 'row' }, f.eval_cutoff), h('td', { class: 'num' }, `${int(f.churned)} of ${int(f.accounts)}`),
          h('td', { class: 'num' }, f3(f.current_auc)), h('td', { class: 'num' }, f3(f.learned_auc)),
          h('td', { class: 'num' }, lift(f.current_lift)), h('td', { class: 'num' }, lift(f.learned_lift)))),
        h('tr', null, h('th', { scope: 'row' }, 'Mean'), h('td', null, ''),
          h('td', { class: 'num' }, f3(c.current_mean_auc)), h('td', { class: 'num' }, f3(c.learned_mean_auc)),
          h('td', { class: 'num' }, lift(c.current_mean_lift)), h('td', { class: 'num' }, lift(c.learned_mean_lift))))),
    h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn btn-primary', id: 'btn-adopt', onclick: async () => {
        const problems = await ctx.setModel(structuredClone(c.learned_model));
        learned = null;
        if (problems && problems.length) status.textContent = `The learned model was not adopted: ${problems.join('; ')}`;
      } }, 'Adopt learned weights'),
      h('span', { class: 'muted small' }, ' Only weights change; thresholds, bands and flags stay. Reset from the Model tab.')));
  return h('div', { id: 'calibrate' }, parts);
}

function drawRoc(canvas, b) {
  if (typeof window.Chart !== 'function') {
    canvas.replaceWith(h('p', { class: 'file-error' }, 'The chart library did not load.'));
    return;
  }
  rocChart?.destroy();
  rocChart = new window.Chart(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        { label: `Health score (AUC ${f3(b.auc)})`, data: b.roc.map((p) => ({ x: p.fpr, y: p.tpr })), showLine: true, pointRadius: 0, borderColor: '#2563eb', borderWidth: 2 },
        { label: 'Chance', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, pointRadius: 0, borderColor: '#9ca3af', borderDash: [4, 4], borderWidth: 1 },
      ],
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: {
        x: { min: 0, max: 1, title: { display: true, text: 'Retained accounts flagged (false-positive rate)' }, grid: { color: '#eef0f4' } },
        y: { min: 0, max: 1, title: { display: true, text: 'Churned accounts flagged (true-positive rate)' }, grid: { color: '#eef0f4' } },
      },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12 } } },
    },
  });
}
