import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { formatMoney } from '../../shared/money';
import { AWAITING_FINISH_STATES } from '../../shared/sale-machine';
import { liveQuery } from 'dexie';
import type { AirtimeSale, ElectricitySale, SaleRecord } from '../db/db';
import { describeSale, saleAmount, saleCurrency } from '../services';
import { slipFor } from '../../shared/print';
import type { MeterLookupResponse } from '../../shared/protocol/schemas';
import { SlipPreview } from '../slip/SlipPreview';
import { printRequestFor } from '../sale/flow';
import { airtimeChannel } from '../state/airtime-store';
import { useSaleStore, type SaleScreen } from '../state/sale-store';
import { useDeps } from './deps';
import { StatusBar } from './StatusBar';
import { TokenList } from './TokenList';
import { SupervisorPanel } from './SupervisorPanel';
import { useMeterInput } from '../input/use-meter-input';
import { ShiftOpenPrompt } from './shift/ShiftOpenPrompt';
import { AirtimeEntry } from './airtime/AirtimeEntry';
import { AirtimeChecking, AirtimeDelivered, airtimeHeading } from './airtime/AirtimeOutcome';
import { offeredServices, ProductSwitch } from './airtime/ProductSwitch';
import { displayName } from '../airtime/catalogue';
import { localMsisdn } from '../airtime/msisdn';

export function StartupError({ message }: { message: string }) {
  return (
    <main className="startup-error" role="alert">
      <h1>Prepaid POS cannot start</h1>
      <p>{message}</p>
    </main>
  );
}

let booted = false;

export function App() {
  const deps = useDeps();
  const { info } = deps;
  const step = useSaleStore((s) => s.step);
  const boot = useSaleStore((s) => s.boot);
  const product = useSaleStore((s) => s.product);
  const chooseProduct = useSaleStore((s) => s.chooseProduct);
  const buyAirtime = useSaleStore((s) => s.buyAirtime);
  useEffect(() => {
    if (booted) return;
    booted = true;
    void boot(deps);
  }, [boot, deps]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Prepaid electricity &amp; airtime</h1>
        <div className="terminal">
          Terminal {info.terminal.terminalId} · {info.terminal.merchant.merchantName.name}
        </div>
      </header>
      {info.mode === 'training' && (
        <div className="training-banner" role="status">
          TRAINING MODE — tokens and PINs are not valid. Upstream: {info.upstream}
        </div>
      )}
      <main className="sale">
        <SupervisorPanel />
        <ShiftOpenPrompt />
        <RecoveredPanel />
        {SWITCH_STEPS.includes(step) && <ProductSwitch offered={offeredServices(info)} value={product} onChange={chooseProduct} />}
        {step === 'meter' && <MeterStep />}
        {step === 'airtime' && <AirtimeEntry onPurchase={(draft, order) => void buyAirtime(deps, draft, order)} />}
        {step === 'customer' && <CustomerStep />}
        {step === 'tender' && <TenderStep />}
        {step === 'printer-blocked' && <PrinterBlockedStep />}
        {step === 'busy' && <BusyStep />}
        {step === 'result' && <ResultStep />}
        {step === 'declined' && <DeclinedStep />}
        {step === 'in-doubt' && <InDoubtStep />}
        {step === 'cancelled' && <CancelledStep />}
        {step === 'review' && <ReviewStep />}
        {step === 'elsewhere' && <ElsewhereStep />}
        {step === 'storage-error' && <StorageErrorStep />}
      </main>
      <StatusBar />
    </div>
  );
}

/** Screens where the cashier may switch product: nothing is being bought. */
const SWITCH_STEPS: readonly string[] = ['meter', 'airtime', 'customer', 'tender'];

/**
 * The sale as the journal holds it now, following later writes (the outbox delivering a reversal):
 * the screen stays the one the journal chose, its words follow the journal.
 */
