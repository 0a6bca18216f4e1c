// The outbox's batch sender against an in-memory IndexedDB, the real journal, the real main-side
// services (advice:batch through the bridge contract's dispatch) and the real simulator over HTTP:
// batches drain a backlog, half a batch answered settles the answered half, a renderer that dies
// with a batch at the upstream loses nothing, and one lane keeps the head of the queue in front.
import 'fake-indexeddb/auto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bridgeContract, dispatchBridgeCall, type BridgeMethod, type BridgeResult, type PosBridge } from '../../shared/bridge';
import { startPosServices, type PosServices } from '../../electron/services/pos-services';
import { startSimulator, type RunningSimulator } from '../../electron/sim/server';
import { createUpstreamClient } from '../../electron/upstream/client';
import { purchase } from '../../electron/upstream/test-helpers';
import { nowIso, PosDatabase, type SaleRecord } from '../db/db';
import { applySaleEvent } from '../journal/journal';
import { Outbox } from './outbox';

let sim: RunningSimulator;
let services: PosServices;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  services = await startPosServices({ host: 'browser', dataDir: await mkdtemp(join(tmpdir(), 'pos-batch-')), version: 'test', upstreamUrl: sim.baseUrl });
});
afterAll(async () => {
  await services.close();
  await sim.close();
});

const running: Outbox[] = [];
const dbs: PosDatabase[] = [];
afterEach(async () => {
  for (const outbox of running.splice(0)) outbox.stop();
  await fetch(`${sim.origin}/_sim/faults`, { method: 'DELETE' });
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** Calls made over the bridge, by method, and a hook that runs after the main side answered. */
interface Wire {
  bridge: PosBridge;
  calls: BridgeMethod[];
  afterAnswer?: (method: BridgeMethod) => Promise<void>;
}

/** The bridge as the hosts serve it: JSON both ways, the contract's dispatch, answers checked against its schemas. */
function wire(): Wire {
  const w: Wire = {
    calls: [],
    bridge: {
      invoke: (async (method: BridgeMethod, request: unknown): Promise<BridgeResult<unknown>> => {
        w.calls.push(method);
        const result = await dispatchBridgeCall(services.handlers, method, JSON.parse(JSON.stringify(request)));
        await w.afterAnswer?.(method);
        const carried = JSON.parse(JSON.stringify(result)) as BridgeResult<unknown>;
        return carried.ok ? { ok: true, data: bridgeContract[method].response.parse(carried.data) } : carried;
      }) as PosBridge['invoke'],
      onEvent: () => () => undefined,
    },
  };
  return w;
}

function newDb(name = `batch-test-${crypto.randomUUID()}`): PosDatabase {
  const db = new PosDatabase(name);
  dbs.push(db);
  return db;
}

function startOutbox(db: PosDatabase, bridge: PosBridge, options: { lanes: number; batchSize: number; baseDelayMs?: number }): Outbox {
  const baseDelayMs = options.baseDelayMs ?? 30;
  const outbox = new Outbox({ db, bridge, ...options, baseDelayMs, maxDelayMs: Math.max(200, baseDelayMs), withLock: (_name, work) => work() });
  running.push(outbox);
  outbox.start();
  return outbox;
}

/** `count` sales the simulator vended, each finished so the journal queued its confirmation. */
async function salesWithConfirmations(db: PosDatabase, count: number, event: 'finish' | 'cannot-pay' = 'finish'): Promise<SaleRecord[]> {
  const client = createUpstreamClient({ baseUrl: sim.baseUrl, training: true });
  const sales: SaleRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const request = purchase('TST001', 10000);
    const outcome = await client.createTokenPurchaseRequest(request);
    if (outcome.kind !== 'successful') throw new Error(`the simulator did not vend: ${JSON.stringify(outcome)}`);
    const at = nowIso();
    await db.sales.add({
      service: 'electricity',
      purchaseId: request.id,
      createdAt: at,
      updatedAt: at,
      subject: request.meter.meterId,
      meterId: request.meter.meterId,
      state: 'printed',
      request,
      response: outcome.body,
      tendered: 10000,
      exchanges: [],
      history: [{ at, state: 'printed' }],
    });
    const applied = await applySaleEvent(db, request.id, { type: event });
    if (!applied.ok || !applied.advice) throw new Error('no advice queued');
    sales.push(applied.sale);
  }
  return sales;
}

async function confirmationsAtUpstream(): Promise<Array<{ id: string; status: number }>> {
  const log = (await (await fetch(`${sim.origin}/_sim/requests`)).json()) as Array<{ operation: string; body: { id?: string }; status: number }>;
  return log.filter((entry) => entry.operation === 'confirmTokenPurchase').map((entry) => ({ id: entry.body.id ?? '', status: entry.status }));
}

async function fault(spec: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sim.origin}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(response.ok).toBe(true);
}

