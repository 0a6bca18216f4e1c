// A meter fault reported for a customer at the counter: the form's last answer.
import { create } from 'zustand';
import { reportFault, type FaultReported, type FaultReportInput, type SaleDeps, type Step } from '../sale/flow';

interface FaultState {
  busy: boolean;
  result?: Step<FaultReported>;
  report(deps: SaleDeps, input: FaultReportInput): Promise<void>;
}

export const useFaultStore = create<FaultState>()((set, get) => ({
  busy: false,
  async report(deps, input) {
    if (get().busy) return;
    set({ busy: true, result: undefined });
    try {
      set({ result: await reportFault(deps, input) });
    } finally {
      set({ busy: false });
    }
  },
}));
