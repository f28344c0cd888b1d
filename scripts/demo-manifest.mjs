// Writes DIR/manifest.json listing the demo files found in DIR (used when the demo set has no
// manifest of its own). Usage: node scripts/demo-manifest.mjs DIR "Title"
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, title = 'Demo data'] = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => /\.(csv|tsv|json)$/i.test(f) && f !== 'manifest.json')
  .sort()
  .map((name) => ({ name, bytes: statSync(join(dir, name)).size }));
writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ title, files }, null, 2) + '\n');
console.log(`manifest: ${files.length} files`);
