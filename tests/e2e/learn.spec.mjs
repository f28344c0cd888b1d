// Learning from a snapshot in the browser: a generated snapshot (tests/support/snapshot.rs,
// known truth) is dropped raw; the candidate measures show with their churn charts and the
// leak flagged; Learn gives the same out-of-fold figures as the native CLI; Adopt re-scores
// with the learned model and the table shows a churn probability beside the score.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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

  await page.locator('#btn-learn-adopt').click();
  await expect(page.locator('#model-badge')).toContainText('-learned');
  await page.locator('#tab-accounts').click();
  await expect(page.locator('#accounts-grid .churn-p').first()).toContainText('% churn');
  const firstScore = await page.locator('#accounts-grid .score-num').first().textContent();
  expect(Number(firstScore)).toBeGreaterThanOrEqual(0);
  readFileSync(train); // the generated file stays readable for a failure report
});
