// The page's controller: state, navigation, and the flow File → worker → results → views.
import { appEngine } from './worker-client.js';
import { setVocabulary } from '../lib/vocabulary.js';
import { initErrors, showError, showWarning, showNotice, clearBanner } from './errors.js';
import * as storage from './storage.js';
import { debounce } from './dom.js';
import { renderDataView } from './intake.js';
import { renderSummary } from './summary.js';
import { AccountsTable } from './table.js';
import { openDetail, closeDetail, refreshDetail } from './detail.js';
import { renderQuadrants } from './quadrant.js';
import { renderSegments } from './segments.js';
import { renderOutreach } from './outreach.js';
import { renderPlaybooks } from './playbooks.js';
import { renderModelEditor } from './model-editor.js';
import { setFieldCatalogue } from './mapping.js';
import { initExport } from './export.js';
import { checkInputSize } from './limits.js';
import { resultsFromColumns } from './account-rows.js';
import { expandWorkbooks, notesOf } from './workbook.js';
import { modelIdentity } from './model-identity.js';
import { setLowCoverageBelow, lowCoverageShare } from './format.js';
import { loadKept, keepFiles, forgetKept, keepCard } from './keep.js';
import { initViews, readShareLink, viewBar, applyPendingView } from './views.js';

const $ = (sel) => document.querySelector(sel);

const state = {
  files: [], // { name, blob, mapping }
  results: null,
  model: null,
  defaultModel: null,
  measures: [],
  defaultPlaybooks: null, // the engine's (pkg-config/playbooks.json), from its hello
  modelProblems: [],
  view: 'data',
  busy: false,
  lastScoreMillis: 0,
  keep: { on: false, savedAt: null }, // the opt-in copy of the files on this device (keep.js)
};

let settings = storage.load();
setLowCoverageBelow(settings.lowCoverageBelow);
let engine;
let table;

const ctx = {
  state,
  addFiles,
  removeFile,
  clearFiles,
  setMapping,
  profiles: () => settings.profiles || [],
  setProfiles,
  setModel,
  resetModel,
  openAccount: (id) => openDetail(state, ctx, id),
  navigate: userNavigate,
  // Learns weights from the churn history (backtest card); errors reach the card.
  calibrate: (model, choice = {}) => engine.calibrate(model, choice),
  // Learning from a snapshot (learn.js).
  learn: async (model, options = {}) => JSON.parse((await engine.request('learn', { model, options })).learnJson),
  discover: async (model) => JSON.parse((await engine.request('discover', { model })).discoverJson),
  backtest: (model, choice = {}) => engine.backtest(model, choice),
  exportCsv: () => engine.exportCsv(lowCoverageShare()),
  exportJson: () => engine.exportJson(),
  components: (accountId) => engine.components(accountId),
  coverageGaps: (accountIds) => engine.request('coverage_gaps', { accountIds }),
  thinSatisfaction: (accountIds, measures) => engine.request('thin_satisfaction', { accountIds, measures }),
  // The share of model weight below which scores are marked low coverage (this device).
  setLowCoverage: (share) => {
    settings.lowCoverageBelow = share;
    storage.save(settings);
    setLowCoverageBelow(share);
    refreshChrome();
  },
  keepCard: () => keepCard(state, { ...state.keep, set: setKeep, forget: forgetFiles }),
  viewBar: (t) => viewBar(t),
  usageSeries: async (accountId, weeks) => {
    try {
      return await engine.usageSeries(accountId, weeks);
    } catch {
      return null;
    }
  },
};

// Views the user chose (tabs, links); the first results move the page on to the accounts only
// when the user has not chosen a view while the files were being read.
let userNavigations = 0;
function userNavigate(view, options) {
  userNavigations += 1;
  navigate(view, options);
}

