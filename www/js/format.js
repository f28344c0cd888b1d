// Formatting and labels shared by the views.

const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const nf2 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const moneyShort = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });

export const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
/** The one rounding of a 0–100 score for display (half away from zero); every view uses it. */
export const roundScore = (v) => (isNum(v) ? Math.sign(v) * Math.round(Math.abs(v)) + 0 : null);
export const score = (v) => (isNum(v) ? nf0.format(roundScore(v)) : '—');
export const score1 = (v) => (isNum(v) ? nf1.format(v) : '—');
export const num = (v) => (isNum(v) ? nf2.format(v) : '—');
export const int = (v) => (isNum(v) ? nf0.format(v) : '—');
export const pct = (v) => (isNum(v) ? `${nf0.format(v * 100)}%` : '—');
export const pct1 = (v) => (isNum(v) ? `${nf1.format(v * 100)}%` : '—');
/** Money that rounds to zero is zero: never "−$0". */
const noNegZero = (text) => text.replace(/^[-−]([^1-9]*)$/, '$1');
export const arr = (v) => (isNum(v) ? noNegZero(money.format(v)) : '—');
/** ARR for tight table cells: exact below a million, compact above. */
export const arrCell = (v) => (isNum(v) ? (Math.abs(v) >= 1e6 ? moneyShort.format(v) : arr(v)) : '—');
/** A small positive number keeps two significant digits instead of rounding to 0. */
const small = (v, fmt) => (v !== 0 && Math.abs(v) < 0.01 ? Number(v.toPrecision(2)).toString() : fmt.format(v));
export const arrShort = (v) => (isNum(v) ? noNegZero(Math.abs(v) < 0.5 ? money.format(0) : moneyShort.format(v)) : '—');
export const signed = (v) => (isNum(v) ? `${v > 0 ? '+' : v < 0 ? '−' : '±'}${nf1.format(Math.abs(v))}` : '—');
export const bytes = (n) => {
  if (!isNum(n)) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${nf1.format(n / 1024)} KB`;
  return `${nf1.format(n / 1024 / 1024)} MB`;
};

// Labels, colours and descriptions come from the engine, shared with the widget.
import { flagLabel, DEFAULTS } from '../lib/vocabulary.js';
export { QUADRANTS, QUADRANT_ORDER, FLAGS, MEASURES, quadrantLabel, flagLabel, measureLabel } from '../lib/vocabulary.js';
export { SEGMENT_DIMENSIONS, TABLE_KINDS } from '../lib/vocabulary.js';

/**
 * Below this share of the model's weight a score rests on too little data to be trusted: it is
 * still shown, marked "low coverage", and counted apart in the overview (docs/trust.md).
 * Configurable per device (settings.lowCoverageBelow); the default is the engine's
 * (src/domain/coverage.rs, sent with the vocabulary), the one its CSV writer uses too.
 */
let deviceShare = null;
const validShare = (share) => isNum(share) && share >= 0 && share <= 1;
export function setLowCoverageBelow(share) {
  deviceShare = validShare(share) ? share : null;
}
export const lowCoverageShare = () => deviceShare ?? DEFAULTS.lowCoverageBelow;
/** True when an account has a score built on less than the low-coverage share of the weight. */
export const isLowCoverage = (a) => isNum(a?.health_score) && isNum(a.coverage) && a.coverage < lowCoverageShare();

/** Why an account has no quadrant: which of its two axes had no data (the engine needs both). */
export function noQuadrantReason(a) {
  const missing = [
    isNum(a.satisfaction_index) ? null : 'satisfaction data (surveys, ticket ratings, or CSAT/NPS columns)',
    isNum(a.usage_index) ? null : 'usage data (usage events, or columns such as logins_30d)',
  ].filter(Boolean);
  return missing.length ? `No quadrant: this account has no ${missing.join(' and no ')}.` : 'No quadrant.';
}

/**
 * Why an account ranks where it does, in the page's words: its rounded score, its warnings by
 * label, its ARR as money (the engine's own reason string carries ids and raw numbers).
 */
export function priorityReason(a) {
  if (!isNum(a.health_score)) return a.priority?.reason || 'Not scored: no weighted measure had data for this account.';
  const parts = [`Health ${score(a.health_score)}`];
  if (isNum(a.churn_probability)) parts.push(`churn probability ${pct(a.churn_probability)}`);
  if (a.flags?.length) parts.push(`warnings: ${a.flags.map((f) => flagLabel(f.flag)).join(', ')}`);
  parts.push(isNum(a.arr) ? `ARR ${arr(a.arr)}` : 'ARR unknown (ranked after accounts with known ARR)');
  return parts.join(' · ');
}

/** Formats a raw measure value by its unit. */
export function rawValue(value, unit) {
  if (!isNum(value)) return '—';
  switch (unit) {
    case 'share': return pct(value);
    case 'yes/no': return value >= 0.5 ? 'Yes' : 'No';
    case 'change': return `${value > 0 ? '+' : ''}${nf0.format(value * 100)}%`;
    case 'NPS': return nf0.format(value);
    case 'days': return `${nf0.format(value)} d`;
    case 'hours': return `${nf1.format(value)} h`;
    case 'touchpoints/month': return `${small(value, nf2)}/mo`;
    case 'active days/week': return `${nf1.format(value)} d/wk`;
    case 'tickets/seat/month': return `${small(value, nf2)}/seat/mo`;
    default: return `${small(value, nf2)} ${unit || ''}`.trim();
  }
}

/** Band lookup helpers over the active model. */
export function bandOf(model, id) {
  return (model?.bands || []).find((b) => b.id === id) || null;
}

/** Text colour (near-black or white) with the better contrast on a background colour. */
export function textOn(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex || '');
  if (!m) return '#ffffff';
  const lum = (n) => {
    const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const bg = lum(parseInt(m[1], 16));
  const dark = lum(0x1a1d24);
  const onWhite = 1.05 / (bg + 0.05);
  const onDark = (bg + 0.05) / (dark + 0.05);
  return onDark >= onWhite ? '#1a1d24' : '#ffffff';
}
