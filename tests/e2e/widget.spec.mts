// <customer-health-panel> in a host page: the packaged element (dist/npm/customer-health) loaded
// unbundled under the documented CSP (sent as a header on every response, worker included).
// Every test also runs the network guard (any non-loopback request fails it), the page-error
// check and the CSP-violation check of fixtures.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, isLocal, ROOT, ravenstackFiles } from './fixtures.mjs';
import {
  openHost, addPanel, setTables, events, waitForEvent, trackWorkers, demoTables, tinyTables, parseDeclarations,
} from './widget-helpers.mts';

test('renders in a host page, loads the engine lazily, takes data by property and emits scored', async ({ page, guard }) => {
  const workers = trackWorkers(page);
  await openHost(page);
  await addPanel(page, 'a');
  const panel = page.locator('#a');
  await expect(panel.locator('[role=tablist] [role=tab]')).toHaveText(['Table', 'Quadrant', 'Outreach']);
  await expect(panel.locator('.status')).toHaveText('Waiting for data.');
  // Nothing heavy is fetched before data arrives.
  await page.waitForTimeout(300);
  expect(workers.started.length).toBe(0);
  expect(guard.requests.filter((u: string) => /\.wasm$|worker\.js$/.test(u))).toEqual([]);

  await setTables(page, 'a', demoTables());
  const [scored] = await waitForEvent(page, 'a', 'scored');
  const summary = scored.detail.summary as { accounts: number; scored: number; as_of: string; model_name: string };
  expect(summary.accounts).toBe(150);
  expect(summary.as_of).toBe('2026-10-31');
  expect(summary.model_name).toBe('Default health model');
  expect((scored.detail.accounts as unknown[]).length).toBe(150);
  expect(workers.started.length).toBe(1);
  expect(guard.requests.some((u: string) => u.endsWith('/dist/npm/customer-health/customer_health_bg.wasm'))).toBe(true);
  expect(guard.requests.some((u: string) => u.endsWith('/dist/npm/customer-health/lib/worker.js'))).toBe(true);

  // The table shows the first 100 accounts by outreach priority, consistent with the results.
  const rows = panel.locator('tbody tr');
  await expect(rows).toHaveCount(100);
  await expect(panel.locator('.more')).toHaveText('Showing the first 100 of 150 accounts, by outreach priority.');
  const results = await page.evaluate(() => (document.getElementById('a') as unknown as { results: { accounts: Array<{ account_id: string; name: string | null; health_score: number | null; priority: { rank: number } | null }> } }).results);
  const top = [...results.accounts].filter((a) => a.priority).sort((x, y) => x.priority!.rank - y.priority!.rank)[0];
  await expect(rows.first()).toHaveAttribute('data-account-id', top.account_id);
  await expect(rows.first().locator('td.name')).toHaveText(top.name || top.account_id);
  await expect(rows.first().locator('td[data-col=score]')).toHaveText(String(Math.round(top.health_score!)));
  await expect(panel.locator('[data-stat=accounts] b')).toHaveText('150');

  // Same tables through the engine API on the page's thread → identical results.
  const direct = await page.evaluate(async (tables) => {
    const api = (window as unknown as { customerHealth: { createEngine: (o: object) => { score: (t: unknown) => Promise<unknown>; destroy: () => void } } }).customerHealth;
    const engine = api.createEngine({ worker: false });
    const r = await engine.score(tables);
    engine.destroy();
    return r;
  }, demoTables());
  expect(JSON.stringify(direct)).toBe(JSON.stringify(results));
  expect(guard.requests.every((u: string) => isLocal(u))).toBe(true);
});

