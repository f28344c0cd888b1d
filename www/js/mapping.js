// Column-mapping review for one file: the recognised table kind and every column's field,
// editable with dropdowns; the scale each rating column was read on (with the evidence, and a
// dropdown to change it); the columns not used, with what each could become (one click maps
// one to a field); the saved mapping applied to the file, with one click to undo it. A change
// re-reads the files in the worker and re-scores. Saved mappings (profiles) can be exported
// and imported as JSON for the team.
import { h } from './dom.js';
import { TABLE_KINDS } from './format.js';
import { downloadText } from './export.js';

// Fields each table kind can use (engine field names). The engine's own list, when it
// provides one, replaces these (see setFieldCatalogue).
let FIELDS = {
  accounts: ['account_id', 'name', 'arr', 'mrr', 'plan', 'seats', 'industry', 'region', 'company_size', 'start_date', 'renewal_date', 'owner', 'churned', 'is_trial', 'csat', 'nps', 'logins_30d', 'active_users', 'goal_progress', 'features_used', 'success_plan', 'empowerment', 'tickets_30d'],
  subscriptions: ['subscription_id', 'account_id', 'start_date', 'end_date', 'seats', 'arr', 'mrr', 'plan', 'churned', 'is_trial'],
  usage: ['account_id', 'subscription_id', 'user_id', 'date', 'feature', 'count', 'duration_secs', 'errors'],
  surveys: ['account_id', 'date', 'kind', 'score', 'comment'],
  tickets: ['account_id', 'opened', 'resolved', 'resolution_hours', 'priority', 'category', 'satisfaction', 'escalated'],
  goals: ['account_id', 'name', 'kind', 'baseline', 'target', 'current', 'due_date', 'status', 'completed_date'],
  touchpoints: ['account_id', 'date', 'kind', 'direction'],
  releases: ['date', 'feature'],
  churn_events: ['account_id', 'date', 'reason'],
};

export function setFieldCatalogue(catalogue) {
  if (catalogue && typeof catalogue === 'object') FIELDS = { ...catalogue };
}

const fieldLabel = (f) => f.replace(/_/g, ' ');

// Rating scales (engine ids, see src/ingest/scales.rs) as people read them.
const SCALE_LABELS = {
  one_to_five: '1–5',
  zero_to_five: '0–5',
  one_to_seven: '1–7',
  one_to_ten: '1–10',
  zero_to_ten: '0–10',
  percent: '0–100 %',
  share: 'share 0–1',
  nps_score: 'NPS score −100…100',
};
const MEASURE_KINDS = { number: 'number', days_since: 'days since the date', yes_no: 'yes/no', category: 'category' };

/** The correction with one more entry, keeping the others (kind, columns, scales). */
function withChange(current, change) {
  return {
    kind: current.kind || null,
    columns: { ...(current.columns || {}), ...(change.columns || {}) },
    scales: { ...(current.scales || {}), ...(change.scales || {}) },
  };
}

/** The scale (or churn-label) reading of a column, shown under its field. */
function readingCell(ctx, index, current, reading) {
  if (!reading) return null;
  if (reading.options?.length) {
    const key = reading.reading && current.scales && Object.keys(current.scales).find((k) => k === reading.header || k.startsWith(`${reading.header}#`));
    const select = h('select', { 'aria-label': `Scale of column ${reading.header}`, 'data-scale-column': reading.header },
      reading.options.map((id) => h('option', { value: id, selected: id === reading.reading }, SCALE_LABELS[id] || id)));
    select.addEventListener('change', () => {
      ctx.setMapping(index, withChange(current, { scales: { [key || reading.header]: select.value } }));
    });
    return h('div', { class: 'scale-reading' },
      h('label', null, 'Scale ', select),
      reading.ambiguous ? h('span', { class: 'tag warn' }, 'check') : null,
      reading.overridden ? h('span', { class: 'tag' }, 'your choice') : null,
      h('p', { class: 'muted small' }, reading.evidence));
  }
  if (reading.reading?.startsWith('label:')) {
    return h('p', { class: `muted small${reading.ambiguous ? ' warn' : ''}` }, reading.evidence);
  }
  return null;
}

