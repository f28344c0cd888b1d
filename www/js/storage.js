// What the page remembers on this device (localStorage): the user's model, playbook texts,
// column-mapping corrections (per file name, and as saved mapping profiles keyed by the
// headers) and saved table views (views.js). Never any customer data (the opt-in copy of the
// files lives in IndexedDB, keep.js). Schema-versioned with migration.

const KEY = 'customer-health.settings';
export const SETTINGS_VERSION = 1;

function empty() {
  return { version: SETTINGS_VERSION, model: null, mappings: {}, profiles: [], views: {}, savedAt: null };
}

const MAPPING_KINDS = new Set(['accounts', 'subscriptions', 'usage', 'surveys', 'tickets', 'goals',
  'touchpoints', 'releases', 'churn_events']);

/** A column-mapping correction as the engine reads it, or null when it cannot be one. */
export function cleanMapping(m) {
  if (!m || typeof m !== 'object' || Array.isArray(m)) return null;
  const kind = typeof m.kind === 'string' && MAPPING_KINDS.has(m.kind) ? m.kind : null;
  const columns = {};
  if (m.columns && typeof m.columns === 'object' && !Array.isArray(m.columns)) {
    for (const [header, field] of Object.entries(m.columns)) {
      if (typeof field === 'string') columns[header] = field;
    }
  }
  const scales = {};
  if (m.scales && typeof m.scales === 'object' && !Array.isArray(m.scales)) {
    for (const [header, scale] of Object.entries(m.scales)) {
      if (typeof scale === 'string') scales[header] = scale;
    }
  }
  const out = { kind, columns };
  if (Object.keys(scales).length) out.scales = scales;
  // "Do not apply a saved mapping to this file": an explicit, empty correction.
  if (m.skipProfile === true) out.skipProfile = true;
  return kind || Object.keys(columns).length || out.scales || out.skipProfile ? out : null;
}

/** A saved mapping profile (headers + mapping), or null when it cannot be one. */
export function cleanProfile(p) {
  if (!p || typeof p !== 'object' || !Array.isArray(p.headers)) return null;
  const headers = p.headers.filter((x) => typeof x === 'string');
  const mapping = cleanMapping(p);
  if (!headers.length || !mapping || mapping.skipProfile) return null;
  const out = { name: typeof p.name === 'string' ? p.name : '', headers, kind: mapping.kind, columns: mapping.columns };
  if (mapping.scales) out.scales = mapping.scales;
  return out;
}

/** Profiles from stored settings or an imported file (`{ profiles: [...] }`, a list, or one). */
export function cleanProfiles(value) {
  const list = Array.isArray(value) ? value : (value && Array.isArray(value.profiles) ? value.profiles : [value]);
  return list.map(cleanProfile).filter(Boolean);
}

function cleanMappings(mappings) {
  const out = {};
  if (!mappings || typeof mappings !== 'object' || Array.isArray(mappings)) return out;
  for (const [name, m] of Object.entries(mappings)) {
    const clean = cleanMapping(m);
    if (clean) out[name] = clean;
  }
  return out;
}

/** Saved views by name: only plain objects are kept (views.js reads their parts strictly). */
function cleanViews(views) {
  const out = {};
  if (!views || typeof views !== 'object' || Array.isArray(views)) return out;
  for (const [name, v] of Object.entries(views)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) out[name] = v;
  }
  return out;
}

const isModel = (m) => Boolean(m && typeof m === 'object' && !Array.isArray(m) && Array.isArray(m.groups));

/**
 * Upgrades older stored settings to the current shape:
 * - unversioned (before settings were versioned): the model was stored alone, or as
 *   `{ model, mappings }` without a version;
 * - any version: mappings that the engine could not read (unknown table kind, columns that
 *   are not header → field strings) are dropped instead of failing every later ingest;
 *   a "model" that is not one is dropped;
 * - a newer version (written by a later release of the app): the parts this version
 *   understands are kept and the original is kept in a backup key, never lost.
 */
export function migrate(stored) {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return empty();
  const out = { ...empty(), ...stored };
  // A bare model also has a `version` (the model's own, e.g. "2026.11.1"): only a number is
  // a settings version.
  if (isModel(stored) || typeof stored.version !== 'number' || stored.version < 1) {
    out.model = isModel(stored.model) ? stored.model : (isModel(stored) ? stored : null);
    if (isModel(stored) && !stored.model) {
      // The whole object was the model: nothing else in it is a setting.
      for (const k of Object.keys(out)) if (!(k in empty())) delete out[k];
    }
  }
  out.version = SETTINGS_VERSION;
  if (!isModel(out.model)) out.model = null;
  out.mappings = cleanMappings(out.mappings);
  out.profiles = out.profiles ? cleanProfiles(out.profiles) : [];
  out.views = cleanViews(out.views);
  return out;
}

/**
 * Upgrades a saved model to the engine's current model schema: a model written before
 * `schema_version` existed gets version 1, and sections added since (absent in old files) are
 * filled from the default model. Unknown newer versions are left for the engine to explain.
 */
export function upgradeModel(model, defaults) {
  if (!isModel(model) || !defaults) return model;
  const out = structuredClone(model);
  if (out.schema_version === undefined || out.schema_version === null) out.schema_version = 1;
  if (out.schema_version !== defaults.schema_version) return out;
  for (const key of ['windows', 'bands', 'quadrants', 'flags', 'segments']) {
    if (out[key] === undefined) out[key] = structuredClone(defaults[key]);
  }
  for (const key of ['windows', 'flags']) {
    if (out[key] && typeof out[key] === 'object' && defaults[key]) {
      for (const [k, v] of Object.entries(defaults[key])) if (out[key][k] === undefined) out[key][k] = structuredClone(v);
    }
  }
  for (const key of ['name', 'version']) if (out[key] === undefined) out[key] = defaults[key];
  return out;
}

export function load() {
  let text = null;
  try {
    text = localStorage.getItem(KEY);
    if (!text) return empty();
    const stored = JSON.parse(text);
    if (stored && typeof stored.version === 'number' && stored.version > SETTINGS_VERSION) {
      localStorage.setItem(`${KEY}.backup-v${Number(stored.version)}`, text);
    }
    return migrate(stored);
  } catch {
    // Unreadable (corrupted) settings: keep them aside rather than overwrite them silently.
    try { if (text) localStorage.setItem(`${KEY}.backup-unreadable`, text); } catch { /* full */ }
    return empty();
  }
}

export function save(settings) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...settings, version: SETTINGS_VERSION, savedAt: new Date().toISOString() }));
    return true;
  } catch {
    return false; // storage full or disabled: the app keeps working, it just won't remember
  }
}

export function clear() {
  try { localStorage.removeItem(KEY); } catch { /* ignore */ }
}