function navigate(view, { focus = false } = {}) {
  const tab = document.querySelector(`[role="tab"][data-view="${view}"]`);
  if (!tab || tab.disabled) return;
  state.view = view;
  for (const t of document.querySelectorAll('[role="tab"]')) {
    const active = t.dataset.view === view;
    t.setAttribute('aria-selected', String(active));
    t.tabIndex = active ? 0 : -1;
  }
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== `view-${view}`;
  $('#summary').hidden = !state.results || view === 'model' || view === 'data';
  renderView(view);
  if (focus) tab.focus();
  if (location.hash !== `#${view}`) history.replaceState(null, '', `#${view}`);
}

function renderView(view) {
  const el = $(`#view-${view}`);
  switch (view) {
    case 'data': return renderDataView(el, state, ctx);
    case 'accounts':
      if (!table) table = new AccountsTable(el, ctx);
      table.setResults(state.results, state.model);
      return applyPendingView(table);
    case 'quadrants': return renderQuadrants(el, state, ctx);
    case 'segments': return renderSegments(el, state, ctx);
    case 'outreach': return renderOutreach(el, state, ctx);
    case 'playbooks': return renderPlaybooks(el, state, ctx);
    case 'model': return renderModelEditor(el, state, ctx);
    default: return undefined;
  }
}

function refreshChrome() {
  const r = state.results;
  const has = Boolean(r && r.accounts.length);
  for (const v of ['accounts', 'quadrants', 'outreach', 'segments', 'playbooks']) {
    document.querySelector(`[data-view="${v}"]`).disabled = !has;
  }
  $('#btn-export').disabled = !has;
  $('#btn-new').hidden = state.files.length === 0;
  const counts = {
    files: state.files.length || '',
    accounts: has ? r.accounts.length.toLocaleString('en-US') : '',
    outreach: has ? r.accounts.filter((a) => a.priority).length.toLocaleString('en-US') : '',
  };
  for (const el of document.querySelectorAll('[data-count]')) el.textContent = counts[el.dataset.count] ?? '';
  showModelBadge();
  renderSummary($('#summary'), state, ctx);
  $('#summary').hidden = !r || state.view === 'model' || state.view === 'data';
}

function showModelBadge() {
  const id = modelIdentity(state.model, state.defaultModel);
  $('#model-badge').textContent = id ? id.text : '';
  $('#model-badge').title = id ? `Model fingerprint #${id.fingerprint} (of its content; any edit changes it)` : '';
}

function setProgress(msg) {
  const box = $('#progress');
  if (!msg) { box.hidden = true; return; }
  box.hidden = false;
  const pctDone = msg.total ? Math.min(100, Math.round((msg.done / msg.total) * 100)) : 0;
  const text = msg.phase === 'score' ? 'Scoring accounts…' : `Reading ${msg.file || 'files'}…`;
  $('#progress-text').textContent = text;
  $('#progress-pct').textContent = msg.phase === 'score' ? '' : `${pctDone}%`;
  box.querySelector('.progress-track').setAttribute('aria-valuenow', String(pctDone));
  box.querySelector('.progress-fill').style.width = `${msg.phase === 'score' ? 100 : pctDone}%`;
}

function mappingFor(name) {
  return settings.mappings?.[name] || null;
}

async function ingest() {
  clearBanner('ingest');
  if (state.files.length === 0) {
    state.results = null;
    if (state.keep.on) await forgetFiles({ quiet: true });
    refreshChrome();
    navigate('data');
    return;
  }
  state.busy = true;
  setProgress({ phase: 'read', done: 0, total: 1, file: state.files[0].name });
  renderView(state.view);
  const chosenBefore = userNavigations;
  let rendered = false;
  try {
    const reply = await engine.ingest(state.files.map((f) => ({ name: f.name, blob: f.blob, mapping: f.mapping, notes: f.notes })),
      validModel(), { columns: true, onProgress: setProgress, profiles: settings.profiles || [] });
    state.busy = false;
    setProgress(null);
    // The first results of a session move on to the accounts, unless the user chose a view
    // (e.g. opened the Data view to review the mapping) while the files were being read.
    const firstTime = state.view === 'data' && !state.results && userNavigations === chosenBefore;
    await applyResults(reply, { render: !firstTime });
    rendered = true;
    if (state.keep.on) await storeKept();
    const fileErrors = state.results.files.filter((f) => f.error);
    if (fileErrors.length) {
      showWarning(`${fileErrors.length} file${fileErrors.length > 1 ? 's' : ''} could not be used`,
        fileErrors.map((f) => `${f.name}: ${f.error}`).join(' · '), { key: 'ingest' });
    }
    await nextTask(); // the summary and the table render in separate tasks
    const moveOn = firstTime && userNavigations === chosenBefore;
    if (moveOn && state.results.accounts.length > 0 && fileErrors.length === 0) navigate('accounts');
    else if (firstTime) renderView(state.view);
  } catch (err) {
    if (err.cancelled || err.crashed) return;
    showError('Could not read the files', err.message, { key: 'ingest' });
  } finally {
    state.busy = false;
    setProgress(null);
    if (!rendered) {
      refreshChrome();
      renderView(state.view);
    }
  }
}

