// "Learn from this snapshot" card: candidate measures with their churn tables (small bar
// charts), Learn (out-of-fold figures, new weights beside the current ones), Adopt. Runs
// in the worker (engine.discover_json / learn_json); see docs/learning.md.
import { h } from './dom.js';
import { int, pct, pct1, measureLabel } from './format.js';

// Per data + model: { key, candidates?, candidatesError?, learned?, learnError?, busy }.
let memo = null;

const f3 = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '—');
const lift = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.appendChild(c);
  return el;
}

function keyOf(state) {
  const r = state.results;
  return JSON.stringify([state.model?.version, state.model?.groups, r?.summary?.rows_read, r?.summary?.accounts]);
}

/** Churn rate per bin or category as a small bar chart (the table has the numbers). */
function churnChart(d) {
  const rows = d.table;
  const w = 14;
  const height = 36;
  const max = Math.max(0.01, ...rows.map((r) => r.churn_rate));
  const bars = rows.map((r, i) => {
    const bh = Math.max(1, Math.round((r.churn_rate / max) * height));
    return svg('rect', { x: i * (w + 2), y: height - bh, width: w, height: bh, class: r.label === '(missing)' ? 'learn-bar missing' : 'learn-bar' },
      svg('title', {}, document.createTextNode(`${r.label}: ${pct(r.churn_rate)} churned of ${int(r.accounts)}`)));
  });
  return svg('svg', { width: rows.length * (w + 2), height, role: 'img', class: 'learn-chart',
    'aria-label': `Churn rate by ${d.value === 'category' ? 'category' : 'decile'} of ${d.header}: ${rows.map((r) => `${r.label} ${pct(r.churn_rate)}`).join(', ')}` }, ...bars);
}

function verdictText(v) {
  if (v.status === 'usable') return 'candidate';
  const why = v.reason || '';
  return v.status === 'leak' ? `probable leak, left out: ${why}` : `left out: ${why}`;
}

function candidateTable(list) {
  const sorted = [...list].sort((a, b) => (b.auc ?? 0) - (a.auc ?? 0));
  return h('table', { class: 'data-table compact', id: 'candidates-table' },
    h('caption', { class: 'muted small' }, 'Each column and measure alone: churn rate by decile (numbers) or category, AUC out of fold (0.5 = no signal), share of accounts with a value.'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Candidate'), h('th', { scope: 'col' }, 'Churn by value'),
      h('th', { scope: 'col', class: 'num' }, 'AUC'), h('th', { scope: 'col', class: 'num' }, 'Coverage'),
      h('th', { scope: 'col' }, 'Direction'), h('th', { scope: 'col' }, 'Verdict'))),
    h('tbody', null, sorted.map((d) => h('tr', { class: d.verdict.status === 'leak' ? 'learn-leak' : null, dataset: { candidate: d.id } },
      h('th', { scope: 'row' }, d.builtin ? measureLabel(d.id) : d.header),
      h('td', null, churnChart(d)),
      h('td', { class: 'num' }, f3(d.auc)),
      h('td', { class: 'num' }, pct(d.coverage)),
      h('td', { class: 'small' }, d.direction),
      h('td', { class: 'small' }, verdictText(d.verdict))))));
}

/** Share of the score (full data) of every measure in a model. */
function shares(model) {
  const out = new Map();
  const groups = (model?.groups || []).filter((g) => g.measures.some((m) => m.weight > 0));
  const total = groups.reduce((s, g) => s + g.weight, 0);
  for (const g of groups) {
    const inner = g.measures.reduce((s, m) => s + m.weight, 0);
    for (const m of g.measures) if (inner > 0 && total > 0) out.set(m.measure, (out.get(m.measure) || 0) + (g.weight / total) * (m.weight / inner));
  }
  return out;
}

function figuresRow(name, f) {
  if (!f) return null;
  return h('tr', null, h('th', { scope: 'row' }, name),
    h('td', { class: 'num' }, f3(f.auc), typeof f.auc_standard_error === 'number' ? ` ± ${f.auc_standard_error.toFixed(3)}` : ''),
    h('td', { class: 'num' }, lift(f.top_decile_lift)));
}

