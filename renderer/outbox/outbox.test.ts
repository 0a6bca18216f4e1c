// The outbox against a real (in-memory) IndexedDB and the real journal, with a bridge whose answers
// the test chooses. Purchases come from the real simulator so every advice carries a real response.
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PosBridge } from '../../shared/bridge';
import type { Outcome } from '../../shared/protocol/outcome';
import type { PurchaseRequest, PurchaseResponse } from '../../shared/protocol/schemas';
import { startSimulator, type RunningSimulator } from '../../electron/sim/server';
import { createUpstreamClient } from '../../electron/upstream/client';
import { purchase } from '../../electron/upstream/test-helpers';
import { nowIso, PosDatabase, type SaleRecord } from '../db/db';
import { applySaleEvent } from '../journal/journal';
import { Outbox } from './outbox';
import { readOutboxStatus } from './use-outbox-status';

const MAX_TIMER_MS = 2 ** 31 - 1;

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const running: Outbox[] = [];
afterEach(() => {
  for (const outbox of running.splice(0)) outbox.stop();
  vi.restoreAllMocks();
});

async function vended(): Promise<{ request: PurchaseRequest; response: PurchaseResponse }> {
  const request = purchase('TST001', 10000);
  const outcome = await createUpstreamClient({ baseUrl: sim.baseUrl, training: true }).createTokenPurchaseRequest(request);
  if (outcome.kind !== 'successful') throw new Error(`the simulator did not vend: ${JSON.stringify(outcome)}`);
  return { request, response: outcome.body };
}

/** A sale journaled in `state`, then moved by `event` so the journal queues its advice. */
async function saleWithAdvice(db: PosDatabase, how: 'finish' | 'cannot-pay' | 'abandon'): Promise<SaleRecord> {
  const { request, response } = await vended();
  const at = nowIso();
  const state = how === 'abandon' ? 'in-doubt' : 'printed';
  await db.sales.add({
    service: 'electricity',
    purchaseId: request.id,
    createdAt: at,
    updatedAt: at,
    subject: request.meter.meterId,
    meterId: request.meter.meterId,
    state,
    request,
    ...(how === 'abandon' ? {} : { response }),
    tendered: 10000,
    exchanges: [],
    history: [{ at, state }],
  });
  const event = how === 'abandon' ? ({ type: 'abandon', reason: 'RESPONSE_NOT_FINAL' } as const) : ({ type: how } as const);
  const applied = await applySaleEvent(db, request.id, event);
  if (!applied.ok || !applied.advice) throw new Error(`no advice queued: ${applied.ok ? 'none' : applied.reason}`);
  return applied.sale;
}

interface Scripted {
  bridge: PosBridge;
  /** Advice ids in the order they were sent. */
  sent: string[];
  /** What the upstream answers next (the test changes it as it goes). */
  answer: Outcome<unknown>;
}

function scriptedBridge(first: Outcome<unknown>): Scripted {
  const sent: string[] = [];
  const invoke = async (method: string, request: unknown): Promise<unknown> => {
    if (method !== 'upstream:confirm' && method !== 'upstream:reverse' && method !== 'upstream:confirmKeyChange') {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: method } };
    }
    sent.push((request as { advice: { id: string } }).advice.id);
    return { ok: true, data: script.answer };
  };
  const script: Scripted = { sent, answer: first, bridge: { invoke: invoke as PosBridge['invoke'], onEvent: () => () => undefined } };
  return script;
}

function startOutbox(db: PosDatabase, bridge: PosBridge, options: { baseDelayMs?: number; maxDelayMs?: number } = {}): Outbox {
  const outbox = new Outbox({ db, bridge, baseDelayMs: options.baseDelayMs ?? 30, maxDelayMs: options.maxDelayMs ?? 100, withLock: (_name, work) => work() });
  running.push(outbox);
  outbox.start();
  return outbox;
}