/** The unused columns of a file and what each could become. */
function unusedList(ctx, index, current, report) {
  const unused = report.unused || [];
  if (!unused.length) return null;
  return h('div', { class: 'unused-columns' },
    h('h4', null, `Not used: ${unused.length} column${unused.length === 1 ? '' : 's'}`),
    h('ul', null, unused.map((u) => h('li', { 'data-unused': u.header },
      h('code', null, u.header || `(column ${u.index + 1})`),
      h('span', { class: 'muted' }, ` · ${String(u.value_type).replace('_', '/')}`),
      (u.fields || []).map((f) => h('button', {
        type: 'button',
        class: 'btn btn-ghost btn-small',
        'aria-label': `Map column ${u.header} to field ${fieldLabel(f)}`,
        onclick: () => ctx.setMapping(index, withChange(current, { columns: { [u.header]: f } })),
      }, `Use as ${fieldLabel(f)}`)),
      u.measure ? h('span', { class: 'muted small' }, ` could become a custom measure (${MEASURE_KINDS[u.measure] || u.measure})`) : null))));
}
const effectiveKindOf = (kind, current) => kind || current.kind || null;

export function renderMapping(ctx, state, index, report) {
  const file = state.files[index];
  const current = file.mapping || { kind: null, columns: {} };
  const kind = report.kind;
  const candidates = new Map((report.candidates || []).map(([k, s]) => [k, s]));
  const best = report.candidates?.[0]?.[0];

  const kindSelect = h('select', { id: `kind-${index}`, class: 'kind-select', 'aria-label': `Table kind of ${file.name}` },
    h('option', { value: '', selected: !effectiveKindOf(kind, current) }, kind ? 'Detect automatically' : 'Not recognised — choose…'),
    Object.entries(TABLE_KINDS).map(([k, label]) => h('option', { value: k, selected: k === effectiveKindOf(kind, current) },
      candidates.has(k) && candidates.get(k) > 0 ? `${label} (${k === best ? 'best match' : 'possible'})` : label)));
  kindSelect.addEventListener('change', () => {
    const chosen = kindSelect.value || null;
    // A different table means different fields: earlier column choices no longer apply.
    ctx.setMapping(index, { kind: chosen, columns: {} });
  });

  // Fields of the recognised (or user-forced) kind; with no kind yet, every known field.
  const effectiveKind = kind || current.kind;
  const fields = new Set(effectiveKind ? FIELDS[effectiveKind] || [] : Object.values(FIELDS).flat());
  for (const c of report.mapping || []) if (c.field) fields.add(c.field);
  const options = [...fields];

  // Why each column feeds its field (header and values evidence), from the engine.
  const evidence = new Map((report.recognition?.columns || []).map((c) => [c.index, c]));
  const rows = (report.mapping || []).map((col) => {
    const why = evidence.get(col.index);
    const overridden = Object.prototype.hasOwnProperty.call(current.columns || {}, col.header);
    const select = h('select', { 'aria-label': `Field for column ${col.header}`, 'data-column': col.header },
      h('option', { value: 'ignore', selected: !col.field }, '— not used —'),
      options.map((f) => h('option', { value: f, selected: f === col.field }, fieldLabel(f))));
    select.addEventListener('change', () => {
      ctx.setMapping(index, withChange(current, { columns: { [col.header]: select.value } }));
    });
    const readings = (report.readings || []).filter((r) => r.index === col.index && col.field);
    return h('tr', { class: col.field ? '' : 'unused' },
      h('th', { scope: 'row' }, h('code', null, col.header || `(column ${col.index + 1})`)),
      h('td', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
      h('td', null, select, overridden ? h('span', { class: 'tag' }, 'your choice') : null,
        why?.reason ? h('small', { class: 'muted why' }, ` ${why.reason}`) : null,
        readings.map((r) => readingCell(ctx, index, current, r))));
  });
  const recognition = report.recognition;
  const profileNote = report.profile ? h('p', { class: 'file-note profile-note' }, `${report.profile}. `,
    h('button', { type: 'button', class: 'link-btn', onclick: () => ctx.setMapping(index, { kind: null, columns: {}, skipProfile: true }) }, 'Undo: read without it')) : null;

  const used = (report.mapping || []).filter((c) => c.field).length;
  // The unused columns stay visible under the file, outside the folded mapping table.
  return [h('details', { class: 'mapping', open: !kind || Boolean(report.error) },
    h('summary', null,
      h('span', null, 'Recognised as '),
      h('b', null, kind ? TABLE_KINDS[kind] || kind : 'unknown table'),
      h('span', { class: 'muted' }, ` · ${used} of ${(report.mapping || []).length} columns used`),
      file.mapping ? h('span', { class: 'tag' }, 'corrected') : null),
    h('div', { class: 'mapping-body' },
      profileNote,
      recognition && kind ? h('p', { class: 'muted recognition' },
        `Confidence ${Math.round(recognition.confidence * 100)} %: ${(recognition.reasons || []).join('; ')}`) : null,
      h('div', { class: 'row' }, h('label', { for: `kind-${index}` }, 'Table kind'), kindSelect,
        file.mapping ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => ctx.setMapping(index, null) }, 'Undo corrections') : null),
      rows.length ? h('table', { class: 'mapping-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Column in file'), h('th', { 'aria-hidden': 'true' }), h('th', { scope: 'col' }, 'Feeds field'))),
        h('tbody', null, rows)) : h('p', { class: 'muted' }, 'No columns were found.'))),
  unusedList(ctx, index, current, report)];
}

