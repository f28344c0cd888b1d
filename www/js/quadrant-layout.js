// Where the quadrant chart draws each account, and which accounts need a word of explanation.
//
// Ties: many accounts share an index exactly (every CSAT answer 5/5 gives satisfaction 100,
// no usage gives 0), which drew them as solid lines of overlapping bubbles. An axis value held
// by two or more accounts is spread by a deterministic offset (a hash of the account id, so
// the picture is the same on every render and every device) of at most SPREAD index points,
// inward at the ends of the scale, and never across the cut, so a bubble always sits in its
// own quadrant. Tooltips and the keyboard announcer give the exact values.

export const SPREAD = 5;

/** A stable number in [0, 1) from a string (FNV-1a, 32 bit). */
export function unitHash(text, salt = '') {
  let x = 0x811c9dc5;
  const s = `${salt}${text}`;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 0x01000193) >>> 0;
  }
  return x / 0x100000000;
}

const tieKey = (v) => Math.round(v * 2) / 2; // values within a quarter point count as tied

/** The drawn value of `value` on an axis cut at `cut` (high side: value ≥ cut), given `u` ∈ [0,1). */
export function spread(value, cut, u) {
  let v = value + (u - 0.5) * 2 * SPREAD;
  if (value >= 100 - SPREAD) v = value - u * SPREAD; // at the top: only downwards
  else if (value <= SPREAD) v = value + u * SPREAD; // at the bottom: only upwards
  if (Number.isFinite(cut)) {
    if (value >= cut && v < cut) v = cut + (cut - v) * 0.5; // reflect back above the cut
    if (value < cut && v >= cut) v = cut - 0.25;
  }
  return Math.min(100, Math.max(0, v));
}

/**
 * Chart positions of `accounts` (each with usage_index and satisfaction_index): an array of
 * { x, y } in the same order, ties spread as described above.
 */
export function positions(accounts, usageCut, satisfactionCut) {
  const count = (key) => {
    const n = new Map();
    for (const a of accounts) n.set(tieKey(a[key]), (n.get(tieKey(a[key])) || 0) + 1);
    return n;
  };
  const xs = count('usage_index');
  const ys = count('satisfaction_index');
  return accounts.map((a) => ({
    x: xs.get(tieKey(a.usage_index)) > 1 ? spread(a.usage_index, usageCut, unitHash(a.account_id, 'x')) : a.usage_index,
    y: ys.get(tieKey(a.satisfaction_index)) > 1 ? spread(a.satisfaction_index, satisfactionCut, unitHash(a.account_id, 'y')) : a.satisfaction_index,
  }));
}

/**
 * Whether an account's health band and its quadrant tell different stories: a band among the
 * model's top two while satisfaction is below the cut (At risk, Cry for help), or a band among
 * the bottom two in the Champions quadrant. Returns 'better' (band better than the quadrant),
 * 'worse' or null.
 */
export function disagreement(model, a) {
  const bands = model?.bands || [];
  const rank = bands.findIndex((b) => b.id === a.band);
  if (rank < 0 || !a.quadrant || bands.length < 3) return null;
  if (rank >= bands.length - 2 && (a.quadrant === 'at_risk' || a.quadrant === 'cry_for_help')) return 'better';
  if (rank <= 1 && a.quadrant === 'champion') return 'worse';
  return null;
}

/** The model's measures that count in the health score but on neither axis of the chart. */
export function offAxisMeasures(model) {
  const onAxes = new Set([...(model?.quadrants?.satisfaction_measures || []), ...(model?.quadrants?.usage_measures || [])]);
  return (model?.groups || []).flatMap((g) => g.measures.map((m) => m.measure)).filter((m) => !onAxes.has(m));
}

/** The middle value of the numbers given (mean of the two middle ones for an even count). */
export function median(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
