// Entry of the widget's Chart.js module (built by scripts/build-npm.sh into widget/chart.js):
// only the pieces a bubble chart needs, as an ES module the widget imports lazily.
import { Chart, BubbleController, PointElement, LinearScale, Tooltip } from 'chart.js';

Chart.register(BubbleController, PointElement, LinearScale, Tooltip);

export { Chart };
