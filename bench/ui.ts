// npm run bench:ui — the app's own speed as a cashier meets it, through the real browser host
// (dist/host/cli.mjs, started as a user starts it) and Debian's Chromium, with the slip going to a
// real TCP printer listener:
//
// - cold start: from launching the host to the meter field focused on the first screen, with its
//   parts (host up and its URL printed; Chromium started; page loaded to meter field focused);
// - the app's own time per sale over N sales (default 100): from the Purchase press to the tokens
//   on screen, minus the time the upstream took for that purchase (the host's upstream client logs
//   each answer with its duration; the simulator's log confirms one purchase per sale).
//
// Options: --sales N (default 100), --json (print the result as JSON only). Prints numbers only.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_MISSING, findChromium } from '../electron/host/chromium';
import { startTestTcpPrinter } from '../electron/printer/testing/tcp-printer';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const METER = '04100000100'; // a training meter that takes any amount

export interface UiBenchResult {
  coldStartMs: { total: number; host: number; chromium: number; page: number };
  sales: number;
  /** Purchase press → tokens on screen, whole. */
  saleMs: { p50: number; p95: number };
  /** The same minus the upstream's time for that purchase. */
  ownMs: { p50: number; p95: number; max: number };
  upstreamMs: { p50: number; p95: number };
  /** Bridge calls the page made between the Purchase press and the tokens on screen (per sale, median). */
  bridgeCalls: Record<string, number>;
  /** Where the own time goes (see runUiBench). */
  partsMs: Record<string, { p50: number; p95: number }>;
  slipsPrinted: number;
  purchasesAtUpstream: number;
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return (at >= 0 ? process.argv[at + 1] : undefined) ?? fallback;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

interface UpstreamEntry {
  operation?: string;
  event?: string;
  durationMs?: number;
}

/** Counts fetches to /api/call/<method> made by the page, and measures one sale from the Purchase press. */
const PAGE_PROBE = `
  (() => {
    const calls = [];
    const original = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = typeof input === 'string' ? input : input.url;
      const m = /\\/api\\/call\\/([^?]+)/.exec(url);
      if (!m) return original(input, init);
      const call = { method: decodeURIComponent(m[1]), at: performance.now(), end: NaN };
      calls.push(call);
      return original(input, init).then(async (response) => {
        // The bridge reads the whole body: time to the body, not to the headers.
        await response.clone().arrayBuffer();
        call.end = performance.now();
        return response;
      });
    };
    window.__uiBench = {
      calls,
      purchase() {
        return new Promise((resolve, reject) => {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Purchase');
          if (!button) return reject(new Error('no Purchase button'));
          const from = calls.length;
          const started = performance.now();
          const done = () => {
            if (!document.querySelector('[data-testid="token"]')) return false;
            observer.disconnect();
            clearTimeout(timer);
            const ended = performance.now();
            resolve({ ms: ended - started, calls: calls.slice(from).map((c) => ({ method: c.method, at: c.at - started, end: c.end - started })), tokensAt: ended - started });
            return true;
          };
          const observer = new MutationObserver(done);
          observer.observe(document.body, { childList: true, subtree: true });
          const timer = setTimeout(() => { observer.disconnect(); reject(new Error('no tokens within 30 s')); }, 30000);
          button.click();
        });
      },
    };
  })();
`;

interface Call {
  method: string;
  /** ms after the Purchase press: fetch started, whole answer read. */
  at: number;
  end: number;
}

interface SaleMeasure {
  ms: number;
  calls: Call[];
}

async function sellOne(page: Page): Promise<SaleMeasure> {
  await page.getByRole('textbox', { name: 'Meter number' }).fill(METER);
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('button', { name: 'Confirm customer' }).click();
  await page.getByRole('textbox', { name: 'Amount' }).fill('20.00');
  await page.getByRole('textbox', { name: 'Cash tendered' }).fill('20');
  const measured = await page.evaluate(() => (window as unknown as { __uiBench: { purchase(): Promise<SaleMeasure> } }).__uiBench.purchase());
  await page.getByText('Slip printed.').waitFor();
  await page.getByRole('button', { name: 'New sale' }).click();
  await page.getByRole('textbox', { name: 'Meter number' }).waitFor();
  return measured;
}

export async function runUiBench(options: { sales: number; root: string; log?: (line: string) => void }): Promise<UiBenchResult> {
  const log = options.log ?? (() => undefined);
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  const work = await mkdtemp(join(tmpdir(), 'pos-bench-ui-'));
  const printer = await startTestTcpPrinter({ state: 'ready' });
  const upstream: UpstreamEntry[] = [];

  // Cold start: the host as a user launches it, then Chromium, then the page until the meter field has focus.
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(options.root, 'dist/host/cli.mjs'), '--no-open', '--sim-control', '--data-dir', join(work, 'data'), '--printer', printer.uri], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1' },
  });
  const stderr = createInterface({ input: child.stderr });
  stderr.on('line', (line) => {
    if (!line.startsWith('upstream ')) return;
    try {
      const entry = JSON.parse(line.slice('upstream '.length)) as UpstreamEntry;
      if (entry.event === 'response') upstream.push(entry);
    } catch {
      // not an upstream entry
    }
  });
  let simulatorBaseUrl = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the host did not print its URL within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the host exited with ${String(code)}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const sim = /training upstream (\S+)\)/.exec(line);
      if (sim?.[1]) simulatorBaseUrl = sim[1];
      if (/^http:\/\/127\.0\.0\.1:\d+\/#token=/.test(line)) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
  });
  const tHost = performance.now();
  const context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath, headless: true, args: CHROMIUM_ARGS });
  const tChromium = performance.now();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(PAGE_PROBE);
    await page.goto(url, { waitUntil: 'commit' });
    // The first usable screen: the meter number field has the keyboard.
    await page.waitForFunction(() => document.activeElement?.id === 'meter', undefined, { polling: 'raf', timeout: 30_000 });
    const tFocused = performance.now();
    log(`cold start: ${(tFocused - t0).toFixed(0)} ms`);

    // Warm-up sale (not counted), then the measured ones.
    await sellOne(page);
    const warmUpstream = upstream.filter((e) => e.operation === 'createTokenPurchaseRequest').length;
    const sales: SaleMeasure[] = [];
    for (let i = 0; i < options.sales; i += 1) {
      sales.push(await sellOne(page));
      if ((i + 1) % 20 === 0) log(`  ${i + 1} sales`);
    }
    const purchaseTimes = upstream.filter((e) => e.operation === 'createTokenPurchaseRequest').slice(warmUpstream).map((e) => e.durationMs ?? Number.NaN);
    if (purchaseTimes.length !== sales.length) throw new Error(`${purchaseTimes.length} upstream purchase answers logged for ${sales.length} sales`);
    const own = sales.map((sale, i) => sale.ms - (purchaseTimes[i] ?? Number.NaN));
    const simLog = (await (await fetch(`${new URL(simulatorBaseUrl).origin}/_sim/requests`)).json()) as Array<{ operation: string }>;
    const callCounts = new Map<string, number[]>();
    for (const sale of sales) {
      const perSale = new Map<string, number>();
      for (const call of sale.calls) perSale.set(call.method, (perSale.get(call.method) ?? 0) + 1);
      for (const [method, n] of perSale) callCounts.set(method, [...(callCounts.get(method) ?? []), n]);
    }
    // Where the time goes, per sale: press → printer check sent; the printer check's round trip;
    // its answer → purchase sent (the sale's lock and the journal entry before sending); the
    // purchase's round trip less the upstream (bridge and main side); its answer → tokens on
    // screen (the journal's record of the answer, then React).
    const parts: Record<string, number[]> = { 'press → printer check sent': [], 'printer check round trip': [], 'lock + journal entry': [], 'purchase round trip less upstream': [], 'journal answer + render': [] };
    for (const [i, sale] of sales.entries()) {
      const status = sale.calls.find((c) => c.method === 'printer:status');
      const bought = sale.calls.find((c) => c.method === 'upstream:purchase');
      if (!status || !bought) continue;
      parts['press → printer check sent']?.push(status.at);
      parts['printer check round trip']?.push(status.end - status.at);
      parts['lock + journal entry']?.push(bought.at - status.end);
      parts['purchase round trip less upstream']?.push(bought.end - bought.at - (purchaseTimes[i] ?? 0));
      parts['journal answer + render']?.push(sale.ms - bought.end);
    }
    return {
      coldStartMs: { total: tFocused - t0, host: tHost - t0, chromium: tChromium - tHost, page: tFocused - tChromium },
      sales: sales.length,
      saleMs: { p50: percentile(sales.map((s) => s.ms), 50), p95: percentile(sales.map((s) => s.ms), 95) },
      ownMs: { p50: percentile(own, 50), p95: percentile(own, 95), max: Math.max(...own) },
      upstreamMs: { p50: percentile(purchaseTimes, 50), p95: percentile(purchaseTimes, 95) },
      bridgeCalls: Object.fromEntries([...callCounts].map(([method, counts]) => [method, percentile(counts, 50)])),
      partsMs: Object.fromEntries(Object.entries(parts).map(([name, values]) => [name, { p50: percentile(values, 50), p95: percentile(values, 95) }])),
      slipsPrinted: printer.jobs.filter((job) => job.length > 0).length,
      purchasesAtUpstream: simLog.filter((e) => e.operation === 'createTokenPurchaseRequest').length,
    };
  } finally {
    await context.close().catch(() => undefined);
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    await printer.close();
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(import.meta.dirname, '..');
  const sales = Number(option('sales', '100'));
  runUiBench({ sales, root, log: (line) => process.stderr.write(`${line}\n`) })
    .then((r) => {
      if (process.argv.includes('--json')) return console.log(JSON.stringify(r));
      const f = (n: number) => n.toFixed(1);
      console.log(`bench:ui — ${new Date().toISOString()}`);
      console.log(`cold start (host launch → meter field focused): ${f(r.coldStartMs.total)} ms  [host up ${f(r.coldStartMs.host)}, Chromium ${f(r.coldStartMs.chromium)}, page ${f(r.coldStartMs.page)}]  goal ≤ 1000`);
      console.log(`${r.sales} sales, Purchase → tokens on screen: p50 ${f(r.saleMs.p50)} ms, p95 ${f(r.saleMs.p95)} ms; upstream p50 ${f(r.upstreamMs.p50)} ms, p95 ${f(r.upstreamMs.p95)} ms`);
      console.log(`own time (minus the upstream): p50 ${f(r.ownMs.p50)} ms, p95 ${f(r.ownMs.p95)} ms, max ${f(r.ownMs.max)} ms  goal p95 ≤ 50`);
      console.log(`bridge calls per sale (median): ${Object.entries(r.bridgeCalls).map(([m, n]) => `${m} ${n}`).join(', ')}`);
      console.log('where the time goes (p50 / p95 ms):');
      for (const [name, v] of Object.entries(r.partsMs)) console.log(`  ${name.padEnd(36)}${f(v.p50).padStart(8)}${f(v.p95).padStart(8)}`);
      console.log(`checks: ${r.purchasesAtUpstream} purchases at the simulator (incl. 1 warm-up), ${r.slipsPrinted} slips at the TCP printer`);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    });
}
