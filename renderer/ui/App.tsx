import { useState, type FormEvent } from 'react';
import { formatMoney } from '../../shared/money';
import { buildPurchaseSlip } from '../../shared/slip/model';
import { formatToken } from '../../shared/slip/format';
import { purchaseSlipInput } from '../../shared/print';
import type { MeterLookupResponse, Token } from '../../shared/protocol/schemas';
import { SlipPreview } from '../slip/SlipPreview';
import { useSaleStore } from '../state/sale-store';
import { useDeps } from './deps';
import { StatusBar } from './StatusBar';

export function StartupError({ message }: { message: string }) {
  return (
    <main className="startup-error" role="alert">
      <h1>Prepaid POS cannot start</h1>
      <p>{message}</p>
    </main>
  );
}

export function App() {
  const { info } = useDeps();
  const step = useSaleStore((s) => s.step);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Prepaid electricity</h1>
        <div className="terminal">
          Terminal {info.terminal.terminalId} · {info.terminal.merchant.merchantName.name}
        </div>
      </header>
      {info.mode === 'training' && (
        <div className="training-banner" role="status">
          TRAINING MODE — tokens are not valid. Upstream: {info.upstream}
        </div>
      )}
      <main className="sale">
        {step === 'meter' && <MeterStep />}
        {step === 'customer' && <CustomerStep />}
        {step === 'tender' && <TenderStep />}
        {step === 'busy' && <BusyStep />}
        {step === 'result' && <ResultStep />}
        {step === 'declined' && <DeclinedStep />}
        {step === 'in-doubt' && <InDoubtStep />}
      </main>
      <StatusBar />
    </div>
  );
}

function ErrorLine() {
  const error = useSaleStore((s) => s.error);
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

function MeterStep() {
  const deps = useDeps();
  const lookUp = useSaleStore((s) => s.lookUp);
  const [meter, setMeter] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void lookUp(deps, meter);
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="meter-title">
      <h2 id="meter-title">1. Meter</h2>
      <label htmlFor="meter">Meter number</label>
      <input
        id="meter"
        className="big-input"
        autoFocus
        autoComplete="off"
        inputMode="numeric"
        value={meter}
        onChange={(e) => setMeter(e.target.value)}
        maxLength={24}
      />
      <ErrorLine />
      <div className="actions">
        <button type="submit" className="primary">
          Look up
        </button>
      </div>
    </form>
  );
}

function CustomerDetails({ lookup }: { lookup: MeterLookupResponse }) {
  const { info } = useDeps();
  const name = [lookup.customer.firstName, lookup.customer.lastName].filter(Boolean).join(' ');
  const currency = info.terminal.currency;
  return (
    <dl className="details">
      <dt>Meter</dt>
      <dd>{lookup.meter.meterId}</dd>
      <dt>Customer</dt>
      <dd data-testid="customer-name">{name || '—'}</dd>
      <dt>Address</dt>
      <dd data-testid="customer-address">{lookup.customer.address ?? '—'}</dd>
      <dt>Utility</dt>
      <dd>{lookup.utility.name ?? '—'}</dd>
      {(lookup.minAmount || lookup.maxAmount) && (
        <>
          <dt>Amount allowed</dt>
          <dd>
            {lookup.minAmount ? formatMoney(lookup.minAmount.amount, currency) : '—'} to{' '}
            {lookup.maxAmount ? formatMoney(lookup.maxAmount.amount, currency) : '—'}
          </dd>
        </>
      )}
      {lookup.arrearsAmount && lookup.arrearsAmount.amount > 0 && (
        <>
          <dt>Arrears</dt>
          <dd>{formatMoney(lookup.arrearsAmount.amount, currency)}</dd>
        </>
      )}
      {lookup.bsstDue && (
        <>
          <dt>Free units</dt>
          <dd>Free basic electricity is due on this meter</dd>
        </>
      )}
    </dl>
  );
}

function CustomerStep() {
  const { lookup, confirmCustomer, back } = useSaleStore();
  if (!lookup) return null;
  return (
    <section className="card" aria-labelledby="customer-title">
      <h2 id="customer-title">2. Check the customer’s details</h2>
      <p>Ask the customer to confirm their name and address before you take money.</p>
      <CustomerDetails lookup={lookup} />
      <div className="actions">
        <button type="button" onClick={back}>
          Back
        </button>
        <button type="button" className="primary" autoFocus onClick={confirmCustomer}>
          Confirm customer
        </button>
      </div>
    </section>
  );
}

