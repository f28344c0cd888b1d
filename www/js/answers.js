// How many answers an account's satisfaction axis rests on, from its breakdown (each input's row
// count: ratings for CSAT, responses for NPS). Pure: used by the page and by the worker.

/**
 * Below this many answers the satisfaction axis is thin evidence: from 4 answers that all agree,
 * a share's 95 % Wilson interval still spans about half the scale (0–49 %), from 1 answer most of
 * it (0–79 %), so the side of the cut says little (docs/trust.md).
 */
export const THIN_SATISFACTION = 5;

/** { used, answers, thin }: the satisfaction inputs with data, their answers summed (0 when they
 * come from accounts-table columns, whose answers are not counted), and whether that is thin. */
export function satisfactionAnswers(components, measures) {
  const used = (components || []).filter((c) => (measures || []).includes(c.measure) && typeof c.normalized === 'number');
  const answers = used.reduce((n, c) => n + (c.rows || 0), 0);
  return { used, answers, thin: answers > 0 && answers < THIN_SATISFACTION };
}
