import { liveQuery } from 'dexie';
import { useEffect, useState, type FormEvent } from 'react';
import { formatMoney } from '../../shared/money';
import { FaultTypeSchema, type FaultType } from '../../shared/protocol/schemas';
import { FAULT_TYPE_WORDS } from '../../shared/slip/fault-report';
import type { AdviceRecord, PosDatabase, SaleRecord } from '../db/db';
import { abandonSale, canReprint } from '../sale/flow';
import { describeSale, saleAmount, saleCurrency } from '../services';
import { useFaultStore } from '../state/fault-store';
import { useReprintStore } from '../state/reprint-store';
import { formatAge, useNow } from '../outbox/use-outbox-status';
import { useSupervisorStore } from '../state/supervisor-store';
import { useDeps } from './deps';
import { HistoryButton } from './history/HistoryButton';
import { KeyChangeForm } from './KeyChangeForm';
import { CloseShiftButton, ShiftPanel } from './shift/ShiftPanel';
import { TokensResult } from './TokenList';

const RECENT_SALES = 20;

/** Sales from the journal that a live query keeps current. */
function useSales(query: (db: PosDatabase) => Promise<SaleRecord[]>): SaleRecord[] {
  const { db } = useDeps();
  const [rows, setRows] = useState<SaleRecord[]>([]);
  useEffect(() => {
    const subscription = liveQuery(() => query(db)).subscribe({ next: setRows, error: () => undefined });
    return () => subscription.unsubscribe();
  }, [db, query]);
  return rows;
}

const recentSales = (db: PosDatabase) => db.sales.orderBy('createdAt').reverse().limit(RECENT_SALES).toArray();
const salesInReview = (db: PosDatabase) => db.sales.where('state').equals('review').sortBy('createdAt');

const STATE_WORDS: Record<SaleRecord['state'], string> = {
  sending: 'being sent',
  'in-doubt': 'outcome not known yet',
  declined: 'declined',
  approved: 'sold, slip not printed yet',
  printed: 'sold, slip printed',
  'print-failed': 'sold, slip did not print',
  confirming: 'sold, confirming',
  reversing: 'cancelled, reversing',
  confirmed: 'sold and confirmed',
  reversed: 'cancelled',
  'confirm-failed': 'sold — confirmation refused, reconcile',
  'reverse-failed': 'cancelled, cash returned — reversal refused, reconcile',
  review: 'outcome never known — needs a supervisor',
};

const localTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Purchases whose outcome never became known within the retry window: a supervisor decides. */
function SalesInReview() {
  const deps = useDeps();
  const sales = useSales(salesInReview);
  const [confirming, setConfirming] = useState<string | undefined>();
  const [said, setSaid] = useState<{ ok: boolean; text: string } | undefined>();
  const abandon = async (sale: SaleRecord) => {
    setConfirming(undefined);
    const action = await abandonSale(deps, sale.purchaseId);
    // Said from what the journal recorded, whatever the button meant to do.
    setSaid(
      action.ok && action.sale.state === 'reversing'
        ? { ok: true, text: `Sale for ${describeSale(sale)} abandoned: a reversal is queued. Return the customer’s cash.` }
        : { ok: false, text: `The sale for ${describeSale(sale)} was not abandoned: ${action.ok ? action.sale.state : action.message}` },
    );
  };
  if (sales.length === 0 && !said) return null;
  return (
    <section aria-labelledby="review-sales-title">
      <h3 id="review-sales-title">Sales waiting for a supervisor</h3>
      <p>
        The utility gave no final answer for these purchases in time. Check with the utility whether tokens were issued;
        if the customer did not get them, abandon the sale (a reversal is sent) and return the cash.
      </p>
      <ul>
        {sales.map((sale) => (
          <li key={sale.purchaseId}>
            {localTime(sale.createdAt)} · {describeSale(sale)} ·{' '}
            {formatMoney(saleAmount(sale), saleCurrency(sale))} · reference{' '}
            {sale.purchaseId.slice(0, 8)}{' '}
            {confirming === sale.purchaseId ? (
              <>
                <button type="button" className="small" onClick={() => setConfirming(undefined)}>
                  Keep it
                </button>{' '}
                <button type="button" className="small danger" onClick={() => void abandon(sale)}>
                  Abandon and reverse
                </button>
              </>
            ) : (
              <button
                type="button"
                className="small"
                aria-label={`Abandon the sale for ${describeSale(sale)} from ${localTime(sale.createdAt)}`}
                onClick={() => setConfirming(sale.purchaseId)}
              >
                Abandon…
              </button>
            )}
          </li>
        ))}
      </ul>
      {said && (
        <p className={said.ok ? 'ok' : 'error'} role="status">
          {said.text}
        </p>
      )}
    </section>
  );
}

