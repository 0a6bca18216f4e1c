// The journal's own guarantees, on an in-memory IndexedDB: a transition and the advice it creates
// are written together or not at all, a refused event changes nothing but keeps its evidence, and
// journals from before the 'advice-failed' split open with each sale where its history puts it.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { SaleState } from '../../shared/sale-machine';
import { nowIso, PosDatabase, type SaleRecord } from '../db/db';
import { applySaleEvent } from './journal';
import { dropScratchJournals, journalSale, scratchJournal } from './testing';

afterEach(dropScratchJournals);

const journal = () => scratchJournal('journal');
const saleIn = (state: SaleState, history: SaleState[] = [state]): SaleRecord =>
  journalSale({ state, meterId: 'TST001', before: history.slice(0, -1) });

describe('journal', () => {
  it('writes the reversal and the state change in one transaction, or neither', async () => {
    const db = journal();
    const sale = saleIn('in-doubt', ['sending', 'in-doubt']);
    await db.sales.add(sale);
    db.outbox.hook('creating', () => {
      throw new DOMException('The disk is full', 'QuotaExceededError');
    });
    await expect(applySaleEvent(db, sale.purchaseId, { type: 'abandon', reason: 'TIMEOUT' })).rejects.toThrow();
    expect((await db.sales.get(sale.purchaseId))?.state, 'no reversing without its reversal').toBe('in-doubt');
    expect(await db.outbox.count()).toBe(0);
  });

  it('abandons a sale that is still sending, with its reversal', async () => {
    const db = journal();
    const sale = saleIn('sending');
    await db.sales.add(sale);
    const applied = await applySaleEvent(db, sale.purchaseId, { type: 'abandon', reason: 'TIMEOUT' });
    expect(applied.ok && applied.sale.state).toBe('reversing');
    const [advice] = await db.outbox.toArray();
    expect(advice?.advice.kind).toBe('reversal');
    expect(advice?.advice.kind === 'reversal' && advice.advice.body.reversalReason).toBe('TIMEOUT');
  });

  it('refuses an approval after an abandon but keeps the answer as evidence', async () => {
    const db = journal();
    const sale = saleIn('reversing', ['sending', 'reversing']);
    await db.sales.add(sale);
    const exchange = { at: nowIso(), operation: 'retryPurchaseRequest' as const, requestId: crypto.randomUUID(), outcome: { kind: 'successful' as const, status: 201 } };
    const applied = await applySaleEvent(db, sale.purchaseId, { type: 'approved' }, { exchange });
    expect(applied.ok).toBe(false);
    const stored = await db.sales.get(sale.purchaseId);
    expect(stored?.state).toBe('reversing');
    expect(stored?.exchanges).toHaveLength(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('opens a journal from before the split with refused confirmations and refused reversals told apart', async () => {
    const name = `journal-old-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores({ sales: 'purchaseId, createdAt, meterId, state', outbox: 'adviceId, purchaseId, createdAt, state, [state+createdAt]', meta: 'key' });
    old.version(2).stores({ keyChanges: 'requestId, createdAt, meterId, state' });
    const sold = { ...saleIn('printed'), state: 'advice-failed', history: [{ at: nowIso(), state: 'confirming' }, { at: nowIso(), state: 'advice-failed' }] };
    const cancelled = { ...saleIn('printed'), state: 'advice-failed', history: [{ at: nowIso(), state: 'reversing' }, { at: nowIso(), state: 'advice-failed' }] };
    await old.table('sales').bulkAdd([sold, cancelled]);
    old.close();

    const db = new PosDatabase(name);
    expect((await db.sales.get(sold.purchaseId))?.state).toBe('confirm-failed');
    expect((await db.sales.get(cancelled.purchaseId))?.state).toBe('reverse-failed');
    db.close();
    await db.delete();
  });
});
