// Shifts, X and Z reports from the journal. A shift opens with a float and closes with the drawer
// counted per tender against what the journal says it should hold; an X shows the open shift at
// any moment; a Z closes the day, numbered, once. Every figure comes from the sales the journal
// holds for the period (renderer/journal/shift.ts counts them), the lists from what is open now.
import Dexie from 'dexie';
import type { ShiftReportPrintRequest } from '../../shared/bridge';
import { TenderTypeSchema, type TenderType } from '../../shared/protocol/schemas';
import { nowIso, SERVICE_NAMES, type AdviceRecord, type PosDatabase, type SaleRecord, type ServiceName } from '../db/db';
import { describeSale, paidInCash, saleAmount } from '../services';
import { markShiftClosed, salesReport, SHIFT_BUCKET } from './shift';
import { ShiftRecordSchema, ZRowSchema, type ShiftRow, type TenderCount, type ZRow } from './shift-record';

export type ShiftStep<T> = { ok: true; value: T } | { ok: false; message: string };

export const PRODUCT_WORDS: Record<ServiceName, string> = { electricity: 'Electricity', airtime: 'Airtime & data' };

const ADVICE_WORDS: Record<AdviceRecord['advice']['kind'], string> = {
  confirmation: 'Confirmation',
  reversal: 'Reversal',
  keyChangeConfirmation: 'Key change confirmation',
  airtimeConfirmation: 'Confirmation',
  airtimeReversal: 'Reversal',
};

/** The history note the sale flow writes for a copy of a finished sale's slip. */
const REPRINT_NOTE = 'marked REPRINT';
/** Unknown outcomes listed at most; the count above them stays whole. */
const LIST_LIMIT = 500;

/** How the customer paid: cash wherever a cash tender is part of the sale (as the drawer sees it). */
export function tenderOf(sale: SaleRecord): TenderType {
  if (paidInCash(sale)) return 'CASH';
  return sale.request.tenders?.[0]?.tenderType ?? 'OTHER';
}

async function rows(db: PosDatabase): Promise<{ shifts: ShiftRow[]; zs: ZRow[] }> {
  const all = (await db.shifts.toArray()).map((row) => ShiftRecordSchema.parse(row));
  return {
    shifts: all.filter((row): row is ShiftRow => row.kind === 'shift').sort((a, b) => a.openedAt.localeCompare(b.openedAt)),
    zs: all.filter((row): row is ZRow => row.kind === 'z').sort((a, b) => a.zNumber - b.zNumber),
  };
}

/** The shift now open, if any (one at a time). */
export async function currentShift(db: PosDatabase): Promise<ShiftRow | undefined> {
  const last = await db.shifts.orderBy('openedAt').last();
  if (!last) return undefined;
  const row = ShiftRecordSchema.parse(last);
  return row.kind === 'shift' && row.closedAt === undefined ? row : undefined;
}

/** The last Z taken, if any. */
export async function lastZ(db: PosDatabase): Promise<ZRow | undefined> {
  const last = await db.shifts.orderBy('zNumber').last();
  if (!last) return undefined;
  const row = ShiftRecordSchema.parse(last);
  return row.kind === 'z' ? row : undefined;
}

export async function openShift(
  db: PosDatabase,
  input: { float: number; currency: string; operatorId?: string | undefined; at?: string },
): Promise<ShiftStep<ShiftRow>> {
  if (!Number.isInteger(input.float) || input.float < 0) return { ok: false, message: 'The float is an amount of zero or more.' };
  const row: ShiftRow = {
    kind: 'shift',
    id: crypto.randomUUID(),
    openedAt: input.at ?? nowIso(),
    ...(input.operatorId ? { openedBy: input.operatorId } : {}),
    float: input.float,
    currency: input.currency,
    xCount: 0,
  };
  return db.transaction('rw', db.shifts, async () => {
    const open = await currentShift(db);
    if (open) return { ok: false as const, message: `A shift is already open (since ${open.openedAt}).` };
    await db.shifts.add(row);
    return { ok: true as const, value: row };
  });
}

