// The health-model editor: weights, normalisation thresholds (also per lifecycle stage),
// lifecycle stages, bands, quadrant cuts, warning rules, windows, segments and playbook texts. Every change is validated by the engine,
// remembered on this device, and re-scored live.
import { h, mount, icon } from './dom.js';
import { measureLabel, FLAGS, QUADRANTS, QUADRANT_ORDER, pct1, SEGMENT_DIMENSIONS, score } from './format.js';
import { downloadText } from './export.js';
import { lowCoverageField } from './confidence.js';
import { showError, showNotice } from './errors.js';
import { draft, get, set, commitSoon, numberField, textField, listField, pointsText, readPoints, markPoints } from './model-form.js';

let working = null;
let problemsEl = null;
let root = null;

/** Starts editing a copy of `model` (the form fields write into it). */
function edit(model) {
  working = structuredClone(model);
  draft.model = working;
  draft.afterCommit = updateShares;
}

function normalizeField(ctx, gi, mi) {
  const path = ['groups', gi, 'measures', mi, 'normalize'];
  const n = get(working, path);
  const g = working.groups[gi];
  const m = g.measures[mi];
  const key = `group '${g.id}', measure '${m.measure}'`;
  const id = `norm-${gi}-${mi}`;
  if (n.method === 'percentile') {
    return h('span', { class: 'norm-desc' }, `Percentile in portfolio${n.higher_is_better === false ? ' (lower is better)' : ''}`);
  }
  const input = h('input', { type: 'text', id, class: 'points', value: pointsText(n.points), 'data-key': `${key}: threshold`, 'aria-label': `${measureLabel(m.measure)} thresholds (raw → score)`, spellcheck: 'false' });
  input.addEventListener('input', () => {
    const points = readPoints(input);
    if (!points) return;
    set(working, [...path, 'points'], points);
    commitSoon(ctx);
  });
  return input;
}

/** A measure's own thresholds per lifecycle stage, folded under its default thresholds;
 *  a blank field means the stage uses the default. */
function stageThresholds(ctx, gi, mi) {
  const stages = working.lifecycle?.stages || [];
  if (!stages.length) return null;
  const g = working.groups[gi];
  const m = g.measures[mi];
  const count = () => Object.keys(m.by_stage || {}).length;
  const summary = h('summary', null, `Stage thresholds (${count()} of ${stages.length} set)`);
  const fields = stages.map((st, si) => {
    const id = `norm-${gi}-${mi}-stage-${si}`;
    const own = m.by_stage?.[st.id];
    if (own && own.method === 'percentile') {
      return h('div', { class: 'field stage-field' }, h('span', null, st.label || st.id), h('span', { class: 'norm-desc' }, `Percentile among ${st.label} accounts${own.higher_is_better === false ? ' (lower is better)' : ''}`));
    }
    const label = h('label', { for: id }, st.label || st.id);
    const input = h('input', { type: 'text', id, class: 'points', value: own ? pointsText(own.points) : '', placeholder: 'default thresholds', spellcheck: 'false',
      'data-key': `group '${g.id}', measure '${m.measure}', by_stage '${st.id}'`,
      'aria-label': `${measureLabel(m.measure)} thresholds for the ${st.label} stage (raw → score; blank = default)` });
    input.addEventListener('input', () => {
      const measure = working.groups[gi].measures[mi];
      if (input.value.trim() === '') {
        markPoints(input, true);
        if (measure.by_stage) delete measure.by_stage[st.id];
        if (measure.by_stage && Object.keys(measure.by_stage).length === 0) delete measure.by_stage;
      } else {
        const points = readPoints(input);
        if (!points) return;
        measure.by_stage = { ...(measure.by_stage || {}), [st.id]: { method: 'thresholds', points } };
      }
      summary.textContent = `Stage thresholds (${count()} of ${stages.length} set)`;
      commitSoon(ctx);
    });
    return h('div', { class: 'field stage-field' }, label, input, h('span', { class: 'field-error', 'aria-live': 'polite' }));
  });
  return h('details', { class: 'stage-thresholds', open: count() > 0 }, summary, fields);
}

