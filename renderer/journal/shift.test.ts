// The shift report from a real (in-memory) IndexedDB journal: every sale counted where its state
// says it belongs, so the cash the supervisor expects in the drawer is right.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { slipFor } from '../../shared/print';
import { layoutSlip } from '../../shared/slip/layout';
import { PrintRequestSchema } from '../../shared/bridge';
import type { TenderType } from '../../shared/protocol/schemas';
import { TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import { SALE_STATES, type SaleState } from '../../shared/sale-machine';
import { PosDatabase, type SaleRecord } from '../db/db';
import { markShiftClosed, shiftReport, shiftSummary } from './shift';
import { dropScratchJournals, journalSale, scratchJournal } from './testing';

afterEach(dropScratchJournals);

const journal = () => scratchJournal('shift');

let minute = 0;
function sale(state: SaleState, amount: number, tenderType: TenderType = 'CASH'): SaleRecord {
  minute += 1;
  return journalSale({ state, amount, tenderType, createdAt: new Date(Date.UTC(2025, 2, 14, 8, minute)).toISOString() });
}

// R10.00 × (position + 1), so every bucket's amount says which sales it holds.
const AMOUNTS: Record<SaleState, number> = Object.fromEntries(SALE_STATES.map((state, index) => [state, (index + 1) * 1000])) as Record<SaleState, number>;
const sum = (...states: SaleState[]): number => states.reduce((total, state) => total + AMOUNTS[state], 0);

describe('shift report from the journal', () => {
  it('one sale in every state: each counted where it belongs, and the cash expected is what the drawer holds', async () => {
    const db = journal();
    await db.sales.bulkPut(SALE_STATES.map((state) => sale(state, AMOUNTS[state])));
    const report = await shiftReport(db, '710', 'thandi');

    // Tokens in the customer's hands: sold, cash kept — a refused confirmation too.
    const soldStates: SaleState[] = ['approved', 'printed', 'print-failed', 'confirming', 'confirmed', 'confirm-failed'];
    expect(report.sold).toEqual({ count: 6, amount: sum(...soldStates) });
    // Cancelled, cash returned — a refused reversal too; never sold.
    expect(report.reversed).toEqual({ count: 3, amount: sum('reversing', 'reversed', 'reverse-failed') });
    expect(report.declined).toEqual({ count: 1 });
    // Still being asked, and past the retry window: neither sold nor returned, the cash held.
    expect(report.unresolved).toEqual({ count: 2, amount: sum('sending', 'in-doubt') });
    expect(report.review).toEqual({ count: 1, amount: sum('review') });
    expect(report.confirmRefused).toEqual({ count: 1, amount: sum('confirm-failed') });
    expect(report.reverseRefused).toEqual({ count: 1, amount: sum('reverse-failed') });
    expect(report.cash).toEqual({ kept: sum(...soldStates), held: sum('sending', 'in-doubt', 'review') });
    // Every sale is in exactly one of sold, reversed, declined, unresolved, review.
    const counted = report.sold.count + report.reversed.count + report.declined.count + (report.unresolved.count) + (report.review?.count ?? 0);
    expect(counted).toBe(SALE_STATES.length);

    // The printed report says the same, through the bridge's schema and the one slip recipe.
    const printed = layoutSlip(slipFor(PrintRequestSchema.parse(report), { mode: 'live', terminal: TRAINING_TERMINAL }), 48).flatMap((line) =>
      line.kind === 'text' ? [line.text.trim()] : [],
    );
    const money = (minor: number) => `R ${(minor / 100).toFixed(2)}`;
    expect(printed).toContainEqual(expect.stringMatching(new RegExp(`^Sold\\s+6$`)));
    expect(printed).toContainEqual(expect.stringMatching(new RegExp(`^Cash sales\\s+${money(sum(...soldStates))}$`)));
    expect(printed).toContainEqual(expect.stringMatching(new RegExp(`^Expected\\s+${money(sum(...soldStates, 'sending', 'in-doubt', 'review'))}$`)));
    expect(printed).toContain('NEEDS A SUPERVISOR');
    expect(printed).toContain('RECONCILE WITH SUPPORT');
  });

  it('a sale paid by card is sold but puts no cash in the drawer', async () => {
    const db = journal();
    await db.sales.bulkPut([sale('confirmed', 5000), sale('confirmed', 7000, 'DEBIT_CARD')]);
    const report = await shiftReport(db, '710');
    expect(report.sold).toEqual({ count: 2, amount: 12000 });
    expect(report.cash).toEqual({ kept: 5000, held: 0 });
  });

  it('a closed shift is left out of the next one', async () => {
    const db = journal();
    await db.sales.put(sale('confirmed', 5000));
    const first = await shiftReport(db, '710');
    await markShiftClosed(db, first.to);
    await db.sales.put({ ...sale('reverse-failed', 3000), createdAt: new Date(Date.parse(first.to) + 1).toISOString() });
    const second = await shiftReport(db, '710');
    expect(second.sold).toEqual({ count: 0, amount: 0 });
    expect(second.reversed).toEqual({ count: 1, amount: 3000 });
    expect(second.cash).toEqual({ kept: 0, held: 0 });
  });
});

describe('the on-screen shift summary', () => {
  it('says what was sold, reversed and declined, and adds only what needs attention', async () => {
    const db = journal();
    await db.sales.bulkPut([sale('confirmed', 5000), sale('reversed', 5000)]);
    expect(shiftSummary(await shiftReport(db, '710'))).toBe('1 sold, 1 reversed, 0 declined');

    await db.sales.bulkPut([sale('review', 2000), sale('confirm-failed', 3000), sale('reverse-failed', 4000), sale('in-doubt', 1000)]);
    expect(shiftSummary(await shiftReport(db, '710'))).toBe(
      '2 sold, 2 reversed, 0 declined; 1 without an outcome, 1 needs a supervisor (R 30.00 held); 1 refused confirmation and 1 refused reversal to reconcile; cash expected R 110.00',
    );
  });
});
