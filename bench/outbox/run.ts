// npm run bench:outbox — our durable outbox beside workbox-background-sync's Queue, in the same
// Chromium page, through the same browser host and services, against the simulator: enqueue latency
// and drain throughput for 10 000 queued confirmations at 1, 4 and 16 lanes. Prints numbers only.
//
// Options: --count N (default 10000), --lanes 1,4,16, --warmup N (default 300), --batch N (default 32),
// --journal-enqueues N (default 2000), --json.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { startBrowserHost } from '../../electron/host/browser-host';
import { CHROMIUM_MISSING, findChromium } from '../../electron/host/chromium';
import { startPosServices } from '../../electron/services/pos-services';
import { startSimulator } from '../../electron/sim/server';
import { createUpstreamClient } from '../../electron/upstream/client';
import type { PurchaseRequest } from '../../shared/protocol/schemas';
import { buildConfirmationAdvice, buildPurchaseRequest, cashTender, TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import type { BenchAdvice, EnqueueResult, HttpTally } from './api';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return (at >= 0 ? process.argv[at + 1] : undefined) ?? fallback;
}
const COUNT = Number(option('count', '10000'));
const LANES = option('lanes', '1,4,16').split(',').map(Number);
const WARMUP = Number(option('warmup', '300'));
/** Advices per bridge call for ours (outbox.batchSize); 1 = one call per advice, as before batches. */
const BATCH = Number(option('batch', '32'));
/** Strict enqueues timed through the journal (sale transition + advice in one transaction). */
const JOURNAL_ENQUEUES = Number(option('journal-enqueues', '2000'));
// Small so that a repeat (none is expected here) never dominates; the outbox default is 1 s.
const BASE_DELAY_MS = 10;
const MAX_DELAY_MS = 1_000;
const DRAIN_TIMEOUT_MS = 900_000;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const METER = 'TST001'; // Electrum's plain vend: R100.00, always approved.
const AMOUNT = 10_000;

interface SimLogEntry {
  operation: string;
  status: number;
  body: unknown;
}

interface Verified {
  sent: number;
  distinct: number;
  statuses: string;
  accepted: number;
}

interface Row {
  lanes: number;
  ours: { enqueue: EnqueueResult; ms: number; verified: Verified; attempts: number; delivered: number; http: HttpTally };
  workbox: { enqueue: EnqueueResult; ms: number; verified: Verified; remaining: number; http: HttpTally };
  /** The upstream client alone (Node, no page, no journal) sending the same confirmations: the limit. */
  raw: { ms: number; verified: Verified };
}

