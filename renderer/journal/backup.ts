// Backups of the journal (sales, advices, key changes), written by the main side into the data
// directory: at every shift close, once a day, and whenever a supervisor asks. The journal is read in
// bounded pages by primary key and sent in pieces far below the host's request limit, so a year of a
// busy till's sales never sits in memory whole on either side. The outcome of the last attempt is
// kept in the journal's meta table, so a failure stays on screen until a later backup succeeds.
import type { Table } from 'dexie';
import { z } from 'zod';
import { BACKUP_CHUNK_BYTES, type BackupResult, type BackupSection, type PosBridge } from '../../shared/bridge';
import { nowIso, type PosDatabase } from '../db/db';
import { pruneJournal, type PruneResult } from './prune';

type Reason = 'shift-close' | 'daily' | 'export';

export type BackupStep = { ok: true; path: string; result: BackupResult } | { ok: false; message: string };

const STATUS_KEY = 'backupStatus';
const LAST_COMPLETE_KEY = 'lastCompleteBackup';
const DAILY_KEY = 'lastDailyBackup';
/** Records read per IndexedDB request: bounded memory, and no transaction held open across a bridge call. */
const PAGE_SIZE = 250;

const CompleteBackupSchema = z.object({
  backupId: z.string(),
  path: z.string(),
  reason: z.enum(['shift-close', 'daily', 'export']),
  /** Every record final before this moment is in the backup (it was read after it). */
  startedAt: z.string(),
  at: z.string(),
});
export type CompleteBackup = z.infer<typeof CompleteBackupSchema>;

export const BackupStatusSchema = z.discriminatedUnion('ok', [
  CompleteBackupSchema.extend({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), reason: z.enum(['shift-close', 'daily', 'export']), at: z.string(), message: z.string() }),
]);
export type BackupStatus = z.infer<typeof BackupStatusSchema>;

function parseMeta<T>(schema: z.ZodType<T>, value: string | undefined): T | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The outcome of the last backup attempt, as recorded in the journal. */
export async function readBackupStatus(db: PosDatabase): Promise<BackupStatus | undefined> {
  return parseMeta(BackupStatusSchema, (await db.meta.get(STATUS_KEY))?.value);
}

/** The last backup that was written whole: what pruning may rely on. */
export async function readLastCompleteBackup(db: PosDatabase): Promise<CompleteBackup | undefined> {
  return parseMeta(CompleteBackupSchema, (await db.meta.get(LAST_COMPLETE_KEY))?.value);
}

/** Pages of a table in primary-key order; each page is its own short read. */
async function* pagesOf<T>(table: Table<T, string>, keyOf: (record: T) => string): AsyncGenerator<T[]> {
  let last: string | undefined;
  for (;;) {
    const page = await (last === undefined ? table.orderBy(':id') : table.where(':id').above(last)).limit(PAGE_SIZE).toArray();
    const tail = page.at(-1);
    if (tail === undefined) return;
    yield page;
    last = keyOf(tail);
  }
}

class PieceFailed extends Error {}

async function sendBackup(db: PosDatabase, bridge: PosBridge, reason: Reason): Promise<BackupStep> {
  const begun = await bridge.invoke('backup:begin', { reason });
  if (!begun.ok) return { ok: false, message: begun.error.message };
  const { backupId } = begun.data;
  const counts: Record<BackupSection, number> = { sales: 0, outbox: 0, keyChanges: 0 };
  const encoder = new TextEncoder();
  let seq = 0;
  let pending: Record<string, unknown>[] = [];
  let pendingBytes = 0;
  let pendingSection: BackupSection = 'sales';

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const sent = await bridge.invoke('backup:append', { backupId, seq, section: pendingSection, records: pending });
    if (!sent.ok) throw new PieceFailed(sent.error.message);
    seq += 1;
    counts[pendingSection] += pending.length;
    pending = [];
    pendingBytes = 0;
  };

  const add = async (section: BackupSection, record: Record<string, unknown>): Promise<void> => {
    const bytes = encoder.encode(JSON.stringify(record)).length;
    if (section !== pendingSection || (pending.length > 0 && pendingBytes + bytes > BACKUP_CHUNK_BYTES)) await flush();
    pendingSection = section;
    pending.push(record);
    pendingBytes += bytes + 1;
  };

  try {
    for await (const page of pagesOf(db.sales, (s) => s.purchaseId)) for (const sale of page) await add('sales', sale);
    for await (const page of pagesOf(db.outbox, (a) => a.adviceId)) for (const advice of page) await add('outbox', advice);
    for await (const page of pagesOf(db.keyChanges, (k) => k.requestId)) for (const change of page) await add('keyChanges', change);
    await flush();
  } catch (err) {
    await bridge.invoke('backup:abort', { backupId }).catch(() => undefined);
    if (err instanceof PieceFailed) return { ok: false, message: err.message };
    return { ok: false, message: `The journal could not be read for the backup: ${err instanceof Error ? err.message : String(err)}` };
  }
  const committed = await bridge.invoke('backup:commit', { backupId, counts });
  if (!committed.ok) return { ok: false, message: committed.error.message };
  return { ok: true, path: committed.data.path, result: committed.data };
}

/** Writes a backup and records its outcome in the journal (shown in the status bar until a later success). */
export async function writeBackup(db: PosDatabase, bridge: PosBridge, reason: Reason): Promise<BackupStep> {
  let step: BackupStep;
  try {
    step = await sendBackup(db, bridge, reason);
  } catch (err) {
    step = { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  const at = nowIso();
  if (step.ok) {
    const complete: CompleteBackup = { backupId: step.result.backupId, path: step.path, reason, startedAt: step.result.startedAt, at };
    await db.transaction('rw', db.meta, async () => {
      await db.meta.put({ key: LAST_COMPLETE_KEY, value: JSON.stringify(complete) });
      await db.meta.put({ key: STATUS_KEY, value: JSON.stringify({ ok: true, ...complete }) });
    });
  } else {
    await db.meta.put({ key: STATUS_KEY, value: JSON.stringify({ ok: false, reason, at, message: step.message }) });
  }
  return step;
}

/** Writes today's backup if none was written today (local date), then prunes by the retention policy; call at start and hourly. */
export async function dailyBackupIfDue(
  db: PosDatabase,
  bridge: PosBridge,
  today = localDate(),
  retention: { retentionDays?: number } = {},
): Promise<(BackupStep & { pruned?: PruneResult }) | undefined> {
  const last = await db.meta.get(DAILY_KEY);
  if (last?.value === today) return undefined;
  const step = await writeBackup(db, bridge, 'daily');
  if (!step.ok) return step;
  await db.meta.put({ key: DAILY_KEY, value: today });
  let retentionDays = retention.retentionDays;
  if (retentionDays === undefined) {
    const info = await bridge.invoke('app:info', {});
    if (info.ok) retentionDays = info.data.journalRetentionDays;
  }
  return { ...step, pruned: await pruneJournal(db, retentionDays === undefined ? {} : { retentionDays }) };
}

/** The advices not yet delivered, for the supervisor to download: the queue only, so it stays small. */
export async function queueExport(db: PosDatabase): Promise<string> {
  return JSON.stringify({
    exportedAt: nowIso(),
    outbox: await db.outbox.where('state').anyOf(['pending', 'failed']).toArray(),
  });
}

export function localDate(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
