// The example host pages of docs/embedding.md: plain HTML (package files served unbundled) and
// React (installed from the packed tarball, bundled with esbuild). Both run under the documented
// CSP; the fixtures fail a test on any non-loopback request, page error or CSP violation.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, ROOT, isLocal } from './fixtures.mjs';
import { demoPaths, trackWorkers } from './widget-helpers.mts';

test('the React host was bundled by esbuild from the packed tarball', async () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'dist/npm/customer-health/package.json'), 'utf8')).version;
  expect(existsSync(join(ROOT, `dist/npm/customer-health-${version}.tgz`))).toBe(true);
  const installed = JSON.parse(readFileSync(join(ROOT, 'examples/hosts/react/node_modules/customer-health/package.json'), 'utf8'));
  expect(installed.name).toBe('customer-health');
  expect(installed.version).toBe(version);
  expect(installed.exports['./widget'].types).toBe('./widget/customer-health-panel.d.ts');
  expect(installed.keywords).toContain('web-component');
  const bundle = readFileSync(join(ROOT, 'examples/hosts/react/dist/app.js'), 'utf8');
  expect(bundle).toContain('customer-health-panel'); // the element is inside the bundle
  expect(bundle).not.toMatch(/from\s*["']customer-health/); // no bare import left
  expect(existsSync(join(ROOT, 'examples/hosts/react/dist/customer-health/customer_health_bg.wasm'))).toBe(true);
});

test('plain-HTML host: pick files, scored, select an account, switch view', async ({ page, guard }) => {
  const workers = trackWorkers(page);
  await page.goto('/examples/hosts/plain/');
  const panel = page.locator('#panel');
  await expect(panel.locator('.status')).toHaveText('Waiting for data.');
  await page.locator('#files').setInputFiles(demoPaths());
  await expect(page.locator('body[data-scored="150"]')).toBeAttached();
  await expect(page.locator('#log')).toContainText('Scored 150 accounts as of 2026-10-31');
  // The host's theme reached inside the shadow root.
  await expect(panel.locator('[role=tab][aria-selected=true]')).toHaveCSS('background-color', 'rgb(34, 48, 74)');

  const row = panel.locator('tbody tr').first();
  const name = await row.locator('td.name').textContent();
  await row.click();
  await expect(page.locator('#selected h2')).toHaveText(name!);
  await expect(page.locator('#selected')).toHaveAttribute('data-account-id', (await row.getAttribute('data-account-id'))!);

  await page.locator('#view').selectOption('quadrant');
  await expect(panel.locator('canvas')).toBeVisible();
  await expect(panel.locator('.legend li[data-quadrant]')).toHaveCount(4);

  // The chart module is fetched lazily once the quadrant view shows; the chart then paints.
  await expect.poll(() => guard.requests.map((u: string) => new URL(u).pathname)).toContain('/examples/hosts/plain/customer-health/widget/chart.js');
  await expect.poll(() => panel.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
  })).toBeGreaterThan(2000);

  expect(workers.started.length).toBe(1);
  const loaded = guard.requests.map((u: string) => new URL(u).pathname);
  expect(loaded).toContain('/examples/hosts/plain/customer-health/customer_health_bg.wasm');
  expect(loaded).toContain('/examples/hosts/plain/customer-health/lib/worker.js');
  expect(guard.requests.every((u: string) => isLocal(u))).toBe(true);
});

test('plain-HTML host: a broken file is reported with its name and line', async ({ page }, testInfo) => {
  await page.goto('/examples/hosts/plain/');
  const bad = testInfo.outputPath('usage.csv');
  const lines = readFileSync(demoPaths()[1], 'utf8').split('\n').slice(0, 50);
  lines[6] = lines[6].replace(/^([^,]*,[^,]*,)[^,]*/, '$1not-a-date');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(bad, lines.join('\n'));
  await page.locator('#files').setInputFiles([demoPaths()[0], bad]);
  await expect(page.locator('#log.error')).toContainText('usage.csv:7');
  await expect(page.locator('#log.error')).toContainText('not-a-date');
});

test('React host: bundled app scores, selects, and unmounting terminates the worker', async ({ page, guard }) => {
  const workers = trackWorkers(page);
  await page.goto('/examples/hosts/react/');
  await expect(page.getByTestId('summary')).toHaveText('No data yet.');
  await page.getByTestId('files').setInputFiles(demoPaths());
  await expect(page.getByTestId('summary')).toHaveText(/^150 accounts scored, mean health \d+$/);
  const panel = page.locator('customer-health-panel');
  await expect(panel).toHaveAttribute('base-url', /\/examples\/hosts\/react\/dist\/customer-health\/$/);
  await expect(panel.locator('tbody tr')).toHaveCount(100);
  const row = panel.locator('tbody tr').nth(3);
  const name = await row.locator('td.name').textContent();
  await row.click();
  await expect(page.getByTestId('selected').locator('h2')).toHaveText(name!);

  await page.getByTestId('view').selectOption('outreach');
  await expect(panel).toHaveAttribute('view', 'outreach');
  await expect(panel.locator('.out-item')).toHaveCount(25);

  expect(workers.live()).toBe(1);
  await page.getByTestId('toggle').click(); // React unmounts the element
  await expect(page.locator('customer-health-panel')).toHaveCount(0);
  await expect.poll(() => workers.live()).toBe(0);
  await page.getByTestId('toggle').click(); // mounted again: new element, data from React state
  await expect(page.locator('customer-health-panel tbody tr')).toHaveCount(100);
  expect(workers.live()).toBe(1);

  const loaded = guard.requests.map((u: string) => new URL(u).pathname);
  expect(loaded).toContain('/examples/hosts/react/dist/app.js');
  expect(loaded).toContain('/examples/hosts/react/dist/customer-health/customer_health_bg.wasm');
  expect(guard.requests.every((u: string) => isLocal(u))).toBe(true);
});

test('the documented CSP stops a cross-origin request from the host page before it leaves', async ({ page, guard }) => {
  // A deliberate cross-origin fetch: refused by connect-src 'self', reported as a violation,
  // and never seen on the network.
  await page.goto('/examples/hosts/plain/');
  const outcome = await page.evaluate(() => fetch('http://198.51.100.7/x').then(() => 'sent', (e) => `blocked: ${e.name}`));
  expect(outcome).toMatch(/^blocked/);
  const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  expect(violations.some((v) => v.startsWith('connect-src'))).toBe(true);
  expect(guard.requests.filter((u: string) => !isLocal(u))).toEqual([]);
  await page.evaluate(() => { (window as unknown as { __cspViolations: string[] }).__cspViolations = []; });
});
