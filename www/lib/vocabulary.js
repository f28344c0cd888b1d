// The engine's words (labels, colours, descriptions) for every view of the app and the widget.
// They come from the engine's `vocabulary()` (src/output/vocabulary.rs) once the engine has
// started; nothing here names a quadrant, flag or measure itself. The tables are filled in
// place, so modules may import them before the engine answers.

/** Quadrant id → { label, short, axis, color }. */
export const QUADRANTS = {};
/** Quadrant ids in display order. */
export const QUADRANT_ORDER = [];
/** Flag id → { label, hint } (hint = the flag's description). */
export const FLAGS = {};
/** Measure id → label. */
export const MEASURES = {};
/** Measure id → { label, unit, family, description }. */
export const MEASURE_TERMS = {};
/** Segment dimension id → label. */
export const SEGMENT_DIMENSIONS = {};
/** Table kind id → label. */
export const TABLE_KINDS = {};
/** Engine defaults the page shows and may override per device: `lowCoverageBelow` (share of
 * the model's weight below which a score is marked low coverage; src/domain/coverage.rs). */
export const DEFAULTS = {};

function refill(target, entries) {
  for (const key of Object.keys(target)) delete target[key];
  for (const [key, value] of entries) target[key] = value;
}

/** Takes the engine's vocabulary (the reply of `vocabulary()` / the worker's hello). */
export function setVocabulary(v) {
  if (!v) return;
  refill(QUADRANTS, v.quadrants.map((q) => [q.id, { label: q.label, short: q.short, axis: q.axis, color: q.color }]));
  QUADRANT_ORDER.splice(0, QUADRANT_ORDER.length, ...v.quadrants.map((q) => q.id));
  refill(FLAGS, v.flags.map((f) => [f.id, { label: f.label, hint: f.hint }]));
  refill(MEASURES, v.measures.map((m) => [m.id, m.label]));
  refill(MEASURE_TERMS, v.measures.map((m) => [m.id, m]));
  refill(SEGMENT_DIMENSIONS, v.segment_dimensions.map((d) => [d.id, d.label]));
  refill(TABLE_KINDS, v.table_kinds.map((t) => [t.id, t.label]));
  refill(DEFAULTS, [['lowCoverageBelow', v.low_coverage_below]]);
}

/** Readable text for an id the vocabulary does not know (e.g. from a newer engine). */
const unknown = (id) => String(id).replace(/_/g, ' ');

export const quadrantLabel = (q) => (q && QUADRANTS[q] ? QUADRANTS[q].short : '—');
export const flagLabel = (f) => (FLAGS[f] ? FLAGS[f].label : unknown(f));
export const measureLabel = (m) => MEASURES[m] || unknown(m);