const newDb = () => new PosDatabase(`outbox-test-${crypto.randomUUID()}`);
const delivered: Outcome<unknown> = { kind: 'successful', status: 202, body: null };
const failedWith = (status: number, errorType?: string): Outcome<unknown> => ({
  kind: 'failed',
  status,
  reason: 'declined',
  message: `HTTP ${status}${errorType ? ` ${errorType}` : ''}`,
  ...(errorType ? { error: { errorType } } : {}),
});
const waitFor = <T>(check: () => Promise<T> | T, timeout = 5000) => vi.waitFor(check, { timeout, interval: 20 });

describe('Outbox: only a final answer ends an advice', () => {
  it.each([
    ['401 (a rotated password)', failedWith(401, 'GENERAL_ERROR')],
    ['403', failedWith(403)],
    ['302 (a captive portal)', failedWith(302)],
    ['408', failedWith(408)],
    ['429', failedWith(429)],
    ['502 (a proxy)', failedWith(502)],
    ['503 UPSTREAM_UNAVAILABLE', failedWith(503, 'UPSTREAM_UNAVAILABLE')],
    ['a bare 404 (no ErrorDetail: not the upstream speaking)', failedWith(404)],
  ])('a confirmation answered %s is repeated with the same id and alerts the status bar until a 202 delivers it', async (_what, answer) => {
    const db = newDb();
    const sale = await saleWithAdvice(db, 'finish');
    const script = scriptedBridge(answer);
    startOutbox(db, script.bridge);

    await waitFor(() => expect(script.sent.length).toBeGreaterThanOrEqual(3));
    const [record] = await db.outbox.toArray();
    expect(record?.state).toBe('pending');
    const status = await readOutboxStatus(db);
    expect(status).toMatchObject({ pending: 1, failed: 0 });
    expect(status.alert).toContain(`HTTP ${answer.status ?? ''}`);
    expect((await db.sales.get(sale.purchaseId))?.state).toBe('confirming');

    script.answer = delivered;
    await waitFor(async () => expect((await db.sales.get(sale.purchaseId))?.state).toBe('confirmed'));
    expect(new Set(script.sent).size).toBe(1);
    const after = await readOutboxStatus(db);
    expect(after).toMatchObject({ pending: 0, failed: 0 });
    expect(after.alert).toBeUndefined();
  });

  it('a 202 whose body could not be read is delivered at the first answer', async () => {
    const db = newDb();
    const sale = await saleWithAdvice(db, 'finish');
    const script = scriptedBridge({ kind: 'unknown', status: 202, reason: 'invalid-body', message: 'HTTP 202 with an invalid body (the body is not JSON)' });
    startOutbox(db, script.bridge);
    await waitFor(async () => expect((await db.sales.get(sale.purchaseId))?.state).toBe('confirmed'));
    expect(script.sent).toHaveLength(1);
  });

  it('DUPLICATE_RECORD to a resend means the first send arrived: delivered', async () => {
    const db = newDb();
    const sale = await saleWithAdvice(db, 'finish');
    const script = scriptedBridge({ kind: 'unknown', reason: 'timeout', message: 'no answer' });
    startOutbox(db, script.bridge);
    await waitFor(() => expect(script.sent.length).toBeGreaterThanOrEqual(1));
    script.answer = failedWith(400, 'DUPLICATE_RECORD');
    await waitFor(async () => expect((await db.sales.get(sale.purchaseId))?.state).toBe('confirmed'));
    expect((await readOutboxStatus(db)).failed).toBe(0);
  });

  it('a true refusal ends the advice, flagged for reconciliation, and the sale is not shown as confirmed', async () => {
    const db = newDb();
    const sale = await saleWithAdvice(db, 'finish');
    const script = scriptedBridge(failedWith(400, 'ACCOUNT_ALREADY_SETTLED'));
    startOutbox(db, script.bridge);
    await waitFor(async () => expect((await db.outbox.toArray())[0]?.state).toBe('failed'));
    expect((await db.outbox.toArray())[0]?.reconcile).toBe(true);
    expect((await db.sales.get(sale.purchaseId))?.state).not.toBe('confirmed');
    expect((await readOutboxStatus(db)).failed).toBe(1);
    expect(script.sent).toHaveLength(1);
  });
});