/** The lists and breakdowns every X, Z and shift close carries, over [from, to]. */
export async function reportTotals(
  db: PosDatabase,
  period: { from: string; to: string; currency: string; operatorId?: string | undefined },
): Promise<ShiftReportPrintRequest> {
  const { from, to, currency, operatorId } = period;
  const base = await salesReport(db, from, to, currency, operatorId);
  const sales = await db.sales.where('createdAt').between(from, to, true, true).toArray();

  const products = SERVICE_NAMES.flatMap((service) => {
    const mine = sales.filter((sale) => sale.service === service);
    if (mine.length === 0) return [];
    const of = (bucket: string) => {
      const chosen = mine.filter((sale) => SHIFT_BUCKET[sale.state] === bucket);
      return { count: chosen.length, amount: chosen.reduce((sum, sale) => sum + saleAmount(sale), 0) };
    };
    return [{ product: PRODUCT_WORDS[service], sold: of('sold'), reversed: of('reversed'), declined: of('declined').count, unresolved: of('unresolved'), review: of('review') }];
  });

  const tenders = TenderTypeSchema.options.flatMap((tender) => {
    const mine = sales.filter((sale) => tenderOf(sale) === tender);
    if (mine.length === 0) return [];
    const sold = mine.filter((sale) => SHIFT_BUCKET[sale.state] === 'sold');
    const held = mine.filter((sale) => SHIFT_BUCKET[sale.state] === 'unresolved' || SHIFT_BUCKET[sale.state] === 'review');
    return [
      {
        tender,
        sold: { count: sold.length, amount: sold.reduce((sum, sale) => sum + saleAmount(sale), 0) },
        held: held.reduce((sum, sale) => sum + saleAmount(sale), 0),
      },
    ];
  });

  // Open now, whenever they were sold: each is money or tokens someone must still account for.
  const open = await db.sales.where('state').anyOf(['sending', 'in-doubt', 'review']).sortBy('createdAt');
  const unknownOutcomes = open.slice(0, LIST_LIMIT).map((sale) => ({ subject: describeSale(sale), amount: saleAmount(sale), at: sale.createdAt, review: sale.state === 'review' }));
  const reversalsRefused = sales
    .filter((sale) => sale.state === 'reverse-failed')
    .slice(0, LIST_LIMIT)
    .map((sale) => ({ subject: describeSale(sale), amount: saleAmount(sale), at: sale.createdAt }));

  return {
    ...base,
    products,
    tenders,
    pendingAdvices: await pendingAdvices(db),
    unknownOutcomes,
    reversalsRefused,
    reprints: await reprintsIn(db, sales, from, to),
  };
}

/** Every advice not yet delivered, named by what it is for. */
export async function pendingAdvices(db: PosDatabase): Promise<{ kind: string; subject: string; at: string; adviceId: string }[]> {
  const pending = (await db.outbox.where('state').equals('pending').sortBy('createdAt')).slice(0, LIST_LIMIT);
  return Promise.all(
    pending.map(async (advice) => {
      const sale = await db.sales.get(advice.purchaseId);
      const keyChange = sale ? undefined : await db.keyChanges.get(advice.purchaseId);
      const subject = sale ? describeSale(sale) : keyChange ? `meter ${keyChange.meterId}` : `reference ${advice.purchaseId.slice(0, 8)}`;
      return { kind: ADVICE_WORDS[advice.advice.kind], subject, at: advice.createdAt, adviceId: advice.adviceId };
    }),
  );
}

/**
 * Copies of a slip printed in [from, to], marked REPRINT, and whose request they were made under.
 * A finished sale's copy is a history note; a copy printed before the sale finished is a second
 * 'printed' after an earlier print attempt. Sales made before the period are found by their
 * printedAt (the time of their last print), which needs a walk over older sales: X and Z only.
 */
