// Journal retention (docs/decisions/0006): a finished sale may leave the journal once it is older
// than the retention period AND a whole backup taken after it was finished holds it. Anything that
// still needs a person or the upstream — unresolved, in review, a refused advice, an advice not yet
// delivered — stays, however old.
import { JOURNAL_RETENTION_DAYS } from '../../shared/bridge';
import type { PosDatabase, SaleRecord } from '../db/db';
import { readLastCompleteBackup } from './backup';

/** Final states whose story is over: nothing more will be sent, printed or reconciled for them. */
export const PRUNABLE_SALE_STATES: readonly SaleRecord['state'][] = ['declined', 'confirmed', 'reversed'];
const PRUNABLE_KEY_CHANGE_STATES = ['issued', 'refused'] as const;

/** Default retention: over a year, so a whole year of sales is always on the terminal. */
export const DEFAULT_RETENTION_DAYS = JOURNAL_RETENTION_DAYS.default;
/** Shorter settings are raised to this: the journal is the shop's first record of a disputed sale. */
export const MIN_RETENTION_DAYS = JOURNAL_RETENTION_DAYS.min;
const DAY_MS = 24 * 60 * 60_000;

export interface PruneOptions {
  retentionDays?: number;
  now?: Date;
  /** Records examined per transaction: keeps each write short so a sale never waits long for the journal. */
  batch?: number;
}

export interface PruneResult {
  sales: number;
  advices: number;
  keyChanges: number;
  /** The moment before which finished records were eligible; undefined when nothing could be pruned (no whole backup). */
  cutoff?: string;
}

/** Deletes finished records older than the retention period that a whole backup already holds. */
export async function pruneJournal(db: PosDatabase, options: PruneOptions = {}): Promise<PruneResult> {
  const result: PruneResult = { sales: 0, advices: 0, keyChanges: 0 };
  const backup = await readLastCompleteBackup(db);
  if (!backup) return result;
  const days = Math.max(MIN_RETENTION_DAYS, options.retentionDays ?? DEFAULT_RETENTION_DAYS);
  const byAge = (options.now ?? new Date()).getTime() - days * DAY_MS;
  const byBackup = Date.parse(backup.startedAt);
  if (!Number.isFinite(byBackup)) return result;
  const cutoff = new Date(Math.min(byAge, byBackup)).toISOString();
  result.cutoff = cutoff;
  const batch = options.batch ?? 200;

  // Records kept (not prunable) stay ahead of the cursor, so the next batch skips them.
  let kept = 0;
  for (;;) {
    const done = await db.transaction('rw', db.sales, db.outbox, async () => {
      const candidates = await db.sales.where('createdAt').below(cutoff).offset(kept).limit(batch).toArray();
      if (candidates.length === 0) return true;
      for (const sale of candidates) {
        const advices = await db.outbox.where('purchaseId').equals(sale.purchaseId).toArray();
        const finished = PRUNABLE_SALE_STATES.includes(sale.state) && sale.updatedAt < cutoff && advices.every((a) => a.state === 'delivered');
        if (!finished) {
          kept += 1;
          continue;
        }
        await db.outbox.bulkDelete(advices.map((a) => a.adviceId));
        await db.sales.delete(sale.purchaseId);
        result.sales += 1;
        result.advices += advices.length;
      }
      return false;
    });
    if (done) break;
  }

  let keptChanges = 0;
  for (;;) {
    const done = await db.transaction('rw', db.keyChanges, db.outbox, async () => {
      const candidates = await db.keyChanges.where('createdAt').below(cutoff).offset(keptChanges).limit(batch).toArray();
      if (candidates.length === 0) return true;
      for (const change of candidates) {
        const advices = await db.outbox.where('purchaseId').equals(change.requestId).toArray();
        const finished =
          (PRUNABLE_KEY_CHANGE_STATES as readonly string[]).includes(change.state) &&
          change.updatedAt < cutoff &&
          advices.every((a) => a.state === 'delivered');
        if (!finished) {
          keptChanges += 1;
          continue;
        }
        await db.outbox.bulkDelete(advices.map((a) => a.adviceId));
        await db.keyChanges.delete(change.requestId);
        result.keyChanges += 1;
        result.advices += advices.length;
      }
      return false;
    });
    if (done) break;
  }
  return result;
}
