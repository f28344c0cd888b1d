// Persistence and sharing: the opt-in copy of the files on this device (IndexedDB) survives a
// reload and is really gone after "Delete from this device"; saved views come back by name;
// a share link carries the model and the view — no account data — and asks for the files.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect, openApp, upload, ROOT } from './fixtures.mjs';

const DEMO = ['accounts.csv', 'usage_events.csv', 'surveys.csv', 'support_tickets.csv', 'goals.csv', 'touchpoints.csv', 'releases.csv']
  .map((f) => join(ROOT, 'www', 'demo', f));

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2 A/AA violations on the page as it is now (axe injected by the test, not the page). */
async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const keptDatabases = (page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n.startsWith('customer-health')));
const accountsKpi = (page) => page.locator('#kpi-accounts .kpi-value');

test('persistence across reload with delete', async ({ page }) => {
  await openApp(page);
  await upload(page, DEMO);
  await expect(accountsKpi(page)).toHaveText('150');
  // Off by default: a reload forgets the files and nothing is stored.
  await page.reload();
  await expect(page.locator('body.ready')).toBeAttached();
  await expect(page.locator('#btn-demo')).toBeVisible();
  expect(await keptDatabases(page)).toEqual([]);

  await upload(page, DEMO);
  await page.locator('#tab-data').click();
  await page.locator('#keep-toggle').check();
  await expect(page.locator('#keep-status')).toContainText('A copy of 7 files');
  expect(await keptDatabases(page)).toEqual(['customer-health-kept']);
  expect(await axeViolations(page)).toEqual([]);
  // The stored copy is the files' bytes, byte for byte.
  const stored = await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('customer-health-kept');
    req.onsuccess = () => {
      const get = req.result.transaction('analysis').objectStore('analysis').get('current');
      get.onsuccess = async () => {
        const files = await Promise.all(get.result.files.map(async (f) => [f.name, (await f.blob.text()).length]));
        req.result.close();
        resolve(files);
      };
    };
    req.onerror = () => reject(req.error);
  }));
  expect(new Map(stored).get('accounts.csv')).toBe(readFileSync(DEMO[0], 'utf8').length);
  expect(stored.map(([n]) => n).sort()).toEqual(DEMO.map((p) => p.split('/').pop()).sort());

  // Reload: the analysis is read again from this device, same result.
  await page.reload();
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await expect(accountsKpi(page)).toHaveText('150');
  await expect(page.locator('#storage-note')).toContainText('A copy of your files is kept in this browser');
  // Delete: storage is empty and a reload shows the empty state.
  await page.locator('#tab-data').click();
  await page.locator('#keep-delete').click();
  await expect(page.locator('#keep-toggle')).not.toBeChecked();
  expect(await keptDatabases(page)).toEqual([]);
  await page.reload();
  await expect(page.locator('body.ready')).toBeAttached();
  await expect(page.locator('#btn-demo')).toBeVisible();
  await expect(page.locator('[data-count="files"]')).toHaveText('');
  expect(await keptDatabases(page)).toEqual([]);
});

test('"New analysis" with a kept analysis deletes the stored copy too', async ({ page }) => {
  await openApp(page);
  await upload(page, DEMO);
  await page.locator('#tab-data').click();
  await page.locator('#keep-toggle').check();
  await expect(page.locator('#keep-status')).toContainText('A copy of 7 files');
  await page.locator('#btn-new').click();
  await expect(page.locator('#btn-demo')).toBeVisible();
  await expect.poll(() => keptDatabases(page)).toEqual([]);
});

/** Filters the accounts table to At risk, sorts by ARR descending and hides the Value column. */
async function makeView(page) {
  await page.locator('#tab-accounts').click();
  await page.locator('#filter-quadrant').selectOption('at_risk');
  await page.locator('[data-sort="arr"]').click();
  await page.locator('#view-tools summary').click();
  await page.locator('[data-column="value"]').uncheck();
  await expect(page.locator('.vt-head [data-sort="value"]')).toHaveCount(0);
}

