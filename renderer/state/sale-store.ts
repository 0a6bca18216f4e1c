// UI state of the sale in progress (zustand). Durable facts live in the journal, not here: every
// screen about a sale is chosen from the state the journal returned (screenFor), never from what
// an action meant to do.
import { create } from 'zustand';
import type { MeterLookupResponse } from '../../shared/protocol/schemas';
import { AWAITING_FINISH_STATES, UNRESOLVED_PURCHASE_STATES, type SaleState as JournalState } from '../../shared/sale-machine';
import type { AirtimeDraft, AirtimeOrder } from '../airtime/order';
import type { SaleRecord, ServiceName } from '../db/db';
import { unresolvedSales } from '../journal/journal';
import type { PrinterCheck } from '../sale/interlock';
import { saleLockName, type Release } from '../sale/locks';
import { useAirtimeStore } from './airtime-store';
import {
  abandonSale,
  cancelSale,
  checkPrinter,
  checkTender,
  finishSale,
  lookupMeter,
  opensDrawer,
  printRecoveredSlip,
  printSale,
  purchase,
  recoverApprovedSales,
  resolveInDoubt,
  startPurchase,
  storageMessage,
  type OwnedPurchaseStep,
  type PrintStep,
  type PurchaseOptions,
  type RecoveredSale,
  type SaleAction,
  type SaleDeps,
  type Tender,
} from '../sale/flow';

/** The screens a sale can be on once the journal holds it. */
export type SaleScreen = 'result' | 'declined' | 'in-doubt' | 'cancelled' | 'review';

export type SaleStepName =
  | 'meter'
  /** Airtime & data before anything is bought (number, product, payment: renderer/state/airtime-store.ts). */
  | 'airtime'
  | 'customer'
  | 'tender'
  | 'printer-blocked'
  | 'busy'
  | SaleScreen
  /** Another window owns an unresolved sale: this one waits and shows the journal's state. */
  | 'elsewhere'
  /** The journal could not be written or read. */
  | 'storage-error';

const SCREEN_OF: Record<JournalState, SaleScreen> = {
  sending: 'in-doubt',
  'in-doubt': 'in-doubt',
  review: 'review',
  declined: 'declined',
  approved: 'result',
  printed: 'result',
  'print-failed': 'result',
  confirming: 'result',
  confirmed: 'result',
  'confirm-failed': 'result',
  reversing: 'cancelled',
  reversed: 'cancelled',
  'reverse-failed': 'cancelled',
};

/** The one place a journal state becomes a screen. */
export function screenFor(sale: Pick<SaleRecord, 'state'>): SaleScreen {
  return SCREEN_OF[sale.state];
}

/** What Purchase will buy once the printer allows: an electricity tender, or an airtime draft. */
type PendingPurchase = { service: 'electricity' } | { service: 'airtime'; draft: AirtimeDraft };

interface SaleUiState {
  step: SaleStepName;
  /** The product chosen with the switch on the main screen; a new sale starts on its first screen. */
  product: ServiceName;
  pending?: PendingPurchase;
  busyText?: string;
  error?: string;
  /** A remark about how the journal came to this state (a late answer, a race with another action). */
  note?: string;
  lookup?: MeterLookupResponse;
  tender?: Tender;
  /** What the cashier typed on the tender screen, kept while the printer is being sorted out. */
  tenderText?: { amountText: string; tenderedText: string };
  /** The printer cannot print: the cashier decides before any money moves. */
  printerBlock?: Extract<PrinterCheck, { kind: 'blocked' }>;
  /** A word about the printer that does not stop the sale (paper near its end). */
  printerWarning?: string;
  sale?: SaleRecord;
  /** The slip is being printed; the tokens are already on screen. */
  printing?: boolean;
  print?: PrintStep;
  /** The last print of this sale was a copy from the journal, marked REPRINT. */
  reprinted?: boolean;
  doubt?: { attempts: number; message: string; afterRestart: boolean };
  recovered: RecoveredSale[];
  boot(deps: SaleDeps): Promise<void>;
  /** The product switch: only between sales. */
  chooseProduct(product: ServiceName): void;
  /** An airtime order the cashier has checked: the printer is asked (for a PIN), then the draft is journaled and sent. */
  buyAirtime(deps: SaleDeps, draft: AirtimeDraft, order: AirtimeOrder): Promise<void>;
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
  /** Reads the journal again after a storage error and goes on from what it holds. */
  checkAgain(deps: SaleDeps): Promise<void>;
  dismissRecovered(): void;
}