function sharesOf(model) {
  const gTotal = model.groups.reduce((s, g) => s + (g.weight > 0 ? g.weight : 0), 0) || 1;
  const shares = new Map();
  for (const g of model.groups) {
    const mTotal = g.measures.reduce((s, m) => s + (m.weight > 0 ? m.weight : 0), 0) || 1;
    for (const m of g.measures) shares.set(m.measure, ((g.weight > 0 ? g.weight : 0) / gTotal) * ((m.weight > 0 ? m.weight : 0) / mTotal));
  }
  return shares;
}

function updateShares() {
  if (!root) return;
  const shares = sharesOf(working);
  for (const el of root.querySelectorAll('[data-share]')) el.textContent = pct1(shares.get(el.dataset.share) || 0);
}

function weightsSection(ctx) {
  const shares = sharesOf(working);
  return h('section', { class: 'card editor-section', id: 'editor-weights' },
    h('h3', null, 'Weights and thresholds'),
    h('p', { class: 'muted small' }, 'Group weights split the score between families of signals; measure weights split each group. Thresholds turn a raw value into 0–100 by straight lines between points. Share = the part of the score a measure carries when every input has data.'),
    working.groups.map((g, gi) => h('div', { class: 'group-block' },
      h('div', { class: 'group-head' },
        h('h4', null, g.label),
        numberField(ctx, ['groups', gi, 'weight'], { label: 'Group weight', key: `group '${g.id}': weight`, min: 0, step: '0.05', id: `w-group-${g.id}` })),
      h('table', { class: 'weights-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Measure'), h('th', { scope: 'col' }, 'Weight'), h('th', { scope: 'col', class: 'num' }, 'Share'), h('th', { scope: 'col' }, 'Thresholds (raw → score)'))),
        h('tbody', null, g.measures.map((m, mi) => {
          const inputId = `w-${m.measure}`;
          const input = h('input', { type: 'number', id: inputId, min: '0', step: '0.5', value: String(m.weight), 'data-key': `group '${g.id}', measure '${m.measure}': weight` });
          input.addEventListener('input', () => {
            const v = Number(input.value);
            if (input.value.trim() === '' || !Number.isFinite(v)) { input.setAttribute('aria-invalid', 'true'); return; }
            input.removeAttribute('aria-invalid');
            working.groups[gi].measures[mi].weight = v;
            updateShares();
            commitSoon(ctx);
          });
          return h('tr', { 'data-measure': m.measure },
            h('th', { scope: 'row' }, h('label', { for: inputId }, measureLabel(m.measure))),
            h('td', null, input, h('span', { class: 'field-error' })),
            h('td', { class: 'num', 'data-share': m.measure }, pct1(shares.get(m.measure) || 0)),
            h('td', null, normalizeField(ctx, gi, mi), h('span', { class: 'field-error' }), stageThresholds(ctx, gi, mi)));
        }))))));
}

const DEFAULT_STAGES = [
  { id: 'onboarding', label: 'Onboarding', until_days: 90 },
  { id: 'adoption', label: 'Adoption', until_days: 365 },
  { id: 'established', label: 'Established' },
];

/** Applies a structural change (stages added, removed or renamed), then redraws the editor
 *  so every measure shows the current stages; focus returns to `focusId`. */
async function restructure(ctx, focusId) {
  await ctx.setModel(structuredClone(working));
  renderModelEditor(root, ctx.state, ctx);
  root.querySelector(`#${focusId}`)?.focus();
}

function forEachMeasure(fn) {
  for (const g of working.groups) for (const m of g.measures) fn(m);
}