async function expectView(page) {
  await expect(page.locator('#filter-quadrant')).toHaveValue('at_risk');
  await expect(page.locator('.vt-head [data-sort="value"]')).toHaveCount(0);
  await expect(page.locator('.vt-head [aria-sort="descending"] [data-sort="arr"]')).toHaveCount(1);
  const quadrants = await page.locator('.vt-row .quad').allTextContents();
  expect(quadrants.length).toBeGreaterThan(0);
  expect(new Set(quadrants)).toEqual(new Set(['At risk']));
  // Sorted by ARR, largest first (the cells' full values are in their titles).
  const arrs = await page.locator('.vt-row').evaluateAll((rows) => rows.map((r) => Number((r.children[7].title || '').replace(/[^0-9]/g, ''))));
  expect(arrs).toEqual([...arrs].sort((a, b) => b - a));
}

test('saved views come back by name after a reload', async ({ page }) => {
  await openApp(page);
  await upload(page, DEMO);
  await makeView(page);
  await page.locator('#view-name').fill('At risk by ARR');
  await page.locator('#view-save').click();
  await page.reload();
  await expect(page.locator('body.ready')).toBeAttached();
  await upload(page, DEMO);
  await expect(page.locator('#filter-quadrant')).toHaveValue('');
  await page.locator('#view-tools summary').click();
  await page.locator('#view-pick').selectOption('At risk by ARR');
  await expectView(page);
  await expect(page.locator('[data-column="value"]')).not.toBeChecked();
  // Deleting it removes it from the stored settings.
  await page.locator('#view-delete').click();
  const views = await page.evaluate(() => JSON.parse(localStorage.getItem('customer-health.settings')).views);
  expect(views).toEqual({});
});

test('shared link restores model and view', async ({ page, browser }) => {
  await openApp(page);
  await upload(page, DEMO);
  await page.locator('#tab-model').click();
  await page.locator('#model-name').fill('Shared playbook model');
  await expect(page.locator('#model-badge')).toContainText('Shared playbook model');
  await makeView(page);
  await page.locator('#view-share').click();
  // The link is written when its compression has finished (asynchronously): wait for it.
  await expect(page.locator('#share-link')).toHaveValue(/#share=/);
  const link = await page.locator('#share-link').inputValue();
  expect(await axeViolations(page)).toEqual([]); // the open view tools and the link field
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(index\.html)?#share=[\w-]+$/);
  // The link carries the model and the view, and no account data.
  const carried = await page.evaluate(async (text) => {
    const b64 = text.split('#share=')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const out = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')));
    return out.text();
  }, link);
  const parsed = JSON.parse(carried);
  expect(Object.keys(parsed).sort()).toEqual(['model', 'v', 'view']);
  expect(parsed.model.name).toBe('Shared playbook model');
  for (const needle of ['A0001', 'Oxmo Energy', 'Britra Robotics', 'Dana Whitfield']) expect(carried).not.toContain(needle);

  // Someone else (a fresh browser profile) opens it: model and view apply, files are asked for.
  const other = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page2 = await other.newPage();
  try {
    await page2.goto(link);
    await expect(page2.locator('body.ready')).toBeAttached();
    await expect(page2.locator('#model-badge')).toContainText('Shared playbook model');
    await expect(page2.locator('#banner-region')).toContainText('Opened a shared link');
    await expect(page2.locator('#banner-region')).toContainText('add your own files');
    await expect(page2.locator('#btn-demo')).toBeVisible(); // the empty state: no data came with it
    expect(page2.url()).not.toContain('#share=');
    await page2.locator('#file-input').setInputFiles(DEMO);
    await expect(page2.locator('#accounts-grid')).toBeVisible();
    await expectView(page2);
    const savedName = await page2.evaluate(() => JSON.parse(localStorage.getItem('customer-health.settings')).model.name);
    expect(savedName).toBe('Shared playbook model');
  } finally {
    await other.close();
  }
});

test('an unreadable share link says so and the page opens normally', async ({ page }) => {
  await openApp(page, '/index.html#share=not-a-real-link');
  await expect(page.locator('#banner-region')).toContainText('This shared link could not be read');
  await expect(page.locator('#btn-demo')).toBeVisible();
});
