// Playwright config of the embedding tests (tests/e2e/widget*.spec.ts): Debian's Chromium,
// headless, against the npm package built by scripts/build-npm.sh and the example hosts, served
// from the repository root on loopback with the documented CSP as a response header.
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, portFromEnv } from './browser-env.mjs';

const PORT = await portFromEnv('WIDGET_E2E_PORT');

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
    launchOptions: chromiumLaunchOptions,
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
