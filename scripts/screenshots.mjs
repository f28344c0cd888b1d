// Development aid: screenshots of each view at a laptop size, for looking at the design.
// Usage: node scripts/screenshots.mjs BASE_URL OUT_DIR [--fixture path.json | --demo]
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';

const [base = 'http://127.0.0.1:8080/', out = '/tmp/shots', ...rest] = process.argv.slice(2);
const fixture = rest.includes('--fixture') ? rest[rest.indexOf('--fixture') + 1] : null;
const demo = rest.includes('--demo');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
page.on('console', (m) => console.log(`[console.${m.type()}] ${m.text()}`));
page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
await page.goto(base + (fixture ? '?dev' : ''));
await page.waitForSelector('body.ready', { timeout: 15000 }).catch(() => {});
await page.screenshot({ path: `${out}/00-start.png` });
if (fixture) {
  const json = JSON.parse(readFileSync(fixture, 'utf8'));
  await page.evaluate((r) => window.__ch.showResults(r), json);
} else if (demo) {
  await page.click('#btn-demo');
  await page.waitForSelector('#accounts-grid', { timeout: 60000 });
}
await page.waitForTimeout(300);
for (const view of ['accounts', 'quadrants', 'outreach', 'segments', 'playbooks', 'model', 'data']) {
  await page.click(`[data-view="${view}"]`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/${view}.png` });
}
await page.click('[data-view="accounts"]');
await page.click('.vt-row >> nth=0');
await page.waitForTimeout(400);
await page.screenshot({ path: `${out}/detail.png` });
await page.screenshot({ path: `${out}/detail-full.png`, fullPage: false });
await browser.close();
