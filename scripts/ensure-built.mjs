// Builds when dist/ is missing or older than the sources, so `npm run sim` and `npm run start:browser`
// work on a fresh clone without a separate build step.
import { execSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const outputs = ['dist/host/cli.mjs', 'dist/sim/cli.mjs', 'dist/renderer/index.html'];
let oldestOutput = Infinity;
try {
  for (const out of outputs) oldestOutput = Math.min(oldestOutput, statSync(out).mtimeMs);
} catch {
  oldestOutput = 0;
}
const sources = Math.max(...['shared', 'electron', 'renderer'].map(newest));
if (sources > oldestOutput) {
  console.error('Building…');
  execSync('npm run build', { stdio: ['ignore', 'inherit', 'inherit'] });
}
