// Supervisor-facing state: storage protection, backups, the outbox view.
import { create } from 'zustand';
import type { PosBridge } from '../../shared/bridge';
import type { PosDatabase } from '../db/db';
import { dailyBackupIfDue, queueExport, writeBackup } from '../journal/backup';
import { markShiftClosed, shiftReport, shiftSummary } from '../journal/shift';

interface SupervisorState {
  open: boolean;
  /** undefined until asked; false means the browser may evict the journal under storage pressure. */
  storagePersisted?: boolean;
  backupMessage?: string;
  backupFailed?: boolean;
  setOpen(open: boolean): void;
  protectStorage(): Promise<void>;
  backup(db: PosDatabase, bridge: PosBridge, reason: 'export'): Promise<void>;
  /** Prints the shift report, writes the shift-close backup, and starts a new shift. */
  closeShift(db: PosDatabase, bridge: PosBridge, currency: string, operatorId?: string): Promise<void>;
  shiftMessage?: string;
  daily(db: PosDatabase, bridge: PosBridge): Promise<void>;
  download(db: PosDatabase): Promise<void>;
}

export const useSupervisorStore = create<SupervisorState>()((set) => ({
  open: false,
  setOpen(open) {
    set({ open });
  },
  async protectStorage() {
    let persisted = false;
    try {
      persisted = (await navigator.storage?.persisted?.()) || (await navigator.storage?.persist?.()) || false;
    } catch {
      persisted = false;
    }
    set({ storagePersisted: persisted });
  },
  async backup(db, bridge, reason) {
    const step = await writeBackup(db, bridge, reason);
    set(step.ok ? { backupMessage: `Backup written to ${step.path}`, backupFailed: false } : { backupMessage: `Backup failed: ${step.message}`, backupFailed: true });
  },
  async closeShift(db, bridge, currency, operatorId) {
    let report: Awaited<ReturnType<typeof shiftReport>>;
    try {
      report = await shiftReport(db, currency, operatorId);
    } catch (err) {
      set({ shiftMessage: `The shift was not closed: the journal could not be read (${err instanceof Error ? err.message : String(err)}).` });
      return;
    }
    const printed = await bridge.invoke('printer:print', report);
    const step = await writeBackup(db, bridge, 'shift-close').catch((err: unknown) => ({
      ok: false as const,
      message: err instanceof Error ? err.message : String(err),
    }));
    // The shift is recorded whatever the backup did: a failed backup is reported, never a reason to lose the close.
    try {
      await markShiftClosed(db, report.to);
    } catch (err) {
      // Said only from what the journal did: the report may have printed, but the shift is still open.
      set({ shiftMessage: `The shift was not closed: the journal could not record it (${err instanceof Error ? err.message : String(err)}). Close it again.` });
      return;
    }
    const sold = shiftSummary(report);
    const printedWords = printed.ok ? 'report printed.' : `the report did not print: ${printed.error.message}`;
    set({
      shiftMessage: `Shift closed (${sold}); ${printedWords}${step.ok ? '' : ' The shift is recorded, but its backup failed.'}`,
      ...(step.ok ? { backupMessage: `Backup written to ${step.path}`, backupFailed: false } : { backupMessage: `Backup failed: ${step.message}`, backupFailed: true }),
    });
  },
  async daily(db, bridge) {
    const step = await dailyBackupIfDue(db, bridge);
    if (step && !step.ok) set({ backupMessage: `Daily backup failed: ${step.message}`, backupFailed: true });
  },
  async download(db) {
    const blob = new Blob([await queueExport(db)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `prepaid-pos-outbox-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
}));
