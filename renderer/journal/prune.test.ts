// Journal retention on a real (in-memory) IndexedDB journal: only finished, old, backed-up sales go;
// nothing a supervisor or the upstream still has to act on ever does.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { SALE_STATES, type SaleState } from '../../shared/sale-machine';
import { newAdviceRecord, PosDatabase, type AdviceRecord, type SaleRecord } from '../db/db';
import { pruneJournal } from './prune';
import { dropScratchJournals, journalSale, scratchJournal } from './testing';

afterEach(dropScratchJournals);

const journal = () => scratchJournal('prune');

const NOW = new Date(Date.UTC(2026, 10, 29, 12));
const daysAgo = (days: number): string => new Date(NOW.getTime() - days * 24 * 60 * 60_000).toISOString();

function sale(state: SaleState, createdDaysAgo: number, finishedDaysAgo = createdDaysAgo): SaleRecord {
  return journalSale({ state, amount: 5000, createdAt: daysAgo(createdDaysAgo), updatedAt: daysAgo(finishedDaysAgo) });
}

function confirmation(record: SaleRecord, state: AdviceRecord['state']): AdviceRecord {
  // Pruning reads only an advice's link to its sale and its state; the body is a stand-in.
  const body = { id: crypto.randomUUID(), requestId: record.purchaseId } as unknown as Extract<AdviceRecord['advice'], { kind: 'confirmation' }>['body'];
  return { ...newAdviceRecord(record.purchaseId, { kind: 'confirmation', body }), state };
}

async function backedUp(db: PosDatabase, startedAt: string): Promise<void> {
  const complete = { backupId: crypto.randomUUID(), path: '/backups/x.json', reason: 'daily', startedAt, at: startedAt };
  await db.meta.put({ key: 'lastCompleteBackup', value: JSON.stringify(complete) });
}

const ids = async (db: PosDatabase) => new Set((await db.sales.toArray()).map((s) => s.purchaseId));

describe('journal retention', () => {
  it('deletes nothing until a whole backup exists, however old the sales', async () => {
    const db = journal();
    await db.sales.bulkPut([sale('confirmed', 900), sale('declined', 800)]);
    expect(await pruneJournal(db, { now: NOW })).toMatchObject({ sales: 0 });
    expect(await db.sales.count()).toBe(2);
  });

  it('deletes finished sales older than the retention period that a backup holds, with their delivered advices', async () => {
    const db = journal();
    const old = [sale('confirmed', 500), sale('declined', 450), sale('reversed', 401)];
    const young = [sale('confirmed', 399), sale('confirmed', 10)];
    await db.sales.bulkPut([...old, ...young]);
    const delivered = [confirmation(old[0] as SaleRecord, 'delivered'), confirmation(young[0] as SaleRecord, 'delivered')];
    await db.outbox.bulkPut(delivered);
    await backedUp(db, daysAgo(0));

    const result = await pruneJournal(db, { now: NOW, batch: 2 });
    expect(result).toMatchObject({ sales: 3, advices: 1 });
    expect(await ids(db)).toEqual(new Set(young.map((s) => s.purchaseId)));
    expect((await db.outbox.toArray()).map((a) => a.purchaseId)).toEqual([young[0]?.purchaseId]);
  });

  it('never deletes a sale that is unresolved, in review, refused, or waiting for its advice, however old', async () => {
    const db = journal();
    const unfinished = SALE_STATES.filter((s) => !['confirmed', 'declined', 'reversed'].includes(s)).map((state) => sale(state, 1000));
    expect(unfinished.map((s) => s.state)).toEqual(expect.arrayContaining(['sending', 'in-doubt', 'review', 'confirm-failed', 'reverse-failed', 'confirming', 'reversing']));
    // Confirmed in the journal, but an advice for it is still pending or was refused.
    const confirmedPending = sale('confirmed', 1000);
    const confirmedRefused = sale('confirmed', 1000);
    await db.sales.bulkPut([...unfinished, confirmedPending, confirmedRefused]);
    await db.outbox.bulkPut([confirmation(confirmedPending, 'pending'), confirmation(confirmedRefused, 'failed')]);
    await backedUp(db, daysAgo(0));

    expect(await pruneJournal(db, { now: NOW, batch: 3 })).toMatchObject({ sales: 0, advices: 0 });
    expect(await db.sales.count()).toBe(unfinished.length + 2);
    expect(await db.outbox.count()).toBe(2);
  });

  it('keeps a sale finished after the last whole backup began: that backup may not hold its final state', async () => {
    const db = journal();
    const finishedLate = sale('reversed', 600, 2);
    const finishedEarly = sale('reversed', 600, 500);
    await db.sales.bulkPut([finishedLate, finishedEarly]);
    await backedUp(db, daysAgo(3));
    await pruneJournal(db, { now: NOW });
    expect(await ids(db)).toEqual(new Set([finishedLate.purchaseId]));
  });

  it('keeps at least the minimum period even when configured shorter', async () => {
    const db = journal();
    const recent = sale('confirmed', 60);
    const older = sale('confirmed', 120);
    await db.sales.bulkPut([recent, older]);
    await backedUp(db, daysAgo(0));
    await pruneJournal(db, { now: NOW, retentionDays: 1 });
    expect(await ids(db)).toEqual(new Set([recent.purchaseId]));
  });
});