test('clicking a row (or Enter on it) emits account-selected with that account', async ({ page }) => {
  await openHost(page);
  await addPanel(page, 'a');
  await setTables(page, 'a', demoTables());
  await waitForEvent(page, 'a', 'scored');
  const row = page.locator('#a tbody tr').nth(2);
  const id = await row.getAttribute('data-account-id');
  const name = await row.locator('td.name').textContent();
  await row.click();
  const [selected] = await waitForEvent(page, 'a', 'account-selected');
  expect(selected.detail.accountId).toBe(id);
  const account = selected.detail.account as { account_id: string; name: string; components: unknown[] };
  expect(account.account_id).toBe(id);
  expect(account.name).toBe(name);
  expect(account.components.length).toBeGreaterThan(0);
  await expect(row).toHaveAttribute('aria-selected', 'true');

  const next = page.locator('#a tbody tr').nth(5);
  await next.focus();
  await page.keyboard.press('Enter');
  const all = await waitForEvent(page, 'a', 'account-selected', 2);
  expect(all[1].detail.accountId).toBe(await next.getAttribute('data-account-id'));

  // A bubble in the quadrant chart selects too.
  await page.evaluate(() => document.getElementById('a')!.setAttribute('view', 'quadrant'));
  const canvas = page.locator('#a canvas');
  await expect(canvas).toBeVisible();
  await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(100);
  // Click the centre of one bubble (positions from the Chart.js instance the widget created).
  const target = await canvas.evaluate(async (c: HTMLCanvasElement) => {
    const { Chart } = await (window as unknown as { loadChart: () => Promise<{ Chart: { getChart: (c: HTMLCanvasElement) => { data: { datasets: Array<{ data: unknown[] }> }; getDatasetMeta: (i: number) => { data: unknown[] } } } }> }).loadChart();
    const chart = Chart.getChart(c);
    const points = chart.data.datasets[0].data as Array<{ a: { account_id: string } }>;
    const els = chart.getDatasetMeta(0).data as Array<{ x: number; y: number }>;
    const key = (e: { x: number; y: number }) => `${Math.round(e.x)},${Math.round(e.y)}`;
    const counts = new Map<string, number>();
    for (const e of els) counts.set(key(e), (counts.get(key(e)) || 0) + 1);
    const i = els.findIndex((e) => counts.get(key(e)) === 1);
    return { x: els[i].x, y: els[i].y, id: points[i].a.account_id };
  });
  await canvas.click({ position: { x: target.x, y: target.y } });
  const after = await waitForEvent(page, 'a', 'account-selected', 3);
  expect(after[2].detail.accountId).toBe(target.id);
});

test('column headers sort the table by click or keyboard, announced with aria-sort', async ({ page }) => {
  await openHost(page);
  await addPanel(page, 'a');
  await setTables(page, 'a', demoTables());
  await waitForEvent(page, 'a', 'scored');
  const panel = page.locator('#a');
  const rows = panel.locator('tbody tr');
  await expect(rows).toHaveCount(100);
  type Row = { account_id: string; health_score: number | null; arr: number | null; priority: { rank: number } | null };
  const accounts = await page.evaluate(() => (document.getElementById('a') as unknown as { results: { accounts: Row[] } }).results.accounts);
  const shownIds = () => rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.accountId!));
  const rank = (a: Row) => a.priority?.rank ?? Infinity;
  const outreachOrder = [...accounts].sort((x, y) => rank(x) - rank(y) || (x.health_score ?? 101) - (y.health_score ?? 101) || x.account_id.localeCompare(y.account_id));
  // Expected order: by the key, missing last, ties in outreach order.
  const expected = (key: (a: Row) => number | null, sign: number) => outreachOrder
    .map((a, i) => ({ a, i, k: key(a) }))
    .sort((x, y) => (x.k === null) !== (y.k === null) ? (x.k === null ? 1 : -1) : (x.k !== null && x.k !== y.k ? sign * (x.k - y.k!) : x.i - y.i))
    .slice(0, 100).map((x) => x.a.account_id);

  await expect(panel.locator('th[data-sort=rank]')).toHaveAttribute('aria-sort', 'ascending');
  await panel.getByRole('button', { name: 'Health' }).click();
  await expect(panel.locator('th[data-sort=score]')).toHaveAttribute('aria-sort', 'ascending');
  await expect(panel.locator('th[data-sort=rank]')).not.toHaveAttribute('aria-sort', /./);
  expect(await shownIds()).toEqual(expected((a) => a.health_score, 1));
  await expect(panel.locator('.more')).toHaveText('Showing the first 100 of 150 accounts, sorted by Health.');
  await panel.getByRole('button', { name: 'Health' }).click();
  await expect(panel.locator('th[data-sort=score]')).toHaveAttribute('aria-sort', 'descending');
  expect(await shownIds()).toEqual(expected((a) => a.health_score, -1));

  // Keyboard: focus the ARR header and press Enter → largest ARR first.
  await panel.getByRole('button', { name: 'ARR' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel.locator('th[data-sort=arr]')).toHaveAttribute('aria-sort', 'descending');
  expect(await shownIds()).toEqual(expected((a) => a.arr, -1));
});

