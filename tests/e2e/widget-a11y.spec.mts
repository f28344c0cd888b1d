// Automated WCAG 2 A/AA audit (axe-core, which walks open shadow roots) of the panel's views.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.mjs';
import { openHost, addPanel, setTables, waitForEvent, demoTables } from './widget-helpers.mts';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function audit(page: Page, what: string): Promise<void> {
  await page.evaluate(AXE); // through the DevTools protocol, so the page's CSP stays strict
  const result = await page.evaluate(() => (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[][] | string[] }> }> }> } }).axe.run({ include: [['#a']] }, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    resultTypes: ['violations'],
  }));
  const problems = result.violations.map((v) => `${what}: ${v.id} (${v.impact}) — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' | ')}`);
  expect(problems).toEqual([]);
}

test('the panel passes a WCAG 2 AA audit in every view, wide and narrow', async ({ page }) => {
  await openHost(page);
  await addPanel(page, 'a');
  await audit(page, 'empty');
  await setTables(page, 'a', demoTables());
  await waitForEvent(page, 'a', 'scored');
  for (const view of ['table', 'quadrant', 'outreach']) {
    await page.locator(`#a [role=tab][data-view=${view}]`).click();
    await expect(page.locator(`#a #view-${view}`)).toBeVisible();
    await audit(page, view);
  }
  await page.evaluate(() => { document.getElementById('slot-a')!.style.width = '400px'; });
  await page.locator('#a [role=tab][data-view=table]').click();
  await expect(page.locator('#a .root')).toHaveAttribute('data-size', 'narrow');
  await audit(page, 'table, narrow');
});