const nextTask = () => new Promise((resolve) => { setTimeout(resolve, 0); });

async function applyResults(reply, { render = true } = {}) {
  // Results arrive as columns (typed arrays transferred from the worker, no copy) read through
  // AccountRow views; only the small rest is JSON. The dev fixture passes plain results.
  // Reading and rendering run as separate tasks so that neither blocks the page for long.
  const results = reply.columns ? resultsFromColumns(reply.columns) : reply.results;
  await nextTask();
  state.results = results;
  state.lastScoreMillis = reply.millis || 0;
  refreshChrome();
  if (render && state.view !== 'model') renderView(state.view); // the editor keeps focus while typing
  refreshDetail(state, ctx);
  document.dispatchEvent(new CustomEvent('ch:scored', { detail: { accounts: state.results.accounts.length } }));
}

function validModel() {
  return state.modelProblems.length === 0 ? state.model : state.defaultModel;
}

const rescore = debounce(async () => {
  if (!state.results) return;
  try {
    const reply = await engine.scoreLoaded(state.model, { columns: true });
    await applyResults(reply);
    clearBanner('score');
  } catch (err) {
    if (err.crashed) return;
    showError('Could not score with this model', err.message, { key: 'score' });
  }
}, 250);

async function setModel(model, { persist = true } = {}) {
  state.model = model;
  const problems = await engine.validateModel(model);
  state.modelProblems = problems;
  if (persist) {
    settings.model = model;
    storage.save(settings);
  }
  document.dispatchEvent(new CustomEvent('ch:model-problems', { detail: problems }));
  showModelBadge();
  if (problems.length === 0) rescore();
  return problems;
}

// A model from a share link replaces the saved one; the notice offers to undo that.
async function applySharedModel(model) {
  const previous = settings.model;
  const problems = await setModel(storage.upgradeModel(model, state.defaultModel));
  if (problems.length) showWarning('The shared model has problems', 'The default model is used for scores until they are fixed in the Health model tab.', { key: 'model' });
  showNotice(`Now using the shared model "${model.name}"`, 'It replaced the model saved on this device.', {
    key: 'shared-model', timeout: 0,
    actions: [{ label: 'Undo', run: () => (previous ? setModel(previous) : resetModel()) }],
  });
}

async function resetModel() {
  settings.model = null;
  storage.save(settings);
  await setModel(structuredClone(state.defaultModel), { persist: false });
  renderView(state.view);
}

