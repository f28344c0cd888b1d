import { test, expect, openApp } from './fixtures.mjs';

test('model edits are validated inline, remembered across reloads, and can be reset', async ({ page }) => {
  await openApp(page, '/#model');
  await expect(page.locator('#model-ok')).toBeVisible();
  const csat = page.locator('#w-csat');
  await expect(csat).toHaveValue('2');
  await csat.fill('5');
  await expect(page.locator('tr[data-measure="csat"] [data-share]')).not.toHaveText('7.4%');
  // An invalid band start is reported by the engine, next to the field and in the summary.
  await page.locator('#band-min-0').fill('5');
  await expect(page.locator('#model-problems')).toContainText('the first band must start at 0');
  await expect(page.locator('#band-min-0')).toHaveAttribute('aria-invalid', 'true');
  await page.locator('#band-min-0').fill('0');
  await expect(page.locator('#model-ok')).toBeVisible();
  await expect(page.locator('#band-min-0')).not.toHaveAttribute('aria-invalid', 'true');

  await page.waitForTimeout(400); // debounced save
  await page.reload();
  await expect(page.locator('body.ready')).toBeAttached();
  await page.locator('#tab-model').click();
  await expect(page.locator('#w-csat')).toHaveValue('5');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('customer-health.settings')));
  expect(stored.version).toBe(1);
  expect(stored.model.groups[0].measures.find((m) => m.measure === 'csat').weight).toBe(5);

  await page.locator('#model-reset').click();
  await expect(page.locator('#w-csat')).toHaveValue('2');
});

test('a model file can be saved and loaded; a broken one is explained', async ({ page }, testInfo) => {
  await openApp(page, '/#model');
  await page.locator('#w-nps').fill('4');
  await page.waitForTimeout(400);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#model-save').click()]);
  const path = testInfo.outputPath('model.json');
  await download.saveAs(path);
  const saved = JSON.parse(await (await import('node:fs/promises')).readFile(path, 'utf8'));
  expect(saved.groups[0].measures.find((m) => m.measure === 'nps').weight).toBe(4);

  await page.locator('#model-reset').click();
  await expect(page.locator('#w-nps')).toHaveValue('2');
  await page.locator('#model-file').setInputFiles(path);
  await expect(page.locator('#w-nps')).toHaveValue('4');

  saved.quadrants.satisfaction_cut = 140;
  await page.locator('#model-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
  await expect(page.locator('#model-problems')).toContainText('satisfaction_cut must be within 0–100');
});

test('lifecycle stages and a measure’s stage thresholds are edited like the others', async ({ page }) => {
  await openApp(page, '/#model');
  await expect(page.locator('#model-ok')).toBeVisible();
  // The default model ships three stages; usage frequency has its own onboarding thresholds.
  await expect(page.locator('#stages-table tbody tr')).toHaveCount(3);
  const row = page.locator('tr[data-measure="usage_frequency"]');
  await expect(row.locator('details.stage-thresholds summary')).toHaveText('Stage thresholds (2 of 3 set)');
  const onboarding = row.getByLabel('Usage frequency thresholds for the Onboarding stage (raw → score; blank = default)');
  await expect(onboarding).toHaveValue('0 → 0;  0.5 → 40;  2 → 75;  3.5 → 100');
  // Falling raw values are reported by the engine next to the stage field.
  await onboarding.fill('2 → 0; 1 → 100');
  await expect(page.locator('#model-problems')).toContainText("by_stage 'onboarding': threshold raw values must be strictly ascending");
  await expect(onboarding).toHaveAttribute('aria-invalid', 'true');
  await onboarding.fill('0 → 0; 1 → 100');
  await expect(page.locator('#model-ok')).toBeVisible();
  // Blank = the default thresholds again.
  await onboarding.fill('');
  await expect(row.locator('details.stage-thresholds summary')).toHaveText('Stage thresholds (1 of 3 set)');
  await expect(page.locator('#model-ok')).toBeVisible();
  // Unordered stage ends are explained; adding a stage keeps the list ordered.
  await page.locator('#stage-until-1').fill('30');
  await expect(page.locator('#model-problems')).toContainText("lifecycle stage 'adoption': until_days 30 must be greater than the previous stage's 90");
  await page.locator('#stage-until-1').fill('365');
  await expect(page.locator('#model-ok')).toBeVisible();
  await page.locator('#stage-add').click();
  await expect(page.locator('#stages-table tbody tr')).toHaveCount(4);
  await expect(page.locator('#stage-until-2')).toHaveValue('455');
  await expect(page.locator('#model-ok')).toBeVisible();
  // Removing every stage structure: no stages, no stage thresholds, still valid.
  await page.locator('#stages-disable').click();
  await expect(page.locator('#stages-enable')).toBeFocused();
  await expect(page.locator('details.stage-thresholds')).toHaveCount(0);
  await expect(page.locator('#model-ok')).toBeVisible();
  await page.waitForTimeout(400); // debounced save
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('customer-health.settings')));
  expect(stored.model.lifecycle).toBeUndefined();
  expect(stored.model.groups.flatMap((g) => g.measures).some((m) => m.by_stage)).toBe(false);
});
