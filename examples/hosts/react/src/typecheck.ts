// Compiled with `tsc --strict --noEmit` by scripts/build-npm.sh: proves the package's hand-written
// types resolve through its "exports" and describe the engine's results without `any`.
import { init, score, createEngine, type Results, type AccountResult, type Quadrant, type Model, type FileReport, type Tables } from 'customer-health';
import type { ScoredDetail, PanelErrorDetail, CustomerHealthPanel } from 'customer-health/widget';
import type { Summary } from 'customer-health/types';
import initRaw, { HealthEngine } from 'customer-health/raw';

export async function example(files: File[]): Promise<string[]> {
  const info = await init({ baseUrl: '/static/customer-health/' });
  const model: Model = info.defaultModel;
  model.bands[0].color = '#000000';
  const tables: Tables = { 'accounts.csv': 'account_id,name\nA1,Acme\n', 'usage.csv': files[0] };
  const results: Results = await score(tables, model, { onProgress: (p) => console.log(p.phase, p.done / p.total) });
  const quadrants: Array<Quadrant | null> = results.accounts.map((a: AccountResult) => a.quadrant);
  const worst = results.accounts.filter((a) => (a.health_score ?? 100) < 40).map((a) => a.priority?.play ?? '');
  const lines = results.files.flatMap((f: FileReport) => f.issues.map((i) => `${f.name}:${i.line} ${i.reason}`));
  const summary: Summary = results.summary;
  const engine = createEngine({ worker: false });
  const again = await engine.rescore(null);
  engine.destroy();
  return [...worst, ...lines, String(quadrants.length), summary.as_of, String(again.summary.accounts)];
}

export function wire(panel: CustomerHealthPanel): void {
  panel.view = 'quadrant';
  panel.tables = [new Blob(['account_id\nA1\n'])];
  panel.addEventListener('scored', (e) => {
    const d: ScoredDetail = e.detail;
    console.log(d.summary.mean_score?.toFixed(1), d.accounts.length);
  });
  panel.addEventListener('account-selected', (e) => console.log(e.detail.account.band));
  panel.addEventListener('error', (e) => {
    const d: PanelErrorDetail = e.detail;
    console.log(d.file, d.line);
  });
  const el: CustomerHealthPanel = document.createElement('customer-health-panel');
  el.compact = true;
}

export async function raw(): Promise<number> {
  await initRaw();
  const engine = new HealthEngine();
  const id = engine.begin_file('usage.csv', undefined);
  engine.push(id, new TextEncoder().encode('account_id,date\nA1,2024-01-01\n'));
  engine.end_file(id);
  engine.free();
  return id;
}
