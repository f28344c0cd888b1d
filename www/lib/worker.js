// Module worker of the embeddable engine. Unlike the app's www/worker.js it does not know where
// the wasm lives: the page sends `{ type: 'ch-config', glueUrl, wasmUrl }` first, then speaks the
// app's request protocol (worker-core.js: hello / ingest / score / validate / dispose).
import { startWorker } from './worker-core.js';

let configure;
const config = new Promise((resolve) => { configure = resolve; });
self.addEventListener('message', (event) => {
  const msg = event.data;
  if (msg && msg.type === 'ch-config' && msg.id === undefined) configure(msg);
});

startWorker(self, async () => {
  const { glueUrl, wasmUrl } = await config;
  const glue = await import(glueUrl);
  await glue.default({ module_or_path: wasmUrl });
  return glue;
});