/** What the combined bench (bench/all.ts) reads; also printed with --json. */
export interface OutboxBenchResult {
  count: number;
  batch: number;
  rows: Array<{ lanes: number; oursPerS: number; workboxPerS: number; rawPerS: number; oursAccepted: number; workboxAccepted: number; rawAccepted: number }>;
  enqueue: { outboxAdd: { p50: number; p99: number }; journal: { p50: number; p99: number; samples: number }; workbox: { p50: number; p99: number } };
  loadStart: number;
  loadEnd: number;
  chromium: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const loadStart = loadavg()[0] ?? Number.NaN;
  const wallStart = performance.now();
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_MISSING);
  const work = await mkdtemp(join(tmpdir(), 'pos-bench-outbox-'));
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
    // workbox keeps its development logging and asserts behind this; the app's own bundle is production too.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  await copyFile(join(here, 'index.html'), join(pageDir, 'index.html'));

  const simulator = await startSimulator({ port: 0 });
  const simOrigin = simulator.origin;
  const services = await startPosServices({
    host: 'browser',
    dataDir: join(work, 'data'),
    version: 'bench',
    upstreamUrl: simulator.baseUrl,
    printerUri: pathToFileURL(join(work, 'slips.bin')).href,
  });
  const host = await startBrowserHost({ port: 0, rendererDir: pageDir, handlers: services.handlers, events: services.events });
  // A persistent profile on disk: an incognito context would keep IndexedDB in memory.
  const context = await chromium.launchPersistentContext(join(work, 'profile'), { executablePath, headless: true, args: CHROMIUM_ARGS });
  const chromiumVersion = context.browser()?.version() ?? 'unknown';

  const cleanup = async () => {
    await context.close().catch(() => undefined);
    await host.close().catch(() => undefined);
    await services.close().catch(() => undefined);
    await simulator.close().catch(() => undefined);
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  };

  try {
    const page = await context.newPage();
    await page.goto(`${host.origin}/`);
    await page.waitForFunction(() => window.outboxBench !== undefined);
    await page.evaluate((token) => window.outboxBench?.init(token), host.token);

    const simReset = async () => {
      const response = await fetch(`${simOrigin}/_sim/reset`, { method: 'POST' });
      if (response.status !== 204) throw new Error(`/_sim/reset answered ${response.status}`);
    };

    // The simulator answers a confirmation for a purchase it never saw with 404, so it vends
    // `COUNT` purchases first (sent straight to it, untimed); every run then confirms each of them
    // once more with advice ids of its own, which the simulator accepts (202) like any new advice.
    const vendPurchases = async (count: number): Promise<PurchaseRequest[]> => {
      const t0 = performance.now();
      const purchases = Array.from({ length: count }, () =>
        buildPurchaseRequest(TRAINING_TERMINAL, {
          id: randomUUID(),
          time: new Date().toISOString(),
          meterId: METER,
          amount: AMOUNT,
          tenders: [cashTender({ amount: AMOUNT, currency: TRAINING_TERMINAL.currency })],
        }),
      );
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < purchases.length) {
            const purchase = purchases[next++];
            if (!purchase) break;
            const response = await fetch(`${simulator.baseUrl}/tokenPurchases/${purchase.id}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(purchase),
            });
            await response.arrayBuffer();
            if (response.status !== 201) throw new Error(`simulator answered a purchase ${response.status}`);
          }
        }),
      );
      log(`simulator: ${count} purchases vended in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return purchases;
    };
    await simReset();
    // Each run confirms purchases vended just before it: the simulator forgets a purchase after
    // 30 minutes (as Electrum's server does), and a whole 10,000 bench runs longer than that.
    const freshAdvices = async (count: number): Promise<BenchAdvice[]> =>
      (await vendPurchases(count)).map((purchase) => ({
        purchaseId: purchase.id,
        advice: buildConfirmationAdvice({
          id: randomUUID(),
          time: new Date().toISOString(),
          purchase,
          tenders: [cashTender({ amount: AMOUNT, currency: TRAINING_TERMINAL.currency })],
        }),
      }));

    // What the simulator received since the last look: every confirmation request and its answer.
    let logSeen = 0;
    const simVerify = async (): Promise<Verified> => {
      const response = await fetch(`${simOrigin}/_sim/requests`);
      const all = (await response.json()) as SimLogEntry[];
      const entries = all.slice(logSeen).filter((e) => e.operation === 'confirmTokenPurchase');
      logSeen = all.length;
      const ids = new Set(entries.map((e) => (typeof e.body === 'object' && e.body !== null && 'id' in e.body ? String(e.body.id) : '')));
      const byStatus = new Map<number, number>();
      for (const e of entries) byStatus.set(e.status, (byStatus.get(e.status) ?? 0) + 1);
      return {
        sent: entries.length,
        distinct: ids.size,
        accepted: byStatus.get(202) ?? 0,
        statuses: [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' '),
      };
    };

    const runOurs = async (lanes: number, count: number, timed: boolean): Promise<Row['ours']> => {
      const advices = await freshAdvices(count);
      const name = `bench-ours-${lanes}-${count}-${randomUUID()}`;
      const enqueue = await page.evaluate(([n, a, t]) => window.outboxBench!.oursEnqueue(n, a, t), [name, advices, timed] as const);
      if (enqueue.queued !== count) throw new Error(`ours: ${enqueue.queued} of ${count} queued`);
      const drain = await page.evaluate(
        ([n, options]) => window.outboxBench!.oursDrain(n, options),
        [name, { lanes, batchSize: BATCH, baseDelayMs: BASE_DELAY_MS, maxDelayMs: MAX_DELAY_MS, expected: count, timeoutMs: DRAIN_TIMEOUT_MS }] as const,
      );
      const verified = await simVerify();
      await page.evaluate((n) => window.outboxBench!.oursDrop(n), name);
      if (verified.accepted !== count) log(`ours at ${lanes} lanes: the simulator accepted ${verified.accepted} of ${count}`);
      if (Number.isNaN(drain.ms) || drain.delivered !== count) {
        throw new Error(`ours at ${lanes} lanes did not drain: ${JSON.stringify({ ...drain, verified })}`);
      }
      if (drain.laneErrors.length > 0) log(`ours at ${lanes} lanes, lane errors: ${drain.laneErrors.join(' | ')}`);
      return { enqueue, ms: drain.ms, verified, attempts: drain.attempts, delivered: drain.delivered, http: drain.http };
    };

    const runWorkbox = async (lanes: number, count: number, timed: boolean): Promise<Row['workbox']> => {
      const advices = await freshAdvices(count);
      const prefix = `bench-wb-${lanes}-${count}-${randomUUID()}`;
      const enqueue = await page.evaluate(([p, q, a, t]) => window.outboxBench!.workboxEnqueue(p, q, a, t), [prefix, lanes, advices, timed] as const);
      if (enqueue.queued !== count) throw new Error(`workbox: ${enqueue.queued} of ${count} queued`);
      const drain = await page.evaluate((p) => window.outboxBench!.workboxDrain(p), prefix);
      const verified = await simVerify();
      if (verified.accepted !== count) log(`workbox at ${lanes} lanes: the simulator accepted ${verified.accepted} of ${count}`);
      if (drain.replayErrors.length > 0) log(`workbox at ${lanes} lanes, replay errors: ${drain.replayErrors.slice(0, 3).join(' | ')}`);
      return { enqueue, ms: drain.ms, verified, remaining: drain.remaining, http: drain.http };
    };

    // The limit: the main side's upstream client alone, `lanes` confirmations at a time, straight to the simulator.
    const client = createUpstreamClient({ baseUrl: simulator.baseUrl, training: true });
    const runRaw = async (lanes: number, count: number): Promise<Row['raw']> => {
      const advices = await freshAdvices(count);
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < advices.length) {
            const item = advices[next++];
            if (!item) break;
            await client.confirmTokenPurchase(item.purchaseId, item.advice);
          }
        }),
      );
      const ms = performance.now() - t0;
      return { ms, verified: await simVerify() };
    };

    // The journal's enqueue: sale transition + advice, one strict transaction each.
    const journalName = `bench-journal-${randomUUID()}`;
    const journalSales = Array.from({ length: JOURNAL_ENQUEUES }, () =>
      buildPurchaseRequest(TRAINING_TERMINAL, {
        id: randomUUID(),
        time: new Date().toISOString(),
        meterId: METER,
        amount: AMOUNT,
        tenders: [cashTender({ amount: AMOUNT, currency: TRAINING_TERMINAL.currency })],
      }),
    );

    if (WARMUP > 0) {
      log(`warm-up: ${WARMUP} advices each way (not reported)`);
      await runOurs(4, WARMUP, true);
      await runWorkbox(4, WARMUP, true);
    }
    const rows: Row[] = [];
    // Enqueue latency is measured while filling the first configuration's queues; later ones are filled quickly.
    for (const [index, lanes] of LANES.entries()) {
      log(`${lanes} lane(s): ours…`);
      const ours = await runOurs(lanes, COUNT, index === 0);
      log(`  ours drained ${COUNT} in ${(ours.ms / 1000).toFixed(1)} s`);
      log(`${lanes} lane(s): workbox…`);
      const workbox = await runWorkbox(lanes, COUNT, index === 0);
      log(`  workbox drained ${COUNT} in ${(workbox.ms / 1000).toFixed(1)} s`);
      log(`${lanes} lane(s): the upstream client alone…`);
      const raw = await runRaw(lanes, COUNT);
      log(`  client sent ${COUNT} in ${(raw.ms / 1000).toFixed(1)} s`);
      rows.push({ lanes, ours, workbox, raw });
    }
    log(`journal enqueue: ${JOURNAL_ENQUEUES} sales finished one after another…`);
    const journal = JOURNAL_ENQUEUES > 0 ? await page.evaluate(([n, s]) => window.outboxBench!.journalEnqueue(n, s), [journalName, journalSales] as const) : undefined;
    if (journal) await page.evaluate((n) => window.outboxBench!.oursDrop(n), journalName);
    const result = summary(rows, journal, { chromiumVersion, loadStart });
    if (process.argv.includes('--json')) console.log(JSON.stringify(result));
    else report(rows, journal, { chromiumVersion, cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', loadStart, wallStart });
  } finally {
    await cleanup();
  }
}