function lifecycleSection(ctx) {
  const intro = h('p', { class: 'muted small' }, 'Judge young accounts by a bar that fits their age. Tenure counts from the account’s start date, else its first subscription, else its first recorded activity; a stage runs until the tenure (in days) where the next begins, and the last is open-ended. Each measure can have its own thresholds per stage under “Stage thresholds” above; blank means the default. Accounts of unknown tenure use the defaults.');
  const l = working.lifecycle;
  if (!l) {
    const enable = h('button', { type: 'button', class: 'btn btn-small', id: 'stages-enable', onclick: () => {
      working.lifecycle = { stages: structuredClone(ctx.state.defaultModel?.lifecycle?.stages || DEFAULT_STAGES) };
      restructure(ctx, 'stage-add');
    } }, 'Use lifecycle stages');
    return h('section', { class: 'card editor-section', id: 'editor-lifecycle' },
      h('h3', null, 'Lifecycle stages'), intro, h('p', { class: 'muted' }, 'This model has no lifecycle stages: every account uses the same thresholds.'), h('div', { class: 'row' }, enable));
  }
  const last = l.stages.length - 1;
  const rows = l.stages.map((st, i) => {
    const key = `lifecycle stage '${st.id}'`;
    const label = h('input', { type: 'text', id: `stage-label-${i}`, value: st.label, 'data-key': key, 'aria-label': `Stage ${i + 1} label` });
    label.addEventListener('input', () => { working.lifecycle.stages[i].label = label.value; commitSoon(ctx); });
    label.addEventListener('change', () => restructure(ctx, `stage-label-${i}`));
    const id = h('input', { type: 'text', id: `stage-id-${i}`, value: st.id, spellcheck: 'false', 'data-key': key, 'aria-label': `Stage ${i + 1} id (used in results and by stage thresholds)` });
    id.addEventListener('change', () => {
      const before = working.lifecycle.stages[i].id;
      const after = id.value.trim();
      working.lifecycle.stages[i].id = after;
      forEachMeasure((m) => {
        if (m.by_stage && before in m.by_stage && !(after in m.by_stage)) {
          m.by_stage[after] = m.by_stage[before];
          delete m.by_stage[before];
        }
      });
      restructure(ctx, `stage-id-${i}`);
    });
    let until;
    if (i === last) {
      until = h('span', { class: 'muted' }, 'open-ended');
    } else {
      until = h('input', { type: 'number', id: `stage-until-${i}`, min: '1', step: '1', value: String(st.until_days ?? ''), inputmode: 'numeric', 'data-key': key, 'aria-label': `Stage ${i + 1} ends at tenure (days)` });
      until.addEventListener('input', () => {
        const v = Number(until.value);
        if (until.value.trim() === '' || !Number.isInteger(v)) { until.setAttribute('aria-invalid', 'true'); until.title = 'Enter a whole number of days'; return; }
        until.removeAttribute('aria-invalid');
        until.title = '';
        working.lifecycle.stages[i].until_days = v;
        commitSoon(ctx);
      });
    }
    const remove = h('button', { type: 'button', class: 'btn btn-ghost btn-small', id: `stage-remove-${i}`, disabled: l.stages.length < 2,
      'aria-label': `Remove the ${st.label} stage and its thresholds`, onclick: () => {
        const [gone] = working.lifecycle.stages.splice(i, 1);
        const stages = working.lifecycle.stages;
        if (stages.length) delete stages[stages.length - 1].until_days;
        forEachMeasure((m) => {
          if (m.by_stage) delete m.by_stage[gone.id];
          if (m.by_stage && Object.keys(m.by_stage).length === 0) delete m.by_stage;
        });
        restructure(ctx, 'stage-add');
      } }, 'Remove');
    return h('tr', { 'data-stage': st.id },
      h('td', null, label, h('span', { class: 'field-error' })),
      h('td', null, id),
      h('td', null, until),
      h('td', null, remove));
  });
  const add = h('button', { type: 'button', class: 'btn btn-small', id: 'stage-add', onclick: () => {
    const stages = working.lifecycle.stages;
    const ends = stages.map((x) => x.until_days).filter(Number.isFinite);
    const n = stages.length + 1;
    let id = `stage_${n}`;
    for (let k = n; stages.some((x) => x.id === id); k += 1) id = `stage_${k + 1}`;
    stages.splice(Math.max(stages.length - 1, 0), 0, { id, label: `Stage ${n}`, until_days: (ends.length ? Math.max(...ends) : 0) + 90 });
    restructure(ctx, `stage-label-${Math.max(stages.length - 2, 0)}`);
  } }, 'Add stage');
  const off = h('button', { type: 'button', class: 'btn btn-ghost btn-small', id: 'stages-disable', onclick: () => {
    delete working.lifecycle;
    forEachMeasure((m) => { delete m.by_stage; });
    restructure(ctx, 'stages-enable');
  } }, 'Stop using stages');
  return h('section', { class: 'card editor-section', id: 'editor-lifecycle' },
    h('h3', null, 'Lifecycle stages'), intro,
    h('table', { class: 'weights-table stages-table', id: 'stages-table' },
      h('thead', null, h('tr', null, ['Stage', 'Id', 'Ends at tenure (days)', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows)),
    h('div', { class: 'row' }, add, off));
}

function bandsSection(ctx) {
  return h('section', { class: 'card editor-section', id: 'editor-bands' },
    h('h3', null, 'Score bands'),
    h('p', { class: 'muted small' }, 'Each band starts at its minimum score; the first starts at 0.'),
    h('div', { class: 'bands-edit' }, working.bands.map((b, i) => {
      const color = h('input', { type: 'color', id: `band-color-${i}`, value: b.color, 'aria-label': `${b.label} colour` });
      color.addEventListener('input', () => { working.bands[i].color = color.value; commitSoon(ctx); });
      const label = h('input', { type: 'text', id: `band-label-${i}`, value: b.label, 'aria-label': `Band ${i + 1} label` });
      label.addEventListener('input', () => { working.bands[i].label = label.value; commitSoon(ctx); });
      return h('div', { class: 'band-edit', 'data-key': `band '${b.id}'` },
        color, label,
        numberField(ctx, ['bands', i, 'min'], { label: 'from', key: `band '${b.id}'`, min: 0, max: 100, step: '1', id: `band-min-${i}` }));
    })));
}

function quadrantSection(ctx) {
  const q = working.quadrants;
  const isMedian = q.usage_cut === 'median';
  const fixed = h('input', { type: 'number', id: 'usage-cut-value', min: 0, max: 100, step: '1', value: isMedian ? '50' : String(q.usage_cut), disabled: isMedian, 'aria-label': 'Fixed usage cut', 'data-key': 'quadrants.usage_cut' });
  const mode = h('select', { id: 'usage-cut-mode', 'aria-label': 'Usage cut' },
    h('option', { value: 'median', selected: isMedian }, 'Portfolio median'),
    h('option', { value: 'fixed', selected: !isMedian }, 'Fixed value'));
  const apply = () => {
    fixed.disabled = mode.value === 'median';
    working.quadrants.usage_cut = mode.value === 'median' ? 'median' : Number(fixed.value);
    commitSoon(ctx);
  };
  mode.addEventListener('change', apply);
  fixed.addEventListener('input', apply);
  return h('section', { class: 'card editor-section', id: 'editor-quadrants' },
    h('h3', null, 'Quadrant cuts'),
    h('p', { class: 'muted small' }, `Satisfaction index from ${q.satisfaction_measures.map(measureLabel).join(', ')}; usage index from ${q.usage_measures.map(measureLabel).join(', ')}.`),
    h('div', { class: 'fields' },
      numberField(ctx, ['quadrants', 'satisfaction_cut'], { label: 'High satisfaction from', min: 0, max: 100, step: '1' }),
      h('div', { class: 'field' }, h('label', { for: 'usage-cut-mode' }, 'High usage from'), h('div', { class: 'row' }, mode, fixed), h('span', { class: 'field-error' }))));
}

const RULE_LABELS = {
  goal_attainment_below: 'Goal attainment below', drop_at_least: 'Drop of at least (share)', min_previous_events: 'Min. events before', swing_weeks: 'Weeks of ordinary swings', swing_multiple: 'Fall: × ordinary swing',
  utilisation_below: 'Seat use below (share)', min_seats: 'Min. seats', watch_days: 'Watch after (days)', champion_multiple: 'Champion: × median user', min_active_days: 'Champion: min. active days', max_champions: 'Champion: top N users', standout_margin: 'Champion: lead over the next user (std. errors)', usual_gap_multiple: '× usual gap', persist_weeks: 'Weeks the drop must last', quiet_days: 'Quiet for (days)',
  lookback_days: 'Look back (days)', window_days: 'Window (days)', min_events_before: 'Min. events before', clear_of_chance: 'Beyond chance (std. errors)',
  recent_days: 'Recent (days)', ratio_at_least: 'Ratio ≥', min_tickets: 'Min. tickets', risk: 'Adds risk (0–1)',
  competitors: 'Competitor names', phrases: 'Switching phrases',
};

function flagsSection(ctx) {
  return h('section', { class: 'card editor-section', id: 'editor-flags' },
    h('h3', null, 'Early-warning rules'),
    h('div', { class: 'rules' }, Object.keys(working.flags).map((flag) => h('fieldset', { class: 'rule' },
      h('legend', null, FLAGS[flag]?.label || flag, h('span', { class: 'muted small' }, ` — ${FLAGS[flag]?.hint || ''}`)),
      h('div', { class: 'fields' }, Object.keys(working.flags[flag]).map((param) => (Array.isArray(working.flags[flag][param]) ? listField(ctx, ['flags', flag, param], {
        label: RULE_LABELS[param] || param.replace(/_/g, ' '), key: `flags.${flag}.${param}`,
      }) : numberField(ctx, ['flags', flag, param], {
        label: RULE_LABELS[param] || param.replace(/_/g, ' '), key: `flags.${flag}.${param}`, min: 0,
        integer: /days$/.test(param), step: /days$/.test(param) ? '1' : 'any',
      }))))))));
}

function windowsSection(ctx) {
  const labels = { recent_days: 'Recent window (days)', consistency_weeks: 'Consistency (weeks)', ticket_days: 'Tickets (days)', touchpoint_days: 'Touchpoints (days)', survey_days: 'Surveys (days)', trend_days: 'Trend compares with (days ago)', backtest_days: 'Churn backtest (days)' };
  return h('section', { class: 'card editor-section', id: 'editor-windows' },
    h('h3', null, 'Time windows'),
    h('div', { class: 'fields' },
      textField(ctx, ['as_of'], { label: 'Score as of (blank = latest date in the data)', type: 'date', key: 'as_of' }),
      Object.keys(working.windows).map((w) => numberField(ctx, ['windows', w], { label: labels[w] || w, key: `windows.${w}`, min: 1, max: 3660, step: '1', integer: true }))));
}

function segmentsSection(ctx) {
  const tiers = (name) => h('div', null,
    h('h4', null, name === 'arr_tiers' ? SEGMENT_DIMENSIONS.arr_tier : SEGMENT_DIMENSIONS.size_tier),
    h('div', { class: 'fields' }, working.segments[name].map((t, i) => {
      const label = h('input', { type: 'text', id: `tier-${name}-${i}`, value: t.label, 'aria-label': `Tier ${i + 1} label` });
      label.addEventListener('input', () => { working.segments[name][i].label = label.value; commitSoon(ctx); });
      return h('div', { class: 'tier' }, label, numberField(ctx, ['segments', name, i, 'min'], { label: 'from', key: `segments.${name}`, min: 0, id: `tier-${name}-min-${i}` }));
    })));
  return h('section', { class: 'card editor-section', id: 'editor-segments' },
    h('h3', null, 'Segments'), h('div', { class: 'two-col' }, tiers('arr_tiers'), tiers('size_tiers')));
}

function playbookSection(ctx) {
  const state = ctx.state;
  const book = () => {
    if (!working.playbooks) working.playbooks = structuredClone(state.defaultPlaybooks);
    return working.playbooks;
  };
  const current = working.playbooks || state.defaultPlaybooks;
  return h('section', { class: 'card editor-section', id: 'editor-playbooks' },
    h('h3', null, 'Playbook texts'),
    h('p', { class: 'muted small' }, 'The one-line play appears in the outreach list; the rest on the Playbooks pages. Lists take one item per line. Saved with the model.'),
    QUADRANT_ORDER.map((q) => {
      const pb = current.quadrants[q];
      const area = (field, label, rows) => {
        const id = `pb-${q}-${field}`;
        const list = Array.isArray(pb[field]);
        const t = h(rows > 1 ? 'textarea' : 'input', { id, rows: rows > 1 ? rows : null, type: rows > 1 ? null : 'text', value: list ? pb[field].join('\n') : pb[field], 'data-key': `playbooks.quadrants.${q}` });
        t.addEventListener('input', () => {
          book().quadrants[q][field] = list ? t.value.split('\n').map((x) => x.trim()).filter(Boolean) : t.value;
          commitSoon(ctx);
        });
        return h('div', { class: 'field wide' }, h('label', { for: id }, label), t, h('span', { class: 'field-error' }));
      };
      return h('fieldset', { class: 'pb-edit', style: { '--q': QUADRANTS[q].color } },
        h('legend', null, h('span', { class: 'dot' }), QUADRANTS[q].label),
        area('play', 'The play in one line', 1),
        area('meaning', 'What it means', 2),
        h('div', { class: 'two-col' }, area('plays', 'Plays', 4), area('risks', 'Risks', 4)));
    }),
    h('div', { class: 'fields' }, QUADRANT_ORDER.map((q) => {
      const id = `pb-${q}-effort`;
      const input = h('input', { type: 'number', id, min: 0, max: 100, step: 5, value: String(Math.round((current.quadrants[q].effort_share || 0) * 100)), 'data-key': 'playbooks: effort shares' });
      input.addEventListener('input', () => {
        const v = Number(input.value);
        if (input.value === '' || !Number.isFinite(v)) { input.setAttribute('aria-invalid', 'true'); return; }
        input.removeAttribute('aria-invalid');
        book().quadrants[q].effort_share = v / 100;
        commitSoon(ctx);
      });
      return h('div', { class: 'field' }, h('label', { for: id }, `${QUADRANTS[q].short}: % of CSM time`), input, h('span', { class: 'field-error' }));
    })));
}

function adoptionSection(ctx) {
  return h('section', { class: 'card editor-section', id: 'editor-features' },
    h('h3', null, 'High-impact features'),
    h('p', { class: 'muted small' }, 'Feature names (as in your usage export) that drive value; high-impact adoption measures the share of them each account uses.'),
    listField(ctx, ['high_impact_features'], { label: 'Features', key: 'high_impact_features' }));
}

function overridesSection(ctx) {
  const list = h('div', { class: 'overrides' });
  const draw = () => {
    mount(list, working.overrides.length ? h('table', { class: 'data-table compact', id: 'overrides-table' },
      h('thead', null, h('tr', null, ['Account ID', 'Score', 'Reason', 'Expires', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, working.overrides.map((o, i) => {
        const input = (field, type, label) => {
          const el = h('input', { type, value: String(o[field] ?? ''), 'aria-label': `Override ${i + 1} ${label}`, 'data-key': `override for '${o.account_id}'`, min: type === 'number' ? 0 : null, max: type === 'number' ? 100 : null });
          el.addEventListener('input', () => {
            working.overrides[i][field] = type === 'number' ? Number(el.value) : el.value;
            commitSoon(ctx);
          });
          return el;
        };
        return h('tr', null,
          h('td', null, input('account_id', 'text', 'account ID')),
          h('td', null, input('health_score', 'number', 'score')),
          h('td', null, input('reason', 'text', 'reason')),
          h('td', null, input('expires', 'date', 'expiry date'), h('span', { class: 'field-error' })),
          h('td', null, h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { working.overrides.splice(i, 1); draw(); commitSoon(ctx); } }, 'Remove')));
      }))) : h('p', { class: 'muted' }, 'No overrides.'));
  };
  draw();
  const add = h('button', { type: 'button', class: 'btn btn-small', id: 'override-add', onclick: () => {
    const inMonth = new Date(Date.now() + 30 * 864e5).toISOString().slice(0, 10);
    working.overrides.push({ account_id: '', health_score: 50, reason: '', expires: inMonth });
    draw();
  } }, 'Add override');
  return h('section', { class: 'card editor-section', id: 'editor-overrides' },
    h('h3', null, 'Manual overrides that expire'),
    h('p', { class: 'muted small' }, 'When you know something the data does not (a signed renewal, an escalation), set the score by hand until a date. The account shows the reason and its computed score.'),
    list, h('div', { class: 'row' }, add));
}

function jsonSection(ctx) {
  const area = h('textarea', { id: 'model-json', rows: 14, spellcheck: 'false', class: 'code', value: JSON.stringify(working, null, 2) });
  const apply = h('button', { type: 'button', class: 'btn', id: 'model-json-apply', onclick: async () => {
    let parsed;
    try { parsed = JSON.parse(area.value); } catch (e) { showError('That is not valid JSON', e.message, { key: 'model-json' }); return; }
    await adopt(ctx, parsed, 'Model applied');
  } }, 'Apply JSON');
  return h('details', { class: 'card editor-section', id: 'editor-json' },
    h('summary', null, 'Advanced: edit the model as JSON'),
    area, h('div', { class: 'row' }, apply));
}

async function adopt(ctx, model, message) {
  const problems = await ctx.setModel(model);
  edit(model);
  renderModelEditor(root, ctx.state, ctx);
  if (problems.length === 0) showNotice(message);
}

function showProblems(problems) {
  if (!problemsEl || !root) return;
  for (const el of root.querySelectorAll('[data-key]')) {
    const key = el.dataset.key;
    const mine = problems.filter((p) => p.includes(key));
    const input = el.matches('input,select,textarea') ? el : el.querySelector('input');
    const holder = el.closest('.field, td, .band-edit');
    const errEl = holder?.querySelector('.field-error');
    if (mine.length) {
      input?.setAttribute('aria-invalid', 'true');
      if (errEl) errEl.textContent = mine.map((p) => p.replace(/^.*?: /, '')).join('; ');
    } else if (input?.getAttribute('aria-invalid') === 'true' && input.title === '') {
      input.removeAttribute('aria-invalid');
      if (errEl) errEl.textContent = '';
    } else if (errEl && !mine.length) {
      errEl.textContent = '';
    }
  }
  mount(problemsEl, problems.length
    ? h('div', { class: 'banner banner-error', role: 'alert', id: 'model-problems' }, icon('warn', 18),
      h('div', { class: 'banner-body' }, h('strong', null, `The model has ${problems.length} problem${problems.length > 1 ? 's' : ''}; scores use the last valid model until they are fixed.`),
        h('ul', null, problems.map((p) => h('li', null, p)))))
    : h('p', { class: 'ok-note', id: 'model-ok' }, icon('check', 16), ' Model is valid · saved on this device · scores update as you type'));
}

document.addEventListener('ch:model-problems', (e) => showProblems(e.detail));

let liveEl = null;
function showLive(state) {
  if (!liveEl) return;
  const r = state?.results;
  if (!r) { mount(liveEl, h('span', { class: 'muted' }, 'Load data to see the effect of each change on the scores.')); return; }
  const s = r.summary;
  mount(liveEl,
    h('span', { class: 'live-label' }, 'Live: '),
    h('span', null, 'average health ', h('b', { id: 'live-mean' }, score(s.mean_score))),
    s.bands.map(([id, n]) => {
      const b = (state.model?.bands || []).find((x) => x.id === id);
      return h('span', { class: 'live-band' }, h('span', { class: 'dot', style: { '--q': b?.color || '#98a2b3' } }), `${b?.label || id} ${n}`);
    }),
    h('span', { class: 'muted' }, ` · ${s.accounts} accounts`));
}
document.addEventListener('ch:scored', () => showLive(root && root.isConnected ? currentState : null));
let currentState = null;

export function renderModelEditor(el, state, ctx) {
  root = el;
  if (!state.model) { mount(el, h('p', { class: 'muted' }, 'Loading the model…')); return; }
  edit(state.model);
  const fileInput = h('input', { type: 'file', id: 'model-file', accept: '.json,application/json', class: 'visually-hidden' });
  fileInput.addEventListener('change', async () => {
    const f = fileInput.files[0];
    fileInput.value = '';
    if (!f) return;
    try {
      const parsed = JSON.parse(await f.text());
      const model = parsed && parsed.model && parsed.model.groups ? parsed.model : parsed;
      await adopt(ctx, model, `Loaded ${f.name}`);
    } catch (e) {
      showError(`Could not load ${f.name}`, e.message, { key: 'model-file' });
    }
  });
  const name = h('input', { type: 'text', id: 'model-name', value: working.name, 'aria-label': 'Model name' });
  name.addEventListener('input', () => { working.name = name.value; commitSoon(ctx); });
  const version = h('input', { type: 'text', id: 'model-version', value: working.version, 'aria-label': 'Model version', size: 10 });
  version.addEventListener('input', () => { working.version = version.value; commitSoon(ctx); });
  problemsEl = h('div', { class: 'model-status' });
  currentState = state;
  liveEl = h('div', { class: 'model-live', id: 'model-live', 'aria-live': 'polite' });
  mount(el,
    h('div', { class: 'view-head' },
      h('div', null, h('h2', null, 'Health model'),
        h('p', { class: 'muted' }, 'Tune the model to your business. Changes are checked, kept on this device, and re-scored as you type.')),
      h('div', { class: 'view-actions' },
        h('button', { type: 'button', class: 'btn', id: 'model-save', onclick: () => downloadText(`${(working.name || 'health-model').replace(/[^\w.-]+/g, '-')}.json`, JSON.stringify({ ...working }, null, 2) + '\n', 'application/json') }, 'Save model file'),
        h('label', { class: 'btn', for: 'model-file', tabindex: '0', onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); fileInput.click(); } } }, 'Load model file'),
        fileInput,
        h('button', { type: 'button', class: 'btn btn-ghost', id: 'model-reset', onclick: async () => { await ctx.resetModel(); showNotice('Default model restored'); } }, 'Reset to default'))),
    h('div', { class: 'card editor-section model-id' }, h('div', { class: 'fields' },
      h('div', { class: 'field' }, h('label', { for: 'model-name' }, 'Name'), name),
      h('div', { class: 'field' }, h('label', { for: 'model-version' }, 'Version'), version), lowCoverageField(ctx))),
    h('div', { class: 'model-sticky' }, problemsEl, liveEl),
    weightsSection(ctx), lifecycleSection(ctx), bandsSection(ctx), quadrantSection(ctx), flagsSection(ctx), windowsSection(ctx), adoptionSection(ctx), segmentsSection(ctx), overridesSection(ctx), playbookSection(ctx), jsonSection(ctx));
  showProblems(state.modelProblems || []);
  showLive(state);
}
