// Bundles the main-side entry points with esbuild. The renderer is built by Vite (vite.config.ts).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Native modules and Electron itself are loaded at run time, never bundled.
  external: ['electron', 'serialport', '@serialport/*', 'node-hid', 'usb'],
};
// ESM bundles that contain CommonJS dependencies need a real `require` for Node built-ins.
const esmBanner = { js: "import { createRequire as __posCreateRequire } from 'node:module'; const require = __posCreateRequire(import.meta.url);" };

await Promise.all([
  build({ ...common, format: 'esm', banner: esmBanner, entryPoints: ['electron/host/cli.ts'], outfile: 'dist/host/cli.mjs' }),
  build({ ...common, format: 'esm', banner: esmBanner, entryPoints: ['electron/sim/cli.ts'], outfile: 'dist/sim/cli.mjs' }),
  build({ ...common, format: 'cjs', entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' }),
  // A sandboxed preload may require only 'electron': everything else is bundled into one file.
  build({ ...common, format: 'cjs', entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs' }),
]);
