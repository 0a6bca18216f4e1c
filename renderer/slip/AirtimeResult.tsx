// What the cashier reads out after an airtime sale: the voucher PIN large and in groups, with its
// serial, expiry and the operator's redeem lines, or the number a direct top-up went to. The same
// words and groups as the slip (shared/slip/airtime.ts).
import type { ReactElement } from 'react';
import type { AirtimePurchaseRequest, AirtimePurchaseResponse } from '../../shared/protocol/airtime/schemas';
import { groupPin, localMsisdn, redeemLines, voucherExpiry } from '../../shared/slip/airtime';

export interface AirtimeResultProps {
  request: AirtimePurchaseRequest;
  response: AirtimePurchaseResponse;
  /** The shop's IANA time zone, for the voucher's expiry. */
  timeZone?: string;
}

export function AirtimeResult({ request, response, timeZone }: AirtimeResultProps): ReactElement {
  const product = { ...request.product, ...response.product };
  const productName = product.name ?? product.productId;
  const voucher = response.voucher;
  if (!voucher) {
    const recipient = request.recipientMsisdn ?? response.msisdn;
    return (
      <section className="token" aria-label="Top-up sent">
        <span className="token-type">Top-up sent to</span>
        <span className="token-digits" data-testid="topup-msisdn">
          {recipient ? localMsisdn(recipient.msisdn) : 'the customer’s phone'}
        </span>
        <span className="token-units">{productName}</span>
      </section>
    );
  }
  const grouped = voucher.pin ? groupPin(voucher.pin) : '';
  const redeem = redeemLines(voucher);
  return (
    <section className="token" aria-label="Voucher">
      <span className="token-type">
        PIN — {productName}
      </span>
      {grouped ? (
        <span className="token-digits" data-testid="voucher-pin" aria-label={`PIN ${grouped}`}>
          {grouped.split(' ').map((group, index) => (
            <span key={index} style={{ marginRight: '0.6em' }}>
              {group}
            </span>
          ))}
        </span>
      ) : (
        <span className="token-digits">No PIN issued</span>
      )}
      <dl style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '0.1rem 1rem', margin: '0.5rem 0 0' }}>
        <dt>Serial no.</dt>
        <dd style={{ margin: 0 }} data-testid="voucher-serial">
          {voucher.serialNumber}
        </dd>
        {voucher.batchNumber && (
          <>
            <dt>Batch no.</dt>
            <dd style={{ margin: 0 }}>{voucher.batchNumber}</dd>
          </>
        )}
        {voucher.expiryDate && (
          <>
            <dt>Expires</dt>
            <dd style={{ margin: 0 }} data-testid="voucher-expiry">
              {voucherExpiry(voucher.expiryDate, timeZone)}
            </dd>
          </>
        )}
      </dl>
      {redeem.length > 0 && (
        <div aria-label="How to redeem" style={{ marginTop: '0.5rem' }}>
          <span className="token-type">How to redeem</span>
          {redeem.map((line, index) => (
            <div key={index}>{line}</div>
          ))}
        </div>
      )}
    </section>
  );
}
