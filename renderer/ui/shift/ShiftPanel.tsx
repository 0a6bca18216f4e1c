// The supervisor's shift work: the open shift, X reports, the counted close and the day's Z.
import { useState, type FormEvent } from 'react';
import { formatMoney, parseMoneyInput } from '../../../shared/money';
import type { TenderType } from '../../../shared/protocol/schemas';
import { tenderWords, varianceWords } from '../../../shared/slip/shift-report';
import { useSupervisorStore } from '../../state/supervisor-store';
import { useDeps } from '../deps';
import { ShiftReportView } from './ShiftReportView';
import { useClosingTotals, useCurrentShift, useLastZ, usePendingAdvices } from './use-shift';

const localTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' });

/**
 * The panel's "Close shift": with a shift open it asks for the count; without one (a till that
 * never opened a shift) it closes as before, from the last close.
 */
export function CloseShiftButton() {
  const { db, bridge, info } = useDeps();
  const shift = useCurrentShift();
  const { closeShift, setCounting } = useSupervisorStore();
  return (
    <button
      type="button"
      onClick={() => (shift ? setCounting(true) : void closeShift(db, bridge, info.terminal.currency, info.operatorId))}
    >
      Close shift
    </button>
  );
}

export function ShiftPanel() {
  const { db, bridge, info } = useDeps();
  const shift = useCurrentShift();
  const z = useLastZ();
  const { shiftBusy, shiftAction, report, printX, printZ, counting } = useSupervisorStore();
  const currency = info.terminal.currency;
  return (
    <section aria-labelledby="shift-title" className="shift-panel">
      <h3 id="shift-title">Shift</h3>
      {shift ? (
        <p data-testid="shift-state">
          Open since {localTime(shift.openedAt)}
          {shift.openedBy ? ` by ${shift.openedBy}` : ''} · float {formatMoney(shift.float, shift.currency)} · X reports: {shift.xCount}
        </p>
      ) : (
        <p data-testid="shift-state">No shift is open.{z ? ` Last Z report: No. ${z.zNumber}, ${localTime(z.to)}.` : ''}</p>
      )}
      <div className="lost-slip-fields">
        <button type="button" disabled={!shift || shiftBusy} onClick={() => void printX(db, bridge, info.operatorId)}>
          X report
        </button>
        <button
          type="button"
          disabled={Boolean(shift) || shiftBusy}
          title={shift ? 'Close the shift with its count first' : undefined}
          onClick={() => void printZ(db, bridge, { currency, operatorId: info.operatorId, timeZone: info.timeZone })}
        >
          Z report (end of day)
        </button>
      </div>
      {shift && counting && <CountForm />}
      {shiftAction && (
        <p className={shiftAction.ok ? 'ok' : 'error'} role="status">
          {shiftAction.text}
        </p>
      )}
      {report && <ShiftReportView report={report.request} printed={report.printed} />}
    </section>
  );
}

/** The drawer counted per tender against what the journal says it should hold; pending advices named first. */
function CountForm() {
  const { db, bridge, info } = useDeps();
  const totals = useClosingTotals();
  const pending = usePendingAdvices();
  const { closeCounted, setCounting, shiftBusy } = useSupervisorStore();
  const [counted, setCounted] = useState<Partial<Record<TenderType, string>>>({});
  const [acknowledged, setAcknowledged] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (!totals?.ok) return null;
  const currency = totals.value.shift.currency;
  const tenders = [...totals.value.expected];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const minor: Partial<Record<TenderType, number>> = {};
    for (const [tender] of tenders) {
      const parsed = parseMoneyInput(counted[tender] ?? '', currency);
      if (!parsed.ok) return setError(`${tenderWords(tender)}: ${parsed.message}`);
      minor[tender] = parsed.minor;
    }
    if (pending.length > 0 && !acknowledged) return setError('Advices are still pending: tick the box to close the shift anyway.');
    setError(undefined);
    void closeCounted(db, bridge, minor, info.operatorId).then(() => setCounting(false));
  };
  return (
    <form className="lost-slip count-form" onSubmit={submit} aria-labelledby="count-title">
      <h4 id="count-title">Count the drawer</h4>
      {pending.length > 0 && (
        <div className="confirm-cancel" data-testid="pending-warning">
          <p className="error">
            {pending.length} {pending.length === 1 ? 'advice is' : 'advices are'} not yet delivered to the upstream:
          </p>
          <ul>
            {pending.map((advice) => (
              <li key={advice.adviceId}>
                {advice.kind}, {advice.subject} (waiting since {localTime(advice.at)})
              </li>
            ))}
          </ul>
          <p>The shift can close; the till keeps sending them. Keep it online until they are delivered.</p>
          <label>
            <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} /> Close with these advices pending
          </label>
        </div>
      )}
      <div className="lost-slip-fields">
        {tenders.map(([tender, expected]) => {
          const parsed = parseMoneyInput(counted[tender] ?? '', currency);
          return (
            <div key={tender}>
              <label htmlFor={`count-${tender}`}>{tenderWords(tender)} counted</label>
              <input
                id={`count-${tender}`}
                autoComplete="off"
                inputMode="decimal"
                value={counted[tender] ?? ''}
                onChange={(e) => setCounted({ ...counted, [tender]: e.target.value })}
              />
              <small>
                expected {formatMoney(expected, currency)}
                {parsed.ok ? ` · ${varianceWords(parsed.minor - expected, currency)}` : ''}
              </small>
            </div>
          );
        })}
      </div>
      {error && <p className="error">{error}</p>}
      <div className="actions">
        <button type="button" onClick={() => setCounting(false)}>
          Keep the shift open
        </button>
        <button type="submit" className="primary" disabled={shiftBusy}>
          Record the count and end the shift
        </button>
      </div>
    </form>
  );
}