test('bad data emits error with file and line; an invalid model emits an engine error', async ({ page }) => {
  await openHost(page);
  await addPanel(page, 'a');
  const tables = tinyTables('B');
  const usage = tables['usage.csv'].split('\n');
  usage[2] = usage[2].replace(/2026-10-\d\d/, '2026-13-45'); // line 3 of the file
  await setTables(page, 'a', { ...tables, 'usage.csv': usage.join('\n') });
  await waitForEvent(page, 'a', 'scored');
  const [rowError] = await waitForEvent(page, 'a', 'error');
  expect(rowError.detail.file).toBe('usage.csv');
  expect(rowError.detail.line).toBe(3);
  expect(rowError.detail.kind).toBe('rows');
  expect(rowError.detail.fatal).toBe(false);
  expect(String(rowError.detail.message)).toContain('2026-13-45');
  await expect(page.locator('#a .status')).toContainText('usage.csv: 1 row rejected');

  // A table the engine cannot recognise, and nothing else: nothing can be scored.
  await addPanel(page, 'b', 'slot-b');
  await setTables(page, 'b', { 'notes.csv': 'colour,shape\nred,circle\nblue,square\n' });
  const [fileError] = await waitForEvent(page, 'b', 'error');
  expect(fileError.detail.file).toBe('notes.csv');
  expect(fileError.detail.fatal).toBe(true);
  expect(await events(page, 'b', 'scored')).toEqual([]);
  await expect(page.locator('#b .status')).toHaveClass(/error/);

  // An invalid model: the engine refuses it and the element reports why.
  await page.evaluate(() => {
    (document.getElementById('a') as unknown as { model: unknown }).model = { schema_version: 99 };
  });
  const errors = await waitForEvent(page, 'a', 'error', 2);
  const engineError = errors[errors.length - 1];
  expect(engineError.detail.kind).toBe('engine');
  expect(engineError.detail.fatal).toBe(true);
  expect(engineError.detail.file).toBeNull();
  expect(String(engineError.detail.message)).toContain('model');

  // A wrong base-url: the worker cannot load, the element says so instead of hanging.
  await addPanel(page, 'c', 'slot-b', { 'base-url': '/no/such/folder/' });
  await setTables(page, 'c', tinyTables('C'));
  const [loadError] = await waitForEvent(page, 'c', 'error');
  expect(loadError.detail.kind).toBe('engine');
  expect(loadError.detail.fatal).toBe(true);
  expect(String(loadError.detail.message)).toContain('/no/such/folder/lib/worker.js');
  await expect(page.locator('#c .status')).toContainText('engine worker failed');
});

test('two instances on one page do not interfere', async ({ page }) => {
  const workers = trackWorkers(page);
  await openHost(page);
  await addPanel(page, 'a', 'slot-a');
  await addPanel(page, 'b', 'slot-b');
  await setTables(page, 'a', demoTables());
  await setTables(page, 'b', tinyTables('B'));
  const [a] = await waitForEvent(page, 'a', 'scored');
  const [b] = await waitForEvent(page, 'b', 'scored');
  expect((a.detail.summary as { accounts: number }).accounts).toBe(150);
  expect((b.detail.summary as { accounts: number }).accounts).toBe(3);
  expect(workers.started.length).toBe(2);
  await expect(page.locator('#b tbody tr')).toHaveCount(3);
  const bIds = await page.locator('#b tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account-id')).sort());
  expect(bIds).toEqual(['B-1', 'B-2', 'B-3']);
  const aIds = await page.locator('#a tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-account-id')));
  expect(aIds.every((id) => /^A\d{4}$/.test(id!))).toBe(true);

  // New data for B re-scores B only; A keeps its results and emits nothing.
  const aBefore = await page.evaluate(() => JSON.stringify((document.getElementById('a') as unknown as { results: unknown }).results));
  await setTables(page, 'b', tinyTables('C'));
  await waitForEvent(page, 'b', 'scored', 2);
  await expect(page.locator('#b tbody tr').first()).toHaveAttribute('data-account-id', /^C-\d$/);
  expect((await events(page, 'a', 'scored')).length).toBe(1);
  const aAfter = await page.evaluate(() => JSON.stringify((document.getElementById('a') as unknown as { results: unknown }).results));
  expect(aAfter).toBe(aBefore);

  // Selecting in one does not select in the other.
  await page.locator('#b tbody tr').first().click();
  await waitForEvent(page, 'b', 'account-selected');
  expect(await events(page, 'a', 'account-selected')).toEqual([]);
  await expect(page.locator('#a tbody tr[aria-selected=true]')).toHaveCount(0);

  // Different models on each: B's bands change, A's don't.
  await page.evaluate(async () => {
    const api = (window as unknown as { customerHealth: { defaultModel: () => Promise<{ bands: Array<{ min: number }> }> } }).customerHealth;
    const model = await api.defaultModel();
    model.bands = model.bands.map((band, i) => ({ ...band, min: i === 0 ? 0 : 99 + i * 0.1 }));
    (document.getElementById('b') as unknown as { model: unknown }).model = model;
  });
  await waitForEvent(page, 'b', 'scored', 3);
  const bBands = await page.evaluate(() => (document.getElementById('b') as unknown as { results: { accounts: Array<{ band: string }> } }).results.accounts.map((x) => x.band));
  expect(new Set(bBands)).toEqual(new Set(['critical']));
  const aBands = await page.evaluate(() => (document.getElementById('a') as unknown as { results: { accounts: Array<{ band: string }> } }).results.accounts.map((x) => x.band));
  expect(new Set(aBands).size).toBeGreaterThan(1);
});