function learnedView(state, ctx, result, status) {
  const l = result.learning;
  const before = shares(state.model);
  const after = shares(result.model);
  const label = (id) => result.model.measures?.find((m) => m.id === id)?.label || measureLabel(id);
  const ids = [...new Set([...after.keys(), ...before.keys()])].filter((id) => (after.get(id) || 0) > 0 || (before.get(id) || 0) > 0);
  const direction = new Map(l.measures.map((m) => [m.id, m.direction]));
  return h('div', { id: 'learned' },
    h('p', { id: 'learn-sentence' }, l.sentence),
    h('table', { class: 'data-table compact', id: 'learn-figures' },
      h('caption', { class: 'muted small' }, `Out of fold: ${l.folds} stratified folds, each learned from the other folds only; ${int(l.labelled)} labelled accounts, ${int(l.churned)} churned${l.unlabelled ? `; ${int(l.unlabelled)} without a readable label (scored, not learned from)` : ''}.`),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Score'), h('th', { scope: 'col', class: 'num' }, 'AUC'), h('th', { scope: 'col', class: 'num' }, 'Top-decile lift'))),
      h('tbody', null,
        figuresRow('Learned health score', l.learned),
        figuresRow('Plain logistic regression (same columns)', l.logistic_regression),
        figuresRow('Current model', l.current))),
    h('table', { class: 'data-table compact', id: 'learn-weights' },
      h('caption', { class: 'muted small' }, 'Share of the score with every input present.'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Measure'), h('th', { scope: 'col', class: 'num' }, 'Current'),
        h('th', { scope: 'col', class: 'num' }, 'Learned'), h('th', { scope: 'col' }, 'Direction learned'))),
      h('tbody', null, ids.sort((a, b) => (after.get(b) || 0) - (after.get(a) || 0)).map((id) => h('tr', null,
        h('th', { scope: 'row' }, label(id)), h('td', { class: 'num' }, pct1(before.get(id) || 0)),
        h('td', { class: 'num' }, pct1(after.get(id) || 0)), h('td', { class: 'small' }, direction.get(id) || ''))))),
    l.calibration?.length ? h('p', { class: 'muted small', id: 'learn-calibration' },
      `Churn probability (Platt, fitted out of fold), riskiest tenth: predicted ${pct1(l.calibration[0].predicted)}, observed ${pct1(l.calibration[0].observed)}; safest tenth: predicted ${pct1(l.calibration.at(-1).predicted)}, observed ${pct1(l.calibration.at(-1).observed)}.`) : null,
    h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn btn-primary', id: 'btn-learn-adopt', onclick: async () => {
        const problems = await ctx.setModel(structuredClone(result.model));
        if (problems && problems.length) status.textContent = `The learned model was not adopted: ${problems.join('; ')}`;
        else memo = null;
      } }, 'Adopt the learned model'),
      h('span', { class: 'muted small' }, ' Its measures, weights, thresholds and churn probability replace the current groups; bands and flags stay. Reset from the Model tab.')));
}

/** The card (always offered once data is loaded; the engine says when it cannot learn). */
export function renderLearn(state, ctx, rerender) {
  if (!state.results) return null;
  const key = keyOf(state);
  if (!memo || memo.key !== key) memo = { key };
  const m = memo;
  const status = h('p', { class: 'muted small', role: 'status', id: 'learn-status' },
    m.busy || 'Learns a model from accounts with a churn column: every column is a candidate measure; directions, thresholds and weights are learned and tested out of fold.');
  const run = (what) => async () => {
    m.busy = what === 'learn' ? 'Learning from the snapshot…' : 'Reading the candidate measures…';
    rerender();
    try {
      if (what === 'learn') m.learned = await ctx.learn(state.model);
      else m.candidates = await ctx.discover(state.model);
      m[`${what}Error`] = null;
    } catch (err) {
      m[`${what}Error`] = String(err?.message || err);
    }
    m.busy = null;
    rerender();
  };
  const candidates = m.candidates || m.learned?.learning?.discoveries;
  return h('div', { class: 'card patterns', id: 'learn' },
    h('h3', null, 'Learn a model from this snapshot'),
    status,
    h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn', id: 'btn-discover', disabled: Boolean(m.busy), onclick: run('discover') }, 'Show candidate measures'),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'btn-learn', disabled: Boolean(m.busy), onclick: run('learn') }, m.learned ? 'Learn again' : 'Learn')),
    m.discoverError ? h('p', { class: 'file-error', role: 'alert', id: 'discover-error' }, m.discoverError) : null,
    m.learnError ? h('p', { class: 'file-error', role: 'alert', id: 'learn-error' }, m.learnError) : null,
    m.learned ? learnedView(state, ctx, m.learned, status) : null,
    candidates ? candidateTable(candidates) : null);
}
