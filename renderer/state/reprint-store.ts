// Slips printed again: from the journal (any earlier sale of this terminal) or, for a slip lost
// after the fact, from the upstream's token reprint. Durable facts stay in the journal.
import { create } from 'zustand';
import type { SaleRecord } from '../db/db';
import { describeSale } from '../services';
import { canReprint, printSale, reprintLostSlip, type LostSlipReprint, type PrintStep, type SaleDeps } from '../sale/flow';

interface ReprintState {
  busy: boolean;
  /** The last journal reprint: which sale and how the print went. */
  /** `label`: how the sale is named to the cashier ("meter 0410…", "phone 082…"). */
  journal?: { purchaseId: string; label: string; print: PrintStep };
  lost?: { ok: true; value: LostSlipReprint } | { ok: false; message: string };
  reprintSale(deps: SaleDeps, sale: SaleRecord): Promise<void>;
  reprintLost(deps: SaleDeps, meter: string, reference: string): Promise<void>;
  clear(): void;
}

export const useReprintStore = create<ReprintState>()((set, get) => ({
  busy: false,
  async reprintSale(deps, sale) {
    if (get().busy || !canReprint(sale)) return;
    set({ busy: true, journal: undefined });
    try {
      const printed = await printSale(deps, sale.purchaseId, { reprint: true });
      set({ journal: { purchaseId: sale.purchaseId, label: describeSale(sale), print: printed.print } });
    } finally {
      set({ busy: false });
    }
  },
  async reprintLost(deps, meter, reference) {
    if (get().busy) return;
    set({ busy: true, lost: undefined });
    try {
      set({ lost: await reprintLostSlip(deps, meter, reference) });
    } finally {
      set({ busy: false });
    }
  },
  clear() {
    set({ journal: undefined, lost: undefined });
  },
}));
