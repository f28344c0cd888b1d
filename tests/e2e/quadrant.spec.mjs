// The satisfaction × usage chart: tied values spread (deterministically, never across a cut),
// quadrant names never covered by bubbles, the cut in use shown and changeable in place, and
// accounts whose band disagrees with their quadrant explained.
import { join } from 'node:path';
import { test, expect, openApp, upload, ROOT } from './fixtures.mjs';

const DEMO = ['accounts.csv', 'usage_events.csv', 'surveys.csv', 'support_tickets.csv', 'goals.csv', 'touchpoints.csv', 'releases.csv']
  .map((f) => join(ROOT, 'www', 'demo', f));

/** What the chart draws: each bubble's account, data position, pixel box, and the label boxes. */
const chartState = (page) => page.evaluate(() => {
  const c = window.Chart.getChart(document.getElementById('quadrant-canvas'));
  const els = c.getDatasetMeta(0).data;
  return {
    points: c.data.datasets[0].data.map((p, i) => ({
      id: p.a.account_id, x: p.x, y: p.y, usage: p.a.usage_index, satisfaction: p.a.satisfaction_index,
      band: p.a.band, quadrant: p.a.quadrant, px: els[i].x, py: els[i].y, r: els[i].options.radius,
    })),
    labels: c.$quadrantLabels,
    cuts: c.options.plugins.quadrantCuts,
  };
});

async function openQuadrants(page) {
  await openApp(page);
  await upload(page, DEMO);
  await page.locator('#tab-quadrants').click();
  await expect(page.locator('#quadrant-canvas')).toBeVisible();
  await expect.poll(() => page.evaluate(() => Boolean(window.Chart.getChart(document.getElementById('quadrant-canvas'))?.$quadrantLabels))).toBe(true);
}

test('quadrant ties are spread within their quadrant, the same way every time', async ({ page }) => {
  await openQuadrants(page);
  const { points, cuts } = await chartState(page);
  for (const end of [0, 100]) {
    const tied = points.filter((p) => p.satisfaction === end);
    expect(tied.length, `accounts at satisfaction ${end} in the demo`).toBeGreaterThan(5);
    // Spread: not one line any more (many distinct heights), within 5 points of the true value.
    expect(new Set(tied.map((p) => p.y.toFixed(2))).size).toBeGreaterThan(tied.length / 2);
    for (const p of tied) {
      expect(Math.abs(p.y - end)).toBeLessThanOrEqual(5);
      expect(p.y >= 0 && p.y <= 100).toBe(true);
      // Never drawn on the other side of the cut than the quadrant it is in.
      expect(p.y >= cuts.satisfactionCut).toBe(p.satisfaction >= cuts.satisfactionCut);
    }
  }
  for (const p of points) expect(p.x >= cuts.usageCut).toBe(p.usage >= cuts.usageCut);
  // An account without ties keeps its exact position.
  const counts = new Map();
  for (const p of points) counts.set(Math.round(p.satisfaction * 2), (counts.get(Math.round(p.satisfaction * 2)) || 0) + 1);
  const lone = points.find((p) => counts.get(Math.round(p.satisfaction * 2)) === 1);
  expect(lone.y).toBe(lone.satisfaction);
  // Deterministic: leaving and coming back draws the same picture.
  await page.locator('#tab-accounts').click();
  await page.locator('#tab-quadrants').click();
  const again = await chartState(page);
  expect(again.points.map((p) => [p.id, p.x, p.y])).toEqual(points.map((p) => [p.id, p.x, p.y]));
});

test('quadrant names stay clear of every bubble, at desktop and phone sizes', async ({ page }) => {
  for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    await openQuadrants(page);
    const { points, labels } = await chartState(page);
    expect(labels.map((l) => l.quadrant).sort()).toEqual(['at_risk', 'champion', 'cry_for_help', 'under_user']);
    // The names do not run into each other either.
    for (const [i, l] of labels.entries()) {
      for (const m of labels.slice(i + 1)) {
        const apart = l.right <= m.left || m.right <= l.left || l.bottom <= m.top || m.bottom <= l.top;
        expect(apart, `${l.quadrant} and ${m.quadrant} at ${size.width} px`).toBe(true);
      }
    }
    for (const l of labels) {
      for (const p of points) {
        // Distance from the bubble's centre to the label's box, against the bubble's radius.
        const dx = Math.max(l.left - p.px, 0, p.px - l.right);
        const dy = Math.max(l.top - p.py, 0, p.py - l.bottom);
        expect(Math.hypot(dx, dy), `${p.id} covers ${l.quadrant} at ${size.width} px`).toBeGreaterThan(p.r);
      }
    }
  }
});

