// Sales history: search the journal by meter/phone/account, reference, cashier, state, product and
// dates; one index range per search, a page at a time ("Show more" goes on from the last row's key).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { formatMoney } from '../../../shared/money';
import { SALE_STATES, type SaleState } from '../../../shared/sale-machine';
import { SERVICE_NAMES, type SaleRecord, type ServiceName } from '../../db/db';
import { shownSubject } from '../../history/detail';
import { planSearch, searchHistory, type HistoryFilter, type PageKey } from '../../history/search';
import { saleAmount, saleCurrency } from '../../services';
import { useDeps } from '../deps';
import { SaleDetail } from './SaleDetail';
import { localTime, SERVICE_WORDS, STATE_WORDS } from './words';
import './history.css';

interface Form {
  subject: string;
  reference: string;
  cashier: string;
  state: '' | SaleState;
  service: '' | ServiceName;
  from: string;
  to: string;
}

const EMPTY: Form = { subject: '', reference: '', cashier: '', state: '', service: '', from: '', to: '' };

/** A date field (local day) as the start of that day, RFC 3339; `nextDay` gives the end of the day (exclusive). */
function dayStart(value: string, nextDay = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (nextDay ? 1 : 0));
  return Number.isNaN(day.getTime()) ? undefined : day.toISOString();
}

function filterOf(form: Form): HistoryFilter {
  const from = dayStart(form.from);
  const to = dayStart(form.to, true);
  return {
    ...(form.subject.trim() ? { subject: form.subject } : {}),
    ...(form.reference.trim() ? { reference: form.reference } : {}),
    ...(form.cashier.trim() ? { cashier: form.cashier } : {}),
    ...(form.state ? { state: form.state } : {}),
    ...(form.service ? { service: form.service } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

interface Results {
  filter: HistoryFilter;
  sales: SaleRecord[];
  next?: PageKey;
  scanned: number;
  capped: boolean;
}

export function HistoryView({ onClose }: { onClose(): void }) {
  const { db } = useDeps();
  const [form, setForm] = useState<Form>(EMPTY);
  const [results, setResults] = useState<Results | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string | undefined>();

  // Only the latest search may show its rows: an earlier one that answers late is dropped.
  const latest = useRef(0);
  const run = useCallback(
    async (filter: HistoryFilter, after?: PageKey) => {
      const planned = planSearch(filter);
      if (!planned.ok) {
        setError(planned.message);
        return;
      }
      const ticket = ++latest.current;
      setBusy(true);
      setError(undefined);
      try {
        const page = await searchHistory(db, filter, after !== undefined ? { after } : {});
        if (ticket !== latest.current) return;
        setResults((before) => ({
          filter,
          sales: after !== undefined && before ? [...before.sales, ...page.sales] : page.sales,
          ...(page.next !== undefined ? { next: page.next } : {}),
          scanned: (after !== undefined && before ? before.scanned : 0) + page.scanned,
          capped: page.capped,
        }));
      } catch (err) {
        if (ticket === latest.current) setError(`The journal could not be searched: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        if (ticket === latest.current) setBusy(false);
      }
    },
    [db],
  );

  useEffect(() => {
    void run({});
  }, [run]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSelected(undefined);
    void run(filterOf(form));
  };
  const field = (key: keyof Form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });

  return (
    <div className="history-backdrop">
      <section className="card history" role="dialog" aria-modal="true" aria-labelledby="history-title">
        <div className="history-head">
          <h2 id="history-title">Sales history</h2>
          <button type="button" onClick={onClose}>
            Close history
          </button>
        </div>
        {selected ? (
          <SaleDetail purchaseId={selected} onBack={() => setSelected(undefined)} />
        ) : (
          <>
            <form className="history-search" onSubmit={submit} aria-label="Search sales">
              <div>
                <label htmlFor="history-subject">Meter, phone or account number</label>
                <input id="history-subject" autoComplete="off" maxLength={40} {...field('subject')} />
              </div>
              <div>
                <label htmlFor="history-reference">Reference or receipt</label>
                <input id="history-reference" autoComplete="off" maxLength={100} {...field('reference')} />
              </div>
              <div>
                <label htmlFor="history-cashier">Cashier</label>
                <input id="history-cashier" autoComplete="off" maxLength={30} {...field('cashier')} />
              </div>
              <div>
                <label htmlFor="history-state">State</label>
                <select id="history-state" {...field('state')}>
                  <option value="">Any</option>
                  {SALE_STATES.map((state) => (
                    <option key={state} value={state}>
                      {STATE_WORDS[state]}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="history-service">Product</label>
                <select id="history-service" {...field('service')}>
                  <option value="">Any</option>
                  {SERVICE_NAMES.map((service) => (
                    <option key={service} value={service}>
                      {SERVICE_WORDS[service]}
                    </option>
                  ))}
                </select>
              </div>
              <div>
                <label htmlFor="history-from">From</label>
                <input id="history-from" type="date" {...field('from')} />
              </div>
              <div>
                <label htmlFor="history-to">To</label>
                <input id="history-to" type="date" {...field('to')} />
              </div>
              <div className="history-buttons">
                <button type="submit" className="primary">
                  Search
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setForm(EMPTY);
                    void run({});
                  }}
                >
                  Clear
                </button>
              </div>
            </form>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            {results && <ResultTable results={results} busy={busy} onOpen={setSelected} onMore={() => void run(results.filter, results.next)} />}
          </>
        )}
      </section>
    </div>
  );
}

function ResultTable({ results, busy, onOpen, onMore }: { results: Results; busy: boolean; onOpen(id: string): void; onMore(): void }) {
  return (
    <section aria-label="Search results">
      <p role="status" data-testid="history-count">
        {results.sales.length === 0 ? 'No sales found' : `${results.sales.length} sale${results.sales.length === 1 ? '' : 's'} shown`}
        {results.capped ? ` — ${results.scanned.toLocaleString()} checked so far; more may match further back.` : results.next ? ' — more below.' : '.'}
      </p>
      {results.sales.length > 0 && (
        <table className="advices history-results">
          <thead>
            <tr>
              <th>Time</th>
              <th>Product</th>
              <th>Meter / phone</th>
              <th>Amount</th>
              <th>State</th>
              <th>Cashier</th>
              <th>Reference</th>
              <th>
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {results.sales.map((sale) => (
              <tr key={sale.purchaseId} data-purchase-id={sale.purchaseId}>
                <td>{localTime(sale.createdAt)}</td>
                <td>{SERVICE_WORDS[sale.service]}</td>
                <td>{shownSubject(sale)}</td>
                <td>{formatMoney(saleAmount(sale), saleCurrency(sale))}</td>
                <td>{STATE_WORDS[sale.state]}</td>
                <td>{sale.request.originator.operatorId ?? '—'}</td>
                <td className="mono">{sale.purchaseId.slice(0, 8)}</td>
                <td>
                  <button type="button" className="small" aria-label={`Details of the sale ${sale.purchaseId.slice(0, 8)}`} onClick={() => onOpen(sale.purchaseId)}>
                    Details
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {results.next !== undefined && (
        <div className="actions">
          <button type="button" disabled={busy} onClick={onMore}>
            Show more
          </button>
        </div>
      )}
    </section>
  );
}
