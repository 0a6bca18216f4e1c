// The product-neutral core with airtime's rules: the same journal, sale machine and outbox as
// electricity, against an in-memory IndexedDB, the real main-side services and the real airtime
// simulator over HTTP. Airtime has no retry: an unknown purchase is asked about with purchaseStatus,
// and reversed when the provider never received it or the status window passes.
import 'fake-indexeddb/auto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPosServices, type PosServices } from '../../electron/services/pos-services';
import { findProduct } from '../../electron/sim/airtime/catalogue';
import { startSimulator, type RunningSimulator } from '../../electron/sim/server';
import { buildAirtimePurchaseRequest } from '../../shared/protocol/airtime/envelope';
import type { AirtimeProduct } from '../../shared/protocol/airtime/schemas';
import { cashTender } from '../../shared/protocol/envelope';
import { PosDatabase, type SaleRecord } from '../db/db';
import { Outbox } from '../outbox/outbox';
import { finishSale, resolveInDoubt, startPurchase, type SaleDeps } from './flow';
import { handlersBridge, journaled, memoryLocks, until } from './testing';

let sim: RunningSimulator;
let services: PosServices;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const dataDir = await mkdtemp(join(tmpdir(), 'pos-airtime-core-'));
  services = await startPosServices({ host: 'browser', dataDir, version: 'test', upstreamUrl: sim.baseUrl, airtimeUrl: `${sim.origin}/airtime/v5` });
});
afterAll(async () => {
  await services.close();
  await sim.close();
});

