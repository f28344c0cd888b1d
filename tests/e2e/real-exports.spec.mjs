// The page on real exports, as a demanding CS user reads it: RavenStack (every account on low
// coverage, a churn file with columns nothing could use, accounts with several warnings) and a
// help-desk tool export. Each check fails on the page as it was before it was fixed.
import { join } from 'node:path';
import { test, expect, openApp, upload, ravenstackFiles, ROOT } from './fixtures.mjs';

async function ravenstack(page) {
  await openApp(page);
  await upload(page, ravenstackFiles().files);
}

/** Opens one account's detail from the Accounts table. */
async function openAccount(page, id) {
  await page.locator('#filter-text').fill(id);
  await page.locator(`.vt-row[data-account="${id}"]`).click();
}

test('a file is not called partly read for columns nothing could use; a warning that is leads to the file', async ({ page }) => {
  await ravenstack(page);
  const warnings = page.locator('#data-warnings');
  await expect(warnings).toBeVisible();
  // The churn file's unused columns (ids, refund amounts, free text) match no field and no
  // measure: nothing to map, so no warning asks the user to map them.
  await expect(warnings.locator('[data-warning="half:ravenstack_churn_events.csv"]')).toHaveCount(0);

  // A help-desk export read by a third: the warning says what could still be used and leads
  // to the file's mapping.
  await page.locator('#btn-new').click();
  const dir = join(ROOT, 'tests', 'fixtures', 'tools');
  await upload(page, ['pendo_events.csv', 'intercom_conversations.csv', 'freshdesk_tickets.csv'].map((f) => join(dir, f)));
  const half = page.locator('[data-warning="half:freshdesk_tickets.csv"]');
  await expect(half).toContainText(/\d+ of 19 columns used, and \d+ of the others could feed a field or a custom measure/);
  await half.getByRole('button', { name: 'Review freshdesk_tickets.csv in Data' }).click();
  await expect(page.locator('#view-data')).toBeVisible();
  const card = page.locator('.file-card[data-file="freshdesk_tickets.csv"]');
  await expect(card.locator('details.mapping')).toHaveJSProperty('open', true);
  await expect(card.locator('details.mapping > summary')).toBeFocused();
});

test('scores on low coverage are explained: how many, which inputs had no data, and what to do', async ({ page }) => {
  await ravenstack(page);
  const low = page.locator('[data-warning="low-coverage"]');
  await expect(low).toContainText("500 of 500 scores rest on under 50% of the model's weight (typically");
  // The inputs without data are named with their weight (RavenStack has no goals, no user ids,
  // no NPS answers).
  await expect(low).toContainText(/Most often without data: Goal attainment \(\d+% of the weight, in all\)/);
  await expect(low).toContainText(/Seat utilisation \(\d+%, in all\)/);
  // …and why, when the export is the cause (its usage rows carry no user ids), as the
  // account detail says.
  await expect(low).toContainText(/\. Seat utilisation: the usage export has no user ids, so active users cannot be counted\. Add the exports/);
  await low.getByRole('button', { name: 'Show these accounts' }).click();
  await expect(page.locator('#view-accounts')).toBeVisible();
  await expect(page.locator('#filter-band option:checked')).toHaveText(/^Low coverage/);
  await expect(page.locator('#table-count')).toHaveText('500 accounts');
  await low.getByRole('button', { name: 'Change the share' }).click();
  await expect(page.locator('#low-coverage')).toBeVisible();
  // A share under every account's coverage: nothing to explain any more.
  await page.locator('#low-coverage').fill('0');
  await page.locator('#low-coverage').dispatchEvent('change');
  await expect(page.locator('[data-warning="low-coverage"]')).toHaveCount(0);
});

/** The visible chips of a row's Warnings cell that reach past the cell's edge (clipped). */
async function clippedChips(row) {
  return row.locator('.flags').evaluate((cell) => {
    const edge = cell.getBoundingClientRect().right + 0.5;
    return [...cell.children].filter((c) => c.offsetParent !== null && c.getBoundingClientRect().right > edge).map((c) => c.textContent);
  });
}

