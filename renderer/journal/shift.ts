// The shift report: what this terminal sold since the last shift close, read from the journal.
import type { ShiftReportPrintRequest } from '../../shared/bridge';
import { nowIso, type PosDatabase } from '../db/db';

const LAST_CLOSE_KEY = 'lastShiftClose';

export async function shiftReport(db: PosDatabase, currency: string, operatorId?: string): Promise<ShiftReportPrintRequest> {
  const to = nowIso();
  const from = (await db.meta.get(LAST_CLOSE_KEY))?.value ?? (await db.sales.orderBy('createdAt').first())?.createdAt ?? to;
  const sales = await db.sales.where('createdAt').between(from, to, true, true).toArray();
  const amountOf = (states: string[]) => {
    const chosen = sales.filter((s) => states.includes(s.state));
    return { count: chosen.length, amount: chosen.reduce((sum, s) => sum + s.request.purchaseAmount.amount, 0) };
  };
  return {
    kind: 'shiftReport',
    printedAt: to,
    from,
    to,
    ...(operatorId ? { operatorId } : {}),
    currency,
    sold: amountOf(['confirmed', 'confirming', 'approved', 'printed', 'print-failed']),
    reversed: amountOf(['reversed', 'reversing']),
    declined: { count: sales.filter((s) => s.state === 'declined').length },
    unresolved: { count: sales.filter((s) => s.state === 'sending' || s.state === 'in-doubt').length },
    advicesPending: await db.outbox.where('state').equals('pending').count(),
    advicesRefused: await db.outbox.where('state').equals('failed').count(),
  };
}

export async function markShiftClosed(db: PosDatabase, at: string): Promise<void> {
  await db.meta.put({ key: LAST_CLOSE_KEY, value: at });
}
