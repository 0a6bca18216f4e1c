// What an airtime sale shows once the journal holds the provider's answer: the voucher PIN, large and
// grouped for reading aloud, with its serial, expiry and the operator's redeem lines — or the number a
// top-up went to. And, while the answer is not known, the status checks as the journal records them.
import { useEffect, useState } from 'react';
import { formatMoney } from '../../../shared/money';
import type { AirtimePurchaseResponse } from '../../../shared/protocol/airtime/schemas';
import { groupPin, redeemLines, voucherExpiry } from '../../../shared/slip/airtime';
import { displayName, operatorName } from '../../airtime/catalogue';
import { localMsisdn } from '../../airtime/msisdn';
import type { AirtimeSale } from '../../db/db';
import './airtime.css';

/** The product as the provider answered it, else as the catalogue described it. */
function productOf(sale: AirtimeSale, response?: AirtimePurchaseResponse) {
  return { ...sale.product, ...response?.product };
}

export function airtimeHeading(sale: AirtimeSale): string {
  if (!sale.response) return 'Airtime';
  return sale.response.voucher ? 'Voucher PIN' : 'Top-up sent';
}

/** The PIN or the top-up, read from the journal's response. */
export function AirtimeDelivered({ sale, timeZone, channelName }: { sale: AirtimeSale; timeZone?: string; channelName?: string }) {
  const response = sale.response;
  if (!response) return null;
  const product = productOf(sale, response);
  // "Vodacom R10 airtime", not "Vodacom R10 airtime · Vodacom".
  const operator = operatorName(product);
  const name = displayName(product, channelName);
  const named = name.toLowerCase().includes(operator.toLowerCase()) ? name : `${name} · ${operator}`;
  const voucher = response.voucher;
  if (!voucher) {
    const amount = sale.request.amounts?.requestAmount ?? sale.request.tenders?.[0]?.amount;
    return (
      <p className="topup-sent" role="status" data-testid="topup-sent">
        Top-up sent to <span data-testid="topup-msisdn">{localMsisdn(sale.msisdn)}</span>
        <span className="topup-detail">
          {named}
          {amount ? ` · ${formatMoney(amount.amount, amount.currency)}` : ''}
        </span>
      </p>
    );
  }
  const groups = voucher.pin ? groupPin(voucher.pin).split(' ') : [];
  const redeem = redeemLines(voucher);
  return (
    <section className="voucher-pin" aria-label="Voucher">
      <div className="pin-label">
        PIN — {named}
      </div>
      {groups.length > 0 ? (
        <div className="pin-digits" data-testid="voucher-pin" aria-label={`PIN ${groups.join(' ')}`}>
          {groups.map((group, index) => (
            <span key={index}>{group}</span>
          ))}
        </div>
      ) : (
        <div className="pin-digits">No PIN issued</div>
      )}
      <dl>
        <dt>Serial no.</dt>
        <dd data-testid="voucher-serial">{voucher.serialNumber}</dd>
        {voucher.batchNumber && (
          <>
            <dt>Batch no.</dt>
            <dd>{voucher.batchNumber}</dd>
          </>
        )}
        {voucher.expiryDate && (
          <>
            <dt>Expires</dt>
            <dd data-testid="voucher-expiry">{voucherExpiry(voucher.expiryDate, timeZone)}</dd>
          </>
        )}
        <dt>For</dt>
        <dd>{localMsisdn(sale.msisdn)}</dd>
      </dl>
      {redeem.length > 0 && (
        <div className="redeem" aria-label="How to redeem">
          {redeem.map((line, index) => (
            <p key={index}>{line}</p>
          ))}
        </div>
      )}
    </section>
  );
}

/** Seconds since the purchase, ticking, so the cashier sees the checks are alive. */
function useElapsedSeconds(since: string): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.floor((now - Date.parse(since)) / 1_000));
}

const POLL_WORDS: Record<string, string> = {
  successful: 'answered',
  failed: 'answered',
  unknown: 'no answer',
};

/**
 * "Checking with the provider…": the purchase's outcome is not known, so the till asks with
 * purchaseStatus until it knows or the window passes, then reverses. Every check shown is one the
 * journal recorded.
 */
export function AirtimeChecking({ sale, windowMs, attempts, message }: { sale: AirtimeSale; windowMs: number; attempts: number; message?: string }) {
  const elapsed = useElapsedSeconds(sale.createdAt);
  const checks = sale.exchanges.filter((e) => e.operation === 'purchaseStatus');
  const left = Math.max(0, Math.ceil(windowMs / 1_000) - elapsed);
  return (
    <div className="airtime-checking">
      <div className="checking" role="status" aria-live="polite">
        <div className="spinner" aria-hidden="true" />
        <div>
          <strong>Checking with the provider…</strong>
          <div className="checking-count" data-testid="status-checks">
            {checks.length === 0 ? 'Waiting for the first answer' : `${checks.length} status ${checks.length === 1 ? 'check' : 'checks'}`}
            {attempts > checks.length ? ` (attempt ${attempts})` : ''} · {elapsed} s since the purchase
            {left > 0 ? ` · reversed automatically in ${left} s if still unknown` : ' · reversing'}
          </div>
        </div>
      </div>
      {message && <p className="note">{message}</p>}
      {checks.length > 0 && (
        <ol className="poll-list" aria-label="Status checks">
          {checks.map((check, index) => (
            <li key={`${check.at}-${index}`}>
              {new Date(check.at).toLocaleTimeString('en-ZA', { hour12: false })} — {POLL_WORDS[check.outcome.kind] ?? check.outcome.kind}
              {check.outcome.status !== undefined ? ` (${check.outcome.status})` : ''}
              {check.outcome.message ? `: ${check.outcome.message}` : ''}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
