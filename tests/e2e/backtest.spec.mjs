// Backtest card and calibration in the browser, on RavenStack: the figures match the native
// engine, the ROC chart draws, calibration runs in the worker and its learned weights can be
// adopted into the model.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect, openApp, upload, ravenstackFiles, ROOT } from './fixtures.mjs';
import { nativeResults } from './native.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function nativeCli(...args) {
  const text = execFileSync('cargo', ['run', '--quiet', '--bin', 'customer-health', '--', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(text.toString('utf8'));
}

test('RavenStack backtest: figures match the native engine; calibrate and adopt learned weights', async ({ page }) => {
  test.setTimeout(180_000);
  const { dir, files } = ravenstackFiles();
  const native = nativeResults(dir);
  const b = native.backtest;
  expect(b).toBeTruthy();
  await openApp(page);
  await upload(page, files);
  await page.locator('#tab-segments').click();

  const card = page.locator('#backtest');
  await expect(card).toBeVisible();
  await expect(card).toContainText(`AUC ${b.auc.toFixed(3)}`);
  await expect(card).toContainText(`${b.lift_top_decile.toFixed(2)}×`);
  await expect(page.locator('#roc-canvas')).toBeVisible();
  await expect(page.locator('#calibration-table tbody tr')).toHaveCount(b.calibration.length);
  const firstObserved = `${(b.calibration[0].observed * 100).toFixed(1)}%`;
  await expect(page.locator('#calibration-table tbody tr').first()).toContainText(firstObserved);
  // Single signals: every measure RavenStack has, with its AUC.
  const usage = b.signals.find((s) => s.id === 'usage_frequency');
  await expect(page.locator('#signals-table')).toContainText(usage.auc.toFixed(3));

  // Accessibility of the card (Segments view with a backtest).
  await page.evaluate(AXE);
  const violations = await page.evaluate(() => window.axe.run('#backtest', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }).then((r) => r.violations.map((v) => v.id)));
  expect(violations).toEqual([]);

  // Calibrate in the worker: the same learned figures as the native CLI.
  const c = nativeCli('calibrate', ...files, '--json');
  await page.locator('#btn-calibrate').click();
  await expect(page.locator('#weights-table')).toBeVisible();
  await expect(page.locator('#folds-table tbody tr')).toHaveCount(c.folds.length + 1);
  await expect(page.locator('#folds-table')).toContainText(c.learned_mean_auc.toFixed(3));
  await expect(page.locator('#calibrate-sentence')).toHaveText(c.sentence);

  // Adopt: the model becomes the calibrated one and everything re-scores with it.
  await page.locator('#btn-adopt').click();
  await expect(page.locator('#model-badge')).toContainText('-calibrated');
  await expect(page.locator('#backtest')).toBeVisible();
  await expect(page.locator('#weights-table')).toHaveCount(0);
});

test('a chosen cut-off and outcome source re-run the backtest and the calibration', async ({ page }) => {
  test.setTimeout(180_000);
  const { files } = ravenstackFiles();
  const b = nativeCli('backtest', ...files, '--as-of', '2024-07-04', '--outcome', 'events', '--json');
  const c = nativeCli('calibrate', ...files, '--as-of', '2024-07-04', '--outcome', 'events', '--folds', '3', '--json');
  await openApp(page);
  await upload(page, files);
  await page.locator('#tab-segments').click();
  await page.locator('#backtest-date').fill('2024-07-04');
  await page.locator('#backtest-outcome').selectOption('events');
  await page.locator('#btn-backtest-run').click();
  await expect(page.locator('#backtest-sentence')).toHaveText(b.sentence);
  await expect(page.locator('#backtest')).toContainText(`AUC ${b.auc.toFixed(3)}`);
  await expect(page.locator('#calibration-table tbody tr').first()).toContainText(`${(b.calibration[0].observed * 100).toFixed(1)}%`);
  // Calibration's last cut-off follows the chosen one (default 4 cut-offs; the CLI run above
  // asked for 3, so compare the shared evaluation rows).
  await page.locator('#btn-calibrate').click();
  await expect(page.locator('#folds-table')).toContainText('2024-07-04');
  for (const f of c.folds) await expect(page.locator('#folds-table')).toContainText(f.eval_cutoff);
  await page.locator('#btn-backtest-default').click();
  await expect(page.locator('#backtest')).toContainText('Scored as of 2024-10-02');
});