const dbs: PosDatabase[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  await fetch(`${sim.origin}/_sim/faults`, { method: 'DELETE' });
  for (const outbox of outboxes.splice(0)) outbox.stop();
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

const bridge = handlersBridge(() => services.handlers);

function till(): SaleDeps & { db: PosDatabase } {
  const db = new PosDatabase(`airtime-core-${crypto.randomUUID()}`);
  dbs.push(db);
  const info = { ...services.info, outbox: { ...services.info.outbox, retryBaseDelayMs: 50, retryMaxDelayMs: 100 } };
  return { bridge, db, info, locks: memoryLocks(), outbox: { notify: () => undefined } };
}

/** The outbox as the app runs it, sending through the same bridge. */
function sender(db: PosDatabase): Outbox {
  const outbox = new Outbox({ db, bridge, baseDelayMs: 30, maxDelayMs: 100, withLock: (_name, work) => work() });
  outboxes.push(outbox);
  outbox.start();
  return outbox;
}

function product(id: string): AirtimeProduct {
  const found = findProduct(id);
  if (!found) throw new Error(`the simulator has no product ${id}`);
  return found;
}

/** A cash sale of a fixed-price product for a number (international form), as the counter builds it. */
function draft(deps: SaleDeps, msisdn: string, productId = 'VODADATA1GB', price = 9_900) {
  const chosen = product(productId);
  const request = buildAirtimePurchaseRequest(deps.info.terminal, {
    id: crypto.randomUUID(),
    time: new Date().toISOString(),
    product: chosen,
    recipientMsisdn: msisdn,
    tenders: [cashTender({ amount: price, currency: deps.info.terminal.currency })],
  });
  return { service: 'airtime' as const, subject: msisdn, msisdn, product: chosen, request, tendered: price };
}

interface Logged {
  operation: string;
  status: number;
  path: string;
  body: { id?: string; requestId?: string };
}

async function simLog(operation: string): Promise<Logged[]> {
  const log = (await (await fetch(`${sim.origin}/_sim/requests`)).json()) as Logged[];
  return log.filter((entry) => entry.operation === operation);
}

describe('airtime through the product-neutral core', () => {
  it('sells a PIN voucher, and the confirmation (ids in the body) is delivered by the outbox until the journal says confirmed', async () => {
    const deps = till();
    const step = await startPurchase(deps, draft(deps, '27821234567'));
    step.release?.();
    expect(step.kind === 'journaled' && step.sale.state).toBe('approved');
    const sale = step.kind === 'journaled' ? step.sale : undefined;
    expect(sale?.service === 'airtime' && sale.response?.voucher?.pin).toMatch(/^\d+$/);
    const purchaseId = sale?.purchaseId ?? '';

    const finished = await finishSale(deps, purchaseId);
    expect(finished.ok && finished.sale.state).toBe('confirming');
    const [advice] = await deps.db.outbox.where('purchaseId').equals(purchaseId).toArray();
    expect(advice?.advice.kind).toBe('airtimeConfirmation');

    sender(deps.db);
    await until(async () => (await journaled(deps.db, purchaseId)).state === 'confirmed');
    const confirmations = (await simLog('purchaseConfirmation')).filter((r) => r.body.requestId === purchaseId);
    expect(confirmations.map((r) => [r.status, r.body.id])).toEqual([[202, advice?.adviceId]]);
  });

  it('declines with the network’s reason in plain words, and queues no advice', async () => {
    const deps = till();
    const step = await startPurchase(deps, draft(deps, '27820000101'));
    step.release?.();
    expect(step.kind === 'journaled' && step.sale.state).toBe('declined');
    expect(step.kind === 'journaled' && step.sale.declineMessage).toContain('mobile network declined');
    expect(await deps.db.outbox.count()).toBe(0);
  });

  it('resolves an unknown outcome by asking purchaseStatus with the original message id: approved, and marked recovered', async () => {
    const deps = till();
    const step = await startPurchase(deps, draft(deps, '27820000201'));
    expect(step.kind === 'journaled' && step.sale.state).toBe('in-doubt');
    const purchaseId = step.kind === 'journaled' ? step.sale.purchaseId : '';
    const resolved = await resolveInDoubt(deps, purchaseId);
    step.release?.();
    expect(resolved.kind === 'journaled' && resolved.sale.state).toBe('approved');
    const sale = await journaled(deps.db, purchaseId);
    expect(sale.recovered).toBe(true);
    expect(sale.exchanges.map((e) => e.operation)).toEqual(['purchase', 'purchaseStatus']);
    expect(sale.service === 'airtime' && sale.response?.voucher?.serialNumber).toBeTruthy();
    expect((await simLog('purchase')).filter((r) => r.body.id === purchaseId), 'the purchase is never sent twice').toHaveLength(1);
  });

  it('reverses an outcome still unknown when the status window passes, and the reversal is delivered', async () => {
    const deps = till();
    const step = await startPurchase(deps, draft(deps, '27820000202'));
    const purchaseId = step.kind === 'journaled' ? step.sale.purchaseId : '';
    expect((await journaled(deps.db, purchaseId)).state).toBe('in-doubt');
    const resolved = await resolveInDoubt(deps, purchaseId, { windowMs: 600 });
    step.release?.();
    expect(resolved.kind === 'journaled' && resolved.sale.state).toBe('reversing');
    expect((await simLog('purchaseStatus')).length).toBeGreaterThanOrEqual(1);
    const [advice] = await deps.db.outbox.where('purchaseId').equals(purchaseId).toArray();
    expect(advice?.advice.kind).toBe('airtimeReversal');
    expect(advice?.advice.kind === 'airtimeReversal' && advice.advice.body.reversalReason).toBe('TIMEOUT');

    sender(deps.db);
    await until(async () => (await journaled(deps.db, purchaseId)).state === 'reversed');
    expect((await simLog('purchaseReversal')).filter((r) => r.body.requestId === purchaseId).map((r) => r.status)).toEqual([202]);
  });

  it('reverses at once a purchase the provider never received, so a late arrival cannot be sold; the 404 to that reversal settles it', async () => {
    const deps = till();
    await fetch(`${sim.origin}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A gateway answers 504 and the purchase never reaches the provider.
      body: JSON.stringify({ operation: 'purchase', fault: 'status', status: 504, times: 1 }),
    });
    const step = await startPurchase(deps, draft(deps, '27821234567'));
    const purchaseId = step.kind === 'journaled' ? step.sale.purchaseId : '';
    expect((await journaled(deps.db, purchaseId)).state).toBe('in-doubt');
    const resolved = await resolveInDoubt(deps, purchaseId);
    step.release?.();
    expect(resolved.kind === 'journaled' && resolved.sale.state).toBe('reversing');
    expect((await simLog('purchaseStatus')).filter((r) => r.path.includes(purchaseId)).map((r) => r.status)).toEqual([404]);

    sender(deps.db);
    await until(async () => (await journaled(deps.db, purchaseId)).state === 'reversed');
    const [advice] = await deps.db.outbox.where('purchaseId').equals(purchaseId).toArray();
    expect(advice?.state, 'nothing to reverse is final, and not a reconciliation: the journal never held an approval').toBe('delivered');
  });
});