/** Saved mappings: how many, export as JSON, import a team's file, forget them all. */
export function renderProfiles(ctx) {
  const profiles = ctx.profiles ? ctx.profiles() : [];
  const input = h('input', { type: 'file', accept: '.json,application/json', hidden: true, 'aria-label': 'Import saved mappings' });
  const status = h('p', { class: 'muted small', role: 'status' });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const imported = JSON.parse(await file.text());
      const list = Array.isArray(imported) ? imported : (imported.profiles || [imported]);
      await ctx.setProfiles([...profiles, ...list]);
    } catch (e) {
      status.textContent = `${file.name} is not a saved-mappings file (${e.message || e}).`;
    }
  });
  return h('section', { class: 'card profiles-card', 'aria-label': 'Saved mappings' },
    h('h3', null, 'Saved mappings'),
    h('p', { class: 'muted small' }, profiles.length
      ? `${profiles.length} saved: a correction you make is reused for files with the same or similar headers, whatever their name.`
      : 'A correction you make is saved and reused for files with the same or similar headers.'),
    profiles.length ? h('ul', { class: 'profile-list' }, profiles.map((p) => h('li', null, p.name || '(unnamed)',
      h('span', { class: 'muted small' }, ` · ${p.headers.length} columns`)))) : null,
    h('div', { class: 'row' },
      h('button', {
        type: 'button', class: 'btn btn-ghost btn-small', disabled: !profiles.length,
        onclick: () => downloadText('customer-health-mappings.json',
          JSON.stringify({ customer_health_mappings: 1, profiles }, null, 2), 'application/json'),
      }, 'Export'),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => input.click() }, 'Import…'),
      profiles.length ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => ctx.setProfiles([]) }, 'Forget all') : null),
    input, status);
}

/** Why no account could be scored, when accounts were read but none has a score. */
export function renderWhyNoScores(state) {
  const summary = state.results?.summary;
  if (!summary || !(summary.accounts > 0) || summary.scored !== 0) return null;
  const measures = (state.model?.groups || []).flatMap((g) => (g.measures || []).map((m) => m.measure));
  const candidates = (state.results.files || []).flatMap((f) => (f.unused || [])
    .filter((u) => (u.fields || []).length || u.measure)
    .map((u) => ({ file: f.name, u })));
  return h('section', { class: 'card why-none', role: 'alert' },
    h('h3', null, `${summary.accounts} accounts read, none could be scored`),
    h('p', null, `None of the model's measures had data for any account${measures.length ? ` (${measures.join(', ')})` : ''}: they need usage events, surveys, tickets, goals, touchpoints or flat columns such as csat, nps or logins_30d.`),
    candidates.length ? h('div', null,
      h('p', null, `${candidates.length} unused column${candidates.length === 1 ? '' : 's'} could feed a field or become a custom measure:`),
      h('ul', null, candidates.map(({ file, u }) => h('li', null, h('code', null, u.header), h('span', { class: 'muted' }, ` in ${file}: `),
        [...(u.fields || []).map((f) => `field ${fieldLabel(f)}`), u.measure ? `a custom measure (${MEASURE_KINDS[u.measure] || u.measure})` : null].filter(Boolean).join(', or '))))) : null);
}
