// Runs the native engine on the same files, for comparing what the page shows with it:
// the CLI (`customer-health score … --out FILE`) when it works, else the score_json example
// (same engine, default model).
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fixtures.mjs';

export function nativeResults(dir) {
  const files = readdirSync(dir).filter((f) => /^ravenstack_.*\.csv$/.test(f)).sort().map((f) => join(dir, f));
  const outDir = join(ROOT, 'test-results');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'native-ravenstack.json');
  if (process.env.NATIVE_RESULTS) return JSON.parse(readFileSync(process.env.NATIVE_RESULTS, 'utf8'));
  const run = (args) => execFileSync('cargo', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000, maxBuffer: 512 * 1024 * 1024 });
  try {
    run(['run', '--quiet', '--bin', 'customer-health', '--', 'score', ...files, '--out', out]);
    const parsed = JSON.parse(readFileSync(out, 'utf8'));
    if (parsed && Array.isArray(parsed.accounts)) return parsed;
  } catch {
    // CLI missing or different: use the example below.
  }
  const text = run(['run', '--quiet', '--example', 'score_json', '--', ...files]).toString('utf8');
  writeFileSync(out, text);
  return JSON.parse(text);
}

/** The CLI's CSV for the same files (`--out results.csv`). */
export function nativeCsv(dir) {
  const files = readdirSync(dir).filter((f) => /^ravenstack_.*\.csv$/.test(f)).sort().map((f) => join(dir, f));
  const out = join(ROOT, 'test-results', 'native-ravenstack.csv');
  execFileSync('cargo', ['run', '--quiet', '--bin', 'customer-health', '--', 'score', ...files, '--out', out], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000,
  });
  return readFileSync(out, 'utf8');
}
