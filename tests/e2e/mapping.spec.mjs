// The mapping review: rating scales decided per column and changeable, unused columns with
// one click to map them, saved mappings reapplied to a renamed and reordered export.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, openApp, ROOT } from './fixtures.mjs';

/** The native CLI's results on one file with saved mappings (`--mapping`). */
function nativeResults(name, text, profilesJson) {
  const dir = join(ROOT, 'test-results', 'mapping-cli');
  mkdirSync(dir, { recursive: true });
  const input = join(dir, name);
  const profiles = join(dir, 'profiles.json');
  const out = join(dir, 'results.json');
  writeFileSync(input, text);
  writeFileSync(profiles, profilesJson);
  execFileSync('cargo', ['run', '--quiet', '--bin', 'customer-health', '--', 'score', input, '--mapping', profiles, '--out', out], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000,
  });
  return JSON.parse(readFileSync(out, 'utf8'));
}

const csv = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

// A flat spreadsheet: CSAT on 1–5 and NPS as 0–10 answers, per account (issue 15, finding 1).
const FLAT = `account_id,account_name,arr,csat,nps,RevenuePerMonth
A1,Unhappy Co,10000,1,0,800
A2,Meh Inc,10000,3,7,800
A3,Happy Ltd,10000,5,10,800
A4,Fine plc,10000,4,9,800
`;

async function dataTab(page) {
  await page.locator('#tab-data').click();
}

test('flat CSAT 1–5 and NPS 0–10 are read per column, shown, and the scale can be changed', async ({ page }) => {
  await openApp(page);
  await page.locator('#file-input').setInputFiles([csv('flat.csv', FLAT)]);
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await dataTab(page);
  const card = page.locator('.file-card[data-file="flat.csv"]');
  await card.locator('details.mapping').evaluate((d) => { d.open = true; });
  const csat = card.locator('select[data-scale-column="csat"]');
  const nps = card.locator('select[data-scale-column="nps"]');
  await expect(csat).toHaveValue('one_to_five');
  await expect(nps).toHaveValue('zero_to_ten');
  await expect(card.locator('.scale-reading').first()).toContainText('4 values from 1 to 5');
  // No cell of the CSAT column was refused (the old per-cell reading refused 2–5).
  await expect(card).not.toContainText('ambiguous CSAT');

  // The unhappiest account scores below the happiest one.
  await page.locator('#tab-accounts').click();
  const score = async (id) => Number(await page.locator(`.vt-row[data-account="${id}"] .score-num`).textContent());
  expect(await score('A1')).toBeLessThan(await score('A3'));

  // Unused column with one click to map it; then the scale override, kept with it.
  await dataTab(page);
  const unused = card.locator('[data-unused="RevenuePerMonth"]');
  await expect(unused).toContainText('number');
  await unused.getByRole('button', { name: /Map column RevenuePerMonth to field mrr/ }).click();
  await expect(card.locator('select[data-column="RevenuePerMonth"]')).toHaveValue('mrr');
  await expect(card.locator('[data-unused="RevenuePerMonth"]')).toHaveCount(0);
  await card.locator('details.mapping').evaluate((d) => { d.open = true; });
  await card.locator('select[data-scale-column="csat"]').selectOption('one_to_seven');
  await expect(card.locator('select[data-scale-column="csat"]')).toHaveValue('one_to_seven');
  await expect(card.locator('.scale-reading').first()).toContainText('your choice');
  await expect(card.locator('select[data-column="RevenuePerMonth"]')).toHaveValue('mrr');
});

// Holds the page's read requests to the engine until the test releases them, so that a test
// can act while the files are being read, whatever the machine's load.
async function holdReading(page) {
  await page.addInitScript(() => {
    const post = Worker.prototype.postMessage;
    let held = [];
    window.__holdReading = true;
    window.__releaseReading = () => {
      window.__holdReading = false;
      for (const [worker, args] of held) post.apply(worker, args);
      held = [];
    };
    Worker.prototype.postMessage = function hold(...args) {
      if (window.__holdReading && args[0]?.type === 'ingest') { held.push([this, args]); return undefined; }
      return post.apply(this, args);
    };
  });
}

test('the Data view chosen while the first files are read stays open with their mapping review', async ({ page }) => {
  await holdReading(page);
  await openApp(page);
  await page.locator('#file-input').setInputFiles([csv('flat.csv', FLAT)]);
  const card = page.locator('.file-card[data-file="flat.csv"]');
  await expect(card).toContainText('Reading…');
  // The user opens the Data view before the engine has answered.
  await page.locator('#tab-data').click();
  const scored = page.evaluate(() => new Promise((resolve) => { document.addEventListener('ch:scored', resolve, { once: true }); }));
  await page.evaluate(() => window.__releaseReading());
  await scored;
  // The page does not move on to the accounts behind the user's back: the review is drawn
  // with the file's report, and the Data view stays the one shown.
  await expect(card.locator('details.mapping')).toBeAttached();
  await expect(card.locator('.file-counts')).toContainText('4 used');
  await expect(page.locator('#view-data')).toBeVisible();
  await expect(page.locator('#tab-data')).toHaveAttribute('aria-selected', 'true');
});