function RecentSales() {
  const deps = useDeps();
  const sales = useSales(recentSales);
  const { busy, journal, reprintSale } = useReprintStore();
  return (
    <section aria-labelledby="recent-sales-title">
      <h3 id="recent-sales-title">Recent sales on this terminal</h3>
      {sales.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <table className="advices recent-sales">
          <thead>
            <tr>
              <th>Time</th>
              <th>Meter</th>
              <th>Amount</th>
              <th>State</th>
              <th>
                <span className="visually-hidden">Slip</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sales.map((sale) => (
              <tr key={sale.purchaseId}>
                <td>{localTime(sale.createdAt)}</td>
                <td>{sale.subject}</td>
                <td>{formatMoney(saleAmount(sale), saleCurrency(sale))}</td>
                <td>{STATE_WORDS[sale.state]}</td>
                <td>
                  {canReprint(sale) && (
                    <button
                      type="button"
                      className="small"
                      disabled={busy}
                      aria-label={`Reprint the slip for ${describeSale(sale)} sold ${localTime(sale.createdAt)}`}
                      onClick={() => void reprintSale(deps, sale)}
                    >
                      Reprint
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {journal && (
        <p className={journal.print.ok ? 'ok' : 'error'} role="status">
          {journal.print.ok
            ? `Slip for ${journal.label} printed again, marked REPRINT.`
            : `The slip for ${journal.label} did not print. ${journal.print.message}`}
        </p>
      )}
    </section>
  );
}

function LostSlipReprint() {
  const deps = useDeps();
  const { busy, lost, reprintLost } = useReprintStore();
  const [meter, setMeter] = useState('');
  const [reference, setReference] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void reprintLost(deps, meter, reference);
  };
  return (
    <form className="lost-slip" onSubmit={submit} aria-labelledby="lost-slip-title">
      <h3 id="lost-slip-title">Reprint a lost slip</h3>
      <p>For a customer who lost their slip: the utility sends the tokens of the meter’s sale again.</p>
      <div className="lost-slip-fields">
        <div>
          <label htmlFor="lost-meter">Meter number of the lost slip</label>
          <input id="lost-meter" autoComplete="off" inputMode="numeric" maxLength={24} value={meter} onChange={(e) => setMeter(e.target.value)} />
        </div>
        <div>
          <label htmlFor="lost-reference">Receipt number or reference (optional)</label>
          <input id="lost-reference" autoComplete="off" maxLength={100} value={reference} onChange={(e) => setReference(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Asking the utility…' : 'Reprint a lost slip'}
        </button>
      </div>
      {lost && !lost.ok && (
        <p className="error" role="alert">
          {lost.message}
        </p>
      )}
      {lost?.ok && (
        <TokensResult
          label="Reprinted tokens"
          printed={lost.value.print.ok}
          printedText={`Tokens for meter ${lost.value.response.meter.meterId || lost.value.request.meter.meterId} printed again, marked REPRINT.`}
          {...(lost.value.print.ok ? {} : { printMessage: lost.value.print.message })}
          tokens={lost.value.response.tokens}
        />
      )}
    </form>
  );
}

function useOpenAdvices(): AdviceRecord[] {
  const { db } = useDeps();
  const [rows, setRows] = useState<AdviceRecord[]>([]);
  useEffect(() => {
    const subscription = liveQuery(() => db.outbox.where('state').anyOf(['pending', 'failed']).sortBy('createdAt')).subscribe({
      next: setRows,
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  }, [db]);
  return rows;
}

function FaultReport() {
  const deps = useDeps();
  const { busy, result, report } = useFaultStore();
  const [meter, setMeter] = useState('');
  const [contact, setContact] = useState('');
  const [faultType, setFaultType] = useState<FaultType>('MeterDead');
  const [description, setDescription] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void report(deps, { meter, contactNumber: contact, faultType, description });
  };
  return (
    <form className="lost-slip" onSubmit={submit} aria-labelledby="fault-title">
      <h3 id="fault-title">Report a meter fault</h3>
      <div className="lost-slip-fields">
        <div>
          <label htmlFor="fault-meter">Meter number with the fault</label>
          <input id="fault-meter" autoComplete="off" inputMode="numeric" maxLength={24} value={meter} onChange={(e) => setMeter(e.target.value)} />
        </div>
        <div>
          <label htmlFor="fault-contact">Customer’s phone number</label>
          <input id="fault-contact" autoComplete="off" inputMode="tel" maxLength={24} value={contact} onChange={(e) => setContact(e.target.value)} />
        </div>
        <div>
          <label htmlFor="fault-type">Fault</label>
          <select id="fault-type" value={faultType} onChange={(e) => {
              const parsed = FaultTypeSchema.safeParse(e.target.value);
              if (parsed.success) setFaultType(parsed.data);
            }}>
            {FaultTypeSchema.options.map((type) => (
              <option key={type} value={type}>
                {FAULT_TYPE_WORDS[type]}
              </option>
            ))}
          </select>
        </div>
        <div className="wide">
          <label htmlFor="fault-description">What the customer says (optional)</label>
          <input id="fault-description" autoComplete="off" maxLength={160} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Reporting…' : 'Report the fault'}
        </button>
      </div>
      {result && !result.ok && (
        <p className="error" role="alert">
          {result.message}
        </p>
      )}
      {result?.ok && (
        <div className="fault-result" aria-label="Fault reported">
          <p>
            Fault reference: <strong data-testid="fault-reference">{result.value.response.reference}</strong>
          </p>
          <p className={result.value.print.ok ? 'ok' : 'error'} role="status">
            {result.value.print.ok
              ? 'The fault report slip is printed; give it to the customer.'
              : `The fault is reported, but the slip did not print. ${result.value.print.message} Write the reference down for the customer.`}
          </p>
        </div>
      )}
    </form>
  );
}

const ADVICE_KIND: Record<AdviceRecord['advice']['kind'], string> = {
  confirmation: 'Sale confirmation',
  reversal: 'Sale reversal',
  keyChangeConfirmation: 'Key change confirmation',
  airtimeConfirmation: 'Airtime confirmation',
  airtimeReversal: 'Airtime reversal',
};

export function SupervisorPanel() {
  const { db, bridge, info } = useDeps();
  const { open, setOpen, storagePersisted, backupMessage, backupFailed, backup, shiftMessage, download } = useSupervisorStore();
  const advices = useOpenAdvices();
  const now = useNow();
  if (!open) return null;
  return (
    <section className="card supervisor" role="dialog" aria-labelledby="supervisor-title">
      <h2 id="supervisor-title">Supervisor</h2>
      <p>
        Journal storage:{' '}
        {storagePersisted ? (
          <strong className="ok">protected from eviction</strong>
        ) : (
          <strong className="error">not protected — the browser may delete it when the disk is full. Run the app in Electron or an installed kiosk profile.</strong>
        )}
      </p>
      <p>
        Advice lanes: {info.outbox.lanes} · alert after {formatAge(info.outbox.alertAfterMs)}
      </p>
      <h3>Advices not yet delivered ({advices.length})</h3>
      {advices.length === 0 ? (
        <p>None.</p>
      ) : (
        <table className="advices">
          <thead>
            <tr>
              <th>Kind</th>
              <th>For request</th>
              <th>Waiting</th>
              <th>Attempts</th>
              <th>State</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {advices.map((a) => (
              <tr key={a.adviceId}>
                <td>{ADVICE_KIND[a.advice.kind]}</td>
                <td>{a.purchaseId.slice(0, 8)}…</td>
                <td>{formatAge(now - Date.parse(a.createdAt))}</td>
                <td>{a.attempts}</td>
                <td>{a.state === 'failed' ? 'refused — reconcile' : 'pending'}</td>
                <td>{a.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SalesInReview />
      <RecentSales />
      <LostSlipReprint />
      <FaultReport />
      <KeyChangeForm />
      <ShiftPanel />
      {shiftMessage && (
        <p className="ok" role="status">
          {shiftMessage}
        </p>
      )}
      {backupMessage && (
        <p className={backupFailed ? 'error' : 'ok'} role="status">
          {backupMessage}
        </p>
      )}
      <div className="actions">
        <HistoryButton />
        <button type="button" onClick={() => void download(db)}>
          Export queue
        </button>
        <button type="button" onClick={() => void backup(db, bridge, 'export')}>
          Back up now
        </button>
        <CloseShiftButton />
        <button type="button" className="primary" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </section>
  );
}