// The engine runs in 32-bit WebAssembly (4 GiB at most, and the data takes several times the
// file size once parsed): larger inputs are refused up front with a clear message. The limits
// (total by device memory, JSON separately) are in limits.js.
async function addFiles(list) {
  const added = [];
  // Workbooks become one file per sheet (read by the workbook module in the worker).
  const books = await expandWorkbooks([...list], engine, (name) => showNotice(`Reading the sheets of ${name}…`));
  for (const f of books.failed) showError(`Could not read ${f.name}`, f.error, { key: `workbook-${f.name}` });
  list = books.files;
  // Refuse early, before anything is read, an input too large for this tab.
  const incoming = [...list].filter((f) => f && f.size);
  const names = new Set(incoming.map((f) => f.name));
  const tooLarge = checkInputSize(state.files.filter((x) => !names.has(x.name)).map((x) => x.blob), incoming);
  if (tooLarge) {
    showError(tooLarge.title, tooLarge.detail, { key: 'too-large' });
    return;
  }
  clearBanner('too-large');
  for (const f of list) {
    if (!f || !f.size) {
      showWarning(`${f?.name || 'A file'} is empty`, 'Nothing was read from it.');
      continue;
    }
    const existing = state.files.findIndex((x) => x.name === f.name);
    const entry = { name: f.name, blob: f, mapping: mappingFor(f.name), notes: notesOf(f) };
    if (existing >= 0) state.files[existing] = entry;
    else state.files.push(entry);
    added.push(f.name);
  }
  if (added.length) await ingest();
}

async function removeFile(index) {
  const [gone] = state.files.splice(index, 1);
  if (gone) showNotice(`Removed ${gone.name}`);
  await ingest();
}

async function clearFiles() {
  state.files = [];
  state.results = null;
  closeDetail();
  await ingest();
}

async function setMapping(index, mapping) {
  const f = state.files[index];
  if (!f) return;
  const empty = !mapping || (!mapping.kind && Object.keys(mapping.columns || {}).length === 0
    && Object.keys(mapping.scales || {}).length === 0 && !mapping.skipProfile);
  f.mapping = empty ? null : mapping;
  settings.mappings = { ...settings.mappings };
  if (empty) delete settings.mappings[f.name];
  else settings.mappings[f.name] = mapping;
  // A confirmed correction is also saved as a profile for files with the same headers (next
  // week's export, renamed or reordered); undoing the correction forgets that profile.
  const headers = (state.results?.files?.find((r) => r.name === f.name)?.mapping || []).map((c) => c.header);
  if (headers.length && !mapping?.skipProfile) {
    const signature = headerSignature(headers);
    const others = (settings.profiles || []).filter((p) => headerSignature(p.headers) !== signature);
    const profile = empty ? null : storage.cleanProfile({ name: f.name, headers, ...mapping });
    settings.profiles = profile ? [...others, profile] : others;
  }
  storage.save(settings);
  await ingest();
}

/** Headers as a set, compared as the engine compares them (case, spaces, punctuation). */
function headerSignature(headers) {
  return [...new Set(headers.map((x) => String(x).toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')))].sort().join('|');
}

async function setProfiles(profiles) {
  settings.profiles = storage.cleanProfiles(profiles);
  storage.save(settings);
  await ingest();
}

// Opt-in copy of the files on this device (keep.js): on, it follows every change of the file
// list; off or "Delete from this device", the stored copy is deleted.
async function storeKept() {
  try {
    state.keep.savedAt = (await keepFiles(state.files)).savedAt;
  } catch (err) {
    state.keep = { on: false, savedAt: null };
    showError('Could not keep the files on this device', `${err?.message || err}. The analysis still works; it will not be there after a reload.`, { key: 'keep' });
  }
  if (state.view === 'data') renderView('data');
  refreshKeepNote();
}

async function setKeep(on) {
  if (!on) return forgetFiles();
  state.keep.on = true;
  await storeKept();
  if (state.keep.on) showNotice('Kept on this device', 'The files stay in this browser until you delete them; they are never uploaded.', { key: 'keep' });
  return undefined;
}

async function forgetFiles({ quiet = false } = {}) {
  state.keep = { on: false, savedAt: null };
  try {
    await forgetKept();
    if (!quiet) showNotice('Deleted from this device', 'The stored copy of the files was removed from this browser.', { key: 'keep' });
  } catch (err) {
    showError('Could not delete the stored files', String(err?.message || err), { key: 'keep' });
  }
  if (state.view === 'data') renderView('data');
  refreshKeepNote();
}

function refreshKeepNote() {
  const note = $('#storage-note');
  if (note) {
    note.textContent = state.keep.on
      ? 'Runs on WebAssembly in a worker. A copy of your files is kept in this browser (Data → On this device to delete it); nothing is uploaded.'
      : 'Runs on WebAssembly in a worker. Close the tab and the data is gone; only your model settings are kept on this device.';
  }
}

function initNav() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  for (const t of tabs) t.addEventListener('click', () => userNavigate(t.dataset.view));
  $('#nav').addEventListener('keydown', (e) => {
    const enabled = tabs.filter((t) => !t.disabled);
    const i = enabled.indexOf(document.activeElement);
    if (i < 0) return;
    let next = null;
    if (e.key === 'ArrowDown') next = enabled[(i + 1) % enabled.length];
    else if (e.key === 'ArrowUp') next = enabled[(i - 1 + enabled.length) % enabled.length];
    else if (e.key === 'Home') next = enabled[0];
    else if (e.key === 'End') next = enabled[enabled.length - 1];
    if (next) { e.preventDefault(); userNavigate(next.dataset.view, { focus: true }); }
  });
  $('#btn-new').addEventListener('click', () => clearFiles());
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('#detail').hidden) closeDetail();
  });
}

