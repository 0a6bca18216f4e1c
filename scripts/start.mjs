// `npm start`: the Electron window where the Electron binary is installed, else the browser host.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Look for the binary without loading the electron package: loading it starts a download.
function installedElectron() {
  const dir = join('node_modules', 'electron');
  try {
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}
const electronBinary = installedElectron();

const args = process.argv.slice(2);
const child = electronBinary
  ? spawn(electronBinary, ['dist/electron/main.cjs', ...args], { stdio: 'inherit' })
  : (console.log('The Electron binary is not installed here; starting the browser host instead.'),
    spawn(process.execPath, ['dist/host/cli.mjs', ...args], { stdio: 'inherit' }));
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
