// Backups of the journal and the advices not yet delivered, written by the main side into the data
// directory: at every shift close, once a day, and whenever a supervisor exports.
import type { PosBridge } from '../../shared/bridge';
import { nowIso, type PosDatabase } from '../db/db';

export async function journalExport(db: PosDatabase): Promise<string> {
  return db.transaction('r', db.sales, db.outbox, async () =>
    JSON.stringify({
      exportedAt: nowIso(),
      sales: await db.sales.orderBy('createdAt').toArray(),
      outbox: await db.outbox.where('state').anyOf(['pending', 'failed']).toArray(),
    }),
  );
}

export type BackupStep = { ok: true; path: string } | { ok: false; message: string };

export async function writeBackup(db: PosDatabase, bridge: PosBridge, reason: 'shift-close' | 'daily' | 'export'): Promise<BackupStep> {
  const result = await bridge.invoke('backup:write', { reason, json: await journalExport(db) });
  if (!result.ok) return { ok: false, message: result.error.message };
  return { ok: true, path: result.data.path };
}

const DAILY_KEY = 'lastDailyBackup';

/** Writes today's backup if none was written today (local date); call at start and hourly. */
export async function dailyBackupIfDue(db: PosDatabase, bridge: PosBridge, today = localDate()): Promise<BackupStep | undefined> {
  const last = await db.meta.get(DAILY_KEY);
  if (last?.value === today) return undefined;
  const step = await writeBackup(db, bridge, 'daily');
  if (step.ok) await db.meta.put({ key: DAILY_KEY, value: today });
  return step;
}

export function localDate(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
