// The installer configuration as electron-builder itself reads and validates it (its own loader and
// JSON schema), then what this app needs of it: targets, identity, files, fuses, native modules, icons.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
type Config = Record<string, unknown> & {
  appId?: string;
  files?: Array<string | { filter?: string[] }>;
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  linux?: { target?: unknown; icon?: string };
  deb?: { depends?: string[]; fpm?: string[] };
  win?: { target?: unknown; icon?: string };
  mac?: { target?: unknown; icon?: string; entitlements?: string };
};
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const load = () => getConfig(process.cwd(), 'electron-builder.yml', null);
const targets = (value: unknown) => (Array.isArray(value) ? value.map((t) => (typeof t === 'string' ? t : (t as { target: string }).target)) : []);

describe('electron-builder configuration (npm run dist)', () => {
  it('is valid for electron-builder itself, which refuses a misspelt option', async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, electronFusez: {} }, new DebugLogger(false))).rejects.toThrow(/electronFusez/);
  });

  it('builds Linux AppImage and deb, Windows NSIS and macOS dmg for the app id', async () => {
    const config = await load();
    expect(config.appId).toBe('za.co.prepaidpos.app');
    expect(config.productName).toBe('Prepaid POS');
    expect(targets(config.linux?.target).sort()).toEqual(['AppImage', 'deb']);
    expect(targets(config.win?.target)).toEqual(['nsis']);
    expect(targets(config.mac?.target)).toEqual(['dmg']);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>; main: string };
    expect(pkg.scripts.dist).toMatch(/npm run build && electron-builder --config electron-builder\.yml/);
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });

  it('packs the built app only, in an asar, with the main entry inside it', async () => {
    const config = await load();
    expect(config.asar).toBe(true);
    // electron-builder's loader normalises the list into file sets.
    const patterns = (config.files ?? []).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])));
    expect(patterns).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'package.json', '!**/*.map']));
    expect(patterns.some((f) => /^(src|electron|renderer|shared|e2e|dist\/host|dist\/sim)\//.test(f))).toBe(false);
  });

  it('sets every Electron fuse explicitly: no run-as-node, NODE_OPTIONS or inspect; cookies encrypted; asar only and checked', async () => {
    const fuses = (await load()).electronFuses;
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('rebuilds node-hid and serialport for Electron, keeps them outside the asar, and ships what they need on Linux', async () => {
    const config = await load();
    expect(config.npmRebuild).toBe(true);
    expect(config.nativeRebuilder).toBe('sequential');
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/node-hid/**', 'node_modules/@serialport/bindings-cpp/**']));
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    // Production dependencies are what electron-builder copies into the app: both native modules must be there.
    expect(pkg.dependencies['node-hid']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies.serialport).toMatch(/^\d+\.\d+\.\d+$/);
    // The bundles leave them out, so they are loaded from node_modules at run time.
    const external = /external: \[([^\]]*)\]/.exec(readFileSync('scripts/build-node.mjs', 'utf8'))?.[1] ?? '';
    expect(external).toContain("'node-hid'");
    expect(external).toContain("'serialport'");
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['libusb-1.0-0', 'libudev1', 'libnss3', 'libgtk-3-0']));
    for (const mapping of config.deb?.fpm ?? []) {
      const [source, target] = mapping.split('=');
      expect(existsSync(source ?? ''), `${source} exists`).toBe(true);
      expect(target).toMatch(/^\/usr\/lib\/udev\/rules\.d\/70-prepaid-pos-(hid|printer)\.rules$/);
    }
  });

  it('has the icons each platform takes, made from build/icon.svg', async () => {
    const config = await load();
    const magic = (path: string, bytes: number[]) => [...readFileSync(path).subarray(0, bytes.length)];
    const PNG = [0x89, 0x50, 0x4e, 0x47];
    expect(magic(config.win?.icon ?? '', [0, 0, 1, 0])).toEqual([0, 0, 1, 0]);
    expect(readFileSync(config.mac?.icon ?? '').subarray(0, 4).toString('ascii')).toBe('icns');
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(magic(`${config.linux?.icon}/${size}x${size}.png`, PNG)).toEqual(PNG);
    expect(magic('build/icon.png', PNG)).toEqual(PNG);
    // 1024 px wide: the PNG header's width field.
    expect(readFileSync('build/icon.png').readUInt32BE(16)).toBe(1024);
    expect(existsSync(config.mac?.entitlements ?? '')).toBe(true);
  });
});
