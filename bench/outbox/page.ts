// The bench page: our Outbox and workbox-background-sync's Queue, side by side in one Chromium page,
// both sending confirmations to the same host endpoint (/api/call/upstream:confirm). Driven by run.ts.
import { Queue } from 'workbox-background-sync';
import type { PosBridge } from '../../shared/bridge';
import { createHttpBridge } from '../../renderer/bridge/transport';
import { newAdviceRecord, PosDatabase } from '../../renderer/db/db';
import { applySaleEvent } from '../../renderer/journal/journal';
import { Outbox } from '../../renderer/outbox/outbox';
import type { BenchAdvice, EnqueueResult, OursDrainResult, OutboxBenchApi, WorkboxDrainResult } from './api';

// A window has no `self.registration`, and Queue's constructor evaluates `'sync' in self.registration`
// before it looks at forceSyncFallback, so it throws a TypeError there whatever the options. A
// registration without `sync` sends it down its documented fallback (no Background Sync: replay
// when the queue is created); the drain then calls replayRequests(), which is what a sync event runs.
if (!('registration' in self)) Object.defineProperty(self, 'registration', { value: {}, configurable: true });

// Every fetch either queue makes, counted and timed, so the report can show what the round trip costs.
const http = { count: 0, totalMs: 0 };
const pageFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const t0 = performance.now();
  try {
    return await pageFetch(input, init);
  } finally {
    http.count += 1;
    http.totalMs += performance.now() - t0;
  }
};

let token = '';
let bridge: PosBridge | undefined;
const databases = new Map<string, PosDatabase>();
const queues = new Map<string, Queue[]>();

function database(name: string): PosDatabase {
  let db = databases.get(name);
  if (!db) {
    db = new PosDatabase(name);
    databases.set(name, db);
  }
  return db;
}

function confirmRequest(item: BenchAdvice): Request {
  // Byte for byte what createHttpBridge sends for upstream:confirm.
  return new Request('/api/call/upstream:confirm', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pos-token': token },
    body: JSON.stringify({ purchaseId: item.purchaseId, advice: item.advice }),
  });
}