describe('Outbox: a 404 to a reversal', () => {
  const notFound = failedWith(404, 'UNABLE_TO_LOCATE_RECORD');

  it('settles quietly when the journal holds no approved response (the upstream never saw the purchase)', async () => {
    const db = newDb();
    const sale = await saleWithAdvice(db, 'abandon');
    const script = scriptedBridge(notFound);
    startOutbox(db, script.bridge);
    await waitFor(async () => expect((await db.sales.get(sale.purchaseId))?.state).toBe('reversed'));
    const [record] = await db.outbox.toArray();
    expect(record).toMatchObject({ state: 'delivered', reconcile: false });
    expect(await readOutboxStatus(db)).toMatchObject({ pending: 0, failed: 0 });
  });

  it('is flagged for reconciliation when the journal holds an approved response for that purchase', async () => {
    const db = newDb();
    const sale = await saleWithAdvice(db, 'cannot-pay');
    expect(sale.response).toBeDefined();
    const script = scriptedBridge(notFound);
    startOutbox(db, script.bridge);
    await waitFor(async () => expect((await db.outbox.toArray())[0]?.state).toBe('failed'));
    const [record] = await db.outbox.toArray();
    expect(record?.reconcile).toBe(true);
    expect(record?.note).toMatch(/approved/);
    expect((await db.sales.get(sale.purchaseId))?.state).not.toBe('reversed');
    expect((await readOutboxStatus(db)).failed).toBe(1);
  });
});

describe('Outbox: clocks and timers', () => {
  it('a wall clock set back by an hour does not hold up the next attempt', async () => {
    const realNow = Date.now.bind(Date);
    let offset = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
    const db = newDb();
    const sale = await saleWithAdvice(db, 'finish');
    const script = scriptedBridge(failedWith(503, 'UPSTREAM_UNAVAILABLE'));
    startOutbox(db, script.bridge, { baseDelayMs: 200, maxDelayMs: 200 });
    await waitFor(() => expect(script.sent.length).toBeGreaterThanOrEqual(1));
    // The attempt's nextAttemptAt was written with the old time; now the clock goes back an hour.
    offset = -60 * 60_000;
    script.answer = delivered;
    await waitFor(async () => expect((await db.sales.get(sale.purchaseId))?.state).toBe('confirmed'), 3000);
  });

  it('an advice stored with a due time far ahead (a clock that ran fast) is sent within the longest backoff', async () => {
    const db = newDb();
    const sale = await saleWithAdvice(db, 'finish');
    const [record] = await db.outbox.toArray();
    if (!record) throw new Error('no advice');
    await db.outbox.put({ ...record, attempts: 3, nextAttemptAt: Date.now() + 24 * 60 * 60_000 });
    const script = scriptedBridge(delivered);
    startOutbox(db, script.bridge, { baseDelayMs: 50, maxDelayMs: 300 });
    await waitFor(async () => expect((await db.sales.get(sale.purchaseId))?.state).toBe('confirmed'), 3000);
  });

  it('never asks setTimeout for more than 2^31-1 ms (longer delays overflow and fire at once)', async () => {
    const timeouts = vi.spyOn(globalThis, 'setTimeout');
    const db = newDb();
    await saleWithAdvice(db, 'finish');
    const [record] = await db.outbox.toArray();
    if (!record) throw new Error('no advice');
    await db.outbox.put({ ...record, attempts: 40, nextAttemptAt: Date.now() + 2 ** 33 });
    const script = scriptedBridge(delivered);
    startOutbox(db, script.bridge, { baseDelayMs: 2 ** 32, maxDelayMs: 2 ** 34 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const asked = timeouts.mock.calls.map((call) => Number(call[1] ?? 0));
    expect(Math.max(...asked)).toBeLessThanOrEqual(MAX_TIMER_MS);
    // Not due for a long while yet: nothing sent, and no busy loop of overflowing timers either.
    expect(script.sent).toHaveLength(0);
    expect(asked.filter((ms) => ms > 1000).length).toBeLessThan(5);
  });
});
