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

function nativeCalibration(files) {
  const text = execFileSync('cargo', ['run', '--quiet', '--bin', 'customer-health', '--', 'calibrate', ...files, '--json'],
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
  const c = nativeCalibration(files);
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
