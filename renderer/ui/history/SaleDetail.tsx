// One sale from the journal, whole: what was asked and answered, every state it went through, masked
// as the logs are; a copy of its slip printed from here is marked REPRINT and recorded in its history.
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { formatMoney } from '../../../shared/money';
import type { SaleRecord } from '../../db/db';
import { canReprintHere, carriesPin, detailOf, shownSubject, TILL_ROLE_TODAY } from '../../history/detail';
import { saleDetail } from '../../history/search';
import { printSale } from '../../sale/flow';
import { saleAmount, saleCurrency } from '../../services';
import { useDeps } from '../deps';
import { localTime, SERVICE_WORDS, STATE_WORDS } from './words';

type Loaded = { kind: 'loading' } | { kind: 'missing' } | { kind: 'error'; message: string } | { kind: 'sale'; sale: SaleRecord };

function useSale(purchaseId: string): Loaded {
  const { db } = useDeps();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    // Live: a reprint's line appears in the history as soon as the journal holds it.
    const subscription = liveQuery(() => saleDetail(db, purchaseId)).subscribe({
      next: (sale) => setLoaded(sale ? { kind: 'sale', sale } : { kind: 'missing' }),
      error: (err: unknown) => setLoaded({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    });
    return () => subscription.unsubscribe();
  }, [db, purchaseId]);
  return loaded;
}

export function SaleDetail({ purchaseId, onBack }: { purchaseId: string; onBack(): void }) {
  const loaded = useSale(purchaseId);
  return (
    <section className="history-detail" aria-label="Sale detail">
      <div className="actions history-back">
        <button type="button" onClick={onBack}>
          Back to the results
        </button>
      </div>
      {loaded.kind === 'loading' && <p>Reading the journal…</p>}
      {loaded.kind === 'missing' && <p className="error">The journal no longer holds this sale.</p>}
      {loaded.kind === 'error' && (
        <p className="error" role="alert">
          This sale could not be read from the journal: {loaded.message}
        </p>
      )}
      {loaded.kind === 'sale' && <Detail sale={loaded.sale} />}
    </section>
  );
}

function Reprint({ sale }: { sale: SaleRecord }) {
  const deps = useDeps();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | undefined>();
  if (!canReprintHere(sale, TILL_ROLE_TODAY)) {
    return <p className="history-note">No copy of this slip can be printed: {sale.response ? 'the sale was cancelled.' : 'nothing was sold.'}</p>;
  }
  const reprint = async () => {
    setBusy(true);
    setSaid(undefined);
    try {
      const printed = await printSale(deps, sale.purchaseId, { reprint: true });
      setSaid(
        printed.print.ok
          ? { ok: true, text: `Slip printed again, marked REPRINT.${printed.journalError ? ` ${printed.journalError}` : ''}` }
          : { ok: false, text: `The slip did not print. ${printed.print.message}` },
      );
    } catch (err) {
      setSaid({ ok: false, text: `The slip did not print. ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="history-reprint">
      {carriesPin(sale) && <p className="note">This slip carries the voucher PIN: a copy is a second voucher. Once people and roles are set up, only a supervisor may print it.</p>}
      <button type="button" disabled={busy} onClick={() => void reprint()}>
        {busy ? 'Printing…' : 'Reprint slip (marked REPRINT)'}
      </button>
      {said && (
        <p className={said.ok ? 'ok' : 'error'} role="status">
          {said.text}
        </p>
      )}
    </div>
  );
}

function Detail({ sale }: { sale: SaleRecord }) {
  const shown = detailOf(sale);
  return (
    <>
      <h3>
        {SERVICE_WORDS[sale.service]} · {shownSubject(sale)}
      </h3>
      <dl className="details">
        <dt>Reference</dt>
        <dd className="mono" data-testid="detail-reference">
          {sale.purchaseId}
        </dd>
        <dt>Sold</dt>
        <dd>{localTime(sale.createdAt)}</dd>
        <dt>State</dt>
        <dd data-testid="detail-state">{STATE_WORDS[sale.state]}</dd>
        <dt>Amount</dt>
        <dd>{formatMoney(saleAmount(sale), saleCurrency(sale))}</dd>
        <dt>Cash tendered</dt>
        <dd>{formatMoney(sale.tendered, saleCurrency(sale))}</dd>
        <dt>Cashier</dt>
        <dd>{sale.request.originator.operatorId ?? 'not recorded'}</dd>
        {sale.declineMessage && (
          <>
            <dt>Declined</dt>
            <dd>{sale.declineMessage}</dd>
          </>
        )}
        {sale.noSlip && (
          <>
            <dt>Sold without a slip</dt>
            <dd>{sale.noSlip}</dd>
          </>
        )}
      </dl>
      <Reprint sale={sale} />

      <h4>State changes</h4>
      <table className="advices" aria-label="State changes">
        <thead>
          <tr>
            <th>Time</th>
            <th>State</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {sale.history.map((line, i) => (
            <tr key={`${line.at}-${i}`}>
              <td>{localTime(line.at)}</td>
              <td>{STATE_WORDS[line.state]}</td>
              <td>{line.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h4>Requests and answers</h4>
      <details className="history-json">
        <summary>Purchase request as sent</summary>
        <pre aria-label="Purchase request">{shown.request}</pre>
      </details>
      {shown.lookup && (
        <details className="history-json">
          <summary>Meter lookup answer</summary>
          <pre aria-label="Meter lookup answer">{shown.lookup}</pre>
        </details>
      )}
      <table className="advices" aria-label="Exchanges with the upstream">
        <thead>
          <tr>
            <th>Time</th>
            <th>Operation</th>
            <th>Outcome</th>
            <th>Answer</th>
          </tr>
        </thead>
        <tbody>
          {shown.exchanges.map((exchange, i) => (
            <tr key={`${exchange.requestId}-${i}`}>
              <td>{localTime(exchange.at)}</td>
              <td>
                {exchange.operation}
                <div className="mono small-print">{exchange.requestId}</div>
              </td>
              <td>
                {exchange.kind}
                {exchange.status !== undefined ? ` (${exchange.status})` : ''}
                {exchange.message ? ` — ${exchange.message}` : ''}
              </td>
              <td>
                <details className="history-json">
                  <summary>Show</summary>
                  <pre aria-label={`Answer to ${exchange.operation}`}>{exchange.answer}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.response && (
        <details className="history-json">
          <summary>Approved answer as kept in the journal</summary>
          <pre aria-label="Approved answer">{shown.response}</pre>
        </details>
      )}
    </>
  );
}
