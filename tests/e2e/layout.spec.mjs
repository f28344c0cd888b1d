// Every screen size: phones get a scrolling navigation strip, account cards and a full-screen
// detail sheet, with nothing scrolling sideways; a very long account name never breaks a view.
import { join } from 'node:path';
import { test, expect, openApp, upload, ravenstackFiles, ROOT } from './fixtures.mjs';

const DEMO = ['accounts.csv', 'usage_events.csv', 'surveys.csv', 'support_tickets.csv', 'goals.csv', 'touchpoints.csv', 'releases.csv']
  .map((f) => join(ROOT, 'www', 'demo', f));

/** How far the page scrolls sideways (0 = it does not). */
const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const width of [360, 390]) {
  test(`phone layout at ${width} px: no sideways scroll, cards, full-screen detail`, async ({ page }) => {
    await page.setViewportSize({ width, height: 844 });
    await openApp(page);
    expect(await sideways(page)).toBe(0);
    // The brand and the privacy statement do not overlap.
    const brand = await page.locator('.brand-name').boundingBox();
    const privacy = await page.locator('#privacy-statement').boundingBox();
    expect(privacy.y >= brand.y + brand.height || privacy.x >= brand.x + brand.width).toBe(true);
    await upload(page, DEMO);
    for (const view of ['accounts', 'quadrants', 'outreach', 'segments', 'playbooks', 'model', 'data']) {
      await page.locator(`#tab-${view}`).click();
      await expect(page.locator(`#view-${view}`)).toBeVisible();
      expect(await sideways(page), `sideways scroll in ${view}`).toBe(0);
    }
    // Data: each file card fits the screen and its file name is readable, not squeezed away.
    for (const card of await page.locator('.file-card').all()) {
      const box = await card.boundingBox();
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect((await card.locator('.file-title h3').boundingBox()).width).toBeGreaterThan(60);
    }
    // The navigation is one strip above the content, not a column beside it.
    const nav = await page.locator('.sidenav').boundingBox();
    const main = await page.locator('main').boundingBox();
    expect(nav.width).toBeGreaterThan(width - 2);
    expect(main.y).toBeGreaterThanOrEqual(nav.y + nav.height - 1);
    // Accounts as cards: name, health and quadrant visible, no header row.
    await page.locator('#tab-accounts').click();
    const row = page.locator('.vt-row').first();
    await expect(page.locator('.vt-head')).toBeHidden();
    await expect(row.locator('.acct-name')).toBeVisible();
    await expect(row.locator('.score-num')).toBeVisible();
    const card = await row.boundingBox();
    expect(card.width).toBeLessThanOrEqual(width);
    // The detail covers the screen and closes again.
    await row.click();
    const sheet = await page.locator('#detail').boundingBox();
    expect(sheet.x).toBe(0);
    expect(sheet.width).toBeGreaterThanOrEqual(width - 1);
    expect(await sideways(page)).toBe(0);
    await page.locator('#detail-close').click();
    await expect(page.locator('#detail')).toBeHidden();
  });
}

test('a 5,000-character account name is cut on screen, whole on hover and focus, and chips are whole', async ({ page }) => {
  const name = `Very long name ${'x'.repeat(4985)}`;
  const accounts = `account_id,account_name,arr,seats\nA-1,${name},50000,10\nA-2,Short Co,20000,5\n`;
  const usage = ['account_id,user_id,event_date,feature,event_count'];
  for (let d = 1; d <= 28; d++) usage.push(`A-1,u${d % 2},2026-10-${String(d).padStart(2, '0')},reports,1`, `A-2,v1,2026-10-${String(d).padStart(2, '0')},alerts,2`);
  await openApp(page);
  await page.locator('#file-input').setInputFiles([
    { name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(accounts) },
    { name: 'usage.csv', mimeType: 'text/csv', buffer: Buffer.from(`${usage.join('\n')}\n`) },
  ]);
  await expect(page.locator('#accounts-grid')).toBeVisible();
  const cell = page.locator('.vt-row[data-account="A-1"] .acct');
  await expect(cell).toHaveAttribute('title', name);
  const box = await cell.boundingBox();
  expect(box.width).toBeLessThan(900);
  expect(await sideways(page)).toBe(0);
  await cell.click();
  const title = page.locator('#detail-title');
  await expect(title).toHaveAttribute('title', name);
  const panel = await page.locator('#detail').boundingBox();
  const head = await title.boundingBox();
  expect(head.width).toBeLessThanOrEqual(panel.width);
  expect(head.height).toBeLessThan(80); // two lines at most while not focused
  await title.focus();
  const focused = await title.boundingBox();
  expect(focused.height).toBeGreaterThan(head.height); // the whole name on focus
  // The score and its explanation are still there below the name.
  await expect(page.locator('#detail-score')).toBeVisible();
  // Flag chips show their whole label.
  const cut = await page.evaluate(() => [...document.querySelectorAll('.flag')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent));
  expect(cut).toEqual([]);
});

/**
 * Visible elements that reach past the right edge of a phone screen outside any sideways
 * scrolling box: cut off, since html/body hide sideways overflow on phones (so the page itself
 * never scrolls sideways and `sideways()` stays 0 even when a view is wider than the screen).
 * The outermost such element of each overflow is named.
 */
const cutOff = (page) => page.evaluate(() => {
  const W = document.documentElement.clientWidth;
  const scrolls = (el) => /(auto|scroll)/.test(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth;
  const cut = [];
  for (const el of document.querySelectorAll('main *, #detail *')) {
    if (el.offsetParent === null) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= W + 1 || el.parentElement.getBoundingClientRect().right > W + 1) continue;
    let p = el.parentElement;
    while (p && p !== document.body && !scrolls(p)) p = p.parentElement;
    if (p === document.body || !p) cut.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent.trim().slice(0, 30)}" to ${Math.round(r.right)} px`);
  }
  return cut;
});

for (const [name, files] of [['the demo', () => DEMO], ['RavenStack', () => ravenstackFiles().files]]) {
  test(`phone at 390 px, ${name}: no view or account detail is cut off at the screen's edge`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await openApp(page);
    await upload(page, files());
    // Segments, Playbooks, Health model and Data were wider than the screen (a wide table or
    // tab strip set the width of the view's grid column) and their right part was cut away.
    for (const view of ['accounts', 'quadrants', 'outreach', 'segments', 'playbooks', 'model', 'data']) {
      await page.locator(`#tab-${view}`).click();
      await expect(page.locator(`#view-${view}`)).toBeVisible();
      // Every file's mapping unfolded: its table and selects must fit too.
      if (view === 'data') await page.evaluate(() => document.querySelectorAll('details.mapping').forEach((d) => { d.open = true; }));
      await page.waitForTimeout(300); // charts and lazily filled cards settle
      expect(await cutOff(page), `cut off in ${view}`).toEqual([]);
    }
    await page.locator('#tab-accounts').click();
    await page.locator('.vt-row').first().click();
    await expect(page.locator('#breakdown table.components')).toBeVisible();
    expect(await cutOff(page), 'cut off in the account detail').toEqual([]);
  });
}
