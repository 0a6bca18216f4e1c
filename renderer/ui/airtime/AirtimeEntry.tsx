// An airtime sale before it is bought: the customer's number, the operator's products, the amount and
// the cash. Purchase hands a checked draft to the sale store, which journals it before anything is sent.
import { useState, type FormEvent } from 'react';
import type { AirtimeProduct } from '../../../shared/protocol/airtime/schemas';
import {
  contentsLabel,
  displayName,
  filterProducts,
  isVariable,
  KIND_LABELS,
  kindsOf,
  operatorName,
  operatorsOf,
  priceLabel,
  productKind,
  validityLabel,
} from '../../airtime/catalogue';
import type { AirtimeDraft, AirtimeOrder } from '../../airtime/order';
import { airtimeChannel, useAirtimeStore } from '../../state/airtime-store';
import { useDeps } from '../deps';
import './airtime.css';

export type BuyAirtime = (draft: AirtimeDraft, order: AirtimeOrder) => void;

export function AirtimeEntry({ onPurchase }: { onPurchase: BuyAirtime }) {
  const phase = useAirtimeStore((s) => s.phase);
  if (phase === 'products') return <ProductsStep />;
  if (phase === 'tender') return <AirtimeTenderStep onPurchase={onPurchase} />;
  return <NumberStep />;
}

