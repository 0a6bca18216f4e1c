// Shifts, X and Z from a real (in-memory) IndexedDB journal: a float, sales in every outcome the
// counter meets, electricity and airtime, cash and card; each figure checked against the sales put in.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { PrintRequestSchema } from '../../shared/bridge';
import { slipFor } from '../../shared/print';
import { buildAirtimePurchaseRequest } from '../../shared/protocol/airtime/envelope';
import { TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import { layoutSlip } from '../../shared/slip/layout';
import { newAdviceRecord, type AirtimeSale, type PosDatabase, type SaleRecord } from '../db/db';
import { electricity } from '../services';
import { closeShiftCounted, closingTotals, currentShift, openShift, xReport, zReport } from './shift-totals';
import { dropScratchJournals, journalSale, scratchJournal } from './testing';

afterEach(dropScratchJournals);

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function airtimeSale(state: SaleRecord['state'], amount: number, createdAt: string): AirtimeSale {
  const purchaseId = crypto.randomUUID();
  const request = buildAirtimePurchaseRequest(TRAINING_TERMINAL, {
    id: purchaseId,
    time: createdAt,
    operatorId: 'thandi',
    product: { productId: 'VOD10' },
    recipientMsisdn: '27825550101',
    tenders: [{ amount: { amount, currency: '710' }, tenderType: 'CASH' }],
  });
  return {
    service: 'airtime',
    purchaseId,
    createdAt,
    updatedAt: createdAt,
    subject: '27825550101',
    msisdn: '27825550101',
    product: { productId: 'VOD10', name: 'Vodacom R10' },
    state,
    request,
    tendered: amount,
    exchanges: [],
    history: [{ at: createdAt, state }],
  };
}

/** An electricity sale by cashier `operatorId` (the request's originator, as the counter sends it). */
function meterSale(shape: Parameters<typeof journalSale>[0], operatorId = 'thandi'): SaleRecord {
  const sale = journalSale(shape);
  if (sale.service !== 'electricity') throw new Error('electricity expected');
  return { ...sale, request: { ...sale.request, originator: { ...sale.request.originator, operatorId } } };
}

/**
 * A shift opened an hour ago with R200.00 float, then: R100 confirmed (cash), R50 declined, R30
 * reversed, R20 in doubt, R40 card (debit) confirmed, R10 airtime confirmed (cash), R70 reversal
 * refused, R100 confirmed and printed again from the journal by 'sipho'; one confirmation pending.
 */
async function aShift(db: PosDatabase) {
  const opened = await openShift(db, { float: 20_000, currency: '710', operatorId: 'thandi', at: ago(HOUR) });
  expect(opened.ok).toBe(true);
  const t = (minutes: number) => ago(HOUR - minutes * 60_000);
  const confirmed = meterSale({ state: 'confirmed', amount: 10_000, createdAt: t(1) });
  const reprinted = meterSale({ state: 'confirmed', amount: 10_000, createdAt: t(8), meterId: '04100000200' }, 'sipho');
  const withReprint: SaleRecord = {
    ...reprinted,
    printedAt: t(9),
    history: [...reprinted.history, { at: t(9), state: 'confirmed', note: 'slip printed again, marked REPRINT' }],
  };
  const pendingSale = meterSale({ state: 'confirming', amount: 2_500, createdAt: t(10), meterId: '04100000300' });
  const sales: SaleRecord[] = [
    confirmed,
    meterSale({ state: 'declined', amount: 5_000, createdAt: t(2) }),
    meterSale({ state: 'reversed', amount: 3_000, createdAt: t(3), before: ['approved', 'reversing'] }),
    meterSale({ state: 'in-doubt', amount: 2_000, createdAt: t(4), meterId: '04100000400' }),
    meterSale({ state: 'confirmed', amount: 4_000, createdAt: t(5), tenderType: 'DEBIT_CARD' }),
    airtimeSale('confirmed', 1_000, t(6)),
    meterSale({ state: 'reverse-failed', amount: 7_000, createdAt: t(7), meterId: '04100000500' }),
    withReprint,
    pendingSale,
  ];
  await db.sales.bulkPut(sales);
  await db.outbox.put(newAdviceRecord(pendingSale.purchaseId, electricity.advice('confirmation', pendingSale as never, t(11))));
}

const printed = (request: unknown) =>
  layoutSlip(slipFor(PrintRequestSchema.parse(request), { mode: 'live', terminal: TRAINING_TERMINAL }), 48).flatMap((line) =>
    line.kind === 'text' ? [line.text.trim()] : [],
  );

describe('a shift from float to close', () => {
  it('X report: by product and tender, the drawer with its float, and every open item named', async () => {
    const db = scratchJournal('shift-x');
    await aShift(db);
    const x = await xReport(db, 'thandi');
    if (!x.ok) throw new Error(x.message);
    const report = x.value;
    expect(report.report).toBe('x');
    expect(report.number).toBe(1);
    // Sold: R100 + R40 card + R10 airtime + R100 reprinted + R25 confirming = R275.
    expect(report.sold).toEqual({ count: 5, amount: 27_500 });
    expect(report.products).toEqual([
      { product: 'Electricity', sold: { count: 4, amount: 26_500 }, reversed: { count: 2, amount: 10_000 }, declined: 1, unresolved: { count: 1, amount: 2_000 }, review: { count: 0, amount: 0 } },
      { product: 'Airtime & data', sold: { count: 1, amount: 1_000 }, reversed: { count: 0, amount: 0 }, declined: 0, unresolved: { count: 0, amount: 0 }, review: { count: 0, amount: 0 } },
    ]);
    expect(report.tenders).toEqual([
      { tender: 'CASH', sold: { count: 4, amount: 23_500 }, held: 2_000 },
      { tender: 'DEBIT_CARD', sold: { count: 1, amount: 4_000 }, held: 0 },
    ]);
    // Float + cash kept + cash of the in-doubt sale, which is in the drawer until its outcome is known.
    expect(report.drawer).toEqual({ float: 20_000, expected: 20_000 + 23_500 + 2_000 });
    expect(report.pendingAdvices?.map((a) => `${a.kind} ${a.subject}`)).toEqual(['Confirmation meter 04100000300']);
    expect(report.unknownOutcomes?.map((s) => [s.subject, s.amount])).toEqual([['meter 04100000400', 2_000]]);
    expect(report.reversalsRefused?.map((s) => [s.subject, s.amount])).toEqual([['meter 04100000500', 7_000]]);
    expect(report.reprints?.map((r) => [r.subject, r.by])).toEqual([['meter 04100000200', 'sipho']]);

    const lines = printed(report);
    expect(lines).toContain('X REPORT');
    expect(lines).toContainEqual(expect.stringMatching(/^Airtime & data$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Debit card 1\s+R 40\.00$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Float\s+R 200\.00$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Expected\s+R 455\.00$/));
    expect(lines).toContainEqual(expect.stringMatching(/Confirmation, meter 04100000300$/));
    expect(lines).toContainEqual(expect.stringMatching(/meter 04100000200 by sipho$/));

    // Any number of X reports, each numbered within the shift.
    const again = await xReport(db);
    expect(again.ok && again.value.number).toBe(2);
  });

  it('close: each tender counted against what the journal expects, the variance recorded, the shift over', async () => {
    const db = scratchJournal('shift-close');
    await aShift(db);
    const before = await closingTotals(db);
    if (!before.ok) throw new Error(before.message);
    expect(Object.fromEntries(before.value.expected)).toEqual({ CASH: 45_500, DEBIT_CARD: 4_000 });

    // R5.00 short in cash; the card batch agrees.
    const closed = await closeShiftCounted(db, { CASH: 45_000, DEBIT_CARD: 4_000 }, 'thandi');
    if (!closed.ok) throw new Error(closed.message);
    expect(closed.value.report.drawer?.counts).toEqual([
      { tender: 'CASH', expected: 45_500, counted: 45_000, variance: -500 },
      { tender: 'DEBIT_CARD', expected: 4_000, counted: 4_000, variance: 0 },
    ]);
    expect(await currentShift(db)).toBeUndefined();
    const stored = await db.shifts.get(closed.value.shift.id);
    expect(stored?.kind === 'shift' && stored.counts?.[0]).toEqual({ tender: 'CASH', expected: 45_500, counted: 45_000, variance: -500 });
    const lines = printed(closed.value.report);
    expect(lines).toContain('SHIFT CLOSE');
    expect(lines).toContainEqual(expect.stringMatching(/^Variance\s+Short R 5\.00$/));
    // A closed shift has no X, and a second close finds nothing to close.
    expect((await xReport(db)).ok).toBe(false);
    expect((await closeShiftCounted(db, { CASH: 0 })).ok).toBe(false);
  });

  it('one shift open at a time; the float is never negative', async () => {
    const db = scratchJournal('shift-open');
    expect((await openShift(db, { float: -1, currency: '710' })).ok).toBe(false);
    expect((await openShift(db, { float: 0, currency: '710' })).ok).toBe(true);
    expect(await openShift(db, { float: 100, currency: '710' })).toMatchObject({ ok: false, message: expect.stringMatching(/already open/) });
  });
});

describe('reprints', () => {
  it('a copy printed at the counter before the sale finished counts, and one of an older sale printed in the period; the first print does not, nor a copy outside the period', async () => {
    const db = scratchJournal('shift-reprints');
    await openShift(db, { float: 0, currency: '710', at: ago(HOUR) });
    const at = (minutes: number) => ago(HOUR - minutes * 60_000);
    const retried = meterSale({ state: 'printed', createdAt: at(1), meterId: '04100000600' }, 'lindi');
    const once = meterSale({ state: 'confirmed', createdAt: at(2), meterId: '04100000700' });
    const before = meterSale({ state: 'confirmed', createdAt: ago(2 * HOUR), meterId: '04100000800' });
    const yesterday = meterSale({ state: 'confirmed', createdAt: ago(24 * HOUR), meterId: '04100000900' }, 'sipho');
    await db.sales.bulkPut([
      // First slip failed, the cashier pressed Reprint: the second is a copy marked REPRINT.
      { ...retried, history: [{ at: at(1), state: 'approved' }, { at: at(1), state: 'print-failed' }, { at: at(2), state: 'printed' }] },
      { ...once, history: [{ at: at(2), state: 'approved' }, { at: at(2), state: 'printed' }, { at: at(3), state: 'confirmed' }] },
      // Sold before the shift and printed again before it too.
      { ...before, printedAt: ago(90 * 60_000), history: [...before.history, { at: ago(90 * 60_000), state: 'confirmed', note: 'slip printed again, marked REPRINT' }] },
      // Sold yesterday, printed again from the journal during this shift: it counts in this shift.
      { ...yesterday, printedAt: at(4), history: [...yesterday.history, { at: at(4), state: 'confirmed', note: 'slip printed again, marked REPRINT' }] },
    ]);
    const x = await xReport(db);
    if (!x.ok) throw new Error(x.message);
    expect(x.value.reprints?.map((r) => [r.subject, r.by])).toEqual([
      ['meter 04100000600', 'lindi'],
      ['meter 04100000900', 'sipho'],
    ]);
  });
});

describe('the Z report', () => {
  it('numbered, covering every shift since the last Z, once a day, and never while a shift is open', async () => {
    const db = scratchJournal('shift-z');
    await aShift(db);
    expect(await zReport(db, { currency: '710' })).toMatchObject({ ok: false, message: expect.stringMatching(/shift is still open/) });
    const closed = await closeShiftCounted(db, { CASH: 46_000, DEBIT_CARD: 4_000 });
    expect(closed.ok).toBe(true);

    const z = await zReport(db, { currency: '710', operatorId: 'boss', timeZone: 'Africa/Johannesburg' });
    if (!z.ok) throw new Error(z.message);
    expect(z.value.zNumber).toBe(1);
    expect(z.value.report.sold).toEqual({ count: 5, amount: 27_500 });
    expect(z.value.report.shifts).toEqual([expect.objectContaining({ float: 20_000, variance: 500 })]);
    expect(z.value.report.drawer).toEqual({ float: 20_000, expected: 45_500 });
    const lines = printed(z.value.report);
    expect(lines).toContain('Z REPORT');
    expect(lines).toContainEqual(expect.stringMatching(/^Z number\s+1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Cash\s+Over R 5\.00$/));

    // The same day again: refused, by the check and by the journal's unique index.
    expect(await zReport(db, { currency: '710', timeZone: 'Africa/Johannesburg' })).toMatchObject({ ok: false, message: expect.stringMatching(/already taken/) });
    await expect(db.shifts.add({ ...z.value, id: crypto.randomUUID(), zNumber: 2 })).rejects.toThrow();
    expect(await db.shifts.where('kind').equals('z').count()).toBe(1);
  });

  it('the next day numbers on and starts where the last Z ended', async () => {
    const db = scratchJournal('shift-z2');
    await db.sales.put(meterSale({ state: 'confirmed', amount: 10_000, createdAt: ago(3 * HOUR) }));
    const first = await zReport(db, { currency: '710' });
    if (!first.ok) throw new Error(first.message);
    // Pretend the first Z was yesterday's.
    await db.shifts.put({ ...first.value, zDay: '2000-01-01' });
    await db.sales.put(meterSale({ state: 'confirmed', amount: 3_000, createdAt: new Date(Date.parse(first.value.to) + 1).toISOString() }));
    const second = await zReport(db, { currency: '710' });
    if (!second.ok) throw new Error(second.message);
    expect(second.value.zNumber).toBe(2);
    expect(second.value.from).toBe(first.value.to);
    expect(second.value.report.sold).toEqual({ count: 1, amount: 3_000 });
  });
});