test('an account with several warnings shows how many in the table, never cut away or misread', async ({ page }) => {
  await ravenstack(page);
  // The accounts with the most warnings first.
  await page.locator('.sort-btn[data-sort="flags"]').click();
  await expect(page.locator('[role="columnheader"]:has(.sort-btn[data-sort="flags"])')).toHaveAttribute('aria-sort', 'descending');
  const row = page.locator('.vt-row').first();
  const flags = row.locator('.flags');
  // Every label stays available on the cell.
  await expect(flags).toHaveAttribute('title', /, /);
  const count = (await flags.getAttribute('title')).split(', ').length;
  expect(count).toBeGreaterThan(1);
  // A laptop-wide table: too narrow for the first label and +N, so the count is shown whole
  // (the first label was cut to "Usage…", which could be Usage decline or Usage trap).
  await expect(flags.locator('.flag.count')).toBeVisible();
  await expect(flags.locator('.flag.count')).toHaveText(`${count} warnings`);
  expect(await clippedChips(row)).toEqual([]);
  // A wide screen shows the first label and +N, both whole.
  await page.setViewportSize({ width: 1900, height: 900 });
  await expect(flags.locator('.flag.more')).toBeVisible();
  await expect(flags.locator('.flag.more')).toHaveText(`+${count - 1}`);
  await expect(flags.locator('.flag.count')).toBeHidden();
  expect(await clippedChips(row)).toEqual([]);
  const first = flags.locator('.flag').first();
  expect(await first.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
});

test('the breakdown says what its change column counts: points, as "What moved" does', async ({ page }) => {
  await ravenstack(page);
  await openAccount(page, 'A-d4e0d4');
  const breakdown = page.locator('#breakdown table.components');
  await expect(breakdown).toBeVisible();
  await expect(breakdown.locator('thead th').last()).toHaveText('Δ pts');
  const moved = page.locator('ul.moved li[data-measure]');
  expect(await moved.count()).toBeGreaterThan(0);
  for (const li of await moved.all()) {
    const measure = await li.getAttribute('data-measure');
    const pts = (await li.locator('.pts').textContent()).replace(' pts', '');
    await expect(breakdown.locator(`tr[data-measure="${measure}"] td.delta`)).toHaveText(pts);
  }
  // One row is one row.
  await expect(breakdown.locator('.evidence-row', { hasText: '(1 row)' }).first()).toBeVisible();
  await expect(breakdown).not.toContainText('(1 rows)');
});

test('the Data view side cards are laid out as cards', async ({ page }) => {
  await ravenstack(page);
  await page.locator('#tab-data').click();
  for (const card of [page.locator('#keep-card'), page.locator('.profiles-card')]) {
    await expect(card).toBeVisible();
    const heading = await card.locator('h3').boundingBox();
    const box = await card.boundingBox();
    // The heading sits inside the card's padding, not on its border.
    expect(heading.x - box.x).toBeGreaterThanOrEqual(12);
    expect(heading.y - box.y).toBeGreaterThanOrEqual(10);
  }
});

test('an account without a quadrant says which data it lacks, in the table and in its detail', async ({ page }) => {
  await ravenstack(page);
  await page.locator('#filter-quadrant').selectOption('none');
  const row = page.locator('.vt-row').first();
  await expect(row).toBeVisible();
  // RavenStack's satisfaction comes only from ticket ratings: accounts without any have no
  // satisfaction axis (their usage is known).
  const cell = row.locator('.no-quad');
  await expect(cell).toHaveText('—');
  await expect(cell).toHaveAttribute('title', 'No quadrant: this account has no satisfaction data (surveys, ticket ratings, or CSAT/NPS columns).');
  await row.click();
  await expect(page.locator('#no-quadrant')).toHaveText('No quadrant: this account has no satisfaction data (surveys, ticket ratings, or CSAT/NPS columns).');
});

test('seat utilisation and stickiness say why they are missing: the usage export has no user ids', async ({ page }) => {
  await ravenstack(page);
  await openAccount(page, 'A-d4e0d4');
  const breakdown = page.locator('#breakdown table.components');
  for (const measure of ['seat_utilisation', 'stickiness']) {
    const row = breakdown.locator(`tr[data-measure="${measure}"]`);
    await expect(row).toHaveClass(/missing/);
    // The evidence row under it.
    const evidence = row.locator('xpath=following-sibling::tr[1]');
    await expect(evidence).toHaveText('the usage export has no user ids, so active users cannot be counted');
  }
  await expect(breakdown.locator('tr[data-measure="seat_utilisation"] + tr')).not.toContainText('no data for this account');
});

test('a quadrant placed on one rating says how many answers it rests on, and that this is thin', async ({ page }) => {
  await ravenstack(page);
  // RavenStack's A-d4e0d4: one 3/5 ticket rating is its whole satisfaction (CSAT 0 %, At risk).
  await openAccount(page, 'A-d4e0d4');
  const said = page.locator('#satisfaction-evidence');
  await expect(said).toBeVisible();
  await expect(said).toHaveText(/^Satisfaction rests on 1 answer \(CSAT: 1\) — thin evidence: from fewer than 5 answers/);
  await expect(said).toHaveAttribute('data-thin', 'true');
  await expect(page.locator('#satisfaction-answers')).toHaveText(' · one answer, thin');
  // Five ratings (A-f9cc74) are not marked thin, and the count is still said.
  await openAccount(page, 'A-f9cc74');
  await expect(said).toHaveText('Satisfaction rests on 5 answers (CSAT: 5).');
  await expect(said).toHaveAttribute('data-thin', 'false');
  await expect(page.locator('#satisfaction-answers')).toHaveText(' · 5 answers');
});

test('the quadrant chart says how many accounts it places on thin satisfaction evidence', async ({ page }) => {
  await ravenstack(page);
  await page.locator('#tab-quadrants').click();
  // 376 RavenStack accounts have ticket ratings; all but 2 have fewer than 5 (an independent
  // count of the CLI's JSON: 218 with 1 rating, 98 with 2, 44 with 3, 14 with 4, 2 with 5).
  await expect(page.locator('#quadrant-thin')).toHaveText('374 of the 376 placed accounts rest on fewer than 5 satisfaction answers: thin evidence, so their side of the satisfaction cut is a first guess. The account detail gives each one\'s count.');
});