function TenderStep() {
  const deps = useDeps();
  const { lookup, buy, back } = useSaleStore();
  const [amount, setAmount] = useState('');
  const [tendered, setTendered] = useState('');
  if (!lookup) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void buy(deps, amount, tendered);
  };
  const name = [lookup.customer.firstName, lookup.customer.lastName].filter(Boolean).join(' ');
  return (
    <form className="card" onSubmit={submit} aria-labelledby="tender-title">
      <h2 id="tender-title">3. Amount and payment</h2>
      <p>
        Meter {lookup.meter.meterId} · {name}
      </p>
      <label htmlFor="amount">Amount</label>
      <input id="amount" className="big-input" autoFocus inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />
      <label htmlFor="tendered">Cash tendered</label>
      <input id="tendered" className="big-input" inputMode="decimal" autoComplete="off" value={tendered} onChange={(e) => setTendered(e.target.value)} />
      <ErrorLine />
      <div className="actions">
        <button type="button" onClick={back}>
          Back
        </button>
        <button type="submit" className="primary">
          Purchase
        </button>
      </div>
    </form>
  );
}

function BusyStep() {
  const text = useSaleStore((s) => s.busyText);
  return (
    <section className="card busy" aria-busy="true" role="status">
      <div className="spinner" aria-hidden="true" />
      <p>{text ?? 'Working…'}</p>
    </section>
  );
}

function TokenList({ tokens }: { tokens: Token[] }) {
  // Key change tokens first: they must be entered before the credit token.
  const ordered = [...tokens.filter((t) => t.tokenType === 'KC'), ...tokens.filter((t) => t.tokenType !== 'KC')];
  return (
    <ol className="tokens" aria-label="Tokens">
      {ordered.map((token, index) => (
        <li key={`${token.token}-${index}`} className="token">
          <span className="token-type">{tokenLabel(token)}</span>
          <span className="token-digits" data-testid="token">
            {formatToken(token.token)}
          </span>
          <span className="token-units">
            {token.units} {token.tokenType === 'KC' ? '' : 'kWh'}
          </span>
        </li>
      ))}
    </ol>
  );
}

function tokenLabel(token: Token): string {
  switch (token.tokenType) {
    case 'STD':
      return 'Electricity';
    case 'BSST':
      return 'Free basic electricity';
    case 'KC':
      return 'Key change — enter first';
    case 'REFUND':
      return 'Refund';
    case 'PWRLMT':
      return 'Power limit';
  }
}

function ResultStep() {
  const deps = useDeps();
  const { sale, response, print, tender, newSale } = useSaleStore();
  if (!sale || !response) return null;
  const currency = deps.info.terminal.currency;
  return (
    <section className="card result" aria-labelledby="result-title">
      <h2 id="result-title">Tokens</h2>
      {tender && tender.change > 0 && (
        <p className="change" role="status">
          Give change: <strong>{formatMoney(tender.change, currency)}</strong>
        </p>
      )}
      <TokenList tokens={response.tokens} />
      {print && !print.ok && (
        <p className="error" role="alert">
          The slip did not print: {print.message} Read the tokens to the customer from the screen.
        </p>
      )}
      {print?.ok && <p className="ok">Slip printed.</p>}
      <SlipPreview
        slip={buildPurchaseSlip(
          purchaseSlipInput(
            { kind: 'purchase', request: sale.request, response, printedAt: sale.printedAt ?? sale.updatedAt, tendered: sale.tendered, marks: {} },
            deps.info,
          ),
        )}
      />
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={newSale}>
          New sale
        </button>
      </div>
    </section>
  );
}

function DeclinedStep() {
  const { error, newSale } = useSaleStore();
  return (
    <section className="card" aria-labelledby="declined-title">
      <h2 id="declined-title">Not sold</h2>
      <p className="error" role="alert">
        {error}
      </p>
      <p>No money was taken by the utility. Return the customer’s cash.</p>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={newSale}>
          New sale
        </button>
      </div>
    </section>
  );
}

function InDoubtStep() {
  const { error } = useSaleStore();
  return (
    <section className="card" aria-labelledby="doubt-title">
      <h2 id="doubt-title">Outcome not known yet</h2>
      <p className="error" role="alert">
        {error}
      </p>
      <p>Do not sell to this meter again and keep the customer’s cash until this sale is resolved.</p>
    </section>
  );
}
