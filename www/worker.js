// Module worker for the hosted app: loads the wasm engine next to it and serves the page
// (and the workbook module in workbook/, on the first workbook; the analysis module in
// pkg-analysis/, on the first analysis).
import init, * as engine from './pkg/customer_health.js';
import { startWorker } from './js/worker-core.js';

startWorker(self, async () => {
  await init();
  // Tier the engine's hot code up before the user's first file (docs/performance.md): runs
  // right after the hello reply, ~20–30 ms.
  if (engine.warm_up) setTimeout(() => engine.warm_up(30000), 0);
  return engine;
}, async () => {
  // The workbook reader is a second module, fetched only when a workbook is added.
  const workbook = await import('./workbook/customer_health_workbook.js');
  await workbook.default();
  return workbook;
}, async () => {
  // The analyses (calibrate, learn, candidate measures, custom backtest) are in a second build
  // of the engine, fetched only when one is first asked for.
  const analysis = await import('./pkg-analysis/customer_health_analysis.js');
  await analysis.default();
  return analysis;
});