const waitFor = <T>(check: () => Promise<T> | T, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 20 });

async function adviceIds(db: PosDatabase): Promise<string[]> {
  return (await db.outbox.orderBy('createdAt').toArray()).map((record) => record.adviceId);
}

describe('Outbox batches', () => {
  it('drains a backlog in a few bridge calls: every sale confirmed, every advice at the upstream once', async () => {
    const db = newDb();
    const sales = await salesWithConfirmations(db, 40);
    const ids = await adviceIds(db);
    const before = (await confirmationsAtUpstream()).length;
    const w = wire();
    startOutbox(db, w.bridge, { lanes: 16, batchSize: 16 });

    await waitFor(async () => expect(await db.outbox.where('state').equals('delivered').count()).toBe(40));
    for (const sale of sales) expect((await db.sales.get(sale.purchaseId))?.state).toBe('confirmed');
    const seen = (await confirmationsAtUpstream()).slice(before);
    expect(seen.map((entry) => entry.id).sort()).toEqual([...ids].sort());
    expect(seen.every((entry) => entry.status === 202)).toBe(true);
    expect(w.calls.every((method) => method === 'advice:batch')).toBe(true);
    expect(w.calls.length).toBeLessThanOrEqual(6);
    expect((await db.outbox.toArray()).every((record) => record.attempts === 1)).toBe(true);
  });

  it('each advice goes as its kind: confirmations and reversals in one batch end as confirmed and reversed sales', async () => {
    const db = newDb();
    const confirmed = await salesWithConfirmations(db, 3);
    const reversed = await salesWithConfirmations(db, 3, 'cannot-pay');
    const log = async (operation: string) =>
      ((await (await fetch(`${sim.origin}/_sim/requests`)).json()) as Array<{ operation: string; path: string }>).filter((e) => e.operation === operation);
    const reversalsBefore = (await log('reverseTokenPurchase')).length;
    const w = wire();
    startOutbox(db, w.bridge, { lanes: 4, batchSize: 8 });
    await waitFor(async () => expect(await db.outbox.where('state').equals('delivered').count()).toBe(6));
    for (const sale of confirmed) expect((await db.sales.get(sale.purchaseId))?.state).toBe('confirmed');
    for (const sale of reversed) expect((await db.sales.get(sale.purchaseId))?.state).toBe('reversed');
    const reversals = (await log('reverseTokenPurchase')).slice(reversalsBefore);
    expect(reversals.map((e) => /tokenPurchases\/([^/]+)/.exec(e.path)?.[1]).sort()).toEqual(reversed.map((sale) => sale.purchaseId).sort());
    expect(w.calls).toEqual(['advice:batch']);
  });

  it('half a batch answered: the answered half is settled, the rest stays pending with its ids and is delivered later', async () => {
    const db = newDb();
    const sales = await salesWithConfirmations(db, 8);
    const ids = await adviceIds(db);
    const before = (await confirmationsAtUpstream()).length;
    // The upstream refuses four of the eight "for now".
    await fault({ operation: 'confirmTokenPurchase', fault: 'status', status: 503, times: 4 });
    startOutbox(db, wire().bridge, { lanes: 8, batchSize: 8, baseDelayMs: 1_500 });

    // After the first batch: four delivered and confirmed, four pending with one attempt and an alert.
    await waitFor(async () => expect(await db.outbox.where('state').equals('delivered').count()).toBe(4));
    const pending = await db.outbox.where('state').equals('pending').toArray();
    expect(pending).toHaveLength(4);
    for (const record of pending) {
      expect(record.attempts).toBe(1);
      expect(record.alert).toMatch(/503/);
      expect((await db.sales.get(record.purchaseId))?.state).toBe('confirming');
    }

    // Then, after the backoff, the same four advices (same ids) are delivered.
    await waitFor(async () => expect(await db.outbox.where('state').equals('delivered').count()).toBe(8), 15_000);
    for (const sale of sales) expect((await db.sales.get(sale.purchaseId))?.state).toBe('confirmed');
    const seen = (await confirmationsAtUpstream()).slice(before);
    expect(new Set(seen.map((entry) => entry.id))).toEqual(new Set(ids));
    expect(seen).toHaveLength(12);
    expect(seen.filter((entry) => entry.status === 503)).toHaveLength(4);
    for (const record of pending) expect((await db.outbox.get(record.adviceId))?.attempts).toBe(2);
  });

  it('a renderer killed with a batch at the upstream loses nothing: after the restart the same advices go again and settle once', async () => {
    const name = `batch-crash-${crypto.randomUUID()}`;
    const db = newDb(name);
    const sales = await salesWithConfirmations(db, 6);
    const ids = await adviceIds(db);
    const before = (await confirmationsAtUpstream()).length;

    // The main side sends the whole batch and the upstream accepts it, but the renderer is gone
    // before the answer comes back: its database is closed, so the group commit cannot happen.
    const w = wire();
    let killed!: () => void;
    const died = new Promise<void>((resolve) => (killed = resolve));
    const outbox = startOutbox(db, w.bridge, { lanes: 4, batchSize: 6 });
    w.afterAnswer = async (method) => {
      if (method !== 'advice:batch') return;
      outbox.stop();
      db.close();
      killed();
    };
    await died;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sentOnce = (await confirmationsAtUpstream()).slice(before);
    expect(sentOnce.map((entry) => entry.id).sort()).toEqual([...ids].sort());
    expect(sentOnce.every((entry) => entry.status === 202)).toBe(true);

    // The restart: the same journal, opened again. Nothing was recorded, so every advice is still
    // pending with no attempt; it is sent again with the same id and settles on the upstream's
    // DUPLICATE_RECORD (the first send arrived).
    const reopened = newDb(name);
    const stillPending = await reopened.outbox.toArray();
    expect(stillPending.map((record) => [record.state, record.attempts])).toEqual(ids.map(() => ['pending', 0]));
    for (const sale of sales) expect((await reopened.sales.get(sale.purchaseId))?.state).toBe('confirming');
    startOutbox(reopened, wire().bridge, { lanes: 4, batchSize: 6 });
    await waitFor(async () => expect(await reopened.outbox.where('state').equals('delivered').count()).toBe(6));
    for (const sale of sales) expect((await reopened.sales.get(sale.purchaseId))?.state).toBe('confirmed');
    const all = (await confirmationsAtUpstream()).slice(before);
    expect(all).toHaveLength(12);
    expect(new Set(all.map((entry) => entry.id))).toEqual(new Set(ids));
    expect(all.slice(6).every((entry) => entry.status === 400)).toBe(true);
    expect((await reopened.outbox.toArray()).every((record) => record.reconcile === false)).toBe(true);
  });

  it('one lane keeps the head of the queue in front: a head not yet delivered holds back the advices behind it', async () => {
    const db = newDb();
    await salesWithConfirmations(db, 5);
    const ids = await adviceIds(db);
    const before = (await confirmationsAtUpstream()).length;
    await fault({ operation: 'confirmTokenPurchase', fault: 'status', status: 503, times: 1 });
    startOutbox(db, wire().bridge, { lanes: 1, batchSize: 8, baseDelayMs: 200 });

    await waitFor(async () => expect(await db.outbox.where('state').equals('delivered').count()).toBe(5));
    const seen = (await confirmationsAtUpstream()).slice(before);
    // The head, refused once; nothing behind it went before it was delivered; then the rest in order.
    expect(seen.map((entry) => entry.id)).toEqual([ids[0], ...ids]);
    expect(seen.map((entry) => entry.status)).toEqual([503, 202, 202, 202, 202, 202]);
  });
});
