// Workbooks in the page: the workbook module (www/workbook, a second wasm module) is fetched
// only when a workbook is added; every visible sheet becomes a file card with its notes; the
// scores equal the native CLI's on the same workbook; bad workbooks get a clear message.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, openApp, ROOT } from './fixtures.mjs';

/** The native CLI's results on one input file. */
function nativeResults(path) {
  const dir = join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'native-workbook.json');
  execFileSync('cargo', ['run', '--quiet', '--bin', 'customer-health', '--', 'score', path, '--out', out], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000,
  });
  return JSON.parse(readFileSync(out, 'utf8'));
}

const fixture = (name) => join(ROOT, 'tests', 'fixtures', 'workbooks', name);
const isWorkbookModule = (url) => /\/workbook\/customer_health_workbook(_bg\.wasm|\.js)/.test(url);

let native;
test.beforeAll(async () => {
  test.setTimeout(600_000); // may build the CLI first
  native = nativeResults(fixture('messy.xlsx'));
});

test('a workbook: the reader is fetched only then, one card per sheet, same scores as the CLI', async ({ page, guard }) => {
  await openApp(page);
  // Plain CSV files never fetch the workbook module.
  await page.locator('#file-input').setInputFiles(join(ROOT, 'tests', 'fixtures', 'workbooks', 'tables', 'accounts.csv'));
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await page.locator('#tab-data').click();
  await expect(page.locator('.file-card[data-file="accounts.csv"] .stat').first()).toContainText('30');
  expect(guard.requests.filter(isWorkbookModule), 'workbook module fetched before any workbook').toEqual([]);
  await page.locator('.file-card[data-file="accounts.csv"] button', { hasText: 'Remove' }).click();
  await expect(page.locator('.file-card')).toHaveCount(0);

  await page.locator('#file-input').setInputFiles(fixture('messy.xlsx'));
  await expect(page.locator('#accounts-grid')).toBeVisible();
  expect(guard.requests.filter(isWorkbookModule).length, 'workbook module fetched').toBeGreaterThan(0);

  await page.locator('#tab-data').click();
  const cards = page.locator('.file-card');
  await expect(cards).toHaveCount(native.files.length);
  for (const f of native.files) {
    const card = page.locator(`.file-card[data-file="${f.name}"]`);
    await expect(card.locator('.stat').first()).toContainText(f.rows_read.toLocaleString('en-US'));
  }
  const accounts = page.locator('.file-card[data-file="messy.xlsx › Customer accounts"]');
  await expect(accounts).toContainText("sheet 'Customer accounts' of the workbook messy.xlsx");
  await expect(accounts).toContainText('merged header cells (A3:B3');
  await expect(accounts).toContainText("sheet 'Old accounts' not read — hidden sheet");
  await expect(page.locator('.file-card[data-file*="Old accounts"]')).toHaveCount(0);

  // The scores shown are the native engine's on the same workbook.
  await page.locator('#tab-accounts').click();
  const ranked = native.accounts.filter((a) => a.priority).sort((a, b) => a.priority.rank - b.priority.rank).slice(0, 5);
  for (const [i, a] of ranked.entries()) {
    const row = page.locator('.vt-row').nth(i);
    await expect(row).toHaveAttribute('data-account', a.account_id);
    await expect(row.locator('.score-num')).toHaveText(String(Math.round(a.health_score)));
  }
});

test('bad workbooks get a clear message and the page keeps working', async ({ page }) => {
  await openApp(page);
  await page.locator('#file-input').setInputFiles(fixture('encrypted.xlsx'));
  const banner = page.locator('#banner-region');
  await expect(banner).toContainText('Could not read encrypted.xlsx');
  await expect(banner).toContainText('password-protected');
  await page.locator('#file-input').setInputFiles(fixture('truncated.xlsx'));
  await expect(banner).toContainText('ZIP container is damaged or incomplete');
  // Formulas with no saved result are said so on the sheet's card.
  await page.locator('#file-input').setInputFiles(fixture('formulas.xlsx'));
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await page.locator('#tab-data').click();
  await expect(page.locator('.file-card[data-file="formulas.xlsx › accounts"]')).toContainText('30 formula cell(s) have no saved result');
});

test('the single-file build reads a workbook with its embedded reader, fetching nothing', async ({ page, guard }) => {
  const { pathToFileURL } = await import('node:url');
  await page.goto(pathToFileURL(join(ROOT, 'dist', 'customer-health.html')).href);
  await expect(page.locator('body.ready')).toBeAttached();
  await page.locator('#file-input').setInputFiles(fixture('book.xlsx'));
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await expect(page.locator('#kpi-accounts .kpi-value')).toHaveText('30');
  await page.locator('#tab-data').click();
  await expect(page.locator('.file-card')).toHaveCount(7);
  await expect(page.locator('.file-card[data-file="book.xlsx › usage_events"] .stat').first()).toContainText('8,130');
  expect(guard.requests.every((u) => /^(file|blob|data):/.test(u))).toBe(true);
});
