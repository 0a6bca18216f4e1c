// `npm run start:browser -- --port N --data-dir DIR --upstream URL --printer URI [--no-open]`
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, defaultDataDir } from '../services/config';
import { startPosServices } from '../services/pos-services';
import { findChromium } from './chromium';
import { startBrowserHost } from './browser-host';

const USAGE = `Usage: npm run start:browser -- [--port N] [--data-dir DIR] [--upstream URL] [--printer URI] [--no-open]
  --port N        port on 127.0.0.1 (default: the one this data directory used last, else a free one)
  --data-dir DIR  where settings, slips, logs and backups live (default: ${defaultDataDir()})
  --upstream URL  Prepaid Utility v3 base URL (default: the embedded training simulator)
  --printer URI   file:///path, tcp://host:9100, … (default: a file printer in the data directory)
  --no-open       do not open Chromium`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        upstream: { type: 'string' },
        printer: { type: 'string' },
        'no-open': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = resolve(args['data-dir'] ?? defaultDataDir());
  await mkdir(dataDir, { recursive: true });

  let port: number;
  if (args.port !== undefined) {
    if (!/^\d{1,5}$/.test(args.port) || Number(args.port) > 65535) {
      console.error(`--port must be a number from 0 to 65535, not "${args.port}"`);
      process.exit(2);
    }
    port = Number(args.port);
  } else {
    port = await rememberedPort(dataDir);
  }

  const here = dirname(fileURLToPath(import.meta.url));
  const rendererDir = join(here, '..', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(`The renderer is not built (${rendererDir}); run: npm run build`);
    process.exit(1);
  }
  const version = await readVersion(join(here, '..', '..', 'package.json'));

  const services = await startPosServices({
    host: 'browser',
    dataDir,
    version,
    ...(args.upstream ? { upstreamUrl: args.upstream } : {}),
    ...(args.printer ? { printerUri: args.printer } : {}),
    ...(process.env.POS_UPSTREAM_PASSWORD ? { upstreamPassword: process.env.POS_UPSTREAM_PASSWORD } : {}),
    log: (line) => console.error(line),
  });
  const host = await startBrowserHost({
    port,
    rendererDir,
    handlers: services.handlers,
    events: services.events,
    log: (line) => console.error(line),
  });
  // The page's storage (journal, outbox) belongs to its origin, port included: keep the port.
  await writeFile(join(dataDir, 'host.json'), JSON.stringify({ port: host.port }) + '\n');

  console.log(`Mode: ${services.info.mode}${services.simulator ? ` (training upstream ${services.simulator.baseUrl})` : ''}`);
  console.log(`Data directory: ${dataDir}`);
  console.log(`Printer: ${services.info.printer}`);
  console.log('Open this URL in Chromium (it carries this launch\'s secret):');
  console.log(host.url);

  if (!args['no-open'] && !process.env.CI) {
    const chromium = findChromium();
    if (chromium) {
      const child = spawn(chromium, [`--app=${host.url}`, `--user-data-dir=${join(dataDir, 'chromium-profile')}`,
        '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'], {
        stdio: 'ignore',
        detached: true,
      });
      child.on('error', (err) => console.error(`Could not open Chromium: ${err.message}`));
      child.unref();
    } else {
      console.log('No Chromium found; open the URL above in a Chromium-based browser.');
    }
  }

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

async function rememberedPort(dataDir: string): Promise<number> {
  try {
    const saved: unknown = JSON.parse(await readFile(join(dataDir, 'host.json'), 'utf8'));
    const port = typeof saved === 'object' && saved !== null && 'port' in saved ? saved.port : undefined;
    if (typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 && (await isFree(port))) return port;
    if (typeof port === 'number') {
      console.error(`Port ${port} (used last time) is taken; the page opens on a new origin and will not see earlier local data until it is free again.`);
    }
  } catch {
    // First launch with this data directory.
  }
  return 0;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

async function readVersion(packageJson: string): Promise<string> {
  try {
    const pkg: unknown = JSON.parse(await readFile(packageJson, 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
