// The shift report: what this terminal sold since the last shift close, read from the journal.
import type { ShiftReportPrintRequest } from '../../shared/bridge';
import { formatMoney } from '../../shared/money';
import type { SaleState } from '../../shared/sale-machine';
import { nowIso, type PosDatabase, type SaleRecord } from '../db/db';
import { paidInCash, saleAmount } from '../services';

const LAST_CLOSE_KEY = 'lastShiftClose';

/**
 * Where a sale counts at shift close. Its cash follows: a sold sale's cash is kept, a reversed
 * one's was handed back, a declined one never taken, and a sale with no outcome (still being asked,
 * or past the retry window awaiting a supervisor) has its cash held in the drawer.
 */
export type ShiftBucket = 'sold' | 'reversed' | 'declined' | 'unresolved' | 'review';

// A Record, so a new sale state does not compile until someone decides where it counts.
export const SHIFT_BUCKET: Record<SaleState, ShiftBucket> = {
  sending: 'unresolved',
  'in-doubt': 'unresolved',
  review: 'review',
  declined: 'declined',
  approved: 'sold',
  printed: 'sold',
  'print-failed': 'sold',
  confirming: 'sold',
  confirmed: 'sold',
  // The tokens are the customer's; only the upstream's books disagree.
  'confirm-failed': 'sold',
  reversing: 'reversed',
  reversed: 'reversed',
  // The cash went back to the customer; only the upstream's books disagree.
  'reverse-failed': 'reversed',
};

const amountOf = saleAmount;

function countAndAmount(sales: SaleRecord[]): { count: number; amount: number } {
  return { count: sales.length, amount: sales.reduce((sum, sale) => sum + amountOf(sale), 0) };
}

export async function shiftReport(db: PosDatabase, currency: string, operatorId?: string): Promise<ShiftReportPrintRequest> {
  const to = nowIso();
  const from = (await db.meta.get(LAST_CLOSE_KEY))?.value ?? (await db.sales.orderBy('createdAt').first())?.createdAt ?? to;
  return salesReport(db, from, to, currency, operatorId);
}

/** The shift report's counts over [from, to] (by each sale's createdAt). */
export async function salesReport(db: PosDatabase, from: string, to: string, currency: string, operatorId?: string): Promise<ShiftReportPrintRequest> {
  const sales = await db.sales.where('createdAt').between(from, to, true, true).toArray();
  const inBucket = (bucket: ShiftBucket) => sales.filter((sale) => SHIFT_BUCKET[sale.state] === bucket);
  const inState = (state: SaleState) => sales.filter((sale) => sale.state === state);
  const cashOf = (chosen: SaleRecord[]) => chosen.filter(paidInCash).reduce((sum, sale) => sum + amountOf(sale), 0);
  const sold = inBucket('sold');
  const unresolved = inBucket('unresolved');
  const review = inBucket('review');
  return {
    kind: 'shiftReport',
    printedAt: to,
    from,
    to,
    ...(operatorId ? { operatorId } : {}),
    currency,
    sold: countAndAmount(sold),
    reversed: countAndAmount(inBucket('reversed')),
    declined: { count: inBucket('declined').length },
    unresolved: countAndAmount(unresolved),
    review: countAndAmount(review),
    confirmRefused: countAndAmount(inState('confirm-failed')),
    reverseRefused: countAndAmount(inState('reverse-failed')),
    cash: { kept: cashOf(sold), held: cashOf([...unresolved, ...review]) },
    advicesPending: await db.outbox.where('state').equals('pending').count(),
    advicesRefused: await db.outbox.where('state').equals('failed').count(),
  };
}

export async function markShiftClosed(db: PosDatabase, at: string): Promise<void> {
  await db.meta.put({ key: LAST_CLOSE_KEY, value: at });
}

/** The shift in one line for the supervisor's screen; what needs attention only when there is some. */
export function shiftSummary(report: ShiftReportPrintRequest): string {
  const parts = [`${report.sold.count} sold, ${report.reversed.count} reversed, ${report.declined.count} declined`];
  const open: string[] = [];
  if (report.unresolved.count > 0) open.push(`${report.unresolved.count} without an outcome`);
  if (report.review && report.review.count > 0) open.push(`${report.review.count} ${report.review.count === 1 ? 'needs' : 'need'} a supervisor`);
  if (open.length > 0) {
    const held = report.cash && report.cash.held > 0 ? ` (${formatMoney(report.cash.held, report.currency)} held)` : '';
    parts.push(`${open.join(', ')}${held}`);
  }
  const refused: string[] = [];
  const confirmations = report.confirmRefused?.count ?? 0;
  const reversals = report.reverseRefused?.count ?? 0;
  if (confirmations > 0) refused.push(`${confirmations} refused confirmation${confirmations === 1 ? '' : 's'}`);
  if (reversals > 0) refused.push(`${reversals} refused reversal${reversals === 1 ? '' : 's'}`);
  if (refused.length > 0) parts.push(`${refused.join(' and ')} to reconcile`);
  // A clean shift keeps its short line; the drawer figure joins it once anything is open.
  // With a float, the drawer's figure is the float's too.
  const expected = report.drawer ? report.drawer.expected : report.cash ? report.cash.kept + report.cash.held : undefined;
  if (parts.length > 1 && expected !== undefined) parts.push(`cash expected ${formatMoney(expected, report.currency)}`);
  return parts.join('; ');
}
