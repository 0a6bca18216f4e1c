// Supervisor-facing state: storage protection, backups, the outbox view.
import { create } from 'zustand';
import { formatMoney } from '../../shared/money';
import type { PosBridge } from '../../shared/bridge';
import type { PosDatabase } from '../db/db';
import { dailyBackupIfDue, queueExport, writeBackup } from '../journal/backup';
import { markShiftClosed, shiftReport, shiftSummary } from '../journal/shift';
import { closeShiftCounted, openShift, xReport, zReport } from '../journal/shift-totals';
import type { ShiftReportPrintRequest } from '../../shared/bridge';
import type { TenderType } from '../../shared/protocol/schemas';

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
  /** The last X, Z or counted shift close, shown on screen as printed; and whether it printed. */
  report?: { request: ShiftReportPrintRequest; printed: { ok: true } | { ok: false; message: string } };
  shiftBusy: boolean;
  /** The count form is open (the panel's Close shift with a shift open). */
  counting: boolean;
  setCounting(counting: boolean): void;
  /** Said about the last shift action (open, X, counted close, Z); error when it was refused or failed. */
  shiftAction?: { ok: boolean; text: string };
  openShift(db: PosDatabase, float: number, currency: string, operatorId?: string): Promise<boolean>;
  printX(db: PosDatabase, bridge: PosBridge, operatorId?: string): Promise<void>;
  /** Closes the open shift with the drawer counted per tender, prints its close slip and writes the backup. */
  closeCounted(db: PosDatabase, bridge: PosBridge, counted: Partial<Record<TenderType, number>>, operatorId?: string): Promise<void>;
  printZ(db: PosDatabase, bridge: PosBridge, input: { currency: string; operatorId?: string | undefined; timeZone?: string | undefined }): Promise<void>;
  download(db: PosDatabase): Promise<void>;
}

const failure = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export const useSupervisorStore = create<SupervisorState>()((set, get) => ({
  open: false,
  shiftBusy: false,
  counting: false,
  setCounting(counting) {
    set({ counting });
  },
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
  async openShift(db, float, currency, operatorId) {
    try {
      const opened = await openShift(db, { float, currency, operatorId });
      set({ shiftAction: opened.ok ? { ok: true, text: 'Shift open.' } : { ok: false, text: opened.message } });
      return opened.ok;
    } catch (err) {
      set({ shiftAction: { ok: false, text: `The shift was not opened: the journal could not record it (${failure(err)}).` } });
      return false;
    }
  },
  async printX(db, bridge, operatorId) {
    if (get().shiftBusy) return;
    set({ shiftBusy: true, shiftAction: undefined });
    try {
      const x = await xReport(db, operatorId);
      if (!x.ok) return set({ shiftAction: { ok: false, text: x.message } });
      const printed = await bridge.invoke('printer:print', x.value);
      set({
        report: { request: x.value, printed: printed.ok ? { ok: true } : { ok: false, message: printed.error.message } },
        shiftAction: printed.ok ? { ok: true, text: `X report ${x.value.number} printed.` } : { ok: false, text: `X report ${x.value.number} did not print: ${printed.error.message}` },
      });
    } catch (err) {
      set({ shiftAction: { ok: false, text: `No X report: the journal could not be read (${failure(err)}).` } });
    } finally {
      set({ shiftBusy: false });
    }
  },
  async closeCounted(db, bridge, counted, operatorId) {
    if (get().shiftBusy) return;
    set({ shiftBusy: true, shiftAction: undefined });
    try {
      let closed: Awaited<ReturnType<typeof closeShiftCounted>>;
      try {
        closed = await closeShiftCounted(db, counted, operatorId);
      } catch (err) {
        return set({ shiftAction: { ok: false, text: `The shift was not closed: the journal could not record it (${failure(err)}). Close it again.` } });
      }
      if (!closed.ok) return set({ shiftAction: { ok: false, text: `The shift was not closed: ${closed.message}` } });
      const report = closed.value.report;
      const printed = await bridge.invoke('printer:print', report);
      const step = await writeBackup(db, bridge, 'shift-close').catch((err: unknown) => ({ ok: false as const, message: failure(err) }));
      const cash = report.drawer?.counts?.find((count) => count.tender === 'CASH');
      const variance = cash
        ? `counted ${formatMoney(cash.counted, report.currency)}, ${cash.variance === 0 ? 'exact' : `${cash.variance > 0 ? 'over' : 'short'} ${formatMoney(Math.abs(cash.variance), report.currency)}`}`
        : '';
      const printedWords = printed.ok ? 'report printed.' : `the report did not print: ${printed.error.message}`;
      set({
        report: { request: report, printed: printed.ok ? { ok: true } : { ok: false, message: printed.error.message } },
        shiftAction: {
          ok: true,
          text: `Shift closed (${shiftSummary(report)}${variance ? `; ${variance}` : ''}); ${printedWords}${step.ok ? '' : ' The shift is recorded, but its backup failed.'}`,
        },
        ...(step.ok ? { backupMessage: `Backup written to ${step.path}`, backupFailed: false } : { backupMessage: `Backup failed: ${step.message}`, backupFailed: true }),
      });
    } finally {
      set({ shiftBusy: false });
    }
  },
  async printZ(db, bridge, input) {
    if (get().shiftBusy) return;
    set({ shiftBusy: true, shiftAction: undefined });
    try {
      const z = await zReport(db, input);
      if (!z.ok) return set({ shiftAction: { ok: false, text: z.message } });
      const printed = await bridge.invoke('printer:print', z.value.report);
      set({
        report: { request: z.value.report, printed: printed.ok ? { ok: true } : { ok: false, message: printed.error.message } },
        shiftAction: printed.ok
          ? { ok: true, text: `Z report No. ${z.value.zNumber} recorded and printed.` }
          : { ok: false, text: `Z report No. ${z.value.zNumber} is recorded but did not print: ${printed.error.message}` },
      });
    } catch (err) {
      set({ shiftAction: { ok: false, text: `No Z report: the journal could not record it (${failure(err)}).` } });
    } finally {
      set({ shiftBusy: false });
    }
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
