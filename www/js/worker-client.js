// The page's side of the worker protocol: request/response with ids, progress callbacks,
// and recovery. If the worker dies (a crash in the engine, out of memory…), pending requests
// fail with a readable error, a fresh worker is started and `onRestart` lets the app reload
// its files into it.

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

export class EngineClient {
  constructor({ onRestart, onCrash } = {}) {
    this.nextId = 1;
    this.pending = new Map();
    this.onRestart = onRestart;
    this.onCrash = onCrash;
    this.restarts = 0;
    this.start();
  }

  start() {
    this.worker = createWorker();
    this.worker.addEventListener('message', (e) => this.receive(e.data));
    this.worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.crash(e.message || 'the engine worker failed to start');
    });
    this.worker.addEventListener('messageerror', () => this.crash('a message from the engine could not be read'));
  }

  receive(msg) {
    if (!msg) return;
    if (msg.type === 'progress') {
      this.pending.get(msg.id)?.onProgress?.(msg);
      return;
    }
    if (msg.type === 'fatal') {
      this.crash(msg.error);
      return;
    }
    const entry = this.pending.get(msg.id);
    if (!entry) return;
    this.pending.delete(msg.id);
    if (msg.ok) entry.resolve(msg);
    else {
      const err = new Error(msg.error || 'engine error');
      err.cancelled = Boolean(msg.cancelled);
      entry.reject(err);
    }
  }

  crash(reason) {
    const message = `The engine stopped unexpectedly (${reason}). It has been restarted.`;
    for (const entry of this.pending.values()) {
      const err = new Error(message);
      err.crashed = true;
      entry.reject(err);
    }
    this.pending.clear();
    try { this.worker.terminate(); } catch { /* already gone */ }
    this.restarts += 1;
    this.onCrash?.(reason);
    if (this.restarts > 5) return; // give up looping; the page shows the error
    this.start();
    this.onRestart?.();
  }

  request(type, payload = {}, onProgress) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, type, ...payload });
    });
  }

  terminate() {
    this.worker.terminate();
    this.pending.clear();
  }
}
