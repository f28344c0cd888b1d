// How much to trust a score: a score built on less than the low-coverage share of the model's
// weight (format.js, default 50 %) wears a "low data" band chip everywhere it is shown.
import { h } from './dom.js';
import { pct, int, isLowCoverage, lowCoverageShare, textOn, measureLabel } from './format.js';
import { THIN_SATISFACTION, satisfactionAnswers } from './answers.js';

/** The hover/screen-reader text for an account's coverage. */
export function coverageNote(a) {
  return `Based on ${pct(a.coverage)} of the model's weight${isLowCoverage(a) ? ` — below ${pct(lowCoverageShare())}: low coverage, treat the score as a first guess` : ''}`;
}

/** The band chip of a scored account; marked "low data" (grey, dashed) when coverage is low. */
export function bandChip(a, band) {
  if (!band) return h('span', { class: 'chip chip-none' }, 'No data');
  if (isLowCoverage(a)) {
    return h('span', { class: 'chip chip-low', style: { '--band': band.color }, title: coverageNote(a), 'data-low-coverage': 'true' },
      band.label, h('span', { class: 'chip-low-tag' }, '· low data'));
  }
  return h('span', { class: 'chip', style: { background: band.color, color: textOn(band.color) }, title: coverageNote(a) }, band.label);
}

/** The editor field for the low-coverage share (a display setting of this device, not of the model). */
export function lowCoverageField(ctx) {
  const input = h('input', { type: 'number', id: 'low-coverage', min: 0, max: 100, step: 5, value: String(Math.round(lowCoverageShare() * 100)), size: 4 });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (Number.isFinite(v) && v >= 0 && v <= 100) ctx.setLowCoverage(v / 100);
  });
  return h('div', { class: 'field' }, h('label', { for: 'low-coverage' }, 'Low coverage below (% of weight)'), input);
}

/**
 * How many answers an account's satisfaction axis rests on, from its breakdown: { thin, short,
 * text } for the account detail (short: beside the satisfaction index), null when the
 * axis had no data.
 */
export function satisfactionEvidence(components, model) {
  const { used, answers, thin } = satisfactionAnswers(components, model?.quadrants?.satisfaction_measures);
  if (!used.length) return null;
  const parts = used.map((c) => `${measureLabel(c.measure)}: ${c.rows ? int(c.rows) : 'an accounts-table column'}`).join(', ');
  if (!answers) return { thin, short: '', text: `Satisfaction comes from an accounts-table column (${parts}); how many answers it sums is not known.` };
  return {
    thin,
    short: ` · ${answers === 1 ? 'one answer' : `${int(answers)} answers`}${thin ? ', thin' : ''}`,
    text: `Satisfaction rests on ${int(answers)} answer${answers === 1 ? '' : 's'} (${parts})${thin
      ? ` — thin evidence: from fewer than ${THIN_SATISFACTION} answers the share of satisfied answers is too uncertain to place the account on either side of the cut, so treat its quadrant as a first guess.`
      : '.'}`,
  };
}
