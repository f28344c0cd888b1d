import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test, expect, openApp, ROOT } from './fixtures.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function audit(page, what) {
  // Injected through the DevTools protocol (not a <script>), so the page's CSP stays strict.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    resultTypes: ['violations'],
  }));
  const problems = result.violations.map((v) => `${what}: ${v.id} (${v.impact}) — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(problems).toEqual([]);
}

test('start page and model editor pass an automated WCAG 2 AA audit', async ({ page }) => {
  await openApp(page);
  await audit(page, 'start');
  await page.locator('#tab-model').click();
  await audit(page, 'model editor');
});

test('result views pass an automated WCAG 2 AA audit', async ({ page }) => {
  await openApp(page);
  await page.locator('#btn-demo').click();
  await expect(page.locator('#accounts-grid')).toBeVisible();
  for (const view of ['accounts', 'quadrants', 'outreach', 'segments', 'playbooks', 'data']) {
    await page.locator(`#tab-${view}`).click();
    await audit(page, view);
  }
  await page.locator('#tab-accounts').click();
  await page.locator('.vt-row').first().click();
  await expect(page.locator('#detail')).toBeVisible();
  await audit(page, 'account detail');
});

test('data warnings and low-coverage chips pass the audit (a messy tool export)', async ({ page }) => {
  await openApp(page);
  const dir = join(ROOT, 'tests', 'fixtures', 'tools');
  await page.locator('#file-input').setInputFiles(['pendo_events.csv', 'intercom_conversations.csv', 'freshdesk_tickets.csv'].map((f) => join(dir, f)));
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await expect(page.locator('#data-warnings')).toBeVisible();
  await expect(page.locator('.vt-row .chip-low').first()).toBeVisible();
  await audit(page, 'accounts with warnings');
  await page.locator('.vt-row').first().click();
  await expect(page.locator('#detail .chip-low')).toBeVisible();
  await audit(page, 'detail on low coverage');
});
