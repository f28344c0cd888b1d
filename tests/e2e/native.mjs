// Runs the native CLI on the same files, for comparing what the page shows with it.
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures.mjs';

export function nativeResults(dir) {
  const files = readdirSync(dir).filter((f) => /^ravenstack_.*\.csv$/.test(f)).sort().map((f) => join(dir, f));
  const outDir = join(ROOT, 'test-results');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'native-ravenstack.json');
  execFileSync('cargo', ['run', '--quiet', '--bin', 'customer-health', '--', 'score', ...files, '--out', out], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000,
  });
  return JSON.parse(readFileSync(out, 'utf8'));
}