async function reprintsIn(db: PosDatabase, inPeriod: SaleRecord[], from: string, to: string): Promise<{ subject: string; at: string; by?: string }[]> {
  const older = await db.sales
    .where('createdAt')
    .below(from)
    .filter((sale) => sale.printedAt !== undefined && sale.printedAt >= from)
    .toArray();
  const found: { subject: string; at: string; by?: string }[] = [];
  for (const sale of [...older, ...inPeriod]) {
    let attempted = false;
    for (const line of sale.history) {
      const copy = line.note?.includes(REPRINT_NOTE) === true || (line.state === 'printed' && attempted && line.note === undefined);
      if (line.state === 'printed' || line.state === 'print-failed') attempted = true;
      if (!copy || line.at < from || line.at > to) continue;
      const by = sale.request.originator?.operatorId;
      found.push({ subject: describeSale(sale), at: line.at, ...(by ? { by } : {}) });
    }
  }
  return found.sort((a, b) => a.at.localeCompare(b.at)).slice(0, LIST_LIMIT);
}

/** The X report: the open shift so far, with its float; counted as one more X of the shift. */
export async function xReport(db: PosDatabase, operatorId?: string): Promise<ShiftStep<ShiftReportPrintRequest>> {
  const shift = await currentShift(db);
  if (!shift) return { ok: false, message: 'No shift is open: open one with its float first.' };
  const to = nowIso();
  const totals = await reportTotals(db, { from: shift.openedAt, to, currency: shift.currency, operatorId });
  const number = await db.transaction('rw', db.shifts, async () => {
    const stored = await db.shifts.get(shift.id);
    const current = stored?.kind === 'shift' ? stored : shift;
    const xCount = current.xCount + 1;
    await db.shifts.put({ ...current, xCount });
    return xCount;
  });
  return { ok: true, value: { ...totals, report: 'x', number, drawer: drawerOf(shift, totals) } };
}

function drawerOf(shift: ShiftRow, totals: ShiftReportPrintRequest, counts?: TenderCount[]): NonNullable<ShiftReportPrintRequest['drawer']> {
  const cash = totals.cash ?? { kept: 0, held: 0 };
  return { float: shift.float, expected: shift.float + cash.kept + cash.held, ...(counts ? { counts } : {}) };
}

/** What each tender should come to at close: cash with its float, every other tender its sales (held ones included). */
export function expectedByTender(shift: ShiftRow, totals: ShiftReportPrintRequest): Map<TenderType, number> {
  const expected = new Map<TenderType, number>([['CASH', shift.float]]);
  for (const tender of totals.tenders ?? []) expected.set(tender.tender, (expected.get(tender.tender) ?? 0) + tender.sold.amount + tender.held);
  return expected;
}

/** The open shift's totals now, for the close form: what each tender should hold. */
export async function closingTotals(db: PosDatabase, operatorId?: string): Promise<ShiftStep<{ shift: ShiftRow; totals: ShiftReportPrintRequest; expected: Map<TenderType, number> }>> {
  const shift = await currentShift(db);
  if (!shift) return { ok: false, message: 'No shift is open.' };
  const totals = await reportTotals(db, { from: shift.openedAt, to: nowIso(), currency: shift.currency, operatorId });
  return { ok: true, value: { shift, totals, expected: expectedByTender(shift, totals) } };
}

/**
 * Closes the open shift with the drawer counted per tender (minor units; a tender not counted is
 * taken as counted zero). Records the close, the counts and each variance; the report is the shift
 * close slip.
 */
