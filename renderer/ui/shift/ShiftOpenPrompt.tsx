// Shown on the counter's first screen while no shift is open: the float goes in, the shift opens.
// It does not block a sale; sales outside a shift still count in the day's Z.
import { useState, type FormEvent } from 'react';
import { parseMoneyInput } from '../../../shared/money';
import { useSaleStore } from '../../state/sale-store';
import { useSupervisorStore } from '../../state/supervisor-store';
import { useDeps } from '../deps';
import { useCurrentShift } from './use-shift';

const ENTRY_STEPS: readonly string[] = ['meter', 'airtime'];

export function ShiftOpenPrompt() {
  const { db, info } = useDeps();
  const shift = useCurrentShift();
  const step = useSaleStore((s) => s.step);
  const openShift = useSupervisorStore((s) => s.openShift);
  const [float, setFloat] = useState('');
  const [later, setLater] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (shift !== null || later || !ENTRY_STEPS.includes(step)) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseMoneyInput(float, info.terminal.currency);
    if (!parsed.ok) return setError(parsed.message);
    setError(undefined);
    const opened = await openShift(db, parsed.minor, info.terminal.currency, info.operatorId);
    if (!opened) setError(useSupervisorStore.getState().shiftAction?.text ?? 'The shift was not opened.');
  };
  return (
    <section className="card shift-open" aria-labelledby="shift-open-title">
      <h2 id="shift-open-title">No shift is open</h2>
      <p>Count the cash you put in the drawer to start with (the float) and open the shift. The X report, the shift close and the Z report count from it.</p>
      <form onSubmit={(e) => void submit(e)} className="lost-slip-fields">
        <div>
          <label htmlFor="shift-float">Float in the drawer</label>
          <input id="shift-float" autoComplete="off" inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} />
        </div>
        <button type="submit" className="primary">
          Open shift
        </button>
        <button type="button" onClick={() => setLater(true)}>
          Not now
        </button>
      </form>
      {error && <p className="error">{error}</p>}
    </section>
  );
}
