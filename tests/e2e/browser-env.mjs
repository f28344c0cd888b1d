// What every Playwright run here shares: Debian's Chromium with the flags this closed-network
// machine needs, and a free loopback port chosen once per run.
import net from 'node:net';

/** Launch options for Debian's headless Chromium (no background networking, fresh profile). */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

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

/**
 * The port in environment variable `name`, choosing a free loopback port when it is unset.
 * The choice is written back to the environment, so the runner's workers and its web server
 * inherit it and parallel runs on one machine never collide.
 */
export async function portFromEnv(name) {
  if (!process.env[name]) process.env[name] = String(await freePort());
  return Number(process.env[name]);
}
