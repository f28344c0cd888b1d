// One vocabulary: every label the app shows for quadrants, flags and measures is the engine's
// (vocabulary() of the wasm module), never an id and never a second table of its own.
import { join } from 'node:path';
import { test, expect, openApp, upload, ROOT } from './fixtures.mjs';

const DEMO = ['accounts.csv', 'usage_events.csv', 'surveys.csv', 'support_tickets.csv', 'goals.csv', 'touchpoints.csv', 'releases.csv']
  .map((f) => join(ROOT, 'www', 'demo', f));

/** The engine's vocabulary, read straight from the wasm module in the page. */
async function engineWords(page) {
  return page.evaluate(async () => {
    const w = await import('./pkg/customer_health.js');
    await w.default();
    return w.vocabulary(null);
  });
}

test('the app names quadrants, flags and measures with the engine vocabulary', async ({ page }) => {
  await openApp(page);
  await upload(page, DEMO);
  const words = await engineWords(page);
  const quadrantShort = new Set(words.quadrants.map((q) => q.short));
  const flagLabels = new Set(words.flags.map((f) => f.label));
  expect(words.flags.find((f) => f.id === 'seat_under_use').label).toBe('Seats unused');

  // Table chips.
  const quads = await page.locator('.vt-row .quad').allTextContents();
  expect(quads.length).toBeGreaterThan(5);
  for (const q of quads) expect(quadrantShort.has(q.trim()), q).toBe(true);
  const flags = await page.locator('.vt-row .flag:not(.more):not(.count)').allTextContents();
  expect(flags.length).toBeGreaterThan(3);
  for (const f of flags) expect(flagLabels.has(f.trim()), f).toBe(true);

  // The filters list the engine's words in the engine's order.
  const flagOptions = await page.locator('#filter-flag option:not([value="any"]):not([value=""])').allTextContents();
  expect(flagOptions).toEqual(words.flags.map((f) => f.label));

  // The detail panel's breakdown names measures by their labels.
  await page.locator('.vt-row').first().click();
  const measureRows = await page.locator('#detail [data-measure] th').allTextContents();
  const measureLabels = new Set(words.measures.map((m) => m.label));
  expect(measureRows.length).toBeGreaterThan(3);
  for (const m of measureRows) expect(measureLabels.has(m.trim()), m).toBe(true);

  // The quadrant cards use the headings and colours of the vocabulary.
  await page.locator('#tab-quadrants').click();
  for (const q of words.quadrants) {
    const card = page.locator(`.quad-card[data-quadrant="${q.id}"]`);
    await expect(card.locator('.quad-card-title')).toHaveText(q.label);
  }
});
