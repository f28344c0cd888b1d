// Form fields of the model editor, bound to the draft model: each input writes its path in
// the draft and commits it (validated and re-scored by the engine) shortly after typing stops.
import { h, debounce } from './dom.js';

/** The model being edited; `afterCommit` runs after each commit (e.g. to refresh shares). */
export const draft = { model: null, afterCommit: null };

export const get = (obj, path) => path.reduce((o, k) => (o == null ? o : o[k]), obj);
export function set(obj, path, value) {
  const last = path[path.length - 1];
  get(obj, path.slice(0, -1))[last] = value;
}

function commit(ctx) {
  ctx.setModel(structuredClone(draft.model));
  draft.afterCommit?.();
}
export const commitSoon = debounce((ctx) => commit(ctx), 200);

export function numberField(ctx, path, { label, key, min, max, step = 'any', hint, integer = false, id } = {}) {
  const inputId = id || `m-${path.join('-')}`;
  const input = h('input', { type: 'number', id: inputId, value: String(get(draft.model, path)), step, min, max, inputmode: 'decimal', 'data-key': key || path.join('.') });
  input.addEventListener('input', () => {
    const v = input.value.trim() === '' ? NaN : Number(input.value);
    if (!Number.isFinite(v) || (integer && !Number.isInteger(v))) {
      input.setAttribute('aria-invalid', 'true');
      input.title = integer ? 'Enter a whole number' : 'Enter a number';
      return;
    }
    input.removeAttribute('aria-invalid');
    input.title = '';
    set(draft.model, path, v);
    commitSoon(ctx);
  });
  return h('div', { class: 'field' },
    h('label', { for: inputId }, label),
    input,
    hint ? h('span', { class: 'hint' }, hint) : null,
    h('span', { class: 'field-error', 'aria-live': 'polite' }));
}

export function textField(ctx, path, { label, key, id, type = 'text' } = {}) {
  const inputId = id || `m-${path.join('-')}`;
  const input = h('input', { type, id: inputId, value: get(draft.model, path) ?? '', 'data-key': key || path.join('.') });
  input.addEventListener('input', () => {
    set(draft.model, path, type === 'date' && input.value === '' ? null : input.value);
    commitSoon(ctx);
  });
  return h('div', { class: 'field' }, h('label', { for: inputId }, label), input, h('span', { class: 'field-error', 'aria-live': 'polite' }));
}

export function listField(ctx, path, { label, key } = {}) {
  const inputId = `m-${path.join('-')}`;
  const input = h('input', { type: 'text', id: inputId, class: 'list-input', value: get(draft.model, path).join(', '), 'data-key': key, placeholder: 'comma-separated' });
  input.addEventListener('input', () => {
    set(draft.model, path, input.value.split(',').map((x) => x.trim()).filter(Boolean));
    commitSoon(ctx);
  });
  return h('div', { class: 'field wide' }, h('label', { for: inputId }, label), input, h('span', { class: 'field-error' }));
}

export function pointsText(points) {
  return points.map(([raw, s]) => `${raw} → ${s}`).join(';  ');
}

export function parsePoints(text) {
  const parts = text.split(/[;\n]+/).map((p) => p.trim()).filter(Boolean);
  const points = [];
  for (const p of parts) {
    const m = /^(-?[\d.]+(?:e-?\d+)?)\s*(?:→|->|=>|:|,)\s*(-?[\d.]+)$/.exec(p);
    if (!m) return null;
    points.push([Number(m[1]), Number(m[2])]);
  }
  return points.length ? points : null;
}

/** The threshold points typed in `input`, or null (the field is then marked invalid). */
export function readPoints(input) {
  const points = parsePoints(input.value);
  markPoints(input, Boolean(points));
  return points;
}

export function markPoints(input, valid) {
  if (valid) {
    input.removeAttribute('aria-invalid');
    input.title = '';
  } else {
    input.setAttribute('aria-invalid', 'true');
    input.title = 'Write points as raw → score, separated by semicolons, e.g. 0 → 0; 0.5 → 50; 1 → 100';
  }
}