async function boot() {
  initErrors($('#banner-region'));
  initNav();
  let crashedWhileReading = false;
  engine = appEngine({
    onCrash: (reason) => {
      crashedWhileReading = state.busy;
      const replay = state.files.length > 0 && !crashedWhileReading;
      showError('The engine stopped unexpectedly', `${reason}. It was restarted${replay ? ' and your files are being read again' : ''}.`, {
        key: 'crash',
        actions: state.files.length && crashedWhileReading ? [{ label: 'Try again', run: () => ingest() }] : [],
      });
    },
    // Replaying the same files after a crash while reading them would crash again: the
    // banner offers "Try again" (e.g. after removing or fixing a file) instead.
    onRestart: () => { if (state.files.length && !crashedWhileReading) ingest(); },
  });
  initExport(state, ctx);
  let hello;
  try {
    hello = await engine.ready();
  } catch (err) {
    showError('The scoring engine could not start', `${err.message}. Your browser needs WebAssembly and Web Workers enabled.`);
    renderView('data');
    return;
  }
  setVocabulary(hello.vocabulary);
  state.defaultModel = hello.defaultModel;
  state.measures = hello.measures;
  setFieldCatalogue(Object.fromEntries(Object.entries(hello.fields).map(([kind, list]) => [kind, list.map((f) => f.name)])));
  state.defaultPlaybooks = hello.playbooks;
  state.model = structuredClone(state.defaultModel);
  if (settings.model) {
    settings.model = storage.upgradeModel(settings.model, state.defaultModel);
    const problems = await setModel(settings.model, { persist: false });
    if (problems.length) {
      showWarning('Your saved model has problems', 'The default model is used for scores until they are fixed in the Health model tab.', { key: 'model' });
    }
  }
  const shared = await readShareLink(location.hash);
  if (shared?.model) await applySharedModel(shared.model);
  initViews(ctx, settings, shared);
  document.body.classList.add('ready');
  refreshChrome();
  const initial = location.hash.slice(1);
  navigate(['model'].includes(initial) ? initial : 'data');
  const kept = await loadKept();
  if (kept && state.files.length === 0) {
    state.keep = { on: true, savedAt: kept.savedAt };
    state.files = kept.files.map((f) => ({ ...f, mapping: mappingFor(f.name) }));
    refreshKeepNote();
    showNotice('Your kept analysis was restored', `${kept.files.length} file${kept.files.length === 1 ? '' : 's'} read again from this device.`, { key: 'keep' });
    await ingest();
  }
}

// Development hook (only with ?dev in the URL): render a hand-made results fixture.
if (new URLSearchParams(location.search).has('dev')) {
  window.__ch = {
    state,
    crashWorker: () => engine.request('selftest-crash'),
    async showResults(results) {
      state.files = results.files.map((f) => ({ name: f.name, blob: new Blob(['x'.repeat(f.bytes || 1)]), mapping: null }));
      await applyResults({ results, millis: 0 });
      navigate('accounts');
    },
  };
}

boot();
