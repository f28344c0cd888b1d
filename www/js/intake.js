// The Data view: file intake (drop, picker, paste, demo) and the per-file mapping review.
import { h, mount, icon } from './dom.js';
import { bytes, int, TABLE_KINDS, QUADRANTS, QUADRANT_ORDER } from './format.js';
import { playbooksOf } from './playbooks.js';
import { showError } from './errors.js';
import { renderMapping, renderProfiles, renderWhyNoScores } from './mapping.js';

const ACCEPT = '.csv,.tsv,.txt,.json,.xlsx,.xlsm,.xlsb,.xls,.ods,text/csv,text/tab-separated-values,application/json';

function dropZone(ctx, compact) {
  const input = h('input', { type: 'file', id: 'file-input', multiple: true, accept: ACCEPT, class: 'visually-hidden',
    onchange: (e) => { ctx.addFiles([...e.target.files]); e.target.value = ''; } });
  const zone = h('div', { class: `dropzone${compact ? ' compact' : ''}`, id: 'dropzone' },
    icon('upload', compact ? 22 : 36),
    h('div', { class: 'dropzone-text' },
      h('strong', null, compact ? 'Add more files' : 'Drop your exports here'),
      h('span', null, compact ? 'CSV, TSV, JSON or Excel — drop here or ' : 'Accounts, usage, surveys, tickets, goals, touchpoints, releases — CSV, TSV, JSON or Excel/OpenDocument workbooks (one table per sheet). Drop several at once, or ',
        h('label', { for: 'file-input', class: 'link-btn', tabindex: '0',
          onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } } }, 'choose files'),
        '.')),
    input);
  const over = (e) => { e.preventDefault(); zone.classList.add('over'); };
  zone.addEventListener('dragenter', over);
  zone.addEventListener('dragover', over);
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const files = [...(e.dataTransfer?.files || [])];
    if (files.length) ctx.addFiles(files);
  });
  return zone;
}

function pastePanel(ctx) {
  const area = h('textarea', { id: 'paste-text', rows: 6, spellcheck: 'false', placeholder: 'account_id\taccount_name\tarr\tcsat\tlogins_30d\nA-1\tAcme\t48000\t4.5\t120' });
  const name = h('input', { id: 'paste-name', type: 'text', value: 'pasted-table', autocomplete: 'off' });
  const add = () => {
    const text = area.value;
    if (!text.trim()) { area.focus(); return; }
    const base = (name.value.trim() || 'pasted-table').replace(/[^\w.-]+/g, '-');
    const delimited = text.includes('\t') ? '.tsv' : '.csv';
    const fileName = /\.(csv|tsv|json)$/i.test(base) ? base : base + delimited;
    ctx.addFiles([new File([text], fileName, { type: 'text/plain' })]);
    area.value = '';
  };
  return h('details', { class: 'card paste', id: 'paste-panel' },
    h('summary', null, 'Paste from a spreadsheet'),
    h('p', { class: 'muted' }, 'Copy the cells (with the header row) in Excel, Google Sheets or Numbers and paste them here. Tab-separated text is read as a table.'),
    h('label', { for: 'paste-text' }, 'Table'),
    area,
    h('div', { class: 'row' },
      h('label', { for: 'paste-name' }, 'Name'), name,
      h('button', { type: 'button', class: 'btn btn-primary', id: 'paste-add', onclick: add }, 'Add table')));
}

let manifestPromise = null;

/** The demo sets (www/demo/manifest.json, or the copy inside the single-file build). */
function demoManifest() {
  if (!manifestPromise) {
    const embedded = document.getElementById('demo-manifest');
    manifestPromise = embedded
      ? Promise.resolve(JSON.parse(embedded.textContent))
      : fetch('demo/manifest.json').then((r) => (r.ok ? r.json() : { sets: [] })).catch(() => ({ sets: [] }));
  }
  return manifestPromise;
}

async function demoFile(name) {
  const block = [...document.querySelectorAll('script[data-demo-file]')].find((s) => s.dataset.demoFile === name);
  if (block) return new File([block.textContent], name, { type: 'text/csv' });
  const r = await fetch(`demo/${encodeURIComponent(name)}`);
  if (!r.ok) throw new Error(`demo file ${name} is missing from this copy`);
  return new File([await r.blob()], name, { type: 'text/csv' });
}

