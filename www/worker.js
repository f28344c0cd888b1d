// Module worker for the hosted app: loads the wasm engine next to it and serves the page.
import init, * as engine from './pkg/customer_health.js';
import { startWorker } from './js/worker-core.js';

startWorker(self, async () => {
  await init();
  return engine;
});