export async function closeShiftCounted(
  db: PosDatabase,
  counted: Partial<Record<TenderType, number>>,
  operatorId?: string,
): Promise<ShiftStep<{ shift: ShiftRow; report: ShiftReportPrintRequest }>> {
  const shift = await currentShift(db);
  if (!shift) return { ok: false, message: 'No shift is open.' };
  for (const value of Object.values(counted)) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) return { ok: false, message: 'Each count is an amount of zero or more.' };
  }
  const to = nowIso();
  const totals = await reportTotals(db, { from: shift.openedAt, to, currency: shift.currency, operatorId });
  const expected = expectedByTender(shift, totals);
  for (const tender of Object.keys(counted)) {
    const parsed = TenderTypeSchema.safeParse(tender);
    if (parsed.success && !expected.has(parsed.data)) expected.set(parsed.data, 0);
  }
  const counts: TenderCount[] = [...expected].map(([tender, should]) => {
    const got = counted[tender] ?? 0;
    return { tender, expected: should, counted: got, variance: got - should };
  });
  const closed: ShiftRow = { ...shift, closedAt: to, ...(operatorId ? { closedBy: operatorId } : {}), counts };
  const stored = await db.transaction('rw', db.shifts, db.meta, async () => {
    const current = await currentShift(db);
    if (current?.id !== shift.id) return false;
    await db.shifts.put(closed);
    await markShiftClosed(db, to);
    return true;
  });
  if (!stored) return { ok: false, message: 'The shift was closed meanwhile (another window?).' };
  return { ok: true, value: { shift: closed, report: { ...totals, report: 'shift', drawer: drawerOf(shift, totals, counts) } } };
}

/** The shop's calendar day of a moment, YYYY-MM-DD, in its time zone (the machine's when not given). */
export function shopDay(at: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The Z report: everything since the previous Z (or since the journal began), numbered, once per
 * shop day. Refused while a shift is open (close it with its count first) and when today already
 * has its Z; the journal's unique index refuses a second one even from another window.
 */
export async function zReport(
  db: PosDatabase,
  input: { currency: string; operatorId?: string | undefined; timeZone?: string | undefined },
): Promise<ShiftStep<ZRow>> {
  if (await currentShift(db)) return { ok: false, message: 'A shift is still open: close it with its counted drawer before the Z report.' };
  const to = nowIso();
  const zDay = shopDay(to, input.timeZone);
  const { shifts, zs } = await rows(db);
  const already = zs.find((z) => z.zDay === zDay);
  if (already) return { ok: false, message: `Z report No. ${already.zNumber} was already taken for ${zDay}; the next one is due tomorrow.` };
  const previous = zs.at(-1);
  const firstSale = (await db.sales.orderBy('createdAt').first())?.createdAt;
  const from = previous?.to ?? [firstSale, shifts[0]?.openedAt].filter((t): t is string => t !== undefined).sort()[0] ?? to;
  const totals = await reportTotals(db, { from, to, currency: input.currency, operatorId: input.operatorId });
  const closedShifts = shifts.filter((shift) => shift.closedAt !== undefined && shift.closedAt > from && shift.closedAt <= to);
  // The schema's bound (a Z weeks late could span many shifts): the latest ones, the figures above stay whole.
  const shiftLines = closedShifts.slice(-1000).map((shift) => ({
    openedAt: shift.openedAt,
    closedAt: shift.closedAt ?? to,
    ...(shift.closedBy ?? shift.openedBy ? { by: shift.closedBy ?? shift.openedBy } : {}),
    float: shift.float,
    variance: shift.counts?.find((count) => count.tender === 'CASH')?.variance ?? 0,
  }));
  const floats = closedShifts.reduce((sum, shift) => sum + shift.float, 0);
  const cash = totals.cash ?? { kept: 0, held: 0 };
  const zNumber = (previous?.zNumber ?? 0) + 1;
  const row: ZRow = {
    kind: 'z',
    id: crypto.randomUUID(),
    zNumber,
    zDay,
    from,
    to,
    ...(input.operatorId ? { by: input.operatorId } : {}),
    report: { ...totals, report: 'z', number: zNumber, shifts: shiftLines, drawer: { float: floats, expected: floats + cash.kept + cash.held } },
  };
  try {
    // Checked before it is stored: a row the schema refuses would make every later read of the table fail.
    await db.shifts.add(ZRowSchema.parse(row));
  } catch (err) {
    if (err instanceof Dexie.ConstraintError) return { ok: false, message: `A Z report was already taken for ${zDay}.` };
    throw err;
  }
  return { ok: true, value: row };
}
