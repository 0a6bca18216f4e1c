// The sale flow against an in-memory IndexedDB, the real main-side services (bridge handlers, the
// upstream client, the per-purchase queue) and the real simulator over HTTP.
import 'fake-indexeddb/auto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MeterLookupResponse } from '../../shared/protocol/schemas';
import { startPosServices, type PosServices } from '../../electron/services/pos-services';
import { startSimulator, type RunningSimulator } from '../../electron/sim/server';
import { PosDatabase, type SaleRecord } from '../db/db';
import {
  abandonSale,
  cancelSale,
  finishSale,
  lookupMeter,
  printRecoveredSlip,
  purchase,
  recoverApprovedSales,
  resolveInDoubt,
  type SaleDeps,
} from './flow';
import { saleLockName, type SaleLocks } from './locks';
import { handlersBridge, journaled, memoryLocks, until } from './testing';

let sim: RunningSimulator;
let services: PosServices;
let dataDir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  dataDir = await mkdtemp(join(tmpdir(), 'pos-flow-'));
  services = await startPosServices({ host: 'browser', dataDir, version: 'test', upstreamUrl: sim.baseUrl });
});
afterAll(async () => {
  await services.close();
  await sim.close();
});

const dbs: PosDatabase[] = [];
afterEach(async () => {
  await fetch(`${sim.origin}/_sim/faults`, { method: 'DELETE' });
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

const bridge = handlersBridge(() => services.handlers);

function till(locks: SaleLocks = memoryLocks()): SaleDeps & { db: PosDatabase; notified: () => number } {
  const db = new PosDatabase(`flow-${crypto.randomUUID()}`);
  dbs.push(db);
  let notified = 0;
  const info = { ...services.info, outbox: { ...services.info.outbox, retryBaseDelayMs: 50, retryMaxDelayMs: 100 } };
  return { bridge, db, info, locks, outbox: { notify: () => void (notified += 1) }, notified: () => notified };
}

async function fault(spec: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sim.origin}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(response.ok).toBe(true);
}

async function simLog(operation: string): Promise<Array<{ body: { id?: string }; status: number }>> {
  const log = (await (await fetch(`${sim.origin}/_sim/requests`)).json()) as Array<{ operation: string; body: { id?: string }; status: number }>;
  return log.filter((entry) => entry.operation === operation);
}

async function meter(deps: SaleDeps, id = 'TST001'): Promise<MeterLookupResponse> {
  const looked = await lookupMeter(deps, id);
  if (!looked.ok) throw new Error(looked.message);
  return looked.value;
}

const TENDER = { amount: 10_000, tendered: 10_000, change: 0 };

describe('sale flow', () => {
  it('abandons a purchase still at the upstream: the reversal is queued with the state change, and the late approval is recorded but never applied', async () => {
    const deps = till();
    const lookup = await meter(deps);
    await fault({ operation: 'createTokenPurchaseRequest', fault: 'delay', delayMs: 800, times: 1 });
    const before = (await simLog('createTokenPurchaseRequest')).length;
    const buying = purchase(deps, lookup, TENDER);
    await until(async () => (await simLog('createTokenPurchaseRequest')).length > before);
    const purchaseId = (await deps.db.sales.toArray())[0]?.purchaseId ?? '';
    expect((await journaled(deps.db, purchaseId)).state).toBe('sending');

    const abandoned = await abandonSale(deps, purchaseId);
    expect(abandoned.ok && abandoned.sale.state).toBe('reversing');
    const advices = await deps.db.outbox.where('purchaseId').equals(purchaseId).toArray();
    expect(advices.map((a) => [a.advice.kind, a.state])).toEqual([['reversal', 'pending']]);

    const step = await buying;
    step.release?.();
    expect(step.kind).toBe('journaled');
    const sale = await journaled(deps.db, purchaseId);
    expect(sale.state).toBe('reversing');
    expect(sale.response, 'the refused approval does not become the sale’s response').toBeUndefined();
    expect(sale.exchanges.at(-1)?.outcome.kind, 'the late approval is kept as evidence').toBe('successful');
    expect(await finishSale(deps, purchaseId)).toMatchObject({ ok: false, sale: { state: 'reversing' } });
    expect(await deps.db.outbox.where('purchaseId').equals(purchaseId).count()).toBe(1);
  });

  it('lets only one of two windows start a purchase while another is unresolved', async () => {
    const deps = till();
    const lookup = await meter(deps);
    await fault({ operation: 'createTokenPurchaseRequest', fault: 'delay', delayMs: 500, times: 2 });
    const [a, b] = await Promise.all([purchase(deps, lookup, TENDER), purchase(deps, lookup, TENDER)]);
    a.release?.();
    b.release?.();
    expect([a.kind, b.kind].sort()).toEqual(['blocked', 'journaled']);
    expect(await deps.db.sales.count()).toBe(1);
  });

  it('sends nothing when the journal cannot take the purchase, and lets go of the sale', async () => {
    const deps = till();
    const lookup = await meter(deps);
    deps.db.sales.hook('creating', () => {
      throw new DOMException('The disk is full', 'QuotaExceededError');
    });
    const before = (await simLog('createTokenPurchaseRequest')).length;
    const step = await purchase(deps, lookup, TENDER);
    expect(step.kind).toBe('storage-error');
    expect(step.kind === 'storage-error' && step.message).toContain('Nothing was sent to the utility or the network');
    expect(step.kind === 'storage-error' && step.message).toContain('storage is full');
    expect((await simLog('createTokenPurchaseRequest')).length).toBe(before);
    expect(await deps.db.sales.count()).toBe(0);
  });

  it('does not claim a sale whose answer could not be recorded: the journal still says sending, and a retry finds the vend', async () => {
    const deps = till();
    const lookup = await meter(deps);
    const refuseUpdates = () => {
      throw new DOMException('The disk is full', 'QuotaExceededError');
    };
    deps.db.sales.hook('updating', refuseUpdates);
    const step = await purchase(deps, lookup, TENDER);
    expect(step.kind).toBe('storage-error');
    expect(step.kind === 'storage-error' && step.message).toContain('Do not hand over any token or voucher, and keep the cash');
    const purchaseId = step.kind === 'storage-error' ? (step.sale?.purchaseId ?? '') : '';
    expect((await journaled(deps.db, purchaseId)).state).toBe('sending');

    deps.db.sales.hook('updating').unsubscribe(refuseUpdates);
    const resolved = await resolveInDoubt(deps, purchaseId);
    step.release?.();
    expect(resolved.kind === 'journaled' && resolved.sale.state).toBe('approved');
    expect((await simLog('createTokenPurchaseRequest')).filter((r) => r.body.id === purchaseId)).toHaveLength(1);
  });

  it('treats DUPLICATE_RECORD to a purchase as in doubt, and the retry settles it', async () => {
    const deps = till();
    const lookup = await meter(deps);
    await fault({ operation: 'createTokenPurchaseRequest', fault: 'status', status: 400, errorType: 'DUPLICATE_RECORD', times: 1 });
    const step = await purchase(deps, lookup, TENDER);
    expect(step.kind === 'journaled' && step.sale.state).toBe('in-doubt');
    const purchaseId = step.kind === 'journaled' ? step.sale.purchaseId : '';
    const resolved = await resolveInDoubt(deps, purchaseId);
    step.release?.();
    expect(resolved.kind === 'journaled' && resolved.sale.state).toBe('approved');
  });

  it('stops retrying once the retry window has passed and leaves the sale for a supervisor', async () => {
    const deps = till();
    const lookup = await meter(deps);
    await fault({ operation: 'createTokenPurchaseRequest', fault: 'status', status: 500, times: 1 });
    const step = await purchase(deps, lookup, TENDER);
    step.release?.();
    const purchaseId = step.kind === 'journaled' ? step.sale.purchaseId : '';
    expect((await journaled(deps.db, purchaseId)).state).toBe('in-doubt');
    const retriesBefore = (await simLog('retryPurchaseRequest')).length;
    const later = Date.now() + deps.info.outbox.retryWindowMs + 1;
    const resolved = await resolveInDoubt(deps, purchaseId, { now: () => later });
    expect(resolved.kind === 'journaled' && resolved.sale.state).toBe('review');
    expect((await simLog('retryPurchaseRequest')).length, 'no retry past the window').toBe(retriesBefore);
    // It no longer blocks the till, and Abandon still reverses it.
    const next = await purchase(deps, lookup, TENDER);
    next.release?.();
    expect(next.kind).toBe('journaled');
    expect(await abandonSale(deps, purchaseId)).toMatchObject({ ok: true, sale: { state: 'reversing' } });
  });

  it('answers an action with what the journal holds when the journal refuses it', async () => {
    const deps = till();
    const lookup = await meter(deps);
    const step = await purchase(deps, lookup, TENDER);
    step.release?.();
    const purchaseId = step.kind === 'journaled' ? step.sale.purchaseId : '';
    expect((await finishSale(deps, purchaseId)).ok).toBe(true);
    const refused = await cancelSale(deps, purchaseId);
    expect(refused).toMatchObject({ ok: false, sale: { state: 'confirming' } });
    expect(await abandonSale(deps, purchaseId)).toMatchObject({ ok: false, sale: { state: 'confirming' } });
  });

  it('recovery leaves a sale another window owns, confirms the rest without waiting for the printer, then prints RECOVERED', async () => {
    const locks = memoryLocks();
    const deps = till(locks);
    const lookup = await meter(deps);
    const mine = await purchase(deps, lookup, TENDER);
    const theirs = await purchase(deps, lookup, TENDER);
    mine.release?.();
    // `theirs` stays held, as by a window still showing it.
    const mineId = mine.kind === 'journaled' ? mine.sale.purchaseId : '';
    const theirsId = theirs.kind === 'journaled' ? theirs.sale.purchaseId : '';
    const slipsBefore = await readFile(join(dataDir, 'slips.bin'), 'latin1').catch(() => '');

    const recovered = await recoverApprovedSales(deps);
    expect(recovered.map((r) => [r.purchaseId, r.needsSlip])).toEqual([[mineId, true]]);
    expect((await journaled(deps.db, mineId)).state).toBe('confirming');
    expect((await journaled(deps.db, theirsId)).state).toBe('approved');
    expect(await readFile(join(dataDir, 'slips.bin'), 'latin1').catch(() => ''), 'nothing printed during recovery').toBe(slipsBefore);

    expect(await printRecoveredSlip(deps, mineId)).toContain('printed now, marked RECOVERED');
    expect(await readFile(join(dataDir, 'slips.bin'), 'latin1')).toContain('RECOVERED');
    theirs.release?.();
    expect(await locks.hold(saleLockName(theirsId), { ifAvailable: true })).toBeTypeOf('function');
  });
});
