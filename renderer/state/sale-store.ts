// UI state of the sale in progress (zustand). Durable facts live in the journal, not here.
import { create } from 'zustand';
import type { MeterLookupResponse } from '../../shared/protocol/schemas';
import { AWAITING_FINISH_STATES } from '../../shared/sale-machine';
import type { SaleRecord } from '../db/db';
import { unresolvedSales } from '../journal/journal';
import type { PrinterCheck } from '../sale/interlock';
import {
  abandonSale,
  cancelSale,
  checkPrinter,
  checkTender,
  finishSale,
  lookupMeter,
  opensDrawer,
  printSale,
  purchase,
  recoverApprovedSales,
  resolveInDoubt,
  type PrintStep,
  type PurchaseStep,
  type RecoveredSale,
  type SaleDeps,
  type Tender,
} from '../sale/flow';

export type SaleStepName = 'meter' | 'customer' | 'tender' | 'printer-blocked' | 'busy' | 'result' | 'declined' | 'in-doubt' | 'cancelled';

interface SaleState {
  step: SaleStepName;
  busyText?: string;
  error?: string;
  lookup?: MeterLookupResponse;
  tender?: Tender;
  /** What the cashier typed on the tender screen, kept while the printer is being sorted out. */
  tenderText?: { amountText: string; tenderedText: string };
  /** The printer cannot print: the cashier decides before any money moves. */
  printerBlock?: Extract<PrinterCheck, { kind: 'blocked' }>;
  /** A word about the printer that does not stop the sale (paper near its end). */
  printerWarning?: string;
  sale?: SaleRecord;
  print?: PrintStep;
  /** The last print of this sale was a copy from the journal, marked REPRINT. */
  reprinted?: boolean;
  doubt?: { attempts: number; message: string; afterRestart: boolean };
  recovered: RecoveredSale[];
  boot(deps: SaleDeps): Promise<void>;
  lookUp(deps: SaleDeps, meterInput: string): Promise<void>;
  confirmCustomer(): void;
  back(): void;
  buy(deps: SaleDeps, amountText: string, tenderedText: string): Promise<void>;
  checkPrinterAgain(deps: SaleDeps): Promise<void>;
  sellWithoutSlip(deps: SaleDeps): Promise<void>;
  backToTender(): void;
  reprint(deps: SaleDeps): Promise<void>;
  cannotPay(deps: SaleDeps): Promise<void>;
  abandon(deps: SaleDeps): Promise<void>;
  newSale(deps: SaleDeps): Promise<void>;
  dismissRecovered(): void;
}

let resolving: AbortController | undefined;

