// Helpers shared by the widget specs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { ROOT, expect } from './fixtures.mjs';

export const DEMO_FILES = ['accounts.csv', 'usage_events.csv', 'surveys.csv', 'support_tickets.csv', 'goals.csv', 'touchpoints.csv', 'releases.csv'];

/** The synthetic demo book of business (150 accounts), as `{ name: text }`. */
export function demoTables(): Record<string, string> {
  return Object.fromEntries(DEMO_FILES.map((f) => [f, readFileSync(join(ROOT, 'www', 'demo', f), 'utf8')]));
}

export function demoPaths(): string[] {
  return DEMO_FILES.map((f) => join(ROOT, 'www', 'demo', f));
}

/** A tiny, hand-written book: three accounts with usage and surveys. */
export function tinyTables(prefix = 'T'): Record<string, string> {
  const ids = [1, 2, 3].map((i) => `${prefix}-${i}`);
  const accounts = ['account_id,account_name,arr,plan,seats,region', ...ids.map((id, i) => `${id},${prefix} Company ${i + 1},${(i + 1) * 10000},pro,${5 + i},EMEA`)].join('\n');
  const usage = ['account_id,user_id,event_date,feature,event_count'];
  for (const [i, id] of ids.entries()) {
    for (let d = 1; d <= 28; d += i + 1) {
      usage.push(`${id},u${i}@${prefix.toLowerCase()}.test,2026-10-${String(d).padStart(2, '0')},reports,${3 + i}`);
    }
  }
  const surveys = ['account_id,response_date,survey_type,score', ...ids.map((id, i) => `${id},2026-10-15,nps,${[10, 6, 2][i]}`)].join('\n');
  return { 'accounts.csv': `${accounts}\n`, 'usage.csv': `${usage.join('\n')}\n`, 'surveys.csv': `${surveys}\n` };
}

export async function openHost(page: Page): Promise<void> {
  await page.goto('/tests/e2e/widget-host.html');
  await expect(page.locator('html[data-ready=true]')).toBeAttached();
}

/** Creates a panel in `slot`, wires event recorders on it and returns nothing (ids address it). */
export async function addPanel(page: Page, id: string, slot = 'slot-a', attrs: Record<string, string> = {}): Promise<void> {
  await page.evaluate(({ id, slot, attrs }) => {
    const el = document.createElement('customer-health-panel');
    el.id = id;
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    const w = window as unknown as { events: Record<string, Array<{ type: string; detail: unknown }>> };
    w.events = w.events || {};
    w.events[id] = [];
    for (const type of ['scored', 'account-selected', 'error', 'panel-resize']) {
      el.addEventListener(type, (e) => w.events[id].push({ type, detail: (e as CustomEvent).detail }));
    }
    document.getElementById(slot)!.append(el);
  }, { id, slot, attrs });
}

export async function setTables(page: Page, id: string, tables: Record<string, string>): Promise<void> {
  await page.evaluate(({ id, tables }) => {
    (document.getElementById(id) as unknown as { tables: unknown }).tables = tables;
  }, { id, tables });
}

export interface RecordedEvent { type: string; detail: Record<string, unknown> }

export async function events(page: Page, id: string, type?: string): Promise<RecordedEvent[]> {
  return page.evaluate(({ id, type }) => {
    const w = window as unknown as { events: Record<string, Array<{ type: string; detail: unknown }>> };
    return JSON.parse(JSON.stringify((w.events[id] || []).filter((e) => !type || e.type === type)));
  }, { id, type });
}

export async function waitForEvent(page: Page, id: string, type: string, count = 1): Promise<RecordedEvent[]> {
  await expect.poll(async () => (await events(page, id, type)).length, { message: `${count} '${type}' event(s) on #${id}` }).toBeGreaterThanOrEqual(count);
  return events(page, id, type);
}

/** Tracks the page's workers: every one started, and which have closed. */
export function trackWorkers(page: Page): { started: Worker[]; closed: Set<Worker>; live: () => number } {
  const started: Worker[] = [];
  const closed = new Set<Worker>();
  page.on('worker', (w) => {
    started.push(w);
    w.on('close', () => closed.add(w));
  });
  return { started, closed, live: () => started.filter((w) => !closed.has(w)).length };
}

/** Reads `export interface X { … }` field names (required / optional) and string-literal unions
 * from a hand-written .d.ts. */
export function parseDeclarations(text: string): {
  interfaces: Map<string, { required: Set<string>; optional: Set<string> }>;
  unions: Map<string, Set<string>>;
} {
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const interfaces = new Map<string, { required: Set<string>; optional: Set<string> }>();
  for (const m of clean.matchAll(/export interface (\w+)(?: extends [^{]+)?\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g)) {
    const required = new Set<string>();
    const optional = new Set<string>();
    // Top-level members only: drop nested { … } bodies first.
    const body = m[2].replace(/\{[^{}]*\}/g, '{}');
    for (const part of body.split(/[;\n]/)) {
      const f = part.match(/^\s*(\w+)(\?)?\s*:/);
      if (f) (f[2] ? optional : required).add(f[1]);
    }
    interfaces.set(m[1], { required, optional });
  }
  const unions = new Map<string, Set<string>>();
  for (const m of clean.matchAll(/export type (\w+) =([^;]*);/g)) {
    const literals = [...m[2].matchAll(/'([^']*)'/g)].map((x) => x[1]);
    if (literals.length && !/[{(]/.test(m[2])) unions.set(m[1], new Set(literals));
  }
  return { interfaces, unions };
}
