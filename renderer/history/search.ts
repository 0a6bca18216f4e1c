// History search over the journal. Every search walks exactly one index range (db.ts, version 5),
// newest first, and pages by key: the next page starts strictly after the last key examined, so a
// sale written meanwhile never shifts a page or repeats a row. Criteria the chosen index does not
// cover are checked on the rows of that range, and a page stops after MAX_SCAN rows so a rare
// combination never turns into a walk of the whole journal.
import { parseMsisdn } from '../airtime/msisdn';
import { SALE_STATES, type SaleState } from '../../shared/sale-machine';
import { SaleRecordSchema, type PosDatabase, type SaleRecord, type ServiceName } from '../db/db';
import { normalRef, referencesOf, REF_KEYS_FIELD } from './keys';

export interface HistoryFilter {
  /** Meter number, phone number (any form a cashier types) or account number. */
  subject?: string;
  state?: SaleState;
  /** The request's originator.operatorId. */
  cashier?: string;
  /** A purchase id prefix, or the upstream's receipt/reference (prefix, any case). */
  reference?: string;
  /** RFC 3339; from inclusive, to exclusive. */
  from?: string;
  to?: string;
  service?: ServiceName;
}

/** Which index a search walks. */
export type SearchKind = 'date' | 'subject' | 'state' | 'cashier' | 'reference';

/** An index key: a compound key for the dated indexes, a ref key for references. */
export type PageKey = string | string[];

export interface HistoryPage {
  kind: SearchKind;
  sales: SaleRecord[];
  /** Where the next page starts (exclusive); absent when the range is walked to its end. */
  next?: PageKey;
  /** Rows of the range examined for this page. */
  scanned: number;
  /** The page stopped at MAX_SCAN rows without filling: more may match further on. */
  capped: boolean;
}

export const PAGE_SIZE = 50;
export const MAX_SCAN = 5_000;
/** A reference shorter than this would match a sixteenth of all purchase ids. */
export const MIN_REFERENCE_LENGTH = 4;

const LOW = '';
const HIGH = '\uffff';

/** What a typed subject is stored as: a South African cell number in international form, else the text without separators. */
export function normalSubject(input: string): string {
  const phone = parseMsisdn(input);
  if (phone.ok) return phone.value.international;
  return input.trim().replace(/[\s-]/g, '');
}

type Plan =
  | { kind: Exclude<SearchKind, 'reference'>; index: string; prefix: string[]; check: (sale: SaleRecord) => boolean; filtered: boolean }
  | { kind: 'reference'; index: string; prefix: string; check: (sale: SaleRecord) => boolean; filtered: boolean };

export type Planned = { ok: true; plan: Plan } | { ok: false; message: string };

/**
 * Chooses the index: a reference or a subject is nearly unique; then a rare state (any but confirmed),
 * a cashier, confirmed, and the dates alone.
 * The rest of the filter is checked on the rows of that one range.
 */