test('removing the element terminates its worker; destroy() does too; re-inserting starts a new one', async ({ page }) => {
  const workers = trackWorkers(page);
  await openHost(page);
  await addPanel(page, 'a', 'slot-a');
  await addPanel(page, 'b', 'slot-b');
  await setTables(page, 'a', demoTables());
  await setTables(page, 'b', tinyTables('B'));
  await waitForEvent(page, 'a', 'scored');
  await waitForEvent(page, 'b', 'scored');
  expect(workers.live()).toBe(2);

  // Moving an element within the page keeps its engine.
  await page.evaluate(() => document.getElementById('slot-b')!.append(document.getElementById('a')!));
  await page.waitForTimeout(200);
  expect(workers.live()).toBe(2);
  expect(await page.evaluate(() => (document.getElementById('a') as unknown as { engineActive: boolean }).engineActive)).toBe(true);

  // Removing it terminates its worker (observed by the browser: the worker closes).
  await page.evaluate(() => { (window as unknown as { detached: Element }).detached = document.getElementById('a')!; document.getElementById('a')!.remove(); });
  await expect.poll(() => workers.live()).toBe(1);
  expect(workers.closed.size).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { detached: { engineActive: boolean } }).detached.engineActive)).toBe(false);

  // The other instance is unaffected and still answers.
  await page.locator('#b tbody tr').nth(1).click();
  await waitForEvent(page, 'b', 'account-selected');

  // Re-inserting the removed element starts a fresh worker and scores its tables again;
  // `ready` resolves with the new run's results.
  const rerun = await page.evaluate(async () => {
    type Results = { summary: { accounts: number } };
    const el = (window as unknown as { detached: Element & { ready: Promise<Results | null>; results: Results | null } }).detached;
    const before = el.results;
    document.getElementById('slot-a')!.append(el);
    const results = await el.ready;
    return { accounts: results ? results.summary.accounts : -1, fresh: results !== before && results === el.results };
  });
  expect(rerun).toEqual({ accounts: 150, fresh: true });
  await waitForEvent(page, 'a', 'scored', 2);
  expect(workers.started.length).toBe(3);
  expect(workers.live()).toBe(2);

  // destroy() on a connected element terminates its worker as well.
  await page.evaluate(() => (document.getElementById('b') as unknown as { destroy: () => void }).destroy());
  await expect.poll(() => workers.live()).toBe(1);
  expect(await page.evaluate(() => (document.getElementById('b') as unknown as { engineActive: boolean }).engineActive)).toBe(false);

  // Removing everything leaves no engine worker behind.
  await page.evaluate(() => document.querySelectorAll('customer-health-panel').forEach((el) => el.remove()));
  await expect.poll(() => workers.live()).toBe(0);
});