test('the usage cut is shown, fixed by default, and changeable in place', async ({ page }) => {
  await openQuadrants(page);
  await expect(page.locator('#quad-usage-mode')).toHaveValue('fixed');
  await expect(page.locator('#quad-usage-cut')).toHaveValue('50');
  await expect(page.locator('#quad-usage-used')).toHaveText('50');
  let { points, cuts } = await chartState(page);
  expect(cuts.usageCut).toBe(50);
  // No account using the product at or above the cut is called an under-user; heavy users
  // (usage 77–92) are not under-users whatever their peers do.
  const under = points.filter((p) => p.quadrant === 'under_user');
  expect(under.length).toBeGreaterThan(0);
  for (const p of under) expect(p.usage).toBeLessThan(50);
  for (const p of points.filter((q) => q.usage >= 77 && q.usage <= 92 && q.satisfaction >= cuts.satisfactionCut)) expect(p.quadrant).toBe('champion');

  // Switch to the portfolio median in place: the chart, the text and the model follow.
  const usages = points.map((p) => p.usage).sort((a, b) => a - b);
  const mid = usages.length % 2 ? usages[(usages.length - 1) / 2] : (usages[usages.length / 2 - 1] + usages[usages.length / 2]) / 2;
  await page.locator('#quad-usage-mode').selectOption('median');
  await expect(page.locator('#quad-usage-used')).toHaveText(String(Math.round(mid)));
  await expect(page.locator('#quadrant-cuts')).toContainText('half the accounts are "under-users" by construction');
  ({ points, cuts } = await chartState(page));
  expect(cuts.usageCut).toBeCloseTo(mid, 6);
  expect(points.some((p) => p.quadrant === 'under_user' && p.usage >= 50)).toBe(true); // what the median does
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('customer-health.settings')).model.quadrants);
  expect(saved.usage_cut).toBe('median');
  // A fixed value typed in place.
  await page.locator('#quad-usage-mode').selectOption('fixed');
  await expect(page.locator('#quad-usage-used')).toHaveText('50');
  await page.locator('#quad-usage-cut').fill('40');
  await page.locator('#quad-usage-cut').press('Enter');
  await expect(page.locator('#quad-usage-used')).toHaveText('40');
  ({ points } = await chartState(page));
  for (const p of points) expect(p.quadrant === 'under_user' || p.quadrant === 'at_risk').toBe(p.usage < 40);
  // The satisfaction cut too.
  await page.locator('#quad-satisfaction-cut').fill('70');
  await page.locator('#quad-satisfaction-cut').press('Enter');
  await expect.poll(async () => (await chartState(page)).cuts.satisfactionCut).toBe(70);
});

test('accounts whose band disagrees with their quadrant are counted and explained', async ({ page }) => {
  await openQuadrants(page);
  const { points } = await chartState(page);
  const bands = await page.evaluate(() => [...document.querySelectorAll('#filter-band option')].map((o) => o.value));
  // Band ids from best to worst as the table's band filter lists them ('' and 'none' aside).
  const order = bands.filter((b) => b && b !== 'none');
  const top = new Set(order.slice(0, 2));
  const bottom = new Set(order.slice(-2));
  const disagree = points.filter((p) => (top.has(p.band) && ['at_risk', 'cry_for_help'].includes(p.quadrant)) || (bottom.has(p.band) && p.quadrant === 'champion'));
  expect(disagree.length).toBeGreaterThan(0);
  await expect(page.locator('#quadrant-legend')).toContainText(`${disagree.length} account${disagree.length === 1 ? '' : 's'} sit in a quadrant that disagrees with the band`);
  // The tooltip of such an account says why; an agreeing one says nothing extra.
  const lines = await page.evaluate(([bad, good]) => {
    const c = window.Chart.getChart(document.getElementById('quadrant-canvas'));
    const raw = (id) => c.data.datasets[0].data.find((p) => p.a.account_id === id);
    const label = c.options.plugins.tooltip.callbacks.label;
    return [label({ raw: raw(bad) }), label({ raw: raw(good) })];
  }, [disagree[0].id, points.find((p) => !disagree.includes(p)).id]);
  expect(lines[0].join(' ')).toMatch(/overall, yet (At risk|Cry for help|Champions?) here/);
  expect(lines[1].join(' ')).not.toContain('overall, yet');
  // Keyboard users hear the same explanation.
  await page.locator('#quadrant-canvas').focus();
  let heard = '';
  for (let i = 0; i < points.length && !heard.includes('overall, yet'); i++) {
    await page.keyboard.press('ArrowRight');
    heard = await page.locator('#quadrant-current').textContent();
  }
  expect(heard).toContain('overall, yet');
});
