// Fails when a file imports across process lines: shared/ is pure (no node:*, no DOM libraries, no
// electron), renderer/ has no Node, and only electron/main.ts and electron/preload.ts import electron.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const ELECTRON_EDGES = new Set(['electron/main.ts', 'electron/preload.ts']);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.(ts|tsx|mts)$/.test(entry.name)) yield path;
  }
}

const problems = [];
for (const top of ['shared', 'renderer', 'electron']) {
  for (const file of files(top)) {
    const rel = relative('.', file).split('\\').join('/');
    const isTest = /\.test\.tsx?$/.test(rel);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (!spec) continue;
      const bad = (why) => problems.push(`${rel}: imports '${spec}' — ${why}`);
      if (spec === 'electron' && !ELECTRON_EDGES.has(rel)) bad('only electron/main.ts and electron/preload.ts may import electron');
      if (isTest) continue; // tests run in Node and may use its modules to drive the code under test
      if (top === 'shared' && NODE_BUILTINS.has(spec)) bad('shared/ must be pure (no Node modules)');
      if (top === 'shared' && /^(react|react-dom|dexie|zustand)(\/|$)/.test(spec)) bad('shared/ must not depend on UI or browser storage');
      if (top === 'shared' && /(^|\/)(renderer|electron)\//.test(spec)) bad('shared/ must not import a process folder');
      if (top === 'renderer' && NODE_BUILTINS.has(spec)) bad('renderer/ runs in the page: no Node modules');
      if (top === 'renderer' && /(^|\/)electron\//.test(spec)) bad('renderer/ reaches main-side code only through the bridge');
      if (top === 'electron' && /(^|\/)renderer\//.test(spec)) bad('main-side code must not import the renderer');
    }
  }
}
if (problems.length) {
  console.error(`Process-boundary check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('Process-boundary check passed.');
