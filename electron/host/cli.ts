// `npm run start:browser -- --port N --data-dir DIR --upstream URL --printer URI [--no-open]`
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lineLogger, startLog } from '../log/logger';
import { ConfigError, defaultDataDir, loadConfig } from '../services/config';
import { startPosServices } from '../services/pos-services';
import { findChromium } from './chromium';
import { chromiumArguments, chromiumEnvironment, publishLaunchUrl, takeServicePasswords } from './launch';
import { startBrowserHost, type RunningBrowserHost } from './browser-host';
import { hostStateFile, PORT_TAKEN_EXIT_CODE, portTakenMessage, readRememberedPort, rememberPort, waitForPort } from './port';

const DEFAULT_PORT_WAIT_S = 10;

/** --kiosk: the kiosk Chromium closed or crashed; the unit restarts host and browser together. */
const CHROMIUM_CLOSED_EXIT_CODE = 4;

const USAGE = `Usage: npm run start:browser -- [--port N] [--data-dir DIR] [--upstream URL] [--printer URI] [--wait-for-port S] [--no-open] [--kiosk]
  --port N        port on 127.0.0.1 (default: the one this data directory used last, else a free one)
  --wait-for-port S  how long to wait for the remembered port to be free before refusing to start (default: ${DEFAULT_PORT_WAIT_S})
  --renderer-dir DIR the built renderer to serve (default: the one next to this program)
  --data-dir DIR  where settings, slips, logs and backups live (default: ${defaultDataDir()})
  --upstream URL  Prepaid Utility v3 base URL (default: the embedded training simulator)
  --airtime-upstream URL  Airtime v5 base URL (default: config.json, else the embedded training simulator)
  --printer URI   file:///path, tcp://host:9100, … (default: a file printer in the data directory)
  --no-open       do not open Chromium
  --kiosk         open Chromium full screen (--kiosk) and stop when it closes (exit code ${CHROMIUM_CLOSED_EXIT_CODE}), for a systemd unit that restarts both
  --sim-control   serve the training simulator's /_sim control API (tests and drills; or POS_SIM_CONTROL=1)`;

