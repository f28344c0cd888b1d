// Segments: one group per dimension, values that differ only in case or spacing are one
// segment; "What healthy accounts do differently" lists real differences with their size; the
// usage sparkline never draws a flat zero for an account whose usage is a total.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { test, expect, openApp, upload, ROOT } from './fixtures.mjs';

const DEMO = ['accounts.csv', 'usage_events.csv', 'surveys.csv', 'support_tickets.csv', 'goals.csv', 'touchpoints.csv', 'releases.csv']
  .map((f) => join(ROOT, 'www', 'demo', f));

/** A flat sheet, one row per account: plan and region in mixed spellings, CSAT, logins. */
function flatSheet() {
  const plans = ['Enterprise', 'enterprise', 'ENTERPRISE', 'Enterprise ', 'Growth', 'growth', 'Starter'];
  const regions = ['EMEA', 'emea', 'North America', 'north  america', 'APAC'];
  const rows = ['account_id,account_name,arr,plan,region,csat,logins_30d,success_plan'];
  for (let i = 0; i < 28; i++) {
    const happy = i % 2 === 0;
    rows.push([`F-${i + 1}`, `Flat ${i + 1}`, 10000 + i * 1500, plans[i % plans.length], regions[i % regions.length],
      happy ? 0.95 : 0.35, happy ? 400 + i : 3 + (i % 4), 'yes'].join(','));
  }
  return { name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(`${rows.join('\n')}\n`) };
}

test('the segment filter groups values by dimension and merges spellings', async ({ page }) => {
  await openApp(page);
  await page.locator('#file-input').setInputFiles([flatSheet()]);
  await expect(page.locator('#accounts-grid')).toBeVisible();
  const groups = await page.locator('#filter-segment optgroup').evaluateAll((gs) => gs.map((g) => ({
    label: g.label, values: [...g.querySelectorAll('option')].map((o) => o.textContent),
  })));
  const byLabel = Object.fromEntries(groups.map((g) => [g.label, g.values]));
  expect(Object.keys(byLabel)).toEqual(expect.arrayContaining(['Plan', 'Region']));
  for (const g of groups) {
    const folded = g.values.map((v) => v.toLowerCase().replace(/\s+/g, ' ').trim());
    expect(new Set(folded).size, `${g.label}: ${g.values.join(' | ')}`).toBe(folded.length);
  }
  expect(byLabel.Plan.sort()).toEqual(['Enterprise', 'Growth', 'Starter']);
  expect(byLabel.Region.map((v) => v.toLowerCase().replace(/\s+/g, ' ')).sort()).toEqual(['apac', 'emea', 'north america']);
  // Choosing "Enterprise" finds every spelling of it (16 of the 28 rows: 4 of every 7).
  const enterprise = await page.locator('#filter-segment optgroup[label="Plan"] option', { hasText: /^Enterprise$/ }).getAttribute('value');
  await page.locator('#filter-segment').selectOption(enterprise);
  await expect(page.locator('#table-count')).toHaveText('16 of 28 accounts');
  // The Segments view lists the same one segment per value.
  await page.locator('#tab-segments').click();
  await page.locator('.seg-tab', { hasText: 'Plan' }).click();
  const planRows = await page.locator('#segment-table tbody tr').evaluateAll((rs) => rs.map((r) => [r.querySelector('th').textContent, r.querySelector('td').textContent]));
  expect(planRows).toEqual([['Enterprise', '16'], ['Growth', '8'], ['Starter', '4']]);
});

test('what healthy accounts do differently lists only real differences, with their size', async ({ page }) => {
  await openApp(page);
  await page.locator('#file-input').setInputFiles([flatSheet()]);
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await page.locator('#tab-segments').click();
  const rows = await page.locator('#patterns-table tbody tr').evaluateAll((rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
  expect(rows.length).toBeGreaterThan(0);
  const inputs = rows.map((r) => r[0]);
  // Every account has a success plan: no "Yes vs Yes" row.
  expect(inputs.some((i) => /success plan/i.test(i))).toBe(false);
  for (const [input, healthy, others, diff, words] of rows) {
    expect(healthy, input).not.toBe(others);
    expect(words).not.toMatch(/\bYes vs Yes\b|\bNo vs No\b/);
    const size = Number(diff.replace(/[^0-9.]/g, ''));
    expect(size, `${input}: ${diff}`).toBeGreaterThanOrEqual(10);
  }
  // The demo: the same rules hold on a richer book.
  await openApp(page);
  await upload(page, DEMO);
  await page.locator('#tab-segments').click();
  const demoRows = await page.locator('#patterns-table tbody tr').evaluateAll((rs) => rs.map((r) => [...r.children].map((c) => c.textContent)));
  expect(demoRows.length).toBeGreaterThan(0);
  const sizes = demoRows.map((r) => Number(r[3].replace(/[^0-9.]/g, '')));
  for (const s of sizes) expect(s).toBeGreaterThanOrEqual(10);
  expect(sizes).toEqual([...sizes].sort((a, b) => b - a)); // largest difference first
  for (const r of demoRows) expect(r[1]).not.toBe(r[2]);
});

test('the usage sparkline is drawn from dated events and never a flat zero for a total', async ({ page }) => {
  await openApp(page);
  await page.locator('#file-input').setInputFiles([flatSheet()]);
  await expect(page.locator('#accounts-grid')).toBeVisible();
  // F-1 logged in 400 times in the last 30 days (a total, no dated events).
  await page.locator('#filter-text').fill('F-1');
  await page.locator('.vt-row[data-account="F-1"]').click();
  await expect(page.locator('#detail')).toBeVisible();
  await expect(page.locator('#spark-none')).toContainText('No dated usage events for this account');
  await expect(page.locator('#detail .spark canvas')).toHaveCount(0);
  await page.locator('#detail-close').click();
  // With dated events the sparkline holds the weekly counts: their sum is the account's
  // event_count in the 26 weeks (182 days) ending on the as-of day, read here from the file.
  await openApp(page);
  await upload(page, DEMO);
  const asOf = (await page.locator('#kpi-accounts').textContent()).match(/as of (\d{4}-\d{2}-\d{2})/)[1];
  const id = await page.locator('.vt-row').first().getAttribute('data-account');
  await page.locator('.vt-row').first().click();
  await expect(page.locator('#detail .spark canvas')).toHaveCount(1);
  const drawn = await page.evaluate(() => window.Chart.getChart(document.querySelector('#detail .spark canvas')).data.datasets[0].data);
  expect(drawn.length).toBe(26);
  const end = Date.parse(`${asOf}T00:00:00Z`);
  const start = end - 181 * 86400000;
  let expected = 0;
  for (const line of readFileSync(DEMO[1], 'utf8').trim().split('\n').slice(1)) {
    const [account, , day, , count] = line.split(',');
    const t = Date.parse(`${day}T00:00:00Z`);
    if (account === id && t >= start && t <= end) expected += Number(count);
  }
  expect(expected).toBeGreaterThan(0);
  expect(drawn.reduce((x, y) => x + y, 0)).toBe(expected);
});