const WEEK1 = `Kundennr;Firma;Jahreswert;Stimmung
K-1;Acme;12.000;7
K-2;Beta;8.500;2
K-3;Gamma;40.000;5
`;
const WEEK2 = `Stimmung;Kundennr;Jahreswert;Firma
7;K-1;12.000;Acme
2;K-2;8.500;Beta
5;K-3;40.000;Gamma
`;

test('a corrected mapping is saved, reapplied to a renamed reordered export, undoable and exportable', async ({ page }) => {
  await openApp(page);
  await page.locator('#file-input').setInputFiles([csv('crm_week1.csv', WEEK1)]);
  const card1 = page.locator('.file-card[data-file="crm_week1.csv"]');
  // The ids are recognised by content (the page may move on to the accounts); the house word
  // "Stimmung" (mood) for satisfaction is known to no vocabulary: the user maps it.
  await expect(card1).toBeAttached();
  await dataTab(page);
  await card1.locator('details.mapping').evaluate((d) => { d.open = true; });
  // Content alone may call it another table: the user confirms accounts and maps the columns.
  await expect(card1.locator('.kind-select')).toBeVisible();
  if (await card1.locator('.kind-select').inputValue() !== 'accounts') {
    await card1.locator('.kind-select').selectOption('accounts');
    await expect(card1.locator('.kind-select')).toHaveValue('accounts');
  }
  for (const [header, field] of [['Kundennr', 'account_id'], ['Firma', 'name'], ['Jahreswert', 'arr'], ['Stimmung', 'csat']]) {
    const select = card1.locator(`select[data-column="${header}"]`);
    // The card is drawn again after each correction: open its mapping table until the select shows.
    await expect(async () => {
      await card1.locator('details.mapping').evaluate((d) => { d.open = true; });
      await expect(select).toBeVisible({ timeout: 1000 });
    }).toPass();
    if (await select.inputValue() !== field) await select.selectOption(field);
    await expect(select).toHaveValue(field);
  }
  await expect(page.locator('.profiles-card')).toContainText('1 saved');
  await page.locator('#tab-accounts').click();
  const scoreOf = async (id) => page.locator(`.vt-row[data-account="${id}"] .score-num`).textContent();
  const before = [await scoreOf('K-1'), await scoreOf('K-2'), await scoreOf('K-3')];

  // Next week's export: another name, columns reordered. The saved mapping applies.
  await dataTab(page);
  await page.locator('.file-card[data-file="crm_week1.csv"]').getByRole('button', { name: /Remove/ }).click();
  await page.locator('#file-input').setInputFiles([csv('export-2026-02.csv', WEEK2)]);
  await expect(page.locator('#accounts-grid')).toBeVisible();
  await dataTab(page);
  const card2 = page.locator('.file-card[data-file="export-2026-02.csv"]');
  await expect(card2.locator('.profile-note')).toContainText("saved mapping 'crm_week1.csv' applied");
  await page.locator('#tab-accounts').click();
  expect([await scoreOf('K-1'), await scoreOf('K-2'), await scoreOf('K-3')]).toEqual(before);

  // Export the saved mappings for the team.
  await dataTab(page);
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.locator('.profiles-card').getByRole('button', { name: 'Export' }).click()]);
  const exportedText = await readFile(await download.path(), 'utf8');
  const exported = JSON.parse(exportedText);
  expect(exported.profiles[0].columns.Stimmung).toBe('csat');
  expect(exported.profiles[0].kind).toBe('accounts');

  // The CLI given the exported file (`--mapping`) scores the renamed export as the page does.
  test.setTimeout(600_000); // may build the CLI first
  const native = nativeResults('export-2026-02.csv', WEEK2, exportedText);
  expect(native.files[0].profile).toContain("saved mapping 'crm_week1.csv' applied");
  const nativeScores = ['K-1', 'K-2', 'K-3'].map((id) => {
    const a = native.accounts.find((x) => x.account_id === id);
    return String(Math.round(a.health_score));
  });
  expect(nativeScores).toEqual(before);
  await page.locator('#tab-accounts').click();
  expect([await scoreOf('K-1'), await scoreOf('K-2'), await scoreOf('K-3')]).toEqual(nativeScores);
  await dataTab(page);

  // One click reads the file without it.
  await card2.locator('details.mapping').evaluate((d) => { d.open = true; });
  await card2.locator('.profile-note').getByRole('button', { name: /Undo/ }).click();
  await expect(card2.locator('.profile-note')).toHaveCount(0);
  await expect(card2.locator('[data-unused="Stimmung"]')).toBeVisible();
});
