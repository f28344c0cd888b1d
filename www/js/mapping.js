// Column-mapping review for one file: the recognised table kind and every column's field,
// editable with dropdowns. A change re-reads the files in the worker and re-scores.
import { h } from './dom.js';
import { TABLE_KINDS } from './format.js';

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
      const columns = { ...(current.columns || {}), [col.header]: select.value };
      ctx.setMapping(index, { kind: current.kind || null, columns });
    });
    return h('tr', { class: col.field ? '' : 'unused' },
      h('th', { scope: 'row' }, h('code', null, col.header || `(column ${col.index + 1})`)),
      h('td', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
      h('td', null, select, overridden ? h('span', { class: 'tag' }, 'your choice') : null,
        why?.reason ? h('small', { class: 'muted why' }, ` ${why.reason}`) : null));
  });
  const recognition = report.recognition;

  const used = (report.mapping || []).filter((c) => c.field).length;
  return h('details', { class: 'mapping', open: !kind || Boolean(report.error) },
    h('summary', null,
      h('span', null, 'Recognised as '),
      h('b', null, kind ? TABLE_KINDS[kind] || kind : 'unknown table'),
      h('span', { class: 'muted' }, ` · ${used} of ${(report.mapping || []).length} columns used`),
      file.mapping ? h('span', { class: 'tag' }, 'corrected') : null),
    h('div', { class: 'mapping-body' },
      recognition && kind ? h('p', { class: 'muted recognition' },
        `Confidence ${Math.round(recognition.confidence * 100)} %: ${(recognition.reasons || []).join('; ')}`) : null,
      h('div', { class: 'row' }, h('label', { for: `kind-${index}` }, 'Table kind'), kindSelect,
        file.mapping ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => ctx.setMapping(index, null) }, 'Undo corrections') : null),
      rows.length ? h('table', { class: 'mapping-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Column in file'), h('th', { 'aria-hidden': 'true' }), h('th', { scope: 'col' }, 'Feeds field'))),
        h('tbody', null, rows)) : h('p', { class: 'muted' }, 'No columns were found.')));
}
