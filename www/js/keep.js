// "Keep this analysis on this device": an opt-in copy of the files the user added (their
// bytes, exactly as read, with each workbook sheet's conversion notes) in this browser's
// IndexedDB, so that a reload reads them again without dropping them anew. Nothing is sent
// anywhere; "Delete from this device" deletes the whole database, not just a flag.
//
// Raw bytes rather than parsed rows: the engine re-reads them on load, so the restored
// analysis is exactly what reading the same files gives (mapping corrections, which are kept
// by file name in storage.js, apply again), and there is no second format to keep in step.
import { h } from './dom.js';
import { bytes } from './format.js';

const DB = 'customer-health-kept';
const STORE = 'analysis';
const KEY = 'current';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('the stored analysis is open in another tab'));
  });
}

async function run(mode, job) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = job(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req?.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('storage was refused'));
    });
  } finally {
    db.close();
  }
}

/** Whether a kept analysis exists (without opening — and so creating — the database). */
async function exists() {
  if (!globalThis.indexedDB) return false;
  if (typeof indexedDB.databases === 'function') {
    const list = await indexedDB.databases();
    return list.some((d) => d.name === DB);
  }
  return true;
}

/** The kept files as { savedAt, files: [{ name, blob, notes }] }, or null when none are kept. */
export async function loadKept() {
  try {
    if (!(await exists())) return null;
    const record = await run('readonly', (s) => s.get(KEY));
    if (!record || !Array.isArray(record.files) || record.files.length === 0) return null;
    const files = record.files
      .filter((f) => f && typeof f.name === 'string' && f.blob instanceof Blob)
      .map((f) => ({ name: f.name, blob: new File([f.blob], f.name, { type: f.blob.type }), notes: Array.isArray(f.notes) ? f.notes : [] }));
    return files.length ? { savedAt: record.savedAt || null, files } : null;
  } catch {
    return null;
  }
}

/** Stores the current files (replacing what was kept). Throws when the browser refuses. */
export async function keepFiles(files) {
  const record = {
    savedAt: new Date().toISOString(),
    files: files.map((f) => ({ name: f.name, blob: f.blob, notes: f.notes || [] })),
  };
  await run('readwrite', (s) => s.put(record, KEY));
  return record;
}

/** Deletes everything kept on this device (the whole database). */
export function forgetKept() {
  return new Promise((resolve, reject) => {
    if (!globalThis.indexedDB) { resolve(); return; }
    const req = indexedDB.deleteDatabase(DB);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve(); // completes once other tabs close it
  });
}

/**
 * The "On this device" card of the Data view: the opt-in switch, what is kept, and the delete
 * button. `keep` = { on, savedAt, set(on), forget() } from app.js.
 */
export function keepCard(state, keep) {
  const total = state.files.reduce((n, f) => n + (f.blob?.size || 0), 0);
  const box = h('input', { type: 'checkbox', id: 'keep-toggle', checked: keep.on,
    onchange: (e) => keep.set(e.target.checked) });
  return h('div', { class: 'card keep', id: 'keep-card' },
    h('h3', null, 'On this device'),
    h('label', { class: 'check' }, box, ' Keep this analysis on this device'),
    h('p', { class: 'muted small', id: 'keep-status' }, keep.on
      ? `A copy of ${state.files.length} file${state.files.length === 1 ? '' : 's'} (${bytes(total)}) is kept in this browser's storage${keep.savedAt ? `, saved ${new Date(keep.savedAt).toLocaleString('en-US')}` : ''}. It is read again when you come back. Nothing is uploaded.`
      : 'Off: closing the tab forgets the files. On: a copy stays in this browser (IndexedDB), never uploaded, until you delete it.'),
    keep.on ? h('button', { type: 'button', class: 'btn btn-small', id: 'keep-delete', onclick: () => keep.forget() }, 'Delete from this device') : null);
}
