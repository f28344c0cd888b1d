// The app's engine: the shared client (www/lib/engine-client.js) over the app's own worker.
// If the worker dies (a crash in the engine, out of memory…), pending requests fail with a
// readable error, a fresh worker starts at once and `onRestart` lets the app reload its files.
import { EngineClient } from '../lib/engine-client.js';

function createWorker() {
  const inline = document.getElementById('worker-source');
  if (inline) {
    // Single-file build: the worker's code and the wasm travel inside the HTML.
    const url = URL.createObjectURL(new Blob([inline.textContent], { type: 'text/javascript' }));
    const worker = new Worker(url);
    const b64 = document.getElementById('wasm-base64').textContent.trim();
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    worker.postMessage({ type: 'wasm-bytes', bytes }, [bytes.buffer]);
    return worker;
  }
  return new Worker(new URL('../worker.js', import.meta.url), { type: 'module' });
}

/** The app's engine client: starts its worker now and restarts it at once after a crash. */
export function appEngine({ onRestart, onCrash } = {}) {
  const client = new EngineClient({
    spawn: createWorker,
    restart: 'now',
    describe: (reason) => `The engine stopped unexpectedly (${reason}). It has been restarted.`,
    onRestart,
    onCrash,
  });
  client.start();
  return client;
}
