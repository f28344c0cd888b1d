// Shared test fixtures: a network guard in every test (every request is recorded; anything
// that is not loopback, file:, blob: or data: is aborted and fails the test), page-error
// capture, CSP-violation capture, and helpers.
import { test as base, expect } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function isLocal(url) {
  if (/^(file|blob|data|about|chrome-error):/i.test(url)) return true;
  try {
    const { hostname, protocol } = new URL(url);
    if (!/^(https?|wss?):$/.test(protocol)) return false;
    const host = hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export const test = base.extend({
  guard: [async ({ context }, use) => {
    const requests = [];
    const blocked = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      if (!isLocal(url)) { blocked.push(url); return route.abort('blockedbyclient'); }
      return route.continue();
    });
    context.on('request', (req) => { if (!requests.includes(req.url())) requests.push(req.url()); });
    await use({ requests, blocked });
    const external = requests.filter((u) => !isLocal(u));
    expect(external, 'requests to non-loopback origins').toEqual([]);
  }, { auto: true }],
  errors: [async ({ page }, use) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await use(errors);
    expect(errors, 'uncaught page errors').toEqual([]);
    // The app itself never trips its own Content-Security-Policy (the privacy test's deliberate
    // request to example.com is the only expected violation).
    const violations = await page.evaluate(() => window.__cspViolations || []).catch(() => []);
    expect(violations.filter((v) => !v.includes('example.com')), 'CSP violations').toEqual([]);
  }, { auto: true }],
});

export { expect };

/** The RavenStack sample data set (shared/ beside the repo, or the copy in www/demo). */
export function ravenstackFiles() {
  const dirs = [process.env.RAVENSTACK_DIR, join(ROOT, '..', 'shared', 'data', 'ravenstack'), '/work/shared/data/ravenstack', join(ROOT, 'www', 'demo')];
  for (const d of dirs) {
    if (d && existsSync(d)) {
      const files = readdirSync(d).filter((f) => /^ravenstack_.*\.csv$/.test(f)).sort().map((f) => join(d, f));
      if (files.length) return { dir: d, files };
    }
  }
  throw new Error('RavenStack data not found');
}

/** Opens the app and waits until the engine is up. */
export async function openApp(page, path = '/') {
  await page.goto(path);
  await expect(page.locator('body.ready')).toBeAttached();
}

/** Uploads files through the file picker and waits for scored results. */
export async function upload(page, files) {
  await page.locator('#file-input').setInputFiles(files);
  await expect(page.locator('#accounts-grid')).toBeVisible();
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations || []);
}
