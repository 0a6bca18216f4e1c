// Test support for the journal's unit tests: scratch journals on the in-memory IndexedDB and sale
// records in any state. Imported by tests only.
import { buildPurchaseRequest, TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import type { TenderType } from '../../shared/protocol/schemas';
import type { SaleState } from '../../shared/sale-machine';
import { PosDatabase, type SaleRecord } from '../db/db';

const scratch: PosDatabase[] = [];

/** A fresh journal of its own; `dropScratchJournals` (afterEach) deletes it. */
export function scratchJournal(prefix: string): PosDatabase {
  const db = new PosDatabase(`${prefix}-${crypto.randomUUID()}`);
  scratch.push(db);
  return db;
}

export async function dropScratchJournals(): Promise<void> {
  for (const db of scratch.splice(0)) {
    db.close();
    await db.delete();
  }
}

export interface SaleShape {
  state: SaleState;
  amount?: number;
  createdAt?: string;
  updatedAt?: string;
  tenderType?: TenderType;
  meterId?: string;
  /** States before `state`, oldest first (history ends with `state`). */
  before?: SaleState[];
}

/** A journaled sale as the sale flow would have written it, with a real purchase request. */
export function journalSale(shape: SaleShape): SaleRecord {
  const amount = shape.amount ?? 10_000;
  const createdAt = shape.createdAt ?? new Date().toISOString();
  const meterId = shape.meterId ?? '04100000100';
  const purchaseId = crypto.randomUUID();
  const request = buildPurchaseRequest(TRAINING_TERMINAL, {
    id: purchaseId,
    time: createdAt,
    meterId,
    amount,
    tenders: [{ amount: { amount, currency: '710' }, tenderType: shape.tenderType ?? 'CASH' }],
  });
  return {
    service: 'electricity',
    purchaseId,
    createdAt,
    updatedAt: shape.updatedAt ?? createdAt,
    subject: meterId,
    meterId,
    state: shape.state,
    request,
    tendered: amount,
    exchanges: [],
    history: [...(shape.before ?? []), shape.state].map((state) => ({ at: createdAt, state })),
  };
}
