import { test, expect, openApp, cspViolations } from './fixtures.mjs';

test('page states and enforces that data stays in the browser', async ({ page, guard }) => {
  await openApp(page);
  await expect(page.locator('#privacy-statement')).toContainText('Your data never leaves this browser');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toMatch(/https?:/);
  // No script, stylesheet or image points anywhere but here.
  const external = await page.evaluate(() => [...document.querySelectorAll('[src],[href]')]
    .map((el) => el.getAttribute('src') || el.getAttribute('href'))
    .filter((u) => /^(https?:)?\/\//i.test(u)));
  expect(external).toEqual([]);
  // The CSP itself blocks an outgoing request (not only the test's network guard).
  const outcome = await page.evaluate(async () => {
    try { await fetch('https://example.com/collect'); return 'sent'; } catch { return 'blocked'; }
  });
  expect(outcome).toBe('blocked');
  await expect.poll(() => cspViolations(page)).toContainEqual(expect.stringContaining('connect-src https://example.com'));
  expect(guard.blocked).toEqual([]); // blocked by CSP before it reached the network
  // Only our own files were requested.
  expect(guard.requests.length).toBeGreaterThan(3);
  expect(guard.requests.some((u) => u.endsWith('.wasm'))).toBe(true);
});

test('keyboard users can reach the navigation and the main actions', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#btn-demo')).toBeVisible();
  const data = page.locator('#tab-data');
  await data.focus();
  await page.keyboard.press('ArrowDown'); // disabled tabs are skipped until data is loaded
  await expect(page.locator('#tab-model')).toBeFocused();
  await expect(page.locator('#view-model')).toBeVisible();
  for (const id of ['#file-input', '#paste-text']) {
    await page.locator('#tab-data').click();
    if (id === '#paste-text') await page.locator('#paste-panel summary').click();
    const labelled = await page.locator(id).evaluate((el) => Boolean(el.labels?.length || el.getAttribute('aria-label')));
    expect(labelled).toBe(true);
  }
});
