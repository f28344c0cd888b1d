import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { test, expect, ROOT } from './fixtures.mjs';

test('the single-file build works when opened from disk', async ({ page, guard }) => {
  const url = pathToFileURL(join(ROOT, 'dist', 'customer-health.html')).href;
  await page.goto(url);
  await expect(page.locator('body.ready')).toBeAttached();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  await page.locator('#btn-demo').click();
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await expect(page.locator('#kpi-accounts .kpi-value')).toHaveText('150');
  await page.locator('#tab-quadrants').click();
  await expect(page.locator('#quadrant-canvas')).toBeVisible();
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(guard.requests.every((u) => u.startsWith('file:') || u.startsWith('blob:') || u.startsWith('data:'))).toBe(true);
});
