// Which model produced the scores: its name, and a short fingerprint of its content so that two
// models with the same name (an edited copy of the default, say) are never confused. Shown in
// the header, the printed report and the exported files.

/** The model as canonical JSON: object keys sorted, no whitespace (same content → same text). */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** 64-bit FNV-1a over the UTF-8 bytes of `text`, as 16 hex digits. */
export function fnv1a64(text) {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The short fingerprint (8 hex digits) of a model's content. */
export const fingerprint = (model) => fnv1a64(canonicalJson(model)).slice(0, 8);

/**
 * How to name `model`: by its name and version; an edited copy that still carries the default's
 * name and version is "Modified from …" until the user renames it (or gives it a version).
 * Every form carries the fingerprint.
 */
export function modelIdentity(model, defaultModel) {
  if (!model) return null;
  const fp = fingerprint(model);
  const isDefault = defaultModel && fp === fingerprint(defaultModel);
  // Edited but still wearing the default's name and version: say what it was made from.
  const unnamed = defaultModel && model.name === defaultModel.name && model.version === defaultModel.version;
  let title = model.version ? `${model.name} v${model.version}` : model.name;
  let modifiedFrom = null;
  if (!isDefault && unnamed) {
    modifiedFrom = `${defaultModel.name} v${defaultModel.version}`;
    title = `Modified from ${modifiedFrom}`;
  }
  return { title, fingerprint: fp, modifiedFrom, edited: !isDefault, text: `${title} · #${fp}` };
}