function AirtimeError() {
  const error = useAirtimeStore((s) => s.error);
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

function NumberStep() {
  const deps = useDeps();
  const { numberText, enterNumber, loading } = useAirtimeStore();
  const [text, setText] = useState(numberText);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!loading) void enterNumber(deps, text);
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="airtime-number-title" aria-busy={loading ? 'true' : 'false'}>
      <h2 id="airtime-number-title">1. Customer’s cell number</h2>
      <label htmlFor="airtime-msisdn">Cell number</label>
      <input
        id="airtime-msisdn"
        className="big-input"
        autoFocus
        autoComplete="off"
        inputMode="tel"
        placeholder="082 123 4567"
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={24}
      />
      <p className="hint">Type it or scan it. The airtime, data or top-up goes to this number — read it back to the customer.</p>
      <AirtimeError />
      {loading && (
        <p role="status" className="printing">
          {loading}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={Boolean(loading)}>
          Show products
        </button>
      </div>
    </form>
  );
}

function ProductsStep() {
  const deps = useDeps();
  const currency = deps.info.terminal.currency;
  const channelName = airtimeChannel(deps.info);
  const { msisdn, numberOperator, lookupNote, catalogue, operator, kind, query, chooseOperator, chooseKind, search, pick, back } = useAirtimeStore();
  if (!msisdn || !catalogue) return null;
  const products = catalogue.products;
  const operators = operatorsOf(products);
  const ofOperator = operator ? products.filter((p) => operatorName(p) === operator) : products;
  const kinds = kindsOf(ofOperator);
  const shown = filterProducts(products, { currency, query, ...(operator ? { operator } : {}), ...(kind ? { kind } : {}), ...(channelName ? { channelName } : {}) });
  return (
    <section className="card airtime-products" aria-labelledby="airtime-products-title">
      <h2 id="airtime-products-title">2. Choose the product</h2>
      <p className="airtime-for">
        For <strong data-testid="airtime-number">{msisdn.local}</strong>
        {numberOperator ? (
          <>
            {' '}
            · <span data-testid="airtime-operator">{numberOperator}</span> number
          </>
        ) : null}
        {catalogue.source === 'configured' && <span className="catalogue-source"> · this till’s own product list</span>}
      </p>
      {lookupNote && (
        <p className="note" role="status">
          {lookupNote}
        </p>
      )}
      <div className="chips" role="group" aria-label="Operator">
        <Chip label="All operators" pressed={!operator} onClick={() => chooseOperator(undefined)} />
        {operators.map((name) => (
          <Chip key={name} label={name} pressed={operator === name} onClick={() => chooseOperator(name)} />
        ))}
      </div>
      <div className="chips" role="group" aria-label="Kind of product">
        <Chip label="Everything" pressed={!kind} onClick={() => chooseKind(undefined)} />
        {kinds.map((k) => (
          <Chip key={k} label={KIND_LABELS[k]} pressed={kind === k} onClick={() => chooseKind(k)} />
        ))}
      </div>
      <label htmlFor="airtime-search">Search</label>
      <input id="airtime-search" className="search-input" type="search" autoComplete="off" placeholder="e.g. 1GB, R29, SMS" value={query} onChange={(e) => search(e.target.value)} />
      {shown.length === 0 ? (
        <p role="status">No product matches. Clear the search or choose another operator.</p>
      ) : (
        <ul className="product-list" aria-label="Products">
          {shown.map((product) => (
            <li key={product.productId}>
              <ProductButton product={product} currency={currency} {...(channelName ? { channelName } : {})} onPick={() => pick(product)} />
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" onClick={back}>
          Back
        </button>
      </div>
    </section>
  );
}

function Chip({ label, pressed, onClick }: { label: string; pressed: boolean; onClick: () => void }) {
  return (
    <button type="button" className="chip" aria-pressed={pressed} onClick={onClick}>
      {label}
    </button>
  );
}

function ProductButton({ product, currency, channelName, onPick }: { product: AirtimeProduct; currency: string; channelName?: string; onPick: () => void }) {
  const name = displayName(product, channelName);
  const details = [contentsLabel(product), validityLabel(product)].filter(Boolean).join(' · ');
  const kind = productKind(product);
  return (
    <button type="button" className="product" data-product-id={product.productId} onClick={onPick}>
      <span className="product-name">{name}</span>
      <span className="product-price">{priceLabel(product, currency)}</span>
      <span className="product-meta">
        {operatorName(product)} · {KIND_LABELS[kind]}
        {kind === 'top-up' ? ' — straight to the phone' : product.isDirectTopup === false ? ' — PIN voucher' : ''}
        {details ? ` · ${details}` : ''}
      </span>
    </button>
  );
}

function AirtimeTenderStep({ onPurchase }: { onPurchase: BuyAirtime }) {
  const deps = useDeps();
  const currency = deps.info.terminal.currency;
  const { msisdn, product, amountText, tenderedText, setAmounts, order, fail, back } = useAirtimeStore();
  const [amount, setAmount] = useState(amountText);
  const [tendered, setTendered] = useState(tenderedText);
  if (!msisdn || !product) return null;
  const variable = isVariable(product);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAmounts(amount, tendered);
    const checked = order(deps);
    if (!checked.ok) {
      fail(checked.message);
      return;
    }
    onPurchase(checked.draft, checked.order);
  };
  const topUp = product.isDirectTopup === true;
  return (
    <form className="card" onSubmit={submit} aria-labelledby="airtime-tender-title">
      <h2 id="airtime-tender-title">3. {variable ? 'Amount and payment' : 'Payment'}</h2>
      <dl className="details">
        <dt>Product</dt>
        <dd data-testid="airtime-product">{displayName(product, airtimeChannel(deps.info))}</dd>
        <dt>{topUp ? 'Top-up to' : 'For'}</dt>
        <dd>{msisdn.local}</dd>
        <dt>{variable ? 'Allowed' : 'Price'}</dt>
        <dd>{priceLabel(product, currency)}</dd>
        <dt>Delivered as</dt>
        <dd>{topUp ? 'Top-up straight to the phone (no PIN)' : 'A PIN voucher on the slip'}</dd>
      </dl>
      {variable && (
        <>
          <label htmlFor="airtime-amount">Amount</label>
          <input id="airtime-amount" className="big-input" autoFocus inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </>
      )}
      <label htmlFor="airtime-tendered">Cash tendered</label>
      <input
        id="airtime-tendered"
        className="big-input"
        autoFocus={!variable}
        inputMode="decimal"
        autoComplete="off"
        value={tendered}
        onChange={(e) => setTendered(e.target.value)}
      />
      <AirtimeError />
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
