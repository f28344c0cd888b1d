// Test host: loads the packaged element exactly as a plain-HTML portal would (unbundled files).
import '../../dist/npm/customer-health/widget/customer-health-panel.js';
import * as api from '../../dist/npm/customer-health/lib/index.js';

window.customerHealth = api;
document.documentElement.dataset.ready = 'true';
// The same Chart.js module instance the widget loads lazily (tests read bubble positions from it).
window.loadChart = () => import('../../dist/npm/customer-health/widget/chart.js');