function useJournalSale<S extends SaleRecord>(sale: S | undefined): S | undefined {
  const { db } = useDeps();
  const [live, setLive] = useState<SaleRecord | undefined>(sale);
  const purchaseId = sale?.purchaseId;
  useEffect(() => {
    if (!purchaseId) return;
    const subscription = liveQuery(() => db.sales.get(purchaseId)).subscribe({
      next: (current) => {
        if (current) setLive(current);
      },
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  }, [db, purchaseId]);
  return live?.purchaseId === purchaseId && live?.service === sale?.service ? (live as S) : sale;
}

function ErrorLine() {
  const error = useSaleStore((s) => s.error);
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

/** Marks a sale's screen with the purchase it is about and which screen it is, for tests and support. */
function saleScreenProps(screen: SaleScreen | 'elsewhere', sale: SaleRecord | undefined) {
  return { 'data-sale-screen': screen, ...(sale ? { 'data-purchase-id': sale.purchaseId } : {}) };
}

function NoteLine() {
  const note = useSaleStore((s) => s.note);
  return note ? (
    <p className="note" role="status" data-testid="sale-note">
      {note}
    </p>
  ) : null;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function SaleLine({ sale }: { sale: SaleRecord }) {
  return (
    <p>
      {capitalized(describeSale(sale))} · {formatMoney(saleAmount(sale), saleCurrency(sale))} · reference{' '}
      <span className="reference">{sale.purchaseId.slice(0, 8)}</span>
    </p>
  );
}

function MeterStep() {
  const deps = useDeps();
  const lookUp = useSaleStore((s) => s.lookUp);
  const [meter, setMeter] = useState('');
  const reader = useMeterInput(setMeter);
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
        onKeyDown={reader.onKeyDown}
        maxLength={24}
      />
      {reader.notice && <p className={reader.notice.tone === 'ok' ? 'ok' : 'note'} role="status">{reader.notice.message}</p>}
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
  const { lookup, buy, back, tenderText } = useSaleStore();
  const [amount, setAmount] = useState(tenderText?.amountText ?? '');
  const [tendered, setTendered] = useState(tenderText?.tenderedText ?? '');
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

/** Token safety interlock: the printer cannot print, and nothing has been bought yet. */
function PrinterBlockedStep() {
  const deps = useDeps();
  const { printerBlock, lookup, tender, pending, checkPrinterAgain, sellWithoutSlip, backToTender } = useSaleStore();
  const [confirming, setConfirming] = useState(false);
  if (!printerBlock) return null;
  const currency = deps.info.terminal.currency;
  const airtime = pending?.service === 'airtime' ? pending.draft : undefined;
  const what = airtime ? 'PIN' : 'tokens';
  return (
    <section className="card printer-blocked" aria-labelledby="printer-blocked-title">
      <h2 id="printer-blocked-title">Check the printer before you sell</h2>
      <p className="error" role="alert">
        {printerBlock.message}
      </p>
      {airtime && tender && (
        <p>
          {displayName(airtime.product, airtimeChannel(deps.info))} for {localMsisdn(airtime.msisdn)} · {formatMoney(tender.amount, currency)}
        </p>
      )}
      {!airtime && lookup && tender && (
        <p>
          Meter {lookup.meter.meterId} · {formatMoney(tender.amount, currency)}
        </p>
      )}
      <p>
        {airtime ? 'A voucher PIN' : 'A token'} cannot be refunded. Fix the printer and check it again, or — only if the
        customer agrees to copy the {what} from the screen — sell without a slip.
      </p>
      {confirming ? (
        <div className="confirm-cancel" role="alertdialog" aria-labelledby="no-slip-title">
          <p id="no-slip-title">
            <strong>Sell without a slip?</strong> The {what} will be shown on this screen for the customer to copy. You can
            print the slip later with Reprint once the printer works.
          </p>
          <div className="actions">
            <button type="button" onClick={() => setConfirming(false)}>
              Keep waiting
            </button>
            <button type="button" className="danger" onClick={() => void sellWithoutSlip(deps)}>
              Sell without a slip — show the {what} on screen
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" onClick={backToTender}>
            Back
          </button>
          <button type="button" onClick={() => setConfirming(true)}>
            Sell without a slip…
          </button>
          <button type="button" className="primary" autoFocus onClick={() => void checkPrinterAgain(deps)}>
            Check the printer again
          </button>
        </div>
      )}
    </section>
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

function ResultStep() {
  const sale = useSaleStore((s) => s.sale);
  if (sale?.service === 'airtime') return <AirtimeResultStep sale={sale} />;
  if (sale?.service === 'electricity') return <TokensResultStep sale={sale} />;
  return null;
}

/** Where the slip is (printed, printing, a printer warning) and its preview: the same recipe as the print. */
function SlipProgress({ sale }: { sale: SaleRecord }) {
  const deps = useDeps();
  const { print, printing, reprinted, printerWarning } = useSaleStore();
  return (
    <>
      {print?.ok && <p className="ok">{reprinted ? 'Slip printed again, marked REPRINT.' : 'Slip printed.'}</p>}
      {printerWarning && (
        <p className="note" role="status">
          {printerWarning}
        </p>
      )}
      {printing && (
        <p role="status" className="printing">
          Printing the slip…
        </p>
      )}
      {sale.response && (
        <SlipPreview slip={slipFor(printRequestFor(sale, sale.printedAt ?? sale.updatedAt, { reprint: reprinted && print?.ok === true }), deps.info)} />
      )}
    </>
  );
}

function TokensResultStep({ sale }: { sale: ElectricitySale }) {
  const deps = useDeps();
  const { print, printing, reprinted, tender, printerWarning, newSale, reprint, cannotPay } = useSaleStore();
  const [confirmCancel, setConfirmCancel] = useState(false);
  if (!sale.response) return null;
  const response = sale.response;
  const currency = deps.info.terminal.currency;
  const open = AWAITING_FINISH_STATES.includes(sale.state);
  return (
    <section className="card result" aria-labelledby="result-title" {...saleScreenProps('result', sale)}>
      <h2 id="result-title">Tokens{sale.recovered ? ' (recovered)' : ''}</h2>
      {sale.recovered && (
        <p className="note" role="status">
          This sale was recovered after the first answer was lost. The slip is marked RECOVERED.
        </p>
      )}
      <NoteLine />
      <ErrorLine />
      {tender && tender.change > 0 && (
        <p className="change" role="status">
          Give change: <strong>{formatMoney(tender.change, currency)}</strong>
        </p>
      )}
      <TokenList tokens={response.tokens} />
      {sale.noSlip && !print && (
        <p className="note" role="alert">
          No slip was printed. {sale.noSlip} Let the customer copy the tokens from the screen. Once the printer works,
          press Reprint for the slip.
        </p>
      )}
      {print && !print.ok && (
        <p className="error" role="alert">
          The slip did not print. {print.message} Until then, read the tokens to the customer from the screen.
        </p>
      )}
      <SlipProgress sale={sale} />
      {confirmCancel ? (
        <div className="confirm-cancel" role="alertdialog" aria-labelledby="cancel-title">
          <p id="cancel-title">
            <strong>Cancel this sale?</strong> The tokens must not be given to the customer. A reversal is sent to the
            utility; most utilities cannot reverse a token, so the store may bear the cost.
          </p>
          <div className="actions">
            <button type="button" onClick={() => setConfirmCancel(false)}>
              Keep the sale
            </button>
            <button type="button" className="danger" onClick={() => void cannotPay(deps)}>
              Cancel sale and reverse
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          {open && (
            <button type="button" onClick={() => setConfirmCancel(true)}>
              Customer cannot pay
            </button>
          )}
          <button type="button" disabled={printing} onClick={() => void reprint(deps)}>
            Reprint
          </button>
          <button type="button" className="primary" autoFocus onClick={() => void newSale(deps)}>
            New sale
          </button>
        </div>
      )}
    </section>
  );
}

/** An airtime sale the provider approved: the PIN to read out, or the number the top-up went to. */
function AirtimeResultStep({ sale }: { sale: AirtimeSale }) {
  const deps = useDeps();
  const { print, printing, reprinted, tender, printerWarning, newSale, reprint, cannotPay } = useSaleStore();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const response = sale.response;
  if (!response) return null;
  const currency = deps.info.terminal.currency;
  const open = AWAITING_FINISH_STATES.includes(sale.state);
  const pin = response.voucher !== undefined;
  return (
    <section className="card result" aria-labelledby="result-title" {...saleScreenProps('result', sale)}>
      <h2 id="result-title">
        {airtimeHeading(sale)}
        {sale.recovered ? ' (recovered)' : ''}
      </h2>
      {sale.recovered && (
        <p className="note" role="status">
          The provider’s answer came after the first one was lost.{pin ? ' The slip is marked RECOVERED.' : ''}
        </p>
      )}
      <NoteLine />
      <ErrorLine />
      {tender && tender.change > 0 && (
        <p className="change" role="status">
          Give change: <strong>{formatMoney(tender.change, currency)}</strong>
        </p>
      )}
      <AirtimeDelivered sale={sale} {...(deps.info.timeZone ? { timeZone: deps.info.timeZone } : {})} {...(airtimeChannel(deps.info) ? { channelName: airtimeChannel(deps.info) } : {})} />
      {sale.noSlip && !print && (
        <p className="note" role="alert">
          No slip was printed. {sale.noSlip} Let the customer copy the PIN from the screen. Once the printer works, press
          Reprint for the slip.
        </p>
      )}
      {print && !print.ok && (
        <p className="error" role="alert">
          The slip did not print. {print.message} {pin ? 'Until then, read the PIN to the customer from the screen.' : 'The top-up has been sent all the same.'}
        </p>
      )}
      <SlipProgress sale={sale} />
      {confirmCancel ? (
        <div className="confirm-cancel" role="alertdialog" aria-labelledby="cancel-title">
          <p id="cancel-title">
            <strong>Cancel this sale?</strong>{' '}
            {pin
              ? 'The PIN must not be given to the customer. A reversal is sent to the provider; if the PIN has been used, the store may bear the cost.'
              : 'A reversal is sent to the provider to take the top-up back; if the customer has used it, the store may bear the cost.'}
          </p>
          <div className="actions">
            <button type="button" onClick={() => setConfirmCancel(false)}>
              Keep the sale
            </button>
            <button type="button" className="danger" onClick={() => void cannotPay(deps)}>
              Cancel sale and reverse
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          {open && (
            <button type="button" onClick={() => setConfirmCancel(true)}>
              Customer cannot pay
            </button>
          )}
          <button type="button" disabled={printing} onClick={() => void reprint(deps)}>
            Reprint
          </button>
          <button type="button" className="primary" autoFocus onClick={() => void newSale(deps)}>
            New sale
          </button>
        </div>
      )}
    </section>
  );
}

/** What the customer does not get, in the product's words. */
const NOTHING_ISSUED: Record<SaleRecord['service'], string> = {
  electricity: 'No tokens were issued.',
  airtime: 'No airtime, data or PIN was issued.',
};
const HAND_OVER_NOTHING: Record<SaleRecord['service'], string> = {
  electricity: 'do not hand over any token',
  airtime: 'do not hand over any PIN',
};
const UPSTREAM_NAME: Record<SaleRecord['service'], string> = { electricity: 'utility', airtime: 'provider' };

function DeclinedStep() {
  const deps = useDeps();
  const { error, note, sale, newSale } = useSaleStore();
  return (
    <section className="card" aria-labelledby="declined-title" {...saleScreenProps('declined', sale)}>
      <h2 id="declined-title">Not sold</h2>
      <p className="error" role="alert">
        {error}
      </p>
      {sale && <SaleLine sale={sale} />}
      {note !== error && <NoteLine />}
      <p>{NOTHING_ISSUED[sale?.service ?? 'electricity']} Return the customer’s cash.</p>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={() => void newSale(deps)}>
          New sale
        </button>
      </div>
    </section>
  );
}

function InDoubtStep() {
  const { sale, doubt } = useSaleStore();
  if (sale?.service === 'airtime') return <AirtimeInDoubtStep sale={sale} />;
  return (
    <section className="card" aria-labelledby="doubt-title" {...saleScreenProps('in-doubt', sale)}>
      <h2 id="doubt-title">{doubt?.afterRestart ? 'Finishing an earlier sale' : 'Waiting for the server'}</h2>
      <p role="status">
        The outcome of this purchase is not known yet. The app keeps asking the server
        {doubt && doubt.attempts > 0 ? ` (attempt ${doubt.attempts}: ${doubt.message})` : '…'}
      </p>
      {sale && <SaleLine sale={sale} />}
      <p>Do not sell to this customer again and keep the cash until this sale is resolved.</p>
      <AbandonControl keepLabel="Keep waiting" />
    </section>
  );
}

/** Airtime has no retry: the till asks the provider for the purchase's status, then reverses past its window. */
function AirtimeInDoubtStep({ sale }: { sale: AirtimeSale }) {
  const deps = useDeps();
  const doubt = useSaleStore((s) => s.doubt);
  return (
    <section className="card" aria-labelledby="doubt-title" {...saleScreenProps('in-doubt', sale)}>
      <h2 id="doubt-title">{doubt?.afterRestart ? 'Finishing an earlier sale' : 'Checking with the provider'}</h2>
      <p>The provider has not said yet whether this purchase went through.</p>
      <SaleLine sale={sale} />
      <AirtimeChecking sale={sale} windowMs={deps.info.outbox.statusWindowMs} attempts={doubt?.attempts ?? 0} {...(doubt?.message ? { message: doubt.message } : {})} />
      <p>Do not sell to this customer again and keep the cash until this sale is resolved. If the provider cannot say, the till reverses the purchase and you return the cash.</p>
      <AbandonControl keepLabel="Keep checking" />
    </section>
  );
}

/** Abandon with a second, deliberate press: the reversal is queued and the cash goes back. */
function AbandonControl({ keepLabel, children }: { keepLabel: string; children?: ReactNode }) {
  const deps = useDeps();
  const abandon = useSaleStore((s) => s.abandon);
  const service = useSaleStore((s) => s.sale?.service ?? 'electricity');
  const [confirming, setConfirming] = useState(false);
  return confirming ? (
    <div className="confirm-cancel" role="alertdialog" aria-labelledby="abandon-title">
      <p id="abandon-title">
        <strong>Abandon this sale?</strong> A reversal is sent to the {UPSTREAM_NAME[service]}; return the customer’s cash.
      </p>
      <div className="actions">
        <button type="button" onClick={() => setConfirming(false)}>
          {keepLabel}
        </button>
        <button type="button" className="danger" onClick={() => void abandon(deps)}>
          Abandon and reverse
        </button>
      </div>
    </div>
  ) : (
    <div className="actions">
      <button type="button" onClick={() => setConfirming(true)}>
        Abandon sale
      </button>
      {children}
    </div>
  );
}

function cancelledWords(sale: SaleRecord): string {
  const upstream = UPSTREAM_NAME[sale.service];
  switch (sale.state) {
    case 'reversing':
      return `A reversal has been queued for the ${upstream}.`;
    case 'reversed':
      return `The ${upstream} has accepted the reversal.`;
    case 'reverse-failed':
      return `The ${upstream} refused the reversal. A supervisor must reconcile this sale with the ${upstream}.`;
    default:
      return '';
  }
}

/** Why the journal reversed the sale, in the words it recorded (past the status window, not received…). */
function reversalReason(sale: SaleRecord): string | undefined {
  return [...sale.history].reverse().find((line) => line.state === 'reversing')?.note;
}

function CancelledStep() {
  const deps = useDeps();
  const { sale: shown, newSale } = useSaleStore();
  // The reversal's delivery shows as it happens: the words follow the journal.
  const sale = useJournalSale(shown);
  const reason = sale?.service === 'airtime' ? reversalReason(sale) : undefined;
  return (
    <section className="card" aria-labelledby="cancelled-title" {...saleScreenProps('cancelled', sale)}>
      <h2 id="cancelled-title">Sale cancelled</h2>
      {sale && <SaleLine sale={sale} />}
      <NoteLine />
      {reason && <p data-testid="reversal-reason">Reversed: {reason}.</p>}
      <p role="status" data-testid="reversal-state">
        {sale ? cancelledWords(sale) : ''} Return the customer’s cash; {HAND_OVER_NOTHING[sale?.service ?? 'electricity']}.
      </p>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={() => void newSale(deps)}>
          New sale
        </button>
      </div>
    </section>
  );
}

/** Past the retry window: the till stops asking and a person decides. */
function ReviewStep() {
  const deps = useDeps();
  const { sale, newSale } = useSaleStore();
  const minutes = Math.round(deps.info.outbox.retryWindowMs / 60_000);
  return (
    <section className="card" aria-labelledby="review-title" {...saleScreenProps('review', sale)}>
      <h2 id="review-title">Sale needs a supervisor</h2>
      {sale && <SaleLine sale={sale} />}
      <p className="error" role="alert">
        The utility gave no final answer within {minutes} minutes, so the app has stopped asking. Whether tokens were
        issued is not known.
      </p>
      <p>
        Do not hand over any token and keep the customer’s cash aside. Call a supervisor: they can check with the utility,
        or abandon the sale, which sends a reversal so you can return the cash.
      </p>
      <AbandonControl keepLabel="Keep it for the supervisor">
        <button type="button" className="primary" autoFocus onClick={() => void newSale(deps)}>
          Leave it for the supervisor — new sale
        </button>
      </AbandonControl>
    </section>
  );
}

const STATE_WORDS_SHORT: Record<SaleRecord['state'], string> = {
  sending: 'being sent to the utility',
  'in-doubt': 'outcome not known yet',
  review: 'waiting for a supervisor',
  declined: 'declined',
  approved: 'sold',
  printed: 'sold',
  'print-failed': 'sold',
  confirming: 'sold',
  confirmed: 'sold',
  'confirm-failed': 'sold',
  reversing: 'cancelled',
  reversed: 'cancelled',
  'reverse-failed': 'cancelled',
};

/** Another window owns an unresolved sale: this one shows the journal's state and waits. */
function ElsewhereStep() {
  const sale = useSaleStore((s) => s.sale);
  return (
    <section className="card" aria-labelledby="elsewhere-title" aria-busy="true" {...saleScreenProps('elsewhere', sale)}>
      <h2 id="elsewhere-title">Another window is finishing a sale</h2>
      {sale && <SaleLine sale={sale} />}
      <p role="status" data-testid="elsewhere-state">
        {sale ? `In the journal this sale is ${STATE_WORDS_SHORT[sale.state]}.` : ''} This window can sell again once that
        window has finished it.
      </p>
    </section>
  );
}

function StorageErrorStep() {
  const deps = useDeps();
  const { error, sale, checkAgain } = useSaleStore();
  return (
    <section className="card" aria-labelledby="storage-title" {...(sale ? { 'data-purchase-id': sale.purchaseId } : {})}>
      <h2 id="storage-title">The sales journal cannot be written</h2>
      <p className="error" role="alert">
        {error}
      </p>
      {sale && <SaleLine sale={sale} />}
      {sale && <p>In the journal this sale is {STATE_WORDS_SHORT[sale.state]}.</p>}
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={() => void checkAgain(deps)}>
          Check again
        </button>
      </div>
    </section>
  );
}

function RecoveredPanel() {
  const { info } = useDeps();
  const { recovered, dismissRecovered } = useSaleStore();
  if (recovered.length === 0) return null;
  return (
    <section className="card recovered" aria-labelledby="recovered-title">
      <h2 id="recovered-title">Sales recovered after a restart</h2>
      <ul>
        {recovered.map((item) => (
          <li key={item.purchaseId}>
            <strong>{capitalized(item.label)}</strong>: {item.message}
            {item.sale.service === 'electricity' && item.sale.response && <TokenList tokens={item.sale.response.tokens} />}
            {item.sale.service === 'airtime' && item.sale.response && <AirtimeDelivered sale={item.sale} {...(info.timeZone ? { timeZone: info.timeZone } : {})} />}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={dismissRecovered}>
          Done
        </button>
      </div>
    </section>
  );
}
