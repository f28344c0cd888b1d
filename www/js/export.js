// Export: results as CSV or JSON (downloaded from a Blob, never sent anywhere) and a
// printable report.
import { h, mount } from './dom.js';
import { showError } from './errors.js';
import { score, arr, pct, flagLabel, QUADRANTS, bandOf, int, arrShort, isLowCoverage, lowCoverageShare } from './format.js';
import { modelIdentity } from './model-identity.js';

/** Offers `text` as a file download. */
export function downloadText(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Date and model fingerprint for file names: customer-health-2026-10-31-model-1a2b3c4d. */
function stamp(state) {
  const day = (state.results.summary.as_of || new Date().toISOString().slice(0, 10)).replace(/[^\d-]/g, '');
  const id = modelIdentity(state.model, state.defaultModel);
  return id ? `${day}-model-${id.fingerprint}` : day;
}

/** The engine's JSON with the model's identity as the page shows it added to the summary. */
function withIdentity(json, state) {
  const id = modelIdentity(state.model, state.defaultModel);
  if (!id) return json;
  const results = JSON.parse(json);
  results.summary = { ...results.summary, model_title: id.title, model_fingerprint: id.fingerprint, model_modified_from: id.modifiedFrom,
    low_coverage_below: lowCoverageShare() };
  return JSON.stringify(results, null, 2);
}

function buildReport(state) {
  const r = state.results;
  const s = r.summary;
  const top = [...r.accounts].filter((a) => a.priority).sort((x, y) => x.priority.rank - y.priority.rank).slice(0, 40);
  mount(document.getElementById('print-report'),
    h('h1', null, 'Customer health report'),
    h('p', { id: 'print-model' }, `As of ${s.as_of} · model “${modelIdentity(state.model, state.defaultModel)?.text || s.model_name}” · ${int(s.accounts)} accounts, ${int(s.scored)} scored · generated in the browser, no data left this device.`),
    h('table', { class: 'print-kpis' }, h('tbody', null, h('tr', null,
      h('td', null, h('b', null, score(s.mean_score)), ' average health'),
      h('td', null, h('b', null, arrShort(s.total_arr)), ' total ARR'),
      h('td', null, h('b', null, arrShort(s.revenue_at_risk)), ' revenue at risk'),
      h('td', null, s.quadrants.map(([q, n]) => `${QUADRANTS[q]?.short || q}: ${n}`).join(' · '))))),
    h('h2', null, 'Outreach priorities'),
    h('table', { class: 'print-table' },
      h('thead', null, h('tr', null, ['#', 'Account', 'Health', 'Quadrant', 'ARR', 'At risk', 'Play', 'Warnings'].map((t) => h('th', null, t)))),
      h('tbody', null, top.map((a) => h('tr', null,
        h('td', null, String(a.priority.rank)),
        h('td', null, a.name || a.account_id),
        h('td', null, `${score(a.health_score)} ${bandOf(state.model, a.band)?.label || ''}${isLowCoverage(a) ? ' (low coverage)' : ''}`),
        h('td', null, QUADRANTS[a.quadrant]?.short || '—'),
        h('td', null, arr(a.arr)),
        h('td', null, arr(a.priority.revenue_at_risk)),
        h('td', null, a.priority.play),
        h('td', null, a.flags.map((f) => flagLabel(f.flag)).join(', ') || '—'))))),
    h('h2', null, 'Data read'),
    h('table', { class: 'print-table' },
      h('thead', null, h('tr', null, ['File', 'Table', 'Rows read', 'Used', 'Rejected'].map((t) => h('th', null, t)))),
      h('tbody', null, r.files.map((f) => h('tr', null, h('td', null, f.name), h('td', null, f.kind || 'not recognised'),
        h('td', null, int(f.rows_read)), h('td', null, int(f.rows_used)), h('td', null, int(f.rows_rejected)))))),
    h('p', { class: 'muted' }, `Coverage: scores use the inputs available per account; ${pct(r.accounts.reduce((t, a) => t + a.coverage, 0) / Math.max(1, r.accounts.length))} of model weight covered on average.`));
}

export function initExport(state, ctx) {
  const button = document.getElementById('btn-export');
  const menu = document.querySelector('#export-menu .menu-list');
  const items = [...menu.querySelectorAll('[role="menuitem"]')];
  const close = () => { menu.hidden = true; button.setAttribute('aria-expanded', 'false'); };
  button.addEventListener('click', () => {
    const open = menu.hidden;
    menu.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) items[0].focus();
  });
  menu.addEventListener('keydown', (e) => {
    const i = items.indexOf(document.activeElement);
    if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length].focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length].focus(); }
    if (e.key === 'Escape') { close(); button.focus(); }
  });
  document.addEventListener('click', (e) => { if (!e.target.closest('#export-menu')) close(); });
  document.getElementById('export-csv').addEventListener('click', async () => {
    close();
    try {
      // The engine's own writer: the same bytes as the CLI's `--out results.csv`, with
      // spreadsheet formulas neutralised.
      const csv = await ctx.exportCsv();
      downloadText(`customer-health-${stamp(state)}.csv`, csv, 'text/csv;charset=utf-8');
    } catch (err) {
      showError('Could not export the CSV', err.message);
    }
  });
  document.getElementById('export-json').addEventListener('click', async () => {
    close();
    try {
      const json = withIdentity(await ctx.exportJson(), state);
      downloadText(`customer-health-${stamp(state)}.json`, json, 'application/json');
    } catch (err) {
      showError('Could not export the JSON', err.message);
    }
  });
  document.getElementById('export-print').addEventListener('click', () => {
    close();
    buildReport(state);
    window.print();
  });
  window.addEventListener('beforeprint', () => { if (state.results) buildReport(state); });
}