test('views, compact, resizing with the container and theming', async ({ page, guard }) => {
  await openHost(page);
  await addPanel(page, 'a', 'slot-a', { view: 'outreach' });
  await setTables(page, 'a', demoTables());
  await waitForEvent(page, 'a', 'scored');
  const panel = page.locator('#a');
  await expect(panel.locator('#view-outreach')).toBeVisible();
  await expect(panel.locator('#view-table')).toBeHidden();
  await expect(panel.locator('.out-item')).toHaveCount(25);
  await expect(panel.locator('.out-item').first().locator('.out-rank')).toHaveText('#1');
  // The chart library is only fetched when the quadrant view is first shown.
  expect(guard.requests.some((u: string) => u.endsWith('/widget/chart.js'))).toBe(false);

  // The internal tabs switch views (click or arrow keys) and reflect to the attribute.
  await panel.locator('[role=tab][data-view=outreach]').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(panel).toHaveAttribute('view', 'quadrant');
  await expect(panel.locator('[role=tab][data-view=quadrant]')).toBeFocused();
  await page.keyboard.press('End');
  await expect(panel).toHaveAttribute('view', 'outreach');
  await panel.locator('[role=tab][data-view=quadrant]').click();
  await expect(panel).toHaveAttribute('view', 'quadrant');
  await expect(panel.locator('#view-quadrant')).toBeVisible();
  await expect.poll(() => guard.requests.some((u: string) => u.endsWith('/dist/npm/customer-health/widget/chart.js'))).toBe(true);
  const results = await page.evaluate(() => (document.getElementById('a') as unknown as { results: { accounts: Array<{ quadrant: string | null }> } }).results);
  const legend = await panel.locator('.legend li[data-quadrant]').allTextContents();
  const count = (q: string) => results.accounts.filter((x) => x.quadrant === q).length;
  expect(legend).toEqual([`Champion ${count('champion')}`, `Under-user ${count('under_user')}`, `Cry for help ${count('cry_for_help')}`, `At risk ${count('at_risk')}`]);
  // The chart drew bubbles: the canvas is not blank.
  const canvas = panel.locator('canvas');
  await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
  })).toBeGreaterThan(2000);
  const wideWidth = await canvas.evaluate((c: HTMLCanvasElement) => c.getBoundingClientRect().width);

  // Resizing the container: the element follows (narrow layout, chart resized, event).
  await page.evaluate(() => { document.getElementById('slot-a')!.style.width = '420px'; });
  await expect(panel.locator('.root')).toHaveAttribute('data-size', 'narrow');
  const resize = await waitForEvent(page, 'a', 'panel-resize');
  expect(resize[resize.length - 1].detail.size).toBe('narrow');
  await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.getBoundingClientRect().width)).toBeLessThan(420);
  expect(wideWidth).toBeGreaterThan(800);
  await panel.locator('[role=tab][data-view=table]').click();
  await expect(panel.locator('th', { hasText: 'Trend' })).toBeHidden();
  await expect(panel.locator('th', { hasText: 'Health' })).toBeVisible();
  await page.evaluate(() => { document.getElementById('slot-a')!.style.width = '1000px'; });
  await expect(panel.locator('.root')).toHaveAttribute('data-size', 'wide');
  await expect(panel.locator('th', { hasText: 'Trend' })).toBeVisible();

  // compact hides the summary and tightens rows.
  const tall = await panel.locator('tbody tr').first().evaluate((r) => r.getBoundingClientRect().height);
  await page.evaluate(() => document.getElementById('a')!.setAttribute('compact', ''));
  await expect(panel.locator('.summary')).toBeHidden();
  const short = await panel.locator('tbody tr').first().evaluate((r) => r.getBoundingClientRect().height);
  expect(short).toBeLessThan(tall);

  // Theming through custom properties set by the host.
  await page.evaluate(() => {
    const el = document.getElementById('a')!;
    el.style.setProperty('--ch-accent', 'rgb(200, 10, 120)');
    el.style.setProperty('--ch-row-height', '50px');
    el.style.setProperty('--ch-font', 'monospace');
  });
  await expect(panel.locator('[role=tab][aria-selected=true]')).toHaveCSS('background-color', 'rgb(200, 10, 120)');
  await expect(panel.locator('tbody td').first()).toHaveCSS('font-family', 'monospace');
  const themed = await panel.locator('tbody tr').first().evaluate((r) => r.getBoundingClientRect().height);
  expect(Math.round(themed)).toBeGreaterThanOrEqual(50);
});

