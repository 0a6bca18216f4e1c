// npm run bench:history — 100,000 journal rows in a real Chromium IndexedDB (the app's Dexie schema,
// strict durability, a persistent profile on disk), then p50/p95 of each history search kind through
// its index, and the same query answered by reading every row (the full-scan peer) in the same run.
// Prints numbers only; nothing is asserted.
//
// Options: --count N (default 100000), --samples N per kind (default 40), --full-scans N per kind (default 1: at 100,000 rows each takes about a minute here), --seed N.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_MISSING, findChromium } from '../../electron/host/chromium';
import type { KindResult } from './api';

const here = dirname(fileURLToPath(import.meta.url));

function option(name: string, fallback: string): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = Number((at >= 0 ? process.argv[at + 1] : undefined) ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}
const COUNT = option('count', '100000');
const SAMPLES = option('samples', '40');
const FULL_SCANS = option('full-scans', '1');
const SEED = option('seed', '1');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const GOAL_MS = 100;

const log = (line: string) => process.stderr.write(`${line}\n`);

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Serves the bundled page on 127.0.0.1: IndexedDB needs a real origin. */
async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').replace(/^\/+/, '').split('?')[0] ?? '';
    if (!/^[a-z.]+$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(dir, name))
      .then((body) => res.writeHead(200, { 'content-type': types[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(body))
      .catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

async function main(): Promise<void> {
  const loadStart = loadavg()[0] ?? Number.NaN;
  const wallStart = performance.now();
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  const work = await mkdtemp(join(tmpdir(), 'pos-bench-history-'));
  const pageDir = join(work, 'page');
  await mkdir(pageDir, { recursive: true });
  await build({
    entryPoints: [join(here, 'page.ts')],
    outfile: join(pageDir, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  await copyFile(join(here, 'index.html'), join(pageDir, 'index.html'));
  const { server, origin } = await serve(pageDir);
  // A persistent profile on disk: an incognito context would keep IndexedDB in memory.
  const context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.historyBench !== undefined);
    log(`writing ${COUNT} journal rows…`);
    const fill = await page.evaluate(([count, seed]) => window.historyBench!.fill(count, seed), [COUNT, SEED] as const);
    log(`  ${fill.rows} rows in ${(fill.ms / 1000).toFixed(1)} s`);
    log(`searching: ${SAMPLES} searches per kind, ${FULL_SCANS} full scans per kind…`);
    const results = await page.evaluate(([samples, fullScans]) => window.historyBench!.run(samples, fullScans), [SAMPLES, FULL_SCANS] as const);
    report(results, {
      rows: fill.rows,
      fillMs: fill.ms,
      megabytes: fill.jsonBytes / 1e6,
      chromium: context.browser()?.version() ?? 'unknown',
      loadStart,
      wallStart,
    });
  } finally {
    await context.close().catch(() => undefined);
    server.close();
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

function report(results: KindResult[], env: { rows: number; fillMs: number; megabytes: number; chromium: string; loadStart: number; wallStart: number }): void {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(`bench:history — ${new Date().toISOString()}`);
  line(`Chromium ${env.chromium} (headless, persistent profile on disk), Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'})`);
  line(`${env.rows.toLocaleString('en')} journal rows (about ${fmt(env.megabytes, 0)} MB as JSON; 65 % electricity, 35 % airtime), written in ${fmt(env.fillMs / 1000)} s, app schema (Dexie version 5), strict durability`);
  line(`load average (1 min) at start ${fmt(env.loadStart, 2)}, at end ${fmt(loadavg()[0] ?? Number.NaN, 2)} — other work on this machine makes the numbers noisier`);
  line(`page = ${50} sales; ${SAMPLES} searches per kind with different values; full-scan peer: the same query by reading every row, ${FULL_SCANS} per kind`);
  line();
  const head = `${'search kind'.padEnd(34)}${'index'.padEnd(11)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'rows read'.padStart(11)}${'found'.padStart(7)}${'full scan p50 ms'.padStart(18)}${'ratio'.padStart(8)}  same page`;
  line(head);
  for (const r of results) {
    const p50 = percentile(r.indexedMs, 50);
    const full = percentile(r.fullScanMs, 50);
    line(
      `${r.name.padEnd(34)}${r.plan.padEnd(11)}${fmt(p50).padStart(8)}${fmt(percentile(r.indexedMs, 95)).padStart(8)}${fmt(r.meanScanned, 0).padStart(11)}` +
        `${fmt(r.meanFound, 1).padStart(7)}${fmt(full, 0).padStart(18)}${`${fmt(full / p50, 0)}×`.padStart(8)}  ${r.agreed ? 'yes' : 'NO'}`,
    );
  }
  const over = results.filter((r) => percentile(r.indexedMs, 95) >= GOAL_MS).map((r) => r.name);
  line();
  line(`goal: every kind under ${GOAL_MS} ms (not asserted) — ${over.length === 0 ? 'met at p95 by every kind' : `p95 at or over it: ${over.join(', ')}`}`);
  line('rows read = index entries examined per search (mean): never the journal; ratio = full scan p50 / indexed p50');
  line(`whole bench ${fmt((performance.now() - env.wallStart) / 1000, 0)} s`);
  console.log(out.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