const api: OutboxBenchApi = {
  init(secret) {
    token = secret;
    bridge = createHttpBridge(secret);
  },

  async oursEnqueue(name, advices, timed): Promise<EnqueueResult> {
    const db = database(name);
    await db.open();
    const latenciesMs: number[] = [];
    const started = performance.now();
    if (timed) {
      for (const item of advices) {
        const t0 = performance.now();
        // As the journal does: one strictly durable transaction per advice.
        await db.outbox.add(newAdviceRecord(item.purchaseId, { kind: 'confirmation', body: item.advice }));
        latenciesMs.push(performance.now() - t0);
      }
    } else {
      // Only fills the queue for a drain run: strictly durable still, but 500 records a transaction.
      for (let i = 0; i < advices.length; i += 500) {
        await db.outbox.bulkAdd(advices.slice(i, i + 500).map((item) => newAdviceRecord(item.purchaseId, { kind: 'confirmation', body: item.advice })));
      }
    }
    const totalMs = performance.now() - started;
    return { latenciesMs, totalMs, queued: await db.outbox.where('state').equals('pending').count() };
  },

  async oursDrain(name, options): Promise<OursDrainResult> {
    if (!bridge) throw new Error('init first');
    const db = database(name);
    const laneErrors: string[] = [];
    let attemptLines = 0;
    let lastAttemptAt = 0;
    let checking = false;
    let done: (at: number) => void = () => undefined;
    const finished = new Promise<number>((resolve) => (done = resolve));
    // Outbox has no "queue empty" event: its attempt log line (written after the attempt's
    // transaction commits) tells us when to look; the time of the last one is the end time.
    const checkEmpty = async () => {
      if (checking) return;
      checking = true;
      try {
        const at = lastAttemptAt;
        if ((await db.outbox.where('state').equals('pending').count()) === 0) done(at);
      } finally {
        checking = false;
      }
    };
    const outbox = new Outbox({
      db,
      bridge,
      lanes: options.lanes,
      batchSize: options.batchSize,
      baseDelayMs: options.baseDelayMs,
      maxDelayMs: options.maxDelayMs,
      log: (line) => {
        if (line.startsWith('outbox: ') && line.includes(' attempt → ')) {
          attemptLines += 1;
          lastAttemptAt = performance.now();
          if (attemptLines >= options.expected) void checkEmpty();
        } else if (line.startsWith('outbox lane ')) {
          laneErrors.push(line);
        }
      },
    });
    // Only once every advice has had an attempt: counting the pending index is not free (~0.1 s at 10 000).
    const poll = setInterval(() => attemptLines >= options.expected && void checkEmpty(), 1_000);
    const timeout = setTimeout(() => done(Number.NaN), options.timeoutMs);
    http.count = 0;
    http.totalMs = 0;
    const started = performance.now();
    outbox.start();
    const ended = await finished;
    clearInterval(poll);
    clearTimeout(timeout);
    // Let the lanes leave and the sender lock go before the next run takes it. A lane that was
    // reading the queue when stop() came goes to sleep for 30 s afterwards (stop() wakes only lanes
    // already asleep), so stop() is repeated until the lock is free.
    let released = false;
    const lockFree = navigator.locks.request('prepaid-pos.outbox-sender', async () => undefined).then(() => (released = true));
    while (!released) {
      outbox.stop();
      await Promise.race([lockFree, new Promise((r) => setTimeout(r, 20))]);
    }
    const records = await db.outbox.toArray();
    return {
      ms: ended - started,
      delivered: records.filter((r) => r.state === 'delivered').length,
      failed: records.filter((r) => r.state === 'failed').length,
      pending: records.filter((r) => r.state === 'pending').length,
      attempts: records.reduce((sum, r) => sum + r.attempts, 0),
      laneErrors: laneErrors.slice(0, 5),
      http: { ...http },
    };
  },

  async journalEnqueue(name, sales): Promise<EnqueueResult> {
    // As the app enqueues: the sale's transition and its advice in one strict transaction.
    const db = database(name);
    await db.open();
    const at = new Date().toISOString();
    await db.sales.bulkAdd(
      sales.map((request) => ({
        service: 'electricity' as const,
        purchaseId: request.id,
        createdAt: at,
        updatedAt: at,
        subject: request.meter.meterId,
        meterId: request.meter.meterId,
        state: 'printed' as const,
        request,
        tendered: request.purchaseAmount.amount,
        exchanges: [],
        history: [{ at, state: 'printed' as const }],
      })),
    );
    const latenciesMs: number[] = [];
    const started = performance.now();
    for (const request of sales) {
      const t0 = performance.now();
      const applied = await applySaleEvent(db, request.id, { type: 'finish' });
      latenciesMs.push(performance.now() - t0);
      if (!applied.ok || !applied.advice) throw new Error(`no advice for ${request.id}`);
    }
    const totalMs = performance.now() - started;
    return { latenciesMs, totalMs, queued: await db.outbox.where('state').equals('pending').count() };
  },

  async oursDrop(name) {
    const db = databases.get(name);
    databases.delete(name);
    if (db) await db.delete();
  },

  async workboxEnqueue(prefix, count, advices, timed): Promise<EnqueueResult> {
    const set = Array.from({ length: count }, (_, i) => new Queue(`${prefix}-${i}`, { forceSyncFallback: true }));
    queues.set(prefix, set);
    // The constructors' fallback replay of the (empty) queues must be over before anything is pushed.
    await Promise.all(set.map((q) => q.size()));
    await new Promise((r) => setTimeout(r, 50));
    const latenciesMs: number[] = [];
    const push = (item: BenchAdvice, i: number) => {
      const queue = set[i % count];
      if (!queue) throw new Error('no queue');
      return queue.pushRequest({ request: confirmRequest(item) });
    };
    const started = performance.now();
    if (timed) {
      for (const [i, item] of advices.entries()) {
        const t0 = performance.now();
        await push(item, i);
        latenciesMs.push(performance.now() - t0);
      }
    } else {
      // Only fills the queues for a drain run (there is no bulk API): 50 pushes at a time.
      for (let i = 0; i < advices.length; i += 50) {
        await Promise.all(advices.slice(i, i + 50).map((item, j) => push(item, i + j)));
      }
    }
    const totalMs = performance.now() - started;
    const sizes = await Promise.all(set.map((q) => q.size()));
    return { latenciesMs, totalMs, queued: sizes.reduce((a, b) => a + b, 0) };
  },

  async workboxDrain(prefix): Promise<WorkboxDrainResult> {
    const set = queues.get(prefix) ?? [];
    const replayErrors: string[] = [];
    http.count = 0;
    http.totalMs = 0;
    const started = performance.now();
    await Promise.all(set.map((q) => q.replayRequests().catch((err: unknown) => void replayErrors.push(String(err)))));
    const ms = performance.now() - started;
    const sizes = await Promise.all(set.map((q) => q.size()));
    return { ms, remaining: sizes.reduce((a, b) => a + b, 0), replayErrors, http: { ...http } };
  },
};

window.outboxBench = api;
document.title = 'outbox bench ready';
