// Playwright config of the embedding tests (tests/e2e/widget*.spec.ts): Debian's Chromium,
// headless, against the npm package built by scripts/build-npm.sh and the example hosts, served
// from the repository root on loopback with the documented CSP as a response header.
import { defineConfig } from '@playwright/test';
import net from 'node:net';

// A free loopback port, chosen once by the runner and inherited by its workers (and the server)
// through the environment, so parallel runs on one machine never collide.
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
if (!process.env.WIDGET_E2E_PORT) process.env.WIDGET_E2E_PORT = String(await freePort());
const PORT = Number(process.env.WIDGET_E2E_PORT);

export default defineConfig({
  testDir: '.',
  testMatch: /widget.*\.spec\.mts$/,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  reporter: [['line']],
  outputDir: '../../test-results/widget',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'node tests/e2e/widget-server.mjs',
    cwd: '../..',
    env: { WIDGET_E2E_PORT: String(PORT) },
    url: `http://127.0.0.1:${PORT}/tests/e2e/widget-host.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
