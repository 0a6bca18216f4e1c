// UI state of the sale in progress (zustand). Durable facts live in the journal, not here.
import { create } from 'zustand';
import type { MeterLookupResponse, PurchaseResponse } from '../../shared/protocol/schemas';
import type { SaleRecord } from '../db/db';
import {
  checkTender,
  lookupMeter,
  printAndConfirm,
  purchase,
  type PrintStep,
  type SaleDeps,
  type Tender,
} from '../sale/flow';

export type SaleStepName = 'meter' | 'customer' | 'tender' | 'busy' | 'result' | 'declined' | 'in-doubt';

interface SaleState {
  step: SaleStepName;
  busyText?: string;
  error?: string;
  lookup?: MeterLookupResponse;
  tender?: Tender;
  sale?: SaleRecord;
  response?: PurchaseResponse;
  print?: PrintStep;
  lookUp(deps: SaleDeps, meterInput: string): Promise<void>;
  confirmCustomer(): void;
  back(): void;
  buy(deps: SaleDeps, amountText: string, tenderedText: string): Promise<void>;
  newSale(): void;
}

export const useSaleStore = create<SaleState>()((set, get) => ({
  step: 'meter',
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
    if (!lookup) return;
    const tender = checkTender(lookup, deps.info.terminal.currency, { amountText, tenderedText });
    if (!tender.ok) {
      set({ error: tender.message });
      return;
    }
    set({ step: 'busy', busyText: 'Buying the tokens… do not close the app.', error: undefined, tender: tender.value });
    const bought = await purchase(deps, lookup, tender.value);
    if (bought.kind === 'declined') {
      set({ step: 'declined', sale: bought.sale, error: bought.message, busyText: undefined });
      return;
    }
    if (bought.kind === 'in-doubt') {
      set({ step: 'in-doubt', sale: bought.sale, error: bought.message, busyText: undefined });
      return;
    }
    set({ busyText: 'Printing the slip…', sale: bought.sale, response: bought.response });
    const printed = await printAndConfirm(deps, bought.sale, bought.response);
    set({ step: 'result', sale: printed.sale, print: printed.print, busyText: undefined });
  },
  newSale() {
    set({
      step: 'meter',
      busyText: undefined,
      error: undefined,
      lookup: undefined,
      tender: undefined,
      sale: undefined,
      response: undefined,
      print: undefined,
    });
  },
}));
