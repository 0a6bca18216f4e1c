// History search over the journal. Every search walks exactly one index range (db.ts, version 5),
// newest first, and pages by key: the next page starts strictly after the last key examined, so a
// sale written meanwhile never shifts a page or repeats a row. Criteria the chosen index does not
// cover are checked on the rows of that range, and a page stops after MAX_SCAN rows so a rare
// combination never turns into a walk of the whole journal.
import Dexie from 'dexie';
import { parseMsisdn } from '../airtime/msisdn';
import { SALE_STATES, type SaleState } from '../../shared/sale-machine';
import { SaleRecordSchema, type PosDatabase, type SaleRecord, type ServiceName } from '../db/db';
import { normalRef, REF_KEYS_FIELD } from './keys';

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
  | { kind: Exclude<SearchKind, 'reference'>; index: string; prefix: string[]; check: (sale: SaleRecord) => boolean }
  | { kind: 'reference'; index: string; prefix: string; check: (sale: SaleRecord) => boolean };

export type Planned = { ok: true; plan: Plan } | { ok: false; message: string };

/**
 * Chooses the index: a reference or a subject is nearly unique; a cashier or a state narrows less.
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
  const check = (skip: Partial<Record<'subject' | 'state' | 'cashier' | 'dates', true>>) => (sale: SaleRecord) =>
    (skip.subject || subject === undefined || sale.subject === subject) &&
    (skip.state || filter.state === undefined || sale.state === filter.state) &&
    (skip.cashier || cashier === undefined || sale.request.originator.operatorId === cashier) &&
    (skip.dates || inDates(sale)) &&
    (filter.service === undefined || sale.service === filter.service);
  if (reference !== undefined) return { ok: true, plan: { kind: 'reference', index: REF_KEYS_FIELD, prefix: reference, check: check({}) } };
  if (subject !== undefined) {
    return { ok: true, plan: { kind: 'subject', index: '[subject+createdAt+purchaseId]', prefix: [subject], check: check({ subject: true, dates: true }) } };
  }
  if (cashier !== undefined) {
    return {
      ok: true,
      plan: { kind: 'cashier', index: '[request.originator.operatorId+createdAt+purchaseId]', prefix: [cashier], check: check({ cashier: true, dates: true }) },
    };
  }
  if (filter.state !== undefined) {
    return { ok: true, plan: { kind: 'state', index: '[state+createdAt+purchaseId]', prefix: [filter.state], check: check({ state: true, dates: true }) } };
  }
  return { ok: true, plan: { kind: 'date', index: '[createdAt+purchaseId]', prefix: [], check: check({ dates: true }) } };
}

function collection(db: PosDatabase, plan: Plan, filter: HistoryFilter, after: PageKey | undefined): Dexie.Collection<SaleRecord, string> {
  const where = db.sales.where(plan.index);
  if (plan.kind === 'reference') {
    // Ascending by reference: "ABC1" before "ABC2"; a reference nearly always names one sale.
    const lower = typeof after === 'string' ? after : plan.prefix;
    return where.between(lower, `${plan.prefix}${HIGH}`, typeof after !== 'string', true);
  }
  const lower = [...plan.prefix, filter.from ?? LOW, LOW];
  const upper = Array.isArray(after) ? after : [...plan.prefix, filter.to ?? HIGH, LOW];
  return where.between(lower, upper, true, false).reverse();
}

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
  const sales: SaleRecord[] = [];
  const seen = new Set<string>();
  let scanned = 0;
  let lastKey: PageKey | undefined;
  let stopped = false;
  await collection(db, plan, filter, options.after)
    .until(() => {
      stopped = sales.length >= pageSize || scanned >= maxScan;
      return stopped;
    })
    .each((row, cursor) => {
      scanned += 1;
      // The entry's own key: a sale with two references under one prefix is reached once per reference.
      lastKey = cursor.key as PageKey;
      // Records are validated on read, as everywhere in the journal: a damaged one is shown as an error, not guessed at.
      const sale = SaleRecordSchema.parse(row);
      // A sale with two references under one prefix appears twice in a multiEntry range; once is enough.
      if (seen.has(sale.purchaseId)) return;
      seen.add(sale.purchaseId);
      if (plan.check(sale)) sales.push(sale);
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