export const useSaleStore = create<SaleState>()((set, get) => {
  async function afterPurchase(deps: SaleDeps, step: PurchaseStep): Promise<void> {
    if (step.kind === 'blocked') {
      set({ step: 'tender', error: step.message, busyText: undefined });
      return;
    }
    if (step.kind === 'declined') {
      set({ step: 'declined', sale: step.sale, error: step.message, busyText: undefined, doubt: undefined });
      return;
    }
    if (step.kind === 'in-doubt') {
      set({ step: 'in-doubt', sale: step.sale, error: undefined, busyText: undefined, doubt: { attempts: 0, message: step.message, afterRestart: false } });
      await runResolve(deps, step.sale.purchaseId, false);
      return;
    }
    if (step.sale.noSlip) {
      // Sold deliberately without a slip: the tokens go on screen; Reprint prints once the printer is fixed.
      set({ step: 'result', sale: step.sale, print: undefined, busyText: undefined, doubt: undefined });
      return;
    }
    set({ step: 'busy', busyText: 'Printing the slip…', sale: step.sale, doubt: undefined });
    const printed = await printSale(deps, step.sale.purchaseId, { openDrawer: opensDrawer(deps.info, step.sale.request) });
    set({ step: 'result', sale: printed.sale, print: printed.print, reprinted: false, busyText: undefined });
  }

  /** Busy is set by the caller before its first await, so a second click cannot buy twice. */
  async function checkThenBuy(deps: SaleDeps, lookup: MeterLookupResponse, tender: Tender): Promise<void> {
    set({ step: 'busy', busyText: 'Checking the printer…' });
    const check = await checkPrinter(deps);
    if (check.kind === 'blocked') {
      set({ step: 'printer-blocked', printerBlock: check, busyText: undefined });
      return;
    }
    set({ busyText: 'Buying the tokens… do not close the app.', printerBlock: undefined, printerWarning: check.warning });
    await afterPurchase(deps, await purchase(deps, lookup, tender));
  }

  async function runResolve(deps: SaleDeps, purchaseId: string, afterRestart: boolean): Promise<void> {
    resolving?.abort();
    const controller = new AbortController();
    resolving = controller;
    const sale = await deps.db.sales.get(purchaseId);
    set({ step: 'in-doubt', ...(sale ? { sale } : {}), doubt: { attempts: 0, message: 'Asking the server what happened…', afterRestart } });
    // One window resolves a sale at a time. A window that waited for another one re-reads the
    // journal: if the sale was settled meanwhile, there is nothing left for it to do.
    const step = await navigator.locks.request(`prepaid-pos.sale.${purchaseId}`, async () => {
      const current = await deps.db.sales.get(purchaseId);
      if (!current || (current.state !== 'in-doubt' && current.state !== 'sending')) return undefined;
      return resolveInDoubt(deps, purchaseId, {
        signal: controller.signal,
        baseDelayMs: deps.info.outbox.retryBaseDelayMs,
        maxDelayMs: deps.info.outbox.retryMaxDelayMs,
        onAttempt: (attempts, message) => {
          if (!controller.signal.aborted) set({ doubt: { attempts, message, afterRestart } });
        },
      });
    });
    if (controller.signal.aborted) return;
    resolving = undefined;
    if (!step) {
      set({ step: 'meter', sale: undefined, doubt: undefined, busyText: undefined });
      return;
    }
    await afterPurchase(deps, step);
  }

  return {
    // Nothing can be sold until the journal has been checked for sales a restart interrupted.
    step: 'busy',
    busyText: 'Checking for unfinished sales…',
    recovered: [],
    async boot(deps) {
      const recovered = await recoverApprovedSales(deps);
      const oldest = (await unresolvedSales(deps.db))[0];
      set({ recovered });
      if (oldest) await runResolve(deps, oldest.purchaseId, true);
      else set({ step: 'meter', busyText: undefined });
    },
    async lookUp(deps, meterInput) {
      set({ step: 'busy', busyText: 'Looking up the meter…', error: undefined });
      const result = await lookupMeter(deps, meterInput);
      if (result.ok) set({ step: 'customer', lookup: result.value, busyText: undefined });
      else set({ step: 'meter', error: result.message, busyText: undefined });
    },
    confirmCustomer() {
      set({ step: 'tender', error: undefined });
    },
    back() {
      const step = get().step;
      set({ step: step === 'tender' ? 'customer' : 'meter', error: undefined });
    },
    async buy(deps, amountText, tenderedText) {
      const lookup = get().lookup;
      if (!lookup || get().step !== 'tender') return;
      const tender = checkTender(lookup, deps.info.terminal.currency, { amountText, tenderedText });
      if (!tender.ok) {
        set({ error: tender.message });
        return;
      }
      // Busy at once, before any await: a second click cannot start a second purchase.
      set({ step: 'busy', busyText: 'Checking the printer…', error: undefined, tender: tender.value, tenderText: { amountText, tenderedText } });
      await checkThenBuy(deps, lookup, tender.value);
    },
    async checkPrinterAgain(deps) {
      const { lookup, tender, step } = get();
      if (!lookup || !tender || step !== 'printer-blocked') return;
      set({ step: 'busy', busyText: 'Checking the printer…' });
      await checkThenBuy(deps, lookup, tender);
    },
    async sellWithoutSlip(deps) {
      const { lookup, tender, step, printerBlock } = get();
      if (!lookup || !tender || step !== 'printer-blocked') return;
      set({ step: 'busy', busyText: 'Buying the tokens… do not close the app.', printerWarning: undefined });
      const reason = printerBlock?.reason ?? 'The printer could not print.';
      await afterPurchase(deps, await purchase(deps, lookup, tender, { withoutSlip: reason }));
    },
    backToTender() {
      if (get().step !== 'printer-blocked') return;
      set({ step: 'tender', printerBlock: undefined, error: undefined });
    },
    async reprint(deps) {
      const sale = get().sale;
      if (!sale) return;
      set({ busyText: 'Printing…' });
      // Every copy after the first attempt is marked REPRINT: a partial first slip may be in the customer's hand.
      const printed = await printSale(deps, sale.purchaseId, { reprint: true });
      set({ sale: printed.sale, print: printed.print, reprinted: true, busyText: undefined });
    },
    async cannotPay(deps) {
      const sale = get().sale;
      if (!sale) return;
      const updated = await cancelSale(deps, sale.purchaseId);
      set({ step: 'cancelled', ...(updated ? { sale: updated } : {}) });
    },
    async abandon(deps) {
      const sale = get().sale;
      if (!sale) return;
      // Settle the sale first, then stop asking: another window waiting on this sale must find it settled.
      const updated = await abandonSale(deps, sale.purchaseId);
      resolving?.abort();
      resolving = undefined;
      set({ step: 'cancelled', doubt: undefined, ...(updated ? { sale: updated } : {}) });
    },
    async newSale(deps) {
      const sale = get().sale;
      if (sale && AWAITING_FINISH_STATES.includes(sale.state)) await finishSale(deps, sale.purchaseId);
      set({
        step: 'meter',
        busyText: undefined,
        error: undefined,
        lookup: undefined,
        tender: undefined,
        tenderText: undefined,
        printerBlock: undefined,
        printerWarning: undefined,
        sale: undefined,
        print: undefined,
        reprinted: undefined,
        doubt: undefined,
      });
    },
    dismissRecovered() {
      set({ recovered: [] });
    },
  };
});