test('the engine API: init, score in a worker, typed results, errors', async ({ page }) => {
  const workers = trackWorkers(page);
  await openHost(page);
  const out = await page.evaluate(async (tables) => {
    type Api = {
      init: (o: object) => Promise<{ defaultModel: { name: string }; measures: Array<{ id: string }>; schemaVersion: number }>;
      score: (t: unknown, m?: unknown) => Promise<{ summary: { accounts: number }; files: Array<{ name: string; kind: string }>; accounts: Array<{ account_id: string; quadrant: string | null }> }>;
      validateModel: (m: unknown) => Promise<string[]>;
      shutdown: () => void;
    };
    const api = (window as unknown as { customerHealth: Api }).customerHealth;
    const info = await api.init({ baseUrl: '/dist/npm/customer-health/' });
    const asBuffers = Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, new TextEncoder().encode(v as string).buffer]));
    const [fromText, fromBuffers] = await Promise.all([api.score(tables), api.score(asBuffers)]);
    const problems = await api.validateModel({ schema_version: 1 });
    let failure = '';
    try { await api.score({ 'a.csv': 'x' }, '{not json'); } catch (e) { failure = String((e as Error).message); }
    api.shutdown();
    // A separate engine: its own worker; CSV export of its last results.
    const own = (api as unknown as { createEngine: (o: object) => { score: (t: unknown) => Promise<unknown>; exportCsv: () => Promise<string>; destroy: () => void } }).createEngine({});
    await own.score(tables);
    const csv = await own.exportCsv();
    own.destroy();
    return { info, fromText, fromBuffers, problems, failure, csv };
  }, tinyTables('E'));
  expect(out.info.defaultModel.name).toBe('Default health model');
  expect(out.info.schemaVersion).toBe(1);
  expect(out.info.measures.map((m) => m.id)).toContain('seat_utilisation');
  expect(out.fromText.summary.accounts).toBe(3);
  expect(out.fromText.files.map((f) => [f.name, f.kind])).toEqual([['accounts.csv', 'accounts'], ['usage.csv', 'usage'], ['surveys.csv', 'surveys']]);
  expect(JSON.stringify(out.fromBuffers)).toBe(JSON.stringify(out.fromText));
  expect(out.problems.length).toBeGreaterThan(0);
  expect(out.failure).toContain('model JSON');
  const csvLines = out.csv.trim().split('\n');
  expect(csvLines).toHaveLength(4);
  expect(csvLines[0]).toContain('account_id');
  expect(csvLines.slice(1).map((l) => l.split(',')[0].replace(/"/g, '')).sort()).toEqual(['E-1', 'E-2', 'E-3']);
  expect(workers.started.length).toBe(2);
  await expect.poll(() => workers.live()).toBe(0);
});

test('the declared types (hand-written and generated) declare exactly what the engine returns', async ({ page }) => {
  const declared = ['types.d.ts', 'model-types.d.ts', 'catalogue.d.ts'].map((f) => readFileSync(join(ROOT, 'dist/npm/customer-health/lib', f), 'utf8')).join('\n');
  const { interfaces, unions } = parseDeclarations(declared);
  await openHost(page);
  const bad = tinyTables('R');
  const usage = bad['usage.csv'].split('\n');
  usage[3] = usage[3].replace(/2026-10-\d\d/, 'yesterday');
  // RavenStack records churn, so its results carry a backtest.
  const raven = Object.fromEntries(ravenstackFiles().files.map((f: string) => [f.split('/').pop(), readFileSync(f, 'utf8')]));
  const out = await page.evaluate(async ({ demo, broken, raven }) => {
    type Api = { init: (o: object) => Promise<Record<string, unknown>>; score: (t: unknown) => Promise<Record<string, unknown>>; shutdown: () => void };
    const api = (window as unknown as { customerHealth: Api }).customerHealth;
    const info = await api.init({});
    const full = await api.score(demo);
    const withIssues = await api.score(broken);
    const churn = await api.score(raven);
    api.shutdown();
    return { info, full, withIssues, backtest: churn.backtest };
  }, { demo: demoTables(), broken: { ...bad, 'usage.csv': usage.join('\n') }, raven });

  const checked: string[] = [];
  const seen = (values: unknown[]) => [...new Set(values.filter((v) => v !== null))];
  const check = (name: string, objects: unknown[]) => {
    const decl = interfaces.get(name);
    expect(decl, `interface ${name} in types.d.ts`).toBeTruthy();
    const list = objects.filter((o): o is Record<string, unknown> => o !== null && typeof o === 'object');
    expect(list.length, `samples of ${name}`).toBeGreaterThan(0);
    // Collected first, asserted once (one expect per key would be tens of thousands of calls).
    const undeclared = new Set<string>();
    const missing = new Set<string>();
    for (const o of list) {
      const keys = Object.keys(o);
      for (const k of keys) if (!decl!.required.has(k) && !decl!.optional.has(k)) undeclared.add(k);
      for (const k of decl!.required) if (!(k in o)) missing.add(k);
    }
    expect([...undeclared], `fields of ${name} the engine returns but types.d.ts lacks`).toEqual([]);
    expect([...missing], `required fields of ${name} the engine does not return`).toEqual([]);
    checked.push(name);
  };
  type Obj = Record<string, unknown>;
  const full = out.full as Obj & { accounts: Obj[]; files: Obj[]; segments: Obj[]; healthy_patterns: Obj[]; summary: Obj; backtest: Obj | null };
  const broken = out.withIssues as Obj & { files: Array<Obj & { issues: Obj[] }>; rejected_rows: Obj[] };
  check('Results', [full, broken]);
  check('AccountResult', full.accounts);
  check('Component', full.accounts.flatMap((a) => a.components as Obj[]));
  check('FlagHit', full.accounts.flatMap((a) => a.flags as Obj[]));
  check('Priority', full.accounts.map((a) => a.priority));
  check('SegmentKeys', full.accounts.map((a) => a.segments));
  check('Summary', [full.summary, broken.summary]);
  check('FileReport', [...full.files, ...broken.files]);
  check('ColumnMapping', full.files.flatMap((f) => f.mapping as Obj[]));
  check('RowIssue', [...broken.rejected_rows, ...broken.files.flatMap((f) => f.issues)]);
  check('SegmentStats', full.segments);
  check('HealthyPattern', full.healthy_patterns);
  const backtest = out.backtest as (Obj & { calibration: Obj[]; roc: Obj[]; signals: Obj[]; outcome_source: string }) | null;
  expect(backtest, 'RavenStack results carry a churn backtest').toBeTruthy();
  check('Backtest', [backtest, full.backtest]);
  check('CalibrationRow', backtest!.calibration);
  check('RocPoint', backtest!.roc);
  check('SignalFigures', backtest!.signals);
  expect(unions.get('OutcomeSource')!.has(backtest!.outcome_source)).toBe(true);
  expect(seen(backtest!.signals.map((x) => x.kind)).sort()).toEqual(['flag', 'measure']);
  const info = out.info as { defaultModel: Obj & { windows: Obj; groups: Obj[]; bands: Obj[]; quadrants: Obj; flags: Record<string, Obj>; segments: Obj & { arr_tiers: Obj[] } }; measures: Obj[]; fields: Record<string, Obj[]>; playbooks: Obj & { quadrants: Record<string, Obj>; flags: Record<string, Obj> } };
  const model = info.defaultModel;
  check('Model', [model]);
  check('Windows', [model.windows]);
  check('Group', model.groups);
  check('MeasureWeight', model.groups.flatMap((g) => g.measures as Obj[]));
  check('Band', model.bands);
  check('QuadrantConfig', [model.quadrants]);
  check('FlagConfig', [model.flags]);
  const rules: Record<string, string> = { usage_trap: 'UsageTrapRule', usage_decline: 'UsageDeclineRule', seat_under_use: 'SeatUnderUseRule', champion_loss: 'ChampionLossRule', release_disruption: 'ReleaseDisruptionRule', silence: 'SilenceRule', ticket_surge: 'TicketSurgeRule', competitor_mention: 'CompetitorMentionRule' };
  for (const [flag, iface] of Object.entries(rules)) check(iface, [model.flags[flag]]);
  check('SegmentConfig', [model.segments]);
  check('Tier', model.segments.arr_tiers);
  const lifecycle = (model as Obj & { lifecycle: Obj & { stages: Obj[] } }).lifecycle;
  check('Lifecycle', [lifecycle]);
  check('LifecycleStage', lifecycle.stages);
  const dimensions = seen(full.segments.map((x) => x.dimension));
  expect(dimensions).toContain('lifecycle_stage');
  for (const d of dimensions) expect(unions.get('SegmentDimension')!.has(d as string), `segment dimension ${d}`).toBe(true);
  check('Playbooks', [info.playbooks]);
  check('QuadrantPlaybook', Object.values(info.playbooks.quadrants));
  check('FlagPlaybook', Object.values(info.playbooks.flags));
  check('MeasureInfo', info.measures);
  check('FieldInfo', Object.values(info.fields).flat());
  expect(checked.length).toBeGreaterThanOrEqual(30);

  // String-literal unions match the engine's catalogues exactly.
  expect(new Set(info.measures.map((m) => m.id))).toEqual(unions.get('Measure'));
  expect(new Set(Object.keys(info.fields))).toEqual(unions.get('TableKind'));
  expect(new Set(Object.keys(info.playbooks.quadrants))).toEqual(unions.get('Quadrant'));
  expect(new Set(Object.keys(info.playbooks.flags))).toEqual(unions.get('Flag'));
  expect(new Set(Object.keys(model.flags))).toEqual(unions.get('Flag'));
  const within = (values: unknown[], union: string) => expect(seen(values).filter((v) => !unions.get(union)!.has(v as string)), `values outside ${union}`).toEqual([]);
  within(full.accounts.map((a) => a.quadrant), 'Quadrant');
  within(full.accounts.flatMap((a) => (a.flags as Obj[]).map((f) => f.flag)), 'Flag');
  within(full.accounts.flatMap((a) => (a.components as Obj[]).map((c) => c.family)), 'Family');
  within(full.accounts.flatMap((a) => (a.components as Obj[]).map((c) => c.measure)), 'Measure');
  within(full.files.map((f) => f.kind), 'TableKind');
  within(full.segments.map((x) => x.dimension), 'SegmentDimension');
  within(broken.rejected_rows.map((i) => i.severity), 'IssueSeverity');
  expect(seen(broken.rejected_rows.map((i) => i.severity))).toEqual(['rejected']);
});

test('engine files on another origin (a static-asset host): blob-module worker, CORS, documented CSP', async ({ page, guard }) => {
  const workers = trackWorkers(page);
  await page.goto('/tests/e2e/widget-cross-origin.html');
  await expect(page.locator('html[data-ready=true]')).toBeAttached();
  const base = await page.evaluate(() => (window as unknown as { assetBase: string }).assetBase);
  expect(new URL(base).origin).not.toBe(new URL(page.url()).origin);
  await addPanel(page, 'a', 'slot-a', { 'base-url': base, view: 'quadrant' });
  await setTables(page, 'a', tinyTables('X'));
  const [scored] = await waitForEvent(page, 'a', 'scored');
  expect((scored.detail.summary as { accounts: number }).accounts).toBe(3);
  expect(workers.started.length).toBe(1);
  expect(workers.started[0].url()).toMatch(/^blob:/);
  await expect.poll(() => [...new Set(guard.requests.filter((u: string) => u.startsWith(base)).map((u: string) => u.slice(base.length)))].sort())
    .toEqual(['customer_health.js', 'customer_health_bg.wasm', 'lib/answers.js', 'lib/worker-core.js', 'lib/worker.js', 'widget/chart.js']);
  await expect(page.locator('#a .legend li[data-quadrant]')).toHaveCount(4);
  await page.evaluate(() => document.getElementById('a')!.remove());
  await expect.poll(() => workers.live()).toBe(0);
});

test('the widget shows the engine vocabulary: the same words as the app, never ids', async ({ page }) => {
  await openHost(page);
  await addPanel(page, 'v', 'slot-a');
  await setTables(page, 'v', demoTables());
  await waitForEvent(page, 'v', 'scored');
  const { words, accounts } = await page.evaluate(async () => {
    const api = await import('/dist/npm/customer-health/lib/index.js');
    const engine = api.createEngine();
    const info = await engine.ready();
    engine.destroy();
    const panel = document.getElementById('v') as unknown as { results: { accounts: Array<{ account_id: string; quadrant: string | null; flags: Array<{ flag: string }> }> } };
    return { words: info.vocabulary, accounts: panel.results.accounts };
  });
  const short = new Map(words.quadrants.map((q: { id: string; short: string }) => [q.id, q.short]));
  const flag = new Map(words.flags.map((f: { id: string; label: string }) => [f.id, f.label]));
  const byId = new Map(accounts.map((a) => [a.account_id, a]));
  const rows = page.locator('#v tbody tr');
  let flagged = 0;
  for (let i = 0; i < 40; i++) {
    const row = rows.nth(i);
    const a = byId.get((await row.getAttribute('data-account-id'))!)!;
    const cells = row.locator('td');
    await expect(cells.nth(4)).toHaveText(a.quadrant ? short.get(a.quadrant)! : '–');
    if (a.flags.length) {
      flagged++;
      await expect(cells.nth(5)).toHaveText(a.flags.map((f) => flag.get(f.flag)).join(', '));
    }
  }
  expect(flagged).toBeGreaterThan(3);
  expect(flag.get('seat_under_use')).toBe('Seats unused');
});
