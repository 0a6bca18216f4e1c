// Airtime advices through the outbox's batches: the same advice:batch call carries
// airtimeConfirmation items, which the main side sends as airtime:confirm would (ids in the body,
// per purchase in order), against the real services and the real airtime simulator over HTTP.
import 'fake-indexeddb/auto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BridgeMethod, PosBridge } from '../../shared/bridge';
import { startPosServices, type PosServices } from '../../electron/services/pos-services';
import { findProduct } from '../../electron/sim/airtime/catalogue';
import { startSimulator, type RunningSimulator } from '../../electron/sim/server';
import { buildAirtimePurchaseRequest } from '../../shared/protocol/airtime/envelope';
import { cashTender } from '../../shared/protocol/envelope';
import { PosDatabase } from '../db/db';
import { finishSale, startPurchase, type SaleDeps } from '../sale/flow';
import { handlersBridge, memoryLocks } from '../sale/testing';
import { Outbox } from './outbox';

let sim: RunningSimulator;
let services: PosServices;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const dataDir = await mkdtemp(join(tmpdir(), 'pos-batch-airtime-'));
  services = await startPosServices({ host: 'browser', dataDir, version: 'test', upstreamUrl: sim.baseUrl, airtimeUrl: `${sim.origin}/airtime/v5` });
});
afterAll(async () => {
  await services.close();
  await sim.close();
});

const dbs: PosDatabase[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  for (const outbox of outboxes.splice(0)) outbox.stop();
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

describe('Outbox batches with airtime advices', () => {
  it('confirms three voucher sales in one advice:batch call, each with its own id at the upstream', async () => {
    const inner = handlersBridge(() => services.handlers);
    const calls: BridgeMethod[] = [];
    const bridge: PosBridge = {
      invoke: ((method: BridgeMethod, request: never) => {
        calls.push(method);
        return inner.invoke(method, request);
      }) as PosBridge['invoke'],
      onEvent: inner.onEvent,
    };
    const db = new PosDatabase(`batch-airtime-${crypto.randomUUID()}`);
    dbs.push(db);
    const deps: SaleDeps = { bridge, db, info: services.info, locks: memoryLocks(), outbox: { notify: () => undefined } };
    const product = findProduct('VODADATA1GB');
    if (!product) throw new Error('no product');

    const purchaseIds: string[] = [];
    for (const msisdn of ['27821234567', '27821234568', '27821234569']) {
      const request = buildAirtimePurchaseRequest(deps.info.terminal, {
        id: crypto.randomUUID(),
        time: new Date().toISOString(),
        product,
        recipientMsisdn: msisdn,
        tenders: [cashTender({ amount: 9_900, currency: deps.info.terminal.currency })],
      });
      const step = await startPurchase(deps, { service: 'airtime', subject: msisdn, msisdn, product, request, tendered: 9_900 });
      step.release?.();
      if (step.kind !== 'journaled' || step.sale.state !== 'approved') throw new Error(`not approved: ${JSON.stringify(step).slice(0, 200)}`);
      const finished = await finishSale(deps, step.sale.purchaseId);
      expect(finished.ok && finished.sale.state).toBe('confirming');
      purchaseIds.push(step.sale.purchaseId);
    }
    const advices = await db.outbox.toArray();
    expect(advices.map((record) => record.advice.kind)).toEqual(['airtimeConfirmation', 'airtimeConfirmation', 'airtimeConfirmation']);

    calls.length = 0;
    const outbox = new Outbox({ db, bridge, lanes: 4, batchSize: 8, baseDelayMs: 30, maxDelayMs: 100, withLock: (_name, work) => work() });
    outboxes.push(outbox);
    outbox.start();
    await vi.waitFor(async () => {
      for (const id of purchaseIds) expect((await db.sales.get(id))?.state).toBe('confirmed');
    }, { timeout: 10_000, interval: 20 });
    expect(calls).toEqual(['advice:batch']);
    const log = (await (await fetch(`${sim.origin}/_sim/requests`)).json()) as Array<{ operation: string; status: number; body: { id?: string; requestId?: string } }>;
    const confirmations = log.filter((entry) => entry.operation === 'purchaseConfirmation');
    expect(confirmations.map((entry) => [entry.body.requestId, entry.body.id, entry.status]).sort()).toEqual(
      advices.map((record) => [record.purchaseId, record.adviceId, 202]).sort(),
    );
  });
});
