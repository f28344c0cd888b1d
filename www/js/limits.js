// How much input one tab may take on. The engine runs in a worker with 32-bit WebAssembly
// memory (at most 4 GiB, and far less on small devices). Delimited text is streamed and kept
// in compact columns (about its own size), JSON is parsed whole (several times its size), so
// an input over the limit is refused before anything is read — with a message that says what
// to do — instead of crashing the tab half-way.

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Hard ceiling for delimited text, whatever the device (wasm32 memory is 4 GiB). */
export const MAX_TEXT_BYTES = 1 * GIB;
/** JSON is parsed whole: a quarter of the text ceiling. */
export const MAX_JSON_BYTES = 256 * MIB;

function deviceLimit() {
  // navigator.deviceMemory (GiB, rounded, capped at 8 by the browser) where available.
  const gib = Number(globalThis.navigator?.deviceMemory);
  if (!Number.isFinite(gib) || gib <= 0) return MAX_TEXT_BYTES;
  return Math.min(MAX_TEXT_BYTES, gib * 128 * MIB);
}

/** A lower limit for tests and demos: `?max-input-mb=N` in the URL (it can only lower it). */
function testLimit() {
  try {
    const v = Number(new URLSearchParams(globalThis.location?.search || '').get('max-input-mb'));
    return Number.isFinite(v) && v > 0 ? v * MIB : Infinity;
  } catch {
    return Infinity;
  }
}

/** The limits in force for this tab: { total, json }. */
export function inputLimits() {
  const total = Math.min(deviceLimit(), testLimit());
  return { total, json: Math.min(MAX_JSON_BYTES, total) };
}

const isJson = (f) => /\.json$/i.test(f.name || '') || /json/i.test(f.type || '');

function size(n) {
  if (n >= GIB) return `${(n / GIB).toFixed(1)} GB`;
  if (n >= MIB) return `${Math.round(n / MIB)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

/**
 * Checks the files the tab would hold (`kept`: files already loaded that stay, `added`: new
 * ones) against the limits. Returns null when they fit, else `{ title, detail }`.
 */
export function checkInputSize(kept, added) {
  const { total, json } = inputLimits();
  for (const f of added) {
    if (isJson(f) && f.size > json) {
      return {
        title: `${f.name} is too large to read as JSON in this tab`,
        detail: `It is ${size(f.size)}; JSON files are read whole, up to ${size(json)}. Nothing was read. Export the table as CSV instead (CSV is streamed and can be larger), or split it.`,
      };
    }
  }
  const sum = [...kept, ...added].reduce((s, f) => s + (f.size || 0), 0);
  if (sum > total) {
    return {
      title: 'These files are too large for this tab',
      detail: `Together they are ${size(sum)}; this tab can read at most ${size(total)} at once on this device. Nothing new was read. Remove some files, or export a shorter period (e.g. the last 12 months of usage).`,
    };
  }
  return null;
}
