// Saved views of the accounts table (filters, sort, hidden columns) kept by name with the
// settings (storage.js), and share links: a URL whose fragment carries the health model and
// one view — never any account data. A fragment is never sent to a server by the browser; the
// page reads it on load, applies the model and the view, and asks for the files.
import { h, mount } from './dom.js';
import { HIDEABLE } from './table.js';
import * as storage from './storage.js';
import { showNotice, showError } from './errors.js';

const PREFIX = '#share=';
const LINK_VERSION = 1;

let ctx = null;
let settings = null;
let pending = null; // a view from a share link, applied when the table first has results

/** Called once at boot: `shared` is what `readShareLink` returned (or null). */
export function initViews(appCtx, appSettings, shared) {
  ctx = appCtx;
  settings = appSettings;
  pending = shared?.view || null;
  if (shared) {
    const what = [shared.model ? `the model "${shared.model.name}"` : null, shared.view ? 'a view of the accounts table' : null].filter(Boolean).join(' and ');
    showNotice('Opened a shared link', `It set ${what || 'nothing'}. The link carries no account data: add your own files to see your accounts.`, { key: 'shared', timeout: 0 });
  }
}

/** Applies a shared view waiting for results (app.js calls it after the table got results). */
export function applyPendingView(table) {
  if (!pending || !table) return;
  table.setView(pending);
  pending = null;
}

const b64url = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function unb64url(text) {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function squeeze(bytes, mode) {
  const Stream = mode === 'in' ? CompressionStream : DecompressionStream;
  return new Response(new Blob([bytes]).stream().pipeThrough(new Stream('deflate-raw'))).arrayBuffer();
}

/** A link to this page whose fragment holds `{ model, view }` (deflated JSON, base64url). */
export async function shareLink(model, view) {
  const json = JSON.stringify({ v: LINK_VERSION, model, view });
  const packed = await squeeze(new TextEncoder().encode(json), 'in');
  return `${location.origin}${location.pathname}${PREFIX}${b64url(packed)}`;
}

/** Reads a share-link fragment: { model, view } or null (not a share link / unreadable). */
export async function readShareLink(hash) {
  if (!hash || !hash.startsWith(PREFIX)) return null;
  try {
    const json = new TextDecoder().decode(await squeeze(unb64url(hash.slice(PREFIX.length)), 'out'));
    const data = JSON.parse(json);
    if (!data || typeof data !== 'object' || data.v !== LINK_VERSION) throw new Error('made by another version of the page');
    const model = data.model && typeof data.model === 'object' && Array.isArray(data.model.groups) ? data.model : null;
    const view = data.view && typeof data.view === 'object' ? cleanView(data.view) : null;
    return { model, view };
  } catch (err) {
    showError('This shared link could not be read', `${err?.message || err}. The page opened with your own settings.`, { key: 'shared' });
    return null;
  }
}

/** Keeps only the parts of a view that the table understands, as plain strings. */
export function cleanView(v) {
  const f = v.filters && typeof v.filters === 'object' ? v.filters : {};
  const str = (x) => (typeof x === 'string' ? x.slice(0, 500) : '');
  return {
    filters: { text: str(f.text), band: str(f.band), quadrant: str(f.quadrant), flag: str(f.flag), segment: str(f.segment) },
    sort: { by: str(v.sort?.by) || 'rank', desc: Boolean(v.sort?.desc) },
    hidden: Array.isArray(v.hidden) ? v.hidden.filter((x) => typeof x === 'string') : [],
  };
}

const saveSettings = () => storage.save(settings);

/** The "Views and columns" controls above the accounts table. */
export function viewBar(table) {
  const names = () => Object.keys(settings.views || {}).sort((a, b) => a.localeCompare(b));
  const pick = h('select', { id: 'view-pick', 'aria-label': 'Saved views' });
  const fillPick = (selected = '') => mount(pick, h('option', { value: '' }, names().length ? 'Saved views…' : 'No saved views yet'),
    names().map((n) => h('option', { value: n, selected: n === selected }, n)));
  fillPick();
  const del = h('button', { type: 'button', class: 'btn btn-small', id: 'view-delete', disabled: true }, 'Delete view');
  pick.addEventListener('change', () => {
    del.disabled = !pick.value;
    if (pick.value && settings.views[pick.value]) {
      table.setView(settings.views[pick.value]);
      syncColumns();
    }
  });
  del.addEventListener('click', () => {
    if (!pick.value) return;
    const gone = pick.value;
    settings.views = { ...settings.views };
    delete settings.views[gone];
    saveSettings();
    fillPick();
    del.disabled = true;
    showNotice(`View "${gone}" deleted`, null, { key: 'views' });
  });
  const name = h('input', { type: 'text', id: 'view-name', maxlength: '80', autocomplete: 'off', placeholder: 'Name this view', 'aria-label': 'Name of the view to save' });
  const save = h('button', { type: 'button', class: 'btn btn-small', id: 'view-save' }, 'Save view');
  save.addEventListener('click', () => {
    const n = name.value.trim();
    if (!n) { name.focus(); return; }
    settings.views = { ...settings.views, [n]: cleanView(table.getView()) };
    const stored = saveSettings();
    fillPick(n);
    del.disabled = false;
    name.value = '';
    if (stored) showNotice(`View "${n}" saved on this device`, 'Filters, sort and columns; pick it from Saved views.', { key: 'views' });
    else showError(`View "${n}" could not be stored`, 'This browser refused to store it (storage full or disabled); it is kept until the tab closes.', { key: 'views' });
  });
  const boxes = HIDEABLE.map((c) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', 'data-column': c.id, checked: !table.hidden.has(c.id),
      onchange: () => table.setHidden(HIDEABLE.filter((x) => !el.querySelector(`[data-column="${x.id}"]`).checked).map((x) => x.id)) }),
    ` ${c.label}`));
  const syncColumns = () => {
    for (const box of boxes) {
      const input = box.querySelector('input');
      input.checked = !table.hidden.has(input.dataset.column);
    }
  };
  const linkOut = h('input', { type: 'text', id: 'share-link', readonly: true, hidden: true, 'aria-label': 'Share link (model and view, no data)' });
  const share = h('button', { type: 'button', class: 'btn btn-small', id: 'view-share' }, 'Share link');
  share.addEventListener('click', async () => {
    const link = await shareLink(ctx.state.model, cleanView(table.getView()));
    linkOut.value = link;
    linkOut.hidden = false;
    linkOut.select();
    let copied = false;
    try { await navigator.clipboard.writeText(link); copied = true; } catch { /* not allowed: the field shows it */ }
    showNotice(copied ? 'Share link copied' : 'Share link ready', 'It carries the health model and this view (filters, sort, columns) — no account data. Whoever opens it adds their own files.', { key: 'views' });
  });
  const el = h('details', { class: 'view-tools', id: 'view-tools' },
    h('summary', null, 'Views and columns'),
    h('div', { class: 'view-tools-body' },
      h('div', { class: 'row' }, pick, del),
      h('div', { class: 'row' }, name, save),
      h('fieldset', { class: 'columns-pick' }, h('legend', null, 'Columns'), boxes),
      h('div', { class: 'row' }, share, linkOut)));
  return el;
}
