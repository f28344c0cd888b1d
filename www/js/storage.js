// What the page remembers on this device (localStorage): the user's model, playbook texts
// and column-mapping corrections. Never any customer data. Schema-versioned with migration.

const KEY = 'customer-health.settings';
export const SETTINGS_VERSION = 1;

function empty() {
  return { version: SETTINGS_VERSION, model: null, mappings: {}, savedAt: null };
}

/** Upgrades older stored settings to the current shape. */
export function migrate(stored) {
  if (!stored || typeof stored !== 'object') return empty();
  const out = { ...empty(), ...stored };
  if (!out.version || out.version < 1) {
    // Before versioning the model was stored alone.
    out.model = stored.model ?? (stored.groups ? stored : null);
    out.version = 1;
  }
  if (typeof out.mappings !== 'object' || out.mappings === null) out.mappings = {};
  return out;
}

export function load() {
  try {
    const text = localStorage.getItem(KEY);
    return text ? migrate(JSON.parse(text)) : empty();
  } catch {
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