export function planSearch(filter: HistoryFilter): Planned {
  const subject = filter.subject !== undefined && filter.subject.trim() !== '' ? normalSubject(filter.subject) : undefined;
  const cashier = filter.cashier?.trim() || undefined;
  const reference = filter.reference !== undefined && filter.reference.trim() !== '' ? normalRef(filter.reference) : undefined;
  if (filter.state !== undefined && !SALE_STATES.includes(filter.state)) return { ok: false, message: `No such state: ${String(filter.state)}.` };
  if (filter.from && filter.to && filter.from >= filter.to) return { ok: false, message: 'The end of the date range is before its start.' };
  if (reference !== undefined && reference.length < MIN_REFERENCE_LENGTH) {
    return { ok: false, message: `Type at least ${MIN_REFERENCE_LENGTH} characters of the reference.` };
  }
  const inDates = (sale: SaleRecord) => (!filter.from || sale.createdAt >= filter.from) && (!filter.to || sale.createdAt < filter.to);
  type Criterion = 'subject' | 'state' | 'cashier' | 'dates';
  const check = (skip: Partial<Record<Criterion, true>>) => (sale: SaleRecord) =>
    (skip.subject || subject === undefined || sale.subject === subject) &&
    (skip.state || filter.state === undefined || sale.state === filter.state) &&
    (skip.cashier || cashier === undefined || sale.request.originator.operatorId === cashier) &&
    (skip.dates || inDates(sale)) &&
    (filter.service === undefined || sale.service === filter.service);
  /** Whether rows of the range still need checking against what the index does not cover. */
  const filtered = (skip: Partial<Record<Criterion, true>>) =>
    (!skip.subject && subject !== undefined) ||
    (!skip.state && filter.state !== undefined) ||
    (!skip.cashier && cashier !== undefined) ||
    (!skip.dates && (filter.from !== undefined || filter.to !== undefined)) ||
    filter.service !== undefined;
  const on = (skip: Partial<Record<Criterion, true>>) => ({ check: check(skip), filtered: filtered(skip) });
  if (reference !== undefined) return { ok: true, plan: { kind: 'reference', index: REF_KEYS_FIELD, prefix: reference, ...on({}) } };
  if (subject !== undefined) {
    return { ok: true, plan: { kind: 'subject', index: '[subject+createdAt+purchaseId]', prefix: [subject], ...on({ subject: true, dates: true }) } };
  }
  // Nine sales in ten end confirmed; any other state is rare, so its range is shorter than a cashier's.
  if (filter.state !== undefined && filter.state !== 'confirmed') {
    return { ok: true, plan: { kind: 'state', index: '[state+createdAt+purchaseId]', prefix: [filter.state], ...on({ state: true, dates: true }) } };
  }
  if (cashier !== undefined) {
    return {
      ok: true,
      plan: { kind: 'cashier', index: '[request.originator.operatorId+createdAt+purchaseId]', prefix: [cashier], ...on({ cashier: true, dates: true }) },
    };
  }
  if (filter.state !== undefined) {
    return { ok: true, plan: { kind: 'state', index: '[state+createdAt+purchaseId]', prefix: [filter.state], ...on({ state: true, dates: true }) } };
  }
  return { ok: true, plan: { kind: 'date', index: '[createdAt+purchaseId]', prefix: [], ...on({ dates: true }) } };
}

/** Rows read at a time from a filtered range (one getAll each). */
const BATCH = 200;

/** One page of a search: up to PAGE_SIZE sales, newest first (references: in reference order). */
export async function searchHistory(
  db: PosDatabase,
  filter: HistoryFilter,
  options: { after?: PageKey; pageSize?: number; maxScan?: number } = {},
): Promise<HistoryPage> {
  const planned = planSearch(filter);
  if (!planned.ok) throw new Error(planned.message);
  const { plan } = planned;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const maxScan = options.maxScan ?? MAX_SCAN;
  return plan.kind === 'reference' ? referencePage(db, plan, options.after, pageSize, maxScan) : datedPage(db, plan, filter, options.after, pageSize, maxScan);
}

// Records are validated on read, as everywhere in the journal: a damaged one stops the search loudly
// instead of being guessed at. Only rows that match are parsed; the test itself reads plain fields.
const parseSale = (row: unknown): SaleRecord => SaleRecordSchema.parse(row);

/**
 * A dated index walked newest first in batches, each one `getAll` over the rest of the range (the
 * range's upper end moves down to the last key examined), so a page costs a request or two, not one
 * per row. A row's key in these indexes is read from the row itself: [prefix…, createdAt, purchaseId].
 */