function summary(rows: Row[], journal: EnqueueResult | undefined, env: { chromiumVersion: string; loadStart: number }): OutboxBenchResult {
  const perS = (ms: number) => (COUNT / ms) * 1000;
  const oursLat = rows.flatMap((r) => r.ours.enqueue.latenciesMs);
  const wbLat = rows.flatMap((r) => r.workbox.enqueue.latenciesMs);
  const journalLat = journal?.latenciesMs ?? [];
  return {
    count: COUNT,
    batch: BATCH,
    rows: rows.map((r) => ({
      lanes: r.lanes,
      oursPerS: perS(r.ours.ms),
      workboxPerS: perS(r.workbox.ms),
      rawPerS: perS(r.raw.ms),
      oursAccepted: r.ours.verified.accepted,
      workboxAccepted: r.workbox.verified.accepted,
      rawAccepted: r.raw.verified.accepted,
    })),
    enqueue: {
      outboxAdd: { p50: percentile(oursLat, 50), p99: percentile(oursLat, 99) },
      journal: { p50: percentile(journalLat, 50), p99: percentile(journalLat, 99), samples: journalLat.length },
      workbox: { p50: percentile(wbLat, 50), p99: percentile(wbLat, 99) },
    },
    loadStart: env.loadStart,
    loadEnd: loadavg()[0] ?? Number.NaN,
    chromium: env.chromiumVersion,
  };
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const pad = (s: string, n: number) => s.padStart(n);

function report(rows: Row[], journal: EnqueueResult | undefined, env: { chromiumVersion: string; cores: number; cpu: string; loadStart: number; wallStart: number }): void {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(`bench:outbox — ${new Date().toISOString()}`);
  line(`Chromium ${env.chromiumVersion} (headless, persistent profile on disk), Node ${process.version}, ${env.cores} cores (${env.cpu}), ${process.platform}`);
  line(`${COUNT} confirmations per run (fresh advice ids, fresh IndexedDB databases), for purchases the simulator vended just before each run`);
  line(`load average (1 min) at start ${fmt(env.loadStart)}, at end ${fmt(loadavg()[0] ?? Number.NaN)} — other work on this machine makes the numbers noisier`);
  line(`ours: Outbox from renderer/outbox (strict durability, baseDelayMs ${BASE_DELAY_MS}); workbox: workbox-background-sync 7.4.1 Queue`);
  line();

  const oursLat = rows.flatMap((r) => r.ours.enqueue.latenciesMs);
  const wbLat = rows.flatMap((r) => r.workbox.enqueue.latenciesMs);
  line(`Enqueue latency, one advice per transaction, awaited one after another (${oursLat.length} / ${wbLat.length} samples):`);
  line(`  ${'queue'.padEnd(34)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}`);
  for (const [label, values] of [
    ['ours: outbox.add, strict', oursLat],
    ['workbox: pushRequest, relaxed', wbLat],
  ] as const) {
    line(`  ${label.padEnd(34)}${pad(fmt(percentile(values, 50)), 9)}${pad(fmt(percentile(values, 99)), 9)}${pad(fmt(Math.max(...values)), 9)}`);
  }
  line(`  ratio ours/workbox (above 1 = ours slower)  p50 ${fmt(percentile(oursLat, 50) / percentile(wbLat, 50))}   p99 ${fmt(percentile(oursLat, 99) / percentile(wbLat, 99))}`);
  if (journal) {
    const j = journal.latenciesMs;
    line(`  ${'ours: journal finish (sale + advice)'.padEnd(34)}${pad(fmt(percentile(j, 50)), 9)}${pad(fmt(percentile(j, 99)), 9)}${pad(fmt(Math.max(...j)), 9)}   (${j.length} samples; goal p99 ≤ 5 ms)`);
  }
  line();

  line(`Drain throughput, ${COUNT} queued confirmations → host → services → simulator (advices/s):`);
  line(`  ${'lanes'.padEnd(7)}${pad('ours/s', 9)}${pad('workbox/s', 11)}${pad('ratio', 8)}   ${'ours: sim saw (distinct, answers)'.padEnd(42)}workbox: sim saw (distinct, answers)`);
  for (const r of rows) {
    const ours = (COUNT / r.ours.ms) * 1000;
    const wb = (COUNT / r.workbox.ms) * 1000;
    const seen = (v: Verified) => `${v.sent} (${v.distinct}, ${v.statuses})`;
    line(`  ${String(r.lanes).padEnd(7)}${pad(fmt(ours, 0), 9)}${pad(fmt(wb, 0), 11)}${pad(fmt(ours / wb), 8)}   ${seen(r.ours.verified).padEnd(42)}${seen(r.workbox.verified)}`);
  }
  line('  ratio = ours / workbox (above 1 = ours faster)');
  line(`  ours sends ${BATCH} advices per bridge call (outbox.batchSize) and settles each batch in one strict transaction`);
  for (const r of rows) {
    const ours = (COUNT / r.ours.ms) * 1000;
    const raw = (COUNT / r.raw.ms) * 1000;
    line(`  ${r.lanes} lane(s): the upstream client alone ${fmt(raw, 0)}/s (simulator accepted ${r.raw.verified.accepted}); ours / client ${fmt(ours / raw)}`);
  }
  const fetches = (h: HttpTally) => `${h.count} fetches, ${fmt(h.totalMs / h.count, 1)} ms each on average`;
  for (const r of rows) {
    line(`  ${r.lanes} lane(s): ours ${fmt(r.ours.ms / 1000, 1)} s, ${r.ours.delivered} delivered in ${r.ours.attempts} attempts, ${fetches(r.ours.http)}; ` +
      `workbox ${fmt(r.workbox.ms / 1000, 1)} s, ${r.workbox.remaining} left in its queues, ${fetches(r.workbox.http)}`);
  }
  line();
  line('Lanes mapping: ours = one Outbox with `lanes` advices in flight; workbox = `lanes` Queue instances');
  line('  (Queue replays one request at a time), the same requests split round-robin over them, all');
  line('  replayRequests() run at once; one page, one IndexedDB store, the same endpoint for both.');
  line('Weaker guarantee: workbox deletes an entry before it sends it (a crash mid-send loses it), counts');
  line('  any HTTP answer as delivered (a 500 included; through this host every answer is HTTP 200 with');
  line('  ok true/false, so even an upstream refusal would count), and writes with relaxed durability.');
  line('  Ours keeps the advice until a final upstream answer and records the attempt durably, so its');
  line('  numbers include one strict write per attempt (and the journal lookup) that workbox skips.');
  line(`whole bench ${fmt((performance.now() - env.wallStart) / 1000, 0)} s`);
  console.log(out.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : String(err));
  process.exit(1);
});
