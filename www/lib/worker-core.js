// The engine protocol is the app's (www/js/worker-core.js). The npm build copies that file over
// this one so the package is self-contained; in the source tree this re-export keeps one copy.
export { startWorker } from '../js/worker-core.js';