async function main(): Promise<void> {
  // Out of the environment before anything else runs: no child process may inherit them.
  const servicePasswords = takeServicePasswords(process.env);
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        upstream: { type: 'string' },
        'airtime-upstream': { type: 'string' },
        printer: { type: 'string' },
        'renderer-dir': { type: 'string' },
        'wait-for-port': { type: 'string' },
        'no-open': { type: 'boolean', default: false },
        kiosk: { type: 'boolean', default: false },
        'sim-control': { type: 'boolean', default: false },
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

  const waitArg = args['wait-for-port'] ?? String(DEFAULT_PORT_WAIT_S);
  if (!/^\d{1,4}$/.test(waitArg)) {
    console.error(`--wait-for-port must be a number of seconds, not "${waitArg}"`);
    process.exit(2);
  }
  const waitMs = Number(waitArg) * 1000;

  const remembered = await readRememberedPort(dataDir);
  if (remembered.kind === 'unreadable') {
    console.error(remembered.message);
    process.exit(1);
  }
  let port: number;
  if (args.port !== undefined) {
    if (!/^\d{1,5}$/.test(args.port) || Number(args.port) > 65535) {
      console.error(`--port must be a number from 0 to 65535, not "${args.port}"`);
      process.exit(2);
    }
    port = Number(args.port);
    if (remembered.kind === 'port' && remembered.port !== port) {
      console.error(`Port ${port} was asked for, but this data directory's journal lives at port ${remembered.port}: the page will not see it. ${hostStateFile(dataDir)} keeps port ${remembered.port}.`);
    }
  } else if (remembered.kind === 'port') {
    port = remembered.port;
  } else {
    port = 0;
  }
  if (port !== 0 && !(await waitForPort(port, waitMs))) {
    console.error(portTakenMessage(port, dataDir, waitMs));
    process.exit(PORT_TAKEN_EXIT_CODE);
  }

  const here = dirname(fileURLToPath(import.meta.url));
  const rendererDir = resolve(args['renderer-dir'] ?? join(here, '..', 'renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error(`The renderer is not built (${rendererDir}); run: npm run build`);
    process.exit(1);
  }
  const version = await readVersion(join(here, '..', '..', 'package.json'));
  const config = await loadConfig(dataDir);
  // Every line also goes to stderr, as before, for whoever runs the host in a terminal or a unit.
  const log = await startLog({ dataDir, process: 'host', settings: config.logs, echo: (line) => console.error(line) });
  const logLine = lineLogger(log);
  log.info('browser host starting', { dataDir, version, port });

  const services = await startPosServices({
    host: 'browser',
    dataDir,
    version,
    ...(args.upstream ? { upstreamUrl: args.upstream } : {}),
    ...(args['airtime-upstream'] ? { airtimeUrl: args['airtime-upstream'] } : {}),
    ...(args.printer ? { printerUri: args.printer } : {}),
    servicePasswords,
    ...(args['sim-control'] || process.env.POS_SIM_CONTROL === '1' ? { simControl: true } : {}),
    log: logLine,
  });
  let host: RunningBrowserHost;
  try {
    host = await startBrowserHost({
      port,
      rendererDir,
      handlers: services.handlers,
      events: services.events,
      log: logLine,
    });
  } catch (err) {
    // Taken between the check and the listen: the same refusal, never a fallback port.
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    await services.close();
    log.error('port taken', { port });
    await log.close();
    console.error(portTakenMessage(port, dataDir, 0));
    process.exit(PORT_TAKEN_EXIT_CODE);
  }
  // The page's storage (journal, outbox) belongs to its origin, port included: the first port a data
  // directory gets is its port for good.
  if (remembered.kind === 'none') await rememberPort(dataDir, host.port);

  console.log(`Mode: ${services.info.mode}${services.simulator ? ` (training upstream ${services.simulator.baseUrl})` : ''}`);
  console.log(`Data directory: ${dataDir}`);
  console.log(`Printer: ${services.info.printer}`);
  await publishLaunchUrl(host.url, { isTTY: process.stdout.isTTY === true, dataDir, print: (line) => console.log(line) });
  log.info('browser host ready', { origin: host.origin, mode: services.info.mode });

  let stopping = false;
  const stop = async (exitCode = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    // SIGTERM (systemd, a test) must end the host: whatever still holds it after 5 s is cut off.
    setTimeout(() => process.exit(exitCode), 5_000).unref();
    await host.close();
    await services.close();
    log.info('browser host stopped', { exitCode });
    await log.close();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  if (args.kiosk) {
    // The session's only browser: full screen, owned by this process, and the host ends with it.
    const chromium = findChromium();
    if (!chromium) {
      log.error('No Chromium found for --kiosk; set CHROMIUM_PATH or install chromium.');
      return stop(1);
    }
    const child = spawn(chromium, chromiumArguments(host.launchUrl(), join(dataDir, 'chromium-profile'), ['--kiosk']), {
      stdio: 'ignore',
      env: chromiumEnvironment(process.env),
    });
    child.on('error', (err) => {
      log.error(`Could not open Chromium: ${err.message}`);
      void stop(CHROMIUM_CLOSED_EXIT_CODE);
    });
    if (child.pid !== undefined) log.info('kiosk chromium opened', { pid: child.pid });
    child.on('exit', (code, signal) => {
      log.warn('Chromium closed', { code, signal });
      console.error('Chromium closed; the browser host stops too.');
      void stop(CHROMIUM_CLOSED_EXIT_CODE);
    });
  } else if (!args['no-open'] && !process.env.CI) {
    const chromium = findChromium();
    if (chromium) {
      // Chromium's command line is readable by every local user: it carries a one-time code only.
      const child = spawn(chromium, chromiumArguments(host.launchUrl(), join(dataDir, 'chromium-profile')), {
        stdio: 'ignore',
        detached: true,
        env: chromiumEnvironment(process.env),
      });
      child.on('error', (err) => log.error(`Could not open Chromium: ${err.message}`));
      if (child.pid !== undefined) log.info('chromium opened', { pid: child.pid });
      child.unref();
    } else {
      console.log('No Chromium found; open the URL above in a Chromium-based browser.');
    }
  }
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
