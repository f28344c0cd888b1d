// The page is on http://127.0.0.1:PORT; the engine's files are served from http://localhost:PORT,
// another origin (as from a portal's static-asset host). The CSP arrives as a response header.
import '../../dist/npm/customer-health/widget/customer-health-panel.js';

window.assetBase = `${location.protocol}//localhost:${location.port}/dist/npm/customer-health/`;
document.documentElement.dataset.ready = 'true';
