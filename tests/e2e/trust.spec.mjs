// Trust in what the page shows (issue 15): one vocabulary in the exports, the model named by its
// content, scores on little data marked, and the overview warning about data it could not use.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect, openApp, upload, ROOT } from './fixtures.mjs';

/** Splits one CSV line (quoted cells with commas and doubled quotes allowed). */
function cells(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

async function download(page, item) {
  await page.locator('#btn-export').click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(item).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

async function demo(page) {
  await openApp(page);
  await page.locator('#btn-demo').click();
  await expect(page.locator('#accounts-grid')).toBeVisible();
}

test('exports using display labels: the CSV, the report and "What to do" say what the screen says', async ({ page }) => {
  await demo(page);
  const words = await page.evaluate(async () => {
    const v = await import('./lib/vocabulary.js');
    return { quadrants: Object.fromEntries(Object.entries(v.QUADRANTS).map(([id, q]) => [id, q.short])), flags: Object.fromEntries(Object.entries(v.FLAGS).map(([id, f]) => [id, f.label])) };
  });
  const { text } = await download(page, '#export-csv');
  const lines = text.trim().split(/\r\n/);
  const header = cells(lines[0]);
  const col = (n) => header.indexOf(n);
  for (const n of ['band', 'band_id', 'quadrant', 'quadrant_id', 'flags', 'flags_id']) expect(col(n), n).toBeGreaterThanOrEqual(0);
  const rows = lines.slice(1).map(cells);
  expect(rows).toHaveLength(150);
  const bandIds = new Set(rows.map((r) => r[col('band_id')]).filter(Boolean));
  expect(bandIds.size).toBeGreaterThan(2);
  let flagged = 0;
  for (const r of rows) {
    // Labels in the named columns, ids only in the *_id columns.
    if (r[col('quadrant_id')]) expect(r[col('quadrant')]).toBe(words.quadrants[r[col('quadrant_id')]]);
    const ids = r[col('flags_id')] ? r[col('flags_id')].split(';') : [];
    expect(r[col('flags')]).toBe(ids.map((f) => words.flags[f]).join('; '));
    flagged += ids.length ? 1 : 0;
    expect(r[col('band')]).not.toMatch(/_/);
  }
  expect(flagged).toBeGreaterThan(0);
  // The band label in the file is the one on the account's row in the table.
  const at = rows.find((r) => r[col('band_id')] === 'fair') || rows[0];
  await page.locator('#filter-text').fill(at[0]);
  await expect(page.locator(`.vt-row[data-account="${at[0]}"] .health .chip`)).toContainText(at[col('band')]);
  expect(at[col('band')]).not.toBe(at[col('band_id')]);

  // "What to do" reads with labels and money, and its score is the header's score.
  const withFlag = rows.find((r) => r[col('flags_id')] && r[col('arr')]);
  await page.locator('#filter-text').fill(withFlag[0]);
  await page.locator(`.vt-row[data-account="${withFlag[0]}"]`).click();
  await expect(page.locator('#detail')).toBeVisible();
  const reason = await page.locator('#detail-reason').textContent();
  expect(reason).not.toMatch(/[a-z]+_[a-z]+/);
  expect(reason).toContain(words.flags[withFlag[col('flags_id')].split(';')[0]]);
  expect(reason).toMatch(/ARR \$[\d,]+/);
  const headerScore = (await page.locator('#detail-score').textContent()).trim();
  expect(reason).toContain(`Health ${headerScore}`);
  await expect(page.locator(`.vt-row[data-account="${withFlag[0]}"] .score-num`)).toHaveText(headerScore);
  expect(Number(headerScore)).toBe(Math.round(Number(withFlag[col('health_score')])));
  await page.keyboard.press('Escape');

  // The printed report uses the same words.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const report = await page.locator('#print-report').textContent();
  expect(report).not.toMatch(/\b(at_risk|cry_for_help|under_user|seat_under_use|usage_decline)\b/);
  const first = rows.find((r) => r[col('rank')] === '1');
  expect(report).toContain(`${Math.round(Number(first[col('health_score')]))} ${first[col('band')]}`);
});

test('edited model named: a changed model says so, with a fingerprint of its content', async ({ page }) => {
  await demo(page);
  const badge = page.locator('#model-badge');
  await expect(badge).toHaveText(/^Default health model v[\d.]+ · #[0-9a-f]{8}$/);
  const original = (await badge.textContent()).split('#')[1];
  await page.locator('#tab-model').click();
  const weight = page.locator('#w-group-human_centred');
  const before = await weight.inputValue();
  await weight.fill('0');
  await expect(page.locator('#model-ok')).toBeVisible();
  await expect(badge).toHaveText(/^Modified from Default health model v[\d.]+ · #[0-9a-f]{8}$/);
  const edited = (await badge.textContent()).split('#')[1];
  expect(edited).not.toBe(original);
  // Exports and the report carry the same identity.
  await page.locator('#tab-accounts').click();
  const json = await download(page, '#export-json');
  expect(json.name).toContain(`model-${edited}`);
  const summary = JSON.parse(json.text).summary;
  expect(summary.model_fingerprint).toBe(edited);
  expect(summary.model_title).toMatch(/^Modified from Default health model/);
  const csv = await download(page, '#export-csv');
  expect(csv.name).toContain(`model-${edited}`);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(page.locator('#print-model')).toContainText(`Modified from Default health model`);
  await expect(page.locator('#print-model')).toContainText(`#${edited}`);
  // Renamed, it carries its own name; put back as it was, it is the default again.
  await page.locator('#tab-model').click();
  await page.locator('#model-name').fill('Renewals focus');
  await expect(badge).toHaveText(/^Renewals focus v[\d.]+ · #[0-9a-f]{8}$/);
  await page.locator('#model-name').fill('Default health model');
  await weight.fill(before);
  await expect(badge).toHaveText(new RegExp(`^Default health model v[\\d.]+ · #${original}$`));
  // The fingerprint depends on content only: the same model with its keys in another order
  // has the same fingerprint; one changed number does not.
  const same = await page.evaluate(async () => {
    const { fingerprint } = await import('./js/model-identity.js');
    const m = { name: 'x', groups: [{ id: 'a', weight: 1 }], version: '1' };
    const reordered = { version: '1', groups: [{ weight: 1, id: 'a' }], name: 'x' };
    const changed = { name: 'x', groups: [{ id: 'a', weight: 2 }], version: '1' };
    return [fingerprint(m) === fingerprint(reordered), fingerprint(m) === fingerprint(changed)];
  });
  expect(same).toEqual([true, false]);
});

/** Two accounts with every input and one with only an NPS (a small share of the weight). */
const THIN = [
  'account_id,account_name,arr,seats,csat,nps,logins_30d,active_users,goal_progress,features_used,tickets_30d,success_plan,empowerment',
  'F-1,Fullco,48000,20,4.6,50,410,18,0.8,12,3,yes,0.7',
  'F-2,Alsofull,30000,10,2.1,-40,15,2,0.1,2,9,no,0.1',
  'L-1,Thinco,12000,,,30,,,,,,,',
].join('\n');

test('low-coverage accounts marked on the chip, the table, the chart, the overview and the exports', async ({ page }) => {
  await openApp(page);
  await upload(page, { name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(THIN) });
  const share = await page.evaluate(async () => (await import('./js/format.js')).lowCoverageShare());
  expect(share).toBe(0.5);
  const json = JSON.parse((await download(page, '#export-json')).text);
  const coverage = Object.fromEntries(json.accounts.map((a) => [a.account_id, a.coverage]));
  expect(coverage['L-1']).toBeLessThan(share);
  expect(coverage['F-1']).toBeGreaterThanOrEqual(share);
  await expect(page.locator('.vt-row[data-account="L-1"] .chip-low')).toContainText('low data');
  await expect(page.locator('.vt-row[data-account="F-1"] .chip-low')).toHaveCount(0);
  await expect(page.locator('#kpi-accounts .kpi-sub')).toContainText('1 on low coverage');
  await expect(page.locator('.bandbar [data-band="low"]')).toHaveAttribute('title', 'Not enough data: 1');
  await page.locator('.vt-row[data-account="L-1"]').click();
  await expect(page.locator('#detail .chip-low')).toBeVisible();
  await expect(page.locator('#detail-coverage')).toContainText('low coverage');
  await page.keyboard.press('Escape');
  // No usage: no quadrant for the thin account (both axes are needed).
  await expect(page.locator('.vt-row[data-account="L-1"] .quad')).toHaveCount(0);
  // The exports carry the coverage and the share used.
  expect(json.summary.low_coverage_below).toBe(0.5);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(page.locator('#print-report')).toContainText('(low coverage)');
});

test('the CSV says low data and the band filter lists low coverage, both by the device\'s share', async ({ page }) => {
  await openApp(page);
  await upload(page, { name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(THIN) });
  // The default share is the engine's (sent with the vocabulary), not a second copy.
  const engineDefault = await page.evaluate(async () => (await import('./lib/vocabulary.js')).DEFAULTS.lowCoverageBelow);
  expect(engineDefault).toBe(0.5);
  const lowData = async () => {
    const { text } = await download(page, '#export-csv');
    const lines = text.trim().split(/\r\n/);
    const header = cells(lines[0]);
    expect(header.indexOf('low_data')).toBe(header.indexOf('coverage') + 1);
    return Object.fromEntries(lines.slice(1).map(cells).map((r) => [r[0], [Number(r[header.indexOf('coverage')]), r[header.indexOf('low_data')]]]));
  };
  const shown = async () => page.locator('.vt-row').evaluateAll((rows) => rows.map((r) => r.dataset.account).sort());
  let rows = await lowData();
  expect(rows['L-1'][1]).toBe('yes');
  for (const [id, [coverage, low]] of Object.entries(rows)) expect(low, id).toBe(coverage < 0.5 ? 'yes' : 'no');
  // The band filter's "Low coverage" choice lists exactly the accounts marked "low data".
  const band = page.locator('#filter-band');
  const choice = band.locator('option', { hasText: 'Low coverage' });
  await expect(choice).toHaveText('Low coverage (under 50% of the weight)');
  await band.selectOption({ label: await choice.textContent() });
  await expect(page.locator('#table-count')).toHaveText('1 of 3 accounts');
  expect(await shown()).toEqual(['L-1']);
  await expect(page.locator('.vt-row[data-account="L-1"] .chip-low')).toContainText('low data');
  await band.selectOption('');
  await expect(page.locator('#table-count')).toHaveText('3 accounts');

  // A device share of 0 marks nothing: the CSV and the filter follow it.
  await page.locator('[data-view="model"]').click();
  await page.locator('#low-coverage').fill('0');
  await page.locator('#low-coverage').dispatchEvent('change');
  rows = await lowData();
  expect(Object.values(rows).map((r) => r[1])).toEqual(['no', 'no', 'no']);
  await page.locator('[data-view="accounts"]').click();
  await expect(choice).toHaveText('Low coverage (under 0% of the weight)');
  await band.selectOption({ label: await choice.textContent() });
  await expect(page.locator('#table-count')).toHaveText('0 of 3 accounts');
  // A share above every account's coverage marks every scored account.
  await page.locator('[data-view="model"]').click();
  await page.locator('#low-coverage').fill('100');
  await page.locator('#low-coverage').dispatchEvent('change');
  rows = await lowData();
  for (const [id, [coverage, low]] of Object.entries(rows)) expect(low, id).toBe(coverage < 1 ? 'yes' : 'no');
  await page.locator('[data-view="accounts"]').click();
  await band.selectOption({ label: await choice.textContent() });
  const marked = Object.entries(rows).filter(([, r]) => r[1] === 'yes').map(([id]) => id).sort();
  expect(marked.length).toBeGreaterThan(1);
  await expect(page.locator('#table-count')).toHaveText(marked.length === 3 ? '3 accounts' : `${marked.length} of 3 accounts`);
  expect(await shown()).toEqual(marked);
});

test('unmapped key fields warned: a messy tool export without names or ARR', async ({ page }) => {
  await openApp(page);
  const dir = join(ROOT, 'tests', 'fixtures', 'tools');
  await upload(page, ['pendo_events.csv', 'intercom_conversations.csv', 'freshdesk_tickets.csv'].map((f) => join(dir, f)));
  const warnings = page.locator('#data-warnings');
  await expect(warnings).toBeVisible();
  await expect(warnings.locator('[data-warning="no-names"]')).toBeVisible();
  await expect(warnings.locator('[data-warning="no-arr"]')).toContainText('No ARR');
  await expect(warnings.locator('[data-warning="half:freshdesk_tickets.csv"]')).toContainText(/\d+ of 19 columns used/);
  await expect(page.locator('#kpi-arr .kpi-value')).toHaveText('—');
  await expect(page.locator('#kpi-risk .kpi-value')).toHaveText('—');
  expect(await page.locator('#summary').textContent()).not.toMatch(/[-−]\$0\b/);
  // Every account here rests on little data: none is shown as plainly healthy or poor.
  await expect(page.locator('.bandbar [data-band="low"]')).toBeVisible();
  expect(await page.locator('.vt-row .health .chip:not(.chip-low):not(.chip-none)').count()).toBe(0);
});