/** Steps where this window has no sale of its own in hand. */
const IDLE_STEPS: readonly SaleStepName[] = ['meter', 'airtime', 'customer', 'tender', 'printer-blocked'];
const WATCH_MS = 1_000;

const CLEAR_SALE = {
  busyText: undefined,
  error: undefined,
  note: undefined,
  lookup: undefined,
  tender: undefined,
  tenderText: undefined,
  printerBlock: undefined,
  printerWarning: undefined,
  sale: undefined,
  printing: undefined,
  print: undefined,
  reprinted: undefined,
  doubt: undefined,
  pending: undefined,
} as const;

/** The first screen of a new sale of this product. */
const entryStep = (product: ServiceName): SaleStepName => (product === 'airtime' ? 'airtime' : 'meter');

export const useSaleStore = create<SaleUiState>()((set, get) => {
  /** The sale this window owns (its Web Lock is held) until it leaves the screen. */
  let owned: { purchaseId: string; release: Release } | undefined;
  let resolving: AbortController | undefined;
  let waiting: AbortController | undefined;

  function own(purchaseId: string, release: Release): void {
    if (owned && owned.purchaseId !== purchaseId) owned.release();
    owned = { purchaseId, release };
  }

  function letGo(): void {
    owned?.release();
    owned = undefined;
  }

  /** Shows a sale on the screen its journal state calls for, and goes on where that screen needs work. */
  async function showSale(deps: SaleDeps, sale: SaleRecord, note?: string, afterRestart = false): Promise<void> {
    const screen = screenFor(sale);
    const base = { sale, busyText: undefined, note, printerBlock: undefined };
    if (screen === 'in-doubt') {
      set({ ...base, step: 'in-doubt', error: undefined, doubt: { attempts: 0, message: note ?? 'Asking the server what happened…', afterRestart } });
      await runResolve(deps, sale.purchaseId, afterRestart);
      return;
    }
    if (screen !== 'result') {
      set({ ...base, step: screen, doubt: undefined, printing: false, error: screen === 'declined' ? sale.declineMessage : undefined });
      return;
    }
    // Tokens go on screen the moment the journal holds them; the slip follows.
    const needsSlip = sale.state === 'approved' && !sale.noSlip;
    set({ ...base, step: 'result', doubt: undefined, error: undefined, printing: needsSlip, print: undefined, reprinted: false });
    if (!needsSlip) return;
    const printed = await printSale(deps, sale.purchaseId, { openDrawer: opensDrawer(deps.info, sale) });
    if (get().sale?.purchaseId !== sale.purchaseId) return;
    set({ sale: printed.sale, print: printed.print, printing: false, ...(printed.journalError ? { error: printed.journalError } : {}) });
  }

  async function afterPurchase(deps: SaleDeps, step: OwnedPurchaseStep): Promise<void> {
    if (step.kind === 'blocked') {
      // Nothing was sent: back to the screen the cashier paid on, with the reason.
      if (get().pending?.service === 'airtime') {
        useAirtimeStore.getState().fail(step.message);
        set({ step: 'airtime', busyText: undefined, pending: undefined });
      } else set({ step: 'tender', error: step.message, busyText: undefined });
      return;
    }
    if (step.sale && step.release) own(step.sale.purchaseId, step.release);
    if (step.kind === 'storage-error') {
      set({ step: 'storage-error', error: step.message, busyText: undefined, sale: step.sale, doubt: undefined });
      return;
    }
    await showSale(deps, step.sale, step.note);
  }

  const BUYING: Record<ServiceName, string> = {
    electricity: 'Buying the tokens… do not close the app.',
    airtime: 'Buying from the provider… do not close the app.',
  };

  /** Sends what is pending: the electricity tender on screen, or the airtime draft. */
  function buyPending(deps: SaleDeps, options: PurchaseOptions = {}): Promise<OwnedPurchaseStep> | undefined {
    const { pending, lookup, tender } = get();
    if (pending?.service === 'airtime') return startPurchase(deps, pending.draft, options);
    if (pending?.service === 'electricity' && lookup && tender) return purchase(deps, lookup, tender, options);
    return undefined;
  }

  /** Busy is set by the caller before its first await, so a second click cannot buy twice. */
  async function checkThenBuy(deps: SaleDeps, service: ServiceName): Promise<void> {
    set({ step: 'busy', busyText: 'Checking the printer…' });
    const check = await checkPrinter(deps);
    if (check.kind === 'blocked') {
      set({ step: 'printer-blocked', printerBlock: check, busyText: undefined });
      return;
    }
    set({ busyText: BUYING[service], printerBlock: undefined, printerWarning: check.warning });
    const bought = buyPending(deps);
    if (bought) await afterPurchase(deps, await bought);
  }

  /** Asks the upstream until the sale is settled. This window owns the sale's lock. */
  async function runResolve(deps: SaleDeps, purchaseId: string, afterRestart: boolean): Promise<void> {
    resolving?.abort();
    const controller = new AbortController();
    resolving = controller;
    const step = await resolveInDoubt(deps, purchaseId, {
      signal: controller.signal,
      baseDelayMs: deps.info.outbox.retryBaseDelayMs,
      maxDelayMs: deps.info.outbox.retryMaxDelayMs,
      onAttempt: (attempts, message) => {
        if (controller.signal.aborted) return;
        set({ doubt: { attempts, message, afterRestart } });
        // The checks on screen are the ones the journal recorded.
        void deps.db.sales.get(purchaseId).then((current) => {
          if (current && !controller.signal.aborted && get().sale?.purchaseId === purchaseId) set({ sale: current });
        }, () => undefined);
      },
    });
    // Stopped by an abandon (which shows its own result) or by another sale taking the screen.
    if (controller.signal.aborted) return;
    resolving = undefined;
    await afterPurchase(deps, step);
  }

  /**
   * An unresolved sale found at start. If no other window owns it, this one takes it over and
   * asks the upstream; otherwise it waits, showing the journal's state, until the owner is done.
   */
  async function claim(deps: SaleDeps, found: SaleRecord): Promise<void> {
    const name = saleLockName(found.purchaseId);
    let release = await deps.locks.hold(name, { ifAvailable: true });
    if (!release) {
      set({ step: 'elsewhere', sale: found, busyText: undefined, doubt: undefined });
      waiting?.abort();
      const controller = new AbortController();
      waiting = controller;
      const polling = (async () => {
        while (!controller.signal.aborted) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          const current = await deps.db.sales.get(found.purchaseId).catch(() => undefined);
          if (controller.signal.aborted) return;
          if (current) set({ sale: current });
          if (!current || !UNRESOLVED_PURCHASE_STATES.includes(current.state)) controller.abort();
        }
      })();
      release = await deps.locks.hold(name, { signal: controller.signal });
      controller.abort();
      await polling;
      if (waiting === controller) waiting = undefined;
    }
    if (release) {
      const current = await deps.db.sales.get(found.purchaseId);
      if (current && UNRESOLVED_PURCHASE_STATES.includes(current.state)) {
        own(found.purchaseId, release);
        await showSale(deps, current, undefined, true);
        return;
      }
      release();
    }
    // Settled by its owner: this window goes on with the next unresolved sale, if any.
    const next = (await unresolvedSales(deps.db)).find((sale) => sale.purchaseId !== found.purchaseId);
    if (next) await claim(deps, next);
    else set({ ...CLEAR_SALE, step: entryStep(get().product) });
  }

  let claiming = false;

  /**
   * A window waiting for its next customer notices a sale another window has just started (its
   * entry may have been written a moment after this window checked at start): it shows that sale's
   * state and waits, or takes it over when its owner is gone (the lock is free).
   */
  async function watchOtherWindows(deps: SaleDeps): Promise<void> {
    if (claiming || !IDLE_STEPS.includes(get().step)) return;
    const other = (await unresolvedSales(deps.db).catch(() => [])).find((sale) => sale.purchaseId !== owned?.purchaseId);
    if (!other || claiming || !IDLE_STEPS.includes(get().step)) return;
    claiming = true;
    try {
      await claim(deps, other);
    } finally {
      claiming = false;
    }
  }

  /** Shows what the journal holds after an action, with the action's complaint when it was refused. */
  async function afterAction(deps: SaleDeps, action: SaleAction, refusedNote: (sale: SaleRecord) => string): Promise<void> {
    if (action.ok) {
      await showSale(deps, action.sale);
      return;
    }
    if (!action.sale) {
      set({ step: 'storage-error', error: action.message, busyText: undefined });
      return;
    }
    set({ error: undefined });
    await showSale(deps, action.sale, refusedNote(action.sale));
  }

  return {
    // Nothing can be sold until the journal has been checked for sales a restart interrupted.
    step: 'busy',
    busyText: 'Checking for unfinished sales…',
    product: 'electricity',
    recovered: [],
    async boot(deps) {
      // A till that sells airtime only starts on it.
      const services = deps.info.services;
      if (services && !services.prepaidUtility.enabled && services.airtime.enabled) set({ product: 'airtime' });
      try {
        const recovered = await recoverApprovedSales(deps);
        set({ recovered });
        // Slips of recovered sales print after the start, never holding it up.
        for (const item of recovered.filter((r) => r.needsSlip)) {
          void printRecoveredSlip(deps, item.purchaseId).then((message) =>
            set({ recovered: get().recovered.map((r) => (r.purchaseId === item.purchaseId ? { ...r, message, needsSlip: false } : r)) }),
          );
        }
        const oldest = (await unresolvedSales(deps.db))[0];
        if (oldest) await claim(deps, oldest);
        else set({ step: entryStep(get().product), busyText: undefined });
      } catch (err) {
        set({ step: 'storage-error', error: storageMessage(err, 'action'), busyText: undefined });
      }
      setInterval(() => void watchOtherWindows(deps), WATCH_MS);
    },
    chooseProduct(product) {
      const step = get().step;
      if (step !== 'meter' && step !== 'airtime' && step !== 'customer' && step !== 'tender') return;
      if (product === get().product && step === entryStep(product)) return;
      set({ ...CLEAR_SALE, product, step: entryStep(product) });
    },
    async buyAirtime(deps, draft, order) {
      if (get().step !== 'airtime') return;
      // Busy at once, before any await: a second click cannot start a second purchase.
      set({
        step: 'busy',
        busyText: 'Checking the printer…',
        error: undefined,
        pending: { service: 'airtime', draft },
        tender: { amount: order.price, tendered: order.tendered, change: order.change },
      });
      // A top-up goes to the phone whatever the printer does; a PIN must reach the customer, so the printer is asked first.
      if (draft.product.isDirectTopup === true) {
        set({ busyText: BUYING.airtime });
        await afterPurchase(deps, await startPurchase(deps, draft));
        return;
      }
      await checkThenBuy(deps, 'airtime');
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
      set({
        step: 'busy',
        busyText: 'Checking the printer…',
        error: undefined,
        tender: tender.value,
        tenderText: { amountText, tenderedText },
        pending: { service: 'electricity' },
      });
      await checkThenBuy(deps, 'electricity');
    },
    async checkPrinterAgain(deps) {
      const { pending, step } = get();
      if (!pending || step !== 'printer-blocked') return;
      set({ step: 'busy', busyText: 'Checking the printer…' });
      await checkThenBuy(deps, pending.service);
    },
    async sellWithoutSlip(deps) {
      const { pending, step, printerBlock } = get();
      if (!pending || step !== 'printer-blocked') return;
      set({ step: 'busy', busyText: BUYING[pending.service], printerWarning: undefined });
      const reason = printerBlock?.reason ?? 'The printer could not print.';
      const bought = buyPending(deps, { withoutSlip: reason });
      if (bought) await afterPurchase(deps, await bought);
    },
    backToTender() {
      if (get().step !== 'printer-blocked') return;
      const airtime = get().pending?.service === 'airtime';
      set({ step: airtime ? 'airtime' : 'tender', printerBlock: undefined, error: undefined, pending: undefined });
    },
    async reprint(deps) {
      const sale = get().sale;
      if (!sale || get().printing) return;
      set({ printing: true, error: undefined });
      // Every copy after the first attempt is marked REPRINT: a partial first slip may be in the customer's hand.
      const printed = await printSale(deps, sale.purchaseId, { reprint: true });
      set({ sale: printed.sale, print: printed.print, reprinted: true, printing: false, ...(printed.journalError ? { error: printed.journalError } : {}) });
    },
    async cannotPay(deps) {
      const sale = get().sale;
      if (!sale) return;
      await afterAction(deps, await cancelSale(deps, sale.purchaseId), (current) =>
        `The sale could not be cancelled: it is already ${current.state} in the journal.`,
      );
    },
    async abandon(deps) {
      const sale = get().sale;
      if (!sale) return;
      // The journal decides first; asking stops only once the abandon is recorded (or refused).
      const action = await abandonSale(deps, sale.purchaseId);
      resolving?.abort();
      resolving = undefined;
      await afterAction(deps, action, (current) =>
        screenFor(current) === 'result'
          ? 'The utility approved this sale before it could be abandoned. Give the customer the tokens, or press “Customer cannot pay”.'
          : `The sale could not be abandoned: it is already ${current.state} in the journal.`,
      );
    },
    async newSale(deps) {
      const sale = get().sale;
      if (sale && AWAITING_FINISH_STATES.includes(sale.state)) {
        const finished = await finishSale(deps, sale.purchaseId);
        if (!finished.ok) {
          // The sale stays on screen with what the journal says: nothing was finished.
          if (finished.sale) set({ sale: finished.sale });
          set({ error: finished.message });
          return;
        }
      }
      resolving?.abort();
      resolving = undefined;
      letGo();
      useAirtimeStore.getState().reset();
      set({ ...CLEAR_SALE, step: entryStep(get().product) });
    },
    async checkAgain(deps) {
      const sale = get().sale;
      set({ step: 'busy', busyText: 'Reading the journal…', error: undefined });
      try {
        // The cashier asked: a journal the browser closed is opened again now, deliberately.
        if (!deps.db.isOpen()) await deps.db.open();
        const current = sale ? await deps.db.sales.get(sale.purchaseId) : undefined;
        if (current) {
          await showSale(deps, current);
          return;
        }
        letGo();
        const oldest = (await unresolvedSales(deps.db))[0];
        if (oldest) await claim(deps, oldest);
        else set({ ...CLEAR_SALE, step: entryStep(get().product) });
      } catch (err) {
        set({ step: 'storage-error', error: storageMessage(err, 'action'), busyText: undefined });
      }
    },
    dismissRecovered() {
      set({ recovered: [] });
    },
  };
});