async function datedPage(
  db: PosDatabase,
  plan: Extract<Plan, { kind: Exclude<SearchKind, 'reference'> }>,
  filter: HistoryFilter,
  after: PageKey | undefined,
  pageSize: number,
  maxScan: number,
): Promise<HistoryPage> {
  const lower = [...plan.prefix, filter.from ?? LOW, LOW];
  let upper: string[] = Array.isArray(after) ? after : [...plan.prefix, filter.to ?? HIGH, LOW];
  const sales: SaleRecord[] = [];
  let scanned = 0;
  let lastKey: string[] | undefined;
  let more = true;
  while (more && sales.length < pageSize && scanned < maxScan) {
    // Unfiltered: exactly the rest of the page and one more row, to know whether a next page exists.
    const want = plan.filtered ? Math.min(BATCH, maxScan - scanned) : pageSize - sales.length + 1;
    const rows = await db.sales.where(plan.index).between(lower, upper, true, false).reverse().limit(want).toArray();
    more = rows.length === want;
    for (const [i, row] of rows.entries()) {
      if (sales.length >= pageSize || scanned >= maxScan) {
        more = true;
        break;
      }
      scanned += 1;
      lastKey = [...plan.prefix, row.createdAt, row.purchaseId];
      if (plan.check(row)) sales.push(parseSale(row));
      if (i === rows.length - 1) upper = lastKey;
    }
  }
  return {
    kind: plan.kind,
    sales,
    ...(more && lastKey !== undefined ? { next: lastKey } : {}),
    scanned,
    capped: more && sales.length < pageSize,
  };
}

/**
 * A reference range, ascending: a reference nearly always names one sale. Walked with a cursor, whose
 * key says which of a sale's references brought it (a sale with two under one prefix comes twice).
 */
async function referencePage(
  db: PosDatabase,
  plan: Extract<Plan, { kind: 'reference' }>,
  after: PageKey | undefined,
  pageSize: number,
  maxScan: number,
): Promise<HistoryPage> {
  const lower = typeof after === 'string' ? after : plan.prefix;
  const sales: SaleRecord[] = [];
  const seen = new Set<string>();
  let scanned = 0;
  let lastKey: string | undefined;
  let stopped = false;
  await db.sales
    .where(plan.index)
    .between(lower, `${plan.prefix}${HIGH}`, typeof after !== 'string', true)
    .until(() => {
      stopped = sales.length >= pageSize || scanned >= maxScan;
      return stopped;
    })
    .each((row, cursor) => {
      scanned += 1;
      lastKey = String(cursor.key);
      if (seen.has(row.purchaseId)) return;
      seen.add(row.purchaseId);
      if (plan.check(row)) sales.push(parseSale(row));
    });
  return {
    kind: plan.kind,
    sales,
    ...(stopped && lastKey !== undefined ? { next: lastKey } : {}),
    scanned,
    capped: stopped && sales.length < pageSize,
  };
}

/** One sale, whole, for the detail view. */
export async function saleDetail(db: PosDatabase, purchaseId: string): Promise<SaleRecord | undefined> {
  const row = await db.sales.get(purchaseId);
  return row ? SaleRecordSchema.parse(row) : undefined;
}

/**
 * The same filter as a plain test of one sale, with no index: what a search without indexes would
 * check on every row. For tests and the bench's full-scan peer; the app searches with searchHistory.
 */
export function matchesFilter(filter: HistoryFilter): (sale: SaleRecord) => boolean {
  const planned = planSearch(filter);
  if (!planned.ok) throw new Error(planned.message);
  const subject = filter.subject?.trim() ? normalSubject(filter.subject) : undefined;
  const reference = filter.reference?.trim() ? normalRef(filter.reference) : undefined;
  const { check } = planned.plan;
  return (sale) =>
    check(sale) &&
    (subject === undefined || sale.subject === subject) &&
    (filter.state === undefined || sale.state === filter.state) &&
    (!filter.cashier?.trim() || sale.request.originator.operatorId === filter.cashier.trim()) &&
    (!filter.from || sale.createdAt >= filter.from) &&
    (!filter.to || sale.createdAt < filter.to) &&
    (reference === undefined || referencesOf(sale).some((ref) => normalRef(ref).startsWith(reference)));
}
