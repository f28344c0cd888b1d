// Learning from a snapshot in the browser: a generated snapshot (tests/support/snapshot.rs,
// known truth) is dropped raw; the candidate measures show with their churn charts and the
// leak flagged; Learn gives the same out-of-fold figures as the native CLI; Adopt re-scores
// with the learned model and the table shows a churn probability beside the score.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, openApp, upload, ROOT } from './fixtures.mjs';

function cargo(...args) {
  return execFileSync('cargo', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}

test('snapshot: candidates, learn, adopt; the table shows score and churn probability', async ({ page }) => {
  test.setTimeout(900_000);
  const dir = mkdtempSync(join(tmpdir(), 'ch-learn-'));
  cargo('run', '--quiet', '--example', 'snapshot_data', '--', dir, '--seed', '5', '--rows', '1200');
  const train = join(dir, 'train.csv');
  const native = JSON.parse(cargo('run', '--quiet', '--bin', 'customer-health', '--', 'calibrate', train, '--json'));

  await openApp(page);
  await upload(page, [train]);
  await page.locator('#tab-segments').click();
  const card = page.locator('#learn');
  await expect(card).toBeVisible();

  await page.locator('#btn-discover').click();
  const candidates = page.locator('#candidates-table tbody tr');
  await expect(candidates).toHaveCount(native.discoveries.length);
  await expect(page.locator('#candidates-table .learn-chart').first()).toBeVisible();
  await expect(page.locator('#candidates-table tr.learn-leak')).toContainText('Account Status');
  await expect(page.locator('#candidates-table tr.learn-leak')).toContainText('probable leak');

  await page.locator('#btn-learn').click();
  await expect(page.locator('#learn-figures')).toBeVisible({ timeout: 600_000 });
  await expect(page.locator('#learn-figures')).toContainText(native.learned.auc.toFixed(3));
  await expect(page.locator('#learn-sentence')).toHaveText(native.sentence);
  const top = native.measures[0];
  await expect(page.locator('#learn-weights tbody tr').first()).toContainText(top.header);
  // New weights beside the old: the learned share of the top measure as the CLI computed it,
  // and the current model's measures listed with their current share and a learned 0.
  await expect(page.locator('#learn-weights thead')).toContainText('Current');
  await expect(page.locator('#learn-weights thead')).toContainText('Learned');
  const topRow = page.locator('#learn-weights tbody tr').first();
  await expect(topRow.locator('td').nth(1)).toContainText(`${(top.share * 100).toFixed(1)}%`);
  await expect(topRow.locator('td').nth(0)).toHaveText('0.0%');
  const oldRows = page.locator('#learn-weights tbody tr').filter({ has: page.locator('td:nth-child(3)', { hasText: /^0\.0%$/ }) });
  expect(await oldRows.count()).toBeGreaterThan(0);
  await expect(oldRows.first().locator('td').nth(0)).not.toHaveText('0.0%');

  await page.locator('#btn-learn-adopt').click();
  await expect(page.locator('#model-badge')).toContainText('-learned');
  await page.locator('#tab-accounts').click();
  await expect(page.locator('#accounts-grid .churn-p').first()).toContainText('% churn');
  const firstScore = await page.locator('#accounts-grid .score-num').first().textContent();
  expect(Number(firstScore)).toBeGreaterThanOrEqual(0);
  readFileSync(train); // the generated file stays readable for a failure report
});

test('snapshot with bad labels or no usable column: Learn says why', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ch-learn-bad-'));
  const oneClass = join(dir, 'one_class.csv');
  writeFileSync(oneClass, `customer_id,tenure,churn\n${Array.from({ length: 50 }, (_, i) => `C${i},${i % 12},No`).join('\n')}\n`);
  const empty = join(dir, 'empty_columns.csv');
  writeFileSync(empty, `customer_id,tenure,notes,churn\n${Array.from({ length: 100 }, (_, i) => `C${i},,,${i % 3 ? 'No' : 'Yes'}`).join('\n')}\n`);

  await openApp(page);
  await upload(page, [oneClass]);
  await page.locator('#tab-segments').click();
  await page.locator('#btn-learn').click();
  await expect(page.locator('#learn-error')).toContainText('all 50 labelled accounts are retained');
  await page.locator('#btn-discover').click();
  await expect(page.locator('#discover-error')).toContainText('no churn table can be drawn: all 50 labelled accounts are retained');

  await openApp(page);
  await upload(page, [empty]);
  await page.locator('#tab-segments').click();
  await page.locator('#btn-learn').click();
  await expect(page.locator('#learn-error')).toContainText("no candidate measure is usable: 'tenure' (no values), 'notes' (no values)");
});
