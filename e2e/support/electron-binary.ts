// The Electron binary, when the electron package has downloaded it (never here; see README).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function installedElectron(root = process.cwd()): string | undefined {
  const dir = join(root, 'node_modules', 'electron');
  try {
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}
