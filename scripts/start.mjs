// `npm start`: the Electron window where the Electron binary is installed, else the browser host.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronBinary;
try {
  // The electron package exports the binary's path, and throws when the binary was never downloaded.
  electronBinary = require('electron');
} catch {
  electronBinary = undefined;
}

const args = process.argv.slice(2);
const child = electronBinary
  ? spawn(electronBinary, ['dist/electron/main.cjs', ...args], { stdio: 'inherit' })
  : (console.log('The Electron binary is not installed here; starting the browser host instead.'),
    spawn(process.execPath, ['dist/host/cli.mjs', ...args], { stdio: 'inherit' }));
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
