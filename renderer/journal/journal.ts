// The journal applies the sale state machine: every transition is one IndexedDB transaction that
// writes the new state, its history line, and the advice the transition creates, or nothing at all.
import { transition, UNRESOLVED_PURCHASE_STATES, type SaleEvent } from '../../shared/sale-machine';
import { rulesFor } from '../services';
import { newAdviceRecord, nowIso, SaleRecordSchema, type AdviceRecord, type Exchange, type PosDatabase, type SaleRecord } from '../db/db';

/** Fields a transition may set; a response is the service's own and is checked against its schema. */
export type SalePatch = Partial<Pick<SaleRecord, 'printedAt' | 'printMessage' | 'declineMessage' | 'noSlip' | 'recovered'>> & {
  response?: unknown;
};

export interface ApplyOptions {
  note?: string;
  patch?: SalePatch;
  exchange?: Exchange;
}

export type Applied = { ok: true; sale: SaleRecord; advice?: AdviceRecord } | { ok: false; sale?: SaleRecord; reason: string };

export async function applySaleEvent(db: PosDatabase, purchaseId: string, event: SaleEvent, options: ApplyOptions = {}): Promise<Applied> {
  return db.transaction('rw', db.sales, db.outbox, async (): Promise<Applied> => {
    const current = await db.sales.get(purchaseId);
    if (!current) return { ok: false, reason: `no sale ${purchaseId} in the journal` };
    const exchanges = options.exchange ? [...current.exchanges, options.exchange] : current.exchanges;
    const result = transition(current.state, event);
    if (!result.ok) {
      // The answer is still kept: a late approval after an abandon is evidence for reconciliation.
      if (options.exchange) await db.sales.put({ ...current, exchanges, updatedAt: nowIso() });
      return { ok: false, sale: current, reason: result.reason };
    }
    const at = nowIso();
    // Parsed, not cast: a record of the wrong shape (a response of another service) is never written.
    const sale = SaleRecordSchema.parse({
      ...current,
      ...options.patch,
      exchanges,
      state: result.state,
      updatedAt: at,
      history: [...current.history, { at, state: result.state, ...(options.note ? { note: options.note } : {}) }],
    });
    await db.sales.put(sale);
    // The advice is the service's own (electricity and airtime advices differ in shape and path).
    const advice: AdviceRecord | undefined = result.advice
      ? newAdviceRecord(purchaseId, rulesFor(sale).advice(result.advice.kind, sale, at, result.advice.kind === 'reversal' ? result.advice.reason : undefined))
      : undefined;
    if (advice) await db.outbox.add(advice);
    return { ok: true, sale, ...(advice ? { advice } : {}) };
  });
}

/** Sales whose purchase went out but whose outcome is not known: they block a new purchase. */
export async function unresolvedSales(db: PosDatabase): Promise<SaleRecord[]> {
  const rows = await db.sales.where('state').anyOf([...UNRESOLVED_PURCHASE_STATES]).sortBy('createdAt');
  return rows.map((row) => SaleRecordSchema.parse(row));
}

export async function salesInStates(db: PosDatabase, states: readonly SaleRecord['state'][]): Promise<SaleRecord[]> {
  const rows = await db.sales.where('state').anyOf([...states]).sortBy('createdAt');
  // Records are validated on read: a damaged record stops recovery loudly instead of being guessed at.
  return rows.map((row) => SaleRecordSchema.parse(row));
}