async function loadDemo(ctx, button, setId) {
  button.disabled = true;
  const label = button.textContent;
  button.textContent = 'Loading demo…';
  try {
    const manifest = await demoManifest();
    const set = (manifest.sets || []).find((s) => !setId || s.id === setId);
    if (!set) throw new Error('no demo data is bundled with this copy');
    const names = set.files.map((f) => (typeof f === 'string' ? f : f.name));
    const files = await Promise.all(names.map(demoFile));
    await ctx.addFiles(files);
  } catch (err) {
    showError('Could not load the demo data', err.message);
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

function hero(ctx, state) {
  const demo = h('button', { type: 'button', class: 'btn btn-primary btn-large', id: 'btn-demo' }, 'Try with demo data');
  demo.addEventListener('click', () => loadDemo(ctx, demo, null));
  const demoNote = h('span', { class: 'muted' }, 'A sample book of business, bundled with the page.');
  const others = h('div', { class: 'demo-others' });
  demoManifest().then((m) => {
    const sets = m.sets || [];
    if (sets[0]) demoNote.textContent = `${sets[0].label} — bundled with the page.`;
    mount(others, sets.slice(1).map((set) => {
      const b = h('button', { type: 'button', class: 'link-btn', 'data-demo-set': set.id }, `Or try: ${set.label}`);
      b.addEventListener('click', () => loadDemo(ctx, b, set.id));
      return b;
    }));
  });
  const quads = h('section', { class: 'hero-quads', 'aria-label': 'The satisfaction × usage framework' },
    QUADRANT_ORDER.map((q) => h('div', { class: 'card hero-quad', style: { '--q': QUADRANTS[q].color } },
      h('span', { class: 'quad-card-title' }, h('span', { class: 'dot' }), QUADRANTS[q].label),
      h('span', { class: 'muted small' }, QUADRANTS[q].axis),
      h('p', null, playbooksOf(state).quadrants[q].meaning))));
  return h('div', { class: 'hero-wrap' }, h('div', { class: 'hero' },
    h('div', { class: 'hero-copy' },
      h('h1', null, 'Know which customers to call this week — and what to say'),
      h('p', { class: 'lead' }, 'Drop the exports you already have. Get an explained health score for every account, the satisfaction × usage quadrant, early warnings hidden in usage data, and a prioritised outreach list with a play for each account.'),
      h('ul', { class: 'hero-points' },
        h('li', null, h('strong', null, 'Private by design. '), 'Files are read by WebAssembly inside this tab. Nothing is uploaded; there is no server.'),
        h('li', null, h('strong', null, 'Explained. '), 'Every score shows its inputs, weights, coverage and what moved since last period.'),
        h('li', null, h('strong', null, 'Grows with you. '), 'Start from one flat spreadsheet; add goals and milestones to measure partial value.'))),
    h('div', { class: 'hero-actions' },
      dropZone(ctx, false),
      h('div', { class: 'hero-buttons' }, demo, demoNote),
      others,
      pastePanel(ctx))), quads);
}

function fileCard(ctx, state, index) {
  const f = state.files[index];
  const report = state.results?.files?.find((r) => r.name === f.name) || state.results?.files?.[index] || null;
  const head = h('div', { class: 'file-head' },
    icon('file', 20),
    h('div', { class: 'file-title' },
      h('h3', null, f.name),
      h('span', { class: 'muted' }, bytes(f.blob.size),
        report?.format ? ` · ${report.format.type === 'csv' ? `delimited (${delimiterName(report.format.delimiter)})` : 'JSON'}` : '')),
    report ? h('div', { class: 'file-counts', 'aria-label': 'Row counts' },
      stat('read', report.rows_read),
      stat('used', report.rows_used, 'ok'),
      stat('rejected', report.rows_rejected, report.rows_rejected ? 'bad' : '')) : h('span', { class: 'muted' }, state.busy ? 'Reading…' : ''),
    h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': `Remove ${f.name}`, onclick: () => ctx.removeFile(index) }, 'Remove'));
  const body = [];
  if (report?.error) body.push(h('p', { class: 'file-error', role: 'alert' }, icon('warn', 16), ` ${report.error}`));
  for (const note of report?.notes || []) body.push(h('p', { class: 'file-note' }, icon('info', 14), ` ${note}`));
  if (report) body.push(renderMapping(ctx, state, index, report));
  if (report && (report.issues?.length || report.reasons?.length)) body.push(issueList(report));
  return h('article', { class: `card file-card${report?.error ? ' has-error' : ''}`, 'data-file': f.name }, head, body);
}

function delimiterName(d) {
  return { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' }[d] || d;
}

function stat(label, value, tone = '') {
  return h('span', { class: `stat ${tone}` }, h('b', null, int(value)), ` ${label}`);
}

function issueList(report) {
  const rejected = report.issues.filter((i) => i.severity === 'rejected');
  const ignored = report.issues.filter((i) => i.severity !== 'rejected');
  return h('details', { class: 'issues', open: rejected.length > 0 && rejected.length <= 20 },
    h('summary', null, `${int(report.rows_rejected)} rejected row${report.rows_rejected === 1 ? '' : 's'}, ${int(report.cells_ignored)} ignored cell${report.cells_ignored === 1 ? '' : 's'}`),
    report.reasons.length ? h('ul', { class: 'reason-counts' },
      report.reasons.map(([reason, n]) => h('li', null, h('b', null, int(n)), ` × ${reason}`))) : null,
    h('table', { class: 'issue-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Problem'), h('th', { scope: 'col' }, 'Effect'))),
      h('tbody', null, [...rejected, ...ignored].slice(0, 200).map((i) => h('tr', { class: i.severity },
        h('td', { class: 'num' }, `${report.name}:${i.line}`),
        h('td', null, i.column || '—'),
        h('td', null, i.reason),
        h('td', null, i.severity === 'rejected' ? 'row not used' : 'cell ignored'))))),
    report.issues_truncated ? h('p', { class: 'muted' }, 'More issues happened than are listed; the counts above include all of them.') : null);
}

export function renderDataView(el, state, ctx) {
  if (state.files.length === 0) {
    mount(el, hero(ctx, state));
    return;
  }
  const summary = state.results?.summary;
  mount(el,
    h('div', { class: 'view-head' },
      h('div', null,
        h('h2', null, 'Your data'),
        h('p', { class: 'muted' }, summary
          ? `${int(summary.rows_read)} rows read · ${int(summary.rows_used)} used · ${int(summary.rows_rejected)} rejected — check that each file was recognised as the right table and each column feeds the right field.`
          : 'Reading…')),
      h('div', { class: 'view-actions' },
        state.results?.accounts?.length ? h('button', { type: 'button', class: 'btn btn-primary', onclick: () => ctx.navigate('accounts') }, 'See results') : null)),
    renderWhyNoScores(state),
    h('div', { class: 'data-grid' },
      h('div', { class: 'file-list' }, state.files.map((_, i) => fileCard(ctx, state, i))),
      h('div', { class: 'data-side' }, maturityCard(summary), ctx.keepCard?.(), dropZone(ctx, true), pastePanel(ctx), renderProfiles(ctx), kindsHelp())));
}

const MATURITY = [
  'Pitching features',
  'Usage metrics',
  'Usage tied to goals',
  'Early indicators across the account',
  'Goals and partial value',
];

function maturityCard(summary) {
  if (!summary || typeof summary.maturity_level !== 'number') return null;
  const level = summary.maturity_level;
  return h('div', { class: 'card maturity', id: 'maturity' },
    h('h3', null, `Your data supports level ${level} of 5`),
    h('ol', { class: 'ladder' }, MATURITY.map((label, i) => h('li', { class: i + 1 === level ? 'current' : i + 1 < level ? 'done' : '', 'aria-current': i + 1 === level ? 'step' : null },
      h('span', { class: 'step' }, String(i + 1)), label))),
    summary.maturity_next_step ? h('p', { class: 'muted small' }, summary.maturity_next_step) : null);
}

function kindsHelp() {
  return h('div', { class: 'card help' },
    h('h3', null, 'Tables the engine recognises'),
    h('ul', null, Object.entries(TABLE_KINDS).map(([, label]) => h('li', null, label))),
    h('p', { class: 'muted' }, 'Columns are matched by name (e.g. "account_id", "Account ID", "customer"). A single flat sheet with one row per account and columns like CSAT, NPS, logins and goal progress works too.'));
}
